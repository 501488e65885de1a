// kalkyl: the command line. `kalkyl report` turns a follow-up ledger into the
// economic section of a delårsrapport (tables and a fan chart); `kalkyl
// check` checks a published table against its declared relations; `kalkyl
// sie-budget` writes a periodised budget as an SIE 4 file of #PBUDGET records.
//
// Exit status: 0 done (check: no error findings); 1 a data error in an input
// file (reported as file:line:column), for check a finding of severity
// error; 2 a usage error (unknown option, bad value, month outside 1..12), an
// input that cannot be read or an output that cannot be written. Output
// files are written to a temporary name in the same directory and renamed
// into place only when every output is complete.

#include <unistd.h>

#include <sys/stat.h>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "kalkyl/error.hpp"
#include "platform/console.hpp"
#include "platform/output_file.hpp"
#include "report/check_table.hpp"
#include "report/input.hpp"
#include "report/report.hpp"
#include "report/sie_budget.hpp"
#include "report/sie_input.hpp"

#ifndef KALKYL_EXAMPLES_DATA
#define KALKYL_EXAMPLES_DATA "examples/data"
#endif
#ifndef KALKYL_VERSION_STRING
#define KALKYL_VERSION_STRING "?"
#endif

namespace {

using namespace kalkyl::report;

constexpr int exit_data = 1;
constexpr int exit_usage = 2;

const char* const main_help =
    R"(kalkyl: exact budget follow-up for Swedish municipal social services

Usage:
  kalkyl report [OPTIONS] [LEDGER.csv|LEDGER.json|EXPORT.se]
  kalkyl check  [OPTIONS] TABLE.csv
  kalkyl sie-budget --company NAME --year YYYY --generated YYYYMMDD [OPTIONS] BUDGET.csv
  kalkyl --help | --version
  kalkyl COMMAND --help        every option of a command, with examples

Commands:
  report   a ledger (budget, outcome and forecast per row and month) to the
           report's tables (result, driftredovisning, prognososäkerhet,
           nyckeltal) and, with --chart, an SVG fan chart of the year
  check    a published table and the relations between its figures to
           findings: ok, rounding (explained by the printed precision) or error
  sie-budget
           an annual budget per account (and ansvar, projekt) periodised into
           months, as an SIE 4 file of #PBUDGET records (CP437) for the
           accounting system to import

Exit status: 0 ok; 1 a data error (file:line:column), a check finding of
severity error, or a report warning under --strict; 2 a usage error, an unreadable input or an unwritable output.
Formats: docs/ledger-format.md; SIE 4 files: docs/sie.md.
)";

const char* const report_help =
    R"(kalkyl report: the follow-up report's tables and chart from a ledger

Usage: kalkyl report [OPTIONS] [LEDGER]

