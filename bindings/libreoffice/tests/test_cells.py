"""ctest calc.cells: the add-in's conversion of cell values to amounts (no LibreOffice needed).

kalkyl_calc.cells is where a double from Calc becomes an amount
(docs/spreadsheet.md, "Numbers from cells"); these tests pin that rule.
"""

import math
import unittest
from decimal import Decimal

import kalkyl
from kalkyl_calc import cells
from kalkyl_calc.cells import CellError


def exactly(test, got, expected):
    """Equal and written with the same decimals (Decimal("0.39") is not Decimal("0.390"))."""
    test.assertEqual(got, Decimal(expected))
    test.assertEqual(str(got), expected)


class FromDouble(unittest.TestCase):
    def test_fifteen_significant_digits_recover_the_typed_figure(self):
        exactly(self, cells.from_double(0.1 + 0.2), "0.3")  # the double is 0.30000000000000004
        exactly(self, cells.from_double(1234.5), "1234.5")
        exactly(self, cells.from_double(-27.45), "-27.45")
        exactly(self, cells.from_double(422848.0), "422848")
        exactly(self, cells.from_double(123456789012.34), "123456789012.34")

    def test_shown_decimals_round_half_up_like_the_display(self):
        exactly(self, cells.from_double(0.125, 2), "0.13")
        exactly(self, cells.from_double(-0.125, 2), "-0.13")
        # 2.675 is 2.67499999999999982236431605997495353221893310546875 in binary:
        # printf("%.2f") gives 2.67; the figure a person typed and sees is 2.675 -> 2.68.
        self.assertEqual("%.2f" % 2.675, "2.67")
        exactly(self, cells.from_double(2.675, 2), "2.68")

    def test_shown_decimals_raise_the_scale_exactly(self):
        exactly(self, cells.from_double(11.0, 1), "11.0")  # printed "11,0"
        exactly(self, cells.from_double(5.0, 0), "5")

    def test_not_a_number_is_refused(self):
        for value in (math.nan, math.inf, -math.inf):
            with self.assertRaises(CellError):
                cells.from_double(value)

    def test_large_values_keep_their_digits(self):
        self.assertEqual(cells.from_double(1e20), Decimal("1E+20"))
        self.assertEqual(kalkyl.add(cells.from_double(1e20), 1), Decimal("100000000000000000001"))


class Arguments(unittest.TestCase):
    def test_text_is_read_the_swedish_way(self):
        exactly(self, cells.amount("\u22121\u00a0234,50", "belopp"), "-1234.50")
        exactly(self, cells.amount(" (1 234) ", "belopp"), "-1234")

    def test_bad_arguments_name_what_they_are(self):
        for value, words in ((True, "TRUE/FALSE"), ("", "empty"), ("  ", "empty"), (None, "missing")):
            with self.assertRaises(CellError) as caught:
                cells.amount(value, "volym")
            self.assertIn("volym", str(caught.exception))
            self.assertIn(words, str(caught.exception))
        with self.assertRaises(CellError) as caught:
            cells.amount("12,3,4", "belopp")
        self.assertIn("belopp", str(caught.exception))

    def test_decimals_argument(self):
        self.assertIsNone(cells.decimals_argument(None))
        self.assertIsNone(cells.decimals_argument(""))
        self.assertEqual(cells.decimals_argument(2.0), 2)
        for bad in (2.5, -1.0, 29.0, "två", True):
            with self.assertRaises(CellError):
                cells.decimals_argument(bad)


class Ranges(unittest.TestCase):
    def test_amounts_keep_the_shape(self):
        values, shape = cells.amounts(((1.0, "2,5"), (0.1, -3.0)), "vikter")
        self.assertEqual(shape, (2, 2))
        self.assertEqual([str(v) for v in values], ["1", "2.5", "0.1", "-3"])
        self.assertEqual(cells.shaped([1, 2, 3, 4], shape), ((1, 2), (3, 4)))

    def test_an_empty_cell_is_named_by_row_and_column(self):
        with self.assertRaises(CellError) as caught:
            cells.amounts(((1.0,), (None,)), "vikter")
        self.assertIn("vikter, row 2 column 1", str(caught.exception))


if __name__ == "__main__":
    unittest.main()
