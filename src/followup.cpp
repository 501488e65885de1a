// The budget follow-up ledger (include/kalkyl/followup.hpp).
//
// Rows live in one vector in the order they were added; `order` lists them
// parents first, so walking it backwards visits every child before its
// parent: compute() is two linear passes (own figures, then each row added
// into its parent), and no recursion anywhere (a tree may be deep).
//
// Every mutating call checks everything first, then commits with operations
// that cannot fail; where a commit needs memory (add_rows), it undoes itself
// on std::bad_alloc, so the ledger is as it was whenever a call throws.

#include "kalkyl/followup.hpp"

#include <algorithm>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>

#include "kalkyl/error.hpp"
#include "kalkyl/unitcost.hpp"

namespace kalkyl {

namespace detail {

inline constexpr std::uint32_t no_row = UINT32_MAX;

struct Row {
    std::string id;
    std::string name;
    RowKind kind = RowKind::cost;
    std::uint32_t parent = no_row;
    std::vector<std::uint32_t> children;
    std::array<MonthlyAmounts, series_count> series{};
    std::vector<Forecast> forecasts;
};

struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};

struct LedgerImpl {
    std::vector<Row> rows;             // in the order added
    std::vector<std::uint32_t> order;  // parents before children
    std::unordered_map<std::string, std::uint32_t, StringHash, std::equal_to<>> index;
    std::uint64_t generation = 0;  // bumped by every change
};

}  // namespace detail

namespace {

using detail::LedgerImpl;
using detail::no_row;
using detail::Row;

std::string quoted(std::string_view id) {
    return "row '" + std::string(id) + "'";
}

[[noreturn]] void row_error(std::string_view id, const std::string& reason) {
    throw Error(Errc::invalid, quoted(id) + ": " + reason);
}

// Re-throws an Error from a lower layer with the row named in front.
template <class Body>
auto naming_row(std::string_view id, Body&& body) -> decltype(body()) {
    try {
        return body();
    } catch (const Error& e) {
        throw Error(e.code(), quoted(id) + ": " + e.what());
    }
}

bool valid_kind(RowKind kind) {
    return static_cast<int>(kind) >= 0 && static_cast<int>(kind) < row_kind_count;
}

// How a child's figures count in its parent's: a net row subtracts revenue.
int contribution(RowKind child, RowKind parent) {
    return parent == RowKind::net && child == RowKind::revenue ? -1 : 1;
}

void accumulate(Decimal& into, const Decimal& v, int sign) {
    if (sign > 0)
        into += v;
    else
        into -= v;
}

const LedgerImpl& empty_ledger() {
    static const LedgerImpl empty;
    return empty;
}

std::uint32_t find_row(const LedgerImpl& l, std::string_view id) {
    const auto it = l.index.find(id);
    if (it == l.index.end()) row_error(id, "no such row in the ledger");
    return it->second;
}

// The series over the subtree of `root`, in the root's sign. kommunbidrag:
// the budget series of the net rows only (their frames); otherwise the series
// of the revenue and cost rows (on a net row's own budget: not counted, it is
// its kommunbidrag).
MonthlyAmounts roll_up(const LedgerImpl& l, std::uint32_t root, Series series, bool kommunbidrag) {
    MonthlyAmounts out{};
    std::vector<std::pair<std::uint32_t, int>> stack{{root, 1}};
    while (!stack.empty()) {
        const auto [r, sign] = stack.back();
        stack.pop_back();
        const Row& row = l.rows[r];
        const bool counts = kommunbidrag ? row.kind == RowKind::net : row.kind != RowKind::net;
        if (counts) {
            const MonthlyAmounts& own = row.series[static_cast<std::size_t>(series)];
            for (std::size_t i = 0; i < out.size(); ++i)
                accumulate(out[i], own[i], sign);
        }
        for (const std::uint32_t c : row.children) {
            if (kommunbidrag && l.rows[c].kind != RowKind::net) continue;
            stack.emplace_back(c, sign * contribution(l.rows[c].kind, row.kind));
        }
    }
    return out;
}

void check_series(Series series) {
    if (static_cast<int>(series) < 0 || static_cast<int>(series) >= series_count)
        throw Error(Errc::invalid, "series " + std::to_string(static_cast<int>(series)) +
                                       " is not a Series (0 budget, 1 outcome, 2 prior_outcome)");
}

}  // namespace

