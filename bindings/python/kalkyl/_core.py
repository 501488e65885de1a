"""kalkyl._core: the Python API over the C ABI (re-exported by kalkyl/__init__.py).

Amounts are decimal.Decimal on the Python side and kalkyl_dec on the C side;
the conversion in both directions is exact integer arithmetic (never float).
Columns of amounts stay in C memory (Column) so that parsing and summing a
million values costs one C call each and no per-element Python work.
"""

import array
import builtins
import concurrent.futures
import ctypes
import decimal
import enum
import itertools
import operator
import os
import struct
from decimal import Decimal

from . import _native
from ._native import kalkyl_dec, kalkyl_format
from .errors import (
    STATUS_NAMES,
    InvalidError,
    KalkylError,
    KalkylOverflowError,
    ParseError,
    ScaleError,
    error_class,
)

_lib = _native.lib = _native.load()

MAX_DIGITS = 38  # |mantissa| <= 10^38 - 1
MAX_SCALE = 28
_LIMIT = 10**MAX_DIGITS
_MASK64 = (1 << 64) - 1
_INT32_MIN, _INT32_MAX = -(1 << 31), (1 << 31) - 1
_INT64_MIN, _INT64_MAX = -(1 << 63), (1 << 63) - 1

# A context in which the few Decimal operations the conversion uses (multiply
# by 10^-k, scaleb) are exact: 38 digits never need rounding at 80, and any
# rounding would raise.
_EXACT = decimal.Context(
    prec=80,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=-999999,
    Emax=999999,
    traps=[decimal.InvalidOperation, decimal.Inexact, decimal.Rounded, decimal.Overflow, decimal.Underflow],
)

# The C functions, looked up once (attribute access on a CDLL is a dict lookup each time).
_parse = _lib.kalkyl_dec_parse
_from_int = _lib.kalkyl_dec_from_int
_sum = _lib.kalkyl_sum
_sum_units = _lib.kalkyl_sum_units
_parse_array = _lib.kalkyl_dec_parse_array
_parse_lines = _lib.kalkyl_dec_parse_lines
_format_array = _lib.kalkyl_dec_format_array


# The single-value calls again, with each `const kalkyl_dec *` input declared
# as c_void_p: the binding passes an input as its 24 packed bytes (struct
# "=QqiI", kalkyl_dec's layout) instead of building a ctypes Structure, which
# makes a call much cheaper. Outputs stay kalkyl_dec. _lib keeps the header's types.
def _bind(name, *argtypes):
    return ctypes.CFUNCTYPE(ctypes.c_int, *argtypes)((name, _lib))


_V = ctypes.c_void_p
_DEC_P = ctypes.POINTER(kalkyl_dec)
_add = _bind("kalkyl_dec_add", _V, _V, _DEC_P)
_sub = _bind("kalkyl_dec_sub", _V, _V, _DEC_P)
_mul = _bind("kalkyl_dec_mul", _V, _V, _DEC_P)
_div = _bind("kalkyl_dec_div", _V, _V, ctypes.c_int32, ctypes.c_int, _DEC_P)
_round = _bind("kalkyl_dec_round", _V, ctypes.c_int32, ctypes.c_int, _DEC_P)
_cmp = _bind("kalkyl_dec_cmp", _V, _V, ctypes.POINTER(ctypes.c_int))
_to_double = _bind("kalkyl_dec_to_double", _V, ctypes.POINTER(ctypes.c_double))
_format = _bind("kalkyl_dec_format", _V, ctypes.POINTER(kalkyl_format), ctypes.POINTER(ctypes.c_char),
                ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t))

_LAYOUT = struct.Struct("=QqiI")  # lo, hi, scale, reserved: kalkyl_dec in native byte order
assert _LAYOUT.size == ctypes.sizeof(kalkyl_dec)
_pack = _LAYOUT.pack
_unpack = _LAYOUT.unpack_from
_DEC_SIZE = _LAYOUT.size

_SIZE_T_CODE = next(c for c in "LQI" if array.array(c).itemsize == ctypes.sizeof(ctypes.c_size_t))
_INT64_CODE = "q"  # array.array of int64_t


# --- errors ---------------------------------------------------------------------


def _status_name(status):
    name = _lib.kalkyl_status_name(status)
    return name.decode("ascii", "replace") if name else STATUS_NAMES.get(status, "KALKYL_E_UNKNOWN")


_SIZE_MAX = (1 << (8 * ctypes.sizeof(ctypes.c_size_t))) - 1


def _error(status, index=None):
    """The exception for a failed C call, with this thread's kalkyl_last_error().

    index: a batch call's *bad_index; SIZE_MAX (not about one element) becomes None."""
    if index == _SIZE_MAX:
        index = None
    message = _lib.kalkyl_last_error()
    message = message.decode("utf-8", "replace") if message else ""
    name = _status_name(status)
    if not message:
        message = name
    return error_class(status)(message, status, name, index)


def _py_error(cls, message, index=None):
    """An error detected on the Python side, shaped like the C library's."""
    return cls(message, cls.status, _status_name(cls.status), index)


