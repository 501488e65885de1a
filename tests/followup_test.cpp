// Tests of kalkyl/followup.hpp: the seeds' follow-up tables rebuilt as
// ledgers from their printed rows, every derived figure compared with the
// printed one, and where they differ, kalkyl::check() shows that the printed
// precision explains it. Then the sign converters, the roll-up rules and the
// bad input (which must leave the ledger as it was).
//
// Seeds: 003_88ecce726bdc263c.txt (Huddinge, delårsrapport
// per 31 augusti 2021, "Driftredovisning, tkr"), 002_31e8e90355d16209.txt
// (Uppsala, årsbokslut 2024, "Resultat per verksamhet", mnkr),
// 004_f694a8ad6a7b67a2.txt (Eskilstuna, delårsrapport 2 2023,
// "Resultaträkning", mnkr with one decimal).

#include "kalkyl/followup.hpp"

#include <doctest/doctest.h>

#include "decimal_print.hpp"

#include <string>
#include <vector>

#include "kalkyl/checks.hpp"
#include "kalkyl/text.hpp"

using kalkyl::AllocationMode;
using kalkyl::AmountSign;
using kalkyl::Decimal;
using kalkyl::Errc;
using kalkyl::Figure;
using kalkyl::FollowUp;
using kalkyl::Ledger;
using kalkyl::Month;
using kalkyl::MonthlyAmounts;
using kalkyl::MonthlyProfile;
using kalkyl::Percent;
using kalkyl::Rounding;
using kalkyl::RowKind;
using kalkyl::RowSpec;
using kalkyl::Series;
using kalkyl::Severity;
using kalkyl::VarianceSign;

namespace {

// A figure as the seeds print it ("50 149", "-4,6", "- 196,6").
Decimal P(const char* printed) {
    return kalkyl::parse(printed, kalkyl::Locale::sv_SE);
}

// Twelve months whose January..m add up to `ytd` and whose year adds up to
// `year`: the seeds print only those two sums. Spread evenly with
// periodise() (allocate.hpp) at the figures' own scale.
MonthlyAmounts spread(const Decimal& ytd, const Decimal& year, Month m) {
    std::vector<Decimal> before(12, Decimal(0, 0)), after(12, Decimal(0, 0));
    for (int i = 0; i < 12; ++i)
        (i < m.value() ? before : after)[static_cast<std::size_t>(i)] = Decimal(1, 0);
    const int scale = std::max(ytd.scale(), year.scale());
    const auto a = kalkyl::periodise(ytd, MonthlyProfile::from_weights(before), scale,
                                     AllocationMode::cumulative);
    MonthlyAmounts out = a;
    if (m.value() < 12) {
        const auto b = kalkyl::periodise(year - ytd, MonthlyProfile::from_weights(after), scale,
                                         AllocationMode::cumulative);
        for (std::size_t i = 0; i < 12; ++i)
            out[i] = a[i] + b[i];
    }
    return out;
}

void set_months(Ledger& l, const std::string& id, Series s, const MonthlyAmounts& v) {
    l.set_values(id, s, Month::january, v);
}

struct Term {
    int sign;
    const char* printed;
};

// The model computed `model` from printed operands by the formula Σ ±terms;
// the table printed `printed`. The model must be exactly the formula on the
// printed operands (kalkyl::check's `expected`), and the printed figure must
// be it (ok) or differ from it by what the printed precision explains
// (rounding), never more (error).
void printed_or_rounding(const std::string& label, const Decimal& model, std::vector<Term> terms,
                         const char* printed) {
    std::vector<kalkyl::PrintedFigure> figures;
    kalkyl::Relation rel;
    rel.kind = kalkyl::RelationKind::sum;
    rel.label = label;
    for (std::size_t i = 0; i < terms.size(); ++i) {
        const std::string name = "t" + std::to_string(i);
        figures.push_back(kalkyl::PrintedFigure::printed(name, P(terms[i].printed)));
        rel.numerator.push_back({name, terms[i].sign});
    }
    figures.push_back(kalkyl::PrintedFigure::printed("printed", P(printed)));
    rel.result = "printed";
    const auto findings = kalkyl::check(figures, {rel});
    REQUIRE(findings.size() == 1);
    INFO(label);
    CHECK(findings[0].expected == model);
    if (model == P(printed))
        CHECK(findings[0].severity == Severity::ok);
    else
        CHECK(findings[0].severity == Severity::rounding);
}

// --- Huddinge, Driftredovisning, tkr (seed 003) -------------------------------------

struct HuddingeRow {
    const char* id;
    RowKind kind;
    const char* budget_year;  // Helår Budget
    const char* prognos;      // Helår Prognos
    const char* avv_year;     // Helår Avvikelse
    const char* budget_ytd;   // Perioden januari-augusti Budget
    const char* utfall_ytd;   // Utfall
    const char* avv_ytd;      // Avvikelse
    const char* prior_ytd;    // Perioden föregående år Utfall
};

// The rows the table prints with their own figures.
const HuddingeRow huddinge_rows[] = {
    {"Verksamhetens intäkter", RowKind::revenue, "50 149", "51 927", "1 778", "32 990", "35 519",
     "2 529", "43 829"},
    {"Personal", RowKind::cost, "277 573", "265 650", "11 923", "184 398", "176 119", "8 279",
     "172 323"},
    {"Lokaler", RowKind::cost, "21 106", "21 957", "-851", "14 070", "14 453", "-383", "14 551"},
    {"Bidrag kostnader", RowKind::cost, "2 391", "1 676", "715", "1 597", "1 084", "513", "1 497"},
    {"Köp av verksamhet", RowKind::cost, "150 316", "158 295", "-7 979", "100 127", "106 141",
     "-6 014", "100 871"},
    {"Övrigt", RowKind::cost, "21 611", "23 822", "-2 211", "14 407", "15 554", "-1 147", "15 156"},
};

Ledger huddinge() {
    Ledger l;
    const std::vector<RowSpec> tree = {
        {"Socialnämnden", "Årets resultat", RowKind::net, ""},
        {"Verksamhetens intäkter", "Verksamhetens intäkter", RowKind::revenue, "Socialnämnden"},
        {"Verksamhetens kostnader", "Verksamhetens kostnader", RowKind::cost, "Socialnämnden"},
        {"Personal", "Personal", RowKind::cost, "Verksamhetens kostnader"},
        {"Lokaler", "Lokaler", RowKind::cost, "Verksamhetens kostnader"},
        {"Bidrag kostnader", "Bidrag kostnader", RowKind::cost, "Verksamhetens kostnader"},
        {"Köp av verksamhet", "Köp av verksamhet", RowKind::cost, "Verksamhetens kostnader"},
        {"Övrigt", "Övrigt", RowKind::cost, "Verksamhetens kostnader"},
    };
    l.add_rows(tree);
    for (const HuddingeRow& r : huddinge_rows) {
        set_months(l, r.id, Series::budget,
                   spread(P(r.budget_ytd), P(r.budget_year), Month::august));
        set_months(l, r.id, Series::outcome,
                   spread(P(r.utfall_ytd), P(r.utfall_ytd), Month::august));
        set_months(l, r.id, Series::prior_outcome,
                   spread(P(r.prior_ytd), P(r.prior_ytd), Month::august));
        l.set_manual_forecast(r.id, "Prognos", Month::august, P(r.prognos), Decimal(), Decimal(),
                              "förvaltningen");
    }
    // The kommunbidrag: the frame equals the net budget (Årets resultat, Budget).
    set_months(l, "Socialnämnden", Series::budget,
               spread(P("281 609"), P("422 848"), Month::august));
    return l;
}

}  // namespace

