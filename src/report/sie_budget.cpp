// `kalkyl sie-budget` (src/report/sie_budget.hpp): a budget CSV to an SIE 4
// file of #PBUDGET records.

#include "report/sie_budget.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "kalkyl/error.hpp"
#include "kalkyl/text.hpp"

namespace kalkyl::report {

namespace {

using text::lower_ascii;
using text::trim;

struct CsvField {
    std::string text;    // unquoted
    std::size_t offset;  // byte offset in the line
};

struct CsvLine {
    std::string text;  // UTF-8, without the line end
    std::size_t number = 0;
    std::vector<CsvField> fields;
};

// What a column of the budget CSV holds.
struct Column {
    enum class Kind { account, account_name, amount, use, profile, object, object_name } kind;
    int dimension = 0;  // object / object_name
};

// "dim6" -> 6; 0 when not "dim" and a number 1..999.
int dim_number(std::string_view name) {
    if (name.size() < 4 || name.size() > 6 || name.substr(0, 3) != "dim") return 0;
    int n = 0;
    for (char c : name.substr(3)) {
        if (c < '0' || c > '9') return 0;
        n = n * 10 + (c - '0');
    }
    return n;
}

std::optional<Column> column_of(std::string_view header) {
    const std::string h = lower_ascii(trim(header));
    using K = Column::Kind;
    if (h == "konto" || h == "account") return Column{K::account};
    if (h == "kontonamn" || h == "account_name") return Column{K::account_name};
    if (h == "belopp" || h == "amount" || h == "budget") return Column{K::amount};
    if (h == "typ" || h == "kind" || h == "type") return Column{K::use};
    if (h == "profil" || h == "profile") return Column{K::profile};
    if (h == "ansvar") return Column{K::object, 1};
    if (h == "projekt") return Column{K::object, 6};
    if (h == "ansvar_namn") return Column{K::object_name, 1};
    if (h == "projekt_namn") return Column{K::object_name, 6};
    if (const int d = dim_number(h)) return Column{K::object, d};
    const std::string_view suffix = "_namn";
    if (h.size() > suffix.size() && h.substr(h.size() - suffix.size()) == suffix)
        if (const int d = dim_number(std::string_view(h).substr(0, h.size() - suffix.size())))
            return Column{K::object_name, d};
    return std::nullopt;
}

std::string dimension_name(int d) {
    if (d == 1) return "Ansvar";
    if (d == 6) return "Projekt";
    return "Dimension " + std::to_string(d);
}

class BudgetReader {
  public:
    BudgetReader(std::string file, const SieBudgetOptions& options)
        : file_(std::move(file)), o_(options) {}

    std::string run(std::string data) {
        if (data.rfind("\xEF\xBB\xBF", 0) == 0) data.erase(0, 3);
        Encoding enc = o_.encoding;
        if (enc == Encoding::automatic)
            enc = text::invalid_utf8(data) == std::string_view::npos ? Encoding::utf8
                                                                     : Encoding::windows1252;
        std::size_t start = 0, number = 0;
        while (start < data.size()) {
            std::size_t nl = data.find('\n', start);
            if (nl == std::string::npos) nl = data.size();
            std::string raw = data.substr(start, nl - start);
            start = nl + 1;
            line_.number = ++number;
            if (!raw.empty() && raw.back() == '\r') raw.pop_back();
            if (enc == Encoding::utf8) {
                const std::size_t bad = text::invalid_utf8(raw);
                if (bad != std::string_view::npos) {
                    line_.text = raw.substr(0, bad);
                    fail(bad, "wrong encoding: not UTF-8 (try --encoding=windows-1252)");
                }
                line_.text = std::move(raw);
            } else {
                std::size_t bad = 0;
                if (!text::cp1252_to_utf8(raw, line_.text, bad)) {
                    line_.text.clear();
                    throw InputError(file_, number, bad + 1, "wrong encoding: not Windows-1252");
                }
            }
            if (trim(line_.text).empty() || line_.text[0] == '#') continue;
            split();
            if (cols_.empty())
                header();
            else
                record();
        }
        if (cols_.empty()) throw InputError(file_, number ? number : 1, 1, "no header row");
        if (rows_ == 0) throw InputError(file_, number, 1, "no budget rows");
        return write();
    }

