// driftredovisning: Huddinge socialnämnd's "Driftredovisning, tkr" from the
// delårsrapport per 31 augusti 2021, recomputed with kalkyl's C++ API and
// compared with every printed figure.
//
//   driftredovisning examples/data/huddinge_2021_08_driftredovisning.csv
//
// The table has one revenue row (Verksamhetens intäkter), five cost rows, their
// sum (Verksamhetens kostnader) and Årets resultat, the net cost. Columns: budget
// and forecast for the year with their variance, budget and outcome January to
// August with their variance, and last year's outcome January to August.
//
// What the program recomputes from the printed figures, exactly (no rounding:
// every figure is a sum or a difference of printed whole tkr):
//   Verksamhetens kostnader = the sum of the five cost rows, in every column;
//   Årets resultat          = kostnader − intäkter (nettokostnad);
//   Avvikelse               = budget − forecast (or outcome) on cost rows and on
//                             the net cost, forecast − budget on the revenue row:
//                             positive is always good for the result.
// The report added and subtracted amounts in kronor and rounded each printed
// figure to whole tkr on its own, so every printed figure is off by up to
// 0,5 tkr, and a relation between printed figures holds only within half a
// unit per figure in it: (5 + 1) × 0,5 = 3 tkr for the sum of five rows,
// (2 + 1) × 0,5 = 1,5 tkr for a difference (kalkyl check derives its
// tolerances the same way). Huddinge's outcome January to August is such a
// case: the rows add up to 313 351, the report prints 313 349; budget minus
// outcome is 1 250, printed 1 251. Beyond the tolerance a figure is wrong.
// The program prints the recomputed table (marking rounding with ~ and
// errors with *) and exits with 1 when a figure is wrong, 2 when the file
// cannot be read.

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <kalkyl/kalkyl.hpp>

namespace {

using kalkyl::Decimal;

struct Table {
    std::vector<std::string> header;  // the first is the row names' column
    std::vector<std::string> names;
    std::vector<std::vector<Decimal>> cells;
};

// Reads the semicolon-separated table; '#' lines are comments and '!' lines
// are relations for `kalkyl check`. A bad amount is reported with its line
// and column, as kalkyl::parse's message says what is wrong with it.
Table read_table(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open " + path);
    Table t;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (line.empty() || line[0] == '#' || line[0] == '!') continue;
        std::vector<std::string> fields;
        std::istringstream split(line);
        for (std::string field; std::getline(split, field, ';');)
            fields.push_back(field);
        if (t.header.empty()) {
            t.header = fields;
            continue;
        }
        if (fields.size() != t.header.size())
            throw std::runtime_error(path + ":" + std::to_string(number) + ": " +
                                     std::to_string(fields.size()) + " fields, the header has " +
                                     std::to_string(t.header.size()));
        t.names.push_back(fields[0]);
        std::vector<Decimal> row;
        for (std::size_t c = 1; c < fields.size(); ++c) {
            try {
                row.push_back(kalkyl::parse(fields[c], kalkyl::Locale::sv_SE));
            } catch (const kalkyl::Error& e) {
                throw std::runtime_error(path + ":" + std::to_string(number) + ", column " +
                                         std::to_string(c + 1) + ": " + e.what());
            }
        }
        t.cells.push_back(std::move(row));
    }
    return t;
}

std::size_t row_of(const Table& t, const std::string& name) {
    for (std::size_t r = 0; r < t.names.size(); ++r)
        if (t.names[r] == name) return r;
    throw std::runtime_error("no row '" + name + "'");
}

