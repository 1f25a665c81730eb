"""The network you can see: every neuron as a live heatmap, links coloured by sign and thickened by |w|.

Integration (the one call the playground makes per frame, inside `_frames`, reusing the grid outputs it
already computed for the boundary picture):

    out.update(network_view.network_panel(self.model, self._grid_inputs, (GRID, GRID), self.settings.features,
                                          selected=self.selected_neuron, scale=sc, outputs=grid_outputs,
                                          points=(self.X_train, self.y_train), limit=self.limit))

It returns {"network": image} and, when a neuron is selected, also {"neuron": its large heatmap}. For the 1-D
regression task pass grid_shape (1, len(self._grid)) and feature_names ("x",): each tile is then the unit's output
along x, drawn as vertical stripes. The choices of
a selection Dropdown come from `neuron_choices(model, features)` (clicks on an ipywidgets Image cannot be had);
its value, a (layer, unit) pair, is what `selected` takes. A front end that does get click positions maps them
with `neuron_at(x, y, layout)` (the layout comes from `paint_network(..., return_layout=True)`).

Numbering, as in the lessons' notes: layer 0 is the inputs (the chosen features), layers 1..L are the hidden
layers h1..hL, layer L+1 is the output; units are counted from 1 within a layer, as the labels show them
("h2 · unit 5" is (2, 5)).

Colours are those of the boundary picture (raster.py): blue = positive / class 1, orange = negative / class 0,
white = 0. Each tile is scaled by its own largest |value| (like the "units" panel), so a unit's shape shows even
when its values are small; the large neuron picture gives the actual range. Links are blue for a positive weight
and orange for a negative one, thicker and darker for a larger |w| (relative to the largest |w| of that layer,
up to a cap), drawn under the tiles.

Readable from 1 to 10 hidden layers and 1 to 32 units: tiles shrink to fit a column, but never below a
legibility floor (14 px at scale 1); a column that would need smaller tiles shows its first units and a
"+n more" marker (every unit stays reachable through the selection). Between two columns that would need more
than 64 links (8 x 8), each unit keeps only its 3 strongest incoming links, so the picture stays readable.

numpy + Pillow only: a paint costs a few milliseconds (benchmarks/network_view.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from PIL import Image, ImageDraw

from course_lib import raster
from course_lib.i18n import get_language, tr
from course_lib.layers import ActivationLayer, Dense, Dropout
from course_lib.palette import CLASS_COLORS
from course_lib.validation import CourseError, CourseTypeError, describe

TILE_FLOOR = 14  # px at scale 1: no neuron tile is drawn smaller than this
TILE_MAX = 48  # px at scale 1: the largest neuron tile
DENSE_LINKS = 64  # between two columns with more links than this (8 x 8), each unit keeps its strongest ...
STRONGEST_LINKS = 3  # ... this many incoming links
LINK_CAP = 6.0  # px at scale 1: the thickest link
MIN_SIZE = (240, 140)  # px at scale 1: a smaller picture cannot hold the labels
DEFAULT_SIZE = (560, 320)
FRAME_GREY = (170, 170, 170)
SELECTED = (20, 20, 20)
POSITIVE, NEGATIVE = raster.rgb(CLASS_COLORS[1]), raster.rgb(CLASS_COLORS[0])  # blue > 0, orange < 0


# =============================================================================================
# What every neuron computes over the grid
# =============================================================================================
@dataclass
class NetworkMaps:
    """Every neuron's output over a grid of points, and the weights between the layers.

    inputs       (n_in, h, w): the chosen input features over the grid
    hidden       list of L arrays (n_l, h, w): the output of hidden layer l (after its activation)
    output       (k, h, w): the output layer (k = 1 for a sigmoid or a regression, k classes for softmax)
    weights      list of L + 1 arrays, W[l] (n_l, n_{l-1}) as Dense keeps it (the last is (k, n_L))
    input_names  n_in feature names; activations: L + 1 names (hidden layers, then the output)
    output_kind  "binary" (sigmoid), "multiclass" (softmax) or "values" (anything else)
    """

    inputs: np.ndarray
    hidden: list
    output: np.ndarray
    weights: list
    input_names: tuple
    activations: tuple = ()
    output_kind: str = "values"
    extra: dict = field(default_factory=dict)

    @property
    def n_layers(self) -> int:
        """Hidden layers L."""
        return len(self.hidden)

    def layer_maps(self, layer: int) -> np.ndarray:
        """The maps of layer `layer` (0 = inputs, 1..L hidden, L + 1 = output): (n, h, w)."""
        return ([self.inputs, *self.hidden, self.output])[layer]

    def paint(self, **kwargs) -> Image.Image:
        """paint_network with these maps; keywords as for paint_network (size, selected, scale, points, ...)."""
        return paint_network(self.inputs, self.hidden, self.output, self.weights, input_names=self.input_names,
                             activations=self.activations, output_kind=self.output_kind, **kwargs)

    def title(self, selected) -> str:
        """'h2 · unit 5 (tanh)', 'input x1', 'output: P(class 1) (sigmoid)', 'output · P(class 2) (softmax)'."""
        layer, unit = _check_selected(selected, [len(self.inputs)] + [len(m) for m in self.hidden]
                                      + [len(self.output)])
        return _neuron_label(layer, unit, self.n_layers, self.input_names, self.activations, len(self.output),
                             self.output_kind)

    def detail(self, selected, size: int = 240, scale: float | None = None) -> Image.Image:
        """The selected neuron's heatmap, large, with its title and a colour bar (see neuron_detail)."""
        layer, unit = _check_selected(selected, [len(self.inputs)] + [len(m) for m in self.hidden]
                                      + [len(self.output)])
        values = self.layer_maps(layer)[unit - 1]
        probability = layer == self.n_layers + 1 and self.output_kind in ("binary", "multiclass")
        return neuron_detail(values, self.title(selected), size=size, scale=scale, probability=probability)


