/*
** The C ABI of allocation, periodisation, display rounding and checks
** (capi/kalkyl.h, section "Allocation, periodisation, display rounding and
** checks") tested from C99: the seeds' figures, every status, NULL for every
** pointer, and that nothing is written on failure.
**
** No framework: CHECK counts, the last line is "capi_allocate: N passed, M
** failed" and the exit status is non-zero when anything failed.
*/
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "capi_check.h"
#include "kalkyl.h"

/* --- values ------------------------------------------------------------------- */

static kalkyl_dec dec(int64_t units, int32_t scale) {
    kalkyl_dec d;
    memset(&d, 0, sizeof d);
    if (kalkyl_dec_from_int(units, scale, &d) != KALKYL_OK) {
        fprintf(stderr, "dec(%lld, %d): %s\n", (long long)units, (int)scale, kalkyl_last_error());
    }
    return d;
}

/* Is d the value units * 10^-scale, at exactly that scale? */
static int is(const kalkyl_dec* d, int64_t units, int32_t scale) {
    const kalkyl_dec want = dec(units, scale);
    return d->lo == want.lo && d->hi == want.hi && d->scale == scale && d->reserved == 0;
}

/* A recognisable value that no call writes: outputs must still hold it after
   a failure. */
static kalkyl_dec sentinel(void) {
    return dec(777777, 3);
}

static int untouched(const kalkyl_dec* d, size_t n) {
    const kalkyl_dec s = sentinel();
    size_t i;
    for (i = 0; i < n; ++i)
        if (memcmp(&d[i], &s, sizeof s) != 0) return 0;
    return 1;
}

static void fill(kalkyl_dec* d, size_t n) {
    size_t i;
    for (i = 0; i < n; ++i)
        d[i] = sentinel();
}

/* --- allocation ---------------------------------------------------------------- */

