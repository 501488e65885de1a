#!/usr/bin/env python3
"""Writes the workbooks of kalkyl's Calc add-in from the repository's data:

  bindings/libreoffice/tests/kalkyl_functions.ods   every function on figures from the seeds,
                                                    with the expected value next to each (ctest calc.addin)
  examples/uppsala_2024_08.ods                      Uppsala socialnämnd, delårsbokslut augusti 2024:
                                                    exact totals, unit costs, the forecast band

    make_workbooks.py OXT     (LibreOffice's Python: /usr/bin/python3 with python3-uno;
                               KALKYL_LIBRARY=<build>/libkalkyl.so.1 for reading the CSV figures)

It starts a headless LibreOffice with the add-in installed (tools/office.py),
types the formulas by their Swedish names and saves. Run it again after
changing the tables below or the data in examples/data, and commit both .ods.
The expected values (column C of "Prov") are the figures printed in the
seeds (shared/seeds, via examples/data) or worked out by hand in the
comments; none is computed by kalkyl.
"""

import csv
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT / "bindings" / "python"))

import kalkyl  # noqa: E402  (reads the printed figures of the CSV files exactly)
from office import Office  # noqa: E402

DATA = ROOT / "examples" / "data"
TEST_WORKBOOK = ROOT / "bindings" / "libreoffice" / "tests" / "kalkyl_functions.ods"
EXAMPLE_WORKBOOK = ROOT / "examples" / "uppsala_2024_08.ods"
NBSP = "\u00a0"


def read_table(name):
    """(header, rows) of an examples/data table: ';'-separated, '#' comments, '!' relations left out."""
    lines = [
        line
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#") and not line.startswith("!")
    ]
    rows = list(csv.reader(lines, delimiter=";"))
    return rows[0], rows[1:]


class Sheet:
    def __init__(self, doc, sheet, formats):
        self.doc = doc
        self.sheet = sheet
        self.formats = formats

    def cell(self, ref):
        return self.sheet.getCellRangeByName(ref)

    def text(self, ref, text):
        self.cell(ref).setString(text)

    def figure(self, ref, printed, decimals=None):
        """A figure as printed ("61 173", "11,0", "-27"): its value, shown with its printed decimals."""
        value = kalkyl.parse(printed, "sv-SE")
        cell = self.cell(ref)
        cell.setValue(kalkyl.to_float(value))  # exact for these figures (at most 15 significant digits)
        shown = -value.as_tuple().exponent if decimals is None else decimals
        cell.setPropertyValue("NumberFormat", self.formats[shown])

    def number(self, ref, value, decimals):
        cell = self.cell(ref)
        cell.setValue(value)
        cell.setPropertyValue("NumberFormat", self.formats[decimals])

    def formula(self, ref, formula, decimals=None):
        cell = self.cell(ref)
        cell.setFormula(formula)
        if decimals is not None:
            cell.setPropertyValue("NumberFormat", self.formats[decimals])

    def array(self, ref, formula, decimals=None):
        block = self.cell(ref)
        block.setArrayFormula(formula)
        if decimals is not None:
            block.setPropertyValue("NumberFormat", self.formats[decimals])

    def bold(self, ref):
        self.cell(ref).setPropertyValue("CharWeight", 150.0)  # com.sun.star.awt.FontWeight.BOLD

    def widths(self, *mm):
        columns = self.sheet.getColumns()
        for i, width in enumerate(mm):
            columns.getByIndex(i).setPropertyValue("Width", int(width * 100))


def new_workbook(office):
    from com.sun.star.lang import Locale

    doc = office.new()
    swedish = Locale("sv", "SE", "")
    doc.setPropertyValue("CharLocale", swedish)  # the document's language: sv-SE number display
    numbers = doc.getNumberFormats()
    formats = {}
    for decimals in range(0, 4):
        code = "# ##0" + ("," + "0" * decimals if decimals else "")
        key = numbers.queryKey(code, swedish, False)
        formats[decimals] = key if key >= 0 else numbers.addNew(code, swedish)
    return doc, formats


