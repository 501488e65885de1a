"""kalkyl._native: finding, loading and declaring the C library (capi/kalkyl.h).

Private: the public API is in kalkyl/__init__.py. This module mirrors the C
header one to one: its structs, the enums' numbers, and argtypes/restype for
every function, so that ctypes never guesses a type (a guessed int where the
C side has size_t or a pointer is the classic ctypes crash); tests/test_native
checks it against capi/kalkyl.h. `lib` is the loaded library with those
declarations, for calls the Python API does not wrap.

Where the library is looked for, in order:

1. the path in the environment variable KALKYL_LIBRARY (if it is set and does
   not load, that is an error: no silent fallback to another copy);
2. next to this package: kalkyl/libkalkyl.so* (a wheel or a copy that ships
   the library inside the package);
3. the system: ctypes.util.find_library("kalkyl"), then "libkalkyl.so.1"
   through the dynamic loader (LD_LIBRARY_PATH, ld.so.cache).
"""

import ctypes
import ctypes.util
import glob
import os
import sys

ABI_VERSION = 1  # KALKYL_ABI_VERSION: the SONAME's number this package is written against
lib = None  # the loaded ctypes.CDLL, declared (set when kalkyl is imported)

# --- the structs ----------------------------------------------------------------


class kalkyl_dec(ctypes.Structure):
    """value = mantissa * 10^-scale; mantissa = hi * 2^64 + lo (two's complement)."""

    _fields_ = [
        ("lo", ctypes.c_uint64),
        ("hi", ctypes.c_int64),
        ("scale", ctypes.c_int32),
        ("reserved", ctypes.c_uint32),
    ]

    def __repr__(self):
        return "kalkyl_dec(lo=%d, hi=%d, scale=%d)" % (self.lo, self.hi, self.scale)


class kalkyl_format(ctypes.Structure):
    _fields_ = [
        ("size", ctypes.c_uint32),
        ("locale", ctypes.c_int32),
        ("decimals", ctypes.c_int32),
        ("unit_exponent", ctypes.c_int32),
        ("rounding", ctypes.c_int32),
        ("flags", ctypes.c_uint32),
    ]


class kalkyl_kpb_figures(ctypes.Structure):
    _fields_ = [
        ("costs", kalkyl_dec),
        ("inhabitants", kalkyl_dec),
        ("users", kalkyl_dec),
        ("per_inhabitant", kalkyl_dec),
        ("per_user", kalkyl_dec),
        ("share_of_users", kalkyl_dec),
        ("flags", ctypes.c_uint32),
        ("reserved", ctypes.c_uint32),
    ]


class kalkyl_bridge(ctypes.Structure):
    _fields_ = [
        ("base_total", kalkyl_dec),
        ("current_total", kalkyl_dec),
        ("change", kalkyl_dec),
        ("volume", kalkyl_dec),
        ("mix", kalkyl_dec),
        ("unit_price", kalkyl_dec),
        ("not_linked", kalkyl_dec),
    ]


class kalkyl_term(ctypes.Structure):
    _fields_ = [("index", ctypes.c_uint32), ("sign", ctypes.c_int32)]


class kalkyl_derived_column(ctypes.Structure):
    _fields_ = [("terms", ctypes.POINTER(kalkyl_term)), ("n_terms", ctypes.c_size_t)]


class kalkyl_adjusted_cell(ctypes.Structure):
    _fields_ = [
        ("rounded", kalkyl_dec),
        ("printed", kalkyl_dec),
        ("row", ctypes.c_uint64),
        ("column", ctypes.c_uint64),
    ]


class kalkyl_figure(ctypes.Structure):
    _fields_ = [
        ("value", kalkyl_dec),
        ("decimals", ctypes.c_int32),
        ("reserved", ctypes.c_uint32),
        ("name", ctypes.c_char_p),
    ]


