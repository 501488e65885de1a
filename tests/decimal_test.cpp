// Tests of kalkyl/decimal.hpp: exact arithmetic, rounding, division, sums,
// and the errors at the edges (38 digits, scale 28).

#include "kalkyl/decimal.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <unordered_set>
#include <vector>

using kalkyl::Decimal;
using kalkyl::Errc;
using kalkyl::Rounding;

namespace {

using kalkyl::test::D;

// 38 nines at the given scale.
Decimal max_at(int scale) {
    return Decimal::from_mantissa(kalkyl::detail::max_mantissa, scale);
}

using kalkyl::test::error_of;

}  // namespace

TEST_SUITE("decimal") {
    TEST_CASE("construction keeps the mantissa and the scale") {
        const Decimal d(123456, 2);
        CHECK(d.scale() == 2);
        CHECK(d.mantissa() == 123456);
        CHECK(d.to_string() == "1234.56");
        CHECK(Decimal().to_string() == "0");
        CHECK(Decimal(-5, 3).to_string() == "-0.005");
        CHECK(Decimal(0, 2).to_string() == "0.00");
        CHECK(Decimal(std::numeric_limits<std::int64_t>::min(), 0).to_string() ==
              "-9223372036854775808");
        CHECK(max_at(0).to_string() == "99999999999999999999999999999999999999");
        CHECK(max_at(28).to_string() == "9999999999.9999999999999999999999999999");
    }

    TEST_CASE("a scale outside 0..28 and a 39-digit mantissa are errors") {
        CHECK(error_of([] { (void)Decimal(1, -1); }) == Errc::scale);
        CHECK(error_of([] { (void)Decimal(1, 29); }) == Errc::scale);
        CHECK(error_of([] { (void)Decimal::from_mantissa(kalkyl::detail::pow10(38), 0); }) ==
              Errc::overflow);
        CHECK(error_of([] { (void)Decimal::from_mantissa(-kalkyl::detail::pow10(38), 0); }) ==
              Errc::overflow);
        CHECK(error_of([] { (void)Decimal::from_mantissa(kalkyl::detail::max_mantissa, 28); }) ==
              Errc::ok);
    }

    TEST_CASE("from_parts reads the two's-complement halves of kalkyl_dec") {
        const Decimal d = D("-1234.56");
        const Decimal e = Decimal::from_parts(d.mantissa_lo(), d.mantissa_hi(), 2);
        CHECK(e == d);
        CHECK(e.mantissa() == -123456);
        const Decimal big = max_at(0);
        CHECK(Decimal::from_parts(big.mantissa_lo(), big.mantissa_hi(), 0) == big);
    }

    TEST_CASE("equal values compare equal whatever their scale: 1,50 == 1,5") {
        CHECK(D("1.50") == D("1.5"));
        CHECK(D("0.000") == Decimal());
        CHECK(D("-0.10") == D("-0.1"));
        CHECK(D("1.50") != D("1.51"));
        CHECK(D("1.5") < D("1.51"));
        CHECK(D("-1.5") < D("-1.49"));
        CHECK(D("-1.5") < D("0"));
        CHECK((D("2") <=> D("2.000")) == std::strong_ordering::equal);
        // Alignment that overflows 128 bits still orders correctly.
        CHECK(max_at(0) > D("1.0000000000000000000000000001"));
        CHECK(-max_at(0) < D("-1.0000000000000000000000000001"));
        CHECK(max_at(28) < max_at(0));
    }

    TEST_CASE("the hash agrees with equality") {
        std::hash<Decimal> h;
        CHECK(h(D("1.50")) == h(D("1.5")));
        CHECK(h(D("0.00")) == h(Decimal()));
        CHECK(h(D("-7.000")) == h(D("-7")));
        std::unordered_set<Decimal> set{D("1.5"), D("1.50"), D("1.500"), D("2")};
        CHECK(set.size() == 2);
    }

    TEST_CASE("add and subtract are exact at the larger scale") {
        CHECK((D("1.5") + D("2.25")).to_string() == "3.75");
        CHECK((D("1.50") + D("2.50")).to_string() == "4.00");
        CHECK((D("124998") - D("1534")).to_string() ==
              "123464");  // Uppsala aug 2024, 5731 nettokostnad
        CHECK((D("-0.1") - D("0.2")).to_string() == "-0.3");
        CHECK((D("0.1") + D("0.2")) == D("0.3"));  // what binary floating point gets wrong
        CHECK((D("1") + D("0.0000000000000000000000000001")).to_string() ==
              "1.0000000000000000000000000001");
    }

    TEST_CASE("add lowers the scale only by dropping trailing zeros") {
        // 10^37 + 1,0: the exact sum needs 39 digits at scale 1, 38 at scale 0.
        const Decimal big = Decimal::from_mantissa(kalkyl::detail::pow10(37), 0);
        const Decimal r = big + D("1.0");
        CHECK(r.scale() == 0);
        CHECK(r == Decimal::from_mantissa(kalkyl::detail::pow10(37) + 1, 0));
        // ... but 10^37 + 1,5 fits nowhere.
        CHECK(error_of([&] { (void)(big + D("1.5")); }) == Errc::overflow);
    }

    TEST_CASE("overflow at 38 digits is an error, never a wrap") {
        CHECK(error_of([] { (void)(max_at(0) + D("1")); }) == Errc::overflow);
        CHECK(error_of([] { (void)(-max_at(0) - D("1")); }) == Errc::overflow);
        CHECK(error_of([] { (void)(max_at(0) + max_at(0)); }) == Errc::overflow);
        CHECK((max_at(0) - max_at(0)).is_zero());
        CHECK(error_of([] { (void)(max_at(0) * D("2")); }) == Errc::overflow);
        CHECK(error_of([] { (void)(max_at(10) * max_at(10)); }) == Errc::overflow);
    }

    TEST_CASE("multiply is exact at the sum of the scales") {
        CHECK((D("1.5") * D("1.5")).to_string() == "2.25");
        CHECK((D("-0.10") * D("3")).to_string() == "-0.30");
        CHECK((D("100") * D("0.008")).to_string() == "0.800");
        // Scale 30 reduced to 28 because the exact product has trailing zeros.
        const Decimal r = D("0.000000000000001000") * D("0.0000000000010");
        CHECK(r.scale() == 28);
        CHECK(r == Decimal::from_mantissa(1, 27));
        // Scale 30 with no trailing zeros to drop: a scale error.
        CHECK(error_of([] { (void)(D("0.000000000000001") * D("0.000000000000001")); }) ==
              Errc::scale);
    }

    TEST_CASE("round: every mode on ties and non-ties, both signs") {
        struct Row {
            const char* in;
            const char* half_up;
            const char* half_even;
            const char* half_down;
            const char* down;
            const char* up;
            const char* floor;
            const char* ceiling;
        };
        // Rounded to scale 0. The ties table of docs/rounding.md.
        const Row rows[] = {
            {"2.5", "3", "2", "2", "2", "3", "2", "3"},
            {"3.5", "4", "4", "3", "3", "4", "3", "4"},
            {"-2.5", "-3", "-2", "-2", "-2", "-3", "-3", "-2"},
            {"-3.5", "-4", "-4", "-3", "-3", "-4", "-4", "-3"},
            {"2.4", "2", "2", "2", "2", "3", "2", "3"},
            {"2.6", "3", "3", "3", "2", "3", "2", "3"},
            {"-2.4", "-2", "-2", "-2", "-2", "-3", "-3", "-2"},
            {"-2.6", "-3", "-3", "-3", "-2", "-3", "-3", "-2"},
            {"0.5", "1", "0", "0", "0", "1", "0", "1"},
            {"-0.5", "-1", "0", "0", "0", "-1", "-1", "0"},
            {"2.50001", "3", "3", "3", "2", "3", "2", "3"},
            {"2.49999", "2", "2", "2", "2", "3", "2", "3"},
            {"7", "7", "7", "7", "7", "7", "7", "7"},
            {"-7.000", "-7", "-7", "-7", "-7", "-7", "-7", "-7"},
        };
        for (const Row& r : rows) {
            CAPTURE(r.in);
            const Decimal v = D(r.in);
            CHECK(v.round(0, Rounding::half_up) == D(r.half_up));
            CHECK(v.round(0, Rounding::half_even) == D(r.half_even));
            CHECK(v.round(0, Rounding::half_down) == D(r.half_down));
            CHECK(v.round(0, Rounding::down) == D(r.down));
            CHECK(v.round(0, Rounding::up) == D(r.up));
            CHECK(v.round(0, Rounding::floor) == D(r.floor));
            CHECK(v.round(0, Rounding::ceiling) == D(r.ceiling));
            CHECK(v.round(0, Rounding::half_up).scale() == 0);
        }
    }

    TEST_CASE("round carries exactly the target scale") {
        CHECK(D("1.5").round(3, Rounding::half_up).to_string() == "1.500");
        CHECK(D("1.2345").round(2, Rounding::half_even).to_string() == "1.23");
        CHECK(D("1.2350").round(2, Rounding::half_even).to_string() == "1.24");
        CHECK(D("-23.45").round(1, Rounding::half_up).to_string() == "-23.5");
        CHECK(D("0.04").round(1, Rounding::half_up).to_string() == "0.0");
        CHECK(error_of([] { (void)max_at(0).round(1, Rounding::half_up); }) == Errc::overflow);
        CHECK(error_of([] { (void)D("1").round(29, Rounding::half_up); }) == Errc::scale);
        CHECK(error_of([] { (void)D("1").round(-1, Rounding::half_up); }) == Errc::scale);
        CHECK(error_of([] { (void)D("1").round(0, static_cast<Rounding>(7)); }) == Errc::invalid);
        // The carry of rounding up lengthens the integer part: 10^10.
        CHECK(max_at(28).round(0, Rounding::half_up) ==
              Decimal::from_mantissa(kalkyl::detail::pow10(10), 0));
    }

    TEST_CASE(
        "divide: Uppsala aug 2024 nettokostnad per vårddygn 5731: 123 464 / 22 939 = 5,4 tkr") {
        CHECK(kalkyl::divide(D("123464"), D("22939"), 1, Rounding::half_up).to_string() == "5.4");
        CHECK(kalkyl::divide(D("60976"), D("5555"), 1, Rounding::half_up).to_string() == "11.0");
        CHECK(kalkyl::divide(D("103948"), D("65605"), 1, Rounding::half_up).to_string() == "1.6");
        CHECK(kalkyl::divide(D("75230"), D("13728"), 1, Rounding::half_up).to_string() == "5.5");
        CHECK(kalkyl::divide(D("3184"), D("162"), 1, Rounding::half_up).to_string() == "19.7");
    }

    TEST_CASE("divide: budgethållning 3 375 / 422 848 = 0,8 % (Huddinge)") {
        CHECK(kalkyl::divide(D("3375") * D("100"), D("422848"), 1, Rounding::half_up).to_string() ==
              "0.8");
    }

    TEST_CASE("divide: KPB Eskilstuna 2022, 41 400 837 / 1 238 = 33 442 kr") {
        CHECK(kalkyl::divide(D("41400837"), D("1238"), 0, Rounding::half_up).to_string() ==
              "33442");
        CHECK(kalkyl::divide(D("41400837"), D("8783"), 0, Rounding::half_up).to_string() == "4714");
        CHECK(kalkyl::divide(D("658914703") - D("103014615"), D("6195"), 0, Rounding::half_up)
                  .to_string() == "89734");
    }

    TEST_CASE("divide is correctly rounded in every mode, both signs") {
        // 1/3, 2/3, -1/3 and exact ties 1/8 at scale 2 (0.125).
        CHECK(kalkyl::divide(D("1"), D("3"), 4, Rounding::half_up).to_string() == "0.3333");
        CHECK(kalkyl::divide(D("2"), D("3"), 4, Rounding::half_up).to_string() == "0.6667");
        CHECK(kalkyl::divide(D("2"), D("3"), 4, Rounding::down).to_string() == "0.6666");
        CHECK(kalkyl::divide(D("-2"), D("3"), 4, Rounding::floor).to_string() == "-0.6667");
        CHECK(kalkyl::divide(D("-2"), D("3"), 4, Rounding::ceiling).to_string() == "-0.6666");
        CHECK(kalkyl::divide(D("1"), D("8"), 2, Rounding::half_up).to_string() == "0.13");
        CHECK(kalkyl::divide(D("1"), D("8"), 2, Rounding::half_even).to_string() == "0.12");
        CHECK(kalkyl::divide(D("1"), D("8"), 2, Rounding::half_down).to_string() == "0.12");
        CHECK(kalkyl::divide(D("-1"), D("8"), 2, Rounding::half_up).to_string() == "-0.13");
        CHECK(kalkyl::divide(D("1"), D("-8"), 2, Rounding::half_even).to_string() == "-0.12");
        CHECK(kalkyl::divide(D("-1"), D("-8"), 2, Rounding::half_up).to_string() == "0.13");
        CHECK(kalkyl::divide(D("3"), D("8"), 2, Rounding::half_even).to_string() == "0.38");
        CHECK(kalkyl::divide(D("1.00"), D("0.0001"), 0, Rounding::half_up).to_string() == "10000");
        CHECK(kalkyl::divide(D("7"), D("7"), 28, Rounding::half_up).to_string() ==
              "1.0000000000000000000000000000");
    }

    TEST_CASE("divide: errors") {
        CHECK(error_of([] { (void)kalkyl::divide(D("1"), D("0.00"), 2, Rounding::half_up); }) ==
              Errc::division_by_zero);
        CHECK(error_of([] { (void)kalkyl::divide(D("1"), D("3"), 29, Rounding::half_up); }) ==
              Errc::scale);
        CHECK(error_of([] { (void)kalkyl::divide(max_at(0), D("0.1"), 0, Rounding::half_up); }) ==
              Errc::overflow);
        CHECK(error_of([] {
                  (void)kalkyl::divide(D("1"), D("3"), 2, static_cast<Rounding>(-1));
              }) == Errc::invalid);
    }

    TEST_CASE("divide: wide operands take the slow path and stay exact") {
        // 10^37 / 3 at scale 0 and a quotient whose numerator needs 10^56.
        const Decimal big = Decimal::from_mantissa(kalkyl::detail::pow10(37), 0);
        CHECK(kalkyl::divide(big, D("3"), 0, Rounding::half_up).to_string() ==
              "3333333333333333333333333333333333333");
        CHECK(kalkyl::divide(D("1"), D("0.0000000000000000000000000003"), 0, Rounding::half_up)
                  .to_string() == "3333333333333333333333333333");
        CHECK(kalkyl::divide(max_at(28), max_at(28), 28, Rounding::half_up) == D("1"));
    }

    TEST_CASE("sum of a column is exact and detects overflow") {
        const std::vector<Decimal> rows{D("0"), D("-3"), D("-4"), D("-21"), D("0"), D("0")};
        CHECK(kalkyl::sum(rows) ==
              D("-28"));  // Uppsala aug 2024 periodens utfall rows (total printed -27)
        CHECK(kalkyl::sum(std::vector<Decimal>{}) == Decimal());
        const std::vector<Decimal> mixed{D("1.5"), D("2.25"), D("-0.125")};
        CHECK(kalkyl::sum(mixed).to_string() == "3.625");
        const std::vector<Decimal> over{max_at(0), D("1")};
        CHECK(error_of([&] { (void)kalkyl::sum(over); }) == Errc::overflow);
        // Intermediate sums may pass 38 digits as long as the total does not.
        const std::vector<Decimal> back{max_at(0), max_at(0), -max_at(0)};
        CHECK(kalkyl::sum(back) == max_at(0));
    }

    TEST_CASE(
        "sum at one scale drops trailing zeros when the total needs 39 digits (fuzz finding)") {
        // Found by tests/fuzz/fuzz_arith.cpp: the one-scale fast path reported
        // overflow where the exact path drops a trailing zero, as + does.
        const Decimal a = D("4005388558918476.8675434576888291911655");
        const Decimal b = D("8151035475294515.5739758720836352081920");
        const std::vector<Decimal> column{-a, -b, -a};
        const Decimal total = kalkyl::sum(column);
        CHECK(total.to_string() == "-16161812593131469.309062787461293590523");
        CHECK(total.scale() == 21);
        const std::vector<Decimal> nines{max_at(0),
                                         max_at(0)};  // 39 digits, no trailing zero: overflow
        CHECK(error_of([&] { (void)kalkyl::sum(nines); }) == Errc::overflow);
    }

    TEST_CASE("sum_units totals integer minor units exactly") {
        const std::vector<std::int64_t> ore{12345, -678, std::numeric_limits<std::int64_t>::max(),
                                            std::numeric_limits<std::int64_t>::min(), -1};
        const Decimal s = kalkyl::sum_units(ore, 2);
        CHECK(s.to_string() == "116.65");  // 12345 - 678 - 1 + (max + min = -1)
        std::vector<std::int64_t> many(3'000'000, std::numeric_limits<std::int64_t>::max());
        const Decimal m = kalkyl::sum_units(many, 0);
        CHECK(m.mantissa() ==
              static_cast<kalkyl::int128_t>(std::numeric_limits<std::int64_t>::max()) * 3'000'000);
        CHECK(error_of([] { (void)kalkyl::sum_units({}, 29); }) == Errc::scale);
    }

    TEST_CASE("to_double is the nearest double, for charts") {
        CHECK(D("-23.5").to_double() == -23.5);
        CHECK(D("0.1").to_double() == 0.1);
        CHECK(D("123464").to_double() == 123464.0);
        CHECK(max_at(0).to_double() == 1e38);
    }

    TEST_CASE("trimmed drops trailing zeros only") {
        CHECK(D("1.500").trimmed().to_string() == "1.5");
        CHECK(D("100").trimmed().to_string() == "100");
        CHECK(D("0.000").trimmed().to_string() == "0");
        CHECK(D("-2.50").trimmed().to_string() == "-2.5");
    }
}
