"""kalkyl.unitcost: unit costs (nyckeltal), KPB and the exact cost bridge.

The C functions of capi/kalkyl.h's section "Unit costs (nyckeltal), KPB and
the cost bridge", made Pythonic: amounts in and out as decimal.Decimal (or
int), results as named tuples, columns as kalkyl.Column (one C call for
millions of rows, no per-row Python work). Every rounding names its scale and
mode; there is no default.

    >>> from kalkyl import unitcost
    >>> unitcost.unit_cost(124998, 1534, 22939, 1, "half_up")     # Uppsala aug 2024, 5731, tkr
    UnitCost(net_cost=Decimal('123464'), per_unit=Decimal('5.4'))

Two cost concepts, never mixed up: unit_cost() divides the nettokostnad
(total costs − other revenues); kolada_unit_cost() divides Kolada's "kostnad"
(gross cost − internal revenue − sales to other municipalities).

Percentages and percentage points are kept apart: change() gives a Percent,
change_points() gives PercentagePoints (both decimal.Decimal subclasses), and
a Percent minus a Percent is PercentagePoints.

Bad input raises kalkyl.InvalidError (a ValueError): a volume of zero or
below, a negative amount, revenues larger than costs, a KPB row with more
users than inhabitants. Batch calls set the exception's .index to the row.
"""

import ctypes
import operator
from decimal import Decimal
from typing import NamedTuple, Optional

from . import _core
from ._core import Column, _error, _from, _int32, _packed, _py_error, _rounding
from ._native import kalkyl_bridge, kalkyl_dec, kalkyl_kpb_figures
from .errors import InvalidError, ScaleError

__all__ = [
    "DEFAULT_FEW_THRESHOLD",
    "Percent",
    "PercentagePoints",
    "UnitCost",
    "UnitCostColumns",
    "KoladaUnitCost",
    "PartUnitCost",
    "Change",
    "KpbFigures",
    "KpbTable",
    "CostBridge",
    "unit_cost",
    "unit_cost_array",
    "unit_cost_columns",
    "kolada_cost",
    "kolada_unit_cost",
    "unit_cost_part",
    "change",
    "change_points",
    "net_cost_deviation",
    "kpb_table",
    "kpb_total",
    "cost_bridge",
]

DEFAULT_FEW_THRESHOLD = Decimal(10)  # a unit cost over fewer units is "too few to compare"

KALKYL_UNIT_TOO_FEW = 1
KALKYL_KPB_NO_KPB = 1
KALKYL_KPB_NO_SHARE = 2
KALKYL_KPB_FEW_USERS = 4
KALKYL_KPB_FEW_INHABITANTS = 8


# --- the C functions (capi/kalkyl.h; the structs are kalkyl._native's) ---------------

_V = ctypes.c_void_p  # a single `const kalkyl_dec *` input, passed as 24 packed bytes (or None)
_DEC_P = ctypes.POINTER(kalkyl_dec)
_SIZE_P = ctypes.POINTER(ctypes.c_size_t)
_I32 = ctypes.c_int32
_ENUM = ctypes.c_int
_bind = _core._bind