static void test_allocate(void) {
    kalkyl_dec total = dec(100, 0);
    kalkyl_dec w[3];
    kalkyl_dec parts[3];
    w[0] = dec(1, 0);
    w[1] = dec(1, 0);
    w[2] = dec(1, 0);

    /* 100 kr on three equal weights: 34 33 33. */
    CHECK_ST(kalkyl_allocate(&total, w, 3, 0, parts), KALKYL_OK);
    CHECK(is(&parts[0], 34, 0) && is(&parts[1], 33, 0) && is(&parts[2], 33, 0));
    /* In öre: 33,34 33,33 33,33. */
    CHECK_ST(kalkyl_allocate(&total, w, 3, 2, parts), KALKYL_OK);
    CHECK(is(&parts[0], 3334, 2) && is(&parts[1], 3333, 2) && is(&parts[2], 3333, 2));
    /* A deficit: symmetric. */
    total = dec(-100, 0);
    CHECK_ST(kalkyl_allocate(&total, w, 3, 0, parts), KALKYL_OK);
    CHECK(is(&parts[0], -34, 0) && is(&parts[1], -33, 0) && is(&parts[2], -33, 0));

    /* The modes. */
    total = dec(200, 0);
    CHECK_ST(kalkyl_allocate_mode(&total, w, 3, 0, KALKYL_ALLOC_REMAINDER_TO_FIRST, parts),
             KALKYL_OK);
    CHECK(is(&parts[0], 68, 0) && is(&parts[1], 66, 0) && is(&parts[2], 66, 0));
    CHECK_ST(kalkyl_allocate_mode(&total, w, 3, 0, KALKYL_ALLOC_CUMULATIVE, parts), KALKYL_OK);
    CHECK(is(&parts[0], 67, 0) && is(&parts[1], 66, 0) && is(&parts[2], 67, 0));
    w[1] = dec(2, 0);
    total = dec(11, 0);
    CHECK_ST(kalkyl_allocate_mode(&total, w, 3, 0, KALKYL_ALLOC_REMAINDER_TO_LARGEST_WEIGHT, parts),
             KALKYL_OK);
    CHECK(is(&parts[0], 2, 0) && is(&parts[1], 7, 0) && is(&parts[2], 2, 0));
    /* The tie rule: 2 by 1:3 is 0,5 and 1,5; the larger weight takes the unit. */
    w[0] = dec(1, 0);
    w[1] = dec(3, 0);
    total = dec(2, 0);
    CHECK_ST(kalkyl_allocate(&total, w, 2, 0, parts), KALKYL_OK);
    CHECK(is(&parts[0], 0, 0) && is(&parts[1], 2, 0));

    /* Bad input: nothing written. */
    w[0] = dec(1, 0);
    w[1] = dec(-2, 0);
    w[2] = dec(1, 0);
    fill(parts, 3);
    CHECK_ST(kalkyl_allocate(&total, w, 3, 0, parts), KALKYL_E_INVALID);
    CHECK_ERR("weight 1 is -2");
    CHECK(untouched(parts, 3));
    w[1] = dec(0, 0);
    w[0] = dec(0, 2);
    w[2] = dec(0, 0);
    CHECK_ST(kalkyl_allocate(&total, w, 3, 0, parts), KALKYL_E_INVALID);
    CHECK_ERR("zero");
    CHECK(untouched(parts, 3));
    CHECK_ST(kalkyl_allocate(&total, w, 0, 0, parts), KALKYL_E_INVALID);
    w[0] = dec(1, 0);
    total = dec(100005, 3);
    CHECK_ST(kalkyl_allocate(&total, w, 3, 2, parts), KALKYL_E_SCALE);
    CHECK(untouched(parts, 3));
    total = dec(1, 0);
    CHECK_ST(kalkyl_allocate(&total, w, 3, 29, parts), KALKYL_E_SCALE);
    CHECK_ST(kalkyl_allocate_mode(&total, w, 3, 0, (kalkyl_allocation_mode)4, parts),
             KALKYL_E_INVALID);
    CHECK_ST(kalkyl_allocate(NULL, w, 3, 0, parts), KALKYL_E_NULL);
    CHECK_ST(kalkyl_allocate(&total, NULL, 3, 0, parts), KALKYL_E_NULL);
    CHECK_ST(kalkyl_allocate(&total, w, 3, 0, NULL), KALKYL_E_NULL);
    w[2].reserved = 1;
    CHECK_ST(kalkyl_allocate(&total, w, 3, 0, parts), KALKYL_E_INVALID);
    CHECK_ERR("weights[2]");
    w[2].reserved = 0;
    w[2].scale = 40;
    CHECK_ST(kalkyl_allocate(&total, w, 3, 0, parts), KALKYL_E_SCALE);
    CHECK(untouched(parts, 3));
}

/* --- periodisation -------------------------------------------------------------- */

