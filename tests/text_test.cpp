// Tests of kalkyl/text.hpp: reading amounts as the seeds' reports print them
// (sv-SE) and as C programs do, every refusal with its position, the
// automatic profile's ambiguity, formatting with every spec field, and the
// round trip parse(format(v)) == v as a property over random values and
// specs. The property test prints its seed; replay a failure with
// KALKYL_PROPERTY_SEED=<seed> (KALKYL_PROPERTY_CASES sets the count).

#include "kalkyl/text.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <boost/multiprecision/cpp_int.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

using kalkyl::Decimal;
using kalkyl::Errc;
using kalkyl::FormatSpec;
using kalkyl::Grouping;
using kalkyl::Locale;
using kalkyl::MinusSign;
using kalkyl::Percent;
using kalkyl::PercentagePoints;
using kalkyl::Rounding;
using kalkyl::Unit;

namespace {

// The characters the reports use, spelled out once.
#define NBSP "\xC2\xA0"       // U+00A0 no-break space
#define NNBSP "\xE2\x80\xAF"  // U+202F narrow no-break space
#define MINUS "\xE2\x88\x92"  // U+2212 minus sign

using kalkyl::test::D;

using kalkyl::test::error_of;

using kalkyl::test::message_of;

bool contains(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}

// Reads in sv-SE and checks value and written scale (to_string shows both).
void check_sv(const std::string& text, const char* expected) {
    CAPTURE(text);
    const kalkyl::ParseResult r = kalkyl::try_parse(text, Locale::sv_SE);
    REQUIRE(r.code == Errc::ok);
    CHECK(r.value.to_string() == expected);
    CHECK(kalkyl::parse(text, Locale::sv_SE).to_string() == expected);
}

void check_c(const std::string& text, const char* expected) {
    CAPTURE(text);
    const kalkyl::ParseResult r = kalkyl::try_parse(text, Locale::c);
    REQUIRE(r.code == Errc::ok);
    CHECK(r.value.to_string() == expected);
}

// A refusal: the code, the byte offset and a word of the reason.
void check_refused(const std::string& text, Locale locale, Errc code, std::size_t position,
                   const char* reason_part) {
    CAPTURE(text);
    CAPTURE(static_cast<int>(locale));
    const kalkyl::ParseResult r = kalkyl::try_parse(text, locale);
    CHECK(!r);
    CHECK(r.code == code);
    CHECK(r.position == position);
    REQUIRE(r.reason != nullptr);
    CHECK(contains(r.reason, reason_part));
    CHECK(r.value.is_zero());
    CHECK(error_of([&] { (void)kalkyl::parse(text, locale); }) == code);
}

FormatSpec sv() {
    return FormatSpec{};
}
FormatSpec c_spec() {
    FormatSpec s;
    s.locale = Locale::c;
    return s;
}
FormatSpec with_decimals(FormatSpec s, int decimals, std::optional<Rounding> mode) {
    s.decimals = decimals;
    s.rounding = mode;
    return s;
}

}  // namespace

