"""Divergence: NaN, inf or a runaway loss stops training with the cause found in the state, not a fixed guess.

Each case breaks training in one known way; the message must name that cause (and not "learning rate" when the
learning rate is not the problem).
"""

import warnings

import numpy as np
import pytest

from course_lib.datasets import make_dataset
from course_lib.diagnosis import RUNAWAY_FACTOR, divergence_kind
from course_lib.layers import Dense
from course_lib.model import Sequential
from course_lib.optimizers import Optimizer
from course_lib.training import Trainer, TrainingDiverged, fit
from course_lib.validation import CourseError
from course_lib.widgets import Playground

X, Y = make_dataset("moons", n_samples=100, seed=0)


def net(**kw):
    return Sequential([Dense(8, input_dim=2, activation="tanh"), Dense(1, activation="sigmoid")], seed=0, **kw)


def deep_relu_net(std):
    layers = [Dense(32, input_dim=2, activation="relu", kernel_init="normal", std=std)]
    layers += [Dense(32, activation="relu", kernel_init="normal", std=std) for _ in range(4)]
    return Sequential([*layers, Dense(1, activation="sigmoid")], seed=0)


class WritesNone(Optimizer):
    """A learner's optimizer whose update assigns None (numpy turns that into NaN)."""

    def update(self, name, p, g):
        p[...] = None


def stopped(model, capsys=None, **kw):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the message says it all: no RuntimeWarning on the way
        history = fit(model, kw.pop("X", X), kw.pop("y", Y), **kw)
    assert history.stopped_reason is not None, "training should have been stopped"
    return history.stopped_reason


def test_float16_with_adam_blames_the_dtype_not_the_learning_rate():
    reason = stopped(net(dtype=np.float16), optimizer="adam", lr=0.01, epochs=20)
    assert "float16" in reason and "eps=1e-08 rounds to 0" in reason and "dtype=np.float32" in reason
    assert "too high" not in reason


def test_weights_that_are_nan_before_training_are_named():
    model = net()
    model.layers[0].params["W"][0, 0] = np.nan  # written by hand
    reason = stopped(model, epochs=3)
    assert "before the first update" in reason and "layer0.W" in reason and "too high" not in reason


def test_an_initializer_that_makes_nan_is_stopped_when_the_model_is_built():
    with pytest.raises(CourseError, match="returned 8 NaN"):
        Dense(4, input_dim=2, kernel_init=lambda shape, rng: np.full(shape, np.nan))


def test_huge_inputs_are_refused_at_the_door():
    with pytest.raises(CourseError, match=r"as large as 1\.2e\+300.*Standardizer"):
        fit(net(), X * 1e300, Y, epochs=1)


def test_large_inputs_that_overflow_later_are_blamed():
    model = Sequential([Dense(8, input_dim=2, activation="relu"), Dense(1)], seed=0)
    reason = stopped(model, X=X * 1e5, y=Y.reshape(-1, 1), loss="mse", optimizer="sgd", lr=0.01, epochs=20)
    assert "inputs are huge" in reason and "Standardizer" in reason


def test_a_custom_optimizer_that_writes_nan_is_blamed():
    reason = stopped(net(), optimizer=WritesNone(lr=0.1), epochs=3)
    assert "your optimizer's update" in reason and "too high" not in reason


def test_runaway_loss_with_a_huge_learning_rate_stops_with_a_message():
    """lr=1e6 used to end at loss 2e213 and chance accuracy without a word (only NaN was caught)."""
    reason = stopped(net(), optimizer="sgd", lr=1e6, epochs=50)
    assert "ran away" in reason and "learning rate 1e+06 is too high for SGD" in reason and "lr=100000" in reason


def test_exploding_gradients_in_a_deep_net_are_named():
    reason = stopped(deep_relu_net(std=1.0), optimizer="sgd", lr=0.1, epochs=50, batch_size=32)
    assert "gradients exploded" in reason and "clip_norm=1.0" in reason and "He or Xavier" in reason


def test_the_same_deep_net_with_clipping_and_he_init_does_not_diverge():
    history = fit(deep_relu_net(std=0.25), X, Y, optimizer="sgd", lr=0.1, epochs=20, batch_size=32, clip_norm=1.0)
    assert history.stopped_reason is None and np.isfinite(history.last("loss"))


def test_train_step_raises_with_the_verdict_and_leaves_no_warning():
    trainer = Trainer(net(), optimizer="sgd", lr=1e6)
    with pytest.raises(TrainingDiverged) as info, warnings.catch_warnings():
        warnings.simplefilter("error")
        for _ in range(100):
            trainer.train_step(X, Y)
    exc = info.value
    assert exc.step == trainer.step_count and exc.verdict is not None
    verdict = exc.verdict
    assert str(exc) == str(verdict) and "State:" in str(exc) and "State:" not in verdict.short()
    assert all(part in str(exc) and part in verdict.short() for part in (verdict.headline, verdict.cause, verdict.fix))


def test_divergence_kind():
    assert divergence_kind(float("nan"), 1.0) == "NaN"
    assert divergence_kind(float("inf"), None) == "infinite"
    assert divergence_kind(2.0 * RUNAWAY_FACTOR, 1.0) == "runaway"
    assert divergence_kind(0.5 * RUNAWAY_FACTOR, 1.0) is None
    assert divergence_kind(10.0, 1e-9) is None  # measured against at least 1: a tiny first loss is no reference
    assert divergence_kind(1e30, None) is None  # no first loss yet


def test_a_normal_run_is_never_called_diverged():
    history = fit(net(), X, Y, optimizer="adam", lr=0.05, epochs=100)
    assert history.stopped_reason is None and history.last("accuracy") > 0.8


def test_playground_names_a_runaway_loss_and_keeps_working():
    dash = Playground(dataset="regression", n_samples=80, hidden=(32, 32), activation="relu", optimizer="sgd",
                      lr=10.0, init="large normal", batch_size=0, panels=("boundary", "curves"))
    dash.run(100)
    assert dash.diverged and "too high for SGD" in dash.diverged and "Then press Reset" in dash.diverged
    assert "learning rate too high?" not in dash.summary()
    dash.frames()
    dash.set(lr=0.01, init="he")  # a network change: resets to step 0
    dash.run(10)
    assert dash.diverged is None and np.isfinite(dash.history["train_loss"][-1])


def test_playground_says_why_a_custom_optimizer_fails():
    def halves(p, g, lr):
        return p * 0.5 if p.ndim == 1 else p[0]  # a row instead of the matrix

    with pytest.raises(CourseError, match="returned shape"):
        Playground(optimizer="custom", custom_optimizer=halves, n_samples=40, hidden=(3,)).run(5)
