"""Tests of kalkyl.allocate, kalkyl.footing and kalkyl.checks (the C ABI section
"Allocation, periodisation, display rounding and checks" through ctypes).

Golden figures come from the seeds (/work/shared/seeds, named per test); the
property tests compare with an independent reference written here with
fractions.Fraction, and print their seed (KALKYL_PROPERTY_SEED replays).
"""

import unittest
from decimal import Decimal as D
from fractions import Fraction

import kalkyl
from kalkyl import allocate, checks, footing
from kalkyl.allocate import AllocationMode
from kalkyl.checks import PublishedTable, Severity

from kalkyl_test_support import CASES, replay, rng


def reference_largest_remainder(total, weights, scale):
    """Hamilton's method from its definition, in fractions (the tie rule: larger
    weight, then lower index), written independently of the C++."""
    unit = Fraction(1, 10**scale)
    negative = total < 0
    units = abs(Fraction(total)) / unit
    assert units.denominator == 1
    w = [Fraction(x) for x in weights]
    s = sum(w)
    shares = [units * x / s for x in w]
    parts = [int(q) for q in shares]  # floor of non-negative shares
    left = int(units) - sum(parts)
    order = sorted(range(len(w)), key=lambda i: (-(shares[i] - parts[i]), -w[i], i))
    for i in order[:left]:
        parts[i] += 1
    return [(-p if negative else p) * unit for p in parts]


