// kalkyl/sie.hpp: reading SIE 4 files (the Swedish standard export of every
// accounting system) into the follow-up ledger, and writing a periodised
// budget back as #PBUDGET records.
//
// SIE 4 (SIE-gruppen, "SIE filformat, utgåva 4C"; https://sie.se/format/) is
// a line format: one record per line, a label (#VER, #TRANS, ...) and fields
// separated by spaces or tabs; a field may be quoted ("a \"b\"", a backslash
// escapes the next character), and an object list is written in braces:
// {1 "100" 6 "P7"} (dimension, object, ...). #VER records are followed by a
// block { #TRANS ... } of their transactions. The character set is IBM PC
// code page 437 (#FORMAT PC8); kalkyl hands every text out as UTF-8.
//
// THREE LAYERS
//   1. stream(): the tokenizer. It calls a visitor once per record with the
//      label and the fields (decoded to UTF-8, escapes resolved), verifies
//      #KSUMMA and detects the encoding. Memory: one read buffer and one
//      record, whatever the file's size.
//   2. read(): a File, everything in the file except the individual
//      transactions, which are summed per year, period, account and object
//      list (so memory grows with the chart of accounts, not the number of
//      #TRANS lines), plus diagnostics and counts of unknown labels.
//   3. map_ledger() / to_ledger(): the follow-up ledger (followup.hpp) of one
//      fiscal year, rows by a dimension (ansvar, verksamhet, projekt) and/or
//      account ranges, revenue and cost kinds from the account class.
//   And write_budget(): a periodised budget as an SIE file of #PBUDGET
//   records, in CP437, that an accounting system imports.
//
// AMOUNTS are read exactly from their decimal text (a dot as decimal mark, an
// optional minus) into Decimal; never through binary floating point. SIE
// signs amounts as debit positive and credit negative: a cost is positive,
// a revenue negative. map_ledger() turns them into followup.hpp's natural
// sign (a revenue positive) and write_budget() back.
//
// ERRORS. A record that cannot be read (an unterminated quote, a missing or
// malformed field of a known record, an amount that is not a number, a
// truncated file) throws SieError with the line, the column (1-based, in
// bytes) and the record's label: read() returns nothing half-read. Problems
// of structure or content that leave the records readable (a #TRANS outside
// a #VER, an unbalanced verification, a #KSUMMA that does not match, a file
// that declares PC8 but is Windows-1252 or UTF-8) are Diagnostics with a
// severity; a File with an error-severity diagnostic is not complete, and
// map_ledger() refuses it unless asked to accept it.
//
// Not for: SIE 5 (XML), SIE 4i import files as a bookkeeping input (they read,
// but only their #TRANS sums are kept), or writing anything but budgets.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kalkyl/decimal.hpp"
#include "kalkyl/error.hpp"
#include "kalkyl/followup.hpp"
#include "kalkyl/month.hpp"

namespace kalkyl::sie {

// --- errors and diagnostics ---------------------------------------------------------

// Numbering fixed for the C ABI; never renumber.
enum class Severity : int {
    info = 0,     // worth knowing (an unknown label, a transaction outside every #RAR)
    warning = 1,  // read, but check it (the file is Windows-1252 while declaring PC8)
    error = 2,    // the content is not trustworthy (unbalanced verification, bad #KSUMMA)
};
const char* severity_name(Severity severity) noexcept;  // "info", "warning", "error"

struct Diagnostic {
    Severity severity = Severity::info;
    std::uint64_t line = 0;    // 1-based; 0 for the file as a whole
    std::uint64_t column = 0;  // 1-based, in bytes; 0 when not at one place
    std::string label;         // the record's label ("#TRANS"), may be empty
    std::string message;       // English, names the account/verification when there is one
};

// A record that cannot be read. code() is Errc::parse for malformed text,
// Errc::overflow for an amount beyond 38 digits, Errc::invalid for an I/O
// failure or a file that is not SIE at all. what() reads
// "line 12, column 30, #TRANS: amount \"12,50\" is not a number (SIE writes a
// dot as decimal mark)".
class SieError : public Error {
  public:
    SieError(Errc code, std::uint64_t line, std::uint64_t column, std::string label,
             const std::string& reason);
    std::uint64_t line() const noexcept { return line_; }
    std::uint64_t column() const noexcept { return column_; }
    const std::string& label() const noexcept { return label_; }
    const std::string& reason() const noexcept { return reason_; }

