"""kalkyl.errors: one exception class per kalkyl_status.

Every failure of a kalkyl call raises a subclass of KalkylError carrying the
C status number (.status), its name (.status_name, as
kalkyl_status_name() spells it: "KALKYL_E_PARSE", "KALKYL_E_OVERFLOW", ...) and the C library's
message for this thread (kalkyl_last_error()) as str(exc). Batch calls
(parse_array, format_array, Column.parse_lines, ...) also set .index: the
position of the element that failed; it is None for single-value calls.

The classes also derive from the builtin exception a Python programmer would
catch for the same trouble: ParseError, AmbiguousError and InvalidError are
ValueErrors, KalkylOverflowError and ScaleError are ArithmeticErrors,
DivisionByZeroError is a ZeroDivisionError, NoMemoryError a MemoryError.
Two names carry a Kalkyl prefix so as not to shadow builtins on
`from kalkyl.errors import *`: KalkylOverflowError and KalkylBufferError.
"""

__all__ = [
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
    "error_class",
]

# kalkyl_status_name()'s spelling of each code (as in capi/kalkyl.h), for errors
# raised on the Python side before the C library is called.
STATUS_NAMES = {
    0: "KALKYL_OK",
    1: "KALKYL_E_NULL",
    2: "KALKYL_E_PARSE",
    3: "KALKYL_E_AMBIGUOUS",
    4: "KALKYL_E_OVERFLOW",
    5: "KALKYL_E_DIV_ZERO",
    6: "KALKYL_E_SCALE",
    7: "KALKYL_E_BUFFER",
    8: "KALKYL_E_INVALID",
    9: "KALKYL_E_NO_MEMORY",
    10: "KALKYL_E_INTERNAL",
}


class KalkylError(Exception):
    """A kalkyl call failed. str(exc) is the C library's message.

    Attributes: status (int, the kalkyl_status), status_name (str), message
    (str), index (int or None: the failing element of a batch call).
    """

    status = -1

    def __init__(self, message, status=None, status_name=None, index=None):
        super().__init__(message)
        if status is not None:
            self.status = status
        self.status_name = status_name if status_name is not None else STATUS_NAMES.get(self.status, "KALKYL_E_UNKNOWN")
        self.message = message
        self.index = index

    def __str__(self):
        return self.message

    def __repr__(self):
        extra = "" if self.index is None else ", index=%d" % self.index
        return "%s(%r, status=%d%s)" % (type(self).__name__, self.message, self.status, extra)

    def __reduce__(self):  # picklable across processes (multiprocessing)
        return (_rebuild, (type(self), self.message, self.status, self.status_name, self.index))


def _rebuild(cls, message, status, status_name, index):
    return cls(message, status, status_name, index)


class NullError(KalkylError):
    """KALKYL_E_NULL: a required pointer was NULL (a bug in the binding if it happens)."""

    status = 1


class ParseError(KalkylError, ValueError):
    """KALKYL_E_PARSE: the text is not a number in the chosen locale."""

    status = 2


class AmbiguousError(KalkylError, ValueError):
    """KALKYL_E_AMBIGUOUS: the text reads as two different numbers (locale="auto")."""

    status = 3


class KalkylOverflowError(KalkylError, ArithmeticError):
    """KALKYL_E_OVERFLOW: the result needs more than 38 digits."""

    status = 4


class DivisionByZeroError(KalkylError, ZeroDivisionError):
    """KALKYL_E_DIV_ZERO."""

    status = 5


class ScaleError(KalkylError, ArithmeticError):
    """KALKYL_E_SCALE: a scale outside 0..28, or a result needing more than 28 decimals."""

    status = 6


class KalkylBufferError(KalkylError):
    """KALKYL_E_BUFFER: a caller's buffer was too small (handled inside the binding)."""

    status = 7


class InvalidError(KalkylError, ValueError):
    """KALKYL_E_INVALID: an argument outside its documented range (or NaN/Infinity)."""

    status = 8


class NoMemoryError(KalkylError, MemoryError):
    """KALKYL_E_NO_MEMORY."""

    status = 9


class InternalError(KalkylError):
    """KALKYL_E_INTERNAL: a bug in kalkyl; please report it with the message."""

    status = 10


_BY_STATUS = {
    cls.status: cls
    for cls in (
        NullError,
        ParseError,
        AmbiguousError,
        KalkylOverflowError,
        DivisionByZeroError,
        ScaleError,
        KalkylBufferError,
        InvalidError,
        NoMemoryError,
        InternalError,
    )
}


def error_class(status):
    """The exception class for a kalkyl_status number (KalkylError for an unknown one)."""
    return _BY_STATUS.get(status, KalkylError)
