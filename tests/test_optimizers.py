"""Optimizers against update rules worked out by hand (the formulas of PyTorch's torch.optim docs).

Every expected value below is computed in plain Python floats, one scalar at a time, independently of
course_lib's vectorised code. Each test takes three steps with changing gradients.
"""

import math

import numpy as np
import pytest

from course_lib.layers import Dense
from course_lib.model import Sequential
from course_lib.optimizers import SGD, Adagrad, Adam, Momentum, Optimizer, RMSprop, get_optimizer
from course_lib.validation import CourseError

P0 = [0.5, -1.0, 2.0]
GRADS = [[0.1, -0.2, 0.3], [0.4, 0.0, -0.5], [-0.3, 0.2, 0.1]]  # one gradient per step
LRS = [0.1, 0.1, 0.05]  # the learning rate is changed before the third step


def by_hand(rule):
    """Apply `rule(state, p, g, lr) -> new p` to each scalar of P0 for the steps in GRADS; returns p after each step."""
    states = [{} for _ in P0]
    p = list(P0)
    history = []
    for g_vec, lr in zip(GRADS, LRS, strict=True):
        p = [rule(states[i], p[i], g_vec[i], lr) for i in range(len(p))]
        history.append(p)
    return history


def sgd(state, p, g, lr):
    return p - lr * g


def momentum(mu, nesterov=False):
    def rule(state, p, g, lr):
        # torch.optim.SGD, dampening 0: b_1 = g, b_t = mu·b_{t-1} + g; Nesterov uses g + mu·b_t
        b = g if "b" not in state else mu * state["b"] + g
        state["b"] = b
        return p - lr * (g + mu * b if nesterov else b)

    return rule


def adagrad(eps):
    def rule(state, p, g, lr):
        state["sum"] = state.get("sum", 0.0) + g * g
        return p - lr * g / (math.sqrt(state["sum"]) + eps)

    return rule


def rmsprop(alpha, eps):
    def rule(state, p, g, lr):
        state["v"] = alpha * state.get("v", 0.0) + (1 - alpha) * g * g
        return p - lr * g / (math.sqrt(state["v"]) + eps)

    return rule


def adam(beta1, beta2, eps):
    def rule(state, p, g, lr):
        t = state["t"] = state.get("t", 0) + 1
        m = state["m"] = beta1 * state.get("m", 0.0) + (1 - beta1) * g
        v = state["v"] = beta2 * state.get("v", 0.0) + (1 - beta2) * g * g
        m_hat = m / (1 - beta1**t)
        v_hat = v / (1 - beta2**t)
        return p - lr * m_hat / (math.sqrt(v_hat) + eps)

    return rule


CASES = {
    "SGD": (lambda: SGD(lr=LRS[0]), sgd),
    "Momentum": (lambda: Momentum(lr=LRS[0], momentum=0.9), momentum(0.9)),
    "Momentum(nesterov=True)": (lambda: Momentum(lr=LRS[0], momentum=0.8, nesterov=True), momentum(0.8, True)),
    "Adagrad": (lambda: Adagrad(lr=LRS[0]), adagrad(1e-10)),
    "RMSprop": (lambda: RMSprop(lr=LRS[0]), rmsprop(0.99, 1e-8)),
    "RMSprop(alpha=0.9)": (lambda: RMSprop(lr=LRS[0], alpha=0.9, eps=1e-6), rmsprop(0.9, 1e-6)),
    "Adam": (lambda: Adam(lr=LRS[0]), adam(0.9, 0.999, 1e-8)),
    "Adam(betas=(0.5, 0.9))": (lambda: Adam(lr=LRS[0], betas=(0.5, 0.9), eps=1e-6), adam(0.5, 0.9, 1e-6)),
}


