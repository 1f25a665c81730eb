"""Sequential: building, summary, parameters, modes, weights, and whole-model gradient checks."""

import numpy as np
import pytest

from course_lib.gradcheck import check_model_gradients
from course_lib.layers import ActivationLayer, Dense, Dropout, PReLU, ReLU, Sigmoid, Softmax
from course_lib.losses import BCELoss, CrossEntropyLoss, MSELoss, MultiLabelBCELoss, one_hot
from course_lib.model import Sequential
from course_lib.optimizers import SGD
from course_lib.regularization import L1, L1L2, L2
from course_lib.training import fit
from course_lib.validation import CourseError
from tests.gradient_helpers import GRAD_TOL, central_difference, rel_error


def keras_example(seed=0):
    """The learners' Keras example, exactly as written in their notes."""
    return Sequential(
        [Dense(8, input_dim=4, activation="relu"), Dense(8, activation="relu"), Dense(3, activation="softmax")],
        seed=seed,
    )


# -- building -------------------------------------------------------------------------------------
def test_keras_example_builds_with_the_notes_shapes():
    model = keras_example()
    assert model.built and model.input_dim == 4 and model.output_dim == 3
    shapes = {k: v.shape for k, v in model.parameters().items()}
    assert shapes == {
        "layer0.W": (8, 4), "layer0.b": (8,),
        "layer1.W": (8, 8), "layer1.b": (8,),
        "layer2.W": (3, 8), "layer2.b": (3,),
    }  # fmt: skip
    assert model.n_params() == 139
    assert model.output_activation == "softmax"


def test_summary_lists_layers_and_parameter_counts(capsys):
    keras_example().summary()
    text = capsys.readouterr().out
    lines = text.splitlines()
    rows = [line for line in lines if line.split(":")[0].strip().isdigit()]
    assert len(rows) == 3
    assert [row.split()[-1] for row in rows] == ["40", "72", "27"]
    assert "Dense(8, activation='relu')" in rows[0] and "(m, 8)" in rows[0]
    assert "Dense(3, activation='softmax')" in rows[2] and "(m, 3)" in rows[2]
    assert "Total parameters: 139" in text and "Input: (m, 4)" in text


def test_summary_print_fn_receives_the_same_text(capsys):
    collected = []
    keras_example().summary(print_fn=collected.append)
    assert capsys.readouterr().out == ""
    keras_example().summary()
    assert collected == [capsys.readouterr().out.rstrip("\n")]


def test_add_style_builds_the_same_network_as_a_list():
    model = Sequential(seed=0)
    model.add(Dense(8, input_dim=4, activation="relu"))
    model.add(Dense(8, activation="relu"))
    model.add(Dense(3, activation="softmax"))
    reference = keras_example(seed=0)
    assert repr(model) == repr(reference)
    for name, value in reference.get_weights().items():
        assert np.array_equal(model.get_weights()[name], value)


def test_add_returns_the_model_for_chaining():
    model = Sequential(seed=0).add(Dense(2, input_dim=3)).add(ReLU())
    assert len(model.layers) == 2 and model.output_dim == 2


def test_building_from_data_matches_declared_input_dim(rng):
    X = rng.normal(size=(5, 4))
    lazy = Sequential([Dense(8, activation="relu"), Dense(8, activation="relu"), Dense(3, activation="softmax")])
    assert not lazy.built
    out = lazy.predict(X)
    assert lazy.built and lazy.input_dim == 4 and out.shape == (5, 3)
    assert np.allclose(out, keras_example().predict(X))


def test_seed_fixes_the_weights_and_different_seeds_differ():
    a, b, c = keras_example(1), keras_example(1), keras_example(2)
    for name in a.parameters():
        assert np.array_equal(a.parameters()[name], b.parameters()[name])
    assert not np.array_equal(a.parameters()["layer0.W"], c.parameters()["layer0.W"])


