"""One exception class per kalkyl_status, with the C library's message."""

import ctypes
import pickle
import unittest
from decimal import Decimal

import kalkyl
from kalkyl import errors
from kalkyl._core import _error, _lib

CLASSES = {
    1: (kalkyl.NullError, ()),
    2: (kalkyl.ParseError, (ValueError,)),
    3: (kalkyl.AmbiguousError, (ValueError,)),
    4: (kalkyl.KalkylOverflowError, (ArithmeticError,)),
    5: (kalkyl.DivisionByZeroError, (ZeroDivisionError, ArithmeticError)),
    6: (kalkyl.ScaleError, (ArithmeticError,)),
    7: (kalkyl.KalkylBufferError, ()),
    8: (kalkyl.InvalidError, (ValueError,)),
    9: (kalkyl.NoMemoryError, (MemoryError,)),
    10: (kalkyl.InternalError, ()),
}


class Classes(unittest.TestCase):
    def test_one_class_per_status(self):
        for status, (cls, builtins) in CLASSES.items():
            self.assertIs(errors.error_class(status), cls)
            self.assertEqual(cls.status, status)
            self.assertTrue(issubclass(cls, kalkyl.KalkylError))
            self.assertTrue(issubclass(cls, Exception))
            for base in builtins:
                self.assertTrue(issubclass(cls, base), (cls, base))
        self.assertIs(errors.error_class(99), kalkyl.KalkylError)
        self.assertEqual(len({cls for cls, _ in CLASSES.values()}), 10)

    def test_names_do_not_shadow_builtins(self):
        self.assertIs(OverflowError, __builtins__["OverflowError"] if isinstance(__builtins__, dict) else OverflowError)
        self.assertNotIn("OverflowError", kalkyl.__all__)
        self.assertNotIn("BufferError", kalkyl.__all__)
        for name in ("sum", "format", "round"):
            self.assertNotIn(name, kalkyl.__all__)
        namespace = {}
        exec("from kalkyl import *", namespace)
        self.assertNotIn("sum", namespace)

    def test_status_names_match_the_c_library(self):
        for status in list(CLASSES) + [0]:
            self.assertEqual(errors.STATUS_NAMES[status], _lib.kalkyl_status_name(status).decode())

    def test_python_side_errors_look_like_c_errors(self):
        with self.assertRaises(kalkyl.ScaleError) as cm:
            kalkyl.to_kalkyl_dec(Decimal("1E-30"))
        self.assertEqual((cm.exception.status, cm.exception.status_name), (6, "KALKYL_E_SCALE"))

    def test_pickle(self):
        exc = kalkyl.ParseError("kalkyl_dec_parse: nope", 2, "KALKYL_E_PARSE", 7)
        back = pickle.loads(pickle.dumps(exc))
        self.assertIs(type(back), kalkyl.ParseError)
        self.assertEqual((str(back), back.status, back.status_name, back.index), (str(exc), 2, "KALKYL_E_PARSE", 7))
        self.assertIn("index=7", repr(back))


