"""Whole columns in one C call: parse_array, Column, format_array, sum, sum_units."""

import array
import unittest
from decimal import Decimal

import kalkyl

from kalkyl_test_support import CASES, EXACT, dec, fitted, parts, random_mantissa, replay, rng

NBSP = "\u00a0"


class ParseArray(unittest.TestCase):
    def test_seed_column(self):
        texts = ["61 173", "178.503", "-23,5", "- 196,6", "\u22124", "1\u00a0500", "1\u202f500", "(1 234)"]
        got = kalkyl.parse_array(texts)
        self.assertEqual(got, [kalkyl.parse(t) for t in texts])
        self.assertEqual([str(v) for v in got], ["61173", "178503", "-23.5", "-196.6", "-4", "1500", "1500", "-1234"])

    def test_bad_element_index(self):
        texts = ["1", "2", "7.0", "4", "x"]
        with self.assertRaises(kalkyl.ParseError) as cm:
            kalkyl.parse_array(texts)
        self.assertEqual(cm.exception.index, 2)  # the first bad one
        self.assertIn("7.0", str(cm.exception))
        with self.assertRaises(kalkyl.AmbiguousError) as cm:
            kalkyl.parse_array(["1 234,5", "1,234"], "auto")
        self.assertEqual(cm.exception.index, 1)
        with self.assertRaises(kalkyl.KalkylOverflowError) as cm:
            kalkyl.parse_array(["1", "9" * 39])
        self.assertEqual(cm.exception.index, 1)

    def test_texts_holding_the_line_delimiter(self):
        # "12\n" is 12 with trailing white space, not two elements.
        self.assertEqual(kalkyl.parse_array(["12\n", "3", "\n4\n"]), [12, 3, 4])
        with self.assertRaises(kalkyl.ParseError) as cm:
            kalkyl.parse_array(["1", "2\n3", "4"])
        self.assertEqual(cm.exception.index, 1)

    def test_empty_texts_are_elements(self):
        for texts, bad in ((["1", ""], 1), ([""], 0), (["1", "", "3"], 1), (["", "2"], 0)):
            with self.assertRaises(kalkyl.ParseError, msg=texts) as cm:
                kalkyl.parse_array(texts)
            self.assertEqual(cm.exception.index, bad, texts)
        self.assertEqual(kalkyl.parse_array([]), [])

    def test_bytes_and_mixed(self):
        self.assertEqual(kalkyl.parse_array([b"1", "2", bytearray(b"3")]), [1, 2, 3])
        with self.assertRaises(TypeError):
            kalkyl.parse_array(["1", 2])
        self.assertEqual(kalkyl.parse_array(iter(["1,5", "2"])), [Decimal("1.5"), 2])

    def test_locales(self):
        self.assertEqual(kalkyl.parse_array(["1,234.5", "-7.0"], "C"), [Decimal("1234.5"), Decimal("-7.0")])
        with self.assertRaises(kalkyl.InvalidError):
            kalkyl.parse_array(["1"], "xx")

    def test_random_column_agrees_with_parse(self):
        r = rng("arrays.random")
        values = [dec(random_mantissa(r), r.randint(0, 28)) for _ in range(CASES * 5)]
        texts = [kalkyl.format(v, grouping=r.choice(("standard", "space", "none")), minus=r.choice(("-", "\u2212")))
                 for v in values]
        got = kalkyl.parse_array(texts)
        self.assertEqual([g.as_tuple() for g in got], [v.as_tuple() for v in values], replay())
        col = kalkyl.Column.parse(texts)
        self.assertEqual(col.max_scale(), max(-v.as_tuple().exponent for v in values))
        # The exact total at the column's largest scale, fitted as kalkyl fits it.
        scale = col.max_scale()
        total_m = 0
        for v in values:
            m, s = parts(v)
            total_m += m * 10 ** (scale - s)
        want = fitted(total_m, scale)
        try:
            got_sum = col.sum()
        except kalkyl.KalkylOverflowError:
            self.assertEqual(want, "overflow", replay())
        else:
            self.assertEqual(parts(got_sum), want, replay())
        # Narrower amounts (ledger-like) always fit.
        small = [dec(random_mantissa(r, 12), r.randint(0, 2)) for _ in range(CASES)]
        total = Decimal(0)
        for v in small:
            total = EXACT.add(total, v)
        self.assertEqual(kalkyl.Column.parse(kalkyl.format_array(small)).sum(), total, replay())


