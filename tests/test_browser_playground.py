"""The playground in a real browser: JupyterLab + Chromium, driven like a learner would.

Run All, press Play, move the learning-rate slider while it trains, and check that the picture changes,
the new rate takes effect without a reset, no cell shows an error; count the frames actually painted.
Prints the measured frame rate and slider latency (also reported in the README).
"""

import json
import re
import time

import nbformat
import pytest

from tests.jupyter_browser import (
    JupyterServer,
    error_outputs,
    launch_browser,
    require_browser,
    run_all_cells,
    wait_until_all_cells_ran,
)

PLAYGROUND_CELL = """\
from course_lib.widgets import Playground

# The default playground: two moons, 400 points, a 2-16-16-1 tanh network, boundary + curves.
playground = Playground(panels=("boundary", "curves"), lr=0.003)
playground"""

FRAME_COUNTER = """() => {
    window.__frames = 0;
    const root = document.querySelector('.course-playground');
    const images = root.querySelectorAll('img');
    const observer = new MutationObserver(records => {
        for (const r of records) if (r.attributeName === 'src') window.__frames += 1;
    });
    images.forEach(img => observer.observe(img, {attributes: true}));
    return images.length;
}"""


def status_text(page):
    return page.locator(".course-playground .widget-html-content").nth(0).inner_text()


def step_of(text):
    return int(re.search(r"step (\d+)", text).group(1))


UIS = {"jupyterlab": "/lab/tree/playground_test.ipynb", "notebook7": "/notebooks/playground_test.ipynb"}


@pytest.mark.browser
@pytest.mark.parametrize("ui", UIS)
def test_playground_trains_live_and_takes_a_slider_move_without_reset(tmp_path, ui):
    require_browser()
    from playwright.sync_api import sync_playwright

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(PLAYGROUND_CELL)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "playground_test.ipynb")
    server = JupyterServer(tmp_path)
    try:
        with sync_playwright() as p:
            browser = launch_browser(p)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.goto(f"{server.base}{UIS[ui]}?token={server.token}")
            page.wait_for_selector(".jp-Notebook", timeout=60_000)
            server.wait_for_idle_kernel()
            run_all_cells(page)
            wait_until_all_cells_ran(page)
            page.wait_for_selector(".course-playground img", timeout=60_000)
            assert not error_outputs(page)

            boundary = page.locator(".course-playground img").first
            before = boundary.screenshot()
            n_images = page.evaluate(FRAME_COUNTER)
            assert n_images == 2

            page.locator(".course-playground button", has_text="Play").first.click()
            started = time.perf_counter()
            page.wait_for_function("() => window.__frames > 10", timeout=30_000)
            time.sleep(1.5)
            step_before_move = step_of(status_text(page))
            assert "lr=0.003" in status_text(page)

            # Move the learning-rate slider while training runs: keyboard on the slider handle.
            slider = page.locator(".course-playground .widget-hslider", has_text="learning rate")
            handle = slider.locator(".noUi-handle").first
            handle.focus()
            moved_at = time.perf_counter()
            handle.press("PageUp")  # one big step of the log slider: 10x the learning rate
            page.wait_for_function(
                "() => /lr changed/.test(document.querySelector('.course-playground').innerText)", timeout=10_000)
            latency_ms = (time.perf_counter() - moved_at) * 1e3
            time.sleep(2.0)
            frames = page.evaluate("() => window.__frames")
            elapsed = time.perf_counter() - started
            text = status_text(page)
            page.locator(".course-playground button", has_text="Play").first.click()  # pause

            after = boundary.screenshot()
            assert before != after, "the boundary picture did not change while training"
            assert "lr=0.003" not in text, f"the new learning rate is not in use: {text}"
            assert step_of(text) > step_before_move, "training was reset or stopped by the slider move"
            assert "no reset" in text
            assert not error_outputs(page)
            fps = frames / n_images / elapsed
            print(json.dumps({"ui": ui, "painted_fps": round(fps, 1), "slider_latency_ms": round(latency_ms)}))
            assert fps > 5, f"only {fps:.1f} frames/s painted"
            browser.close()
    finally:
        server.stop()
