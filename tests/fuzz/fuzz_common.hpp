// What the fuzz targets (tests/fuzz/*.cpp) share: a reader that turns the
// fuzzer's bytes into arguments, and the C ABI's contract as checks that
// abort (so that libFuzzer reports the input that broke it).
//
// The contract (capi/kalkyl.h): no crash and no sanitizer report whatever
// the arguments; a status in KALKYL_OK..KALKYL_E_INTERNAL, never
// KALKYL_E_INTERNAL; kalkyl_last_error() never NULL, beginning with the
// function's name after a failure; and on failure the outputs untouched,
// which the targets check with sentinel bytes around and inside every output.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "kalkyl.h"

namespace fuzz {

[[noreturn]] inline void fail(const char* what, const char* detail = "") {
    std::fprintf(stderr, "CONTRACT BROKEN: %s %s\n  last error: %s\n", what, detail,
                 kalkyl_last_error());
    std::abort();
}

#define FUZZ_REQUIRE(cond, detail)                  \
    do {                                            \
        if (!(cond)) ::fuzz::fail(#cond, (detail)); \
    } while (0)

// Pops values off the front of the input; past the end it yields zeros.
class Reader {
  public:
    Reader(const std::uint8_t* data, std::size_t size) : p_(data), n_(size) {}
    std::size_t left() const { return n_; }
    std::uint8_t byte() {
        if (n_ == 0) return 0;
        --n_;
        return *p_++;
    }
    template <class T>
    T raw() {
        T v{};
        unsigned char b[sizeof(T)] = {};
        for (auto& c : b)
            c = byte();
        std::memcpy(&v, b, sizeof v);
        return v;
    }
    bool flag() { return (byte() & 1u) != 0; }
    // A small count 0..max.
    std::size_t count(std::size_t max) { return byte() % (max + 1); }
    // Up to max bytes of the input, as a string (may hold NUL and broken UTF-8).
    std::string text(std::size_t max) {
        std::size_t len = raw<std::uint16_t>() % (max + 1);
        if (len > n_) len = n_;
        std::string s(reinterpret_cast<const char*>(p_), len);
        p_ += len;
        n_ -= len;
        return s;
    }
    std::string rest() {
        std::string s(reinterpret_cast<const char*>(p_), n_);
        p_ += n_;
        n_ = 0;
        return s;
    }

  private:
    const std::uint8_t* p_;
    std::size_t n_;
};

inline kalkyl_dec make_dec(std::int64_t units, std::int32_t scale) {
    kalkyl_dec d;
    d.lo = static_cast<std::uint64_t>(units);
    d.hi = units < 0 ? -1 : 0;
    d.scale = scale;
    d.reserved = 0;
    return d;
}

// A kalkyl_dec as a hostile caller builds it: mostly valid values spread over
// every magnitude and scale, sometimes any 24 bytes at all.
inline kalkyl_dec any_dec(Reader& r) {
    const std::uint8_t how = r.byte();
    kalkyl_dec d;
    if (how < 16) {  // anything
        d.lo = r.raw<std::uint64_t>();
        d.hi = r.raw<std::int64_t>();
        d.scale = r.raw<std::int32_t>();
        d.reserved = how < 4 ? r.raw<std::uint32_t>() : 0;
        if (how >= 8)
            d.scale = static_cast<std::int32_t>(static_cast<std::uint32_t>(d.scale) % 31) - 1;
        return d;
    }
    // Small values: most tables hold them.
    d = make_dec(static_cast<std::int64_t>(r.raw<std::int32_t>()) * (how & 1 ? 1 : 1000),
                 static_cast<std::int32_t>(r.byte() % 29));
    if (how >= 128) {  // a wide mantissa below 10^38: hi < 5 * 10^18 / 2^64 * ... kept in range
        const std::uint64_t hi = r.raw<std::uint64_t>() % 0x4b3b4ca85a86c47aULL;
        const bool neg = r.flag();
        d.lo = r.raw<std::uint64_t>();
        d.hi = static_cast<std::int64_t>(hi);
        if (neg) {  // two's complement negation of (hi, lo)
            d.lo = ~d.lo + 1;
            d.hi =
                static_cast<std::int64_t>(~static_cast<std::uint64_t>(d.hi) + (d.lo == 0 ? 1 : 0));
        }
    }
    return d;
}

inline bool valid_status(kalkyl_status s) {
    return s >= KALKYL_OK && s <= KALKYL_E_INTERNAL;
}

// After any call of `fn`: the status is one of the codes and not INTERNAL,
// the message is there, and after a failure it begins with "fn: ".
inline void check_status(kalkyl_status s, const char* fn) {
    FUZZ_REQUIRE(valid_status(s), fn);
    FUZZ_REQUIRE(s != KALKYL_E_INTERNAL, fn);
    const char* msg = kalkyl_last_error();
    FUZZ_REQUIRE(msg != nullptr, fn);
    if (s != KALKYL_OK) {
        const std::size_t n = std::strlen(fn);
        FUZZ_REQUIRE(std::strncmp(msg, fn, n) == 0 && msg[n] == ':', fn);
        FUZZ_REQUIRE(std::strlen(msg) < 1024, fn);
    }
}

// Output memory filled with a sentinel, to see whether a failed call wrote.
class Arena {
  public:
    explicit Arena(std::size_t bytes) : b_(bytes + 64, kSentinel) {}
    template <class T>
    T* at(std::size_t offset) {
        return reinterpret_cast<T*>(b_.data() + 32 + offset);
    }
    bool untouched() const {
        for (unsigned char c : b_)
            if (c != kSentinel) return false;
        return true;
    }
    // Everything outside [offset, offset + bytes) untouched (the exceptions
    // the header names: *needed, *count).
    bool untouched_except(std::size_t offset, std::size_t bytes) const {
        for (std::size_t i = 0; i < b_.size(); ++i)
            if ((i < 32 + offset || i >= 32 + offset + bytes) && b_[i] != kSentinel) return false;
        return true;
    }

  private:
    static constexpr unsigned char kSentinel = 0xA5;
    std::vector<unsigned char> b_;
};

}  // namespace fuzz
