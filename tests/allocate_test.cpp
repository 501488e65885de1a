// Tests of kalkyl/allocate.hpp: splitting by weights with nothing lost, the
// tie rule, the four modes, periodisation into months, the errors, and
// property tests against an independent reference in Boost's cpp_int.
//
// The property tests print their seed; replay a failure with
// KALKYL_PROPERTY_SEED=<seed> (and KALKYL_PROPERTY_CASES=<n>).

#include "kalkyl/allocate.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include "decimal_print.hpp"

#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <random>
#include <string>
#include <vector>

using boost::multiprecision::cpp_int;
using kalkyl::AllocationMode;
using kalkyl::Decimal;
using kalkyl::Errc;
using kalkyl::MonthlyProfile;

namespace {

using kalkyl::test::D;

std::vector<Decimal> Ds(std::initializer_list<const char*> texts) {
    std::vector<Decimal> out;
    for (const char* t : texts)
        out.push_back(D(t));
    return out;
}

using kalkyl::test::error_of;

using kalkyl::test::message_of;

// Exact text of a list of parts, for readable comparisons.
std::string text(const std::vector<Decimal>& parts) {
    std::string s;
    for (const Decimal& p : parts)
        s += (s.empty() ? "" : " ") + p.to_string();
    return s;
}

constexpr AllocationMode all_modes[] = {
    AllocationMode::largest_remainder, AllocationMode::remainder_to_first,
    AllocationMode::remainder_to_largest_weight, AllocationMode::cumulative};

}  // namespace

