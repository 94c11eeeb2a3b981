"""Where a report template is found, and ``report new``: a copy of one to edit.

One source of truth per template: the notebook an analyst edits is the notebook that runs.
A template *name* (``monthly``, ``weekly`` or a name given to ``report new``) resolves, in
order, to

1. ``notebooks/<name>_report.ipynb`` or ``notebooks/<name>.ipynb`` under the current
   folder (the project's own templates, or the copy ``report new`` made), then
2. the copy shipped inside the package (``warindicators/templates``), so that
   ``warindicators report run monthly`` also works from any other folder.

The shipped copies are byte-identical to ``notebooks/monthly_report.ipynb`` and
``notebooks/weekly_report.ipynb`` of the source tree (a test checks it), so in the project
folder and elsewhere the same notebook runs until somebody edits theirs. A path to any
notebook with a tagged ``parameters`` cell always works as it is.

Examples
--------
>>> resolve_template("monthly").name
'monthly_report.ipynb'
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from .._atomic import atomic_write_text
from ..errors import ReportError
from .params import read_parameters, safe_component

__all__ = [
    "USER_FOLDER",
    "new_template",
    "normalised_json",
    "resolve_template",
    "shipped_templates",
    "template_dir",
]

#: Folder, under the current one, searched first for templates and written by ``report new``.
USER_FOLDER = "notebooks"


def template_dir() -> Path:
    """Folder of the templates shipped inside the package.

    Examples
    --------
    >>> sorted(p.name for p in template_dir().glob("*.ipynb"))
    ['monthly_report.ipynb', 'weekly_report.ipynb']
    """
    return Path(str(files("warindicators") / "templates"))


def shipped_templates() -> list[str]:
    """Names of the shipped templates.

    Examples
    --------
    >>> shipped_templates()
    ['monthly', 'weekly']
    """
    return sorted(q.stem.removesuffix("_report") for q in template_dir().glob("*.ipynb"))


def _candidates(name: str, folder: Path) -> list[Path]:
    return [folder / f"{name}_report.ipynb", folder / f"{name}.ipynb"]


def resolve_template(template: str | Path, *, cwd: str | Path | None = None) -> Path:
    """The notebook a template name or path stands for (see the module docstring).

    Parameters
    ----------
    template
        A path ending in ``.ipynb``, or a name (``monthly``, ``monthly_report``, a name
        made by :func:`new_template`).
    cwd
        Folder whose ``notebooks/`` is searched first (default: the current folder).

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> resolve_template("monthly", cwd=folder).parent.name  # nothing there: shipped copy
    'templates'
    >>> edited = new_template("monthly", cwd=folder)
    >>> resolve_template("monthly", cwd=folder) == edited
    True
    """
    p = Path(template)
    if p.suffix == ".ipynb":
        if not p.is_file():
            raise ReportError(f"template: no notebook at {str(p)!r}")
        return p.resolve()
    name = safe_component(str(template), "template").removesuffix("_report")
    base = Path(cwd) if cwd is not None else Path.cwd()
    for q in _candidates(name, base / USER_FOLDER) + _candidates(name, template_dir()):
        if q.is_file():
            return q.resolve()
    raise ReportError(
        f"template: unknown {name!r}; shipped templates: {', '.join(shipped_templates())}; "
        f"or a notebook {USER_FOLDER}/{name}_report.ipynb, or a path to a notebook"
    )


def new_template(
    name: str,
    source: str | Path = "monthly",
    *,
    cwd: str | Path | None = None,
    force: bool = False,
) -> Path:
    """Copy a template to ``notebooks/<name>_report.ipynb`` of the current folder, to edit.

    The copy is what ``warindicators report run <name>`` then runs (see
    :func:`resolve_template`). Outputs are stripped and the notebook is normalised, so it
    opens in JupyterLab without being marked modified.

    Parameters
    ----------
    name
        Name of the new report (letters, digits, ``_``, ``-``, ``.``).
    source
        Template copied: a name or a notebook path (default ``monthly``).
    cwd
        Folder the copy goes under (default: the current folder).
    force
        Replace an existing notebook of that name.

    Returns
    -------
    pathlib.Path
        The new notebook.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> path = new_template("oblasts", "weekly", cwd=folder)
    >>> path.relative_to(folder).as_posix()
    'notebooks/oblasts_report.ipynb'
    >>> new_template("oblasts", cwd=folder)
    Traceback (most recent call last):
    ...
    warindicators.errors.ReportError: report new: notebooks/oblasts_report.ipynb exists (use --force to replace it)
    """
    import nbformat

    safe_component(name, "report name")
    base = Path(cwd) if cwd is not None else Path.cwd()
    src = resolve_template(source, cwd=base)
    target = base / USER_FOLDER / f"{name.removesuffix('_report')}_report.ipynb"
    if target.exists() and not force:
        raise ReportError(
            f"report new: {target.relative_to(base).as_posix()} exists (use --force to replace it)"
        )
    read_parameters(src)  # a template must declare its parameters
    nb = nbformat.read(str(src), as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nbformat.validate(nb)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(target, normalised_json(nb))
    return target


def normalised_json(nb: object) -> str:
    """The notebook as JupyterLab writes it (one-space indent, sorted keys, final newline),
    so that opening it does not mark it modified.

    Examples
    --------
    >>> import nbformat
    >>> text = normalised_json(nbformat.v4.new_notebook())
    >>> text.startswith('{\\n "cells": []') and text.endswith("}\\n")
    True
    """
    import nbformat

    return nbformat.writes(nb, version=4) + "\n"
