/*
 * Window functions over a whole partition: kalkyl_allocate splits a total by
 * the rows' weights, kalkyl_foot rounds the rows for print so that they add
 * up to the rounded total. Both read every row of the partition once
 * (WinGetFuncArgInPartition), call the C ABI once, and keep the results in
 * the partition's memory for the following rows.
 */
#include "pg_kalkyl.h"

#include <string.h>

#include "utils/builtins.h"
#include "utils/memutils.h"
#include "windowapi.h"

typedef struct PartitionResults {
    bool computed;
    int64 n;
    kalkyl_dec* results;
    bool* isnull;
} PartitionResults;

static Datum partition_arg(WindowObject winobj, int argno, int64 row, bool* isnull) {
    bool isout;
    Datum d = WinGetFuncArgInPartition(winobj, argno, row, WINDOW_SEEK_HEAD, false, isnull, &isout);

    if (isout)
        ereport(ERROR, (errcode(ERRCODE_INTERNAL_ERROR),
                        errmsg("row %lld is outside its partition", (long long)row)));
    return d;
}

static kalkyl_allocation_mode allocation_mode(text* mode) {
    static const char* const names[] = {"largest_remainder", "remainder_to_first",
                                        "remainder_to_largest_weight", "cumulative"};
    int i;

    for (i = 0; i < (int)lengthof(names); i++)
        if (VARSIZE_ANY_EXHDR(mode) == strlen(names[i]) &&
            pg_strncasecmp(VARDATA_ANY(mode), names[i], strlen(names[i])) == 0)
            return (kalkyl_allocation_mode)i;
    ereport(ERROR,
            (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
             errmsg("kalkyl_allocate: unknown allocation mode \"%s\"", text_to_cstring(mode)),
             errhint("The modes are largest_remainder, remainder_to_first, "
                     "remainder_to_largest_weight and cumulative.")));
    pg_unreachable();
}

/* The results of the current partition; `compute` fills them on its first row. */
static PartitionResults* partition_results(WindowObject winobj) {
    return (PartitionResults*)WinGetPartitionLocalMemory(winobj, sizeof(PartitionResults));
}

/*
 * kalkyl_allocate(total, weight, scale, mode) OVER (PARTITION BY ... ORDER
 * BY ...): every row's part of the partition's total. The parts add up to
 * the total exactly; equal remainders go to the row that comes first in the
 * ORDER BY (kalkyl_allocate's lower index). A row with a NULL weight gets
 * NULL and no part. Every row must carry the same total (or NULL).
 */
PG_FUNCTION_INFO_V1(kalkyl_pg_allocate);
Datum kalkyl_pg_allocate(PG_FUNCTION_ARGS) {
    WindowObject winobj = PG_WINDOW_OBJECT();
    PartitionResults* r = partition_results(winobj);
    int64 current = WinGetCurrentPosition(winobj);

    if (!r->computed) {
        MemoryContext partition = GetMemoryChunkContext(r);
        int64 n = WinGetPartitionRowCount(winobj);
        kalkyl_dec* weights = palloc(sizeof(kalkyl_dec) * (n > 0 ? n : 1));
        int64* rows = palloc(sizeof(int64) * (n > 0 ? n : 1));
        kalkyl_dec total;
        int64 total_row = -1;
        size_t n_weights = 0;
        bool isnull;
        int32 scale;
        kalkyl_allocation_mode mode;
        kalkyl_dec* parts;
        int64 i;

        r->results = MemoryContextAllocZero(partition, sizeof(kalkyl_dec) * (n > 0 ? n : 1));
        r->isnull = MemoryContextAlloc(partition, sizeof(bool) * (n > 0 ? n : 1));
        for (i = 0; i < n; i++)
            r->isnull[i] = true;
        r->n = n;
        for (i = 0; i < n; i++) {
            Datum d = partition_arg(winobj, 0, i, &isnull);
            kalkyl_dec t;
            char what[96];

            if (isnull) continue;
            snprintf(what, sizeof what, "kalkyl_allocate: total of row %lld", (long long)i + 1);
            kalkyl_pg_datum_to_dec(d, &t, what);
            if (total_row < 0) {
                total = t;
                total_row = i;
            } else {
                int cmp;

                kalkyl_pg_check(kalkyl_dec_cmp(&total, &t, &cmp));
                if (cmp != 0)
                    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                                    errmsg("kalkyl_allocate: the total differs within the "
                                           "partition: row %lld has %s, row %lld has %s",
                                           (long long)total_row + 1,
                                           DatumGetCString(DirectFunctionCall1(
                                               numeric_out,
                                               NumericGetDatum(kalkyl_pg_dec_to_numeric(&total)))),
                                           (long long)i + 1,
                                           DatumGetCString(DirectFunctionCall1(numeric_out, d)))));
            }
        }
        for (i = 0; i < n; i++) {
            Datum d = partition_arg(winobj, 1, i, &isnull);
            char what[96];

            if (isnull) continue;
            snprintf(what, sizeof what, "kalkyl_allocate: weight of row %lld", (long long)i + 1);
            kalkyl_pg_datum_to_dec(d, &weights[n_weights], what);
            rows[n_weights++] = i;
        }
        if (total_row >= 0 && n_weights > 0) {
            Datum d = partition_arg(winobj, 2, current, &isnull);

            if (isnull)
                ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                                errmsg("kalkyl_allocate: scale is NULL")));
            scale = DatumGetInt32(d);
            d = partition_arg(winobj, 3, current, &isnull);
            if (isnull)
                ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                                errmsg("kalkyl_allocate: mode is NULL")));
            mode = allocation_mode(DatumGetTextPP(d));
            parts = palloc(sizeof(kalkyl_dec) * n_weights);
            kalkyl_pg_check(kalkyl_allocate_mode(&total, weights, n_weights, scale, mode, parts));
            for (i = 0; i < (int64)n_weights; i++) {
                r->results[rows[i]] = parts[i];
                r->isnull[rows[i]] = false;
            }
            pfree(parts);
        }
        pfree(weights);
        pfree(rows);
        r->computed = true;
    }
    if (current < 0 || current >= r->n || r->isnull[current]) PG_RETURN_NULL();
    PG_RETURN_NUMERIC(kalkyl_pg_dec_to_numeric(&r->results[current]));
}

