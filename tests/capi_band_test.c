/*
** The C ABI of forecast-uncertainty bands (capi/kalkyl.h, section
** "Forecast-uncertainty bands") tested from C99: Uppsala's August 2024 band
** and its year-end outcome, the three sums, empirical bands, the seeded
** simulations, grading, every status, NULL pointers, and that nothing is
** written on failure.
**
** No framework: CHECK counts, the last line is "capi_band: N passed, M
** failed" and the exit status is non-zero when anything failed.
*/
#include <math.h>
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

/* a == units * 10^-scale, whatever the scales. */
static int dec_is(const kalkyl_dec* a, int64_t units, int32_t scale) {
    kalkyl_dec b = dec(units, scale);
    int c = 2;
    if (kalkyl_dec_cmp(a, &b, &c) != KALKYL_OK) return 0;
    return c == 0;
}

static kalkyl_band band(int64_t low, int64_t point, int64_t high, int32_t scale) {
    kalkyl_band b;
    b.low = dec(low, scale);
    b.point = dec(point, scale);
    b.high = dec(high, scale);
    return b;
}

/* A band filled with a pattern, to see that a failing call writes nothing. */
static kalkyl_band poisoned(void) {
    kalkyl_band b;
    memset(&b, 0x5A, sizeof b);
    return b;
}

static int untouched(const void* p, size_t n) {
    const unsigned char* c = (const unsigned char*)p;
    size_t i;
    for (i = 0; i < n; ++i)
        if (c[i] != 0x5A) return 0;
    return 1;
}

/* --- the band ------------------------------------------------------------------ */

static void test_from_spread_and_excess(void) {
    /* Uppsala aug 2024: helårsprognos -30 mnkr, prognososäkerhet +/- 5. */
    kalkyl_dec point = dec(-30, 0), five = dec(5, 0), minus = dec(-5, 0);
    kalkyl_dec outcome = dec(-235, 1); /* the year ended at -23,5 */
    kalkyl_band b, out;
    kalkyl_dec excess;
    int inside = 7;

    CHECK_ST(kalkyl_band_from_spread(&point, &five, &five, &b), KALKYL_OK);
    CHECK(dec_is(&b.low, -35, 0));
    CHECK(dec_is(&b.point, -30, 0));
    CHECK(dec_is(&b.high, -25, 0));

    CHECK_ST(kalkyl_band_excess(&b, &outcome, &inside, &excess), KALKYL_OK);
    CHECK(inside == 0);
    CHECK(dec_is(&excess, 15, 1)); /* 1,5 above the top */
    CHECK_ST(kalkyl_band_excess(&b, &b.low, &inside, &excess), KALKYL_OK);
    CHECK(inside == 1);
    CHECK(dec_is(&excess, 0, 0));

    out = poisoned();
    CHECK_ST(kalkyl_band_from_spread(&point, &minus, &five, &out), KALKYL_E_INVALID);
    CHECK_ERR("downside");
    CHECK(untouched(&out, sizeof out));
    CHECK_ST(kalkyl_band_from_spread(NULL, &five, &five, &out), KALKYL_E_NULL);
    CHECK_ST(kalkyl_band_from_spread(&point, &five, &five, NULL), KALKYL_E_NULL);
    CHECK(untouched(&out, sizeof out));

    {
        /* A band whose low exceeds its point. */
        kalkyl_band bad = band(-29, -30, -25, 0);
        CHECK_ST(kalkyl_band_excess(&bad, &outcome, &inside, &excess), KALKYL_E_INVALID);
        CHECK_ERR("band: low -29 is above point -30");
        bad = b;
        bad.high.scale = 29;
        CHECK_ST(kalkyl_band_excess(&bad, &outcome, &inside, &excess), KALKYL_E_SCALE);
        CHECK_ERR("band.high");
        CHECK_ST(kalkyl_band_excess(&b, &outcome, NULL, &excess), KALKYL_E_NULL);
    }
}

