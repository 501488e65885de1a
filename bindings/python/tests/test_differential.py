"""Differential test: kalkyl against Python's decimal module as an independent exact oracle.

Random operations on random operands: every scale 0..28, both signs, digit
counts spread over 1..38 with a bias toward 37 and 38 digits (values near
10^38, where overflow and the fitting rule decide). For each case the oracle
is the decimal module in a context of 250 digits, in which every operation
here is exact or (division) correct far beyond the digits that decide the
rounding, followed by quantize() with the same rounding mode:

  add, sub, mul  exact; kalkyl's rule for the result's scale (capi/kalkyl.h):
                 the natural scale (the larger scale; the sum of the scales),
                 lowered only by dropping trailing zeros when the natural one
                 does not fit 38 digits or 28 decimals. Nothing fits:
                 KalkylOverflowError (too many digits) or ScaleError (more
                 than 28 decimals).
  div            every mode: the quotient quantized to `scale` decimals; more
                 than 38 digits: KalkylOverflowError; divisor 0:
                 DivisionByZeroError. The quotient is at most 10^66, and a
                 quotient of 38-digit operands that is not exactly at a
                 rounding boundary or tie is at least 10^-67 away from one
                 at 28 decimals, so 250 digits decide every rounding.
  round_to       every mode: quantize(); more than 38 digits: overflow.
  cmp            Decimal.compare (equal values at different scales are equal).

Tens of thousands of cases per run (KALKYL_DIFFERENTIAL_CASES per operation
and rounding mode, default 1500: about 40 000 in all). The seed is printed;
to replay a failure:

    KALKYL_PROPERTY_SEED=<seed> python3 -m unittest test_differential -v

(from bindings/python/tests, with KALKYL_LIBRARY pointing at libkalkyl.so).
"""

import decimal
import os
import sys
import unittest
from decimal import Decimal

import kalkyl

from kalkyl_test_support import MODES, SEED, replay, rng

CASES = int(os.environ.get("KALKYL_DIFFERENTIAL_CASES", "1500"))
LIMIT = 10**38
ORACLE = decimal.Context(prec=250, Emin=-999999, Emax=999999, rounding=decimal.ROUND_HALF_EVEN, traps=[])
TRIED = {}


def count(op):
    TRIED[op] = TRIED.get(op, 0) + 1


def tearDownModule():
    total = sum(TRIED.values())
    parts = ", ".join("%s %d" % kv for kv in sorted(TRIED.items()))
    sys.stderr.write("\nkalkyl differential: %d cases against decimal (%s) [KALKYL_PROPERTY_SEED=%d]\n"
                     % (total, parts, SEED))


def mantissa(r):
    """A signed mantissa: near 10^38 a third of the time, else 1..38 digits uniformly, with edges."""
    pick = r.random()
    if pick < 0.05:
        m = LIMIT - 1 - r.randrange(0, 10)  # the very top
    elif pick < 0.08:
        m = 10**r.randint(0, 37)  # powers of ten
    elif pick < 0.10:
        m = 0
    elif pick < 0.35:
        m = r.randrange(10**36, LIMIT)  # 37 and 38 digits: near 10^38
    elif pick < 0.40:
        m = r.randrange(1, 10**r.randint(1, 38)) * 10**r.randint(0, 10)  # trailing zeros
        m = m if m < LIMIT else LIMIT - 1
    else:
        digits = r.randint(1, 38)
        m = r.randrange(10 ** (digits - 1), 10**digits)
    return -m if r.random() < 0.5 else m


def operand(r, scale=None):
    s = r.randint(0, 28) if scale is None else scale
    return Decimal(mantissa(r)).scaleb(-s, ORACLE)


def parts(d):
    sign, digits, exponent = d.as_tuple()
    m = int("".join(map(str, digits))) if digits else 0
    return (-m if sign else m), -exponent


def fitted(exact):
    """kalkyl's result for an exact Decimal: (mantissa, scale), "overflow" or "scale"."""
    m, scale = parts(exact)
    while scale > 0 and (scale > 28 or abs(m) >= LIMIT) and m % 10 == 0:
        m //= 10
        scale -= 1
    if scale > 28:
        return "scale"
    if abs(m) >= LIMIT:
        return "overflow"
    return m, scale


def attempt(func, *args):
    try:
        return func(*args)
    except kalkyl.KalkylError as exc:
        return exc