TEST_SUITE("text") {
    // --- the number formats of DOMAIN.md --------------------------------------

    TEST_CASE("Uppsala prints 61 173 with a space between the thousands") {
        check_sv("61 173", "61173");
        check_sv("61" NBSP "173", "61173");
        check_sv("61" NNBSP "173", "61173");
        check_sv("1 500", "1500");
        check_sv("1" NBSP "500", "1500");
        check_sv("1" NNBSP "500", "1500");
        check_sv("658 914 703", "658914703");
        check_sv("103 014 615", "103014615");
    }

    TEST_CASE("Uppsala 2024 prints 178.503: in sv-SE a dot only ever separates thousands") {
        check_sv("178.503", "178503");
        check_sv("4.328", "4328");
        check_sv("32.380", "32380");
        check_sv("1.234.567", "1234567");
        check_sv("1.234,5", "1234.5");
        check_refused("7.0", Locale::sv_SE, Errc::parse, 1, "a dot separates thousands in sv-SE");
        check_refused("178.50", Locale::sv_SE, Errc::parse, 3, "exactly three digits");
        check_refused("178.5030", Locale::sv_SE, Errc::parse, 3, "exactly three digits");
        check_refused("7.", Locale::sv_SE, Errc::parse, 1, "a dot separates thousands");
    }

    TEST_CASE("Uppsala prints -23,5 mnkr with a comma as decimal mark") {
        check_sv("-23,5", "-23.5");
        check_sv("5,4", "5.4");
        check_sv("11,0", "11.0");
        check_sv("0,8", "0.8");
    }

    TEST_CASE("Eskilstuna prints - 196,6 with a space after the minus") {
        check_sv("- 196,6", "-196.6");
        check_sv("- 138,0", "-138.0");
        check_sv("-" NBSP "139,2", "-139.2");
        check_sv("+ 24", "24");
    }

    TEST_CASE("the typographic minus U+2212: −4, −23,5, −1 234,5") {
        check_sv(MINUS "4", "-4");
        check_sv(MINUS "23,5", "-23.5");
        check_sv(MINUS "1" NBSP "234,5", "-1234.5");
        check_sv(MINUS " 35", "-35");
        check_c(MINUS "1234.5", "-1234.5");
    }

    TEST_CASE("accountants' parentheses: (1 234) is negative") {
        check_sv("(1 234)", "-1234");
        check_sv("(1 234,50)", "-1234.50");
        check_sv(" (5) ", "-5");
        check_c("(1,234.5)", "-1234.5");
        check_refused("(5", Locale::sv_SE, Errc::parse, 2, "parenthesis is not closed");
        check_refused("(5 )", Locale::sv_SE, Errc::parse, 2, "parenthesis is not closed");
        check_refused("(-5)", Locale::sv_SE, Errc::parse, 1,
                      "opening parenthesis must be followed by digits");
        check_refused("( 5)", Locale::sv_SE, Errc::parse, 1,
                      "opening parenthesis must be followed by digits");
        check_refused("-(5)", Locale::sv_SE, Errc::parse, 1, "a sign must be followed by digits");
        check_refused("5)", Locale::sv_SE, Errc::parse, 1, "unexpected text");
    }

    TEST_CASE("every figure of DOMAIN.md's formulas reads in sv-SE") {
        // DOMAIN.md writes its negative figures with U+2212.
        const char* figures[][2] = {
            {"124 998", "124998"},
            {"1 534", "1534"},
            {"123 464", "123464"},
            {"22 939", "22939"},
            {"5,4", "5.4"},
            {"60 976", "60976"},
            {"5 555", "5555"},
            {"11,0", "11.0"},
            {"61 173", "61173"},
            {"198", "198"},
            {"60 975", "60975"},
            {MINUS "30", "-30"},
            {"5", "5"},
            {MINUS "35", "-35"},
            {MINUS "25", "-25"},
            {MINUS "23,5", "-23.5"},
            {"1,5", "1.5"},
            {"277 573", "277573"},
            {"265 650", "265650"},
            {"11 923", "11923"},
            {"51 927", "51927"},
            {"50 149", "50149"},
            {"1 778", "1778"},
            {"3 375", "3375"},
            {"422 848", "422848"},
            {"685", "685"},
            {"721", "721"},
            {MINUS "36", "-36"},
            {MINUS "28", "-28"},
            {MINUS "27", "-27"},
            {"41 400 837", "41400837"},
            {"8 783", "8783"},
            {"4 714", "4714"},
            {"1 238", "1238"},
            {"33 442", "33442"},
            {"658 914 703", "658914703"},
            {"103 014 615", "103014615"},
            {"6 195", "6195"},
            {"89 734", "89734"},
            {"107 918", "107918"},
            {"6 106", "6106"},
            {"332", "332"},
            {"387", "387"},
            {"42", "42"},
            {"44", "44"},
        };
        for (const auto& f : figures)
            check_sv(f[0], f[1]);
        CHECK(kalkyl::parse_percent("0,8 %", Locale::sv_SE).value() == D("0.8"));
        CHECK(kalkyl::parse_percent("14,1 %", Locale::sv_SE).value() == D("14.1"));
        CHECK(kalkyl::parse_percent("85,8 %", Locale::sv_SE).value() == D("85.8"));
        CHECK(kalkyl::parse_percent("95,5 %", Locale::sv_SE).value() == D("95.5"));
        CHECK(kalkyl::parse_percent("94 procent", Locale::sv_SE).value() == D("94"));
        CHECK(kalkyl::parse_percent("85,8 procent", Locale::sv_SE).value() == D("85.8"));
        CHECK(kalkyl::parse_amount(MINUS "23,5 mnkr", Locale::sv_SE) == D("-23500000"));
        CHECK(kalkyl::parse_amount("123 464 tkr", Locale::sv_SE) == D("123464000"));
    }

    TEST_CASE("Eskilstuna prints 7.0% where Swedish wants 7,0 %: sv-SE refuses it, C reads it") {
        CHECK(error_of([] { (void)kalkyl::parse_percent("7.0%", Locale::sv_SE); }) == Errc::parse);
        CHECK(contains(message_of([] { (void)kalkyl::parse_percent("7.0%", Locale::sv_SE); }),
                       "at byte offset 1, a dot separates thousands in sv-SE"));
        CHECK(kalkyl::parse_percent("7.0%", Locale::c).value().to_string() == "7.0");
        CHECK(kalkyl::parse_percent("7.0%", Locale::automatic).value().to_string() == "7.0");
        CHECK(kalkyl::parse_percent("7,0%", Locale::sv_SE).value().to_string() == "7.0");
        check_refused("7.0%", Locale::sv_SE, Errc::parse, 1, "a dot separates thousands");
    }

    TEST_CASE("C reads -1234.5 and 1,234.5") {
        check_c("-1234.5", "-1234.5");
        check_c("1,234.5", "1234.5");
        check_c("1,234,567.89", "1234567.89");
        check_c("+0.25", "0.25");
        check_c("1 234.5", "1234.5");  // ISO 80000 spaces, and what Grouping::ascii_space writes
        check_c("(12.5)", "-12.5");
        check_refused("1,23", Locale::c, Errc::parse, 1, "a comma separates thousands in C");
        check_refused("1.234,5", Locale::c, Errc::parse, 5, "unexpected text");
        check_refused("1234,567", Locale::c, Errc::parse, 4, "at most three digits");
        check_refused("1.", Locale::c, Errc::parse, 2, "a digit must follow the decimal mark");
    }

    TEST_CASE("parsing keeps the written scale: 1,50 has scale 2, 0,000 has scale 3") {
        CHECK(kalkyl::parse("1,50", Locale::sv_SE).scale() == 2);
        CHECK(kalkyl::parse("1,50", Locale::sv_SE).mantissa() == 150);
        CHECK(kalkyl::parse("0,000", Locale::sv_SE).scale() == 3);
        CHECK(kalkyl::parse("0,000", Locale::sv_SE).is_zero());
        CHECK(kalkyl::parse("1 234", Locale::sv_SE).scale() == 0);
        CHECK(kalkyl::parse("007", Locale::sv_SE).to_string() == "7");
        CHECK(kalkyl::parse("00,50", Locale::sv_SE).to_string() == "0.50");
    }

    TEST_CASE("amounts of eight bytes and more: every separator, every shape") {
        // Texts this long are read a word at a time; these pin the edges.
        check_sv("-1" NBSP "234" NBSP "567,89", "-1234567.89");
        check_sv("-1" NNBSP "234" NNBSP "567,89", "-1234567.89");
        check_sv("-1 234 567,89", "-1234567.89");
        check_sv("1.234.567,89", "1234567.89");
        check_sv("123" NBSP "464" NBSP "000", "123464000");
        check_sv("12" NBSP "345" NBSP "678", "12345678");
        check_sv("-1234567,89", "-1234567.89");
        check_sv("12345678,9", "12345678.9");
        check_sv("-12345678,9", "-12345678.9");
        check_sv("1234567890123456789", "1234567890123456789");
        check_sv("-123456789012345678,9", "-123456789012345678.9");
        check_sv("1,234567891234", "1.234567891234");
        check_sv("9" NBSP "999" NBSP "999" NBSP "999" NBSP "999" NBSP "999" NBSP "999,9",
                 "9999999999999999999.9");
        check_c("-1,234,567.89", "-1234567.89");
        check_c("-1 234 567.89", "-1234567.89");
        check_c("12,345,678", "12345678");
        check_refused("1" NBSP "234" NBSP "5678", Locale::sv_SE, Errc::parse, 6,
                      "exactly three digits");
        check_refused("1" NBSP "234" NBSP "56,78", Locale::sv_SE, Errc::parse, 6,
                      "exactly three digits");
        check_refused("1" NBSP "234 567,89", Locale::sv_SE, Errc::parse, 6, "not all the same");
        check_refused("1" NBSP "234" NNBSP "567,89", Locale::sv_SE, Errc::parse, 6,
                      "not all the same");
        check_refused("1234" NBSP "567,89", Locale::sv_SE, Errc::parse, 4, "at most three digits");
        check_refused("1" NBSP "234" NBSP "567,", Locale::sv_SE, Errc::parse, 12,
                      "a digit must follow");
        check_refused("1" NBSP "234" NBSP "567,8x", Locale::sv_SE, Errc::parse, 13,
                      "unexpected text");
        check_refused(".0000000000", Locale::c, Errc::parse, 0, "a number starts");
        check_refused("-.0000000000", Locale::c, Errc::parse, 1, "a sign must be followed");
        check_refused(",0000000000", Locale::sv_SE, Errc::parse, 0, "a number starts");
        check_sv("1" NBSP "234" NBSP "567" NBSP, "1234567");  // trailing white space
        check_sv("  -1" NBSP "234" NBSP "567,89", "-1234567.89");
    }

    TEST_CASE("-0 is zero: spreadsheets print it for a small negative rounded away") {
        CHECK(kalkyl::parse("-0", Locale::sv_SE).is_zero());
        CHECK(kalkyl::parse("-0,00", Locale::sv_SE).to_string() == "0.00");
        CHECK(kalkyl::parse(MINUS "0", Locale::sv_SE).signum() == 0);
        CHECK(kalkyl::parse("(0)", Locale::sv_SE).is_zero());
        CHECK(kalkyl::parse("+0", Locale::c).is_zero());
    }

    TEST_CASE("white space around the number: ASCII, U+00A0, U+202F") {
        check_sv("  61 173  ", "61173");
        check_sv("\t-5\t", "-5");
        check_sv(NBSP "12" NBSP, "12");
        check_sv(NNBSP "12" NNBSP, "12");
        check_sv("12\r\n", "12");
        check_sv("1 234 ", "1234");
        check_sv("1" NBSP "234" NBSP, "1234");
    }

    // --- every refusal with its position ------------------------------------------

    TEST_CASE("refusals name the byte offset and the reason") {
        const Locale sv_se = Locale::sv_SE;
        check_refused("", sv_se, Errc::parse, 0, "empty");
        check_refused("   ", sv_se, Errc::parse, 3, "only white space");
        check_refused("abc", sv_se, Errc::parse, 0, "a number starts with a digit");
        check_refused(",5", sv_se, Errc::parse, 0, "a number starts with a digit");
        check_refused(".5", Locale::c, Errc::parse, 0, "a number starts with a digit");
        check_refused("\xEF\xBC\x91\xEF\xBC\x92", sv_se, Errc::parse, 0,
                      "a number starts");  // fullwidth digits
        check_refused("-", sv_se, Errc::parse, 1, "a sign must be followed by digits");
        check_refused("- ", sv_se, Errc::parse, 2, "a sign must be followed by digits");
        check_refused("+", sv_se, Errc::parse, 1, "a sign must be followed by digits");
        check_refused(MINUS, sv_se, Errc::parse, 3, "a sign must be followed by digits");
        check_refused("--5", sv_se, Errc::parse, 1, "a sign must be followed by digits");
        check_refused("+-5", sv_se, Errc::parse, 1, "a sign must be followed by digits");
        check_refused("(", sv_se, Errc::parse, 1, "opening parenthesis must be followed by digits");
        check_refused("1 23", sv_se, Errc::parse, 1, "a space between digits separates thousands");
        check_refused("1 2345", sv_se, Errc::parse, 1, "exactly three digits");
        check_refused("1 234 56", sv_se, Errc::parse, 5, "exactly three digits");
        check_refused("5 5", sv_se, Errc::parse, 1, "exactly three digits");
        check_refused("1234 567", sv_se, Errc::parse, 4, "at most three digits may come before");
        check_refused("1234.567", sv_se, Errc::parse, 4, "at most three digits may come before");
        check_refused("1 234.567", sv_se, Errc::parse, 5, "not all the same character");
        check_refused("1" NBSP "234 567", sv_se, Errc::parse, 6, "not all the same character");
        check_refused("1" NBSP "234" NNBSP "567", sv_se, Errc::parse, 6,
                      "not all the same character");
        check_refused("1,234 567", Locale::c, Errc::parse, 5, "not all the same character");
        check_refused("1,", sv_se, Errc::parse, 2, "a digit must follow the decimal mark");
        check_refused("1,a", sv_se, Errc::parse, 2, "a digit must follow the decimal mark");
        check_refused("1, 5", sv_se, Errc::parse, 2, "a digit must follow the decimal mark");
        check_refused("1,5,3", sv_se, Errc::parse, 3, "unexpected text");
        check_refused("1,234 5", sv_se, Errc::parse, 6,
                      "unexpected text");  // decimals are not grouped
        check_refused("12abc", sv_se, Errc::parse, 2, "unexpected text");
        check_refused("1e5", Locale::c, Errc::parse, 1, "unexpected text");
        check_refused("0x10", Locale::c, Errc::parse, 1, "unexpected text");
        check_refused("1\t234", sv_se, Errc::parse, 2, "unexpected text");
        check_refused("1,5 kr", sv_se, Errc::parse, 4, "unexpected text");
        check_refused("21 *", sv_se, Errc::parse, 3, "unexpected text");
        check_refused(std::string("12\0", 3), sv_se, Errc::parse, 2, "unexpected text");
        check_refused(
            "\xC2"
            "12",
            sv_se, Errc::parse, 0, "a number starts");  // broken UTF-8
        check_refused("12", static_cast<Locale>(7), Errc::invalid, 0, "not c, sv_SE or automatic");
    }

    TEST_CASE("38 digits is the edge: 39 significant digits overflow, leading zeros do not count") {
        const std::string nines38(38, '9');
        check_sv(nines38, "99999999999999999999999999999999999999");
        check_sv("-" + nines38, "-99999999999999999999999999999999999999");
        check_sv("000" + nines38, "99999999999999999999999999999999999999");
        check_sv(std::string(100, '0') + "1", "1");
        check_refused("1" + std::string(38, '0'), Locale::sv_SE, Errc::overflow, 38,
                      "38 significant digits");
        check_refused("-" + std::string(39, '9'), Locale::sv_SE, Errc::overflow, 39,
                      "38 significant digits");
        // Grouped: 38 digits as 2 + 12 groups of three; 39 as 3 + 12.
        std::string grouped = "99";
        for (int i = 0; i < 12; ++i)
            grouped += NBSP "999";
        check_sv(grouped, "99999999999999999999999999999999999999");
        std::string grouped39 = "999";
        for (int i = 0; i < 12; ++i)
            grouped39 += " 999";
        // The 39th digit is the last of the last group: offset 3 + 11*4 + 1 + 2.
        check_refused(grouped39, Locale::sv_SE, Errc::overflow, 50, "38 significant digits");
        // 20 digits: just past the 64-bit accumulator, through the 128-bit one.
        check_sv("12345678901234567890", "12345678901234567890");
        check_sv("-1 234 567 890 123 456 789,0123", "-1234567890123456789.0123");
        check_c("18,446,744,073,709,551,616", "18446744073709551616");
    }

    TEST_CASE("28 decimals is the edge: the 29th is a scale error") {
        check_sv("0," + std::string(28, '0'), "0.0000000000000000000000000000");
        check_sv("0," + std::string(27, '0') + "1", "0.0000000000000000000000000001");
        check_sv("9999999999," + std::string(28, '9'), "9999999999.9999999999999999999999999999");
        check_refused("0," + std::string(29, '0'), Locale::sv_SE, Errc::scale, 30,
                      "28 digits after the decimal mark");
        check_refused("1." + std::string(29, '1'), Locale::c, Errc::scale, 30,
                      "28 digits after the decimal mark");
        // 38 significant digits, 28 of them decimals, then one more: overflow.
        check_refused("99999999999," + std::string(28, '9'), Locale::sv_SE, Errc::overflow, 39,
                      "38 significant digits");
    }

    // --- Locale::automatic ----------------------------------------------------------

    TEST_CASE("automatic: text that reads two ways is ambiguous, never a guess") {
        check_refused("1.234", Locale::automatic, Errc::ambiguous, 1,
                      "sv-SE reads the dot as a thousands separator");
        check_refused("178.503", Locale::automatic, Errc::ambiguous, 3,
                      "C reads it as the decimal mark");
        check_refused("1,234", Locale::automatic, Errc::ambiguous, 1,
                      "sv-SE reads the comma as the decimal mark");
        check_refused("-12,500", Locale::automatic, Errc::ambiguous, 3,
                      "C reads it as a thousands separator");
        const std::string m = message_of([] { (void)kalkyl::parse("1.234", Locale::automatic); });
        CHECK(contains(m, "\"1.234\""));
        CHECK(contains(m, "as 1234 in sv-SE"));
        CHECK(contains(m, "as 1.234 in C"));
        CHECK(contains(m, "sv-SE or C"));
    }

    TEST_CASE("automatic: text that only one profile reads is read by that one") {
        const auto a = [](const char* t) {
            return kalkyl::parse(t, Locale::automatic).to_string();
        };
        CHECK(a("7.0") == "7.0");
        CHECK(a("7,0") == "7.0");
        CHECK(a("1.234,5") == "1234.5");
        CHECK(a("1,234.5") == "1234.5");
        CHECK(a("1.234.567") == "1234567");
        CHECK(a("1,234,567") == "1234567");
        CHECK(a("1 234") == "1234");
        CHECK(a("- 196,6") == "-196.6");
        CHECK(a("-1234.5") == "-1234.5");
        CHECK(a("(1 234)") == "-1234");
        CHECK(a("1.5") == "1.5");
        CHECK(a("1,5") == "1.5");
        CHECK(a("12,50") == "12.50");
        CHECK(a("1,2345") == "1.2345");
    }

    TEST_CASE(
        "automatic: the same value read both ways is fine; the reading with more decimals wins") {
        CHECK(kalkyl::parse("0.000", Locale::automatic).scale() == 3);
        CHECK(kalkyl::parse("0,000", Locale::automatic).scale() == 3);
        CHECK(kalkyl::parse("-0,000", Locale::automatic).is_zero());
        CHECK(kalkyl::parse("1234", Locale::automatic).to_string() == "1234");
    }

    TEST_CASE("automatic: when both refuse, the refusal that got further is reported") {
        check_refused("1,2.3", Locale::automatic, Errc::parse, 3, "unexpected text");
        check_refused("abc", Locale::automatic, Errc::parse, 0, "a number starts");
        check_refused("", Locale::automatic, Errc::parse, 0, "empty");
    }

    // --- messages ----------------------------------------------------------------------

    TEST_CASE("the message quotes the text, names the byte offset, the profile and the reason") {
        CHECK(message_of([] { (void)kalkyl::parse("7.0", Locale::sv_SE); }) ==
              "cannot read \"7.0\" as an sv-SE amount: at byte offset 1, a dot separates thousands "
              "in sv-SE "
              "and must be followed by exactly three digits.");
        CHECK(message_of([] { (void)kalkyl::parse("1,23", Locale::c); }) ==
              "cannot read \"1,23\" as a C amount: at byte offset 1, a comma separates thousands "
              "in C and must "
              "be followed by exactly three digits.");
        CHECK(message_of([] { (void)kalkyl::parse("12", static_cast<Locale>(7)); }) ==
              "cannot read \"12\" as an amount in locale 7: the locale is not c, sv_SE or "
              "automatic.");
        CHECK(contains(message_of([] { (void)kalkyl::parse("1.234", Locale::automatic); }),
                       "cannot read \"1.234\" as an sv-SE or C amount: it reads two ways"));
        const kalkyl::ParseResult r = kalkyl::try_parse("", Locale::sv_SE);
        CHECK(kalkyl::describe_parse_error("", Locale::sv_SE, r) ==
              "cannot read \"\" as an sv-SE amount: at byte offset 0, the text is empty.");
        // Control characters, quotes and broken UTF-8 are escaped; the message stays valid UTF-8.
        const std::string m = message_of([] { (void)kalkyl::parse("1\x01\"\xFF", Locale::sv_SE); });
        CHECK(contains(m, "\"1\\x01\\\"\\xff\""));
        CHECK(contains(message_of([] { (void)kalkyl::parse(MINUS "x", Locale::sv_SE); }),
                       "\"" MINUS "x\""));
    }

    TEST_CASE("a long text is cut in the message, around the failing byte") {
        std::string text(500, '1');
        text[300] = 'x';
        const std::string m = message_of([&] { (void)kalkyl::parse(text, Locale::c); });
        CHECK(m.size() < 200);
        CHECK(contains(m, "(500 bytes)"));
        CHECK(contains(m, "\xE2\x80\xA6"));  // …
        const std::string huge = std::string(40, '9') + std::string(460, ' ') + "x";
        const std::string m2 = message_of([&] { (void)kalkyl::parse(huge, Locale::c); });
        CHECK(contains(m2, "byte offset 38"));
        CHECK(contains(m2, "(501 bytes)"));
        // A window never splits a UTF-8 sequence.
        std::string wide;
        for (int i = 0; i < 100; ++i)
            wide += NBSP;
        wide += "x";
        const std::string m3 = message_of([&] { (void)kalkyl::parse(wide, Locale::sv_SE); });
        CHECK(contains(m3, "byte offset 200"));
        CHECK(!contains(m3, "\\x"));
    }

    // --- formatting --------------------------------------------------------------------

    TEST_CASE("sv-SE groups from four integer digits on, with a no-break space") {
        CHECK(kalkyl::format(D("500"), sv()) == "500");
        CHECK(kalkyl::format(D("1500"), sv()) == "1" NBSP "500");
        CHECK(kalkyl::format(D("61173"), sv()) == "61" NBSP "173");
        CHECK(kalkyl::format(D("123456"), sv()) == "123" NBSP "456");
        CHECK(kalkyl::format(D("-1234567.89"), sv()) == "-1" NBSP "234" NBSP "567,89");
        CHECK(kalkyl::format(D("999.999"), sv()) == "999,999");
        CHECK(kalkyl::format(D("0"), sv()) == "0");
        CHECK(kalkyl::format(D("0.00"), sv()) == "0,00");
        CHECK(kalkyl::format(D("-0.005"), sv()) == "-0,005");
        CHECK(kalkyl::format(D("-23.5"), sv()) == "-23,5");
    }

    TEST_CASE("C writes 1,234.5; grouping ascii_space and none") {
        CHECK(kalkyl::format(D("-1234.5"), c_spec()) == "-1,234.5");
        CHECK(kalkyl::format(D("999"), c_spec()) == "999");
        FormatSpec s = c_spec();
        s.grouping = Grouping::none;
        CHECK(kalkyl::format(D("-1234567.5"), s) == "-1234567.5");
        s.grouping = Grouping::ascii_space;
        CHECK(kalkyl::format(D("-1234567.5"), s) == "-1 234 567.5");
        FormatSpec t = sv();
        t.grouping = Grouping::ascii_space;
        CHECK(kalkyl::format(D("61173"), t) == "61 173");
        t.grouping = Grouping::none;
        CHECK(kalkyl::format(D("61173"), t) == "61173");
    }

    TEST_CASE("the minus sign, parentheses and an explicit plus") {
        FormatSpec s = sv();
        s.minus = MinusSign::unicode;
        CHECK(kalkyl::format(D("-4"), s) == MINUS "4");
        CHECK(kalkyl::format(D("-1234.5"), s) == MINUS "1" NBSP "234,5");
        CHECK(kalkyl::format(D("4"), s) == "4");
        s = sv();
        s.parentheses = true;
        CHECK(kalkyl::format(D("-1234"), s) == "(1" NBSP "234)");
        CHECK(kalkyl::format(D("1234"), s) == "1" NBSP "234");
        s.minus = MinusSign::unicode;  // parentheses take the place of any minus
        CHECK(kalkyl::format(D("-1234"), s) == "(1" NBSP "234)");
        s = sv();
        s.explicit_plus = true;
        CHECK(kalkyl::format(D("1234"), s) == "+1" NBSP "234");
        CHECK(kalkyl::format(D("-12"), s) == "-12");
        CHECK(kalkyl::format(D("0"), s) == "0");
        s.parentheses = true;
        CHECK(kalkyl::format(D("-12"), s) == "(12)");
        CHECK(kalkyl::format(D("12"), s) == "+12");
    }

    TEST_CASE("zero after rounding never gets a sign: -0,04 at one decimal is 0,0") {
        const FormatSpec one = with_decimals(sv(), 1, Rounding::half_up);
        CHECK(kalkyl::format(D("-0.04"), one) == "0,0");
        FormatSpec s = one;
        s.parentheses = true;
        CHECK(kalkyl::format(D("-0.04"), s) == "0,0");
        s = one;
        s.explicit_plus = true;
        CHECK(kalkyl::format(D("0.04"), s) == "0,0");
        s.minus = MinusSign::unicode;
        CHECK(kalkyl::format(D("-0.04"), s) == "0,0");
        CHECK(kalkyl::format(D("-0.04"), with_decimals(sv(), 1, Rounding::floor)) == "-0,1");
        CHECK(kalkyl::format(D("-0.4"), with_decimals(sv(), 0, Rounding::half_even)) == "0");
    }

    TEST_CASE("rounding through format: every mode, both signs, ties and non-ties") {
        struct Row {
            const char* in;
            const char* out[7];  // half_up, half_even, half_down, down, up, floor, ceiling
        };
        const Row rows[] = {
            {"2.5", {"3", "2", "2", "2", "3", "2", "3"}},
            {"3.5", {"4", "4", "3", "3", "4", "3", "4"}},
            {"-2.5", {"-3", "-2", "-2", "-2", "-3", "-3", "-2"}},
            {"-3.5", {"-4", "-4", "-3", "-3", "-4", "-4", "-3"}},
            {"2.51", {"3", "3", "3", "2", "3", "2", "3"}},
            {"-2.49", {"-2", "-2", "-2", "-2", "-3", "-3", "-2"}},
            {"-0.4", {"0", "0", "0", "0", "-1", "-1", "0"}},
            {"0.4", {"0", "0", "0", "0", "1", "0", "1"}},
            {"1999.5",
             {"2" NBSP "000", "2" NBSP "000", "1" NBSP "999", "1" NBSP "999", "2" NBSP "000",
              "1" NBSP "999", "2" NBSP "000"}},
            {"7.000", {"7", "7", "7", "7", "7", "7", "7"}},
            {"-99999999999999999999999999999999999.999",
             {"-100" NBSP "000" NBSP "000" NBSP "000" NBSP "000" NBSP "000" NBSP "000" NBSP
              "000" NBSP "000" NBSP "000" NBSP "000" NBSP "000",
              "-100" NBSP "000" NBSP "000" NBSP "000" NBSP "000" NBSP "000" NBSP "000" NBSP
              "000" NBSP "000" NBSP "000" NBSP "000" NBSP "000",
              "-100" NBSP "000" NBSP "000" NBSP "000" NBSP "000" NBSP "000" NBSP "000" NBSP
              "000" NBSP "000" NBSP "000" NBSP "000" NBSP "000",
              "-99" NBSP "999" NBSP "999" NBSP "999" NBSP "999" NBSP "999" NBSP "999" NBSP
              "999" NBSP "999" NBSP "999" NBSP "999" NBSP "999",
              "-100" NBSP "000" NBSP "000" NBSP "000" NBSP "000" NBSP "000" NBSP "000" NBSP
              "000" NBSP "000" NBSP "000" NBSP "000" NBSP "000",
              "-100" NBSP "000" NBSP "000" NBSP "000" NBSP "000" NBSP "000" NBSP "000" NBSP
              "000" NBSP "000" NBSP "000" NBSP "000" NBSP "000",
              "-99" NBSP "999" NBSP "999" NBSP "999" NBSP "999" NBSP "999" NBSP "999" NBSP
              "999" NBSP "999" NBSP "999" NBSP "999" NBSP "999"}},
        };
        for (const Row& r : rows) {
            for (int mode = 0; mode < 7; ++mode) {
                CAPTURE(r.in);
                CAPTURE(mode);
                CHECK(
                    kalkyl::format(D(r.in), with_decimals(sv(), 0, static_cast<Rounding>(mode))) ==
                    r.out[mode]);
            }
        }
        CHECK(kalkyl::format(D("1.05"), with_decimals(sv(), 1, Rounding::half_even)) == "1,0");
        CHECK(kalkyl::format(D("1.05"), with_decimals(sv(), 1, Rounding::half_up)) == "1,1");
        CHECK(kalkyl::format(D("1.0500000000000000000000000001"),
                             with_decimals(sv(), 1, Rounding::half_even)) == "1,1");
        CHECK(kalkyl::format(D("-1.0500000000000000000000000000"),
                             with_decimals(c_spec(), 1, Rounding::half_down)) == "-1.0");
    }

    TEST_CASE("Uppsala aug 2024 5731: 123 464 / 22 939 shown as 5,4 tkr per vårddygn") {
        const Decimal per_day = kalkyl::divide(D("123464"), D("22939"), 10, Rounding::half_up);
        CHECK(kalkyl::format(per_day, with_decimals(sv(), 1, Rounding::half_up)) == "5,4");
        // The same figure from kronor: divide by 10^3 for tkr, then round once.
        FormatSpec s = with_decimals(sv(), 1, Rounding::half_up);
        s.unit = Unit::tkr;
        CHECK(kalkyl::format(D("5382.27"), s) == "5,4");
        CHECK(kalkyl::format(D("-23500000"), [] {
                  FormatSpec m = sv();
                  m.unit = Unit::mnkr;
                  m.decimals = 1;
                  m.rounding = Rounding::half_up;
                  return m;
              }()) == "-23,5");
    }

    TEST_CASE("units divide exactly before the one rounding: kr, tkr, mnkr") {
        FormatSpec s = sv();
        s.unit = Unit::tkr;
        CHECK(kalkyl::format(D("123464000"), s) == "123" NBSP "464,000");
        CHECK(kalkyl::format(D("1234.5"), s) == "1,2345");
        s.unit = Unit::mnkr;
        CHECK(kalkyl::format(D("-23500000"), s) == "-23,500000");
        CHECK(kalkyl::format(D("950000000"), with_decimals(s, 0, Rounding::half_up)) == "950");
        // Round once from the exact value: 1 449 999 kr is 1,449999 mnkr -> 1,4, not 1,45 -> 1,5.
        CHECK(kalkyl::format(D("1449999"), with_decimals(s, 1, Rounding::half_up)) == "1,4");
        CHECK(kalkyl::format(D("1450000"), with_decimals(s, 1, Rounding::half_up)) == "1,5");
        // Past scale 28 the own scale cannot be written without a rounding mode.
        const Decimal tiny = D("0.0000000000000000000000000001");
        CHECK(error_of([&] { (void)kalkyl::format(tiny, s); }) == Errc::invalid);
        CHECK(contains(message_of([&] { (void)kalkyl::format(tiny, s); }), "name a rounding mode"));
        FormatSpec r = s;
        r.rounding = Rounding::up;
        CHECK(kalkyl::format(tiny, r) == "0," + std::string(27, '0') + "1");
        r.rounding = Rounding::half_up;
        CHECK(kalkyl::format(tiny, r) == "0," + std::string(28, '0'));
    }

    TEST_CASE("dropping digits without a rounding mode is refused; adding zeros is exact") {
        CHECK(error_of([] {
                  (void)kalkyl::format(D("1.25"), with_decimals(sv(), 1, std::nullopt));
              }) == Errc::invalid);
        // Structural, not data-dependent: 1,50 at one decimal needs a mode too.
        CHECK(error_of([] {
                  (void)kalkyl::format(D("1.50"), with_decimals(sv(), 1, std::nullopt));
              }) == Errc::invalid);
        CHECK(contains(message_of([] {
                           (void)kalkyl::format(D("1.25"), with_decimals(sv(), 1, std::nullopt));
                       }),
                       "name a rounding mode"));
        CHECK(kalkyl::format(D("1.5"), with_decimals(sv(), 3, std::nullopt)) == "1,500");
        CHECK(kalkyl::format(D("-7"), with_decimals(c_spec(), 2, std::nullopt)) == "-7.00");
        CHECK(kalkyl::format(D("0"), with_decimals(sv(), 28, std::nullopt)) ==
              "0," + std::string(28, '0'));
        // Padding past 38 digits would not read back: overflow.
        const Decimal big = Decimal::from_mantissa(kalkyl::detail::max_mantissa, 0);
        CHECK(error_of([&] { (void)kalkyl::format(big, with_decimals(sv(), 1, std::nullopt)); }) ==
              Errc::overflow);
        CHECK(error_of([&] {
                  (void)kalkyl::format(D("10000000000"), with_decimals(sv(), 28, std::nullopt));
              }) == Errc::overflow);
        CHECK(kalkyl::format(D("999999999"), with_decimals(c_spec(), 28, std::nullopt)) ==
              "999,999,999." + std::string(28, '0'));
    }

    TEST_CASE("the edges: 38 digits, scale 28, both signs") {
        const Decimal big = Decimal::from_mantissa(kalkyl::detail::max_mantissa, 0);
        FormatSpec plain = sv();
        plain.grouping = Grouping::none;
        CHECK(kalkyl::format(big, plain) == std::string(38, '9'));
        CHECK(kalkyl::format(-big, plain) == "-" + std::string(38, '9'));
        const Decimal small = Decimal::from_mantissa(-kalkyl::detail::max_mantissa, 28);
        CHECK(kalkyl::format(small, plain) == "-9999999999," + std::string(28, '9'));
        CHECK(kalkyl::format(small, sv()) ==
              "-9" NBSP "999" NBSP "999" NBSP "999," + std::string(28, '9'));
        CHECK(kalkyl::parse(kalkyl::format(small, sv()), Locale::sv_SE) == small);
        CHECK(kalkyl::parse(kalkyl::format(big, c_spec()), Locale::c) == big);
        // 2^64 and around it: the 64-bit and 128-bit digit paths meet.
        CHECK(kalkyl::format(D("18446744073709551615"), plain) == "18446744073709551615");
        CHECK(kalkyl::format(D("18446744073709551616"), plain) == "18446744073709551616");
        CHECK(kalkyl::format(D("10000000000000000000"), plain) == "10000000000000000000");
        CHECK(kalkyl::format(D("100000000000000000000.5"), plain) == "100000000000000000000,5");
    }

    TEST_CASE("a spec field out of range is Error(invalid) naming the field") {
        const auto refused = [](FormatSpec s, const char* field) {
            CAPTURE(field);
            CHECK(error_of([&] { (void)kalkyl::format(D("1"), s); }) == Errc::invalid);
            CHECK(contains(message_of([&] { (void)kalkyl::format(D("1"), s); }), field));
        };
        FormatSpec s = sv();
        s.locale = Locale::automatic;
        refused(s, "FormatSpec.locale");
        s.locale = static_cast<Locale>(3);
        refused(s, "FormatSpec.locale");
        s = sv();
        s.decimals = -2;
        refused(s, "FormatSpec.decimals");
        s.decimals = 29;
        refused(s, "FormatSpec.decimals");
        s = sv();
        s.rounding = static_cast<Rounding>(7);
        refused(s, "FormatSpec.rounding");
        s = sv();
        s.unit = static_cast<Unit>(2);
        refused(s, "FormatSpec.unit");
        s = sv();
        s.grouping = static_cast<Grouping>(3);
        refused(s, "FormatSpec.grouping");
        s = sv();
        s.minus = static_cast<MinusSign>(2);
        refused(s, "FormatSpec.minus");
        s = sv();
        s.decimals = 28;
        CHECK(kalkyl::format(D("1"), s) == "1," + std::string(28, '0'));
    }

    TEST_CASE("format_append appends, and leaves the string as it was on error") {
        std::string out = "Resultat: ";
        kalkyl::format_append(out, D("-36"), sv());
        CHECK(out == "Resultat: -36");
        out += "; ";
        kalkyl::format_append(out, D("685"), sv());
        CHECK(out == "Resultat: -36; 685");
        const std::string before = out;
        CHECK(error_of([&] {
                  kalkyl::format_append(out, D("1.25"), with_decimals(sv(), 1, std::nullopt));
              }) == Errc::invalid);
        CHECK(out == before);
        FormatSpec bad = sv();
        bad.locale = Locale::automatic;
        CHECK(error_of([&] { kalkyl::format_append(out, D("1"), bad); }) == Errc::invalid);
        CHECK(error_of([&] {
                  kalkyl::format_append(out,
                                        Decimal::from_mantissa(kalkyl::detail::max_mantissa, 0),
                                        with_decimals(sv(), 2, std::nullopt));
              }) == Errc::overflow);
        CHECK(out == before);
    }

    TEST_CASE("Huddinge budgethållning 3 375 / 422 848 = 0,8 %: Percent and percentage points") {
        const Percent p = Percent::of(D("3375"), D("422848"), 1, Rounding::half_up);
        CHECK(kalkyl::format(p, sv()) == "0,8" NBSP "%");
        CHECK(kalkyl::format(p, c_spec()) == "0.8%");
        CHECK(kalkyl::format(Percent(D("-14.1")), sv()) == "-14,1" NBSP "%");
        FormatSpec parens = sv();
        parens.parentheses = true;
        CHECK(kalkyl::format(Percent(D("-14.1")), parens) == "(14,1" NBSP "%)");
        FormatSpec ascii = sv();
        ascii.grouping = Grouping::ascii_space;
        CHECK(kalkyl::format(Percent(D("85.8")), ascii) == "85,8 %");
        CHECK(kalkyl::format(Percent(D("85.84")), with_decimals(sv(), 1, Rounding::half_up)) ==
              "85,8" NBSP "%");
        const PercentagePoints pp = Percent(D("14.1")) - Percent(D("13.0"));
        CHECK(kalkyl::format(pp, sv()) == "1,1" NBSP "procentenheter");
        CHECK(kalkyl::format(pp, c_spec()) == "1.1 percentage points");
        CHECK(kalkyl::format(PercentagePoints(D("1")), sv()) == "1" NBSP "procentenhet");
        CHECK(kalkyl::format(PercentagePoints(D("-1")), c_spec()) == "-1 percentage point");
        CHECK(kalkyl::format(PercentagePoints(D("1.0")), c_spec()) == "1.0 percentage points");
        FormatSpec tkr = sv();
        tkr.unit = Unit::tkr;
        CHECK(error_of([&] { (void)kalkyl::format(p, tkr); }) == Errc::invalid);
        CHECK(error_of([&] { (void)kalkyl::format(pp, tkr); }) == Errc::invalid);
        CHECK(contains(message_of([&] { (void)kalkyl::format(p, tkr); }), "FormatSpec.unit"));
    }

    // --- amounts with units, percentages ------------------------------------------------

    TEST_CASE("parse_amount: 1 234 tkr, -3,5 mnkr, 61 173 kr, 2 mkr, in kronor exactly") {
        const auto a = [](const char* t, Locale l = Locale::sv_SE) {
            return kalkyl::parse_amount(t, l);
        };
        CHECK(a("1 234 tkr") == D("1234000"));
        CHECK(a("1 234 tkr").scale() == 0);
        CHECK(a("-3,5 mnkr") == D("-3500000"));
        CHECK(a("-3,5 mnkr").scale() == 0);
        CHECK(a("61 173 kr") == D("61173"));
        CHECK(a("2 mkr") == D("2000000"));
        CHECK(a("12kr") == D("12"));
        CHECK(a("1,2345 tkr").to_string() == "1234.5");  // mantissa kept, scale lowered
        CHECK(a("0,000001 mnkr").to_string() == "1");
        CHECK(a("1 234") == D("1234"));
        CHECK(a("(1 234) tkr") == D("-1234000"));
        CHECK(a("(1 234 tkr)") == D("-1234000"));
        CHECK(a("(1 234)") == D("-1234"));
        CHECK(a("  - 196,6" NBSP "mnkr  ") == D("-196600000"));
        CHECK(a("-1,234.5 tkr", Locale::c) == D("-1234500"));
        CHECK(a("7 tkr", Locale::automatic) == D("7000"));
        // Kept to kr, tkr, mnkr and mkr, lower case: anything else is refused.
        for (const char* t :
             {"5 Mkr", "5 MSEK", "5 kronor", "5 tkr tkr", "5 t kr", "5 tkr.", "tkr", "5 %"}) {
            CAPTURE(t);
            CHECK(error_of([&] { (void)a(t); }) == Errc::parse);
        }
        CHECK(contains(message_of([&] { (void)a("5 kronor"); }),
                       "at byte offset 2, only a unit may follow"));
        CHECK(error_of([&] { (void)a("7.0 tkr"); }) == Errc::parse);
        CHECK(error_of([&] { (void)a("1.234 tkr", Locale::automatic); }) == Errc::ambiguous);
        CHECK(contains(message_of([&] { (void)a("1.234 tkr", Locale::automatic); }),
                       "as 1234000 in sv-SE"));
        // 33 digits in mnkr is 39 in kronor.
        CHECK(error_of([&] { (void)a("100000000000000000000000000000000 mnkr"); }) ==
              Errc::overflow);
        CHECK(a("10000000000000000000000000000000 mnkr") ==
              Decimal::from_mantissa(kalkyl::detail::pow10(37), 0));
    }

    TEST_CASE("parse_percent: 0,8 %, 85,8 procent, 7,0%; sv-SE refuses 7.0% as it refuses 7.0") {
        const auto p = [](const char* t, Locale l = Locale::sv_SE) {
            return kalkyl::parse_percent(t, l).value();
        };
        CHECK(p("0,8 %") == D("0.8"));
        CHECK(p("0,8" NBSP "%") == D("0.8"));
        CHECK(p("85,8 procent") == D("85.8"));
        CHECK(p("7,0%") == D("7.0"));
        CHECK(p("-10%") == D("-10"));
        CHECK(p("(14,1 %)") == D("-14.1"));
        CHECK(p("0.8%", Locale::c) == D("0.8"));
        CHECK(p("100 %") == D("100"));
        // A bare number is not a percentage: it could as well be a ratio.
        for (const char* t : {"0,8", "0,8 procentenheter", "0,8 %%", "0,8%*", "% 0,8", "7.0%"}) {
            CAPTURE(t);
            CHECK(error_of([&] { (void)p(t); }) == Errc::parse);
        }
        CHECK(contains(message_of([&] { (void)p("0,8"); }), "as an sv-SE percentage"));
        CHECK(contains(message_of([&] { (void)p("0,8"); }),
                       "a percentage ends with % or the word procent"));
    }

    TEST_CASE("round trip: every flag combination writes text that reads back") {
        const Decimal values[] = {D("0"),
                                  D("-0.00"),
                                  D("7"),
                                  D("-7"),
                                  D("1500"),
                                  D("-1234567.89"),
                                  D("0.0000000000000000000000000001"),
                                  Decimal::from_mantissa(kalkyl::detail::max_mantissa, 0),
                                  Decimal::from_mantissa(-kalkyl::detail::max_mantissa, 28),
                                  D("-999.5"),
                                  D("1000")};
        int checked = 0;
        for (const Decimal& v : values) {
            for (int locale = 0; locale < 2; ++locale) {
                for (int grouping = 0; grouping < 3; ++grouping) {
                    for (int flags = 0; flags < 8; ++flags) {
                        FormatSpec s;
                        s.locale = static_cast<Locale>(locale);
                        s.grouping = static_cast<Grouping>(grouping);
                        s.minus = (flags & 1) ? MinusSign::unicode : MinusSign::hyphen;
                        s.parentheses = (flags & 2) != 0;
                        s.explicit_plus = (flags & 4) != 0;
                        const std::string text = kalkyl::format(v, s);
                        CAPTURE(text);
                        const Decimal back = kalkyl::parse(text, s.locale);
                        CHECK(back == v);
                        CHECK(back.scale() == v.scale());
                        CHECK(kalkyl::parse_percent(kalkyl::format(Percent(v), s), s.locale) ==
                              Percent(v));
                        ++checked;
                    }
                }
            }
        }
        CHECK(checked == 11 * 2 * 3 * 8);
    }
}

