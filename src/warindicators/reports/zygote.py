"""Report kernels forked from a warm process instead of started from scratch.

A report's kernel is a fresh Python process: it starts ipykernel (about 0.8 s), imports
pandas, numba, xarray and the library (about 1 s), loads the compiled changepoint and
trend kernels (about 0.6 s) and, in its drawing process, matplotlib -- more than half of
a report's run time, spent again for every period of a catch-up. A *zygote* is a
single-threaded process, forked from the runner, that does all of this once; each
kernel is then forked from it, already warm, and serves the notebook exactly as a
launched kernel would (same interpreter and environment, its own process group,
connection file and working folder; papermill sees no difference).

The zygote only imports modules and runs the compiled kernels on synthetic data: it
never reads the data, so a kernel forked later cannot see stale inputs. It is used
where forking is dependable -- Linux, and a runner with no other thread, since a fork
copies locks held by other threads -- and can be turned off with
``WARINDICATORS_REPORT_FORK=0``; otherwise, or when it fails, kernels are launched
from their kernelspec as usual. It exits when its runner does (end of its pipe).

Examples
--------
>>> isinstance(fork_enabled(), bool)
True
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from multiprocessing.connection import Connection
from typing import Any

from .._fork import fork_context

__all__ = ["FORK_ENV", "ForkedKernel", "Zygote", "ensure_zygote", "fork_enabled", "zygote"]

FORK_ENV = "WARINDICATORS_REPORT_FORK"

_ZYGOTE: dict[int, Zygote] = {}  # by the pid of the runner that started it
_LOCK = threading.Lock()


def fork_enabled() -> bool:
    """Whether kernels may be forked from a zygote here (see the module docstring)."""
    if os.environ.get(FORK_ENV, "").strip() in ("0", "false", "no"):
        return False
    return fork_context() is not None


def _warm() -> None:
    """Import what report notebooks use and load the compiled kernels they call."""
    # what IPKernelApp.initialize imports (the debugger's pydevd alone takes 0.15 s);
    # pydevd warns about frozen modules at import unless told not to check
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    import ipykernel.debugger
    import ipykernel.ipkernel
    import ipykernel.kernelapp
    import ipykernel.zmqshell  # noqa: F401
    import IPython.display  # noqa: F401
    import matplotlib  # noqa: F401  (the backend is left for each kernel to choose)
    import numpy as np

    from ..analysis.changepoints import changepoints
    from ..analysis.trend import trend
    from . import content, render, sections  # noqa: F401
    from .pool import warm_up

    rng = np.random.default_rng(0)
    x = np.r_[rng.normal(size=60), rng.normal(5.0, 1.0, size=60)]
    changepoints(x)  # the default pipeline's compiled kernels
    changepoints(np.cumsum(np.abs(x)))  # and the trend models
    trend(x)
    warm_up()  # matplotlib's fonts and caches, inherited by the kernels' drawers


def _reap(signum: int, frame: Any) -> None:
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass


def _serve(conn: Connection) -> None:
    """The zygote's loop: fork one kernel per request until the runner goes away."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the runner decides when it stops
    try:
        _warm()
        conn.send(("ready", os.getpid()))
    except BaseException as exc:  # the runner falls back to launched kernels
        conn.send(("failed", repr(exc)))
        return
    signal.signal(signal.SIGCHLD, _reap)
    while True:
        try:
            connection_file, cwd, env = conn.recv()
        except (EOFError, OSError):  # the runner exited
            return
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the kernel process
            _kernel(conn, connection_file, cwd, env)
        conn.send(pid)


def _kernel(conn: Connection, connection_file: str, cwd: str, env: dict[str, str]) -> None:
    """Become an ipykernel serving ``connection_file`` (never returns)."""
    code = 1
    try:
        conn.close()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        os.setsid()  # its own process group, as a launched kernel
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        os.environ["JPY_PARENT_PID"] = str(os.getppid())
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()
        # parent_handle: the kernel exits when the zygote does (the default was read
        # from the environment when the zygote imported ipykernel)
        app.initialize(["-f", connection_file, f"--IPKernelApp.parent_handle={os.getppid()}"])
        backend = os.environ.get("MPLBACKEND")
        if backend and "matplotlib" in sys.modules:  # imported before the kernel set it
            sys.modules["matplotlib"].rcParams["backend"] = backend
        app.start()
        code = 0
    finally:
        os._exit(code)


class ForkedKernel:
    """The part of :class:`subprocess.Popen` a kernel provisioner uses, for a kernel
    forked by the zygote (not a child of this process: its exit is seen by signal 0)."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self.stdin = self.stdout = self.stderr = None

    def poll(self) -> int | None:
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.returncode = 0
            except PermissionError:  # pragma: no cover - the pid was reused
                self.returncode = 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise TimeoutError(f"kernel {self.pid} still running")
            time.sleep(0.02)
        return 0

    def send_signal(self, signum: int) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


class Zygote:
    """A warm process that forks report kernels (see the module docstring)."""

    pid: int

    def __init__(self) -> None:
        # os.fork rather than multiprocessing: the kernels must not inherit a
        # multiprocessing "daemon" state that forbids their figure-drawing processes
        parent, child = multiprocessing.Pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - runs in the zygote
            code = 0
            try:
                parent.close()
                _serve(child)
            except BaseException:
                code = 1
            finally:
                os._exit(code)
        child.close()
        self.pid = pid
        self._conn = parent
        self._lock = threading.Lock()
        try:
            status, detail = self._conn.recv()
        except EOFError:
            status, detail = "failed", "exited while warming up"
        if status != "ready":
            self.close()
            raise RuntimeError(f"report zygote failed to warm up: {detail}")

    @property
    def alive(self) -> bool:
        try:
            return os.waitpid(self.pid, os.WNOHANG)[0] == 0
        except ChildProcessError:
            return False

    def fork_kernel(self, connection_file: str, cwd: str, env: dict[str, str]) -> ForkedKernel:
        """A kernel serving ``connection_file``, forked in ``cwd`` with ``env``."""
        with self._lock:
            self._conn.send((connection_file, cwd, env))
            return ForkedKernel(int(self._conn.recv()))

    def close(self) -> None:
        """Stop the zygote (kernels it forked run on until they are shut down)."""
        with contextlib.suppress(OSError):
            self._conn.close()
        deadline = time.monotonic() + 5
        while self.alive and time.monotonic() < deadline:
            time.sleep(0.01)
        if self.alive:  # pragma: no cover - stuck warming up
            os.kill(self.pid, signal.SIGKILL)
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, 0)


def ensure_zygote() -> Zygote | None:
    """Start this process's zygote if forking is dependable and none runs yet.

    Call it before starting threads (a runner does so first thing). Returns None where
    kernels are to be launched as usual.
    """
    if not fork_enabled():
        return None
    with _LOCK:
        z = _ZYGOTE.get(os.getpid())
        if z is not None and z.alive:
            return z
        if fork_context(single_thread=True) is None:  # another thread runs: unsafe now
            return None
        try:
            z = Zygote()
        except (OSError, RuntimeError, EOFError):
            return None
        _ZYGOTE.clear()  # one inherited from a parent process is not ours
        _ZYGOTE[os.getpid()] = z
        return z


def zygote() -> Zygote | None:
    """This process's running zygote, if any (without starting one)."""
    z = _ZYGOTE.get(os.getpid())
    return z if z is not None and z.alive else None
