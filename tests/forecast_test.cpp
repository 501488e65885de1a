// Tests of kalkyl/forecast.hpp: each method on a case computed by hand, the
// rounding named at the call, "not enough history", and the back-test on a
// synthetic multi-year history whose errors are known in advance.

#include "kalkyl/forecast.hpp"

#include <doctest/doctest.h>

#include "decimal_print.hpp"

#include <string>
#include <vector>

using kalkyl::BacktestPoint;
using kalkyl::Decimal;
using kalkyl::Errc;
using kalkyl::Forecast;
using kalkyl::ForecastData;
using kalkyl::ForecastMethod;
using kalkyl::Month;
using kalkyl::MonthlyAmounts;
using kalkyl::Rounding;
using kalkyl::YearHistory;

namespace {

Decimal I(std::int64_t v) {
    return Decimal(v, 0);
}

MonthlyAmounts months(std::initializer_list<std::int64_t> v) {
    MonthlyAmounts m{};
    std::size_t i = 0;
    for (const std::int64_t x : v)
        m[i++] = I(x);
    return m;
}

MonthlyAmounts flat(std::int64_t v) {
    MonthlyAmounts m{};
    m.fill(I(v));
    return m;
}

Forecast run(ForecastMethod method, const ForecastData& d, int month, int scale, Rounding mode) {
    return kalkyl::compute_forecast(method, d, Month(month), scale, mode);
}

const Decimal* input(const Forecast& f, const std::string& name) {
    for (const auto& i : f.inputs)
        if (i.name == name) return &i.value;
    return nullptr;
}

}  // namespace

