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

from dataclasses import dataclass

import numpy as np

from course_lib.training import Trainer
from course_lib.validation import CourseError

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

    f takes no arguments and reads x (this is how it sees the changes). Shape: same as x.
    """
    if not isinstance(x, np.ndarray):
        raise CourseError("numerical_gradient needs x to be a numpy array it can change in place.")
    grad = np.zeros_like(x, dtype=float)
    flat_x, flat_g = x.reshape(-1), grad.reshape(-1)
    for i in range(flat_x.size):
        old = flat_x[i]
        flat_x[i] = old + h
        f_plus = float(f())
        flat_x[i] = old - h
        f_minus = float(f())
        flat_x[i] = old
        flat_g[i] = (f_plus - f_minus) / (2 * h)
    return grad


def relative_error(a, b, tiny=1e-20):
    """‖a - b‖ / (‖a‖ + ‖b‖): 0 when equal, never above 1 (reached when one is zero or they point opposite ways);
    scale-free, so tiny gradients are judged fairly.

    Two all-zero arrays give 0.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise CourseError(f"relative_error: shapes differ, {a.shape} vs {b.shape}.")
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), tiny))


@dataclass
class GradCheckReport:
    """Per-parameter relative errors and the worst one."""

    errors: dict
    worst_name: str
    worst_error: float

    def passed(self, tolerance=AGREE_BELOW) -> bool:
        return self.worst_error < tolerance

    def __str__(self):
        lines = [f"{name:>12}: relative error {err:.2e}" for name, err in self.errors.items()]
        lines.append(f"worst: {self.worst_name} ({self.worst_error:.2e})")
        return "\n".join(lines)


def check_model_gradients(model, X, y, loss=None, h=H, regularizer=None) -> GradCheckReport:
    """Backprop vs finite differences for every parameter of a Sequential model on (X, y).

    Runs in evaluation mode so dropout masks do not change between evaluations. Returns a report naming
    the parameter with the largest relative error.
    """
    trainer = Trainer(model, loss=loss, optimizer="sgd", regularizer=regularizer)
    X = np.asarray(X, dtype=model.dtype)
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
    return GradCheckReport(errors, worst, errors[worst])
