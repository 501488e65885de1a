// Tests of kalkyl/montecarlo.hpp: the portable generator against an
// independent reference, the logarithm and the normal quantile, golden
// values of a seeded simulation (the same bits on every platform), the
// statistics of a known normal, correlation, the bootstrap, and bad input.

#include "kalkyl/montecarlo.hpp"

#include <doctest/doctest.h>

#include "decimal_print.hpp"

#include <cmath>
#include <cstdint>
#include <vector>

#include "kalkyl/error.hpp"
#include "test_support.hpp"

using kalkyl::Band;
using kalkyl::Decimal;
using kalkyl::Errc;
using kalkyl::MonteCarloOptions;
using kalkyl::Rounding;

namespace {

using kalkyl::test::D;

using kalkyl::test::error_of;

// z at 0,9: an 80 % band of ±1,2815515655446004 is a standard normal.
constexpr double z90 = 1.2815515655446004;

}  // namespace

TEST_SUITE("montecarlo") {
    TEST_CASE(
        "the generator: xoshiro256** seeded by splitmix64, against an independent reference") {
        // Reference values from a separate implementation (Python, integers
        // mod 2^64) of splitmix64 seeding and xoshiro256**.
        kalkyl::PortableRng rng(42);
        CHECK(rng.next() == 0x15780B2E0C2EC716ull);
        CHECK(rng.next() == 0x6104D9866D113A7Eull);
        CHECK(rng.next() == 0xAE17533239E499A1ull);
        kalkyl::PortableRng a(7), b(7), c(8);
        CHECK(a.next() == b.next());
        CHECK(a.next() != c.next());
    }

    TEST_CASE("the generator: uniform in (0, 1), below(n) in range") {
        kalkyl::PortableRng rng(1);
        for (int i = 0; i < 10000; ++i) {
            const double u = rng.uniform();
            REQUIRE(u > 0.0);
            REQUIRE(u < 1.0);
            REQUIRE(rng.below(7) < 7u);
        }
        CHECK(rng.below(1) == 0u);
    }

    TEST_CASE("portable_log agrees with std::log within 2 ulp") {
        kalkyl::PortableRng rng(3);
        for (int i = 0; i < 100000; ++i) {
            const double x =
                std::ldexp(rng.uniform() + 0.5, static_cast<int>(rng.below(200)) - 100);
            const double mine = kalkyl::portable_log(x);
            const double ref = std::log(x);
            const double ulp = std::nextafter(std::fabs(ref), HUGE_VAL) - std::fabs(ref);
            REQUIRE(std::fabs(mine - ref) <= 2 * ulp);
        }
        CHECK(kalkyl::portable_log(1.0) == 0.0);
        CHECK(kalkyl::portable_log(2.0) == doctest::Approx(0.6931471805599453).epsilon(1e-16));
        CHECK(std::isnan(kalkyl::portable_log(-1.0)));
    }

    TEST_CASE("normal_quantile: Acklam's approximation within 1,2e-9 relative") {
        CHECK(kalkyl::normal_quantile(0.9) == doctest::Approx(z90).epsilon(1.2e-9));
        CHECK(kalkyl::normal_quantile(0.975) == doctest::Approx(1.959963984540054).epsilon(1.2e-9));
        CHECK(kalkyl::normal_quantile(0.01) ==
              doctest::Approx(-2.3263478740408408).epsilon(1.2e-9));
        CHECK(kalkyl::normal_quantile(0.999) == doctest::Approx(3.090232306167813).epsilon(1.2e-9));
        CHECK(kalkyl::normal_quantile(0.5) == 0.0);
        CHECK(std::isnan(kalkyl::normal_quantile(1.0)));
    }

    TEST_CASE("golden: seed 42 gives these exact figures on every platform") {
        // Three verksamheter of Uppsala aug 2024 (helårsprognos −40, 14, −4 mnkr)
        // with hypothetical 80 % bands, correlated 0,5 / 0,3 / 0,2.
        const std::vector<Band> rows = {Band::from_spread(D("-40"), D("6"), D("4")),
                                        Band::from_spread(D("14"), D("3"), D("3")),
                                        Band::from_spread(D("-4"), D("2"), D("1"))};
        const std::vector<double> r = {1, 0.5, 0.3, 0.5, 1, 0.2, 0.3, 0.2, 1};
        MonteCarloOptions o;
        o.seed = 42;
        o.scenarios = 100000;
        o.level = 0.8;
        o.scale = 6;
        o.mode = Rounding::half_even;
        o.target = Band::from_spread(D("-30"), D("5"), D("5"));
        const kalkyl::Simulation s = kalkyl::simulate(rows, r, o);
        CHECK(s.scenarios == 100000);
        // Committed from the first run (GCC 12, x86-64); a change here means the
        // stream of draws changed, which breaks every saved result: don't.
        CHECK(s.quantiles[0] == D("-41.259925"));
        CHECK(s.quantiles[1] == D("-38.810349"));
        CHECK(s.quantiles[2] == D("-30.507416"));
        CHECK(s.quantiles[3] == D("-23.686300"));
        CHECK(s.quantiles[4] == D("-21.844382"));
        CHECK(s.mean == D("-30.927505"));
        CHECK(s.p_at_least_zero == 0.0);
        CHECK(s.p_inside);
        CHECK(*s.p_inside == 0.60808);  // 60 808 of 100 000 inside −35..−25
        // The same seed again: the same result; another seed: another.
        const kalkyl::Simulation again = kalkyl::simulate(rows, r, o);
        CHECK(again.quantiles[2] == s.quantiles[2]);
        o.seed = 43;
        CHECK(kalkyl::simulate(rows, r, o).quantiles[2] != s.quantiles[2]);
    }

    TEST_CASE("statistics: an 80 % band of ±z(0,9) is a standard normal (1e5 draws)") {
        const std::vector<Band> row = {
            Band::from_spread(D("0"), D("1.2815515655446004"), D("1.2815515655446004"))};
        MonteCarloOptions o;
        o.seed = 2024;
        o.scenarios = 100000;
        o.scale = 6;
        o.target = Band::from_spread(D("0"), D("1.2815515655446004"), D("1.2815515655446004"));
        const kalkyl::Simulation s = kalkyl::simulate(row, {}, o);
        // Standard errors: mean 0,0032; 5 % quantile 0,0067; median 0,004.
        CHECK(s.mean.to_double() == doctest::Approx(0.0).epsilon(0).scale(1).epsilon(0.015));
        CHECK(s.quantiles[0].to_double() == doctest::Approx(-1.6448536).epsilon(0.02));
        CHECK(s.quantiles[1].to_double() == doctest::Approx(-z90).epsilon(0.02));
        CHECK(std::fabs(s.quantiles[2].to_double()) < 0.015);
        CHECK(s.quantiles[3].to_double() == doctest::Approx(z90).epsilon(0.02));
        CHECK(s.quantiles[4].to_double() == doctest::Approx(1.6448536).epsilon(0.02));
        CHECK(s.p_at_least_zero == doctest::Approx(0.5).epsilon(0.02));
        CHECK(*s.p_inside == doctest::Approx(0.8).epsilon(0.01));
    }

    TEST_CASE("statistics: a split normal keeps its two sides apart") {
        // Downside 2·z, upside 1·z: below the point σ = 2, above σ = 1.
        const std::vector<Band> row = {
            Band(D("-2.5631031310892008"), D("0"), D("1.2815515655446004"))};
        MonteCarloOptions o;
        o.scenarios = 100000;
        o.scale = 6;
        const kalkyl::Simulation s = kalkyl::simulate(row, {}, o);
        CHECK(s.quantiles[0].to_double() == doctest::Approx(-2 * 1.6448536).epsilon(0.03));
        CHECK(s.quantiles[4].to_double() == doctest::Approx(1.6448536).epsilon(0.03));
        CHECK(s.p_at_least_zero == doctest::Approx(0.5).epsilon(0.02));
    }

    TEST_CASE("statistics: all ones moves the rows as one, the identity independently") {
        const Band b = Band::from_spread(D("0"), D("1.2815515655446004"), D("1.2815515655446004"));
        const std::vector<Band> rows = {b, b};
        MonteCarloOptions o;
        o.scenarios = 100000;
        o.scale = 6;
        const kalkyl::Simulation one = kalkyl::simulate(rows, std::vector<double>{1, 1, 1, 1}, o);
        const kalkyl::Simulation ind = kalkyl::simulate(rows, std::vector<double>{1, 0, 0, 1}, o);
        const kalkyl::Simulation none = kalkyl::simulate(rows, {}, o);
        CHECK(one.quantiles[4].to_double() == doctest::Approx(2 * 1.6448536).epsilon(0.02));
        CHECK(ind.quantiles[4].to_double() ==
              doctest::Approx(std::sqrt(2.0) * 1.6448536).epsilon(0.02));
        // The identity factor is the identity: the same draws as no matrix at all.
        CHECK(ind.quantiles[4] == none.quantiles[4]);
        CHECK(ind.mean == none.mean);
    }

    TEST_CASE("bootstrap: whole years resampled, exact year totals") {
        // Two rows, four earlier years of errors (outcome − forecast).
        const std::vector<Decimal> points = {D("-40"), D("10")};
        const std::vector<Decimal> errors = {D("5"),  D("1"),     // year 1: total −24
                                             D("-3"), D("-2"),    // −35
                                             D("12"), D("20.5"),  // +2,5
                                             D("0"),  D("1")};    // −29
        MonteCarloOptions o;
        o.seed = 42;
        o.scenarios = 100000;
        o.scale = 1;
        o.target = Band::from_spread(D("-30"), D("5"), D("5"));
        const kalkyl::Simulation s = kalkyl::bootstrap(points, errors, o);
        CHECK(s.quantiles[0] == D("-35"));
        CHECK(s.quantiles[2] == D("-29"));  // ranks 50 000 of 100 000: ¼ −35, ¼ −29, ...
        CHECK(s.quantiles[4] == D("2.5"));
        // About a quarter each: P(total >= 0) = P(year 3), P(inside) = P(years 2, 4).
        CHECK(s.p_at_least_zero == doctest::Approx(0.25).epsilon(0.02));
        CHECK(*s.p_inside == doctest::Approx(0.5).epsilon(0.02));
        CHECK(s.mean.to_double() == doctest::Approx((-24 - 35 + 2.5 - 29) / 4.0).epsilon(0.02));
        CHECK(kalkyl::bootstrap(points, errors, o).mean == s.mean);
    }

    TEST_CASE(
        "bad input: no rows, no scenarios, a level outside (0, 1), a bad matrix, ragged errors") {
        const std::vector<Band> rows = {Band::from_spread(D("0"), D("1"), D("1")),
                                        Band::from_spread(D("0"), D("1"), D("1"))};
        MonteCarloOptions o;
        o.scenarios = 10;
        CHECK(error_of([&] { kalkyl::simulate({}, {}, o); }) == Errc::invalid);
        CHECK(error_of([&] {
                  kalkyl::simulate(rows, std::vector<double>{1, 0, 0}, o);
              }) == Errc::invalid);
        CHECK(error_of([&] {
                  kalkyl::simulate(rows, std::vector<double>{1, 2, 2, 1}, o);
              }) == Errc::invalid);
        MonteCarloOptions bad = o;
        bad.level = 1.5;
        CHECK(error_of([&] { kalkyl::simulate(rows, {}, bad); }) == Errc::invalid);
        bad = o;
        bad.scenarios = 0;
        CHECK(error_of([&] { kalkyl::simulate(rows, {}, bad); }) == Errc::invalid);
        bad = o;
        bad.scenarios = UINT64_MAX;
        CHECK(error_of([&] { kalkyl::simulate(rows, {}, bad); }) == Errc::no_memory);
        bad = o;
        bad.scale = -1;
        CHECK(error_of([&] { kalkyl::simulate(rows, {}, bad); }) == Errc::scale);
        const std::vector<Decimal> points = {D("1"), D("2")};
        const std::vector<Decimal> three = {D("1"), D("2"), D("3")};
        CHECK(error_of([&] { kalkyl::bootstrap(points, three, o); }) == Errc::invalid);
        CHECK(error_of([&] { kalkyl::bootstrap(points, {}, o); }) == Errc::invalid);
        CHECK(error_of([&] { kalkyl::bootstrap({}, three, o); }) == Errc::invalid);
    }

}  // TEST_SUITE
