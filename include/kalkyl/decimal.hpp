// kalkyl/decimal.hpp: the exact decimal amount.
//
// kalkyl::Decimal is a signed integer mantissa of at most 38 decimal digits
// and a scale (digits after the decimal mark, 0..28): value = mantissa *
// 10^-scale. Addition, subtraction and multiplication are exact. Division and
// rounding take the target scale and a rounding mode at the call site, and
// their result carries exactly that scale, like quantize() in Python's
// decimal module. A result that does not fit is an Error (overflow or scale),
// never a wrap and never a silent truncation.
//
// Not for: binary floating point. There is no conversion from double; the
// only way out to double is to_double(), which is lossy and meant for charts.
// Text in and out (sv-SE and C) lives in text.hpp.
//
// Amounts that fit 64 bits run on an inline fast path in 128-bit integers;
// only results beyond that range reach Boost.Multiprecision (src/decimal.cpp).
#pragma once

#include <compare>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "kalkyl/error.hpp"
#include "kalkyl/rounding.hpp"

namespace kalkyl {

__extension__ typedef __int128 int128_t;  // NOLINT: GCC/Clang extension, wrapped once here
__extension__ typedef unsigned __int128 uint128_t;  // NOLINT

namespace detail {

constexpr uint128_t pow10_u128(int k) noexcept {
    uint128_t p = 1;
    for (int i = 0; i < k; ++i)
        p *= 10;
    return p;
}

struct Pow10Table {
    int128_t value[39];
    constexpr Pow10Table() noexcept : value{} {
        for (int k = 0; k <= 38; ++k)
            value[k] = static_cast<int128_t>(pow10_u128(k));
    }
};
inline constexpr Pow10Table pow10_table{};

// 10^k as a 128-bit integer, k in 0..38.
constexpr int128_t pow10(int k) noexcept {
    return pow10_table.value[k];
}

// The largest mantissa: 38 nines.
inline constexpr int128_t max_mantissa = pow10(38) - 1;

constexpr bool fits_digits(int128_t m) noexcept {
    return m <= max_mantissa && m >= -max_mantissa;
}
constexpr bool valid_scale(int scale) noexcept {
    return scale >= 0 && scale <= 28;
}
constexpr bool valid_rounding(Rounding mode) noexcept {
    return static_cast<int>(mode) >= 0 && static_cast<int>(mode) < rounding_mode_count;
}

[[noreturn]] void throw_scale(int scale, const char* where);
[[noreturn]] void throw_invalid_rounding(Rounding mode, const char* where);

}  // namespace detail

class Decimal {
  public:
    static constexpr int max_digits = 38;
    static constexpr int max_scale = 28;

    // Zero at scale 0.
    constexpr Decimal() noexcept = default;

    // units * 10^-scale: Decimal(123456, 2) is 1 234,56. Throws Error(scale)
    // when scale is outside 0..28.
    constexpr Decimal(std::int64_t units, int scale) : lo_(0), hi_(0), scale_(scale) {
        if (!detail::valid_scale(scale)) detail::throw_scale(scale, "Decimal(units, scale)");
        set_mantissa(units);
    }

    // Amounts never come from binary floating point.
    template <class F>
    requires std::floating_point<F> Decimal(F, int)
    = delete;

    // mantissa * 10^-scale. Throws Error(overflow) when |mantissa| has more
    // than 38 digits and Error(scale) when scale is outside 0..28.
    static Decimal from_mantissa(int128_t mantissa, int scale);

    // The same, from the two's-complement halves of kalkyl_dec.
    static Decimal from_parts(std::uint64_t lo, std::int64_t hi, int scale) {
        return from_mantissa(
            static_cast<int128_t>((static_cast<uint128_t>(static_cast<std::uint64_t>(hi)) << 64) |
                                  lo),
            scale);
    }

    constexpr int128_t mantissa() const noexcept {
        return static_cast<int128_t>(
            (static_cast<uint128_t>(static_cast<std::uint64_t>(hi_)) << 64) | lo_);
    }
    constexpr std::uint64_t mantissa_lo() const noexcept { return lo_; }
    constexpr std::int64_t mantissa_hi() const noexcept { return hi_; }
    constexpr int scale() const noexcept { return scale_; }
    constexpr int signum() const noexcept { return hi_ < 0 ? -1 : (hi_ == 0 && lo_ == 0 ? 0 : 1); }
    constexpr bool is_zero() const noexcept { return hi_ == 0 && lo_ == 0; }

    // Never overflows: the range is symmetric.
    constexpr Decimal operator-() const noexcept { return raw(-mantissa(), scale_); }
    constexpr Decimal abs() const noexcept { return hi_ < 0 ? -*this : *this; }

