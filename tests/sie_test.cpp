// Tests of kalkyl/sie.hpp: SIE 4 files built by the suite's own writer
// (tests/sie_writer.hpp) with the awkward parts a controller's export has:
// CP437 letters, quotes and backslashes in names, negative amounts, objects in
// several dimensions, #KSUMMA right and wrong, files that are really
// Windows-1252 or UTF-8; then the follow-up ledger they map to, the budget
// file kalkyl writes back, and bad input with its line, column and label.

#include "kalkyl/sie.hpp"

#include <doctest/doctest.h>

#include "decimal_print.hpp"
#include "sie_writer.hpp"
#include "test_support.hpp"

#include <sstream>
#include <string>
#include <vector>

using kalkyl::Decimal;
using kalkyl::Errc;
using kalkyl::Month;
using kalkyl::RowKind;
using kalkyl::test::D;
using kalkyl::test::SieCharset;
using kalkyl::test::SieWriter;
namespace sie = kalkyl::sie;

namespace {

using W = SieWriter;

// Socialnämnden 2024, type 4: ansvar (dimension 1) 100 Äldreomsorg and 200
// IFO, projekt (dimension 6) P7; January..March verifications, a budget for
// every month, last year's outcome as #PSALDO.
std::string socialnamnden(SieCharset charset = SieCharset::cp437, bool checksum = true,
                          std::uint32_t tamper = 0) {
    W w(charset);
    w.rec("#FLAGGA", {W::p("0")});
    if (checksum) w.open_checksum();
    w.rec("#PROGRAM", {W::q("Ekonomi Ö"), W::p("4.2")});
    w.rec("#FORMAT", {W::p("PC8")});
    w.rec("#GEN", {W::p("20240405")});
    w.rec("#SIETYP", {W::p("4")});
    w.rec("#FNAMN", {W::q("Socialnämnden Åby kommun")});
    w.rec("#KPTYP", {W::p("KOMMUN")});
    w.rec("#RAR", {W::p("0"), W::p("20240101"), W::p("20241231")});
    w.rec("#RAR", {W::p("-1"), W::p("20230101"), W::p("20231231")});
    w.rec("#DIM", {W::p("1"), W::q("Ansvar")});
    w.rec("#DIM", {W::p("6"), W::q("Projekt")});
    w.rec("#OBJEKT", {W::p("1"), W::q("100"), W::q("Äldreomsorg")});
    w.rec("#OBJEKT", {W::p("1"), W::q("200"), W::q("Individ- och familjeomsorg")});
    w.rec("#OBJEKT", {W::p("6"), W::q("P7"), W::q("Öppna förskolan \"Växa\"")});
    w.rec("#KONTO", {W::p("1930"), W::q("Bank")});
    w.rec("#KONTO", {W::p("3010"), W::q("Avgifter äldreomsorg, vårdboende")});
    w.rec("#KONTO", {W::p("4010"), W::q("Inköp \"förbrukning\"")});
    w.rec("#KONTO", {W::p("5010"), W::q("Löner C:\\tjänst")});
    w.rec("#KTYP", {W::p("3010"), W::p("I")});
    w.rec("#IB", {W::p("0"), W::p("1930"), W::p("1000000.00")});
    w.rec("#FUTURE", {W::p("1"), W::q("a label from a newer SIE")});
    w.rec("#FUTURE", {W::p("2")});
    for (int m = 1; m <= 12; ++m) {
        const std::string per = "2024" + std::string(m < 10 ? "0" : "") + std::to_string(m);
        w.rec("#PBUDGET",
              {W::p("0"), W::p(per), W::p("5010"), W::list({"1", "100"}), W::p("52000.00")});
        w.rec("#PBUDGET",
              {W::p("0"), W::p(per), W::p("3010"), W::list({"1", "100"}), W::p("-8500.00")});
        w.rec("#PBUDGET",
              {W::p("0"), W::p(per), W::p("4010"), W::list({"1", "200"}), W::p("1000")});
        const std::string prev = "2023" + per.substr(4);
        w.rec("#PSALDO",
              {W::p("-1"), W::p(prev), W::p("5010"), W::list({"1", "100"}), W::p("45000.00")});
        w.rec("#PSALDO",
              {W::p("-1"), W::p(prev), W::p("3010"), W::list({"1", "100"}), W::p("-7000.00")});
    }
    for (int m = 1; m <= 3; ++m) {
        const std::string date = "20240" + std::to_string(m) + "15";
        w.rec("#VER", {W::p("A"), W::p(std::to_string(m)), W::p(date), W::q("Lön och avgifter")});
        w.raw("{");
        w.rec("#TRANS", {W::p("5010"), W::list({"1", "100", "6", "P7"}), W::p("50000.00")});
        w.rec("#TRANS", {W::p("4010"), W::list({"1", "200"}), W::p("1234.56"), W::q(""),
                         W::q("Inköp åt \"IFO\"")});
        w.rec("#TRANS", {W::p("3010"), W::list({"1", "100"}), W::p("-8000.50")});
        w.rec("#TRANS", {W::p("1930"), W::list({}), W::p("-43234.06")});
        w.raw("}");
    }
    if (checksum) w.close_checksum(tamper);
    return w.bytes();
}

const sie::PeriodAmount* find(const std::vector<sie::PeriodAmount>& list, int period,
                              std::string_view account, std::vector<sie::ObjectRef> objects) {
    for (const auto& p : list)
        if (p.period == period && p.account == account && p.objects == objects) return &p;
    return nullptr;
}

template <class F>
sie::SieError sie_error_of(F&& f) {
    try {
        f();
    } catch (const sie::SieError& e) {
        return e;
    }
    FAIL("no SieError thrown");
    return sie::SieError(Errc::ok, 0, 0, {}, {});
}

bool has_diag(const sie::File& f, sie::Severity s, std::string_view part) {
    for (const auto& d : f.diagnostics)
        if (d.severity == s && d.message.find(part) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_SUITE("sie") {
    TEST_CASE("tokenizer: labels, quoted fields with escapes, object lists, columns") {
        const std::string text =
            "#KONTO 4010 \"Ink\\\"o\\\\p\"\r\n"
            "\t#TRANS  5010 {1 \"100\" 6 P7} -12.50 \"\" \"text med {klamrar}\"\n"
            "{\n"
            "}\n"
            "\n"
            "#OBJEKT 1 100 Utan_citat";  // no line end at the end of the file
        std::vector<std::string> labels;
        std::vector<std::vector<std::string>> fields;
        std::vector<std::vector<std::string>> lists;
        std::vector<std::uint64_t> columns;
        std::vector<std::uint64_t> lines;
        const auto summary = sie::stream_bytes(text, {}, [&](const sie::Record& r) {
            labels.emplace_back(r.label);
            lines.push_back(r.line);
            std::vector<std::string> fs;
            for (const auto& f : r.fields) {
                fs.emplace_back(f.text);
                columns.push_back(f.column);
                if (f.is_list) {
                    std::vector<std::string> items;
                    for (auto i : r.items(f))
                        items.emplace_back(i);
                    lists.push_back(items);
                }
            }
            fields.push_back(fs);
            return true;
        });
        CHECK(labels == std::vector<std::string>{"#KONTO", "#TRANS", "{", "}", "#OBJEKT"});
        CHECK(lines == std::vector<std::uint64_t>{1, 2, 3, 4, 6});
        CHECK(fields[0] == std::vector<std::string>{"4010", "Ink\"o\\p"});
        CHECK(fields[1][0] == "5010");
        CHECK(fields[1][2] == "-12.50");
        CHECK(fields[1][3].empty());
        CHECK(fields[1][4] == "text med {klamrar}");
        REQUIRE(lists.size() == 1);
        CHECK(lists[0] == std::vector<std::string>{"1", "100", "6", "P7"});
        // "\t#TRANS  5010 {": the account at byte column 10, the list at 15.
        CHECK(columns[2] == 10);
        CHECK(columns[3] == 15);
        CHECK(fields[4] == std::vector<std::string>{"1", "100", "Utan_citat"});
        CHECK(summary.lines == 6);
        CHECK(summary.records == 5);
        CHECK(summary.checksum == sie::ChecksumState::absent);
    }

    TEST_CASE("CP437: the 128 upper code points decode as the Unicode mapping table says") {
        std::string bytes;
        for (int b = 0x80; b <= 0xFF; ++b)
            bytes.push_back(static_cast<char>(b));
        std::string utf8;
        sie::cp437_to_utf8(bytes, utf8);
        // VENDORS/MICSFT/PC/CP437.TXT, 0x80..0xFF (0xFF is NO-BREAK SPACE).
        CHECK(
            utf8 ==
            "ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒"
            "╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00A0");
        std::string back;
        std::size_t bad = 99;
        CHECK(sie::utf8_to_cp437(utf8, back, bad));
        CHECK(back == bytes);
        CHECK_FALSE(sie::utf8_to_cp437("pris 10 €", back, bad));
        CHECK(bad == 8);
        CHECK(sie::utf8_to_cp437("Åby Älvdal Örnsköldsvik", back, bad));
        CHECK(back ==
              "\x8F"
              "by \x8E"
              "lvdal \x99rnsk\x94ldsvik");
    }

    TEST_CASE("amounts are read exactly, with a dot, and nothing else is an amount") {
        CHECK(*sie::parse_amount("-1234.50") == D("-1234.50"));
        CHECK(sie::parse_amount("-1234.50")->scale() == 2);
        CHECK(*sie::parse_amount("0") == D("0"));
        CHECK(*sie::parse_amount("12345678901234567890.123456") ==
              D("12345678901234567890.123456"));
        CHECK(*sie::parse_amount("0.1") + *sie::parse_amount("0.2") == D("0.3"));
        for (const char* bad : {"", "-", "12,50", "+5", "1e3", " 1", "1 000", "12.", ".5", "1.2.3",
                                "--1", "123456789012345678901234567890123456789"})
            CHECK_MESSAGE(!sie::parse_amount(bad), bad);
    }

    TEST_CASE(
        "a type 4 file: CP437 names, objects in two dimensions, #TRANS summed, #KSUMMA verified") {
        const sie::File f = sie::read_bytes(socialnamnden());
        CHECK(f.complete());
        CHECK(f.summary.encoding == sie::Encoding::cp437);
        CHECK_FALSE(f.summary.encoding_mismatch);
        CHECK(f.summary.checksum == sie::ChecksumState::verified);
        CHECK(f.sie_type == 4);
        CHECK(f.company == "Socialnämnden Åby kommun");
        CHECK(f.program == "Ekonomi Ö");
        REQUIRE(f.account("4010") != nullptr);
        CHECK(f.account("4010")->name == "Inköp \"förbrukning\"");
        CHECK(f.account("5010")->name == "Löner C:\\tjänst");
        CHECK(f.account("3010")->type == 'I');
        // All six Swedish letters came through CP437: å ä ö Å Ä Ö.
        CHECK(f.account("3010")->name == "Avgifter äldreomsorg, vårdboende");
        CHECK(f.company.find("Åby") != std::string::npos);
        CHECK(f.object(1, "100")->name.rfind("Ä", 0) == 0);
        CHECK(f.object(6, "P7")->name.rfind("Ö", 0) == 0);
        CHECK(f.account("4010")->name.find("ö") != std::string::npos);
        REQUIRE(f.object(6, "P7") != nullptr);
        CHECK(f.object(6, "P7")->name == "Öppna förskolan \"Växa\"");
        CHECK(f.object(1, "100")->name == "Äldreomsorg");
        CHECK(f.years.size() == 2);
        CHECK(f.verification_count == 3);
        CHECK(f.transaction_count == 12);
        // Three months of four transactions, each month its own sum.
        CHECK(f.transactions.size() == 12);
        const auto* lon = find(f.transactions, 202402, "5010", {{1, "100"}, {6, "P7"}});
        REQUIRE(lon != nullptr);
        CHECK(lon->amount == D("50000.00"));
        CHECK(lon->year == 0);
        const auto* avg = find(f.transactions, 202403, "3010", {{1, "100"}});
        REQUIRE(avg != nullptr);
        CHECK(avg->amount == D("-8000.50"));
        CHECK(f.periods.size() == 12 * 5);
        REQUIRE(f.unknown_labels.size() == 1);
        CHECK(f.unknown_labels[0].label == "#FUTURE");
        CHECK(f.unknown_labels[0].count == 2);
        REQUIRE(f.balances.size() == 1);
        CHECK(f.balances[0].kind == sie::BalanceKind::ib);
        CHECK(f.balances[0].amount == D("1000000"));
    }

    TEST_CASE("a broken #KSUMMA is an error: the file is not complete and is not mapped") {
        const sie::File f = sie::read_bytes(socialnamnden(SieCharset::cp437, true, 1));
        CHECK(f.summary.checksum == sie::ChecksumState::mismatch);
        CHECK(f.summary.checksum_expected == f.summary.checksum_computed + 1);
        CHECK_FALSE(f.complete());
        CHECK(has_diag(f, sie::Severity::error, "checksum does not match"));
        sie::MappingOptions o;
        o.dimension = 1;
        CHECK(kalkyl::test::error_of([&] { (void)sie::map_ledger(f, o); }) == Errc::invalid);
        o.accept_incomplete = true;
        CHECK(sie::map_ledger(f, o).rows.size() > 1);
        // A changed amount with the old sum: the same finding.
        std::string bytes = socialnamnden();
        const auto at = bytes.find("50000.00");
        bytes.replace(at, 8, "50000.01");
        CHECK(sie::read_bytes(bytes).summary.checksum == sie::ChecksumState::mismatch);
        // An opening #KSUMMA without the closing one.
        std::string cut = socialnamnden();
        cut = cut.substr(0, cut.rfind("#KSUMMA"));
        const sie::File c = sie::read_bytes(cut);
        CHECK(c.summary.checksum == sie::ChecksumState::unclosed);
        CHECK_FALSE(c.complete());
    }

    TEST_CASE("a file that is really Windows-1252 or UTF-8 is detected, read right and reported") {
        for (const auto charset : {SieCharset::windows1252, SieCharset::utf8}) {
            CAPTURE(static_cast<int>(charset));
            const sie::File f = sie::read_bytes(socialnamnden(charset, false));
            CHECK(f.summary.encoding ==
                  (charset == SieCharset::utf8 ? sie::Encoding::utf8 : sie::Encoding::windows1252));
            CHECK(f.summary.encoding_mismatch);
            CHECK(has_diag(f, sie::Severity::warning, "declares the PC8 character set"));
            CHECK(f.company == "Socialnämnden Åby kommun");
            CHECK(f.account("4010")->name == "Inköp \"förbrukning\"");
            CHECK(f.complete());  // read right: a warning, not an error
            // Forcing CP437 misreads the letters, as it must: the choice is the caller's.
            sie::ReadOptions forced;
            forced.encoding = sie::EncodingChoice::cp437;
            if (charset == SieCharset::windows1252)
                CHECK(sie::read_bytes(socialnamnden(charset, false), forced).company !=
                      "Socialnämnden Åby kommun");
        }
        // A UTF-8 byte order mark decides too.
        const sie::File bom =
            sie::read_bytes("\xEF\xBB\xBF" + socialnamnden(SieCharset::utf8, false));
        CHECK(bom.summary.encoding == sie::Encoding::utf8);
        CHECK(bom.flag == 0);
    }

    TEST_CASE("fuzz_sie findings: labels outside ASCII, and a few symbols are not Windows-1252") {
        // A label with a CP437 letter was handed out as raw bytes, so counts and
        // messages were not UTF-8: it is decoded like any text.
        W w;
        w.head(4, 2024, "K");
        w.rec("#K\x99NTO", {W::p("4010")});
        const sie::File f = sie::read_bytes(w.bytes());
        REQUIRE(f.unknown_labels.size() == 1);
        CHECK(f.unknown_labels[0].label == "#KÖNTO");
        CHECK(has_diag(f, sie::Severity::info, "unknown label #KÖNTO"));
        // A budget file whose only byte outside ASCII is CP437's 0xF3 (≤) was
        // detected as Windows-1252 (ó) and read back wrong: only the letters of
        // names count as evidence now.
        sie::BudgetFileHeader h;
        h.generated = "20250101";
        h.company = "F";
        h.year = {0, 20240101, 20241231};
        const std::vector<sie::BudgetLine> lines{{"5010", {{1, "100≤"}}, 202402, D("-0.01"), {}}};
        std::ostringstream out;
        sie::write_budget(out, h, lines);
        const sie::File back = sie::read_bytes(out.str());
        CHECK(back.summary.encoding == sie::Encoding::cp437);
        CHECK_FALSE(back.summary.encoding_mismatch);
        REQUIRE(back.periods.size() == 1);
        CHECK(back.periods[0].objects == lines[0].objects);
    }

    TEST_CASE("malformed records: an error with line, column and label, nothing returned") {
        auto file = [](std::string_view bad_line) {
            W w;
            w.head(4, 2024, "K");
            w.raw(bad_line);
            return w.bytes();
        };
        // Line 9: after the 8 lines of head().
        auto e = sie_error_of([&] { (void)sie::read_bytes(file("#KONTO 4010 \"Inköp")); });
        CHECK(e.code() == Errc::parse);
        CHECK(e.line() == 9);
        CHECK(e.column() == 13);
        CHECK(e.label() == "#KONTO");
        CHECK(std::string(e.what()) ==
              "line 9, column 13, #KONTO: a quoted field is not closed on its line");

        e = sie_error_of([&] { (void)sie::read_bytes(file("#PSALDO 0 202401 4010 {} 12,50")); });
        CHECK(e.line() == 9);
        CHECK(e.column() == 26);
        CHECK(e.label() == "#PSALDO");
        CHECK(e.reason().find("dot as decimal mark") != std::string::npos);

        e = sie_error_of([&] { (void)sie::read_bytes(file("#PSALDO 0 202413 4010 {} 1")); });
        CHECK(e.column() == 11);
        e = sie_error_of([&] { (void)sie::read_bytes(file("#RAR 0 20240101")); });
        CHECK(e.reason() == "missing date");
        e = sie_error_of([&] { (void)sie::read_bytes(file("#TRANS 4010 {1 \"100\" 6} 5")); });
        CHECK(e.reason().find("pairs") != std::string::npos);
        e = sie_error_of([&] { (void)sie::read_bytes(file("#TRANS 4010 {1 \"100\" 5")); });
        CHECK(e.reason().find("not closed") != std::string::npos);
        e = sie_error_of([&] { (void)sie::read_bytes(file("KONTO 4010 x")); });
        CHECK(e.column() == 1);
        e = sie_error_of([&] { (void)sie::read_bytes(file("#KONTO 40A0 x")); });
        CHECK(e.label() == "#KONTO");
        CHECK(sie_error_of([&] {
                  (void)sie::read_bytes(std::string("#FLAGGA 0\n\0\n", 12));
              }).code() == Errc::invalid);
        CHECK(sie_error_of([&] { (void)sie::read_bytes(""); }).code() == Errc::invalid);
        CHECK(sie_error_of([&] { (void)sie::read_file("/nonexistent/x.se"); }).code() ==
              Errc::invalid);
    }

    TEST_CASE("structural errors: #TRANS outside #VER, unbalanced verification, truncated block") {
        W w;
        w.head(4, 2024, "K");
        w.rec("#TRANS", {W::p("4010"), W::list({}), W::p("5.00")});
        w.rec("#VER", {W::p("A"), W::p("1"), W::p("20240110")});
        w.raw("{");
        w.rec("#TRANS", {W::p("4010"), W::list({}), W::p("100.00")});
        w.rec("#TRANS", {W::p("1930"), W::list({}), W::p("-99.00")});
        w.raw("}");
        w.rec("#VER", {W::p("A"), W::p("2"), W::p("20240111")});
        w.raw("{");
        w.rec("#TRANS", {W::p("4010"), W::list({}), W::p("7.00")});
        const sie::File f = sie::read_bytes(w.bytes());
        CHECK_FALSE(f.complete());
        CHECK(f.error_count == 3);
        CHECK(has_diag(f, sie::Severity::error, "outside a verification"));
        CHECK(has_diag(f, sie::Severity::error,
                       "verification A 1 does not balance: its transactions sum to 1.00"));
        CHECK(
            has_diag(f, sie::Severity::error, "ends inside the transactions of verification A 2"));
        for (const auto& d : f.diagnostics)
            if (d.message.find("outside a verification") != std::string::npos) {
                CHECK(d.line == 9);
                CHECK(d.label == "#TRANS");
            }
        // The #TRANS outside was not summed.
        CHECK(f.transaction_count == 3);
    }

    TEST_CASE(
        "the follow-up ledger by ansvar: outcome from #TRANS, budget, last year from #PSALDO") {
        const sie::File f = sie::read_bytes(socialnamnden());
        sie::MappingOptions o;
        o.dimension = 1;
        const sie::MappedLedger m = sie::map_ledger(f, o);
        CHECK(m.outcome_source == sie::OutcomeSource::transactions);
        CHECK(m.last_outcome_month == 3);
        CHECK(m.has_prior_year);
        REQUIRE(m.rows.size() == 6);  // root, 1:100 with 3010 and 5010, 1:200 with 4010
        CHECK(m.rows[0].id == "SIE");
        CHECK(m.rows[0].name == "Socialnämnden Åby kommun");
        CHECK(m.rows[1].id == "1:100");
        CHECK(m.rows[1].name == "100 Äldreomsorg");
        CHECK(m.rows[2].id == "1:100/3010");
        CHECK(m.rows[2].kind == RowKind::revenue);
        CHECK(m.rows[2].outcome[0] == D("8000.50"));  // a revenue is positive in the ledger
        CHECK(m.rows[2].budget[11] == D("8500"));
        CHECK(m.rows[2].prior_outcome[5] == D("7000"));
        CHECK(m.rows[3].id == "1:100/5010");
        CHECK(m.rows[3].name == "5010 Löner C:\\tjänst");
        CHECK(m.rows[4].id == "1:200");
        CHECK(m.rows[4].kind == RowKind::net);
        CHECK(m.rows[5].parent == "1:200");

        const kalkyl::Ledger ledger = sie::to_ledger(f, o);
        const kalkyl::FollowUp fu = ledger.compute(Month::march);
        CHECK(fu.figures("1:100/5010").outcome_ytd == D("150000.00"));
        CHECK(fu.figures("1:100").outcome_ytd == D("125998.50"));    // 150 000 − 24 001,50
        CHECK(fu.figures("1:100").kommunbidrag_ytd == D("130500"));  // 3 × (52 000 − 8 500)
        CHECK(fu.result_ytd("1:100") == D("4501.50"));
        CHECK(fu.figures("SIE").kommunbidrag_year == D("534000"));  // 12 × (43 500 + 1 000)
        CHECK(fu.figures("SIE").prior_outcome_ytd == D("114000"));  // 3 × (45 000 − 7 000)
        CHECK(fu.figures("1:200").outcome_ytd == D("3703.68"));

        // By projekt: what has no projekt goes to "(utan objekt)".
        o.dimension = 6;
        const sie::MappedLedger p = sie::map_ledger(f, o);
        CHECK(p.rows[1].id == "6:P7");
        CHECK(p.rows[1].name == "P7 Öppna förskolan \"Växa\"");
        bool saw_none = false;
        for (const auto& r : p.rows)
            if (r.id == "6:-") saw_none = (r.name == "(utan objekt)");
        CHECK(saw_none);
        // Without a dimension the accounts sit under the root; the bank is excluded.
        o.dimension = 0;
        const sie::MappedLedger n = sie::map_ledger(f, o);
        REQUIRE(n.rows.size() == 4);
        CHECK(n.rows[1].id == "3010");
        CHECK(n.rows[3].outcome[2] == D("50000.00"));
        CHECK(n.notes.size() == 2);
        // A dimension the file does not have; a year it does not have.
        o.dimension = 9;
        CHECK(kalkyl::test::error_of([&] { (void)sie::map_ledger(f, o); }) == Errc::invalid);
        o.dimension = 1;
        o.year = -3;
        CHECK(kalkyl::test::error_of([&] { (void)sie::map_ledger(f, o); }) == Errc::invalid);
    }

    TEST_CASE("#PSALDO and summed #TRANS give the same outcome; a remainder without object") {
        // Type 3: period balances per ansvar and as totals; a total larger than
        // its objects leaves a remainder for the row without object.
        W w;
        w.head(3, 2024, "Kultur");
        w.rec("#DIM", {W::p("1"), W::q("Ansvar")});
        w.rec("#PSALDO", {W::p("0"), W::p("202401"), W::p("4010"), W::list({}), W::p("300.00")});
        w.rec("#PSALDO",
              {W::p("0"), W::p("202401"), W::p("4010"), W::list({"1", "10"}), W::p("120.00")});
        w.rec("#PSALDO",
              {W::p("0"), W::p("202401"), W::p("4010"), W::list({"1", "20"}), W::p("80.00")});
        w.rec("#PSALDO", {W::p("0"), W::p("202402"), W::p("3100"), W::list({}), W::p("-50")});
        const sie::File f = sie::read_bytes(w.bytes());
        sie::MappingOptions o;
        o.dimension = 1;
        const auto m = sie::map_ledger(f, o);
        CHECK(m.outcome_source == sie::OutcomeSource::psaldo);
        CHECK(m.last_outcome_month == 2);
        Decimal none_4010;
        Decimal none_3100;
        for (const auto& r : m.rows) {
            if (r.id == "1:-/4010") none_4010 = r.outcome[0];
            if (r.id == "1:-/3100") none_3100 = r.outcome[1];
        }
        CHECK(none_4010 == D("100.00"));
        CHECK(none_3100 == D("50"));
        o.dimension = 0;
        const auto t = sie::map_ledger(f, o);
        REQUIRE(t.rows.size() == 3);
        CHECK(t.rows[2].outcome[0] == D("300.00"));  // totals only: no double counting

        // The socialnämnd file has both: #TRANS and #PSALDO of year 0 agree.
        W w2;
        w2.head(4, 2024, "K");
        w2.rec("#PSALDO", {W::p("0"), W::p("202402"), W::p("4010"), W::list({}), W::p("30.25")});
        w2.rec("#VER", {W::p("A"), W::p("1"), W::p("20240210")});
        w2.raw("{");
        w2.rec("#TRANS", {W::p("4010"), W::list({}), W::p("10.25")});
        w2.rec("#TRANS", {W::p("4010"), W::list({}), W::p("20.00"), W::p("20240229")});
        w2.rec("#TRANS", {W::p("1930"), W::list({}), W::p("-30.25")});
        w2.raw("}");
        const sie::File f2 = sie::read_bytes(w2.bytes());
        sie::MappingOptions a;
        a.outcome = sie::OutcomeSource::psaldo;
        const auto by_psaldo = sie::map_ledger(f2, a);
        a.outcome = sie::OutcomeSource::transactions;
        const auto by_trans = sie::map_ledger(f2, a);
        CHECK(by_psaldo.rows[1].outcome == by_trans.rows[1].outcome);
        CHECK(by_trans.rows[1].outcome[1] == D("30.25"));
    }

    TEST_CASE("a fiscal year from July: months count from the year's first month") {
        W w;
        w.rec("#FLAGGA", {W::p("0")});
        w.rec("#SIETYP", {W::p("2")});
        w.rec("#RAR", {W::p("0"), W::p("20240701"), W::p("20250630")});
        w.rec("#PSALDO", {W::p("0"), W::p("202407"), W::p("5010"), W::list({}), W::p("1")});
        w.rec("#PSALDO", {W::p("0"), W::p("202501"), W::p("5010"), W::list({}), W::p("7")});
        const auto m = sie::map_ledger(sie::read_bytes(w.bytes()), {});
        CHECK(m.rows[1].outcome[0] == D("1"));
        CHECK(m.rows[1].outcome[6] == D("7"));
        CHECK(m.last_outcome_month == 7);
        CHECK(m.rows[0].name == "Resultaträkning");
        W longer;
        longer.rec("#RAR", {W::p("0"), W::p("20240101"), W::p("20250630")});
        CHECK(kalkyl::test::error_of([&] {
                  (void)sie::map_ledger(sie::read_bytes(longer.bytes()), {});
              }) == Errc::invalid);
    }

    TEST_CASE("a mapping file overrides the chart: ranges, groups, exclusions") {
        const auto rules = sie::parse_mapping(
            "\xEF\xBB\xBF# konto_från;konto_till;typ;rad;radnamn\n"  // a BOM, then a comment
            "\n"
            "3010;3019; intäkt ;AVG;Avgifter\r\n"
            "4000;4999;kostnad;MTRL;Material\n"
            "5000;5999;Exkludera\n"
            "8400;8499;cost\n");
        REQUIRE(rules.size() == 4);
        CHECK(rules[0].use == sie::AccountUse::revenue);
        CHECK(rules[0].row_id == "AVG");
        CHECK(rules[2].use == sie::AccountUse::exclude);
        const sie::File f = sie::read_bytes(socialnamnden());
        sie::MappingOptions o;
        o.rules = rules;
        const auto m = sie::map_ledger(f, o);
        REQUIRE(m.rows.size() == 3);
        CHECK(m.rows[1].id == "AVG");
        CHECK(m.rows[1].name == "Avgifter");
        CHECK(m.rows[1].kind == RowKind::revenue);
        CHECK(m.rows[1].outcome[0] == D("8000.50"));
        CHECK(m.rows[2].id == "MTRL");
        CHECK(m.rows[2].outcome[1] == D("1234.56"));
        // An account range limits the ledger to the accounts inside.
        sie::MappingOptions r;
        r.ranges = {{"5000", "5999"}};
        const auto only = sie::map_ledger(f, r);
        REQUIRE(only.rows.size() == 2);
        CHECK(only.rows[1].id == "5010");

        CHECK(sie::default_use(sie::Chart::bas, "3041") == sie::AccountUse::revenue);
        CHECK(sie::default_use(sie::Chart::kommun_bas, "7010") == sie::AccountUse::cost);
        CHECK(sie::default_use(sie::Chart::kommun_bas, "8010") == sie::AccountUse::exclude);
        CHECK(sie::default_use(sie::Chart::bas, "2440") == sie::AccountUse::exclude);

        auto e =
            sie_error_of([] { (void)sie::parse_mapping("3000;3999;intäkt\n4000;49x9;kostnad\n"); });
        CHECK(e.line() == 2);
        CHECK(e.column() == 6);
        e = sie_error_of([] { (void)sie::parse_mapping("3000;3999;ibland"); });
        CHECK(e.column() == 11);
        e = sie_error_of([] { (void)sie::parse_mapping("3999;3000;intäkt"); });
        CHECK(e.reason() == "the range ends before it starts");
        CHECK(sie_error_of([] { (void)sie::parse_mapping("3000;3999"); }).line() == 1);
    }

    TEST_CASE("write_budget: a CP437 #PBUDGET file that reads back the same, #KSUMMA verified") {
        kalkyl::MonthlyAmounts monthly{};
        for (std::size_t k = 0; k < 12; ++k)
            monthly[k] = D("1000.50") + Decimal(static_cast<std::int64_t>(k), 0);
        std::vector<sie::BudgetLine> lines =
            sie::budget_lines("5010", {}, 202401, RowKind::cost, monthly);
        const std::vector<sie::ObjectRef> ansvar{{1, "100"}};
        const auto rev = sie::budget_lines("3010", ansvar, 202401, RowKind::revenue, monthly);
        lines.insert(lines.end(), rev.begin(), rev.end());
        sie::BudgetFileHeader h;
        h.generated = "20241015";
        h.company = "Socialnämnden Åby kommun";
        h.year = {0, 20240101, 20241231};
        h.dimensions = {{1, "Ansvar", 0}};
        h.objects = {{1, "100", "Äldreomsorg \"Ö\""}};
        h.accounts = {{"5010", "Löner", 'K'}};
        std::ostringstream out;
        sie::write_budget(out, h, lines);
        const std::string bytes = out.str();
        CHECK(bytes.rfind("#FLAGGA 0\r\n#KSUMMA\r\n#PROGRAM \"kalkyl\" 1\r\n#FORMAT PC8\r\n", 0) ==
              0);
        CHECK(bytes.find("#OBJEKT 1 \"100\" \"\x8E"
                         "ldreomsorg \\\"\x99\\\"\"\r\n") != std::string::npos);
        CHECK(bytes.find("#SIETYP 3\r\n") != std::string::npos);
        CHECK(bytes.find("#FNAMN \"Socialn\x84mnden \x8F"
                         "by kommun\"\r\n") != std::string::npos);
        CHECK(bytes.find("#PBUDGET 0 202403 3010 {1 \"100\"} -1002.50\r\n") != std::string::npos);
        CHECK(bytes.find("#PBUDGET 0 202412 5010 {} 1011.50\r\n") != std::string::npos);

        const sie::File f = sie::read_bytes(bytes);
        CHECK(f.complete());
        CHECK(f.summary.checksum == sie::ChecksumState::verified);
        CHECK(f.summary.encoding == sie::Encoding::cp437);
        CHECK(f.company == h.company);
        CHECK(f.object(1, "100")->name == "Äldreomsorg \"Ö\"");
        REQUIRE(f.periods.size() == 24);
        for (std::size_t i = 0; i < 24; ++i) {
            CHECK(f.periods[i].kind == sie::PeriodKind::pbudget);
            CHECK(f.periods[i].period == lines[i].period);
            CHECK(f.periods[i].amount == lines[i].amount);
            CHECK(f.periods[i].objects == lines[i].objects);
        }
        // The test writer's own CRC agrees with the library's: rebuild the same
        // records with it and compare the closing #KSUMMA.
        const auto tail = bytes.substr(bytes.rfind("#KSUMMA "));
        CHECK(tail == "#KSUMMA " + std::to_string(f.summary.checksum_computed) + "\r\n");

        // Mapped back, the budget is the natural sign again.
        sie::MappingOptions o;
        o.dimension = 1;
        const auto m = sie::map_ledger(f, o);
        for (const auto& r : m.rows)
            if (r.id == "1:100/3010") CHECK(r.budget[2] == D("1002.50"));

        // Invalid input writes nothing.
        std::ostringstream none;
        auto bad = lines;
        bad.back().period = 202501;
        CHECK(kalkyl::test::error_of([&] { sie::write_budget(none, h, bad); }) == Errc::invalid);
        h.company = "Kostnad 10 €";
        CHECK(kalkyl::test::error_of([&] { sie::write_budget(none, h, lines); }) == Errc::invalid);
        CHECK(none.str().empty());
    }

    TEST_CASE("the test writer's #KSUMMA is what the reader computes (two CRC implementations)") {
        // socialnamnden() closes with the writer's bitwise CRC; verified means the
        // reader's table CRC over its reading of the same records agrees.
        CHECK(sie::read_bytes(socialnamnden()).summary.checksum == sie::ChecksumState::verified);
        CHECK(
            sie::read_bytes(socialnamnden(SieCharset::cp437, true, 0)).summary.checksum_expected !=
            0);
    }

    TEST_CASE("streaming from an istream across 1 MiB blocks gives what the bytes give") {
        W w;
        w.head(4, 2024, "Stor");
        for (int v = 1; v <= 12000; ++v) {
            const int month = 1 + v % 12;
            const std::string date =
                "2024" + std::string(month < 10 ? "0" : "") + std::to_string(month) + "01";
            w.rec("#VER", {W::p("A"), W::p(std::to_string(v)), W::p(date),
                           W::q("Faktura nr " + std::to_string(v))});
            w.raw("{");
            w.rec("#TRANS",
                  {W::p(std::to_string(4000 + v % 7)), W::list({"1", std::to_string(v % 5)}),
                   W::p(std::to_string(v) + ".25")});
            w.rec("#TRANS", {W::p("2440"), W::list({}), W::p("-" + std::to_string(v) + ".25")});
            w.raw("}");
        }
        const std::string bytes = w.bytes();
        REQUIRE(bytes.size() > (std::size_t{1} << 20));
        const sie::File a = sie::read_bytes(bytes);
        std::istringstream in(bytes);
        std::uint64_t last_progress = 0;
        sie::ReadOptions ro;
        ro.progress = [&](std::uint64_t b) { last_progress = b; };
        const sie::File b = sie::read(in, ro);
        CHECK(a.complete());
        CHECK(b.complete());
        CHECK(b.summary.bytes == bytes.size());
        CHECK(last_progress == bytes.size());
        CHECK(a.transaction_count == 24000);
        CHECK(b.transaction_count == 24000);
        REQUIRE(a.transactions.size() == b.transactions.size());
        Decimal total;
        for (std::size_t i = 0; i < a.transactions.size(); ++i) {
            CHECK(a.transactions[i].amount == b.transactions[i].amount);
            total += a.transactions[i].amount;
        }
        CHECK(total.is_zero());
        // The visitor can stop the stream.
        std::uint64_t seen = 0;
        std::istringstream in2(bytes);
        const auto s = sie::stream(in2, {}, [&](const sie::Record&) { return ++seen < 100; });
        CHECK(s.stopped);
        CHECK(seen == 100);
    }

}  // TEST_SUITE