def sheets(doc, formats, *names):
    container = doc.getSheets()
    first = container.getByIndex(0).getName()
    out = []
    for i, name in enumerate(names):
        if i == 0:
            container.getByName(first).setName(name)
        else:
            container.insertNewByName(name, i)
        out.append(Sheet(doc, container.getByName(name), formats))
    return out


# --- the test workbook --------------------------------------------------------------


def fill_data(data):
    """Sheet "Data": the seeds' tables as printed."""
    data.widths(70, 25, 25, 25, 25, 25, 25, 25, 25, 25)
    # A1:I8 Uppsala, mnkr (examples/data/uppsala_2024_08_tabell.csv).
    header, rows = read_table("uppsala_2024_08_tabell.csv")
    for c, title in enumerate(header):
        data.text("%s1" % "ABCDEFGHI"[c], title)
    for r, row in enumerate(rows, start=2):
        data.text("A%d" % r, row[0])
        for c, printed in enumerate(row[1:], start=1):
            if printed:
                data.figure("%s%d" % ("ABCDEFGHI"[c], r), printed)
    # A11:H16 Huddinge, tkr (huddinge_2021_08_tabell.csv); J12:J15 its budget column as text.
    header, rows = read_table("huddinge_2021_08_tabell.csv")
    for c, title in enumerate(header):
        data.text("%s11" % "ABCDEFGH"[c], title)
    for r, row in enumerate(rows, start=12):
        data.text("A%d" % r, row[0])
        for c, printed in enumerate(row[1:], start=1):
            data.figure("%s%d" % ("ABCDEFGH"[c], r), printed)
        data.text("J%d" % r, row[1].replace(" ", NBSP))  # as a text cell: "70 108"
    # A19:F24 Uppsala nyckeltal, tkr (uppsala_2024_08_nyckeltal.csv).
    header, rows = read_table("uppsala_2024_08_nyckeltal.csv")
    for c, title in enumerate(header):
        data.text("%s19" % "ABCDEF"[c], title)
    for r, row in enumerate(rows, start=20):
        data.text("A%d" % r, row[0])
        for c, printed in enumerate(row[1:], start=1):
            data.figure("%s%d" % ("ABCDEF"[c], r), printed)
    # A27:B29 numbers shown with fewer decimals than they hold; B31:B33 0,1, 0,2 and 0,3 in General.
    data.text("A26", "Visade decimaler")
    for r in (27, 28, 29):
        data.number("B%d" % r, 0.125, 2)  # shows 0,13; the cell holds 0,125
    for r, value in ((31, 0.1), (32, 0.2), (33, 0.3)):
        data.cell("B%d" % r).setValue(value)  # General format
    # A36:A38 weights 1, 1, 1.
    for r in (36, 37, 38):
        data.number("B%d" % r, 1, 0)