  private:
    struct Row {
        std::string account;
        RowKind kind = RowKind::cost;
        std::vector<kalkyl::sie::ObjectRef> objects;
        MonthlyAmounts months{};
        std::size_t line = 0;
    };

    // What is written: an account's total (no objects) or its balance for one
    // object, summed over the rows, in the natural sign.
    struct Series {
        std::string account;
        std::vector<kalkyl::sie::ObjectRef> objects;  // none or one
        RowKind kind = RowKind::cost;
        MonthlyAmounts months{};
        std::size_t order = 0;  // of first appearance
    };

    static const char* kind_word(RowKind k) { return k == RowKind::revenue ? "intäkt" : "kostnad"; }

    void add(const Row& row, std::vector<kalkyl::sie::ObjectRef> objects, const CsvField& amount) {
        std::string key = row.account;
        for (const auto& o : objects)
            key += '\x1F' + std::to_string(o.dimension) + '\x1F' + o.id;
        account_order_.emplace(row.account, account_order_.size());
        auto [it, fresh] = series_index_.emplace(key, series_.size());
        if (fresh) {
            Series s;
            s.account = row.account;
            s.objects = std::move(objects);
            s.kind = row.kind;
            s.order = series_.size();
            series_.push_back(std::move(s));
        }
        Series& s = series_[it->second];
        try {
            for (std::size_t m = 0; m < s.months.size(); ++m)
                s.months[m] = s.months[m] + row.months[m];
        } catch (const Error&) {
            fail(amount.offset,
                 "the rows of konto " + row.account + " add up to more than 38 digits");
        }
    }

    std::size_t column(std::size_t offset) const {
        return text::utf8_length(
                   std::string_view(line_.text).substr(0, std::min(offset, line_.text.size()))) +
               1;
    }

    [[noreturn]] void fail(std::size_t offset, const std::string& reason) const {
        throw InputError(file_, line_.number, column(offset), reason);
    }

    void split() {
        auto& fields = line_.fields;
        fields.clear();
        const std::string& t = line_.text;
        std::size_t i = 0;
        const std::size_t n = t.size();
        while (true) {
            CsvField f{{}, i};
            if (i < n && t[i] == '"') {
                ++i;
                bool closed = false;
                while (i < n) {
                    if (t[i] == '"') {
                        if (i + 1 < n && t[i + 1] == '"') {
                            f.text.push_back('"');
                            i += 2;
                            continue;
                        }
                        closed = true;
                        ++i;
                        break;
                    }
                    f.text.push_back(t[i++]);
                }
                if (!closed)
                    fail(f.offset, "unterminated quoted field (a field cannot span lines)");
                if (i < n && t[i] != ';') fail(i, "text after a closing quote");
            } else {
                const std::size_t semi = t.find(';', i);
                const std::size_t end = semi == std::string::npos ? n : semi;
                f.text = t.substr(i, end - i);
                i = end;
            }
            fields.push_back(std::move(f));
            if (i >= n) break;
            ++i;  // the ';'
        }
    }

    void header() {
        header_line_ = line_.number;
        for (const auto& f : line_.fields) {
            const auto c = column_of(f.text);
            if (!c)
                fail(f.offset, "unknown column \"" + std::string(trim(f.text)) +
                                   "\" (konto, belopp, typ, profil, kontonamn, ansvar, projekt, "
                                   "dimN and their _namn columns)");
            for (const auto& seen : cols_)
                if (seen.kind == c->kind && seen.dimension == c->dimension)
                    fail(f.offset, "column \"" + std::string(trim(f.text)) +
                                       "\" named twice (or a dimension given by two names)");
            cols_.push_back(*c);
        }
        for (auto [kind, name] : {std::pair{Column::Kind::account, "konto"},
                                  std::pair{Column::Kind::amount, "belopp"}}) {
            if (std::none_of(cols_.begin(), cols_.end(),
                             [k = kind](const Column& c) { return c.kind == k; }))
                fail(0, std::string("missing column \"") + name + "\" in the header");
        }
        for (const auto& c : cols_)
            if (c.kind == Column::Kind::object_name &&
                std::none_of(cols_.begin(), cols_.end(), [&](const Column& o) {
                    return o.kind == Column::Kind::object && o.dimension == c.dimension;
                }))
                fail(0, "a name column for dimension " + std::to_string(c.dimension) +
                            " without its object column");
    }

