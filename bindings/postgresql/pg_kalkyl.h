/*
 * The PostgreSQL extension's shared helpers: numeric <-> kalkyl_dec, the
 * names of rounding modes and locales, and kalkyl statuses as SQL errors.
 *
 * Every amount goes through the C ABI (capi/kalkyl.h) only; no C++ is
 * compiled into the extension, so no C++ exception can reach the backend.
 */
#ifndef KALKYL_PG_KALKYL_H
#define KALKYL_PG_KALKYL_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/numeric.h"

#include "kalkyl.h"

/* A kalkyl status other than KALKYL_OK as ereport(ERROR): the SQLSTATE of
 * its kind (overflow 22003, parse 22P02, division by zero 22012, invalid
 * mode or scale 22023) and kalkyl_last_error()'s message. */
extern void kalkyl_pg_raise(kalkyl_status status) pg_attribute_noreturn();

static inline void kalkyl_pg_check(kalkyl_status status) {
    if (unlikely(status != KALKYL_OK)) kalkyl_pg_raise(status);
}

/* A numeric as a kalkyl_dec, read from its base-10000 digits (never through
 * double or text). NaN and ±Infinity are 22023; more than 38 significant
 * digits at its scale is 22003; more than 28 decimals is 22023. `what`
 * names the argument in the message. */
extern void kalkyl_pg_numeric_to_dec(Numeric num, kalkyl_dec* out, const char* what);
extern void kalkyl_pg_datum_to_dec(Datum d, kalkyl_dec* out, const char* what);

/* A kalkyl_dec as a numeric with the same scale (1,50 stays 1.50). */
extern Numeric kalkyl_pg_dec_to_numeric(const kalkyl_dec* v);

/* 'half_up', 'half_even', 'half_down', 'down', 'up', 'floor', 'ceiling'
 * (case-insensitive); anything else is 22023. */
extern kalkyl_rounding kalkyl_pg_rounding(text* mode);

/* 'sv-SE' (also 'sv_SE'), 'C', and for reading also 'auto'. */
extern kalkyl_locale kalkyl_pg_locale(text* locale, bool allow_auto);

/* 'kr', 'tkr', 'mnkr' as 10^0, 10^3, 10^6. */
extern int32 kalkyl_pg_unit_exponent(text* unit);

/* A scale argument: 0..28, else 22023. */
extern int32 kalkyl_pg_scale(int32 scale, const char* what);

#endif
