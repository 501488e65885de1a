/*
** The C ABI (capi/kalkyl.h) tested from C99, as an ERP system links it:
** every function, every status each can return, NULL for every pointer,
** out-of-range enums and flags, invalid kalkyl_dec, buffers too small, the
** seeds' figures, the batch calls, and the per-thread last error under
** eight concurrent threads.
**
** No framework: CHECK counts, the last line is "capi: N passed, M failed"
** and the exit status is non-zero when anything failed.
*/
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kalkyl.h"

/* --- the harness ------------------------------------------------------------ */

static int g_passed;
static int g_failed;

static void check(int ok, const char* what, const char* file, int line) {
    if (ok) {
        ++g_passed;
    } else {
        ++g_failed;
        fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, what);
    }
}

static void check_status(kalkyl_status got, kalkyl_status want, const char* call, const char* file,
                         int line) {
    if (got == want) {
        ++g_passed;
    } else {
        ++g_failed;
        fprintf(stderr, "%s:%d: FAILED: %s\n  returned %s, expected %s\n  last error: %s\n", file,
                line, call, kalkyl_status_name(got), kalkyl_status_name(want), kalkyl_last_error());
    }
}

static void check_error_has(const char* needle, const char* file, int line) {
    const char* msg = kalkyl_last_error();
    if (msg != NULL && strstr(msg, needle) != NULL) {
        ++g_passed;
    } else {
        ++g_failed;
        fprintf(stderr, "%s:%d: FAILED: last error \"%s\" does not contain \"%s\"\n", file, line,
                msg ? msg : "(NULL)", needle);
    }
}

static void check_text(const char* got, const char* want, const char* file, int line) {
    if (strcmp(got, want) == 0) {
        ++g_passed;
    } else {
        ++g_failed;
        fprintf(stderr, "%s:%d: FAILED: text \"%s\", expected \"%s\"\n", file, line, got, want);
    }
}

#define CHECK(cond) check((cond) != 0, #cond, __FILE__, __LINE__)
#define CHECK_ST(call, want) check_status((call), (want), #call, __FILE__, __LINE__)
#define CHECK_ERR(needle) check_error_has((needle), __FILE__, __LINE__)
#define CHECK_TEXT(got, want) check_text((got), (want), __FILE__, __LINE__)

/* UTF-8 spelled out: U+00A0 no-break space, U+202F narrow no-break space,
   U+2212 minus sign. */
#define NBSP "\xC2\xA0"
#define NNBSP "\xE2\x80\xAF"
#define MINUS "\xE2\x88\x92"

/* --- values ------------------------------------------------------------------- */

static kalkyl_dec raw(uint64_t lo, int64_t hi, int32_t scale, uint32_t reserved) {
    kalkyl_dec d;
    d.lo = lo;
    d.hi = hi;
    d.scale = scale;
    d.reserved = reserved;
    return d;
}

static kalkyl_dec num(int64_t units, int32_t scale) {
    kalkyl_dec d;
    if (kalkyl_dec_from_int(units, scale, &d) != KALKYL_OK) {
        fprintf(stderr, "num(%lld, %d): %s\n", (long long)units, (int)scale, kalkyl_last_error());
        exit(2);
    }
    return d;
}

/* 10^38 - 1, the largest mantissa; 10^38, one too many digits; and their
   negatives. */
static kalkyl_dec max38(int32_t scale) {
    return raw(0x098a223fffffffffULL, 0x4b3b4ca85a86c47aLL, scale, 0);
}
static kalkyl_dec neg_max38(int32_t scale) {
    return raw(0xf675ddc000000001ULL, (int64_t)0xb4c4b357a5793b85ULL, scale, 0);
}
static kalkyl_dec digits39(void) {
    return raw(0x098a224000000000ULL, 0x4b3b4ca85a86c47aLL, 0, 0);
}
static kalkyl_dec neg_digits39(void) {
    return raw(0xf675ddc000000000ULL, (int64_t)0xb4c4b357a5793b85ULL, 0, 0);
}
static kalkyl_dec nine_e37(void) {
    return raw(0x895eba000000000ULL, 0x43b55e9784ac7da1LL, 0, 0);
}
static kalkyl_dec neg_nine_e37(void) {
    return raw(0xf76a146000000000ULL, (int64_t)0xbc4aa1687b53825eULL, 0, 0);
}

/* Is d exactly units * 10^-scale, with that scale? */
static int is(const kalkyl_dec* d, int64_t units, int32_t scale) {
    return d->lo == (uint64_t)units && d->hi == (units < 0 ? -1 : 0) && d->scale == scale &&
           d->reserved == 0;
}

static int same(const kalkyl_dec* a, const kalkyl_dec* b) {
    return memcmp(a, b, sizeof *a) == 0;
}

/* What a failing call must leave alone. */
static kalkyl_dec sentinel(void) {
    return raw(0xdeadbeefdeadbeefULL, 0x0badf00d0badf00dLL, 77, 0x5a5a5a5au);
}

static kalkyl_format fmt_of(kalkyl_locale locale, int32_t decimals, int32_t unit_exponent,
                            kalkyl_rounding rounding, uint32_t flags) {
    kalkyl_format f;
    memset(&f, 0, sizeof f);
    f.size = sizeof f;
    f.locale = locale;
    f.decimals = decimals;
    f.unit_exponent = unit_exponent;
    f.rounding = rounding;
    f.flags = flags;
    return f;
}

/* The value as C text at its own scale, no groups: "-1234.50". */
static const char* text_of(const kalkyl_dec* d) {
    static char buf[8][128];
    static int next;
    char* out = buf[next++ % 8];
    kalkyl_format f = fmt_of(KALKYL_LOCALE_C, -1, 0, KALKYL_ROUND_HALF_UP, KALKYL_FMT_NO_GROUPING);
    size_t needed = 0;
    if (kalkyl_dec_format(d, &f, out, 128, &needed) != KALKYL_OK) return "(format failed)";
    return out;
}

static kalkyl_dec parse(const char* text, kalkyl_locale locale) {
    kalkyl_dec d = sentinel();
    if (kalkyl_dec_parse(text, strlen(text), locale, &d) != KALKYL_OK) {
        ++g_failed;
        fprintf(stderr, "FAILED: parse(\"%s\"): %s\n", text, kalkyl_last_error());
    }
    return d;
}

/* kalkyl_status in a variable of the enum type carrying any int, as a C
   caller (or an FFI) can pass it. */
static kalkyl_rounding bad_rounding(int v) {
    return (kalkyl_rounding)v;
}
static kalkyl_locale bad_locale(int v) {
    return (kalkyl_locale)v;
}

/* --- versions, names, the last error ------------------------------------------ */

static void test_versions(void) {
    char composed[64];
    CHECK_TEXT(kalkyl_version(), KALKYL_VERSION);
    CHECK(kalkyl_abi_version() == KALKYL_ABI_VERSION);
#ifdef KALKYL_EXPECTED_VERSION
    /* The project version from CMakeLists.txt, passed in by the test's build. */
    CHECK_TEXT(kalkyl_version(), KALKYL_EXPECTED_VERSION);
    CHECK(kalkyl_abi_version() == KALKYL_EXPECTED_ABI_VERSION);
#endif
    snprintf(composed, sizeof composed, "%d.%d.%d", KALKYL_VERSION_MAJOR, KALKYL_VERSION_MINOR,
             KALKYL_VERSION_PATCH);
    CHECK_TEXT(composed, KALKYL_VERSION);
}

static void test_status_names(void) {
    static const char* const names[] = {
        "KALKYL_OK",         "KALKYL_E_NULL",      "KALKYL_E_PARSE",   "KALKYL_E_AMBIGUOUS",
        "KALKYL_E_OVERFLOW", "KALKYL_E_DIV_ZERO",  "KALKYL_E_SCALE",   "KALKYL_E_BUFFER",
        "KALKYL_E_INVALID",  "KALKYL_E_NO_MEMORY", "KALKYL_E_INTERNAL"};
    int i;
    for (i = 0; i <= 10; ++i)
        CHECK_TEXT(kalkyl_status_name((kalkyl_status)i), names[i]);
    CHECK_TEXT(kalkyl_status_name(KALKYL_E_OVERFLOW), "KALKYL_E_OVERFLOW");
    CHECK_TEXT(kalkyl_status_name((kalkyl_status)11), "KALKYL_E_UNKNOWN");
    CHECK_TEXT(kalkyl_status_name((kalkyl_status)-1), "KALKYL_E_UNKNOWN");
    CHECK_TEXT(kalkyl_status_name((kalkyl_status)1000000), "KALKYL_E_UNKNOWN");
    CHECK_TEXT(kalkyl_status_name((kalkyl_status)INT32_MIN), "KALKYL_E_UNKNOWN");
}

/* Runs first: before any failure on this thread the message is "". */
static void test_last_error_initially_empty(void) {
    CHECK(kalkyl_last_error() != NULL);
    CHECK_TEXT(kalkyl_last_error(), "");
}

