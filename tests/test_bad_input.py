"""Learners' mistakes: each one raises CourseError with a message that says what is wrong and how to fix it.

One row per mistake: (what the learner did, the call, words the message must contain). The words are
checked case-insensitively; a bare numpy or Python error (ValueError, TypeError, ...) fails the test, and so
does a change to the learner's data X, Y. More tables, which also check that the learner's models, histories
and playgrounds are unchanged, are in test_bad_input_*.py (see mistake_helpers.py).
"""

import numpy as np
import pytest

from course_lib.activations import get_activation
from course_lib.datasets import Standardizer, make_dataset, train_test_split
from course_lib.init import get_initializer
from course_lib.layers import ActivationLayer, Dense, Dropout, PReLU
from course_lib.losses import BCELoss, CrossEntropyLoss, MSELoss, get_loss
from course_lib.model import Sequential
from course_lib.optimizers import SGD, Adam, Momentum, RMSprop, get_optimizer
from course_lib.regularization import L2, get_regularizer
from course_lib.training import EarlyStopping, Trainer, evaluate, fit
from course_lib.validation import CourseError

RNG = np.random.default_rng(0)
X = RNG.normal(size=(10, 3))  # 10 examples, 3 features
Y = np.arange(10) % 2  # class labels 0 / 1


def model():
    """3 inputs -> 2 classes."""
    return Sequential([Dense(4, input_dim=3, activation="relu"), Dense(2, activation="softmax")], seed=0)


def binary_model():
    return Sequential([Dense(1, input_dim=3, activation="sigmoid")], seed=0)


def with_nan(a):
    a = a.copy()
    a[2, 1] = np.nan
    return a


def with_inf(a):
    a = a.copy()
    a[0, 0] = np.inf
    return a


def dense_after_forward(grad_shape):
    layer = Dense(2, input_dim=3, seed=0)
    layer.forward(X)
    return layer.backward(np.ones(grad_shape))


def layer_after_forward(layer, grad_shape):
    layer.forward(X)
    return layer.backward(np.ones(grad_shape))


