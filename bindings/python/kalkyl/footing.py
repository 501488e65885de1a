"""kalkyl.footing: rounding a whole table for print so that it adds up.

kalkyl_foot (capi/kalkyl.h) made Pythonic. Given a table of exact amounts in
kronor (rows, a total row that is their exact sum, and derived columns such as
avvikelse = budget − utfall), foot() returns the figures to print in kr, tkr
or mnkr at a number of decimals such that the printed rows add up to the
printed totals, every derived column equals its formula on the printed
figures, and every printed figure is within one display unit of its correctly
rounded value. The fewest figures are moved (one unit each, those whose
rounding remainders are closest to a half), and the result says which.

    >>> from kalkyl import footing
    >>> t = footing.foot(
    ...     rows=[[Decimal("70108000"), Decimal("69808000")], ...],   # Huddinge, kr
    ...     totals=[Decimal("422848000"), Decimal("419473000")],
    ...     columns=["Budget", "Prognos"],
    ...     derived={"Avvikelse": {"Budget": 1, "Prognos": -1}},
    ...     unit="mnkr", decimals=1, rounding="half_up")
    >>> t.totals
    [Decimal('422.8'), Decimal('419.5'), Decimal('3.3')]
    >>> t.adjusted[0]
    AdjustedCell(row=3, column='Prognos', rounded=Decimal('2.7'), printed=Decimal('2.8'), total=False)

Bad input raises kalkyl.InvalidError: a total that is not the exact sum of its
column (the message names the column), a derived column naming a column that
does not exist, rows of different lengths. Nothing is returned half-done.
"""

import ctypes
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Dict, List, Mapping, Optional, Sequence, Union

from . import _core
from ._core import Column, _error, _from, _int32, _py_error, _rounding, _unit
from ._native import kalkyl_adjusted_cell, kalkyl_dec, kalkyl_derived_column, kalkyl_term  # the C structs
from .errors import InvalidError, KalkylError

__all__ = ["AdjustedCell", "FootedTable", "foot"]


_DEC_P = ctypes.POINTER(kalkyl_dec)
_SIZE_P = ctypes.POINTER(ctypes.c_size_t)
_foot = _core._bind(
    "kalkyl_foot",
    _DEC_P, ctypes.c_size_t, ctypes.c_size_t, _DEC_P, ctypes.POINTER(kalkyl_derived_column), ctypes.c_size_t,
    ctypes.c_int32, ctypes.c_int32, ctypes.c_int, _DEC_P, _DEC_P, ctypes.POINTER(kalkyl_adjusted_cell),
    ctypes.c_size_t, _SIZE_P,
)  # fmt: skip


@dataclass(frozen=True)
class AdjustedCell:
    """A printed figure moved off its correctly rounded value (by one display unit)."""

    row: int  # 0..len(rows)-1, or len(rows) for the total row
    column: str  # the column's name (a base column or a derived one)
    rounded: Decimal  # correctly rounded, in the display unit
    printed: Decimal  # what the table prints
    total: bool  # True for the total row


@dataclass(frozen=True)
class FootedTable:
    """The figures to print, in the display unit at exactly `decimals` decimals."""

    columns: List[str]  # the base columns, then the derived ones
    rows: List[List[Decimal]]
    totals: List[Decimal]
    adjusted: List[AdjustedCell]

    def column(self, name):
        """The printed rows of one column, by name."""
        j = self.columns.index(name)
        return [row[j] for row in self.rows]