# --- enums ------------------------------------------------------------------------


class Rounding(enum.IntEnum):
    """kalkyl_rounding. Strings ("half_up") and decimal.ROUND_* constants are accepted too."""

    HALF_UP = 0  # ties away from zero: 2.5 -> 3, -2.5 -> -3 (Swedish practice; decimal.ROUND_HALF_UP)
    HALF_EVEN = 1  # ties to even (banker's rounding)
    HALF_DOWN = 2  # ties toward zero
    DOWN = 3  # toward zero (truncate)
    UP = 4  # away from zero
    FLOOR = 5  # toward minus infinity
    CEILING = 6  # toward plus infinity


class Locale(enum.IntEnum):
    """kalkyl_locale. Strings "sv-SE", "C" and "auto" are accepted too."""

    C = 0
    SV_SE = 1
    AUTO = 2  # parsing only


class Unit(enum.IntEnum):
    """The display unit: the exponent of ten that kronor are divided by."""

    KR = 0
    TKR = 3
    MNKR = 6


ROUNDING_NAMES = tuple(m.name.lower() for m in Rounding)

_ROUNDING_BY_NAME = {m.name.lower(): m for m in Rounding}
_ROUNDING_BY_NAME.update({"round_" + m.name.lower(): m for m in Rounding})  # decimal.ROUND_HALF_UP etc.
_LOCALE_BY_NAME = {
    "c": Locale.C,
    "en": Locale.C,
    "posix": Locale.C,
    "sv-se": Locale.SV_SE,
    "sv_se": Locale.SV_SE,
    "sv": Locale.SV_SE,
    "auto": Locale.AUTO,
    "automatic": Locale.AUTO,
}
_UNIT_BY_NAME = {"kr": Unit.KR, "tkr": Unit.TKR, "mnkr": Unit.MNKR, "mkr": Unit.MNKR}


def _rounding(mode):
    if isinstance(mode, Rounding):
        return int(mode)
    if isinstance(mode, str):
        found = _ROUNDING_BY_NAME.get(mode.lower().replace("-", "_"))
        if found is not None:
            return int(found)
    elif isinstance(mode, int) and not isinstance(mode, bool) and 0 <= mode < len(Rounding):
        return mode
    if mode is None:
        raise _py_error(
            InvalidError,
            "kalkyl: a rounding mode is required here (kalkyl has no default rounding); "
            "name one of: %s" % ", ".join(ROUNDING_NAMES),
        )
    raise _py_error(
        InvalidError, "kalkyl: unknown rounding mode %r; use one of: %s" % (mode, ", ".join(ROUNDING_NAMES))
    )


def _locale(locale):
    if isinstance(locale, Locale):
        return int(locale)
    if isinstance(locale, str):
        found = _LOCALE_BY_NAME.get(locale.lower())
        if found is not None:
            return int(found)
    elif isinstance(locale, int) and not isinstance(locale, bool) and 0 <= locale < len(Locale):
        return locale
    raise _py_error(InvalidError, 'kalkyl: unknown locale %r; use "sv-SE", "C" or "auto"' % (locale,))


def _unit(unit):
    if isinstance(unit, str):
        found = _UNIT_BY_NAME.get(unit.lower())
        if found is not None:
            return int(found)
    elif isinstance(unit, int) and not isinstance(unit, bool) and unit in (0, 3, 6):
        return int(unit)
    raise _py_error(InvalidError, 'kalkyl: unknown unit %r; use "kr", "tkr" or "mnkr"' % (unit,))


def _int32(value, what, cls):
    """A Python int for a C int32 parameter (ctypes would silently wrap a larger one)."""
    if isinstance(value, bool) or not isinstance(value, int):
        try:
            value = operator.index(value)
        except TypeError:
            raise TypeError("kalkyl: %s must be an int, not %s" % (what, type(value).__name__)) from None
    if not _INT32_MIN <= value <= _INT32_MAX:
        raise _py_error(cls, "kalkyl: %s %d is out of range" % (what, value))
    return value


# --- decimal.Decimal <-> kalkyl_dec, exactly ----------------------------------------


def _fit(m, scale, value):
    """(mantissa, scale) in kalkyl's range: the written scale is kept when it fits;
    otherwise only trailing zeros are dropped. Never rounds."""
    if scale > MAX_SCALE or not -_LIMIT < m < _LIMIT:
        while scale > 0 and (scale > MAX_SCALE or not -_LIMIT < m < _LIMIT) and m % 10 == 0:
            m //= 10
            scale -= 1
        if scale > MAX_SCALE:
            raise _py_error(
                ScaleError,
                "kalkyl: %s needs %d decimals; kalkyl holds at most %d (it does not round: "
                "use decimal's quantize() or kalkyl.round_to() first)" % (value, scale, MAX_SCALE),
            )
        if not -_LIMIT < m < _LIMIT:
            raise _py_error(
                KalkylOverflowError,
                "kalkyl: %s needs %d digits; kalkyl holds at most %d" % (value, len(str(abs(m))), MAX_DIGITS),
            )
    return m, scale


