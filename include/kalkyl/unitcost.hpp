// kalkyl/unitcost.hpp: unit costs (nyckeltal), KPB and the national ratios.
//
// The figures a controller reports and compares: nettokostnad per vårddygn,
// per vårdtagare, per brukare (KPB) and per invånare; "varav externt" (a
// sub-population's unit cost and its shares of volume and of cost); the KPB
// table by age group; change between two periods in kronor, percent and
// percentage points; Kolada's nettokostnadsavvikelse (N30001).
//
// Types keep the meanings apart, so that wrong code does not compile:
//
//   - Cost<C> is an amount of one named cost concept (nettokostnad, Kolada's
//     "kostnad", the KPB method's costs) in a stated unit (kr, tkr, mnkr);
//     concepts never mix, units convert exactly.
//   - Volume<P> is a count of care days, care recipients, users or
//     inhabitants, never an amount.
//   - UnitCost<C, P> is a Cost<C> per one P in a stated unit: a nettokostnad
//     per vårddygn cannot be compared with, or subtracted from, a kostnad per
//     vårddygn or a nettokostnad per vårdtagare.
//
// Every unit cost names its scale and rounding mode at the call site, and
// carries a "too few to compare" flag when its volume is below a threshold
// (FewCases; by default 10 units). Zero or negative volumes, a negative
// cost to be divided, or more users than inhabitants are Error(invalid):
// never a division by zero, never a silent infinity.
//
// Not for: the exact volume / mix / unit-price bridge between two periods
// (bridge.hpp), consistency checks of published tables (checks.hpp), text
// (text.hpp formats these figures).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "kalkyl/decimal.hpp"
#include "kalkyl/error.hpp"
#include "kalkyl/percent.hpp"
#include "kalkyl/rounding.hpp"
#include "kalkyl/text.hpp"  // kalkyl::Unit (kr, tkr, mnkr)

namespace kalkyl {

// --- what a figure is ------------------------------------------------------

// The cost concept of a figure. Numbering fixed (used by the C ABI and
// Python); never renumber.
enum class CostConcept : int {
    // Nettokostnad = totala kostnader − övriga intäkter: what the nyckeltal
    // sheets divide ("Samtliga intäkter som tillfaller denna verksamhet exkl
    // kommunbidrag" are the övriga intäkter).
    nettokostnad = 0,
    // Kolada's "kostnad" (e.g. N33100, kostnad per vårddygn HVB barn och
    // unga) = bruttokostnad − interna intäkter − försäljning av verksamhet
    // till andra kommuner och regioner. Not nettokostnad: external revenues
    // such as fees and state grants are not deducted.
    kostnad = 1,
    // The costs the KPB method (kostnad per brukare) allocates: the
    // activity's full costs, linked to users or not ("Konsumtion IFO
    // totalt", Eskilstuna). Neither of the two above.
    kpb = 2,
};

// "nettokostnad", "kostnad", "kpb".
const char* cost_concept_name(CostConcept concept_) noexcept;

// What a unit cost is per. Numbering fixed (C ABI, Python).
enum class Per : int {
    care_day = 0,        // vårddygn (placeringsdygn)
    care_recipient = 1,  // vårdtagare
    user = 2,            // brukare (KPB)
    inhabitant = 3,      // invånare
};

// The Swedish word: "vårddygn", "vårdtagare", "brukare", "invånare".
const char* per_name(Per per) noexcept;

// --- amounts of a cost concept -----------------------------------------------

// An amount of one cost concept in a stated unit. Cost<C> + Cost<C> is exact
// (in the finer of the two units); there is no way to add a nettokostnad to a
// kostnad.
template <CostConcept C>
class Cost {
  public:
    static constexpr CostConcept concept_value = C;

    constexpr Cost() noexcept = default;
    constexpr Cost(const Decimal& amount, Unit unit) noexcept : amount_(amount), unit_(unit) {}

    constexpr const Decimal& amount() const noexcept { return amount_; }
    constexpr Unit unit() const noexcept { return unit_; }

    // The same amount in another unit, exactly (61 173 tkr -> 61 173 000 kr;
    // 41 400 837 kr -> 41 400,837 tkr). Throws Error(overflow) or
    // Error(scale) when the exact amount does not fit.
    Cost in(Unit unit) const;

    friend Cost operator+(const Cost& a, const Cost& b) {
        const Unit u = finer(a.unit_, b.unit_);
        return Cost(a.in(u).amount_ + b.in(u).amount_, u);
    }
    friend Cost operator-(const Cost& a, const Cost& b) {
        const Unit u = finer(a.unit_, b.unit_);
        return Cost(a.in(u).amount_ - b.in(u).amount_, u);
    }
    Cost operator-() const noexcept { return Cost(-amount_, unit_); }

