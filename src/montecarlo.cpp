// Seeded Monte Carlo of a forecast total (include/kalkyl/montecarlo.hpp).
//
// Determinism is the point of this file: the same seed must give the same
// bits on every platform and compiler. So: an integer generator
// (xoshiro256**), a normal transform that needs only +, −, ·, /, sqrt and a
// logarithm written here from those operations (portable_log), every sum in a
// fixed order, our own scalar Cholesky (Eigen's blocked, vectorised kernels
// may order sums differently on different CPUs; Eigen checks the matrix in
// band.cpp), and this file compiled with -ffp-contract=off (CMakeLists.txt)
// so that no compiler fuses a multiply and an add here and not elsewhere.

#include "kalkyl/montecarlo.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "kalkyl/error.hpp"

namespace kalkyl {

namespace {

[[noreturn]] void invalid(const std::string& what) {
    throw Error(Errc::invalid, what);
}

std::uint64_t splitmix64(std::uint64_t& x) noexcept {
    std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

constexpr std::uint64_t rotl(std::uint64_t x, int k) noexcept {
    return (x << k) | (x >> (64 - k));
}

// The reported quantiles in whole percent, for an integer index.
constexpr std::uint64_t percents[5] = {5, 10, 50, 90, 95};

// ⌈pct·N/100⌉, at least 1: the rank of the type-1 quantile.
std::uint64_t rank_of(std::uint64_t pct, std::uint64_t n) {
    const auto r = static_cast<std::uint64_t>((static_cast<uint128_t>(pct) * n + 99) / 100);
    return std::max<std::uint64_t>(r, 1);
}

void check_common(const MonteCarloOptions& o, const char* where) {
    if (o.scenarios == 0) invalid(std::string(where) + ": zero scenarios");
    if (!detail::valid_scale(o.scale)) detail::throw_scale(o.scale, where);
    if (!detail::valid_rounding(o.mode)) detail::throw_invalid_rounding(o.mode, where);
}

}  // namespace

// --- the generator -----------------------------------------------------------------

PortableRng::PortableRng(std::uint64_t seed) noexcept {
    std::uint64_t x = seed;
    for (auto& s : s_)
        s = splitmix64(x);
}

std::uint64_t PortableRng::next() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

double PortableRng::uniform() noexcept {
    // (k + 0,5)·2^-53 for k in [0, 2^53): in (0, 1), exact.
    return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53;
}

std::uint64_t PortableRng::below(std::uint64_t n) noexcept {
    if (n <= 1) return 0;
    const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    for (;;) {
        const std::uint64_t r = next();
        if (r >= threshold) return r % n;
    }
}

double PortableRng::normal() noexcept {
    if (has_spare_) {
        has_spare_ = false;
        return spare_;
    }
    for (;;) {
        const double v1 = 2.0 * uniform() - 1.0;
        const double v2 = 2.0 * uniform() - 1.0;
        const double s = v1 * v1 + v2 * v2;
        if (s >= 1.0 || s == 0.0) continue;
        const double f = std::sqrt(-2.0 * portable_log(s) / s);
        spare_ = v2 * f;
        has_spare_ = true;
        return v1 * f;
    }
}

// --- logarithm and normal quantile ---------------------------------------------------

double portable_log(double x) noexcept {
    if (!(x > 0.0) || !std::isfinite(x)) return x == 0.0 ? -HUGE_VAL : (x > 0.0 ? x : NAN);
    // fdlibm's split of ln 2: ln2_hi has 32 trailing zero bits, so k·ln2_hi
    // is exact for every exponent k a double has.
    constexpr double ln2_hi = 6.93147180369123816490e-01;
    constexpr double ln2_lo = 1.90821492927058770002e-10;
    constexpr double sqrt_half = 0.70710678118654752440;
    int k = 0;
    double f = std::frexp(x, &k);  // exact: x = f·2^k, f in [0,5, 1)
    if (f < sqrt_half) {
        f *= 2.0;  // exact
        --k;
    }
    // f in [√½, √2): ln f = 2·atanh(s), s = (f − 1)/(f + 1), |s| <= 0,1716,
    // = 2·(s + s³/3 + s⁵/5 + …); s² <= 0,0295, so the terms to s²³ leave a
    // relative error below 2^-56.
    const double s = (f - 1.0) / (f + 1.0);
    const double s2 = s * s;
    double p = 1.0 / 23.0;
    p = p * s2 + 1.0 / 21.0;
    p = p * s2 + 1.0 / 19.0;
    p = p * s2 + 1.0 / 17.0;
    p = p * s2 + 1.0 / 15.0;
    p = p * s2 + 1.0 / 13.0;
    p = p * s2 + 1.0 / 11.0;
    p = p * s2 + 1.0 / 9.0;
    p = p * s2 + 1.0 / 7.0;
    p = p * s2 + 1.0 / 5.0;
    p = p * s2 + 1.0 / 3.0;
    const double s3p = s * s2 * p;  // s³·(1/3 + s²/5 + …)
    const double kd = static_cast<double>(k);
    return kd * ln2_hi + ((2.0 * s + (2.0 * s3p)) + kd * ln2_lo);
}

double normal_quantile(double p) noexcept {
    if (!(p > 0.0 && p < 1.0)) return NAN;
    // Peter J. Acklam's algorithm (2003): rational approximations in three
    // regions, relative error below 1,15·10⁻⁹.
    constexpr double a[6] = {-3.969683028665376e+01, 2.209460984245205e+02,  -2.759285104469687e+02,
                             1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
    constexpr double b[5] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                             6.680131188771972e+01, -1.328068155288572e+01};
    constexpr double c[6] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                             -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
    constexpr double d[4] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                             3.754408661907416e+00};
    constexpr double p_low = 0.02425;
    auto tail = [&](double q) {
        return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
               ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
    };
    if (p < p_low) return tail(std::sqrt(-2.0 * portable_log(p)));
    if (p > 1.0 - p_low) return -tail(std::sqrt(-2.0 * portable_log(1.0 - p)));
    const double q = p - 0.5;
    const double r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}

// --- simulation --------------------------------------------------------------------------

namespace {

// Lower-triangular L with L·Lᵀ = R for a positive semidefinite R (checked
// before): a pivot that is zero up to rounding marks a row that depends on
// the earlier ones, and its column is set to zero.
std::vector<double> cholesky(std::span<const double> r, std::size_t n) {
    std::vector<double> l(n * n, 0.0);
    constexpr double eps = 1e-12;
    for (std::size_t j = 0; j < n; ++j) {
        double s = r[j * n + j];
        for (std::size_t k = 0; k < j; ++k)
            s -= l[j * n + k] * l[j * n + k];
        if (s <= eps) continue;  // a dependent row: the column stays zero
        const double pivot = std::sqrt(s);
        l[j * n + j] = pivot;
        for (std::size_t i = j + 1; i < n; ++i) {
            double t = r[i * n + j];
            for (std::size_t k = 0; k < j; ++k)
                t -= l[i * n + k] * l[j * n + k];
            l[i * n + j] = t / pivot;
        }
    }
    return l;
}

Simulation summarise(std::vector<double>& totals, const MonteCarloOptions& o) {
    const std::uint64_t n = totals.size();
    Simulation out;
    out.scenarios = n;
    double acc = 0;
    std::uint64_t at_least_zero = 0;
    std::uint64_t inside = 0;
    double lo = 0, hi = 0;
    if (o.target) {
        lo = o.target->low().to_double();
        hi = o.target->high().to_double();
    }
    for (const double t : totals) {
        acc += t;
        at_least_zero += t >= 0.0 ? 1 : 0;
        inside += (t >= lo && t <= hi) ? 1 : 0;
    }
    out.mean = detail::estimate_to_decimal(acc / static_cast<double>(n), o.scale, o.mode);
    out.p_at_least_zero = static_cast<double>(at_least_zero) / static_cast<double>(n);
    if (o.target) out.p_inside = static_cast<double>(inside) / static_cast<double>(n);
    // Ranks ascend, so each selection works on the part after the previous.
    auto first = totals.begin();
    for (int q = 0; q < 5; ++q) {
        const auto it = totals.begin() + static_cast<std::ptrdiff_t>(rank_of(percents[q], n) - 1);
        std::nth_element(first, it, totals.end());
        out.quantiles[q] = detail::estimate_to_decimal(*it, o.scale, o.mode);
        first = it;
    }
    return out;
}

}  // namespace

Simulation simulate(std::span<const Band> rows, std::span<const double> correlation,
                    const MonteCarloOptions& o) {
    static constexpr const char* where = "simulate";
    check_common(o, where);
    const std::size_t n = rows.size();
    if (n == 0) invalid("simulate: no rows");
    const bool correlated = !correlation.empty();
    if (correlated) check_correlation(correlation, n);
    std::vector<double> sd(n), su(n);
    std::vector<Decimal> points(n);
    for (std::size_t i = 0; i < n; ++i) {
        const double level = rows[i].level().value_or(o.level);
        if (!(level > 0.0 && level < 1.0))
            invalid("simulate: the level of row " + std::to_string(i) + " is outside (0, 1)");
        const double z = normal_quantile((1.0 + level) / 2.0);
        sd[i] = rows[i].downside().to_double() / z;
        su[i] = rows[i].upside().to_double() / z;
        points[i] = rows[i].point();
    }
    const double base = sum(points).to_double();
    const std::vector<double> l = correlated ? cholesky(correlation, n) : std::vector<double>();
    if (o.scenarios > std::vector<double>().max_size())
        throw Error(Errc::no_memory, "simulate: " + std::to_string(o.scenarios) +
                                         " scenarios do not fit in memory (8 bytes each)");

    std::vector<double> totals(o.scenarios);
    std::vector<double> z(n);
    PortableRng rng(o.seed);
    for (std::uint64_t s = 0; s < o.scenarios; ++s) {
        for (std::size_t i = 0; i < n; ++i)
            z[i] = rng.normal();
        double dev = 0;
        for (std::size_t i = 0; i < n; ++i) {
            double x;
            if (correlated) {
                x = 0;
                const double* li = &l[i * n];
                for (std::size_t k = 0; k <= i; ++k)
                    x += li[k] * z[k];
            } else {
                x = z[i];
            }
            dev += x < 0.0 ? x * sd[i] : x * su[i];
        }
        totals[s] = base + dev;
    }
    return summarise(totals, o);
}

Simulation bootstrap(std::span<const Decimal> points, std::span<const Decimal> errors,
                     const MonteCarloOptions& o) {
    static constexpr const char* where = "bootstrap";
    check_common(o, where);
    const std::size_t n = points.size();
    if (n == 0) invalid("bootstrap: no rows");
    if (errors.empty() || errors.size() % n != 0)
        invalid("bootstrap: " + std::to_string(errors.size()) + " errors for " + std::to_string(n) +
                " rows; give whole years (n errors each, year by year)");
    const std::size_t years = errors.size() / n;
    // Each year's total is exact: this year's points plus that year's errors.
    struct YearTotal {
        Decimal total;
        std::uint64_t count = 0;
    };
    std::vector<YearTotal> t(years);
    const Decimal base = sum(points);
    for (std::size_t y = 0; y < years; ++y)
        t[y].total = base + sum(errors.subspan(y * n, n));

    PortableRng rng(o.seed);
    for (std::uint64_t s = 0; s < o.scenarios; ++s)
        ++t[rng.below(years)].count;

    // Exact statistics of the drawn totals.
    Simulation out;
    out.scenarios = o.scenarios;
    std::vector<Decimal> weighted;
    std::uint64_t at_least_zero = 0, inside = 0;
    for (const YearTotal& y : t) {
        if (y.count == 0) continue;
        weighted.push_back(y.total * Decimal::from_mantissa(static_cast<int128_t>(y.count), 0));
        if (y.total.signum() >= 0) at_least_zero += y.count;
        if (o.target && o.target->contains(y.total)) inside += y.count;
    }
    const double nd = static_cast<double>(o.scenarios);
    out.mean = divide(sum(weighted), Decimal::from_mantissa(static_cast<int128_t>(o.scenarios), 0),
                      o.scale, o.mode);
    out.p_at_least_zero = static_cast<double>(at_least_zero) / nd;
    if (o.target) out.p_inside = static_cast<double>(inside) / nd;
    std::stable_sort(t.begin(), t.end(),
                     [](const YearTotal& a, const YearTotal& b) { return a.total < b.total; });
    for (int q = 0; q < 5; ++q) {
        const std::uint64_t rank = rank_of(percents[q], o.scenarios);
        std::uint64_t seen = 0;
        for (const YearTotal& y : t) {
            seen += y.count;
            if (seen >= rank) {
                out.quantiles[q] = y.total.round(o.scale, o.mode);
                break;
            }
        }
    }
    return out;
}

}  // namespace kalkyl
