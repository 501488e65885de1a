// Tests of kalkyl/unitcost.hpp against the seeds' published nyckeltal and KPB
// table, figure for figure, and against hand-computed cases.
//
// Where a published figure differs from the formula applied to its printed
// inputs, the test shows that the rounding of the printed inputs explains it:
// a figure printed in whole tkr (or kr) is within ±0,5 of its true value, so
// true values lie in closed intervals, and the formula applied to those
// intervals must meet the printed result.

#include "kalkyl/unitcost.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include "decimal_print.hpp"

#include <algorithm>
#include <concepts>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

using kalkyl::CareDays;
using kalkyl::CareRecipients;
using kalkyl::CostConcept;
using kalkyl::Decimal;
using kalkyl::Errc;
using kalkyl::Inhabitants;
using kalkyl::KpbKostnad;
using kalkyl::KpbRow;
using kalkyl::Nettokostnad;
using kalkyl::Per;
using kalkyl::Percent;
using kalkyl::PercentagePoints;
using kalkyl::Precision;
using kalkyl::Rounding;
using kalkyl::Unit;
using kalkyl::Users;

namespace {

using kalkyl::test::D;

Decimal I(std::int64_t v) {
    return Decimal(v, 0);
}

using kalkyl::test::error_of;

// A closed interval of possible true values.
struct Interval {
    Decimal lo, hi;
};

// The true value behind a figure printed at whole units (tkr or kr): within
// ±0,5 of it, and never below zero for an amount printed as zero or more.
Interval printed(const Decimal& figure) {
    const Decimal half = D("0.5");
    Decimal lo = figure - half;
    if (figure.signum() >= 0 && lo.signum() < 0) lo = Decimal();
    return {lo, figure + half};
}

Interval minus(const Interval& a, const Interval& b) {
    return {a.lo - b.hi, a.hi - b.lo};
}

std::optional<Interval> meet(const Interval& a, const Interval& b) {
    Interval r{std::max(a.lo, b.lo), std::min(a.hi, b.hi)};
    if (r.lo > r.hi) return std::nullopt;
    return r;
}

// One nyckeltal sheet as printed (tkr).
struct Sheet {
    std::int64_t total_costs;
    std::int64_t other_revenues;
    std::int64_t printed_net_cost;
    std::int64_t volume;
    const char* printed_per_unit;  // tkr, one decimal
};

// The printed nettokostnad agrees with its printed inputs within their
// rounding: the true net cost is in both intervals. Returns the meet (the
// true net cost's possible values given everything printed).
Interval explained_by_rounding(const Sheet& s) {
    const Interval from_inputs = minus(printed(I(s.total_costs)), printed(I(s.other_revenues)));
    const auto both = meet(from_inputs, printed(I(s.printed_net_cost)));
    REQUIRE_MESSAGE(both.has_value(), "the printed nettokostnad "
                                          << s.printed_net_cost << " is not explained by rounding");
    return *both;
}

// The sheet's unit cost from its printed nettokostnad, as the sheet does.
// Probes for the compile-time tests: what the type system lets through.
template <class A, class B>
concept addable = requires(A a, B b) {
    a + b;
};
template <class A, class B>
concept comparable = requires(A a, B b) {
    a == b;
};
template <class A, class B>
concept changeable = requires(A a, B b) {
    kalkyl::change(a, b, 1, Rounding::half_up);
};

template <Per P>
void check_sheet(const Sheet& s) {
    const Nettokostnad net = kalkyl::net_cost(I(s.total_costs), I(s.other_revenues), Unit::tkr);
    const Nettokostnad printed_net(I(s.printed_net_cost), Unit::tkr);
    const kalkyl::Volume<P> volume(s.volume);

    // The published figure from the published nettokostnad.
    const auto uc = kalkyl::unit_cost(printed_net, volume, 1, Rounding::half_up);
    CHECK(uc.value() == D(s.printed_per_unit));
    CHECK(uc.value().scale() == 1);
    CHECK(uc.unit() == Unit::tkr);
    CHECK_FALSE(uc.too_few());

    // Any difference between the printed nettokostnad and the printed inputs
    // is within the inputs' rounding: |printed − (costs − revenues)| <= 1,5 tkr.
    const Decimal diff = (printed_net.amount() - net.amount()).abs();
    CHECK(diff <= D("1.5"));
    const Interval truth = explained_by_rounding(s);

    // The published unit cost is determined by what is printed: every true net
    // cost the printed figures allow gives the same rounded figure.
    CHECK(kalkyl::divide(truth.lo, volume.count(), 1, Rounding::half_up) == D(s.printed_per_unit));
    CHECK(kalkyl::divide(truth.hi, volume.count(), 1, Rounding::half_up) == D(s.printed_per_unit));
}

struct KpbPrinted {
    const char* group;
    std::int64_t costs, inhabitants, users, per_inhabitant, kpb;
    const char* share;
};
// 004_f694a8ad6a7b67a2.txt, "Analys av Kostnad per brukare (KPB)", table "Konsumtion IFO totalt",
// 2022.
const KpbPrinted eskilstuna_2022[] = {
    {"0-6 år", 41400837, 8783, 1238, 4714, 33442, "14.1"},
    {"7-12 år", 76807226, 8173, 1369, 9398, 56105, "16.8"},
    {"13-17 år", 180493510, 6867, 1502, 26284, 120169, "21.9"},
    {"18-19 år", 65755629, 2576, 295, 25526, 222900, "11.5"},
    {"20-24 år", 48925426, 6192, 282, 7901, 173494, "4.6"},
    {"25-29 år", 18327949, 6487, 209, 2825, 87694, "3.2"},
    {"30-39 år", 43649760, 14437, 445, 3023, 98089, "3.1"},
    {"40-49 år", 33313445, 12890, 340, 2584, 97981, "2.6"},
    {"50-59 år", 25634659, 13875, 259, 1848, 98976, "1.9"},
    {"60-64 år", 9096127, 5936, 99, 1532, 91880, "1.7"},
    {"65- år", 12495519, 21702, 157, 576, 79589, "0.7"},
};
// Ej brukarkopplad 103 014 615, inhabitants 107 918, kr/inv 955.
// Totalt 2022: 658 914 703, 107 918, 6 195, 6 106, 89 734, 5,7 %.

const Precision whole_kronor{0, Rounding::half_up};
const Precision one_decimal{1, Rounding::half_up};

kalkyl::KpbTable eskilstuna_table() {
    std::vector<KpbRow> rows;
    for (const auto& p : eskilstuna_2022)
        rows.push_back({p.group, KpbKostnad(I(p.costs), Unit::kr), Inhabitants(p.inhabitants),
                        Users(p.users)});
    return kalkyl::kpb_table(rows, KpbKostnad(I(103014615), Unit::kr), whole_kronor, one_decimal,
                             kalkyl::default_few_cases);
}

}  // namespace

