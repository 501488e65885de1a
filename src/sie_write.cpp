// src/sie_write.cpp: a periodised budget as an SIE 4 file of #PBUDGET
// records (include/kalkyl/sie.hpp, write_budget), in CP437 with CR LF line
// ends, and #KSUMMA computed by the same rule the reader checks
// (src/sie_read.cpp, docs/sie.md).
#include <ostream>
#include <set>
#include <sstream>
#include <string>

#include "kalkyl/sie.hpp"
#include "sie_internal.hpp"

namespace kalkyl::sie {

std::vector<BudgetLine> budget_lines(std::string_view account, std::span<const ObjectRef> objects,
                                     int first_period, RowKind kind,
                                     const MonthlyAmounts& monthly) {
    if (first_period / 100 < 1000 || first_period % 100 < 1 || first_period % 100 > 12)
        throw Error(Errc::invalid, "period " + std::to_string(first_period) + " is not YYYYMM");
    if (kind == RowKind::net)
        throw Error(Errc::invalid, "a budget line is an account's: revenue or cost, not net");
    std::vector<BudgetLine> lines;
    int y = first_period / 100;
    int m = first_period % 100;
    for (std::size_t k = 0; k < monthly.size(); ++k) {
        BudgetLine l;
        l.account = std::string(account);
        l.objects.assign(objects.begin(), objects.end());
        l.period = y * 100 + m;
        // SIE signs a revenue negative (credit), followup.hpp positive.
        l.amount = kind == RowKind::revenue ? -monthly[k] : monthly[k];
        lines.push_back(std::move(l));
        if (++m > 12) {
            m = 1;
            ++y;
        }
    }
    return lines;
}

namespace {

// One record being written: the file's bytes and the checksum's bytes.
class Writer {
  public:
    explicit Writer(bool checksum) : checksum_(checksum) {}

    void label(std::string_view l) {
        if (!line_.empty()) line_ += "\r\n";
        line_ += l;
        crc(l);
    }
    // A field: quoted when it is a name (`text`), or empty, or holds a space,
    // a quote, a brace or a backslash (SIE 4C: a backslash escapes a quote
    // or backslash inside).
    void field(std::string_view utf8, const char* what, bool text = false) {
        std::string cp;
        std::size_t bad = 0;
        if (!utf8_to_cp437(utf8, cp, bad))
            throw Error(Errc::invalid, std::string(what) + " \"" + std::string(utf8) +
                                           "\" has a character CP437 (the SIE character set) "
                                           "cannot hold, at byte " +
                                           std::to_string(bad));
        for (const char c : cp)
            if (static_cast<unsigned char>(c) < 0x20)
                throw Error(Errc::invalid, std::string(what) + " \"" + std::string(utf8) +
                                               "\" holds a control character");
        const bool quote = text || cp.empty() || cp.find_first_of(" \t\"{}\\") != std::string::npos;
        line_ += ' ';
        if (quote) {
            line_ += '"';
            for (const char c : cp) {
                if (c == '"' || c == '\\') line_ += '\\';
                line_ += c;
            }
            line_ += '"';
        } else {
            line_ += cp;
        }
        crc(cp);
    }
    void objects(const std::vector<ObjectRef>& objs) {
        line_ += " {";
        bool first = true;
        for (const auto& o : objs) {
            if (!first) line_ += ' ';
            first = false;
            const std::string dim = std::to_string(o.dimension);
            line_ += dim;
            crc(dim);
            std::string cp;
            std::size_t bad = 0;
            if (!utf8_to_cp437(o.id, cp, bad))
                throw Error(Errc::invalid, "object \"" + o.id + "\" cannot be written in CP437");
            line_ += " \"";
            for (const char c : cp) {
                if (c == '"' || c == '\\') line_ += '\\';
                line_ += c;
            }
            line_ += '"';
            crc(cp);
        }
        line_ += '}';
    }
    void start_checksum() { crc_ = 0xFFFFFFFFu; }
    std::uint32_t checksum() const { return crc_ ^ 0xFFFFFFFFu; }
    std::string finish() { return std::move(line_) + "\r\n"; }
    bool checksumming = false;

