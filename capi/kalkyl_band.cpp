// The C ABI of forecast-uncertainty bands (capi/kalkyl.h, section
// "Forecast-uncertainty bands") over include/kalkyl/band.hpp and
// montecarlo.hpp.
//
// The conventions of capi/kalkyl.cpp (capi/detail/capi_common.hpp): every
// argument checked, the C++ API called inside guarded(), outputs written only
// on success. Inputs are copied into C++ values as they are checked; the
// caller's outputs are written last, from a finished result.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "detail/capi_common.hpp"
#include "kalkyl.h"
#include "kalkyl/band.hpp"
#include "kalkyl/decimal.hpp"
#include "kalkyl/montecarlo.hpp"

static_assert(sizeof(kalkyl_band) == 3 * sizeof(kalkyl_dec));
static_assert(sizeof(kalkyl_band_info) == 24);
static_assert(sizeof(kalkyl_simulation) == 8 + 6 * sizeof(kalkyl_dec) + 16);
static_assert(sizeof(kalkyl_band_scores) == 16 + 6 * sizeof(kalkyl_dec));
static_assert(sizeof(kalkyl_aggregation) == sizeof(int));
static_assert(KALKYL_AGG_WORST_CASE == static_cast<int>(kalkyl::Aggregation::worst_case));
static_assert(KALKYL_AGG_INDEPENDENT == static_cast<int>(kalkyl::Aggregation::independent));
static_assert(KALKYL_AGG_CORRELATED == static_cast<int>(kalkyl::Aggregation::correlated));
static_assert(KALKYL_AGG_CORRELATED + 1 == kalkyl::aggregation_count);
static_assert(KALKYL_BAND_FROM_HISTORY == static_cast<int>(kalkyl::BandSource::history));
static_assert(KALKYL_BAND_WIDENED == static_cast<int>(kalkyl::BandSource::widened_to_range));
static_assert(KALKYL_BAND_DEFAULT == static_cast<int>(kalkyl::BandSource::default_spread));

