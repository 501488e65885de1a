/* c.ledger: the budget follow-up ledger from C99 (capi/kalkyl.h, section
** "Budget follow-up ledger"), on Huddinge's driftredovisning per augusti 2021
** (seed 003, "Driftredovisning, tkr"), and its bad input: NULL, a freed
** handle, a cycle, a month outside 1..12, an outcome on a net row, a forecast
** without history; after each, the ledger is as it was. */

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "kalkyl.h"

static int failures = 0;

#define CHECK(cond)                                                                          \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            ++failures;                                                                      \
            fprintf(stderr, "%s:%d: CHECK(%s) failed; last error: %s\n", __FILE__, __LINE__, \
                    #cond, kalkyl_last_error());                                             \
        }                                                                                    \
    } while (0)

static kalkyl_dec D(int64_t v) {
    kalkyl_dec d;
    kalkyl_dec_from_int(v, 0, &d);
    return d;
}

static int eq(const kalkyl_dec* a, int64_t b) {
    kalkyl_dec bb = D(b);
    int c = 2;
    return kalkyl_dec_cmp(a, &bb, &c) == KALKYL_OK && c == 0;
}

static kalkyl_status add(kalkyl_ledger* l, const char* id, kalkyl_row_kind kind,
                         const char* parent) {
    return kalkyl_ledger_add_row(l, id, strlen(id), id, strlen(id), kind, parent,
                                 parent ? strlen(parent) : 0);
}

/* January..August: `ytd` in August; September..December: the rest in December. */
static kalkyl_status set_series(kalkyl_ledger* l, const char* id, kalkyl_series s, int64_t ytd,
                                int64_t year) {
    kalkyl_dec m[12];
    int i;
    for (i = 0; i < 12; ++i)
        m[i] = D(0);
    m[7] = D(ytd);
    m[11] = D(year - ytd);
    return kalkyl_ledger_set_values(l, id, strlen(id), s, 1, m, 12);
}

static kalkyl_status manual(kalkyl_ledger* l, const char* id, int64_t value) {
    kalkyl_dec v = D(value), z = D(0);
    return kalkyl_ledger_set_manual_forecast(l, id, strlen(id), "Prognos", 7, 8, &v, &z, &z, NULL,
                                             0);
}

static int64_t get_int(kalkyl_ledger* l, const char* id, kalkyl_ledger_figure what) {
    kalkyl_dec out;
    double d = -1;
    if (kalkyl_ledger_get(l, id, strlen(id), what, "Prognos", 7, &out) != KALKYL_OK)
        return -999999999;
    kalkyl_dec_to_double(&out, &d);
    return (int64_t)d;
}

struct row {
    const char* id;
    kalkyl_row_kind kind;
    int64_t budget_year, prognos, budget_ytd, utfall_ytd, prior_ytd;
};