TEST_SUITE("allocate") {
    TEST_CASE("100 kr på tre lika vikter: 34 33 33, nothing lost") {
        const auto w = Ds({"1", "1", "1"});
        CHECK(text(kalkyl::allocate(D("100"), w, 0, AllocationMode::largest_remainder)) ==
              "34 33 33");
        CHECK(text(kalkyl::allocate(D("100"), w, 2, AllocationMode::largest_remainder)) ==
              "33.34 33.33 33.33");
        CHECK(text(kalkyl::allocate(D("100"), Ds({"1", "2"}), 2,
                                    AllocationMode::largest_remainder)) == "33.33 66.67");
    }

    TEST_CASE("tie rule: equal remainders go to the larger weight, then the lower index") {
        // 2 by 1:3 → exact 0,5 and 1,5: both remainders are one half.
        CHECK(text(kalkyl::allocate(D("2"), Ds({"1", "3"}), 0,
                                    AllocationMode::largest_remainder)) == "0 2");
        // Equal weights: the lower index.
        CHECK(text(kalkyl::allocate(D("1"), Ds({"1", "1"}), 0,
                                    AllocationMode::largest_remainder)) == "1 0");
        CHECK(text(kalkyl::allocate(D("5"), Ds({"2", "1", "1", "2"}), 0,
                                    AllocationMode::largest_remainder)) == "2 1 1 1");
        // Weights at different scales compare exactly: 0,50 equals 0,5.
        CHECK(text(kalkyl::allocate(D("1"), Ds({"0.50", "0.5"}), 0,
                                    AllocationMode::largest_remainder)) == "1 0");
    }

    TEST_CASE("ett underskott fördelas symmetriskt: allocate(−x) = −allocate(x)") {
        const auto w = Ds({"3", "1", "1", "2"});
        for (AllocationMode mode : all_modes) {
            CAPTURE(kalkyl::allocation_mode_name(mode));
            const auto pos = kalkyl::allocate(D("1000.01"), w, 2, mode);
            const auto neg = kalkyl::allocate(D("-1000.01"), w, 2, mode);
            REQUIRE(pos.size() == neg.size());
            for (std::size_t i = 0; i < pos.size(); ++i)
                CHECK(neg[i] == -pos[i]);
        }
        CHECK(text(kalkyl::allocate(D("-100"), Ds({"1", "1", "1"}), 0,
                                    AllocationMode::largest_remainder)) == "-34 -33 -33");
    }

    TEST_CASE("the other modes: remainder to the first, to the largest weight, cumulative") {
        const auto w = Ds({"1", "1", "1"});
        CHECK(text(kalkyl::allocate(D("200"), w, 0, AllocationMode::remainder_to_first)) ==
              "68 66 66");
        CHECK(text(kalkyl::allocate(D("200"), Ds({"0", "1", "1", "1"}), 0,
                                    AllocationMode::remainder_to_first)) == "0 68 66 66");
        CHECK(text(kalkyl::allocate(D("11"), Ds({"1", "2", "2"}), 0,
                                    AllocationMode::remainder_to_largest_weight)) == "2 5 4");
        CHECK(text(kalkyl::allocate(D("10"), w, 0, AllocationMode::remainder_to_largest_weight)) ==
              "4 3 3");
        // Running totals 66,67 → 67, 133,33 → 133, 200: 67 66 67.
        CHECK(text(kalkyl::allocate(D("200"), w, 0, AllocationMode::cumulative)) == "67 66 67");
        CHECK(std::string(kalkyl::allocation_mode_name(AllocationMode::cumulative)) ==
              "cumulative");
    }

    TEST_CASE("a weight of zero gets zero in every mode; a total of zero gives zeros") {
        for (AllocationMode mode : all_modes) {
            CAPTURE(kalkyl::allocation_mode_name(mode));
            const auto parts = kalkyl::allocate(D("1"), Ds({"0", "1", "0", "1", "0"}), 0, mode);
            CHECK(parts[0].is_zero());
            CHECK(parts[2].is_zero());
            CHECK(parts[4].is_zero());
            CHECK(text(kalkyl::allocate(D("0.00"), Ds({"1", "2"}), 2, mode)) == "0.00 0.00");
        }
    }

    TEST_CASE("parts carry exactly the requested scale") {
        const auto parts =
            kalkyl::allocate(D("12"), Ds({"1", "1", "1"}), 3, AllocationMode::largest_remainder);
        for (const Decimal& p : parts)
            CHECK(p.scale() == 3);
        CHECK(text(parts) == "4.000 4.000 4.000");
        // A total written with trailing zeros is representable: 100,00 in kronor.
        CHECK(text(kalkyl::allocate(D("100.00"), Ds({"1", "3"}), 0,
                                    AllocationMode::largest_remainder)) == "25 75");
    }

    TEST_CASE("bad input: no weights, a negative weight, all zero, a total finer than the scale") {
        const auto ok = Ds({"1", "1"});
        CHECK(error_of([] {
                  kalkyl::allocate(D("1"), std::vector<Decimal>{}, 0,
                                   AllocationMode::largest_remainder);
              }) == Errc::invalid);
        CHECK(error_of([] {
                  kalkyl::allocate(D("1"), Ds({"1", "-2", "1"}), 0,
                                   AllocationMode::largest_remainder);
              }) == Errc::invalid);
        CHECK(message_of([] {
                  kalkyl::allocate(D("1"), Ds({"1", "-2", "1"}), 0,
                                   AllocationMode::largest_remainder);
              }).find("weight 1 is -2") != std::string::npos);
        CHECK(error_of([] {
                  kalkyl::allocate(D("1"), Ds({"0", "0.00"}), 0, AllocationMode::largest_remainder);
              }) == Errc::invalid);
        CHECK(error_of([&] {
                  kalkyl::allocate(D("100.005"), ok, 2, AllocationMode::largest_remainder);
              }) == Errc::scale);
        CHECK(error_of([&] {
                  kalkyl::allocate(D("1"), ok, 29, AllocationMode::largest_remainder);
              }) == Errc::scale);
        CHECK(error_of([&] {
                  kalkyl::allocate(D("1"), ok, -1, AllocationMode::largest_remainder);
              }) == Errc::scale);
        CHECK(error_of([&] { kalkyl::allocate(D("1"), ok, 0, static_cast<AllocationMode>(4)); }) ==
              Errc::invalid);
        // 10^37 at 2 decimals needs 40 digits.
        CHECK(error_of([&] {
                  kalkyl::allocate(Decimal::from_mantissa(kalkyl::detail::pow10(37), 0), ok, 2,
                                   AllocationMode::largest_remainder);
              }) == Errc::overflow);
    }

    TEST_CASE("allocate_into writes nothing when it refuses") {
        std::vector<Decimal> parts = Ds({"7", "7", "7"});
        CHECK(error_of([&] {
                  kalkyl::allocate_into(D("1"), Ds({"1", "-1", "1"}), 0,
                                        AllocationMode::largest_remainder, parts);
              }) == Errc::invalid);
        CHECK(text(parts) == "7 7 7");
        CHECK(error_of([&] {
                  kalkyl::allocate_into(D("1"), Ds({"1", "1"}), 0,
                                        AllocationMode::largest_remainder, parts);
              }) == Errc::invalid);
        CHECK(text(parts) == "7 7 7");
        kalkyl::allocate_into(D("10"), Ds({"1", "1", "1"}), 0, AllocationMode::largest_remainder,
                              parts);
        CHECK(text(parts) == "4 3 3");
    }

    TEST_CASE("38-digit totals and weights take the wide path and still add up") {
        const Decimal big = Decimal::from_mantissa(kalkyl::detail::max_mantissa, 0);
        const auto w = std::vector<Decimal>{big, Decimal(1, 0), big, Decimal(3, 28)};
        for (AllocationMode mode : all_modes) {
            CAPTURE(kalkyl::allocation_mode_name(mode));
            const auto parts = kalkyl::allocate(big, w, 0, mode);
            CHECK(kalkyl::sum(parts) == big);
        }
        const auto parts = kalkyl::allocate(big, w, 0, AllocationMode::largest_remainder);
        // 10^38 − 1 split almost 1:1 between the two big weights: both get
        // 5·10^37 − 1 and a remainder just under a half; the weight 1 has a
        // share just under a half with a larger remainder, so it takes the
        // one unit left (checked with exact integers in Python).
        CHECK(parts[0] == Decimal::from_mantissa(kalkyl::detail::pow10(37) * 5 - 1, 0));
        CHECK(parts[2] == Decimal::from_mantissa(kalkyl::detail::pow10(37) * 5 - 1, 0));
        CHECK(parts[1] == Decimal(1, 0));
        CHECK(parts[3].is_zero());
    }

    TEST_CASE("periodisering: 1 200 000 kr lika per månad är 100 000 kr") {
        const auto months = kalkyl::periodise(D("1200000"), MonthlyProfile::equal(), 0,
                                              AllocationMode::largest_remainder);
        for (const Decimal& m : months)
            CHECK(m == D("100000"));
        CHECK(kalkyl::budget_through_month(D("1200000"), MonthlyProfile::equal(), 8, 0,
                                           AllocationMode::largest_remainder) == D("800000"));
    }

    TEST_CASE("periodisering med färre kostnader i juli: halv vikt i juli") {
        std::vector<Decimal> w(12, D("1"));
        w[6] = D("0.5");  // juli
        const auto profile = MonthlyProfile::from_weights(w);
        // 11,5 weights: 1 150 000 kr is 100 000 per month and 50 000 in July.
        const auto months =
            kalkyl::periodise(D("1150000"), profile, 0, AllocationMode::largest_remainder);
        CHECK(months[5] == D("100000"));
        CHECK(months[6] == D("50000"));
        CHECK(kalkyl::sum(months) == D("1150000"));
        CHECK(kalkyl::budget_through_month(D("1150000"), profile, 7, 0,
                                           AllocationMode::largest_remainder) == D("650000"));
        CHECK(kalkyl::budget_through_month(D("1150000"), profile, 12, 0,
                                           AllocationMode::cumulative) == D("1150000"));
    }

    TEST_CASE(
        "Uppsala 2024: kommunbidrag barn- och ungdomsvård 685 mnkr, budget t.o.m. augusti 456,7") {
        // 000_2ed63b26c6aacf5d.txt, "Delårsbokslut augusti 2024": Barn- och
        // ungdomsvård, kommunbidrag 2024 685 mnkr. Spread evenly at one
        // decimal: the exact budget through August is 685·8/12 = 456,666…
        const Decimal annual = D("685");
        const auto cumulative =
            kalkyl::periodise(annual, MonthlyProfile::equal(), 1, AllocationMode::cumulative);
        CHECK(kalkyl::sum(cumulative) == annual);
        CHECK(kalkyl::budget_through_month(annual, MonthlyProfile::equal(), 8, 1,
                                           AllocationMode::cumulative) == D("456.7"));
        for (int m = 1; m <= 12; ++m) {
            // Every year-to-date figure is the correctly rounded share.
            const Decimal ytd = kalkyl::budget_through_month(annual, MonthlyProfile::equal(), m, 1,
                                                             AllocationMode::cumulative);
            CHECK(ytd == kalkyl::divide(annual * Decimal(m, 0), Decimal(12, 0), 1,
                                        kalkyl::Rounding::half_up));
        }
        // Largest remainder front-loads the ten leftover tenths (all remainders
        // are equal, so the lower months take them): 8 · 57,1 = 456,8.
        CHECK(kalkyl::budget_through_month(annual, MonthlyProfile::equal(), 8, 1,
                                           AllocationMode::largest_remainder) == D("456.8"));
    }

    TEST_CASE("bad profiles and months are refused") {
        CHECK(error_of([] { MonthlyProfile::from_weights(std::vector<Decimal>(11, D("1"))); }) ==
              Errc::invalid);
        std::vector<Decimal> w(12, D("1"));
        w[6] = D("-1");
        CHECK(message_of([&] { MonthlyProfile::from_weights(w); }).find("juli") !=
              std::string::npos);
        CHECK(error_of([] { MonthlyProfile::from_weights(std::vector<Decimal>(12, D("0"))); }) ==
              Errc::invalid);
        CHECK(error_of([] {
                  kalkyl::budget_through_month(D("12"), MonthlyProfile::equal(), 0, 0,
                                               AllocationMode::largest_remainder);
              }) == Errc::invalid);
        CHECK(error_of([] {
                  kalkyl::budget_through_month(D("12"), MonthlyProfile::equal(), 13, 0,
                                               AllocationMode::largest_remainder);
              }) == Errc::invalid);
    }
}