MISTAKES = [
    # -- the data X ------------------------------------------------------------------------------------
    ("X transposed (features as rows, as in the notes)", lambda: model().predict(X.T), ["transposed", "X.T"]),
    ("X transposed when fitting", lambda: fit(model(), X.T, Y, epochs=1), ["transposed", "rows"]),
    ("wrong number of features", lambda: model().predict(X[:, :2]), ["2 features", "expects", "3"]),
    ("1-D X (one example without the batch axis)", lambda: model().predict(X[0]), ["2-D", "reshape(1, -1)"]),
    ("1-D X (one feature)", lambda: fit(Sequential([Dense(1)]), np.arange(5.0), np.arange(5.0), epochs=1),
     ["2-D", "reshape(-1, 1)"]),
    ("3-D X (images not flattened)", lambda: model().predict(np.zeros((5, 3, 1))), ["3-D", "flatten"]),
    ("empty X", lambda: model().predict(np.zeros((0, 3))), ["empty", "at least one"]),
    ("NaN in X", lambda: fit(model(), with_nan(X), Y, epochs=1), ["NaN", "fill"]),
    ("inf in X", lambda: model().predict(with_inf(X)), ["infinite", "remove"]),
    ("text in X", lambda: model().predict([["1.0", "2.0", "x"]]), ["non-numeric", "convert"]),
    ("ragged rows in X", lambda: model().predict([[1, 2, 3], [4, 5]]), ["same length"]),
    ("complex numbers in X", lambda: model().predict(X + 1j), ["complex", "real"]),
    ("X is None", lambda: fit(model(), None, Y, epochs=1), ["None", "array"]),
    ("validation X with the wrong features", lambda: fit(model(), X, Y, validation_data=(X[:, :2], Y), epochs=1),
     ["X_val", "features"]),
    ("text into a layer directly", lambda: Dense(2, input_dim=3, seed=0).forward([["a", "b", "c"]]),
     ["non-numeric"]),
    # -- the labels y ----------------------------------------------------------------------------------
    ("y of the wrong length", lambda: fit(model(), X, Y[:7], epochs=1), ["10 examples", "7 labels"]),
    ("y transposed (one-hot as columns)", lambda: fit(model(), X, np.eye(2)[Y].T, epochs=1), ["transposed", "y.T"]),
    ("y as a row vector", lambda: fit(binary_model(), X, Y.reshape(1, -1), epochs=1), ["transposed", "y.T"]),
    ("class label out of range", lambda: fit(model(), X, Y + 1, epochs=1), ["0..1", "as many units"]),
    ("negative class label", lambda: fit(model(), X, Y - 1, epochs=1), ["0..1", "ranges from -1"]),
    ("fractional class labels", lambda: fit(model(), X, Y + 0.5, epochs=1), ["whole numbers", "fractional"]),
    ("text labels", lambda: fit(model(), X, np.array(["cat", "dog"] * 5), epochs=1), ["non-numeric", "convert"]),
    ("y is None", lambda: fit(model(), X, None, epochs=1), ["None", "labels"]),
    ("NaN in y", lambda: fit(binary_model(), X, np.where(Y > 0, np.nan, 0.0), epochs=1), ["y contains", "NaN"]),
    ("BCE targets outside [0, 1]", lambda: fit(binary_model(), X, 2.0 * Y, epochs=1), ["between 0 and 1"]),
    ("three classes into one sigmoid unit", lambda: fit(binary_model(), X, np.arange(10) % 3, epochs=1),
     ["between 0 and 1", "softmax"]),
    ("BCELoss on labels -1 / +1", lambda: BCELoss().forward(np.full((4, 1), 0.5), [-1, 1, 1, -1]),
     ["between 0 and 1", "0 and 1"]),
    ("one-hot y with the wrong number of classes", lambda: fit(model(), X, np.eye(3)[Y], epochs=1),
     ["2 classes", "one-hot"]),
    ("one-hot rows that are not one-hot", lambda: CrossEntropyLoss().forward(np.zeros((2, 2)), [[1, 1], [0, 1]]),
     ["one-hot", "single 1"]),
    ("MSE targets of the wrong shape", lambda: MSELoss().forward(np.zeros((3, 1)), np.zeros(4)), ["must match"]),
    ("class indices into a 2-output MSE model",
     lambda: fit(Sequential([Dense(2, input_dim=3)]), X, Y, loss="mse", epochs=1), ["2 outputs", "softmax"]),
    # -- names -----------------------------------------------------------------------------------------
    ("unknown activation name", lambda: Dense(4, activation="rleu"), ["unknown activation", "did you mean 'relu'"]),
    ("activation given as a numpy function", lambda: Dense(4, activation=np.tanh), ["name", "Activation("]),
    ("unknown optimizer", lambda: fit(model(), X, Y, optimizer="adma", epochs=1),
     ["unknown optimizer", "did you mean 'adam'"]),
    ("unknown loss", lambda: fit(model(), X, Y, loss="categorical_crossentropyy", epochs=1),
     ["unknown loss", "did you mean"]),
    ("unknown initializer", lambda: Dense(4, kernel_init="he_norml"),
     ["unknown initializer", "did you mean 'he_normal'"]),
    ("unknown data set", lambda: make_dataset("spirals"), ["unknown data set", "did you mean 'spiral'"]),
    ("loss that does not fit the output", lambda: fit(model(), X, Y, loss="binary_crossentropy", epochs=1),
     ["sigmoid", "softmax", "change"]),
    ("regularizer given as a bare name", lambda: fit(model(), X, Y, regularizer="l2", epochs=1), ["L2(", "strength"]),
    # -- settings --------------------------------------------------------------------------------------
    ("negative learning rate", lambda: fit(model(), X, Y, lr=-0.01, epochs=1), ["positive", "0.1 or 0.01"]),
    ("zero learning rate", lambda: SGD(lr=0), ["positive", "0.01"]),
    ("learning rate as text", lambda: Adam(lr="0.01"), ["learning rate", "number"]),
    ("negative learning rate set between steps", lambda: setattr(SGD(), "lr", -1.0), ["positive"]),
    ("momentum of 1", lambda: Momentum(momentum=1.0), ["momentum", "[0.0, 1.0)"]),
    ("Adam betas given as one number", lambda: Adam(betas=0.9), ["pair", "(0.9, 0.999)"]),
    ("Adam beta2 of 1", lambda: Adam(betas=(0.9, 1.0)), ["beta2", "[0.0, 1.0)"]),
    ("RMSprop alpha above 1", lambda: RMSprop(alpha=1.5), ["alpha"]),
    ("optimizer setting it does not have", lambda: get_optimizer("adam", momentum=0.9),
     ["does not take", "momentum", "lr, betas, eps"]),
    ("dropout rate 1.0", lambda: Dropout(1.0), ["below 1", "probability of dropping"]),
    ("negative dropout rate", lambda: Dropout(-0.2), ["Dropout rate", "[0.0, 1.0)"]),
    ("zero units", lambda: Dense(0), ["units", "at least 1"]),
    ("fractional units", lambda: Dense(2.5), ["units", "whole number"]),
    ("units as text", lambda: Dense("8"), ["units", "whole number"]),
    ("negative input_dim", lambda: Dense(3, input_dim=-4), ["input_dim", "at least 1"]),
    ("Keras's input_shape", lambda: Dense(8, input_shape=(4,), activation="relu"), ["input_shape", "input_dim"]),
    ("Keras's kernel_initializer", lambda: Dense(8, kernel_initializer="he_normal"), ["kernel_init="]),
    ("a setting Dense does not have", lambda: Dense(8, activation="leaky_relu", slope=0.2),
     ["unknown setting", "slope"]),
    ("epochs=0", lambda: fit(model(), X, Y, epochs=0), ["epochs", "at least 1"]),
    ("batch_size=0", lambda: fit(model(), X, Y, batch_size=0, epochs=1), ["batch_size", "at least 1"]),
    ("fractional batch size", lambda: fit(model(), X, Y, batch_size=2.5, epochs=1), ["batch_size", "whole number"]),
    ("negative seed", lambda: Sequential([Dense(2, input_dim=3)], seed=-1), ["seed", "non-negative"]),
    ("negative seed for fit", lambda: fit(model(), X, Y, seed=-5, epochs=1), ["seed", "non-negative"]),
    ("seed as a float", lambda: Dropout(0.5, seed=0.5), ["seed", "whole number"]),
    ("negative regularisation strength", lambda: L2(-0.01), ["strength"]),
    ("non-positive clip_norm", lambda: fit(model(), X, Y, clip_norm=0, epochs=1), ["clip_norm"]),
    ("leaky ReLU slope above 1", lambda: ActivationLayer("leaky_relu", slope=2.0), ["slope", "[0.0, 1.0]"]),
    ("integer dtype for the model", lambda: Sequential(dtype=int), ["float type"]),
    # -- building the model ----------------------------------------------------------------------------
    ("Dense class passed instead of an instance", lambda: Sequential([Dense]),
     ["class instead of an instance", "Dense(8)"]),
    ("Dense class passed to add", lambda: Sequential().add(Dense), ["class instead of an instance"]),
    ("activation name passed as a layer", lambda: Sequential().add("relu"), ["layers such as", "ReLU()"]),
    ("layers not in a list", lambda: Sequential(Dense(2, input_dim=3)), ["list of layers", "square brackets"]),
    ("mismatched input_dim in a later layer", lambda: Sequential([Dense(4, input_dim=3), Dense(2, input_dim=5)]),
     ["input_dim=5", "outputs 4", "only the first layer"]),
    ("summary() of an unbuilt model", lambda: Sequential([Dense(3)]).summary(), ["summary", "input_dim"]),
    ("a model with no layers", lambda: fit(Sequential(), X, Y, epochs=1), ["no layers", "model.add"]),
    ("a lone Dense layer without input_dim", lambda: Dense(3).forward(X), ["no weights", "input_dim"]),
    ("fit called with the data first", lambda: fit(X, Y, model()), ["Sequential model", "fit(model, X, y"]),
    ("evaluate on something that is not a model", lambda: evaluate("model", X, Y), ["Sequential model"]),
    ("Trainer on a layer", lambda: Trainer(Dense(2, input_dim=3)), ["Sequential model", "Sequential([...])"]),
    # -- forward / backward by hand --------------------------------------------------------------------
    ("Dense backward before forward", lambda: Dense(2, input_dim=3).backward(np.ones((1, 2))), ["before forward"]),
    ("Dropout backward before forward", lambda: Dropout(0.5).backward(np.ones((1, 2))), ["before forward"]),
    ("PReLU backward before forward", lambda: PReLU().backward(np.ones((1, 2))), ["before forward"]),
    ("model backward before forward", lambda: model().backward(np.ones((1, 2))), ["before forward"]),
    ("loss backward before forward", lambda: CrossEntropyLoss().backward(), ["before forward"]),
    ("Dense backward with the wrong gradient shape", lambda: dense_after_forward((10, 3)),
     ["gradient of shape (10, 3)", "(10, 2)", "same shape"]),
    ("PReLU backward with the wrong gradient shape", lambda: layer_after_forward(PReLU(), (10, 2)),
     ["gradient of shape", "same shape"]),
    ("Dropout backward with the wrong gradient shape", lambda: layer_after_forward(Dropout(0.5, seed=0), (3, 10)),
     ["gradient of shape", "same shape"]),
    ("activation layer backward with a transposed gradient",
     lambda: layer_after_forward(ActivationLayer("tanh"), (3, 10)), ["gradient of shape (3, 10)", "same shape"]),
    ("layer fed the wrong width", lambda: Dense(2, input_dim=3, seed=0).forward(np.ones((4, 5))),
     ["expects 3 input features"]),
    ("optimizer step with mismatched names", lambda: SGD().step({"w": np.ones(2)}, {"W": np.ones(2)}),
     ["same names"]),
    ("optimizer step with a wrong gradient shape", lambda: SGD().step({"w": np.ones(2)}, {"w": np.ones(3)}),
     ["gradient 'w'", "shape"]),
    # -- training options ------------------------------------------------------------------------------
    ("validation_data not a pair", lambda: fit(model(), X, Y, validation_data=X, epochs=1), ["pair", "(X_val, y_val)"]),
    ("validation labels of the wrong length", lambda: fit(model(), X, Y, validation_data=(X, Y[:3]), epochs=1),
     ["X_val has 10 examples", "y_val has 3 labels"]),
    ("EarlyStopping on val_loss without validation data",
     lambda: fit(model(), X, Y, callbacks=[EarlyStopping()], epochs=2), ["val_loss", "validation_data"]),
    ("EarlyStopping with a misspelt monitor",
     lambda: fit(model(), X, Y, callbacks=[EarlyStopping(monitor="val_los")], validation_data=(X, Y), epochs=2),
     ["val_los", "monitor"]),
    ("callbacks not in a list", lambda: fit(model(), X, Y, callbacks=EarlyStopping(monitor="loss"), epochs=1),
     ["list", "callbacks=["]),
    ("the EarlyStopping class instead of an instance", lambda: fit(model(), X, Y, callbacks=[EarlyStopping], epochs=1),
     ["EarlyStopping()"]),
    ("patience of 0", lambda: EarlyStopping(patience=0), ["patience", "at least 1"]),
    # -- weights ---------------------------------------------------------------------------------------
    ("set_weights with transposed shapes",
     lambda: model().set_weights({k: v.T for k, v in model().get_weights().items()}),
     ["layer0.W", "expected (4, 3)", "same layer sizes"]),
    ("set_weights with a missing entry",
     lambda: model().set_weights({k: v for k, v in model().get_weights().items() if k != "layer1.b"}),
     ["missing", "layer1.b"]),
    ("set_weights with a list (Keras style)", lambda: model().set_weights(list(model().get_weights().values())),
     ["dict", "get_weights()"]),
    ("an initializer for a 1-D shape", lambda: get_initializer("he_normal")((3,)), ["weight matrix"]),
    # -- data helpers ----------------------------------------------------------------------------------
    ("train_test_split with y of another length", lambda: train_test_split(X, Y[:4]), ["10 examples", "4 labels"]),
    ("test_fraction of 1", lambda: train_test_split(X, Y, test_fraction=1.0), ["test_fraction"]),
    ("Standardizer used before fit", lambda: Standardizer().transform(X), ["fit(X_train)"]),
    ("Standardizer fitted on other columns", lambda: Standardizer().fit(X).transform(X[:, :2]),
     ["fitted on", "3 features"]),
    ("too few samples", lambda: make_dataset("xor", n_samples=1), ["n_samples", "at least 2"]),
]

