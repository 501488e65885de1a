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
"""

import ctypes
import enum
from decimal import Decimal

from . import _core, _native
from ._core import _error, _int32, _packed, _py_error
from ._native import kalkyl_dec, kalkyl_row_spec
from .errors import InvalidError, ScaleError

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


class Ledger:
    """A budget follow-up ledger over the C library's kalkyl_ledger handle.

    Use it as a context manager (or call close()); the handle is also freed
    when the object is collected."""

    def __init__(self):
        handle = ctypes.c_void_p()
        _check(_native.lib.kalkyl_ledger_new(ctypes.byref(handle)))
        self._h = handle
        self._lib = _native.lib

    # --- life cycle ---------------------------------------------------------------

    def close(self):
        """Free the C ledger; the object cannot be used afterwards. Idempotent."""
        h, self._h = getattr(self, "_h", None), None
        if h is not None and h.value:
            self._lib.kalkyl_ledger_free(h)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 (interpreter shutdown)
            pass

    def _handle(self):
        if self._h is None:
            raise _py_error(InvalidError, "kalkyl: this Ledger is closed")
        return self._h

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
        specs = (kalkyl_row_spec * max(len(rows), 1))()
        keep = []
        for k, row in enumerate(rows):
            if isinstance(row, dict):
                i, n, kind, p = row["id"], row.get("name", ""), row.get("kind", "cost"), row.get("parent")
            else:
                i, n, kind, p = (tuple(row) + ("", "cost", None))[:4]
            i, n = _text(i, "id"), _text(n or "", "name")
            p = _text(p, "parent") if p is not None else None
            keep.append((i, n, p))
            spec = specs[k]
            spec.id, spec.id_len, spec.name, spec.name_len = i, len(i), n, len(n)
            spec.parent, spec.parent_len = p, len(p) if p is not None else 0
            spec.kind = _enum(RowKind, kind, "kind")
        bad = ctypes.c_size_t()
        status = self._lib.kalkyl_ledger_add_rows(self._handle(), specs, len(rows), ctypes.byref(bad))
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
            for row in rows:
                rid = row["id"]
                if "budget" in row:
                    ledger.set_budget(rid, row["budget"])
                if "annual_budget" in row:
                    annual = row["annual_budget"]
                    scale = row.get("budget_scale")
                    if scale is None:
                        scale = max(0, -Decimal(annual).as_tuple().exponent)
                    ledger.set_annual_budget(rid, annual, row.get("profile"), scale, row.get("budget_mode", "cumulative"))
                if "outcome" in row:
                    ledger.set_outcome(rid, row["outcome"])
                if "prior_outcome" in row:
                    ledger.set_prior_outcome(rid, row["prior_outcome"])
                for name, f in (row.get("forecasts") or {}).items():
                    if not isinstance(f, dict):
                        f = {"value": f}
                    ledger.set_manual_forecast(rid, name, f["value"], f.get("month", 12), f.get("downside", 0),
                                               f.get("upside", 0), f.get("author", ""))
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
        size = ctypes.sizeof(kalkyl_dec)
        result = []
        for k in range(n):
            lo, hi, scale, _ = _unpack(out, k * size)
            result.append(_decimal(lo if hi == 0 else (hi << 64) | lo, scale))
        return result

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