_unit_cost = _bind("kalkyl_unit_cost", _V, _V, _V, _I32, _ENUM, _DEC_P, _DEC_P)
_unit_cost_array = _bind(
    "kalkyl_unit_cost_array",
    _DEC_P, _DEC_P, _DEC_P, ctypes.c_size_t, _I32, _ENUM, _V, _DEC_P, _DEC_P,
    ctypes.POINTER(ctypes.c_uint8), _SIZE_P,
)  # fmt: skip
_kolada_cost = _bind("kalkyl_kolada_cost", _V, _V, _V, _DEC_P)
_kolada_unit_cost = _bind("kalkyl_kolada_unit_cost", _V, _V, _V, _V, _I32, _ENUM, _DEC_P, _DEC_P)
_unit_cost_part = _bind(
    "kalkyl_unit_cost_part", _V, _V, _V, _V, _I32, _ENUM, _I32, _ENUM, _DEC_P, _DEC_P, _DEC_P
)
_change = _bind("kalkyl_change", _V, _V, _I32, _ENUM, _DEC_P, _DEC_P)
_change_points = _bind("kalkyl_change_points", _V, _V, _DEC_P)
_net_cost_deviation = _bind("kalkyl_net_cost_deviation", _V, _V, _I32, _ENUM, _DEC_P)
_KPB_P = ctypes.POINTER(kalkyl_kpb_figures)
_kpb_table = _bind(
    "kalkyl_kpb_table",
    _DEC_P, _DEC_P, _DEC_P, ctypes.c_size_t, _V, _I32, _ENUM, _I32, _ENUM, _V, _KPB_P, _KPB_P, _KPB_P,
    _SIZE_P,
)  # fmt: skip
_kpb_total = _bind("kalkyl_kpb_total", _V, _V, _V, _V, _I32, _ENUM, _I32, _ENUM, _V, _KPB_P)
_cost_bridge = _bind(
    "kalkyl_cost_bridge",
    _DEC_P, _DEC_P, _DEC_P, _DEC_P, ctypes.c_size_t, _V, _V, _I32, ctypes.POINTER(kalkyl_bridge), _SIZE_P,
)  # fmt: skip


# --- percent and percentage points ---------------------------------------------------


class Percent(Decimal):
    """A percentage as a figure: Percent("2.9") is 2,9 %. Percent − Percent is PercentagePoints."""

    __slots__ = ()

    def __repr__(self):
        return "Percent('%s')" % Decimal.__str__(self)

    def __sub__(self, other):
        if isinstance(other, Percent):
            return PercentagePoints(Decimal(self) - Decimal(other))
        if isinstance(other, PercentagePoints):
            return Percent(Decimal(self) - Decimal(other))
        return Decimal.__sub__(self, other)


class PercentagePoints(Decimal):
    """A change of a percentage (procentenheter): 5,9 % -> 5,7 % is PercentagePoints("-0.2")."""

    __slots__ = ()

    def __repr__(self):
        return "PercentagePoints('%s')" % Decimal.__str__(self)


# --- results ---------------------------------------------------------------------------


class UnitCost(NamedTuple):
    net_cost: Decimal  # total_cost − other_revenue, exactly
    per_unit: Decimal  # net_cost / volume, in the unit of the costs, rounded as asked


class UnitCostColumns(NamedTuple):
    net_cost: Column  # each row's nettokostnad
    per_unit: Column  # each row's nettokostnad per unit
    too_few: bytearray  # one byte per row: 1 where the volume is below the few-cases threshold


class KoladaUnitCost(NamedTuple):
    cost: Decimal  # Kolada's kostnad, exactly
    per_unit: Decimal


class PartUnitCost(NamedTuple):
    per_unit: Decimal  # the part's own unit cost
    share_of_volume: Percent
    share_of_cost: Percent


class Change(NamedTuple):
    amount: Decimal  # current − base, exactly
    percent: Percent  # relative to |base|, rounded as asked


class KpbFigures(NamedTuple):
    group: str
    costs: Decimal
    inhabitants: Decimal
    users: Decimal
    per_inhabitant: Decimal  # kr per invånare
    per_user: Optional[Decimal]  # KPB; None where it is not defined (or not determined)
    share_of_users: Optional[Percent]  # % brukare; None for the row of costs not linked to a user
    too_few_users: bool
    too_few_inhabitants: bool


class KpbTable(NamedTuple):
    rows: list  # of KpbFigures, in the given order
    not_linked: KpbFigures  # "Ej brukarkopplad"
    total: KpbFigures  # "Totalt": kr/inv keeps the unlinked costs, KPB leaves them out


class CostBridge(NamedTuple):
    base_total: Decimal
    current_total: Decimal
    change: Decimal  # current_total − base_total; == volume + mix + unit_price + not_linked
    volume: Decimal
    mix: Decimal
    unit_price: Decimal
    not_linked: Decimal


# --- helpers ------------------------------------------------------------------------------


def _threshold(few_threshold):
    return None if few_threshold is None else _packed(few_threshold)


def _column(values, what):
    """A Column (not copied) or anything iterable of Decimal/int (converted once)."""
    if isinstance(values, Column):
        return values
    try:
        return Column(values)
    except _core.KalkylError as exc:
        exc.message = "kalkyl: %s[%s]: %s" % (what, exc.index, exc.message)
        raise


