"""Lesson 00 · Start here: counting layers and parameters, and the shapes convention of course_lib.

    from course_lib.exercises.lesson00 import check_count_layers, check_count_parameters, check_layer_shapes
"""

from __future__ import annotations

from itertools import pairwise

from course_lib.exercises.core import Mistake, call, exercise
from course_lib.i18n import tr

KEYS = ("X", "W", "b", "Z")


def _layer_shapes_solution(m, n_prev, n_units):
    return {
        "X": (m, n_prev),  # examples are rows
        "W": (n_units, n_prev),  # W[l] is (n_l, n_{l-1}), as in the notes and PyTorch
        "b": (n_units,),  # one bias per unit, added to every row by broadcasting
        "Z": (m, n_units),  # Z = X @ W.T + b: one row per example, one column per unit
    }


def _as_shape(value):
    try:
        return tuple(int(v) for v in value)
    except (TypeError, ValueError):
        return None


@exercise("layer_shapes", lesson="00", solution=_layer_shapes_solution)
def check_layer_shapes(candidate):
    """layer_shapes(m, n_prev, n_units) -> {"X": shape, "W": shape, "b": shape, "Z": shape} in course_lib's layout."""
    for m, n_prev, n_units in [(5, 3, 4), (200, 2, 8), (1, 7, 1)]:
        got = call(candidate, m, n_prev, n_units)
        if not isinstance(got, dict) or set(got) != set(KEYS):
            raise Mistake(tr("return a dict with exactly the keys \"X\", \"W\", \"b\" and \"Z\", each a shape "
                             "tuple such as (m, n_prev)."))
        shapes = {k: _as_shape(got[k]) for k in KEYS}
        if any(s is None for s in shapes.values()):
            raise Mistake(tr("each value must be a shape: a tuple of whole numbers, e.g. (m, n_prev) or (n_units,)."))
        where = tr(" (with m={m}, n_prev={n_prev}, n_units={n_units})", m=m, n_prev=n_prev, n_units=n_units)
        if shapes["X"] != (m, n_prev):
            if shapes["X"] == (n_prev, m):
                raise Mistake(tr("X: that is the notes' layout, one example per column. In code one example is one "
                                 "row.{where}", where=where))
            raise Mistake(tr("X should hold m examples of n_prev features each; you gave {X_shape}{where}.",
                             X_shape=shapes['X'], where=where))
        if shapes["W"] != (n_units, n_prev):
            if shapes["W"] == (n_prev, n_units):
                raise Mistake(tr("W is the other way round: course_lib keeps the notes' layout, one ROW per unit "
                                 "of this layer and one column per input.{where}", where=where))
            raise Mistake(tr("W has one weight per (unit, input) pair; you gave {W_shape}{where}.",
                             W_shape=shapes['W'], where=where))
        if shapes["b"] != (n_units,):
            if shapes["b"] == (n_units, 1):
                raise Mistake(tr("b: (n_units, 1) is the notes' column vector. In course_lib b is 1-D, one number "
                                 "per unit, and broadcasting adds it to every row of X @ W.T.{where}", where=where))
            if len(shapes["b"]) == 2 and shapes["b"][0] == m:
                raise Mistake(tr("b has one number per unit, shared by all examples (not one row per "
                                 "example).{where}", where=where))
            raise Mistake(tr("b has one number per unit of the layer; you gave {b_shape}{where}.",
                             b_shape=shapes['b'], where=where))
        if shapes["Z"] != (m, n_units):
            if shapes["Z"] == (n_units, m):
                raise Mistake(tr("Z: that is the notes' layout (W X + b, one column per example). X @ W.T + b "
                                 "keeps one row per example.{where}", where=where))
            raise Mistake(tr("Z = X @ W.T + b: work out the shape of the product; you gave {Z_shape}{where}.",
                             Z_shape=shapes['Z'], where=where))


# ---------------------------------------------------------------------------------------------
# Counting layers and parameters
# ---------------------------------------------------------------------------------------------
def _count_layers_solution(layer_sizes):
    # layer_sizes = [n_0, n_1, ..., n_L]: the input layer n_0 computes nothing and is not counted
    return len(layer_sizes) - 1


def _count_parameters_solution(layer_sizes):
    total = 0
    for k in range(1, len(layer_sizes)):  # layers 1..L (layer 0, the input, has no parameters)
        n, n_prev = layer_sizes[k], layer_sizes[k - 1]
        total += n * n_prev + n  # W[k] has shape (n_k, n_{k-1}), b[k] has shape (n_k,)
    return total


def _as_int(value, what):
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Mistake(tr("return one whole number ({what}).", what=what)) from None
    if number != value:
        raise Mistake(tr("return one whole number ({what}).", what=what))
    return number


@exercise("count_layers", lesson="00", solution=_count_layers_solution)
def check_count_layers(candidate):
    """count_layers([n_0, n_1, ..., n_L]) -> L, the number of layers counted the course's way."""
    for sizes in ([3, 4, 1], [2, 8, 8, 1], [4, 3], [5, 16, 16, 16, 2]):
        got = _as_int(call(candidate, list(sizes)), tr("the number of layers"))
        if got == len(sizes) - 1:
            continue
        where = tr(" (for layer_sizes = {sizes})", sizes=sizes)
        if got == len(sizes):
            raise Mistake(tr("you counted the input layer. It only holds the features (no weights, no "
                             "computation), so the course does not count it.{where}", where=where))
        if got == len(sizes) - 2:
            raise Mistake(tr("you counted only the hidden layers: the output layer has weights too, so it "
                             "counts.{where}", where=where))
        raise Mistake(tr("you returned {got}{where}: count every layer that has weights.", got=got, where=where))


@exercise("count_parameters", lesson="00", solution=_count_parameters_solution)
def check_count_parameters(candidate):
    """count_parameters([n_0, n_1, ..., n_L]) -> the number of weights and biases of the whole network."""
    for sizes in ([3, 4, 1], [2, 8, 8, 1], [4, 3], [784, 128, 10]):
        got = _as_int(call(candidate, list(sizes)), tr("the number of parameters"))
        pairs = list(pairwise(sizes))
        expected = sum(n * p + n for p, n in pairs)
        if got == expected:
            continue
        where = tr(" (for layer_sizes = {sizes})", sizes=sizes)
        weights = sum(n * p for p, n in pairs)
        if got == weights:
            raise Mistake(tr("you counted the weights but not the biases: every unit of a layer also has one "
                             "bias.{where}", where=where))
        if got == weights + sum(sizes):
            raise Mistake(tr("you gave the input layer biases too. It has no weights and no biases.{where}",
                             where=where))
        if got == weights + sum(p for p, _ in pairs):
            raise Mistake(tr("one bias per unit of the layer itself (n_l of them), not one per input it "
                             "receives.{where}", where=where))
        raise Mistake(tr("you returned {got}{where}. Layer l has a weight matrix of shape (n_l, n_(l-1)) and n_l "
                         "biases; add them up over the layers.", got=got, where=where))