    // Equal amounts are equal whatever their units: 5,4 tkr == 5 400 kr.
    friend bool operator==(const Cost& a, const Cost& b) {
        const Unit u = finer(a.unit_, b.unit_);
        return a.in(u).amount_ == b.in(u).amount_;
    }

  private:
    static constexpr Unit finer(Unit a, Unit b) noexcept {
        return static_cast<int>(a) < static_cast<int>(b) ? a : b;
    }
    Decimal amount_;
    Unit unit_ = Unit::kr;
};

using Nettokostnad = Cost<CostConcept::nettokostnad>;
using KoladaKostnad = Cost<CostConcept::kostnad>;
using KpbKostnad = Cost<CostConcept::kpb>;

// Nettokostnad = totala kostnader − övriga intäkter, exactly. Both inputs
// are given as the sheets print them, as non-negative amounts ("Avgår:
// övriga intäkter 198"); a negative input is Error(invalid), since it means
// a sign convention got mixed up. The result is negative when the revenues
// exceed the costs; a unit cost then refuses it (see unit_cost).
// Uppsala aug 2024, 5731: net_cost(124 998, 1 534, tkr) = 123 464 tkr.
Nettokostnad net_cost(const Decimal& total_costs, const Decimal& other_revenues, Unit unit);

// Kolada's "kostnad" = bruttokostnad − interna intäkter − försäljning av
// verksamhet till andra kommuner och regioner, exactly. Inputs are
// non-negative amounts (Error(invalid) otherwise); the result may be
// negative and a unit cost then refuses it.
KoladaKostnad kolada_cost(const Decimal& gross_cost, const Decimal& internal_revenue,
                          const Decimal& sales_to_other_municipalities, Unit unit);

// --- volumes -------------------------------------------------------------------

// A count of P. Care days and people are whole numbers in the reports, but a
// Volume may have decimals (full-time equivalents, part days). Never
// negative: the constructor throws Error(invalid).
template <Per P>
class Volume {
  public:
    static constexpr Per per_value = P;

    constexpr Volume() noexcept = default;
    explicit Volume(const Decimal& count) : count_(count) {
        if (count.signum() < 0) throw_negative(count);
    }
    explicit Volume(std::int64_t count) : Volume(Decimal(count, 0)) {}

    constexpr const Decimal& count() const noexcept { return count_; }

    friend Volume operator+(const Volume& a, const Volume& b) {
        return Volume(a.count_ + b.count_);
    }
    friend bool operator==(const Volume&, const Volume&) = default;
    friend auto operator<=>(const Volume&, const Volume&) = default;

  private:
    [[noreturn]] static void throw_negative(const Decimal& count);
    Decimal count_;
};

using CareDays = Volume<Per::care_day>;
using CareRecipients = Volume<Per::care_recipient>;
using Users = Volume<Per::user>;
using Inhabitants = Volume<Per::inhabitant>;

// --- the few-cases flag ----------------------------------------------------------

// A unit cost over fewer than `min_volume` units (vårddygn, vårdtagare,
// brukare, invånare) is flagged too_few: its value is still computed, but one
// case more or less moves it by a tenth or more, so it is not fit to compare
// between periods or municipalities. The default threshold is 10 units
// (default_few_cases); pass FewCases{Decimal(0, 0)} to never flag.
struct FewCases {
    Decimal min_volume;
};

inline constexpr FewCases default_few_cases{Decimal(10, 0)};

// A scale and a rounding mode, named together where a function rounds more
// than one figure: Precision{1, Rounding::half_up} is "one decimal, half up".
struct Precision {
    int scale;
    Rounding mode;
};

// --- unit costs ---------------------------------------------------------------------

// A cost of concept C per one P, in a stated unit (the unit of the cost it was
// computed from): 5,4 tkr nettokostnad per vårddygn.
template <CostConcept C, Per P>
class UnitCost {
  public:
    static constexpr CostConcept concept_value = C;
    static constexpr Per per_value = P;

    constexpr UnitCost() noexcept = default;
    constexpr UnitCost(const Decimal& value, Unit unit, bool too_few) noexcept
        : value_(value), unit_(unit), too_few_(too_few) {}

    constexpr const Decimal& value() const noexcept { return value_; }
    constexpr Unit unit() const noexcept { return unit_; }
    // The volume was below the few-cases threshold: too few to compare.
    constexpr bool too_few() const noexcept { return too_few_; }

