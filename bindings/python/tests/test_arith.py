"""add/sub/mul exactly, div and round_to in every rounding mode, against Python's decimal module."""

import decimal
import unittest
from decimal import Decimal
from fractions import Fraction

import kalkyl

from kalkyl_test_support import CASES, EXACT, LIMIT, MODES, dec, fitted, parts, random_amount, replay, rng, round_exact


def expect_fitted(test, got_or_error, m, scale, what):
    """Check a kalkyl result against the exact (m, scale) and kalkyl's fitting rule."""
    want = fitted(m, scale)
    if want == "overflow":
        test.assertIsInstance(got_or_error, kalkyl.KalkylOverflowError, replay(what))
    elif want == "scale":
        test.assertIsInstance(got_or_error, kalkyl.ScaleError, replay(what))
    else:
        test.assertIsInstance(got_or_error, Decimal, replay("%s raised %r" % (what, got_or_error)))
        test.assertEqual(parts(got_or_error), want, replay(what))


def attempt(func, *args):
    try:
        return func(*args)
    except kalkyl.KalkylError as exc:
        return exc


class Exact(unittest.TestCase):
    def test_add_sub_random(self):
        r = rng("arith.add_sub")
        for _ in range(CASES * 2):
            a = random_amount(r, max_digits=r.choice((38, 18, 9)))
            b = random_amount(r, max_digits=r.choice((38, 18, 9)))
            (am, as_), (bm, bs) = parts(a), parts(b)
            s = max(as_, bs)
            sum_m = am * 10 ** (s - as_) + bm * 10 ** (s - bs)
            diff_m = am * 10 ** (s - as_) - bm * 10 ** (s - bs)
            expect_fitted(self, attempt(kalkyl.add, a, b), sum_m, s, "add(%s, %s)" % (a, b))
            expect_fitted(self, attempt(kalkyl.sub, a, b), diff_m, s, "sub(%s, %s)" % (a, b))
            got = attempt(kalkyl.add, a, b)
            if isinstance(got, Decimal):
                self.assertEqual(got, EXACT.add(a, b), replay("add(%s, %s)" % (a, b)))

    def test_mul_random(self):
        r = rng("arith.mul")
        for _ in range(CASES * 2):
            a = random_amount(r, max_digits=r.choice((20, 12, 6)), scale=r.randint(0, 16))
            b = random_amount(r, max_digits=r.choice((20, 12, 6)), scale=r.randint(0, 16))
            (am, as_), (bm, bs) = parts(a), parts(b)
            got = attempt(kalkyl.mul, a, b)
            expect_fitted(self, got, am * bm, as_ + bs, "mul(%s, %s)" % (a, b))
            if isinstance(got, Decimal):
                self.assertEqual(got, EXACT.multiply(a, b))

    def test_add_keeps_the_larger_scale(self):
        self.assertEqual(str(kalkyl.add(Decimal("1.5"), Decimal("2.25"))), "3.75")
        self.assertEqual(str(kalkyl.add(Decimal("1.50"), Decimal("2.50"))), "4.00")
        self.assertEqual(str(kalkyl.mul(Decimal("1.5"), Decimal("2.25"))), "3.375")

    def test_huddinge_variance(self):
        # 003_88ecce726bdc263c.txt, Driftredovisning: personal 277 573 - 265 650 = 11 923.
        self.assertEqual(kalkyl.sub(277573, 265650), 11923)
        self.assertEqual(kalkyl.sub(51927, 50149), 1778)

    def test_overflow_is_an_error_never_a_wrap(self):
        top = dec(LIMIT - 1, 0)
        with self.assertRaises(kalkyl.KalkylOverflowError):
            kalkyl.add(top, 1)
        with self.assertRaises(kalkyl.KalkylOverflowError):
            kalkyl.mul(Decimal(10**20), Decimal(10**18))

    def test_cmp_by_value_whatever_the_scale(self):
        self.assertEqual(kalkyl.cmp(Decimal("1.50"), Decimal("1.5")), 0)
        self.assertEqual(kalkyl.cmp(Decimal("-0.01"), 0), -1)
        self.assertEqual(kalkyl.cmp(Decimal("2"), Decimal("1.999999999999999999999999999")), 1)
        r = rng("arith.cmp")
        for _ in range(CASES):
            a, b = random_amount(r), random_amount(r)
            want = (a > b) - (a < b)
            self.assertEqual(kalkyl.cmp(a, b), want, replay("cmp(%s, %s)" % (a, b)))

    def test_to_float_is_nearest(self):
        for text in ("0.1", "-1234.56", "123464", "1E-28", "99999999999999999999999999999999999999"):
            self.assertEqual(kalkyl.to_float(Decimal(text)), float(text))

    def test_from_units(self):
        self.assertEqual(str(kalkyl.from_units(123456, 2)), "1234.56")
        self.assertEqual(str(kalkyl.from_units(-5, 0)), "-5")
        with self.assertRaises(kalkyl.ScaleError):
            kalkyl.from_units(1, 29)
        with self.assertRaises(kalkyl.KalkylOverflowError):
            kalkyl.from_units(2**63, 0)


