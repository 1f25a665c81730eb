"""Lesson 05 · Optimizers: checks for the learners' functions, and the reference solutions.

    momentum_step(p, v, g, lr, mu) -> (p, v)                 v = μ·v + g;  p = p − lr·v
    adagrad_step(p, G, g, lr, eps) -> (p, G)                 G = G + g²;  p = p − lr·g / (√G + eps)
    adam_step(p, m, v, g, t, lr, beta1, beta2, eps) -> (p, m, v)   with bias correction, t = 1 at the first step
    minibatch_indices(m, batch_size, rng) -> list of index arrays   shuffled, without replacement
    nesterov_step(p, v, g, lr, mu) -> (p, v)                 v = μ·v + g;  p = p − lr·(g + μ·v)
    rmsprop_step(p, s, g, lr, alpha, eps) -> (p, s)          s = α·s + (1 − α)·g²;  p = p − lr·g / (√s + eps)

The rules are exactly those of course_lib.optimizers (PyTorch's conventions), so a learner's step and the
library's step give the same numbers.
"""

from __future__ import annotations

import numpy as np

from course_lib.exercises.core import Mistake, as_array, call, close, exercise
from course_lib.i18n import tr


def _pair(result, names):
    if not isinstance(result, tuple | list) or len(result) != len(names):
        raise Mistake(tr("return {n} arrays: `return {names}`.", n=len(names), names=', '.join(names)))
    return [as_array(r, n) for r, n in zip(result, names, strict=True)]


# ---------------------------------------------------------------------------------------------
# 1. One momentum step
# ---------------------------------------------------------------------------------------------
def _momentum_step_solution(p, v, g, lr, mu):
    """p, v, g: arrays of the same shape -> (new p, new v). PyTorch's SGD with momentum."""
    v = mu * v + g          # the velocity: a running sum of gradients, older ones shrunk by mu
    p = p - lr * v          # step along the velocity (the new one)
    return p, v


@exercise("momentum_step", lesson="05", solution=_momentum_step_solution)
def check_momentum_step(candidate):
    """Tries a step from a velocity that is not zero, so every order and convention gives a different answer."""
    rng = np.random.default_rng(5)
    p, v, g = rng.normal(size=3), rng.normal(size=3), rng.normal(size=3)
    lr, mu = 0.05, 0.9  # lr differs from 1 − mu, so the two conventions can be told apart
    new_p, new_v = _pair(call(candidate, p, v, g, lr, mu), ("p", "v"))
    ref_p, ref_v = _momentum_step_solution(p, v, g, lr, mu)
    if new_p.shape != p.shape or new_v.shape != v.shape:
        raise Mistake(tr("p and v must keep their shape {p_shape}; got {new_p_shape} and {new_v_shape}.",
                         p_shape=p.shape, new_p_shape=new_p.shape, new_v_shape=new_v.shape))
    if close(new_v, ref_v) and close(new_p, p - lr * v):
        raise Mistake(tr("v is right, but p moved with the OLD velocity: update v first, then step p with the new "
                         "v."))
    if close(new_v, mu * v + lr * g):
        raise Mistake(tr("your velocity includes the learning rate. In this course (and PyTorch) v = μ·v + g is a "
                         "sum of gradients; lr is applied when p moves."))
    if close(new_v, mu * v - g) or close(new_v, -ref_v):
        raise Mistake(tr("the velocity has the wrong sign: v adds up gradients (v = μ·v + g) and p moves AGAINST "
                         "it (p − lr·v)."))
    if close(new_v, mu * v + (1 - mu) * g):
        raise Mistake(tr("that is the averaged form v = μ·v + (1 − μ)·g. This course uses PyTorch's form, v = μ·v "
                         "+ g (no (1 − μ) factor)."))
    if close(new_v, g):
        raise Mistake(tr("v is just g: the old velocity, shrunk by μ, must be kept in the sum."))
    if not close(new_v, ref_v):
        raise Mistake(tr("v is not right: the new velocity is μ times the old one plus the gradient."))
    if close(new_p, p + lr * ref_v):
        raise Mistake(tr("p moved uphill: subtract lr·v."))
    if not close(new_p, ref_p):
        raise Mistake(tr("v is right but p is not: p moves by −lr times the new velocity."))


# ---------------------------------------------------------------------------------------------
# 2. One Adagrad step
# ---------------------------------------------------------------------------------------------
def _adagrad_step_solution(p, G, g, lr, eps=1e-10):
    """p, G, g: arrays of the same shape -> (new p, new G). G adds up every squared gradient so far."""
    G = G + g * g                          # first add this step's g² ...
    p = p - lr * g / (np.sqrt(G) + eps)    # ... then divide by its square root; eps outside the sqrt
    return p, G


