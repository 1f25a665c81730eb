"""The lessons as a live slideshow (jupyterlab-slideshow) in a real browser, and presenter mode.

- Every notebook runs in JupyterLab without an error output; every lesson then opens as a slideshow, every slide
  is walked with the presenter's key (Space) and none is taller than a 1366x768 screen. (The playground notebook,
  every control at once, is an app rather than a lesson: it is run, not measured.)
- With `presenter_mode()` as its first cell, every lesson again at 1920x1080: every slide fits, and no widget
  label, readout or button is clipped.
- Lesson 00 as a slideshow: Play trains (the picture changes), the learning-rate slider changes the run (the
  status line follows) and a quiz answers.
- Every kind of course widget with `presenter_mode()`, at 1920x1080 and at 1366x768: nothing clipped.

Set COURSE_SHOTS=/some/folder to save a screenshot of every slide (to look at them).
"""

from __future__ import annotations

import json
import os
import re
import urllib.request
from pathlib import Path

import nbformat
import pytest

from tests.jupyter_browser import (
    ROOT,
    JupyterServer,
    copy_course,
    error_outputs,
    launch_browser,
    require_browser,
    run_all_cells,
    wait_until_all_cells_ran,
    write_notebook,
)

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
LESSONS = [name for name in NOTEBOOKS if name[:2].isdigit()]
KOREAN = sorted(p.name for p in (ROOT / "notebooks" / "ko").glob("*.ipynb"))  # the Korean edition
KOREAN_LESSONS = [name for name in KOREAN if name[:2].isdigit()]
SHOTS = os.environ.get("COURSE_SHOTS")
PRESENTER_CELL = "from course_lib.widgets import presenter_mode\n\npresenter_mode()"

# The slide on screen: its first cell, the active cell, and the height from the top of its first cell to the
# bottom of its last (cells of later fragments included: they take their place before they appear).
SLIDE_STATE = """() => {
    const cells = [...document.querySelectorAll('.jp-Deck .jp-Notebook .jp-Cell')];
    const onScreen = cells.filter(c => c.classList.contains('jp-deck-mod-onscreen'));
    const boxes = onScreen.map(c => c.getBoundingClientRect());
    return {
        active: cells.findIndex(c => c.classList.contains('jp-mod-active')),
        first: cells.indexOf(onScreen[0]),
        title: onScreen.length ? onScreen[0].innerText.trim().split('\\n')[0].slice(0, 60) : '',
        height: Math.round(Math.max(...boxes.map(b => b.bottom)) - Math.min(...boxes.map(b => b.top))),
        viewport: window.innerHeight,
    };
}"""

ACTIVE_CELL = ("[...document.querySelectorAll('.jp-Notebook .jp-Cell')]"
               ".findIndex(c => c.classList.contains('jp-mod-active'))")

# Every widget text box that can cut its text: labels, readouts, buttons, HTML lines, radio labels.
CLIPPED = """() => {
    const selector = ['.widget-label', '.widget-readout', '.widget-button', '.widget-toggle-button',
                      '.widget-html-content', '.widget-radio-box label', '.widget-dropdown select'].join(',');
    return [...document.querySelectorAll(selector)]
        .filter(e => e.offsetParent !== null && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1)
        .map(e => `${e.className.split(' ')[0]} "${(e.innerText || e.value || '').trim().slice(0, 30)}" `
                  + `needs ${e.scrollWidth}px, has ${e.clientWidth}px`);
}"""


@pytest.fixture(scope="module")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch_browser(p)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """A scratch copy of the notebooks, plus each with presenter_mode() first (presenter/NN_name.ipynb)."""
    root = copy_course(tmp_path_factory.mktemp("slides"))
    _with_presenter_copies(root, "", NOTEBOOKS)
    return root


def _with_presenter_copies(root, folder, names):
    (root / "presenter" / folder).mkdir(parents=True, exist_ok=True)
    for name in names:
        nb = nbformat.read(root / "notebooks" / folder / name, as_version=4)
        nb.cells.insert(0, nbformat.v4.new_code_cell(PRESENTER_CELL))
        nbformat.write(nb, root / "presenter" / folder / name)


def _quiet(root):
    quiet = root / ".lab-settings" / "@jupyterlab" / "apputils-extension"  # no "Jupyter news?" pop-up
    quiet.mkdir(parents=True, exist_ok=True)
    (quiet / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false",
                                                                        "checkForUpdates": False}))


