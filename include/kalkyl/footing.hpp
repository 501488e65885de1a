// kalkyl/footing.hpp: rounding a whole table for print so that it foots.
//
// Published tables are rounded cell by cell, and then they do not add up:
// Uppsala's delårsbokslut augusti 2024 prints rows that add to −28 mnkr under
// a total of −27 (DOMAIN.md). foot() takes the exact table (rows, the total
// row, and derived columns such as avvikelse = budget − utfall) and returns
// the figures to print at a unit and a number of decimals such that
//
//   - the printed rows add up to the printed total in every column,
//   - every derived column equals its formula on the printed figures
//     (row by row and in the total row),
//   - every printed figure is within one display unit of its correctly
//     rounded value,
//
// adjusting as few figures as possible, and saying which.
//
// How: every figure is first rounded correctly (by the named mode, usually
// half_up). The totals keep their correctly rounded values: they are the
// headline figures. In each base column the rows then miss the total by D
// display units, and |D| rows are moved by one unit toward the total: those
// whose rounding remainders are closest to a half in that direction (the
// largest-remainder rule of allocate.hpp, applied to display rounding). No
// solution moves fewer figures, since moving a figure by one unit changes its
// column's sum by one unit. A move that would put a derived figure two units
// from its own correctly rounded value is skipped in favour of the next
// candidate (for a two-term derived column that only happens when both of its
// operands would move in the same row in opposite directions). Derived
// figures are never moved themselves: they are computed from the printed
// base figures, so they foot and keep their formula by construction.
// Deterministic tie rule: equal remainders go to the larger exact magnitude,
// then the lower row.
//
// Not for: ratios and percentages (a ratio column does not foot; compute it
// from the printed figures or check it with checks.hpp), or splitting one
// amount by weights (allocate.hpp).
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "kalkyl/decimal.hpp"
#include "kalkyl/text.hpp"  // kalkyl::Unit

namespace kalkyl {

// One term of a derived column: +column or −column.
struct ColumnTerm {
    std::string column;  // a base column's name
    int sign = 1;        // +1 or −1
};

// A column computed from the base columns, such as avvikelse = budget − utfall
// (DOMAIN.md: for a cost row the variance is budget − outcome).
struct DerivedColumn {
    std::string name;
    std::vector<ColumnTerm> terms;

    // name = a − b, the usual variance column.
    static DerivedColumn difference(std::string name, std::string a, std::string b) {
        return DerivedColumn{std::move(name), {{std::move(a), 1}, {std::move(b), -1}}};
    }
};

// The exact table to print. Values are in kronor (any scale); the rows are
// row-major: cells[row * columns.size() + column].
struct ExactTable {
    std::vector<std::string> columns;  // the base columns' names, unique
    std::size_t rows = 0;
    std::vector<Decimal> cells;          // rows × columns.size()
    std::vector<Decimal> totals;         // the total row: must be the exact sum of the rows
    std::vector<DerivedColumn> derived;  // computed from base columns, not given
};

// How the table is printed: in kr, tkr or mnkr with `decimals` digits after
// the mark, each figure correctly rounded by `rounding` before footing
// (half_up in Swedish reports). There is no default: name all three.
struct DisplayPrecision {
    Unit unit;
    int decimals;
    Rounding rounding;
};

// A printed figure that differs from its correctly rounded value. Base
// figures differ by exactly one display unit; a derived figure can differ by
// at most one because of the moves in its operands.
struct AdjustedCell {
    std::size_t row;     // 0..rows-1, or `rows` for the total row
    std::size_t column;  // base columns first, then derived columns in order
    Decimal rounded;     // correctly rounded, in the display unit
    Decimal printed;     // what the table prints, in the display unit
};

// The figures to print, in the display unit at exactly `decimals` decimals
// (−27 for −27 mnkr). Columns: the base columns, then the derived ones.
struct FootedTable {
    std::vector<std::string> columns;
    std::size_t rows = 0;
    std::vector<Decimal> cells;          // rows × columns.size(), row-major
    std::vector<Decimal> totals;         // columns.size()
    std::vector<AdjustedCell> adjusted;  // ordered by row (totals last), then column

    const Decimal& at(std::size_t row, std::size_t column) const {
        return cells[row * columns.size() + column];
    }
};

// Rounds `table` for print as the header comment describes.
//
// Throws Error(invalid) for: no base columns; duplicate column names; cells or
// totals of the wrong size; a total that is not the exact sum of its column's
// rows (the message names the column and both values); a derived column with
// no terms, a sign other than ±1, or a term naming a column that does not
// exist; decimals outside 0..28 or a unit or rounding mode out of range; and a
// table in which no choice of moves keeps every derived figure within one
// display unit of its correctly rounded value (print another decimal). The
// last can happen with derived columns of three or more terms, whose
// roundings add up (four terms of 0,5 print 4 against an exact 2), or under a
// directed rounding mode (floor, up, ...); with two-term derived columns such
// as variances rounded half_up the property tests, including adversarial ones
// with remainders at a half, have never met such a table, but foot() checks
// every figure rather than assume it. Error(scale) when a value
// has more than 28 decimals in the display unit. Nothing is returned
// half-done: on Error there is no result.
FootedTable foot(const ExactTable& table, const DisplayPrecision& precision);

}  // namespace kalkyl