    // Text that the SIE file must hold: CP437 can write it.
    void check_cp437(const CsvField& f, std::string_view text, const char* what) const {
        std::string out;
        std::size_t bad = 0;
        if (!kalkyl::sie::utf8_to_cp437(text, out, bad))
            fail(f.offset, std::string(what) + " \"" + std::string(text) +
                               "\" has a character that SIE's character set (CP437) cannot hold");
    }

    void record() {
        const auto& fields = line_.fields;
        if (fields.size() != cols_.size()) {
            const std::size_t at =
                fields.size() > cols_.size() ? fields[cols_.size()].offset : line_.text.size();
            fail(at, "expected " + std::to_string(cols_.size()) +
                         " fields as in the header on line " + std::to_string(header_line_) +
                         ", found " + std::to_string(fields.size()));
        }
        Row row;
        row.line = line_.number;
        const CsvField* account = nullptr;
        const CsvField* amount = nullptr;
        const CsvField* use = nullptr;
        const CsvField* profile = nullptr;
        const CsvField* account_name = nullptr;
        std::map<int, const CsvField*> object_names;
        for (std::size_t i = 0; i < cols_.size(); ++i) {
            const CsvField& f = fields[i];
            switch (cols_[i].kind) {
                case Column::Kind::account:
                    account = &f;
                    break;
                case Column::Kind::amount:
                    amount = &f;
                    break;
                case Column::Kind::use:
                    use = &f;
                    break;
                case Column::Kind::profile:
                    profile = &f;
                    break;
                case Column::Kind::account_name:
                    account_name = &f;
                    break;
                case Column::Kind::object: {
                    const std::string id(trim(f.text));
                    if (id.empty()) break;
                    check_cp437(f, id, "object");
                    row.objects.push_back({cols_[i].dimension, id});
                    break;
                }
                case Column::Kind::object_name:
                    object_names[cols_[i].dimension] = &f;
                    break;
            }
        }
        // The account: digits.
        row.account = std::string(trim(account->text));
        if (row.account.empty()) fail(account->offset, "empty konto");
        if (row.account.find_first_not_of("0123456789") != std::string::npos)
            fail(account->offset,
                 "konto \"" + row.account + "\" is not an account number (digits)");
        // Revenue or cost: the typ column, else the account class.
        if (use != nullptr && !trim(use->text).empty()) {
            const auto k = kind_of(use->text);
            if (!k || *k == RowKind::net)
                fail(use->offset, "bad typ \"" + std::string(use->text) + "\" (intäkt or kostnad)");
            row.kind = *k;
        } else {
            const auto u = kalkyl::sie::default_use(kalkyl::sie::Chart::kommun_bas, row.account);
            if (u == kalkyl::sie::AccountUse::exclude)
                fail(account->offset,
                     "konto " + row.account + " is in class " + row.account.substr(0, 1) +
                         ", which a follow-up excludes (Kommun-Bas: 3 intäkter, 4-7 kostnader): "
                         "give its typ, intäkt or kostnad");
            row.kind = u == kalkyl::sie::AccountUse::revenue ? RowKind::revenue : RowKind::cost;
        }
        std::sort(row.objects.begin(), row.objects.end(),
                  [](const auto& a, const auto& b) { return a.dimension < b.dimension; });
        // Names: one per account and per object.
        if (account_name != nullptr)
            name(accounts_, row.account, *account_name, "kontonamn of konto " + row.account);
        for (const auto& [d, f] : object_names) {
            const auto it = std::find_if(row.objects.begin(), row.objects.end(),
                                         [d = d](const auto& o) { return o.dimension == d; });
            if (it == row.objects.end()) {
                if (!trim(f->text).empty())
                    fail(f->offset,
                         "an object name without an object of dimension " + std::to_string(d));
                continue;
            }
            name(objects_[d], it->id, *f, "the name of object " + it->id);
        }
        for (const auto& o : row.objects)
            objects_[o.dimension].emplace(o.id, std::string());
        // The same account and objects once: an import replaces a month's budget.
        std::string key = row.account;
        for (const auto& o : row.objects)
            key += '\x1F' + std::to_string(o.dimension) + '\x1F' + o.id;
        const auto [seen, fresh] = keys_.emplace(key, line_.number);
        if (!fresh)
            fail(account->offset,
                 "konto " + row.account + (row.objects.empty() ? "" : " with the same objects") +
                     " is given twice (also on line " + std::to_string(seen->second) + ")");
        // The weights.
        std::optional<MonthlyProfile> weights = o_.profile;
        if (profile != nullptr && !trim(profile->text).empty()) {
            std::size_t pos = 0;
            try {
                weights = parse_profile(profile->text, '/', pos);
            } catch (const std::invalid_argument& e) {
                fail(profile->offset + pos, std::string("bad profil: ") + e.what());
            }
        }
        // The annual amount, exactly, and its months.
        const ParseResult r = try_parse(amount->text, Locale::sv_SE);
        if (!r)
            throw InputError(file_, line_.number, column(amount->offset + r.position),
                             "bad number \"" + amount->text +
                                 "\" in column belopp: " + (r.reason ? r.reason : "not a number"));
        try {
            row.months = periodise(r.value, weights ? *weights : MonthlyProfile::equal(),
                                   o_.decimals, AllocationMode::cumulative);
        } catch (const Error& e) {
            if (e.code() == Errc::scale)
                fail(amount->offset, "belopp \"" + std::string(trim(amount->text)) +
                                         "\" has more decimals than " + "--decimals " +
                                         std::to_string(o_.decimals) +
                                         " gives the months (round it, or give more --decimals)");
            fail(amount->offset, "belopp \"" + std::string(trim(amount->text)) + "\": " + e.what());
        }
        // The account's kind is one: the accounting system's account is a
        // revenue or a cost account.
        const auto [k, fresh_kind] = kinds_.emplace(row.account, std::pair{row.kind, line_.number});
        if (!fresh_kind && k->second.first != row.kind)
            fail(use != nullptr ? use->offset : account->offset,
                 "konto " + row.account + " is " + kind_word(row.kind) + " here and " +
                     kind_word(k->second.first) + " on line " + std::to_string(k->second.second) +
                     " (a negative belopp lowers a budget)");
        // The account's total and its balance per object of each dimension.
        add(row, {}, *amount);
        for (const auto& o : row.objects)
            add(row, {o}, *amount);
        ++rows_;
    }

