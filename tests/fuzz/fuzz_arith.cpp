// Fuzz target: decimal arithmetic through the C ABI against an exact
// reference: scaled integers in Boost.Multiprecision's cpp_int, rounded by
// a rule written here from the definitions of the modes (not shared with
// src/decimal.cpp).
//
// From the input: two valid kalkyl_dec (any magnitude below 10^38, scales
// 0..28, both signs), a target scale 0..28 and a rounding mode. Checked:
// add, sub, mul (exact, with kalkyl's fitting rule: drop trailing zeros only
// when the natural scale does not fit), div and round (exact quotient rounded
// once), cmp, and kalkyl_sum of {a, b, a}; each result's value and scale, or
// the documented error when the exact result does not fit, and nothing
// written on failure.

#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <cstring>

#include "fuzz_common.hpp"
#include "kalkyl.h"

namespace {

using boost::multiprecision::cpp_int;

cpp_int pow10(int k) {
    cpp_int p = 1;
    for (int i = 0; i < k; ++i)
        p *= 10;
    return p;
}

const cpp_int& limit() {
    static const cpp_int l = pow10(38);
    return l;
}

cpp_int mantissa(const kalkyl_dec& d) {
    std::uint64_t lo = d.lo, hi = static_cast<std::uint64_t>(d.hi);
    const bool neg = d.hi < 0;
    if (neg) {
        lo = ~lo + 1;
        hi = ~hi + (lo == 0 ? 1 : 0);
    }
    cpp_int m = hi;
    m <<= 64;
    m += lo;
    return neg ? cpp_int(-m) : m;
}

// The rounding of n / d (d != 0) to an integer, from the modes' definitions.
cpp_int rounded(cpp_int n, cpp_int d, int mode) {
    if (d < 0) {
        n = -n;
        d = -d;
    }
    const bool neg = n < 0;
    const cpp_int an = neg ? cpp_int(-n) : n;
    cpp_int q = an / d;  // magnitude, toward zero
    const cpp_int rem = an - q * d;
    if (rem != 0) {
        const int half = (rem * 2 > d) ? 1 : (rem * 2 == d ? 0 : -1);  // above, at, below a half
        bool away = false;
        switch (mode) {
            case KALKYL_ROUND_HALF_UP:
                away = half >= 0;
                break;
            case KALKYL_ROUND_HALF_EVEN:
                away = half > 0 || (half == 0 && (q % 2) != 0);
                break;
            case KALKYL_ROUND_HALF_DOWN:
                away = half > 0;
                break;
            case KALKYL_ROUND_DOWN:
                away = false;
                break;
            case KALKYL_ROUND_UP:
                away = true;
                break;
            case KALKYL_ROUND_FLOOR:
                away = neg;
                break;
            case KALKYL_ROUND_CEILING:
                away = !neg;
                break;
            default:
                fuzz::fail("mode");
        }
        if (away) q += 1;
    }
    return neg ? cpp_int(-q) : q;
}

struct Want {
    kalkyl_status status;
    cpp_int m;
    int scale;
};

// kalkyl's rule for an exact result (capi/kalkyl.h, add and mul): keep the
// natural scale when it fits 38 digits and 28 decimals, else drop trailing
// zeros as far as needed.
Want fitted(cpp_int m, int scale) {
    while (scale > 0 && (scale > 28 || abs(m) >= limit()) && m % 10 == 0) {
        m /= 10;
        --scale;
    }
    if (scale > 28) return {KALKYL_E_SCALE, 0, 0};
    if (abs(m) >= limit()) return {KALKYL_E_OVERFLOW, 0, 0};
    return {KALKYL_OK, m, scale};
}

Want at_scale(const cpp_int& m, int scale) {
    if (abs(m) >= limit()) return {KALKYL_E_OVERFLOW, 0, 0};
    return {KALKYL_OK, m, scale};
}

void expect(const char* fn, kalkyl_status got, const kalkyl_dec& out, const kalkyl_dec& before,
            const Want& want) {
    fuzz::check_status(got, fn);
    if (got != want.status) {
        char detail[96];
        std::snprintf(detail, sizeof detail, "%s: status %d, reference %d", fn, got, want.status);
        fuzz::fail("status differs from the reference", detail);
    }
    if (got != KALKYL_OK) {
        FUZZ_REQUIRE(std::memcmp(&out, &before, sizeof out) == 0, fn);
        return;
    }
    FUZZ_REQUIRE(out.reserved == 0 && out.scale == want.scale, fn);
    FUZZ_REQUIRE(mantissa(out) == want.m, fn);
}

kalkyl_dec valid(fuzz::Reader& r) {
    kalkyl_dec d = fuzz::any_dec(r);
    d.reserved = 0;
    d.scale = static_cast<std::int32_t>(static_cast<std::uint32_t>(d.scale) % 29);
    if (abs(mantissa(d)) >= limit()) {  // fold a 39-digit mantissa back below 10^38
        d.hi = static_cast<std::int64_t>(static_cast<std::uint64_t>(d.hi) % 0x4b3b4ca85a86c47aULL);
        if (d.hi < 0) d.hi = -d.hi;
    }
    return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::Reader r(data, size);
    const kalkyl_dec a = valid(r);
    const kalkyl_dec b = valid(r);
    const int scale = r.byte() % 29;
    const int mode = r.byte() % 7;
    const cpp_int ma = mantissa(a), mb = mantissa(b);
    FUZZ_REQUIRE(abs(ma) < limit() && abs(mb) < limit(), "operands");
    const int s = a.scale > b.scale ? a.scale : b.scale;
    const cpp_int xa = ma * pow10(s - a.scale), xb = mb * pow10(s - b.scale);

    kalkyl_dec sentinel;
    std::memset(&sentinel, 0xA5, sizeof sentinel);
    kalkyl_dec out;

    out = sentinel;
    expect("kalkyl_dec_add", kalkyl_dec_add(&a, &b, &out), out, sentinel, fitted(xa + xb, s));
    out = sentinel;
    expect("kalkyl_dec_sub", kalkyl_dec_sub(&a, &b, &out), out, sentinel, fitted(xa - xb, s));
    out = sentinel;
    expect("kalkyl_dec_mul", kalkyl_dec_mul(&a, &b, &out), out, sentinel,
           fitted(ma * mb, a.scale + b.scale));

    out = sentinel;
    Want q;
    if (mb == 0) {
        q = {KALKYL_E_DIV_ZERO, 0, 0};
    } else {
        // a / b * 10^scale = ma * 10^(b.scale + scale) / (mb * 10^a.scale)
        q = at_scale(rounded(ma * pow10(b.scale + scale), mb * pow10(a.scale), mode), scale);
    }
    expect("kalkyl_dec_div",
           kalkyl_dec_div(&a, &b, scale, static_cast<kalkyl_rounding>(mode), &out), out, sentinel,
           q);

    out = sentinel;
    const Want rw = scale >= a.scale ? at_scale(ma * pow10(scale - a.scale), scale)
                                     : at_scale(rounded(ma, pow10(a.scale - scale), mode), scale);
    expect("kalkyl_dec_round",
           kalkyl_dec_round(&a, scale, static_cast<kalkyl_rounding>(mode), &out), out, sentinel,
           rw);

    int cmp = 7;
    const kalkyl_status cs = kalkyl_dec_cmp(&a, &b, &cmp);
    fuzz::check_status(cs, "kalkyl_dec_cmp");
    FUZZ_REQUIRE(cs == KALKYL_OK && cmp == (xa < xb ? -1 : xa > xb ? 1 : 0), "cmp");

    const kalkyl_dec column[3] = {a, b, a};
    out = sentinel;
    expect("kalkyl_sum", kalkyl_sum(column, 3, &out), out, sentinel, fitted(2 * xa + xb, s));

    double d = 0;
    FUZZ_REQUIRE(kalkyl_dec_to_double(&a, &d) == KALKYL_OK, "to_double");
    FUZZ_REQUIRE((ma > 0) == (d > 0) && (ma < 0) == (d < 0), "to_double sign");
    return 0;
}
