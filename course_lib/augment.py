"""Data augmentation for 2-D points: more training examples made from the ones we have (lesson 08).

    X_aug, y_aug = augment(X, y, copies=3, jitter=0.1, flip_x=True, flip_y=True, seed=0)

Two kinds of new examples:
- jitter: a copy of each point moved by a little seeded Gaussian noise, with the same label. It says
  "a point this close to a known point has the same class", which holds wherever the classes are not
  packed tighter than the noise.
- flips: the mirror image of each point (x1 -> -x1 and/or x2 -> -x2). A flip is only honest for a data set
  that is SYMMETRIC under that mirror, and the label must follow the data set's own rule:
    circles  a mirrored ring is the same ring: keep the label (swap_labels=False);
    xor      one flip moves a point into the other class's quadrant: swap the label (swap_labels=True);
             flipping both axes swaps twice, so the label is kept.
  Moons, two-arm spirals and the two gaussians are not symmetric under a single-axis flip: flipping them
  teaches the network something false. Their only symmetry is a half turn (both axes flipped) that SWAPS the
  classes, a rule `augment` does not offer (its swap_labels is XOR's rule): use jitter only there. (Images
  have the same problem: a mirrored cat is a cat, a mirrored "b" is a "d".)

Everything is seeded (numpy default_rng); nothing touches the global seed. Labels must be (m,) class labels;
swap_labels needs binary labels 0 / 1.
"""

from __future__ import annotations

import numpy as np

from course_lib.i18n import tr
from course_lib.init import make_rng
from course_lib.validation import (
    CourseError,
    as_float_array,
    check_2d_inputs,
    check_number,
    check_positive_int,
    explain_arguments,
)


def _check_pair(X, y):
    X = check_2d_inputs(X, "X", n_features=2)
    y = np.asarray(y) if isinstance(y, np.ndarray) and y.dtype.kind in "biuf" else as_float_array(y, "y")
    if y.ndim != 1 or len(y) != len(X):
        raise CourseError(tr(
            "y must hold one label per point, shape ({n_X},); got shape {shape}.",
            n_X=len(X), shape=y.shape))
    return X, y


@explain_arguments()
def jitter(X, y, copies=1, std=0.05, seed=0):
    """`copies` noisy copies of every point: X + N(0, std²) noise, same labels. Originals NOT included.

    X (m, 2), y (m,) -> X_new (copies·m, 2), y_new (copies·m,). copies=0 gives empty arrays.
    """
    X, y = _check_pair(X, y)
    copies = check_positive_int(copies, "copies", minimum=0)
    std = check_number(std, tr("jitter std"), low=0.0)
    rng = make_rng(seed)
    X_new = np.tile(X, (copies, 1))
    X_new = X_new + std * rng.normal(size=X_new.shape)
    return X_new, np.tile(y, copies)


_jitter = jitter  # augment's `jitter` argument (the noise std) hides the function's name inside augment


@explain_arguments()
def flip(X, y, axis="x", swap_labels=False):
    """Mirror every point. axis "x": x1 -> -x1 (left-right); "y": x2 -> -x2 (up-down); "both": both.

    swap_labels=True turns label 0 into 1 and 1 into 0 once per mirrored axis (XOR's rule; "both" swaps
    twice, so keeps the label). Only for data sets symmetric under that mirror (see the module docstring).
    X (m, 2), y (m,) -> X_flipped (m, 2), y_flipped (m,).
    """
    X, y = _check_pair(X, y)
    signs = {"x": (-1.0, 1.0), "y": (1.0, -1.0), "both": (-1.0, -1.0)}
    if axis not in signs:
        raise CourseError(tr("axis must be 'x', 'y' or 'both', got {axis!r}.", axis=axis))
    y_new = y.copy()
    if swap_labels and axis != "both":
        if not np.all(np.isin(y, (0, 1))):
            raise CourseError(tr("swap_labels needs binary labels 0 / 1 (it turns 0 into 1 and 1 into 0)."))
        y_new = 1 - y_new
    return X * np.array(signs[axis]), y_new


@explain_arguments()
def augment(X, y, copies=0, jitter=0.0, flip_x=False, flip_y=False, seed=0, swap_labels=False):
    """The originals, their mirror images, and noisy copies of all of those.

    1. flips: with flip_x the left-right mirror images are added, with flip_y the up-down ones, with both
       also the images mirrored on both axes (so the set is symmetric under every flip it allows);
       swap_labels as in `flip`. FOR SYMMETRIC DATA SETS ONLY (circles; xor with swap_labels=True).
    2. jitter: `copies` copies of everything from step 1, each point moved by Gaussian noise of std `jitter`.
    X (m, 2), y (m,) -> X_aug (n, 2), y_aug (n,) with n = m · (1 + flip_x + flip_y + flip_x·flip_y) · (1 + copies).
    The originals come first, unchanged; `seed` fixes the noise.
    """
    X, y = _check_pair(X, y)
    copies = check_positive_int(copies, "copies", minimum=0)
    std = check_number(jitter, "jitter", low=0.0)
    axes = [a for a, on in (("x", flip_x), ("y", flip_y), ("both", flip_x and flip_y)) if on]
    parts = [(X, y)] + [flip(X, y, axis=a, swap_labels=swap_labels) for a in axes]
    X_all = np.concatenate([p[0] for p in parts])
    y_all = np.concatenate([p[1] for p in parts])
    if copies:
        X_j, y_j = _jitter(X_all, y_all, copies=copies, std=std, seed=seed)
        X_all, y_all = np.concatenate([X_all, X_j]), np.concatenate([y_all, y_j])
    return X_all, y_all
