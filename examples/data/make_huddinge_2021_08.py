#!/usr/bin/env python3
"""Writes huddinge_2021_08.csv: the ledger behind Huddinge socialnämnd's
delårsrapport per 31 augusti 2021 (shared/seeds/003_88ecce726bdc263c.txt,
table "Ekonomi, drift (per verksamhet)", tkr).

The seed prints per verksamhet: budget and prognos for the year, budget and
utfall January–August, and utfall January–August 2020. The MONTHLY SERIES
ARE CONSTRUCTED: split evenly (largest remainder) so that January–August and
the year add up exactly to the printed figures. Integer arithmetic only."""
import sys

# id, name, budget year, prognos year, budget Jan-Aug, utfall Jan-Aug, utfall Jan-Aug 2020 (tkr)
ROWS = [
    ("SOPS", "Socialpsykiatri", 70108, 69808, 46808, 46537, 40341),
    ("VOB", "Vård och behandling", 346733, 342341, 230451, 227234, 212924),
    ("NAMND", "Nämnd och övergripande verksamhet", 6007, 4576, 4003, 2640, 3035),
    ("EKB", "Ensamkommande barn och unga", 0, 2748, 348, 1418, 4268),
]


def split(total, n):
    base = [total // n] * n  # floor division: the remainder goes to the first months
    for i in range(total - sum(base)):
        base[i] += 1
    return base


w = sys.stdout.write
w("# Huddinge kommun, socialnämnden: huvudbok för delårsrapport per 31 augusti 2021.\n")
w("# Källa: shared/seeds/003_88ecce726bdc263c.txt, \"Ekonomi, drift (per verksamhet)\".\n")
w("# Rapporten trycker bara helår och januari–augusti: MÅNADSSERIERNA ÄR\n")
w("# KONSTRUERADE (make_huddinge_2021_08.py), jämnt fördelade så att summorna\n")
w("# blir exakt de tryckta. Belopp i tkr.\n")
w("# enhet: tkr\n")
w("id;förälder;namn;typ;månad;budget;utfall;utfall_fg_år;prognos\n")
w("SN;;Socialnämnden;netto;;;;;\n")
for rid, name, by, py, bytd, uytd, fg in ROWS:
    w(f"{rid};SN;{name};netto;;;;;{py}\n")
    w(f"{rid}-K;{rid};Nettokostnad {name.lower()};kostnad;;;;;\n")
    budget = split(bytd, 8) + split(by - bytd, 4)
    utfall = split(uytd, 8)
    prior = split(fg, 8)
    for m in range(12):
        w(f"{rid};;;;{m + 1};{budget[m]};;;\n")
    for m in range(8):
        w(f"{rid}-K;;;;{m + 1};;{utfall[m]};{prior[m]};\n")