TEST_SUITE("unitcost") {
    // --- Uppsala, delårsbokslut per augusti 2024 (seed 000, "Nyckeltal",
    //     Uppföljning per augusti 2024, belopp i tkr) -------------------------

    TEST_CASE("Uppsala aug 2024: 5731 nettokostnad 124 998 − 1 534 = 123 464 tkr") {
        // 000_2ed63b26c6aacf5d.txt, Nyckeltal 5731, 1) Kostnad per vårddygn på institution
        const Nettokostnad net = kalkyl::net_cost(I(124998), I(1534), Unit::tkr);
        CHECK(net.amount() == I(123464));
        CHECK(net.unit() == Unit::tkr);
    }

    TEST_CASE("Uppsala aug 2024: 5731 nettokostnad per vårddygn 5,4 tkr") {
        // 000, Nyckeltal 5731, 1): 124 998 − 1 534 = 123 464 / 22 939 vårddygn = 5,382… -> 5,4
        check_sheet<Per::care_day>({124998, 1534, 123464, 22939, "5.4"});
        const auto uc = kalkyl::unit_cost(kalkyl::net_cost(I(124998), I(1534), Unit::tkr),
                                          CareDays(22939), 1, Rounding::half_up);
        CHECK(uc.value() == D("5.4"));
    }

    TEST_CASE("Uppsala aug 2024: 5731 varav externa institutioner 5,5 tkr per vårddygn") {
        // 000, Nyckeltal 5731, 2): 76 764 − 1 534 = 75 230 / 13 728 = 5,480… -> 5,5
        check_sheet<Per::care_day>({76764, 1534, 75230, 13728, "5.5"});
    }

    TEST_CASE(
        "Uppsala aug 2024: 5732 familjehem 1,6 tkr per vårddygn; nettokostnad 103 948 is "
        "rounding") {
        // 000, Nyckeltal 5732, 1): 107 863 − 3 916 = 103 947, printed 103 948:
        // the inputs were kronor rounded one by one. 103 948 / 65 605 = 1,584… -> 1,6
        check_sheet<Per::care_day>({107863, 3916, 103948, 65605, "1.6"});
        CHECK(kalkyl::net_cost(I(107863), I(3916), Unit::tkr).amount() == I(103947));
    }

    TEST_CASE(
        "Uppsala aug 2024: 5733 öppenvård 11,0 tkr per vårdtagare; nettokostnad 60 976 is "
        "rounding") {
        // 000, Nyckeltal 5733, 1): 61 173 − 198 = 60 975, printed 60 976 (DOMAIN.md);
        // 60 976 / 5 555 vårdtagare = 10,976… -> 11,0
        check_sheet<Per::care_recipient>({61173, 198, 60976, 5555, "11.0"});
        CHECK(kalkyl::net_cost(I(61173), I(198), Unit::tkr).amount() == I(60975));
    }

    TEST_CASE(
        "Uppsala aug 2024: 5733 externa utförare 19,7 tkr per vårdtagare follows the printed "
        "nettokostnad") {
        // 000, Nyckeltal 5733, 2): 3 381 − 198 = 3 183, printed 3 184; 3 184 / 162 = 19,654… ->
        // 19,7. The difference of the printed inputs alone would give 3 183 / 162 = 19,648… ->
        // 19,6: the published figure was computed from the nettokostnad in kronor. Everything
        // printed together pins the true net cost to [3 183,5; 3 184] tkr, where the figure is 19,7
        // throughout.
        const Sheet s{3381, 198, 3184, 162, "19.7"};
        check_sheet<Per::care_recipient>(s);
        const auto from_inputs = kalkyl::unit_cost(kalkyl::net_cost(I(3381), I(198), Unit::tkr),
                                                   CareRecipients(162), 1, Rounding::half_up);
        CHECK(from_inputs.value() == D("19.6"));
        const Interval truth = explained_by_rounding(s);
        CHECK(truth.lo == D("3183.5"));
        CHECK(truth.hi == D("3184"));
    }

    TEST_CASE(
        "Uppsala aug 2024: 5733 varav externt 2,9 % of vårdtagare and 5,2 % of nettokostnad") {
        // 000, Nyckeltal 5733, 1) and 2). Shares hand-computed: 162 / 5 555 = 2,916… %,
        // 3 184 / 60 976 = 5,221… %.
        const auto part = kalkyl::part_unit_cost(
            Nettokostnad(I(60976), Unit::tkr), CareRecipients(5555),
            Nettokostnad(I(3184), Unit::tkr), CareRecipients(162), Precision{1, Rounding::half_up},
            Precision{1, Rounding::half_up}, kalkyl::default_few_cases);
        CHECK(part.unit_cost.value() == D("19.7"));
        CHECK(part.share_of_volume == Percent(D("2.9")));
        CHECK(part.share_of_cost == Percent(D("5.2")));
    }

    // --- Uppsala, årsbokslut 2024 (seed 002, "Nyckeltal", Bokslut 2024, tkr) ---

    TEST_CASE(
        "Uppsala 2024: 5731 institution 5,4 tkr per vårddygn; nettokostnad 174 176 is rounding") {
        // 002_31e8e90355d16209.txt, Nyckeltal 5731, 1): 178.503 − 4.328 = 174 175, printed 174.176;
        // 174 176 / 32 380 = 5,379… -> 5,4
        check_sheet<Per::care_day>({178503, 4328, 174176, 32380, "5.4"});
    }

    TEST_CASE("Uppsala 2024: 5731 varav externa institutioner 5,4 tkr per vårddygn") {
        // 002, Nyckeltal 5731, 2): 109.438 − 4.328 = 105 110, printed 105.111; 105 111 / 19 587 =
        // 5,366… -> 5,4
        check_sheet<Per::care_day>({109438, 4328, 105111, 19587, "5.4"});
        const auto part = kalkyl::part_unit_cost(
            Nettokostnad(I(174176), Unit::tkr), CareDays(32380), Nettokostnad(I(105111), Unit::tkr),
            CareDays(19587), Precision{1, Rounding::half_up}, Precision{1, Rounding::half_up},
            kalkyl::default_few_cases);
        // Hand-computed: 19 587 / 32 380 = 60,49… %; 105 111 / 174 176 = 60,34… %.
        CHECK(part.unit_cost.value() == D("5.4"));
        CHECK(part.share_of_volume == Percent(D("60.5")));
        CHECK(part.share_of_cost == Percent(D("60.3")));
    }

    TEST_CASE("Uppsala 2024: 5732 familjehem 1,7 tkr per vårddygn") {
        // 002, Nyckeltal 5732, 1): 173.209 − 5.792 = 167.417; / 98.016 = 1,708… -> 1,7
        check_sheet<Per::care_day>({173209, 5792, 167417, 98016, "1.7"});
        CHECK(kalkyl::net_cost(I(173209), I(5792), Unit::tkr).amount() == I(167417));
    }

    TEST_CASE("Uppsala 2024: 5733 öppenvård 10,9 tkr per vårdtagare") {
        // 002, Nyckeltal 5733, 1): 92.243 − 379 = 91.864; / 8.438 = 10,886… -> 10,9
        check_sheet<Per::care_recipient>({92243, 379, 91864, 8438, "10.9"});
    }

    TEST_CASE("Uppsala 2024: 5733 externa utförare 23,6 tkr per vårdtagare") {
        // 002, Nyckeltal 5733, 2): 5.870 − 0 = 5.870; / 249 = 23,574… -> 23,6
        check_sheet<Per::care_recipient>({5870, 0, 5870, 249, "23.6"});
    }

    TEST_CASE("Uppsala aug 2024 to 2024: 5731 per vårddygn unchanged at 5,4 tkr, 0,0 %") {
        // 000 and 002, Nyckeltal 5731, 1): 5,4 -> 5,4 on the published figures.
        const auto aug = kalkyl::unit_cost(Nettokostnad(I(123464), Unit::tkr), CareDays(22939), 1,
                                           Rounding::half_up);
        const auto year = kalkyl::unit_cost(Nettokostnad(I(174176), Unit::tkr), CareDays(32380), 1,
                                            Rounding::half_up);
        const auto c = kalkyl::change(aug, year, 1, Rounding::half_up);
        CHECK(c.amount.value() == I(0));
        CHECK(c.percent == Percent(D("0.0")));
        // At three decimals the unit cost fell by 3 kr per vårddygn (5,382 -> 5,379 tkr).
        const auto aug3 = kalkyl::unit_cost(Nettokostnad(I(123464), Unit::tkr), CareDays(22939), 3,
                                            Rounding::half_up);
        const auto year3 = kalkyl::unit_cost(Nettokostnad(I(174176), Unit::tkr), CareDays(32380), 3,
                                             Rounding::half_up);
        CHECK(kalkyl::change(aug3, year3, 2, Rounding::half_up).amount.value() == D("-0.003"));
    }

    TEST_CASE(
        "unit cost fast path: the same figure as divide() in every rounding mode (property)") {
        // The 64-bit kernel the array call uses must agree with Decimal's divide() to the last
        // digit. Replay: KALKYL_PROPERTY_SEED=<seed> KALKYL_PROPERTY_CASES=<n>.
        const char* seed_env = std::getenv("KALKYL_PROPERTY_SEED");
        const char* cases_env = std::getenv("KALKYL_PROPERTY_CASES");
        const std::uint64_t seed =
            seed_env ? std::strtoull(seed_env, nullptr, 10) : std::random_device{}();
        const std::uint64_t cases = cases_env ? std::strtoull(cases_env, nullptr, 10) : 20000;
        std::printf("unit cost fast path: KALKYL_PROPERTY_SEED=%llu KALKYL_PROPERTY_CASES=%llu\n",
                    static_cast<unsigned long long>(seed), static_cast<unsigned long long>(cases));
        std::mt19937_64 rng(seed);
        std::uint64_t fast = 0;
        for (std::uint64_t c = 0; c < cases; ++c) {
            const auto pick = [&](int max_digits) {
                const int digits = static_cast<int>(rng() % static_cast<unsigned>(max_digits)) + 1;
                const auto limit = static_cast<std::uint64_t>(kalkyl::detail::pow10(digits));
                return static_cast<std::int64_t>(rng() % limit);
            };
            const Decimal cost(pick(19), static_cast<int>(rng() % 6));
            Decimal volume(pick(rng() % 4 == 0 ? 2 : 12), static_cast<int>(rng() % 3));
            if (volume.is_zero()) volume = Decimal(1, 0);
            const int scale = static_cast<int>(rng() % 8);
            for (int m = 0; m < kalkyl::rounding_mode_count; ++m) {
                const auto mode = static_cast<Rounding>(m);
                Decimal got;
                if (!kalkyl::detail::unit_cost_fast(cost, volume, scale, mode, got)) continue;
                ++fast;
                const Decimal want = kalkyl::divide(cost, volume, scale, mode);
                if (got != want || got.scale() != scale) {
                    CAPTURE(cost);
                    CAPTURE(volume);
                    CAPTURE(scale);
                    CAPTURE(m);
                    REQUIRE(got == want);
                    REQUIRE(got.scale() == scale);
                }
            }
            // Ties: a quotient exactly half way, in every mode.
            const std::int64_t d = 2 * (1 + static_cast<std::int64_t>(rng() % 1000));
            const Decimal tie((2 * pick(8) + 1) * (d / 2), 0);  // (2k+1)·d/2 / d = k + 1/2
            for (int m = 0; m < kalkyl::rounding_mode_count; ++m) {
                Decimal got;
                REQUIRE(kalkyl::detail::unit_cost_fast(tie, Decimal(d, 0), 0,
                                                       static_cast<Rounding>(m), got));
                REQUIRE(got == kalkyl::divide(tie, Decimal(d, 0), 0, static_cast<Rounding>(m)));
            }
        }
        CHECK(fast > cases);  // the fast path was taken, not skipped
    }

    // --- units: a unit cost knows its unit ----------------------------------------------

    TEST_CASE("5,4 tkr per vårddygn is 5 400 kr per vårddygn; the unit converts exactly") {
        const Nettokostnad tkr(I(123464), Unit::tkr);
        const Nettokostnad kr = tkr.in(Unit::kr);
        CHECK(kr.amount() == I(123464000));
        CHECK(kr.unit() == Unit::kr);
        CHECK(kr == tkr);
        const auto per_day_kr = kalkyl::unit_cost(kr, CareDays(22939), 0, Rounding::half_up);
        CHECK(per_day_kr.value() == I(5382));  // 5 382,27… kr
        CHECK(per_day_kr.unit() == Unit::kr);
        // KPB kronor to tkr, exactly: 41 400 837 kr = 41 400,837 tkr.
        CHECK(KpbKostnad(I(41400837), Unit::kr).in(Unit::tkr).amount() == D("41400.837"));
        CHECK(KpbKostnad(I(41400837), Unit::kr).in(Unit::mnkr).amount() == D("41.400837"));
        // Sums of different units land in the finer one.
        const Nettokostnad sum = Nettokostnad(I(1), Unit::tkr) + Nettokostnad(I(250), Unit::kr);
        CHECK(sum.amount() == I(1250));
        CHECK(sum.unit() == Unit::kr);
    }

    TEST_CASE("types: concepts and volumes do not mix (compile-time)") {
        using kalkyl::KoladaKostnad;
        // A nettokostnad and a Kolada kostnad cannot be added or compared.
        static_assert(addable<Nettokostnad, Nettokostnad>);
        static_assert(!addable<Nettokostnad, KoladaKostnad>);
        static_assert(!comparable<Nettokostnad, KoladaKostnad>);
        // A unit cost per vårddygn is not one per vårdtagare, nor a kostnad per vårddygn.
        using PerDay = kalkyl::UnitCost<CostConcept::nettokostnad, Per::care_day>;
        using PerRecipient = kalkyl::UnitCost<CostConcept::nettokostnad, Per::care_recipient>;
        using KoladaPerDay = kalkyl::UnitCost<CostConcept::kostnad, Per::care_day>;
        static_assert(comparable<PerDay, PerDay> && changeable<PerDay, PerDay>);
        static_assert(!comparable<PerDay, PerRecipient>);
        static_assert(!comparable<PerDay, KoladaPerDay>);
        static_assert(!changeable<PerDay, PerRecipient>);
        static_assert(!changeable<PerDay, KoladaPerDay>);
        // Dividing a Kolada kostnad by care days gives a kostnad per vårddygn, not a nettokostnad
        // one.
        static_assert(std::same_as<decltype(kalkyl::unit_cost(std::declval<KoladaKostnad>(),
                                                              std::declval<CareDays>(), 1,
                                                              Rounding::half_up)),
                                   KoladaPerDay>);
        // Care days are not amounts, and an amount is not a volume without saying so.
        static_assert(!std::is_convertible_v<Decimal, CareDays>);
        static_assert(!std::is_convertible_v<CareDays, Decimal>);
        // Percent and percentage points are different types.
        static_assert(!std::is_convertible_v<Percent, PercentagePoints>);
        CHECK(true);
    }

    // --- Kolada's "kostnad" -----------------------------------------------------------------

    TEST_CASE(
        "Kolada kostnad = bruttokostnad − interna intäkter − försäljning till andra kommuner") {
        // Hand-computed: an HVB activity with 10 000 tkr gross cost, 400 tkr internal revenue,
        // 600 tkr sold to other municipalities, 1 500 tkr fees and grants (other revenues).
        const kalkyl::KoladaKostnad k = kalkyl::kolada_cost(I(10000), I(400), I(600), Unit::tkr);
        CHECK(k.amount() == I(9000));
        CHECK(kalkyl::cost_concept_name(k.concept_value) == std::string("kostnad"));
        // Nettokostnad deducts all other revenues: 10 000 − (400 + 600 + 1 500) = 7 500.
        const Nettokostnad n = kalkyl::net_cost(I(10000), I(2500), Unit::tkr);
        CHECK(n.amount() == I(7500));
        // Per vårddygn (2 000 days): 4,5 tkr kostnad against 3,75 tkr nettokostnad.
        const auto k_day = kalkyl::unit_cost(k, CareDays(2000), 2, Rounding::half_up);
        const auto n_day = kalkyl::unit_cost(n, CareDays(2000), 2, Rounding::half_up);
        CHECK(k_day.value() == D("4.50"));
        CHECK(n_day.value() == D("3.75"));
        CHECK(kalkyl::per_name(k_day.per_value) == std::string("vårddygn"));
        CHECK(error_of([] { kalkyl::kolada_cost(I(10), I(-1), I(0), Unit::tkr); }) ==
              Errc::invalid);
    }

    // --- Kolada N30001 ------------------------------------------------------------------------

    TEST_CASE(
        "nettokostnadsavvikelse N30001 = (nettokostnad − referenskostnad) / referenskostnad") {
        // Hand-computed: 4 500 kr/inv against a reference of 4 000 kr/inv: +12,5 %;
        // 3 800 against 4 000: −5,0 %; 6 106 against 5 900: +3,49… % -> 3,5.
        CHECK(kalkyl::net_cost_deviation(I(4500), I(4000), 1, Rounding::half_up) ==
              Percent(D("12.5")));
        CHECK(kalkyl::net_cost_deviation(I(3800), I(4000), 1, Rounding::half_up) ==
              Percent(D("-5.0")));
        CHECK(kalkyl::net_cost_deviation(I(6106), I(5900), 1, Rounding::half_up) ==
              Percent(D("3.5")));
        using PerInhabitant = kalkyl::UnitCost<CostConcept::nettokostnad, Per::inhabitant>;
        // Typed: the reference in tkr and the actual in kr still compare correctly.
        CHECK(kalkyl::net_cost_deviation(PerInhabitant(I(4500), Unit::kr, false),
                                         PerInhabitant(I(4), Unit::tkr, false), 2,
                                         Rounding::half_up) == Percent(D("12.50")));
        CHECK(error_of([] { kalkyl::net_cost_deviation(I(4500), I(0), 1, Rounding::half_up); }) ==
              Errc::invalid);
        CHECK(error_of([] {
                  kalkyl::net_cost_deviation(I(4500), I(-4000), 1, Rounding::half_up);
              }) == Errc::invalid);
    }

    // --- few cases ------------------------------------------------------------------------------

    TEST_CASE(
        "few cases: fewer than 10 vårdtagare is flagged too few to compare, value still computed") {
        const Nettokostnad net(I(95), Unit::tkr);
        const auto nine = kalkyl::unit_cost(net, CareRecipients(9), 1, Rounding::half_up);
        CHECK(nine.too_few());
        CHECK(nine.value() == D("10.6"));
        const auto ten = kalkyl::unit_cost(net, CareRecipients(10), 1, Rounding::half_up);
        CHECK_FALSE(ten.too_few());
        CHECK(ten.value() == D("9.5"));
        // The threshold is a parameter: 162 external vårdtagare (seed 000, 5733) under a threshold
        // of 200.
        const auto ext = kalkyl::unit_cost(Nettokostnad(I(3184), Unit::tkr), CareRecipients(162), 1,
                                           Rounding::half_up, kalkyl::FewCases{I(200)});
        CHECK(ext.too_few());
        CHECK(ext.value() == D("19.7"));
        // Zero threshold: never flagged. Fractional volumes are allowed.
        const auto part = kalkyl::unit_cost(net, CareRecipients(D("0.5")), 0, Rounding::half_up,
                                            kalkyl::FewCases{I(0)});
        CHECK_FALSE(part.too_few());
        CHECK(part.value() == I(190));
        // A change is too few if either side is.
        CHECK(kalkyl::change(nine, ten, 1, Rounding::half_up).amount.too_few());
    }

    // --- bad input -------------------------------------------------------------------------------

    TEST_CASE("bad input: zero volume is an error, never a division by zero") {
        const Nettokostnad net(I(100), Unit::tkr);
        CHECK(error_of([&] { kalkyl::unit_cost(net, CareDays(0), 1, Rounding::half_up); }) ==
              Errc::invalid);
        try {
            kalkyl::unit_cost(net, CareDays(0), 1, Rounding::half_up);
        } catch (const kalkyl::Error& e) {
            CHECK(std::string(e.what()).find("vårddygn") != std::string::npos);
            CHECK(std::string(e.what()).find("positive volume") != std::string::npos);
        }
    }

    TEST_CASE("bad input: a negative volume cannot be made") {
        CHECK(error_of([] { CareDays d(-1); }) == Errc::invalid);
        CHECK(error_of([] { Users u(D("-0.5")); }) == Errc::invalid);
    }

    TEST_CASE("bad input: revenues larger than costs give no unit cost") {
        // The net cost itself is a fact (negative: a net revenue) ...
        const Nettokostnad net = kalkyl::net_cost(I(198), I(3381), Unit::tkr);
        CHECK(net.amount() == I(-3183));
        // ... but a nettokostnad per vårdtagare of it is not defined.
        CHECK(error_of([&] {
                  kalkyl::unit_cost(net, CareRecipients(162), 1, Rounding::half_up);
              }) == Errc::invalid);
        // Inputs are given as the sheet prints them, non-negative.
        CHECK(error_of([] { kalkyl::net_cost(I(-61173), I(198), Unit::tkr); }) == Errc::invalid);
        CHECK(error_of([] { kalkyl::net_cost(I(61173), I(-198), Unit::tkr); }) == Errc::invalid);
        // A zero net cost is a zero unit cost.
        CHECK(kalkyl::unit_cost(kalkyl::net_cost(I(198), I(198), Unit::tkr), CareRecipients(10), 1,
                                Rounding::half_up)
                  .value() == D("0.0"));
    }

    TEST_CASE("bad input: a scale outside 0..28 and an unknown rounding mode") {
        const Nettokostnad net(I(100), Unit::tkr);
        CHECK(error_of([&] { kalkyl::unit_cost(net, CareDays(3), 29, Rounding::half_up); }) ==
              Errc::scale);
        CHECK(error_of([&] { kalkyl::unit_cost(net, CareDays(3), 1, static_cast<Rounding>(9)); }) ==
              Errc::invalid);
    }

    TEST_CASE("bad input: varav with a part larger than the whole") {
        CHECK(error_of([] {
                  kalkyl::part_unit_cost(
                      Nettokostnad(I(100), Unit::tkr), CareDays(10), Nettokostnad(I(50), Unit::tkr),
                      CareDays(11), Precision{1, Rounding::half_up},
                      Precision{1, Rounding::half_up}, kalkyl::default_few_cases);
              }) == Errc::invalid);
        CHECK(error_of([] {
                  kalkyl::part_unit_cost(
                      Nettokostnad(I(0), Unit::tkr), CareDays(10), Nettokostnad(I(0), Unit::tkr),
                      CareDays(5), Precision{1, Rounding::half_up}, Precision{1, Rounding::half_up},
                      kalkyl::default_few_cases);
              }) == Errc::invalid);
    }

    // --- change between two periods
    // ---------------------------------------------------------------

    TEST_CASE("change: kronor, percent and percentage points are never mixed up") {
        // Hand-computed: 1 000 -> 1 100 is +100 kr and +10,0 %; a share 12 % -> 14 % is
        // +2 procentenheter (and +16,7 % of the share, which is a different statement).
        const auto c = kalkyl::change(Nettokostnad(I(1000), Unit::kr),
                                      Nettokostnad(I(1100), Unit::kr), 1, Rounding::half_up);
        CHECK(c.amount.amount() == I(100));
        CHECK(c.percent == Percent(D("10.0")));
        const PercentagePoints pp = kalkyl::change_points(Percent(I(12)), Percent(I(14)));
        CHECK(pp == PercentagePoints(I(2)));
        CHECK(kalkyl::change_percent(I(12), I(14), 1, Rounding::half_up) == Percent(D("16.7")));
        // A deficit that grows is a negative change whatever the base's sign: −30 -> −36 is −20 %.
        CHECK(kalkyl::change_percent(I(-30), I(-36), 1, Rounding::half_up) == Percent(D("-20.0")));
        // From zero there is no percentage.
        CHECK(error_of([] { kalkyl::change_percent(I(0), I(5), 1, Rounding::half_up); }) ==
              Errc::division_by_zero);
    }

    // --- Eskilstuna KPB, "Konsumtion IFO totalt" (seed 004)
    // ----------------------------------------

    TEST_CASE("Eskilstuna KPB 2022: every age group's kr per invånare, KPB and % brukare") {
        // 004, Konsumtion IFO totalt: e.g. 0-6 år 41 400 837 / 8 783 = 4 714 kr/inv,
        // / 1 238 = 33 442 KPB, 1 238 / 8 783 = 14,1 %.
        const kalkyl::KpbTable t = eskilstuna_table();
        REQUIRE(t.rows.size() == std::size(eskilstuna_2022));
        for (std::size_t i = 0; i < t.rows.size(); ++i) {
            const KpbPrinted& p = eskilstuna_2022[i];
            const kalkyl::KpbFigures& f = t.rows[i];
            const std::string group = p.group;
            CAPTURE(group);
            CHECK(f.group == p.group);
            CHECK(f.per_inhabitant.value() == I(p.per_inhabitant));
            CHECK(f.per_inhabitant.unit() == Unit::kr);
            REQUIRE(f.per_user.has_value());
            CHECK(f.per_user->value() == I(p.kpb));
            REQUIRE(f.share_of_users.has_value());
            CHECK(*f.share_of_users == Percent(D(p.share)));
            CHECK_FALSE(f.per_user->too_few());
        }
    }

    TEST_CASE("Eskilstuna KPB 2022: ej brukarkopplad 955 kr per invånare, no KPB") {
        // 004, Konsumtion IFO totalt, "Ej brukarkopplad 103 014 615 / 107 918 = 955"
        const kalkyl::KpbTable t = eskilstuna_table();
        CHECK(t.not_linked.costs.amount() == I(103014615));
        CHECK(t.not_linked.inhabitants.count() == I(107918));
        CHECK(t.not_linked.per_inhabitant.value() == I(955));
        CHECK_FALSE(t.not_linked.per_user.has_value());
        CHECK_FALSE(t.not_linked.share_of_users.has_value());
    }

    TEST_CASE(
        "Eskilstuna KPB totalt 2022: 6 106 kr per invånare keeps unlinked costs, KPB 89 734 leaves "
        "them out") {
        // 004, Konsumtion IFO totalt, "Totalt 2022 658 914 703 107 918 6 195 6 106 89 734 5,7%".
        const kalkyl::KpbTable t = eskilstuna_table();
        CHECK(t.total.inhabitants.count() == I(107918));
        CHECK(t.total.users.count() == I(6195));
        CHECK(t.total.per_inhabitant.value() == I(6106));
        REQUIRE(t.total.per_user.has_value());
        CHECK(t.total.per_user->value() == I(89734));
        CHECK(*t.total.share_of_users == Percent(D("5.7")));
        // KPB on all costs would be 106 362 kr: the seeds' rule leaves the unlinked costs out.
        CHECK(kalkyl::divide(I(658914703), I(6195), 0, Rounding::half_up) == I(106362));

        // The rows and the unlinked costs add up to 658 914 702, printed 658 914 703: each of the
        // twelve printed kronor figures is within ±0,5 kr of its true value, so their true sum is
        // within ±6 kr of 658 914 702, and the printed total (±0,5) meets that interval.
        CHECK(t.total.costs.amount() == I(658914702));
        Interval sum{Decimal(), Decimal()};
        for (const auto& p : eskilstuna_2022) {
            const Interval r = printed(I(p.costs));
            sum = {sum.lo + r.lo, sum.hi + r.hi};
        }
        const Interval nl = printed(I(103014615));
        sum = {sum.lo + nl.lo, sum.hi + nl.hi};
        CHECK(sum.lo == I(658914696));
        CHECK(sum.hi == I(658914708));
        CHECK(meet(sum, printed(I(658914703))).has_value());

        // The printed total gives the same figures as the rows do.
        const kalkyl::KpbFigures printed_total = kalkyl::kpb_total(
            "Totalt 2022", KpbKostnad(I(658914703), Unit::kr), KpbKostnad(I(103014615), Unit::kr),
            Inhabitants(107918), Users(6195), whole_kronor, one_decimal, kalkyl::default_few_cases);
        CHECK(printed_total.per_inhabitant.value() == I(6106));
        CHECK(printed_total.per_user->value() == I(89734));
        CHECK(*printed_total.share_of_users == Percent(D("5.7")));
    }

    TEST_CASE("Eskilstuna KPB totalt 2021 and 2020: kr per invånare and % brukare are determined") {
        // 004, Konsumtion IFO totalt, "Föregående år": only the totals are printed.
        // 2021: 670 619 967 / 107 593 = 6 232,9… -> 6 233; 6 343 / 107 593 = 5,89… % -> 5,9 %.
        // 2020: 642 701 533 / 106 975 = 6 008,0… -> 6 008; 5 841 / 106 975 = 5,46… % -> 5,5 %.
        const kalkyl::KpbFigures y2021 = kalkyl::kpb_total(
            "Totalt 2021", KpbKostnad(I(670619967), Unit::kr), std::nullopt, Inhabitants(107593),
            Users(6343), whole_kronor, one_decimal, kalkyl::default_few_cases);
        CHECK(y2021.per_inhabitant.value() == I(6233));
        CHECK(*y2021.share_of_users == Percent(D("5.9")));
        const kalkyl::KpbFigures y2020 = kalkyl::kpb_total(
            "Totalt 2020", KpbKostnad(I(642701533), Unit::kr), std::nullopt, Inhabitants(106975),
            Users(5841), whole_kronor, one_decimal, kalkyl::default_few_cases);
        CHECK(y2020.per_inhabitant.value() == I(6008));
        CHECK(*y2020.share_of_users == Percent(D("5.5")));
        // The KPB is not determined: the costs not linked to a user are not printed for those
        // years.
        CHECK_FALSE(y2021.per_user.has_value());
        CHECK_FALSE(y2020.per_user.has_value());
    }

    TEST_CASE(
        "Eskilstuna KPB totalt 2021 90 289 and 2020 93 630 are not determined by their printed "
        "inputs") {
        // 004, "Totalt 2021 … 90 289", "Totalt 2020 … 93 630". KPB = (kostnader − ej brukarkopplat)
        // / brukare, and the ej brukarkopplat amount is not printed. The printed KPB only tells
        // which unlinked amounts are possible: KPB in [K − 0,5; K + 0,5) gives
        // U in (C − (K + 0,5)·B; C − (K − 0,5)·B]. Check both ends with the library.
        struct Year {
            const char* label;
            std::int64_t costs, inhabitants, users, kpb, u_lo, u_hi;
        };
        // Hand-computed: 2021: 670 619 967 − 90 289,5 · 6 343 = 97 913 668,5 and
        // 670 619 967 − 90 288,5 · 6 343 = 97 920 011,5: U in [97 913 669; 97 920 011] kr.
        // 2020: 642 701 533 − 93 630,5 · 5 841 = 95 805 782,5 and − 93 629,5 · 5 841 = 95 811
        // 623,5: U in [95 805 783; 95 811 623] kr.
        const Year years[] = {{"Totalt 2021", 670619967, 107593, 6343, 90289, 97913669, 97920011},
                              {"Totalt 2020", 642701533, 106975, 5841, 93630, 95805783, 95811623}};
        for (const Year& y : years) {
            const std::string label = y.label;
            CAPTURE(label);
            const auto kpb_with = [&](std::int64_t unlinked) {
                return kalkyl::kpb_total(y.label, KpbKostnad(I(y.costs), Unit::kr),
                                         KpbKostnad(I(unlinked), Unit::kr),
                                         Inhabitants(y.inhabitants), Users(y.users), whole_kronor,
                                         one_decimal, kalkyl::default_few_cases)
                    .per_user->value();
            };
            CHECK(kpb_with(y.u_lo) == I(y.kpb));
            CHECK(kpb_with(y.u_hi) == I(y.kpb));
            CHECK(kpb_with(y.u_lo - 1) != I(y.kpb));
            CHECK(kpb_with(y.u_hi + 1) != I(y.kpb));
        }
    }

    TEST_CASE(
        "Eskilstuna KPB 2021 -> 2022: kostnader −11,7 mnkr (−1,7 %), % brukare −0,2 "
        "procentenheter") {
        // 004: "nämndens totala kostnader för 2022 har minskat med ca 12 mnkr jämfört med
        // föregående år".
        const auto c = kalkyl::change(KpbKostnad(I(670619967), Unit::kr),
                                      KpbKostnad(I(658914703), Unit::kr), 1, Rounding::half_up);
        CHECK(c.amount.amount() == I(-11705264));
        CHECK(c.amount.in(Unit::mnkr).amount().round(0, Rounding::half_up) == I(-12));
        CHECK(c.percent == Percent(D("-1.7")));
        // % brukare 5,9 % -> 5,7 %: −0,2 procentenheter, not −0,2 % (nor −3,4 %).
        CHECK(kalkyl::change_points(Percent(D("5.9")), Percent(D("5.7"))) ==
              PercentagePoints(D("-0.2")));
        // KPB 90 289 -> 89 734 kr: −555 kr, −0,6 %.
        using PerUser = kalkyl::UnitCost<CostConcept::kpb, Per::user>;
        const auto k = kalkyl::change(PerUser(I(90289), Unit::kr, false),
                                      PerUser(I(89734), Unit::kr, false), 1, Rounding::half_up);
        CHECK(k.amount.value() == I(-555));
        CHECK(k.percent == Percent(D("-0.6")));
    }

    TEST_CASE("bad input: a KPB row with more users than inhabitants is an error naming the row") {
        const std::vector<KpbRow> rows{
            {"0-6 år", KpbKostnad(I(1000), Unit::kr), Inhabitants(10), Users(11)}};
        try {
            kalkyl::kpb_table(rows, KpbKostnad(I(0), Unit::kr), whole_kronor, one_decimal,
                              kalkyl::default_few_cases);
            FAIL("no error");
        } catch (const kalkyl::Error& e) {
            CHECK(e.code() == Errc::invalid);
            CHECK(std::string(e.what()).find("0-6 år") != std::string::npos);
        }
    }

    TEST_CASE("bad input: KPB rows without inhabitants, costs without users, negative costs") {
        const auto table = [](KpbRow row, std::int64_t unlinked = 0) {
            const std::vector<KpbRow> rows{row};
            return kalkyl::kpb_table(rows, KpbKostnad(I(unlinked), Unit::kr), whole_kronor,
                                     one_decimal, kalkyl::default_few_cases);
        };
        CHECK(error_of([&] {
                  table({"a", KpbKostnad(I(5), Unit::kr), Inhabitants(0), Users(0)});
              }) == Errc::invalid);
        CHECK(error_of([&] {
                  table({"a", KpbKostnad(I(5), Unit::kr), Inhabitants(10), Users(0)});
              }) == Errc::invalid);
        CHECK(error_of([&] {
                  table({"a", KpbKostnad(I(-5), Unit::kr), Inhabitants(10), Users(1)});
              }) == Errc::invalid);
        CHECK(error_of([&] {
                  table({"a", KpbKostnad(I(5), Unit::kr), Inhabitants(10), Users(1)}, -1);
              }) == Errc::invalid);
        CHECK(error_of([&] {
                  kalkyl::kpb_total("t", KpbKostnad(I(5), Unit::kr), KpbKostnad(I(6), Unit::kr),
                                    Inhabitants(10), Users(1), whole_kronor, one_decimal,
                                    kalkyl::default_few_cases);
              }) == Errc::invalid);
        // A row with neither costs nor users is fine: no KPB, 0 % brukare.
        const kalkyl::KpbTable t =
            table({"a", KpbKostnad(I(0), Unit::kr), Inhabitants(10), Users(0)}, 50);
        CHECK_FALSE(t.rows[0].per_user.has_value());
        CHECK(*t.rows[0].share_of_users == Percent(D("0.0")));
        CHECK(t.total.per_inhabitant.value() == I(5));
        CHECK_FALSE(t.total.per_user.has_value());
    }

    TEST_CASE("Eskilstuna KPB: 60-64 år with 99 brukare is flagged under a threshold of 100") {
        std::vector<KpbRow> rows;
        for (const auto& p : eskilstuna_2022)
            rows.push_back({p.group, KpbKostnad(I(p.costs), Unit::kr), Inhabitants(p.inhabitants),
                            Users(p.users)});
        const kalkyl::KpbTable t =
            kalkyl::kpb_table(rows, KpbKostnad(I(103014615), Unit::kr), whole_kronor, one_decimal,
                              kalkyl::FewCases{I(100)});
        CHECK(t.rows[9].group == "60-64 år");
        CHECK(t.rows[9].per_user->too_few());
        CHECK(t.rows[9].per_user->value() == I(91880));  // still computed
        CHECK_FALSE(t.rows[10].per_user->too_few());     // 157 brukare
        CHECK_FALSE(t.total.per_user->too_few());
    }
}
