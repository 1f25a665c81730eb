"""Lesson figures: one named function per figure, so a lesson cell stays short enough for a slide.

The lessons call these with the numbers they computed in plain sight; how the picture is drawn is here, to read
with `inspect.getsource(plot_cost_growth)` or in this file. Each function draws on the axes (or figure) it is
given, or on a new figure, and returns what it drew on. Functions that take a `fig` and return a one-line text
plug straight into `course_lib.widgets.InteractiveFigure`.

Grouped by lesson, in lesson order.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np

from course_lib.i18n import tr
from course_lib.palette import SERIES_COLORS


def _axes_row(n, figsize, axes=None, **kwargs):
    if axes is not None:
        return axes
    _, axes = plt.subplots(1, n, figsize=figsize, **kwargs)
    return axes


# ---------------------------------------------------------------------------------------------------------------
# Lesson 01 · Perceptron
# ---------------------------------------------------------------------------------------------------------------
def plot_cost_growth(timings: dict, axes=None):
    """Closed form vs 100 gradient-descent steps: time (ms) as m grows and as n grows, log-log.

    timings: {"m": [(m, t_closed, t_gd), ...], "n": [(n, t_closed, t_gd), ...]}, times in seconds."""
    axes = _axes_row(2, (11, 3.4), axes, layout="constrained")
    for ax, vary in zip(axes, ("m", "n"), strict=True):
        size, t_closed, t_gd = np.array(timings[vary]).T
        ax.loglog(size, 1e3 * t_closed, "o-", label=tr("closed form"))
        ax.loglog(size, 1e3 * t_gd, "s--", label=tr("100 GD steps"))
        xlabel = tr("{vary} (examples)", vary=vary) if vary == "m" else tr("{vary} (parameters)", vary=vary)
        ax.set(xlabel=xlabel, ylabel=tr("time (ms)"),
               title=tr("growing {vary} ({fixed})", vary=vary, fixed="n = 50" if vary == "m" else "m = 2000"))
        ax.set_xticks(size, [f"{s:.0f}" for s in size], minor=False)
        ax.xaxis.set_minor_locator(plt.NullLocator())
        ax.legend()
    return axes


# ---------------------------------------------------------------------------------------------------------------
# Lesson 02 · Why nonlinearity
# ---------------------------------------------------------------------------------------------------------------
def plot_linear_map(W, axes=None, n_lines: int = 9):
    """Where a square grid of inputs goes under x -> W x: the grid (left) and its image (right), both 2-D."""
    W = np.asarray(W, dtype=float)
    axes = _axes_row(2, (9, 4.2), axes)
    for t in np.linspace(-1, 1, n_lines):
        line_h = np.c_[np.linspace(-1, 1, 50), np.full(50, t)]  # a horizontal grid line, points as rows
        line_v = line_h[:, ::-1]  # a vertical one
        for pts, color in ((line_h, SERIES_COLORS[0]), (line_v, SERIES_COLORS[1])):
            axes[0].plot(pts[:, 0], pts[:, 1], color=color, linewidth=1)
            image = pts @ W.T  # examples are rows: W x for every point
            axes[1].plot(image[:, 0], image[:, 1], color=color, linewidth=1)
    for ax, title in zip(axes, [tr("a grid of inputs x"), tr("after the linear map  W x")], strict=True):
        ax.set_aspect("equal")
        ax.set_title(title)
        ax.set_xlabel(tr("first coordinate"))
        ax.set_ylabel(tr("second coordinate"))
        ax.plot(0, 0, "ko")
    return axes


def _offset(edge):
    return f"x − {edge:g}" if edge >= 0 else f"x + {-edge:g}"


def draw_bump(fig, left: float = -0.5, right: float = 1.0, steepness: float = 10.0, height: float = 1.0) -> str:
    """Two steep sigmoids and their difference, a bump of `height` from `left` to `right` (for InteractiveFigure)."""
    from course_lib.activations import sigmoid

    x = np.linspace(-3, 3, 400)
    up = sigmoid(steepness * (x - left))
    down = sigmoid(steepness * (x - right))
    ax = fig.add_subplot()
    ax.plot(x, height * up, "--", color=SERIES_COLORS[0],
            label=tr("h·σ(k·({offset}))  steps up at left", offset=_offset(left)))
    ax.plot(x, height * down, "--", color=SERIES_COLORS[2],
            label=tr("h·σ(k·({offset}))  steps up at right", offset=_offset(right)))
    ax.plot(x, height * (up - down), color=SERIES_COLORS[1], linewidth=3, label=tr("bump = difference"))
    ax.set_ylim(-1.6, 2.1)
    ax.set_xlabel("x")
    ax.set_ylabel(tr("output"))
    ax.set_title(tr("a bump from two steep sigmoids"))
    ax.legend(loc="upper left")
    centre = (left + right) / 2
    value = height * (sigmoid(steepness * (centre - left)) - sigmoid(steepness * (centre - right)))
    return tr("bump from {left:g} to {right:g}, steepness {steepness:g}: value {value:.3f} at x = {centre:g}",
              left=left, right=right, steepness=steepness, value=value, centre=centre)


def plot_curve_fits(x, target, fits: dict, axes=None):
    """One panel per fit: the target curve and the fitted one. fits: {title: (label, y values at x)}."""
    axes = _axes_row(len(fits), (13, 3.6), axes, sharey=True, layout="constrained")
    for ax, (title, (label, y)) in zip(axes, fits.items(), strict=True):
        ax.plot(x, target, color=SERIES_COLORS[0], label=tr("target"))
        ax.plot(x, y, color=SERIES_COLORS[1], label=label)
        ax.set_title(title)
        ax.set_xlabel("x")
        ax.legend(loc="lower right")
    axes[0].set_ylabel("y")
    return axes


def plot_sawtooths(x, outputs: dict, axes=None):
    """One panel per network output along x. outputs: {number of hidden layers: y values at x}."""
    axes = _axes_row(len(outputs), (14, 3.0), axes, sharey=True, layout="constrained")
    for ax, (depth, y) in zip(axes, outputs.items(), strict=True):
        ax.plot(x, y, color=SERIES_COLORS[0])
        ax.set_title(tr("{depth} hidden layers × 2 units", depth=depth) if depth > 1 else
                     tr("{depth} hidden layer × 2 units", depth=depth))
        ax.set_xlabel("x")
    axes[0].set_ylabel(tr("output"))
    return axes


# ---------------------------------------------------------------------------------------------------------------
# Lesson 03 · Activation functions
# ---------------------------------------------------------------------------------------------------------------
def activation_gallery():
    """The six shapes of the gallery: (activation, panel title)."""
    from course_lib.activations import get_activation

    return [("sigmoid", "sigmoid"), ("tanh", "tanh"), ("relu", "ReLU"),
            (get_activation("leaky_relu", slope=0.01), tr("Leaky ReLU (slope 0.01)")),
            (get_activation("leaky_relu", slope=0.25), tr("PReLU (slope α = 0.25, learned)")),
            ("linear", tr("linear (no activation)"))]


def plot_activation_gallery(gallery=None):
    """Every activation of the gallery beside its derivative, 2 x 3 panels with one legend; returns the figure."""
    from course_lib.plots import plot_activation

    gallery = activation_gallery() if gallery is None else gallery
    fig, axes = plt.subplots(2, 3, figsize=(13, 5.6), layout="constrained", sharey=True)
    for ax, (act, title) in zip(axes.flat, gallery, strict=True):
        plot_activation(act, ax=ax, title=title)
        ax.get_legend().remove()  # one legend for all six panels, above
        ax.set_ylim(-1.5, 2.0)
    for ax in axes[:, 0]:
        ax.set_ylabel(tr("g(z) and g'(z)"))
    handles, _ = axes[0, 0].get_legend_handles_labels()
    fig.legend(handles, [tr("g(z): the activation"), tr("g'(z): its derivative"), tr("saturated: |g'(z)| < 0.05")],
               loc="outside upper center", ncols=3)
    return fig


def draw_activation(fig, function: str = "leaky_relu", slope: float = 0.01) -> str:
    """One activation and its derivative, its saturated region in grey (for InteractiveFigure)."""
    from course_lib.activations import get_activation
    from course_lib.plots import plot_activation

    act = get_activation(function, slope=slope) if function == "leaky_relu" else get_activation(function)
    ax = fig.add_subplot()
    plot_activation(act, ax=ax, title=tr("{function} (slope {slope:g})", function=function, slope=slope)
                    if function == "leaky_relu" else f"{function}")
    ax.set_ylim(-1.5, 2.0)
    z = np.linspace(-6, 6, 601)
    share = np.mean(np.abs(act.derivative(z)) < 0.05)
    return tr("{function}: g(-2) = {g:.4f}, g'(-2) = {left:.4f}, g'(2) = {right:.4f}; saturated (|g'| < 0.05) on "
              "{share:.0%} of [-6, 6]", function=function, g=float(act(-2.0)), left=float(act.derivative(-2.0)),
              right=float(act.derivative(2.0)), share=share)


def plot_prelu_slopes(alphas, ax=None):
    """The learned PReLU slopes per epoch. alphas: (epochs, 16), the 8 units of layer 1, then the 8 of layer 2."""
    alphas = np.asarray(alphas)
    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.6), layout="constrained")
    epochs = np.arange(1, len(alphas) + 1)
    half = alphas.shape[1] // 2
    ax.plot(epochs, alphas[:, :half], color=SERIES_COLORS[0], linewidth=1.2)
    ax.plot(epochs, alphas[:, half:], color=SERIES_COLORS[1], linewidth=1.2)
    ax.axhline(0.25, color="#666666", linestyle=":", linewidth=1, label=tr("start: α = 0.25"))
    ax.plot([], [], color=SERIES_COLORS[0], label=tr("layer 1 units"))
    ax.plot([], [], color=SERIES_COLORS[1], label=tr("layer 2 units"))
    ax.set_xlabel(tr("epoch"))
    ax.set_ylabel(tr("PReLU slope α"))
    ax.set_title(tr("each unit learns its own slope for z < 0"))
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5))  # outside: no line hidden
    return ax


def draw_softmax(fig, cat: float = 2.0, dog: float = 1.0, bird: float = 0.1, fish: float = -1.0) -> str:
    """Four class scores and their softmax probabilities side by side (for InteractiveFigure)."""
    from course_lib.activations import softmax
    from course_lib.plots import plot_softmax

    ax = fig.add_subplot()
    z = [cat, dog, bird, fish]
    plot_softmax(z, ax=ax, class_names=[tr("cat"), tr("dog"), tr("bird"), tr("fish")])
    ax.set_ylim(min(-3.2, min(z) - 0.2), max(5.2, max(z) + 0.5))
    ax.set_ylabel(tr("score / probability"))
    p = softmax(np.array(z))
    return tr("softmax = [{probabilities}], sum = {total:.3f}", probabilities=", ".join(f"{v:.3f}" for v in p),
              total=p.sum())


# ---------------------------------------------------------------------------------------------------------------
# Lesson 04 · Backpropagation
# ---------------------------------------------------------------------------------------------------------------
# The gradient-check explorer (bars and verdict) is in course_lib/gradcheck_demo.py.


def plot_boundaries(models: dict, X_train, y_train, X_test=None, y_test=None, ncols=None, figsize=None,
                    resolution=120, axes=None, legend=True, **boundary):
    """One decision-boundary panel per model ({panel title: model}), one shared legend below; returns the axes.
    Other keywords (e.g. limit=1.7) go to plot_decision_boundary."""
    from course_lib.plots import plot_decision_boundary

    n = len(models)
    ncols = ncols or n
    nrows = -(-n // ncols)
    if axes is None:
        _, axes = plt.subplots(nrows, ncols, figsize=figsize or (4.6 * ncols, 4.0 * nrows), layout="constrained",
                               squeeze=False)
        axes = axes.ravel()
    for ax, (title, model) in zip(axes, models.items(), strict=False):
        plot_decision_boundary(model, X_train, y_train, ax=ax, X_test=X_test, y_test=y_test, resolution=resolution,
                               title=title, **boundary)
        if ax.get_legend() is not None:
            ax.get_legend().remove()
    if legend:
        axes[0].figure.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncol=4, fontsize=11)
    return axes


def plot_accuracy_by_size(sizes, accuracy: dict, ax=None, x_label=None):
    """Training and test accuracy against the model size. accuracy: {"train": [...], "test": [...]}."""
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 3.6), layout="constrained")
    x_label = tr("hidden units") if x_label is None else x_label
    ax.plot(range(len(sizes)), accuracy["train"], "o-", color=SERIES_COLORS[0], label=tr("training accuracy"))
    ax.plot(range(len(sizes)), accuracy["test"], "s--", color=SERIES_COLORS[1], label=tr("test accuracy"))
    ax.set_xticks(range(len(sizes)), [str(s) for s in sizes])
    ax.set_xlabel(x_label)
    ax.set_ylabel(tr("accuracy"))
    ax.set_title(tr("accuracy vs {x_label}", x_label=x_label))
    ax.legend(loc="lower right")
    return ax


def plot_size_sweep(models: dict, sizes, accuracy: dict, X_train, y_train, X_test, y_test, figsize=(15, 5.0),
                    resolution=80):
    """The hidden-units sweep of lesson 04: one boundary panel per model ({panel title: model}, 4 to a row), then
    the mean training and test accuracy against the size in the last panel; returns the axes (a flat array)."""
    nrows = -(-(len(models) + 1) // 4)
    _, grid = plt.subplots(nrows, 4, figsize=figsize, layout="constrained", squeeze=False)
    axes = grid.ravel()
    plot_boundaries(models, X_train, y_train, X_test, y_test, resolution=resolution, axes=axes[:len(models)])
    ax = plot_accuracy_by_size(sizes, accuracy, ax=axes[len(models)])
    ax.set_ylabel(tr("accuracy (mean of 3 seeds)"))
    for unused in axes[len(models) + 1:]:
        unused.set_axis_off()
    return axes


# ---------------------------------------------------------------------------------------------------------------
# Lesson 05 · Optimizers
# ---------------------------------------------------------------------------------------------------------------
def plot_batch_paths(surface, runs: dict, colors: dict, axes=None):
    """Paths of SGD with different batch sizes on a 2-parameter surface (left) and their loss curves (right).

    runs: {label: (path (n, 2), loss per step)}; colors: {label: colour}."""
    from course_lib.surfaces import draw_paths

    ax_path, ax_loss = _axes_row(2, (13, 4.0), axes, layout="constrained")
    draw_paths(surface, {label: path for label, (path, _) in runs.items()}, ax=ax_path, colors=colors, legend=False)
    for label, (_, loss) in runs.items():
        ax_loss.plot(loss, color=colors[label], label=label)
    ax_loss.set(xlabel=tr("step"), ylabel=tr("loss on all {m} examples", m=len(surface)),
                title=tr("loss curve (zoomed in)"), ylim=(0.4, 2.5))
    ax_loss.legend()
    return ax_path, ax_loss


def draw_batch_demo(fig, batch_size: int = 1, lr: float = 0.1, steps: int = 60, seed: int = 0, surface=None) -> str:
    """SGD with `batch_size` against the full batch on a line fit (a LinearRegressionSurface): paths and losses.

    For InteractiveFigure, bind the surface first: functools.partial(draw_batch_demo, surface=line_fit)."""
    from course_lib.optimizers import SGD
    from course_lib.surfaces import draw_paths, minibatch_path

    ax_path, ax_loss = fig.subplots(1, 2)
    full, full_loss = minibatch_path(surface, SGD(lr=lr), batch_size=0, steps=steps)
    path, loss = minibatch_path(surface, SGD(lr=lr), batch_size=batch_size, steps=steps, seed=seed)
    name = tr("batch") if batch_size == 0 else tr("batch size {batch_size}", batch_size=batch_size)
    full_name = tr("full batch")
    draw_paths(surface, {full_name: full, name: path}, ax=ax_path,
               colors={full_name: SERIES_COLORS[0], name: SERIES_COLORS[1]}, legend=False)
    ax_loss.plot(full_loss, color=SERIES_COLORS[0], label=full_name)
    ax_loss.plot(loss, color=SERIES_COLORS[1], label=name)
    ax_loss.set(xlabel=tr("step"), ylabel=tr("loss on all examples"), title=tr("loss curve (bottom part)"),
                ylim=(0.4, 2.0))
    ax_loss.legend()
    verdict = tr(" — diverged: learning rate too high") if loss[-1] > 1e3 else ""
    return tr("{name}, lr={lr:.3g}: final loss {loss:.4g} (full batch {full:.4g}), examples used {used}{verdict}",
              name=name, lr=lr, loss=loss[-1], full=full_loss[-1], used=steps * (batch_size or len(surface)),
              verdict=verdict)


def plot_effective_rates(rates: dict, ax=None):
    """Effective learning rate per step, log-log, with a 1/sqrt(t) guide through Adagrad's rate at step 100.

    rates: {"Adagrad": array, "RMSprop": array}, one value per step."""
    from course_lib.surfaces import OPTIMIZER_COLORS

    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.0), layout="constrained")
    t = np.arange(1, len(next(iter(rates.values()))) + 1)
    for label, r in rates.items():
        ax.plot(t, r, color=OPTIMIZER_COLORS[label], label=label)
    ax.plot(t, rates["Adagrad"][99] * np.sqrt(100 / t), "--", color="#777777", label=r"$\propto 1/\sqrt{t}$")
    ax.set(xscale="log", yscale="log", xlabel=tr("step t"),
           ylabel=tr("effective rate {formula}", formula=r"$\eta / (\sqrt{G\ \mathrm{or}\ s} + \epsilon)$"),
           title=tr("effective learning rate for w, one example per step"))
    ax.legend()
    return ax


def make_optimizer(name: str, lr: float, beta: float):
    """One of the six optimizers of the race by its label, with learning rate `lr` and momentum / β1 `beta`."""
    from course_lib.optimizers import SGD, Adagrad, Adam, Momentum, RMSprop

    return {"SGD": lambda: SGD(lr=lr), "Momentum": lambda: Momentum(lr=lr, momentum=beta),
            "Nesterov": lambda: Momentum(lr=lr, momentum=beta, nesterov=True), "Adagrad": lambda: Adagrad(lr=lr),
            "RMSprop": lambda: RMSprop(lr=lr), "Adam": lambda: Adam(lr=lr, betas=(beta, 0.999))}[name]()


def draw_race(fig, surface: str = "bowl", lr: float = 0.1, beta: float = 0.9, optimizers=(), steps: int = 100) -> str:
    """Every optimizer's path from the same start on one surface, and a line of their final losses."""
    from course_lib.surfaces import SURFACES, draw_paths, optimizer_path

    surf = SURFACES[surface]
    paths = {name: optimizer_path(surf, make_optimizer(name, lr, beta), steps=steps) for name in optimizers}
    draw_paths(surf, paths, ax=fig.subplots(), markers=steps <= 100)
    finals = " · ".join(f"{name} {surf(path[-1]):.3g}" for name, path in paths.items())
    return tr("{surface}, lr={lr:.3g}, β={beta:.2f}, {steps} steps · final loss: {finals}", surface=surface, lr=lr,
              beta=beta, steps=steps, finals=finals or tr("(pick an optimizer)"))


