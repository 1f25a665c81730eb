"""2-D loss surfaces with exact gradients, and the paths optimizers take on them (lesson 05).

A surface is a loss L(x, y) of two parameters, so an optimizer's whole journey fits on one contour plot:

    from course_lib.optimizers import Momentum
    from course_lib.surfaces import BOWL, optimizer_path, draw_paths
    path = optimizer_path(BOWL, Momentum(lr=0.1, momentum=0.9), start=BOWL.start, steps=60)   # (61, 2)
    draw_paths(BOWL, {"Momentum": path})

The optimizers are the very objects that train the networks (course_lib.optimizers): `optimizer_path` keeps
the point in a 2-vector parameter and calls `optimizer.step({"p": point}, {"p": gradient})` once per step.

Surfaces:
    BOWL         x²/20 + y²: an elongated bowl, 20x steeper across (y) than along (x)
    TWO_MINIMA   a shallow local minimum next to a deeper, global one
    VALLEY       a narrow, curved valley (Rosenbrock's, scaled to a friendly range)
    LinearRegressionSurface(x, t)   the mean squared error of t ≈ w·x + b over a data set; its
                 gradient on a mini-batch is what batch / mini-batch / stochastic gradient descent follow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from course_lib.i18n import tr
from course_lib.init import make_rng
from course_lib.optimizers import Optimizer
from course_lib.palette import OKABE_ITO
from course_lib.training import minibatches
from course_lib.validation import (
    CourseError,
    CourseTypeError,
    as_float_array,
    check_positive_int,
    describe,
    explain_arguments,
    unknown_name_error,
)

# One colour per optimizer, the same in every figure of the lesson (Okabe-Ito; no yellow: too pale on white).
OPTIMIZER_COLORS = {
    "SGD": OKABE_ITO[7],        # black
    "Momentum": OKABE_ITO[1],   # blue
    "Nesterov": OKABE_ITO[4],   # sky blue
    "Adagrad": OKABE_ITO[2],    # bluish green
    "RMSprop": OKABE_ITO[3],    # reddish purple
    "Adam": OKABE_ITO[5],       # vermillion
}


@dataclass(frozen=True)
class Surface:
    """A loss L(x, y) with its exact gradient.

    f(x, y) -> loss      works elementwise on arrays (for contour grids)
    grad(x, y) -> (dL/dx, dL/dy)
    xlim, ylim           the window to draw; start: a default starting point
    minima               {"global": (x, y), "local": (x, y), ...} marked on the plot
    log_levels           draw contours at log-spaced heights (for surfaces whose values span decades)
    """

    name: str
    title: str
    f: Callable
    grad_fn: Callable
    xlim: tuple
    ylim: tuple
    start: tuple
    minima: dict = field(default_factory=dict)
    log_levels: bool = False

    def __call__(self, point) -> float:
        """The loss at one point (x, y)."""
        x, y = _point(point)
        return float(self.f(x, y))

    def grad(self, point) -> np.ndarray:
        """The exact gradient (dL/dx, dL/dy) at one point, shape (2,)."""
        x, y = _point(point)
        gx, gy = self.grad_fn(x, y)
        return np.array([gx, gy], dtype=float)

    def grid(self, n: int = 120):
        """(X, Y, Z) on an n x n mesh over xlim x ylim, for contour plots."""
        xs = np.linspace(*self.xlim, n)
        ys = np.linspace(*self.ylim, n)
        X, Y = np.meshgrid(xs, ys)
        return X, Y, self.f(X, Y)

    def __repr__(self):
        return f"Surface({self.name!r}: {self.title})"


def _point(point):
    p = as_float_array(point, tr("a point (x, y)"))
    if p.shape != (2,):
        raise CourseError(tr("a point on a 2-D surface is a pair (x, y), got shape {shape}.", shape=p.shape))
    return p[0], p[1]


# ---------------------------------------------------------------------------------------------
# The three surfaces of lesson 05
# ---------------------------------------------------------------------------------------------
BOWL = Surface(
    name="bowl", title="elongated bowl  L = x²/20 + y²",
    f=lambda x, y: x**2 / 20 + y**2,
    grad_fn=lambda x, y: (x / 10, 2 * y),
    xlim=(-10.0, 10.0), ylim=(-4.0, 4.0), start=(-8.0, 2.5),
    minima={"global": (0.0, 0.0)},
)

# A tilted double well along x times a plain parabola along y:
#   L = x⁴/4 - x² + x/2 + y²/2 (no shift: the global minimum is at L ≈ -1.74, the local one at L ≈ -0.33).
# dL/dx = x³ - 2x + 1/2 has three roots: the global minimum (x ≈ -1.52), a hump (x ≈ 0.26) and a shallow
# local minimum (x ≈ 1.27).
_A, _B, _C = 0.25, 1.0, 0.5


def _two_minima(x, y):
    return _A * x**4 - _B * x**2 + _C * x + 0.5 * y**2


def _two_minima_grad(x, y):
    return 4 * _A * x**3 - 2 * _B * x + _C, y


def _cubic_roots():
    roots = np.sort(np.roots([4 * _A, 0.0, -2 * _B, _C]).real)
    return roots


_R = _cubic_roots()
TWO_MINIMA = Surface(
    name="two minima", title="a shallow local minimum beside a deeper one",
    f=_two_minima, grad_fn=_two_minima_grad,
    xlim=(-2.4, 2.6), ylim=(-1.6, 1.6), start=(2.4, 1.2),
    minima={"global": (float(_R[0]), 0.0), "local": (float(_R[2]), 0.0)},
)

# Rosenbrock's valley (1 - x)² + b·(y - x²)² with b = 10 instead of 100, divided by 10: the same
# banana-shaped valley around y = x², minimum at (1, 1), with values in a friendlier range.
_VB = 10.0


def _valley(x, y):
    return ((1 - x) ** 2 + _VB * (y - x**2) ** 2) / 10


def _valley_grad(x, y):
    return (-2 * (1 - x) - 4 * _VB * x * (y - x**2)) / 10, 2 * _VB * (y - x**2) / 10


VALLEY = Surface(
    name="valley", title="narrow curved valley (scaled Rosenbrock)",
    f=_valley, grad_fn=_valley_grad,
    xlim=(-2.0, 2.0), ylim=(-1.0, 3.0), start=(-1.5, 2.5),
    minima={"global": (1.0, 1.0)}, log_levels=True,
)

SURFACES = {s.name: s for s in (BOWL, TWO_MINIMA, VALLEY)}


def get_surface(name) -> Surface:
    """A surface by name ('bowl', 'two minima', 'valley'), or a Surface itself."""
    if isinstance(name, Surface | LinearRegressionSurface):
        return name
    if not isinstance(name, str) or name not in SURFACES:
        raise unknown_name_error("surface", name, SURFACES)
    return SURFACES[name]


# ---------------------------------------------------------------------------------------------
# Running an optimizer on a surface
# ---------------------------------------------------------------------------------------------
def _check_optimizer(optimizer):
    if isinstance(optimizer, type) and issubclass(optimizer, Optimizer):
        raise CourseTypeError(tr(
            "optimizer={optimizer_name} is the class; pass an optimizer object (with brackets), e.g. "
            "{optimizer_name}(lr=0.1).",
            optimizer_name=optimizer.__name__))
    if not isinstance(optimizer, Optimizer):
        raise CourseTypeError(tr(
            "optimizer must be a course_lib optimizer object, e.g. Momentum(lr=0.1, momentum=0.9), got {optimizer}.",
            optimizer=describe(optimizer)))


@explain_arguments()
def optimizer_path(surface: Surface, optimizer: Optimizer, start=None, steps: int = 100) -> np.ndarray:
    """Run `optimizer` for `steps` steps from `start` on `surface`; the visited points, shape (steps + 1, 2).

    The optimizer is a course_lib optimizer (SGD, Momentum, Adagrad, RMSprop, Adam): the point is kept as a
    2-vector parameter and updated by optimizer.step({"p": point}, {"p": exact gradient}). The optimizer's
    state (velocity, running averages, step count) is reset first, so a path always starts fresh.
    A path that leaves the finite numbers stops there (the rest of the rows repeat its last finite point).
    """
    _check_optimizer(optimizer)
    steps = check_positive_int(steps, "steps", minimum=0)
    surface = get_surface(surface)
    point = np.array(_point(surface.start if start is None else start), dtype=float)
    optimizer.reset()
    path = np.empty((steps + 1, 2))
    path[0] = point
    params = {"p": point}
    for i in range(1, steps + 1):
        with np.errstate(all="ignore"):
            optimizer.step(params, {"p": surface.grad(point)})
        if not np.all(np.isfinite(point)) or np.max(np.abs(point)) > 1e6:
            path[i:] = path[i - 1]
            break
        path[i] = point
    return path


def losses_along(surface: Surface, path) -> np.ndarray:
    """The loss at every point of a path, shape (len(path),)."""
    surface = get_surface(surface)
    path = _check_path(path)
    return surface.f(path[:, 0], path[:, 1])


def _check_path(path, label="path"):
    path = as_float_array(path, label, allow_nonfinite=True)
    if path.ndim != 2 or path.shape[1] != 2 or len(path) == 0:
        raise CourseError(tr(
            "{label} must hold points (x, y) as rows, shape (n, 2), got shape {shape}: use what optimizer_path "
            "returns.",
            label=label, shape=path.shape))
    return path


# ---------------------------------------------------------------------------------------------
# A data set's loss as a surface: batch, mini-batch and stochastic gradient descent
# ---------------------------------------------------------------------------------------------
class LinearRegressionSurface:
    """Mean squared error of the line t ≈ w·x + b over a data set, as a surface in (w, b).

    L(w, b) = mean over i of (w·x_i + b - t_i)² / 2.  The full-batch gradient averages over every example;
    `grad(point, idx)` averages over the examples in idx only: a noisy estimate of the full gradient, which is
    what mini-batch (and, with one example, stochastic) gradient descent follows.
    """

    def __init__(self, x, t, xlim=(-1.0, 4.0), ylim=(-3.0, 3.0), start=(-0.5, -2.5)):
        self.x = as_float_array(x, "x").ravel()
        self.t = as_float_array(t, "t").ravel()
        if self.x.shape != self.t.shape or self.x.size < 2:
            raise CourseError(tr("x and t must be 1-D and of the same length (at least 2 examples)."))
        self.name, self.title = "regression", "mean squared error of a line fit"
        self.xlim, self.ylim, self.start = xlim, ylim, start
        self.log_levels = False
        # least-squares solution = the minimum of the surface
        A = np.c_[self.x, np.ones_like(self.x)]
        w, b = np.linalg.lstsq(A, self.t, rcond=None)[0]
        self.minima = {"global": (float(w), float(b))}

    @classmethod
    def make(cls, m=200, w=2.0, b=0.5, noise=1.0, seed=0):
        """A seeded data set t = w·x + b + noise, x ~ N(0, 1)."""
        rng = make_rng(seed)
        x = rng.normal(size=m)
        return cls(x, w * x + b + noise * rng.normal(size=m))

    def f(self, w, b):
        w, b = np.asarray(w, dtype=float), np.asarray(b, dtype=float)
        r = w[..., None] * self.x + b[..., None] - self.t
        return 0.5 * np.mean(r * r, axis=-1)

    def __call__(self, point) -> float:
        w, b = _point(point)
        return float(self.f(w, b))

    def grad(self, point, idx=None) -> np.ndarray:
        """(dL/dw, dL/db) averaged over the examples idx (all of them if idx is None)."""
        w, b = _point(point)
        x, t = (self.x, self.t) if idx is None else (self.x[idx], self.t[idx])
        r = w * x + b - t
        return np.array([np.mean(r * x), np.mean(r)])

    def grid(self, n: int = 120):
        ws = np.linspace(*self.xlim, n)
        bs = np.linspace(*self.ylim, n)
        W, B = np.meshgrid(ws, bs)
        return W, B, self.f(W, B)

    def __len__(self):
        return self.x.size


def minibatch_path(surface: LinearRegressionSurface, optimizer: Optimizer, batch_size: int = 0, steps: int = 50,
                   start=None, seed: int = 0):
    """`steps` steps of (mini-)batch gradient descent on a data set's loss surface.

    batch_size 0 (or >= m) is batch gradient descent (every step sees all m examples), 1 is stochastic
    gradient descent (one example per step), anything between is mini-batch. Each epoch is a fresh seeded
    shuffle split into batches without replacement (course_lib.training.minibatches).
    Returns (path (steps + 1, 2), full-data loss at every point (steps + 1,)).
    """
    _check_optimizer(optimizer)
    if not isinstance(surface, LinearRegressionSurface):
        raise CourseTypeError(tr(
            "minibatch_path runs on a data set's surface, a LinearRegressionSurface (e.g. "
            "LinearRegressionSurface.make()), got {surface}.",
            surface=describe(surface)))
    m = len(surface)
    batch_size = check_positive_int(batch_size, "batch_size", minimum=0)
    steps = check_positive_int(steps, "steps", minimum=0)
    rng = make_rng(seed)
    point = np.array(_point(surface.start if start is None else start), dtype=float)
    optimizer.reset()
    params = {"p": point}
    path = [point.copy()]
    queue: list = []
    while len(path) <= steps:
        if not queue:
            queue = minibatches(m, batch_size if 0 < batch_size < m else None, rng)
        with np.errstate(all="ignore"):
            optimizer.step(params, {"p": surface.grad(point, queue.pop(0))})
        if not np.all(np.isfinite(point)) or np.max(np.abs(point)) > 1e6:  # diverged: stay at the last good point
            path += [path[-1]] * (steps + 1 - len(path))
            break
        path.append(point.copy())
    path = np.array(path)
    return path, surface.f(path[:, 0], path[:, 1])


# ---------------------------------------------------------------------------------------------
# Drawing
# ---------------------------------------------------------------------------------------------
def display_title(surface) -> str:
    """The surface's title in the current language (the title of one of the course's surfaces is translated)."""
    return {
        "elongated bowl  L = x²/20 + y²": tr("elongated bowl  L = x²/20 + y²"),
        "a shallow local minimum beside a deeper one": tr("a shallow local minimum beside a deeper one"),
        "narrow curved valley (scaled Rosenbrock)": tr("narrow curved valley (scaled Rosenbrock)"),
        "mean squared error of a line fit": tr("mean squared error of a line fit"),
    }.get(surface.title, surface.title)


def _minimum_label(kind: str) -> str:
    if kind == "global":
        return tr("global minimum")
    if kind == "local":
        return tr("local minimum")
    return tr("{kind} minimum", kind=kind)


def draw_surface(surface, ax=None, levels: int = 18, filled: bool = True):
    """Contours of the surface (light, so paths stand out), its minima marked. Returns the axes."""
    import matplotlib.pyplot as plt
    from matplotlib.colors import LogNorm

    surface = get_surface(surface)
    if ax is None:
        _, ax = plt.subplots(figsize=(7.0, 4.6))
    X, Y, Z = surface.grid(200 if surface.log_levels else 120)  # log levels crowd near the minimum: finer grid
    if surface.log_levels:
        low = max(float(np.min(Z)), 1e-3)
        lv = np.geomspace(low, float(np.max(Z)), levels)
        norm = LogNorm(lv[0], lv[-1])
    else:
        lv = np.linspace(float(np.min(Z)), float(np.percentile(Z, 98)), levels)
        norm = None
    if filled:
        ax.contourf(X, Y, Z, levels=lv, cmap="Greys", norm=norm, alpha=0.25, extend="max")
    ax.contour(X, Y, Z, levels=lv, colors="#888888", linewidths=0.7, norm=norm, linestyles="solid")
    for kind, (mx, my) in surface.minima.items():
        ax.plot(mx, my, marker="*", markersize=16 if kind == "global" else 12, color="#F0E442",
                markeredgecolor="black", linestyle="none", zorder=5, label=_minimum_label(kind))
    ax.set_xlim(*surface.xlim)
    ax.set_ylim(*surface.ylim)
    ax.set_xlabel("x" if surface.name != "regression" else tr("w (slope)"))
    ax.set_ylabel("y" if surface.name != "regression" else tr("b (intercept)"))
    ax.set_title(display_title(surface))
    ax.grid(False)
    return ax


def draw_paths(surface, paths: dict, ax=None, colors: dict | None = None, levels: int = 18, legend: bool = True,
               markers: bool = True):
    """Contour plot of `surface` with one path per entry of `paths` (label -> array (n, 2)).

    Each path is drawn in its optimizer's colour (OPTIMIZER_COLORS by label, else the Okabe-Ito series),
    with its points dotted so the step sizes show, a circle at the start and a cross at the end.
    """
    from course_lib.palette import SERIES_COLORS

    if not isinstance(paths, dict):
        raise CourseTypeError(tr(
            "paths must be a dict {{label: path}}, e.g. {{'SGD': optimizer_path(...)}}, got {paths}.",
            paths=describe(paths)))
    paths = {label: _check_path(path, f"the path {label!r}") for label, path in paths.items()}
    ax = draw_surface(surface, ax=ax, levels=levels)
    colors = dict(colors or {})
    for i, (label, path) in enumerate(paths.items()):
        path = np.asarray(path, dtype=float)
        color = colors.get(label, OPTIMIZER_COLORS.get(label, SERIES_COLORS[i % len(SERIES_COLORS)]))
        ax.plot(path[:, 0], path[:, 1], "-", color=color, linewidth=2.0, label=label, zorder=3,
                marker="o" if markers else None, markersize=2.5)
        ax.plot(path[-1, 0], path[-1, 1], marker="X", markersize=10, color=color, markeredgecolor="white",
                zorder=4, linestyle="none")
    if paths:
        first = np.asarray(next(iter(paths.values())), dtype=float)[0]
        ax.plot(first[0], first[1], marker="o", markersize=10, color="white", markeredgecolor="black",
                linestyle="none", zorder=4, label=tr("start"))
    if legend:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, frameon=False)
    return ax