@pytest.fixture(scope="module")
def lab(course, browser):
    _quiet(course)
    server = JupyterServer(course)
    yield server, browser
    server.stop()


@pytest.fixture(scope="module")
def lab_ko(tmp_path_factory, browser):
    """The Korean edition (notebooks/ko/, and presenter/ko/ with presenter_mode() first) in JupyterLab with its
    Korean language pack switched on, as a Korean learner would set it up (README.ko.md)."""
    root = copy_course(tmp_path_factory.mktemp("slides-ko"), korean=True)
    _with_presenter_copies(root, "ko", KOREAN)
    _quiet(root)
    server = JupyterServer(root, locale="ko_KR")
    yield server, browser
    server.stop()


def _open_and_run(server, browser, path, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{server.base}/lab/tree/{path}?token={server.token}&reset")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    server.wait_for_idle_kernel()
    run_all_cells(page)
    wait_until_all_cells_ran(page, timeout_ms=180_000)
    errors = error_outputs(page)
    assert not errors, f"{path} shows error output(s): {errors[:2]}"
    assert page.locator(".jp-OutputArea-output", has_text="Error displaying widget").count() == 0
    page.wait_for_load_state("networkidle")
    return context, page


def _close(server, context, page):
    """Leave the slideshow (the deck remembers "presenting" in the user settings), close, end the kernel."""
    try:
        if page.evaluate("() => document.body.dataset.jpDeckMode === 'presenting'"):
            page.keyboard.press("Escape")
            page.wait_for_function("() => document.body.dataset.jpDeckMode !== 'presenting'", timeout=10_000)
    finally:
        context.close()
        for session in server.api("/api/sessions"):  # one kernel at a time keeps the 2-core machine responsive
            request = urllib.request.Request(f"{server.base}/api/sessions/{session['id']}?token={server.token}",
                                             method="DELETE")
            urllib.request.urlopen(request, timeout=10).close()


def start_slideshow(page):
    """What a presenter does: go to the first cell and press the notebook toolbar's slideshow button."""
    page.locator(".jp-Notebook .jp-Cell").first.click(position={"x": 2, "y": 2})
    page.keyboard.press("Escape")  # command mode
    page.locator(".jp-NotebookPanel-toolbar [data-jp-item-name='deck'] button, "
                 ".jp-NotebookPanel-toolbar [data-jp-item-name='deck'] jp-button").first.click()
    page.wait_for_function("() => document.body.dataset.jpDeckMode === 'presenting'", timeout=30_000)
    page.wait_for_selector(".jp-Deck .jp-Cell.jp-deck-mod-onscreen", timeout=30_000)
    page.wait_for_timeout(1500)  # the side panels collapse after a second
    page.locator(".jp-Deck .jp-Cell.jp-mod-active").first.focus()


def walk_slides(page, name, on_slide=None, max_steps=400):
    """Press Space until the last cell; return {first cell of a slide: its state} for every slide seen."""
    slides = {}
    for _ in range(max_steps):
        state = page.evaluate(SLIDE_STATE)
        if state["first"] not in slides:
            slides[state["first"]] = state
            if SHOTS:
                Path(SHOTS).mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(Path(SHOTS) / f"{name[:-6]}-{state['viewport']}-{len(slides):02d}.png"))
            if on_slide is not None:
                on_slide(page, state)
        page.keyboard.press("Space")
        try:
            page.wait_for_function(f"before => ({ACTIVE_CELL}) !== before", arg=state["active"], timeout=3_000)
        except Exception:  # Space at the last cell moves nothing: the walk is over
            if page.evaluate(f"() => {ACTIVE_CELL}") == state["active"]:
                return slides
    raise AssertionError(f"{name}: still walking after {max_steps} steps")


def too_tall(slides):
    return [f"slide at cell {s['first']} ({s['title']!r}): {s['height']} px for {s['viewport']} px"
            for s in slides.values() if s["height"] > s["viewport"]]


@pytest.mark.browser
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_and_every_slide_fits_1366x768(lab, name):
    _run_and_walk(lab, "notebooks", name, lesson=name in LESSONS)


@pytest.mark.browser
@pytest.mark.parametrize("name", KOREAN)
def test_korean_notebook_runs_and_every_slide_fits_1366x768(lab_ko, name):
    _run_and_walk(lab_ko, "notebooks/ko", name, lesson=name in KOREAN_LESSONS, menu="실행")


