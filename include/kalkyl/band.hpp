// kalkyl/band.hpp: forecast-uncertainty bands (prognososäkerhet), their sums
// over rows, empirical bands from earlier years' forecast errors, and the
// grading of past bands against what happened.
//
// A Band is a point forecast with a low and a high end ("prognosspann min /
// max"), optionally with the coverage level it claims (80 %: the outcome
// should land inside four years in five). Uppsala, delårsbokslut augusti
// 2024: −30 mnkr with "prognososäkerhet +/- 5" is Band::from_spread(−30, 5, 5)
// = [−35, −25]; the year ended at −23,5, 1,5 above the top.
//
// Amounts are Decimal throughout. Where statistics need them (square roots,
// correlations, quantiles of distributions) the layer computes in double
// inside, and every such amount leaves it as an ESTIMATE: a Decimal rounded
// at the scale and by the mode the caller names. Probabilities and coverage
// levels are plain doubles in (0, 1): they are not amounts.
//
// Not for: the forecasts themselves and their back-test (followup.hpp,
// forecast.hpp produce the errors these functions read), or simulation
// (montecarlo.hpp).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "kalkyl/decimal.hpp"
#include "kalkyl/rounding.hpp"

namespace kalkyl {

// --- the band ------------------------------------------------------------------

// low <= point <= high, always: the constructor checks it. Amounts in any unit
// the caller keeps consistent (kr, tkr, mnkr).
class Band {
  public:
    // The zero band [0, 0, 0].
    Band() = default;

    // Throws Error(invalid) when low > point or point > high, or when a level
    // is given outside the open interval (0, 1).
    Band(const Decimal& low, const Decimal& point, const Decimal& high,
         std::optional<double> level = std::nullopt);

    // [point − downside, point + upside] (prognosspann min = prognos −
    // försämring, max = prognos + förbättring). Exact. Throws Error(invalid)
    // for a negative downside or upside.
    static Band from_spread(const Decimal& point, const Decimal& downside, const Decimal& upside,
                            std::optional<double> level = std::nullopt);

    const Decimal& low() const noexcept { return low_; }
    const Decimal& point() const noexcept { return point_; }
    const Decimal& high() const noexcept { return high_; }
    // The coverage level the band claims (0,8 for 80 %), when it says one.
    std::optional<double> level() const noexcept { return level_; }

    Decimal downside() const { return point_ - low_; }  // försämring, >= 0
    Decimal upside() const { return high_ - point_; }   // förbättring, >= 0
    Decimal width() const { return high_ - low_; }

    // low <= outcome <= high (the ends belong to the band).
    bool contains(const Decimal& outcome) const noexcept {
        return low_ <= outcome && outcome <= high_;
    }

    // How far the outcome lies outside, signed and exact: outcome − high
    // (> 0) above the band, outcome − low (< 0) below it, 0 inside.
    // Uppsala 2024: [−35, −25] and −23,5 give +1,5.
    Decimal excess(const Decimal& outcome) const;

    // The same band with another level (or none).
    Band with_level(std::optional<double> level) const { return Band(low_, point_, high_, level); }

    // Same ends and point (whatever their scales) and the same level.
    friend bool operator==(const Band& a, const Band& b) noexcept {
        return a.low_ == b.low_ && a.point_ == b.point_ && a.high_ == b.high_ &&
               a.level_ == b.level_;
    }

