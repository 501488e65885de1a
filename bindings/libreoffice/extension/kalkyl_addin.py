"""kalkyl's LibreOffice Calc add-in: the UNO component org.kalkyl.calc.Kalkyl.

Calc calls the methods of idl/XKalkyl.idl; the names people type
(KALKYL.SUMMA, ...) and the Function Wizard's help are in CalcAddIns.xcu.
Each method is thin: cells become kalkyl amounts (kalkyl_calc.cells, the one
place where a double becomes an amount), kalkyl computes, and the result goes
back as a number (kalkyl.to_float: the double nearest the exact result, which
Calc shows exactly up to 15 significant digits), a text, or an array.

The extension is self-contained: pythonpath/ holds the kalkyl package with
libkalkyl.so.1 inside it (found "next to the package", kalkyl/_native.py).

Errors: kalkyl's message is raised as an IllegalArgumentException (Calc shows
Err:502) and kept, per office process, for KALKYL.FEL(cell).
"""

import functools
import threading

import uno  # noqa: F401  (installs the import hook that the com.sun.star and org.kalkyl imports need)
import unohelper
from com.sun.star.lang import IllegalArgumentException
from org.kalkyl.calc import XKalkyl

import kalkyl
from kalkyl import band as kalkyl_band
from kalkyl.allocate import allocate
from kalkyl.checks import PublishedTable
from kalkyl_calc import cells
from kalkyl_calc.cells import CellError

IMPLEMENTATION_NAME = "org.kalkyl.calc.Kalkyl"
SERVICE_NAMES = ("com.sun.star.sheet.AddIn",)

# com.sun.star.util.NumberFormat and com.sun.star.sheet.FormulaResult (constants groups).
_PERCENT = 128
_FORMULA_VALUE, _FORMULA_STRING, _FORMULA_ERROR = 1, 2, 4
_ERR_ILLEGAL_ARGUMENT = 502  # what Calc shows for an IllegalArgumentException from an add-in

_last_error = threading.local()
_last_error_any = [""]  # Calc may call add-ins from more than one thread; FEL reads the latest

# Swedish names accepted next to kalkyl's own (kalkyl.ROUNDING_NAMES, band.AGGREGATIONS,
# allocate.MODE_NAMES); kalkyl checks the resulting name.
_ROUNDING_SV = {
    "halv_upp": "half_up",
    "halv_jämn": "half_even",
    "halv_ned": "half_down",
    "mot_noll": "down",
    "från_noll": "up",
    "nedåt": "floor",
    "uppåt": "ceiling",
}
_METHOD_SV = {"värsta_fall": "worst_case", "oberoende": "independent", "korrelerad": "correlated"}
_MODE_SV = {
    "största_rest": "largest_remainder",
    "rest_till_första": "remainder_to_first",
    "rest_till_största_vikt": "remainder_to_largest_weight",
    "kumulativ": "cumulative",
}
_SEVERITY_SV = {"ok": "ok", "rounding": "avrundning", "error": "fel"}


def _name(text, swedish):
    key = str(text).strip().lower().replace(" ", "_").replace("-", "_")
    return swedish.get(key, key)


def _calc_function(method):
    """kalkyl's errors (and bad cells) become an IllegalArgumentException carrying the message."""

    @functools.wraps(method)
    def call(self, *args):
        try:
            return method(self, *args)
        except (kalkyl.KalkylError, CellError, TypeError) as exc:
            message = str(exc)
            _last_error.message = message
            _last_error_any[0] = message
            raise IllegalArgumentException(message, self, 0) from None

    return call


def _as_double(value):
    return kalkyl.to_float(value)


class _Cells:
    """The cells of a range argument (XCellRange), with the decimals each shows."""

    def __init__(self, document, cell_range, what):
        self.document = document
        self.range = cell_range
        self.what = what
        address = cell_range.getRangeAddress()
        self.height = address.EndRow - address.StartRow + 1
        self.width = address.EndColumn - address.StartColumn + 1
        self._formats = None

    def _shown_decimals(self, cell):
        """The decimals the cell's number format shows; None for the General format.

        A percentage shows the value times 100, so 12,5 % (decimals 1) is 0.125:
        two more decimals."""
        if self._formats is None:
            self._formats = self.document.getNumberFormats()
        key = cell.getPropertyValue("NumberFormat")
        props = self._formats.getByKey(key)
        # General ("Standard" in Swedish) shows as many decimals as the value needs.
        if key == self._formats.getStandardIndex(props.getPropertyValue("Locale")):
            return None
        decimals = props.getPropertyValue("Decimals")
        if props.getPropertyValue("Type") & _PERCENT:
            decimals += 2
        return decimals

    def items(self, decimals=None):
        """(address, amount, decimals or None) for every non-empty cell, row by row."""
        out = []
        for row in range(self.height):
            for column in range(self.width):
                cell = self.range.getCellByPosition(column, row)
                where = "%s %s" % (self.what, cell.AbsoluteName)
                kind = cell.getType().value
                if kind == "EMPTY":
                    continue
                if kind == "FORMULA":
                    result = cell.getPropertyValue("FormulaResultType2")
                    if result == _FORMULA_ERROR or cell.getError():
                        raise CellError("kalkyl: %s holds an error (Err:%d)" % (where, cell.getError()))
                    kind = "TEXT" if result == _FORMULA_STRING else "VALUE"
                if kind == "TEXT":
                    text = cell.getString()
                    if not text.strip():
                        continue
                    try:
                        value = cells.from_text(text)
                    except kalkyl.KalkylError as exc:
                        raise CellError("%s (%s)" % (exc, where)) from None
                    shown = None
                else:
                    shown = decimals if decimals is not None else self._shown_decimals(cell)
                    value = cells.from_double(cell.getValue(), shown)
                out.append((cell.AbsoluteName, value, shown))
        return out


