// Follow-up ledger benchmark: a committee → 100 verksamheter → 1 000 accounts
// each (100 101 rows) × 12 months of budget, outcome and previous year in öre,
// one manual forecast per account; build it, roll it up through August and
// read every derived figure of every row (14 figures, budgethållning and the
// change in percent).
//
//   baseline: the same roll-up and figures on plain int64 öre in flat arrays
//     (the physical limit: no ids, no Decimal, no checks)
//   kalkyl::Ledger: build (add_rows, set_values, set_manual_forecast),
//     compute(August), every figure
//
// Prints times, the ratio to the baseline and the peak resident memory
// (getrusage ru_maxrss, the whole process).
//
// Usage: followup_bench [verksamheter] [accounts per verksamhet]  (default 100 1000)

#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "kalkyl/followup.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using kalkyl::Decimal;

template <class T>
void keep(const T& value) {
    asm volatile("" : : "r,m"(value) : "memory");
}

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

long peak_rss_mb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;  // KiB on Linux
}

// Deterministic amounts in öre: 1 000..100 000 kr a month.
std::int64_t amount(std::uint64_t row, int month, int series) {
    std::uint64_t x = row * 2654435761u + static_cast<std::uint64_t>(month) * 40503u +
                      static_cast<std::uint64_t>(series) * 97u;
    x ^= x >> 13;
    x *= 0x9E3779B97F4A7C15ull;
    return 100000 + static_cast<std::int64_t>((x >> 20) % 9900000);
}

}  // namespace