class AllocateTest(unittest.TestCase):
    def test_hundred_kronor_on_three_weights(self):
        self.assertEqual(allocate.allocate(D("100"), [1, 1, 1], 0), [D(34), D(33), D(33)])
        self.assertEqual(allocate.allocate(D("100"), [1, 1, 1], 2), [D("33.34"), D("33.33"), D("33.33")])
        self.assertEqual([str(p) for p in allocate.allocate(D("100"), [1, 2], 2)], ["33.33", "66.67"])

    def test_tie_rule_larger_weight_then_lower_index(self):
        self.assertEqual(allocate.allocate(2, [1, 3], 0), [0, 2])  # 0,5 and 1,5: the weight 3 wins
        self.assertEqual(allocate.allocate(1, [1, 1], 0), [1, 0])

    def test_deficit_is_symmetric(self):
        for mode in AllocationMode:
            pos = allocate.allocate(D("1000.01"), [3, 1, 1, 2], 2, mode)
            neg = allocate.allocate(D("-1000.01"), [3, 1, 1, 2], 2, mode)
            self.assertEqual(neg, [-p for p in pos], mode)

    def test_modes_by_name_and_enum(self):
        self.assertEqual(allocate.allocate(200, [1, 1, 1], 0, "remainder_to_first"), [68, 66, 66])
        self.assertEqual(allocate.allocate(11, [1, 2, 2], 0, "remainder_to_largest_weight"), [2, 5, 4])
        self.assertEqual(allocate.allocate(200, [1, 1, 1], 0, AllocationMode.CUMULATIVE), [67, 66, 67])

    def test_column_in_column_out(self):
        parts = allocate.allocate_column(D("10.00"), kalkyl.Column([1, 1, 1]), 2)
        self.assertIsInstance(parts, kalkyl.Column)
        self.assertEqual(list(parts), [D("3.34"), D("3.33"), D("3.33")])

    def test_bad_weights_raise_and_name_the_weight(self):
        with self.assertRaises(kalkyl.InvalidError) as cm:
            allocate.allocate(1, [1, -2, 1], 0)
        self.assertIn("weight 1 is -2", str(cm.exception))
        with self.assertRaises(kalkyl.InvalidError):
            allocate.allocate(1, [0, D("0.00")], 0)
        with self.assertRaises(kalkyl.InvalidError):
            allocate.allocate(1, [], 0)
        with self.assertRaises(kalkyl.ScaleError):
            allocate.allocate(D("100.005"), [1, 1], 2)
        with self.assertRaises(kalkyl.InvalidError):
            allocate.allocate(1, [1, 1], 0, "to_the_boss")
        with self.assertRaises(TypeError):
            allocate.allocate(1, [1.5, 1], 0)  # floats never carry amounts

    def test_property_against_fractions(self):
        r = rng("allocate.largest_remainder")
        for case in range(max(CASES // 4, 50)):
            scale = r.randrange(0, 5)
            total = D(r.randrange(-10**12, 10**12)).scaleb(-r.randrange(0, scale + 1))
            weights = [D(r.randrange(0, 10**r.randrange(1, 8))).scaleb(-r.randrange(0, 4)) for _ in range(r.randrange(1, 30))]
            if all(w == 0 for w in weights):
                weights[0] = D(1)
            parts = allocate.allocate(total, weights, scale)
            msg = replay("case %d: %s by %s at %d" % (case, total, weights, scale))
            self.assertEqual(sum(parts), total, msg)
            self.assertEqual([Fraction(p) for p in parts], reference_largest_remainder(total, weights, scale), msg)
            s = sum(Fraction(w) for w in weights)
            for p, w in zip(parts, weights):
                share = Fraction(total) * Fraction(w) / s
                self.assertLess(abs(Fraction(p) - share), Fraction(1, 10**scale), msg)
                self.assertEqual(p.as_tuple().exponent, -scale, msg)


class PeriodiseTest(unittest.TestCase):
    def test_uppsala_kommunbidrag_685_through_august(self):
        # 000_2ed63b26c6aacf5d.txt, "Delårsbokslut augusti 2024": Barn- och
        # ungdomsvård, kommunbidrag 2024 685 mnkr; evenly by month at one decimal.
        self.assertEqual(allocate.budget_through_month(685, 8, 1, "cumulative"), D("456.7"))
        self.assertEqual(allocate.budget_through_month(685, 8, 1, "largest_remainder"), D("456.8"))
        months = allocate.periodise(685, 1, "largest_remainder")
        self.assertEqual(months, [D("57.1")] * 10 + [D("57.0")] * 2)
        self.assertEqual(sum(allocate.periodise(685, 1, "cumulative")), 685)

    def test_fewer_costs_in_july(self):
        profile = [1] * 12
        profile[6] = D("0.5")
        months = allocate.periodise(1150000, 0, "largest_remainder", profile)
        self.assertEqual(months[6], 50000)
        self.assertEqual(months[0], 100000)
        self.assertEqual(allocate.budget_through_month(1150000, 7, 0, "cumulative", profile), 650000)

    def test_bad_profiles_and_months(self):
        profile = [1] * 12
        profile[6] = -1
        with self.assertRaises(kalkyl.InvalidError) as cm:
            allocate.periodise(12, 0, "cumulative", profile)
        self.assertIn("juli", str(cm.exception))
        with self.assertRaises(kalkyl.InvalidError):
            allocate.periodise(12, 0, "cumulative", [1] * 11)
        with self.assertRaises(kalkyl.InvalidError):
            allocate.budget_through_month(12, 13, 0, "cumulative")


def kr(tkr):
    """A figure printed in tkr ("70 108"), as exact kronor."""
    return D(tkr.replace(" ", "")) * 1000


class FootingTest(unittest.TestCase):
    def test_uppsala_periodens_utfall_foots_at_minus_27(self):
        # 000_2ed63b26c6aacf5d.txt, "Delårsbokslut augusti 2024", "Periodens
        # utfall 202401-202408" (mnkr): rows printed 0 −3 −4 −21 0 0 (−28) under
        # −27; exact values that print so.
        rows = [[D(v)] for v in ("200000", "-2700000", "-3800000", "-20600000", "300000", "100000")]
        t = footing.foot(rows, [D("-26500000")], "mnkr", 0, "half_up", columns=["Periodens utfall"])
        self.assertEqual(t.column("Periodens utfall"), [0, -3, -4, -20, 0, 0])
        self.assertEqual(t.totals, [-27])
        self.assertEqual(len(t.adjusted), 1)
        a = t.adjusted[0]
        self.assertEqual((a.row, a.column, a.rounded, a.printed, a.total), (3, "Periodens utfall", -21, -20, False))

    def test_huddinge_variance_stays_true(self):
        # 003_88ecce726bdc263c.txt, "Ekonomi, drift (per verksamhet)", helår (tkr).
        rows = [[kr("70 108"), kr("69 808")], [kr("346 733"), kr("342 341")], [kr("6 007"), kr("4 576")], [0, kr("2 748")]]
        t = footing.foot(
            rows,
            [kr("422 848"), kr("419 473")],
            "mnkr",
            1,
            "half_up",
            columns=["Budget", "Prognos"],
            derived={"Avvikelse": {"Budget": 1, "Prognos": -1}},
        )
        self.assertEqual(t.columns, ["Budget", "Prognos", "Avvikelse"])
        self.assertEqual(t.column("Prognos"), [D("69.8"), D("342.3"), D("4.6"), D("2.8")])
        self.assertEqual(t.totals, [D("422.8"), D("419.5"), D("3.3")])
        for row in t.rows:
            self.assertEqual(row[2], row[0] - row[1])
        for j in range(3):
            self.assertEqual(sum(row[j] for row in t.rows), t.totals[j])
        self.assertEqual([(a.row, a.column, a.total) for a in t.adjusted],
                         [(3, "Prognos", False), (3, "Avvikelse", False), (4, "Avvikelse", True)])

    def test_bad_tables(self):
        # The total row is not the exact sum (Huddinge budget ackumulerat:
        # 46 808 + 230 451 + 4 003 + 348 = 281 610, printed 281 609).
        rows = [[kr("46 808")], [kr("230 451")], [kr("4 003")], [kr("348")]]
        with self.assertRaises(kalkyl.InvalidError) as cm:
            footing.foot(rows, [kr("281 609")], "tkr", 0, "half_up", columns=["Budget ackumulerat aug"])
        self.assertIn("'Budget ackumulerat aug'", str(cm.exception))
        with self.assertRaises(kalkyl.InvalidError) as cm:
            footing.foot(rows, [kr("281 610")], "tkr", 0, "half_up", columns=["Budget"],
                         derived={"Avvikelse": {"Budget": 1, "Utfall": -1}})
        self.assertIn("'Utfall'", str(cm.exception))
        with self.assertRaises(kalkyl.InvalidError):
            footing.foot([[1, 2], [3]], [4, 2], "tkr", 0, "half_up")
        with self.assertRaises(kalkyl.InvalidError):
            footing.foot(rows, [kr("281 610")], "gkr", 0, "half_up")
        with self.assertRaises(kalkyl.InvalidError):
            footing.foot(rows, [kr("281 610")], "tkr", 0, None)

    def test_property_foots_and_stays_within_one_unit(self):
        r = rng("footing")
        for case in range(max(CASES // 10, 30)):
            n, m = r.randrange(0, 25), r.randrange(1, 4)
            rows = [[D(r.randrange(-10**7, 10**7)) for _ in range(m)] for _ in range(n)]
            totals = [sum((row[j] for row in rows), D(0)) for j in range(m)]
            names = ["k%d" % j for j in range(m)]
            derived = {"d": {"k0": 1, "k1": -1}} if m >= 2 else {}
            t = footing.foot(rows, totals, "tkr", 0, "half_up", columns=names, derived=derived)
            msg = replay("case %d" % case)
            for j in range(len(t.columns)):
                self.assertEqual(sum((row[j] for row in t.rows), D(0)), t.totals[j], msg)
            exact = [row + ([row[0] - row[1]] if derived else []) for row in rows]
            for i, row in enumerate(t.rows):
                for j, printed in enumerate(row):
                    rounded = (exact[i][j] / 1000).quantize(D(1), rounding="ROUND_HALF_UP")
                    self.assertLessEqual(abs(printed - rounded), 1, msg)
            if derived:
                for row in t.rows:
                    self.assertEqual(row[m], row[0] - row[1], msg)


def seed_table(rows, columns):
    """A PublishedTable of figures named "row / column" from printed text."""
    t = PublishedTable()
    for name, values in rows:
        for column, text in zip(columns, values):
            t.figure("%s / %s" % (name, column), D(text.replace(" ", "").replace(",", ".")))
    return t


UPPSALA_VERKSAMHETER = [
    "Politisk verksamhet",
    "Vård och omsorg om personer med funktionsnedsättning",
    "Missbrukarvård och övrig vård för vuxna",
    "Barn- och ungdomsvård",
    "Familjerätt och familjerådgivning",
    "Flyktingmottagande",
]


class ChecksTest(unittest.TestCase):
    def test_uppsala_aug_2024_minus_28_against_minus_27_is_rounding(self):
        # 000_2ed63b26c6aacf5d.txt, "Delårsbokslut augusti 2024" (mnkr).
        cols = ["Kommunbidrag", "Periodens utfall 2024", "Periodens utfall 2023", "Helårsprognos"]
        t = seed_table(
            [
                ("Politisk verksamhet", ["5", "0", "0", "0"]),
                ("Vård och omsorg om personer med funktionsnedsättning", ["0", "-3", "-2", "-4"]),
                ("Missbrukarvård och övrig vård för vuxna", ["234", "-4", "2", "14"]),
                ("Barn- och ungdomsvård", ["685", "-21", "-16", "-40"]),
                ("Familjerätt och familjerådgivning", ["24", "0", "1", "2"]),
                ("Flyktingmottagande", ["2", "0", "2", "-1"]),
                ("Nämnden totalt", ["950", "-27", "-13", "-30"]),
            ],
            cols,
        )
        for c in cols:
            t.sum(c, ["%s / %s" % (v, c) for v in UPPSALA_VERKSAMHETER], "Nämnden totalt / " + c)
        # Prognososäkerhet: försämring 5, förbättring 5, spann −35..−25.
        t.figure("Prognosförsämring", D(5))
        t.figure("Prognosförbättring", D(5))
        t.figure("Prognosspann min", D(-35))
        t.figure("Prognosspann max", D(-25))
        t.band("Prognosspann", "Nämnden totalt / Helårsprognos", "Prognosförsämring", "Prognosförbättring",
               "Prognosspann min", "Prognosspann max")
        found = t.check()
        self.assertEqual([f.severity for f in found], ["ok", "rounding", "ok", "rounding", "ok", "ok"])
        f = found[1]
        self.assertEqual((f.expected, f.printed, f.difference, f.tolerance), (D(-28), D(-27), D(1), D("3.5")))
        self.assertIs(f.severity, Severity.ROUNDING)
        self.assertEqual(found[4].label, "Prognosspann: min")
        self.assertEqual(found[4].kind, "band_min")

    def test_uppsala_nyckeltal_60_976_is_rounding(self):
        # 000_…, "Nyckeltal", 5733 strukturerad öppenvård (tkr): 61 173 − 198 =
        # 60 975, printed 60 976; 60 976 / 5 555 vårdtagare = 11,0.
        t = PublishedTable()
        t.figure("totala kostnader", D(61173))
        t.figure("övriga intäkter", D(198))
        t.figure("nettokostnad", D(60976))
        t.count("vårdtagare", 5555)
        t.figure("per vårdtagare", D("11.0"))
        t.difference("nettokostnad", "totala kostnader", "övriga intäkter", "nettokostnad")
        t.ratio("nyckeltal", "nettokostnad", "vårdtagare", "per vårdtagare")
        net, per = t.check()
        self.assertEqual((net.severity, net.expected, net.tolerance), ("rounding", D(60975), D("1.5")))
        self.assertEqual((per.severity, per.expected), ("ok", D("10.977")))

    def test_eskilstuna_94_and_4_procent_is_an_error(self):
        # 004_f694a8ad6a7b67a2.txt, external purchases, "Skyddat boende - VINR -
        # Kriminalitet": 42 insatser 94 procent, 2 insatser 4 procent.
        t = PublishedTable()
        t.count("inom ramavtal", 42)
        t.count("direktupphandling", 2)
        t.figure("inom ramavtal, procent", D(94))
        t.figure("direktupphandling, procent", D(4))
        both = ["inom ramavtal", "direktupphandling"]
        t.ratio("andel inom ramavtal", "inom ramavtal", both, "inom ramavtal, procent", multiplier=100)
        t.ratio("andel direktupphandling", "direktupphandling", both, "direktupphandling, procent", multiplier=100)
        t.shares("andelarna", ["inom ramavtal, procent", "direktupphandling, procent"])
        found = t.check()
        self.assertEqual([f.severity for f in found], ["error", "error", "error"])
        self.assertEqual((found[0].expected, found[0].difference, found[0].tolerance), (D("95.45"), D("-1.45"), D("0.50")))
        self.assertEqual((found[2].printed, found[2].tolerance), (D(98), D("1.0")))
        self.assertTrue(found[2].is_error)

    def test_eskilstuna_kpb_total_leaves_out_unlinked_costs(self):
        # 004_…, "Konsumtion IFO totalt": (658 914 703 − 103 014 615) / 6 195 = 89 734.
        found = checks.check(
            {
                "Totalt kostnader": D(658914703),
                "Ej brukarkopplad": D(103014615),
                "brukare": (D(6195), None),
                "KPB": D(89734),
            },
            [("ratio", "Totalt KPB", ["Totalt kostnader", "-Ej brukarkopplad"], "brukare", "KPB", 1)],
        )
        self.assertEqual((found[0].severity, found[0].expected), ("ok", D("89733.67")))

    def test_bad_relations_raise_and_return_nothing(self):
        t = PublishedTable()
        t.figure("a", D(1))
        t.figure("c", D(3))
        t.sum("summa", ["a", "b"], "c")
        with self.assertRaises(kalkyl.InvalidError) as cm:
            t.check()
        self.assertIn("'summa' names the figure 'b'", str(cm.exception))
        t = PublishedTable()
        t.figure("a", D(1))
        t.figure("a", D(2))
        with self.assertRaises(kalkyl.InvalidError):
            t.check()
        t = PublishedTable()
        t.figure("a", D(1))
        t.figure("noll", D(0))
        t.figure("c", D(3))
        t.ratio("a / 0", "a", "noll", "c")
        with self.assertRaises(kalkyl.DivisionByZeroError) as cm:
            t.check()
        self.assertEqual(cm.exception.index, 0)
        t = PublishedTable()
        t.figure("a", D(1))
        t.figure("c", D(3))
        t.ratio("a / a", "a", "a", "c", multiplier=0)
        with self.assertRaises(kalkyl.InvalidError):
            t.check()
        with self.assertRaises(kalkyl.InvalidError):
            checks.check({"a": D(1)}, [("median", "x", ["a"])])


if __name__ == "__main__":
    unittest.main()
