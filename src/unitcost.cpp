// The compiled parts of kalkyl/unitcost.hpp: validation and messages, the
// untyped unit-cost core the C ABI shares, percent change, Kolada N30001 and
// the KPB table.

#include "kalkyl/unitcost.hpp"

#include <string>

namespace kalkyl {

const char* cost_concept_name(CostConcept concept_) noexcept {
    switch (concept_) {
        case CostConcept::nettokostnad:
            return "nettokostnad";
        case CostConcept::kostnad:
            return "kostnad";
        case CostConcept::kpb:
            return "kpb";
    }
    return "unknown";
}

const char* per_name(Per per) noexcept {
    switch (per) {
        case Per::care_day:
            return "vårddygn";
        case Per::care_recipient:
            return "vårdtagare";
        case Per::user:
            return "brukare";
        case Per::inhabitant:
            return "invånare";
    }
    return "unknown";
}

namespace detail {

namespace {

const char* unit_name(Unit unit) {
    switch (unit) {
        case Unit::kr:
            return "kr";
        case Unit::tkr:
            return "tkr";
        case Unit::mnkr:
            return "mnkr";
    }
    return "?";
}

int exponent(Unit unit) {
    const int e = static_cast<int>(unit);
    if (e != 0 && e != 3 && e != 6)
        throw Error(Errc::invalid,
                    "unit " + std::to_string(e) + " is not kr (0), tkr (3) or mnkr (6)");
    return e;
}

}  // namespace

Decimal convert_unit(const Decimal& amount, Unit from, Unit to) {
    const int shift = exponent(from) - exponent(to);  // value in `to` = amount * 10^shift
    if (shift == 0) return amount;
    if (shift > 0) return amount * Decimal(static_cast<std::int64_t>(detail::pow10(shift)), 0);
    // To a coarser unit: move the decimal mark, exactly.
    const Decimal t = amount.trimmed();
    if (t.scale() - shift > Decimal::max_scale)
        throw Error(Errc::scale, "converting " + amount.to_string() + " " + unit_name(from) +
                                     " to " + unit_name(to) + " needs more than 28 decimals");
    return Decimal::raw(t.mantissa(), t.scale() - shift);
}

void throw_negative_volume(const Decimal& count, Per per) {
    throw Error(Errc::invalid, std::string("a volume of ") + per_name(per) +
                                   " cannot be negative (" + count.to_string() + ")");
}

Decimal unit_cost_value(const Decimal& cost, const Decimal& volume, int scale, Rounding mode,
                        CostConcept concept_, Per per) {
    if (volume.signum() <= 0)
        throw Error(Errc::invalid, std::string(cost_concept_name(concept_)) + " per " +
                                       per_name(per) + ": the volume is " + volume.to_string() +
                                       "; a unit cost needs a positive volume");
    if (cost.signum() < 0)
        throw Error(Errc::invalid, std::string(cost_concept_name(concept_)) + " per " +
                                       per_name(per) + ": the " + cost_concept_name(concept_) +
                                       " is negative (" + cost.to_string() +
                                       ": revenues larger than costs); a unit cost is not defined");
    if (!valid_scale(scale)) throw_scale(scale, "unit_cost");
    if (!valid_rounding(mode)) throw_invalid_rounding(mode, "unit_cost");
    Decimal out;
    if (unit_cost_fast(cost, volume, scale, mode, out)) return out;
    return divide(cost, volume, scale, mode);
}

void check_part(const Decimal& whole_cost, const Decimal& whole_volume, const Decimal& part_cost,
                const Decimal& part_volume, CostConcept concept_, Per per) {
    const std::string what =
        std::string("varav: ") + cost_concept_name(concept_) + " per " + per_name(per);
    if (whole_volume.signum() <= 0)
        throw Error(Errc::invalid, what + ": the whole's volume is " + whole_volume.to_string() +
                                       "; shares need a positive volume");
    if (part_volume > whole_volume)
        throw Error(Errc::invalid, what + ": the part's volume " + part_volume.to_string() +
                                       " exceeds the whole's " + whole_volume.to_string());
    if (whole_cost.signum() <= 0)
        throw Error(Errc::invalid, what + ": the whole's cost is " + whole_cost.to_string() +
                                       "; a share of cost needs a positive whole");
    (void)part_cost;
}

}  // namespace detail

Nettokostnad net_cost(const Decimal& total_costs, const Decimal& other_revenues, Unit unit) {
    if (total_costs.signum() < 0)
        throw Error(Errc::invalid,
                    "nettokostnad: totala kostnader " + total_costs.to_string() +
                        " is negative; give costs as a positive amount, as the sheet prints them");
    if (other_revenues.signum() < 0)
        throw Error(Errc::invalid,
                    "nettokostnad: övriga intäkter " + other_revenues.to_string() +
                        " is negative; give revenues as a positive amount (\"Avgår: övriga "
                        "intäkter\")");
    return Nettokostnad(total_costs - other_revenues, unit);
}

KoladaKostnad kolada_cost(const Decimal& gross_cost, const Decimal& internal_revenue,
                          const Decimal& sales_to_other_municipalities, Unit unit) {
    const auto check = [](const Decimal& v, const char* name) {
        if (v.signum() < 0)
            throw Error(Errc::invalid, std::string("kostnad (Kolada): ") + name + " " +
                                           v.to_string() +
                                           " is negative; give it as a positive amount");
    };
    check(gross_cost, "bruttokostnad");
    check(internal_revenue, "interna intäkter");
    check(sales_to_other_municipalities, "försäljning till andra kommuner och regioner");
    return KoladaKostnad(gross_cost - internal_revenue - sales_to_other_municipalities, unit);
}

Percent change_percent(const Decimal& base, const Decimal& current, int scale, Rounding mode) {
    if (base.is_zero())
        throw Error(Errc::division_by_zero, "change in percent from a base of zero (to " +
                                                current.to_string() +
                                                "): a change from nothing has no percentage");
    return Percent(divide((current - base) * Decimal(100, 0), base.abs(), scale, mode));
}

Percent net_cost_deviation(const Decimal& actual, const Decimal& reference, int scale,
                           Rounding mode) {
    if (reference.signum() <= 0)
        throw Error(Errc::invalid, "nettokostnadsavvikelse (N30001): the referenskostnad is " +
                                       reference.to_string() + "; it must be positive");
    return Percent(divide((actual - reference) * Decimal(100, 0), reference, scale, mode));
}

// --- KPB ---------------------------------------------------------------------------------------

namespace {

using KpbPerInhabitant = UnitCost<CostConcept::kpb, Per::inhabitant>;
using KpbPerUser = UnitCost<CostConcept::kpb, Per::user>;

void check_kpb_row(const std::string& label, const KpbKostnad& costs,
                   const Inhabitants& inhabitants, const Users& users) {
    const std::string where = "KPB row \"" + label + "\": ";
    if (costs.amount().signum() < 0)
        throw Error(Errc::invalid, where + "costs " + costs.amount().to_string() + " are negative");
    if (inhabitants.count().is_zero())
        throw Error(Errc::invalid,
                    where + "no inhabitants; kr per invånare and % brukare need inhabitants");
    if (users.count() > inhabitants.count())
        throw Error(Errc::invalid,
                    where + users.count().to_string() + " users but only " +
                        inhabitants.count().to_string() +
                        " inhabitants; a share of users above 100 % is not a KPB figure");
}

KpbFigures figures(const std::string& label, const KpbKostnad& costs,
                   const std::optional<KpbKostnad>& linked_costs, const Inhabitants& inhabitants,
                   const Users& users, Precision amounts, Precision shares, const FewCases& few) {
    check_kpb_row(label, costs, inhabitants, users);
    KpbFigures f;
    f.group = label;
    f.costs = costs;
    f.inhabitants = inhabitants;
    f.users = users;
    f.per_inhabitant = unit_cost(costs, inhabitants, amounts.scale, amounts.mode, few);
    if (linked_costs) {
        if (users.count().is_zero()) {
            if (!linked_costs->amount().is_zero())
                throw Error(Errc::invalid, "KPB row \"" + label + "\": costs " +
                                               linked_costs->amount().to_string() +
                                               " linked to users, but no users");
        } else {
            if (linked_costs->amount().signum() < 0)
                throw Error(Errc::invalid,
                            "KPB row \"" + label + "\": the costs linked to users (" +
                                linked_costs->amount().to_string() + ") are negative");
            f.per_user = unit_cost(*linked_costs, users, amounts.scale, amounts.mode, few);
        }
    }
    f.share_of_users = Percent::of(users.count(), inhabitants.count(), shares.scale, shares.mode);
    return f;
}

}  // namespace

KpbFigures kpb_row(const KpbRow& row, Precision amounts, Precision shares, const FewCases& few) {
    return figures(row.group, row.costs, row.costs, row.inhabitants, row.users, amounts, shares,
                   few);
}

KpbTable kpb_table(std::span<const KpbRow> rows, const KpbKostnad& not_linked_costs,
                   Precision amounts, Precision shares, const FewCases& few) {
    if (not_linked_costs.amount().signum() < 0)
        throw Error(Errc::invalid, "KPB: the costs not linked to a user (" +
                                       not_linked_costs.amount().to_string() + ") are negative");
    KpbTable table;
    table.rows.reserve(rows.size());
    KpbKostnad linked(Decimal(), not_linked_costs.unit());
    Inhabitants inhabitants;
    Users users;
    for (const KpbRow& row : rows) {
        table.rows.push_back(kpb_row(row, amounts, shares, few));
        linked = linked + row.costs;
        inhabitants = inhabitants + row.inhabitants;
        users = users + row.users;
    }
    if (inhabitants.count().is_zero())
        throw Error(Errc::invalid,
                    "KPB: the table has no inhabitants; kr per invånare needs inhabitants");

    KpbFigures& nl = table.not_linked;
    nl.group = "Ej brukarkopplad";
    nl.costs = not_linked_costs;
    nl.inhabitants = inhabitants;
    nl.per_inhabitant = unit_cost(not_linked_costs, inhabitants, amounts.scale, amounts.mode, few);

    table.total = figures("Totalt", linked + not_linked_costs, linked, inhabitants, users, amounts,
                          shares, few);
    return table;
}

KpbFigures kpb_total(const std::string& label, const KpbKostnad& total_costs,
                     const std::optional<KpbKostnad>& not_linked_costs,
                     const Inhabitants& inhabitants, const Users& users, Precision amounts,
                     Precision shares, const FewCases& few) {
    std::optional<KpbKostnad> linked;
    if (not_linked_costs) {
        if (not_linked_costs->amount().signum() < 0)
            throw Error(Errc::invalid, "KPB \"" + label + "\": the costs not linked to a user (" +
                                           not_linked_costs->amount().to_string() +
                                           ") are negative");
        linked = total_costs - *not_linked_costs;
    }
    return figures(label, total_costs, linked, inhabitants, users, amounts, shares, few);
}

}  // namespace kalkyl