// --- names ----------------------------------------------------------------------------

const char* row_kind_name(RowKind kind) noexcept {
    switch (kind) {
        case RowKind::revenue:
            return "revenue";
        case RowKind::cost:
            return "cost";
        case RowKind::net:
            return "net";
    }
    return "unknown";
}

const char* figure_name(Figure figure) noexcept {
    switch (figure) {
        case Figure::budget_ytd:
            return "budget_ytd";
        case Figure::budget_year:
            return "budget_year";
        case Figure::outcome_ytd:
            return "outcome_ytd";
        case Figure::prior_outcome_ytd:
            return "prior_outcome_ytd";
        case Figure::prior_outcome_year:
            return "prior_outcome_year";
        case Figure::kommunbidrag_ytd:
            return "kommunbidrag_ytd";
        case Figure::kommunbidrag_year:
            return "kommunbidrag_year";
        case Figure::variance_ytd:
            return "variance_ytd";
        case Figure::result_ytd:
            return "result_ytd";
        case Figure::change_ytd:
            return "change_ytd";
        case Figure::forecast:
            return "forecast";
        case Figure::variance_year:
            return "variance_year";
        case Figure::result_year:
            return "result_year";
        case Figure::change_year:
            return "change_year";
    }
    return "unknown";
}

// --- Ledger: life cycle -----------------------------------------------------------------

Ledger::Ledger() : impl_(std::make_shared<LedgerImpl>()) {}
Ledger::~Ledger() = default;
Ledger::Ledger(const Ledger& other)
    : impl_(std::make_shared<LedgerImpl>(other.impl_ ? *other.impl_ : empty_ledger())) {}
Ledger& Ledger::operator=(const Ledger& other) {
    if (this != &other) {
        // Copy first, then swap the contents in place: FollowUps computed from
        // the old content see a new generation instead of a dangling ledger.
        LedgerImpl copy(other.impl_ ? *other.impl_ : empty_ledger());
        if (!impl_) impl_ = std::make_shared<LedgerImpl>();
        copy.generation = std::max(impl_->generation, copy.generation) + 1;
        std::swap(*impl_, copy);
    }
    return *this;
}
Ledger::Ledger(Ledger&& other) noexcept = default;
Ledger& Ledger::operator=(Ledger&& other) noexcept = default;

// --- Ledger: building -------------------------------------------------------------------

void Ledger::add_row(std::string_view id, std::string_view name, RowKind kind,
                     std::string_view parent) {
    const RowSpec spec{std::string(id), std::string(name), kind, std::string(parent)};
    add_rows(std::span<const RowSpec>(&spec, 1));
}

