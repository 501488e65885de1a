// Allocation (include/kalkyl/allocate.hpp): exact splitting by weights.
//
// With U = |total| in units of the part scale and the weights aligned to one
// scale as integers a_i with sum W, part i's exact share is U·a_i / W units.
// Its truncation is q_i = ⌊U·a_i / W⌋ and the remainder of the division
// r_i = U·a_i mod W. Because every remainder has the same denominator W,
// comparing the fractional parts r_i/W is comparing the integers r_i: exact,
// no cross-multiplication and no floating point. Σq_i = U − k with
// k = Σr_i / W an integer, and k is smaller than the number of parts with
// r_i > 0 (each r_i < W), so the k leftover units always find parts with a
// non-zero weight.
//
// Three integer widths, chosen once per call: 64-bit when U·max(a) and W fit
// 64 bits (the common case: amounts in öre, weights of a few digits), 128-bit
// when they fit 128, Boost's cpp_int otherwise. All three run the same
// template, so they cannot disagree.

#include "kalkyl/allocate.hpp"

#include <algorithm>
#include <limits>
#include <string>
#include <type_traits>

#include "detail/decimal_wide.hpp"

namespace kalkyl {

const char* allocation_mode_name(AllocationMode mode) noexcept {
    switch (mode) {
        case AllocationMode::largest_remainder:
            return "largest_remainder";
        case AllocationMode::remainder_to_first:
            return "remainder_to_first";
        case AllocationMode::remainder_to_largest_weight:
            return "remainder_to_largest_weight";
        case AllocationMode::cumulative:
            return "cumulative";
    }
    return "unknown";
}

namespace {

using detail::Wide;

[[noreturn]] void refuse(Errc code, const char* where, const std::string& why) {
    throw Error(code, std::string(where) + ": " + why);
}

// A checked allocation request: everything that can be wrong has been found
// before any part is written.
struct Request {
    uint128_t units = 0;  // |total| in units of 10^-scale
    bool negative = false;
    int weight_scale = 0;      // the weights' common scale
    bool narrow = true;        // the aligned weights and their sum fit 128 bits
    uint128_t weight_sum = 0;  // W, when narrow
    uint128_t max_weight = 0;  // max a_i, when narrow
    std::size_t first_nonzero = 0;
    std::size_t largest = 0;  // the largest weight, lowest index among equals
};

Request check(const char* where, const Decimal& total, std::span<const Decimal> weights, int scale,
              AllocationMode mode) {
    if (!detail::valid_scale(scale)) detail::throw_scale(scale, where);
    if (static_cast<int>(mode) < 0 || static_cast<int>(mode) >= allocation_mode_count)
        refuse(Errc::invalid, where,
               std::to_string(static_cast<int>(mode)) +
                   " is not an allocation mode (0 largest_remainder, 1 remainder_to_first, 2 "
                   "remainder_to_largest_weight, 3 cumulative)");
    if (weights.empty()) refuse(Errc::invalid, where, "there are no weights to split by");

    Request r;
    bool any = false;
    for (std::size_t i = 0; i < weights.size(); ++i) {
        const Decimal& w = weights[i];
        if (w.signum() < 0)
            refuse(Errc::invalid, where,
                   "weight " + std::to_string(i) + " is " + w.to_string() +
                       "; weights must not be negative (allocate a deficit as a negative total)");
        if (w.scale() > r.weight_scale) r.weight_scale = w.scale();
        if (!any && w.signum() > 0) {
            any = true;
            r.first_nonzero = i;
        }
        if (w > weights[r.largest]) r.largest = i;
    }
    if (!any)
        refuse(Errc::invalid, where,
               "all " + std::to_string(weights.size()) +
                   " weights are zero, so there is nothing to split by");

    // The total in units of the part scale, exactly, or an error.
    const Decimal t = total.scale() > scale ? total.trimmed() : total;
    if (t.scale() > scale)
        refuse(Errc::scale, where,
               "the total " + total.to_string() + " has more decimals than the parts' scale " +
                   std::to_string(scale) +
                   ", so the parts could not add up to it; round the total first, naming the mode");
    int128_t m = t.mantissa();
    if (__builtin_mul_overflow(m, detail::pow10(scale - t.scale()), &m) || !detail::fits_digits(m))
        refuse(Errc::overflow, where,
               "the total " + total.to_string() + " at " + std::to_string(scale) +
                   " decimals needs more than 38 digits");
    r.negative = m < 0;
    r.units = static_cast<uint128_t>(m < 0 ? -m : m);

    // The aligned weights and their sum, if they fit 128 bits.
    for (const Decimal& w : weights) {
        uint128_t a;
        if (__builtin_mul_overflow(
                static_cast<uint128_t>(w.mantissa()),
                static_cast<uint128_t>(detail::pow10(r.weight_scale - w.scale())), &a) ||
            __builtin_add_overflow(r.weight_sum, a, &r.weight_sum)) {
            r.narrow = false;
            break;
        }
        if (a > r.max_weight) r.max_weight = a;
    }
    return r;
}

// The integer types the template runs on, and their way into a mantissa.
int128_t to_i128(std::uint64_t v) {
    return static_cast<int128_t>(v);
}
int128_t to_i128(uint128_t v) {
    return static_cast<int128_t>(v);
}  // callers know v < 10^38
int128_t to_i128(const Wide& v) {
    return detail::from_wide(v);
}

template <class T>
T aligned_weight(const Decimal& w, int weight_scale) {
    if constexpr (std::is_same_v<T, Wide>) {
        return detail::to_wide(w.mantissa()) * detail::pow10_wide(weight_scale - w.scale());
    } else {
        // Only reached when the aligned weight is known to fit T.
        return static_cast<T>(static_cast<uint128_t>(w.mantissa()) *
                              static_cast<uint128_t>(detail::pow10(weight_scale - w.scale())));
    }
}

template <class T>
struct Candidate {
    T remainder;
    std::size_t index;
};

template <class T>
void distribute(const Request& req, const T& units, const T& weight_sum,
                std::span<const Decimal> weights, int scale, AllocationMode mode,
                std::span<Decimal> parts) {
    const std::size_t n = weights.size();
    if (mode == AllocationMode::cumulative) {
        // R(i) = ⌊(2·U·prefix_i + W) / 2W⌋ is U·prefix_i/W rounded half up;
        // the caller has checked that 2·U·W fits T. R(n−1) = U.
        const T twice_w = weight_sum * 2;
        T prefix = 0;
        T before = 0;
        for (std::size_t i = 0; i < n; ++i) {
            prefix += aligned_weight<T>(weights[i], req.weight_scale);
            const T upto = (units * prefix * 2 + weight_sum) / twice_w;
            const int128_t m = to_i128(T(upto - before));
            parts[i] = Decimal::raw(req.negative ? -m : m, scale);
            before = upto;
        }
        return;
    }
    // Scratch first: once a part is written nothing may fail.
    std::vector<Candidate<T>> candidates;
    if (mode == AllocationMode::largest_remainder) candidates.reserve(n);

    T assigned = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const T product = units * aligned_weight<T>(weights[i], req.weight_scale);
        const T q = product / weight_sum;
        const T rem = product - q * weight_sum;
        assigned += q;
        const int128_t m = to_i128(q);
        parts[i] = Decimal::raw(req.negative ? -m : m, scale);
        if (mode == AllocationMode::largest_remainder && rem != 0)
            candidates.push_back(Candidate<T>{rem, i});
    }
    const T left = units - assigned;  // k < number of candidates
    if (left == 0) return;
    const int128_t k = to_i128(left);

