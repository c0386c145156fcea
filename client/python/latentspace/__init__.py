"""latentspace: the Python client of latentd, the universal new-physics latent space service.

    import latentspace
    with latentspace.Client("127.0.0.1:50051") as client:
        events = latentspace.read_darkmachines_csv("signal.csv.gz")
        client.upload("my_signal", events)
        ranking = client.nearest("demo", events=events)      # a pandas DataFrame

Every call raises latentspace.LatentspaceError (the gRPC code and the server's message) when it
fails. docs/python.md walks from arrays to a picture.
"""
# The generated stubs (latentspace.v1) live beside these sources in an install, and in the build
# tree (build/client/python) when run from a checkout: both are parts of this package.
__path__ = __import__("pkgutil").extend_path(__path__, __name__)

from latentspace.client import Client  # noqa: E402
from latentspace.errors import LatentspaceError  # noqa: E402
from latentspace.events import (EventArrays, OBJECT_TYPES, events_from_arrays,  # noqa: E402
                                feature_table, read_darkmachines_csv)
from latentspace.hdf5_table import read_hdf5_table  # noqa: E402
from latentspace.plotting import draw_contours  # noqa: E402

__version__ = "0.1.0"
__all__ = ["Client", "LatentspaceError", "EventArrays", "OBJECT_TYPES", "events_from_arrays",
           "feature_table", "read_darkmachines_csv", "read_hdf5_table", "draw_contours",
           "__version__"]
