// kalkyl/checks.hpp: consistency checks of a table as it was published.
//
// A published figure is rounded: "−27" in a table in mnkr with no decimals
// stands for some exact value in [−27,5; −26,5]. check() takes the figures as
// printed, each with its printed precision, and the relations that should
// hold between them (rows add to a total; a − b = c; a / b = c; shares add to
// 100; min = point − downside, max = point + upside), and says for each
// relation whether it holds exactly (ok), holds for some exact values the
// printed figures could stand for (rounding), or holds for none of them
// (error). The tolerance is derived from the operands' printed precisions
// through the relation's formula, never a fixed fudge:
//
//   - linear relations (sum, difference, band): the sum of the operands'
//     half-units plus the result's half-unit. Uppsala aug 2024: six rows of
//     whole mnkr and their total give 6·0,5 + 0,5 = 3,5, so rows adding to
//     −28 under a printed −27 are rounding;
//   - ratios: interval arithmetic. With every operand in [v − h, v + h], the
//     quotient k·N/D ranges over [L, U] (exact rationals, the denominator's
//     interval must not contain zero); the printed c stands for [c − h_c,
//     c + h_c]; rounding iff the two intervals meet. Eskilstuna: 42 of 44
//     insatser is 95,45… %, outside 94 ± 0,5: an error.
//
// A half-unit assumes the figure was rounded to nearest (half_up, as Swedish
// reports do); the intervals are closed, so a difference exactly at the
// tolerance counts as rounding. Figures that are not rounded at all (counts of
// insatser, vårddygn, invånare) are declared exact and contribute nothing.
//
// Not for: computing the figures (followup, unitcost) or rounding a table so
// that it foots (footing.hpp). A finding is a value, not an exception: only
// malformed input throws.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "kalkyl/decimal.hpp"

namespace kalkyl {

// A figure as printed in a published table.
struct PrintedFigure {
    std::string name;  // unique within a check, e.g. "Barn- och ungdomsvård / utfall"
    Decimal value;     // in the table's own unit (61 173 in a table "belopp i tkr")
    // Digits printed after the decimal mark (0..27): the figure stands for any
    // value within half a unit of its last digit. Ignored when `exact`.
    int decimals = 0;
    bool exact = false;  // a count or a constant: no rounding to explain

    // A figure printed with as many decimals as its value has ("−23,5" read by
    // text.hpp has scale 1): the usual case.
    static PrintedFigure printed(std::string name, const Decimal& value) {
        return PrintedFigure{std::move(name), value, value.scale(), false};
    }
    // A figure printed with `decimals` digits after the mark.
    static PrintedFigure printed(std::string name, const Decimal& value, int decimals) {
        return PrintedFigure{std::move(name), value, decimals, false};
    }
    // A count (insatser, vårddygn, invånare, brukare): exact as printed.
    static PrintedFigure exact_count(std::string name, const Decimal& value) {
        return PrintedFigure{std::move(name), value, 0, true};
    }
};

// Numbering fixed by the C ABI (kalkyl_relation_kind); never renumber.
enum class RelationKind : int {
    sum = 0,         // rows add up to a total
    difference = 1,  // a − b = c (nettokostnad = kostnader − intäkter; avvikelse = budget − utfall)
    ratio = 2,   // k · numerator / denominator = c (nyckeltal, budgethållning, shares of counts)
    shares = 3,  // percentages of one whole add up to 100 (or another whole)
    band_min = 4,  // min = point − downside (prognosspann)
    band_max = 5,  // max = point + upside
};

const char* relation_kind_name(RelationKind kind) noexcept;

// One operand of a relation: +figure or −figure.
struct Term {
    std::string figure;
    int sign = 1;  // +1 or −1
};

// A relation that the published figures should satisfy. Build one with the
// named constructors; the fields say what check() reads.
struct Relation {
    RelationKind kind = RelationKind::sum;
    std::string
        label;  // how findings name it: "Uppsala aug 2024, periodens utfall: rader mot totalt"
    std::vector<Term> numerator;    // the linear combination (all kinds), or the ratio's numerator
    std::vector<Term> denominator;  // ratio only: the denominator, a sum of terms
    Decimal multiplier{1, 0};       // ratio only: 100 for a percentage, 1 otherwise; > 0
    std::string result;             // the printed figure that should equal it; empty for shares
    Decimal whole{100, 0};          // shares only: what the shares add up to, exactly

    // Σ rows = total.
    static Relation sum(std::string label, const std::vector<std::string>& rows, std::string total);
    // a − b = c.
    static Relation difference(std::string label, std::string a, std::string b, std::string c);
    // multiplier · a / b = c.
    static Relation ratio(std::string label, std::string a, std::string b, std::string c,
                          const Decimal& multiplier);
    // multiplier · (Σ ±numerator) / (Σ ±denominator) = c: a share of parts
    // (42 / (42 + 2) · 100) or a cost over a difference (KPB: (kostnader − ej
    // brukarkopplade) / brukare).
    static Relation ratio(std::string label, std::vector<Term> numerator,
                          std::vector<Term> denominator, std::string c, const Decimal& multiplier);
    // Σ shares = whole (100 for percentages).
    static Relation shares(std::string label, const std::vector<std::string>& shares,
                           const Decimal& whole);
    // min = point − downside.
    static Relation band_min(std::string label, std::string point, std::string downside,
                             std::string min);
    // max = point + upside.
    static Relation band_max(std::string label, std::string point, std::string upside,
                             std::string max);
};

// Numbering fixed by the C ABI (kalkyl_severity); never renumber.
enum class Severity : int {
    ok = 0,        // the printed result is what the formula gives on the printed operands
    rounding = 1,  // it is not, but the operands' printed precision explains the difference
    error = 2,     // no exact values behind the printed figures satisfy the relation
};

const char* severity_name(Severity severity) noexcept;

// What check() found for one relation.
//
// expected: the formula on the printed operands. Exact for linear relations
// (and for shares: the whole). For a ratio, the exact quotient rounded
// half_even to two decimals more than the result is printed with.
// printed: the printed result (for shares: the printed shares' sum).
// difference: printed − expected.
// tolerance: how far apart they may be for rounding to explain it. Linear:
// the sum of half-units. Ratio: the distance from the exact quotient to the
// end of its interval [L, U] on the printed figure's side, plus the result's
// half-unit, rounded up (away from zero) at the same scale as `expected`.
// severity: ok when the printed result equals the expected value correctly
// rounded (half_up) to the result's printed precision; otherwise rounding
// when |difference| ≤ tolerance; otherwise error. For ratios the severity is
// decided on exact rationals, never on the rounded report figures.
struct Finding {
    std::string label;
    RelationKind kind;
    Decimal expected;
    Decimal printed;
    Decimal difference;
    Decimal tolerance;
    Severity severity;
};

// Checks every relation against the figures; one finding per relation, in
// the relations' order.
//
// Throws Error(invalid) — and returns no findings at all — for: two figures
// with one name; a figure's decimals outside 0..27; a relation naming a figure
// that does not exist (the message names the relation and the figure); a
// relation without operands, a term sign other than ±1, a result missing
// where one is needed, a ratio without a denominator or with a multiplier
// that is not positive. Throws Error(division_by_zero) for a ratio whose
// printed denominator could be zero within its rounding.
std::vector<Finding> check(const std::vector<PrintedFigure>& figures,
                           const std::vector<Relation>& relations);

}  // namespace kalkyl