class kalkyl_relation(ctypes.Structure):
    _fields_ = [
        ("kind", ctypes.c_int32),
        ("result", ctypes.c_uint32),
        ("label", ctypes.c_char_p),
        ("numerator", ctypes.POINTER(kalkyl_term)),
        ("n_numerator", ctypes.c_size_t),
        ("denominator", ctypes.POINTER(kalkyl_term)),
        ("n_denominator", ctypes.c_size_t),
        ("multiplier", kalkyl_dec),
        ("whole", kalkyl_dec),
    ]


class kalkyl_finding(ctypes.Structure):
    _fields_ = [
        ("expected", kalkyl_dec),
        ("printed", kalkyl_dec),
        ("difference", kalkyl_dec),
        ("tolerance", kalkyl_dec),
        ("severity", ctypes.c_int32),
        ("kind", ctypes.c_int32),
    ]


# Forecast-uncertainty bands (capi/kalkyl.h, "Forecast-uncertainty bands").
class kalkyl_band(ctypes.Structure):
    _fields_ = [("low", kalkyl_dec), ("point", kalkyl_dec), ("high", kalkyl_dec)]


class kalkyl_band_info(ctypes.Structure):
    _fields_ = [
        ("source", ctypes.c_int32),
        ("flags", ctypes.c_uint32),
        ("history", ctypes.c_uint64),
        ("achieved_level", ctypes.c_double),
    ]


class kalkyl_simulation(ctypes.Structure):
    _fields_ = [
        ("scenarios", ctypes.c_uint64),
        ("mean", kalkyl_dec),
        ("q05", kalkyl_dec),
        ("q10", kalkyl_dec),
        ("q50", kalkyl_dec),
        ("q90", kalkyl_dec),
        ("q95", kalkyl_dec),
        ("p_at_least_zero", ctypes.c_double),
        ("p_inside", ctypes.c_double),
    ]


class kalkyl_band_scores(ctypes.Structure):
    _fields_ = [
        ("count", ctypes.c_uint64),
        ("coverage", ctypes.c_double),
        ("bias", kalkyl_dec),
        ("mean_absolute_error", kalkyl_dec),
        ("interval_score", kalkyl_dec),
        ("pinball_low", kalkyl_dec),
        ("pinball_point", kalkyl_dec),
        ("pinball_high", kalkyl_dec),
    ]


assert ctypes.sizeof(kalkyl_band) == 72 and ctypes.sizeof(kalkyl_band_info) == 24
assert ctypes.sizeof(kalkyl_simulation) == 168 and ctypes.sizeof(kalkyl_band_scores) == 160

KALKYL_BAND_STRETCHED_TO_POINT = 1  # kalkyl_band_info.flags

assert ctypes.sizeof(kalkyl_dec) == 24, "kalkyl_dec must be 24 bytes (capi/kalkyl.h)"
assert ctypes.sizeof(kalkyl_format) == 24, "kalkyl_format must be 24 bytes (capi/kalkyl.h)"

# --- the enums' numbers (kalkyl_status, kalkyl_rounding, kalkyl_locale, flags) ---

KALKYL_OK = 0
KALKYL_E_NULL = 1
KALKYL_E_PARSE = 2
KALKYL_E_AMBIGUOUS = 3
KALKYL_E_OVERFLOW = 4
KALKYL_E_DIV_ZERO = 5
KALKYL_E_SCALE = 6
KALKYL_E_BUFFER = 7
KALKYL_E_INVALID = 8
KALKYL_E_NO_MEMORY = 9
KALKYL_E_INTERNAL = 10

KALKYL_FMT_NO_GROUPING = 1
KALKYL_FMT_ASCII_SPACE = 2
KALKYL_FMT_UNICODE_MINUS = 4
KALKYL_FMT_PARENS = 8
KALKYL_FMT_PLUS = 16

# --- the prototypes ---------------------------------------------------------------

