/*
** kalkyl.h: the stable C ABI of kalkyl, and its manual.
**
** kalkyl does the arithmetic of a Swedish municipal budget follow-up exactly:
** decimal amounts of up to 38 significant digits, rounding only where the
** caller names a rounding mode, and amounts read and written the way Swedish
** reports print them ("−1 234,5", "- 196,6", "178.503", "61 173 tkr"). ERP
** systems link it through this header, Python calls it through ctypes and
** spreadsheet add-ins embed it. This header is the whole C interface.
**
** ----------------------------------------------------------------------------
** VALUES: kalkyl_dec
**
**   A kalkyl_dec is the number  mantissa * 10^-scale  where
**     - mantissa is a signed 128-bit two's-complement integer split into lo
**       (bits 0..63) and hi (bits 64..127, with the sign), and its magnitude
**       is at most 10^38 - 1 (38 decimal digits);
**     - scale is the number of digits after the decimal mark, 0..28;
**     - reserved is 0.
**   So 1 234,56 is {lo = 123456, hi = 0, scale = 2}; -5 is {lo = 2^64 - 5,
**   hi = -1, scale = 0}. A zero-filled kalkyl_dec is the number 0.
**   Build values with kalkyl_dec_from_int() or kalkyl_dec_parse() rather than
**   by hand; read them with kalkyl_dec_format() (or, lossily, for charts,
**   kalkyl_dec_to_double()).
**
**   The scale is part of the value as written: "1,50" parses to scale 2 and
**   formats back as "1,50". Values that are equal whatever their scale (1,5
**   and 1,50) compare equal with kalkyl_dec_cmp(); do not compare the structs
**   with memcmp().
**
**   Every function checks every kalkyl_dec it reads, and refuses
**     reserved != 0                           with KALKYL_E_INVALID,
**     scale outside 0..28                     with KALKYL_E_SCALE,
**     |mantissa| >= 10^38 (39 digits or more) with KALKYL_E_OVERFLOW,
**   checked in that order; the message names the argument.
**
**   Values are always passed by pointer so that every FFI (ctypes, VBA
**   Declare, JNA, P/Invoke, LibreOffice Basic) can call these functions.
**   Nothing here ever passes an amount through binary floating point;
**   kalkyl_dec_to_double() is the one documented lossy exit.
**
** ----------------------------------------------------------------------------
** ERRORS
**
**   Every function that can fail returns a kalkyl_status: KALKYL_OK (0) or
**   the reason for the failure. Results go to out-pointers, which are written
**   only on success: when a function fails, NOTHING is written to its outputs
**   (the exceptions are named where they apply: the size a too-small buffer
**   needs, and the index of the bad element of a batch call).
**
**   kalkyl_last_error() returns a message that explains the last failure on
**   the calling thread, in English, naming the function and the argument
**   ("kalkyl_dec_add: b is NULL"). kalkyl_status_name() names a code
**   ("KALKYL_E_OVERFLOW"). A NULL pointer or an argument out of range is a
**   status, never a crash (as long as a non-NULL pointer points to what the
**   function documents, of the documented size). No C++ exception ever leaves
**   the library.
**
**   The codes: see enum kalkyl_status below. Codes are never renumbered and
**   never reused; a later release may add codes, so treat an unknown code as
**   a failure.
**
** ----------------------------------------------------------------------------
** MEMORY
**
**   kalkyl never allocates memory that the caller must free, with two
**   exceptions: a follow-up ledger (kalkyl_ledger_new, kalkyl_sie_to_ledger)
**   is an opaque handle that the caller frees with kalkyl_ledger_free, and a
**   read SIE file (kalkyl_sie_read) one freed with kalkyl_sie_free. Every result is written
**   into memory the caller provides: a kalkyl_dec, an array, or a text
**   buffer with its capacity. The strings returned by
**   kalkyl_status_name() and kalkyl_version() are static; the one returned by
**   kalkyl_last_error() belongs to the calling thread (see there). Batch
**   functions may allocate temporary memory internally and release it before
**   they return; when that fails they return KALKYL_E_NO_MEMORY.
**
**   The library keeps no pointer the caller passed after the call returns
**   (a ledger copies the ids, names and values it is given).
**
** ----------------------------------------------------------------------------
** THREADS
**
**   Every function is thread-safe and may be called from any number of
**   threads at once. kalkyl has no global mutable state except the
**   per-thread message behind kalkyl_last_error(), and no initialisation or
**   shutdown call. The caller must not modify an input while a call reads it,
**   nor let two concurrent calls write the same output. A ledger handle is
**   the one object with state: calls on different ledgers may run at once,
**   but calls on the same ledger need the caller's lock. A kalkyl_sie handle
**   is read-only once made and needs no lock.
**
** ----------------------------------------------------------------------------
** TEXT
**
**   Text in and out is UTF-8. Input text is given as a pointer and a length
**   in bytes (it need not be NUL-terminated, and a NUL byte in it is just an
**   invalid character). Output text is written into a caller's buffer of
**   `cap` bytes and is NUL-terminated; the function reports the size needed,
**   including the NUL, and writes nothing at all into the buffer when it does
**   not fit (KALKYL_E_BUFFER).
**
**   Two profiles, chosen by kalkyl_locale:
**     KALKYL_LOCALE_SV_SE reads what Swedish reports print: "61 173",
**       "178.503" (a dot is only ever a thousands separator), "-23,5",
**       "- 196,6", "−4" (U+2212), no-break (U+00A0) and narrow no-break
**       (U+202F) spaces between digit groups, "(1 234)" for a negative. It
**       refuses "7.0": in Swedish that is not a number.
**     KALKYL_LOCALE_C reads "-1234.5" and "1,234.5".
**     KALKYL_LOCALE_AUTO (reading only) accepts either profile; a text that
**       both read as different numbers ("1,234", "1.234") is
**       KALKYL_E_AMBIGUOUS: kalkyl never guesses.
**   Leading and trailing white space (ASCII, U+00A0, U+202F) is allowed
**   around a number; anything else is KALKYL_E_PARSE.
**
** ----------------------------------------------------------------------------
** VERSIONS AND STABILITY
**
**   KALKYL_VERSION is the release ("0.1.0"), kalkyl_version() the release of
**   the library actually loaded. KALKYL_ABI_VERSION is the ABI major version,
**   which is also the SONAME's number (libkalkyl.so.1); kalkyl_abi_version()
**   returns the loaded library's.
**
**   Everything declared in this header is the stable ABI 1: within ABI 1 no
**   function, type, struct layout, enum value or flag bit is removed or
**   changed, and a committed baseline (capi/abi/) is compared with every
**   build so that an incompatible change fails. Later ABI 1 releases may add
**   functions, status codes, flag bits and fields at the end of
**   kalkyl_format (found through its `size` member). Declarations that are
**   not yet stable are placed in a section marked EXPERIMENTAL at the end of
**   this header and are not covered by these promises.
**
** ----------------------------------------------------------------------------
** EXAMPLE
**
**   Uppsala, delårsbokslut augusti 2024, 5731: nettokostnad per vårddygn.
**
**     kalkyl_dec cost, revenue, net, days, per_day;
**     char text[64];
**     size_t needed;
**     kalkyl_format fmt = {sizeof(kalkyl_format), KALKYL_LOCALE_SV_SE, -1, 0,
**                          KALKYL_ROUND_HALF_UP, 0};
**
**     if (kalkyl_dec_parse("124 998", 7, KALKYL_LOCALE_SV_SE, &cost) != KALKYL_OK
**         || kalkyl_dec_from_int(1534, 0, &revenue) != KALKYL_OK
**         || kalkyl_dec_sub(&cost, &revenue, &net) != KALKYL_OK            (123 464)
**         || kalkyl_dec_from_int(22939, 0, &days) != KALKYL_OK
**         || kalkyl_dec_div(&net, &days, 1, KALKYL_ROUND_HALF_UP, &per_day) != KALKYL_OK
**         || kalkyl_dec_format(&per_day, &fmt, text, sizeof text, &needed) != KALKYL_OK)
**         fprintf(stderr, "kalkyl: %s\n", kalkyl_last_error());
**     else
**         printf("%s tkr\n", text);                                         ("5,4 tkr")
*/
#ifndef KALKYL_H
#define KALKYL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
** KALKYL_API marks the exported functions. Define KALKYL_STATIC when linking
** the static library (the CMake target kalkyl::kalkyl_static does).
*/
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

/* The release this header belongs to, and the ABI major version (the SONAME's
** number). Compare them with kalkyl_version() and kalkyl_abi_version() to
** detect a mismatch between the header you compiled with and the library
** loaded at run time. */
#define KALKYL_VERSION_MAJOR 0
#define KALKYL_VERSION_MINOR 1
#define KALKYL_VERSION_PATCH 0
#define KALKYL_VERSION "0.1.0"
#define KALKYL_ABI_VERSION 1

/* An exact decimal amount: mantissa * 10^-scale (see VALUES above).
** 24 bytes, 8-byte aligned, no padding. */
typedef struct kalkyl_dec {
    uint64_t lo;       /* low 64 bits of the two's-complement mantissa */
    int64_t hi;        /* high 64 bits */
    int32_t scale;     /* value = mantissa * 10^-scale, 0..28 */
    uint32_t reserved; /* 0 */
} kalkyl_dec;

/* What a call did. Never renumbered; later releases may add codes. */
typedef enum kalkyl_status {
    KALKYL_OK = 0,          /* success; the outputs are written */
    KALKYL_E_NULL = 1,      /* a required pointer argument was NULL */
    KALKYL_E_PARSE = 2,     /* text that is not a number in the chosen profile */
    KALKYL_E_AMBIGUOUS = 3, /* text that reads as two different numbers (LOCALE_AUTO) */
    KALKYL_E_OVERFLOW = 4,  /* a value or result that needs more than 38 digits */
    KALKYL_E_DIV_ZERO = 5,  /* division by zero */
    KALKYL_E_SCALE = 6,     /* a scale outside 0..28, or a result needing > 28 decimals */
    KALKYL_E_BUFFER = 7,    /* the caller's buffer is too small; the size needed is told */
    KALKYL_E_INVALID = 8,   /* an argument outside its range (enum, flags, reserved) */
    KALKYL_E_NO_MEMORY = 9, /* a temporary allocation inside a batch call failed */
    KALKYL_E_INTERNAL = 10  /* a bug in kalkyl: please report it with kalkyl_last_error() */
} kalkyl_status;

/* How digits are dropped. kalkyl has no default: every call that can lose
** digits takes one. "Away from zero" and "toward zero" refer to the
** magnitude, so negative amounts round like positive ones except under FLOOR
** and CEILING. */
typedef enum kalkyl_rounding {
    KALKYL_ROUND_HALF_UP = 0,   /* ties away from zero: 2,5 -> 3, -2,5 -> -3 (Swedish practice) */
    KALKYL_ROUND_HALF_EVEN = 1, /* ties to the even digit: 2,5 -> 2, 3,5 -> 4 (banker's rounding) */
    KALKYL_ROUND_HALF_DOWN = 2, /* ties toward zero: 2,5 -> 2, -2,5 -> -2 */
    KALKYL_ROUND_DOWN = 3,      /* toward zero (truncate): 2,9 -> 2, -2,9 -> -2 */
    KALKYL_ROUND_UP = 4,        /* away from zero: 2,1 -> 3, -2,1 -> -3 */
    KALKYL_ROUND_FLOOR = 5,     /* toward minus infinity: 2,9 -> 2, -2,1 -> -3 */
    KALKYL_ROUND_CEILING = 6    /* toward plus infinity: 2,1 -> 3, -2,9 -> -2 */
} kalkyl_rounding;

/* The text profile (see TEXT above). */
typedef enum kalkyl_locale {
    KALKYL_LOCALE_C = 0,     /* '.' decimal mark, ',' digit groups: "-1,234.5" */
    KALKYL_LOCALE_SV_SE = 1, /* ',' decimal mark, spaces or '.' digit groups: "−1 234,5" */
    KALKYL_LOCALE_AUTO = 2   /* parsing only: either profile; two readings -> KALKYL_E_AMBIGUOUS */
} kalkyl_locale;

/* Bits of kalkyl_format.flags; any other bit is KALKYL_E_INVALID. ASCII_SPACE
** groups digits with U+0020 instead of the profile's separator (U+00A0 in
** sv-SE, ',' in C); NO_GROUPING and ASCII_SPACE together are KALKYL_E_INVALID. */
#define KALKYL_FMT_NO_GROUPING 1u   /* no digit groups: "123464" */
#define KALKYL_FMT_ASCII_SPACE 2u   /* digit groups with U+0020: "123 464" */
#define KALKYL_FMT_UNICODE_MINUS 4u /* negatives with U+2212 '−' instead of '-' */
#define KALKYL_FMT_PARENS 8u        /* negatives as "(1 234)" */
#define KALKYL_FMT_PLUS 16u         /* positives with an explicit '+': "+1 234" */

/*
** How kalkyl_dec_format() and kalkyl_dec_format_array() write a value.
**
**   size           sizeof(kalkyl_format) as the caller compiled it (24 in ABI
**                  1). Lets the struct grow: a library that receives a larger
**                  struct accepts it when every byte past the fields it knows
**                  is zero; a size below 24 or above 4096, or a non-zero byte
**                  it does not know, is KALKYL_E_INVALID.
**   locale         KALKYL_LOCALE_C or KALKYL_LOCALE_SV_SE (AUTO is for
**                  reading only: KALKYL_E_INVALID).
**   decimals       digits after the decimal mark, 0..28; -1 keeps the value's
**                  own scale after the unit's division, which is exact, up
**                  to 28 (beyond that it is rounded to 28 by `rounding`).
**                  Anything else is KALKYL_E_SCALE.
**   unit_exponent  0 (kr), 3 (tkr) or 6 (mnkr): the value is divided by
**                  10^unit_exponent before it is written; the unit's name is
**                  not written. Anything else is KALKYL_E_INVALID.
**   rounding       the kalkyl_rounding used when `decimals` drops digits.
**                  Always read and checked (KALKYL_E_INVALID outside 0..6),
**                  also when nothing is dropped; a zero-filled struct rounds
**                  KALKYL_ROUND_HALF_UP.
**   flags          KALKYL_FMT_* bits.
**
** Digit groups of three are written from four integer digits on ("1 500",
** "61 173"; "500" stays as it is). A value that is zero after rounding is
** written without a sign: never "-0,0", "+0" or "(0)". Without the unit's
** name the text reads back with kalkyl_dec_parse() in the same locale to the
** value written.
*/
typedef struct kalkyl_format {
    uint32_t size;         /* sizeof(kalkyl_format): lets the struct grow */
    int32_t locale;        /* kalkyl_locale (C or SV_SE) */
    int32_t decimals;      /* digits after the mark; -1 keeps the value's own scale */
    int32_t unit_exponent; /* 0 kr, 3 tkr, 6 mnkr: the value is divided by 10^unit_exponent first */
    int32_t rounding;      /* kalkyl_rounding used when digits are dropped */
    uint32_t flags;        /* KALKYL_FMT_* */
} kalkyl_format;

/* ==========================================================================
** Single values
** ========================================================================== */