def plot_convergence_factors(sgd_factor, momentum_factor, ax=None, figsize=(8.5, 3.4)):
    """The factor per step of one direction of a quadratic, against ηλ: SGD, and Momentum at μ = 0.5 and 0.9.

    sgd_factor(eta_lam) and momentum_factor(eta_lam, mu) are the lesson's functions (they take numpy arrays);
    the dotted lines mark the bowl's two directions at η = 0.1."""
    from course_lib.surfaces import OPTIMIZER_COLORS

    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    eta_lam = np.linspace(0, 4.2, 841)
    ax.plot(eta_lam, sgd_factor(eta_lam), color=OPTIMIZER_COLORS["SGD"], label="SGD")
    for mu, style in ((0.5, "--"), (0.9, "-")):
        ax.plot(eta_lam, momentum_factor(eta_lam, mu), style, color=OPTIMIZER_COLORS["Momentum"],
                label=tr("Momentum, μ = {mu}", mu=mu))
    ax.axhline(1, color="#777777", linewidth=1)
    for lam, name, height in ((0.1, "x", 1.55), (2.0, "y", 1.35)):
        ax.axvline(0.1 * lam, color="#bbbbbb", linestyle=":")
        ax.text(0.1 * lam + 0.04, height, tr("bowl's {name}, η = 0.1", name=name), fontsize=10)
    ax.set(xlabel=tr(r"$\eta\lambda$ (learning rate × curvature)"), ylabel=tr("factor per step (< 1 converges)"),
           ylim=(0, 1.7), title=tr("how fast one direction of a quadratic converges"))
    ax.legend(loc="lower right")
    return ax


def plot_loss_per_example(histories: dict, examples_per_epoch: int, ax=None, figsize=(8.5, 4.2)):
    """Training loss against the number of training examples looked at (epochs × examples_per_epoch), log x.

    histories: {label: history with "epoch" and "train_loss"}, e.g. a Race's .histories."""
    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    for (label, h), color in zip(histories.items(), SERIES_COLORS, strict=False):
        ax.plot(np.array(h["epoch"]) * examples_per_epoch, h["train_loss"], color=color, label=label)
    ax.set(xscale="log", xlabel=tr("training examples looked at (log scale)"), ylabel=tr("training loss"),
           title=tr("the batch-size race, per example instead of per step"))
    ax.legend()
    return ax


# ---------------------------------------------------------------------------------------------------------------
# Lesson 06 · Vanishing and exploding gradients
# ---------------------------------------------------------------------------------------------------------------
def plot_layer_norms(norms: dict, ax=None, title=None):
    """‖dW‖ per layer, input side to output side, one line per activation. norms: {activation: array}."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.2), layout="constrained")
    for (act, values), color in zip(norms.items(), SERIES_COLORS, strict=False):
        style = "--" if act == "leaky_relu" else "-"  # ReLU and Leaky ReLU nearly coincide at initialisation
        ax.plot(range(1, len(values) + 1), values, style, marker="o", color=color, label=act)
    depth = len(next(iter(norms.values()))) - 1
    ax.set_yscale("log")
    ax.set_xticks(range(1, depth + 2), [f"h{i}" for i in range(1, depth + 1)] + [tr("out")])
    ax.set_xlabel(tr("layer (input side → output side)"))
    ax.set_ylabel(tr("‖dW‖ at initialisation (log scale)"))
    ax.set_title(title or tr("Gradient size per layer, {depth} hidden layers", depth=depth))
    ax.legend()
    return ax


# ---------------------------------------------------------------------------------------------------------------
# Lesson 07 · Weight initialisation
# ---------------------------------------------------------------------------------------------------------------
def draw_layer_histograms(fig, activation: str = "tanh", init: str = "std 1", custom_std: float = 0.05,
                          layer_outputs=None) -> str:
    """A histogram of every layer's outputs for one activation and one initialisation (for InteractiveFigure).

    layer_outputs(activation, init, std=...) returns the list of (examples, units) output arrays; bind it first:
    functools.partial(draw_layer_histograms, layer_outputs=layer_outputs)."""
    outputs = layer_outputs(activation, init, std=custom_std)
    axes = fig.subplots(1, len(outputs), sharey=True)
    for i, (ax, a) in enumerate(zip(axes, outputs, strict=True)):
        ax.hist(a.ravel(), bins=40, color=SERIES_COLORS[i % len(SERIES_COLORS)])
        ax.set_title(tr("layer {number}\nstd {std:.2g}", number=i + 1, std=a.std()), fontsize=10)
        ax.set_xlabel(tr("output"), fontsize=9)
        ax.tick_params(labelsize=8)
    axes[0].set_ylabel(tr("count (of {n:,} outputs)", n=outputs[0].size), fontsize=9)
    label = tr("custom std {std:.3g}", std=custom_std) if init == "custom std" else init
    fig.suptitle(tr("{activation}, {label}: each layer's outputs, {layers} layers × {units} units",
                    activation=activation, label=label, layers=len(outputs), units=outputs[0].shape[1]))
    return tr("{activation}, {label}: std per layer {stds}", activation=activation, label=label,
              stds=", ".join(f"{a.std():.3g}" for a in outputs))


def plot_init_losses(histories: dict, ax=None, dashed=("zeros", "std 0.01")):
    """Training loss per epoch, one line per initialisation scheme. histories: {scheme: History}."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.2), layout="constrained")
    for color, (name, h) in zip(SERIES_COLORS, histories.items(), strict=False):
        ax.plot(range(1, len(h["loss"]) + 1), h["loss"], color=color, label=name,
                linestyle="--" if name in dashed else "-")
    ax.set_xlabel(tr("epoch"))
    ax.set_ylabel(tr("training loss (binary cross-entropy)"))
    ax.set_title(tr("Same ReLU network (2-32-32-32-32-1), SGD lr 0.1: only the initialisation differs"))
    ax.set_ylim(0, 1.0)
    ax.annotate(tr("zeros and std 0.01 overlap here,\nstuck at ln 2 ≈ 0.693"), xy=(50, np.log(2)),
                xytext=(30, 0.85), arrowprops={"arrowstyle": "->", "color": "#555555"}, fontsize=10)
    ax.legend(loc="center right")
    return ax


# ---------------------------------------------------------------------------------------------------------------
# Lesson 08 · Overfitting
# ---------------------------------------------------------------------------------------------------------------
def plot_loss_curves(history, ax=None, title=None):
    """Training loss (solid) and validation loss (dashed) per epoch, from a History."""
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 4.2), layout="constrained")
    epochs = np.arange(1, len(history["loss"]) + 1)
    ax.plot(epochs, history["loss"], color=SERIES_COLORS[0], label=tr("training loss"))
    ax.plot(epochs, history["val_loss"], color=SERIES_COLORS[1], linestyle="--", label=tr("validation loss"))
    ax.set_xlabel(tr("epoch"))
    ax.set_ylabel(tr("binary cross-entropy"))
    ax.set_ylim(0, max(1.8, 1.05 * max(history["val_loss"])))
    ax.set_title(tr("loss per epoch") if title is None else title)
    ax.legend(loc="upper left")
    return ax


def plot_point_sets(sets, limit: float = 1.7, axes=None):
    """Several labelled 2-D data sets side by side. sets: [(X, y, name), ...]."""
    from course_lib.plots import plot_points

    axes = _axes_row(len(sets), (13, 4.0), axes, layout="constrained")
    for ax, (X, y, name) in zip(axes, sets, strict=True):
        plot_points(X, y, ax=ax, size=18 if len(X) > 100 else 30)
        ax.set_title(tr("{name}: {n} points", name=name, n=len(X)))
        ax.set_xlim(-limit, limit)
    return axes