@pytest.mark.parametrize("name", CASES)
def test_steps_match_the_formulas_worked_by_hand(name):
    make, rule = CASES[name]
    opt = make()
    p = np.array(P0)
    params = {"layer0.W": p}
    for step, (g, lr, expected) in enumerate(zip(GRADS, LRS, by_hand(rule), strict=True), start=1):
        opt.lr = lr  # changing lr between steps takes effect at once and keeps the state
        opt.step(params, {"layer0.W": np.array(g)})
        assert params["layer0.W"] is p, "the optimizer replaced the array instead of updating it in place"
        assert np.allclose(p, expected, rtol=1e-12, atol=1e-14), f"step {step}"
    assert opt.t == 3


def test_adam_first_step_is_lr_times_sign():
    """With bias correction, Adam's first step is lr·g/|g| (up to eps) whatever the gradient's size."""
    p = np.array([1.0, 1.0, 1.0])
    Adam(lr=0.01).step({"w": p}, {"w": np.array([1e-3, -5.0, 200.0])})
    assert np.allclose(p, [0.99, 1.01, 0.99], atol=1e-8)


def test_adam_numbers_written_out():
    """Two Adam steps with all the numbers spelled out (β1 = 0.9, β2 = 0.999, lr = 0.1, g = 0.5 then -0.25)."""
    p = np.array([1.0])
    opt = Adam(lr=0.1)  # eps = 1e-8 moves the results by ~2e-9 only
    opt.step({"w": p}, {"w": np.array([0.5])})
    # m = 0.05, v = 0.00025, m̂ = 0.5, v̂ = 0.25 -> p = 1 - 0.1·0.5/0.5 = 0.9
    assert p[0] == pytest.approx(0.9, abs=1e-8)
    opt.step({"w": p}, {"w": np.array([-0.25])})
    m = 0.9 * 0.05 + 0.1 * -0.25  # 0.02
    v = 0.999 * 0.00025 + 0.001 * 0.0625  # 0.00031225
    m_hat, v_hat = m / (1 - 0.9**2), v / (1 - 0.999**2)
    assert p[0] == pytest.approx(0.9 - 0.1 * m_hat / math.sqrt(v_hat), abs=1e-8)


@pytest.mark.parametrize("name", CASES)
def test_state_is_kept_per_parameter_name(name):
    """Two parameters stepped together give the same result as each stepped by its own optimizer."""
    make, _ = CASES[name]
    together, alone_a, alone_b = make(), make(), make()
    a, b = np.array(P0), np.array(P0[::-1])
    a2, b2 = a.copy(), b.copy()
    for g in GRADS:
        ga, gb = np.array(g), np.array(g[::-1]) * 2
        together.step({"a": a, "b": b}, {"a": ga, "b": gb})
        alone_a.step({"a": a2}, {"a": ga})
        alone_b.step({"b": b2}, {"b": gb})
    assert np.allclose(a, a2) and np.allclose(b, b2)


@pytest.mark.parametrize("name", CASES)
def test_updates_reach_the_layers_of_a_model(name, rng):
    make, _ = CASES[name]
    model = Sequential([Dense(3, input_dim=2, activation="tanh"), Dense(1)], seed=0)
    arrays = {k: v for k, v in model.parameters().items()}
    before = model.get_weights()
    X = rng.normal(size=(4, 2))
    model.backward(rng.normal(size=model.forward(X).shape))
    make().step(model.parameters(), model.gradients())
    for k, v in model.parameters().items():
        assert v is arrays[k]
        assert not np.array_equal(v, before[k])


def test_gradients_are_not_modified(rng):
    for make, _ in CASES.values():
        g = rng.normal(size=3)
        g_before = g.copy()
        make().step({"w": np.zeros(3)}, {"w": g})
        assert np.array_equal(g, g_before)


def test_reset_forgets_state():
    opt = Momentum(lr=0.1, momentum=0.9)
    p = np.zeros(1)
    opt.step({"w": p}, {"w": np.ones(1)})
    opt.reset()
    assert opt.t == 0 and opt.state == {}
    opt.step({"w": p}, {"w": np.ones(1)})
    assert p[0] == pytest.approx(-0.2)  # two plain first steps of -0.1


def test_hyperparameters_can_change_between_steps():
    opt = Momentum(lr=0.1, momentum=0.5)
    p = np.zeros(1)
    opt.step({"w": p}, {"w": np.ones(1)})  # v = 1, p = -0.1
    opt.momentum = 0.0
    opt.step({"w": p}, {"w": np.ones(1)})  # v = 0·1 + 1 = 1, p = -0.2
    assert p[0] == pytest.approx(-0.2)
    with pytest.raises(CourseError, match="learning rate"):
        opt.lr = -0.1
    assert opt.lr == 0.1  # a refused value leaves the old one


def test_get_optimizer():
    assert isinstance(get_optimizer("adam"), Adam)
    nesterov = get_optimizer("nesterov", lr=0.05)
    assert isinstance(nesterov, Momentum) and nesterov.nesterov and nesterov.lr == 0.05
    opt = SGD()
    assert get_optimizer(opt) is opt
    assert get_optimizer("RMSprop", alpha=0.5).alpha == 0.5


def test_defaults_follow_pytorch():
    assert SGD().lr == 0.001  # torch.optim.SGD's default (Keras's SGD uses 0.01)
    assert Momentum().settings() == {"lr": 0.001, "momentum": 0.9, "nesterov": False}
    assert Adam().settings() == {"lr": 0.001, "betas": (0.9, 0.999), "eps": 1e-8}
    assert RMSprop().settings() == {"lr": 0.01, "alpha": 0.99, "eps": 1e-8}
    assert Adagrad().settings() == {"lr": 0.01, "eps": 1e-10}
    assert repr(Momentum(lr=0.1)) == "Momentum(lr=0.1, momentum=0.9, nesterov=False)"
    assert issubclass(Adam, Optimizer)


def test_defaults_are_torch_optims_own():
    torch = pytest.importorskip("torch", reason="torch is not installed (optional; not a course dependency)")
    import inspect

    def torch_default(cls, name):
        return inspect.signature(cls).parameters[name].default

    for ours, theirs in ((SGD, torch.optim.SGD), (Adagrad, torch.optim.Adagrad), (RMSprop, torch.optim.RMSprop),
                         (Adam, torch.optim.Adam)):
        for name, value in ours().settings().items():
            assert value == torch_default(theirs, name), (ours.__name__, name)
    assert Momentum().lr == torch_default(torch.optim.SGD, "lr")


# -- optional: the same numbers as torch.optim ---------------------------------------------------------
TORCH_CASES = {
    "SGD": (lambda: SGD(lr=0.1), lambda torch, p: torch.optim.SGD([p], lr=0.1)),
    "Momentum": (lambda: Momentum(lr=0.1, momentum=0.9), lambda torch, p: torch.optim.SGD([p], lr=0.1, momentum=0.9)),
    "Nesterov": (
        lambda: Momentum(lr=0.1, momentum=0.9, nesterov=True),
        lambda torch, p: torch.optim.SGD([p], lr=0.1, momentum=0.9, nesterov=True),
    ),
    "Adagrad": (lambda: Adagrad(lr=0.1), lambda torch, p: torch.optim.Adagrad([p], lr=0.1)),
    "RMSprop": (lambda: RMSprop(lr=0.01), lambda torch, p: torch.optim.RMSprop([p], lr=0.01)),
    "Adam": (lambda: Adam(lr=0.01), lambda torch, p: torch.optim.Adam([p], lr=0.01)),
}


@pytest.mark.parametrize("name", TORCH_CASES)
def test_same_steps_as_torch_optim(name):
    torch = pytest.importorskip("torch", reason="torch is not installed (optional; not a course dependency)")
    make_ours, make_theirs = TORCH_CASES[name]
    ours = make_ours()
    p = np.array(P0)
    tp = torch.tensor(P0, dtype=torch.float64, requires_grad=True)
    theirs = make_theirs(torch, tp)
    for g in GRADS:
        ours.step({"w": p}, {"w": np.array(g)})
        tp.grad = torch.tensor(g, dtype=torch.float64)
        theirs.step()
        assert np.allclose(p, tp.detach().numpy(), rtol=1e-10, atol=1e-12)
