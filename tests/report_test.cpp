// The report layer (src/report): the ledger readers and the report's
// figures, in the domain's words. The executable is tested end to end in
// tests/e2e/run.py.

#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "kalkyl/kalkyl.hpp"
#include "report/check_table.hpp"
#include "report/input.hpp"
#include "report/report.hpp"

using kalkyl::Decimal;
using kalkyl::Month;
namespace rp = kalkyl::report;

namespace {

struct TempFile {
    std::string path;
    explicit TempFile(const std::string& content, const char* suffix = ".csv") {
        char name[] = "/tmp/kalkyl_report_test_XXXXXX";
        const int fd = mkstemp(name);
        REQUIRE(fd >= 0);
        ::close(fd);
        std::remove(name);
        path = std::string(name) + suffix;
        std::ofstream(path, std::ios::binary) << content;
    }
    ~TempFile() { std::remove(path.c_str()); }
};

Decimal dec(const char* s) {
    return kalkyl::parse(s, kalkyl::Locale::c);
}

std::string error_of(const std::string& content, const rp::ReadOptions& options = {}) {
    TempFile f(content);
    try {
        rp::read_ledger(f.path, options);
    } catch (const rp::InputError& e) {
        return std::string(e.what()).substr(f.path.size());
    }
    return "no error";
}

}  // namespace

