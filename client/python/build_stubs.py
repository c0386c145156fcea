"""Generates the gRPC stubs of the latentspace.v1 API (latentspace/v1/*_pb2.py, *_pb2_grpc.py).

Used by setup.py (into the build directory of an install) and by CMake (into the build tree, for
the tests): `python3 build_stubs.py OUT_DIR [PROTO_DIR]`. Needs protoc and grpc_python_plugin
(Debian: protobuf-compiler, protobuf-compiler-grpc). Nothing generated is committed.
"""
import shutil
import subprocess
import sys
from pathlib import Path

DEFAULT_PROTO_DIR = Path(__file__).resolve().parent.parent.parent / "proto"


def generate_stubs(out_dir, proto_dir=DEFAULT_PROTO_DIR):
    """Runs protoc over every proto of proto_dir/latentspace/v1, writing under out_dir."""
    proto_dir, out_dir = Path(proto_dir).resolve(), Path(out_dir)
    protos = sorted((proto_dir / "latentspace" / "v1").glob("*.proto"))
    if not protos:
        raise SystemExit(f"latentspace: no .proto files under {proto_dir}/latentspace/v1")
    protoc, plugin = shutil.which("protoc"), shutil.which("grpc_python_plugin")
    if protoc is None or plugin is None:
        raise SystemExit("latentspace: protoc and grpc_python_plugin build the stubs "
                         "(Debian: apt install protobuf-compiler protobuf-compiler-grpc)")
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run([protoc, f"--proto_path={proto_dir}", f"--python_out={out_dir}",
                    f"--grpc_out={out_dir}", f"--plugin=protoc-gen-grpc={plugin}",
                    *[str(p.relative_to(proto_dir)) for p in protos]], check=True)
    (out_dir / "latentspace" / "v1" / "__init__.py").write_text(
        '"""Generated gRPC stubs of the latentspace.v1 API."""\n')


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        raise SystemExit("usage: build_stubs.py OUT_DIR [PROTO_DIR]")
    generate_stubs(*sys.argv[1:])
