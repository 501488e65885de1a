// The out-of-line parts of kalkyl::Decimal: the wide slow paths (through
// Boost.Multiprecision's cpp_int), division and rounding, sums, hashing and
// conversions.

#include "kalkyl/decimal.hpp"

#include <array>
#include <charconv>
#include <string>

#include "detail/decimal_wide.hpp"

namespace kalkyl {

const char* errc_name(Errc code) noexcept {
    switch (code) {
        case Errc::ok:
            return "ok";
        case Errc::null_argument:
            return "null_argument";
        case Errc::parse:
            return "parse";
        case Errc::ambiguous:
            return "ambiguous";
        case Errc::overflow:
            return "overflow";
        case Errc::division_by_zero:
            return "division_by_zero";
        case Errc::scale:
            return "scale";
        case Errc::buffer:
            return "buffer";
        case Errc::invalid:
            return "invalid";
        case Errc::no_memory:
            return "no_memory";
        case Errc::internal:
            return "internal";
    }
    return "unknown";
}

const char* rounding_name(Rounding mode) noexcept {
    switch (mode) {
        case Rounding::half_up:
            return "half_up";
        case Rounding::half_even:
            return "half_even";
        case Rounding::half_down:
            return "half_down";
        case Rounding::down:
            return "down";
        case Rounding::up:
            return "up";
        case Rounding::floor:
            return "floor";
        case Rounding::ceiling:
            return "ceiling";
    }
    return "unknown";
}

namespace detail {

void throw_scale(int scale, const char* where) {
    throw Error(Errc::scale,
                std::string(where) + ": scale " + std::to_string(scale) +
                    " is outside 0..28 (kalkyl keeps at most 28 digits after the decimal mark)");
}

void throw_invalid_rounding(Rounding mode, const char* where) {
    throw Error(Errc::invalid,
                std::string(where) + ": " + std::to_string(static_cast<int>(mode)) +
                    " is not a rounding mode (0..6: half_up, half_even, half_down, down, up, "
                    "floor, ceiling)");
}

namespace {

void check_scale(int scale, const char* where) {
    if (!valid_scale(scale)) throw_scale(scale, where);
}

void check_rounding(Rounding mode, const char* where) {
    if (!valid_rounding(mode)) throw_invalid_rounding(mode, where);
}

// Rounds the truncated quotient q of n / d, whose remainder is r (r has the
// sign of n), by `mode`. T is int128_t or Wide. The comparison of the
// remainder with half the divisor is |r| against |d| - |r|, which cannot
// overflow.
template <class T>
T round_quotient(T q, const T& r, const T& d, bool negative, Rounding mode) {
    if (r == 0) return q;
    bool away = false;
    switch (mode) {
        case Rounding::down:
            away = false;
            break;
        case Rounding::up:
            away = true;
            break;
        case Rounding::floor:
            away = negative;
            break;
        case Rounding::ceiling:
            away = !negative;
            break;
        case Rounding::half_up:
        case Rounding::half_even:
        case Rounding::half_down: {
            const T ar = r < 0 ? T(-r) : r;
            const T ad = d < 0 ? T(-d) : d;
            const T other = ad - ar;
            if (ar > other) {
                away = true;
            } else if (ar == other) {
                if (mode == Rounding::half_up)
                    away = true;
                else if (mode == Rounding::half_even)
                    away = (q % 2) != 0;
                else
                    away = false;
            }
            break;
        }
    }
    // Increment in place: a temporary T(-1) trips GCC 12's -Wmaybe-uninitialized
    // inside Boost's cpp_int destructor at -O2.
    if (away) {
        if (negative)
            --q;
        else
            ++q;
    }
    return q;
}

template <class T>
T divide_rounded(const T& n, const T& d, Rounding mode) {
    const T q = n / d;  // truncates toward zero
    const T r = n - q * d;
    const bool negative = (n < 0) != (d < 0);
    return round_quotient(q, r, d, negative, mode);
}

}  // namespace

Wide to_wide(int128_t m) {
    const bool neg = m < 0;
    const uint128_t u = neg ? uint128_t(0) - static_cast<uint128_t>(m) : static_cast<uint128_t>(m);
    Wide w = Wide(static_cast<std::uint64_t>(u >> 64));
    w <<= 64;
    w += Wide(static_cast<std::uint64_t>(u));
    return neg ? Wide(-w) : w;
}

Wide pow10_wide(int k) {
    static const std::array<Wide, 80> table = [] {
        std::array<Wide, 80> t;
        Wide p = 1;
        for (auto& x : t) {
            x = p;
            p *= 10;
        }
        return t;
    }();
    return table[static_cast<std::size_t>(k)];
}

bool wide_fits(const Wide& w) {
    return w <= to_wide(max_mantissa) && w >= to_wide(-max_mantissa);
}

int128_t from_wide(const Wide& w) {
    // Callers have checked that w fits 38 digits.
    const bool neg = w < 0;
    Wide a = neg ? Wide(-w) : w;
    const auto lo = static_cast<std::uint64_t>(a & Wide(~std::uint64_t(0)));
    const auto hi = static_cast<std::uint64_t>(a >> 64);
    const uint128_t u = (static_cast<uint128_t>(hi) << 64) | lo;
    return neg ? -static_cast<int128_t>(u) : static_cast<int128_t>(u);
}

Decimal fit(Wide m, int scale, const char* operation) {
    // Only when the exact result does not fit is the scale lowered, and only
    // by dropping trailing zeros, so the value never changes.
    while ((scale > Decimal::max_scale || !wide_fits(m)) && scale > 0 && m % 10 == 0) {
        m /= 10;
        --scale;
    }
    if (scale > Decimal::max_scale)
        throw Error(Errc::scale,
                    std::string(operation) + ": the exact result needs " + std::to_string(scale) +
                        " digits after the decimal mark; kalkyl keeps at most 28 (round an "
                        "operand first)");
    if (!wide_fits(m))
        throw Error(Errc::overflow, std::string(operation) +
                                        ": the exact result needs more than 38 significant digits");
    return Decimal::raw(from_wide(m), scale);
}

Decimal add_wide(const Decimal& a, const Decimal& b, bool subtract) {
    const int scale = a.scale() > b.scale() ? a.scale() : b.scale();
    Wide x = to_wide(a.mantissa()) * pow10_wide(scale - a.scale());
    Wide y = to_wide(b.mantissa()) * pow10_wide(scale - b.scale());
    return fit(subtract ? Wide(x - y) : Wide(x + y), scale, subtract ? "subtraction" : "addition");
}

Decimal multiply_wide(const Decimal& a, const Decimal& b) {
    return fit(to_wide(a.mantissa()) * to_wide(b.mantissa()), a.scale() + b.scale(),
               "multiplication");
}

}  // namespace detail

Decimal Decimal::from_mantissa(int128_t mantissa, int scale) {
    detail::check_scale(scale, "Decimal::from_mantissa");
    if (!detail::fits_digits(mantissa))
        throw Error(Errc::overflow, "Decimal::from_mantissa: the mantissa has more than 38 digits");
    return raw(mantissa, scale);
}

int Decimal::compare(const Decimal& a, const Decimal& b) noexcept {
    int128_t x = a.mantissa();
    int128_t y = b.mantissa();
    if (a.scale_ < b.scale_) {
        // An aligned mantissa too large for 128 bits is larger in magnitude
        // than any other mantissa (< 10^38 < 2^127), so its sign decides.
        if (__builtin_mul_overflow(x, detail::pow10(b.scale_ - a.scale_), &x)) return a.signum();
    } else if (b.scale_ < a.scale_) {
        if (__builtin_mul_overflow(y, detail::pow10(a.scale_ - b.scale_), &y)) return -b.signum();
    }
    return x < y ? -1 : (x > y ? 1 : 0);
}

Decimal Decimal::trimmed() const noexcept {
    int128_t m = mantissa();
    int s = scale_;
    if (m == 0) return Decimal();
    while (s > 0 && m % 10 == 0) {
        m /= 10;
        --s;
    }
    return raw(m, s);
}

std::size_t Decimal::hash() const noexcept {
    const Decimal t = trimmed();
    // splitmix64 finaliser over the canonical form.
    auto mix = [](std::uint64_t z) {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    };
    std::uint64_t h = mix(t.lo_);
    h = mix(h ^ static_cast<std::uint64_t>(t.hi_));
    h = mix(h ^ static_cast<std::uint64_t>(t.scale_));
    return static_cast<std::size_t>(h);
}

Decimal Decimal::round(int scale, Rounding mode) const {
    detail::check_scale(scale, "round");
    detail::check_rounding(mode, "round");
    const int128_t m = mantissa();
    if (scale == scale_) return *this;
    if (scale > scale_) {
        int128_t r;
        if (__builtin_mul_overflow(m, detail::pow10(scale - scale_), &r) || !detail::fits_digits(r))
            throw Error(Errc::overflow, "round: " + to_string() + " at " + std::to_string(scale) +
                                            " decimals needs more than 38 digits");
        return raw(r, scale);
    }
    return raw(detail::divide_rounded<int128_t>(m, detail::pow10(scale_ - scale), mode), scale);
}

Decimal divide(const Decimal& a, const Decimal& b, int scale, Rounding mode) {
    detail::check_scale(scale, "divide");
    detail::check_rounding(mode, "divide");
    if (b.is_zero())
        throw Error(Errc::division_by_zero, "divide: " + a.to_string() + " divided by zero");
    // q = a.m * 10^(scale + b.scale - a.scale) / b.m, rounded once.
    const int e = scale + b.scale() - a.scale();
    int128_t n = a.mantissa();
    int128_t d = b.mantissa();
    bool narrow = true;
    if (e >= 0) {
        narrow = e <= 38 && !__builtin_mul_overflow(n, detail::pow10(e), &n);
    } else {
        narrow = -e <= 38 && !__builtin_mul_overflow(d, detail::pow10(-e), &d);
    }
    if (narrow) {
        int128_t q;
        // Most unit costs divide amounts that fit 64 bits: one hardware division.
        if (n >= INT64_MIN && n <= INT64_MAX && d >= INT64_MIN && d <= INT64_MAX && d != -1) {
            const auto n64 = static_cast<std::int64_t>(n);
            const auto d64 = static_cast<std::int64_t>(d);
            q = detail::round_quotient<int128_t>(n64 / d64, n64 % d64, d64, (n64 < 0) != (d64 < 0),
                                                 mode);
        } else {
            q = detail::divide_rounded<int128_t>(n, d, mode);
        }
        if (!detail::fits_digits(q))
            throw Error(Errc::overflow, "divide: the quotient of " + a.to_string() + " / " +
                                            b.to_string() + " at " + std::to_string(scale) +
                                            " decimals needs more than 38 digits");
        return Decimal::raw(q, scale);
    }
    detail::Wide wn = detail::to_wide(a.mantissa());
    detail::Wide wd = detail::to_wide(b.mantissa());
    if (e >= 0)
        wn *= detail::pow10_wide(e);
    else
        wd *= detail::pow10_wide(-e);
    const detail::Wide q = detail::divide_rounded<detail::Wide>(wn, wd, mode);
    if (!detail::wide_fits(q))
        throw Error(Errc::overflow, "divide: the quotient of " + a.to_string() + " / " +
                                        b.to_string() + " at " + std::to_string(scale) +
                                        " decimals needs more than 38 digits");
    return Decimal::raw(detail::from_wide(q), scale);
}

Decimal sum(std::span<const Decimal> values) {
    if (values.empty()) return Decimal();
    // Fast path: one scale, 128-bit accumulator with overflow detection.
    // Intermediate sums may pass 38 digits as long as the total does not.
    const int scale = values[0].scale();
    int128_t acc = 0;
    std::size_t i = 0;
    for (; i < values.size(); ++i) {
        const Decimal& v = values[i];
        if (v.scale() != scale || __builtin_add_overflow(acc, v.mantissa(), &acc)) break;
    }
    if (i == values.size()) {
        // A total of 39 digits may still fit by dropping trailing zeros, as in
        // the exact path (found by tests/fuzz/fuzz_arith.cpp).
        if (!detail::fits_digits(acc)) return detail::fit(detail::to_wide(acc), scale, "sum");
        return Decimal::raw(acc, scale);
    }
    // Mixed scales or a 128-bit overflow: finish exactly at the largest scale.
    int max_scale = 0;
    for (const Decimal& v : values)
        max_scale = v.scale() > max_scale ? v.scale() : max_scale;
    detail::Wide total = 0;
    for (const Decimal& v : values)
        total += detail::to_wide(v.mantissa()) * detail::pow10_wide(max_scale - v.scale());
    return detail::fit(total, max_scale, "sum");
}

Decimal sum_units(std::span<const std::int64_t> units, int scale) {
    detail::check_scale(scale, "sum_units");
    // Each value v = hi * 2^32 + lo with lo in [0, 2^32) and hi = v >> 32.
    // Summing the halves separately in 64 bits cannot overflow within a block
    // of 2^20 values, and the loop vectorises: this runs at memory speed.
    constexpr std::size_t block = std::size_t(1) << 20;
    int128_t total = 0;
    const std::int64_t* p = units.data();
    std::size_t left = units.size();
    while (left > 0) {
        const std::size_t n = left < block ? left : block;
        std::uint64_t lo_sum = 0;
        std::int64_t hi_sum = 0;
        for (std::size_t i = 0; i < n; ++i) {
            lo_sum += static_cast<std::uint32_t>(p[i]);
            hi_sum += p[i] >> 32;
        }
        total +=
            static_cast<int128_t>(hi_sum) * (int128_t(1) << 32) + static_cast<int128_t>(lo_sum);
        p += n;
        left -= n;
    }
    if (!detail::fits_digits(total))
        throw Error(Errc::overflow, "sum_units: the total needs more than 38 digits");
    return Decimal::raw(total, scale);
}

std::string Decimal::to_string() const {
    const int128_t m = mantissa();
    uint128_t u = m < 0 ? uint128_t(0) - static_cast<uint128_t>(m) : static_cast<uint128_t>(m);
    char digits[48];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + static_cast<int>(u % 10));
        u /= 10;
    } while (u != 0);
    while (n <= scale_)
        digits[n++] = '0';  // at least one digit before the mark
    std::string out;
    out.reserve(static_cast<std::size_t>(n) + 2);
    if (m < 0) out.push_back('-');
    for (int i = n - 1; i >= 0; --i) {
        out.push_back(digits[i]);
        if (i == scale_ && scale_ > 0) out.push_back('.');
    }
    return out;
}

double Decimal::to_double() const noexcept {
    // Through the exact text and from_chars: correctly rounded, independent
    // of the C locale, and the same on every platform.
    char buf[48];
    const int128_t m = mantissa();
    uint128_t u = m < 0 ? uint128_t(0) - static_cast<uint128_t>(m) : static_cast<uint128_t>(m);
    char digits[40];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + static_cast<int>(u % 10));
        u /= 10;
    } while (u != 0);
    int k = 0;
    if (m < 0) buf[k++] = '-';
    for (int i = n - 1; i >= 0; --i)
        buf[k++] = digits[i];
    buf[k++] = 'e';
    buf[k++] = '-';
    if (scale_ >= 10) buf[k++] = static_cast<char>('0' + scale_ / 10);
    buf[k++] = static_cast<char>('0' + scale_ % 10);
    double out = 0.0;
    std::from_chars(buf, buf + k, out);
    return out;
}

}  // namespace kalkyl
