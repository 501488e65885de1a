// Forecast-uncertainty bands (include/kalkyl/band.hpp): the band, sums over
// rows, empirical bands and grading. Eigen checks correlation matrices; it
// stays in this file and never reaches a public header.
//
// Compiled with -ffp-contract=off (CMakeLists.txt), like montecarlo.cpp, so
// that the estimates do not change with a compiler's choice to fuse a
// multiply and an add.

#include "kalkyl/band.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "kalkyl/error.hpp"

namespace kalkyl {

namespace {

[[noreturn]] void invalid(const std::string& what) {
    throw Error(Errc::invalid, what);
}

std::string level_text(double level) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", level);
    return buf;
}

void check_level(double level, const char* where) {
    if (!(level > 0.0 && level < 1.0))
        invalid(std::string(where) + ": the level " + level_text(level) +
                " is outside (0, 1) (0,8 is an 80 % band)");
}

void check_scale_mode(int scale, Rounding mode, const char* where) {
    if (!detail::valid_scale(scale)) detail::throw_scale(scale, where);
    if (!detail::valid_rounding(mode)) detail::throw_invalid_rounding(mode, where);
}

// 2^k as a Decimal, k in 0..126.
Decimal pow2(int k) {
    return Decimal::from_mantissa(static_cast<int128_t>(static_cast<uint128_t>(1) << k), 0);
}

// A non-negative spread from a double: rounded by `mode` as a magnitude.
Decimal spread_estimate(double v, int scale, Rounding mode) {
    return detail::estimate_to_decimal(v, scale, mode);
}

// The band point ∓ spreads at `scale`: the point rounded by `mode`, the
// spreads rounded by `mode` as magnitudes.
Band assemble(const Decimal& point, const Decimal& down, const Decimal& up, int scale,
              Rounding mode) {
    const Decimal p = point.round(scale, mode);
    return Band(p - down.round(scale, mode), p, p + up.round(scale, mode));
}

// Mean of exact values at `scale` by `mode`.
Decimal mean_of(const Decimal& total, std::size_t n, int scale, Rounding mode) {
    return divide(total, Decimal::from_mantissa(static_cast<int128_t>(n), 0), scale, mode);
}

}  // namespace

// --- the band ---------------------------------------------------------------------

Band::Band(const Decimal& low, const Decimal& point, const Decimal& high,
           std::optional<double> level)
    : low_(low), point_(point), high_(high), level_(level) {
    if (low > point)
        invalid("band: the low end " + low.to_string() + " is above the point " +
                point.to_string());
    if (point > high)
        invalid("band: the point " + point.to_string() + " is above the high end " +
                high.to_string());
    if (level) check_level(*level, "band");
}

Band Band::from_spread(const Decimal& point, const Decimal& downside, const Decimal& upside,
                       std::optional<double> level) {
    if (downside.signum() < 0)
        invalid("band_from_spread: the downside (försämring) " + downside.to_string() +
                " is negative; give it as a magnitude");
    if (upside.signum() < 0)
        invalid("band_from_spread: the upside (förbättring) " + upside.to_string() +
                " is negative; give it as a magnitude");
    return Band(point - downside, point, point + upside, level);
}

Decimal Band::excess(const Decimal& outcome) const {
    if (outcome > high_) return outcome - high_;
    if (outcome < low_) return outcome - low_;
    return Decimal();
}

// --- sums ------------------------------------------------------------------------------

const char* aggregation_name(Aggregation how) noexcept {
    switch (how) {
        case Aggregation::worst_case:
            return "worst_case";
        case Aggregation::independent:
            return "independent";
        case Aggregation::correlated:
            return "correlated";
    }
    return "unknown";
}

void check_correlation(std::span<const double> r, std::size_t n) {
    constexpr double tol = 1e-9;
    if (r.size() != n * n)
        invalid("correlation: " + std::to_string(r.size()) + " values for " + std::to_string(n) +
                " rows; a correlation matrix of n rows has n·n values, row-major");
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t j = 0; j < n; ++j) {
            const double v = r[i * n + j];
            const std::string at =
                "correlation[" + std::to_string(i) + "][" + std::to_string(j) + "]";
            if (!std::isfinite(v)) invalid(at + " is not a finite number");
            if (std::fabs(v) > 1.0 + tol)
                invalid(at + " = " + level_text(v) + " is outside [-1, 1]");
            if (i == j && std::fabs(v - 1.0) > tol)
                invalid(at + " = " + level_text(v) + ": the diagonal of a correlation matrix is 1");
            if (j > i && std::fabs(v - r[j * n + i]) > tol)
                invalid(at + " = " + level_text(v) + " but correlation[" + std::to_string(j) +
                        "][" + std::to_string(i) + "] = " + level_text(r[j * n + i]) +
                        ": the matrix is not symmetric");
        }
    }
    if (n == 0) return;
    Eigen::MatrixXd m(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(n));
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < n; ++j)
            m(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = r[i * n + j];
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(m, Eigen::EigenvaluesOnly);
    if (solver.info() != Eigen::Success)
        invalid("correlation: the eigenvalues could not be computed");
    const double smallest = solver.eigenvalues().minCoeff();
    if (smallest < -tol * static_cast<double>(n))
        invalid("correlation: the matrix is not positive semidefinite (smallest eigenvalue " +
                level_text(smallest) + "); no set of rows can have these correlations");
}