def unit_maps(model, grid_features, grid_shape, feature_names=None, outputs=None) -> NetworkMaps:
    """Evaluate `model` on a grid and collect what every neuron computes there.

    model          a built Sequential of Dense layers (each may be followed by activation or Dropout layers)
    grid_features  (h * w, n_in): the input features of the grid points, row-major with row 0 at the TOP
                   (the playground's `_grid_inputs`: GRID x GRID points, features such as x1, x2, x1^2, sin(x1))
    grid_shape     (h, w), e.g. (64, 64)
    feature_names  n_in names for the input tiles (default x1, x2, ...)
    outputs        model.layer_outputs(grid_features) when the caller has it already (saves the forward pass)
    Returns a NetworkMaps: inputs (n_in, h, w), hidden [(n_l, h, w)] * L, output (k, h, w), weights [W[l]].
    """
    dense = _dense_layers(model)
    grid_features = np.asarray(grid_features) if isinstance(grid_features, np.ndarray | list | tuple) \
        else grid_features
    if not isinstance(grid_features, np.ndarray) or grid_features.ndim != 2:
        raise CourseError(tr(
            "grid_features must be an array (h * w, n_features), one row per grid point, got {grid_features}.",
            grid_features=describe(grid_features)))
    h, w = _check_grid_shape(grid_shape)
    m, n_in = grid_features.shape
    if m != h * w:
        hint = tr(" It looks transposed: pass grid_features.T.") if n_in == h * w else ""
        raise CourseError(tr(
            "grid_features has {m} rows, but grid_shape {h_w} has h * w = {h} points: pass one row per grid "
            "point.{hint}",
            m=m, h_w=(h, w), h=h * w, hint=hint))
    first_w = model.layers[dense[0][0]].params["W"]
    if n_in != first_w.shape[1]:
        raise CourseError(tr(
            "grid_features has {n_in} columns (features), but the model's first layer takes {shape_1}. Pass the same "
            "features the model was trained on.",
            n_in=n_in, shape_1=first_w.shape[1]))
    names = _feature_names(feature_names, n_in)
    if outputs is None:
        outputs = model.layer_outputs(grid_features)
    if len(outputs) != len(model.layers):
        raise CourseError(tr(
            "outputs has {n_outputs} arrays but the model has {n_layers} layers: pass "
            "model.layer_outputs(grid_features), or leave outputs out.",
            n_outputs=len(outputs), n_layers=len(model.layers)))
    maps, weights, acts = [], [], []
    for layer_index, last_index, activation in dense:
        out = np.asarray(outputs[last_index])
        maps.append(out.T.reshape(-1, h, w))
        weights.append(model.layers[layer_index].params["W"])
        acts.append(activation)
    kind = {"sigmoid": "binary", "softmax": "multiclass"}.get(acts[-1], "values")
    inputs = np.asarray(grid_features, dtype=float).T.reshape(n_in, h, w)
    return NetworkMaps(inputs, maps[:-1], maps[-1], weights, names, tuple(acts), kind)


def _dense_layers(model):
    """[(index of the Dense layer, index of the last layer of its group, activation name)]: a Dense layer and the
    activation / Dropout layers that follow it make one layer of neurons."""
    layers = getattr(model, "layers", None)
    if not isinstance(layers, list) or not layers:
        raise CourseTypeError(tr(
            "unit_maps takes a Sequential model of Dense layers, got {model}.",
            model=describe(model)))
    if not getattr(model, "built", False):
        raise CourseError(tr(
            "The model is not built yet, so it has no weights to draw: call model.build(n_features) or train it "
            "first."))
    groups = []
    for i, layer in enumerate(layers):
        if isinstance(layer, Dense):
            groups.append([i, i, layer.activation.name])
        elif not groups:
            raise CourseError(tr(
                "The network view draws models that start with a Dense layer; layer 0 is {layer!r}.",
                layer=layer))
        elif isinstance(layer, ActivationLayer):
            groups[-1][1] = i
            groups[-1][2] = layer.activation.name
        elif isinstance(layer, Dropout):
            groups[-1][1] = i
        elif getattr(layer, "output_dim", None) in (None, layers[groups[-1][0]].units):  # PReLU: same width
            groups[-1][1] = i
            groups[-1][2] = type(layer).__name__.lower()
        else:
            raise CourseError(tr(
                "The network view draws Dense layers (with activations and Dropout); layer {i} is {layer!r}, which "
                "it cannot place.",
                i=i, layer=layer))
    return [tuple(g) for g in groups]


# =============================================================================================
# Layout: where every tile goes (a pure function of the sizes, cached)
# =============================================================================================
@dataclass(frozen=True)
class NetworkLayout:
    """Where paint_network put everything, in pixels of the painted image.

    columns   one per layer (inputs, h1..hL): a tuple of (x0, y0, tile) for each SHOWN unit, in unit order (top to
              bottom; a crowded column is split in two side by side, the first half on the left)
    counts    units per layer (inputs, hidden..., output); hidden_more: how many units each column leaves out
    centres   x of each column's middle; marker_y: where each column's "+n more" text starts
    output    (x0, y0, side) of the output picture
    """

    size: tuple
    scale: float
    counts: tuple
    columns: tuple
    hidden_more: tuple
    output: tuple
    header: int
    footer: int
    label_width: int
    slot: float
    centres: tuple
    marker_y: tuple

    def tile_box(self, layer: int, unit: int):
        """(x0, y0, x1, y1) of a neuron's tile (layer and unit numbered as in `selected`), or None when its column
        does not show it (it is counted in "+n more")."""
        if layer == len(self.columns):
            x, y, s = self.output
            return (x, y, x + s, y + s)
        tiles = self.columns[layer]
        if unit - 1 < len(tiles):
            x, y, t = tiles[unit - 1]
            return (x, y, x + t, y + t)
        return None


