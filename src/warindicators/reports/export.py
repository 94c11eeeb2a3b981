"""Executed notebook → briefing HTML: no code cells, no prompts, no external scripts."""

from __future__ import annotations

from pathlib import Path

import nbformat

__all__ = ["export_html"]

_TEMPLATE_DIR = Path(__file__).resolve().parent


def export_html(notebook: str | Path, target: str | Path, title: str | None = None) -> Path:
    """Convert an executed notebook to HTML showing only its outputs and Markdown.

    Uses the ``briefing`` template (JupyterLab styling, no require.js/MathJax/mermaid
    scripts so the page works offline). Cells tagged ``remove`` are dropped.

    Parameters
    ----------
    notebook
        Executed ``.ipynb``.
    target
        HTML file to write.
    title
        Page title (default: the notebook's file name).

    Returns
    -------
    pathlib.Path
        ``target``, written as UTF-8.

    Examples
    --------
    >>> import tempfile
    >>> from pathlib import Path
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
    exporter = HTMLExporter(config=cfg)
    nb = nbformat.read(str(notebook), as_version=4)
    for cell in nb.cells:  # stderr (warnings, logging) is not part of a briefing
        if cell.get("cell_type") == "code":
            cell["outputs"] = [
                o
                for o in cell.get("outputs", [])
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]
    name = title or Path(notebook).stem
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": name}})
    out = Path(target)
    out.write_text(body, encoding="utf-8")
    return out
