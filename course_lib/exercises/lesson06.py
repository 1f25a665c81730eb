"""Lesson 06 exercises: vanishing and exploding gradients.

    from course_lib.exercises.lesson06 import check_sigmoid_chain_bound, check_clip_by_global_norm, \
        check_count_dead_units
"""

from __future__ import annotations

import numpy as np

from course_lib.exercises.core import Mistake, as_array, call, close, exercise
from course_lib.i18n import tr


# ---------------------------------------------------------------------------------------------
# 1. The largest gradient a chain of sigmoid units can pass back
# ---------------------------------------------------------------------------------------------
def sigmoid_chain_bound(n_layers, weight=1.0):
    # Each layer multiplies the gradient by w * sigmoid'(z), and sigmoid'(z) is at most 0.25 (at z = 0).
    return (abs(weight) * 0.25) ** n_layers


@exercise("sigmoid_chain_bound", "06", sigmoid_chain_bound,
          hint=lambda: tr("one layer multiplies the gradient by |w| times the largest value of sigmoid'."))
def check_sigmoid_chain_bound(candidate):
    """Check sigmoid_chain_bound(n_layers, weight=1.0) = (|weight| * 0.25) ** n_layers."""
    cases = [(1, 1.0), (2, 1.0), (5, 1.0), (10, 1.0), (3, 0.5), (4, 8.0), (5, -8.0), (10, 4.0)]
    for n, w in cases:
        got = float(as_array(call(candidate, n, w), "sigmoid_chain_bound"))
        want = sigmoid_chain_bound(n, w)
        if close(got, want, tol=1e-9):
            continue
        if w == 1.0 and close(got, 0.25 * n):
            raise Mistake(tr("for {n} layers you returned {got:g}: that adds the factors; backpropagation "
                             "multiplies them.", n=n, got=got))
        if n > 1 and close(got, abs(w) ** n * 0.25):
            raise Mistake(tr("for {n} layers with weight {w:g} you returned {got:g}: every layer has its own "
                             "sigmoid', not only one of them.", n=n, w=w, got=got))
        if close(got, 0.5**n):
            raise Mistake(tr("for {n} layers you returned {got:g} = 0.5^{n}: 0.5 is sigmoid(0), the value; the "
                             "largest slope sigmoid'(0) is smaller.", n=n, got=got))
        if w != 1.0 and close(got, 0.25**n):
            raise Mistake(tr("with weight {w:g} you returned {got:g}: the weight is missing. Each layer multiplies "
                             "the gradient by w and by sigmoid'(z).", w=w, got=got))
        if got < 0:
            raise Mistake(tr("with weight {w:g} you returned a negative number ({got:g}); a size is never negative "
                             "(use the weight's absolute value).", w=w, got=got))
        raise Mistake(tr("sigmoid_chain_bound({n}, {w:g}) returned {got:g}; expected a different value.",
                         n=n, w=w, got=got))


# ---------------------------------------------------------------------------------------------
# 2. Gradient clipping by the global norm
# ---------------------------------------------------------------------------------------------
def clip_by_global_norm(grads, max_norm):
    # One length for all gradients together: the square root of the sum of every squared entry.
    total = np.sqrt(sum(np.sum(g**2) for g in grads))
    if total <= max_norm:
        return [g.copy() for g in grads]  # short enough: leave it as it is
    scale = max_norm / total  # the same factor for every array keeps the direction
    return [g * scale for g in grads]


def _global_norm(arrays):
    return float(np.sqrt(sum(np.sum(np.asarray(a, float) ** 2) for a in arrays)))


def _clip_inputs(kind):
    rng = np.random.default_rng({"big": 6, "small": 7, "mixed": 8}[kind])
    if kind == "big":  # global norm well above the limit, one entry far above it
        return [rng.normal(0, 3.0, size=(3, 4)), np.array([12.0, -1.0]), rng.normal(0, 0.5, size=(2, 3))], 5.0
    if kind == "small":  # already short: must come back unchanged
        return [rng.normal(0, 0.01, size=(3, 4)), np.array([0.02, -0.01])], 1.0
    # every single array is below the limit, together they are above it
    return [np.full((2, 2), 0.4), np.array([0.6, -0.6, 0.6]), rng.normal(0, 0.3, size=(4,))], 1.0


@exercise("clip_by_global_norm", "06", clip_by_global_norm,
          hint=lambda: tr("compute ONE norm over all arrays; if it is too long, multiply every array by the same "
                           "factor."))