    // A name for an account or an object: one per id, whichever line gives it.
    void name(std::map<std::string, std::string>& names, const std::string& id, const CsvField& f,
              const std::string& what) {
        const std::string text(trim(f.text));
        std::string& slot = names[id];
        if (text.empty()) return;
        check_cp437(f, text, "name");
        if (slot.empty())
            slot = text;
        else if (slot != text)
            fail(f.offset,
                 what + " is \"" + text + "\" here and \"" + slot + "\" on an earlier line");
    }

    std::string write() const {
        kalkyl::sie::BudgetFileHeader h;
        h.program_version = o_.program_version;
        h.generated = o_.generated;
        h.company = o_.company;
        h.org_number = o_.org_number;
        h.year = fiscal_year(o_.year, o_.fiscal_start);
        h.checksum = o_.checksum;
        for (const auto& [number, name] : accounts_)
            if (!name.empty()) h.accounts.push_back({number, name, 0});
        for (const auto& [d, objects] : objects_) {
            h.dimensions.push_back({d, dimension_name(d), 0});
            for (const auto& [id, name] : objects)
                if (!name.empty()) h.objects.push_back({d, id, name});
        }
        const int first_period = h.year.start / 100;
        std::vector<kalkyl::sie::BudgetLine> lines;
        // Each account's total first, then its balances per object, by
        // dimension, each in the order the file first names them.
        std::vector<const Series*> order;
        for (const auto& s : series_)
            order.push_back(&s);
        std::stable_sort(order.begin(), order.end(), [&](const Series* a, const Series* b) {
            const std::size_t oa = account_order_.at(a->account);
            const std::size_t ob = account_order_.at(b->account);
            if (oa != ob) return oa < ob;
            const int da = a->objects.empty() ? 0 : a->objects[0].dimension;
            const int db = b->objects.empty() ? 0 : b->objects[0].dimension;
            return da < db;
        });
        for (const Series* s : order) {
            auto l =
                kalkyl::sie::budget_lines(s->account, s->objects, first_period, s->kind, s->months);
            lines.insert(lines.end(), std::make_move_iterator(l.begin()),
                         std::make_move_iterator(l.end()));
        }
        std::ostringstream out;
        kalkyl::sie::write_budget(out, h, lines);
        return out.str();
    }

