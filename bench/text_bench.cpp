// Text benchmark: reading and writing amounts, against the baselines a user
// would otherwise reach for, in the same run (the machines are shared and
// noisy: absolute times move, ratios hold).
//
//   read 10 million amounts
//     kalkyl::try_parse of sv-SE text "-1 234 567,89" (U+00A0 groups)
//     baseline: fast_float::from_chars of the C text "-1234567.89" to double
//     baseline: strtod of the same C text
//     kalkyl::try_parse of the C text (Locale::c), for reference
//   write 10 million amounts
//     kalkyl::format_append, sv-SE, the value's own scale
//     baseline: std::to_chars of the double, fixed, two decimals
//
// The sv-SE text is longer than the C text (a two-byte space per group), so
// the target is set per value, not per byte: kalkyl reading sv-SE text at
// least as fast as fast_float reading C text into a double.
//
// Usage: text_bench [count]   (default 10000000)

#include <fast_float/fast_float.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "kalkyl/text.hpp"

namespace {

using Clock = std::chrono::steady_clock;

template <class T>
void keep(const T& value) {
    asm volatile("" : : "r,m"(value) : "memory");
}

// Best of `rounds` wall times in seconds for each contender. The contenders
// take turns in every round, so that a burst of load from a neighbour on a
// shared machine falls on all of them alike and the ratios hold.
template <std::size_t N>
std::array<double, N> best_of(int rounds, const std::array<std::function<void()>, N>& contenders) {
    std::array<double, N> best;
    best.fill(1e300);
    for (int r = 0; r < rounds; ++r) {
        for (std::size_t i = 0; i < N; ++i) {
            const auto t0 = Clock::now();
            contenders[i]();
            best[i] = std::min(best[i], std::chrono::duration<double>(Clock::now() - t0).count());
        }
    }
    return best;
}

// Texts in one buffer, element i at [offset[i], offset[i + 1]); every text is
// followed by a NUL (not part of it) so that strtod can read it in place.
struct Column {
    std::string bytes;
    std::vector<std::uint32_t> offset{0};
    std::size_t count() const { return offset.size() - 1; }
    const char* data(std::size_t i) const { return bytes.data() + offset[i]; }
    std::size_t size(std::size_t i) const { return offset[i + 1] - offset[i] - 1; }
    std::size_t text_bytes() const { return bytes.size() - count(); }
    void add(const char* p, std::size_t n) {
        bytes.append(p, n);
        bytes.push_back('\0');
        offset.push_back(static_cast<std::uint32_t>(bytes.size()));
    }
};

// The sv-SE text of an amount in öre, written here rather than by kalkyl so
// that the check below compares two independent writers.
void write_sv(Column& col, std::int64_t ore) {
    char digits[24];
    const std::uint64_t mag =
        ore < 0 ? 0 - static_cast<std::uint64_t>(ore) : static_cast<std::uint64_t>(ore);
    const int n =
        std::snprintf(digits, sizeof digits, "%llu", static_cast<unsigned long long>(mag / 100));
    char out[48];
    int w = 0;
    if (ore < 0) out[w++] = '-';
    for (int i = 0; i < n; ++i) {
        if (i > 0 && n >= 4 && (n - i) % 3 == 0) {
            out[w++] = '\xC2';
            out[w++] = '\xA0';
        }
        out[w++] = digits[i];
    }
    w += std::snprintf(out + w, sizeof out - static_cast<std::size_t>(w), ",%02u",
                       static_cast<unsigned>(mag % 100));
    col.add(out, static_cast<std::size_t>(w));
}

void write_c(Column& col, std::int64_t ore) {
    char out[32];
    const std::uint64_t mag =
        ore < 0 ? 0 - static_cast<std::uint64_t>(ore) : static_cast<std::uint64_t>(ore);
    const int w =
        std::snprintf(out, sizeof out, "%s%llu.%02u", ore < 0 ? "-" : "",
                      static_cast<unsigned long long>(mag / 100), static_cast<unsigned>(mag % 100));
    col.add(out, static_cast<std::size_t>(w));
}

// A column's raw pointers, taken once before a timed loop as a column reader
// would (kalkyl_dec_parse_array is handed exactly these). Loops over a View
// keep them in registers instead of reloading them from the Column after
// every call into the library.
struct View {
    const char* bytes;
    const std::uint32_t* offset;
    std::size_t count;
    const char* data(std::size_t i) const { return bytes + offset[i]; }
    std::size_t size(std::size_t i) const { return offset[i + 1] - offset[i] - 1; }
};

View view(const Column& col) {
    return {col.bytes.data(), col.offset.data(), col.count()};
}

// The timed loops. Each returns a checksum of what it read, so that nothing
// is optimised away.
std::uint64_t kalkyl_column(View col, kalkyl::Locale locale) {
    std::uint64_t sum = 0;
    for (std::size_t i = 0; i < col.count; ++i) {
        const kalkyl::ParseResult r = kalkyl::try_parse({col.data(i), col.size(i)}, locale);
        sum += r.value.mantissa_lo() + static_cast<std::uint64_t>(r.code);
    }
    return sum;
}

double fast_float_column(View col) {
    double sum = 0;
    for (std::size_t i = 0; i < col.count; ++i) {
        double v = 0;
        fast_float::from_chars(col.data(i), col.data(i) + col.size(i), v);
        sum += v;
    }
    return sum;
}

double strtod_column(View col) {
    double sum = 0;
    for (std::size_t i = 0; i < col.count; ++i)
        sum += std::strtod(col.data(i), nullptr);
    return sum;
}

// Writes like a writer of a whole column: appends, and flushes the string
// every 64 KiB so that it stays in cache. Returns the bytes written.
std::size_t format_column(const std::vector<kalkyl::Decimal>& values,
                          const kalkyl::FormatSpec& spec, std::uint64_t& checksum) {
    std::string out;
    out.reserve(1 << 16);
    std::size_t bytes = 0;
    for (const kalkyl::Decimal& v : values) {
        kalkyl::format_append(out, v, spec);
        if (out.size() > (1 << 16) - 64) {
            checksum += static_cast<unsigned char>(out[out.size() / 2]);
            bytes += out.size();
            out.clear();
        }
    }
    checksum += out.size();
    return bytes + out.size();
}

std::uint64_t to_chars_column(const std::vector<double>& values) {
    char buf[64];
    std::uint64_t sum = 0;
    for (const double v : values) {
        const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed, 2);
        sum += static_cast<std::uint64_t>(r.ptr - buf) + static_cast<unsigned char>(buf[0]);
    }
    return sum;
}

