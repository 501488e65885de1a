// Consistency checks (include/kalkyl/checks.hpp): is a published difference
// rounding or a real error?
//
// A figure printed with d decimals stands for the closed interval
// [v − h, v + h] with h = 0,5·10^-d. Linear relations are checked in Decimal,
// exactly: the tolerance is the sum of the half-units (the widest the
// difference can get when every operand is off by its half-unit in the
// unlucky direction). Ratios are checked on exact rationals (Boost's
// cpp_rational): k·N/D over a box of operand intervals is monotone in N and
// in D (D's interval does not contain zero), so its extremes are at the
// corners and the interval [L, U] is exact. Interval arithmetic treats an
// operand that occurs in both N and D (a share 42 / (42 + 2)) as two
// independent operands, which can only widen [L, U]: the check never calls
// an explainable figure an error.

#include "kalkyl/checks.hpp"

#include <algorithm>
#include <boost/multiprecision/cpp_int.hpp>
#include <string>
#include <unordered_map>

#include "detail/decimal_wide.hpp"

namespace kalkyl {

const char* relation_kind_name(RelationKind kind) noexcept {
    switch (kind) {
        case RelationKind::sum:
            return "sum";
        case RelationKind::difference:
            return "difference";
        case RelationKind::ratio:
            return "ratio";
        case RelationKind::shares:
            return "shares";
        case RelationKind::band_min:
            return "band_min";
        case RelationKind::band_max:
            return "band_max";
    }
    return "unknown";
}

const char* severity_name(Severity severity) noexcept {
    switch (severity) {
        case Severity::ok:
            return "ok";
        case Severity::rounding:
            return "rounding";
        case Severity::error:
            return "error";
    }
    return "unknown";
}

namespace {

std::vector<Term> plus_all(const std::vector<std::string>& names) {
    std::vector<Term> t;
    t.reserve(names.size());
    for (const std::string& n : names)
        t.push_back(Term{n, 1});
    return t;
}

}  // namespace

Relation Relation::sum(std::string label, const std::vector<std::string>& rows, std::string total) {
    Relation r;
    r.kind = RelationKind::sum;
    r.label = std::move(label);
    r.numerator = plus_all(rows);
    r.result = std::move(total);
    return r;
}

Relation Relation::difference(std::string label, std::string a, std::string b, std::string c) {
    Relation r;
    r.kind = RelationKind::difference;
    r.label = std::move(label);
    r.numerator = {Term{std::move(a), 1}, Term{std::move(b), -1}};
    r.result = std::move(c);
    return r;
}

Relation Relation::ratio(std::string label, std::string a, std::string b, std::string c,
                         const Decimal& multiplier) {
    return ratio(std::move(label), {Term{std::move(a), 1}}, {Term{std::move(b), 1}}, std::move(c),
                 multiplier);
}

Relation Relation::ratio(std::string label, std::vector<Term> numerator,
                         std::vector<Term> denominator, std::string c, const Decimal& multiplier) {
    Relation r;
    r.kind = RelationKind::ratio;
    r.label = std::move(label);
    r.numerator = std::move(numerator);
    r.denominator = std::move(denominator);
    r.result = std::move(c);
    r.multiplier = multiplier;
    return r;
}

Relation Relation::shares(std::string label, const std::vector<std::string>& shares,
                          const Decimal& whole) {
    Relation r;
    r.kind = RelationKind::shares;
    r.label = std::move(label);
    r.numerator = plus_all(shares);
    r.whole = whole;
    return r;
}

Relation Relation::band_min(std::string label, std::string point, std::string downside,
                            std::string min) {
    Relation r;
    r.kind = RelationKind::band_min;
    r.label = std::move(label);
    r.numerator = {Term{std::move(point), 1}, Term{std::move(downside), -1}};
    r.result = std::move(min);
    return r;
}

Relation Relation::band_max(std::string label, std::string point, std::string upside,
                            std::string max) {
    Relation r;
    r.kind = RelationKind::band_max;
    r.label = std::move(label);
    r.numerator = {Term{std::move(point), 1}, Term{std::move(upside), 1}};
    r.result = std::move(max);
    return r;
}

namespace {

using Wide = detail::Wide;
using Rational = boost::multiprecision::cpp_rational;

[[noreturn]] void refuse(Errc code, const std::string& why) {
    throw Error(code, "check: " + why);
}

std::string quoted(const std::string& s) {
    return "'" + s + "'";
}

// Half a unit of the last printed digit: 0,5·10^-d, or nothing for an exact
// figure. d ≤ 27, so the scale d + 1 fits.
Decimal half_unit(const PrintedFigure& f) {
    return f.exact ? Decimal(0, 0) : Decimal(5, f.decimals + 1);
}

Rational to_rational(const Decimal& d) {
    return Rational(detail::to_wide(d.mantissa()), detail::pow10_wide(d.scale()));
}

// n / d (d > 0) rounded to an integer by `mode`: half_even, half_up or up.
Wide round_quotient(const Wide& n, const Wide& d, Rounding mode) {
    Wide q = n / d;  // toward zero
    const Wide r = n - q * d;
    if (r == 0) return q;
    const bool negative = n < 0;
    const Wide twice = (r < 0 ? Wide(-r) : r) * 2;
    bool away = false;
    switch (mode) {
        case Rounding::up:
            away = true;
            break;
        case Rounding::half_up:
            away = twice >= d;
            break;
        case Rounding::half_even:
            away = twice > d || (twice == d && (q % 2) != 0);
            break;
        default:
            away = twice > d;
            break;  // not used
    }
    if (away) q += negative ? -1 : 1;
    return q;
}

// A rational at exactly `scale` decimals, rounded by `mode`.
Decimal to_decimal(const Rational& x, int scale, Rounding mode) {
    const Wide n = boost::multiprecision::numerator(x) * detail::pow10_wide(scale);
    const Wide q = round_quotient(n, boost::multiprecision::denominator(x), mode);
    return detail::fit(q, scale, "check");
}

bool linear(RelationKind k) {
    return k != RelationKind::ratio;
}

// The printed precision of a figure, as the scale its rounding is judged at.
int precision_of(const PrintedFigure& f) {
    return f.exact ? f.value.scale() : f.decimals;
}

}  // namespace

std::vector<Finding> check(const std::vector<PrintedFigure>& figures,
                           const std::vector<Relation>& relations) {
    // --- the whole input is checked before anything is computed --------------
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < figures.size(); ++i) {
        const PrintedFigure& f = figures[i];
        if (!index.emplace(f.name, i).second)
            refuse(Errc::invalid, "two figures are named " + quoted(f.name));
        if (!f.exact && (f.decimals < 0 || f.decimals > Decimal::max_scale - 1))
            refuse(Errc::invalid, "the figure " + quoted(f.name) + " has " +
                                      std::to_string(f.decimals) +
                                      " printed decimals; kalkyl checks 0..27");
    }
    const auto find = [&](const Relation& r, const std::string& name) -> const PrintedFigure& {
        const auto it = index.find(name);
        if (it == index.end())
            refuse(Errc::invalid, "the relation " + quoted(r.label) + " names the figure " +
                                      quoted(name) + ", which is not in the table");
        return figures[it->second];
    };
    for (const Relation& r : relations) {
        const int k = static_cast<int>(r.kind);
        if (k < 0 || k > static_cast<int>(RelationKind::band_max))
            refuse(Errc::invalid, "the relation " + quoted(r.label) + " has the kind " +
                                      std::to_string(k) + ", which is not a relation kind (0..5)");
        if (r.numerator.empty())
            refuse(Errc::invalid, "the relation " + quoted(r.label) + " has no operands");
        for (const auto* terms : {&r.numerator, &r.denominator})
            for (const Term& t : *terms) {
                if (t.sign != 1 && t.sign != -1)
                    refuse(Errc::invalid, "the relation " + quoted(r.label) + " has the sign " +
                                              std::to_string(t.sign) + " on " + quoted(t.figure) +
                                              "; a term is +figure or −figure");
                (void)find(r, t.figure);
            }
        if (r.kind == RelationKind::shares) {
            if (!r.result.empty())
                refuse(Errc::invalid, "the relation " + quoted(r.label) +
                                          " adds shares up to a constant whole, not to a figure");
        } else {
            if (r.result.empty())
                refuse(Errc::invalid,
                       "the relation " + quoted(r.label) + " does not name its printed result");
            (void)find(r, r.result);
        }
        if (r.kind == RelationKind::ratio) {
            if (r.denominator.empty())
                refuse(Errc::invalid, "the ratio " + quoted(r.label) + " has no denominator");
            if (r.multiplier.signum() <= 0)
                refuse(Errc::invalid, "the ratio " + quoted(r.label) + " has the multiplier " +
                                          r.multiplier.to_string() + "; it must be positive");
        } else if (!r.denominator.empty()) {
            refuse(Errc::invalid, "the relation " + quoted(r.label) + " is a " +
                                      relation_kind_name(r.kind) +
                                      ", which has no denominator (only a ratio has)");
        }
    }

