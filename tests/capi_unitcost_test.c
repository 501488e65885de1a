/*
** The C ABI of unit costs, KPB and the cost bridge (capi/kalkyl.h, section
** "Unit costs (nyckeltal), KPB and the cost bridge"), tested from C99 as an
** ERP system links it: the seeds' published figures, every status, NULL for
** every pointer, and that nothing is written on failure.
**
** No framework: CHECK counts, the last line is "capi_unitcost: N passed, M
** failed" and the exit status is non-zero when anything failed.
*/
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capi_check.h"
#include "kalkyl.h"

/* --- values ------------------------------------------------------------------- */

static kalkyl_dec dec(int64_t units, int32_t scale) {
    kalkyl_dec d;
    memset(&d, 0, sizeof d);
    if (kalkyl_dec_from_int(units, scale, &d) != KALKYL_OK) {
        fprintf(stderr, "kalkyl_dec_from_int(%lld, %d) failed\n", (long long)units, (int)scale);
        exit(2);
    }
    return d;
}

/* Is d exactly units * 10^-scale, at that scale? */
static int is(const kalkyl_dec* d, int64_t units, int32_t scale) {
    kalkyl_dec want = dec(units, scale);
    return d->lo == want.lo && d->hi == want.hi && d->scale == want.scale && d->reserved == 0;
}

/* Equal in value, whatever the scale. */
static int same(const kalkyl_dec* d, int64_t units, int32_t scale) {
    kalkyl_dec want = dec(units, scale);
    int c = 2;
    return kalkyl_dec_cmp(d, &want, &c) == KALKYL_OK && c == 0;
}

/* A kalkyl_dec that was never written: every byte 0xAB. */
static kalkyl_dec poison(void) {
    kalkyl_dec d;
    memset(&d, 0xAB, sizeof d);
    return d;
}

static int untouched(const kalkyl_dec* d) {
    kalkyl_dec p = poison();
    return memcmp(d, &p, sizeof p) == 0;
}

/* --- one nyckeltal sheet ---------------------------------------------------------- */

struct sheet {
    int64_t total_cost, other_revenue, net_cost, volume, per_unit_tenths;
};

/* Uppsala's nyckeltal sheets (tkr), seeds 000 (aug 2024) and 002 (2024). The
   published unit cost follows the published nettokostnad (net_cost), which
   may be 1 tkr off total_cost - other_revenue: inputs rounded one by one. */
static const struct sheet uppsala[] = {
    /* 000, 5731 institution: 124 998 - 1 534 = 123 464 / 22 939 = 5,4 */
    {124998, 1534, 123464, 22939, 54},
    /* 000, 5731 externa institutioner: 76 764 - 1 534 = 75 230 / 13 728 = 5,5 */
    {76764, 1534, 75230, 13728, 55},
    /* 000, 5732 familjehem: 103 948 (printed) / 65 605 = 1,6 */
    {107863, 3916, 103948, 65605, 16},
    /* 000, 5733 öppenvård: 60 976 (printed) / 5 555 = 11,0 */
    {61173, 198, 60976, 5555, 110},
    /* 000, 5733 externa: 3 184 (printed) / 162 = 19,7 */
    {3381, 198, 3184, 162, 197},
    /* 002, 5731: 174 176 / 32 380 = 5,4 */
    {178503, 4328, 174176, 32380, 54},
    /* 002, 5731 externa: 105 111 / 19 587 = 5,4 */
    {109438, 4328, 105111, 19587, 54},
    /* 002, 5732: 173 209 - 5 792 = 167 417 / 98 016 = 1,7 */
    {173209, 5792, 167417, 98016, 17},
    /* 002, 5733: 92 243 - 379 = 91 864 / 8 438 = 10,9 */
    {92243, 379, 91864, 8438, 109},
    /* 002, 5733 externa: 5 870 - 0 = 5 870 / 249 = 23,6 */
    {5870, 0, 5870, 249, 236},
};
#define N_SHEETS (sizeof uppsala / sizeof uppsala[0])

