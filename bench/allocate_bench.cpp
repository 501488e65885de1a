// Allocation and footing benchmark, each measured against a baseline in the
// same run, because the machines are shared and noisy: absolute times move,
// ratios hold.
//
//   allocation of a total in öre by 1 million weights, largest remainder
//     baseline: a plain uint64_t loop (truncated shares, remainders, one
//     nth_element for the leftover units): the physical limit of the method
//     kalkyl::allocate_into (Decimal weights and parts), each mode
//   footing of a 10 000-row table (budget, utfall, avvikelse = budget − utfall)
//     in tkr without decimals
//     baseline: rounding each figure half up alone (what a table printer does
//     without footing)
//
// Usage: allocate_bench [weights] [rows]   (default 1000000 10000)

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <numeric>
#include <random>
#include <vector>

#include "kalkyl/allocate.hpp"
#include "kalkyl/decimal.hpp"
#include "kalkyl/footing.hpp"

namespace {

using Clock = std::chrono::steady_clock;

template <class T>
void keep(const T& value) {
    asm volatile("" : : "r,m"(value) : "memory");
}

template <class F>
double best_of(int runs, F&& f) {
    double best = 1e300;
    for (int i = 0; i < runs; ++i) {
        const auto t0 = Clock::now();
        f();
        best = std::min(best, std::chrono::duration<double>(Clock::now() - t0).count());
    }
    return best;
}

// Largest remainder on plain integers: total and weights in the same units.
void plain_largest_remainder(std::uint64_t total, const std::vector<std::uint64_t>& w,
                             std::vector<std::uint64_t>& parts,
                             std::vector<std::pair<std::uint64_t, std::size_t>>& rem) {
    std::uint64_t sum = 0;
    for (const auto x : w)
        sum += x;
    std::uint64_t given = 0;
    rem.clear();
    for (std::size_t i = 0; i < w.size(); ++i) {
        const std::uint64_t p = total * w[i];
        parts[i] = p / sum;
        given += parts[i];
        if (const std::uint64_t r = p % sum; r != 0) rem.emplace_back(r, i);
    }
    const std::size_t left = total - given;
    std::nth_element(rem.begin(), rem.begin() + static_cast<std::ptrdiff_t>(left), rem.end(),
                     [&](const auto& a, const auto& b) {
                         if (a.first != b.first) return a.first > b.first;
                         if (w[a.second] != w[b.second]) return w[a.second] > w[b.second];
                         return a.second < b.second;
                     });
    for (std::size_t j = 0; j < left; ++j)
        ++parts[rem[j].second];
}

}  // namespace

int main(int argc, char** argv) {
    const std::size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 1'000'000;
    const std::size_t rows = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 10'000;
    std::mt19937_64 rng(20240831);

    // --- allocation -------------------------------------------------------------------
    std::vector<std::uint64_t> w_ore(n);
    for (auto& x : w_ore)
        x = 1 + rng() % 50'000'000;  // 0,01 .. 500 000 kr
    std::vector<kalkyl::Decimal> weights;
    weights.reserve(n);
    for (const auto x : w_ore)
        weights.emplace_back(static_cast<std::int64_t>(x), 2);
    const std::uint64_t total_ore = 65'891'470'317;  // 658 914 703,17 kr
    const kalkyl::Decimal total(static_cast<std::int64_t>(total_ore), 2);

    std::printf("kalkyl allocate_bench: %zu weights, a %zu-row table, best of 5 runs\n\n", n, rows);
    std::printf("Allocation of 658 914 703,17 kr to öre by %zu weights\n", n);
    std::vector<std::uint64_t> plain(n);
    std::vector<std::pair<std::uint64_t, std::size_t>> rem;
    rem.reserve(n);
    const double t_plain = best_of(5, [&] {
        plain_largest_remainder(total_ore, w_ore, plain, rem);
        keep(plain.data());
    });
    std::printf("  %-44s %8.1f ns/weight  %5.2fx\n", "baseline: plain uint64_t largest remainder",
                t_plain / static_cast<double>(n) * 1e9, 1.0);
    std::vector<kalkyl::Decimal> parts(n);
    for (const auto mode :
         {kalkyl::AllocationMode::largest_remainder, kalkyl::AllocationMode::remainder_to_first,
          kalkyl::AllocationMode::remainder_to_largest_weight,
          kalkyl::AllocationMode::cumulative}) {
        const double t = best_of(5, [&] {
            kalkyl::allocate_into(total, weights, 2, mode, parts);
            keep(parts.data());
        });
        std::printf("  kalkyl::allocate_into, %-21s %8.1f ns/weight  %5.2fx the baseline\n",
                    kalkyl::allocation_mode_name(mode), t / static_cast<double>(n) * 1e9,
                    t / t_plain);
    }
    kalkyl::allocate_into(total, weights, 2, kalkyl::AllocationMode::largest_remainder, parts);
    for (std::size_t i = 0; i < n; ++i)
        if (parts[i] != kalkyl::Decimal(static_cast<std::int64_t>(plain[i]), 2)) {
            std::printf("MISMATCH at %zu\n", i);
            return 1;
        }

    // --- footing ------------------------------------------------------------------------
    kalkyl::ExactTable table;
    table.columns = {"Budget", "Utfall"};
    table.rows = rows;
    table.totals.assign(2, kalkyl::Decimal(0, 2));
    for (std::size_t i = 0; i < rows; ++i) {
        const auto budget = static_cast<std::int64_t>(rng() % 250'000'000) - 50'000'000;
        const auto utfall = budget + static_cast<std::int64_t>(rng() % 10'000'000) - 5'000'000;
        for (const auto v : {budget, utfall}) {
            table.cells.emplace_back(v, 2);
        }
        table.totals[0] += table.cells[2 * i];
        table.totals[1] += table.cells[2 * i + 1];
    }
    table.derived = {kalkyl::DerivedColumn::difference("Avvikelse", "Budget", "Utfall")};
    const kalkyl::DisplayPrecision tkr{kalkyl::Unit::tkr, 0, kalkyl::Rounding::half_up};

    std::printf("\nFooting of a %zu-row table (budget, utfall, avvikelse) in tkr\n", rows);
    std::vector<kalkyl::Decimal> rounded(rows * 3);
    const double t_round = best_of(5, [&] {
        for (std::size_t i = 0; i < rows; ++i) {
            const kalkyl::Decimal b = table.cells[2 * i];
            const kalkyl::Decimal u = table.cells[2 * i + 1];
            rounded[3 * i] =
                kalkyl::Decimal::raw(b.mantissa(), 5).round(0, kalkyl::Rounding::half_up);
            rounded[3 * i + 1] =
                kalkyl::Decimal::raw(u.mantissa(), 5).round(0, kalkyl::Rounding::half_up);
            rounded[3 * i + 2] = rounded[3 * i] - rounded[3 * i + 1];
        }
        keep(rounded.data());
    });
    std::printf("  %-44s %8.1f ns/row     %5.2fx\n", "baseline: each figure rounded alone",
                t_round / static_cast<double>(rows) * 1e9, 1.0);
    std::size_t moved = 0;
    const double t_foot = best_of(5, [&] {
        const auto f = kalkyl::foot(table, tkr);
        moved = f.adjusted.size();
        keep(f.cells.data());
    });
    std::printf("  %-44s %8.1f ns/row     %5.2fx the baseline (%zu figures moved)\n",
                "kalkyl::foot", t_foot / static_cast<double>(rows) * 1e9, t_foot / t_round, moved);
    return 0;
}