def _decimal_parts(value):
    if not value.is_finite():
        raise _py_error(InvalidError, "kalkyl: %s is not an amount (NaN and Infinity have no kalkyl value)" % value)
    text = Decimal.__str__(value)  # not a subclass's __str__
    if "E" not in text and "e" not in text:
        # Plain notation ("-1234.50", "0.00"): the digits and the written scale.
        dot = text.find(".")
        if dot < 0:
            m, scale = int(text), 0
        else:
            m, scale = int(text.replace(".", "", 1)), len(text) - dot - 1
        if scale <= MAX_SCALE and len(text) <= MAX_DIGITS:  # 38 characters hold at most 38 digits
            return m, scale
        return _fit(m, scale, value)
    sign, digits, exponent = value.as_tuple()
    coefficient = int("".join(map(str, digits)))
    if sign:
        coefficient = -coefficient
    if exponent > 0:
        if coefficient == 0:
            return 0, 0
        if len(digits) + exponent > MAX_DIGITS:
            raise _py_error(
                KalkylOverflowError,
                "kalkyl: %s needs %d digits; kalkyl holds at most %d" % (value, len(digits) + exponent, MAX_DIGITS),
            )
        return coefficient * 10**exponent, 0
    return _fit(coefficient, -exponent, value)


def _parts(value):
    """(mantissa, scale) of a Decimal or an int, exactly; floats are refused."""
    kind = type(value)
    if kind is Decimal:
        return _decimal_parts(value)
    if kind is int:
        if -_LIMIT < value < _LIMIT:
            return value, 0
        return _fit(value, 0, value)
    if isinstance(value, Decimal):
        return _decimal_parts(value)
    if isinstance(value, float):
        raise TypeError(
            "kalkyl: float %r refused: amounts never pass through binary floating point; "
            "use decimal.Decimal(%r) or kalkyl.parse()" % (value, str(value))
        )
    if isinstance(value, bool):
        raise TypeError("kalkyl: a bool is not an amount")
    if isinstance(value, (str, bytes)):
        raise TypeError("kalkyl: text %r is not an amount; use kalkyl.parse(text, locale)" % (value,))
    try:
        m = operator.index(value)  # int subclasses, numpy integers
    except TypeError:
        raise TypeError("kalkyl: %s is not an amount; use decimal.Decimal or int" % type(value).__name__) from None
    return _fit(m, 0, value)


def _packed(value):
    """`value` as the 24 bytes of a kalkyl_dec (for the c_void_p inputs)."""
    if type(value) is Decimal and value.is_finite():
        # _decimal_parts' common case, inlined: this is most of a call's cost.
        text = str(value)
        if len(text) <= MAX_DIGITS and "E" not in text and "e" not in text:
            dot = text.find(".")
            if dot < 0:
                m = int(text)
                return _pack(m & _MASK64, m >> 64, 0, 0)
            scale = len(text) - dot - 1
            if scale <= MAX_SCALE:
                m = int(text.replace(".", "", 1))
                return _pack(m & _MASK64, m >> 64, scale, 0)
    m, scale = _parts(value)
    return _pack(m & _MASK64, m >> 64, scale, 0)


# 10^-k as Decimals: Decimal(m) * 10^-k is m at scale k, exactly (in _EXACT).
_TENTHS = [Decimal(1).scaleb(-k) for k in range(MAX_SCALE + 1)]
_exact_multiply = _EXACT.multiply


def _decimal(m, scale):
    """mantissa * 10^-scale as a Decimal with exactly that exponent."""
    if scale == 0:
        return Decimal(m)
    if 0 < scale <= MAX_SCALE:
        return _exact_multiply(Decimal(m), _TENTHS[scale])
    return Decimal(m).scaleb(-scale, _EXACT)


def to_kalkyl_dec(value):
    """A decimal.Decimal or int as a new kalkyl_dec, exactly (ScaleError / KalkylOverflowError
    when it does not fit 38 digits and 28 decimals; TypeError for float)."""
    m, scale = _parts(value)
    return kalkyl_dec(m & _MASK64, m >> 64, scale, 0)


def from_kalkyl_dec(d):
    """A kalkyl_dec as a decimal.Decimal with the same scale, exactly."""
    lo, hi, scale, _ = _unpack(d)
    return _decimal(lo if hi == 0 else (hi << 64) | lo, scale)


def mantissa_scale(value):
    """(mantissa, scale) as kalkyl would store `value` (an exact Decimal or int)."""
    return _parts(value)


_from = from_kalkyl_dec


def _set(d, value):
    m, scale = _parts(value)
    d.lo = m & _MASK64
    d.hi = m >> 64
    d.scale = scale
    return scale


# --- single values -------------------------------------------------------------------


