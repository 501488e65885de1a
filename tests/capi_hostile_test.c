/*
** Hostile input against the C ABI (capi/kalkyl.h), from C99: what a finance
** system feeds a library it has linked for years when its users type
** anything. Every exported function of the stable ABI 1 gets, one at a time:
**
**   - NULL for every pointer argument (those the header lets be NULL are
**     skipped): KALKYL_E_NULL;
**   - every kalkyl_dec input (and one element of every kalkyl_dec array)
**     made invalid: reserved != 0 (KALKYL_E_INVALID), scale -1 and 29
**     (KALKYL_E_SCALE), a mantissa of 39 digits, positive and negative
**     (KALKYL_E_OVERFLOW), and reserved and scale both bad (reserved is
**     checked first); the message names the argument;
**   - every enum and scale argument out of range: -1, one past the last,
**     INT32_MIN and INT32_MAX;
**
** and by hand: the fields of kalkyl_format, kalkyl_term, kalkyl_figure and
** kalkyl_relation out of range; texts of 1 MB, invalid UTF-8 and embedded
** NUL; buffers of capacity 0 and 1; bands out of order, levels outside
** (0, 1) and NaN, bad correlation matrices; foreign ledger handles, bad row
** specs, and ids of 1 MB, in broken UTF-8 and with NUL inside.
**
** For every failure: the documented status, kalkyl_last_error() non-NULL,
** beginning with the function's name, valid UTF-8 and shorter than 1024
** bytes, and NOT ONE BYTE written to the outputs: they all live in one arena
** filled with a sentinel before each call and compared after it; a ledger
** must read exactly as before the call. bad_index is checked against what
** the header promises.
**
** Table-driven: api[] lists each function, its pointer arguments in order
** and its enum and scale arguments; a wrapper per function makes a valid
** call from fixed figures and lets the harness replace one argument. The
** ctest c.hostile_coverage (tests/hostile_coverage.cmake) fails when a
** KALKYL_API function of the header is neither in api[] nor in
** api_by_hand[]; docs/testing.md says how to add an entry.
*/
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kalkyl.h"

/* --- the harness ------------------------------------------------------------ */

static int g_passed;
static int g_failed;

static void check(int ok, const char* what, const char* ctx, const char* file, int line) {
    if (ok) {
        ++g_passed;
    } else {
        ++g_failed;
        fprintf(stderr, "%s:%d: FAILED: %s [%s]\n  last error: %s\n", file, line, what, ctx,
                kalkyl_last_error());
    }
}

#define CHECK(cond, ctx) check((cond) != 0, #cond, (ctx), __FILE__, __LINE__)

/* All outputs of a call point into g_out; before each call it is filled
   with SENTINEL, after a failure it must still be. */
#define SENTINEL 0xA5
#define OUT_BYTES 16384
static unsigned char g_out[OUT_BYTES];
static size_t g_bad; /* bad_index */
static const size_t BAD_UNTOUCHED = (size_t)0xA5A5A5A5u;

static int g_led_check; /* a ledger wrapper ran: compare the ledger too */
static int ledger_untouched(void);

static void arm(void) {
    memset(g_out, SENTINEL, sizeof g_out);
    g_bad = BAD_UNTOUCHED;
    g_led_check = 0;
}

/* Nothing written: not one byte of the outputs and, after a ledger
   function, nothing a caller can see of the ledger. */
static int untouched(void) {
    size_t i;
    for (i = 0; i < sizeof g_out; ++i)
        if (g_out[i] != SENTINEL) return 0;
    return ledger_untouched();
}

