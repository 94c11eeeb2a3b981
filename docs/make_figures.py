"""Regenerate the figures of the README from the shipped reference data.

Run from the repository root::

    .venv/bin/python docs/make_figures.py

It writes ``docs/api_tour.png``: the occupied area (a stock, at month ends), Russian drone
losses claimed per month with a change of trend, and a panel of whole-oblast air-raid alert
hours by oblast and month.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import seaborn as sns

import warindicators as wi
from warindicators.analysis.changepoints import changepoints

__all__ = ["api_tour", "main"]

HERE = Path(__file__).resolve().parent


def api_tour(path: Path) -> Path:
    """Draw the three-panel API tour figure and save it as a PNG at ``path``.

    Parameters
    ----------
    path
        Where to write the PNG.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    sns.set_theme(style="whitegrid", context="paper")
    fig = plt.figure(figsize=(11, 6.2), layout="constrained")
    grid = fig.add_gridspec(2, 2, height_ratios=(1, 1.15))

    area = wi.load("territory.area_occupied_km2")
    ax = fig.add_subplot(grid[0, 0])
    series = area.to_pandas() / 1000
    ax.plot(series.index, series.to_numpy(), color="tab:red")
    ax.set(
        title=f"{area.indicator.title} (stock, month end)",
        ylabel="thousand km²",
        xlabel="",
    )

    drones = wi.load("casualties.ru_equipment_claimed_monthly.drone")
    ax = fig.add_subplot(grid[0, 1])
    changepoints(drones, cost="linear").plot(ax=ax)
    ax.set(title='Drones per month, claimed: changepoints(x, cost="linear")', xlabel="")
    for axis in fig.axes:
        axis.xaxis.set_major_locator(mdates.YearLocator())
        axis.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))

    frame = wi.load_frame("outages.air_raid_alert_hours")
    hours = wi.panel(frame)["outages.air_raid_alert_hours"]
    table = hours.to_pandas().T
    table.index = [wi.region_name(code).removesuffix(" Oblast") for code in table.index]
    table.columns = [f"{t:%Y-%m}" for t in table.columns]
    ax = fig.add_subplot(grid[1, :])
    sns.heatmap(
        table, ax=ax, cmap="rocket_r", cbar_kws={"label": "hours"}, xticklabels=3, yticklabels=True
    )
    ax.set(title="wi.panel: whole-oblast air-raid alert hours per month", xlabel="", ylabel="")
    ax.tick_params(labelsize=6)

    attributions = sorted(
        {
            a
            for i in (area.indicator, drones.indicator, wi.get_indicator(str(hours.name)))
            if (a := i.attribution)
        }
    )
    fig.text(0.0, -0.02, "Sources: " + "; ".join(attributions), fontsize=6, ha="left")
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    plt.close(fig)
    return path


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: ``python docs/make_figures.py [--out DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE, help="output folder (default: docs/)")
    args = parser.parse_args(argv)
    print(api_tour(args.out / "api_tour.png"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