def _same_length(columns, names):
    n = len(columns[0])
    for col, name in zip(columns[1:], names[1:]):
        if len(col) != n:
            raise _py_error(
                InvalidError, "kalkyl: %s has %d rows but %s has %d" % (names[0], n, name, len(col))
            )
    return n


def _ptr(col):
    return ctypes.cast(col.array, _DEC_P)


def _optional(d, flags, bit, kind=Decimal):
    return None if flags & bit else kind(_from(d))


def _kpb(group, f):
    return KpbFigures(
        group,
        _from(f.costs),
        _from(f.inhabitants),
        _from(f.users),
        _from(f.per_inhabitant),
        _optional(f.per_user, f.flags, KALKYL_KPB_NO_KPB),
        _optional(f.share_of_users, f.flags, KALKYL_KPB_NO_SHARE, Percent),
        bool(f.flags & KALKYL_KPB_FEW_USERS),
        bool(f.flags & KALKYL_KPB_FEW_INHABITANTS),
    )


# --- unit costs ------------------------------------------------------------------------------


def unit_cost(total_cost, other_revenue, volume, scale, rounding):
    """Nettokostnad and nettokostnad per unit (vårddygn, vårdtagare, brukare, invånare).

    total_cost, other_revenue: amounts >= 0 as the sheet prints them ("Avgår:
    övriga intäkter"); volume > 0. The unit cost is in the unit of the costs
    (tkr in gives tkr per unit), at `scale` decimals by the named rounding.
    Raises InvalidError for a volume <= 0, a negative input, or revenues
    larger than costs.
    """
    mode = _rounding(rounding)
    scale = _int32(scale, "scale", ScaleError)
    net, per = kalkyl_dec(), kalkyl_dec()
    status = _unit_cost(_packed(total_cost), _packed(other_revenue), _packed(volume), scale, mode, net, per)
    if status:
        raise _error(status)
    return UnitCost(_from(net), _from(per))


def unit_cost_columns(n):
    """Output columns for n rows, to pass to unit_cost_array(out=...) again and again
    (fresh memory costs page faults; reused memory does not)."""
    n = operator.index(n)
    if n < 0:
        raise ValueError("kalkyl: n must not be negative")
    return UnitCostColumns(
        Column._wrap((kalkyl_dec * max(n, 1))(), n), Column._wrap((kalkyl_dec * max(n, 1))(), n), bytearray(n)
    )


def unit_cost_array(total_cost, other_revenue, volume, scale, rounding, few_threshold=None, out=None):
    """unit_cost over columns in one C call: no per-row Python work.

    The three columns are kalkyl.Column (used in place) or sequences of
    Decimal/int (converted once). Returns UnitCostColumns(net_cost, per_unit,
    too_few): two Columns and a bytearray with 1 where the row's volume is
    below few_threshold (default 10). `out`: a UnitCostColumns of the same
    length (from unit_cost_columns() or an earlier call) to write into
    instead of new memory. On a bad row, raises with .index = the row and
    writes nothing.
    """
    mode = _rounding(rounding)
    scale = _int32(scale, "scale", ScaleError)
    cols = [_column(total_cost, "total_cost"), _column(other_revenue, "other_revenue"), _column(volume, "volume")]
    n = _same_length(cols, ["total_cost", "other_revenue", "volume"])
    if out is None:
        out = unit_cost_columns(n)
    elif not (
        isinstance(out, tuple) and len(out) == 3 and isinstance(out[0], Column) and isinstance(out[1], Column)
        and isinstance(out[2], bytearray) and len(out[0]) == len(out[1]) == len(out[2]) == n
    ):  # fmt: skip
        raise _py_error(InvalidError, "kalkyl: out must be unit_cost_columns(%d) (or an earlier result of %d rows)"
                        % (n, n))  # fmt: skip
    out = UnitCostColumns(*out)
    flags = (ctypes.c_uint8 * n).from_buffer(out.too_few) if n else None
    bad = ctypes.c_size_t()
    status = _unit_cost_array(
        _ptr(cols[0]), _ptr(cols[1]), _ptr(cols[2]), n, scale, mode, _threshold(few_threshold),
        _ptr(out.net_cost), _ptr(out.per_unit), flags, bad,
    )  # fmt: skip
    del flags  # release the export of the bytearray
    if status:
        raise _error(status, bad.value)
    return out


