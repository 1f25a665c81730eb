"""plots.plot_network: the layer-count convention in the title, wide layers, bad input."""

import matplotlib.pyplot as plt
import pytest

from course_lib.plots import plot_network


def test_title_counts_layers_without_the_input():
    ax = plot_network([3, 4, 1])
    assert ax.get_title() == "a 2-layer network: 1 hidden layer + output"
    ax = plot_network([4, 8, 8, 3])
    assert ax.get_title() == "a 3-layer network: 2 hidden layers + output"
    plt.close("all")


def test_wide_layers_are_shortened():
    ax = plot_network([784, 32, 10])
    assert any(t.get_text() == "⋮" for t in ax.texts)
    plt.close("all")


def test_bad_sizes():
    with pytest.raises(ValueError):
        plot_network([3])
    with pytest.raises(ValueError):
        plot_network([3, 0, 1])
