// Tests of kalkyl/bridge.hpp: the volume / mix / unit-price / not-linked
// bridge on hand-computed cases, and a property test on random data against
// an independent exact reference (the average of the six sequential
// decompositions, in cpp_rational). The seed is printed so that a failure
// can be replayed: KALKYL_PROPERTY_SEED=<seed> KALKYL_PROPERTY_CASES=<n>.

#include "kalkyl/bridge.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include "decimal_print.hpp"

#include <algorithm>
#include <array>
#include <boost/multiprecision/cpp_int.hpp>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

using kalkyl::BridgeKind;
using kalkyl::CostBridge;
using kalkyl::Decimal;
using kalkyl::Errc;

namespace {

using Rational = boost::multiprecision::cpp_rational;
using boost::multiprecision::cpp_int;

using kalkyl::test::D;

Decimal I(std::int64_t v) {
    return Decimal(v, 0);
}

using kalkyl::test::error_of;

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

Rational Q(const Decimal& d) {
    cpp_int p = 1;
    for (int i = 0; i < d.scale(); ++i)
        p *= 10;
    return Rational(to_cpp(d.mantissa()), p);
}

void check_sums(const CostBridge& b) {
    CHECK(b.volume + b.mix + b.unit_price + b.not_linked == b.change);
    CHECK(b.current_total - b.base_total == b.change);
}

CostBridge swapped(std::vector<BridgeKind> kinds, const Decimal& f0, const Decimal& f1, int scale) {
    for (BridgeKind& k : kinds) {
        std::swap(k.base_volume, k.current_volume);
        std::swap(k.base_cost, k.current_cost);
    }
    return kalkyl::cost_bridge(kinds, f1, f0, scale);
}

// The reference: the aggregate L(V, s, p) = V · Σ s_k p_k, with the three
// factors replaced from base to current one at a time in each of the six
// orders; a factor's part is the average of its six marginal changes.
struct Factors {
    Rational V;
    std::vector<Rational> s, p;
};

Rational L(const Factors& f) {
    Rational acc = 0;
    for (std::size_t k = 0; k < f.s.size(); ++k)
        acc += f.s[k] * f.p[k];
    return f.V * acc;
}

std::array<Rational, 3> reference_parts(const std::vector<BridgeKind>& kinds) {
    Factors f0, f1;
    f0.V = 0;
    f1.V = 0;
    for (const auto& k : kinds) {
        f0.V += Q(k.base_volume);
        f1.V += Q(k.current_volume);
    }
    for (const auto& k : kinds) {
        const Rational v0 = Q(k.base_volume), v1 = Q(k.current_volume);
        const Rational c0 = Q(k.base_cost), c1 = Q(k.current_cost);
        if (v0 == 0 && v1 == 0) continue;
        const Rational p0 = v0 != 0 ? Rational(c0 / v0) : Rational(c1 / v1);
        const Rational p1 = v1 != 0 ? Rational(c1 / v1) : p0;
        const Rational s0 = f0.V != 0 ? Rational(v0 / f0.V) : Rational(v1 / f1.V);
        const Rational s1 = f1.V != 0 ? Rational(v1 / f1.V) : s0;
        f0.s.push_back(s0);
        f1.s.push_back(s1);
        f0.p.push_back(p0);
        f1.p.push_back(p1);
    }
    std::array<Rational, 3> parts{0, 0, 0};
    std::array<int, 3> order{0, 1, 2};
    do {
        Factors f = f0;
        for (int factor : order) {
            const Rational before = L(f);
            if (factor == 0) f.V = f1.V;
            if (factor == 1) f.s = f1.s;
            if (factor == 2) f.p = f1.p;
            parts[static_cast<std::size_t>(factor)] += L(f) - before;
        }
    } while (std::next_permutation(order.begin(), order.end()));
    for (auto& x : parts)
        x /= 6;
    return parts;
}

}  // namespace