// --- property tests ---------------------------------------------------------------

namespace {

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

cpp_int pow10c(int k) {
    cpp_int p = 1;
    for (int i = 0; i < k; ++i)
        p *= 10;
    return p;
}

// value · 10^scale as an integer (the caller knows it is one).
cpp_int units_at(const Decimal& d, int scale) {
    return to_cpp(d.mantissa()) * pow10c(scale - d.scale());
}

class Gen {
  public:
    explicit Gen(std::uint64_t seed) : rng_(seed) {}
    std::uint64_t below(std::uint64_t n) { return rng_() % n; }
    Decimal number(int max_digits, int scale, bool allow_negative) {
        const int digits = static_cast<int>(below(static_cast<std::uint64_t>(max_digits) + 1));
        kalkyl::int128_t m = 0;
        for (int i = 0; i < digits; ++i)
            m = m * 10 + static_cast<int>(below(10));
        if (allow_negative && below(2)) m = -m;
        return Decimal::from_mantissa(m, scale);
    }

  private:
    std::mt19937_64 rng_;
};

// The independent reference: exact shares as fractions of cpp_int, then the
// mode's rule written from its definition.
std::vector<cpp_int> reference(const cpp_int& total_units, const std::vector<cpp_int>& a,
                               AllocationMode mode) {
    const bool negative = total_units < 0;
    const cpp_int u = negative ? cpp_int(-total_units) : total_units;
    const cpp_int w = std::accumulate(a.begin(), a.end(), cpp_int(0));
    const std::size_t n = a.size();
    std::vector<cpp_int> q(n), r(n);
    cpp_int given = 0;
    for (std::size_t i = 0; i < n; ++i) {
        q[i] = u * a[i] / w;
        r[i] = u * a[i] - q[i] * w;
        given += q[i];
    }
    cpp_int left = u - given;
    if (mode == AllocationMode::largest_remainder) {
        std::vector<std::size_t> idx(n);
        std::iota(idx.begin(), idx.end(), std::size_t{0});
        std::sort(idx.begin(), idx.end(), [&](std::size_t x, std::size_t y) {
            if (r[x] != r[y]) return r[x] > r[y];
            if (a[x] != a[y]) return a[x] > a[y];
            return x < y;
        });
        for (std::size_t j = 0; left > 0; ++j, --left)
            q[idx[j]] += 1;
    } else if (mode == AllocationMode::remainder_to_first) {
        for (std::size_t i = 0; i < n; ++i)
            if (a[i] != 0) {
                q[i] += left;
                break;
            }
    } else if (mode == AllocationMode::remainder_to_largest_weight) {
        std::size_t best = 0;
        for (std::size_t i = 1; i < n; ++i)
            if (a[i] > a[best]) best = i;
        q[best] += left;
    } else {
        cpp_int prefix = 0, before = 0;
        for (std::size_t i = 0; i < n; ++i) {
            prefix += a[i];
            // u·prefix/w rounded half up, from the definition.
            const cpp_int num = u * prefix;
            cpp_int upto = num / w;
            if ((num - upto * w) * 2 >= w) upto += 1;
            q[i] = upto - before;
            before = upto;
        }
    }
    if (negative)
        for (cpp_int& x : q)
            x = -x;
    return q;
}

}  // namespace

