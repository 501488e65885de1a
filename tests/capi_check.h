/*
** capi_check.h: the small harness the C ABI tests share (no framework).
**
** CHECK(cond), CHECK_ST(call, status) and CHECK_ERR(text in the last error)
** count passes and failures in g_passed and g_failed and print each failure
** with its file and line; a test's main prints "NAME: N passed, M failed"
** and returns non-zero when anything failed.
*/
#ifndef KALKYL_TESTS_CAPI_CHECK_H
#define KALKYL_TESTS_CAPI_CHECK_H

#include <stdio.h>
#include <string.h>

#include "kalkyl.h"

static int g_passed;
static int g_failed;

static inline void check(int ok, const char* what, const char* file, int line) {
    if (ok) {
        ++g_passed;
    } else {
        ++g_failed;
        fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, what);
    }
}

static inline void check_status(kalkyl_status got, kalkyl_status want, const char* call,
                                const char* file, int line) {
    if (got == want) {
        ++g_passed;
    } else {
        ++g_failed;
        fprintf(stderr, "%s:%d: FAILED: %s\n  returned %s, expected %s\n  last error: %s\n", file,
                line, call, kalkyl_status_name(got), kalkyl_status_name(want), kalkyl_last_error());
    }
}

static inline void check_error_has(const char* needle, const char* file, int line) {
    const char* msg = kalkyl_last_error();
    if (msg != NULL && strstr(msg, needle) != NULL) {
        ++g_passed;
    } else {
        ++g_failed;
        fprintf(stderr, "%s:%d: FAILED: last error \"%s\" does not contain \"%s\"\n", file, line,
                msg ? msg : "(NULL)", needle);
    }
}

#define CHECK(cond) check((cond) != 0, #cond, __FILE__, __LINE__)
#define CHECK_ST(call, want) check_status((call), (want), #call, __FILE__, __LINE__)
#define CHECK_ERR(needle) check_error_has((needle), __FILE__, __LINE__)

#endif /* KALKYL_TESTS_CAPI_CHECK_H */
