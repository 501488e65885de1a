"""kalkyl._handle: the life cycle of an object over an opaque C handle.

Private. A follow-up ledger (kalkyl_ledger) and a read SIE file
(kalkyl_sie) are handles the library allocates and the caller frees; their
Python classes free them on close(), at the end of a with block, or when
collected, and refuse to be used afterwards.
"""

from . import _native
from ._core import _py_error
from .errors import InvalidError


class OwnedHandle:
    """Subclasses set _free (the name of the C function that frees the
    handle) and _kind (what the message calls the object), and set self._h
    to the ctypes.c_void_p the library made."""

    _free = None
    _kind = None

    def _own(self, handle):
        self._h = handle
        self._lib = _native.lib

    def close(self):
        """Frees the C object; the Python object cannot use it afterwards. Idempotent."""
        h, self._h = getattr(self, "_h", None), None
        if h is not None and h.value:
            getattr(self._lib, self._free)(h)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # noqa: BLE001 (interpreter shutdown)
            pass

    def _handle(self):
        if self._h is None:
            raise _py_error(InvalidError, "kalkyl: this %s is closed" % self._kind)
        return self._h