void report(const char* what, double seconds, std::size_t n, std::size_t bytes) {
    std::printf("  %-52s %7.2f ns/value %8.1f MB/s\n", what, seconds * 1e9 / static_cast<double>(n),
                static_cast<double>(bytes) / seconds / 1e6);
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000'000;
    std::mt19937_64 rng(20240831);
    // Ledger amounts in öre, as decimal_bench draws them: mostly within
    // ±100 000 kr, one in ten within ±50 mnkr, both signs.
    std::uniform_int_distribution<std::int64_t> small(-10'000'000, 10'000'000);
    std::uniform_int_distribution<std::int64_t> large(-5'000'000'000, 5'000'000'000);
    std::vector<std::int64_t> ore(n);
    for (auto& x : ore)
        x = (rng() % 10 == 0) ? large(rng) : small(rng);

    Column sv, c;
    sv.bytes.reserve(n * 16);
    c.bytes.reserve(n * 13);
    sv.offset.reserve(n + 1);
    c.offset.reserve(n + 1);
    for (const auto x : ore) {
        write_sv(sv, x);
        write_c(c, x);
    }
    std::vector<kalkyl::Decimal> decimals;
    decimals.reserve(n);
    for (const auto x : ore)
        decimals.emplace_back(x, 2);

    // Both directions are checked against the independent writer before any
    // timing: a fast wrong answer is not a result.
    const kalkyl::FormatSpec spec;  // sv-SE, own scale, U+00A0 groups
    {
        std::string out;
        for (std::size_t i = 0; i < n; ++i) {
            const kalkyl::ParseResult r =
                kalkyl::try_parse({sv.data(i), sv.size(i)}, kalkyl::Locale::sv_SE);
            const kalkyl::ParseResult rc =
                kalkyl::try_parse({c.data(i), c.size(i)}, kalkyl::Locale::c);
            out.clear();
            kalkyl::format_append(out, decimals[i], spec);
            if (!r || !rc || r.value != decimals[i] || rc.value != decimals[i] ||
                out != std::string_view(sv.data(i), sv.size(i))) {
                std::fprintf(stderr, "mismatch at %zu: %s\n", i, sv.data(i));
                return 1;
            }
        }
    }

    std::printf("kalkyl text_bench: %zu amounts in öre, best of 5 rounds\n", n);
    std::printf("  sv-SE text %.1f bytes/value (\"%s\"), C text %.1f bytes/value (\"%s\")\n\n",
                static_cast<double>(sv.text_bytes()) / static_cast<double>(n), sv.data(0),
                static_cast<double>(c.text_bytes()) / static_cast<double>(n), c.data(0));

    const View svv = view(sv), cv = view(c);
    std::uint64_t parse_sum = 0, parse_c_sum = 0;
    double ff_sum = 0, strtod_sum = 0;
    const auto reading =
        best_of<4>(5, {[&] { keep(parse_sum = kalkyl_column(svv, kalkyl::Locale::sv_SE)); },
                       [&] { keep(ff_sum = fast_float_column(cv)); },
                       [&] { keep(parse_c_sum = kalkyl_column(cv, kalkyl::Locale::c)); },
                       [&] { keep(strtod_sum = strtod_column(cv)); }});
    const double t_kalkyl = reading[0];
    const double t_fast_float = reading[1];
    const double t_kalkyl_c = reading[2];
    const double t_strtod = reading[3];
    std::printf("Reading\n");
    report("kalkyl::try_parse, sv-SE text", t_kalkyl, n, sv.text_bytes());
    report("kalkyl::try_parse, C text", t_kalkyl_c, n, c.text_bytes());
    report("baseline fast_float::from_chars, C text -> double", t_fast_float, n, c.text_bytes());
    report("baseline strtod, C text -> double", t_strtod, n, c.text_bytes());

    std::vector<double> doubles(n);
    for (std::size_t i = 0; i < n; ++i)
        doubles[i] = static_cast<double>(ore[i]) / 100;
    std::uint64_t format_sum = 0, to_chars_sum = 0;
    std::size_t format_bytes = 0;
    const auto writing =
        best_of<2>(5, {[&] {
                           format_sum = 0;
                           keep(format_bytes = format_column(decimals, spec, format_sum));
                       },
                       [&] { keep(to_chars_sum = to_chars_column(doubles)); }});
    const double t_format = writing[0];
    const double t_to_chars = writing[1];
    std::printf("\nWriting\n");
    report("kalkyl::format_append, sv-SE, own scale", t_format, n, format_bytes);
    report("baseline std::to_chars(double, fixed, 2), C text", t_to_chars, n, c.text_bytes());

    std::printf("\nRatios (time per value; below 1 means kalkyl is faster)\n");
    std::printf("  kalkyl sv-SE parse / fast_float C parse   %5.2f   (target: <= 1)\n",
                t_kalkyl / t_fast_float);
    std::printf("  kalkyl C parse     / fast_float C parse   %5.2f\n", t_kalkyl_c / t_fast_float);
    std::printf("  kalkyl sv-SE parse / strtod C parse       %5.2f\n", t_kalkyl / t_strtod);
    std::printf("  kalkyl format      / std::to_chars double %5.2f\n", t_format / t_to_chars);
    std::printf(
        "\nchecksums: %llu %llu %.2f %.2f %llu %llu\n", static_cast<unsigned long long>(parse_sum),
        static_cast<unsigned long long>(parse_c_sum), ff_sum, strtod_sum,
        static_cast<unsigned long long>(format_sum), static_cast<unsigned long long>(to_chars_sum));
    return 0;
}