    std::string file_;
    const SieBudgetOptions& o_;
    CsvLine line_;
    std::size_t header_line_ = 0;
    std::vector<Column> cols_;
    std::size_t rows_ = 0;
    std::vector<Series> series_;
    std::map<std::string, std::size_t> series_index_;
    std::map<std::string, std::size_t> account_order_;
    std::map<std::string, std::pair<RowKind, std::size_t>> kinds_;
    std::map<std::string, std::size_t> keys_;
    std::map<std::string, std::string> accounts_;                // number -> name
    std::map<int, std::map<std::string, std::string>> objects_;  // dimension -> id -> name
};

int days_in_month(int year, int month) {
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) return 29;
    return days[month - 1];
}

}  // namespace

bool valid_date(int d) {
    const int y = d / 10000, m = d / 100 % 100, day = d % 100;
    return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && day >= 1 && day <= days_in_month(y, m);
}

kalkyl::sie::FiscalYear fiscal_year(int year, int fiscal_start) {
    kalkyl::sie::FiscalYear fy;
    fy.start = year * 10000 + fiscal_start * 100 + 1;
    const int end_year = fiscal_start == 1 ? year : year + 1;
    const int end_month = fiscal_start == 1 ? 12 : fiscal_start - 1;
    fy.end = end_year * 10000 + end_month * 100 + days_in_month(end_year, end_month);
    return fy;
}

MonthlyProfile parse_profile(std::string_view text, char separator, std::size_t& position) {
    std::vector<Decimal> weights;
    std::size_t start = 0;
    while (true) {
        const std::size_t end = text.find(separator, start);
        const std::string_view w = text.substr(
            start, end == std::string_view::npos ? std::string_view::npos : end - start);
        position = start;
        const ParseResult r = try_parse(w, Locale::sv_SE);
        if (!r)
            throw std::invalid_argument("weight " + std::to_string(weights.size() + 1) + " \"" +
                                        std::string(w) + "\" is not a number");
        if (r.value.signum() < 0)
            throw std::invalid_argument("weight " + std::to_string(weights.size() + 1) + " \"" +
                                        std::string(w) + "\" is negative");
        weights.push_back(r.value);
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    position = 0;
    if (weights.size() != 12)
        throw std::invalid_argument("expected 12 weights separated by '" +
                                    std::string(1, separator) + "', found " +
                                    std::to_string(weights.size()));
    if (std::all_of(weights.begin(), weights.end(),
                    [](const Decimal& w) { return w.signum() == 0; }))
        throw std::invalid_argument("every weight is zero");
    return MonthlyProfile::from_weights(weights);
}

std::string sie_budget(const std::string& path, const SieBudgetOptions& options) {
    std::string data;
    if (path == "-") {
        std::ostringstream ss;
        ss << std::cin.rdbuf();
        data = ss.str();
    } else {
        struct stat st {};
        if (::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode))
            throw UnreadableInput("cannot read " + path + ": it is a directory");
        std::ifstream in(path, std::ios::binary);
        if (!in) throw UnreadableInput("cannot read " + path + ": " + std::strerror(errno));
        std::ostringstream ss;
        ss << in.rdbuf();
        if (in.bad()) throw UnreadableInput("cannot read " + path);
        data = ss.str();
    }
    BudgetReader reader(path, options);
    return reader.run(std::move(data));
}

}  // namespace kalkyl::report
