"""decimal.Decimal <-> kalkyl_dec: exact in both directions, at every scale 0..28."""

import ctypes
import decimal
import unittest
from decimal import Decimal

import kalkyl
from kalkyl import kalkyl_dec

from kalkyl_test_support import CASES, LIMIT, dec, random_mantissa, replay, rng


def as_c_text(value):
    """The C library's own plain text of a value (C locale, no groups, own scale)."""
    return kalkyl.format(value, locale="C", grouping="none")


class StructLayout(unittest.TestCase):
    def test_kalkyl_dec_layout_matches_the_header(self):
        self.assertEqual(ctypes.sizeof(kalkyl_dec), 24)
        self.assertEqual(ctypes.alignment(kalkyl_dec), 8)
        self.assertEqual([kalkyl_dec.lo.offset, kalkyl_dec.hi.offset, kalkyl_dec.scale.offset,
                          kalkyl_dec.reserved.offset], [0, 8, 16, 20])

    def test_kalkyl_format_layout_matches_the_header(self):
        self.assertEqual(ctypes.sizeof(kalkyl.kalkyl_format), 24)

    def test_minus_five_is_two_complement(self):
        d = kalkyl.to_kalkyl_dec(-5)
        self.assertEqual((d.lo, d.hi, d.scale, d.reserved), (2**64 - 5, -1, 0, 0))

    def test_1234_56_as_in_the_header(self):
        d = kalkyl.to_kalkyl_dec(Decimal("1234.56"))
        self.assertEqual((d.lo, d.hi, d.scale), (123456, 0, 2))
        c = kalkyl_dec()
        self.assertEqual(kalkyl._core._lib.kalkyl_dec_from_int(123456, 2, c), 0)
        self.assertEqual((c.lo, c.hi, c.scale), (123456, 0, 2))