static int valid_utf8(const char* s) {
    const unsigned char* p = (const unsigned char*)s;
    while (*p) {
        int n, k;
        unsigned cp;
        if (*p < 0x80) {
            ++p;
            continue;
        }
        if ((*p & 0xE0) == 0xC0) {
            n = 1;
            cp = *p & 0x1Fu;
        } else if ((*p & 0xF0) == 0xE0) {
            n = 2;
            cp = *p & 0x0Fu;
        } else if ((*p & 0xF8) == 0xF0) {
            n = 3;
            cp = *p & 0x07u;
        } else {
            return 0;
        }
        for (k = 1; k <= n; ++k) {
            if ((p[k] & 0xC0) != 0x80) return 0;
            cp = (cp << 6) | (p[k] & 0x3Fu);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return 0;
        p += n + 1;
    }
    return 1;
}

/* The message after a failure of `fn`: non-NULL, "fn: ...", valid UTF-8,
   < 1024 bytes, containing `needle` (when not NULL). */
static void check_message(const char* fn, const char* needle, const char* ctx, const char* file,
                          int line) {
    const char* msg = kalkyl_last_error();
    size_t fn_len = strlen(fn);
    check(msg != NULL, "kalkyl_last_error() != NULL", ctx, file, line);
    if (msg == NULL) return;
    check(strncmp(msg, fn, fn_len) == 0 && strncmp(msg + fn_len, ": ", 2) == 0,
          "the message begins with the function's name", ctx, file, line);
    check(valid_utf8(msg), "the message is valid UTF-8", ctx, file, line);
    check(strlen(msg) < 1024, "the message is shorter than 1024 bytes", ctx, file, line);
    if (needle != NULL)
        check(strstr(msg, needle) != NULL, "the message names the argument", ctx, file, line);
}

/* A failure: the status, the message, and nothing written. */
static void expect_fail(kalkyl_status got, kalkyl_status want, const char* fn, const char* needle,
                        const char* ctx, const char* file, int line) {
    char what[160];
    snprintf(what, sizeof what, "returned %s, expected %s", kalkyl_status_name(got),
             kalkyl_status_name(want));
    check(got == want, what, ctx, file, line);
    check_message(fn, needle, ctx, file, line);
    check(untouched(), "no output written on failure", ctx, file, line);
}

#define EXPECT_FAIL(call, want, fn, needle, ctx)                             \
    do {                                                                     \
        kalkyl_status st_;                                                   \
        arm();                                                               \
        st_ = (call);                                                        \
        expect_fail(st_, (want), (fn), (needle), (ctx), __FILE__, __LINE__); \
    } while (0)

/* --- values ------------------------------------------------------------------- */

static kalkyl_dec dv(int64_t units, int32_t scale) {
    kalkyl_dec d;
    d.lo = (uint64_t)units;
    d.hi = units < 0 ? -1 : 0;
    d.scale = scale;
    d.reserved = 0;
    return d;
}

static kalkyl_dec raw(uint64_t lo, int64_t hi, int32_t scale, uint32_t reserved) {
    kalkyl_dec d;
    d.lo = lo;
    d.hi = hi;
    d.scale = scale;
    d.reserved = reserved;
    return d;
}

/* The ways a kalkyl_dec can be invalid, with the status each gets. */
typedef struct {
    kalkyl_dec value;
    kalkyl_status want;
    const char* what;
} bad_dec;

static bad_dec bad_decs[8];
static size_t n_bad_decs;

static void init_bad_decs(void) {
    size_t n = 0;
    bad_decs[n].value = raw(5, 0, 0, 1);
    bad_decs[n].want = KALKYL_E_INVALID;
    bad_decs[n++].what = "reserved 1";
    bad_decs[n].value = raw(5, 0, 0, 0xFFFFFFFFu);
    bad_decs[n].want = KALKYL_E_INVALID;
    bad_decs[n++].what = "reserved 0xFFFFFFFF";
    bad_decs[n].value = raw(5, 0, -1, 0);
    bad_decs[n].want = KALKYL_E_SCALE;
    bad_decs[n++].what = "scale -1";
    bad_decs[n].value = raw(5, 0, 29, 0);
    bad_decs[n].want = KALKYL_E_SCALE;
    bad_decs[n++].what = "scale 29";
    bad_decs[n].value = raw(0x098a224000000000ULL, 0x4b3b4ca85a86c47aLL, 0, 0);
    bad_decs[n].want = KALKYL_E_OVERFLOW;
    bad_decs[n++].what = "mantissa 10^38 (39 digits)";
    bad_decs[n].value = raw(0xf675ddc000000000ULL, (int64_t)0xb4c4b357a5793b85ULL, 2, 0);
    bad_decs[n].want = KALKYL_E_OVERFLOW;
    bad_decs[n++].what = "mantissa -10^38 (39 digits)";
    bad_decs[n].value = raw(0, INT64_MIN, 0, 0);
    bad_decs[n].want = KALKYL_E_OVERFLOW;
    bad_decs[n++].what = "mantissa -2^127";
    bad_decs[n].value = raw(5, 0, 29, 7);
    bad_decs[n].want = KALKYL_E_INVALID;
    bad_decs[n++].what = "reserved 7 and scale 29 (reserved first)";
    n_bad_decs = n;
}

/* --- the knobs a wrapper reads ------------------------------------------------ */

static int g_null = -1;    /* the pointer argument to pass as NULL */
static int g_corrupt = -1; /* the kalkyl_dec input (pointer index) to make invalid */
static kalkyl_dec g_corrupt_value;
static int g_int_arg = -1; /* the int/enum argument to replace */
static int32_t g_int_value;

static kalkyl_dec g_copy[16];
static kalkyl_dec g_copy_array[16][64];

/* Pointer argument k. */
#define P(k, p) (g_null == (k) ? NULL : (p))

/* kalkyl_dec input k (a single value). */
static const kalkyl_dec* D(int k, const kalkyl_dec* p) {
    if (g_null == k) return NULL;
    if (g_corrupt == k) {
        g_copy[k] = g_corrupt_value;
        return &g_copy[k];
    }
    return p;
}

/* The element of an array input that is made invalid: the second (a bad
   element in the middle of good ones). */
static size_t corrupt_index(size_t n) {
    return n > 1 ? 1 : 0;
}

/* kalkyl_dec array input k of n elements. */
static const kalkyl_dec* DA(int k, const kalkyl_dec* p, size_t n) {
    if (g_null == k) return NULL;
    if (g_corrupt == k) {
        memcpy(g_copy_array[k], p, n * sizeof *p);
        g_copy_array[k][corrupt_index(n)] = g_corrupt_value;
        return g_copy_array[k];
    }
    return p;
}

/* Output k at byte offset `off` of the arena. */
static void* O(int k, size_t off) {
    return g_null == k ? NULL : (void*)(g_out + off);
}

#define OD(k, off) ((kalkyl_dec*)O((k), (off)))
#define BAD(k) ((size_t*)P((k), &g_bad))

/* Int/enum argument k. */
static int32_t I(int k, int32_t v) {
    return g_int_arg == k ? g_int_value : v;
}
#define MODE(k) ((kalkyl_rounding)I((k), KALKYL_ROUND_HALF_UP))

/* --- fixtures: valid arguments --------------------------------------------- */

static const char k_text[] = "1 234,5";
static kalkyl_dec a_, b_, vals_[3];
static kalkyl_format fmt_;
static int64_t units_[3] = {1, -2, 3};
static const char arr_buf_[] = "1;2,5;-3";
static const char arr_cat_[] = "12,5-3"; /* "1", "2,5", "-3" as Arrow lays them out */
static size_t arr_off_[4] = {0, 1, 4, 6};
static kalkyl_dec uc_cost_[2], uc_rev_[2], uc_vol_[2], few_;
static kalkyl_dec kpb_costs_[2], kpb_inh_[2], kpb_users_[2], kpb_nl_;
static kalkyl_dec br_bv_[2], br_bc_[2], br_cv_[2], br_cc_[2], br_bnl_, br_cnl_;
static kalkyl_dec total_, weights_[3], profile_[12];
static kalkyl_dec foot_cells_[4], foot_totals_[2];
static kalkyl_term foot_terms_[2];
static kalkyl_derived_column foot_derived_;
static kalkyl_figure figs_[3];
static kalkyl_term rel_terms_[2];
static kalkyl_relation rels_[1];

static void init_fixtures(void) {
    int i;
    a_ = dv(123464, 0);
    b_ = dv(22939, 0);
    vals_[0] = dv(15, 1);
    vals_[1] = dv(-225, 2);
    vals_[2] = dv(7, 0);
    memset(&fmt_, 0, sizeof fmt_);
    fmt_.size = sizeof fmt_;
    fmt_.locale = KALKYL_LOCALE_SV_SE;
    fmt_.decimals = -1;
    fmt_.rounding = KALKYL_ROUND_HALF_UP;
    /* Uppsala aug 2024, 5731 and 5733 (tkr). */
    uc_cost_[0] = dv(124998, 0);
    uc_rev_[0] = dv(1534, 0);
    uc_vol_[0] = dv(22939, 0);
    uc_cost_[1] = dv(60976, 0);
    uc_rev_[1] = dv(0, 0);
    uc_vol_[1] = dv(5555, 0);
    few_ = dv(10, 0);
    kpb_costs_[0] = dv(1000000, 0);
    kpb_inh_[0] = dv(50000, 0);
    kpb_users_[0] = dv(300, 0);
    kpb_costs_[1] = dv(3000000, 0);
    kpb_inh_[1] = dv(20000, 0);
    kpb_users_[1] = dv(900, 0);
    kpb_nl_ = dv(200000, 0);
    br_bv_[0] = dv(10, 0);
    br_bv_[1] = dv(20, 0);
    br_bc_[0] = dv(100, 0);
    br_bc_[1] = dv(300, 0);
    br_cv_[0] = dv(12, 0);
    br_cv_[1] = dv(18, 0);
    br_cc_[0] = dv(130, 0);
    br_cc_[1] = dv(250, 0);
    br_bnl_ = dv(5, 0);
    br_cnl_ = dv(7, 0);
    total_ = dv(685, 0);
    weights_[0] = dv(1, 0);
    weights_[1] = dv(2, 0);
    weights_[2] = dv(35, 1);
    for (i = 0; i < 12; ++i)
        profile_[i] = dv(i == 6 ? 5 : 10, 1);
    foot_cells_[0] = dv(1400, 0);
    foot_cells_[1] = dv(600, 0);
    foot_cells_[2] = dv(2600, 0);
    foot_cells_[3] = dv(1100, 0);
    foot_totals_[0] = dv(4000, 0);
    foot_totals_[1] = dv(1700, 0);
    foot_terms_[0].index = 0;
    foot_terms_[0].sign = 1;
    foot_terms_[1].index = 1;
    foot_terms_[1].sign = -1;
    foot_derived_.terms = foot_terms_;
    foot_derived_.n_terms = 2;
    memset(figs_, 0, sizeof figs_);
    figs_[0].value = dv(-3, 0);
    figs_[0].decimals = 0;
    figs_[0].name = "a";
    figs_[1].value = dv(-21, 0);
    figs_[1].decimals = 0;
    figs_[2].value = dv(-24, 0);
    figs_[2].decimals = KALKYL_DECIMALS_OF_VALUE;
    rel_terms_[0].index = 0;
    rel_terms_[0].sign = 1;
    rel_terms_[1].index = 1;
    rel_terms_[1].sign = 1;
    memset(rels_, 0, sizeof rels_);
    rels_[0].kind = KALKYL_REL_SUM;
    rels_[0].result = 2;
    rels_[0].label = "rows";
    rels_[0].numerator = rel_terms_;
    rels_[0].n_numerator = 2;
}

/* --- one wrapper per function --------------------------------------------- */

static kalkyl_status w_parse(void) {
    return kalkyl_dec_parse(P(0, k_text), sizeof k_text - 1,
                            (kalkyl_locale)I(0, KALKYL_LOCALE_SV_SE), OD(1, 0));
}
static kalkyl_status w_format(void) {
    return kalkyl_dec_format(D(0, &a_), P(1, &fmt_), (char*)O(2, 0), 128, (size_t*)O(3, 512));
}
static kalkyl_status w_from_int(void) {
    return kalkyl_dec_from_int(-5, I(0, 2), OD(0, 0));
}
static kalkyl_status w_add(void) {
    return kalkyl_dec_add(D(0, &a_), D(1, &b_), OD(2, 0));
}
static kalkyl_status w_sub(void) {
    return kalkyl_dec_sub(D(0, &a_), D(1, &b_), OD(2, 0));
}
static kalkyl_status w_mul(void) {
    return kalkyl_dec_mul(D(0, &a_), D(1, &b_), OD(2, 0));
}
static kalkyl_status w_div(void) {
    return kalkyl_dec_div(D(0, &a_), D(1, &b_), I(0, 1), MODE(1), OD(2, 0));
}
static kalkyl_status w_round(void) {
    return kalkyl_dec_round(D(0, &a_), I(0, 1), MODE(1), OD(1, 0));
}
static kalkyl_status w_cmp(void) {
    return kalkyl_dec_cmp(D(0, &a_), D(1, &b_), (int*)O(2, 0));
}
static kalkyl_status w_to_double(void) {
    return kalkyl_dec_to_double(D(0, &a_), (double*)O(1, 0));
}
static kalkyl_status w_sum(void) {
    return kalkyl_sum(DA(0, vals_, 3), 3, OD(1, 0));
}
static kalkyl_status w_sum_units(void) {
    return kalkyl_sum_units(P(0, units_), 3, I(0, 2), OD(1, 0));
}
static kalkyl_status w_parse_array(void) {
    return kalkyl_dec_parse_array(P(0, arr_cat_), P(1, arr_off_), 3,
                                  (kalkyl_locale)I(0, KALKYL_LOCALE_SV_SE), OD(2, 0), BAD(3));
}
static kalkyl_status w_parse_lines(void) {
    return kalkyl_dec_parse_lines(P(0, arr_buf_), sizeof arr_buf_ - 1, ';',
                                  (kalkyl_locale)I(0, KALKYL_LOCALE_SV_SE), OD(1, 0), 3,
                                  (size_t*)O(2, 1024), BAD(3));
}
static kalkyl_status w_format_array(void) {
    return kalkyl_dec_format_array(DA(0, vals_, 3), 3, P(1, &fmt_), ';', (char*)O(2, 0), 512,
                                   (size_t*)O(3, 1024), BAD(4));
}
static kalkyl_status w_unit_cost(void) {
    return kalkyl_unit_cost(D(0, &uc_cost_[0]), D(1, &uc_rev_[0]), D(2, &uc_vol_[0]), I(0, 1),
                            MODE(1), OD(3, 0), OD(4, 64));
}
static kalkyl_status w_unit_cost_array(void) {
    return kalkyl_unit_cost_array(DA(0, uc_cost_, 2), DA(1, uc_rev_, 2), DA(2, uc_vol_, 2), 2,
                                  I(0, 1), MODE(1), D(3, &few_), OD(4, 0), OD(5, 128),
                                  (uint8_t*)O(6, 256), BAD(7));
}
static kalkyl_status w_kolada_cost(void) {
    return kalkyl_kolada_cost(D(0, &uc_cost_[0]), D(1, &uc_rev_[0]), D(2, &uc_rev_[1]), OD(3, 0));
}
static kalkyl_status w_kolada_unit_cost(void) {
    return kalkyl_kolada_unit_cost(D(0, &uc_cost_[0]), D(1, &uc_rev_[0]), D(2, &uc_rev_[1]),
                                   D(3, &uc_vol_[0]), I(0, 1), MODE(1), OD(4, 0), OD(5, 64));
}
static kalkyl_status w_unit_cost_part(void) {
    static const kalkyl_dec pc = {3184, 0, 0, 0}, pv = {162, 0, 0, 0};
    return kalkyl_unit_cost_part(D(0, &uc_cost_[1]), D(1, &uc_vol_[1]), D(2, &pc), D(3, &pv),
                                 I(0, 1), MODE(1), I(2, 1), (kalkyl_rounding)I(3, 0), OD(4, 0),
                                 OD(5, 64), OD(6, 128));
}
static kalkyl_status w_change(void) {
    return kalkyl_change(D(0, &a_), D(1, &b_), I(0, 1), MODE(1), OD(2, 0), OD(3, 64));
}
static kalkyl_status w_change_points(void) {
    return kalkyl_change_points(D(0, &vals_[0]), D(1, &vals_[1]), OD(2, 0));
}
static kalkyl_status w_net_cost_deviation(void) {
    return kalkyl_net_cost_deviation(D(0, &a_), D(1, &b_), I(0, 1), MODE(1), OD(2, 0));
}
static kalkyl_status w_kpb_table(void) {
    return kalkyl_kpb_table(
        DA(0, kpb_costs_, 2), DA(1, kpb_inh_, 2), DA(2, kpb_users_, 2), 2, D(3, &kpb_nl_), I(0, 0),
        MODE(1), I(2, 1), (kalkyl_rounding)I(3, 0), D(4, &few_), (kalkyl_kpb_figures*)O(5, 0),
        (kalkyl_kpb_figures*)O(6, 1024), (kalkyl_kpb_figures*)O(7, 2048), BAD(8));
}
static kalkyl_status w_kpb_total(void) {
    static const kalkyl_dec total = {4200000, 0, 0, 0}, inh = {70000, 0, 0, 0},
                            users = {1200, 0, 0, 0};
    return kalkyl_kpb_total(D(0, &total), D(1, &kpb_nl_), D(2, &inh), D(3, &users), I(0, 0),
                            MODE(1), I(2, 1), (kalkyl_rounding)I(3, 0), D(4, &few_),
                            (kalkyl_kpb_figures*)O(5, 0));
}
static kalkyl_status w_cost_bridge(void) {
    return kalkyl_cost_bridge(DA(0, br_bv_, 2), DA(1, br_bc_, 2), DA(2, br_cv_, 2),
                              DA(3, br_cc_, 2), 2, D(4, &br_bnl_), D(5, &br_cnl_), I(0, 2),
                              (kalkyl_bridge*)O(6, 0), BAD(7));
}
static kalkyl_status w_allocate(void) {
    return kalkyl_allocate(D(0, &total_), DA(1, weights_, 3), 3, I(0, 1), OD(2, 0));
}
static kalkyl_status w_allocate_mode(void) {
    return kalkyl_allocate_mode(D(0, &total_), DA(1, weights_, 3), 3, I(0, 1),
                                (kalkyl_allocation_mode)I(1, KALKYL_ALLOC_CUMULATIVE), OD(2, 0));
}
static kalkyl_status w_periodise(void) {
    return kalkyl_periodise(D(0, &total_), DA(1, profile_, 12), I(0, 1),
                            (kalkyl_allocation_mode)I(1, KALKYL_ALLOC_CUMULATIVE), OD(2, 0));
}
static kalkyl_status w_budget_through_month(void) {
    return kalkyl_budget_through_month(D(0, &total_), DA(1, profile_, 12), I(0, 8), I(1, 1),
                                       (kalkyl_allocation_mode)I(2, KALKYL_ALLOC_CUMULATIVE),
                                       OD(2, 0));
}
static kalkyl_status w_foot(void) {
    return kalkyl_foot(DA(0, foot_cells_, 4), 2, 2, DA(1, foot_totals_, 2),
                       (const kalkyl_derived_column*)P(2, &foot_derived_), 1, I(0, 3), I(1, 0),
                       MODE(2), OD(3, 0), OD(4, 1024), (kalkyl_adjusted_cell*)O(5, 2048), 16,
                       (size_t*)O(6, 8192));
}
static kalkyl_status w_check(void) {
    return kalkyl_check(P(0, figs_), 3, P(1, rels_), 1, (kalkyl_finding*)O(2, 0), BAD(3));
}

/* --- forecast bands and the follow-up ledger (added after the first release) --- */

/* Bands are passed to the table as arrays of kalkyl_dec (a kalkyl_band is
   three kalkyl_dec, no padding): the element made invalid is then
   bands[0].point, in the middle of a valid band. */
static kalkyl_dec band_pt_, band_down_, band_up_, band_outcome_;
static kalkyl_band bands_[2], band_target_[1];
static double corr_[4] = {1.0, 0.25, 0.25, 1.0};
static kalkyl_dec band_errors_[5], band_points_[2], band_year_errors_[6], band_rest_, band_rate_;
static kalkyl_dec band_outcomes_[2];
static kalkyl_dec led_months_[12], bt_outcomes_[24], bt_budgets_[24];

static void init_band_fixtures(void) {
    int i;
    /* Uppsala aug 2024 (mnkr): prognos -30, försämring 5, förbättring 5. */
    band_pt_ = dv(-30, 0);
    band_down_ = dv(5, 0);
    band_up_ = dv(5, 0);
    band_outcome_ = dv(-235, 1);
    bands_[0].low = dv(-35, 0);
    bands_[0].point = dv(-30, 0);
    bands_[0].high = dv(-25, 0);
    bands_[1].low = dv(-4, 0);
    bands_[1].point = dv(0, 0);
    bands_[1].high = dv(3, 0);
    band_target_[0].low = dv(-40, 0);
    band_target_[0].point = dv(-30, 0);
    band_target_[0].high = dv(0, 0);
    for (i = 0; i < 5; ++i)
        band_errors_[i] = dv((i - 2) * 3, 0);
    band_points_[0] = dv(-30, 0);
    band_points_[1] = dv(12, 0);
    for (i = 0; i < 6; ++i)
        band_year_errors_[i] = dv((i % 2 ? 1 : -1) * (i + 1), 0);
    band_rest_ = dv(40000, 0);
    band_rate_ = dv(2, 2);
    band_outcomes_[0] = dv(-235, 1);
    band_outcomes_[1] = dv(1, 0);
    for (i = 0; i < 12; ++i)
        led_months_[i] = dv(1000 + 10 * i, 0);
    for (i = 0; i < 24; ++i) {
        bt_outcomes_[i] = dv(900 + 7 * (i % 12) + (i / 12) * 20, 0);
        bt_budgets_[i] = dv(950, 0);
    }
}

static kalkyl_status w_band_from_spread(void) {
    return kalkyl_band_from_spread(D(0, &band_pt_), D(1, &band_down_), D(2, &band_up_),
                                   (kalkyl_band*)O(3, 0));
}
static kalkyl_status w_band_sum(void) {
    return kalkyl_band_sum((const kalkyl_band*)(const void*)DA(0, &bands_[0].low, 6), 2,
                           (kalkyl_aggregation)I(0, KALKYL_AGG_CORRELATED), P(1, corr_), I(1, 1),
                           MODE(2), (kalkyl_band*)O(2, 0));
}
static kalkyl_status w_band_excess(void) {
    return kalkyl_band_excess((const kalkyl_band*)(const void*)DA(0, &bands_[0].low, 3),
                              D(1, &band_outcome_), (int*)O(2, 0), OD(3, 64));
}
static kalkyl_status w_band_empirical(void) {
    return kalkyl_band_empirical(D(0, &band_pt_), DA(1, band_errors_, 5), 5, 0.5, 3,
                                 D(2, &band_rest_), D(3, &band_rate_), I(0, 1), MODE(1),
                                 (kalkyl_band*)O(4, 0), (kalkyl_band_info*)O(5, 256));
}
static kalkyl_status w_band_simulate(void) {
    return kalkyl_band_simulate((const kalkyl_band*)(const void*)DA(0, &bands_[0].low, 6), 2,
                                P(1, corr_), 0.8, 2024, 64,
                                (const kalkyl_band*)(const void*)DA(2, &band_target_[0].low, 3),
                                I(0, 1), MODE(1), (kalkyl_simulation*)O(3, 0));
}
static kalkyl_status w_band_bootstrap(void) {
    return kalkyl_band_bootstrap(DA(0, band_points_, 2), 2, DA(1, band_year_errors_, 6), 3, 2024,
                                 64,
                                 (const kalkyl_band*)(const void*)DA(2, &band_target_[0].low, 3),
                                 I(0, 1), MODE(1), (kalkyl_simulation*)O(3, 0));
}
static kalkyl_status w_band_grade(void) {
    return kalkyl_band_grade((const kalkyl_band*)(const void*)DA(0, &bands_[0].low, 6),
                             DA(1, band_outcomes_, 2), 2, 0.8, I(0, 2), MODE(1),
                             (kalkyl_band_scores*)O(2, 0));
}

/* The ledger: every ledger wrapper works on a fresh one (a nämnd N with a
   cost row K and a revenue row I, budgets, eight months of outcome, last
   year, a forecast "Prognos" on K and I, computed as of August), so that a
   valid call cannot change what the next call sees. Its fingerprint (row
   count, every figure column, the stored forecasts) is taken before the
   call; untouched() compares it after a failure: "failure changes nothing". */
static kalkyl_ledger* g_led;

#define FP_BYTES 4096
static unsigned char g_led_before[FP_BYTES];

static void must(kalkyl_status st, const char* what) {
    if (st != KALKYL_OK) {
        fprintf(stderr, "fixture: %s: %s\n", what, kalkyl_last_error());
        exit(2);
    }
}

static void fresh_ledger(void) {
    static const kalkyl_row_spec rows[3] = {{"N", 1, "Nämnd", 6, NULL, 0, KALKYL_ROW_NET, 0},
                                            {"K", 1, "Kostnader", 9, "N", 1, KALKYL_ROW_COST, 0},
                                            {"I", 1, "Intäkter", 9, "N", 1, KALKYL_ROW_REVENUE, 0}};
    kalkyl_dec rev[12];
    int i;
    if (g_led != NULL) must(kalkyl_ledger_free(g_led), "free");
    g_led = NULL;
    must(kalkyl_ledger_new(&g_led), "new");
    must(kalkyl_ledger_add_rows(g_led, rows, 3, NULL), "add_rows");
    for (i = 0; i < 12; ++i)
        rev[i] = dv(200, 0);
    must(kalkyl_ledger_set_values(g_led, "N", 1, KALKYL_SERIES_BUDGET, 1, led_months_, 12), "N");
    must(kalkyl_ledger_set_values(g_led, "K", 1, KALKYL_SERIES_BUDGET, 1, led_months_, 12), "K");
    must(kalkyl_ledger_set_values(g_led, "K", 1, KALKYL_SERIES_OUTCOME, 1, led_months_, 8), "K");
    must(kalkyl_ledger_set_values(g_led, "K", 1, KALKYL_SERIES_PRIOR_OUTCOME, 1, led_months_, 12),
         "K");
    must(kalkyl_ledger_set_values(g_led, "I", 1, KALKYL_SERIES_BUDGET, 1, rev, 12), "I");
    must(kalkyl_ledger_set_values(g_led, "I", 1, KALKYL_SERIES_OUTCOME, 1, rev, 8), "I");
    must(kalkyl_ledger_set_values(g_led, "I", 1, KALKYL_SERIES_PRIOR_OUTCOME, 1, rev, 12), "I");
    must(kalkyl_ledger_add_forecast(g_led, "K", 1, "Prognos", 7, KALKYL_FORECAST_REMAINING_BUDGET,
                                    8, 0, KALKYL_ROUND_HALF_UP, NULL),
         "forecast K");
    must(kalkyl_ledger_add_forecast(g_led, "I", 1, "Prognos", 7, KALKYL_FORECAST_REMAINING_BUDGET,
                                    8, 0, KALKYL_ROUND_HALF_UP, NULL),
         "forecast I");
    must(kalkyl_ledger_compute(g_led, 8), "compute");
}

/* What a caller can see of the ledger, as bytes. The status of each read is
   part of it: figures dropped by a change show as KALKYL_E_INVALID. The
   reads fail on purpose at times, so the caller checks the message first. */
static void fingerprint(const kalkyl_ledger* l, unsigned char* fp) {
    size_t at = 0, n = 0;
    int what;
    static const char* const ids[2] = {"K", "I"}; /* the rows with a stored forecast */
    int r;
    memset(fp, 0, FP_BYTES);
#define FP_PUT(p, len)                   \
    do {                                 \
        if (at + (len) <= FP_BYTES) {    \
            memcpy(fp + at, (p), (len)); \
            at += (len);                 \
        }                                \
    } while (0)
    {
        kalkyl_status st = kalkyl_ledger_row_count(l, &n);
        FP_PUT(&st, sizeof st);
        FP_PUT(&n, sizeof n);
    }
    for (what = 0; what <= KALKYL_FIG_CHANGE_YEAR; ++what) {
        kalkyl_dec col[8];
        kalkyl_status st;
        memset(col, 0, sizeof col);
        st = n <= 8 ? kalkyl_ledger_get_column(l, (kalkyl_ledger_figure)what, "Prognos", 7, col, n)
                    : KALKYL_E_BUFFER;
        FP_PUT(&st, sizeof st);
        FP_PUT(col, sizeof col);
    }
    for (r = 0; r < 2; ++r) {
        int32_t method = -7, month = -7;
        kalkyl_dec v[3];
        kalkyl_status st;
        memset(v, 0, sizeof v);
        st = kalkyl_ledger_forecast_info(l, ids[r], 1, "Prognos", 7, &method, &month, &v[0], &v[1],
                                         &v[2]);
        FP_PUT(&st, sizeof st);
        FP_PUT(&method, sizeof method);
        FP_PUT(&month, sizeof month);
        FP_PUT(v, sizeof v);
    }
#undef FP_PUT
}

/* Called by each ledger wrapper before its call. */
static void ledger_before(void) {
    fresh_ledger();
    fingerprint(g_led, g_led_before);
    g_led_check = 1;
}

static int ledger_untouched(void) {
    unsigned char now[FP_BYTES];
    if (!g_led_check || g_led == NULL) return 1;
    fingerprint(g_led, now);
    return memcmp(now, g_led_before, FP_BYTES) == 0;
}

static kalkyl_status w_ledger_new(void) {
    kalkyl_status st = kalkyl_ledger_new((kalkyl_ledger**)O(0, 0));
    if (st == KALKYL_OK) {
        kalkyl_ledger* made;
        memcpy(&made, g_out, sizeof made);
        must(kalkyl_ledger_free(made), "free the new ledger");
    }
    return st;
}
static kalkyl_status w_ledger_free(void) {
    kalkyl_status st;
    fresh_ledger();
    st = kalkyl_ledger_free(g_led);
    if (st == KALKYL_OK) g_led = NULL;
    return st;
}
static kalkyl_status w_ledger_add_rows(void) {
    kalkyl_row_spec rows[2];
    memset(rows, 0, sizeof rows);
    rows[0].id = "K1";
    rows[0].id_len = 2;
    rows[0].name = "Personal";
    rows[0].name_len = 8;
    rows[0].parent = "K";
    rows[0].parent_len = 1;
    rows[0].kind = KALKYL_ROW_COST;
    rows[1].id = "I1";
    rows[1].id_len = 2;
    rows[1].parent = "I";
    rows[1].parent_len = 1;
    rows[1].kind = KALKYL_ROW_REVENUE;
    ledger_before();
    return kalkyl_ledger_add_rows(P(0, g_led), P(1, rows), 2, BAD(2));
}
static kalkyl_status w_ledger_add_row(void) {
    ledger_before();
    return kalkyl_ledger_add_row(P(0, g_led), P(1, "K2"), 2, P(2, "Lokaler"), 7,
                                 (kalkyl_row_kind)I(0, KALKYL_ROW_COST), P(3, "K"), 1);
}
static kalkyl_status w_ledger_set_values(void) {
    ledger_before();
    return kalkyl_ledger_set_values(P(0, g_led), P(1, "K"), 1,
                                    (kalkyl_series)I(0, KALKYL_SERIES_OUTCOME), I(1, 9),
                                    DA(2, led_months_, 3), 3);
}
static kalkyl_status w_ledger_set_annual_budget(void) {
    ledger_before();
    return kalkyl_ledger_set_annual_budget(P(0, g_led), P(1, "K"), 1, D(2, &total_),
                                           DA(3, profile_, 12), I(0, 0),
                                           (kalkyl_allocation_mode)I(1, KALKYL_ALLOC_CUMULATIVE));
}
static kalkyl_status w_ledger_add_forecast(void) {
    ledger_before();
    return kalkyl_ledger_add_forecast(P(0, g_led), P(1, "K"), 1, P(2, "Trend"), 5,
                                      (kalkyl_forecast_method)I(0, KALKYL_FORECAST_TREND), I(1, 8),
                                      I(2, 0), MODE(3), OD(3, 0));
}
static kalkyl_status w_ledger_set_manual_forecast(void) {
    ledger_before();
    return kalkyl_ledger_set_manual_forecast(P(0, g_led), P(1, "N"), 1, P(2, "Manuell"), 7, I(0, 8),
                                             D(3, &band_pt_), D(4, &band_down_), D(5, &band_up_),
                                             P(6, "Ekonom"), 6);
}
static kalkyl_status w_ledger_forecast_info(void) {
    ledger_before();
    return kalkyl_ledger_forecast_info(P(0, g_led), P(1, "K"), 1, P(2, "Prognos"), 7,
                                       (int32_t*)O(3, 0), (int32_t*)O(4, 64), OD(5, 128),
                                       OD(6, 256), OD(7, 384));
}
static kalkyl_status w_ledger_row_count(void) {
    ledger_before();
    return kalkyl_ledger_row_count(P(0, g_led), (size_t*)O(1, 0));
}
static kalkyl_status w_ledger_compute(void) {
    ledger_before();
    return kalkyl_ledger_compute(P(0, g_led), I(0, 12));
}
static kalkyl_status w_ledger_get(void) {
    ledger_before();
    return kalkyl_ledger_get(P(0, g_led), P(1, "N"), 1,
                             (kalkyl_ledger_figure)I(0, KALKYL_FIG_RESULT_YEAR), P(2, "Prognos"), 7,
                             OD(3, 0));
}
static kalkyl_status w_ledger_get_column(void) {
    ledger_before();
    return kalkyl_ledger_get_column(P(0, g_led), (kalkyl_ledger_figure)I(0, KALKYL_FIG_FORECAST),
                                    P(1, "Prognos"), 7, OD(2, 0), 3);
}
static kalkyl_status w_ledger_percent(void) {
    ledger_before();
    return kalkyl_ledger_percent(P(0, g_led), P(1, "N"), 1,
                                 (kalkyl_percent_figure)I(0, KALKYL_PCT_BUDGETHALLNING_YEAR),
                                 P(2, "Prognos"), 7, I(1, 1), MODE(2), OD(3, 0));
}
static kalkyl_status w_backtest(void) {
    return kalkyl_backtest(DA(0, bt_outcomes_, 24), DA(1, bt_budgets_, 24), 2,
                           (kalkyl_forecast_method)I(0, KALKYL_FORECAST_LAST_YEAR_PROFILE), I(1, 0),
                           MODE(2), OD(2, 0), (uint8_t*)O(3, 4096));
}

/* SIE 4: one read-only handle of a small file with one item of every kind
   (an unknown label gives the diagnostic), made on first use. Accessors
   cannot change it; kalkyl_sie_free gets a handle of its own. */
static const char sie_text_[] =
    "#FLAGGA 0\r\n#FORMAT PC8\r\n#SIETYP 4\r\n#FNAMN \"Socialn\x84mnden\"\r\n"
    "#RAR 0 20240101 20241231\r\n#KONTO 4010 \"L\x94ner\"\r\n#DIM 1 \"Ansvar\"\r\n"
    "#OBJEKT 1 \"100\" \"\x8Eldreomsorg\"\r\n#IB 0 1910 5.00\r\n"
    "#PBUDGET 0 202401 4010 {1 \"100\"} 100.00\r\n"
    "#VER A 1 20240131 \"Januari\"\r\n{\r\n#TRANS 4010 {1 \"100\"} 90.00\r\n"
    "#TRANS 1910 {} -90.00\r\n}\r\n#OKAND 1\r\n";
static kalkyl_sie* g_sie;

static kalkyl_sie* sie_handle(void) {
    if (g_sie == NULL)
        must(kalkyl_sie_read(sie_text_, sizeof sie_text_ - 1, KALKYL_SIE_ENC_AUTO, &g_sie),
             "read the SIE file");
    return g_sie;
}

/* A handle a wrapper made on success, freed (it is in the arena at 0). */
static void free_made_sie(kalkyl_status st) {
    if (st == KALKYL_OK) {
        kalkyl_sie* made;
        memcpy(&made, g_out, sizeof made);
        must(kalkyl_sie_free(made), "free the new SIE handle");
    }
}

static kalkyl_status w_sie_read(void) {
    kalkyl_status st =
        kalkyl_sie_read(P(0, sie_text_), sizeof sie_text_ - 1,
                        (kalkyl_sie_encoding)I(0, KALKYL_SIE_ENC_AUTO), (kalkyl_sie**)O(1, 0));
    free_made_sie(st);
    return st;
}
static kalkyl_status w_sie_read_file(void) {
    kalkyl_status st;
    FILE* f = fopen("hostile_test.se", "wb");
    if (f != NULL) {
        fwrite(sie_text_, 1, sizeof sie_text_ - 1, f);
        fclose(f);
    }
    st = kalkyl_sie_read_file(P(0, "hostile_test.se"),
                              (kalkyl_sie_encoding)I(0, KALKYL_SIE_ENC_CP437),
                              (kalkyl_sie**)O(1, 0));
    free_made_sie(st);
    remove("hostile_test.se");
    return st;
}
static kalkyl_status w_sie_free(void) {
    kalkyl_sie* h = NULL;
    must(kalkyl_sie_read(sie_text_, sizeof sie_text_ - 1, KALKYL_SIE_ENC_AUTO, &h),
         "read the SIE file");
    return kalkyl_sie_free(P(0, h));
}
static kalkyl_status w_sie_get_info(void) {
    kalkyl_sie_info info;
    info.size = sizeof info;
    return kalkyl_sie_get_info(P(0, sie_handle()), P(1, &info));
}
static kalkyl_status w_sie_get_year(void) {
    return kalkyl_sie_get_year(P(0, sie_handle()), 0, (kalkyl_sie_year*)O(1, 0));
}
static kalkyl_status w_sie_get_account(void) {
    return kalkyl_sie_get_account(P(0, sie_handle()), 0, (kalkyl_sie_account*)O(1, 0));
}
static kalkyl_status w_sie_get_dimension(void) {
    return kalkyl_sie_get_dimension(P(0, sie_handle()), 0, (kalkyl_sie_dimension*)O(1, 0));
}
static kalkyl_status w_sie_get_object(void) {
    return kalkyl_sie_get_object(P(0, sie_handle()), 0, (kalkyl_sie_object*)O(1, 0));
}
static kalkyl_status w_sie_get_balance(void) {
    return kalkyl_sie_get_balance(P(0, sie_handle()), 0, (kalkyl_sie_balance*)O(1, 0));
}
static kalkyl_status w_sie_get_period(void) {
    return kalkyl_sie_get_period(P(0, sie_handle()), 0, (kalkyl_sie_period*)O(1, 0));
}
static kalkyl_status w_sie_get_transaction_sum(void) {
    return kalkyl_sie_get_transaction_sum(P(0, sie_handle()), 0, (kalkyl_sie_period*)O(1, 0));
}
static kalkyl_status w_sie_get_diagnostic(void) {
    return kalkyl_sie_get_diagnostic(P(0, sie_handle()), 0, (kalkyl_sie_diagnostic*)O(1, 0));
}
static kalkyl_status w_sie_get_unknown_label(void) {
    return kalkyl_sie_get_unknown_label(P(0, sie_handle()), 0, (const char**)O(1, 0),
                                        (uint64_t*)O(2, 64));
}
static kalkyl_status w_sie_to_ledger(void) {
    kalkyl_sie_mapping m;
    kalkyl_status st;
    memset(&m, 0, sizeof m);
    m.size = sizeof m;
    m.dimension = 1;
    m.chart = I(0, KALKYL_SIE_CHART_KOMMUN_BAS);
    m.outcome = I(1, KALKYL_SIE_OUTCOME_AUTO);
    st = kalkyl_sie_to_ledger(P(0, sie_handle()), P(1, &m), (kalkyl_ledger**)O(2, 0),
                              (kalkyl_sie_mapped*)O(3, 64));
    if (st == KALKYL_OK) {
        kalkyl_ledger* made;
        memcpy(&made, g_out, sizeof made);
        must(kalkyl_ledger_free(made), "free the mapped ledger");
    }
    return st;
}
static kalkyl_status w_sie_write_budget(void) {
    kalkyl_sie_object ansvar;
    kalkyl_sie_budget_line line;
    kalkyl_sie_budget_file file;
    ansvar.dimension = 1;
    ansvar.id = "100";
    ansvar.id_len = 3;
    ansvar.name = "";
    memset(&line, 0, sizeof line);
    line.account = "4010";
    line.account_len = 4;
    line.objects = &ansvar;
    line.n_objects = 1;
    line.period = 202501;
    line.kind = I(0, KALKYL_ROW_COST);
    line.amount = dv(8333333, 2);
    memset(&file, 0, sizeof file);
    file.size = sizeof file;
    file.year_start = 20250101;
    file.year_end = 20251231;
    file.checksum = 1;
    file.company = "Socialn\xC3\xA4mnden";
    file.company_len = strlen(file.company);
    file.generated = "20241120";
    file.generated_len = 8;
    return kalkyl_sie_write_budget(P(0, &file), P(1, &line), 1, (char*)O(2, 0), 4096,
                                   (size_t*)O(3, 8192));
}

/* --- the table ------------------------------------------------------------------ */

/* An int argument: its kind decides the values tried and the status. */
enum int_kind {
    K_SCALE,
    K_ROUNDING,
    K_LOCALE,
    K_ALLOC,
    K_MONTH,
    K_UNIT,
    K_DECIMALS,
    K_AGGREGATION,  /* kalkyl_aggregation */
    K_ROW_KIND,     /* kalkyl_row_kind */
    K_SERIES,       /* kalkyl_series */
    K_METHOD,       /* a computed kalkyl_forecast_method (MANUAL refused too) */
    K_FIGURE,       /* kalkyl_ledger_figure */
    K_PERCENT,      /* kalkyl_percent_figure */
    K_SIE_ENCODING, /* kalkyl_sie_encoding: -1 (AUTO) is valid */
    K_SIE_CHART,    /* kalkyl_sie_chart */
    K_SIE_OUTCOME   /* kalkyl_sie_outcome */
};

typedef struct {
    const char* name;
    enum int_kind kind;
} int_arg;

/* A pointer argument. '?' before the name: may be NULL (not tried);
   '!' before the name: NULL writes nothing at all, not even *bad_index. */
typedef struct {
    const char* fn;
    kalkyl_status (*call)(void);
    const char* ptrs[10];
    const char* decs; /* per pointer: 'd' a kalkyl_dec input, 'a' an array of them, '-' else */
    int_arg ints[5];
    int bad_index; /* the pointer index of bad_index, or -1 */
} api_fn;

#define NO_INTS           \
    {                     \
        { NULL, K_SCALE } \
    }

static const api_fn api[] = {
    {"kalkyl_dec_parse", w_parse, {"text", "out"}, "--", {{"locale", K_LOCALE}}, -1},
    {"kalkyl_dec_format", w_format, {"v", "fmt", "buf", "needed"}, "d---", NO_INTS, -1},
    {"kalkyl_dec_from_int", w_from_int, {"out"}, "-", {{"scale", K_SCALE}}, -1},
    {"kalkyl_dec_add", w_add, {"a", "b", "out"}, "dd-", NO_INTS, -1},
    {"kalkyl_dec_sub", w_sub, {"a", "b", "out"}, "dd-", NO_INTS, -1},
    {"kalkyl_dec_mul", w_mul, {"a", "b", "out"}, "dd-", NO_INTS, -1},
    {"kalkyl_dec_div",
     w_div,
     {"a", "b", "out"},
     "dd-",
     {{"scale", K_SCALE}, {"mode", K_ROUNDING}},
     -1},
    {"kalkyl_dec_round",
     w_round,
     {"a", "out"},
     "d-",
     {{"scale", K_SCALE}, {"mode", K_ROUNDING}},
     -1},
    {"kalkyl_dec_cmp", w_cmp, {"a", "b", "out"}, "dd-", NO_INTS, -1},
    {"kalkyl_dec_to_double", w_to_double, {"a", "out"}, "d-", NO_INTS, -1},
    {"kalkyl_sum", w_sum, {"values", "out"}, "a-", NO_INTS, -1},
    {"kalkyl_sum_units", w_sum_units, {"units", "out"}, "--", {{"scale", K_SCALE}}, -1},
    {"kalkyl_dec_parse_array",
     w_parse_array,
     {"buf", "offsets", "out", "!bad_index"},
     "----",
     {{"locale", K_LOCALE}},
     3},
    {"kalkyl_dec_parse_lines",
     w_parse_lines,
     {"buf", "out", "!count", "!bad_index"},
     "----",
     {{"locale", K_LOCALE}},
     3},
    {"kalkyl_dec_format_array",
     w_format_array,
     {"values", "fmt", "buf", "!needed", "!bad_index"},
     "a----",
     NO_INTS,
     4},
    {"kalkyl_unit_cost",
     w_unit_cost,
     {"total_cost", "other_revenue", "volume", "net_cost", "per_unit"},
     "ddd--",
     {{"scale", K_SCALE}, {"mode", K_ROUNDING}},
     -1},
    {"kalkyl_unit_cost_array",
     w_unit_cost_array,
     {"total_cost", "other_revenue", "volume", "?few_threshold", "?net_cost", "per_unit", "?flags",
      "!bad_index"},
     "aaad----",
     {{"scale", K_SCALE}, {"mode", K_ROUNDING}},
     7},
    {"kalkyl_kolada_cost",
     w_kolada_cost,
     {"gross_cost", "internal_revenue", "sales_to_municipalities", "out"},
     "ddd-",
     NO_INTS,
     -1},
    {"kalkyl_kolada_unit_cost",
     w_kolada_unit_cost,
     {"gross_cost", "internal_revenue", "sales_to_municipalities", "volume", "cost", "per_unit"},
     "dddd--",
     {{"scale", K_SCALE}, {"mode", K_ROUNDING}},
     -1},
    {"kalkyl_unit_cost_part",
     w_unit_cost_part,
     {"whole_cost", "whole_volume", "part_cost", "part_volume", "per_unit", "share_of_volume",
      "share_of_cost"},
     "dddd---",
     {{"scale", K_SCALE},
      {"mode", K_ROUNDING},
      {"share_scale", K_SCALE},
      {"share_mode", K_ROUNDING}},
     -1},
    {"kalkyl_change",
     w_change,
     {"base", "current", "amount", "percent"},
     "dd--",
     {{"scale", K_SCALE}, {"mode", K_ROUNDING}},
     -1},
    {"kalkyl_change_points",
     w_change_points,
     {"base_percent", "current_percent", "points"},
     "dd-",
     NO_INTS,
     -1},
    {"kalkyl_net_cost_deviation",
     w_net_cost_deviation,
     {"actual", "reference", "percent"},
     "dd-",
     {{"scale", K_SCALE}, {"mode", K_ROUNDING}},
     -1},
    {"kalkyl_kpb_table",
     w_kpb_table,
     {"costs", "inhabitants", "users", "not_linked_costs", "?few_threshold", "rows", "not_linked",
      "total", "!bad_index"},
     "aaadd----",
     {{"scale", K_SCALE},
      {"mode", K_ROUNDING},
      {"share_scale", K_SCALE},
      {"share_mode", K_ROUNDING}},
     8},
    {"kalkyl_kpb_total",
     w_kpb_total,
     {"total_costs", "?not_linked_costs", "inhabitants", "users", "?few_threshold", "out"},
     "ddddd-",
     {{"scale", K_SCALE},
      {"mode", K_ROUNDING},
      {"share_scale", K_SCALE},
      {"share_mode", K_ROUNDING}},
     -1},
    {"kalkyl_cost_bridge",
     w_cost_bridge,
     {"base_volume", "base_cost", "current_volume", "current_cost", "base_not_linked",
      "current_not_linked", "out", "!bad_index"},
     "aaaadd--",
     {{"scale", K_SCALE}},
     7},
    {"kalkyl_allocate", w_allocate, {"total", "weights", "parts"}, "da-", {{"scale", K_SCALE}}, -1},
    {"kalkyl_allocate_mode",
     w_allocate_mode,
     {"total", "weights", "parts"},
     "da-",
     {{"scale", K_SCALE}, {"mode", K_ALLOC}},
     -1},
    {"kalkyl_periodise",
     w_periodise,
     {"annual", "?profile", "months"},
     "da-",
     {{"scale", K_SCALE}, {"mode", K_ALLOC}},
     -1},
    {"kalkyl_budget_through_month",
     w_budget_through_month,
     {"annual", "?profile", "out"},
     "da-",
     {{"month", K_MONTH}, {"scale", K_SCALE}, {"mode", K_ALLOC}},
     -1},
    {"kalkyl_foot",
     w_foot,
     {"cells", "totals", "derived", "printed", "printed_totals", "adjusted", "adjusted_count"},
     "aa-----",
     {{"unit_exponent", K_UNIT}, {"decimals", K_DECIMALS}, {"mode", K_ROUNDING}},
     -1},
    {"kalkyl_check",
     w_check,
     {"figures", "relations", "findings", "!bad_index"},
     "----",
     NO_INTS,
     3},
    /* Forecast bands (a band input is listed as 'a': its point made invalid). */
    {"kalkyl_band_from_spread",
     w_band_from_spread,
     {"point", "downside", "upside", "out"},
     "ddd-",
     NO_INTS,
     -1},
    {"kalkyl_band_sum",
     w_band_sum,
     {"bands", "correlation", "out"},
     "a--",
     {{"how", K_AGGREGATION}, {"scale", K_SCALE}, {"mode", K_ROUNDING}},
     -1},
    {"kalkyl_band_excess",
     w_band_excess,
     {"band", "outcome", "inside", "excess"},
     "ad--",
     NO_INTS,
     -1},
    {"kalkyl_band_empirical",
     w_band_empirical,
     {"point", "errors", "remaining_budget", "default_rate", "out", "info"},
     "dadd--",
     {{"scale", K_SCALE}, {"mode", K_ROUNDING}},
     -1},
    {"kalkyl_band_simulate",
     w_band_simulate,
     {"rows", "?correlation", "?target", "out"},
     "a-a-",
     {{"scale", K_SCALE}, {"mode", K_ROUNDING}},
     -1},
    {"kalkyl_band_bootstrap",
     w_band_bootstrap,
     {"points", "errors", "?target", "out"},
     "aaa-",
     {{"scale", K_SCALE}, {"mode", K_ROUNDING}},
     -1},
    {"kalkyl_band_grade",
     w_band_grade,
     {"bands", "outcomes", "out"},
     "aa-",
     {{"scale", K_SCALE}, {"mode", K_ROUNDING}},
     -1},
    /* The follow-up ledger: each call on a fresh ledger, compared after. */
    {"kalkyl_ledger_new", w_ledger_new, {"out"}, "-", NO_INTS, -1},
    {"kalkyl_ledger_free", w_ledger_free, {"?ledger"}, "-", NO_INTS, -1},
    {"kalkyl_ledger_add_rows",
     w_ledger_add_rows,
     {"ledger", "rows", "?bad_index"},
     "---",
     NO_INTS,
     2},
    {"kalkyl_ledger_add_row",
     w_ledger_add_row,
     {"ledger", "id", "name", "?parent"},
     "----",
     {{"kind", K_ROW_KIND}},
     -1},
    {"kalkyl_ledger_set_values",
     w_ledger_set_values,
     {"ledger", "id", "values"},
     "--a",
     {{"series", K_SERIES}, {"first_month", K_MONTH}},
     -1},
    {"kalkyl_ledger_set_annual_budget",
     w_ledger_set_annual_budget,
     {"ledger", "id", "annual", "?profile"},
     "--da",
     {{"scale", K_SCALE}, {"mode", K_ALLOC}},
     -1},
    {"kalkyl_ledger_add_forecast",
     w_ledger_add_forecast,
     {"ledger", "id", "name", "?out"},
     "----",
     {{"method", K_METHOD}, {"month", K_MONTH}, {"scale", K_SCALE}, {"mode", K_ROUNDING}},
     -1},
    {"kalkyl_ledger_set_manual_forecast",
     w_ledger_set_manual_forecast,
     {"ledger", "id", "name", "value", "downside", "upside", "?author"},
     "---ddd-",
     {{"month", K_MONTH}},
     -1},
    {"kalkyl_ledger_forecast_info",
     w_ledger_forecast_info,
     {"ledger", "id", "name", "?method", "?month", "?value", "?downside", "?upside"},
     "--------",
     NO_INTS,
     -1},
    {"kalkyl_ledger_row_count", w_ledger_row_count, {"ledger", "out"}, "--", NO_INTS, -1},
    {"kalkyl_ledger_compute", w_ledger_compute, {"ledger"}, "-", {{"month", K_MONTH}}, -1},
    {"kalkyl_ledger_get",
     w_ledger_get,
     {"ledger", "id", "forecast", "out"},
     "----",
     {{"what", K_FIGURE}},
     -1},
    {"kalkyl_ledger_get_column",
     w_ledger_get_column,
     {"ledger", "forecast", "out"},
     "---",
     {{"what", K_FIGURE}},
     -1},
    {"kalkyl_ledger_percent",
     w_ledger_percent,
     {"ledger", "id", "forecast", "out"},
     "----",
     {{"what", K_PERCENT}, {"scale", K_SCALE}, {"mode", K_ROUNDING}},
     -1},
    {"kalkyl_backtest",
     w_backtest,
     {"outcomes", "?budgets", "errors", "valid"},
     "aa--",
     {{"method", K_METHOD}, {"scale", K_SCALE}, {"mode", K_ROUNDING}},
     -1},
    {"kalkyl_sie_read", w_sie_read, {"data", "out"}, "--", {{"encoding", K_SIE_ENCODING}}, -1},
    {"kalkyl_sie_read_file",
     w_sie_read_file,
     {"path", "out"},
     "--",
     {{"encoding", K_SIE_ENCODING}},
     -1},
    {"kalkyl_sie_free", w_sie_free, {"?sie"}, "-", NO_INTS, -1},
    {"kalkyl_sie_get_info", w_sie_get_info, {"sie", "out"}, "--", NO_INTS, -1},
    {"kalkyl_sie_get_year", w_sie_get_year, {"sie", "out"}, "--", NO_INTS, -1},
    {"kalkyl_sie_get_account", w_sie_get_account, {"sie", "out"}, "--", NO_INTS, -1},
    {"kalkyl_sie_get_dimension", w_sie_get_dimension, {"sie", "out"}, "--", NO_INTS, -1},
    {"kalkyl_sie_get_object", w_sie_get_object, {"sie", "out"}, "--", NO_INTS, -1},
    {"kalkyl_sie_get_balance", w_sie_get_balance, {"sie", "out"}, "--", NO_INTS, -1},
    {"kalkyl_sie_get_period", w_sie_get_period, {"sie", "out"}, "--", NO_INTS, -1},
    {"kalkyl_sie_get_transaction_sum",
     w_sie_get_transaction_sum,
     {"sie", "out"},
     "--",
     NO_INTS,
     -1},
    {"kalkyl_sie_get_diagnostic", w_sie_get_diagnostic, {"sie", "out"}, "--", NO_INTS, -1},
    {"kalkyl_sie_get_unknown_label",
     w_sie_get_unknown_label,
     {"sie", "label", "count"},
     "---",
     NO_INTS,
     -1},
    {"kalkyl_sie_to_ledger",
     w_sie_to_ledger,
     {"sie", "?mapping", "out", "?mapped"},
     "----",
     {{"chart", K_SIE_CHART}, {"outcome", K_SIE_OUTCOME}},
     -1},
    {"kalkyl_sie_write_budget",
     w_sie_write_budget,
     {"file", "lines", "buf", "needed"},
     "----",
     {{"kind", K_ROW_KIND}},
     -1},
};

/* Functions tested by hand only (test_status_names_and_versions): they take
   no argument that can be wrong. The ctest c.hostile_coverage
   (tests/hostile_coverage.cmake) fails when a KALKYL_API function of
   capi/kalkyl.h is neither in api[] nor here. */
static const char* const api_by_hand[] = {"kalkyl_status_name", "kalkyl_last_error",
                                          "kalkyl_version", "kalkyl_abi_version"};

static const char* bare(const char* name) {
    return (name[0] == '?' || name[0] == '!') ? name + 1 : name;
}

static void reset_knobs(void) {
    g_null = -1;
    g_corrupt = -1;
    g_int_arg = -1;
}

/* bad_index after a failure that is not about one element. */
static void check_bad_index_not_element(const api_fn* f, int null_was_silent, const char* ctx) {
    if (f->bad_index < 0) return;
    if (null_was_silent)
        CHECK(g_bad == BAD_UNTOUCHED, ctx);
    else
        CHECK(g_bad == SIZE_MAX, ctx);
}

static void test_api_table(void) {
    size_t i, v;
    int k;
    char ctx[256];
    for (i = 0; i < sizeof api / sizeof api[0]; ++i) {
        const api_fn* f = &api[i];
        kalkyl_status st;
        /* The fixture is valid. */
        reset_knobs();
        arm();
        st = f->call();
        snprintf(ctx, sizeof ctx, "%s: the valid call", f->fn);
        CHECK(st == KALKYL_OK, ctx);
        if (st != KALKYL_OK) continue;

        /* NULL for every pointer. */
        for (k = 0; k < 10 && f->ptrs[k] != NULL; ++k) {
            const char* name = f->ptrs[k];
            if (name[0] == '?') continue;
            reset_knobs();
            g_null = k;
            snprintf(ctx, sizeof ctx, "%s: %s NULL", f->fn, bare(name));
            EXPECT_FAIL(f->call(), KALKYL_E_NULL, f->fn, bare(name), ctx);
            check_bad_index_not_element(f, name[0] == '!', ctx);
        }

        /* Every kalkyl_dec input made invalid, every way. */
        for (k = 0; f->decs[k] != '\0'; ++k) {
            if (f->decs[k] == '-') continue;
            for (v = 0; v < n_bad_decs; ++v) {
                reset_knobs();
                g_corrupt = k;
                g_corrupt_value = bad_decs[v].value;
                snprintf(ctx, sizeof ctx, "%s: %s%s %s", f->fn, bare(f->ptrs[k]),
                         f->decs[k] == 'a' ? "[1]" : "", bad_decs[v].what);
                EXPECT_FAIL(f->call(), bad_decs[v].want, f->fn, bare(f->ptrs[k]), ctx);
                if (f->bad_index >= 0)
                    CHECK(g_bad == SIZE_MAX || (f->decs[k] == 'a' && g_bad == 1), ctx);
            }
        }

        /* Every int and enum argument out of range. */
        for (k = 0; k < 5 && f->ints[k].name != NULL; ++k) {
            static const int32_t common[] = {-1, INT32_MIN, INT32_MAX};
            int32_t tries[8];
            size_t n_tries = 0, t;
            kalkyl_status want = KALKYL_E_INVALID;
            for (t = 0; t < 3; ++t)
                tries[n_tries++] = common[t];
            switch (f->ints[k].kind) {
                case K_SCALE:
                    tries[n_tries++] = 29;
                    want = KALKYL_E_SCALE;
                    break;
                case K_ROUNDING:
                    tries[n_tries++] = 7;
                    break;
                case K_LOCALE:
                    tries[n_tries++] = 3;
                    break;
                case K_ALLOC:
                    tries[n_tries++] = 4;
                    break;
                case K_MONTH:
                    tries[n_tries++] = 0;
                    tries[n_tries++] = 13;
                    break;
                case K_UNIT:
                    tries[n_tries++] = 1;
                    tries[n_tries++] = 9;
                    tries[n_tries++] = -3;
                    break;
                case K_DECIMALS:
                    tries[n_tries++] = 29;
                    break;
                case K_AGGREGATION:
                case K_ROW_KIND:
                case K_SERIES:
                    tries[n_tries++] = 3;
                    break;
                case K_METHOD:
                    tries[n_tries++] = KALKYL_FORECAST_MANUAL;
                    tries[n_tries++] = 6;
                    break;
                case K_FIGURE:
                    tries[n_tries++] = KALKYL_FIG_CHANGE_YEAR + 1;
                    break;
                case K_PERCENT:
                    tries[n_tries++] = KALKYL_PCT_CHANGE_YEAR + 1;
                    break;
                case K_SIE_ENCODING:
                    tries[0] = -2; /* -1 is KALKYL_SIE_ENC_AUTO */
                    tries[n_tries++] = 3;
                    break;
                case K_SIE_CHART:
                    tries[n_tries++] = 2;
                    break;
                case K_SIE_OUTCOME:
                    tries[n_tries++] = 3;
                    break;
            }
            for (t = 0; t < n_tries; ++t) {
                reset_knobs();
                g_int_arg = k;
                g_int_value = tries[t];
                snprintf(ctx, sizeof ctx, "%s: %s = %ld", f->fn, f->ints[k].name, (long)tries[t]);
                EXPECT_FAIL(f->call(), want, f->fn, NULL, ctx);
                check_bad_index_not_element(f, 0, ctx);
            }
        }
    }
    reset_knobs();
}

/* --- by hand: what the table cannot say -------------------------------------- */

static void test_status_names_and_versions(void) {
    static const int codes[] = {-1, 11, 12, 100, INT_MIN, INT_MAX};
    size_t i;
    const char* before;
    kalkyl_dec r;
    CHECK(kalkyl_dec_from_int(1, 99, &r) == KALKYL_E_SCALE, "from_int scale 99");
    before = kalkyl_last_error();
    for (i = 0; i < sizeof codes / sizeof codes[0]; ++i)
        CHECK(strcmp(kalkyl_status_name((kalkyl_status)codes[i]), "KALKYL_E_UNKNOWN") == 0,
              "unknown status codes");
    for (i = 0; i <= 10; ++i)
        CHECK(strncmp(kalkyl_status_name((kalkyl_status)i), "KALKYL_", 7) == 0, "names");
    CHECK(kalkyl_version() != NULL && kalkyl_abi_version() == KALKYL_ABI_VERSION, "versions");
    CHECK(kalkyl_last_error() == before &&
              strcmp(before, "kalkyl_dec_from_int: scale 99 is outside 0..28") == 0,
          "status_name and version do not touch the message");
}

static void test_format_struct(void) {
    kalkyl_format f;
    unsigned char big[64];
    kalkyl_dec v = dv(-123456789, 2);
    char ctx[128];
    size_t i;
    struct {
        size_t offset;
        int32_t value;
        kalkyl_status want;
        const char* what;
    } fields[] = {
        {offsetof(kalkyl_format, size), 0, KALKYL_E_INVALID, "size 0"},
        {offsetof(kalkyl_format, size), 23, KALKYL_E_INVALID, "size 23"},
        {offsetof(kalkyl_format, size), 4097, KALKYL_E_INVALID, "size 4097"},
        {offsetof(kalkyl_format, size), -1, KALKYL_E_INVALID, "size 0xFFFFFFFF"},
        {offsetof(kalkyl_format, locale), KALKYL_LOCALE_AUTO, KALKYL_E_INVALID, "locale AUTO"},
        {offsetof(kalkyl_format, locale), -1, KALKYL_E_INVALID, "locale -1"},
        {offsetof(kalkyl_format, locale), 3, KALKYL_E_INVALID, "locale 3"},
        {offsetof(kalkyl_format, locale), INT32_MIN, KALKYL_E_INVALID, "locale INT32_MIN"},
        {offsetof(kalkyl_format, decimals), -2, KALKYL_E_SCALE, "decimals -2"},
        {offsetof(kalkyl_format, decimals), 29, KALKYL_E_SCALE, "decimals 29"},
        {offsetof(kalkyl_format, decimals), INT32_MAX, KALKYL_E_SCALE, "decimals INT32_MAX"},
        {offsetof(kalkyl_format, unit_exponent), 1, KALKYL_E_INVALID, "unit_exponent 1"},
        {offsetof(kalkyl_format, unit_exponent), -3, KALKYL_E_INVALID, "unit_exponent -3"},
        {offsetof(kalkyl_format, unit_exponent), 9, KALKYL_E_INVALID, "unit_exponent 9"},
        {offsetof(kalkyl_format, rounding), 7, KALKYL_E_INVALID, "rounding 7"},
        {offsetof(kalkyl_format, rounding), -1, KALKYL_E_INVALID, "rounding -1"},
        {offsetof(kalkyl_format, flags), 32, KALKYL_E_INVALID, "flags 32"},
        {offsetof(kalkyl_format, flags), -1, KALKYL_E_INVALID, "flags 0xFFFFFFFF"},
        {offsetof(kalkyl_format, flags), KALKYL_FMT_NO_GROUPING | KALKYL_FMT_ASCII_SPACE,
         KALKYL_E_INVALID, "flags NO_GROUPING | ASCII_SPACE"},
    };
    for (i = 0; i < sizeof fields / sizeof fields[0]; ++i) {
        kalkyl_dec vals[2];
        f = fmt_;
        memcpy((unsigned char*)&f + fields[i].offset, &fields[i].value, sizeof(int32_t));
        snprintf(ctx, sizeof ctx, "kalkyl_dec_format: fmt %s", fields[i].what);
        EXPECT_FAIL(kalkyl_dec_format(&v, &f, (char*)g_out, 128, (size_t*)(g_out + 512)),
                    fields[i].want, "kalkyl_dec_format", NULL, ctx);
        vals[0] = v;
        vals[1] = v;
        snprintf(ctx, sizeof ctx, "kalkyl_dec_format_array: fmt %s", fields[i].what);
        EXPECT_FAIL(kalkyl_dec_format_array(vals, 2, &f, ';', (char*)g_out, 128,
                                            (size_t*)(g_out + 512), &g_bad),
                    fields[i].want, "kalkyl_dec_format_array", NULL, ctx);
        CHECK(g_bad == SIZE_MAX, ctx);
    }

    /* A larger struct from a later release: accepted when the bytes past the
       known fields are zero, refused when one is not. */
    memset(big, 0, sizeof big);
    f = fmt_;
    f.size = sizeof big;
    memcpy(big, &f, sizeof f);
    arm();
    CHECK(kalkyl_dec_format(&v, (const kalkyl_format*)(const void*)big, (char*)g_out, 128,
                            (size_t*)(g_out + 512)) == KALKYL_OK,
          "a larger kalkyl_format with zero tail");
    big[sizeof big - 1] = 1;
    EXPECT_FAIL(kalkyl_dec_format(&v, (const kalkyl_format*)(const void*)big, (char*)g_out, 128,
                                  (size_t*)(g_out + 512)),
                KALKYL_E_INVALID, "kalkyl_dec_format", NULL, "a larger kalkyl_format, last byte 1");

    /* Delimiters that are not ASCII. */
    {
        kalkyl_dec vals[2];
        vals[0] = v;
        vals[1] = v;
        EXPECT_FAIL(kalkyl_dec_format_array(vals, 2, &fmt_, (char)0x80, (char*)g_out, 128,
                                            (size_t*)(g_out + 512), &g_bad),
                    KALKYL_E_INVALID, "kalkyl_dec_format_array", NULL, "delimiter 0x80");
        CHECK(g_bad == SIZE_MAX, "format_array delimiter 0x80: bad_index");
        EXPECT_FAIL(kalkyl_dec_parse_lines("1\n2", 3, (char)0xFF, KALKYL_LOCALE_C,
                                           (kalkyl_dec*)g_out, 4, (size_t*)(g_out + 512), &g_bad),
                    KALKYL_E_INVALID, "kalkyl_dec_parse_lines", NULL, "delimiter 0xFF");
        CHECK(g_bad == SIZE_MAX, "parse_lines delimiter 0xFF: bad_index");
    }
}

static void test_buffers_of_size_0_and_1(void) {
    kalkyl_dec v = dv(-1234567, 2), vals[2];
    size_t needed, cap;
    char ctx[96];
    vals[0] = v;
    vals[1] = dv(5, 0);
    for (cap = 0; cap <= 1; ++cap) {
        snprintf(ctx, sizeof ctx, "kalkyl_dec_format cap %zu", cap);
        arm();
        needed = 0;
        CHECK(kalkyl_dec_format(&v, &fmt_, (char*)g_out, cap, &needed) == KALKYL_E_BUFFER, ctx);
        CHECK(untouched() && needed == sizeof "-12 345,67" - 1 + 1 + 1, ctx); /* NBSP is 2 bytes */
        check_message("kalkyl_dec_format", NULL, ctx, __FILE__, __LINE__);
        snprintf(ctx, sizeof ctx, "kalkyl_dec_format_array cap %zu", cap);
        arm();
        needed = 0;
        CHECK(kalkyl_dec_format_array(vals, 2, &fmt_, ';', (char*)g_out, cap, &needed, &g_bad) ==
                  KALKYL_E_BUFFER,
              ctx);
        CHECK(untouched() && needed == 14 && g_bad == SIZE_MAX, ctx);
        snprintf(ctx, sizeof ctx, "kalkyl_dec_parse_lines cap %zu", cap);
        arm();
        needed = 0;
        CHECK(kalkyl_dec_parse_lines("1\n2\n3", 5, '\n', KALKYL_LOCALE_C, (kalkyl_dec*)g_out, cap,
                                     &needed, &g_bad) == KALKYL_E_BUFFER,
              ctx);
        CHECK(untouched() && needed == 3 && g_bad == SIZE_MAX, ctx);
    }
    /* NULL buffer with cap 0 asks for the size; NULL with cap > 0 is E_NULL. */
    arm();
    CHECK(kalkyl_dec_format(&v, &fmt_, NULL, 0, &needed) == KALKYL_E_BUFFER && needed == 12,
          "format NULL, 0");
    EXPECT_FAIL(kalkyl_dec_format(&v, &fmt_, NULL, 1, (size_t*)g_out), KALKYL_E_NULL,
                "kalkyl_dec_format", "buf", "format NULL, 1");
    /* A buffer of exactly the size needed fits; one less does not. */
    arm();
    CHECK(kalkyl_dec_format(&v, &fmt_, (char*)g_out, 12, &needed) == KALKYL_OK &&
              strcmp((char*)g_out,
                     "-12\xC2\xA0"
                     "345,67") == 0,
          "format cap == needed");
    arm();
    CHECK(kalkyl_dec_format(&v, &fmt_, (char*)g_out, 11, &needed) == KALKYL_E_BUFFER && untouched(),
          "format cap == needed - 1");
    /* foot: adjusted_cap 0 with a move to report: only the count. */
    {
        kalkyl_dec cells[2], total, printed[2], printed_total;
        size_t count = 99;
        cells[0] = dv(1400, 0);
        cells[1] = dv(1400, 0);
        total = dv(2800, 0);
        arm();
        CHECK(kalkyl_foot(cells, 2, 1, &total, NULL, 0, 3, 0, KALKYL_ROUND_HALF_UP,
                          (kalkyl_dec*)g_out, (kalkyl_dec*)(g_out + 256), NULL, 0,
                          &count) == KALKYL_E_BUFFER,
              "foot adjusted_cap 0");
        CHECK(untouched() && count == 1, "foot adjusted_cap 0: only the count");
        (void)printed;
        (void)printed_total;
    }
}

static void test_hostile_text(void) {
    static const struct {
        const char* text;
        size_t len;
        const char* what;
    } bad_texts[] = {
        {"", 0, "empty"},
        {"12\0", 3, "embedded NUL at the end"},
        {"\0"
         "12",
         3, "embedded NUL at the start"},
        {"1\0"
         "2",
         3, "embedded NUL in the middle"},
        {"1 2\0"
         "34",
         6, "NUL after a group"},
        {"\xFF", 1, "byte 0xFF"},
        {"12\xC0\x80", 4, "overlong NUL"},
        {"1\xE2\x88", 3, "truncated U+2212"},
        {"\xE2\x88"
         "1",
         3, "truncated minus before a digit"},
        {"1\xC2", 2, "truncated U+00A0 at the end"},
        {"1\xED\xA0\x80"
         "2",
         5, "a surrogate"},
        {"\xF4\x90\x80\x80"
         "1",
         5, "beyond U+10FFFF"},
        {"1\x80"
         "2",
         3, "a lone continuation byte"},
        {"\xEF\xBB\xBF"
         "1",
         4, "a byte order mark"},
        {"1e5", 3, "an exponent"},
        {"NaN", 3, "NaN"},
        {"--1", 3, "two minus signs"},
        {"(1", 2, "an open parenthesis"},
    };
    static const kalkyl_locale locales[] = {KALKYL_LOCALE_C, KALKYL_LOCALE_SV_SE,
                                            KALKYL_LOCALE_AUTO};
    size_t i, j;
    char ctx[128];
    char* big;
    const size_t mb = 1024 * 1024;
    for (i = 0; i < sizeof bad_texts / sizeof bad_texts[0]; ++i) {
        for (j = 0; j < 3; ++j) {
            size_t offs[2];
            snprintf(ctx, sizeof ctx, "parse %s, locale %d", bad_texts[i].what, (int)locales[j]);
            EXPECT_FAIL(kalkyl_dec_parse(bad_texts[i].text, bad_texts[i].len, locales[j],
                                         (kalkyl_dec*)g_out),
                        KALKYL_E_PARSE, "kalkyl_dec_parse", NULL, ctx);
            offs[0] = 0;
            offs[1] = bad_texts[i].len;
            EXPECT_FAIL(kalkyl_dec_parse_array(bad_texts[i].text, offs, 1, locales[j],
                                               (kalkyl_dec*)g_out, &g_bad),
                        KALKYL_E_PARSE, "kalkyl_dec_parse_array", NULL, ctx);
            CHECK(g_bad == 0, ctx);
        }
    }

    /* Texts of 1 MB. */
    big = (char*)malloc(mb + 1);
    if (big == NULL) {
        CHECK(0, "malloc 1 MB");
        return;
    }
    memset(big, '1', mb);
    EXPECT_FAIL(kalkyl_dec_parse(big, mb, KALKYL_LOCALE_C, (kalkyl_dec*)g_out), KALKYL_E_OVERFLOW,
                "kalkyl_dec_parse", NULL, "1 MB of digits");
    memset(big, ' ', mb);
    EXPECT_FAIL(kalkyl_dec_parse(big, mb, KALKYL_LOCALE_SV_SE, (kalkyl_dec*)g_out), KALKYL_E_PARSE,
                "kalkyl_dec_parse", NULL, "1 MB of spaces");
    memset(big, 'x', mb);
    EXPECT_FAIL(kalkyl_dec_parse(big, mb, KALKYL_LOCALE_AUTO, (kalkyl_dec*)g_out), KALKYL_E_PARSE,
                "kalkyl_dec_parse", NULL, "1 MB of letters");
    memset(big, 0xFF, mb);
    EXPECT_FAIL(kalkyl_dec_parse(big, mb, KALKYL_LOCALE_SV_SE, (kalkyl_dec*)g_out), KALKYL_E_PARSE,
                "kalkyl_dec_parse", NULL, "1 MB of 0xFF");
    memset(big, 0, mb);
    EXPECT_FAIL(kalkyl_dec_parse(big, mb, KALKYL_LOCALE_SV_SE, (kalkyl_dec*)g_out), KALKYL_E_PARSE,
                "kalkyl_dec_parse", NULL, "1 MB of NUL");
    for (i = 0; i + 3 <= mb; i += 3)
        memcpy(big + i, "\xE2\x88\x92", 3);
    EXPECT_FAIL(kalkyl_dec_parse(big, mb - mb % 3, KALKYL_LOCALE_SV_SE, (kalkyl_dec*)g_out),
                KALKYL_E_PARSE, "kalkyl_dec_parse", NULL, "1 MB of U+2212");
    /* A million leading zeros, then a valid number: the value is 1,5. */
    memset(big, '0', mb);
    memcpy(big + mb - 3, "1,5", 3);
    arm();
    {
        kalkyl_status st = kalkyl_dec_parse(big, mb, KALKYL_LOCALE_SV_SE, (kalkyl_dec*)g_out);
        CHECK(st == KALKYL_OK || st == KALKYL_E_PARSE, "1 MB of leading zeros: a status");
        if (st != KALKYL_OK) CHECK(untouched(), "1 MB of leading zeros: untouched");
    }
    /* Many decimals: 0,000...01 with a million digits after the mark. */
    big[0] = '0';
    big[1] = ',';
    memset(big + 2, '0', mb - 3);
    big[mb - 1] = '1';
    EXPECT_FAIL(kalkyl_dec_parse(big, mb, KALKYL_LOCALE_SV_SE, (kalkyl_dec*)g_out), KALKYL_E_SCALE,
                "kalkyl_dec_parse", NULL, "1 MB of decimals");

    /* A 1 MB column of "1\n": parse_lines counts 524288 elements; cap 4 is a
       buffer error, a NUL in the middle an element error. */
    for (i = 0; i < mb; i += 2)
        memcpy(big + i, "1\n", 2);
    arm();
    {
        size_t count = 0;
        CHECK(kalkyl_dec_parse_lines(big, mb, '\n', KALKYL_LOCALE_SV_SE, (kalkyl_dec*)g_out, 4,
                                     &count, &g_bad) == KALKYL_E_BUFFER,
              "1 MB column, cap 4");
        CHECK(count == mb / 2 && untouched() && g_bad == SIZE_MAX, "1 MB column, cap 4: count");
    }
    {
        kalkyl_dec* out = (kalkyl_dec*)malloc(mb / 2 * sizeof(kalkyl_dec));
        size_t count = 0;
        size_t bad = 0;
        CHECK(out != NULL, "malloc the column");
        if (out != NULL) {
            big[1000] = '\0';
            CHECK(kalkyl_dec_parse_lines(big, mb, '\n', KALKYL_LOCALE_SV_SE, out, mb / 2, &count,
                                         &bad) == KALKYL_E_PARSE,
                  "1 MB column with a NUL");
            CHECK(bad == 500, "1 MB column with a NUL: the element");
            check_message("kalkyl_dec_parse_lines", NULL, "1 MB column with a NUL", __FILE__,
                          __LINE__);
            big[1000] = '1';
            CHECK(kalkyl_dec_parse_lines(big, mb, '\n', KALKYL_LOCALE_SV_SE, out, mb / 2, &count,
                                         &bad) == KALKYL_OK &&
                      count == mb / 2,
                  "1 MB column");
            free(out);
        }
    }
    /* A 1 MB text as a kalkyl_figure's name and a relation's label: the
       message stays under 1024 bytes and valid UTF-8. */
    for (i = 0; i + 2 <= mb; i += 2)
        memcpy(big + i, "\xC3\xA5", 2); /* å */
    big[mb - mb % 2] = '\0';
    big[mb - 2] = '\0';
    {
        kalkyl_figure figs[3];
        kalkyl_relation rel = rels_[0];
        memcpy(figs, figs_, sizeof figs);
        figs[0].name = big;
        figs[0].reserved = 1;
        rel.label = big;
        EXPECT_FAIL(kalkyl_check(figs, 3, &rel, 1, (kalkyl_finding*)g_out, &g_bad),
                    KALKYL_E_INVALID, "kalkyl_check", NULL, "a figure with a 1 MB name");
        figs[0].reserved = 0;
        rel.n_numerator = 0;
        EXPECT_FAIL(kalkyl_check(figs, 3, &rel, 1, (kalkyl_finding*)g_out, &g_bad),
                    KALKYL_E_INVALID, "kalkyl_check", NULL, "a relation with a 1 MB label");
        CHECK(g_bad == 0, "a relation with a 1 MB label: bad_index");
    }
    /* Invalid UTF-8 as a name: the message escapes it. */
    {
        kalkyl_figure figs[3];
        kalkyl_relation rel = rels_[0];
        kalkyl_term t[2];
        memcpy(figs, figs_, sizeof figs);
        memcpy(t, rel_terms_, sizeof t);
        t[1].index = 7;
        rel.numerator = t;
        rel.label = "\xFF\xC3(\xE2\x88";
        EXPECT_FAIL(kalkyl_check(figs, 3, &rel, 1, (kalkyl_finding*)g_out, &g_bad),
                    KALKYL_E_INVALID, "kalkyl_check", NULL, "invalid UTF-8 in a label");
        figs[0].name = "\xC0\x80\xED\xA0\x80";
        figs[0].decimals = 99;
        EXPECT_FAIL(kalkyl_check(figs, 3, rels_, 1, (kalkyl_finding*)g_out, &g_bad),
                    KALKYL_E_INVALID, "kalkyl_check", NULL, "invalid UTF-8 in a name");
    }
    free(big);
}

static void test_structs(void) {
    kalkyl_term t[2];
    kalkyl_derived_column d;
    kalkyl_figure figs[3];
    kalkyl_relation rel;
    char ctx[128];
    size_t i;
    /* kalkyl_foot: derived columns. */
    d = foot_derived_;
    d.terms = NULL;
    EXPECT_FAIL(kalkyl_foot(foot_cells_, 2, 2, foot_totals_, &d, 1, 3, 0, KALKYL_ROUND_HALF_UP,
                            (kalkyl_dec*)g_out, (kalkyl_dec*)(g_out + 1024),
                            (kalkyl_adjusted_cell*)(g_out + 2048), 16, (size_t*)(g_out + 8192)),
                KALKYL_E_NULL, "kalkyl_foot", NULL, "derived terms NULL");
    {
        static const struct {
            uint32_t index;
            int32_t sign;
            size_t n_terms;
            const char* what;
        } bad[] = {
            {0, 0, 2, "sign 0"},
            {0, 2, 2, "sign 2"},
            {0, INT32_MIN, 2, "sign INT32_MIN"},
            {2, 1, 2, "index 2 of 2 columns"},
            {UINT32_MAX, 1, 2, "index UINT32_MAX"},
            {0, 1, 0, "no terms"},
        };
        for (i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
            memcpy(t, foot_terms_, sizeof t);
            t[1].index = bad[i].index;
            t[1].sign = bad[i].sign;
            d.terms = t;
            d.n_terms = bad[i].n_terms;
            snprintf(ctx, sizeof ctx, "foot derived %s", bad[i].what);
            EXPECT_FAIL(
                kalkyl_foot(foot_cells_, 2, 2, foot_totals_, &d, 1, 3, 0, KALKYL_ROUND_HALF_UP,
                            (kalkyl_dec*)g_out, (kalkyl_dec*)(g_out + 1024),
                            (kalkyl_adjusted_cell*)(g_out + 2048), 16, (size_t*)(g_out + 8192)),
                KALKYL_E_INVALID, "kalkyl_foot", NULL, ctx);
        }
    }
    EXPECT_FAIL(kalkyl_foot(foot_cells_, 2, 0, foot_totals_, NULL, 0, 3, 0, KALKYL_ROUND_HALF_UP,
                            (kalkyl_dec*)g_out, (kalkyl_dec*)(g_out + 1024),
                            (kalkyl_adjusted_cell*)(g_out + 2048), 16, (size_t*)(g_out + 8192)),
                KALKYL_E_INVALID, "kalkyl_foot", NULL, "n_cols 0");
    /* Sizes whose product overflows size_t. */
    EXPECT_FAIL(kalkyl_foot(foot_cells_, SIZE_MAX / 2 + 1, 2, foot_totals_, NULL, 0, 3, 0,
                            KALKYL_ROUND_HALF_UP, (kalkyl_dec*)g_out, (kalkyl_dec*)(g_out + 1024),
                            (kalkyl_adjusted_cell*)(g_out + 2048), 16, (size_t*)(g_out + 8192)),
                KALKYL_E_INVALID, "kalkyl_foot", NULL, "n_rows * n_cols overflows");

    /* kalkyl_check: figures and relations. */
    for (i = 0; i < 6; ++i) {
        static const int32_t decimals[] = {28, -3, INT32_MIN, INT32_MAX, 100, -100};
        memcpy(figs, figs_, sizeof figs);
        figs[1].decimals = decimals[i];
        snprintf(ctx, sizeof ctx, "check figure decimals %ld", (long)decimals[i]);
        EXPECT_FAIL(kalkyl_check(figs, 3, rels_, 1, (kalkyl_finding*)g_out, &g_bad),
                    KALKYL_E_INVALID, "kalkyl_check", NULL, ctx);
        CHECK(g_bad == SIZE_MAX, ctx);
    }
    for (i = 0; i < n_bad_decs; ++i) {
        memcpy(figs, figs_, sizeof figs);
        figs[2].value = bad_decs[i].value;
        snprintf(ctx, sizeof ctx, "check figure value %s", bad_decs[i].what);
        EXPECT_FAIL(kalkyl_check(figs, 3, rels_, 1, (kalkyl_finding*)g_out, &g_bad),
                    bad_decs[i].want, "kalkyl_check", NULL, ctx);
        CHECK(g_bad == SIZE_MAX, ctx);
    }
    memcpy(figs, figs_, sizeof figs);
    figs[0].reserved = 1;
    EXPECT_FAIL(kalkyl_check(figs, 3, rels_, 1, (kalkyl_finding*)g_out, &g_bad), KALKYL_E_INVALID,
                "kalkyl_check", NULL, "figure reserved 1");
    {
        static const struct {
            int32_t kind;
            uint32_t result;
            uint32_t index;
            int32_t sign;
            int denominator;
            kalkyl_status want;
            const char* what;
        } bad[] = {
            {-1, 2, 0, 1, 0, KALKYL_E_INVALID, "kind -1"},
            {6, 2, 0, 1, 0, KALKYL_E_INVALID, "kind 6"},
            {INT32_MAX, 2, 0, 1, 0, KALKYL_E_INVALID, "kind INT32_MAX"},
            {KALKYL_REL_SUM, 3, 0, 1, 0, KALKYL_E_INVALID, "result 3 of 3 figures"},
            {KALKYL_REL_SUM, UINT32_MAX, 0, 1, 0, KALKYL_E_INVALID, "result UINT32_MAX"},
            {KALKYL_REL_SUM, 2, 3, 1, 0, KALKYL_E_INVALID, "term index 3"},
            {KALKYL_REL_SUM, 2, 0, 0, 0, KALKYL_E_INVALID, "term sign 0"},
            {KALKYL_REL_SUM, 2, 0, -2, 0, KALKYL_E_INVALID, "term sign -2"},
            {KALKYL_REL_SUM, 2, 0, 1, 1, KALKYL_E_INVALID, "a denominator on SUM"},
            {KALKYL_REL_RATIO, 2, 0, 1, 0, KALKYL_E_INVALID, "RATIO without denominator"},
            {KALKYL_REL_RATIO, 2, 0, 1, 2, KALKYL_E_INVALID, "RATIO with multiplier 0"},
            {KALKYL_REL_RATIO, 2, 0, 1, 3, KALKYL_E_NULL, "RATIO with a NULL denominator"},
        };
        for (i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
            memcpy(t, rel_terms_, sizeof t);
            rel = rels_[0];
            rel.kind = bad[i].kind;
            rel.result = bad[i].result;
            t[1].index = bad[i].index;
            t[1].sign = bad[i].sign;
            rel.numerator = t;
            if (bad[i].denominator) {
                rel.denominator = bad[i].denominator == 3 ? NULL : t;
                rel.n_denominator = 1;
            }
            if (bad[i].kind == KALKYL_REL_RATIO && bad[i].denominator != 2)
                rel.multiplier = dv(100, 0);
            snprintf(ctx, sizeof ctx, "check relation %s", bad[i].what);
            EXPECT_FAIL(kalkyl_check(figs_, 3, &rel, 1, (kalkyl_finding*)g_out, &g_bad),
                        bad[i].want, "kalkyl_check", NULL, ctx);
            CHECK(g_bad == 0, ctx);
        }
        rel = rels_[0];
        rel.numerator = NULL;
        EXPECT_FAIL(kalkyl_check(figs_, 3, &rel, 1, (kalkyl_finding*)g_out, &g_bad), KALKYL_E_NULL,
                    "kalkyl_check", NULL, "numerator NULL");
        CHECK(g_bad == 0, "numerator NULL: bad_index");
        rel = rels_[0];
        rel.kind = KALKYL_REL_RATIO;
        rel.denominator = rel_terms_;
        rel.n_denominator = 1;
        for (i = 0; i < n_bad_decs; ++i) {
            rel.multiplier = bad_decs[i].value;
            snprintf(ctx, sizeof ctx, "check multiplier %s", bad_decs[i].what);
            EXPECT_FAIL(kalkyl_check(figs_, 3, &rel, 1, (kalkyl_finding*)g_out, &g_bad),
                        bad_decs[i].want, "kalkyl_check", NULL, ctx);
        }
        rel = rels_[0];
        rel.kind = KALKYL_REL_SHARES;
        for (i = 0; i < n_bad_decs; ++i) {
            rel.whole = bad_decs[i].value;
            snprintf(ctx, sizeof ctx, "check whole %s", bad_decs[i].what);
            EXPECT_FAIL(kalkyl_check(figs_, 3, &rel, 1, (kalkyl_finding*)g_out, &g_bad),
                        bad_decs[i].want, "kalkyl_check", NULL, ctx);
        }
    }

    /* parse_array: offsets that go backwards name the element. */
    {
        size_t offs[4] = {0, 4, 1, 6};
        EXPECT_FAIL(kalkyl_dec_parse_array(arr_cat_, offs, 3, KALKYL_LOCALE_SV_SE,
                                           (kalkyl_dec*)g_out, &g_bad),
                    KALKYL_E_INVALID, "kalkyl_dec_parse_array", NULL, "offsets decreasing");
        CHECK(g_bad == 1, "offsets decreasing: bad_index");
    }
    /* n = 0 with everything NULL is fine where the header says so. */
    arm();
    CHECK(kalkyl_sum(NULL, 0, (kalkyl_dec*)g_out) == KALKYL_OK, "sum of nothing");
    arm();
    CHECK(kalkyl_dec_parse_array(NULL, NULL, 0, KALKYL_LOCALE_C, NULL, &g_bad) == KALKYL_OK &&
              g_bad == BAD_UNTOUCHED,
          "parse_array of nothing");
    EXPECT_FAIL(kalkyl_allocate(&total_, NULL, 0, 0, (kalkyl_dec*)g_out), KALKYL_E_INVALID,
                "kalkyl_allocate", NULL, "allocate into 0 parts");
    {
        kalkyl_dec zero[3];
        zero[0] = dv(0, 0);
        zero[1] = dv(0, 5);
        zero[2] = dv(0, 28);
        EXPECT_FAIL(kalkyl_allocate(&total_, zero, 3, 0, (kalkyl_dec*)g_out), KALKYL_E_INVALID,
                    "kalkyl_allocate", NULL, "all weights zero");
        zero[1] = dv(-1, 0);
        EXPECT_FAIL(kalkyl_allocate(&total_, zero, 3, 0, (kalkyl_dec*)g_out), KALKYL_E_INVALID,
                    "kalkyl_allocate", "weight 1", "a negative weight");
    }
    /* Division by zero at every scale of zero. */
    for (i = 0; i <= 28; i += 7) {
        kalkyl_dec zero = dv(0, (int32_t)i);
        EXPECT_FAIL(kalkyl_dec_div(&a_, &zero, 2, KALKYL_ROUND_HALF_UP, (kalkyl_dec*)g_out),
                    KALKYL_E_DIV_ZERO, "kalkyl_dec_div", NULL, "div by zero");
        EXPECT_FAIL(kalkyl_change(&zero, &a_, 2, KALKYL_ROUND_HALF_UP, (kalkyl_dec*)g_out,
                                  (kalkyl_dec*)(g_out + 64)),
                    KALKYL_E_DIV_ZERO, "kalkyl_change", NULL, "change from zero");
    }
}

/* --- by hand: bands and the ledger ------------------------------------------ */

static void test_band_arguments(void) {
    static const double bad_levels[] = {0.0, 1.0, -0.5, 1.5, 1e300};
    double nan_level;
    kalkyl_band b[2];
    kalkyl_dec zero = dv(0, 0);
    char ctx[128];
    size_t i;
    /* NaN from arithmetic: C99 has NAN only as an optional macro. */
    volatile double z = 0.0;
    nan_level = z / z;
    for (i = 0; i <= sizeof bad_levels / sizeof bad_levels[0]; ++i) {
        const double level =
            i < sizeof bad_levels / sizeof bad_levels[0] ? bad_levels[i] : nan_level;
        snprintf(ctx, sizeof ctx, "level %g", level);
        EXPECT_FAIL(kalkyl_band_empirical(&band_pt_, band_errors_, 5, level, 3, &band_rest_,
                                          &band_rate_, 1, KALKYL_ROUND_HALF_UP, (kalkyl_band*)g_out,
                                          (kalkyl_band_info*)(g_out + 256)),
                    KALKYL_E_INVALID, "kalkyl_band_empirical", NULL, ctx);
        EXPECT_FAIL(kalkyl_band_simulate(bands_, 2, NULL, level, 1, 16, NULL, 1,
                                         KALKYL_ROUND_HALF_UP, (kalkyl_simulation*)g_out),
                    KALKYL_E_INVALID, "kalkyl_band_simulate", NULL, ctx);
        EXPECT_FAIL(kalkyl_band_grade(bands_, band_outcomes_, 2, level, 1, KALKYL_ROUND_HALF_UP,
                                      (kalkyl_band_scores*)g_out),
                    KALKYL_E_INVALID, "kalkyl_band_grade", NULL, ctx);
    }
    /* Counts of zero where the header asks for at least one. */
    EXPECT_FAIL(kalkyl_band_empirical(&band_pt_, band_errors_, 5, 0.8, 0, &band_rest_, &band_rate_,
                                      1, KALKYL_ROUND_HALF_UP, (kalkyl_band*)g_out,
                                      (kalkyl_band_info*)(g_out + 256)),
                KALKYL_E_INVALID, "kalkyl_band_empirical", NULL, "min_history 0");
    EXPECT_FAIL(kalkyl_band_simulate(bands_, 0, NULL, 0.8, 1, 16, NULL, 1, KALKYL_ROUND_HALF_UP,
                                     (kalkyl_simulation*)g_out),
                KALKYL_E_INVALID, "kalkyl_band_simulate", NULL, "n 0");
    EXPECT_FAIL(kalkyl_band_simulate(bands_, 2, NULL, 0.8, 1, 0, NULL, 1, KALKYL_ROUND_HALF_UP,
                                     (kalkyl_simulation*)g_out),
                KALKYL_E_INVALID, "kalkyl_band_simulate", NULL, "scenarios 0");
    EXPECT_FAIL(kalkyl_band_bootstrap(band_points_, 2, band_year_errors_, 0, 1, 16, NULL, 1,
                                      KALKYL_ROUND_HALF_UP, (kalkyl_simulation*)g_out),
                KALKYL_E_INVALID, "kalkyl_band_bootstrap", NULL, "n_years 0");
    EXPECT_FAIL(kalkyl_band_grade(bands_, band_outcomes_, 0, 0.8, 1, KALKYL_ROUND_HALF_UP,
                                  (kalkyl_band_scores*)g_out),
                KALKYL_E_INVALID, "kalkyl_band_grade", NULL, "n 0");
    /* Bands out of order, a negative spread, a negative default rate. */
    memcpy(b, bands_, sizeof b);
    b[1].low = dv(1, 0); /* low > point */
    EXPECT_FAIL(kalkyl_band_sum(b, 2, KALKYL_AGG_WORST_CASE, NULL, 0, KALKYL_ROUND_HALF_UP,
                                (kalkyl_band*)g_out),
                KALKYL_E_INVALID, "kalkyl_band_sum", "bands[1]", "band low > point");
    memcpy(b, bands_, sizeof b);
    b[0].high = dv(-31, 0); /* point > high */
    EXPECT_FAIL(kalkyl_band_excess(&b[0], &band_outcome_, (int*)g_out, (kalkyl_dec*)(g_out + 64)),
                KALKYL_E_INVALID, "kalkyl_band_excess", NULL, "band point > high");
    {
        kalkyl_dec minus = dv(-1, 0);
        EXPECT_FAIL(kalkyl_band_from_spread(&band_pt_, &minus, &band_up_, (kalkyl_band*)g_out),
                    KALKYL_E_INVALID, "kalkyl_band_from_spread", "downside", "downside -1");
        EXPECT_FAIL(kalkyl_band_empirical(&band_pt_, NULL, 0, 0.8, 3, &band_rest_, &minus, 1,
                                          KALKYL_ROUND_HALF_UP, (kalkyl_band*)g_out,
                                          (kalkyl_band_info*)(g_out + 256)),
                    KALKYL_E_INVALID, "kalkyl_band_empirical", NULL, "default_rate -1");
    }
    /* Correlation matrices kalkyl_band_sum refuses. */
    {
        static const struct {
            double m[4];
            const char* what;
        } bad[] = {
            {{1.0, 0.5, 0.25, 1.0}, "not symmetric"},
            {{0.5, 0.0, 0.0, 1.0}, "diagonal 0,5"},
            {{1.0, 1.5, 1.5, 1.0}, "entry 1,5"},
            {{1.0, -1.0, -0.5, 1.0}, "not symmetric, negative"},
            {{1.0, 0.0, 0.0, 1e308 * 10.0}, "infinite diagonal"},
        };
        double nanm[4] = {1.0, 0.0, 0.0, 1.0};
        nanm[1] = nan_level;
        nanm[2] = nan_level;
        for (i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
            snprintf(ctx, sizeof ctx, "correlation %s", bad[i].what);
            EXPECT_FAIL(kalkyl_band_sum(bands_, 2, KALKYL_AGG_CORRELATED, bad[i].m, 0,
                                        KALKYL_ROUND_HALF_UP, (kalkyl_band*)g_out),
                        KALKYL_E_INVALID, "kalkyl_band_sum", NULL, ctx);
            EXPECT_FAIL(kalkyl_band_simulate(bands_, 2, bad[i].m, 0.8, 1, 16, NULL, 0,
                                             KALKYL_ROUND_HALF_UP, (kalkyl_simulation*)g_out),
                        KALKYL_E_INVALID, "kalkyl_band_simulate", NULL, ctx);
        }
        EXPECT_FAIL(kalkyl_band_sum(bands_, 2, KALKYL_AGG_CORRELATED, nanm, 0, KALKYL_ROUND_HALF_UP,
                                    (kalkyl_band*)g_out),
                    KALKYL_E_INVALID, "kalkyl_band_sum", NULL, "correlation NaN");
    }
    /* n = 0 with NULL arrays is the empty sum where the header says so. */
    arm();
    CHECK(kalkyl_band_sum(NULL, 0, KALKYL_AGG_INDEPENDENT, NULL, 0, KALKYL_ROUND_HALF_UP,
                          (kalkyl_band*)g_out) == KALKYL_OK,
          "band_sum of nothing");
    memcpy(b, g_out, sizeof b[0]);
    CHECK(memcmp(&b[0].low, &zero, sizeof zero) == 0 && memcmp(&b[0].high, &zero, sizeof zero) == 0,
          "band_sum of nothing is 0, 0, 0");
}

static void test_ledger_arguments(void) {
    static uint64_t foreign[8]; /* zeros: not a live ledger */
    kalkyl_ledger* fake = (kalkyl_ledger*)(void*)foreign;
    char ctx[160];
    char* big;
    size_t i, n;
    const size_t mb = 1024 * 1024;

    /* free(NULL) is fine; a foreign pointer is refused by every function. */
    CHECK(kalkyl_ledger_free(NULL) == KALKYL_OK, "ledger_free(NULL)");
    EXPECT_FAIL(kalkyl_ledger_free(fake), KALKYL_E_INVALID, "kalkyl_ledger_free", "ledger",
                "free a foreign pointer");
    EXPECT_FAIL(kalkyl_ledger_row_count(fake, (size_t*)g_out), KALKYL_E_INVALID,
                "kalkyl_ledger_row_count", "ledger", "a foreign pointer");
    EXPECT_FAIL(kalkyl_ledger_compute(fake, 8), KALKYL_E_INVALID, "kalkyl_ledger_compute", "ledger",
                "a foreign pointer");
    EXPECT_FAIL(kalkyl_ledger_add_row(fake, "A", 1, NULL, 0, KALKYL_ROW_COST, NULL, 0),
                KALKYL_E_INVALID, "kalkyl_ledger_add_row", "ledger", "a foreign pointer");
    EXPECT_FAIL(kalkyl_ledger_get(fake, "N", 1, KALKYL_FIG_BUDGET_YTD, NULL, 0, (kalkyl_dec*)g_out),
                KALKYL_E_INVALID, "kalkyl_ledger_get", "ledger", "a foreign pointer");
    CHECK(foreign[0] == 0, "a foreign pointer is not written");

    /* Row specs out of range: reserved, kind, an empty id, a NULL name with a
       length, an unknown parent, a duplicate, a cycle, a child of the wrong
       kind. bad_index names the row (index 1, after a valid row 0). */
    {
        static const struct {
            int field;
            const char* what;
            kalkyl_status want;
        } bad[] = {
            {0, "reserved 1", KALKYL_E_INVALID},
            {1, "kind 3", KALKYL_E_INVALID},
            {2, "kind -1", KALKYL_E_INVALID},
            {3, "empty id", KALKYL_E_INVALID},
            {4, "NULL name, length 4", KALKYL_E_NULL},
            {5, "unknown parent", KALKYL_E_INVALID},
            {6, "id already in the ledger", KALKYL_E_INVALID},
            {7, "cost row under a revenue row", KALKYL_E_INVALID},
            {8, "NULL id", KALKYL_E_NULL},
            {9, "its own parent", KALKYL_E_INVALID},
        };
        for (i = 0; i < sizeof bad / sizeof bad[0]; ++i) {
            kalkyl_row_spec rows[2];
            memset(rows, 0, sizeof rows);
            rows[0].id = "K1";
            rows[0].id_len = 2;
            rows[0].parent = "K";
            rows[0].parent_len = 1;
            rows[0].kind = KALKYL_ROW_COST;
            rows[1].id = "K2";
            rows[1].id_len = 2;
            rows[1].parent = "K";
            rows[1].parent_len = 1;
            rows[1].kind = KALKYL_ROW_COST;
            switch (bad[i].field) {
                case 0:
                    rows[1].reserved = 1;
                    break;
                case 1:
                    rows[1].kind = 3;
                    break;
                case 2:
                    rows[1].kind = -1;
                    break;
                case 3:
                    rows[1].id_len = 0;
                    break;
                case 4:
                    rows[1].name = NULL;
                    rows[1].name_len = 4;
                    break;
                case 5:
                    rows[1].parent = "X";
                    break;
                case 6:
                    rows[1].id = "N";
                    rows[1].id_len = 1;
                    break;
                case 7:
                    rows[1].parent = "I";
                    break;
                case 8:
                    rows[1].id = NULL;
                    break;
                case 9:
                    rows[1].parent = "K2";
                    rows[1].parent_len = 2;
                    break;
            }
            snprintf(ctx, sizeof ctx, "ledger_add_rows: %s", bad[i].what);
            arm();
            ledger_before();
            {
                kalkyl_status st = kalkyl_ledger_add_rows(g_led, rows, 2, &g_bad);
                expect_fail(st, bad[i].want, "kalkyl_ledger_add_rows", NULL, ctx, __FILE__,
                            __LINE__);
            }
            CHECK(g_bad == 1, ctx);
        }
    }
    /* Months and ranges. */
    for (i = 1; i <= 12; ++i) {
        arm();
        ledger_before();
        snprintf(ctx, sizeof ctx, "set_values from month %d, 13 - %d + 1 values", (int)i, (int)i);
        expect_fail(kalkyl_ledger_set_values(g_led, "K", 1, KALKYL_SERIES_BUDGET, (int32_t)i,
                                             led_months_, 14 - i),
                    KALKYL_E_INVALID, "kalkyl_ledger_set_values", NULL, ctx, __FILE__, __LINE__);
    }
    arm();
    ledger_before();
    expect_fail(kalkyl_ledger_set_values(g_led, "N", 1, KALKYL_SERIES_OUTCOME, 1, led_months_, 1),
                KALKYL_E_INVALID, "kalkyl_ledger_set_values", "N", "an outcome on a net row",
                __FILE__, __LINE__);
    arm();
    ledger_before();
    expect_fail(
        kalkyl_ledger_get_column(g_led, KALKYL_FIG_BUDGET_YTD, NULL, 0, (kalkyl_dec*)g_out, 2),
        KALKYL_E_INVALID, "kalkyl_ledger_get_column", NULL, "n 2 of 3 rows", __FILE__, __LINE__);
    arm();
    ledger_before();
    expect_fail(kalkyl_ledger_get(g_led, "K", 1, KALKYL_FIG_FORECAST, NULL, 7, (kalkyl_dec*)g_out),
                KALKYL_E_NULL, "kalkyl_ledger_get", "forecast", "forecast NULL where needed",
                __FILE__, __LINE__);
    arm();
    ledger_before();
    expect_fail(
        kalkyl_ledger_get(g_led, "K", 1, KALKYL_FIG_RESULT_YEAR, "Prognos", 7, (kalkyl_dec*)g_out),
        KALKYL_E_INVALID, "kalkyl_ledger_get", "K", "result on a cost row", __FILE__, __LINE__);
    arm();
    ledger_before();
    expect_fail(kalkyl_ledger_add_forecast(g_led, "K", 1, "", 0, KALKYL_FORECAST_TREND, 8, 0,
                                           KALKYL_ROUND_HALF_UP, (kalkyl_dec*)g_out),
                KALKYL_E_INVALID, "kalkyl_ledger_add_forecast", NULL, "empty name", __FILE__,
                __LINE__);
    arm();
    ledger_before();
    expect_fail(kalkyl_ledger_add_forecast(g_led, "K", 1, "T", 1, KALKYL_FORECAST_TREND, 1, 0,
                                           KALKYL_ROUND_HALF_UP, (kalkyl_dec*)g_out),
                KALKYL_E_INVALID, "kalkyl_ledger_add_forecast", NULL, "a trend at month 1",
                __FILE__, __LINE__);
    {
        kalkyl_dec minus = dv(-1, 0);
        arm();
        ledger_before();
        expect_fail(kalkyl_ledger_set_manual_forecast(g_led, "N", 1, "M", 1, 8, &band_pt_, &minus,
                                                      &band_up_, NULL, 0),
                    KALKYL_E_INVALID, "kalkyl_ledger_set_manual_forecast", NULL,
                    "a negative downside", __FILE__, __LINE__);
    }
    /* After changing the ledger, the figures are gone until computed again. */
    arm();
    ledger_before();
    CHECK(kalkyl_ledger_add_row(g_led, "K3", 2, NULL, 0, KALKYL_ROW_COST, "K", 1) == KALKYL_OK,
          "add a row");
    g_led_check = 0;
    expect_fail(
        kalkyl_ledger_get(g_led, "K", 1, KALKYL_FIG_BUDGET_YTD, NULL, 0, (kalkyl_dec*)g_out),
        KALKYL_E_INVALID, "kalkyl_ledger_get", "compute", "figures dropped by a change", __FILE__,
        __LINE__);

    /* Ids are any bytes but empty: invalid UTF-8, embedded NUL and 1 MB are
       ids, and a message that names one stays valid UTF-8 under 1024 bytes. */
    big = (char*)malloc(mb);
    if (big == NULL) {
        CHECK(0, "malloc 1 MB");
        return;
    }
    memset(big, 0xFF, mb);
    arm();
    ledger_before();
    CHECK(kalkyl_ledger_add_row(g_led, big, mb, big, mb, KALKYL_ROW_COST, "K", 1) == KALKYL_OK,
          "a 1 MB id of 0xFF bytes");
    CHECK(kalkyl_ledger_row_count(g_led, &n) == KALKYL_OK && n == 4, "four rows");
    big[mb - 1] = 'x'; /* another id: no such row */
    arm();
    ledger_before();
    expect_fail(kalkyl_ledger_set_values(g_led, big, mb, KALKYL_SERIES_BUDGET, 1, led_months_, 12),
                KALKYL_E_INVALID, "kalkyl_ledger_set_values", NULL, "a 1 MB id not in the ledger",
                __FILE__, __LINE__);
    arm();
    ledger_before();
    expect_fail(kalkyl_ledger_set_manual_forecast(g_led, "K", 1, big, mb, 13, &band_pt_,
                                                  &band_down_, &band_up_, big, mb),
                KALKYL_E_INVALID, "kalkyl_ledger_set_manual_forecast", NULL,
                "a 1 MB name and author, month 13", __FILE__, __LINE__);
    for (i = 0; i < mb; i += 2)
        memcpy(big + i, "\xC3\xA5", 2);
    big[mb - 1] = '\xC3'; /* a truncated å at the end */
    arm();
    ledger_before();
    expect_fail(kalkyl_ledger_add_row(g_led, big, mb, NULL, 0, KALKYL_ROW_COST, big, mb),
                KALKYL_E_INVALID, "kalkyl_ledger_add_row", NULL,
                "a 1 MB parent (truncated UTF-8) not in the ledger", __FILE__, __LINE__);
    {
        static const struct {
            const char* id;
            size_t len;
            const char* what;
        } odd[] = {
            {"K\0", 2, "K and a NUL"},
            {"\0K", 2, "a NUL and K"},
            {"\xC0\x80", 2, "overlong NUL"},
            {"\xED\xA0\x80", 3, "a surrogate"},
            {"\xF4\x90\x80\x80", 4, "beyond U+10FFFF"},
            {"\x80", 1, "a lone continuation byte"},
        };
        for (i = 0; i < sizeof odd / sizeof odd[0]; ++i) {
            kalkyl_dec v;
            snprintf(ctx, sizeof ctx, "ledger id: %s", odd[i].what);
            arm();
            ledger_before();
            expect_fail(kalkyl_ledger_get(g_led, odd[i].id, odd[i].len, KALKYL_FIG_BUDGET_YTD, NULL,
                                          0, (kalkyl_dec*)g_out),
                        KALKYL_E_INVALID, "kalkyl_ledger_get", NULL, ctx, __FILE__, __LINE__);
            /* ... and as a new row's id they are ids like any other. */
            CHECK(kalkyl_ledger_add_row(g_led, odd[i].id, odd[i].len, NULL, 0, KALKYL_ROW_COST, "K",
                                        1) == KALKYL_OK &&
                      kalkyl_ledger_set_values(g_led, odd[i].id, odd[i].len, KALKYL_SERIES_BUDGET,
                                               1, led_months_, 12) == KALKYL_OK &&
                      kalkyl_ledger_compute(g_led, 8) == KALKYL_OK &&
                      kalkyl_ledger_get(g_led, odd[i].id, odd[i].len, KALKYL_FIG_BUDGET_YTD, NULL,
                                        0, &v) == KALKYL_OK &&
                      v.lo == 8280 && v.hi == 0,
                  ctx);
        }
    }
    free(big);
    /* backtest: n_years 0 writes nothing and needs no arrays. */
    arm();
    CHECK(kalkyl_backtest(NULL, NULL, 0, KALKYL_FORECAST_RUN_RATE, 0, KALKYL_ROUND_HALF_UP, NULL,
                          NULL) == KALKYL_OK &&
              untouched(),
          "backtest of no years");
    if (g_led != NULL) kalkyl_ledger_free(g_led);
    g_led = NULL;
}

/* --- findings: regressions for what the fuzzers found ---------------------- */

static void test_findings(void) {
    /* Finding 1 (fuzz_arith): kalkyl_sum of one scale whose total needs 39
       digits but ends in a zero returned KALKYL_E_OVERFLOW; the header (and
       kalkyl_dec_add) drop the trailing zero: scale 22 -> 21. */
    kalkyl_dec column[3], total;
    column[0] = raw(0xffff800265181819ULL, (int64_t)0xe1dde6f8e7694157ULL, 22, 0);
    column[1] = raw(0x0ULL, (int64_t)0xc2adad3c3c3c3c3dULL, 22, 0);
    column[2] = column[0];
    CHECK(kalkyl_sum(column, 3, &total) == KALKYL_OK,
          "finding 1: kalkyl_sum drops a trailing zero");
    CHECK(total.lo == 0xe6664ccd476b3805ULL && total.hi == (int64_t)0xf3d7591e344e464aULL &&
              total.scale == 21,
          "finding 1: the total -16161812593131469,309062787461293590523");
    /* Finding 2 (capi_hostile_test): a caller's name or label in broken UTF-8
       went into kalkyl_last_error() as it was; now escaped as \xNN (checked by
       test_hostile_text through check_message). */
}

int main(void) {
    init_bad_decs();
    init_fixtures();
    init_band_fixtures();
    test_status_names_and_versions();
    test_api_table();
    test_format_struct();
    test_buffers_of_size_0_and_1();
    test_hostile_text();
    test_structs();
    test_band_arguments();
    test_ledger_arguments();
    test_findings();
    printf("hostile: %zu functions in the table, %zu by hand only\n", sizeof api / sizeof api[0],
           sizeof api_by_hand / sizeof api_by_hand[0]);
    printf("hostile: %d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
