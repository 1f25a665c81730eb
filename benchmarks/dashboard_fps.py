"""Headless cost of one playground frame: train a chunk, draw the panels, encode PNGs.

    python benchmarks/dashboard_fps.py

Prints milliseconds per part and the frame rate the kernel side could sustain, for the default
playground (two moons, 400 points, 2-16-16-1 tanh, boundary + curves, 5 steps per frame) and for a
heavier one (8 x 32 layers, all panels). For comparison it also times the same boundary + curves drawn by
matplotlib (figure reused, artists updated), which is what a matplotlib-based dashboard would pay.
What the browser actually paints is measured by tests/test_browser_playground.py (printed as painted_fps).
"""

from __future__ import annotations

import io
import statistics
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


def measure(label, playground):
    playground.run(100)
    step = median_ms(lambda: playground.step(playground.settings.steps_per_frame))
    draw = median_ms(playground.frames)
    images = list(playground.frames().values())
    encode = median_ms(lambda: [raster.png_bytes(im) for im in images])
    total = step + draw + encode
    kb = sum(len(raster.png_bytes(im)) for im in images) / 1024
    print(f"{label:<44} step {step:6.2f} ms  draw {draw:6.2f} ms  png {encode:6.2f} ms  "
          f"= {total:6.2f} ms/frame  ({1000 / total:5.0f} fps possible, {kb:.0f} kB/frame)")


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
    print(f"numpy {np.__version__}, matplotlib {matplotlib.__version__}")
    measure("default: moons 400, 2-16-16-1, boundary+curves", Playground(panels=("boundary", "curves")))
    measure("heavy: spiral 1000, 8 x 32 relu, all panels",
            Playground(dataset="spiral", n_samples=1000, hidden=(32,) * 8, activation="relu",
                       panels=("boundary", "units", "curves", "gradients", "histograms")))
    ms = matplotlib_frame(Playground(panels=("boundary", "curves")))
    print(f"{'matplotlib, same 2 panels, artists reused':<44} {ms:6.2f} ms/frame ({1000 / ms:5.0f} fps possible)")


if __name__ == "__main__":
    main()