/*
 * kalkyl_foot(value, decimals, unit, mode) OVER (...): the row's value as a
 * table prints it in `unit` at `decimals` decimals, chosen (kalkyl_foot) so
 * that the partition's printed rows add up to its correctly rounded total;
 * each printed row is within one display unit of its correct rounding. A
 * NULL value is NULL and not part of the table.
 */
PG_FUNCTION_INFO_V1(kalkyl_pg_foot);
Datum kalkyl_pg_foot(PG_FUNCTION_ARGS) {
    WindowObject winobj = PG_WINDOW_OBJECT();
    PartitionResults* r = partition_results(winobj);
    int64 current = WinGetCurrentPosition(winobj);

    if (!r->computed) {
        MemoryContext partition = GetMemoryChunkContext(r);
        int64 n = WinGetPartitionRowCount(winobj);
        kalkyl_dec* cells = palloc(sizeof(kalkyl_dec) * (n > 0 ? n : 1));
        int64* rows = palloc(sizeof(int64) * (n > 0 ? n : 1));
        size_t n_cells = 0;
        bool isnull;
        int64 i;

        r->results = MemoryContextAllocZero(partition, sizeof(kalkyl_dec) * (n > 0 ? n : 1));
        r->isnull = MemoryContextAlloc(partition, sizeof(bool) * (n > 0 ? n : 1));
        for (i = 0; i < n; i++)
            r->isnull[i] = true;
        r->n = n;
        for (i = 0; i < n; i++) {
            Datum d = partition_arg(winobj, 0, i, &isnull);
            char what[96];

            if (isnull) continue;
            snprintf(what, sizeof what, "kalkyl_foot: value of row %lld", (long long)i + 1);
            kalkyl_pg_datum_to_dec(d, &cells[n_cells], what);
            rows[n_cells++] = i;
        }
        if (n_cells > 0) {
            kalkyl_dec total, printed_total;
            kalkyl_dec* printed = palloc(sizeof(kalkyl_dec) * n_cells);
            kalkyl_adjusted_cell* adjusted = palloc(sizeof(kalkyl_adjusted_cell) * (n_cells + 1));
            size_t n_adjusted;
            int32 decimals, unit_exponent;
            kalkyl_rounding mode;
            Datum d;

            d = partition_arg(winobj, 1, current, &isnull);
            if (isnull)
                ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                                errmsg("kalkyl_foot: decimals is NULL")));
            decimals = DatumGetInt32(d);
            d = partition_arg(winobj, 2, current, &isnull);
            if (isnull)
                ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                                errmsg("kalkyl_foot: unit is NULL")));
            unit_exponent = kalkyl_pg_unit_exponent(DatumGetTextPP(d));
            d = partition_arg(winobj, 3, current, &isnull);
            if (isnull)
                ereport(ERROR, (errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
                                errmsg("kalkyl_foot: mode is NULL")));
            mode = kalkyl_pg_rounding(DatumGetTextPP(d));
            kalkyl_pg_check(kalkyl_sum(cells, n_cells, &total));
            kalkyl_pg_check(kalkyl_foot(cells, n_cells, 1, &total, NULL, 0, unit_exponent, decimals,
                                        mode, printed, &printed_total, adjusted, n_cells + 1,
                                        &n_adjusted));
            for (i = 0; i < (int64)n_cells; i++) {
                r->results[rows[i]] = printed[i];
                r->isnull[rows[i]] = false;
            }
            pfree(printed);
            pfree(adjusted);
        }
        pfree(cells);
        pfree(rows);
        r->computed = true;
    }
    if (current < 0 || current >= r->n || r->isnull[current]) PG_RETURN_NULL();
    PG_RETURN_NUMERIC(kalkyl_pg_dec_to_numeric(&r->results[current]));
}
