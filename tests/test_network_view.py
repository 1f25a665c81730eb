"""network_view: the playground's network picture (sizes, links, selection, "+n more", choices, bad input)."""

import itertools

import numpy as np
import pytest

from course_lib import network_view, raster
from course_lib.layers import Dense, Dropout
from course_lib.model import Sequential
from course_lib.network_view import (
    STRONGEST_LINKS,
    TILE_FLOOR,
    network_panel,
    neuron_at,
    neuron_choices,
    neuron_detail,
    paint_network,
    unit_maps,
)
from course_lib.validation import CourseError

GRID = 12
SIZE = (560, 320)


def _net(counts, seed=0):
    """Random maps and weights for units per layer `counts` = (n_in, n_1, ..., n_L, k)."""
    rng = np.random.default_rng(seed)
    maps = [rng.normal(size=(n, GRID, GRID)) for n in counts]
    weights = [rng.normal(size=(counts[i + 1], counts[i])) for i in range(len(counts) - 1)]
    return maps[0], maps[1:-1], 1 / (1 + np.exp(-maps[-1])), weights


def _paint(counts, **kw):
    inputs, hidden, output, weights = _net(counts)
    kw.setdefault("scale", 1.0)
    kw.setdefault("size", SIZE)
    return paint_network(inputs, hidden, output, weights, return_layout=True, **kw)


def _colored(pixels):
    """True where a pixel is not (almost) white."""
    return (pixels < 235).any(axis=-1)


# -- size: fixed, whatever the network; every tile inside the picture and readable -------------------------
@pytest.mark.parametrize("layers", [0, 1, 2, 5, 10])
@pytest.mark.parametrize("units", [1, 3, 8, 32])
def test_picture_has_its_size_and_every_tile_fits(layers, units):
    image, layout = _paint((2, *([units] * layers), 1))
    assert image.size == SIZE and image.mode == "RGB"
    W, H = SIZE
    for c, tiles in enumerate(layout.columns):
        assert tiles, f"column {c} shows no unit"
        assert len(tiles) + layout.hidden_more[c] == layout.counts[c]
        for x, y, t in tiles:
            assert t >= TILE_FLOOR
            assert 0 <= x and x + t <= W and layout.header <= y and y + t <= H - layout.footer
    ox, oy, side = layout.output
    assert ox + side <= W and oy + side <= H - layout.footer
    spans = [(min(x for x, _, _ in tiles), max(x + t for x, _, t in tiles)) for tiles in layout.columns]
    for (_, right), (left, _) in itertools.pairwise(spans):  # columns do not overlap
        assert right < left
    assert spans[0][0] > 0 and spans[-1][1] < ox


def test_crowded_column_splits_in_two_before_leaving_units_out():
    _, layout = _paint((2, 32, 32, 1))  # 2 layers: wide slots, so 32 units fit as two columns of 16
    for c in (1, 2):
        assert layout.hidden_more[c] == 0 and len({x for x, _, _ in layout.columns[c]}) == 2
    _, layout = _paint((2, *([32] * 10), 1))  # 10 layers: narrow slots, one column each and "+n more"
    assert all(layout.hidden_more[c] > 0 and len({x for x, _, _ in layout.columns[c]}) == 1 for c in range(1, 11))


def test_presenter_scale_enlarges_the_picture(monkeypatch):
    image, _ = _paint((2, 8, 8, 1), scale=1.5)
    assert image.size == (840, 480)
    monkeypatch.setattr(raster, "DEFAULT_SCALE", 1.4)
    inputs, hidden, output, weights = _net((2, 4, 1))
    assert paint_network(inputs, hidden, output, weights, size=SIZE).size == (784, 448)


# -- links: colour by the sign of w, thickness by |w| -------------------------------------------------------
def _link_middle(layout, src_col, src_unit, dst_col, dst_unit):
    x0, y0, t0 = layout.columns[src_col][src_unit]
    x1, y1, t1 = layout.columns[dst_col][dst_unit]
    return (x0 + t0 + x1) // 2, ((y0 + t0 / 2) + (y1 + t1 / 2)) / 2