# Prov: (what, formula, expected, decimals shown, source). expected: a number
# (compared exactly with the formula's double) or a text (compared exactly).
HUDDINGE_ROWS = "$Data.B12:B15"
UPPSALA_UTFALL = "$Data.C2:C7"
PROV = [
    ("SUMMA: Huddinge budget helår, tkr", "=KALKYL.SUMMA(%s)" % HUDDINGE_ROWS, 422848, 0,
     "tryckt Summa nettokostnad 422 848 (seed 003)"),
    ("SUMMA: samma kolumn som text", "=KALKYL.SUMMA($Data.J12:J15)", 422848, 0, "text \"70 108\" ..."),
    ("SUMMA: Uppsala utfall jan–aug, mnkr", "=KALKYL.SUMMA(%s)" % UPPSALA_UTFALL, -28, 0,
     "raderna 0−3−4−21+0+0 = −28 under tryckt −27 (seed 000)"),
    ("SUMMA: 3 × 0,125 visat som 0,13", "=KALKYL.SUMMA($Data.B27:B29)", 0.39, 2, "3 × 0,13 = 0,39 (det som syns)"),
    ("SUMMA: samma med decimaler 3", "=KALKYL.SUMMA($Data.B27:B29;3)", 0.375, 3, "3 × 0,125"),
    ("SUMMA: 0,1 + 0,2 + 0,3 i formatet Standard", "=KALKYL.SUMMA($Data.B31:B33)", 0.6, 1,
     "exakt 0,6; Standard visar alla decimaler"),
    ("AVRUNDA: 2,5 half_up", '=KALKYL.AVRUNDA(2.5;0;"half_up")', 3, 0, "svensk praxis"),
    ("AVRUNDA: 2,5 half_even", '=KALKYL.AVRUNDA(2.5;0;"half_even")', 2, 0, "bankers"),
    ("AVRUNDA: −2,5 halv_upp", '=KALKYL.AVRUNDA(-2.5;0;"halv_upp")', -3, 0, "bort från noll"),
    ("AVRUNDA: 1,005 till 2 decimaler", '=KALKYL.AVRUNDA(1.005;2;"half_up")', 1.01, 2,
     "1,005 exakt, inte 1,00499… som double"),
    ("AVRUNDA: text \"−27,45\" till 1 decimal", '=KALKYL.AVRUNDA("−27,45";1;"half_up")', -27.5, 1, ""),
    ("TOLKA: \"−1 234,50\"", '=KALKYL.TOLKA("−1 234,50")', -1234.5, 2, "U+2212, mellanslag"),
    ("TOLKA: \"(1 234)\"", '=KALKYL.TOLKA("(1 234)")', -1234, 0, "parentes = negativt"),
    ("TOLKA: \"-1234.5\" språk C", '=KALKYL.TOLKA("-1234.5";"C")', -1234.5, 1, ""),
    ("FORMATERA: 123 464 tkr i mnkr", '=KALKYL.FORMATERA(123464000;"mnkr";1;"half_up")', "123,5", None,
     "5731 nettokostnad 123 464 tkr"),
    ("FORMATERA: 422 848 000 kr i tkr", '=KALKYL.FORMATERA(422848000;"tkr";0;"half_up")', "422" + NBSP + "848",
     None, "Huddinge summa"),
    ("FORMATERA: −27 450 000 kr i mnkr", '=KALKYL.FORMATERA(-27450000;"mnkr";1;"half_up")', "-27,5", None, ""),
    ("STYCKKOSTNAD: 5731 per vårddygn", "=KALKYL.STYCKKOSTNAD($Data.B23;$Data.C23;$Data.E23;1;\"half_up\")",
     5.4, 1, "tryckt 5,4 (124 998 − 1 534) / 22 939"),
    ("STYCKKOSTNAD: 5731 externa", "=KALKYL.STYCKKOSTNAD($Data.B24;$Data.C24;$Data.E24;1;\"half_up\")",
     5.5, 1, "tryckt 5,5"),
    ("STYCKKOSTNAD: 5732 per vårddygn", "=KALKYL.STYCKKOSTNAD($Data.B22;$Data.C22;$Data.E22;1;\"half_up\")",
     1.6, 1, "tryckt 1,6"),
    ("STYCKKOSTNAD: 5733 per vårdtagare", "=KALKYL.STYCKKOSTNAD($Data.B20;$Data.C20;$Data.E20;1;\"half_up\")",
     11.0, 1, "tryckt 11,0"),
    ("FÖRDELA: summan av 100 på 1, 1, 1", "=SUMPRODUCT(KALKYL.FÖRDELA(100;$Data.B36:B38;2))", 100, 2,
     "delarna summerar exakt"),
    ("KONTROLL: Huddinge budget helår", "=KALKYL.KONTROLL(%s;$Data.B16)" % HUDDINGE_ROWS,
     "ok: raderna summerar till 422" + NBSP + "848, tryckt 422" + NBSP + "848, differens 0, tolerans 2,5", None,
     "422 848 = 422 848; toleransen 5 tal × 0,5"),
    ("KONTROLL: Uppsala utfall mot −27", "=KALKYL.KONTROLL(%s;$Data.C8)" % UPPSALA_UTFALL,
     "avrundning: raderna summerar till -28, tryckt -27, differens 1, tolerans 3,5", None,
     "−28 mot tryckt −27; 7 tal × 0,5 = 3,5"),
    ("KONTROLL: Uppsala prognos mot −30", "=KALKYL.KONTROLL($Data.E2:E7;$Data.E8)",
     "avrundning: raderna summerar till -29, tryckt -30, differens -1, tolerans 3,5", None,
     "0−4+14−40+2−1 = −29 mot tryckt −30"),
    ("KONTROLL: fel total", "=KALKYL.KONTROLL(%s;$Data.C16)" % HUDDINGE_ROWS,
     "fel: raderna summerar till 422" + NBSP + "848, tryckt 419" + NBSP + "473, differens -3" + NBSP
     + "375, tolerans 2,5", None, "budgetraderna mot prognostotalen; 5 tal × 0,5"),
    ("Fel: TOLKA(\"12,3,4\") ger Err:502", '=KALKYL.TOLKA("12,3,4")', "Err:502", None, ""),
    ("FEL: meddelandet", "=KALKYL.FEL(B{prev})",
     'kalkyl_dec_parse: cannot read "12,3,4" as an sv-SE amount: at byte offset 4, unexpected text after the number.',
     None, "B30 ovan"),
    ("FEL: en cell utan fel", "=KALKYL.FEL(B2)", "", None, ""),
    ("Fel: STYCKKOSTNAD med volym 0", '=KALKYL.STYCKKOSTNAD(100;0;0;1;"half_up")', "Err:502", None, ""),
    ("FEL: volym 0", "=KALKYL.FEL(B{prev})", None, None, "kalkyls meddelande om volymen"),
]

