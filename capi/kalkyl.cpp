// The C ABI (capi/kalkyl.h) over the C++ API (include/kalkyl/).
//
// Every exported function checks its arguments, calls the C++ API inside
// guarded(), which turns every C++ exception into a kalkyl_status and a
// message for kalkyl_last_error(), and writes its outputs only on success.
// The batch functions keep the success path free of allocations per element
// and of exceptions: they parse with try_parse and sum with kalkyl::sum /
// kalkyl::sum_units.

#include "kalkyl.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "detail/capi_common.hpp"
#include "kalkyl/decimal.hpp"
#include "kalkyl/error.hpp"
#include "kalkyl/rounding.hpp"
#include "kalkyl/text.hpp"

// --- the header agrees with the C++ API and with the build -------------------

static_assert(sizeof(kalkyl_dec) == 24 && alignof(kalkyl_dec) == 8);
static_assert(offsetof(kalkyl_dec, lo) == 0 && offsetof(kalkyl_dec, hi) == 8 &&
              offsetof(kalkyl_dec, scale) == 16 && offsetof(kalkyl_dec, reserved) == 20);
static_assert(sizeof(kalkyl::Decimal) == 24 && alignof(kalkyl::Decimal) == 8,
              "kalkyl::Decimal has the layout of kalkyl_dec");
static_assert(std::is_trivially_copyable_v<kalkyl::Decimal>);
static_assert(sizeof(kalkyl_format) == 24 && offsetof(kalkyl_format, flags) == 20);
static_assert(sizeof(kalkyl_status) == sizeof(int) && sizeof(kalkyl_rounding) == sizeof(int) &&
              sizeof(kalkyl_locale) == sizeof(int));

static_assert(KALKYL_OK == static_cast<int>(kalkyl::Errc::ok));
static_assert(KALKYL_E_NULL == static_cast<int>(kalkyl::Errc::null_argument));
static_assert(KALKYL_E_PARSE == static_cast<int>(kalkyl::Errc::parse));
static_assert(KALKYL_E_AMBIGUOUS == static_cast<int>(kalkyl::Errc::ambiguous));
static_assert(KALKYL_E_OVERFLOW == static_cast<int>(kalkyl::Errc::overflow));
static_assert(KALKYL_E_DIV_ZERO == static_cast<int>(kalkyl::Errc::division_by_zero));
static_assert(KALKYL_E_SCALE == static_cast<int>(kalkyl::Errc::scale));
static_assert(KALKYL_E_BUFFER == static_cast<int>(kalkyl::Errc::buffer));
static_assert(KALKYL_E_INVALID == static_cast<int>(kalkyl::Errc::invalid));
static_assert(KALKYL_E_NO_MEMORY == static_cast<int>(kalkyl::Errc::no_memory));
static_assert(KALKYL_E_INTERNAL == static_cast<int>(kalkyl::Errc::internal));

static_assert(KALKYL_ROUND_HALF_UP == static_cast<int>(kalkyl::Rounding::half_up));
static_assert(KALKYL_ROUND_HALF_EVEN == static_cast<int>(kalkyl::Rounding::half_even));
static_assert(KALKYL_ROUND_HALF_DOWN == static_cast<int>(kalkyl::Rounding::half_down));
static_assert(KALKYL_ROUND_DOWN == static_cast<int>(kalkyl::Rounding::down));
static_assert(KALKYL_ROUND_UP == static_cast<int>(kalkyl::Rounding::up));
static_assert(KALKYL_ROUND_FLOOR == static_cast<int>(kalkyl::Rounding::floor));
static_assert(KALKYL_ROUND_CEILING == static_cast<int>(kalkyl::Rounding::ceiling));
static_assert(KALKYL_ROUND_CEILING + 1 == kalkyl::rounding_mode_count);

static_assert(KALKYL_LOCALE_C == static_cast<int>(kalkyl::Locale::c));
static_assert(KALKYL_LOCALE_SV_SE == static_cast<int>(kalkyl::Locale::sv_SE));
static_assert(KALKYL_LOCALE_AUTO == static_cast<int>(kalkyl::Locale::automatic));

static_assert(kalkyl::Decimal::max_scale == 28 && kalkyl::Decimal::max_digits == 38);

