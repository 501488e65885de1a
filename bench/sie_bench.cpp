// SIE 4 reading benchmark (issue 11): a type 4 file with N #TRANS lines
// (default 10 million: 2,5 million verifications of four rows, objects in two
// dimensions, CP437 names), read by kalkyl::sie::read_file into a File whose
// transactions are summed per year, period, account and object list.
//
// Prints the file's size, the throughput in MB/s (the issue asks for at least
// 100), the peak resident memory after generating (the baseline of the
// process) and after reading, and the same for a file a tenth the size: flat
// memory means the two peaks are alike. Then the ratio against a
// straightforward line-by-line Python reader (bench/sie_bench.py: a regular
// expression per line and decimal.Decimal sums), run on the first
// --python-mb MB of the same file (default 100; 0 skips it).
//
// Usage: sie_bench [lines] [--keep FILE] [--python-mb N]
//   The file is generated into $TMPDIR (or /tmp) and removed afterwards
//   unless --keep names where to keep it.

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>
#include <vector>

#include "kalkyl/sie.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
    return std::chrono::duration<double>(Clock::now() - t0).count();
}

long peak_rss_mb() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss / 1024;  // KiB on Linux
}

// Writes the file through a small buffer (the generator must not be what
// makes the process large). Returns its size in bytes.
std::uint64_t generate(const std::string& path, std::uint64_t trans_lines) {
    std::ofstream out(path, std::ios::binary);
    std::string buf;
    buf.reserve(1 << 20);
    buf +=
        "#FLAGGA 0\r\n#PROGRAM \"kalkyl sie_bench\" 1.0\r\n#FORMAT PC8\r\n#GEN 20250115\r\n"
        "#SIETYP 4\r\n#FNAMN \"Socialn\x84mnden \x8F"
        "by kommun\"\r\n"
        "#RAR 0 20240101 20241231\r\n#RAR -1 20230101 20231231\r\n"
        "#DIM 1 \"Ansvar\"\r\n#DIM 6 \"Projekt\"\r\n";
    for (int a = 0; a < 200; ++a)
        buf += "#OBJEKT 1 \"" + std::to_string(1000 + a) + "\" \"Enhet " + std::to_string(a) +
               " \x8E"
               "ldreomsorg\"\r\n";
    for (int k = 0; k < 50; ++k)
        buf += "#KONTO " + std::to_string(4000 + 37 * k) + " \"Kostnad " + std::to_string(k) +
               " f\x94rbrukning\"\r\n";
    std::uint64_t x = 0x9E3779B97F4A7C15ull;
    auto next = [&x] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return x;
    };
    std::uint64_t written = 0;
    char line[160];
    for (std::uint64_t v = 1; written < trans_lines; ++v) {
        const int month = 1 + static_cast<int>(v % 12);
        const int day = 1 + static_cast<int>(v % 28);
        int n = std::snprintf(
            line, sizeof line, "#VER A %llu 2024%02d%02d \"Faktura %llu\"\r\n{\r\n",
            static_cast<unsigned long long>(v), month, day, static_cast<unsigned long long>(v));
        buf.append(line, static_cast<std::size_t>(n));
        std::int64_t balance = 0;
        for (int t = 0; t < 3 && written < trans_lines; ++t, ++written) {
            const auto r = next();
            const std::int64_t ore = static_cast<std::int64_t>(r % 5000000) - 500000;
            balance += ore;
            // 50 accounts × 40 ansvar × 3 projekt × 12 months: at most 72 000
            // sums, reached early, so memory must stay flat after that.
            const unsigned account = 4000 + 37 * static_cast<unsigned>((r >> 24) % 50);
            const unsigned ansvar = 1000 + static_cast<unsigned>((r >> 32) % 40);
            n = std::snprintf(
                line, sizeof line,
                "#TRANS %u {1 \"%u\" 6 \"P%u\"} %s%lld.%02lld 2024%02d%02d \"Rad %d\"\r\n", account,
                ansvar, static_cast<unsigned>((r >> 40) % 3), ore < 0 ? "-" : "",
                static_cast<long long>((ore < 0 ? -ore : ore) / 100),
                static_cast<long long>((ore < 0 ? -ore : ore) % 100), month, day, t);
            buf.append(line, static_cast<std::size_t>(n));
        }
        if (written < trans_lines || balance != 0) {
            const std::int64_t b = -balance;
            n = std::snprintf(line, sizeof line, "#TRANS 2440 {} %s%lld.%02lld\r\n",
                              b < 0 ? "-" : "", static_cast<long long>((b < 0 ? -b : b) / 100),
                              static_cast<long long>((b < 0 ? -b : b) % 100));
            buf.append(line, static_cast<std::size_t>(n));
            ++written;
        }
        buf += "}\r\n";
        if (buf.size() > (1 << 20) - 4096) {
            out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
            buf.clear();
        }
    }
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
    out.close();
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    return static_cast<std::uint64_t>(in.tellg());
}

