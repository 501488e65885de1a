#!/usr/bin/env python3
"""Writes extension/CalcAddIns.xcu: the names and Function Wizard help of kalkyl's Calc functions.

The table below is the one place the functions' visible names and help live
(Swedish and English); run this script after changing it and commit the
result (calc.xcu_current checks that the committed file is what it writes).
Parameter node names must be the parameter names of idl/XKalkyl.idl: Calc
matches them by name. The caller's document (XPropertySet) has no node.
"""

import sys
from pathlib import Path
from xml.sax.saxutils import escape

IMPLEMENTATION = "org.kalkyl.calc.Kalkyl"
ROUNDING_SV = ('Avrundning: "half_up" (halv_upp, svensk praxis), "half_even", "half_down", "down", '
               '"up", "floor" eller "ceiling". kalkyl avrundar aldrig utan ett namngivet läge.')
ROUNDING_EN = 'Rounding: "half_up", "half_even", "half_down", "down", "up", "floor" or "ceiling".'

# method: (display name, (sv description, en description), [(parameter, display, sv help, en help)])
FUNCTIONS = [
    ("summa", "KALKYL.SUMMA",
     ("Exakt summa av ett område med belopp (tal eller text som \"−1 234,50\"). Tal läses med de "
      "decimaler cellen visar (talformatet), eller med decimaler om det anges.",
      "Exact sum of a range of amounts (numbers, or text like \"−1 234,50\"). Numbers are read with the "
      "decimals their cell shows (its number format), or with decimals when given."),
     [("amounts", "belopp", "Området med belopp.", "The range of amounts."),
      ("decimals", "decimaler", "Valfritt: läs varje tal med så många decimaler i stället för cellens format.",
       "Optional: read every number with this many decimals instead of its cell's format.")]),
    ("avrunda", "KALKYL.AVRUNDA",
     ("Avrundar ett belopp till ett antal decimaler med ett namngivet avrundningsläge.",
      "Rounds an amount to a number of decimals by a named rounding mode."),
     [("amount", "belopp", "Beloppet: ett tal eller en text.", "The amount: a number or a text."),
      ("decimals", "decimaler", "Antal decimaler, 0..28.", "Decimals, 0..28."),
      ("rounding", "avrundning", ROUNDING_SV, ROUNDING_EN)]),
    ("tolka", "KALKYL.TOLKA",
     ("Läser ett belopp skrivet som text, på svenskt sätt: \"−1 234,50\", \"1 234\", \"(1 234)\".",
      "Reads an amount written as text, the Swedish way: \"−1 234,50\", \"1 234\", \"(1 234)\"."),
     [("text", "text", "Texten.", "The text."),
      ("locale", "språk", 'Valfritt: "sv-SE" (standard), "C" ("-1234.5") eller "auto".',
       'Optional: "sv-SE" (default), "C" ("-1234.5") or "auto".')]),
    ("formatera", "KALKYL.FORMATERA",
     ("Skriver ett belopp som text i kr, tkr eller mnkr.", "Writes an amount as text in kr, tkr or mnkr."),
     [("amount", "belopp", "Beloppet i kronor.", "The amount in kronor."),
      ("unit", "enhet", '"kr", "tkr" eller "mnkr".', '"kr", "tkr" or "mnkr".'),
      ("decimals", "decimaler", "Antal decimaler i texten.", "Decimals in the text."),
      ("rounding", "avrundning", ROUNDING_SV, ROUNDING_EN)]),
    ("styckkostnad", "KALKYL.STYCKKOSTNAD",
     ("Nettokostnad per enhet: (kostnader − intäkter) / volym, avrundad som angivet.",
      "Net cost per unit: (costs − revenues) / volume, rounded as named."),
     [("costs", "kostnader", "Totala kostnader (>= 0).", "Total costs (>= 0)."),
      ("revenues", "intäkter", "Övriga intäkter (>= 0).", "Other revenues (>= 0)."),
      ("volume", "volym", "Volymen (> 0): vårddygn, vårdtagare, brukare.", "The volume (> 0)."),
      ("decimals", "decimaler", "Decimaler i styckkostnaden.", "Decimals of the unit cost."),
      ("rounding", "avrundning", ROUNDING_SV, ROUNDING_EN)]),
    ("fordela", "KALKYL.FÖRDELA",
     ("Fördelar ett belopp efter vikter; delarna summerar exakt till beloppet. Matrisformel: "
      "markera ett område lika stort som vikterna.",
      "Allocates an amount by weights; the parts add up to the amount exactly. An array formula "
      "shaped like the weights."),
     [("amount", "belopp", "Beloppet som fördelas.", "The amount to allocate."),
      ("weights", "vikter", "Vikterna (>= 0), ett område.", "The weights (>= 0), a range."),
      ("decimals", "decimaler", "Decimaler i delarna.", "Decimals of the parts."),
      ("mode", "metod",
       'Valfritt: "largest_remainder" (standard), "remainder_to_first", "remainder_to_largest_weight" '
       'eller "cumulative".',
       'Optional: "largest_remainder" (default), "remainder_to_first", "remainder_to_largest_weight" or '
       '"cumulative".')]),
    ("spannsumma", "KALKYL.SPANNSUMMA",
     ("Prognosspannet för summan av rader: {min; prognos; max}. Matrisformel över tre celler i en rad.",
      "The forecast band of a sum of rows: {min; point; max}. An array formula over three cells in a row."),
     [("points", "prognos", "Radernas prognoser.", "The rows' forecasts."),
      ("downsides", "försämring", "Radernas försämringar (>= 0).", "The rows' downsides (>= 0)."),
      ("upsides", "förbättring", "Radernas förbättringar (>= 0).", "The rows' upsides (>= 0)."),
      ("method", "metod",
       '"worst_case" (värsta_fall: spannen adderas), "independent" (oberoende: kvadratrot ur '
       'kvadratsumman) eller "correlated" (korrelerad: kräver korrelation).',
       '"worst_case", "independent" or "correlated" (needs correlation).'),
      ("decimals", "decimaler", "Decimaler i resultatet.", "Decimals of the result."),
      ("rounding", "avrundning", ROUNDING_SV + ' "up" gör aldrig spannet smalare.', ROUNDING_EN),
      ("correlation", "korrelation", "Valfritt: korrelationsmatrisen (n x n) för \"correlated\".",
       'Optional: the n x n correlation matrix for "correlated".')]),
    ("kontroll", "KALKYL.KONTROLL",
     ("Kontrollerar att raderna summerar till den tryckta totalen: \"ok\", \"avrundning\" (de tryckta "
      "decimalerna förklarar skillnaden) eller \"fel\".",
      "Checks that the rows add up to the printed total: \"ok\", \"avrundning\" (rounding explains the "
      "difference) or \"fel\" (error)."),
     [("rows", "rader", "Raderna som tryckta (cellernas talformat ger deras decimaler).",
       "The rows as printed (their number formats give their decimals)."),
      ("total", "total", "Den tryckta totalen (en cell).", "The printed total (one cell).")]),
    ("fel", "KALKYL.FEL",
     ("kalkyls felmeddelande för cellen (Err:502); tom text när cellen inte har något fel.",
      "kalkyl's message for the cell's error (Err:502); empty when the cell has none."),
     [("cell", "cell", "Cellen med felet.", "The cell with the error.")]),
]