class RoundTrip(unittest.TestCase):
    def check(self, value):
        d = kalkyl.to_kalkyl_dec(value)
        back = kalkyl.from_kalkyl_dec(d)
        self.assertEqual(back, value, replay(str(value)))
        self.assertEqual(back.as_tuple().exponent, value.as_tuple().exponent, replay(str(value)))
        return d, back

    def test_random_values_at_every_scale_and_sign(self):
        r = rng("convert.random")
        for scale in range(29):
            for _ in range(max(CASES // 10, 50)):
                m = random_mantissa(r)
                value = dec(m, scale)
                d, back = self.check(value)
                self.assertEqual(((d.hi << 64) | d.lo, d.scale), (m, scale), replay(str(value)))

    def test_through_the_c_library(self):
        # The C side reads the same number from the struct that Python wrote:
        # its own text of the value is Python's, and the sum of one value is it.
        r = rng("convert.through_c")
        for scale in range(29):
            for _ in range(20):
                value = dec(random_mantissa(r), scale)
                self.assertEqual(as_c_text(value), "{:f}".format(value), replay(str(value)))
                total = kalkyl.sum([value])
                self.assertEqual((total, total.as_tuple().exponent), (value, -scale), replay(str(value)))

    def test_38_digit_edges_at_every_scale(self):
        for scale in range(29):
            for m in (LIMIT - 1, -(LIMIT - 1), 10**37, -(10**37), 1, -1, 0):
                self.check(dec(m, scale))
                if m:
                    self.assertEqual(kalkyl.cmp(dec(m, scale), 0), 1 if m > 0 else -1)

    def test_the_largest_value_through_c(self):
        top = dec(LIMIT - 1, 0)
        bottom = top.copy_negate()  # not -top: unary minus rounds to the context's 28 digits
        self.assertEqual(kalkyl.add(top, 0), top)
        self.assertEqual(kalkyl.sub(bottom, 0), bottom)
        self.assertEqual(kalkyl.cmp(bottom, top), -1)

    def test_negative_zero_is_zero_at_its_scale(self):
        d = kalkyl.to_kalkyl_dec(Decimal("-0.00"))
        self.assertEqual((d.lo, d.hi, d.scale), (0, 0, 2))
        self.assertEqual(str(kalkyl.from_kalkyl_dec(d)), "0.00")

    def test_positive_exponent_is_scale_zero(self):
        for text, m in (("1E+3", 1000), ("-2.5E+3", -2500), ("0E+7", 0), ("1.000E+2", None)):
            d = kalkyl.to_kalkyl_dec(Decimal(text))
            if m is not None:
                self.assertEqual((d.lo if m >= 0 else d.lo - 2**64, d.scale), (m, 0), text)
            self.assertEqual(kalkyl.from_kalkyl_dec(d), Decimal(text))
        self.assertEqual(kalkyl.to_kalkyl_dec(Decimal("1.000E+2")).scale, 1)  # 100.0
        self.assertEqual(kalkyl.from_kalkyl_dec(kalkyl.to_kalkyl_dec(Decimal("1E+37"))), Decimal(10**37))

    def test_small_exponents_in_scientific_notation(self):
        for text in ("1E-7", "-1.2E-7", "1.0E-27", "5E-28", "-9.999E-20"):
            value = Decimal(text)
            self.check(value)

    def test_ints_are_scale_zero(self):
        for value in (0, 1, -1, 61173, -(10**38 - 1), 10**38 - 1):
            d = kalkyl.to_kalkyl_dec(value)
            self.assertEqual(d.scale, 0)
            self.assertEqual(kalkyl.from_kalkyl_dec(d), value)
        self.assertEqual(kalkyl.add(2, 3), Decimal(5))

    def test_trailing_zeros_are_dropped_only_when_needed(self):
        # 30 decimals, the last two zeros: exact at scale 28.
        d = kalkyl.to_kalkyl_dec(Decimal("0.123456789012345678901234567800"))
        self.assertEqual(d.scale, 28)
        self.assertEqual(kalkyl.from_kalkyl_dec(d), Decimal("0.1234567890123456789012345678"))
        # 40 digits, the last two zeros after the mark: exact in 38 digits.
        value = Decimal("12345678901234567890123456789012345678.00")
        d = kalkyl.to_kalkyl_dec(value)
        self.assertEqual(d.scale, 0)
        self.assertEqual(kalkyl.from_kalkyl_dec(d), value)
        self.assertEqual(kalkyl.to_kalkyl_dec(Decimal("0E-50")).scale, 28)

    def test_independent_of_the_thread_decimal_context(self):
        value = Decimal("-12345678901234567890123456789012345.678")
        with decimal.localcontext() as ctx:
            ctx.prec = 5
            ctx.capitals = 0
            ctx.traps[decimal.Inexact] = True
            d = kalkyl.to_kalkyl_dec(value)
            self.assertEqual(kalkyl.from_kalkyl_dec(d).as_tuple(), value.as_tuple())
            self.assertEqual(kalkyl.add(value, Decimal("0.001")).as_tuple(),
                             Decimal("-12345678901234567890123456789012345.677").as_tuple())
            self.assertEqual(kalkyl.to_kalkyl_dec(Decimal("1.5E-7")).scale, 8)


class Refused(unittest.TestCase):
    def test_more_than_28_decimals_is_scale_error(self):
        for text in ("1E-29", "0.00000000000000000000000000001", "-1.5E-28"):
            with self.assertRaises(kalkyl.ScaleError) as cm:
                kalkyl.to_kalkyl_dec(Decimal(text))
            self.assertIn("28", str(cm.exception))
            self.assertEqual(cm.exception.status, 6)

    def test_39_digits_is_overflow(self):
        for value in (Decimal(LIMIT), Decimal(-LIMIT), Decimal("1E+38"), Decimal("9.9E+99999"), LIMIT,
                      Decimal("1234567890123456789012345678901234567.89")):
            with self.assertRaises(kalkyl.KalkylOverflowError, msg=str(value)) as cm:
                kalkyl.to_kalkyl_dec(value)
            self.assertIsInstance(cm.exception, ArithmeticError)

    def test_nan_and_infinity_are_invalid(self):
        for text in ("NaN", "-NaN", "sNaN", "Infinity", "-Infinity"):
            with self.assertRaises(kalkyl.InvalidError, msg=text):
                kalkyl.to_kalkyl_dec(Decimal(text))
            with self.assertRaises(ValueError, msg=text):
                kalkyl.add(Decimal(text), 1)

    def test_floats_never_pass(self):
        for value in (1.5, 0.1, float("nan"), -0.0):
            with self.assertRaises(TypeError) as cm:
                kalkyl.add(value, 1)
            self.assertIn("float", str(cm.exception))
        with self.assertRaises(TypeError):
            kalkyl.sum([Decimal(1), 2.5])
        with self.assertRaises(TypeError):
            kalkyl.Column([0.5])
        with self.assertRaises(TypeError):
            kalkyl.format(1.5)

    def test_other_types(self):
        for value in (True, "1,5", b"1", None, [1], 1 + 2j):
            with self.assertRaises(TypeError, msg=repr(value)):
                kalkyl.to_kalkyl_dec(value)


if __name__ == "__main__":
    unittest.main()