double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

struct Run {
    double seconds = 0;
    double cpu = 0;  // CPU time of the process: what the read costs on a shared machine
    std::uint64_t bytes = 0;
    std::uint64_t transactions = 0;
    std::size_t sums = 0;
    long peak_mb = 0;
};

Run read_once(const std::string& path) {
    Run r;
    const auto t0 = Clock::now();
    const double c0 = cpu_seconds();
    const kalkyl::sie::File f = kalkyl::sie::read_file(path);
    r.seconds = seconds_since(t0);
    r.cpu = cpu_seconds() - c0;
    r.bytes = f.summary.bytes;
    r.transactions = f.transaction_count;
    r.sums = f.transactions.size();
    r.peak_mb = peak_rss_mb();
    if (!f.complete()) {
        std::fprintf(stderr, "sie_bench: the generated file has errors: %s\n",
                     f.diagnostics.empty() ? "?" : f.diagnostics[0].message.c_str());
        std::exit(1);
    }
    return r;
}

}  // namespace

int main(int argc, char** argv) {
    std::uint64_t lines = 10'000'000;
    std::string keep;
    long python_mb = 100;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--keep" && i + 1 < argc) {
            keep = argv[++i];
        } else if (a == "--python-mb" && i + 1 < argc) {
            python_mb = std::atol(argv[++i]);
        } else {
            lines = std::strtoull(argv[i], nullptr, 10);
        }
    }
    const char* tmp = std::getenv("TMPDIR");
    const std::string dir = tmp && *tmp ? tmp : "/tmp";
    const std::string big =
        keep.empty() ? dir + "/kalkyl_sie_bench_" + std::to_string(::getpid()) + ".se" : keep;
    const std::string small = dir + "/kalkyl_sie_bench_small_" + std::to_string(::getpid()) + ".se";

    const auto g0 = Clock::now();
    const std::uint64_t size_small = generate(small, lines / 10);
    const std::uint64_t size = generate(big, lines);
    std::printf("sie_bench: %llu #TRANS lines, %.0f MB (generated in %.1f s); peak RSS %ld MB\n",
                static_cast<unsigned long long>(lines), static_cast<double>(size) / 1e6,
                seconds_since(g0), peak_rss_mb());

    // The small file first: its peak is the baseline the big one is compared with.
    const Run s = read_once(small);
    auto print = [](const Run& r) {
        std::printf(
            "  %6.0f MB read in %6.2f s: %6.0f MB/s (CPU time %.2f s: %.0f MB/s), "
            "%llu transactions into %zu sums, peak RSS %ld MB\n",
            static_cast<double>(r.bytes) / 1e6, r.seconds,
            static_cast<double>(r.bytes) / 1e6 / r.seconds, r.cpu,
            static_cast<double>(r.bytes) / 1e6 / r.cpu,
            static_cast<unsigned long long>(r.transactions), r.sums, r.peak_mb);
    };
    print(s);
    const Run b = read_once(big);
    const double mbps = static_cast<double>(b.bytes) / 1e6 / b.seconds;
    const double cpu_mbps = static_cast<double>(b.bytes) / 1e6 / b.cpu;
    print(b);
    std::printf("  flat memory: peak RSS %ld MB for %.0f MB against %ld MB for %.0f MB\n",
                b.peak_mb, static_cast<double>(size) / 1e6, s.peak_mb,
                static_cast<double>(size_small) / 1e6);
    std::printf(
        "  target >= 100 MB/s: %s by the clock, %s by CPU time (the machine may be shared)\n",
        mbps >= 100 ? "met" : "NOT met", cpu_mbps >= 100 ? "met" : "NOT met");

    if (python_mb > 0) {
        // bench/sie_bench.py next to this source; the build passes its path.
        const std::string cmd = std::string("python3 ") + KALKYL_SIE_BENCH_PY + " " + big + " " +
                                std::to_string(python_mb);
        FILE* p = ::popen(cmd.c_str(), "r");
        double py_mbps = 0;
        double py_cpu_mbps = 0;
        char out[512];
        while (p && std::fgets(out, sizeof out, p)) {
            std::fputs(("  python: " + std::string(out)).c_str(), stdout);
            std::sscanf(out,
                        "python line-by-line: %*f MB in %*f s: %lf MB/s (CPU time %*f s: %lf MB/s)",
                        &py_mbps, &py_cpu_mbps);
        }
        if (p) ::pclose(p);
        if (py_mbps > 0 && py_cpu_mbps > 0)
            std::printf("  kalkyl / python line-by-line: %.1fx by the clock, %.1fx by CPU time\n",
                        mbps / py_mbps, cpu_mbps / py_cpu_mbps);
        else
            std::printf("  python baseline did not run (python3 missing?)\n");
    }
    std::remove(small.c_str());
    if (keep.empty()) std::remove(big.c_str());
    return 0;
}
