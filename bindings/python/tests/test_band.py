"""Tests of kalkyl.band (the C ABI section "Forecast-uncertainty bands" through ctypes).

Golden figures: Uppsala socialnämnd, delårsbokslut augusti 2024
(seeds/000_*.txt, "Prognososäkerhet": försämring 5, förbättring 5,
prognosspann −35..−25 around −30 mnkr) and the year-end outcome −23,5 mnkr
(seeds/002_*.txt). The Monte Carlo golden values are the C++ suite's
(tests/montecarlo_test.cpp): the same seed gives the same bits everywhere.
"""

import math
import unittest
from decimal import Decimal as D

import kalkyl
from kalkyl import band
from kalkyl.band import Band

UPPSALA = Band.from_spread(-30, 5, 5, level=0.8)
OUTCOME = D("-23.5")


class TheBand(unittest.TestCase):
    def test_uppsala_band_from_spread(self):
        self.assertEqual(UPPSALA, Band(D(-35), D(-30), D(-25), 0.8))
        self.assertEqual((UPPSALA.downside, UPPSALA.upside, UPPSALA.width), (5, 5, 10))

    def test_uppsala_outcome_outside_by_one_and_a_half(self):
        self.assertFalse(UPPSALA.contains(OUTCOME))
        self.assertEqual(UPPSALA.excess(OUTCOME), D("1.5"))
        self.assertEqual(UPPSALA.excess(D("-36")), D("-1"))
        self.assertTrue(UPPSALA.contains(-25))
        self.assertEqual(UPPSALA.excess(-30), 0)

    def test_bad_bands(self):
        with self.assertRaises(kalkyl.InvalidError):
            Band(-29, -30, -25)  # low above the point
        with self.assertRaises(kalkyl.InvalidError):
            Band(-35, -24, -25)
        with self.assertRaises(kalkyl.InvalidError) as cm:
            Band.from_spread(-30, -5, 5)
        self.assertIn("downside", str(cm.exception))
        with self.assertRaises(kalkyl.InvalidError):
            Band(1, 2, 3, level=1.0)
        with self.assertRaises(TypeError):
            Band(1.0, 2, 3)  # floats are not amounts
        with self.assertRaises(TypeError):
            Band.from_spread(-30.0, 5, 5)


class Sums(unittest.TestCase):
    ROWS = [Band(-3, 0, 6), Band(6, 10, 18)]

    def test_worst_case(self):
        self.assertEqual(band.band_sum(self.ROWS, "worst_case", scale=0, rounding="half_up"), Band(3, 10, 24))

    def test_independent_three_four_five(self):
        s = band.band_sum(self.ROWS, "independent", scale=2, rounding="half_up")
        self.assertEqual(s, Band(5, 10, 20))
        self.assertEqual(str(s.low), "5.00")

    def test_correlated_identity_and_ones(self):
        identity = [[1, 0], [0, 1]]
        self.assertEqual(
            band.band_sum(self.ROWS, "correlated", identity, scale=3, rounding="half_even"),
            band.band_sum(self.ROWS, "independent", scale=3, rounding="half_even"),
        )
        self.assertEqual(
            band.band_sum(self.ROWS, "correlated", [1, 1, 1, 1], scale=3, rounding="half_even"),
            band.band_sum(self.ROWS, "worst_case", scale=3, rounding="half_even"),
        )

    def test_sqrt_two_rounded_as_asked(self):
        rows = [Band(-1, 0, 1), Band(-1, 0, 1)]
        self.assertEqual(band.band_sum(rows, "independent", scale=2, rounding="half_up").high, D("1.41"))
        self.assertEqual(band.band_sum(rows, "independent", scale=2, rounding="up").high, D("1.42"))

    def test_bad_matrices(self):
        rows = [Band(-1, 0, 1)] * 3
        with self.assertRaises(kalkyl.InvalidError):
            band.band_sum(rows, "correlated", [[1, 0], [0, 1]], scale=2, rounding="half_up")
        with self.assertRaises(kalkyl.InvalidError) as cm:
            band.band_sum(
                rows, "correlated", [[1, 0.9, -0.9], [0.9, 1, 0.9], [-0.9, 0.9, 1]], scale=2, rounding="half_up"
            )
        self.assertIn("positive semidefinite", str(cm.exception))
        with self.assertRaises(kalkyl.InvalidError):
            band.band_sum(rows, "correlated", [[1, 0.2, 0], [0.3, 1, 0], [0, 0, 1]], scale=2, rounding="half_up")
        with self.assertRaises(kalkyl.InvalidError):
            band.band_sum(rows, "correlated", [[1, math.nan, 0], [math.nan, 1, 0], [0, 0, 1]], scale=2,
                          rounding="half_up")
        with self.assertRaises(kalkyl.InvalidError):
            band.band_sum(rows, "correlated", scale=2, rounding="half_up")
        with self.assertRaises(kalkyl.InvalidError):
            band.band_sum(rows, "sideways", scale=2, rounding="half_up")