    // Exact. The result has the larger scale (the sum of the scales for *);
    // only when the exact result would not fit 38 digits, or 28 decimals, is
    // the scale lowered, and then only by dropping trailing zeros. A result
    // that fits nowhere throws Error(overflow) or Error(scale).
    friend Decimal operator+(const Decimal& a, const Decimal& b);
    friend Decimal operator-(const Decimal& a, const Decimal& b);
    friend Decimal operator*(const Decimal& a, const Decimal& b);
    Decimal& operator+=(const Decimal& b) { return *this = *this + b; }
    Decimal& operator-=(const Decimal& b) { return *this = *this - b; }
    Decimal& operator*=(const Decimal& b) { return *this = *this * b; }

    // There is deliberately no operator/: a quotient needs a scale and a
    // rounding mode, so use divide().

    // This value at exactly `scale` decimals, correctly rounded by `mode`.
    // Raising the scale is exact and throws Error(overflow) when the result
    // needs more than 38 digits.
    Decimal round(int scale, Rounding mode) const;

    // The same value at the smallest scale that holds it (1,500 -> 1,5).
    Decimal trimmed() const noexcept;

    // Lossy: the nearest double (correctly rounded). For charts only.
    double to_double() const noexcept;

    // Plain C-locale text at the value's own scale: "-1234.50". For logs and
    // tests; text.hpp formats for people.
    std::string to_string() const;

    // Equal values are equal whatever their scale: 1,50 == 1,5.
    friend bool operator==(const Decimal& a, const Decimal& b) noexcept {
        return compare(a, b) == 0;
    }
    friend std::strong_ordering operator<=>(const Decimal& a, const Decimal& b) noexcept {
        const int c = compare(a, b);
        return c < 0 ? std::strong_ordering::less
                     : (c > 0 ? std::strong_ordering::greater : std::strong_ordering::equal);
    }

    // Agrees with ==: equal values hash alike whatever their scale.
    std::size_t hash() const noexcept;

    // Unchecked construction from a mantissa already known to fit.
    static constexpr Decimal raw(int128_t mantissa, int scale) noexcept {
        Decimal d;
        d.set_mantissa(mantissa);
        d.scale_ = scale;
        return d;
    }

  private:
    constexpr void set_mantissa(int128_t m) noexcept {
        lo_ = static_cast<std::uint64_t>(static_cast<uint128_t>(m));
        hi_ = static_cast<std::int64_t>(static_cast<uint128_t>(m) >> 64);
    }
    static int compare(const Decimal& a, const Decimal& b) noexcept;

    // The layout of kalkyl_dec (capi/kalkyl.h): the C ABI copies it as is.
    std::uint64_t lo_ = 0;
    std::int64_t hi_ = 0;
    std::int32_t scale_ = 0;
    std::uint32_t reserved_ = 0;
};

// a / b at exactly `scale` decimals, correctly rounded by `mode` from the
// exact quotient. Throws Error(division_by_zero), Error(scale) for a scale
// outside 0..28, Error(overflow) when the quotient needs more than 38 digits.
Decimal divide(const Decimal& a, const Decimal& b, int scale, Rounding mode);

// The exact sum of a column. The scale is the largest in the column (lowered
// only by dropping trailing zeros when that is what makes the sum fit);
// throws Error(overflow) when the sum needs more than 38 digits. An empty
// column sums to zero.
Decimal sum(std::span<const Decimal> values);

// The exact sum of a column of integer minor units at one scale (öre at
// scale 2: what ledgers store). The fast way to total a ledger column.
Decimal sum_units(std::span<const std::int64_t> units, int scale);

namespace detail {

// Out-of-line slow paths: exact in arbitrary precision, then fitted.
Decimal add_wide(const Decimal& a, const Decimal& b, bool subtract);
Decimal multiply_wide(const Decimal& a, const Decimal& b);

}  // namespace detail

inline Decimal operator+(const Decimal& a, const Decimal& b) {
    int128_t x = a.mantissa();
    int128_t y = b.mantissa();
    int scale = a.scale_;
    if (a.scale_ < b.scale_) {
        if (__builtin_mul_overflow(x, detail::pow10(b.scale_ - a.scale_), &x))
            return detail::add_wide(a, b, false);
        scale = b.scale_;
    } else if (b.scale_ < a.scale_) {
        if (__builtin_mul_overflow(y, detail::pow10(a.scale_ - b.scale_), &y))
            return detail::add_wide(a, b, false);
    }
    int128_t r;
    if (__builtin_add_overflow(x, y, &r) || !detail::fits_digits(r))
        return detail::add_wide(a, b, false);
    return Decimal::raw(r, scale);
}

inline Decimal operator-(const Decimal& a, const Decimal& b) {
    return a + (-b);
}

inline Decimal operator*(const Decimal& a, const Decimal& b) {
    int128_t r;
    const int scale = a.scale_ + b.scale_;
    if (scale > Decimal::max_scale || __builtin_mul_overflow(a.mantissa(), b.mantissa(), &r) ||
        !detail::fits_digits(r))
        return detail::multiply_wide(a, b);
    return Decimal::raw(r, scale);
}

}  // namespace kalkyl

template <>
struct std::hash<kalkyl::Decimal> {
    std::size_t operator()(const kalkyl::Decimal& d) const noexcept { return d.hash(); }
};
