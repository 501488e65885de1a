// Full-year forecast methods and their back-test (include/kalkyl/forecast.hpp),
// and the out-of-line parts of include/kalkyl/month.hpp.
//
// Amounts stay exact Decimals. Only the trend methods leave them: the least
// squares fit is statistics, done in double with Eigen, and the fitted rest of
// the year comes back through to_decimal() below, which converts the double's
// exact binary value and rounds it once, by the caller's mode.

#include "kalkyl/forecast.hpp"

#include <Eigen/Dense>
#include <cmath>
#include <cstdint>
#include <string>
#include <unordered_set>
#include <utility>

#include "kalkyl/error.hpp"
#include "kalkyl/month.hpp"

namespace kalkyl {

namespace detail {
void throw_month(int month) {
    throw Error(Errc::invalid, "month " + std::to_string(month) + " is outside 1..12");
}
}  // namespace detail

Decimal through(const MonthlyAmounts& months, Month month) {
    Decimal total;
    for (std::size_t i = 0; i <= month.index(); ++i)
        total += months[i];
    return total;
}

Decimal year_total(const MonthlyAmounts& months) {
    return through(months, Month::december);
}

const char* forecast_method_name(ForecastMethod method) noexcept {
    switch (method) {
        case ForecastMethod::run_rate:
            return "run_rate";
        case ForecastMethod::remaining_budget:
            return "remaining_budget";
        case ForecastMethod::last_year_profile:
            return "last_year_profile";
        case ForecastMethod::trend:
            return "trend";
        case ForecastMethod::seasonal_trend:
            return "seasonal_trend";
        case ForecastMethod::manual:
            return "manual";
    }
    return "unknown";
}

namespace {

[[noreturn]] void not_enough_history(ForecastMethod method, Month month, const std::string& why) {
    throw Error(Errc::invalid, std::string("forecast method ") + forecast_method_name(method) +
                                   " as of month " + std::to_string(month.value()) +
                                   ": not enough history: " + why);
}

// The exact value of a finite double, rounded to `scale` by `mode`. A double
// is f · 2^e with an integer f of at most 53 bits: an integer times a power
// of two (exact in Decimal), or an integer over a power of two (one correctly
// rounded division).
Decimal to_decimal(double x, int scale, Rounding mode) {
    if (!std::isfinite(x)) throw Error(Errc::invalid, "the fitted trend is not a finite number");
    if (x == 0.0) return Decimal(0, 0).round(scale, mode);
    int exponent = 0;
    const double fraction =
        std::frexp(x, &exponent);  // x = fraction · 2^exponent, |fraction| in [0.5, 1)
    auto mantissa = static_cast<std::int64_t>(std::ldexp(fraction, 53));  // exact
    int shift = exponent - 53;                                            // x = mantissa · 2^shift
    while (shift < 0 && (mantissa & 1) == 0) {
        mantissa /= 2;
        ++shift;
    }
    if (shift >= 0) {
        if (shift > 72) throw Error(Errc::overflow, "the fitted trend does not fit 38 digits");
        Decimal power(1, 0);
        const Decimal two(2, 0);
        for (int i = 0; i < shift; ++i)
            power *= two;
        return (Decimal(mantissa, 0) * power).round(scale, mode);
    }
    // |x| < 2^53 here and the denominator 2^-shift: keep it within 126 bits
    // by dropping low bits into a sticky bit (only for |x| below 2^-70, far
    // under any scale's last digit, where the sticky bit keeps directed
    // modes right).
    int denominator_bits = -shift;
    if (denominator_bits > 120) {
        const int drop = denominator_bits - 120;
        const std::int64_t magnitude = mantissa < 0 ? -mantissa : mantissa;
        std::int64_t kept = drop >= 63 ? 0 : (magnitude >> drop);
        const bool lost = drop >= 63 ? magnitude != 0 : (kept << drop) != magnitude;
        kept = (kept << 1) | (lost ? 1 : 0);  // one more bit: the sticky one
        mantissa = mantissa < 0 ? -kept : kept;
        denominator_bits = 121;
    }
    const Decimal denominator =
        Decimal::from_mantissa(static_cast<int128_t>(1) << denominator_bits, 0);
    return divide(Decimal(mantissa, 0), denominator, scale, mode);
}

// Least squares y = a + b·t over t = 1..n (Eigen); returns (a, b).
std::pair<double, double> fit_line(const Eigen::VectorXd& y) {
    const Eigen::Index n = y.size();
    Eigen::MatrixXd x(n, 2);
    for (Eigen::Index i = 0; i < n; ++i) {
        x(i, 0) = 1.0;
        x(i, 1) = static_cast<double>(i + 1);
    }
    const Eigen::Vector2d beta = x.colPivHouseholderQr().solve(y);
    return {beta(0), beta(1)};
}

Forecast base(ForecastMethod method, Month month, int scale, Rounding mode) {
    if (!detail::valid_scale(scale)) detail::throw_scale(scale, "forecast");
    if (!detail::valid_rounding(mode)) detail::throw_invalid_rounding(mode, "forecast");
    Forecast f;
    f.method = method;
    f.as_of = month;
    f.scale = scale;
    f.mode = mode;
    return f;
}

Forecast trend(ForecastMethod method, const ForecastData& data, Month month, int scale,
               Rounding mode) {
    const bool seasonal = method == ForecastMethod::seasonal_trend;
    if (month.value() < 2)
        not_enough_history(method, month, "a line needs the outcome of at least two months");
    std::array<double, Month::count> index{};  // the seasonal index, mean 1
    Decimal prior_year;
    if (seasonal) {
        if (data.prior == nullptr) not_enough_history(method, month, "no outcome for last year");
        prior_year = year_total(*data.prior);
        if (prior_year.is_zero())
            not_enough_history(method, month, "last year's outcome adds up to zero");
        for (std::size_t i = 0; i < index.size(); ++i) {
            // month / mean month = 12 · month / year, as a statistic (double).
            index[i] = 12.0 * (*data.prior)[i].to_double() / prior_year.to_double();
            if (i <= month.index() && !(index[i] > 0.0))
                not_enough_history(method, month,
                                   "last year's outcome for month " + std::to_string(i + 1) +
                                       " has no seasonal weight (zero or the opposite sign)");
        }
    }
    const auto n = static_cast<Eigen::Index>(month.value());
    Eigen::VectorXd y(n);
    for (Eigen::Index i = 0; i < n; ++i) {
        const double v = data.outcome[static_cast<std::size_t>(i)].to_double();
        y(i) = seasonal ? v / index[static_cast<std::size_t>(i)] : v;
    }
    const auto [a, b] = fit_line(y);
    double rest = 0.0;
    for (int t = month.value() + 1; t <= Month::count; ++t) {
        const double line = a + b * t;
        rest += seasonal ? line * index[static_cast<std::size_t>(t - 1)] : line;
    }
    Forecast f = base(method, month, scale, mode);
    const Decimal ytd = through(data.outcome, month);
    const Decimal fitted = to_decimal(rest, scale, mode);
    f.value = ytd + fitted;
    f.inputs = {{"outcome_ytd", ytd}, {"fitted_rest_of_year", fitted}};
    if (seasonal) f.inputs.push_back({"prior_outcome_year", prior_year});
    return f;
}

}  // namespace

Forecast compute_forecast(ForecastMethod method, const ForecastData& data, Month month, int scale,
                          Rounding mode) {
    const Decimal ytd = through(data.outcome, month);
    switch (method) {
        case ForecastMethod::run_rate: {
            Forecast f = base(method, month, scale, mode);
            f.value = divide(ytd * Decimal(12, 0), Decimal(month.value(), 0), scale, mode);
            f.inputs = {{"outcome_ytd", ytd}, {"months", Decimal(month.value(), 0)}};
            return f;
        }
        case ForecastMethod::remaining_budget: {
            if (data.budget == nullptr) not_enough_history(method, month, "no budget");
            Forecast f = base(method, month, scale, mode);
            Decimal rest;
            for (std::size_t i = month.index() + 1; i < Month::count; ++i)
                rest += (*data.budget)[i];
            f.value = ytd + rest;
            f.scale = f.value.scale();
            f.inputs = {{"outcome_ytd", ytd}, {"budget_remaining", rest}};
            return f;
        }
        case ForecastMethod::last_year_profile: {
            if (data.prior == nullptr)
                not_enough_history(method, month, "no outcome for last year");
            const Decimal prior_ytd = through(*data.prior, month);
            const Decimal prior_year = year_total(*data.prior);
            if (prior_ytd.is_zero())
                not_enough_history(method, month,
                                   "last year's outcome through the month is zero (no profile)");
            Forecast f = base(method, month, scale, mode);
            // ytd / (prior_ytd / prior_year) = ytd · prior_year / prior_ytd: one rounding.
            f.value = divide(ytd * prior_year, prior_ytd, scale, mode);
            f.inputs = {{"outcome_ytd", ytd},
                        {"prior_outcome_ytd", prior_ytd},
                        {"prior_outcome_year", prior_year}};
            return f;
        }
        case ForecastMethod::trend:
        case ForecastMethod::seasonal_trend:
            return trend(method, data, month, scale, mode);
        case ForecastMethod::manual:
            throw Error(Errc::invalid,
                        "forecast method manual is entered by a person, not computed (use "
                        "manual_forecast)");
    }
    throw Error(Errc::invalid, "forecast method " + std::to_string(static_cast<int>(method)) +
                                   " is not a ForecastMethod (0..5)");
}

Forecast manual_forecast(const Decimal& value, const Decimal& downside, const Decimal& upside,
                         std::string author, Month as_of) {
    if (downside.signum() < 0)
        throw Error(Errc::invalid, "a manual forecast's downside must not be negative (it is " +
                                       downside.to_string() + ")");
    if (upside.signum() < 0)
        throw Error(Errc::invalid, "a manual forecast's upside must not be negative (it is " +
                                       upside.to_string() + ")");
    Forecast f;
    f.method = ForecastMethod::manual;
    f.as_of = as_of;
    f.value = value;
    f.scale = value.scale();
    f.inputs = {{"value", value}};
    f.downside = downside;
    f.upside = upside;
    f.author = std::move(author);
    return f;
}

std::vector<BacktestPoint> backtest(std::span<const YearHistory> years, ForecastMethod method,
                                    int scale, Rounding mode) {
    if (method == ForecastMethod::manual)
        throw Error(Errc::invalid, "backtest: a manual forecast cannot be re-run on earlier years");
    if (static_cast<int>(method) < 0 || static_cast<int>(method) >= forecast_method_count)
        throw Error(Errc::invalid, "backtest: forecast method " +
                                       std::to_string(static_cast<int>(method)) +
                                       " is not a ForecastMethod (0..5)");
    if (!detail::valid_scale(scale)) detail::throw_scale(scale, "backtest");
    if (!detail::valid_rounding(mode)) detail::throw_invalid_rounding(mode, "backtest");
    std::unordered_set<int> seen;
    for (const YearHistory& y : years)
        if (!seen.insert(y.year).second)
            throw Error(Errc::invalid,
                        "backtest: year " + std::to_string(y.year) + " is given twice");

    std::vector<BacktestPoint> points;
    points.reserve(years.size() * Month::count);
    for (const YearHistory& y : years) {
        const MonthlyAmounts* prior = nullptr;
        for (const YearHistory& p : years)
            if (p.year == y.year - 1) prior = &p.outcome;
        const ForecastData data{y.outcome, y.budget ? &*y.budget : nullptr, prior};
        const Decimal actual = year_total(y.outcome);
        for (int m = 1; m <= Month::count; ++m) {
            const Month month(m);
            Forecast f;
            try {
                f = compute_forecast(method, data, month, scale, mode);
            } catch (const Error& e) {
                // Not enough history at this point: left out. Anything else is real.
                if (e.code() == Errc::invalid) continue;
                throw;
            }
            points.push_back({y.year, month, f.value, actual, f.value - actual});
        }
    }
    return points;
}

}  // namespace kalkyl
