"""Fast pictures for live widgets: numpy + Pillow straight to PNG, no matplotlib.

A live dashboard needs 25+ frames a second. A matplotlib redraw costs 50-80 ms (mostly text layout),
while colouring a probability grid with a lookup table and encoding it with Pillow costs a few ms.
So the playground paints its frames here, and `plots.py` (matplotlib) is used for static figures.

Every function returns a PIL image (mode "RGB"); `png_bytes` encodes one for an ipywidgets.Image.
Colours come from `palette` (Okabe-Ito), which stays distinguishable for colour-blind viewers.
`scale` enlarges everything (presenter mode on a projector).
"""

from __future__ import annotations

import io
import math
import struct
import zlib
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw, ImageFont

try:  # zlib-ng (requirements.txt) deflates live frames about three times faster; plain zlib where it is missing
    from zlib_ng import zlib_ng as _fast_zlib
except ImportError:  # e.g. Colab, which installs only pyproject.toml's dependencies
    _fast_zlib = zlib

from course_lib.fonts import KOREAN_FONT_PATH
from course_lib.fonts import covers as _korean_font_covers
from course_lib.palette import CLASS_COLORS, SERIES_COLORS

GRID_GREY = (225, 225, 225)
AXIS_GREY = (90, 90, 90)
TEXT = (30, 30, 30)
DEFAULT_SCALE = 1.0  # presenter mode raises this so every live picture is drawn larger


def rgb(color) -> tuple[int, int, int]:
    """'#RRGGBB' -> (r, g, b)."""
    color = color.lstrip("#")
    return tuple(int(color[i:i + 2], 16) for i in (0, 2, 4))


@lru_cache(maxsize=16)
def font(size: int):
    """Pillow's bundled scalable font at `size` pixels (no system fonts needed, so it works on Colab too).

    Text with a character that font cannot draw (Hangul, Greek, −, ×, ...) is drawn whole with the course's
    Korean font instead (course_lib/fonts), so a Korean label shows no empty boxes and an English one is
    drawn exactly as before. Every `draw.text` / `textlength` / `textbbox` call gets this for free.
    """
    return _FallbackFont(ImageFont.load_default(size=size), size)


class _FallbackFont(ImageFont.FreeTypeFont):
    """Pillow's default font, switching to the shipped Korean font for a text the default font cannot draw.

    The choice is per text (one call of draw.text), not per character: a Korean line is drawn in one font,
    with that font's own Latin letters and digits, so no baseline jumps between two fonts.
    """

    def __init__(self, base: ImageFont.FreeTypeFont, size: int):
        self.__dict__.update(base.__dict__)  # adopt the loaded default font (Pillow has no public copy)
        self.fallback = ImageFont.truetype(str(KOREAN_FONT_PATH), size, layout_engine=base.layout_engine)

    def uses_fallback(self, text) -> bool:
        """True when `text` has a character the default font lacks and the Korean font covers all of it."""
        return isinstance(text, str) and not all(map(_default_font_has, text)) and _korean_font_covers(text)

    def font_for(self, text) -> ImageFont.FreeTypeFont:
        """The font that draws `text`."""
        return self.fallback if self.uses_fallback(text) else self

    def getmask2(self, text, *args, **kwargs):
        # A live chart draws the same ~30 tick labels and titles every frame: rendering their glyphs was a tenth
        # of a frame's cost, so the rendered masks are kept (Pillow only reads them when it draws).
        try:
            key = (text, args, tuple(sorted(kwargs.items())))
            hash(key)
        except TypeError:  # a list argument (features): render without the cache
            return self._render_mask(text, *args, **kwargs)
        cache = self.__dict__.setdefault("_masks", {})
        if key not in cache:
            if len(cache) >= 2048:
                cache.clear()
            cache[key] = self._render_mask(text, *args, **kwargs)
        return cache[key]

    def _render_mask(self, text, *args, **kwargs):
        if self.uses_fallback(text):
            return self.fallback.getmask2(text, *args, **kwargs)
        return super().getmask2(text, *args, **kwargs)

    def getbbox(self, text, *args, **kwargs):
        if self.uses_fallback(text):
            return self.fallback.getbbox(text, *args, **kwargs)
        return super().getbbox(text, *args, **kwargs)

    def getlength(self, text, *args, **kwargs):
        key = (text, args, tuple(sorted(kwargs.items())))  # labels are measured every frame too
        lengths = self.__dict__.setdefault("_lengths", {})
        if key not in lengths:
            if len(lengths) >= 2048:
                lengths.clear()
            font = self.fallback if self.uses_fallback(text) else super()
            lengths[key] = font.getlength(text, *args, **kwargs)
        return lengths[key]


