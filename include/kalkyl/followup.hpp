// kalkyl/followup.hpp: the budget follow-up: budget, outcome, forecast and
// variance over a tree of rows, rolled up exactly to the committee.
//
// A Ledger is a tree of rows (nämnd → verksamhet → konto, any depth). Each
// row has an id (unique, any UTF-8 text), a name and a kind:
//
//   revenue  an income row (intäkter). Figures are revenues, positive.
//   cost     a cost row (kostnader, or a verksamhet's nettokostnad). Figures
//            are costs, positive.
//   net      a node that nets its rows: its figures are nettokostnad = its
//            cost rows − its revenue rows (positive = a net cost), and its own
//            budget is its kommunbidrag (the budget frame from the council).
//
// ONE SIGN CONVENTION INSIDE. Every amount is stored and returned in its
// row's natural sign (a cost as a positive cost, a revenue as a positive
// revenue, a net row as a positive net cost; kommunbidrag and resultat as a
// positive frame and a positive surplus). Every variance is positive when it
// is good for the result: cost and net rows budget − outcome (or forecast),
// revenue rows outcome − budget. Reports use other conventions; the
// converters at the end of this header translate, and nothing else does.
//
// WHICH ROWS TAKE WHAT (anything else is Error(invalid) naming the row):
//   - children: a net row takes rows of every kind; a cost row only cost
//     rows, a revenue row only revenue rows (accounts under an account);
//   - monthly budget (or an annual budget periodised by a profile): every
//     kind; on a net row it is the kommunbidrag;
//   - outcome and previous year's outcome: revenue and cost rows only (a net
//     row's outcome is the net of its rows);
//   - named forecasts: every kind (on a net row, of the net cost).
//
// ROLL-UP. A row's budget, outcome and previous year are its own values plus
// its children's (a net row adds cost and net children and subtracts revenue
// children), exactly. Kommunbidrag rolls up over net rows. A named forecast
// entered on a row is that row's forecast (a controller's forecast of a
// verksamhet replaces the sum of its accounts); a row without its own is the
// signed sum of its children's, defined only when every child has one.
//
// EVERY MUTATING CALL checks everything first and changes nothing when it
// throws (the strong guarantee): duplicate id, unknown parent, a cycle, a
// month outside 1..12, a value for a row of the wrong kind, a forecast without
// enough history, all as Error(invalid) naming the row and the reason.
//
// Not for: text (text.hpp), rounding a table for print (footing.hpp),
// checking a printed table (checks.hpp) or uncertainty bands (band.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kalkyl/allocate.hpp"
#include "kalkyl/decimal.hpp"
#include "kalkyl/forecast.hpp"
#include "kalkyl/month.hpp"
#include "kalkyl/percent.hpp"

namespace kalkyl {

// Numbering fixed by the C ABI (kalkyl_row_kind); never renumber.
enum class RowKind : int { revenue = 0, cost = 1, net = 2 };
inline constexpr int row_kind_count = 3;
const char* row_kind_name(RowKind kind) noexcept;

// The monthly series a row holds. Numbering fixed by the C ABI (kalkyl_series).
enum class Series : int {
    budget = 0,         // this year's budget; on a net row its kommunbidrag
    outcome = 1,        // this year's outcome (utfall)
    prior_outcome = 2,  // last year's outcome, same month
};
inline constexpr int series_count = 3;

// A row to add. An empty parent makes a root (a ledger may have several).
struct RowSpec {
    std::string id;
    std::string name;
    RowKind kind = RowKind::cost;
    std::string parent;
};

// The derived figures, one number each. Numbering fixed by the C ABI
// (kalkyl_ledger_figure); never renumber. Those from `forecast` on take the
// name of a forecast.
enum class Figure : int {
    budget_ytd = 0,          // budget January..m
    budget_year = 1,         // budget for the year
    outcome_ytd = 2,         // outcome January..m (periodens utfall)
    prior_outcome_ytd = 3,   // last year January..m
    prior_outcome_year = 4,  // last year, the whole year
    kommunbidrag_ytd = 5,    // net rows: the frame January..m
    kommunbidrag_year = 6,   // net rows: the frame for the year
    variance_ytd = 7,        // budget_ytd vs outcome_ytd, positive = good
    result_ytd = 8,          // net rows: kommunbidrag_ytd − outcome_ytd
    change_ytd = 9,          // outcome_ytd − prior_outcome_ytd (in the row's sign)
    forecast = 10,           // the named full-year forecast
    variance_year = 11,      // budget_year vs forecast, positive = good
    result_year = 12,        // net rows: kommunbidrag_year − forecast
    change_year = 13,        // forecast − prior_outcome_year
};
inline constexpr int figure_count = 14;
const char* figure_name(Figure figure) noexcept;

// Figures that are percentages. Numbering fixed by the C ABI
// (kalkyl_ledger_percent).
enum class PercentFigure : int {
    budgethallning_ytd = 0,   // net rows: result_ytd / kommunbidrag_ytd
    budgethallning_year = 1,  // net rows: result_year / kommunbidrag_year
    change_ytd = 2,           // change_ytd / |prior_outcome_ytd|
    change_year = 3,          // change_year / |prior_outcome_year|
};
inline constexpr int percent_figure_count = 4;

// A row's rolled-up figures through a month (FollowUp::figures).
struct RowFigures {
    Decimal budget_ytd;
    Decimal budget_year;
    Decimal outcome_ytd;
    Decimal prior_outcome_ytd;
    Decimal prior_outcome_year;
    Decimal kommunbidrag_ytd;   // zero on revenue and cost rows
    Decimal kommunbidrag_year;  // zero on revenue and cost rows
};

class FollowUp;

namespace detail {
struct LedgerImpl;
}

class Ledger {
  public:
    Ledger();
    ~Ledger();
    Ledger(const Ledger& other);
    Ledger& operator=(const Ledger& other);
    Ledger(Ledger&& other) noexcept;
    Ledger& operator=(Ledger&& other) noexcept;

