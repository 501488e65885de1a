// src/sie_ledger.cpp: layer 3 of include/kalkyl/sie.hpp: an SIE File as the
// follow-up ledger of one fiscal year, and the mapping file.
//
// The chart defaults (docs/sie.md): in BAS (BAS-kontoplanen, BAS-intressenternas
// förening) class 3 is rörelsens inkomster/intäkter and classes 4–7 are the
// costs (4 material och varor, 5–6 övriga externa kostnader, 7 personal och
// avskrivningar); 8 is finansiella poster, 1–2 the balance sheet. Kommun-Bas
// (SKR's chart for municipalities) keeps the same classes for the
// follow-up: 3 verksamhetens intäkter, 4–7 verksamhetens kostnader
// (4 material, 5 personal, 6–7 övriga kostnader), 8 finansiella poster and
// skatteintäkter/generella statsbidrag (which are not a committee's
// follow-up), 1–2 the balance sheet. Both charts therefore default to
// 3 = revenue, 4–7 = cost, everything else excluded; a mapping file changes
// any range.
#include <algorithm>
#include <map>
#include <string>

#include "kalkyl/sie.hpp"
#include "sie_internal.hpp"

namespace kalkyl::sie {

AccountUse default_use(Chart chart, std::string_view account) noexcept {
    (void)chart;  // the two charts agree on the classes the follow-up uses (above)
    if (account.empty()) return AccountUse::exclude;
    switch (account[0]) {
        case '3':
            return AccountUse::revenue;
        case '4':
        case '5':
        case '6':
        case '7':
            return AccountUse::cost;
        default:
            return AccountUse::exclude;
    }
}

namespace {

// Accounts compare as numbers (4010 < 40100), text of digits of any length.
bool account_less(std::string_view a, std::string_view b) {
    while (a.size() > 1 && a[0] == '0')
        a.remove_prefix(1);
    while (b.size() > 1 && b[0] == '0')
        b.remove_prefix(1);
    if (a.size() != b.size()) return a.size() < b.size();
    return a < b;
}

bool in_range(std::string_view account, std::string_view first, std::string_view last) {
    return !account_less(account, first) && !account_less(last, account);
}

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

struct ObjectKeyLess {
    bool operator()(const std::string& a, const std::string& b) const {
        if (all_digits(a) && all_digits(b)) return account_less(a, b);
        return a < b;
    }
};

constexpr const char* no_object_name = "(utan objekt)";

struct Use {
    AccountUse use = AccountUse::exclude;
    std::string row_id;  // a group row; empty: a row per account
    std::string row_name;
};

class Mapper {
  public:
    Mapper(const File& file, const MappingOptions& options) : f_(file), o_(options) {}

    MappedLedger run() {
        if (!f_.complete() && !o_.accept_incomplete) {
            std::string first;
            for (const auto& d : f_.diagnostics) {
                if (d.severity == Severity::error) {
                    first = (d.line > 0 ? "line " + std::to_string(d.line) + ": " : "") + d.message;
                    break;
                }
            }
            throw Error(Errc::invalid,
                        "the SIE file has " + std::to_string(f_.error_count) +
                            " error(s) and is not used as complete (first: " + first + ")");
        }
        const FiscalYear* fy = f_.year(o_.year);
        if (fy == nullptr)
            throw Error(Errc::invalid, "the SIE file has no #RAR " + std::to_string(o_.year) +
                                           " (the fiscal year asked for)");
        out_.year = *fy;
        start_ = fy->start / 10000 * 12 + (fy->start / 100 % 100 - 1);
        const int end = fy->end / 10000 * 12 + (fy->end / 100 % 100 - 1);
        if (end - start_ + 1 > 12)
            throw Error(Errc::invalid, "the fiscal year " + std::to_string(fy->start) + "–" +
                                           std::to_string(fy->end) +
                                           " is longer than 12 months; the follow-up ledger "
                                           "holds 12");
        prior_ = f_.year(o_.year - 1);
        if (prior_ != nullptr)
            prior_start_ = prior_->start / 10000 * 12 + (prior_->start / 100 % 100 - 1);
        check_dimension();

        const OutcomeSource src = choose(o_.year);
        out_.outcome_source = src;
        add_series(PeriodKind::pbudget, o_.year, start_, Which::budget);
        add_series(src == OutcomeSource::psaldo ? PeriodKind::psaldo : PeriodKind::trans, o_.year,
                   start_, Which::outcome);
        if (prior_ != nullptr) {
            const OutcomeSource psrc = choose(o_.year - 1);
            const std::size_t before = touched_prior_;
            add_series(psrc == OutcomeSource::psaldo ? PeriodKind::psaldo : PeriodKind::trans,
                       o_.year - 1, prior_start_, Which::prior);
            out_.has_prior_year = touched_prior_ > before;
        }
        build_rows();
        notes(src);
        return std::move(out_);
    }

