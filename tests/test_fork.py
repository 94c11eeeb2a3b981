"""The one rule for forking workers."""

from __future__ import annotations

import sys
import threading

import pytest

from warindicators._fork import fork_context

linux = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="forks on Linux only")


@linux
def test_fork_on_linux_unless_another_thread_runs() -> None:
    assert fork_context().get_start_method() == "fork"
    stop = threading.Event()
    t = threading.Thread(target=stop.wait, daemon=True)
    t.start()
    try:
        assert fork_context(single_thread=True) is None  # held locks would be copied
        assert fork_context() is not None  # callers that fork a single-threaded child
    finally:
        stop.set()
        t.join()
    if threading.active_count() == 1:
        assert fork_context(single_thread=True) is not None


def test_no_fork_off_linux(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    assert fork_context() is None and fork_context(single_thread=True) is None