def test_forward_output_is_a_distribution_and_logits_skip_softmax(rng):
    model = keras_example()
    X = rng.normal(size=(6, 4))
    probs = model.forward(X)
    logits = model.forward(X, return_logits=True)
    assert np.allclose(probs.sum(axis=1), 1.0)
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    assert np.allclose(probs, shifted / shifted.sum(axis=1, keepdims=True))


def test_a_softmax_dense_and_a_dense_plus_softmax_layer_give_the_same_logits_and_gradients(rng):
    """return_logits leaves out the output activation, whichever layer holds it; backward then starts at dL/dZ."""
    fused = Sequential([Dense(4, input_dim=3, activation="tanh"), Dense(3, activation="softmax")], seed=0)
    split = Sequential([Dense(4, input_dim=3, activation="tanh"), Dense(3), Softmax()], seed=0)
    X, dZ = rng.normal(size=(5, 3)), rng.normal(size=(5, 3))
    Z = fused.forward(X, return_logits=True)
    assert np.array_equal(Z, split.forward(X, return_logits=True))
    assert np.allclose(Z, np.tanh(X @ fused.layers[0].params["W"].T) @ fused.layers[1].params["W"].T)
    assert np.array_equal(fused.backward(dZ), split.backward(dZ))
    for name, grad in fused.gradients().items():
        assert np.array_equal(grad, split.gradients()[name]), name
    assert np.allclose(fused.layers[1].grads["W"], dZ.T @ fused.layers[0].forward(X))  # dW = dZᵀ A1, no softmax'


def test_logits_of_a_model_ending_in_another_layer_are_its_output(rng):
    model = Sequential([Dense(3, input_dim=2), Dropout(0.5)], seed=0).eval()
    X = rng.normal(size=(4, 2))
    assert np.array_equal(model.forward(X, return_logits=True), model.forward(X))


def test_forward_checks_its_input_unless_told_it_is_checked(rng):
    model = keras_example()
    with pytest.raises(CourseError, match="NaN"):
        model.forward(np.full((2, 4), np.nan))
    assert np.isnan(model.forward(np.full((2, 4), np.nan), check=False)).all()  # what fit and Trainer pass on


# -- modes, prediction ----------------------------------------------------------------------------
def _dropout_model():
    return Sequential([Dense(16, input_dim=3, activation="relu"), Dropout(0.5), Dense(2, activation="softmax")], seed=0)


def test_train_and_eval_reach_every_layer():
    model = _dropout_model()
    assert model.training and all(layer.training for layer in model.layers)
    assert model.eval() is model
    assert not model.training and not any(layer.training for layer in model.layers)
    model.train()
    assert all(layer.training for layer in model.layers)


def test_predict_runs_in_eval_mode_and_restores_the_mode(rng):
    model = _dropout_model()
    X = rng.normal(size=(10, 3))
    first, second = model.predict(X), model.predict(X)
    assert np.array_equal(first, second)  # no dropout noise
    assert model.training  # the mode is put back
    assert not np.allclose(model.forward(X), first)  # training mode does drop units
    model.eval()
    assert np.array_equal(model.forward(X), first)
    model.predict(X)
    assert not model.training


def test_predict_classes(rng):
    X = rng.normal(size=(7, 4))
    model = keras_example()
    assert np.array_equal(model.predict_classes(X), np.argmax(model.predict(X), axis=1))
    binary = Sequential([Dense(1, input_dim=4, activation="sigmoid")], seed=0)
    assert np.array_equal(binary.predict_classes(X), (binary.predict(X)[:, 0] > 0.5).astype(int))
    scores = Sequential([Dense(1, input_dim=4)], seed=0)
    assert np.array_equal(scores.predict_classes(X), (scores.predict(X)[:, 0] > 0).astype(int))


