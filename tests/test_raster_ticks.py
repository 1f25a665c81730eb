"""raster.Chart: tick labels stay inside the picture, even a wide last one such as "2e+03"."""

import numpy as np

from course_lib.raster import Chart


def test_last_x_tick_label_is_not_clipped():
    chart = Chart(300, 150, x_range=(0, 2000), y_range=(0, 1))  # ticks 0 ... 2000, the last at the right edge
    pixels = np.asarray(chart.image.convert("L"))
    label_band = pixels[chart.bottom + 2:, :]
    assert label_band[:, -1].min() == 255, "a tick label runs off the right edge"
    assert label_band[:, chart.right - 40:].min() < 128, "the last tick label should still be drawn near the edge"
