"""A tiny scalar autodiff (in the spirit of micrograd) and a picture of its computational graph.

    a, b = Value(2.0, "a"), Value(-3.0, "b")
    c = a * b + a          # a is used twice: two paths from c back to a
    c.backward()           # fills .grad of every node, output to inputs
    a.grad                 # -2.0 = b + 1: where paths merge, gradients ADD
    draw_graph(c)          # boxes laid out by depth: op, value and gradient of each node

Every operation records its inputs and how to pass a gradient back to them (the local derivative times
the gradient arriving from above: the chain rule). backward() visits the nodes in reverse topological
order, so a node sends its gradient on only after every path above it has added its share.
Imports only numpy and matplotlib (and the course palette).
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from course_lib.i18n import tr
from course_lib.palette import SERIES_COLORS
from course_lib.validation import CourseError, CourseTypeError, describe


class Value:
    """One number in a computation: .data (forward value), .grad (dOutput/dThis after backward()),
    .op (the operation that made it, "" for an input) and .label (a name for the picture)."""

    def __init__(self, data, label="", _children=(), _op=""):
        self.data = _number(data, "Value")
        self.grad = 0.0
        self.label = label
        self.op = _op
        self._prev = tuple(_children)
        self._backward = lambda: None  # adds this node's gradient into its children's .grad

    def __repr__(self):
        name = f"{self.label}=" if self.label else ""
        return f"Value({name}{self.data:.4g}, grad={self.grad:.4g})"

    # -- arithmetic: each result remembers its inputs and the local derivatives -------------------
    def _binary(self, other, value, d_self, d_other, op):
        """A two-input result; d_self, d_other are the local derivatives d(out)/d(self), d(out)/d(other)."""
        out = Value(value, _children=(self, other), _op=op)

        def _backward():
            self.grad += d_self * out.grad     # chain rule: local derivative × gradient from above
            other.grad += d_other * out.grad   # += : a node used twice collects from both paths
        out._backward = _backward
        return out

    def __add__(self, other):
        other = _value(other)
        return self._binary(other, self.data + other.data, 1.0, 1.0, "+")

    def __sub__(self, other):
        other = _value(other)
        return self._binary(other, self.data - other.data, 1.0, -1.0, "−")

    def __mul__(self, other):
        other = _value(other)
        return self._binary(other, self.data * other.data, other.data, self.data, "×")

    def __truediv__(self, other):
        other = _value(other)
        a, b = self.data, other.data
        if b == 0:
            raise CourseError(tr(
                "division by zero: {node} / {other} with a divisor of 0. The result (and its gradient "
                "-a/b²) would be infinite; make sure the divisor cannot be 0.",
                node=self._name(), other=other._name()))
        try:
            return self._binary(other, a / b, 1.0 / b, -(a / b) / b, "÷")  # -a/b², without b² underflowing to 0
        except OverflowError:
            raise CourseError(tr(
                "{node} / {other}: the divisor {b:g} is so close to 0 that the result (or its gradient) is "
                "too large for a float.",
                node=self._name(), other=other._name(), b=b)) from None

    def __pow__(self, k):
        if isinstance(k, bool) or not isinstance(k, int | float):
            raise CourseTypeError(tr(
                "Value ** k needs a plain number k (e.g. x ** 2), got {k}. For a Value as the exponent write (k * "
                "x.log()).exp().",
                k=describe(k)))
        k = _number(k, "the exponent k")
        x = self.data
        if x == 0 and k < 0:
            raise CourseError(tr(
                "{node} ** {k:g} divides by zero: the base is 0 and the power negative.",
                node=self._name(), k=k))
        if x == 0 and 0 < k < 1:
            raise CourseError(tr(
                "{node} ** {k:g} at 0 has an infinite slope (k·x^(k-1) divides by 0), so no gradient can flow "
                "back; keep the base above 0.",
                node=self._name(), k=k))
        if x < 0 and not float(k).is_integer():
            raise CourseError(tr(
                "{node} ** {k:g}: a negative base ({x:g}) to a fractional power is not a real number.",
                node=self._name(), k=k, x=x))
        try:
            return self._unary(x ** k, k * x ** (k - 1) if k != 0 else 0.0, f"**{k:g}")
        except OverflowError:
            raise CourseError(tr("{node} ** {k:g} is too large for a float.", node=self._name(), k=k)) from None

    def _name(self):
        return self.label or f"{self.data:g}"

    def _unary(self, value, derivative, op):
        """A one-input function with the given value and local derivative at self.data."""
        out = Value(value, _children=(self,), _op=op)

        def _backward():
            self.grad += derivative * out.grad
        out._backward = _backward
        return out

    def exp(self):
        if self.data > 709.0:
            raise CourseError(tr(
                "exp({node}) with {data:g} is too large for a float (e^709 is about the largest). Scale the "
                "input down.",
                node=self._name(), data=self.data))
        e = math.exp(self.data)
        return self._unary(e, e, "exp")

    def log(self):
        if not self.data > 0:
            raise CourseError(tr(
                "log({node}) needs a positive number, got {data:g}: log(0) is -infinity and log of a negative "
                "number is not real. (Losses clip probabilities away from 0.)",
                node=self._name(), data=self.data))
        return self._unary(math.log(self.data), 1.0 / self.data, "log")

    def tanh(self):
        t = math.tanh(self.data)
        return self._unary(t, 1.0 - t * t, "tanh")

    def sigmoid(self):
        s = 0.5 * (1.0 + math.tanh(0.5 * self.data))  # = 1 / (1 + e^-x), without overflow
        return self._unary(s, s * (1.0 - s), "σ")

    def relu(self):
        return self._unary(max(self.data, 0.0), 1.0 if self.data > 0 else 0.0, "relu")  # relu'(0) = 0

    def __neg__(self):
        return self._unary(-self.data, -1.0, "neg")

    __radd__ = __add__
    __rmul__ = __mul__

    def __rsub__(self, other):
        return _value(other) - self

    def __rtruediv__(self, other):
        return _value(other) / self

    # -- backpropagation ------------------------------------------------------------------------
    def backward(self):
        """Fill .grad of every node below this one with d(self)/d(node). Gradients are zeroed first,
        so calling backward() twice gives the same numbers."""
        order = topological_order(self)
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):  # output first: each node is finished before it passes its gradient on
            node._backward()


def _value(x):
    return x if isinstance(x, Value) else Value(_number(x, "Value arithmetic"))


def _number(x, what) -> float:
    """One real number (a Python or numpy number, or an array of one element), or a message."""
    if isinstance(x, Value):
        raise CourseTypeError(tr(
            "{what} needs a plain number, got the Value {x!r}: use it directly (no Value(...) around it).",
            what=what, x=x))
    if isinstance(x, np.ndarray) and x.size == 1:
        x = x.item()
    if isinstance(x, bool) or not isinstance(x, int | float | np.integer | np.floating):
        raise CourseTypeError(tr(
            "{what} works with single numbers, got {x}. Each Value holds one number; for arrays use numpy and "
            "course_lib.layers.",
            what=what, x=describe(x)))
    try:
        return float(x)
    except OverflowError:
        raise CourseError(tr("{what}: {x} is too large for a float.", what=what, x=x)) from None


def topological_order(root):
    """Every node of root's graph, inputs first, each node after all the nodes it is computed from."""
    order, seen = [], set()

    def visit(node):
        if id(node) not in seen:
            seen.add(id(node))
            for child in node._prev:
                visit(child)
            order.append(node)

    visit(root)
    return order


