"""The playground's pictures: one painter per panel, in a registry, each a function (engine, scale) -> PIL image.

Headless (numpy + Pillow through `raster`; no ipywidgets). A new panel plugs in with `register_panel`:

    from course_lib.widgets.painting import register_panel
    register_panel("network", paint_network)     # paint_network(engine, scale) -> PIL.Image

The engine reads only through `engine.history` (a ThinnedHistory: "step", "train_loss", ... as numpy arrays, a
bounded number of points however long the run), its `grad_history`, `model`, the data, and `engine.grid_outputs()`
(every layer's output on the picture grid, computed once per frame and shared by the panels that need it).
A painter returns one picture, None (nothing to show), or a dict of pictures: "network" returns {"network": ...}
and, when a neuron is selected, "neuron" (its heatmap, large).
"""

from __future__ import annotations

import numpy as np

from course_lib import network_view, raster
from course_lib.i18n import tr
from course_lib.layers import Dense
from course_lib.widgets.settings import GRID

PANEL_PAINTERS: dict = {}  # name -> painter(engine, scale) -> PIL image, in the order panels are listed
MAIN_PANELS = ("boundary", "network", "curves")  # shown beside the main controls; the others below them


def register_panel(name: str, painter):
    """Add (or replace) a panel: Playground(panels=(..., name)) then shows painter(engine, scale)."""
    PANEL_PAINTERS[name] = painter
    return painter


def loss_axis_is_log(losses) -> bool:
    """A log loss axis when the finite positive losses span more than three powers of ten (an exploding run):
    on a linear axis everything below the largest value would sit on the floor."""
    values = np.asarray(losses, float)
    values = values[np.isfinite(values) & (values > 0)]
    return bool(values.size) and float(values.max()) > 1e3 * float(values.min())


def _series(history, key, columns):
    """(steps, values) to draw: at most ~2 points per pixel column (ThinnedHistory.series), the same line."""
    if hasattr(history, "series"):
        return history.series(key, columns=columns)
    return history["step"], history[key]


def paint_boundary(engine, sc, size=300):
    probs = engine.grid_outputs()[-1]
    if engine.task == "regression" and not getattr(engine, "is_curve", True):
        return _value_map(engine, probs, sc, size)
    if engine.task == "regression":
        y_all = np.r_[engine.y_train.ravel(), engine.y_test.ravel()]
        lo, hi = float(y_all.min()), float(y_all.max())
        pad = 0.25 * (hi - lo + 1e-9)
        return raster.curve_image(engine.X_train.ravel(), engine.y_train.ravel(), engine._grid.ravel(),
                                  probs.ravel(), (-1.1, 1.1), (lo - pad, hi + pad), size=size, scale=sc)
    if engine.task == "multiclass":
        field = raster.multiclass_field(probs.reshape(GRID, GRID, -1))
    else:
        field = raster.binary_field(probs.reshape(GRID, GRID))
    return raster.boundary_image(field, (engine.X_train, engine.y_train), (engine.X_test, engine.y_test),
                                 engine.limit, size=size, scale=sc)


def _value_map(engine, values, sc, size):
    """Regression on the learner's own 2-D points: the prediction as a heat map over the square (blue = high,
    orange = low, over the targets' range); points blue above the median target, orange below."""
    y_all = np.r_[engine.y_train.ravel(), engine.y_test.ravel()]
    lo, hi = float(y_all.min()), float(y_all.max())
    share = np.clip((values.reshape(GRID, GRID) - lo) / (hi - lo + 1e-12), 0, 1)
    middle = float(np.median(y_all))

    def classes(y):
        return (np.asarray(y).ravel() > middle).astype(int)

    return raster.boundary_image(raster.binary_field(share), (engine.X_train, classes(engine.y_train)),
                                 (engine.X_test, classes(engine.y_test)), engine.limit, size=size, scale=sc)


def paint_units(engine, sc):
    if getattr(engine, "is_curve", engine.task == "regression"):
        return None
    outputs = engine.grid_outputs()
    maps = [o.T.reshape(-1, GRID, GRID) for o, layer in zip(outputs, engine.model.layers, strict=True)
            if isinstance(layer, Dense)][:-1]
    return raster.unit_grid(maps or [np.zeros((1, GRID, GRID))], scale=sc)


