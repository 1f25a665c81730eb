"""Headless cost of one playground frame: train a chunk, draw the panels, encode PNGs.

    python benchmarks/dashboard_fps.py            # all rows, 40 timed frames each (a few minutes: 40,000 steps)
    python benchmarks/dashboard_fps.py --quick    # 10 timed frames, and 2,000 vs 10,000 steps for the long run

Rows: the playground notebook's default view (network + curves + gradients + histograms), network + curves alone,
all panels including network at 2 and at 10 hidden layers; then frame cost after 2,000 and after 40,000 steps
(the history is thinned: the target is at most 1.5x) and the memory the history holds after the long run.

Prints milliseconds per part and the frame rate the kernel side could sustain, for the default
playground (two moons, 400 points, 2-16-16-1 tanh, boundary + curves, 5 steps per frame) and for a
heavier one (8 x 32 layers, all panels). For comparison it also times the same boundary + curves drawn by
matplotlib (figure reused, artists updated), which is what a matplotlib-based dashboard would pay.
What the browser actually paints is measured by tests/test_browser_playground.py (printed as painted_fps).
"""

from __future__ import annotations

import io
import statistics
import sys
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from course_lib import raster
from course_lib.widgets import GRID, Playground


def median_ms(fn, repeats=40, warmup=5):
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


REPEATS = 40
ALL_PANELS = ("network", "boundary", "units", "curves", "gradients", "histograms")
DEFAULT_VIEW = ("network", "curves", "gradients", "histograms")  # notebooks/playground.ipynb


def measure(label, playground, warm_steps=100):
    if warm_steps:
        playground.run(warm_steps)
    step = median_ms(lambda: playground.step(playground.settings.steps_per_frame), repeats=REPEATS)
    draw = median_ms(playground.frames, repeats=REPEATS)
    images = list(playground.frames().values())
    encode = median_ms(lambda: [raster.png_bytes(im, live=True) for im in images], repeats=REPEATS)
    total = step + draw + encode
    kb = sum(len(raster.png_bytes(im, live=True)) for im in images) / 1024
    print(f"{label:<52} step {step:6.2f} ms  draw {draw:6.2f} ms  png {encode:6.2f} ms  "
          f"= {total:6.2f} ms/frame  ({1000 / total:5.0f} fps possible, {kb:.0f} kB/frame)")
    return total


def long_run(early_steps, late_steps):
    """Frame cost (default view) after early_steps and after late_steps, and the history's memory then."""
    dash = Playground(panels=DEFAULT_VIEW)
    dash.run(early_steps)
    early = measure(f"default view after {early_steps:,} steps", dash, warm_steps=0)
    dash.run(late_steps - dash.step_count)
    late = measure(f"default view after {dash.step_count:,} steps", dash, warm_steps=0)
    h, g = dash.history, dash.grad_history
    print(f"late / early frame cost: {late / early:.2f} (target <= 1.5)")
    print(f"history after {dash.step_count:,} steps: {h.n_records:,} records kept in {len(h):,} points, "
          f"{h.nbytes / 1024:.0f} kB; gradient history {len(g):,} points, {g.nbytes / 1024:.0f} kB")


def matplotlib_frame(playground):
    """The same two panels drawn by matplotlib, reusing the figure and its artists (its best case)."""
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(7, 3.3))
    probs = playground.model.layer_outputs(playground._grid_inputs)[-1].reshape(GRID, GRID)
    im = ax1.imshow(probs, extent=(-1.5, 1.5, -1.5, 1.5), cmap="RdBu", vmin=0, vmax=1)
    ax1.scatter(playground.X_train[:, 0], playground.X_train[:, 1], c=playground.y_train, s=10, cmap="RdBu")
    ax1.set_title("boundary")
    (line,) = ax2.plot(playground.history["step"], playground.history["train_loss"])
    ax2.set_title("loss")

    def frame():
        playground.step(playground.settings.steps_per_frame)
        im.set_data(playground.model.layer_outputs(playground._grid_inputs)[-1].reshape(GRID, GRID))
        line.set_data(playground.history["step"], playground.history["train_loss"])
        ax2.relim()
        ax2.autoscale_view()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png")

    ms = median_ms(frame, repeats=15, warmup=2)
    plt.close(fig)
    return ms


def main():
    global REPEATS
    quick = "--quick" in sys.argv[1:]
    if quick:
        REPEATS = 10
    print(f"numpy {np.__version__}, matplotlib {matplotlib.__version__}{' (--quick)' if quick else ''}")
    measure("default view: moons 400, 2-16-16-1, network+curves+grad+hist", Playground(panels=DEFAULT_VIEW))
    measure("network + curves, 2-16-16-1", Playground(panels=("network", "curves")))
    measure("boundary + curves, 2-16-16-1 (the class default)", Playground(panels=("boundary", "curves")))
    measure("all panels incl. network, 2 layers (16, 16)", Playground(panels=ALL_PANELS))
    measure("all panels incl. network, 10 layers x 16", Playground(panels=ALL_PANELS, hidden=(16,) * 10))
    measure("all panels incl. network, 10 layers x 32", Playground(panels=ALL_PANELS, hidden=(32,) * 10))
    measure("heavy: spiral 1000, 8 x 32 relu, all panels",
            Playground(dataset="spiral", n_samples=1000, hidden=(32,) * 8, activation="relu", panels=ALL_PANELS))
    long_run(2_000, 10_000 if quick else 40_000)
    ms = matplotlib_frame(Playground(panels=("boundary", "curves")))
    print(f"{'matplotlib, boundary + curves, artists reused':<52} {ms:6.2f} ms/frame ({1000 / ms:5.0f} fps possible)")


if __name__ == "__main__":
    main()