TEST_SUITE("followup") {
    TEST_CASE("Month: only 1..12, and no arithmetic") {
        static_assert(Month::august.value() == 8 && Month::august.index() == 7);
        static_assert(Month::december.remaining() == 0);
        CHECK_THROWS_AS(Month(0), kalkyl::Error);
        CHECK_THROWS_AS(Month(13), kalkyl::Error);
        try {
            (void)Month(13);
        } catch (const kalkyl::Error& e) {
            CHECK(e.code() == Errc::invalid);
            CHECK(std::string(e.what()) == "month 13 is outside 1..12");
        }
    }

    TEST_CASE("Huddinge 2021 driftredovisning: every row, both halves of the table") {
        const Ledger l = huddinge();
        const FollowUp f = l.compute(Month::august);
        for (const HuddingeRow& r : huddinge_rows) {
            INFO(r.id);
            CHECK(f.figure(r.id, Figure::budget_year) == P(r.budget_year));
            CHECK(f.forecast(r.id, "Prognos") == P(r.prognos));
            CHECK(f.variance_year(r.id, "Prognos") == P(r.avv_year));  // intäkter: prognos − budget
            CHECK(f.figure(r.id, Figure::budget_ytd) == P(r.budget_ytd));
            CHECK(f.figure(r.id, Figure::outcome_ytd) == P(r.utfall_ytd));
            CHECK(f.variance_ytd(r.id) == P(r.avv_ytd));
            CHECK(f.figure(r.id, Figure::prior_outcome_ytd) == P(r.prior_ytd));
        }
    }

    TEST_CASE("Huddinge 2021: Verksamhetens kostnader, the sum of the cost rows") {
        const FollowUp f = huddinge().compute(Month::august);
        const char* k = "Verksamhetens kostnader";
        CHECK(f.figure(k, Figure::budget_year) == P("472 997"));
        CHECK(f.forecast(k, "Prognos") == P("471 400"));
        CHECK(f.variance_year(k, "Prognos") == P("1 597"));
        CHECK(f.figure(k, Figure::budget_ytd) == P("314 599"));
        CHECK(f.figure(k, Figure::prior_outcome_ytd) == P("304 398"));
        // Utfall jan–aug: the rows add to 313 351, the table prints 313 349.
        printed_or_rounding(
            "Huddinge, kostnader utfall jan–aug", f.figure(k, Figure::outcome_ytd),
            {{1, "176 119"}, {1, "14 453"}, {1, "1 084"}, {1, "106 141"}, {1, "15 554"}},
            "313 349");
        // Avvikelse jan–aug: 1 248 from the rows, printed 1 251.
        printed_or_rounding("Huddinge, kostnader avvikelse jan–aug", f.variance_ytd(k),
                            {{1, "8 279"}, {1, "-383"}, {1, "513"}, {1, "-6 014"}, {1, "-1 147"}},
                            "1 251");
    }

    TEST_CASE("Huddinge 2021: Årets resultat 3 375 tkr, budgethållning 0,8 %") {
        const FollowUp f = huddinge().compute(Month::august);
        const char* n = "Socialnämnden";
        // Helår: net budget 472 997 − 50 149 = 422 848, prognos 419 473.
        CHECK(f.figure(n, Figure::budget_year) == P("422 848"));
        CHECK(f.forecast(n, "Prognos") == P("419 473"));
        CHECK(f.variance_year(n, "Prognos") == P("3 375"));
        CHECK(f.figure(n, Figure::kommunbidrag_year) == P("422 848"));
        CHECK(f.result_year(n, "Prognos") == P("3 375"));
        CHECK(f.budgethallning_year(n, "Prognos", 1, Rounding::half_up) == Percent(P("0,8")));
        // Jan–aug: budget 281 609; utfall 277 832 from the rows, printed 277 830.
        CHECK(f.figure(n, Figure::budget_ytd) == P("281 609"));
        printed_or_rounding("Huddinge, årets resultat utfall jan–aug",
                            f.figure(n, Figure::outcome_ytd),
                            {{1, "176 119"},
                             {1, "14 453"},
                             {1, "1 084"},
                             {1, "106 141"},
                             {1, "15 554"},
                             {-1, "35 519"}},
                            "277 830");
        printed_or_rounding(
            "Huddinge, årets resultat avvikelse jan–aug", f.variance_ytd(n),
            {{1, "2 529"}, {1, "8 279"}, {1, "-383"}, {1, "513"}, {1, "-6 014"}, {1, "-1 147"}},
            "3 780");
        CHECK(f.result_ytd(n) == f.variance_ytd(n));  // the frame is the net budget
        CHECK(f.figure(n, Figure::prior_outcome_ytd) == P("260 569"));
        // The sum of the printed variances is the variance of the printed totals.
        CHECK(f.variance_year(n, "Prognos") ==
              f.variance_year("Verksamhetens intäkter", "Prognos") +
                  f.variance_year("Verksamhetens kostnader", "Prognos"));
    }

    // --- Uppsala 2024, Resultat per verksamhet, mnkr (seed 002) --------------------------

    namespace {

    struct UppsalaRow {
        const char* id;
        const char* utfall;   // Utfall 2024 (costs negative)
        const char* budget;   // Budget 2024
        const char* prognos;  // Prognos 2024
        const char* prior;    // Utfall 2023
    };

    // One verksamhet: a net row with its kommunbidrag and its rows, loaded from
    // the printed (costs negative) figures through the converter.
    Ledger uppsala(const char* verksamhet, const char* kommunbidrag,
                   const std::vector<UppsalaRow>& rows) {
        Ledger l;
        l.add_row(verksamhet, verksamhet, RowKind::net);
        const auto in = [](const char* printed) {
            return kalkyl::amount_from_report(P(printed), RowKind::cost,
                                              AmountSign::costs_negative);
        };
        for (const UppsalaRow& r : rows) {
            l.add_row(r.id, r.id, RowKind::cost, verksamhet);
            const Decimal b = in(r.budget);
            l.set_annual_budget(r.id, b, MonthlyProfile::equal(), b.scale(),
                                AllocationMode::cumulative);
            const Decimal u = in(r.utfall);
            set_months(l, r.id, Series::outcome, spread(u, u, Month::december));
            const Decimal p = in(r.prior);
            set_months(l, r.id, Series::prior_outcome, spread(p, p, Month::december));
            l.set_manual_forecast(r.id, "Prognos 2024", Month::august, in(r.prognos), Decimal(),
                                  Decimal(), "");
        }
        const Decimal k = P(kommunbidrag);
        l.set_annual_budget(verksamhet, k, MonthlyProfile::equal(), k.scale(),
                            AllocationMode::cumulative);
        return l;
    }

    // The net row's nettokostnad as the report prints it (negative).
    Decimal printed_net(const FollowUp& f, const char* id, Figure what, const char* forecast = "") {
        return kalkyl::amount_to_report(f.figure(id, what, forecast), RowKind::net,
                                        AmountSign::costs_negative);
    }

    }  // namespace

    TEST_CASE("Uppsala 2024: Barn och ungdomsvård, nettokostnad −721 and resultat −36") {
        const char* v = "Barn och ungdomsvård";
        const Ledger l = uppsala(v, "685",
                                 {{"5731", "-247", "-231", "-251", "-251"},
                                  {"5732", "-256", "-242", "-258", "-235"},
                                  {"5733", "-183", "-189", "-184", "-164"},
                                  {"5739", "-31", "-23", "-32", "-37"},
                                  {"550", "-4", "0", "-4", "-2"}});
        const FollowUp f = l.compute(Month::december);
        // Nettokostnad per column.
        CHECK(printed_net(f, v, Figure::outcome_ytd) == P("-721"));
        CHECK(printed_net(f, v, Figure::budget_year) == P("-685"));
        CHECK(printed_net(f, v, Figure::forecast, "Prognos 2024") == P("-729"));
        printed_or_rounding("Uppsala 2024 BoU, nettokostnad utfall 2023",
                            -f.figure(v, Figure::prior_outcome_year),
                            {{1, "-251"}, {1, "-235"}, {1, "-164"}, {1, "-37"}, {1, "-2"}}, "-690");
        // Resultat per column: kommunbidrag + nettokostnad.
        CHECK(f.result_ytd(v) == P("-36"));
        CHECK(f.figure(v, Figure::kommunbidrag_year) - f.figure(v, Figure::budget_year) == P("0"));
        CHECK(f.result_year(v, "Prognos 2024") == P("-44"));
        // The budget and prognos columns print kommunbidrag 684 beside the 685 of
        // the utfall column: with 684 the printed resultat 0 and −44 are off by one,
        // which the whole-mnkr precision explains.
        printed_or_rounding("Uppsala 2024 BoU, resultat budget med kommunbidrag 684", P("-1"),
                            {{1, "684"}, {1, "-685"}}, "0");
        printed_or_rounding("Uppsala 2024 BoU, resultat prognos med kommunbidrag 684", P("-45"),
                            {{1, "684"}, {1, "-729"}}, "-44");
        // Utfall 2023: resultat 666 − 690 = −24 (the 2023 frame is not in a 2024 ledger).
        printed_or_rounding("Uppsala 2024 BoU, resultat utfall 2023", P("-24"),
                            {{1, "666"}, {1, "-690"}}, "-24");
        // The year's result against the frame: −36 / 685 = −5,3 %.
        CHECK(f.budgethallning_ytd(v, 1, Rounding::half_up) == Percent(P("-5,3")));
    }

    TEST_CASE("Uppsala 2024: Missbrukarvård och övrig vård för vuxna, resultat 10") {
        const char* v = "Missbrukarvård";
        const Ledger l =
            uppsala(v, "234",
                    {{"571", "-144", "-147", "-140", "-137"}, {"572", "-79", "-87", "-79", "-71"}});
        const FollowUp f = l.compute(Month::december);
        // Utfall: the rows add to −223, the table prints −224; resultat 11 vs 10.
        printed_or_rounding("Uppsala 2024 MV, nettokostnad utfall",
                            printed_net(f, v, Figure::outcome_ytd), {{1, "-144"}, {1, "-79"}},
                            "-224");
        printed_or_rounding("Uppsala 2024 MV, resultat utfall", f.result_ytd(v),
                            {{1, "234"}, {1, "-144"}, {1, "-79"}}, "10");
        CHECK(printed_net(f, v, Figure::budget_year) == P("-234"));
        CHECK(f.figure(v, Figure::kommunbidrag_year) - f.figure(v, Figure::budget_year) == P("0"));
        printed_or_rounding("Uppsala 2024 MV, nettokostnad prognos",
                            printed_net(f, v, Figure::forecast, "Prognos 2024"),
                            {{1, "-140"}, {1, "-79"}}, "-220");
        printed_or_rounding("Uppsala 2024 MV, resultat prognos", f.result_year(v, "Prognos 2024"),
                            {{1, "234"}, {1, "-140"}, {1, "-79"}}, "14");
        CHECK(-f.figure(v, Figure::prior_outcome_year) == P("-208"));
    }

    TEST_CASE("Uppsala 2024: Familjerätt och familjerådgivning, resultat 1,3 mnkr") {
        const char* v = "Familjerätt";
        const Ledger l = uppsala(
            v, "24,1",
            {{"581", "-4,6", "-4,6", "-4,6", "-3,5"}, {"589", "-18,2", "-19,6", "-18,1", "-16,4"}});
        const FollowUp f = l.compute(Month::december);
        CHECK(printed_net(f, v, Figure::outcome_ytd) == P("-22,8"));
        CHECK(f.result_ytd(v) == P("1,3"));
        printed_or_rounding("Uppsala 2024 FR, nettokostnad budget",
                            printed_net(f, v, Figure::budget_year), {{1, "-4,6"}, {1, "-19,6"}},
                            "-24,1");
        printed_or_rounding(
            "Uppsala 2024 FR, resultat budget",
            f.figure(v, Figure::kommunbidrag_year) - f.figure(v, Figure::budget_year),
            {{1, "24,1"}, {1, "-4,6"}, {1, "-19,6"}}, "0,0");
        printed_or_rounding("Uppsala 2024 FR, nettokostnad prognos",
                            printed_net(f, v, Figure::forecast, "Prognos 2024"),
                            {{1, "-4,6"}, {1, "-18,1"}}, "-22,6");
        printed_or_rounding("Uppsala 2024 FR, resultat prognos", f.result_year(v, "Prognos 2024"),
                            {{1, "24,1"}, {1, "-4,6"}, {1, "-18,1"}}, "1,5");
        CHECK(-f.figure(v, Figure::prior_outcome_year) == P("-19,9"));
    }

    // --- Eskilstuna 2023, Resultaträkning, mnkr (seed 004) --------------------------------

    namespace {

    struct EskilstunaRow {
        const char* id;
        RowKind kind;
        const char* parent;
        const char* prior_ytd;    // Utfall Aug 2022
        const char* utfall_ytd;   // Utfall Aug 2023
        const char* budget_ytd;   // Budget Aug 2023
        const char* avv_ytd;      // Budgetavvikelse Aug 2023
        const char* prognos;      // Årsprognos aug
        const char* avv_prognos;  // Avvikelse Årsprognos aug
    };

    // The printed rows: revenues positive, costs negative, variance = outcome −
    // budget on those signed figures (positive = good).
    const EskilstunaRow eskilstuna_rows[] = {
        {"Kommunersättning/skolpeng", RowKind::revenue, "INTÄKTER", "396,2", "415,0", "416,9",
         "-1,9", "621,8", "0,0"},
        {"Övriga intäkter", RowKind::revenue, "INTÄKTER", "53,0", "52,1", "50,4", "1,8", "84,6",
         "8,7"},
        {"Personalkostnader", RowKind::cost, "KOSTNADER", "- 196,6", "- 216,3", "-228,3", "12,0",
         "-331,6", "8,2"},
        {"Lokalkostnader", RowKind::cost, "KOSTNADER", "-40,9", "-42,6", "-46,0", "3,4", "-62,8",
         "6,2"},
        {"Köp av verksamhet", RowKind::cost, "KOSTNADER", "- 139,2", "- 138,0", "-118,2", "-19,8",
         "-213,7", "-36,4"},
        {"Övriga kostnader", RowKind::cost, "KOSTNADER", "-81,8", "-99,7", "-74,9", "-24,8",
         "-145,0", "-33,3"},
    };

    Ledger eskilstuna() {
        Ledger l;
        const std::vector<RowSpec> tree = {
            {"ÅRETS RESULTAT", "Summa ÅRETS RESULTAT", RowKind::net, ""},
            {"INTÄKTER", "Summa INTÄKTER", RowKind::revenue, "ÅRETS RESULTAT"},
            {"KOSTNADER", "Summa KOSTNADER", RowKind::cost, "ÅRETS RESULTAT"},
        };
        l.add_rows(tree);
        const AmountSign sign = AmountSign::costs_negative;
        for (const EskilstunaRow& r : eskilstuna_rows) {
            l.add_row(r.id, r.id, r.kind, r.parent);
            const auto in = [&](const char* printed) {
                return kalkyl::amount_from_report(P(printed), r.kind, sign);
            };
            // The annual budget is not printed: prognos and its variance give it.
            const Decimal good = kalkyl::variance_from_report(
                P(r.avv_prognos), r.kind, VarianceSign::outcome_minus_budget, sign);
            const Decimal forecast = in(r.prognos);
            const Decimal budget_year =
                r.kind == RowKind::revenue ? forecast - good : forecast + good;
            set_months(l, r.id, Series::budget,
                       spread(in(r.budget_ytd), budget_year, Month::august));
            set_months(l, r.id, Series::outcome,
                       spread(in(r.utfall_ytd), in(r.utfall_ytd), Month::august));
            set_months(l, r.id, Series::prior_outcome,
                       spread(in(r.prior_ytd), in(r.prior_ytd), Month::august));
            l.set_manual_forecast(r.id, "Årsprognos aug", Month::august, forecast, Decimal(),
                                  Decimal(), "");
        }
        return l;  // no kommunbidrag: Eskilstuna books the frame as revenue (Kommunersättning)
    }

    Decimal report_variance(const FollowUp& f, const char* id, RowKind kind, Figure what,
                            const char* forecast = "") {
        return kalkyl::variance_to_report(f.figure(id, what, forecast), kind,
                                          VarianceSign::outcome_minus_budget,
                                          AmountSign::costs_negative);
    }

    }  // namespace

    TEST_CASE("Eskilstuna 2023 resultaträkning: budgetavvikelse aug per row") {
        const FollowUp f = eskilstuna().compute(Month::august);
        for (const EskilstunaRow& r : eskilstuna_rows) {
            const Decimal model = report_variance(f, r.id, r.kind, Figure::variance_ytd);
            // Övriga intäkter 52,1 − 50,4 = 1,7 printed 1,8: rounding.
            printed_or_rounding(std::string("Eskilstuna 2023 budgetavvikelse ") + r.id, model,
                                {{1, r.utfall_ytd}, {-1, r.budget_ytd}}, r.avv_ytd);
            CHECK(report_variance(f, r.id, r.kind, Figure::variance_year, "Årsprognos aug") ==
                  P(r.avv_prognos));
        }
    }

    TEST_CASE("Eskilstuna 2023: Summa INTÄKTER, Summa KOSTNADER (printed with mixed signs)") {
        const FollowUp f = eskilstuna().compute(Month::august);
        CHECK(f.figure("INTÄKTER", Figure::outcome_ytd) == P("467,1"));
        CHECK(f.figure("INTÄKTER", Figure::budget_ytd) == P("467,3"));
        CHECK(f.figure("INTÄKTER", Figure::prior_outcome_ytd) == P("449,2"));
        CHECK(f.forecast("INTÄKTER", "Årsprognos aug") == P("706,4"));
        printed_or_rounding("Eskilstuna 2023 Summa INTÄKTER budgetavvikelse",
                            report_variance(f, "INTÄKTER", RowKind::revenue, Figure::variance_ytd),
                            {{1, "415,0"}, {1, "52,1"}, {-1, "416,9"}, {-1, "50,4"}}, "-0,1");
        CHECK(report_variance(f, "INTÄKTER", RowKind::revenue, Figure::variance_year,
                              "Årsprognos aug") == P("8,7"));

        // Summa KOSTNADER prints its outcomes positive ("496,5") and its budget
        // negative ("-467,3") in one row: two conventions, two converters.
        const auto natural = [](const char* s) {
            return kalkyl::amount_from_report(P(s), RowKind::cost, AmountSign::natural);
        };
        const auto negative = [](const char* s) {
            return kalkyl::amount_from_report(P(s), RowKind::cost, AmountSign::costs_negative);
        };
        CHECK(f.figure("KOSTNADER", Figure::prior_outcome_ytd) == natural("458,5"));
        printed_or_rounding("Eskilstuna 2023 Summa KOSTNADER utfall aug 2023",
                            f.figure("KOSTNADER", Figure::outcome_ytd),
                            {{-1, "- 216,3"}, {-1, "-42,6"}, {-1, "- 138,0"}, {-1, "-99,7"}},
                            "496,5");
        printed_or_rounding("Eskilstuna 2023 Summa KOSTNADER budget aug 2023",
                            -f.figure("KOSTNADER", Figure::budget_ytd),
                            {{1, "-228,3"}, {1, "-46,0"}, {1, "-118,2"}, {1, "-74,9"}}, "-467,3");
        CHECK(negative("-467,3") == P("467,3"));
        CHECK(report_variance(f, "KOSTNADER", RowKind::cost, Figure::variance_ytd) == P("-29,2"));
        CHECK(f.forecast("KOSTNADER", "Årsprognos aug") == negative("-753,1"));
        printed_or_rounding(
            "Eskilstuna 2023 Summa KOSTNADER avvikelse årsprognos",
            report_variance(f, "KOSTNADER", RowKind::cost, Figure::variance_year, "Årsprognos aug"),
            {{1, "8,2"}, {1, "6,2"}, {1, "-36,4"}, {1, "-33,3"}}, "-55,4");
    }

    TEST_CASE("Eskilstuna 2023: Summa ÅRETS RESULTAT −29,3 aug, prognos −46,7") {
        const FollowUp f = eskilstuna().compute(Month::august);
        const char* n = "ÅRETS RESULTAT";
        CHECK(f.figure(n, Figure::kommunbidrag_year) == P("0"));
        printed_or_rounding(
            "Eskilstuna 2023 årets resultat utfall aug 2023", f.result_ytd(n),
            {{1, "415,0"}, {1, "52,1"}, {1, "- 216,3"}, {1, "-42,6"}, {1, "- 138,0"}, {1, "-99,7"}},
            "-29,3");
        printed_or_rounding(
            "Eskilstuna 2023 årets resultat budget aug 2023", -f.figure(n, Figure::budget_ytd),
            {{1, "416,9"}, {1, "50,4"}, {1, "-228,3"}, {1, "-46,0"}, {1, "-118,2"}, {1, "-74,9"}},
            "0,0");
        printed_or_rounding("Eskilstuna 2023 årets resultat budgetavvikelse", f.variance_ytd(n),
                            {{1, "415,0"},
                             {1, "52,1"},
                             {-1, "416,9"},
                             {-1, "50,4"},
                             {1, "- 216,3"},
                             {-1, "-228,3"},
                             {1, "-42,6"},
                             {-1, "-46,0"},
                             {1, "- 138,0"},
                             {-1, "-118,2"},
                             {1, "-99,7"},
                             {-1, "-74,9"}},
                            "-29,3");
        CHECK(kalkyl::amount_to_report(f.figure(n, Figure::prior_outcome_ytd), RowKind::net,
                                       AmountSign::costs_negative) == P("-9,3"));
        CHECK(f.result_year(n, "Årsprognos aug") == P("-46,7"));
        printed_or_rounding(
            "Eskilstuna 2023 årets resultat avvikelse årsprognos",
            f.variance_year(n, "Årsprognos aug"),
            {{1, "0,0"}, {1, "8,7"}, {1, "8,2"}, {1, "6,2"}, {1, "-36,4"}, {1, "-33,3"}}, "-46,7");
    }

    // --- converters ---------------------------------------------------------------------------

    TEST_CASE("sign converters: every convention there and back") {
        using kalkyl::amount_from_report;
        using kalkyl::variance_from_report;
        // Uppsala prints costs negative; Huddinge positive; an ERP export revenues negative.
        CHECK(amount_from_report(P("-247"), RowKind::cost, AmountSign::costs_negative) == P("247"));
        CHECK(amount_from_report(P("415,0"), RowKind::revenue, AmountSign::costs_negative) ==
              P("415,0"));
        CHECK(amount_from_report(P("-721"), RowKind::net, AmountSign::costs_negative) == P("721"));
        CHECK(amount_from_report(P("-50 149"), RowKind::revenue, AmountSign::revenues_negative) ==
              P("50 149"));
        CHECK(amount_from_report(P("277 573"), RowKind::cost, AmountSign::natural) == P("277 573"));
        // Huddinge personal: good-positive 11 923; printed as outcome − budget on
        // positive costs it would be −11 923.
        CHECK(variance_from_report(P("-11 923"), RowKind::cost, VarianceSign::outcome_minus_budget,
                                   AmountSign::natural) == P("11 923"));
        CHECK(variance_from_report(P("11 923"), RowKind::cost, VarianceSign::budget_minus_outcome,
                                   AmountSign::natural) == P("11 923"));
        CHECK(variance_from_report(P("1 778"), RowKind::revenue, VarianceSign::outcome_minus_budget,
                                   AmountSign::natural) == P("1 778"));
        // Eskilstuna: outcome − budget on costs-negative figures is good-positive already.
        CHECK(variance_from_report(P("12,0"), RowKind::cost, VarianceSign::outcome_minus_budget,
                                   AmountSign::costs_negative) == P("12,0"));
        CHECK(variance_from_report(P("-1,9"), RowKind::revenue, VarianceSign::outcome_minus_budget,
                                   AmountSign::costs_negative) == P("-1,9"));
        for (int k = 0; k < 3; ++k)
            for (int a = 0; a < 3; ++a)
                for (int v = 0; v < 3; ++v) {
                    const auto kind = static_cast<RowKind>(k);
                    const auto amounts = static_cast<AmountSign>(a);
                    const auto variance = static_cast<VarianceSign>(v);
                    const Decimal x = P("-12,5");
                    CHECK(kalkyl::amount_to_report(amount_from_report(x, kind, amounts), kind,
                                                   amounts) == x);
                    CHECK(
                        kalkyl::variance_to_report(variance_from_report(x, kind, variance, amounts),
                                                   kind, variance, amounts) == x);
                }
    }

    // --- roll-up rules ----------------------------------------------------------------------

    TEST_CASE(
        "roll-up: a verksamhet's own forecast replaces its accounts'; a missing one is named") {
        Ledger l = huddinge();
        // A controller's forecast for all costs at once.
        l.set_manual_forecast("Verksamhetens kostnader", "Prognos", Month::august, P("470 000"),
                              P("5 000"), P("2 000"), "controller");
        FollowUp f = l.compute(Month::august);
        CHECK(f.forecast("Verksamhetens kostnader", "Prognos") == P("470 000"));
        CHECK(f.forecast("Socialnämnden", "Prognos") == P("470 000") - P("51 927"));
        // A forecast only some rows have does not roll up.
        l.set_manual_forecast("Personal", "Ny prognos", Month::august, P("1"), Decimal(), Decimal(),
                              "");
        f = l.compute(Month::august);
        CHECK_FALSE(f.has_forecast("Socialnämnden", "Ny prognos"));
        try {
            (void)f.forecast("Socialnämnden", "Ny prognos");
            FAIL("no error");
        } catch (const kalkyl::Error& e) {
            CHECK(e.code() == Errc::invalid);
            CHECK(std::string(e.what()).find("row 'Socialnämnden'") == 0);
            CHECK(std::string(e.what()).find("'Verksamhetens intäkter' has none") !=
                  std::string::npos);
        }
        const kalkyl::Forecast* own = l.own_forecast("Verksamhetens kostnader", "Prognos");
        REQUIRE(own != nullptr);
        CHECK(own->method == kalkyl::ForecastMethod::manual);
        CHECK(own->downside == P("5 000"));
        CHECK(own->upside == P("2 000"));
        CHECK(own->author == "controller");
    }

    TEST_CASE("roll-up: kommunbidrag over net rows, and a nested committee") {
        Ledger l;
        l.add_rows(std::vector<RowSpec>{{"BoU", "Barn och unga", RowKind::net, "SN"},
                                        {"SN", "Socialnämnden", RowKind::net, ""},
                                        {"Vuxen", "Vuxna", RowKind::net, "SN"},
                                        {"5731", "HVB", RowKind::cost, "BoU"},
                                        {"bidrag", "Statsbidrag", RowKind::revenue, "BoU"},
                                        {"571", "Missbruk", RowKind::cost, "Vuxen"}});
        CHECK(l.id_at(0) == "BoU");  // the order given
        CHECK(l.parent("BoU") == "SN");
        l.set_annual_budget("BoU", P("120"), MonthlyProfile::equal(), 0,
                            AllocationMode::cumulative);
        l.set_annual_budget("Vuxen", P("60"), MonthlyProfile::equal(), 0,
                            AllocationMode::cumulative);
        l.set_value("5731", Series::outcome, Month::january, P("12"));
        l.set_value("5731", Series::outcome, Month::february, P("11"));
        l.set_value("bidrag", Series::outcome, Month::february, P("3"));
        l.set_value("571", Series::outcome, Month::february, P("4"));
        const FollowUp f = l.compute(Month::february);
        CHECK(f.figure("SN", Figure::kommunbidrag_year) == P("180"));
        CHECK(f.figure("SN", Figure::kommunbidrag_ytd) == P("30"));
        CHECK(f.figure("BoU", Figure::outcome_ytd) == P("20"));
        CHECK(f.figure("SN", Figure::outcome_ytd) == P("24"));
        CHECK(f.result_ytd("SN") == P("6"));
        CHECK(f.budgethallning_ytd("SN", 1, Rounding::half_up) == Percent(P("20,0")));
        CHECK(l.rolled_up("SN", Series::outcome)[1] == P("12"));
        CHECK(l.rolled_up_kommunbidrag("SN")[0] == P("15"));
        // Kommunbidrag and result belong to net rows.
        CHECK_THROWS_WITH_AS((void)f.result_ytd("5731"), doctest::Contains("row '5731'"),
                             kalkyl::Error);
    }

    TEST_CASE("change against the previous year, kronor and percent") {
        const FollowUp f = huddinge().compute(Month::august);
        // Huddinge jan–aug: 277 832 (rows) against 260 569.
        CHECK(f.change_ytd("Socialnämnden") == P("277 832") - P("260 569"));
        CHECK(f.percent("Socialnämnden", kalkyl::PercentFigure::change_ytd, {}, 1,
                        Rounding::half_up) == Percent(P("6,6")));
        // Intäkter fell: 35 519 against 43 829.
        CHECK(f.change_ytd("Verksamhetens intäkter") == P("-8 310"));
    }

    // --- bad input: a clear error naming the row, and nothing changed -----------------------

    namespace {

    void same_figures(const Ledger& a, const Ledger& b) {
        REQUIRE(a.size() == b.size());
        const FollowUp fa = a.compute(Month::august);
        const FollowUp fb = b.compute(Month::august);
        for (std::size_t i = 0; i < a.size(); ++i) {
            CHECK(a.id_at(i) == b.id_at(i));
            for (int w = 0; w <= static_cast<int>(Figure::change_ytd); ++w) {
                const auto what = static_cast<Figure>(w);
                if (a.kind(a.id_at(i)) != RowKind::net &&
                    (what == Figure::kommunbidrag_ytd || what == Figure::kommunbidrag_year ||
                     what == Figure::result_ytd))
                    continue;
                CHECK(fa.figure_at(i, what) == fb.figure_at(i, what));
            }
            CHECK(fa.figure_at(i, Figure::forecast, "Prognos") ==
                  fb.figure_at(i, Figure::forecast, "Prognos"));
        }
    }

    template <class F>
    void refused(F&& call, const char* row, const char* reason) {
        try {
            call();
            FAIL("no error");
        } catch (const kalkyl::Error& e) {
            CHECK(e.code() == Errc::invalid);
            const std::string msg = e.what();
            INFO(msg);
            CHECK(msg.find(std::string("row '") + row + "'") != std::string::npos);
            CHECK(msg.find(reason) != std::string::npos);
        }
    }

    }  // namespace

    TEST_CASE(
        "bad input: duplicate id, unknown parent, cycle, wrong kind; the ledger stays as it was") {
        Ledger l = huddinge();
        const Ledger before = l;
        refused([&] { l.add_row("Personal", "again", RowKind::cost, "Verksamhetens kostnader"); },
                "Personal", "duplicate id");
        refused(
            [&] {
                l.add_rows(std::vector<RowSpec>{{"a", "", RowKind::cost, "Socialnämnden"},
                                                {"a", "", RowKind::cost, ""}});
            },
            "a", "given twice");
        refused([&] { l.add_row("x", "", RowKind::cost, "Nämnden"); }, "x",
                "unknown parent 'Nämnden'");
        refused(
            [&] {
                l.add_rows(std::vector<RowSpec>{{"ok", "", RowKind::net, "Socialnämnden"},
                                                {"p", "", RowKind::net, "q"},
                                                {"q", "", RowKind::net, "p"}});
            },
            "p", "cycle");
        refused([&] { l.add_row("self", "", RowKind::net, "self"); }, "self", "cycle");
        refused([&] { l.add_row("hyra", "", RowKind::revenue, "Verksamhetens kostnader"); }, "hyra",
                "cannot be under the cost row");
        refused([&] { l.add_row("k", "", static_cast<RowKind>(7), ""); }, "k", "not a RowKind");
        same_figures(l, before);
        CHECK_FALSE(l.contains("ok"));  // the good row of a failed batch is not there either
    }

    TEST_CASE("bad input: months, values on the wrong kind, forecasts without history") {
        Ledger l = huddinge();
        const Ledger before = l;
        const std::vector<Decimal> three(3, P("1"));
        refused([&] { l.set_values("Personal", Series::outcome, Month::november, three); },
                "Personal", "past December");
        refused([&] { l.set_value("Socialnämnden", Series::outcome, Month::may, P("1")); },
                "Socialnämnden", "a net row takes no outcome");
        refused([&] { l.set_value("Socialnämnden", Series::prior_outcome, Month::may, P("1")); },
                "Socialnämnden", "previous year");
        refused([&] { l.set_value("Saknas", Series::budget, Month::may, P("1")); }, "Saknas",
                "no such row");
        refused(
            [&] {
                l.add_forecast("Personal", "Trend", kalkyl::ForecastMethod::trend, Month::january,
                               0, Rounding::half_up);
            },
            "Personal", "not enough history");
        refused(
            [&] {
                l.set_manual_forecast("Personal", "Prognos", Month::august, P("1"), P("-1"), P("0"),
                                      "");
            },
            "Personal", "downside");
        CHECK_THROWS_WITH_AS(l.set_annual_budget("Personal", P("1,005"), MonthlyProfile::equal(), 2,
                                                 AllocationMode::cumulative),
                             doctest::Contains("row 'Personal'"), kalkyl::Error);
        same_figures(l, before);
        CHECK(l.own_forecast("Personal", "Trend") == nullptr);

        // A ledger with no previous year: last year's profile has no history.
        Ledger fresh;
        fresh.add_row("k", "konto", RowKind::cost);
        fresh.set_value("k", Series::outcome, Month::january, P("10"));
        refused(
            [&] {
                fresh.add_forecast("k", "LY", kalkyl::ForecastMethod::last_year_profile,
                                   Month::january, 0, Rounding::half_up);
            },
            "k", "no outcome for last year");
    }

    TEST_CASE("figures computed before a change are refused after it") {
        Ledger l = huddinge();
        const FollowUp f = l.compute(Month::august);
        CHECK(f.variance_ytd("Personal") == P("8 279"));
        l.set_value("Personal", Series::outcome, Month::september, P("1"));
        CHECK_THROWS_WITH_AS((void)f.variance_ytd("Personal"), doctest::Contains("compute again"),
                             kalkyl::Error);
        const FollowUp g = l.compute(Month::august);
        CHECK(g.variance_ytd("Personal") == P("8 279"));  // September is not in jan–aug
    }

    TEST_CASE("forecast methods on a ledger row record method and inputs") {
        Ledger l = huddinge();
        const kalkyl::Forecast& rr =
            l.add_forecast("Personal", "Run-rate", kalkyl::ForecastMethod::run_rate, Month::august,
                           0, Rounding::half_up);
        // 176 119 · 12 / 8 = 264 178,5 -> 264 179.
        CHECK(rr.value == P("264 179"));
        CHECK(rr.inputs.at(0).name == "outcome_ytd");
        CHECK(rr.inputs.at(0).value == P("176 119"));
        const kalkyl::Forecast rb =
            l.add_forecast("Socialnämnden", "Rest", kalkyl::ForecastMethod::remaining_budget,
                           Month::august, 0, Rounding::half_up);
        // Net: 277 832 to date + (422 848 − 281 609) budget left.
        CHECK(rb.value == P("277 832") + P("141 239"));
        const kalkyl::Forecast ly =
            l.add_forecast("Personal", "LY", kalkyl::ForecastMethod::last_year_profile,
                           Month::august, 0, Rounding::half_up);
        // Last year's figures are January–August only: the whole year had accrued by August.
        CHECK(ly.value == P("176 119"));
        const FollowUp f = l.compute(Month::august);
        CHECK(f.forecast("Personal", "Run-rate") == P("264 179"));
        CHECK(f.variance_year("Personal", "Run-rate") == P("277 573") - P("264 179"));
    }

}  // TEST_SUITE
