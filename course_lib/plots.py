"""Static figures with matplotlib, in one consistent, projector-readable, colour-blind-safe style.

Every function draws on `ax` if given (so lessons can compose figures), else on a new figure, and
returns the axes. Live, fast-changing pictures are drawn by `raster` instead (see course_lib/widgets/painting.py).
"""

from __future__ import annotations

from contextlib import contextmanager

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import LinearSegmentedColormap, ListedColormap

from course_lib import fonts
from course_lib.activations import get_activation
from course_lib.datasets import PLOT_LIMIT
from course_lib.i18n import tr
from course_lib.palette import CLASS_COLORS, SERIES_COLORS
from course_lib.validation import (
    CourseError,
    CourseTypeError,
    as_float_array,
    check_2d_inputs,
    describe,
    explain_arguments,
    unknown_name_error,
)

FONT_SCALE = {"value": 1.0}  # presenter mode raises this

# Korean text renders in every figure: the shipped Korean font is appended to rcParams["font.family"] as a
# fallback (Latin text keeps DejaVu Sans, so English figures are unchanged). See course_lib/fonts.
fonts.use_in_matplotlib()

# class-0 colour -> white -> class-1 colour, for P(class 1) backgrounds
BINARY_CMAP = LinearSegmentedColormap.from_list("course_binary", [CLASS_COLORS[0], "#FFFFFF", CLASS_COLORS[1]])


def course_rc() -> dict:
    """The rcParams of the course style (sizes follow presenter mode)."""
    k = FONT_SCALE["value"]
    return {
        "figure.figsize": (6.4 * min(k, 1.5), 4.0 * min(k, 1.5)),
        "figure.dpi": 100,
        "font.family": fonts.with_korean_fallback(mpl.rcParams["font.family"]),
        "font.size": 11 * k,
        "axes.titlesize": 12.5 * k,
        "axes.labelsize": 11.5 * k,
        "legend.fontsize": 10 * k,
        "xtick.labelsize": 10 * k,
        "ytick.labelsize": 10 * k,
        "axes.prop_cycle": mpl.cycler(color=SERIES_COLORS),
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "lines.linewidth": 2.0,
    }


def use_course_style():
    """Apply the course style to every later figure in this kernel."""
    mpl.rcParams.update(course_rc())


@contextmanager
def course_style():
    """Apply the course style inside a `with` block only."""
    with mpl.rc_context(course_rc()):
        yield


def _axes(ax, figsize=None):
    if ax is not None:
        return ax
    _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_points(X, y, ax=None, hollow=False, label_prefix=None, size=28):
    """Scatter 2-D points coloured by class label; hollow=True draws rings (test points).

    The legend names them "class 0", "class 1", ... (in the current language), or `label_prefix` 0, 1, ...
    """
    X, y = _points_and_labels(X, y)
    ax = _axes(ax)
    for k in np.unique(y):
        pts = X[y == k]
        color = CLASS_COLORS[k % len(CLASS_COLORS)]
        if hollow:
            ax.scatter(pts[:, 0], pts[:, 1], s=size, facecolors="white", edgecolors=color, linewidths=1.6,
                       label=tr("class {k} (test)", k=k) if label_prefix is None else
                       tr("{prefix} {k} (test)", prefix=label_prefix, k=k))
        else:
            ax.scatter(pts[:, 0], pts[:, 1], s=size, c=color, edgecolors="#333333", linewidths=0.5,
                       label=tr("class {k}", k=k) if label_prefix is None else f"{label_prefix} {k}")
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    ax.set_aspect("equal")
    return ax


def _points_and_labels(X, y, name="X"):
    """2-D points (m, 2) and their class labels (m,), or a message."""
    X = check_2d_inputs(X, name, n_features=2)
    y = as_float_array(y, "y").ravel()
    if len(y) != len(X):
        raise CourseError(tr(
            "{name} has {n_X} points but y has {n_y} labels: give one label per point.",
            name=name, n_X=len(X), n_y=len(y)))
    if np.any(y != np.round(y)) or np.any(y < 0):
        raise CourseError(tr(
            "y must hold class labels 0, 1, 2, ... to colour the points; for probabilities use (p > 0.5).astype(int)."))
    return X, y.astype(int)