  private:
    Decimal low_, point_, high_;
    std::optional<double> level_;
};

// --- sums over rows (verksamheter -> nämnd -> kommun) ------------------------------

// Numbering fixed by the C ABI (kalkyl_aggregation); never renumber.
enum class Aggregation : int {
    // Spreads add: every row at its worst (or best) at once. Exact before the
    // final rounding.
    worst_case = 0,
    // Spreads add in quadrature: sqrt(Σ d_i²) below and sqrt(Σ u_i²) above,
    // each side separately (rows independent of each other).
    independent = 1,
    // sqrt(dᵀ R d) below and sqrt(uᵀ R u) above for a correlation matrix R
    // the caller gives. R = I is `independent`, R = all ones is `worst_case`.
    correlated = 2,
};

inline constexpr int aggregation_count = 3;

// "worst_case", "independent", "correlated".
const char* aggregation_name(Aggregation how) noexcept;

// Checks a correlation matrix of n rows given row-major (n·n values):
// finite, symmetric (|R_ij − R_ji| <= 1e-9), a unit diagonal (|R_ii − 1| <=
// 1e-9), entries in [−1, 1] (1e-9 slack), and positive semidefinite (the
// smallest eigenvalue, from Eigen's self-adjoint solver, >= −1e-9·n).
// Throws Error(invalid) saying which test failed (the entry, or the smallest
// eigenvalue).
void check_correlation(std::span<const double> correlation, std::size_t n);

// The band of the sum of the rows. The point is the exact sum of the points;
// the downside and upside are summed as `how` says; `correlation` (n·n,
// row-major) is read only for Aggregation::correlated and must then hold n·n
// values that pass check_correlation(), else Error(invalid); for the other
// two it must be empty. The result is at exactly `scale` decimals: the point
// is rounded by `mode`, the two spreads (magnitudes, >= 0) are rounded by
// `mode` and then subtracted from / added to the rounded point, so that
// Rounding::up never narrows a band and the result is always a valid Band.
// Spreads that come out of a square root are estimates (double inside,
// correctly rounded from the double). No level is carried over: a sum of 80 %
// bands is not an 80 % band except under the stated model. An empty span sums
// to [0, 0, 0].
Band band_sum(std::span<const Band> bands, Aggregation how, std::span<const double> correlation,
              int scale, Rounding mode);

// --- empirical bands from a back-test ---------------------------------------------

// Where an empirical band came from. Numbering fixed (kalkyl_band_source).
enum class BandSource : int {
    // Order statistics of the errors, by the rule at empirical_band().
    history = 0,
    // Too few errors for the level: the band spans the smallest to the largest
    // error, and covers less than asked (achieved_level says how much).
    widened_to_range = 1,
    // Fewer errors than min_history: the default band, spread = rate ·
    // |remaining budget|, symmetric.
    default_spread = 2,
};

// The default used when history is too short: the spread is `rate` (e.g.
// 0,02 for 2 %) times the magnitude of the budget of the months that are not
// yet closed, on both sides of the point. With the year-to-date outcome known,
// only the rest of the year is uncertain, so the band narrows to nothing in
// December. The caller computes the remaining budget (annual budget minus
// budget_through_month() of allocate.hpp).
struct DefaultSpread {
    Decimal remaining_budget;
    Decimal rate;
};

struct EmpiricalBand {
    Band band;            // carries the requested level
    BandSource source;    // how it was made
    std::size_t history;  // how many errors there were
    // The level the rule guarantees for a new error exchangeable with the
    // old ones: (n + 1 − 2k) / (n + 1); (n − 1) / (n + 1) when widened; the
    // requested level for the default (an assumption, not a guarantee).
    double achieved_level;
    // The errors were all on one side of zero: the band from their quantiles
    // would not have held the point, and was stretched to reach it (a sign of
    // a biased forecast method).
    bool stretched_to_point;
};

// The empirical band at `level` around this year's `point`, from `errors`:
// the back-test's errors of the same forecast method at the same month in
// earlier years, each error = outcome − forecast (positive: the year ended
// better than forecast).
//
// The small-sample rule (distribution-free, for exchangeable errors): sort
// the n errors e(1) <= ... <= e(n), let α = (1 − level) / 2 and
// k = floor((n + 1)·α + 10⁻⁹) (the allowance absorbs the binary form of 0,9). If k >= 1 the band is
// [point + e(k), point + e(n + 1 − k)], which a new error falls inside with probability (n + 1 −
// 2k) / (n + 1) >= level. If k = 0 (n < 1/α − 1, e.g. fewer than 9 errors at 80 %) the band is
// [point + e(1), point + e(n)], flagged widened_to_range. If n < min_history (at least 1; 3 is a
// sensible choice) it is the default band, flagged default_spread. Ends that would leave the point
// outside are moved to the point (stretched_to_point).
//
// Because the errors are those of month m, later months' errors (smaller,
// since more of the year is known) give narrower bands: call it month by
// month. The result is exact before the final rounding of low, point and
// high at `scale` by `mode`. Throws Error(invalid) for a level outside
// (0, 1), min_history of 0, or a negative default rate.
EmpiricalBand empirical_band(const Decimal& point, std::span<const Decimal> errors, double level,
                             std::size_t min_history, const DefaultSpread& fallback, int scale,
                             Rounding mode);

// --- grading past forecasts --------------------------------------------------------

// The scores of n past bands against their outcomes. Errors are outcome −
// point. Amounts are means, rounded at the caller's scale and mode
// (estimates where they pass through double: the interval score's 2/α).
struct BandScores {
    std::size_t count = 0;
    Decimal bias;                 // mean(outcome − point); > 0: forecasts too pessimistic
    Decimal mean_absolute_error;  // mean |outcome − point|
    double coverage = 0;          // share of outcomes inside [low, high]
    // Winkler's interval score at level L, α = 1 − L, averaged:
    //   (high − low) + (2/α)·(low − y) if y < low, + (2/α)·(y − high) if y > high.
    // Lower is better; it rewards narrow bands and punishes misses.
    Decimal interval_score;
    // Pinball (quantile) loss of the three ends read as quantiles: low at
    // τ = α/2, point at τ = 1/2, high at τ = 1 − α/2 (means).
    Decimal pinball_low;
    Decimal pinball_point;
    Decimal pinball_high;
};

// Pinball loss of the τ-quantile forecast q for outcome y: τ·(y − q) when
// y >= q, (1 − τ)·(q − y) otherwise. τ in (0, 1), else Error(invalid).
// An estimate (τ is a double), rounded at `scale` by `mode`.
Decimal pinball_loss(const Decimal& quantile, const Decimal& outcome, double tau, int scale,
                     Rounding mode);

// Grades bands[i] against outcomes[i]. Each band's own level is used when it
// has one, otherwise `level`; a band with neither is Error(invalid), as is a
// level outside (0, 1), spans of different lengths, or no pairs at all.
// Uppsala 2024 at 80 %: [−35, −30, −25] and −23,5 give bias 6,5, MAE 6,5,
// coverage 0, interval score 10 + 10·1,5 = 25.
BandScores grade(std::span<const Band> bands, std::span<const Decimal> outcomes,
                 std::optional<double> level, int scale, Rounding mode);

namespace detail {

// The double v as a Decimal at exactly `scale` decimals, correctly rounded by
// `mode` from v's exact binary value: the one door through which an estimate
// computed in double becomes an amount inside this layer (Decimal itself has
// no conversion from double, on purpose). Throws Error(invalid) for a NaN or
// an infinity, Error(overflow) when it does not fit 38 digits.
Decimal estimate_to_decimal(double v, int scale, Rounding mode);

}  // namespace detail

}  // namespace kalkyl
