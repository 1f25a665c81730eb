"""Lesson 08 exercise checks: typical wrong answers fail with the message that names their mistake."""

import numpy as np
import pytest

from course_lib.exercises.core import REGISTRY
from course_lib.exercises.lesson08 import (
    check_dropout_forward,
    check_early_stopping,
    check_l1_proximal_step,
    check_l2_penalty,
)
from tests.exercise_helpers import fails_with


# ---- L2 penalty -------------------------------------------------------------------------------
def _l2(penalty_factor=0.5, grad_factor=1.0, biases=False, grad_fn=None, norm=False):
    def l2_penalty(params, lam):
        keys = [k for k in params if biases or k.endswith(".W")]
        sq = sum(np.sum(params[k] ** 2) for k in keys)
        penalty = lam * np.sqrt(sq) if norm else penalty_factor * lam * sq
        grads = {k: np.zeros_like(v) for k, v in params.items()}
        for k in keys:
            grads[k] = grad_fn(params[k], lam) if grad_fn else grad_factor * lam * params[k]
        return penalty, grads
    return l2_penalty


@pytest.mark.parametrize("wrong, words", [
    (_l2(penalty_factor=1.0), "twice too large: the course's L2 penalty has a factor 1/2"),
    (_l2(grad_factor=2.0), "twice too large: the derivative of λ/2·W² is λ·W"),
    (_l2(biases=True), "the penalty includes the biases"),
    (_l2(grad_fn=lambda W, lam: lam * np.sign(W)), "gradient of the L1 penalty"),
    (_l2(norm=True), "SQUARED norm"),
    (lambda params, lam: (0.0, {}), "grads must have exactly the keys"),
    (lambda params, lam: 1.0, "return a pair"),
    (lambda params, lam: ([lam / 2 * np.sum(v**2) for k, v in params.items() if k.endswith(".W")],
                          {k: lam * v for k, v in params.items()}), "ONE number"),
])
def test_l2_mistakes(wrong, words):
    fails_with(check_l2_penalty, wrong, words)


def test_l2_biases_with_nonzero_gradient_fail():
    def l2_penalty(params, lam):
        penalty = sum(lam / 2 * np.sum(v**2) for k, v in params.items() if k.endswith(".W"))
        return penalty, {k: lam * v for k, v in params.items()}
    fails_with(check_l2_penalty, l2_penalty, "biases are not penalised")


# ---- dropout ------------------------------------------------------------------------------------
def _dropout(scale="inverse", keep_is_rate=False, in_eval=False):
    def dropout_forward(x, rate, training, rng):
        if not training and not in_eval:
            return x
        keep = rate if keep_is_rate else 1 - rate
        mask = rng.random(x.shape) < keep
        factor = {"inverse": 1 / keep, "times_keep": keep, "none": 1.0}[scale]
        return x * mask * factor
    return dropout_forward


@pytest.mark.parametrize("wrong, words", [
    (_dropout(scale="times_keep"), "multiplied by (1 - rate)"),
    (_dropout(keep_is_rate=True), "probability of DROPPING a unit, not of keeping it"),
    (_dropout(in_eval=True), "in evaluation mode (training=False) dropout must return x unchanged"),
    (_dropout(scale="none"), "not rescaled"),
    (lambda x, rate, training, rng: x[:, :1], "must have the input's shape"),
])
def test_dropout_mistakes(wrong, words):
    fails_with(check_dropout_forward, wrong, words)


def test_dropout_other_correct_samplers_pass():
    def dropout_forward(x, rate, training, rng):
        if not training:
            return x.copy()
        return np.where(rng.uniform(size=x.shape) >= rate, x / (1 - rate), 0.0)
    assert check_dropout_forward(dropout_forward).status == "pass"


# ---- early stopping --------------------------------------------------------------------------
def _early(compare_previous=False, ties_improve=False, off_by_one=False, zero_based=False, no_reset=False):
    def early_stopping(val_losses, patience):
        best, best_epoch, wait, previous = np.inf, None, 0, np.inf
        for i, loss in enumerate(val_losses):
            epoch = i if zero_based else i + 1
            reference = previous if compare_previous else best
            improved = loss <= reference if ties_improve else loss < reference
            previous = loss
            if improved:
                if loss < best or (ties_improve and loss <= best):
                    best, best_epoch = loss, epoch
                if not no_reset:
                    wait = 0
                elif loss < best:
                    pass
                continue
            wait += 1
            if (wait > patience) if off_by_one else (wait >= patience):
                return best_epoch, epoch
        return best_epoch, None
    return early_stopping


@pytest.mark.parametrize("wrong, words", [
    (_early(compare_previous=True), "BEST loss so far, not with the previous epoch's"),
    (_early(ties_improve=True), "EQUAL to the best is not an improvement"),
    (_early(off_by_one=True), "one epoch off"),
    (_early(zero_based=True), "counted from 1"),
    (_early(no_reset=True), "restarts at 0 after every new best"),
    (lambda val_losses, patience: 3, "return a pair"),
])
def test_early_stopping_mistakes(wrong, words):
    fails_with(check_early_stopping, wrong, words)


def test_early_stopping_reference_agrees_with_course_lib():
    from course_lib.exercises.lesson08 import ES_CASES, _reference_stop
    for losses, patience, _ in ES_CASES:
        assert REGISTRY["early_stopping"].solution(losses, patience) == _reference_stop(losses, patience)


# ---- proximal L1 step ---------------------------------------------------------------------------
def _soft(W, t):
    return np.sign(W) * np.maximum(np.abs(W) - t, 0.0)


@pytest.mark.parametrize("wrong, words", [
    (lambda W, g, lr, lam: W - lr * (g + lam * np.sign(W)), "that is the subgradient step"),
    (lambda W, g, lr, lam: np.sign(W - lr * g) * (np.abs(W - lr * g) - lr * lam), "must become exactly 0: clip"),
    (lambda W, g, lr, lam: _soft(W - lr * g, lam), "the threshold is λ; it should be lr·λ"),
    (lambda W, g, lr, lam: _soft(W, lr * lam) - lr * g, "thresholded first"),
    (lambda W, g, lr, lam: _soft(W, lr * lam), "gradient step on the data loss (W - lr·grad) is missing"),
    (lambda W, g, lr, lam: W - lr * g, "not W - lr·grad shrunk"),
    (lambda W, g, lr, lam: (W - lr * g)[:2], "must have W's shape"),
])
def test_l1_proximal_step_mistakes(wrong, words):
    fails_with(check_l1_proximal_step, wrong, words)


def test_l1_proximal_step_matches_course_lib():
    from course_lib.regularization import soft_threshold

    rng = np.random.default_rng(0)
    W, g = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))
    np.testing.assert_allclose(REGISTRY["l1_proximal_step"].solution(W, g, 0.1, 0.3),
                               soft_threshold(W - 0.1 * g, 0.1 * 0.3))