def _predict_function(predict):
    if hasattr(predict, "predict") and not isinstance(predict, type):
        return predict.predict
    if callable(predict) and not isinstance(predict, type):
        return predict
    raise CourseTypeError(tr(
        "predict must be a model (or a function points -> probabilities), got {predict}. Pass the model itself: "
        "plot_decision_boundary(model, X, y).",
        predict=describe(predict)))


@explain_arguments()
def plot_decision_boundary(predict, X, y, ax=None, X_test=None, y_test=None, limit=PLOT_LIMIT, resolution=200,
                           title=None, features=None):
    """Colour the plane by the model's prediction and draw the points.

    predict   a Sequential model or a function points (n, 2) -> probabilities (n, 1) or (n, k)
    features  if the model takes expanded features (e.g. ("x1", "x2", "x1^2")), their names
    """
    from course_lib.datasets import expand_features

    fn = _predict_function(predict)
    _points_and_labels(X, y)
    if X_test is not None:
        _points_and_labels(X_test, y_test, "X_test")
    ax = _axes(ax)
    ticks = np.linspace(-limit, limit, resolution)
    gx, gy = np.meshgrid(ticks, ticks)
    grid = np.c_[gx.ravel(), gy.ravel()]
    inputs = expand_features(grid, features) if features else grid
    probs = np.asarray(fn(inputs))
    if probs.ndim == 1 or probs.shape[1] == 1:
        p = probs.reshape(gx.shape)
        ax.imshow(p, origin="lower", extent=(-limit, limit, -limit, limit), cmap=BINARY_CMAP, vmin=0, vmax=1,
                  alpha=0.55, interpolation="bilinear")
        ax.contour(gx, gy, p, levels=[0.5], colors="#333333", linewidths=1.2)
    else:
        k = probs.shape[1]
        labels = probs.argmax(axis=1).reshape(gx.shape)
        ax.imshow(labels, origin="lower", extent=(-limit, limit, -limit, limit),
                  cmap=ListedColormap(CLASS_COLORS[:k]), vmin=-0.5, vmax=k - 0.5, alpha=0.35, interpolation="nearest")
    plot_points(X, y, ax=ax)
    if X_test is not None:
        plot_points(X_test, y_test, ax=ax, hollow=True)
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-limit, limit)
    ax.grid(False)
    if title:
        ax.set_title(title)
    return ax


def plot_history(history, ax=None, metric="loss", title=None, log=False):
    """Training (solid) and validation (dashed) curves of one metric from a History (or dict of lists)."""
    h = history.history if hasattr(history, "history") else history
    if not isinstance(h, dict):
        raise CourseTypeError(tr(
            "plot_history needs the History that fit returned (or a dict of lists), got {history}.",
            history=describe(history)))
    if metric not in h:
        raise unknown_name_error("metric", metric, [k for k in h if not k.startswith("val_")])
    ax = _axes(ax)
    train = [v for v in h.get(metric, []) if v is not None]
    val = [v for v in h.get(f"val_{metric}", []) if v is not None]
    epochs = np.arange(1, len(train) + 1)
    ax.plot(epochs, train, color=SERIES_COLORS[0], label=tr("training {metric}", metric=metric))
    if val:
        ax.plot(np.arange(1, len(val) + 1), val, color=SERIES_COLORS[1], linestyle="--",
                label=tr("validation {metric}", metric=metric))
    ax.set_xlabel(tr("epoch"))
    ax.set_ylabel(metric)
    if log:
        ax.set_yscale("log")
    ax.legend()
    ax.set_title(title or metric)
    return ax