def fan_out(root):
    """{id(node): number of times the node is used as an input} for root's graph; > 1 where paths merge."""
    uses = {}
    for node in topological_order(root):
        for child in node._prev:
            uses[id(child)] = uses.get(id(child), 0) + 1
    return uses


# ---------------------------------------------------------------------------------------------
# Drawing (matplotlib only, no graphviz)
# ---------------------------------------------------------------------------------------------
def layout(root):
    """{id(node): (x, y)}: x = depth (an input sits just left of its first use), y spread within each column."""
    order = topological_order(root)
    depth, users = {}, {}
    for node in order:
        depth[id(node)] = 1 + max((depth[id(c)] for c in node._prev), default=-1)
        for child in node._prev:
            users.setdefault(id(child), []).append(node)
    for node in order:
        if not node._prev and id(node) in users:
            depth[id(node)] = min(depth[id(u)] for u in users[id(node)]) - 1
    columns = {}
    for node in order:
        columns.setdefault(depth[id(node)], []).append(node)
    pos = {}

    def place(nodes, d, key):
        if key is not None:
            nodes.sort(key=key)
        for i, node in enumerate(nodes):
            pos[id(node)] = (float(d), (len(nodes) - 1) / 2 - i)

    for d in sorted(columns):  # left to right: near the average height of a node's inputs
        place(columns[d], d, None if d == 0 else lambda n: -np.mean([pos[id(c)][1] for c in n._prev] or [0.0]))
    for d in sorted(columns, reverse=True)[1:]:  # right to left: near the average height of its users
        place(columns[d], d, lambda n: -np.mean([pos[id(u)][1] for u in users.get(id(n), [])] or [0.0]))
    return pos