def _run_and_walk(lab, folder, name, lesson, menu="Run"):
    """Run the notebook (no error output, the menus in the expected language); a lesson is then walked as a
    slideshow, every slide no taller than the screen."""
    server, browser = lab
    label = f"{folder}/{name}".removeprefix("notebooks/")
    context, page = _open_and_run(server, browser, f"{folder}/{name}", {"width": 1366, "height": 768})
    try:
        assert page.locator("li.lm-MenuBar-item", has_text=menu).count() >= 1, f"no {menu!r} menu: wrong language"
        if not lesson:
            return
        start_slideshow(page)
        slides = walk_slides(page, label.replace("/", "-"))
        assert len(slides) >= 8, f"{label}: only {len(slides)} slides"
        assert not too_tall(slides), f"{label}: slides taller than the screen: {too_tall(slides)}"
    except Exception:
        page.screenshot(path=str(server.root / f"failure-{label.replace('/', '-')}.png"))
        raise
    finally:
        _close(server, context, page)


@pytest.mark.browser
@pytest.mark.parametrize("name", KOREAN_LESSONS)
def test_korean_presenter_mode_every_slide_fits_1920x1080_and_nothing_is_clipped(lab_ko, name):
    _presenter_walk(lab_ko, f"presenter/ko/{name}", f"ko-{name}")


@pytest.mark.browser
@pytest.mark.parametrize("name", LESSONS)
def test_presenter_mode_every_slide_fits_1920x1080_and_nothing_is_clipped(lab, name):
    _presenter_walk(lab, f"presenter/{name}", name)


def _presenter_walk(lab, path, name):
    server, browser = lab
    context, page = _open_and_run(server, browser, path, {"width": 1920, "height": 1080})
    try:
        clipped = page.evaluate(CLIPPED)
        assert not clipped, f"{name} in presenter mode: clipped widget text: {clipped}"
        start_slideshow(page)
        slides = walk_slides(page, name)
        assert not too_tall(slides), f"{name}, presenter mode: slides taller than the screen: {too_tall(slides)}"
    except Exception:
        page.screenshot(path=str(server.root / f"failure-presenter-{name}.png"))
        raise
    finally:
        _close(server, context, page)


def _status(page):
    return page.locator(".jp-deck-mod-onscreen .course-playground .widget-html-content").first.inner_text()


def _walk_until(page, selector, max_steps=60):
    """Press Space until an element matching `selector` is on the slide."""
    for _ in range(max_steps):
        if page.locator(f".jp-deck-mod-onscreen {selector}").count():
            return
        before = page.evaluate(f"() => {ACTIVE_CELL}")
        page.keyboard.press("Space")
        page.wait_for_function(f"before => ({ACTIVE_CELL}) !== before", arg=before, timeout=5_000)
    raise AssertionError(f"no slide shows {selector}")


@pytest.mark.browser
def test_widgets_are_live_in_the_slideshow(lab):
    """Lesson 00 presented: Play trains, the learning-rate slider changes the run, a quiz answers."""
    from course_lib.questions import QUESTIONS

    server, browser = lab
    context, page = _open_and_run(server, browser, "notebooks/00_start_here.ipynb", {"width": 1366, "height": 768})
    try:
        start_slideshow(page)
        _walk_until(page, ".course-playground img")
        boundary = page.locator(".jp-deck-mod-onscreen .course-playground img").first
        before = boundary.get_attribute("src")
        assert re.search(r"step 0 ", _status(page))  # the lesson shows it untrained: predict, then play
        page.locator(".jp-deck-mod-onscreen .course-playground button", has_text="Play").first.click()  # one click
        page.wait_for_function("src => document.querySelector('.jp-deck-mod-onscreen .course-playground img')"
                               ".getAttribute('src') !== src", arg=before, timeout=20_000)
        page.wait_for_function("() => /step [1-9]\\d* /.test(document.querySelector("
                               "'.jp-deck-mod-onscreen .course-playground').innerText)", timeout=20_000)

        handle = page.locator(".jp-deck-mod-onscreen .course-playground .widget-hslider",
                              has_text="learning rate").locator(".noUi-handle").first
        handle.focus()
        handle.press("PageDown")  # one big step of the log slider: a lower learning rate, while it trains
        page.wait_for_function("() => /lr changed \\(lr=[^)]*\\): training continues/.test(document.querySelector("
                               "'.jp-deck-mod-onscreen .course-playground').innerText)", timeout=15_000)
        text = _status(page)
        assert "lr=0.1 " not in text and re.search(r"lr=0\.0\d+ ", text), f"the status line did not follow: {text}"
        page.locator(".jp-deck-mod-onscreen .course-playground button", has_text="Pause").first.click()
        assert boundary.get_attribute("src") != before

        page.locator(".jp-Deck .jp-Cell.jp-mod-active").first.focus()
        _walk_until(page, ".widget-radio-box")
        quiz = QUESTIONS["00-count-layers"]
        box = page.locator(".jp-deck-mod-onscreen .jupyter-widgets").filter(has=page.locator(".widget-radio-box"))
        box.locator("label", has_text=quiz.options[0]).first.click()  # a wrong answer first
        box.locator("button", has_text="Check").first.click()
        quiz_text = ("() => document.querySelector('.jp-deck-mod-onscreen .widget-radio-box')"
                     ".closest('.widget-vbox').innerText")
        page.wait_for_function(f"() => /Not quite/.test(({quiz_text})())", timeout=10_000)
        box.locator("label", has_text=quiz.options[quiz.answer]).first.click()
        box.locator("button", has_text="Check").first.click()
        page.wait_for_function(f"() => /Correct/.test(({quiz_text})())", timeout=10_000)
        assert not error_outputs(page)
    except Exception:
        page.screenshot(path=str(server.root / "failure-live-widgets.png"))
        raise
    finally:
        _close(server, context, page)


