// Helpers the C++ test suites share. Private to tests/.
#pragma once

#include <string>

#include "kalkyl/decimal.hpp"
#include "kalkyl/error.hpp"

namespace kalkyl::test {

// A Decimal from its C-locale text ("-1234.50"), for readable tests. It reads
// the digits itself, so tests stay independent of the text layer.
inline Decimal D(const char* s) {
    bool neg = false;
    if (*s == '-') {
        neg = true;
        ++s;
    }
    int128_t m = 0;
    int scale = -1;
    for (; *s; ++s) {
        if (*s == '.') {
            scale = 0;
            continue;
        }
        m = m * 10 + (*s - '0');
        if (scale >= 0) ++scale;
    }
    return Decimal::from_mantissa(neg ? -m : m, scale < 0 ? 0 : scale);
}

// The code of the kalkyl::Error that f throws, or Errc::ok.
template <class F>
Errc error_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.code();
    }
    return Errc::ok;
}

// The message of the kalkyl::Error that f throws, or "".
template <class F>
std::string message_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

}  // namespace kalkyl::test