def parse(text, locale="sv-SE"):
    """The amount written in `text` (str, or UTF-8 bytes), at its written scale.

    locale: "sv-SE" (default: "−1 234,5", "178.503", "(1 234)"), "C" ("-1234.5")
    or "auto" (either; a text that reads two ways raises AmbiguousError).
    Raises ParseError (with the position and reason), AmbiguousError,
    KalkylOverflowError or ScaleError.
    """
    data = _encode(text)
    out = kalkyl_dec()
    status = _parse(data, len(data), _locale(locale), out)
    if status:
        raise _error(status)
    return _from(out)


def _encode(text):
    if isinstance(text, str):
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise _py_error(ParseError, "kalkyl: the text %r is not valid Unicode: %s" % (text, exc)) from None
    if isinstance(text, bytes):
        return text
    if isinstance(text, (bytearray, memoryview)):
        return bytes(text)
    raise TypeError("kalkyl: text must be str or bytes, not %s" % type(text).__name__)


def from_units(units, scale):
    """units * 10^-scale as a Decimal (kalkyl_dec_from_int): from_units(123456, 2) == Decimal("1234.56")."""
    units = _int64(units)
    out = kalkyl_dec()
    status = _from_int(units, _int32(scale, "scale", ScaleError), out)
    if status:
        raise _error(status)
    return _from(out)


def _int64(units):
    if isinstance(units, bool) or not isinstance(units, int):
        if isinstance(units, float):
            raise TypeError("kalkyl: units must be an int, not float")
        units = operator.index(units)
    if not _INT64_MIN <= units <= _INT64_MAX:
        raise _py_error(KalkylOverflowError, "kalkyl: units %d do not fit a signed 64-bit integer" % units)
    return units


def add(a, b):
    """a + b, exactly (the result has the larger scale)."""
    out = kalkyl_dec()
    status = _add(_packed(a), _packed(b), out)
    if status:
        raise _error(status)
    return _from(out)


def sub(a, b):
    """a - b, exactly."""
    out = kalkyl_dec()
    status = _sub(_packed(a), _packed(b), out)
    if status:
        raise _error(status)
    return _from(out)


def mul(a, b):
    """a * b, exactly (scale = sum of the scales, trailing zeros dropped only if it must)."""
    out = kalkyl_dec()
    status = _mul(_packed(a), _packed(b), out)
    if status:
        raise _error(status)
    return _from(out)


def div(a, b, scale, rounding):
    """a / b at exactly `scale` decimals (0..28), rounded by the named mode; no default."""
    mode = _rounding(rounding)
    scale = _int32(scale, "scale", ScaleError)
    out = kalkyl_dec()
    status = _div(_packed(a), _packed(b), scale, mode, out)
    if status:
        raise _error(status)
    return _from(out)


def round_to(value, scale, rounding):
    """`value` at exactly `scale` decimals, rounded by the named mode (like Decimal.quantize).

    Named round_to so as not to shadow the builtin round(); raising the scale
    is exact (round_to(Decimal("1.5"), 2, "half_up") == Decimal("1.50")).
    """
    mode = _rounding(rounding)
    scale = _int32(scale, "scale", ScaleError)
    out = kalkyl_dec()
    status = _round(_packed(value), scale, mode, out)
    if status:
        raise _error(status)
    return _from(out)


def cmp(a, b):
    """-1, 0 or 1; equal values compare equal whatever their scale (1.50 == 1.5)."""
    out = ctypes.c_int()
    status = _cmp(_packed(a), _packed(b), out)
    if status:
        raise _error(status)
    return (out.value > 0) - (out.value < 0)


def to_float(value):
    """The nearest float. Lossy: for charts only, never for amounts."""
    out = ctypes.c_double()
    status = _to_double(_packed(value), out)
    if status:
        raise _error(status)
    return out.value


# --- formatting ---------------------------------------------------------------------

_GROUPING_FLAGS = {"standard": 0, "space": _native.KALKYL_FMT_ASCII_SPACE, "none": _native.KALKYL_FMT_NO_GROUPING}
_MINUS_FLAGS = {"-": 0, "hyphen": 0, "\u2212": _native.KALKYL_FMT_UNICODE_MINUS, "unicode": _native.KALKYL_FMT_UNICODE_MINUS}


class _Spec:
    """A checked kalkyl_format and what the Python side needs to know about it."""

    __slots__ = ("struct", "decimals", "unit_exponent", "rounding")


def _spec(locale, decimals, unit, rounding, grouping, minus, parentheses, plus):
    spec = _Spec()
    fmt = kalkyl_format()
    fmt.size = ctypes.sizeof(kalkyl_format)
    fmt.locale = _locale(locale)
    if decimals is None:
        fmt.decimals = -1
    else:
        fmt.decimals = _int32(decimals, "decimals", InvalidError)
        if fmt.decimals < 0:
            raise _py_error(InvalidError, "kalkyl: decimals must be 0..28 or None (keep the value's scale)")
    fmt.unit_exponent = _unit(unit)
    # C has no "no rounding" value; the Python side refuses to drop digits
    # without a named mode (_check_drop) and passes half_up when none is named.
    fmt.rounding = 0 if rounding is None else _rounding(rounding)
    flags = _GROUPING_FLAGS.get(grouping)
    if flags is None:
        raise _py_error(InvalidError, 'kalkyl: grouping must be "standard", "space" or "none", not %r' % (grouping,))
    minus_flag = _MINUS_FLAGS.get(minus)
    if minus_flag is None:
        raise _py_error(InvalidError, 'kalkyl: minus must be "-" or "\u2212" (U+2212), not %r' % (minus,))
    flags |= minus_flag
    if parentheses:
        flags |= _native.KALKYL_FMT_PARENS
    if plus:
        flags |= _native.KALKYL_FMT_PLUS
    fmt.flags = flags
    spec.struct = fmt
    spec.decimals = None if decimals is None else fmt.decimals
    spec.unit_exponent = fmt.unit_exponent
    spec.rounding = rounding
    return spec


