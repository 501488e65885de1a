// kalkyl/forecast.hpp: full-year forecasts of a row's outcome, each a named
// method with its inputs recorded, and the back-test of a method on earlier
// years.
//
// The methods, for an outcome known through month m (January..m):
//   run_rate            outcome to date × 12 / m;
//   remaining_budget    outcome to date + the budget of months m+1..12 (exact);
//   last_year_profile   outcome to date / (share of last year's full-year
//                       outcome that had accrued by month m), i.e.
//                       outcome to date × last year / last year through m;
//   trend               outcome to date + a least-squares line through the
//                       monthly outcomes 1..m, extended over m+1..12;
//   seasonal_trend      the same line fitted to the outcomes divided by last
//                       year's seasonal index (month / mean month), and put
//                       back on that profile over m+1..12;
//   manual              a figure entered by a person, kept with the author's
//                       downside and upside spread (the band layer reads it).
//
// Amounts are exact Decimals; where a method divides, the result is rounded to
// the scale and mode the caller names. The trend methods fit their line in
// double (least squares is statistics, done with Eigen inside src/); only the
// extension beyond month m comes from double, converted exactly from its
// binary value and rounded once to the named scale and mode. The outcome to
// date is always added exactly.
//
// A forecast is in the sign of its data: a cost row's forecast is a cost.
// Not for: variance, result or budgethållning (followup.hpp), or bands
// around a forecast (band.hpp).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "kalkyl/decimal.hpp"
#include "kalkyl/month.hpp"
#include "kalkyl/rounding.hpp"

namespace kalkyl {

// Numbering fixed by the C ABI (kalkyl_forecast_method); never renumber.
enum class ForecastMethod : int {
    run_rate = 0,
    remaining_budget = 1,
    last_year_profile = 2,
    trend = 3,
    seasonal_trend = 4,
    manual = 5,
};

inline constexpr int forecast_method_count = 6;

// The stable name of a method ("run_rate"), as in the C ABI docs and Python.
const char* forecast_method_name(ForecastMethod method) noexcept;

// One named input of a forecast ("outcome_ytd", "prior_outcome_year", ...).
struct ForecastInput {
    std::string name;
    Decimal value;
};

// A full-year forecast and how it was made.
struct Forecast {
    std::string name;  // as stored in a ledger ("Prognos aug"); empty from the free functions
    ForecastMethod method = ForecastMethod::manual;
    Month as_of = Month::december;      // the last month of outcome it knew
    Decimal value;                      // the full-year figure
    int scale = 0;                      // the scale `value` was rounded to (exact methods: its own)
    Rounding mode = Rounding::half_up;  // the mode used where the method divides
    std::vector<ForecastInput> inputs;  // what it was computed from, by name
    // Manual forecasts: the author's spread, both >= 0 (point − downside ..
    // point + upside); zero for the computed methods. `author` names the person.
    Decimal downside;
    Decimal upside;
    std::string author;
};

// The data a computed method reads. `prior` is last year's monthly outcome,
// `budget` this year's monthly budget; a method that needs one that is absent
// throws Error(invalid) ("not enough history").
struct ForecastData {
    const MonthlyAmounts& outcome;
    const MonthlyAmounts* budget = nullptr;
    const MonthlyAmounts* prior = nullptr;
};

// Runs a computed method (every method but manual) on `data` as of `month`.
// scale/mode: the scale and rounding of the result where the method divides
// or extrapolates (run_rate, last_year_profile, trend, seasonal_trend);
// remaining_budget is exact and keeps its own scale (scale and mode are
// recorded but not used).
//
// Throws Error(invalid) when the method has not enough history: trend and
// seasonal_trend need at least two months; last_year_profile needs last year's
// outcome with a non-zero total through `month`; seasonal_trend needs last
// year's outcome with every month through `month` of the sign of its year
// total (a seasonal index > 0); remaining_budget needs the budget; and for
// ForecastMethod::manual (use manual_forecast). Error(scale) for a scale
// outside 0..28, Error(overflow) when the result does not fit.
Forecast compute_forecast(ForecastMethod method, const ForecastData& data, Month month, int scale,
                          Rounding mode);

// A forecast entered by a person. Throws Error(invalid) for a negative
// downside or upside.
Forecast manual_forecast(const Decimal& value, const Decimal& downside, const Decimal& upside,
                         std::string author, Month as_of);

// --- back-test ------------------------------------------------------------------------

// One earlier year: its monthly outcome (and budget, for remaining_budget).
struct YearHistory {
    int year = 0;
    MonthlyAmounts outcome{};
    std::optional<MonthlyAmounts> budget;
};

// The forecast a method made in `year` as of `month`, against the year's
// final outcome. error = forecast − actual: positive when the forecast was
// too high (for a cost row: too pessimistic).
struct BacktestPoint {
    int year;
    Month month;
    Decimal forecast;
    Decimal actual;
    Decimal error;
};

// Runs `method` on every year at every month 1..12 and returns the errors,
// year by year (in the order given), month by month. A year's "last year" is
// the entry with year − 1 in `years`, if there is one. A (year, month) where
// the method has not enough history (the first month of a trend, a year
// without its previous year for last_year_profile, no budget for
// remaining_budget) is left out, not an error: count the points you get.
// Throws Error(invalid) for ForecastMethod::manual (there is nothing to
// re-run) or two entries with the same year; otherwise as compute_forecast.
std::vector<BacktestPoint> backtest(std::span<const YearHistory> years, ForecastMethod method,
                                    int scale, Rounding mode);

}  // namespace kalkyl
