// `kalkyl report` on an SIE 4 file (src/report/sie_input.hpp).

#include "report/sie_input.hpp"

#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>

namespace kalkyl::report {

namespace {

namespace sie = kalkyl::sie;

std::string lower_ascii(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    // The Swedish capitals in UTF-8: Å Ä Ö -> å ä ö (C3 85/84/96 -> C3 A5/A4/B6).
    for (std::size_t i = 0; i + 1 < s.size(); ++i)
        if (s[i] == '\xC3' && (s[i + 1] == '\x85' || s[i + 1] == '\x84' || s[i + 1] == '\x96'))
            s[i + 1] = static_cast<char>(s[i + 1] + 0x20);
    return s;
}

bool all_digits(const std::string& s) {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string::npos;
}

// The dimension asked for: a number, a name the file's #DIM gives, or one of
// SIE's reserved dimensions by its usual name.
int resolve_dimension(const std::string& path, const sie::File& f, const std::string& asked) {
    if (asked.empty()) return 0;
    if (all_digits(asked) && asked.size() <= 6) return std::stoi(asked);
    const std::string want = lower_ascii(asked);
    for (const auto& d : f.dimensions)
        if (lower_ascii(d.name) == want) return d.number;
    // SIE 4C reserves 1 kostnadsställe/resultatenhet, 2 kostnadsbärare, 6 projekt.
    if (want == "ansvar" || want == "kostnadsställe" || want == "resultatenhet") return 1;
    if (want == "kostnadsbärare") return 2;
    if (want == "projekt") return 6;
    std::string known;
    for (const auto& d : f.dimensions)
        known += (known.empty() ? "" : ", ") + std::to_string(d.number) + " " + d.name;
    throw InputError(
        path, 1, 1,
        "no dimension named \"" + asked + "\" in the SIE file (" +
            (known.empty() ? std::string("it declares none with #DIM") : "it declares " + known) +
            ")");
}

std::string read_whole(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UnreadableInput("cannot read " + path);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

bool looks_like_sie(const std::string& path) {
    auto ends = [&](const char* ext) {
        const std::string e = ext;
        if (path.size() <= e.size()) return false;
        return lower_ascii(path.substr(path.size() - e.size())) == e;
    };
    if (ends(".se") || ends(".si") || ends(".sie")) return true;
    if (path == "-") return false;
    std::ifstream in(path, std::ios::binary);
    char buf[64] = {};
    in.read(buf, sizeof buf);
    const std::string head(buf, static_cast<std::size_t>(in.gcount()));
    std::size_t i = head.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
    while (i < head.size() &&
           (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
        ++i;
    return head.compare(i, 7, "#FLAGGA") == 0;
}

std::vector<std::pair<std::string, std::string>> parse_account_ranges(const std::string& text) {
    std::vector<std::pair<std::string, std::string>> out;
    std::size_t s = 0;
    while (s <= text.size()) {
        const std::size_t comma = text.find(',', s);
        const std::string part =
            text.substr(s, comma == std::string::npos ? std::string::npos : comma - s);
        const std::size_t dash = part.find('-');
        std::string first = dash == std::string::npos ? part : part.substr(0, dash);
        std::string last = dash == std::string::npos ? part : part.substr(dash + 1);
        if (!all_digits(first) || !all_digits(last))
            throw std::invalid_argument("\"" + part + "\" is not an account or a range FIRST-LAST");
        out.emplace_back(first, last);
        if (comma == std::string::npos) break;
        s = comma + 1;
    }
    return out;
}

SieLedger read_sie_ledger(const std::string& path, const SieReportOptions& options) {
    sie::ReadOptions ro;
    ro.encoding = options.encoding;
    ro.progress = options.progress;
    sie::File f;
    try {
        f = path == "-" ? sie::read(std::cin, ro) : sie::read_file(path, ro);
    } catch (const sie::SieError& e) {
        if (e.line() == 0 && e.reason().rfind("cannot open", 0) == 0)
            throw UnreadableInput("cannot read " + path + ": " +
                                  e.reason().substr(e.reason().rfind(": ") + 2));
        throw InputError(path, e.line() ? e.line() : 1, e.column() ? e.column() : 1,
                         (e.label().empty() ? std::string() : e.label() + ": ") + e.reason());
    }

    SieLedger out;
    for (const auto& d : f.diagnostics) {
        if (d.severity == sie::Severity::info) continue;
        if (d.severity == sie::Severity::error && !options.accept_errors) continue;
        out.warnings.push_back(path + ":" + std::to_string(d.line ? d.line : 1) + ": " +
                               sie::severity_name(d.severity) + ": " +
                               (d.label.empty() ? std::string() : d.label + ": ") + d.message);
    }
    if (!f.complete() && !options.accept_errors) {
        for (const auto& d : f.diagnostics) {
            if (d.severity != sie::Severity::error) continue;
            throw InputError(path, d.line ? d.line : 1, d.column ? d.column : 1,
                             (d.label.empty() ? std::string() : d.label + ": ") + d.message + " (" +
                                 std::to_string(f.error_count) +
                                 " error(s) in the file; --accept-errors uses it anyway)");
        }
        throw InputError(path, 1, 1, std::to_string(f.error_count) + " error(s) in the SIE file");
    }

    sie::MappingOptions mo;
    mo.dimension = resolve_dimension(path, f, options.dimension);
    mo.chart = options.chart;
    mo.outcome = options.outcome;
    mo.year = options.year;
    mo.ranges = options.accounts;
    mo.accept_incomplete = options.accept_errors;
    if (!options.mapping_file.empty()) {
        try {
            mo.rules = sie::parse_mapping(read_whole(options.mapping_file));
        } catch (const sie::SieError& e) {
            throw InputError(options.mapping_file, e.line(), e.column(), e.reason());
        }
    }
    sie::MappedLedger mapped;
    try {
        mapped = sie::map_ledger(f, mo);
    } catch (const kalkyl::Error& e) {
        throw InputError(path, 1, 1, e.what());
    }

    LedgerInput& in = out.input;
    in.file = path;
    in.unit = Unit::kr;
    in.last_outcome_month = mapped.last_outcome_month;
    in.bytes = f.summary.bytes;
    in.lines = f.summary.lines;
    in.encoding_used = Encoding::utf8;
    in.rows.reserve(mapped.rows.size());
    for (auto& r : mapped.rows) {
        InputRow row;
        row.id = r.id;
        row.parent = r.parent;
        row.name = r.name;
        row.kind = r.kind;
        row.kind_given = true;
        row.line = 1;
        if (r.has_budget) {
            row.series[static_cast<std::size_t>(InputSeries::budget)] = r.budget;
            row.series_seen |= 1u << static_cast<unsigned>(InputSeries::budget);
        }
        if (r.has_outcome) {
            row.series[static_cast<std::size_t>(InputSeries::outcome)] = r.outcome;
            row.series_seen |= 1u << static_cast<unsigned>(InputSeries::outcome);
        }
        if (r.has_prior_outcome) {
            row.series[static_cast<std::size_t>(InputSeries::prior_outcome)] = r.prior_outcome;
            row.series_seen |= 1u << static_cast<unsigned>(InputSeries::prior_outcome);
        }
        if (row.series_seen != 0) row.months_seen = 0x0FFF;
        in.index.emplace(row.id, in.rows.size());
        in.rows.push_back(std::move(row));
    }
    return out;
}

}  // namespace kalkyl::report
