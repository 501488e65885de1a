"""kalkyl.followup: the budget follow-up ledger (budget, outcome, forecast, variance).

The C functions of capi/kalkyl.h's section "Budget follow-up ledger" as a
Python class. A Ledger is a tree of rows (nämnd -> verksamhet -> konto) of
kind "revenue", "cost" or "net" (a net row nets its rows; its own budget is
its kommunbidrag). Amounts go in and come out as decimal.Decimal, exactly, in
kalkyl's one sign convention: costs, revenues and net costs positive; every
variance positive when it is good for the result. from_report() and
to_report() convert from and to the conventions reports print.

    >>> from kalkyl.followup import Ledger
    >>> with Ledger.from_dicts([
    ...     {"id": "SN", "kind": "net", "annual_budget": 685},           # kommunbidrag
    ...     {"id": "5731", "kind": "cost", "parent": "SN",
    ...      "annual_budget": 685, "outcome": [60] * 8,
    ...      "forecasts": {"Prognos": {"value": 729, "downside": 5, "upside": 5}}},
    ... ]) as ledger:
    ...     ledger.compute(8)
    ...     ledger.result_year("SN", "Prognos")
    Decimal('-44')

Bad input raises kalkyl.InvalidError (a ValueError) naming the row and the
reason: a duplicate id, an unknown parent, a cycle, a month outside 1..12,
an outcome on a net row, a forecast without enough history. A failed call
leaves the ledger as it was. A Ledger is not thread-safe: use one from one
thread at a time (or lock).

Big ledgers: from_dicts(), set_values_bulk() and set_manual_forecasts_bulk()
convert all the amounts of a load in bulk (one C parse per batch instead of
one conversion per amount), with the values, scales and errors of the
one-at-a-time methods; column(), get_many() and percent_many() read figures
for many rows and convert them to Decimal in bulk.
"""

import ctypes
import enum
import itertools
import struct
from decimal import Decimal

from . import _core, _native
from ._handle import OwnedHandle
from ._core import _error, _int32, _packed, _py_error
from ._native import kalkyl_dec, kalkyl_format, kalkyl_row_spec
from .errors import InvalidError, KalkylError, ScaleError

__all__ = [
    "RowKind",
    "Series",
    "Figure",
    "PercentFigure",
    "ForecastMethod",
    "Ledger",
    "backtest",
    "from_report",
    "to_report",
    "variance_from_report",
    "variance_to_report",
]


class RowKind(enum.IntEnum):
    """kalkyl_row_kind; the strings "revenue", "cost", "net" work everywhere."""

    REVENUE = 0
    COST = 1
    NET = 2


class Series(enum.IntEnum):
    """kalkyl_series; also "budget", "outcome", "prior_outcome"."""

    BUDGET = 0
    OUTCOME = 1
    PRIOR_OUTCOME = 2


class Figure(enum.IntEnum):
    """kalkyl_ledger_figure; also by lower-case name ("variance_ytd")."""

    BUDGET_YTD = 0
    BUDGET_YEAR = 1
    OUTCOME_YTD = 2
    PRIOR_OUTCOME_YTD = 3
    PRIOR_OUTCOME_YEAR = 4
    KOMMUNBIDRAG_YTD = 5
    KOMMUNBIDRAG_YEAR = 6
    VARIANCE_YTD = 7
    RESULT_YTD = 8
    CHANGE_YTD = 9
    FORECAST = 10
    VARIANCE_YEAR = 11
    RESULT_YEAR = 12
    CHANGE_YEAR = 13


class PercentFigure(enum.IntEnum):
    """kalkyl_percent_figure."""

    BUDGETHALLNING_YTD = 0
    BUDGETHALLNING_YEAR = 1
    CHANGE_YTD = 2
    CHANGE_YEAR = 3


class ForecastMethod(enum.IntEnum):
    """kalkyl_forecast_method; also "run_rate", "remaining_budget", ..."""

    RUN_RATE = 0
    REMAINING_BUDGET = 1
    LAST_YEAR_PROFILE = 2
    TREND = 3
    SEASONAL_TREND = 4
    MANUAL = 5