/*
** kalkyl_dec_parse: read one amount from text.
**
**   text    UTF-8 text, `len` bytes, not necessarily NUL-terminated. Must not
**           be NULL, even when len is 0.
**   len     its length in bytes.
**   locale  KALKYL_LOCALE_C, KALKYL_LOCALE_SV_SE or KALKYL_LOCALE_AUTO.
**   out     receives the value, with the scale as written ("1,50" -> scale 2).
**
** Returns
**   KALKYL_OK           *out is the value.
**   KALKYL_E_NULL       text or out is NULL.
**   KALKYL_E_INVALID    locale is not one of the three.
**   KALKYL_E_PARSE      the text is not a number in the profile (empty text,
**                       letters, "7.0" in sv-SE, a misplaced group separator);
**                       the message names the byte position and the reason.
**   KALKYL_E_AMBIGUOUS  KALKYL_LOCALE_AUTO and the text reads as two different
**                       numbers ("1,234").
**   KALKYL_E_OVERFLOW   more than 38 significant digits.
**   KALKYL_E_SCALE      more than 28 digits after the decimal mark.
** On failure *out is not written.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_dec_parse(const char* text, size_t len, kalkyl_locale locale,
                                          kalkyl_dec* out);

/*
** kalkyl_dec_format: write one amount as text.
**
**   v       the value.
**   fmt     how to write it (see kalkyl_format).
**   buf     receives the UTF-8 text and a terminating NUL. May be NULL when
**           cap is 0 (to ask for the size).
**   cap     the size of buf in bytes.
**   needed  receives the size the text needs in bytes, INCLUDING the NUL,
**           on success and on KALKYL_E_BUFFER.
**
** Returns
**   KALKYL_OK           buf holds the text and its NUL; *needed is its size
**                       with the NUL (<= cap).
**   KALKYL_E_BUFFER     cap < the size needed: *needed is set, buf is not
**                       written at all (not even a NUL). Call again with a
**                       buffer of *needed bytes.
**   KALKYL_E_NULL       v, fmt or needed is NULL, or buf is NULL while cap > 0.
**   KALKYL_E_INVALID    v->reserved != 0; fmt->size, fmt->locale,
**                       fmt->unit_exponent, fmt->rounding or fmt->flags out of
**                       range (see kalkyl_format).
**   KALKYL_E_SCALE      v->scale outside 0..28, or fmt->decimals outside
**                       -1..28.
**   KALKYL_E_OVERFLOW   |v's mantissa| >= 10^38, or the value padded with
**                       zeros to `decimals` needs more than 38 digits.
**   KALKYL_E_NO_MEMORY  a temporary allocation failed.
** On any failure buf is not written, and *needed only on KALKYL_E_BUFFER.
** No value needs more than 128 bytes (NUL included): a buffer of 128 always
** fits.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_dec_format(const kalkyl_dec* v, const kalkyl_format* fmt, char* buf,
                                           size_t cap, size_t* needed);

/*
** kalkyl_dec_from_int: the value units * 10^-scale, exactly.
**
**   units   the mantissa: any int64_t (öre at scale 2, kronor at scale 0).
**   scale   0..28: kalkyl_dec_from_int(123456, 2, &v) is 1 234,56.
**   out     receives the value.
**
** Returns
**   KALKYL_OK         *out is the value.
**   KALKYL_E_NULL     out is NULL.
**   KALKYL_E_SCALE    scale outside 0..28.
** On failure *out is not written.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_dec_from_int(int64_t units, int32_t scale, kalkyl_dec* out);

/*
** kalkyl_dec_add, kalkyl_dec_sub: a + b and a - b, exactly.
**
**   a, b    the operands.
**   out     receives the result; may point to a or b.
**
** The result has the larger of the two scales (1,5 + 2,25 = 3,75). Only when
** the exact result does not fit 38 digits at that scale is the scale lowered,
** and then only by dropping trailing zeros, so the value never changes.
**
** Returns
**   KALKYL_OK           *out is the result.
**   KALKYL_E_NULL       a, b or out is NULL.
**   KALKYL_E_INVALID    a->reserved or b->reserved is not 0.
**   KALKYL_E_SCALE      a->scale or b->scale outside 0..28.
**   KALKYL_E_OVERFLOW   an operand's mantissa has 39 digits or more, or the
**                       exact result needs more than 38 significant digits.
** On failure *out is not written.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_dec_add(const kalkyl_dec* a, const kalkyl_dec* b, kalkyl_dec* out);
KALKYL_API kalkyl_status kalkyl_dec_sub(const kalkyl_dec* a, const kalkyl_dec* b, kalkyl_dec* out);

/*
** kalkyl_dec_mul: a * b, exactly.
**
**   a, b    the operands.
**   out     receives the result; may point to a or b.
**
** The result's scale is the sum of the scales (1,5 * 2,25 = 3,375). When that
** exceeds 28, or the exact result does not fit 38 digits, trailing zeros are
** dropped as far as needed; the value never changes. To multiply by a rate
** and round, multiply and then kalkyl_dec_round().
**
** Returns
**   KALKYL_OK           *out is the result.
**   KALKYL_E_NULL       a, b or out is NULL.
**   KALKYL_E_INVALID    a->reserved or b->reserved is not 0.
**   KALKYL_E_SCALE      a->scale or b->scale outside 0..28, or the exact
**                       product needs more than 28 decimals (round an operand
**                       first).
**   KALKYL_E_OVERFLOW   an operand's mantissa has 39 digits or more, or the
**                       exact product needs more than 38 significant digits.
** On failure *out is not written.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_dec_mul(const kalkyl_dec* a, const kalkyl_dec* b, kalkyl_dec* out);

/*
** kalkyl_dec_div: a / b at exactly `scale` decimals, rounded once, by `mode`,
** from the exact quotient.
**
**   a, b    dividend and divisor.
**   scale   decimals of the result, 0..28.
**   mode    the kalkyl_rounding applied to the exact quotient.
**   out     receives the quotient, whose scale is exactly `scale`; may point
**           to a or b.
**
** Uppsala aug 2024, 5731: 123 464 / 22 939 at scale 1, HALF_UP = 5,4.
**
** Returns
**   KALKYL_OK           *out is the quotient.
**   KALKYL_E_NULL       a, b or out is NULL.
**   KALKYL_E_INVALID    a->reserved or b->reserved is not 0, or mode is not a
**                       kalkyl_rounding.
**   KALKYL_E_SCALE      a->scale or b->scale or `scale` outside 0..28.
**   KALKYL_E_DIV_ZERO   b is zero.
**   KALKYL_E_OVERFLOW   an operand's mantissa has 39 digits or more, or the
**                       quotient at `scale` needs more than 38 digits.
** On failure *out is not written. The checks run in the order a, b, out,
** scale, mode, b == 0: the first failing one decides the status.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_dec_div(const kalkyl_dec* a, const kalkyl_dec* b, int32_t scale,
                                        kalkyl_rounding mode, kalkyl_dec* out);

/*
** kalkyl_dec_round: a at exactly `scale` decimals.
**
**   a       the value.
**   scale   decimals of the result, 0..28. Lowering the scale rounds by
**           `mode`; raising it appends zeros (exact).
**   mode    the kalkyl_rounding used when digits are dropped; checked even
**           when none are.
**   out     receives the value at `scale`; may point to a.
**
** 5,382 at scale 1, HALF_UP = 5,4; -2,5 at scale 0: HALF_UP -3, HALF_EVEN -2.
**
** Returns
**   KALKYL_OK           *out is the rounded value, at exactly `scale`.
**   KALKYL_E_NULL       a or out is NULL.
**   KALKYL_E_INVALID    a->reserved is not 0, or mode is not a kalkyl_rounding.
**   KALKYL_E_SCALE      a->scale or `scale` outside 0..28.
**   KALKYL_E_OVERFLOW   a's mantissa has 39 digits or more, or raising the
**                       scale needs more than 38 digits.
** On failure *out is not written.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_dec_round(const kalkyl_dec* a, int32_t scale, kalkyl_rounding mode,
                                          kalkyl_dec* out);

/*
** kalkyl_dec_cmp: compare two values by value, whatever their scales.
**
**   a, b    the values.
**   out     receives -1 when a < b, 0 when a == b (1,5 and 1,50 are equal),
**           1 when a > b: exactly one of these three numbers.
**
** Returns
**   KALKYL_OK           *out is -1, 0 or 1.
**   KALKYL_E_NULL       a, b or out is NULL.
**   KALKYL_E_INVALID    a->reserved or b->reserved is not 0.
**   KALKYL_E_SCALE      a->scale or b->scale outside 0..28.
**   KALKYL_E_OVERFLOW   a mantissa has 39 digits or more.
** On failure *out is not written.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_dec_cmp(const kalkyl_dec* a, const kalkyl_dec* b, int* out);

/*
** kalkyl_dec_to_double: the nearest double to a (correctly rounded, the same
** on every platform). LOSSY: for charts and plotting only, never for amounts
** that are computed further or stored.
**
**   a       the value.
**   out     receives the double.
**
** Returns
**   KALKYL_OK           *out is the nearest double.
**   KALKYL_E_NULL       a or out is NULL.
**   KALKYL_E_INVALID    a->reserved is not 0.
**   KALKYL_E_SCALE      a->scale outside 0..28.
**   KALKYL_E_OVERFLOW   a's mantissa has 39 digits or more.
** On failure *out is not written.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_dec_to_double(const kalkyl_dec* a, double* out);

/* ==========================================================================
** Columns
**
** One call does a whole column (a million values is an ordinary call): that
** is what makes kalkyl fast from ctypes and from a spreadsheet range. The
** batch functions check every element, write their outputs only when the
** whole call succeeds, and on failure write *bad_index (where they have one):
** the index of the element at fault, or SIZE_MAX when the failure is not
** about one element (a NULL argument, a bad locale, a small buffer, memory).
** ========================================================================== */

/*
** kalkyl_sum: the exact sum of n values.
**
**   values  n values; may be NULL when n is 0.
**   n       how many.
**   out     receives the sum.
**
** The sum has the largest scale in the column, lowered (by dropping trailing
** zeros) only when that is what makes it fit 38 digits. Partial sums may
** exceed 38 digits; only the total must fit. An empty column sums to 0 at
** scale 0.
**
** Returns
**   KALKYL_OK           *out is the sum.
**   KALKYL_E_NULL       out is NULL, or values is NULL while n > 0.
**   KALKYL_E_INVALID    an element's reserved is not 0 (the message names
**                       values[i]).
**   KALKYL_E_SCALE      an element's scale is outside 0..28 (named likewise).
**   KALKYL_E_OVERFLOW   an element's mantissa has 39 digits or more (named),
**                       or the sum needs more than 38 significant digits.
**   KALKYL_E_NO_MEMORY  a temporary allocation failed (only on the exact
**                       path for columns of mixed scales or sums near 10^38;
**                       a column at one scale needs no memory).
** On failure *out is not written.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_sum(const kalkyl_dec* values, size_t n, kalkyl_dec* out);

/*
** kalkyl_sum_units: the exact sum of a column of integer minor units, all at
** one scale (öre at scale 2: what ledgers store). The fast way to total a
** ledger column; runs at memory speed.
**
**   units   n integers; may be NULL when n is 0.
**   n       how many.
**   scale   the scale of every element and of the sum, 0..28.
**   out     receives the sum, at `scale`.
**
** Returns
**   KALKYL_OK           *out is the sum.
**   KALKYL_E_NULL       out is NULL, or units is NULL while n > 0.
**   KALKYL_E_SCALE      scale outside 0..28.
**   KALKYL_E_OVERFLOW   the sum needs more than 38 digits (it takes more than
**                       10^19 values).
** On failure *out is not written.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_sum_units(const int64_t* units, size_t n, int32_t scale,
                                          kalkyl_dec* out);

/*
** kalkyl_dec_parse_array: read n amounts laid out as Apache Arrow lays out a
** string column: element i is the bytes buf[offsets[i] .. offsets[i+1]).
**
**   buf        the concatenated UTF-8 texts; may be NULL when n is 0.
**   offsets    n + 1 non-decreasing byte offsets into buf (offsets[0] need
**              not be 0); may be NULL when n is 0.
**   n          how many elements.
**   locale     KALKYL_LOCALE_C, KALKYL_LOCALE_SV_SE or KALKYL_LOCALE_AUTO.
**   out        n kalkyl_dec; receives the values, only when all n parse; may
**              be NULL when n is 0.
**   bad_index  on failure, receives the index of the element at fault, or
**              SIZE_MAX when the failure is not about one element.
**
** Each element is read as kalkyl_dec_parse() reads it.
**
** Returns
**   KALKYL_OK           out[0..n) hold the values; *bad_index is not written.
**   KALKYL_E_NULL       bad_index is NULL (nothing is written at all); or buf,
**                       offsets or out is NULL while n > 0 (*bad_index =
**                       SIZE_MAX).
**   KALKYL_E_INVALID    locale is not one of the three (*bad_index =
**                       SIZE_MAX), or offsets[i] > offsets[i+1] (*bad_index =
**                       i).
**   KALKYL_E_PARSE, KALKYL_E_AMBIGUOUS, KALKYL_E_OVERFLOW, KALKYL_E_SCALE
**                       element *bad_index could not be read, as for
**                       kalkyl_dec_parse(); the first such element in order.
**   KALKYL_E_NO_MEMORY  the temporary array of n values could not be
**                       allocated (*bad_index = SIZE_MAX).
** On failure out[] is untouched: not one element is written.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_dec_parse_array(const char* buf, const size_t* offsets, size_t n,
                                                kalkyl_locale locale, kalkyl_dec* out,
                                                size_t* bad_index);

/*
** kalkyl_dec_parse_lines: read the amounts in buf[0..len), separated by
** `delimiter` (a column pasted from a spreadsheet, one value per line).
**
**   buf        UTF-8 text, len bytes; may be NULL when len is 0.
**   len        its length in bytes. Empty text holds no elements.
**   delimiter  the separator, an ASCII character ('\n', ';', '\t', or '\0'
**              for NUL-separated text); bytes 0x80..0xFF are
**              KALKYL_E_INVALID (they occur inside UTF-8 characters). A
**              trailing delimiter ends the last element, it does not start an
**              empty one: "1\n2\n" and "1\n2" both hold two elements; "1\n\n2"
**              holds three, the second empty (KALKYL_E_PARSE). A "\r" before
**              a "\n" delimiter is white space around the number and is
**              allowed.
**   locale     KALKYL_LOCALE_C, KALKYL_LOCALE_SV_SE or KALKYL_LOCALE_AUTO.
**   out        room for cap values; receives the values only when all parse.
**              May be NULL when cap is 0.
**   cap        how many values out has room for.
**   count      receives the number of elements: on success how many were
**              written, on KALKYL_E_BUFFER how many out needs room for.
**   bad_index  on failure, receives the index of the element at fault, or
**              SIZE_MAX when the failure is not about one element.
**
** To size out, call with out = NULL and cap = 0: KALKYL_OK with *count = 0
** for empty text, otherwise KALKYL_E_BUFFER with *count = the number of
** elements. The elements are counted before any is read, so KALKYL_E_BUFFER
** is reported before any parse error.
**
** Returns
**   KALKYL_OK           out[0..*count) hold the values; *bad_index is not
**                       written.
**   KALKYL_E_BUFFER     more than cap elements: *count is how many there are,
**                       *bad_index = SIZE_MAX, out[] untouched.
**   KALKYL_E_NULL       count or bad_index is NULL (nothing is written at
**                       all); or buf is NULL while len > 0, or out is NULL
**                       while cap > 0 (*bad_index = SIZE_MAX).
**   KALKYL_E_INVALID    locale is not one of the three, or delimiter is not
**                       ASCII (*bad_index = SIZE_MAX).
**   KALKYL_E_PARSE, KALKYL_E_AMBIGUOUS, KALKYL_E_OVERFLOW, KALKYL_E_SCALE
**                       element *bad_index (counted from 0) could not be
**                       read, as for kalkyl_dec_parse(); the first in order.
**   KALKYL_E_NO_MEMORY  a temporary allocation failed (*bad_index = SIZE_MAX).
** On failure out[] is untouched, and *count is written only on
** KALKYL_E_BUFFER.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_dec_parse_lines(const char* buf, size_t len, char delimiter,
                                                kalkyl_locale locale, kalkyl_dec* out, size_t cap,
                                                size_t* count, size_t* bad_index);

/*
** kalkyl_dec_format_array: the n values formatted by fmt, joined by
** `delimiter`, NUL-terminated: {1234, -5} in sv-SE with ';' is
** "1 234;-5" (U+00A0 in the group).
**
**   values     n values; may be NULL when n is 0 (the text is then "").
**   n          how many.
**   fmt        how to write each value (see kalkyl_format).
**   delimiter  written between two values, not after the last; an ASCII
**              character ('\n', ';', '\t', or '\0' for NUL-separated text:
**              then use *needed, not strlen, for the length). Bytes
**              0x80..0xFF are KALKYL_E_INVALID. kalkyl does not quote: pick
**              a delimiter that the format cannot produce (not ',' with
**              decimals in sv-SE).
**   buf        receives the text and a NUL; may be NULL when cap is 0.
**   cap        the size of buf in bytes.
**   needed     receives the size the text needs, INCLUDING the NUL, on
**              success and on KALKYL_E_BUFFER.
**   bad_index  on failure, receives the index of the element at fault, or
**              SIZE_MAX when the failure is not about one element.
**
** Returns
**   KALKYL_OK           buf holds the text and its NUL; *needed is its size;
**                       *bad_index is not written.
**   KALKYL_E_BUFFER     cap < the size needed: *needed is set, *bad_index =
**                       SIZE_MAX, buf is not written at all.
**   KALKYL_E_NULL       needed or bad_index is NULL (nothing is written at
**                       all); or fmt is NULL, values is NULL while n > 0, or
**                       buf is NULL while cap > 0 (*bad_index = SIZE_MAX).
**   KALKYL_E_INVALID    fmt out of range or delimiter not ASCII (*bad_index =
**                       SIZE_MAX); an element's reserved is not 0 (*bad_index
**                       = its index).
**   KALKYL_E_SCALE, KALKYL_E_OVERFLOW
**                       fmt->decimals outside -1..28 (*bad_index = SIZE_MAX),
**                       or element *bad_index is out of range or cannot be
**                       written, as for kalkyl_dec_format().
**   KALKYL_E_NO_MEMORY  the temporary text could not be allocated
**                       (*bad_index = SIZE_MAX).
** On failure buf is not written, and *needed only on KALKYL_E_BUFFER.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_dec_format_array(const kalkyl_dec* values, size_t n,
                                                 const kalkyl_format* fmt, char delimiter,
                                                 char* buf, size_t cap, size_t* needed,
                                                 size_t* bad_index);

/* ==========================================================================
** Errors and versions
** ========================================================================== */

/*
** kalkyl_status_name: the name of a status code as it is spelled in this
** header: "KALKYL_OK", "KALKYL_E_OVERFLOW", ... For a code this library does
** not know (a later release's, or garbage) it returns "KALKYL_E_UNKNOWN".
** Never NULL; the string is static and must not be freed.
**
** Thread-safe; never fails and never changes kalkyl_last_error().
*/
KALKYL_API const char* kalkyl_status_name(kalkyl_status s);

