// src/report/report.hpp (private): the economic section of a follow-up
// report, computed from a ledger and printed as tables and a chart.
//
// compute_report() reads the follow-up model (include/kalkyl/followup.hpp)
// through month m and gathers, per verksamhet (the children of the ledger's
// root) and for the committee: kommunbidrag, outcome to date, last year's
// outcome to date, the full-year forecast, their variances and results, the
// forecast band (include/kalkyl/band.hpp) and unit costs where the ledger has
// volumes. render() prints it with footing.hpp so the printed tables foot.
//
// Sign convention of the report (DOMAIN.md): amounts are net costs (a cost
// positive, a revenue row negative) and variances and results are positive
// when good for the result (avvikelse = budget − utfall).
//
// Not for: reading files (input.hpp) or the command line (src/cli/).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kalkyl/band.hpp"
#include "kalkyl/decimal.hpp"
#include "kalkyl/followup.hpp"
#include "kalkyl/text.hpp"
#include "report/input.hpp"

namespace kalkyl::report {

// A sentence of the report in both languages: RenderOptions::lang picks one.
struct Note {
    std::string sv;
    std::string en;
};

struct ReportRow {
    std::string id;
    std::string name;
    // The "övrigt" row: the committee's own amounts (on the root itself, or a
    // committee forecast apart from its activities'), named in the report's language.
    bool own_items = false;
    RowKind kind = RowKind::net;
    Decimal budget_year;  // kommunbidrag (net rows) or budget, in net-cost sign
    Decimal budget_ytd;
    Decimal outcome_ytd;             // net cost to date
    Decimal prior_outcome_ytd;       // last year's net cost to date
    Decimal prior_budget_ytd;        // last year's kommunbidrag to date (when given)
    Decimal forecast;                // full-year net cost
    bool forecast_computed = false;  // no forecast in the ledger: remaining_budget method
    std::optional<Band> band;        // of the result (kommunbidrag − forecast)
    Decimal result_ytd() const { return budget_ytd - outcome_ytd; }
    Decimal result_year() const { return budget_year - forecast; }
    Decimal prior_result_ytd() const { return prior_budget_ytd - prior_outcome_ytd; }
};

struct UnitCostRow {
    std::string name;
    Decimal net_cost;  // to date, kr
    Decimal volume;
    std::string volume_unit;
    Decimal per_unit;      // kr, 0 decimals half_up (unitcost.hpp)
    bool too_few = false;  // below unitcost.hpp's few-cases threshold
};

struct Report {
    std::string title;  // the root's name
    Month month{8};
    std::vector<ReportRow> rows;
    ReportRow total;
    bool has_prior_budget = false;
    bool has_prior_outcome = false;
    std::optional<Band> total_band;  // of the committee's result
    std::string band_source;  // "nämndens" (given on the root) or "summa" (worst case over rows)
    std::optional<Band> total_band_independent;  // the rows' bands summed as independent
    // December: how far the year's result lies outside the band (Band::excess;
    // 0 inside). Uppsala 2024: −23,5 against [−35, −25] is +1,5.
    std::optional<Decimal> band_excess;
    // The committee's monthly figures (net-cost sign), January first.
    MonthlyAmounts budget_monthly{};
    MonthlyAmounts outcome_monthly{};
    std::vector<UnitCostRow> unit_costs;
    std::vector<Note> notes;        // computed forecasts, an "övrigt" row, ...
    std::vector<Warning> warnings;  // the input's, then the computation's (input.hpp)
};

Report compute_report(const LedgerInput& input, Month month);

enum class Format { text, markdown, csv, json };
enum class Lang { sv, en };

struct RenderOptions {
    Format format = Format::text;
    Unit unit = Unit::mnkr;
    int decimals = 0;
    Lang lang = Lang::sv;
};

// A warning's sentence in the chosen language (the Swedish one when it has no
// English one).
const std::string& warning_text(const Warning& warning, Lang lang);

// The report as text in the chosen format (UTF-8). Its warnings come first:
// a "Varningar"/"Warnings" section in text and Markdown, rows under
// "# Varningar" in CSV, and the top-level "warnings" array of {"code",
// "message"} in JSON (always present, empty when there are none).
std::string render(const Report& report, const RenderOptions& options);

// The year as an SVG fan chart: cumulative budget and outcome to date, the
// forecast and its band widening from month m to December.
std::string render_svg(const Report& report, const RenderOptions& options);

}  // namespace kalkyl::report