def _check_drop(spec, scale, index=None):
    """kalkyl has no default rounding: refuse to drop digits unless a mode is named.

    Digits are dropped when `decimals` is less than the value's scale after the
    unit's division (scale + unit exponent); this depends on the scale only, not
    on whether the dropped digits happen to be zeros, so a column formats the
    same way whatever its values."""
    if spec.rounding is None and spec.decimals is not None and spec.decimals < scale + spec.unit_exponent:
        unit = {0: "kr", 3: "tkr", 6: "mnkr"}[spec.unit_exponent]
        raise _py_error(
            InvalidError,
            "kalkyl: decimals=%d drops digits of an amount with %d decimals in %s; "
            "name a rounding mode (rounding=\"half_up\", ...): kalkyl has no default rounding"
            % (spec.decimals, scale + spec.unit_exponent, unit),
            index,
        )


def format(  # noqa: A001 (kalkyl.format: module attribute, not exported by *)
    value,
    *,
    locale="sv-SE",
    decimals=None,
    unit="kr",
    rounding=None,
    grouping="standard",
    minus="-",
    parentheses=False,
    plus=False,
):
    """The amount as text for people.

    locale: "sv-SE" ("−1 234,50" with U+00A0 groups) or "C" ("-1,234.50").
    decimals: digits after the mark; None keeps the value's own scale (after
    the unit's division, which is exact). unit: "kr", "tkr" or "mnkr".
    rounding: required when `decimals` drops digits (no default; InvalidError
    otherwise). grouping: "standard" (U+00A0 in sv-SE, "," in C), "space"
    (U+0020) or "none". minus: "-" or "\u2212". parentheses: negatives as
    "(1 234)". plus: positives as "+1 234".
    """
    spec = _spec(locale, decimals, unit, rounding, grouping, minus, parentheses, plus)
    m, scale = _parts(value)
    _check_drop(spec, scale)
    return _format_one(_pack(m & _MASK64, m >> 64, scale, 0), spec.struct)


_FORMAT_CAP = 128  # capi/kalkyl.h: "the longest text any value can need is well under 128 bytes"


def _format_one(d, fmt):
    cap = _FORMAT_CAP
    buf = ctypes.create_string_buffer(cap)
    needed = ctypes.c_size_t()
    status = _format(d, fmt, buf, cap, needed)
    if status == _native.KALKYL_E_BUFFER:
        size = needed.value + 1
        buf = ctypes.create_string_buffer(size)
        status = _format(d, fmt, buf, size, needed)
    if status:
        raise _error(status)
    return buf.value.decode("utf-8")


# --- columns ----------------------------------------------------------------------------