class Kalkyl(unohelper.Base, XKalkyl):
    def __init__(self, ctx):
        self.ctx = ctx

    @_calc_function
    def summa(self, document, amounts, decimals):
        shown = cells.decimals_argument(decimals)
        values = [value for _, value, _ in _Cells(document, amounts, "belopp").items(shown)]
        return _as_double(kalkyl.sum(values))

    @_calc_function
    def avrunda(self, amount, decimals, rounding):
        value = cells.amount(amount, "belopp")
        return _as_double(kalkyl.round_to(value, decimals, _name(rounding, _ROUNDING_SV)))

    @_calc_function
    def tolka(self, text, locale):
        return _as_double(kalkyl.parse(text.strip(), cells.LOCALE if locale is None else locale))

    @_calc_function
    def formatera(self, amount, unit, decimals, rounding):
        value = cells.amount(amount, "belopp")
        return kalkyl.format(value, unit=unit.strip(), decimals=decimals, rounding=_name(rounding, _ROUNDING_SV))

    @_calc_function
    def styckkostnad(self, costs, revenues, volume, decimals, rounding):
        result = kalkyl.unit_cost(
            cells.amount(costs, "kostnader"),
            cells.amount(revenues, "intäkter"),
            cells.amount(volume, "volym"),
            decimals,
            _name(rounding, _ROUNDING_SV),
        )
        return _as_double(result.per_unit)

    @_calc_function
    def fordela(self, amount, weights, decimals, mode):
        total = cells.amount(amount, "belopp")
        values, shape = cells.amounts(weights, "vikter")
        mode = "largest_remainder" if mode is None else _name(mode, _MODE_SV)
        parts = allocate(total, values, decimals, mode)
        return cells.shaped([_as_double(p) for p in parts], shape)

    @_calc_function
    def spannsumma(self, points, downsides, upsides, method, decimals, rounding, correlation):
        point_values, shape = cells.amounts(points, "prognos")
        downside_values, _ = cells.amounts(downsides, "försämring")
        upside_values, _ = cells.amounts(upsides, "förbättring")
        if not len(point_values) == len(downside_values) == len(upside_values):
            raise CellError(
                "kalkyl: prognos, försämring and förbättring must have as many cells (%d, %d, %d)"
                % (len(point_values), len(downside_values), len(upside_values))
            )
        bands = [
            kalkyl_band.Band.from_spread(p, d, u) for p, d, u in zip(point_values, downside_values, upside_values)
        ]
        # A correlation is a statistic, not an amount: its doubles go to kalkyl as doubles.
        matrix = None if correlation is None else [[float(x) for x in row] for row in correlation]
        total = kalkyl_band.band_sum(
            bands, _name(method, _METHOD_SV), matrix, scale=decimals, rounding=_name(rounding, _ROUNDING_SV)
        )
        return ((_as_double(total.low), _as_double(total.point), _as_double(total.high)),)

    @_calc_function
    def kontroll(self, document, rows, total):
        row_items = _Cells(document, rows, "rader").items()
        total_items = _Cells(document, total, "total").items()
        if len(total_items) != 1:
            raise CellError("kalkyl: total must be one cell with a figure, not %d" % len(total_items))
        table = PublishedTable()
        for name, value, shown in row_items + total_items:
            table.figure(name, value, shown)
        table.sum("summa", [name for name, _, _ in row_items], total_items[0][0])
        finding = table.check()[0]
        return "%s: raderna summerar till %s, tryckt %s, differens %s, tolerans %s" % (
            _SEVERITY_SV[finding.severity.value],
            kalkyl.format(finding.expected),
            kalkyl.format(finding.printed),
            kalkyl.format(finding.difference),
            kalkyl.format(finding.tolerance),
        )

    def fel(self, cell_range):
        cell = cell_range.getCellByPosition(0, 0)
        error = cell.getError()  # computes the cell first when it is dirty
        if error == 0:
            return ""
        if error != _ERR_ILLEGAL_ARGUMENT:
            return "Err:%d kommer inte från kalkyl" % error
        return getattr(_last_error, "message", None) or _last_error_any[0]


g_ImplementationHelper = unohelper.ImplementationHelper()
g_ImplementationHelper.addImplementation(Kalkyl, IMPLEMENTATION_NAME, SERVICE_NAMES)
