"""Lesson 01's pictures: logic gates with a single perceptron, and gradient descent on a bowl-shaped loss.

    draw_perceptron(ax)                                # the parts: inputs, weights, sum, bias, step, ŷ
    draw_gate(fig, "AND", w1=1.0, w2=1.0, b=-1.5)     # the four input points, the line w1·x1 + w2·x2 + b = 0
    best_gate_score("XOR")                             # 3: no (w1, w2, b) on the search grid gets all four right
    draw_step_sizes(fig, 0.05, 0.3, 1.05)              # three learning rates side by side on L(w) = (w - 3)²

A perceptron here outputs 1 where z = w1·x1 + w2·x2 + b > 0 and 0 elsewhere (z = 0 counts as 0).
Both drawing functions take a matplotlib Figure and return a one-line text summary, so they plug straight
into `course_lib.widgets.InteractiveFigure`.
"""

from __future__ import annotations

import numpy as np

from course_lib.i18n import tr
from course_lib.palette import CLASS_COLORS, SERIES_COLORS
from course_lib.validation import check_number, check_positive_int, unknown_name_error

GATE_INPUTS = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])  # (4, 2): one row per input pair
GATES = {  # targets for the rows of GATE_INPUTS
    "AND": np.array([0, 0, 0, 1]),
    "OR": np.array([0, 1, 1, 1]),
    "NAND": np.array([1, 1, 1, 0]),
    "XOR": np.array([0, 1, 1, 0]),
}
WRONG_COLOR = "#D55E00"  # vermillion (Okabe-Ito): marks a wrongly classified point

# The bowl of the step-size demo: L(w) = (w - W_STAR)², gradient 2 (w - W_STAR), so lr = 1 is the edge of stability.
W_STAR, W_START = 3.0, -1.0


ARROW = {"arrowstyle": "->", "color": "#555555", "lw": 1.6}


def draw_perceptron(ax, n_inputs: int = 2):
    """The parts of a perceptron: inputs x_j, weights w_j on the arrows, the sum z = w·x + b, the step, ŷ."""
    ys = np.linspace(0.9, -0.9, n_inputs) if n_inputs > 1 else np.zeros(1)
    for j, y in enumerate(ys, start=1):
        ax.annotate("", xy=(2.55, 0.0), xytext=(0.35, y), arrowprops=ARROW)
        ax.add_patch(_circle((0, y), 0.32, "#FFFFFF"))
        ax.text(0, y, f"$x_{j}$", ha="center", va="center", fontsize=15)
        ax.text(1.3, y * 0.55 + 0.13, f"$w_{j}$", ha="center", va="bottom", fontsize=14, color=SERIES_COLORS[0])
    ax.add_patch(_circle((3.0, 0.0), 0.45, "#E8F1F8"))
    ax.text(3.0, 0.0, "$\\Sigma$", ha="center", va="center", fontsize=18)
    ax.annotate("", xy=(3.0, -0.47), xytext=(3.0, -1.3), arrowprops=ARROW)
    ax.text(3.0, -1.45, tr("bias $b$"), ha="center", va="top", fontsize=13, color=SERIES_COLORS[1])
    ax.annotate("", xy=(4.6, 0.0), xytext=(3.47, 0.0), arrowprops=ARROW)
    ax.text(4.0, 0.12, "$z$", ha="center", va="bottom", fontsize=14)
    ax.add_patch(_box((4.6, -0.45), 1.1, 0.9))
    steps_x = [4.75, 5.15, 5.15, 5.55]
    ax.plot(steps_x, [-0.25, -0.25, 0.25, 0.25], color="#333333", lw=2)
    ax.text(5.15, 0.55, tr("activation\n(step)"), ha="center", va="bottom", fontsize=12)
    ax.annotate("", xy=(6.7, 0.0), xytext=(5.72, 0.0), arrowprops=ARROW)
    ax.text(6.85, 0.0, "$\\hat y$", ha="left", va="center", fontsize=17)
    ax.text(3.0, 0.62, "$z = w \\cdot x + b$", ha="center", va="bottom", fontsize=13)
    ax.set_xlim(-0.6, 7.5)
    ax.set_ylim(-2.0, 1.4)
    ax.set_aspect("equal")
    ax.set_axis_off()
    return ax


def _circle(center, radius, face):
    from matplotlib.patches import Circle

    return Circle(center, radius, facecolor=face, edgecolor="#333333", linewidth=1.5, zorder=2)


def _box(corner, width, height):
    from matplotlib.patches import FancyBboxPatch

    return FancyBboxPatch(corner, width, height, boxstyle="round,pad=0.02", facecolor="#FFFFFF", edgecolor="#333333",
                          linewidth=1.5, zorder=1)


def gate_targets(gate: str) -> np.ndarray:
    """The 0/1 targets of a gate for the four rows of GATE_INPUTS, shape (4,). Names in any case ('and')."""
    if not isinstance(gate, str) or gate.strip().upper() not in GATES:
        raise unknown_name_error("gate", gate.upper() if isinstance(gate, str) else gate, GATES)
    return GATES[gate.strip().upper()]