/*
** kalkyl_last_error: a message that explains the last failure of a kalkyl
** function on the calling thread, in English, beginning with the function's
** name: "kalkyl_dec_add: b is NULL", "kalkyl_dec_parse: \"7.0\" is not a
** number in sv-SE: ...". Never NULL.
**
**   - Before the first failure on a thread it is "" (the empty string).
**   - A successful call does NOT clear it (as errno): read it only right
**     after a call returned something other than KALKYL_OK. This keeps the
**     success path free of any per-thread bookkeeping.
**   - The message belongs to the calling thread: another thread's failures
**     never show here.
**   - The pointer stays valid until the thread ends; its text is replaced by
**     the thread's next failure, so copy it if it must outlive that. Long
**     messages are cut at 1023 bytes (at a UTF-8 character boundary).
**   - Do not free or modify it.
**
** Thread-safe; never fails. kalkyl_status_name(), kalkyl_last_error(),
** kalkyl_version() and kalkyl_abi_version() never change the message.
*/
KALKYL_API const char* kalkyl_last_error(void);

/*
** kalkyl_version: the release of the loaded library, "MAJOR.MINOR.PATCH"
** ("0.1.0"); equal to the KALKYL_VERSION it was built with. Never NULL;
** static, do not free.
**
** Thread-safe; never fails.
*/
KALKYL_API const char* kalkyl_version(void);

/*
** kalkyl_abi_version: the ABI major version of the loaded library (1), equal
** to KALKYL_ABI_VERSION it was built with and to the SONAME's number. A
** program built against a header with a different KALKYL_ABI_VERSION must
** not use it.
**
** Thread-safe; never fails.
*/
KALKYL_API uint32_t kalkyl_abi_version(void);

/* ==========================================================================
** Unit costs (nyckeltal), KPB and the cost bridge
**
** The unit costs a controller reports and compares: nettokostnad per
** vårddygn, per vårdtagare, per brukare and per invånare; "varav externt";
** the KPB table; change between two periods; Kolada's cost concept and
** nettokostnadsavvikelse; and the exact volume / mix / unit-price bridge of
** what changed. The C++ API is include/kalkyl/unitcost.hpp and bridge.hpp.
**
** Units: these functions do not convert units. A per-unit result is in the
** unit of the costs passed (costs in tkr give tkr per vårddygn); pass every
** amount of one call in the same unit.
**
** Two cost concepts, never mixed up: "nettokostnad" = total costs − other
** revenues (kalkyl_unit_cost, the nyckeltal sheets) and Kolada's "kostnad"
** = gross cost − internal revenue − sales of the activity to other
** municipalities and regions (kalkyl_kolada_cost, kalkyl_kolada_unit_cost).
**
** Few cases: a unit cost over fewer than `few_threshold` units (by default
** 10 vårddygn, vårdtagare, brukare or invånare) is still computed but
** flagged "too few to compare": one case more or less would move it by a
** tenth or more.
**
** Bad input is a status, never a division by zero: a volume of zero or
** below, a negative input amount, revenues larger than costs, a KPB row with
** more users than inhabitants are KALKYL_E_INVALID (the message names the
** argument and, for arrays, the row).
** ========================================================================== */

/* Flags of a unit cost (kalkyl_unit_cost_array's flags[i]). */
#define KALKYL_UNIT_TOO_FEW 1u /* volume below the few-cases threshold: too few to compare */

/*
** kalkyl_unit_cost: nettokostnad and nettokostnad per unit (vårddygn,
** vårdtagare, brukare, invånare).
**
**   total_cost     totala kostnader, >= 0.
**   other_revenue  övriga intäkter ("Avgår: övriga intäkter"), >= 0: every
**                  revenue of the activity except kommunbidrag.
**   volume         the number of units, > 0 (decimals allowed).
**   scale          decimals of *per_unit, 0..28.
**   mode           the kalkyl_rounding of *per_unit.
**   net_cost       receives total_cost − other_revenue, exactly.
**   per_unit       receives net_cost / volume at exactly `scale` decimals,
**                  rounded by `mode`, in the unit of the costs.
**
** Uppsala aug 2024, 5731 (tkr): 124 998 − 1 534 = 123 464; / 22 939 vårddygn
** at scale 1, HALF_UP = 5,4 tkr per vårddygn.
**
** Returns
**   KALKYL_OK           *net_cost and *per_unit are written.
**   KALKYL_E_NULL       an argument is NULL.
**   KALKYL_E_INVALID    a kalkyl_dec's reserved is not 0; mode is not a
**                       kalkyl_rounding; total_cost or other_revenue is
**                       negative (a sign convention mixed up); volume is zero
**                       or negative; other_revenue > total_cost (a negative
**                       nettokostnad has no unit cost).
**   KALKYL_E_SCALE      a scale outside 0..28, or the nettokostnad needs more
**                       than 28 decimals.
**   KALKYL_E_OVERFLOW   a mantissa of 39 digits or more, or a result that
**                       needs more than 38 digits.
** On failure nothing is written. No few-cases flag here: use
** kalkyl_unit_cost_array (n = 1 will do) for it.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_unit_cost(const kalkyl_dec* total_cost,
                                          const kalkyl_dec* other_revenue, const kalkyl_dec* volume,
                                          int32_t scale, kalkyl_rounding mode, kalkyl_dec* net_cost,
                                          kalkyl_dec* per_unit);

/*
** kalkyl_unit_cost_array: kalkyl_unit_cost over columns of n rows, with the
** few-cases flag. One call does millions of rows.
**
**   total_cost, other_revenue, volume
**                  n values each (the columns); may be NULL when n is 0.
**   n              how many rows.
**   scale, mode    as for kalkyl_unit_cost, for every row.
**   few_threshold  rows with volume < *few_threshold get KALKYL_UNIT_TOO_FEW;
**                  NULL means the default, 10. Must not be negative.
**   net_cost       n values or NULL (not wanted); receives each row's
**                  nettokostnad.
**   per_unit       n values; receives each row's nettokostnad per unit; may
**                  be NULL when n is 0.
**   flags          n bytes or NULL (not wanted); receives each row's
**                  KALKYL_UNIT_* flags (0 when none).
**   bad_index      on failure, receives the index of the row at fault, or
**                  SIZE_MAX when the failure is not about one row.
**
** Every row is checked before any output is written.
**
** Returns
**   KALKYL_OK           every row is written; *bad_index is not written.
**   KALKYL_E_NULL       bad_index is NULL (nothing is written at all); or
**                       total_cost, other_revenue, volume or per_unit is NULL
**                       while n > 0 (*bad_index = SIZE_MAX).
**   KALKYL_E_INVALID, KALKYL_E_SCALE, KALKYL_E_OVERFLOW
**                       as for kalkyl_unit_cost, for row *bad_index (the
**                       first failing row); or mode, scale or *few_threshold
**                       is out of range (*bad_index = SIZE_MAX).
** On failure net_cost[], per_unit[] and flags[] are untouched: not one row is
** written.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_unit_cost_array(
    const kalkyl_dec* total_cost, const kalkyl_dec* other_revenue, const kalkyl_dec* volume,
    size_t n, int32_t scale, kalkyl_rounding mode, const kalkyl_dec* few_threshold,
    kalkyl_dec* net_cost, kalkyl_dec* per_unit, uint8_t* flags, size_t* bad_index);

/*
** kalkyl_kolada_cost: Kolada's cost concept "kostnad" (for example N33100,
** kostnad per vårddygn HVB barn och unga), which is not nettokostnad:
**
**   kostnad = gross_cost − internal_revenue − sales_to_municipalities
**
**   gross_cost               bruttokostnad, >= 0.
**   internal_revenue         interna intäkter, >= 0.
**   sales_to_municipalities  försäljning av verksamhet till andra kommuner
**                            och regioner, >= 0.
**   out                      receives the kostnad, exactly (it may be
**                            negative).
**
** Returns
**   KALKYL_OK           *out is written.
**   KALKYL_E_NULL       an argument is NULL.
**   KALKYL_E_INVALID    a reserved field is not 0, or an input is negative.
**   KALKYL_E_SCALE, KALKYL_E_OVERFLOW  as for kalkyl_dec_sub.
** On failure *out is not written.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_kolada_cost(const kalkyl_dec* gross_cost,
                                            const kalkyl_dec* internal_revenue,
                                            const kalkyl_dec* sales_to_municipalities,
                                            kalkyl_dec* out);

/*
** kalkyl_kolada_unit_cost: Kolada's kostnad and kostnad per unit; the same as
** kalkyl_unit_cost, for the other cost concept.
**
**   gross_cost, internal_revenue, sales_to_municipalities
**                  as for kalkyl_kolada_cost.
**   volume         the number of units, > 0.
**   scale, mode    decimals and kalkyl_rounding of *per_unit.
**   cost           receives the kostnad, exactly.
**   per_unit       receives cost / volume at `scale` decimals by `mode`.
**
** Returns as kalkyl_unit_cost (a negative kostnad is KALKYL_E_INVALID).
** On failure nothing is written.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_kolada_unit_cost(const kalkyl_dec* gross_cost,
                                                 const kalkyl_dec* internal_revenue,
                                                 const kalkyl_dec* sales_to_municipalities,
                                                 const kalkyl_dec* volume, int32_t scale,
                                                 kalkyl_rounding mode, kalkyl_dec* cost,
                                                 kalkyl_dec* per_unit);

/*
** kalkyl_unit_cost_part: "varav externt": the unit cost of a part of the
** population (external providers, one insats) and its shares of the whole.
**
**   whole_cost, whole_volume   the whole's net cost (> 0) and volume (> 0).
**   part_cost, part_volume     the part's net cost (>= 0) and volume (> 0,
**                              at most whole_volume).
**   scale, mode                decimals and rounding of *per_unit.
**   share_scale, share_mode    decimals and rounding of the two shares.
**   per_unit                   receives part_cost / part_volume.
**   share_of_volume            receives part_volume / whole_volume in
**                              percent (2,9 means 2,9 %).
**   share_of_cost              receives part_cost / whole_cost in percent.
**
** Uppsala aug 2024, 5733 (tkr): whole 60 976 over 5 555 vårdtagare, part
** 3 184 over 162: 19,7 per vårdtagare, 2,9 % of the volume, 5,2 % of the cost.
**
** Returns
**   KALKYL_OK           the three outputs are written.
**   KALKYL_E_NULL       an argument is NULL.
**   KALKYL_E_INVALID    a reserved field is not 0, a mode is not a
**                       kalkyl_rounding, a volume is not positive, the part's
**                       volume exceeds the whole's, the whole's cost is not
**                       positive, or the part's cost is negative.
**   KALKYL_E_SCALE, KALKYL_E_OVERFLOW  as for kalkyl_dec_div.
** On failure nothing is written.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status
kalkyl_unit_cost_part(const kalkyl_dec* whole_cost, const kalkyl_dec* whole_volume,
                      const kalkyl_dec* part_cost, const kalkyl_dec* part_volume, int32_t scale,
                      kalkyl_rounding mode, int32_t share_scale, kalkyl_rounding share_mode,
                      kalkyl_dec* per_unit, kalkyl_dec* share_of_volume, kalkyl_dec* share_of_cost);

/*
** kalkyl_change: the change from base to current, in the figures' own unit
** and in percent.
**
**   base, current  the two figures (amounts or unit costs, same unit).
**   scale, mode    decimals and kalkyl_rounding of *percent.
**   amount         receives current − base, exactly.
**   percent        receives (current − base) / |base| × 100: its sign is the
**                  sign of the change, also for a negative base (a deficit
**                  that grows is a negative change).
**
** For the change of a share (a percentage) use kalkyl_change_points: the
** change of 5,9 % to 5,7 % is −0,2 percentage points, and this function
** would call it −3,4 percent.
**
** Returns
**   KALKYL_OK           *amount and *percent are written.
**   KALKYL_E_NULL       an argument is NULL.
**   KALKYL_E_INVALID    a reserved field is not 0, or mode is not a
**                       kalkyl_rounding.
**   KALKYL_E_DIV_ZERO   base is zero: a change from nothing has no percentage.
**   KALKYL_E_SCALE, KALKYL_E_OVERFLOW  as for kalkyl_dec_sub / kalkyl_dec_div.
** On failure nothing is written (not even *amount).
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_change(const kalkyl_dec* base, const kalkyl_dec* current,
                                       int32_t scale, kalkyl_rounding mode, kalkyl_dec* amount,
                                       kalkyl_dec* percent);

/*
** kalkyl_change_points: the change of a share, in percentage points
** (procentenheter): current_percent − base_percent, exactly. Both are
** percentages as figures (5,9 means 5,9 %).
**
** Returns KALKYL_OK, KALKYL_E_NULL, KALKYL_E_INVALID (reserved), KALKYL_E_SCALE,
** KALKYL_E_OVERFLOW as kalkyl_dec_sub. On failure *points is not written.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_change_points(const kalkyl_dec* base_percent,
                                              const kalkyl_dec* current_percent,
                                              kalkyl_dec* points);

/*
** kalkyl_net_cost_deviation: nettokostnadsavvikelse as Kolada's N30001
** defines it ("avvikelse i procent mellan nettokostnad och referenskostnad,
** kronor/invånare"):
**
**   (actual − reference) / reference × 100
**
**   actual     the nettokostnad (kr per invånare).
**   reference  the referenskostnad (standard cost) in the same unit, > 0.
**   scale, mode  decimals and kalkyl_rounding of *percent.
**   percent    receives the deviation in percent; positive means the
**              municipality spends more than its structure explains.
**
** 4 500 against a reference of 4 000: 12,5 (%).
**
** Returns
**   KALKYL_OK           *percent is written.
**   KALKYL_E_NULL       an argument is NULL.
**   KALKYL_E_INVALID    a reserved field is not 0, mode is not a
**                       kalkyl_rounding, or reference is not positive.
**   KALKYL_E_SCALE, KALKYL_E_OVERFLOW  as for kalkyl_dec_div.
** On failure *percent is not written.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_net_cost_deviation(const kalkyl_dec* actual,
                                                   const kalkyl_dec* reference, int32_t scale,
                                                   kalkyl_rounding mode, kalkyl_dec* percent);

/* Flags of a kalkyl_kpb_figures.
**   KALKYL_KPB_NO_KPB           per_user is not defined (and is 0): a row
**                               without users, the row of costs not linked to
**                               a user, or a total whose unlinked costs are
**                               unknown.
**   KALKYL_KPB_NO_SHARE         share_of_users is not defined (and is 0).
**   KALKYL_KPB_FEW_USERS        users < few_threshold: the KPB is too few to
**                               compare.
**   KALKYL_KPB_FEW_INHABITANTS  inhabitants < few_threshold. */
#define KALKYL_KPB_NO_KPB 1u
#define KALKYL_KPB_NO_SHARE 2u
#define KALKYL_KPB_FEW_USERS 4u
#define KALKYL_KPB_FEW_INHABITANTS 8u

/* One row of the KPB table as printed ("Konsumtion IFO totalt"). */
typedef struct kalkyl_kpb_figures {
    kalkyl_dec costs;          /* Kostnader */
    kalkyl_dec inhabitants;    /* # Invånare */
    kalkyl_dec users;          /* # Brukare */
    kalkyl_dec per_inhabitant; /* Kr. / inv. = costs / inhabitants */
    kalkyl_dec per_user;       /* KPB = costs linked to users / users */
    kalkyl_dec share_of_users; /* % Brukare = users / inhabitants, in percent */
    uint32_t flags;            /* KALKYL_KPB_* */
    uint32_t reserved;         /* 0 */
} kalkyl_kpb_figures;