/* --- sums ------------------------------------------------------------------------ */

static void test_sum(void) {
    /* Spreads 3 and 4 below, 6 and 8 above. */
    kalkyl_band rows[2];
    kalkyl_band out;
    double identity[4] = {1, 0, 0, 1};
    double ones[4] = {1, 1, 1, 1};
    double not_psd[9] = {1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1};
    double not_finite[4] = {1, 0, 0, 1};
    kalkyl_band three[3];
    rows[0] = band(-3, 0, 6, 0);
    rows[1] = band(6, 10, 18, 0);
    three[0] = three[1] = three[2] = band(-1, 0, 1, 0);
    not_finite[1] = not_finite[2] = NAN;

    CHECK_ST(kalkyl_band_sum(rows, 2, KALKYL_AGG_WORST_CASE, NULL, 0, KALKYL_ROUND_HALF_UP, &out),
             KALKYL_OK);
    CHECK(dec_is(&out.low, 3, 0));
    CHECK(dec_is(&out.point, 10, 0));
    CHECK(dec_is(&out.high, 24, 0));

    CHECK_ST(kalkyl_band_sum(rows, 2, KALKYL_AGG_INDEPENDENT, NULL, 2, KALKYL_ROUND_HALF_UP, &out),
             KALKYL_OK);
    CHECK(dec_is(&out.low, 5, 0));   /* 10 - sqrt(9 + 16) */
    CHECK(dec_is(&out.high, 20, 0)); /* 10 + sqrt(36 + 64) */
    CHECK(out.low.scale == 2);

    CHECK_ST(
        kalkyl_band_sum(rows, 2, KALKYL_AGG_CORRELATED, identity, 2, KALKYL_ROUND_HALF_UP, &out),
        KALKYL_OK);
    CHECK(dec_is(&out.low, 5, 0));
    CHECK_ST(kalkyl_band_sum(rows, 2, KALKYL_AGG_CORRELATED, ones, 2, KALKYL_ROUND_HALF_UP, &out),
             KALKYL_OK);
    CHECK(dec_is(&out.low, 3, 0));
    CHECK(dec_is(&out.high, 24, 0));

    /* n = 0: the empty sum, bands may be NULL. */
    CHECK_ST(kalkyl_band_sum(NULL, 0, KALKYL_AGG_CORRELATED, NULL, 1, KALKYL_ROUND_HALF_UP, &out),
             KALKYL_OK);
    CHECK(dec_is(&out.high, 0, 0));

    out = poisoned();
    CHECK_ST(
        kalkyl_band_sum(three, 3, KALKYL_AGG_CORRELATED, not_psd, 2, KALKYL_ROUND_HALF_UP, &out),
        KALKYL_E_INVALID);
    CHECK_ERR("not positive semidefinite");
    CHECK_ST(
        kalkyl_band_sum(rows, 2, KALKYL_AGG_CORRELATED, not_finite, 2, KALKYL_ROUND_HALF_UP, &out),
        KALKYL_E_INVALID);
    CHECK_ERR("correlation[0][1] is not a finite number");
    CHECK_ST(kalkyl_band_sum(rows, 2, KALKYL_AGG_CORRELATED, NULL, 2, KALKYL_ROUND_HALF_UP, &out),
             KALKYL_E_NULL);
    CHECK_ST(kalkyl_band_sum(rows, 2, (kalkyl_aggregation)3, NULL, 2, KALKYL_ROUND_HALF_UP, &out),
             KALKYL_E_INVALID);
    CHECK_ST(kalkyl_band_sum(rows, 2, KALKYL_AGG_WORST_CASE, NULL, 29, KALKYL_ROUND_HALF_UP, &out),
             KALKYL_E_SCALE);
    CHECK_ST(kalkyl_band_sum(rows, 2, KALKYL_AGG_WORST_CASE, NULL, 2, (kalkyl_rounding)9, &out),
             KALKYL_E_INVALID);
    CHECK_ST(kalkyl_band_sum(NULL, 2, KALKYL_AGG_WORST_CASE, NULL, 2, KALKYL_ROUND_HALF_UP, &out),
             KALKYL_E_NULL);
    {
        kalkyl_band bad[2];
        bad[0] = rows[0];
        bad[1] = band(6, 19, 18, 0);
        CHECK_ST(
            kalkyl_band_sum(bad, 2, KALKYL_AGG_WORST_CASE, NULL, 2, KALKYL_ROUND_HALF_UP, &out),
            KALKYL_E_INVALID);
        CHECK_ERR("bands[1]: point 19 is above high 18");
    }
    CHECK(untouched(&out, sizeof out));
    CHECK_ST(kalkyl_band_sum(rows, 2, KALKYL_AGG_WORST_CASE, NULL, 2, KALKYL_ROUND_HALF_UP, NULL),
             KALKYL_E_NULL);
}