static void test_periodise(void) {
    /* Uppsala 2024, barn- och ungdomsvård, kommunbidrag 685 mnkr
       (000_2ed63b26c6aacf5d.txt, "Delårsbokslut augusti 2024"). */
    kalkyl_dec annual = dec(685, 0);
    kalkyl_dec months[12];
    kalkyl_dec profile[12];
    kalkyl_dec out;
    int i;
    CHECK_ST(kalkyl_periodise(&annual, NULL, 1, KALKYL_ALLOC_LARGEST_REMAINDER, months), KALKYL_OK);
    for (i = 0; i < 10; ++i)
        CHECK(is(&months[i], 571, 1));
    CHECK(is(&months[10], 570, 1) && is(&months[11], 570, 1));
    CHECK_ST(kalkyl_budget_through_month(&annual, NULL, 8, 1, KALKYL_ALLOC_CUMULATIVE, &out),
             KALKYL_OK);
    CHECK(is(&out, 4567, 1));
    CHECK_ST(kalkyl_budget_through_month(&annual, NULL, 12, 1, KALKYL_ALLOC_CUMULATIVE, &out),
             KALKYL_OK);
    CHECK(is(&out, 6850, 1));

    /* Fewer costs in July: half a weight. 1 150 000 kr is 100 000 a month. */
    for (i = 0; i < 12; ++i)
        profile[i] = dec(1, 0);
    profile[6] = dec(5, 1);
    annual = dec(1150000, 0);
    CHECK_ST(kalkyl_periodise(&annual, profile, 0, KALKYL_ALLOC_LARGEST_REMAINDER, months),
             KALKYL_OK);
    CHECK(is(&months[0], 100000, 0) && is(&months[6], 50000, 0));
    CHECK_ST(
        kalkyl_budget_through_month(&annual, profile, 7, 0, KALKYL_ALLOC_LARGEST_REMAINDER, &out),
        KALKYL_OK);
    CHECK(is(&out, 650000, 0));

    /* Bad input. */
    fill(months, 12);
    profile[6] = dec(-1, 0);
    CHECK_ST(kalkyl_periodise(&annual, profile, 0, KALKYL_ALLOC_LARGEST_REMAINDER, months),
             KALKYL_E_INVALID);
    CHECK_ERR("juli");
    CHECK(untouched(months, 12));
    profile[6] = dec(1, 0);
    CHECK_ST(kalkyl_periodise(&annual, profile, 0, (kalkyl_allocation_mode)9, months),
             KALKYL_E_INVALID);
    CHECK_ST(kalkyl_periodise(NULL, profile, 0, KALKYL_ALLOC_LARGEST_REMAINDER, months),
             KALKYL_E_NULL);
    CHECK_ST(kalkyl_periodise(&annual, profile, 0, KALKYL_ALLOC_LARGEST_REMAINDER, NULL),
             KALKYL_E_NULL);
    CHECK(untouched(months, 12));
    out = sentinel();
    CHECK_ST(kalkyl_budget_through_month(&annual, NULL, 13, 0, KALKYL_ALLOC_CUMULATIVE, &out),
             KALKYL_E_INVALID);
    CHECK_ST(kalkyl_budget_through_month(&annual, NULL, 0, 0, KALKYL_ALLOC_CUMULATIVE, &out),
             KALKYL_E_INVALID);
    CHECK_ST(kalkyl_budget_through_month(&annual, NULL, 3, 0, KALKYL_ALLOC_CUMULATIVE, NULL),
             KALKYL_E_NULL);
    CHECK(untouched(&out, 1));
}

/* --- footing ---------------------------------------------------------------------- */

static void test_foot(void) {
    /* Uppsala aug 2024, "Periodens utfall 202401-202408" (mnkr): exact values
       whose rows round to 0 -3 -4 -21 0 0 (-28) under a total rounding to -27
       (000_2ed63b26c6aacf5d.txt, "Delårsbokslut augusti 2024"). */
    kalkyl_dec cells[6];
    kalkyl_dec total;
    kalkyl_dec printed[6];
    kalkyl_dec printed_total[1];
    kalkyl_adjusted_cell adjusted[7];
    size_t count = 99;
    cells[0] = dec(200000, 0);
    cells[1] = dec(-2700000, 0);
    cells[2] = dec(-3800000, 0);
    cells[3] = dec(-20600000, 0);
    cells[4] = dec(300000, 0);
    cells[5] = dec(100000, 0);
    total = dec(-26500000, 0);
    CHECK_ST(kalkyl_foot(cells, 6, 1, &total, NULL, 0, 6, 0, KALKYL_ROUND_HALF_UP, printed,
                         printed_total, adjusted, 7, &count),
             KALKYL_OK);
    CHECK(is(&printed[0], 0, 0) && is(&printed[1], -3, 0) && is(&printed[2], -4, 0));
    CHECK(is(&printed[3], -20, 0) && is(&printed[4], 0, 0) && is(&printed[5], 0, 0));
    CHECK(is(&printed_total[0], -27, 0));
    CHECK(count == 1);
    CHECK(adjusted[0].row == 3 && adjusted[0].column == 0);
    CHECK(is(&adjusted[0].rounded, -21, 0) && is(&adjusted[0].printed, -20, 0));

    /* Too small a buffer: only the count is written. */
    fill(printed, 6);
    count = 0;
    CHECK_ST(kalkyl_foot(cells, 6, 1, &total, NULL, 0, 6, 0, KALKYL_ROUND_HALF_UP, printed,
                         printed_total, NULL, 0, &count),
             KALKYL_E_BUFFER);
    CHECK(count == 1);
    CHECK(untouched(printed, 6));

    /* The total row is not the sum of the rows: refused, naming the column. */
    total = dec(-26400000, 0);
    count = 99;
    CHECK_ST(kalkyl_foot(cells, 6, 1, &total, NULL, 0, 6, 0, KALKYL_ROUND_HALF_UP, printed,
                         printed_total, adjusted, 7, &count),
             KALKYL_E_INVALID);
    CHECK_ERR("column 0");
    CHECK(untouched(printed, 6));
    CHECK(count == 99);
}