  private:
    enum class Which { budget, outcome, prior };

    void check_dimension() {
        const int d = o_.dimension;
        if (d == 0) return;
        if (d < 0)
            throw Error(Errc::invalid, "dimension " + std::to_string(d) + " is not a dimension");
        for (const auto& dim : f_.dimensions)
            if (dim.number == d) return;
        for (const auto& obj : f_.objects)
            if (obj.dimension == d) return;
        for (const auto* list : {&f_.periods, &f_.transactions})
            for (const auto& p : *list)
                for (const auto& ob : p.objects)
                    if (ob.dimension == d) return;
        throw Error(Errc::invalid, "dimension " + std::to_string(d) +
                                       " is neither declared (#DIM) nor used in the SIE file");
    }

    OutcomeSource choose(int year) const {
        if (o_.outcome != OutcomeSource::automatic) return o_.outcome;
        for (const auto& p : f_.periods)
            if (p.kind == PeriodKind::psaldo && p.year == year) return OutcomeSource::psaldo;
        return OutcomeSource::transactions;
    }

    const Use& use_of(const std::string& account) {
        auto it = uses_.find(account);
        if (it != uses_.end()) return it->second;
        Use u;
        bool allowed = o_.ranges.empty();
        for (const auto& r : o_.ranges)
            if (in_range(account, r.first, r.second)) allowed = true;
        if (allowed) {
            bool matched = false;
            for (const auto& rule : o_.rules) {
                if (in_range(account, rule.first, rule.last)) {
                    u.use = rule.use;
                    u.row_id = rule.row_id;
                    u.row_name = rule.row_name.empty() ? rule.row_id : rule.row_name;
                    matched = true;
                    break;
                }
            }
            if (!matched) u.use = default_use(o_.chart, account);
        }
        if (u.use == AccountUse::exclude) excluded_.push_back(account);
        return uses_.emplace(account, std::move(u)).first->second;
    }

    int month_of(int period, int start) const {
        const int m = period / 100 * 12 + (period % 100 - 1) - start + 1;
        return (m >= 1 && m <= 12) ? m : 0;
    }

    // The object of the chosen dimension in a list ("" none); `single` says
    // whether the list is exactly that one object.
    static const ObjectRef* object_of(const std::vector<ObjectRef>& objs, int d) {
        for (const auto& ob : objs)
            if (ob.dimension == d) return &ob;
        return nullptr;
    }

    struct Cell {
        std::array<MonthlyAmounts, 3> series{};
        std::array<bool, 3> has{};
    };

    void put(const std::string& object, const std::string& account, Which which, int month,
             const Decimal& sie_amount) {
        const Use& u = use_of(account);
        if (u.use == AccountUse::exclude) return;
        const std::string row = u.row_id.empty() ? account : "=" + u.row_id;
        Cell& c = cells_[object][row];
        const Decimal natural = u.use == AccountUse::revenue ? -sie_amount : sie_amount;
        const auto w = static_cast<std::size_t>(which);
        c.series[w][static_cast<std::size_t>(month - 1)] += natural;
        c.has[w] = true;
        if (which == Which::outcome)
            out_.last_outcome_month = std::max(out_.last_outcome_month, month);
        if (which == Which::prior) ++touched_prior_;
    }