@lru_cache(maxsize=1)
def _probe_font():
    return ImageFont.load_default(size=24)


def _glyph_pixels(text: str) -> bytes:
    image = Image.new("L", (56, 40))
    ImageDraw.Draw(image).text((4, 4), text, font=_probe_font(), fill=255)
    return image.tobytes()


@lru_cache(maxsize=4096)
def _default_font_has(ch: str) -> bool:
    """Whether Pillow's default font has a glyph for `ch` (a missing one renders as the .notdef box)."""
    if ch.isspace():
        return True
    return _glyph_pixels(ch) != _glyph_pixels("\ue000")  # U+E000 (private use) is in no font: its picture is the box


_PNG_COLOR_TYPES = {"L": 0, "RGB": 2, "RGBA": 6}


def png_bytes(image: Image.Image, live: bool = False) -> bytes:
    """Encode as PNG, fast: every row unfiltered and zlib at level 1.

    A live frame is encoded 25+ times a second. Pillow's encoder (even at compress_level=1) tries a filter per
    row, which cost about as much as drawing the frame; unfiltered rows compress almost as well for these flat
    pictures (measured: 7 kB instead of 8 kB for a chart, 42 instead of 36 kB for a decision picture) at a third
    of the time for charts and three quarters for decision pictures. Other image modes go through Pillow.

    live=True (a frame shown once and replaced): deflated by zlib-ng when it is installed. Measured on the six
    playground panels: 1.8 ms instead of 5.5 ms, for 232 kB instead of 182 kB. A picture that is kept (a notebook's
    stored still picture) uses plain zlib, so its bytes do not depend on what is installed.
    """
    if image.mode not in _PNG_COLOR_TYPES:
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", compress_level=1)
        return buffer.getvalue()
    width, height = image.size
    rows = np.asarray(image).reshape(height, -1)
    raw = np.empty((height, rows.shape[1] + 1), np.uint8)
    raw[:, 0] = 0  # filter type 0 (None) for every row
    raw[:, 1:] = rows
    header = struct.pack(">IIBBBBB", width, height, 8, _PNG_COLOR_TYPES[image.mode], 0, 0, 0)
    deflated = (_fast_zlib if live else zlib).compress(raw.tobytes(), 1)
    return b"".join((b"\x89PNG\r\n\x1a\n", _png_chunk(b"IHDR", header), _png_chunk(b"IDAT", deflated),
                     _png_chunk(b"IEND", b"")))


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


# ---------------------------------------------------------------------------------------------
# Colour maps
# ---------------------------------------------------------------------------------------------
@lru_cache(maxsize=8)
def _diverging_lut(low_hex: str, high_hex: str, strength: float = 0.6) -> np.ndarray:
    """256 colours from a tint of `low` through white to a tint of `high` (uint8, shape (256, 3))."""
    t = np.linspace(-1, 1, 256)[:, None]
    white = np.array([255.0, 255.0, 255.0])
    low, high = np.array(rgb(low_hex), float), np.array(rgb(high_hex), float)
    target = np.where(t < 0, low, high)
    lut = white + (target - white) * (np.abs(t) * strength)
    return lut.round().astype(np.uint8)


def binary_field(p: np.ndarray) -> np.ndarray:
    """P(class 1) on a grid (h, w) -> RGB (h, w, 3): class-0 colour, white at 0.5, class-1 colour."""
    idx = np.clip(np.nan_to_num(p, nan=0.5) * 255, 0, 255).astype(np.uint8)
    return _diverging_lut(CLASS_COLORS[0], CLASS_COLORS[1])[idx]


def multiclass_field(probs: np.ndarray) -> np.ndarray:
    """Class probabilities (h, w, k) -> RGB: the mix of class colours, paler where the model is unsure."""
    k = probs.shape[-1]
    colors = np.array([rgb(c) for c in CLASS_COLORS[:k]], float)
    probs = np.nan_to_num(probs, nan=1.0 / k)
    mixed = probs @ colors
    confidence = (probs.max(axis=-1, keepdims=True) - 1.0 / k) / (1 - 1.0 / k)
    alpha = 0.15 + 0.45 * confidence
    return (255 + (mixed - 255) * alpha).round().astype(np.uint8)


