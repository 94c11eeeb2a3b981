"""Template parameters: read the tagged ``parameters`` cell and check user values early.

The parameters cell declares each parameter with a type annotation, e.g.
``lookback_periods: int = 12`` or ``families: list[str] | None = None``. User values are
checked (and strings from the command line converted) before any kernel starts: an unknown
name, a wrong type or a malformed period raises :class:`~warindicators.errors.ReportError`
naming the parameter.

Examples
--------
>>> spec = {"period": ParamSpec("period", "str", "2026-07"),
...         "lookback_periods": ParamSpec("lookback_periods", "int", 12)}
>>> check_parameters(spec, {"lookback_periods": "6"})
{'lookback_periods': 6}
>>> check_parameters(spec, {"colour": "red"})
Traceback (most recent call last):
...
warindicators.errors.ReportError: parameter 'colour': unknown; the template accepts lookback_periods, period
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ReportError
from .periods import Period

__all__ = [
    "ParamSpec",
    "check_parameters",
    "parse_assignments",
    "read_parameters",
    "safe_component",
]

_SAFE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")
_KNOWN_TYPES = ("str", "int", "float", "bool", "list[str]")


@dataclass(frozen=True)
class ParamSpec:
    """One declared parameter: its name, base type, default and whether ``None`` is allowed.

    Parameters
    ----------
    name
        Parameter name in the template's ``parameters`` cell.
    type
        Base type: ``"str"``, ``"int"``, ``"float"``, ``"bool"`` or ``"list[str]"``.
    default
        Default value declared in the template.
    optional
        Whether ``None`` is allowed (the annotation includes ``| None``).

    Examples
    --------
    >>> spec = ParamSpec("lookback_periods", "int", 12)
    >>> spec
    ParamSpec(name='lookback_periods', type='int', default=12, optional=False)
    >>> check_parameters({spec.name: spec}, {"lookback_periods": "24"})
    {'lookback_periods': 24}
    """

    name: str
    type: str
    default: Any
    optional: bool = False


def safe_component(value: str, what: str) -> str:
    """Return ``value`` if it is safe as one path component, else raise :class:`ReportError`.

    Examples
    --------
    >>> safe_component("monthly_report", "template")
    'monthly_report'
    >>> safe_component("../x", "template")
    Traceback (most recent call last):
    ...
    warindicators.errors.ReportError: template: '../x' is not a plain name (letters, digits, '_', '-', '.'; no '..' or separators)
    """
    if not isinstance(value, str) or not _SAFE_RE.match(value) or ".." in value:
        raise ReportError(
            f"{what}: {value!r} is not a plain name (letters, digits, '_', '-', "
            f"'.'; no '..' or separators)"
        )
    return value


def _annotation(node: ast.expr, name: str) -> tuple[str, bool]:
    text = ast.unparse(node).replace(" ", "")
    parts = text.split("|")
    optional = "None" in parts
    base = [p for p in parts if p != "None"]
    kind = base[0] if len(base) == 1 else "?"
    kind = {"List[str]": "list[str]", "Optional[str]": "str"}.get(kind, kind)
    if kind not in _KNOWN_TYPES:
        raise ReportError(
            f"template parameter {name!r}: unsupported annotation {text!r} "
            f"(use one of {', '.join(_KNOWN_TYPES)}, optionally '| None')"
        )
    return kind, optional


def _cells(path: Path) -> list[dict[str, Any]]:
    """The cells of a notebook file. Format 4 (every current notebook) is read as the
    JSON it is: a run checks its parameters before anything starts, and importing
    nbformat (with jsonschema) costs about a second; older formats go through nbformat's
    conversion."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ReportError(f"template {path}: not a readable notebook ({exc})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells", []), list):
        raise ReportError(f"template {path}: not a notebook (expected a JSON object with cells)")
    if nb.get("nbformat") != 4:
        import nbformat

        return [dict(c) for c in nbformat.read(str(path), as_version=4).cells]
    return [c for c in nb["cells"] if isinstance(c, dict)]


def _tags(cell: dict[str, Any]) -> list[str]:
    meta = cell.get("metadata")
    tags = meta.get("tags", []) if isinstance(meta, dict) else []
    return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []


def read_parameters(template: str | Path) -> dict[str, ParamSpec]:
    """Parameters declared in the cell tagged ``parameters`` of a notebook.

    Parameters
    ----------
    template
        Path of the notebook (see :func:`~warindicators.reports.resolve_template` for
        shipped templates).

    Returns
    -------
    dict of str to ParamSpec
        One :class:`ParamSpec` per annotated assignment, in the cell's order.

    Raises
    ------
    ReportError
        When the notebook has no such cell or a parameter lacks an annotation.

    Examples
    --------
    >>> from warindicators.reports import resolve_template
    >>> spec = read_parameters(resolve_template("monthly"))
    >>> spec["families"]
    ParamSpec(name='families', type='list[str]', default=None, optional=True)
    >>> spec["period"].type, "lookback_periods" in spec
    ('str', True)
    """
    cells = [c for c in _cells(Path(template)) if "parameters" in _tags(c)]
    if len(cells) != 1:
        raise ReportError(
            f"template {Path(template).name}: expected one cell tagged "
            f"'parameters', found {len(cells)}"
        )
    source = cells[0].get("source", "")
    tree = ast.parse(source if isinstance(source, str) else "".join(source))
    out: dict[str, ParamSpec] = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            name = node.target.id
            kind, optional = _annotation(node.annotation, name)
            default = ast.literal_eval(node.value) if node.value is not None else None
            out[name] = ParamSpec(name, kind, default, optional)
        elif isinstance(node, ast.Assign):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            raise ReportError(
                f"template {Path(template).name}: parameter {names} needs a type "
                f"annotation (e.g. 'name: int = 1')"
            )
    return out


