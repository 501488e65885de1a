// Fuzz target: reading amounts (kalkyl_dec_parse, kalkyl_dec_parse_lines and
// the C++ try_parse, parse_amount, parse_percent) from arbitrary bytes in the
// sv-SE, C and AUTO profiles.
//
// Checks, beyond "no crash, no sanitizer report":
//   - every status is a kalkyl_status, never INTERNAL; a failure writes
//     nothing and leaves a message naming the function;
//   - a value read is a valid kalkyl_dec (scale 0..28, < 10^38, reserved 0);
//   - the C ABI and the C++ try_parse agree on the status and the value;
//   - AUTO never guesses: when C and sv-SE read the text as different
//     numbers AUTO is KALKYL_E_AMBIGUOUS; when both read the same number, or
//     only one reads it, AUTO reads that number;
//   - formatting a value read and reading it back gives the same value and
//     scale;
//   - kalkyl_dec_parse_lines over the text with '\n' agrees with parsing the
//     text when it holds no '\n'.
// Input: byte 0 picks the profile, the rest is the text.

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>

#include "fuzz_common.hpp"
#include "kalkyl.h"
#include "kalkyl/error.hpp"
#include "kalkyl/text.hpp"

namespace {

struct Read {
    kalkyl_status status;
    kalkyl_dec value;
};

Read read(const std::string& text, kalkyl_locale locale) {
    fuzz::Arena arena(sizeof(kalkyl_dec));
    // An exact-size heap copy: a read past len is an ASan report.
    std::unique_ptr<char[]> copy(new char[text.size() + 1]);
    std::memcpy(copy.get(), text.data(), text.size());
    const kalkyl_status s =
        kalkyl_dec_parse(copy.get(), text.size(), locale, arena.at<kalkyl_dec>(0));
    fuzz::check_status(s, "kalkyl_dec_parse");
    Read r{s, {}};
    if (s == KALKYL_OK) {
        std::memcpy(&r.value, arena.at<kalkyl_dec>(0), sizeof r.value);
        FUZZ_REQUIRE(r.value.reserved == 0 && r.value.scale >= 0 && r.value.scale <= 28, "value");
        int cmp = 0;
        FUZZ_REQUIRE(kalkyl_dec_cmp(&r.value, &r.value, &cmp) == KALKYL_OK && cmp == 0, "valid");
    } else {
        FUZZ_REQUIRE(arena.untouched(), "parse wrote on failure");
        FUZZ_REQUIRE(s == KALKYL_E_PARSE || s == KALKYL_E_AMBIGUOUS || s == KALKYL_E_OVERFLOW ||
                         s == KALKYL_E_SCALE,
                     "parse status");
    }
    return r;
}

bool same(const kalkyl_dec& a, const kalkyl_dec& b) {
    return a.lo == b.lo && a.hi == b.hi && a.scale == b.scale && a.reserved == b.reserved;
}

bool equal_value(const kalkyl_dec& a, const kalkyl_dec& b) {
    int cmp = 2;
    FUZZ_REQUIRE(kalkyl_dec_cmp(&a, &b, &cmp) == KALKYL_OK, "cmp");
    return cmp == 0;
}

void round_trip(const kalkyl_dec& v, kalkyl_locale locale, std::uint8_t flags) {
    kalkyl_format fmt = {sizeof(kalkyl_format), locale, -1, 0, KALKYL_ROUND_HALF_UP, 0};
    static const std::uint32_t choices[] = {0,
                                            KALKYL_FMT_NO_GROUPING,
                                            KALKYL_FMT_ASCII_SPACE,
                                            KALKYL_FMT_UNICODE_MINUS,
                                            KALKYL_FMT_PARENS,
                                            KALKYL_FMT_PLUS | KALKYL_FMT_ASCII_SPACE};
    fmt.flags = choices[flags % 6];
    char buf[128];
    std::size_t needed = 0;
    const kalkyl_status s = kalkyl_dec_format(&v, &fmt, buf, sizeof buf, &needed);
    fuzz::check_status(s, "kalkyl_dec_format");
    FUZZ_REQUIRE(s == KALKYL_OK, "a value read formats with its own scale");
    FUZZ_REQUIRE(needed == std::strlen(buf) + 1, "needed");
    const Read back = read(std::string(buf, needed - 1), locale);
    FUZZ_REQUIRE(back.status == KALKYL_OK, buf);
    FUZZ_REQUIRE(same(back.value, v), buf);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t control = data[0];
    const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);

