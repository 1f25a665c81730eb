"""Loss classes and functions: values, gradients against finite differences, and extreme logits."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from course_lib.activations import sigmoid, softmax
from course_lib.gradcheck import numerical_gradient, relative_error
from course_lib.losses import (
    BCELoss,
    BCEWithLogitsLoss,
    CrossEntropyLoss,
    MSELoss,
    MultiLabelBCELoss,
    binary_cross_entropy,
    binary_cross_entropy_with_logits,
    categorical_cross_entropy_with_logits,
    class_indices,
    get_loss,
    log_softmax,
    loss_for_output,
    mse,
    multilabel_binary_cross_entropy_with_logits,
    one_hot,
)
from course_lib.validation import CourseError
from tests.gradient_helpers import GRAD_TOL, central_difference, rel_error, strict_numerics

M, K = 6, 4


def _cases(rng):
    """(description, loss object, predictions, targets) for every loss class and label format."""
    labels = rng.integers(0, K, size=M)
    binary = rng.integers(0, 2, size=(M, 1)).astype(float)
    multi_hot = rng.integers(0, 2, size=(M, K)).astype(float)
    return [
        ("mse", MSELoss(), rng.normal(size=(M, 3)), rng.normal(size=(M, 3))),
        ("mse 1-D targets", MSELoss(), rng.normal(size=(M, 1)), rng.normal(size=M)),
        ("bce on probabilities", BCELoss(), rng.uniform(0.05, 0.95, size=(M, 1)), binary),
        ("bce soft targets", BCELoss(), rng.uniform(0.05, 0.95, size=(M, 2)), rng.uniform(0, 1, size=(M, 2))),
        ("bce with logits", BCEWithLogitsLoss(), rng.normal(size=(M, 1)) * 3, binary),
        ("multi-label bce", MultiLabelBCELoss(), rng.normal(size=(M, K)) * 3, multi_hot),
        ("cross-entropy, index labels", CrossEntropyLoss(), rng.normal(size=(M, K)) * 3, labels),
        ("cross-entropy, one-hot labels", CrossEntropyLoss(), rng.normal(size=(M, K)) * 3, one_hot(labels, K)),
        ("cross-entropy, (m, 1) labels", CrossEntropyLoss(), rng.normal(size=(M, K)), labels.reshape(-1, 1)),
    ]


CASE_NAMES = [c[0] for c in _cases(np.random.default_rng(0))]


@pytest.mark.parametrize("case", CASE_NAMES)
def test_backward_matches_finite_differences(case, rng):
    _, loss, pred, y = next(c for c in _cases(rng) if c[0] == case)
    value = loss.forward(pred, y)
    assert isinstance(value, float)
    grad = loss.backward()
    assert grad.shape == pred.shape
    numeric = numerical_gradient(lambda: loss.forward(pred, y), pred)
    assert relative_error(grad, numeric) < GRAD_TOL
    # and against the tests' own finite-difference helper
    assert rel_error(grad, central_difference(lambda p: type(loss)().forward(p, y), pred)) < GRAD_TOL


@pytest.mark.parametrize("case", CASE_NAMES)
def test_forward_and_backward_do_not_modify_inputs(case, rng):
    _, loss, pred, y = next(c for c in _cases(rng) if c[0] == case)
    pred_before, y_before = pred.copy(), np.array(y, copy=True)
    loss.forward(pred, y)
    loss.backward()
    assert np.array_equal(pred, pred_before) and np.array_equal(y, y_before)


def test_one_over_m_lives_in_backward(rng):
    """The loss is a mean: doubling the batch by repeating it keeps the value and halves each gradient row."""
    z, labels = rng.normal(size=(M, K)), rng.integers(0, K, size=M)
    loss = CrossEntropyLoss()
    v1, g1 = loss.forward(z, labels), loss.backward()
    v2, g2 = loss.forward(np.r_[z, z], np.r_[labels, labels]), loss.backward()
    assert v2 == pytest.approx(v1)
    assert np.allclose(g2[:M], g1 / 2)


# -- values -----------------------------------------------------------------------------------------
def test_values_by_hand():
    assert MSELoss().forward([[1.0], [3.0]], [0.0, 1.0]) == pytest.approx((1 + 4) / 2)
    p = np.array([[0.8], [0.3]])
    assert BCELoss().forward(p, [1, 0]) == pytest.approx(-(np.log(0.8) + np.log(0.7)) / 2)
    z = np.array([[2.0, 0.0, -1.0]])
    expected = -np.log(np.exp(2.0) / (np.exp(2.0) + 1 + np.exp(-1.0)))
    assert CrossEntropyLoss().forward(z, [0]) == pytest.approx(expected)
    assert BCEWithLogitsLoss().forward([[0.0]], [1]) == pytest.approx(np.log(2))


def test_classes_agree_with_functions(rng):
    z = rng.normal(size=(M, K))
    labels = rng.integers(0, K, size=M)
    multi_hot = rng.integers(0, 2, size=(M, K))
    assert CrossEntropyLoss().forward(z, labels) == pytest.approx(categorical_cross_entropy_with_logits(z, labels))
    assert MultiLabelBCELoss().forward(z, multi_hot) == pytest.approx(
        multilabel_binary_cross_entropy_with_logits(z, multi_hot)
    )
    assert BCEWithLogitsLoss().forward(z, multi_hot) == pytest.approx(binary_cross_entropy_with_logits(z, multi_hot))
    assert BCELoss().forward(sigmoid(z), multi_hot) == pytest.approx(binary_cross_entropy(sigmoid(z), multi_hot))
    assert MSELoss().forward(z, z + 1) == pytest.approx(mse(z, z + 1)) == pytest.approx(1.0)


@pytest.mark.parametrize("case", CASE_NAMES)
def test_checked_inputs_give_the_same_value_without_checking_again(case, rng):
    """forward(check=False) on what check() returned, and the function with check=False: the same number."""
    _, loss, pred, y = next(c for c in _cases(rng) if c[0] == case)
    value = loss.forward(pred, y)
    gradient = loss.backward()
    checked_pred, checked_y = loss.check(pred, y)
    assert np.array_equal(loss.check_targets(y, checked_pred.shape), checked_y)
    assert loss.forward(checked_pred, checked_y, check=False) == value
    assert np.array_equal(loss.backward(), gradient)
    assert loss.function(checked_pred, checked_y, check=False) == loss.function(pred, y) == value


def test_cross_entropy_checks_labels_into_class_indices():
    _, labels = CrossEntropyLoss().check(np.zeros((3, 4)), one_hot([2, 0, 3], 4))
    assert labels.dtype == np.int64 and list(labels) == [2, 0, 3]
    with pytest.raises(CourseError, match=r"class labels must be 0\.\.3"):
        CrossEntropyLoss().check_targets([0, 4, 1], (3, 4))


def test_logit_losses_equal_their_probability_forms(rng):
    z = rng.normal(size=(M, K))
    labels = rng.integers(0, K, size=M)
    probs = softmax(z)
    assert CrossEntropyLoss().forward(z, labels) == pytest.approx(-np.mean(np.log(probs[np.arange(M), labels])))
    y = rng.integers(0, 2, size=(M, K))
    assert BCEWithLogitsLoss().forward(z, y) == pytest.approx(BCELoss().forward(sigmoid(z), y))
    assert np.allclose(log_softmax(z), np.log(probs))


def test_famous_gradients():
    z = np.array([[1.0, -2.0, 0.5], [0.0, 0.0, 3.0]])
    labels = np.array([2, 0])
    ce = CrossEntropyLoss()
    ce.forward(z, labels)
    assert np.allclose(ce.backward(), (softmax(z) - one_hot(labels, 3)) / 2)
    bce = BCEWithLogitsLoss()
    bce.forward(z[:, :1], [1, 0])
    assert np.allclose(bce.backward(), (sigmoid(z[:, :1]) - [[1], [0]]) / 2)


def test_index_and_one_hot_labels_give_the_same_loss(rng):
    z, labels = rng.normal(size=(M, K)), rng.integers(0, K, size=M)
    a, b = CrossEntropyLoss(), CrossEntropyLoss()
    assert a.forward(z, labels) == pytest.approx(b.forward(z, one_hot(labels, K)))
    assert np.allclose(a.backward(), b.backward())
    assert np.array_equal(class_indices(one_hot(labels, K), K, M), labels)


def test_accuracy():
    z = np.array([[2.0, 1.0], [0.0, 1.0], [3.0, -1.0]])
    assert CrossEntropyLoss().accuracy(z, [0, 1, 1]) == pytest.approx(2 / 3)
    assert BCEWithLogitsLoss().accuracy(np.array([[0.3], [-2.0]]), [1, 1]) == 0.5
    assert BCELoss().accuracy(np.array([[0.7], [0.2]]), [1, 0]) == 1.0
    assert MSELoss().accuracy(z, z) is None


# -- extreme logits ---------------------------------------------------------------------------------
def test_strict_numerics_really_is_strict():
    with pytest.raises(FloatingPointError), strict_numerics():
        np.exp(np.array([1000.0]))


EXTREME = np.array([[1000.0, -1000.0], [-1000.0, 1000.0], [1000.0, 1000.0], [-1000.0, -1000.0]])


@pytest.mark.parametrize(
    "loss, y",
    [
        (BCEWithLogitsLoss(), np.array([[1, 0], [1, 0], [0, 1], [1, 1]])),
        (MultiLabelBCELoss(), np.array([[0, 1], [1, 0], [1, 1], [0, 0]])),
        (CrossEntropyLoss(), np.array([1, 0, 0, 1])),
        (CrossEntropyLoss(), np.array([[0, 1], [1, 0], [1, 0], [0, 1]])),
    ],
    ids=["bce-logits", "multilabel", "ce-index", "ce-onehot"],
)
def test_logits_of_plus_minus_1000_are_finite_and_warning_free(loss, y):
    with strict_numerics():
        value = loss.forward(EXTREME, y)
        grad = loss.backward()
    assert np.isfinite(value) and np.all(np.isfinite(grad))
    assert np.all(np.abs(grad) <= 1.0)


def test_extreme_logit_values_are_exact():
    with strict_numerics():
        # confidently wrong by 2000 nats / 1000 per logit; confidently right costs nothing
        assert CrossEntropyLoss().forward([[1000.0, -1000.0]], [1]) == pytest.approx(2000.0)
        assert CrossEntropyLoss().forward([[1000.0, -1000.0]], [0]) == 0.0
        assert BCEWithLogitsLoss().forward([[-1000.0]], [1]) == pytest.approx(1000.0)
        assert BCEWithLogitsLoss().forward([[1000.0]], [1]) == 0.0
        loss = CrossEntropyLoss()
        loss.forward([[1000.0, -1000.0]], [1])
        assert np.allclose(loss.backward(), [[1.0, -1.0]])


def test_bce_on_saturated_probabilities_is_finite():
    with strict_numerics():
        loss = BCELoss()
        value = loss.forward(sigmoid(EXTREME[:, :1]), [[0], [1], [0], [1]])
        grad = loss.backward()
    assert np.isfinite(value) and np.all(np.isfinite(grad))


# -- names and pairing ------------------------------------------------------------------------------
def test_get_loss_by_name():
    assert isinstance(get_loss("mse"), MSELoss)
    assert isinstance(get_loss("binary_crossentropy"), BCEWithLogitsLoss)
    assert isinstance(get_loss("sparse_categorical_crossentropy"), CrossEntropyLoss)
    assert isinstance(get_loss(CrossEntropyLoss), CrossEntropyLoss)
    loss = MSELoss()
    assert get_loss(loss) is loss


def test_loss_for_output():
    assert isinstance(loss_for_output("linear"), MSELoss)
    assert isinstance(loss_for_output("sigmoid"), BCEWithLogitsLoss)
    assert isinstance(loss_for_output("softmax"), CrossEntropyLoss)
    with pytest.raises(CourseError, match="pass loss="):
        loss_for_output("relu")


def test_backward_before_forward():
    with pytest.raises(CourseError, match="before forward"):
        MSELoss().backward()


@settings(max_examples=100, deadline=None, derandomize=True, database=None)  # the same examples every run
@given(
    arrays(np.float64, st.tuples(st.integers(1, 5), st.integers(2, 5)),
           elements=st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)),
    st.integers(0, 2**16),
)
def test_cross_entropy_is_finite_for_any_logits(z, seed):
    labels = np.random.default_rng(seed).integers(0, z.shape[1], size=z.shape[0])
    loss = CrossEntropyLoss()
    with strict_numerics():
        value = loss.forward(z, labels)
        grad = loss.backward()
    assert np.isfinite(value) and value >= 0
    assert np.all(np.isfinite(grad))
    assert np.allclose(grad.sum(axis=1), 0.0, atol=1e-12)  # softmax minus one-hot sums to 0 in every row


def test_bce_on_float32_probabilities_of_exactly_0_and_1_stays_finite():
    p = np.array([[0.0], [1.0], [1.0]], dtype=np.float32)
    y = np.array([[1.0], [0.0], [1.0]], dtype=np.float32)
    loss = BCELoss()
    with np.errstate(all="raise", under="ignore"):
        value = loss.forward(p, y)
        grad = loss.backward()
    assert np.isfinite(value) and np.all(np.isfinite(grad))