/* --- empirical --------------------------------------------------------------------- */

static void test_empirical(void) {
    kalkyl_dec point = dec(-30, 0), remaining = dec(31667, 2), rate = dec(2, 2),
               bad_rate = dec(-2, 2);
    kalkyl_dec errors[5];
    kalkyl_band out;
    kalkyl_band_info info;
    errors[0] = dec(65, 1);
    errors[1] = dec(-2, 0);
    errors[2] = dec(3, 0);
    errors[3] = dec(-425, 2);
    errors[4] = dec(1, 0);

    /* Five errors at 80 %: too few for the rule, widened to min..max. */
    CHECK_ST(kalkyl_band_empirical(&point, errors, 5, 0.8, 3, &remaining, &rate, 2,
                                   KALKYL_ROUND_HALF_UP, &out, &info),
             KALKYL_OK);
    CHECK(info.source == KALKYL_BAND_WIDENED);
    CHECK(info.history == 5);
    CHECK(info.flags == 0);
    CHECK(fabs(info.achieved_level - 4.0 / 6.0) < 1e-12);
    CHECK(dec_is(&out.low, -3425, 2));
    CHECK(dec_is(&out.high, -235, 1));

    /* Two errors: the default, 2 % of the 316,67 mnkr still to come. */
    CHECK_ST(kalkyl_band_empirical(&point, errors, 2, 0.8, 3, &remaining, &rate, 2,
                                   KALKYL_ROUND_HALF_UP, &out, &info),
             KALKYL_OK);
    CHECK(info.source == KALKYL_BAND_DEFAULT);
    CHECK(dec_is(&out.low, -3633, 2));
    CHECK(dec_is(&out.high, -2367, 2));
    CHECK_ST(kalkyl_band_empirical(&point, NULL, 0, 0.8, 3, &remaining, &rate, 2,
                                   KALKYL_ROUND_HALF_UP, &out, &info),
             KALKYL_OK);
    CHECK(info.source == KALKYL_BAND_DEFAULT);

    out = poisoned();
    memset(&info, 0x5A, sizeof info);
    CHECK_ST(kalkyl_band_empirical(&point, errors, 5, 1.0, 3, &remaining, &rate, 2,
                                   KALKYL_ROUND_HALF_UP, &out, &info),
             KALKYL_E_INVALID);
    CHECK_ERR("level");
    CHECK_ST(kalkyl_band_empirical(&point, errors, 5, NAN, 3, &remaining, &rate, 2,
                                   KALKYL_ROUND_HALF_UP, &out, &info),
             KALKYL_E_INVALID);
    CHECK_ST(kalkyl_band_empirical(&point, errors, 5, 0.8, 0, &remaining, &rate, 2,
                                   KALKYL_ROUND_HALF_UP, &out, &info),
             KALKYL_E_INVALID);
    CHECK_ST(kalkyl_band_empirical(&point, errors, 1, 0.8, 3, &remaining, &bad_rate, 2,
                                   KALKYL_ROUND_HALF_UP, &out, &info),
             KALKYL_E_INVALID);
    CHECK_ST(kalkyl_band_empirical(&point, NULL, 5, 0.8, 3, &remaining, &rate, 2,
                                   KALKYL_ROUND_HALF_UP, &out, &info),
             KALKYL_E_NULL);
    CHECK_ST(kalkyl_band_empirical(&point, errors, 5, 0.8, 3, &remaining, &rate, 2,
                                   KALKYL_ROUND_HALF_UP, &out, NULL),
             KALKYL_E_NULL);
    CHECK(untouched(&out, sizeof out));
    CHECK(untouched(&info, sizeof info));
}