def network_layout(counts: tuple, size: tuple, scale: float, input_names: tuple = ()) -> NetworkLayout:
    """The layout for `counts` = (n_in, n_1, ..., n_L, k) units in a picture of `size` (at scale 1) x `scale`."""
    return _network_layout(counts, size, scale, input_names, get_language())


@lru_cache(maxsize=32)
def _network_layout(counts: tuple, size: tuple, scale: float, input_names: tuple, language: str) -> NetworkLayout:
    """network_layout, cached per language (the column titles it measures are in the current language)."""
    W, H = round(size[0] * scale), round(size[1] * scale)
    s = scale
    header, footer = int(30 * s), int(17 * s)
    top, bottom = header, H - footer
    avail = bottom - top
    floor, cap = round(TILE_FLOOR * s), round(TILE_MAX * s)
    f = raster.font(int(11 * s))
    measure = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    title_half = measure.textlength(tr("inputs"), font=f) / 2
    label_width = int(max([measure.textlength(n, font=f) for n in input_names] + [title_half]) + 6 * s)
    n_cols = len(counts) - 1  # inputs and hidden layers; the output is drawn apart
    out_side = int(min(avail, (0.34 - 0.009 * max(0, n_cols - 3)) * W))  # deep nets need the width for columns
    out_x = W - out_side - int(4 * s)
    slot = (out_x - label_width) / (n_cols + 0.5)
    marker_h = int(13 * s)
    columns, more, centres, marker_y = [], [], [], []
    for c, n in enumerate(counts[:-1]):
        cx = label_width + slot * (c + 0.5)
        tile, shown, groups, g = _fit_column(n, avail, slot, floor, cap, marker_h, s)
        rows = -(-shown // groups)
        height = rows * tile + (rows - 1) * g + (marker_h if shown < n else 0)
        y0 = top + (avail - height) // 2
        x0 = round(cx - (groups * tile + (groups - 1) * g) / 2)
        columns.append(tuple((x0 + (i // rows) * (tile + g), y0 + (i % rows) * (tile + g), tile)
                             for i in range(shown)))
        more.append(n - shown)
        centres.append(cx)
        marker_y.append(y0 + rows * tile + (rows - 1) * g + round(2 * s))
    out_y = top + (avail - out_side) // 2
    return NetworkLayout((W, H), s, tuple(counts), tuple(columns), tuple(more), (out_x, out_y, out_side), header,
                         footer, label_width, slot, tuple(centres), tuple(marker_y))


def _fit_column(n, avail, slot, floor, cap, marker_h, s):
    """(tile, units shown, sub-columns, gap) for a column of n units: the largest tiles that fit all n units, in one
    column or (when the slot is wide enough and the tiles come out 25 % larger) two side by side; when even tiles
    of the floor size do not fit, the floor size and as many units as fit, above the "+n more" text."""
    best = None
    max_groups = 2 if slot * 0.62 >= 2 * floor + 2 * s else 1
    for groups in range(1, max_groups + 1):
        rows = -(-n // groups)
        for g in (max(2, round(4 * s)), max(1, round(2 * s))):
            width_limit = slot * 0.55 if groups == 1 else (slot * 0.62 - g) / 2
            tile = int(min(cap, max(floor, width_limit), (avail - (rows - 1) * g) // rows))
            if tile >= floor:
                if best is None or tile >= 1.25 * best[0]:
                    best = (tile, n, groups, g)
                break
    if best is not None:
        return best
    g = max(1, round(2 * s))
    rows = max(1, (avail - marker_h + g) // (floor + g))
    return floor, min(n, rows * max_groups), max_groups, g


def neuron_at(x: float, y: float, layout: NetworkLayout):
    """The (layer, unit) whose tile holds the pixel (x, y) of a painted network, or None (a click between tiles)."""
    for layer, tiles in enumerate(layout.columns):
        for unit, (x0, y0, t) in enumerate(tiles, start=1):
            if x0 <= x < x0 + t and y0 <= y < y0 + t:
                return (layer, unit)
    ox, oy, side = layout.output
    if ox <= x < ox + side and oy <= y < oy + side:
        k = layout.counts[-1]
        unit = 1 if k == 1 else min(k, 1 + int((y - oy) / side * k))
        return (len(layout.columns), unit)
    return None


# =============================================================================================
# Painting
# =============================================================================================
def paint_network(input_maps, hidden_maps, output_map, weights, *, input_names=None, activations=None,
                  output_kind=None, size=DEFAULT_SIZE, selected=None, scale=None, points=None, limit=None,
                  return_layout=False):
    """The network as a picture: a column per layer, each neuron a small heatmap of what it computes.

    input_maps   (n_in, h, w): the input features over the grid (row 0 at the top)
    hidden_maps  list of L arrays (n_l, h, w), L = 0 .. 10 (more is drawn, but narrow)
    output_map   (k, h, w) or (h, w): the output layer; drawn large as the decision picture
    weights      list of L + 1 arrays W[l] of shape (n_l, n_{l-1}) (Dense's layout: W[1] is (n_1, n_in))
    input_names  n_in labels (default x1, x2, ...); activations: L + 1 names for the titles (optional)
    output_kind  "binary" (P(class 1), white at 0.5), "multiclass" (class probabilities, k > 1) or "values"
                 (scaled like a tile); by default multiclass for k > 1, binary for values in [0, 1], else values
    size         (width, height) in pixels at scale 1; the image is size x scale, whatever the network
    selected     (layer, unit) to highlight: layer 0 = inputs, 1..L = h1..hL, L + 1 = output; unit from 1
    scale        presenter scale (default raster.DEFAULT_SCALE)
    points       optional (X (m, 2), y (m,)) drawn as small dots on the output picture over [-limit, limit]²
    Returns a PIL image (RGB) of exactly size x scale pixels, or (image, NetworkLayout) with return_layout=True.
    """
    scale = raster.DEFAULT_SCALE if scale is None else float(scale)
    inputs, hidden, output, weights, names = _check_network(input_maps, hidden_maps, output_map, weights, input_names)
    size = _check_size(size)
    counts = (len(inputs), *(len(m) for m in hidden), len(output))
    layout = network_layout(counts, size, scale, names)
    sel = _check_selected(selected, counts) if selected is not None else None
    finite = output[np.isfinite(output)]
    kind = output_kind or ("multiclass" if len(output) > 1 else
                           "binary" if finite.size == 0 or (finite.min() >= 0 and finite.max() <= 1) else "values")
    if kind not in ("binary", "multiclass", "values"):
        raise CourseError(tr(
            "output_kind must be 'binary', 'multiclass' or 'values', got {output_kind!r}.",
            output_kind=output_kind))

    image = _background(layout, names, activations or (), get_language()).copy()
    draw = ImageDraw.Draw(image)
    _draw_links(draw, layout, weights)
    canvas = np.asarray(image).copy()
    for layer, maps in enumerate([inputs, *hidden]):
        _paste_tiles(canvas, layout.columns[layer], maps)
    _paste_output(canvas, layout.output, output, kind)
    image = Image.fromarray(canvas)
    draw = ImageDraw.Draw(image)
    if points is not None:
        layer = _points_layer(image.size, layout.output, points, limit, scale)
        image.paste(layer, (0, 0), layer)
    if len(output) > 1:
        _draw_class_swatches(draw, layout)
    if sel is not None:
        _draw_selection(draw, layout, sel)
    return (image, layout) if return_layout else image


@lru_cache(maxsize=16)
def _background(layout: NetworkLayout, names: tuple, activations: tuple, language: str = "en") -> Image.Image:
    """Everything that does not change while training: white, column titles, feature names, "+n more" markers and
    the legend. Cached per layout and language; paint_network copies it."""
    W, H = layout.size
    s = layout.scale
    image = Image.new("RGB", (W, H), "white")
    d = ImageDraw.Draw(image)
    f, small = raster.font(int(11 * s)), raster.font(int(10 * s))
    L = len(layout.columns) - 1
    for c in range(len(layout.columns)):
        cx = layout.centres[c]
        n = layout.counts[c]
        title = tr("inputs") if c == 0 else f"h{c}"
        if c == 0:
            long = tr("{n} features", n=n) if n > 1 else tr("{n} feature", n=n)
        else:
            long = tr("{n} units", n=n) if n > 1 else tr("{n} unit", n=n)
        sub = long if d.textlength(long, font=small) < layout.slot - 4 * s else f"{n}"
        d.text((cx, 2 * s), title, fill=raster.TEXT, font=f, anchor="ma")
        d.text((cx, 15 * s), sub, fill=raster.AXIS_GREY, font=small, anchor="ma")
        if layout.hidden_more[c]:
            d.text((cx, layout.marker_y[c]), _more_label(layout, c), fill=raster.TEXT, font=small, anchor="ma")
    for (x0, y0, t), name in zip(layout.columns[0], names, strict=False):
        d.text((x0 - 3 * s, y0 + t / 2), name, fill=raster.TEXT, font=f, anchor="rm")
    ox, _, side = layout.output
    out_act = activations[L] if len(activations) > L else ""
    d.text((ox + side / 2, 2 * s), tr("output"), fill=raster.TEXT, font=f, anchor="ma")
    k = layout.counts[-1]
    if k > 1:
        sub = tr("{k} classes", k=k)
    else:
        sub = tr("P(class 1)") if out_act == "sigmoid" else out_act or tr("1 unit")
    d.text((ox + side / 2, 15 * s), sub, fill=raster.AXIS_GREY, font=small, anchor="ma")
    # legend: weight colours, and what the tiles show (left out when the picture is too narrow for it)
    y = H - layout.footer / 2
    x = 4 * s
    for label, color in (("w > 0", POSITIVE), ("w < 0", NEGATIVE)):
        d.line((x, y, x + 16 * s, y), fill=color, width=max(2, int(3 * s)))
        x += 19 * s
        d.text((x, y), label, fill=raster.TEXT, font=small, anchor="lm")
        x += d.textlength(label, font=small) + 9 * s
    notes = [tr("thicker = larger |w|")]
    if any(_thinned(layout, c) for c in range(len(layout.columns))):
        notes.append(tr("{n} strongest links into each unit", n=STRONGEST_LINKS))
    if any(layout.hidden_more) and not all(_more_label(layout, c) != f"+{n}"  # the long form names what it is
                                           for c, n in enumerate(layout.hidden_more) if n):
        notes.append(tr("+n: units not shown"))
    tiles_note = tr("tiles: orange < 0 < blue")
    room = W - 4 * s - x
    note = "; ".join(notes)
    while notes and d.textlength(note, font=small) > room:
        notes.pop()
        note = "; ".join(notes)
    d.text((x, y), note, fill=raster.AXIS_GREY, font=small, anchor="lm")
    if d.textlength(note + tiles_note, font=small) + 12 * s < room:
        d.text((W - 4 * s, y), tiles_note, fill=raster.AXIS_GREY, font=small, anchor="rm")
    return image


def _more_label(layout: NetworkLayout, column: int) -> str:
    """'+18 more', or '+18' where the columns are too close for the longer text."""
    n = layout.hidden_more[column]
    f = raster.font(int(10 * layout.scale))
    long = tr("+{n} more", n=n)
    return long if f.getlength(long) < layout.slot - 4 * layout.scale else f"+{n}"


def _thinned(layout: NetworkLayout, column: int) -> bool:
    """Whether the links from `column` to the next (or the output) are thinned to each unit's strongest."""
    n_src = len(layout.columns[column])
    n_dst = len(layout.columns[column + 1]) if column + 1 < len(layout.columns) else layout.counts[-1]
    return n_src * n_dst > DENSE_LINKS and n_src > STRONGEST_LINKS


@lru_cache(maxsize=16)
def _link_geometry(layout: NetworkLayout) -> tuple:
    """Per pair of columns: the link ends (x0, y0, x1, y1), each (n_dst shown, n_src shown), and the width cap."""
    s = layout.scale
    ox, oy, side = layout.output
    n_cols = len(layout.columns)
    out = []
    for c, src in enumerate(layout.columns):
        if c + 1 < n_cols:
            dst = np.array([(x, y + t / 2) for x, y, t in layout.columns[c + 1]], float)
            t_dst = layout.columns[c + 1][0][2]
        else:
            k = layout.counts[-1]
            dst = np.array([(ox, oy + side * (j + 0.5) / k) for j in range(k)], float)
            t_dst = side
        x0 = np.array([x + t for x, _, t in src], float)
        y0 = np.array([y + t / 2 for _, y, t in src], float)
        shape = (len(dst), len(src))
        ends = (np.broadcast_to(x0, shape), np.broadcast_to(y0, shape), np.broadcast_to(dst[:, :1], shape),
                np.broadcast_to(dst[:, 1:], shape))
        # thick links beside small tiles would hide them: the cap follows the smaller tile of the two columns
        cap = max(2.0, min(LINK_CAP * s, min(src[0][2], t_dst) / 4))
        out.append((ends, cap))
    return tuple(out)


def _draw_links(draw, layout: NetworkLayout, weights):
    """Lines from every shown unit to every shown unit of the next layer, under the tiles: blue for w > 0, orange
    for w < 0; width and depth of colour grow with |w| / (the layer's largest |w|), up to LINK_CAP."""
    parts = []  # per pair of columns: strength r, x0, y0, x1, y1, sign, width cap of the links drawn
    for c, ((x0, y0, x1, y1), cap) in enumerate(_link_geometry(layout)):
        W = np.nan_to_num(np.asarray(weights[c], float))
        shown = W[: x0.shape[0], : x0.shape[1]]
        peak = float(np.abs(W).max()) or 1.0
        strength = np.minimum(np.abs(shown) / peak, 1.0)
        if _thinned(layout, c):  # each unit keeps its strongest incoming links, drawn lighter (r²)
            keep = np.zeros(strength.shape, dtype=bool)
            np.put_along_axis(keep, np.argsort(-strength, axis=1)[:, :STRONGEST_LINKS], True, axis=1)
            strength = strength**2
        else:
            keep = np.ones(strength.shape, dtype=bool)
        parts.append(np.stack([strength[keep], x0[keep], y0[keep], x1[keep], y1[keep], shown[keep] >= 0,
                               np.full(keep.sum(), cap)], axis=1))
    links = np.concatenate(parts)
    links = links[np.argsort(links[:, 0], kind="stable")]  # strong links on top
    r = links[:, :1]
    target = np.where(links[:, 5:6] > 0, np.array(POSITIVE, float), np.array(NEGATIVE, float))
    colours = np.rint(255 + (target - 255) * (0.2 + 0.8 * r)).astype(int).tolist()
    widths = np.maximum(1, np.rint(1 + (links[:, 6] - 1) * links[:, 0])).astype(int).tolist()
    for (x0, y0, x1, y1), colour, width in zip(links[:, 1:5].tolist(), colours, widths, strict=True):
        draw.line((x0, y0, x1, y1), fill=tuple(colour), width=width)


def _tile_lut():
    return raster._diverging_lut(CLASS_COLORS[0], CLASS_COLORS[1], 0.9)


def _paste_tiles(canvas, tiles, maps):
    """Colour the shown units' maps (each scaled by its own largest |value|) and write them into the canvas, each
    with a grey frame so a dead (all-zero, white) unit still shows as a tile."""
    if not tiles:
        return
    t = tiles[0][2]
    shown = maps[: len(tiles)]
    rows = raster._nearest_index(shown.shape[1], t)
    cols = raster._nearest_index(shown.shape[2], t)
    small = shown[:, rows[:, None], cols[None, :]].astype(float, copy=False)
    if not np.isfinite(small).all():  # a diverged network: NaN and inf drawn as 0 (white)
        small = np.where(np.isfinite(small), small, 0.0)
    peak = np.abs(small).max(axis=(1, 2), keepdims=True)
    scaled = np.divide(small, peak, out=np.zeros_like(small), where=peak > 0)
    colours = _tile_lut()[np.clip((scaled + 1) * 127.5, 0, 255).astype(np.uint8)]
    H, W = canvas.shape[:2]
    for (x, y, _), tile in zip(tiles, colours, strict=False):
        canvas[max(0, y - 1):min(H, y + t + 1), max(0, x - 1):min(W, x + t + 1)] = FRAME_GREY
        canvas[y:y + t, x:x + t] = tile


def _paste_output(canvas, box, output, kind):
    x, y, side = box
    if kind == "multiclass":
        field = raster.multiclass_field(np.moveaxis(output, 0, -1))
    elif kind == "binary":
        field = raster.binary_field(output[0])
    else:
        values = np.nan_to_num(output[0].astype(float))
        peak = np.abs(values).max() or 1.0
        field = _tile_lut()[np.clip((values / peak + 1) * 127.5, 0, 255).astype(np.uint8)]
    picture = np.asarray(Image.fromarray(field).resize((side, side), Image.BILINEAR))
    canvas[y - 1:y + side + 1, x - 1:x + side + 1] = raster.AXIS_GREY
    canvas[y:y + side, x:x + side] = picture


_POINT_LAYERS: dict = {}


def _points_layer(size, box, points, limit, scale) -> Image.Image:
    """The data points over the output picture on a transparent layer (RGBA), drawn once per data set and layout:
    the points stay put while the pictures under them change every frame. Circles are not anti-aliased, so
    pasting the layer gives exactly the pixels that drawing them on the picture gave."""
    X, y = _checked_points(points)
    key = (size, box, limit, scale, X.shape, X.tobytes(), y.tobytes())
    if key not in _POINT_LAYERS:
        if len(_POINT_LAYERS) >= 8:
            _POINT_LAYERS.clear()
        layer = Image.new("RGBA", size, (0, 0, 0, 0))
        _draw_points(ImageDraw.Draw(layer), box, X, y, limit, scale)
        _POINT_LAYERS[key] = layer
    return _POINT_LAYERS[key]


def _checked_points(points):
    try:
        X, y = points
        X, y = np.asarray(X, float), np.asarray(y).astype(int).ravel()
    except (TypeError, ValueError):
        raise CourseError(tr(
            "points must be a pair (X, y): X (m, 2) points and y (m,) class labels, got {points}.",
            points=describe(points))) from None
    if X.ndim != 2 or X.shape[1] != 2 or len(y) != len(X):
        raise CourseError(tr(
            "points must be (X (m, 2), y (m,)), got X of shape {shape} and y of shape {shape2}.",
            shape=X.shape, shape2=y.shape))
    return X, y


def _draw_points(draw, box, X, y, limit, scale):
    """X (m, 2), y (m,): points already checked by _checked_points."""
    if limit is None:
        limit = float(np.abs(X).max()) * 1.05 if X.size else 1.0
    ox, oy, side = box
    u = ox + (X[:, 0] + limit) / (2 * limit) * side
    v = oy + (limit - X[:, 1]) / (2 * limit) * side
    r = max(1.5, 1.8 * scale)
    inside = (u >= ox) & (u < ox + side) & (v >= oy) & (v < oy + side)
    for ui, vi, yi in zip(u[inside].tolist(), v[inside].tolist(), y[inside].tolist(), strict=True):
        draw.ellipse((ui - r, vi - r, ui + r, vi + r), fill=CLASS_COLORS[yi % len(CLASS_COLORS)], outline=(60, 60, 60))


def _swatch_box(layout: NetworkLayout, j: int):
    """The little square of class j's colour where its links reach the output picture (a multiclass output)."""
    ox, oy, side = layout.output
    k, h = layout.counts[-1], max(3, round(5 * layout.scale))
    y = oy + side * (j + 0.5) / k
    return (ox + 1, y - h, ox + 1 + 2 * h, y + h)


def _draw_class_swatches(draw, layout: NetworkLayout):
    for j in range(layout.counts[-1]):
        draw.rectangle(_swatch_box(layout, j), fill=CLASS_COLORS[j % len(CLASS_COLORS)], outline=(40, 40, 40))


def _draw_selection(draw, layout: NetworkLayout, selected):
    layer, unit = selected
    s = layout.scale
    box = layout.tile_box(layer, unit)
    width = max(2, round(3 * s))
    if box is None:  # left out of its column: mark the "+n more" text instead
        cx, y = layout.centres[layer], layout.marker_y[layer]
        f = raster.font(int(10 * s))
        label = _more_label(layout, layer)
        half = draw.textlength(label, font=f) / 2 + 2 * s
        draw.rectangle((cx - half, y - 1 * s, cx + half, y + 12 * s), outline=SELECTED, width=max(1, width - 1))
        return
    x0, y0, x1, y1 = box
    if layer == len(layout.columns) and layout.counts[-1] > 1:  # one class of a multiclass output: its swatch
        sx0, sy0, sx1, sy1 = _swatch_box(layout, unit - 1)
        draw.rectangle((sx0 - width, sy0 - width, sx1 + width, sy1 + width), outline=SELECTED, width=width)
        width = max(1, width // 2)
    draw.rectangle((x0 - width, y0 - width, x1 + width - 1, y1 + width - 1), outline=SELECTED, width=width)


# =============================================================================================
# One neuron, large
# =============================================================================================
def neuron_detail(values, title: str, size: int = 240, scale: float | None = None,
                  probability: bool = False) -> Image.Image:
    """One neuron's output over the grid, large, with its title and a colour bar giving the value range.

    values       (h, w), row 0 at the top (largest x2)
    title        e.g. "h2 · unit 5 (tanh)"
    size         side of the heatmap in pixels at scale 1 (the image adds room for the title and the colour bar)
    probability  True for an output probability: white at 0.5, orange at 0, blue at 1 (as the boundary picture);
                 otherwise white at 0, and blue / orange up to the largest |value| (as the tiles)
    """
    scale = raster.DEFAULT_SCALE if scale is None else float(scale)
    values = np.asarray(values) if isinstance(values, np.ndarray | list | tuple) else values
    if not isinstance(values, np.ndarray) or values.ndim != 2 or min(values.shape) < 1:
        raise CourseError(tr(
            "neuron_detail takes one neuron's map, a 2-D array (h, w), got {values}. For a layer's maps (n, h, w) "
            "pick one unit: maps[unit - 1].",
            values=describe(values)))
    if not isinstance(size, int | np.integer) or size < 60:
        raise CourseError(tr(
            "size is the side of the heatmap in pixels, at least 60, got {size}.",
            size=describe(size)))
    s = scale
    px = int(size * s)
    head, bar_w, right = int(34 * s), int(12 * s), int(58 * s)
    image = Image.new("RGB", (px + right + int(6 * s), px + head + int(6 * s)), "white")
    d = ImageDraw.Draw(image)
    v = np.nan_to_num(values.astype(float))
    lo, hi = (float(v.min()), float(v.max())) if v.size else (0.0, 0.0)
    if probability:
        field = raster.binary_field(v)
        bar_lo, bar_hi = 0.0, 1.0
        bar_values = np.linspace(1, 0, px)
        bar = raster.binary_field(bar_values[:, None])
    else:
        peak = max(abs(lo), abs(hi)) or 1.0
        field = _tile_lut()[np.clip((v / peak + 1) * 127.5, 0, 255).astype(np.uint8)]
        bar_lo, bar_hi = -peak, peak
        bar = _tile_lut()[np.linspace(255, 0, px).astype(np.uint8)][:, None]
    image.paste(Image.fromarray(field).resize((px, px), Image.BILINEAR), (int(3 * s), head))
    d.rectangle((int(3 * s) - 1, head - 1, int(3 * s) + px, head + px), outline=raster.AXIS_GREY)
    d.text((int(3 * s), 2 * s), title, fill=raster.TEXT, font=raster.font(int(12 * s)), anchor="la")
    d.text((int(3 * s), 18 * s), tr("values from {lo} to {hi}", lo=raster._fmt(lo), hi=raster._fmt(hi)),
           fill=raster.AXIS_GREY,
           font=raster.font(int(10 * s)), anchor="la")
    bx = int(3 * s) + px + int(6 * s)
    image.paste(Image.fromarray(np.repeat(bar, bar_w, axis=1)), (bx, head))
    d.rectangle((bx - 1, head - 1, bx + bar_w, head + px), outline=raster.AXIS_GREY)
    f = raster.font(int(10 * s))
    for value, frac in ((bar_hi, 0.0), ((bar_lo + bar_hi) / 2, 0.5), (bar_lo, 1.0)):
        d.text((bx + bar_w + 3 * s, head + frac * (px - 1)), raster._fmt(value), fill=raster.TEXT, font=f,
               anchor="lm" if 0 < frac < 1 else ("la" if frac == 0 else "ld"))
    return image


# =============================================================================================
# Selecting a neuron
# =============================================================================================
def neuron_choices(model, feature_names=None) -> list:
    """[(label, (layer, unit))] for a selection Dropdown: the inputs (when their names are given), every unit of
    every hidden layer and the output unit(s), in the numbering `selected` takes."""
    dense = _dense_layers(model)
    n_layers = len(dense) - 1
    acts = [a for _, _, a in dense]
    choices = []
    if feature_names is not None:
        n_in = model.layers[dense[0][0]].params["W"].shape[1]
        for unit, name in enumerate(_feature_names(feature_names, n_in), start=1):
            choices.append((tr("input {name}", name=name), (0, unit)))
    k = model.layers[dense[-1][0]].units
    kind = {"sigmoid": "binary", "softmax": "multiclass"}.get(acts[-1], "values")
    for layer, (index, _, _) in enumerate(dense, start=1):
        for unit in range(1, model.layers[index].units + 1):
            choices.append((_neuron_label(layer, unit, n_layers, (), acts, k, kind), (layer, unit)))
    return choices


def network_panel(model, grid_features, grid_shape, feature_names=None, selected=None, size=DEFAULT_SIZE,
                  detail_size: int = 200, scale=None, outputs=None, points=None, limit=None) -> dict:
    """The playground's per-frame call: {"network": picture} and, with a neuron selected, {"neuron": its heatmap}.

    Arguments as for unit_maps (model, grid_features (h * w, n_in), grid_shape (h, w), feature_names, outputs) and
    paint_network (size, selected, scale, points, limit); detail_size is the side of the large heatmap.
    """
    maps = unit_maps(model, grid_features, grid_shape, feature_names, outputs=outputs)
    out = {"network": maps.paint(size=size, selected=selected, scale=scale, points=points, limit=limit)}
    if selected is not None:
        out["neuron"] = maps.detail(selected, size=detail_size, scale=scale)
    return out


# =============================================================================================
# Checks with messages that say what to fix
# =============================================================================================
def _neuron_label(layer, unit, n_layers, input_names, activations, k, kind):
    act = activations[layer - 1] if 0 < layer <= len(activations) else ""
    if layer == 0:
        return tr("input {name}", name=input_names[unit - 1] if input_names else unit)
    if layer <= n_layers:
        if act:
            return tr("h{layer} · unit {unit} ({act})", layer=layer, unit=unit, act=act)
        return tr("h{layer} · unit {unit}", layer=layer, unit=unit)
    if kind == "binary":
        return tr("output: P(class 1) ({act})", act=act) if act else tr("output: P(class 1)")
    if k > 1:
        if act:
            return tr("output · P(class {c}) ({act})", c=unit - 1, act=act)
        return tr("output · P(class {c})", c=unit - 1)
    return tr("output ({act})", act=act) if act else tr("output")


def _feature_names(names, n_in) -> tuple:
    if names is None:
        return tuple(f"x{i + 1}" for i in range(n_in))
    if isinstance(names, str):
        names = (names,)
    names = tuple(str(n) for n in names)
    if len(names) != n_in:
        raise CourseError(tr(
            "{n_names} feature names ({names}) for {n_in} input features: give one name per column of the inputs, "
            "e.g. ('x1', 'x2').",
            n_names=len(names), names=', '.join(names), n_in=n_in))
    return names


def _check_grid_shape(grid_shape):
    try:
        h, w = (int(v) for v in grid_shape)
    except (TypeError, ValueError):
        raise CourseError(tr(
            "grid_shape must be (h, w), e.g. (64, 64), got {grid_shape}.",
            grid_shape=describe(grid_shape))) from None
    if h < 1 or w < 1:
        raise CourseError(tr(
            "grid_shape must be two positive numbers (h, w), got {grid_shape}.",
            grid_shape=grid_shape))
    return h, w


def _check_size(size):
    try:
        w, h = (int(v) for v in size)
    except (TypeError, ValueError):
        raise CourseError(tr(
            "size must be (width, height) in pixels, e.g. {DEFAULT_SIZE}, got {size}.",
            DEFAULT_SIZE=DEFAULT_SIZE, size=describe(size))) \
            from None
    if w < MIN_SIZE[0] or h < MIN_SIZE[1]:
        raise CourseError(tr(
            "size {w_h} is too small for a readable network: use at least {MIN_SIZE} (width, height), e.g. "
            "{DEFAULT_SIZE}.",
            w_h=(w, h), MIN_SIZE=MIN_SIZE, DEFAULT_SIZE=DEFAULT_SIZE))
    return (w, h)


def _maps3(value, what):
    arr = np.asarray(value) if isinstance(value, np.ndarray | list | tuple) else value
    if not isinstance(arr, np.ndarray) or arr.dtype.kind not in "biuf":
        raise CourseTypeError(tr(
            "{what} must be a numeric array (n_units, h, w), got {value}.",
            what=what, value=describe(value)))
    if arr.ndim != 3 or min(arr.shape) < 1:
        raise CourseError(tr(
            "{what} must be 3-D (n_units, h, w): one (h, w) map per unit, got shape {shape}. For a layer's outputs "
            "on the grid (h * w, n_units) use outputs.T.reshape(-1, h, w).",
            what=what, shape=arr.shape))
    return arr


def _check_network(input_maps, hidden_maps, output_map, weights, input_names):
    inputs = _maps3(input_maps, "input_maps")
    if isinstance(hidden_maps, np.ndarray) or not isinstance(hidden_maps, list | tuple):
        raise CourseTypeError(tr(
            "hidden_maps must be a list with one array (n_units, h, w) per hidden layer, got {hidden_maps}. For one "
            "hidden layer write [maps].",
            hidden_maps=describe(hidden_maps)))
    hidden = [_maps3(m, f"hidden_maps[{i}] (h{i + 1})") for i, m in enumerate(hidden_maps)]
    out = np.asarray(output_map) if isinstance(output_map, np.ndarray | list | tuple) else output_map
    if isinstance(out, np.ndarray) and out.ndim == 2:
        out = out[None]
    output = _maps3(out, "output_map")
    grid = inputs.shape[1:]
    for what, arr in [(f"h{i + 1}", m) for i, m in enumerate(hidden)] + [("output_map", output)]:
        if arr.shape[1:] != grid:
            raise CourseError(tr(
                "{what} is drawn on a grid of {shape}, but the inputs on {grid}: evaluate every layer on the same "
                "grid.",
                what=what, shape=arr.shape[1:], grid=grid))
    if not isinstance(weights, list | tuple):
        raise CourseTypeError(tr(
            "weights must be a list of the weight matrices W[1] .. W[L+1], got {weights}.",
            weights=describe(weights)))
    if len(weights) != len(hidden) + 1:
        raise CourseError(tr(
            "weights has {n_weights} matrices, but {n_hidden} hidden layer(s) need {n_hidden2}: one into each hidden "
            "layer and one into the output.",
            n_weights=len(weights), n_hidden=len(hidden), n_hidden2=len(hidden) + 1))
    sizes = [len(inputs), *(len(m) for m in hidden), len(output)]
    names = ["inputs", *(f"h{i + 1}" for i in range(len(hidden))), "output"]
    checked = []
    for i, W in enumerate(weights):
        W = np.asarray(W) if isinstance(W, np.ndarray | list | tuple) else W
        want = (sizes[i + 1], sizes[i])
        if not isinstance(W, np.ndarray) or W.ndim != 2:
            raise CourseError(tr("weights[{i}] must be a 2-D array {want}, got {W}.", i=i, want=want, W=describe(W)))
        if W.shape != want:
            hint = tr(" It looks transposed: pass W.T.") if W.shape == want[::-1] else ""
            raise CourseError(tr(
                "weights[{i}] has shape {shape}, but it joins {names} ({sizes} units) to {names2} ({sizes2} units), "
                "so it must be {want} (W[l] is (n_l, n_(l-1)), as Dense keeps it).{hint}",
                i=i, shape=W.shape, names=names[i], sizes=sizes[i], names2=names[i + 1], sizes2=sizes[i + 1],
                want=want, hint=hint))
        checked.append(W)
    return inputs, hidden, output, checked, _feature_names(input_names, len(inputs))


def _check_selected(selected, counts):
    """(layer, unit) checked against counts = units per layer (inputs, hidden..., output)."""
    try:
        layer, unit = selected
        if isinstance(layer, bool) or isinstance(unit, bool):
            raise TypeError
        layer, unit = int(layer), int(unit)
    except (TypeError, ValueError):
        raise CourseTypeError(tr(
            "selected must be a pair (layer, unit), e.g. (1, 3) for unit 3 of h1, got {selected}.",
            selected=describe(selected))) from None
    last = len(counts) - 1
    if not 0 <= layer <= last:
        if last > 1:
            raise CourseError(tr("selected layer {layer} is out of range: this network has layers 0 (inputs), "
                                 "1-{last_hidden} (h1-h{last_hidden}) and {last} (output).",
                                 layer=layer, last_hidden=last - 1, last=last))
        raise CourseError(tr("selected layer {layer} is out of range: this network has layers 0 (inputs) and 1 "
                             "(output).", layer=layer))
    if not 1 <= unit <= counts[layer]:
        raise CourseError(tr(
            "selected unit {unit} is out of range: layer {layer} has units 1-{counts} (units are counted from 1, as "
            "the labels show them).",
            unit=unit, layer=layer, counts=counts[layer]))
    return layer, unit
