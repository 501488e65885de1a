// `kalkyl check` (src/report/check_table.hpp): a published table and its
// declared relations, checked with checks.hpp.

#include "report/check_table.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>

namespace kalkyl::report {

namespace {

struct Line {
    std::vector<std::string> fields;
    std::vector<std::size_t> offsets;
    std::string text;
    std::size_t number;
};

std::string trimmed(const std::string& s) {
    std::size_t a = 0, b = s.size();
    while (a < b && (s[a] == ' ' || s[a] == '\t' || s[a] == '\r'))
        ++a;
    while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r'))
        --b;
    return s.substr(a, b - a);
}

std::size_t col(const Line& l, std::size_t field) {
    return text::utf8_length(std::string_view(l.text).substr(0, l.offsets[field])) + 1;
}

}  // namespace

CheckedTable check_table(const std::string& path, Encoding encoding) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw UnreadableInput("cannot read " + path + ": " + std::strerror(errno));
    std::stringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw UnreadableInput("cannot read " + path);
    std::string data = ss.str();
    if (data.rfind("\xEF\xBB\xBF", 0) == 0) data.erase(0, 3);
    if (encoding == Encoding::automatic)
        encoding = text::invalid_utf8(data) == std::string_view::npos ? Encoding::utf8
                                                                      : Encoding::windows1252;
    std::vector<Line> lines;
    {
        std::size_t start = 0, number = 0;
        while (start <= data.size()) {
            std::size_t nl = data.find('\n', start);
            if (nl == std::string::npos) nl = data.size();
            std::string raw = data.substr(start, nl - start);
            ++number;
            start = nl + 1;
            if (!raw.empty() && raw.back() == '\r') raw.pop_back();
            if (encoding == Encoding::utf8) {
                const std::size_t bad = text::invalid_utf8(raw);
                if (bad != std::string_view::npos)
                    throw InputError(path, number,
                                     text::utf8_length(std::string_view(raw).substr(0, bad)) + 1,
                                     "wrong encoding: not UTF-8 (try --encoding=windows-1252)");
            } else {
                std::string conv;
                std::size_t bad = 0;
                if (!text::cp1252_to_utf8(raw, conv, bad))
                    throw InputError(path, number, bad + 1, "wrong encoding: not Windows-1252");
                raw = conv;
            }
            if (trimmed(raw).empty() || raw[0] == '#') continue;
            Line l;
            l.text = raw;
            l.number = number;
            std::size_t p = 0;
            while (true) {
                const std::size_t semi = raw.find(';', p);
                l.offsets.push_back(p);
                l.fields.push_back(
                    raw.substr(p, semi == std::string::npos ? std::string::npos : semi - p));
                if (semi == std::string::npos) break;
                p = semi + 1;
            }
            lines.push_back(std::move(l));
        }
    }
    if (lines.empty()) throw InputError(path, 1, 1, "no header row");
    const Line& header = lines[0];
    std::vector<std::string> columns;
    for (std::size_t c = 1; c < header.fields.size(); ++c)
        columns.push_back(trimmed(header.fields[c]));
    if (columns.empty())
        throw InputError(path, header.number, 1,
                         "missing column: the header names no figure columns");

    struct Row {
        std::string label;
        std::vector<std::optional<Decimal>> values;
        std::size_t line;
    };
    std::vector<Row> rows;
    std::vector<bool> exact(columns.size(), false);
    std::vector<PrintedFigure> figures;
    std::vector<Relation> relations;
    std::vector<std::size_t> relation_lines;
    std::size_t block_start = 0;  // the first row of the current summa block

    auto column_index = [&](const Line& l, std::size_t field) {
        const std::string name = trimmed(l.fields[field]);
        for (std::size_t c = 0; c < columns.size(); ++c)
            if (columns[c] == name) return c;
        throw InputError(path, l.number, col(l, field), "unknown column \"" + name + "\"");
    };
    auto figure_name = [&](std::size_t r, std::size_t c) {
        return rows[r].label + " / " + columns[c];
    };
    auto need = [&](const Line& l, std::size_t n) {
        if (l.fields.size() != n)
            throw InputError(path, l.number, 1,
                             "\"" + trimmed(l.fields[0]) + "\" takes " + std::to_string(n - 1) +
                                 " fields, found " + std::to_string(l.fields.size() - 1));
    };

