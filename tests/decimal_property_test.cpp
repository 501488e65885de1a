// Property tests of Decimal against an independent exact reference: scaled
// integers in Boost.Multiprecision's cpp_int, rounded by a separate
// implementation of each mode (floor division, then the mode's rule).
// Operands cover every scale 0..28, both signs and mantissas up to 38 digits,
// with a bias towards the edges. The seed is printed so that a failure can be
// replayed: KALKYL_PROPERTY_SEED=<seed> KALKYL_PROPERTY_CASES=<n>.

#include <doctest/doctest.h>

#include <boost/multiprecision/cpp_int.hpp>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "kalkyl/decimal.hpp"

using boost::multiprecision::cpp_int;
using kalkyl::Decimal;
using kalkyl::Errc;
using kalkyl::Rounding;

namespace {

std::uint64_t env_or(const char* name, std::uint64_t fallback) {
    const char* v = std::getenv(name);
    return v ? std::strtoull(v, nullptr, 10) : fallback;
}

cpp_int pow10(int k) {
    cpp_int p = 1;
    for (int i = 0; i < k; ++i)
        p *= 10;
    return p;
}

cpp_int to_cpp(kalkyl::int128_t m) {
    const bool neg = m < 0;
    kalkyl::uint128_t u = neg ? kalkyl::uint128_t(0) - static_cast<kalkyl::uint128_t>(m)
                              : static_cast<kalkyl::uint128_t>(m);
    cpp_int r = static_cast<std::uint64_t>(u >> 64);
    r <<= 64;
    r += static_cast<std::uint64_t>(u);
    return neg ? cpp_int(-r) : r;
}

// The reference value: (mantissa, scale) with the value mantissa * 10^-scale.
struct Ref {
    cpp_int m;
    int scale;
};

Ref ref(const Decimal& d) {
    return {to_cpp(d.mantissa()), d.scale()};
}

// Is `d` exactly the value of r?
bool same_value(const Decimal& d, const Ref& r) {
    const int s = std::max(d.scale(), r.scale);
    return to_cpp(d.mantissa()) * pow10(s - d.scale()) == r.m * pow10(s - r.scale);
}

// Floor division and the mode's rule, written independently of src/decimal.cpp.
cpp_int reference_round(const cpp_int& n, const cpp_int& d, Rounding mode) {
    cpp_int dd = d, nn = n;
    if (dd < 0) {
        dd = -dd;
        nn = -nn;
    }
    cpp_int fl = nn / dd;                   // truncating
    if ((nn % dd) != 0 && nn < 0) fl -= 1;  // now the floor
    const cpp_int rem = nn - fl * dd;       // 0 <= rem < dd
    if (rem == 0) return fl;
    const cpp_int twice = rem * 2;
    const bool exact_quotient_negative = nn < 0;
    switch (mode) {
        case Rounding::floor:
            return fl;
        case Rounding::ceiling:
            return fl + 1;
        case Rounding::down:
            return exact_quotient_negative ? fl + 1 : fl;
        case Rounding::up:
            return exact_quotient_negative ? fl : fl + 1;
        case Rounding::half_up:
            if (twice == dd) return exact_quotient_negative ? fl : fl + 1;
            return twice > dd ? fl + 1 : fl;
        case Rounding::half_down:
            if (twice == dd) return exact_quotient_negative ? fl + 1 : fl;
            return twice > dd ? fl + 1 : fl;
        case Rounding::half_even:
            if (twice == dd) return (fl % 2 == 0) ? fl : fl + 1;
            return twice > dd ? fl + 1 : fl;
    }
    return fl;
}

const cpp_int limit = pow10(38);

bool ref_fits(const cpp_int& m) {
    return m < limit && m > -limit;
}

// Does an exact result fit a Decimal at the largest scale <= `scale`
// obtainable by dropping trailing zeros? Returns the expected error.
Errc expected_fit(cpp_int m, int scale) {
    while ((scale > 28 || !ref_fits(m)) && scale > 0 && m % 10 == 0) {
        m /= 10;
        --scale;
    }
    if (scale > 28) return Errc::scale;
    if (!ref_fits(m)) return Errc::overflow;
    return Errc::ok;
}

class Generator {
  public:
    explicit Generator(std::uint64_t seed) : rng_(seed) {}

    Decimal decimal() {
        const int scale = static_cast<int>(rng_() % 29);
        const int digits = pick_digits();
        kalkyl::int128_t m = 0;
        for (int i = 0; i < digits; ++i)
            m = m * 10 + static_cast<int>(rng_() % 10);
        if (rng_() % 8 == 0)
            m = kalkyl::detail::max_mantissa - static_cast<int>(rng_() % 3);  // the edge
        if (rng_() % 2) m = -m;
        return Decimal::from_mantissa(m, scale);
    }
    int scale() { return static_cast<int>(rng_() % 29); }
    Rounding mode() { return static_cast<Rounding>(rng_() % 7); }

