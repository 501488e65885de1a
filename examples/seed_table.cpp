// seed_table: reads one published table (semicolon CSV, sv-SE numbers),
// parses every amount exactly, recomputes the total row and the variance
// columns, and prints the table in tkr and in mnkr with what it found.
//
// Usage: seed_table [FILE.csv]   (default: the Huddinge table in examples/data)
//
// The file's last row is the published total. Columns whose header starts
// with "Avvikelse" are checked against budget − outcome of the two columns
// before them: for the cost rows of this table a positive variance is good
// for the result (DOMAIN.md: avvikelse = budget − utfall).

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "kalkyl/kalkyl.hpp"

namespace {

std::vector<std::string> split(const std::string& line, char sep) {
    std::vector<std::string> out;
    std::string field;
    std::istringstream in(line);
    while (std::getline(in, field, sep))
        out.push_back(field);
    return out;
}

struct Table {
    std::vector<std::string> header;
    std::vector<std::string> names;
    std::vector<std::vector<kalkyl::Decimal>> rows;  // the last is the published total
};

Table read_table(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    Table t;
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.empty() || line[0] == '#') continue;
        const auto fields = split(line, ';');
        if (t.header.empty()) {
            t.header = fields;
            continue;
        }
        if (fields.size() != t.header.size())
            throw std::runtime_error(path + ":" + std::to_string(number) + ": expected " +
                                     std::to_string(t.header.size()) + " fields, found " +
                                     std::to_string(fields.size()));
        t.names.push_back(fields[0]);
        std::vector<kalkyl::Decimal> row;
        for (std::size_t c = 1; c < fields.size(); ++c) {
            try {
                row.push_back(kalkyl::parse(fields[c], kalkyl::Locale::sv_SE));
            } catch (const kalkyl::Error& e) {
                throw std::runtime_error(path + ":" + std::to_string(number) + ", column " +
                                         std::to_string(c + 1) + ": " + e.what());
            }
        }
        t.rows.push_back(std::move(row));
    }
    if (t.rows.size() < 2)
        throw std::runtime_error(path + ": needs at least one row and a total row");
    return t;
}

// Pads a UTF-8 string to `width` characters (not bytes).
std::string pad(const std::string& s, std::size_t width, bool right) {
    std::size_t chars = 0;
    for (unsigned char ch : s)
        if ((ch & 0xC0) != 0x80) ++chars;
    const std::string fill(chars < width ? width - chars : 0, ' ');
    return right ? fill + s : s + fill;
}

}  // namespace

int main(int argc, char** argv) {
    const std::string path =
        argc > 1 ? argv[1] : KALKYL_EXAMPLES_DATA "/huddinge_2021_08_verksamheter.csv";
    try {
        const Table t = read_table(path);
        const std::size_t columns = t.header.size() - 1;
        const std::size_t body = t.rows.size() - 1;
        const auto& published = t.rows.back();

        std::vector<kalkyl::Decimal> computed(columns);
        for (std::size_t c = 0; c < columns; ++c) {
            std::vector<kalkyl::Decimal> column;
            for (std::size_t r = 0; r < body; ++r)
                column.push_back(t.rows[r][c]);
            computed[c] = kalkyl::sum(column);
        }

        kalkyl::FormatSpec tkr;  // as printed: whole tkr, no-break space groups
        kalkyl::FormatSpec mnkr;
        mnkr.unit = kalkyl::Unit::mnkr;
        mnkr.decimals = 1;
        mnkr.rounding = kalkyl::Rounding::half_up;  // the Swedish practice, named
        // The input is in tkr: to print mnkr, divide by 10^3 (exact).
        const kalkyl::Decimal thousand(1000, 0);

        std::printf("%s\n\n", path.c_str());
        for (const auto* spec : {&tkr, &mnkr}) {
            std::printf("%s\n", spec == &tkr ? "Belopp i tkr"
                                             : "Belopp i mnkr (en decimal, avrundat half_up)");
            std::string line = pad(t.header[0], 36, false);
            for (std::size_t c = 1; c < t.header.size(); ++c)
                line += pad(std::to_string(c), 10, true);
            std::printf("%s\n", line.c_str());
            auto print_row = [&](const std::string& name, const std::vector<kalkyl::Decimal>& row) {
                std::string out = pad(name, 36, false);
                for (const auto& v : row)
                    out += pad(kalkyl::format(spec == &tkr ? v : v * thousand, *spec), 10, true);
                std::printf("%s\n", out.c_str());
            };
            for (std::size_t r = 0; r < body; ++r)
                print_row(t.names[r], t.rows[r]);
            print_row(t.names.back() + " (tryckt)", published);
            print_row("Summa enligt kalkyl", computed);
            std::printf("\n");
        }
        std::printf("Kolumner:\n");
        for (std::size_t c = 1; c < t.header.size(); ++c)
            std::printf("  %2zu  %s\n", c, t.header[c].c_str());

        std::printf("\nKontroll:\n");
        int differences = 0;
        for (std::size_t c = 0; c < columns; ++c) {
            if (computed[c] != published[c]) {
                ++differences;
                std::printf("  kolumn %zu (%s): raderna summerar till %s, tryckt summa %s\n", c + 1,
                            t.header[c + 1].c_str(), kalkyl::format(computed[c], tkr).c_str(),
                            kalkyl::format(published[c], tkr).c_str());
            }
        }
        for (std::size_t c = 2; c < columns; ++c) {
            if (t.header[c + 1].rfind("Avvikelse", 0) != 0) continue;
            for (std::size_t r = 0; r < t.rows.size(); ++r) {
                const kalkyl::Decimal expected = t.rows[r][c - 2] - t.rows[r][c - 1];
                if (expected != t.rows[r][c]) {
                    ++differences;
                    std::printf("  %s, kolumn %zu: %s − %s = %s, tryckt %s\n", t.names[r].c_str(),
                                c + 1, kalkyl::format(t.rows[r][c - 2], tkr).c_str(),
                                kalkyl::format(t.rows[r][c - 1], tkr).c_str(),
                                kalkyl::format(expected, tkr).c_str(),
                                kalkyl::format(t.rows[r][c], tkr).c_str());
                }
            }
        }
        if (differences == 0) std::printf("  alla summor och avvikelser stämmer exakt\n");
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "seed_table: %s\n", e.what());
        return 1;
    }
}