    // Relations are collected as closures over the rows read so far, and
    // built once every figure is known (exakt may come later).
    std::vector<std::function<void()>> pending;
    for (std::size_t k = 1; k < lines.size(); ++k) {
        Line l = lines[k];
        const std::string first = trimmed(l.fields[0]);
        if (!first.empty() && first[0] == '!') {
            const std::string kind = first.substr(1);
            // A last field "@row|row|..." restricts a row-wise relation to those rows.
            std::vector<std::string> only;
            if (l.fields.size() > 1 && trimmed(l.fields.back()).rfind('@', 0) == 0) {
                const std::string list = trimmed(l.fields.back()).substr(1);
                std::size_t p = 0;
                while (p <= list.size()) {
                    std::size_t bar = list.find('|', p);
                    if (bar == std::string::npos) bar = list.size();
                    const std::string name = trimmed(list.substr(p, bar - p));
                    if (std::none_of(rows.begin(), rows.end(),
                                     [&](const Row& r) { return r.label == name; }))
                        throw InputError(path, l.number, col(l, l.fields.size() - 1),
                                         "no row \"" + name + "\" above this line");
                    only.push_back(name);
                    p = bar + 1;
                }
                l.fields.pop_back();
                l.offsets.pop_back();
            }
            auto keep = [only, &rows](std::size_t r) {
                return only.empty() ||
                       std::find(only.begin(), only.end(), rows[r].label) != only.end();
            };
            if (kind == "summa" || kind == "sum") {
                need(l, 2);
                const std::string total = trimmed(l.fields[1]);
                std::size_t t = rows.size();
                for (std::size_t r = block_start; r < rows.size(); ++r)
                    if (rows[r].label == total) t = r;
                if (t == rows.size())
                    throw InputError(path, l.number, col(l, 1),
                                     "no row \"" + total + "\" above this line");
                const std::size_t from = block_start;
                block_start = t + 1;
                pending.push_back([&, from, t, line = l.number] {
                    for (std::size_t c = 0; c < columns.size(); ++c) {
                        if (!rows[t].values[c]) continue;
                        std::vector<std::string> parts;
                        for (std::size_t r = from; r < t; ++r)
                            if (rows[r].values[c]) parts.push_back(figure_name(r, c));
                        if (parts.empty()) continue;
                        relations.push_back(Relation::sum(
                            columns[c] + ": rader mot " + rows[t].label, parts, figure_name(t, c)));
                        relation_lines.push_back(line);
                    }
                });
            } else if (kind == "differens" || kind == "difference" || kind == "spann_min" ||
                       kind == "spann_max" || kind == "band_min" || kind == "band_max") {
                need(l, 4);
                const std::size_t a = column_index(l, 1), b = column_index(l, 2),
                                  c = column_index(l, 3);
                pending.push_back([&, a, b, c, kind, keep, line = l.number] {
                    for (std::size_t r = 0; r < rows.size(); ++r) {
                        if (!keep(r)) continue;
                        if (!rows[r].values[a] || !rows[r].values[b] || !rows[r].values[c])
                            continue;
                        const std::string label = rows[r].label + ": " + columns[c];
                        if (kind == "spann_min" || kind == "band_min")
                            relations.push_back(Relation::band_min(
                                label, figure_name(r, a), figure_name(r, b), figure_name(r, c)));
                        else if (kind == "spann_max" || kind == "band_max")
                            relations.push_back(Relation::band_max(
                                label, figure_name(r, a), figure_name(r, b), figure_name(r, c)));
                        else
                            relations.push_back(Relation::difference(
                                label, figure_name(r, a), figure_name(r, b), figure_name(r, c)));
                        relation_lines.push_back(line);
                    }
                });
            } else if (kind == "kvot" || kind == "ratio") {
                need(l, 5);
                const std::size_t a = column_index(l, 1), b = column_index(l, 2),
                                  c = column_index(l, 3);
                const ParseResult mult = try_parse(l.fields[4], Locale::sv_SE);
                if (!mult || mult.value.signum() <= 0)
                    throw InputError(path, l.number, col(l, 4),
                                     "bad multiplier \"" + l.fields[4] +
                                         "\" (a positive number, 100 for percent)");
                pending.push_back([&, a, b, c, keep, m = mult.value, line = l.number] {
                    for (std::size_t r = 0; r < rows.size(); ++r) {
                        if (!keep(r)) continue;
                        if (!rows[r].values[a] || !rows[r].values[b] || !rows[r].values[c])
                            continue;
                        relations.push_back(Relation::ratio(rows[r].label + ": " + columns[c],
                                                            figure_name(r, a), figure_name(r, b),
                                                            figure_name(r, c), m));
                        relation_lines.push_back(line);
                    }
                });
            } else if (kind == "andelar" || kind == "shares") {
                need(l, 3);
                const std::size_t c = column_index(l, 1);
                const ParseResult whole = try_parse(l.fields[2], Locale::sv_SE);
                if (!whole)
                    throw InputError(path, l.number, col(l, 2),
                                     "bad whole \"" + l.fields[2] + "\"");
                const std::size_t upto = rows.size();
                pending.push_back([&, c, upto, wv = whole.value, line = l.number] {
                    std::vector<std::string> parts;
                    for (std::size_t r = 0; r < upto; ++r)
                        if (rows[r].values[c]) parts.push_back(figure_name(r, c));
                    relations.push_back(Relation::shares(columns[c] + ": andelar", parts, wv));
                    relation_lines.push_back(line);
                });
            } else if (kind == "exakt" || kind == "exact") {
                need(l, 2);
                exact[column_index(l, 1)] = true;
            } else {
                throw InputError(
                    path, l.number, 1,
                    "unknown relation \"" + first +
                        "\" (!summa, !differens, !kvot, !andelar, !spann_min, !spann_max, !exakt)");
            }
            continue;
        }
        if (l.fields.size() != header.fields.size())
            throw InputError(path, l.number, 1,
                             "expected " + std::to_string(header.fields.size()) +
                                 " fields as in the header, found " +
                                 std::to_string(l.fields.size()));
        Row row;
        row.label = first;
        row.line = l.number;
        for (const auto& r : rows)
            if (r.label == first)
                throw InputError(path, l.number, 1,
                                 "duplicate row \"" + first + "\" (also on line " +
                                     std::to_string(r.line) + ")");
        for (std::size_t c = 1; c < l.fields.size(); ++c) {
            if (trimmed(l.fields[c]).empty() || trimmed(l.fields[c]) == "–" ||
                trimmed(l.fields[c]) == "-") {
                row.values.emplace_back();
                continue;
            }
            const ParseResult r = try_parse(l.fields[c], Locale::sv_SE);
            if (!r)
                throw InputError(
                    path, l.number, col(l, c) + r.position,
                    "bad number \"" + l.fields[c] + "\": " + (r.reason ? r.reason : ""));
            row.values.push_back(r.value);
        }
        rows.push_back(std::move(row));
    }
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t c = 0; c < columns.size(); ++c)
            if (rows[r].values[c])
                figures.push_back(
                    exact[c] ? PrintedFigure::exact_count(figure_name(r, c), *rows[r].values[c])
                             : PrintedFigure::printed(figure_name(r, c), *rows[r].values[c]));
    for (auto& p : pending)
        p();
    CheckedTable out;
    out.file = path;
    try {
        out.findings = check(figures, relations);
    } catch (const Error& e) {
        throw InputError(path, 1, 1, e.what());
    }
    out.lines = relation_lines;
    return out;
}

