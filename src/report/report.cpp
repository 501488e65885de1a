// The follow-up report (src/report/report.hpp): figures from the ledger,
// tables that foot, and the fan chart.

#include "report/report.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <map>
#include <span>

#include "kalkyl/checks.hpp"
#include "kalkyl/footing.hpp"
#include "kalkyl/unitcost.hpp"

namespace kalkyl::report {

namespace {

const char* const month_sv[12] = {"jan", "feb", "mar", "apr", "maj", "jun",
                                  "jul", "aug", "sep", "okt", "nov", "dec"};
const char* const month_en[12] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

Decimal signed_amount(const Decimal& v, RowKind kind) {
    return kind == RowKind::revenue ? -v : v;
}

}  // namespace

Report compute_report(const LedgerInput& input, Month month) {
    if (input.rows.empty())
        throw InputError(input.file, input.lines ? input.lines : 1, 1, "the ledger has no rows");
    Ledger ledger = build_ledger(input, month);
    Report rep;
    rep.month = month;
    rep.warnings = input.warnings;

    std::vector<std::size_t> roots;
    for (std::size_t i = 0; i < input.rows.size(); ++i)
        if (input.rows[i].parent.empty()) roots.push_back(i);
    std::vector<std::size_t> shown;
    if (roots.size() == 1) {
        for (std::size_t i = 0; i < input.rows.size(); ++i)
            if (input.rows[i].parent == input.rows[roots[0]].id) shown.push_back(i);
    }
    const bool single_root = roots.size() == 1 && !shown.empty();
    if (!single_root) shown = roots;
    rep.title = single_root ? (input.rows[roots[0]].name.empty() ? input.rows[roots[0]].id
                                                                 : input.rows[roots[0]].name)
                            : std::string();

    // Forecasts: a shown row without one gets remaining_budget (outcome to
    // date + the budget of the months left), and the report says so.
    FollowUp fu = ledger.compute(month);
    std::vector<bool> computed(input.rows.size(), false);
    bool added = false;
    for (std::size_t i : shown)
        computed[i] = !fu.has_forecast(input.rows[i].id, "prognos");
    for (std::size_t i : shown) {
        if (!computed[i]) continue;
        const auto& r = input.rows[i];
        try {
            ledger.add_forecast(r.id, "prognos", ForecastMethod::remaining_budget, month, 2,
                                Rounding::half_up);
        } catch (const Error& e) {
            throw InputError(
                input.file, r.line, 1,
                "row \"" + r.id + "\" has no prognos and none can be computed: " + e.what());
        }
        added = true;
    }
    if (added) fu = ledger.compute(month);

    std::map<std::string, std::size_t> shown_index;
    for (std::size_t k = 0; k < shown.size(); ++k)
        shown_index[input.rows[shown[k]].id] = k;

    auto make_row = [&](std::size_t i) {
        const auto& r = input.rows[i];
        const RowFigures& f = fu.figures(r.id);
        ReportRow row;
        row.id = r.id;
        row.name = r.name.empty() ? r.id : r.name;
        row.kind = r.kind;
        row.budget_year =
            r.kind == RowKind::net ? f.kommunbidrag_year : signed_amount(f.budget_year, r.kind);
        row.budget_ytd =
            r.kind == RowKind::net ? f.kommunbidrag_ytd : signed_amount(f.budget_ytd, r.kind);
        row.outcome_ytd = signed_amount(f.outcome_ytd, r.kind);
        row.prior_outcome_ytd = signed_amount(f.prior_outcome_ytd, r.kind);
        row.forecast = signed_amount(fu.forecast(r.id, "prognos"), r.kind);
        row.forecast_computed = computed[i];
        if (r.downside || r.upside)
            row.band = Band::from_spread(row.result_year(), r.downside.value_or(Decimal()),
                                         r.upside.value_or(Decimal()));
        return row;
    };
    for (std::size_t i : shown)
        rep.rows.push_back(make_row(i));

    // Last year's kommunbidrag, rolled up to the shown rows by hand (the
    // follow-up model does not hold it).
    for (const auto& r : input.rows) {
        if (r.series_seen & (1u << 2)) rep.has_prior_outcome = true;
        if (!(r.series_seen & (1u << 3))) continue;
        rep.has_prior_budget = true;
        const InputRow* a = &r;
        while (a != nullptr && !shown_index.count(a->id))
            a = a->parent.empty() ? nullptr : &input.rows[input.index.at(a->parent)];
        if (a == nullptr) continue;
        rep.rows[shown_index[a->id]].prior_budget_ytd +=
            signed_amount(through(r.series[3], month), r.kind);
    }

    // The total: the sum of the shown rows; when the root has figures of its
    // own, an "övrigt" row carries them so that the table still adds up.
    ReportRow total;
    total.name = rep.title.empty() ? "Totalt" : rep.title;
    for (const auto& row : rep.rows) {
        total.budget_year += row.budget_year;
        total.budget_ytd += row.budget_ytd;
        total.outcome_ytd += row.outcome_ytd;
        total.prior_outcome_ytd += row.prior_outcome_ytd;
        total.prior_budget_ytd += row.prior_budget_ytd;
        total.forecast += row.forecast;
    }
    if (single_root) {
        ReportRow root = make_row(roots[0]);
        root.prior_budget_ytd = total.prior_budget_ytd;
        ReportRow rest;
        rest.id = root.id;
        rest.name = "Övrigt (nämndens egna poster)";
        rest.own_items = true;
        rest.budget_year = root.budget_year - total.budget_year;
        rest.budget_ytd = root.budget_ytd - total.budget_ytd;
        rest.outcome_ytd = root.outcome_ytd - total.outcome_ytd;
        rest.prior_outcome_ytd = root.prior_outcome_ytd - total.prior_outcome_ytd;
        rest.forecast = root.forecast - total.forecast;
        if (!rest.budget_year.is_zero() || !rest.budget_ytd.is_zero() ||
            !rest.outcome_ytd.is_zero() || !rest.prior_outcome_ytd.is_zero() ||
            !rest.forecast.is_zero()) {
            rep.rows.push_back(rest);
            rep.notes.push_back(
                {"Övrigt: belopp på nämndsraden själv eller en nämndsprognos som skiljer sig från "
                 "verksamheternas summa.",
                 "Other: amounts on the committee's own row, or a committee forecast that differs "
                 "from the sum of its activities."});
        }
        root.name = total.name;
        total = root;
        const auto& r = input.rows[roots[0]];
        if (r.downside || r.upside) {
            total.band = Band::from_spread(total.result_year(), r.downside.value_or(Decimal()),
                                           r.upside.value_or(Decimal()));
            rep.band_source = "nämnden";
        }
        rep.budget_monthly = r.kind == RowKind::net ? ledger.rolled_up_kommunbidrag(r.id)
                                                    : ledger.rolled_up(r.id, Series::budget);
        rep.outcome_monthly = ledger.rolled_up(r.id, Series::outcome);
    } else {
        for (std::size_t i : shown) {
            const auto& r = input.rows[i];
            const MonthlyAmounts b = r.kind == RowKind::net
                                         ? ledger.rolled_up_kommunbidrag(r.id)
                                         : ledger.rolled_up(r.id, Series::budget);
            const MonthlyAmounts o = ledger.rolled_up(r.id, Series::outcome);
            for (std::size_t m = 0; m < 12; ++m) {
                rep.budget_monthly[m] += signed_amount(b[m], r.kind);
                rep.outcome_monthly[m] += signed_amount(o[m], r.kind);
            }
        }
    }
    // Without a band given for the committee, the rows' bands summed.
    std::vector<Band> bands;
    bool any_band = false;
    for (const auto& row : rep.rows) {
        bands.push_back(row.band ? *row.band
                                 : Band::from_spread(row.result_year(), Decimal(), Decimal()));
        any_band = any_band || row.band.has_value();
    }
    if (any_band) {
        rep.total_band_independent = band_sum(bands, Aggregation::independent, {}, 2, Rounding::up);
        if (!total.band) {
            total.band = band_sum(bands, Aggregation::worst_case, {}, 2, Rounding::up);
            rep.band_source = "summa";
        }
    }
    rep.total = total;
    if (month == Month::december && rep.total.band)
        rep.band_excess = rep.total.band->excess(rep.total.result_ytd());
    for (const auto& row : rep.rows)
        if (row.forecast_computed)
            rep.notes.push_back(
                {row.name +
                     ": ingen prognos i huvudboken; beräknad som utfall hittills + återstående "
                     "budget.",
                 row.name +
                     ": no forecast in the ledger; computed as the outcome to date + the budget "
                     "of the remaining months."});

    // Unit costs (unitcost.hpp): nettokostnad to date per vårddygn,
    // vårdtagare, brukare or invånare, for the rows with a volume.
    for (const auto& r : input.rows) {
        if (!r.volume) continue;
        UnitCostRow u;
        u.name = r.name.empty() ? r.id : r.name;
        u.net_cost = signed_amount(fu.figures(r.id).outcome_ytd, r.kind);
        u.volume = *r.volume;
        u.volume_unit = r.volume_unit;
        const std::string unit = r.volume_unit;
        std::optional<Per> per;
        if (unit == "vårddygn" || unit == "placeringsdygn" || unit == "dygn" || unit == "care_day")
            per = Per::care_day;
        if (unit == "vårdtagare" || unit == "care_recipient") per = Per::care_recipient;
        if (unit == "brukare" || unit == "user") per = Per::user;
        if (unit == "invånare" || unit == "inhabitant") per = Per::inhabitant;
        if (!per)
            throw InputError(input.file, r.line, 1,
                             "row \"" + r.id + "\": volymenhet \"" + unit +
                                 "\" is not one of vårddygn, vårdtagare, brukare, invånare");
        // The volume unit in English, one and many (the Swedish words are the ledger's).
        const std::string per_en = *per == Per::care_day         ? "care day"
                                   : *per == Per::care_recipient ? "care recipient"
                                   : *per == Per::user           ? "user"
                                                                 : "inhabitant";
        try {
            const Nettokostnad cost(u.net_cost, Unit::kr);
            const Decimal& v = u.volume;
            switch (*per) {
                case Per::care_day: {
                    const auto c = unit_cost(cost, Volume<Per::care_day>(v), 0, Rounding::half_up);
                    u.per_unit = c.value();
                    u.too_few = c.too_few();
                    break;
                }
                case Per::care_recipient: {
                    const auto c =
                        unit_cost(cost, Volume<Per::care_recipient>(v), 0, Rounding::half_up);
                    u.per_unit = c.value();
                    u.too_few = c.too_few();
                    break;
                }
                case Per::user: {
                    const auto c = unit_cost(cost, Volume<Per::user>(v), 0, Rounding::half_up);
                    u.per_unit = c.value();
                    u.too_few = c.too_few();
                    break;
                }
                case Per::inhabitant: {
                    const auto c =
                        unit_cost(cost, Volume<Per::inhabitant>(v), 0, Rounding::half_up);
                    u.per_unit = c.value();
                    u.too_few = c.too_few();
                    break;
                }
            }
        } catch (const Error&) {
            // A zero volume or a negative net cost (revenues above costs): no
            // unit cost is defined (unitcost.hpp), so the nyckeltal table
            // lacks a row the reader expects, and a warning says why.
            if (u.volume.is_zero())
                rep.warnings.push_back(
                    {"unit_cost_zero_volume",
                     u.name + ": ingen kostnad per " + unit + ", eftersom volymen är 0.",
                     u.name + ": no cost per " + per_en + ", since the volume is 0."});
            else
                rep.warnings.push_back(
                    {"unit_cost_negative_net_cost",
                     u.name + ": ingen kostnad per " + unit +
                         ", eftersom nettokostnaden är negativ (intäkterna är större än "
                         "kostnaderna).",
                     u.name + ": no cost per " + per_en +
                         ", since the net cost is negative (revenues exceed costs)."});
            continue;
        }
        if (u.too_few)
            rep.notes.push_back(
                {u.name + ": färre än 10 " + unit + ", nyckeltalet är inte jämförbart.",
                 u.name + ": fewer than 10 " + per_en + "s; the unit cost is not comparable."});
        rep.unit_costs.push_back(u);
    }
    return rep;
}

// --- rendering -------------------------------------------------------------------------

namespace {

struct OutTable {
    std::string key;
    std::string title;
    std::vector<std::string> columns;
    std::vector<std::string> labels;
    std::vector<std::vector<Decimal>> values;  // printed figures, at their printed scale
    bool has_total = false;                    // the last row is a total
    std::vector<std::string> notes;
};

struct Words {
    Lang lang;
    std::string m(int month) const {
        return lang == Lang::sv ? month_sv[month - 1] : month_en[month - 1];
    }
    std::string ytd(int month) const { return m(1) + "–" + m(month); }
    const char* t(const char* sv, const char* en) const { return lang == Lang::sv ? sv : en; }
};

const char* unit_name(Unit u) {
    return u == Unit::kr ? "kr" : u == Unit::tkr ? "tkr" : "mnkr";
}

Decimal in_unit(const Decimal& kr, Unit u, int decimals) {
    const Decimal k = u == Unit::kr    ? Decimal(1, 0)
                      : u == Unit::tkr ? Decimal(1, 3)
                                       : Decimal(1, 6);
    return (kr * k).round(decimals, Rounding::half_up);
}

std::string row_col_name(const OutTable& t, std::size_t row, std::size_t col) {
    return t.labels[row] + " / " + t.columns[col];
}

void add_footing_notes(OutTable& t, const FootedTable& f,
                       const std::vector<std::size_t>& print_of_column, const Words& w,
                       const FormatSpec& spec) {
    for (const auto& a : f.adjusted) {
        const std::size_t r = a.row < f.rows ? a.row : f.rows;
        t.notes.push_back(std::string(w.t("Justerad för att tabellen ska summera: ",
                                          "Adjusted so that the table foots: ")) +
                          row_col_name(t, r, print_of_column[a.column]) + ": " +
                          format(a.rounded, spec) + " → " + format(a.printed, spec));
    }
}

// Checks the printed table with checks.hpp: every column's rows against its total.
void add_check_notes(OutTable& t, const Words& w) {
    if (!t.has_total || t.labels.size() < 2) return;
    std::vector<PrintedFigure> figures;
    std::vector<Relation> relations;
    const std::size_t body = t.labels.size() - 1;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        std::vector<std::string> names;
        for (std::size_t r = 0; r <= body; ++r) {
            const std::string n = std::to_string(r) + "/" + std::to_string(c);
            figures.push_back(PrintedFigure::printed(n, t.values[r][c]));
            if (r < body) names.push_back(n);
        }
        relations.push_back(
            Relation::sum(t.columns[c], names, std::to_string(body) + "/" + std::to_string(c)));
    }
    const auto findings = check(figures, relations);
    std::size_t ok = 0;
    for (const auto& f : findings) {
        if (f.severity == Severity::ok) {
            ++ok;
        } else {
            t.notes.push_back(std::string(w.t("Kontroll: ", "Check: ")) + f.label + ": " +
                              (f.severity == Severity::rounding ? w.t("avrundning", "rounding")
                                                                : w.t("fel", "error")));
        }
    }
    if (ok == findings.size())
        t.notes.push_back(w.t("Kontroll: raderna summerar till totalen i varje kolumn.",
                              "Check: the rows add up to the total in every column."));
}

std::string row_label(const ReportRow& row, const Words& w) {
    return row.own_items ? w.t("Övrigt (nämndens egna poster)", "Other (the committee's own items)")
                         : row.name;
}

// The committee's name, or "Totalt" for the sum of several roots.
std::string total_label(const Report& rep, const Words& w) {
    return rep.title.empty() ? w.t("Totalt", "Total") : rep.total.name;
}

const std::string& note_text(const Note& note, Lang lang) {
    return lang == Lang::sv ? note.sv : note.en;
}

std::vector<OutTable> build_tables(const Report& rep, const RenderOptions& o) {
    const Words w{o.lang};
    const int m = rep.month.value();
    const DisplayPrecision prec{o.unit, o.decimals, Rounding::half_up};
    FormatSpec note_spec;
    note_spec.locale = o.lang == Lang::sv ? Locale::sv_SE : Locale::c;
    std::vector<OutTable> out;
    std::vector<std::string> labels;
    for (const auto& r : rep.rows)
        labels.push_back(row_label(r, w));
    labels.push_back(total_label(rep, w));
    const std::string title_unit =
        std::string(w.t(", belopp i ", ", amounts in ")) + unit_name(o.unit);

    // 1. Resultat per verksamhet (Uppsala's layout).
    {
        ExactTable t;
        std::vector<std::string> heads = {w.t("Kommunbidrag", "Budget frame"),
                                          std::string(w.t("Resultat ", "Result ")) + w.ytd(m)};
        std::vector<std::function<Decimal(const ReportRow&)>> get = {
            [](const ReportRow& r) { return r.budget_year; },
            [](const ReportRow& r) { return r.result_ytd(); }};
        if (rep.has_prior_budget) {
            heads.push_back(std::string(w.t("Resultat ", "Result ")) + w.ytd(m) +
                            w.t(" fg år", " last year"));
            get.push_back([](const ReportRow& r) { return r.prior_result_ytd(); });
        }
        heads.push_back(w.t("Helårsprognos resultat", "Full-year forecast result"));
        get.push_back([](const ReportRow& r) { return r.result_year(); });
        t.columns = heads;
        t.rows = rep.rows.size();
        for (const auto& r : rep.rows)
            for (const auto& g : get)
                t.cells.push_back(g(r));
        for (std::size_t c = 0; c < get.size(); ++c) {
            Decimal s;
            for (const auto& r : rep.rows)
                s += get[c](r);
            t.totals.push_back(s);
        }
        const FootedTable f = foot(t, prec);
        OutTable ot{"resultat",
                    std::string(w.t("Resultat per verksamhet", "Result by activity")) + title_unit,
                    heads,
                    labels,
                    {},
                    true,
                    {}};
        for (std::size_t r = 0; r < f.rows; ++r) {
            std::vector<Decimal> row;
            for (std::size_t c = 0; c < heads.size(); ++c)
                row.push_back(f.at(r, c));
            ot.values.push_back(row);
        }
        ot.values.push_back(f.totals);
        std::vector<std::size_t> identity(heads.size());
        for (std::size_t c = 0; c < identity.size(); ++c)
            identity[c] = c;
        add_footing_notes(ot, f, identity, w, note_spec);
        add_check_notes(ot, w);
        out.push_back(std::move(ot));
    }

    // 2. Driftredovisning (Huddinge's layout), with variance columns.
    {
        // The variances are the headline figures (they are the results of
        // the first table): base columns, correctly rounded in the total;
        // prognos and utfall are derived (budget − avvikelse) so that every
        // row reads budget − prognos = avvikelse on the printed figures.
        ExactTable t;
        t.columns = {"budget", "avv_helar", "budget_ytd", "avv_ytd"};
        if (rep.has_prior_outcome) t.columns.push_back("utfall_fg");
        t.derived = {DerivedColumn::difference("prognos", "budget", "avv_helar"),
                     DerivedColumn::difference("utfall_ytd", "budget_ytd", "avv_ytd")};
        t.rows = rep.rows.size();
        auto base = [&](const ReportRow& r) {
            std::vector<Decimal> v = {r.budget_year, r.result_year(), r.budget_ytd, r.result_ytd()};
            if (rep.has_prior_outcome) v.push_back(r.prior_outcome_ytd);
            return v;
        };
        for (const auto& r : rep.rows)
            for (const auto& v : base(r))
                t.cells.push_back(v);
        t.totals.assign(t.columns.size(), Decimal());
        for (const auto& r : rep.rows) {
            const auto v = base(r);
            for (std::size_t c = 0; c < v.size(); ++c)
                t.totals[c] += v[c];
        }
        const FootedTable f = foot(t, prec);
        const std::size_t nb = t.columns.size();
        // Print order: budget, prognos, avvikelse helår, budget ytd, utfall ytd, avvikelse ytd,
        // utfall fg.
        std::vector<std::size_t> order = {0, nb, 1, 2, nb + 1, 3};
        std::vector<std::string> heads = {w.t("Budget helår", "Budget year"),
                                          w.t("Prognos helår", "Forecast year"),
                                          w.t("Avvikelse helår", "Variance year"),
                                          std::string("Budget ") + w.ytd(m),
                                          std::string(w.t("Utfall ", "Actual ")) + w.ytd(m),
                                          std::string(w.t("Avvikelse ", "Variance ")) + w.ytd(m)};
        if (rep.has_prior_outcome) {
            order.push_back(4);
            heads.push_back(std::string(w.t("Utfall ", "Actual ")) + w.ytd(m) +
                            w.t(" fg år", " last year"));
        }
        OutTable ot{
            "driftredovisning",
            std::string(w.t("Driftredovisning, nettokostnad", "Operating statement, net cost")) +
                title_unit,
            heads,
            labels,
            {},
            true,
            {}};
        for (std::size_t r = 0; r <= f.rows; ++r) {
            std::vector<Decimal> row;
            for (std::size_t c : order)
                row.push_back(r < f.rows ? f.at(r, c) : f.totals[c]);
            ot.values.push_back(row);
        }
        std::vector<std::size_t> print_of(f.columns.size(), 0);
        for (std::size_t k = 0; k < order.size(); ++k)
            print_of[order[k]] = k;
        add_footing_notes(ot, f, print_of, w, note_spec);
        ot.notes.push_back(
            w.t("Avvikelse = budget − utfall (prognos): positiv är bra för resultatet.",
                "Variance = budget − actual (forecast): positive is good for the result."));
        out.push_back(std::move(ot));
    }

    // 3. Prognososäkerhet: the band of the result.
    if (rep.total.band) {
        OutTable ot{"prognosspann",
                    std::string(w.t("Prognososäkerhet", "Forecast uncertainty")) + title_unit,
                    {w.t("Prognos resultat", "Forecast result"),
                     w.t("Prognosförsämring", "Downside"), w.t("Prognosförbättring", "Upside"),
                     w.t("Prognosspann min", "Band min"), w.t("Prognosspann max", "Band max")},
                    {},
                    {},
                    false,
                    {}};
        auto add = [&](const std::string& label, const Band& b) {
            const Decimal p = in_unit(b.point(), o.unit, o.decimals);
            const Decimal d = in_unit(b.downside(), o.unit, o.decimals);
            const Decimal u = in_unit(b.upside(), o.unit, o.decimals);
            ot.labels.push_back(label);
            ot.values.push_back({p, d, u, p - d, p + u});
        };
        for (const auto& r : rep.rows)
            if (r.band) add(row_label(r, w), *r.band);
        add(total_label(rep, w), *rep.total.band);
        ot.notes.push_back(
            rep.band_source == "nämnden"
                ? w.t("Nämndens prognosspann: min = prognos − försämring, max = prognos + "
                      "förbättring.",
                      "The committee's band: min = forecast − downside, max = forecast + upside.")
                : w.t("Nämndens spann är verksamheternas spann summerade i värsta fall.",
                      "The committee's band is the rows' bands summed worst case."));
        if (rep.band_excess) {
            const Decimal result = in_unit(rep.total.result_ytd(), o.unit, o.decimals);
            const Decimal excess = in_unit(*rep.band_excess, o.unit, o.decimals);
            const int sign = rep.band_excess->signum();
            ot.notes.push_back(
                std::string(w.t("Årets resultat ", "The year's result ")) +
                format(result, note_spec) +
                (sign == 0  ? w.t(" ligger inom prognosspannet.", " lies inside the band.")
                 : sign > 0 ? std::string(w.t(" ligger ", " lies ")) + format(excess, note_spec) +
                                  w.t(" över prognosspannets övre gräns.", " above the band's top.")
                            : std::string(w.t(" ligger ", " lies ")) + format(-excess, note_spec) +
                                  w.t(" under prognosspannets nedre gräns.",
                                      " below the band's bottom.")));
        }
        if (rep.total_band_independent) {
            const auto& b = *rep.total_band_independent;
            ot.notes.push_back(std::string(w.t("Verksamheternas spann summerade som oberoende: ",
                                               "The rows' bands summed as independent: ")) +
                               format(in_unit(b.low(), o.unit, o.decimals), note_spec) + " … " +
                               format(in_unit(b.high(), o.unit, o.decimals), note_spec));
        }
        out.push_back(std::move(ot));
    }

    // 4. Nyckeltal.
    if (!rep.unit_costs.empty()) {
        OutTable ot{
            "nyckeltal",
            w.t("Nyckeltal, kostnad per enhet", "Unit costs"),
            {std::string(w.t("Nettokostnad ", "Net cost ")) + w.ytd(m) + ", " + unit_name(o.unit),
             w.t("Volym", "Volume"), w.t("Kostnad per enhet, kr", "Cost per unit, kr")},
            {},
            {},
            false,
            {}};
        for (const auto& u : rep.unit_costs) {
            ot.labels.push_back(u.name + ", " + u.volume_unit);
            ot.values.push_back({in_unit(u.net_cost, o.unit, o.decimals), u.volume, u.per_unit});
        }
        ot.notes.push_back(
            w.t("Kostnad per enhet = nettokostnad / volym, exakt och avrundad till hela kronor.",
                "Cost per unit = net cost / volume, exact and rounded to whole kronor."));
        out.push_back(std::move(ot));
    }
    return out;
}

std::string pad(const std::string& s, std::size_t width, bool right) {
    const std::size_t n = text::utf8_length(s);
    const std::string fill(n < width ? width - n : 0, ' ');
    return right ? fill + s : s + fill;
}

std::string json_string(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x",
                          static_cast<unsigned>(static_cast<unsigned char>(c)));
            out += buf;
        } else {
            out.push_back(c);
        }
    }
    return out + "\"";
}