void Ledger::add_rows(std::span<const RowSpec> specs) {
    if (!impl_) impl_ = std::make_shared<LedgerImpl>();
    LedgerImpl& l = *impl_;
    const std::size_t n = specs.size();
    if (n == 0) return;
    if (l.rows.size() + n >= no_row) throw Error(Errc::invalid, "too many rows for one ledger");

    // 1. Check: ids, kinds, parents (existing rows or rows of this batch).
    std::unordered_map<std::string_view, std::uint32_t> batch;  // id -> position in specs
    batch.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        const RowSpec& s = specs[i];
        if (s.id.empty())
            throw Error(Errc::invalid, "row " + std::to_string(i) + ": the id is empty");
        if (!valid_kind(s.kind))
            row_error(s.id, "kind " + std::to_string(static_cast<int>(s.kind)) +
                                " is not a RowKind (0 revenue, 1 cost, 2 net)");
        if (l.index.find(s.id) != l.index.end())
            row_error(s.id, "duplicate id: already in the ledger");
        if (!batch.emplace(s.id, static_cast<std::uint32_t>(i)).second)
            row_error(s.id, "duplicate id: given twice");
    }
    // parent_in_batch[i]: the batch position of the parent, or no_row.
    std::vector<std::uint32_t> parent_in_batch(n, no_row);
    std::vector<std::uint32_t> parent_existing(n, no_row);
    for (std::size_t i = 0; i < n; ++i) {
        const RowSpec& s = specs[i];
        if (s.parent.empty()) continue;
        RowKind parent_kind;
        if (const auto b = batch.find(s.parent); b != batch.end()) {
            if (b->second == i) row_error(s.id, "cycle: the row is its own parent");
            parent_in_batch[i] = b->second;
            parent_kind = specs[b->second].kind;
        } else if (const auto e = l.index.find(s.parent); e != l.index.end()) {
            parent_existing[i] = e->second;
            parent_kind = l.rows[e->second].kind;
        } else {
            row_error(s.id, "unknown parent '" + s.parent + "'");
        }
        if (parent_kind != RowKind::net && parent_kind != s.kind)
            row_error(s.id, std::string("a ") + row_kind_name(s.kind) +
                                " row cannot be under the " + row_kind_name(parent_kind) +
                                " row '" + s.parent +
                                "' (only a net row takes rows of another kind)");
    }
    // 2. Order the batch parents first; a parent chain that comes back to
    // itself is a cycle.
    std::vector<std::uint8_t> state(n, 0);  // 0 new, 1 on the current path, 2 placed
    std::vector<std::uint32_t> topo;
    topo.reserve(n);
    std::vector<std::uint32_t> path;
    for (std::size_t start = 0; start < n; ++start) {
        path.clear();
        std::uint32_t r = static_cast<std::uint32_t>(start);
        while (r != no_row && state[r] == 0) {
            state[r] = 1;
            path.push_back(r);
            r = parent_in_batch[r];
        }
        if (r != no_row && state[r] == 1)
            row_error(specs[r].id, "cycle: the row is its own ancestor (through parent '" +
                                       specs[r].parent + "')");
        for (auto it = path.rbegin(); it != path.rend(); ++it) {
            state[*it] = 2;
            topo.push_back(*it);
        }
    }

    // 3. Commit; undo on bad_alloc.
    const std::size_t old_rows = l.rows.size();
    const std::size_t old_order = l.order.size();
    std::vector<std::uint32_t> touched;  // existing parents that got a child
    std::size_t inserted = 0;
    try {
        l.rows.reserve(old_rows + n);
        l.order.reserve(old_order + n);
        l.index.reserve(l.index.size() + n);
        touched.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            Row row;
            row.id = specs[i].id;
            row.name = specs[i].name;
            row.kind = specs[i].kind;
            row.parent = parent_in_batch[i] != no_row
                             ? static_cast<std::uint32_t>(old_rows + parent_in_batch[i])
                             : parent_existing[i];
            l.rows.push_back(std::move(row));
        }
        for (std::size_t i = 0; i < n; ++i) {
            l.index.emplace(specs[i].id, static_cast<std::uint32_t>(old_rows + i));
            ++inserted;
        }
        for (const std::uint32_t i : topo) {
            const auto self = static_cast<std::uint32_t>(old_rows + i);
            l.order.push_back(self);
            const std::uint32_t p = l.rows[self].parent;
            if (p == no_row) continue;
            l.rows[p].children.push_back(self);
            if (p < old_rows) touched.push_back(p);
        }
    } catch (...) {
        for (const std::uint32_t p : touched)
            l.rows[p].children.pop_back();
        for (std::size_t i = 0; i < inserted; ++i)
            l.index.erase(specs[i].id);
        l.rows.resize(old_rows);
        l.order.resize(old_order);
        throw;
    }
    ++l.generation;
}

void Ledger::set_values(std::string_view id, Series series, Month first,
                        std::span<const Decimal> values) {
    if (!impl_) impl_ = std::make_shared<LedgerImpl>();
    LedgerImpl& l = *impl_;
    const std::uint32_t r = find_row(l, id);
    check_series(series);
    Row& row = l.rows[r];
    if (row.kind == RowKind::net && series != Series::budget)
        row_error(id, std::string("a net row takes no ") +
                          (series == Series::outcome ? "outcome" : "previous year's outcome") +
                          ": its figures are the net of its revenue and cost rows");
    if (values.size() > static_cast<std::size_t>(Month::count - first.value() + 1))
        row_error(id, std::to_string(values.size()) + " monthly values from month " +
                          std::to_string(first.value()) + " go past December");
    MonthlyAmounts& target = row.series[static_cast<std::size_t>(series)];
    std::copy(values.begin(), values.end(),
              target.begin() + static_cast<std::ptrdiff_t>(first.index()));
    ++l.generation;
}

void Ledger::set_value(std::string_view id, Series series, Month month, const Decimal& value) {
    set_values(id, series, month, std::span<const Decimal>(&value, 1));
}