static void test_last_error_is_kept_until_the_next_failure(void) {
    kalkyl_dec r;
    const char* first;
    CHECK_ST(kalkyl_dec_add(NULL, NULL, &r), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_add: a is NULL");
    first = kalkyl_last_error();
    /* Successful calls and the never-failing ones leave it as it is. */
    CHECK_ST(kalkyl_dec_from_int(1, 0, &r), KALKYL_OK);
    (void)kalkyl_status_name(KALKYL_E_PARSE);
    (void)kalkyl_version();
    (void)kalkyl_abi_version();
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_add: a is NULL");
    /* The next failure replaces it; the pointer stays usable. */
    CHECK_ST(kalkyl_dec_from_int(1, 29, &r), KALKYL_E_SCALE);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_from_int: scale 29 is outside 0..28");
    CHECK(first == kalkyl_last_error());
}

static void test_long_messages_are_cut_at_a_character_boundary(void) {
    /* 3000 bytes of "ö" (2 bytes each): the message quoting it is cut, and
       must still be valid UTF-8 and NUL-terminated. */
    char text[3001];
    kalkyl_dec d = sentinel(), s = sentinel();
    const unsigned char* m;
    size_t len, i;
    int valid = 1;
    for (i = 0; i < 3000; i += 2) {
        text[i] = (char)0xC3;
        text[i + 1] = (char)0xB6;
    }
    text[3000] = '\0';
    CHECK_ST(kalkyl_dec_parse(text, 3000, KALKYL_LOCALE_SV_SE, &d), KALKYL_E_PARSE);
    CHECK(same(&d, &s));
    m = (const unsigned char*)kalkyl_last_error();
    len = strlen((const char*)m);
    CHECK(len > 0 && len < 1024);
    for (i = 0; i < len;) {
        size_t k = m[i] < 0x80 ? 1 : m[i] >= 0xF0 ? 4 : m[i] >= 0xE0 ? 3 : m[i] >= 0xC0 ? 2 : 0;
        size_t j;
        if (k == 0 || i + k > len) {
            valid = 0;
            break;
        }
        for (j = 1; j < k; ++j)
            if ((m[i + j] & 0xC0) != 0x80) valid = 0;
        i += k;
    }
    CHECK(valid);
}

/* --- single values ---------------------------------------------------------- */

static void test_from_int(void) {
    kalkyl_dec d = sentinel(), s = sentinel();
    CHECK_ST(kalkyl_dec_from_int(123456, 2, &d), KALKYL_OK);
    CHECK(is(&d, 123456, 2));
    CHECK_TEXT(text_of(&d), "1234.56");
    CHECK_ST(kalkyl_dec_from_int(-5, 0, &d), KALKYL_OK);
    CHECK(d.lo == UINT64_MAX - 4 && d.hi == -1 && d.scale == 0 && d.reserved == 0);
    CHECK_ST(kalkyl_dec_from_int(INT64_MIN, 28, &d), KALKYL_OK);
    CHECK(d.lo == (uint64_t)1 << 63 && d.hi == -1 && d.scale == 28);
    CHECK_ST(kalkyl_dec_from_int(INT64_MAX, 0, &d), KALKYL_OK);
    CHECK_TEXT(text_of(&d), "9223372036854775807");

    d = sentinel();
    CHECK_ST(kalkyl_dec_from_int(1, -1, &d), KALKYL_E_SCALE);
    CHECK_ERR("kalkyl_dec_from_int: scale -1 is outside 0..28");
    CHECK_ST(kalkyl_dec_from_int(1, 29, &d), KALKYL_E_SCALE);
    CHECK_ST(kalkyl_dec_from_int(1, INT32_MIN, &d), KALKYL_E_SCALE);
    CHECK(same(&d, &s));
    CHECK_ST(kalkyl_dec_from_int(1, 0, NULL), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_from_int: out is NULL");
}

/* The three checks every kalkyl_dec argument goes through, for a binary
   operation; `name` is "a" or "b". */
typedef kalkyl_status (*binary_fn)(const kalkyl_dec*, const kalkyl_dec*, kalkyl_dec*);

static void check_binary_arguments(binary_fn f, const char* fn) {
    const kalkyl_dec one = num(1, 0);
    const kalkyl_dec s = sentinel();
    kalkyl_dec bad, out = sentinel();
    char expect[128];
    int which;

    CHECK_ST(f(NULL, &one, &out), KALKYL_E_NULL);
    snprintf(expect, sizeof expect, "%s: a is NULL", fn);
    CHECK_TEXT(kalkyl_last_error(), expect);
    CHECK_ST(f(&one, NULL, &out), KALKYL_E_NULL);
    snprintf(expect, sizeof expect, "%s: b is NULL", fn);
    CHECK_TEXT(kalkyl_last_error(), expect);
    CHECK_ST(f(&one, &one, NULL), KALKYL_E_NULL);
    snprintf(expect, sizeof expect, "%s: out is NULL", fn);
    CHECK_TEXT(kalkyl_last_error(), expect);

    for (which = 0; which < 2; ++which) {
        const char* name = which == 0 ? "a" : "b";
#define CALL_BAD() (which == 0 ? f(&bad, &one, &out) : f(&one, &bad, &out))
        bad = raw(1, 0, 0, 1); /* reserved != 0 */
        CHECK_ST(CALL_BAD(), KALKYL_E_INVALID);
        snprintf(expect, sizeof expect, "%s: %s: reserved is 1", fn, name);
        CHECK_ERR(expect);
        bad = raw(1, 0, -1, 0);
        CHECK_ST(CALL_BAD(), KALKYL_E_SCALE);
        snprintf(expect, sizeof expect, "%s: %s: scale -1 is outside 0..28", fn, name);
        CHECK_ERR(expect);
        bad = raw(1, 0, 29, 0);
        CHECK_ST(CALL_BAD(), KALKYL_E_SCALE);
        bad = digits39();
        CHECK_ST(CALL_BAD(), KALKYL_E_OVERFLOW);
        snprintf(expect, sizeof expect, "%s: %s: the mantissa", fn, name);
        CHECK_ERR(expect);
        bad = neg_digits39();
        CHECK_ST(CALL_BAD(), KALKYL_E_OVERFLOW);
        bad = raw(0, INT64_MIN, 0, 0); /* -2^127 */
        CHECK_ST(CALL_BAD(), KALKYL_E_OVERFLOW);
        /* reserved is checked before scale, scale before the mantissa */
        bad = digits39();
        bad.scale = 40;
        bad.reserved = 9;
        CHECK_ST(CALL_BAD(), KALKYL_E_INVALID);
        bad.reserved = 0;
        CHECK_ST(CALL_BAD(), KALKYL_E_SCALE);
#undef CALL_BAD
    }
    CHECK(same(&out, &s));
}

static void test_add_sub(void) {
    kalkyl_dec a, b, r = sentinel(), s = sentinel();
    check_binary_arguments(kalkyl_dec_add, "kalkyl_dec_add");
    check_binary_arguments(kalkyl_dec_sub, "kalkyl_dec_sub");

    /* Uppsala aug 2024, 5731: nettokostnad 124 998 - 1 534 = 123 464 tkr. */
    a = parse("124 998", KALKYL_LOCALE_SV_SE);
    b = parse("1 534", KALKYL_LOCALE_SV_SE);
    CHECK_ST(kalkyl_dec_sub(&a, &b, &r), KALKYL_OK);
    CHECK(is(&r, 123464, 0));
    /* The published 60 976 is 1 tkr off 61 173 - 198 = 60 975 (kronor rounded one by one). */
    a = num(61173, 0);
    b = num(198, 0);
    CHECK_ST(kalkyl_dec_sub(&a, &b, &r), KALKYL_OK);
    CHECK(is(&r, 60975, 0));
    /* Huddinge 2021: personal 277 573 - 265 650 = 11 923; intäkter 51 927 - 50 149 = 1 778. */
    a = num(277573, 0);
    b = num(265650, 0);
    CHECK_ST(kalkyl_dec_sub(&a, &b, &r), KALKYL_OK);
    CHECK(is(&r, 11923, 0));
    a = num(51927, 0);
    b = num(50149, 0);
    CHECK_ST(kalkyl_dec_sub(&a, &b, &r), KALKYL_OK);
    CHECK(is(&r, 1778, 0));
    /* Prognosspann: -30 - 5 = -35, -30 + 5 = -25 mnkr. */
    a = num(-30, 0);
    b = num(5, 0);
    CHECK_ST(kalkyl_dec_sub(&a, &b, &r), KALKYL_OK);
    CHECK(is(&r, -35, 0));
    CHECK_ST(kalkyl_dec_add(&a, &b, &r), KALKYL_OK);
    CHECK(is(&r, -25, 0));
    /* Uppsala 2024: resultat = kommunbidrag + nettokostnad stored negative: 685 - 721 = -36. */
    a = num(685, 0);
    b = num(-721, 0);
    CHECK_ST(kalkyl_dec_add(&a, &b, &r), KALKYL_OK);
    CHECK(is(&r, -36, 0));
    /* The year ended at -23,5: 1,5 above the band's top of -25. */
    a = parse("-23,5", KALKYL_LOCALE_SV_SE);
    b = num(-25, 0);
    CHECK_ST(kalkyl_dec_sub(&a, &b, &r), KALKYL_OK);
    CHECK(is(&r, 15, 1));

    /* The larger scale: 1,5 + 2,25 = 3,75. */
    a = num(15, 1);
    b = num(225, 2);
    CHECK_ST(kalkyl_dec_add(&a, &b, &r), KALKYL_OK);
    CHECK(is(&r, 375, 2));
    /* out may be an operand. */
    CHECK_ST(kalkyl_dec_add(&a, &b, &a), KALKYL_OK);
    CHECK(is(&a, 375, 2));
    CHECK_ST(kalkyl_dec_sub(&a, &a, &a), KALKYL_OK);
    CHECK(is(&a, 0, 2));

    /* 38 digits is fine, one more is KALKYL_E_OVERFLOW. */
    a = max38(0);
    b = num(0, 0);
    CHECK_ST(kalkyl_dec_add(&a, &b, &r), KALKYL_OK);
    CHECK(same(&r, &a));
    b = neg_max38(0);
    CHECK_ST(kalkyl_dec_add(&a, &b, &r), KALKYL_OK);
    CHECK(is(&r, 0, 0));
    b = num(1, 0);
    r = sentinel();
    CHECK_ST(kalkyl_dec_add(&a, &b, &r), KALKYL_E_OVERFLOW);
    CHECK_ERR("kalkyl_dec_add: ");
    CHECK(same(&r, &s));
    a = neg_max38(0);
    CHECK_ST(kalkyl_dec_sub(&a, &b, &r), KALKYL_E_OVERFLOW);
    CHECK(same(&r, &s));
    /* When the exact result does not fit at the larger scale, trailing zeros go. */
    a = max38(0);
    b = num(0, 1);
    CHECK_ST(kalkyl_dec_add(&a, &b, &r), KALKYL_OK);
    CHECK(same(&r, &a));
}

static void test_mul(void) {
    kalkyl_dec a, b, r = sentinel(), s = sentinel();
    check_binary_arguments(kalkyl_dec_mul, "kalkyl_dec_mul");
    a = num(15, 1);
    b = num(225, 2);
    CHECK_ST(kalkyl_dec_mul(&a, &b, &r), KALKYL_OK);
    CHECK(is(&r, 3375, 3));
    CHECK_ST(kalkyl_dec_mul(&a, &a, &a), KALKYL_OK);
    CHECK(is(&a, 225, 2));
    /* 10^-14 * 10^-15 needs 29 decimals. */
    a = num(1, 14);
    b = num(1, 15);
    r = sentinel();
    CHECK_ST(kalkyl_dec_mul(&a, &b, &r), KALKYL_E_SCALE);
    CHECK_ERR("kalkyl_dec_mul: ");
    CHECK(same(&r, &s));
    /* ... unless trailing zeros can go: 0,10 * 10^-27 = 10^-28. */
    a = num(10, 2);
    b = num(1, 27);
    CHECK_ST(kalkyl_dec_mul(&a, &b, &r), KALKYL_OK);
    CHECK(is(&r, 1, 28));
    a = nine_e37();
    b = num(2, 0);
    r = sentinel();
    CHECK_ST(kalkyl_dec_mul(&a, &b, &r), KALKYL_E_OVERFLOW);
    CHECK(same(&r, &s));
}

static void test_div(void) {
    static const struct {
        kalkyl_rounding mode;
        int64_t expect; /* -2,5 / 1 at scale 0 */
    } modes[] = {{KALKYL_ROUND_HALF_UP, -3},   {KALKYL_ROUND_HALF_EVEN, -2},
                 {KALKYL_ROUND_HALF_DOWN, -2}, {KALKYL_ROUND_DOWN, -2},
                 {KALKYL_ROUND_UP, -3},        {KALKYL_ROUND_FLOOR, -3},
                 {KALKYL_ROUND_CEILING, -2}};
    const kalkyl_dec one = num(1, 0);
    kalkyl_dec a, b, r = sentinel(), s = sentinel(), bad;
    size_t i;

    /* Uppsala aug 2024, 5731: 123 464 / 22 939 = 5,382... -> 5,4 tkr per vårddygn. */
    a = num(123464, 0);
    b = num(22939, 0);
    CHECK_ST(kalkyl_dec_div(&a, &b, 1, KALKYL_ROUND_HALF_UP, &r), KALKYL_OK);
    CHECK(is(&r, 54, 1));
    /* per vårdtagare: 60 976 / 5 555 = 10,97... -> 11,0 (the scale is kept). */
    a = num(60976, 0);
    b = num(5555, 0);
    CHECK_ST(kalkyl_dec_div(&a, &b, 1, KALKYL_ROUND_HALF_UP, &r), KALKYL_OK);
    CHECK(is(&r, 110, 1));
    /* Huddinge: budgethållning 3 375 / 422 848 = 0,8 %. */
    a = num(3375, 0);
    b = num(100, 0);
    CHECK_ST(kalkyl_dec_mul(&a, &b, &a), KALKYL_OK);
    b = num(422848, 0);
    CHECK_ST(kalkyl_dec_div(&a, &b, 1, KALKYL_ROUND_HALF_UP, &r), KALKYL_OK);
    CHECK(is(&r, 8, 1));
    /* Eskilstuna 2022, KPB: 41 400 837 / 8 783 = 4 714 kr per invånare;
       / 1 238 = 33 442 kr per brukare; the total's KPB leaves out costs not
       linked to a user: (658 914 703 - 103 014 615) / 6 195 = 89 734; its kr
       per invånare keeps them: 658 914 703 / 107 918 = 6 106. */
    a = num(41400837, 0);
    b = num(8783, 0);
    CHECK_ST(kalkyl_dec_div(&a, &b, 0, KALKYL_ROUND_HALF_UP, &r), KALKYL_OK);
    CHECK(is(&r, 4714, 0));
    b = num(1238, 0);
    CHECK_ST(kalkyl_dec_div(&a, &b, 0, KALKYL_ROUND_HALF_UP, &r), KALKYL_OK);
    CHECK(is(&r, 33442, 0));
    a = num(658914703, 0);
    b = num(103014615, 0);
    CHECK_ST(kalkyl_dec_sub(&a, &b, &r), KALKYL_OK);
    b = num(6195, 0);
    CHECK_ST(kalkyl_dec_div(&r, &b, 0, KALKYL_ROUND_HALF_UP, &r), KALKYL_OK);
    CHECK(is(&r, 89734, 0));
    b = num(107918, 0);
    CHECK_ST(kalkyl_dec_div(&a, &b, 0, KALKYL_ROUND_HALF_UP, &r), KALKYL_OK);
    CHECK(is(&r, 6106, 0));
    /* Shares: 332 of 387 = 85,8 %; Eskilstuna's "42 insatser 94 procent" is 95,5 %. */
    a = num(33200, 0);
    b = num(387, 0);
    CHECK_ST(kalkyl_dec_div(&a, &b, 1, KALKYL_ROUND_HALF_UP, &r), KALKYL_OK);
    CHECK(is(&r, 858, 1));
    a = num(4200, 0);
    b = num(44, 0);
    CHECK_ST(kalkyl_dec_div(&a, &b, 1, KALKYL_ROUND_HALF_UP, &r), KALKYL_OK);
    CHECK(is(&r, 955, 1));

    /* Every rounding mode, on a tie. */
    a = num(-25, 1);
    for (i = 0; i < sizeof modes / sizeof modes[0]; ++i) {
        CHECK_ST(kalkyl_dec_div(&a, &one, 0, modes[i].mode, &r), KALKYL_OK);
        CHECK(is(&r, modes[i].expect, 0));
    }
    /* out may be an operand. */
    a = num(10, 0);
    b = num(4, 0);
    CHECK_ST(kalkyl_dec_div(&a, &b, 2, KALKYL_ROUND_HALF_UP, &b), KALKYL_OK);
    CHECK(is(&b, 250, 2));

    /* Failures: nothing is written. */
    a = num(1, 0);
    b = num(3, 0);
    r = sentinel();
    CHECK_ST(kalkyl_dec_div(NULL, &b, 0, KALKYL_ROUND_HALF_UP, &r), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_div: a is NULL");
    CHECK_ST(kalkyl_dec_div(&a, NULL, 0, KALKYL_ROUND_HALF_UP, &r), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_div: b is NULL");
    CHECK_ST(kalkyl_dec_div(&a, &b, 0, KALKYL_ROUND_HALF_UP, NULL), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_div: out is NULL");
    CHECK_ST(kalkyl_dec_div(&a, &b, -1, KALKYL_ROUND_HALF_UP, &r), KALKYL_E_SCALE);
    CHECK_ERR("kalkyl_dec_div: scale -1 is outside 0..28");
    CHECK_ST(kalkyl_dec_div(&a, &b, 29, KALKYL_ROUND_HALF_UP, &r), KALKYL_E_SCALE);
    CHECK_ST(kalkyl_dec_div(&a, &b, 1, bad_rounding(7), &r), KALKYL_E_INVALID);
    CHECK_ERR("kalkyl_dec_div: mode 7 is not a kalkyl_rounding");
    CHECK_ST(kalkyl_dec_div(&a, &b, 1, bad_rounding(-1), &r), KALKYL_E_INVALID);
    CHECK_ST(kalkyl_dec_div(&a, &b, 1, bad_rounding(1000), &r), KALKYL_E_INVALID);
    b = num(0, 3);
    CHECK_ST(kalkyl_dec_div(&a, &b, 1, KALKYL_ROUND_HALF_UP, &r), KALKYL_E_DIV_ZERO);
    CHECK_ERR("kalkyl_dec_div: ");
    bad = raw(1, 0, 0, 2);
    CHECK_ST(kalkyl_dec_div(&bad, &one, 1, KALKYL_ROUND_HALF_UP, &r), KALKYL_E_INVALID);
    CHECK_ERR("kalkyl_dec_div: a: reserved is 2");
    CHECK_ST(kalkyl_dec_div(&one, &bad, 1, KALKYL_ROUND_HALF_UP, &r), KALKYL_E_INVALID);
    CHECK_ERR("kalkyl_dec_div: b: reserved is 2");
    bad = raw(1, 0, 29, 0);
    CHECK_ST(kalkyl_dec_div(&one, &bad, 1, KALKYL_ROUND_HALF_UP, &r), KALKYL_E_SCALE);
    CHECK_ERR("kalkyl_dec_div: b: scale 29");
    bad = digits39();
    CHECK_ST(kalkyl_dec_div(&bad, &one, 1, KALKYL_ROUND_HALF_UP, &r), KALKYL_E_OVERFLOW);
    CHECK_ERR("kalkyl_dec_div: a: the mantissa");
    /* (10^38 - 1) / 0,1 needs 39 digits. */
    a = max38(0);
    b = num(1, 1);
    CHECK_ST(kalkyl_dec_div(&a, &b, 0, KALKYL_ROUND_HALF_UP, &r), KALKYL_E_OVERFLOW);
    CHECK(same(&r, &s));
}

static void test_round(void) {
    kalkyl_dec a, r = sentinel(), s = sentinel(), bad;
    a = num(5382, 3);
    CHECK_ST(kalkyl_dec_round(&a, 1, KALKYL_ROUND_HALF_UP, &r), KALKYL_OK);
    CHECK(is(&r, 54, 1));
    CHECK_ST(kalkyl_dec_round(&a, 5, KALKYL_ROUND_HALF_UP, &r), KALKYL_OK);
    CHECK(is(&r, 538200, 5));
    a = num(-25, 1);
    CHECK_ST(kalkyl_dec_round(&a, 0, KALKYL_ROUND_HALF_UP, &r), KALKYL_OK);
    CHECK(is(&r, -3, 0));
    CHECK_ST(kalkyl_dec_round(&a, 0, KALKYL_ROUND_HALF_EVEN, &r), KALKYL_OK);
    CHECK(is(&r, -2, 0));
    CHECK_ST(kalkyl_dec_round(&a, 0, KALKYL_ROUND_FLOOR, &a), KALKYL_OK);
    CHECK(is(&a, -3, 0));

    r = sentinel();
    CHECK_ST(kalkyl_dec_round(NULL, 0, KALKYL_ROUND_HALF_UP, &r), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_round: a is NULL");
    CHECK_ST(kalkyl_dec_round(&a, 0, KALKYL_ROUND_HALF_UP, NULL), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_round: out is NULL");
    CHECK_ST(kalkyl_dec_round(&a, -1, KALKYL_ROUND_HALF_UP, &r), KALKYL_E_SCALE);
    CHECK_ST(kalkyl_dec_round(&a, 29, KALKYL_ROUND_HALF_UP, &r), KALKYL_E_SCALE);
    CHECK_ERR("kalkyl_dec_round: scale 29 is outside 0..28");
    /* The mode is checked even when nothing is dropped. */
    CHECK_ST(kalkyl_dec_round(&a, 0, bad_rounding(7), &r), KALKYL_E_INVALID);
    CHECK_ST(kalkyl_dec_round(&a, 0, bad_rounding(-7), &r), KALKYL_E_INVALID);
    bad = raw(1, 0, 0, 0x80000000u);
    CHECK_ST(kalkyl_dec_round(&bad, 0, KALKYL_ROUND_HALF_UP, &r), KALKYL_E_INVALID);
    CHECK_ERR("kalkyl_dec_round: a: reserved");
    bad = raw(1, 0, -1, 0);
    CHECK_ST(kalkyl_dec_round(&bad, 0, KALKYL_ROUND_HALF_UP, &r), KALKYL_E_SCALE);
    bad = digits39();
    CHECK_ST(kalkyl_dec_round(&bad, 0, KALKYL_ROUND_HALF_UP, &r), KALKYL_E_OVERFLOW);
    /* Raising the scale of 38 digits. */
    a = max38(0);
    CHECK_ST(kalkyl_dec_round(&a, 1, KALKYL_ROUND_HALF_UP, &r), KALKYL_E_OVERFLOW);
    CHECK_ERR("kalkyl_dec_round: ");
    CHECK(same(&r, &s));
}

static void test_cmp(void) {
    kalkyl_dec a, b, bad;
    int c = 42;
    a = num(15, 1);
    b = num(150, 2);
    CHECK_ST(kalkyl_dec_cmp(&a, &b, &c), KALKYL_OK);
    CHECK(c == 0);
    a = num(-1, 0);
    b = num(1, 28);
    CHECK_ST(kalkyl_dec_cmp(&a, &b, &c), KALKYL_OK);
    CHECK(c == -1);
    CHECK_ST(kalkyl_dec_cmp(&b, &a, &c), KALKYL_OK);
    CHECK(c == 1);
    /* -23,5 is above the band -35..-25. */
    a = parse("-23,5", KALKYL_LOCALE_SV_SE);
    b = num(-25, 0);
    CHECK_ST(kalkyl_dec_cmp(&a, &b, &c), KALKYL_OK);
    CHECK(c == 1);
    a = max38(0);
    b = max38(28);
    CHECK_ST(kalkyl_dec_cmp(&a, &b, &c), KALKYL_OK);
    CHECK(c == 1);
    a = neg_max38(0);
    CHECK_ST(kalkyl_dec_cmp(&a, &b, &c), KALKYL_OK);
    CHECK(c == -1);

    c = 42;
    CHECK_ST(kalkyl_dec_cmp(NULL, &b, &c), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_cmp: a is NULL");
    CHECK_ST(kalkyl_dec_cmp(&a, NULL, &c), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_cmp: b is NULL");
    CHECK_ST(kalkyl_dec_cmp(&a, &b, NULL), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_cmp: out is NULL");
    bad = raw(0, 0, 0, 1);
    CHECK_ST(kalkyl_dec_cmp(&a, &bad, &c), KALKYL_E_INVALID);
    CHECK_ERR("kalkyl_dec_cmp: b: reserved is 1");
    bad = raw(0, 0, 29, 0);
    CHECK_ST(kalkyl_dec_cmp(&bad, &a, &c), KALKYL_E_SCALE);
    CHECK_ERR("kalkyl_dec_cmp: a: scale 29");
    bad = digits39();
    CHECK_ST(kalkyl_dec_cmp(&a, &bad, &c), KALKYL_E_OVERFLOW);
    CHECK(c == 42);
}

static void test_to_double(void) {
    kalkyl_dec a, bad;
    double d = -1.0;
    a = num(54, 1);
    CHECK_ST(kalkyl_dec_to_double(&a, &d), KALKYL_OK);
    CHECK(d == 5.4);
    a = num(-1966, 1);
    CHECK_ST(kalkyl_dec_to_double(&a, &d), KALKYL_OK);
    CHECK(d == -196.6);
    a = max38(0);
    CHECK_ST(kalkyl_dec_to_double(&a, &d), KALKYL_OK);
    CHECK(d == 1e38);
    a = num(1, 28);
    CHECK_ST(kalkyl_dec_to_double(&a, &d), KALKYL_OK);
    CHECK(d == 1e-28);

    d = -1.0;
    CHECK_ST(kalkyl_dec_to_double(NULL, &d), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_to_double: a is NULL");
    CHECK_ST(kalkyl_dec_to_double(&a, NULL), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_to_double: out is NULL");
    bad = raw(0, 0, 0, 3);
    CHECK_ST(kalkyl_dec_to_double(&bad, &d), KALKYL_E_INVALID);
    bad = raw(0, 0, 29, 0);
    CHECK_ST(kalkyl_dec_to_double(&bad, &d), KALKYL_E_SCALE);
    bad = raw(0, 0, -1, 0);
    CHECK_ST(kalkyl_dec_to_double(&bad, &d), KALKYL_E_SCALE);
    bad = neg_digits39();
    CHECK_ST(kalkyl_dec_to_double(&bad, &d), KALKYL_E_OVERFLOW);
    CHECK(d == -1.0);
}

/* --- text --------------------------------------------------------------------- */

static void test_parse(void) {
    kalkyl_dec d = sentinel(), s = sentinel();
    const char* t;

    /* The formats found in the seeds. */
    d = parse("- 196,6", KALKYL_LOCALE_SV_SE);
    CHECK(is(&d, -1966, 1));
    d = parse("178.503", KALKYL_LOCALE_SV_SE);
    CHECK(is(&d, 178503, 0));
    d = parse("61 173", KALKYL_LOCALE_SV_SE);
    CHECK(is(&d, 61173, 0));
    d = parse("-23,5", KALKYL_LOCALE_SV_SE);
    CHECK(is(&d, -235, 1));
    d = parse(MINUS "4", KALKYL_LOCALE_SV_SE);
    CHECK(is(&d, -4, 0));
    d = parse("1" NBSP "500", KALKYL_LOCALE_SV_SE);
    CHECK(is(&d, 1500, 0));
    d = parse("1" NNBSP "500", KALKYL_LOCALE_SV_SE);
    CHECK(is(&d, 1500, 0));
    d = parse("(1 234)", KALKYL_LOCALE_SV_SE);
    CHECK(is(&d, -1234, 0));
    d = parse("1,50", KALKYL_LOCALE_SV_SE);
    CHECK(is(&d, 150, 2));
    d = parse("-1234.5", KALKYL_LOCALE_C);
    CHECK(is(&d, -12345, 1));
    d = parse("1,234.5", KALKYL_LOCALE_C);
    CHECK(is(&d, 12345, 1));
    d = parse("-23,5", KALKYL_LOCALE_AUTO);
    CHECK(is(&d, -235, 1));
    d = parse("  42 ", KALKYL_LOCALE_C);
    CHECK(is(&d, 42, 0));
    /* 38 digits, 28 decimals. */
    d = parse("99999999999999999999999999999999999999", KALKYL_LOCALE_C);
    {
        kalkyl_dec m = max38(0);
        CHECK(same(&d, &m));
    }
    d = parse("0.0000000000000000000000000001", KALKYL_LOCALE_C);
    CHECK(is(&d, 1, 28));
    /* Only len bytes are read. */
    CHECK_ST(kalkyl_dec_parse("12345", 2, KALKYL_LOCALE_C, &d), KALKYL_OK);
    CHECK(is(&d, 12, 0));

    /* Failures: *out is not written. */
    d = sentinel();
    t = "7.0";
    CHECK_ST(kalkyl_dec_parse(t, strlen(t), KALKYL_LOCALE_SV_SE, &d), KALKYL_E_PARSE);
    CHECK_ERR("kalkyl_dec_parse: ");
    CHECK_ERR("7.0");
    t = "1,234";
    CHECK_ST(kalkyl_dec_parse(t, strlen(t), KALKYL_LOCALE_AUTO, &d), KALKYL_E_AMBIGUOUS);
    CHECK_ERR("kalkyl_dec_parse: ");
    t = "1.234";
    CHECK_ST(kalkyl_dec_parse(t, strlen(t), KALKYL_LOCALE_AUTO, &d), KALKYL_E_AMBIGUOUS);
    t = "123456789012345678901234567890123456789"; /* 39 digits */
    CHECK_ST(kalkyl_dec_parse(t, strlen(t), KALKYL_LOCALE_C, &d), KALKYL_E_OVERFLOW);
    t = "0,00000000000000000000000000001"; /* 29 decimals */
    CHECK_ST(kalkyl_dec_parse(t, strlen(t), KALKYL_LOCALE_SV_SE, &d), KALKYL_E_SCALE);
    CHECK_ST(kalkyl_dec_parse("", 0, KALKYL_LOCALE_C, &d), KALKYL_E_PARSE);
    CHECK_ST(kalkyl_dec_parse("12 kronor", 9, KALKYL_LOCALE_SV_SE, &d), KALKYL_E_PARSE);
    CHECK_ST(kalkyl_dec_parse("1\0002", 3, KALKYL_LOCALE_C, &d), KALKYL_E_PARSE);
    CHECK_ST(kalkyl_dec_parse("1", 1, bad_locale(3), &d), KALKYL_E_INVALID);
    CHECK_ERR("kalkyl_dec_parse: locale 3 is not a kalkyl_locale");
    CHECK_ST(kalkyl_dec_parse("1", 1, bad_locale(-1), &d), KALKYL_E_INVALID);
    CHECK_ST(kalkyl_dec_parse(NULL, 0, KALKYL_LOCALE_C, &d), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_parse: text is NULL");
    CHECK_ST(kalkyl_dec_parse("1", 1, KALKYL_LOCALE_C, NULL), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_parse: out is NULL");
    CHECK(same(&d, &s));
}

static void test_format(void) {
    char buf[128];
    size_t needed = 0;
    kalkyl_dec v = num(123464, 0);
    kalkyl_format f = fmt_of(KALKYL_LOCALE_SV_SE, -1, 0, KALKYL_ROUND_HALF_UP, 0);
    struct {
        kalkyl_format f;
        unsigned char later[4096 - sizeof(kalkyl_format)];
    } grown;

    CHECK_ST(kalkyl_dec_format(&v, &f, buf, sizeof buf, &needed), KALKYL_OK);
    CHECK_TEXT(buf, "123" NBSP "464");
    CHECK(needed == strlen(buf) + 1);
    f.flags = KALKYL_FMT_ASCII_SPACE;
    CHECK_ST(kalkyl_dec_format(&v, &f, buf, sizeof buf, &needed), KALKYL_OK);
    CHECK_TEXT(buf, "123 464");
    f.flags = KALKYL_FMT_NO_GROUPING;
    CHECK_ST(kalkyl_dec_format(&v, &f, buf, sizeof buf, &needed), KALKYL_OK);
    CHECK_TEXT(buf, "123464");
    CHECK(needed == 7);
    /* 5,382 at one decimal: 5,4. */
    v = num(5382, 3);
    f = fmt_of(KALKYL_LOCALE_SV_SE, 1, 0, KALKYL_ROUND_HALF_UP, 0);
    CHECK_ST(kalkyl_dec_format(&v, &f, buf, sizeof buf, &needed), KALKYL_OK);
    CHECK_TEXT(buf, "5,4");
    f.rounding = KALKYL_ROUND_DOWN;
    f.decimals = 2;
    CHECK_ST(kalkyl_dec_format(&v, &f, buf, sizeof buf, &needed), KALKYL_OK);
    CHECK_TEXT(buf, "5,38");
    /* Units: 123 464 000 kr in tkr; -23 500 000 kr in mnkr. */
    v = num(123464000, 0);
    f = fmt_of(KALKYL_LOCALE_SV_SE, 0, 3, KALKYL_ROUND_HALF_UP, KALKYL_FMT_ASCII_SPACE);
    CHECK_ST(kalkyl_dec_format(&v, &f, buf, sizeof buf, &needed), KALKYL_OK);
    CHECK_TEXT(buf, "123 464");
    v = num(-23500000, 0);
    f = fmt_of(KALKYL_LOCALE_SV_SE, 1, 6, KALKYL_ROUND_HALF_UP, 0);
    CHECK_ST(kalkyl_dec_format(&v, &f, buf, sizeof buf, &needed), KALKYL_OK);
    CHECK_TEXT(buf, "-23,5");
    f.flags = KALKYL_FMT_UNICODE_MINUS;
    CHECK_ST(kalkyl_dec_format(&v, &f, buf, sizeof buf, &needed), KALKYL_OK);
    CHECK_TEXT(buf, MINUS "23,5");
    /* decimals -1 after the unit: the division is exact. */
    v = num(1534, 0);
    f = fmt_of(KALKYL_LOCALE_SV_SE, -1, 3, KALKYL_ROUND_HALF_UP, 0);
    CHECK_ST(kalkyl_dec_format(&v, &f, buf, sizeof buf, &needed), KALKYL_OK);
    CHECK_TEXT(buf, "1,534");
    v = num(-1234, 0);
    f = fmt_of(KALKYL_LOCALE_SV_SE, -1, 0, KALKYL_ROUND_HALF_UP,
               KALKYL_FMT_PARENS | KALKYL_FMT_ASCII_SPACE);
    CHECK_ST(kalkyl_dec_format(&v, &f, buf, sizeof buf, &needed), KALKYL_OK);
    CHECK_TEXT(buf, "(1 234)");
    v = num(1234, 0);
    f.flags = KALKYL_FMT_PLUS | KALKYL_FMT_ASCII_SPACE;
    CHECK_ST(kalkyl_dec_format(&v, &f, buf, sizeof buf, &needed), KALKYL_OK);
    CHECK_TEXT(buf, "+1 234");
    v = num(-12345, 1);
    f = fmt_of(KALKYL_LOCALE_C, -1, 0, KALKYL_ROUND_HALF_UP, 0);
    CHECK_ST(kalkyl_dec_format(&v, &f, buf, sizeof buf, &needed), KALKYL_OK);
    CHECK_TEXT(buf, "-1,234.5");
    /* Zero after rounding has no sign. */
    v = num(-4, 2);
    f = fmt_of(KALKYL_LOCALE_SV_SE, 1, 0, KALKYL_ROUND_HALF_UP, 0);
    CHECK_ST(kalkyl_dec_format(&v, &f, buf, sizeof buf, &needed), KALKYL_OK);
    CHECK_TEXT(buf, "0,0");
    /* The longest text fits 128 bytes. */
    v = neg_max38(10);
    f = fmt_of(KALKYL_LOCALE_SV_SE, -1, 0, KALKYL_ROUND_HALF_UP, KALKYL_FMT_UNICODE_MINUS);
    CHECK_ST(kalkyl_dec_format(&v, &f, buf, sizeof buf, &needed), KALKYL_OK);
    CHECK(needed < 128);

    /* A larger struct from a newer caller: fine while the unknown bytes are zero. */
    memset(&grown, 0, sizeof grown);
    grown.f = fmt_of(KALKYL_LOCALE_SV_SE, -1, 0, KALKYL_ROUND_HALF_UP, KALKYL_FMT_NO_GROUPING);
    grown.f.size = sizeof grown;
    v = num(61173, 0);
    CHECK_ST(kalkyl_dec_format(&v, &grown.f, buf, sizeof buf, &needed), KALKYL_OK);
    CHECK_TEXT(buf, "61173");
    grown.f.size = sizeof(kalkyl_format) + 8;
    CHECK_ST(kalkyl_dec_format(&v, &grown.f, buf, sizeof buf, &needed), KALKYL_OK);
    grown.later[5] = 1;
    CHECK_ST(kalkyl_dec_format(&v, &grown.f, buf, sizeof buf, &needed), KALKYL_E_INVALID);
    CHECK_ERR("kalkyl_dec_format: fmt has a non-zero byte at offset 29");
    grown.f.size = sizeof(kalkyl_format) + 4; /* byte 29 is outside it now */
    CHECK_ST(kalkyl_dec_format(&v, &grown.f, buf, sizeof buf, &needed), KALKYL_OK);
}

static void test_format_buffer(void) {
    char buf[64];
    size_t needed = 12345, i;
    int untouched = 1;
    kalkyl_dec v = num(-1966, 1);
    kalkyl_format f = fmt_of(KALKYL_LOCALE_SV_SE, -1, 0, KALKYL_ROUND_HALF_UP, 0);
    /* "-196,6" is 6 bytes and a NUL. */
    memset(buf, '#', sizeof buf);
    CHECK_ST(kalkyl_dec_format(&v, &f, buf, 6, &needed), KALKYL_E_BUFFER);
    CHECK(needed == 7);
    CHECK_ERR("kalkyl_dec_format: the text needs 7 bytes");
    for (i = 0; i < sizeof buf; ++i)
        if (buf[i] != '#') untouched = 0;
    CHECK(untouched);
    needed = 0;
    CHECK_ST(kalkyl_dec_format(&v, &f, buf, 1, &needed), KALKYL_E_BUFFER);
    CHECK(needed == 7 && buf[0] == '#');
    /* Asking for the size: buf NULL with cap 0. */
    needed = 0;
    CHECK_ST(kalkyl_dec_format(&v, &f, NULL, 0, &needed), KALKYL_E_BUFFER);
    CHECK(needed == 7);
    /* Exactly enough. */
    CHECK_ST(kalkyl_dec_format(&v, &f, buf, 7, &needed), KALKYL_OK);
    CHECK_TEXT(buf, "-196,6");
    CHECK(buf[7] == '#');
}

static void test_format_failures(void) {
    char buf[64];
    size_t needed = 999;
    kalkyl_dec v = num(1, 0);
    kalkyl_format f = fmt_of(KALKYL_LOCALE_SV_SE, -1, 0, KALKYL_ROUND_HALF_UP, 0), g;
    memset(buf, '#', sizeof buf);

#define FAILS(status)                                                            \
    do {                                                                         \
        CHECK_ST(kalkyl_dec_format(&v, &g, buf, sizeof buf, &needed), (status)); \
        CHECK(buf[0] == '#' && needed == 999);                                   \
    } while (0)
    CHECK_ST(kalkyl_dec_format(NULL, &f, buf, sizeof buf, &needed), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_format: v is NULL");
    CHECK_ST(kalkyl_dec_format(&v, NULL, buf, sizeof buf, &needed), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_format: fmt is NULL");
    CHECK_ST(kalkyl_dec_format(&v, &f, NULL, 5, &needed), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_format: buf is NULL but cap is 5");
    CHECK_ST(kalkyl_dec_format(&v, &f, buf, sizeof buf, NULL), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_format: needed is NULL");
    CHECK(buf[0] == '#' && needed == 999);

    g = f;
    g.size = 0;
    FAILS(KALKYL_E_INVALID);
    CHECK_ERR("kalkyl_dec_format: fmt->size is 0");
    g.size = sizeof(kalkyl_format) - 1;
    FAILS(KALKYL_E_INVALID);
    g.size = 4097;
    FAILS(KALKYL_E_INVALID);
    g.size = UINT32_MAX;
    FAILS(KALKYL_E_INVALID);
    g = f;
    g.locale = KALKYL_LOCALE_AUTO;
    FAILS(KALKYL_E_INVALID);
    CHECK_ERR("reading only");
    g.locale = 3;
    FAILS(KALKYL_E_INVALID);
    g.locale = -1;
    FAILS(KALKYL_E_INVALID);
    g = f;
    g.decimals = -2;
    FAILS(KALKYL_E_SCALE);
    CHECK_ERR("kalkyl_dec_format: fmt->decimals -2 is outside -1..28");
    g.decimals = 29;
    FAILS(KALKYL_E_SCALE);
    g = f;
    g.unit_exponent = 2;
    FAILS(KALKYL_E_INVALID);
    CHECK_ERR("fmt->unit_exponent 2");
    g.unit_exponent = -3;
    FAILS(KALKYL_E_INVALID);
    g = f;
    g.rounding = 7;
    FAILS(KALKYL_E_INVALID);
    CHECK_ERR("fmt->rounding 7 is not a kalkyl_rounding");
    g.rounding = -1;
    FAILS(KALKYL_E_INVALID);
    g = f;
    g.flags = 32;
    FAILS(KALKYL_E_INVALID);
    CHECK_ERR("fmt->flags 0x20");
    g.flags = 0x80000000u | KALKYL_FMT_PLUS;
    FAILS(KALKYL_E_INVALID);
    g.flags = KALKYL_FMT_NO_GROUPING | KALKYL_FMT_ASCII_SPACE;
    FAILS(KALKYL_E_INVALID);

    /* The value. */
    g = f;
    v = raw(1, 0, 0, 1);
    FAILS(KALKYL_E_INVALID);
    CHECK_ERR("kalkyl_dec_format: v: reserved is 1");
    v = raw(1, 0, -1, 0);
    FAILS(KALKYL_E_SCALE);
    CHECK_ERR("kalkyl_dec_format: v: scale -1");
    v = raw(1, 0, 29, 0);
    FAILS(KALKYL_E_SCALE);
    v = digits39();
    FAILS(KALKYL_E_OVERFLOW);
    CHECK_ERR("kalkyl_dec_format: v: the mantissa");
    /* 38 digits padded to two decimals would need 40. */
    v = max38(0);
    g.decimals = 2;
    FAILS(KALKYL_E_OVERFLOW);
    CHECK_ERR("kalkyl_dec_format: ");
#undef FAILS
}

/* --- columns ------------------------------------------------------------------- */

static void test_sum(void) {
    kalkyl_dec values[600], r = sentinel(), s = sentinel();
    size_t i;
    /* Huddinge 2021, driftredovisning: personal 11 923 and intäkter 1 778 plus other rows -10 326 =
     * 3 375. */
    values[0] = num(11923, 0);
    values[1] = num(1778, 0);
    values[2] = num(-10326, 0);
    CHECK_ST(kalkyl_sum(values, 3, &r), KALKYL_OK);
    CHECK(is(&r, 3375, 0));
    /* Mixed scales: the largest wins. */
    values[0] = num(15, 1);
    values[1] = num(225, 2);
    values[2] = num(-1, 0);
    CHECK_ST(kalkyl_sum(values, 3, &r), KALKYL_OK);
    CHECK(is(&r, 275, 2));
    /* Empty: 0 at scale 0, values may be NULL. */
    CHECK_ST(kalkyl_sum(NULL, 0, &r), KALKYL_OK);
    CHECK(is(&r, 0, 0));
    /* Many values across the internal blocks. */
    for (i = 0; i < 600; ++i)
        values[i] = num((int64_t)i, 2);
    CHECK_ST(kalkyl_sum(values, 600, &r), KALKYL_OK);
    CHECK(is(&r, 599 * 600 / 2, 2));
    /* Partial sums past 38 digits are fine when the total fits, also when the
       large values are far apart. */
    for (i = 0; i < 600; ++i)
        values[i] = num(0, 0);
    values[0] = nine_e37();
    values[300] = nine_e37();
    values[599] = neg_nine_e37();
    CHECK_ST(kalkyl_sum(values, 600, &r), KALKYL_OK);
    CHECK(same(&r, &values[0]));
    /* 9e37 at scale 1 would need 39 digits: the trailing zero goes. */
    values[0] = nine_e37();
    values[1] = num(0, 1);
    CHECK_ST(kalkyl_sum(values, 2, &r), KALKYL_OK);
    CHECK(same(&r, &values[0]));
    /* The same across blocks: zeros at scale 3 everywhere, 9e37 far away. */
    for (i = 0; i < 600; ++i)
        values[i] = num(0, 3);
    values[10] = nine_e37();
    values[500] = nine_e37();
    values[599] = neg_nine_e37();
    CHECK_ST(kalkyl_sum(values, 600, &r), KALKYL_OK);
    CHECK(r.scale == 0);
    CHECK_TEXT(text_of(&r), "90000000000000000000000000000000000000");
    /* 9e37 - 0,1 has 39 digits whatever the scale. */
    values[500] = num(-1, 1);
    values[599] = num(0, 0);
    r = sentinel();
    CHECK_ST(kalkyl_sum(values, 600, &r), KALKYL_E_OVERFLOW);
    CHECK(same(&r, &s));

    /* Failures. */
    r = sentinel();
    values[0] = nine_e37();
    values[1] = nine_e37();
    CHECK_ST(kalkyl_sum(values, 2, &r), KALKYL_E_OVERFLOW);
    CHECK_ERR("kalkyl_sum: ");
    CHECK(same(&r, &s));
    for (i = 0; i < 600; ++i)
        values[i] = num(1, 0);
    values[450] = raw(1, 0, 0, 4);
    CHECK_ST(kalkyl_sum(values, 600, &r), KALKYL_E_INVALID);
    CHECK_ERR("kalkyl_sum: values[450]: reserved is 4");
    values[450] = raw(1, 0, 29, 0);
    CHECK_ST(kalkyl_sum(values, 600, &r), KALKYL_E_SCALE);
    CHECK_ERR("kalkyl_sum: values[450]: scale 29");
    values[450] = digits39();
    CHECK_ST(kalkyl_sum(values, 600, &r), KALKYL_E_OVERFLOW);
    CHECK_ERR("kalkyl_sum: values[450]: the mantissa");
    CHECK_ST(kalkyl_sum(NULL, 1, &r), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_sum: values is NULL but n is 1");
    CHECK_ST(kalkyl_sum(values, 1, NULL), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_sum: out is NULL");
    CHECK(same(&r, &s));
}

static void test_sum_units(void) {
    int64_t units[1000];
    kalkyl_dec r = sentinel(), s = sentinel();
    size_t i;
    for (i = 0; i < 1000; ++i)
        units[i] = (int64_t)i * 100 - 7;
    CHECK_ST(kalkyl_sum_units(units, 1000, 2, &r), KALKYL_OK);
    CHECK(is(&r, 999LL * 1000 / 2 * 100 - 7000, 2));
    /* No 64-bit wrap: 3 * INT64_MAX. */
    units[0] = units[1] = units[2] = INT64_MAX;
    CHECK_ST(kalkyl_sum_units(units, 3, 0, &r), KALKYL_OK);
    CHECK_TEXT(text_of(&r), "27670116110564327421");
    units[0] = units[1] = INT64_MIN;
    CHECK_ST(kalkyl_sum_units(units, 2, 28, &r), KALKYL_OK);
    CHECK(r.hi == -1 && r.lo == 0 && r.scale == 28);
    CHECK_ST(kalkyl_sum_units(NULL, 0, 2, &r), KALKYL_OK);
    CHECK(is(&r, 0, 2));

    r = sentinel();
    CHECK_ST(kalkyl_sum_units(units, 3, -1, &r), KALKYL_E_SCALE);
    CHECK_ERR("kalkyl_sum_units: scale -1 is outside 0..28");
    CHECK_ST(kalkyl_sum_units(units, 3, 29, &r), KALKYL_E_SCALE);
    CHECK_ST(kalkyl_sum_units(NULL, 3, 2, &r), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_sum_units: units is NULL but n is 3");
    CHECK_ST(kalkyl_sum_units(units, 3, 2, NULL), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_sum_units: out is NULL");
    CHECK(same(&r, &s));
}

static int all_sentinel(const kalkyl_dec* out, size_t n) {
    const kalkyl_dec s = sentinel();
    size_t i;
    for (i = 0; i < n; ++i)
        if (!same(&out[i], &s)) return 0;
    return 1;
}

static void fill_sentinel(kalkyl_dec* out, size_t n) {
    size_t i;
    for (i = 0; i < n; ++i)
        out[i] = sentinel();
}

static void test_parse_array(void) {
    /* A column as Arrow holds it: "61 173", "- 196,6", "178.503", "(1 234)". */
    const char buf[] = "61 173- 196,6178.503(1 234)";
    size_t offsets[5] = {0, 6, 13, 20, 27};
    size_t bad = 777;
    kalkyl_dec out[4];

    CHECK_ST(kalkyl_dec_parse_array(buf, offsets, 4, KALKYL_LOCALE_SV_SE, out, &bad), KALKYL_OK);
    CHECK(is(&out[0], 61173, 0) && is(&out[1], -1966, 1) && is(&out[2], 178503, 0) &&
          is(&out[3], -1234, 0));
    CHECK(bad == 777);
    /* offsets[0] need not be 0. */
    CHECK_ST(kalkyl_dec_parse_array(buf, offsets + 1, 2, KALKYL_LOCALE_SV_SE, out, &bad),
             KALKYL_OK);
    CHECK(is(&out[0], -1966, 1) && is(&out[1], 178503, 0));
    /* Empty: everything may be NULL but bad_index. */
    CHECK_ST(kalkyl_dec_parse_array(NULL, NULL, 0, KALKYL_LOCALE_C, NULL, &bad), KALKYL_OK);
    CHECK(bad == 777);

    /* The first bad element is named; out[] is untouched. */
    fill_sentinel(out, 4);
    CHECK_ST(kalkyl_dec_parse_array(buf, offsets, 4, KALKYL_LOCALE_C, out, &bad), KALKYL_E_PARSE);
    CHECK(bad == 1); /* "61 173" is C too; "- 196,6" is not */
    {
        const char b2[] =
            "1,5"
            "7.0"
            "12";
        size_t o2[4] = {0, 3, 6, 8};
        CHECK_ST(kalkyl_dec_parse_array(b2, o2, 3, KALKYL_LOCALE_SV_SE, out, &bad), KALKYL_E_PARSE);
        CHECK(bad == 1);
        CHECK_ERR("kalkyl_dec_parse_array: element 1: ");
        CHECK_ERR("7.0");
        CHECK(all_sentinel(out, 4));
        CHECK_ST(kalkyl_dec_parse_array(b2, o2, 3, KALKYL_LOCALE_AUTO, out, &bad), KALKYL_OK);
        CHECK(is(&out[0], 15, 1) && is(&out[1], 70, 1) && is(&out[2], 12, 0));
    }
    {
        const char b3[] =
            "5"
            "1,234"
            "123456789012345678901234567890123456789"
            "0,00000000000000000000000000001";
        size_t o3[5] = {0, 1, 6, 45, 76};
        fill_sentinel(out, 4);
        CHECK_ST(kalkyl_dec_parse_array(b3, o3, 4, KALKYL_LOCALE_AUTO, out, &bad),
                 KALKYL_E_AMBIGUOUS);
        CHECK(bad == 1);
        CHECK_ST(kalkyl_dec_parse_array(b3, o3 + 1, 3, KALKYL_LOCALE_SV_SE, out, &bad),
                 KALKYL_E_OVERFLOW);
        CHECK(bad == 1);
        CHECK_ST(kalkyl_dec_parse_array(b3, o3 + 3, 1, KALKYL_LOCALE_SV_SE, out, &bad),
                 KALKYL_E_SCALE);
        CHECK(bad == 0);
        CHECK(all_sentinel(out, 4));
    }
    /* Offsets that go backwards. */
    offsets[3] = 12;
    CHECK_ST(kalkyl_dec_parse_array(buf, offsets, 4, KALKYL_LOCALE_SV_SE, out, &bad),
             KALKYL_E_INVALID);
    CHECK(bad == 2);
    CHECK_ERR("kalkyl_dec_parse_array: offsets[2] = 13 is greater than offsets[3] = 12");
    offsets[3] = 20;
    offsets[2] = 5;
    CHECK_ST(kalkyl_dec_parse_array(buf, offsets, 4, KALKYL_LOCALE_SV_SE, out, &bad),
             KALKYL_E_INVALID);
    CHECK(bad == 1);
    offsets[2] = 13;
    CHECK(all_sentinel(out, 4));

    /* Failures not about one element: bad_index is SIZE_MAX. */
    bad = 777;
    CHECK_ST(kalkyl_dec_parse_array(buf, offsets, 4, bad_locale(9), out, &bad), KALKYL_E_INVALID);
    CHECK(bad == SIZE_MAX);
    CHECK_ERR("kalkyl_dec_parse_array: locale 9");
    bad = 777;
    CHECK_ST(kalkyl_dec_parse_array(NULL, offsets, 4, KALKYL_LOCALE_SV_SE, out, &bad),
             KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_parse_array: buf is NULL but n is 4");
    CHECK(bad == SIZE_MAX);
    CHECK_ST(kalkyl_dec_parse_array(buf, NULL, 4, KALKYL_LOCALE_SV_SE, out, &bad), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_parse_array: offsets is NULL but n is 4");
    CHECK_ST(kalkyl_dec_parse_array(buf, offsets, 4, KALKYL_LOCALE_SV_SE, NULL, &bad),
             KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_parse_array: out is NULL but n is 4");
    CHECK_ST(kalkyl_dec_parse_array(buf, offsets, 4, KALKYL_LOCALE_SV_SE, out, NULL),
             KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_parse_array: bad_index is NULL");
    CHECK(all_sentinel(out, 4));
    /* A column too large for any memory: the temporary array is refused
       before any offset is read (white-box: offsets has fewer entries). */
    bad = 777;
    CHECK_ST(kalkyl_dec_parse_array(buf, offsets, SIZE_MAX / 8, KALKYL_LOCALE_SV_SE, out, &bad),
             KALKYL_E_NO_MEMORY);
    CHECK(bad == SIZE_MAX);
    CHECK_ERR("kalkyl_dec_parse_array: ");
    CHECK(all_sentinel(out, 4));
}

static void test_parse_lines(void) {
    const char* t = "61 173\n- 196,6\n178.503\n";
    kalkyl_dec out[8];
    size_t count = 999, bad = 777;

    CHECK_ST(kalkyl_dec_parse_lines(t, strlen(t), '\n', KALKYL_LOCALE_SV_SE, out, 8, &count, &bad),
             KALKYL_OK);
    CHECK(count == 3 && bad == 777);
    CHECK(is(&out[0], 61173, 0) && is(&out[1], -1966, 1) && is(&out[2], 178503, 0));
    /* Without the trailing delimiter: the same three. */
    CHECK_ST(
        kalkyl_dec_parse_lines(t, strlen(t) - 1, '\n', KALKYL_LOCALE_SV_SE, out, 3, &count, &bad),
        KALKYL_OK);
    CHECK(count == 3);
    /* CRLF, semicolons, NUL-separated. */
    t = "1,5\r\n2\r\n";
    CHECK_ST(kalkyl_dec_parse_lines(t, strlen(t), '\n', KALKYL_LOCALE_SV_SE, out, 8, &count, &bad),
             KALKYL_OK);
    CHECK(count == 2 && is(&out[0], 15, 1) && is(&out[1], 2, 0));
    t = "1,5;-2;3";
    CHECK_ST(kalkyl_dec_parse_lines(t, strlen(t), ';', KALKYL_LOCALE_SV_SE, out, 8, &count, &bad),
             KALKYL_OK);
    CHECK(count == 3 && is(&out[2], 3, 0));
    CHECK_ST(kalkyl_dec_parse_lines("7\0"
                                    "8\0",
                                    4, '\0', KALKYL_LOCALE_C, out, 8, &count, &bad),
             KALKYL_OK);
    CHECK(count == 2 && is(&out[0], 7, 0) && is(&out[1], 8, 0));
    /* Empty text: no elements; buf and out may be NULL. */
    count = 999;
    CHECK_ST(kalkyl_dec_parse_lines(NULL, 0, '\n', KALKYL_LOCALE_C, NULL, 0, &count, &bad),
             KALKYL_OK);
    CHECK(count == 0);

    /* Sizing: out NULL, cap 0. */
    t = "1\n2\n3\n4\n5";
    fill_sentinel(out, 8);
    CHECK_ST(kalkyl_dec_parse_lines(t, strlen(t), '\n', KALKYL_LOCALE_C, NULL, 0, &count, &bad),
             KALKYL_E_BUFFER);
    CHECK(count == 5 && bad == SIZE_MAX);
    count = 999;
    bad = 777;
    CHECK_ST(kalkyl_dec_parse_lines(t, strlen(t), '\n', KALKYL_LOCALE_C, out, 4, &count, &bad),
             KALKYL_E_BUFFER);
    CHECK(count == 5 && bad == SIZE_MAX);
    CHECK_ERR("kalkyl_dec_parse_lines: the text holds 5 values; out has room for 4");
    CHECK(all_sentinel(out, 8));
    /* The count comes before parsing: a bad element does not hide the size. */
    t = "1\nx\n3";
    CHECK_ST(kalkyl_dec_parse_lines(t, strlen(t), '\n', KALKYL_LOCALE_C, out, 2, &count, &bad),
             KALKYL_E_BUFFER);
    CHECK(count == 3);

    /* Bad elements. */
    count = 999;
    CHECK_ST(kalkyl_dec_parse_lines(t, strlen(t), '\n', KALKYL_LOCALE_C, out, 8, &count, &bad),
             KALKYL_E_PARSE);
    CHECK(bad == 1 && count == 999);
    CHECK_ERR("kalkyl_dec_parse_lines: element 1: ");
    t = "1\n\n2";
    CHECK_ST(kalkyl_dec_parse_lines(t, strlen(t), '\n', KALKYL_LOCALE_C, out, 8, &count, &bad),
             KALKYL_E_PARSE);
    CHECK(bad == 1);
    t = "7,0\n7.0";
    CHECK_ST(kalkyl_dec_parse_lines(t, strlen(t), '\n', KALKYL_LOCALE_SV_SE, out, 8, &count, &bad),
             KALKYL_E_PARSE);
    CHECK(bad == 1);
    t = "1;1,234";
    CHECK_ST(kalkyl_dec_parse_lines(t, strlen(t), ';', KALKYL_LOCALE_AUTO, out, 8, &count, &bad),
             KALKYL_E_AMBIGUOUS);
    CHECK(bad == 1);
    t = "123456789012345678901234567890123456789";
    CHECK_ST(kalkyl_dec_parse_lines(t, strlen(t), ';', KALKYL_LOCALE_C, out, 8, &count, &bad),
             KALKYL_E_OVERFLOW);
    CHECK(bad == 0);
    t = "1;2;0.00000000000000000000000000001";
    CHECK_ST(kalkyl_dec_parse_lines(t, strlen(t), ';', KALKYL_LOCALE_C, out, 8, &count, &bad),
             KALKYL_E_SCALE);
    CHECK(bad == 2);
    CHECK(all_sentinel(out, 8) && count == 999);

    /* Arguments. */
    t = "1;2";
    bad = 777;
    CHECK_ST(kalkyl_dec_parse_lines(t, 3, ';', bad_locale(3), out, 8, &count, &bad),
             KALKYL_E_INVALID);
    CHECK(bad == SIZE_MAX);
    CHECK_ST(kalkyl_dec_parse_lines(t, 3, (char)0xA0, KALKYL_LOCALE_C, out, 8, &count, &bad),
             KALKYL_E_INVALID);
    CHECK_ERR("kalkyl_dec_parse_lines: delimiter 0xa0 is not an ASCII character");
    CHECK_ST(kalkyl_dec_parse_lines(NULL, 3, ';', KALKYL_LOCALE_C, out, 8, &count, &bad),
             KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_parse_lines: buf is NULL but len is 3");
    CHECK_ST(kalkyl_dec_parse_lines(t, 3, ';', KALKYL_LOCALE_C, NULL, 8, &count, &bad),
             KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_parse_lines: out is NULL but cap is 8");
    CHECK_ST(kalkyl_dec_parse_lines(t, 3, ';', KALKYL_LOCALE_C, out, 8, NULL, &bad), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_parse_lines: count is NULL");
    CHECK_ST(kalkyl_dec_parse_lines(t, 3, ';', KALKYL_LOCALE_C, out, 8, &count, NULL),
             KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_parse_lines: bad_index is NULL");
    CHECK(all_sentinel(out, 8) && count == 999);
}

static void test_format_array(void) {
    kalkyl_dec values[4];
    kalkyl_format f = fmt_of(KALKYL_LOCALE_SV_SE, -1, 0, KALKYL_ROUND_HALF_UP,
                             KALKYL_FMT_ASCII_SPACE),
                  g;
    char buf[64];
    size_t needed = 999, bad = 777, i;
    int untouched = 1;

    values[0] = num(1234, 0);
    values[1] = num(-5, 0);
    values[2] = num(5, 1);
    values[3] = num(123464, 0);
    CHECK_ST(kalkyl_dec_format_array(values, 3, &f, ';', buf, sizeof buf, &needed, &bad),
             KALKYL_OK);
    CHECK_TEXT(buf, "1 234;-5;0,5");
    CHECK(needed == 13 && bad == 777);
    f.flags = 0;
    CHECK_ST(kalkyl_dec_format_array(values, 2, &f, ';', buf, sizeof buf, &needed, &bad),
             KALKYL_OK);
    CHECK_TEXT(buf, "1" NBSP "234;-5");
    f.decimals = 1;
    CHECK_ST(kalkyl_dec_format_array(values + 2, 2, &f, '\n', buf, sizeof buf, &needed, &bad),
             KALKYL_OK);
    CHECK_TEXT(buf, "0,5\n123" NBSP "464,0");
    /* Empty: "" and its NUL. */
    CHECK_ST(kalkyl_dec_format_array(NULL, 0, &f, ';', buf, sizeof buf, &needed, &bad), KALKYL_OK);
    CHECK_TEXT(buf, "");
    CHECK(needed == 1);
    /* NUL-separated. */
    f = fmt_of(KALKYL_LOCALE_C, -1, 0, KALKYL_ROUND_HALF_UP, 0);
    CHECK_ST(kalkyl_dec_format_array(values, 2, &f, '\0', buf, sizeof buf, &needed, &bad),
             KALKYL_OK);
    CHECK(needed == 9 && memcmp(buf, "1,234\0-5\0", 9) == 0);

    /* Too small: *needed, nothing in buf. */
    memset(buf, '#', sizeof buf);
    needed = 0;
    bad = 777;
    CHECK_ST(kalkyl_dec_format_array(values, 3, &f, ';', buf, 11, &needed, &bad), KALKYL_E_BUFFER);
    CHECK(needed == 13 && bad == SIZE_MAX);
    for (i = 0; i < sizeof buf; ++i)
        if (buf[i] != '#') untouched = 0;
    CHECK(untouched);
    CHECK_ST(kalkyl_dec_format_array(values, 3, &f, ';', NULL, 0, &needed, &bad), KALKYL_E_BUFFER);
    CHECK(needed == 13);
    CHECK_ST(kalkyl_dec_format_array(values, 3, &f, ';', buf, 13, &needed, &bad), KALKYL_OK);
    CHECK_TEXT(buf, "1,234;-5;0.5");

    /* Bad elements: *bad_index names it, buf untouched. */
    memset(buf, '#', sizeof buf);
    needed = 999;
    values[2] = raw(1, 0, 0, 1);
    CHECK_ST(kalkyl_dec_format_array(values, 3, &f, ';', buf, sizeof buf, &needed, &bad),
             KALKYL_E_INVALID);
    CHECK(bad == 2);
    CHECK_ERR("kalkyl_dec_format_array: values[2]: reserved is 1");
    values[2] = raw(1, 0, 29, 0);
    CHECK_ST(kalkyl_dec_format_array(values, 3, &f, ';', buf, sizeof buf, &needed, &bad),
             KALKYL_E_SCALE);
    CHECK(bad == 2);
    values[2] = digits39();
    CHECK_ST(kalkyl_dec_format_array(values, 3, &f, ';', buf, sizeof buf, &needed, &bad),
             KALKYL_E_OVERFLOW);
    CHECK(bad == 2);
    values[2] = max38(0);
    g = f;
    g.decimals = 1; /* the third cannot be padded to one decimal */
    CHECK_ST(kalkyl_dec_format_array(values, 3, &g, ';', buf, sizeof buf, &needed, &bad),
             KALKYL_E_OVERFLOW);
    CHECK(bad == 2);
    CHECK_ERR("kalkyl_dec_format_array: ");
    CHECK(buf[0] == '#' && needed == 999);

    /* Failures not about one element. */
    values[2] = num(5, 1);
    bad = 777;
    g = f;
    g.flags = 64;
    CHECK_ST(kalkyl_dec_format_array(values, 3, &g, ';', buf, sizeof buf, &needed, &bad),
             KALKYL_E_INVALID);
    CHECK(bad == SIZE_MAX);
    g = f;
    g.decimals = 30;
    CHECK_ST(kalkyl_dec_format_array(values, 3, &g, ';', buf, sizeof buf, &needed, &bad),
             KALKYL_E_SCALE);
    CHECK(bad == SIZE_MAX);
    CHECK_ST(kalkyl_dec_format_array(values, 3, &f, (char)0xE2, buf, sizeof buf, &needed, &bad),
             KALKYL_E_INVALID);
    CHECK_ERR("kalkyl_dec_format_array: delimiter 0xe2");
    CHECK_ST(kalkyl_dec_format_array(NULL, 3, &f, ';', buf, sizeof buf, &needed, &bad),
             KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_format_array: values is NULL but n is 3");
    CHECK_ST(kalkyl_dec_format_array(values, 3, NULL, ';', buf, sizeof buf, &needed, &bad),
             KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_format_array: fmt is NULL");
    CHECK_ST(kalkyl_dec_format_array(values, 3, &f, ';', NULL, 8, &needed, &bad), KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_format_array: buf is NULL but cap is 8");
    CHECK(bad == SIZE_MAX);
    CHECK_ST(kalkyl_dec_format_array(values, 3, &f, ';', buf, sizeof buf, NULL, &bad),
             KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_format_array: needed is NULL");
    CHECK_ST(kalkyl_dec_format_array(values, 3, &f, ';', buf, sizeof buf, &needed, NULL),
             KALKYL_E_NULL);
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_format_array: bad_index is NULL");
    CHECK(buf[0] == '#' && needed == 999);
}

/* A column parsed, summed and written back: what an ERP export does. */
static void test_round_trip_column(void) {
    enum { N = 100000 };
    static kalkyl_dec column[N], back[N];
    static char text[N * 24];
    static int64_t units[N];
    size_t needed = 0, bad = 0, count = 0, i;
    kalkyl_dec total, total_units;
    int cmp = 99, equal = 1;
    kalkyl_format f = fmt_of(KALKYL_LOCALE_SV_SE, -1, 0, KALKYL_ROUND_HALF_UP, 0);
    for (i = 0; i < N; ++i) {
        units[i] = (int64_t)((i * 2654435761u) % 20000001u) - 10000000;
        column[i] = num(units[i], 2);
    }
    CHECK_ST(kalkyl_dec_format_array(column, N, &f, '\n', text, sizeof text, &needed, &bad),
             KALKYL_OK);
    CHECK_ST(
        kalkyl_dec_parse_lines(text, needed - 1, '\n', KALKYL_LOCALE_SV_SE, back, N, &count, &bad),
        KALKYL_OK);
    CHECK(count == N);
    for (i = 0; i < N; ++i)
        if (!same(&back[i], &column[i])) equal = 0;
    CHECK(equal);
    CHECK_ST(kalkyl_sum(back, N, &total), KALKYL_OK);
    CHECK_ST(kalkyl_sum_units(units, N, 2, &total_units), KALKYL_OK);
    CHECK_ST(kalkyl_dec_cmp(&total, &total_units, &cmp), KALKYL_OK);
    CHECK(cmp == 0 && same(&total, &total_units));
}

/* --- threads ------------------------------------------------------------------- */

enum { THREADS = 8, ROUNDS = 3000 };

typedef struct {
    int id;
    int passed;
    int failed;
} worker;

static void* work(void* arg) {
    worker* w = (worker*)arg;
    char own_scale[96], own_text[16], own_parse[64];
    kalkyl_dec a, b, r;
    int i;
#define WCHECK(cond)                                                                              \
    do {                                                                                          \
        if (cond) {                                                                               \
            ++w->passed;                                                                          \
        } else {                                                                                  \
            ++w->failed;                                                                          \
            fprintf(stderr, "thread %d round %d: FAILED: %s (last error: %s)\n", w->id, i, #cond, \
                    kalkyl_last_error());                                                         \
        }                                                                                         \
    } while (0)
    i = -1;
    /* A new thread starts with "", whatever the others have failed. */
    WCHECK(strcmp(kalkyl_last_error(), "") == 0);
    snprintf(own_scale, sizeof own_scale, "kalkyl_dec_from_int: scale %d is outside 0..28",
             100 + w->id);
    snprintf(own_text, sizeof own_text, "x%dy", w->id);
    snprintf(own_parse, sizeof own_parse, "\"x%dy\"", w->id);
    for (i = 0; i < ROUNDS; ++i) {
        /* A failure of this thread's own... */
        WCHECK(kalkyl_dec_from_int(1, 100 + w->id, &r) == KALKYL_E_SCALE);
        WCHECK(strcmp(kalkyl_last_error(), own_scale) == 0);
        /* ...survives this thread's successes... */
        a = num(w->id, 0);
        b = num(i, 2);
        WCHECK(kalkyl_dec_add(&a, &b, &r) == KALKYL_OK);
        WCHECK(is(&r, (int64_t)w->id * 100 + i, 2));
        WCHECK(strcmp(kalkyl_last_error(), own_scale) == 0);
        /* ...and another of its own replaces it, message allocated on the way. */
        WCHECK(kalkyl_dec_parse(own_text, strlen(own_text), KALKYL_LOCALE_SV_SE, &r) ==
               KALKYL_E_PARSE);
        WCHECK(strncmp(kalkyl_last_error(), "kalkyl_dec_parse: ", 18) == 0);
        WCHECK(strstr(kalkyl_last_error(), own_parse) != NULL);
        WCHECK(kalkyl_dec_div(&a, &b, 1, KALKYL_ROUND_HALF_UP, &r) ==
               (i == 0 ? KALKYL_E_DIV_ZERO : KALKYL_OK));
        if (i != 0) WCHECK(strstr(kalkyl_last_error(), own_parse) != NULL);
    }
#undef WCHECK
    return NULL;
}

static void test_threads(void) {
    pthread_t threads[THREADS];
    worker workers[THREADS];
    int i;
    /* This thread has failed many times already; the workers must not see it. */
    kalkyl_dec r;
    CHECK_ST(kalkyl_dec_from_int(0, 99, &r), KALKYL_E_SCALE);
    for (i = 0; i < THREADS; ++i) {
        workers[i].id = i;
        workers[i].passed = workers[i].failed = 0;
        CHECK(pthread_create(&threads[i], NULL, work, &workers[i]) == 0);
    }
    for (i = 0; i < THREADS; ++i) {
        CHECK(pthread_join(threads[i], NULL) == 0);
        /* One check per thread: all of its rounds passed. */
        CHECK(workers[i].failed == 0 && workers[i].passed > 0);
    }
    CHECK_TEXT(kalkyl_last_error(), "kalkyl_dec_from_int: scale 99 is outside 0..28");
}

int main(void) {
    test_last_error_initially_empty();
    test_versions();
    test_status_names();
    test_last_error_is_kept_until_the_next_failure();
    test_long_messages_are_cut_at_a_character_boundary();
    test_from_int();
    test_add_sub();
    test_mul();
    test_div();
    test_round();
    test_cmp();
    test_to_double();
    test_parse();
    test_format();
    test_format_buffer();
    test_format_failures();
    test_sum();
    test_sum_units();
    test_parse_array();
    test_parse_lines();
    test_format_array();
    test_round_trip_column();
    test_threads();
    printf("capi: %d passed, %d failed\n", g_passed, g_failed);
    return g_failed == 0 ? 0 : 1;
}
