"""Frames the browser actually paints while the playground plays, per view, in JupyterLab + Chromium.

    python benchmarks/browser_fps.py              # three views, 5 s of Play each (about 2.5 minutes)
    python benchmarks/browser_fps.py --seconds 10
    python benchmarks/browser_fps.py --view all   # only all six panels (--view class, --view notebook)
    python benchmarks/browser_fps.py --attached   # with Playwright connected while measuring (fewer frames)

Views: the class default (boundary + curves), the playground notebook's default (network, curves, gradients,
histograms) and all six panels. For each it prints, per picture (median over the pictures), how many new frames
the page painted per second (animation frames at which the picture shows a new src) and received (src changes);
how many frames the kernel made per second; the slider latency (median of three learning-rate moves while
playing, from the key event to the first frame painted at the new rate); and, from inside the kernel, what one
frame cost: training, drawing, PNG encoding and sending the widget messages (ms per frame, means over the run).
While it counts and moves the slider, nothing but a bare DevTools connection is attached to the page, as in a
learner's browser: Playwright only opens the notebook and presses Play (tests/jupyter_browser.DevToolsPage says
why: Playwright's own listener costs the page about a third of its frames at all panels).
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.jupyter_browser import (  # noqa: E402
    DevToolsPage,
    JupyterServer,
    launch_browser,
    open_and_run,
    require_browser,
    slider_latencies_ms,
    write_notebook,
)

VIEWS = {
    "class default: boundary + curves": ("boundary", "curves"),
    "notebook default: network, curves, gradients, histograms": ("network", "curves", "gradients", "histograms"),
    "all panels": ("network", "boundary", "units", "curves", "gradients", "histograms"),
}

VIEW_NAMES = dict(zip(("class", "notebook", "all"), VIEWS, strict=True))  # --view class|notebook|all

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
frame_ends = []


def timed(name, fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            frame_parts[name].append(time.perf_counter() - start)
            if name == "frame":
                frame_ends.append(time.perf_counter())
    return wrapper


playground._advance = timed("frame", playground._advance)
playground.step = timed("train", playground.step)
playground.frames = timed("draw", playground.frames)
view.raster.png_bytes = timed("png", view.raster.png_bytes)
ipywidgets.Widget.notify_change = timed("send", ipywidgets.Widget.notify_change)
playground"""

REPORT_CELL = """\
n = max(1, len(frame_parts["frame"]))
made = (len(frame_ends) - 1) / (frame_ends[-1] - frame_ends[0]) if len(frame_ends) > 1 else 0.0
print({**{k: round(sum(v) / n * 1e3, 1) for k, v in frame_parts.items()}, "made per s": round(made, 1)})"""

# Per picture: how many new frames the page received (src changes) and how many it painted (an animation frame at
# which the picture shows a src it did not show at the previous animation frame).
COUNT_UPDATES = """() => {
    const images = [...document.querySelector('.course-playground').querySelectorAll('img')];
    images.forEach(img => {
        img.__received = 0;
        img.__painted = 0;
        img.__lastSrc = img.src;
        new MutationObserver(records => {
            img.__received += records.filter(r => r.attributeName === 'src').length;
        }).observe(img, {attributes: true, attributeFilter: ['src']});
    });
    const tick = () => {
        images.forEach(img => {
            if (img.src !== img.__lastSrc) { img.__painted += 1; img.__lastSrc = img.src; }
        });
        requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
}"""
UPDATES = """() => [...document.querySelector('.course-playground').querySelectorAll('img')]
    .map(i => [i.__received || 0, i.__painted || 0])"""


def measure(panels, seconds: float, attached: bool = False) -> tuple[list[float], dict, float]:
    """Painted frames per second of every picture, the kernel's ms per frame by part, and the slider latency.

    Playwright opens the notebook and presses Play, then disconnects: the counting and the slider moves go through
    a bare DevTools connection (tests/jupyter_browser.DevToolsPage says why). With attached=True Playwright launches
    the browser and stays connected throughout, as in the browser tests."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        write_notebook(Path(folder) / "fps.ipynb", PLAYGROUND_CELL.format(panels=panels), REPORT_CELL)
        server = JupyterServer(Path(folder))
        chromium = None
        try:
            with sync_playwright() as p:
                if attached:  # as the browser tests run (a Playwright connection over a pipe)
                    browser = launch_browser(p)
                    page = browser.new_page(viewport={"width": 1400, "height": 1000})
                else:
                    chromium = DevToolsPage(Path(folder), width=1400, height=1000)
                    browser = p.chromium.connect_over_cdp(chromium.cdp_url)
                    page = browser.contexts[0].pages[0]
                open_and_run(page, server, "fps.ipynb")
                page.locator(".course-playground button", has_text="Play").first.click()
                if attached:
                    counts, elapsed, latency = _count_and_move(page.evaluate, page.keyboard.press, seconds)
                else:
                    browser.close()  # only disconnects: the page goes on playing
                    chromium.connect()
                    counts, elapsed, latency = _count_and_move(chromium.evaluate, chromium.press, seconds)
                    chromium.disconnect()
                    browser = p.chromium.connect_over_cdp(chromium.cdp_url)
                    page = browser.contexts[0].pages[0]
                parts = _pause_and_report(page)
                browser.close()
        finally:
            if chromium is not None:
                chromium.close()
            server.stop()
    return [(received / elapsed, painted / elapsed) for received, painted in counts], parts, latency


def _pause_and_report(page) -> dict:
    """Pause, run the report cell and return the kernel's ms per frame by part."""
    page.locator(".course-playground button", has_text="Pause").first.click()
    time.sleep(0.5)
    report = page.locator(".jp-Notebook .jp-CodeCell").nth(1)
    report.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Shift+Enter")
    page.wait_for_function("() => document.querySelectorAll('.jp-CodeCell')[1]"
                           ".querySelector('.jp-OutputArea-output')?.innerText.includes('frame')", timeout=30_000)
    return ast.literal_eval(report.locator(".jp-OutputArea-output").inner_text().strip())


def _count_and_move(evaluate, press, seconds):
    """After a second of Play: count new frames for `seconds`, then time three slider moves."""
    time.sleep(1.0)  # past the first frames
    evaluate(COUNT_UPDATES)
    started = time.perf_counter()
    time.sleep(seconds)
    counts = evaluate(UPDATES)
    elapsed = time.perf_counter() - started
    latency = statistics.median(slider_latencies_ms(evaluate, press))
    return counts, elapsed, latency


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="seconds of Play measured per view")
    parser.add_argument("--view", choices=sorted(VIEW_NAMES), action="append",
                        help="measure only this view (may be repeated); default: all three")
    parser.add_argument("--attached", action="store_true",
                        help="keep Playwright connected while measuring, as the browser tests do (it costs the page "
                             "frames: see DevToolsPage)")
    args = parser.parse_args(argv)
    require_browser()
    chosen = [VIEW_NAMES[name] for name in args.view] if args.view else list(VIEWS)
    for label in chosen:
        panels = VIEWS[label]
        rates, parts, latency = measure(panels, args.seconds, args.attached)
        made = parts.pop("made per s")
        shown = [r for r in rates if r[0] > 0]  # a hidden picture (the neuron close-up) gets no frames
        received = statistics.median(r[0] for r in shown)
        painted = statistics.median(r[1] for r in shown)
        print(f"{label}: painted {painted:.1f} frames/s per picture ({len(shown)} pictures; received {received:.1f}), "
              f"kernel made {made:.1f} frames/s; slider latency {latency:.0f} ms; kernel ms per frame: "
              + ", ".join(f"{k} {v}" for k, v in parts.items()),
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
