"""The documented install (client/python/README.md) works offline: a virtual environment that sees
Debian's packages, pip without build isolation, stubs generated from proto/ while building."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def test_pip_installs_the_client_with_its_stubs_offline(tmp_path):
    # A copy of the package and the protos, so that pip's in-tree build leaves the checkout alone.
    shutil.copytree(REPO / "client" / "python", tmp_path / "client" / "python",
                    ignore=shutil.ignore_patterns("__pycache__", "build", "*.egg-info"))
    shutil.copytree(REPO / "proto", tmp_path / "proto")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                   check=True)
    install = subprocess.run(
        [str(venv / "bin" / "pip"), "install", "--no-index", "--no-build-isolation", "--no-deps",
         str(tmp_path / "client" / "python")], capture_output=True, text=True, check=False)
    assert install.returncode == 0, install.stdout + install.stderr
    clean = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # only the install
    check = subprocess.run(
        [str(venv / "bin" / "python"), "-c",
         "import latentspace, latentspace.v1.detector_service_pb2 as d; "
         "print(latentspace.__version__, hasattr(d, 'InterpretSelectionUpdate'), "
         "latentspace.__file__)"],
        capture_output=True, text=True, check=False, cwd=tmp_path, env=clean)
    assert check.returncode == 0, check.stderr
    version, has_stream, location = check.stdout.split()
    assert version == "0.1.0" and has_stream == "True"
    assert location.startswith(str(venv))
