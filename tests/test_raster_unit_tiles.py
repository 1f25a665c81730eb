"""raster.unit_grid: a dead unit (all-zero map) is still visible as its own framed tile."""

import numpy as np

from course_lib import raster


def test_dead_unit_tile_is_framed():
    maps = np.zeros((3, 8, 8))
    maps[0] = np.linspace(-1, 1, 64).reshape(8, 8)  # a live unit; units 1 and 2 output 0 everywhere
    image = np.asarray(raster.unit_grid([maps], thumb=28, gap=3, scale=1.0))
    label_w = 22
    dead_tile = image[2:26, label_w + 31 + 2:label_w + 31 + 26]  # inside the second tile
    gap_column = image[2:26, label_w + 29]  # between the first and second tile
    assert np.all(dead_tile >= 250)  # zero output is drawn (almost) white
    assert np.all(gap_column < 230)  # the gap is not white, so the empty tile has a visible frame


def test_tiles_grow_when_a_layer_has_few_units():
    few = raster.unit_grid([np.zeros((4, 8, 8)), np.zeros((4, 8, 8))])
    many = raster.unit_grid([np.zeros((16, 8, 8))])
    assert few.height == 2 * (56 + 3)  # 56-pixel tiles for 4 units per layer
    assert many.width <= 22 + 16 * (33 + 3)  # 16 units keep a row about 576 pixels wide
