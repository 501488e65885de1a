/*
** kalkyl.h: the stable C ABI of kalkyl.
**
** kalkyl does the arithmetic of a Swedish municipal budget follow-up exactly:
** decimal amounts of up to 38 digits, explicit rounding, Swedish number text.
** This header is the whole C interface and its manual.
**
** (Skeleton of declarations agreed for the first release; the full manual
** comments are written with the implementation.)
*/
#ifndef KALKYL_H
#define KALKYL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(KALKYL_STATIC)
#define KALKYL_API
#elif defined(_WIN32)
#if defined(KALKYL_BUILDING_LIBRARY)
#define KALKYL_API __declspec(dllexport)
#else
#define KALKYL_API __declspec(dllimport)
#endif
#else
#define KALKYL_API __attribute__((visibility("default")))
#endif

#define KALKYL_VERSION_MAJOR 0
#define KALKYL_VERSION_MINOR 1
#define KALKYL_VERSION_PATCH 0
#define KALKYL_VERSION "0.1.0"
#define KALKYL_ABI_VERSION 1

typedef struct kalkyl_dec {
    uint64_t lo;       /* low 64 bits of the two's-complement mantissa */
    int64_t hi;        /* high 64 bits */
    int32_t scale;     /* value = mantissa * 10^-scale, 0..28 */
    uint32_t reserved; /* 0 */
} kalkyl_dec;

typedef enum kalkyl_status {
    KALKYL_OK = 0,
    KALKYL_E_NULL = 1,
    KALKYL_E_PARSE = 2,
    KALKYL_E_AMBIGUOUS = 3,
    KALKYL_E_OVERFLOW = 4,
    KALKYL_E_DIV_ZERO = 5,
    KALKYL_E_SCALE = 6,
    KALKYL_E_BUFFER = 7,
    KALKYL_E_INVALID = 8,
    KALKYL_E_NO_MEMORY = 9,
    KALKYL_E_INTERNAL = 10
} kalkyl_status;

typedef enum kalkyl_rounding {
    KALKYL_ROUND_HALF_UP = 0,
    KALKYL_ROUND_HALF_EVEN = 1,
    KALKYL_ROUND_HALF_DOWN = 2,
    KALKYL_ROUND_DOWN = 3,
    KALKYL_ROUND_UP = 4,
    KALKYL_ROUND_FLOOR = 5,
    KALKYL_ROUND_CEILING = 6
} kalkyl_rounding;

typedef enum kalkyl_locale {
    KALKYL_LOCALE_C = 0,
    KALKYL_LOCALE_SV_SE = 1,
    KALKYL_LOCALE_AUTO = 2 /* parsing only: either profile; two readings -> KALKYL_E_AMBIGUOUS */
} kalkyl_locale;

#define KALKYL_FMT_NO_GROUPING 1u
#define KALKYL_FMT_ASCII_SPACE 2u
#define KALKYL_FMT_UNICODE_MINUS 4u
#define KALKYL_FMT_PARENS 8u
#define KALKYL_FMT_PLUS 16u

typedef struct kalkyl_format {
    uint32_t size;          /* sizeof(kalkyl_format): lets the struct grow */
    int32_t locale;         /* kalkyl_locale (C or SV_SE) */
    int32_t decimals;       /* digits after the mark; -1 keeps the value's own scale */
    int32_t unit_exponent;  /* 0 kr, 3 tkr, 6 mnkr: the value is divided by 10^unit_exponent first */
    int32_t rounding;       /* kalkyl_rounding used when digits are dropped */
    uint32_t flags;         /* KALKYL_FMT_* */
} kalkyl_format;

KALKYL_API kalkyl_status kalkyl_dec_parse(const char *text, size_t len, kalkyl_locale locale, kalkyl_dec *out);
KALKYL_API kalkyl_status kalkyl_dec_format(const kalkyl_dec *v, const kalkyl_format *fmt, char *buf, size_t cap,
                                           size_t *needed);
KALKYL_API kalkyl_status kalkyl_dec_from_int(int64_t units, int32_t scale, kalkyl_dec *out);
KALKYL_API kalkyl_status kalkyl_dec_add(const kalkyl_dec *a, const kalkyl_dec *b, kalkyl_dec *out);
KALKYL_API kalkyl_status kalkyl_dec_sub(const kalkyl_dec *a, const kalkyl_dec *b, kalkyl_dec *out);
KALKYL_API kalkyl_status kalkyl_dec_mul(const kalkyl_dec *a, const kalkyl_dec *b, kalkyl_dec *out);
KALKYL_API kalkyl_status kalkyl_dec_div(const kalkyl_dec *a, const kalkyl_dec *b, int32_t scale,
                                        kalkyl_rounding mode, kalkyl_dec *out);
KALKYL_API kalkyl_status kalkyl_dec_round(const kalkyl_dec *a, int32_t scale, kalkyl_rounding mode,
                                          kalkyl_dec *out);
KALKYL_API kalkyl_status kalkyl_dec_cmp(const kalkyl_dec *a, const kalkyl_dec *b, int *out);
KALKYL_API kalkyl_status kalkyl_dec_to_double(const kalkyl_dec *a, double *out);
KALKYL_API kalkyl_status kalkyl_sum(const kalkyl_dec *values, size_t n, kalkyl_dec *out);

/* Columns. */
KALKYL_API kalkyl_status kalkyl_sum_units(const int64_t *units, size_t n, int32_t scale, kalkyl_dec *out);
/* Element i is buf[offsets[i] .. offsets[i+1]); offsets has n+1 entries (Arrow's string layout).
   On failure *bad_index is the element, out[] is untouched. */
KALKYL_API kalkyl_status kalkyl_dec_parse_array(const char *buf, const size_t *offsets, size_t n,
                                                kalkyl_locale locale, kalkyl_dec *out, size_t *bad_index);
/* buf[0..len) split at `delimiter` (a trailing delimiter ends the last element, it does not start an empty
   one); at most cap values; *count receives how many there are. On KALKYL_E_BUFFER *count is the number
   needed and out[] is untouched. */
KALKYL_API kalkyl_status kalkyl_dec_parse_lines(const char *buf, size_t len, char delimiter, kalkyl_locale locale,
                                                kalkyl_dec *out, size_t cap, size_t *count, size_t *bad_index);
/* The n values formatted and joined by `delimiter`, NUL-terminated; *needed counts the NUL. */
KALKYL_API kalkyl_status kalkyl_dec_format_array(const kalkyl_dec *values, size_t n, const kalkyl_format *fmt,
                                                 char delimiter, char *buf, size_t cap, size_t *needed,
                                                 size_t *bad_index);

KALKYL_API const char *kalkyl_status_name(kalkyl_status s);
KALKYL_API const char *kalkyl_last_error(void);
KALKYL_API const char *kalkyl_version(void);
KALKYL_API uint32_t kalkyl_abi_version(void);

#ifdef __cplusplus
}
#endif

#endif /* KALKYL_H */
