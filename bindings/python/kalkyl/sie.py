"""kalkyl.sie: SIE 4 files, the export of every Swedish accounting system.

Reads a file once through the C library (capi/kalkyl.h, section "SIE 4
files"): everything but the single transactions, which are summed per year,
period, account and object list, so a file of ten million #TRANS lines reads
in flat memory. Maps a fiscal year to the follow-up ledger, and writes a
periodised budget back as #PBUDGET records in CP437.

    >>> from kalkyl import sie
    >>> with sie.read("export.se") as f:
    ...     f.company, f.sie_type, f.checksum        # ('Socialnämnden', 4, 'verified')
    ...     ledger, mapped = f.to_ledger(dimension=1)  # rows per ansvar
    ...     ledger.compute(mapped.last_outcome_month)

Amounts are decimal.Decimal, exact. Amounts of the file keep SIE's sign
(debit positive: a cost positive, a revenue negative); the ledger and
write_budget() use the natural sign (both positive). A record that cannot
be read raises ParseError naming line, column and label, and nothing is
returned; structural findings (an unbalanced #VER, a bad #KSUMMA, a file
that is not the PC8 it declares) are in File.diagnostics, and
File.complete is False when one is an error. docs/sie.md has the details.
"""

import ctypes
import os
from decimal import Decimal
from typing import Dict, List, NamedTuple, Optional, Sequence, Tuple

from . import _native
from ._core import _error, _py_error, from_kalkyl_dec, to_kalkyl_dec
from .errors import InvalidError
from ._handle import OwnedHandle
from .followup import Ledger, RowKind, _enum

__all__ = [
    "Account",
    "Balance",
    "BudgetLine",
    "Diagnostic",
    "Dimension",
    "File",
    "FiscalYear",
    "Mapped",
    "Object",
    "PeriodAmount",
    "read",
    "read_bytes",
    "write_budget",
]

ENCODINGS = {"auto": -1, "cp437": 0, "windows-1252": 1, "utf-8": 2}
_ENCODING_NAMES = {v: k for k, v in ENCODINGS.items()}
_CHECKSUMS = ("absent", "verified", "mismatch", "unclosed")
_SEVERITIES = ("info", "warning", "error")
_BALANCE_KINDS = ("ib", "ub", "res", "oib", "oub")
_PERIOD_KINDS = ("psaldo", "pbudget", "trans")
_CHARTS = {"bas": 0, "kommun_bas": 1}
_OUTCOMES = {"auto": 0, "psaldo": 1, "transactions": 2}


class FiscalYear(NamedTuple):
    index: int  # 0 this year, -1 the previous, ...
    start: int  # YYYYMMDD
    end: int


class Account(NamedTuple):
    number: str
    name: str
    type: str  # "T", "S", "K", "I" (#KTYP), "" when not given


class Dimension(NamedTuple):
    number: int
    name: str
    parent: int  # #UNDERDIM's superior dimension, 0 for none


class Object(NamedTuple):
    dimension: int
    id: str
    name: str


class Balance(NamedTuple):
    kind: str  # "ib", "ub", "res", "oib", "oub"
    year: int
    account: str
    objects: Tuple[Tuple[int, str], ...]  # ((dimension, id), ...)
    amount: Decimal  # SIE sign: debit positive
    quantity: Optional[Decimal]


class PeriodAmount(NamedTuple):
    kind: str  # "psaldo", "pbudget", "trans"
    year: int
    period: int  # YYYYMM
    account: str
    objects: Tuple[Tuple[int, str], ...]
    amount: Decimal  # SIE sign: debit positive
    quantity: Optional[Decimal]
    count: int  # #TRANS summed; 1 for #PSALDO and #PBUDGET


class Diagnostic(NamedTuple):
    severity: str  # "info", "warning", "error"
    line: int
    column: int
    label: str
    message: str


class Mapped(NamedTuple):
    """What File.to_ledger made."""

    last_outcome_month: int  # compute the ledger through this month
    outcome_source: str  # "psaldo" or "transactions"
    has_prior_year: bool
    year: FiscalYear
    rows: int


