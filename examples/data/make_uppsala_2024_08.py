#!/usr/bin/env python3
"""Writes uppsala_2024_08.csv (no argument, or "8"): the ledger behind
Uppsala socialnämnd's delårsbokslut augusti 2024
(shared/seeds/000_2ed63b26c6aacf5d.txt, tables "Delårsbokslut augusti 2024",
"Prognososäkerhet" and the nyckeltal sheets); with "12", uppsala_2024_12.csv,
the same ledger at year end (shared/seeds/002_31e8e90355d16209.txt,
"Sammanfattning av ekonomiskt resultat": årets resultat 2024 and 2023 per
verksamhet, the committee's −23,5 mnkr, DOMAIN.md), with August's forecast
and band kept, so that the report shows the outcome against them.

The seed prints only rounded totals per verksamhet (mnkr). The monthly series
here are CONSTRUCTED: plausible, deterministic, and consistent with every
printed figure (each verksamhet's kommunbidrag, result Jan–Aug, last year's
result Jan–Aug and full-year forecast round to the printed mnkr; the
committee's to 950, −27, −13 and −30; the band to −35..−25; 5731 and 5733
to the nyckeltal sheets' kostnader, intäkter and volumes). Run it again to
regenerate; integer arithmetic only."""
import sys

# id, name, kommunbidrag 2024, result Jan-Aug, result Jan-Aug 2023, forecast result (tkr)
VERKSAMHETER = [
    ("POL", "Politisk verksamhet", 5200, 300, 100, -200),
    ("FUNK", "Vård och omsorg om personer med funktionsnedsättning", 400, -2800, -2200, -4100),
    ("VUX", "Missbrukarvård och övrig vård för vuxna", 233900, -3600, 2100, 13600),
    ("BOU", "Barn- och ungdomsvård", 685100, -21400, -16000, -40400),
    ("FAM", "Familjerätt och familjerådgivning", 23800, 200, 1200, 1600),
    ("FLY", "Flyktingmottagande", 1900, 300, 1600, -500),
]
# Seasonal weights of monthly net cost (summer placements weigh more).
PROFILE = [97, 95, 101, 99, 102, 104, 106, 103, 100, 99, 98, 96]
MONTH = int(sys.argv[1]) if len(sys.argv) > 1 else 8
if MONTH == 12:
    # Årsbokslut 2024: årets resultat 2024 and 2023 (printed 0, −4, 10, −32,
    # 1, 2 and 0, −2, 10, −21, 1, 10 mnkr; the committee −23,5).
    RESULT_12 = {"POL": (200, 100), "FUNK": (-3700, -2100), "VUX": (10300, 9800),
                 "BOU": (-32400, -21200), "FAM": (600, 900), "FLY": (1500, 10300)}
    VERKSAMHETER = [(v, n, kb, RESULT_12[v][0], RESULT_12[v][1], f) for v, n, kb, _, _, f in VERKSAMHETER]


def split(total, weights):
    """Exact integer split by weights, largest remainder (like kalkyl::allocate)."""
    s = sum(weights)
    base = [total * w // s for w in weights]
    rest = total - sum(base)
    order = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % s), i))
    for i in order[:rest]:
        base[i] += 1
    return base


out = []
w = out.append
w("# Uppsala kommun, socialnämnden: huvudbok för " + ("årsbokslut 2024 (prognos och spann från augusti)." if MONTH == 12 else "delårsbokslut augusti 2024."))
if MONTH == 12:
    w("# Källa: shared/seeds/002_31e8e90355d16209.txt (Sammanfattning av ekonomiskt")
    w("# resultat) och 000_2ed63b26c6aacf5d.txt (augustiprognosen). Rapporten trycker bara")
else:
    w("# Källa: shared/seeds/000_2ed63b26c6aacf5d.txt (Delårsbokslut augusti 2024,")
    w("# Prognososäkerhet, Nyckeltal 5731 och 5733). Rapporten trycker bara")
w("# avrundade summor: MÅNADSSERIERNA ÄR KONSTRUERADE (make_uppsala_2024_08.py),")
w("# rimliga och förenliga med varje tryckt siffra. Belopp i tkr; prognos är")
w("# helårets nettokostnad, försämring/förbättring gäller resultatet.")
w("# enhet: tkr")
w("id;förälder;namn;typ;månad;budget;utfall;budget_fg_år;utfall_fg_år;prognos;försämring;förbättring;volym;volymenhet")
w("SN;;Socialnämnden;netto;;;;;;;5000;5000;;")
for vid, name, kb, res, res_fg, fres in VERKSAMHETER:
    forecast = kb - fres
    w(f"{vid};SN;{name};netto;;;;;;{forecast};;;;")
    kb_m = split(kb, [1] * 12)
    kb_fg = kb * 96 // 100
    kb_fg_m = split(kb_fg, [1] * 12)
    net_ytd = sum(kb_m[:MONTH]) - res
    net_fg_ytd = sum(kb_fg_m[:MONTH]) - res_fg
    # Revenues: 3 % of the net cost, spread evenly; costs = net + revenues.
    parts = []
    if vid == "BOU" and MONTH == 8:
        # 5731 institutionsvård and 5733 strukturerad öppenvård as printed
        # in the nyckeltal sheets (kostnader, övriga intäkter, volume).
        parts.append(("BOU5731", "Institutionsvård barn och unga (5731)", 124998, 1534, "22939", "vårddygn"))
        parts.append(("BOU5733", "Strukturerad öppenvård (5733)", 61173, 198, "5555", "vårdtagare"))
        rest_net = net_ytd - (124998 - 1534) - (61173 - 198)
        rest_rev = 9000
        parts.append(("BOUOVR", "Övrig barn- och ungdomsvård", rest_net + rest_rev, rest_rev, "", ""))
    else:
        rev = max(net_ytd * 3 // 100, 0)
        parts.append((vid + "X", name, net_ytd + rev, rev, "", ""))
    for m in range(1, 13):
        w(f"{vid};;;;{m};{kb_m[m-1]};;{kb_fg_m[m-1]};;;;;;")
    fg_left = net_fg_ytd
    for k, (pid, pname, cost, rev, vol, volunit) in enumerate(parts):
        sub = pid if vid == "BOU" and MONTH == 8 else None
        parent = vid
        if sub:
            w(f"{pid};{vid};{pname};netto;;;;;;;;;{vol};{volunit}")
            parent = pid
        kid, iid = pid + "-K", pid + "-I"
        w(f"{kid};{parent};Kostnader;kostnad;;;;;;;;;;")
        w(f"{iid};{parent};Intäkter;intäkt;;;;;;;;;;")
        # Last year's net cost: in proportion to this year's; the last part
        # takes what is left, so the parts add up exactly.
        fg_net = fg_left if k == len(parts) - 1 else net_fg_ytd * (cost - rev) // net_ytd
        fg_left -= fg_net
        fg_cost = fg_net + rev
        cm = split(cost, PROFILE[:MONTH])
        rm = split(rev, [1] * MONTH)
        fg_cm = split(fg_cost, PROFILE[:MONTH])
        for m in range(1, MONTH + 1):
            w(f"{kid};;;;{m};;{cm[m-1]};;{fg_cm[m-1]};;;;;")
            w(f"{iid};;;;{m};;{rm[m-1]};;{rm[m-1]};;;;;")
text = "\n".join(out) + "\n"
sys.stdout.write(text)
