"""Learners' mistakes with the building blocks: Sequential, layers, weights, initializers, activations, losses,
optimizers and regularizers. Rows as in test_bad_input_training.py (see tests/mistake_helpers.py)."""

import numpy as np
import pytest

from course_lib.activations import (
    Activation,
    get_activation,
    leaky_relu,
    relu,
    relu_derivative,
    sigmoid,
    sigmoid_derivative,
    softmax,
    softmax_backward,
    tanh,
)
from course_lib.init import get_initializer, he_normal, make_rng
from course_lib.layers import ActivationLayer, Dense, Dropout, PReLU
from course_lib.losses import (
    BCELoss,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    MSELoss,
    binary_cross_entropy,
    categorical_cross_entropy_with_logits,
    get_loss,
    mse,
)
from course_lib.model import Sequential
from course_lib.optimizers import SGD, Adagrad, Adam, Momentum, RMSprop, get_optimizer
from course_lib.regularization import L1, L1L2, L2, get_regularizer, soft_threshold
from course_lib.validation import CourseTypeError
from tests.mistake_helpers import assert_answered, rows


def nan_init(shape, rng):
    return np.full(shape, np.nan)


def flat_init(shape, rng):
    return np.zeros(shape[0])  # forgot the second dimension


def shape_only_init(shape):
    return np.zeros(shape)


def summing_activation(z):
    return np.sum(z, axis=1)  # changes the shape


def math_activation(z):
    import math

    return math.tanh(z)  # works on one number only


def with_entry(model, key, value):
    """model.get_weights() with one entry replaced (or added)."""
    return {**model.get_weights(), key: value}


