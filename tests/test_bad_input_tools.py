"""Learners' mistakes with the lesson tools: the scalar autodiff, gradient checks, metrics, data sets, augmentation,
loss surfaces, the perceptron helpers and the plots. Rows as in test_bad_input_training.py."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course_lib.augment import augment, flip, jitter
from course_lib.compgraph import Value, draw_graph
from course_lib.datasets import (
    Standardizer,
    expand_features,
    load_iris,
    make_blobs,
    make_circles,
    make_dataset,
    make_flower,
    make_regression_1d,
    make_xor,
    train_test_split,
)
from course_lib.gradcheck import check_model_gradients, numerical_gradient, relative_error
from course_lib.metrics import accuracy, confusion_matrix
from course_lib.optimizers import SGD, Momentum
from course_lib.perceptron import gate_outputs, gate_targets, gd_path, step_size_verdict
from course_lib.plots import (
    plot_activation,
    plot_confusion_matrix,
    plot_decision_boundary,
    plot_history,
    plot_network,
    plot_points,
    plot_regression_fit,
    plot_softmax,
    show_playground_frame,
)
from course_lib.surfaces import (
    BOWL,
    LinearRegressionSurface,
    draw_paths,
    get_surface,
    losses_along,
    minibatch_path,
    optimizer_path,
)
from course_lib.validation import CourseKeyError, CourseTypeError
from tests.mistake_helpers import assert_answered, rows


def square_sum(x):
    return float(np.sum(x**2))


TOOL_MISTAKES = [
    # -- compgraph.Value --------------------------------------------------------------------------------
    ("log of 0", lambda L: L.zero.log(), ["log(z)", "positive number", "-infinity"]),
    ("log of a negative Value", lambda L: (L.a * -1).log(), ["positive number", "-2"]),
    ("division by a Value of 0", lambda L: L.a / L.zero, ["division by zero", "a / z"]),
    ("division by the number 0", lambda L: Value(1.0) / 0, ["division by zero", "divisor of 0"]),
    ("dividing a number by a zero Value", lambda L: 1 / L.zero, ["division by zero"]),
    ("exp of a huge Value", lambda L: Value(1000.0).exp(), ["too large", "e^709"]),
    ("a Value of text", lambda L: Value("2.0"), ["single numbers", "'2.0'"], CourseTypeError),
    ("a Value of an array", lambda L: Value(np.array([1.0, 2.0])), ["single numbers", "shape (2,)"], CourseTypeError),
    ("a Value of None", lambda L: Value(None), ["single numbers", "None"], CourseTypeError),
    ("a Value of a Value", lambda L: Value(L.a), ["plain number", "use it directly"], CourseTypeError),
    ("a Value plus text", lambda L: L.a + "1", ["single numbers", "'1'"], CourseTypeError),
    ("a Value times a list", lambda L: L.a * [1, 2], ["single numbers"], CourseTypeError),
    ("a Value to the power of a Value", lambda L: L.a ** Value(2.0), ["plain number k", ".log()).exp()"],
     CourseTypeError),
    ("0 to a negative power", lambda L: L.zero ** -1, ["divides by zero"]),
    ("a negative Value to a fractional power", lambda L: (L.a * -1) ** 0.5, ["not a real number"]),
    ("a huge power", lambda L: Value(10.0) ** 400, ["too large"]),
    ("draw_graph of a number", lambda L: draw_graph(3.0), ["one Value", "3.0"], CourseTypeError),
    ("draw_graph of a list of Values", lambda L: draw_graph([L.a]), ["one Value"], CourseTypeError),
    # -- gradcheck ----------------------------------------------------------------------------------------
    ("numerical_gradient on an integer array", lambda L: numerical_gradient(lambda: square_sum(ints), ints),
     ["dtype int64", "astype(float)"], CourseTypeError),
    ("numerical_gradient on a list", lambda L: numerical_gradient(lambda: 0.0, [1.0, 2.0]),
     ["numpy array", "np.array"], CourseTypeError),
    ("numerical_gradient with the arguments swapped", lambda L: numerical_gradient(L.W, lambda: 0.0),
     ["f must be a function", "other way round"], CourseTypeError),
    ("numerical_gradient with f returning an array", lambda L: numerical_gradient(lambda: L.W * 2, L.W),
     ["one number", "mean or sum"]),
    ("numerical_gradient with f returning None", lambda L: numerical_gradient(lambda: None, L.W), ["one number"]),
    ("numerical_gradient with f of two arguments", lambda L: numerical_gradient(lambda W, X: 0.0, L.W),
     ["no arguments", "lambda"], CourseTypeError),
    ("numerical_gradient with h = 0", lambda L: numerical_gradient(lambda: square_sum(L.W), L.W, h=0), ["h"]),
    ("numerical_gradient with h as text", lambda L: numerical_gradient(lambda: square_sum(L.W), L.W, h="1e-5"),
     ["h", "number"]),
    ("numerical_gradient with NaN in x", lambda L: numerical_gradient(lambda: 0.0, np.array([np.nan, 1.0])),
     ["NaN", "isfinite"]),
    ("numerical_gradient in float16", lambda L: numerical_gradient(lambda: 0.0, np.array([1.0, 2.0], np.float16)),
     ["too small", "float16", "float64"]),
    ("numerical_gradient where f becomes NaN", lambda L: numerical_gradient(lambda: np.log(L.W[0, 1]), L.W),
     ["returned nan", "not finite"]),
    ("numerical_gradient where f raises (x is restored)",
     lambda L: numerical_gradient(lambda: Value(L.W[0, 0] - 0.5).log().data, L.W), ["log", "positive number"]),
    ("relative_error of different shapes", lambda L: relative_error(np.ones(3), np.ones((3, 1))),
     ["shapes differ", "(3,) vs (3, 1)", "reshape"]),
    ("relative_error with NaN", lambda L: relative_error([np.nan, 1.0], [1.0, 1.0]), ["NaN", "overflow"]),
    ("relative_error of text", lambda L: relative_error("0.1", "0.2"), ["non-numeric"], CourseTypeError),
    ("check_model_gradients with X transposed", lambda L: check_model_gradients(L.model, L.X.T, L.Y),
     ["transposed"]),
    ("check_model_gradients with labels out of range", lambda L: check_model_gradients(L.model, L.X, L.Y + 3),
     ["0..1"]),
    ("check_model_gradients with h negative", lambda L: check_model_gradients(L.model, L.X, L.Y, h=-1e-5), ["h"]),
    ("check_model_gradients with too few labels", lambda L: check_model_gradients(L.model, L.X, L.Y[:5]),
     ["10 examples", "5 labels"]),
    # -- metrics --------------------------------------------------------------------------------------------
    ("accuracy of empty lists", lambda L: accuracy([], []), ["empty", "at least one"]),
    ("confusion_matrix with a label -1", lambda L: confusion_matrix([0, 1, 1], [0, -1, 1]),
     ["y_pred", "-1", "+ 1) // 2"]),
    ("confusion_matrix with true label -1", lambda L: confusion_matrix([-1, 1], [1, 1]), ["y_true", "-1"]),
    ("accuracy with probabilities", lambda L: accuracy([0, 1, 1], [0.2, 0.7, 0.9]),
     ["whole class numbers", "probabilities", "p > 0.5"]),
    ("accuracy with NaN predictions", lambda L: accuracy([0, 1], [np.nan, 1]), ["NaN"]),
    ("accuracy with text labels", lambda L: accuracy(["cat", "dog"], ["cat", "cat"]), ["non-numeric"],
     CourseTypeError),
    ("accuracy with different lengths", lambda L: accuracy([0, 1, 1], [0, 1]), ["3 labels", "2"]),
    ("accuracy with one-hot probabilities", lambda L: accuracy([0, 1], np.eye(2)), ["shape (m,)", "argmax"]),
    ("confusion_matrix with too small n_classes", lambda L: confusion_matrix([0, 2], [0, 1], n_classes=2),
     ["largest is 2", "n_classes=3"]),
    ("confusion_matrix with n_classes 0", lambda L: confusion_matrix([0], [0], n_classes=0), ["n_classes"]),
    # -- data sets --------------------------------------------------------------------------------------------
    ("make_dataset with a setting another set has", lambda L: make_dataset("xor", factor=0.5),
     ["make_xor", "'factor'"], CourseTypeError),
    ("make_dataset with a list name", lambda L: make_dataset(["moons"]), ["by its name", "moons"], CourseTypeError),
    ("make_dataset with n_samples as text", lambda L: make_dataset("moons", n_samples="100"),
     ["n_samples", "whole number"]),
    ("make_dataset with noise above 5", lambda L: make_dataset("moons", noise=50), ["noise"]),
    ("make_dataset with a negative seed", lambda L: make_dataset("moons", seed=-1), ["seed", "non-negative"]),
    ("make_circles with factor 2", lambda L: make_circles(factor=2.0), ["factor", "inner circle"]),
    ("make_flower with 0 petals", lambda L: make_flower(petals=0), ["petals", "at least 1"]),
    ("make_blobs with 1 class", lambda L: make_blobs(n_classes=1), ["n_classes", "at least 2"]),
    ("make_blobs with 3-D centres", lambda L: make_blobs(centers=[[0, 0, 0], [1, 1, 1]]),
     ["centers", "(k, 2)", "(2, 3)"]),
    ("make_regression_1d with a function as target", lambda L: make_regression_1d(target=np.sin),
     ["by its name", "sin"], CourseTypeError),
    ("make_regression_1d misspelt target", lambda L: make_regression_1d(target="sine"), ["did you mean 'sin'"]),
    ("make_xor(200, 0.1, 0, 5): one value too many", lambda L: make_xor(200, 0.1, 0, 5), ["too many"],
     CourseTypeError),
    ("load_iris with an argument", lambda L: load_iris(True), ["too many"], CourseTypeError),
    ("train_test_split with test_size= (scikit-learn)", lambda L: train_test_split(L.X, L.Y, test_size=0.2),
     ["test_size", "test_fraction"], CourseTypeError),
    ("train_test_split with random_state=", lambda L: train_test_split(L.X, L.Y, random_state=42),
     ["random_state", "seed"], CourseTypeError),
    ("train_test_split with a percentage", lambda L: train_test_split(L.X, L.Y, test_fraction=30),
     ["fraction", "test_fraction=0.3"]),
    ("train_test_split with y None", lambda L: train_test_split(L.X, None), ["None"], CourseTypeError),
    ("train_test_split with one number as y", lambda L: train_test_split(L.X, 1), ["one label per example"]),
    ("train_test_split with X 1-D", lambda L: train_test_split(L.Y, L.Y), ["2-D"]),
    ("Standardizer(X) (data in the constructor)", lambda L: Standardizer(L.X), ["takes no data", ".fit(X_train)"],
     CourseTypeError),
    ("Standardizer.fit(X, y) (scikit-learn habit)", lambda L: Standardizer().fit(L.X, L.Y), ["too many"],
     CourseTypeError),
    ("Standardizer.transform of text", lambda L: L.scaler.transform([["a", "b", "c"]]), ["non-numeric"],
     CourseTypeError),
    ("Standardizer fitted on 3 columns, used on 2", lambda L: L.scaler.transform(L.X[:, :2]), ["fitted on", "3"]),
    ("expand_features with an unknown name", lambda L: expand_features(L.X2, ["x1", "x3"]),
     ["unknown feature 'x3'", "choose one of", "x1^2"]),
    ("expand_features with a number", lambda L: expand_features(L.X2, 1), ["list of names", "['x1', 'x2']"],
     CourseTypeError),
    # -- augmentation ------------------------------------------------------------------------------------------
    ("augment 3-D points", lambda L: augment(L.X, L.Y, copies=1), ["expects", "2"]),
    ("flip on an unknown axis", lambda L: flip(L.X2, L.y2, axis="z"), ["'x', 'y' or 'both'", "'z'"]),
    ("flip with swap_labels on three classes", lambda L: flip(L.X2, np.arange(40) % 3, swap_labels=True),
     ["binary labels"]),
    ("jitter with a negative std", lambda L: jitter(L.X2, L.y2, std=-0.1), ["jitter std"]),
    ("augment with copies as text", lambda L: augment(L.X2, L.y2, copies="2"), ["copies", "whole number"]),
    ("augment with labels of another length", lambda L: augment(L.X2, L.y2[:5]), ["one label per point"]),
    ("augment with text labels", lambda L: augment(L.X2, ["a"] * 40), ["non-numeric"], CourseTypeError),
    ("augment with noise= (not its name)", lambda L: augment(L.X2, L.y2, noise=0.1),
     ["'noise'", "settings are"], CourseTypeError),
    # -- surfaces --------------------------------------------------------------------------------------------
    ("optimizer_path with the optimizer class", lambda L: optimizer_path(BOWL, SGD),
     ["the class", "SGD(lr=0.1)"], CourseTypeError),
    ("optimizer_path with an optimizer name", lambda L: optimizer_path(BOWL, "sgd"), ["optimizer object"],
     CourseTypeError),
    ("optimizer_path from a 3-D start", lambda L: optimizer_path(BOWL, L.sgd, start=(1, 2, 3)), ["pair (x, y)"]),
    ("optimizer_path from a text start", lambda L: optimizer_path(BOWL, L.sgd, start="origin"), ["non-numeric"],
     CourseTypeError),
    ("optimizer_path with negative steps", lambda L: optimizer_path(BOWL, L.sgd, steps=-1), ["steps"]),
    ("get_surface misspelt", lambda L: get_surface("bowel"), ["did you mean 'bowl'"]),
    ("get_surface with a list", lambda L: get_surface(["bowl"]), ["by its name"], CourseTypeError),
    ("losses_along a flat path", lambda L: losses_along(BOWL, [1.0, 2.0, 3.0]), ["(n, 2)"]),
    ("draw_paths with a list of paths", lambda L: draw_paths(BOWL, [np.zeros((3, 2))]), ["dict {label: path}"],
     CourseTypeError),
    ("draw_paths with a path of the wrong shape", lambda L: draw_paths(BOWL, {"SGD": np.zeros((3, 3))}),
     ["'SGD'", "(n, 2)"]),
    ("minibatch_path on a named surface", lambda L: minibatch_path(BOWL, L.sgd), ["LinearRegressionSurface"],
     CourseTypeError),
    ("minibatch_path with a negative batch size",
     lambda L: minibatch_path(LinearRegressionSurface.make(m=20), L.sgd, batch_size=-1), ["batch_size"]),
    ("a regression surface from x and t of different lengths", lambda L: LinearRegressionSurface([1, 2, 3], [1, 2]),
     ["same length"]),
    ("a regression surface of text", lambda L: LinearRegressionSurface(["a", "b"], [1, 2]), ["non-numeric"],
     CourseTypeError),
    ("Momentum with momentum 1 on a surface", lambda L: optimizer_path(BOWL, Momentum(momentum=1.0)), ["momentum"]),
    # -- perceptron -----------------------------------------------------------------------------------------
    ("an unknown gate", lambda L: gate_targets("XAND"), ["unknown gate", "choose one of", "NAND"]),
    ("a misspelt gate", lambda L: gate_targets("NANDD"), ["did you mean 'NAND'"]),
    ("a gate given as a number", lambda L: gate_targets(1), ["by its name"], CourseTypeError),
    ("gate_outputs with a text weight", lambda L: gate_outputs("1", 1, -0.5), ["w1", "number"]),
    ("gd_path with a text learning rate", lambda L: gd_path("0.1"), ["lr", "number"]),
    ("gd_path with fractional steps", lambda L: gd_path(0.1, steps=2.5), ["steps", "whole number"]),
    ("step_size_verdict of None", lambda L: step_size_verdict(None), ["lr", "number"]),
    # -- plots ------------------------------------------------------------------------------------------------
    ("plot_points of 3-D data", lambda L: plot_points(L.X, L.Y), ["2"]),
    ("plot_points with too few labels", lambda L: plot_points(L.X2, L.y2[:10]), ["40 points", "10 labels"]),
    ("plot_points with probabilities as labels", lambda L: plot_points(L.X2, np.full(40, 0.3)),
     ["class labels", "p > 0.5"]),
    ("plot_decision_boundary with the data first", lambda L: plot_decision_boundary(L.X2, L.y2, L.model),
     ["predict must be a model"], CourseTypeError),
    ("plot_decision_boundary with the model class", lambda L: plot_decision_boundary(type(L.model), L.X2, L.y2),
     ["predict must be a model"], CourseTypeError),
    ("plot_decision_boundary with X_test of 3 features",
     lambda L: plot_decision_boundary(L.model, L.X2, L.y2, X_test=L.X, y_test=L.Y), ["X_test", "2"]),
    ("plot_decision_boundary with a misspelt feature",
     lambda L: plot_decision_boundary(L.model, L.X2, L.y2, features=["x1", "x2^3"]), ["unknown feature"]),
    ("plot_history with 'acc'", lambda L: plot_history(L.history, metric="acc"), ["unknown metric", "accuracy"]),
    ("plot_history of a list", lambda L: plot_history([0.5, 0.4]), ["History"], CourseTypeError),
    ("plot_activation of softmax", lambda L: plot_activation("softmax"), ["plot_softmax"]),
    ("plot_activation misspelt", lambda L: plot_activation("tanhh"), ["did you mean 'tanh'"]),
    ("plot_softmax of text", lambda L: plot_softmax(["a", "b"]), ["non-numeric"], CourseTypeError),
    ("plot_regression_fit with 2-D points", lambda L: plot_regression_fit(L.regressor, L.X2, L.y2), ["expects"]),
    ("plot_regression_fit with a string model", lambda L: plot_regression_fit("model", L.Xr, L.yr),
     ["predict must be a model"], CourseTypeError),
    ("show_playground_frame of a model", lambda L: show_playground_frame(L.model), ["Playground"], CourseTypeError),
    ("show_playground_frame of a panel it does not show", lambda L: show_playground_frame(L.pg, panel="units"),
     ["no 'units' panel", "panels="]),
    ("plot_network of a string", lambda L: plot_network("2,4,1"), ["whole numbers", "(2, 4, 1)"], CourseTypeError),
    ("plot_network with a zero layer", lambda L: plot_network([2, 0, 1]), ["all >= 1"]),
    ("plot_network with one size", lambda L: plot_network([3]), ["at least one layer"]),
    ("plot_confusion_matrix of labels", lambda L: plot_confusion_matrix([0, 1, 1]), ["square", "confusion_matrix("]),
    ("plot_confusion_matrix with too few names",
     lambda L: plot_confusion_matrix(np.eye(3), class_names=["a", "b"]), ["2 names", "3 classes"]),
    # -- exercises' solutions ---------------------------------------------------------------------------------
    ("show a solution that does not exist", lambda L: __import__("course_lib.exercises.core", fromlist=["x"])
     .solution_source("sigmod"), ["no exercise called 'sigmod'", "did you mean 'sigmoid'"], CourseKeyError),
]

ints = np.array([1, 2, 3])  # an integer array (numerical_gradient must refuse it, not return 5e4, 1.5e5, ...)


@pytest.mark.parametrize("description, call, words, error", rows(TOOL_MISTAKES), ids=[r[0] for r in TOOL_MISTAKES])
def test_tool_mistake_is_answered(description, call, words, error):
    try:
        assert_answered(description, call, words, error)
    finally:
        plt.close("all")


def test_numerical_gradient_restores_x_and_takes_f_of_x():
    x = np.array([1.0, 2.0, 3.0])
    assert np.allclose(numerical_gradient(lambda: square_sum(x), x), [2, 4, 6])
    assert np.allclose(numerical_gradient(square_sum, x), [2, 4, 6])  # f(x) works too
    assert np.array_equal(x, [1.0, 2.0, 3.0])


def test_a_gradient_check_on_a_relu_kink_says_so():
    from course_lib.layers import Dense
    from course_lib.model import Sequential

    X = np.array([[0.0, 0.0], [0.5, -0.3], [0.2, 0.9]])  # the first example puts every hidden unit on the kink
    model = Sequential([Dense(4, input_dim=2, activation="relu"), Dense(1, activation="sigmoid")], seed=0)
    report = check_model_gradients(model, X, np.array([1.0, 0.0, 1.0]))
    assert report.worst_error > 0.1  # correct backprop, yet a large error: the kink straddled
    assert "4 input(s) of layer0's relu" in report.note and "kink" in str(report)
    tanh = Sequential([Dense(4, input_dim=2, activation="tanh"), Dense(1, activation="sigmoid")], seed=0)
    assert check_model_gradients(tanh, X, np.array([1.0, 0.0, 1.0])).note == ""


def test_confusion_matrix_and_accuracy_of_good_labels():
    assert confusion_matrix([0, 1, 1], [0, 1, 0]).tolist() == [[1, 0], [1, 1]]
    assert accuracy(np.array([0, 1, 1]), np.array([True, True, False])) == pytest.approx(1 / 3)