/*
** kalkyl_kpb_table: the KPB table (kostnad per brukare) from its rows (age
** groups) and the costs not linked to a user.
**
**   costs, inhabitants, users
**                     n values each: each row's costs (>= 0), inhabitants
**                     (> 0) and users (0..inhabitants); may be NULL when n is
**                     0.
**   n                 how many rows.
**   not_linked_costs  the costs not linked to a user ("Ej brukarkopplad"),
**                     >= 0.
**   scale, mode       decimals and kalkyl_rounding of kr per invånare and KPB
**                     (Eskilstuna: 0, HALF_UP).
**   share_scale, share_mode
**                     decimals and kalkyl_rounding of % brukare (1, HALF_UP).
**   few_threshold     as for kalkyl_unit_cost_array; NULL means 10.
**   rows              n kalkyl_kpb_figures; receives each row's figures; may
**                     be NULL when n is 0.
**   not_linked        receives the row of costs not linked to a user: its
**                     inhabitants are the total's, kr per invånare is set, KPB
**                     and share are not (KALKYL_KPB_NO_KPB | NO_SHARE).
**   total             receives the total row, by the rule of the seeds: costs
**                     = the rows' costs + not_linked_costs; inhabitants and
**                     users are the rows' sums; kr per invånare keeps every
**                     cost, KPB leaves out the costs not linked to a user.
**                     Eskilstuna 2022: 658 914 702 / 107 918 = 6 106;
**                     (658 914 702 − 103 014 615) / 6 195 = 89 734; 5,7 %.
**   bad_index         on failure, receives the index of the row at fault, or
**                     SIZE_MAX when the failure is not about one row.
**
** Returns
**   KALKYL_OK           rows[], *not_linked and *total are written;
**                       *bad_index is not written.
**   KALKYL_E_NULL       bad_index is NULL (nothing is written at all); or
**                       another pointer is NULL (*bad_index = SIZE_MAX).
**   KALKYL_E_INVALID    row *bad_index has more users than inhabitants, no
**                       inhabitants, costs but no users, or negative costs or
**                       counts; or (*bad_index = SIZE_MAX) not_linked_costs
**                       is negative, the rows have no inhabitants at all, a
**                       mode is not a kalkyl_rounding, *few_threshold is
**                       negative, or a reserved field is not 0.
**   KALKYL_E_SCALE, KALKYL_E_OVERFLOW  a kalkyl_dec or result out of range.
**   KALKYL_E_NO_MEMORY  a temporary allocation failed.
** On failure rows[], *not_linked and *total are untouched.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_kpb_table(
    const kalkyl_dec* costs, const kalkyl_dec* inhabitants, const kalkyl_dec* users, size_t n,
    const kalkyl_dec* not_linked_costs, int32_t scale, kalkyl_rounding mode, int32_t share_scale,
    kalkyl_rounding share_mode, const kalkyl_dec* few_threshold, kalkyl_kpb_figures* rows,
    kalkyl_kpb_figures* not_linked, kalkyl_kpb_figures* total, size_t* bad_index);

/*
** kalkyl_kpb_total: the total row alone, from printed totals (a report that
** prints only the totals of earlier years).
**
**   total_costs       all costs, >= 0.
**   not_linked_costs  the costs not linked to a user, or NULL when they are
**                     unknown: then the KPB is not determined and *out has
**                     KALKYL_KPB_NO_KPB; kr per invånare and % brukare are.
**   inhabitants, users  the totals (inhabitants > 0, users <= inhabitants).
**   scale, mode, share_scale, share_mode, few_threshold
**                     as for kalkyl_kpb_table.
**   out               receives the figures.
**
** Returns as kalkyl_kpb_table (without bad_index); also KALKYL_E_INVALID when
** not_linked_costs exceeds total_costs. On failure *out is not written.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_kpb_total(const kalkyl_dec* total_costs,
                                          const kalkyl_dec* not_linked_costs,
                                          const kalkyl_dec* inhabitants, const kalkyl_dec* users,
                                          int32_t scale, kalkyl_rounding mode, int32_t share_scale,
                                          kalkyl_rounding share_mode,
                                          const kalkyl_dec* few_threshold, kalkyl_kpb_figures* out);

/* The parts of a cost bridge; volume + mix + unit_price + not_linked ==
   change, exactly. */
typedef struct kalkyl_bridge {
    kalkyl_dec base_total;    /* Σ base_cost + base_not_linked */
    kalkyl_dec current_total; /* Σ current_cost + current_not_linked */
    kalkyl_dec change;        /* current_total − base_total, exactly */
    kalkyl_dec volume;        /* effect of the total volume */
    kalkyl_dec mix;           /* effect of the shares of the kinds of insats */
    kalkyl_dec unit_price;    /* effect of the unit cost of each kind */
    kalkyl_dec not_linked;    /* change of the costs not linked to users */
} kalkyl_bridge;

/*
** kalkyl_cost_bridge: split the change of a total cost between two periods
** (or two municipalities) into volume, mix, unit price and costs not linked
** to users, exactly: the four parts add up to the change to the last unit of
** `scale` (the öre at scale 2 for kronor), with no unexplained residual.
**
**   base_volume, base_cost, current_volume, current_cost
**                        n values each: each kind of insats (HVB,
**                        familjehem, ...) with its volume (>= 0, in a unit
**                        common to all kinds: care days or users) and its
**                        cost linked to users in both periods. A kind with
**                        volume 0 in a period must have cost 0 there. May be
**                        NULL when n is 0.
**   n                    how many kinds.
**   base_not_linked, current_not_linked
**                        the costs not linked to users.
**   scale                decimals of the parts, 0..28; the change must not
**                        have more decimals than this.
**   out                  receives the totals, the change and the parts, each
**                        part at exactly `scale` decimals.
**   bad_index            on failure, receives the index of the kind at fault,
**                        or SIZE_MAX when the failure is not about one kind.
**
** With C = V · Σ s_k · p_k + F (V the total volume, s_k = V_k / V the share
** of kind k, p_k = C_k / V_k its unit cost, F the costs not linked to
** users), the parts are the Shapley decomposition: each factor's part is the
** average of its effect over the six orders in which V, s and p can change,
** computed exactly in rational arithmetic. It is symmetric: no factor comes
** "first", and swapping the periods negates every part. A kind with no volume
** in one period takes its unit cost from the other period, so a new or ended
** kind shows as volume and mix. The exact parts are rounded to `scale` by
** the largest-remainder rule (nearest, then the few units missing go to the
** parts rounded furthest the other way; ties in the order volume, mix,
** unit_price, not_linked), so each part is within one unit of its exact
** value and they add up exactly.
**
** Returns
**   KALKYL_OK           *out is written; *bad_index is not written.
**   KALKYL_E_NULL       bad_index is NULL (nothing is written at all); or
**                       another pointer is NULL (*bad_index = SIZE_MAX).
**   KALKYL_E_INVALID    kind *bad_index has a negative volume, or a cost with
**                       volume 0; or a reserved field is not 0.
**   KALKYL_E_SCALE      scale outside 0..28, or the change has more decimals
**                       than `scale` (*bad_index = SIZE_MAX).
**   KALKYL_E_OVERFLOW   a value out of range, or a total or part needs more
**                       than 38 digits.
**   KALKYL_E_NO_MEMORY  a temporary allocation failed.
** On failure *out is not written.
**
** Thread-safe. Exact rational arithmetic: meant for tens of kinds, not
** millions.
*/
KALKYL_API kalkyl_status kalkyl_cost_bridge(
    const kalkyl_dec* base_volume, const kalkyl_dec* base_cost, const kalkyl_dec* current_volume,
    const kalkyl_dec* current_cost, size_t n, const kalkyl_dec* base_not_linked,
    const kalkyl_dec* current_not_linked, int32_t scale, kalkyl_bridge* out, size_t* bad_index);

/* ==========================================================================
** Allocation, periodisation, display rounding and checks
**
** Exact splitting of an amount by weights with nothing lost (kalkyl_allocate,
** kalkyl_allocate_mode), periodisation of an annual budget into months
** (kalkyl_periodise, kalkyl_budget_through_month), rounding of a whole table
** for print so that it foots (kalkyl_foot), and consistency checks of a table
** as it was published (kalkyl_check). The C++ API is
** include/kalkyl/allocate.hpp, footing.hpp and checks.hpp.
**
** As everywhere in this header: inputs are checked before anything is
** written, outputs are written only on success, every result lives in memory
** the caller provides (no handle to free), and every function is
** thread-safe.
** ========================================================================== */

/*
** How allocated parts are rounded to the part scale. Every mode makes the
** parts add up to the total exactly, and a part with weight zero is zero.
** The first three start from every exact share truncated toward zero and
** differ only in who receives the units left over; CUMULATIVE rounds running
** totals.
*/
typedef enum kalkyl_allocation_mode {
    /* One unit each to the parts with the largest remainders (Hamilton's
       method): every part within one unit of its exact share. Ties: the larger
       weight first, then the lower index. */
    KALKYL_ALLOC_LARGEST_REMAINDER = 0,
    /* All leftover units to the first part with a non-zero weight. */
    KALKYL_ALLOC_REMAINDER_TO_FIRST = 1,
    /* All leftover units to the largest weight (the lowest index among equals). */
    KALKYL_ALLOC_REMAINDER_TO_LARGEST_WEIGHT = 2,
    /* Part i = round(share of parts 0..i) - round(share of parts 0..i-1), each
       rounded half up: every part within one unit of its share and every
       prefix sum correctly rounded. The mode for months: each year-to-date
       budget is then the correctly rounded share of the year. */
    KALKYL_ALLOC_CUMULATIVE = 3
} kalkyl_allocation_mode;

/*
** kalkyl_allocate: split `total` into n parts at exactly `scale` decimals by
** non-negative weights, by the largest-remainder method
** (KALKYL_ALLOC_LARGEST_REMAINDER); the parts add up to `total` exactly and
** each is within one unit of the last digit of its exact share
** total * weights[i] / (sum of weights).
**
**   total    the amount; a negative total (a deficit) is split as |total|
**            and negated, so the rule is symmetric.
**   weights  n weights, none negative, not all zero, any scales; may be
**            NULL only when n is 0 (which is then KALKYL_E_INVALID).
**   n        how many parts.
**   scale    decimals of every part, 0..28 (2 for öre, 0 for kronor). The
**            total must be representable at it: 100,005 cannot be split
**            into whole öre without losing half an öre.
**   parts    n values; receives the parts. May alias nothing else.
**
** Uppsala: 685 mnkr kommunbidrag over 12 equal weights at scale 1 gives
** 57,1 for January..October and 57,0 for November and December.
**
** Returns
**   KALKYL_OK           parts[0..n) are written.
**   KALKYL_E_NULL       total or parts is NULL, or weights is NULL while n > 0.
**   KALKYL_E_INVALID    n is 0; a weight is negative (the message names
**                       weights[i]); every weight is zero; a kalkyl_dec's
**                       reserved is not 0.
**   KALKYL_E_SCALE      scale outside 0..28; a kalkyl_dec's scale outside
**                       0..28; total has more decimals than `scale`.
**   KALKYL_E_OVERFLOW   a mantissa of 39 digits or more; total at `scale`
**                       needs more than 38 digits.
**   KALKYL_E_NO_MEMORY  a temporary allocation failed.
** On failure parts[] is untouched.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_allocate(const kalkyl_dec* total, const kalkyl_dec* weights,
                                         size_t n, int32_t scale, kalkyl_dec* parts);

/*
** kalkyl_allocate_mode: kalkyl_allocate with a named kalkyl_allocation_mode.
** kalkyl_allocate(...) is kalkyl_allocate_mode(..., KALKYL_ALLOC_LARGEST_REMAINDER, ...).
** The parts add up to `total` exactly in every mode; with
** REMAINDER_TO_FIRST and REMAINDER_TO_LARGEST_WEIGHT the receiving part can
** be up to n - 1 units above its exact share.
**
** Returns as kalkyl_allocate, and KALKYL_E_INVALID when mode is not a
** kalkyl_allocation_mode. On failure parts[] is untouched.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_allocate_mode(const kalkyl_dec* total, const kalkyl_dec* weights,
                                              size_t n, int32_t scale, kalkyl_allocation_mode mode,
                                              kalkyl_dec* parts);

/*
** kalkyl_periodise: an annual amount split into the twelve months
** January..December by a monthly profile; the months add up to the year
** exactly.
**
**   annual   the amount for the year.
**   profile  12 non-negative weights, January first, not all zero (1 for
**            every month and 0,5 for July: fewer costs in July); NULL means
**            equal months.
**   scale    decimals of every month, 0..28.
**   mode     the kalkyl_allocation_mode; KALKYL_ALLOC_CUMULATIVE makes every
**            year-to-date sum the correctly rounded share of the year.
**   months   12 values; receives January..December.
**
** Returns
**   KALKYL_OK           months[0..12) are written.
**   KALKYL_E_NULL       annual or months is NULL.
**   KALKYL_E_INVALID    a profile weight is negative (the message names the
**                       month) or all are zero; mode is not a
**                       kalkyl_allocation_mode; a reserved field is not 0.
**   KALKYL_E_SCALE, KALKYL_E_OVERFLOW, KALKYL_E_NO_MEMORY
**                       as for kalkyl_allocate.
** On failure months[] is untouched.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_periodise(const kalkyl_dec* annual, const kalkyl_dec* profile,
                                          int32_t scale, kalkyl_allocation_mode mode,
                                          kalkyl_dec* months);

/*
** kalkyl_budget_through_month: the budget for January through `month`: the
** sum of the first `month` values kalkyl_periodise() gives for the same
** arguments (so it always equals the monthly budgets printed beside it).
**
**   annual, profile, scale, mode   as for kalkyl_periodise.
**   month    1..12; 12 gives `annual`.
**   out      receives the budget through `month`, at `scale`.
**
** Uppsala aug 2024: 685 mnkr, equal profile, scale 1, CUMULATIVE, month 8:
** 456,7.
**
** Returns as kalkyl_periodise, and KALKYL_E_INVALID for a month outside
** 1..12. On failure *out is not written.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_budget_through_month(const kalkyl_dec* annual,
                                                     const kalkyl_dec* profile, int32_t month,
                                                     int32_t scale, kalkyl_allocation_mode mode,
                                                     kalkyl_dec* out);

/*
** One term of a linear combination: +item or -item. `index` is a column (in
** kalkyl_foot) or a figure (in kalkyl_check).
*/
typedef struct kalkyl_term {
    uint32_t index; /* 0-based */
    int32_t sign;   /* +1 or -1 */
} kalkyl_term;

/* A derived column of kalkyl_foot: the sum of its terms over base columns
   (avvikelse = budget - utfall is {{0, +1}, {1, -1}}). */
typedef struct kalkyl_derived_column {
    const kalkyl_term* terms; /* n_terms terms */
    size_t n_terms;           /* >= 1 */
} kalkyl_derived_column;

/* A printed figure kalkyl_foot had to move off its correctly rounded value. */
typedef struct kalkyl_adjusted_cell {
    kalkyl_dec rounded; /* the figure correctly rounded, in the display unit */
    kalkyl_dec printed; /* what the table prints (one display unit away) */
    uint64_t row;       /* 0..n_rows-1, or n_rows for the total row */
    uint64_t column;    /* 0..n_cols-1 base columns, then n_cols + k for derived column k */
} kalkyl_adjusted_cell;

/*
** kalkyl_foot: round a table for print so that it adds up.
**
** Given exact values (rows, a total row that is their exact sum, and derived
** columns that are sums and differences of base columns), writes the figures
** to print in kr, tkr or mnkr at `decimals` decimals such that the printed
** rows add up to the printed totals in every column, every derived column
** equals its formula on the printed figures (rows and total), and every
** printed figure is within one display unit of its correctly rounded value.
** The totals keep their correctly rounded values. In each base column the
** fewest possible figures are moved, one display unit each, those whose
** rounding remainders are closest to a half (ties: the larger exact amount,
** then the lower row), skipping moves that would put a derived figure two
** units off. Every printed figure that differs from its correctly rounded
** value is listed in adjusted[] (derived figures included).
**
**   cells           n_rows * n_cols exact values in kronor, row-major:
**                   cells[row * n_cols + column]; may be NULL when n_rows is 0.
**   n_rows          the number of rows (not counting the total row).
**   n_cols          the number of base columns, >= 1.
**   totals          n_cols values: the total row; each must be the exact sum
**                   of its column.
**   derived         n_derived derived columns; may be NULL when n_derived is 0.
**   n_derived       how many.
**   unit_exponent   0 (kr), 3 (tkr) or 6 (mnkr).
**   decimals        digits after the mark in the display unit, 0..28.
**   mode            the kalkyl_rounding of the correct rounding (HALF_UP in
**                   Swedish reports).
**   printed         n_rows * (n_cols + n_derived) values, row-major, base
**                   columns then derived; receives the figures to print, in
**                   the display unit at exactly `decimals` (-27 for -27 mnkr).
**   printed_totals  n_cols + n_derived values; receives the total row.
**   adjusted        adjusted_cap entries; receives the moved figures, ordered
**                   by row (the total row last), then column. May be NULL when
**                   adjusted_cap is 0.
**   adjusted_cap    its capacity. (n_rows + 1) * (n_cols + n_derived) always
**                   suffices.
**   adjusted_count  receives how many figures were moved (on success and on
**                   KALKYL_E_BUFFER).
**
** Uppsala aug 2024, "Periodens utfall" (mnkr): rows that round to 0, -3, -4,
** -21, 0, 0 (-28) under a total that rounds to -27 print with the -21 row
** (the remainder closest to a half) moved to -20.
**
** Returns
**   KALKYL_OK           printed[], printed_totals[], adjusted[0..*adjusted_count)
**                       and *adjusted_count are written.
**   KALKYL_E_BUFFER     more than adjusted_cap figures were moved: only
**                       *adjusted_count is written (the capacity needed).
**   KALKYL_E_NULL       a required pointer is NULL (cells while n_rows > 0,
**                       totals, printed while n_rows > 0, printed_totals,
**                       adjusted_count, derived while n_derived > 0, a
**                       derived column's terms, adjusted while adjusted_cap > 0).
**   KALKYL_E_INVALID    n_cols is 0; a total is not the exact sum of its column
**                       (the message names the column and both values); a
**                       derived column has no terms, a sign other than +-1 or
**                       a column index >= n_cols; unit_exponent is not 0, 3 or
**                       6; decimals outside 0..28; mode is not a
**                       kalkyl_rounding; a reserved field is not 0; no choice
**                       of moves keeps every derived figure within one unit
**                       (possible with derived columns of three or more terms:
**                       print another decimal).
**   KALKYL_E_SCALE      a value's scale outside 0..28, or more than 28
**                       decimals in the display unit.
**   KALKYL_E_OVERFLOW   a mantissa of 39 digits or more, or a sum that needs
**                       more than 38 digits.
**   KALKYL_E_NO_MEMORY  a temporary allocation failed.
** On failure nothing but (on KALKYL_E_BUFFER) *adjusted_count is written.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_foot(const kalkyl_dec* cells, size_t n_rows, size_t n_cols,
                                     const kalkyl_dec* totals,
                                     const kalkyl_derived_column* derived, size_t n_derived,
                                     int32_t unit_exponent, int32_t decimals, kalkyl_rounding mode,
                                     kalkyl_dec* printed, kalkyl_dec* printed_totals,
                                     kalkyl_adjusted_cell* adjusted, size_t adjusted_cap,
                                     size_t* adjusted_count);

/* kalkyl_figure.decimals: take the printed decimals from value.scale. */
#define KALKYL_DECIMALS_OF_VALUE (-1)
/* kalkyl_figure.decimals: an exact figure (a count of insatser, vårddygn,
   invånare): no rounding to explain. */