Band band_sum(std::span<const Band> bands, Aggregation how, std::span<const double> correlation,
              int scale, Rounding mode) {
    check_scale_mode(scale, mode, "band_sum");
    const int h = static_cast<int>(how);
    if (h < 0 || h >= aggregation_count)
        invalid("band_sum: " + std::to_string(h) +
                " is not an aggregation (0 worst_case, 1 independent, 2 correlated)");
    const std::size_t n = bands.size();
    if (how == Aggregation::correlated) {
        check_correlation(correlation, n);
    } else if (!correlation.empty()) {
        invalid(std::string("band_sum: a correlation matrix was given for the ") +
                aggregation_name(how) + " sum; it is read only for the correlated sum");
    }

    std::vector<Decimal> points, downs, ups;
    points.reserve(n);
    downs.reserve(n);
    ups.reserve(n);
    for (const Band& b : bands) {
        points.push_back(b.point());
        downs.push_back(b.downside());
        ups.push_back(b.upside());
    }
    const Decimal point = sum(points);
    if (how == Aggregation::worst_case) return assemble(point, sum(downs), sum(ups), scale, mode);

    std::vector<double> d(n), u(n);
    for (std::size_t i = 0; i < n; ++i) {
        d[i] = downs[i].to_double();
        u[i] = ups[i].to_double();
    }
    // Σ_i v_i·(Σ_j R_ij v_j), in index order; with R = I exactly Σ v_i².
    auto quadratic = [&](const std::vector<double>& v) {
        double total = 0;
        for (std::size_t i = 0; i < n; ++i) {
            double row = 0;
            if (how == Aggregation::independent) {
                row = v[i];
            } else {
                for (std::size_t j = 0; j < n; ++j)
                    row += correlation[i * n + j] * v[j];
            }
            total += v[i] * row;
        }
        return std::sqrt(std::max(total, 0.0));  // PSD: ≥ 0 up to rounding
    };
    return assemble(point, spread_estimate(quadratic(d), scale, mode),
                    spread_estimate(quadratic(u), scale, mode), scale, mode);
}

// --- empirical bands ---------------------------------------------------------------------

EmpiricalBand empirical_band(const Decimal& point, std::span<const Decimal> errors, double level,
                             std::size_t min_history, const DefaultSpread& fallback, int scale,
                             Rounding mode) {
    check_scale_mode(scale, mode, "empirical_band");
    check_level(level, "empirical_band");
    if (min_history == 0) invalid("empirical_band: min_history is 0; at least one error is needed");
    const std::size_t n = errors.size();
    EmpiricalBand out;
    out.history = n;
    out.stretched_to_point = false;
    if (n < min_history) {
        if (fallback.rate.signum() < 0)
            invalid("empirical_band: the default rate " + fallback.rate.to_string() +
                    " is negative");
        const Decimal spread = fallback.rate * fallback.remaining_budget.abs();
        const Band b = assemble(point, spread, spread, scale, mode);
        out.band = b.with_level(level);
        out.source = BandSource::default_spread;
        out.achieved_level = level;
        return out;
    }
    std::vector<Decimal> e(errors.begin(), errors.end());
    std::sort(e.begin(), e.end());
    const double alpha = (1.0 - level) / 2.0;
    // k = floor((n + 1)·α). The 10⁻⁹ allowance absorbs the binary
    // representation of the level: 1 − 0,9 is 0,09999999999999998 in double,
    // and 20·α must still count as 1. k <= n/2 always since α < 1/2.
    auto k = static_cast<std::size_t>(std::floor(static_cast<double>(n + 1) * alpha + 1e-9));
    Decimal lo_err, hi_err;
    if (k >= 1) {
        lo_err = e[k - 1];
        hi_err = e[n - k];
        out.source = BandSource::history;
        out.achieved_level = static_cast<double>(n + 1 - 2 * k) / static_cast<double>(n + 1);
    } else {
        lo_err = e.front();
        hi_err = e.back();
        out.source = BandSource::widened_to_range;
        out.achieved_level = static_cast<double>(n - 1) / static_cast<double>(n + 1);
    }
    if (lo_err.signum() > 0) {
        lo_err = Decimal();
        out.stretched_to_point = true;
    }
    if (hi_err.signum() < 0) {
        hi_err = Decimal();
        out.stretched_to_point = true;
    }
    // The spreads are exact (−e(k) and e(n+1−k)); rounded as magnitudes.
    out.band = assemble(point, -lo_err, hi_err, scale, mode).with_level(level);
    return out;
}

// --- grading --------------------------------------------------------------------------------