static void test_unit_cost_seeds(void) {
    size_t i;
    for (i = 0; i < N_SHEETS; ++i) {
        const struct sheet* s = &uppsala[i];
        kalkyl_dec cost = dec(s->total_cost, 0), rev = dec(s->other_revenue, 0);
        kalkyl_dec vol = dec(s->volume, 0), net = poison(), per = poison();
        /* The formula on the printed inputs. */
        CHECK_ST(kalkyl_unit_cost(&cost, &rev, &vol, 1, KALKYL_ROUND_HALF_UP, &net, &per),
                 KALKYL_OK);
        CHECK(is(&net, s->total_cost - s->other_revenue, 0));
        CHECK(per.scale == 1);
        /* The published figure from the printed nettokostnad (revenue 0). */
        {
            kalkyl_dec pnet = dec(s->net_cost, 0), zero = dec(0, 0), n2 = poison(), p2 = poison();
            CHECK_ST(kalkyl_unit_cost(&pnet, &zero, &vol, 1, KALKYL_ROUND_HALF_UP, &n2, &p2),
                     KALKYL_OK);
            CHECK(is(&p2, s->per_unit_tenths, 1));
        }
        /* Within one tkr of the printed nettokostnad (the inputs' rounding). */
        CHECK(llabs((long long)(s->net_cost - (s->total_cost - s->other_revenue))) <= 1);
    }
}

static void test_unit_cost_errors(void) {
    kalkyl_dec cost = dec(61173, 0), rev = dec(198, 0), vol = dec(5555, 0), zero = dec(0, 0);
    kalkyl_dec neg = dec(-1, 0), net = poison(), per = poison();
    kalkyl_dec bad = dec(1, 0);
    bad.reserved = 1;

    CHECK_ST(kalkyl_unit_cost(&cost, &rev, &zero, 1, KALKYL_ROUND_HALF_UP, &net, &per),
             KALKYL_E_INVALID);
    CHECK_ERR("positive volume");
    CHECK(untouched(&net) && untouched(&per));
    CHECK_ST(kalkyl_unit_cost(&cost, &rev, &neg, 1, KALKYL_ROUND_HALF_UP, &net, &per),
             KALKYL_E_INVALID);
    /* Revenues larger than costs: no unit cost. */
    CHECK_ST(kalkyl_unit_cost(&rev, &cost, &vol, 1, KALKYL_ROUND_HALF_UP, &net, &per),
             KALKYL_E_INVALID);
    CHECK_ERR("exceeds total_cost");
    CHECK(untouched(&net) && untouched(&per));
    CHECK_ST(kalkyl_unit_cost(&neg, &zero, &vol, 1, KALKYL_ROUND_HALF_UP, &net, &per),
             KALKYL_E_INVALID);
    CHECK_ST(kalkyl_unit_cost(&cost, &neg, &vol, 1, KALKYL_ROUND_HALF_UP, &net, &per),
             KALKYL_E_INVALID);
    /* NULL for every pointer. */
    CHECK_ST(kalkyl_unit_cost(NULL, &rev, &vol, 1, KALKYL_ROUND_HALF_UP, &net, &per),
             KALKYL_E_NULL);
    CHECK_ERR("total_cost is NULL");
    CHECK_ST(kalkyl_unit_cost(&cost, NULL, &vol, 1, KALKYL_ROUND_HALF_UP, &net, &per),
             KALKYL_E_NULL);
    CHECK_ST(kalkyl_unit_cost(&cost, &rev, NULL, 1, KALKYL_ROUND_HALF_UP, &net, &per),
             KALKYL_E_NULL);
    CHECK_ST(kalkyl_unit_cost(&cost, &rev, &vol, 1, KALKYL_ROUND_HALF_UP, NULL, &per),
             KALKYL_E_NULL);
    CHECK_ST(kalkyl_unit_cost(&cost, &rev, &vol, 1, KALKYL_ROUND_HALF_UP, &net, NULL),
             KALKYL_E_NULL);
    /* Out of range. */
    CHECK_ST(kalkyl_unit_cost(&cost, &rev, &vol, 29, KALKYL_ROUND_HALF_UP, &net, &per),
             KALKYL_E_SCALE);
    CHECK_ST(kalkyl_unit_cost(&cost, &rev, &vol, 1, (kalkyl_rounding)7, &net, &per),
             KALKYL_E_INVALID);
    CHECK_ST(kalkyl_unit_cost(&bad, &rev, &vol, 1, KALKYL_ROUND_HALF_UP, &net, &per),
             KALKYL_E_INVALID);
    CHECK_ERR("reserved");
    CHECK(untouched(&net) && untouched(&per));
    /* A quotient that needs more than 38 digits. */
    {
        kalkyl_dec big, tiny = dec(1, 28);
        CHECK_ST(
            kalkyl_dec_parse("99999999999999999999999999999999999999", 38, KALKYL_LOCALE_C, &big),
            KALKYL_OK);
        CHECK_ST(kalkyl_unit_cost(&big, &zero, &tiny, 0, KALKYL_ROUND_HALF_UP, &net, &per),
                 KALKYL_E_OVERFLOW);
        CHECK(untouched(&net) && untouched(&per));
    }
}

