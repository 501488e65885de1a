"""kalkyl.band: forecast-uncertainty bands, their sums, empirical bands, Monte Carlo and grading.

The C functions of capi/kalkyl.h's section "Forecast-uncertainty bands", made
Pythonic: amounts in and out as decimal.Decimal (or int; floats are refused),
probabilities and coverage levels as float in (0, 1).

    >>> from kalkyl import band
    >>> b = band.Band.from_spread(-30, 5, 5, level=0.8)   # Uppsala aug 2024, mnkr
    >>> b
    Band(low=Decimal('-35'), point=Decimal('-30'), high=Decimal('-25'), level=0.8)
    >>> b.contains(Decimal("-23.5")), b.excess(Decimal("-23.5"))     # the year's outcome
    (False, Decimal('1.5'))
    >>> band.band_sum([band.Band(-3, 0, 6), band.Band(6, 10, 18)], "independent", scale=2, rounding="half_up")
    Band(low=Decimal('5.00'), point=Decimal('10.00'), high=Decimal('20.00'), level=None)
    >>> band.grade([b], [Decimal("-23.5")], scale=2, rounding="half_up").interval_score
    Decimal('25.00')

Amounts that come out of statistics (square roots, simulation, scores) are
ESTIMATES: computed in double inside the library and rounded at the scale
and by the rounding the caller names. Simulations are seeded and give the
same numbers on every platform.

Bad input raises kalkyl.InvalidError (a ValueError): a band whose low is
above its point (or point above its high), a negative spread, a correlation
matrix of the wrong size, not symmetric or not positive semidefinite, a
level outside (0, 1), no rows, zero scenarios.
"""

import ctypes
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Dict, NamedTuple, Optional

from . import _native
from ._core import _error, _from, _int32, _packed, _py_error, _rounding, to_kalkyl_dec
from ._native import kalkyl_dec
from .errors import InvalidError, ScaleError

__all__ = [
    "Band",
    "Aggregation",
    "BandSource",
    "EmpiricalBand",
    "Simulation",
    "BandScores",
    "band_sum",
    "empirical_band",
    "monte_carlo",
    "bootstrap",
    "grade",
    "QUANTILE_LEVELS",
]

_lib = _native.lib
_band = _native.kalkyl_band

AGGREGATIONS = ("worst_case", "independent", "correlated")
SOURCES = ("history", "widened_to_range", "default_spread")
QUANTILE_LEVELS = (0.05, 0.10, 0.50, 0.90, 0.95)


class Aggregation:
    """kalkyl_aggregation's numbers; the names as strings work everywhere."""

    WORST_CASE = 0
    INDEPENDENT = 1
    CORRELATED = 2


class BandSource:
    """kalkyl_band_source's numbers."""

    HISTORY = 0
    WIDENED_TO_RANGE = 1
    DEFAULT_SPREAD = 2


def _amount(value, what):
    if isinstance(value, float):
        raise TypeError("kalkyl: %s: float %r refused: amounts are decimal.Decimal or int" % (what, value))
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise TypeError("kalkyl: %s must be a decimal.Decimal or an int, not %s" % (what, type(value).__name__))
    return Decimal(value)


def _level(level, what="level"):
    if isinstance(level, bool):
        raise TypeError("kalkyl: %s must be a number in (0, 1)" % what)
    try:
        value = float(level)
    except (TypeError, ValueError):
        raise TypeError("kalkyl: %s must be a number in (0, 1), not %r" % (what, level)) from None
    if not 0.0 < value < 1.0:
        raise _py_error(InvalidError, "kalkyl: %s %r is outside (0, 1) (0.8 is an 80 %% band)" % (what, level))
    return value