def _enum(cls, value, what):
    if isinstance(value, cls):
        return int(value)
    if isinstance(value, str):
        key = value.upper().replace("-", "_")
        if key in cls.__members__:
            return int(cls[key])
    elif isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(cls):
        return value
    names = ", ".join(m.name.lower() for m in cls)
    raise _py_error(InvalidError, "kalkyl: %s %r is not one of: %s" % (what, value, names))


def _text(value, what):
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    raise TypeError("kalkyl: %s must be str, not %s" % (what, type(value).__name__))


def _decs(values):
    values = list(values)
    if not values:
        return (kalkyl_dec * 1)(), 0
    return (kalkyl_dec * len(values)).from_buffer_copy(b"".join(_packed(v) for v in values)), len(values)


def _one(value):
    return kalkyl_dec.from_buffer_copy(_packed(value))


def _check(status):
    if status:
        raise _error(status)


_decimal = _core._decimal
_unpack = _core._unpack


def _read(d):
    lo, hi, scale, _ = _unpack(d)
    return _decimal(lo if hi == 0 else (hi << 64) | lo, scale)


# --- bulk conversion ------------------------------------------------------------------
#
# Converting amounts one at a time (_packed: ~1 us each) dominates a big load.
# _fill converts a whole list in one go: str() of every Decimal/int, joined by
# "\n", parsed by one kalkyl_dec_parse_lines call in the C locale. For a text
# made of digits, "." and "-" only, the C parser gives exactly what _packed
# gives (the digits at the written scale) or refuses it (more than 38 digits or
# 28 decimals, where _packed may drop trailing zeros). Everything else --
# exponent notation ("1E+3", "0E-7"), NaN, Infinity, refused or long texts,
# other types (float, bool, int subclasses, Decimal subclasses) -- is
# converted by _packed itself, so its value or its error is the one-at-a-time
# one.

_DEC_SIZE = _core._DEC_SIZE
_SIZE_MAX = _core._SIZE_MAX
_PLAIN_CHARS = "0123456789.-"
_PLAIN_BYTES = b"0123456789.-\n"
_PLAIN_MAX = 30  # characters: <= 30 digits and a scale <= 28 for any such text
_dec_str = Decimal.__str__
_PLAIN_TYPES = {Decimal, int}
_V = ctypes.c_void_p
_S = ctypes.c_size_t
_I32 = ctypes.c_int32
_INT = ctypes.c_int


def _plain_text(v):
    """str of an exact Decimal (or subclass, as _packed reads it) or int; None: ask _packed."""
    t = type(v)
    if t is int:
        return int.__repr__(v)
    if isinstance(v, Decimal):
        return _dec_str(v)
    return None


def _parse_into(data, n, arr):
    """Parse n lines of C-locale text into arr[0:n]; False (arr untouched) if any fails."""
    count, bad = ctypes.c_size_t(), ctypes.c_size_t()
    status = _core._parse_lines(data, len(data), b"\n", 0, arr, len(arr), ctypes.byref(count), ctypes.byref(bad))
    return status == 0 and count.value == n


def _fill(values, arr):
    """values (a list of amounts) into arr[0:len(values)] (a ctypes array of
    kalkyl_dec), exactly as _packed converts each; raises as _packed does."""
    n = len(values)
    if n == 0:
        return
    if set(map(type, values)) <= _PLAIN_TYPES:
        # The common case: every text plain ("-1234.50"). The C parser reads
        # such a text exactly as _packed does when it has at most 38 digits and
        # 28 decimals, and refuses it otherwise (then the general path below
        # decides, with _packed's rules).
        data = (("%s\n" * n) % tuple(values)).encode("ascii")
        if not data.translate(None, _PLAIN_BYTES) and _parse_into(data, n, arr):
            return
    special = []
    try:
        texts = list(map(_dec_str, values))
    except TypeError:  # not all Decimal
        texts = list(map(_plain_text, values))
        special = [k for k, t in enumerate(texts) if t is None]
        for k in special:
            texts[k] = "0"
    if max(map(len, texts)) > _PLAIN_MAX or "".join(texts).strip(_PLAIN_CHARS):
        more = [k for k, t in enumerate(texts) if len(t) > _PLAIN_MAX or t.strip(_PLAIN_CHARS)]
        for k in more:
            texts[k] = "0"
        special.extend(more)
    base = ctypes.addressof(arr)
    if not _parse_into("\n".join(texts).encode("ascii"), n, arr):  # pragma: no cover (plain texts parse)
        ctypes.memmove(base, b"".join(map(_packed, values)), n * _DEC_SIZE)
        return
    for k in special:
        ctypes.memmove(base + k * _DEC_SIZE, _packed(values[k]), _DEC_SIZE)