# -- parameters and weights ----------------------------------------------------------------------------
def test_parameters_and_gradients_are_the_layers_own_arrays(rng):
    model = keras_example()
    X = rng.normal(size=(5, 4))
    model.backward(np.ones_like(model.forward(X)))
    for i, layer in enumerate(model.layers):
        for key in layer.params:
            assert model.parameters()[f"layer{i}.{key}"] is layer.params[key]
            assert model.gradients()[f"layer{i}.{key}"] is layer.grads[key]
    assert model.parameters().keys() == model.gradients().keys()


def test_an_optimizer_step_on_parameters_changes_the_model(rng):
    model = keras_example()
    X = rng.normal(size=(5, 4))
    before = model.predict(X)
    W = model.layers[0].params["W"]
    model.backward(rng.normal(size=model.forward(X).shape))  # (not ones: a softmax row always sums to 1)
    SGD(lr=0.5).step(model.parameters(), model.gradients())
    assert model.layers[0].params["W"] is W  # updated in place, not replaced
    assert not np.allclose(model.predict(X), before)


def test_get_weights_copies_and_set_weights_writes_in_place(rng):
    model = keras_example()
    saved = model.get_weights()
    W = model.layers[0].params["W"]
    assert saved["layer0.W"] is not W
    W += 1.0
    assert not np.array_equal(saved["layer0.W"], W)  # the copy did not follow
    model.set_weights(saved)
    assert model.layers[0].params["W"] is W  # same array object, values restored
    assert np.array_equal(W, saved["layer0.W"])
    other = keras_example(seed=9)
    other.set_weights(model.get_weights())
    X = rng.normal(size=(4, 4))
    assert np.array_equal(other.predict(X), model.predict(X))


def test_zero_grad(rng):
    model = keras_example()
    model.backward(rng.normal(size=model.forward(rng.normal(size=(3, 4))).shape))
    assert any(g.any() for g in model.gradients().values())
    model.zero_grad()
    assert all(not g.any() for g in model.gradients().values())


# -- backward: shapes, no mutation ---------------------------------------------------------------------
def test_backward_returns_input_gradient_and_never_mutates(rng):
    model = Sequential(
        [Dense(6, input_dim=4, activation="tanh"), PReLU(), Dropout(0.3), Dense(3, activation="softmax")], seed=0
    )
    X = rng.normal(size=(5, 4))
    X_before = X.copy()
    out = model.forward(X)
    upstream = rng.normal(size=out.shape)
    upstream_before = upstream.copy()
    dX = model.backward(upstream)
    assert dX.shape == X.shape
    assert np.array_equal(X, X_before)
    assert np.array_equal(upstream, upstream_before)
    for name, g in model.gradients().items():
        assert g.shape == model.parameters()[name].shape, name


def test_input_gradient_matches_finite_differences(rng):
    model = Sequential([Dense(5, input_dim=3, activation="tanh"), Dense(2, activation="sigmoid")], seed=0)
    X, upstream = rng.normal(size=(4, 3)), rng.normal(size=(4, 2))
    model.forward(X)
    dX = model.backward(upstream)
    assert rel_error(dX, central_difference(lambda v: np.sum(model.forward(v) * upstream), X)) < GRAD_TOL


