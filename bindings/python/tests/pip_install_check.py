"""ctest python.pip_install: the package installs offline with pip and works.

    python3 pip_install_check.py <bindings/python> <work dir>

Copies the package source to <work dir>/src (so that the build leaves nothing
in the source tree), runs

    python3 -m pip install --no-build-isolation --no-index --target <work dir>/target <work dir>/src

and imports the installed copy in a fresh, isolated interpreter with
$KALKYL_LIBRARY set, checking that it is the installed copy and that it
computes. Exits 77 (ctest's SKIP_RETURN_CODE) when pip or setuptools is
missing for this interpreter; any other failure is a test failure.
"""

import importlib.util
import os
import shutil
import subprocess
import sys

SKIP = 77

CHECK = r"""
import sys
sys.path.insert(0, sys.argv[1])
import kalkyl
from decimal import Decimal
assert kalkyl.__file__.startswith(sys.argv[1]), kalkyl.__file__
assert kalkyl.__version__ == kalkyl.library_version(), (kalkyl.__version__, kalkyl.library_version())
assert kalkyl.add(Decimal("61173"), -198) == 60975
assert kalkyl.parse("- 196,6") == Decimal("-196.6")
assert kalkyl.Column.parse_lines(b"1 234,5\n-2\n").sum() == Decimal("1232.5")
print("kalkyl %s imported from %s, library %s" % (kalkyl.__version__, kalkyl.__file__, kalkyl.library_path()))
"""


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    source, work = (os.path.abspath(a) for a in sys.argv[1:])
    missing = [name for name in ("pip", "setuptools") if importlib.util.find_spec(name) is None]
    if missing:
        print("SKIP: %s not installed for %s (Debian: apt-get install python3-pip python3-setuptools)"
              % (" and ".join(missing), sys.executable))
        return SKIP
    if not os.environ.get("KALKYL_LIBRARY"):
        print("FAIL: KALKYL_LIBRARY is not set (ctest sets it to the built libkalkyl.so)")
        return 1

    shutil.rmtree(work, ignore_errors=True)
    src = os.path.join(work, "src")
    target = os.path.join(work, "target")
    shutil.copytree(source, src, ignore=shutil.ignore_patterns(
        "__pycache__", "build", "*.egg-info", "libkalkyl*", "*.pyc"))

    env = dict(os.environ, PIP_DISABLE_PIP_VERSION_CHECK="1", PIP_NO_INPUT="1")
    env.pop("PYTHONPATH", None)
    command = [sys.executable, "-m", "pip", "install", "--no-build-isolation", "--no-index", "--no-deps",
               "--target", target, src]
    print("$ " + " ".join(command), flush=True)
    result = subprocess.run(command, env=env, cwd=work, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(result.stdout)
    if result.returncode != 0:
        print("FAIL: pip install exited with %d" % result.returncode)
        return 1

    result = subprocess.run([sys.executable, "-I", "-c", CHECK, target], env=env, cwd=work,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    print(result.stdout)
    if result.returncode != 0:
        print("FAIL: the installed package does not work")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