static void test_unit_cost_array(void) {
    enum { N = N_SHEETS };
    kalkyl_dec cost[N], rev[N], vol[N], net[N], per[N];
    uint8_t flags[N];
    size_t bad = 12345, i;
    kalkyl_dec threshold = dec(200, 0);

    for (i = 0; i < N; ++i) {
        /* The printed nettokostnad, no revenue: the published figures. */
        cost[i] = dec(uppsala[i].net_cost, 0);
        rev[i] = dec(0, 0);
        vol[i] = dec(uppsala[i].volume, 0);
    }
    CHECK_ST(kalkyl_unit_cost_array(cost, rev, vol, N, 1, KALKYL_ROUND_HALF_UP, &threshold, net,
                                    per, flags, &bad),
             KALKYL_OK);
    CHECK(bad == 12345);
    for (i = 0; i < N; ++i) {
        CHECK(is(&per[i], uppsala[i].per_unit_tenths, 1));
        CHECK(same(&net[i], uppsala[i].net_cost, 0));
        /* Under a threshold of 200 only the 162 external vårdtagare are few. */
        CHECK(flags[i] == (uppsala[i].volume < 200 ? KALKYL_UNIT_TOO_FEW : 0));
    }
    /* Default threshold 10; net_cost and flags not wanted. */
    {
        kalkyl_dec c[2], r[2], v[2], p[2];
        uint8_t f[2];
        c[0] = dec(95, 0);
        c[1] = dec(95, 0);
        r[0] = dec(0, 0);
        r[1] = dec(0, 0);
        v[0] = dec(9, 0);
        v[1] = dec(10, 0);
        CHECK_ST(
            kalkyl_unit_cost_array(c, r, v, 2, 1, KALKYL_ROUND_HALF_UP, NULL, NULL, p, f, &bad),
            KALKYL_OK);
        CHECK(f[0] == KALKYL_UNIT_TOO_FEW && f[1] == 0);
        CHECK(is(&p[0], 106, 1) && is(&p[1], 95, 1));
        CHECK_ST(
            kalkyl_unit_cost_array(c, r, v, 2, 1, KALKYL_ROUND_HALF_UP, NULL, NULL, p, NULL, &bad),
            KALKYL_OK);
    }
    /* Row 3 has no volume: nothing is written, bad_index says which row. */
    {
        kalkyl_dec out_net[N], out_per[N];
        uint8_t out_flags[N];
        kalkyl_dec saved = vol[3];
        for (i = 0; i < N; ++i) {
            out_net[i] = poison();
            out_per[i] = poison();
            out_flags[i] = 0xAB;
        }
        vol[3] = dec(0, 0);
        CHECK_ST(kalkyl_unit_cost_array(cost, rev, vol, N, 1, KALKYL_ROUND_HALF_UP, NULL, out_net,
                                        out_per, out_flags, &bad),
                 KALKYL_E_INVALID);
        CHECK(bad == 3);
        CHECK_ERR("row 3");
        for (i = 0; i < N; ++i)
            CHECK(untouched(&out_net[i]) && untouched(&out_per[i]) && out_flags[i] == 0xAB);
        vol[3] = saved;
        /* Revenues larger than costs in row 5. */
        rev[5] = dec(uppsala[5].net_cost + 1, 0);
        CHECK_ST(kalkyl_unit_cost_array(cost, rev, vol, N, 1, KALKYL_ROUND_HALF_UP, NULL, out_net,
                                        out_per, out_flags, &bad),
                 KALKYL_E_INVALID);
        CHECK(bad == 5);
        rev[5] = dec(0, 0);
        /* An invalid kalkyl_dec in row 7. */
        cost[7].reserved = 9;
        CHECK_ST(kalkyl_unit_cost_array(cost, rev, vol, N, 1, KALKYL_ROUND_HALF_UP, NULL, out_net,
                                        out_per, out_flags, &bad),
                 KALKYL_E_INVALID);
        CHECK(bad == 7);
        CHECK_ERR("total_cost[7]");
        cost[7].reserved = 0;
        for (i = 0; i < N; ++i)
            CHECK(untouched(&out_net[i]) && untouched(&out_per[i]));
    }
    /* Arguments. */
    {
        kalkyl_dec negative = dec(-1, 0);
        bad = 12345;
        CHECK_ST(kalkyl_unit_cost_array(cost, rev, vol, N, 1, KALKYL_ROUND_HALF_UP, NULL, net, per,
                                        flags, NULL),
                 KALKYL_E_NULL);
        CHECK_ST(kalkyl_unit_cost_array(NULL, rev, vol, N, 1, KALKYL_ROUND_HALF_UP, NULL, net, per,
                                        flags, &bad),
                 KALKYL_E_NULL);
        CHECK(bad == SIZE_MAX);
        CHECK_ST(kalkyl_unit_cost_array(cost, rev, vol, N, 1, KALKYL_ROUND_HALF_UP, NULL, net, NULL,
                                        flags, &bad),
                 KALKYL_E_NULL);
        CHECK_ST(kalkyl_unit_cost_array(cost, rev, vol, N, -1, KALKYL_ROUND_HALF_UP, NULL, net, per,
                                        flags, &bad),
                 KALKYL_E_SCALE);
        CHECK_ST(kalkyl_unit_cost_array(cost, rev, vol, N, 1, (kalkyl_rounding)-1, NULL, net, per,
                                        flags, &bad),
                 KALKYL_E_INVALID);
        CHECK_ST(kalkyl_unit_cost_array(cost, rev, vol, N, 1, KALKYL_ROUND_HALF_UP, &negative, net,
                                        per, flags, &bad),
                 KALKYL_E_INVALID);
        CHECK(bad == SIZE_MAX);
        /* n = 0: nothing to do, NULL columns are fine. */
        CHECK_ST(kalkyl_unit_cost_array(NULL, NULL, NULL, 0, 1, KALKYL_ROUND_HALF_UP, NULL, NULL,
                                        NULL, NULL, &bad),
                 KALKYL_OK);
    }
}