# -- whole-model gradient checks ---------------------------------------------------------------------
def _architectures(rng):
    """(description, model, X, y, loss, regularizer): several shapes, outputs and penalties."""
    X3 = rng.normal(size=(8, 3))
    labels = rng.integers(0, 3, size=8)
    binary = rng.integers(0, 2, size=8).astype(float)
    multi_hot = rng.integers(0, 2, size=(8, 3)).astype(float)
    y_reg = rng.normal(size=(8, 2))
    return [
        ("tanh -> softmax, index labels",
         Sequential([Dense(5, input_dim=3, activation="tanh"), Dense(3, activation="softmax")], seed=1),
         X3, labels, None, None),
        ("sigmoid x2 -> softmax, one-hot labels, L2",
         Sequential([Dense(4, input_dim=3, activation="sigmoid"), Dense(4, activation="sigmoid"),
                     Dense(3, activation="softmax")], seed=2),
         X3, one_hot(labels, 3), None, L2(0.1)),
        ("relu, leaky -> sigmoid (BCE from logits), L1",
         Sequential([Dense(6, input_dim=3, activation="relu"), Dense(5, activation="leaky_relu"),
                     Dense(1, activation="sigmoid")], seed=3),
         X3, binary, None, L1(0.05)),
        ("tanh -> sigmoid on probabilities (BCELoss)",
         Sequential([Dense(4, input_dim=3, activation="tanh"), Dense(1, activation="sigmoid")], seed=4),
         X3, binary, BCELoss(), None),
        ("tanh -> linear regression (MSE), L1L2",
         Sequential([Dense(6, input_dim=3, activation="tanh"), Dense(2)], seed=5),
         X3, y_reg, MSELoss(), L1L2(l1=0.01, l2=0.1)),
        ("PReLU, ActivationLayers, Dropout (eval) -> softmax layer",
         Sequential([Dense(5, input_dim=3), PReLU(0.2), Dense(4), ActivationLayer("tanh"), Dropout(0.5),
                     Dense(3), Softmax()], seed=6),
         X3, labels, None, L2(0.01)),
        ("sigmoid layer after linear Dense (multi-label)",
         Sequential([Dense(5, input_dim=3, activation="tanh"), Dense(3), Sigmoid()], seed=7),
         X3, multi_hot, MultiLabelBCELoss(), None),
        ("softmax output with explicit CrossEntropyLoss",
         Sequential([Dense(4, input_dim=3, activation="relu"), Dense(3, activation="softmax")], seed=8),
         X3, labels, CrossEntropyLoss(), L2(0.5)),
    ]  # fmt: skip


ARCHITECTURE_NAMES = [a[0] for a in _architectures(np.random.default_rng(0))]


@pytest.mark.parametrize("name", ARCHITECTURE_NAMES)
def test_whole_model_gradient_check(name, rng):
    _, model, X, y, loss, regularizer = next(a for a in _architectures(rng) if a[0] == name)
    report = check_model_gradients(model, X, y, loss=loss, regularizer=regularizer)
    assert report.worst_error < GRAD_TOL, str(report)
    assert set(report.errors) == set(model.parameters())


# -- display -------------------------------------------------------------------------------------------
def test_repr_reads_like_the_code():
    assert repr(keras_example()) == (
        "Sequential([Dense(8, activation='relu'), Dense(8, activation='relu'), Dense(3, activation='softmax')])"
    )


def test_summary_needs_a_built_model():
    with pytest.raises(CourseError, match="input_dim"):
        Sequential([Dense(3)]).summary()


def test_float32_model_stays_float32_through_training(rng):
    """float64 data and int64 labels must not silently promote a float32 network (DESIGN.md)."""
    model = Sequential(
        [Dense(6, input_dim=3, activation="relu"), PReLU(), Dropout(0.2), Dense(3, activation="softmax")],
        seed=0, dtype=np.float32,
    )
    X, y = rng.normal(size=(20, 3)), np.arange(20) % 3
    fit(model, X, y, epochs=2, batch_size=5)
    assert all(p.dtype == np.float32 for p in model.parameters().values())
    assert all(g.dtype == np.float32 for g in model.gradients().values())
    assert model.predict(X).dtype == np.float32
    assert model.backward(np.ones((20, 3), dtype=np.float32)).dtype == np.float32


@pytest.mark.parametrize("keras_method", ["fit", "compile", "evaluate"])
def test_keras_style_methods_point_to_the_course_fit(keras_method):
    model = Sequential([Dense(3, input_dim=2, activation="softmax")])
    with pytest.raises(CourseError, match=r"fit\(model, X, y"):
        getattr(model, keras_method)
    with pytest.raises(AttributeError):
        model.no_such_thing  # noqa: B018
