"""kalkyl: exact decimal budget arithmetic (Python binding of the kalkyl C library).

Amounts are decimal.Decimal (or int, read as scale 0); floats are refused
with TypeError, because an amount never passes through binary floating point.
Values hold at most 38 digits and 28 decimals; anything that does not fit
raises (ScaleError, KalkylOverflowError) and is never rounded silently.

    >>> import kalkyl
    >>> kalkyl.parse("−1 234,50")                       # sv-SE is the default locale
    Decimal('-1234.50')
    >>> kalkyl.format(Decimal("123464"), unit="tkr", decimals=0, rounding="half_up")
    '123'
    >>> kalkyl.div(Decimal("123464"), Decimal("22939"), 1, "half_up")
    Decimal('5.4')
    >>> col = kalkyl.Column.parse_lines(open("belopp.txt", "rb").read())
    >>> col.sum()                                      # one C call each, no per-row Python

Functions: parse, format, add, sub, mul, div, round_to, cmp, to_float,
from_units, sum, sum_units, sum_lines, parse_array, format_array; the
Column class;
the enums Rounding, Locale, Unit (strings work everywhere: "half_up",
"sv-SE", "tkr"); the exceptions in kalkyl.errors, also exported here.
Rounding is never implicit: div() and round_to() take a mode, and format()
refuses to drop digits unless one is named.

Names chosen so as not to shadow builtins on `from kalkyl import *`:
round_to (not round), KalkylOverflowError, KalkylBufferError; kalkyl.sum and
kalkyl.format exist but are left out of __all__.

The C library is found through $KALKYL_LIBRARY (a path), next to this package
(kalkyl/libkalkyl.so*), then on the system (see kalkyl._native). Every C
call releases the GIL; error messages are per thread. kalkyl.lib is the
library itself with every function of capi/kalkyl.h declared (argtypes and
restype), and kalkyl._native has its structs. The later layers are
submodules: kalkyl.unitcost, kalkyl.allocate, kalkyl.footing, kalkyl.checks, kalkyl.band,
kalkyl.followup, kalkyl.sie.
"""

__version__ = "0.1.0"  # = CMake's project(kalkyl VERSION) = kalkyl_version(); checked by tests

from ._native import LibraryNotFoundError, kalkyl_dec, kalkyl_format  # noqa: E402
from . import _native  # noqa: E402
from .errors import (  # noqa: E402
    AmbiguousError,
    DivisionByZeroError,
    InternalError,
    InvalidError,
    KalkylBufferError,
    KalkylError,
    KalkylOverflowError,
    NoMemoryError,
    NullError,
    ParseError,
    ScaleError,
)
from ._core import (  # noqa: E402
    MAX_DIGITS,
    MAX_SCALE,
    ROUNDING_NAMES,
    Column,
    Locale,
    Rounding,
    Unit,
    abi_version,
    add,
    cmp,
    div,
    format,
    format_array,
    from_kalkyl_dec,
    from_units,
    library_path,
    library_version,
    mul,
    parse,
    parse_array,
    round_to,
    sub,
    sum,
    sum_lines,
    sum_units,
    to_float,
    to_kalkyl_dec,
)

lib = _native.lib  # the C library (ctypes.CDLL) with every function of capi/kalkyl.h declared

from . import unitcost  # noqa: E402  (unit costs, KPB and the cost bridge: kalkyl.unitcost)
from .unitcost import cost_bridge, kpb_table, unit_cost, unit_cost_array  # noqa: E402
from . import allocate, checks, footing  # noqa: E402  (allocation, display rounding, checks)
from . import band  # noqa: E402  (forecast-uncertainty bands, Monte Carlo, grading: kalkyl.band)
from . import followup  # noqa: E402  (the budget follow-up ledger: kalkyl.followup)
from .followup import Ledger  # noqa: E402

__all__ = [
    "__version__",
    "LibraryNotFoundError",
    "kalkyl_dec",
    "kalkyl_format",
    "lib",
    "KalkylError",
    "NullError",
    "ParseError",
    "AmbiguousError",
    "KalkylOverflowError",
    "DivisionByZeroError",
    "ScaleError",
    "KalkylBufferError",
    "InvalidError",
    "NoMemoryError",
    "InternalError",
    "MAX_DIGITS",
    "MAX_SCALE",
    "ROUNDING_NAMES",
    "Column",
    "Locale",
    "Rounding",
    "Unit",
    "abi_version",
    "add",
    "cmp",
    "div",
    "format_array",
    "from_kalkyl_dec",
    "from_units",
    "library_path",
    "library_version",
    "mul",
    "parse",
    "parse_array",
    "round_to",
    "sub",
    "sum_lines",
    "sum_units",
    "to_float",
    "to_kalkyl_dec",
    "unitcost",
    "unit_cost",
    "unit_cost_array",
    "kpb_table",
    "cost_bridge",
    "allocate",
    "footing",
    "checks",
    "band",
    "followup",
    "Ledger",
]