// --- the seeds ----------------------------------------------------------------------------

namespace {

std::string strip_tags(const std::string& cell) {
    std::string out;
    bool in_tag = false;
    for (const char ch : cell) {
        if (ch == '<')
            in_tag = true;
        else if (ch == '>')
            in_tag = false;
        else if (!in_tag)
            out += ch;
    }
    const auto first = out.find_first_not_of(" \t\r");
    if (first == std::string::npos) return "";
    const auto last = out.find_last_not_of(" \t\r");
    return out.substr(first, last - first + 1);
}

bool has_digit(const std::string& s) {
    return s.find_first_of("0123456789") != std::string::npos;
}

// Only the characters a number, its sign, groups, mark, parentheses, a
// percent sign and a footnote star are made of.
bool numeric_chars(const std::string& s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto ch = static_cast<unsigned char>(s[i]);
        if (std::string_view("0123456789 +-,.()%*").find(static_cast<char>(ch)) !=
            std::string_view::npos)
            continue;
        if (s.compare(i, 2, NBSP) == 0) {
            ++i;
            continue;
        }
        if (s.compare(i, 3, NNBSP) == 0 || s.compare(i, 3, MINUS) == 0) {
            i += 2;
            continue;
        }
        return false;
    }
    return has_digit(s);
}

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// The value of an sv-SE cell read independently of the text layer: sign,
// digits, and the digits after the comma as the scale.
Decimal reference_value(const std::string& cell) {
    std::string c = "";
    bool negative = cell.find('-') != std::string::npos || cell.find(MINUS) != std::string::npos ||
                    cell.find('(') != std::string::npos;
    if (negative) c += '-';
    for (const char ch : cell) {
        if (ch >= '0' && ch <= '9') c += ch;
        if (ch == ',') c += '.';
    }
    return D(c.c_str());
}

}  // namespace