class Column:
    """A column of amounts held in C memory (a ctypes array of kalkyl_dec).

    Parse a column with Column.parse(texts) or Column.parse_lines(data), total
    it with .sum(), format it with .format(): each is one C call, with no
    per-element Python work. Indexing and iteration give decimal.Decimal;
    .to_decimals() converts the whole column. Column(values) builds one from
    Decimals and ints.
    """

    __slots__ = ("_array", "_n")

    def __init__(self, values=()):
        if not isinstance(values, (list, tuple)):
            values = list(values)
        n = len(values)
        arr = (kalkyl_dec * max(n, 1))()
        for i, value in enumerate(values):
            try:
                _set(arr[i], value)
            except KalkylError as exc:
                exc.index = i
                raise
        self._array = arr
        self._n = n

    @classmethod
    def _wrap(cls, arr, n):
        col = cls.__new__(cls)
        col._array = arr
        col._n = n
        return col

    @classmethod
    def from_array(cls, arr, n=None):
        """Wrap an existing ctypes array of kalkyl_dec (not copied) and its first n elements."""
        if not isinstance(arr, ctypes.Array) or arr._type_ is not kalkyl_dec:
            raise TypeError("kalkyl: from_array needs a ctypes array of kalkyl_dec")
        n = len(arr) if n is None else n
        if not 0 <= n <= len(arr):
            raise ValueError("kalkyl: n=%d outside the array's %d elements" % (n, len(arr)))
        return cls._wrap(arr, n)

    @classmethod
    def parse(cls, texts, locale="sv-SE", threads=1):
        """Parse a sequence of texts (str or bytes) in C, with no Python work
        per text beyond joining them (threads: as for parse_lines).

        Raises ParseError etc. with .index set to the failing element.
        """
        if not isinstance(texts, (list, tuple)):
            texts = list(texts)
        n = len(texts)
        loc = _locale(locale)
        out = (kalkyl_dec * max(n, 1))()
        if n == 0:
            return cls._wrap(out, 0)
        joined = None
        try:
            joined = "\n".join(texts).encode("utf-8")
        except (TypeError, UnicodeEncodeError):
            pass
        if joined is not None and texts[-1] and joined.count(b"\n") == n - 1:
            # No text holds the delimiter and the last one is not empty (a
            # trailing delimiter ends a column, it does not start an element):
            # one line per text, no offsets to build.
            count = _parse_chunks(joined, b"\n", loc, out, _threads(threads))
            if count != n:  # pragma: no cover (guarded above)
                raise _py_error(KalkylError, "kalkyl: parse_lines read %d of %d texts" % (count, n))
            return cls._wrap(out, n)
        encoded = [_encode_element(t, i) for i, t in enumerate(texts)]
        buf = b"".join(encoded)
        offsets = array.array(_SIZE_T_CODE, itertools.accumulate(map(len, encoded), initial=0))
        c_offsets = (ctypes.c_size_t * (n + 1)).from_buffer(offsets)
        bad = ctypes.c_size_t()
        status = _parse_array(buf, c_offsets, n, loc, out, bad)
        if status:
            raise _error(status, bad.value)
        return cls._wrap(out, n)

    @classmethod
    def parse_lines(cls, data, locale="sv-SE", delimiter="\n", threads=1):
        """Parse a text column given as one str or bytes (the contents of a
        file), elements split at `delimiter` (one ASCII character; a trailing
        one does not start an empty element; "\r\n" lines are fine).

        threads: how many threads share the work (0: one per CPU; the
        default, 1, starts none). Raises ParseError etc. with .index set to
        the failing element."""
        data = _encode(data)
        delim = _delimiter(delimiter)
        loc = _locale(locale)
        threads = _threads(threads)
        out = (kalkyl_dec * (data.count(delim) + 1))()
        return cls._wrap(out, _parse_chunks(data, delim, loc, out, threads))

    def __len__(self):
        return self._n

    def __getitem__(self, index):
        if isinstance(index, slice):
            return Column._wrap_copy([self._array[i] for i in range(*index.indices(self._n))])
        index = operator.index(index)
        if index < 0:
            index += self._n
        if not 0 <= index < self._n:
            raise IndexError("kalkyl.Column index out of range")
        return _from(self._array[index])

    @staticmethod
    def _wrap_copy(decs):
        n = len(decs)
        arr = (kalkyl_dec * max(n, 1))()
        for i, d in enumerate(decs):
            arr[i] = d
        return Column._wrap(arr, n)

    def __iter__(self):
        raw = memoryview(self._array).cast("B")[: self._n * _DEC_SIZE]
        decimal_ = _decimal
        for lo, hi, scale, _ in _LAYOUT.iter_unpack(raw):
            yield decimal_(lo if hi == 0 else (hi << 64) | lo, scale)

    def __repr__(self):
        head = ", ".join(str(v) for v in itertools.islice(self, 5))
        return "kalkyl.Column([%s%s], n=%d)" % (head, ", ..." if self._n > 5 else "", self._n)

    def __eq__(self, other):
        if not isinstance(other, Column):
            return NotImplemented
        return len(self) == len(other) and all(cmp(a, b) == 0 for a, b in zip(self, other))

    __hash__ = None

    @property
    def array(self):
        """The ctypes array of kalkyl_dec (may be longer than len(self))."""
        return self._array

    def sum(self):
        """The exact sum (kalkyl_sum): one C call, scale = the largest in the column."""
        out = kalkyl_dec()
        status = _sum(self._array, self._n, out)
        if status:
            raise _error(status)
        return _from(out)

    def max_scale(self):
        """The largest scale in the column (0 for an empty one)."""
        if self._n == 0:
            return 0
        # kalkyl_dec is six 32-bit words; `scale` is the fifth.
        words = memoryview(self._array).cast("B").cast("i")
        return max(words[4 : 6 * self._n : 6])

    def to_decimals(self):
        """The column as a list of decimal.Decimal, exactly (each at its own scale)."""
        return list(self)

    def format(self, **options):
        """Each amount formatted (same options as kalkyl.format), in one C call."""
        return _format_column(self._array, self._n, self.max_scale, options)


def _encode_element(text, index):
    if isinstance(text, str):
        try:
            return text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise _py_error(ParseError, "kalkyl: text %d is not valid Unicode: %s" % (index, exc), index) from None
    if isinstance(text, (bytes, bytearray, memoryview)):
        return bytes(text)
    raise TypeError("kalkyl: texts must be str or bytes, element %d is %s" % (index, type(text).__name__))


def _delimiter(delimiter):
    if isinstance(delimiter, str) and delimiter.isascii():
        delimiter = delimiter.encode("ascii")
    if not isinstance(delimiter, bytes) or len(delimiter) != 1 or delimiter[0] > 0x7F:
        raise _py_error(InvalidError, "kalkyl: the delimiter must be one ASCII character, not %r" % (delimiter,))
    return delimiter