static void test_kolada_and_change(void) {
    kalkyl_dec gross = dec(10000, 0), internal = dec(400, 0), sales = dec(600, 0),
               days = dec(2000, 0);
    kalkyl_dec out = poison(), cost = poison(), per = poison(), amount = poison(), pct = poison();
    kalkyl_dec neg = dec(-1, 0), zero = dec(0, 0);

    /* Kolada kostnad = 10 000 - 400 - 600 = 9 000; per vårddygn 4,50. */
    CHECK_ST(kalkyl_kolada_cost(&gross, &internal, &sales, &out), KALKYL_OK);
    CHECK(is(&out, 9000, 0));
    CHECK_ST(kalkyl_kolada_unit_cost(&gross, &internal, &sales, &days, 2, KALKYL_ROUND_HALF_UP,
                                     &cost, &per),
             KALKYL_OK);
    CHECK(is(&cost, 9000, 0) && is(&per, 450, 2));
    out = poison();
    CHECK_ST(kalkyl_kolada_cost(&gross, &neg, &sales, &out), KALKYL_E_INVALID);
    CHECK(untouched(&out));
    CHECK_ST(kalkyl_kolada_cost(&gross, &internal, NULL, &out), KALKYL_E_NULL);
    cost = poison();
    per = poison();
    CHECK_ST(kalkyl_kolada_unit_cost(&sales, &internal, &gross, &days, 2, KALKYL_ROUND_HALF_UP,
                                     &cost, &per),
             KALKYL_E_INVALID); /* a negative kostnad */
    CHECK_ST(kalkyl_kolada_unit_cost(&gross, &internal, &sales, &zero, 2, KALKYL_ROUND_HALF_UP,
                                     &cost, &per),
             KALKYL_E_INVALID);
    CHECK(untouched(&cost) && untouched(&per));

    /* Eskilstuna KPB (seed 004): kostnader 670 619 967 -> 658 914 703 kr, -11 705 264 kr, -1,7 %.
     */
    {
        kalkyl_dec b = dec(670619967, 0), c = dec(658914703, 0);
        CHECK_ST(kalkyl_change(&b, &c, 1, KALKYL_ROUND_HALF_UP, &amount, &pct), KALKYL_OK);
        CHECK(is(&amount, -11705264, 0) && is(&pct, -17, 1));
    }
    /* % brukare 5,9 -> 5,7: -0,2 percentage points. */
    {
        kalkyl_dec b = dec(59, 1), c = dec(57, 1), pp = poison();
        CHECK_ST(kalkyl_change_points(&b, &c, &pp), KALKYL_OK);
        CHECK(is(&pp, -2, 1));
        CHECK_ST(kalkyl_change_points(&b, NULL, &pp), KALKYL_E_NULL);
    }
    /* From zero there is no percentage, and nothing is written. */
    amount = poison();
    pct = poison();
    CHECK_ST(kalkyl_change(&zero, &gross, 1, KALKYL_ROUND_HALF_UP, &amount, &pct),
             KALKYL_E_DIV_ZERO);
    CHECK(untouched(&amount) && untouched(&pct));
    CHECK_ST(kalkyl_change(&zero, &gross, 1, KALKYL_ROUND_HALF_UP, NULL, &pct), KALKYL_E_NULL);

    /* N30001: 4 500 against 4 000 kr/inv: +12,5 %; reference 0 is refused. */
    {
        kalkyl_dec a = dec(4500, 0), r = dec(4000, 0);
        pct = poison();
        CHECK_ST(kalkyl_net_cost_deviation(&a, &r, 1, KALKYL_ROUND_HALF_UP, &pct), KALKYL_OK);
        CHECK(is(&pct, 125, 1));
        pct = poison();
        CHECK_ST(kalkyl_net_cost_deviation(&a, &zero, 1, KALKYL_ROUND_HALF_UP, &pct),
                 KALKYL_E_INVALID);
        CHECK(untouched(&pct));
        CHECK_ST(kalkyl_net_cost_deviation(&a, &r, 1, KALKYL_ROUND_HALF_UP, NULL), KALKYL_E_NULL);
    }
}