# kalkyl_dec -> Decimal in bulk: one kalkyl_dec_format_array call (C locale, no
# grouping, each value at its own scale) and decimal's own parser, which gives
# the same Decimal (digits and exponent) as _decimal(mantissa, scale).
_FORMAT_PLAIN = kalkyl_format(ctypes.sizeof(kalkyl_format), 0, -1, 0, 0, _native.KALKYL_FMT_NO_GROUPING)
_MAX_TEXT = 41  # "-" + 38 digits + "." (+ "0" before it) and the delimiter


def _to_decimals(arr, n):
    """The first n values of a ctypes array of kalkyl_dec as a list of Decimal, exactly."""
    if n == 0:
        return []
    needed, bad = ctypes.c_size_t(), ctypes.c_size_t()
    cap = _MAX_TEXT * n + 1
    buf = ctypes.create_string_buffer(cap)
    status = _core._format_array(arr, n, _FORMAT_PLAIN, b"\n", buf, cap, needed, bad)
    if status == _native.KALKYL_E_BUFFER:  # pragma: no cover (cap is enough)
        cap = needed.value
        buf = ctypes.create_string_buffer(cap)
        status = _core._format_array(arr, n, _FORMAT_PLAIN, b"\n", buf, cap, needed, bad)
    if status:
        raise _error(status, bad.value)
    return list(map(Decimal, ctypes.string_at(buf, needed.value - 1).decode("ascii").split("\n")))


# The ledger calls the bulk paths make per row, with pointers passed as plain
# addresses (c_void_p) into one converted array: no ctypes object per call.
_c_set_values = _core._bind("kalkyl_ledger_set_values", _V, _V, _S, _INT, _I32, _V, _S)
_c_set_manual_forecast = _core._bind("kalkyl_ledger_set_manual_forecast",
                                     _V, _V, _S, _V, _S, _I32, _V, _V, _V, _V, _S)
_c_get = _core._bind("kalkyl_ledger_get", _V, _V, _S, _INT, _V, _S, _V)
_c_percent = _core._bind("kalkyl_ledger_percent", _V, _V, _S, _INT, _V, _S, _I32, _INT, _V)

_BATCH = 1 << 15  # amounts converted at a time by a bulk load (bounded memory)