    void add_series(PeriodKind kind, int year, int start, Which which) {
        const int d = o_.dimension;
        const auto& list = kind == PeriodKind::trans ? f_.transactions : f_.periods;
        if (kind == PeriodKind::trans) {
            for (const auto& p : list) {
                if (p.year != year) continue;
                const int m = month_of(p.period, start);
                if (m == 0) continue;
                std::string object;
                if (d != 0) {
                    const ObjectRef* ob = object_of(p.objects, d);
                    object = ob ? ob->id : std::string();
                }
                put(object, p.account, which, m, p.amount);
            }
            return;
        }
        // #PSALDO / #PBUDGET: totals (no object) and balances per object.
        // With a dimension, the rows take the balances of exactly one object
        // of it, and a total's remainder (total − its objects) goes to the
        // row without object; without one, the totals.
        std::map<std::pair<std::string, int>, Decimal> object_sums;  // (account, month)
        for (const auto& p : list) {
            if (p.kind != kind || p.year != year) continue;
            const int m = month_of(p.period, start);
            if (m == 0) continue;
            if (d == 0) {
                if (p.objects.empty()) put({}, p.account, which, m, p.amount);
                continue;
            }
            if (p.objects.size() == 1 && p.objects[0].dimension == d) {
                put(p.objects[0].id, p.account, which, m, p.amount);
                object_sums[{p.account, m}] += p.amount;
            }
        }
        if (d == 0) return;
        for (const auto& p : list) {
            if (p.kind != kind || p.year != year || !p.objects.empty()) continue;
            const int m = month_of(p.period, start);
            if (m == 0) continue;
            auto it = object_sums.find({p.account, m});
            const Decimal rest = it == object_sums.end() ? p.amount : p.amount - it->second;
            if (!rest.is_zero() || it == object_sums.end()) put({}, p.account, which, m, rest);
        }
    }

    std::string account_name(const std::string& number) const {
        const Account* a = f_.account(number);
        return a && !a->name.empty() ? number + " " + a->name : number;
    }