static void test_foot_variance(void) {
    /* Huddinge 2021, "Ekonomi, drift (per verksamhet)", helår (tkr), printed
       in mnkr with one decimal; avvikelse = budget - prognos
       (003_88ecce726bdc263c.txt). */
    static const int64_t tkr[4][2] = {{70108, 69808}, {346733, 342341}, {6007, 4576}, {0, 2748}};
    kalkyl_dec cells[8];
    kalkyl_dec totals[2];
    kalkyl_dec printed[12];
    kalkyl_dec printed_totals[3];
    kalkyl_adjusted_cell adjusted[15];
    kalkyl_term terms[2];
    kalkyl_derived_column variance;
    size_t count = 0;
    int i;
    for (i = 0; i < 8; ++i)
        cells[i] = dec(tkr[i / 2][i % 2] * 1000, 0);
    totals[0] = dec(422848000, 0);
    totals[1] = dec(419473000, 0);
    terms[0].index = 0;
    terms[0].sign = 1;
    terms[1].index = 1;
    terms[1].sign = -1;
    variance.terms = terms;
    variance.n_terms = 2;
    CHECK_ST(kalkyl_foot(cells, 4, 2, totals, &variance, 1, 6, 1, KALKYL_ROUND_HALF_UP, printed,
                         printed_totals, adjusted, 15, &count),
             KALKYL_OK);
    /* Ensamkommande: prognos 2,748 moves up to 2,8, its variance to -2,8. */
    CHECK(is(&printed[3 * 3 + 1], 28, 1) && is(&printed[3 * 3 + 2], -28, 1));
    CHECK(is(&printed_totals[0], 4228, 1) && is(&printed_totals[1], 4195, 1) &&
          is(&printed_totals[2], 33, 1));
    CHECK(count == 3);
    CHECK(adjusted[2].row == 4 && adjusted[2].column == 2);

    /* Derived columns naming a column that does not exist. */
    terms[1].index = 2;
    fill(printed, 12);
    CHECK_ST(kalkyl_foot(cells, 4, 2, totals, &variance, 1, 6, 1, KALKYL_ROUND_HALF_UP, printed,
                         printed_totals, adjusted, 15, &count),
             KALKYL_E_INVALID);
    CHECK_ERR("there are 2 columns");
    CHECK(untouched(printed, 12));
    terms[1].index = 1;
    terms[1].sign = 2;
    CHECK_ST(kalkyl_foot(cells, 4, 2, totals, &variance, 1, 6, 1, KALKYL_ROUND_HALF_UP, printed,
                         printed_totals, adjusted, 15, &count),
             KALKYL_E_INVALID);
    terms[1].sign = -1;
    CHECK_ST(kalkyl_foot(cells, 4, 2, totals, &variance, 1, 5, 1, KALKYL_ROUND_HALF_UP, printed,
                         printed_totals, adjusted, 15, &count),
             KALKYL_E_INVALID);
    CHECK_ST(kalkyl_foot(cells, 4, 2, totals, &variance, 1, 6, -1, KALKYL_ROUND_HALF_UP, printed,
                         printed_totals, adjusted, 15, &count),
             KALKYL_E_INVALID);
    CHECK_ST(kalkyl_foot(cells, 4, 2, totals, &variance, 1, 6, 1, (kalkyl_rounding)7, printed,
                         printed_totals, adjusted, 15, &count),
             KALKYL_E_INVALID);
    CHECK_ST(kalkyl_foot(cells, 4, 0, totals, NULL, 0, 6, 1, KALKYL_ROUND_HALF_UP, printed,
                         printed_totals, adjusted, 15, &count),
             KALKYL_E_INVALID);
    CHECK_ST(kalkyl_foot(NULL, 4, 2, totals, &variance, 1, 6, 1, KALKYL_ROUND_HALF_UP, printed,
                         printed_totals, adjusted, 15, &count),
             KALKYL_E_NULL);
    CHECK_ST(kalkyl_foot(cells, 4, 2, NULL, &variance, 1, 6, 1, KALKYL_ROUND_HALF_UP, printed,
                         printed_totals, adjusted, 15, &count),
             KALKYL_E_NULL);
    CHECK_ST(kalkyl_foot(cells, 4, 2, totals, NULL, 1, 6, 1, KALKYL_ROUND_HALF_UP, printed,
                         printed_totals, adjusted, 15, &count),
             KALKYL_E_NULL);
    CHECK_ST(kalkyl_foot(cells, 4, 2, totals, &variance, 1, 6, 1, KALKYL_ROUND_HALF_UP, NULL,
                         printed_totals, adjusted, 15, &count),
             KALKYL_E_NULL);
    CHECK_ST(kalkyl_foot(cells, 4, 2, totals, &variance, 1, 6, 1, KALKYL_ROUND_HALF_UP, printed,
                         NULL, adjusted, 15, &count),
             KALKYL_E_NULL);
    CHECK_ST(kalkyl_foot(cells, 4, 2, totals, &variance, 1, 6, 1, KALKYL_ROUND_HALF_UP, printed,
                         printed_totals, adjusted, 15, NULL),
             KALKYL_E_NULL);
    CHECK(untouched(printed, 12));
}