void Ledger::set_annual_budget(std::string_view id, const Decimal& annual,
                               const MonthlyProfile& profile, int scale, AllocationMode mode) {
    if (!impl_) impl_ = std::make_shared<LedgerImpl>();
    LedgerImpl& l = *impl_;
    const std::uint32_t r = find_row(l, id);
    const MonthlyAmounts months =
        naming_row(id, [&] { return periodise(annual, profile, scale, mode); });
    l.rows[r].series[static_cast<std::size_t>(Series::budget)] = months;
    ++l.generation;
}

namespace {

// Stores `f` under its name on `row`, replacing one of that name; strong.
const Forecast& store_forecast(Row& row, Forecast&& f) {
    for (Forecast& existing : row.forecasts)
        if (existing.name == f.name) {
            std::swap(existing, f);  // noexcept: strings, vectors and Decimals swap
            return existing;
        }
    row.forecasts.push_back(std::move(f));
    return row.forecasts.back();
}

}  // namespace

const Forecast& Ledger::add_forecast(std::string_view id, std::string_view name,
                                     ForecastMethod method, Month month, int scale, Rounding mode) {
    if (!impl_) impl_ = std::make_shared<LedgerImpl>();
    LedgerImpl& l = *impl_;
    const std::uint32_t r = find_row(l, id);
    if (name.empty()) row_error(id, "a forecast needs a name");
    const MonthlyAmounts outcome = roll_up(l, r, Series::outcome, false);
    const MonthlyAmounts budget = roll_up(l, r, Series::budget, false);
    const MonthlyAmounts prior = roll_up(l, r, Series::prior_outcome, false);
    // A previous year that is all zero is no history at all.
    const bool has_prior =
        std::any_of(prior.begin(), prior.end(), [](const Decimal& d) { return !d.is_zero(); });
    Forecast f = naming_row(id, [&] {
        return compute_forecast(method,
                                ForecastData{outcome, &budget, has_prior ? &prior : nullptr}, month,
                                scale, mode);
    });
    f.name = std::string(name);
    const Forecast& stored = store_forecast(l.rows[r], std::move(f));
    ++l.generation;
    return stored;
}

const Forecast& Ledger::set_manual_forecast(std::string_view id, std::string_view name, Month as_of,
                                            const Decimal& value, const Decimal& downside,
                                            const Decimal& upside, std::string_view author) {
    if (!impl_) impl_ = std::make_shared<LedgerImpl>();
    LedgerImpl& l = *impl_;
    const std::uint32_t r = find_row(l, id);
    if (name.empty()) row_error(id, "a forecast needs a name");
    Forecast f = naming_row(
        id, [&] { return manual_forecast(value, downside, upside, std::string(author), as_of); });
    f.name = std::string(name);
    const Forecast& stored = store_forecast(l.rows[r], std::move(f));
    ++l.generation;
    return stored;
}

// --- Ledger: reading --------------------------------------------------------------------

namespace {
const LedgerImpl& read(const std::shared_ptr<LedgerImpl>& impl) {
    return impl ? *impl : empty_ledger();
}
}  // namespace

std::size_t Ledger::size() const noexcept {
    return read(impl_).rows.size();
}

bool Ledger::contains(std::string_view id) const noexcept {
    const LedgerImpl& l = read(impl_);
    return l.index.find(id) != l.index.end();
}

std::string_view Ledger::id_at(std::size_t index) const {
    const LedgerImpl& l = read(impl_);
    if (index >= l.rows.size())
        throw Error(Errc::invalid, "row index " + std::to_string(index) + " is past the end (" +
                                       std::to_string(l.rows.size()) + " rows)");
    return l.rows[index].id;
}

RowKind Ledger::kind(std::string_view id) const {
    const LedgerImpl& l = read(impl_);
    return l.rows[find_row(l, id)].kind;
}

const std::string& Ledger::name(std::string_view id) const {
    const LedgerImpl& l = read(impl_);
    return l.rows[find_row(l, id)].name;
}

std::string_view Ledger::parent(std::string_view id) const {
    const LedgerImpl& l = read(impl_);
    const std::uint32_t p = l.rows[find_row(l, id)].parent;
    return p == no_row ? std::string_view() : std::string_view(l.rows[p].id);
}

const MonthlyAmounts& Ledger::values(std::string_view id, Series series) const {
    const LedgerImpl& l = read(impl_);
    const std::uint32_t r = find_row(l, id);
    check_series(series);
    return l.rows[r].series[static_cast<std::size_t>(series)];
}

