"""Amounts as the reports print them: parse() and format()."""

import unittest
from decimal import Decimal

import kalkyl

from kalkyl_test_support import CASES, dec, random_mantissa, replay, rng

NBSP = "\u00a0"
NNBSP = "\u202f"
MINUS = "\u2212"


class ParseSeeds(unittest.TestCase):
    """The number formats found in the seeds (DOMAIN.md, 'Number formats found in real reports')."""

    def test_sv_se_forms(self):
        cases = {
            "61 173": "61173",  # Uppsala 2024, nyckeltal
            "178.503": "178503",  # a dot as thousands separator
            "-23,5": "-23.5",  # Uppsala årsbokslut 2024: the year's outcome, mnkr
            "- 196,6": "-196.6",  # a space after the minus
            MINUS + "4": "-4",  # U+2212
            "1" + NBSP + "500": "1500",
            "1" + NNBSP + "500": "1500",
            "(1 234)": "-1234",
            "1,50": "1.50",  # the written scale is kept
            "  12 ": "12",
            "1 234 567,89": "1234567.89",
            "+1 234": "1234",
        }
        for text, want in cases.items():
            got = kalkyl.parse(text)
            self.assertEqual(got.as_tuple(), Decimal(want).as_tuple(), repr(text))
            self.assertEqual(kalkyl.parse(text, kalkyl.Locale.SV_SE), got)
            self.assertEqual(kalkyl.parse(text.encode("utf-8"), "sv_SE"), got)  # UTF-8 bytes too

    def test_a_dot_decimal_is_refused_in_sv_se(self):
        with self.assertRaises(kalkyl.ParseError) as cm:
            kalkyl.parse("7.0")
        self.assertIn("7.0", str(cm.exception))
        self.assertIn("offset", str(cm.exception))  # says where
        self.assertTrue(str(cm.exception).startswith("kalkyl_dec_parse"))
        self.assertIsNone(cm.exception.index)
        self.assertEqual(kalkyl.parse("7.0", "C"), Decimal("7.0"))

    def test_c_locale(self):
        self.assertEqual(kalkyl.parse("-1234.5", "C"), Decimal("-1234.5"))
        self.assertEqual(kalkyl.parse("1,234.5", "c"), Decimal("1234.5"))
        self.assertEqual(kalkyl.parse("(1,234.5)", kalkyl.Locale.C), Decimal("-1234.5"))
        with self.assertRaises(kalkyl.ParseError):
            kalkyl.parse("1,5", "C")

    def test_auto_never_guesses(self):
        for text in ("1,234", "1.234"):
            with self.assertRaises(kalkyl.AmbiguousError, msg=text) as cm:
                kalkyl.parse(text, "auto")
            self.assertIsInstance(cm.exception, ValueError)
        self.assertEqual(kalkyl.parse("1 234,5", "auto"), Decimal("1234.5"))
        self.assertEqual(kalkyl.parse("-1234.56", kalkyl.Locale.AUTO), Decimal("-1234.56"))

    def test_refused_texts(self):
        for text in ("", "   ", "abc", "85,8 procent", ",5", "1,2,3", "--1", "1e5", "NaN", "12 34", "1\x005"):
            with self.assertRaises(kalkyl.ParseError, msg=repr(text)):
                kalkyl.parse(text)

    def test_too_long_or_too_fine(self):
        with self.assertRaises(kalkyl.KalkylOverflowError):
            kalkyl.parse("1" * 39)
        self.assertEqual(kalkyl.parse("9" * 38), Decimal("9" * 38))
        with self.assertRaises(kalkyl.ScaleError):
            kalkyl.parse("0," + "1" * 29)
        self.assertEqual(kalkyl.parse("0," + "1" * 28).as_tuple().exponent, -28)

    def test_bad_arguments(self):
        with self.assertRaises(kalkyl.InvalidError):
            kalkyl.parse("1", "de-DE")
        with self.assertRaises(TypeError):
            kalkyl.parse(12)
        with self.assertRaises(kalkyl.ParseError):
            kalkyl.parse("1\udc80")  # a lone surrogate is not text