static void test_unit_cost_part(void) {
    /* Uppsala aug 2024, 5733 (seed 000): 3 184 of 60 976 tkr, 162 of 5 555 vårdtagare. */
    kalkyl_dec wc = dec(60976, 0), wv = dec(5555, 0), pc = dec(3184, 0), pv = dec(162, 0);
    kalkyl_dec per = poison(), sv = poison(), sc = poison(), big = dec(6000, 0);
    CHECK_ST(kalkyl_unit_cost_part(&wc, &wv, &pc, &pv, 1, KALKYL_ROUND_HALF_UP, 1,
                                   KALKYL_ROUND_HALF_UP, &per, &sv, &sc),
             KALKYL_OK);
    CHECK(is(&per, 197, 1) && is(&sv, 29, 1) && is(&sc, 52, 1));
    per = poison();
    sv = poison();
    sc = poison();
    CHECK_ST(kalkyl_unit_cost_part(&wc, &wv, &pc, &big, 1, KALKYL_ROUND_HALF_UP, 1,
                                   KALKYL_ROUND_HALF_UP, &per, &sv, &sc),
             KALKYL_E_INVALID);
    CHECK_ERR("exceeds whole_volume");
    CHECK(untouched(&per) && untouched(&sv) && untouched(&sc));
    CHECK_ST(kalkyl_unit_cost_part(&wc, &wv, &pc, &pv, 1, KALKYL_ROUND_HALF_UP, 1,
                                   KALKYL_ROUND_HALF_UP, &per, NULL, &sc),
             KALKYL_E_NULL);
    CHECK_ST(kalkyl_unit_cost_part(&wc, &wv, &pc, &pv, 1, KALKYL_ROUND_HALF_UP, 40,
                                   KALKYL_ROUND_HALF_UP, &per, &sv, &sc),
             KALKYL_E_SCALE);
}