_status = ctypes.c_int  # kalkyl_status (a C enum is an int)
_enum = ctypes.c_int  # kalkyl_locale, kalkyl_rounding
_dec_p = ctypes.POINTER(kalkyl_dec)
_fmt_p = ctypes.POINTER(kalkyl_format)
_size_p = ctypes.POINTER(ctypes.c_size_t)
# const char * input: c_void_p takes a bytes object (its buffer, no copy) and
# also a plain address, which lets the binding pass a chunk inside a bytes object.
_in_text = ctypes.c_void_p
_out_text = ctypes.POINTER(ctypes.c_char)  # char * output: a create_string_buffer()

# name: (restype, argtypes); every function of capi/kalkyl.h, in its order.
PROTOTYPES = {
    "kalkyl_dec_parse": (_status, [_in_text, ctypes.c_size_t, _enum, _dec_p]),
    "kalkyl_dec_format": (_status, [_dec_p, _fmt_p, _out_text, ctypes.c_size_t, _size_p]),
    "kalkyl_dec_from_int": (_status, [ctypes.c_int64, ctypes.c_int32, _dec_p]),
    "kalkyl_dec_add": (_status, [_dec_p, _dec_p, _dec_p]),
    "kalkyl_dec_sub": (_status, [_dec_p, _dec_p, _dec_p]),
    "kalkyl_dec_mul": (_status, [_dec_p, _dec_p, _dec_p]),
    "kalkyl_dec_div": (_status, [_dec_p, _dec_p, ctypes.c_int32, _enum, _dec_p]),
    "kalkyl_dec_round": (_status, [_dec_p, ctypes.c_int32, _enum, _dec_p]),
    "kalkyl_dec_cmp": (_status, [_dec_p, _dec_p, ctypes.POINTER(ctypes.c_int)]),
    "kalkyl_dec_to_double": (_status, [_dec_p, ctypes.POINTER(ctypes.c_double)]),
    "kalkyl_sum": (_status, [_dec_p, ctypes.c_size_t, _dec_p]),
    "kalkyl_sum_units": (_status, [ctypes.POINTER(ctypes.c_int64), ctypes.c_size_t, ctypes.c_int32, _dec_p]),
    "kalkyl_dec_parse_array": (_status, [_in_text, _size_p, ctypes.c_size_t, _enum, _dec_p, _size_p]),
    "kalkyl_dec_parse_lines": (
        _status,
        [_in_text, ctypes.c_size_t, ctypes.c_char, _enum, _dec_p, ctypes.c_size_t, _size_p, _size_p],
    ),
    "kalkyl_dec_format_array": (
        _status,
        [_dec_p, ctypes.c_size_t, _fmt_p, ctypes.c_char, _out_text, ctypes.c_size_t, _size_p, _size_p],
    ),
    "kalkyl_status_name": (ctypes.c_char_p, [_status]),
    "kalkyl_last_error": (ctypes.c_char_p, []),
    "kalkyl_version": (ctypes.c_char_p, []),
    "kalkyl_abi_version": (ctypes.c_uint32, []),
}

# The first release's functions, which the Python API is built on: a library
# without one of them is refused. The rest of the header (unit costs, KPB,
# bridge, allocation, footing, checks) is declared below and reachable raw
# through kalkyl._native.lib; the binding does not wrap it (yet).
REQUIRED = tuple(PROTOTYPES)