  private:
    void crc(std::string_view bytes) {
        if (checksum_ && checksumming) crc_ = detail::crc32_update(crc_, bytes);
    }
    bool checksum_;
    std::string line_;
    std::uint32_t crc_ = 0xFFFFFFFFu;
};

void check_date(int d, const char* what) {
    if (d < 10000101 || d > 99991231 || d / 100 % 100 < 1 || d / 100 % 100 > 12 || d % 100 < 1 ||
        d % 100 > 31)
        throw Error(Errc::invalid,
                    std::string(what) + " " + std::to_string(d) + " is not YYYYMMDD");
}

}  // namespace

void write_budget(std::ostream& out, const BudgetFileHeader& header,
                  std::span<const BudgetLine> lines) {
    if (header.company.empty())
        throw Error(Errc::invalid, "the budget file needs a company name (#FNAMN)");
    if (header.generated.size() != 8 ||
        header.generated.find_first_not_of("0123456789") != std::string::npos)
        throw Error(Errc::invalid,
                    "#GEN needs the date as YYYYMMDD, got \"" + header.generated + "\"");
    check_date(std::stoi(header.generated), "#GEN date");
    check_date(header.year.start, "fiscal year start");
    check_date(header.year.end, "fiscal year end");
    if (header.year.end < header.year.start)
        throw Error(Errc::invalid, "the fiscal year ends before it starts");
    const int first = header.year.start / 100;
    const int last = header.year.end / 100;
    bool with_objects = false;
    for (const auto& l : lines) {
        if (l.period < first || l.period > last || l.period % 100 < 1 || l.period % 100 > 12)
            throw Error(Errc::invalid,
                        "account " + l.account + ": period " + std::to_string(l.period) +
                            " is outside the fiscal year " + std::to_string(header.year.start) +
                            "–" + std::to_string(header.year.end));
        if (l.account.empty() || l.account.find_first_not_of("0123456789") != std::string::npos)
            throw Error(Errc::invalid, "account \"" + l.account + "\" is not digits");
        if (!l.objects.empty()) with_objects = true;
        for (const auto& o : l.objects)
            if (o.dimension < 1)
                throw Error(Errc::invalid, "account " + l.account + ": dimension " +
                                               std::to_string(o.dimension) + " is not positive");
    }

    // Everything is built in memory first: nothing reaches `out` unless the
    // whole file is valid.
    Writer w(header.checksum);
    w.label("#FLAGGA");
    w.field("0", "flag");
    if (header.checksum) {
        w.label("#KSUMMA");
        w.checksumming = true;
        w.start_checksum();
    }
    w.label("#PROGRAM");
    w.field(header.program, "program", true);
    w.field(header.program_version.empty() ? "1" : header.program_version, "program version");
    w.label("#FORMAT");
    w.field("PC8", "format");
    w.label("#GEN");
    w.field(header.generated, "#GEN date");
    w.label("#SIETYP");
    w.field(with_objects ? "3" : "2", "SIE type");
    w.label("#FNAMN");
    w.field(header.company, "company name", true);
    if (!header.org_number.empty()) {
        w.label("#ORGNR");
        w.field(header.org_number, "organisation number");
    }
    w.label("#RAR");
    w.field("0", "year");
    w.field(std::to_string(header.year.start), "start");
    w.field(std::to_string(header.year.end), "end");
    for (const auto& d : header.dimensions) {
        w.label(d.parent != 0 ? "#UNDERDIM" : "#DIM");
        w.field(std::to_string(d.number), "dimension");
        w.field(d.name, "dimension name", true);
        if (d.parent != 0) w.field(std::to_string(d.parent), "superior dimension");
    }
    for (const auto& o : header.objects) {
        w.label("#OBJEKT");
        w.field(std::to_string(o.dimension), "dimension");
        w.field(o.id, "object", true);
        w.field(o.name, "object name", true);
    }
    for (const auto& a : header.accounts) {
        w.label("#KONTO");
        w.field(a.number, "account");
        w.field(a.name, "account name", true);
        if (a.type != 0) {
            w.label("#KTYP");
            w.field(a.number, "account");
            w.field(std::string(1, a.type), "account type");
        }
    }
    for (const auto& l : lines) {
        w.label("#PBUDGET");
        w.field("0", "year");
        w.field(std::to_string(l.period), "period");
        w.field(l.account, "account");
        w.objects(l.objects);
        w.field(l.amount.to_string(), "amount");
        if (l.quantity) w.field(l.quantity->to_string(), "quantity");
    }
    if (header.checksum) {
        const std::uint32_t sum = w.checksum();
        w.checksumming = false;
        w.label("#KSUMMA");
        w.field(std::to_string(sum), "checksum");
    }
    const std::string bytes = w.finish();
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw Error(Errc::invalid, "writing the SIE budget file failed");
}

}  // namespace kalkyl::sie