class BudgetLine(NamedTuple):
    """One account's budget for one period, in the natural sign."""

    account: str
    period: int  # YYYYMM
    amount: Decimal
    kind: str = "cost"  # "cost" or "revenue": SIE writes a revenue negative
    objects: Sequence[Tuple[int, str]] = ()


def _check(status):
    if status:
        raise _error(status)


def _text(p):
    return p.decode("utf-8") if p else ""


def _objects(ptr, n):
    return tuple((ptr[i].dimension, _text(ptr[i].id)) for i in range(n))


def _quantity(has, q):
    return from_kalkyl_dec(q) if has else None


def _encoding(encoding):
    try:
        return ENCODINGS[encoding]
    except (KeyError, TypeError):
        raise _py_error(InvalidError, "kalkyl: encoding %r is not one of: %s" % (encoding, ", ".join(ENCODINGS)))


def read(path, encoding="auto"):
    """Reads the SIE file at `path` (streamed: memory stays flat). encoding:
    "auto" (detect; a mismatch with the declared PC8 is a warning diagnostic),
    "cp437", "windows-1252" or "utf-8"."""
    handle = ctypes.c_void_p()
    _check(_native.lib.kalkyl_sie_read_file(os.fsencode(path), _encoding(encoding), ctypes.byref(handle)))
    return File(handle)