_int32 = ctypes.c_int32
_size = ctypes.c_size_t
_kpb_p = ctypes.POINTER(kalkyl_kpb_figures)
PROTOTYPES.update({
    "kalkyl_unit_cost": (_status, [_dec_p, _dec_p, _dec_p, _int32, _enum, _dec_p, _dec_p]),
    "kalkyl_unit_cost_array": (
        _status,
        [_dec_p, _dec_p, _dec_p, _size, _int32, _enum, _dec_p, _dec_p, _dec_p, ctypes.POINTER(ctypes.c_uint8), _size_p],
    ),
    "kalkyl_kolada_cost": (_status, [_dec_p, _dec_p, _dec_p, _dec_p]),
    "kalkyl_kolada_unit_cost": (_status, [_dec_p, _dec_p, _dec_p, _dec_p, _int32, _enum, _dec_p, _dec_p]),
    "kalkyl_unit_cost_part": (
        _status,
        [_dec_p, _dec_p, _dec_p, _dec_p, _int32, _enum, _int32, _enum, _dec_p, _dec_p, _dec_p],
    ),
    "kalkyl_change": (_status, [_dec_p, _dec_p, _int32, _enum, _dec_p, _dec_p]),
    "kalkyl_change_points": (_status, [_dec_p, _dec_p, _dec_p]),
    "kalkyl_net_cost_deviation": (_status, [_dec_p, _dec_p, _int32, _enum, _dec_p]),
    "kalkyl_kpb_table": (
        _status,
        [_dec_p, _dec_p, _dec_p, _size, _dec_p, _int32, _enum, _int32, _enum, _dec_p, _kpb_p, _kpb_p, _kpb_p, _size_p],
    ),
    "kalkyl_kpb_total": (_status, [_dec_p, _dec_p, _dec_p, _dec_p, _int32, _enum, _int32, _enum, _dec_p, _kpb_p]),
    "kalkyl_cost_bridge": (
        _status,
        [_dec_p, _dec_p, _dec_p, _dec_p, _size, _dec_p, _dec_p, _int32, ctypes.POINTER(kalkyl_bridge), _size_p],
    ),
    "kalkyl_allocate": (_status, [_dec_p, _dec_p, _size, _int32, _dec_p]),
    "kalkyl_allocate_mode": (_status, [_dec_p, _dec_p, _size, _int32, _enum, _dec_p]),
    "kalkyl_periodise": (_status, [_dec_p, _dec_p, _int32, _enum, _dec_p]),
    "kalkyl_budget_through_month": (_status, [_dec_p, _dec_p, _int32, _int32, _enum, _dec_p]),
    "kalkyl_foot": (
        _status,
        [_dec_p, _size, _size, _dec_p, ctypes.POINTER(kalkyl_derived_column), _size, _int32, _int32, _enum,
         _dec_p, _dec_p, ctypes.POINTER(kalkyl_adjusted_cell), _size, _size_p],
    ),
    "kalkyl_check": (
        _status,
        [ctypes.POINTER(kalkyl_figure), _size, ctypes.POINTER(kalkyl_relation), _size,
         ctypes.POINTER(kalkyl_finding), _size_p],
    ),
})


_band_p = ctypes.POINTER(kalkyl_band)
_double_p = ctypes.POINTER(ctypes.c_double)
PROTOTYPES.update({
    "kalkyl_band_from_spread": (_status, [_dec_p, _dec_p, _dec_p, _band_p]),
    "kalkyl_band_sum": (_status, [_band_p, _size, _enum, _double_p, _int32, _enum, _band_p]),
    "kalkyl_band_excess": (_status, [_band_p, _dec_p, ctypes.POINTER(ctypes.c_int), _dec_p]),
    "kalkyl_band_empirical": (
        _status,
        [_dec_p, _dec_p, _size, ctypes.c_double, _size, _dec_p, _dec_p, _int32, _enum, _band_p,
         ctypes.POINTER(kalkyl_band_info)],
    ),
    "kalkyl_band_simulate": (
        _status,
        [_band_p, _size, _double_p, ctypes.c_double, ctypes.c_uint64, ctypes.c_uint64, _band_p, _int32, _enum,
         ctypes.POINTER(kalkyl_simulation)],
    ),
    "kalkyl_band_bootstrap": (
        _status,
        [_dec_p, _size, _dec_p, _size, ctypes.c_uint64, ctypes.c_uint64, _band_p, _int32, _enum,
         ctypes.POINTER(kalkyl_simulation)],
    ),
    "kalkyl_band_grade": (
        _status,
        [_band_p, _dec_p, _size, ctypes.c_double, _int32, _enum, ctypes.POINTER(kalkyl_band_scores)],
    ),
})