  private:
    int pick_digits() {
        switch (rng_() % 4) {
            case 0:
                return static_cast<int>(rng_() % 6);  // small: ties and exact cases are common
            case 1:
                return static_cast<int>(rng_() % 19) + 1;  // fits 64 bits
            default:
                return static_cast<int>(rng_() % 38) + 1;  // anything
        }
    }
    std::mt19937_64 rng_;
};

template <class F>
Errc run(F&& f) {
    try {
        f();
    } catch (const kalkyl::Error& e) {
        return e.code();
    }
    return Errc::ok;
}

}  // namespace

TEST_SUITE("decimal_property") {
    TEST_CASE(
        "add, subtract, multiply, divide, round and compare agree with cpp_int scaled integers") {
        const std::uint64_t seed = env_or("KALKYL_PROPERTY_SEED", std::random_device{}());
        const std::uint64_t cases = env_or("KALKYL_PROPERTY_CASES", 20000);
        std::printf(
            "decimal_property: seed %llu, %llu cases per operation (replay: "
            "KALKYL_PROPERTY_SEED=%llu)\n",
            static_cast<unsigned long long>(seed), static_cast<unsigned long long>(cases),
            static_cast<unsigned long long>(seed));
        Generator g(seed);
        std::uint64_t checked = 0;
        for (std::uint64_t i = 0; i < cases; ++i) {
            const Decimal a = g.decimal();
            const Decimal b = g.decimal();
            const Ref ra = ref(a), rb = ref(b);
            CAPTURE(a.to_string());
            CAPTURE(b.to_string());
            CAPTURE(seed);

            // add and subtract
            for (int sub = 0; sub < 2; ++sub) {
                const int s = std::max(ra.scale, rb.scale);
                cpp_int exact = ra.m * pow10(s - ra.scale);
                const cpp_int y = rb.m * pow10(s - rb.scale);
                exact = sub ? cpp_int(exact - y) : cpp_int(exact + y);
                Decimal r;
                const Errc got = run([&] { r = sub ? a - b : a + b; });
                const Errc want = expected_fit(exact, s);
                REQUIRE(got == want);
                if (got == Errc::ok) {
                    REQUIRE(same_value(r, {exact, s}));
                    // the scale is the larger, lowered only as far as needed
                    REQUIRE(r.scale() <= s);
                    if (ref_fits(exact)) REQUIRE(r.scale() == s);
                }
            }

            // multiply
            {
                const cpp_int exact = ra.m * rb.m;
                const int s = ra.scale + rb.scale;
                Decimal r;
                const Errc got = run([&] { r = a * b; });
                REQUIRE(got == expected_fit(exact, s));
                if (got == Errc::ok) {
                    REQUIRE(same_value(r, {exact, s}));
                    if (ref_fits(exact) && s <= 28) REQUIRE(r.scale() == s);
                }
            }

            // divide to a scale with a mode
            {
                const int s = g.scale();
                const Rounding mode = g.mode();
                Decimal r;
                const Errc got = run([&] { r = kalkyl::divide(a, b, s, mode); });
                if (rb.m == 0) {
                    REQUIRE(got == Errc::division_by_zero);
                } else {
                    // q = a.m * 10^(s + b.scale - a.scale) / b.m
                    const int e = s + rb.scale - ra.scale;
                    const cpp_int n = e >= 0 ? cpp_int(ra.m * pow10(e)) : ra.m;
                    const cpp_int d = e >= 0 ? rb.m : cpp_int(rb.m * pow10(-e));
                    const cpp_int q = reference_round(n, d, mode);
                    if (ref_fits(q)) {
                        REQUIRE(got == Errc::ok);
                        REQUIRE(r.scale() == s);
                        REQUIRE(to_cpp(r.mantissa()) == q);
                    } else {
                        REQUIRE(got == Errc::overflow);
                    }
                }
            }

            // round to a scale with a mode
            {
                const int s = g.scale();
                const Rounding mode = g.mode();
                Decimal r;
                const Errc got = run([&] { r = a.round(s, mode); });
                const cpp_int q = s >= ra.scale ? cpp_int(ra.m * pow10(s - ra.scale))
                                                : reference_round(ra.m, pow10(ra.scale - s), mode);
                if (ref_fits(q)) {
                    REQUIRE(got == Errc::ok);
                    REQUIRE(r.scale() == s);
                    REQUIRE(to_cpp(r.mantissa()) == q);
                } else {
                    REQUIRE(got == Errc::overflow);
                }
            }

            // compare, equality and hash
            {
                const int s = std::max(ra.scale, rb.scale);
                const cpp_int x = ra.m * pow10(s - ra.scale), y = rb.m * pow10(s - rb.scale);
                const int want = x < y ? -1 : (x > y ? 1 : 0);
                const auto c = a <=> b;
                const int got = c < 0 ? -1 : (c > 0 ? 1 : 0);
                REQUIRE(got == want);
                REQUIRE((a == b) == (want == 0));
                const Decimal t = a.trimmed();
                REQUIRE(t == a);
                REQUIRE(t.hash() == a.hash());
                if (a.scale() < 28 && ref_fits(ra.m * 10)) {
                    const Decimal widened = a.round(a.scale() + 1, Rounding::down);
                    REQUIRE(widened == a);
                    REQUIRE(widened.hash() == a.hash());
                }
            }
            ++checked;
        }
        CHECK(checked == cases);
    }
}