#define KALKYL_EXACT (-2)

/* A figure as printed in a published table. */
typedef struct kalkyl_figure {
    kalkyl_dec value;  /* as printed, in the table's unit (61 173 in a table in tkr) */
    int32_t decimals;  /* printed decimals 0..27, KALKYL_DECIMALS_OF_VALUE or KALKYL_EXACT */
    uint32_t reserved; /* 0 */
    const char* name;  /* NUL-terminated UTF-8 for messages, or NULL */
} kalkyl_figure;

/* What a relation says (the numbering of kalkyl::RelationKind). */
typedef enum kalkyl_relation_kind {
    KALKYL_REL_SUM = 0,        /* sum of the numerator terms = result (rows add to a total) */
    KALKYL_REL_DIFFERENCE = 1, /* a - b = result: numerator {{a, +1}, {b, -1}} */
    KALKYL_REL_RATIO = 2,      /* multiplier * (numerator sum) / (denominator sum) = result */
    KALKYL_REL_SHARES = 3,     /* the numerator's shares add up to `whole` (100) */
    KALKYL_REL_BAND_MIN = 4,   /* min = point - downside: numerator {{point, +1}, {downside, -1}} */
    KALKYL_REL_BAND_MAX = 5    /* max = point + upside: numerator {{point, +1}, {upside, +1}} */
} kalkyl_relation_kind;

/* A relation the printed figures should satisfy. Linear kinds (all but
   RATIO) read the numerator as a signed sum; terms index the figures. */
typedef struct kalkyl_relation {
    int32_t kind;                   /* kalkyl_relation_kind */
    uint32_t result;                /* the printed result figure; ignored for SHARES */
    const char* label;              /* NUL-terminated UTF-8 for messages, or NULL */
    const kalkyl_term* numerator;   /* n_numerator >= 1 terms */
    size_t n_numerator;
    const kalkyl_term* denominator; /* RATIO only: n_denominator >= 1 terms; else 0 */
    size_t n_denominator;
    kalkyl_dec multiplier;          /* RATIO only: > 0 (100 for a percentage, 1 otherwise) */
    kalkyl_dec whole;               /* SHARES only: what the shares add up to, exactly (100) */
} kalkyl_relation;

/* The verdict on one relation (the numbering of kalkyl::Severity). */
typedef enum kalkyl_severity {
    KALKYL_SEVERITY_OK = 0,       /* the printed result is the formula on the printed operands */
    KALKYL_SEVERITY_ROUNDING = 1, /* it is not, but the printed precisions explain it */
    KALKYL_SEVERITY_ERROR = 2     /* no exact values behind the printed figures satisfy it */
} kalkyl_severity;

/* What kalkyl_check found for one relation (see kalkyl_check for each field). */
typedef struct kalkyl_finding {
    kalkyl_dec expected;   /* the formula on the printed operands */
    kalkyl_dec printed;    /* the printed result (SHARES: the shares' printed sum) */
    kalkyl_dec difference; /* printed - expected */
    kalkyl_dec tolerance;  /* how far apart rounding can put them */
    int32_t severity;      /* kalkyl_severity */
    int32_t kind;          /* the relation's kalkyl_relation_kind */
} kalkyl_finding;

/*
** kalkyl_check: consistency checks of a published table. For each relation,
** says whether it holds exactly (OK), holds for some exact values the printed
** figures could stand for (ROUNDING), or for none (ERROR).
**
** A figure printed with d decimals stands for any value within 0,5 * 10^-d
** of it (closed intervals: a difference exactly at the tolerance is
** ROUNDING). The tolerance is derived through the relation, never a fixed
** fudge:
**   - linear kinds: expected = the signed sum of the printed operands (for
**     SHARES: `whole`), exactly; tolerance = the sum of the operands' and the
**     result's half-units. Uppsala aug 2024, periodens utfall: six rows and a
**     total in whole mnkr give 3,5, so rows adding to -28 under a printed -27
**     are ROUNDING.
**   - RATIO: expected = the exact quotient, reported rounded HALF_EVEN at two
**     decimals more than the result is printed with; with every operand in
**     its interval the quotient ranges over [L, U]; ROUNDING iff [L, U]
**     meets [result - h, result + h]; tolerance = the distance from the
**     exact quotient to L or U on the printed result's side plus the
**     result's half-unit, rounded UP at the same scale. The verdict is
**     decided on exact rationals. Eskilstuna: 42 of 44 insatser printed as
**     94 procent (expected 95,45, tolerance 0,50) is an ERROR.
** OK means the printed result equals the expected value correctly rounded
** (HALF_UP) to the result's printed decimals (exactly equal for an exact
** result or for SHARES).
**
**   figures      n_figures figures as printed; may be NULL when n_figures is 0.
**   n_figures    how many.
**   relations    n_relations relations over the figures (terms and results are
**                figure indices); may be NULL when n_relations is 0.
**   n_relations  how many.
**   findings     n_relations entries; receives one finding per relation, in
**                order. May be NULL when n_relations is 0.
**   bad_index    on failure, receives the index of the relation at fault, or
**                SIZE_MAX when the failure is not about one relation (a bad
**                figure, which the message names; a NULL argument; memory).
**
** Returns
**   KALKYL_OK           findings[0..n_relations) are written; *bad_index is not.
**   KALKYL_E_NULL       bad_index is NULL (nothing is written at all); or
**                       figures, relations or findings is NULL while its count
**                       is > 0, or a relation's numerator (denominator) is NULL
**                       while its count is > 0.
**   KALKYL_E_INVALID    a figure's decimals outside 0..27 (other than the two
**                       constants) or reserved not 0; a relation names a figure
**                       index >= n_figures; a relation of unknown kind, with no
**                       numerator terms, a sign other than +-1, a denominator on
**                       a kind other than RATIO, a RATIO without denominator or
**                       with a multiplier <= 0.
**   KALKYL_E_DIV_ZERO   a RATIO whose printed denominator could be zero within
**                       its rounding.
**   KALKYL_E_SCALE, KALKYL_E_OVERFLOW
**                       a kalkyl_dec out of range (the message names it), or a
**                       sum that does not fit.
**   KALKYL_E_NO_MEMORY  a temporary allocation failed.
** On failure findings[] is untouched: every relation is checked before any
** finding is written.
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_check(const kalkyl_figure* figures, size_t n_figures,
                                      const kalkyl_relation* relations, size_t n_relations,
                                      kalkyl_finding* findings, size_t* bad_index);

/* ==========================================================================
** Forecast-uncertainty bands
**
** A band is a forecast with a low and a high end: Uppsala's delårsbokslut
** augusti 2024 forecast -30 mnkr with "prognososäkerhet +/- 5", the band
** -35..-25 (kalkyl_band_from_spread). Bands of rows add up to the band of
** their total worst case, independently or with a correlation matrix
** (kalkyl_band_sum); empirical bands come from a back-test's earlier forecast
** errors (kalkyl_band_empirical); seeded Monte Carlo gives quantiles and the
** probability of a balanced budget (kalkyl_band_simulate,
** kalkyl_band_bootstrap); past bands are graded against what happened
** (kalkyl_band_grade). The C++ API is include/kalkyl/band.hpp and
** montecarlo.hpp, where the methods are described in full.
**
** ESTIMATES. Where statistics need it (square roots, correlations, normal
** quantiles) the computation runs in double inside, and every amount it
** produces is written as a kalkyl_dec at exactly the `scale` the caller gives,
** rounded by the caller's `mode` from the double's exact value: an estimate,
** documented as such at each function. Probabilities and coverage levels are
** doubles in (0, 1); they are not amounts. A level outside (0, 1), NaN
** included, is KALKYL_E_INVALID.
**
** REPRODUCIBLE. The simulations use kalkyl's own generator (xoshiro256**
** seeded by splitmix64), normal transform (Marsaglia's polar method) and
** logarithm (from +, -, *, / only): the same seed gives the same results on
** every IEEE-754 platform that computes double in double (all 64-bit
** targets), whatever the compiler or C library.
**
** As everywhere in this header: inputs are checked before anything is
** written, outputs are written only on success, every result lives in memory
** the caller provides, and every function is thread-safe.
** ========================================================================== */

/* A band: low <= point <= high, in one unit (kr, tkr, mnkr). Every function
** that reads a band checks that order and each kalkyl_dec (KALKYL_E_INVALID
** names the band and the end). 72 bytes, no padding. */
typedef struct kalkyl_band { kalkyl_dec low; kalkyl_dec point; kalkyl_dec high; } kalkyl_band;

/* How kalkyl_band_sum adds the rows' spreads. Never renumbered. */
typedef enum kalkyl_aggregation { KALKYL_AGG_WORST_CASE = 0, KALKYL_AGG_INDEPENDENT = 1, KALKYL_AGG_CORRELATED = 2 } kalkyl_aggregation;

/*
** kalkyl_band_from_spread: the band [point - downside, point + upside]
** (prognosspann min = prognos - försämring, max = prognos + förbättring).
** Exact: no rounding.
**
**   point     the forecast.
**   downside  how much worse it may end (försämring), >= 0.
**   upside    how much better it may end (förbättring), >= 0.
**   out       receives the band.
**
** Uppsala aug 2024: point -30, downside 5, upside 5 give {-35, -30, -25}.
**
** Returns
**   KALKYL_OK           *out is written.
**   KALKYL_E_NULL       an argument is NULL.
**   KALKYL_E_INVALID    downside or upside is negative; a kalkyl_dec's
**                       reserved is not 0.
**   KALKYL_E_SCALE, KALKYL_E_OVERFLOW
**                       a kalkyl_dec out of range (the message names it), or
**                       an end that needs more than 38 digits.
** On failure *out is untouched. Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_band_from_spread(const kalkyl_dec *point, const kalkyl_dec *downside, const kalkyl_dec *upside, kalkyl_band *out);

/*
** kalkyl_band_sum: the band of the sum of n rows (verksamheter -> nämnd ->
** kommun). The point is the exact sum of the points. The downside and upside
** are summed separately, as `how` says:
**   KALKYL_AGG_WORST_CASE   spreads add (exact);
**   KALKYL_AGG_INDEPENDENT  root of the sum of squares, sqrt(sum d_i^2);
**   KALKYL_AGG_CORRELATED   sqrt(d' R d) for the correlation matrix R
**                           (identity: INDEPENDENT; all ones: WORST_CASE).
** The result is at exactly `scale` decimals: the point is rounded by `mode`,
** each spread is rounded by `mode` as a magnitude (so KALKYL_ROUND_UP never
** narrows a band) and then subtracted from / added to the rounded point.
** Spreads out of a square root are estimates.
**
**   bands        n bands; may be NULL when n is 0 (the sum is then 0, 0, 0).
**   n            how many rows.
**   how          a kalkyl_aggregation.
**   correlation  for KALKYL_AGG_CORRELATED: n*n finite doubles, row-major,
**                symmetric (within 1e-9), with a unit diagonal, entries in
**                [-1, 1], and positive semidefinite (smallest eigenvalue >=
**                -1e-9*n); may be NULL when n is 0. For the other two it is
**                not read: pass NULL.
**   scale        decimals of the result, 0..28.
**   mode         the kalkyl_rounding of the result.
**   out          receives the band.
**
** Spreads 3 and 4 sum to 7 worst case and to 5 independently.
**
** Returns
**   KALKYL_OK           *out is written.
**   KALKYL_E_NULL       out is NULL; bands is NULL while n > 0; correlation
**                       is NULL for KALKYL_AGG_CORRELATED while n > 0.
**   KALKYL_E_INVALID    how or mode out of range; a band with low > point or
**                       point > high (the message names bands[i]); a
**                       correlation entry that is not finite, outside
**                       [-1, 1], off the unit diagonal or not symmetric (the
**                       message names it), or a matrix that is not positive
**                       semidefinite (it gives the smallest eigenvalue); a
**                       kalkyl_dec's reserved is not 0.
**   KALKYL_E_SCALE      scale outside 0..28, or a kalkyl_dec's scale.
**   KALKYL_E_OVERFLOW   a kalkyl_dec out of range; a sum that needs more than
**                       38 digits.
**   KALKYL_E_NO_MEMORY  a temporary allocation failed.
** On failure *out is untouched. Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_band_sum(const kalkyl_band *bands, size_t n, kalkyl_aggregation how,
                              const double *correlation /* n*n row-major, only for CORRELATED, else NULL */,
                              int32_t scale, kalkyl_rounding mode, kalkyl_band *out);

/*
** kalkyl_band_excess: whether an outcome lies inside a band, and by how much
** it lies outside: outcome - high (> 0) above, outcome - low (< 0) below, 0
** inside (the ends belong to the band). Exact.
**
**   band     the band.
**   outcome  what happened.
**   inside   receives 1 if low <= outcome <= high, else 0.
**   excess   receives the signed distance beyond the nearer end.
**
** Uppsala 2024: band {-35, -30, -25}, outcome -23,5: inside 0, excess 1,5.
**
** Returns KALKYL_OK, KALKYL_E_NULL (an argument NULL), KALKYL_E_INVALID (a
** band out of order, reserved not 0), KALKYL_E_SCALE / KALKYL_E_OVERFLOW (a
** kalkyl_dec out of range, or an excess that needs more than 38 digits).
** On failure *inside and *excess are untouched. Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_band_excess(const kalkyl_band* band, const kalkyl_dec* outcome, int* inside,
                                            kalkyl_dec* excess);

/* Where kalkyl_band_empirical's band came from. Never renumbered. */
typedef enum kalkyl_band_source {
    /* Order statistics of the errors (the rule at kalkyl_band_empirical). */
    KALKYL_BAND_FROM_HISTORY = 0,
    /* Too few errors for the level: smallest to largest error; it covers less
       than asked (achieved_level says how much). */
    KALKYL_BAND_WIDENED = 1,
    /* Fewer errors than min_history: the default band. */
    KALKYL_BAND_DEFAULT = 2
} kalkyl_band_source;

/* kalkyl_band_info.flags: every error lay on one side of zero, and an end was
** moved to the point (the band would not have held it; a biased method). */
#define KALKYL_BAND_STRETCHED_TO_POINT 1u

/* What kalkyl_band_empirical did. 24 bytes, no padding. */
typedef struct kalkyl_band_info {
    int32_t source;        /* a kalkyl_band_source */
    uint32_t flags;        /* KALKYL_BAND_STRETCHED_TO_POINT or 0 */
    uint64_t history;      /* how many errors were given */
    double achieved_level; /* the coverage the rule guarantees (see there) */
} kalkyl_band_info;

/*
** kalkyl_band_empirical: the band at `level` around this year's `point` from
** a back-test's errors of the same forecast method at the same month in
** earlier years (error = outcome - forecast; positive: the year ended better
** than forecast). Call it month by month: later months' errors are smaller
** (more of the year is known), so the band narrows as the year goes on.
**
** The small-sample rule (distribution-free for exchangeable errors): sort
** the n errors e(1) <= ... <= e(n); a = (1 - level)/2; k = floor((n + 1)*a).
**   - n < min_history: the DEFAULT band, point -/+ default_rate *
**     |remaining_budget| (the budget of the months not yet closed: only the
**     rest of the year is uncertain, so it shrinks to nothing in December);
**     achieved_level = level (an assumption, not a guarantee).
**   - k >= 1: [point + e(k), point + e(n + 1 - k)] (FROM_HISTORY), which a
**     new error falls in with probability (n + 1 - 2k)/(n + 1) >= level
**     (achieved_level).
**   - k = 0, i.e. n < 1/a - 1 (fewer than 9 errors at 80 %, 19 at 90 %):
**     [point + e(1), point + e(n)] (WIDENED), achieved_level (n - 1)/(n + 1).
** An end that would leave the point outside is moved to the point
** (KALKYL_BAND_STRETCHED_TO_POINT). Exact before the final rounding: low,
** point and high at `scale` by `mode` (the spreads rounded as magnitudes).
**
**   point             this year's forecast.
**   errors            n errors; may be NULL when n is 0.
**   n                 how many.
**   level             the coverage wanted, in (0, 1): 0.8 for 80 %.
**   min_history       fewer errors than this give the default; >= 1 (3 is
**                     a sensible choice).
**   remaining_budget  the default's base (its sign is ignored).
**   default_rate      the default's spread per krona of remaining budget,
**                     >= 0 (0,02 for 2 %).
**   scale, mode       decimals and rounding of the band.
**   out               receives the band.
**   info              receives where it came from.
**
** Returns
**   KALKYL_OK           *out and *info are written.
**   KALKYL_E_NULL       point, remaining_budget, default_rate, out or info is
**                       NULL; errors is NULL while n > 0.
**   KALKYL_E_INVALID    level outside (0, 1); min_history 0; a negative
**                       default_rate (when the default is used); mode out of
**                       range; a kalkyl_dec's reserved is not 0.
**   KALKYL_E_SCALE, KALKYL_E_OVERFLOW
**                       scale outside 0..28; a kalkyl_dec out of range (the
**                       message names errors[i]); a result beyond 38 digits.
**   KALKYL_E_NO_MEMORY  a temporary allocation failed.
** On failure *out and *info are untouched. Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_band_empirical(const kalkyl_dec* point, const kalkyl_dec* errors, size_t n,
                                               double level, size_t min_history,
                                               const kalkyl_dec* remaining_budget,
                                               const kalkyl_dec* default_rate, int32_t scale,
                                               kalkyl_rounding mode, kalkyl_band* out,
                                               kalkyl_band_info* info);

/* The result of a simulation. The amounts are estimates at the caller's
** scale and rounding; the quantiles are the type-1 (inverse empirical
** distribution) quantiles of the simulated totals: the total at rank
** ceil(p*N) of N sorted. 168 bytes, no padding. */
typedef struct kalkyl_simulation {
    uint64_t scenarios;     /* N */
    kalkyl_dec mean;        /* the mean total */
    kalkyl_dec q05;         /* 5 % quantile of the total */
    kalkyl_dec q10;         /* 10 % */
    kalkyl_dec q50;         /* the median */
    kalkyl_dec q90;         /* 90 % */
    kalkyl_dec q95;         /* 95 % */
    double p_at_least_zero; /* P(total >= 0): "budget i balans" */
    double p_inside;        /* P(target low <= total <= high); NaN without a target */
} kalkyl_simulation;

