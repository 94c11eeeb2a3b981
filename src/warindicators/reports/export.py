"""Executed notebook → briefing HTML: no code cells, no prompts, no external scripts.

Building the exporter (importing nbconvert, compiling its Jinja templates, the Markdown
renderer and the CSS selectors of its post-processing) costs far more than converting one
notebook, so the configured exporter is built once per process (:func:`html_exporter`)
and :func:`warm_up` does all of it ahead of time: the runner calls it in a background
thread while the kernel computes, and the export after the run only renders.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from nbconvert import HTMLExporter
    from nbformat import NotebookNode

__all__ = ["export_html", "html_exporter", "warm_up"]

_TEMPLATE_DIR = Path(__file__).resolve().parent
_LOCK = threading.Lock()
_EXPORTER: list[HTMLExporter] = []


def html_exporter() -> HTMLExporter:
    """The configured ``briefing`` exporter of this process (built on first use).

    Examples
    --------
    >>> html_exporter() is html_exporter(), html_exporter().template_name
    (True, 'briefing')
    """
    with _LOCK:
        if not _EXPORTER:
            from nbconvert import HTMLExporter
            from traitlets.config import Config

            cfg = Config()
            cfg.HTMLExporter.exclude_input = True
            cfg.HTMLExporter.exclude_input_prompt = True
            cfg.HTMLExporter.exclude_output_prompt = True
            cfg.HTMLExporter.extra_template_basedirs = [str(_TEMPLATE_DIR)]
            cfg.HTMLExporter.template_name = "briefing"
            cfg.TagRemovePreprocessor.enabled = True
            cfg.TagRemovePreprocessor.remove_cell_tags = ("remove",)
            _EXPORTER.append(HTMLExporter(config=cfg))
        return _EXPORTER[0]


def warm_up() -> None:
    """Build the exporter and convert a tiny notebook with it, so that templates, the
    Markdown renderer and the notebook validator are ready for the real export.

    Safe to call from a background thread; errors are left for the real export to raise.

    Examples
    --------
    >>> warm_up()
    >>> len(_EXPORTER)
    1
    """
    try:
        import nbformat
        from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

        nb = new_notebook()
        out = new_output("display_data", data={"text/html": "<p>warm-up</p>"})
        nb.cells = [new_markdown_cell("# Warm-up"), new_code_cell("1", outputs=[out])]
        nbformat.validate(nb)
        _convert(nb, "warm-up")
    except Exception:  # the real export reports any problem
        pass


def _convert(nb: NotebookNode, name: str) -> str:
    exporter = html_exporter()
    with _LOCK:  # one conversion at a time: the exporter registers filters per call
        body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    return str(body)


def export_html(
    notebook: str | Path | NotebookNode, target: str | Path, title: str | None = None
) -> Path:
    """Convert an executed notebook to HTML showing only its outputs and Markdown.

    Uses the ``briefing`` template (JupyterLab styling, no require.js/MathJax/mermaid
    scripts so the page works offline; PNG outputs keep the alt text of their metadata).
    Cells tagged ``remove`` are dropped. Warnings a cell wrote to stderr stay visible:
    nothing the run said is hidden from the reader.

    Parameters
    ----------
    notebook
        Executed ``.ipynb`` file, or the notebook itself (e.g. as returned by papermill:
        no second read and validation of a notebook full of images).
    target
        HTML file to write.
    title
        Page title (default: the notebook's file name, or ``target``'s for a notebook
        object).

    Returns
    -------
    pathlib.Path
        ``target``, written as UTF-8.

    Examples
    --------
    >>> import tempfile
    >>> import nbformat
    >>> folder = Path(tempfile.mkdtemp())
    >>> nb = nbformat.v4.new_notebook()
    >>> out = nbformat.v4.new_output("stream", name="stdout", text="42 series")
    >>> nb.cells = [nbformat.v4.new_markdown_cell("# Briefing"),
    ...             nbformat.v4.new_code_cell("print('hidden code')", outputs=[out])]
    >>> nbformat.write(nb, folder / "demo.ipynb")
    >>> html = export_html(folder / "demo.ipynb", folder / "demo.html", title="Demo")
    >>> html.name
    'demo.html'
    >>> text = html.read_text(encoding="utf-8")
    >>> "42 series" in text, "hidden code" in text, "<title>Demo</title>" in text
    (True, False, True)
    """
    if isinstance(notebook, (str, Path)):
        import nbformat

        nb = nbformat.read(str(notebook), as_version=4)
        name = title or Path(notebook).stem
    else:
        nb = notebook
        name = title or Path(target).stem
    out = Path(target)
    out.write_text(_convert(nb, name), encoding="utf-8")
    return out
