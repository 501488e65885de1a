// The C ABI of allocation, periodisation, display rounding and checks
// (capi/kalkyl.h, section "Allocation, periodisation, display rounding and
// checks") over include/kalkyl/allocate.hpp, footing.hpp and checks.hpp.
//
// The conventions of capi/kalkyl.cpp (capi/detail/capi_common.hpp): every
// argument checked, the C++ API called inside guarded(), outputs written only
// on success. The inputs are copied into C++ values as they are checked
// (kalkyl_dec and Decimal share a layout but are different types), the C++
// call computes into its own memory, and only then are the caller's arrays
// written, so a failure anywhere leaves them untouched.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "detail/capi_common.hpp"
#include "kalkyl.h"
#include "kalkyl/allocate.hpp"
#include "kalkyl/checks.hpp"
#include "kalkyl/decimal.hpp"
#include "kalkyl/footing.hpp"

static_assert(sizeof(kalkyl_term) == 8);
static_assert(sizeof(kalkyl_adjusted_cell) == 2 * sizeof(kalkyl_dec) + 16);
static_assert(sizeof(kalkyl_finding) == 4 * sizeof(kalkyl_dec) + 8);
static_assert(KALKYL_ALLOC_LARGEST_REMAINDER ==
              static_cast<int>(kalkyl::AllocationMode::largest_remainder));
static_assert(KALKYL_ALLOC_REMAINDER_TO_FIRST ==
              static_cast<int>(kalkyl::AllocationMode::remainder_to_first));
static_assert(KALKYL_ALLOC_REMAINDER_TO_LARGEST_WEIGHT ==
              static_cast<int>(kalkyl::AllocationMode::remainder_to_largest_weight));
static_assert(KALKYL_ALLOC_CUMULATIVE == static_cast<int>(kalkyl::AllocationMode::cumulative));
static_assert(KALKYL_ALLOC_CUMULATIVE + 1 == kalkyl::allocation_mode_count);
static_assert(KALKYL_REL_SUM == static_cast<int>(kalkyl::RelationKind::sum));
static_assert(KALKYL_REL_DIFFERENCE == static_cast<int>(kalkyl::RelationKind::difference));
static_assert(KALKYL_REL_RATIO == static_cast<int>(kalkyl::RelationKind::ratio));
static_assert(KALKYL_REL_SHARES == static_cast<int>(kalkyl::RelationKind::shares));
static_assert(KALKYL_REL_BAND_MIN == static_cast<int>(kalkyl::RelationKind::band_min));
static_assert(KALKYL_REL_BAND_MAX == static_cast<int>(kalkyl::RelationKind::band_max));
static_assert(KALKYL_SEVERITY_OK == static_cast<int>(kalkyl::Severity::ok));
static_assert(KALKYL_SEVERITY_ROUNDING == static_cast<int>(kalkyl::Severity::rounding));
static_assert(KALKYL_SEVERITY_ERROR == static_cast<int>(kalkyl::Severity::error));
static_assert(sizeof(kalkyl_allocation_mode) == sizeof(int));