std::string csv_field(const std::string& s) {
    if (s.find_first_of(";\"\n") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    return out + "\"";
}

}  // namespace

const std::string& warning_text(const Warning& warning, Lang lang) {
    return lang == Lang::sv || warning.en.empty() ? warning.sv : warning.en;
}

std::string render(const Report& rep, const RenderOptions& o) {
    if (o.decimals < 0 || o.decimals > 6) throw Error(Errc::invalid, "--decimals must be 0..6");
    const auto tables = build_tables(rep, o);
    const Words w{o.lang};
    const int m = rep.month.value();
    FormatSpec spec;
    spec.locale = o.lang == Lang::sv ? Locale::sv_SE : Locale::c;
    std::string out;
    const std::string heading =
        (rep.title.empty() ? std::string(w.t("Uppföljning", "Follow-up")) : rep.title) +
        w.t(": uppföljning ", ": follow-up ") + w.ytd(m);
    if (o.format == Format::json) {
        FormatSpec js;
        js.locale = Locale::c;
        js.grouping = Grouping::none;
        out += "{\n  \"title\": " + json_string(rep.title) +
               ",\n  \"month\": " + std::to_string(m) + ",\n  \"unit\": \"" + unit_name(o.unit) +
               "\",\n  \"decimals\": " + std::to_string(o.decimals) + ",\n  \"warnings\": [";
        for (std::size_t k = 0; k < rep.warnings.size(); ++k)
            out += std::string(k ? "," : "") +
                   "\n    {\"code\": " + json_string(rep.warnings[k].code) +
                   ", \"message\": " + json_string(warning_text(rep.warnings[k], o.lang)) + "}";
        out += rep.warnings.empty() ? "],\n  \"tables\": [" : "\n  ],\n  \"tables\": [";
        for (std::size_t k = 0; k < tables.size(); ++k) {
            const auto& t = tables[k];
            out += (k ? ",\n" : "\n");
            out += "    {\n      \"id\": \"" + t.key +
                   "\",\n      \"title\": " + json_string(t.title) + ",\n      \"columns\": [";
            for (std::size_t c = 0; c < t.columns.size(); ++c)
                out += (c ? ", " : "") + json_string(t.columns[c]);
            out += "],\n      \"rows\": [";
            for (std::size_t r = 0; r < t.labels.size(); ++r) {
                out += (r ? ",\n" : "\n");
                out += "        {\"label\": " + json_string(t.labels[r]);
                if (t.has_total && r + 1 == t.labels.size()) out += ", \"total\": true";
                out += ", \"values\": [";
                for (std::size_t c = 0; c < t.values[r].size(); ++c)
                    out += (c ? ", " : "") + format(t.values[r][c], js);
                out += "]}";
            }
            out += "\n      ],\n      \"notes\": [";
            for (std::size_t n = 0; n < t.notes.size(); ++n)
                out += (n ? ", " : "") + json_string(t.notes[n]);
            out += "]\n    }";
        }
        out += "\n  ],\n  \"notes\": [";
        for (std::size_t n = 0; n < rep.notes.size(); ++n)
            out += (n ? ", " : "") + json_string(note_text(rep.notes[n], o.lang));
        out += "]\n}\n";
        return out;
    }
    if (o.format == Format::csv) {
        spec.grouping = Grouping::none;
        // Warnings first, as rows a spreadsheet shows above the tables.
        if (!rep.warnings.empty()) {
            out += std::string("# ") + w.t("Varningar", "Warnings") + "\n";
            for (const auto& wa : rep.warnings)
                out += csv_field(warning_text(wa, o.lang)) + "\n";
            out += "\n";
        }
        for (const auto& t : tables) {
            out += "# " + t.title + "\n";
            out += csv_field(w.t("Verksamhet", "Activity"));
            for (const auto& c : t.columns)
                out += ";" + csv_field(c);
            out += "\n";
            for (std::size_t r = 0; r < t.labels.size(); ++r) {
                out += csv_field(t.labels[r]);
                for (const auto& v : t.values[r]) {
                    out += ';';
                    out += format(v, spec);
                }
                out += "\n";
            }
            out += "\n";
        }
        return out;
    }
    if (o.format == Format::markdown) {
        out += "# " + heading + "\n\n";
        if (!rep.warnings.empty()) {
            out += std::string("## ") + w.t("Varningar", "Warnings") + "\n\n";
            for (const auto& wa : rep.warnings)
                out += "- " + warning_text(wa, o.lang) + "\n";
            out += "\n";
        }
        for (const auto& t : tables) {
            out += "## " + t.title + "\n\n| " + w.t("Verksamhet", "Activity") + " |";
            for (const auto& c : t.columns)
                out += " " + c + " |";
            out += "\n|---|";
            for (std::size_t c = 0; c < t.columns.size(); ++c)
                out += "---:|";
            out += "\n";
            for (std::size_t r = 0; r < t.labels.size(); ++r) {
                const bool total = t.has_total && r + 1 == t.labels.size();
                std::string label;
                for (char c : t.labels[r]) {
                    if (c == '|' || c == '*' || c == '_') label.push_back('\\');
                    label.push_back(c);
                }
                out += "| " + (total ? "**" + label + "**" : label) + " |";
                for (const auto& v : t.values[r]) {
                    const std::string f = format(v, spec);
                    out += total ? " **" : " ";
                    out += f;
                    out += total ? "** |" : " |";
                }
                out += "\n";
            }
            if (!t.notes.empty()) out += "\n";
            for (const auto& n : t.notes)
                out += "- " + n + "\n";
            out += "\n";
        }
        for (const auto& n : rep.notes)
            out += "- " + note_text(n, o.lang) + "\n";
        return out;
    }
    // Aligned text.
    out += heading + "\n\n";
    if (!rep.warnings.empty()) {
        out += std::string(w.t("Varningar", "Warnings")) + "\n";
        for (const auto& wa : rep.warnings)
            out += "  " + warning_text(wa, o.lang) + "\n";
        out += "\n";
    }
    for (const auto& t : tables) {
        out += t.title + "\n";
        std::size_t lw = text::utf8_length(w.t("Verksamhet", "Activity"));
        for (const auto& l : t.labels)
            lw = std::max(lw, text::utf8_length(l));
        std::vector<std::vector<std::string>> cells;
        std::vector<std::size_t> cw;
        for (const auto& c : t.columns)
            cw.push_back(text::utf8_length(c));
        for (const auto& row : t.values) {
            std::vector<std::string> cs;
            for (std::size_t c = 0; c < row.size(); ++c) {
                cs.push_back(format(row[c], spec));
                cw[c] = std::max(cw[c], text::utf8_length(cs.back()));
            }
            cells.push_back(cs);
        }
        std::string line = pad(w.t("Verksamhet", "Activity"), lw, false);
        for (std::size_t c = 0; c < t.columns.size(); ++c)
            line += "  " + pad(t.columns[c], cw[c], true);
        out += line + "\n";
        const std::size_t rule = text::utf8_length(line);
        std::string dash;
        for (std::size_t k = 0; k < rule; ++k)
            dash += "─";
        out += dash + "\n";
        for (std::size_t r = 0; r < t.labels.size(); ++r) {
            if (t.has_total && r + 1 == t.labels.size()) out += dash + "\n";
            line = pad(t.labels[r], lw, false);
            for (std::size_t c = 0; c < cells[r].size(); ++c)
                line += "  " + pad(cells[r][c], cw[c], true);
            out += line + "\n";
        }
        for (const auto& n : t.notes)
            out += "  " + n + "\n";
        out += "\n";
    }
    for (const auto& n : rep.notes)
        out += note_text(n, o.lang) + "\n";
    return out;
}

