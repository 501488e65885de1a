// The C ABI of unit costs, KPB and the cost bridge (capi/kalkyl.h, section
// "Unit costs (nyckeltal), KPB and the cost bridge") over
// include/kalkyl/unitcost.hpp and bridge.hpp.
//
// The conventions of capi/kalkyl.cpp (capi/detail/capi_common.hpp): every
// argument checked, the C++ API called inside guarded(), outputs written only
// on success. The array call checks every row before it writes any, so that
// a failure leaves the caller's columns untouched without a temporary copy of
// ten million rows.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "detail/capi_common.hpp"
#include "kalkyl.h"
#include "kalkyl/bridge.hpp"
#include "kalkyl/decimal.hpp"
#include "kalkyl/unitcost.hpp"

static_assert(sizeof(kalkyl_kpb_figures) == 6 * sizeof(kalkyl_dec) + 8);
static_assert(sizeof(kalkyl_bridge) == 7 * sizeof(kalkyl_dec));

namespace {

using kalkyl::Decimal;
using namespace kalkyl::capi::detail;

// --- shared checks ----------------------------------------------------------------

// The few-cases threshold: NULL is the documented default.
kalkyl_status load_threshold(const kalkyl_dec* p, const char* fn, Decimal& out) {
    if (p == nullptr) {
        out = kalkyl::default_few_cases.min_volume;
        return KALKYL_OK;
    }
    if (const kalkyl_status s = load(p, fn, "few_threshold", out); s != KALKYL_OK) return s;
    if (out.signum() < 0)
        return failf(KALKYL_E_INVALID, fn, "few_threshold %s is negative", out.to_string().c_str());
    return KALKYL_OK;
}

kalkyl_status check_precision(std::int32_t scale, int mode, const char* fn, const char* scale_name,
                              const char* mode_name) {
    if (const kalkyl_status s = check_scale(scale, fn, scale_name); s != KALKYL_OK) return s;
    return check_rounding(mode, fn, mode_name);
}

// Writes "row 17: " into buf for an array row, "" for a single call.
const char* row_prefix(char (&buf)[40], std::size_t index) {
    if (index == no_index) return "";
    std::snprintf(buf, sizeof buf, "row %zu: ", index);
    return buf;
}

// A row's nettokostnad from its checked inputs, or the reason it has no unit
// cost. `index` is the row of an array call, no_index for a single call.
kalkyl_status net_of_row(const Decimal& cost, const Decimal& revenue, const Decimal& volume,
                         const char* fn, std::size_t index, Decimal& net) {
    char buf[40];
    if (cost.signum() < 0) [[unlikely]]
        return failf(KALKYL_E_INVALID, fn,
                     "%stotal_cost %s is negative; give costs as a positive amount",
                     row_prefix(buf, index), cost.to_string().c_str());
    if (revenue.signum() < 0) [[unlikely]]
        return failf(KALKYL_E_INVALID, fn,
                     "%sother_revenue %s is negative; give revenues as a positive amount "
                     "(\"Avgår: övriga intäkter\")",
                     row_prefix(buf, index), revenue.to_string().c_str());
    if (volume.signum() <= 0) [[unlikely]]
        return failf(KALKYL_E_INVALID, fn,
                     "%svolume is %s; a unit cost needs a positive volume (no division by zero)",
                     row_prefix(buf, index), volume.to_string().c_str());
    net = cost - revenue;  // may throw Error(overflow | scale): guarded() reports it
    if (net.signum() < 0) [[unlikely]]
        return failf(KALKYL_E_INVALID, fn,
                     "%sother_revenue %s exceeds total_cost %s: the nettokostnad is negative and "
                     "has no unit cost",
                     row_prefix(buf, index), revenue.to_string().c_str(), cost.to_string().c_str());
    return KALKYL_OK;
}

// Can net / volume at `scale` not overflow? True when |net| < 2^63 and the
// decimal shift is at most 18: then |quotient| < 2^63 · 10^18 < 10^37 and
// rounding cannot reach 10^38. When false, the caller tries the division.
bool quotient_surely_fits(const Decimal& net, const Decimal& volume, int scale) {
    const kalkyl::int128_t m = net.mantissa();
    return m <= INT64_MAX && m >= -INT64_MAX && scale + volume.scale() - net.scale() <= 18;
}

// A cost to be divided by a volume: volume > 0 and cost >= 0.
kalkyl_status check_division(const Decimal& cost, const char* cost_name, const Decimal& volume,
                             const char* volume_name, const char* fn) {
    if (volume.signum() <= 0)
        return failf(KALKYL_E_INVALID, fn,
                     "%s is %s; a unit cost needs a positive volume (no division by zero)",
                     volume_name, volume.to_string().c_str());
    if (cost.signum() < 0)
        return failf(KALKYL_E_INVALID, fn, "%s %s is negative; it has no unit cost", cost_name,
                     cost.to_string().c_str());
    return KALKYL_OK;
}

kalkyl_kpb_figures kpb_to_c(const kalkyl::KpbFigures& f) {
    kalkyl_kpb_figures o{};
    o.costs = to_c(f.costs.amount());
    o.inhabitants = to_c(f.inhabitants.count());
    o.users = to_c(f.users.count());
    o.per_inhabitant = to_c(f.per_inhabitant.value());
    o.per_user = to_c(Decimal());
    o.share_of_users = to_c(Decimal());
    if (f.per_user) {
        o.per_user = to_c(f.per_user->value());
        if (f.per_user->too_few()) o.flags |= KALKYL_KPB_FEW_USERS;
    } else {
        o.flags |= KALKYL_KPB_NO_KPB;
    }
    if (f.share_of_users)
        o.share_of_users = to_c(f.share_of_users->value());
    else
        o.flags |= KALKYL_KPB_NO_SHARE;
    if (f.per_inhabitant.too_few()) o.flags |= KALKYL_KPB_FEW_INHABITANTS;
    o.reserved = 0;
    return o;
}

}  // namespace