namespace {

using kalkyl::Band;
using kalkyl::Decimal;
using namespace kalkyl::capi::detail;

kalkyl_status bad_band(const char* fn, const char* name, std::size_t index, const Decimal& low,
                       const Decimal& point, const Decimal& high) {
    char who[64];
    if (index == no_index)
        std::snprintf(who, sizeof who, "%s", name);
    else
        std::snprintf(who, sizeof who, "%s[%zu]", name, index);
    if (low > point)
        return failf(KALKYL_E_INVALID, fn, "%s: low %s is above point %s", who,
                     low.to_string().c_str(), point.to_string().c_str());
    return failf(KALKYL_E_INVALID, fn, "%s: point %s is above high %s", who,
                 point.to_string().c_str(), high.to_string().c_str());
}

// Checks and reads one kalkyl_band: three valid kalkyl_dec, low <= point <= high.
kalkyl_status load_band(const kalkyl_band& b, const char* fn, const char* name, std::size_t index,
                        Band& out) {
    const kalkyl_dec* parts[3] = {&b.low, &b.point, &b.high};
    static constexpr const char* part_names[3] = {"low", "point", "high"};
    Decimal v[3];
    for (int k = 0; k < 3; ++k) {
        if (!valid_dec(*parts[k])) {
            char who[64];
            if (index == no_index)
                std::snprintf(who, sizeof who, "%s.%s", name, part_names[k]);
            else
                std::snprintf(who, sizeof who, "%s[%zu].%s", name, index, part_names[k]);
            return bad_dec(*parts[k], fn, who, no_index);
        }
        v[k] = to_decimal(*parts[k]);
    }
    if (v[0] > v[1] || v[1] > v[2]) return bad_band(fn, name, index, v[0], v[1], v[2]);
    out = Band(v[0], v[1], v[2]);
    return KALKYL_OK;
}

kalkyl_status load_bands(const kalkyl_band* bands, std::size_t n, const char* fn, const char* name,
                         std::vector<Band>& out) {
    if (bands == nullptr && n > 0)
        return failf(KALKYL_E_NULL, fn, "%s is NULL but n is %zu", name, n);
    out.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        if (const kalkyl_status s = load_band(bands[i], fn, name, i, out[i]); s != KALKYL_OK)
            return s;
    return KALKYL_OK;
}

kalkyl_status load_decs(const kalkyl_dec* values, std::size_t n, const char* fn, const char* name,
                        std::vector<Decimal>& out) {
    if (values == nullptr && n > 0)
        return failf(KALKYL_E_NULL, fn, "%s is NULL but n is %zu", name, n);
    out.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        if (const kalkyl_status s = load_at(values, i, fn, name, out[i]); s != KALKYL_OK) return s;
    return KALKYL_OK;
}

// The n·n correlation matrix; non-finite values are refused here with their index.
kalkyl_status load_correlation(const double* correlation, std::size_t n, const char* fn,
                               std::vector<double>& out) {
    if (n != 0 && n > SIZE_MAX / n / sizeof(double))
        return failf(KALKYL_E_INVALID, fn,
                     "n %zu: an n*n correlation matrix does not fit in memory", n);
    if (correlation == nullptr && n > 0) return null_arg(fn, "correlation");
    out.assign(correlation, correlation + n * n);
    for (std::size_t i = 0; i < n * n; ++i)
        if (!std::isfinite(out[i]))
            return failf(KALKYL_E_INVALID, fn, "correlation[%zu][%zu] is not a finite number",
                         i / n, i % n);
    return KALKYL_OK;
}

kalkyl_status load_scale_mode(std::int32_t scale, int mode, const char* fn) {
    if (const kalkyl_status s = check_scale(scale, fn, "scale"); s != KALKYL_OK) return s;
    return check_rounding(mode, fn, "mode");
}

kalkyl_band to_c(const Band& b) noexcept {
    kalkyl_band out;
    out.low = kalkyl::capi::detail::to_c(b.low());
    out.point = kalkyl::capi::detail::to_c(b.point());
    out.high = kalkyl::capi::detail::to_c(b.high());
    return out;
}

kalkyl_simulation to_c(const kalkyl::Simulation& s) noexcept {
    kalkyl_simulation out;
    out.scenarios = s.scenarios;
    out.mean = kalkyl::capi::detail::to_c(s.mean);
    out.q05 = kalkyl::capi::detail::to_c(s.quantiles[0]);
    out.q10 = kalkyl::capi::detail::to_c(s.quantiles[1]);
    out.q50 = kalkyl::capi::detail::to_c(s.quantiles[2]);
    out.q90 = kalkyl::capi::detail::to_c(s.quantiles[3]);
    out.q95 = kalkyl::capi::detail::to_c(s.quantiles[4]);
    out.p_at_least_zero = s.p_at_least_zero;
    out.p_inside = s.p_inside ? *s.p_inside : NAN;
    return out;
}

kalkyl_status load_target(const kalkyl_band* target, const char* fn, std::optional<Band>& out) {
    if (target == nullptr) return KALKYL_OK;
    Band b;
    if (const kalkyl_status s = load_band(*target, fn, "target", no_index, b); s != KALKYL_OK)
        return s;
    out = b;
    return KALKYL_OK;
}

}  // namespace

