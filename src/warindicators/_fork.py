"""Where this process may fork workers.

Several parts fork rather than spawn, so that workers inherit loaded libraries and data
instead of importing and unpickling them: numpy-backed changepoint panels, the report
scheduler, the report kernels' zygote and the figure drawers. They share one rule.

Examples
--------
>>> ctx = fork_context()
>>> ctx is None or ctx.get_start_method() == "fork"
True
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from typing import Any

__all__ = ["fork_context"]


def fork_context(*, single_thread: bool = False) -> Any:
    """:mod:`multiprocessing`'s ``fork`` context where forking is dependable, else None.

    Forking is dependable on Linux (macOS and Windows default to ``spawn`` because
    system libraries there are not fork-safe). With ``single_thread``, it also requires
    that no other thread runs in this process: a fork copies locks that other threads
    hold, and the child can wait on them for ever.
    """
    if not sys.platform.startswith("linux"):
        return None
    if "fork" not in multiprocessing.get_all_start_methods():  # pragma: no cover
        return None
    if single_thread and threading.active_count() > 1:
        return None
    return multiprocessing.get_context("fork")