@exercise("adagrad_step", lesson="05", solution=_adagrad_step_solution)
def check_adagrad_step(candidate):
    """A first step (G = 0) and a later one; one entry has a tiny gradient, where eps's place matters."""
    lr, eps = 0.5, 1e-10
    p = np.array([1.0, -2.0, 0.5])
    g = np.array([0.3, -4.0, 1e-6])
    for G in (np.zeros(3), np.array([2.0, 9.0, 1e-12])):
        new_p, new_G = _pair(call(candidate, p, G, g, lr, eps), ("p", "G"))
        ref_p, ref_G = _adagrad_step_solution(p, G, g, lr, eps)
        if close(new_G, ref_G) and close(new_p, p - lr * g / (np.sqrt(G) + eps)):
            raise Mistake(tr("p was stepped with the OLD sum G: add g² to G first, then take the step."))
        if close(new_G, g * g) and not close(G, 0 * G):
            raise Mistake(tr("G holds only this step's g²: it must ADD UP the squared gradients of every step so "
                             "far."))
        if not close(new_G, ref_G):
            raise Mistake(tr("G is not right: the new G is the old G plus g² (elementwise)."))
        if close(new_p, p - lr * g / np.sqrt(ref_G + eps), tol=1e-9):
            raise Mistake(tr("eps is inside the square root: this course (and PyTorch's Adagrad) divides by √G + "
                             "eps."))
        if close(new_p, p - lr * g / (ref_G + eps)):
            raise Mistake(tr("you divided by G itself: divide by its square root, √G + eps."))
        if not close(new_p, ref_p, tol=1e-9):
            raise Mistake(tr("G is right but p is not: p moves by −lr·g / (√G + eps), elementwise."))


# ---------------------------------------------------------------------------------------------
# 3. One Adam step with bias correction
# ---------------------------------------------------------------------------------------------
def _adam_step_solution(p, m, v, g, t, lr=0.001, beta1=0.9, beta2=0.999, eps=1e-8):
    """t is the number of this step: 1 for the very first. Returns (new p, new m, new v)."""
    m = beta1 * m + (1 - beta1) * g            # first moment: a moving average of g
    v = beta2 * v + (1 - beta2) * g * g        # second moment: a moving average of g²
    m_hat = m / (1 - beta1**t)                 # bias correction: m and v started at 0
    v_hat = v / (1 - beta2**t)
    p = p - lr * m_hat / (np.sqrt(v_hat) + eps)
    return p, m, v                             # keep the UNcorrected m and v for the next step


def _adam_variant(p, m, v, g, t, lr, b1, b2, eps, fix_m=True, fix_v=True, t_shift=0, eps_inside=False):
    m = b1 * m + (1 - b1) * g
    v = b2 * v + (1 - b2) * g * g
    with np.errstate(all="ignore"):
        m_hat = m / (1 - b1 ** (t + t_shift)) if fix_m else m
        v_hat = v / (1 - b2 ** (t + t_shift)) if fix_v else v
        step = m_hat / np.sqrt(v_hat + eps) if eps_inside else m_hat / (np.sqrt(v_hat) + eps)
    return p - lr * step


@exercise("adam_step", lesson="05", solution=_adam_step_solution)
def check_adam_step(candidate):
    """The first step (t = 1) from zero state, then a later step (t = 5) from a state that is not zero."""
    lr, b1, b2, eps = 0.1, 0.9, 0.999, 1e-8
    p = np.array([1.0, -2.0, 0.5])
    g = np.array([0.3, -4.0, 1e-6])  # a tiny gradient too: there eps's place matters
    cases = ((1, np.zeros(3), np.zeros(3)), (5, np.array([0.2, -1.0, 1e-7]), np.array([0.01, 0.5, 1e-13])))
    for t, m, v in cases:
        new_p, new_m, new_v = _pair(call(candidate, p, m, v, g, t, lr, b1, b2, eps), ("p", "m", "v"))
        ref_p, ref_m, ref_v = _adam_step_solution(p, m, v, g, t, lr, b1, b2, eps)
        if not (np.all(np.isfinite(new_p)) and np.all(np.isfinite(new_m)) and np.all(np.isfinite(new_v))):
            raise Mistake(tr("at step t = {t} your result is not finite (inf or NaN). If the bias correction "
                             "divides by 1 − β^(t−1), t is off by one: t = 1 at the first step, so 1 − β^t is "
                             "never 0.", t=t))
        if close(new_m, ref_m / (1 - b1**t)) or close(new_v, ref_v / (1 - b2**t)):
            raise Mistake(tr("you returned the bias-corrected m̂ or v̂ as the new state. Keep the plain running "
                             "averages m and v for the next step; the corrected ones are only used for this step."))
        if close(new_v, b2 * v + (1 - b2) * g) or close(new_v, b2 * v + (1 - b2) * np.abs(g)):
            raise Mistake(tr("v must average the SQUARED gradient, g², not g."))
        if not close(new_m, ref_m):
            raise Mistake(tr("m is not right: m = β1·m + (1 − β1)·g."))
        if not close(new_v, ref_v):
            raise Mistake(tr("v is not right: v = β2·v + (1 − β2)·g²."))
        args = (p, m, v, g, t, lr, b1, b2, eps)
        if close(new_p, _adam_variant(*args, fix_m=False, fix_v=False), tol=1e-9):
            raise Mistake(tr("p moved without bias correction: divide m by (1 − β1^t) and v by (1 − β2^t) before "
                             "the step (early on both are far too small because they started at 0)."))
        if close(new_p, _adam_variant(*args, fix_v=False), tol=1e-9):
            raise Mistake(tr("only m is bias-corrected: correct v too, v̂ = v / (1 − β2^t)."))
        if close(new_p, _adam_variant(*args, fix_m=False), tol=1e-9):
            raise Mistake(tr("only v is bias-corrected: correct m too, m̂ = m / (1 − β1^t)."))
        for shift in (-1, 1):
            if close(new_p, _adam_variant(*args, t_shift=shift), tol=1e-9):
                raise Mistake(tr("the bias correction uses the wrong t (off by {shift:+d}): t counts steps from 1, "
                                 "and this step's own t goes into 1 − β^t.", shift=shift))
        if close(new_p, _adam_variant(*args, eps_inside=True), tol=1e-9):
            raise Mistake(tr("eps is inside the square root: this course (and PyTorch) divides by √v̂ + eps."))
        if not close(new_p, ref_p, tol=1e-9):
            raise Mistake(tr("m and v are right but p is not: p moves by −lr·m̂ / (√v̂ + eps)."))