/* --- simulation ---------------------------------------------------------------------- */

static void test_simulate(void) {
    /* The golden case of tests/montecarlo_test.cpp, through the C ABI. */
    kalkyl_band rows[3];
    double r[9] = {1, 0.5, 0.3, 0.5, 1, 0.2, 0.3, 0.2, 1};
    kalkyl_band target = band(-35, -30, -25, 0);
    kalkyl_simulation s, s2;
    rows[0] = band(-46, -40, -36, 0);
    rows[1] = band(11, 14, 17, 0);
    rows[2] = band(-6, -4, -3, 0);

    CHECK_ST(
        kalkyl_band_simulate(rows, 3, r, 0.8, 42, 100000, &target, 6, KALKYL_ROUND_HALF_EVEN, &s),
        KALKYL_OK);
    CHECK(s.scenarios == 100000);
    CHECK(dec_is(&s.q05, -41259925, 6));
    CHECK(dec_is(&s.q10, -38810349, 6));
    CHECK(dec_is(&s.q50, -30507416, 6));
    CHECK(dec_is(&s.q90, -23686300, 6));
    CHECK(dec_is(&s.q95, -21844382, 6));
    CHECK(dec_is(&s.mean, -30927505, 6));
    CHECK(s.p_at_least_zero == 0.0);
    CHECK(s.p_inside == 0.60808);

    /* No target: p_inside is NaN. No matrix: independent rows. */
    CHECK_ST(kalkyl_band_simulate(rows, 3, NULL, 0.8, 42, 1000, NULL, 2, KALKYL_ROUND_HALF_UP, &s2),
             KALKYL_OK);
    CHECK(isnan(s2.p_inside));

    memset(&s2, 0x5A, sizeof s2);
    CHECK_ST(kalkyl_band_simulate(rows, 3, r, 0.8, 42, 0, NULL, 2, KALKYL_ROUND_HALF_UP, &s2),
             KALKYL_E_INVALID);
    CHECK_ERR("zero scenarios");
    CHECK_ST(kalkyl_band_simulate(rows, 3, r, 1.5, 42, 10, NULL, 2, KALKYL_ROUND_HALF_UP, &s2),
             KALKYL_E_INVALID);
    CHECK_ST(kalkyl_band_simulate(NULL, 0, NULL, 0.8, 42, 10, NULL, 2, KALKYL_ROUND_HALF_UP, &s2),
             KALKYL_E_INVALID);
    CHECK_ERR("no rows");
    {
        double not_psd[9] = {1, 0.9, -0.9, 0.9, 1, 0.9, -0.9, 0.9, 1};
        kalkyl_band bad_target = band(-25, -30, -35, 0);
        CHECK_ST(
            kalkyl_band_simulate(rows, 3, not_psd, 0.8, 42, 10, NULL, 2, KALKYL_ROUND_HALF_UP, &s2),
            KALKYL_E_INVALID);
        CHECK_ST(kalkyl_band_simulate(rows, 3, r, 0.8, 42, 10, &bad_target, 2, KALKYL_ROUND_HALF_UP,
                                      &s2),
                 KALKYL_E_INVALID);
        CHECK_ERR("target");
    }
    CHECK_ST(kalkyl_band_simulate(rows, 3, r, 0.8, 42, 10, NULL, 2, KALKYL_ROUND_HALF_UP, NULL),
             KALKYL_E_NULL);
    CHECK(untouched(&s2, sizeof s2));
}