TEST_SUITE("allocate") {
    TEST_CASE("property: parts add up exactly, stay within one unit, agree with the reference") {
        const std::uint64_t seed = env_or("KALKYL_PROPERTY_SEED", std::random_device{}());
        const std::uint64_t cases = env_or("KALKYL_PROPERTY_CASES", 3000);
        std::printf(
            "allocate property: seed %llu, %llu cases (replay: KALKYL_PROPERTY_SEED=%llu)\n",
            static_cast<unsigned long long>(seed), static_cast<unsigned long long>(cases),
            static_cast<unsigned long long>(seed));
        Gen g(seed);
        for (std::uint64_t c = 0; c < cases; ++c) {
            CAPTURE(seed);
            CAPTURE(c);
            const int scale = static_cast<int>(g.below(8));
            const int total_scale =
                static_cast<int>(g.below(static_cast<std::uint64_t>(scale) + 1));
            // Mostly amounts that fit 64 bits; sometimes up to 30 digits.
            const int total_digits = g.below(4) == 0 ? 30 - scale : 15;
            const Decimal total = g.number(total_digits, total_scale, true);
            const std::size_t n = 1 + g.below(g.below(5) == 0 ? 200 : 13);
            std::vector<Decimal> w(n);
            const int weight_digits = g.below(4) == 0 ? 25 : static_cast<int>(1 + g.below(6));
            for (auto& x : w)
                x = g.below(6) == 0 ? Decimal(0, static_cast<int>(g.below(3)))
                                    : g.number(weight_digits, static_cast<int>(g.below(5)), false);
            if (std::all_of(w.begin(), w.end(), [](const Decimal& x) { return x.is_zero(); }))
                w[g.below(n)] = Decimal(1, 0);

            int wscale = 0;
            for (const Decimal& x : w)
                wscale = std::max(wscale, x.scale());
            std::vector<cpp_int> a;
            for (const Decimal& x : w)
                a.push_back(units_at(x, wscale));
            const cpp_int tu = units_at(total, scale);
            const cpp_int wsum = std::accumulate(a.begin(), a.end(), cpp_int(0));

            for (AllocationMode mode : all_modes) {
                CAPTURE(kalkyl::allocation_mode_name(mode));
                const auto parts = kalkyl::allocate(total, w, scale, mode);
                REQUIRE(parts.size() == n);
                const auto ref = reference(tu, a, mode);
                cpp_int sum_units = 0;
                for (std::size_t i = 0; i < n; ++i) {
                    CHECK(parts[i].scale() == scale);
                    const cpp_int pu = to_cpp(parts[i].mantissa());
                    sum_units += pu;
                    CHECK(pu == ref[i]);
                    if (mode == AllocationMode::largest_remainder ||
                        mode == AllocationMode::cumulative) {
                        // |part − exact share| < 1 unit: |pu·W − tu·a_i| < W.
                        const cpp_int dev = pu * wsum - tu * a[i];
                        CHECK((dev < 0 ? cpp_int(-dev) : dev) < wsum);
                    }
                    if (a[i] == 0) CHECK(pu == 0);
                }
                CHECK(sum_units == tu);
                // Deterministic: the same call gives the same parts.
                CHECK(kalkyl::allocate(total, w, scale, mode) == parts);
                // In place (parts over the weights) gives the same parts.
                std::vector<Decimal> in_place = w;
                kalkyl::allocate_into(total, in_place, scale, mode, in_place);
                CHECK(in_place == parts);
            }
        }
    }
}
