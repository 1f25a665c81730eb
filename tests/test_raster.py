"""raster: the fast live pictures (tick labels inside the picture, framed unit tiles, histogram labels)."""

import numpy as np

from course_lib import raster
from course_lib.raster import Chart, histogram_strip


# -- Chart: tick labels stay inside the picture, even a wide last one such as "2e+03" --------------------
def test_last_x_tick_label_is_not_clipped():
    chart = Chart(300, 150, x_range=(0, 2000), y_range=(0, 1))  # ticks 0 ... 2000, the last at the right edge
    pixels = np.asarray(chart.image.convert("L"))
    label_band = pixels[chart.bottom + 2:, :]
    assert label_band[:, -1].min() == 255, "a tick label runs off the right edge"
    assert label_band[:, chart.right - 40:].min() < 128, "the last tick label should still be drawn near the edge"


# -- unit_grid: a dead unit (all-zero map) is still visible as its own framed tile --------------------
def test_dead_unit_tile_is_framed():
    maps = np.zeros((3, 8, 8))
    maps[0] = np.linspace(-1, 1, 64).reshape(8, 8)  # a live unit; units 1 and 2 output 0 everywhere
    image = np.asarray(raster.unit_grid([maps], thumb=28, gap=3, scale=1.0))
    label_w = 22
    dead_tile = image[2:26, label_w + 31 + 2:label_w + 31 + 26]  # inside the second tile
    gap_column = image[2:26, label_w + 29]  # between the first and second tile
    assert np.all(dead_tile >= 250)  # zero output is drawn (almost) white
    assert np.all(gap_column < 230)  # the gap is not white, so the empty tile has a visible frame


# -- histogram_strip: with many narrow cells (10 hidden layers) the range labels do not overlap --------
def _box_bottom(image):
    """The bottom edge of the histogram boxes: the lowest row drawn across most of the width (outline or bars)."""
    drawn = (np.asarray(image) != 255).any(axis=2)
    return int(np.where(drawn.sum(axis=1) > 0.75 * image.width)[0].max())


def test_few_layers_keep_one_label_row():
    rng = np.random.default_rng(0)
    image = histogram_strip([rng.normal(size=200) for _ in range(4)], ["h1", "h2", "h3", "h4"], width=360, height=130)
    assert _box_bottom(image) == 130 - 26


def test_ten_narrow_layers_put_the_range_labels_on_two_rows():
    rng = np.random.default_rng(0)
    arrays = [rng.uniform(0.261, 0.75, size=200) for _ in range(10)]  # sigmoid-like outputs: long labels
    image = histogram_strip(arrays, [f"h{i}" for i in range(1, 11)], width=360, height=130)
    bottom = _box_bottom(image)
    assert bottom == 130 - 37, "crowded labels need a second row below the boxes"
    ink = np.asarray(image.convert("L")) < 160
    cell = 36
    for i in range(10):  # in every cell: the low label on the first row at the left, the high one below at the right
        left, right = i * cell + 3, (i + 1) * cell - 3
        first_row, second_row = ink[bottom + 2:bottom + 12, left:right], ink[bottom + 13:bottom + 23, left:right]
        assert first_row.any() and second_row.any()
        assert first_row[:, : (right - left) // 2].any() and second_row[:, (right - left) // 2:].any()


def test_tiles_grow_when_a_layer_has_few_units():
    few = raster.unit_grid([np.zeros((4, 8, 8)), np.zeros((4, 8, 8))])
    many = raster.unit_grid([np.zeros((16, 8, 8))])
    assert few.height == 2 * (56 + 3)  # 56-pixel tiles for 4 units per layer
    assert many.width <= 22 + 16 * (33 + 3)  # 16 units keep a row about 576 pixels wide


# -- speed without changing a pixel: fast PNG, cached text masks, cached point layers --------------------------------
def test_png_bytes_round_trips_every_mode_it_writes_itself():
    import io

    from PIL import Image

    rng = np.random.default_rng(0)
    for mode, shape in (("RGB", (37, 53, 3)), ("RGBA", (20, 11, 4)), ("L", (9, 7)), ("RGB", (1, 1, 3))):
        pixels = rng.integers(0, 256, shape, dtype=np.uint8)
        for live in (False, True):  # live frames: deflated by zlib-ng
            png = raster.png_bytes(Image.fromarray(pixels, mode), live=live)
            back = Image.open(io.BytesIO(png))
            back.load()  # checks the CRCs and the zlib stream
            assert back.mode == mode and np.array_equal(np.asarray(back), pixels)
    palette = Image.new("P", (4, 4))
    assert Image.open(io.BytesIO(raster.png_bytes(palette))).size == (4, 4)  # other modes: through Pillow


def test_live_frames_use_zlib_ng_and_kept_pictures_plain_zlib(monkeypatch):
    import zlib

    from PIL import Image

    assert raster._fast_zlib.__name__ == "zlib_ng.zlib_ng", "requirements.txt installs zlib-ng for live frames"
    picture = Image.fromarray(np.random.default_rng(1).integers(0, 256, (40, 60, 3), dtype=np.uint8))
    kept = raster.png_bytes(picture)
    monkeypatch.setattr(raster, "_fast_zlib", zlib)  # zlib-ng missing (Colab): plain zlib, the same bytes
    assert raster.png_bytes(picture, live=True) == kept


def test_a_chart_drawn_again_from_cached_text_is_the_same_picture():
    def chart(title):
        c = Chart(300, 200, (0, 500), (0.01, 3), title=title, x_label="step", y_label="loss", log_y=True)
        c.line([0, 250, 500], [2.0, 0.5, 0.02], (0, 114, 178))
        return np.asarray(c.image)

    first = chart("loss")
    assert np.array_equal(chart("loss"), first)
    assert not np.array_equal(chart("손실"), first)  # another text is rendered, not taken from the cache


def test_boundary_picture_redraws_its_points_when_the_data_changes():
    field = np.full((40, 40, 3), 200, np.uint8)
    X = np.array([[0.5, 0.5], [-0.5, -0.2]])
    one = np.asarray(raster.boundary_image(field, (X, np.array([0, 1])), (X[:0], np.array([])), 1.0, size=120))
    same = np.asarray(raster.boundary_image(field, (X, np.array([0, 1])), (X[:0], np.array([])), 1.0, size=120))
    other = np.asarray(raster.boundary_image(field, (X * -1, np.array([0, 1])), (X[:0], np.array([])), 1.0, size=120))
    assert np.array_equal(one, same) and not np.array_equal(one, other)
    field[:] = 90  # a new field under the same points shows through everywhere but the points
    darker = np.asarray(raster.boundary_image(field, (X, np.array([0, 1])), (X[:0], np.array([])), 1.0, size=120))
    assert (darker != one).any(axis=-1).sum() > 100 * 100
