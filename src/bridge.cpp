// The cost bridge (kalkyl/bridge.hpp): the Shapley decomposition of the
// change of V · Σ s_k · p_k + F in exact rational arithmetic, rounded by the
// largest-remainder rule so that the parts add up to the change exactly.

#include "kalkyl/bridge.hpp"

#include <array>
#include <boost/multiprecision/cpp_int.hpp>
#include <string>
#include <vector>

#include "detail/decimal_wide.hpp"

namespace kalkyl {

namespace {

using Rational = boost::multiprecision::cpp_rational;
using detail::Wide;

Rational to_rational(const Decimal& d) {
    return Rational(detail::to_wide(d.mantissa()), detail::pow10_wide(d.scale()));
}

// One factor's Shapley part in a product of three: Δa · [(b0c0 + b1c1)/3 +
// (b0c1 + b1c0)/6], written with one division.
Rational shapley(const Rational& a0, const Rational& a1, const Rational& b0, const Rational& b1,
                 const Rational& c0, const Rational& c1) {
    return (a1 - a0) * (2 * (b0 * c0 + b1 * c1) + (b0 * c1 + b1 * c0)) / 6;
}

// n / d rounded to the nearest integer, ties away from zero (d > 0 for a
// normalised rational).
Wide round_half_away(const Rational& x) {
    const Wide n = boost::multiprecision::numerator(x);
    const Wide d = boost::multiprecision::denominator(x);
    Wide q = n / d;  // toward zero
    const Wide r = n - q * d;
    const Wide ar = r < 0 ? Wide(-r) : r;
    if (2 * ar >= d) q += n < 0 ? -1 : 1;
    return q;
}

Decimal to_decimal(const Wide& units, int scale, const char* part) {
    if (!detail::wide_fits(units))
        throw Error(Errc::overflow,
                    std::string("cost bridge: the ") + part + " part needs more than 38 digits");
    return Decimal::raw(detail::from_wide(units), scale);
}

}  // namespace

namespace detail {

void check_bridge_kind(const BridgeKind& k, std::size_t index) {
    const auto name = [&] {
        return "cost bridge: kind " + std::to_string(index) +
               (k.kind.empty() ? "" : " (\"" + k.kind + "\")");
    };
    const auto period = [&](const Decimal& volume, const Decimal& cost, const char* which) {
        if (volume.signum() < 0)
            throw Error(Errc::invalid,
                        name() + ": negative " + which + " volume " + volume.to_string());
        if (volume.is_zero() && !cost.is_zero())
            throw Error(Errc::invalid,
                        name() + ": " + which + " cost " + cost.to_string() +
                            " with no volume; a cost that no user carries belongs to the "
                            "costs not linked to users");
    };
    period(k.base_volume, k.base_cost, "base");
    period(k.current_volume, k.current_cost, "current");
}

}  // namespace detail

CostBridge cost_bridge(std::span<const BridgeKind> kinds, const Decimal& base_not_linked,
                       const Decimal& current_not_linked, int scale) {
    if (!detail::valid_scale(scale)) detail::throw_scale(scale, "cost_bridge");
    for (std::size_t i = 0; i < kinds.size(); ++i)
        detail::check_bridge_kind(kinds[i], i);

    // The exact totals (Decimal: exact, or Error(overflow)).
    std::vector<Decimal> base_costs, current_costs;
    base_costs.reserve(kinds.size() + 1);
    current_costs.reserve(kinds.size() + 1);
    for (const BridgeKind& k : kinds) {
        base_costs.push_back(k.base_cost);
        current_costs.push_back(k.current_cost);
    }
    base_costs.push_back(base_not_linked);
    current_costs.push_back(current_not_linked);
    CostBridge out;
    out.base_total = sum(base_costs);
    out.current_total = sum(current_costs);
    out.change = out.current_total - out.base_total;
    if (out.change.round(scale, Rounding::down) != out.change)
        throw Error(Errc::scale,
                    "cost bridge: the change " + out.change.to_string() + " has more than " +
                        std::to_string(scale) +
                        " decimals, so parts at that scale cannot add up to it; round the "
                        "costs or raise the scale");

    // V, s_k, p_k in both periods, exactly.
    Rational V0 = 0, V1 = 0;
    for (const BridgeKind& k : kinds) {
        V0 += to_rational(k.base_volume);
        V1 += to_rational(k.current_volume);
    }
    std::array<Rational, 4> exact{};  // volume, mix, unit_price, not_linked
    Rational linked_change = 0;
    for (const BridgeKind& k : kinds) {
        const Rational v0 = to_rational(k.base_volume), v1 = to_rational(k.current_volume);
        const Rational c0 = to_rational(k.base_cost), c1 = to_rational(k.current_cost);
        if (v0 == 0 && v1 == 0) continue;  // absent in both: costs are zero too (checked)
        // A kind absent in one period takes the other period's unit cost there.
        const Rational p0 = v0 != 0 ? Rational(c0 / v0) : Rational(c1 / v1);
        const Rational p1 = v1 != 0 ? Rational(c1 / v1) : p0;
        // A period without any volume takes the other period's shares.
        Rational s0 = V0 != 0 ? Rational(v0 / V0) : Rational(v1 / V1);
        Rational s1 = V1 != 0 ? Rational(v1 / V1) : s0;
        exact[0] += shapley(V0, V1, s0, s1, p0, p1);
        exact[1] += shapley(s0, s1, V0, V1, p0, p1);
        exact[2] += shapley(p0, p1, V0, V1, s0, s1);
        linked_change += c1 - c0;
    }
    exact[3] = to_rational(current_not_linked) - to_rational(base_not_linked);
    // The Shapley identity: the parts of the linked costs add up to their change.
    if (exact[0] + exact[1] + exact[2] != linked_change)
        throw Error(Errc::internal, "cost bridge: the exact parts do not add up (a bug in kalkyl)");

    // Largest remainder: round each part to the nearest unit of 10^-scale,
    // then move the missing units to the parts rounded furthest the other way.
    const Wide unit = detail::pow10_wide(scale);
    std::array<Wide, 4> rounded;
    std::array<Rational, 4> err;  // exact − rounded, in units
    Wide total = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        const Rational y = exact[i] * Rational(unit);
        rounded[i] = round_half_away(y);
        err[i] = y - Rational(rounded[i]);
        total += rounded[i];
    }
    const Wide target = detail::to_wide(out.change.round(scale, Rounding::down).mantissa());
    Wide residual = target - total;
    while (residual != 0) {
        const bool up = residual > 0;
        std::size_t best = 0;
        for (std::size_t i = 1; i < 4; ++i)
            if (up ? err[i] > err[best] : err[i] < err[best]) best = i;
        rounded[best] += up ? 1 : -1;
        err[best] -= up ? 1 : -1;
        residual += up ? -1 : 1;
    }
    out.volume = to_decimal(rounded[0], scale, "volume");
    out.mix = to_decimal(rounded[1], scale, "mix");
    out.unit_price = to_decimal(rounded[2], scale, "unit price");
    out.not_linked = to_decimal(rounded[3], scale, "not linked");
    return out;
}

}  // namespace kalkyl
