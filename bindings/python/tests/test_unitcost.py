"""kalkyl.unitcost: the seeds' nyckeltal and KPB figures, change, Kolada, the bridge.

Golden figures come from the seeds (/work/shared/seeds): Uppsala's nyckeltal
sheets (000: delårsbokslut augusti 2024, 002: årsbokslut 2024, belopp i tkr)
and Eskilstuna's KPB table "Konsumtion IFO totalt" (004).
"""

import unittest
from decimal import Decimal
from fractions import Fraction

import kalkyl
from kalkyl import unitcost
from kalkyl.unitcost import Percent, PercentagePoints

from kalkyl_test_support import CASES, replay, rng

D = Decimal

# (sheet, total costs, other revenues, printed nettokostnad, volume, printed per unit), tkr
UPPSALA = [
    ("000 5731 institution, per vårddygn", 124998, 1534, 123464, 22939, "5.4"),
    ("000 5731 externa institutioner, per vårddygn", 76764, 1534, 75230, 13728, "5.5"),
    ("000 5732 familjehem, per vårddygn", 107863, 3916, 103948, 65605, "1.6"),
    ("000 5733 öppenvård, per vårdtagare", 61173, 198, 60976, 5555, "11.0"),
    ("000 5733 externa utförare, per vårdtagare", 3381, 198, 3184, 162, "19.7"),
    ("002 5731 institution, per vårddygn", 178503, 4328, 174176, 32380, "5.4"),
    ("002 5731 externa institutioner, per vårddygn", 109438, 4328, 105111, 19587, "5.4"),
    ("002 5732 familjehem, per vårddygn", 173209, 5792, 167417, 98016, "1.7"),
    ("002 5733 öppenvård, per vårdtagare", 92243, 379, 91864, 8438, "10.9"),
    ("002 5733 externa utförare, per vårdtagare", 5870, 0, 5870, 249, "23.6"),
]

# 004, "Konsumtion IFO totalt", 2022: group, costs, inhabitants, users, kr/inv, KPB, % brukare
ESKILSTUNA_2022 = [
    ("0-6 år", 41400837, 8783, 1238, 4714, 33442, "14.1"),
    ("7-12 år", 76807226, 8173, 1369, 9398, 56105, "16.8"),
    ("13-17 år", 180493510, 6867, 1502, 26284, 120169, "21.9"),
    ("18-19 år", 65755629, 2576, 295, 25526, 222900, "11.5"),
    ("20-24 år", 48925426, 6192, 282, 7901, 173494, "4.6"),
    ("25-29 år", 18327949, 6487, 209, 2825, 87694, "3.2"),
    ("30-39 år", 43649760, 14437, 445, 3023, 98089, "3.1"),
    ("40-49 år", 33313445, 12890, 340, 2584, 97981, "2.6"),
    ("50-59 år", 25634659, 13875, 259, 1848, 98976, "1.9"),
    ("60-64 år", 9096127, 5936, 99, 1532, 91880, "1.7"),
    ("65- år", 12495519, 21702, 157, 576, 79589, "0.7"),
]
NOT_LINKED_2022 = 103014615


