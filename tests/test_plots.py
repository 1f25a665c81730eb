"""The static figures: each draws labelled axes from real training output, in the course style."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import pytest

from course_lib import plots
from course_lib.datasets import make_regression_1d, make_xor
from course_lib.layers import Dense
from course_lib.metrics import confusion_matrix
from course_lib.model import Sequential
from course_lib.plots import plot_network
from course_lib.training import fit


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def test_history_draws_training_and_validation_curves():
    X, y = make_xor(60, seed=0)
    model = Sequential([Dense(4, input_dim=2, activation="tanh"), Dense(1, activation="sigmoid")])
    history = fit(model, X[:40], y[:40], lr=0.05, epochs=20, validation_data=(X[40:], y[40:]))
    ax = plots.plot_history(history)
    assert [line.get_label() for line in ax.get_lines()] == ["training loss", "validation loss"]
    assert len(ax.get_lines()[0].get_xdata()) == 20 and ax.get_xlabel() == "epoch"


def test_regression_fit_and_confusion_matrix_are_labelled():
    X, y = make_regression_1d(30, seed=0)
    model = Sequential([Dense(8, input_dim=1, activation="tanh"), Dense(1)])
    ax = plots.plot_regression_fit(model, X, y, title="fit")
    assert ax.get_title() == "fit" and ax.get_xlabel() == "x"
    ax = plots.plot_confusion_matrix(confusion_matrix([0, 1, 1], [0, 1, 0], 2), ["a", "b"])
    assert [t.get_text() for t in ax.texts] == ["1", "0", "1", "1"]


def test_course_style_applies_only_inside_the_block():
    before = matplotlib.rcParams["axes.grid"]
    with plots.course_style():
        assert matplotlib.rcParams["axes.grid"] is True
    assert matplotlib.rcParams["axes.grid"] == before


# -- plot_network: the layer-count convention in the title, wide layers, bad input ------------------------
def test_title_counts_layers_without_the_input():
    ax = plot_network([3, 4, 1])
    assert ax.get_title() == "a 2-layer network: 1 hidden layer + output"
    ax = plot_network([4, 8, 8, 3])
    assert ax.get_title() == "a 3-layer network: 2 hidden layers + output"


def test_wide_layers_are_shortened():
    ax = plot_network([784, 32, 10])
    assert any(t.get_text() == "⋮" for t in ax.texts)


def test_bad_sizes():
    with pytest.raises(ValueError):
        plot_network([3])
    with pytest.raises(ValueError):
        plot_network([3, 0, 1])