KALKYL_API kalkyl_status kalkyl_band_from_spread(const kalkyl_dec* point,
                                                 const kalkyl_dec* downside,
                                                 const kalkyl_dec* upside, kalkyl_band* out) {
    static constexpr const char* fn = "kalkyl_band_from_spread";
    return guarded(fn, [&] {
        Decimal p, d, u;
        if (const kalkyl_status s = load(point, fn, "point", p); s != KALKYL_OK) return s;
        if (const kalkyl_status s = load(downside, fn, "downside", d); s != KALKYL_OK) return s;
        if (const kalkyl_status s = load(upside, fn, "upside", u); s != KALKYL_OK) return s;
        if (out == nullptr) return null_arg(fn, "out");
        *out = to_c(Band::from_spread(p, d, u));
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_band_sum(const kalkyl_band* bands, size_t n, kalkyl_aggregation how,
                                         const double* correlation, int32_t scale,
                                         kalkyl_rounding mode, kalkyl_band* out) {
    static constexpr const char* fn = "kalkyl_band_sum";
    return guarded(fn, [&] {
        if (out == nullptr) return null_arg(fn, "out");
        const int h = enum_value(how);
        if (h < 0 || h >= kalkyl::aggregation_count)
            return failf(
                KALKYL_E_INVALID, fn,
                "how %d is not a kalkyl_aggregation (0 WORST_CASE, 1 INDEPENDENT, 2 CORRELATED)",
                h);
        const int m = enum_value(mode);
        if (const kalkyl_status s = load_scale_mode(scale, m, fn); s != KALKYL_OK) return s;
        std::vector<Band> b;
        if (const kalkyl_status s = load_bands(bands, n, fn, "bands", b); s != KALKYL_OK) return s;
        std::vector<double> r;
        if (h == KALKYL_AGG_CORRELATED)
            if (const kalkyl_status s = load_correlation(correlation, n, fn, r); s != KALKYL_OK)
                return s;
        *out = to_c(kalkyl::band_sum(b, static_cast<kalkyl::Aggregation>(h), r, scale,
                                     static_cast<kalkyl::Rounding>(m)));
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_band_excess(const kalkyl_band* band, const kalkyl_dec* outcome,
                                            int* inside, kalkyl_dec* excess) {
    static constexpr const char* fn = "kalkyl_band_excess";
    return guarded(fn, [&] {
        if (band == nullptr) return null_arg(fn, "band");
        Band b;
        if (const kalkyl_status s = load_band(*band, fn, "band", no_index, b); s != KALKYL_OK)
            return s;
        Decimal y;
        if (const kalkyl_status s = load(outcome, fn, "outcome", y); s != KALKYL_OK) return s;
        if (inside == nullptr) return null_arg(fn, "inside");
        if (excess == nullptr) return null_arg(fn, "excess");
        const Decimal e = b.excess(y);
        *inside = b.contains(y) ? 1 : 0;
        *excess = kalkyl::capi::detail::to_c(e);
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_band_empirical(const kalkyl_dec* point, const kalkyl_dec* errors,
                                               size_t n, double level, size_t min_history,
                                               const kalkyl_dec* remaining_budget,
                                               const kalkyl_dec* default_rate, int32_t scale,
                                               kalkyl_rounding mode, kalkyl_band* out,
                                               kalkyl_band_info* info) {
    static constexpr const char* fn = "kalkyl_band_empirical";
    return guarded(fn, [&] {
        Decimal p;
        if (const kalkyl_status s = load(point, fn, "point", p); s != KALKYL_OK) return s;
        std::vector<Decimal> e;
        if (const kalkyl_status s = load_decs(errors, n, fn, "errors", e); s != KALKYL_OK) return s;
        kalkyl::DefaultSpread fallback;
        if (const kalkyl_status s =
                load(remaining_budget, fn, "remaining_budget", fallback.remaining_budget);
            s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = load(default_rate, fn, "default_rate", fallback.rate);
            s != KALKYL_OK)
            return s;
        if (out == nullptr) return null_arg(fn, "out");
        if (info == nullptr) return null_arg(fn, "info");
        const int m = enum_value(mode);
        if (const kalkyl_status s = load_scale_mode(scale, m, fn); s != KALKYL_OK) return s;
        const kalkyl::EmpiricalBand r = kalkyl::empirical_band(
            p, e, level, min_history, fallback, scale, static_cast<kalkyl::Rounding>(m));
        kalkyl_band_info i;
        i.source = static_cast<int32_t>(r.source);
        i.flags = r.stretched_to_point ? KALKYL_BAND_STRETCHED_TO_POINT : 0u;
        i.history = r.history;
        i.achieved_level = r.achieved_level;
        *out = to_c(r.band);
        *info = i;
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_band_simulate(const kalkyl_band* rows, size_t n,
                                              const double* correlation, double level,
                                              uint64_t seed, uint64_t scenarios,
                                              const kalkyl_band* target, int32_t scale,
                                              kalkyl_rounding mode, kalkyl_simulation* out) {
    static constexpr const char* fn = "kalkyl_band_simulate";
    return guarded(fn, [&] {
        if (out == nullptr) return null_arg(fn, "out");
        const int m = enum_value(mode);
        if (const kalkyl_status s = load_scale_mode(scale, m, fn); s != KALKYL_OK) return s;
        std::vector<Band> b;
        if (const kalkyl_status s = load_bands(rows, n, fn, "rows", b); s != KALKYL_OK) return s;
        std::vector<double> r;
        if (correlation != nullptr)
            if (const kalkyl_status s = load_correlation(correlation, n, fn, r); s != KALKYL_OK)
                return s;
        kalkyl::MonteCarloOptions o;
        if (const kalkyl_status s = load_target(target, fn, o.target); s != KALKYL_OK) return s;
        if (!(level > 0.0 && level < 1.0))
            return failf(KALKYL_E_INVALID, fn, "level %g is outside (0, 1) (0.8 is an 80 %% band)",
                         level);
        o.seed = seed;
        o.scenarios = scenarios;
        o.level = level;
        o.scale = scale;
        o.mode = static_cast<kalkyl::Rounding>(m);
        *out = to_c(kalkyl::simulate(b, r, o));
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_band_bootstrap(const kalkyl_dec* points, size_t n,
                                               const kalkyl_dec* errors, size_t n_years,
                                               uint64_t seed, uint64_t scenarios,
                                               const kalkyl_band* target, int32_t scale,
                                               kalkyl_rounding mode, kalkyl_simulation* out) {
    static constexpr const char* fn = "kalkyl_band_bootstrap";
    return guarded(fn, [&] {
        if (out == nullptr) return null_arg(fn, "out");
        const int m = enum_value(mode);
        if (const kalkyl_status s = load_scale_mode(scale, m, fn); s != KALKYL_OK) return s;
        std::vector<Decimal> p;
        if (const kalkyl_status s = load_decs(points, n, fn, "points", p); s != KALKYL_OK) return s;
        if (n_years != 0 && n > SIZE_MAX / n_years)
            return failf(KALKYL_E_INVALID, fn, "n %zu times n_years %zu does not fit size_t", n,
                         n_years);
        std::vector<Decimal> e;
        if (const kalkyl_status s = load_decs(errors, n * n_years, fn, "errors", e); s != KALKYL_OK)
            return s;
        kalkyl::MonteCarloOptions o;
        if (const kalkyl_status s = load_target(target, fn, o.target); s != KALKYL_OK) return s;
        o.seed = seed;
        o.scenarios = scenarios;
        o.scale = scale;
        o.mode = static_cast<kalkyl::Rounding>(m);
        *out = to_c(kalkyl::bootstrap(p, e, o));
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_band_grade(const kalkyl_band* bands, const kalkyl_dec* outcomes,
                                           size_t n, double level, int32_t scale,
                                           kalkyl_rounding mode, kalkyl_band_scores* out) {
    static constexpr const char* fn = "kalkyl_band_grade";
    return guarded(fn, [&] {
        if (out == nullptr) return null_arg(fn, "out");
        const int m = enum_value(mode);
        if (const kalkyl_status s = load_scale_mode(scale, m, fn); s != KALKYL_OK) return s;
        std::vector<Band> b;
        if (const kalkyl_status s = load_bands(bands, n, fn, "bands", b); s != KALKYL_OK) return s;
        std::vector<Decimal> y;
        if (const kalkyl_status s = load_decs(outcomes, n, fn, "outcomes", y); s != KALKYL_OK)
            return s;
        const kalkyl::BandScores r =
            kalkyl::grade(b, y, level, scale, static_cast<kalkyl::Rounding>(m));
        kalkyl_band_scores c;
        c.count = r.count;
        c.coverage = r.coverage;
        c.bias = kalkyl::capi::detail::to_c(r.bias);
        c.mean_absolute_error = kalkyl::capi::detail::to_c(r.mean_absolute_error);
        c.interval_score = kalkyl::capi::detail::to_c(r.interval_score);
        c.pinball_low = kalkyl::capi::detail::to_c(r.pinball_low);
        c.pinball_point = kalkyl::capi::detail::to_c(r.pinball_point);
        c.pinball_high = kalkyl::capi::detail::to_c(r.pinball_high);
        *out = c;
        return KALKYL_OK;
    });
}