#ifndef KALKYL_VERSION_STRING
#error \
    "KALKYL_VERSION_STRING (the project version) is set by CMakeLists.txt for the library's objects"
#endif

namespace {

constexpr bool same_text(const char* a, const char* b) {
    while (*a != '\0' && *a == *b) {
        ++a;
        ++b;
    }
    return *a == *b;
}

#define KALKYL_STR2(x) #x
#define KALKYL_STR(x) KALKYL_STR2(x)
static_assert(same_text(KALKYL_VERSION, KALKYL_VERSION_STRING),
              "capi/kalkyl.h: KALKYL_VERSION differs from project(VERSION) in CMakeLists.txt");
static_assert(same_text(KALKYL_VERSION,
                        KALKYL_STR(KALKYL_VERSION_MAJOR) "." KALKYL_STR(
                            KALKYL_VERSION_MINOR) "." KALKYL_STR(KALKYL_VERSION_PATCH)),
              "capi/kalkyl.h: KALKYL_VERSION differs from KALKYL_VERSION_MAJOR/MINOR/PATCH");
#undef KALKYL_STR
#undef KALKYL_STR2

using kalkyl::Decimal;
// The conventions every C ABI file shares (guarded, load, the last error...).
using namespace kalkyl::capi::detail;

// Checks both operands and out, then writes op(a, b).
template <class Op>
kalkyl_status binary(const char* fn, const kalkyl_dec* a, const kalkyl_dec* b, kalkyl_dec* out,
                     Op op) {
    return guarded(fn, [&] {
        Decimal x, y;
        if (const kalkyl_status s = load(a, fn, "a", x); s != KALKYL_OK) return s;
        if (const kalkyl_status s = load(b, fn, "b", y); s != KALKYL_OK) return s;
        if (out == nullptr) return null_arg(fn, "out");
        *out = to_c(op(x, y));
        return KALKYL_OK;
    });
}

kalkyl_status check_parse_locale(int locale, const char* fn) {
    if (locale >= KALKYL_LOCALE_C && locale <= KALKYL_LOCALE_AUTO) return KALKYL_OK;
    return failf(KALKYL_E_INVALID, fn, "locale %d is not a kalkyl_locale (0 C, 1 SV_SE, 2 AUTO)",
                 locale);
}

// --- text ------------------------------------------------------------------------

const char* locale_name(kalkyl::Locale locale) {
    switch (locale) {
        case kalkyl::Locale::c:
            return "C";
        case kalkyl::Locale::sv_SE:
            return "sv-SE";
        case kalkyl::Locale::automatic:
            return "AUTO";
    }
    return "?";
}

// The message for a failed try_parse; `prefix` names the element of a batch.
[[gnu::cold]] kalkyl_status parse_failure(const char* fn, const char* prefix, std::string_view text,
                                          kalkyl::Locale locale, const kalkyl::ParseResult& r) {
    const int code = static_cast<int>(r.code);
    const kalkyl_status status = code > KALKYL_OK && code <= KALKYL_E_INTERNAL
                                     ? static_cast<kalkyl_status>(code)
                                     : KALKYL_E_INTERNAL;
    try {
        std::string message(prefix);
        message += kalkyl::describe_parse_error(text, locale, r);
        return fail(status, fn, message);
    } catch (...) {
        // No memory for the long message: the short one needs none.
        return failf(status, fn, "%sthe text is not a number in %s at byte %zu: %s", prefix,
                     locale_name(locale), r.position,
                     r.reason != nullptr ? r.reason : "(no reason)");
    }
}

// kalkyl_format -> FormatSpec, every field checked.
constexpr std::uint32_t known_flags = KALKYL_FMT_NO_GROUPING | KALKYL_FMT_ASCII_SPACE |
                                      KALKYL_FMT_UNICODE_MINUS | KALKYL_FMT_PARENS |
                                      KALKYL_FMT_PLUS;

kalkyl_status load_format(const kalkyl_format* fmt, const char* fn, kalkyl::FormatSpec& spec) {
    if (fmt == nullptr) return null_arg(fn, "fmt");
    if (const kalkyl_status s =
            check_struct_size(fmt, fmt->size, sizeof(kalkyl_format), fn, "fmt", "kalkyl_format");
        s != KALKYL_OK)
        return s;
    const kalkyl_format f = *fmt;
    switch (f.locale) {
        case KALKYL_LOCALE_C:
            spec.locale = kalkyl::Locale::c;
            break;
        case KALKYL_LOCALE_SV_SE:
            spec.locale = kalkyl::Locale::sv_SE;
            break;
        case KALKYL_LOCALE_AUTO:
            return fail(
                KALKYL_E_INVALID, fn,
                "fmt->locale is KALKYL_LOCALE_AUTO, which is for reading only; use C or SV_SE");
        default:
            return failf(KALKYL_E_INVALID, fn,
                         "fmt->locale %d is not a kalkyl_locale (0 C, 1 SV_SE)",
                         static_cast<int>(f.locale));
    }
    if (f.decimals < -1 || f.decimals > kalkyl::Decimal::max_scale)
        return failf(KALKYL_E_SCALE, fn, "fmt->decimals %d is outside -1..28",
                     static_cast<int>(f.decimals));
    spec.decimals = f.decimals;
    switch (f.unit_exponent) {
        case 0:
            spec.unit = kalkyl::Unit::kr;
            break;
        case 3:
            spec.unit = kalkyl::Unit::tkr;
            break;
        case 6:
            spec.unit = kalkyl::Unit::mnkr;
            break;
        default:
            return failf(KALKYL_E_INVALID, fn,
                         "fmt->unit_exponent %d is not 0 (kr), 3 (tkr) or 6 (mnkr)",
                         static_cast<int>(f.unit_exponent));
    }
    if (const kalkyl_status s = check_rounding(f.rounding, fn, "fmt->rounding"); s != KALKYL_OK)
        return s;
    spec.rounding = static_cast<kalkyl::Rounding>(f.rounding);
    if ((f.flags & ~known_flags) != 0)
        return failf(KALKYL_E_INVALID, fn,
                     "fmt->flags 0x%x has bits that are not KALKYL_FMT_* flags (0x%x)",
                     static_cast<unsigned>(f.flags), static_cast<unsigned>(f.flags & ~known_flags));
    if ((f.flags & KALKYL_FMT_NO_GROUPING) != 0 && (f.flags & KALKYL_FMT_ASCII_SPACE) != 0)
        return fail(
            KALKYL_E_INVALID, fn,
            "fmt->flags has both KALKYL_FMT_NO_GROUPING and KALKYL_FMT_ASCII_SPACE; choose one");
    spec.grouping = (f.flags & KALKYL_FMT_NO_GROUPING) != 0   ? kalkyl::Grouping::none
                    : (f.flags & KALKYL_FMT_ASCII_SPACE) != 0 ? kalkyl::Grouping::ascii_space
                                                              : kalkyl::Grouping::standard;
    spec.minus = (f.flags & KALKYL_FMT_UNICODE_MINUS) != 0 ? kalkyl::MinusSign::unicode
                                                           : kalkyl::MinusSign::hyphen;
    spec.parentheses = (f.flags & KALKYL_FMT_PARENS) != 0;
    spec.explicit_plus = (f.flags & KALKYL_FMT_PLUS) != 0;
    return KALKYL_OK;
}

kalkyl_status check_delimiter(char delimiter, const char* fn) {
    if (static_cast<unsigned char>(delimiter) < 0x80u) return KALKYL_OK;
    return failf(KALKYL_E_INVALID, fn, "delimiter 0x%02x is not an ASCII character",
                 static_cast<unsigned>(static_cast<unsigned char>(delimiter)));
}

// Copies text and its NUL to buf when it fits; *needed in every case.
kalkyl_status deliver_text(std::string_view text, char* buf, std::size_t cap, std::size_t* needed,
                           const char* fn) {
    const std::size_t size = text.size() + 1;
    *needed = size;
    if (cap < size)
        return failf(KALKYL_E_BUFFER, fn, "the text needs %zu bytes with its NUL; buf has %zu",
                     size, cap);
    if (buf == nullptr) return null_arg(fn, "buf");  // callers refused it already: cap > 0
    std::memcpy(buf, text.data(), text.size());
    buf[text.size()] = '\0';
    return KALKYL_OK;
}

// A temporary array of n kalkyl_dec, not initialised (every element is
// written before it is read); one allocation per call.
std::unique_ptr<kalkyl_dec[]> scratch(std::size_t n) {
    return std::make_unique_for_overwrite<kalkyl_dec[]>(n == 0 ? 1 : n);
}

}  // namespace

