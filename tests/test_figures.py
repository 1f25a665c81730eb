"""course_lib.figures: every lesson figure draws from small inputs, and the drawing functions of the explorers return
their text line. (The lessons draw them with real data when nbval runs the notebooks.)"""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from course_lib import figures
from course_lib.datasets import make_dataset
from course_lib.layers import Dense
from course_lib.model import Sequential
from course_lib.surfaces import LinearRegressionSurface
from course_lib.training import fit


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def trained():
    X, y = make_dataset("moons", n_samples=60, noise=0.2, seed=0)
    net = Sequential([Dense(4, input_dim=2, activation="tanh"), Dense(1, activation="sigmoid")], seed=0)
    history = fit(net, X, y, optimizer="adam", lr=0.05, epochs=5, validation_data=(X, y))
    return net, history, X, y


class FakeHistory(dict):
    epochs = (1, 2, 3)

    def last(self, key):
        return self[key][-1]


def test_lesson_01_to_03_figures():
    timings = {"m": [(500, 1e-3, 2e-3), (2000, 2e-3, 5e-3)], "n": [(50, 1e-3, 2e-3), (200, 4e-3, 3e-3)]}
    assert len(figures.plot_cost_growth(timings)) == 2
    assert len(figures.plot_linear_map([[1.0, 0.5], [0.0, 1.0]])) == 2
    assert "bump from -0.5 to 1" in figures.draw_bump(Figure())
    x = np.linspace(-1, 1, 11)
    assert len(figures.plot_curve_fits(x, x**2, {"a": ("fit", x), "b": ("fit", -x)})) == 2
    assert len(figures.plot_sawtooths(x, {1: x, 2: -x})) == 2
    assert len(figures.plot_activation_gallery().axes) == 6
    assert "saturated" in figures.draw_activation(Figure(), "sigmoid", 0.01)
    assert figures.plot_prelu_slopes(np.full((3, 16), 0.25)).get_title()
    assert "sum = 1.000" in figures.draw_softmax(Figure())


def test_lesson_04_figures(trained):
    net, _, X, y = trained
    axes = figures.plot_boundaries({"one": net, "two": net}, X, y, X, y, resolution=20)
    assert len(axes) == 2
    assert figures.plot_accuracy_by_size([1, 2], {"train": [0.5, 0.9], "test": [0.5, 0.8]}).get_xlabel()
    axes = figures.plot_size_sweep({"one": net, "two": net}, [1, 2], {"train": [0.5, 0.9], "test": [0.5, 0.8]},
                                   X, y, X, y, resolution=20)
    assert len(axes) == 4 and axes[2].get_ylabel() == "accuracy (mean of 3 seeds)" and not axes[3].axison


def test_lesson_05_figures():
    surface = LinearRegressionSurface.make(m=20, w=2.0, b=0.5, noise=1.0, seed=0)
    runs = {"batch": (np.zeros((3, 2)), np.ones(3)), "one": (np.ones((3, 2)), np.ones(3))}
    assert len(figures.plot_batch_paths(surface, runs, {"batch": "#000000", "one": "#0072B2"})) == 2
    assert "examples used" in figures.draw_batch_demo(Figure(), batch_size=4, lr=0.1, steps=10, surface=surface)
    rates = {"Adagrad": 1 / np.sqrt(np.arange(1, 201)), "RMSprop": np.full(200, 0.05)}
    assert figures.plot_effective_rates(rates).get_xscale() == "log"
    assert "final loss: SGD" in figures.draw_race(Figure(), "bowl", 0.1, 0.9, ("SGD", "Adam"), 20)
    assert type(figures.make_optimizer("Nesterov", 0.1, 0.9)).__name__ == "Momentum"
    ax = figures.plot_convergence_factors(lambda e: np.abs(1 - e), lambda e, mu: np.full_like(e, np.sqrt(mu)))
    assert len(ax.get_lines()) >= 3 and ax.get_ylim() == (0, 1.7)
    histories = {"full batch": {"epoch": [1, 2, 3], "train_loss": [0.7, 0.6, 0.5]},
                 "stochastic (1)": {"epoch": [0.01, 0.02], "train_loss": [0.7, 0.65]}}
    ax = figures.plot_loss_per_example(histories, examples_per_epoch=140)
    assert ax.get_xscale() == "log" and list(ax.get_lines()[0].get_xdata()) == [140, 280, 420]


def test_lesson_06_to_08_figures(trained):
    net, history, X, y = trained
    assert figures.plot_layer_norms({"sigmoid": np.array([1e-3, 1e-2, 1e-1])}).get_yscale() == "log"
    outputs = [np.random.default_rng(0).normal(size=(50, 4)) for _ in range(3)]
    text = figures.draw_layer_histograms(Figure(), "tanh", "std 1", 0.05, layer_outputs=lambda *a, **k: outputs)
    assert text.startswith("tanh, std 1: std per layer")
    assert figures.plot_init_losses({"he": history, "zeros": history}).get_ylabel()
    assert figures.plot_loss_curves(history).get_title() == "loss per epoch"
    assert len(figures.plot_point_sets([(X, y, "a"), (X, y, "b")])) == 2
    assert len(figures.plot_boundary_and_curves(net, history, X, y, "title", best_epoch=2)) == 2
    assert figures.plot_learning_curve([20, 40], {"train": [0.1, 0.2], "test": [0.3, 0.25]}).get_xscale() == "log"
    assert len(figures.plot_augmentation((X, y), (X, y), (X, y), (X, y))) == 3
    w = np.r_[np.zeros(5), np.linspace(-1, 1, 20)]
    assert len(figures.plot_weight_histograms({"none": (net, w), "L1": (net, w)}, X, y).axes) == 4
    assert figures.plot_early_stopping(history, 2, 4).get_legend() is not None


def test_lesson_09_figures(trained):
    rng = np.random.default_rng(0)
    X = rng.normal(size=(30, 4))
    y = np.repeat([0, 1, 2], 10)
    labels = ["a (cm)", "b (cm)", "c (cm)", "d (cm)"]
    assert len(figures.plot_iris_pairs(X, y, ["s", "v", "g"], labels)) == 2
    h = FakeHistory(loss=[1.0, 0.8, 0.7], val_loss=[1.1, 0.9, 0.95], accuracy=[0.5, 0.7, 0.8],
                    val_accuracy=[0.4, 0.6, 0.6])
    assert len(figures.plot_history_with_stop(h, 2, 3)) == 2
    cm = np.diag([10, 10, 10])
    y_pred = y.copy()
    y_pred[0] = 1
    assert len(figures.plot_test_mistakes(cm, ["s", "v", "g"], X, y, X, y, y_pred, labels)) == 2
    choices = {"g": {"recipe": {}, "other": {"lr": 0.1}}}
    runs = {(): [h], (("lr", 0.1),): [h]}
    assert len(figures.plot_choice_curves(choices, runs, epochs=3, axes=[plt.subplots()[1]])) == 1
    images = rng.uniform(0, 16, size=(40, 64))
    digits = np.repeat(np.arange(10), 4)
    assert len(figures.plot_digit_examples(images, digits).axes) == 20
    probs = np.full((40, 10), 0.1)
    fig = figures.plot_digit_mistakes(np.eye(10, dtype=int), images / 16, digits, (digits + 1) % 10, probs)
    assert fig.get_axes()