def read_bytes(data, encoding="auto"):
    """Reads an SIE file held in memory (bytes)."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("kalkyl: data must be bytes, not %s" % type(data).__name__)
    data = bytes(data)
    handle = ctypes.c_void_p()
    _check(_native.lib.kalkyl_sie_read(data, len(data), _encoding(encoding), ctypes.byref(handle)))
    return File(handle)


class File(OwnedHandle):
    """A read SIE file. Its lists are read from the C handle on first use.
    Use it as a context manager (or call close()); the handle is also freed
    when the object is collected."""

    _free = "kalkyl_sie_free"
    _kind = "sie.File"

    def __init__(self, handle):
        self._own(handle)
        info = _native.kalkyl_sie_info()
        info.size = ctypes.sizeof(info)
        _check(self._lib.kalkyl_sie_get_info(self._h, ctypes.byref(info)))
        self._info = info
        self.sie_type = info.sie_type
        self.encoding = _ENCODING_NAMES[info.encoding]
        self.encoding_mismatch = bool(info.encoding_mismatch)
        self.checksum = _CHECKSUMS[info.checksum]
        self.complete = bool(info.complete)
        self.program = _text(info.program)
        self.program_version = _text(info.program_version)
        self.format = _text(info.format)
        self.generated = _text(info.generated)
        self.company = _text(info.company)
        self.org_number = _text(info.org_number)
        self.chart_type = _text(info.chart_type)
        self.currency = _text(info.currency)
        self.bytes = info.bytes
        self.lines = info.lines
        self.verifications = info.verifications
        self.transactions = info.transactions
        self.transactions_outside_years = info.transactions_outside_years
        self.error_count = info.error_count
        self._cache = {}

    def _items(self, key, count, fn, struct, convert):
        if key not in self._cache:
            h = self._handle()
            out = struct()
            items = []
            for i in range(count):
                _check(fn(h, i, ctypes.byref(out)))
                items.append(convert(out))
            self._cache[key] = items
        return self._cache[key]

    # --- the contents ---------------------------------------------------------------

    @property
    def years(self) -> List[FiscalYear]:
        """#RAR, as written."""
        return self._items("years", self._info.n_years, self._lib.kalkyl_sie_get_year,
                           _native.kalkyl_sie_year, lambda y: FiscalYear(y.index, y.start, y.end))

    @property
    def accounts(self) -> List[Account]:
        """#KONTO with #KTYP, in file order."""
        return self._items("accounts", self._info.n_accounts, self._lib.kalkyl_sie_get_account,
                           _native.kalkyl_sie_account,
                           lambda a: Account(_text(a.number), _text(a.name),
                                             a.type.decode("ascii") if a.type != b"\0" else ""))

    @property
    def dimensions(self) -> List[Dimension]:
        return self._items("dimensions", self._info.n_dimensions, self._lib.kalkyl_sie_get_dimension,
                           _native.kalkyl_sie_dimension, lambda d: Dimension(d.number, _text(d.name), d.parent))

    @property
    def objects(self) -> List[Object]:
        """#OBJEKT."""
        return self._items("objects", self._info.n_objects, self._lib.kalkyl_sie_get_object,
                           _native.kalkyl_sie_object, lambda o: Object(o.dimension, _text(o.id), _text(o.name)))

    @property
    def balances(self) -> List[Balance]:
        """#IB, #UB, #RES, #OIB, #OUB."""
        return self._items("balances", self._info.n_balances, self._lib.kalkyl_sie_get_balance,
                           _native.kalkyl_sie_balance,
                           lambda b: Balance(_BALANCE_KINDS[b.kind], b.year, _text(b.account),
                                             _objects(b.objects, b.n_objects), from_kalkyl_dec(b.amount),
                                             _quantity(b.has_quantity, b.quantity)))

    @staticmethod
    def _period(p):
        return PeriodAmount(_PERIOD_KINDS[p.kind], p.year, p.period, _text(p.account),
                            _objects(p.objects, p.n_objects), from_kalkyl_dec(p.amount),
                            _quantity(p.has_quantity, p.quantity), p.count)

    @property
    def periods(self) -> List[PeriodAmount]:
        """#PSALDO and #PBUDGET, in file order."""
        return self._items("periods", self._info.n_periods, self._lib.kalkyl_sie_get_period,
                           _native.kalkyl_sie_period, self._period)

    @property
    def transaction_sums(self) -> List[PeriodAmount]:
        """The #TRANS summed per year, period, account and object list (kind "trans")."""
        return self._items("transaction_sums", self._info.n_transaction_sums,
                           self._lib.kalkyl_sie_get_transaction_sum, _native.kalkyl_sie_period, self._period)

    @property
    def diagnostics(self) -> List[Diagnostic]:
        """Findings about structure and content, in the order found."""
        return self._items("diagnostics", self._info.n_diagnostics, self._lib.kalkyl_sie_get_diagnostic,
                           _native.kalkyl_sie_diagnostic,
                           lambda d: Diagnostic(_SEVERITIES[d.severity], d.line, d.column, _text(d.label),
                                                _text(d.message)))

    @property
    def unknown_labels(self) -> Dict[str, int]:
        """Labels the reader skipped, with how often each occurred."""
        if "unknown" not in self._cache:
            h = self._handle()
            label = ctypes.c_char_p()
            count = ctypes.c_uint64()
            found = {}
            for i in range(self._info.n_unknown_labels):
                _check(self._lib.kalkyl_sie_get_unknown_label(h, i, ctypes.byref(label), ctypes.byref(count)))
                found[_text(label.value)] = count.value
            self._cache["unknown"] = found
        return self._cache["unknown"]

    # --- the follow-up ledger -------------------------------------------------------

    def to_ledger(self, dimension=0, chart="kommun_bas", year=0, outcome="auto", rules=None,
                  accept_incomplete=False, root_id=None, root_name=None):
        """The follow-up ledger of one fiscal year: (Ledger, Mapped).

        dimension: rows per object of this dimension (1 ansvar, 6 projekt,
        ...; 0 none). chart: "kommun_bas" or "bas" (class 3 revenue, 4-7
        cost, the rest excluded). year: the #RAR index. outcome: "auto"
        (#PSALDO when the year has any, else #TRANS), "psaldo" or
        "transactions". rules: a mapping file's text (docs/sie.md), first
        match wins over the chart."""
        m = _native.kalkyl_sie_mapping()
        m.size = ctypes.sizeof(m)
        m.dimension = _int(dimension, "dimension")
        m.chart = _choice(_CHARTS, chart, "chart")
        m.year = _int(year, "year")
        m.outcome = _choice(_OUTCOMES, outcome, "outcome")
        m.accept_incomplete = 1 if accept_incomplete else 0
        keep = []  # the bytes the struct points into, alive through the call
        for field, value in (("rules", rules), ("root_id", root_id), ("root_name", root_name)):
            if value is not None:
                data = value.encode("utf-8") if isinstance(value, str) else bytes(value)
                keep.append(data)
                setattr(m, field, ctypes.cast(ctypes.c_char_p(data), ctypes.c_void_p))
                setattr(m, field + "_len", len(data))
        handle = ctypes.c_void_p()
        mapped = _native.kalkyl_sie_mapped()
        _check(self._lib.kalkyl_sie_to_ledger(self._handle(), ctypes.byref(m), ctypes.byref(handle),
                                              ctypes.byref(mapped)))
        ledger = Ledger._adopt(handle)
        year_info = FiscalYear(year, mapped.year_start, mapped.year_end)
        source = {v: k for k, v in _OUTCOMES.items()}[mapped.outcome_source]
        return ledger, Mapped(mapped.last_outcome_month, source, bool(mapped.has_prior_year), year_info,
                              mapped.n_rows)