    const auto give = [&](std::size_t i, int128_t units_more) {
        const int128_t m = parts[i].mantissa();
        parts[i] = Decimal::raw(req.negative ? m - units_more : m + units_more, scale);
    };
    switch (mode) {
        case AllocationMode::remainder_to_first:
            give(req.first_nonzero, k);
            return;
        case AllocationMode::remainder_to_largest_weight:
            give(req.largest, k);
            return;
        case AllocationMode::largest_remainder:
            break;
        case AllocationMode::cumulative:
            return;  // handled above
    }
    // The k largest remainders; ties: the larger weight, then the lower index.
    // Of two equal remainders r, the larger weight has the larger truncated
    // share (U·a = q·W + r), so the tie is decided on q, which the parts hold
    // until the units are given: the weights are not read again, and
    // allocation in place (parts over weights) is safe. A strict total order,
    // so the chosen set does not depend on how nth_element visits it.
    const auto before = [&](const Candidate<T>& x, const Candidate<T>& y) {
        if (x.remainder != y.remainder) return x.remainder > y.remainder;
        const int128_t qx = parts[x.index].mantissa();  // same sign for all parts
        const int128_t qy = parts[y.index].mantissa();
        if (qx != qy) return req.negative ? qx < qy : qx > qy;
        return x.index < y.index;
    };
    const auto count = static_cast<std::size_t>(k);  // k < candidates.size()
    if (count < candidates.size())
        std::nth_element(candidates.begin(),
                         candidates.begin() + static_cast<std::ptrdiff_t>(count), candidates.end(),
                         before);
    for (std::size_t j = 0; j < count; ++j)
        give(candidates[j].index, 1);
}

void run(const char* where, const Decimal& total, std::span<const Decimal> weights, int scale,
         AllocationMode mode, std::span<Decimal> parts) {
    const Request req = check(where, total, weights, scale, mode);
    if (req.units == 0) {
        std::fill(parts.begin(), parts.end(), Decimal::raw(0, scale));
        return;
    }
    constexpr auto u64_max = std::numeric_limits<std::uint64_t>::max();
    constexpr auto u128_max = ~uint128_t(0);
    // The largest product the mode forms: U·max(a) for the truncating modes,
    // 2·U·W + W for the running totals of cumulative (< 2·U·W + 2·W, which
    // (U + 1)·2W bounds).
    uint128_t factor = req.max_weight;
    bool narrow = req.narrow;
    std::uint64_t units_bound_slack = 0;
    if (mode == AllocationMode::cumulative) {
        narrow = narrow && !__builtin_mul_overflow(req.weight_sum, uint128_t(2), &factor);
        units_bound_slack = 1;
    }
    const auto fits = [&](uint128_t max) {
        if (!narrow) return false;  // factor is then not meaningful (and may be 0)
        const uint128_t bound = max / factor;
        return bound >= units_bound_slack && req.units <= bound - units_bound_slack;
    };
    if (fits(u64_max) && req.weight_sum <= u64_max) {
        distribute<std::uint64_t>(req, static_cast<std::uint64_t>(req.units),
                                  static_cast<std::uint64_t>(req.weight_sum), weights, scale, mode,
                                  parts);
    } else if (fits(u128_max)) {
        distribute<uint128_t>(req, req.units, req.weight_sum, weights, scale, mode, parts);
    } else {
        Wide sum = 0;
        for (const Decimal& w : weights)
            sum += aligned_weight<Wide>(w, req.weight_scale);
        distribute<Wide>(req, detail::to_wide(static_cast<int128_t>(req.units)), sum, weights,
                         scale, mode, parts);
    }
}

}  // namespace