    // --- the findings -----------------------------------------------------------
    std::vector<Finding> out;
    out.reserve(relations.size());
    for (const Relation& r : relations) {
        Finding f;
        f.label = r.label;
        f.kind = r.kind;
        if (linear(r.kind)) {
            // Exact in Decimal: Σ ±operand against the printed result.
            Decimal combination, tolerance;
            for (const Term& t : r.numerator) {
                const PrintedFigure& x = find(r, t.figure);
                combination = t.sign > 0 ? combination + x.value : combination - x.value;
                tolerance = tolerance + half_unit(x);
            }
            int result_scale;
            bool result_exact;
            if (r.kind == RelationKind::shares) {
                // The shares' printed sum against the exact whole.
                f.expected = r.whole;
                f.printed = combination;
                result_exact = true;
                result_scale = 0;
            } else {
                const PrintedFigure& c = find(r, r.result);
                f.expected = combination;
                f.printed = c.value;
                tolerance = tolerance + half_unit(c);
                result_exact = c.exact;
                result_scale = precision_of(c);
            }
            f.difference = f.printed - f.expected;
            f.tolerance = tolerance;
            // ok: the printed result is the formula on the printed operands,
            // printed at its own precision (half_up, as the reports round).
            const bool ok = result_exact || result_scale >= f.expected.scale()
                                ? f.printed == f.expected
                                : f.printed == f.expected.round(result_scale, Rounding::half_up);
            f.severity =
                ok ? Severity::ok
                   : (f.difference.abs() <= f.tolerance ? Severity::rounding : Severity::error);
        } else {
            // Exact rationals: k·N/D over the operands' intervals.
            const auto interval = [&](const std::vector<Term>& terms, Rational& mid,
                                      Rational& half) {
                mid = 0;
                half = 0;
                for (const Term& t : terms) {
                    const PrintedFigure& x = find(r, t.figure);
                    const Rational v = to_rational(x.value);
                    mid += t.sign > 0 ? v : Rational(-v);
                    half += to_rational(half_unit(x));
                }
            };
            Rational n0, hn, d0, hd;
            interval(r.numerator, n0, hn);
            interval(r.denominator, d0, hd);
            if (d0 - hd <= 0 && d0 + hd >= 0)
                refuse(
                    Errc::division_by_zero,
                    "the ratio " + quoted(r.label) + " has a denominator of " +
                        to_decimal(d0, 28, Rounding::half_even).trimmed().to_string() +
                        (hd == 0
                             ? std::string()
                             : " ± " +
                                   to_decimal(hd, 28, Rounding::half_even).trimmed().to_string()) +
                        " as printed, which could be zero");
            const Rational k = to_rational(r.multiplier);
            const Rational q = k * n0 / d0;
            Rational lo = k * (n0 - hn) / (d0 - hd);
            Rational hi = lo;
            for (const Rational& nn : {Rational(n0 - hn), Rational(n0 + hn)})
                for (const Rational& dd : {Rational(d0 - hd), Rational(d0 + hd)}) {
                    const Rational v = k * nn / dd;
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                }
            const PrintedFigure& c = find(r, r.result);
            const Rational p = to_rational(c.value);
            const Rational hp = to_rational(half_unit(c));
            const int ps = precision_of(c);
            const bool ok = c.exact ? p == q : c.value == to_decimal(q, ps, Rounding::half_up);
            const bool explained = p - hp <= hi && p + hp >= lo;
            f.severity = ok ? Severity::ok : (explained ? Severity::rounding : Severity::error);
            // The report figures: two decimals more than the result is printed
            // with (Eskilstuna: 95,45 against 94).
            const int report = std::min(ps + 2, Decimal::max_scale);
            f.expected = to_decimal(q, report, Rounding::half_even);
            f.printed = c.value;
            f.difference = f.printed - f.expected;
            const Rational reach = (p >= q ? Rational(hi - q) : Rational(q - lo)) + hp;
            f.tolerance = to_decimal(reach, report, Rounding::up);
        }
        out.push_back(std::move(f));
    }
    return out;
}

}  // namespace kalkyl