MISTAKE_IDS = [m[0] for m in MISTAKES]


def test_the_table_is_big_and_has_no_duplicates():
    assert len(MISTAKES) >= 25
    assert len(set(MISTAKE_IDS)) == len(MISTAKE_IDS)


@pytest.mark.parametrize("description, call, words", MISTAKES, ids=MISTAKE_IDS)
def test_mistake_gives_a_clear_course_error(description, call, words):
    X_before, Y_before = X.copy(), Y.copy()
    with pytest.raises(CourseError) as info:
        call()
    assert np.array_equal(X, X_before) and np.array_equal(Y, Y_before)  # the learner's data is untouched
    message = str(info.value)
    for word in words:
        assert word.lower() in message.lower(), f"{description}: {word!r} not in message {message!r}"
    assert len(message) > 25  # a sentence, not a bare shape
    assert info.value.__cause__ is None or isinstance(info.value.__cause__, CourseError)


def test_course_error_is_a_value_error():
    """Code that catches ValueError (as for numpy's own errors) also catches course_lib's errors."""
    assert issubclass(CourseError, ValueError)


def test_correct_calls_next_to_the_mistakes_work():
    """The rows above fail for the mistake, not for something else: the corrected calls succeed."""
    m = model()
    assert m.predict(X).shape == (10, 2)
    assert m.predict(X[0].reshape(1, -1)).shape == (1, 2)
    fit(m, X, Y, epochs=1, batch_size=5, validation_data=(X, Y), callbacks=[EarlyStopping(monitor="val_loss")])
    fit(m, X, np.eye(2)[Y], epochs=1)  # one-hot labels
    fit(binary_model(), X, Y.reshape(-1, 1), epochs=1)
    m.set_weights(m.get_weights())
    Dense(8, input_dim=4, kernel_init="normal", std=0.1)
    assert get_activation("relu").name == "relu" and isinstance(get_loss("mse"), MSELoss)
    assert get_regularizer(("l2", 0.01)).strength == 0.01