class UppsalaNyckeltal(unittest.TestCase):
    def test_every_sheet_figure_for_figure(self):
        for sheet, cost, revenue, printed_net, volume, printed in UPPSALA:
            with self.subTest(sheet):
                # The published figure, from the published nettokostnad.
                got = unitcost.unit_cost(printed_net, 0, volume, 1, "half_up")
                self.assertEqual(got.per_unit, D(printed))
                self.assertEqual(str(got.per_unit), printed)  # one decimal, as printed
                # The formula on the printed inputs differs from the printed
                # nettokostnad by at most 1 tkr: each tkr figure is within ±0,5.
                net = unitcost.unit_cost(cost, revenue, volume, 1, "half_up").net_cost
                self.assertEqual(net, cost - revenue)
                self.assertLessEqual(abs(printed_net - net), 1)

    def test_5733_externt_follows_the_printed_nettokostnad(self):
        # 000, 5733, 2): 3 381 − 198 = 3 183 gives 19,6; the sheet prints 3 184 and 19,7.
        self.assertEqual(unitcost.unit_cost(3381, 198, 162, 1, "half_up").per_unit, D("19.6"))
        self.assertEqual(unitcost.unit_cost(3184, 0, 162, 1, "half_up").per_unit, D("19.7"))

    def test_varav_externt_shares(self):
        # 000, 5733: 162 of 5 555 vårdtagare (2,9 %), 3 184 of 60 976 tkr (5,2 %).
        part = unitcost.unit_cost_part(60976, 5555, 3184, 162, 1, "half_up", 1, "half_up")
        self.assertEqual(part, (D("19.7"), D("2.9"), D("5.2")))
        self.assertIsInstance(part.share_of_volume, Percent)

    def test_array_call_reproduces_every_sheet(self):
        nets = [row[3] for row in UPPSALA]
        volumes = [row[4] for row in UPPSALA]
        cols = unitcost.unit_cost_array(nets, [0] * len(nets), volumes, 1, "half_up", few_threshold=200)
        self.assertEqual(cols.per_unit.to_decimals(), [D(row[5]) for row in UPPSALA])
        self.assertEqual(cols.net_cost.to_decimals(), nets)
        # Only the 162 external vårdtagare are under a threshold of 200.
        self.assertEqual(list(cols.too_few), [1 if v < 200 else 0 for v in volumes])
        # Columns are used in place.
        c = kalkyl.Column(nets)
        again = unitcost.unit_cost_array(c, kalkyl.Column([0] * len(nets)), kalkyl.Column(volumes), 1, "half_up")
        self.assertEqual(again.per_unit, cols.per_unit)
        self.assertEqual(list(again.too_few), [0] * len(nets))  # default threshold 10


    def test_array_out_reused_and_untouched_on_failure(self):
        nets = [row[3] for row in UPPSALA]
        volumes = [row[4] for row in UPPSALA]
        zeros = [0] * len(nets)
        out = unitcost.unit_cost_columns(len(nets))
        got = unitcost.unit_cost_array(nets, zeros, volumes, 1, "half_up", out=out)
        self.assertIs(got.too_few, out.too_few)
        self.assertIs(got.per_unit, out.per_unit)
        before = out.per_unit.to_decimals()
        self.assertEqual(before, [D(row[5]) for row in UPPSALA])
        bad_volumes = volumes[:4] + [0] + volumes[5:]
        with self.assertRaises(kalkyl.InvalidError) as cm:
            unitcost.unit_cost_array(nets, zeros, bad_volumes, 2, "half_up", out=out)
        self.assertEqual(cm.exception.index, 4)
        self.assertEqual(out.per_unit.to_decimals(), before)  # nothing written
        with self.assertRaises(kalkyl.InvalidError):
            unitcost.unit_cost_array(nets, zeros, volumes, 1, "half_up", out=unitcost.unit_cost_columns(3))


class BadInput(unittest.TestCase):
    def test_zero_and_negative_volume(self):
        with self.assertRaises(kalkyl.InvalidError):
            unitcost.unit_cost(100, 0, 0, 1, "half_up")
        with self.assertRaises(kalkyl.InvalidError):
            unitcost.unit_cost(100, 0, -5, 1, "half_up")

    def test_revenues_larger_than_costs(self):
        with self.assertRaises(ValueError):  # InvalidError is a ValueError
            unitcost.unit_cost(198, 3381, 162, 1, "half_up")

    def test_no_default_rounding_and_no_float(self):
        with self.assertRaises(kalkyl.InvalidError):
            unitcost.unit_cost(100, 0, 5, 1, None)
        with self.assertRaises(TypeError):
            unitcost.unit_cost(100.0, 0, 5, 1, "half_up")
        with self.assertRaises(kalkyl.ScaleError):
            unitcost.unit_cost(100, 0, 5, 29, "half_up")

    def test_array_bad_row_index(self):
        with self.assertRaises(kalkyl.InvalidError) as cm:
            unitcost.unit_cost_array([1, 2, 3, 4], [0, 0, 0, 0], [1, 1, 0, 1], 1, "half_up")
        self.assertEqual(cm.exception.index, 2)
        with self.assertRaises(kalkyl.InvalidError) as cm:
            unitcost.unit_cost_array([1, 2, 3], [0, 5, 0], [1, 1, 1], 1, "half_up")
        self.assertEqual(cm.exception.index, 1)
        with self.assertRaises(kalkyl.InvalidError):
            unitcost.unit_cost_array([1, 2], [0], [1, 1], 1, "half_up")  # lengths differ
        with self.assertRaises(kalkyl.InvalidError):
            unitcost.unit_cost_array([1], [0], [1], 1, "half_up", few_threshold=-1)
        empty = unitcost.unit_cost_array([], [], [], 1, "half_up")
        self.assertEqual((len(empty.per_unit), len(empty.too_few)), (0, 0))

    def test_kpb_more_users_than_inhabitants(self):
        with self.assertRaises(kalkyl.InvalidError) as cm:
            unitcost.kpb_table([("0-6 år", 1000, 10, 5), ("7-12 år", 1000, 10, 11)], 0, 0, "half_up", 1, "half_up")
        self.assertEqual(cm.exception.index, 1)