def check_clip_by_global_norm(candidate):
    """Check clip_by_global_norm(grads, max_norm) -> list of arrays with global norm <= max_norm, same direction."""
    for kind in ("big", "small", "mixed"):
        grads, max_norm = _clip_inputs(kind)
        before = _global_norm(grads)
        result = call(candidate, [g.copy() for g in grads], max_norm)
        if not isinstance(result, list | tuple):
            raise Mistake(tr("return a list of arrays (one per gradient), got {kind}.", kind=type(result).__name__))
        if len(result) != len(grads):
            raise Mistake(tr("you returned {n_result} arrays for {n_grads} gradients: return one per gradient.",
                             n_result=len(result), n_grads=len(grads)))
        result = [as_array(r, tr("each clipped gradient")) for r in result]
        for r, g in zip(result, grads, strict=True):
            if r.shape != g.shape:
                raise Mistake(tr("a clipped gradient has shape {r_shape}, but the gradient had shape {g_shape}.",
                                 r_shape=r.shape, g_shape=g.shape))
        after = _global_norm(result)
        if before <= max_norm:
            if after > before * (1 + 1e-9):
                raise Mistake(tr("a gradient of norm {before:.3g}, already below max_norm = {max_norm:g}, came "
                                 "back with norm {after:.3g}: clipping only ever shrinks, it never scales a "
                                 "gradient up.", before=before, max_norm=max_norm, after=after))
            if not all(close(r, g, tol=1e-9) for r, g in zip(result, grads, strict=True)):
                raise Mistake(tr("a gradient of norm {before:.3g} is already below max_norm = {max_norm:g}, so it "
                                 "must come back unchanged.", before=before, max_norm=max_norm))
            continue
        scale = max_norm / before
        if all(close(r, g * scale, tol=1e-7) for r, g in zip(result, grads, strict=True)):
            continue
        if all(close(r, np.clip(g, -max_norm, max_norm), tol=1e-9) for r, g in zip(result, grads, strict=True)):
            raise Mistake(tr("you clipped each number separately (np.clip): that changes the gradient's direction "
                             "and can leave its length far above max_norm. Scale the whole gradient instead."))
        per_array = [g * min(1.0, max_norm / max(np.linalg.norm(g), 1e-300)) for g in grads]
        if all(close(r, p, tol=1e-7) for r, p in zip(result, per_array, strict=True)):
            raise Mistake(tr("you limited each array by its own norm; the global norm of all arrays together is "
                             "still {after:.3g} > {max_norm:g}. Use one norm over all arrays.",
                             after=after, max_norm=max_norm))
        if abs(after - max_norm) > 1e-6 * max_norm:
            raise Mistake(tr("a gradient of global norm {before:.3g} came back with norm {after:.3g}; with "
                             "max_norm = {max_norm:g} it should come back with norm exactly {max_norm:g}.",
                             before=before, after=after, max_norm=max_norm))
        raise Mistake(tr("the clipped gradient points in a different direction: multiply every array by the same "
                         "factor."))


# ---------------------------------------------------------------------------------------------
# 3. Counting dead ReLU units
# ---------------------------------------------------------------------------------------------
def count_dead_units(activations):
    # activations: (m, n), one column per unit. A unit is dead if it outputs 0 for EVERY example.
    dead = np.all(activations == 0, axis=0)
    return int(np.sum(dead))


def _dead_inputs():
    rng = np.random.default_rng(11)
    a = np.maximum(rng.normal(size=(9, 7)), 0.0)  # a normal ReLU layer: about half the entries are 0
    a[:, [1, 4]] = 0.0  # two dead units
    a[0, :] = np.where(np.arange(7) % 2 == 0, 0.0, a[0, :])  # zeros in live units too
    a[:, 6] = 0.0  # a third dead unit
    return a


@exercise("count_dead_units", "06", count_dead_units,
          hint=lambda: tr("a unit is one column; it is dead when every example (row) gives 0."))
def check_count_dead_units(candidate):
    """Check count_dead_units(activations (m, n)) -> number of columns that are 0 in every row."""
    cases = [_dead_inputs(), np.zeros((4, 3)), np.ones((5, 2)), np.maximum(np.eye(4) - 0.5, 0)]
    for a in cases:
        got = call(candidate, a.copy())
        got_arr = as_array(got, "count_dead_units")
        if got_arr.ndim != 0:
            raise Mistake(tr("return one number (how many units are dead), got an array of shape {got_arr_shape}.",
                             got_arr_shape=got_arr.shape))
        got = float(got_arr)
        want = count_dead_units(a)
        if got == want:
            continue
        if got == np.sum(a == 0) and a.shape != (4, 3):
            raise Mistake(tr("you returned {got:g}, the number of zero entries. Count units (columns) instead: a "
                             "live ReLU unit outputs 0 for many examples too.", got=got))
        if got == np.sum(np.any(a == 0, axis=0)):
            raise Mistake(tr("you returned {got:g}: a unit that is 0 for SOME examples is still alive (ReLU zeroes "
                             "about half of its inputs). Dead means 0 for every example.", got=got))
        if got == np.sum(np.all(a == 0, axis=1)):
            raise Mistake(tr("you returned {got:g}, the number of rows (examples) that are all 0; units are the "
                             "columns of activations (m, n).", got=got))
        raise Mistake(tr("for activations of shape {a_shape} you returned {got:g}; expected a different count.",
                         a_shape=a.shape, got=got))