TEST_SUITE("text") {
    TEST_CASE("every numeric cell of the seeds' tables reads in sv-SE") {
        // tests/data/seed_table_cells.tsv: the cells as the reports print them,
        // one a line: report, table, line, cell.
        int amounts = 0, percentages = 0, dot_percentages = 0, footnotes = 0;
        const std::filesystem::path cells_file =
            std::filesystem::path(KALKYL_TEST_DATA_DIR) / "seed_table_cells.tsv";
        std::ifstream in(cells_file);
        REQUIRE_MESSAGE(in.is_open(), "cannot read " << cells_file.string());
        std::string line;
        int line_number = 0;
        while (std::getline(in, line)) {
            ++line_number;
            if (line.empty() || line[0] == '#') continue;
            std::vector<std::string> fields;
            for (std::size_t start = 0;;) {
                const std::size_t tab = line.find('\t', start);
                fields.push_back(line.substr(start, tab - start));
                if (tab == std::string::npos) break;
                start = tab + 1;
            }
            CAPTURE(line_number);
            REQUIRE(fields.size() == 4);
            const std::string& report = fields[0];
            const std::string& table = fields[1];
            const std::string& cell = fields[3];
            const bool procent =
                ends_with(cell, " procent") && numeric_chars(cell.substr(0, cell.size() - 8));
            REQUIRE_MESSAGE((procent || numeric_chars(cell)), "not a numeric cell: " << cell);
            CAPTURE(report);
            CAPTURE(table);
            CAPTURE(fields[2]);
            CAPTURE(cell);
            if (cell.find('*') != std::string::npos) {
                // Footnote marks ("21 *", "0,8%*") are not part of the
                // number: refused as they stand, read without the star.
                ++footnotes;
                CHECK(!kalkyl::try_parse(cell, Locale::sv_SE));
                CHECK(error_of([&] { (void)kalkyl::parse_percent(cell, Locale::sv_SE); }) ==
                      Errc::parse);
                const std::string bare = strip_tags(cell.substr(0, cell.find('*')));
                if (ends_with(bare, "%"))
                    CHECK(kalkyl::parse_percent(bare, Locale::sv_SE).value() ==
                          reference_value(bare));
                else
                    CHECK(kalkyl::parse(bare, Locale::sv_SE) == reference_value(bare));
            } else if (procent || ends_with(cell, "%")) {
                if (cell.find('.') != std::string::npos) {
                    // Eskilstuna's "7.0%", "-0.5%": a dot where Swedish
                    // wants a comma. sv-SE refuses it at the dot, as it
                    // refuses "7.0"; C and automatic read it.
                    ++dot_percentages;
                    CHECK(error_of([&] { (void)kalkyl::parse_percent(cell, Locale::sv_SE); }) ==
                          Errc::parse);
                    const Percent c = kalkyl::parse_percent(cell, Locale::c);
                    CHECK(kalkyl::parse_percent(cell, Locale::automatic) == c);
                    CHECK(c.value().scale() == 1);
                } else {
                    ++percentages;
                    CHECK(kalkyl::parse_percent(cell, Locale::sv_SE).value() ==
                          reference_value(cell));
                    CHECK(kalkyl::parse_percent(cell, Locale::sv_SE).value().scale() ==
                          reference_value(cell).scale());
                }
            } else {
                ++amounts;
                const kalkyl::ParseResult r = kalkyl::try_parse(cell, Locale::sv_SE);
                CHECK(r);
                CHECK(r.value == reference_value(cell));
                CHECK(r.value.scale() == reference_value(cell).scale());
            }
        }
        MESSAGE("seeds: " << amounts << " amounts, " << percentages << " percentages, "
                          << dot_percentages << " percentages with a dot, " << footnotes
                          << " cells with a footnote star");
        CHECK(amounts > 400);
        CHECK(percentages > 40);
        CHECK(dot_percentages > 5);
        CHECK(footnotes == 2);
    }

    TEST_CASE("Uppsala 2024 nyckeltal prints 178.503 tkr: the dot groups of the year-end report") {
        // 002_31e8e90355d16209.txt, "1) Kostnad per vårddygn på institution".
        CHECK(kalkyl::parse("178.503", Locale::sv_SE) == D("178503"));
        CHECK(kalkyl::parse("4.328", Locale::sv_SE) == D("4328"));
        CHECK(kalkyl::parse("174.176", Locale::sv_SE) == D("174176"));
        CHECK(kalkyl::parse("32.380", Locale::sv_SE) == D("32380"));
        CHECK(kalkyl::parse("5,4", Locale::sv_SE) == D("5.4"));
        // Nettokostnad = totala kostnader − övriga intäkter (the report rounds kronor one by one).
        CHECK(kalkyl::parse("178.503", Locale::sv_SE) - kalkyl::parse("4.328", Locale::sv_SE) ==
              D("174175"));
        CHECK(kalkyl::parse_amount("178.503 tkr", Locale::sv_SE) == D("178503000"));
        CHECK(kalkyl::try_parse("178.503", Locale::automatic).code == Errc::ambiguous);
    }
}