    // --- building -----------------------------------------------------------------

    // Adds one row under `parent` (empty: a root). Throws Error(invalid) for an
    // empty or duplicate id, an unknown parent, or a child of the wrong kind.
    void add_row(std::string_view id, std::string_view name, RowKind kind,
                 std::string_view parent = {});

    // Adds rows in any order (a parent may come after its children): all or
    // none. Throws Error(invalid) as add_row, and for a cycle among them (the
    // message names a row on it).
    void add_rows(std::span<const RowSpec> rows);

    // Sets `values.size()` months of one series from `first` on (so
    // first + size − 1 <= 12). Throws Error(invalid) for an unknown row, a
    // range past December, or outcome / prior_outcome on a net row.
    void set_values(std::string_view id, Series series, Month first,
                    std::span<const Decimal> values);
    void set_value(std::string_view id, Series series, Month month, const Decimal& value);

    // The row's twelve monthly budgets (on a net row: kommunbidrag) from an
    // annual amount, periodise()d by `profile` at `scale` with `mode`; errors
    // as periodise(), the message naming the row.
    void set_annual_budget(std::string_view id, const Decimal& annual,
                           const MonthlyProfile& profile, int scale, AllocationMode mode);

    // Computes a forecast with `method` (not manual) on the row's rolled-up
    // monthly figures (outcome, budget, previous year) as of `month`, stores
    // it under `name` (replacing one of that name) and returns it. Errors as
    // compute_forecast(), the message naming the row.
    const Forecast& add_forecast(std::string_view id, std::string_view name, ForecastMethod method,
                                 Month month, int scale, Rounding mode);

    // Stores a person's forecast under `name`, with the author's spread
    // (downside, upside >= 0).
    const Forecast& set_manual_forecast(std::string_view id, std::string_view name, Month as_of,
                                        const Decimal& value, const Decimal& downside,
                                        const Decimal& upside, std::string_view author);

    // --- reading ------------------------------------------------------------------

    std::size_t size() const noexcept;  // rows
    bool contains(std::string_view id) const noexcept;
    // Rows in the order they were added (within add_rows, the order given).
    std::string_view id_at(std::size_t index) const;  // Error(invalid) past the end
    RowKind kind(std::string_view id) const;
    const std::string& name(std::string_view id) const;
    std::string_view parent(std::string_view id) const;  // empty for a root
    // The row's own values of a series (not rolled up).
    const MonthlyAmounts& values(std::string_view id, Series series) const;
    // The series rolled up over the row's subtree, in the row's sign (on a net
    // row the budget is the net budget; kommunbidrag is rolled_up_kommunbidrag).
    MonthlyAmounts rolled_up(std::string_view id, Series series) const;
    MonthlyAmounts rolled_up_kommunbidrag(std::string_view id) const;
    // The forecast stored on the row itself under `name`, or nullptr.
    const Forecast* own_forecast(std::string_view id, std::string_view name) const;

    // Every row's figures through `month`, in one pass over the tree. The
    // result shares the ledger's rows (it stays valid when the Ledger object
    // goes away); reading it after the ledger has changed throws
    // Error(invalid): compute again.
    FollowUp compute(Month month) const;