    const Read c = read(text, KALKYL_LOCALE_C);
    const Read sv = read(text, KALKYL_LOCALE_SV_SE);
    const Read au = read(text, KALKYL_LOCALE_AUTO);

    // The C++ API says the same.
    const kalkyl::ParseResult cpp_sv = kalkyl::try_parse(text, kalkyl::Locale::sv_SE);
    FUZZ_REQUIRE(static_cast<int>(cpp_sv.code) == sv.status, "try_parse status");
    if (sv.status == KALKYL_OK)
        FUZZ_REQUIRE(cpp_sv.value.scale() == sv.value.scale &&
                         cpp_sv.value.mantissa_lo() == sv.value.lo &&
                         cpp_sv.value.mantissa_hi() == sv.value.hi,
                     "try_parse value");
    else
        FUZZ_REQUIRE(cpp_sv.reason != nullptr && cpp_sv.position <= text.size(),
                     "try_parse reason");

    // AUTO never guesses.
    if (c.status == KALKYL_OK && sv.status == KALKYL_OK) {
        if (equal_value(c.value, sv.value)) {
            FUZZ_REQUIRE(au.status == KALKYL_OK && equal_value(au.value, c.value),
                         "AUTO, one reading");
        } else {
            FUZZ_REQUIRE(au.status == KALKYL_E_AMBIGUOUS, "AUTO, two readings");
        }
    } else if (c.status == KALKYL_OK && sv.status == KALKYL_E_PARSE) {
        FUZZ_REQUIRE(au.status == KALKYL_OK && same(au.value, c.value), "AUTO reads as C");
    } else if (sv.status == KALKYL_OK && c.status == KALKYL_E_PARSE) {
        FUZZ_REQUIRE(au.status == KALKYL_OK && same(au.value, sv.value), "AUTO reads as sv-SE");
    } else if (c.status == KALKYL_E_PARSE && sv.status == KALKYL_E_PARSE) {
        FUZZ_REQUIRE(au.status != KALKYL_OK, "AUTO reads what neither profile reads");
    }

    // Written back, read back.
    if (c.status == KALKYL_OK) round_trip(c.value, KALKYL_LOCALE_C, control);
    if (sv.status == KALKYL_OK) round_trip(sv.value, KALKYL_LOCALE_SV_SE, control >> 3);

    // A column of one line reads as the one value.
    if (text.find('\n') == std::string::npos && !text.empty()) {
        kalkyl_dec out[2];
        std::size_t count = 0, bad = 0;
        const kalkyl_status s = kalkyl_dec_parse_lines(text.data(), text.size(), '\n',
                                                       KALKYL_LOCALE_SV_SE, out, 2, &count, &bad);
        fuzz::check_status(s, "kalkyl_dec_parse_lines");
        FUZZ_REQUIRE(s == sv.status, "parse_lines agrees with parse");
        if (s == KALKYL_OK)
            FUZZ_REQUIRE(count == 1 && same(out[0], sv.value), "parse_lines value");
        else
            FUZZ_REQUIRE(bad == 0, "parse_lines bad_index");
    }

    // Units and percentages (C++): no crash, only kalkyl::Error.
    const kalkyl::Locale loc = (control & 0x40) ? kalkyl::Locale::c : kalkyl::Locale::sv_SE;
    try {
        (void)kalkyl::parse_amount(text, loc);
    } catch (const kalkyl::Error&) {
    }
    try {
        (void)kalkyl::parse_percent(text, loc);
    } catch (const kalkyl::Error&) {
    }
    return 0;
}