extern "C" {

KALKYL_API kalkyl_status kalkyl_unit_cost(const kalkyl_dec* total_cost,
                                          const kalkyl_dec* other_revenue, const kalkyl_dec* volume,
                                          int32_t scale, kalkyl_rounding mode, kalkyl_dec* net_cost,
                                          kalkyl_dec* per_unit) {
    static constexpr const char* fn = "kalkyl_unit_cost";
    const int m = enum_value(mode);
    return guarded(fn, [&] {
        Decimal c, r, v, net;
        if (const kalkyl_status s = load(total_cost, fn, "total_cost", c); s != KALKYL_OK) return s;
        if (const kalkyl_status s = load(other_revenue, fn, "other_revenue", r); s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = load(volume, fn, "volume", v); s != KALKYL_OK) return s;
        if (net_cost == nullptr) return null_arg(fn, "net_cost");
        if (per_unit == nullptr) return null_arg(fn, "per_unit");
        if (const kalkyl_status s = check_precision(scale, m, fn, "scale", "mode"); s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = net_of_row(c, r, v, fn, no_index, net); s != KALKYL_OK)
            return s;
        const auto rounding = static_cast<kalkyl::Rounding>(m);
        Decimal q;
        if (!kalkyl::detail::unit_cost_fast(net, v, scale, rounding, q))
            q = kalkyl::divide(net, v, scale, rounding);
        *net_cost = to_c(net);
        *per_unit = to_c(q);
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_unit_cost_array(
    const kalkyl_dec* total_cost, const kalkyl_dec* other_revenue, const kalkyl_dec* volume,
    size_t n, int32_t scale, kalkyl_rounding mode, const kalkyl_dec* few_threshold,
    kalkyl_dec* net_cost, kalkyl_dec* per_unit, uint8_t* flags, size_t* bad_index) {
    static constexpr const char* fn = "kalkyl_unit_cost_array";
    const int m = enum_value(mode);
    if (bad_index == nullptr) return null_arg(fn, "bad_index");
    std::size_t bad = no_index;
    const kalkyl_status status = guarded(fn, [&] {
        if (const kalkyl_status s = require_arrays(fn, n,
                                                   {{"total_cost", total_cost},
                                                    {"other_revenue", other_revenue},
                                                    {"volume", volume},
                                                    {"per_unit", per_unit}});
            s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = check_precision(scale, m, fn, "scale", "mode"); s != KALKYL_OK)
            return s;
        Decimal few;
        if (const kalkyl_status s = load_threshold(few_threshold, fn, few); s != KALKYL_OK)
            return s;
        const auto rounding = static_cast<kalkyl::Rounding>(m);

        // Pass 1: every row is checked, so that pass 2 cannot fail half-way.
        for (std::size_t i = 0; i < n; ++i) {
            bad = i;
            Decimal c, r, v, net;
            if (const kalkyl_status s = load_at(total_cost, i, fn, "total_cost", c); s != KALKYL_OK)
                return s;
            if (const kalkyl_status s = load_at(other_revenue, i, fn, "other_revenue", r);
                s != KALKYL_OK)
                return s;
            if (const kalkyl_status s = load_at(volume, i, fn, "volume", v); s != KALKYL_OK)
                return s;
            if (const kalkyl_status s = net_of_row(c, r, v, fn, i, net); s != KALKYL_OK) return s;
            if (!quotient_surely_fits(net, v, scale)) [[unlikely]]
                (void)kalkyl::divide(net, v, scale, rounding);  // throws Error(overflow) for row i
        }
        // Pass 2: compute and write.
        const kalkyl::FewCases few_cases{few};
        for (std::size_t i = 0; i < n; ++i) {
            bad = i;
            const Decimal v = to_decimal(volume[i]);
            const Decimal net = to_decimal(total_cost[i]) - to_decimal(other_revenue[i]);
            Decimal q;
            if (!kalkyl::detail::unit_cost_fast(net, v, scale, rounding, q)) [[unlikely]]
                q = kalkyl::divide(net, v, scale, rounding);
            if (net_cost != nullptr) net_cost[i] = to_c(net);
            per_unit[i] = to_c(q);
            if (flags != nullptr)
                flags[i] = kalkyl::detail::too_few(v, few_cases) ? KALKYL_UNIT_TOO_FEW : 0u;
        }
        return KALKYL_OK;
    });
    if (status != KALKYL_OK) *bad_index = bad;
    return status;
}

KALKYL_API kalkyl_status kalkyl_kolada_cost(const kalkyl_dec* gross_cost,
                                            const kalkyl_dec* internal_revenue,
                                            const kalkyl_dec* sales_to_municipalities,
                                            kalkyl_dec* out) {
    static constexpr const char* fn = "kalkyl_kolada_cost";
    return guarded(fn, [&] {
        Decimal g, i, s;
        if (const kalkyl_status st = load(gross_cost, fn, "gross_cost", g); st != KALKYL_OK)
            return st;
        if (const kalkyl_status st = load(internal_revenue, fn, "internal_revenue", i);
            st != KALKYL_OK)
            return st;
        if (const kalkyl_status st =
                load(sales_to_municipalities, fn, "sales_to_municipalities", s);
            st != KALKYL_OK)
            return st;
        if (out == nullptr) return null_arg(fn, "out");
        *out = to_c(kalkyl::kolada_cost(g, i, s, kalkyl::Unit::kr).amount());
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_kolada_unit_cost(const kalkyl_dec* gross_cost,
                                                 const kalkyl_dec* internal_revenue,
                                                 const kalkyl_dec* sales_to_municipalities,
                                                 const kalkyl_dec* volume, int32_t scale,
                                                 kalkyl_rounding mode, kalkyl_dec* cost,
                                                 kalkyl_dec* per_unit) {
    static constexpr const char* fn = "kalkyl_kolada_unit_cost";
    const int m = enum_value(mode);
    return guarded(fn, [&] {
        Decimal g, i, s, v;
        if (const kalkyl_status st = load(gross_cost, fn, "gross_cost", g); st != KALKYL_OK)
            return st;
        if (const kalkyl_status st = load(internal_revenue, fn, "internal_revenue", i);
            st != KALKYL_OK)
            return st;
        if (const kalkyl_status st =
                load(sales_to_municipalities, fn, "sales_to_municipalities", s);
            st != KALKYL_OK)
            return st;
        if (const kalkyl_status st = load(volume, fn, "volume", v); st != KALKYL_OK) return st;
        if (cost == nullptr) return null_arg(fn, "cost");
        if (per_unit == nullptr) return null_arg(fn, "per_unit");
        if (const kalkyl_status st = check_precision(scale, m, fn, "scale", "mode");
            st != KALKYL_OK)
            return st;
        const Decimal k = kalkyl::kolada_cost(g, i, s, kalkyl::Unit::kr).amount();
        if (const kalkyl_status st = check_division(k, "the kostnad", v, "volume", fn);
            st != KALKYL_OK)
            return st;
        const Decimal q = kalkyl::divide(k, v, scale, static_cast<kalkyl::Rounding>(m));
        *cost = to_c(k);
        *per_unit = to_c(q);
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_unit_cost_part(
    const kalkyl_dec* whole_cost, const kalkyl_dec* whole_volume, const kalkyl_dec* part_cost,
    const kalkyl_dec* part_volume, int32_t scale, kalkyl_rounding mode, int32_t share_scale,
    kalkyl_rounding share_mode, kalkyl_dec* per_unit, kalkyl_dec* share_of_volume,
    kalkyl_dec* share_of_cost) {
    static constexpr const char* fn = "kalkyl_unit_cost_part";
    const int m = enum_value(mode);
    const int sm = enum_value(share_mode);
    return guarded(fn, [&] {
        Decimal wc, wv, pc, pv;
        if (const kalkyl_status s = load(whole_cost, fn, "whole_cost", wc); s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = load(whole_volume, fn, "whole_volume", wv); s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = load(part_cost, fn, "part_cost", pc); s != KALKYL_OK) return s;
        if (const kalkyl_status s = load(part_volume, fn, "part_volume", pv); s != KALKYL_OK)
            return s;
        if (per_unit == nullptr) return null_arg(fn, "per_unit");
        if (share_of_volume == nullptr) return null_arg(fn, "share_of_volume");
        if (share_of_cost == nullptr) return null_arg(fn, "share_of_cost");
        if (const kalkyl_status s = check_precision(scale, m, fn, "scale", "mode"); s != KALKYL_OK)
            return s;
        if (const kalkyl_status s =
                check_precision(share_scale, sm, fn, "share_scale", "share_mode");
            s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = check_division(wc, "whole_cost", wv, "whole_volume", fn);
            s != KALKYL_OK)
            return s;
        if (wc.is_zero())
            return fail(KALKYL_E_INVALID, fn,
                        "whole_cost is 0; a share of cost needs a positive whole");
        if (const kalkyl_status s = check_division(pc, "part_cost", pv, "part_volume", fn);
            s != KALKYL_OK)
            return s;
        if (pv > wv)
            return failf(KALKYL_E_INVALID, fn, "part_volume %s exceeds whole_volume %s",
                         pv.to_string().c_str(), wv.to_string().c_str());
        const auto r = static_cast<kalkyl::Rounding>(m);
        const auto sr = static_cast<kalkyl::Rounding>(sm);
        const Decimal q = kalkyl::divide(pc, pv, scale, r);
        const kalkyl::Percent sv = kalkyl::Percent::of(pv, wv, share_scale, sr);
        const kalkyl::Percent sc = kalkyl::Percent::of(pc, wc, share_scale, sr);
        *per_unit = to_c(q);
        *share_of_volume = to_c(sv.value());
        *share_of_cost = to_c(sc.value());
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_change(const kalkyl_dec* base, const kalkyl_dec* current,
                                       int32_t scale, kalkyl_rounding mode, kalkyl_dec* amount,
                                       kalkyl_dec* percent) {
    static constexpr const char* fn = "kalkyl_change";
    const int m = enum_value(mode);
    return guarded(fn, [&] {
        Decimal b, c;
        if (const kalkyl_status s = load(base, fn, "base", b); s != KALKYL_OK) return s;
        if (const kalkyl_status s = load(current, fn, "current", c); s != KALKYL_OK) return s;
        if (amount == nullptr) return null_arg(fn, "amount");
        if (percent == nullptr) return null_arg(fn, "percent");
        if (const kalkyl_status s = check_precision(scale, m, fn, "scale", "mode"); s != KALKYL_OK)
            return s;
        const Decimal diff = c - b;
        const kalkyl::Percent p =
            kalkyl::change_percent(b, c, scale, static_cast<kalkyl::Rounding>(m));
        *amount = to_c(diff);
        *percent = to_c(p.value());
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_change_points(const kalkyl_dec* base_percent,
                                              const kalkyl_dec* current_percent,
                                              kalkyl_dec* points) {
    static constexpr const char* fn = "kalkyl_change_points";
    return guarded(fn, [&] {
        Decimal b, c;
        if (const kalkyl_status s = load(base_percent, fn, "base_percent", b); s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = load(current_percent, fn, "current_percent", c); s != KALKYL_OK)
            return s;
        if (points == nullptr) return null_arg(fn, "points");
        *points = to_c(kalkyl::change_points(kalkyl::Percent(b), kalkyl::Percent(c)).value());
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_net_cost_deviation(const kalkyl_dec* actual,
                                                   const kalkyl_dec* reference, int32_t scale,
                                                   kalkyl_rounding mode, kalkyl_dec* percent) {
    static constexpr const char* fn = "kalkyl_net_cost_deviation";
    const int m = enum_value(mode);
    return guarded(fn, [&] {
        Decimal a, r;
        if (const kalkyl_status s = load(actual, fn, "actual", a); s != KALKYL_OK) return s;
        if (const kalkyl_status s = load(reference, fn, "reference", r); s != KALKYL_OK) return s;
        if (percent == nullptr) return null_arg(fn, "percent");
        if (const kalkyl_status s = check_precision(scale, m, fn, "scale", "mode"); s != KALKYL_OK)
            return s;
        *percent =
            to_c(kalkyl::net_cost_deviation(a, r, scale, static_cast<kalkyl::Rounding>(m)).value());
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_kpb_table(
    const kalkyl_dec* costs, const kalkyl_dec* inhabitants, const kalkyl_dec* users, size_t n,
    const kalkyl_dec* not_linked_costs, int32_t scale, kalkyl_rounding mode, int32_t share_scale,
    kalkyl_rounding share_mode, const kalkyl_dec* few_threshold, kalkyl_kpb_figures* rows,
    kalkyl_kpb_figures* not_linked, kalkyl_kpb_figures* total, size_t* bad_index) {
    static constexpr const char* fn = "kalkyl_kpb_table";
    const int m = enum_value(mode);
    const int sm = enum_value(share_mode);
    if (bad_index == nullptr) return null_arg(fn, "bad_index");
    std::size_t bad = no_index;
    const kalkyl_status status = guarded(fn, [&] {
        if (const kalkyl_status s = require_arrays(
                fn, n,
                {{"costs", costs}, {"inhabitants", inhabitants}, {"users", users}, {"rows", rows}});
            s != KALKYL_OK)
            return s;
        Decimal unlinked;
        if (const kalkyl_status s = load(not_linked_costs, fn, "not_linked_costs", unlinked);
            s != KALKYL_OK)
            return s;
        if (not_linked == nullptr) return null_arg(fn, "not_linked");
        if (total == nullptr) return null_arg(fn, "total");
        if (const kalkyl_status s = check_precision(scale, m, fn, "scale", "mode"); s != KALKYL_OK)
            return s;
        if (const kalkyl_status s =
                check_precision(share_scale, sm, fn, "share_scale", "share_mode");
            s != KALKYL_OK)
            return s;
        Decimal few;
        if (const kalkyl_status s = load_threshold(few_threshold, fn, few); s != KALKYL_OK)
            return s;
        const kalkyl::Precision amounts{scale, static_cast<kalkyl::Rounding>(m)};
        const kalkyl::Precision shares{share_scale, static_cast<kalkyl::Rounding>(sm)};
        const kalkyl::FewCases few_cases{few};

        std::vector<kalkyl::KpbRow> in;
        std::vector<kalkyl_kpb_figures> out_rows;
        in.reserve(n);
        out_rows.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            bad = i;
            Decimal c, h, u;
            if (const kalkyl_status s = load_at(costs, i, fn, "costs", c); s != KALKYL_OK) return s;
            if (const kalkyl_status s = load_at(inhabitants, i, fn, "inhabitants", h);
                s != KALKYL_OK)
                return s;
            if (const kalkyl_status s = load_at(users, i, fn, "users", u); s != KALKYL_OK) return s;
            in.push_back(kalkyl::KpbRow{"row " + std::to_string(i),
                                        kalkyl::KpbKostnad(c, kalkyl::Unit::kr),
                                        kalkyl::Inhabitants(h), kalkyl::Users(u)});
            out_rows.push_back(kpb_to_c(kalkyl::kpb_row(in.back(), amounts, shares, few_cases)));
        }
        bad = no_index;
        const kalkyl::KpbTable t = kalkyl::kpb_table(
            in, kalkyl::KpbKostnad(unlinked, kalkyl::Unit::kr), amounts, shares, few_cases);
        const kalkyl_kpb_figures nl = kpb_to_c(t.not_linked);
        const kalkyl_kpb_figures tot = kpb_to_c(t.total);
        for (std::size_t i = 0; i < n; ++i)
            rows[i] = out_rows[i];
        *not_linked = nl;
        *total = tot;
        return KALKYL_OK;
    });
    if (status != KALKYL_OK) *bad_index = bad;
    return status;
}

KALKYL_API kalkyl_status kalkyl_kpb_total(const kalkyl_dec* total_costs,
                                          const kalkyl_dec* not_linked_costs,
                                          const kalkyl_dec* inhabitants, const kalkyl_dec* users,
                                          int32_t scale, kalkyl_rounding mode, int32_t share_scale,
                                          kalkyl_rounding share_mode,
                                          const kalkyl_dec* few_threshold,
                                          kalkyl_kpb_figures* out) {
    static constexpr const char* fn = "kalkyl_kpb_total";
    const int m = enum_value(mode);
    const int sm = enum_value(share_mode);
    return guarded(fn, [&] {
        Decimal c, h, u;
        std::optional<kalkyl::KpbKostnad> unlinked;
        if (const kalkyl_status s = load(total_costs, fn, "total_costs", c); s != KALKYL_OK)
            return s;
        if (not_linked_costs != nullptr) {
            Decimal nl;
            if (const kalkyl_status s = load(not_linked_costs, fn, "not_linked_costs", nl);
                s != KALKYL_OK)
                return s;
            unlinked = kalkyl::KpbKostnad(nl, kalkyl::Unit::kr);
        }
        if (const kalkyl_status s = load(inhabitants, fn, "inhabitants", h); s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = load(users, fn, "users", u); s != KALKYL_OK) return s;
        if (out == nullptr) return null_arg(fn, "out");
        if (const kalkyl_status s = check_precision(scale, m, fn, "scale", "mode"); s != KALKYL_OK)
            return s;
        if (const kalkyl_status s =
                check_precision(share_scale, sm, fn, "share_scale", "share_mode");
            s != KALKYL_OK)
            return s;
        Decimal few;
        if (const kalkyl_status s = load_threshold(few_threshold, fn, few); s != KALKYL_OK)
            return s;
        const kalkyl::KpbFigures f = kalkyl::kpb_total(
            "total", kalkyl::KpbKostnad(c, kalkyl::Unit::kr), unlinked, kalkyl::Inhabitants(h),
            kalkyl::Users(u), kalkyl::Precision{scale, static_cast<kalkyl::Rounding>(m)},
            kalkyl::Precision{share_scale, static_cast<kalkyl::Rounding>(sm)},
            kalkyl::FewCases{few});
        *out = kpb_to_c(f);
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_cost_bridge(
    const kalkyl_dec* base_volume, const kalkyl_dec* base_cost, const kalkyl_dec* current_volume,
    const kalkyl_dec* current_cost, size_t n, const kalkyl_dec* base_not_linked,
    const kalkyl_dec* current_not_linked, int32_t scale, kalkyl_bridge* out, size_t* bad_index) {
    static constexpr const char* fn = "kalkyl_cost_bridge";
    if (bad_index == nullptr) return null_arg(fn, "bad_index");
    std::size_t bad = no_index;
    const kalkyl_status status = guarded(fn, [&] {
        if (const kalkyl_status s = require_arrays(fn, n,
                                                   {{"base_volume", base_volume},
                                                    {"base_cost", base_cost},
                                                    {"current_volume", current_volume},
                                                    {"current_cost", current_cost}});
            s != KALKYL_OK)
            return s;
        Decimal f0, f1;
        if (const kalkyl_status s = load(base_not_linked, fn, "base_not_linked", f0);
            s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = load(current_not_linked, fn, "current_not_linked", f1);
            s != KALKYL_OK)
            return s;
        if (out == nullptr) return null_arg(fn, "out");
        if (const kalkyl_status s = check_scale(scale, fn, "scale"); s != KALKYL_OK) return s;
        std::vector<kalkyl::BridgeKind> kinds;
        kinds.reserve(n);
        for (std::size_t i = 0; i < n; ++i) {
            bad = i;
            kalkyl::BridgeKind k;
            if (const kalkyl_status s = load_at(base_volume, i, fn, "base_volume", k.base_volume);
                s != KALKYL_OK)
                return s;
            if (const kalkyl_status s = load_at(base_cost, i, fn, "base_cost", k.base_cost);
                s != KALKYL_OK)
                return s;
            if (const kalkyl_status s =
                    load_at(current_volume, i, fn, "current_volume", k.current_volume);
                s != KALKYL_OK)
                return s;
            if (const kalkyl_status s =
                    load_at(current_cost, i, fn, "current_cost", k.current_cost);
                s != KALKYL_OK)
                return s;
            kalkyl::detail::check_bridge_kind(k, i);
            kinds.push_back(k);
        }
        bad = no_index;
        const kalkyl::CostBridge b = kalkyl::cost_bridge(kinds, f0, f1, scale);
        kalkyl_bridge r;
        r.base_total = to_c(b.base_total);
        r.current_total = to_c(b.current_total);
        r.change = to_c(b.change);
        r.volume = to_c(b.volume);
        r.mix = to_c(b.mix);
        r.unit_price = to_c(b.unit_price);
        r.not_linked = to_c(b.not_linked);
        *out = r;
        return KALKYL_OK;
    });
    if (status != KALKYL_OK) *bad_index = bad;
    return status;
}

}  // extern "C"