// --- property: format then parse gives back the value -----------------------------------

namespace {

using boost::multiprecision::cpp_int;

std::uint64_t env_or(const char* name, std::uint64_t fallback) {
    const char* v = std::getenv(name);
    return v ? std::strtoull(v, nullptr, 10) : fallback;
}

cpp_int to_cpp(kalkyl::int128_t m) {
    const bool neg = m < 0;
    kalkyl::uint128_t u = neg ? kalkyl::uint128_t(0) - static_cast<kalkyl::uint128_t>(m)
                              : static_cast<kalkyl::uint128_t>(m);
    cpp_int r = static_cast<std::uint64_t>(u >> 64);
    r <<= 64;
    r += static_cast<std::uint64_t>(u);
    return neg ? cpp_int(-r) : r;
}

kalkyl::int128_t from_cpp(const cpp_int& c) {
    const bool neg = c < 0;
    const cpp_int a = neg ? cpp_int(-c) : c;
    const auto lo = static_cast<std::uint64_t>(a & cpp_int(~std::uint64_t(0)));
    const auto hi = static_cast<std::uint64_t>(a >> 64);
    const auto u = (static_cast<kalkyl::uint128_t>(hi) << 64) | lo;
    return neg ? -static_cast<kalkyl::int128_t>(u) : static_cast<kalkyl::int128_t>(u);
}

cpp_int pow10_cpp(int k) {
    cpp_int p = 1;
    for (int i = 0; i < k; ++i)
        p *= 10;
    return p;
}

// n / d (d > 0) rounded by `mode`: floor division, then the mode's rule,
// written independently of src/text.cpp.
cpp_int reference_round(const cpp_int& n, const cpp_int& d, Rounding mode) {
    cpp_int fl = n / d;
    if (n % d != 0 && n < 0) fl -= 1;
    const cpp_int rem = n - fl * d;
    if (rem == 0) return fl;
    const bool neg = n < 0;
    const cpp_int twice = rem * 2;
    switch (mode) {
        case Rounding::floor:
            return fl;
        case Rounding::ceiling:
            return fl + 1;
        case Rounding::down:
            return neg ? fl + 1 : fl;
        case Rounding::up:
            return neg ? fl : fl + 1;
        case Rounding::half_up:
            if (twice == d) return neg ? fl : fl + 1;
            return twice > d ? fl + 1 : fl;
        case Rounding::half_down:
            if (twice == d) return neg ? fl + 1 : fl;
            return twice > d ? fl + 1 : fl;
        case Rounding::half_even:
            if (twice == d) return (fl % 2 == 0) ? fl : fl + 1;
            return twice > d ? fl + 1 : fl;
    }
    return fl;
}

class Generator {
  public:
    explicit Generator(std::uint64_t seed) : rng_(seed) {}