def _int(value, what):
    if isinstance(value, bool) or not isinstance(value, int) or not -2**31 <= value < 2**31:
        raise _py_error(InvalidError, "kalkyl: %s must be a 32-bit int, not %r" % (what, value))
    return value


def _choice(names, value, what):
    if value in names:
        return names[value]
    raise _py_error(InvalidError, "kalkyl: %s %r is not one of: %s" % (what, value, ", ".join(names)))


def write_budget(lines, company, year, generated, org_number=None, checksum=True):
    """A periodised budget as the bytes of an SIE file of #PBUDGET records
    (CP437, CR LF), which an accounting system imports.

    lines: BudgetLine (or tuples account, period, amount[, kind[, objects]])
    in the natural sign. year: (start, end) as YYYYMMDD ints. generated: the
    #GEN date "YYYYMMDD" (the file never depends on the clock)."""
    lines = [BudgetLine(*line) if not isinstance(line, BudgetLine) else line for line in lines]
    n = len(lines)
    c_lines = (_native.kalkyl_sie_budget_line * max(n, 1))()
    keep = []
    for i, line in enumerate(lines):
        account = str(line.account).encode("utf-8")
        keep.append(account)
        c = c_lines[i]
        c.account = ctypes.cast(ctypes.c_char_p(account), ctypes.c_void_p)
        c.account_len = len(account)
        objects = list(line.objects)
        if objects:
            arr = (_native.kalkyl_sie_object * len(objects))()
            for j, (dim, oid) in enumerate(objects):
                data = str(oid).encode("utf-8")
                keep.append(data)
                arr[j].dimension = _int(dim, "dimension")
                arr[j].id = data
                arr[j].id_len = len(data)
                arr[j].name = b""
            keep.append(arr)
            c.objects = arr
            c.n_objects = len(objects)
        c.period = _int(line.period, "period")
        c.kind = _enum(RowKind, line.kind, "kind")
        c.amount = to_kalkyl_dec(line.amount)
    f = _native.kalkyl_sie_budget_file()
    f.size = ctypes.sizeof(f)
    f.year_start, f.year_end = (_int(v, "year") for v in year)
    f.checksum = 1 if checksum else 0
    for field, value in (("company", company), ("generated", generated), ("org_number", org_number)):
        if value is not None:
            data = value.encode("utf-8")
            keep.append(data)
            setattr(f, field, ctypes.cast(ctypes.c_char_p(data), ctypes.c_void_p))
            setattr(f, field + "_len", len(data))
    needed = ctypes.c_size_t()
    lib = _native.lib
    status = lib.kalkyl_sie_write_budget(ctypes.byref(f), c_lines, n, None, 0, ctypes.byref(needed))
    if status != 7:  # KALKYL_E_BUFFER: the size is known
        _check(status)
    buf = ctypes.create_string_buffer(needed.value)
    _check(lib.kalkyl_sie_write_budget(ctypes.byref(f), c_lines, n, buf, needed.value, ctypes.byref(needed)))
    return buf.raw[: needed.value - 1]
