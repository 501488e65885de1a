/*
 * Scalar functions: rounding, division, text in and out, unit costs, KPB,
 * the check of a printed sum, and kalkyl_sum over an array.
 */
#include "pg_kalkyl.h"

#include <string.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"

#define ARG_DEC(n, var, what) kalkyl_pg_numeric_to_dec(PG_GETARG_NUMERIC(n), &(var), (what))
#define RETURN_DEC(v) PG_RETURN_NUMERIC(kalkyl_pg_dec_to_numeric(&(v)))

PG_FUNCTION_INFO_V1(kalkyl_pg_version);
Datum kalkyl_pg_version(PG_FUNCTION_ARGS) {
    PG_RETURN_TEXT_P(cstring_to_text(kalkyl_version()));
}

PG_FUNCTION_INFO_V1(kalkyl_pg_round);
Datum kalkyl_pg_round(PG_FUNCTION_ARGS) {
    kalkyl_dec a, out;

    ARG_DEC(0, a, "kalkyl_round: value");
    kalkyl_pg_check(
        kalkyl_dec_round(&a, PG_GETARG_INT32(1), kalkyl_pg_rounding(PG_GETARG_TEXT_PP(2)), &out));
    RETURN_DEC(out);
}

PG_FUNCTION_INFO_V1(kalkyl_pg_divide);
Datum kalkyl_pg_divide(PG_FUNCTION_ARGS) {
    kalkyl_dec a, b, out;

    ARG_DEC(0, a, "kalkyl_divide: dividend");
    ARG_DEC(1, b, "kalkyl_divide: divisor");
    kalkyl_pg_check(
        kalkyl_dec_div(&a, &b, PG_GETARG_INT32(2), kalkyl_pg_rounding(PG_GETARG_TEXT_PP(3)), &out));
    RETURN_DEC(out);
}

PG_FUNCTION_INFO_V1(kalkyl_pg_parse);
Datum kalkyl_pg_parse(PG_FUNCTION_ARGS) {
    text* t = PG_GETARG_TEXT_PP(0);
    kalkyl_locale locale = kalkyl_pg_locale(PG_GETARG_TEXT_PP(1), true);
    kalkyl_dec out;

    kalkyl_pg_check(kalkyl_dec_parse(VARDATA_ANY(t), VARSIZE_ANY_EXHDR(t), locale, &out));
    RETURN_DEC(out);
}

PG_FUNCTION_INFO_V1(kalkyl_pg_format);
Datum kalkyl_pg_format(PG_FUNCTION_ARGS) {
    kalkyl_dec v;
    kalkyl_format fmt;
    char buf[128];
    size_t needed;

    ARG_DEC(0, v, "kalkyl_format: value");
    memset(&fmt, 0, sizeof fmt);
    fmt.size = sizeof fmt;
    fmt.decimals = PG_GETARG_INT32(1);
    fmt.unit_exponent = kalkyl_pg_unit_exponent(PG_GETARG_TEXT_PP(2));
    fmt.rounding = kalkyl_pg_rounding(PG_GETARG_TEXT_PP(3));
    fmt.locale = kalkyl_pg_locale(PG_GETARG_TEXT_PP(4), false);
    fmt.flags = 0;
    kalkyl_pg_check(kalkyl_dec_format(&v, &fmt, buf, sizeof buf, &needed));
    PG_RETURN_TEXT_P(cstring_to_text_with_len(buf, (int)needed - 1));
}

/* A composite result of numerics (NULL where `isnull`) and booleans. */
static Datum make_record(FunctionCallInfo fcinfo, Datum* values, bool* isnull) {
    TupleDesc desc;

    if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
        ereport(
            ERROR,
            (errcode(ERRCODE_FEATURE_NOT_SUPPORTED),
             errmsg("function returning record called in context that cannot accept type record")));
    desc = BlessTupleDesc(desc);
    return HeapTupleGetDatum(heap_form_tuple(desc, values, isnull));
}