def gate_outputs(w1: float, w2: float, b: float) -> np.ndarray:
    """The perceptron's outputs (0 or 1) for the four input pairs, shape (4,)."""
    w1, w2, b = check_number(w1, "w1"), check_number(w2, "w2"), check_number(b, "b")
    z = np.round(GATE_INPUTS @ np.array([w1, w2], dtype=float) + b, 9)  # slider values like 0.1 are inexact
    return (z > 0).astype(int)


def best_gate_score(gate: str, values=None, b_values=None) -> int:
    """The most points (of 4) any (w1, w2, b) on a grid gets right (default grid: -3..3 in steps of 0.1).

    b_values fixes the bias choices, e.g. b_values=[0.0] asks what a perceptron WITHOUT a bias can do.
    """
    targets = gate_targets(gate)
    values = np.round(np.linspace(-3, 3, 61), 10) if values is None else np.asarray(values, dtype=float)
    b_values = values if b_values is None else np.asarray(b_values, dtype=float)
    w1, w2, b = np.meshgrid(values, values, b_values, indexing="ij")
    z = w1[..., None] * GATE_INPUTS[:, 0] + w2[..., None] * GATE_INPUTS[:, 1] + b[..., None]  # (..., 4)
    return int(((z > 0).astype(int) == targets).sum(axis=-1).max())


def draw_gate(fig, gate: str = "AND", w1: float = 1.0, w2: float = 1.0, b: float = -0.5) -> str:
    """The four points of `gate`, the perceptron's decision line and its 'output 1' side; right/wrong marks."""
    targets = gate_targets(gate)
    outputs = gate_outputs(w1, w2, b)
    right = outputs == targets
    ax = fig.add_subplot()
    lo, hi = -0.5, 1.5
    ticks = np.linspace(lo, hi, 241)
    gx, gy = np.meshgrid(ticks, ticks)
    side = (np.round(w1 * gx + w2 * gy + b, 9) > 0).astype(float)
    from matplotlib.colors import ListedColormap

    ax.imshow(side, origin="lower", extent=(lo, hi, lo, hi), cmap=ListedColormap([CLASS_COLORS[0], CLASS_COLORS[1]]),
              vmin=0, vmax=1, alpha=0.18, interpolation="nearest")
    if w1 != 0 or w2 != 0:
        ax.contour(gx, gy, w1 * gx + w2 * gy + b, levels=[0.0], colors="#333333", linewidths=2)
        # w is perpendicular to the line and points to the side that outputs 1
        norm = np.hypot(w1, w2)
        foot = -b * np.array([w1, w2]) / norm**2  # the point of the line closest to the origin
        foot = np.clip(foot, lo + 0.15, hi - 0.15)
        ax.annotate("", xy=foot + 0.35 * np.array([w1, w2]) / norm, xytext=foot,
                    arrowprops={"arrowstyle": "->", "color": "#333333", "lw": 1.8})
        ax.text(*(foot + 0.42 * np.array([w1, w2]) / norm), "w", fontsize=12, ha="center", va="center")
    for (x1, x2), t, ok in zip(GATE_INPUTS, targets, right, strict=True):
        ax.scatter([x1], [x2], s=260, c=CLASS_COLORS[t], edgecolors="#333333", linewidths=1, zorder=3)
        if not ok:  # a wide black ring: visible on either class colour, and without colour vision
            ax.scatter([x1], [x2], s=720, facecolors="none", edgecolors="#000000", linewidths=2.5, zorder=3)
        ax.text(x1, x2, str(t), ha="center", va="center", fontsize=11, color="white", fontweight="bold", zorder=4)
        ax.text(x1 + 0.17, x2 + 0.17, "✓" if ok else "✗", fontsize=16, ha="center", va="center",
                color="#009E73" if ok else WRONG_COLOR, fontweight="bold", zorder=4)
    n_right = int(right.sum())
    ax.set_xlim(lo, hi)
    ax.set_ylim(lo, hi)
    ax.set_aspect("equal")
    ax.grid(False)
    ax.set_xticks([0, 1])
    ax.set_yticks([0, 1])
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if w1 == 0 and w2 == 0:
        ax.set_title(tr("{gate}: {n_right}/4 right   (w = 0: no line, one output everywhere)", gate=gate,
                        n_right=n_right))
    else:
        ax.set_title(tr("{gate}: {n_right}/4 right", gate=gate, n_right=n_right))
    ax.scatter([], [], s=80, c=CLASS_COLORS[0], edgecolors="#333333", label=tr("target 0"))
    ax.scatter([], [], s=80, c=CLASS_COLORS[1], edgecolors="#333333", label=tr("target 1"))
    ax.scatter([], [], s=160, facecolors="none", edgecolors="#000000", linewidths=2.5, label=tr("wrong (✗)"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), borderaxespad=0, title=tr("shaded blue: output 1"))
    wrong = [f"({int(x1)},{int(x2)})" for (x1, x2), ok in zip(GATE_INPUTS, right, strict=True) if not ok]
    if wrong:
        return tr("{gate} with w1={w1:.1f}, w2={w2:.1f}, b={b:.1f}: {n_right}/4 right; wrong at {wrong}", gate=gate,
                  w1=w1, w2=w2, b=b, n_right=n_right, wrong=", ".join(wrong))
    return tr("{gate} with w1={w1:.1f}, w2={w2:.1f}, b={b:.1f}: {n_right}/4 right", gate=gate, w1=w1, w2=w2, b=b,
              n_right=n_right)