class Rounding(unittest.TestCase):
    def test_round_to_every_mode_against_decimal_quantize(self):
        r = rng("arith.round")
        for name, mode in MODES.items():
            for _ in range(CASES):
                value = random_amount(r, max_digits=r.choice((38, 12, 4)))
                scale = r.randint(0, 28)
                got = attempt(kalkyl.round_to, value, scale, name)
                want = value.quantize(Decimal(1).scaleb(-scale), rounding=mode,
                                      context=decimal.Context(prec=200, traps=[]))
                what = "round_to(%s, %d, %s)" % (value, scale, name)
                if abs(parts(want)[0]) >= LIMIT:
                    self.assertIsInstance(got, kalkyl.KalkylOverflowError, replay(what))
                    continue
                self.assertIsInstance(got, Decimal, replay("%s raised %r" % (what, got)))
                self.assertEqual(got, want, replay(what))
                self.assertEqual(got.as_tuple().exponent, -scale, replay(what))

    def test_round_ties_in_every_mode(self):
        table = {  # value: half_up, half_even, half_down, down, up, floor, ceiling
            "2.5": (3, 2, 2, 2, 3, 2, 3),
            "-2.5": (-3, -2, -2, -2, -3, -3, -2),
            "3.5": (4, 4, 3, 3, 4, 3, 4),
            "2.9": (3, 3, 3, 2, 3, 2, 3),
            "-2.1": (-2, -2, -2, -2, -3, -3, -2),
        }
        for text, wants in table.items():
            for mode, want in zip(kalkyl.Rounding, wants):
                self.assertEqual(kalkyl.round_to(Decimal(text), 0, mode), want, "%s %s" % (text, mode.name))

    def test_div_every_mode_against_exact_quotient(self):
        r = rng("arith.div")
        for name, mode in MODES.items():
            for _ in range(CASES):
                a = random_amount(r, max_digits=r.choice((30, 12, 4)), scale=r.randint(0, 14))
                b = random_amount(r, max_digits=r.choice((15, 6, 2)), scale=r.randint(0, 14))
                if r.random() < 0.1:  # exact ties and exact quotients happen in real data
                    b = Decimal(r.choice((2, -4, 8, 5, 20, -40)))
                scale = r.randint(0, 28)
                what = "div(%s, %s, %d, %s)" % (a, b, scale, name)
                got = attempt(kalkyl.div, a, b, scale, name)
                if b == 0:
                    self.assertIsInstance(got, kalkyl.DivisionByZeroError, replay(what))
                    continue
                want_m = round_exact(Fraction(a) / Fraction(b), scale, mode)
                if abs(want_m) >= LIMIT:
                    self.assertIsInstance(got, kalkyl.KalkylOverflowError, replay(what))
                    continue
                self.assertIsInstance(got, Decimal, replay("%s raised %r" % (what, got)))
                self.assertEqual(parts(got), (want_m, scale), replay(what))

    def test_div_against_decimal_divide_when_exact_enough(self):
        # Where the decimal module's 200-digit quotient is exact, round it directly.
        r = rng("arith.div_decimal")
        ctx = decimal.Context(prec=200, traps=[])
        for name, mode in MODES.items():
            for _ in range(CASES // 4):
                a = random_amount(r, max_digits=12, scale=r.randint(0, 6))
                b = Decimal(r.choice((2, 4, 5, 8, 16, 25, 32, 125, -2, -8, 3, 7)))
                q = ctx.divide(a, b)
                if ctx.flags[decimal.Inexact]:
                    ctx.clear_flags()
                    continue
                scale = r.randint(0, 6)
                want = q.quantize(Decimal(1).scaleb(-scale), rounding=mode, context=ctx)
                self.assertEqual(kalkyl.div(a, b, scale, name), want, replay("div(%s, %s, %d, %s)" % (a, b, scale, name)))

    def test_uppsala_5731_per_day(self):
        # 000_2ed63b26c6aacf5d.txt, Nyckeltal: 123 464 / 22 939 = 5,382... -> 5,4 tkr.
        net = kalkyl.sub(124998, 1534)
        self.assertEqual(net, 123464)
        self.assertEqual(kalkyl.div(net, 22939, 1, "half_up"), Decimal("5.4"))
        self.assertEqual(kalkyl.div(60976, 5555, 1, kalkyl.Rounding.HALF_UP), Decimal("11.0"))
        self.assertEqual(str(kalkyl.div(60976, 5555, 1, kalkyl.Rounding.HALF_UP)), "11.0")

    def test_rounding_names(self):
        self.assertEqual(kalkyl.ROUNDING_NAMES, ("half_up", "half_even", "half_down", "down", "up", "floor", "ceiling"))
        value = Decimal("-2.5")
        for name, mode in MODES.items():
            by_name = kalkyl.round_to(value, 0, name)
            self.assertEqual(kalkyl.round_to(value, 0, mode), by_name)  # decimal.ROUND_* constants
            self.assertEqual(kalkyl.round_to(value, 0, kalkyl.Rounding[name.upper()]), by_name)
            self.assertEqual(kalkyl.round_to(value, 0, int(kalkyl.Rounding[name.upper()])), by_name)

    def test_no_default_rounding(self):
        for bad in (None, "nearest", "HALF_UP_", 7, -1, True, 1.0):
            with self.assertRaises(kalkyl.InvalidError, msg=repr(bad)):
                kalkyl.div(1, 3, 2, bad)
            with self.assertRaises(kalkyl.InvalidError, msg=repr(bad)):
                kalkyl.round_to(Decimal("1.55"), 1, bad)
        with self.assertRaises(TypeError):
            kalkyl.div(1, 3, 2)  # the mode is a required argument

    def test_scale_out_of_range(self):
        for scale in (-1, 29, 2**31 - 1, 2**40):
            with self.assertRaises(kalkyl.ScaleError, msg=str(scale)):
                kalkyl.div(1, 3, scale, "half_up")
            with self.assertRaises(kalkyl.ScaleError, msg=str(scale)):
                kalkyl.round_to(1, scale, "half_up")
        with self.assertRaises(TypeError):
            kalkyl.round_to(1, 2.0, "half_up")

    def test_division_by_zero(self):
        with self.assertRaises(kalkyl.DivisionByZeroError) as cm:
            kalkyl.div(Decimal("1.5"), Decimal("0.00"), 2, "half_up")
        self.assertIsInstance(cm.exception, ZeroDivisionError)


if __name__ == "__main__":
    unittest.main()