int main(void) {
    /* Huddinge 2021, Driftredovisning, tkr (seed 003). */
    static const struct row rows[] = {
        {"Verksamhetens intäkter", KALKYL_ROW_REVENUE, 50149, 51927, 32990, 35519, 43829},
        {"Personal", KALKYL_ROW_COST, 277573, 265650, 184398, 176119, 172323},
        {"Lokaler", KALKYL_ROW_COST, 21106, 21957, 14070, 14453, 14551},
        {"Bidrag kostnader", KALKYL_ROW_COST, 2391, 1676, 1597, 1084, 1497},
        {"Köp av verksamhet", KALKYL_ROW_COST, 150316, 158295, 100127, 106141, 100871},
        {"Övrigt", KALKYL_ROW_COST, 21611, 23822, 14407, 15554, 15156},
    };
    kalkyl_ledger* l = NULL;
    kalkyl_dec out;
    size_t count = 0, bad = 0;
    size_t i;

    CHECK(kalkyl_ledger_new(NULL) == KALKYL_E_NULL);
    CHECK(kalkyl_ledger_new(&l) == KALKYL_OK && l != NULL);
    CHECK(kalkyl_ledger_free(NULL) == KALKYL_OK);

    /* The tree, in any order: a child before its parent. */
    {
        kalkyl_row_spec specs[3];
        memset(specs, 0, sizeof specs);
        specs[0].id = "Verksamhetens kostnader";
        specs[0].id_len = strlen(specs[0].id);
        specs[0].parent = "Socialnämnden";
        specs[0].parent_len = strlen(specs[0].parent);
        specs[0].kind = KALKYL_ROW_COST;
        specs[1].id = "Socialnämnden";
        specs[1].id_len = strlen(specs[1].id);
        specs[1].name = "Årets resultat";
        specs[1].name_len = strlen(specs[1].name);
        specs[1].kind = KALKYL_ROW_NET;
        specs[2].id = "Verksamhetens intäkter";
        specs[2].id_len = strlen(specs[2].id);
        specs[2].parent = "Socialnämnden";
        specs[2].parent_len = strlen(specs[2].parent);
        specs[2].kind = KALKYL_ROW_REVENUE;
        CHECK(kalkyl_ledger_add_rows(l, specs, 3, &bad) == KALKYL_OK);
    }
    for (i = 1; i < sizeof rows / sizeof rows[0]; ++i)
        CHECK(add(l, rows[i].id, rows[i].kind, "Verksamhetens kostnader") == KALKYL_OK);
    for (i = 0; i < sizeof rows / sizeof rows[0]; ++i) {
        CHECK(set_series(l, rows[i].id, KALKYL_SERIES_BUDGET, rows[i].budget_ytd,
                         rows[i].budget_year) == KALKYL_OK);
        CHECK(set_series(l, rows[i].id, KALKYL_SERIES_OUTCOME, rows[i].utfall_ytd,
                         rows[i].utfall_ytd) == KALKYL_OK);
        CHECK(set_series(l, rows[i].id, KALKYL_SERIES_PRIOR_OUTCOME, rows[i].prior_ytd,
                         rows[i].prior_ytd) == KALKYL_OK);
        CHECK(manual(l, rows[i].id, rows[i].prognos) == KALKYL_OK);
    }
    CHECK(set_series(l, "Socialnämnden", KALKYL_SERIES_BUDGET, 281609, 422848) == KALKYL_OK);
    CHECK(kalkyl_ledger_row_count(l, &count) == KALKYL_OK && count == 8);

    /* Not computed yet. */
    CHECK(kalkyl_ledger_get(l, "Personal", 8, KALKYL_FIG_VARIANCE_YTD, NULL, 0, &out) ==
          KALKYL_E_INVALID);
    CHECK(kalkyl_ledger_compute(l, 13) == KALKYL_E_INVALID);
    CHECK(kalkyl_ledger_compute(l, 8) == KALKYL_OK);

    /* Every row, both halves (variances positive = good). */
    CHECK(get_int(l, "Verksamhetens intäkter", KALKYL_FIG_VARIANCE_YEAR) == 1778);
    CHECK(get_int(l, "Verksamhetens intäkter", KALKYL_FIG_VARIANCE_YTD) == 2529);
    CHECK(get_int(l, "Personal", KALKYL_FIG_VARIANCE_YEAR) == 11923);
    CHECK(get_int(l, "Personal", KALKYL_FIG_VARIANCE_YTD) == 8279);
    CHECK(get_int(l, "Lokaler", KALKYL_FIG_VARIANCE_YEAR) == -851);
    CHECK(get_int(l, "Köp av verksamhet", KALKYL_FIG_VARIANCE_YTD) == -6014);
    CHECK(get_int(l, "Verksamhetens kostnader", KALKYL_FIG_BUDGET_YEAR) == 472997);
    CHECK(get_int(l, "Verksamhetens kostnader", KALKYL_FIG_FORECAST) == 471400);
    CHECK(get_int(l, "Socialnämnden", KALKYL_FIG_BUDGET_YEAR) == 422848);
    CHECK(get_int(l, "Socialnämnden", KALKYL_FIG_RESULT_YEAR) == 3375);
    CHECK(get_int(l, "Socialnämnden", KALKYL_FIG_VARIANCE_YEAR) == 3375);
    CHECK(get_int(l, "Socialnämnden", KALKYL_FIG_BUDGET_YTD) == 281609);
    CHECK(get_int(l, "Socialnämnden", KALKYL_FIG_PRIOR_OUTCOME_YTD) == 260569);
    /* 277 832 from the printed rows (the table prints 277 830: rounding). */
    CHECK(get_int(l, "Socialnämnden", KALKYL_FIG_OUTCOME_YTD) == 277832);
    CHECK(kalkyl_ledger_percent(l, "Socialnämnden", strlen("Socialnämnden"),
                                KALKYL_PCT_BUDGETHALLNING_YEAR, "Prognos", 7, 1,
                                KALKYL_ROUND_HALF_UP, &out) == KALKYL_OK);
    CHECK(out.lo == 8 && out.hi == 0 && out.scale == 1); /* 0,8 % */

    /* A column in one call, in the order of addition. */
    {
        kalkyl_dec col[8];
        CHECK(kalkyl_ledger_get_column(l, KALKYL_FIG_BUDGET_YEAR, NULL, 0, col, 7) ==
              KALKYL_E_INVALID);
        CHECK(kalkyl_ledger_get_column(l, KALKYL_FIG_BUDGET_YEAR, NULL, 0, col, 8) == KALKYL_OK);
        CHECK(eq(&col[0], 472997) && eq(&col[1], 422848) && eq(&col[2], 50149) &&
              eq(&col[3], 277573));
    }

    /* Forecast info: the manual one, and a computed one. */
    {
        int32_t method = -1, month = -1;
        kalkyl_dec v;
        CHECK(kalkyl_ledger_forecast_info(l, "Personal", 8, "Prognos", 7, &method, &month, &v, NULL,
                                          NULL) == KALKYL_OK);
        CHECK(method == KALKYL_FORECAST_MANUAL && month == 8 && eq(&v, 265650));
        CHECK(kalkyl_ledger_add_forecast(l, "Personal", 8, "RR", 2, KALKYL_FORECAST_RUN_RATE, 8, 0,
                                         KALKYL_ROUND_HALF_UP, &v) == KALKYL_OK);
        CHECK(eq(&v, 264179)); /* 176 119 * 12 / 8 = 264 178,5 */
        /* The change dropped the figures. */
        CHECK(kalkyl_ledger_get(l, "Personal", 8, KALKYL_FIG_VARIANCE_YTD, NULL, 0, &out) ==
              KALKYL_E_INVALID);
        CHECK(kalkyl_ledger_compute(l, 8) == KALKYL_OK);
    }

    /* Bad input: a clear status, the row named, nothing changed. */
    CHECK(kalkyl_ledger_add_row(NULL, "x", 1, NULL, 0, KALKYL_ROW_COST, NULL, 0) == KALKYL_E_NULL);
    CHECK(add(l, "Personal", KALKYL_ROW_COST, "Verksamhetens kostnader") == KALKYL_E_INVALID);
    CHECK(strstr(kalkyl_last_error(), "row 'Personal': duplicate id") != NULL);
    CHECK(add(l, "x", KALKYL_ROW_COST, "Nämnden") == KALKYL_E_INVALID);
    CHECK(strstr(kalkyl_last_error(), "unknown parent") != NULL);
    CHECK(add(l, "x", (kalkyl_row_kind)9, NULL) == KALKYL_E_INVALID);
    {
        kalkyl_row_spec cyc[2];
        memset(cyc, 0, sizeof cyc);
        cyc[0].id = "p";
        cyc[0].id_len = 1;
        cyc[0].parent = "q";
        cyc[0].parent_len = 1;
        cyc[0].kind = KALKYL_ROW_NET;
        cyc[1].id = "q";
        cyc[1].id_len = 1;
        cyc[1].parent = "p";
        cyc[1].parent_len = 1;
        cyc[1].kind = KALKYL_ROW_NET;
        CHECK(kalkyl_ledger_add_rows(l, cyc, 2, &bad) == KALKYL_E_INVALID);
        CHECK(strstr(kalkyl_last_error(), "cycle") != NULL);
        CHECK(bad == 0);
        cyc[1].reserved = 1;
        CHECK(kalkyl_ledger_add_rows(l, cyc, 2, &bad) == KALKYL_E_INVALID && bad == 1);
    }
    {
        kalkyl_dec one = D(1);
        CHECK(kalkyl_ledger_set_values(l, "Personal", 8, KALKYL_SERIES_OUTCOME, 13, &one, 1) ==
              KALKYL_E_INVALID);
        CHECK(strstr(kalkyl_last_error(), "row 'Personal': month 13") != NULL);
        CHECK(kalkyl_ledger_set_values(l, "Personal", 8, KALKYL_SERIES_OUTCOME, 12, NULL, 1) ==
              KALKYL_E_NULL);
        CHECK(kalkyl_ledger_set_values(l, "Socialnämnden", strlen("Socialnämnden"),
                                       KALKYL_SERIES_OUTCOME, 1, &one, 1) == KALKYL_E_INVALID);
        CHECK(strstr(kalkyl_last_error(), "net row") != NULL);
        CHECK(kalkyl_ledger_add_forecast(l, "Personal", 8, "T", 1, KALKYL_FORECAST_TREND, 1, 0,
                                         KALKYL_ROUND_HALF_UP, NULL) == KALKYL_E_INVALID);
        CHECK(strstr(kalkyl_last_error(), "not enough history") != NULL);
        CHECK(kalkyl_ledger_add_forecast(l, "Personal", 8, "T", 1, KALKYL_FORECAST_MANUAL, 8, 0,
                                         KALKYL_ROUND_HALF_UP, NULL) == KALKYL_E_INVALID);
        CHECK(kalkyl_ledger_get(l, "Personal", 8, KALKYL_FIG_RESULT_YTD, NULL, 0, &out) ==
              KALKYL_E_INVALID);
        CHECK(kalkyl_ledger_get(l, "Personal", 8, KALKYL_FIG_FORECAST, NULL, 0, &out) ==
              KALKYL_E_NULL);
        CHECK(kalkyl_ledger_get(l, "Personal", 8, (kalkyl_ledger_figure)99, NULL, 0, &out) ==
              KALKYL_E_INVALID);
    }
    /* Failed calls kept the rows and the computed figures. */
    CHECK(kalkyl_ledger_row_count(l, &count) == KALKYL_OK && count == 8);
    CHECK(get_int(l, "Personal", KALKYL_FIG_VARIANCE_YTD) == 8279);

    /* The back-test: two equal years, last year's profile is exact in year 2. */
    {
        kalkyl_dec outcomes[24], errors[24];
        uint8_t valid[24];
        int k, all_zero = 1;
        for (k = 0; k < 24; ++k)
            outcomes[k] = D(k % 12 < 6 ? 5 : 15);
        CHECK(kalkyl_backtest(outcomes, NULL, 2, KALKYL_FORECAST_LAST_YEAR_PROFILE, 0,
                              KALKYL_ROUND_HALF_UP, errors, valid) == KALKYL_OK);
        for (k = 0; k < 12; ++k)
            CHECK(valid[k] == 0);
        for (k = 12; k < 24; ++k) {
            CHECK(valid[k] == 1);
            if (!eq(&errors[k], 0)) all_zero = 0;
        }
        CHECK(all_zero);
        CHECK(kalkyl_backtest(outcomes, NULL, 2, KALKYL_FORECAST_RUN_RATE, 0, KALKYL_ROUND_HALF_UP,
                              errors, valid) == KALKYL_OK);
        CHECK(valid[0] == 1 && eq(&errors[0], -60));
        CHECK(kalkyl_backtest(outcomes, NULL, 2, KALKYL_FORECAST_MANUAL, 0, KALKYL_ROUND_HALF_UP,
                              errors, valid) == KALKYL_E_INVALID);
        CHECK(kalkyl_backtest(NULL, NULL, 2, KALKYL_FORECAST_RUN_RATE, 0, KALKYL_ROUND_HALF_UP,
                              errors, valid) == KALKYL_E_NULL);
    }

    CHECK(kalkyl_ledger_free(l) == KALKYL_OK);
    if (failures == 0) printf("c.ledger: all checks passed\n");
    return failures == 0 ? 0 : 1;
}