class Kolada(unittest.TestCase):
    def test_kostnad_is_not_nettokostnad(self):
        # Hand-computed: 10 000 gross, 400 internal, 600 sold to other municipalities.
        self.assertEqual(unitcost.kolada_cost(10000, 400, 600), 9000)
        self.assertEqual(unitcost.kolada_unit_cost(10000, 400, 600, 2000, 2, "half_up"), (9000, D("4.50")))
        with self.assertRaises(kalkyl.InvalidError):
            unitcost.kolada_cost(10000, -1, 0)

    def test_n30001(self):
        self.assertEqual(unitcost.net_cost_deviation(4500, 4000, 1, "half_up"), D("12.5"))
        self.assertEqual(unitcost.net_cost_deviation(3800, 4000, 1, "half_up"), D("-5.0"))
        with self.assertRaises(kalkyl.InvalidError):
            unitcost.net_cost_deviation(4500, 0, 1, "half_up")


class ChangeBetweenPeriods(unittest.TestCase):
    def test_eskilstuna_2021_to_2022(self):
        # 004: "totala kostnader för 2022 har minskat med ca 12 mnkr".
        c = unitcost.change(670619967, 658914703, 1, "half_up")
        self.assertEqual(c.amount, -11705264)
        self.assertEqual(c.percent, D("-1.7"))
        self.assertIsInstance(c.percent, Percent)
        # % brukare 5,9 -> 5,7: −0,2 procentenheter, not percent.
        pp = unitcost.change_points(D("5.9"), D("5.7"))
        self.assertEqual(pp, D("-0.2"))
        self.assertIsInstance(pp, PercentagePoints)
        self.assertIsInstance(Percent("5.7") - Percent("5.9"), PercentagePoints)

    def test_from_zero(self):
        with self.assertRaises(kalkyl.DivisionByZeroError):
            unitcost.change(0, 5, 1, "half_up")


class EskilstunaKpb(unittest.TestCase):
    def table(self, few_threshold=None):
        rows = [(g, c, i, u) for g, c, i, u, *_ in ESKILSTUNA_2022]
        return unitcost.kpb_table(rows, NOT_LINKED_2022, 0, "half_up", 1, "half_up", few_threshold)

    def test_every_2022_row(self):
        t = self.table()
        for got, (group, _c, _i, _u, per_inh, kpb, share) in zip(t.rows, ESKILSTUNA_2022):
            with self.subTest(group):
                self.assertEqual(got.group, group)
                self.assertEqual((got.per_inhabitant, got.per_user, got.share_of_users), (per_inh, kpb, D(share)))

    def test_not_linked_and_total(self):
        t = self.table()
        self.assertEqual(t.not_linked.per_inhabitant, 955)
        self.assertIsNone(t.not_linked.per_user)
        self.assertIsNone(t.not_linked.share_of_users)
        # Totalt 2022: 6 106 kr/inv keeps the unlinked costs; KPB 89 734 leaves them out; 5,7 %.
        self.assertEqual((t.total.per_inhabitant, t.total.per_user, t.total.share_of_users), (6106, 89734, D("5.7")))
        self.assertEqual((t.total.inhabitants, t.total.users), (107918, 6195))
        # The rows add up to 658 914 702; printed 658 914 703: twelve kronor figures each
        # within ±0,5 kr of the truth allow ±6 kr.
        self.assertEqual(t.total.costs, 658914702)
        self.assertLessEqual(abs(658914703 - t.total.costs), D("6.5"))

    def test_2021_and_2020_totals(self):
        # Determined: kr/inv and % brukare. Not determined: the KPB (unlinked costs not printed).
        t21 = unitcost.kpb_total(670619967, 107593, 6343, 0, "half_up", 1, "half_up")
        self.assertEqual((t21.per_inhabitant, t21.share_of_users, t21.per_user), (6233, D("5.9"), None))
        t20 = unitcost.kpb_total(642701533, 106975, 5841, 0, "half_up", 1, "half_up")
        self.assertEqual((t20.per_inhabitant, t20.share_of_users, t20.per_user), (6008, D("5.5"), None))
        # The printed KPB 90 289 (2021) allows unlinked costs of 97 913 669 .. 97 920 011 kr.
        for unlinked, kpb in [(97913669, 90289), (97920011, 90289), (97913668, 90290), (97920012, 90288)]:
            got = unitcost.kpb_total(670619967, 107593, 6343, 0, "half_up", 1, "half_up", not_linked_costs=unlinked)
            self.assertEqual(got.per_user, kpb)

    def test_few_users_flag(self):
        t = self.table(few_threshold=100)
        self.assertTrue(t.rows[9].too_few_users)  # 60-64 år, 99 brukare
        self.assertEqual(t.rows[9].per_user, 91880)
        self.assertFalse(t.rows[10].too_few_users)


