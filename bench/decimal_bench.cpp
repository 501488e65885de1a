// Decimal benchmark: exact column sums and divide-and-round, each measured
// against its baselines in the same run, because the machines are shared and
// noisy: absolute times move, ratios hold.
//
//   sum of 10 million amounts in öre
//     baseline: a plain int64_t loop over the same data (the physical limit)
//     baseline: boost::multiprecision::cpp_dec_float_50 (a decimal float)
//     kalkyl::sum_units (the ledger column), kalkyl::sum (Decimal values)
//   divide-and-round to one decimal (a unit cost, kostnad per vårddygn)
//     baseline: cpp_dec_float_50 divide, then rounding to one decimal
//
// Usage: decimal_bench [count]   (default 10000000)

#include <algorithm>
#include <boost/multiprecision/cpp_dec_float.hpp>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "kalkyl/decimal.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using Float50 = boost::multiprecision::cpp_dec_float_50;

template <class T>
void keep(const T& value) {
    asm volatile("" : : "r,m"(value) : "memory");
}

// Best of `runs` wall times in seconds.
template <class F>
double best_of(int runs, F&& f) {
    double best = 1e300;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        f();
        const double s = std::chrono::duration<double>(Clock::now() - t0).count();
        best = std::min(best, s);
    }
    return best;
}

std::int64_t plain_int64_sum(const std::vector<std::int64_t>& v) {
    std::int64_t s = 0;
    for (const std::int64_t x : v)
        s += x;
    return s;
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000'000;
    std::mt19937_64 rng(20240831);
    // Ledger amounts in öre: mostly small, some large, both signs.
    std::uniform_int_distribution<std::int64_t> small(-10'000'000, 10'000'000);  // ±100 000 kr
    std::uniform_int_distribution<std::int64_t> large(-5'000'000'000, 5'000'000'000);  // ±50 mnkr
    std::vector<std::int64_t> ore(n);
    for (auto& x : ore)
        x = (rng() % 10 == 0) ? large(rng) : small(rng);
    std::vector<kalkyl::Decimal> decimals;
    decimals.reserve(n);
    for (const auto x : ore)
        decimals.emplace_back(x, 2);
    std::vector<Float50> floats;
    floats.reserve(n);
    for (const auto x : ore)
        floats.emplace_back(Float50(x) / 100);

    std::printf("kalkyl decimal_bench: %zu amounts in öre, best of 5 runs\n\n", n);
    std::printf("Exact sum of a column\n");

    std::int64_t plain = 0;
    const double t_int64 = best_of(5, [&] {
        plain = plain_int64_sum(ore);
        keep(plain);
    });
    kalkyl::Decimal units_total;
    const double t_units = best_of(5, [&] {
        units_total = kalkyl::sum_units(ore, 2);
        keep(units_total);
    });
    kalkyl::Decimal dec_total;
    const double t_dec = best_of(5, [&] {
        dec_total = kalkyl::sum(decimals);
        keep(dec_total);
    });
    Float50 float_total = 0;
    const double t_float = best_of(3, [&] {
        Float50 s = 0;
        for (const auto& f : floats)
            s += f;
        float_total = s;
        keep(float_total);
    });
    if (units_total != kalkyl::Decimal(plain, 2) || dec_total != units_total) {
        std::printf("MISMATCH: sums disagree\n");
        return 1;
    }

    auto row = [n](const char* name, double t) {
        std::printf("  %-44s %8.2f ms  %7.2f ns/value\n", name, t * 1e3,
                    t * 1e9 / static_cast<double>(n));
    };
    row("plain int64_t loop (baseline)", t_int64);
    row("kalkyl::sum_units (öre column, exact)", t_units);
    row("kalkyl::sum (Decimal values, exact)", t_dec);
    row("cpp_dec_float_50 (baseline)", t_float);
    std::printf("  ratio sum_units / int64 loop:       %6.2fx   (goal: at most 2x)\n",
                t_units / t_int64);
    std::printf(
        "  ratio sum (Decimal) / int64 loop:   %6.2fx   (24-byte values: 3x the memory traffic)\n",
        t_dec / t_int64);
    std::printf("  ratio cpp_dec_float_50 / sum_units: %6.1fx   (goal: at least 30x)\n",
                t_float / t_units);
    std::printf("  ratio cpp_dec_float_50 / sum:       %6.1fx\n\n", t_float / t_dec);

    // Divide-and-round: net cost in tkr / care days, to one decimal, half up.
    const std::size_t m = std::min<std::size_t>(n, 2'000'000);
    std::uniform_int_distribution<std::int64_t> cost(1'000, 200'000);  // tkr
    std::uniform_int_distribution<std::int64_t> days(100, 70'000);
    std::vector<kalkyl::Decimal> costs, volumes;
    std::vector<Float50> fcosts, fvolumes;
    for (std::size_t i = 0; i < m; ++i) {
        const auto c = cost(rng), d = days(rng);
        costs.emplace_back(c, 0);
        volumes.emplace_back(d, 0);
        fcosts.emplace_back(c);
        fvolumes.emplace_back(d);
    }
    std::printf("Divide and round to one decimal (%zu unit costs)\n", m);
    kalkyl::int128_t check = 0;
    const double t_div = best_of(5, [&] {
        kalkyl::int128_t s = 0;
        for (std::size_t i = 0; i < m; ++i)
            s += kalkyl::divide(costs[i], volumes[i], 1, kalkyl::Rounding::half_up).mantissa();
        check = s;
        keep(check);
    });
    Float50 fcheck = 0;
    const double t_fdiv = best_of(3, [&] {
        Float50 s = 0;
        for (std::size_t i = 0; i < m; ++i)
            s += boost::multiprecision::round(fcosts[i] / fvolumes[i] * 10) / 10;
        fcheck = s;
        keep(fcheck);
    });
    auto drow = [m](const char* name, double t) {
        std::printf("  %-44s %8.2f ms  %7.2f ns/op\n", name, t * 1e3,
                    t * 1e9 / static_cast<double>(m));
    };
    drow("kalkyl::divide(a, b, 1, half_up)", t_div);
    drow("cpp_dec_float_50 divide + round (baseline)", t_fdiv);
    std::printf("  ratio cpp_dec_float_50 / kalkyl:    %6.1fx\n", t_fdiv / t_div);
    return 0;
}
