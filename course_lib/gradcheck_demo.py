"""Lesson 04's gradient-check explorer: what fools a gradient check, measured and explained in one sentence.

    errors = probe_errors(X, Y, dtype="float32", h=1e-5, activation="tanh")   # {param name: relative error}
    gradient_check_verdict(X, Y, "float32", 1e-5, "tanh", kink=False)        # '❌ looks like a bug: ...'
    draw_gradient_check(fig, X, Y, "float64", 1e-5, "relu", kink=True)       # bar chart + the verdict

The backward pass of course_lib is correct, so every bad verdict is blamed on the check itself: float32
rounding, a step h that is too large (truncation, or probes crossing ReLU kinks) or too small (rounding), or an
input sitting exactly on ReLU's kink. Each cause is blamed only for what it adds over the same check in float64
(and, for the kink, over the same check without it). Errors are printed as powers of ten: their first digit is
rounding noise that differs from one computer to the next.
"""

from __future__ import annotations

import numpy as np

from course_lib.gradcheck import AGREE_BELOW, BUG_ABOVE, check_model_gradients
from course_lib.i18n import tr
from course_lib.layers import Dense
from course_lib.model import Sequential
from course_lib.palette import SERIES_COLORS
from course_lib.portable_numbers import order_of_magnitude
from course_lib.validation import CourseError

LAYER_NAMES = {"layer0": "hidden 1", "layer1": "hidden 2", "layer2": "output"}  # in English; shown by layer_name


def layer_name(layer: str) -> str:
    """The name of a layer of the 2-5-4-1 network ("layer0", ...) as the bar chart shows it, in the current language."""
    return {"layer0": tr("hidden 1"), "layer1": tr("hidden 2"), "layer2": tr("output")}[layer]
RIGHT, BUG = AGREE_BELOW, BUG_ABOVE  # the library's thresholds: below RIGHT backprop is right, from BUG up a bug


def probe_errors(X, Y, dtype="float64", h=1e-5, activation="tanh", kink=False) -> dict:
    """Relative error per parameter of a 2-5-4-1 network (seed 0) on (X, Y). kink=True puts the first input at 0,
    so z = W·0 + b = 0 exactly (every bias starts at 0): ReLU's kink."""
    X_check = np.array(X, dtype=float, copy=True)
    if kink:
        X_check[0] = 0.0
    net = Sequential([Dense(5, input_dim=X_check.shape[1], activation=activation), Dense(4, activation=activation),
                      Dense(1, activation="sigmoid")], seed=0, dtype=np.float32 if dtype == "float32" else np.float64)
    return check_model_gradients(net, X_check, Y, h=h).errors


def show_error(err: float) -> str:
    """Below 1e-9 an error is pure rounding noise, whose digits differ from machine to machine."""
    return "< 1e-9" if err < 1e-9 else f"{err:.0e}"


def gradient_check_verdict(X, Y, dtype="float64", h=1e-5, activation="tanh", kink=False, errors=None) -> str:
    """One sentence: does the check pass, and if not, which cause (float32, h, the kink) explains the error."""
    errors = probe_errors(X, Y, dtype, h, activation, kink) if errors is None else errors
    worst = max(errors.values())
    if worst < RIGHT:
        return tr("✅ worst relative error {error}: backprop and finite differences agree.", error=show_error(worst))
    relu_like = activation in ("relu", "leaky_relu")
    worst64 = worst if dtype == "float64" else max(probe_errors(X, Y, "float64", h, activation, kink).values())
    base64 = max(probe_errors(X, Y, "float64", h, activation, False).values()) if kink and relu_like else worst64
    causes = []
    if dtype == "float32" and worst > 2 * worst64:
        causes.append(tr("float32 rounding"))
    if base64 >= max(RIGHT, worst / 3):
        if h > 1e-4:
            causes.append(tr("a large h (the probes cross ReLU kinks)") if relu_like else
                          tr("a large h (truncation error)"))
        if h < 1e-7:
            causes.append(tr("a tiny h (rounding error)"))
    if kink and relu_like and worst64 > 2 * base64 and worst64 >= worst / 3:
        causes.append(tr("the kink"))
    blame = " + ".join(causes) if causes else tr("the check itself")
    if worst < BUG:
        return tr("⚠️ look closer: worst about {worst}. The backward pass is correct here, so blame {blame}.",
                  worst=order_of_magnitude(worst), blame=blame)
    return tr("❌ looks like a bug: worst about {worst}. The backward pass is correct here, so blame {blame}.",
              worst=order_of_magnitude(worst), blame=blame)


def draw_gradient_check(fig, X, Y, dtype="float64", h=1e-5, activation="tanh", kink=False) -> str:
    """Bar chart of the relative error per parameter (log scale, green / red bands), returns the verdict."""
    try:
        errors = probe_errors(X, Y, dtype, h, activation, kink)
    except CourseError as exc:  # e.g. an h too small for float32: the probes round back to the same point
        ax = fig.add_subplot()
        ax.set_axis_off()
        ax.set_title(tr("gradient check: {dtype}, h = {h:.0e}: no check possible", dtype=dtype, h=h))
        return tr("❌ no check possible: {reason}", reason=exc)
    labels = [f"{layer_name(k.split('.')[0])}\n{k.split('.')[1]}" for k in errors]
    values = np.maximum(list(errors.values()), 1e-16)
    colors = [SERIES_COLORS[2] if v < RIGHT else SERIES_COLORS[4] if v < BUG else SERIES_COLORS[1] for v in values]
    ax = fig.add_subplot()
    ax.axhspan(1e-16, RIGHT, color=SERIES_COLORS[2], alpha=0.08)
    ax.axhspan(BUG, 1.5, color=SERIES_COLORS[1], alpha=0.08)
    ax.bar(labels, values, color=colors)
    ax.set_yscale("log")
    ax.set_ylim(1e-14, 1.5)
    ax.axhline(RIGHT, color=SERIES_COLORS[2], linestyle="--", linewidth=1.2, label=tr("1e-7: backprop is right"))
    ax.axhline(BUG, color=SERIES_COLORS[1], linestyle="--", linewidth=1.2, label=tr("1e-3: looks like a bug"))
    ax.set_ylabel(tr("relative error (log scale)"))
    if kink:
        ax.set_title(tr("gradient check: {dtype}, h = {h:.0e}, {activation}, one input on the kink", dtype=dtype, h=h,
                        activation=activation))
    else:
        ax.set_title(tr("gradient check: {dtype}, h = {h:.0e}, {activation}", dtype=dtype, h=h, activation=activation))
    ax.legend(loc="upper left", fontsize=9)
    return gradient_check_verdict(X, Y, dtype, h, activation, kink, errors=errors)