MonthlyAmounts Ledger::rolled_up(std::string_view id, Series series) const {
    const LedgerImpl& l = read(impl_);
    const std::uint32_t r = find_row(l, id);
    check_series(series);
    return roll_up(l, r, series, false);
}

MonthlyAmounts Ledger::rolled_up_kommunbidrag(std::string_view id) const {
    const LedgerImpl& l = read(impl_);
    return roll_up(l, find_row(l, id), Series::budget, true);
}

const Forecast* Ledger::own_forecast(std::string_view id, std::string_view name) const {
    const LedgerImpl& l = read(impl_);
    for (const Forecast& f : l.rows[find_row(l, id)].forecasts)
        if (f.name == name) return &f;
    return nullptr;
}

FollowUp Ledger::compute(Month month) const {
    // A FollowUp shares the rows; a ledger moved from has none, so give it an empty set.
    std::shared_ptr<const LedgerImpl> shared =
        impl_ ? std::shared_ptr<const LedgerImpl>(impl_) : std::make_shared<const LedgerImpl>();
    const LedgerImpl& l = *shared;
    FollowUp out(std::move(shared), month);
    out.generation_ = l.generation;
    const std::size_t n = l.rows.size();
    out.rows_.resize(n);
    const std::size_t m = month.index();

    // Own figures.
    for (std::size_t i = 0; i < n; ++i) {
        const Row& row = l.rows[i];
        RowFigures& f = out.rows_[i];
        const auto& budget = row.series[static_cast<std::size_t>(Series::budget)];
        if (row.kind == RowKind::net) {
            for (std::size_t k = 0; k < Month::count; ++k) {
                if (k == m + 1) f.kommunbidrag_ytd = f.kommunbidrag_year;
                f.kommunbidrag_year += budget[k];
            }
            if (m == Month::count - 1) f.kommunbidrag_ytd = f.kommunbidrag_year;
            continue;
        }
        const auto& outcome = row.series[static_cast<std::size_t>(Series::outcome)];
        const auto& prior = row.series[static_cast<std::size_t>(Series::prior_outcome)];
        for (std::size_t k = 0; k <= m; ++k) {
            f.budget_ytd += budget[k];
            f.outcome_ytd += outcome[k];
            f.prior_outcome_ytd += prior[k];
        }
        f.budget_year = f.budget_ytd;
        f.prior_outcome_year = f.prior_outcome_ytd;
        for (std::size_t k = m + 1; k < Month::count; ++k) {
            f.budget_year += budget[k];
            f.prior_outcome_year += prior[k];
        }
    }

    // Forecast names in the ledger.
    std::unordered_map<std::string_view, std::size_t> name_index;
    for (const Row& row : l.rows)
        for (const Forecast& fc : row.forecasts)
            if (name_index.emplace(fc.name, out.forecast_names_.size()).second)
                out.forecast_names_.push_back(fc.name);
    const std::size_t k_names = out.forecast_names_.size();
    out.forecasts_.assign(n * k_names, Decimal());
    out.has_.assign(n * k_names, 0);

    // Children before parents.
    for (auto it = l.order.rbegin(); it != l.order.rend(); ++it) {
        const std::uint32_t r = *it;
        const Row& row = l.rows[r];
        if (k_names > 0) {
            // A row's forecast: its own, else the sum of its children's when all have one.
            for (std::size_t k = 0; k < k_names; ++k) {
                const std::size_t at = r * k_names + k;
                if (row.children.empty()) continue;
                bool all = true;
                Decimal total;
                for (const std::uint32_t c : row.children) {
                    if (!out.has_[c * k_names + k]) {
                        all = false;
                        break;
                    }
                    accumulate(total, out.forecasts_[c * k_names + k],
                               contribution(l.rows[c].kind, row.kind));
                }
                if (all) {
                    out.forecasts_[at] = total;
                    out.has_[at] = 1;
                }
            }
            for (const Forecast& fc : row.forecasts) {
                const std::size_t at = r * k_names + name_index.find(fc.name)->second;
                out.forecasts_[at] = fc.value;
                out.has_[at] = 1;
            }
        }
        if (row.parent == no_row) continue;
        const Row& parent = l.rows[row.parent];
        const int sign = contribution(row.kind, parent.kind);
        const RowFigures& c = out.rows_[r];
        RowFigures& p = out.rows_[row.parent];
        accumulate(p.budget_ytd, c.budget_ytd, sign);
        accumulate(p.budget_year, c.budget_year, sign);
        accumulate(p.outcome_ytd, c.outcome_ytd, sign);
        accumulate(p.prior_outcome_ytd, c.prior_outcome_ytd, sign);
        accumulate(p.prior_outcome_year, c.prior_outcome_year, sign);
        if (row.kind == RowKind::net) {
            p.kommunbidrag_ytd += c.kommunbidrag_ytd;
            p.kommunbidrag_year += c.kommunbidrag_year;
        }
    }
    return out;
}