@pytest.mark.parametrize("w, positive", [(1.5, True), (-1.5, False)])
def test_link_colour_follows_the_sign_of_the_weight(w, positive):
    inputs, hidden, output, weights = _net((1, 1, 1))
    weights[0][:] = w
    image, layout = paint_network(inputs, hidden, output, weights, size=SIZE, scale=1.0, return_layout=True)
    x, y = _link_middle(layout, 0, 0, 1, 0)
    r, g, b = (int(v) for v in np.asarray(image)[round(y), x])
    blue, orange = raster.rgb(raster.CLASS_COLORS[1]), raster.rgb(raster.CLASS_COLORS[0])
    assert (r, g, b) != (255, 255, 255)
    if positive:
        assert b > r, f"a positive weight should be drawn blue {blue}, got {(r, g, b)}"
    else:
        assert r > b, f"a negative weight should be drawn orange {orange}, got {(r, g, b)}"


def test_link_thickness_grows_with_abs_w():
    inputs, hidden, output, weights = _net((2, 1, 1))
    weights[0][:] = [[1.0, -0.15]]  # x1 -> h1 strong, x2 -> h1 weak (same layer: normalised together)
    image, layout = paint_network(inputs, hidden, output, weights, size=SIZE, scale=1.0, return_layout=True)
    pixels = np.asarray(image)
    widths = []
    for unit in (0, 1):  # the two links are mirror images, so their vertical cuts compare their widths
        x, y = _link_middle(layout, 0, unit, 1, 0)
        column = _colored(pixels[int(y) - 15:int(y) + 16, x])
        widths.append(int(column.sum()))
    assert widths[0] > widths[1] >= 1


def test_dense_columns_keep_only_the_strongest_links(monkeypatch):
    drawn = []
    monkeypatch.setattr(network_view.ImageDraw.ImageDraw, "line",
                        lambda self, xy, fill=None, width=0, joint=None: drawn.append((xy, fill, width)))
    inputs, hidden, output, weights = _net((2, 16, 16, 1))
    weights[1][:] = 0.01
    weights[1][:, 0] = -1.0  # every h2 unit listens mostly to h1 unit 1
    _, layout = paint_network(inputs, hidden, output, weights, size=(560, 480), scale=1.0, return_layout=True)
    n1, n2 = len(layout.columns[1]), len(layout.columns[2])
    assert n1 > 8 and n2 > 8
    links = [d for d in drawn if len(d[0]) == 4][2:]  # the first two lines are the legend's (cached, drawn once)
    # 2 x n1 (all), then 3 per h2 unit instead of n1 x n2, then all n2 into the one output unit
    assert len(links) == 2 * n1 + STRONGEST_LINKS * n2 + n2
    x_h1 = layout.columns[1][0][0] + layout.columns[1][0][2]
    between = [d for d in links if d[0][0] == x_h1]
    assert len(between) == STRONGEST_LINKS * n2
    thick = [d for d in between if d[2] > 1]
    assert len(thick) == n2  # one strong link into every h2 unit ...
    y_unit1 = layout.columns[1][0][1] + layout.columns[1][0][2] / 2
    assert all(d[0][1] == y_unit1 and d[1][0] > d[1][2] for d in thick)  # ... from h1 unit 1, orange (w < 0)


# -- selection ----------------------------------------------------------------------------------------------
def test_selected_neuron_is_highlighted():
    plain, layout = _paint((2, 4, 4, 1))
    chosen, _ = _paint((2, 4, 4, 1), selected=(2, 3))
    x, y, t = layout.columns[2][2]
    band = (slice(y - 3, y - 1), slice(x, x + t))  # just above the tile
    assert np.asarray(chosen)[band].max() < 80, "the selected tile should get a dark frame"
    assert np.asarray(plain)[band].min() > 80
    other = layout.columns[1][0]
    assert np.array_equal(np.asarray(chosen)[other[1] - 3:other[1] - 1, other[0]:other[0] + other[2]],
                          np.asarray(plain)[other[1] - 3:other[1] - 1, other[0]:other[0] + other[2]])


