// kalkyl/allocate.hpp: splitting an amount by weights, exactly, with nothing
// lost, and periodising an annual budget into months.
//
// allocate() splits a total into parts at a given scale (öre, kronor, tkr as
// the caller's scale says) so that the parts add up to the total exactly; the
// AllocationMode names where the units left over after truncation go. The
// default method of the field, largest remainder (Hamilton's method), keeps
// every part within one unit of the last digit of its exact share
// total · w_i / Σw. periodise() is allocate() over twelve months with a
// MonthlyProfile; budget_through_month() is the sum of the first months of
// exactly those figures, so a year-to-date budget always matches the monthly
// budgets printed beside it (and, with AllocationMode::cumulative, is itself
// the correctly rounded share of the year).
//
// Not for: rounding a whole printed table so that its rows foot (footing.hpp
// does that, with derived columns), or checking a published table
// (checks.hpp). No floating point is used anywhere: the remainders are
// compared as exact integers.
#pragma once

#include <array>
#include <span>
#include <vector>

#include "kalkyl/decimal.hpp"

namespace kalkyl {

// How the parts are rounded to the part scale. Numbering fixed by the C ABI
// (kalkyl_allocation_mode); never renumber. Every mode makes the parts add up
// to the total exactly, and a part with weight zero is always zero.
//
// The first three start from each part's exact share truncated toward zero
// and differ only in who receives the units left over (fewer than the parts
// with a non-zero weight). The fourth rounds running totals instead.
enum class AllocationMode : int {
    // One unit each to the parts with the largest remainders (Hamilton's
    // method): every part is within one unit of its exact share. Tie rule,
    // deterministic and independent of the order of evaluation: of two equal
    // remainders the part with the larger weight comes first, and of equal
    // weights the part with the lower index.
    largest_remainder = 0,
    // All leftover units to the first part with a non-zero weight ("the
    // rounding difference goes on the first row", as many ERP systems post
    // it). That part can be up to n − 1 units above its exact share.
    remainder_to_first = 1,
    // All leftover units to the part with the largest weight (the lowest index
    // among equal largest weights), where a few units matter least.
    remainder_to_largest_weight = 2,
    // Running totals: part i is R(i) − R(i − 1), where R(i) is the exact share
    // of parts 0..i together, rounded half_up (half away from zero). Every
    // part is within one unit of its exact share, and every prefix sum is the
    // correctly rounded share of the prefix: the mode for months, because each
    // year-to-date budget is then the correctly rounded share of the year
    // (685 mnkr spread evenly at one decimal gives 456,7 through August, where
    // largest_remainder gives 456,8 by front-loading the leftover units).
    cumulative = 3,
};

inline constexpr int allocation_mode_count = 4;

// The stable name of a mode ("largest_remainder"), as used in the C ABI
// documentation and in Python.
const char* allocation_mode_name(AllocationMode mode) noexcept;

// Splits `total` into weights.size() parts at exactly `scale` decimals by the
// non-negative `weights`; the parts add up to `total` exactly.
//
// A negative total (a deficit to spread) is allocated as |total| and negated,
// so the rule is symmetric: allocate(−x) == −allocate(x) part by part.
// The total must be representable at `scale`: 100,005 cannot be split into
// parts of whole öre without losing half an öre, so kalkyl refuses rather
// than rounding unasked (round the total first, naming the mode).
//
// Throws Error(invalid) for an empty list of weights, a negative weight (the
// message names its index), all weights zero, or a mode out of range;
// Error(scale) for a scale outside 0..28 or a total with more decimals than
// `scale`; Error(overflow) when the total at `scale` needs more than 38 digits.
std::vector<Decimal> allocate(const Decimal& total, std::span<const Decimal> weights, int scale,
                              AllocationMode mode);

// The same into `parts` (parts.size() must equal weights.size(), else
// Error(invalid)). On any Error, `parts` is as it was: everything is checked
// and every scratch buffer allocated before the first part is written.
// `parts` may be `weights` itself (allocation in place: each weight is read
// before its part is written and never again).
void allocate_into(const Decimal& total, std::span<const Decimal> weights, int scale,
                   AllocationMode mode, std::span<Decimal> parts);

// How an annual amount is spread over January..December: twelve non-negative
// weights, not all zero. Weights are relative (1,1,…,0,5 for a July with half
// the costs is the same profile as 2,2,…,1); they are never normalised, so
// nothing is rounded when a profile is built.
class MonthlyProfile {
  public:
    static constexpr int months = 12;

    // Every month the same weight: the default periodisation (rak
    // periodisering).
    static MonthlyProfile equal();

    // Twelve weights, January first. Throws Error(invalid) unless there are
    // exactly twelve, none negative and not all zero (the message names the
    // month).
    static MonthlyProfile from_weights(std::span<const Decimal> weights);

    const std::array<Decimal, months>& weights() const noexcept { return weights_; }

  private:
    explicit MonthlyProfile(const std::array<Decimal, months>& w) : weights_(w) {}
    std::array<Decimal, months> weights_;
};

// The annual amount split into twelve months by `profile` at `scale`,
// January first; the months add up to `annual` exactly. Errors as allocate().
std::array<Decimal, MonthlyProfile::months> periodise(const Decimal& annual,
                                                      const MonthlyProfile& profile, int scale,
                                                      AllocationMode mode);

// The budget for January through `month` (1..12): the sum of the first
// `month` figures of periodise(annual, profile, scale, mode), not a separate
// rounding of annual · (cumulative weight), so that it equals the sum of the
// monthly budgets a report prints beside it. budget_through_month(…, 12, …)
// is `annual`. Throws Error(invalid) for a month outside 1..12, otherwise as
// allocate().
Decimal budget_through_month(const Decimal& annual, const MonthlyProfile& profile, int month,
                             int scale, AllocationMode mode);

}  // namespace kalkyl