  private:
    std::uint64_t line_;
    std::uint64_t column_;
    std::string label_;
    std::string reason_;
};

// --- layer 1: records -----------------------------------------------------------------

// Numbering fixed for the C ABI; never renumber.
enum class Encoding : int {
    cp437 = 0,        // IBM PC 8 (#FORMAT PC8), what SIE 4 prescribes
    windows1252 = 1,  // what a careless exporter writes instead
    utf8 = 2,         // likewise (with or without a byte order mark)
};
const char* encoding_name(Encoding encoding) noexcept;  // "cp437", "windows-1252", "utf-8"

enum class EncodingChoice : int {
    automatic = 0,  // detect from the bytes (below); a mismatch with PC8 is a warning
    cp437 = 1,
    windows1252 = 2,
    utf8 = 3,
};

// One field of a record. A plain or quoted field has its text (UTF-8, quotes
// removed, escapes resolved); an object list {1 "100" 6 "P7"} has is_list and
// its items (dimension, object, dimension, object, ...) in
// Record::list_items[list_begin, list_begin + list_size).
struct Field {
    std::string_view text;
    std::uint64_t column = 0;  // 1-based byte column of the field's first character
    bool quoted = false;
    bool is_list = false;
    std::uint32_t list_begin = 0;
    std::uint32_t list_size = 0;
};

// One record: a line. The views are valid only during the visitor's call.
// Lines "{" and "}" (the transaction block of a #VER) are records with those
// labels and no fields; empty lines are not records.
struct Record {
    std::string_view label;  // "#TRANS", upper case as written
    std::span<const Field> fields;
    std::span<const std::string_view> list_items;
    std::uint64_t line = 0;

