"""One line on stderr when numba compiles the library's kernels in this environment.

Compiled kernels are cached on disk (``cache=True``), so compilation happens once per
environment (a fresh install, a new container, an empty ``NUMBA_CACHE_DIR``) and
takes seconds. :func:`compile_notice` wraps a call that may compile: it listens to
numba's public ``"numba:compile"`` event (:mod:`numba.core.event`), which is broadcast
only when a dispatcher actually compiles -- loading a cached kernel is silent -- and
prints one line per topic and process the first time a kernel of this package
compiles.

Examples
--------
>>> from warindicators._jit import compile_notice
>>> with compile_notice("example kernels"):
...     pass  # nothing compiled: nothing printed
"""

from __future__ import annotations

import functools
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from numba.core import event

__all__ = ["compile_notice", "notice_text", "with_compile_notice"]

_P = ParamSpec("_P")
_R = TypeVar("_R")

_PACKAGE = __name__.split(".")[0]
_lock = threading.Lock()
_told: set[str] = set()


def notice_text(topic: str) -> str:
    """The line printed for ``topic``.

    Examples
    --------
    >>> notice_text("changepoint kernels")
    'warindicators: compiling changepoint kernels for first use (once per environment)...'
    """
    return f"{_PACKAGE}: compiling {topic} for first use (once per environment)..."


class _Notice(event.Listener):
    def __init__(self, topic: str) -> None:
        self.topic = topic

    def on_start(self, ev: event.Event) -> None:
        data = ev.data if isinstance(ev.data, dict) else {}
        func = getattr(data.get("dispatcher"), "py_func", None)
        module = getattr(func, "__module__", "") or ""
        if module.split(".")[0] != _PACKAGE:
            return
        with _lock:
            if self.topic in _told:
                return
            _told.add(self.topic)
        print(notice_text(self.topic), file=sys.stderr, flush=True)

    def on_end(self, ev: event.Event) -> None:
        pass


@contextmanager
def compile_notice(topic: str) -> Iterator[None]:
    """Within the block, announce the first compilation of a package kernel once.

    ``topic`` names what compiles (``"changepoint kernels"``); each topic is announced
    at most once per process, and only when numba compiles rather than loads a cached
    kernel.
    """
    if topic in _told:
        yield
        return
    with event.install_listener("numba:compile", _Notice(topic)):
        yield


def with_compile_notice(topic: str) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """Decorator: run the function inside :func:`compile_notice` for ``topic``."""

    def wrap(fn: Callable[_P, _R]) -> Callable[_P, _R]:
        @functools.wraps(fn)
        def inner(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            with compile_notice(topic):
                return fn(*args, **kwargs)

        return inner

    return wrap