/* --- checks ------------------------------------------------------------------------- */

static kalkyl_figure figure(int64_t units, int32_t scale, int32_t decimals, const char* name) {
    kalkyl_figure f;
    memset(&f, 0, sizeof f);
    f.value = dec(units, scale);
    f.decimals = decimals;
    f.name = name;
    return f;
}

static void test_check(void) {
    /* 0..6: Uppsala aug 2024, "Periodens utfall 202401-202408" (mnkr), rows and
       Nämnden totalt (000_2ed63b26c6aacf5d.txt). 7..10: Eskilstuna 2023,
       "Skyddat boende": 42 insatser 94 procent, 2 insatser 4 procent
       (004_f694a8ad6a7b67a2.txt). */
    kalkyl_figure figs[11];
    kalkyl_term rows[6];
    kalkyl_term esk_part[1];
    kalkyl_term esk_both[2];
    kalkyl_term esk_shares[2];
    kalkyl_relation rel[3];
    kalkyl_finding found[3];
    kalkyl_finding before;
    size_t bad = 0;
    int i;
    static const int64_t utfall[7] = {0, -3, -4, -21, 0, 0, -27};
    for (i = 0; i < 7; ++i)
        figs[i] = figure(utfall[i], 0, KALKYL_DECIMALS_OF_VALUE, NULL);
    figs[7] = figure(42, 0, KALKYL_EXACT, "Skyddat boende, inom ramavtal");
    figs[8] = figure(2, 0, KALKYL_EXACT, "Skyddat boende, direktupphandling");
    figs[9] = figure(94, 0, 0, "inom ramavtal, procent");
    figs[10] = figure(4, 0, 0, "direktupphandling, procent");
    for (i = 0; i < 6; ++i) {
        rows[i].index = (uint32_t)i;
        rows[i].sign = 1;
    }
    esk_part[0].index = 7;
    esk_part[0].sign = 1;
    esk_both[0].index = 7;
    esk_both[0].sign = 1;
    esk_both[1].index = 8;
    esk_both[1].sign = 1;
    esk_shares[0].index = 9;
    esk_shares[0].sign = 1;
    esk_shares[1].index = 10;
    esk_shares[1].sign = 1;
    memset(rel, 0, sizeof rel);
    rel[0].kind = KALKYL_REL_SUM;
    rel[0].result = 6;
    rel[0].label = "Uppsala aug 2024: periodens utfall";
    rel[0].numerator = rows;
    rel[0].n_numerator = 6;
    rel[1].kind = KALKYL_REL_RATIO;
    rel[1].result = 9;
    rel[1].label = "Eskilstuna: andel inom ramavtal";
    rel[1].numerator = esk_part;
    rel[1].n_numerator = 1;
    rel[1].denominator = esk_both;
    rel[1].n_denominator = 2;
    rel[1].multiplier = dec(100, 0);
    rel[2].kind = KALKYL_REL_SHARES;
    rel[2].label = "Eskilstuna: andelarna";
    rel[2].numerator = esk_shares;
    rel[2].n_numerator = 2;
    rel[2].whole = dec(100, 0);

    CHECK_ST(kalkyl_check(figs, 11, rel, 3, found, &bad), KALKYL_OK);
    /* -28 against -27: rounding, tolerance 3,5. */
    CHECK(found[0].severity == KALKYL_SEVERITY_ROUNDING && found[0].kind == KALKYL_REL_SUM);
    CHECK(is(&found[0].expected, -28, 0) && is(&found[0].printed, -27, 0));
    CHECK(is(&found[0].difference, 1, 0) && is(&found[0].tolerance, 35, 1));
    /* 42 / 44 = 95,45 % against 94: an error. */
    CHECK(found[1].severity == KALKYL_SEVERITY_ERROR);
    CHECK(is(&found[1].expected, 9545, 2) && is(&found[1].difference, -145, 2));
    CHECK(is(&found[1].tolerance, 50, 2));
    /* 94 + 4 = 98, not 100 within 1: an error. */
    CHECK(found[2].severity == KALKYL_SEVERITY_ERROR && found[2].kind == KALKYL_REL_SHARES);
    CHECK(is(&found[2].printed, 98, 0) && is(&found[2].tolerance, 10, 1));

    /* A relation naming a figure that does not exist: refused, nothing written. */
    memcpy(&before, &found[0], sizeof before);
    rows[5].index = 11;
    CHECK_ST(kalkyl_check(figs, 11, rel, 3, found, &bad), KALKYL_E_INVALID);
    CHECK_ERR("names figure 11");
    CHECK(bad == 0);
    CHECK(memcmp(&before, &found[0], sizeof before) == 0);
    rows[5].index = 5;
    rows[5].sign = 0;
    CHECK_ST(kalkyl_check(figs, 11, rel, 3, found, &bad), KALKYL_E_INVALID);
    CHECK(bad == 0);
    rows[5].sign = 1;
    rel[1].multiplier = dec(0, 0);
    CHECK_ST(kalkyl_check(figs, 11, rel, 3, found, &bad), KALKYL_E_INVALID);
    CHECK(bad == 1);
    rel[1].multiplier = dec(100, 0);
    rel[2].kind = 17;
    CHECK_ST(kalkyl_check(figs, 11, rel, 3, found, &bad), KALKYL_E_INVALID);
    CHECK(bad == 2);
    rel[2].kind = KALKYL_REL_SHARES;
    rel[1].n_denominator = 0;
    CHECK_ST(kalkyl_check(figs, 11, rel, 3, found, &bad), KALKYL_E_INVALID);
    CHECK(bad == 1);
    rel[1].n_denominator = 2;
    /* A denominator that could be zero: 0 printed. */
    figs[8] = figure(0, 0, 0, "noll");
    esk_both[0].index = 8;
    CHECK_ST(kalkyl_check(figs, 11, rel, 3, found, &bad), KALKYL_E_DIV_ZERO);
    CHECK(bad == 1);
    esk_both[0].index = 7;
    figs[8] = figure(2, 0, 30, "bad decimals");
    CHECK_ST(kalkyl_check(figs, 11, rel, 3, found, &bad), KALKYL_E_INVALID);
    CHECK(bad == SIZE_MAX);
    figs[8] = figure(2, 0, KALKYL_EXACT, "Skyddat boende, direktupphandling");
    CHECK_ST(kalkyl_check(figs, 11, rel, 3, found, NULL), KALKYL_E_NULL);
    CHECK_ST(kalkyl_check(NULL, 11, rel, 3, found, &bad), KALKYL_E_NULL);
    CHECK_ST(kalkyl_check(figs, 11, NULL, 3, found, &bad), KALKYL_E_NULL);
    CHECK_ST(kalkyl_check(figs, 11, rel, 3, NULL, &bad), KALKYL_E_NULL);
    CHECK(memcmp(&before, &found[0], sizeof before) == 0);
    /* Nothing to check is fine. */
    CHECK_ST(kalkyl_check(NULL, 0, NULL, 0, NULL, &bad), KALKYL_OK);
}

int main(void) {
    test_allocate();
    test_periodise();
    test_foot();
    test_foot_variance();
    test_check();
    printf("capi_allocate: %d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
