/*
** Eight threads use the C ABI (capi/kalkyl.h) at once, as a spreadsheet
** add-in or an ERP server does: parsing, formatting, arithmetic, columns,
** allocation, unit costs and checks, each thread with its own figures and its
** own failures. Every thread checks its own results and that
** kalkyl_last_error() only ever shows its own last failure: a message that
** names another thread's text, scale or index is a crossed message.
**
** Built for every preset (c.threads); the tsan preset runs it under
** ThreadSanitizer, which reports any data race inside the library.
*/
#define _POSIX_C_SOURCE 200809L

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kalkyl.h"

enum { THREADS = 8, ROUNDS = 2000 };

typedef struct {
    int id;
    long passed;
    long failed;
} worker;

static kalkyl_dec dv(int64_t units, int32_t scale) {
    kalkyl_dec d;
    d.lo = (uint64_t)units;
    d.hi = units < 0 ? -1 : 0;
    d.scale = scale;
    d.reserved = 0;
    return d;
}

static int is(const kalkyl_dec* d, int64_t units, int32_t scale) {
    return d->lo == (uint64_t)units && d->hi == (units < 0 ? -1 : 0) && d->scale == scale &&
           d->reserved == 0;
}

/* Does the message name another thread's token "t<id>:"? */
static int names_another(const char* msg, int self) {
    int t;
    char token[16];
    for (t = 0; t < THREADS; ++t) {
        if (t == self) continue;
        snprintf(token, sizeof token, "t%dq", t);
        if (strstr(msg, token) != NULL) return 1;
    }
    return 0;
}

