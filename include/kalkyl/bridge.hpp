// kalkyl/bridge.hpp: what changed between two periods, exactly.
//
// The cost bridge splits the change of a total cost between two periods (or
// two municipalities) into four parts that add up to the change to the öre,
// with no unexplained residual:
//
//   volume      the number of users or care days (V),
//   mix         the shares of each kind of insats (s_k = V_k / V),
//   unit_price  the cost per unit of each kind (p_k = C_k / V_k),
//   not_linked  the costs not linked to users (F),
//
// for a total cost C = V · Σ_k s_k · p_k + F (KPB's explanation of a cost
// level: "insatsernas volym, insatsmixen samt styckkostnaden").
//
// The decomposition is the Shapley decomposition of each product
// V · s_k · p_k: the average of the six sequential ("first change V, then s,
// then p", ...) decompositions, each of which is exact but depends on the
// order. Averaged over every order, each factor's part is, with a = the
// factor, b and c the other two and 0/1 the periods,
//
//     Δa · [ (b0·c0 + b1·c1) / 3 + (b0·c1 + b1·c0) / 6 ],
//
// and the three parts add up to a1·b1·c1 − a0·b0·c0 exactly. It is
// symmetric: it treats the three factors alike (no factor is "first"), and
// swapping the periods negates every part (Δa changes sign, the bracket does
// not). The two-factor midpoint (Bennet) rule ΔV·p̄ + V̄·Δp would leave a
// residual with three factors; Laspeyres/Paasche-type chains are exact but
// not symmetric. The parts are summed over the kinds, and the costs not
// linked to users form the fourth part, ΔF, on their own.
//
// Kinds that exist in one period only: a kind with no volume in a period
// takes the other period's unit cost in that period (its term is zero there
// anyway), so a new or discontinued kind moves volume and mix, not the unit
// price. If a whole period has no volume, its shares are the other period's.
//
// Exactness: the parts are computed exactly in rational arithmetic (they are
// fractions: shares and unit costs are quotients), then rounded to `scale`
// decimals by the largest-remainder rule: each part is rounded to the
// nearest unit of 10^-scale (half away from zero), and the few units by
// which their sum misses the exact change go, one at a time, to the parts
// whose rounding moved them furthest the other way (ties: the order volume,
// mix, unit_price, not_linked). Every rounded part is then within one unit
// of its exact value, the four add up to the change exactly, and the rule is
// odd-symmetric, so swapping the periods negates every rounded part too.
//
// Not for: unit costs themselves (unitcost.hpp).
#pragma once

#include <cstddef>
#include <span>
#include <string>

#include "kalkyl/decimal.hpp"
#include "kalkyl/error.hpp"

namespace kalkyl {

// One kind of insats (HVB, familjehem, öppenvård...) in both periods: its
// volume in a unit common to all kinds (care days or users) and its cost
// linked to users (any unit, the same for every figure of the bridge).
struct BridgeKind {
    std::string kind;
    Decimal base_volume;
    Decimal base_cost;
    Decimal current_volume;
    Decimal current_cost;
};

struct CostBridge {
    Decimal base_total;     // Σ base costs + base costs not linked to users
    Decimal current_total;  // the same for the current period
    Decimal change;         // current_total − base_total, exactly
    // The parts, each at exactly `scale` decimals; volume + mix + unit_price
    // + not_linked == change, always.
    Decimal volume;
    Decimal mix;
    Decimal unit_price;
    Decimal not_linked;
};

// The bridge from the base period to the current period at `scale` decimals
// (2 for öre when the costs are in kr). Throws Error(invalid) for a negative
// volume or a cost without volume in a period (a kind whose volume is zero
// must have cost zero: a cost that belongs to nobody is a cost not linked to
// users), Error(scale) for a scale outside 0..28 or a change with more
// decimals than `scale` (the parts could not add up to it), Error(overflow)
// when a part does not fit 38 digits. Costs may have either sign.
CostBridge cost_bridge(std::span<const BridgeKind> kinds, const Decimal& base_not_linked,
                       const Decimal& current_not_linked, int scale);

namespace detail {
// The checks cost_bridge makes of one kind (`index` is its place, for the
// message): Error(invalid) for a negative volume or a cost without volume.
void check_bridge_kind(const BridgeKind& kind, std::size_t index);
}  // namespace detail

}  // namespace kalkyl