class Format(unittest.TestCase):
    v = Decimal("-1234.5")

    def test_defaults_are_sv_se(self):
        self.assertEqual(kalkyl.format(self.v), "-1" + NBSP + "234,5")
        self.assertEqual(kalkyl.format(Decimal(500)), "500")
        self.assertEqual(kalkyl.format(Decimal(1500)), "1" + NBSP + "500")
        self.assertEqual(kalkyl.format(Decimal("0.00")), "0,00")
        self.assertEqual(kalkyl.format(61173), "61" + NBSP + "173")

    def test_options(self):
        cases = [
            (dict(locale="C"), "-1,234.5", "1,234.5"),
            (dict(grouping="space"), "-1 234,5", "1 234,5"),
            (dict(grouping="none"), "-1234,5", "1234,5"),
            (dict(minus=MINUS), MINUS + "1" + NBSP + "234,5", "1" + NBSP + "234,5"),
            (dict(parentheses=True), "(1" + NBSP + "234,5)", "1" + NBSP + "234,5"),
            (dict(plus=True), "-1" + NBSP + "234,5", "+1" + NBSP + "234,5"),
            (dict(decimals=2), "-1" + NBSP + "234,50", "1" + NBSP + "234,50"),
            (dict(unit="tkr"), "-1,2345", "1,2345"),
            (dict(unit="tkr", decimals=1, rounding="half_up"), "-1,2", "1,2"),
            (dict(unit=kalkyl.Unit.MNKR), "-0,0012345", "0,0012345"),
            (dict(locale="C", grouping="none", minus=MINUS), MINUS + "1234.5", "1234.5"),
        ]
        for options, negative, positive in cases:
            self.assertEqual(kalkyl.format(self.v, **options), negative, options)
            self.assertEqual(kalkyl.format(self.v.copy_negate(), **options), positive, options)

    def test_units_from_the_reports(self):
        # Uppsala aug 2024, 5731: 123 464 tkr, shown per vårddygn in tkr with one decimal.
        self.assertEqual(kalkyl.format(Decimal("123464000"), unit="tkr"), "123" + NBSP + "464,000")  # exact
        self.assertEqual(kalkyl.format(Decimal("123464000"), unit="tkr", decimals=0, rounding="half_up"),
                         "123" + NBSP + "464")
        self.assertEqual(kalkyl.format(Decimal("-23500000"), unit="mnkr", decimals=1, rounding="half_up"), "-23,5")
        per_day = kalkyl.div(123464, 22939, 1, "half_up")
        self.assertEqual(kalkyl.format(per_day), "5,4")

    def test_no_default_rounding_when_digits_drop(self):
        with self.assertRaises(kalkyl.InvalidError) as cm:
            kalkyl.format(Decimal("1.25"), decimals=1)
        self.assertIn("rounding", str(cm.exception))
        with self.assertRaises(kalkyl.InvalidError):
            kalkyl.format(Decimal("1500"), unit="tkr", decimals=0)  # 1,500 tkr at 0 decimals drops digits
        # Even zeros: whether digits drop depends on the scale, not on the value.
        with self.assertRaises(kalkyl.InvalidError):
            kalkyl.format(Decimal("1.50"), decimals=1)
        self.assertEqual(kalkyl.format(Decimal("1.25"), decimals=1, rounding="half_even"), "1,2")
        self.assertEqual(kalkyl.format(Decimal("1.25"), decimals=1, rounding="half_up"), "1,3")
        self.assertEqual(kalkyl.format(Decimal("1.25"), decimals=3), "1,250")  # adding digits needs no mode
        self.assertEqual(kalkyl.format(Decimal("-0.4"), decimals=0, rounding="half_up"), "0")

    def test_bad_options(self):
        for options in (dict(locale="auto"), dict(unit="kkr"), dict(unit=2), dict(grouping="thin"),
                        dict(minus="–"), dict(rounding="nearest", decimals=0), dict(decimals=-2),
                        dict(locale="fr")):
            with self.assertRaises(kalkyl.InvalidError, msg=options):
                kalkyl.format(self.v, **options)
        with self.assertRaises(kalkyl.ScaleError):
            kalkyl.format(self.v, decimals=29)
        with self.assertRaises(TypeError):
            kalkyl.format(self.v, "C")  # options are keyword-only
        with self.assertRaises(kalkyl.KalkylOverflowError):
            kalkyl.format(Decimal("9" * 38), decimals=1)

    def test_round_trip_parse_format(self):
        r = rng("text.round_trip")
        styles = [
            ("sv-SE", dict()),
            ("sv-SE", dict(grouping="space", minus=MINUS)),
            ("sv-SE", dict(grouping="none", parentheses=True)),
            ("sv-SE", dict(plus=True)),
            ("C", dict(locale="C")),
            ("C", dict(locale="C", grouping="none", parentheses=True)),
        ]
        for _ in range(CASES):
            value = dec(random_mantissa(r), r.randint(0, 28))
            for locale, options in styles:
                text = kalkyl.format(value, **options)
                back = kalkyl.parse(text, locale)
                self.assertEqual(back.as_tuple(), value.as_tuple(), replay("%r %s %r" % (value, options, text)))


if __name__ == "__main__":
    unittest.main()