class ColumnTests(unittest.TestCase):
    def test_parse_lines(self):
        col = kalkyl.Column.parse_lines(b"1 234,5\n-2\n(3)\n")
        self.assertEqual(len(col), 3)  # a trailing delimiter does not start an element
        self.assertEqual(col.to_decimals(), [Decimal("1234.5"), -2, -3])
        self.assertEqual(col.sum(), Decimal("1229.5"))
        self.assertEqual(kalkyl.Column.parse_lines("1\r\n2\r\n").to_decimals(), [1, 2])  # CRLF
        self.assertEqual(kalkyl.Column.parse_lines("1,5;2;3", delimiter=";").to_decimals(), [Decimal("1.5"), 2, 3])
        self.assertEqual(len(kalkyl.Column.parse_lines(b"")), 0)
        self.assertEqual(kalkyl.Column.parse_lines(b"").sum(), 0)
        with self.assertRaises(kalkyl.ParseError) as cm:
            kalkyl.Column.parse_lines("1\n\n3")
        self.assertEqual(cm.exception.index, 1)
        with self.assertRaises(kalkyl.InvalidError):
            kalkyl.Column.parse_lines("1", delimiter="ab")
        with self.assertRaises(kalkyl.InvalidError):
            kalkyl.Column.parse_lines("1", delimiter="\u00e5")

    def test_sequence_protocol(self):
        col = kalkyl.Column([Decimal("1.5"), 2, Decimal("-3.25")])
        self.assertEqual(len(col), 3)
        self.assertEqual(col[0], Decimal("1.5"))
        self.assertEqual(col[-1], Decimal("-3.25"))
        self.assertEqual(list(col), [Decimal("1.5"), 2, Decimal("-3.25")])
        self.assertEqual(col[1:].to_decimals(), [2, Decimal("-3.25")])
        self.assertEqual(col[::2].to_decimals(), [Decimal("1.5"), Decimal("-3.25")])
        self.assertEqual(col.max_scale(), 2)
        self.assertEqual(col.sum(), Decimal("0.25"))
        self.assertEqual(str(col.sum()), "0.25")
        self.assertIn("n=3", repr(col))
        self.assertEqual(col, kalkyl.Column([Decimal("1.50"), 2, Decimal("-3.25")]))
        with self.assertRaises(IndexError):
            col[3]
        with self.assertRaises(IndexError):
            col[-4]

    def test_from_values_names_the_bad_one(self):
        with self.assertRaises(kalkyl.ScaleError) as cm:
            kalkyl.Column([1, 2, Decimal("1E-30")])
        self.assertEqual(cm.exception.index, 2)

    def test_from_array_is_not_a_copy(self):
        arr = (kalkyl.kalkyl_dec * 4)()
        arr[0] = kalkyl.to_kalkyl_dec(Decimal("1.5"))
        arr[1] = kalkyl.to_kalkyl_dec(7)
        col = kalkyl.Column.from_array(arr, 2)
        self.assertEqual(col.sum(), Decimal("8.5"))
        arr[1] = kalkyl.to_kalkyl_dec(8)
        self.assertEqual(col.sum(), Decimal("9.5"))
        self.assertIs(col.array, arr)
        with self.assertRaises(TypeError):
            kalkyl.Column.from_array([1, 2])

    def test_a_struct_the_c_side_refuses(self):
        arr = (kalkyl.kalkyl_dec * 3)()
        arr[1].reserved = 1
        with self.assertRaises(kalkyl.InvalidError) as cm:
            kalkyl.Column.from_array(arr).format()
        self.assertEqual(cm.exception.index, 1)
        arr[1].reserved = 0
        arr[2].scale = 29
        with self.assertRaises(kalkyl.ScaleError):
            kalkyl.Column.from_array(arr).sum()