    // The items of a list field (empty for a field that is not a list).
    std::span<const std::string_view> items(const Field& field) const {
        return field.is_list ? list_items.subspan(field.list_begin, field.list_size)
                             : std::span<const std::string_view>{};
    }
};

struct StreamOptions {
    EncodingChoice encoding = EncodingChoice::automatic;
    // Called now and then with the bytes read so far.
    std::function<void(std::uint64_t bytes)> progress;
};

// What stream() found out about the file as a whole.
enum class ChecksumState : int {
    absent = 0,    // no #KSUMMA
    verified = 1,  // #KSUMMA present and matching
    mismatch = 2,  // present and not matching (a diagnostic says the two values)
    unclosed = 3,  // the opening #KSUMMA without the closing one
};

struct StreamSummary {
    std::uint64_t bytes = 0;
    std::uint64_t lines = 0;
    std::uint64_t records = 0;
    Encoding encoding = Encoding::cp437;  // the one used to decode
    bool encoding_mismatch = false;       // detected differs from the declared PC8
    ChecksumState checksum = ChecksumState::absent;
    std::uint32_t checksum_expected = 0;  // from the file
    std::uint32_t checksum_computed = 0;
    std::vector<Diagnostic> diagnostics;  // the encoding and #KSUMMA findings
    bool stopped = false;                 // the visitor returned false
};

// Calls `visit` once per record, in file order; `visit` returns false to stop
// (the summary says so; #KSUMMA is then not judged). Throws SieError for a
// record that cannot be tokenised (an unterminated quote or list, a NUL byte,
// a line that does not start with a label) and for a read failure.
//
// ENCODING DETECTION (automatic): a byte order mark, or bytes outside ASCII
// that are all valid UTF-8 with at least one multi-byte sequence, mean UTF-8;
// otherwise the bytes of the first 1 MiB are scored as the letters of
// Swedish and Nordic names (å ä ö Å Ä Ö é ü Ü æ Æ ø Ø) in CP437 against the
// same in Windows-1252: more Windows-1252 letters mean Windows-1252. A tie
// (or no such letter) decides CP437, what the file declares.
using RecordVisitor = std::function<bool(const Record&)>;
StreamSummary stream(std::istream& in, const StreamOptions& options, const RecordVisitor& visit);
StreamSummary stream_bytes(std::string_view bytes, const StreamOptions& options,
                           const RecordVisitor& visit);
// Opens and streams a file; a file that cannot be opened is SieError(invalid)
// at line 0 naming the path and the system's reason.
StreamSummary stream_file(const std::string& path, const StreamOptions& options,
                          const RecordVisitor& visit);

// Reads one amount exactly: [-]digits[.digits], at most 28 decimals and 38
// digits in all ("-1234.5", "0.00", "12"). nullopt for anything else (a
// comma, a plus, spaces, an exponent, "" or "-").
std::optional<Decimal> parse_amount(std::string_view text) noexcept;

// --- layer 2: a File --------------------------------------------------------------------

struct FiscalYear {
    int index = 0;  // 0 this year, -1 the previous, ...
    int start = 0;  // YYYYMMDD
    int end = 0;    // YYYYMMDD
};

struct Account {
    std::string number;  // "4010": SIE account numbers are text of digits
    std::string name;
    char type = 0;  // #KTYP: 'T' tillgång, 'S' skuld, 'K' kostnad, 'I' intäkt; 0 not given
};

struct Dimension {
    int number = 0;  // 1 kostnadsställe/resultatenhet, 2 kostnadbärare, 6 projekt, ...
    std::string name;
    int parent = 0;  // #UNDERDIM: the superior dimension; 0 for none
};

struct Object {
    int dimension = 0;
    std::string id;  // "100"
    std::string name;
};

// One object of an object list.
struct ObjectRef {
    int dimension = 0;
    std::string id;
    friend bool operator==(const ObjectRef&, const ObjectRef&) = default;
};

// Numbering fixed for the C ABI; never renumber.
enum class BalanceKind : int { ib = 0, ub = 1, res = 2, oib = 3, oub = 4 };
const char* balance_kind_label(BalanceKind kind) noexcept;  // "#IB", ...

// #IB/#UB/#RES (no object) and #OIB/#OUB (one object).
struct Balance {
    BalanceKind kind = BalanceKind::ib;
    int year = 0;  // #RAR index
    std::string account;
    std::vector<ObjectRef> objects;
    Decimal amount;                   // SIE sign: debit positive
    std::optional<Decimal> quantity;  // kvantitet, when given
};

// Numbering fixed for the C ABI; never renumber.
enum class PeriodKind : int {
    psaldo = 0,   // #PSALDO: the period's change of the balance (outcome)
    pbudget = 1,  // #PBUDGET: the period's budget
    trans = 2,    // the sum of the #TRANS of the period (a File's transaction sums)
};

// #PSALDO / #PBUDGET, and the per-period sums of #TRANS.
struct PeriodAmount {
    PeriodKind kind = PeriodKind::psaldo;
    int year = 0;    // #RAR index; for trans sums the year whose #RAR holds the date
    int period = 0;  // YYYYMM
    std::string account;
    std::vector<ObjectRef> objects;  // sorted by dimension; empty: the account's total
    Decimal amount;                  // SIE sign: debit positive
    std::optional<Decimal> quantity;
    std::uint64_t count = 1;  // the number of #TRANS summed (1 for #PSALDO / #PBUDGET)
};

struct LabelCount {
    std::string label;
    std::uint64_t count = 0;
};

struct ReadOptions {
    EncodingChoice encoding = EncodingChoice::automatic;
    // Diagnostics kept (the rest are counted in File::diagnostics_dropped), so
    // that a file with a million bad lines still reads in bounded memory.
    std::size_t max_diagnostics = 1000;
    std::function<void(std::uint64_t bytes)> progress;
};

class File {
  public:
    // Identification (#FLAGGA, #PROGRAM, #FORMAT, #SIETYP, #FNAMN, #ORGNR, ...).
    int flag = 0;         // #FLAGGA
    std::string program;  // #PROGRAM name
    std::string program_version;
    std::string format;         // #FORMAT as written ("PC8")
    int sie_type = 0;           // #SIETYP 1..4 (0 when missing: a diagnostic says so)
    std::string generated;      // #GEN date YYYYMMDD
    std::string company;        // #FNAMN
    std::string org_number;     // #ORGNR
    std::string chart_type;     // #KPTYP ("BAS2014", "KOMMUN", ...)
    std::string currency;       // #VALUTA (SEK when missing)
    std::string taxonomy_date;  // #OMFATTN YYYYMMDD