def draw_graph(root, ax=None, title=None, show_grad=True, fmt="{:.3g}", fontsize=12):
    """Draw root's computational graph: one box per node (name and op, value, gradient), arrows from inputs
    to results. A node used more than once (its gradient is a sum over paths) gets a coloured frame."""
    if not isinstance(root, Value):
        raise CourseTypeError(tr(
            "draw_graph draws the graph behind one Value (the output, e.g. L), got {root}.",
            root=describe(root)))
    order = topological_order(root)
    pos = layout(root)
    uses = fan_out(root)
    n_cols = 1 + max(x for x, _ in pos.values())
    n_rows = max(sum(1 for x, _ in pos.values() if x == c) for c in range(int(n_cols)))
    if ax is None:
        _, ax = plt.subplots(figsize=(max(4.4, 2.2 * n_cols), max(2.4, 1.5 * n_rows)))
    box_w, box_h = 0.75, 0.72 if show_grad else 0.5
    merge_color, value_color, grad_color = SERIES_COLORS[1], "#222222", SERIES_COLORS[0]
    for node in order:  # arrows first, under the boxes
        x1, y1 = pos[id(node)]
        for k, child in enumerate(node._prev):
            x0, y0 = pos[id(child)]
            bend = 0.0 if x1 - x0 < 1.5 else (-0.3 if y0 >= y1 else 0.3)  # long arrows curve around boxes
            if k == 1 and node._prev[0] is child:
                bend = -0.4  # x * x: the second arrow from the same node curves so both show
            ax.annotate("", xy=(x1 - box_w / 2, y1), xytext=(x0 + box_w / 2, y0), zorder=1,
                        arrowprops={"arrowstyle": "-|>", "color": "#777777", "lw": 1.3, "shrinkA": 0, "shrinkB": 0,
                                    "connectionstyle": f"arc3,rad={bend}"})
    for node in order:
        x, y = pos[id(node)]
        merged = uses.get(id(node), 0) > 1
        ax.add_patch(plt.Rectangle((x - box_w / 2, y - box_h / 2), box_w, box_h, facecolor="#F7F7F7",
                                   edgecolor=merge_color if merged else "#555555", lw=2.6 if merged else 1.2,
                                   zorder=2))
        head = " ".join(p for p in (node.label, f"[{node.op}]" if node.op else "") if p) or "·"
        lines = [(head, "bold", value_color), (tr("value {value}", value=fmt.format(node.data)), "normal", value_color)]
        if show_grad:
            lines.append((tr("grad {grad}", grad=fmt.format(node.grad)), "bold", grad_color))
        step = box_h / (len(lines) + 0.6)
        for i, (text, weight, color) in enumerate(lines):
            ax.text(x, y + box_h / 2 - step * (i + 0.8), text, ha="center", va="center", fontsize=fontsize,
                    fontweight=weight, color=color, zorder=3)
        if merged and show_grad:
            ax.text(x, y - box_h / 2 - 0.07, tr("used {n}×: grads add", n=uses[id(node)]), ha="center", va="top",
                    fontsize=fontsize - 1, color=merge_color, zorder=3)
    ax.set_xlim(-0.5, n_cols - 0.5)
    ax.set_ylim(-n_rows / 2 - 0.15, n_rows / 2 + 0.05)
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax
