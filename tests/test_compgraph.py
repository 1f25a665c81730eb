"""course_lib.compgraph: the scalar autodiff agrees with finite differences, and its graph can be drawn."""

import math

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course_lib.compgraph import Value, draw_graph, fan_out, layout, topological_order
from tests.gradient_helpers import GRAD_TOL, rel_error


def numeric_grads(f, xs, h=1e-6):
    """Central differences of a function of plain floats, one input at a time."""
    grads = []
    for i in range(len(xs)):
        up, down = list(xs), list(xs)
        up[i] += h
        down[i] -= h
        grads.append((f(*up) - f(*down)) / (2 * h))
    return grads


def backprop_grads(f, xs):
    values = [Value(x) for x in xs]
    out = f(*values)
    out.backward()
    return out, [v.grad for v in values]


FUNCTIONS = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
    "pow": lambda a, b: a ** 3 + b ** 2,
    "neg": lambda a, b: -a * b,
    "radd_rsub": lambda a, b: 2.0 - a + (3.0 + b),
    "rmul_rdiv": lambda a, b: 2.0 * a + 1.0 / b,
    "exp_log": lambda a, b: (a * b).exp() + (a * a + 1.0).log(),
    "tanh": lambda a, b: (a * b).tanh(),
    "sigmoid": lambda a, b: (a - b).sigmoid(),
    "relu": lambda a, b: (a * b).relu() + (a + b).relu(),
    "x_times_x": lambda a, b: a * a,
    "two_branches": lambda a, b: (a * b).tanh() * (a + b).sigmoid(),  # a and b each feed two branches
    "neuron_bce": lambda a, b: -((a * 0.7 + b * -1.2 + 0.1).sigmoid()).log(),
}


def _plain(f):
    """The same formula on plain floats (Value methods -> math functions)."""

    class F(float):
        def __add__(s, o): return F(float(s) + float(o))
        def __radd__(s, o): return F(float(o) + float(s))
        def __sub__(s, o): return F(float(s) - float(o))
        def __rsub__(s, o): return F(float(o) - float(s))
        def __mul__(s, o): return F(float(s) * float(o))
        def __rmul__(s, o): return F(float(o) * float(s))
        def __truediv__(s, o): return F(float(s) / float(o))
        def __rtruediv__(s, o): return F(float(o) / float(s))
        def __pow__(s, k): return F(float(s) ** k)
        def __neg__(s): return F(-float(s))
        def exp(s): return F(math.exp(s))
        def log(s): return F(math.log(s))
        def tanh(s): return F(math.tanh(s))
        def sigmoid(s): return F(1 / (1 + math.exp(-s)))
        def relu(s): return F(max(float(s), 0.0))

    return lambda *xs: float(f(*[F(x) for x in xs]))


@pytest.mark.parametrize("name", FUNCTIONS)
def test_gradients_match_finite_differences(name):
    f = FUNCTIONS[name]
    xs = [0.8, -1.3]
    out, grads = backprop_grads(f, xs)
    assert out.data == pytest.approx(_plain(f)(*xs), rel=1e-12)
    assert rel_error(grads, numeric_grads(_plain(f), xs)) < GRAD_TOL


@settings(max_examples=60, deadline=None)
@given(st.floats(-2, 2), st.floats(0.2, 2))
def test_random_points_two_branches(a, b):
    f = FUNCTIONS["two_branches"]
    _, grads = backprop_grads(f, [a, b])
    assert rel_error(grads, numeric_grads(_plain(f), [a, b])) < GRAD_TOL


def test_gradients_add_where_paths_merge():
    x = Value(3.0)
    (x * x).backward()
    assert x.grad == 6.0  # 3 + 3: one path per use, not 3
    a, b = Value(2.0), Value(-3.0)
    d = a * b + a
    d.backward()
    assert (a.grad, b.grad) == (-2.0, 2.0)  # b + 1 and a
    assert fan_out(d)[id(a)] == 2


def test_backward_twice_gives_the_same_gradients():
    a, b = Value(0.5), Value(2.0)
    out = (a * b).tanh() + a
    out.backward()
    first = (a.grad, b.grad)
    out.backward()
    assert (a.grad, b.grad) == first


def test_relu_uses_zero_at_the_kink_and_sigmoid_is_stable():
    x = Value(0.0)
    x.relu().backward()
    assert x.grad == 0.0
    big = Value(-1000.0).sigmoid()
    assert 0.0 <= big.data < 1e-300


def test_topological_order_puts_inputs_first():
    a, b = Value(1.0, "a"), Value(2.0, "b")
    c = a * b
    d = c + a
    order = topological_order(d)
    assert order.index(a) < order.index(c) < order.index(d)
    assert order[-1] is d and len(order) == 4


def test_pow_rejects_a_value_exponent():
    with pytest.raises(TypeError, match="plain number"):
        Value(2.0) ** Value(3.0)


def test_layout_and_drawing():
    x1, w1, b = Value(1.5, "x1"), Value(0.8, "w1"), Value(-0.2, "b")
    z = x1 * w1 + b
    z.label = "z"
    a = z.sigmoid()
    a.backward()
    pos = layout(a)
    assert pos[id(a)][0] > pos[id(z)][0] > pos[id(x1)][0]
    assert pos[id(b)][0] == pos[id(z)][0] - 1  # an input sits just left of its first use
    ax = draw_graph(a, title="one neuron")
    texts = [t.get_text() for t in ax.texts]
    assert "x1" in texts and "z [+]" in texts and "grad 1" in texts
    assert len(ax.patches) == 6  # x1, w1, ×, b, +, σ
    plt.close(ax.figure)
    x = Value(3.0, "x")
    y = x * x
    y.backward()
    ax = draw_graph(y)
    assert any("grads add" in t.get_text() for t in ax.texts)
    plt.close(ax.figure)