# Matriser: array formulas, expected values in column C row by row.
MATRISER = [
    ("FÖRDELA(100; 1, 1, 1; 2)", "=KALKYL.FÖRDELA(100;$Data.B36:B38;2)", [33.34, 33.33, 33.33], 2,
     "största rest; lika vikter: lägst index först"),
    ("FÖRDELA(950; kommunbidragen; 0)", "=KALKYL.FÖRDELA(950;$Data.B2:B7;0)", [5, 0, 234, 685, 24, 2], 0,
     "950 efter sig självt: samma tal"),
    ("FÖRDELA(-27; kommunbidragen; 0)", "=KALKYL.FÖRDELA(-27;$Data.B2:B7;0)", [0, 0, -7, -19, -1, 0], 0,
     "27·234/950 = 6,65; 27·685/950 = 19,47; 27·24/950 = 0,68; rester 0,65 0,68 ger 6+1, 0+1"),
    ("SPANNSUMMA Uppsala: −30 ∓ 5", '=KALKYL.SPANNSUMMA($Data.E8;$Data.F8;$Data.G8;"worst_case";0;"up")',
     [-35, -30, -25], 0, "tryckt prognosspann −35 till −25"),
    ("SPANNSUMMA oberoende: (0; 3; 6) + (10; 4; 8)", '=KALKYL.SPANNSUMMA({0;10};{3;4};{6;8};"oberoende";2;"up")',
     [5, 10, 20], 2, "√(3²+4²) = 5, √(6²+8²) = 10"),
    ("SPANNSUMMA värsta fall: samma", '=KALKYL.SPANNSUMMA({0;10};{3;4};{6;8};"worst_case";2;"up")',
     [3, 10, 24], 2, "3+4 = 7, 6+8 = 14"),
    ("SPANNSUMMA korrelerad, r = 1", '=KALKYL.SPANNSUMMA({0;10};{3;4};{6;8};"correlated";2;"up";{1;1|1;1})',
     [3, 10, 24], 2, "fullt korrelerade: som värsta fall"),
]


