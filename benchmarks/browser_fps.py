"""Frames the browser actually paints while the playground plays, per view, in JupyterLab + Chromium.

    python benchmarks/browser_fps.py              # three views, 5 s of Play each (about 2 minutes)
    python benchmarks/browser_fps.py --seconds 10

Views: the class default (boundary + curves), the playground notebook's default (network, curves, gradients,
histograms) and all six panels. For each it prints how often every picture on the page received a new frame
(MutationObserver on the images' src, counted in the page) and, from inside the kernel, what one frame cost:
training, drawing, PNG encoding and sending the widget messages (ms per frame, medians over the run).
Needs Debian's chromium and playwright (as the browser tests do). On a 2-core machine the browser and the
Jupyter server share the cores with the kernel: run it on an idle machine.
"""

from __future__ import annotations

import argparse
import ast
import statistics
import sys
import tempfile
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.jupyter_browser import JupyterServer, launch_browser, open_and_run, require_browser  # noqa: E402

VIEWS = {
    "class default: boundary + curves": ("boundary", "curves"),
    "notebook default: network, curves, gradients, histograms": ("network", "curves", "gradients", "histograms"),
    "all panels": ("network", "boundary", "units", "curves", "gradients", "histograms"),
}

# The playground, with a stopwatch around the parts of a frame (the widgets' own code is not changed).
PLAYGROUND_CELL = """\
import collections
import functools
import time

import ipywidgets

import course_lib.widgets.view as view
from course_lib.widgets import Playground

playground = Playground(panels={panels!r}, lr=0.003)
frame_parts = collections.defaultdict(list)


def timed(name, fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            frame_parts[name].append(time.perf_counter() - start)
    return wrapper


playground._advance = timed("frame", playground._advance)
playground.step = timed("train", playground.step)
playground.frames = timed("draw", playground.frames)
view.raster.png_bytes = timed("png", view.raster.png_bytes)
ipywidgets.Widget.notify_change = timed("send", ipywidgets.Widget.notify_change)
playground"""

REPORT_CELL = """\
n = max(1, len(frame_parts["frame"]))
print({k: round(sum(v) / n * 1e3, 1) for k, v in frame_parts.items()})"""

COUNT_UPDATES = """() => {
    const images = [...document.querySelector('.course-playground').querySelectorAll('img')];
    images.forEach(img => {
        img.__updates = 0;
        new MutationObserver(() => { img.__updates += 1; }).observe(img, {attributes: true, attributeFilter: ['src']});
    });
}"""
UPDATES = "() => [...document.querySelector('.course-playground').querySelectorAll('img')].map(i => i.__updates || 0)"


def measure(panels, seconds: float) -> tuple[list[float], dict]:
    """Painted frames per second of every picture, and the kernel's ms per frame by part."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(PLAYGROUND_CELL.format(panels=panels)),
                    nbformat.v4.new_code_cell(REPORT_CELL)]
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nbformat.write(nb, Path(folder) / "fps.ipynb")
        server = JupyterServer(Path(folder))
        try:
            with sync_playwright() as p:
                browser = launch_browser(p)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                open_and_run(page, server, "fps.ipynb")
                page.locator(".course-playground button", has_text="Play").first.click()
                time.sleep(1.0)  # past the first frames
                page.evaluate(COUNT_UPDATES)
                started = time.perf_counter()
                time.sleep(seconds)
                counts = page.evaluate(UPDATES)
                elapsed = time.perf_counter() - started
                page.locator(".course-playground button", has_text="Pause").first.click()
                time.sleep(0.5)
                report = page.locator(".jp-Notebook .jp-CodeCell").nth(1)
                report.locator(".jp-InputArea-editor").click()
                page.keyboard.press("Shift+Enter")
                page.wait_for_function("() => document.querySelectorAll('.jp-CodeCell')[1]"
                                       ".querySelector('.jp-OutputArea-output')?.innerText.includes('frame')",
                                       timeout=30_000)
                parts = ast.literal_eval(report.locator(".jp-OutputArea-output").inner_text().strip())
                browser.close()
        finally:
            server.stop()
    return [c / elapsed for c in counts], parts


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds of Play measured per view")
    args = parser.parse_args(argv)
    require_browser()
    for label, panels in VIEWS.items():
        rates, parts = measure(panels, args.seconds)
        shown = [r for r in rates if r > 0]  # a hidden picture (the neuron close-up) gets no frames
        print(f"{label}: painted {statistics.median(shown):.1f} frames/s per picture ({len(shown)} pictures); "
              f"kernel ms per frame: " + ", ".join(f"{k} {v}" for k, v in parts.items()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
