// kalkyl/montecarlo.hpp: seeded Monte Carlo of a forecast total over rows.
//
// Two ways to draw scenarios for the rows of a follow-up (verksamheter):
//
//   - simulate(): each row's band read as a split normal around its point
//     (the downside and the upside are the central `level` interval of the
//     lower and upper halves), rows correlated through a correlation matrix
//     factored by Cholesky;
//   - bootstrap(): whole earlier years of forecast errors drawn with
//     replacement (all rows of a year together, so the rows keep the
//     correlation they had) and added to this year's points.
//
// Both give the 5, 10, 50, 90 and 95 % quantiles and the mean of the total
// (estimates: Decimals rounded at the caller's scale and mode), the
// probability that the total is at least zero ("budget i balans"), and the
// probability that it lands inside a stated band.
//
// Reproducible: the same seed gives the same numbers on every platform and
// compiler. The generator is xoshiro256** seeded through splitmix64; normals
// come from Marsaglia's polar method with a logarithm computed by kalkyl
// itself from +, −, ·, / (portable_log), square roots are IEEE-754 (correctly
// rounded everywhere), and src/montecarlo.cpp is compiled with
// -ffp-contract=off and without -ffast-math, so no step depends on the libm,
// on fused multiply-add, or on the order a compiler picks. The guarantee:
// bit-identical results on IEEE-754 binary64 platforms that evaluate double
// in double (every 64-bit target; not 32-bit x87 without SSE2).
//
// Not for: the bands themselves (band.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "kalkyl/band.hpp"
#include "kalkyl/decimal.hpp"
#include "kalkyl/rounding.hpp"

namespace kalkyl {

// xoshiro256** (Blackman and Vigna), its state filled by splitmix64 from a
// 64-bit seed. The portable generator behind the simulations, public so that
// a run can be reproduced and checked outside kalkyl.
class PortableRng {
  public:
    explicit PortableRng(std::uint64_t seed) noexcept;

    std::uint64_t next() noexcept;
    // (0, 1): 53 random bits, never 0 or 1.
    double uniform() noexcept;
    // An unbiased integer in [0, n), n >= 1 (rejection, no modulo bias).
    std::uint64_t below(std::uint64_t n) noexcept;
    // A standard normal draw (Marsaglia's polar method: pairs, the second
    // kept for the next call).
    double normal() noexcept;

  private:
    std::uint64_t s_[4];
    double spare_ = 0;
    bool has_spare_ = false;
};

// The natural logarithm of a positive finite x, from frexp (exact), +, −, ·
// and / only (the atanh series on [√½, √2) and ln 2 split in two parts):
// within 2 ulp of the true value and the same bits everywhere, unlike
// std::log, whose last bit differs between C libraries.
double portable_log(double x) noexcept;

// Φ⁻¹(p) for p in (0, 1): Acklam's rational approximation (relative error
// below 1,2·10⁻⁹), with portable_log and sqrt. Out of range: NaN.
double normal_quantile(double p) noexcept;

struct MonteCarloOptions {
    std::uint64_t seed = 42;
    std::uint64_t scenarios = 100000;  // >= 1
    // simulate(): the coverage each row's band stands for when the band has
    // no level of its own, in (0, 1).
    double level = 0.8;
    int scale = 2;                      // of every amount in the result
    Rounding mode = Rounding::half_up;  // ditto
    // When given, the result has the probability that the total lands inside.
    std::optional<Band> target;
};

// The five quantiles reported: 5, 10, 50, 90 and 95 %.
inline constexpr double monte_carlo_levels[5] = {0.05, 0.10, 0.50, 0.90, 0.95};

struct Simulation {
    std::uint64_t scenarios = 0;
    Decimal mean;                    // estimate
    Decimal quantiles[5];            // estimates at monte_carlo_levels, ascending
    double p_at_least_zero = 0;      // P(total >= 0), "budget i balans"
    std::optional<double> p_inside;  // P(target.low <= total <= target.high)
};

// The quantile at level p of the simulated totals is the order statistic
// x(⌈p·N⌉) of the N sorted totals (the inverse of the empirical distribution
// function, Hyndman–Fan type 1): a value actually simulated, and the same
// whatever sorting algorithm finds it.

// Draws options.scenarios totals Σ_i (point_i + e_i), where x = L·z with z
// independent standard normals and L the Cholesky factor of `correlation`
// (n·n row-major; empty: independent rows), and e_i = x_i·σ_i with σ_i =
// downside_i / Φ⁻¹((1 + L_i)/2) when x_i < 0 and upside_i / Φ⁻¹((1 + L_i)/2)
// otherwise, L_i the band's level or options.level. A positive semidefinite
// but singular matrix (all ones: rows that move as one) is factored with the
// dependent columns set to zero. Throws Error(invalid) for no rows, zero
// scenarios, a level outside (0, 1), or a correlation matrix that fails
// check_correlation().
Simulation simulate(std::span<const Band> rows, std::span<const double> correlation,
                    const MonteCarloOptions& options);

// Draws options.scenarios totals Σ_i (point_i + errors[y·n + i]) with the
// year y uniform over the n_years earlier years (errors row-major: year by
// year, n = points.size() errors each, outcome − forecast). With few years
// there are few distinct totals: the quantiles are honest about that.
// Throws Error(invalid) for no rows, no years, an errors span whose length is
// not a multiple of the rows, or zero scenarios.
Simulation bootstrap(std::span<const Decimal> points, std::span<const Decimal> errors,
                     const MonteCarloOptions& options);

}  // namespace kalkyl