static void test_bootstrap(void) {
    kalkyl_dec points[2];
    kalkyl_dec errors[8];
    kalkyl_band target = band(-35, -30, -25, 0);
    kalkyl_simulation s;
    points[0] = dec(-40, 0);
    points[1] = dec(10, 0);
    errors[0] = dec(5, 0);
    errors[1] = dec(1, 0); /* year 1: -24 */
    errors[2] = dec(-3, 0);
    errors[3] = dec(-2, 0); /* -35 */
    errors[4] = dec(12, 0);
    errors[5] = dec(205, 1); /* 2,5 */
    errors[6] = dec(0, 0);
    errors[7] = dec(1, 0); /* -29 */

    CHECK_ST(kalkyl_band_bootstrap(points, 2, errors, 4, 42, 100000, &target, 1,
                                   KALKYL_ROUND_HALF_UP, &s),
             KALKYL_OK);
    CHECK(dec_is(&s.q05, -35, 0));
    CHECK(dec_is(&s.q50, -29, 0));
    CHECK(dec_is(&s.q95, 25, 1));
    CHECK(s.p_at_least_zero > 0.24 && s.p_at_least_zero < 0.26);
    CHECK(s.p_inside > 0.49 && s.p_inside < 0.51);

    memset(&s, 0x5A, sizeof s);
    CHECK_ST(kalkyl_band_bootstrap(points, 2, errors, 0, 42, 10, NULL, 1, KALKYL_ROUND_HALF_UP, &s),
             KALKYL_E_INVALID);
    CHECK_ST(kalkyl_band_bootstrap(points, 2, NULL, 4, 42, 10, NULL, 1, KALKYL_ROUND_HALF_UP, &s),
             KALKYL_E_NULL);
    CHECK(untouched(&s, sizeof s));
}

/* --- grading ----------------------------------------------------------------------------- */

static void test_grade(void) {
    /* Uppsala 2024 at 80 %: band -35..-25 around -30, outcome -23,5. */
    kalkyl_band b = band(-35, -30, -25, 0);
    kalkyl_dec y = dec(-235, 1);
    kalkyl_band_scores s;
    CHECK_ST(kalkyl_band_grade(&b, &y, 1, 0.8, 2, KALKYL_ROUND_HALF_UP, &s), KALKYL_OK);
    CHECK(s.count == 1);
    CHECK(s.coverage == 0.0);
    CHECK(dec_is(&s.bias, 65, 1));
    CHECK(dec_is(&s.mean_absolute_error, 65, 1));
    CHECK(dec_is(&s.interval_score, 25, 0)); /* 10 + (2/0,2)*1,5 */
    CHECK(dec_is(&s.pinball_low, 115, 2));
    CHECK(dec_is(&s.pinball_point, 325, 2));
    CHECK(dec_is(&s.pinball_high, 135, 2));

    memset(&s, 0x5A, sizeof s);
    CHECK_ST(kalkyl_band_grade(&b, &y, 0, 0.8, 2, KALKYL_ROUND_HALF_UP, &s), KALKYL_E_INVALID);
    CHECK_ST(kalkyl_band_grade(&b, &y, 1, 0.0, 2, KALKYL_ROUND_HALF_UP, &s), KALKYL_E_INVALID);
    CHECK_ST(kalkyl_band_grade(&b, NULL, 1, 0.8, 2, KALKYL_ROUND_HALF_UP, &s), KALKYL_E_NULL);
    CHECK_ST(kalkyl_band_grade(&b, &y, 1, 0.8, -1, KALKYL_ROUND_HALF_UP, &s), KALKYL_E_SCALE);
    CHECK(untouched(&s, sizeof s));
}

int main(void) {
    test_from_spread_and_excess();
    test_sum();
    test_empirical();
    test_simulate();
    test_bootstrap();
    test_grade();
    printf("capi_band: %d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
