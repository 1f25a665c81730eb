"""Lesson 04's gradient-check explorer: verdicts blame the right cause, and every control corner draws."""

import numpy as np
from matplotlib.figure import Figure

from course_lib.datasets import make_flower
from course_lib.gradcheck_demo import draw_gradient_check, gradient_check_verdict, probe_errors

X, y = make_flower(n_samples=16, noise=0.35, seed=0)
X8, Y8 = X[:8], y[:8].reshape(-1, 1).astype(float)


def test_float64_with_the_usual_h_agrees():
    assert gradient_check_verdict(X8, Y8, "float64", 1e-5, "tanh").startswith("✅")


def test_float32_is_blamed_on_rounding():
    assert "float32 rounding" in gradient_check_verdict(X8, Y8, "float32", 1e-5, "tanh")


def test_large_h_with_tanh_is_truncation_and_the_kink_is_blamed_for_relu_only():
    assert "truncation error" in gradient_check_verdict(X8, Y8, "float64", 1e-2, "tanh")
    assert "the kink" in gradient_check_verdict(X8, Y8, "float64", 1e-5, "relu", kink=True)
    assert gradient_check_verdict(X8, Y8, "float64", 1e-5, "tanh", kink=True).startswith("✅")


def test_errors_have_one_entry_per_parameter_and_draw_returns_the_verdict():
    errors = probe_errors(X8, Y8)
    assert len(errors) == 6 and all(np.isfinite(list(errors.values())))
    for dtype, h, act in (("float32", 1e-10, "sigmoid"), ("float64", 1e-1, "leaky_relu")):
        text = draw_gradient_check(Figure(), X8, Y8, dtype, h, act, kink=True)
        assert text.startswith(("✅", "⚠️", "❌"))