def plot_activation(activation, ax=None, x_range=(-6, 6), show_derivative=True, saturation_threshold=0.05,
                    title=None):
    """An activation g(z) and its derivative g'(z); where |g'(z)| < threshold is shaded as 'saturated'."""
    act = get_activation(activation)
    if act.name == "softmax":
        raise CourseError(tr("softmax acts on a whole score vector: plot it with plot_softmax(scores) instead."))
    ax = _axes(ax)
    z = np.linspace(*x_range, 601)
    g = act(z)
    ax.plot(z, g, color=SERIES_COLORS[0], label=f"{act.name}(z)")
    if show_derivative:
        dg = act.derivative(z)
        ax.plot(z, dg, color=SERIES_COLORS[1], linestyle="--", label=f"{act.name}'(z)")
        saturated = np.abs(dg) < saturation_threshold
        if saturated.any():
            ax.fill_between(z, 0, 1, where=saturated, transform=ax.get_xaxis_transform(), color="#999999",
                            alpha=0.15, label=tr("saturated: |g'| < {threshold}", threshold=saturation_threshold))
    ax.axhline(0, color="#666666", linewidth=0.8)
    ax.axvline(0, color="#666666", linewidth=0.8)
    ax.set_xlabel("z")
    ax.legend(loc="upper left")
    ax.set_title(title or act.name)
    return ax


def plot_softmax(scores, ax=None, class_names=None, title=None):
    """Bars of a score vector and of its softmax probabilities, side by side."""
    from course_lib.activations import softmax

    scores = as_float_array(scores, "scores").ravel()
    probs = softmax(scores)
    ax = _axes(ax)
    names = class_names or [tr("class {k}", k=i) for i in range(len(scores))]
    x = np.arange(len(scores))
    ax.bar(x - 0.2, scores, width=0.4, color=SERIES_COLORS[0], label=tr("score z"))
    ax.bar(x + 0.2, probs, width=0.4, color=SERIES_COLORS[1], label="softmax(z)")
    for xi, p in zip(x, probs, strict=True):
        ax.text(xi + 0.2, p, f"{p:.2f}", ha="center", va="bottom")
    ax.set_xticks(x, names)
    ax.axhline(0, color="#666666", linewidth=0.8)
    ax.legend()
    ax.set_title(tr("softmax of a score vector") if title is None else title)
    return ax


def plot_regression_fit(model, X, y, ax=None, title=None, x_range=(-1.1, 1.1)):
    """1-D data points and the model's curve."""
    fn = _predict_function(model)
    X = check_2d_inputs(X, "X", n_features=1)
    ax = _axes(ax)
    xs = np.linspace(*x_range, 300).reshape(-1, 1)
    ax.scatter(X.ravel(), np.ravel(y), s=18, color=SERIES_COLORS[0], label=tr("data"))
    ax.plot(xs.ravel(), np.asarray(fn(xs)).ravel(), color=SERIES_COLORS[1], label=tr("model"))
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    ax.legend()
    if title:
        ax.set_title(title)
    return ax


def show_playground_frame(playground, panel="boundary", ax=None, title=None):
    """Put one of a Playground's current pictures into a matplotlib axes (for slides and printed handouts)."""
    if not hasattr(playground, "frames"):
        raise CourseTypeError(tr(
            "show_playground_frame needs a Playground, got {playground}.",
            playground=describe(playground)))
    frames = playground.frames()
    if panel not in frames:
        raise CourseError(tr(
            "This playground shows no {panel!r} panel; it shows {frames}. Make it with panels=[..., {panel!r}] to "
            "show that one.",
            panel=panel, frames=', '.join(frames)))
    ax = _axes(ax)
    ax.imshow(np.asarray(frames[panel]))
    ax.set_axis_off()
    ax.set_title(title or panel)
    return ax