def fill_prov(prov):
    prov.widths(75, 40, 40, 12, 90)
    for c, title in enumerate(("Vad", "Formel", "Väntat", "Lika", "Källa")):
        prov.text("%s1" % "ABCDE"[c], title)
        prov.bold("%s1" % "ABCDE"[c])
    for r, (what, formula, expected, decimals, source) in enumerate(PROV, start=2):
        prov.text("A%d" % r, what)
        prov.text("E%d" % r, source)
        if formula is None:
            continue
        prov.formula("B%d" % r, formula.replace("{prev}", str(r - 1)), decimals)
        if isinstance(expected, str):
            prov.text("C%d" % r, expected)
            prov.formula("D%d" % r, '=IF(ISERROR(B{0});"Err:"&ERRORTYPE(B{0});B{0})=C{0}'.format(r))
        elif expected is not None:
            prov.number("C%d" % r, expected, decimals)
            prov.formula("D%d" % r, "=B{0}=C{0}".format(r))


def fill_matriser(mat):
    mat.widths(75, 25, 25, 12, 90)
    for c, title in enumerate(("Vad", "Formel", "Väntat", "Lika", "Källa")):
        mat.text("%s1" % "ABCDE"[c], title)
        mat.bold("%s1" % "ABCDE"[c])
    r = 2
    for what, formula, expected, decimals, source in MATRISER:
        n = len(expected)
        mat.text("A%d" % r, what)
        mat.text("E%d" % r, source)
        if formula.startswith("=KALKYL.SPANNSUMMA"):
            formula = "=TRANSPOSE(%s)" % formula[1:]  # {min; prognos; max} as a column here
        mat.array("B%d:B%d" % (r, r + n - 1), formula, decimals)
        for i, value in enumerate(expected):
            mat.number("C%d" % (r + i), value, decimals)
            mat.formula("D%d" % (r + i), "=B{0}=C{0}".format(r + i))
        r += n + 1


def make_test_workbook(office):
    doc, formats = new_workbook(office)
    prov, mat, data = sheets(doc, formats, "Prov", "Matriser", "Data")
    fill_data(data)
    fill_prov(prov)
    fill_matriser(mat)
    office.save(doc, TEST_WORKBOOK)
    doc.close(True)


# --- the example workbook ------------------------------------------------------------


LEDGER_NUMBERS = {"månad", "budget", "utfall", "budget_fg_år", "utfall_fg_år", "prognos", "försämring",
                  "förbättring", "volym"}


def fill_ledger(huvudbok):
    """Sheet "Huvudbok": examples/data/uppsala_2024_08.csv as it is (tkr), one row per line."""
    header, rows = read_table("uppsala_2024_08.csv")
    numeric = [name in LEDGER_NUMBERS for name in header]
    table = [tuple(header)]
    for row in rows:
        row = row + [""] * (len(header) - len(row))
        table.append(
            tuple(kalkyl.to_float(kalkyl.parse(v, "sv-SE")) if numeric[i] and v else v for i, v in enumerate(row))
        )
    block = huvudbok.sheet.getCellRangeByPosition(0, 0, len(header) - 1, len(table) - 1)
    block.setDataArray(tuple(table))
    huvudbok.sheet.getCellRangeByPosition(4, 1, len(header) - 2, len(table) - 1).setPropertyValue(
        "NumberFormat", huvudbok.formats[0]
    )
    for c in range(len(header)):
        huvudbok.bold("%s1" % chr(ord("A") + c))
    huvudbok.widths(22, 12, 60, 14, 12, 18, 18, 18, 18, 18, 18, 18, 18, 18)
    return len(table)