_FORMAT_DEFAULTS = dict(
    locale="sv-SE",
    decimals=None,
    unit="kr",
    rounding=None,
    grouping="standard",
    minus="-",
    parentheses=False,
    plus=False,
)


def _format_column(arr, n, max_scale, options):
    """max_scale: a callable, called only when digits may be dropped without a mode."""
    unknown = set(options) - set(_FORMAT_DEFAULTS)
    if unknown:
        raise TypeError("kalkyl: unknown format option(s): %s" % ", ".join(sorted(unknown)))
    opts = dict(_FORMAT_DEFAULTS, **options)
    spec = _spec(**opts)
    if n == 0:
        return []
    if spec.rounding is None and spec.decimals is not None and spec.decimals < max_scale() + spec.unit_exponent:
        # Name the first element that would lose digits.
        words = memoryview(arr).cast("B").cast("i")
        limit = spec.decimals - spec.unit_exponent
        first = next(i for i, s in enumerate(words[4 : 6 * n : 6]) if s > limit)
        _check_drop(spec, words[4 + 6 * first], first)
    needed = ctypes.c_size_t()
    bad = ctypes.c_size_t()
    cap = 24 * n + 64
    buf = ctypes.create_string_buffer(cap)
    status = _format_array(arr, n, spec.struct, b"\n", buf, cap, needed, bad)
    if status == _native.KALKYL_E_BUFFER:
        cap = needed.value + 1
        buf = ctypes.create_string_buffer(cap)
        status = _format_array(arr, n, spec.struct, b"\n", buf, cap, needed, bad)
    if status:
        raise _error(status, bad.value)
    return buf.value.decode("utf-8").split("\n")


# Texts are parsed in chunks of about this many bytes, each straight into its
# place in the result: the C side's temporary copy (it writes nothing on
# failure) then stays small and in cache instead of doubling a big column's
# memory, a total (sum_lines) needs no column at all, and the chunks can be
# shared out to threads (every C call releases the GIL).
_CHUNK_BYTES = 1 << 16


def _address(data):
    """The address of a bytes object's buffer (valid while `data` lives)."""
    return ctypes.cast(ctypes.c_char_p(data), ctypes.c_void_p).value


def _chunks(data, delim):
    """(begin, end) byte ranges covering data, each of about _CHUNK_BYTES and
    ending just after a delimiter (or at the end): a chunk holds whole
    elements, and at most _CHUNK_BYTES + 1 of them."""
    n = len(data)
    pos = 0
    while pos < n:
        cut = data.find(delim, pos + _CHUNK_BYTES) if pos + _CHUNK_BYTES < n else -1
        end = n if cut < 0 else cut + 1
        yield pos, end
        pos = end


def _threads(threads):
    if threads is None:
        return 1
    if isinstance(threads, bool) or not isinstance(threads, int) or threads < 0:
        raise _py_error(InvalidError, "kalkyl: threads must be an int >= 0 (0: one per CPU), not %r" % (threads,))
    return threads if threads else (os.cpu_count() or 1)


