"""Lesson 06 (vanishing and exploding gradients): the exercise checks, and the playground's quiet divergence."""

import warnings

from course_lib.widgets import Playground


def test_playground_divergence_warns_nothing():
    """Exploding weights end in NaN: the playground says so in words, with no RuntimeWarning from numpy."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dash = Playground(dataset="moons", hidden=(16,) * 6, activation="relu", init="large normal",
                          optimizer="sgd", lr=0.1, panels=("gradients", "histograms", "curves", "boundary", "units"))
        dash.run(steps=100)
        assert dash.diverged and "NaN" in dash.diverged
        dash.frames()
        dash.dead_units()
        dash._repr_mimebundle_()