def _exact_parts(kinds):
    """The Shapley parts by the six-order average, in Fractions (independent of the C++ code)."""
    V0 = sum(Fraction(k[0]) for k in kinds)
    V1 = sum(Fraction(k[2]) for k in kinds)
    s0, s1, p0, p1 = [], [], [], []
    for v0, c0, v1, c1 in kinds:
        v0, c0, v1, c1 = map(Fraction, (v0, c0, v1, c1))
        if v0 == 0 and v1 == 0:
            continue
        a = c0 / v0 if v0 else c1 / v1
        b = c1 / v1 if v1 else a
        x = v0 / V0 if V0 else v1 / V1
        y = v1 / V1 if V1 else x
        p0.append(a)
        p1.append(b)
        s0.append(x)
        s1.append(y)

    def L(V, s, p):
        return V * sum(si * pi for si, pi in zip(s, p))

    parts = [Fraction(0)] * 3
    import itertools

    for order in itertools.permutations(range(3)):
        f = [V0, s0, p0]
        for factor in order:
            before = L(*f)
            f[factor] = [V1, s1, p1][factor]
            parts[factor] += L(*f) - before
    return [x / 6 for x in parts]


class CostBridge(unittest.TestCase):
    def test_hand_computed(self):
        # HVB 100 d · 5 000 -> 120 d · 5 200; familjehem 400 d · 1 500 -> 480 d · 1 500; unlinked
        # 1 000 -> 1 250,50: volume 222 000, mix 0, unit price 22 000, not linked 250,50.
        b = unitcost.cost_bridge(
            {"HVB": (100, 500000, 120, 624000), "familjehem": (400, 600000, 480, 720000)}, 1000, D("1250.50"), 2
        )
        self.assertEqual((b.volume, b.mix, b.unit_price, b.not_linked), (222000, 0, 22000, D("250.50")))
        self.assertEqual(b.change, D("244250.50"))
        self.assertEqual(str(b.volume), "222000.00")

    def test_largest_remainder(self):
        # Exact parts −6, 3/2, 3/2 at whole kronor: −6, 1, 2 (ties: mix first); reversed: 6, −1, −2.
        kinds = [(3, 8, 2, 6), (3, 2, 1, 1)]
        b = unitcost.cost_bridge(kinds, 0, 0, 0)
        self.assertEqual((b.change, b.volume, b.mix, b.unit_price), (-3, -6, 1, 2))
        r = unitcost.cost_bridge([(k[2], k[3], k[0], k[1]) for k in kinds], 0, 0, 0)
        self.assertEqual((r.change, r.volume, r.mix, r.unit_price), (3, 6, -1, -2))

    def test_bad_kind(self):
        with self.assertRaises(kalkyl.InvalidError) as cm:
            unitcost.cost_bridge([(1, 10, 1, 10), (0, 5, 1, 5)], 0, 0, 2)
        self.assertEqual(cm.exception.index, 1)
        with self.assertRaises(kalkyl.ScaleError):
            unitcost.cost_bridge([(1, D("10.005"), 1, 5)], 0, 0, 2)

    def test_random_sum_always_matches(self):
        r = rng("unitcost.bridge")
        for case in range(max(CASES // 5, 50)):
            scale = r.randrange(0, 3)
            kinds = []
            for _ in range(r.randrange(0, 6)):
                row = []
                for _period in range(2):
                    v = r.choice([0, r.randrange(1, 50), r.randrange(1, 10**6)])
                    c = D(r.randrange(0, 10**9)).scaleb(-scale) if v else D(0)
                    row += [v, c]
                kinds.append(tuple(row))
            f0 = D(r.randrange(0, 10**7)).scaleb(-scale)
            f1 = D(r.randrange(0, 10**7)).scaleb(-scale)
            b = unitcost.cost_bridge(kinds, f0, f1, scale)
            msg = replay("case %d: %r %s %s" % (case, kinds, f0, f1))
            self.assertEqual(b.volume + b.mix + b.unit_price + b.not_linked, b.change, msg)
            unit = Fraction(1, 10**scale)
            for got, want in zip((b.volume, b.mix, b.unit_price), _exact_parts(kinds)):
                self.assertLess(abs(Fraction(got) - want), unit, msg)
            rev = unitcost.cost_bridge([(k[2], k[3], k[0], k[1]) for k in kinds], f1, f0, scale)
            self.assertEqual((rev.volume, rev.mix, rev.unit_price, rev.not_linked),
                             (-b.volume, -b.mix, -b.unit_price, -b.not_linked), msg)  # fmt: skip


if __name__ == "__main__":
    unittest.main()
