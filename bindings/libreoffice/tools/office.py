"""A headless LibreOffice with kalkyl's add-in installed, in a temporary profile.

Used by tests/calc_addin_test.py (ctest calc.addin) and tools/make_workbooks.py:

    with Office(oxt) as office:          # unopkg add, soffice --headless on loopback
        doc = office.open(path)          # or office.new()

Nothing outside the temporary directory is touched: the user profile
(-env:UserInstallation) and the shared extension layer are both redirected
into it. The extension is installed with `unopkg add --shared` into that
redirected layer because unopkg refuses a per-user installation when run as
root (as in CI containers); the bootstrap variables UNO_SHARED_PACKAGES_CACHE
and SHARED_EXTENSIONS_USER, given on both command lines, point it at the
temporary directory (LibreOffice reads -env: values before its rc files).

Needs the Python that has LibreOffice's `uno` module (Debian: python3-uno).
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

START_TIMEOUT_S = 120  # a cold start on a loaded CI machine; usually 2-5 s


class Unavailable(Exception):
    """LibreOffice (or a part the add-in needs) is not installed: the caller skips."""


def find_tools():
    """(soffice, unopkg, uno module) or Unavailable with what is missing and how to install it."""
    missing = [name for name in ("soffice", "unopkg") if shutil.which(name) is None]
    try:
        import uno  # noqa: F401
    except ImportError:
        missing.append("the Python module uno (python3-uno)")
        uno = None
    if missing:
        raise Unavailable(
            "LibreOffice is not installed (missing: %s); `scripts/install-deps.sh --with-calc` installs it"
            % ", ".join(missing)
        )
    return shutil.which("soffice"), shutil.which("unopkg"), uno


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Office:
    def __init__(self, oxt, keep=False):
        self.oxt = Path(oxt).resolve()
        self.keep = keep
        self.process = None
        self.desktop = None
        self.timings = {}

    def __enter__(self):
        soffice, unopkg, self.uno = find_tools()
        self.dir = Path(tempfile.mkdtemp(prefix="kalkyl-calc-"))
        base = self.dir.as_uri()
        self.env_args = [
            "-env:UserInstallation=%s/profile" % base,
            "-env:UNO_SHARED_PACKAGES_CACHE=%s/shared/cache" % base,
            "-env:SHARED_EXTENSIONS_USER=%s/shared/user" % base,
        ]
        try:
            started = time.monotonic()
            result = subprocess.run(
                [unopkg, "add", "--shared", "--suppress-license", *self.env_args, str(self.oxt)],
                capture_output=True,
                text=True,
                timeout=START_TIMEOUT_S,
                env=env_for_children(),
            )
            if result.returncode != 0:
                raise RuntimeError("unopkg add %s failed:\n%s%s" % (self.oxt, result.stdout, result.stderr))
            self.timings["unopkg add"] = time.monotonic() - started
            started = time.monotonic()
            port = _free_port()
            self.log = open(self.dir / "soffice.log", "w")
            self.process = subprocess.Popen(
                [
                    soffice,
                    "--headless",
                    "--invisible",
                    "--norestore",
                    "--nologo",
                    "--nodefault",
                    "--nolockcheck",
                    *self.env_args,
                    "--accept=socket,host=127.0.0.1,port=%d;urp;" % port,
                ],
                stdout=self.log,
                stderr=subprocess.STDOUT,
                env=env_for_children(),
                start_new_session=True,  # soffice starts soffice.bin: one group to stop if it hangs
            )
            self.desktop = self._connect(port)
            self.timings["soffice start"] = time.monotonic() - started
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _connect(self, port):
        uno = self.uno
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        url = "uno:socket,host=127.0.0.1,port=%d;urp;StarOffice.ComponentContext" % port
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                ctx = resolver.resolve(url)
                break
            except Exception:  # NoConnectException until soffice listens
                if self.process.poll() is not None:
                    raise RuntimeError("soffice exited with %s; see %s" % (self.process.returncode, self.log.name))
                if time.monotonic() > deadline:
                    raise RuntimeError("soffice did not accept a connection within %d s" % START_TIMEOUT_S)
                time.sleep(0.25)
        return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)

    def _props(self, **values):
        from com.sun.star.beans import PropertyValue

        out = []
        for name, value in values.items():
            p = PropertyValue()
            p.Name, p.Value = name, value
            out.append(p)
        return tuple(out)

    def new(self):
        return self.desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, self._props(Hidden=True))

    def open(self, path):
        doc = self.desktop.loadComponentFromURL(Path(path).resolve().as_uri(), "_blank", 0, self._props(Hidden=True))
        if doc is None:
            raise RuntimeError("LibreOffice could not open %s" % path)
        return doc

    def save(self, doc, path):
        doc.storeToURL(Path(path).resolve().as_uri(), self._props(FilterName="calc8"))

    def __exit__(self, *exc):
        if self.desktop is not None:
            try:
                self.desktop.terminate()
            except Exception:  # the bridge drops while soffice exits
                pass
            self.desktop = None
        if self.process is not None:
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)  # only the group this object started
                self.process.wait()
            self.log.close()
        if not self.keep and getattr(self, "dir", None) is not None:
            shutil.rmtree(self.dir, ignore_errors=True)
        return False


def env_for_children():
    """The environment for soffice/unopkg: without KALKYL_LIBRARY, so the bundled library is used."""
    env = dict(os.environ)
    env.pop("KALKYL_LIBRARY", None)
    return env
