"""False alarms and power of the default changepoints on short, autocorrelated series.

Known-truth simulations, fixed seeds, monthly-dated series (as reports pass them):

* ``table``: the goals of the short-series issue -- false alarms of the default
  ``changepoints(x)`` on AR(1) noise (phi = 0.5) at n = 30 and 54, white noise and
  Poisson counts (rate 4) at n = 30 and 54, AR(1) phi = 0.9 at n = 500, and the share of
  series of n = 60 (AR(1) phi = 0.5) with one shift of 2 (and 3) marginal standard
  deviations at mid-series in which a changepoint is found within +-3;
* ``rates``: true false-alarm rates -- 1000 series per case and seed (seeds 101 and
  202), AR(1) 0.5 and white noise at n = 24, 30, 54 and 60, the default with and
  without the small-sample correction of the joint fits, on the same series
  (``--family ar1`` or ``--family white`` runs one family);
* ``grid``: the two AR(1) estimates of the default pipeline (``estimate="joint"``, the
  joint one without the small-sample correction, and ``"two-stage"``) side by side over
  n = 24 ... 240 and families: white noise, AR(1)
  0.5 / 0.8, Poisson 4 / 0.5, a straight and a quadratic trend and a monthly profile in
  AR(1) noise (false alarms), mid-series shifts of 2 and 3 sd (found within +-3);
* ``oracle``: the bound on the power figure -- tests for exactly one shift in mean at
  n = 60 (AR(1) 0.5) that know more than any detector: CUSUM of the innovations and
  the exact-likelihood (GLS) scan with ``phi`` and the noise variance known, the GLS
  scan with both profiled by exact likelihood (with and without the bias correction
  of ``phi``), each with its threshold simulated for exactly 5 % false alarms (and,
  in the last column, for 1 %, about the rate of the default on the same nulls).

* ``unitroot``: long series (n = 200, 500) of near-unit-root AR(1) noise, with and
  without a mid-series shift: the two-stage fit with and without the AR(1)
  confirmation of its changes (false alarms; shifts found within +-10).

Run: ``python benchmarks/changepoints_short.py [table] [rates] [grid] [oracle] [unitroot]
[--reps N] [--family ar1|white]`` (default: all five, 200 series per case in the table,
1000 per case and seed in the rates, 100 in the grid and the near-unit-root cases).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import numpy as np
import pandas as pd
from statsmodels.tsa.arima_process import ArmaProcess

from warindicators.analysis.changepoints import changepoints
from warindicators.analysis.changepoints.ar1 import MAX_JOINT_PHI, debias_phi
from warindicators.analysis.changepoints.auto import auto_segment, seasonal_candidates

SD05 = 1.0 / np.sqrt(1.0 - 0.25)  # marginal sd of AR(1) noise, phi 0.5, unit innovations


def ar1(rng: np.random.Generator, n: int, phi: float) -> np.ndarray:
    """AR(1) noise with unit innovations (statsmodels' ARMA sampler, 200 burn-in)."""
    return ArmaProcess([1.0, -phi]).generate_sample(n, burnin=200, distrvs=rng.normal)


def monthly(x: np.ndarray) -> pd.Series:
    return pd.Series(x, index=pd.date_range("2015-01-01", periods=x.size, freq="MS"))


def step(rng: np.random.Generator, n: int, size: float) -> np.ndarray:
    return ar1(rng, n, 0.5) + np.r_[np.zeros(n // 2), np.full(n - n // 2, size * SD05)]


def found(idx: list[int] | np.ndarray, at: int) -> bool:
    return any(abs(int(i) - at) <= 3 for i in idx)


def table(reps: int) -> None:
    nulls: dict[str, Callable[[np.random.Generator], np.ndarray]] = {
        "AR(1) phi 0.5, n 30": lambda r: ar1(r, 30, 0.5),
        "AR(1) phi 0.5, n 54": lambda r: ar1(r, 54, 0.5),
        "white noise, n 30": lambda r: r.normal(size=30),
        "white noise, n 54": lambda r: r.normal(size=54),
        "Poisson 4, n 30": lambda r: r.poisson(4.0, 30).astype(float),
        "Poisson 4, n 54": lambda r: r.poisson(4.0, 54).astype(float),
        "AR(1) phi 0.9, n 500": lambda r: ar1(r, 500, 0.9),
    }
    print(f"Default changepoints(x), monthly dates, {reps} series per case")
    for label, gen in nulls.items():
        rng = np.random.default_rng(12345)
        t = time.perf_counter()
        alarms = sum(changepoints(monthly(gen(rng))).n_changepoints > 0 for _ in range(reps))
        print(
            f"  false alarms, {label:22s} {100 * alarms / reps:5.1f} %"
            f"  ({time.perf_counter() - t:.1f} s)"
        )
    for size in (2, 3):
        rng = np.random.default_rng(777)
        hits = sum(
            found(changepoints(monthly(step(rng, 60, size))).indices, 30) for _ in range(reps)
        )
        print(f"  power, {size} sd shift at 30 of 60, within +-3: {100 * hits / reps:5.1f} %")


def grid(
    reps: int,
    lengths: tuple[int, ...] = (24, 36, 60, 120, 240),
    columns: tuple[str, ...] = ("joint", "uncorrected", "two-stage"),
) -> None:
    fams: dict[str, Callable[[np.random.Generator, int], np.ndarray]] = {
        "white noise": lambda r, n: r.normal(size=n),
        "AR(1) 0.5": lambda r, n: ar1(r, n, 0.5),
        "AR(1) 0.8": lambda r, n: ar1(r, n, 0.8),
        "Poisson 4": lambda r, n: r.poisson(4.0, n).astype(float),
        "Poisson 0.5": lambda r, n: r.poisson(0.5, n).astype(float),
        "line + AR(1) 0.5": lambda r, n: ar1(r, n, 0.5) + 3 * SD05 * np.arange(n) / n,
        "parabola + AR(1) 0.5": lambda r, n: ar1(r, n, 0.5) + 3 * SD05 * (np.arange(n) / n) ** 2,
        "season + AR(1) 0.5": lambda r, n: ar1(r, n, 0.5) + 2 * np.sin(np.pi * np.arange(n) / 6),
    }

    from warindicators.analysis.changepoints import auto

    def run(x: np.ndarray, est: str) -> np.ndarray:
        periods = seasonal_candidates(monthly(x).index, x.size)
        auto.SMALL_SAMPLE_CORRECTION = est != "uncorrected"
        try:
            return auto_segment(
                x,
                periods=periods,
                estimate="joint" if est == "uncorrected" else est,  # type: ignore[arg-type]
            ).indices
        finally:
            auto.SMALL_SAMPLE_CORRECTION = True

    print(f"\nJoint vs two-stage AR(1) estimate, {reps} series per cell (% of series;")
    print("  uncorrected: the joint estimate without the small-sample correction)")
    print(f"  {'n':>4s} {'family':22s}" + "".join(f" {c:>11s}" for c in columns))
    for n in lengths:
        for label, gen in fams.items():
            row = []
            for est in columns:
                rng = np.random.default_rng(2024)
                row.append(100 * np.mean([run(gen(rng, n), est).size > 0 for _ in range(reps)]))
            print(f"  {n:4d} {'FA ' + label:22s}" + "".join(f" {v:11.1f}" for v in row), flush=True)
        for size in (2, 3):
            row = []
            for est in columns:
                rng = np.random.default_rng(99)
                row.append(
                    100
                    * np.mean([found(run(step(rng, n, size), est), n // 2) for _ in range(reps)])
                )
            label = f"power {size} sd shift"
            print(f"  {n:4d} {label:22s}" + "".join(f" {v:11.1f}" for v in row), flush=True)


def rates(reps: int, seeds: tuple[int, ...] = (101, 202), part: str = "all") -> None:
    """True false-alarm rates at the lengths reports see, with and without the correction.

    ``reps`` series per case and seed (1000 by default: a rate of 5 % is then known to
    +-1.4 points), AR(1) 0.5 and white noise at n = 24, 30, 54 and 60, the default
    ``changepoints(x)`` with monthly dates; each case once with the small-sample
    correction of the joint fits (:data:`~.auto.SMALL_SAMPLE_CORRECTION`) and once
    without it, on the same series. ``part``: ``"ar1"``, ``"white"`` or ``"all"``.
    """
    from warindicators.analysis.changepoints import auto

    fams: dict[str, Callable[[np.random.Generator, int], np.ndarray]] = {
        "AR(1) 0.5": lambda r, n: ar1(r, n, 0.5),
        "white noise": lambda r, n: r.normal(size=n),
    }
    if part != "all":
        fams = {k: v for k, v in fams.items() if k.startswith("AR" if part == "ar1" else "w")}
    keep = auto.SMALL_SAMPLE_CORRECTION
    print(f"\nFalse alarms of the default, monthly dates, {reps} series per case and seed (%)")
    print(f"  {'family':12s} {'n':>3s} {'seed':>5s} {'corrected':>9s} {'uncorrected':>11s}")
    for label, gen in fams.items():
        for n in (24, 30, 54, 60):
            for seed in seeds:
                row = []
                for corr in (True, False):
                    auto.SMALL_SAMPLE_CORRECTION = corr
                    rng = np.random.default_rng(seed)
                    alarms = sum(
                        changepoints(monthly(gen(rng, n))).n_changepoints > 0 for _ in range(reps)
                    )
                    row.append(100 * alarms / reps)
                auto.SMALL_SAMPLE_CORRECTION = keep
                print(f"  {label:12s} {n:3d} {seed:5d} {row[0]:9.1f} {row[1]:11.1f}", flush=True)


def ar1_batch(rng: np.random.Generator, reps: int, n: int, phi: float) -> np.ndarray:
    """``reps`` AR(1) paths of length ``n`` (rows), as :func:`ar1`."""
    proc = ArmaProcess([1.0, -phi])
    return np.asarray(proc.generate_sample((reps, n), burnin=200, distrvs=rng.normal, axis=1))


def prais_winsten(y: np.ndarray, phi: float) -> np.ndarray:
    """Exact AR(1) whitening along the last axis: ``sqrt(1 - phi**2) y[0]``, ``y[t] - phi y[t-1]``."""
    out = np.empty_like(y, dtype=np.float64)
    out[..., 0] = np.sqrt(1.0 - phi * phi) * y[..., 0]
    out[..., 1:] = y[..., 1:] - phi * y[..., :-1]
    return out


def gls_scan(y: np.ndarray, phi: float, min_size: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """GLS fit of one mean shift at every ``k`` (first point of the new level) under AR(1).

    Returns the residual sums of squares of the whitened series without a shift (one per
    row of ``y``) and with a shift at each ``k`` (rows x candidates), and the candidates.
    The whitened step regressor keeps its transition point of full size at ``k``.
    """
    n = y.shape[-1]
    ks = np.arange(min_size, n - min_size + 1)
    a = prais_winsten(np.ones(n), phi)
    d = prais_winsten((np.arange(n)[None, :] >= ks[:, None]).astype(np.float64), phi)
    w = prais_winsten(y, phi)
    wp = w - np.outer(w @ a / (a @ a), a)
    dp = d - np.outer(d @ a / (a @ a), a)
    rss0 = np.einsum("ij,ij->i", wp, wp)
    explained = (wp @ dp.T) ** 2 / np.einsum("ij,ij->i", dp, dp)[None, :]
    return rss0, rss0[:, None] - explained, ks


def gls_known(y: np.ndarray, phi: float = 0.5, min_size: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """Likelihood-ratio scan with ``phi`` and the innovation variance (1) known."""
    rss0, rss1, ks = gls_scan(y, phi, min_size)
    gain = rss0[:, None] - rss1
    return gain.max(axis=1), ks[gain.argmax(axis=1)]


def gls_profile(
    y: np.ndarray, min_size: int = 5, corrected: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Likelihood-ratio scan with ``phi`` and the variance estimated (exact likelihood).

    ``phi`` is profiled over a grid of 0.01 under each hypothesis. ``corrected``: the
    ``phi`` of the best shift is bias-corrected (two means, :func:`debias_phi`) and
    both hypotheses are compared at the corrected value.
    """
    reps, n = y.shape
    best0 = np.full(reps, np.inf)
    best1 = np.full(reps, np.inf)
    at = np.zeros(reps, dtype=np.int64)
    phi1 = np.zeros(reps)
    for phi in np.round(np.arange(0.0, 0.955, 0.01), 2):
        rss0, rss1, ks = gls_scan(y, phi, min_size)
        jac = -np.log(1.0 - phi * phi)  # -2 log of the Prais-Winsten Jacobian
        best0 = np.minimum(best0, n * np.log(rss0) + jac)
        l1 = n * np.log(rss1.min(axis=1)) + jac
        better = l1 < best1
        best1 = np.where(better, l1, best1)
        at = np.where(better, ks[rss1.argmin(axis=1)], at)
        phi1 = np.where(better, phi, phi1)
    if not corrected:
        return best0 - best1, at
    fixed = np.array([debias_phi(float(p), n, 2, 1, MAX_JOINT_PHI) for p in phi1])
    stat = np.empty(reps)
    for phi in np.unique(fixed):
        rows = fixed == phi
        rss0, rss1, ks = gls_scan(y[rows], float(phi), min_size)
        stat[rows] = n * np.log(rss0 / rss1.min(axis=1))
        at[rows] = ks[rss1.argmin(axis=1)]
    return stat, at


def cusum_known(
    y: np.ndarray, phi: float = 0.5, min_size: int = 5
) -> tuple[np.ndarray, np.ndarray]:
    """CUSUM of the innovations ``y[t] - phi y[t-1]`` (unit variance known)."""
    w = y[:, 1:] - phi * y[:, :-1]
    m = w.shape[1]
    c = np.cumsum(w, axis=1)
    k = np.arange(min_size, m - min_size + 1)
    s = (c[:, k - 1] - k / m * c[:, -1:]) ** 2 * m / (k * (m - k))
    return s.max(axis=1), k[s.argmax(axis=1)] + 1


def oracle(reps: int = 4000) -> None:
    """Power of one-shift tests that know more than any detector can, at 5 % false alarms
    (and, last column, at 1 %, about the default's own rate on these nulls).

    Every statistic's threshold is its 95 % quantile on ``reps`` AR(1) (0.5) nulls of 60
    points, so each has exactly 5 % false alarms; power is measured on ``reps`` series
    with one shift of 2 (3) marginal sd at 30, found if the statistic passes and its
    location is within +-3.
    """
    tests: dict[str, Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]] = {
        "CUSUM, phi and variance known": cusum_known,
        "GLS scan, phi and variance known": gls_known,
        "GLS scan, phi profiled (ML)": gls_profile,
        "GLS scan, phi profiled, bias-corrected": lambda y: gls_profile(y, corrected=True),
    }
    print(f"\nOracle one-shift tests, n 60, AR(1) 0.5, 5 % false alarms ({reps} series each)")
    print(
        f"  {'test':40s} {'threshold':>9s} {'2 sd: detect':>12s} {'+-3':>6s} {'3 sd: +-3':>9s}"
        f" {'2 sd +-3 at 1 % FA':>19s}"
    )
    for label, test in tests.items():
        rng = np.random.default_rng(1)
        null = test(ar1_batch(rng, reps, 60, 0.5))[0]
        q, q1 = (float(np.quantile(null, level)) for level in (0.95, 0.99))
        row = []
        for size in (2.0, 3.0):
            shift = np.r_[np.zeros(30), np.full(30, size * SD05)]
            s, k = test(ar1_batch(rng, reps, 60, 0.5) + shift)
            near = np.abs(k - 30) <= 3
            row += [100 * np.mean(s > q), 100 * np.mean((s > q) & near)]
            row += [100 * np.mean((s > q1) & near)]
        print(
            f"  {label:40s} {q:9.2f} {row[0]:11.1f}% {row[1]:5.1f}% {row[4]:8.1f}% {row[2]:18.1f}%"
        )


def near_unit_root(reps: int) -> None:
    """Long series: the two-stage fit with and without the AR(1) confirmation."""
    from warindicators.analysis.changepoints import auto

    def shifted(phi: float, n: int, size: float) -> Callable[[np.random.Generator], np.ndarray]:
        sd = 1.0 / np.sqrt(1.0 - phi * phi)
        return lambda r: ar1(r, n, phi) + np.r_[np.zeros(n // 2), np.full(n - n // 2, size * sd)]

    cases: dict[str, tuple[Callable[[np.random.Generator], np.ndarray], int | None]] = {
        "FA AR(1) 0.9, n 500": (lambda r: ar1(r, 500, 0.9), None),
        "FA AR(1) 0.9, n 200": (lambda r: ar1(r, 200, 0.9), None),
        "FA AR(1) 0.95, n 500": (lambda r: ar1(r, 500, 0.95), None),
        "FA AR(1) 0.8, n 500": (lambda r: ar1(r, 500, 0.8), None),
        "power AR(1) 0.5, 1.5 sd, n 500": (shifted(0.5, 500, 1.5), 250),
        "power AR(1) 0.8, 2 sd, n 500": (shifted(0.8, 500, 2.0), 250),
        "power AR(1) 0.9, 3 sd, n 500": (shifted(0.9, 500, 3.0), 250),
        "power AR(1) 0.9, 3 sd, n 200": (shifted(0.9, 200, 3.0), 100),
    }
    keep = auto.CONFIRM_MIN_PHI
    print(f"\nNear-unit-root noise, two-stage estimate, {reps} series per case (% of series;")
    print("  power: a changepoint within +-10 of the shift)")
    print(f"  {'case':32s} {'without':>8s} {'with confirmation':>18s}")
    for label, (gen, at) in cases.items():
        row = []
        for threshold in (2.0, keep):  # 2.0: no phi reaches it, never confirmed
            auto.CONFIRM_MIN_PHI = threshold
            rng = np.random.default_rng(12345)
            hits = 0
            for _ in range(reps):
                idx = auto_segment(gen(rng), periods=()).indices
                hits += idx.size > 0 if at is None else any(abs(int(i) - at) <= 10 for i in idx)
            row.append(100 * hits / reps)
        auto.CONFIRM_MIN_PHI = keep
        print(f"  {label:32s} {row[0]:8.1f} {row[1]:18.1f}")


if __name__ == "__main__":
    args = sys.argv[1:]
    reps = int(args[args.index("--reps") + 1]) if "--reps" in args else None
    names = ("table", "rates", "grid", "oracle", "unitroot")
    parts = [a for a in args if a in names] or list(names)
    family = args[args.index("--family") + 1] if "--family" in args else "all"
    if "table" in parts:
        table(reps or 200)
    if "rates" in parts:
        rates(reps or 1000, part=family)
    if "grid" in parts:
        grid(reps or 100)
    if "oracle" in parts:
        oracle()
    if "unitroot" in parts:
        near_unit_root(reps or 100)