class Differential(unittest.TestCase):
    def check_fitted(self, got, want, what):
        if want == "overflow":
            self.assertIsInstance(got, kalkyl.KalkylOverflowError, replay(what))
        elif want == "scale":
            self.assertIsInstance(got, kalkyl.ScaleError, replay(what))
        else:
            self.assertIsInstance(got, Decimal, replay("%s raised %r" % (what, got)))
            self.assertEqual(parts(got), want, replay("%s = %s, oracle %r" % (what, got, want)))

    def check_quantized(self, got, want, scale, what):
        m, s = parts(want)
        if abs(m) >= LIMIT:
            self.assertIsInstance(got, kalkyl.KalkylOverflowError, replay(what))
            return
        self.assertIsInstance(got, Decimal, replay("%s raised %r" % (what, got)))
        self.assertEqual(parts(got), (m, scale), replay("%s = %s, oracle %s" % (what, got, want)))

    def test_add_sub(self):
        r = rng("differential.add_sub")
        for _ in range(CASES * 3):
            a, b = operand(r), operand(r)
            for name, func, exact in (("add", kalkyl.add, ORACLE.add), ("sub", kalkyl.sub, ORACLE.subtract)):
                count(name)
                self.check_fitted(attempt(func, a, b), fitted(exact(a, b)), "%s(%s, %s)" % (name, a, b))

    def test_mul(self):
        r = rng("differential.mul")
        for _ in range(CASES * 4):
            # Half the cases with operands small enough that the product often fits.
            if r.random() < 0.5:
                a = Decimal(mantissa(r) // 10**r.randint(0, 37)).scaleb(-r.randint(0, 28), ORACLE)
                b = Decimal(mantissa(r) // 10**r.randint(0, 37)).scaleb(-r.randint(0, 28), ORACLE)
            else:
                a, b = operand(r), operand(r)
            count("mul")
            self.check_fitted(attempt(kalkyl.mul, a, b), fitted(ORACLE.multiply(a, b)), "mul(%s, %s)" % (a, b))

    def test_div_every_mode(self):
        r = rng("differential.div")
        for name, mode in MODES.items():
            for _ in range(CASES):
                a = operand(r)
                if r.random() < 0.5:  # a divisor of a few digits: quotients that fit
                    b = Decimal(r.randint(-99999, 99999)).scaleb(-r.randint(0, 28), ORACLE)
                else:
                    b = operand(r)
                if r.random() < 0.05:
                    b = Decimal(0).scaleb(-r.randint(0, 28))
                if r.random() < 0.1:  # exact ties
                    b = Decimal(r.choice((2, -2, 4, 8, -16, 20, 40, 80, 125)))
                scale = r.randint(0, 28)
                what = "div(%s, %s, %d, %s)" % (a, b, scale, name)
                count("div")
                got = attempt(kalkyl.div, a, b, scale, name)
                if b == 0:
                    self.assertIsInstance(got, kalkyl.DivisionByZeroError, replay(what))
                    continue
                q = ORACLE.divide(a, b)
                want = q.quantize(Decimal(1).scaleb(-scale), rounding=mode, context=ORACLE)
                self.check_quantized(got, want, scale, what)

    def test_round_every_mode(self):
        r = rng("differential.round")
        for name, mode in MODES.items():
            for _ in range(CASES):
                a = operand(r)
                scale = r.randint(0, 28)
                what = "round_to(%s, %d, %s)" % (a, scale, name)
                count("round")
                want = a.quantize(Decimal(1).scaleb(-scale), rounding=mode, context=ORACLE)
                self.check_quantized(attempt(kalkyl.round_to, a, scale, name), want, scale, what)

    def test_cmp(self):
        r = rng("differential.cmp")
        for _ in range(CASES * 3):
            a = operand(r)
            pick = r.random()
            if pick < 0.2:  # the same value at another scale
                m, s = parts(a)
                extra = r.randint(0, 28 - s)
                b = a if abs(m) * 10**extra >= LIMIT else Decimal(m * 10**extra).scaleb(-(s + extra), ORACLE)
            elif pick < 0.4:  # one unit of the last place away
                m, s = parts(a)
                b = Decimal(m + r.choice((-1, 1))).scaleb(-s, ORACLE) if abs(m) < LIMIT - 1 else a
            else:
                b = operand(r)
            count("cmp")
            self.assertEqual(kalkyl.cmp(a, b), int(a.compare(b)), replay("cmp(%s, %s)" % (a, b)))

    def test_scale_and_mode_out_of_range(self):
        # The oracle has no opinion here: the contract of capi/kalkyl.h does.
        for scale in (-1, 29):
            with self.assertRaises(kalkyl.ScaleError):
                kalkyl.div(Decimal(1), Decimal(3), scale, "half_up")
            with self.assertRaises(kalkyl.ScaleError):
                kalkyl.round_to(Decimal(1), scale, "half_up")
        with self.assertRaises(kalkyl.KalkylOverflowError):
            kalkyl.add(Decimal(LIMIT - 1), Decimal(1))


if __name__ == "__main__":
    unittest.main()