# ---------------------------------------------------------------------------------------------
# Decision boundary with points
# ---------------------------------------------------------------------------------------------
def boundary_image(field: np.ndarray, points_train, points_test, limit: float, size: int = 320,
                   scale: float = 1.0, labels=None) -> Image.Image:
    """A coloured field over [-limit, limit]² with train points (filled) and test points (hollow rings).

    field: RGB (h, w, 3) with row 0 at the TOP (largest x2). points_*: (X (n, 2), y (n,) class labels).
    """
    px = int(size * scale)
    margin = int(26 * scale)
    canvas = Image.new("RGB", (px + margin, px + margin), "white")
    canvas.paste(Image.fromarray(field).resize((px, px), Image.BILINEAR), (margin, 0))
    layer = _points_layer(canvas.size, points_train, points_test, limit, px, margin, scale)
    canvas.paste(layer, (0, 0), layer)
    _frame_and_ticks(ImageDraw.Draw(canvas), margin, px, limit, scale, labels or ("x1", "x2"))
    return canvas


_POINT_LAYERS: dict = {}


def _points_layer(size, points_train, points_test, limit, px, margin, scale) -> Image.Image:
    """The data points on a transparent layer (RGBA), drawn once per data set and size.

    The points stay put while the field under them changes every frame; drawing 400 circles was a quarter of a
    decision picture's cost. Circles are drawn without anti-aliasing, so pasting the layer gives exactly the
    pixels that drawing them on the picture gave.
    """
    arrays = [np.ascontiguousarray(a) for pair in (points_train, points_test) for a in pair if a is not None]
    key = (size, float(limit), px, margin, float(scale), tuple((a.dtype.str, a.shape, a.tobytes()) for a in arrays))
    if key in _POINT_LAYERS:
        return _POINT_LAYERS[key]
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    r = max(2, int(3.2 * scale))
    for (X, y), hollow in ((points_train, False), (points_test, True)):
        if X is None or len(X) == 0:
            continue
        u = margin + (X[:, 0] + limit) / (2 * limit) * px
        v = (limit - X[:, 1]) / (2 * limit) * px
        for ui, vi, yi in zip(u, v, np.asarray(y).astype(int), strict=True):
            color = CLASS_COLORS[yi % len(CLASS_COLORS)]
            box = (ui - r, vi - r, ui + r, vi + r)
            if hollow:
                draw.ellipse(box, fill="white", outline=color, width=max(2, int(2 * scale)))
            else:
                draw.ellipse(box, fill=color, outline=(40, 40, 40))
    if len(_POINT_LAYERS) >= 8:
        _POINT_LAYERS.clear()
    _POINT_LAYERS[key] = layer
    return layer


def _frame_and_ticks(draw, margin, px, limit, scale, labels):
    f = font(int(11 * scale))
    draw.rectangle((margin, 0, margin + px - 1, px - 1), outline=AXIS_GREY)
    for value in (-1, 0, 1):
        if abs(value) > limit:
            continue
        pos = (value + limit) / (2 * limit) * px
        draw.text((margin + pos, px + 2 * scale), f"{value:g}", fill=TEXT, font=f, anchor="ma")
        draw.text((margin - 3 * scale, px - pos), f"{value:g}", fill=TEXT, font=f, anchor="rm")
    draw.text((margin + px - 2, px + 2 * scale), labels[0], fill=TEXT, font=f, anchor="ra")
    draw.text((2, 2), labels[1], fill=TEXT, font=f, anchor="la")


def curve_image(x_data, y_data, x_line, y_line, x_range, y_range, size=320, scale=1.0) -> Image.Image:
    """1-D regression: data points (train) and the model's curve, on fixed axes."""
    chart = Chart(int(size * scale), int(size * scale), x_range, y_range, scale=scale, title="fit",
                  x_label="x", y_label="y")
    chart.points(x_data, y_data, CLASS_COLORS[1])
    chart.line(x_line, y_line, CLASS_COLORS[5], width=3)
    return chart.image