EVERY_WIDGET = [
    PRESENTER_CELL,
    """from course_lib.widgets import Playground

dash = Playground(controls="all", panels=("boundary", "units", "curves", "gradients", "histograms"))
dash.run(steps=10)""",
    """from course_lib.widgets import Race

Race(["sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"], dataset="circles", hidden=(8,)).run(10)""",
    """import ipywidgets as W

from course_lib.widgets import InteractiveFigure


def draw(fig, lr, activation, steps, layers):
    fig.add_subplot().plot([0, steps], [0, lr])
    return f"lr {lr:g}, {activation}, {steps} steps, {layers} layers"


InteractiveFigure(draw, {
    "lr": W.FloatLogSlider(value=0.03, base=10, min=-4, max=1, readout_format=".1e", description="learning rate"),
    "activation": W.Dropdown(options=["sigmoid", "tanh", "relu", "leaky_relu"], description="activation"),
    "steps": W.IntSlider(value=200, min=10, max=1000, description="steps"),
    "layers": W.ToggleButtons(options=["1 layer", "2 layers", "10 layers"], description="depth",
                              style={"button_width": "auto"}),
}, figsize=(6, 3))""",
    """from course_lib.widgets import Quiz, Reveal, solution_button

display(Quiz("00-count-layers"), Reveal("05-minibatch"), solution_button("count_layers"))""",
]


@pytest.mark.browser
@pytest.mark.parametrize("viewport", [{"width": 1920, "height": 1080}, {"width": 1366, "height": 768}],
                         ids=["1920x1080", "1366x768"])
def test_presenter_mode_clips_no_widget_label_or_readout(lab, viewport):
    server, browser = lab
    write_notebook(server.root / "every_widget.ipynb", *EVERY_WIDGET)
    context, page = _open_and_run(server, browser, "every_widget.ipynb", viewport)
    try:
        page.wait_for_selector(".course-playground img", timeout=60_000)
        page.locator(".widget-button", has_text="Show answer").first.click()
        page.wait_for_timeout(500)
        assert page.locator(".course-playground .widget-label").count() > 15, "the playground's controls are missing"
        clipped = page.evaluate(CLIPPED)
        assert not clipped, f"clipped widget text in presenter mode: {clipped}"
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            for k, cell in enumerate(page.locator(".jp-CodeCell .jp-OutputArea").all()):
                cell.scroll_into_view_if_needed()
                cell.screenshot(path=str(Path(SHOTS) / f"presenter-widgets-{viewport['width']}-{k}.png"))
        font = page.evaluate("() => parseFloat(getComputedStyle(document.querySelector("
                             "'.course-playground .widget-label')).fontSize)")
        assert font >= 13 * 1.4 - 0.5, f"presenter mode did not enlarge the widget text ({font}px)"
    except Exception:
        page.screenshot(path=str(server.root / f"failure-every-widget-{viewport['width']}.png"))
        raise
    finally:
        _close(server, context, page)
