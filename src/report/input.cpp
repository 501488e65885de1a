// Reading a follow-up ledger (src/report/input.hpp): streaming CSV and a
// small strict JSON reader. docs/ledger-format.md is the format's manual.

#include "report/input.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string_view>

namespace kalkyl::report {

namespace {

std::string where(const std::string& file, std::size_t line, std::size_t column) {
    return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

}  // namespace

InputError::InputError(const std::string& f, std::size_t l, std::size_t c,
                       const std::string& reason)
    : std::runtime_error(where(f, l, c) + ": " + reason), file(f), line(l), column(c) {}

// --- text helpers -------------------------------------------------------------------

namespace text {

namespace {
// Windows-1252 0x80..0x9F; 0 marks the five undefined bytes.
constexpr char32_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

void put_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}
}  // namespace

bool cp1252_to_utf8(std::string_view in, std::string& out, std::size_t& bad) {
    out.clear();
    out.reserve(in.size() + in.size() / 8);
    for (std::size_t i = 0; i < in.size(); ++i) {
        const auto b = static_cast<unsigned char>(in[i]);
        if (b < 0x80) {
            out.push_back(static_cast<char>(b));
        } else if (b < 0xA0) {
            const char32_t c = cp1252_high[b - 0x80];
            if (c == 0) {
                bad = i;
                return false;
            }
            put_utf8(out, c);
        } else {
            put_utf8(out, b);
        }
    }
    return true;
}

std::size_t invalid_utf8(std::string_view s) {
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
        const auto b = static_cast<unsigned char>(s[i]);
        if (b < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        char32_t min;
        char32_t c;
        if ((b & 0xE0) == 0xC0) {
            len = 2, min = 0x80, c = b & 0x1F;
        } else if ((b & 0xF0) == 0xE0) {
            len = 3, min = 0x800, c = b & 0x0F;
        } else if ((b & 0xF8) == 0xF0) {
            len = 4, min = 0x10000, c = b & 0x07;
        } else {
            return i;
        }
        if (i + len > n) return i;
        for (std::size_t k = 1; k < len; ++k) {
            const auto cb = static_cast<unsigned char>(s[i + k]);
            if ((cb & 0xC0) != 0x80) return i;
            c = (c << 6) | (cb & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return i;
        i += len;
    }
    return std::string_view::npos;
}

std::size_t utf8_length(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char ch : s)
        if ((ch & 0xC0) != 0x80) ++n;
    return n;
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (auto& ch : out)
        if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    // The Swedish capitals in UTF-8: Å Ä Ö -> å ä ö.
    for (std::size_t i = 0; i + 1 < out.size(); ++i) {
        if (static_cast<unsigned char>(out[i]) == 0xC3) {
            auto& c2 = out[i + 1];
            const auto u = static_cast<unsigned char>(c2);
            if (u == 0x85 || u == 0x84 || u == 0x96) c2 = static_cast<char>(u + 0x20);
        }
    }
    return out;
}

std::string_view trim(std::string_view s) {
    auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
    while (!s.empty() && is_space(s.front()))
        s.remove_prefix(1);
    while (!s.empty() && is_space(s.back()))
        s.remove_suffix(1);
    return s;
}

}  // namespace text

std::optional<RowKind> kind_of(std::string_view text) {
    const std::string k = text::lower_ascii(text::trim(text));
    if (k == "intäkt" || k == "intäkter" || k == "revenue") return RowKind::revenue;
    if (k == "kostnad" || k == "kostnader" || k == "cost") return RowKind::cost;
    if (k == "netto" || k == "nämnd" || k == "verksamhet" || k == "net") return RowKind::net;
    return std::nullopt;
}

namespace {

// --- shared: column names, kinds, months ----------------------------------------------

enum class Col {
    id,
    parent,
    name,
    kind,
    month,
    budget,
    outcome,
    prior_outcome,
    prior_budget,
    forecast,
    downside,
    upside,
    volume,
    volume_unit,
    none
};

using text::lower_ascii;
using text::trim;

Col column_of(std::string_view header) {
    const std::string h = lower_ascii(trim(header));
    struct Alias {
        const char* name;
        Col col;
    };
    static const Alias aliases[] = {
        {"id", Col::id},
        {"rad", Col::id},
        {"row", Col::id},
        {"förälder", Col::parent},
        {"parent", Col::parent},
        {"namn", Col::name},
        {"name", Col::name},
        {"typ", Col::kind},
        {"kind", Col::kind},
        {"type", Col::kind},
        {"månad", Col::month},
        {"month", Col::month},
        {"budget", Col::budget},
        {"kommunbidrag", Col::budget},
        {"utfall", Col::outcome},
        {"outcome", Col::outcome},
        {"actual", Col::outcome},
        {"utfall_fg_år", Col::prior_outcome},
        {"utfall_fg", Col::prior_outcome},
        {"prior_outcome", Col::prior_outcome},
        {"budget_fg_år", Col::prior_budget},
        {"budget_fg", Col::prior_budget},
        {"prior_budget", Col::prior_budget},
        {"prognos", Col::forecast},
        {"forecast", Col::forecast},
        {"försämring", Col::downside},
        {"downside", Col::downside},
        {"förbättring", Col::upside},
        {"upside", Col::upside},
        {"volym", Col::volume},
        {"volume", Col::volume},
        {"volymenhet", Col::volume_unit},
        {"volume_unit", Col::volume_unit},
    };
    for (const auto& a : aliases)
        if (h == a.name) return a.col;
    return Col::none;
}

const char* column_label(Col c) {
    switch (c) {
        case Col::id:
            return "id";
        case Col::parent:
            return "förälder";
        case Col::name:
            return "namn";
        case Col::kind:
            return "typ";
        case Col::month:
            return "månad";
        case Col::budget:
            return "budget";
        case Col::outcome:
            return "utfall";
        case Col::prior_outcome:
            return "utfall_fg_år";
        case Col::prior_budget:
            return "budget_fg_år";
        case Col::forecast:
            return "prognos";
        case Col::downside:
            return "försämring";
        case Col::upside:
            return "förbättring";
        case Col::volume:
            return "volym";
        case Col::volume_unit:
            return "volymenhet";
        case Col::none:
            break;
    }
    return "?";
}

// "8", "08", "2024-08", "202408": 1..12; 0 when not a month.
int month_of(std::string_view text) {
    text = trim(text);
    auto digits = [](std::string_view s) {
        if (s.empty() || s.size() > 2) return -1;
        int v = 0;
        for (char c : s) {
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    };
    int m = -1;
    if (text.size() == 7 && text[4] == '-')
        m = digits(text.substr(5));
    else if (text.size() == 6 &&
             std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        m = digits(text.substr(4));
    else
        m = digits(text);
    return (m >= 1 && m <= 12) ? m : 0;
}

Decimal unit_factor(Unit u) {
    switch (u) {
        case Unit::kr:
            return Decimal(1, 0);
        case Unit::tkr:
            return Decimal(1000, 0);
        case Unit::mnkr:
            return Decimal(1000000, 0);
    }
    return Decimal(1, 0);
}

std::optional<Unit> unit_of(std::string_view text) {
    const std::string u = lower_ascii(trim(text));
    if (u == "kr") return Unit::kr;
    if (u == "tkr") return Unit::tkr;
    if (u == "mnkr" || u == "mkr") return Unit::mnkr;
    return std::nullopt;
}

// The record of one id; creates it.
InputRow& row_for(LedgerInput& in, std::string_view id, std::size_t line) {
    auto it = in.index.find(id);
    if (it != in.index.end()) return in.rows[it->second];
    in.index.emplace(std::string(id), in.rows.size());
    InputRow r;
    r.id = std::string(id);
    r.line = line;
    in.rows.push_back(std::move(r));
    return in.rows.back();
}

// Applies one field's definition value to a row, refusing a conflict.
template <class Column>
void define(std::string& slot, std::string_view value, const InputRow& row, const char* what,
            const std::string& file, std::size_t line, Column column) {
    if (value.empty()) return;
    if (slot.empty()) {
        slot = std::string(value);
    } else if (slot != value) {
        throw InputError(file, line, column(),
                         "duplicate row id \"" + row.id + "\": " + what + " \"" +
                             std::string(value) + "\" differs from \"" + slot +
                             "\" given on line " + std::to_string(row.line));
    }
}

// --- CSV -------------------------------------------------------------------------------

struct Field {
    std::string_view text;
    std::size_t offset;  // byte offset in the line
};

class CsvReader {
  public:
    CsvReader(std::string file, const ReadOptions& options)
        : file_(std::move(file)), options_(options) {
        result_.file = file_;
    }

    void line(std::string_view raw, std::size_t number) {
        line_no_ = number;
        if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
        std::string_view text = decode(raw);
        if (number == 1 && text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") {
            text.remove_prefix(3);
            bom_ = 3;
        } else {
            bom_ = 0;
        }
        line_ = text;
        if (trim(text).empty()) return;
        if (text.front() == '#') {
            if (!have_header_) directive(text);
            return;
        }
        split(text);
        if (!have_header_) {
            header();
            return;
        }
        record();
    }

    LedgerInput finish() {
        if (!have_header_)
            throw InputError(file_, line_no_ ? line_no_ : 1, 1, "no header row (id;månad;...)");
        return std::move(result_);
    }

  private:
    // Column in characters (1-based) of byte `offset` of the current line.
    std::size_t column(std::size_t offset) const {
        return text::utf8_length(line_.substr(0, std::min(offset, line_.size()))) + 1;
    }

    [[noreturn]] void fail(std::size_t offset, const std::string& reason) const {
        throw InputError(file_, line_no_, column(offset), reason);
    }

    std::string_view decode(std::string_view raw) {
        bool ascii = true;
        for (unsigned char c : raw)
            if (c >= 0x80) {
                ascii = false;
                break;
            }
        if (ascii) return raw;
        Encoding enc = decided_;
        if (enc == Encoding::automatic) {
            const std::size_t bad = text::invalid_utf8(raw);
            enc = bad == std::string_view::npos ? Encoding::utf8 : Encoding::windows1252;
            decided_ = enc;
            result_.encoding_used = enc;
        }
        if (enc == Encoding::utf8) {
            const std::size_t bad = text::invalid_utf8(raw);
            if (bad != std::string_view::npos) {
                line_ = raw.substr(0, bad);
                throw InputError(file_, line_no_, text::utf8_length(raw.substr(0, bad)) + 1,
                                 "wrong encoding: byte 0x" +
                                     hex(static_cast<unsigned char>(raw[bad])) + " is not UTF-8" +
                                     (options_.encoding == Encoding::automatic
                                          ? " (the file began as UTF-8)"
                                          : " (try --encoding=windows-1252)"));
            }
            return raw;
        }
        std::size_t bad = 0;
        if (!text::cp1252_to_utf8(raw, converted_, bad))
            throw InputError(
                file_, line_no_, bad + 1,
                "wrong encoding: byte 0x" + hex(static_cast<unsigned char>(raw[bad])) +
                    " is not Windows-1252" +
                    (options_.encoding == Encoding::automatic ? " (the file began as Windows-1252)"
                                                              : ""));
        return converted_;
    }

    static std::string hex(unsigned char c) {
        const char* digits = "0123456789ABCDEF";
        return {digits[c >> 4], digits[c & 15]};
    }

    void directive(std::string_view text) {
        // "# enhet: tkr" / "# unit: tkr"
        std::string_view rest = trim(text.substr(1));
        const std::string low = lower_ascii(rest);
        for (const char* key : {"enhet:", "unit:", "enhet=", "unit="}) {
            if (low.rfind(key, 0) == 0) {
                const auto u = unit_of(rest.substr(std::strlen(key)));
                if (!u) fail(0, "unknown unit in \"" + std::string(text) + "\" (kr, tkr or mnkr)");
                result_.unit = *u;
                factor_ = unit_factor(*u);
            }
        }
    }

    void split(std::string_view text) {
        fields_.clear();
        std::size_t i = 0;
        const std::size_t n = text.size();
        while (true) {
            if (i < n && text[i] == '"') {
                // A quoted field: "" is a quote; the field ends at the closing quote.
                const std::size_t start = i;
                std::string& buf =
                    unquoted_[std::min<std::size_t>(fields_.size(), unquoted_.size() - 1)];
                buf.clear();
                ++i;
                bool closed = false;
                while (i < n) {
                    if (text[i] == '"') {
                        if (i + 1 < n && text[i + 1] == '"') {
                            buf.push_back('"');
                            i += 2;
                            continue;
                        }
                        closed = true;
                        ++i;
                        break;
                    }
                    buf.push_back(text[i++]);
                }
                if (!closed) fail(start, "unterminated quoted field (a field cannot span lines)");
                if (i < n && text[i] != ';') fail(i, "text after a closing quote");
                if (fields_.size() >= unquoted_.size() - 1) fail(start, "too many quoted fields");
                fields_.push_back({buf, start});
            } else {
                const std::size_t start = i;
                const void* semi = std::memchr(text.data() + i, ';', n - i);
                i = semi ? static_cast<std::size_t>(static_cast<const char*>(semi) - text.data())
                         : n;
                fields_.push_back({text.substr(start, i - start), start});
            }
            if (i >= n) break;
            ++i;  // the ';'
        }
    }

    void header() {
        have_header_ = true;
        header_line_ = line_no_;
        cols_.clear();
        for (const auto& f : fields_) {
            const Col c = column_of(f.text);
            if (c == Col::none)
                fail(f.offset, "unknown column \"" + std::string(trim(f.text)) +
                                   "\" (see docs/ledger-format.md for the column names)");
            if (std::find(cols_.begin(), cols_.end(), c) != cols_.end())
                fail(f.offset, std::string("column \"") + column_label(c) + "\" named twice");
            cols_.push_back(c);
        }
        for (Col required : {Col::id, Col::month}) {
            if (std::find(cols_.begin(), cols_.end(), required) == cols_.end())
                fail(0, std::string("missing column \"") + column_label(required) +
                            "\" in the header");
        }
        if (std::find(cols_.begin(), cols_.end(), Col::budget) == cols_.end() &&
            std::find(cols_.begin(), cols_.end(), Col::outcome) == cols_.end() &&
            std::find(cols_.begin(), cols_.end(), Col::forecast) == cols_.end())
            fail(0, "missing column: the header names none of budget, utfall, prognos");
    }

    Decimal number(const Field& f, Col c) const {
        const ParseResult r = try_parse(f.text, Locale::sv_SE);
        if (!r) {
            throw InputError(file_, line_no_, column(f.offset + r.position),
                             std::string("bad number \"") + std::string(f.text) + "\" in column " +
                                 column_label(c) + ": " + (r.reason ? r.reason : "not a number"));
        }
        if (factor_.scale() == 0 && factor_.mantissa() == 1) return r.value;
        try {
            return r.value * factor_;
        } catch (const Error&) {
            // 38 digits in tkr or mnkr can be 41 or 44 in kr: an InputError at the
            // number, not a kalkyl::Error without a place (docs/testing.md, finding 3).
            fail(f.offset, std::string("number \"") + std::string(f.text) + "\" in column " +
                               column_label(c) + " is too large in kronor (more than 38 digits)");
        }
    }

    void record() {
        if (fields_.size() != cols_.size()) {
            const std::size_t at =
                fields_.size() > cols_.size() ? fields_[cols_.size()].offset : line_.size();
            fail(at, "expected " + std::to_string(cols_.size()) +
                         " fields as in the header on line " + std::to_string(header_line_) +
                         ", found " + std::to_string(fields_.size()));
        }
        const Field* id = nullptr;
        const Field* month = nullptr;
        for (std::size_t i = 0; i < cols_.size(); ++i) {
            if (cols_[i] == Col::id) id = &fields_[i];
            if (cols_[i] == Col::month) month = &fields_[i];
        }
        const std::string_view id_text = trim(id->text);
        if (id_text.empty()) fail(id->offset, "empty id");
        if (last_ >= result_.rows.size() || result_.rows[last_].id != id_text) {
            row_for(result_, id_text, line_no_);
            last_ = result_.index.find(id_text)->second;
        }
        InputRow* row = &result_.rows[last_];
        int m = 0;
        if (!trim(month->text).empty()) {
            m = month_of(month->text);
            if (m == 0)
                fail(month->offset,
                     "bad month \"" + std::string(month->text) +
                         "\" (1..12, 2024-08 or 202408; empty for the row's year figures)");
            const auto bit = static_cast<std::uint16_t>(1u << (m - 1));
            if ((row->months_seen & bit) && !options_.sum_lines)
                fail(month->offset, "duplicate row id \"" + row->id + "\" for month " +
                                        std::to_string(m) +
                                        " (also given earlier; --sum-lines adds such lines up)");
            row->months_seen |= bit;
        }
        for (std::size_t i = 0; i < cols_.size(); ++i) {
            const Field& f = fields_[i];
            const Col c = cols_[i];
            switch (c) {
                case Col::id:
                case Col::month:
                case Col::none:
                    break;
                case Col::parent:
                    define(row->parent, trim(f.text), *row, "förälder", file_, line_no_,
                           [&] { return column(f.offset); });
                    break;
                case Col::name:
                    define(row->name, trim(f.text), *row, "namn", file_, line_no_,
                           [&] { return column(f.offset); });
                    break;
                case Col::volume_unit:
                    define(row->volume_unit, trim(f.text), *row, "volymenhet", file_, line_no_,
                           [&] { return column(f.offset); });
                    break;
                case Col::kind: {
                    if (trim(f.text).empty()) break;
                    const auto k = kind_of(f.text);
                    if (!k)
                        fail(f.offset,
                             "bad typ \"" + std::string(f.text) + "\" (intäkt, kostnad or netto)");
                    if (row->kind_given && row->kind != *k)
                        fail(f.offset, "duplicate row id \"" + row->id +
                                           "\": typ differs from line " +
                                           std::to_string(row->line));
                    row->kind = *k;
                    row->kind_given = true;
                    break;
                }
                case Col::budget:
                case Col::outcome:
                case Col::prior_outcome:
                case Col::prior_budget: {
                    if (f.text.empty()) break;
                    if (m == 0)
                        fail(f.offset, std::string("a ") + column_label(c) +
                                           " value needs a month (the line's månad is empty)");
                    const int s = c == Col::budget          ? 0
                                  : c == Col::outcome       ? 1
                                  : c == Col::prior_outcome ? 2
                                                            : 3;
                    Decimal& slot =
                        row->series[static_cast<std::size_t>(s)][static_cast<std::size_t>(m - 1)];
                    const Decimal value = number(f, c);
                    try {
                        slot = slot + value;
                    } catch (const Error&) {
                        // --sum-lines adding up lines past 38 digits (docs/testing.md, finding 4).
                        fail(f.offset,
                             "the lines of row \"" + row->id + "\" for month " + std::to_string(m) +
                                 " add up to more than 38 digits in column " + column_label(c));
                    }
                    row->series_seen = static_cast<std::uint8_t>(row->series_seen | (1u << s));
                    if (s == 1 && m > result_.last_outcome_month) result_.last_outcome_month = m;
                    break;
                }
                case Col::forecast:
                case Col::downside:
                case Col::upside:
                case Col::volume: {
                    if (f.text.empty()) break;
                    std::optional<Decimal>& slot = c == Col::forecast   ? row->forecast
                                                   : c == Col::downside ? row->downside
                                                   : c == Col::upside   ? row->upside
                                                                        : row->volume;
                    if (slot)
                        fail(f.offset, "duplicate row id \"" + row->id + "\": " + column_label(c) +
                                           " given twice (the row's year figures go on one line)");
                    Decimal v = c == Col::volume ? [&] {
                        const ParseResult r = try_parse(f.text, Locale::sv_SE);
                        if (!r)
                            throw InputError(file_, line_no_, column(f.offset + r.position),
                                             std::string("bad number \"") + std::string(f.text) +
                                                 "\" in column volym: " + (r.reason ? r.reason : ""));
                        return r.value;
                    }()
                                                 : number(f, c);
                    if ((c == Col::downside || c == Col::upside || c == Col::volume) &&
                        v.signum() < 0)
                        fail(f.offset, std::string(column_label(c)) + " must not be negative");
                    slot = v;
                    break;
                }
            }
        }
    }

    std::string file_;
    const ReadOptions& options_;
    LedgerInput result_;
    Encoding decided_ = Encoding::automatic;
    std::string converted_;
    std::string_view line_;
    std::size_t line_no_ = 0;
    std::size_t bom_ = 0;
    bool have_header_ = false;
    std::size_t header_line_ = 0;
    std::vector<Col> cols_;
    std::vector<Field> fields_;
    std::array<std::string, 32> unquoted_;
    std::size_t last_ = static_cast<std::size_t>(-1);
    Decimal factor_{1, 0};

  public:
    void set_encoding(Encoding e) {
        decided_ = e;
        result_.encoding_used = e == Encoding::automatic ? Encoding::utf8 : e;
    }
};

struct FileCloser {
    void operator()(std::FILE* f) const {
        if (f != nullptr && f != stdin) std::fclose(f);
    }
};

std::unique_ptr<std::FILE, FileCloser> open_input(const std::string& path) {
    if (path == "-") return std::unique_ptr<std::FILE, FileCloser>(stdin);
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (f == nullptr) throw UnreadableInput("cannot read " + path + ": " + std::strerror(errno));
    // A directory opens on Linux but does not read.
    char probe;
    if (std::fread(&probe, 1, 0, f) != 0 || std::ferror(f)) {
        std::fclose(f);
        throw UnreadableInput("cannot read " + path);
    }
    return std::unique_ptr<std::FILE, FileCloser>(f);
}

}  // namespace

LedgerInput read_ledger_csv(const std::string& path, const ReadOptions& options) {
    return read_ledger_csv(path, options, std::size_t{1} << 22);
}

LedgerInput read_ledger_csv(const std::string& path, const ReadOptions& options,
                            std::size_t chunk_bytes) {
    auto file = open_input(path);
    CsvReader reader(path, options);
    if (options.encoding != Encoding::automatic) reader.set_encoding(options.encoding);
    const std::size_t chunk = std::max<std::size_t>(chunk_bytes, 1);
    std::string buffer;
    buffer.resize(chunk);
    std::size_t have = 0;
    std::size_t line_no = 0;
    std::uint64_t total = 0;
    std::uint64_t next_progress = std::uint64_t{1} << 26;
    while (true) {
        const std::size_t got =
            std::fread(buffer.data() + have, 1, buffer.size() - have, file.get());
        if (got == 0 && std::ferror(file.get()))
            throw UnreadableInput("cannot read " + path + ": " + std::strerror(errno));
        total += got;
        const std::size_t end = have + got;
        const bool eof = got == 0;
        std::size_t start = 0;
        while (true) {
            const void* nl = std::memchr(buffer.data() + start, '\n', end - start);
            if (nl == nullptr) break;
            const std::size_t pos =
                static_cast<std::size_t>(static_cast<const char*>(nl) - buffer.data());
            reader.line(std::string_view(buffer.data() + start, pos - start), ++line_no);
            start = pos + 1;
        }
        if (eof) {
            if (start < end)
                reader.line(std::string_view(buffer.data() + start, end - start), ++line_no);
            break;
        }
        // Keep the unfinished line; grow the buffer for a line longer than it.
        have = end - start;
        if (start > 0) {
            std::memmove(buffer.data(), buffer.data() + start, have);
        } else if (have == buffer.size()) {
            if (buffer.size() >= (std::size_t{1} << 28))
                throw InputError(path, line_no + 1, 1, "a line longer than 256 MB");
            buffer.resize(buffer.size() * 2);
        }
        if (options.progress && total >= next_progress) {
            options.progress(total);
            next_progress = total + (std::uint64_t{1} << 26);
        }
    }
    LedgerInput result = reader.finish();
    result.bytes = total;
    result.lines = line_no;
    return result;
}

// --- JSON --------------------------------------------------------------------------------

namespace {

// A member of an object. Not std::pair<std::string, JsonValue>: a pair of an
// incomplete type does not compile with clang's checks (the fuzz preset).
struct JsonMember;

struct JsonValue {
    enum class Type { null, boolean, number, string, array, object } type = Type::null;
    std::string text;  // number: its literal text; string: its value
    bool flag = false;
    std::vector<JsonValue> items;
    std::vector<JsonMember> members;
    std::size_t line = 0, column = 0;
};

struct JsonMember {
    std::string first;  // the name
    JsonValue second;   // the value
};

class JsonParser {
  public:
    JsonParser(std::string_view text, std::string file) : s_(text), file_(std::move(file)) {}

    JsonValue document() {
        skip();
        JsonValue v = value(0);
        skip();
        if (i_ < s_.size()) fail("text after the JSON value");
        return v;
    }

    [[noreturn]] void fail(const std::string& reason) const { fail_at(line_, col(), reason); }
    [[noreturn]] void fail_escape(std::size_t backslash, const std::string& reason) {
        i_ = backslash;
        fail(reason);
    }
    [[noreturn]] void fail_at(std::size_t line, std::size_t column,
                              const std::string& reason) const {
        throw InputError(file_, line, column, reason);
    }

  private:
    std::size_t col() const {
        return text::utf8_length(s_.substr(line_start_, i_ - line_start_)) + 1;
    }

    void skip() {
        while (i_ < s_.size()) {
            const char c = s_[i_];
            if (c == '\n') {
                ++line_;
                line_start_ = ++i_;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                ++i_;
            } else {
                break;
            }
        }
    }

    JsonValue value(int depth) {
        if (depth > 64) fail("JSON nested too deep");
        if (i_ >= s_.size()) fail("unexpected end of the JSON text");
        JsonValue v;
        v.line = line_;
        v.column = col();
        const char c = s_[i_];
        if (c == '{') {
            v.type = JsonValue::Type::object;
            ++i_;
            skip();
            if (i_ < s_.size() && s_[i_] == '}') {
                ++i_;
                return v;
            }
            while (true) {
                skip();
                if (i_ >= s_.size() || s_[i_] != '"') fail("expected a member name in quotes");
                std::string key = string();
                for (const auto& m : v.members)
                    if (m.first == key) fail("member \"" + key + "\" given twice");
                skip();
                if (i_ >= s_.size() || s_[i_] != ':') fail("expected ':'");
                ++i_;
                skip();
                v.members.push_back(JsonMember{std::move(key), value(depth + 1)});
                skip();
                if (i_ < s_.size() && s_[i_] == ',') {
                    ++i_;
                    continue;
                }
                if (i_ < s_.size() && s_[i_] == '}') {
                    ++i_;
                    return v;
                }
                fail("expected ',' or '}'");
            }
        }
        if (c == '[') {
            v.type = JsonValue::Type::array;
            ++i_;
            skip();
            if (i_ < s_.size() && s_[i_] == ']') {
                ++i_;
                return v;
            }
            while (true) {
                skip();
                v.items.push_back(value(depth + 1));
                skip();
                if (i_ < s_.size() && s_[i_] == ',') {
                    ++i_;
                    continue;
                }
                if (i_ < s_.size() && s_[i_] == ']') {
                    ++i_;
                    return v;
                }
                fail("expected ',' or ']'");
            }
        }
        if (c == '"') {
            v.type = JsonValue::Type::string;
            v.text = string();
            return v;
        }
        if (s_.substr(i_, 4) == "null") {
            i_ += 4;
            return v;
        }
        if (s_.substr(i_, 4) == "true") {
            i_ += 4;
            v.type = JsonValue::Type::boolean;
            v.flag = true;
            return v;
        }
        if (s_.substr(i_, 5) == "false") {
            i_ += 5;
            v.type = JsonValue::Type::boolean;
            return v;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            // The JSON number grammar, kept as text (read later as a decimal).
            const std::size_t start = i_;
            if (s_[i_] == '-') ++i_;
            auto digits = [&] {
                const std::size_t d = i_;
                while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9')
                    ++i_;
                return i_ - d;
            };
            if (i_ < s_.size() && s_[i_] == '0') {
                ++i_;
            } else if (digits() == 0) {
                fail("bad number");
            }
            if (i_ < s_.size() && s_[i_] == '.') {
                ++i_;
                if (digits() == 0) fail("bad number: no digits after '.'");
            }
            if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E'))
                fail("a number with an exponent: write amounts as plain decimals");
            v.type = JsonValue::Type::number;
            v.text = std::string(s_.substr(start, i_ - start));
            return v;
        }
        fail(std::string("unexpected character '") + c + "'");
    }

    std::string string() {
        ++i_;  // the opening quote
        std::string out;
        while (true) {
            if (i_ >= s_.size()) fail("unterminated string");
            const char c = s_[i_];
            if (c == '"') {
                ++i_;
                return out;
            }
            if (static_cast<unsigned char>(c) < 0x20) fail("a control character in a string");
            if (c == '\\') {
                if (i_ + 1 >= s_.size()) fail("unterminated string");
                const char e = s_[i_ + 1];
                // An error in an escape points at its backslash: the escape
                // may end in a line break ("\" then newline), and the column
                // must stay on the line (docs/testing.md, finding 5, found by fuzz_report).
                const std::size_t backslash = i_;
                i_ += 2;
                switch (e) {
                    case '"':
                        out.push_back('"');
                        break;
                    case '\\':
                        out.push_back('\\');
                        break;
                    case '/':
                        out.push_back('/');
                        break;
                    case 'b':
                        out.push_back('\b');
                        break;
                    case 'f':
                        out.push_back('\f');
                        break;
                    case 'n':
                        out.push_back('\n');
                        break;
                    case 'r':
                        out.push_back('\r');
                        break;
                    case 't':
                        out.push_back('\t');
                        break;
                    case 'u': {
                        if (i_ + 4 > s_.size()) fail_escape(backslash, "bad \\u escape");
                        unsigned cp = 0;
                        for (int k = 0; k < 4; ++k) {
                            const char h = s_[i_ + static_cast<std::size_t>(k)];
                            cp <<= 4;
                            if (h >= '0' && h <= '9')
                                cp |= static_cast<unsigned>(h - '0');
                            else if (h >= 'a' && h <= 'f')
                                cp |= static_cast<unsigned>(h - 'a' + 10);
                            else if (h >= 'A' && h <= 'F')
                                cp |= static_cast<unsigned>(h - 'A' + 10);
                            else
                                fail_escape(backslash, "bad \\u escape");
                        }
                        i_ += 4;
                        if (cp >= 0xD800 && cp <= 0xDFFF)
                            fail_escape(backslash,
                                        "a surrogate \\u escape (write the character itself)");
                        if (cp < 0x80) {
                            out.push_back(static_cast<char>(cp));
                        } else if (cp < 0x800) {
                            out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
                            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
                        } else {
                            out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
                            out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
                            out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
                        }
                        break;
                    }
                    default:
                        fail_escape(backslash, "bad escape in a string");
                }
                continue;
            }
            out.push_back(c);
            ++i_;
        }
    }

    std::string_view s_;
    std::string file_;
    std::size_t i_ = 0;
    std::size_t line_ = 1;
    std::size_t line_start_ = 0;
};

Decimal json_amount(const JsonValue& v, const std::string& file, const char* what,
                    const Decimal& factor) {
    ParseResult r;
    if (v.type == JsonValue::Type::number) {
        r = try_parse(v.text, Locale::c);
    } else if (v.type == JsonValue::Type::string) {
        r = try_parse(v.text, Locale::sv_SE);
    } else {
        throw InputError(file, v.line, v.column,
                         std::string("bad number in ") + what + ": not a number or a string");
    }
    if (!r)
        throw InputError(file, v.line,
                         v.column + (v.type == JsonValue::Type::string ? 1 : 0) + r.position,
                         std::string("bad number \"") + v.text + "\" in " + what + ": " +
                             (r.reason ? r.reason : ""));
    try {
        return r.value * factor;
    } catch (const Error&) {
        // 38 digits in tkr or mnkr can be 41 or 44 in kr (docs/testing.md, finding 3).
        throw InputError(file, v.line, v.column,
                         std::string("number \"") + v.text + "\" in " + what +
                             " is too large in kronor (more than 38 digits)");
    }
}

}  // namespace

LedgerInput read_ledger_json(const std::string& path, const ReadOptions& options) {
    auto file = open_input(path);
    std::string data;
    char buf[1 << 16];
    while (true) {
        const std::size_t got = std::fread(buf, 1, sizeof buf, file.get());
        if (got == 0) {
            if (std::ferror(file.get()))
                throw UnreadableInput("cannot read " + path + ": " + std::strerror(errno));
            break;
        }
        data.append(buf, got);
    }
    std::string_view text = data;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    const std::size_t bad = text::invalid_utf8(text);
    if (bad != std::string_view::npos) {
        std::size_t line = 1, start = 0;
        for (std::size_t k = 0; k < bad; ++k)
            if (text[k] == '\n') ++line, start = k + 1;
        throw InputError(path, line, text::utf8_length(text.substr(start, bad - start)) + 1,
                         "wrong encoding: JSON must be UTF-8");
    }
    (void)options;
    JsonParser parser(text, path);
    const JsonValue doc = parser.document();
    LedgerInput result;
    result.file = path;
    result.bytes = data.size();
    if (doc.type != JsonValue::Type::object)
        parser.fail_at(doc.line, doc.column, "the document must be an object");
    Decimal factor(1, 0);
    const JsonValue* rows = nullptr;
    for (const auto& [key, v] : doc.members) {
        const std::string k = lower_ascii(key);
        if (k == "enhet" || k == "unit") {
            const auto u = v.type == JsonValue::Type::string ? unit_of(v.text) : std::nullopt;
            if (!u) parser.fail_at(v.line, v.column, "unknown unit (kr, tkr or mnkr)");
            result.unit = *u;
            factor = unit_factor(*u);
        } else if (k == "rader" || k == "rows") {
            rows = &v;
        } else if (k != "kommentar" && k != "comment" && k != "källa" && k != "source") {
            parser.fail_at(v.line, v.column, "unknown member \"" + key + "\"");
        }
    }
    if (rows == nullptr)
        parser.fail_at(doc.line, doc.column, "missing member \"rader\" (the rows)");
    if (rows->type != JsonValue::Type::array)
        parser.fail_at(rows->line, rows->column, "\"rader\" must be an array");
    for (const auto& r : rows->items) {
        if (r.type != JsonValue::Type::object)
            parser.fail_at(r.line, r.column, "a row must be an object");
        const JsonValue* id = nullptr;
        for (const auto& [key, v] : r.members)
            if (column_of(key) == Col::id) id = &v;
        if (id == nullptr || id->type != JsonValue::Type::string || id->text.empty())
            parser.fail_at(r.line, r.column, "missing column \"id\" in a row");
        if (result.index.count(id->text))
            parser.fail_at(id->line, id->column, "duplicate row id \"" + id->text + "\"");
        InputRow& row = row_for(result, id->text, r.line);
        for (const JsonMember& member : r.members) {
            // Named references, not a structured binding: the lambda below
            // captures them (clang 14 cannot capture a binding).
            const std::string& key = member.first;
            const JsonValue& v = member.second;
            const Col c = column_of(key);
            auto need_string = [&] {
                if (v.type != JsonValue::Type::string)
                    parser.fail_at(v.line, v.column, "\"" + key + "\" must be a string");
            };
            switch (c) {
                case Col::id:
                    break;
                case Col::none:
                case Col::month:
                    parser.fail_at(v.line, v.column, "unknown member \"" + key + "\" in a row");
                case Col::parent:
                    need_string();
                    row.parent = v.text;
                    break;
                case Col::name:
                    need_string();
                    row.name = v.text;
                    break;
                case Col::volume_unit:
                    need_string();
                    row.volume_unit = v.text;
                    break;
                case Col::kind: {
                    need_string();
                    const auto k = kind_of(v.text);
                    if (!k)
                        parser.fail_at(v.line, v.column,
                                       "bad typ \"" + v.text + "\" (intäkt, kostnad or netto)");
                    row.kind = *k;
                    row.kind_given = true;
                    break;
                }
                case Col::budget:
                case Col::outcome:
                case Col::prior_outcome:
                case Col::prior_budget: {
                    if (v.type != JsonValue::Type::array || v.items.size() > 12)
                        parser.fail_at(
                            v.line, v.column,
                            "\"" + key + "\" must be an array of up to 12 monthly amounts");
                    const int s = c == Col::budget          ? 0
                                  : c == Col::outcome       ? 1
                                  : c == Col::prior_outcome ? 2
                                                            : 3;
                    for (std::size_t m = 0; m < v.items.size(); ++m) {
                        if (v.items[m].type == JsonValue::Type::null) continue;
                        row.series[static_cast<std::size_t>(s)][m] =
                            json_amount(v.items[m], path, column_label(c), factor);
                        row.series_seen = static_cast<std::uint8_t>(row.series_seen | (1u << s));
                        row.months_seen = static_cast<std::uint16_t>(row.months_seen | (1u << m));
                        if (s == 1 && static_cast<int>(m) + 1 > result.last_outcome_month)
                            result.last_outcome_month = static_cast<int>(m) + 1;
                    }
                    break;
                }
                case Col::forecast:
                case Col::downside:
                case Col::upside:
                case Col::volume: {
                    if (v.type == JsonValue::Type::null) break;
                    Decimal x = json_amount(v, path, column_label(c),
                                            c == Col::volume ? Decimal(1, 0) : factor);
                    if (c != Col::forecast && x.signum() < 0)
                        parser.fail_at(v.line, v.column,
                                       std::string(column_label(c)) + " must not be negative");
                    (c == Col::forecast   ? row.forecast
                     : c == Col::downside ? row.downside
                     : c == Col::upside   ? row.upside
                                          : row.volume) = x;
                    break;
                }
            }
        }
    }
    return result;
}

LedgerInput read_ledger(const std::string& path, const ReadOptions& options) {
    const bool json = path.size() > 5 && path.compare(path.size() - 5, 5, ".json") == 0;
    return json ? read_ledger_json(path, options) : read_ledger_csv(path, options);
}

Ledger build_ledger(const LedgerInput& input, Month month) {
    Ledger ledger;
    std::vector<RowSpec> specs;
    specs.reserve(input.rows.size());
    for (const auto& r : input.rows) {
        if (!r.parent.empty() && !input.index.count(r.parent))
            throw InputError(input.file, r.line, 1,
                             "row \"" + r.id + "\": unknown förälder \"" + r.parent + "\"");
        specs.push_back(RowSpec{r.id, r.name.empty() ? r.id : r.name, r.kind, r.parent});
    }
    try {
        ledger.add_rows(specs);
    } catch (const Error& e) {
        // The model names the row; point at the first row it names, else line 1.
        std::size_t line = 1;
        for (const auto& r : input.rows)
            if (std::string_view(e.what()).find("\"" + r.id + "\"") != std::string_view::npos) {
                line = r.line;
                break;
            }
        throw InputError(input.file, line, 1, e.what());
    }
    for (const auto& r : input.rows) {
        try {
            for (int s = 0; s < 3; ++s) {
                if (!(r.series_seen & (1u << s))) continue;
                if (s != 0 && r.kind == RowKind::net) {
                    throw InputError(
                        input.file, r.line, 1,
                        "row \"" + r.id +
                            "\" is a netto row: its utfall is the net of its rows (give it on an "
                            "intäkt or kostnad row under it)");
                }
                ledger.set_values(r.id, static_cast<Series>(s), Month::january,
                                  std::span<const Decimal>(r.series[static_cast<std::size_t>(s)]));
            }
            if (r.forecast) {
                ledger.set_manual_forecast(r.id, "prognos", month, *r.forecast,
                                           r.downside.value_or(Decimal()),
                                           r.upside.value_or(Decimal()), "");
            }
        } catch (const Error& e) {
            throw InputError(input.file, r.line, 1, "row \"" + r.id + "\": " + e.what());
        }
    }
    return ledger;
}

}  // namespace kalkyl::report
