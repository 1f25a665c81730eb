"""Lesson 06 (vanishing and exploding gradients): the exercise checks, and the playground's quiet divergence."""

import warnings

import numpy as np
import pytest

from course_lib.exercises.lesson06 import (
    check_clip_by_global_norm,
    check_count_dead_units,
    check_sigmoid_chain_bound,
    clip_by_global_norm,
    count_dead_units,
    sigmoid_chain_bound,
)
from course_lib.widgets import Playground
from tests.exercise_helpers import fails_with


def test_playground_divergence_warns_nothing():
    """Exploding weights run away (then end in NaN): the playground says why, with no RuntimeWarning from numpy."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        playground = Playground(dataset="moons", hidden=(16,) * 6, activation="relu", init="large normal",
                          optimizer="sgd", lr=0.1, panels=("gradients", "histograms", "curves", "boundary", "units"))
        playground.run(steps=100)
        assert playground.diverged and "the gradients exploded" in playground.diverged
        playground.frames()
        playground.dead_units()
        playground._repr_mimebundle_()


# ---------------------------------------------------------------------------------------------
# The exercise checks: typical wrong answers fail as intended (reference and stub: tests/test_solutions_file.py)
# ---------------------------------------------------------------------------------------------
def test_sigmoid_chain_bound_values():
    assert sigmoid_chain_bound(10) == pytest.approx(0.25**10)
    assert sigmoid_chain_bound(10, weight=8.0) == pytest.approx(2.0**10)


@pytest.mark.parametrize("wrong, message", [
    (lambda n, w=1.0: 0.25**n, "the weight is missing"),
    (lambda n, w=1.0: 0.25 * n * abs(w), "adds the factors"),
    (lambda n, w=1.0: 0.5**n * abs(w) ** n, "0.5 is sigmoid(0)"),
    (lambda n, w=1.0: (w * 0.25) ** n, "never negative"),
    (lambda n, w=1.0: abs(w) ** n * 0.25, "its own sigmoid'"),
])
def test_sigmoid_chain_bound_mistakes(wrong, message):
    fails_with(check_sigmoid_chain_bound, wrong, message)


def clip_each_entry(grads, max_norm):
    return [np.clip(g, -max_norm, max_norm) for g in grads]


def clip_always_to_max(grads, max_norm):
    total = np.sqrt(sum(np.sum(g**2) for g in grads))
    return [g * max_norm / total for g in grads]


def clip_each_array(grads, max_norm):
    return [g * min(1.0, max_norm / np.linalg.norm(g)) for g in grads]


def clip_returns_array(grads, max_norm):
    return np.concatenate([g.ravel() for g in grads])


@pytest.mark.parametrize("wrong, message", [
    (clip_each_entry, "each number separately"),
    (clip_always_to_max, "never scales a gradient up"),
    (clip_each_array, "its own norm"),
    (clip_returns_array, "arrays"),
])
def test_clip_mistakes(wrong, message):
    fails_with(check_clip_by_global_norm, wrong, message)


def test_clip_in_place_solution_is_accepted():
    def clip_in_place(grads, max_norm):
        total = np.sqrt(sum(np.sum(g * g) for g in grads))
        if total > max_norm:
            for g in grads:
                g *= max_norm / total
        return grads

    assert check_clip_by_global_norm(clip_in_place).status == "pass"


def test_clip_matches_the_library():
    from course_lib.training import clip_gradients

    rng = np.random.default_rng(0)
    grads = {"a": rng.normal(size=(3, 4)), "b": rng.normal(size=5)}
    mine = clip_by_global_norm(list(grads.values()), 1.0)
    clip_gradients(grads, 1.0)
    for m, g in zip(mine, grads.values(), strict=True):
        np.testing.assert_allclose(m, g, rtol=1e-9)


@pytest.mark.parametrize("wrong, message", [
    (lambda a: int(np.sum(a == 0)), "zero entries"),
    (lambda a: int(np.sum(np.any(a == 0, axis=0))), "still alive"),
    (lambda a: int(np.sum(np.all(a == 0, axis=1))), "rows"),
    (lambda a: np.all(a == 0, axis=0), "one number"),
])
def test_count_dead_units_mistakes(wrong, message):
    fails_with(check_count_dead_units, wrong, message)


def test_count_dead_units_matches_the_playground():
    playground = Playground(dataset="moons", hidden=(16,) * 4, activation="relu", init="he", optimizer="sgd", lr=1.0)
    playground.run(steps=100)
    outputs = playground.model.layer_outputs(playground.F_train)
    dense = [o for o, layer in zip(outputs, playground.model.layers, strict=True) if hasattr(layer, "units")][:-1]
    assert [count_dead_units(a) for a in dense] == playground.dead_units()


def test_clip_norm_control_clips_live_and_rescues_an_exploding_network():
    """The playground's clip-norm slider: a live change (no reset); with it, the network that diverged trains."""
    playground = Playground(dataset="moons", hidden=(16,) * 6, activation="relu", init="large normal", optimizer="sgd",
                      lr=0.1, controls=["clip_norm", "layers"], panels=("gradients",))
    playground.controls["clip_norm"].value = 1.0
    assert playground.settings.clip_norm == 1.0 and playground.trainer.clip_norm == 1.0 and playground.step_count == 0
    playground.run(steps=100)
    assert not playground.diverged and playground.step_count == 100
    playground.controls["clip_norm"].value = 0.0
    assert playground.trainer.clip_norm is None and playground.step_count == 100  # live: training continues, no reset