class _Loader:
    """Queues a bulk load's calls in order and runs them in batches: each
    batch's amounts are converted in one go (_fill), then the C calls run in
    the queued order with pointers into that array. If a batch's conversion
    fails, the batch runs through the one-at-a-time methods instead, so the
    first error (and everything set before it) is exactly what calling them in
    a loop gives. The queue is a few flat lists rather than an object per call
    (fewer objects for the cyclic garbage collector to walk)."""

    def __init__(self, ledger):
        self.ledger = ledger
        self.arr = None
        self._reset()

    def _reset(self):
        self.flat = []   # the amounts
        self.kind = []   # 0 set_values, 1 set_manual_forecast, 2 another call (in self.calls)
        self.rid = []    # the row's id (bytes)
        self.a = []      # series | forecast name
        self.b = []      # first month | month
        self.off = []    # where its amounts start in flat
        self.c = []      # how many amounts | author
        self.index = []  # the entry's position for the error's .index, or None
        self.calls = {}

    def values(self, rid, series, first_month, values, index=None):
        flat = self.flat
        off = len(flat)
        try:
            flat.extend(values)  # the amounts as they are now, as list(values) takes them
        except BaseException:
            del flat[off:]
            raise
        self.kind.append(0)
        self.rid.append(rid)
        self.a.append(series)
        self.b.append(first_month)
        self.off.append(off)
        self.c.append(len(flat) - off)
        self.index.append(index)
        if len(flat) >= _BATCH:
            self.flush()

    def forecast(self, rid, name, value, month, downside, upside, author, index=None):
        # the checks of set_manual_forecast before its amounts, in its order
        n, a = _text(name, "name"), _text(author, "author")
        m = _int32(month, "month", InvalidError)
        flat = self.flat
        self.kind.append(1)
        self.rid.append(rid)
        self.a.append(n)
        self.b.append(m)
        self.off.append(len(flat))
        self.c.append(a)
        self.index.append(index)
        flat += (value, downside, upside)
        if len(flat) >= _BATCH:
            self.flush()

    def call(self, fn, *args):
        self.calls[len(self.kind)] = (fn, args)
        for column in (self.kind, self.rid, self.a, self.b, self.off, self.c, self.index):
            column.append(2 if column is self.kind else None)

    def flush(self):
        flat, kinds, rids, aa, bb, offs, cc, indexes, calls = (
            self.flat, self.kind, self.rid, self.a, self.b, self.off, self.c, self.index, self.calls)
        self._reset()
        if not kinds:
            return
        ledger = self.ledger
        h = ledger._handle()
        arr = self.arr
        if arr is None or len(arr) < len(flat):
            arr = (kalkyl_dec * max(len(flat), 1))()
            if len(flat) <= _BATCH:
                self.arr = arr
        try:
            _fill(flat, arr)
        except Exception:  # noqa: BLE001 (the one-at-a-time path raises it in order)
            arr = None
        base = ctypes.addressof(arr) if arr is not None else 0
        set_values, set_manual = _c_set_values, _c_set_manual_forecast
        pos = -1
        try:
            for pos, (kind, rid, a, b, off, c) in enumerate(zip(kinds, rids, aa, bb, offs, cc)):
                if kind == 0:
                    if arr is None:
                        ledger.set_values(rid, a, flat[off:off + c], b)
                        continue
                    status = set_values(h, rid, len(rid), a, b, base + off * _DEC_SIZE, c)
                elif kind == 1:
                    if arr is None:
                        value, downside, upside = flat[off:off + 3]
                        ledger.set_manual_forecast(rid, a, value, b, downside, upside, c)
                        continue
                    p = base + off * _DEC_SIZE
                    status = set_manual(h, rid, len(rid), a, len(a), b, p, p + _DEC_SIZE, p + 2 * _DEC_SIZE,
                                        c, len(c))
                else:
                    fn, args = calls[pos]
                    fn(*args)
                    continue
                if status:
                    raise _error(status)
        except KalkylError as exc:
            if 0 <= pos < len(indexes) and kinds[pos] != 2 and indexes[pos] is not None:
                exc.index = indexes[pos]
            raise


_KINDS = {"revenue": 0, "cost": 1, "net": 2}
_ROW_SPEC = struct.Struct("@PNPNPNiI")  # kalkyl_row_spec
assert _ROW_SPEC.size == ctypes.sizeof(kalkyl_row_spec)


_SIGN = {  # kalkyl's sign -> the report's, per amount convention and kind
    "natural": {"revenue": 1, "cost": 1, "net": 1},
    "costs_negative": {"revenue": 1, "cost": -1, "net": -1},
    "revenues_negative": {"revenue": -1, "cost": 1, "net": 1},
}


def _factor(kind, amounts):
    kind = RowKind(_enum(RowKind, kind, "kind")).name.lower()
    if amounts not in _SIGN:
        raise _py_error(InvalidError, "kalkyl: amount sign %r is not one of: %s" % (amounts, ", ".join(_SIGN)))
    return _SIGN[amounts][kind], kind


def from_report(amount, kind, amounts="natural"):
    """A printed amount of a row of `kind` in kalkyl's convention. `amounts`:
    "natural" (all positive), "costs_negative" (Uppsala, Eskilstuna) or
    "revenues_negative" (debit/credit exports)."""
    s, _ = _factor(kind, amounts)
    return Decimal(amount) if s > 0 else -Decimal(amount)


to_report = from_report  # the factor is its own inverse


def variance_from_report(variance, kind, convention="good_positive", amounts="natural"):
    """A printed variance in kalkyl's convention (positive = good). `convention`:
    "good_positive", "outcome_minus_budget" or "budget_minus_outcome" (on the
    report's signed amounts, as `amounts` says)."""
    s, k = _factor(kind, amounts)
    c = 1 if k == "revenue" else -1
    factors = {"good_positive": 1, "outcome_minus_budget": c * s, "budget_minus_outcome": -c * s}
    if convention not in factors:
        raise _py_error(InvalidError, "kalkyl: variance convention %r is not one of: %s"
                        % (convention, ", ".join(factors)))
    return Decimal(variance) if factors[convention] > 0 else -Decimal(variance)