# ---------------------------------------------------------------------------------------------
# 4. Mini-batch indices
# ---------------------------------------------------------------------------------------------
def _minibatch_indices_solution(m, batch_size, rng):
    """One epoch: the indices 0..m-1 shuffled, cut into batches of batch_size (the last may be smaller)."""
    order = rng.permutation(m)                  # every index exactly once, in a random order
    return [order[i:i + batch_size] for i in range(0, m, batch_size)]


@exercise("minibatch_indices", lesson="05", solution=_minibatch_indices_solution)
def check_minibatch_indices(candidate):
    """m = 10 with batches of 4 (the last batch has 2), and a batch bigger than the data set."""
    for m, bs in ((10, 4), (12, 3), (5, 8)):
        batches = call(candidate, m, bs, np.random.default_rng(0))
        if isinstance(batches, np.ndarray) and batches.ndim == 1:
            raise Mistake(tr("return a LIST of index arrays (one per mini-batch), not one flat array."))
        try:
            batches = [np.asarray(b).ravel() for b in batches]
        except TypeError:
            raise Mistake(tr("return a list of index arrays, one per mini-batch.")) from None
        if not all(b.size and np.issubdtype(b.dtype, np.integer) for b in batches):
            raise Mistake(tr("each batch must be a non-empty array of whole-number indices (e.g. from "
                             "rng.permutation)."))
        flat = np.concatenate(batches)
        if flat.size and (flat.min() < 0 or flat.max() >= m):
            raise Mistake(tr("indices must lie in 0..{last} for m = {m}.", last=m - 1, m=m))
        if len(np.unique(flat)) < flat.size:
            raise Mistake(tr("some examples appear twice (and so others never): that is sampling WITH replacement. "
                             "An epoch must use every example exactly once."))
        if flat.size < m:
            missing = m - flat.size
            raise Mistake(tr("{missing} of the {m} examples are in no batch: when m is not a multiple of "
                             "batch_size, keep the last, smaller batch.", missing=missing, m=m))
        expected = [min(bs, m - i) for i in range(0, m, bs)]
        if [b.size for b in batches] != expected:
            raise Mistake(tr("for m = {m}, batch_size = {bs} the batch sizes should be {expected}, got {got_sizes}.",
                             m=m, bs=bs, expected=expected, got_sizes=[int(b.size) for b in batches]))
        if m > 1 and np.array_equal(flat, np.arange(m)):
            raise Mistake(tr("the batches are in the original order: shuffle the indices first (rng.permutation)."))
        again = [np.asarray(b).ravel() for b in call(candidate, m, bs, np.random.default_rng(0))]
        if not all(np.array_equal(a, b) for a, b in zip(batches, again, strict=True)):
            raise Mistake(tr("the same rng seed gave different batches: draw the random order from the `rng` you "
                             "are given, not from np.random."))
    first = np.concatenate(call(candidate, 12, 3, np.random.default_rng(1)))
    second = np.concatenate(call(candidate, 12, 3, np.random.default_rng(2)))
    if np.array_equal(first, second):
        raise Mistake(tr("different rng seeds gave the same order: use the `rng` you are given to shuffle."))


