/*
 * numeric <-> kalkyl_dec, the names of modes, locales and units, and kalkyl
 * statuses as SQL errors.
 */
#include "pg_kalkyl.h"

#include <string.h>

#include "utils/builtins.h"

PG_MODULE_MAGIC;

void kalkyl_pg_raise(kalkyl_status status) {
    int code;

    switch (status) {
        case KALKYL_E_OVERFLOW:
            code = ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE; /* 22003 */
            break;
        case KALKYL_E_PARSE:
        case KALKYL_E_AMBIGUOUS:
            code = ERRCODE_INVALID_TEXT_REPRESENTATION; /* 22P02 */
            break;
        case KALKYL_E_DIV_ZERO:
            code = ERRCODE_DIVISION_BY_ZERO; /* 22012 */
            break;
        case KALKYL_E_SCALE:
        case KALKYL_E_INVALID:
            code = ERRCODE_INVALID_PARAMETER_VALUE; /* 22023 */
            break;
        case KALKYL_E_NO_MEMORY:
            code = ERRCODE_OUT_OF_MEMORY;
            break;
        default:
            code = ERRCODE_INTERNAL_ERROR;
            break;
    }
    ereport(ERROR, (errcode(code), errmsg("%s", kalkyl_last_error()),
                    errdetail("kalkyl status %s", kalkyl_status_name(status))));
    pg_unreachable();
}

/*
 * The on-disk layout of numeric (src/backend/utils/adt/numeric.c, stable
 * because pg_upgrade keeps data files): a 16-bit header, for the long form
 * an int16 weight, then base-10000 digits, most significant first. The value
 * is sum(digit[i] * 10000^(weight - i)), shown with dscale decimals.
 */
#define KALKYL_NUMERIC_SIGN_MASK 0xC000
#define KALKYL_NUMERIC_NEG 0x4000
#define KALKYL_NUMERIC_SHORT 0x8000
#define KALKYL_NUMERIC_SPECIAL 0xC000
#define KALKYL_NUMERIC_SHORT_SIGN_MASK 0x2000
#define KALKYL_NUMERIC_SHORT_DSCALE_MASK 0x1F80
#define KALKYL_NUMERIC_SHORT_DSCALE_SHIFT 7
#define KALKYL_NUMERIC_SHORT_WEIGHT_SIGN_MASK 0x0040
#define KALKYL_NUMERIC_SHORT_WEIGHT_MASK 0x003F
#define KALKYL_NUMERIC_DSCALE_MASK 0x3FFF
#define KALKYL_NUMERIC_EXT_NAN 0xC000
#define KALKYL_NUMERIC_EXT_PINF 0xD000

typedef unsigned __int128 kalkyl_u128;

/* 10^0 .. 10^38 */
static kalkyl_u128 pow10_u128(int e) {
    kalkyl_u128 p = 1;

    while (e-- > 0)
        p *= 10;
    return p;
}

static void raise_numeric(int code, const char* what, const char* reason) {
    ereport(ERROR, (errcode(code), errmsg("%s: %s", what, reason)));
}

static void read_numeric_bytes(const char* data, Size len, kalkyl_dec* out, const char* what) {
    uint16 header;
    bool negative;
    int dscale;
    int weight;
    Size digits_at;
    int ndigits;
    kalkyl_u128 mantissa = 0;
    static const kalkyl_u128 limit =
        ((kalkyl_u128)0x4B3B4CA85A86C47AULL << 64) | 0x098A223FFFFFFFFFULL; /* 10^38 - 1 */
    int i;

    if (len < sizeof(uint16))
        raise_numeric(ERRCODE_DATA_CORRUPTED, what, "numeric datum is too short");
    memcpy(&header, data, sizeof header);
    if ((header & KALKYL_NUMERIC_SIGN_MASK) == KALKYL_NUMERIC_SPECIAL) {
        const char* which = (header & 0xF000) == KALKYL_NUMERIC_EXT_NAN    ? "NaN"
                            : (header & 0xF000) == KALKYL_NUMERIC_EXT_PINF ? "Infinity"
                                                                           : "-Infinity";

        ereport(ERROR,
                (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                 errmsg("%s: %s is not an amount: kalkyl takes finite numbers only", what, which)));
    }
    if (header & KALKYL_NUMERIC_SHORT) {
        negative = (header & KALKYL_NUMERIC_SHORT_SIGN_MASK) != 0;
        dscale = (header & KALKYL_NUMERIC_SHORT_DSCALE_MASK) >> KALKYL_NUMERIC_SHORT_DSCALE_SHIFT;
        weight = (header & KALKYL_NUMERIC_SHORT_WEIGHT_SIGN_MASK ? ~KALKYL_NUMERIC_SHORT_WEIGHT_MASK
                                                                 : 0) |
                 (header & KALKYL_NUMERIC_SHORT_WEIGHT_MASK);
        digits_at = sizeof(uint16);
    } else {
        int16 w;

        if (len < sizeof(uint16) + sizeof(int16))
            raise_numeric(ERRCODE_DATA_CORRUPTED, what, "numeric datum is too short");
        negative = (header & KALKYL_NUMERIC_SIGN_MASK) == KALKYL_NUMERIC_NEG;
        dscale = header & KALKYL_NUMERIC_DSCALE_MASK;
        memcpy(&w, data + sizeof(uint16), sizeof w);
        weight = w;
        digits_at = sizeof(uint16) + sizeof(int16);
    }
    if (dscale > 28)
        ereport(ERROR,
                (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                 errmsg("%s: a numeric with %d decimals: kalkyl takes at most 28", what, dscale)));
    ndigits = (int)((len - digits_at) / sizeof(int16));
    for (i = 0; i < ndigits; i++) {
        int16 d;
        int e;

        memcpy(&d, data + digits_at + (Size)i * sizeof(int16), sizeof d);
        if (d == 0) continue;
        e = 4 * (weight - i) + dscale;
        if (e < 0) {
            /* A digit group that reaches past dscale: only its zeros may. */
            int drop = -e;
            int p = drop >= 4 ? 10000 : (drop == 3 ? 1000 : drop == 2 ? 100 : 10);

            if (d % p != 0)
                raise_numeric(ERRCODE_DATA_CORRUPTED, what, "numeric has digits beyond its scale");
            d = (int16)(d / p);
            e = 0;
            if (d == 0) continue;
        }
        if (e > 38) goto overflow;
        {
            kalkyl_u128 p = pow10_u128(e);

            if ((kalkyl_u128)d > (limit - mantissa) / p) goto overflow;
            mantissa += (kalkyl_u128)d * p;
        }
    }
    if (negative) mantissa = ~mantissa + 1;
    out->lo = (uint64_t)mantissa;
    out->hi = (int64_t)(uint64_t)(mantissa >> 64);
    out->scale = dscale;
    out->reserved = 0;
    return;

overflow:
    ereport(ERROR, (errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
                    errmsg("%s: a numeric with more than 38 significant digits at its scale %d: "
                           "kalkyl takes at most 38",
                           what, dscale)));
}

