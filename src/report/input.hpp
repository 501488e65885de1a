// src/report/input.hpp (private): reading a follow-up ledger from a file.
//
// Two formats, one content (docs/ledger-format.md): the semicolon CSV that
// Swedish spreadsheets export (decimal comma, UTF-8 with or without BOM, or
// Windows-1252) and JSON. The CSV reader streams: it holds one buffer of the
// file and one record per ledger row id, never the file itself, so its memory
// grows with the number of rows of the ledger, not with the number of lines.
//
// Every amount is read exactly with kalkyl::try_parse (sv-SE in CSV and in
// JSON strings, C for JSON numbers, whose text is read as decimal text and
// never converted to double). Every error is an InputError naming the file,
// the line and the column (1-based, in characters) and the reason.
//
// Not for: the arithmetic of the report (report.hpp) or the follow-up model
// itself (include/kalkyl/followup.hpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "kalkyl/decimal.hpp"
#include "kalkyl/followup.hpp"
#include "kalkyl/text.hpp"

namespace kalkyl::report {

// A data error in an input file: exit status 1 in the CLI.
class InputError : public std::runtime_error {
  public:
    InputError(const std::string& file, std::size_t line, std::size_t column,
               const std::string& reason);
    std::string file;
    std::size_t line;
    std::size_t column;
};

enum class Encoding { automatic, utf8, windows1252 };

// The monthly series of a ledger row (the budget series of a net row is its
// kommunbidrag). prior_budget is last year's budget (kommunbidrag): the
// follow-up model does not hold it; the report uses it for last year's result.
enum class InputSeries : int { budget = 0, outcome = 1, prior_outcome = 2, prior_budget = 3 };
inline constexpr int input_series_count = 4;

struct InputRow {
    std::string id;
    std::string parent;
    std::string name;
    RowKind kind = RowKind::cost;
    bool kind_given = false;
    std::array<MonthlyAmounts, input_series_count> series{};
    std::uint16_t months_seen = 0;    // bit m-1: a line for month m was read
    std::uint8_t series_seen = 0;     // bit s: some value of series s was read
    std::optional<Decimal> forecast;  // full-year forecast, in the row's sign
    std::optional<Decimal> downside;  // försämring of the result, >= 0
    std::optional<Decimal> upside;    // förbättring of the result, >= 0
    std::optional<Decimal> volume;    // vårddygn / brukare for a unit cost (optional)
    std::string volume_unit;          // "vårddygn", ...
    std::size_t line = 0;             // the first line that named the row
};

// Lookup by std::string_view without building a std::string.
struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};

// Something the reader of a report must know because a figure may not mean
// what it seems: a report month past the last outcome, a kind inferred
// rather than given, a dimension chosen for an SIE file. Warnings are printed
// in every output format (the JSON report's "warnings" array) and on stderr,
// and `kalkyl report --strict` turns any of them into exit status 1.
struct Warning {
    std::string code;  // stable and language-free, for JSON and tests: "month_past_data"
    std::string sv;    // the sentence in Swedish
    std::string en;    // and in English (--lang en)
};

struct LedgerInput {
    std::string file;
    std::vector<Warning> warnings;  // from reading and mapping the file
    std::vector<InputRow> rows;  // in the order of first appearance
    std::unordered_map<std::string, std::size_t, StringHash, std::equal_to<>> index;
    Unit unit = Unit::kr;        // the amounts' unit in the file (converted to kr on reading)
    int last_outcome_month = 0;  // the last month with an outcome value (0: none)
    std::uint64_t bytes = 0;
    std::uint64_t lines = 0;
    Encoding encoding_used = Encoding::utf8;
};

struct ReadOptions {
    Encoding encoding = Encoding::automatic;
    // Lines with the same id and month add up (an ERP's transaction export);
    // otherwise a second line for the same id and month is an error.
    bool sum_lines = false;
    // Called now and then with the bytes read so far (the progress line).
    std::function<void(std::uint64_t done)> progress;
};

// Reads a ledger; the format from the extension (.json: JSON, else CSV) or
// from the first byte that is not white space ('{': JSON). "-" reads stdin.
// Throws InputError for a data error; std::system_error style failures to
// open or read are reported as std::runtime_error with errno's text.
LedgerInput read_ledger(const std::string& path, const ReadOptions& options);
LedgerInput read_ledger_csv(const std::string& path, const ReadOptions& options);
// The same, reading `chunk_bytes` at a time (the default is 4 MiB; a line
// longer than the buffer grows it). For tests and the fuzz target
// (tests/fuzz/fuzz_report.cpp), which make it small so that lines cross
// chunk boundaries and the buffer grows, as they do in a 200 000-line export.
LedgerInput read_ledger_csv(const std::string& path, const ReadOptions& options,
                            std::size_t chunk_bytes);
LedgerInput read_ledger_json(const std::string& path, const ReadOptions& options);

// An unreadable input (missing, a directory, no permission): exit status 2.
class UnreadableInput : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

// Builds the follow-up model: the rows (parents before children not needed),
// their monthly series and their manual forecasts (name "prognos", as of
// `month`). Errors of the model (a cycle, an unknown parent, a row of the
// wrong kind) become InputError at the row's first line.
Ledger build_ledger(const LedgerInput& input, Month month);

// Text helpers shared with the rest of the report code.
namespace text {
// Converts Windows-1252 to UTF-8; false at an undefined byte (its index in `bad`).
bool cp1252_to_utf8(std::string_view in, std::string& out, std::size_t& bad);
// The index of the first invalid UTF-8 byte, or npos.
std::size_t invalid_utf8(std::string_view s);
// Characters (code points) in a UTF-8 string.
std::size_t utf8_length(std::string_view s);
// Lower case for ASCII letters and the Swedish capitals Å Ä Ö (UTF-8): how
// column names and kinds are compared.
std::string lower_ascii(std::string_view s);
// Without leading and trailing spaces, tabs and carriage returns.
std::string_view trim(std::string_view s);
}  // namespace text

// A row kind as a CSV or JSON file writes it: intäkt(er)/revenue,
// kostnad(er)/cost, netto/nämnd/verksamhet/net (any letter case); nullopt
// for anything else.
std::optional<RowKind> kind_of(std::string_view text);

}  // namespace kalkyl::report