/*
** kalkyl_band_simulate: Monte Carlo of the total of n rows, each row's band
** read as a split normal around its point: the row's deviation is x*sd when
** x < 0 and x*su otherwise, with sd = downside / z, su = upside / z and
** z = the standard normal quantile at (1 + level)/2 (so the band is the
** central `level` interval of its row); x = L*g with g independent standard
** normals and L the Cholesky factor of the correlation matrix (a singular
** but positive semidefinite matrix is allowed: all ones moves the rows as
** one). Deterministic: the same seed gives the same result everywhere (see
** REPRODUCIBLE above).
**
**   rows         n bands (n >= 1).
**   n            how many rows.
**   correlation  n*n doubles, row-major, as for kalkyl_band_sum; NULL means
**                independent rows.
**   level        the coverage each band stands for, in (0, 1).
**   seed         any 64-bit value.
**   scenarios    how many totals to draw (>= 1); the call keeps them all in
**                a temporary array (8 bytes each).
**   target       a band to measure p_inside against, or NULL.
**   scale, mode  decimals and rounding of the amounts in *out.
**   out          receives the result.
**
** Returns
**   KALKYL_OK           *out is written.
**   KALKYL_E_NULL       out is NULL; rows is NULL while n > 0.
**   KALKYL_E_INVALID    n is 0; scenarios is 0; level outside (0, 1); a band
**                       (or target) out of order; a correlation matrix that
**                       kalkyl_band_sum would refuse; mode out of range.
**   KALKYL_E_SCALE, KALKYL_E_OVERFLOW
**                       scale outside 0..28; a kalkyl_dec out of range.
**   KALKYL_E_NO_MEMORY  the scenarios do not fit in memory.
** On failure *out is untouched. Thread-safe (no shared generator).
*/
KALKYL_API kalkyl_status kalkyl_band_simulate(const kalkyl_band* rows, size_t n, const double* correlation,
                                              double level, uint64_t seed, uint64_t scenarios,
                                              const kalkyl_band* target, int32_t scale, kalkyl_rounding mode,
                                              kalkyl_simulation* out);

/*
** kalkyl_band_bootstrap: Monte Carlo by resampling earlier years: each
** scenario draws one of the n_years years uniformly (with replacement) and
** adds that year's errors of all n rows to this year's points, so that the
** rows keep the correlation they had. Each year's total is exact, so the
** quantiles and the mean are exact before the final rounding; with few
** years there are few distinct totals.
**
**   points       n forecasts (n >= 1).
**   errors       n_years * n errors, year by year (row-major), each
**                outcome - forecast.
**   n_years      how many earlier years (>= 1).
**   seed, scenarios, target, scale, mode, out
**                as for kalkyl_band_simulate.
**
** Returns as kalkyl_band_simulate, and KALKYL_E_INVALID for n_years 0, and
** KALKYL_E_NULL for errors NULL while n * n_years > 0.
** On failure *out is untouched. Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_band_bootstrap(const kalkyl_dec* points, size_t n, const kalkyl_dec* errors,
                                               size_t n_years, uint64_t seed, uint64_t scenarios,
                                               const kalkyl_band* target, int32_t scale, kalkyl_rounding mode,
                                               kalkyl_simulation* out);

/* The grades of n past bands against their outcomes. The amounts are means
** at the caller's scale and rounding. 160 bytes, no padding. */
typedef struct kalkyl_band_scores {
    uint64_t count;                 /* n */
    double coverage;                /* share of outcomes inside their band */
    kalkyl_dec bias;                /* mean(outcome - point), exact before rounding */
    kalkyl_dec mean_absolute_error; /* mean |outcome - point|, exact before rounding */
    kalkyl_dec interval_score;      /* Winkler, see kalkyl_band_grade; an estimate */
    kalkyl_dec pinball_low;         /* pinball loss of low as the a/2 quantile; estimate */
    kalkyl_dec pinball_point;       /* of point as the median; estimate */
    kalkyl_dec pinball_high;        /* of high as the 1 - a/2 quantile; estimate */
} kalkyl_band_scores;

/*
** kalkyl_band_grade: how good past bands were. For bands[i] and
** outcomes[i] (y), with a = 1 - level:
**   bias            mean(y - point); > 0: the forecasts were too pessimistic
**   MAE             mean |y - point|
**   coverage        share with low <= y <= high (compare with level)
**   interval score  Winkler: mean of (high - low) + (2/a)*(low - y) if
**                   y < low, + (2/a)*(y - high) if y > high; lower is better
**   pinball         tau*(y - q) if y >= q, else (1 - tau)*(q - y), for low
**                   (tau = a/2), point (1/2) and high (1 - a/2), means.
**
** Uppsala 2024 at level 0.8: band {-35, -30, -25}, outcome -23,5: bias 6,5,
** MAE 6,5, coverage 0, interval score 10 + 10*1,5 = 25, pinball 1,15 / 3,25
** / 1,35.
**
**   bands, outcomes  n of each (n >= 1).
**   level            the coverage the bands claimed, in (0, 1).
**   scale, mode      decimals and rounding of the amounts.
**   out              receives the scores.
**
** Returns
**   KALKYL_OK           *out is written.
**   KALKYL_E_NULL       out is NULL; bands or outcomes NULL while n > 0.
**   KALKYL_E_INVALID    n is 0; level outside (0, 1); a band out of order;
**                       mode out of range; a kalkyl_dec's reserved not 0.
**   KALKYL_E_SCALE, KALKYL_E_OVERFLOW
**                       scale outside 0..28; a kalkyl_dec out of range; a
**                       sum beyond 38 digits.
**   KALKYL_E_NO_MEMORY  a temporary allocation failed.
** On failure *out is untouched. Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_band_grade(const kalkyl_band* bands, const kalkyl_dec* outcomes, size_t n,
                                           double level, int32_t scale, kalkyl_rounding mode,
                                           kalkyl_band_scores* out);

/* ==========================================================================
** Budget follow-up ledger
**
** The table at the heart of every follow-up report: per row, the budget, the
** year-to-date outcome, the full-year forecasts, the previous year and the
** variances, rolled up exactly over a tree of rows (nämnd -> verksamhet ->
** konto, any depth). The C++ API is include/kalkyl/followup.hpp and
** forecast.hpp.
**
** A LEDGER IS A HANDLE. Unlike the rest of this header, this section has an
** object the library allocates: kalkyl_ledger_new() creates one and
** kalkyl_ledger_free() releases it (and everything it holds). Every other
** function takes the handle. The library checks the handle cheaply (a magic
** number): a freed or foreign pointer is usually reported as
** KALKYL_E_INVALID, but this cannot be guaranteed; only NULL (KALKYL_E_NULL)
** is always detected.
**
** THREADS. A ledger is not thread-safe: do not use one handle from two
** threads at once without a lock of your own (reading functions included,
** because kalkyl_ledger_compute() writes the handle). Different handles may
** be used from different threads freely. The message behind
** kalkyl_last_error() stays per thread as everywhere.
**
** ROWS. A row has an id (UTF-8 text, unique in the ledger, given as a pointer
** and a length in bytes; any bytes but an empty id), a name, a parent (none:
** a root; a ledger may have several roots) and a kind:
**   KALKYL_ROW_REVENUE  revenues (intäkter), stored positive;
**   KALKYL_ROW_COST     costs (or a verksamhet's net cost), stored positive;
**   KALKYL_ROW_NET      a node that nets its rows: its figures are net cost =
**                       cost rows - revenue rows; its own budget is its
**                       kommunbidrag (the frame from the council).
** A net row takes child rows of every kind; a cost row only cost rows and a
** revenue row only revenue rows. Each row holds 12 months of three series
** (kalkyl_series): budget (every kind; kommunbidrag on a net row), outcome
** and previous year's outcome (revenue and cost rows only), and any number
** of named full-year forecasts (every kind; on a net row, of net cost).
**
** ONE SIGN CONVENTION. Amounts are in their row's natural sign (costs,
** revenues and net costs positive; kommunbidrag positive; resultat positive
** for a surplus). Every variance is positive when it is good for the result:
** budget - outcome on cost and net rows, outcome - budget on revenue rows.
** Convert a report's conventions before you load it (the C++ header has the
** converters; Python: kalkyl.followup.from_report).
**
** ROLL-UP. A row's budget, outcome and previous year are its own values plus
** its children's (a net row subtracts revenue children); kommunbidrag rolls
** up over net rows. A forecast stored on a row is that row's forecast; a row
** without one of that name has the signed sum of its children's, defined
** only when every child has one.
**
** FAILURE CHANGES NOTHING. Every function that changes a ledger checks all
** its arguments first; when it fails, the ledger is exactly as it was
** before the call (and its computed figures, if any, are still there).
** Errors about a row name it in the message: "row '5731': ...".
** ========================================================================== */

/* A budget follow-up ledger (opaque; see kalkyl_ledger_new). */
typedef struct kalkyl_ledger kalkyl_ledger;

/* The kind of a row (the numbering of kalkyl::RowKind). */
typedef enum kalkyl_row_kind {
    KALKYL_ROW_REVENUE = 0, /* revenues, positive */
    KALKYL_ROW_COST = 1,    /* costs, positive */
    KALKYL_ROW_NET = 2      /* net cost of its rows; its own budget is the kommunbidrag */
} kalkyl_row_kind;

/* The monthly series of a row (the numbering of kalkyl::Series). */
typedef enum kalkyl_series {
    KALKYL_SERIES_BUDGET = 0,       /* this year's budget; kommunbidrag on a net row */
    KALKYL_SERIES_OUTCOME = 1,      /* this year's outcome (utfall); not on net rows */
    KALKYL_SERIES_PRIOR_OUTCOME = 2 /* last year's outcome, same month; not on net rows */
} kalkyl_series;

/* How a full-year forecast is made (the numbering of kalkyl::ForecastMethod).
** m is the month of the forecast; "to date" is January..m. */
typedef enum kalkyl_forecast_method {
    KALKYL_FORECAST_RUN_RATE = 0,          /* outcome to date * 12 / m */
    KALKYL_FORECAST_REMAINING_BUDGET = 1,  /* outcome to date + budget of months m+1..12 (exact) */
    KALKYL_FORECAST_LAST_YEAR_PROFILE = 2, /* outcome to date * last year / last year to date */
    KALKYL_FORECAST_TREND = 3,             /* outcome to date + a least-squares line through
                                              months 1..m, extended to December */
    KALKYL_FORECAST_SEASONAL_TREND = 4,    /* the same on top of last year's seasonal profile */
    KALKYL_FORECAST_MANUAL = 5             /* entered by a person, with a spread */
} kalkyl_forecast_method;

/* The derived figures of a row (the numbering of kalkyl::Figure). Those from
** KALKYL_FIG_FORECAST on need the name of a forecast. */
typedef enum kalkyl_ledger_figure {
    KALKYL_FIG_BUDGET_YTD = 0,         /* budget January..m */
    KALKYL_FIG_BUDGET_YEAR = 1,        /* budget for the year */
    KALKYL_FIG_OUTCOME_YTD = 2,        /* outcome January..m */
    KALKYL_FIG_PRIOR_OUTCOME_YTD = 3,  /* last year January..m */
    KALKYL_FIG_PRIOR_OUTCOME_YEAR = 4, /* last year, whole year */
    KALKYL_FIG_KOMMUNBIDRAG_YTD = 5,   /* net rows: the frame January..m */
    KALKYL_FIG_KOMMUNBIDRAG_YEAR = 6,  /* net rows: the frame for the year */
    KALKYL_FIG_VARIANCE_YTD = 7,       /* budget vs outcome to date, positive = good */
    KALKYL_FIG_RESULT_YTD = 8,         /* net rows: kommunbidrag_ytd - outcome_ytd */
    KALKYL_FIG_CHANGE_YTD = 9,         /* outcome_ytd - prior_outcome_ytd */
    KALKYL_FIG_FORECAST = 10,          /* the named full-year forecast */
    KALKYL_FIG_VARIANCE_YEAR = 11,     /* budget_year vs forecast, positive = good */
    KALKYL_FIG_RESULT_YEAR = 12,       /* net rows: kommunbidrag_year - forecast */
    KALKYL_FIG_CHANGE_YEAR = 13        /* forecast - prior_outcome_year */
} kalkyl_ledger_figure;

/* The figures that are percentages (the numbering of kalkyl::PercentFigure). */
typedef enum kalkyl_percent_figure {
    KALKYL_PCT_BUDGETHALLNING_YTD = 0,  /* net rows: result_ytd / kommunbidrag_ytd * 100 */
    KALKYL_PCT_BUDGETHALLNING_YEAR = 1, /* net rows: result_year / kommunbidrag_year * 100 */
    KALKYL_PCT_CHANGE_YTD = 2,          /* change_ytd / |prior_outcome_ytd| * 100 */
    KALKYL_PCT_CHANGE_YEAR = 3          /* change_year / |prior_outcome_year| * 100 */
} kalkyl_percent_figure;

/* One row for kalkyl_ledger_add_rows. Texts are UTF-8 with a length in bytes;
** parent NULL (or parent_len 0) makes a root. */
typedef struct kalkyl_row_spec {
    const char* id;
    size_t id_len;
    const char* name; /* may be NULL when name_len is 0 */
    size_t name_len;
    const char* parent;
    size_t parent_len;
    int32_t kind;      /* kalkyl_row_kind */
    uint32_t reserved; /* 0 */
} kalkyl_row_spec;

/*
** kalkyl_ledger_new: create an empty ledger.
**
**   out  receives the handle; free it with kalkyl_ledger_free().
**
** Returns
**   KALKYL_OK           *out is a new ledger.
**   KALKYL_E_NULL       out is NULL.
**   KALKYL_E_NO_MEMORY  the allocation failed (*out is not written).
**
** Thread-safe.
*/
KALKYL_API kalkyl_status kalkyl_ledger_new(kalkyl_ledger** out);

/*
** kalkyl_ledger_free: release a ledger made by kalkyl_ledger_new() and all
** it holds. NULL is allowed and does nothing (KALKYL_OK), as free(NULL).
** The handle must not be used afterwards.
**
** Returns
**   KALKYL_OK           freed (or NULL).
**   KALKYL_E_INVALID    the pointer is not a live ledger as far as the cheap
**                       check can tell (freed twice, or foreign); nothing is
**                       freed.
*/
KALKYL_API kalkyl_status kalkyl_ledger_free(kalkyl_ledger* ledger);

/*
** kalkyl_ledger_add_rows: add n rows, in any order (a parent may come after
** its children in the array, or be a row already in the ledger): all of
** them or, on failure, none.
**
**   ledger     the ledger.
**   rows       n row descriptions; may be NULL when n is 0.
**   n          how many.
**   bad_index  receives, on failure, the index of the row at fault, or
**              SIZE_MAX when the failure is not about one row. May be NULL.
**
** Returns
**   KALKYL_OK           the rows are in the ledger; computed figures are
**                       dropped (call kalkyl_ledger_compute again).
**   KALKYL_E_NULL       ledger is NULL; rows is NULL while n > 0; a row's id
**                       is NULL, or its name or parent is NULL with a length > 0.
**   KALKYL_E_INVALID    a bad handle; an empty id; an id already in the ledger
**                       or given twice; an unknown parent; a cycle among the
**                       rows; a child of the wrong kind (a cost row under a
**                       revenue row); a kind that is not a kalkyl_row_kind;
**                       reserved not 0. The message names the row.
**   KALKYL_E_NO_MEMORY  an allocation failed.
*/
KALKYL_API kalkyl_status kalkyl_ledger_add_rows(kalkyl_ledger* ledger, const kalkyl_row_spec* rows,
                                                size_t n, size_t* bad_index);

