// Fuzz target: the SIE 4 reader (include/kalkyl/sie.hpp) on arbitrary bytes,
// then the follow-up ledger it maps to and a budget file written back.
//
// The contract (sie.hpp): a file is either read into a File or refused with a
// kalkyl::sie::SieError whose line is inside the input (1-based; 0 only for a
// file-wide refusal) and whose column is at most the line's length + 1, with
// the code parse, invalid or overflow. Never a crash, a sanitizer report or
// another exception type. What is read is valid UTF-8 whatever the bytes and
// the encoding chosen; the stream's records agree with the File; a complete
// File maps to a ledger or is refused with kalkyl::Error; and the #PBUDGET
// records of year 0 written back with write_budget read back the same.
//
// Input: byte 0 picks the options, the rest is the file:
//   bits 0..1  encoding: automatic, cp437, windows-1252, utf-8
//   bit 2      read through an istream (else from the bytes)
//   bits 3..5  the dimension for map_ledger: 0, 1, 2, 6, 20, 21, 1, 0
//   bit 6      accept an incomplete file for map_ledger
//   bit 7      outcome from #PSALDO (else automatic)

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "kalkyl/sie.hpp"

namespace {

namespace sie = kalkyl::sie;

[[noreturn]] void broken(const char* what, const std::string& detail) {
    std::fprintf(stderr, "CONTRACT BROKEN: %s\n  %s\n", what, detail.c_str());
    std::abort();
}

#define SIE_REQUIRE(cond, detail)                        \
    do {                                                 \
        if (!(cond)) broken(#cond, std::string(detail)); \
    } while (0)

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        std::size_t n = b < 0x80                 ? 1
                        : b >= 0xC2 && b <= 0xDF ? 2
                        : b >= 0xE0 && b <= 0xEF ? 3
                        : b >= 0xF0 && b <= 0xF4 ? 4
                                                 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
}

// Line lengths of the input (bytes, without the line end), 1-based.
std::vector<std::size_t> line_lengths(std::string_view s) {
    std::vector<std::size_t> out{0};
    std::size_t start = 0;
    for (;;) {
        const std::size_t nl = s.find('\n', start);
        out.push_back((nl == std::string_view::npos ? s.size() : nl) - start);
        if (nl == std::string_view::npos) break;
        start = nl + 1;
    }
    return out;
}

void check_error(const sie::SieError& e, const std::vector<std::size_t>& lines) {
    SIE_REQUIRE(e.code() == kalkyl::Errc::parse || e.code() == kalkyl::Errc::invalid ||
                    e.code() == kalkyl::Errc::overflow,
                e.what());
    SIE_REQUIRE(e.line() < lines.size() + 1, e.what());
    if (e.line() > 0 && e.line() < lines.size() && e.column() > 0)
        SIE_REQUIRE(e.column() <= lines[e.line()] + 1, e.what());
    SIE_REQUIRE(valid_utf8(e.what()), e.what());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    const std::uint8_t opt = data[0];
    const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
    const auto lines = line_lengths(bytes);

    sie::ReadOptions ro;
    ro.encoding = static_cast<sie::EncodingChoice>(opt & 3);
    ro.max_diagnostics = 50;

    // Layer 1: every record's text is UTF-8 and its columns lie on its line.
    std::uint64_t records = 0;
    bool stream_failed = false;
    try {
        sie::StreamOptions so;
        so.encoding = ro.encoding;
        sie::stream_bytes(bytes, so, [&](const sie::Record& r) {
            ++records;
            SIE_REQUIRE(r.line >= 1 && r.line < lines.size(), std::to_string(r.line));
            SIE_REQUIRE(valid_utf8(r.label), std::string(r.label));
            for (const auto& f : r.fields) {
                SIE_REQUIRE(valid_utf8(f.text), std::string(f.text));
                SIE_REQUIRE(f.column >= 1 && f.column <= lines[r.line] + 1,
                            std::to_string(f.column));
                for (auto item : r.items(f))
                    SIE_REQUIRE(valid_utf8(item), std::string(item));
            }
            return true;
        });
    } catch (const sie::SieError& e) {
        check_error(e, lines);
        stream_failed = true;
    } catch (const std::exception& e) {
        broken("stream_bytes threw something other than SieError", e.what());
    }

    // Layer 2: the same bytes as a File, from the bytes or an istream.
    sie::File file;
    try {
        if (opt & 4) {
            std::istringstream in{std::string(bytes)};
            file = sie::read(in, ro);
        } else {
            file = sie::read_bytes(bytes, ro);
        }
    } catch (const sie::SieError& e) {
        check_error(e, lines);
        return 0;
    } catch (const std::exception& e) {
        broken("read threw something other than SieError", e.what());
    }
    SIE_REQUIRE(!stream_failed, "read accepted what stream refused");
    SIE_REQUIRE(file.summary.records == records, "stream and read saw different records");
    SIE_REQUIRE(file.complete() == (file.error_count == 0), "complete() disagrees");
    SIE_REQUIRE(valid_utf8(file.company) && valid_utf8(file.program), file.company);
    for (const auto& a : file.accounts)
        SIE_REQUIRE(valid_utf8(a.name), a.name);
    for (const auto& o : file.objects)
        SIE_REQUIRE(valid_utf8(o.id) && valid_utf8(o.name), o.id);
    for (const auto& d : file.diagnostics) {
        SIE_REQUIRE(d.line < lines.size(), d.message);
        SIE_REQUIRE(valid_utf8(d.message), d.message);
    }

    // Layer 3: a ledger, or kalkyl::Error.
    static constexpr int dims[8] = {0, 1, 2, 6, 20, 21, 1, 0};
    sie::MappingOptions mo;
    mo.dimension = dims[(opt >> 3) & 7];
    mo.accept_incomplete = (opt & 64) != 0;
    mo.outcome = (opt & 128) ? sie::OutcomeSource::psaldo : sie::OutcomeSource::automatic;
    try {
        const kalkyl::Ledger ledger = sie::to_ledger(file, mo);
        SIE_REQUIRE(ledger.size() >= 1, "a mapped ledger has its root");
        (void)ledger.compute(kalkyl::Month::december);
    } catch (const kalkyl::Error& e) {
        SIE_REQUIRE(e.code() != kalkyl::Errc::internal, e.what());
        SIE_REQUIRE(valid_utf8(e.what()), e.what());
    } catch (const std::exception& e) {
        broken("to_ledger threw something other than kalkyl::Error", e.what());
    }

    // The budget of year 0 written back reads back the same.
    const sie::FiscalYear* y0 = file.year(0);
    if (y0 == nullptr) return 0;
    std::vector<sie::BudgetLine> budget;
    for (const auto& p : file.periods)
        if (p.kind == sie::PeriodKind::pbudget && p.year == 0)
            budget.push_back({p.account, p.objects, p.period, p.amount, p.quantity});
    if (budget.empty() || budget.size() > 500) return 0;
    sie::BudgetFileHeader h;
    h.generated = "20250101";
    h.company = "F";
    h.year = *y0;
    std::ostringstream out;
    try {
        sie::write_budget(out, h, budget);
    } catch (const kalkyl::Error& e) {
        SIE_REQUIRE(e.code() == kalkyl::Errc::invalid, e.what());
        SIE_REQUIRE(out.str().empty(), "write_budget wrote a part of a refused file");
        return 0;
    }
    try {
        // Read back as CP437, what write_budget writes: the detection of a
        // file that may hold only a few symbols outside ASCII is a heuristic.
        sie::ReadOptions cp437;
        cp437.encoding = sie::EncodingChoice::cp437;
        const sie::File back = sie::read_bytes(out.str(), cp437);
        SIE_REQUIRE(back.complete(), out.str());
        SIE_REQUIRE(back.summary.checksum == sie::ChecksumState::verified, out.str());
        SIE_REQUIRE(back.periods.size() == budget.size(), out.str());
        for (std::size_t i = 0; i < budget.size(); ++i) {
            SIE_REQUIRE(back.periods[i].amount == budget[i].amount, out.str());
            SIE_REQUIRE(back.periods[i].account == budget[i].account, out.str());
            SIE_REQUIRE(back.periods[i].objects == budget[i].objects, out.str());
        }
    } catch (const sie::SieError& e) {
        broken("a budget file kalkyl wrote does not read back",
               std::string(e.what()) + "\n" + out.str());
    }
    return 0;
}