# --- the budget follow-up ledger (section "Budget follow-up ledger") -------------


class kalkyl_row_spec(ctypes.Structure):
    _fields_ = [
        ("id", ctypes.c_char_p),
        ("id_len", ctypes.c_size_t),
        ("name", ctypes.c_char_p),
        ("name_len", ctypes.c_size_t),
        ("parent", ctypes.c_char_p),
        ("parent_len", ctypes.c_size_t),
        ("kind", ctypes.c_int32),
        ("reserved", ctypes.c_uint32),
    ]


_ledger_p = ctypes.c_void_p  # kalkyl_ledger * (opaque)
PROTOTYPES.update({
    "kalkyl_ledger_new": (_status, [ctypes.POINTER(ctypes.c_void_p)]),
    "kalkyl_ledger_free": (_status, [_ledger_p]),
    "kalkyl_ledger_add_rows": (_status, [_ledger_p, ctypes.POINTER(kalkyl_row_spec), _size, _size_p]),
    "kalkyl_ledger_add_row": (
        _status, [_ledger_p, _in_text, _size, _in_text, _size, _enum, _in_text, _size]),
    "kalkyl_ledger_set_values": (_status, [_ledger_p, _in_text, _size, _enum, _int32, _dec_p, _size]),
    "kalkyl_ledger_set_annual_budget": (_status, [_ledger_p, _in_text, _size, _dec_p, _dec_p, _int32, _enum]),
    "kalkyl_ledger_add_forecast": (
        _status, [_ledger_p, _in_text, _size, _in_text, _size, _enum, _int32, _int32, _enum, _dec_p]),
    "kalkyl_ledger_set_manual_forecast": (
        _status,
        [_ledger_p, _in_text, _size, _in_text, _size, _int32, _dec_p, _dec_p, _dec_p, _in_text, _size]),
    "kalkyl_ledger_forecast_info": (
        _status,
        [_ledger_p, _in_text, _size, _in_text, _size, ctypes.POINTER(ctypes.c_int32), ctypes.POINTER(ctypes.c_int32),
         _dec_p, _dec_p, _dec_p]),
    "kalkyl_ledger_row_count": (_status, [_ledger_p, _size_p]),
    "kalkyl_ledger_compute": (_status, [_ledger_p, _int32]),
    "kalkyl_ledger_get": (_status, [_ledger_p, _in_text, _size, _enum, _in_text, _size, _dec_p]),
    "kalkyl_ledger_get_column": (_status, [_ledger_p, _enum, _in_text, _size, _dec_p, _size]),
    "kalkyl_ledger_percent": (
        _status, [_ledger_p, _in_text, _size, _enum, _in_text, _size, _int32, _enum, _dec_p]),
    "kalkyl_backtest": (
        _status, [_dec_p, _dec_p, _size, _enum, _int32, _enum, _dec_p, ctypes.POINTER(ctypes.c_uint8)]),
})

# --- SIE 4 files (section "SIE 4 files") ----------------------------------------------

KALKYL_SIE_ENC_AUTO = -1
KALKYL_SIE_ENC_CP437 = 0
KALKYL_SIE_ENC_WINDOWS_1252 = 1
KALKYL_SIE_ENC_UTF8 = 2