Decimal pinball_loss(const Decimal& quantile, const Decimal& outcome, double tau, int scale,
                     Rounding mode) {
    check_scale_mode(scale, mode, "pinball_loss");
    if (!(tau > 0.0 && tau < 1.0))
        invalid("pinball_loss: tau " + level_text(tau) + " is outside (0, 1)");
    const Decimal diff = outcome - quantile;
    const double loss =
        diff.signum() >= 0 ? tau * diff.to_double() : (1.0 - tau) * (-diff).to_double();
    return detail::estimate_to_decimal(loss, scale, mode);
}

BandScores grade(std::span<const Band> bands, std::span<const Decimal> outcomes,
                 std::optional<double> level, int scale, Rounding mode) {
    check_scale_mode(scale, mode, "grade");
    if (bands.size() != outcomes.size())
        invalid("grade: " + std::to_string(bands.size()) + " bands but " +
                std::to_string(outcomes.size()) + " outcomes; they come in pairs");
    const std::size_t n = bands.size();
    if (n == 0) invalid("grade: no bands to grade");
    if (level) check_level(*level, "grade");

    std::vector<Decimal> errors, abs_errors;
    errors.reserve(n);
    abs_errors.reserve(n);
    std::size_t inside = 0;
    double interval = 0, pin_low = 0, pin_point = 0, pin_high = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const Band& b = bands[i];
        const Decimal& y = outcomes[i];
        const std::optional<double> l = b.level() ? b.level() : level;
        if (!l)
            invalid("grade: band " + std::to_string(i) +
                    " has no level and none was given; the interval score needs one");
        const double alpha = 1.0 - *l;
        const Decimal err = y - b.point();
        errors.push_back(err);
        abs_errors.push_back(err.abs());
        if (b.contains(y)) ++inside;
        // The exact width and miss, then the one inexact factor 2/α.
        const Decimal miss = b.excess(y).abs();
        interval += b.width().to_double() + (2.0 / alpha) * miss.to_double();
        auto pin = [&](const Decimal& q, double tau) {
            const double d = (y - q).to_double();
            return d >= 0 ? tau * d : (tau - 1.0) * d;
        };
        pin_low += pin(b.low(), alpha / 2.0);
        pin_point += pin(b.point(), 0.5);
        pin_high += pin(b.high(), 1.0 - alpha / 2.0);
    }
    const double nd = static_cast<double>(n);
    BandScores s;
    s.count = n;
    s.bias = mean_of(sum(errors), n, scale, mode);
    s.mean_absolute_error = mean_of(sum(abs_errors), n, scale, mode);
    s.coverage = static_cast<double>(inside) / nd;
    s.interval_score = detail::estimate_to_decimal(interval / nd, scale, mode);
    s.pinball_low = detail::estimate_to_decimal(pin_low / nd, scale, mode);
    s.pinball_point = detail::estimate_to_decimal(pin_point / nd, scale, mode);
    s.pinball_high = detail::estimate_to_decimal(pin_high / nd, scale, mode);
    return s;
}

// --- double -> Decimal -----------------------------------------------------------------------

namespace detail {

Decimal estimate_to_decimal(double v, int scale, Rounding mode) {
    check_scale_mode(scale, mode, "estimate");
    if (!std::isfinite(v)) invalid("estimate: a statistic came out as NaN or infinity");
    if (v == 0.0) return Decimal::raw(0, scale);
    // v = m · 2^e exactly, m an integer of at most 53 bits.
    int e2 = 0;
    const double frac = std::frexp(v, &e2);  // v = frac · 2^e2, 0.5 <= |frac| < 1
    const auto m = static_cast<std::int64_t>(std::ldexp(frac, 53));  // exact
    int e = e2 - 53;
    const Decimal dm = Decimal::from_mantissa(m, 0);
    if (e >= 0) {
        if (e > 72)
            throw Error(Errc::overflow, "estimate: " + level_text(v) + " does not fit 38 digits");
        const int128_t big = static_cast<int128_t>(m) * (static_cast<int128_t>(1) << e);  // < 2^125
        return Decimal::from_mantissa(big, 0).round(scale, mode);
    }
    int k = -e;
    if (k <= 126) return divide(dm, pow2(k), scale, mode);
    // m / 2^k = (m · 5^j · 10^-j) / 2^126 with j = k − 126, while m · 5^j fits.
    const int j = k - 126;
    if (j <= 28) {
        int128_t num = m;
        for (int i = 0; i < j; ++i)
            num *= 5;  // |m|·5^28 < 2^53·2^65 = 2^118
        return divide(Decimal::from_mantissa(num, j), pow2(126), scale, mode);
    }
    // |v| < 2^53 · 2^-155 < 10^-30: below half a unit at any scale <= 28, so
    // only the directed modes can leave a unit.
    const bool negative = v < 0;
    bool away = false;
    switch (mode) {
        case Rounding::up:
            away = true;
            break;
        case Rounding::ceiling:
            away = !negative;
            break;
        case Rounding::floor:
            away = negative;
            break;
        default:
            away = false;
            break;
    }
    return Decimal::raw(away ? (negative ? -1 : 1) : 0, scale);
}

}  // namespace detail

}  // namespace kalkyl
