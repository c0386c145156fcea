"""A real latentd for the Python client's tests: started on a scratch data directory and any free
port, with the bundled Dark Machines samples uploaded and a small encoder and detector trained once
per session.

LATENTD names the server binary (CTest sets it; default: build/server/latentd of this checkout);
LATENT_DATA the bundled samples (default: data/darkmachines).
"""
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

import latentspace

REPO = Path(__file__).resolve().parents[3]
DATA = Path(os.environ.get("LATENT_DATA", REPO / "data" / "darkmachines"))
SIGNALS = {"zprime_monojet_2000_50": "monojet_Zp2000.0_DM_50.0_chan1.csv.gz",
           "squark_1800_800": "sqsq_sq1800_neut800_chan1.csv.gz"}
BACKGROUND = "background_chan1_7.79_reduced.csv.gz"
TRAIN_EVENTS = 500  # of each signal (about 790 each); the rest are held out


@pytest.fixture(scope="session")
def latentd():
    """The address of a running latentd, stopped after the session."""
    binary = os.environ.get("LATENTD", str(REPO / "build" / "server" / "latentd"))
    with tempfile.TemporaryDirectory() as scratch:
        ready = Path(scratch) / "ready"
        log = open(Path(scratch) / "latentd.log", "w")  # pylint: disable=consider-using-with
        process = subprocess.Popen(  # pylint: disable=consider-using-with
            [binary, "--data-dir", f"{scratch}/data", "--listen", "127.0.0.1:0",
             "--metrics-listen", "127.0.0.1:0", "--ready-file", str(ready)],
            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while not (ready.exists() and ready.stat().st_size > 0):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise RuntimeError("latentd did not start:\n" +
                                   (Path(scratch) / "latentd.log").read_text())
            time.sleep(0.1)
        try:
            yield json.loads(ready.read_text())["grpc"]
        finally:
            process.terminate()
            process.wait(timeout=60)
            log.close()


@pytest.fixture(scope="session")
def client(latentd):
    with latentspace.Client(latentd) as c:
        c.wait_ready()
        yield c


@pytest.fixture(scope="session")
def signals():
    """name -> (training events, held-out events) of each bundled signal, as EventArrays."""
    out = {}
    for name, file in SIGNALS.items():
        events = latentspace.read_darkmachines_csv(DATA / file)
        out[name] = (events.slice(0, TRAIN_EVENTS), events.slice(TRAIN_EVENTS, len(events)))
    return out


@pytest.fixture(scope="session")
def trained(client, signals):
    """An encoder "py" trained on the signals' training events, and an autoencoder "py-ae" on
    the background's first 500 events."""
    for name, (train, _) in signals.items():
        client.upload(name, train, parameters={"m": 1.0})
    background = latentspace.read_darkmachines_csv(DATA / BACKGROUND)
    client.upload("background", background.slice(0, 500))
    client.train("py", list(signals), epochs=30, seed=7, initialisations=1, progress=False)
    client.train_detector("py-ae", "background", epochs=40, seed=3, progress=False)
    return "py"