variance_to_report = variance_from_report


class Ledger(OwnedHandle):
    """A budget follow-up ledger over the C library's kalkyl_ledger handle.

    Use it as a context manager (or call close()); the handle is also freed
    when the object is collected."""

    _free = "kalkyl_ledger_free"
    _kind = "Ledger"

    def __init__(self):
        handle = ctypes.c_void_p()
        _check(_native.lib.kalkyl_ledger_new(ctypes.byref(handle)))
        self._own(handle)

    @classmethod
    def _adopt(cls, handle):
        """A Ledger over a handle the C library made (kalkyl_sie_to_ledger); it frees it."""
        self = cls.__new__(cls)
        self._own(handle)
        return self

    def __len__(self):
        n = ctypes.c_size_t()
        _check(self._lib.kalkyl_ledger_row_count(self._handle(), ctypes.byref(n)))
        return n.value

    # --- building -----------------------------------------------------------------

    def add_row(self, id, name="", kind="cost", parent=None):  # noqa: A002 (the domain's word)
        """Add a row under `parent` (None: a root); the parent must exist."""
        i, n = _text(id, "id"), _text(name, "name")
        p = _text(parent, "parent") if parent is not None else None
        _check(self._lib.kalkyl_ledger_add_row(self._handle(), i, len(i), n, len(n), _enum(RowKind, kind, "kind"),
                                               p, len(p) if p is not None else 0))

    def add_rows(self, rows):
        """Add rows in any order (a parent may follow its children): all or none.
        Each row is a dict with "id" and optionally "name", "kind", "parent", or a
        tuple (id, name, kind, parent). The error's .index is the row at fault."""
        rows = list(rows)
        texts, kinds, has_parent = [], [], []
        for row in rows:
            if isinstance(row, dict):
                i, n, kind, p = row["id"], row.get("name", ""), row.get("kind", "cost"), row.get("parent")
            else:
                i, n, kind, p = (tuple(row) + ("", "cost", None))[:4]
            # _text, with str (the common case) inline
            i = i.encode("utf-8") if type(i) is str else _text(i, "id")
            n = n.encode("utf-8") if type(n) is str else _text(n or "", "name")
            if p is not None:
                p = p.encode("utf-8") if type(p) is str else _text(p, "parent")
            k = _KINDS.get(kind) if type(kind) is str else None
            texts += (i, n, p or b"")
            kinds.append(k if k is not None else _enum(RowKind, kind, "kind"))
            has_parent.append(p is not None)
        # The specs point into one buffer holding every text (kept alive below).
        blob = b"".join(texts)
        base = _core._address(blob)
        starts = itertools.accumulate(map(len, texts), initial=base)
        lens = list(map(len, texts))
        addr = list(starts)
        pack = _ROW_SPEC.pack
        specs = b"".join([pack(addr[3 * k], lens[3 * k], addr[3 * k + 1], lens[3 * k + 1],
                               addr[3 * k + 2] if has_parent[k] else 0, lens[3 * k + 2], kinds[k], 0)
                          for k in range(len(rows))])
        c_specs = (kalkyl_row_spec * max(len(rows), 1)).from_buffer_copy(specs or bytes(_ROW_SPEC.size))
        bad = ctypes.c_size_t()
        status = self._lib.kalkyl_ledger_add_rows(self._handle(), c_specs, len(rows), ctypes.byref(bad))
        del blob
        if status:
            raise _error(status, bad.value)

    def set_values(self, id, series, values, first_month=1):  # noqa: A002
        """Set consecutive months of a series ("budget", "outcome", "prior_outcome") from first_month on."""
        i = _text(id, "id")
        arr, n = _decs(values)
        _check(self._lib.kalkyl_ledger_set_values(self._handle(), i, len(i), _enum(Series, series, "series"),
                                                  _int32(first_month, "first_month", InvalidError), arr, n))

    def set_budget(self, id, values, first_month=1):  # noqa: A002
        self.set_values(id, Series.BUDGET, values, first_month)

    def set_outcome(self, id, values, first_month=1):  # noqa: A002
        self.set_values(id, Series.OUTCOME, values, first_month)

    def set_prior_outcome(self, id, values, first_month=1):  # noqa: A002
        self.set_values(id, Series.PRIOR_OUTCOME, values, first_month)

    def set_values_bulk(self, series, values, first_month=1):
        """Set one series of many rows: `values` is a mapping {id: amounts} or an
        iterable of (id, amounts) pairs, amounts as for set_values (up to 12,
        from first_month on). The same as calling set_values(id, series, amounts,
        first_month) for each entry in order -- same values, same scales, same
        errors -- but the amounts are converted in bulk (one C parse per batch
        instead of one conversion per amount).

        Not atomic across rows: on an error the entries before the failing one
        are set (each row's own call changes nothing when it fails); the
        error's .index is the position of the failing entry."""
        s = _enum(Series, series, "series")
        m = _int32(first_month, "first_month", InvalidError)
        items = values.items() if hasattr(values, "items") else values
        loader = _Loader(self)
        err = None
        try:
            add = loader.values
            for k, (rid, amounts) in enumerate(items):
                add(rid.encode("utf-8") if type(rid) is str else _text(rid, "id"), s, m, amounts, k)
        except Exception as exc:  # noqa: BLE001 (raised after the entries before it, as a loop would)
            err = exc
        loader.flush()
        if err is not None:
            raise err

    def set_manual_forecasts_bulk(self, name, forecasts, month=12):
        """Store the forecast `name` on many rows: `forecasts` is a mapping {id:
        value} or {id: {"value", "downside", "upside", "author", "month"}} (or an
        iterable of such (id, ...) pairs); `month` is the default month. The same
        as set_manual_forecast for each entry in order, with the amounts converted
        in bulk. Not atomic across rows (see set_values_bulk); the error's .index
        is the position of the failing entry."""
        items = forecasts.items() if hasattr(forecasts, "items") else forecasts
        loader = _Loader(self)
        err = None
        try:
            for k, (rid, f) in enumerate(items):
                if not isinstance(f, dict):
                    f = {"value": f}
                loader.forecast(_text(rid, "id"), name, f["value"], f.get("month", month), f.get("downside", 0),
                                f.get("upside", 0), f.get("author", ""), k)
        except Exception as exc:  # noqa: BLE001
            err = exc
        loader.flush()
        if err is not None:
            raise err

    def set_annual_budget(self, id, annual, profile=None, scale=0, mode="cumulative"):  # noqa: A002
        """The twelve monthly budgets (on a net row: the kommunbidrag) periodised from
        an annual amount by `profile` (12 weights; None: equal months)."""
        from .allocate import _mode

        i = _text(id, "id")
        prof = None
        if profile is not None:
            prof, n = _decs(profile)
            if n != 12:
                raise _py_error(InvalidError, "kalkyl: a monthly profile has 12 weights, not %d" % n)
        _check(self._lib.kalkyl_ledger_set_annual_budget(self._handle(), i, len(i), ctypes.byref(_one(annual)), prof,
                                                         _int32(scale, "scale", ScaleError), _mode(mode)))

    def add_forecast(self, id, name, method, month, scale, rounding):  # noqa: A002
        """Compute a full-year forecast by `method` as of `month` and store it as `name`; returns it."""
        i, n = _text(id, "id"), _text(name, "name")
        out = kalkyl_dec()
        _check(self._lib.kalkyl_ledger_add_forecast(
            self._handle(), i, len(i), n, len(n), _enum(ForecastMethod, method, "method"),
            _int32(month, "month", InvalidError), _int32(scale, "scale", ScaleError), _core._rounding(rounding),
            ctypes.byref(out)))
        return _read(out)

    def set_manual_forecast(self, id, name, value, month=12, downside=0, upside=0, author=""):  # noqa: A002
        """Store a person's forecast with the author's spread (downside, upside >= 0)."""
        i, n, a = _text(id, "id"), _text(name, "name"), _text(author, "author")
        _check(self._lib.kalkyl_ledger_set_manual_forecast(
            self._handle(), i, len(i), n, len(n), _int32(month, "month", InvalidError),
            ctypes.byref(_one(value)), ctypes.byref(_one(downside)), ctypes.byref(_one(upside)), a, len(a)))

    def forecast_info(self, id, name):  # noqa: A002
        """The forecast stored on the row itself: dict(method, month, value, downside, upside)."""
        i, n = _text(id, "id"), _text(name, "name")
        method, month = ctypes.c_int32(), ctypes.c_int32()
        v, d, u = kalkyl_dec(), kalkyl_dec(), kalkyl_dec()
        _check(self._lib.kalkyl_ledger_forecast_info(self._handle(), i, len(i), n, len(n), ctypes.byref(method),
                                                     ctypes.byref(month), ctypes.byref(v), ctypes.byref(d),
                                                     ctypes.byref(u)))
        return {"method": ForecastMethod(method.value), "month": month.value, "value": _read(v),
                "downside": _read(d), "upside": _read(u)}

    @classmethod
    def from_dicts(cls, rows, month=None):
        """A ledger from a list of dicts, one a row, in any order:

            id, name, kind ("revenue" | "cost" | "net"), parent   (the tree)
            budget          up to 12 monthly amounts from January (net row: kommunbidrag)
            annual_budget   or an annual amount, periodised by
                            profile (12 weights, default equal), budget_scale
                            (default: the amount's), budget_mode (default "cumulative")
            outcome, prior_outcome   up to 12 monthly amounts from January
            forecasts       {name: value} or {name: {"value", "downside", "upside",
                            "author", "month"}}

        All or nothing: on any error the exception names the row and no ledger
        is returned. With `month`, compute(month) is called before returning."""
        rows = list(rows)
        ledger = cls()
        try:
            ledger.add_rows(rows)
            # The calls of the one-at-a-time version, in its order, queued and
            # run in batches with the amounts converted in bulk (see _Loader);
            # an error is raised after the calls queued before it have run.
            loader = _Loader(ledger)
            err = None
            try:
                for row in rows:
                    rid = _text(row["id"], "id")
                    if "budget" in row:
                        loader.values(rid, Series.BUDGET, 1, row["budget"])
                    if "annual_budget" in row:
                        annual = row["annual_budget"]
                        scale = row.get("budget_scale")
                        if scale is None:
                            scale = max(0, -Decimal(annual).as_tuple().exponent)
                        loader.call(ledger.set_annual_budget, rid, annual, row.get("profile"), scale,
                                    row.get("budget_mode", "cumulative"))
                    if "outcome" in row:
                        loader.values(rid, Series.OUTCOME, 1, row["outcome"])
                    if "prior_outcome" in row:
                        loader.values(rid, Series.PRIOR_OUTCOME, 1, row["prior_outcome"])
                    for name, f in (row.get("forecasts") or {}).items():
                        if not isinstance(f, dict):
                            f = {"value": f}
                        loader.forecast(rid, name, f["value"], f.get("month", 12), f.get("downside", 0),
                                        f.get("upside", 0), f.get("author", ""))
            except Exception as exc:  # noqa: BLE001
                err = exc
            loader.flush()
            if err is not None:
                raise err
            if month is not None:
                ledger.compute(month)
        except BaseException:
            ledger.close()
            raise
        return ledger

    # --- figures ------------------------------------------------------------------

    def compute(self, month):
        """Roll up every row's figures through `month` (1..12); again after any change."""
        _check(self._lib.kalkyl_ledger_compute(self._handle(), _int32(month, "month", InvalidError)))

    def get(self, id, what, forecast=None):  # noqa: A002
        """One figure of one row (Figure or its name), exactly, as a Decimal."""
        i = _text(id, "id")
        f = _text(forecast, "forecast") if forecast is not None else None
        out = kalkyl_dec()
        _check(self._lib.kalkyl_ledger_get(self._handle(), i, len(i), _enum(Figure, what, "figure"), f,
                                           len(f) if f is not None else 0, ctypes.byref(out)))
        return _read(out)

    def column(self, what, forecast=None):
        """One figure of every row, in the order the rows were added: one C call."""
        n = len(self)
        f = _text(forecast, "forecast") if forecast is not None else None
        out = (kalkyl_dec * max(n, 1))()
        _check(self._lib.kalkyl_ledger_get_column(self._handle(), _enum(Figure, what, "figure"), f,
                                                  len(f) if f is not None else 0, out, n))
        return _to_decimals(out, n)

    def get_many(self, ids, what, forecast=None):
        """get(id, what, forecast) for each id, as a list: the same figures and
        errors (the error's .index is the position of the failing id), with
        the conversion to Decimal done in bulk."""
        return self._many(_c_get, ids, (_enum(Figure, what, "figure"),), forecast, ())

    def percent_many(self, ids, what, scale, rounding, forecast=None):
        """percent(id, what, scale, rounding, forecast) for each id, as a list
        (one C call per row: the C API has no percent column; the arguments are
        checked once and the results converted in bulk)."""
        return self._many(_c_percent, ids, (_enum(PercentFigure, what, "percent figure"),), forecast,
                          (_int32(scale, "scale", ScaleError), _core._rounding(rounding)))

    def _many(self, fn, ids, head, forecast, tail):
        ids = [_text(i, "id") for i in ids]
        f = _text(forecast, "forecast") if forecast is not None else None
        flen = len(f) if f is not None else 0
        h = self._handle()
        n = len(ids)
        out = (kalkyl_dec * max(n, 1))()
        addr = ctypes.addressof(out)
        for k, i in enumerate(ids):
            status = fn(h, i, len(i), *head, f, flen, *tail, addr + k * _DEC_SIZE)
            if status:
                raise _error(status, k)
        return _to_decimals(out, n)

    def percent(self, id, what, scale, rounding, forecast=None):  # noqa: A002
        """A percentage figure (budgethållning, change) at `scale` decimals, rounded by `rounding`."""
        i = _text(id, "id")
        f = _text(forecast, "forecast") if forecast is not None else None
        out = kalkyl_dec()
        _check(self._lib.kalkyl_ledger_percent(self._handle(), i, len(i), _enum(PercentFigure, what, "percent figure"),
                                               f, len(f) if f is not None else 0, _int32(scale, "scale", ScaleError),
                                               _core._rounding(rounding), ctypes.byref(out)))
        return _read(out)

    # the named shorthands
    def budget_ytd(self, id):  # noqa: A002
        return self.get(id, Figure.BUDGET_YTD)

    def budget_year(self, id):  # noqa: A002
        return self.get(id, Figure.BUDGET_YEAR)

    def outcome_ytd(self, id):  # noqa: A002
        return self.get(id, Figure.OUTCOME_YTD)

    def variance_ytd(self, id):  # noqa: A002
        return self.get(id, Figure.VARIANCE_YTD)

    def result_ytd(self, id):  # noqa: A002
        return self.get(id, Figure.RESULT_YTD)

    def forecast(self, id, name):  # noqa: A002
        return self.get(id, Figure.FORECAST, name)

    def variance_year(self, id, forecast):  # noqa: A002
        return self.get(id, Figure.VARIANCE_YEAR, forecast)

    def result_year(self, id, forecast):  # noqa: A002
        return self.get(id, Figure.RESULT_YEAR, forecast)

    def budgethallning(self, id, forecast, scale, rounding):  # noqa: A002
        """Result / kommunbidrag in percent for the year by `forecast` (None: to date)."""
        what = PercentFigure.BUDGETHALLNING_YTD if forecast is None else PercentFigure.BUDGETHALLNING_YEAR
        return self.percent(id, what, scale, rounding, forecast)