def test_neuron_at_finds_the_tile_under_a_click():
    _, layout = _paint((2, 4, 8, 1))
    for layer, tiles in enumerate(layout.columns):
        for unit, (x, y, t) in enumerate(tiles, start=1):
            assert neuron_at(x + t / 2, y + t / 2, layout) == (layer, unit)
    ox, oy, side = layout.output
    assert neuron_at(ox + side / 2, oy + side / 2, layout) == (3, 1)
    assert neuron_at(1, 1, layout) is None


# -- many units in a short picture: first units and "+n more" -------------------------------------------------
def test_32_units_in_a_short_picture_show_plus_n_more():
    image, layout = _paint((2, 32, 1), size=(400, 160))
    shown = len(layout.columns[1])
    assert shown < 32 and layout.hidden_more[1] == 32 - shown
    assert all(t >= TILE_FLOOR for _, _, t in layout.columns[1])
    x, y = round(layout.centres[1]), layout.marker_y[1]
    assert y > max(y0 + t for _, y0, t in layout.columns[1])
    marker = np.asarray(image.convert("L"))[y:y + 12, x - 25:x + 25]
    assert (marker < 128).any(), "the '+n more' text should sit under the last tile"
    assert network_view._more_label(layout, 1).startswith(f"+{32 - shown}")
    # a unit left out can still be selected: its marker is framed
    plain = np.asarray(image.convert("L"))
    chosen = np.asarray(_paint((2, 32, 1), size=(400, 160), selected=(1, 32))[0].convert("L"))
    assert (chosen[y - 4:y + 16] != plain[y - 4:y + 16]).any()


# -- unit_maps, neuron_choices, the panel from a real model ----------------------------------------------------
def _model():
    model = Sequential([Dense(3, activation="tanh"), Dropout(0.2), Dense(5, activation="relu"),
                       Dense(1, activation="sigmoid")], seed=1)
    return model.build(2)


def _grid(h=GRID, w=GRID):
    gx, gy = np.meshgrid(np.linspace(-1, 1, w), np.linspace(1, -1, h))
    return np.c_[gx.ravel(), gy.ravel()]


def test_unit_maps_shapes_and_values():
    model = _model()
    maps = unit_maps(model, _grid(GRID, 10), (GRID, 10), ("x1", "x2"))
    assert maps.inputs.shape == (2, GRID, 10)
    assert [m.shape for m in maps.hidden] == [(3, GRID, 10), (5, GRID, 10)]
    assert maps.output.shape == (1, GRID, 10) and maps.output_kind == "binary"
    assert [w.shape for w in maps.weights] == [(3, 2), (5, 3), (1, 5)]
    assert maps.activations == ("tanh", "relu", "sigmoid")
    outputs = model.layer_outputs(_grid(GRID, 10))
    assert np.allclose(maps.hidden[1][:, 2, 7], outputs[2][2 * 10 + 7])
    assert np.allclose(maps.inputs[0, 0], np.linspace(-1, 1, 10))  # row 0 is the top of the grid


def test_neuron_choices_cover_every_unit():
    model = _model()
    choices = neuron_choices(model, ("x1", "x2"))
    values = [v for _, v in choices]
    expected = [(0, 1), (0, 2)] + [(1, u) for u in range(1, 4)] + [(2, u) for u in range(1, 6)] + [(3, 1)]
    assert values == expected
    labels = [label for label, _ in choices]
    assert len(set(labels)) == len(labels) and labels[2] == "h1 · unit 1 (tanh)"
    maps = unit_maps(model, _grid(), (GRID, GRID), ("x1", "x2"))
    for label, value in choices:  # every choice can be drawn, large and highlighted
        assert maps.title(value) == label
        assert maps.paint(selected=value, scale=1.0).size == network_view.DEFAULT_SIZE
    assert len(neuron_choices(model)) == 9  # without feature names: no input entries