// --- FollowUp ---------------------------------------------------------------------------

std::size_t FollowUp::row_index(std::string_view id) const {
    if (ledger_->generation != generation_)
        throw Error(Errc::invalid,
                    "the ledger has changed since these figures were computed; compute again");
    return find_row(*ledger_, id);
}

const RowFigures& FollowUp::figures(std::string_view id) const {
    return rows_[row_index(id)];
}

const RowFigures& FollowUp::figures_at(std::size_t index) const {
    if (index >= rows_.size())
        throw Error(Errc::invalid, "row index " + std::to_string(index) + " is past the end (" +
                                       std::to_string(rows_.size()) + " rows)");
    return rows_[index];
}

const Decimal* FollowUp::forecast_of(std::size_t row, std::string_view name) const {
    const std::size_t k_names = forecast_names_.size();
    for (std::size_t k = 0; k < k_names; ++k)
        if (forecast_names_[k] == name)
            return has_[row * k_names + k] ? &forecasts_[row * k_names + k] : nullptr;
    return nullptr;
}

void FollowUp::missing_forecast(std::size_t row, std::string_view name) const {
    const LedgerImpl& l = *ledger_;
    const std::string& top = l.rows[row].id;
    // Down to a row that has neither its own forecast nor children that all have one.
    std::size_t r = row;
    for (;;) {
        std::size_t next = r;
        for (const std::uint32_t c : l.rows[r].children)
            if (forecast_of(c, name) == nullptr) {
                next = c;
                break;
            }
        if (next == r) break;
        r = next;
    }
    if (r == row) row_error(top, "no forecast named '" + std::string(name) + "'");
    row_error(top, "no forecast named '" + std::string(name) + "': its row '" + l.rows[r].id +
                       "' has none (a forecast rolls up only when every row under it has one)");
}

bool FollowUp::has_forecast(std::string_view id, std::string_view name) const {
    return forecast_of(row_index(id), name) != nullptr;
}

Decimal FollowUp::figure(std::string_view id, Figure what, std::string_view forecast) const {
    return figure_at(row_index(id), what, forecast);
}

Decimal FollowUp::figure_at(std::size_t index, Figure what, std::string_view forecast) const {
    if (ledger_->generation != generation_)
        throw Error(Errc::invalid,
                    "the ledger has changed since these figures were computed; compute again");
    const RowFigures& f = figures_at(index);
    const Row& row = ledger_->rows[index];
    const bool revenue = row.kind == RowKind::revenue;
    auto net_only = [&] {
        if (row.kind != RowKind::net)
            row_error(row.id, std::string(figure_name(what)) +
                                  " is a figure of net rows; this is a " + row_kind_name(row.kind) +
                                  " row");
    };
    auto named = [&]() -> const Decimal& {
        const Decimal* v = forecast_of(index, forecast);
        if (v == nullptr) missing_forecast(index, forecast);
        return *v;
    };
    switch (what) {
        case Figure::budget_ytd:
            return f.budget_ytd;
        case Figure::budget_year:
            return f.budget_year;
        case Figure::outcome_ytd:
            return f.outcome_ytd;
        case Figure::prior_outcome_ytd:
            return f.prior_outcome_ytd;
        case Figure::prior_outcome_year:
            return f.prior_outcome_year;
        case Figure::kommunbidrag_ytd:
            net_only();
            return f.kommunbidrag_ytd;
        case Figure::kommunbidrag_year:
            net_only();
            return f.kommunbidrag_year;
        case Figure::variance_ytd:
            return revenue ? f.outcome_ytd - f.budget_ytd : f.budget_ytd - f.outcome_ytd;
        case Figure::result_ytd:
            net_only();
            return f.kommunbidrag_ytd - f.outcome_ytd;
        case Figure::change_ytd:
            return f.outcome_ytd - f.prior_outcome_ytd;
        case Figure::forecast:
            return named();
        case Figure::variance_year: {
            const Decimal& v = named();
            return revenue ? v - f.budget_year : f.budget_year - v;
        }
        case Figure::result_year: {
            net_only();
            return f.kommunbidrag_year - named();
        }
        case Figure::change_year:
            return named() - f.prior_outcome_year;
    }
    throw Error(Errc::invalid,
                "figure " + std::to_string(static_cast<int>(what)) + " is not a Figure (0..13)");
}