def kolada_cost(gross_cost, internal_revenue, sales_to_municipalities):
    """Kolada's cost concept "kostnad" = bruttokostnad − interna intäkter − försäljning
    av verksamhet till andra kommuner och regioner, exactly (not nettokostnad)."""
    out = kalkyl_dec()
    status = _kolada_cost(_packed(gross_cost), _packed(internal_revenue), _packed(sales_to_municipalities), out)
    if status:
        raise _error(status)
    return _from(out)


def kolada_unit_cost(gross_cost, internal_revenue, sales_to_municipalities, volume, scale, rounding):
    """Kolada's kostnad and kostnad per unit (e.g. N33100, kostnad per vårddygn HVB)."""
    mode = _rounding(rounding)
    scale = _int32(scale, "scale", ScaleError)
    cost, per = kalkyl_dec(), kalkyl_dec()
    status = _kolada_unit_cost(
        _packed(gross_cost), _packed(internal_revenue), _packed(sales_to_municipalities), _packed(volume),
        scale, mode, cost, per,
    )  # fmt: skip
    if status:
        raise _error(status)
    return KoladaUnitCost(_from(cost), _from(per))


def unit_cost_part(whole_cost, whole_volume, part_cost, part_volume, scale, rounding, share_scale, share_rounding):
    """"Varav externt": a part's unit cost and its shares of the whole's volume and cost (percent)."""
    mode = _rounding(rounding)
    share_mode = _rounding(share_rounding)
    scale = _int32(scale, "scale", ScaleError)
    share_scale = _int32(share_scale, "share_scale", ScaleError)
    per, sv, sc = kalkyl_dec(), kalkyl_dec(), kalkyl_dec()
    status = _unit_cost_part(
        _packed(whole_cost), _packed(whole_volume), _packed(part_cost), _packed(part_volume),
        scale, mode, share_scale, share_mode, per, sv, sc,
    )  # fmt: skip
    if status:
        raise _error(status)
    return PartUnitCost(_from(per), Percent(_from(sv)), Percent(_from(sc)))


# --- change ------------------------------------------------------------------------------------


def change(base, current, scale, rounding):
    """The change from base to current: Change(amount, percent).

    amount = current − base exactly; percent = (current − base) / |base| × 100
    rounded as asked (its sign is the change's). Raises DivisionByZeroError
    when base is 0. For a share, use change_points()."""
    mode = _rounding(rounding)
    scale = _int32(scale, "scale", ScaleError)
    amount, pct = kalkyl_dec(), kalkyl_dec()
    status = _change(_packed(base), _packed(current), scale, mode, amount, pct)
    if status:
        raise _error(status)
    return Change(_from(amount), Percent(_from(pct)))


def change_points(base_percent, current_percent):
    """The change of a share in percentage points (procentenheter), exactly: 5.9 -> 5.7 is -0.2."""
    out = kalkyl_dec()
    status = _change_points(_packed(base_percent), _packed(current_percent), out)
    if status:
        raise _error(status)
    return PercentagePoints(_from(out))


def net_cost_deviation(actual, reference, scale, rounding):
    """Kolada N30001 nettokostnadsavvikelse: (actual − reference) / reference × 100, in percent.

    Both in kr per invånare; reference (the referenskostnad) must be positive."""
    mode = _rounding(rounding)
    scale = _int32(scale, "scale", ScaleError)
    out = kalkyl_dec()
    status = _net_cost_deviation(_packed(actual), _packed(reference), scale, mode, out)
    if status:
        raise _error(status)
    return Percent(_from(out))


# --- KPB ------------------------------------------------------------------------------------------