def backtest(outcomes, method, scale, rounding, budgets=None):
    """Run `method` on consecutive earlier years (each 12 monthly outcomes, the
    oldest first) at every month; returns one list of 12 errors per year,
    error = forecast − final outcome, None where the method lacked history."""
    years = [list(y) for y in outcomes]
    for k, y in enumerate(years):
        if len(y) != 12:
            raise _py_error(InvalidError, "kalkyl: year %d has %d months, not 12" % (k, len(y)))
    n = len(years)
    flat, _ = _decs([v for y in years for v in y])
    bflat = None
    if budgets is not None:
        bl = [list(y) for y in budgets]
        if len(bl) != n or any(len(y) != 12 for y in bl):
            raise _py_error(InvalidError, "kalkyl: budgets must have 12 months for each of the %d years" % n)
        bflat, _ = _decs([v for y in bl for v in y])
    errors = (kalkyl_dec * max(12 * n, 1))()
    valid = (ctypes.c_uint8 * max(12 * n, 1))()
    _check(_native.lib.kalkyl_backtest(flat, bflat, n, _enum(ForecastMethod, method, "method"),
                                       _int32(scale, "scale", ScaleError), _core._rounding(rounding), errors, valid))
    return [[_read(errors[12 * y + m]) if valid[12 * y + m] else None for m in range(12)] for y in range(n)]