@dataclass(frozen=True)
class Band:
    """A forecast band: low <= point <= high (amounts), optionally the coverage level it claims."""

    low: Decimal
    point: Decimal
    high: Decimal
    level: Optional[float] = None

    def __post_init__(self):
        low = _amount(self.low, "low")
        point = _amount(self.point, "point")
        high = _amount(self.high, "high")
        if low > point:
            raise _py_error(InvalidError, "kalkyl: band: low %s is above point %s" % (low, point))
        if point > high:
            raise _py_error(InvalidError, "kalkyl: band: point %s is above high %s" % (point, high))
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "point", point)
        object.__setattr__(self, "high", high)
        if self.level is not None:
            object.__setattr__(self, "level", _level(self.level))

    @classmethod
    def from_spread(cls, point, downside, upside, level=None):
        """[point − downside, point + upside] (prognosspann = prognos ∓ försämring/förbättring), exactly.

        downside and upside are magnitudes >= 0, else InvalidError."""
        out = _band()
        status = _lib.kalkyl_band_from_spread(
            to_kalkyl_dec(point), to_kalkyl_dec(downside), to_kalkyl_dec(upside), ctypes.byref(out)
        )
        if status:
            raise _error(status)
        return cls._from_c(out, level)

    @classmethod
    def _from_c(cls, b, level=None):
        return cls(_from(b.low), _from(b.point), _from(b.high), level)

    def _to_c(self):
        return _band(to_kalkyl_dec(self.low), to_kalkyl_dec(self.point), to_kalkyl_dec(self.high))

    @property
    def downside(self):
        return self.point - self.low

    @property
    def upside(self):
        return self.high - self.point

    @property
    def width(self):
        return self.high - self.low

    def contains(self, outcome):
        """low <= outcome <= high (the ends belong to the band)."""
        return self._excess(outcome)[0]

    def excess(self, outcome):
        """How far outside: outcome − high (> 0) above, outcome − low (< 0) below, 0 inside. Exact."""
        return self._excess(outcome)[1]

    def _excess(self, outcome):
        inside = ctypes.c_int()
        excess = kalkyl_dec()
        status = _lib.kalkyl_band_excess(
            ctypes.byref(self._to_c()), to_kalkyl_dec(outcome), ctypes.byref(inside), ctypes.byref(excess)
        )
        if status:
            raise _error(status)
        return bool(inside.value), _from(excess)


class EmpiricalBand(NamedTuple):
    band: Band
    source: str  # "history", "widened_to_range" or "default_spread"
    history: int  # how many errors were given
    achieved_level: float  # the coverage the small-sample rule guarantees
    stretched_to_point: bool  # an end was moved to the point (a biased method)


class Simulation(NamedTuple):
    scenarios: int
    mean: Decimal  # estimate
    quantiles: Dict[float, Decimal]  # {0.05: ..., 0.10: ..., 0.50: ..., 0.90: ..., 0.95: ...}, estimates
    p_at_least_zero: float  # P(total >= 0): "budget i balans"
    p_inside: Optional[float]  # P(total inside target), None without a target


class BandScores(NamedTuple):
    count: int
    bias: Decimal  # mean(outcome − point); > 0: the forecasts were too pessimistic
    mean_absolute_error: Decimal
    coverage: float  # share of outcomes inside their band
    interval_score: Decimal  # Winkler's interval score (mean); an estimate
    pinball_low: Decimal  # pinball loss of low as the α/2 quantile (mean)
    pinball_point: Decimal  # of point as the median
    pinball_high: Decimal  # of high as the 1 − α/2 quantile


def _scale_mode(scale, rounding):
    return _int32(scale, "scale", ScaleError), _rounding(rounding)


def _how(how):
    if isinstance(how, str):
        key = how.lower().replace("-", "_").replace(" ", "_")
        if key in AGGREGATIONS:
            return AGGREGATIONS.index(key)
    elif isinstance(how, int) and not isinstance(how, bool) and 0 <= how < len(AGGREGATIONS):
        return how
    raise _py_error(InvalidError, "kalkyl: unknown aggregation %r; use one of: %s" % (how, ", ".join(AGGREGATIONS)))


def _bands(bands, what="bands"):
    bands = list(bands)
    for i, b in enumerate(bands):
        if not isinstance(b, Band):
            raise TypeError("kalkyl: %s[%d] is a %s, not a kalkyl.band.Band" % (what, i, type(b).__name__))
    arr = (_band * max(len(bands), 1))()
    for i, b in enumerate(bands):
        arr[i] = b._to_c()
    return bands, arr