namespace {

using kalkyl::Decimal;
using namespace kalkyl::capi::detail;

kalkyl_status check_mode(int mode, const char* fn) {
    if (mode >= 0 && mode < kalkyl::allocation_mode_count) return KALKYL_OK;
    return failf(KALKYL_E_INVALID, fn,
                 "mode %d is not a kalkyl_allocation_mode (0 LARGEST_REMAINDER, 1 "
                 "REMAINDER_TO_FIRST, 2 REMAINDER_TO_LARGEST_WEIGHT, 3 CUMULATIVE)",
                 mode);
}

// Checks and copies n values of the array argument `name`.
kalkyl_status load_array(const kalkyl_dec* array, std::size_t n, const char* fn, const char* name,
                         std::vector<Decimal>& out) {
    out.resize(n);
    for (std::size_t i = 0; i < n; ++i)
        if (const kalkyl_status s = load_at(array, i, fn, name, out[i]); s != KALKYL_OK) return s;
    return KALKYL_OK;
}

kalkyl_status allocate(const char* fn, const kalkyl_dec* total, const kalkyl_dec* weights,
                       std::size_t n, std::int32_t scale, int mode, kalkyl_dec* parts) {
    return guarded(fn, [&] {
        Decimal t;
        if (const kalkyl_status s = load(total, fn, "total", t); s != KALKYL_OK) return s;
        if (weights == nullptr && n > 0)
            return failf(KALKYL_E_NULL, fn, "weights is NULL but n is %zu", n);
        if (parts == nullptr) return null_arg(fn, "parts");
        if (const kalkyl_status s = check_mode(mode, fn); s != KALKYL_OK) return s;
        std::vector<Decimal> w;
        if (const kalkyl_status s = load_array(weights, n, fn, "weights", w); s != KALKYL_OK)
            return s;
        // The C++ call checks the rest (no weights, negative, all zero, the
        // scale) and throws before it computes; guarded() reports it. It
        // allocates in place, over the copy of the weights: a million weights
        // need one 24 MB buffer, not two.
        kalkyl::allocate_into(t, w, scale, static_cast<kalkyl::AllocationMode>(mode), w);
        for (std::size_t i = 0; i < n; ++i)
            parts[i] = to_c(w[i]);
        return KALKYL_OK;
    });
}

// The profile argument of the periodisation functions: NULL is equal months.
kalkyl_status load_profile(const kalkyl_dec* profile, const char* fn, kalkyl::MonthlyProfile& out) {
    if (profile == nullptr) {
        out = kalkyl::MonthlyProfile::equal();
        return KALKYL_OK;
    }
    std::vector<Decimal> w;
    if (const kalkyl_status s = load_array(profile, 12, fn, "profile", w); s != KALKYL_OK) return s;
    out = kalkyl::MonthlyProfile::from_weights(w);  // throws Error(invalid) with the month
    return KALKYL_OK;
}

}  // namespace

KALKYL_API kalkyl_status kalkyl_allocate(const kalkyl_dec* total, const kalkyl_dec* weights,
                                         size_t n, int32_t scale, kalkyl_dec* parts) {
    return allocate("kalkyl_allocate", total, weights, n, scale, KALKYL_ALLOC_LARGEST_REMAINDER,
                    parts);
}

KALKYL_API kalkyl_status kalkyl_allocate_mode(const kalkyl_dec* total, const kalkyl_dec* weights,
                                              size_t n, int32_t scale, kalkyl_allocation_mode mode,
                                              kalkyl_dec* parts) {
    return allocate("kalkyl_allocate_mode", total, weights, n, scale, enum_value(mode), parts);
}