def paint_curves(engine, sc):
    h = engine.history
    log_y = loss_axis_is_log(np.concatenate([np.asarray(h["train_loss"], float), np.asarray(h["test_loss"], float)]))
    columns = int(300 * sc)  # the chart's width: at most ~2 points per pixel column, whatever the run's length
    train, test = tr("train"), tr("test")
    loss = raster.line_chart([(train, *_series(h, "train_loss", columns), raster.SERIES_COLORS[0], False),
                              (test, *_series(h, "test_loss", columns), raster.SERIES_COLORS[1], True)],
                             width=300, height=150, title=tr("loss (log scale)") if log_y else tr("loss"), scale=sc,
                             log_y=log_y, x_label=tr("step"))
    if engine.task == "regression":
        return loss
    acc = raster.line_chart([(train, *_series(h, "train_acc", columns), raster.SERIES_COLORS[0], False),
                             (test, *_series(h, "test_acc", columns), raster.SERIES_COLORS[1], True)],
                            width=300, height=150, title=tr("accuracy"), scale=sc, y_range=(0.0, 1.0),
                            x_label=tr("step"))
    return raster.stacked([loss, acc])


def paint_gradients(engine, sc):
    g = engine.grad_history
    has = "norms" in g and len(g["norms"]) > 0
    norms = np.asarray(g["norms"], float) if has else np.zeros((0, 0))
    steps = g["step"] if has else np.zeros(0)
    n_layers = norms.shape[1] if norms.size else 0
    series = []
    for i in range(n_layers):
        label = tr("out") if i == n_layers - 1 else f"h{i + 1}"
        # 8 colours; layers beyond the eighth reuse them, drawn dashed
        series.append((label, steps, norms[:, i], raster.SERIES_COLORS[i % 8], i >= 8))
    return raster.line_chart(series, width=300, height=190, title=tr("|dW| per layer"), log_y=True, scale=sc,
                             x_label=tr("step"))


def paint_histograms(engine, sc):
    outputs = engine.model.layer_outputs(engine.F_train)
    dense = [o for o, layer in zip(outputs, engine.model.layers, strict=True) if isinstance(layer, Dense)][:-1]
    names = [f"h{i + 1}" for i in range(len(dense))]
    return raster.histogram_strip(dense or [np.zeros(1)], names or [tr("(no hidden layer)")], width=360, height=130,
                                  title=tr("activations per hidden layer"), scale=sc)


NETWORK_SIZE = (560, 320)  # px at scale 1: the network picture (its output is the decision picture)
NEURON_SIZE = 150  # px at scale 1: the selected neuron's heatmap


def paint_network(engine, sc, size=NETWORK_SIZE):
    """The network: inputs -> hidden units as live heatmaps -> the output as the decision picture (network_view);
    with engine.selected_neuron set, also "neuron": that neuron's heatmap, large."""
    curve = getattr(engine, "is_curve", engine.task == "regression")
    points = None if curve or engine.task == "regression" else (engine.X_train, engine.y_train)
    return network_view.network_panel(
        engine.model, engine._grid_inputs, (1, len(engine._grid)) if curve else (GRID, GRID),
        engine.feature_names(), selected=getattr(engine, "selected_neuron", None), size=size,
        detail_size=NEURON_SIZE, scale=sc, outputs=engine.grid_outputs(), points=points,
        limit=None if curve else engine.limit)


for _name, _painter in (("boundary", paint_boundary), ("units", paint_units), ("curves", paint_curves),
                        ("gradients", paint_gradients), ("histograms", paint_histograms),
                        ("network", paint_network)):
    register_panel(_name, _painter)


def still_picture(engine, frames: dict, max_ratio: float = 2.0):
    """One readable still image of the playground (what GitHub and nbviewer show): the boundary large, the other
    pictures beside and below it, wrapped so the whole is at most about max_ratio wide for 1 high."""
    frames = dict(frames)
    tiles = []
    if "boundary" in frames:
        tiles.append(paint_boundary(engine, engine.scale, size=420))
        frames.pop("boundary")
    tiles += [frames[name] for name in engine.panels if name in frames]
    if not tiles:
        return raster.Image.new("RGB", (10, 10), "white")
    rows, row = [], []
    limit = max(int(max_ratio * tiles[0].height), max(t.width for t in tiles))  # a row is at most this wide
    for tile in tiles:
        if row and sum(t.width for t in row) + tile.width > limit:
            rows.append(row)
            row = []
        row.append(tile)
    rows.append(row)
    return raster.stacked([raster.side_by_side(r) for r in rows])