    // Equal values are equal whatever their units (5,4 tkr == 5 400 kr); the
    // flag is not part of the value.
    friend bool operator==(const UnitCost& a, const UnitCost& b) {
        return Cost<C>(a.value_, a.unit_) == Cost<C>(b.value_, b.unit_);
    }

  private:
    Decimal value_;
    Unit unit_ = Unit::kr;
    bool too_few_ = false;
};

namespace detail {

// The untyped core shared with the C ABI: cost / volume at `scale` decimals by
// `mode`. Throws Error(invalid) for volume <= 0 or cost < 0 (naming `per`
// and `concept_` in the message), Error(scale), Error(overflow).
Decimal unit_cost_value(const Decimal& cost, const Decimal& volume, int scale, Rounding mode,
                        CostConcept concept_, Per per);

inline bool too_few(const Decimal& volume, const FewCases& few) {
    // Equal scales (the usual case: whole units against a whole threshold)
    // compare mantissas inline.
    if (volume.scale() == few.min_volume.scale())
        return volume.mantissa() < few.min_volume.mantissa();
    return volume < few.min_volume;
}

// The common case of a unit cost without a 128-bit division: cost >= 0,
// volume > 0, and the dividend and divisor, aligned to `scale`, within
// 64 bits (amounts below 10^17 öre, say). Sets `out` to cost / volume at
// `scale` decimals rounded by `mode`, exactly as divide() does, and returns
// true; returns false, leaving `out` alone, for any other case (the caller
// then calls divide()). `scale` and `mode` must be valid.
inline bool unit_cost_fast(const Decimal& cost, const Decimal& volume, int scale, Rounding mode,
                           Decimal& out) noexcept {
    const int128_t cm = cost.mantissa();
    const int128_t vm = volume.mantissa();
    if (cm < 0 || vm <= 0 || cm > INT64_MAX || vm > INT64_MAX) return false;
    const int e = scale + volume.scale() - cost.scale();
    auto n = static_cast<std::uint64_t>(cm);
    auto d = static_cast<std::uint64_t>(vm);
    if (e >= 0) {
        if (e > 19 || __builtin_mul_overflow(n, static_cast<std::uint64_t>(pow10(e)), &n))
            return false;
    } else {
        if (-e > 19 || __builtin_mul_overflow(d, static_cast<std::uint64_t>(pow10(-e)), &d))
            return false;
    }
    std::uint64_t q = n / d;
    const std::uint64_t r = n - q * d;
    if (r != 0) {
        const std::uint64_t other = d - r;  // r against half of d, without overflow
        bool away;
        switch (mode) {
            case Rounding::down:
            case Rounding::floor:
                away = false;
                break;  // non-negative: floor is down
            case Rounding::up:
            case Rounding::ceiling:
                away = true;
                break;
            case Rounding::half_up:
                away = r >= other;
                break;
            case Rounding::half_down:
                away = r > other;
                break;
            case Rounding::half_even:
                away = r > other || (r == other && (q & 1u) != 0);
                break;
            default:
                return false;
        }
        q += away ? 1u : 0u;  // q < 2^63 whenever d >= 2, so this cannot wrap
    }
    out = Decimal::raw(static_cast<int128_t>(q), scale);
    return true;
}

}  // namespace detail

// cost / volume in the cost's unit at `scale` decimals, rounded by `mode`.
// A cost in tkr gives tkr per unit; convert first (cost.in(Unit::kr)) for kr.
// Throws Error(invalid) when the volume is zero (no division by zero) or the
// cost is negative (revenues larger than costs: no unit cost is defined),
// Error(scale) for a scale outside 0..28.
// Uppsala aug 2024, 5731: unit_cost(123 464 tkr, 22 939 vårddygn, 1,
// half_up) = 5,4 tkr per vårddygn.
template <CostConcept C, Per P>
UnitCost<C, P> unit_cost(const Cost<C>& cost, const Volume<P>& volume, int scale, Rounding mode,
                         const FewCases& few) {
    return UnitCost<C, P>(detail::unit_cost_value(cost.amount(), volume.count(), scale, mode, C, P),
                          cost.unit(), detail::too_few(volume.count(), few));
}

template <CostConcept C, Per P>
UnitCost<C, P> unit_cost(const Cost<C>& cost, const Volume<P>& volume, int scale, Rounding mode) {
    return unit_cost(cost, volume, scale, mode, default_few_cases);
}

// --- varav externt: a part of the population -----------------------------------------

template <CostConcept C, Per P>
struct PartUnitCost {
    UnitCost<C, P> unit_cost;  // the part's own cost per unit
    Percent share_of_volume;   // part volume / whole volume
    Percent share_of_cost;     // part cost / whole cost
};

namespace detail {

// Checks a part against its whole: part volume <= whole volume, whole volume
// > 0, whole cost > 0; Error(invalid) otherwise.
void check_part(const Decimal& whole_cost, const Decimal& whole_volume, const Decimal& part_cost,
                const Decimal& part_volume, CostConcept concept_, Per per);

}  // namespace detail

// "Varav externt": the unit cost of a sub-population (external providers,
// one kind of insats) and its shares of the whole's volume and cost. The
// part's volume may not exceed the whole's, and the whole must have a
// positive volume and cost (Error(invalid)); the part's cost may exceed the
// whole's only if the rest is a net revenue, so it is not restricted.
// Uppsala aug 2024, 5733: 3 184 tkr over 162 of 5 555 vårdtagare: 19,7 tkr
// per vårdtagare, 2,9 % of the volume, 5,2 % of the cost (of 60 976 tkr).
template <CostConcept C, Per P>
PartUnitCost<C, P> part_unit_cost(const Cost<C>& whole_cost, const Volume<P>& whole_volume,
                                  const Cost<C>& part_cost, const Volume<P>& part_volume,
                                  Precision unit_cost_precision, Precision share_precision,
                                  const FewCases& few) {
    const Unit u = static_cast<int>(whole_cost.unit()) < static_cast<int>(part_cost.unit())
                       ? whole_cost.unit()
                       : part_cost.unit();
    detail::check_part(whole_cost.in(u).amount(), whole_volume.count(), part_cost.in(u).amount(),
                       part_volume.count(), C, P);
    return PartUnitCost<C, P>{
        unit_cost(part_cost, part_volume, unit_cost_precision.scale, unit_cost_precision.mode, few),
        Percent::of(part_volume.count(), whole_volume.count(), share_precision.scale,
                    share_precision.mode),
        Percent::of(part_cost.in(u).amount(), whole_cost.in(u).amount(), share_precision.scale,
                    share_precision.mode)};
}

// --- change between two periods ---------------------------------------------------------

// (current − base) / |base| × 100 at `scale` decimals of the percent figure:
// the sign of the percentage is the sign of the change, also for a negative
// base (a deficit that grows is a negative change). Throws
// Error(division_by_zero) when the base is zero: a change from nothing has no
// percentage.
Percent change_percent(const Decimal& base, const Decimal& current, int scale, Rounding mode);

// The change of a share is in percentage points, never percent: 5,9 % ->
// 5,7 % is −0,2 procentenheter.
inline PercentagePoints change_points(const Percent& base, const Percent& current) {
    return current - base;
}

// A change in the figure's own terms and in percent.
template <class T>
struct Change {
    T amount;         // current − base, exactly, same type as the figures
    Percent percent;  // relative to |base|, rounded as asked
};

template <CostConcept C>
Change<Cost<C>> change(const Cost<C>& base, const Cost<C>& current, int percent_scale,
                       Rounding percent_mode) {
    const Cost<C> diff = current - base;
    const Unit u = diff.unit();
    return {diff, change_percent(base.in(u).amount(), current.in(u).amount(), percent_scale,
                                 percent_mode)};
}

// The change of a unit cost; the result is too_few if either figure is.
template <CostConcept C, Per P>
Change<UnitCost<C, P>> change(const UnitCost<C, P>& base, const UnitCost<C, P>& current,
                              int percent_scale, Rounding percent_mode) {
    const Cost<C> b(base.value(), base.unit());
    const Cost<C> c(current.value(), current.unit());
    const Cost<C> diff = c - b;
    const Unit u = diff.unit();
    return {UnitCost<C, P>(diff.amount(), u, base.too_few() || current.too_few()),
            change_percent(b.in(u).amount(), c.in(u).amount(), percent_scale, percent_mode)};
}

// --- Kolada N30001 -------------------------------------------------------------------------

// Nettokostnadsavvikelse (Kolada N30001, "Nettokostnadsavvikelse individ- och
// familjeomsorg (%)"): "avvikelse i procent mellan nettokostnad och
// referenskostnad för individ- och familjeomsorg, kronor/invånare"
// (Huddinge 2021, note 9, citing Kolada), that is
//     (nettokostnad − referenskostnad) / referenskostnad × 100,
// both in kr per invånare; the referenskostnad is the standard cost of the
// national kostnadsutjämning. Positive: the municipality spends more than its
// structure explains. The reference must be positive (Error(invalid)).
Percent net_cost_deviation(const Decimal& actual, const Decimal& reference, int scale,
                           Rounding mode);

inline Percent net_cost_deviation(
    const UnitCost<CostConcept::nettokostnad, Per::inhabitant>& actual,
    const UnitCost<CostConcept::nettokostnad, Per::inhabitant>& reference, int scale,
    Rounding mode) {
    const Nettokostnad a(actual.value(), actual.unit());
    const Nettokostnad r(reference.value(), reference.unit());
    const Unit u = static_cast<int>(a.unit()) < static_cast<int>(r.unit()) ? a.unit() : r.unit();
    return net_cost_deviation(a.in(u).amount(), r.in(u).amount(), scale, mode);
}

// --- KPB: kostnad per brukare by age group --------------------------------------------------

// One row of the KPB table ("Konsumtion IFO totalt"): an age group's costs
// (all linked to users), its inhabitants and its users.
struct KpbRow {
    std::string group;  // "0-6 år"
    KpbKostnad costs;
    Inhabitants inhabitants;
    Users users;
};

// The figures of one row as printed.
struct KpbFigures {
    std::string group;
    KpbKostnad costs;
    Inhabitants inhabitants;
    Users users;
    // Kr. / inv.: costs / inhabitants.
    UnitCost<CostConcept::kpb, Per::inhabitant> per_inhabitant;
    // KPB: costs linked to users / users. Empty for the row of costs not
    // linked to a user, for a row without users, and for a total whose costs
    // not linked to users are unknown (not determined).
    std::optional<UnitCost<CostConcept::kpb, Per::user>> per_user;
    // % Brukare: users / inhabitants. Empty for the row of costs not linked
    // to a user.
    std::optional<Percent> share_of_users;
};

struct KpbTable {
    std::vector<KpbFigures> rows;  // the age groups, in the given order
    KpbFigures not_linked;         // "Ej brukarkopplad": over all inhabitants
    KpbFigures total;              // "Totalt"
};

// One age group's figures: kr per invånare, KPB and % brukare of a row.
// Errors (Error(invalid), naming the row): more users than inhabitants, no
// inhabitants, costs but no users, negative costs. A row with neither costs
// nor users has no KPB.
KpbFigures kpb_row(const KpbRow& row, Precision amounts, Precision shares, const FewCases& few);

// The KPB table from its rows and the costs not linked to a user.
//
// Each row: kr per invånare = costs / inhabitants, KPB = costs / users,
// % brukare = users / inhabitants. The row of costs not linked to a user
// has the total's inhabitants, its kr per invånare, and no KPB or share.
// The total row, by the rule of the seeds (Eskilstuna 2022): costs = the
// rows' costs + the costs not linked to a user; inhabitants and users are
// the rows' sums; kr per invånare keeps every cost (658 914 703 / 107 918 =
// 6 106) while KPB leaves out the costs not linked to a user ((658 914 703 −
// 103 014 615) / 6 195 = 89 734), since those cannot be put on a user.
//
// `amounts` rounds kr per invånare and KPB (Eskilstuna: whole kronor, half
// up), `shares` rounds % brukare (one decimal). Errors, all Error(invalid),
// naming the row: a row with more users than inhabitants, a row without
// inhabitants, a row with costs but no users, negative costs.
KpbTable kpb_table(std::span<const KpbRow> rows, const KpbKostnad& not_linked_costs,
                   Precision amounts, Precision shares, const FewCases& few);

// The total row alone, from printed totals (Eskilstuna prints only the totals
// for 2021 and 2020). Without the costs not linked to a user (std::nullopt)
// the KPB is not determined and stays empty; kr per invånare and % brukare
// are. Errors as kpb_table.
KpbFigures kpb_total(const std::string& label, const KpbKostnad& total_costs,
                     const std::optional<KpbKostnad>& not_linked_costs,
                     const Inhabitants& inhabitants, const Users& users, Precision amounts,
                     Precision shares, const FewCases& few);

// --- out of line ------------------------------------------------------------------------------

namespace detail {
Decimal convert_unit(const Decimal& amount, Unit from, Unit to);
[[noreturn]] void throw_negative_volume(const Decimal& count, Per per);
}  // namespace detail

template <CostConcept C>
Cost<C> Cost<C>::in(Unit unit) const {
    return unit == unit_ ? *this : Cost(detail::convert_unit(amount_, unit_, unit), unit);
}

template <Per P>
void Volume<P>::throw_negative(const Decimal& count) {
    detail::throw_negative_volume(count, P);
}

}  // namespace kalkyl