def gd_path(lr: float, steps: int = 20, w0: float = W_START) -> np.ndarray:
    """Gradient descent on L(w) = (w - W_STAR)²: the weights w_0 ... w_steps, shape (steps + 1,)."""
    lr, w0 = check_number(lr, "lr"), check_number(w0, "w0")
    steps = check_positive_int(steps, "steps", minimum=0)
    path = [float(w0)]
    for _ in range(int(steps)):
        w = path[-1]
        path.append(w - lr * 2.0 * (w - W_STAR))
    return np.array(path)


def step_size_verdict(lr: float, steps: int = 20) -> str:
    """In words (in the current language): how gradient descent with this learning rate behaves on the bowl."""
    lr = check_number(lr, "lr")
    steps = check_positive_int(steps, "steps", minimum=0)
    r = 1.0 - 2.0 * lr  # each step multiplies the distance to the minimum by r
    if abs(r) > 1:
        return tr("diverges")
    if abs(r) == 1:
        return tr("bounces forever")
    remaining = abs(r) ** steps
    if r < 0:
        return tr("oscillates, converges") if remaining < 0.01 else tr("oscillates slowly")
    return tr("converges") if remaining < 0.01 else tr("crawls")


def draw_step_sizes(fig, lr_small: float = 0.05, lr_good: float = 0.3, lr_large: float = 1.05,
                    steps: int = 20, lr_oscillating: float | None = None, show_verdicts: bool = True) -> str:
    """Learning rates side by side: top, the path of w on the loss curve; bottom, the loss per step.

    Three panels (small, good, large), or four when lr_oscillating is given (small, good, oscillating, large).
    show_verdicts=False keeps the titles and the summary neutral (just the learning rate), so a learner can
    predict each panel's behaviour before the words give it away. steps may be 0 (only the start is drawn).
    """
    lrs = (lr_small, lr_good, lr_large) if lr_oscillating is None else (lr_small, lr_good, lr_oscillating, lr_large)
    axes = fig.subplots(2, len(lrs), gridspec_kw={"height_ratios": [3, 2]})
    ws = np.linspace(-3, 9, 300)
    summaries = []
    for col, lr in enumerate(lrs):
        path = gd_path(lr, steps)
        loss = (path - W_STAR) ** 2
        verdict = step_size_verdict(lr, steps)
        top, bottom = axes[0, col], axes[1, col]
        top.plot(ws, (ws - W_STAR) ** 2, color="#999999", linewidth=1.5)
        top.plot(path, loss, color=SERIES_COLORS[col], linewidth=1, alpha=0.7)  # leaves the axes if it diverges
        top.scatter(path, loss, c=np.arange(len(path)), cmap="viridis", s=26, zorder=3)
        top.scatter([W_START], [(W_START - W_STAR) ** 2], marker="s", s=60, color="#000000", zorder=4,
                    label=tr("start"))
        top.set_xlim(ws[0], ws[-1])
        top.set_ylim(-1, 40)
        top.set_xlabel(tr("weight w"))
        if show_verdicts:
            top.set_title(f"lr = {lr:.2f}: {verdict}", color="#D55E00" if verdict == tr("diverges") else "#222222")
        else:
            top.set_title(f"lr = {lr:.2f}", color="#222222")
        bottom.semilogy(np.arange(len(path)), np.maximum(loss, 1e-12), color=SERIES_COLORS[col], marker="o",
                        markersize=3)
        bottom.set_xlabel(tr("step"))
        bottom.set_ylim(1e-8, max(1e3, 10 * float(loss.max())))
        if show_verdicts:
            summaries.append(tr("lr {lr:.2f}: w = {w:.4g} after {steps} steps ({verdict})", lr=lr, w=path[-1],
                                steps=steps, verdict=verdict))
        else:
            summaries.append(tr("lr {lr:.2f}: w = {w:.4g} after {steps} steps", lr=lr, w=path[-1], steps=steps))
    axes[0, 0].set_ylabel(tr("loss $L(w)=(w-3)^2$"))
    axes[1, 0].set_ylabel(tr("loss (log scale)"))
    axes[0, 0].legend(loc="upper right")
    return " · ".join(summaries)