std::size_t column_of(const Table& t, const std::string& name) {
    for (std::size_t c = 1; c < t.header.size(); ++c)
        if (t.header[c] == name) return c - 1;
    throw std::runtime_error("no column '" + name + "'");
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: driftredovisning huddinge_2021_08_driftredovisning.csv\n");
        return 2;
    }
    try {
        const Table printed = read_table(argv[1]);
        const std::size_t revenue = row_of(printed, "Verksamhetens intäkter");
        const std::size_t costs = row_of(printed, "Verksamhetens kostnader");
        const std::size_t result = row_of(printed, "Årets resultat");
        // The cost rows are the rows between the revenues and their sum.
        const std::vector<std::size_t> cost_rows = [&] {
            std::vector<std::size_t> rows;
            for (std::size_t r = revenue + 1; r < costs; ++r)
                rows.push_back(r);
            return rows;
        }();
        // (minuend, subtrahend, variance) for a cost row; a revenue row swaps
        // the first two so that a positive variance is good for the result.
        const std::size_t variance_columns[2][3] = {
            {column_of(printed, "Budget helår"), column_of(printed, "Prognos helår"),
             column_of(printed, "Avvikelse helår")},
            {column_of(printed, "Budget jan–aug"), column_of(printed, "Utfall jan–aug"),
             column_of(printed, "Avvikelse jan–aug")}};

        Table computed = printed;
        for (std::size_t c = 0; c < computed.header.size() - 1; ++c) {
            std::vector<Decimal> column;
            for (const std::size_t r : cost_rows)
                column.push_back(printed.cells[r][c]);
            computed.cells[costs][c] = kalkyl::sum(column);  // exact, whatever the row count
            computed.cells[result][c] = printed.cells[costs][c] - printed.cells[revenue][c];
        }
        for (const auto& v : variance_columns) {
            for (std::size_t r = 0; r < computed.names.size(); ++r) {
                const auto& row = printed.cells[r];
                computed.cells[r][v[2]] =
                    r == revenue ? row[v[1]] - row[v[0]] : row[v[0]] - row[v[1]];
            }
        }
        // How far a relation between printed figures may miss: half a unit
        // (1 tkr) for each figure in it, the result included.
        const Decimal half_unit(5, 1);
        const Decimal sum_tolerance =
            Decimal(static_cast<std::int64_t>(cost_rows.size() + 1), 0) * half_unit;
        const Decimal difference_tolerance = Decimal(3, 0) * half_unit;

        // Whole tkr as printed; the values are whole already, so no rounding
        // happens, but a FormatSpec that drops digits must name its mode.
        kalkyl::FormatSpec tkr;
        tkr.decimals = 0;
        tkr.rounding = kalkyl::Rounding::half_up;
        tkr.grouping = kalkyl::Grouping::ascii_space;
        int errors = 0, roundings = 0;
        std::printf("%-26s", "Driftredovisning, tkr");
        for (std::size_t c = 1; c < computed.header.size(); ++c)
            std::printf(" %9zu", c);
        std::printf("\n");
        for (std::size_t r = 0; r < computed.names.size(); ++r) {
            std::printf("%-26s", computed.names[r].c_str());
            for (std::size_t c = 0; c < computed.cells[r].size(); ++c) {
                const Decimal difference = computed.cells[r][c] - printed.cells[r][c];
                const bool is_sum =
                    r == costs && c != variance_columns[0][2] && c != variance_columns[1][2];
                char mark = ' ';
                if (!difference.is_zero()) {
                    const bool rounding =
                        difference.abs() <= (is_sum ? sum_tolerance : difference_tolerance);
                    mark = rounding ? '~' : '*';
                    ++(rounding ? roundings : errors);
                }
                std::printf(" %8s%c", kalkyl::format(computed.cells[r][c], tkr).c_str(), mark);
            }
            std::printf("\n");
        }
        for (std::size_t c = 1; c < computed.header.size(); ++c)
            std::printf("%zu %s%s", c, computed.header[c].c_str(),
                        c + 1 < computed.header.size() ? ", " : "\n");
        if (roundings != 0)
            std::printf(
                "%d figures (~) differ from the printed ones by rounding (within %s tkr for "
                "a sum, %s tkr for a difference)\n",
                roundings, kalkyl::format(sum_tolerance, kalkyl::FormatSpec{}).c_str(),
                kalkyl::format(difference_tolerance, kalkyl::FormatSpec{}).c_str());
        if (errors != 0) {
            std::fprintf(
                stderr,
                "driftredovisning: %d figures (*) are wrong in the report, beyond rounding\n",
                errors);
            return 1;
        }
        std::printf("every other figure equals the printed one exactly\n");
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "driftredovisning: %s\n", e.what());
        return 2;
    }
}