/* --- KPB ------------------------------------------------------------------------------- */

/* Eskilstuna, delårsrapport 2 2023 (seed 004), "Konsumtion IFO totalt", 2022. */
static const int64_t kpb_rows[][6] = {
    /* costs, inhabitants, users, kr/inv, KPB, % brukare in tenths */
    {41400837, 8783, 1238, 4714, 33442, 141},    {76807226, 8173, 1369, 9398, 56105, 168},
    {180493510, 6867, 1502, 26284, 120169, 219}, {65755629, 2576, 295, 25526, 222900, 115},
    {48925426, 6192, 282, 7901, 173494, 46},     {18327949, 6487, 209, 2825, 87694, 32},
    {43649760, 14437, 445, 3023, 98089, 31},     {33313445, 12890, 340, 2584, 97981, 26},
    {25634659, 13875, 259, 1848, 98976, 19},     {9096127, 5936, 99, 1532, 91880, 17},
    {12495519, 21702, 157, 576, 79589, 7},
};
#define N_KPB (sizeof kpb_rows / sizeof kpb_rows[0])

static void test_kpb(void) {
    kalkyl_dec costs[N_KPB], inh[N_KPB], users[N_KPB];
    kalkyl_kpb_figures rows[N_KPB], nl, total;
    kalkyl_dec unlinked = dec(103014615, 0);
    size_t bad = 777, i;

    for (i = 0; i < N_KPB; ++i) {
        costs[i] = dec(kpb_rows[i][0], 0);
        inh[i] = dec(kpb_rows[i][1], 0);
        users[i] = dec(kpb_rows[i][2], 0);
    }
    CHECK_ST(kalkyl_kpb_table(costs, inh, users, N_KPB, &unlinked, 0, KALKYL_ROUND_HALF_UP, 1,
                              KALKYL_ROUND_HALF_UP, NULL, rows, &nl, &total, &bad),
             KALKYL_OK);
    CHECK(bad == 777);
    for (i = 0; i < N_KPB; ++i) {
        CHECK(is(&rows[i].per_inhabitant, kpb_rows[i][3], 0));
        CHECK(is(&rows[i].per_user, kpb_rows[i][4], 0));
        CHECK(is(&rows[i].share_of_users, kpb_rows[i][5], 1));
        CHECK(rows[i].flags == 0 && rows[i].reserved == 0);
    }
    /* Ej brukarkopplad: 955 kr/inv over all 107 918 inhabitants, no KPB. */
    CHECK(is(&nl.per_inhabitant, 955, 0));
    CHECK(same(&nl.inhabitants, 107918, 0));
    CHECK(nl.flags == (KALKYL_KPB_NO_KPB | KALKYL_KPB_NO_SHARE));
    /* Totalt 2022: 6 106 kr/inv (all costs), KPB 89 734 (unlinked left out), 5,7 %. */
    CHECK(same(&total.costs, 658914702, 0)); /* printed 658 914 703: kronor rounded one by one */
    CHECK(same(&total.users, 6195, 0));
    CHECK(is(&total.per_inhabitant, 6106, 0));
    CHECK(is(&total.per_user, 89734, 0));
    CHECK(is(&total.share_of_users, 57, 1));
    CHECK(total.flags == 0);

    /* Totalt 2021 from its printed totals: kr/inv 6 233 and 5,9 % determined, KPB not. */
    {
        kalkyl_dec c = dec(670619967, 0), h = dec(107593, 0), u = dec(6343, 0);
        kalkyl_kpb_figures t;
        CHECK_ST(kalkyl_kpb_total(&c, NULL, &h, &u, 0, KALKYL_ROUND_HALF_UP, 1,
                                  KALKYL_ROUND_HALF_UP, NULL, &t),
                 KALKYL_OK);
        CHECK(is(&t.per_inhabitant, 6233, 0) && is(&t.share_of_users, 59, 1));
        CHECK(t.flags == KALKYL_KPB_NO_KPB);
        /* With an unlinked amount inside the interval the printed 90 289 allows. */
        {
            kalkyl_dec nlc = dec(97913669, 0);
            CHECK_ST(kalkyl_kpb_total(&c, &nlc, &h, &u, 0, KALKYL_ROUND_HALF_UP, 1,
                                      KALKYL_ROUND_HALF_UP, NULL, &t),
                     KALKYL_OK);
            CHECK(is(&t.per_user, 90289, 0) && t.flags == 0);
        }
        CHECK_ST(kalkyl_kpb_total(&h, &c, &h, &u, 0, KALKYL_ROUND_HALF_UP, 1, KALKYL_ROUND_HALF_UP,
                                  NULL, &t),
                 KALKYL_E_INVALID); /* unlinked > total */
    }

    /* Row 4 with more users than inhabitants: nothing written, bad_index 4. */
    {
        kalkyl_kpb_figures r2[N_KPB], nl2, t2;
        kalkyl_dec saved = users[4];
        memset(r2, 0xAB, sizeof r2);
        memset(&nl2, 0xAB, sizeof nl2);
        memset(&t2, 0xAB, sizeof t2);
        users[4] = dec(6193, 0);
        CHECK_ST(kalkyl_kpb_table(costs, inh, users, N_KPB, &unlinked, 0, KALKYL_ROUND_HALF_UP, 1,
                                  KALKYL_ROUND_HALF_UP, NULL, r2, &nl2, &t2, &bad),
                 KALKYL_E_INVALID);
        CHECK(bad == 4);
        CHECK_ERR("inhabitants");
        for (i = 0; i < sizeof r2; ++i)
            CHECK(((unsigned char*)r2)[i] == 0xAB);
        CHECK(((unsigned char*)&t2)[0] == 0xAB && ((unsigned char*)&nl2)[0] == 0xAB);
        users[4] = saved;
        CHECK_ST(kalkyl_kpb_table(costs, inh, users, N_KPB, NULL, 0, KALKYL_ROUND_HALF_UP, 1,
                                  KALKYL_ROUND_HALF_UP, NULL, r2, &nl2, &t2, &bad),
                 KALKYL_E_NULL);
        CHECK(bad == SIZE_MAX);
        CHECK_ST(kalkyl_kpb_table(costs, inh, users, N_KPB, &unlinked, 0, KALKYL_ROUND_HALF_UP, 1,
                                  KALKYL_ROUND_HALF_UP, NULL, r2, &nl2, &t2, NULL),
                 KALKYL_E_NULL);
    }
    /* A threshold of 100 flags 60-64 år (99 brukare). */
    {
        kalkyl_dec hundred = dec(100, 0);
        CHECK_ST(kalkyl_kpb_table(costs, inh, users, N_KPB, &unlinked, 0, KALKYL_ROUND_HALF_UP, 1,
                                  KALKYL_ROUND_HALF_UP, &hundred, rows, &nl, &total, &bad),
                 KALKYL_OK);
        CHECK(rows[9].flags == KALKYL_KPB_FEW_USERS);
        CHECK(is(&rows[9].per_user, 91880, 0));
        CHECK(rows[10].flags == 0);
    }
}