class SumLines(unittest.TestCase):
    """sum_lines works in chunks; it must agree with Column.parse_lines(...).sum() in every case."""

    def setUp(self):
        from kalkyl import _core

        self.core = _core
        self.saved = _core._CHUNK_BYTES
        _core._CHUNK_BYTES = 64  # many chunks even for small texts

    def tearDown(self):
        self.core._CHUNK_BYTES = self.saved

    def same(self, data, locale="sv-SE", delimiter="\n"):
        want = kalkyl.Column.parse_lines(data, locale, delimiter).sum()
        got = kalkyl.sum_lines(data, locale, delimiter)
        self.assertEqual(got.as_tuple(), want.as_tuple())
        for threads in (2, 3, 0):
            self.assertEqual(kalkyl.sum_lines(data, locale, delimiter, threads).as_tuple(), want.as_tuple(), threads)
            self.assertEqual(kalkyl.Column.parse_lines(data, locale, delimiter, threads).sum().as_tuple(),
                             want.as_tuple(), threads)
        return got

    def test_random_columns(self):
        r = rng("arrays.sum_lines")
        for _ in range(20):
            values = [dec(random_mantissa(r, r.choice((6, 12, 20))), r.randint(0, 4)) for _ in range(r.randint(0, 300))]
            # A trailing newline ends the last value; with no values, "\n" is
            # one empty value, which is refused (tested elsewhere).
            text = "\n".join(kalkyl.format_array(values)) + (r.choice(("", "\n")) if values else "")
            got = self.same(text)
            total = Decimal(0)
            for v in values:
                total = EXACT.add(total, v)
            self.assertEqual(got, total, replay())
        self.assertEqual(self.same("1;2,5;-3", delimiter=";"), Decimal("0.5"))
        self.assertEqual(self.same(b"1\r\n2\r\n"), 3)
        self.assertEqual(str(kalkyl.sum_lines("")), "0")

    def test_a_chunk_sum_that_drops_trailing_zeros(self):
        # Each value has 38 digits at scale 28; two of them need 39: the sum
        # drops a trailing zero. sum_lines must not let that lower the scale.
        big = "9999999999," + "0" * 28
        self.same("\n".join([big] * 40))
        # Chunk 1 holds the only scale-28 values and its sum is lowered to 27;
        # chunk 2 is at scale 27. The column's total fits at 28 and must keep it.
        text = "\n".join([big, big, "-9999999999," + "0" * 27])
        self.assertEqual(len(list(self.core._chunks(text.encode(), b"\n"))), 2)
        got = self.same(text)
        self.assertEqual(got.as_tuple().exponent, -28)
        with self.assertRaises(kalkyl.KalkylOverflowError):
            kalkyl.sum_lines("\n".join([big] * 40 + ["0," + "0" * 27 + "1"]))

    def test_partial_sums_may_overflow(self):
        top = "9" * 38
        got = self.same("\n".join([top] * 5 + ["-" + top] * 5))
        self.assertEqual(got, 0)
        with self.assertRaises(kalkyl.KalkylOverflowError):
            kalkyl.sum_lines("\n".join([top] * 3))

    def test_the_bad_index_counts_over_all_chunks(self):
        lines = ["%d,%02d" % (i, i % 100) for i in range(1000)]
        lines[777] = "7.0"
        for threads in (1, 2, 4):
            for call in (kalkyl.sum_lines, kalkyl.Column.parse_lines):
                with self.assertRaises(kalkyl.ParseError) as cm:
                    call("\n".join(lines), threads=threads)
                self.assertEqual(cm.exception.index, 777, (call, threads))
                self.assertIn("7.0", str(cm.exception))  # the message of the thread that failed
        lines[900] = "x"
        lines[100] = "(1"
        for threads in (1, 2, 4):  # several groups fail: the first element in order wins
            with self.assertRaises(kalkyl.ParseError) as cm:
                kalkyl.sum_lines("\n".join(lines), threads=threads)
            self.assertEqual(cm.exception.index, 100, threads)
            with self.assertRaises(kalkyl.ParseError) as cm:
                kalkyl.Column.parse(lines, threads=threads)
            self.assertEqual(cm.exception.index, 100, threads)
        with self.assertRaises(kalkyl.InvalidError):
            kalkyl.sum_lines("1", threads=-1)
        with self.assertRaises(kalkyl.ParseError) as cm:
            kalkyl.parse_array(lines)
        self.assertEqual(cm.exception.index, 100)

    def test_columns_cross_chunks_intact(self):
        lines = ["-1 234 567,%02d" % (i % 100) for i in range(500)]
        self.assertEqual(kalkyl.Column.parse_lines("\n".join(lines)).to_decimals(), [kalkyl.parse(t) for t in lines])
        self.assertEqual(kalkyl.parse_array(lines), [kalkyl.parse(t) for t in lines])


