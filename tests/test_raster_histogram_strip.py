"""raster.histogram_strip: with many narrow cells (10 hidden layers) the range labels do not overlap."""

import numpy as np

from course_lib.raster import histogram_strip


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