# ---------------------------------------------------------------------------------------------
# 5. One Nesterov step
# ---------------------------------------------------------------------------------------------
def _nesterov_step_solution(p, v, g, lr, mu):
    """p, v, g: arrays of the same shape -> (new p, new v). PyTorch's SGD(momentum=mu, nesterov=True)."""
    v = mu * v + g               # the same velocity as plain momentum
    p = p - lr * (g + mu * v)    # but step along g + mu·v: the gradient plus the velocity's next push
    return p, v


@exercise("nesterov_step", lesson="05", solution=_nesterov_step_solution)
def check_nesterov_step(candidate):
    """A step from a velocity that is not zero, so plain momentum and Nesterov give different answers."""
    rng = np.random.default_rng(7)
    p, v, g = rng.normal(size=3), rng.normal(size=3), rng.normal(size=3)
    lr, mu = 0.05, 0.9
    new_p, new_v = _pair(call(candidate, p, v, g, lr, mu), ("p", "v"))
    ref_p, ref_v = _nesterov_step_solution(p, v, g, lr, mu)
    if new_p.shape != p.shape or new_v.shape != v.shape:
        raise Mistake(tr("p and v must keep their shape {p_shape}; got {new_p_shape} and {new_v_shape}.",
                         p_shape=p.shape, new_p_shape=new_p.shape, new_v_shape=new_v.shape))
    if not close(new_v, ref_v):
        raise Mistake(tr("v is not right: Nesterov keeps the same velocity as plain momentum, v = μ·v + g."))
    if close(new_p, p - lr * ref_v):
        raise Mistake(tr("that is the plain momentum step (p − lr·v, the same as g + μ·(old v)). Nesterov steps "
                         "along g + μ·(new v)."))
    if close(new_p, p + lr * (g + mu * ref_v)):
        raise Mistake(tr("p moved uphill: subtract lr·(g + μ·v)."))
    if not close(new_p, ref_p):
        raise Mistake(tr("v is right but p is not: p moves by −lr·(g + μ·v), with the new v."))


# ---------------------------------------------------------------------------------------------
# 6. One RMSprop step
# ---------------------------------------------------------------------------------------------
def _rmsprop_step_solution(p, s, g, lr, alpha=0.99, eps=1e-8):
    """p, s, g: arrays of the same shape -> (new p, new s). s is a moving average of g²."""
    s = alpha * s + (1 - alpha) * g * g     # forget old squared gradients, slowly
    p = p - lr * g / (np.sqrt(s) + eps)     # eps outside the square root, as in PyTorch
    return p, s


@exercise("rmsprop_step", lesson="05", solution=_rmsprop_step_solution)
def check_rmsprop_step(candidate):
    """A first step (s = 0) and a later one; one entry has a tiny gradient, where eps's place matters."""
    lr, alpha, eps = 0.1, 0.99, 1e-8
    p = np.array([1.0, -2.0, 0.5])
    g = np.array([0.3, -4.0, 1e-6])
    for s in (np.zeros(3), np.array([0.5, 9.0, 1e-13])):
        new_p, new_s = _pair(call(candidate, p, s, g, lr, alpha, eps), ("p", "s"))
        ref_p, ref_s = _rmsprop_step_solution(p, s, g, lr, alpha, eps)
        if close(new_s, s + g * g):
            raise Mistake(tr("s adds up g² like Adagrad's G: RMSprop keeps a moving AVERAGE, s = α·s + (1 − α)·g²."))
        if close(new_s, alpha * s + g * g) or close(new_s, (1 - alpha) * s + alpha * g * g):
            raise Mistake(tr("the weights of the moving average are off: the old s gets α, the new g² gets 1 − α."))
        if close(new_s, alpha * s + (1 - alpha) * g):
            raise Mistake(tr("s must average the SQUARED gradient, g², not g."))
        if not close(new_s, ref_s):
            raise Mistake(tr("s is not right: s = α·s + (1 − α)·g² (elementwise)."))
        with np.errstate(all="ignore"):
            old_s_step = p - lr * g / (np.sqrt(s) + eps)
        if close(new_p, old_s_step, tol=1e-9):
            raise Mistake(tr("p was stepped with the OLD s: update s first, then take the step."))
        if close(new_p, p - lr * g / np.sqrt(ref_s + eps), tol=1e-9):
            raise Mistake(tr("eps is inside the square root: this course (and PyTorch's RMSprop) divides by √s + "
                             "eps."))
        if close(new_p, p - lr * g / (ref_s + eps), tol=1e-9):
            raise Mistake(tr("you divided by s itself: divide by its square root, √s + eps."))
        if not close(new_p, ref_p, tol=1e-9):
            raise Mistake(tr("s is right but p is not: p moves by −lr·g / (√s + eps), elementwise."))
