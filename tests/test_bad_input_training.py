"""Learners' mistakes with fit, Trainer, evaluate, History and callbacks, including the habits Keras users bring.

Each row: (what the learner did, the call on a fresh Learner L, words the message must contain[, error class]).
tests/mistake_helpers.py checks the error class, the words, and that nothing the learner made was changed.
"""

import numpy as np
import pytest

from course_lib.layers import Dense
from course_lib.losses import MSELoss
from course_lib.model import Sequential
from course_lib.optimizers import SGD, Adam, Optimizer
from course_lib.regularization import L1, L2
from course_lib.training import Callback, EarlyStopping, Trainer, evaluate, fit
from course_lib.validation import CourseKeyError, CourseTypeError
from tests.mistake_helpers import assert_answered, rows


class ReturnsNewWeights(Optimizer):
    def update(self, name, p, g):
        return p - self.lr * g  # the learner's mistake: a new array, thrown away by step()


TRAINING_MISTAKES = [
    # -- Keras habits in fit ---------------------------------------------------------------------------
    ("epochs without a name (Keras order)", lambda L: fit(L.model, L.X, L.Y, 100),
     ["1 value(s) too many", "100", "epochs=100"], CourseTypeError),
    ("batch size and epochs without names", lambda L: fit(L.model, L.X, L.Y, 32, 10),
     ["2 value(s) too many", "by name"], CourseTypeError),
    ("metrics=['accuracy'] as in compile", lambda L: fit(L.model, L.X, L.Y, metrics=["accuracy"]),
     ["metrics", "always records", "history['accuracy']"], CourseTypeError),
    ("learning_rate= (Keras's name)", lambda L: fit(L.model, L.X, L.Y, learning_rate=0.01),
     ["learning_rate", "lr=", "instead"], CourseTypeError),
    ("nb_epoch= (old Keras)", lambda L: fit(L.model, L.X, L.Y, nb_epoch=5), ["nb_epoch", "epochs"], CourseTypeError),
    ("epoch= singular", lambda L: fit(L.model, L.X, L.Y, epoch=5), ["'epoch'", "epochs"], CourseTypeError),
    ("shuffle=True", lambda L: fit(L.model, L.X, L.Y, shuffle=True), ["shuffle", "reshuffles"], CourseTypeError),
    ("steps_per_epoch", lambda L: fit(L.model, L.X, L.Y, steps_per_epoch=3), ["steps_per_epoch", "once per epoch"],
     CourseTypeError),
    ("class_weight", lambda L: fit(L.model, L.X, L.Y, class_weight={0: 1, 1: 2}), ["class_weight"], CourseTypeError),
    ("a misspelt setting", lambda L: fit(L.model, L.X, L.Y, epocs=5), ["'epocs'", "did you mean 'epochs'"],
     CourseTypeError),
    ("callback= singular", lambda L: fit(L.model, L.X, L.Y, callback=[]), ["callback", "callbacks"],
     CourseTypeError),
    ("optimiser= British spelling", lambda L: fit(L.model, L.X, L.Y, optimiser="adam"), ["optimiser", "optimizer"],
     CourseTypeError),
    ("fit called without y", lambda L: fit(L.model, L.X), ["missing y"], CourseTypeError),
    ("model.fit(...) as in Keras", lambda L: L.model.fit(L.X, L.Y), ["no .fit()", "fit(model, X, y"]),
    ("model.compile(...) as in Keras", lambda L: L.model.compile(optimizer="adam"), ["no .compile()"]),
    ("verbose=True", lambda L: fit(L.model, L.X, L.Y, verbose="yes"), ["verbose", "whole number"]),
    ("epochs as text", lambda L: fit(L.model, L.X, L.Y, epochs="10"), ["epochs", "whole number", "without quotes"],
     CourseTypeError),
    ("epochs as a float with a fraction", lambda L: fit(L.model, L.X, L.Y, epochs=2.5), ["epochs", "whole number"]),
    ("negative epochs", lambda L: fit(L.model, L.X, L.Y, epochs=-3), ["epochs", "at least 1", "-3"]),
    ("batch_size as text", lambda L: fit(L.model, L.X, L.Y, batch_size="32"), ["batch_size", "whole number"]),
    ("lr as text", lambda L: fit(L.model, L.X, L.Y, lr="0.01"), ["learning rate", "number", "without quotes"]),
    ("lr of infinity", lambda L: fit(L.model, L.X, L.Y, lr=float("inf")), ["learning rate", "finite"]),
    ("lr NaN", lambda L: fit(L.model, L.X, L.Y, lr=float("nan")), ["learning rate", "finite"]),
    ("clip_norm negative", lambda L: fit(L.model, L.X, L.Y, clip_norm=-1.0), ["clip_norm", "-1.0"]),
    ("seed as text", lambda L: fit(L.model, L.X, L.Y, seed="0"), ["seed", "whole number"]),
    # -- validation_split / validation_data -------------------------------------------------------------
    ("validation_split of 20 (a percentage)", lambda L: fit(L.model, L.X, L.Y, validation_split=20),
     ["fraction", "validation_split=0.2"]),
    ("validation_split of 1", lambda L: fit(L.model, L.X, L.Y, validation_split=1.0), ["fraction", "0.01"]),
    ("validation_split of 0", lambda L: fit(L.model, L.X, L.Y, validation_split=0), ["validation_split", "(0.0, 1.0)"]),
    ("negative validation_split", lambda L: fit(L.model, L.X, L.Y, validation_split=-0.2), ["validation_split"]),
    ("validation_split as text", lambda L: fit(L.model, L.X, L.Y, validation_split="0.2"),
     ["validation_split", "number"]),
    ("validation_split and validation_data together",
     lambda L: fit(L.model, L.X, L.Y, validation_split=0.2, validation_data=(L.X, L.Y)), ["either", "not both"]),
    ("validation_split that leaves no validation data", lambda L: fit(L.model, L.X[:3], L.Y[:3], validation_split=0.1),
     ["leaves one part empty"]),
    ("validation_data with three items", lambda L: fit(L.model, L.X, L.Y, validation_data=(L.X, L.Y, L.Y)),
     ["pair", "(X_val, y_val)"]),
    ("validation_data as a dict", lambda L: fit(L.model, L.X, L.Y, validation_data={"X": L.X, "y": L.Y}),
     ["pair", "(X_val, y_val)"]),
    ("validation labels out of range", lambda L: fit(L.model, L.X, L.Y, validation_data=(L.X, L.Y + 2)),
     ["0..1", "ranges from 2 to 3"]),
    ("validation X transposed", lambda L: fit(L.model, L.X, L.Y, validation_data=(L.X[:4].T, L.Y[:4])),
     ["X_val", "transposed"]),
    # -- labels that do not fit the model: answered before any training -------------------------------
    ("labels 1..2 for two classes", lambda L: fit(L.model, L.X, L.Y + 1), ["0..1", "as many units"]),
    ("labels -1/+1 for a sigmoid unit", lambda L: fit(L.binary, L.X, 2 * L.Y - 1), ["between 0 and 1"]),
    ("one-hot labels for a sigmoid unit", lambda L: fit(L.binary, L.X, np.eye(2)[L.Y]), ["shape", "1"]),
    ("class labels for a one-output model", lambda L: fit(L.regressor, L.Xr, np.arange(10) % 3 + 0.0,
                                                           loss="categorical_crossentropy"),
     ["0..0 for 1 outputs", "as many units"]),
    ("y with NaN", lambda L: fit(L.regressor, L.Xr, np.where(L.yr > 0, np.nan, L.yr)), ["y contains", "NaN"]),
    ("y as a 3-D array", lambda L: fit(L.model, L.X, L.Y.reshape(10, 1, 1)), ["shape (m,) or (m, n_outputs)"]),
    ("y as one number", lambda L: fit(L.model, L.X, 1), ["shape (m,) or (m, n_outputs)"]),
    ("y of strings", lambda L: fit(L.model, L.X, np.array(list("ababababab"))), ["non-numeric", "convert"],
     CourseTypeError),
    ("evaluate with labels out of range", lambda L: evaluate(L.model, L.X, L.Y + 5), ["0..1", "ranges from 5"]),
    ("evaluate with the wrong number of labels", lambda L: evaluate(L.model, L.X, L.Y[:4]),
     ["10 examples", "4 labels"]),
    ("evaluate with a Keras batch_size", lambda L: evaluate(L.model, L.X, L.Y, batch_size=32),
     ["batch_size", "settings are"], CourseTypeError),
    ("evaluate of a layer", lambda L: evaluate(L.layer, L.X, L.Y), ["Sequential model"]),
    # -- the model and the data --------------------------------------------------------------------------
    ("fit with a list of layers instead of a model", lambda L: fit([Dense(2, input_dim=3)], L.X, L.Y),
     ["Sequential model", "fit(model, X, y"]),
    ("fit with the model class", lambda L: fit(Sequential, L.X, L.Y), ["Sequential model"]),
    ("X transposed for a model built by predict(X)", lambda L: fit(L.built_from_X, L.X.T, L.Y),
     ["transposed", "(10, 3)", "X.T"]),
    ("predict(X.T) built the model, then fit with the right X", lambda L: fit(L.built_from_XT, L.X, L.Y),
     ["built for 10 features", "shape (3, 10)", "model.build(3)"]),
    ("predict with verbose= (Keras)", lambda L: L.model.predict(L.X, verbose=0), ["verbose"], CourseTypeError),
    ("predict with batch_size= (Keras)", lambda L: L.model.predict(L.X, batch_size=2), ["batch_size"],
     CourseTypeError),
    # -- optimizers handed to fit / Trainer --------------------------------------------------------------
    ("optimizer class instead of an object", lambda L: fit(L.model, L.X, L.Y, optimizer=SGD),
     ["the class", "SGD(lr=0.01)", "'sgd'"], CourseTypeError),
    ("a plain function as the optimizer", lambda L: fit(L.model, L.X, L.Y, optimizer=lambda p, g: p - g),
     ["name such as 'adam'", "update(name, p, g)"], CourseTypeError),
    ("optimizer as a number", lambda L: Trainer(L.model, optimizer=0.01), ["optimizer must be a name"]),
    ("Trainer with learning_rate=", lambda L: Trainer(L.model, learning_rate=0.1), ["lr=", "learning_rate"],
     CourseTypeError),
    ("Trainer with epochs=", lambda L: Trainer(L.model, epochs=10), ["'epochs'", "settings are"], CourseTypeError),
    ("Trainer with a negative lr on an optimizer object", lambda L: Trainer(L.model, optimizer=L.sgd, lr=-1),
     ["positive"]),
    ("Trainer of nothing", lambda L: Trainer(None), ["Sequential model"]),
    ("Trainer with the regularizer class", lambda L: Trainer(L.model, regularizer=L2), ["the class", "L2(0.001)"]),
    ("Trainer with a regularizer as a number", lambda L: Trainer(L.model, regularizer=0.01), ["L2(strength)"]),
    ("Trainer with an unknown loss", lambda L: Trainer(L.model, loss="hinge"), ["unknown loss"]),
    ("Trainer with softmax cross-entropy on a sigmoid model",
     lambda L: Trainer(L.binary, loss="categorical_crossentropy"), ["expects a softmax", "'sigmoid'"]),
    ("Trainer with a loss instance given settings", lambda L: Trainer(L.model, loss=MSELoss(reduction="sum")),
     ["takes no settings", "reduction"], CourseTypeError),
    # -- callbacks and EarlyStopping -------------------------------------------------------------------
    ("EarlyStopping on val_accuracy for a regression",
     lambda L: fit(L.regressor, L.Xr, L.yr, validation_data=(L.Xr, L.yr),
                   callbacks=[EarlyStopping(monitor="val_accuracy")]), ["no accuracy", "regression", "'val_loss'"]),
    ("EarlyStopping on accuracy for a regression",
     lambda L: fit(L.regressor, L.Xr, L.yr, callbacks=[EarlyStopping(monitor="accuracy")]), ["no accuracy", "'loss'"]),
    ("EarlyStopping on val_loss without validation (the model stays untrained)",
     lambda L: fit(L.model, L.X, L.Y, callbacks=[EarlyStopping()]), ["val_loss", "validation_split=0.2"]),
    ("EarlyStopping monitor 'val_acc' (old Keras)", lambda L: EarlyStopping(monitor="val_acc"),
     ["old name", "val_accuracy"]),
    ("EarlyStopping monitor 'acc'", lambda L: EarlyStopping(monitor="acc"), ["'accuracy'"]),
    ("EarlyStopping with mode= (Keras)", lambda L: EarlyStopping(mode="min"), ["mode", "settings are"],
     CourseTypeError),
    ("EarlyStopping with a misspelt setting", lambda L: EarlyStopping(patiense=5), ["did you mean 'patience'"],
     CourseTypeError),
    ("EarlyStopping patience as text", lambda L: EarlyStopping(patience="5"), ["patience", "whole number"]),
    ("EarlyStopping monitor as a number", lambda L: EarlyStopping(monitor=1), ["by its name", "val_loss"],
     CourseTypeError),
    ("negative min_delta", lambda L: EarlyStopping(min_delta=-0.1), ["min_delta"]),
    ("callbacks as a tuple of a class", lambda L: fit(L.model, L.X, L.Y, callbacks=(Callback,)), ["EarlyStopping()"]),
    ("callbacks as a dict", lambda L: fit(L.model, L.X, L.Y, callbacks={"stop": EarlyStopping()}), ["list"]),
    # -- History -------------------------------------------------------------------------------------------
    ("history['acc'] (Keras 1 name)", lambda L: L.history["acc"], ["no record 'acc'", "did you mean 'accuracy'"],
     CourseKeyError),
    ("history['val_acc']", lambda L: L.history["val_acc"], ["did you mean 'val_accuracy'"], CourseKeyError),
    ("history.last('los')", lambda L: L.history.last("los"), ["no record 'los'", "did you mean 'loss'"],
     CourseKeyError),
    ("history.history['accuarcy']", lambda L: L.history.history["accuarcy"], ["did you mean 'accuracy'"],
     CourseKeyError),
    ("history[0] (a list habit)", lambda L: L.history[0], ["no record 0", "history.epochs"], CourseKeyError),
    ("history['mae'] (not recorded)", lambda L: L.history["mae"], ["It records: loss, accuracy"], CourseKeyError),
    # -- regularizers in fit ---------------------------------------------------------------------------------
    ("L2 strength as text", lambda L: fit(L.model, L.X, L.Y, regularizer=L2("0.01")), ["strength", "number"]),
    ("L1 negative strength", lambda L: fit(L.model, L.X, L.Y, regularizer=L1(-1)), ["strength", "-1"]),
    ("regularizer tuple with an unknown kind", lambda L: fit(L.model, L.X, L.Y, regularizer=("l3", 0.1)),
     ["L1(strength)", "('l3', 0.1)"]),
    ("Adam given to fit with lr as text", lambda L: fit(L.model, L.X, L.Y, optimizer=Adam(lr="x")), ["number"]),
    ("a custom optimizer that returns the new weights instead of changing them",
     lambda L: fit(L.model, L.X, L.Y, optimizer=ReturnsNewWeights(lr=0.1), epochs=1),
     ["changed no weight", "in place", "p -= self.lr * g"]),
]