Severity worst(const CheckedTable& t) {
    Severity s = Severity::ok;
    for (const auto& f : t.findings)
        if (static_cast<int>(f.severity) > static_cast<int>(s)) s = f.severity;
    return s;
}

std::string render_findings(const CheckedTable& t, Format format_kind, Lang lang) {
    FormatSpec spec;
    spec.locale = lang == Lang::sv ? Locale::sv_SE : Locale::c;
    auto sev = [&](Severity s) -> std::string {
        if (lang == Lang::en) return severity_name(s);
        return s == Severity::ok ? "ok" : s == Severity::rounding ? "avrundning" : "fel";
    };
    std::string out;
    if (format_kind == Format::json) {
        FormatSpec js;
        js.locale = Locale::c;
        js.grouping = Grouping::none;
        out += "{\n  \"file\": \"" + t.file + "\",\n  \"worst\": \"" + severity_name(worst(t)) +
               "\",\n  \"findings\": [";
        for (std::size_t k = 0; k < t.findings.size(); ++k) {
            const auto& f = t.findings[k];
            std::string label;
            for (char c : f.label) {
                if (c == '"' || c == '\\') label.push_back('\\');
                label.push_back(c);
            }
            out += (k ? ",\n" : "\n");
            out += "    {\"line\": " + std::to_string(t.lines[k]) + ", \"label\": \"" + label +
                   "\", \"kind\": \"" + relation_kind_name(f.kind) + "\", \"severity\": \"" +
                   severity_name(f.severity) + "\", \"expected\": " + format(f.expected, js) +
                   ", \"printed\": " + format(f.printed, js) +
                   ", \"difference\": " + format(f.difference, js) +
                   ", \"tolerance\": " + format(f.tolerance, js) + "}";
        }
        out += "\n  ]\n}\n";
        return out;
    }
    if (format_kind == Format::csv) {
        spec.grouping = Grouping::none;
        out += lang == Lang::sv ? "rad;relation;bedömning;väntat;tryckt;differens;tolerans\n"
                                : "line;relation;severity;expected;printed;difference;tolerance\n";
        for (std::size_t k = 0; k < t.findings.size(); ++k) {
            const auto& f = t.findings[k];
            out += std::to_string(t.lines[k]) + ";" + f.label + ";" + sev(f.severity) + ";" +
                   format(f.expected, spec) + ";" + format(f.printed, spec) + ";" +
                   format(f.difference, spec) + ";" + format(f.tolerance, spec) + "\n";
        }
        return out;
    }
    std::size_t counts[3] = {0, 0, 0};
    for (std::size_t k = 0; k < t.findings.size(); ++k) {
        const auto& f = t.findings[k];
        ++counts[static_cast<int>(f.severity)];
        out += (format_kind == Format::markdown ? "- " : "") + t.file + ":" +
               std::to_string(t.lines[k]) + ": " + sev(f.severity) + ": " + f.label + ": " +
               (lang == Lang::sv ? "väntat " : "expected ") + format(f.expected, spec) +
               (lang == Lang::sv ? ", tryckt " : ", printed ") + format(f.printed, spec);
        if (f.severity != Severity::ok)
            out += (lang == Lang::sv ? ", differens " : ", difference ") +
                   format(f.difference, spec) +
                   (lang == Lang::sv ? ", tolerans " : ", tolerance ") + format(f.tolerance, spec);
        out += "\n";
    }
    if (format_kind == Format::markdown) out += '\n';
    const bool sv = lang == Lang::sv;
    out += std::to_string(t.findings.size());
    out += sv ? " relationer: " : " relations: ";
    out += std::to_string(counts[0]);
    out += " ok, ";
    out += std::to_string(counts[1]);
    out += sv ? " avrundning, " : " rounding, ";
    out += std::to_string(counts[2]);
    out += sv ? " fel\n" : " error\n";
    return out;
}

}  // namespace kalkyl::report