def _decs(values, what):
    values = list(values)
    arr = (kalkyl_dec * max(len(values), 1))()
    for i, v in enumerate(values):
        try:
            arr[i] = to_kalkyl_dec(v)
        except TypeError as exc:
            raise TypeError("kalkyl: %s[%d]: %s" % (what, i, exc)) from None
    return len(values), arr


def _correlation(correlation, n):
    """A flat n*n ctypes double array from rows (a list of lists, a NumPy array) or a flat sequence."""
    if correlation is None:
        return None
    rows = list(correlation)
    if rows and not isinstance(rows[0], (int, float)) and hasattr(rows[0], "__len__"):
        if len(rows) != n or any(len(r) != n for r in rows):
            raise _py_error(
                InvalidError, "kalkyl: correlation must be %d x %d (one row and column per band)" % (n, n)
            )
        flat = [float(x) for r in rows for x in r]
    else:
        flat = [float(x) for x in rows]
        if len(flat) != n * n:
            raise _py_error(
                InvalidError, "kalkyl: correlation has %d values; %d bands need %d x %d" % (len(flat), n, n, n)
            )
    return (ctypes.c_double * max(len(flat), 1))(*flat)


def band_sum(bands, how="worst_case", correlation=None, *, scale, rounding):
    """The band of the sum of the rows (verksamheter → nämnd → kommun).

    how: "worst_case" (spreads add), "independent" (root sum of squares, each
    side apart) or "correlated" (sqrt(dᵀ R d) with the n x n `correlation`,
    which must be symmetric, unit-diagonal and positive semidefinite). The
    result is at `scale` decimals: the point and both spreads rounded by
    `rounding` ("up" never narrows the band); spreads from a square root are
    estimates.
    """
    code = _how(how)
    scale, mode = _scale_mode(scale, rounding)
    bands, arr = _bands(bands)
    n = len(bands)
    r = None
    if code == Aggregation.CORRELATED:
        if correlation is None and n > 0:
            raise _py_error(InvalidError, "kalkyl: the correlated sum needs a correlation matrix")
        r = _correlation(correlation, n) if correlation is not None else None
    elif correlation is not None:
        raise _py_error(InvalidError, "kalkyl: a correlation matrix is only read for how='correlated'")
    out = _band()
    status = _lib.kalkyl_band_sum(arr, n, code, r, scale, mode, ctypes.byref(out))
    if status:
        raise _error(status)
    return Band._from_c(out)


def empirical_band(
    point, errors, level, *, min_history=3, remaining_budget=0, default_rate=0, scale, rounding
):
    """The band at `level` around `point` from a back-test's errors (outcome − forecast) at this month.

    The rule (distribution-free): with the n errors sorted, α = (1 − level)/2,
    k = floor((n + 1)·α): [point + e(k), point + e(n + 1 − k)] when k >= 1
    (source "history"); min..max when k = 0 ("widened_to_range", fewer than 9
    errors at 80 %); and with fewer than `min_history` errors the default,
    point ∓ default_rate·|remaining_budget| ("default_spread"). Call it month
    by month: later months' smaller errors give narrower bands.
    """
    level = _level(level)
    scale, mode = _scale_mode(scale, rounding)
    if isinstance(min_history, bool) or not isinstance(min_history, int) or min_history < 0:
        raise TypeError("kalkyl: min_history must be an int >= 1")
    n, arr = _decs(errors, "errors")
    out = _band()
    info = _native.kalkyl_band_info()
    status = _lib.kalkyl_band_empirical(
        to_kalkyl_dec(point), arr, n, level, min_history, to_kalkyl_dec(remaining_budget),
        to_kalkyl_dec(default_rate), scale, mode, ctypes.byref(out), ctypes.byref(info),
    )
    if status:
        raise _error(status)
    return EmpiricalBand(
        Band._from_c(out, level),
        SOURCES[info.source],
        int(info.history),
        float(info.achieved_level),
        bool(info.flags & _native.KALKYL_BAND_STRETCHED_TO_POINT),
    )


def _simulation(s):
    p_inside = None if math.isnan(s.p_inside) else float(s.p_inside)
    q = dict(zip(QUANTILE_LEVELS, (_from(s.q05), _from(s.q10), _from(s.q50), _from(s.q90), _from(s.q95))))
    return Simulation(int(s.scenarios), _from(s.mean), q, float(s.p_at_least_zero), p_inside)