  private:
    friend class FollowUp;
    std::shared_ptr<detail::LedgerImpl> impl_;
};

// Every row's derived figures through one month (Ledger::compute).
class FollowUp {
  public:
    Month month() const noexcept { return month_; }
    std::size_t size() const noexcept { return rows_.size(); }

    // The rolled-up figures of a row, or of the index-th row in the ledger's order.
    const RowFigures& figures(std::string_view id) const;
    const RowFigures& figures_at(std::size_t index) const;

    // Any figure by name. `forecast` names the forecast for the figures from
    // Figure::forecast on (ignored for the others). Throws Error(invalid) for
    // an unknown row, kommunbidrag/result on a row that is not a net row, a
    // forecast the row does not have (the message names the child without
    // one), or a figure out of range.
    Decimal figure(std::string_view id, Figure what, std::string_view forecast = {}) const;
    Decimal figure_at(std::size_t index, Figure what, std::string_view forecast = {}) const;

    // A percentage at `scale` decimals of the percent figure, rounded by
    // `mode`: budgethållning 3 375 / 422 848 at (1, half_up) is 0,8 %. Throws
    // as figure(), and Error(division_by_zero) for a zero kommunbidrag or
    // previous year.
    Percent percent(std::string_view id, PercentFigure what, std::string_view forecast, int scale,
                    Rounding mode) const;

    // The named shorthands.
    Decimal variance_ytd(std::string_view id) const { return figure(id, Figure::variance_ytd); }
    Decimal result_ytd(std::string_view id) const { return figure(id, Figure::result_ytd); }
    Decimal change_ytd(std::string_view id) const { return figure(id, Figure::change_ytd); }
    Decimal forecast(std::string_view id, std::string_view name) const {
        return figure(id, Figure::forecast, name);
    }
    Decimal variance_year(std::string_view id, std::string_view forecast) const {
        return figure(id, Figure::variance_year, forecast);
    }
    Decimal result_year(std::string_view id, std::string_view forecast) const {
        return figure(id, Figure::result_year, forecast);
    }
    Percent budgethallning_ytd(std::string_view id, int scale, Rounding mode) const {
        return percent(id, PercentFigure::budgethallning_ytd, {}, scale, mode);
    }
    Percent budgethallning_year(std::string_view id, std::string_view forecast, int scale,
                                Rounding mode) const {
        return percent(id, PercentFigure::budgethallning_year, forecast, scale, mode);
    }
    bool has_forecast(std::string_view id, std::string_view name) const;

  private:
    friend class Ledger;
    FollowUp(std::shared_ptr<const detail::LedgerImpl> ledger, Month month)
        : ledger_(std::move(ledger)), month_(month) {}
    std::size_t row_index(std::string_view id) const;
    const Decimal* forecast_of(std::size_t row, std::string_view name) const;
    [[noreturn]] void missing_forecast(std::size_t row, std::string_view name) const;

    std::shared_ptr<const detail::LedgerImpl> ledger_;
    std::uint64_t generation_ = 0;
    Month month_;
    std::vector<RowFigures> rows_;
    std::vector<std::string> forecast_names_;  // every forecast name in the ledger
    std::vector<Decimal> forecasts_;           // rows × names, row-major
    std::vector<std::uint8_t> has_;            // rows × names: defined?
};

// --- converters from the conventions reports print ---------------------------------

// How a report signs its amounts.
enum class AmountSign : int {
    natural = 0,            // costs, revenues and net costs positive (Huddinge)
    costs_negative = 1,     // costs and net costs negative, revenues positive (Uppsala, Eskilstuna)
    revenues_negative = 2,  // costs positive, revenues negative (debit/credit, ERP exports)
};

// How a report signs its variances.
enum class VarianceSign : int {
    good_positive = 0,         // positive = good for the result (kalkyl's own)
    outcome_minus_budget = 1,  // printed outcome − printed budget, in the report's AmountSign
    budget_minus_outcome = 2,  // printed budget − printed outcome, in the report's AmountSign
};

// A printed amount of a row of `kind` in kalkyl's convention, and back.
Decimal amount_from_report(const Decimal& printed, RowKind kind, AmountSign sign);
Decimal amount_to_report(const Decimal& amount, RowKind kind, AmountSign sign);

// A printed variance in kalkyl's convention (positive = good), and back.
// `amounts` is how the same report signs its amounts (it matters for the
// outcome/budget differences).
Decimal variance_from_report(const Decimal& printed, RowKind kind, VarianceSign variance,
                             AmountSign amounts);
Decimal variance_to_report(const Decimal& variance, RowKind kind, VarianceSign variance_sign,
                           AmountSign amounts);

}  // namespace kalkyl
