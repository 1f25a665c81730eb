"""Lesson 05 checks: typical wrong answers get their message (reference and stub: tests/test_solutions_file.py)."""

import numpy as np

from course_lib.exercises.core import REGISTRY
from course_lib.exercises.lesson05 import (
    check_adagrad_step,
    check_adam_step,
    check_minibatch_indices,
    check_momentum_step,
)
from course_lib.optimizers import Adagrad, Adam, Momentum
from tests.exercise_helpers import fails_with


def test_references_match_the_library_optimizers():
    """The exercises' rules are exactly course_lib.optimizers' (so the prose and the library agree)."""
    rng = np.random.default_rng(0)
    grads = [rng.normal(size=4) for _ in range(6)]
    for opt, step in ((Momentum(lr=0.1, momentum=0.9), "momentum"), (Adagrad(lr=0.5), "adagrad"),
                      (Adam(lr=0.1), "adam")):
        p_lib = np.ones(4)
        p, s1, s2 = np.ones(4), np.zeros(4), np.zeros(4)
        for t, g in enumerate(grads, start=1):
            opt.step({"w": p_lib}, {"w": g})
            if step == "momentum":
                p, s1 = REGISTRY["momentum_step"].solution(p, s1, g, 0.1, 0.9)
            elif step == "adagrad":
                p, s1 = REGISTRY["adagrad_step"].solution(p, s1, g, 0.5, 1e-10)
            else:
                p, s1, s2 = REGISTRY["adam_step"].solution(p, s1, s2, g, t, 0.1, 0.9, 0.999, 1e-8)
        assert np.allclose(p, p_lib, rtol=1e-12, atol=1e-12), step


# -- momentum_step -----------------------------------------------------------------------------
def test_momentum_updates_p_before_v():
    def wrong(p, v, g, lr, mu):
        p = p - lr * v
        v = mu * v + g
        return p, v

    fails_with(check_momentum_step, wrong, "OLD velocity")


def test_momentum_lr_inside_velocity():
    def wrong(p, v, g, lr, mu):
        v = mu * v + lr * g
        return p - v, v

    fails_with(check_momentum_step, wrong, "includes the learning rate")


def test_momentum_averaged_form_and_sign():
    fails_with(check_momentum_step, lambda p, v, g, lr, mu: (p - lr * (mu * v + (1 - mu) * g),
                                                              mu * v + (1 - mu) * g), "averaged form")
    fails_with(check_momentum_step, lambda p, v, g, lr, mu: (p + lr * (mu * v - g), mu * v - g), "wrong sign")
    fails_with(check_momentum_step, lambda p, v, g, lr, mu: (p - lr * g, g), "just g")


# -- adagrad_step ------------------------------------------------------------------------------
def test_adagrad_eps_inside_sqrt():
    def wrong(p, G, g, lr, eps=1e-10):
        G = G + g * g
        return p - lr * g / np.sqrt(G + eps), G

    fails_with(check_adagrad_step, wrong, "inside the square root")


def test_adagrad_forgets_to_accumulate_and_old_G():
    fails_with(check_adagrad_step, lambda p, G, g, lr, eps=1e-10: (p - lr * g / (np.abs(g) + eps), g * g),
                "ADD UP")

    def old_G(p, G, g, lr, eps=1e-10):
        p = p - lr * g / (np.sqrt(G) + eps)
        return p, G + g * g

    fails_with(check_adagrad_step, old_G, "OLD sum")