    Decimal decimal() {
        const int scale = static_cast<int>(rng_() % 29);
        int digits;
        switch (rng_() % 4) {
            case 0:
                digits = static_cast<int>(rng_() % 4);
                break;  // small
            case 1:
                digits = 36 + static_cast<int>(rng_() % 3);
                break;  // the 38-digit edge
            default:
                digits = static_cast<int>(rng_() % 39);
                break;
        }
        kalkyl::int128_t m = 0;
        for (int i = 0; i < digits; ++i)
            m = m * 10 + static_cast<int>(rng_() % 10);
        if (rng_() % 2) m = -m;
        return Decimal::from_mantissa(m, scale);
    }

    FormatSpec spec(const Decimal& v) {
        FormatSpec s;
        s.locale = rng_() % 2 ? Locale::sv_SE : Locale::c;
        s.unit = static_cast<Unit>(3 * static_cast<int>(rng_() % 3));
        s.grouping = static_cast<Grouping>(rng_() % 3);
        s.minus = static_cast<MinusSign>(rng_() % 2);
        s.parentheses = rng_() % 2;
        s.explicit_plus = rng_() % 2;
        const int shown = v.scale() + static_cast<int>(s.unit);
        switch (rng_() % 3) {
            case 0:
                s.decimals = -1;
                break;
            case 1:
                s.decimals = std::min(28, shown + static_cast<int>(rng_() % 4));
                break;
            default:
                s.decimals = static_cast<int>(rng_() % 29);
                break;
        }
        if (rng_() % 4 != 0) s.rounding = static_cast<Rounding>(rng_() % 7);
        return s;
    }

