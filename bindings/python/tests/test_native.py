"""The ctypes declarations agree with capi/kalkyl.h: every function, its arity, the structs."""

import ctypes
import os
import re
import unittest

import kalkyl
from kalkyl import _native

HEADER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "capi", "kalkyl.h")


def header_text():
    if not os.path.exists(HEADER):
        raise unittest.SkipTest("not in the kalkyl source tree (capi/kalkyl.h)")
    with open(HEADER, encoding="utf-8") as f:
        text = f.read()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)  # comments may hold anything
    return re.sub(r"//[^\n]*", " ", text)


def split_params(params):
    params = params.strip()
    if params in ("", "void"):
        return []
    return [p.strip() for p in params.split(",")]


class AgainstTheHeader(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        text = header_text()
        cls.functions = {}
        for match in re.finditer(r"KALKYL_API\s+([^;(]*?)\b(kalkyl_\w+)\s*\(([^)]*)\)\s*;", text):
            cls.functions[match.group(2)] = (match.group(1).strip(), split_params(match.group(3)))
        cls.structs = {}
        for match in re.finditer(r"typedef\s+struct\s+(kalkyl_\w+)\s*\{(.*?)\}\s*\1\s*;", text, flags=re.S):
            fields = [re.search(r"(\w+)\s*$", line.strip()).group(1)
                      for line in match.group(2).split(";") if line.strip()]
            cls.structs[match.group(1)] = fields

    def test_every_function_is_declared(self):
        self.assertGreaterEqual(len(self.functions), 19)
        missing = sorted(set(self.functions) - set(_native.PROTOTYPES))
        self.assertEqual(missing, [], "declare these in bindings/python/kalkyl/_native.py PROTOTYPES")
        extra = sorted(set(_native.PROTOTYPES) - set(self.functions))
        self.assertEqual(extra, [], "PROTOTYPES names functions that capi/kalkyl.h does not declare")

    def test_arity_and_return_types(self):
        for name, (ret, params) in self.functions.items():
            restype, argtypes = _native.PROTOTYPES[name]
            self.assertEqual(len(argtypes), len(params), name)
            if ret == "kalkyl_status":
                self.assertIs(restype, ctypes.c_int, name)
            elif ret == "const char*" or ret == "const char *":
                self.assertIs(restype, ctypes.c_char_p, name)
            elif ret == "uint32_t":
                self.assertIs(restype, ctypes.c_uint32, name)
            else:
                self.fail("%s returns %r: teach this test" % (name, ret))

    def test_pointer_parameters_are_pointers(self):
        for name, (_, params) in self.functions.items():
            for param, argtype in zip(params, _native.PROTOTYPES[name][1]):
                is_pointer = "*" in param
                self.assertEqual(is_pointer, argtype in (ctypes.c_char_p, ctypes.c_void_p)
                                 or issubclass(argtype, ctypes._Pointer), "%s: %s" % (name, param))
                if "size_t" in param and not is_pointer:
                    self.assertIs(argtype, ctypes.c_size_t, "%s: %s" % (name, param))

    def test_structs_have_the_header_fields_in_order(self):
        for name, fields in self.structs.items():
            cls = getattr(_native, name, None)
            self.assertIsNotNone(cls, "struct %s has no ctypes.Structure in _native.py" % name)
            self.assertEqual([f[0] for f in cls._fields_], fields, name)

    def test_every_header_function_the_library_exports_is_declared_there(self):
        for name in self.functions:
            if hasattr(kalkyl.lib, name):
                func = getattr(kalkyl.lib, name)
                self.assertIsNotNone(func.argtypes, name)
        for name in _native.REQUIRED:
            self.assertTrue(hasattr(kalkyl.lib, name), name)

    def test_struct_sizes(self):
        self.assertEqual(ctypes.sizeof(_native.kalkyl_kpb_figures), 6 * 24 + 8)
        self.assertEqual(ctypes.sizeof(_native.kalkyl_bridge), 7 * 24)
        self.assertEqual(ctypes.sizeof(_native.kalkyl_term), 8)
        self.assertEqual(ctypes.sizeof(_native.kalkyl_finding), 4 * 24 + 8)


if __name__ == "__main__":
    unittest.main()
