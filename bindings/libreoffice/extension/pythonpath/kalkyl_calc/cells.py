"""kalkyl_calc.cells: what Calc hands an add-in, as kalkyl's amounts (no UNO here).

Calc passes a cell's number as a binary double. This module is the one place
where such a double becomes an amount, by one documented rule
(docs/spreadsheet.md, "Numbers from cells"):

1. the double is written with 15 significant digits, correctly rounded
   (Python's format(x, ".15g")), and that text is read exactly
   (decimal.Decimal). A double holds 15 significant decimal digits
   faithfully (DBL_DIG = 15), so every figure typed or computed with at most
   15 significant digits comes back as exactly the figure: 0,1 + 0,2 is read
   as 0.3, 1234,5 as 1234.5;
2. when the number of decimals the cell shows is known (the cell's number
   format, or the function's decimaler argument), the value is brought to
   exactly that many decimals by kalkyl.round_to(value, decimals, "half_up"):
   the value a reader sees, since Calc rounds half away from zero for
   display. Raising the scale is exact (11 shown as "11,0" is 11.0).

Text is read by kalkyl.parse in the sv-SE profile ("−1 234,50", "1 234",
"(1 234)"), as printed in Swedish reports. Nothing else is arithmetic here:
sums, rounding, division and allocation happen in kalkyl.
"""

import math
from decimal import Decimal, InvalidOperation

import kalkyl

LOCALE = "sv-SE"


class CellError(ValueError):
    """Bad input found before kalkyl is called (an empty or error cell, a bool)."""


def from_double(value, decimals=None):
    """The amount behind a double from a cell (the rule in the module docstring)."""
    if not math.isfinite(value):
        raise CellError("kalkyl: %r is not an amount" % (value,))
    try:
        amount = Decimal(format(value, ".15g"))
    except InvalidOperation:  # format() always writes a number here; kept for clarity of failure
        raise CellError("kalkyl: %r is not an amount" % (value,)) from None
    if decimals is not None:
        amount = kalkyl.round_to(amount, decimals, "half_up")
    return amount


def from_text(text, locale=LOCALE):
    return kalkyl.parse(text.strip(), locale)


def amount(value, what, decimals=None):
    """A scalar argument (Calc's `any`): a number, a text, or an empty cell (refused)."""
    if isinstance(value, bool):
        raise CellError("kalkyl: %s: TRUE/FALSE is not an amount" % what)
    if isinstance(value, (int, float)):
        return from_double(float(value), decimals)
    if isinstance(value, str):
        if not value.strip():
            raise CellError("kalkyl: %s is empty" % what)
        try:
            return from_text(value)
        except kalkyl.KalkylError as exc:
            raise CellError("%s (%s)" % (exc, what)) from None
    if value is None:
        raise CellError("kalkyl: %s is missing" % what)
    raise CellError("kalkyl: %s: a %s is not an amount" % (what, type(value).__name__))


def decimals_argument(value, what="decimaler"):
    """An optional whole number of decimals (Calc's `any`): None when left out."""
    if value is None:
        return None
    if isinstance(value, str) and not value.strip():
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        raise CellError("kalkyl: %s must be a whole number 0..28, not %r" % (what, value))
    number = int(value)
    if not 0 <= number <= kalkyl.MAX_SCALE:
        raise CellError("kalkyl: %s must be 0..28, not %d" % (what, number))
    return number


def flatten(rows, what):
    """A range (rows of cells) as one list, row by row, and its shape."""
    cells = [cell for row in rows for cell in row]
    if not cells:
        raise CellError("kalkyl: %s is empty" % what)
    return cells, (len(rows), len(rows[0]) if rows else 0)


def amounts(rows, what):
    """Every cell of a range as an amount; an empty cell is refused and named."""
    cells, shape = flatten(rows, what)
    width = shape[1]
    return [
        amount(cell, "%s, row %d column %d" % (what, i // width + 1, i % width + 1))
        for i, cell in enumerate(cells)
    ], shape


def shaped(values, shape):
    """A flat list back as rows of the given shape (the range's own)."""
    height, width = shape
    return tuple(tuple(values[r * width : (r + 1) * width]) for r in range(height))