void kalkyl_pg_numeric_to_dec(Numeric num, kalkyl_dec* out, const char* what) {
    read_numeric_bytes(VARDATA_ANY(num), VARSIZE_ANY_EXHDR(num), out, what);
}

void kalkyl_pg_datum_to_dec(Datum d, kalkyl_dec* out, const char* what) {
    struct varlena* v = PG_DETOAST_DATUM_PACKED(d);

    read_numeric_bytes(VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v), out, what);
    if ((Pointer)v != DatumGetPointer(d)) pfree(v);
}

Numeric kalkyl_pg_dec_to_numeric(const kalkyl_dec* v) {
    kalkyl_format fmt;
    char buf[128];
    size_t needed;

    memset(&fmt, 0, sizeof fmt);
    fmt.size = sizeof fmt;
    fmt.locale = KALKYL_LOCALE_C;
    fmt.decimals = -1;
    fmt.unit_exponent = 0;
    fmt.rounding = KALKYL_ROUND_HALF_UP;
    fmt.flags = KALKYL_FMT_NO_GROUPING;
    kalkyl_pg_check(kalkyl_dec_format(v, &fmt, buf, sizeof buf, &needed));
    return DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(buf),
                                               ObjectIdGetDatum(InvalidOid), Int32GetDatum(-1)));
}

static bool text_is(text* t, const char* name) {
    size_t n = strlen(name);

    return VARSIZE_ANY_EXHDR(t) == n && pg_strncasecmp(VARDATA_ANY(t), name, n) == 0;
}

kalkyl_rounding kalkyl_pg_rounding(text* mode) {
    static const char* const names[] = {"half_up", "half_even", "half_down", "down",
                                        "up",      "floor",     "ceiling"};
    int i;

    for (i = 0; i < (int)lengthof(names); i++)
        if (text_is(mode, names[i])) return (kalkyl_rounding)i;
    ereport(ERROR,
            (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
             errmsg("unknown rounding mode \"%s\"", text_to_cstring(mode)),
             errhint("The modes are half_up, half_even, half_down, down, up, floor and ceiling.")));
    pg_unreachable();
}

kalkyl_locale kalkyl_pg_locale(text* locale, bool allow_auto) {
    if (text_is(locale, "sv-SE") || text_is(locale, "sv_SE") || text_is(locale, "sv"))
        return KALKYL_LOCALE_SV_SE;
    if (text_is(locale, "C")) return KALKYL_LOCALE_C;
    if (allow_auto && text_is(locale, "auto")) return KALKYL_LOCALE_AUTO;
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("unknown locale \"%s\"", text_to_cstring(locale)),
                    errhint(allow_auto ? "The locales are sv-SE, C and auto."
                                       : "The locales are sv-SE and C.")));
    pg_unreachable();
}

int32 kalkyl_pg_unit_exponent(text* unit) {
    if (text_is(unit, "kr")) return 0;
    if (text_is(unit, "tkr")) return 3;
    if (text_is(unit, "mnkr")) return 6;
    ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                    errmsg("unknown unit \"%s\"", text_to_cstring(unit)),
                    errhint("The units are kr, tkr and mnkr.")));
    pg_unreachable();
}

int32 kalkyl_pg_scale(int32 scale, const char* what) {
    if (scale < 0 || scale > 28)
        ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
                        errmsg("%s: scale %d is outside 0..28", what, scale)));
    return scale;
}