def plot_boundary_and_curves(model, history, X, y, title: str, best_epoch=None, limit: float = 1.7, axes=None):
    """A trained model's decision boundary (left) and its loss curves (right), optionally marking the epoch of
    the lowest validation loss."""
    from course_lib.plots import plot_decision_boundary

    axes = _axes_row(2, (12, 4.2), axes, layout="constrained")
    plot_decision_boundary(model, X, y, resolution=120, limit=limit, ax=axes[0], title=title)
    plot_loss_curves(history, axes[1])
    if best_epoch is not None:
        axes[1].axvline(best_epoch, color="#666666", linestyle=":", linewidth=1.5)
        axes[1].text(best_epoch + 4, 0.42, tr("lowest validation loss\n(epoch {epoch})", epoch=best_epoch),
                     fontsize=10, va="top")
    return axes


def plot_learning_curve(sizes, curve: dict, ax=None, title=None):
    """Training and test error against the training-set size (log scale). curve: {"train": [...], "test": [...]}."""
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 4.0), layout="constrained")
    ax.plot(sizes, curve["train"], "o-", color=SERIES_COLORS[0], label=tr("training error"))
    ax.plot(sizes, curve["test"], "o--", color=SERIES_COLORS[1], label=tr("test error"))
    ax.set_xscale("log")
    ax.set_xticks(sizes, [str(m) for m in sizes])
    ax.minorticks_off()
    ax.set_xlabel(tr("training-set size m (log scale)"))
    ax.set_ylabel(tr("error (1 − accuracy)"))
    ax.set_title(tr("learning curve") if title is None else title)
    ax.legend()
    return ax


def plot_augmentation(original, augmented, xor, mirror, limit: float = 1.7, axes=None):
    """Originals, their augmented set, and XOR with its left-right mirror images (which swap the label).

    Each argument is an (X, y) pair."""
    from course_lib.palette import CLASS_COLORS
    from course_lib.plots import plot_points

    axes = _axes_row(3, (14, 4.2), axes, layout="constrained")
    plot_points(*original, ax=axes[0])
    axes[0].set_title(tr("circles: {n} originals", n=len(original[0])))
    plot_points(*augmented, ax=axes[1], size=12)
    axes[1].set_title(tr("circles augmented: {n} points", n=len(augmented[0])))
    plot_points(*xor, ax=axes[2])
    X_mirror, y_mirror = mirror
    for k in (0, 1):
        pts = X_mirror[y_mirror == k]
        axes[2].scatter(pts[:, 0], pts[:, 1], s=30, facecolors="white", edgecolors=CLASS_COLORS[k], linewidths=1.6,
                        label=tr("mirror image, label {k}", k=k))
    axes[2].set_title(tr("XOR: a left-right flip swaps the label"))
    for ax in axes:
        ax.set_xlim(-limit, limit)
        ax.set_ylim(-limit, limit)
    axes[2].legend(loc="upper center", bbox_to_anchor=(0.5, -0.16), ncols=2, fontsize=9)
    return axes