/* nettokostnad and nettokostnad per unit of one row, with the few-cases flag. */
PG_FUNCTION_INFO_V1(kalkyl_pg_unit_cost_row);
Datum kalkyl_pg_unit_cost_row(PG_FUNCTION_ARGS) {
    kalkyl_dec total_cost, other_revenue, volume, net_cost, per_unit;
    uint8_t flags = 0;
    size_t bad_index;
    Datum values[3];
    bool isnull[3] = {false, false, false};

    ARG_DEC(0, total_cost, "kalkyl_unit_cost_row: total_cost");
    ARG_DEC(1, other_revenue, "kalkyl_unit_cost_row: other_revenue");
    ARG_DEC(2, volume, "kalkyl_unit_cost_row: volume");
    kalkyl_pg_check(kalkyl_unit_cost_array(
        &total_cost, &other_revenue, &volume, 1, PG_GETARG_INT32(3),
        kalkyl_pg_rounding(PG_GETARG_TEXT_PP(4)), NULL, &net_cost, &per_unit, &flags, &bad_index));
    values[0] = NumericGetDatum(kalkyl_pg_dec_to_numeric(&net_cost));
    values[1] = NumericGetDatum(kalkyl_pg_dec_to_numeric(&per_unit));
    values[2] = BoolGetDatum((flags & KALKYL_UNIT_TOO_FEW) != 0);
    return make_record(fcinfo, values, isnull);
}

/* Kolada's kostnad and kostnad per unit. */
PG_FUNCTION_INFO_V1(kalkyl_pg_kolada_unit_cost);
Datum kalkyl_pg_kolada_unit_cost(PG_FUNCTION_ARGS) {
    kalkyl_dec gross, internal, sales, volume, cost, per_unit;
    Datum values[2];
    bool isnull[2] = {false, false};

    ARG_DEC(0, gross, "kalkyl_kolada_unit_cost: gross_cost");
    ARG_DEC(1, internal, "kalkyl_kolada_unit_cost: internal_revenue");
    ARG_DEC(2, sales, "kalkyl_kolada_unit_cost: sales_to_municipalities");
    ARG_DEC(3, volume, "kalkyl_kolada_unit_cost: volume");
    kalkyl_pg_check(kalkyl_kolada_unit_cost(&gross, &internal, &sales, &volume, PG_GETARG_INT32(4),
                                            kalkyl_pg_rounding(PG_GETARG_TEXT_PP(5)), &cost,
                                            &per_unit));
    values[0] = NumericGetDatum(kalkyl_pg_dec_to_numeric(&cost));
    values[1] = NumericGetDatum(kalkyl_pg_dec_to_numeric(&per_unit));
    return make_record(fcinfo, values, isnull);
}

/* The KPB table's total row from printed totals. */
PG_FUNCTION_INFO_V1(kalkyl_pg_kpb_total);
Datum kalkyl_pg_kpb_total(PG_FUNCTION_ARGS) {
    kalkyl_dec total_costs, not_linked, inhabitants, users;
    kalkyl_kpb_figures out;
    Datum values[5];
    bool isnull[5] = {false, false, false, false, false};

    if (PG_ARGISNULL(0) || PG_ARGISNULL(2) || PG_ARGISNULL(3) || PG_ARGISNULL(4) ||
        PG_ARGISNULL(5) || PG_ARGISNULL(6) || PG_ARGISNULL(7))
        PG_RETURN_NULL();
    ARG_DEC(0, total_costs, "kalkyl_kpb_total: total_costs");
    if (!PG_ARGISNULL(1)) ARG_DEC(1, not_linked, "kalkyl_kpb_total: not_linked_costs");
    ARG_DEC(2, inhabitants, "kalkyl_kpb_total: inhabitants");
    ARG_DEC(3, users, "kalkyl_kpb_total: users");
    kalkyl_pg_check(kalkyl_kpb_total(&total_costs, PG_ARGISNULL(1) ? NULL : &not_linked,
                                     &inhabitants, &users, PG_GETARG_INT32(4),
                                     kalkyl_pg_rounding(PG_GETARG_TEXT_PP(5)), PG_GETARG_INT32(6),
                                     kalkyl_pg_rounding(PG_GETARG_TEXT_PP(7)), NULL, &out));
    values[0] = NumericGetDatum(kalkyl_pg_dec_to_numeric(&out.per_inhabitant));
    if (out.flags & KALKYL_KPB_NO_KPB)
        isnull[1] = true;
    else
        values[1] = NumericGetDatum(kalkyl_pg_dec_to_numeric(&out.per_user));
    if (out.flags & KALKYL_KPB_NO_SHARE)
        isnull[2] = true;
    else
        values[2] = NumericGetDatum(kalkyl_pg_dec_to_numeric(&out.share_of_users));
    values[3] = BoolGetDatum((out.flags & KALKYL_KPB_FEW_USERS) != 0);
    values[4] = BoolGetDatum((out.flags & KALKYL_KPB_FEW_INHABITANTS) != 0);
    return make_record(fcinfo, values, isnull);
}