def _run_groups(data, delim, threads, work):
    """Calls work(chunks, first_index) on contiguous groups of the chunks, one
    group per thread; first_index is the number of elements before the group
    (every chunk but the last ends with a delimiter). Returns the results in
    order; each is (elements, error or None, ...)."""
    chunks = list(_chunks(data, delim))
    k = max(1, min(threads, len(chunks)))
    if k == 1:
        return [work(chunks, 0)]
    groups = [chunks[i * len(chunks) // k: (i + 1) * len(chunks) // k] for i in range(k)]
    firsts = [data.count(delim, 0, group[0][0]) for group in groups]
    with concurrent.futures.ThreadPoolExecutor(max_workers=k, thread_name_prefix="kalkyl") as pool:
        return list(pool.map(work, groups, firsts))


def _raise_first(results):
    """Raise the error of the earliest failing group (groups stop at their first)."""
    for result in results:
        if result[1] is not None:
            raise result[1]


def _parse_chunks(data, delim, loc, out, threads=1):
    """Parse the elements of `data` into out[0...]; returns how many.
    Raises with .index counted over the whole text."""
    base = _address(data)
    room = len(out)
    view = out[0]  # a kalkyl_dec view of out, for pointers into it

    def work(chunks, first):
        count = ctypes.c_size_t()
        bad = ctypes.c_size_t()
        written = first
        for begin, end in chunks:
            status = _parse_lines(base + begin, end - begin, delim, loc,
                                  ctypes.byref(view, written * _DEC_SIZE), room - written, count, bad)
            if status:  # the message is this thread's: build the exception here
                return written - first, _error(status, None if bad.value == _SIZE_MAX else written + bad.value)
            written += count.value
        return written - first, None

    results = _run_groups(data, delim, threads, work)
    _raise_first(results)
    return builtins.sum(result[0] for result in results)


_SUM_SAFE = 10**37  # see sum_lines


def sum_lines(data, locale="sv-SE", delimiter="\n", threads=1):
    """The exact total of a text column (str or bytes, split as Column.parse_lines
    splits it), without keeping the column: parse + sum in chunks, in C.

    threads: how many threads share the chunks (0: one per CPU); each C call
    releases the GIL. The default, 1, starts none.

    The result is exactly Column.parse_lines(data, locale, delimiter).sum():
    each chunk is summed by kalkyl_sum and the chunk sums are summed again;
    that is the same total at the same scale unless a chunk's sum had to drop
    trailing zeros to fit (then its mantissa has 38 digits) or overflowed
    (cancellation between chunks may make the total fit). In those two rare
    cases the whole column is parsed and summed at once instead.
    """
    data = _encode(data)
    delim = _delimiter(delimiter)
    loc = _locale(locale)
    threads = _threads(threads)
    base = _address(data)

    def work(chunks, first):
        """(elements, error, chunk sums or None when the whole column must be summed)"""
        buf = (kalkyl_dec * (_CHUNK_BYTES + 1))()
        count = ctypes.c_size_t()
        bad = ctypes.c_size_t()
        sums = []
        seen = first
        for begin, end in chunks:
            status = _parse_lines(base + begin, end - begin, delim, loc, buf, _CHUNK_BYTES + 1, count, bad)
            if status:
                return seen - first, _error(status, None if bad.value == _SIZE_MAX else seen + bad.value), None
            seen += count.value
            part = kalkyl_dec()
            status = _sum(buf, count.value, part)
            if status == _native.KALKYL_E_OVERFLOW or (
                    status == 0 and not -_SUM_SAFE < ((part.hi << 64) | part.lo) < _SUM_SAFE):
                return seen - first, None, None
            if status:
                return seen - first, _error(status), None
            sums.append(part)
        return seen - first, None, sums

    results = _run_groups(data, delim, threads, work)
    _raise_first(results)
    if any(result[2] is None for result in results):
        return Column.parse_lines(data, loc, delim, threads).sum()
    sums = [part for result in results for part in result[2]]
    total = kalkyl_dec()
    status = _sum((kalkyl_dec * max(len(sums), 1))(*sums), len(sums), total)
    if status:
        raise _error(status)
    return _from(total)


# --- module-level column functions --------------------------------------------------------


def parse_array(texts, locale="sv-SE", threads=1):
    """A list of texts parsed in C (see Column.parse), as a list of Decimal.

    Errors carry .index, the failing text. For a column you only total or
    format, Column.parse(texts) skips the conversion to Decimal."""
    return Column.parse(texts, locale, threads).to_decimals()


def format_array(values, **options):
    """Each value (Decimal, int, or a Column) formatted in one C call; options as format()."""
    if isinstance(values, Column):
        return values.format(**options)
    col = Column(values)
    return _format_column(col._array, col._n, col.max_scale, options)


def sum(values):  # noqa: A001 (kalkyl.sum: module attribute, not exported by *)
    """The exact sum of Decimals/ints (or a Column: no conversion at all)."""
    if not isinstance(values, Column):
        values = Column(values)
    return values.sum()


def sum_units(units, scale):
    """The exact sum of integer minor units at one scale (öre at scale 2), as a Decimal.

    units: any iterable of ints, or (without a copy) an array.array('q') or
    another buffer of int64."""
    scale = _int32(scale, "scale", ScaleError)
    buf = None
    if isinstance(units, array.array) and units.itemsize == 8 and units.typecode in "ql":
        buf = units
    elif isinstance(units, memoryview) and units.itemsize == 8 and units.format in ("q", "l", "<q", "=q"):
        buf = units
    if buf is not None:
        n = len(buf)
        if n == 0:
            c_units = (ctypes.c_int64 * 1)()
        elif isinstance(buf, memoryview) and buf.readonly:
            c_units = (ctypes.c_int64 * n).from_buffer_copy(buf)
        else:
            c_units = (ctypes.c_int64 * n).from_buffer(buf)
    else:
        if isinstance(units, (str, bytes)):
            raise TypeError("kalkyl: sum_units needs integers, not text")
        try:
            buf = array.array(_INT64_CODE, units)
        except OverflowError:
            raise _py_error(KalkylOverflowError, "kalkyl: sum_units: every unit must fit a signed 64-bit integer") from None
        n = len(buf)
        c_units = (ctypes.c_int64 * max(n, 1)).from_buffer(buf) if n else (ctypes.c_int64 * 1)()
    out = kalkyl_dec()
    status = _sum_units(c_units, n, scale, out)
    if status:
        raise _error(status)
    return _from(out)


# --- version -------------------------------------------------------------------------------


def library_version():
    """kalkyl_version() of the loaded C library ("0.1.0")."""
    return _lib.kalkyl_version().decode("ascii")


def abi_version():
    """kalkyl_abi_version() of the loaded C library."""
    return int(_lib.kalkyl_abi_version())


def library_path():
    """The path the C library was loaded from."""
    return _lib._name