def _prop(name, sv, en):
    return (
        '<prop oor:name="%s"><value xml:lang="sv">%s</value><value xml:lang="en-US">%s</value></prop>'
        % (name, escape(sv), escape(en))
    )


def xcu():
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        "<!-- Written by tools/make_xcu.py: edit the table there, not this file. -->",
        '<oor:component-data xmlns:oor="http://openoffice.org/2001/registry"'
        ' xmlns:xs="http://www.w3.org/2001/XMLSchema" oor:name="CalcAddIns" oor:package="org.openoffice.Office">',
        ' <node oor:name="AddInInfo">',
        '  <node oor:name="%s" oor:op="replace">' % IMPLEMENTATION,
        '   <node oor:name="AddInFunctions">',
    ]
    for method, display, (sv, en), params in FUNCTIONS:
        out.append('    <node oor:name="%s" oor:op="replace">' % method)
        out.append("     " + _prop("DisplayName", display, display))
        out.append("     " + _prop("Description", sv, en))
        out.append('     <prop oor:name="Category"><value>Add-In</value></prop>')
        out.append('     <node oor:name="Parameters">')
        for name, shown, help_sv, help_en in params:
            out.append('      <node oor:name="%s" oor:op="replace">' % name)
            out.append("       " + _prop("DisplayName", shown, shown))
            out.append("       " + _prop("Description", help_sv, help_en))
            out.append("      </node>")
        out.append("     </node>")
        out.append("    </node>")
    out += ["   </node>", "  </node>", " </node>", "</oor:component-data>", ""]
    return "\n".join(out)


def main(argv):
    target = Path(__file__).resolve().parent.parent / "extension" / "CalcAddIns.xcu"
    if argv[1:] == ["--check"]:
        if target.read_text(encoding="utf-8") != xcu():
            print("calc: %s is not what tools/make_xcu.py writes; run it and commit the result" % target)
            return 1
        return 0
    target.write_text(xcu(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