class FromTheCLibrary(unittest.TestCase):
    """Each status, provoked for real where the public API can reach it."""

    def check(self, cls, status, call, *args):
        with self.assertRaises(cls) as cm:
            call(*args)
        exc = cm.exception
        self.assertEqual(exc.status, status)
        self.assertEqual(exc.status_name, _lib.kalkyl_status_name(status).decode())
        self.assertTrue(str(exc), "a message")
        self.assertEqual(str(exc), exc.message)
        return exc

    def test_parse(self):
        exc = self.check(kalkyl.ParseError, 2, kalkyl.parse, "12 kr x")
        self.assertEqual(str(exc), _lib.kalkyl_last_error().decode())  # the C message, as is

    def test_ambiguous(self):
        self.check(kalkyl.AmbiguousError, 3, kalkyl.parse, "1.234", "auto")

    def test_overflow(self):
        exc = self.check(kalkyl.KalkylOverflowError, 4, kalkyl.mul, Decimal(10**30), Decimal(10**10))
        self.assertTrue(str(exc).startswith("kalkyl_dec_mul"))

    def test_division_by_zero(self):
        self.check(kalkyl.DivisionByZeroError, 5, kalkyl.div, 1, 0, 0, "half_up")

    def test_scale(self):
        exc = self.check(kalkyl.ScaleError, 6, kalkyl.round_to, 1, 29, "half_up")
        self.assertTrue(str(exc).startswith("kalkyl_dec_round"))  # decided by the C side
        self.check(kalkyl.ScaleError, 6, kalkyl.mul, Decimal("1E-15"), Decimal("1E-15"))

    def test_invalid(self):
        exc = self.check(kalkyl.InvalidError, 8, lambda: kalkyl.format(1, locale="auto"))
        self.assertTrue(str(exc).startswith("kalkyl_dec_format"))
        bad = kalkyl.to_kalkyl_dec(1)
        bad.reserved = 3
        out = kalkyl.kalkyl_dec()
        status = _lib.kalkyl_dec_add(bad, bad, out)
        self.assertEqual(status, 8)
        self.assertIsInstance(_error(status), kalkyl.InvalidError)

    def test_null_through_the_raw_c_call(self):
        status = _lib.kalkyl_dec_add(None, None, None)
        self.assertEqual(status, 1)
        exc = _error(status)
        self.assertIsInstance(exc, kalkyl.NullError)
        self.assertIn("NULL", str(exc))

    def test_buffer_through_the_raw_c_call(self):
        fmt = kalkyl.kalkyl_format(24, 1, -1, 0, 0, 0)
        buf = ctypes.create_string_buffer(4)
        needed = ctypes.c_size_t()
        status = _lib.kalkyl_dec_format(kalkyl.to_kalkyl_dec(Decimal("-1234567.89")), fmt, buf, 4, needed)
        self.assertEqual(status, 7)
        self.assertEqual(needed.value, len("-1\u00a0234\u00a0567,89".encode()) + 1)
        self.assertEqual(buf.raw, b"\0" * 4)  # nothing written
        self.assertIsInstance(_error(status), kalkyl.KalkylBufferError)
        # The binding itself grows its buffer when told to: long texts come out whole.
        from kalkyl import _core

        saved = _core._FORMAT_CAP
        _core._FORMAT_CAP = 4
        try:
            self.assertEqual(kalkyl.format(Decimal("-1234567.89")), "-1\u00a0234\u00a0567,89")
        finally:
            _core._FORMAT_CAP = saved
        longest = [Decimal("-" + "9" * 38)] * 20  # more than the first guess of 24 bytes per value
        self.assertEqual(kalkyl.format_array(longest, minus="\u2212"), [kalkyl.format(longest[0], minus="\u2212")] * 20)

    def test_no_memory_and_internal_map_by_status(self):
        # Neither can be provoked from outside; their mapping is what matters.
        self.assertIsInstance(_error(9), MemoryError)
        self.assertIsInstance(_error(10), kalkyl.InternalError)
        self.assertEqual(_error(10).status_name, "KALKYL_E_INTERNAL")

    def test_unknown_status(self):
        exc = _error(42)
        self.assertIs(type(exc), kalkyl.KalkylError)
        self.assertEqual(exc.status, 42)
        self.assertEqual(exc.status_name, "KALKYL_E_UNKNOWN")

    def test_batch_errors_carry_the_index_single_calls_do_not(self):
        with self.assertRaises(kalkyl.ParseError) as cm:
            kalkyl.parse_array(["1", "2", "tre"])
        self.assertEqual(cm.exception.index, 2)
        with self.assertRaises(kalkyl.ParseError) as cm:
            kalkyl.parse("tre")
        self.assertIsNone(cm.exception.index)
        with self.assertRaises(kalkyl.InvalidError) as cm:
            kalkyl.Column.parse_lines("1", locale=5)
        self.assertIsNone(cm.exception.index)


if __name__ == "__main__":
    unittest.main()