def foot(
    rows: Sequence[Sequence[Union[Decimal, int]]],
    totals: Sequence[Union[Decimal, int]],
    unit,
    decimals: int,
    rounding,
    columns: Optional[Sequence[str]] = None,
    derived: Optional[Mapping[str, Mapping[Union[str, int], int]]] = None,
) -> FootedTable:
    """Round a table of exact amounts (kronor) for print so that it foots.

    rows:     the rows, each a sequence of one amount per base column.
    totals:   the total row; each must be the exact sum of its column.
    unit:     "kr", "tkr" or "mnkr" (or kalkyl.Unit).
    decimals: digits after the mark in the display unit.
    rounding: how each figure is correctly rounded first ("half_up" in
              Swedish reports); there is no default.
    columns:  the base columns' names (default "0", "1", ...).
    derived:  {name: {column: +1 or -1, ...}}: columns computed from the base
              columns, e.g. {"Avvikelse": {"Budget": 1, "Utfall": -1}}.
    """
    exponent = _unit(unit)
    decimals = _int32(decimals, "decimals", InvalidError)
    mode = _rounding(rounding)
    totals = list(totals)
    n_cols = len(totals)
    if columns is None:
        columns = [str(j) for j in range(n_cols)]
    columns = [str(c) for c in columns]
    if len(columns) != n_cols:
        raise _py_error(
            InvalidError, "kalkyl: %d column names for a total row of %d figures" % (len(columns), n_cols)
        )
    index: Dict[str, int] = {}
    for j, name in enumerate(columns):
        if name in index:
            raise _py_error(InvalidError, "kalkyl: two columns are named %r" % name)
        index[name] = j

    # The derived columns, resolved to indices: a name that is not a base
    # column is refused here, naming it.
    derived = dict(derived or {})
    keep = []
    c_derived = (kalkyl_derived_column * max(len(derived), 1))()
    for k, (name, terms) in enumerate(derived.items()):
        if name in index:
            raise _py_error(InvalidError, "kalkyl: the derived column %r has the name of a base column" % name)
        c_terms = (kalkyl_term * max(len(terms), 1))()
        for t, (column, sign) in enumerate(dict(terms).items()):
            if isinstance(column, int) and not isinstance(column, bool) and 0 <= column < n_cols:
                j = column
            elif column in index:
                j = index[column]
            else:
                raise _py_error(
                    InvalidError,
                    "kalkyl: the derived column %r names the column %r, which is not a base column "
                    "of the table (%s)" % (name, column, ", ".join(columns)),
                )
            if sign not in (1, -1) or isinstance(sign, bool):
                raise _py_error(
                    InvalidError, "kalkyl: the derived column %r has the sign %r on %r; use +1 or -1" % (name, sign, column)
                )
            c_terms[t].index = j
            c_terms[t].sign = sign
        keep.append(c_terms)
        c_derived[k].terms = ctypes.cast(c_terms, ctypes.POINTER(kalkyl_term))
        c_derived[k].n_terms = len(terms)
    names = columns + list(derived)
    width = len(names)

    rows = [list(r) for r in rows]
    n_rows = len(rows)
    for i, row in enumerate(rows):
        if len(row) != n_cols:
            raise _py_error(InvalidError, "kalkyl: row %d has %d figures, the total row %d" % (i, len(row), n_cols), i)
    try:
        cells = Column([value for row in rows for value in row])  # one conversion pass, row-major
    except KalkylError as exc:
        i, j = divmod(exc.index, n_cols)
        exc.message = "kalkyl: rows[%d][%d]: %s" % (i, j, exc.message)
        exc.index = i
        raise
    try:
        c_totals = Column(totals)
    except KalkylError as exc:
        exc.message = "kalkyl: totals[%d]: %s" % (exc.index, exc.message)
        raise

    printed = (kalkyl_dec * max(n_rows * width, 1))()
    printed_totals = (kalkyl_dec * max(width, 1))()
    cap = (n_rows + 1) * width  # always enough (capi/kalkyl.h)
    adjusted = (kalkyl_adjusted_cell * max(cap, 1))()
    count = ctypes.c_size_t()
    status = _foot(
        ctypes.cast(cells.array, _DEC_P), n_rows, n_cols, ctypes.cast(c_totals.array, _DEC_P),
        c_derived if derived else None, len(derived), exponent, decimals, mode, printed, printed_totals, adjusted,
        cap, count,
    )  # fmt: skip
    if status:
        exc = _error(status)
        # The C library knows columns by number; say the caller's names.
        exc.message = re.sub(
            r"'(derived )?column (\d+)'",
            lambda m: repr(names[int(m.group(2)) + (n_cols if m.group(1) else 0)]),
            exc.message,
        )
        exc.args = (exc.message,) + exc.args[1:]
        raise exc
    flat = list(Column._wrap(printed, n_rows * width))  # one conversion pass
    out_rows = [flat[i * width : (i + 1) * width] for i in range(n_rows)]
    out_totals = list(Column._wrap(printed_totals, width))
    cells_moved = [
        AdjustedCell(
            row=int(a.row),
            column=names[a.column],
            rounded=_from(a.rounded),
            printed=_from(a.printed),
            total=a.row == n_rows,
        )
        for a in adjusted[: count.value]
    ]
    del keep
    return FootedTable(columns=names, rows=out_rows, totals=out_totals, adjusted=cells_moved)