    void build_rows() {
        const int d = o_.dimension;
        MappedRow root;
        root.id = o_.root_id.empty() ? "SIE" : o_.root_id;
        root.name = !o_.root_name.empty() ? o_.root_name
                    : !f_.company.empty() ? f_.company
                                          : "Resultaträkning";
        root.kind = RowKind::net;
        out_.rows.push_back(root);
        // Objects in order: numbers numerically, then text.
        std::vector<std::string> objects;
        for (const auto& [obj, rows] : cells_)
            objects.push_back(obj);
        std::sort(objects.begin(), objects.end(), [](const std::string& a, const std::string& b) {
            if (a.empty() != b.empty()) return b.empty();  // "(utan objekt)" last
            return ObjectKeyLess{}(a, b);
        });
        for (const auto& obj : objects) {
            std::size_t net_index = 0;
            std::string parent = root.id;
            std::string prefix;
            if (d != 0) {
                MappedRow net;
                net.id = std::to_string(d) + ":" + (obj.empty() ? "-" : obj);
                const Object* known = obj.empty() ? nullptr : f_.object(d, obj);
                net.name = obj.empty()                     ? no_object_name
                           : known && !known->name.empty() ? obj + " " + known->name
                                                           : obj;
                net.kind = RowKind::net;
                net.parent = root.id;
                net_index = out_.rows.size();
                out_.rows.push_back(net);
                parent = net.id;
                prefix = net.id + "/";
            }
            auto& rows = cells_[obj];
            std::vector<std::string> keys;
            for (const auto& [k, c] : rows)
                keys.push_back(k);
            // Accounts first, by number; then the groups in the order of
            // their first rule (the mapping file's order).
            auto rule_index = [this](const std::string& key) {
                for (std::size_t i = 0; i < o_.rules.size(); ++i)
                    if (o_.rules[i].row_id == std::string_view(key).substr(1)) return i;
                return o_.rules.size();
            };
            std::sort(keys.begin(), keys.end(), [&](const std::string& a, const std::string& b) {
                const bool ga = a[0] == '=', gb = b[0] == '=';
                if (ga != gb) return gb;
                return ga ? rule_index(a) < rule_index(b) : account_less(a, b);
            });
            MonthlyAmounts net_budget{};
            bool any_budget = false;
            for (const auto& k : keys) {
                const Cell& c = rows[k];
                MappedRow r;
                if (k[0] == '=') {
                    const std::string id = k.substr(1);
                    r.id = prefix + id;
                    // The group's name and use: from the first rule with that id.
                    for (const auto& rule : o_.rules) {
                        if (rule.row_id == id) {
                            r.name = rule.row_name.empty() ? id : rule.row_name;
                            r.kind =
                                rule.use == AccountUse::revenue ? RowKind::revenue : RowKind::cost;
                            break;
                        }
                    }
                } else {
                    r.id = prefix + k;
                    r.name = account_name(k);
                    r.kind =
                        use_of(k).use == AccountUse::revenue ? RowKind::revenue : RowKind::cost;
                }
                r.parent = parent;
                r.budget = c.series[0];
                r.outcome = c.series[1];
                r.prior_outcome = c.series[2];
                r.has_budget = c.has[0];
                r.has_outcome = c.has[1];
                r.has_prior_outcome = c.has[2];
                if (r.has_budget) {
                    any_budget = true;
                    for (std::size_t m = 0; m < 12; ++m)
                        net_budget[m] += r.kind == RowKind::revenue ? -r.budget[m] : r.budget[m];
                }
                out_.rows.push_back(std::move(r));
            }
            // The net row's kommunbidrag: its accounts' net budget.
            if (any_budget) {
                MappedRow& net = out_.rows[net_index];
                for (std::size_t m = 0; m < 12; ++m)
                    net.budget[m] += net_budget[m];
                net.has_budget = true;
            }
        }
    }

    void notes(OutcomeSource src) {
        out_.notes.push_back(std::string("utfall från ") +
                             (src == OutcomeSource::psaldo ? "#PSALDO" : "summerade #TRANS"));
        if (!excluded_.empty()) {
            std::sort(excluded_.begin(), excluded_.end(), account_less);
            std::string s = std::to_string(excluded_.size()) + " konton utanför uppföljningen (";
            for (std::size_t i = 0; i < excluded_.size() && i < 5; ++i) {
                if (i > 0) s += ", ";
                s += excluded_[i];
            }
            if (excluded_.size() > 5) s += ", …";
            s += ")";
            out_.notes.push_back(s);
        }
    }

