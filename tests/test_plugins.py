"""The extension path end to end: entry-point plugins and in-process registration.

The example plugin ``examples/warindicators-strikes`` is installed into a temporary folder
and used from a fresh interpreter with that folder on ``PYTHONPATH``, exactly as a user
would after ``pip install``. Extra fake plugins (clashing, broken) are tiny ``.dist-info``
folders with an ``entry_points.txt`` written here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import warindicators as wi
from warindicators.errors import RegistryError, WarIndicatorsError
from warindicators.indicators.registry import unregister_indicator

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "warindicators-strikes"
STRIKES_ID = "outages.energy_infrastructure_strikes"
STRIKES_SOURCE = "energy_strikes_csv"
STRIKES_DIST = "warindicators-strikes"


# -- helpers -----------------------------------------------------------------------------
def _pip_install(project: Path, target: Path) -> None:
    """``pip install --no-deps --target``: offline first, then with an isolated build."""
    base = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-input"]
    base += ["--disable-pip-version-check", "--target", str(target)]
    errors = []
    for extra in (["--no-build-isolation"], []):
        proc = subprocess.run(
            [*base, *extra, str(project)], capture_output=True, text=True, timeout=240
        )
        if proc.returncode == 0:
            return
        errors.append(proc.stderr[-2000:])
        shutil.rmtree(target, ignore_errors=True)
    raise AssertionError("could not install the example plugin:\n" + "\n".join(errors))


@pytest.fixture(scope="session")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder holding the installed example plugin (the source tree is left untouched)."""
    root = tmp_path_factory.mktemp("strikes-plugin")
    copy = root / "project"
    shutil.copytree(
        EXAMPLE, copy, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__")
    )
    site = root / "site"
    _pip_install(copy, site)
    return site


def _fake_dist(
    root: Path,
    dist: str,
    entry_points: Mapping[str, Mapping[str, str]],
    modules: Mapping[str, str] | None = None,
) -> Path:
    """Write a minimal installed distribution: ``<dist>.dist-info`` and its modules."""
    root.mkdir(parents=True, exist_ok=True)
    info = root / f"{dist.replace('-', '_')}-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1\n")
    lines = []
    for group, eps in entry_points.items():
        lines.append(f"[{group}]")
        lines.extend(f"{name} = {value}" for name, value in eps.items())
        lines.append("")
    (info / "entry_points.txt").write_text("\n".join(lines))
    for name, source in (modules or {}).items():
        (root / f"{name}.py").write_text(textwrap.dedent(source))
    return root