static void* work(void* arg) {
    worker* w = (worker*)arg;
    const int id = w->id;
    char own_text[32], own_scale[80], text[128], column[256];
    kalkyl_dec a, b, r, values[4], parts[4], net, per;
    kalkyl_format fmt;
    size_t needed, count, bad;
    int i, cmp;
#define WCHECK(cond)                                                                            \
    do {                                                                                        \
        if (cond) {                                                                             \
            ++w->passed;                                                                        \
        } else {                                                                                \
            ++w->failed;                                                                        \
            fprintf(stderr, "thread %d round %d line %d: FAILED: %s (last error: %s)\n", id, i, \
                    __LINE__, #cond, kalkyl_last_error());                                      \
        }                                                                                       \
    } while (0)
    i = -1;
    WCHECK(strcmp(kalkyl_last_error(), "") == 0);
    memset(&fmt, 0, sizeof fmt);
    fmt.size = sizeof fmt;
    fmt.locale = KALKYL_LOCALE_SV_SE;
    fmt.decimals = 2;
    fmt.rounding = KALKYL_ROUND_HALF_UP;
    fmt.flags = KALKYL_FMT_ASCII_SPACE;
    snprintf(own_text, sizeof own_text, "t%dq", id);
    snprintf(own_scale, sizeof own_scale, "kalkyl_dec_from_int: scale %d is outside 0..28",
             200 + id);
    for (i = 0; i < ROUNDS; ++i) {
        const int64_t units = (int64_t)id * 1000000 + i;
        /* Parse and format this thread's own number. */
        snprintf(text, sizeof text, "%lld,%02d", (long long)units, i % 100);
        WCHECK(kalkyl_dec_parse(text, strlen(text), KALKYL_LOCALE_SV_SE, &a) == KALKYL_OK);
        WCHECK(is(&a, units * 100 + i % 100, 2));
        WCHECK(kalkyl_dec_format(&a, &fmt, text, sizeof text, &needed) == KALKYL_OK);
        WCHECK(kalkyl_dec_parse(text, needed - 1, KALKYL_LOCALE_SV_SE, &b) == KALKYL_OK);
        WCHECK(kalkyl_dec_cmp(&a, &b, &cmp) == KALKYL_OK && cmp == 0);

        /* A failure of its own, which its successes keep. */
        WCHECK(kalkyl_dec_parse(own_text, strlen(own_text), KALKYL_LOCALE_AUTO, &r) ==
               KALKYL_E_PARSE);
        WCHECK(strstr(kalkyl_last_error(), own_text) != NULL);
        b = dv(id + 1, 0);
        WCHECK(kalkyl_dec_div(&a, &b, 4, KALKYL_ROUND_HALF_EVEN, &r) == KALKYL_OK);
        WCHECK(kalkyl_dec_mul(&r, &b, &r) == KALKYL_OK);
        WCHECK(strstr(kalkyl_last_error(), own_text) != NULL);
        WCHECK(!names_another(kalkyl_last_error(), id));

        /* Another failure of its own replaces it. */
        WCHECK(kalkyl_dec_from_int(1, 200 + id, &r) == KALKYL_E_SCALE);
        WCHECK(strcmp(kalkyl_last_error(), own_scale) == 0);

        /* A column: parse, sum, allocate. */
        snprintf(column, sizeof column, "%d\n%d,5\n-%d\n%d", id, i, id, i % 7);
        WCHECK(kalkyl_dec_parse_lines(column, strlen(column), '\n', KALKYL_LOCALE_SV_SE, values, 4,
                                      &count, &bad) == KALKYL_OK &&
               count == 4);
        WCHECK(kalkyl_sum(values, 4, &r) == KALKYL_OK &&
               is(&r, (int64_t)(i * 10 + 5 + (i % 7) * 10), 1));
        WCHECK(kalkyl_allocate(&r, values + 1, 1, 1, parts) == KALKYL_OK ||
               (i == 0 && strstr(kalkyl_last_error(), "kalkyl_allocate") != NULL));

        /* A batch failure at this thread's own index. */
        snprintf(column, sizeof column, "1\n2\n3\n%s", own_text);
        WCHECK(kalkyl_dec_parse_lines(column, strlen(column), '\n', KALKYL_LOCALE_C, values, 4,
                                      &count, &bad) == KALKYL_E_PARSE &&
               bad == 3);
        WCHECK(strstr(kalkyl_last_error(), own_text) != NULL &&
               !names_another(kalkyl_last_error(), id));

        /* Unit cost (Uppsala aug 2024, 5731, tkr) and a check of it. */
        a = dv(124998 + id, 0);
        b = dv(1534, 0);
        r = dv(22939, 0);
        WCHECK(kalkyl_unit_cost(&a, &b, &r, 1, KALKYL_ROUND_HALF_UP, &net, &per) == KALKYL_OK);
        WCHECK(is(&per, 54, 1));
        r = dv(0, 0);
        WCHECK(kalkyl_unit_cost(&a, &b, &r, 1, KALKYL_ROUND_HALF_UP, &net, &per) ==
               KALKYL_E_INVALID);
        WCHECK(strncmp(kalkyl_last_error(), "kalkyl_unit_cost: ", 18) == 0);
    }
#undef WCHECK
    return NULL;
}

int main(void) {
    pthread_t threads[THREADS];
    worker workers[THREADS];
    kalkyl_dec r;
    long passed = 0, failed = 0;
    int i;
    if (kalkyl_dec_from_int(0, 99, &r) != KALKYL_E_SCALE) failed++;
    for (i = 0; i < THREADS; ++i) {
        workers[i].id = i;
        workers[i].passed = workers[i].failed = 0;
        if (pthread_create(&threads[i], NULL, work, &workers[i]) != 0) {
            fprintf(stderr, "pthread_create failed\n");
            return 2;
        }
    }
    for (i = 0; i < THREADS; ++i) {
        pthread_join(threads[i], NULL);
        passed += workers[i].passed;
        failed += workers[i].failed;
    }
    /* The main thread's message is its own, whatever the workers did. */
    if (strcmp(kalkyl_last_error(), "kalkyl_dec_from_int: scale 99 is outside 0..28") != 0) {
        fprintf(stderr, "main thread's last error crossed: %s\n", kalkyl_last_error());
        failed++;
    }
    printf("threads: %d threads x %d rounds, %ld passed, %ld failed\n", THREADS, ROUNDS, passed,
           failed);
    return failed == 0 ? 0 : 1;
}