// --- the exported functions -------------------------------------------------------

extern "C" {

KALKYL_API kalkyl_status kalkyl_dec_parse(const char* text, size_t len, kalkyl_locale locale,
                                          kalkyl_dec* out) {
    static constexpr const char* fn = "kalkyl_dec_parse";
    const int loc = enum_value(locale);
    return guarded(fn, [&] {
        if (text == nullptr) return null_arg(fn, "text");
        if (out == nullptr) return null_arg(fn, "out");
        if (const kalkyl_status s = check_parse_locale(loc, fn); s != KALKYL_OK) return s;
        const std::string_view sv(text, len);
        const auto l = static_cast<kalkyl::Locale>(loc);
        const kalkyl::ParseResult r = kalkyl::try_parse(sv, l);
        if (!r) return parse_failure(fn, "", sv, l, r);
        *out = to_c(r.value);
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_dec_format(const kalkyl_dec* v, const kalkyl_format* fmt, char* buf,
                                           size_t cap, size_t* needed) {
    static constexpr const char* fn = "kalkyl_dec_format";
    return guarded(fn, [&] {
        Decimal value;
        if (const kalkyl_status s = load(v, fn, "v", value); s != KALKYL_OK) return s;
        if (fmt == nullptr) return null_arg(fn, "fmt");
        if (buf == nullptr && cap > 0)
            return failf(KALKYL_E_NULL, fn, "buf is NULL but cap is %zu", cap);
        if (needed == nullptr) return null_arg(fn, "needed");
        kalkyl::FormatSpec spec;
        if (const kalkyl_status s = load_format(fmt, fn, spec); s != KALKYL_OK) return s;
        std::string text;
        text.reserve(128);
        kalkyl::format_append(text, value, spec);
        return deliver_text(text, buf, cap, needed, fn);
    });
}

KALKYL_API kalkyl_status kalkyl_dec_from_int(int64_t units, int32_t scale, kalkyl_dec* out) {
    static constexpr const char* fn = "kalkyl_dec_from_int";
    if (out == nullptr) return null_arg(fn, "out");
    if (const kalkyl_status s = check_scale(scale, fn, "scale"); s != KALKYL_OK) return s;
    *out = to_c(Decimal::raw(units, scale));
    return KALKYL_OK;
}

KALKYL_API kalkyl_status kalkyl_dec_add(const kalkyl_dec* a, const kalkyl_dec* b, kalkyl_dec* out) {
    return binary("kalkyl_dec_add", a, b, out,
                  [](const Decimal& x, const Decimal& y) { return x + y; });
}

KALKYL_API kalkyl_status kalkyl_dec_sub(const kalkyl_dec* a, const kalkyl_dec* b, kalkyl_dec* out) {
    return binary("kalkyl_dec_sub", a, b, out,
                  [](const Decimal& x, const Decimal& y) { return x - y; });
}

KALKYL_API kalkyl_status kalkyl_dec_mul(const kalkyl_dec* a, const kalkyl_dec* b, kalkyl_dec* out) {
    return binary("kalkyl_dec_mul", a, b, out,
                  [](const Decimal& x, const Decimal& y) { return x * y; });
}

KALKYL_API kalkyl_status kalkyl_dec_div(const kalkyl_dec* a, const kalkyl_dec* b, int32_t scale,
                                        kalkyl_rounding mode, kalkyl_dec* out) {
    static constexpr const char* fn = "kalkyl_dec_div";
    const int m = enum_value(mode);
    return guarded(fn, [&] {
        Decimal x, y;
        if (const kalkyl_status s = load(a, fn, "a", x); s != KALKYL_OK) return s;
        if (const kalkyl_status s = load(b, fn, "b", y); s != KALKYL_OK) return s;
        if (out == nullptr) return null_arg(fn, "out");
        if (const kalkyl_status s = check_scale(scale, fn, "scale"); s != KALKYL_OK) return s;
        if (const kalkyl_status s = check_rounding(m, fn, "mode"); s != KALKYL_OK) return s;
        if (y.is_zero())
            return failf(KALKYL_E_DIV_ZERO, fn, "%s divided by zero", x.to_string().c_str());
        *out = to_c(kalkyl::divide(x, y, scale, static_cast<kalkyl::Rounding>(m)));
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_dec_round(const kalkyl_dec* a, int32_t scale, kalkyl_rounding mode,
                                          kalkyl_dec* out) {
    static constexpr const char* fn = "kalkyl_dec_round";
    const int m = enum_value(mode);
    return guarded(fn, [&] {
        Decimal x;
        if (const kalkyl_status s = load(a, fn, "a", x); s != KALKYL_OK) return s;
        if (out == nullptr) return null_arg(fn, "out");
        if (const kalkyl_status s = check_scale(scale, fn, "scale"); s != KALKYL_OK) return s;
        if (const kalkyl_status s = check_rounding(m, fn, "mode"); s != KALKYL_OK) return s;
        *out = to_c(x.round(scale, static_cast<kalkyl::Rounding>(m)));
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_dec_cmp(const kalkyl_dec* a, const kalkyl_dec* b, int* out) {
    static constexpr const char* fn = "kalkyl_dec_cmp";
    return guarded(fn, [&] {
        Decimal x, y;
        if (const kalkyl_status s = load(a, fn, "a", x); s != KALKYL_OK) return s;
        if (const kalkyl_status s = load(b, fn, "b", y); s != KALKYL_OK) return s;
        if (out == nullptr) return null_arg(fn, "out");
        *out = x < y ? -1 : (y < x ? 1 : 0);
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_dec_to_double(const kalkyl_dec* a, double* out) {
    static constexpr const char* fn = "kalkyl_dec_to_double";
    return guarded(fn, [&] {
        Decimal x;
        if (const kalkyl_status s = load(a, fn, "a", x); s != KALKYL_OK) return s;
        if (out == nullptr) return null_arg(fn, "out");
        *out = x.to_double();
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_sum(const kalkyl_dec* values, size_t n, kalkyl_dec* out) {
    static constexpr const char* fn = "kalkyl_sum";
    return guarded(fn, [&] {
        if (values == nullptr && n > 0)
            return failf(KALKYL_E_NULL, fn, "values is NULL but n is %zu", n);
        if (out == nullptr) return null_arg(fn, "out");
        // The column goes through kalkyl::sum in blocks that live on the stack:
        // no allocation, and each element is checked as it is read. Adding the
        // block sums is exact; it is the same result as one kalkyl::sum over
        // the whole column unless a partial sum passed 38 digits or had to
        // drop trailing zeros, and then the whole column is summed again in
        // one piece, which decides.
        constexpr std::size_t block = 256;
        Decimal chunk[block];
        Decimal total;
        int max_scale = 0;
        bool blocks_ok = true;
        for (std::size_t base = 0; base < n; base += block) {
            const std::size_t m = std::min(block, n - base);
            for (std::size_t j = 0; j < m; ++j) {
                const kalkyl_dec d = values[base + j];
                if (!valid_dec(d)) return bad_dec(d, fn, "values", base + j);
                chunk[j] = to_decimal(d);
                max_scale = std::max(max_scale, static_cast<int>(d.scale));
            }
            if (blocks_ok) {
                try {
                    total += kalkyl::sum(std::span<const Decimal>(chunk, m));
                } catch (const kalkyl::Error&) {
                    blocks_ok = false;  // decided below, over the whole column
                }
            }
        }
        if (!blocks_ok || total.scale() != max_scale) {
            std::vector<Decimal> all(n);
            for (std::size_t i = 0; i < n; ++i)
                all[i] = to_decimal(values[i]);
            total = kalkyl::sum(all);
        }
        *out = to_c(total);
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_sum_units(const int64_t* units, size_t n, int32_t scale,
                                          kalkyl_dec* out) {
    static constexpr const char* fn = "kalkyl_sum_units";
    return guarded(fn, [&] {
        if (units == nullptr && n > 0)
            return failf(KALKYL_E_NULL, fn, "units is NULL but n is %zu", n);
        if (out == nullptr) return null_arg(fn, "out");
        if (const kalkyl_status s = check_scale(scale, fn, "scale"); s != KALKYL_OK) return s;
        const std::span<const std::int64_t> column(n > 0 ? units : nullptr, n);
        *out = to_c(kalkyl::sum_units(column, scale));
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_dec_parse_array(const char* buf, const size_t* offsets, size_t n,
                                                kalkyl_locale locale, kalkyl_dec* out,
                                                size_t* bad_index) {
    static constexpr const char* fn = "kalkyl_dec_parse_array";
    const int loc = enum_value(locale);
    if (bad_index == nullptr) return null_arg(fn, "bad_index");
    std::size_t bad = no_index;
    const kalkyl_status status = guarded(fn, [&] {
        if (const kalkyl_status s =
                require_arrays(fn, n, {{"buf", buf}, {"offsets", offsets}, {"out", out}});
            s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = check_parse_locale(loc, fn); s != KALKYL_OK) return s;
        const auto l = static_cast<kalkyl::Locale>(loc);
        if (n == 0) return KALKYL_OK;
        const std::unique_ptr<kalkyl_dec[]> tmp = scratch(n);
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t begin = offsets[i];
            const std::size_t end = offsets[i + 1];
            if (end < begin) {
                bad = i;
                return failf(KALKYL_E_INVALID, fn,
                             "offsets[%zu] = %zu is greater than offsets[%zu] = %zu (offsets must "
                             "not decrease)",
                             i, begin, i + 1, end);
            }
            const std::string_view text(buf + begin, end - begin);
            const kalkyl::ParseResult r = kalkyl::try_parse(text, l);
            if (!r) [[unlikely]] {
                bad = i;
                char prefix[48];
                std::snprintf(prefix, sizeof prefix, "element %zu: ", i);
                return parse_failure(fn, prefix, text, l, r);
            }
            tmp[i] = to_c(r.value);
        }
        std::memcpy(out, tmp.get(), n * sizeof(kalkyl_dec));
        return KALKYL_OK;
    });
    if (status != KALKYL_OK) *bad_index = bad;
    return status;
}

KALKYL_API kalkyl_status kalkyl_dec_parse_lines(const char* buf, size_t len, char delimiter,
                                                kalkyl_locale locale, kalkyl_dec* out, size_t cap,
                                                size_t* count, size_t* bad_index) {
    static constexpr const char* fn = "kalkyl_dec_parse_lines";
    const int loc = enum_value(locale);
    if (count == nullptr) return null_arg(fn, "count");
    if (bad_index == nullptr) return null_arg(fn, "bad_index");
    std::size_t bad = no_index;
    const kalkyl_status status = guarded(fn, [&] {
        if (buf == nullptr && len > 0)
            return failf(KALKYL_E_NULL, fn, "buf is NULL but len is %zu", len);
        if (out == nullptr && cap > 0)
            return failf(KALKYL_E_NULL, fn, "out is NULL but cap is %zu", cap);
        if (const kalkyl_status s = check_parse_locale(loc, fn); s != KALKYL_OK) return s;
        if (const kalkyl_status s = check_delimiter(delimiter, fn); s != KALKYL_OK) return s;
        const auto l = static_cast<kalkyl::Locale>(loc);
        if (len == 0) {
            *count = 0;
            return KALKYL_OK;
        }
        // Count first: a caller sizing out[] learns the size before any text
        // is read.
        const char* const end = buf + len;
        std::size_t elements = 0;
        for (const char* p = buf; p < end; ++elements) {
            const void* hit = std::memchr(p, delimiter, static_cast<std::size_t>(end - p));
            p = hit == nullptr ? end : static_cast<const char*>(hit) + 1;
        }
        if (elements > cap) {
            *count = elements;
            return failf(KALKYL_E_BUFFER, fn, "the text holds %zu values; out has room for %zu",
                         elements, cap);
        }
        const std::unique_ptr<kalkyl_dec[]> tmp = scratch(elements);
        const char* p = buf;
        for (std::size_t i = 0; i < elements; ++i) {
            const void* hit = std::memchr(p, delimiter, static_cast<std::size_t>(end - p));
            const char* stop = hit == nullptr ? end : static_cast<const char*>(hit);
            std::string_view text(p, static_cast<std::size_t>(stop - p));
            // CRLF lines: the '\r' before a '\n' delimiter is line ending.
            if (delimiter == '\n' && !text.empty() && text.back() == '\r') text.remove_suffix(1);
            const kalkyl::ParseResult r = kalkyl::try_parse(text, l);
            if (!r) [[unlikely]] {
                bad = i;
                char prefix[48];
                std::snprintf(prefix, sizeof prefix, "element %zu: ", i);
                return parse_failure(fn, prefix, text, l, r);
            }
            tmp[i] = to_c(r.value);
            p = stop == end ? end : stop + 1;
        }
        if (out == nullptr) return null_arg(fn, "out");  // refused already: cap >= elements > 0
        std::memcpy(out, tmp.get(), elements * sizeof(kalkyl_dec));
        *count = elements;
        return KALKYL_OK;
    });
    if (status != KALKYL_OK) *bad_index = bad;
    return status;
}

KALKYL_API kalkyl_status kalkyl_dec_format_array(const kalkyl_dec* values, size_t n,
                                                 const kalkyl_format* fmt, char delimiter,
                                                 char* buf, size_t cap, size_t* needed,
                                                 size_t* bad_index) {
    static constexpr const char* fn = "kalkyl_dec_format_array";
    if (needed == nullptr) return null_arg(fn, "needed");
    if (bad_index == nullptr) return null_arg(fn, "bad_index");
    std::size_t bad = no_index;
    const kalkyl_status status = guarded(fn, [&] {
        if (values == nullptr && n > 0)
            return failf(KALKYL_E_NULL, fn, "values is NULL but n is %zu", n);
        if (fmt == nullptr) return null_arg(fn, "fmt");
        if (buf == nullptr && cap > 0)
            return failf(KALKYL_E_NULL, fn, "buf is NULL but cap is %zu", cap);
        kalkyl::FormatSpec spec;
        if (const kalkyl_status s = load_format(fmt, fn, spec); s != KALKYL_OK) return s;
        if (const kalkyl_status s = check_delimiter(delimiter, fn); s != KALKYL_OK) return s;
        std::string text;
        // Most amounts in a report are under 16 bytes: one allocation for
        // typical columns, amortised growth beyond.
        text.reserve(n < (SIZE_MAX / 16) ? n * 16 : n);
        for (std::size_t i = 0; i < n; ++i) {
            const kalkyl_dec d = values[i];
            if (!valid_dec(d)) [[unlikely]] {
                bad = i;
                return bad_dec(d, fn, "values", i);
            }
            if (i > 0) text.push_back(delimiter);
            try {
                kalkyl::format_append(text, to_decimal(d), spec);
            } catch (const kalkyl::Error&) {
                bad = i;
                throw;
            }
        }
        return deliver_text(text, buf, cap, needed, fn);
    });
    if (status != KALKYL_OK) *bad_index = bad;
    return status;
}

KALKYL_API const char* kalkyl_status_name(kalkyl_status s) {
    switch (enum_value(s)) {
        case KALKYL_OK:
            return "KALKYL_OK";
        case KALKYL_E_NULL:
            return "KALKYL_E_NULL";
        case KALKYL_E_PARSE:
            return "KALKYL_E_PARSE";
        case KALKYL_E_AMBIGUOUS:
            return "KALKYL_E_AMBIGUOUS";
        case KALKYL_E_OVERFLOW:
            return "KALKYL_E_OVERFLOW";
        case KALKYL_E_DIV_ZERO:
            return "KALKYL_E_DIV_ZERO";
        case KALKYL_E_SCALE:
            return "KALKYL_E_SCALE";
        case KALKYL_E_BUFFER:
            return "KALKYL_E_BUFFER";
        case KALKYL_E_INVALID:
            return "KALKYL_E_INVALID";
        case KALKYL_E_NO_MEMORY:
            return "KALKYL_E_NO_MEMORY";
        case KALKYL_E_INTERNAL:
            return "KALKYL_E_INTERNAL";
        default:
            return "KALKYL_E_UNKNOWN";
    }
}

KALKYL_API const char* kalkyl_last_error(void) {
    return last_error_text;
}

KALKYL_API const char* kalkyl_version(void) {
    return KALKYL_VERSION;
}

KALKYL_API uint32_t kalkyl_abi_version(void) {
    return KALKYL_ABI_VERSION;
}

}  // extern "C"