class kalkyl_sie_info(ctypes.Structure):
    _fields_ = [
        ("size", ctypes.c_uint32),
        ("sie_type", ctypes.c_int32),
        ("encoding", ctypes.c_int32),
        ("encoding_mismatch", ctypes.c_int32),
        ("checksum", ctypes.c_int32),
        ("complete", ctypes.c_int32),
        ("checksum_expected", ctypes.c_uint32),
        ("checksum_computed", ctypes.c_uint32),
        ("program", ctypes.c_char_p),
        ("program_version", ctypes.c_char_p),
        ("format", ctypes.c_char_p),
        ("generated", ctypes.c_char_p),
        ("company", ctypes.c_char_p),
        ("org_number", ctypes.c_char_p),
        ("chart_type", ctypes.c_char_p),
        ("currency", ctypes.c_char_p),
        ("bytes", ctypes.c_uint64),
        ("lines", ctypes.c_uint64),
        ("verifications", ctypes.c_uint64),
        ("transactions", ctypes.c_uint64),
        ("transactions_outside_years", ctypes.c_uint64),
        ("diagnostics_dropped", ctypes.c_uint64),
        ("error_count", ctypes.c_uint64),
        ("n_years", ctypes.c_size_t),
        ("n_accounts", ctypes.c_size_t),
        ("n_dimensions", ctypes.c_size_t),
        ("n_objects", ctypes.c_size_t),
        ("n_balances", ctypes.c_size_t),
        ("n_periods", ctypes.c_size_t),
        ("n_transaction_sums", ctypes.c_size_t),
        ("n_diagnostics", ctypes.c_size_t),
        ("n_unknown_labels", ctypes.c_size_t),
    ]


class kalkyl_sie_year(ctypes.Structure):
    _fields_ = [("index", ctypes.c_int32), ("start", ctypes.c_int32), ("end", ctypes.c_int32)]


class kalkyl_sie_account(ctypes.Structure):
    _fields_ = [("number", ctypes.c_char_p), ("name", ctypes.c_char_p), ("type", ctypes.c_char)]


class kalkyl_sie_dimension(ctypes.Structure):
    _fields_ = [("number", ctypes.c_int32), ("parent", ctypes.c_int32), ("name", ctypes.c_char_p)]


class kalkyl_sie_object(ctypes.Structure):
    _fields_ = [
        ("dimension", ctypes.c_int32),
        ("id", ctypes.c_char_p),
        ("id_len", ctypes.c_size_t),
        ("name", ctypes.c_char_p),
    ]


class kalkyl_sie_balance(ctypes.Structure):
    _fields_ = [
        ("kind", ctypes.c_int32),
        ("year", ctypes.c_int32),
        ("account", ctypes.c_char_p),
        ("objects", ctypes.POINTER(kalkyl_sie_object)),
        ("n_objects", ctypes.c_size_t),
        ("amount", kalkyl_dec),
        ("quantity", kalkyl_dec),
        ("has_quantity", ctypes.c_int32),
    ]


class kalkyl_sie_period(ctypes.Structure):
    _fields_ = [
        ("kind", ctypes.c_int32),
        ("year", ctypes.c_int32),
        ("period", ctypes.c_int32),
        ("account", ctypes.c_char_p),
        ("objects", ctypes.POINTER(kalkyl_sie_object)),
        ("n_objects", ctypes.c_size_t),
        ("amount", kalkyl_dec),
        ("quantity", kalkyl_dec),
        ("has_quantity", ctypes.c_int32),
        ("count", ctypes.c_uint64),
    ]


class kalkyl_sie_diagnostic(ctypes.Structure):
    _fields_ = [
        ("severity", ctypes.c_int32),
        ("line", ctypes.c_uint64),
        ("column", ctypes.c_uint64),
        ("label", ctypes.c_char_p),
        ("message", ctypes.c_char_p),
    ]


class kalkyl_sie_mapping(ctypes.Structure):
    _fields_ = [
        ("size", ctypes.c_uint32),
        ("dimension", ctypes.c_int32),
        ("chart", ctypes.c_int32),
        ("year", ctypes.c_int32),
        ("outcome", ctypes.c_int32),
        ("accept_incomplete", ctypes.c_int32),
        ("rules", ctypes.c_void_p),
        ("rules_len", ctypes.c_size_t),
        ("root_id", ctypes.c_void_p),
        ("root_id_len", ctypes.c_size_t),
        ("root_name", ctypes.c_void_p),
        ("root_name_len", ctypes.c_size_t),
    ]


