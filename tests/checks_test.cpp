// Tests of kalkyl/checks.hpp: the seeds' published tables checked in their
// own figures (every golden figure names its seed file and table), the
// tolerance derived through each formula, and the bad input.
//
// Verdicts were worked out independently with Python's fractions module
// from the printed figures: rounding where the operands' printed precision
// explains a difference, error where it cannot.

#include "kalkyl/checks.hpp"
#include "test_support.hpp"

#include <doctest/doctest.h>

#include "decimal_print.hpp"

#include <string>
#include <vector>

using kalkyl::Decimal;
using kalkyl::Errc;
using kalkyl::Finding;
using kalkyl::PrintedFigure;
using kalkyl::Relation;
using kalkyl::RelationKind;
using kalkyl::Severity;
using kalkyl::Term;

namespace {

// A figure as the seeds print it: "61 173", "-4,6", "−21", "14,1". The scale
// is the number of printed decimals. Independent of the text layer.
Decimal P(const std::string& text) {
    bool neg = false;
    kalkyl::int128_t m = 0;
    int scale = -1;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '-') {
            neg = true;
        } else if (text.compare(i, 3, "\xE2\x88\x92") == 0) {  // U+2212
            neg = true;
            i += 2;
        } else if (c == ',' || c == '.') {
            scale = 0;
        } else if (c >= '0' && c <= '9') {
            m = m * 10 + (c - '0');
            if (scale >= 0) ++scale;
        }
    }
    return Decimal::from_mantissa(neg ? -m : m, scale < 0 ? 0 : scale);
}

using kalkyl::test::error_of;

using kalkyl::test::message_of;

// A published table: figures named "row / column", relations over them.
struct Sheet {
    std::vector<PrintedFigure> figures;
    std::vector<Relation> relations;

    // One row of printed figures (the columns' printed decimals are the
    // figures' own); an empty text is a blank cell.
    void row(const std::string& name, const std::vector<std::string>& columns,
             const std::vector<std::string>& printed) {
        REQUIRE(columns.size() == printed.size());
        for (std::size_t j = 0; j < columns.size(); ++j)
            if (!printed[j].empty())
                figures.push_back(PrintedFigure::printed(name + " / " + columns[j], P(printed[j])));
    }
    void count(const std::string& name, const std::string& printed) {
        figures.push_back(PrintedFigure::exact_count(name, P(printed)));
    }
    void figure(const std::string& name, const std::string& printed) {
        figures.push_back(PrintedFigure::printed(name, P(printed)));
    }
    // Rows add to the total in one column.
    void column_sum(const std::string& label, const std::vector<std::string>& rows,
                    const std::string& total, const std::string& column) {
        std::vector<std::string> names;
        for (const auto& r : rows)
            names.push_back(r + " / " + column);
        relations.push_back(Relation::sum(label, names, total + " / " + column));
    }
    std::vector<Finding> check() const { return kalkyl::check(figures, relations); }
};

std::string verdicts(const std::vector<Finding>& findings) {
    std::string s;
    for (const Finding& f : findings)
        s += (s.empty() ? "" : " ") + std::string(kalkyl::severity_name(f.severity));
    return s;
}

}  // namespace