    std::vector<FiscalYear> years;           // #RAR, as written
    std::vector<Account> accounts;           // #KONTO (+ #KTYP), file order
    std::vector<Dimension> dimensions;       // #DIM / #UNDERDIM
    std::vector<Object> objects;             // #OBJEKT
    std::vector<Balance> balances;           // #IB #UB #RES #OIB #OUB
    std::vector<PeriodAmount> periods;       // #PSALDO and #PBUDGET, file order
    std::vector<PeriodAmount> transactions;  // #TRANS summed per year, period, account, objects
    std::uint64_t verification_count = 0;    // #VER
    std::uint64_t transaction_count = 0;     // #TRANS read (summed into `transactions`)
    // #TRANS dated outside every #RAR year: not summed (a diagnostic says so).
    std::uint64_t transactions_outside_years = 0;

    std::vector<LabelCount> unknown_labels;  // labels skipped, with how often
    std::vector<Diagnostic> diagnostics;
    std::uint64_t diagnostics_dropped = 0;  // beyond ReadOptions::max_diagnostics
    std::uint64_t error_count = 0;          // diagnostics of Severity::error, dropped or not
    StreamSummary summary;  // encoding, #KSUMMA, bytes, lines (its findings are in `diagnostics`)

    // True when no diagnostic has Severity::error (none dropped either).
    bool complete() const noexcept;
    // The #RAR year with `index`, or nullptr.
    const FiscalYear* year(int index) const noexcept;
    // The account's entry, or nullptr.
    const Account* account(std::string_view number) const noexcept;
    // The object's name, or nullptr.
    const Object* object(int dimension, std::string_view id) const noexcept;
};

// Reads a whole file. Throws SieError as stream(); structural findings become
// File::diagnostics (see the header comment).
File read(std::istream& in, const ReadOptions& options = {});
File read_bytes(std::string_view bytes, const ReadOptions& options = {});
File read_file(const std::string& path, const ReadOptions& options = {});

// --- layer 3: the follow-up ledger ---------------------------------------------------------

// The default kind of an account of a chart, by its first digit.
// BAS (BAS-kontoplanen) and Kommun-Bas (SKR's chart for municipalities) agree
// on the classes the follow-up uses: 3 intäkter (revenue), 4–7 kostnader
// (cost); 1–2 are balance accounts and 8 finansiella poster, excluded by
// default (docs/sie.md says why and how to include them).
enum class Chart : int { bas = 0, kommun_bas = 1 };

// What an account range maps to. Numbering fixed for the C ABI.
enum class AccountUse : int { revenue = 0, cost = 1, exclude = 2 };

// Accounts first..last (numerically, both inclusive, same number of digits
// not required) map to `use`; with `row_id`, they are summed into one row of
// that id and name (instead of a row per account).
struct AccountRule {
    std::string first;
    std::string last;
    AccountUse use = AccountUse::cost;
    std::string row_id;
    std::string row_name;
};

// Where the monthly outcome comes from.
enum class OutcomeSource : int {
    automatic = 0,  // #PSALDO when the year has any, else the #TRANS sums
    psaldo = 1,
    transactions = 2,
};

struct MappingOptions {
    // Rows per object of this dimension (1 kostnadsställe/ansvar, 6 projekt,
    // or a verksamhet dimension the file declares with #DIM); 0: no dimension,
    // the accounts are the rows under the root. Amounts without an object of
    // the dimension go to a row "(utan objekt)".
    int dimension = 0;
    Chart chart = Chart::kommun_bas;
    // Checked first, first match wins; accounts no rule matches take the
    // chart's default.
    std::vector<AccountRule> rules;
    // Only these accounts at all (empty: every account); an account outside
    // is excluded whatever the rules say.
    std::vector<std::pair<std::string, std::string>> ranges;
    int year = 0;  // the #RAR index of the follow-up year; -1 must be in the file for prior outcome
    OutcomeSource outcome = OutcomeSource::automatic;
    // A File with error diagnostics is refused (Error(invalid)) unless true.
    bool accept_incomplete = false;
    std::string root_id = "SIE";
    std::string root_name;  // empty: the company name (#FNAMN)
};

// One row of the mapped ledger (the natural sign of followup.hpp).
struct MappedRow {
    std::string id;
    std::string name;
    RowKind kind = RowKind::cost;
    std::string parent;
    MonthlyAmounts budget{};         // from #PBUDGET of the year
    MonthlyAmounts outcome{};        // from #PSALDO or #TRANS of the year
    MonthlyAmounts prior_outcome{};  // the same of the year before (#RAR -1)
    bool has_budget = false;
    bool has_outcome = false;
    bool has_prior_outcome = false;
};

struct MappedLedger {
    std::vector<MappedRow> rows;  // parents before children; the root first
    int last_outcome_month = 0;   // 1..12, the last month of the year with an outcome (0: none)
    OutcomeSource outcome_source = OutcomeSource::psaldo;  // what was used
    FiscalYear year;                                       // the follow-up year
    bool has_prior_year = false;
    std::vector<std::string> notes;  // what was excluded, what came from where
};

// The rows and their monthly series. The root is a net row; under it one net
// row per object of the dimension (when one is chosen) with the accounts as
// revenue/cost rows under those, or the accounts directly. A net row's
// kommunbidrag is its accounts' net budget (cost − revenue) when the year has
// #PBUDGET. Months count from the first month of the fiscal year (#RAR), so a
// fiscal year that is not the calendar year still gives months 1..12; a
// fiscal year longer than 12 months is Error(invalid). Throws Error(invalid)
// for a year not in the file, an incomplete File (see accept_incomplete), a
// dimension the file neither declares nor uses.
MappedLedger map_ledger(const File& file, const MappingOptions& options);

// map_ledger() as a followup.hpp Ledger.
Ledger to_ledger(const File& file, const MappingOptions& options);
// The Ledger of rows mapped already (what map_ledger() found is kept).
Ledger to_ledger(const MappedLedger& mapped);

// The chart's default use of an account (by its first digit).
AccountUse default_use(Chart chart, std::string_view account) noexcept;

// Parses a mapping file (docs/sie.md): UTF-8 text, one rule per line,
//   first;last;use[;row id[;row name]]
// with use intäkt|revenue, kostnad|cost or exkludera|exclude, '#' comments
// and blank lines ignored. Throws SieError(parse) naming the line and column.
std::vector<AccountRule> parse_mapping(std::string_view text);

// --- writing a budget -------------------------------------------------------------------------

// One #PBUDGET line: the amount in SIE sign (a cost positive, a revenue
// negative; budget_lines() converts from the natural sign).
struct BudgetLine {
    std::string account;
    std::vector<ObjectRef> objects;  // empty: the account's total
    int period = 0;                  // YYYYMM
    Decimal amount;
    std::optional<Decimal> quantity;
};

struct BudgetFileHeader {
    std::string program = "kalkyl";
    std::string program_version;
    std::string generated;   // #GEN YYYYMMDD (required: the file must not depend on the clock)
    std::string company;     // #FNAMN (required)
    std::string org_number;  // #ORGNR (optional)
    FiscalYear year;         // #RAR 0 start end (required)
    std::vector<Account> accounts;      // #KONTO lines to write (optional)
    std::vector<Dimension> dimensions;  // #DIM lines (for the objects used)
    std::vector<Object> objects;        // #OBJEKT lines
    bool checksum = true;               // write #KSUMMA
};

// The twelve monthly budgets of an account (and objects) of `kind` (natural
// sign) as #PBUDGET lines of the fiscal year starting at `first_period`
// (YYYYMM): a revenue's sign is turned for SIE. Months with a zero budget are
// written too (an import then replaces every month).
std::vector<BudgetLine> budget_lines(std::string_view account, std::span<const ObjectRef> objects,
                                     int first_period, RowKind kind, const MonthlyAmounts& monthly);

// Writes #FLAGGA 0, #PROGRAM, #FORMAT PC8, #GEN, #SIETYP (2, or 3 when some
// line has objects), #FNAMN, #ORGNR, #RAR 0, the #DIM/#OBJEKT/#KONTO given,
// and one #PBUDGET per line, in CP437, lines ending CR LF, with #KSUMMA when
// header.checksum. Text that CP437 cannot hold is Error(invalid) naming it;
// a period outside the fiscal year is Error(invalid). Nothing is written to
// `out` unless everything is valid.
void write_budget(std::ostream& out, const BudgetFileHeader& header,
                  std::span<const BudgetLine> lines);

// UTF-8 text to CP437 bytes; false (and `bad` the byte offset) for a
// character CP437 does not have.
bool utf8_to_cp437(std::string_view utf8, std::string& out, std::size_t& bad);
// CP437 bytes to UTF-8 (every byte has a character).
void cp437_to_utf8(std::string_view cp437, std::string& out);

}  // namespace kalkyl::sie