TEST_SUITE("bridge") {
    TEST_CASE(
        "bridge: same shares, more care days and a dearer HVB day: volume 222 000, unit price 22 "
        "000") {
        // Hand-computed. Base: HVB 100 days at 5 000 kr, familjehem 400 days at 1 500 kr
        // (1 100 000 kr). Current: HVB 120 days at 5 200 kr, familjehem 480 days at 1 500 kr
        // (1 344 000 kr). Shares stay 20 % / 80 %, so no mix; with one factor fixed, the Shapley
        // parts are the midpoint ones: volume = 100 · (0,2 · 5 100 + 0,8 · 1 500) = 222 000,
        // unit price = 200 · 0,2 · 550 = 22 000.
        const std::vector<BridgeKind> kinds{{"HVB", I(100), I(500000), I(120), I(624000)},
                                            {"familjehem", I(400), I(600000), I(480), I(720000)}};
        const CostBridge b = kalkyl::cost_bridge(kinds, I(0), I(0), 2);
        CHECK(b.change == I(244000));
        CHECK(b.volume == I(222000));
        CHECK(b.mix == I(0));
        CHECK(b.unit_price == I(22000));
        CHECK(b.not_linked == I(0));
        CHECK(b.volume.scale() == 2);
        check_sums(b);
    }

    TEST_CASE("bridge: pure volume, pure mix, pure unit price, pure costs not linked to users") {
        // Hand-computed on the same base (HVB 100 d · 5 000, familjehem 400 d · 1 500).
        const auto bridge = [](std::int64_t v_hvb, std::int64_t c_hvb, std::int64_t v_fh,
                               std::int64_t c_fh, std::int64_t f1) {
            const std::vector<BridgeKind> kinds{
                {"HVB", I(100), I(500000), I(v_hvb), I(c_hvb)},
                {"familjehem", I(400), I(600000), I(v_fh), I(c_fh)}};
            return kalkyl::cost_bridge(kinds, I(1000), I(f1), 2);
        };
        // Twice the days at the same shares and prices: all volume.
        CostBridge b = bridge(200, 1000000, 800, 1200000, 1000);
        CHECK((b.volume == I(1100000) && b.mix == I(0) && b.unit_price == I(0) &&
               b.not_linked == I(0)));
        // Same 500 days, 150 HVB / 350 familjehem: all mix, 50 · 5 000 − 50 · 1 500 = 175 000.
        b = bridge(150, 750000, 350, 525000, 1000);
        CHECK((b.volume == I(0) && b.mix == I(175000) && b.unit_price == I(0)));
        // HVB 5 200 kr a day: all unit price, 100 · 200 = 20 000.
        b = bridge(100, 520000, 400, 600000, 1000);
        CHECK((b.volume == I(0) && b.mix == I(0) && b.unit_price == I(20000)));
        // Only the costs not linked to users change: 1 000 -> 1 250,50.
        const std::vector<BridgeKind> same{{"HVB", I(100), I(500000), I(100), I(500000)}};
        b = kalkyl::cost_bridge(same, I(1000), D("1250.50"), 2);
        CHECK((b.volume == I(0) && b.mix == I(0) && b.unit_price == I(0) &&
               b.not_linked == D("250.50")));
        check_sums(b);
    }

    TEST_CASE("bridge: a new kind of insats moves volume and mix, not the unit price") {
        // Hand-computed. Base: HVB 100 days, 500 000 kr; no familjehem. Current: HVB the same,
        // familjehem 50 days at 2 000 kr. Familjehem takes its current unit price in the base
        // (its base term is zero). V 100 -> 150; s_HVB 1 -> 2/3, s_FH 0 -> 1/3.
        // Volume: 50 · ½ · (5 000 + 2/3 · 5 000) + 50 · ½ · (1/3 · 2 000) = 208 333,33… + 16
        // 666,66… = 225 000. Mix: −1/3 · ½ · (100 + 150) · 5 000 + 1/3 · ½ · (100 + 150) · 2 000 =
        // −125 000.
        const std::vector<BridgeKind> kinds{{"HVB", I(100), I(500000), I(100), I(500000)},
                                            {"familjehem", I(0), I(0), I(50), I(100000)}};
        const CostBridge b = kalkyl::cost_bridge(kinds, I(0), I(0), 2);
        CHECK(b.change == I(100000));
        CHECK(b.volume == I(225000));
        CHECK(b.mix == I(-125000));
        CHECK(b.unit_price == I(0));
        check_sums(b);
        // The reverse (a discontinued kind) is the exact negative.
        const CostBridge r = swapped(kinds, I(0), I(0), 2);
        CHECK((r.volume == I(-225000) && r.mix == I(125000) && r.unit_price == I(0)));
    }

    TEST_CASE(
        "bridge: largest remainder puts the missing krona on a part, and the reverse negates it") {
        // Hand-computed at whole kronor (scale 0). Base: A 3 days 8 kr, B 3 days 2 kr (10 kr);
        // current: A 2 days 6 kr, B 1 day 1 kr (7 kr). p_A 8/3 -> 3, p_B 2/3 -> 1, V 6 -> 3,
        // s_A ½ -> 2/3. Exact parts: volume −3 · (179/108 + 37/108) = −6, mix 3/2, unit price 3/2.
        // Rounded to nearest: −6, 2, 2 = −2, one krona above the change −3: it is taken from the
        // part rounded furthest up; mix and unit price tie (½), so the order decides: mix.
        const std::vector<BridgeKind> kinds{{"A", I(3), I(8), I(2), I(6)},
                                            {"B", I(3), I(2), I(1), I(1)}};
        const CostBridge b = kalkyl::cost_bridge(kinds, I(0), I(0), 0);
        CHECK(b.change == I(-3));
        CHECK(b.volume == I(-6));
        CHECK(b.mix == I(1));
        CHECK(b.unit_price == I(2));
        check_sums(b);
        const CostBridge r = swapped(kinds, I(0), I(0), 0);
        CHECK(r.change == I(3));
        CHECK(r.volume == I(6));
        CHECK(r.mix == I(-1));
        CHECK(r.unit_price == I(-2));
        // At öre the exact parts are representable: −6,00, 1,50, 1,50.
        const CostBridge o = kalkyl::cost_bridge(kinds, I(0), I(0), 2);
        CHECK((o.volume == I(-6) && o.mix == D("1.5") && o.unit_price == D("1.5")));
    }

    TEST_CASE("bridge: fractions of an öre add up to the change to the öre") {
        // Hand-computed: one kind, 3 days at 100,00 kr -> 4 days, 400,01 kr (100,0025 kr a day).
        // Volume 1 · (100 + 100,0025)/2 = 100,00125, unit price 0,0025 · 3,5 = 0,00875:
        // to the öre 100,00 and 0,01, together 100,01.
        const std::vector<BridgeKind> kinds{{"HVB", I(3), D("300.00"), I(4), D("400.01")}};
        const CostBridge b = kalkyl::cost_bridge(kinds, I(0), I(0), 2);
        CHECK(b.change == D("100.01"));
        CHECK(b.volume == D("100.00"));
        CHECK(b.unit_price == D("0.01"));
        CHECK(b.mix == I(0));
        check_sums(b);
    }

    TEST_CASE("bridge: a period without any volume is all volume") {
        const std::vector<BridgeKind> kinds{{"HVB", I(0), I(0), I(10), I(50000)},
                                            {"familjehem", I(0), I(0), I(30), I(45000)}};
        const CostBridge b = kalkyl::cost_bridge(kinds, I(100), I(100), 2);
        CHECK(b.volume == I(95000));
        CHECK((b.mix == I(0) && b.unit_price == I(0) && b.not_linked == I(0)));
        // Nothing in either period: nothing to explain.
        const std::vector<BridgeKind> none{{"HVB", I(0), I(0), I(0), I(0)}};
        const CostBridge z = kalkyl::cost_bridge(none, I(5), I(5), 2);
        CHECK((z.change == I(0) && z.volume == I(0) && z.mix == I(0) && z.unit_price == I(0)));
        // No kinds at all: only the costs not linked to users.
        const CostBridge f = kalkyl::cost_bridge({}, I(5), I(7), 2);
        CHECK((f.change == I(2) && f.not_linked == I(2) && f.volume == I(0)));
    }

    TEST_CASE("bridge: bad input is an error, never a residual") {
        const auto err = [](std::vector<BridgeKind> kinds, Decimal f0, Decimal f1, int scale) {
            return error_of([&] { kalkyl::cost_bridge(kinds, f0, f1, scale); });
        };
        // A negative volume.
        CHECK(err({{"HVB", I(-1), I(0), I(1), I(5)}}, I(0), I(0), 2) == Errc::invalid);
        // A cost with no volume: it belongs to the costs not linked to users.
        CHECK(err({{"HVB", I(0), I(10), I(1), I(5)}}, I(0), I(0), 2) == Errc::invalid);
        CHECK(err({{"HVB", I(1), I(10), I(0), I(5)}}, I(0), I(0), 2) == Errc::invalid);
        // A change with more decimals than the scale cannot be met by parts at that scale.
        CHECK(err({{"HVB", I(1), D("10.005"), I(1), I(5)}}, I(0), I(0), 2) == Errc::scale);
        CHECK(err({{"HVB", I(1), I(10), I(1), I(5)}}, I(0), I(0), 29) == Errc::scale);
        CHECK(err({{"HVB", I(1), I(10), I(1), I(5)}}, I(0), I(0), -1) == Errc::scale);
        // The message names the kind.
        try {
            kalkyl::cost_bridge(std::vector<BridgeKind>{{"SiS", I(0), I(10), I(1), I(5)}}, I(0),
                                I(0), 2);
            FAIL("no error");
        } catch (const kalkyl::Error& e) {
            CHECK(std::string(e.what()).find("SiS") != std::string::npos);
        }
    }

    TEST_CASE(
        "bridge property: parts add up to the change to the öre, match the six-order average, swap "
        "negates") {
        const std::uint64_t seed = env_or("KALKYL_PROPERTY_SEED", std::random_device{}());
        const std::uint64_t cases = env_or("KALKYL_PROPERTY_CASES", 1000);
        std::printf("bridge property: KALKYL_PROPERTY_SEED=%llu KALKYL_PROPERTY_CASES=%llu\n",
                    static_cast<unsigned long long>(seed), static_cast<unsigned long long>(cases));
        std::mt19937_64 rng(seed);
        std::uint64_t with_residual = 0;  // cases where nearest rounding alone misses the change
        const auto uniform = [&](std::int64_t lo, std::int64_t hi) {
            return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
        };
        for (std::uint64_t c = 0; c < cases; ++c) {
            const int scale = static_cast<int>(uniform(0, 3));
            const int n = static_cast<int>(uniform(0, 8));
            // Volumes up to a million care days (some zero, some fractional),
            // costs up to 10^11 kr at the bridge's scale, either sign rarely.
            const auto volume = [&] {
                const auto r = uniform(0, 9);
                if (r == 0) return Decimal();
                if (r == 1) return Decimal(uniform(1, 999), 1);
                return Decimal(uniform(1, r < 5 ? 50 : 1000000), 0);
            };
            const auto cost = [&](const Decimal& v) {
                if (v.is_zero()) return Decimal(0, scale);
                const std::int64_t limit = uniform(0, 1) ? 1000000 : 100000000000;
                std::int64_t units =
                    uniform(0, limit) * static_cast<std::int64_t>(kalkyl::detail::pow10(scale));
                units += uniform(0, static_cast<std::int64_t>(kalkyl::detail::pow10(scale)) - 1);
                if (uniform(0, 19) == 0) units = -units;
                return Decimal(units, scale);
            };
            std::vector<BridgeKind> kinds;
            for (int k = 0; k < n; ++k) {
                const Decimal v0 = volume(), v1 = volume();
                kinds.push_back({"k" + std::to_string(k), v0, cost(v0), v1, cost(v1)});
            }
            const Decimal f0 = cost(I(1)), f1 = cost(I(1));
            CAPTURE(c);
            CAPTURE(scale);
            const CostBridge b = kalkyl::cost_bridge(kinds, f0, f1, scale);
            // The sum always matches, to the last unit.
            REQUIRE(b.volume + b.mix + b.unit_price + b.not_linked == b.change);
            REQUIRE(b.volume.scale() == scale);
            // Each rounded part is within one unit of the independent exact part.
            const std::array<Rational, 3> ref = reference_parts(kinds);
            const Rational unit =
                Rational(1) /
                Q(Decimal(static_cast<std::int64_t>(kalkyl::detail::pow10(scale)), 0));
            const std::array<Decimal, 3> got{b.volume, b.mix, b.unit_price};
            for (std::size_t i = 0; i < 3; ++i) {
                const Rational diff = Q(got[i]) - ref[i];
                REQUIRE(abs(diff) < unit);
            }
            REQUIRE(abs(Q(b.not_linked) - (Q(f1) - Q(f0))) < unit);
            {
                Rational nearest = 0;
                for (const Rational& x : {ref[0], ref[1], ref[2], Rational(Q(f1) - Q(f0))}) {
                    const Rational y = x / unit;
                    cpp_int q = numerator(y) / denominator(y);
                    const Rational frac = y - Rational(q);
                    if (frac >= Rational(1, 2)) q += 1;
                    if (frac <= Rational(-1, 2)) q -= 1;
                    nearest += Rational(q) * unit;
                }
                if (nearest != Q(b.change)) ++with_residual;
            }
            // The exact parts add up to the change (the reference's own check).
            REQUIRE(ref[0] + ref[1] + ref[2] + Q(f1) - Q(f0) == Q(b.change));
            // Swapping the periods negates every rounded part.
            const CostBridge r = swapped(kinds, f0, f1, scale);
            REQUIRE(r.volume == -b.volume);
            REQUIRE(r.mix == -b.mix);
            REQUIRE(r.unit_price == -b.unit_price);
            REQUIRE(r.not_linked == -b.not_linked);
        }
        // The largest-remainder step was exercised, not only plain rounding.
        std::printf("bridge property: %llu of %llu cases needed the largest-remainder step\n",
                    static_cast<unsigned long long>(with_residual),
                    static_cast<unsigned long long>(cases));
        if (cases >= 500) CHECK(with_residual > 0);
    }
}