  private:
    std::mt19937_64 rng_;
};

}  // namespace

TEST_SUITE("text") {
    TEST_CASE("property: format then parse gives back the value, or the value rounded once") {
        const std::uint64_t seed = env_or("KALKYL_PROPERTY_SEED", std::random_device{}());
        const std::uint64_t cases = env_or("KALKYL_PROPERTY_CASES", 20000);
        std::printf("text property: seed %llu, %llu cases (replay: KALKYL_PROPERTY_SEED=%llu)\n",
                    static_cast<unsigned long long>(seed), static_cast<unsigned long long>(cases),
                    static_cast<unsigned long long>(seed));
        Generator g(seed);
        std::uint64_t exact = 0, rounded = 0, refused = 0;
        for (std::uint64_t i = 0; i < cases; ++i) {
            const Decimal v = g.decimal();
            const FormatSpec s = g.spec(v);
            CAPTURE(seed);
            CAPTURE(i);
            CAPTURE(v.to_string());
            CAPTURE(s.decimals);
            CAPTURE(static_cast<int>(s.unit));
            const int shown = v.scale() + static_cast<int>(s.unit);
            const int decimals = s.decimals >= 0 ? s.decimals : std::min(shown, 28);
            // The expected value at `decimals` decimals, from cpp_int.
            const cpp_int m = to_cpp(v.mantissa());
            cpp_int want;
            Errc want_code = Errc::ok;
            if (decimals < shown) {
                if (!s.rounding)
                    want_code = Errc::invalid;
                else
                    want = reference_round(m, pow10_cpp(shown - decimals), *s.rounding);
            } else {
                want = m * pow10_cpp(decimals - shown);
                if (abs(want) >= pow10_cpp(38)) want_code = Errc::overflow;
            }
            std::string text = "prefix ";
            const Errc got_code = error_of([&] { kalkyl::format_append(text, v, s); });
            REQUIRE(got_code == want_code);
            if (got_code != Errc::ok) {
                REQUIRE(text == "prefix ");
                ++refused;
                continue;
            }
            REQUIRE(text.compare(0, 7, "prefix ") == 0);
            text.erase(0, 7);
            CAPTURE(text);
            const Decimal expected = Decimal::from_mantissa(from_cpp(want), decimals);
            const kalkyl::ParseResult back = kalkyl::try_parse(text, s.locale);
            REQUIRE(back.code == Errc::ok);
            REQUIRE(back.value == expected);
            REQUIRE(back.value.scale() == decimals);
            if (decimals < shown)
                ++rounded;
            else
                ++exact;
            // Zero is never signed; a negative is marked exactly one way.
            if (expected.is_zero()) REQUIRE(text.find_first_of("-+(") == std::string::npos);
            // Read without knowing the profile: the same value, or ambiguous.
            const kalkyl::ParseResult a = kalkyl::try_parse(text, Locale::automatic);
            REQUIRE((a.code == Errc::ambiguous || (a && a.value == expected)));
            // A percentage reads back the same way.
            if (s.unit == Unit::kr) {
                const std::string pt = kalkyl::format(Percent(v), s);
                CAPTURE(pt);
                REQUIRE(kalkyl::parse_percent(pt, s.locale) == Percent(expected));
            }
        }
        MESSAGE("text property: " << exact << " exact, " << rounded << " rounded, " << refused
                                  << " refused");
        CHECK(exact > 0);
        CHECK(rounded > 0);
        CHECK(refused > 0);
    }

    TEST_CASE("property: the fast path and the general reader agree on any text") {
        // try_parse reads the common amount on a fast path and everything else
        // with the general reader; a leading space always takes the general
        // one. Both must give the same value, or the same refusal one byte on.
        const std::uint64_t seed = env_or("KALKYL_PROPERTY_SEED", std::random_device{}());
        const std::uint64_t cases = env_or("KALKYL_PROPERTY_CASES", 20000) * 5;
        std::printf(
            "text fast path property: seed %llu, %llu cases (replay: KALKYL_PROPERTY_SEED=%llu)\n",
            static_cast<unsigned long long>(seed), static_cast<unsigned long long>(cases),
            static_cast<unsigned long long>(seed));
        static const char* const pieces[] = {
            "0",     "1",    "5",        "9",  "12",         "123",  "999", "9999999999", "-",
            "+",     MINUS,  " ",        NBSP, NNBSP,        "\t",   ".",   ",",          ",",
            ".",     "(",    ")",        "%",  "kr",         "\xC2", "e",   "\xE2",       "12,5",
            "1.234", " 234", NBSP "234", "00", "0000000000", ",50"};
        constexpr std::size_t piece_count = sizeof pieces / sizeof pieces[0];
        std::mt19937_64 rng(seed);
        std::uint64_t accepted = 0;
        for (std::uint64_t i = 0; i < cases; ++i) {
            std::string text;
            const int n = 1 + static_cast<int>(rng() % 10);
            for (int k = 0; k < n; ++k)
                text += pieces[rng() % piece_count];
            const Locale locale = static_cast<Locale>(rng() % 3);
            CAPTURE(seed);
            CAPTURE(text);
            CAPTURE(static_cast<int>(locale));
            const kalkyl::ParseResult fast = kalkyl::try_parse(text, locale);
            const kalkyl::ParseResult general = kalkyl::try_parse(" " + text, locale);
            REQUIRE(fast.code == general.code);
            if (fast) {
                ++accepted;
                REQUIRE(fast.value == general.value);
                REQUIRE(fast.value.scale() == general.value.scale());
                REQUIRE(fast.reason == nullptr);
            } else {
                REQUIRE(fast.position <= text.size());
                REQUIRE(fast.value.is_zero());
                REQUIRE(general.position == fast.position + 1);
                REQUIRE(std::string(fast.reason) == general.reason);
            }
        }
        MESSAGE("text fast path property: " << accepted << " of " << cases << " texts read");
        CHECK(accepted > 0);
    }
}