def kpb_table(rows, not_linked_costs, scale, rounding, share_scale, share_rounding, few_threshold=None):
    """The KPB table ("Konsumtion IFO totalt") from its rows and the costs not linked to a user.

    rows: (group, costs, inhabitants, users) tuples, one per age group.
    scale/rounding: kr per invånare and KPB (Eskilstuna: 0, "half_up");
    share_scale/share_rounding: % brukare (1, "half_up"). Returns KpbTable:
    the rows' figures, the row of costs not linked to a user, and the total
    (kr per invånare keeps the unlinked costs, KPB leaves them out). Raises
    InvalidError with .index = the row for more users than inhabitants, no
    inhabitants, costs without users or negative costs.
    """
    rows = list(rows)
    groups = [str(r[0]) for r in rows]
    costs = _column([r[1] for r in rows], "costs")
    inhabitants = _column([r[2] for r in rows], "inhabitants")
    users = _column([r[3] for r in rows], "users")
    n = len(rows)
    mode, share_mode = _rounding(rounding), _rounding(share_rounding)
    scale = _int32(scale, "scale", ScaleError)
    share_scale = _int32(share_scale, "share_scale", ScaleError)
    out = (kalkyl_kpb_figures * max(n, 1))()
    nl, total = kalkyl_kpb_figures(), kalkyl_kpb_figures()
    bad = ctypes.c_size_t()
    status = _kpb_table(
        _ptr(costs), _ptr(inhabitants), _ptr(users), n, _packed(not_linked_costs), scale, mode, share_scale,
        share_mode, _threshold(few_threshold), out, nl, total, bad,
    )  # fmt: skip
    if status:
        raise _error(status, bad.value)
    return KpbTable(
        [_kpb(groups[i], out[i]) for i in range(n)], _kpb("Ej brukarkopplad", nl), _kpb("Totalt", total)
    )


def kpb_total(
    total_costs, inhabitants, users, scale, rounding, share_scale, share_rounding, not_linked_costs=None,
    few_threshold=None, group="Totalt",
):  # fmt: skip
    """The total row alone, from printed totals. Without not_linked_costs the KPB is not
    determined (per_user is None); kr per invånare and % brukare are."""
    mode, share_mode = _rounding(rounding), _rounding(share_rounding)
    scale = _int32(scale, "scale", ScaleError)
    share_scale = _int32(share_scale, "share_scale", ScaleError)
    out = kalkyl_kpb_figures()
    status = _kpb_total(
        _packed(total_costs), None if not_linked_costs is None else _packed(not_linked_costs), _packed(inhabitants),
        _packed(users), scale, mode, share_scale, share_mode, _threshold(few_threshold), out,
    )  # fmt: skip
    if status:
        raise _error(status)
    return _kpb(group, out)


# --- the bridge -------------------------------------------------------------------------------------


def cost_bridge(kinds, base_not_linked, current_not_linked, scale):
    """Split the change of a total cost into volume, mix, unit price and costs not linked to users.

    kinds: (base_volume, base_cost, current_volume, current_cost) per kind of
    insats (a dict name -> tuple works too); volumes in a unit common to all
    kinds. The parts are the Shapley decomposition, computed exactly and
    rounded to `scale` decimals by the largest-remainder rule: they add up to
    the change exactly, and swapping the periods negates each. Raises
    InvalidError (.index = the kind) for a negative volume or a cost without
    volume, ScaleError when the change has more decimals than `scale`.
    """
    if isinstance(kinds, dict):
        kinds = list(kinds.values())
    kinds = list(kinds)
    for i, k in enumerate(kinds):
        if len(k) != 4:
            raise _py_error(
                InvalidError,
                "kalkyl: kind %d must be (base_volume, base_cost, current_volume, current_cost)" % i,
                i,
            )
    cols = [_column([k[j] for k in kinds], name) for j, name in
            enumerate(["base_volume", "base_cost", "current_volume", "current_cost"])]  # fmt: skip
    scale = _int32(scale, "scale", ScaleError)
    out = kalkyl_bridge()
    bad = ctypes.c_size_t()
    status = _cost_bridge(
        _ptr(cols[0]), _ptr(cols[1]), _ptr(cols[2]), _ptr(cols[3]), len(kinds), _packed(base_not_linked),
        _packed(current_not_linked), scale, out, bad,
    )  # fmt: skip
    if status:
        raise _error(status, bad.value)
    return CostBridge(*(_from(getattr(out, name)) for name, _ in kalkyl_bridge._fields_))