def test_network_panel_and_neuron_detail():
    model = _model()
    panel = network_panel(model, _grid(), (GRID, GRID), ("x1", "x2"), selected=(2, 4), scale=1.0, detail_size=150)
    assert panel["network"].size == network_view.DEFAULT_SIZE
    assert panel["neuron"].height > 150
    assert set(network_panel(model, _grid(), (GRID, GRID), scale=1.0)) == {"network"}
    detail = neuron_detail(np.linspace(-2, 3, 100).reshape(10, 10), "h1 · unit 1 (tanh)", size=120, scale=1.0)
    assert detail.width > 120 and detail.height > 120


def test_a_diverged_network_still_draws_without_warnings(recwarn):
    inputs, hidden, output, weights = _net((2, 4, 4, 1))
    hidden[1][:] = np.nan
    output[:] = np.nan
    weights[1][0, 0] = np.inf
    weights[2][:] = np.nan
    image = paint_network(inputs, hidden, output, weights, size=SIZE, scale=1.0, selected=(3, 1))
    assert image.size == SIZE and not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_unit_maps_of_a_model_with_separate_activation_layers():
    from course_lib.layers import ActivationLayer

    model = Sequential([Dense(4), ActivationLayer("relu"), Dense(1), ActivationLayer("sigmoid")]).build(2)
    maps = unit_maps(model, _grid(), (GRID, GRID))
    assert maps.activations == ("relu", "sigmoid") and maps.output_kind == "binary"
    assert maps.hidden[0].min() >= 0  # after the ReLU, not before it
    assert [label for label, _ in neuron_choices(model)][-1] == "output: P(class 1) (sigmoid)"


# -- bad input: a CourseError that says what to fix -------------------------------------------------------------
def test_bad_input_says_what_to_fix():
    inputs, hidden, output, weights = _net((2, 4, 1))
    with pytest.raises(CourseError, match="3-D"):
        paint_network(inputs[0], hidden, output, weights)
    with pytest.raises(CourseError, match=r"transposed: pass W\.T"):
        paint_network(inputs, hidden, output, [weights[0].T, weights[1]])
    with pytest.raises(CourseError, match="weights has 1 matrices"):
        paint_network(inputs, hidden, output, weights[:1])
    with pytest.raises(CourseError, match="list with one array"):
        paint_network(inputs, hidden[0], output, weights)
    with pytest.raises(CourseError, match="same grid"):
        paint_network(inputs, [hidden[0][:, :5]], output, weights)
    with pytest.raises(CourseError, match="layer 3 is out of range"):
        paint_network(inputs, hidden, output, weights, selected=(3, 1))
    with pytest.raises(CourseError, match="unit 5 is out of range: layer 1 has units 1-4"):
        paint_network(inputs, hidden, output, weights, selected=(1, 5))
    with pytest.raises(CourseError, match=r"pair \(layer, unit\)"):
        paint_network(inputs, hidden, output, weights, selected=3)
    with pytest.raises(CourseError, match="too small"):
        paint_network(inputs, hidden, output, weights, size=(100, 50))
    with pytest.raises(CourseError, match="one name per column"):
        paint_network(inputs, hidden, output, weights, input_names=("x1",))
    model = _model()
    with pytest.raises(CourseError, match=r"transposed: pass grid_features\.T"):
        unit_maps(model, _grid().T, (GRID, GRID))
    with pytest.raises(CourseError, match="first layer takes 2"):
        unit_maps(model, np.zeros((GRID * GRID, 3)), (GRID, GRID))
    with pytest.raises(CourseError, match="not built"):
        unit_maps(Sequential([Dense(2)]), _grid(), (GRID, GRID))
    with pytest.raises(CourseError, match=r"maps\[unit - 1\]"):
        neuron_detail(np.zeros((3, 4, 4)), "h1")
    with pytest.raises(CourseError, match="out of range"):
        unit_maps(model, _grid(), (GRID, GRID)).detail((9, 1))