LEDGER is a semicolon-separated CSV (decimal comma; UTF-8 with or without
BOM, or Windows-1252) or a .json file, as docs/ledger-format.md describes,
or an SIE 4 export of an accounting system (.se/.si/.sie, or any file that
starts with #FLAGGA; docs/sie.md); "-" reads standard input. Without LEDGER
the bundled sample is used: examples/data/uppsala_2024_08.csv (Uppsala
socialnämnd, delårsbokslut augusti 2024).

Options:
  --format FMT      text (default: aligned columns for a terminal), markdown,
                    csv (semicolon, decimal comma) or json
  --unit UNIT       kr, tkr or mnkr (default mnkr)
  --decimals N      digits after the decimal mark, 0..6 (default 0); the
                    printed tables foot: rows add up to the printed totals
  --month M         the report month 1..12: figures January..M (default: the
                    last month with an outcome in the ledger)
  --lang LANG       sv (default) or en headings; en also prints numbers in
                    the C style (1,234.5)
  --chart FILE.svg  also draw the year: cumulative budget and outcome to date
                    and the full-year forecast with its band (a fan chart)
  --output FILE     write the report to FILE instead of standard output
  --encoding ENC    auto (default: UTF-8 unless the bytes are not UTF-8,
                    then Windows-1252), utf-8 or windows-1252
  --sum-lines       lines with the same id and month add up (an ERP's
                    transaction export); by default that is an error
  --strict          exit with status 1 when the report has a warning (the
                    report is still written); warnings are printed in the
                    report and on standard error either way
  --progress        always show the progress line on standard error (by
                    default only when it is a terminal and the input large)
  -h, --help        this text

SIE 4 input (docs/sie.md):
  --sie             read LEDGER (or standard input) as SIE whatever its name
  --dimension DIM   rows per object of a dimension: a number (1 ansvar/
                    kostnadsställe, 6 projekt) or the name the file's #DIM
                    gives it (ansvar, verksamhet, projekt); default: none,
                    the accounts are the rows
  --accounts LIST   only these accounts, e.g. 3000-7999 or 3000-3999,5000-5999
  --mapping FILE    account ranges to revenue, cost or excluded, and to
                    grouped rows (first;last;use[;row id[;row name]])
  --chart-of-accounts kommun-bas|bas
                    the default classes (both: 3 intäkter, 4-7 kostnader;
                    1-2 and 8 excluded); default kommun-bas
  --year N          the #RAR year of the follow-up, 0 (default) or -1, ...;
                    last year's outcome comes from the year before it
  --outcome SRC     auto (default: #PSALDO when the year has it, else the
                    summed #TRANS), psaldo or trans
  --accept-errors   use a file with error findings (an unbalanced
                    verification, a #KSUMMA that does not match); they are
                    printed as warnings
  --encoding ENC    for SIE also cp437 (PC8, what SIE prescribes); auto
                    detects a file that is Windows-1252 or UTF-8 instead and
                    warns

Examples:
  kalkyl report examples/data/uppsala_2024_08.csv --chart uppsala_2024_08.svg
  kalkyl report ledger.csv --unit tkr --month 8 --format markdown --output rapport.md
  kalkyl report export.csv --encoding windows-1252 --sum-lines --format json
  kalkyl report bokslut.se --dimension ansvar --mapping konton.txt --unit tkr
)";

const char* const check_help = R"(kalkyl check: consistency findings for a published table

Usage: kalkyl check [OPTIONS] TABLE.csv

TABLE.csv holds the figures as printed (a header row naming the columns, one
row per line) and lines that declare the relations the figures should
satisfy (docs/ledger-format.md, "Published tables"):
  !summa;ROW              the rows above (since the last !summa) add up to ROW
  !differens;A;B;C        column A − column B = column C in every row
  !kvot;A;B;C;K           K · A / B = C in every row (K = 100 for percent)
  !andelar;A;WHOLE        the rows' column A add up to WHOLE (100)
  !spann_min;P;D;MIN      MIN = P − D (prognosspann min)
  !spann_max;P;U;MAX      MAX = P + U (prognosspann max)
  !exakt;A                column A holds counts, exact as printed
  ...;@ROW|ROW            (a last field) restricts a row-wise relation to those rows
Each finding is ok, rounding (the printed precision explains it) or error.

Options:
  --format FMT     text (default), markdown, csv or json
  --lang LANG      sv (default) or en
  --encoding ENC   auto (default), utf-8 or windows-1252
  --output FILE    write the findings to FILE
  -h, --help       this text

Exit status: 0 no finding is an error; 1 some finding is an error, or the
file is malformed (file:line:column); 2 a usage error or an unreadable file.

Example:
  kalkyl check examples/data/uppsala_2024_08_tabell.csv
)";

const char* const sie_budget_help =
    R"(kalkyl sie-budget: a periodised budget as an SIE 4 file of #PBUDGET records

Usage: kalkyl sie-budget BUDGET.csv --company NAME --year YYYY --generated YYYYMMDD
                         [OPTIONS]

BUDGET.csv is a semicolon-separated CSV as a Swedish spreadsheet saves it
(decimal comma; UTF-8 with or without BOM, or Windows-1252); "-" reads
standard input. A header row names the columns (any letter case):
  konto          the account (required)
  belopp         the annual budget (required), revenue and cost both positive
  typ            intäkt or kostnad (revenue, cost); empty: by the account's
                 class (3 intäkt, 4-7 kostnad; 1, 2 and 8 need a typ)
  ansvar, projekt, dim1, dim6, ...
                 the row's object of that dimension (ansvar = 1, projekt = 6)
  ansvar_namn, projekt_namn, dim1_namn, ...
                 the object's name (#OBJEKT), kontonamn the account's (#KONTO)
  profil         twelve weights separated by '/' (1/1/1/1/1/1/0,5/1/1/1/1/1):
                 how the year is spread over its months (default: evenly)
Each row's belopp is split into twelve months that add up to it exactly; the
budget through any month is the share of the year rounded half up. For each
account the file holds its total and its budget per object (one object a
record). A revenue is written negative, as SIE signs it.

Options:
  --company NAME    the organisation's name (#FNAMN; required)
  --year YYYY       the year the fiscal year starts in (#RAR 0; required)
  --generated DATE  the file's date, YYYYMMDD (#GEN; required)
  --fiscal-start MM the fiscal year's first month (default 01: January)
  --org-number NR   the organisation number (#ORGNR)
  --decimals N      the months' decimals, 0..2 (default 0: whole kronor)
  --profile W       weights for the rows without a profil, twelve separated
                    by ';' or '/' ("1;1;1;1;1;1;0,5;1;1;1;1;1"), the first
                    month of the fiscal year first
  --no-checksum     leave out #KSUMMA
  --encoding ENC    of BUDGET.csv: auto (default), utf-8 or windows-1252
  --output FILE     write the SIE file to FILE instead of standard output
  -h, --help        this text

Exit status: 0 written; 1 a data error in BUDGET.csv (file:line:column); 2 a
usage error or an unreadable file. Nothing is written on an error.

Example:
  kalkyl sie-budget budget.csv --company "Socialnämnden" --year 2025 \
      --generated 20241120 --profile "1;1;1;1;1;1;0,5;1;1;1;1;1" --output budget.se
)";

struct UsageError {
    std::string message;
};

struct Options {
    Format format = Format::text;
    bool format_given = false;  // else --output's extension chooses
    kalkyl::Unit unit = kalkyl::Unit::mnkr;
    int decimals = 0;
    int month = 0;
    Lang lang = Lang::sv;
    std::string chart;
    std::string output;
    Encoding encoding = Encoding::automatic;
    bool sum_lines = false;
    bool progress = false;
    bool strict = false;  // any warning is exit status 1 (the report is still written)
    bool help = false;
    std::vector<std::string> files;
    // SIE 4 input (docs/sie.md).
    bool sie = false;
    bool cp437 = false;  // --encoding cp437: SIE only
    SieReportOptions sie_options;
};

int parse_int(const std::string& option, const std::string& v, int lo, int hi) {
    char* end = nullptr;
    errno = 0;
    const long x = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || errno != 0 || x < lo || x > hi)
        throw UsageError{option + " " + v + ": expected a whole number " + std::to_string(lo) +
                         ".." + std::to_string(hi)};
    return static_cast<int>(x);
}

// An output option's file name; an empty one (--output '', --output=) would
// otherwise mean standard output or an error far from its cause.
std::string output_name(const std::string& option, std::string name) {
    if (name.empty()) throw UsageError{option + " needs a file name, not an empty one"};
    return name;
}

// The format an output file's name asks for when --format does not say:
// .md, .json, .csv, .txt (any letter case); any other name gets text.
Format format_of_output(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    const std::size_t dot = path.rfind('.');
    if (dot == std::string::npos || (slash != std::string::npos && dot < slash))
        return Format::text;
    std::string ext = path.substr(dot + 1);
    for (char& c : ext)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (ext == "md" || ext == "markdown") return Format::markdown;
    if (ext == "json") return Format::json;
    if (ext == "csv") return Format::csv;
    if (ext == "html" || ext == "htm" || ext == "xlsx")
        throw UsageError{"--output " + path + ": kalkyl does not write ." + ext +
                         " yet; name the file .txt, .md, .csv or .json, or give --format"};
    return Format::text;
}

// Walks a command's arguments: "--name=value" and "--name value" both give a
// value; value() takes the next argument when the '=' form was not used.
class OptionWalker {
  public:
    explicit OptionWalker(const std::vector<std::string>& args) : args_(args) {}

    bool next() {
        if (++i_ >= args_.size()) return false;
        const std::string& a = args_[i_];
        const std::size_t eq = a.find('=');
        has_value_ = a.rfind("--", 0) == 0 && eq != std::string::npos;
        name_ = has_value_ ? a.substr(0, eq) : a;
        value_ = has_value_ ? a.substr(eq + 1) : std::string();
        return true;
    }
    const std::string& arg() const { return args_[i_]; }  // as given
    const std::string& name() const { return name_; }     // without "=value"
    bool has_value() const { return has_value_; }
    std::string value() {
        if (has_value_) return value_;
        if (i_ + 1 >= args_.size()) throw UsageError{name_ + " needs a value"};
        return args_[++i_];
    }

  private:
    const std::vector<std::string>& args_;
    std::size_t i_ = static_cast<std::size_t>(-1);
    std::string name_;
    std::string value_;
    bool has_value_ = false;
};

Options parse_options(const std::vector<std::string>& args, bool report) {
    Options o;
    for (OptionWalker w(args); w.next();) {
        const std::string& a = w.name();
        const bool has_value = w.has_value();
        auto take = [&w] { return w.value(); };
        if (a == "-h" || a == "--help") {
            o.help = true;
        } else if (a == "--format") {
            const std::string v = take();
            o.format_given = true;
            if (v == "text")
                o.format = Format::text;
            else if (v == "markdown" || v == "md")
                o.format = Format::markdown;
            else if (v == "csv")
                o.format = Format::csv;
            else if (v == "json")
                o.format = Format::json;
            else
                throw UsageError{"--format " + v + ": expected text, markdown, csv or json"};
        } else if (a == "--lang") {
            const std::string v = take();
            if (v == "sv")
                o.lang = Lang::sv;
            else if (v == "en")
                o.lang = Lang::en;
            else
                throw UsageError{"--lang " + v + ": expected sv or en"};
        } else if (a == "--encoding") {
            const std::string v = take();
            if (v == "auto")
                o.encoding = Encoding::automatic;
            else if (v == "utf-8" || v == "utf8" || v == "UTF-8")
                o.encoding = Encoding::utf8;
            else if (v == "windows-1252" || v == "cp1252" || v == "latin1")
                o.encoding = Encoding::windows1252;
            else if (report && (v == "cp437" || v == "pc8" || v == "PC8"))
                o.cp437 = true;
            else
                throw UsageError{"--encoding " + v + ": expected auto, utf-8 or windows-1252" +
                                 std::string(report ? " (or cp437 for SIE)" : "")};
        } else if (a == "--output" || a == "-o") {
            o.output = output_name(a, take());
        } else if (report && a == "--unit") {
            const std::string v = take();
            if (v == "kr")
                o.unit = kalkyl::Unit::kr;
            else if (v == "tkr")
                o.unit = kalkyl::Unit::tkr;
            else if (v == "mnkr" || v == "mkr")
                o.unit = kalkyl::Unit::mnkr;
            else
                throw UsageError{"--unit " + v + ": expected kr, tkr or mnkr"};
        } else if (report && a == "--decimals") {
            o.decimals = parse_int(a, take(), 0, 6);
        } else if (report && a == "--month") {
            const std::string v = take();
            o.month = parse_int(a, v, 1, 12);
        } else if (report && a == "--chart") {
            o.chart = output_name(a, take());
        } else if (report && a == "--sum-lines" && !has_value) {
            o.sum_lines = true;
        } else if (report && a == "--strict" && !has_value) {
            o.strict = true;
        } else if (report && a == "--progress" && !has_value) {
            o.progress = true;
        } else if (report && a == "--sie" && !has_value) {
            o.sie = true;
        } else if (report && a == "--dimension") {
            o.sie_options.dimension = take();
            if (o.sie_options.dimension.empty()) throw UsageError{"--dimension needs a value"};
        } else if (report && a == "--accounts") {
            const std::string v = take();
            try {
                o.sie_options.accounts = parse_account_ranges(v);
            } catch (const std::invalid_argument& e) {
                throw UsageError{"--accounts " + v + ": " + e.what()};
            }
        } else if (report && a == "--mapping") {
            o.sie_options.mapping_file = take();
        } else if (report && a == "--chart-of-accounts") {
            const std::string v = take();
            if (v == "kommun-bas" || v == "kommunbas")
                o.sie_options.chart = kalkyl::sie::Chart::kommun_bas;
            else if (v == "bas" || v == "BAS")
                o.sie_options.chart = kalkyl::sie::Chart::bas;
            else
                throw UsageError{"--chart-of-accounts " + v + ": expected kommun-bas or bas"};
        } else if (report && a == "--year") {
            o.sie_options.year = parse_int(a, take(), -9, 0);
        } else if (report && a == "--outcome") {
            const std::string v = take();
            if (v == "auto")
                o.sie_options.outcome = kalkyl::sie::OutcomeSource::automatic;
            else if (v == "psaldo")
                o.sie_options.outcome = kalkyl::sie::OutcomeSource::psaldo;
            else if (v == "trans" || v == "transactions")
                o.sie_options.outcome = kalkyl::sie::OutcomeSource::transactions;
            else
                throw UsageError{"--outcome " + v + ": expected auto, psaldo or trans"};
        } else if (report && a == "--accept-errors" && !has_value) {
            o.sie_options.accept_errors = true;
        } else if (a.size() > 1 && a[0] == '-' && a != "-") {
            throw UsageError{"unknown option " + w.arg()};
        } else {
            o.files.push_back(w.arg());
        }
    }
    if (!o.format_given && !o.output.empty()) o.format = format_of_output(o.output);
    return o;
}

// The outputs of one run, all written or none (platform/output_file.hpp): the
// report or findings to `output` (standard output when empty) and the chart;
// none of them may be one of `inputs`.
void write_outputs(const std::vector<std::string>& inputs, const std::string& output,
                   std::string text, const std::string& chart = {}, std::string svg = {}) {
    kalkyl::platform::OutputSet outputs;
    for (const std::string& in : inputs)
        outputs.protect_input(in);
    if (!chart.empty()) outputs.add_file("--chart", chart, std::move(svg));
    if (output.empty())
        outputs.add_standard_output(std::move(text));
    else
        outputs.add_file("--output", output, std::move(text));
    outputs.commit();
}

int run_report(const std::vector<std::string>& args) {
    const Options o = parse_options(args, true);
    if (o.help) {
        kalkyl::platform::write_standard_output(report_help);
        return 0;
    }
    if (o.files.size() > 1) throw UsageError{"report takes one ledger file"};
    const std::string path =
        o.files.empty() ? KALKYL_EXAMPLES_DATA "/uppsala_2024_08.csv" : o.files[0];
    ReadOptions ro;
    ro.encoding = o.encoding;
    ro.sum_lines = o.sum_lines;
    struct stat st {};
    const bool known_size = path != "-" && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
    if (path != "-" && ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
        throw UnreadableInput("cannot read " + path + ": it is a directory");
    const bool show = o.progress || (::isatty(STDERR_FILENO) && known_size &&
                                     st.st_size > (std::int64_t{64} << 20));
    const auto t0 = std::chrono::steady_clock::now();
    if (show) {
        const double size = known_size ? static_cast<double>(st.st_size) : 0.0;
        ro.progress = [size, t0](std::uint64_t done) {
            const double s =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            const double mb = static_cast<double>(done) / 1e6;
            if (size > 0)
                std::fprintf(stderr, "\rkalkyl: %.0f av %.0f MB (%.0f %%), %.0f MB/s ", mb,
                             size / 1e6, 100.0 * static_cast<double>(done) / size,
                             s > 0 ? mb / s : 0.0);
            else
                std::fprintf(stderr, "\rkalkyl: %.0f MB, %.0f MB/s ", mb, s > 0 ? mb / s : 0.0);
            std::fflush(stderr);
        };
    }
    const bool is_sie = o.sie || looks_like_sie(path);
    if (o.cp437 && !is_sie) throw UsageError{"--encoding cp437 is for SIE files"};
    LedgerInput input;
    std::size_t sie_warnings = 0;  // the SIE reader's, printed as they come
    if (is_sie) {
        SieReportOptions so = o.sie_options;
        so.encoding = o.cp437                        ? kalkyl::sie::EncodingChoice::cp437
                      : o.encoding == Encoding::utf8 ? kalkyl::sie::EncodingChoice::utf8
                      : o.encoding == Encoding::windows1252
                          ? kalkyl::sie::EncodingChoice::windows1252
                          : kalkyl::sie::EncodingChoice::automatic;
        so.progress = ro.progress;
        SieLedger sl = read_sie_ledger(path, so);
        for (const auto& w : sl.warnings)
            kalkyl::platform::print_message(w);
        sie_warnings = sl.warnings.size();
        input = std::move(sl.input);
    } else {
        if (o.sie_options.dimension.size() || o.sie_options.mapping_file.size() ||
            !o.sie_options.accounts.empty() || o.sie_options.accept_errors)
            throw UsageError{
                "--dimension, --accounts, --mapping and --accept-errors are for SIE files"};
        input = read_ledger(path, ro);
    }
    if (show)
        std::fprintf(stderr, "\rkalkyl: %llu rader lästa%20s\n",
                     static_cast<unsigned long long>(input.lines), "");
    int month = o.month;
    if (month == 0) month = input.last_outcome_month ? input.last_outcome_month : 12;
    const Report rep = compute_report(input, kalkyl::Month(month));
    RenderOptions rop;
    rop.format = o.format;
    rop.unit = o.unit;
    rop.decimals = o.decimals;
    rop.lang = o.lang;
    // Everything is computed before anything is written.
    const std::string text = render(rep, rop);
    const std::string svg = o.chart.empty() ? std::string() : render_svg(rep, rop);
    std::vector<std::string> inputs{path};
    if (!o.sie_options.mapping_file.empty()) inputs.push_back(o.sie_options.mapping_file);
    write_outputs(inputs, o.output, text, o.chart, svg);
    for (const auto& w : rep.warnings)
        kalkyl::platform::print_message(
            std::string(o.lang == Lang::sv ? "varning: " : "warning: ") + warning_text(w, o.lang));
    return o.strict && (!rep.warnings.empty() || sie_warnings > 0) ? exit_data : 0;
}

int run_check(const std::vector<std::string>& args) {
    const Options o = parse_options(args, false);
    if (o.help) {
        kalkyl::platform::write_standard_output(check_help);
        return 0;
    }
    if (o.files.size() != 1) throw UsageError{"check takes one table file"};
    const CheckedTable t = check_table(o.files[0], o.encoding);
    write_outputs(o.files, o.output, render_findings(t, o.format, o.lang));
    return worst(t) == kalkyl::Severity::error ? 1 : 0;
}

int run_sie_budget(const std::vector<std::string>& args) {
    SieBudgetOptions so;
    so.program_version = KALKYL_VERSION_STRING;
    std::string output;
    std::vector<std::string> files;
    bool have_year = false;
    for (OptionWalker w(args); w.next();) {
        const std::string& a = w.name();
        const bool has_value = w.has_value();
        auto take = [&w] { return w.value(); };
        if ((a == "-h" || a == "--help") && !has_value) {
            kalkyl::platform::write_standard_output(sie_budget_help);
            return 0;
        } else if (a == "--company") {
            so.company = take();
            std::string cp437;
            std::size_t bad = 0;
            if (so.company.empty()) throw UsageError{"--company needs a name"};
            if (!kalkyl::sie::utf8_to_cp437(so.company, cp437, bad))
                throw UsageError{"--company " + so.company +
                                 ": a character that SIE's character set (CP437) cannot hold"};
        } else if (a == "--org-number") {
            so.org_number = take();
            std::string cp437;
            std::size_t bad = 0;
            if (!kalkyl::sie::utf8_to_cp437(so.org_number, cp437, bad))
                throw UsageError{"--org-number " + so.org_number +
                                 ": a character that SIE's character set (CP437) cannot hold"};
        } else if (a == "--year") {
            so.year = parse_int(a, take(), 1000, 9998);
            have_year = true;
        } else if (a == "--fiscal-start") {
            so.fiscal_start = parse_int(a, take(), 1, 12);
        } else if (a == "--generated") {
            so.generated = take();
            if (so.generated.size() != 8 ||
                so.generated.find_first_not_of("0123456789") != std::string::npos ||
                !valid_date(std::stoi(so.generated)))
                throw UsageError{"--generated " + so.generated + ": expected a date YYYYMMDD"};
        } else if (a == "--decimals") {
            so.decimals = parse_int(a, take(), 0, 2);
        } else if (a == "--profile") {
            const std::string v = take();
            std::size_t pos = 0;
            try {
                so.profile = parse_profile(v, v.find('/') != std::string::npos ? '/' : ';', pos);
            } catch (const std::invalid_argument& e) {
                throw UsageError{"--profile " + v + ": " + e.what()};
            }
        } else if (a == "--no-checksum" && !has_value) {
            so.checksum = false;
        } else if (a == "--encoding") {
            const std::string v = take();
            if (v == "auto")
                so.encoding = Encoding::automatic;
            else if (v == "utf-8" || v == "utf8" || v == "UTF-8")
                so.encoding = Encoding::utf8;
            else if (v == "windows-1252" || v == "cp1252" || v == "latin1")
                so.encoding = Encoding::windows1252;
            else
                throw UsageError{"--encoding " + v + ": expected auto, utf-8 or windows-1252"};
        } else if (a == "--output" || a == "-o") {
            output = output_name(a, take());
        } else if (a.size() > 1 && a[0] == '-' && a != "-") {
            throw UsageError{"unknown option " + w.arg() + " (kalkyl sie-budget --help)"};
        } else {
            files.push_back(w.arg());
        }
    }
    if (files.size() != 1) throw UsageError{"sie-budget takes one budget file"};
    if (so.company.empty()) throw UsageError{"sie-budget needs --company NAME (#FNAMN)"};
    if (!have_year) throw UsageError{"sie-budget needs --year YYYY (the fiscal year, #RAR 0)"};
    if (so.generated.empty())
        throw UsageError{"sie-budget needs --generated YYYYMMDD (the file's date, #GEN)"};
    // Everything is computed before anything is written.
    const std::string bytes = sie_budget(files[0], so);
    write_outputs(files, output, bytes);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    kalkyl::platform::prepare_process_for_output();
    try {
        if (args.empty()) {
            std::fputs(main_help, stderr);
            return exit_usage;
        }
        const std::string command = args[0];
        args.erase(args.begin());
        if (command == "-h" || command == "--help" || command == "help") {
            kalkyl::platform::write_standard_output(main_help);
            return 0;
        }
        if (command == "--version") {
            kalkyl::platform::write_standard_output("kalkyl " KALKYL_VERSION_STRING "\n");
            return 0;
        }
        if (command == "report") return run_report(args);
        if (command == "check") return run_check(args);
        if (command == "sie-budget") return run_sie_budget(args);
        throw UsageError{"unknown command " + command +
                         " (report, check or sie-budget; kalkyl --help)"};
    } catch (const UsageError& e) {
        kalkyl::platform::print_message(e.message);
        return exit_usage;
    } catch (const kalkyl::platform::OutputError& e) {
        kalkyl::platform::print_message(e.what());
        return exit_usage;
    } catch (const UnreadableInput& e) {
        kalkyl::platform::print_message(e.what());
        return exit_usage;
    } catch (const InputError& e) {
        kalkyl::platform::print_message(e.what());
        return exit_data;
    } catch (const kalkyl::Error& e) {
        kalkyl::platform::print_message(e.what());
        return exit_data;
    } catch (const std::exception& e) {
        kalkyl::platform::print_message(e.what());
        return exit_data;
    }
}