class kalkyl_sie_mapped(ctypes.Structure):
    _fields_ = [
        ("last_outcome_month", ctypes.c_int32),
        ("outcome_source", ctypes.c_int32),
        ("has_prior_year", ctypes.c_int32),
        ("year_start", ctypes.c_int32),
        ("year_end", ctypes.c_int32),
        ("n_rows", ctypes.c_size_t),
    ]


class kalkyl_sie_budget_line(ctypes.Structure):
    _fields_ = [
        ("account", ctypes.c_void_p),
        ("account_len", ctypes.c_size_t),
        ("objects", ctypes.POINTER(kalkyl_sie_object)),
        ("n_objects", ctypes.c_size_t),
        ("period", ctypes.c_int32),
        ("kind", ctypes.c_int32),
        ("amount", kalkyl_dec),
    ]


class kalkyl_sie_budget_file(ctypes.Structure):
    _fields_ = [
        ("size", ctypes.c_uint32),
        ("year_start", ctypes.c_int32),
        ("year_end", ctypes.c_int32),
        ("checksum", ctypes.c_int32),
        ("company", ctypes.c_void_p),
        ("company_len", ctypes.c_size_t),
        ("generated", ctypes.c_void_p),
        ("generated_len", ctypes.c_size_t),
        ("org_number", ctypes.c_void_p),
        ("org_number_len", ctypes.c_size_t),
    ]


_sie_p = ctypes.c_void_p  # kalkyl_sie * (opaque)
PROTOTYPES.update({
    "kalkyl_sie_read": (_status, [_in_text, _size, _enum, ctypes.POINTER(ctypes.c_void_p)]),
    "kalkyl_sie_read_file": (_status, [ctypes.c_char_p, _enum, ctypes.POINTER(ctypes.c_void_p)]),
    "kalkyl_sie_free": (_status, [_sie_p]),
    "kalkyl_sie_get_info": (_status, [_sie_p, ctypes.POINTER(kalkyl_sie_info)]),
    "kalkyl_sie_get_year": (_status, [_sie_p, _size, ctypes.POINTER(kalkyl_sie_year)]),
    "kalkyl_sie_get_account": (_status, [_sie_p, _size, ctypes.POINTER(kalkyl_sie_account)]),
    "kalkyl_sie_get_dimension": (_status, [_sie_p, _size, ctypes.POINTER(kalkyl_sie_dimension)]),
    "kalkyl_sie_get_object": (_status, [_sie_p, _size, ctypes.POINTER(kalkyl_sie_object)]),
    "kalkyl_sie_get_balance": (_status, [_sie_p, _size, ctypes.POINTER(kalkyl_sie_balance)]),
    "kalkyl_sie_get_period": (_status, [_sie_p, _size, ctypes.POINTER(kalkyl_sie_period)]),
    "kalkyl_sie_get_transaction_sum": (_status, [_sie_p, _size, ctypes.POINTER(kalkyl_sie_period)]),
    "kalkyl_sie_get_diagnostic": (_status, [_sie_p, _size, ctypes.POINTER(kalkyl_sie_diagnostic)]),
    "kalkyl_sie_get_unknown_label": (
        _status, [_sie_p, _size, ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ctypes.c_uint64)]),
    "kalkyl_sie_to_ledger": (
        _status,
        [_sie_p, ctypes.POINTER(kalkyl_sie_mapping), ctypes.POINTER(ctypes.c_void_p),
         ctypes.POINTER(kalkyl_sie_mapped)]),
    "kalkyl_sie_write_budget": (
        _status,
        [ctypes.POINTER(kalkyl_sie_budget_file), ctypes.POINTER(kalkyl_sie_budget_line), _size,
         _out_text, _size, _size_p]),
})

