#!/usr/bin/env python3
"""ctest docs.versions: the library, the Python package and the docs carry one version.

    check_versions.py SOURCE-DIR CMAKE-PROJECT-VERSION LIBKALKYL.so

Compares, and fails naming every place that disagrees:
  - CMake's project(kalkyl VERSION), as configured (the argument);
  - KALKYL_VERSION and KALKYL_VERSION_MAJOR/MINOR/PATCH in capi/kalkyl.h;
  - kalkyl_version() of the built library (loaded with ctypes);
  - __version__ of the Python package (bindings/python/kalkyl/__init__.py,
    which pyproject.toml reads) and that pyproject.toml does read it;
  - the newest release in CHANGELOG.md (the first "## X.Y.Z" heading);
  - "The current release is X.Y.Z" in docs/abi-and-versions.md.
"""
import ctypes
import os
import re
import sys


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def one(pattern, text, where):
    found = re.findall(pattern, text, re.MULTILINE)
    if len(found) != 1:
        raise SystemExit(f"docs.versions: {where}: expected one match of {pattern!r}, found {len(found)}")
    return found[0]


def main(argv):
    if len(argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    src, cmake_version, library = argv[1:]
    versions = {"CMakeLists.txt project(kalkyl VERSION)": cmake_version}

    header = read(os.path.join(src, "capi", "kalkyl.h"))
    versions["capi/kalkyl.h KALKYL_VERSION"] = one(r'^#define KALKYL_VERSION "([^"]*)"', header, "kalkyl.h")
    parts = [one(rf"^#define KALKYL_VERSION_{p} (\d+)", header, "kalkyl.h") for p in ("MAJOR", "MINOR", "PATCH")]
    versions["capi/kalkyl.h KALKYL_VERSION_MAJOR.MINOR.PATCH"] = ".".join(parts)

    lib = ctypes.CDLL(library)
    lib.kalkyl_version.restype = ctypes.c_char_p
    versions["kalkyl_version() of " + os.path.basename(library)] = lib.kalkyl_version().decode()

    init = read(os.path.join(src, "bindings", "python", "kalkyl", "__init__.py"))
    versions["bindings/python/kalkyl/__init__.py __version__"] = one(
        r'^__version__ = "([^"]*)"', init, "__init__.py")
    pyproject = read(os.path.join(src, "bindings", "python", "pyproject.toml"))
    if not re.search(r'^version = \{ attr = "kalkyl.__version__" \}', pyproject, re.MULTILINE):
        print("docs.versions: bindings/python/pyproject.toml does not take its version from "
              "kalkyl.__version__", file=sys.stderr)
        return 1

    changelog = read(os.path.join(src, "CHANGELOG.md"))
    releases = re.findall(r"^## (\d+\.\d+\.\d+)\b", changelog, re.MULTILINE)
    if not releases:
        print("docs.versions: CHANGELOG.md has no release heading '## X.Y.Z'", file=sys.stderr)
        return 1
    versions["CHANGELOG.md newest release"] = releases[0]

    policy = read(os.path.join(src, "docs", "abi-and-versions.md"))
    versions["docs/abi-and-versions.md"] = one(r"The current release is\s+\*?\*?(\d+\.\d+\.\d+)", policy,
                                               "docs/abi-and-versions.md")

    distinct = set(versions.values())
    for where, version in versions.items():
        print(f"{version:>10}  {where}")
    if len(distinct) != 1:
        print(f"docs.versions: FAILED: the versions disagree: {sorted(distinct)}", file=sys.stderr)
        return 1
    print(f"docs.versions: every place says {distinct.pop()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
