"""Builds the package with its gRPC stubs, generated from the repository's proto/ at build time
(build_stubs.py; PROTO_DIR overrides where the .proto files are)."""
import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_stubs import DEFAULT_PROTO_DIR, generate_stubs  # noqa: E402


class BuildWithStubs(build_py):
    """build_py that first generates the stubs into the build directory."""

    def run(self):
        generate_stubs(self.build_lib, os.environ.get("PROTO_DIR", DEFAULT_PROTO_DIR))
        super().run()


setup(cmdclass={"build_py": BuildWithStubs})
