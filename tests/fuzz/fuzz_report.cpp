// Fuzz target: the ledger readers of `kalkyl report` (src/report/input.hpp)
// on arbitrary bytes, as a CSV file and as a JSON file, in every encoding
// setting, then the follow-up model built from what they read.
//
// The contract (docs/ledger-format.md, input.hpp): a file is either read into
// a ledger or refused with a kalkyl::report::InputError that names the file
// and a line and column inside it (1-based; the column in characters, so at
// most the line's length in bytes + 1). Never a crash, a leak, a sanitizer
// report or another exception type: the CLI prints file:line:column only for
// InputError, and a user with a 200 000-line export needs that place.
// build_ledger has the same contract (its errors point at a row's first line).
//
// Input: bytes 0 and 1 pick the reader and options, the rest is the file:
//   byte 0 bit 0      JSON (1) or CSV (0)
//          bits 1..2  encoding: automatic, utf8, windows1252, automatic
//          bit 3      sum_lines
//          bits 4..7  the report month for build_ledger (1..12)
//   byte 1            the CSV reader's chunk: 1..128 bytes below 128, else
//                     4096 (the whole input; the CLI reads 4 MiB at a time).
//                     Small chunks make lines cross chunk boundaries and
//                     grow the buffer, as a large export does.
// The file is written to a memfd and read through /proc/self/fd/N: the
// readers take a path, as the CLI gives them, and nothing touches the disk.

#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

#include "kalkyl/decimal.hpp"
#include "report/input.hpp"

namespace {

[[noreturn]] void broken(const char* what, const std::string& detail) {
    std::fprintf(stderr, "CONTRACT BROKEN: %s\n  %s\n", what, detail.c_str());
    std::abort();
}

#define REPORT_REQUIRE(cond, detail)                     \
    do {                                                 \
        if (!(cond)) broken(#cond, std::string(detail)); \
    } while (0)

// One memfd for the process, rewritten for each input.
struct MemFile {
    int fd = -1;
    std::string path;
    MemFile() {
        fd = memfd_create("kalkyl-fuzz-ledger", 0);
        if (fd < 0) {
            std::perror("memfd_create");
            std::abort();
        }
        path = "/proc/self/fd/" + std::to_string(fd);
    }
    void write_all(std::string_view data) {
        if (ftruncate(fd, 0) != 0) std::abort();
        std::size_t done = 0;
        while (done < data.size()) {
            const ssize_t n =
                pwrite(fd, data.data() + done, data.size() - done, static_cast<off_t>(done));
            if (n <= 0) std::abort();
            done += static_cast<std::size_t>(n);
        }
    }
};

// The length in bytes of each line of the file (split at '\n', as both
// readers count lines); an error's column is at most that + 1.
std::size_t line_bytes(std::string_view file, std::size_t line) {
    std::size_t start = 0;
    for (std::size_t l = 1; l < line; ++l) {
        const std::size_t nl = file.find('\n', start);
        if (nl == std::string_view::npos) return std::string_view::npos;  // no such line
        start = nl + 1;
    }
    const std::size_t nl = file.find('\n', start);
    return (nl == std::string_view::npos ? file.size() : nl) - start;
}

void check_place(const kalkyl::report::InputError& e, std::string_view file,
                 const std::string& path, const char* stage) {
    const std::string what = std::string(stage) + ": " + e.what();
    REPORT_REQUIRE(e.file == path, what);
    REPORT_REQUIRE(std::string_view(e.what()).rfind(path + ":", 0) == 0, what);
    REPORT_REQUIRE(e.line >= 1, what);
    const std::size_t bytes = line_bytes(file, e.line);
    // An empty file has one (empty) line: "no header row" is at 1:1.
    REPORT_REQUIRE(bytes != std::string_view::npos, what + " (line past the end)");
    REPORT_REQUIRE(e.column >= 1 && e.column <= bytes + 1, what + " (column outside the line)");
}

void check_input(const kalkyl::report::LedgerInput& in) {
    REPORT_REQUIRE(in.rows.size() == in.index.size(), "rows and index agree");
    for (std::size_t i = 0; i < in.rows.size(); ++i) {
        const auto& r = in.rows[i];
        REPORT_REQUIRE(!r.id.empty(), "a row has an id");
        const auto it = in.index.find(r.id);
        REPORT_REQUIRE(it != in.index.end() && it->second == i, "index names the row");
        REPORT_REQUIRE(r.months_seen < (1u << 12), "months 1..12");
        REPORT_REQUIRE(r.line >= 1, "a row's first line");
        for (const auto* v : {&r.downside, &r.upside, &r.volume})
            REPORT_REQUIRE(!*v || v->value().signum() >= 0, "spreads and volumes not negative");
    }
    REPORT_REQUIRE(in.last_outcome_month >= 0 && in.last_outcome_month <= 12, "last month");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace kalkyl::report;
    static MemFile mem;
    if (size < 2) return 0;
    const std::uint8_t control = data[0];
    const std::size_t chunk = data[1] < 128 ? std::size_t{data[1]} + 1 : 4096;
    const std::string_view file(reinterpret_cast<const char*>(data + 2), size - 2);
    mem.write_all(file);

    ReadOptions options;
    static const Encoding encodings[] = {Encoding::automatic, Encoding::utf8, Encoding::windows1252,
                                         Encoding::automatic};
    options.encoding = encodings[(control >> 1) & 3];
    options.sum_lines = (control & 8) != 0;
    const bool json = (control & 1) != 0;
    const int month = (control >> 4) % 12 + 1;

    LedgerInput input;
    try {
        input =
            json ? read_ledger_json(mem.path, options) : read_ledger_csv(mem.path, options, chunk);
    } catch (const InputError& e) {
        check_place(e, file, mem.path, json ? "read_ledger_json" : "read_ledger_csv");
        return 0;
    } catch (const std::exception& e) {
        broken("only InputError leaves a reader", e.what());
    }
    REPORT_REQUIRE(input.file == mem.path, "the file's name");
    check_input(input);
    // The JSON reader strips a BOM before it decodes: its line numbers count
    // from the text after it, which has the same lines.
    try {
        const kalkyl::Ledger ledger = build_ledger(input, kalkyl::Month(month));
        (void)ledger;
    } catch (const InputError& e) {
        check_place(e, file, mem.path, "build_ledger");
    } catch (const std::exception& e) {
        broken("only InputError leaves build_ledger", e.what());
    }
    return 0;
}