MODEL_MISTAKES = [
    # -- building a Sequential ---------------------------------------------------------------------------
    ("the same Dense object twice", lambda L: Sequential([L.layer, L.layer]), ["appears twice", "Dense(8) twice"]),
    ("adding a layer that is already in the model", lambda L: L.model.add(L.model.layers[0]),
     ["already in the model"]),
    ("dtype as an unknown word", lambda L: Sequential([Dense(2, input_dim=3)], dtype="double precision"),
     ["dtype", "float type"], CourseTypeError),
    ("dtype int32", lambda L: Sequential(dtype=np.int32), ["float type"]),
    ("Sequential seed as text", lambda L: Sequential([Dense(2, input_dim=3)], seed="zero"), ["seed", "whole number"]),
    ("a tuple of layers with a string inside", lambda L: Sequential((Dense(2, input_dim=3), "softmax")),
     ["layers such as", "ReLU()"]),
    ("a layer given as a dict (config habit)", lambda L: Sequential([{"units": 4}]), ["layers such as"]),
    ("Sequential(name=...) (Keras)", lambda L: Sequential([Dense(2, input_dim=3)], name="mlp"), ["'name'"],
     CourseTypeError),
    ("model.summary() of a model built from nothing", lambda L: L.unbuilt.summary(), ["input_dim"]),
    ("model.build with text", lambda L: L.unbuilt.build("3"), ["input_dim", "whole number"], CourseTypeError),
    ("model.build(0)", lambda L: L.unbuilt.build(0), ["input_dim", "at least 1"]),
    ("Keras's model.evaluate", lambda L: L.model.evaluate(L.X, L.Y), ["no .evaluate()", "evaluate(model, X, y)"]),
    # -- weights ---------------------------------------------------------------------------------------------
    ("set_weights with NaN", lambda L: L.model.set_weights(with_entry(L.model, "layer0.W", np.full((4, 3), np.nan))),
     ["layer0.W", "NaN", "finite"]),
    ("set_weights with inf", lambda L: L.model.set_weights(with_entry(L.model, "layer1.b", np.array([np.inf, 0]))),
     ["layer1.b", "infinite"]),
    ("set_weights with text", lambda L: L.model.set_weights(with_entry(L.model, "layer1.b", np.array(["a", "b"]))),
     ["layer1.b", "non-numeric"], CourseTypeError),
    ("set_weights with an extra entry", lambda L: L.model.set_weights(with_entry(L.model, "layer2.W", np.ones(2))),
     ["layer2.W", "does not have"]),
    ("set_weights on an unbuilt model", lambda L: L.unbuilt.set_weights(L.model.get_weights()),
     ["no weights yet", "build"]),
    ("set_weights: a later entry is wrong (nothing written)",
     lambda L: L.model.set_weights({"layer0.W": np.zeros((4, 3)), "layer0.b": np.zeros(4),
                                    "layer1.W": np.zeros((2, 4)), "layer1.b": np.zeros(3)}),
     ["layer1.b", "expected (2,)"]),
    ("set_weights with None", lambda L: L.model.set_weights(None), ["dict", "get_weights()"]),
    ("set_weights from another architecture", lambda L: L.model.set_weights(L.binary.get_weights()),
     ["missing"]),
    # -- Dense / layers ------------------------------------------------------------------------------------
    ("Dense with too many positional values", lambda L: Dense(8, "relu", 4, "he_normal", 0, 7),
     ["too many", "by name"], CourseTypeError),
    ("Dropout(p=0.5) (PyTorch)", lambda L: Dropout(p=0.5), ["'p'", "rate"], CourseTypeError),
    ("Dropout(keep_prob=0.8) (TensorFlow 1)", lambda L: Dropout(keep_prob=0.8), ["keep_prob", "rate"],
     CourseTypeError),
    ("Dropout rate as text", lambda L: Dropout("0.5"), ["Dropout rate", "number"]),
    ("PReLU alpha above 1", lambda L: PReLU(alpha_init=1.5), ["alpha_init"]),
    ("PReLU with num_parameters (PyTorch)", lambda L: PReLU(num_parameters=4), ["num_parameters"], CourseTypeError),
    ("ActivationLayer with a slope for relu", lambda L: ActivationLayer("relu", slope=0.2),
     ["slope", "leaky_relu"]),
    ("ActivationLayer with an unknown name", lambda L: ActivationLayer("gelu"), ["unknown activation"]),
    ("Dense input_dim as a tuple", lambda L: Dense(4, input_dim=(3,)), ["input_dim", "whole number"],
     CourseTypeError),
    ("Dense units as a list", lambda L: Dense([4, 4]), ["units", "whole number"], CourseTypeError),
    ("Dense units True", lambda L: Dense(True), ["units", "whole number"]),
    ("Dense with a custom initializer and std=", lambda L: Dense(4, input_dim=3, kernel_init=he_normal, std=0.1),
     ["std", "your own initializer"]),
    ("layer forward with a 1-D input", lambda L: L.layer.forward(np.ones(3)), ["2-D batch", "reshape(1, -1)"]),
    ("layer forward transposed", lambda L: L.layer.forward(np.ones((3, 5))), ["expects 3", "transposed"]),
    ("layer forward with None", lambda L: L.layer.forward(None), ["None"], CourseTypeError),
    # -- initializers ----------------------------------------------------------------------------------------
    ("an initializer that makes NaN", lambda L: Dense(4, input_dim=3, kernel_init=nan_init),
     ["nan_init", "NaN", "finite"]),
    ("an initializer that forgets a dimension", lambda L: Dense(4, input_dim=3, kernel_init=flat_init),
     ["flat_init", "shape (4,)", "(4, 3)"]),
    ("an initializer without rng", lambda L: Dense(4, input_dim=3, kernel_init=shape_only_init),
     ["two arguments", "(shape, rng)"], CourseTypeError),
    ("an initializer that returns text", lambda L: Dense(2, input_dim=2, kernel_init=lambda s, r: [["a", "b"]] * 2),
     ["non-numeric"], CourseTypeError),
    ("a model built with a NaN initializer",
     lambda L: Sequential([Dense(4, kernel_init=nan_init), Dense(1)]).predict(L.X), ["NaN"]),
    ("get_initializer with a number", lambda L: get_initializer(0.01), ["kernel_init", "name"]),
    ("get_initializer with an unknown setting", lambda L: get_initializer("he_normal", std=0.1),
     ["std", "no settings"]),
    ("normal std negative", lambda L: get_initializer("normal", std=-1)((2, 2)), ["std"]),
    ("make_rng with a float", lambda L: make_rng(1.5), ["seed", "whole number"]),
    ("he_normal on a 3-D shape", lambda L: he_normal((2, 3, 4)), ["weight matrix shape"]),
    # -- activations -----------------------------------------------------------------------------------------
    ("sigmoid of text", lambda L: sigmoid("1.0"), ["non-numeric"], CourseTypeError),
    ("sigmoid of a ragged list", lambda L: sigmoid([[1, 2], [3]]), ["same length"]),
    ("relu of an empty array", lambda L: relu(np.array([])), ["empty"]),
    ("tanh of None", lambda L: tanh(None), ["None"], CourseTypeError),
    ("softmax of an empty array", lambda L: softmax(np.zeros((0, 3))), ["empty"]),
    ("softmax of one number", lambda L: softmax(2.0), ["single number", "np.array"]),
    ("softmax along an axis that does not exist", lambda L: softmax(np.ones((2, 3)), axis=2), ["axis", "-2 to 1"]),
    ("softmax axis as text", lambda L: softmax(np.ones((2, 3)), axis="rows"), ["axis"]),
    ("sigmoid of complex numbers", lambda L: sigmoid(np.array([1 + 2j])), ["complex", "real"], CourseTypeError),
    ("relu_derivative of a dict", lambda L: relu_derivative({"z": 1.0}), ["non-numeric"], CourseTypeError),
    ("leaky_relu with a text slope", lambda L: leaky_relu(np.ones(3), slope="0.1"), ["slope", "number"]),
    ("sigmoid_derivative of strings", lambda L: sigmoid_derivative(["a", "b"]), ["non-numeric"], CourseTypeError),
    ("softmax_backward with a gradient of another shape", lambda L: softmax_backward(np.ones((2, 3)), np.ones((3, 2))),
     ["grad_out", "(3, 2)", "must match"]),
    ("get_activation with a slope for tanh", lambda L: get_activation("tanh", slope=0.1), ["slope", "leaky_relu"]),
    ("get_activation with a number", lambda L: get_activation(3), ["name such as 'relu'"]),
    ("get_activation misspelt", lambda L: get_activation("sigmod"), ["did you mean 'sigmoid'"]),
    ("Activation without a derivative", lambda L: Activation("mine", np.tanh, None), ["derivative", "function of z"],
     CourseTypeError),
    ("Activation whose function changes the shape", lambda L: Activation("sum", summing_activation, np.ones_like),
     ["'sum'", "returned shape (2,)", "keep the shape"]),
    ("Activation that uses math.tanh", lambda L: Activation("m", math_activation, np.ones_like),
     ["'m'", "raised TypeError", "np.exp"]),
    ("Activation with the name last", lambda L: Activation(np.tanh, lambda z: 1 - np.tanh(z) ** 2, "tanh"),
     ["name (a string) first"], CourseTypeError),
    ("Activation whose derivative returns text", lambda L: Activation("t", np.tanh, lambda z: np.full(z.shape, "x")),
     ["derivative", "not numbers"], CourseTypeError),
    ("Dense with an activation that changes the shape", lambda L: Dense(3, activation=Activation(
        "sum", summing_activation, np.ones_like)), ["returned shape", "keep the shape"]),
    # -- losses ----------------------------------------------------------------------------------------------
    ("BCELoss(from_logits=True) (Keras)", lambda L: BCELoss(from_logits=True),
     ["takes no settings", "BCEWithLogitsLoss()"], CourseTypeError),
    ("CrossEntropyLoss(weight=...) (PyTorch)", lambda L: CrossEntropyLoss(weight=np.ones(2)),
     ["takes no settings", "weight"], CourseTypeError),
    ("mse of empty arrays", lambda L: mse(np.zeros((0, 1)), np.zeros((0, 1))), ["empty", "at least one"]),
    ("MSELoss with text targets", lambda L: MSELoss().forward(np.zeros((2, 1)), ["a", "b"]), ["non-numeric"],
     CourseTypeError),
    ("MSELoss with None predictions", lambda L: MSELoss().forward(None, np.zeros(2)), ["None"], CourseTypeError),
    ("BCE on probabilities above 1", lambda L: binary_cross_entropy(np.array([[1.5], [0.2]]), [1, 0]),
     ["probabilities in [0, 1]", "logits"]),
    ("BCEWithLogits targets of the wrong shape", lambda L: BCEWithLogitsLoss().forward(np.zeros((4, 1)), np.zeros(3)),
     ["must match"]),
    ("cross-entropy with a label too large", lambda L: categorical_cross_entropy_with_logits(np.zeros((2, 3)), [0, 3]),
     ["0..2", "ranges from 0 to 3"]),
    ("cross-entropy with fractional labels", lambda L: CrossEntropyLoss().forward(np.zeros((2, 3)), [0.5, 1]),
     ["whole numbers"]),
    ("cross-entropy with NaN labels", lambda L: CrossEntropyLoss().forward(np.zeros((2, 3)), [np.nan, 1]),
     ["NaN"]),
    ("get_loss with a number", lambda L: get_loss(2), ["name such as 'mse'"]),
    ("get_loss misspelt", lambda L: get_loss("binary_crossentropyy"), ["unknown loss", "did you mean"]),
    ("3-D predictions into a loss", lambda L: MSELoss().forward(np.zeros((2, 2, 2)), np.zeros((2, 2, 2))),
     ["(m, n_outputs)", "(2, 2, 2)"]),
    # -- optimizers ------------------------------------------------------------------------------------------
    ("SGD(learning_rate=0.1) (Keras)", lambda L: SGD(learning_rate=0.1), ["learning_rate", "lr="], CourseTypeError),
    ("SGD(model.parameters(), lr=0.1) (PyTorch)", lambda L: SGD(L.model.parameters(), lr=0.1),
     ["dict of arrays", "SGD(lr=0.1)"], CourseTypeError),
    ("SGD(model.parameters()) (PyTorch, lr left out)", lambda L: SGD(L.model.parameters()),
     ["do not take the model's parameters", "SGD(lr=0.1)"], CourseTypeError),
    ("SGD(0.1, 0.9): momentum without a name", lambda L: SGD(0.1, 0.9), ["too many", "by name"], CourseTypeError),
    ("Adam(beta_1=0.9) (Keras)", lambda L: Adam(beta_1=0.9), ["beta_1", "betas=(0.9, 0.999)"], CourseTypeError),
    ("Adam(epsilon=1e-7) (Keras)", lambda L: Adam(epsilon=1e-7), ["epsilon", "eps="], CourseTypeError),
    ("Adam(weight_decay=...) (PyTorch)", lambda L: Adam(weight_decay=1e-4), ["weight_decay", "L2"], CourseTypeError),
    ("Adam eps of 0", lambda L: Adam(eps=0), ["eps"]),
    ("Adam betas with text", lambda L: Adam(betas=("0.9", 0.999)), ["beta1", "number"]),
    ("RMSprop(rho=0.9) (Keras)", lambda L: RMSprop(rho=0.9), ["rho", "settings are"], CourseTypeError),
    ("Momentum of -0.5", lambda L: Momentum(momentum=-0.5), ["momentum", "[0.0, 1.0)"]),
    ("Adagrad with a text eps", lambda L: Adagrad(eps="tiny"), ["eps", "number"]),
    ("lr set to text between steps", lambda L: setattr(L.sgd, "lr", "fast"), ["learning rate", "number"]),
    ("optimizer step with a list of arrays", lambda L: L.sgd.step([np.ones(2)], [np.ones(2)]), ["two dicts"]),
    ("get_optimizer with a class", lambda L: get_optimizer(SGD), ["name such as 'adam'"]),
    ("get_optimizer misspelt", lambda L: get_optimizer("rmsporp"), ["did you mean 'rmsprop'"]),
    ("get_optimizer with Keras's learning_rate", lambda L: get_optimizer("sgd", learning_rate=0.1),
     ["does not take", "lr"]),
    # -- regularization ------------------------------------------------------------------------------------
    ("L2 made with a text strength", lambda L: L2("0.01"), ["strength", "number", "without quotes"]),
    ("L1 strength NaN", lambda L: L1(float("nan")), ["strength", "finite"]),
    ("L1L2 with a negative l2", lambda L: L1L2(l1=0.01, l2=-1), ["strength"]),
    ("get_regularizer('l2') without a strength", lambda L: get_regularizer("l2"), ["L2(strength)", "'l2'"]),
    ("get_regularizer with a class", lambda L: get_regularizer(L1), ["the class", "L1(0.001)"]),
    ("soft_threshold with a negative threshold", lambda L: soft_threshold(L.W, -0.1), ["threshold"]),
]


@pytest.mark.parametrize("description, call, words, error", rows(MODEL_MISTAKES), ids=[r[0] for r in MODEL_MISTAKES])
def test_model_mistake_is_answered(description, call, words, error):
    assert_answered(description, call, words, error)


def test_a_custom_activation_that_works_is_accepted_and_trains():
    mine = Activation("mine", lambda z: np.maximum(z, 0.0), lambda z: (z > 0).astype(float))
    model = Sequential([Dense(4, input_dim=3, activation=mine), Dense(1)], seed=0)
    assert model.predict(np.ones((2, 3))).shape == (2, 1)