Percent FollowUp::percent(std::string_view id, PercentFigure what, std::string_view forecast,
                          int scale, Rounding mode) const {
    const std::size_t r = row_index(id);
    const std::string& rid = ledger_->rows[r].id;
    switch (what) {
        case PercentFigure::budgethallning_ytd: {
            const Decimal result = figure_at(r, Figure::result_ytd);
            const Decimal frame = figure_at(r, Figure::kommunbidrag_ytd);
            return naming_row(rid, [&] { return Percent::of(result, frame, scale, mode); });
        }
        case PercentFigure::budgethallning_year: {
            const Decimal result = figure_at(r, Figure::result_year, forecast);
            const Decimal frame = figure_at(r, Figure::kommunbidrag_year);
            return naming_row(rid, [&] { return Percent::of(result, frame, scale, mode); });
        }
        case PercentFigure::change_ytd:
            return naming_row(rid, [&] {
                return change_percent(rows_[r].prior_outcome_ytd, rows_[r].outcome_ytd, scale,
                                      mode);
            });
        case PercentFigure::change_year: {
            const Decimal current = figure_at(r, Figure::forecast, forecast);
            return naming_row(rid, [&] {
                return change_percent(rows_[r].prior_outcome_year, current, scale, mode);
            });
        }
    }
    throw Error(Errc::invalid, "percent figure " + std::to_string(static_cast<int>(what)) +
                                   " is not a PercentFigure (0..3)");
}

// --- sign converters ----------------------------------------------------------------------

namespace {

// The factor from kalkyl's sign to the report's for an amount.
int amount_factor(RowKind kind, AmountSign sign) {
    if (!valid_kind(kind))
        throw Error(Errc::invalid,
                    "kind " + std::to_string(static_cast<int>(kind)) + " is not a RowKind");
    const bool revenue = kind == RowKind::revenue;
    switch (sign) {
        case AmountSign::natural:
            return 1;
        case AmountSign::costs_negative:
            return revenue ? 1 : -1;
        case AmountSign::revenues_negative:
            return revenue ? -1 : 1;
    }
    throw Error(Errc::invalid, "amount sign " + std::to_string(static_cast<int>(sign)) +
                                   " is not an AmountSign (0..2)");
}

// good = c · (outcome − budget) with c = +1 for revenue, −1 for cost and net;
// a printed outcome − budget is s · (outcome − budget).
int variance_factor(RowKind kind, VarianceSign variance, AmountSign amounts) {
    const int s = amount_factor(kind, amounts);
    const int c = kind == RowKind::revenue ? 1 : -1;
    switch (variance) {
        case VarianceSign::good_positive:
            return 1;
        case VarianceSign::outcome_minus_budget:
            return c * s;
        case VarianceSign::budget_minus_outcome:
            return -c * s;
    }
    throw Error(Errc::invalid, "variance sign " + std::to_string(static_cast<int>(variance)) +
                                   " is not a VarianceSign (0..2)");
}

Decimal times(const Decimal& v, int factor) {
    return factor > 0 ? v : -v;
}

}  // namespace

Decimal amount_from_report(const Decimal& printed, RowKind kind, AmountSign sign) {
    return times(printed, amount_factor(kind, sign));
}
Decimal amount_to_report(const Decimal& amount, RowKind kind, AmountSign sign) {
    return times(amount, amount_factor(kind, sign));
}
Decimal variance_from_report(const Decimal& printed, RowKind kind, VarianceSign variance,
                             AmountSign amounts) {
    return times(printed, variance_factor(kind, variance, amounts));
}
Decimal variance_to_report(const Decimal& variance, RowKind kind, VarianceSign variance_sign,
                           AmountSign amounts) {
    return times(variance, variance_factor(kind, variance_sign, amounts));
}

}  // namespace kalkyl
