"""kalkyl.allocate: splitting an amount by weights exactly, and periodisation.

The C functions of capi/kalkyl.h's section "Allocation, periodisation,
display rounding and checks" (kalkyl_allocate, kalkyl_allocate_mode,
kalkyl_periodise, kalkyl_budget_through_month), made Pythonic: amounts and
weights in as decimal.Decimal (or int), parts out as lists of Decimal. The
parts always add up to the total exactly; nothing is lost and nothing passes
through float.

    >>> from kalkyl import allocate
    >>> allocate.allocate(Decimal("100"), [1, 1, 1], 2)
    [Decimal('33.34'), Decimal('33.33'), Decimal('33.33')]
    >>> allocate.budget_through_month(685, 8, 1, "cumulative")   # Uppsala 2024, mnkr
    Decimal('456.7')

Modes (AllocationMode, or their names as strings):
  largest_remainder            every part within one unit of its exact share;
                               ties: the larger weight, then the lower index
  remainder_to_first           the leftover units to the first non-zero weight
  remainder_to_largest_weight  the leftover units to the largest weight
  cumulative                   running totals rounded half up: every prefix
                               sum correctly rounded (the mode for months)

Bad input raises kalkyl.InvalidError (a ValueError): a negative weight (the
message names its index), all weights zero, no weights, a month outside
1..12; kalkyl.ScaleError for a total with more decimals than the parts'
scale. Nothing is returned half-done.
"""

import ctypes
import enum

from . import _core
from ._core import Column, _error, _from, _int32, _packed, _py_error
from ._native import kalkyl_dec
from .errors import InvalidError, ScaleError

__all__ = [
    "AllocationMode",
    "allocate",
    "allocate_column",
    "periodise",
    "budget_through_month",
]


class AllocationMode(enum.IntEnum):
    """kalkyl_allocation_mode. The names as strings ("largest_remainder") work everywhere."""

    LARGEST_REMAINDER = 0
    REMAINDER_TO_FIRST = 1
    REMAINDER_TO_LARGEST_WEIGHT = 2
    CUMULATIVE = 3


MODE_NAMES = tuple(m.name.lower() for m in AllocationMode)

_V = ctypes.c_void_p
_DEC_P = ctypes.POINTER(kalkyl_dec)
_I32 = ctypes.c_int32
_ENUM = ctypes.c_int
_allocate_mode = _core._bind("kalkyl_allocate_mode", _V, _DEC_P, ctypes.c_size_t, _I32, _ENUM, _DEC_P)
_periodise = _core._bind("kalkyl_periodise", _V, _DEC_P, _I32, _ENUM, _DEC_P)
_budget_through_month = _core._bind("kalkyl_budget_through_month", _V, _DEC_P, _I32, _I32, _ENUM, _DEC_P)


def _mode(mode):
    if isinstance(mode, AllocationMode):
        return int(mode)
    if isinstance(mode, str):
        key = mode.lower().replace("-", "_")
        if key in MODE_NAMES:
            return MODE_NAMES.index(key)
    elif isinstance(mode, int) and not isinstance(mode, bool) and 0 <= mode < len(AllocationMode):
        return mode
    raise _py_error(
        InvalidError, "kalkyl: unknown allocation mode %r; use one of: %s" % (mode, ", ".join(MODE_NAMES))
    )


def _weights(weights, what):
    """A Column (used in place) or a sequence of Decimal/int (converted once)."""
    if isinstance(weights, Column):
        return weights
    try:
        return Column(weights)
    except _core.KalkylError as exc:
        exc.message = "kalkyl: %s[%s]: %s" % (what, exc.index, exc.message)
        raise


def _profile(profile):
    if profile is None:
        return None
    col = _weights(profile, "profile")
    if len(col) != 12:
        raise _py_error(InvalidError, "kalkyl: a monthly profile has 12 weights (January first), not %d" % len(col))
    return ctypes.cast(col.array, _DEC_P), col


def allocate_column(total, weights, scale, mode="largest_remainder"):
    """allocate() returning a kalkyl.Column (parts kept in C memory: for millions of weights).

    `weights` may be a kalkyl.Column, used in place with no per-element Python work."""
    code = _mode(mode)
    scale = _int32(scale, "scale", ScaleError)
    col = _weights(weights, "weights")
    n = len(col)
    out = (kalkyl_dec * max(n, 1))()
    status = _allocate_mode(_packed(total), ctypes.cast(col.array, _DEC_P), n, scale, code, out)
    if status:
        raise _error(status)
    return Column._wrap(out, n)


def allocate(total, weights, scale, mode="largest_remainder"):
    """Split `total` into len(weights) parts at exactly `scale` decimals by non-negative weights.

    The parts add up to `total` exactly. A negative total (a deficit) is split as
    |total| and negated. `mode` is an AllocationMode or its name; the default,
    largest_remainder, is kalkyl_allocate's. Returns a list of Decimal.
    """
    return allocate_column(total, weights, scale, mode).to_decimals()


def periodise(annual, scale, mode, profile=None):
    """The annual amount split into the 12 months January..December, adding up to it exactly.

    profile: 12 non-negative weights, January first (1 for every month and 0.5
    for July: fewer costs in July); None means equal months. Name the mode: with
    "cumulative" every year-to-date sum is the correctly rounded share of the year.
    """
    code = _mode(mode)
    scale = _int32(scale, "scale", ScaleError)
    prof = _profile(profile)
    out = (kalkyl_dec * 12)()
    status = _periodise(_packed(annual), prof[0] if prof else None, scale, code, out)
    if status:
        raise _error(status)
    return [_from(d) for d in out]


def budget_through_month(annual, month, scale, mode, profile=None):
    """The budget for January through `month` (1..12): the sum of the first `month`
    values periodise() gives for the same arguments."""
    code = _mode(mode)
    scale = _int32(scale, "scale", ScaleError)
    month = _int32(month, "month", InvalidError)
    prof = _profile(profile)
    out = kalkyl_dec()
    status = _budget_through_month(_packed(annual), prof[0] if prof else None, month, scale, code, out)
    if status:
        raise _error(status)
    return _from(out)