def plot_network(layer_sizes, ax=None, title=None, max_units=8):
    """A diagram of a fully connected network: one column of circles per layer, every connection drawn.

    layer_sizes  (n_0, n_1, ..., n_L): inputs first. Under each column: its name and n_l; the input column is
                 marked "not counted", so the title's layer count follows the course's convention (L = hidden + output).
    Columns wider than max_units show the first units, a gap and the last one.
    """
    if not isinstance(layer_sizes, list | tuple) or not all(
            isinstance(n, int | np.integer) and not isinstance(n, bool) for n in layer_sizes):
        raise CourseTypeError(tr(
            "layer_sizes must be a list of whole numbers, inputs first, e.g. (2, 4, 1); got {layer_sizes}.",
            layer_sizes=describe(layer_sizes)))
    sizes = [int(n) for n in layer_sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise CourseError(tr(
            "layer_sizes needs the input size and at least one layer, all >= 1; got {layer_sizes}.",
            layer_sizes=layer_sizes))
    ax = _axes(ax, figsize=(1.9 * len(sizes) + 1.5, 4.2))
    depth = len(sizes) - 1
    positions, gaps = [], []
    for n in sizes:
        shown = min(n, max_units)
        ys = np.linspace(1, -1, shown) * min(1.0, 0.16 * (shown - 1)) if shown > 1 else np.zeros(1)
        gaps.append(ys[-2] if n > max_units else None)  # the slot before the last unit shows "⋮" instead
        positions.append(np.delete(ys, -2) if n > max_units else ys)
    for col in range(depth):
        for y0 in positions[col]:
            for y1 in positions[col + 1]:
                ax.plot([col, col + 1], [y0, y1], color="#9A9A9A", linewidth=0.7, zorder=1)
    for col, (n, ys) in enumerate(zip(sizes, positions, strict=True)):
        color = "#FFFFFF" if col == 0 else (SERIES_COLORS[1] if col == depth else SERIES_COLORS[0])
        ax.scatter(np.full(len(ys), col), ys, s=420, c=color, edgecolors="#333333", linewidths=1.4, zorder=2)
        if gaps[col] is not None:
            ax.text(col, gaps[col], "⋮", ha="center", va="center", fontsize=18, zorder=3)
        if col == 0:
            name = tr("input layer\n$n_0 = {n}$\n(not counted)", n=n)
        elif col == depth:
            name = tr("output layer\nlayer [{col}], $n_{{{col}}} = {n}$", col=col, n=n)
        else:
            name = tr("hidden layer\nlayer [{col}], $n_{{{col}}} = {n}$", col=col, n=n)
        ax.text(col, -1.25, name, ha="center", va="top")
    ax.set_xlim(-0.6, depth + 0.6)
    ax.set_ylim(-1.95, 1.25)
    ax.set_axis_off()
    hidden = depth - 1
    if hidden == 1:
        default = tr("a {depth}-layer network: {hidden} hidden layer + output", depth=depth, hidden=hidden)
    else:
        default = tr("a {depth}-layer network: {hidden} hidden layers + output", depth=depth, hidden=hidden)
    ax.set_title(title or default)
    return ax


def plot_confusion_matrix(cm, class_names=None, ax=None, title=None):
    """A confusion matrix as a heat map with the count in every cell."""
    cm = as_float_array(cm, "cm")
    if cm.ndim != 2 or cm.shape[0] != cm.shape[1] or cm.size == 0:
        raise CourseError(tr(
            "cm must be a square table of counts (n_classes, n_classes), got shape {shape}. Make it with "
            "confusion_matrix(y_true, y_pred).",
            shape=cm.shape))
    if class_names is not None and len(class_names) != len(cm):
        raise CourseError(tr(
            "class_names has {n_class_names} names for {n_cm} classes: give one per class.",
            n_class_names=len(class_names), n_cm=len(cm)))
    cm = cm.astype(np.int64) if np.all(cm == np.round(cm)) else cm
    ax = _axes(ax)
    names = class_names or [str(i) for i in range(len(cm))]
    ax.imshow(cm, cmap=LinearSegmentedColormap.from_list("course_counts", ["#FFFFFF", SERIES_COLORS[0]]))
    peak = cm.max() if cm.size else 0
    for (i, j), count in np.ndenumerate(cm):
        ax.text(j, i, str(count), ha="center", va="center", color="white" if count > 0.6 * peak else "#222222")
    ax.set_xticks(range(len(names)), names, rotation=30 if max(len(n) for n in names) > 3 else 0)
    ax.set_yticks(range(len(names)), names)
    ax.set_xlabel(tr("predicted class"))
    ax.set_ylabel(tr("true class"))
    ax.grid(False)
    ax.set_title(tr("confusion matrix (rows: true, columns: predicted)") if title is None else title)
    return ax
