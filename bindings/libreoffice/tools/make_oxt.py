#!/usr/bin/env python3
"""Packs kalkyl's Calc add-in: the .oxt extension (a zip) from the repository's files.

    make_oxt.py OUTPUT.oxt --rdb XKalkyl.rdb --library libkalkyl.so.1 --version 0.1.0

Contents: extension/ (the component, its description, manifest and
CalcAddIns.xcu), the type library compiled from idl/XKalkyl.idl, and
pythonpath/kalkyl: the Python package of bindings/python with the shared
library inside it as libkalkyl.so.1, where kalkyl/_native.py looks "next to
the package". LibreOffice puts the extension's pythonpath/ on sys.path, so the
extension needs nothing installed besides LibreOffice and its Python.

The archive is reproducible: entries sorted, one fixed timestamp, fixed modes.
"""

import argparse
import platform
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent  # bindings/libreoffice
PYTHON_PACKAGE = HERE.parent / "python" / "kalkyl"
FIXED_TIME = (2024, 8, 31, 0, 0, 0)  # the Uppsala report's period end; any fixed date would do


def _platform():
    """LibreOffice's platform token for this machine (the bundled library runs only there)."""
    machine = {"amd64": "x86_64", "arm64": "aarch64"}.get(platform.machine().lower(), platform.machine().lower())
    return "%s_%s" % (sys.platform.rstrip("0123456789"), machine)


def entries(rdb, library, version):
    ext = HERE / "extension"
    for path in sorted(ext.rglob("*")):
        if path.is_dir() or "__pycache__" in path.parts:
            continue
        data = path.read_bytes()
        if path.name == "description.xml":
            data = data.replace(b"@KALKYL_VERSION@", version.encode())
            data = data.replace(b"@KALKYL_PLATFORM@", _platform().encode())
        yield path.relative_to(ext).as_posix(), data, 0o644
    yield "XKalkyl.rdb", Path(rdb).read_bytes(), 0o644
    for path in sorted(PYTHON_PACKAGE.iterdir()):
        if path.suffix in (".py", ".typed"):
            yield "pythonpath/kalkyl/" + path.name, path.read_bytes(), 0o644
    yield "pythonpath/kalkyl/libkalkyl.so.1", Path(library).read_bytes(), 0o755


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output")
    parser.add_argument("--rdb", required=True, help="the type library compiled from idl/XKalkyl.idl")
    parser.add_argument("--library", required=True, help="libkalkyl.so.1 of this build")
    parser.add_argument("--version", required=True)
    args = parser.parse_args(argv[1:])
    items = sorted(entries(args.rdb, args.library, args.version))
    out = Path(args.output)
    tmp = out.with_suffix(".oxt.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as oxt:
        for name, data, mode in items:
            info = zipfile.ZipInfo(name, FIXED_TIME)
            info.external_attr = (0o100000 | mode) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            oxt.writestr(info, data)
    tmp.replace(out)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