# ---------------------------------------------------------------------------------------------
# Charts: line charts (loss / accuracy / gradient norms) and histograms
# ---------------------------------------------------------------------------------------------
def nice_ticks(low: float, high: float, count: int = 4) -> list[float]:
    """About `count` round numbers covering [low, high] (1, 2, 5 x 10^k steps)."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return [low]
    raw = (high - low) / count
    base = 10 ** math.floor(math.log10(raw))
    step = min((m * base for m in (1, 2, 5, 10) if m * base >= raw), default=10 * base)
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) / step + 1e-9) + 1)]


def _fmt(v: float) -> str:
    if v == 0:
        return "0"
    if abs(v) >= 1000 or abs(v) < 0.01:
        return f"{v:.0e}"
    return f"{v:.3g}"


class Chart:
    """A small chart drawn with Pillow: axes, ticks, title, and data in data coordinates."""

    def __init__(self, width, height, x_range, y_range, scale=1.0, title="", x_label="", y_label="",
                 log_y=False, legend_rows=0):
        self.image = Image.new("RGB", (width, height), "white")
        self.draw = ImageDraw.Draw(self.image)
        self.scale, self.log_y = scale, log_y
        self.left, self.right = int(46 * scale), width - int(10 * scale)
        self.top, self.bottom = int((20 + 14 * legend_rows) * scale), height - int(30 * scale)
        self.x0, self.x1 = x_range
        if self.x1 <= self.x0:
            self.x1 = self.x0 + 1
        y0, y1 = y_range
        if log_y:
            y0, y1 = math.log10(max(y0, 1e-30)), math.log10(max(y1, 1e-30))
        if not (math.isfinite(y0) and math.isfinite(y1)):
            y0, y1 = 0.0, 1.0
        if y1 - y0 < 1e-12:
            y0, y1 = y0 - 0.5, y1 + 0.5
        self.y0, self.y1 = y0, y1
        self._axes(title, x_label, y_label)

    def _axes(self, title, x_label, y_label):
        d, s = self.draw, self.scale
        f = font(int(11 * s))
        for t in nice_ticks(self.y0, self.y1):
            v = self._v(t, already_log=True)
            d.line((self.left, v, self.right, v), fill=GRID_GREY)
            label = _fmt(10**t) if self.log_y else _fmt(t)
            d.text((self.left - 3 * s, v), label, fill=TEXT, font=f, anchor="rm")
        for t in nice_ticks(self.x0, self.x1):
            u, label = self._u(t), _fmt(t)
            u = min(u, self.image.width - 2 - d.textlength(label, font=f) / 2)  # a wide last label ("2e+03") stays in
            d.text((u, self.bottom + 2 * s), label, fill=TEXT, font=f, anchor="ma")
        d.rectangle((self.left, self.top, self.right, self.bottom), outline=AXIS_GREY)
        d.text((self.left, 2 * s), title, fill=TEXT, font=font(int(12 * s)), anchor="la")
        if x_label:
            d.text(((self.left + self.right) / 2, self.bottom + 15 * s), x_label, fill=AXIS_GREY, font=f, anchor="ma")
        if y_label:
            d.text((self.left - 3 * s, self.top - 2 * s), y_label, fill=AXIS_GREY, font=f, anchor="rd")

    def _u(self, x):
        return self.left + (np.asarray(x, float) - self.x0) / (self.x1 - self.x0) * (self.right - self.left)

    def _v(self, y, already_log=False):
        y = np.asarray(y, float)
        if self.log_y and not already_log:
            y = np.log10(np.maximum(y, 1e-30))
        frac = (y - self.y0) / (self.y1 - self.y0)
        return self.bottom - np.clip(frac, -0.02, 1.02) * (self.bottom - self.top)

    def line(self, x, y, color, width=2, dashed=False):
        x, y = np.asarray(x, float), np.asarray(y, float)
        ok = np.isfinite(x) & np.isfinite(y)
        if self.log_y:
            ok &= y > 0
        if ok.sum() < 1:
            return
        pts = list(zip(self._u(x[ok]).tolist(), self._v(y[ok]).tolist(), strict=True))
        w = max(1, int(width * self.scale))
        if len(pts) == 1:
            u, v = pts[0]
            self.draw.ellipse((u - w, v - w, u + w, v + w), fill=color)
        elif dashed:
            for i in range(0, len(pts) - 1, 2):
                self.draw.line(pts[i:i + 2], fill=color, width=w)
        else:
            self.draw.line(pts, fill=color, width=w, joint="curve")

    def points(self, x, y, color, radius=2.5):
        r = radius * self.scale
        for u, v in zip(self._u(x).ravel().tolist(), self._v(y).ravel().tolist(), strict=True):
            self.draw.ellipse((u - r, v - r, u + r, v + r), fill=color)

    def legend(self, rows):
        """rows: lists of (label, color, dashed); row 0 shares the title line (right-aligned), later rows sit
        under it, so the legend never covers the data."""
        f = font(int(11 * self.scale))
        s = self.scale
        width = max(1, int(2 * s))
        for r, entries in enumerate(rows):
            x, y = self.right, int((9 + 14 * r) * s)
            for label, color, dashed in reversed(entries):
                self.draw.text((x, y), label, fill=TEXT, font=f, anchor="rm")
                x -= self.draw.textlength(label, font=f) + 4 * s
                if dashed:
                    self.draw.line((x - 16 * s, y, x - 10 * s, y), fill=color, width=width)
                    self.draw.line((x - 6 * s, y, x, y), fill=color, width=width)
                else:
                    self.draw.line((x - 16 * s, y, x, y), fill=color, width=width)
                x -= 16 * s + 10 * s


def legend_rows(entries, first_row_width, row_width, scale=1.0):
    """Split legend entries into rows that fit: the first row beside the title, the rest full width."""
    f = font(int(11 * scale))
    rows, current, used, limit = [], [], 0.0, first_row_width
    for entry in entries:
        w = (ImageDraw.Draw(Image.new("RGB", (1, 1))).textlength(entry[0], font=f) + 30) * 1.0
        if current and used + w * scale > limit:
            rows.append(current)
            current, used, limit = [], 0.0, row_width
        current.append(entry)
        used += w * scale
    if current:
        rows.append(current)
    return rows


def line_chart(series, width=360, height=200, title="", x_label="step", y_label="", log_y=False, scale=1.0,
               y_range=None) -> Image.Image:
    """series: list of (label, xs, ys, color, dashed). Axes fit all finite data unless y_range is given."""
    xs_all = [np.asarray(s[1], float) for s in series if len(s[1])]
    ys_all = [np.asarray(s[2], float) for s in series if len(s[2])]
    x_range = (0.0, max([float(np.nanmax(x)) for x in xs_all if np.isfinite(x).any()], default=1.0))
    if y_range is None:
        finite = np.concatenate([y[np.isfinite(y) & ((y > 0) if log_y else True)] for y in ys_all]) if ys_all \
            else np.array([])
        if finite.size:
            low, high = float(finite.min()), float(finite.max())
            y_range = (low, high) if log_y else (min(0.0, low), high * 1.05 if high > 0 else high + 1)
        else:
            y_range = (1e-3, 1.0) if log_y else (0.0, 1.0)
    title_width = ImageDraw.Draw(Image.new("RGB", (1, 1))).textlength(title, font=font(int(12 * scale)))
    rows = legend_rows([(label, color, dashed) for label, _, _, color, dashed in series],
                       (width - 56) * scale - title_width - 12 * scale, (width - 56) * scale, scale)
    chart = Chart(int(width * scale), int(height * scale), x_range, y_range, scale, title, x_label, y_label, log_y,
                  legend_rows=max(0, len(rows) - 1))
    for _label, xs, ys, color, dashed in series:
        chart.line(xs, ys, color, width=1.5 if len(series) > 2 else 2, dashed=dashed)
    chart.legend(rows)
    return chart.image


def histogram_strip(arrays, names, width=360, height=120, bins=30, value_range=None, title="",
                    scale=1.0) -> Image.Image:
    """One small histogram per array, side by side (activations per layer). Each is normalised to its peak."""
    w, h = int(width * scale), int(height * scale)
    image = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(image)
    f = font(int(10 * scale))
    draw.text((2, 1), title, fill=TEXT, font=font(int(12 * scale)), anchor="la")
    n = max(1, len(arrays))
    cell = w / n
    cleaned, ranges = [], []
    for values in arrays:
        values = np.asarray(values, float).ravel()
        values = values[np.isfinite(values)]
        cleaned.append(values)
        lo, hi = (value_range or (float(values.min()), float(values.max()))) if values.size else (0.0, 0.0)
        ranges.append((lo - 0.5, hi + 0.5) if hi - lo < 1e-12 else (lo, hi))
    # Many narrow cells (e.g. 10 layers): the two range labels would overlap, so they go on two rows.
    crowded = any(draw.textlength(_fmt(lo), font=f) + draw.textlength(_fmt(hi), font=f) + 4 * scale > cell - 6 * scale
                  for (lo, hi), values in zip(ranges, cleaned, strict=True) if values.size)
    top, bottom = int(18 * scale), h - int((37 if crowded else 26) * scale)
    for i, (values, name) in enumerate(zip(cleaned, names, strict=True)):
        x0 = i * cell + 3 * scale
        x1 = (i + 1) * cell - 3 * scale
        draw.rectangle((x0, top, x1, bottom), outline=GRID_GREY)
        if values.size:
            lo, hi = ranges[i]
            counts, _ = np.histogram(np.clip(values, lo, hi), bins=bins, range=(lo, hi))
            peak = counts.max() or 1
            bw = (x1 - x0) / bins
            color = SERIES_COLORS[i % len(SERIES_COLORS)]
            for b, c in enumerate(counts):
                if c:
                    draw.rectangle((x0 + b * bw, bottom - c / peak * (bottom - top), x0 + (b + 1) * bw, bottom),
                                   fill=color)
            draw.text((x0, bottom + 1), _fmt(lo), fill=AXIS_GREY, font=f, anchor="la")
            draw.text((x1, bottom + 1 + (11 * scale if crowded else 0)), _fmt(hi), fill=AXIS_GREY, font=f, anchor="ra")
        draw.text(((x0 + x1) / 2, bottom + (23 if crowded else 12) * scale), name, fill=TEXT, font=f, anchor="ma")
    return image


def unit_grid(maps_per_layer, thumb=None, gap=3, scale=1.0, max_units=16) -> Image.Image:
    """Small heatmaps of every hidden unit's output over the input square: one row per hidden layer.

    maps_per_layer: list of arrays (n_units, h, w). Shows at most `max_units` units per layer. Each unit is
    scaled by its own largest magnitude. thumb: tile size in pixels; by default as large as fits a row of about
    576 pixels (16 units: 33 px, 8 units or fewer: 56 px), so a few units are big enough to read on a projector.
    Fast enough for every live frame: each map is sampled to its tile's pixels (nearest grid point) before it is
    coloured, so only the pixels shown are computed.
    """
    if thumb is None:
        widest = max([min(len(m), max_units) for m in maps_per_layer], default=1)
        thumb = int(np.clip(576 // max(widest, 1) - gap, 28, 56))
    t, g = int(thumb * scale), max(1, int(gap * scale))
    label_w = int(22 * scale)
    rows = len(maps_per_layer)
    cols = max([min(len(m), max_units) for m in maps_per_layer], default=1)
    # light-grey gaps frame every tile, so an all-zero (dead) unit still shows as an empty white tile
    mosaic = np.full((max(1, rows) * (t + g), cols * (t + g), 3), 210, dtype=np.uint8)
    lut = _diverging_lut(CLASS_COLORS[0], CLASS_COLORS[1], 0.9)
    for r, maps in enumerate(maps_per_layer):
        maps = np.nan_to_num(np.asarray(maps[:max_units], dtype=float))
        peak = np.abs(maps).max(axis=(1, 2), keepdims=True)
        small = maps[:, _nearest_index(maps.shape[1], t)[:, None], _nearest_index(maps.shape[2], t)[None, :]]
        scaled = np.divide(small, peak, out=np.zeros_like(small), where=peak > 0)
        tiles = lut[np.clip((scaled + 1) * 127.5, 0, 255).astype(np.uint8)]  # (units, t, t, 3)
        y = r * (t + g)
        for c, tile in enumerate(tiles):
            mosaic[y:y + t, c * (t + g):c * (t + g) + t] = tile
    image = Image.new("RGB", (label_w + mosaic.shape[1], mosaic.shape[0]), "white")
    image.paste(Image.fromarray(mosaic), (label_w, 0))
    draw = ImageDraw.Draw(image)
    f = font(int(10 * scale))
    for r in range(rows):
        draw.text((2, r * (t + g) + t / 2), f"h{r + 1}", fill=TEXT, font=f, anchor="lm")
    return image


@lru_cache(maxsize=64)
def _nearest_index(n: int, size: int) -> np.ndarray:
    """size indices into n: nearest-neighbour resampling of a grid axis of n points to size pixels."""
    return np.minimum(((np.arange(size) + 0.5) * n / size).astype(int), n - 1)


def side_by_side(images, gap=8) -> Image.Image:
    """Paste images left to right on white."""
    width = sum(im.width for im in images) + gap * (len(images) - 1)
    height = max(im.height for im in images)
    out = Image.new("RGB", (width, height), "white")
    x = 0
    for im in images:
        out.paste(im, (x, 0))
        x += im.width + gap
    return out


def stacked(images, gap=4) -> Image.Image:
    """Paste images top to bottom on white."""
    width = max(im.width for im in images)
    out = Image.new("RGB", (width, sum(im.height for im in images) + gap * (len(images) - 1)), "white")
    y = 0
    for im in images:
        out.paste(im, (0, y))
        y += im.height + gap
    return out