std::vector<Decimal> allocate(const Decimal& total, std::span<const Decimal> weights, int scale,
                              AllocationMode mode) {
    std::vector<Decimal> parts(weights.size());
    run("allocate", total, weights, scale, mode, parts);
    return parts;
}

void allocate_into(const Decimal& total, std::span<const Decimal> weights, int scale,
                   AllocationMode mode, std::span<Decimal> parts) {
    if (parts.size() != weights.size())
        refuse(Errc::invalid, "allocate",
               "there are " + std::to_string(weights.size()) + " weights but room for " +
                   std::to_string(parts.size()) + " parts");
    run("allocate", total, weights, scale, mode, parts);
}

MonthlyProfile MonthlyProfile::equal() {
    std::array<Decimal, months> w;
    w.fill(Decimal(1, 0));
    return MonthlyProfile(w);
}

MonthlyProfile MonthlyProfile::from_weights(std::span<const Decimal> weights) {
    static constexpr const char* names[months] = {"januari",   "februari", "mars",     "april",
                                                  "maj",       "juni",     "juli",     "augusti",
                                                  "september", "oktober",  "november", "december"};
    if (weights.size() != months)
        refuse(Errc::invalid, "MonthlyProfile",
               "a profile has 12 monthly weights, not " + std::to_string(weights.size()));
    std::array<Decimal, months> w;
    bool any = false;
    for (int i = 0; i < months; ++i) {
        const Decimal& x = weights[static_cast<std::size_t>(i)];
        if (x.signum() < 0)
            refuse(Errc::invalid, "MonthlyProfile",
                   std::string("the weight for ") + names[i] + " (month " + std::to_string(i + 1) +
                       ") is " + x.to_string() + "; weights must not be negative");
        any = any || x.signum() > 0;
        w[static_cast<std::size_t>(i)] = x;
    }
    if (!any) refuse(Errc::invalid, "MonthlyProfile", "all twelve monthly weights are zero");
    return MonthlyProfile(w);
}

std::array<Decimal, MonthlyProfile::months> periodise(const Decimal& annual,
                                                      const MonthlyProfile& profile, int scale,
                                                      AllocationMode mode) {
    std::array<Decimal, MonthlyProfile::months> out;
    run("periodise", annual, profile.weights(), scale, mode, out);
    return out;
}

Decimal budget_through_month(const Decimal& annual, const MonthlyProfile& profile, int month,
                             int scale, AllocationMode mode) {
    if (month < 1 || month > MonthlyProfile::months)
        refuse(Errc::invalid, "budget_through_month",
               "month " + std::to_string(month) + " is outside 1..12");
    const auto by_month = periodise(annual, profile, scale, mode);
    // Exact: the months are parts of `annual`, so no partial sum overflows.
    return sum(std::span<const Decimal>(by_month.data(), static_cast<std::size_t>(month)));
}

}  // namespace kalkyl
