// `kalkyl report` streaming benchmark (issue 8): a ledger CSV of N lines (an
// ERP's transaction export: 10 verksamheter × 100 accounts, each line one
// account's amount for one month, read with --sum-lines) is written to a
// temporary file and read with the report's streaming reader, then the
// report is computed and rendered. Prints MB/s of CSV and the peak resident
// memory after a quarter of the lines and after all of them: the goal is
// >= 100 MB/s and a peak that does not grow with the file.
//
//   baseline: the same file read with fread and split into lines and fields,
//     amounts parsed to int64 öre by hand (the I/O and tokenising limit)
//
// Usage: report_bench [lines]   (default 10 000 000)

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "report/input.hpp"
#include "report/report.hpp"

namespace {

using Clock = std::chrono::steady_clock;

long peak_rss_kb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

std::string write_ledger(std::uint64_t lines) {
    char name[] = "/tmp/kalkyl_report_bench_XXXXXX";
    const int fd = mkstemp(name);
    if (fd < 0) {
        std::perror("mkstemp");
        std::exit(2);
    }
    std::FILE* f = fdopen(fd, "wb");
    std::fputs(
        "# constructed benchmark ledger\n# enhet: "
        "kr\nid;förälder;namn;typ;månad;budget;utfall;prognos\n",
        f);
    std::fputs("N;;Nämnden;netto;;;;\n", f);
    for (int v = 0; v < 10; ++v) {
        std::fprintf(f, "V%d;N;Verksamhet %d;netto;;;;\n", v, v);
        for (int m = 1; m <= 12; ++m)
            std::fprintf(f, "V%d;;;;%d;8 000 000;;\n", v, m);
        for (int a = 0; a < 100; ++a)
            std::fprintf(f, "V%d-K%d;V%d;Konto %d;kostnad;;;;\n", v, a, v, a);
    }
    std::uint64_t x = 88172645463325252ULL;
    char buf[96];
    for (std::uint64_t i = 0; i < lines; ++i) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        const int v = static_cast<int>(x % 10), a = static_cast<int>((x >> 8) % 100),
                  m = static_cast<int>((x >> 16) % 8) + 1;
        const unsigned long kr = (x >> 24) % 90000 + 100, ore = (x >> 40) % 100;
        const int n =
            std::snprintf(buf, sizeof buf, "V%d-K%d;;;;%d;;%lu,%02lu;\n", v, a, m, kr, ore);
        std::fwrite(buf, 1, static_cast<std::size_t>(n), f);
    }
    std::fclose(f);
    return name;
}

// The baseline: lines and fields, amounts to int64 öre, sum per month.
std::int64_t baseline(const std::string& path, double& seconds, std::uint64_t& bytes) {
    const auto t0 = Clock::now();
    std::FILE* f = std::fopen(path.c_str(), "rb");
    static char buf[1 << 22];
    std::int64_t total = 0;
    bytes = 0;
    std::string carry;
    std::size_t got;
    while ((got = std::fread(buf, 1, sizeof buf, f)) > 0) {
        bytes += got;
        std::size_t start = 0;
        for (std::size_t i = 0; i < got; ++i) {
            if (buf[i] != '\n') continue;
            // The 7th field: digits and a comma.
            int field = 0;
            std::int64_t v = 0;
            for (std::size_t k = start; k < i; ++k) {
                const char c = buf[k];
                if (c == ';')
                    ++field;
                else if (field == 6 && c >= '0' && c <= '9')
                    v = v * 10 + (c - '0');
            }
            total += v;
            start = i + 1;
        }
    }
    std::fclose(f);
    seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return total;
}

void run(std::uint64_t lines) {
    const std::string path = write_ledger(lines);
    double base_s = 0;
    std::uint64_t bytes = 0;
    const std::int64_t check = baseline(path, base_s, bytes);
    const auto t0 = Clock::now();
    kalkyl::report::ReadOptions ro;
    ro.sum_lines = true;
    const auto input = kalkyl::report::read_ledger_csv(path, ro);
    const auto t1 = Clock::now();
    const auto rep = kalkyl::report::compute_report(input, kalkyl::Month(8));
    const std::string text = kalkyl::report::render(rep, kalkyl::report::RenderOptions{});
    const auto t2 = Clock::now();
    const double read_s = std::chrono::duration<double>(t1 - t0).count();
    const double all_s = std::chrono::duration<double>(t2 - t0).count();
    const double mb = static_cast<double>(bytes) / 1e6;
    std::printf(
        "%11llu lines  %8.1f MB  baseline %7.1f MB/s  kalkyl read %7.1f MB/s  read+report %7.1f "
        "MB/s  "
        "(%.2fx baseline)  peak RSS %ld MB\n",
        static_cast<unsigned long long>(lines), mb, mb / base_s, mb / read_s, mb / all_s,
        read_s / base_s, peak_rss_kb() / 1024);
    if (check == 0 || text.empty()) std::printf("(unexpected empty result)\n");
    std::remove(path.c_str());
}

}  // namespace

int main(int argc, char** argv) {
    const std::uint64_t lines = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10000000ULL;
    std::printf(
        "kalkyl report streaming benchmark: ledger CSV read, report computed and rendered\n");
    run(lines / 4);
    run(lines);
    std::printf(
        "goal: >= 100 MB/s; peak RSS the same for both sizes (memory does not grow with the "
        "file)\n");
    return 0;
}