def plot_weight_histograms(trained: dict, X, y, limit: float = 1.7, figsize=(15, 5.6)):
    """Per regulariser: the decision boundary (top) and a histogram of all weights, log counts (bottom).

    trained: {name: (model, flat array of its weights)}; returns the figure."""
    from course_lib.plots import plot_decision_boundary

    fig, axes = plt.subplots(2, len(trained), figsize=figsize, gridspec_kw={"height_ratios": [1.15, 1]})
    fig.subplots_adjust(left=0.05, right=0.99, top=0.95, bottom=0.09, hspace=0.35, wspace=0.25)  # fast to draw
    bins = np.linspace(-2.75, 2.75, 56)
    for col, (name, (model, w)) in enumerate(trained.items()):
        plot_decision_boundary(model, X, y, resolution=120, limit=limit, ax=axes[0, col], title=name)
        ax = axes[1, col]
        counts, _ = np.histogram(w, bins=bins)
        ax.stairs(counts, bins, fill=True, color=SERIES_COLORS[col % 4])  # one patch: faster than 55 bars
        ax.set_yscale("log")
        ax.set_ylim(0.8, 2000)
        ax.set_yticks([1, 10, 100, 1000], ["1", "10", "100", "1000"])
        ax.minorticks_off()
        ax.set_xlabel(tr("weight value"))
        ax.set_title(tr("exactly 0: {zeros} of {n}", zeros=np.sum(w == 0), n=w.size))
    axes[1, 0].set_ylabel(tr("number of weights (log)"))
    return fig


def plot_early_stopping(history, best_epoch, stop_epoch, ax=None, title=None,
                        epochs: int = 300):
    """The loss curves of a full run, the epoch early stopping restores and the epoch it stopped at (the skipped
    epochs shaded)."""
    ax = plot_loss_curves(history, ax, title=tr("where early stopping stops") if title is None else title)
    ax.axvline(best_epoch, color=SERIES_COLORS[2], linewidth=2,
               label=tr("best epoch {epoch} (restored)", epoch=best_epoch))
    if stop_epoch is not None:
        ax.axvline(stop_epoch, color="#333333", linestyle=":", linewidth=2,
                   label=tr("stopped at epoch {epoch}", epoch=stop_epoch))
        ax.axvspan(stop_epoch, epochs, color="#999999", alpha=0.15)
    ax.legend(loc="center right", fontsize=9)
    return ax


# ---------------------------------------------------------------------------------------------------------------
# Lesson 09 · Putting it together
# ---------------------------------------------------------------------------------------------------------------
MARKERS = "os^"


def plot_iris_pairs(X, y, species, feature_labels, axes=None):
    """Sepal width against length (left) and petal width against length (right), one marker per species."""
    from course_lib.palette import CLASS_COLORS

    axes = _axes_row(2, (12, 4.3), axes, layout="constrained")
    for ax, (i, j) in zip(axes, [(0, 1), (2, 3)], strict=True):
        for k in range(len(species)):
            ax.scatter(X[y == k, i], X[y == k, j], s=30, color=CLASS_COLORS[k], edgecolors="#333333", linewidths=0.5,
                       label=species[k], marker=MARKERS[k])
        ax.set_xlabel(feature_labels[i])
        ax.set_ylabel(feature_labels[j])
        ax.legend(loc="upper left" if i == 2 else "upper right")
    axes[0].set_title(tr("sepals: the species overlap"))
    axes[1].set_title(tr("petals: setosa stands apart"))
    return axes


def plot_history_with_stop(history, best_epoch, stopped_epoch, axes=None):
    """Loss and accuracy per epoch (training solid, validation dashed), the restored and the stopping epoch."""
    axes = _axes_row(2, (12, 4.0), axes, layout="constrained")
    epochs = np.arange(1, len(history["loss"]) + 1)
    for ax, metric in zip(axes, ["loss", "accuracy"], strict=True):
        ax.plot(epochs, history[metric], color=SERIES_COLORS[0], label=tr("training {metric}", metric=metric))
        ax.plot(epochs, history[f"val_{metric}"], color=SERIES_COLORS[1], linestyle="--",
                label=tr("validation {metric}", metric=metric))
        ax.axvline(best_epoch, color=SERIES_COLORS[2], label=tr("best epoch {epoch} (restored)", epoch=best_epoch))
        ax.axvline(stopped_epoch, color="#333333", linestyle=":",
                   label=tr("stopped at epoch {epoch}", epoch=stopped_epoch))
        ax.set_xlabel(tr("epoch"))
        ax.set_ylabel(metric)
        ax.set_title(tr("{metric} per epoch", metric=metric))
    axes[0].legend(loc="upper right")
    axes[1].set_ylim(0, 1.05)
    axes[1].legend(loc="lower right")
    return axes


