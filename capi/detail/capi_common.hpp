// Private to the library: what every C ABI source file (capi/*.cpp) shares.
// Nothing here is installed or exported; everything here may change.
//
// The conventions of capi/kalkyl.cpp, in one place, so that a failure reads
// the same whichever file implements the function:
//
//   - the last error is one thread-local buffer for the whole library
//     (kalkyl_last_error() must return last_error_text below);
//   - guarded() turns every C++ exception into a kalkyl_status and a message;
//   - load() checks and reads a kalkyl_dec argument, bad_dec() says why one
//     is not valid, to_c() writes one;
//   - enum parameters are read as int (a C caller may pass any int).
//
// The helpers are lifted from capi/kalkyl.cpp (the C ABI's first file) and
// behave the same; kalkyl.cpp's own copies should give way to these so that
// a message set in any file is the one kalkyl_last_error() returns.
#pragma once

#include <algorithm>
#include <cstdarg>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <initializer_list>
#include <new>
#include <string_view>
#include <type_traits>

#include "kalkyl.h"
#include "kalkyl/decimal.hpp"
#include "kalkyl/error.hpp"
#include "kalkyl/rounding.hpp"

namespace kalkyl::capi::detail {

// --- the last error, per thread ------------------------------------------------

// A fixed array: reporting a failure (even KALKYL_E_NO_MEMORY) never
// allocates, the pointer handed out stays valid for the thread's life, and
// constant initialisation keeps the thread_local free of guards.
inline constexpr std::size_t error_capacity = 1024;
inline thread_local char last_error_text[error_capacity] = {};

// The longest prefix of s[0..len) that does not end inside a UTF-8
// sequence: messages are cut at a character boundary.
inline std::size_t utf8_prefix(const char* s, std::size_t len) {
    std::size_t lead = len;
    while (lead > 0 && len - lead < 4 && (static_cast<unsigned char>(s[lead - 1]) & 0xC0u) == 0x80u)
        --lead;
    if (lead == 0) return len;
    const auto c = static_cast<unsigned char>(s[lead - 1]);
    const std::size_t want = c >= 0xF0u ? 4 : c >= 0xE0u ? 3 : c >= 0xC0u ? 2 : 1;
    return (len - (lead - 1)) < want ? lead - 1 : len;
}

// The length of the well-formed UTF-8 sequence at s[0..n), or 0 when s does
// not start one (a stray continuation byte, an overlong form, a surrogate, a
// code point above U+10FFFF, a sequence cut short).
inline std::size_t utf8_sequence(const unsigned char* s, std::size_t n) noexcept {
    const unsigned c = s[0];
    if (c < 0x80u) return 1;
    std::size_t k;
    std::uint32_t cp;
    if (c >= 0xC2u && c <= 0xDFu) {
        k = 2;
        cp = c & 0x1Fu;
    } else if (c >= 0xE0u && c <= 0xEFu) {
        k = 3;
        cp = c & 0x0Fu;
    } else if (c >= 0xF0u && c <= 0xF4u) {
        k = 4;
        cp = c & 0x07u;
    } else {
        return 0;
    }
    if (n < k) return 0;
    for (std::size_t i = 1; i < k; ++i) {
        if ((s[i] & 0xC0u) != 0x80u) return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if ((k == 3 && cp < 0x800u) || (k == 4 && cp < 0x10000u) || cp > 0x10FFFFu ||
        (cp >= 0xD800u && cp <= 0xDFFFu))
        return 0;
    return k;
}

// "fn: detail", cut to the buffer at a character boundary. The message is
// always valid UTF-8: a byte of the detail that is not part of a well-formed
// sequence (it came from a caller's name or label) is written as "\xNN", as
// the text layer quotes broken input.
inline void store_error(const char* fn, std::string_view detail) {
    static constexpr char hex[] = "0123456789abcdef";
    char* out = last_error_text;
    const std::size_t fn_len = std::min(std::strlen(fn), error_capacity - 3);
    std::memcpy(out, fn, fn_len);
    std::memcpy(out + fn_len, ": ", 2);
    std::size_t at = fn_len + 2;
    const std::size_t end = error_capacity - 1;
    const auto* p = reinterpret_cast<const unsigned char*>(detail.data());
    for (std::size_t i = 0; i < detail.size();) {
        const std::size_t k = utf8_sequence(p + i, detail.size() - i);
        if (k == 0) {
            if (end - at < 4) break;
            out[at++] = '\\';
            out[at++] = 'x';
            out[at++] = hex[p[i] >> 4];
            out[at++] = hex[p[i] & 15u];
            ++i;
        } else {
            if (end - at < k) break;
            std::memcpy(out + at, p + i, k);
            at += k;
            i += k;
        }
    }
    out[at] = '\0';
}

[[gnu::cold]] inline kalkyl_status fail(kalkyl_status status, const char* fn,
                                        std::string_view detail) {
    store_error(fn, detail);
    return status;
}

[[gnu::cold, gnu::format(printf, 3, 4)]] inline kalkyl_status failf(kalkyl_status status,
                                                                    const char* fn,
                                                                    const char* format, ...) {
    char detail[error_capacity];
    va_list args;
    va_start(args, format);
    const int n = std::vsnprintf(detail, sizeof detail, format, args);
    va_end(args);
    std::size_t len = n < 0 ? 0 : static_cast<std::size_t>(n);
    if (len >= sizeof detail) len = utf8_prefix(detail, sizeof detail - 1);
    return fail(status, fn, std::string_view(detail, len));
}

[[gnu::cold]] inline kalkyl_status null_arg(const char* fn, const char* name) {
    return failf(KALKYL_E_NULL, fn, "%s is NULL", name);
}

// Arrays of n elements may be NULL only when n is 0: the first named array
// that is NULL while n > 0 fails the call with KALKYL_E_NULL.
struct NamedArray {
    const char* name;
    const void* data;
};
inline kalkyl_status require_arrays(const char* fn, std::size_t n,
                                    std::initializer_list<NamedArray> arrays) {
    if (n == 0) return KALKYL_OK;
    for (const NamedArray& a : arrays)
        if (a.data == nullptr)
            return failf(KALKYL_E_NULL, fn, "%s is NULL but n is %zu", a.name, n);
    return KALKYL_OK;
}

// A text argument of `len` bytes: NULL is refused unless its length is 0 and
// `optional`.
inline kalkyl_status load_text(const char* p, std::size_t len, const char* fn, const char* name,
                               bool optional, std::string_view& out) {
    if (p == nullptr) {
        if (optional && len == 0) {
            out = {};
            return KALKYL_OK;
        }
        return len == 0 ? null_arg(fn, name)
                        : failf(KALKYL_E_NULL, fn, "%s is NULL but its length is %zu", name, len);
    }
    out = std::string_view(p, len);
    return KALKYL_OK;
}

// A struct that carries its own `size` (kalkyl_format, kalkyl_sie_mapping,
// ...): at least this library's struct, at most 4096 bytes, and a larger
// struct from a later release only when the fields this library does not
// know are zero, i.e. when it asks for nothing this library cannot do.
inline constexpr std::uint32_t max_struct_size = 4096;

inline kalkyl_status check_struct_size(const void* p, std::uint32_t size, std::size_t known,
                                       const char* fn, const char* name, const char* type) {
    if (size < known || size > max_struct_size)
        return failf(KALKYL_E_INVALID, fn,
                     "%s->size is %u; set it to sizeof(%s) (%zu in this ABI version)", name,
                     static_cast<unsigned>(size), type, known);
    const auto* bytes = static_cast<const unsigned char*>(p);
    for (std::size_t i = known; i < size; ++i)
        if (bytes[i] != 0)
            return failf(KALKYL_E_INVALID, fn,
                         "%s has a non-zero byte at offset %zu, past the fields this library "
                         "version knows (%zu bytes); it cannot do what that field asks",
                         name, i, known);
    return KALKYL_OK;
}

// Runs `body` and turns every exception into a status and a message: no C++
// exception crosses the C boundary.
template <class Body>
kalkyl_status guarded(const char* fn, Body&& body) noexcept {
    try {
        return body();
    } catch (const kalkyl::Error& e) {
        const int code = static_cast<int>(e.code());
        if (code <= KALKYL_OK || code > KALKYL_E_INTERNAL)
            return fail(KALKYL_E_INTERNAL, fn, e.what());
        return fail(static_cast<kalkyl_status>(code), fn, e.what());
    } catch (const std::bad_alloc&) {
        return fail(KALKYL_E_NO_MEMORY, fn, "out of memory");
    } catch (const std::exception& e) {
        return failf(KALKYL_E_INTERNAL, fn, "internal error (please report): %s", e.what());
    } catch (...) {
        return fail(KALKYL_E_INTERNAL, fn, "internal error (please report): unknown exception");
    }
}

// The integer behind an enum parameter, read without an enum-typed load (a
// caller in C may pass any int; reading it as the C++ enum would be UB).
template <class E>
int enum_value(const E& e) noexcept {
    static_assert(std::is_enum_v<E> && sizeof(E) == sizeof(int));
    int v;
    std::memcpy(&v, &e, sizeof v);
    return v;
}

// --- kalkyl_dec in and out -----------------------------------------------------

inline constexpr std::size_t no_index = SIZE_MAX;

inline kalkyl::int128_t mantissa_of(const kalkyl_dec& d) noexcept {
    return static_cast<kalkyl::int128_t>(
        (static_cast<kalkyl::uint128_t>(static_cast<std::uint64_t>(d.hi)) << 64) | d.lo);
}

// Says why `d` is not a valid kalkyl_dec. `name` is the parameter; for an
// array element, `index` is its index.
[[gnu::cold]] inline kalkyl_status bad_dec(const kalkyl_dec& d, const char* fn, const char* name,
                                           std::size_t index) {
    char who[64];
    if (index == no_index)
        std::snprintf(who, sizeof who, "%s", name);
    else
        std::snprintf(who, sizeof who, "%s[%zu]", name, index);
    if (d.reserved != 0)
        return failf(KALKYL_E_INVALID, fn, "%s: reserved is %u; it must be 0", who,
                     static_cast<unsigned>(d.reserved));
    if (!kalkyl::detail::valid_scale(d.scale))
        return failf(KALKYL_E_SCALE, fn, "%s: scale %d is outside 0..28", who,
                     static_cast<int>(d.scale));
    return failf(
        KALKYL_E_OVERFLOW, fn,
        "%s: the mantissa (hi %lld, lo %llu) has more than 38 digits (|mantissa| >= 10^38)", who,
        static_cast<long long>(d.hi), static_cast<unsigned long long>(d.lo));
}

inline bool valid_dec(const kalkyl_dec& d) noexcept {
    return d.reserved == 0 && kalkyl::detail::valid_scale(d.scale) &&
           kalkyl::detail::fits_digits(mantissa_of(d));
}

// Reads a checked kalkyl_dec. Field by field: kalkyl_dec and Decimal have the
// same layout, but they are different types.
inline kalkyl::Decimal to_decimal(const kalkyl_dec& d) noexcept {
    return kalkyl::Decimal::raw(mantissa_of(d), d.scale);
}

inline kalkyl_dec to_c(const kalkyl::Decimal& v) noexcept {
    kalkyl_dec d;
    d.lo = v.mantissa_lo();
    d.hi = v.mantissa_hi();
    d.scale = v.scale();
    d.reserved = 0;
    return d;
}

// Checks and reads the argument `name`; on failure sets the message.
inline kalkyl_status load(const kalkyl_dec* p, const char* fn, const char* name,
                          kalkyl::Decimal& out) {
    if (p == nullptr) return null_arg(fn, name);
    const kalkyl_dec d = *p;
    if (!valid_dec(d)) return bad_dec(d, fn, name, no_index);
    out = to_decimal(d);
    return KALKYL_OK;
}

// Element i of an array argument `name`.
inline kalkyl_status load_at(const kalkyl_dec* array, std::size_t i, const char* fn,
                             const char* name, kalkyl::Decimal& out) {
    const kalkyl_dec d = array[i];
    if (!valid_dec(d)) [[unlikely]]
        return bad_dec(d, fn, name, i);
    out = to_decimal(d);
    return KALKYL_OK;
}

inline bool valid_rounding(int mode) noexcept {
    return mode >= 0 && mode < kalkyl::rounding_mode_count;
}

inline kalkyl_status check_rounding(int mode, const char* fn, const char* name) {
    if (valid_rounding(mode)) return KALKYL_OK;
    return failf(
        KALKYL_E_INVALID, fn,
        "%s %d is not a kalkyl_rounding (0..6: HALF_UP, HALF_EVEN, HALF_DOWN, DOWN, UP, FLOOR, "
        "CEILING)",
        name, mode);
}

inline kalkyl_status check_scale(std::int32_t scale, const char* fn, const char* name) {
    if (kalkyl::detail::valid_scale(scale)) return KALKYL_OK;
    return failf(KALKYL_E_SCALE, fn, "%s %d is outside 0..28", name, static_cast<int>(scale));
}

}  // namespace kalkyl::capi::detail