class LibraryNotFoundError(ImportError):
    """The C library libkalkyl could not be found or loaded; the message lists where we looked."""


def _package_dir():
    return os.path.dirname(os.path.abspath(__file__))


def _candidates_next_to_package():
    here = _package_dir()
    if sys.platform == "win32":
        patterns = ["kalkyl.dll", "libkalkyl*.dll"]
    elif sys.platform == "darwin":
        patterns = ["libkalkyl.1.dylib", "libkalkyl.dylib", "libkalkyl*.dylib"]
    else:
        # The SONAME first, then the development link, then any versioned file.
        patterns = ["libkalkyl.so.%d" % ABI_VERSION, "libkalkyl.so", "libkalkyl.so.*"]
    found = []
    for pattern in patterns:
        for path in sorted(glob.glob(os.path.join(here, pattern))):
            if path not in found:
                found.append(path)
    return found, " or ".join(os.path.join(here, pattern) for pattern in patterns)


def _declare(lib):
    """Sets restype/argtypes of every function the library has; returns the
    required ones it lacks."""
    missing = []
    for name, (restype, argtypes) in PROTOTYPES.items():
        try:
            func = getattr(lib, name)
        except AttributeError:
            if name in REQUIRED:
                missing.append(name)
            continue
        func.restype = restype
        func.argtypes = argtypes
    return missing


def load():
    """Find, load and declare libkalkyl; returns the ctypes.CDLL.

    Raises LibraryNotFoundError (an ImportError) naming every place it looked.
    """
    tried = []  # (where, why it failed)

    def attempt(path):
        try:
            return ctypes.CDLL(path)
        except OSError as exc:
            tried.append((path, str(exc)))
            return None

    lib = None
    env = os.environ.get("KALKYL_LIBRARY")
    if env:
        lib = attempt(env)
        if lib is None:
            raise LibraryNotFoundError(
                "kalkyl: KALKYL_LIBRARY=%r could not be loaded: %s\n"
                "Set KALKYL_LIBRARY to the path of libkalkyl.so.%d (for example build/libkalkyl.so), "
                "or unset it to search next to the package and on the system." % (env, tried[-1][1], ABI_VERSION)
            )
    else:
        tried.append(("$KALKYL_LIBRARY", "not set"))
    if lib is None:
        local, pattern = _candidates_next_to_package()
        if not local:
            tried.append((pattern, "no such file"))
        for path in local:
            lib = attempt(path)
            if lib is not None:
                break
    if lib is None:
        system_name = ctypes.util.find_library("kalkyl")
        if system_name:
            lib = attempt(system_name)
        else:
            tried.append(('ctypes.util.find_library("kalkyl")', "not found"))
    if lib is None and sys.platform not in ("win32", "darwin"):
        lib = attempt("libkalkyl.so.%d" % ABI_VERSION)
    if lib is None:
        lines = "\n".join("  - %s: %s" % (where, why) for where, why in tried)
        raise LibraryNotFoundError(
            "kalkyl: the C library libkalkyl was not found. Looked in:\n%s\n"
            "Build it (cmake --build <dir> --target kalkyl_shared) and set KALKYL_LIBRARY to the "
            "path of libkalkyl.so, copy it next to the package, or install it on the system." % lines
        )

    missing = _declare(lib)
    if missing:
        raise LibraryNotFoundError(
            "kalkyl: %s does not export %s: it is not a kalkyl library of ABI %d, or too old."
            % (lib._name, ", ".join(missing), ABI_VERSION)
        )
    abi = lib.kalkyl_abi_version()
    if abi != ABI_VERSION:
        raise LibraryNotFoundError(
            "kalkyl: %s has C ABI version %d; this package needs ABI %d." % (lib._name, abi, ABI_VERSION)
        )
    return lib
