"""Lesson 00 · Start here: the shapes convention of course_lib.

    from course_lib.exercises.lesson00 import check_layer_shapes
"""

from __future__ import annotations

from course_lib.exercises.core import Mistake, call, exercise

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
            raise Mistake('return a dict with exactly the keys "X", "W", "b" and "Z", each a shape tuple '
                          'such as (m, n_prev).')
        shapes = {k: _as_shape(got[k]) for k in KEYS}
        if any(s is None for s in shapes.values()):
            raise Mistake("each value must be a shape: a tuple of whole numbers, e.g. (m, n_prev) or (n_units,).")
        where = f" (with m={m}, n_prev={n_prev}, n_units={n_units})"
        if shapes["X"] != (m, n_prev):
            if shapes["X"] == (n_prev, m):
                raise Mistake("X: that is the notes' layout, one example per column. In code one example is one "
                              "row." + where)
            raise Mistake(f"X should hold m examples of n_prev features each; you gave {shapes['X']}{where}.")
        if shapes["W"] != (n_units, n_prev):
            if shapes["W"] == (n_prev, n_units):
                raise Mistake("W is the other way round: course_lib keeps the notes' layout, one ROW per unit of "
                              "this layer and one column per input." + where)
            raise Mistake(f"W has one weight per (unit, input) pair; you gave {shapes['W']}{where}.")
        if shapes["b"] != (n_units,):
            if shapes["b"] == (n_units, 1):
                raise Mistake("b: (n_units, 1) is the notes' column vector. In course_lib b is 1-D, one number "
                              "per unit, and broadcasting adds it to every row of X @ W.T." + where)
            if len(shapes["b"]) == 2 and shapes["b"][0] == m:
                raise Mistake("b has one number per unit, shared by all examples (not one row per example)."
                              + where)
            raise Mistake(f"b has one number per unit of the layer; you gave {shapes['b']}{where}.")
        if shapes["Z"] != (m, n_units):
            if shapes["Z"] == (n_units, m):
                raise Mistake("Z: that is the notes' layout (W X + b, one column per example). X @ W.T + b keeps "
                              "one row per example." + where)
            raise Mistake(f"Z = X @ W.T + b: work out the shape of the product; you gave {shapes['Z']}{where}.")
