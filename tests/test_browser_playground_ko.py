"""The Korean playground in a real browser (JupyterLab + Chromium at 1366x768): Korean labels must still fit.

The same one-screen checks as tests/test_browser_playground.py (Play row, main controls and pictures visible
without scrolling), with course_lib.set_language("ko") run first and JupyterLab's Korean language pack on; and no
button, label or group title is clipped (text cut off with "...") or wrapped onto a second line. Screenshots go to
benchmarks/screenshots/.
"""

import nbformat
import pytest

from tests.jupyter_browser import (
    ROOT,
    STICKING_OUT,
    JupyterServer,
    each_group_opened,
    error_outputs,
    launch_browser,
    open_and_run,
    require_browser,
    write_notebook,
)
from tests.test_browser_playground import SHOTS, _inside, status_text

KOREAN_CELL = "import course_lib\n\ncourse_lib.set_language(\"ko\")"
DEFAULT_CELL = """\
from course_lib.widgets import Playground

dash = Playground(controls="all", panels=("boundary", "curves"))
dash"""

# Every piece of text in the playground that has a box of its own: its text must fit the box, on one line.
CLIPPED = """root => {
    const bad = [];
    const boxes = root.querySelectorAll(
        'button, .widget-label, .widget-label-basic, .jupyter-widget-Collapse-header, .lm-AccordionPanel-title');
    for (const el of boxes) {
        if (el.offsetParent === null || !el.innerText.trim()) continue;  // hidden, or an icon only
        if (el.scrollWidth > el.clientWidth + 1) bad.push(`clipped: ${el.innerText} (${el.scrollWidth} px)`);
        if (el.tagName === 'BUTTON' && el.scrollHeight > el.clientHeight + 1) bad.push(`wrapped: ${el.innerText}`);
    }
    return bad;
}"""


def _open(page, server, name):
    open_and_run(page, server, name)
    root = page.locator(".course-playground").first
    root.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(800)
    return root


@pytest.mark.browser
def test_the_korean_playground_fits_one_screen(tmp_path):
    require_browser()
    from playwright.sync_api import sync_playwright

    write_notebook(tmp_path / "playground_ko.ipynb", KOREAN_CELL, DEFAULT_CELL)
    server = JupyterServer(tmp_path, locale="ko_KR")  # JupyterLab in Korean too, as a Korean learner has it
    try:
        with sync_playwright() as p:
            browser = launch_browser(p)
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            root = _open(page, server, "playground_ko.ipynb")
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "playground-ko-1366x768.png"))
            play = root.locator("button", has_text="재생").first
            _inside(page, play, "the Play button (재생)")
            for label in ("한 스텝", "처음부터", "새 데이터"):
                _inside(page, root.locator("button", has_text=label).first, f"the {label} button")
            for label in ("데이터", "은닉층 수", "활성화 함수", "학습률"):
                _inside(page, root.locator(".widget-label", has_text=label).first, f"the {label} control")
            _inside(page, root.locator(".course-lr-readout input").first, "the learning-rate readout")
            _inside(page, root.locator(".widget-vslider").first, "the units sliders")
            for k in range(2):
                _inside(page, root.locator("img").nth(k), f"picture {k}")
            assert "준비: 재생(또는 한 스텝)을 누르세요." in status_text(page)
            assert root.evaluate(CLIPPED) == []

            # every folded group opened in turn: its Korean labels fit too
            for k, title in each_group_opened(page, root):
                assert root.evaluate(CLIPPED) == [], title
                assert root.evaluate(STICKING_OUT) == [], title
                if k == 2:
                    page.screenshot(path=str(SHOTS / "playground-ko-1366x768-training.png"))

            # Play becomes 일시정지 while training; the status line says so in Korean
            play.click()
            page.wait_for_function("() => /훈련 중: 스텝 [1-9]/.test(document.querySelector('.course-playground')"
                                   ".innerText)", timeout=30_000)
            assert root.locator("button", has_text="일시정지").count() == 1
            assert root.evaluate(CLIPPED) == []
            root.locator("button", has_text="일시정지").first.click()
            page.wait_for_function("() => /스텝 \\d+에서 일시정지했습니다/"
                                   ".test(document.querySelector('.course-playground').innerText)", timeout=10_000)
            assert not error_outputs(page)
            browser.close()
    finally:
        server.stop()


@pytest.mark.browser
def test_the_korean_playground_notebook_shows_the_network_on_one_screen(tmp_path):
    """notebooks/playground.ipynb's playground (network, curves, gradients, histograms) in Korean at 1366x768."""
    require_browser()
    from playwright.sync_api import sync_playwright

    source = nbformat.read(ROOT / "notebooks" / "playground.ipynb", as_version=4)
    main = next(c.source for c in source.cells if c.cell_type == "code" and "Playground(" in c.source)
    write_notebook(tmp_path / "playground_notebook_ko.ipynb", KOREAN_CELL, main)
    server = JupyterServer(tmp_path, locale="ko_KR")  # JupyterLab in Korean too, as a Korean learner has it
    try:
        with sync_playwright() as p:
            browser = launch_browser(p)
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            root = _open(page, server, "playground_notebook_ko.ipynb")
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / "playground-notebook-ko-1366x768.png"))
            _inside(page, root.locator("button", has_text="재생").first, "the Play button (재생)")
            for label in ("데이터", "은닉층 수", "활성화 함수", "학습률"):
                _inside(page, root.locator(".widget-label", has_text=label).first, f"the {label} control")
            _inside(page, root.locator("img").first, "the network picture")
            _inside(page, root.locator(".course-neuron-menu").first, "the neuron menu")
            assert root.evaluate(CLIPPED) == []
            root.locator(".course-neuron-menu select").first.select_option(label="h1 · 뉴런 1 (tanh)")
            page.wait_for_function("() => [...document.querySelectorAll('.course-playground img')]"
                                   ".some(i => i.style.display !== 'none' && i.closest('.widget-hbox'))",
                                   timeout=10_000)
            page.wait_for_timeout(500)
            page.screenshot(path=str(SHOTS / "playground-notebook-ko-1366x768-neuron.png"))
            assert not error_outputs(page)
            browser.close()
    finally:
        server.stop()