TEST_SUITE("forecast") {
    TEST_CASE("run-rate: outcome to date × 12 / m, rounded as named") {
        const MonthlyAmounts outcome = flat(10);
        const Forecast f = run(ForecastMethod::run_rate, {outcome}, 8, 0, Rounding::half_up);
        CHECK(f.value == I(120));
        CHECK(f.method == ForecastMethod::run_rate);
        CHECK(f.as_of == Month::august);
        REQUIRE(input(f, "outcome_ytd") != nullptr);
        CHECK(*input(f, "outcome_ytd") == I(80));
        // 100 through July: 1 200 / 7 = 171,428…
        const MonthlyAmounts seven = months({10, 20, 10, 20, 10, 20, 10, 99, 99, 99, 99, 99});
        CHECK(run(ForecastMethod::run_rate, {seven}, 7, 0, Rounding::half_up).value == I(171));
        CHECK(run(ForecastMethod::run_rate, {seven}, 7, 1, Rounding::half_up).value ==
              Decimal(1714, 1));
        CHECK(run(ForecastMethod::run_rate, {seven}, 7, 0, Rounding::ceiling).value == I(172));
        // December: the year itself.
        CHECK(run(ForecastMethod::run_rate, {seven}, 12, 0, Rounding::half_up).value ==
              I(100 + 5 * 99));
    }

    TEST_CASE("remaining budget: outcome to date + the budget of the months left, exactly") {
        const MonthlyAmounts outcome = flat(10);
        const MonthlyAmounts budget = months({11, 11, 11, 11, 11, 11, 11, 11, 12, 13, 14, 15});
        const Forecast f =
            run(ForecastMethod::remaining_budget, {outcome, &budget}, 8, 0, Rounding::half_up);
        CHECK(f.value == I(80 + 12 + 13 + 14 + 15));
        CHECK(*input(f, "budget_remaining") == I(54));
        // Exact: öre in, öre out, whatever scale was named.
        MonthlyAmounts ore = outcome;
        ore[0] = Decimal(1005, 2);
        CHECK(
            run(ForecastMethod::remaining_budget, {ore, &budget}, 8, 0, Rounding::half_up).value ==
            Decimal(13405, 2));
        CHECK_THROWS_AS(run(ForecastMethod::remaining_budget, {outcome}, 8, 0, Rounding::half_up),
                        kalkyl::Error);
    }

    TEST_CASE("last year's profile: outcome to date / last year's share accrued by month m") {
        // Last year: 5 a month January–August, 10 a month after: 40 of 80 by
        // August, a share of one half. This year 60 by August: 120.
        const MonthlyAmounts prior = months({5, 5, 5, 5, 5, 5, 5, 5, 10, 10, 10, 10});
        const MonthlyAmounts outcome = months({7, 8, 7, 8, 7, 8, 7, 8, 0, 0, 0, 0});
        const Forecast f = run(ForecastMethod::last_year_profile, {outcome, nullptr, &prior}, 8, 0,
                               Rounding::half_up);
        CHECK(f.value == I(120));
        CHECK(*input(f, "prior_outcome_ytd") == I(40));
        CHECK(*input(f, "prior_outcome_year") == I(80));
        // Through March: 22 / (15 / 80) = 117,33…
        CHECK(run(ForecastMethod::last_year_profile, {outcome, nullptr, &prior}, 3, 2,
                  Rounding::half_up)
                  .value == Decimal(11733, 2));
        // No history: no previous year, or one with nothing accrued by the month.
        CHECK_THROWS_WITH_AS(
            run(ForecastMethod::last_year_profile, {outcome}, 8, 0, Rounding::half_up),
            doctest::Contains("not enough history"), kalkyl::Error);
        const MonthlyAmounts late = months({0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1});
        CHECK_THROWS_WITH_AS(run(ForecastMethod::last_year_profile, {outcome, nullptr, &late}, 2, 0,
                                 Rounding::half_up),
                             doctest::Contains("not enough history"), kalkyl::Error);
    }

    TEST_CASE("trend: a least-squares line through the months, extended to December") {
        // y = 10 + 2t exactly: the line is found and the rest is Σ t=7..12 (10 + 2t) = 174.
        const MonthlyAmounts line = months({12, 14, 16, 18, 20, 22, 0, 0, 0, 0, 0, 0});
        CHECK(run(ForecastMethod::trend, {line}, 6, 0, Rounding::half_up).value == I(102 + 174));
        CHECK(run(ForecastMethod::trend, {line}, 6, 2, Rounding::half_up).value ==
              Decimal(27600, 2));
        // By hand: 10, 14, 12, 18: t̄ = 2,5, ȳ = 13,5, Sxy = 11, Sxx = 5, b = 2,2,
        // a = 8; the rest Σ t=5..12 (8 + 2,2t) = 64 + 2,2·68 = 213,6; total 267,6.
        const MonthlyAmounts noisy = months({10, 14, 12, 18, 0, 0, 0, 0, 0, 0, 0, 0});
        const Forecast f = run(ForecastMethod::trend, {noisy}, 4, 1, Rounding::half_up);
        CHECK(f.value == Decimal(2676, 1));
        CHECK(*input(f, "outcome_ytd") == I(54));  // exact
        CHECK(*input(f, "fitted_rest_of_year") == Decimal(2136, 1));
        // Only the fitted rest is rounded: 54 + round(213,6) = 268.
        CHECK(run(ForecastMethod::trend, {noisy}, 4, 0, Rounding::half_up).value == I(268));
        CHECK(run(ForecastMethod::trend, {noisy}, 4, 0, Rounding::floor).value == I(267));
        // December: nothing left to extend.
        CHECK(run(ForecastMethod::trend, {noisy}, 12, 3, Rounding::half_up).value == I(54));
        CHECK_THROWS_WITH_AS(run(ForecastMethod::trend, {noisy}, 1, 0, Rounding::half_up),
                             doctest::Contains("at least two months"), kalkyl::Error);
    }

    TEST_CASE("seasonal trend: the line on top of last year's seasonal profile") {
        // Last year's profile (mean 1): half in January–February, 1,5 in July–August.
        MonthlyAmounts prior{};
        const std::int64_t p10[12] = {5, 5, 10, 10, 10, 10, 15, 15, 10, 10, 10, 10};  // tenths
        for (std::size_t i = 0; i < 12; ++i)
            prior[i] = Decimal(p10[i], 1);
        // This year: (100 + 10t) · index: 55, 60, 130, 140, 150, 160 through June.
        const MonthlyAmounts outcome = months({55, 60, 130, 140, 150, 160, 0, 0, 0, 0, 0, 0});
        // The rest: 170·1,5 + 180·1,5 + 190 + 200 + 210 + 220 = 1 345; total 695 + 1 345.
        const Forecast f = run(ForecastMethod::seasonal_trend, {outcome, nullptr, &prior}, 6, 2,
                               Rounding::half_up);
        CHECK(f.value == Decimal(204000, 2));
        // The plain trend does not see the summer.
        CHECK(run(ForecastMethod::trend, {outcome}, 6, 2, Rounding::half_up).value !=
              Decimal(204000, 2));
        MonthlyAmounts hole = prior;
        hole[1] = I(0);
        CHECK_THROWS_WITH_AS(
            run(ForecastMethod::seasonal_trend, {outcome, nullptr, &hole}, 6, 2, Rounding::half_up),
            doctest::Contains("month 2"), kalkyl::Error);
    }

    TEST_CASE("manual: a person's forecast with the author's spread") {
        const Forecast f =
            kalkyl::manual_forecast(I(-30), I(5), I(5), "ekonomichef", Month::august);
        CHECK(f.method == ForecastMethod::manual);
        CHECK(f.value == I(-30));
        CHECK(f.downside == I(5));
        CHECK(f.upside == I(5));
        CHECK(f.author == "ekonomichef");
        CHECK_THROWS_WITH_AS(kalkyl::manual_forecast(I(1), I(-1), I(0), "", Month::may),
                             doctest::Contains("downside"), kalkyl::Error);
        const MonthlyAmounts m = flat(1);
        CHECK_THROWS_AS(run(ForecastMethod::manual, {m}, 5, 0, Rounding::half_up), kalkyl::Error);
    }

    TEST_CASE("back-test: errors per year and month against the final outcome") {
        // Three years with the same shape: 5 a month for six months, 15 after
        // (a year of 120), then 10 more a month in the last year (240).
        std::vector<YearHistory> years(3);
        years[0].year = 2021;
        years[0].outcome = months({5, 5, 5, 5, 5, 5, 15, 15, 15, 15, 15, 15});
        years[1].year = 2022;
        years[1].outcome = years[0].outcome;
        years[2].year = 2023;
        years[2].outcome = months({10, 10, 10, 10, 10, 10, 30, 30, 30, 30, 30, 30});

        SUBCASE("run-rate, by hand") {
            const auto points =
                kalkyl::backtest(years, ForecastMethod::run_rate, 0, Rounding::half_up);
            REQUIRE(points.size() == 36);
            // 2021, month 1..6: 60 against 120; month 7: 45·12/7 = 77,14 -> 77.
            CHECK(points[0].year == 2021);
            CHECK(points[0].month == Month::january);
            CHECK(points[0].forecast == I(60));
            CHECK(points[0].actual == I(120));
            CHECK(points[0].error == I(-60));
            CHECK(points[6].error == I(77 - 120));
            CHECK(points[11].error == I(0));
            CHECK(points[24].year == 2023);
            CHECK(points[24].error == I(-120));
        }
        SUBCASE(
            "last year's profile: exact when the years have the same shape; the first year has no "
            "last year") {
            const auto points =
                kalkyl::backtest(years, ForecastMethod::last_year_profile, 0, Rounding::half_up);
            REQUIRE(points.size() == 24);
            for (const BacktestPoint& p : points) {
                CHECK(p.year != 2021);
                CHECK(p.error == I(0));
            }
        }
        SUBCASE("trend: from month 2; a straight year has no error") {
            std::vector<YearHistory> straight(1);
            straight[0].year = 2020;
            straight[0].outcome = months({1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12});
            const auto points =
                kalkyl::backtest(straight, ForecastMethod::trend, 2, Rounding::half_even);
            REQUIRE(points.size() == 11);
            CHECK(points[0].month == Month::february);
            for (const BacktestPoint& p : points)
                CHECK(p.error == I(0));
        }
        SUBCASE("remaining budget needs the budget; without it nothing runs") {
            CHECK(kalkyl::backtest(years, ForecastMethod::remaining_budget, 0, Rounding::half_up)
                      .empty());
            years[2].budget = flat(20);
            const auto points =
                kalkyl::backtest(years, ForecastMethod::remaining_budget, 0, Rounding::half_up);
            REQUIRE(points.size() == 12);
            // Month 6: 60 + 6·20 = 180 against 240.
            CHECK(points[5].error == I(-60));
        }
        SUBCASE("bad input") {
            CHECK_THROWS_AS(kalkyl::backtest(years, ForecastMethod::manual, 0, Rounding::half_up),
                            kalkyl::Error);
            years[1].year = 2021;
            CHECK_THROWS_WITH_AS(
                kalkyl::backtest(years, ForecastMethod::run_rate, 0, Rounding::half_up),
                doctest::Contains("twice"), kalkyl::Error);
        }
    }

}  // TEST_SUITE