def _target(target):
    if target is None:
        return None
    if not isinstance(target, Band):
        raise TypeError("kalkyl: target must be a kalkyl.band.Band or None")
    return ctypes.byref(target._to_c())


def _count(value, what):
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 2**64:
        raise TypeError("kalkyl: %s must be an int in 0..2**64-1" % what)
    return value


def monte_carlo(bands, correlation=None, *, level=0.8, seed=42, scenarios=100_000, target=None, scale, rounding):
    """Seeded Monte Carlo of the total of the rows.

    Each band is a split normal around its point (the band is its central
    `level` interval: the band's own level if it has one, else `level`);
    rows are correlated by `correlation` (n x n; None: independent) through
    a Cholesky factor. Returns the mean and the 5/10/50/90/95 % quantiles of
    the total (estimates at `scale` by `rounding`), P(total >= 0) and, with a
    `target` band, P(total inside it). The same seed gives the same result
    on every platform.
    """
    bands = list(bands)
    levels = {b.level for b in bands if b.level is not None}
    if len(levels) > 1:
        raise _py_error(InvalidError, "kalkyl: the bands claim different levels %s; give one level" % sorted(levels))
    level = _level(levels.pop() if levels else level)
    scale, mode = _scale_mode(scale, rounding)
    bands, arr = _bands(bands)
    r = _correlation(correlation, len(bands))
    out = _native.kalkyl_simulation()
    status = _lib.kalkyl_band_simulate(
        arr, len(bands), r, level, _count(seed, "seed"), _count(scenarios, "scenarios"), _target(target),
        scale, mode, ctypes.byref(out),
    )
    if status:
        raise _error(status)
    return _simulation(out)


def bootstrap(points, errors, *, seed=42, scenarios=100_000, target=None, scale, rounding):
    """Monte Carlo by resampling whole earlier years: `errors` is one list per year with
    one error (outcome − forecast) per row. Each year's total is exact; the quantiles
    are exact before the final rounding."""
    scale, mode = _scale_mode(scale, rounding)
    n, p = _decs(points, "points")
    years = [list(y) for y in errors]
    for i, y in enumerate(years):
        if len(y) != n:
            raise _py_error(InvalidError, "kalkyl: errors[%d] has %d values for %d rows" % (i, len(y), n))
    _, e = _decs([v for y in years for v in y], "errors")
    out = _native.kalkyl_simulation()
    status = _lib.kalkyl_band_bootstrap(
        p, n, e, len(years), _count(seed, "seed"), _count(scenarios, "scenarios"), _target(target), scale, mode,
        ctypes.byref(out),
    )
    if status:
        raise _error(status)
    return _simulation(out)


def grade(bands, outcomes, level=None, *, scale, rounding):
    """Bias, MAE, coverage, Winkler interval score and pinball losses of past bands.

    level: the coverage the bands claimed; None takes it from the bands (which
    must then all carry the same one). Uppsala 2024 at 80 %: [−35, −30, −25]
    against −23,5 scores an interval score of 10 + 10·1,5 = 25.
    """
    bands = list(bands)
    if level is None:
        levels = {b.level for b in bands}
        if len(levels) != 1 or None in levels:
            raise _py_error(
                InvalidError, "kalkyl: grade needs a level: give level= or bands that all carry the same one"
            )
        level = levels.pop()
    level = _level(level)
    scale, mode = _scale_mode(scale, rounding)
    bands, arr = _bands(bands)
    n, y = _decs(outcomes, "outcomes")
    if n != len(bands):
        raise _py_error(InvalidError, "kalkyl: %d bands but %d outcomes" % (len(bands), n))
    out = _native.kalkyl_band_scores()
    status = _lib.kalkyl_band_grade(arr, y, n, level, scale, mode, ctypes.byref(out))
    if status:
        raise _error(status)
    return BandScores(
        int(out.count),
        _from(out.bias),
        _from(out.mean_absolute_error),
        float(out.coverage),
        _from(out.interval_score),
        _from(out.pinball_low),
        _from(out.pinball_point),
        _from(out.pinball_high),
    )
