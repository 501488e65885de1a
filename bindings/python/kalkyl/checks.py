"""kalkyl.checks: consistency checks of a table as it was published.

kalkyl_check (capi/kalkyl.h) made Pythonic. Give the figures as printed (a
Decimal's exponent is its printed precision: Decimal("-23.5") was printed with
one decimal), mark counts as exact, state the relations that should hold, and
get one Finding per relation: ok (holds exactly), rounding (the printed
precision of the operands explains the difference) or error (it does not).
The tolerance is derived from the printed precisions through the formula,
never a fixed fudge: a sum's is the sum of its figures' half-units; a ratio's
comes from interval arithmetic on exact rationals.

    >>> from kalkyl.checks import PublishedTable
    >>> t = PublishedTable()
    >>> t.count("inom ramavtal", 42)          # Eskilstuna 2023, skyddat boende
    >>> t.count("direktupphandling", 2)
    >>> t.figure("andel inom ramavtal", Decimal("94"))
    >>> t.ratio("andel", ["inom ramavtal"], ["inom ramavtal", "direktupphandling"],
    ...         "andel inom ramavtal", multiplier=100)
    >>> t.check()[0]
    Finding(label='andel', kind='ratio', expected=Decimal('95.45'), printed=Decimal('94'),
            difference=Decimal('-1.45'), tolerance=Decimal('0.50'), severity='error')

Terms of a sum or ratio are figure names; a leading "-" makes a term negative
("-Ej brukarkopplad kostnader"); a (name, sign) pair works too.

Bad input raises kalkyl.InvalidError: a relation naming a figure that does not
exist (the message names both), two figures with one name, a ratio without a
denominator or with a multiplier <= 0; kalkyl.DivisionByZeroError for a ratio
whose printed denominator could be zero. No findings are returned then.
"""

import ctypes
import enum
from dataclasses import dataclass
from decimal import Decimal
from typing import List, Optional, Sequence, Tuple, Union

from . import _core
from ._core import _error, _from, _py_error, _set
from ._native import kalkyl_dec, kalkyl_figure, kalkyl_finding, kalkyl_relation, kalkyl_term  # the C structs
from .errors import InvalidError

__all__ = ["Severity", "RelationKind", "Finding", "PublishedTable", "check"]

KALKYL_DECIMALS_OF_VALUE = -1
KALKYL_EXACT = -2


class Severity(str, enum.Enum):
    """kalkyl_severity; compares equal to its name ("ok", "rounding", "error")."""

    OK = "ok"  # the printed result is the formula on the printed operands
    ROUNDING = "rounding"  # it is not, but the operands' printed precision explains it
    ERROR = "error"  # no exact values behind the printed figures satisfy it

    def __repr__(self):
        return repr(self.value)


class RelationKind(str, enum.Enum):
    """kalkyl_relation_kind; compares equal to its name."""

    SUM = "sum"
    DIFFERENCE = "difference"
    RATIO = "ratio"
    SHARES = "shares"
    BAND_MIN = "band_min"
    BAND_MAX = "band_max"

    def __repr__(self):
        return repr(self.value)


_KINDS = list(RelationKind)
_SEVERITIES = list(Severity)


@dataclass(frozen=True)
class Finding:
    """What check() found for one relation (see kalkyl_check in capi/kalkyl.h)."""

    label: str
    kind: RelationKind
    expected: Decimal  # the formula on the printed operands (a ratio: two more decimals than printed)
    printed: Decimal  # the printed result (shares: the printed shares' sum)
    difference: Decimal  # printed - expected
    tolerance: Decimal  # how far apart the printed precisions let them be
    severity: Severity

    @property
    def ok(self):
        return self.severity is Severity.OK

    @property
    def is_error(self):
        return self.severity is Severity.ERROR


_check = _core._bind(
    "kalkyl_check",
    ctypes.POINTER(kalkyl_figure), ctypes.c_size_t, ctypes.POINTER(kalkyl_relation), ctypes.c_size_t,
    ctypes.POINTER(kalkyl_finding), ctypes.POINTER(ctypes.c_size_t),
)  # fmt: skip

Term = Union[str, Tuple[str, int]]


def _term(term: Term) -> Tuple[str, int]:
    if isinstance(term, tuple):
        name, sign = term
        if sign not in (1, -1) or isinstance(sign, bool):
            raise _py_error(InvalidError, "kalkyl: the term %r has the sign %r; use +1 or -1" % (name, sign))
        return str(name), sign
    if isinstance(term, str) and term.startswith("-") and len(term) > 1:
        return term[1:], -1
    return str(term), 1


def _terms(terms) -> List[Tuple[str, int]]:
    if isinstance(terms, (str, tuple)):
        terms = [terms]
    return [_term(t) for t in terms]


@dataclass
class _Relation:
    kind: RelationKind
    label: str
    numerator: List[Tuple[str, int]]
    denominator: List[Tuple[str, int]]
    result: Optional[str]
    multiplier: Union[Decimal, int] = 1
    whole: Union[Decimal, int] = 100