class Empirical(unittest.TestCase):
    def test_narrows_through_the_year(self):
        april = [-18, 12, -9, 15, -4, 7, -13, 3, 10, -6]
        widths = []
        for divisor in (1, 2, 6):  # months 4, 8, 11: smaller errors later
            errors = [D(e) / divisor for e in april]
            b = band.empirical_band(-30, errors, 0.8, scale=2, rounding="half_up")
            self.assertEqual(b.source, "history")
            widths.append(b.band.width)
        self.assertEqual(widths[0], 33)
        self.assertTrue(widths[0] > widths[1] > widths[2])

    def test_too_few_for_the_level_widens(self):
        b = band.empirical_band(-30, [D("6.5"), -2, 3, D("-4.25"), 1], 0.8, scale=2, rounding="half_up")
        self.assertEqual(b.source, "widened_to_range")
        self.assertEqual((b.band.low, b.band.high), (D("-34.25"), D("-23.5")))
        self.assertAlmostEqual(b.achieved_level, 4 / 6)

    def test_default_when_history_is_short(self):
        b = band.empirical_band(
            -30, [3, -1], 0.8, remaining_budget=D("316.67"), default_rate=D("0.02"), scale=2, rounding="half_up"
        )
        self.assertEqual(b.source, "default_spread")
        self.assertEqual((b.band.low, b.band.high), (D("-36.33"), D("-23.67")))

    def test_bad_level(self):
        with self.assertRaises(kalkyl.InvalidError):
            band.empirical_band(0, [1, 2, 3], 1.5, scale=0, rounding="half_up")
        with self.assertRaises(kalkyl.InvalidError):
            band.empirical_band(0, [1, 2, 3], 0.8, min_history=0, scale=0, rounding="half_up")


class MonteCarlo(unittest.TestCase):
    ROWS = [Band.from_spread(-40, 6, 4), Band.from_spread(14, 3, 3), Band.from_spread(-4, 2, 1)]
    R = [[1, 0.5, 0.3], [0.5, 1, 0.2], [0.3, 0.2, 1]]

    def test_golden_seed_42(self):
        s = band.monte_carlo(self.ROWS, self.R, seed=42, scenarios=100_000, target=Band.from_spread(-30, 5, 5),
                             scale=6, rounding="half_even")
        self.assertEqual(s.scenarios, 100_000)
        self.assertEqual(
            [s.quantiles[q] for q in band.QUANTILE_LEVELS],
            [D("-41.259925"), D("-38.810349"), D("-30.507416"), D("-23.686300"), D("-21.844382")],
        )
        self.assertEqual(s.mean, D("-30.927505"))
        self.assertEqual(s.p_at_least_zero, 0.0)
        self.assertEqual(s.p_inside, 0.60808)

    def test_no_target_no_probability(self):
        s = band.monte_carlo(self.ROWS, scenarios=1000, scale=2, rounding="half_up")
        self.assertIsNone(s.p_inside)

    def test_bootstrap(self):
        s = band.bootstrap(
            [-40, 10], [[5, 1], [-3, -2], [12, D("20.5")], [0, 1]], seed=42, scenarios=100_000, scale=1,
            rounding="half_up", target=Band.from_spread(-30, 5, 5),
        )
        self.assertEqual((s.quantiles[0.05], s.quantiles[0.5], s.quantiles[0.95]), (D(-35), D(-29), D("2.5")))
        self.assertAlmostEqual(s.p_at_least_zero, 0.25, delta=0.01)
        self.assertAlmostEqual(s.p_inside, 0.5, delta=0.01)

    def test_bad_input(self):
        with self.assertRaises(kalkyl.InvalidError):
            band.monte_carlo([], scale=2, rounding="half_up")
        with self.assertRaises(kalkyl.InvalidError):
            band.monte_carlo(self.ROWS, scenarios=0, scale=2, rounding="half_up")
        with self.assertRaises(kalkyl.InvalidError):
            band.monte_carlo(self.ROWS, level=0, scale=2, rounding="half_up")
        with self.assertRaises(kalkyl.InvalidError):
            band.monte_carlo(self.ROWS, [[1, 0], [0, 1]], scale=2, rounding="half_up")
        with self.assertRaises(kalkyl.InvalidError):
            band.bootstrap([1, 2], [[1]], scale=2, rounding="half_up")


class Grading(unittest.TestCase):
    def test_uppsala_2024(self):
        g = band.grade([UPPSALA], [OUTCOME], scale=2, rounding="half_up")
        self.assertEqual(g.count, 1)
        self.assertEqual((g.bias, g.mean_absolute_error, g.coverage), (D("6.5"), D("6.5"), 0.0))
        self.assertEqual(g.interval_score, D(25))  # 10 + (2/0,2)·1,5
        self.assertEqual((g.pinball_low, g.pinball_point, g.pinball_high), (D("1.15"), D("3.25"), D("1.35")))

    def test_several_years(self):
        bands = [Band(-10, -5, 0), Band(-2, 0, 2), Band(0, 4, 6)]
        g = band.grade(bands, [-6, 3, -1], level=0.9, scale=3, rounding="half_up")
        self.assertEqual((g.bias, g.mean_absolute_error, g.interval_score), (D(-1), D(3), D(20)))
        self.assertAlmostEqual(g.coverage, 1 / 3)

    def test_needs_a_level_and_pairs(self):
        with self.assertRaises(kalkyl.InvalidError):
            band.grade([Band(-1, 0, 1)], [0], scale=2, rounding="half_up")
        with self.assertRaises(kalkyl.InvalidError):
            band.grade([UPPSALA], [], scale=2, rounding="half_up")
        with self.assertRaises(kalkyl.InvalidError):
            band.grade([], [], level=0.8, scale=2, rounding="half_up")


if __name__ == "__main__":
    unittest.main()