def _run(
    code: str, *paths: Path, args: list[str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` (or ``python -m warindicators ARGS``) in a fresh interpreter."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(str(p) for p in paths)
    env.pop("WARINDICATORS_DATA_DIR", None)
    cmd = [sys.executable, "-m", "warindicators", *args] if args else [sys.executable, "-c", code]
    return subprocess.run(
        cmd, capture_output=True, text=True, env=env, timeout=180, cwd=paths[0] if paths else None
    )


def _json(proc: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- the installed example plugin ---------------------------------------------------------
def test_installed_plugin_is_found_without_any_import(plugin_site: Path) -> None:
    code = f"""
        import json, sys
        import warindicators as wi
        before = "warindicators_strikes" in sys.modules
        ind = wi.get_indicator({STRIKES_ID!r})
        sample = {str(plugin_site / "warindicators_strikes" / "data" / "sample_strikes.csv")!r}
        obs = wi.read_source({STRIKES_SOURCE!r}, sample)
        s = wi.IndicatorSeries.from_frame(obs, {STRIKES_ID!r}, region="UA-63")
        print(json.dumps({{
            "imported_before_use": before,
            "provider": ind.provider, "measure": ind.measure, "frequency": ind.frequency,
            "family_members": [i.id for i in wi.list_indicators("outages")],
            "columns": sorted(obs.columns), "regions": sorted(obs["region"].unique()),
            "kharkiv_total": float(s.to_pandas().sum()),
            "source_provider": wi.get_source({STRIKES_SOURCE!r}).provider,
        }}))
    """
    out = _json(_run(textwrap.dedent(code), plugin_site))
    assert out["imported_before_use"] is False
    assert out["provider"] == STRIKES_DIST
    assert (out["measure"], out["frequency"]) == ("count", "D")
    assert STRIKES_ID in out["family_members"]
    assert {"indicator", "region", "date", "value", "source"} <= set(out["columns"])
    assert out["regions"] == ["UA", "UA-12", "UA-30", "UA-46", "UA-51", "UA-63"]
    assert out["kharkiv_total"] == 4.0
    assert out["source_provider"] == STRIKES_DIST


def test_list_shows_plugin_with_its_package(plugin_site: Path) -> None:
    sources = _run("", plugin_site, args=["list", "--sources"])
    assert sources.returncode == 0, sources.stderr
    line = next(ln for ln in sources.stdout.splitlines() if ln.startswith(STRIKES_SOURCE))
    assert f"[{STRIKES_DIST}]" in line
    assert "energy infrastructure" in line
    indicators = _run("", plugin_site, args=["list", "--family", "outages"])
    assert indicators.returncode == 0, indicators.stderr
    line = next(ln for ln in indicators.stdout.splitlines() if ln.startswith(STRIKES_ID))
    assert f"[{STRIKES_DIST}]" in line
    # built-ins are still listed, with their own provider
    assert any(
        ln.startswith("outages.air_raid_alerts") and "[warindicators]" in ln
        for ln in indicators.stdout.splitlines()
    )
    code = """
        import json, warindicators as wi
        print(json.dumps(wi.list_sources()))
    """
    listed = _json(_run(textwrap.dedent(code), plugin_site))
    assert "energy infrastructure" in str(listed[STRIKES_SOURCE])
    assert "reference" in listed


def test_plugin_ingests_into_a_store(plugin_site: Path, tmp_path: Path) -> None:
    sample = plugin_site / "warindicators_strikes" / "data" / "sample_strikes.csv"
    code = f"""
        import json, warindicators as wi
        store = wi.Store({str(tmp_path / "data")!r})
        first = store.ingest({STRIKES_SOURCE!r}, {str(sample)!r}, published="2024-03-25")
        again = store.ingest({STRIKES_SOURCE!r}, {str(sample)!r}, published="2024-03-26")
        s = wi.load({STRIKES_ID!r}, "UA", data_dir={str(tmp_path / "data")!r})
        print(json.dumps({{"n_new": first.n_new, "noop": again.noop,
                           "total": float(s.to_pandas().sum())}}))
    """
    out = _json(_run(textwrap.dedent(code), plugin_site))
    assert out == {"n_new": 30, "noop": True, "total": 10.0}


# -- clashes and broken plugins -----------------------------------------------------------
def test_clashing_indicator_plugin_names_both_providers(plugin_site: Path, tmp_path: Path) -> None:
    fake = _fake_dist(
        tmp_path / "clash",
        "fake-clash",
        {"warindicators.indicators": {"clash": "fake_clash:indicators"}},
        {
            "fake_clash": f"""
                import warindicators as wi
                indicators = [wi.Indicator(id={STRIKES_ID!r}, family="outages",
                                           title="Another meaning", unit="events",
                                           measure="count", frequency="D")]
            """
        },
    )
    code = """
        import json, warindicators as wi
        try:
            wi.list_indicators()
        except wi.errors.WarIndicatorsError as exc:
            print(json.dumps({"type": type(exc).__name__, "message": str(exc)}))
        else:
            print(json.dumps({"type": None, "message": ""}))
    """
    out = _json(_run(textwrap.dedent(code), plugin_site, fake))
    assert out["type"] == "RegistryError"
    assert STRIKES_ID in str(out["message"])
    assert STRIKES_DIST in str(out["message"])
    assert "fake-clash" in str(out["message"])


def test_clashing_source_plugin_names_both_providers(plugin_site: Path, tmp_path: Path) -> None:
    fake = _fake_dist(
        tmp_path / "clash",
        "fake-source-clash",
        {"warindicators.sources": {STRIKES_SOURCE: "fake_source_clash:read"}},
        {
            "fake_source_clash": '''
            def read(*paths):
                """Another reader under the same id."""
                raise NotImplementedError
        '''
        },
    )
    code = """
        import json, warindicators as wi
        try:
            wi.list_sources()
        except wi.errors.WarIndicatorsError as exc:
            print(json.dumps({"message": str(exc)}))
        else:
            print(json.dumps({"message": ""}))
    """
    message = str(_json(_run(textwrap.dedent(code), plugin_site, fake))["message"])
    assert STRIKES_SOURCE in message
    assert STRIKES_DIST in message
    assert "fake-source-clash" in message


def test_broken_plugins_warn_by_name_and_the_library_still_works(
    plugin_site: Path, tmp_path: Path
) -> None:
    root = tmp_path / "broken"
    _fake_dist(
        root,
        "fake-import-error",
        {
            "warindicators.indicators": {"gone": "no_such_module_xyz:indicators"},
            "warindicators.sources": {"gone_csv": "no_such_module_xyz:read"},
        },
    )
    _fake_dist(
        root,
        "fake-bad-metadata",
        {
            "warindicators.indicators": {
                "bad_id": "fake_bad_metadata:make_bad_indicator",
                "not_an_indicator": "fake_bad_metadata:NUMBER",
            },
            "warindicators.sources": {"not_callable": "fake_bad_metadata:NUMBER"},
        },
        {
            "fake_bad_metadata": """
                import warindicators as wi
                NUMBER = 42
                def make_bad_indicator():
                    return wi.Indicator(id="Bad Id", family="outages", title="x",
                                        unit="x", measure="count", frequency="D")
            """
        },
    )
    code = f"""
        import json, warnings
        import warindicators as wi
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            area = wi.load("territory.area_occupied_km2").to_pandas()
            strikes = wi.get_indicator({STRIKES_ID!r}).provider
            sources = wi.list_sources()
        print(json.dumps({{
            "warnings": [[w.category.__name__, str(w.message)] for w in caught],
            "area_points": int(area.size), "strikes_provider": strikes,
            "sources": sorted(sources),
        }}))
    """
    out = _json(_run(textwrap.dedent(code), plugin_site, root))
    warned = [msg for cat, msg in out["warnings"] if cat == "PluginWarning"]
    text = "\n".join(warned)
    assert "fake-import-error" in text and "no_such_module_xyz" in text
    assert "fake-bad-metadata" in text
    assert "'bad_id'" in text and "'not_an_indicator'" in text and "'not_callable'" in text
    # the rest of the library, and the good plugin, keep working
    assert out["area_points"] > 12
    assert out["strikes_provider"] == STRIKES_DIST
    assert {"reference", STRIKES_SOURCE} <= set(out["sources"])
    assert "not_callable" not in out["sources"]


def test_example_plugin_own_tests_pass(plugin_site: Path) -> None:
    """The plugin's tests and docstring examples run against the installed copy."""
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=EXAMPLE,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(plugin_site), "PYTHONDONTWRITEBYTECODE": "1"},
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout


# -- in-process registration, no packaging ------------------------------------------------
@pytest.fixture
def drone_indicator() -> Iterator[str]:
    ind_id = "outages.test_plugins_drone_strikes"
    yield ind_id
    try:
        unregister_indicator(ind_id)
    except WarIndicatorsError:
        pass


def test_register_indicator_as_decorator(drone_indicator: str) -> None:
    @wi.register_indicator
    def drone_strikes() -> wi.Indicator:
        return wi.Indicator(
            id=drone_indicator,
            family="outages",
            title="Drone strikes",
            unit="strikes",
            measure="count",
            frequency="D",
            bound="lower",
        )

    assert callable(drone_strikes)  # the decorator returns the factory unchanged
    ind = wi.get_indicator(drone_indicator)
    assert (ind.provider, ind.measure, ind.bound) == ("user", "count", "lower")
    assert drone_indicator in [i.id for i in wi.list_indicators("outages")]
    wi.register_indicator(drone_strikes)  # re-running the same cell is harmless
    with pytest.raises(RegistryError) as info:
        wi.register_indicator(
            wi.Indicator(
                id=drone_indicator,
                family="outages",
                title="Something else",
                unit="events",
                measure="count",
                frequency="D",
            ),
            provider="second-notebook",
        )
    assert "second-notebook" in str(info.value) and "'user'" in str(info.value)
    with pytest.raises(RegistryError, match="warindicators"):
        wi.register_indicator(
            wi.Indicator(
                id="territory.area_occupied_km2",
                family="territory",
                title="Mine",
                unit="km2",
                measure="stock",
                frequency="D",
            )
        )


def test_register_source_in_process(drone_indicator: str, tmp_path: Path) -> None:
    wi.register_indicator(
        wi.Indicator(
            id=drone_indicator,
            family="outages",
            title="Drone strikes",
            unit="strikes",
            measure="count",
            frequency="D",
        )
    )
    path = tmp_path / "drones.csv"
    path.write_text("day,oblast,n\n2024-05-01,Sumska,3\n2024-05-02,Sumy Oblast,1\n")

    def read_drones(*paths: str | Path) -> pd.DataFrame:
        """Drone strikes per day from a three-column CSV."""
        raw = pd.concat([pd.read_csv(p) for p in paths])
        return pd.DataFrame(
            {
                "indicator": drone_indicator,
                "region": [wi.oblast_code(o) for o in raw["oblast"]],
                "date": pd.to_datetime(raw["day"]),
                "value": raw["n"].astype(float),
            }
        )

    source_id = "test_plugins_drones_csv"
    wi.register_source(source_id, read_drones)
    assert wi.list_sources()[source_id] == "Drone strikes per day from a three-column CSV."
    assert wi.get_source(source_id).provider == "user"
    obs = wi.read_source(source_id, path)
    assert set(obs["source"]) == {source_id}
    series = wi.IndicatorSeries.from_frame(obs, drone_indicator, region="UA-59")
    assert series.resample("M").to_pandas().tolist() == [4.0]
    with pytest.raises(RegistryError, match="another-user"):
        wi.register_source(source_id, lambda *p: obs, provider="another-user")
    with pytest.raises(WarIndicatorsError):
        wi.read_source(source_id, tmp_path / "missing.csv")


# -- reports ------------------------------------------------------------------------------
@pytest.mark.slow
def test_report_includes_plugin_indicators(plugin_site: Path, tmp_path: Path) -> None:
    reports = pytest.importorskip("warindicators.reports")
    if not hasattr(reports, "run"):
        pytest.skip("warindicators.reports.run is not available yet")
    sample = plugin_site / "warindicators_strikes" / "data" / "sample_strikes.csv"
    data_dir = tmp_path / "data"
    code = f"""
        import json
        import warindicators as wi
        from warindicators import reports
        wi.Store({str(data_dir)!r}).ingest({STRIKES_SOURCE!r}, {str(sample)!r})
        runs = {{}}
        for key, value in [("indicators", [{STRIKES_ID!r}]), ("families", ["outages"])]:
            result = reports.run("weekly", "2024-W12", output_dir={str(tmp_path / "out")!r} + key,
                                 parameters={{key: value, "data_dir": {str(data_dir)!r}}})
            runs[key] = [result.ok, result.error, str(result.html)]
        print(json.dumps(runs))
    """
    out = _json(_run(textwrap.dedent(code), plugin_site))
    assert set(out) == {"indicators", "families"}
    for key, (ok, error, html) in out.items():
        assert ok, f"{key}: {error}"
        text = Path(html).read_text(encoding="utf-8")
        assert "Strikes on energy infrastructure" in text, key