def plot_test_mistakes(cm, species, X, y, X_test, y_test, y_pred, feature_labels, axes=None):
    """The confusion matrix (left) and, on the petal plane of all flowers, a ring around every test mistake."""
    from course_lib.palette import CLASS_COLORS
    from course_lib.plots import plot_confusion_matrix

    if axes is None:
        _, axes = plt.subplots(1, 2, figsize=(12.5, 4.4), layout="constrained", gridspec_kw={"width_ratios": [1, 1.3]})
    plot_confusion_matrix(cm, class_names=list(species), ax=axes[0], title=tr("Iris test set: true vs predicted"))
    ax = axes[1]
    for k in range(len(species)):
        ax.scatter(X[y == k, 2], X[y == k, 3], s=22, color=CLASS_COLORS[k], alpha=0.35, marker=MARKERS[k],
                   label=species[k])
    for i in np.flatnonzero(y_pred != y_test):
        ax.scatter(X_test[i, 2], X_test[i, 3], s=260, facecolors="none", edgecolors="#000000", linewidths=2,
                   label=tr("test mistake: {true} → {predicted}", true=species[y_test[i]],
                            predicted=species[y_pred[i]]))
    ax.set_xlabel(feature_labels[2])
    ax.set_ylabel(feature_labels[3])
    ax.set_title(tr("where the mistake lies (all {n} flowers)", n=len(X)))
    ax.legend(loc="upper left", fontsize=9)
    return axes


def plot_choice_curves(choices: dict, runs: dict, epochs: int = 100, axes=None):
    """Mean validation loss per epoch for every option of every choice, one panel per choice.

    choices: {group: {option: settings}}; runs: {tuple(sorted(settings.items())): [History, ...]}."""
    if axes is None:
        _, axes = plt.subplots(1, len(choices), figsize=(15, 4.0), layout="constrained", sharey=True)
    for ax, (group, options) in zip(axes, choices.items(), strict=True):
        for color, (name, settings) in zip(SERIES_COLORS, options.items(), strict=False):
            hists = runs[tuple(sorted(settings.items()))]
            ax.plot(np.arange(1, epochs + 1), np.mean([h["val_loss"] for h in hists], axis=0), color=color, label=name)
        ax.set_title(group)
        ax.set_xlabel(tr("epoch"))
        ax.set_ylim(0, 1.2)
        ax.legend(loc="center right" if group == "initialisation" else "upper right")  # a flat line stays visible
    axes[0].set_ylabel(tr("validation loss (mean of {n} seeds)", n=len(hists)))
    return axes


def plot_digit_examples(X, y, per_digit: int = 2):
    """The first `per_digit` images of every digit (8x8 pixels, values 0-16); returns the figure."""
    fig, axes = plt.subplots(per_digit, 10, figsize=(13, 1.6 * per_digit + 0.3), layout="constrained")
    for d in range(10):
        for row, index in enumerate(np.flatnonzero(y == d)[:per_digit]):
            ax = axes[row, d]
            ax.imshow(X[index].reshape(8, 8), cmap="gray_r", vmin=0, vmax=16)
            ax.set_title(tr("label {d}", d=d), fontsize=11)
            ax.set_axis_off()
    fig.suptitle(tr("two examples of every digit (8×8 pixels)") if per_digit == 2 else
                 tr("{n} examples of every digit (8×8 pixels)", n=per_digit))
    return fig


def plot_digit_mistakes(cm, X_test, y_test, y_pred, probs, n_shown: int = 12):
    """The confusion matrix of the digits (left) and the first misclassified test images with their predicted
    label and its probability (right); returns the figure."""
    from course_lib.plots import plot_confusion_matrix

    fig = plt.figure(figsize=(15, 4.6), layout="constrained")
    left, right = fig.subfigures(1, 2, width_ratios=[1, 1.55])
    plot_confusion_matrix(cm, ax=left.subplots(), title=tr("digits test set: true vs predicted"))
    wrong = np.flatnonzero(y_pred != y_test)[:n_shown]
    axes = right.subplots(2, n_shown // 2)
    for ax, index in zip(axes.ravel(), wrong, strict=False):
        ax.imshow(X_test[index].reshape(8, 8), cmap="gray_r", vmin=0, vmax=1)
        ax.set_title(tr("true {true} → {predicted}\n(p = {p:.2f})", true=y_test[index], predicted=y_pred[index],
                        p=probs[index, y_pred[index]]), fontsize=10)
    for ax in axes.ravel():
        ax.set_axis_off()
    right.suptitle(tr("the first {n} misclassified test images: true → predicted (probability)", n=len(wrong)),
                   fontsize=11)
    return fig