def parse_assignments(items: list[str] | None) -> dict[str, str]:
    """``["key=value", ...]`` from the command line as a dict (values stay strings)."""
    out: dict[str, str] = {}
    for item in items or []:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ReportError(f"parameter {item!r}: expected KEY=VALUE")
        out[key.strip()] = value
    return out


def _convert(spec: ParamSpec, value: Any) -> Any:
    name = spec.name
    if value is None or (
        isinstance(value, str) and value.lower() in ("none", "null") and spec.type != "str"
    ):
        if spec.optional:
            return None
        raise ReportError(f"parameter {name!r}: expected {spec.type}, got None")
    if spec.type == "int":
        if isinstance(value, bool):
            raise ReportError(f"parameter {name!r}: expected int, got {value!r}")
        if isinstance(value, int):
            return value
        if isinstance(value, str) and re.fullmatch(r"[+-]?\d+", value.strip()):
            return int(value)
        raise ReportError(f"parameter {name!r}: expected int, got {value!r}")
    if spec.type == "float":
        try:
            return float(value)
        except (TypeError, ValueError):
            raise ReportError(f"parameter {name!r}: expected float, got {value!r}") from None
    if spec.type == "bool":
        if isinstance(value, bool):
            return value
        low = str(value).strip().lower()
        if low in ("true", "1", "yes"):
            return True
        if low in ("false", "0", "no"):
            return False
        raise ReportError(f"parameter {name!r}: expected true/false, got {value!r}")
    if spec.type == "list[str]":
        if isinstance(value, str):
            text = value.strip()
            if text.startswith("["):
                try:
                    value = json.loads(text)
                except ValueError:
                    raise ReportError(f"parameter {name!r}: malformed list {value!r}") from None
            else:
                value = [v.strip() for v in text.split(",") if v.strip()]
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ReportError(f"parameter {name!r}: expected a list of strings, got {value!r}")
        return list(value)
    if not isinstance(value, str):
        raise ReportError(f"parameter {name!r}: expected str, got {value!r}")
    return value


def check_parameters(spec: Mapping[str, ParamSpec], values: Mapping[str, Any]) -> dict[str, Any]:
    """Check and convert user ``values`` against the template's declared parameters.

    ``period`` must be a valid period; ``as_of`` a date; ``data_dir`` an existing folder.

    Parameters
    ----------
    spec
        Declared parameters, as returned by :func:`read_parameters`.
    values
        User values by name; strings (from the command line) are converted to the
        declared type.

    Returns
    -------
    dict
        The converted values (only those given in ``values``).

    Raises
    ------
    ReportError
        Naming the parameter: unknown name, wrong type, bad period or date, missing folder,
        ``lookback_periods`` outside 1..520.

    Examples
    --------
    >>> from warindicators.reports import resolve_template
    >>> spec = read_parameters(resolve_template("monthly"))
    >>> check_parameters(spec, {"families": "sanctions,territory", "lookback_periods": "6"})
    {'families': ['sanctions', 'territory'], 'lookback_periods': 6}
    >>> check_parameters(spec, {"as_of": "2026-02-30"})
    Traceback (most recent call last):
    ...
    warindicators.errors.ReportError: parameter 'as_of': '2026-02-30' is not a date
    """
    out: dict[str, Any] = {}
    for key, value in values.items():
        if key not in spec:
            raise ReportError(
                f"parameter {key!r}: unknown; the template accepts {', '.join(sorted(spec))}"
            )
        out[key] = _convert(spec[key], value)
    if out.get("period") is not None:
        Period.parse(out["period"])
    if out.get("as_of") is not None:
        _check_date(out["as_of"])
    if out.get("lookback_periods") is not None and not 1 <= out["lookback_periods"] <= 520:
        raise ReportError(
            f"parameter 'lookback_periods': expected 1..520, got {out['lookback_periods']}"
        )
    if out.get("data_dir") is not None and not Path(out["data_dir"]).is_dir():
        raise ReportError(f"parameter 'data_dir': {out['data_dir']!r} is not a folder")
    return out


def _check_date(text: str) -> None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise ReportError(f"parameter 'as_of': expected YYYY-MM-DD, got {text!r}")
    try:
        import datetime as dt

        dt.date.fromisoformat(text)
    except ValueError:
        raise ReportError(f"parameter 'as_of': {text!r} is not a date") from None