    const File& f_;
    const MappingOptions& o_;
    MappedLedger out_;
    int start_ = 0;
    int prior_start_ = 0;
    const FiscalYear* prior_ = nullptr;
    std::size_t touched_prior_ = 0;
    std::map<std::string, Use> uses_;
    std::vector<std::string> excluded_;
    // object id ("" none) -> row key (account, or "=" + group id) -> series
    std::map<std::string, std::map<std::string, Cell>> cells_;
};

}  // namespace

MappedLedger map_ledger(const File& file, const MappingOptions& options) {
    return Mapper(file, options).run();
}

Ledger to_ledger(const File& file, const MappingOptions& options) {
    return to_ledger(map_ledger(file, options));
}

Ledger to_ledger(const MappedLedger& mapped) {
    std::vector<RowSpec> specs;
    specs.reserve(mapped.rows.size());
    for (const auto& r : mapped.rows)
        specs.push_back({r.id, r.name, r.kind, r.parent});
    Ledger ledger;
    ledger.add_rows(specs);
    for (const auto& r : mapped.rows) {
        if (r.has_budget) ledger.set_values(r.id, Series::budget, Month::january, r.budget);
        if (r.kind == RowKind::net) continue;  // a net row's outcome is its rows'
        if (r.has_outcome) ledger.set_values(r.id, Series::outcome, Month::january, r.outcome);
        if (r.has_prior_outcome)
            ledger.set_values(r.id, Series::prior_outcome, Month::january, r.prior_outcome);
    }
    return ledger;
}

// --- the mapping file -----------------------------------------------------------------------

std::vector<AccountRule> parse_mapping(std::string_view text) {
    std::vector<AccountRule> rules;
    std::uint64_t line_no = 0;
    std::size_t pos = 0;
    if (text.substr(0, 3) == "\xEF\xBB\xBF") pos = 3;
    while (pos <= text.size()) {
        const std::size_t nl = text.find('\n', pos);
        std::string_view line =
            text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        const std::size_t line_start = pos;
        pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        std::size_t lead = 0;
        while (lead < line.size() && (line[lead] == ' ' || line[lead] == '\t'))
            ++lead;
        if (lead == line.size() || line[lead] == '#') continue;
        // Split at ';', each field trimmed.
        std::vector<std::pair<std::string_view, std::size_t>> fields;  // text, column
        std::size_t s = 0;
        for (;;) {
            const std::size_t semi = line.find(';', s);
            std::string_view f =
                line.substr(s, semi == std::string_view::npos ? std::string_view::npos : semi - s);
            std::size_t col = s;
            while (!f.empty() && (f.front() == ' ' || f.front() == '\t')) {
                f.remove_prefix(1);
                ++col;
            }
            while (!f.empty() && (f.back() == ' ' || f.back() == '\t'))
                f.remove_suffix(1);
            fields.emplace_back(f, col + 1);
            if (semi == std::string_view::npos) break;
            s = semi + 1;
        }
        (void)line_start;
        auto fail = [&](std::size_t field, const std::string& why) {
            const std::size_t col = field < fields.size() ? fields[field].second : line.size() + 1;
            throw SieError(Errc::parse, line_no, col, "mapping", why);
        };
        if (fields.size() < 3 || fields.size() > 5)
            fail(fields.size() < 3 ? fields.size() : 5,
                 "a rule is first;last;use[;row id[;row name]] (" + std::to_string(fields.size()) +
                     " fields)");
        AccountRule r;
        r.first = std::string(fields[0].first);
        r.last = std::string(fields[1].first);
        if (!all_digits(r.first)) fail(0, "account \"" + r.first + "\" is not digits");
        if (!all_digits(r.last)) fail(1, "account \"" + r.last + "\" is not digits");
        if (account_less(r.last, r.first)) fail(1, "the range ends before it starts");
        std::string use(fields[2].first);
        for (auto& c : use)
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (use == "intäkt" || use == "intakt" || use == "revenue" || use == "intäkter")
            r.use = AccountUse::revenue;
        else if (use == "kostnad" || use == "cost" || use == "kostnader")
            r.use = AccountUse::cost;
        else if (use == "exkludera" || use == "exclude" || use == "ingen")
            r.use = AccountUse::exclude;
        else
            fail(2, "use \"" + use +
                        "\" is not intäkt, kostnad or exkludera (revenue, cost, exclude)");
        if (fields.size() >= 4) r.row_id = std::string(fields[3].first);
        if (fields.size() >= 5) r.row_name = std::string(fields[4].first);
        if (!r.row_name.empty() && r.row_id.empty()) fail(4, "a row name needs a row id");
        if (r.use == AccountUse::exclude && !r.row_id.empty())
            fail(3, "an excluded range has no row");
        for (const auto& earlier : rules)
            if (!r.row_id.empty() && earlier.row_id == r.row_id && earlier.use != r.use)
                fail(3, "row \"" + r.row_id + "\" is used for both revenue and cost");
        rules.push_back(std::move(r));
    }
    return rules;
}

}  // namespace kalkyl::sie