TEST_SUITE("checks") {
    // --- Uppsala, delårsbokslut augusti 2024 (000_2ed63b26c6aacf5d.txt) -----------

    const std::vector<std::string> uppsala_verksamheter = {
        "Politisk verksamhet",
        "Vård och omsorg om personer med funktionsnedsättning",
        "Missbrukarvård och övrig vård för vuxna",
        "Barn- och ungdomsvård",
        "Familjerätt och familjerådgivning",
        "Flyktingmottagande"};

    Sheet uppsala_aug_2024() {
        // 000_2ed63b26c6aacf5d.txt, "Delårsbokslut augusti 2024", belopp i
        // miljoner kronor, whole mnkr.
        const std::vector<std::string> cols = {
            "Kommunbidrag 2024", "Periodens utfall 202401-202408", "Periodens utfall 202301-202308",
            "Helårsprognos 202408"};
        Sheet s;
        s.row("Politisk verksamhet", cols, {"5", "0", "0", "0"});
        s.row("Vård och omsorg om personer med funktionsnedsättning", cols,
              {"0", "-3", "-2", "-4"});
        s.row("Missbrukarvård och övrig vård för vuxna", cols, {"234", "-4", "2", "14"});
        s.row("Barn- och ungdomsvård", cols, {"685", "-21", "-16", "-40"});
        s.row("Familjerätt och familjerådgivning", cols, {"24", "0", "1", "2"});
        s.row("Flyktingmottagande", cols, {"2", "0", "2", "-1"});
        s.row("Nämnden totalt", cols, {"950", "-27", "-13", "-30"});
        for (const auto& c : cols)
            s.column_sum("Uppsala aug 2024, " + c + ": verksamheterna mot nämnden totalt",
                         uppsala_verksamheter, "Nämnden totalt", c);
        return s;
    }

    TEST_CASE("Uppsala aug 2024: periodens utfall −28 mot tryckt −27 är avrundning") {
        const auto findings = uppsala_aug_2024().check();
        REQUIRE(findings.size() == 4);
        const Finding& f = findings[1];
        CHECK(f.kind == RelationKind::sum);
        CHECK(f.expected == P("-28"));  // 0 − 3 − 4 − 21 + 0 + 0
        CHECK(f.printed == P("-27"));
        CHECK(f.difference == P("1"));
        // Six rows and the total, each ±0,5 mnkr: 7 · 0,5.
        CHECK(f.tolerance == P("3,5"));
        CHECK(f.severity == Severity::rounding);
    }

    TEST_CASE(
        "Uppsala aug 2024: kommunbidrag och utfall 2023 stämmer, helårsprognosen −29 mot −30 är "
        "avrundning") {
        const auto findings = uppsala_aug_2024().check();
        // 000_…, "Delårsbokslut augusti 2024": 5 + 0 + 234 + 685 + 24 + 2 = 950;
        // 0 − 2 + 2 − 16 + 1 + 2 = −13; 0 − 4 + 14 − 40 + 2 − 1 = −29 (printed −30).
        CHECK(verdicts(findings) == "ok rounding ok rounding");
        CHECK(findings[3].expected == P("-29"));
    }

    TEST_CASE("Uppsala aug 2024: prognosspann −30 − 5 = −35 och −30 + 5 = −25") {
        // 000_…, "Prognososäkerhet" (mnkr): försämring 5, förbättring 5,
        // prognosspann min −35, max −25; the point is Helårsprognos 202408,
        // Nämnden totalt, −30 (DOMAIN.md: min = prognos − försämring).
        Sheet s;
        s.figure("Helårsprognos 202408", "-30");
        s.figure("Prognosförsämring", "5");
        s.figure("Prognosförbättring", "5");
        s.figure("Prognosspann min", "-35");
        s.figure("Prognosspann max", "-25");
        s.relations.push_back(Relation::band_min("Uppsala aug 2024: prognosspann min",
                                                 "Helårsprognos 202408", "Prognosförsämring",
                                                 "Prognosspann min"));
        s.relations.push_back(Relation::band_max("Uppsala aug 2024: prognosspann max",
                                                 "Helårsprognos 202408", "Prognosförbättring",
                                                 "Prognosspann max"));
        const auto findings = s.check();
        CHECK(verdicts(findings) == "ok ok");
        CHECK(findings[0].expected == P("-35"));
        CHECK(findings[1].expected == P("-25"));
        CHECK(findings[0].tolerance == P("1,5"));
        CHECK(findings[1].kind == RelationKind::band_max);
        // A band printed −36 would be rounding (within 1,5), −37 an error.
        s.figures[3] = PrintedFigure::printed("Prognosspann min", P("-37"));
        CHECK(verdicts(s.check()) == "error ok");
    }

    // One nyckeltal sheet: Totala kostnader − övriga intäkter = Nettokostnad;
    // Nettokostnad / volym = nyckeltal (tkr, one decimal).
    Sheet nyckeltal(const std::string& name, const std::string& kostnader,
                    const std::string& intakter, const std::string& netto, const std::string& volym,
                    const std::string& per) {
        Sheet s;
        s.figure(name + ": totala kostnader", kostnader);
        s.figure(name + ": övriga intäkter", intakter);
        s.figure(name + ": nettokostnad", netto);
        s.count(name + ": volym", volym);  // vårdtagare and vårddygn are counts
        s.figure(name + ": nettokostnad per enhet", per);
        s.relations.push_back(
            Relation::difference(name + ": nettokostnad", name + ": totala kostnader",
                                 name + ": övriga intäkter", name + ": nettokostnad"));
        s.relations.push_back(Relation::ratio(name + ": nyckeltal", name + ": nettokostnad",
                                              name + ": volym", name + ": nettokostnad per enhet",
                                              Decimal(1, 0)));
        return s;
    }

    TEST_CASE(
        "Uppsala aug 2024 nyckeltal 5733: 61 173 − 198 = 60 976 är avrundning, 11,0 tkr per "
        "vårdtagare stämmer") {
        // 000_…, "Nyckeltal", Strukturerad öppenvård (5733), 1) Kostnad per
        // vårdtagare, belopp i tkr: 61 173 − 198 = 60 975, printed 60 976
        // (DOMAIN.md: the inputs were kronor, rounded one by one).
        const auto findings =
            nyckeltal("5733 per vårdtagare", "61 173", "198", "60 976", "5 555", "11,0").check();
        REQUIRE(findings.size() == 2);
        CHECK(findings[0].expected == P("60 975"));
        CHECK(findings[0].difference == P("1"));
        CHECK(findings[0].tolerance == P("1,5"));
        CHECK(findings[0].severity == Severity::rounding);
        // 60 976 / 5 555 = 10,976… → 11,0.
        CHECK(findings[1].severity == Severity::ok);
        CHECK(findings[1].expected == P("10,977"));
    }

    TEST_CASE("Uppsala aug 2024: alla fem nyckeltalsblad") {
        // 000_…, the four "Nyckeltal" sheets (tkr), with the "varav externa" parts.
        struct Case {
            const char* name;
            const char* k;
            const char* i;
            const char* n;
            const char* v;
            const char* per;
            const char* verdicts;
        };
        const Case cases[] = {
            // 3 381 − 198 = 3 183, printed 3 184; 3 184 / 162 = 19,65 → 19,7.
            {"5733 varav externa utförare", "3 381", "198", "3 184", "162", "19,7", "rounding ok"},
            // 107 863 − 3 916 = 103 947, printed 103 948; / 65 605 = 1,58 → 1,6.
            {"5732 per vårddygn i familjehem", "107 863", "3 916", "103 948", "65 605", "1,6",
             "rounding ok"},
            // 124 998 − 1 534 = 123 464; / 22 939 = 5,38 → 5,4 (DOMAIN.md).
            {"5731 per vårddygn på institution", "124 998", "1 534", "123 464", "22 939", "5,4",
             "ok ok"},
            // 76 764 − 1 534 = 75 230; / 13 728 = 5,48 → 5,5.
            {"5731 varav externa institutioner", "76 764", "1 534", "75 230", "13 728", "5,5",
             "ok ok"},
        };
        for (const Case& c : cases) {
            CAPTURE(c.name);
            CHECK(verdicts(nyckeltal(c.name, c.k, c.i, c.n, c.v, c.per).check()) == c.verdicts);
        }
    }

    // --- Uppsala, årsbokslut 2024 (002_31e8e90355d16209.txt) ------------------------

    // One "Resultat per verksamhet" block: rows add to Nettokostnad, and
    // Resultat = Nettokostnad + Kommunbidrag (costs are stored negative:
    // DOMAIN.md, 685 − 721 = −36).
    Sheet resultat_per_verksamhet(const std::string& block, const std::vector<std::string>& rows,
                                  const std::vector<std::vector<std::string>>& figures) {
        const std::vector<std::string> cols = {"Utfall 2024", "Budget 2024", "Prognos 2024",
                                               "Utfall 2023"};
        Sheet s;
        for (std::size_t i = 0; i < rows.size(); ++i)
            s.row(block + " " + rows[i], cols, figures[i]);
        s.row(block + " Nettokostnad", cols, figures[rows.size()]);
        s.row(block + " Kommunbidrag", cols, figures[rows.size() + 1]);
        s.row(block + " Resultat", cols, figures[rows.size() + 2]);
        std::vector<std::string> names;
        for (const auto& r : rows)
            names.push_back(block + " " + r);
        for (const auto& c : cols)
            s.column_sum(block + ", " + c + ": nettokostnad", names, block + " Nettokostnad", c);
        for (const auto& c : cols)
            s.column_sum(block + ", " + c + ": resultat",
                         {block + " Nettokostnad", block + " Kommunbidrag"}, block + " Resultat",
                         c);
        return s;
    }

    TEST_CASE("Uppsala 2024 resultat per verksamhet: barn och ungdomsvård") {
        // 002_…, "Resultat per verksamhet", "Barn och ungdomsvård, mnkr".
        const auto findings =
            resultat_per_verksamhet("Barn och ungdomsvård", {"5731", "5732", "5733", "5739", "550"},
                                    {{"-247", "-231", "-251", "-251"},
                                     {"-256", "-242", "-258", "-235"},
                                     {"-183", "-189", "-184", "-164"},
                                     {"-31", "-23", "-32", "-37"},
                                     {"-4", "0", "-4", "-2"},
                                     {"-721", "-685", "-729", "-690"},
                                     {"685", "684", "684", "666"},
                                     {"-36", "0", "-44", "-24"}})
                .check();
        // Nettokostnad: utfall 2023 rows add to −689 under −690. Resultat:
        // −685 + 684 = −1 printed 0 (budget), −729 + 684 = −45 printed −44.
        CHECK(verdicts(findings) == "ok ok ok rounding ok rounding rounding ok");
        CHECK(findings[0].expected == P("-721"));
        CHECK(findings[4].expected == P("-36"));  // 685 − 721 = −36 (DOMAIN.md)
    }

    TEST_CASE(
        "Uppsala 2024 resultat per verksamhet: missbrukarvård, familjerätt, flyktingmottagande") {
        // 002_…, "Resultat per verksamhet", the other three blocks.
        CHECK(verdicts(resultat_per_verksamhet("Missbrukarvård", {"571", "572"},
                                               {{"-144", "-147", "-140", "-137"},
                                                {"-79", "-87", "-79", "-71"},
                                                {"-224", "-234", "-220", "-208"},
                                                {"234", "234", "234", "218"},
                                                {"10", "0", "14", "10"}})
                           .check()) == "rounding ok rounding ok ok ok ok ok");
        // In tenths of mnkr: −4,6 − 19,6 = −24,2 printed −24,1; −22,7 printed
        // −22,6; resultat 2023 −19,9 + 20,7 = 0,8 printed 0,9.
        const auto familjeratt = resultat_per_verksamhet("Familjerätt", {"581", "589"},
                                                         {{"-4,6", "-4,6", "-4,6", "-3,5"},
                                                          {"-18,2", "-19,6", "-18,1", "-16,4"},
                                                          {"-22,8", "-24,1", "-22,6", "-19,9"},
                                                          {"24,1", "24,1", "24,1", "20,7"},
                                                          {"1,3", "0,0", "1,5", "0,9"}})
                                     .check();
        CHECK(verdicts(familjeratt) == "ok rounding rounding ok ok ok ok rounding");
        CHECK(familjeratt[1].tolerance == P("0,15"));  // three figures at ±0,05
        // One row: −1 + 2 = 1 printed 2; −4 + 2 = −2 printed −1; 7 + 2 = 9 printed 10.
        CHECK(verdicts(resultat_per_verksamhet("Flyktingmottagande", {"610"},
                                               {{"-1", "-2", "-4", "7"},
                                                {"-1", "-2", "-4", "7"},
                                                {"2", "2", "2", "2"},
                                                {"2", "0", "-1", "10"}})
                           .check()) == "ok ok ok ok rounding ok rounding rounding");
    }

    TEST_CASE(
        "Uppsala 2024: sammanfattning av ekonomiskt resultat, årets resultat −23 mot −24 är "
        "avrundning") {
        // 002_…, "Sammanfattning av ekonomiskt resultat" (mnkr).
        const std::vector<std::string> cols = {"Kommunbidrag 2024", "Årets resultat 2024",
                                               "Årets resultat 2023",
                                               "Helårsprognos resultat 202408"};
        Sheet s;
        s.row("Politisk verksamhet", cols, {"5", "0", "0", "0"});
        s.row("Vård och omsorg om personer med funktionsnedsättning", cols,
              {"0", "-4", "-2", "-4"});
        s.row("Missbrukarvård och övrig vård för vuxna", cols, {"234", "10", "10", "14"});
        s.row("Barn- och ungdomsvård", cols, {"685", "-32", "-21", "-40"});
        s.row("Familjerätt och familjerådgivning", cols, {"24", "1", "1", "2"});
        s.row("Flyktingmottagande", cols, {"2", "2", "10", "-1"});
        s.row("Nämnden totalt", cols, {"950", "-24", "-3", "-30"});
        for (const auto& c : cols)
            s.column_sum(c, uppsala_verksamheter, "Nämnden totalt", c);
        const auto findings = s.check();
        CHECK(verdicts(findings) == "ok rounding rounding rounding");
        CHECK(findings[1].expected == P("-23"));
    }

    // --- Huddinge, delårsrapport augusti 2021 (003_88ecce726bdc263c.txt) ------------

    Sheet huddinge_drift() {
        // 003_…, "Driftredovisning, tkr".
        const std::vector<std::string> cols = {
            "Budget helår",   "Prognos helår",     "Avvikelse helår",     "Budget jan-aug",
            "Utfall jan-aug", "Avvikelse jan-aug", "Utfall föregående år"};
        Sheet s;
        s.row("Verksamhetens intäkter", cols,
              {"50 149", "51 927", "1 778", "32 990", "35 519", "2 529", "43 829"});
        s.row("Personal", cols,
              {"277 573", "265 650", "11 923", "184 398", "176 119", "8 279", "172 323"});
        s.row("Lokaler", cols, {"21 106", "21 957", "-851", "14 070", "14 453", "-383", "14 551"});
        s.row("Bidrag kostnader", cols,
              {"2 391", "1 676", "715", "1 597", "1 084", "513", "1 497"});
        s.row("Köp av verksamhet", cols,
              {"150 316", "158 295", "-7 979", "100 127", "106 141", "-6 014", "100 871"});
        s.row("Övrigt", cols,
              {"21 611", "23 822", "-2 211", "14 407", "15 554", "-1 147", "15 156"});
        s.row("Verksamhetens kostnader", cols,
              {"472 997", "471 400", "1 597", "314 599", "313 349", "1 251", "304 398"});
        s.row("Årets resultat", cols,
              {"422 848", "419 473", "3 375", "281 609", "277 830", "3 780", "260 569"});
        const std::vector<std::string> kostnader = {"Personal", "Lokaler", "Bidrag kostnader",
                                                    "Köp av verksamhet", "Övrigt"};
        for (const auto& c : cols)
            s.column_sum("Huddinge drift, " + c + ": kostnadsrader", kostnader,
                         "Verksamhetens kostnader", c);
        // Variance signs (DOMAIN.md): cost rows budget − prognos/utfall,
        // the revenue row prognos/utfall − budget.
        for (const auto& r : kostnader) {
            s.relations.push_back(Relation::difference(
                "Huddinge drift, " + r + ": avvikelse helår", r + " / Budget helår",
                r + " / Prognos helår", r + " / Avvikelse helår"));
            s.relations.push_back(Relation::difference(
                "Huddinge drift, " + r + ": avvikelse jan-aug", r + " / Budget jan-aug",
                r + " / Utfall jan-aug", r + " / Avvikelse jan-aug"));
        }
        const std::string in = "Verksamhetens intäkter";
        s.relations.push_back(Relation::difference("Huddinge drift, intäkter: avvikelse helår",
                                                   in + " / Prognos helår", in + " / Budget helår",
                                                   in + " / Avvikelse helår"));
        s.relations.push_back(Relation::difference(
            "Huddinge drift, intäkter: avvikelse jan-aug", in + " / Utfall jan-aug",
            in + " / Budget jan-aug", in + " / Avvikelse jan-aug"));
        // Årets resultat (a net cost) = kostnader − intäkter, for the amounts;
        // its variance is the sum of the cost and the revenue variances.
        for (const std::string c : {"Budget helår", "Prognos helår", "Budget jan-aug",
                                    "Utfall jan-aug", "Utfall föregående år"})
            s.relations.push_back(Relation::difference("Huddinge drift, " + c + ": årets resultat",
                                                       "Verksamhetens kostnader / " + c,
                                                       in + " / " + c, "Årets resultat / " + c));
        for (const std::string c : {"Avvikelse helår", "Avvikelse jan-aug"})
            s.column_sum("Huddinge drift, " + c + ": årets resultat",
                         {"Verksamhetens kostnader", in}, "Årets resultat", c);
        s.relations.push_back(Relation::difference(
            "Huddinge drift, årets resultat: avvikelse jan-aug", "Årets resultat / Budget jan-aug",
            "Årets resultat / Utfall jan-aug", "Årets resultat / Avvikelse jan-aug"));
        return s;
    }

    TEST_CASE(
        "Huddinge 2021 driftredovisning: utfall jan–aug 313 351 mot 313 349 och avvikelsen 1 248 "
        "mot 1 251 är avrundning") {
        const auto findings = huddinge_drift().check();
        REQUIRE(findings.size() == 7 + 10 + 2 + 5 + 2 + 1);
        // 003_…, "Driftredovisning, tkr", Verksamhetens kostnader:
        // 176 119 + 14 453 + 1 084 + 106 141 + 15 554 = 313 351, printed 313 349.
        CHECK(findings[4].expected == P("313 351"));
        CHECK(findings[4].difference == P("-2"));
        CHECK(findings[4].tolerance == P("3"));
        CHECK(findings[4].severity == Severity::rounding);
        // Avvikelse jan-aug: 8 279 − 383 + 513 − 6 014 − 1 147 = 1 248, printed
        // 1 251: a difference of 3, exactly the tolerance of six figures.
        CHECK(findings[5].expected == P("1 248"));
        CHECK(findings[5].difference == P("3"));
        CHECK(findings[5].tolerance == P("3"));
        CHECK(findings[5].severity == Severity::rounding);
        CHECK(verdicts(std::vector<Finding>(findings.begin(), findings.begin() + 7)) ==
              "ok ok ok ok rounding rounding ok");
    }

    TEST_CASE("Huddinge 2021 driftredovisning: avvikelser per rad och årets resultat") {
        const auto findings = huddinge_drift().check();
        // Every row variance holds exactly: personal 277 573 − 265 650 = 11 923,
        // intäkter 51 927 − 50 149 = 1 778 (DOMAIN.md).
        for (std::size_t i = 7; i < 19; ++i) {
            CAPTURE(findings[i].label);
            CHECK(findings[i].severity == Severity::ok);
        }
        // Årets resultat = kostnader − intäkter: 472 997 − 50 149 = 422 848 …
        for (std::size_t i = 19; i < 24; ++i)
            CHECK(findings[i].severity == Severity::ok);
        // … and its variance 1 597 + 1 778 = 3 375 (DOMAIN.md), 1 251 + 2 529 = 3 780.
        CHECK(findings[24].expected == P("3 375"));
        CHECK(findings[24].severity == Severity::ok);
        CHECK(findings[25].severity == Severity::ok);
        // But budget − utfall of årets resultat is 281 609 − 277 830 = 3 779,
        // printed 3 780: rounding.
        CHECK(findings[26].expected == P("3 779"));
        CHECK(findings[26].severity == Severity::rounding);
    }

    TEST_CASE(
        "Huddinge 2021: ekonomi per verksamhet, summa budget ackumulerat 281 610 mot 281 609") {
        // 003_…, "Ekonomi, drift (per verksamhet)" (tkr).
        const std::vector<std::string> cols = {"Budget",       "Prognos",    "Avvikelse",
                                               "Budget ack",   "Utfall ack", "Avvikelse ack",
                                               "Föregående år"};
        Sheet s;
        s.row("Socialpsykiatri", cols,
              {"70 108", "69 808", "300", "46 808", "46 537", "271", "40 341"});
        s.row("Vård och behandling", cols,
              {"346 733", "342 341", "4 392", "230 451", "227 234", "3 217", "212 924"});
        s.row("Nämnd och övergripande verksamhet", cols,
              {"6 007", "4 576", "1 431", "4 003", "2 640", "1 363", "3 035"});
        s.row("Ensamkommande barn och unga", cols,
              {"0", "2 748", "-2 748", "348", "1 418", "-1 070", "4 268"});
        s.row("Summa nettokostnad", cols,
              {"422 848", "419 473", "3 375", "281 609", "277 829", "3 780", "260 569"});
        for (const auto& c : cols)
            s.column_sum(c,
                         {"Socialpsykiatri", "Vård och behandling",
                          "Nämnd och övergripande verksamhet", "Ensamkommande barn och unga"},
                         "Summa nettokostnad", c);
        const auto findings = s.check();
        CHECK(verdicts(findings) == "ok ok ok rounding ok rounding rounding");
        CHECK(findings[3].expected == P("281 610"));
    }

    TEST_CASE("Huddinge 2021: budgethållning 3 375 / 422 848 = 0,8 %") {
        // 003_…, "Indikatorer", Budgethållning (%) 2021: 0,8 % (DOMAIN.md).
        Sheet s;
        s.figure("Årets resultat avvikelse helår", "3 375");
        s.figure("Årets resultat budget helår", "422 848");
        s.figure("Budgethållning", "0,8");
        s.relations.push_back(
            Relation::ratio("Huddinge 2021: budgethållning", "Årets resultat avvikelse helår",
                            "Årets resultat budget helår", "Budgethållning", Decimal(100, 0)));
        const auto findings = s.check();
        CHECK(findings[0].severity == Severity::ok);
        CHECK(findings[0].expected == P("0,798"));  // 0,7981… at two more decimals
        // Printed 0,9 % would be rounding? The interval of 3 375 ± 0,5 over
        // 422 848 ± 0,5 is 0,7980… ± 0,0002: 0,9 − 0,05 = 0,85 lies outside.
        s.figures[2] = PrintedFigure::printed("Budgethållning", P("0,9"));
        CHECK(s.check()[0].severity == Severity::error);
    }

    TEST_CASE("Huddinge 2021: riktade statsbidrag, summa bidrag 6 025 är fel (raderna ger 7 238)") {
        // 003_…, "Riktat statsbidrag (tkr)": the Bidrag column's rows add to
        // 1 214 + 1 655 + 1 919 + 2 450 = 7 238, printed Summa 6 025 (also in
        // the text); Kostnad and Netto add up. Netto = Bidrag − Kostnad per row.
        const std::vector<std::string> cols = {"Bidrag", "Kostnad", "Netto"};
        Sheet s;
        s.row("Personligt ombud", cols, {"1 214", "2 295", "-1 081"});
        s.row("Uppdrag psykisk hälsa 2021", cols, {"1 655", "1 655", "0"});
        s.row("Sociala insatser för barn och unga i utsatta områden 2021", cols,
              {"1 919", "1 919", "0"});
        s.row("NOA-medel", cols, {"2 450", "5 215", "-2 765"});
        s.row("Summa", cols, {"6 025", "11 084", "-3 846"});
        for (const auto& c : cols)
            s.column_sum(c,
                         {"Personligt ombud", "Uppdrag psykisk hälsa 2021",
                          "Sociala insatser för barn och unga i utsatta områden 2021", "NOA-medel"},
                         "Summa", c);
        s.relations.push_back(Relation::difference("Summa netto", "Summa / Bidrag",
                                                   "Summa / Kostnad", "Summa / Netto"));
        const auto findings = s.check();
        CHECK(verdicts(findings) == "error ok ok error");
        CHECK(findings[0].expected == P("7 238"));
        CHECK(findings[0].difference == P("-1 213"));
        CHECK(findings[0].tolerance == P("2,5"));
    }

    // --- Eskilstuna, delårsrapport 2 2023 (004_f694a8ad6a7b67a2.txt) --------------

    // One row of the external-purchase table: counts within framework
    // agreements and by direct procurement, each with its printed percentage.
    Sheet externa_kop(const std::string& vardform, const std::string& inom,
                      const std::string& inom_pct, const std::string& direkt,
                      const std::string& direkt_pct) {
        Sheet s;
        s.count(vardform + ": inom ramavtal, insatser", inom);
        s.count(vardform + ": direktupphandling, insatser", direkt);
        s.figure(vardform + ": inom ramavtal, procent", inom_pct);
        s.figure(vardform + ": direktupphandling, procent", direkt_pct);
        const std::vector<Term> both = {{vardform + ": inom ramavtal, insatser", 1},
                                        {vardform + ": direktupphandling, insatser", 1}};
        s.relations.push_back(Relation::ratio(
            vardform + ": andel inom ramavtal", {{vardform + ": inom ramavtal, insatser", 1}}, both,
            vardform + ": inom ramavtal, procent", Decimal(100, 0)));
        s.relations.push_back(Relation::ratio(vardform + ": andel direktupphandling",
                                              {{vardform + ": direktupphandling, insatser", 1}},
                                              both, vardform + ": direktupphandling, procent",
                                              Decimal(100, 0)));
        s.relations.push_back(Relation::shares(
            vardform + ": andelarna till 100",
            {vardform + ": inom ramavtal, procent", vardform + ": direktupphandling, procent"},
            Decimal(100, 0)));
        return s;
    }

    TEST_CASE(
        "Eskilstuna 2023: 42 och 2 insatser tryckta som 94 och 4 procent är fel, inte avrundning") {
        // 004_…, external purchases per vårdform, "Skyddat boende - VINR -
        // Kriminalitet": "42 insatser 94 procent", "2 insatser 4 procent".
        const auto findings = externa_kop("Skyddat boende", "42", "94", "2", "4").check();
        REQUIRE(findings.size() == 3);
        // 42 / 44 = 95,4545… %: the counts are exact, so only the printed
        // percentage's ±0,5 may explain it, and 94 + 0,5 < 95,45.
        CHECK(findings[0].expected == P("95,45"));
        CHECK(findings[0].printed == P("94"));
        CHECK(findings[0].difference == P("-1,45"));
        CHECK(findings[0].tolerance == P("0,50"));
        CHECK(findings[0].severity == Severity::error);
        // 2 / 44 = 4,545… %, outside 4 ± 0,5.
        CHECK(findings[1].severity == Severity::error);
        // 94 + 4 = 98, and two shares at ±0,5 allow at most 1 from 100.
        CHECK(findings[2].kind == RelationKind::shares);
        CHECK(findings[2].expected == P("100"));
        CHECK(findings[2].printed == P("98"));
        CHECK(findings[2].difference == P("-2"));
        CHECK(findings[2].tolerance == P("1,0"));
        CHECK(findings[2].severity == Severity::error);
    }

    TEST_CASE("Eskilstuna 2023: externa köp per vårdform, andelar inom ramavtal") {
        // 004_…, the same table, the other rows.
        CHECK(verdicts(
                  externa_kop("Institutionsvård barn och unga", "83", "80", "21", "20").check()) ==
              "ok ok ok");  // 79,8 % and 20,2 %
        CHECK(verdicts(externa_kop("Institutionsvård vuxna", "100", "88", "14", "12").check()) ==
              "ok ok ok");  // 87,7 % and 12,3 %
        CHECK(
            verdicts(externa_kop("Konsulentstött familjehemsvård", "32", "94", "2", "6").check()) ==
            "ok ok ok");  // 94,1 % and 5,9 %
        CHECK(verdicts(externa_kop("Öppenvård", "32", "71", "13", "29").check()) ==
              "ok ok ok");  // 71,1 % and 28,9 %
        // "Stödboende & Externt boende: 43 insatser 94 procent, 3 insatser 6
        // procent": 43 / 46 = 93,48 % rounds to 93 and 3 / 46 = 6,52 % to 7;
        // the printed pair adds to 100 but neither share is explained by
        // rounding (a percentage rounded twice, 93,48 → 93,5 → 94, would
        // print so).
        CHECK(verdicts(externa_kop("Stödboende & Externt boende", "43", "94", "3", "6").check()) ==
              "error error ok");
    }

    TEST_CASE(
        "Eskilstuna 2023: 332 av 387 insatser är 85,8 procent; anledningarna 40 + 23,6 + 36,4") {
        // 004_…, "Rapportering för delår 2": 387 insatser, 332 (85,8 procent)
        // within framework agreements and 55 (14,2 procent) directly procured
        // (DOMAIN.md: 332 of 387 = 85,8 %); of the 55: 22 (40 procent), 13
        // (23,6 procent), 20 (36,4 procent).
        Sheet s;
        s.count("insatser", "387");
        s.count("inom ramavtal", "332");
        s.count("direktupphandling", "55");
        s.figure("inom ramavtal, procent", "85,8");
        s.figure("direktupphandling, procent", "14,2");
        s.count("ramavtal saknas", "22");
        s.count("platsbrist", "13");
        s.count("övriga anledningar", "20");
        s.figure("ramavtal saknas, procent", "40");
        s.figure("platsbrist, procent", "23,6");
        s.figure("övriga anledningar, procent", "36,4");
        s.relations.push_back(
            Relation::sum("insatser", {"inom ramavtal", "direktupphandling"}, "insatser"));
        s.relations.push_back(Relation::ratio("andel inom ramavtal", "inom ramavtal", "insatser",
                                              "inom ramavtal, procent", Decimal(100, 0)));
        s.relations.push_back(Relation::ratio("andel direktupphandling", "direktupphandling",
                                              "insatser", "direktupphandling, procent",
                                              Decimal(100, 0)));
        s.relations.push_back(
            Relation::shares("andelarna", {"inom ramavtal, procent", "direktupphandling, procent"},
                             Decimal(100, 0)));
        s.relations.push_back(Relation::sum("anledningar",
                                            {"ramavtal saknas", "platsbrist", "övriga anledningar"},
                                            "direktupphandling"));
        for (const std::string a : {"ramavtal saknas", "platsbrist", "övriga anledningar"})
            s.relations.push_back(Relation::ratio("andel " + a, a, "direktupphandling",
                                                  a + ", procent", Decimal(100, 0)));
        s.relations.push_back(Relation::shares(
            "anledningarnas andelar",
            {"ramavtal saknas, procent", "platsbrist, procent", "övriga anledningar, procent"},
            Decimal(100, 0)));
        const auto findings = s.check();
        CHECK(verdicts(findings) == "ok ok ok ok ok ok ok ok ok");
        CHECK(findings[1].expected == P("85,788"));  // 85,7881… at three decimals
        // Counts are exact: their sum has no tolerance at all.
        CHECK(findings[0].tolerance == P("0"));
    }

    TEST_CASE("Eskilstuna 2022 KPB: kr per invånare, KPB och andel brukare per åldersgrupp") {
        // 004_…, "Konsumtion IFO totalt": kostnader (kr), invånare and brukare
        // (counts), kr/inv and KPB (whole kr), % brukare (one decimal).
        struct Row {
            const char* group;
            const char* kostnader;
            const char* invanare;
            const char* brukare;
            const char* kr_inv;
            const char* kpb;
            const char* pct;
        };
        const Row rows[] = {
            {"0-6 år", "41 400 837", "8 783", "1 238", "4 714", "33 442", "14,1"},
            {"7-12 år", "76 807 226", "8 173", "1 369", "9 398", "56 105", "16,8"},
            {"13-17 år", "180 493 510", "6 867", "1 502", "26 284", "120 169", "21,9"},
            {"18-19 år", "65 755 629", "2 576", "295", "25 526", "222 900", "11,5"},
            {"20-24 år", "48 925 426", "6 192", "282", "7 901", "173 494", "4,6"},
            {"25-29 år", "18 327 949", "6 487", "209", "2 825", "87 694", "3,2"},
            {"30-39 år", "43 649 760", "14 437", "445", "3 023", "98 089", "3,1"},
            {"40-49 år", "33 313 445", "12 890", "340", "2 584", "97 981", "2,6"},
            {"50-59 år", "25 634 659", "13 875", "259", "1 848", "98 976", "1,9"},
            {"60-64 år", "9 096 127", "5 936", "99", "1 532", "91 880", "1,7"},
            {"65- år", "12 495 519", "21 702", "157", "576", "79 589", "0,7"},
        };
        Sheet s;
        std::vector<std::string> groups;
        for (const Row& r : rows) {
            const std::string g = r.group;
            groups.push_back(g);
            s.figure(g + " / kostnader", r.kostnader);
            s.count(g + " / invånare", r.invanare);
            s.count(g + " / brukare", r.brukare);
            s.figure(g + " / kr per invånare", r.kr_inv);
            s.figure(g + " / KPB", r.kpb);
            s.figure(g + " / % brukare", r.pct);
            s.relations.push_back(Relation::ratio(g + ": kr per invånare", g + " / kostnader",
                                                  g + " / invånare", g + " / kr per invånare",
                                                  Decimal(1, 0)));
            s.relations.push_back(Relation::ratio(g + ": KPB", g + " / kostnader", g + " / brukare",
                                                  g + " / KPB", Decimal(1, 0)));
            s.relations.push_back(Relation::ratio(g + ": andel brukare", g + " / brukare",
                                                  g + " / invånare", g + " / % brukare",
                                                  Decimal(100, 0)));
        }
        s.figure("Ej brukarkopplad / kostnader", "103 014 615");
        s.figure("Ej brukarkopplad / kr per invånare", "955");
        s.figure("Totalt 2022 / kostnader", "658 914 703");
        s.count("Totalt 2022 / invånare", "107 918");
        s.count("Totalt 2022 / brukare", "6 195");
        s.figure("Totalt 2022 / kr per invånare", "6 106");
        s.figure("Totalt 2022 / KPB", "89 734");
        s.figure("Totalt 2022 / % brukare", "5,7");
        const std::size_t per_group = s.relations.size();
        // DOMAIN.md: the unlinked costs count per inhabitant, 103 014 615 /
        // 107 918 = 955, and in the total's kr per invånare (6 106), but not
        // in its KPB: (658 914 703 − 103 014 615) / 6 195 = 89 734.
        s.relations.push_back(Relation::ratio(
            "Ej brukarkopplad: kr per invånare", "Ej brukarkopplad / kostnader",
            "Totalt 2022 / invånare", "Ej brukarkopplad / kr per invånare", Decimal(1, 0)));
        s.relations.push_back(Relation::ratio("Totalt: kr per invånare", "Totalt 2022 / kostnader",
                                              "Totalt 2022 / invånare",
                                              "Totalt 2022 / kr per invånare", Decimal(1, 0)));
        s.relations.push_back(Relation::ratio(
            "Totalt: KPB", {{"Totalt 2022 / kostnader", 1}, {"Ej brukarkopplad / kostnader", -1}},
            {{"Totalt 2022 / brukare", 1}}, "Totalt 2022 / KPB", Decimal(1, 0)));
        s.relations.push_back(Relation::ratio("Totalt: andel brukare", "Totalt 2022 / brukare",
                                              "Totalt 2022 / invånare", "Totalt 2022 / % brukare",
                                              Decimal(100, 0)));
        std::vector<std::string> kostnader = {"Ej brukarkopplad"};
        kostnader.insert(kostnader.end(), groups.begin(), groups.end());
        s.column_sum("Kostnader", kostnader, "Totalt 2022", "kostnader");
        s.column_sum("Invånare", groups, "Totalt 2022", "invånare");
        s.column_sum("Brukare", groups, "Totalt 2022", "brukare");
        const auto findings = s.check();
        for (std::size_t i = 0; i < per_group + 4; ++i) {
            CAPTURE(findings[i].label);
            CHECK(findings[i].severity == Severity::ok);
        }
        // The costs add to 658 914 702 kr under a printed 658 914 703: thirteen
        // figures rounded to whole kronor (±6,5 kr) explain it.
        const Finding& k = findings[per_group + 4];
        CHECK(k.expected == P("658 914 702"));
        CHECK(k.severity == Severity::rounding);
        CHECK(findings[per_group + 5].severity == Severity::ok);  // 107 918 invånare, exact
        CHECK(findings[per_group + 6].severity == Severity::ok);  // 6 195 brukare, exact
        CHECK(findings[per_group + 2].expected == P("89 733,67"));
    }

    // --- the tolerance, worked by hand ------------------------------------------------

    TEST_CASE("the tolerance comes from the printed precisions, not a fixed fudge") {
        Sheet s;
        s.figure("a", "1,5");   // ±0,05
        s.figure("b", "2,25");  // ±0,005
        s.figure("c", "3,8");   // ±0,05
        s.relations.push_back(Relation::sum("a + b", {"a", "b"}, "c"));
        auto f = s.check()[0];
        CHECK(f.expected == P("3,75"));
        CHECK(f.tolerance == P("0,105"));
        // 3,75 printed at one decimal is 3,8 (half_up): the figure is right.
        CHECK(f.severity == Severity::ok);
        s.figures[2] = PrintedFigure::printed("c", P("3,7"));
        CHECK(s.check()[0].severity == Severity::rounding);
        s.figures[2] = PrintedFigure::printed("c", P("3,9"));
        CHECK(s.check()[0].severity == Severity::error);  // 0,15 > 0,105
        // A figure printed "2" in a column shown with one decimal is ±0,05.
        s.figures[2] = PrintedFigure::printed("c", P("4"), 1);
        CHECK(s.check()[0].tolerance == P("0,105"));
    }

    TEST_CASE("a ratio's tolerance is interval arithmetic over the operands") {
        // 10 / 4 = 2,5; with 10 ± 0,5 and 4 ± 0,5 the quotient lies in
        // [9,5 / 4,5; 10,5 / 3,5] = [2,111…; 3,0].
        Sheet s;
        s.figure("a", "10");
        s.figure("b", "4");
        s.figure("c", "2,5");
        s.relations.push_back(Relation::ratio("a / b", "a", "b", "c", Decimal(1, 0)));
        CHECK(s.check()[0].severity == Severity::ok);
        s.figures[2] = PrintedFigure::printed("c", P("2,8"));
        auto f = s.check()[0];
        CHECK(f.severity == Severity::rounding);  // 2,75 ≤ 3,0
        CHECK(f.expected == P("2,500"));
        CHECK(f.difference == P("0,300"));
        CHECK(f.tolerance == P("0,550"));  // 3,0 − 2,5 + 0,05
        s.figures[2] = PrintedFigure::printed("c", P("3,1"));
        f = s.check()[0];
        CHECK(f.severity == Severity::error);  // 3,05 > 3,0
        CHECK(f.difference == P("0,600"));
        s.figures[2] = PrintedFigure::printed("c", P("2,0"));
        f = s.check()[0];
        CHECK(f.severity == Severity::error);  // 2,05 < 2,111…
        CHECK(f.tolerance == P("0,439"));      // 2,5 − 2,111… + 0,05, rounded up
    }

    // --- bad input ---------------------------------------------------------------------

    TEST_CASE("fel indata: relations naming figures that do not exist, and the rest") {
        Sheet s;
        s.figure("a", "1");
        s.figure("b", "2");
        s.figure("c", "3");
        const auto run = [](std::vector<PrintedFigure> f, std::vector<Relation> r) {
            return [f = std::move(f), r = std::move(r)] { kalkyl::check(f, r); };
        };
        CHECK(error_of(run(s.figures, {Relation::sum("summa", {"a", "x"}, "c")})) == Errc::invalid);
        CHECK(message_of(run(s.figures, {Relation::sum("summa", {"a", "x"}, "c")}))
                  .find("'summa' names the figure 'x'") != std::string::npos);
        CHECK(error_of(run(s.figures, {Relation::difference("d", "a", "b", "saknas")})) ==
              Errc::invalid);
        // Nothing half-done: a good relation before a bad one gives no findings.
        CHECK(error_of(run(s.figures, {Relation::sum("ok", {"a", "b"}, "c"),
                                       Relation::sum("bad", {"a"}, "y")})) == Errc::invalid);
        auto dup = s.figures;
        dup.push_back(PrintedFigure::printed("a", P("1")));
        CHECK(error_of(run(dup, {})) == Errc::invalid);
        auto bad_decimals = s.figures;
        bad_decimals[0].decimals = 28;
        CHECK(error_of(run(bad_decimals, {})) == Errc::invalid);
        CHECK(error_of(run(s.figures, {Relation::sum("tom", {}, "c")})) == Errc::invalid);
        Relation sign = Relation::sum("tecken", {"a", "b"}, "c");
        sign.numerator[0].sign = 2;
        CHECK(error_of(run(s.figures, {sign})) == Errc::invalid);
        Relation no_result = Relation::sum("utan", {"a", "b"}, "");
        CHECK(error_of(run(s.figures, {no_result})) == Errc::invalid);
        Relation ratio = Relation::ratio("kvot", "a", "b", "c", Decimal(0, 0));
        CHECK(error_of(run(s.figures, {ratio})) == Errc::invalid);
        ratio = Relation::ratio("kvot", "a", "b", "c", Decimal(1, 0));
        ratio.denominator.clear();
        CHECK(error_of(run(s.figures, {ratio})) == Errc::invalid);
        Relation sum_with_den = Relation::sum("summa", {"a", "b"}, "c");
        sum_with_den.denominator = {Term{"a", 1}};
        CHECK(error_of(run(s.figures, {sum_with_den})) == Errc::invalid);
        Relation kind = Relation::sum("art", {"a"}, "c");
        kind.kind = static_cast<RelationKind>(9);
        CHECK(error_of(run(s.figures, {kind})) == Errc::invalid);
        Relation shares = Relation::shares("andelar", {"a", "b"}, Decimal(100, 0));
        shares.result = "c";
        CHECK(error_of(run(s.figures, {shares})) == Errc::invalid);
    }

    TEST_CASE("a ratio whose printed denominator could be zero is refused") {
        Sheet s;
        s.figure("a", "1");
        s.figure("noll", "0");
        s.figure("liten", "0,4");
        s.figure("c", "3");
        CHECK(error_of([&] {
                  kalkyl::check(s.figures,
                                {Relation::ratio("a / 0", "a", "noll", "c", Decimal(1, 0))});
              }) == Errc::division_by_zero);
        // 0,4 ± 0,05 cannot be zero.
        CHECK(error_of([&] {
                  kalkyl::check(s.figures,
                                {Relation::ratio("a / 0,4", "a", "liten", "c", Decimal(1, 0))});
              }) == Errc::ok);
    }

    TEST_CASE("names of kinds and severities are stable") {
        CHECK(std::string(kalkyl::relation_kind_name(RelationKind::band_max)) == "band_max");
        CHECK(std::string(kalkyl::severity_name(Severity::rounding)) == "rounding");
    }
}
