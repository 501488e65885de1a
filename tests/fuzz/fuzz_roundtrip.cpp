// Fuzz target: format -> parse round trips (kalkyl_dec_format,
// kalkyl_dec_format_array, kalkyl_dec_parse).
//
// From the input: a valid kalkyl_dec (any magnitude below 10^38, scale
// 0..28, both signs) and a valid kalkyl_format (C or sv-SE, decimals -1..28,
// kr/tkr/mnkr, any rounding, any allowed flags). Checks:
//   - the text reads back in the same locale to exactly
//     kalkyl_dec_div(v, 10^unit, decimals, rounding): the value written, at
//     the scale written (decimals -1: the value's own scale after the unit,
//     at most 28), as capi/kalkyl.h promises;
//   - a zero is written without a sign;
//   - *needed is strlen + 1 and a buffer one byte short is KALKYL_E_BUFFER
//     with nothing written;
//   - kalkyl_dec_format_array of {v, v} is the two texts joined by ';'.

#include <cstdint>
#include <cstring>
#include <string>

#include "fuzz_common.hpp"
#include "kalkyl.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    fuzz::Reader r(data, size);
    kalkyl_dec v = fuzz::any_dec(r);
    v.reserved = 0;
    if (v.scale < 0 || v.scale > 28)
        v.scale = static_cast<std::int32_t>(static_cast<std::uint32_t>(v.scale) % 29);
    {
        int cmp;
        if (kalkyl_dec_cmp(&v, &v, &cmp) != KALKYL_OK) return 0;  // 39 digits: not a value
    }
    kalkyl_format fmt = {sizeof(kalkyl_format), KALKYL_LOCALE_C, -1, 0, KALKYL_ROUND_HALF_UP, 0};
    fmt.locale = r.flag() ? KALKYL_LOCALE_SV_SE : KALKYL_LOCALE_C;
    fmt.decimals = static_cast<std::int32_t>(r.byte() % 30) - 1;
    static const std::int32_t units[] = {0, 3, 6};
    fmt.unit_exponent = units[r.byte() % 3];
    fmt.rounding = r.byte() % 7;
    fmt.flags = r.byte() & 0x1Fu;
    if ((fmt.flags & (KALKYL_FMT_NO_GROUPING | KALKYL_FMT_ASCII_SPACE)) ==
        (KALKYL_FMT_NO_GROUPING | KALKYL_FMT_ASCII_SPACE))
        fmt.flags &= ~KALKYL_FMT_ASCII_SPACE;

    // What the text must read back as.
    const std::int32_t natural =
        v.scale + fmt.unit_exponent > 28 ? 28 : v.scale + fmt.unit_exponent;
    const std::int32_t shown = fmt.decimals < 0 ? natural : fmt.decimals;
    kalkyl_dec divisor = fuzz::make_dec(fmt.unit_exponent == 0   ? 1
                                        : fmt.unit_exponent == 3 ? 1000
                                                                 : 1000000,
                                        0);
    kalkyl_dec want;
    const kalkyl_status want_status =
        kalkyl_dec_div(&v, &divisor, shown, static_cast<kalkyl_rounding>(fmt.rounding), &want);
    FUZZ_REQUIRE(want_status == KALKYL_OK || want_status == KALKYL_E_OVERFLOW, "reference div");

    char buf[160];
    std::memset(buf, 0x5A, sizeof buf);
    std::size_t needed = 0;
    const kalkyl_status s = kalkyl_dec_format(&v, &fmt, buf, 128, &needed);
    fuzz::check_status(s, "kalkyl_dec_format");
    if (want_status == KALKYL_E_OVERFLOW) {
        FUZZ_REQUIRE(s == KALKYL_E_OVERFLOW, "format overflows as the division does");
        for (unsigned char c : buf)
            FUZZ_REQUIRE(c == 0x5A, "format wrote on failure");
        return 0;
    }
    FUZZ_REQUIRE(s == KALKYL_OK, "format of a valid value");
    FUZZ_REQUIRE(needed == std::strlen(buf) + 1 && needed <= 128, "needed");
    for (std::size_t i = needed; i < sizeof buf; ++i)
        FUZZ_REQUIRE(buf[i] == 0x5A, "format wrote past the NUL");

    kalkyl_dec back;
    const kalkyl_status ps =
        kalkyl_dec_parse(buf, needed - 1, static_cast<kalkyl_locale>(fmt.locale), &back);
    fuzz::check_status(ps, "kalkyl_dec_parse");
    FUZZ_REQUIRE(ps == KALKYL_OK, buf);
    FUZZ_REQUIRE(back.lo == want.lo && back.hi == want.hi && back.scale == want.scale, buf);

    int sign = 0;
    const kalkyl_dec zero = fuzz::make_dec(0, 0);
    FUZZ_REQUIRE(kalkyl_dec_cmp(&want, &zero, &sign) == KALKYL_OK, "cmp");
    if (sign == 0)
        FUZZ_REQUIRE(
            std::strpbrk(buf, "-+(") == nullptr && std::strstr(buf, "\xE2\x88\x92") == nullptr,
            buf);

    // One byte short: KALKYL_E_BUFFER, nothing written.
    char small[160];
    std::memset(small, 0x5A, sizeof small);
    std::size_t needed2 = 0;
    const kalkyl_status bs = kalkyl_dec_format(&v, &fmt, small, needed - 1, &needed2);
    fuzz::check_status(bs, "kalkyl_dec_format");
    FUZZ_REQUIRE(bs == KALKYL_E_BUFFER && needed2 == needed, "one byte short");
    for (unsigned char c : small)
        FUZZ_REQUIRE(c == 0x5A, "format wrote into a short buffer");

    // The column of two.
    const kalkyl_dec two[2] = {v, v};
    char joined[300];
    std::size_t jneeded = 0, bad = 0;
    const kalkyl_status js =
        kalkyl_dec_format_array(two, 2, &fmt, ';', joined, sizeof joined, &jneeded, &bad);
    fuzz::check_status(js, "kalkyl_dec_format_array");
    FUZZ_REQUIRE(js == KALKYL_OK, "format_array");
    const std::string one(buf);
    FUZZ_REQUIRE(std::string(joined) == one + ";" + one && jneeded == 2 * one.size() + 2, joined);
    return 0;
}
