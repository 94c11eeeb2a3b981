"""The fast-text Agg canvas draws what matplotlib's own canvas draws."""

from __future__ import annotations

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as MplFigure
from matplotlib.text import Text

from warindicators.plot import agg
from warindicators.plot.agg import FastTextCanvas, clear_text_cache, fast_text_available

matplotlib.use("Agg")

TEXTS = [
    ("2024", {}),
    ("Change in occupied area (km²; UA)\nlatest: 2026-01-31, STALE", {"fontsize": 8}),
    ("−40,000", {"fontsize": 8.8, "ha": "right"}),
    ("persons", {"rotation": 90, "fontsize": 8.8}),
    ("Sanctions: 19 packages", {"fontsize": 10, "weight": "bold"}),
]


def _ink(canvas_cls: type, text: str, kw: dict[str, object]) -> tuple[np.ndarray, object]:
    fig = MplFigure(figsize=(4, 3), dpi=72)
    t = fig.text(0.5, 0.5, text, va="center", **kw)  # type: ignore[arg-type]
    canvas = canvas_cls(fig)
    canvas.draw()
    img = 255 - np.asarray(canvas.buffer_rgba())[..., :3].astype(float).mean(axis=2)
    return img, t.get_window_extent(canvas.get_renderer())


@pytest.mark.parametrize(("text", "kw"), TEXTS, ids=[t[0][:12] for t in TEXTS])
def test_text_is_drawn_like_matplotlib_draws_it(text: str, kw: dict[str, object]) -> None:
    clear_text_cache()
    ref, ref_box = _ink(FigureCanvasAgg, text, kw)
    fast, box = _ink(FastTextCanvas, text, kw)
    assert ref.sum() > 500  # something was drawn
    # same measured extent (placement, alignment, line breaks)
    np.testing.assert_allclose(np.asarray(box.bounds), np.asarray(ref_box.bounds), atol=0.5)
    # same amount of ink in the same place, up to sub-pixel rounding of glyph positions
    assert fast.sum() == pytest.approx(ref.sum(), rel=0.02)
    for axis in (0, 1):
        pr, pf = ref.sum(axis=axis), fast.sum(axis=axis)
        i = np.arange(len(pr))
        assert abs((pr * i).sum() / pr.sum() - (pf * i).sum() / pf.sum()) < 1.0
        assert np.flatnonzero(pf > 20)[[0, -1]] == pytest.approx(
            np.flatnonzero(pr > 20)[[0, -1]], abs=1
        )


def test_cache_keys_on_size_and_weight_and_repeats_exactly() -> None:
    clear_text_cache()
    small, _ = _ink(FastTextCanvas, "Kharkiv oblast", {"fontsize": 8})
    big, _ = _ink(FastTextCanvas, "Kharkiv oblast", {"fontsize": 16})
    bold, _ = _ink(FastTextCanvas, "Kharkiv oblast", {"fontsize": 8, "weight": "bold"})
    again, _ = _ink(FastTextCanvas, "Kharkiv oblast", {"fontsize": 8})
    assert big.sum() > 3 * small.sum()
    assert bold.sum() > 1.2 * small.sum()
    np.testing.assert_array_equal(again, small)  # from the cache: the very same pixels
    if fast_text_available():
        assert len(agg._BITMAPS) == 3


def test_mathtext_falls_through_to_matplotlib() -> None:
    ref, _ = _ink(FigureCanvasAgg, r"$\alpha^2 + x_i$", {})
    fast, _ = _ink(FastTextCanvas, r"$\alpha^2 + x_i$", {})
    np.testing.assert_array_equal(fast, ref)


def test_whole_figures_differ_only_inside_text() -> None:
    fig = MplFigure(figsize=(5, 3), dpi=72)
    ax = fig.add_subplot()
    ax.plot([2022, 2023, 2024, 2025], [110_000, 118_000, 114_000, 120_000])
    ax.set_title("Area of Ukraine occupied by Russia (km²; UA)")
    ax.set_ylabel("km²")  # rotated: drawn by matplotlib's own path
    images, boxes = [], []
    for cls in (FigureCanvasAgg, FastTextCanvas):
        canvas = cls(fig)
        canvas.draw()
        images.append(np.asarray(canvas.buffer_rgba()).astype(int))
        r = canvas.get_renderer()
        boxes = [t.get_window_extent(r) for t in fig.findobj(Text) if t.get_text()]
    height = images[0].shape[0]
    inside = np.zeros(images[0].shape[:2], dtype=bool)
    for b in boxes:  # display y is upwards, image rows downwards; 2 px of slack
        rows = slice(max(0, int(height - b.y1) - 2), int(height - b.y0) + 3)
        inside[rows, max(0, int(b.x0) - 2) : int(b.x1) + 3] = True
    diff = np.abs(images[0] - images[1]).max(axis=2)
    assert diff[inside].any()  # the text went through the fast path
    assert not diff[~inside].any()  # lines, frame, grid, background: identical


def test_a_changed_private_call_falls_back_for_good(monkeypatch: pytest.MonkeyPatch) -> None:
    ref, _ = _ink(FigureCanvasAgg, "Kherson oblast", {})
    monkeypatch.setattr(agg, "_FAST", [True])
    clear_text_cache()

    def changed(self: object, *args: object) -> None:  # a matplotlib with another signature
        raise TypeError("draw_text_image(): incompatible function arguments")

    monkeypatch.setattr(agg.FastTextRenderer, "_layout", changed)
    fast, _ = _ink(FastTextCanvas, "Kherson oblast", {})
    np.testing.assert_array_equal(fast, ref)  # drawn by matplotlib's own path
    assert agg._FAST == [False]