@pytest.mark.parametrize("description, call, words, error", rows(TRAINING_MISTAKES),
                         ids=[r[0] for r in TRAINING_MISTAKES])
def test_training_mistake_is_answered(description, call, words, error):
    assert_answered(description, call, words, error)


def test_validation_split_holds_out_a_stratified_random_part():
    """Keras's validation_split, but drawn at random (with seed) and stratified, so sorted data validates on every
    class; the learner's arrays are untouched."""
    X = np.arange(40.0).reshape(20, 2)
    y = np.repeat([0, 1], 10)  # sorted by class, as Iris is
    X0, y0 = X.copy(), y.copy()
    model = Sequential([Dense(2, input_dim=2, activation="softmax")], seed=0)
    history = fit(model, X / 40, y, epochs=3, validation_split=0.2, seed=0)
    assert len(history["val_loss"]) == 3 and all(v is not None for v in history["val_accuracy"])
    assert np.array_equal(X, X0) and np.array_equal(y, y0)
    again = fit(Sequential([Dense(2, input_dim=2, activation="softmax")], seed=0), X / 40, y, epochs=3,
                validation_split=0.2, seed=0)
    assert again["val_loss"] == history["val_loss"]  # the same seed, the same split


def test_add_after_fit_keeps_the_trained_weights():
    """Keras's behaviour: adding a layer to a built model builds only the new layer."""
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(12, 3)), np.arange(12) % 2
    model = Sequential([Dense(4, input_dim=3, activation="relu"), Dense(2, activation="relu")], seed=0)
    fit(model, X, np.eye(2)[y], loss="mse", epochs=3)
    trained = model.get_weights()
    model.add(Dense(2, activation="softmax"))
    for key, value in trained.items():
        assert np.array_equal(model.get_weights()[key], value)
    assert model.predict(X).shape == (12, 2)
    fresh = Sequential([Dense(4, input_dim=3, activation="relu"), Dense(2, activation="relu"),
                        Dense(2, activation="softmax")], seed=0)
    assert np.array_equal(model.get_weights()["layer2.W"], fresh.get_weights()["layer2.W"])  # as if built at once