/*
** kalkyl_ledger_add_row: add one row under `parent` (NULL or length 0: a
** root). The parent must be in the ledger already.
**
**   id, id_len          the new row's id (UTF-8, not empty).
**   name, name_len      its name; name may be NULL when name_len is 0.
**   kind                kalkyl_row_kind.
**   parent, parent_len  the parent's id, or NULL / 0 for a root.
**
** Returns as kalkyl_ledger_add_rows.
*/
KALKYL_API kalkyl_status kalkyl_ledger_add_row(kalkyl_ledger* ledger, const char* id, size_t id_len,
                                               const char* name, size_t name_len,
                                               kalkyl_row_kind kind, const char* parent,
                                               size_t parent_len);

/*
** kalkyl_ledger_set_values: set n consecutive months of one series of a row,
** from first_month on (first_month + n - 1 <= 12). Months not named keep
** their values (zero when never set).
**
**   ledger, id, id_len  the row.
**   series              kalkyl_series; OUTCOME and PRIOR_OUTCOME only on
**                       revenue and cost rows.
**   first_month         1..12.
**   values              n values in the row's sign (see ONE SIGN CONVENTION).
**   n                   0..13 - first_month.
**
** Returns
**   KALKYL_OK           set.
**   KALKYL_E_NULL       ledger, id or values is NULL (values may be NULL when n is 0).
**   KALKYL_E_INVALID    a bad handle; no such row; series not a kalkyl_series;
**                       a month outside 1..12 or a range past December; an
**                       outcome on a net row; a reserved field not 0.
**   KALKYL_E_SCALE, KALKYL_E_OVERFLOW
**                       a kalkyl_dec out of range (the message names values[i]).
*/
KALKYL_API kalkyl_status kalkyl_ledger_set_values(kalkyl_ledger* ledger, const char* id,
                                                  size_t id_len, kalkyl_series series,
                                                  int32_t first_month, const kalkyl_dec* values,
                                                  size_t n);

/*
** kalkyl_ledger_set_annual_budget: set a row's twelve monthly budgets (on a
** net row: its kommunbidrag) by periodising an annual amount, exactly as
** kalkyl_periodise() does; the months add up to `annual` exactly.
**
**   annual, profile, scale, mode   as for kalkyl_periodise (profile NULL:
**                                  equal months).
**
** Returns
**   KALKYL_OK           set.
**   KALKYL_E_NULL       ledger, id or annual is NULL.
**   KALKYL_E_INVALID    a bad handle; no such row; a bad profile or mode.
**   KALKYL_E_SCALE, KALKYL_E_OVERFLOW   as for kalkyl_periodise.
*/
KALKYL_API kalkyl_status kalkyl_ledger_set_annual_budget(kalkyl_ledger* ledger, const char* id,
                                                         size_t id_len, const kalkyl_dec* annual,
                                                         const kalkyl_dec* profile, int32_t scale,
                                                         kalkyl_allocation_mode mode);

/*
** kalkyl_ledger_add_forecast: compute a full-year forecast for a row with
** `method` as of `month`, on the row's rolled-up monthly outcome, budget and
** previous year, and store it under `name` (replacing one of that name).
** The trend methods fit their line in binary floating point (statistics);
** the outcome to date is added exactly and the fitted rest of the year is
** rounded once, to `scale` by `mode`. RUN_RATE and LAST_YEAR_PROFILE divide
** and round to `scale` by `mode`; REMAINING_BUDGET is exact (scale and mode
** are recorded, not used).
**
**   name, name_len  the forecast's name (not empty), e.g. "Prognos aug".
**   method          any kalkyl_forecast_method but MANUAL.
**   month           1..12: the outcome January..month is known.
**   scale, mode     the result's decimals (0..28) and rounding.
**   out             receives the forecast; may be NULL.
**
** Returns
**   KALKYL_OK           stored (and *out written).
**   KALKYL_E_NULL       ledger, id or name is NULL.
**   KALKYL_E_INVALID    a bad handle; no such row; an empty name; MANUAL or
**                       an unknown method; a month outside 1..12; a bad mode;
**                       not enough history: a trend before month 2;
**                       LAST_YEAR_PROFILE or SEASONAL_TREND without a previous
**                       year (all zero), or with last year zero to date (or a
**                       month of it zero, for the seasonal index).
**   KALKYL_E_SCALE, KALKYL_E_OVERFLOW   scale outside 0..28; a result too large.
*/
KALKYL_API kalkyl_status kalkyl_ledger_add_forecast(kalkyl_ledger* ledger, const char* id,
                                                    size_t id_len, const char* name,
                                                    size_t name_len, kalkyl_forecast_method method,
                                                    int32_t month, int32_t scale,
                                                    kalkyl_rounding mode, kalkyl_dec* out);

/*
** kalkyl_ledger_set_manual_forecast: store a forecast entered by a person
** under `name`, with the author's spread: the author believes the outcome
** lies in [value - downside, value + upside] (the band layer reads it).
**
**   month                as of which month it was made, 1..12.
**   value                the full-year figure, in the row's sign.
**   downside, upside     >= 0.
**   author, author_len   who made it; author may be NULL when author_len is 0.
**
** Returns
**   KALKYL_OK           stored.
**   KALKYL_E_NULL       ledger, id, name, value, downside or upside is NULL.
**   KALKYL_E_INVALID    a bad handle; no such row; an empty name; a month
**                       outside 1..12; a negative downside or upside.
**   KALKYL_E_SCALE, KALKYL_E_OVERFLOW   a kalkyl_dec out of range.
*/
KALKYL_API kalkyl_status kalkyl_ledger_set_manual_forecast(
    kalkyl_ledger* ledger, const char* id, size_t id_len, const char* name, size_t name_len,
    int32_t month, const kalkyl_dec* value, const kalkyl_dec* downside, const kalkyl_dec* upside,
    const char* author, size_t author_len);

/*
** kalkyl_ledger_forecast_info: a forecast stored on the row itself (not a
** rolled-up one): how it was made and, for MANUAL, its spread (zero for the
** computed methods). Every out-pointer may be NULL.
**
**   method  receives its kalkyl_forecast_method.
**   month   receives the month it was made as of.
**   value, downside, upside   receive the figure and the spread.
**
** Returns
**   KALKYL_OK           written.
**   KALKYL_E_NULL       ledger, id or name is NULL.
**   KALKYL_E_INVALID    a bad handle; no such row; no forecast of that name
**                       stored on the row.
*/
KALKYL_API kalkyl_status kalkyl_ledger_forecast_info(const kalkyl_ledger* ledger, const char* id,
                                                     size_t id_len, const char* name,
                                                     size_t name_len, int32_t* method,
                                                     int32_t* month, kalkyl_dec* value,
                                                     kalkyl_dec* downside, kalkyl_dec* upside);

/*
** kalkyl_ledger_row_count: how many rows the ledger has.
**
** Returns KALKYL_OK, KALKYL_E_NULL (ledger or out is NULL), KALKYL_E_INVALID
** (a bad handle).
*/
KALKYL_API kalkyl_status kalkyl_ledger_row_count(const kalkyl_ledger* ledger, size_t* out);

/*
** kalkyl_ledger_compute: roll up every row's figures through `month` (1..12:
** "January..month", 8 for a delårsbokslut per augusti) in one pass, and keep
** them in the handle for kalkyl_ledger_get / _get_column / _percent. Any
** change to the ledger drops them; compute again after changing it.
**
** Returns
**   KALKYL_OK           computed.
**   KALKYL_E_NULL       ledger is NULL.
**   KALKYL_E_INVALID    a bad handle; a month outside 1..12.
**   KALKYL_E_OVERFLOW   a total needs more than 38 digits (the figures
**                       computed before, if any, are kept).
**   KALKYL_E_NO_MEMORY  an allocation failed.
*/
KALKYL_API kalkyl_status kalkyl_ledger_compute(kalkyl_ledger* ledger, int32_t month);

/*
** kalkyl_ledger_get: one derived figure of one row, from the last
** kalkyl_ledger_compute().
**
**   what                   kalkyl_ledger_figure.
**   forecast, forecast_len the forecast's name for the figures from
**                          KALKYL_FIG_FORECAST on; otherwise ignored (may be NULL).
**   out                    receives the figure, exactly (no rounding).
**
** Huddinge, delårsrapport per augusti 2021, Årets resultat (month 8):
** KALKYL_FIG_RESULT_YEAR with forecast "Prognos" is 3 375 tkr.
**
** Returns
**   KALKYL_OK           *out written.
**   KALKYL_E_NULL       ledger, id or out is NULL; forecast is NULL where needed.
**   KALKYL_E_INVALID    a bad handle; not computed (or changed since); no such
**                       row; `what` not a kalkyl_ledger_figure; kommunbidrag or
**                       result on a row that is not a net row; no forecast of
**                       that name (the message names the row without one).
*/
KALKYL_API kalkyl_status kalkyl_ledger_get(const kalkyl_ledger* ledger, const char* id,
                                           size_t id_len, kalkyl_ledger_figure what,
                                           const char* forecast, size_t forecast_len,
                                           kalkyl_dec* out);

/*
** kalkyl_ledger_get_column: one derived figure of every row, in the order the
** rows were added (kalkyl_ledger_add_rows: in the array's order): one call for
** a whole column.
**
**   out  n values; n must equal kalkyl_ledger_row_count().
**
** Returns as kalkyl_ledger_get, and KALKYL_E_INVALID when n is not the row
** count. On failure out[] is untouched.
*/
KALKYL_API kalkyl_status kalkyl_ledger_get_column(const kalkyl_ledger* ledger,
                                                  kalkyl_ledger_figure what, const char* forecast,
                                                  size_t forecast_len, kalkyl_dec* out, size_t n);

/*
** kalkyl_ledger_percent: a figure that is a percentage, at `scale` decimals
** of the percent figure, rounded by `mode` (0,8 for 0,8 %).
**
** Huddinge 2021: KALKYL_PCT_BUDGETHALLNING_YEAR of the committee with
** forecast "Prognos", scale 1, HALF_UP: 3 375 / 422 848 = 0,8.
**
** Returns as kalkyl_ledger_get, and
**   KALKYL_E_INVALID    `what` not a kalkyl_percent_figure; a bad mode.
**   KALKYL_E_SCALE      scale outside 0..28.
**   KALKYL_E_DIV_ZERO   a zero kommunbidrag or previous year.
*/
KALKYL_API kalkyl_status kalkyl_ledger_percent(const kalkyl_ledger* ledger, const char* id,
                                               size_t id_len, kalkyl_percent_figure what,
                                               const char* forecast, size_t forecast_len,
                                               int32_t scale, kalkyl_rounding mode,
                                               kalkyl_dec* out);

/*
** kalkyl_backtest: run a forecast method on earlier years at every month and
** return its errors against each year's final outcome: for year i and month
** m, error = forecast - actual (positive: the forecast was too high).
**
**   outcomes   n_years * 12 values: year i's January..December at
**              [12*i .. 12*i + 11]. The years are consecutive: year i - 1 is
**              year i's "last year" (for LAST_YEAR_PROFILE, SEASONAL_TREND).
**   budgets    n_years * 12 monthly budgets, the same layout, or NULL (then
**              REMAINING_BUDGET has no history: every valid[] is 0).
**   n_years    how many years.
**   method     any kalkyl_forecast_method but MANUAL.
**   scale, mode  as for kalkyl_ledger_add_forecast.
**   errors     n_years * 12 values; receives the errors ([12*i + m - 1]).
**   valid      n_years * 12 bytes; receives 1 where the method could run, 0
**              where it lacked history (the first year for last year's
**              profile, month 1 for a trend); errors[] is 0 there.
**
** Returns
**   KALKYL_OK           errors[] and valid[] are written.
**   KALKYL_E_NULL       outcomes, errors or valid is NULL while n_years > 0.
**   KALKYL_E_INVALID    MANUAL or an unknown method; a bad mode; a reserved
**                       field not 0.
**   KALKYL_E_SCALE, KALKYL_E_OVERFLOW, KALKYL_E_NO_MEMORY
** On failure nothing is written.
**
** Thread-safe (no handle).
*/
KALKYL_API kalkyl_status kalkyl_backtest(const kalkyl_dec* outcomes, const kalkyl_dec* budgets,
                                         size_t n_years, kalkyl_forecast_method method,
                                         int32_t scale, kalkyl_rounding mode, kalkyl_dec* errors,
                                         uint8_t* valid);

/* ============================================================================
** SIE 4 files: reading an accounting system's export, writing a budget back
** ============================================================================
**
** SIE 4 (SIE-gruppen, "SIE filformat, utgåva 4C") is what every Swedish
** accounting and ERP system exports: account balances per period (#PSALDO),
** budgets (#PBUDGET) and transactions (#VER/#TRANS), in code page 437. A file
** is read once into an opaque kalkyl_sie handle (kalkyl_sie_read,
** kalkyl_sie_read_file) that keeps everything but the single transactions,
** which are summed per year, period, account and object list, so memory
** grows with the chart of accounts and not with the file. Accessors hand out
** the contents by index; kalkyl_sie_to_ledger() makes the follow-up ledger
** of one fiscal year; kalkyl_sie_write_budget() writes a periodised budget as
** #PBUDGET records that the accounting system imports. docs/sie.md describes
** the format kalkyl reads, the default mapping of accounts and the mapping
** file.
**
** MEMORY: the caller frees a handle with kalkyl_sie_free(). Every text and
** array an accessor hands out (account names, object lists, messages) belongs
** to the handle: NUL-terminated UTF-8, valid until kalkyl_sie_free().
**
** THREADS: a kalkyl_sie is read-only once made: any number of threads may
** call its accessors and kalkyl_sie_to_ledger() at once.
**
** SIGNS: amounts read from the file keep SIE's sign (debit positive: a cost
** is positive, a revenue negative). kalkyl_sie_to_ledger() and
** kalkyl_sie_write_budget() use the ledger's natural sign (a revenue and a
** cost are both positive) and turn them.
*/

/* A read SIE file (opaque; see kalkyl_sie_read). */
typedef struct kalkyl_sie kalkyl_sie;

/* How the bytes of a file are decoded. */
typedef enum kalkyl_sie_encoding {
    KALKYL_SIE_ENC_AUTO = -1,        /* reading only: detect (below) */
    KALKYL_SIE_ENC_CP437 = 0,        /* IBM PC 8 (#FORMAT PC8), what SIE prescribes */
    KALKYL_SIE_ENC_WINDOWS_1252 = 1, /* what a careless exporter writes instead */
    KALKYL_SIE_ENC_UTF8 = 2          /* likewise, with or without a byte order mark */
} kalkyl_sie_encoding;

/* What became of the file's #KSUMMA. */
typedef enum kalkyl_sie_checksum {
    KALKYL_SIE_CHECKSUM_ABSENT = 0,   /* no #KSUMMA */
    KALKYL_SIE_CHECKSUM_VERIFIED = 1, /* present and matching */
    KALKYL_SIE_CHECKSUM_MISMATCH = 2, /* present and not matching: an error diagnostic */
    KALKYL_SIE_CHECKSUM_UNCLOSED = 3  /* the opening #KSUMMA without the closing one */
} kalkyl_sie_checksum;

/* How serious a diagnostic is. */
typedef enum kalkyl_sie_severity {
    KALKYL_SIE_INFO = 0,    /* worth knowing: an unknown label, a date outside every year */
    KALKYL_SIE_WARNING = 1, /* read, but check it: a Windows-1252 file declaring PC8 */
    KALKYL_SIE_ERROR = 2    /* the content is not trustworthy: an unbalanced #VER, a bad #KSUMMA */
} kalkyl_sie_severity;

/* The kind of a balance record. */
typedef enum kalkyl_sie_balance_kind {
    KALKYL_SIE_IB = 0,  /* #IB  ingående balans */
    KALKYL_SIE_UB = 1,  /* #UB  utgående balans */
    KALKYL_SIE_RES = 2, /* #RES resultat */
    KALKYL_SIE_OIB = 3, /* #OIB ingående balans of an object */
    KALKYL_SIE_OUB = 4  /* #OUB utgående balans of an object */
} kalkyl_sie_balance_kind;

/* The kind of a period amount. */
typedef enum kalkyl_sie_period_kind {
    KALKYL_SIE_PSALDO = 0,  /* #PSALDO: the period's outcome */
    KALKYL_SIE_PBUDGET = 1, /* #PBUDGET: the period's budget */
    KALKYL_SIE_TRANS = 2    /* the sum of the period's #TRANS (kalkyl_sie_get_transaction_sum) */
} kalkyl_sie_period_kind;

/* The chart of accounts whose classes give an account's default use. */
typedef enum kalkyl_sie_chart {
    KALKYL_SIE_CHART_BAS = 0,       /* BAS-kontoplanen */
    KALKYL_SIE_CHART_KOMMUN_BAS = 1 /* Kommun-Bas (municipalities) */
} kalkyl_sie_chart;

/* Where kalkyl_sie_to_ledger takes the monthly outcome from. */
typedef enum kalkyl_sie_outcome {
    KALKYL_SIE_OUTCOME_AUTO = 0,        /* #PSALDO when the year has any, else #TRANS */
    KALKYL_SIE_OUTCOME_PSALDO = 1,      /* #PSALDO */
    KALKYL_SIE_OUTCOME_TRANSACTIONS = 2 /* the sums of #TRANS */
} kalkyl_sie_outcome;

