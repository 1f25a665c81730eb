"""Gradient checking: compare backprop's gradients with finite differences.

    numerical ≈ (f(θ + h) - f(θ - h)) / (2h)          (central differences, error O(h²))
    relative error = ‖a - n‖ / (‖a‖ + ‖n‖)              (‖·‖ the L2 norm over all entries of a parameter)

What to expect in float64 with h = 1e-5: below AGREE_BELOW = 1e-7 when backprop is right; BUG_ABOVE = 1e-3
and up means a bug; in between, look closer (a kink, a bad h). These two numbers are the course's only
gradient-check thresholds: the report, lesson 04's widget and the tests all use them from here.
In float32 rounding alone gives errors around 1e-2 to 1e-3, which is why checks run in float64.
(In float32 the probes θ ± h are rounded too, so they are not exactly 2h apart; the rounding of f(θ ± h)
costs far more, so the formula's 2h is kept. Lesson 04 measures both.)
Near a kink (ReLU at 0) a difference step can straddle the kink and report a large error for correct code.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass

import numpy as np

from course_lib.i18n import tr
from course_lib.regularization import L1, L1L2
from course_lib.training import Trainer, check_targets
from course_lib.validation import CourseError, CourseTypeError, as_float_array, check_number, describe

KINK_ACTIVATIONS = ("relu", "leaky_relu")

H = 1e-5  # the finite-difference step: small enough for a tiny truncation error, large enough for rounding
AGREE_BELOW = 1e-7  # float64, h = H: a correct backward pass gives a relative error below this
BUG_ABOVE = 1e-3  # at or above this the backward pass is wrong (or float32 / a kink / a bad h fooled the check)


def verdict(error: float) -> str:
    """What a relative error says: "agree" (below AGREE_BELOW), "bug" (BUG_ABOVE or more) or "look closer"."""
    if error < AGREE_BELOW:
        return "agree"
    return "bug" if error >= BUG_ABOVE else "look closer"


def numerical_gradient(f, x, h=H):
    """df/dx of a scalar function f() at the array x, by central differences, changing x in place and restoring it.

    f takes no arguments and reads x (this is how it sees the changes); f(x), taking x itself, works too.
    Shape: same as x. x must be a float array: an integer array cannot hold x + h.
    """
    if not callable(f):
        raise CourseTypeError(tr(
            "numerical_gradient(f, x): f must be a function that returns the loss, got {f}. Did you pass the "
            "arguments the other way round?",
            f=describe(f)))
    if not isinstance(x, np.ndarray):
        raise CourseTypeError(tr(
            "numerical_gradient needs x to be a numpy array it can change in place (f reads it), got {x}. Make one "
            "first: x = np.array(values, dtype=float).",
            x=describe(x)))
    if x.dtype.kind != "f":
        raise CourseTypeError(tr(
            "numerical_gradient needs a float array x, got dtype {dtype}: x + h would be rounded to a whole number "
            "and every difference would be wrong. Use x = x.astype(float) (and let f read that array).",
            dtype=x.dtype))
    if not np.all(np.isfinite(x)):
        raise CourseError(tr(
            "x contains {n_bad} NaN or infinite value(s); the slope there is not defined. Check x with "
            "np.isfinite(x).all() first.",
            n_bad=int(np.sum(~np.isfinite(x)))))
    h = check_number(h, "h", low=0.0, low_inclusive=False)
    with np.errstate(over="ignore"):
        stuck = (x + x.dtype.type(h)) == x
    if np.any(stuck):
        largest = float(np.max(np.abs(x[stuck])))
        raise CourseError(tr(
            "h={h:g} is too small for {dtype} numbers as large as {largest:.3g}: x + h rounds back to x, so the "
            "difference would be 0. Use a larger h, or float64.",
            h=h, dtype=x.dtype, largest=largest))
    takes_x = _takes_one_argument(f)
    grad = np.zeros_like(x, dtype=float)
    flat_x, flat_g = x.reshape(-1), grad.reshape(-1)
    for i in range(flat_x.size):
        old = flat_x[i]
        try:
            flat_x[i] = old + h
            f_plus = _loss_value(f(x) if takes_x else f(), i)
            flat_x[i] = old - h
            f_minus = _loss_value(f(x) if takes_x else f(), i)
        finally:
            flat_x[i] = old  # x is the learner's array: restored whatever happens
        flat_g[i] = (f_plus - f_minus) / (2 * h)
    return grad


def _takes_one_argument(f) -> bool:
    """True for f(x), False for f(); anything else gets a message."""
    try:
        sig = inspect.signature(f)
    except (TypeError, ValueError):
        return False
    try:
        sig.bind()
        return False
    except TypeError:
        pass
    try:
        sig.bind(None)
        return True
    except TypeError:
        raise CourseTypeError(tr(
            "numerical_gradient calls f with no arguments (it reads x), but {f} needs more than one. Wrap it: "
            "numerical_gradient(lambda: loss(W, X, y), W).",
            f=describe(f))) from None


def _loss_value(value, i) -> float:
    arr = np.asarray(value)
    if arr.size != 1 or arr.dtype.kind not in "biuf":
        raise CourseError(tr(
            "f() must return one number (the loss), got {value}. If it returns an array, return its mean or sum.",
            value=describe(value)))
    value = float(arr.reshape(-1)[0])
    if not np.isfinite(value):
        raise CourseError(tr(
            "f() returned {value} while x[{i}] (flat index) was nudged by h: the loss is not finite there, so no "
            "slope can be measured.",
            value=value, i=i))
    return value


def relative_error(a, b, tiny=1e-20):
    """‖a - b‖ / (‖a‖ + ‖b‖): 0 when equal, never above 1 (reached when one is zero or they point opposite ways);
    scale-free, so tiny gradients are judged fairly.

    Two all-zero arrays give 0.
    """
    a = as_float_array(a, "a", dtype=np.float64, allow_nonfinite=True)
    b = as_float_array(b, "b", dtype=np.float64, allow_nonfinite=True)
    if a.shape != b.shape:
        hint = tr(" One is a column, the other flat: reshape one of them.") if a.size == b.size else ""
        raise CourseError(tr(
            "relative_error: shapes differ, {shape} vs {shape2}: compare a gradient with the numerical gradient of "
            "the same array.{hint}",
            shape=a.shape, shape2=b.shape, hint=hint))
    for name, arr in (("a", a), ("b", b)):
        if not np.all(np.isfinite(arr)):
            raise CourseError(tr(
                "relative_error: {name} contains NaN or inf, so no error can be measured. The gradient itself is "
                "broken there (an overflow?); look at where it stops being finite.",
                name=name))
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), tiny))


@dataclass
class GradCheckReport:
    """Per-parameter relative errors and the worst one."""

    errors: dict
    worst_name: str
    worst_error: float
    note: str = ""  # e.g. that some inputs sit on a ReLU kink, where a large error is expected

    def passed(self, tolerance=AGREE_BELOW) -> bool:
        return self.worst_error < tolerance

    def __str__(self):
        lines = [tr("{name}: relative error {err:.2e}", name=f"{name:>12}", err=err)
                 for name, err in self.errors.items()]
        lines.append(tr("worst: {name} ({err:.2e})", name=self.worst_name, err=self.worst_error))
        if self.note:
            lines.append(self.note)
        return "\n".join(lines)


def check_model_gradients(model, X, y, loss=None, h=H, regularizer=None) -> GradCheckReport:
    """Backprop vs finite differences for every parameter of a Sequential model on (X, y).

    Runs in evaluation mode so dropout masks do not change between evaluations. Returns a report naming
    the parameter with the largest relative error.
    """
    trainer = Trainer(model, loss=loss, optimizer="sgd", regularizer=regularizer)
    h = check_number(h, "h", low=0.0, low_inclusive=False)
    X = model.check_inputs(X)
    check_targets(y, X.shape[0], model.dtype)  # checked, but passed on as given: float32 labels would add rounding
    was_training = model.training
    model.eval()
    try:
        def total_loss():
            value = trainer.loss.forward(trainer.outputs(X), y)
            if trainer.regularizer is not None:
                value += trainer.regularizer.penalty(model.parameters())
            return value

        total_loss()
        model.backward(trainer.loss.backward())
        analytic = {k: v.copy() for k, v in model.gradients().items()}
        if trainer.regularizer is not None:
            trainer.regularizer.add_gradients(model.parameters(), analytic)
        errors = {}
        for name, p in model.parameters().items():
            errors[name] = relative_error(analytic[name], numerical_gradient(total_loss, p, h))
    finally:
        model.train(was_training)
    worst = max(errors, key=errors.get)
    note = kink_note(model, X, h, trainer.regularizer) if errors[worst] > 1e-4 else ""
    return GradCheckReport(errors, worst, errors[worst], note)


def kink_note(model, X, h, regularizer=None) -> str:
    """Why a large relative error may be no bug: inputs of a ReLU-type unit (or L1-penalised weights) within
    about h of the kink at 0, where a difference step straddles the kink. Empty when there are none."""
    notes = []
    was_training = model.training
    model.eval()
    try:
        outputs = model.layer_outputs(X)
    finally:
        model.train(was_training)
    inputs = [X, *outputs[:-1]]
    for i, (layer, a_prev) in enumerate(zip(model.layers, inputs, strict=True)):
        activation = getattr(getattr(layer, "activation", None), "name", None)
        if type(layer).__name__ == "PReLU":
            activation = "prelu"
        if activation not in (*KINK_ACTIVATIONS, "prelu"):
            continue
        if "W" in layer.params:
            z = a_prev @ layer.params["W"].T + layer.params["b"]
        else:
            z = a_prev
        margin = 10 * h * max(1.0, float(np.max(np.abs(a_prev))))
        near = int(np.sum(np.abs(z) <= margin))
        if near:
            notes.append(tr("{near} input(s) of layer{i}'s {activation} lie within about h of its kink at 0",
                            near=near, i=i, activation=activation))
    if isinstance(regularizer, L1 | L1L2):
        near = sum(int(np.sum(np.abs(p) <= h)) for name, p in model.parameters().items() if name.endswith(".W"))
        if near:
            notes.append(tr("{near} weight(s) lie within h of 0, where the L1 penalty |w| has its kink", near=near))
    if not notes:
        return ""
    return tr("Note: {notes}. There the function has no derivative, and a finite difference that straddles the "
              "kink disagrees with backprop even when backprop is right. Move the inputs off the kink (or check with "
              "tanh) before suspecting a bug.", notes="; ".join(notes))