/* --- the bridge ---------------------------------------------------------------------------- */

static void test_bridge(void) {
    /* Hand-computed: HVB 100 d / 500 000 kr -> 120 d / 624 000 kr; familjehem 400 d / 600 000 kr
       -> 480 d / 720 000 kr; unlinked 1 000,00 -> 1 250,50. Volume 222 000, mix 0, unit price
       22 000, not linked 250,50: 244 250,50 in all. */
    kalkyl_dec v0[2], c0[2], v1[2], c1[2];
    kalkyl_dec f0 = dec(100000, 2), f1 = dec(125050, 2);
    kalkyl_bridge b;
    size_t bad = 5;
    v0[0] = dec(100, 0);
    c0[0] = dec(500000, 0);
    v1[0] = dec(120, 0);
    c1[0] = dec(624000, 0);
    v0[1] = dec(400, 0);
    c0[1] = dec(600000, 0);
    v1[1] = dec(480, 0);
    c1[1] = dec(720000, 0);
    CHECK_ST(kalkyl_cost_bridge(v0, c0, v1, c1, 2, &f0, &f1, 2, &b, &bad), KALKYL_OK);
    CHECK(bad == 5);
    CHECK(is(&b.volume, 22200000, 2));
    CHECK(is(&b.mix, 0, 2));
    CHECK(is(&b.unit_price, 2200000, 2));
    CHECK(is(&b.not_linked, 25050, 2));
    CHECK(same(&b.change, 24425050, 2));
    CHECK(same(&b.base_total, 110100000, 2));
    CHECK(same(&b.current_total, 134525050, 2));
    {
        /* The parts add up to the change, exactly. */
        kalkyl_dec s1, s2, s3;
        int c = 2;
        CHECK_ST(kalkyl_dec_add(&b.volume, &b.mix, &s1), KALKYL_OK);
        CHECK_ST(kalkyl_dec_add(&s1, &b.unit_price, &s2), KALKYL_OK);
        CHECK_ST(kalkyl_dec_add(&s2, &b.not_linked, &s3), KALKYL_OK);
        CHECK(kalkyl_dec_cmp(&s3, &b.change, &c) == KALKYL_OK && c == 0);
    }
    /* Kind 1 has a cost but no volume in the current period. */
    {
        kalkyl_bridge untouched_bridge;
        memset(&untouched_bridge, 0xAB, sizeof untouched_bridge);
        v1[1] = dec(0, 0);
        CHECK_ST(kalkyl_cost_bridge(v0, c0, v1, c1, 2, &f0, &f1, 2, &untouched_bridge, &bad),
                 KALKYL_E_INVALID);
        CHECK(bad == 1);
        CHECK_ERR("no volume");
        CHECK(((unsigned char*)&untouched_bridge)[0] == 0xAB);
        v1[1] = dec(480, 0);
    }
    /* The change 244 250,50 has a decimal that whole kronor cannot hold. */
    CHECK_ST(kalkyl_cost_bridge(v0, c0, v1, c1, 2, &f0, &f1, 0, &b, &bad), KALKYL_E_SCALE);
    CHECK(bad == SIZE_MAX);
    CHECK_ST(kalkyl_cost_bridge(v0, NULL, v1, c1, 2, &f0, &f1, 2, &b, &bad), KALKYL_E_NULL);
    CHECK_ST(kalkyl_cost_bridge(v0, c0, v1, c1, 2, &f0, &f1, 2, NULL, &bad), KALKYL_E_NULL);
    CHECK_ST(kalkyl_cost_bridge(v0, c0, v1, c1, 2, &f0, &f1, 2, &b, NULL), KALKYL_E_NULL);
    CHECK_ST(kalkyl_cost_bridge(NULL, NULL, NULL, NULL, 0, &f0, &f1, 2, &b, &bad), KALKYL_OK);
    CHECK(is(&b.not_linked, 25050, 2));
}

int main(void) {
    test_unit_cost_seeds();
    test_unit_cost_errors();
    test_unit_cost_array();
    test_kolada_and_change();
    test_unit_cost_part();
    test_kpb();
    test_bridge();
    printf("capi_unitcost: %d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