// --- the chart -----------------------------------------------------------------------------

namespace {

std::string fmt_double(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string xml(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '&')
            out += "&amp;";
        else if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else if (c == '"')
            out += "&quot;";
        else
            out.push_back(c);
    }
    return out;
}

double nice_step(double range) {
    const double raw = range / 6;
    const double mag = std::pow(10.0, std::floor(std::log10(raw)));
    for (double f : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (raw <= f * mag) return f * mag;
    return 10 * mag;
}

}  // namespace

std::string render_svg(const Report& rep, const RenderOptions& o) {
    // Charts only: amounts become doubles here, for coordinates.
    const Words w{o.lang};
    const int m = rep.month.value();
    const double div = o.unit == Unit::kr ? 1.0 : o.unit == Unit::tkr ? 1e3 : 1e6;
    FormatSpec spec;
    spec.locale = o.lang == Lang::sv ? Locale::sv_SE : Locale::c;
    spec.unit = o.unit;
    spec.decimals = o.decimals;
    spec.rounding = Rounding::half_up;
    spec.minus = MinusSign::unicode;

    std::vector<double> budget(13, 0.0), outcome(13, 0.0), result(13, 0.0);
    Decimal cb, co;
    for (int k = 0; k < 12; ++k) {
        const auto i = static_cast<std::size_t>(k);
        cb += rep.budget_monthly[i];
        co += rep.outcome_monthly[i];
        budget[i + 1] = cb.to_double() / div;
        outcome[i + 1] = co.to_double() / div;
        result[i + 1] = (cb - co).to_double() / div;
    }
    const auto um = static_cast<std::size_t>(m);
    const double fc = rep.total.forecast.to_double() / div;
    const double fr = rep.total.result_year().to_double() / div;
    // The band of the result, and as a band of the net cost (a worse result is a higher cost).
    double rlo = fr, rhi = fr;
    if (rep.total.band) {
        rlo = rep.total.band->low().to_double() / div;
        rhi = rep.total.band->high().to_double() / div;
    }
    const double clo = fc - (rhi - fr), chi = fc + (fr - rlo);

    const double W = 980, H = 820, left = 90, right = 260;
    const double pw = W - left - right;
    auto X = [&](double month) { return left + pw * month / 12.0; };
    std::string s;
    s += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + fmt_double(W) + "\" height=\"" +
         fmt_double(H) + "\" viewBox=\"0 0 " + fmt_double(W) + " " + fmt_double(H) +
         "\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"13\">\n";
    const std::string title =
        (rep.title.empty() ? std::string(w.t("Uppföljning", "Follow-up")) : rep.title) +
        w.t(": uppföljning ", ": follow-up ") + w.ytd(m);
    s += "<title>" + xml(title) + "</title>\n";
    s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
    s += "<text x=\"" + fmt_double(left) + "\" y=\"32\" font-size=\"19\" font-weight=\"bold\">" +
         xml(title) + "</text>\n";

    // One panel: y axis, grid, month axis; returns the y mapping.
    auto panel = [&](double top, double ph, double ymin, double ymax, const std::string& heading) {
        if (ymax <= ymin) ymax = ymin + 1;
        const double step = nice_step(ymax - ymin);
        ymax = std::ceil(ymax / step - 1e-9) * step;
        ymin = std::floor(ymin / step + 1e-9) * step;
        auto Y = [=](double v) { return top + ph * (ymax - v) / (ymax - ymin); };
        s += "<text x=\"" + fmt_double(left) + "\" y=\"" + fmt_double(top - 14) +
             "\" font-size=\"15\" font-weight=\"bold\">" + xml(heading) + "</text>\n";
        for (double v = ymin; v <= ymax + step / 2; v += step) {
            const bool zero = std::fabs(v) < step / 1000;
            s += "<line x1=\"" + fmt_double(left) + "\" x2=\"" + fmt_double(left + pw) +
                 "\" y1=\"" + fmt_double(Y(v)) + "\" y2=\"" + fmt_double(Y(v)) + "\" stroke=\"" +
                 (zero ? "#555" : "#e4e4e4") + "\"/>\n";
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.0f", zero ? 0.0 : v);
            std::string label = buf;
            if (label[0] == '-') label = "−" + label.substr(1);
            const std::size_t digits = label.size() - (label.rfind("−", 0) == 0 ? 3 : 0);
            if (digits > 3) label.insert(label.size() - 3, " ");
            s += "<text x=\"" + fmt_double(left - 8) + "\" y=\"" + fmt_double(Y(v) + 4) +
                 "\" text-anchor=\"end\">" + label + "</text>\n";
        }
        s += "<text x=\"22\" y=\"" + fmt_double(top + ph / 2) + "\" transform=\"rotate(-90 22 " +
             fmt_double(top + ph / 2) + ")\" text-anchor=\"middle\">" + unit_name(o.unit) +
             "</text>\n";
        s += "<line x1=\"" + fmt_double(left) + "\" x2=\"" + fmt_double(left) + "\" y1=\"" +
             fmt_double(top) + "\" y2=\"" + fmt_double(top + ph) + "\" stroke=\"#333\"/>\n";
        s += "<line x1=\"" + fmt_double(left) + "\" x2=\"" + fmt_double(left + pw) + "\" y1=\"" +
             fmt_double(top + ph) + "\" y2=\"" + fmt_double(top + ph) + "\" stroke=\"#333\"/>\n";
        for (int k = 1; k <= 12; ++k) {
            s += "<line x1=\"" + fmt_double(X(k)) + "\" x2=\"" + fmt_double(X(k)) + "\" y1=\"" +
                 fmt_double(top + ph) + "\" y2=\"" + fmt_double(top + ph + 5) +
                 "\" stroke=\"#333\"/>\n";
            s += "<text x=\"" + fmt_double(X(k)) + "\" y=\"" + fmt_double(top + ph + 20) +
                 "\" text-anchor=\"middle\">" + w.m(k) + "</text>\n";
        }
        s += "<text x=\"" + fmt_double(left + pw) + "\" y=\"" + fmt_double(top + ph + 38) +
             "\" text-anchor=\"end\" fill=\"#555\">" + w.t("månad", "month") + "</text>\n";
        s += "<line x1=\"" + fmt_double(X(m)) + "\" x2=\"" + fmt_double(X(m)) + "\" y1=\"" +
             fmt_double(top) + "\" y2=\"" + fmt_double(top + ph) +
             "\" stroke=\"#999\" stroke-dasharray=\"2,3\"/>\n";
        return Y;
    };
    auto polyline = [&](const auto& Y, const std::vector<double>& v, int from, int to,
                        const char* color, double width, const char* dash) {
        std::string pts;
        for (int k = from; k <= to; ++k)
            pts += fmt_double(X(k)) + "," + fmt_double(Y(v[static_cast<std::size_t>(k)])) + " ";
        s += "<polyline fill=\"none\" stroke=\"" + std::string(color) + "\" stroke-width=\"" +
             fmt_double(width) + "\"" +
             (dash[0] ? " stroke-dasharray=\"" + std::string(dash) + "\"" : std::string()) +
             " points=\"" + pts + "\"/>\n";
    };
    auto fan = [&](const auto& Y, double start, double point, double lo, double hi) {
        if (m >= 12) {
            // December: the band as forecast (from the ledger's forecast),
            // beside the year's outcome.
            s += "<rect x=\"" + fmt_double(X(12) - 7) + "\" y=\"" + fmt_double(Y(hi)) +
                 "\" width=\"14\" height=\"" + fmt_double(std::max(1.0, Y(lo) - Y(hi))) +
                 "\" fill=\"#f8bf86\" opacity=\"0.9\"/>\n";
            s += "<circle cx=\"" + fmt_double(X(12)) + "\" cy=\"" + fmt_double(Y(point)) +
                 "\" r=\"5\" fill=\"#c2560c\"/>\n";
            return;
        }
        for (double share : {1.0, 0.66, 0.33}) {
            const double l = point - (point - lo) * share, h = point + (hi - point) * share;
            const char* fill = share > 0.9 ? "#fbd9b5" : share > 0.5 ? "#f8bf86" : "#f4a259";
            s += "<polygon fill=\"" + std::string(fill) + "\" points=\"" + fmt_double(X(m)) + "," +
                 fmt_double(Y(start)) + " " + fmt_double(X(12)) + "," + fmt_double(Y(h)) + " " +
                 fmt_double(X(12)) + "," + fmt_double(Y(l)) + "\"/>\n";
        }
        s += "<polyline fill=\"none\" stroke=\"#c2560c\" stroke-width=\"2.5\" "
             "stroke-dasharray=\"7,4\" points=\"" +
             fmt_double(X(m)) + "," + fmt_double(Y(start)) + " " + fmt_double(X(12)) + "," +
             fmt_double(Y(point)) + "\"/>\n";
        s += "<circle cx=\"" + fmt_double(X(12)) + "\" cy=\"" + fmt_double(Y(point)) +
             "\" r=\"5\" fill=\"#c2560c\"/>\n";
    };

    // Panel 1: cumulative budget and net cost.
    {
        const auto Y = panel(80, 300, 0.0, std::max({budget[12], chi, outcome[um]}),
                             w.t("Ackumulerad nettokostnad och budget (kommunbidrag)",
                                 "Cumulative net cost and budget"));
        fan(Y, outcome[um], fc, clo, chi);
        polyline(Y, budget, 0, 12, "#6b6b6b", 2, "5,4");
        polyline(Y, outcome, 0, m, "#1f4e9c", 3, "");
        for (int k = 1; k <= m; ++k)
            s += "<circle cx=\"" + fmt_double(X(k)) + "\" cy=\"" +
                 fmt_double(Y(outcome[static_cast<std::size_t>(k)])) +
                 "\" r=\"3.5\" fill=\"#1f4e9c\"/>\n";
    }
    // Panel 2: the cumulative result (budget − net cost) and the forecast's fan.
    {
        double lo = std::min({0.0, rlo, fr}), hi = std::max({0.0, rhi, fr});
        for (int k = 0; k <= m; ++k) {
            lo = std::min(lo, result[static_cast<std::size_t>(k)]);
            hi = std::max(hi, result[static_cast<std::size_t>(k)]);
        }
        const auto Y =
            panel(480, 260, lo, hi,
                  w.t("Resultat mot budget, ackumulerat, och helårsprognos med prognosspann",
                      "Cumulative result against budget, and the forecast with its band"));
        fan(Y, result[um], fr, rlo, rhi);
        polyline(Y, result, 0, m, "#1f4e9c", 3, "");
        for (int k = 1; k <= m; ++k)
            s += "<circle cx=\"" + fmt_double(X(k)) + "\" cy=\"" +
                 fmt_double(Y(result[static_cast<std::size_t>(k)])) +
                 "\" r=\"3.5\" fill=\"#1f4e9c\"/>\n";
        if (rep.total.band) {
            for (const Decimal& v : {rep.total.band->low(), rep.total.band->high()})
                s += "<text x=\"" + fmt_double(X(12) + 8) + "\" y=\"" +
                     fmt_double(Y(v.to_double() / div) + 4) + "\" font-size=\"12\">" +
                     xml(format(v, spec)) + "</text>\n";
        }
    }
    // Legend and the figures.
    const double lx = left + pw + 40;
    double ly = 90;
    auto legend = [&](const std::string& color, const std::string& dash, const std::string& label) {
        s += "<line x1=\"" + fmt_double(lx) + "\" x2=\"" + fmt_double(lx + 26) + "\" y1=\"" +
             fmt_double(ly) + "\" y2=\"" + fmt_double(ly) + "\" stroke=\"" + color +
             "\" stroke-width=\"3\"" + (dash.empty() ? "" : " stroke-dasharray=\"" + dash + "\"") +
             "/>\n";
        s += "<text x=\"" + fmt_double(lx + 34) + "\" y=\"" + fmt_double(ly + 4) + "\">" +
             xml(label) + "</text>\n";
        ly += 24;
    };
    legend("#6b6b6b", "5,4", w.t("Budget (kommunbidrag)", "Budget (frame)"));
    legend("#1f4e9c", "", w.t("Utfall", "Actual"));
    legend("#c2560c", "7,4", w.t("Helårsprognos", "Full-year forecast"));
    if (rep.total.band) {
        s += "<rect x=\"" + fmt_double(lx) + "\" y=\"" + fmt_double(ly - 8) +
             "\" width=\"26\" height=\"14\" fill=\"#f8bf86\"/>\n";
        s += "<text x=\"" + fmt_double(lx + 34) + "\" y=\"" + fmt_double(ly + 4) + "\">" +
             w.t("Prognosspann", "Forecast band") + "</text>\n";
        ly += 24;
    }
    ly += 16;
    auto line = [&](const std::string& text, bool bold = false) {
        s += "<text x=\"" + fmt_double(lx) + "\" y=\"" + fmt_double(ly) + "\"" +
             (bold ? " font-weight=\"bold\"" : "") + ">" + xml(text) + "</text>\n";
        ly += 20;
    };
    line(std::string(w.t("Resultat ", "Result ")) + w.ytd(m) + ":", true);
    line(format(rep.total.result_ytd(), spec) + " " + unit_name(o.unit));
    line(w.t("Helårsprognos resultat:", "Full-year forecast result:"), true);
    line(format(rep.total.result_year(), spec) + " " + unit_name(o.unit));
    if (rep.total.band) {
        line(w.t("Prognosspann:", "Band:"), true);
        line(format(rep.total.band->low(), spec) + " … " + format(rep.total.band->high(), spec) +
             " " + unit_name(o.unit));
    }
    s += "</svg>\n";
    return s;
}

}  // namespace kalkyl::report
