"""Shared helpers of the kalkyl Python tests (not a test module itself).

Property tests draw from one random.Random seeded by $KALKYL_PROPERTY_SEED
when it is set (to replay a failure), else by a fresh seed; the seed is
printed once per run and named in every property failure, so any failure can
be replayed with

    KALKYL_PROPERTY_SEED=<seed> python3 -m unittest discover -s bindings/python/tests -v

$KALKYL_PROPERTY_CASES scales the number of random cases (default 1000 per
rounding mode and per scale where the tests loop over those).
"""

import decimal
import os
import random
import sys
from decimal import Decimal
from fractions import Fraction

_seed_text = os.environ.get("KALKYL_PROPERTY_SEED")
SEED = int(_seed_text) if _seed_text else random.SystemRandom().randrange(1, 2**63)
CASES = int(os.environ.get("KALKYL_PROPERTY_CASES", "1000"))
_printed = False


def announce_seed():
    global _printed
    if not _printed:
        _printed = True
        sys.stderr.write("\nkalkyl property tests: KALKYL_PROPERTY_SEED=%d (KALKYL_PROPERTY_CASES=%d)\n" % (SEED, CASES))
        sys.stderr.flush()


def rng(salt):
    """A Random for one test, derived from the run's seed and the test's name (stable order-independent)."""
    announce_seed()
    return random.Random("%d:%s" % (SEED, salt))


def replay(message=""):
    return "%s [replay: KALKYL_PROPERTY_SEED=%d]" % (message, SEED)


# A context in which every operation the tests do is exact (or raises).
EXACT = decimal.Context(
    prec=200,
    Emin=-999999,
    Emax=999999,
    traps=[decimal.InvalidOperation, decimal.Inexact, decimal.Rounded, decimal.DivisionByZero],
)

MODES = {
    "half_up": decimal.ROUND_HALF_UP,  # ties away from zero, as kalkyl's half_up
    "half_even": decimal.ROUND_HALF_EVEN,
    "half_down": decimal.ROUND_HALF_DOWN,
    "down": decimal.ROUND_DOWN,
    "up": decimal.ROUND_UP,
    "floor": decimal.ROUND_FLOOR,
    "ceiling": decimal.ROUND_CEILING,
}

LIMIT = 10**38


def random_mantissa(r, max_digits=38):
    """A signed mantissa whose digit count is uniform in 1..max_digits (both signs, often edges)."""
    pick = r.random()
    if pick < 0.03:
        m = 10**max_digits - 1  # the largest
    elif pick < 0.06:
        m = 10 ** (max_digits - 1)  # the smallest with max_digits digits
    elif pick < 0.08:
        m = 0
    else:
        digits = r.randint(1, max_digits)
        m = r.randrange(10 ** (digits - 1) if digits > 1 else 0, 10**digits)
    return -m if r.random() < 0.5 else m


def dec(m, scale):
    """mantissa * 10^-scale as a Decimal with exactly that exponent."""
    return Decimal(m).scaleb(-scale, EXACT)


def random_amount(r, max_digits=38, scale=None):
    if scale is None:
        scale = r.randint(0, 28)
    return dec(random_mantissa(r, max_digits), scale)


def fitted(m, scale):
    """kalkyl's rule for an exact result: keep the natural scale if it fits 38 digits
    and 28 decimals, else drop trailing zeros as far as needed. None if nothing fits."""
    while scale > 0 and (scale > 28 or abs(m) >= LIMIT) and m % 10 == 0:
        m //= 10
        scale -= 1
    if scale > 28:
        return "scale"
    if abs(m) >= LIMIT:
        return "overflow"
    return m, scale


def parts(d):
    """(mantissa, scale) of a finite Decimal with exponent <= 0."""
    sign, digits, exponent = d.as_tuple()
    m = int("".join(map(str, digits)))
    return (-m if sign else m), -exponent


def round_exact(value, scale, mode):
    """A Fraction rounded to `scale` decimals by the decimal module's `mode`, exactly.

    The decimal module rounds only finite decimals; an exact quotient may have
    infinitely many digits. What rounding needs is the truncated value and
    where the discarded part lies: zero, below a half, a half, above a half.
    So the truncated value gets one of the stand-in tails 0, .25, .5, .75
    (same sign), which every rounding mode treats exactly as the true tail,
    and decimal.quantize() rounds that."""
    t = value * 10**scale
    q = int(t)  # toward zero
    rest = abs(t - q)
    if rest == 0:
        tail = Decimal(0)
    elif rest < Fraction(1, 2):
        tail = Decimal("0.25")
    elif rest == Fraction(1, 2):
        tail = Decimal("0.5")
    else:
        tail = Decimal("0.75")
    proxy = EXACT.add(Decimal(q), tail.copy_negate() if t < 0 else tail)
    if t < 0 and q == 0:
        proxy = tail.copy_negate()
    rounded = proxy.quantize(Decimal(1), rounding=mode, context=decimal.Context(prec=200, traps=[]))
    return int(rounded)  # the mantissa at `scale`
