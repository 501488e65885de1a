// Unit costs for 10 million rows: kalkyl_unit_cost_array against a plain
// int64 loop (the physical limit: the same rounding on integer öre, no
// checks, no 38-digit range) and against one kalkyl_unit_cost call per row.
// Ratios are measured in one run; build with the release preset:
//     build/release/bench/unitcost_bench [rows]

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "kalkyl.h"

namespace {

using Clock = std::chrono::steady_clock;

template <class F>
double best_seconds(int repeat, F&& f) {
    double best = 1e300;
    for (int r = 0; r < repeat; ++r) {
        const auto t0 = Clock::now();
        f();
        best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
    }
    return best;
}

kalkyl_dec dec(std::int64_t units, std::int32_t scale) {
    kalkyl_dec d{};
    if (kalkyl_dec_from_int(units, scale, &d) != KALKYL_OK) std::abort();
    return d;
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10'000'000;
    std::mt19937_64 rng(20240831);
    std::vector<std::int64_t> cost_ore(n), revenue_ore(n), volume(n);
    std::vector<kalkyl_dec> cost(n), revenue(n), vol(n), net(n), per(n);
    std::vector<std::uint8_t> flags(n);
    for (std::size_t i = 0; i < n; ++i) {
        cost_ore[i] = static_cast<std::int64_t>(rng() % 100'000'000'000ULL);
        revenue_ore[i] =
            static_cast<std::int64_t>(rng() % (static_cast<std::uint64_t>(cost_ore[i]) / 10 + 1));
        volume[i] = static_cast<std::int64_t>(1 + rng() % 100'000);
        cost[i] = dec(cost_ore[i], 2);
        revenue[i] = dec(revenue_ore[i], 2);
        vol[i] = dec(volume[i], 0);
    }

    std::size_t bad = 0;
    const double t_array = best_seconds(3, [&] {
        if (kalkyl_unit_cost_array(cost.data(), revenue.data(), vol.data(), n, 1,
                                   KALKYL_ROUND_HALF_UP, nullptr, net.data(), per.data(),
                                   flags.data(), &bad) != KALKYL_OK)
            std::abort();
    });

    std::vector<kalkyl_dec> per_single(n);
    const double t_single = best_seconds(1, [&] {
        kalkyl_dec net1;
        for (std::size_t i = 0; i < n; ++i)
            if (kalkyl_unit_cost(&cost[i], &revenue[i], &vol[i], 1, KALKYL_ROUND_HALF_UP, &net1,
                                 &per_single[i]) != KALKYL_OK)
                std::abort();
    });

    // The physical limit: öre in int64, tenths of a krona out, half up.
    std::vector<std::int64_t> per_int(n);
    std::vector<std::uint8_t> flags_int(n);
    const double t_int = best_seconds(3, [&] {
        for (std::size_t i = 0; i < n; ++i) {
            const std::int64_t netv = cost_ore[i] - revenue_ore[i];
            const std::int64_t d = volume[i] * 10;  // öre -> tenths: divide by 10 more
            std::int64_t q = netv / d;
            const std::int64_t r = netv % d;
            if (2 * r >= d) ++q;
            per_int[i] = q;
            flags_int[i] = volume[i] < 10;
        }
    });

    for (std::size_t i = 0; i < n; ++i)
        if (static_cast<std::int64_t>(per[i].lo) != per_int[i] || per[i].lo != per_single[i].lo ||
            flags[i] != flags_int[i]) {
            std::fprintf(stderr, "unitcost_bench: results differ at row %zu\n", i);
            return 1;
        }

    const auto ns = [&](double s) { return s / static_cast<double>(n) * 1e9; };
    std::printf(
        "unit costs, %zu rows (nettokostnad, per unit at 1 decimal half up, few-cases flag)\n", n);
    std::printf("  kalkyl_unit_cost_array           %7.1f ns/row\n", ns(t_array));
    std::printf("  kalkyl_unit_cost, one call a row %7.1f ns/row  (%.2fx the array call)\n",
                ns(t_single), t_single / t_array);
    std::printf("  int64 loop (physical limit)      %7.1f ns/row  (array call is %.1fx it)\n",
                ns(t_int), t_array / t_int);
    return 0;
}