KALKYL_API kalkyl_status kalkyl_periodise(const kalkyl_dec* annual, const kalkyl_dec* profile,
                                          int32_t scale, kalkyl_allocation_mode mode,
                                          kalkyl_dec* months) {
    static constexpr const char* fn = "kalkyl_periodise";
    return guarded(fn, [&] {
        Decimal a;
        if (const kalkyl_status s = load(annual, fn, "annual", a); s != KALKYL_OK) return s;
        if (months == nullptr) return null_arg(fn, "months");
        const int m = enum_value(mode);
        if (const kalkyl_status s = check_mode(m, fn); s != KALKYL_OK) return s;
        kalkyl::MonthlyProfile p = kalkyl::MonthlyProfile::equal();
        if (const kalkyl_status s = load_profile(profile, fn, p); s != KALKYL_OK) return s;
        const auto result = kalkyl::periodise(a, p, scale, static_cast<kalkyl::AllocationMode>(m));
        for (std::size_t i = 0; i < result.size(); ++i)
            months[i] = to_c(result[i]);
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_budget_through_month(const kalkyl_dec* annual,
                                                     const kalkyl_dec* profile, int32_t month,
                                                     int32_t scale, kalkyl_allocation_mode mode,
                                                     kalkyl_dec* out) {
    static constexpr const char* fn = "kalkyl_budget_through_month";
    return guarded(fn, [&] {
        Decimal a;
        if (const kalkyl_status s = load(annual, fn, "annual", a); s != KALKYL_OK) return s;
        if (out == nullptr) return null_arg(fn, "out");
        const int m = enum_value(mode);
        if (const kalkyl_status s = check_mode(m, fn); s != KALKYL_OK) return s;
        kalkyl::MonthlyProfile p = kalkyl::MonthlyProfile::equal();
        if (const kalkyl_status s = load_profile(profile, fn, p); s != KALKYL_OK) return s;
        *out = to_c(kalkyl::budget_through_month(a, p, month, scale,
                                                 static_cast<kalkyl::AllocationMode>(m)));
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_foot(const kalkyl_dec* cells, size_t n_rows, size_t n_cols,
                                     const kalkyl_dec* totals, const kalkyl_derived_column* derived,
                                     size_t n_derived, int32_t unit_exponent, int32_t decimals,
                                     kalkyl_rounding mode, kalkyl_dec* printed,
                                     kalkyl_dec* printed_totals, kalkyl_adjusted_cell* adjusted,
                                     size_t adjusted_cap, size_t* adjusted_count) {
    static constexpr const char* fn = "kalkyl_foot";
    return guarded(fn, [&] {
        if (cells == nullptr && n_rows > 0)
            return failf(KALKYL_E_NULL, fn, "cells is NULL but n_rows is %zu", n_rows);
        if (totals == nullptr) return null_arg(fn, "totals");
        if (derived == nullptr && n_derived > 0)
            return failf(KALKYL_E_NULL, fn, "derived is NULL but n_derived is %zu", n_derived);
        if (printed == nullptr && n_rows > 0)
            return failf(KALKYL_E_NULL, fn, "printed is NULL but n_rows is %zu", n_rows);
        if (printed_totals == nullptr) return null_arg(fn, "printed_totals");
        if (adjusted == nullptr && adjusted_cap > 0)
            return failf(KALKYL_E_NULL, fn, "adjusted is NULL but adjusted_cap is %zu",
                         adjusted_cap);
        if (adjusted_count == nullptr) return null_arg(fn, "adjusted_count");
        if (n_cols == 0) return fail(KALKYL_E_INVALID, fn, "n_cols is 0: the table has no columns");
        if (unit_exponent != 0 && unit_exponent != 3 && unit_exponent != 6)
            return failf(KALKYL_E_INVALID, fn,
                         "unit_exponent %d is not 0 (kr), 3 (tkr) or 6 (mnkr)",
                         static_cast<int>(unit_exponent));
        const int rounding = enum_value(mode);
        if (const kalkyl_status s = check_rounding(rounding, fn, "mode"); s != KALKYL_OK) return s;
        if (n_rows > SIZE_MAX / n_cols / sizeof(kalkyl_dec))
            return failf(KALKYL_E_INVALID, fn, "n_rows %zu * n_cols %zu is too large", n_rows,
                         n_cols);

        // The table, with generated column names for the messages.
        kalkyl::ExactTable table;
        table.rows = n_rows;
        for (std::size_t j = 0; j < n_cols; ++j)
            table.columns.push_back("column " + std::to_string(j));
        if (const kalkyl_status s = load_array(cells, n_rows * n_cols, fn, "cells", table.cells);
            s != KALKYL_OK)
            return s;
        if (const kalkyl_status s = load_array(totals, n_cols, fn, "totals", table.totals);
            s != KALKYL_OK)
            return s;
        for (std::size_t k = 0; k < n_derived; ++k) {
            const kalkyl_derived_column& d = derived[k];
            if (d.terms == nullptr && d.n_terms > 0)
                return failf(KALKYL_E_NULL, fn, "derived[%zu].terms is NULL but n_terms is %zu", k,
                             d.n_terms);
            kalkyl::DerivedColumn column;
            column.name = "derived column " + std::to_string(k);
            for (std::size_t t = 0; t < d.n_terms; ++t) {
                const kalkyl_term term = d.terms[t];
                if (term.index >= n_cols)
                    return failf(KALKYL_E_INVALID, fn,
                                 "derived[%zu].terms[%zu].index is %u, but there are %zu columns",
                                 k, t, static_cast<unsigned>(term.index), n_cols);
                column.terms.push_back(
                    kalkyl::ColumnTerm{table.columns[term.index], static_cast<int>(term.sign)});
            }
            table.derived.push_back(std::move(column));
        }

        const kalkyl::FootedTable f = kalkyl::foot(
            table, kalkyl::DisplayPrecision{static_cast<kalkyl::Unit>(unit_exponent), decimals,
                                            static_cast<kalkyl::Rounding>(rounding)});

        if (f.adjusted.size() > adjusted_cap) {
            *adjusted_count = f.adjusted.size();
            return failf(KALKYL_E_BUFFER, fn,
                         "%zu figures were moved but adjusted has room for %zu; call again with "
                         "adjusted_cap >= %zu",
                         f.adjusted.size(), adjusted_cap, f.adjusted.size());
        }
        for (std::size_t c = 0; c < f.cells.size(); ++c)
            printed[c] = to_c(f.cells[c]);
        for (std::size_t j = 0; j < f.totals.size(); ++j)
            printed_totals[j] = to_c(f.totals[j]);
        for (std::size_t a = 0; a < f.adjusted.size(); ++a) {
            const kalkyl::AdjustedCell& cell = f.adjusted[a];
            adjusted[a].rounded = to_c(cell.rounded);
            adjusted[a].printed = to_c(cell.printed);
            adjusted[a].row = cell.row;
            adjusted[a].column = cell.column;
        }
        *adjusted_count = f.adjusted.size();
        return KALKYL_OK;
    });
}

KALKYL_API kalkyl_status kalkyl_check(const kalkyl_figure* figures, size_t n_figures,
                                      const kalkyl_relation* relations, size_t n_relations,
                                      kalkyl_finding* findings, size_t* bad_index) {
    static constexpr const char* fn = "kalkyl_check";
    if (bad_index == nullptr) return null_arg(fn, "bad_index");
    *bad_index = no_index;  // not a relation, unless a relation is found at fault
    const kalkyl_status status = guarded(fn, [&] {
        if (figures == nullptr && n_figures > 0)
            return failf(KALKYL_E_NULL, fn, "figures is NULL but n_figures is %zu", n_figures);
        if (relations == nullptr && n_relations > 0)
            return failf(KALKYL_E_NULL, fn, "relations is NULL but n_relations is %zu",
                         n_relations);
        if (findings == nullptr && n_relations > 0)
            return failf(KALKYL_E_NULL, fn, "findings is NULL but n_relations is %zu", n_relations);

        // Figures are named by index ("#3"), with the caller's name for the
        // messages: indices are unique even where names are not.
        std::vector<kalkyl::PrintedFigure> figs(n_figures);
        std::vector<std::string> names(n_figures);
        for (std::size_t i = 0; i < n_figures; ++i) {
            const kalkyl_figure& f = figures[i];
            // Appended piece by piece: "#" + std::to_string(i) trips GCC 12's
            // -Wrestrict false positive at -O3.
            names[i].append(1, '#').append(std::to_string(i));
            if (f.name != nullptr) names[i].append(1, ' ').append(f.name);
            Decimal v;
            if (!valid_dec(f.value)) return bad_dec(f.value, fn, "figures[].value", i);
            v = to_decimal(f.value);
            if (f.reserved != 0)
                return failf(KALKYL_E_INVALID, fn, "figures[%zu].reserved is %u; it must be 0", i,
                             static_cast<unsigned>(f.reserved));
            if (f.decimals != KALKYL_EXACT && f.decimals != KALKYL_DECIMALS_OF_VALUE &&
                (f.decimals < 0 || f.decimals > 27))
                return failf(KALKYL_E_INVALID, fn,
                             "figures[%zu].decimals is %d; it is 0..27, KALKYL_DECIMALS_OF_VALUE "
                             "(-1) or KALKYL_EXACT (-2)",
                             i, static_cast<int>(f.decimals));
            if (f.decimals == KALKYL_EXACT) {
                figs[i] = kalkyl::PrintedFigure::exact_count(names[i], v);
            } else if (f.decimals == KALKYL_DECIMALS_OF_VALUE) {
                figs[i] = kalkyl::PrintedFigure::printed(names[i], v);
            } else {
                figs[i] = kalkyl::PrintedFigure::printed(names[i], v, f.decimals);
            }
        }

        std::vector<kalkyl::Relation> rels(n_relations);
        for (std::size_t r = 0; r < n_relations; ++r) {
            *bad_index = r;
            const kalkyl_relation& c = relations[r];
            kalkyl::Relation& rel = rels[r];
            rel.label =
                c.label != nullptr ? std::string(c.label) : "relations[" + std::to_string(r) + "]";
            // The structure is checked here too (the C++ check would refuse it
            // as well), so that *bad_index can name the relation.
            if (c.kind < KALKYL_REL_SUM || c.kind > KALKYL_REL_BAND_MAX)
                return failf(KALKYL_E_INVALID, fn,
                             "relations[%zu] (%s): kind %d is not a kalkyl_relation_kind (0..5)", r,
                             rel.label.c_str(), static_cast<int>(c.kind));
            rel.kind = static_cast<kalkyl::RelationKind>(c.kind);
            if (c.n_numerator == 0)
                return failf(KALKYL_E_INVALID, fn, "relations[%zu] (%s) has no numerator terms", r,
                             rel.label.c_str());
            if ((c.kind == KALKYL_REL_RATIO) != (c.n_denominator > 0))
                return failf(
                    KALKYL_E_INVALID, fn,
                    c.kind == KALKYL_REL_RATIO
                        ? "relations[%zu] (%s) is a ratio without a denominator"
                        : "relations[%zu] (%s) has a denominator, but only a ratio has one",
                    r, rel.label.c_str());
            const auto terms = [&](const kalkyl_term* t, std::size_t n, const char* what,
                                   std::vector<kalkyl::Term>& out) {
                if (t == nullptr && n > 0)
                    return failf(KALKYL_E_NULL, fn,
                                 "relations[%zu].%s is NULL but its count is %zu", r, what, n);
                for (std::size_t i = 0; i < n; ++i) {
                    if (t[i].sign != 1 && t[i].sign != -1)
                        return failf(KALKYL_E_INVALID, fn,
                                     "relations[%zu] (%s): %s[%zu].sign is %d; it is +1 or -1", r,
                                     rel.label.c_str(), what, i, static_cast<int>(t[i].sign));
                    if (t[i].index >= n_figures)
                        return failf(KALKYL_E_INVALID, fn,
                                     "relations[%zu] (%s): %s[%zu] names figure %u, but there are "
                                     "%zu figures",
                                     r, rel.label.c_str(), what, i,
                                     static_cast<unsigned>(t[i].index), n_figures);
                    out.push_back(kalkyl::Term{figs[t[i].index].name, static_cast<int>(t[i].sign)});
                }
                return KALKYL_OK;
            };
            if (const kalkyl_status s =
                    terms(c.numerator, c.n_numerator, "numerator", rel.numerator);
                s != KALKYL_OK)
                return s;
            if (const kalkyl_status s =
                    terms(c.denominator, c.n_denominator, "denominator", rel.denominator);
                s != KALKYL_OK)
                return s;
            if (c.kind != KALKYL_REL_SHARES) {
                if (c.result >= n_figures)
                    return failf(KALKYL_E_INVALID, fn,
                                 "relations[%zu] (%s): result names figure %u, but there are %zu "
                                 "figures",
                                 r, rel.label.c_str(), static_cast<unsigned>(c.result), n_figures);
                rel.result = figs[c.result].name;
            }
            if (c.kind == KALKYL_REL_RATIO) {
                if (const kalkyl_status s =
                        load(&c.multiplier, fn, "relations[].multiplier", rel.multiplier);
                    s != KALKYL_OK)
                    return s;
                if (rel.multiplier.signum() <= 0)
                    return failf(KALKYL_E_INVALID, fn,
                                 "relations[%zu] (%s): multiplier is %s; it must be positive (100 "
                                 "for a percentage, 1 otherwise)",
                                 r, rel.label.c_str(), rel.multiplier.to_string().c_str());
            }
            if (c.kind == KALKYL_REL_SHARES) {
                if (const kalkyl_status s = load(&c.whole, fn, "relations[].whole", rel.whole);
                    s != KALKYL_OK)
                    return s;
            }
        }
        *bad_index = no_index;
        std::vector<kalkyl::Finding> result;
        try {
            result = kalkyl::check(figs, rels);
        } catch (const kalkyl::Error& e) {
            // Only a ratio's denominator that could be zero is found while
            // computing; say which relation (this path is rare, so one check
            // per relation is cheap enough).
            if (e.code() == kalkyl::Errc::division_by_zero)
                for (std::size_t r = 0; r < n_relations; ++r) {
                    try {
                        (void)kalkyl::check(figs, {rels[r]});
                    } catch (const kalkyl::Error&) {
                        *bad_index = r;
                        break;
                    }
                }
            throw;
        }
        for (std::size_t r = 0; r < n_relations; ++r) {
            const kalkyl::Finding& f = result[r];
            findings[r].expected = to_c(f.expected);
            findings[r].printed = to_c(f.printed);
            findings[r].difference = to_c(f.difference);
            findings[r].tolerance = to_c(f.tolerance);
            findings[r].severity = static_cast<std::int32_t>(f.severity);
            findings[r].kind = static_cast<std::int32_t>(f.kind);
        }
        return KALKYL_OK;
    });
    return status;
}
