"""Report tables shown with pandas ``Styler``: values escaped, stale and partial rows marked.

Examples
--------
>>> import pandas as pd
>>> df = pd.DataFrame({"Indicator": ["<b>x</b>", "y"], "Value": [1234.5, "no total: shares"],
...                    "Status": ["stale (latest: 2024-03-31)", "partial (50 % of the period)"]})
>>> html = style_table(df).to_html()
>>> "&lt;b&gt;x&lt;/b&gt;" in html, "1,234" in html, "wi-stale" in html, "wi-partial" in html
(True, True, True, True)
"""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

__all__ = ["PARTIAL_STYLE", "STALE_STYLE", "format_value", "style_table"]

STALE_STYLE = "background-color: #fff3cd"
PARTIAL_STYLE = "background-color: #e7f1fb"


def format_value(v: Any) -> str:
    """A number with thousands separators and sensible digits; text as it is.

    Examples
    --------
    >>> format_value(1234567.0), format_value(0.04567), format_value(-12.34), format_value(None)
    ('1,234,567', '0.0457', '-12.3', '')
    """
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return ""
    if isinstance(v, bool) or not isinstance(v, int | float):
        return str(v)
    a = abs(float(v))
    if a >= 100 or float(v).is_integer():
        return f"{v:,.0f}"
    if a >= 1:
        return f"{v:,.1f}"
    return f"{v:.3g}"


def _row_style(row: pd.Series, status: str) -> list[str]:
    s = str(row.get(status, ""))
    css = STALE_STYLE if s.startswith("stale") else PARTIAL_STYLE if s.startswith("partial") else ""
    return [css] * len(row)


def style_table(
    df: pd.DataFrame,
    *,
    status: str = "Status",
    caption: str | None = None,
    hide: tuple[str, ...] = (),
) -> Any:
    """A :class:`pandas.io.formats.style.Styler` of a report table.

    Every cell is HTML-escaped, numbers get thousands separators, rows whose ``status``
    column starts with ``stale`` or ``partial`` are shaded (and carry the CSS classes
    ``wi-stale``/``wi-partial``), the index is hidden.

    Parameters
    ----------
    df
        A report table (e.g. ``rep.summary``).
    status
        Column holding each row's status.
    caption
        Table caption.
    hide
        Columns to leave out of the display (they stay in ``df``).

    Examples
    --------
    >>> import pandas as pd
    >>> st = style_table(pd.DataFrame({"Series": ["a"], "Status": ["current"]}), caption="T")
    >>> "<caption>T</caption>" in st.to_html()
    True
    """
    st = df.style.format(format_value, escape="html").hide(axis="index")
    if status in df.columns and len(df):
        st = st.apply(_row_style, axis=1, status=status)
        classes = pd.DataFrame(
            [
                [
                    "wi-stale"
                    if str(v).startswith("stale")
                    else "wi-partial"
                    if str(v).startswith("partial")
                    else ""
                ]
                * len(df.columns)
                for v in df[status]
            ],
            index=df.index,
            columns=df.columns,
        )
        st = st.set_td_classes(classes)
    hidden = [c for c in hide if c in df.columns]
    if hidden:
        st = st.hide(subset=hidden, axis="columns")
    if caption:
        st = st.set_caption(caption)
    return st.set_table_attributes('class="wi-table"')