/* The file as a whole (kalkyl_sie_info). Texts are "" when the file does not
** give them. The counts say how many items each accessor has. */
typedef struct kalkyl_sie_info {
    uint32_t size;                  /* in: sizeof(kalkyl_sie_info), as the caller compiled it */
    int32_t sie_type;               /* #SIETYP 1..4; 0 when missing */
    int32_t encoding;               /* kalkyl_sie_encoding used to decode */
    int32_t encoding_mismatch;      /* 1: the bytes are not the declared PC8 */
    int32_t checksum;               /* kalkyl_sie_checksum */
    int32_t complete;               /* 1: no diagnostic of severity ERROR */
    uint32_t checksum_expected;     /* #KSUMMA's value in the file (when present) */
    uint32_t checksum_computed;     /* the CRC-32 kalkyl computed */
    const char* program;            /* #PROGRAM */
    const char* program_version;
    const char* format;             /* #FORMAT as written ("PC8") */
    const char* generated;          /* #GEN YYYYMMDD */
    const char* company;            /* #FNAMN */
    const char* org_number;         /* #ORGNR */
    const char* chart_type;         /* #KPTYP */
    const char* currency;           /* #VALUTA ("SEK" when missing) */
    uint64_t bytes;                 /* the file's size */
    uint64_t lines;
    uint64_t verifications;         /* #VER read */
    uint64_t transactions;          /* #TRANS read */
    uint64_t transactions_outside_years; /* #TRANS dated outside every #RAR: not summed */
    uint64_t diagnostics_dropped;   /* diagnostics beyond the 1000 kept */
    uint64_t error_count;           /* diagnostics of severity ERROR, dropped or not */
    size_t n_years;                 /* kalkyl_sie_get_year */
    size_t n_accounts;              /* kalkyl_sie_get_account */
    size_t n_dimensions;            /* kalkyl_sie_get_dimension */
    size_t n_objects;               /* kalkyl_sie_get_object */
    size_t n_balances;              /* kalkyl_sie_get_balance */
    size_t n_periods;               /* kalkyl_sie_get_period */
    size_t n_transaction_sums;      /* kalkyl_sie_get_transaction_sum */
    size_t n_diagnostics;           /* kalkyl_sie_get_diagnostic */
    size_t n_unknown_labels;        /* kalkyl_sie_get_unknown_label */
} kalkyl_sie_info;

/* A fiscal year (#RAR). */
typedef struct kalkyl_sie_year {
    int32_t index; /* 0 this year, -1 the previous, ... */
    int32_t start; /* YYYYMMDD */
    int32_t end;   /* YYYYMMDD */
} kalkyl_sie_year;

/* An account (#KONTO, #KTYP). */
typedef struct kalkyl_sie_account {
    const char* number; /* "4010" */
    const char* name;
    char type;          /* 'T' tillgång, 'S' skuld, 'K' kostnad, 'I' intäkt; 0 not given */
} kalkyl_sie_account;

/* A dimension (#DIM, #UNDERDIM). */
typedef struct kalkyl_sie_dimension {
    int32_t number; /* 1 kostnadsställe/resultatenhet, 2 kostnadsbärare, 6 projekt, ... */
    int32_t parent; /* #UNDERDIM: the superior dimension; 0 for none */
    const char* name;
} kalkyl_sie_dimension;

/* One object of an object list, or an #OBJEKT with its name. Handed out by
** the accessors (id NUL-terminated, id_len its length), and given to
** kalkyl_sie_write_budget (id of id_len bytes, name ignored). */
typedef struct kalkyl_sie_object {
    int32_t dimension;
    const char* id;   /* "100" */
    size_t id_len;
    const char* name; /* #OBJEKT's name; "" in an object list */
} kalkyl_sie_object;

/* A balance record: #IB, #UB, #RES (no objects) or #OIB, #OUB. */
typedef struct kalkyl_sie_balance {
    int32_t kind;                     /* kalkyl_sie_balance_kind */
    int32_t year;                     /* #RAR index */
    const char* account;
    const kalkyl_sie_object* objects; /* n_objects of them, by dimension */
    size_t n_objects;
    kalkyl_dec amount;                /* SIE sign: debit positive */
    kalkyl_dec quantity;              /* valid when has_quantity */
    int32_t has_quantity;
} kalkyl_sie_balance;

/* A period amount: #PSALDO, #PBUDGET, or the sum of a period's #TRANS. */
typedef struct kalkyl_sie_period {
    int32_t kind;                     /* kalkyl_sie_period_kind */
    int32_t year;                     /* #RAR index */
    int32_t period;                   /* YYYYMM */
    const char* account;
    const kalkyl_sie_object* objects; /* n_objects of them, by dimension; none: the account's total */
    size_t n_objects;
    kalkyl_dec amount;                /* SIE sign: debit positive */
    kalkyl_dec quantity;              /* valid when has_quantity */
    int32_t has_quantity;
    uint64_t count;                   /* #TRANS summed (1 for #PSALDO, #PBUDGET) */
} kalkyl_sie_period;

/* A finding about the file's structure or content. */
typedef struct kalkyl_sie_diagnostic {
    int32_t severity;    /* kalkyl_sie_severity */
    uint64_t line;       /* 1-based; 0 for the file as a whole */
    uint64_t column;     /* 1-based, in bytes; 0 when not at one place */
    const char* label;   /* the record's label ("#TRANS"); may be "" */
    const char* message; /* English */
} kalkyl_sie_diagnostic;

/*
** kalkyl_sie_read: read an SIE 4 file held in memory.
**
**   data      the file's bytes (NULL only when len is 0).
**   len       their number.
**   encoding  a kalkyl_sie_encoding; KALKYL_SIE_ENC_AUTO detects it: a byte
**             order mark or valid multi-byte UTF-8 means UTF-8; otherwise
**             letters of CP437 against letters of Windows-1252 decide. A file
**             whose bytes are not the PC8 it declares is read in the detected
**             encoding with a WARNING diagnostic: never silently misread.
**   out       receives the handle; free it with kalkyl_sie_free().
**
** A record that cannot be read fails the whole call: nothing half-read is
** returned. kalkyl_last_error() names the line, the column and the label:
** "kalkyl_sie_read: line 12, column 30, #TRANS: amount \"12,50\" is not a
** number (SIE writes a dot as decimal mark)". Problems that leave the records
** readable (a #TRANS outside a #VER, an unbalanced verification, a #KSUMMA
** that does not match) are diagnostics of the handle instead; check
** kalkyl_sie_info's `complete`.
**
** Returns
**   KALKYL_OK           *out is a new handle.
**   KALKYL_E_NULL       out is NULL; data is NULL while len > 0.
**   KALKYL_E_INVALID    encoding out of range; not an SIE file.
**   KALKYL_E_PARSE      a record that cannot be read.
**   KALKYL_E_OVERFLOW   an amount beyond 38 digits.
**   KALKYL_E_NO_MEMORY
** On failure *out is not written.
*/
KALKYL_API kalkyl_status kalkyl_sie_read(const char* data, size_t len,
                                         kalkyl_sie_encoding encoding, kalkyl_sie** out);

/*
** kalkyl_sie_read_file: kalkyl_sie_read on a file, streamed: memory stays
** flat however many #TRANS lines it has.
**
**   path  a NUL-terminated file name, as the operating system takes it.
**
** Returns as kalkyl_sie_read; a file that cannot be opened or read is
** KALKYL_E_INVALID with the system's reason.
*/
KALKYL_API kalkyl_status kalkyl_sie_read_file(const char* path, kalkyl_sie_encoding encoding,
                                              kalkyl_sie** out);

/*
** kalkyl_sie_free: release a handle made by kalkyl_sie_read or
** kalkyl_sie_read_file, and every text and array it handed out. NULL is
** accepted and does nothing.
**
** Returns KALKYL_OK, or KALKYL_E_INVALID for a pointer that is not a live
** handle (one freed already is detected in most cases, not all).
*/
KALKYL_API kalkyl_status kalkyl_sie_free(kalkyl_sie* sie);

/*
** kalkyl_sie_get_info: what the file says about itself and how many items of
** each kind it has.
**
**   out  out->size must be set to sizeof(kalkyl_sie_info) (a later release's
**        larger struct is accepted: its new fields are written as 0).
**
** Returns KALKYL_OK; KALKYL_E_NULL; KALKYL_E_INVALID for a dead handle or a
** size smaller than ABI 1's struct (or above 4096).
*/
KALKYL_API kalkyl_status kalkyl_sie_get_info(const kalkyl_sie* sie, kalkyl_sie_info* out);

/*
** The items of a file by index (0 .. n-1, the counts of kalkyl_sie_info), in
** file order:
**   kalkyl_sie_get_year             #RAR
**   kalkyl_sie_get_account          #KONTO (with #KTYP)
**   kalkyl_sie_get_dimension        #DIM, #UNDERDIM
**   kalkyl_sie_get_object           #OBJEKT
**   kalkyl_sie_get_balance          #IB, #UB, #RES, #OIB, #OUB
**   kalkyl_sie_get_period           #PSALDO and #PBUDGET
**   kalkyl_sie_get_transaction_sum  the #TRANS summed per year, period,
**                                   account and object list (kind
**                                   KALKYL_SIE_TRANS)
**   kalkyl_sie_get_diagnostic       the findings, in the order found
**   kalkyl_sie_get_unknown_label    a label the reader skipped, and how often
**
** Returns KALKYL_OK; KALKYL_E_NULL (sie or out); KALKYL_E_INVALID for a dead
** handle or an index >= the count (the message says the count). On failure
** *out is not written.
*/
KALKYL_API kalkyl_status kalkyl_sie_get_year(const kalkyl_sie* sie, size_t i, kalkyl_sie_year* out);
KALKYL_API kalkyl_status kalkyl_sie_get_account(const kalkyl_sie* sie, size_t i,
                                            kalkyl_sie_account* out);
KALKYL_API kalkyl_status kalkyl_sie_get_dimension(const kalkyl_sie* sie, size_t i,
                                              kalkyl_sie_dimension* out);
KALKYL_API kalkyl_status kalkyl_sie_get_object(const kalkyl_sie* sie, size_t i,
                                           kalkyl_sie_object* out);
KALKYL_API kalkyl_status kalkyl_sie_get_balance(const kalkyl_sie* sie, size_t i,
                                            kalkyl_sie_balance* out);
KALKYL_API kalkyl_status kalkyl_sie_get_period(const kalkyl_sie* sie, size_t i,
                                           kalkyl_sie_period* out);
KALKYL_API kalkyl_status kalkyl_sie_get_transaction_sum(const kalkyl_sie* sie, size_t i,
                                                    kalkyl_sie_period* out);
KALKYL_API kalkyl_status kalkyl_sie_get_diagnostic(const kalkyl_sie* sie, size_t i,
                                               kalkyl_sie_diagnostic* out);
KALKYL_API kalkyl_status kalkyl_sie_get_unknown_label(const kalkyl_sie* sie, size_t i,
                                                  const char** label, uint64_t* count);

/* How kalkyl_sie_to_ledger makes rows of the file's accounts. Zero-filled
** (with `size` set) it maps every account of a Kommun-Bas chart, without a
** dimension, for the file's current year (#RAR 0). */
typedef struct kalkyl_sie_mapping {
    uint32_t size;             /* sizeof(kalkyl_sie_mapping), as the caller compiled it */
    int32_t dimension;         /* rows per object of this dimension (1 ansvar, 6 projekt, ...); 0 none */
    int32_t chart;             /* kalkyl_sie_chart: the default use of an account by its class */
    int32_t year;              /* the #RAR index of the follow-up year (0, -1, ...) */
    int32_t outcome;           /* kalkyl_sie_outcome */
    int32_t accept_incomplete; /* 1: map a file with ERROR diagnostics anyway */
    const char* rules;         /* a mapping file's text (docs/sie.md), or NULL with rules_len 0 */
    size_t rules_len;
    const char* root_id;       /* the root row's id; NULL/0: "SIE" */
    size_t root_id_len;
    const char* root_name;     /* its name; NULL/0: the company's name */
    size_t root_name_len;
} kalkyl_sie_mapping;

/* What kalkyl_sie_to_ledger made. */
typedef struct kalkyl_sie_mapped {
    int32_t last_outcome_month; /* 1..12: the last month with an outcome (0: none); compute through it */
    int32_t outcome_source;     /* kalkyl_sie_outcome used: PSALDO or TRANSACTIONS */
    int32_t has_prior_year;     /* 1: the previous year's outcome is in the ledger */
    int32_t year_start;         /* the follow-up year, YYYYMMDD */
    int32_t year_end;
    size_t n_rows;              /* rows in the ledger, the root included */
} kalkyl_sie_mapped;

/*
** kalkyl_sie_to_ledger: the follow-up ledger of one fiscal year of the file.
**
** The root is a net row; under it one net row per object of the dimension
** (when one is chosen) holding the accounts as revenue and cost rows, or the
** accounts directly. Accounts of class 3 are revenue, 4-7 cost, 1-2 and 8
** excluded (both charts); a mapping file's rules come first. The budget is
** #PBUDGET, the outcome #PSALDO or the #TRANS sums, the previous year's
** outcome the same of #RAR year - 1; months count from the fiscal year's
** first month. The ledger's amounts are in the natural sign.
**
**   sie      a live handle.
**   mapping  the options (see kalkyl_sie_mapping); NULL: the defaults.
**   out      receives a new ledger; free it with kalkyl_ledger_free().
**   mapped   receives what was made; may be NULL.
**
** Returns
**   KALKYL_OK           *out is a new ledger (and *mapped is written).
**   KALKYL_E_NULL       sie or out is NULL; a text is NULL with a length.
**   KALKYL_E_INVALID    a dead handle; mapping->size too small; an enum out
**                       of range; a year the file does not have; a
**                       dimension the file neither declares nor uses; a
**                       file with ERROR diagnostics and accept_incomplete 0.
**   KALKYL_E_PARSE      the rules text (the message names line and column).
**   KALKYL_E_OVERFLOW, KALKYL_E_NO_MEMORY
** On failure *out and *mapped are not written.
*/
KALKYL_API kalkyl_status kalkyl_sie_to_ledger(const kalkyl_sie* sie,
                                              const kalkyl_sie_mapping* mapping,
                                              kalkyl_ledger** out, kalkyl_sie_mapped* mapped);

/* One account's budget for one period (kalkyl_sie_write_budget). */
typedef struct kalkyl_sie_budget_line {
    const char* account;              /* "4010", account_len bytes */
    size_t account_len;
    const kalkyl_sie_object* objects; /* n_objects of them (id, id_len), or NULL/0 */
    size_t n_objects;
    int32_t period;                   /* YYYYMM, inside the fiscal year */
    int32_t kind;                     /* KALKYL_ROW_REVENUE or KALKYL_ROW_COST: the sign */
    kalkyl_dec amount;                /* the budget in the natural sign */
} kalkyl_sie_budget_line;

/* The file kalkyl_sie_write_budget writes around the lines. */
typedef struct kalkyl_sie_budget_file {
    uint32_t size;           /* sizeof(kalkyl_sie_budget_file), as the caller compiled it */
    int32_t year_start;      /* #RAR 0, YYYYMMDD */
    int32_t year_end;
    int32_t checksum;        /* 1: write #KSUMMA */
    const char* company;     /* #FNAMN (required), UTF-8 */
    size_t company_len;
    const char* generated;   /* #GEN YYYYMMDD (required: the file never depends on the clock) */
    size_t generated_len;
    const char* org_number;  /* #ORGNR, or NULL/0 */
    size_t org_number_len;
} kalkyl_sie_budget_file;

/*
** kalkyl_sie_write_budget: a periodised budget as an SIE file of #PBUDGET
** records that an accounting system imports (#SIETYP 2, or 3 when a line has
** objects), in CP437 with CR LF line ends. Periodise the annual budget first
** (kalkyl_periodise) so that the months add up to it exactly.
**
**   file    the header (company, #RAR year, #GEN date).
**   lines   n lines; a revenue's sign is turned for SIE (credit negative).
**   buf     receives the file's bytes and a terminating NUL (the file is
**           *needed - 1 bytes); may be NULL when cap is 0.
**   needed  receives the size needed, including the NUL.
**
** Returns
**   KALKYL_OK           the file is in buf.
**   KALKYL_E_BUFFER     cap is too small: *needed is set, buf is not touched.
**   KALKYL_E_NULL       file, needed, or lines while n > 0; a text NULL with a length.
**   KALKYL_E_INVALID    a size too small; a required text missing; a text
**                       CP437 cannot hold (the message says which); a period
**                       outside the year; a kind that is not revenue or cost;
**                       a bad kalkyl_dec (or KALKYL_E_SCALE, KALKYL_E_OVERFLOW).
**   KALKYL_E_NO_MEMORY
*/
KALKYL_API kalkyl_status kalkyl_sie_write_budget(const kalkyl_sie_budget_file* file,
                                                 const kalkyl_sie_budget_line* lines, size_t n,
                                                 char* buf, size_t cap, size_t* needed);

#ifdef __cplusplus
}
#endif

#endif /* KALKYL_H */
