"""First use in a fresh environment: one line on stderr while kernels compile, then none."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from warindicators._jit import compile_notice, notice_text

FIRST_CALL = """
import numpy as np
import warindicators as wi
x = np.random.default_rng(0).normal(size=500)
x[250:] += 2.0
print(wi.changepoints(x).indices)
print(wi.changepoints(x[::-1].copy()).indices)
"""


def run(cache: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NUMBA_CACHE_DIR": cache}
    return subprocess.run(
        [sys.executable, "-c", FIRST_CALL], env=env, capture_output=True, text=True, check=True
    )


@pytest.mark.slow
def test_compile_notice_once_when_compiling_and_never_from_the_cache(tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = run(str(tmp_path))
    notice = notice_text("changepoint kernels")
    assert first.stderr.splitlines() == [notice]  # one line, whatever compiles
    assert first.stdout.splitlines() == ["[250]", "[250]"]
    again = run(str(tmp_path))  # same environment: kernels load from the cache
    assert again.stderr == ""
    assert again.stdout == first.stdout


def test_no_notice_when_nothing_compiles(capsys: pytest.CaptureFixture[str]) -> None:
    with compile_notice("nothing to compile"):
        sum(range(10))
    assert capsys.readouterr().err == ""