/* The elements of a numeric[] as kalkyl_dec (NULL elements are 22004). */
static kalkyl_dec* array_to_decs(ArrayType* array, int* n, const char* what) {
    Datum* elems;
    bool* nulls;
    kalkyl_dec* decs;
    int i;

    if (ARR_NDIM(array) > 1)
        ereport(ERROR, (errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
                        errmsg("%s: a one-dimensional array is expected", what)));
    deconstruct_array(array, NUMERICOID, -1, false, TYPALIGN_INT, &elems, &nulls, n);
    decs = palloc(sizeof(kalkyl_dec) * (*n > 0 ? *n : 1));
    for (i = 0; i < *n; i++) {
        char element[80];

        snprintf(element, sizeof element, "%s[%d]", what, i + 1);
        if (nulls[i])
            ereport(ERROR,
                    (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED), errmsg("%s is NULL", element)));
        kalkyl_pg_datum_to_dec(elems[i], &decs[i], element);
    }
    return decs;
}

/* kalkyl_sum over a whole array in one call: the C ABI's own column sum,
 * which the aggregates are compared with. */
PG_FUNCTION_INFO_V1(kalkyl_pg_sum_array);
Datum kalkyl_pg_sum_array(PG_FUNCTION_ARGS) {
    int n;
    kalkyl_dec* decs = array_to_decs(PG_GETARG_ARRAYTYPE_P(0), &n, "kalkyl_sum_array: values");
    kalkyl_dec out;

    kalkyl_pg_check(kalkyl_sum(decs, (size_t)n, &out));
    RETURN_DEC(out);
}

/*
 * Whether rows printed with `decimals` decimals add up to a printed total:
 * ok (exactly), rounding (the printed precisions explain the difference) or
 * error; with the difference (printed total - sum of the printed rows) and
 * the tolerance rounding allows (kalkyl_check, KALKYL_REL_SUM).
 */
PG_FUNCTION_INFO_V1(kalkyl_pg_check_sum);
Datum kalkyl_pg_check_sum(PG_FUNCTION_ARGS) {
    int n;
    kalkyl_dec* rows = array_to_decs(PG_GETARG_ARRAYTYPE_P(0), &n, "kalkyl_check_sum: rows");
    int32 decimals = PG_GETARG_INT32(2);
    kalkyl_figure* figures;
    kalkyl_term* terms;
    kalkyl_relation relation;
    kalkyl_finding finding;
    size_t bad_index;
    Datum values[3];
    bool isnull[3] = {false, false, false};
    static const char* const verdicts[] = {"ok", "rounding", "error"};
    int i;

    if (n == 0)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("kalkyl_check_sum: rows is empty: a sum needs at least one row")));
    figures = palloc0(sizeof(kalkyl_figure) * (n + 1));
    terms = palloc0(sizeof(kalkyl_term) * n);
    for (i = 0; i < n; i++) {
        figures[i].value = rows[i];
        figures[i].decimals = decimals;
        terms[i].index = (uint32_t)i;
        terms[i].sign = 1;
    }
    kalkyl_pg_numeric_to_dec(PG_GETARG_NUMERIC(1), &figures[n].value,
                             "kalkyl_check_sum: printed_total");
    figures[n].decimals = decimals;
    memset(&relation, 0, sizeof relation);
    relation.kind = KALKYL_REL_SUM;
    relation.result = (uint32_t)n;
    relation.numerator = terms;
    relation.n_numerator = (size_t)n;
    kalkyl_pg_check(kalkyl_check(figures, (size_t)n + 1, &relation, 1, &finding, &bad_index));
    if (finding.severity < 0 || finding.severity > 2)
        ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
                        errmsg("kalkyl_check: unknown severity %d", finding.severity)));
    values[0] = CStringGetTextDatum(verdicts[finding.severity]);
    values[1] = NumericGetDatum(kalkyl_pg_dec_to_numeric(&finding.difference));
    values[2] = NumericGetDatum(kalkyl_pg_dec_to_numeric(&finding.tolerance));
    return make_record(fcinfo, values, isnull);
}