TEST_SUITE("report") {
    TEST_CASE("Windows-1252 as Excel writes it in Sweden: å ä ö € to UTF-8") {
        std::string out;
        std::size_t bad = 0;
        CHECK(rp::text::cp1252_to_utf8("V\xe5rd \xe4 \xf6 \x80", out, bad));
        CHECK(out == "V\xc3\xa5rd \xc3\xa4 \xc3\xb6 \xe2\x82\xac");
        CHECK_FALSE(rp::text::cp1252_to_utf8("a\x81", out, bad));  // undefined in Windows-1252
        CHECK(bad == 1);
        CHECK(rp::text::invalid_utf8("V\xc3\xa5rd") == std::string_view::npos);
        CHECK(rp::text::invalid_utf8("V\xe5rd") == 1);
        CHECK(rp::text::invalid_utf8("\xc0\x80") == 0);  // overlong
    }

    TEST_CASE(
        "CSV ledger: columns in any order, Swedish or English names, tkr, quoted names, BOM") {
        TempFile f(
            "\xef\xbb\xbf# enhet: tkr\n"
            "utfall;MONTH;Id;parent;namn;typ\n"
            ";;N;;\"Nämnden; totalt\";netto\n"
            "1 234,5;1;K;N;Kostnader;kostnad\n"
            "-0,5;2;K;;;\n");
        const auto in = rp::read_ledger(f.path, {});
        REQUIRE(in.rows.size() == 2);
        CHECK(in.rows[0].name == "Nämnden; totalt");
        CHECK(in.rows[1].series[1][0] == dec("1234500"));  // tkr read exactly into kronor
        CHECK(in.rows[1].series[1][1] == dec("-500"));
        CHECK(in.last_outcome_month == 2);
    }

    TEST_CASE("malformed ledgers say file:line:column and why") {
        CHECK(error_of("id;månad;utfall\nA;1;12,3,4\n") ==
              ":2:9: bad number \"12,3,4\" in column utfall: "
              "unexpected text after the number");
        CHECK(error_of("id;utfall\nA;1\n").rfind(":1:1: missing column \"månad\"", 0) == 0);
        CHECK(error_of("id;månad;utfall\nA;1;5\nA;1;7\n")
                  .rfind(":3:3: duplicate row id \"A\" for month 1", 0) == 0);
        CHECK(error_of("id;månad;utfall\nA;1;5\nA;1;7\n",
                       rp::ReadOptions{rp::Encoding::automatic, true, {}}) == "no error");
        CHECK(error_of("id;månad;namn;utfall\nA;1;V\xe5rd;5\n",
                       rp::ReadOptions{rp::Encoding::utf8, false, {}})
                  .rfind(":2:6: wrong encoding", 0) == 0);
        CHECK(error_of("id;månad;utfall\nA;\"1;5\n").rfind(":2:3: unterminated quoted field", 0) ==
              0);
    }

    TEST_CASE(
        "Uppsala aug 2024: result −27, forecast −30, band −35..−25 mnkr from the sample ledger") {
        const auto in = rp::read_ledger(KALKYL_EXAMPLES_DATA "/uppsala_2024_08.csv", {});
        const auto rep = rp::compute_report(in, Month::august);
        CHECK(rep.total.budget_year == dec("950300000"));
        CHECK(rep.total.result_ytd() == dec("-27000000"));
        CHECK(rep.total.prior_result_ytd() == dec("-13200000"));
        CHECK(rep.total.result_year() == dec("-30000000"));
        REQUIRE(rep.total.band);
        CHECK(rep.total.band->low() == dec("-35000000"));
        CHECK(rep.total.band->high() == dec("-25000000"));
        REQUIRE(rep.unit_costs.size() == 2);
        CHECK(rep.unit_costs[0].per_unit == dec("5382"));  // 123 464 tkr / 22 939 vårddygn
    }

    TEST_CASE("Uppsala 2024: the year's −23,5 lies 1,5 above the August band's top") {
        const auto in = rp::read_ledger(KALKYL_EXAMPLES_DATA "/uppsala_2024_12.csv", {});
        const auto rep = rp::compute_report(in, Month::december);
        CHECK(rep.total.result_ytd() == dec("-23500000"));
        REQUIRE(rep.band_excess);
        CHECK(*rep.band_excess == dec("1500000"));
    }

    TEST_CASE("printed tables foot: Uppsala's rows that add to −28 under −27 are moved, and said") {
        const auto in = rp::read_ledger(KALKYL_EXAMPLES_DATA "/uppsala_2024_08.csv", {});
        const auto rep = rp::compute_report(in, Month::august);
        rp::RenderOptions o;
        o.format = rp::Format::csv;
        const std::string csv = rp::render(rep, o);
        CHECK(csv.find("Socialnämnden;950;-27;-13;-30\n") != std::string::npos);
        o.format = rp::Format::text;
        const std::string text = rp::render(rep, o);
        CHECK(text.find("Justerad för att tabellen ska summera") != std::string::npos);
    }

    TEST_CASE("a nyckeltal over 0 vårddygn is a warning in both languages, not a note") {
        TempFile f(
            "id;förälder;namn;typ;månad;budget;utfall;prognos;volym;volymenhet\n"
            "N;;Nämnden;netto;;;;;;\n"
            "H;N;HVB;kostnad;1;100;90;1000;0;vårddygn\n");
        const auto rep = rp::compute_report(rp::read_ledger(f.path, {}), Month::january);
        REQUIRE(rep.warnings.size() == 1);
        CHECK(rep.warnings[0].code == "unit_cost_zero_volume");
        CHECK(rep.warnings[0].sv == "HVB: ingen kostnad per vårddygn, eftersom volymen är 0.");
        CHECK(rep.warnings[0].en == "HVB: no cost per care day, since the volume is 0.");
        CHECK(rep.unit_costs.empty());
        for (const auto& n : rep.notes)
            CHECK(n.sv.find("vårddygn") == std::string::npos);
    }

    TEST_CASE("warnings come first in every format, in the chosen language") {
        const auto in = rp::read_ledger(KALKYL_EXAMPLES_DATA "/uppsala_2024_08.csv", {});
        auto rep = rp::compute_report(in, Month::august);
        rp::RenderOptions o;
        o.format = rp::Format::json;
        CHECK(rp::render(rep, o).find("\"warnings\": [],") != std::string::npos);
        rep.warnings.push_back(
            {"month_past_data", "Månad 8 saknar utfall.", "Month 8 has no outcome."});
        CHECK(rp::render(rep, o).find("\"warnings\": [\n    {\"code\": \"month_past_data\", "
                                      "\"message\": \"Månad 8 saknar "
                                      "utfall.\"}\n  ],") != std::string::npos);
        o.format = rp::Format::text;
        o.lang = rp::Lang::en;
        std::string text = rp::render(rep, o);
        CHECK(text.find("\n\nWarnings\n  Month 8 has no outcome.\n\nResult by activity") !=
              std::string::npos);
        o.format = rp::Format::markdown;
        o.lang = rp::Lang::sv;
        text = rp::render(rep, o);
        CHECK(text.find("\n\n## Varningar\n\n- Månad 8 saknar utfall.\n\n## Resultat") !=
              std::string::npos);
        o.format = rp::Format::csv;
        CHECK(rp::render(rep, o).rfind("# Varningar\nMånad 8 saknar utfall.\n\n# Resultat", 0) ==
              0);
    }

    TEST_CASE("kalkyl check: Eskilstuna's 42 of 44 insatser printed as 94 % is an error") {
        const auto t = rp::check_table(KALKYL_EXAMPLES_DATA "/eskilstuna_2023_inkop.csv",
                                       rp::Encoding::automatic);
        CHECK(rp::worst(t) == kalkyl::Severity::error);
        bool found = false;
        for (const auto& f : t.findings)
            if (f.label == "Skyddat boende: Inom ramavtal %") {
                found = true;
                CHECK(f.severity == kalkyl::Severity::error);
            }
        CHECK(found);
    }

    // Regressions for findings 3-5 of docs/testing.md (fuzz_report's contract):
    // each was a kalkyl::Error without a place, or a column past the line.
    TEST_CASE("readers: 38 digits in tkr, summed lines past 38 digits, a broken escape") {
        const std::string nines(38, '9');
        CHECK(error_of("# enhet: tkr\nid;månad;budget\nA;1;" + nines + "\n") ==
              ":3:5: number \"" + nines +
                  "\" in column budget is too large in kronor (more than 38 digits)");
        CHECK(error_of("id;månad;budget\nA;1;" + nines + "\nA;1;" + nines + "\n",
                       rp::ReadOptions{rp::Encoding::automatic, true, {}}) ==
              ":3:5: the lines of row \"A\" for month 1 add up to more than 38 digits in column "
              "budget");
        auto json_error = [](const std::string& content) {
            TempFile f(content, ".json");
            try {
                rp::read_ledger(f.path, {});
            } catch (const rp::InputError& e) {
                return std::string(e.what()).substr(f.path.size());
            }
            return std::string("no error");
        };
        CHECK(json_error("{\"enhet\": \"mnkr\",\n \"rader\": [{\"id\": \"A\", \"budget\": [1, " +
                         nines + "]}]}") ==
              ":2:38: number \"" + nines +
                  "\" in budget is too large in kronor (more than 38 digits)");
        // A backslash before a line break: the place is the backslash, on its line.
        CHECK(json_error("{\"rader\": [{\"id\": \"A\\\n\"}]}") == ":1:21: bad escape in a string");
    }

    TEST_CASE("CSV reader: lines across read chunks of 1..64 bytes read as in one chunk") {
        TempFile f(
            "\xef\xbb\xbf# enhet: tkr\r\n"
            "id;förälder;typ;månad;budget;utfall;prognos\r\n"
            "N;;netto;;;;100\r\n"
            "K;N;kostnad;1;1 234,5;\"1.000,25\";\r\n"
            "K;;;2;−4;(12);\r\n"
            "I;N;intäkt;2024-08;3;2,5;\n");
        const auto whole = rp::read_ledger_csv(f.path, {});
        REQUIRE(whole.rows.size() == 3);
        for (std::size_t chunk = 1; chunk <= 64; ++chunk) {
            CAPTURE(chunk);
            const auto in = rp::read_ledger_csv(f.path, {}, chunk);
            REQUIRE(in.rows.size() == whole.rows.size());
            CHECK(in.lines == whole.lines);
            for (std::size_t i = 0; i < in.rows.size(); ++i) {
                CHECK(in.rows[i].id == whole.rows[i].id);
                CHECK(in.rows[i].series == whole.rows[i].series);
                CHECK(in.rows[i].forecast == whole.rows[i].forecast);
            }
        }
        CHECK(whole.rows[1].series[0][0] == dec("1234500"));
        CHECK(whole.rows[1].series[1][1] == dec("-12000"));
    }
}