int main(int argc, char** argv) {
    const int verksamheter = argc > 1 ? std::atoi(argv[1]) : 100;
    const int accounts = argc > 2 ? std::atoi(argv[2]) : 1000;
    const std::size_t rows =
        1 + static_cast<std::size_t>(verksamheter) * (1 + static_cast<std::size_t>(accounts));
    const kalkyl::Month month = kalkyl::Month::august;
    std::printf(
        "follow-up ledger: %zu rows (1 committee, %d verksamheter x %d accounts) x 12 months, "
        "through August\n",
        rows, verksamheter, accounts);

    // --- baseline: int64 öre in flat arrays ------------------------------------------
    double baseline = 0;
    {
        const auto t0 = Clock::now();
        std::vector<std::int64_t> parent(rows), kind(rows);  // kind: 0 revenue, 1 cost, 2 net
        std::vector<std::int64_t> b_ytd(rows), b_year(rows), o_ytd(rows), p_ytd(rows), p_year(rows),
            fc(rows), kb_ytd(rows), kb_year(rows);
        parent[0] = -1;
        kind[0] = 2;
        std::size_t r = 1;
        for (int v = 0; v < verksamheter; ++v) {
            const std::size_t vr = r++;
            parent[vr] = 0;
            kind[vr] = 2;
            for (int m = 0; m < 12; ++m) {
                const std::int64_t kb = amount(vr, m, 3) * accounts;
                kb_year[vr] += kb;
                if (m <= 7) kb_ytd[vr] += kb;
            }
            for (int a = 0; a < accounts; ++a, ++r) {
                parent[r] = static_cast<std::int64_t>(vr);
                kind[r] = a % 10 == 0 ? 0 : 1;
                for (int m = 0; m < 12; ++m) {
                    const std::int64_t bu = amount(r, m, 0), ou = amount(r, m, 1),
                                       pr = amount(r, m, 2);
                    b_year[r] += bu;
                    p_year[r] += pr;
                    if (m <= 7) {
                        b_ytd[r] += bu;
                        o_ytd[r] += ou;
                        p_ytd[r] += pr;
                    }
                }
                fc[r] = o_ytd[r] * 12 / 8;
            }
        }
        for (std::size_t i = rows; i-- > 1;) {
            const auto p = static_cast<std::size_t>(parent[i]);
            const std::int64_t s = kind[i] == 0 && kind[p] == 2 ? -1 : 1;
            b_ytd[p] += s * b_ytd[i];
            b_year[p] += s * b_year[i];
            o_ytd[p] += s * o_ytd[i];
            p_ytd[p] += s * p_ytd[i];
            p_year[p] += s * p_year[i];
            fc[p] += s * fc[i];
            if (kind[i] == 2) {
                kb_ytd[p] += kb_ytd[i];
                kb_year[p] += kb_year[i];
            }
        }
        std::int64_t check = 0;
        for (std::size_t i = 0; i < rows; ++i) {
            const bool rev = kind[i] == 0;
            check += rev ? o_ytd[i] - b_ytd[i] : b_ytd[i] - o_ytd[i];
            check += o_ytd[i] - p_ytd[i];
            check += rev ? fc[i] - b_year[i] : b_year[i] - fc[i];
            check += fc[i] - p_year[i];
            if (kind[i] == 2) check += kb_ytd[i] - o_ytd[i] + kb_year[i] - fc[i];
        }
        keep(check);
        baseline = seconds_since(t0);
    }
    std::printf("  baseline int64 arrays, build + roll-up + figures : %8.3f s\n", baseline);

    // --- kalkyl::Ledger ----------------------------------------------------------------
    const auto t0 = Clock::now();
    kalkyl::Ledger ledger;
    {
        std::vector<kalkyl::RowSpec> specs;
        specs.reserve(rows);
        specs.push_back({"SN", "Socialnämnden", kalkyl::RowKind::net, ""});
        for (int v = 0; v < verksamheter; ++v) {
            const std::string vid = "V" + std::to_string(v);
            specs.push_back({vid, "Verksamhet " + std::to_string(v), kalkyl::RowKind::net, "SN"});
            for (int a = 0; a < accounts; ++a)
                specs.push_back({vid + "-" + std::to_string(a), "Konto",
                                 a % 10 == 0 ? kalkyl::RowKind::revenue : kalkyl::RowKind::cost,
                                 vid});
        }
        ledger.add_rows(specs);
    }
    std::vector<Decimal> m12(12);
    for (std::size_t r = 1; r < rows; ++r) {
        const std::string_view id = ledger.id_at(r);
        if (ledger.kind(id) == kalkyl::RowKind::net) {
            for (int m = 0; m < 12; ++m)
                m12[static_cast<std::size_t>(m)] = Decimal(amount(r, m, 3) * accounts, 2);
            ledger.set_values(id, kalkyl::Series::budget, kalkyl::Month::january, m12);
            continue;
        }
        for (int s = 0; s < 3; ++s) {
            for (int m = 0; m < 12; ++m)
                m12[static_cast<std::size_t>(m)] = Decimal(amount(r, m, s), 2);
            ledger.set_values(id, static_cast<kalkyl::Series>(s), kalkyl::Month::january, m12);
        }
        Decimal ytd;
        for (int m = 0; m < 8; ++m)
            ytd += Decimal(amount(r, m, 1), 2);
        ledger.set_manual_forecast(
            id, "Prognos", month,
            kalkyl::divide(ytd * Decimal(12, 0), Decimal(8, 0), 2, kalkyl::Rounding::half_up),
            Decimal(), Decimal(), "");
    }
    const double build = seconds_since(t0);

    const auto t1 = Clock::now();
    const kalkyl::FollowUp f = ledger.compute(month);
    const double rollup = seconds_since(t1);

    const auto t2 = Clock::now();
    Decimal check;
    std::size_t figures = 0;
    for (std::size_t r = 0; r < rows; ++r) {
        const bool net = ledger.kind(ledger.id_at(r)) == kalkyl::RowKind::net;
        for (int w = 0; w < kalkyl::figure_count; ++w) {
            const auto what = static_cast<kalkyl::Figure>(w);
            if (!net && (what == kalkyl::Figure::kommunbidrag_ytd ||
                         what == kalkyl::Figure::kommunbidrag_year ||
                         what == kalkyl::Figure::result_ytd || what == kalkyl::Figure::result_year))
                continue;
            check += f.figure_at(r, what, "Prognos");
            ++figures;
        }
        const std::string_view id = ledger.id_at(r);
        check += f.percent(id, kalkyl::PercentFigure::change_ytd, {}, 1, kalkyl::Rounding::half_up)
                     .value();
        ++figures;
        if (net) {
            check += f.percent(id, kalkyl::PercentFigure::budgethallning_year, "Prognos", 1,
                               kalkyl::Rounding::half_up)
                         .value();
            ++figures;
        }
    }
    keep(check);
    const double derive = seconds_since(t2);
    const double total = build + rollup + derive;
    std::printf("  kalkyl::Ledger build (rows, 3 x 12 months, forecast): %8.3f s\n", build);
    std::printf("  kalkyl::Ledger compute (roll-up through August)     : %8.3f s\n", rollup);
    std::printf("  kalkyl::Ledger every derived figure (%zu figures) : %8.3f s\n", figures, derive);
    std::printf(
        "  kalkyl::Ledger total                                 : %8.3f s  (%.1fx the int64 "
        "baseline)\n",
        total, total / baseline);
    std::printf("  committee result through August: %s kr; peak memory (ru_maxrss): %ld MB\n",
                f.figure("SN", kalkyl::Figure::result_ytd).to_string().c_str(), peak_rss_mb());
    return 0;
}