class FormatArray(unittest.TestCase):
    def test_matches_format_one_by_one(self):
        r = rng("arrays.format")
        values = [dec(random_mantissa(r, 30), r.randint(0, 8)) for _ in range(CASES)]
        for options in (dict(), dict(locale="C"), dict(unit="tkr", decimals=1, rounding="half_even"),
                        dict(minus="\u2212", parentheses=True, grouping="space"), dict(plus=True, grouping="none")):
            got = kalkyl.format_array(values, **options)
            self.assertEqual(got, [kalkyl.format(v, **options) for v in values], replay(str(options)))
            self.assertEqual(kalkyl.Column(values).format(**options), got)

    def test_small_column(self):
        self.assertEqual(kalkyl.format_array([1234, Decimal(-5)]), ["1" + NBSP + "234", "-5"])
        self.assertEqual(kalkyl.format_array([]), [])
        self.assertEqual(kalkyl.format_array([Decimal("0.5")], decimals=0, rounding="half_up"), ["1"])

    def test_drop_without_rounding_names_the_element(self):
        with self.assertRaises(kalkyl.InvalidError) as cm:
            kalkyl.format_array([Decimal("1"), Decimal("2.0"), Decimal("3.25")], decimals=1)
        self.assertEqual(cm.exception.index, 2)

    def test_element_that_cannot_be_written(self):
        with self.assertRaises(kalkyl.KalkylOverflowError) as cm:
            kalkyl.format_array([1, Decimal("9" * 38)], decimals=1)
        self.assertEqual(cm.exception.index, 1)

    def test_unknown_option(self):
        with self.assertRaises(TypeError):
            kalkyl.format_array([1], decimal=2)


class Sums(unittest.TestCase):
    def test_sum(self):
        self.assertEqual(kalkyl.sum([Decimal("1.5"), 2, Decimal("-0.25")]), Decimal("3.25"))
        self.assertEqual(str(kalkyl.sum([])), "0")
        self.assertEqual(kalkyl.sum(iter([Decimal("0.1")] * 10)), 1)
        with self.assertRaises(kalkyl.KalkylOverflowError):
            kalkyl.sum([Decimal("9" * 38), 1])
        # Partial sums may exceed 38 digits; only the total must fit.
        big = Decimal("9" * 38)
        self.assertEqual(kalkyl.sum([big, big, big.copy_negate()]), big)

    def test_uppsala_rows_do_not_add_to_the_rounded_total(self):
        # 000_2ed63b26c6aacf5d.txt: rounded rows add to -28 while the total shows -27.
        rows = [Decimal("-10.4"), Decimal("-8.4"), Decimal("-8.4")]  # made-up kronor rows, mnkr
        rounded_rows = [kalkyl.round_to(v, 0, "half_up") for v in rows]
        self.assertEqual(kalkyl.sum(rounded_rows), -26)
        self.assertEqual(kalkyl.round_to(kalkyl.sum(rows), 0, "half_up"), -27)

    def test_sum_units(self):
        self.assertEqual(str(kalkyl.sum_units([12345, -45, 100], 2)), "124.00")
        self.assertEqual(kalkyl.sum_units(array.array("q", [1, 2, 3]), 0), 6)
        self.assertEqual(kalkyl.sum_units(memoryview(array.array("q", [5, 5])), 1), 1)
        self.assertEqual(str(kalkyl.sum_units([], 2)), "0.00")
        self.assertEqual(kalkyl.sum_units([2**63 - 1] * 4, 0), 4 * (2**63 - 1))
        self.assertEqual(kalkyl.sum_units(range(1000), 3), Decimal("499.500"))
        with self.assertRaises(kalkyl.KalkylOverflowError):
            kalkyl.sum_units([2**63], 0)
        with self.assertRaises(kalkyl.ScaleError):
            kalkyl.sum_units([1], 29)
        with self.assertRaises(TypeError):
            kalkyl.sum_units([1.5], 2)


if __name__ == "__main__":
    unittest.main()
