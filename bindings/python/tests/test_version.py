"""Versions agree, and the library is found (or not) where the docs say."""

import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import kalkyl

PACKAGE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # bindings/python
SOURCE_ROOT = os.path.dirname(os.path.dirname(PACKAGE_ROOT))  # the repository


def cmake_project_version():
    path = os.path.join(SOURCE_ROOT, "CMakeLists.txt")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        match = re.search(r"project\(\s*kalkyl\s+VERSION\s+([0-9.]+)", f.read())
    return match.group(1) if match else None


class Versions(unittest.TestCase):
    def test_version_is_the_c_library_version(self):
        self.assertEqual(kalkyl.__version__, kalkyl.library_version())
        self.assertEqual(kalkyl.abi_version(), 1)

    def test_version_is_the_cmake_project_version(self):
        version = cmake_project_version()
        if version is None:
            self.skipTest("not in the kalkyl source tree")
        self.assertEqual(kalkyl.__version__, version)

    def test_version_is_the_header_version(self):
        header = os.path.join(SOURCE_ROOT, "capi", "kalkyl.h")
        if not os.path.exists(header):
            self.skipTest("not in the kalkyl source tree")
        with open(header, encoding="utf-8") as f:
            self.assertIn('#define KALKYL_VERSION "%s"' % kalkyl.__version__, f.read())


class Discovery(unittest.TestCase):
    """Each case imports a fresh copy of the package in a child process."""

    def run_import(self, env_changes, package_dir):
        env = {k: v for k, v in os.environ.items() if k not in ("KALKYL_LIBRARY", "LD_LIBRARY_PATH", "PYTHONPATH")}
        env.update(env_changes)
        code = "import kalkyl, sys; print(kalkyl.library_path()); print(kalkyl.add(1, 2))"
        return subprocess.run([sys.executable, "-I", "-c", "import sys; sys.path.insert(0, %r); %s" % (package_dir, code)],
                              env=env, capture_output=True, text=True, timeout=60)

    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="kalkyl-discovery-")
        shutil.copytree(os.path.join(PACKAGE_ROOT, "kalkyl"), os.path.join(self.tmp, "kalkyl"),
                        ignore=shutil.ignore_patterns("__pycache__", "libkalkyl*"))

    def tearDown(self):
        shutil.rmtree(self.tmp, ignore_errors=True)

    def test_kalkyl_library_variable(self):
        lib = kalkyl.library_path()
        result = self.run_import({"KALKYL_LIBRARY": lib}, self.tmp)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.split(), [lib, "3"])

    def test_a_wrong_kalkyl_library_is_an_import_error_not_a_fallback(self):
        result = self.run_import({"KALKYL_LIBRARY": "/nonexistent/libkalkyl.so"}, self.tmp)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("LibraryNotFoundError", result.stderr)
        self.assertIn("/nonexistent/libkalkyl.so", result.stderr)

    def test_next_to_the_package(self):
        shutil.copy(kalkyl.library_path(), os.path.join(self.tmp, "kalkyl", "libkalkyl.so.1"))
        result = self.run_import({}, self.tmp)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.split()[0], os.path.join(self.tmp, "kalkyl", "libkalkyl.so.1"))

    def test_not_found_lists_where_it_looked(self):
        import ctypes.util

        if ctypes.util.find_library("kalkyl"):
            self.skipTest("a libkalkyl is installed on this system")
        result = self.run_import({}, self.tmp)
        self.assertNotEqual(result.returncode, 0)
        for expected in ("LibraryNotFoundError", "KALKYL_LIBRARY", os.path.join(self.tmp, "kalkyl"),
                         "find_library", "libkalkyl.so.1"):
            self.assertIn(expected, result.stderr)
        self.assertTrue(issubclass(kalkyl.LibraryNotFoundError, ImportError))


if __name__ == "__main__":
    unittest.main()