def make_example_workbook(office):
    doc, formats = new_workbook(office)
    tabell, nyckeltal, huvudbok = sheets(doc, formats, "Delårsbokslut", "Nyckeltal", "Huvudbok")
    ledger_rows = fill_ledger(huvudbok)

    # Delårsbokslut: the printed table, exact column totals, the check, the band.
    header, rows = read_table("uppsala_2024_08_tabell.csv")
    tabell.widths(80, 25, 25, 25, 25, 25, 25, 25, 25)
    for c, title in enumerate(header):
        tabell.text("%s1" % "ABCDEFGHI"[c], title)
        tabell.bold("%s1" % "ABCDEFGHI"[c])
    last = len(rows) + 1  # the printed "Nämnden totalt"
    for r, row in enumerate(rows, start=2):
        tabell.text("A%d" % r, row[0])
        for c, printed in enumerate(row[1:], start=1):
            if printed:
                tabell.figure("%s%d" % ("ABCDEFGHI"[c], r), printed)
    first_row, last_row = 2, last - 1
    tabell.text("A%d" % (last + 2), "Exakt summa av raderna (KALKYL.SUMMA)")
    tabell.text("A%d" % (last + 3), "Raderna mot tryckt total (KALKYL.KONTROLL)")
    for c in "BCDE":
        tabell.formula("%s%d" % (c, last + 2), "=KALKYL.SUMMA(%s%d:%s%d)" % (c, first_row, c, last_row), 0)
        tabell.formula(
            "%s%d" % (c, last + 3), "=KALKYL.KONTROLL(%s%d:%s%d;%s%d)" % (c, first_row, c, last_row, c, last)
        )
    tabell.text("A%d" % (last + 5), "Prognosspann (KALKYL.SPANNSUMMA, värsta fall): min, prognos, max")
    tabell.array(
        "B%d:D%d" % (last + 5, last + 5),
        '=KALKYL.SPANNSUMMA(E%d;F%d;G%d;"worst_case";0;"up")' % (last, last, last),
        0,
    )
    tabell.text("A%d" % (last + 6), "Prognos i text (KALKYL.FORMATERA)")
    tabell.formula("B%d" % (last + 6), '=KALKYL.FORMATERA(E%d;"kr";0;"half_up")&" mnkr"' % last)
    # The ledger behind the table (sheet Huvudbok, tkr): its exact totals, and in mnkr as printed above.
    tabell.text("A%d" % (last + 8), "Ur huvudboken (bladet Huvudbok), tkr")
    tabell.bold("A%d" % (last + 8))
    tabell.text("B%d" % (last + 8), "Summa, tkr")
    tabell.text("C%d" % (last + 8), "I mnkr")
    for offset, (label, column) in enumerate(
        (("Kommunbidrag 2024: månadernas budget", "F"), ("Helårsprognos, nettokostnad: verksamheterna", "J")),
        start=9,
    ):
        r = last + offset
        tabell.text("A%d" % r, label)
        tabell.formula("B%d" % r, "=KALKYL.SUMMA($Huvudbok.%s2:%s%d)" % (column, column, ledger_rows), 0)
        # tkr formatted in "tkr" is thousands of tkr: mnkr.
        tabell.formula("C%d" % r, '=KALKYL.FORMATERA(B%d;"tkr";0;"half_up")' % r)

    # Nyckeltal: net cost and net cost per unit against the printed ones.
    header, rows = read_table("uppsala_2024_08_nyckeltal.csv")
    nyckeltal.widths(85, 25, 25, 25, 25, 25, 30)
    titles = header + ["Nettokostnad per enhet (KALKYL.STYCKKOSTNAD)"]
    for c, title in enumerate(titles):
        nyckeltal.text("%s1" % "ABCDEFG"[c], title)
        nyckeltal.bold("%s1" % "ABCDEFG"[c])
    for r, row in enumerate(rows, start=2):
        nyckeltal.text("A%d" % r, row[0])
        for c, printed in enumerate(row[1:], start=1):
            nyckeltal.figure("%s%d" % ("ABCDEF"[c], r), printed)
        nyckeltal.formula("G%d" % r, '=KALKYL.STYCKKOSTNAD(B{0};C{0};E{0};1;"half_up")'.format(r), 1)
    nyckeltal.text(
        "H3",
        "19,6 ur de tryckta tkr; bladet trycker 19,7, räknat ur kronor: avrundning, inte fel",
    )
    office.save(doc, EXAMPLE_WORKBOOK)
    doc.close(True)


def main(argv):
    if len(argv) != 2:
        print(__doc__)
        return 2
    with Office(argv[1]) as office:
        make_test_workbook(office)
        make_example_workbook(office)
    print("wrote %s and %s" % (TEST_WORKBOOK, EXAMPLE_WORKBOOK))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