# -- adam_step ---------------------------------------------------------------------------------
def _adam(fix=True, t_shift=0, eps_inside=False, return_hat=False):
    def step(p, m, v, g, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g * g
        m_hat = m / (1 - beta1 ** (t + t_shift)) if fix else m
        v_hat = v / (1 - beta2 ** (t + t_shift)) if fix else v
        denom = np.sqrt(v_hat + eps) if eps_inside else np.sqrt(v_hat) + eps
        p = p - lr * m_hat / denom
        return (p, m_hat, v_hat) if return_hat else (p, m, v)
    return step


def test_adam_without_bias_correction():
    fails_with(check_adam_step, _adam(fix=False), "without bias correction")


def test_adam_t_starting_at_zero():
    with np.errstate(all="ignore"):
        fails_with(check_adam_step, _adam(t_shift=-1), "t = 1 at the first step")
    fails_with(check_adam_step, _adam(t_shift=1), "wrong t")


def test_adam_eps_inside_sqrt_and_corrected_state():
    fails_with(check_adam_step, _adam(eps_inside=True), "inside the square root")
    fails_with(check_adam_step, _adam(return_hat=True), "bias-corrected m̂ or v̂ as the new state")


# -- minibatch_indices -------------------------------------------------------------------------
def test_minibatch_with_replacement():
    def wrong(m, batch_size, rng):
        idx = rng.integers(0, m, size=m)
        return [idx[i:i + batch_size] for i in range(0, m, batch_size)]

    fails_with(check_minibatch_indices, wrong, "WITH replacement")


def test_minibatch_not_shuffled_drops_last_or_global_rng():
    fails_with(check_minibatch_indices,
                lambda m, b, rng: [np.arange(m)[i:i + b] for i in range(0, m, b)], "original order")

    def drop_last(m, b, rng):
        order = rng.permutation(m)
        return [order[i:i + b] for i in range(0, m - b + 1, b)]

    fails_with(check_minibatch_indices, drop_last, "last, smaller batch")

    global_rng = np.random.default_rng(99)

    def ignores_rng(m, b, rng):
        order = global_rng.permutation(m)
        return [order[i:i + b] for i in range(0, m, b)]

    fails_with(check_minibatch_indices, ignores_rng, "rng")
    fails_with(check_minibatch_indices, lambda m, b, rng: rng.permutation(m), "LIST")


# -- nesterov_step -----------------------------------------------------------------------------
def test_nesterov_reference_matches_the_library():
    from course_lib.exercises.lesson05 import _nesterov_step_solution, _rmsprop_step_solution
    from course_lib.optimizers import RMSprop

    rng = np.random.default_rng(1)
    grads = [rng.normal(size=4) for _ in range(6)]
    for opt, solution, state in ((Momentum(lr=0.1, momentum=0.9, nesterov=True),
                                  lambda p, s, g: _nesterov_step_solution(p, s, g, 0.1, 0.9), None),
                                 (RMSprop(lr=0.05), lambda p, s, g: _rmsprop_step_solution(p, s, g, 0.05), None)):
        p_lib, p, s = np.ones(4), np.ones(4), np.zeros(4)
        for g in grads:
            opt.step({"w": p_lib}, {"w": g})
            p, s = solution(p, s, g)
        assert np.allclose(p, p_lib, rtol=1e-12, atol=1e-12), type(opt).__name__
        assert state is None


def test_nesterov_plain_momentum_old_velocity_and_sign():
    from course_lib.exercises.lesson05 import check_nesterov_step

    fails_with(check_nesterov_step, lambda p, v, g, lr, mu: (p - lr * (mu * v + g), mu * v + g), "plain momentum")
    fails_with(check_nesterov_step, lambda p, v, g, lr, mu: (p - lr * (g + mu * v), mu * v + g), "plain momentum")
    fails_with(check_nesterov_step, lambda p, v, g, lr, mu: (p + lr * (g + mu * (mu * v + g)), mu * v + g),
                "uphill")
    fails_with(check_nesterov_step, lambda p, v, g, lr, mu: (p - lr * g, mu * v + (1 - mu) * g), "same velocity")


# -- rmsprop_step ------------------------------------------------------------------------------
def test_rmsprop_sum_weights_and_unsquared():
    from course_lib.exercises.lesson05 import check_rmsprop_step

    def adagrad_like(p, s, g, lr, alpha=0.99, eps=1e-8):
        s = s + g * g
        return p - lr * g / (np.sqrt(s) + eps), s

    def swapped(p, s, g, lr, alpha=0.99, eps=1e-8):
        s = (1 - alpha) * s + alpha * g * g
        return p - lr * g / (np.sqrt(s) + eps), s

    def eps_inside(p, s, g, lr, alpha=0.99, eps=1e-8):
        s = alpha * s + (1 - alpha) * g * g
        return p - lr * g / np.sqrt(s + eps), s

    fails_with(check_rmsprop_step, adagrad_like, "moving AVERAGE")
    fails_with(check_rmsprop_step, swapped, "weights of the moving average")
    fails_with(check_rmsprop_step, eps_inside, "inside the square root")