class PublishedTable:
    """The figures of a published table and the relations they should satisfy."""

    def __init__(self):
        self._figures = []  # (name, value, decimals or KALKYL_EXACT / KALKYL_DECIMALS_OF_VALUE)
        self._relations: List[_Relation] = []

    # --- figures ---

    def figure(self, name: str, value, decimals: Optional[int] = None):
        """A figure as printed. decimals=None takes the printed precision from the
        value (Decimal("5.4") was printed with one decimal); give it when the
        value lost trailing zeros (Decimal("11") for a printed "11,0": decimals=1)."""
        self._figures.append((str(name), value, KALKYL_DECIMALS_OF_VALUE if decimals is None else decimals))

    def count(self, name: str, value):
        """An exact figure: a count of insatser, vårddygn, invånare or brukare."""
        self._figures.append((str(name), value, KALKYL_EXACT))

    # --- relations ---

    def sum(self, label: str, rows: Sequence[Term], total: str):
        """The rows (figure names; "-name" subtracts) add up to `total`."""
        self._relations.append(_Relation(RelationKind.SUM, label, _terms(rows), [], total))

    def difference(self, label: str, a: str, b: str, c: str):
        """a − b = c (nettokostnad = kostnader − intäkter; avvikelse = budget − utfall)."""
        self._relations.append(_Relation(RelationKind.DIFFERENCE, label, [(a, 1), (b, -1)], [], c))

    def ratio(self, label: str, numerator, denominator, result: str, multiplier=1):
        """multiplier · (Σ numerator) / (Σ denominator) = result; multiplier=100 for a
        percentage. numerator and denominator: a figure name or a list of them."""
        self._relations.append(
            _Relation(RelationKind.RATIO, label, _terms(numerator), _terms(denominator), result, multiplier)
        )

    def shares(self, label: str, shares: Sequence[Term], whole=100):
        """Percentages of one whole add up to `whole` (100)."""
        self._relations.append(_Relation(RelationKind.SHARES, label, _terms(shares), [], None, whole=whole))

    def band(self, label: str, point: str, downside: str, upside: str, min: str, max: str):  # noqa: A002
        """Prognosspann: min = point − downside and max = point + upside (two findings,
        labelled "<label>: min" and "<label>: max")."""
        self._relations.append(
            _Relation(RelationKind.BAND_MIN, label + ": min", [(point, 1), (downside, -1)], [], min)
        )
        self._relations.append(_Relation(RelationKind.BAND_MAX, label + ": max", [(point, 1), (upside, 1)], [], max))

    # --- the check ---

    def check(self) -> List[Finding]:
        """One Finding per relation, in order. Raises (and returns nothing) on bad input."""
        index = {}
        for i, (name, _, _) in enumerate(self._figures):
            if name in index:
                raise _py_error(InvalidError, "kalkyl: two figures are named %r" % name)
            index[name] = i

        def resolve(relation, name):
            try:
                return index[name]
            except KeyError:
                raise _py_error(
                    InvalidError,
                    "kalkyl: the relation %r names the figure %r, which is not in the table" % (relation.label, name),
                    self._relations.index(relation),
                ) from None

        n_fig = len(self._figures)
        figs = (kalkyl_figure * max(n_fig, 1))()
        keep = []  # the encoded names, labels and term arrays live until the call returns
        for i, (name, value, decimals) in enumerate(self._figures):
            try:
                _set(figs[i].value, value)
            except _core.KalkylError as exc:
                exc.message = "kalkyl: the figure %r: %s" % (name, exc.message)
                raise
            figs[i].decimals = decimals
            encoded = name.encode("utf-8")
            keep.append(encoded)
            figs[i].name = encoded

        n_rel = len(self._relations)
        rels = (kalkyl_relation * max(n_rel, 1))()
        for r, rel in enumerate(self._relations):
            c = rels[r]
            c.kind = _KINDS.index(rel.kind)
            label = rel.label.encode("utf-8")
            keep.append(label)
            c.label = label
            for field, count, terms in (
                ("numerator", "n_numerator", rel.numerator),
                ("denominator", "n_denominator", rel.denominator),
            ):
                arr = (kalkyl_term * max(len(terms), 1))()
                for t, (name, sign) in enumerate(terms):
                    arr[t].index = resolve(rel, name)
                    arr[t].sign = sign
                keep.append(arr)
                setattr(c, field, ctypes.cast(arr, ctypes.POINTER(kalkyl_term)))
                setattr(c, count, len(terms))
            if rel.result is not None:
                c.result = resolve(rel, rel.result)
            _set(c.multiplier, rel.multiplier)
            _set(c.whole, rel.whole)

        found = (kalkyl_finding * max(n_rel, 1))()
        bad = ctypes.c_size_t()
        status = _check(figs, n_fig, rels, n_rel, found, bad)
        if status:
            raise _error(status, bad.value)
        return [
            Finding(
                label=rel.label,
                kind=_KINDS[f.kind],
                expected=_from(f.expected),
                printed=_from(f.printed),
                difference=_from(f.difference),
                tolerance=_from(f.tolerance),
                severity=_SEVERITIES[f.severity],
            )
            for rel, f in zip(self._relations, found)
        ]


def check(figures, relations) -> List[Finding]:
    """The functional form: figures as {name: Decimal} (printed precision from the value)
    or {name: (Decimal, decimals)} with decimals=None for exact counts; relations as
    (kind, label, ...) tuples in the argument order of PublishedTable's methods:
    ("sum", label, rows, total), ("difference", label, a, b, c),
    ("ratio", label, numerator, denominator, result, multiplier),
    ("shares", label, shares, whole), ("band", label, point, downside, upside, min, max)."""
    table = PublishedTable()
    for name, value in figures.items():
        if isinstance(value, tuple):
            value, decimals = value
            if decimals is None:
                table.count(name, value)
            else:
                table.figure(name, value, decimals)
        else:
            table.figure(name, value)
    for relation in relations:
        kind, args = relation[0], relation[1:]
        method = {
            "sum": table.sum,
            "difference": table.difference,
            "ratio": table.ratio,
            "shares": table.shares,
            "band": table.band,
        }.get(kind)
        if method is None:
            raise _py_error(InvalidError, "kalkyl: unknown relation kind %r" % (kind,))
        method(*args)
    return table.check()
