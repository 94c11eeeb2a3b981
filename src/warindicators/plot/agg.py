"""An Agg canvas that renders text faster, for figures drawn in bulk.

Text is most of the time Agg spends drawing a report's figures. Matplotlib 3.11 lays out
every string with FreeType each time it is measured and again when it is drawn, then
renders it glyph by glyph in Python. :class:`FastTextCanvas` draws the same figure with a
renderer that

- lays out each distinct string once per process (size, font and DPI included in the key)
  and keeps its measurements and its rasterised bitmap, so a label measured for placement is
  not laid out again to be drawn, and a tick label repeated across panels or figures is laid
  out once;
- rasterises a whole string in one call (FreeType's ``draw_glyphs_to_bitmap``, as matplotlib
  did up to 3.10) instead of one Python call per glyph.

Rotated text, mathtext, TeX and strings with font features or a language fall through to
matplotlib's own renderer, as does everything on a matplotlib without the per-glyph path
(before 3.11, whose renderer already draws whole strings); so does all text of the process
once one of the private matplotlib calls it relies on fails. Pixels differ from the stock
renderer only by sub-pixel rounding of glyph positions (tested); the figures look the same.

Hand-written rather than taken from a library because no plotting library offers it: it is a
small subclass of matplotlib's own Agg renderer.

Examples
--------
>>> from matplotlib.figure import Figure
>>> fig = Figure(figsize=(2, 1), dpi=72)
>>> _ = fig.text(0.1, 0.5, "2024")
>>> canvas = FastTextCanvas(fig)
>>> canvas.draw()
>>> canvas.get_width_height()
(144, 72)
"""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg, get_hinting_flag

__all__ = ["FastTextCanvas", "FastTextRenderer", "clear_text_cache", "fast_text_available"]

_Key = tuple[Any, ...]
_MEASURES: dict[_Key, tuple[float, float, float]] = {}
_BITMAPS: dict[_Key, tuple[np.ndarray, float, float, float]] = {}
_MAX_ENTRIES = 4096  # distinct strings kept (a report has a few hundred)
_GENERIC = {"sans-serif", "serif", "monospace", "cursive", "fantasy"}


def fast_text_available() -> bool:
    """Whether this matplotlib renders text glyph by glyph (3.11 and later) and offers the
    whole-string FreeType calls the fast renderer uses instead.

    Examples
    --------
    >>> isinstance(fast_text_available(), bool)
    True
    """
    from matplotlib.ft2font import FT2Font

    return (
        hasattr(RendererAgg, "_draw_text_glyphs_and_boxes")
        and hasattr(RendererAgg, "_prepare_font")
        and all(hasattr(FT2Font, m) for m in ("set_text", "draw_glyphs_to_bitmap", "get_image"))
    )


_FAST = [fast_text_available()]  # switched off for the process if the private calls fail


def clear_text_cache() -> None:
    """Forget the laid-out strings (they are kept per process)."""
    _MEASURES.clear()
    _BITMAPS.clear()


def _prop_key(prop: Any) -> _Key:
    return (
        tuple(prop.get_family()),
        prop.get_style(),
        prop.get_variant(),
        prop.get_weight(),
        prop.get_stretch(),
        prop.get_size_in_points(),
        prop.get_file(),
    )


class FastTextRenderer(RendererAgg):
    """:class:`matplotlib.backends.backend_agg.RendererAgg` with cached, whole-string text
    (see the module docstring)."""

    def _font_key(self, prop: Any) -> _Key:
        import matplotlib as mpl

        rc: Any = mpl.rcParams  # keys built at run time
        family = tuple(prop.get_family())
        fallbacks = tuple(tuple(rc[f"font.{f}"]) if f in _GENERIC else () for f in family)
        return (*_prop_key(prop), fallbacks, self.dpi, str(get_hinting_flag()))

    def _layout(self, s: str, prop: Any, antialiased: bool) -> _Key:
        """Lay out ``s`` once: measure it and keep its bitmap. Returns the cache key."""
        key = (s, self._font_key(prop))
        if (key, antialiased) in _BITMAPS:
            return key
        if len(_BITMAPS) > _MAX_ENTRIES:
            clear_text_cache()
        font = self._prepare_font(prop)
        font.set_text(s, 0.0, flags=get_hinting_flag())
        w, h = font.get_width_height()
        d = font.get_descent() / 64.0
        _MEASURES[key] = (w / 64.0, h / 64.0, d)
        font.draw_glyphs_to_bitmap(antialiased=antialiased)
        xo, yo = font.get_bitmap_offset()
        image = np.array(font.get_image(), dtype=np.uint8, copy=True)
        _BITMAPS[(key, antialiased)] = (image, d, xo / 64.0, yo / 64.0)
        return key

    def get_text_width_height_descent(
        self, s: str, prop: Any, ismath: Any
    ) -> tuple[float, float, float]:
        # docstring inherited
        if ismath or not _FAST[0]:
            return super().get_text_width_height_descent(s, prop, ismath)
        key = (s, self._font_key(prop))
        found = _MEASURES.get(key)
        if found is None:
            try:
                self._layout(s, prop, True)
            except (AttributeError, TypeError, ValueError):  # a matplotlib that changed them
                _FAST[0] = False
                return super().get_text_width_height_descent(s, prop, ismath)
            found = _MEASURES[key]
        return found

    def draw_text(
        self,
        gc: Any,
        x: float,
        y: float,
        s: str,
        prop: Any,
        angle: float,
        ismath: Any = False,
        mtext: Any = None,
    ) -> None:
        # docstring inherited
        plain = _FAST[0] and not ismath and angle == 0
        if plain and mtext is not None:
            plain = mtext.get_fontfeatures() is None and mtext.get_language() is None
        if plain:
            antialiased = bool(gc.get_antialiased())
            try:
                key = self._layout(s, prop, antialiased)
                image, d, xo, yo = _BITMAPS[(key, antialiased)]
                # placed as matplotlib 3.10 placed a whole-string bitmap (horizontal text)
                self._renderer.draw_text_image(image, round(x + xo), round(y + yo + d) + 1, 0.0, gc)
                return
            except (AttributeError, TypeError, ValueError):  # a matplotlib that changed them
                _FAST[0] = False
        super().draw_text(gc, x, y, s, prop, angle, ismath=ismath, mtext=mtext)


class FastTextCanvas(FigureCanvasAgg):
    """:class:`matplotlib.backends.backend_agg.FigureCanvasAgg` drawing with
    :class:`FastTextRenderer`."""

    def get_renderer(self) -> RendererAgg:
        # docstring inherited
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if self._lastKey != key:
            self.renderer = FastTextRenderer(w, h, self.figure.dpi)
            self._lastKey = key
        return self.renderer
