"""The whole course in a real browser: every notebook runs in JupyterLab without an error output, a lesson
opens as a RISE slideshow, and the playground works as a Voila app (a slider moved, the status reacts)."""

from pathlib import Path

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
)

NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module (Playwright's sync API cannot be started twice at once)."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = launch_browser(p)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def lab(tmp_path_factory, browser):
    server = JupyterServer(copy_course(tmp_path_factory.mktemp("lab")))
    yield server, browser
    server.stop()


@pytest.mark.browser
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_in_jupyterlab_without_errors(lab, name):
    server, browser = lab
    context = browser.new_context(viewport={"width": 1400, "height": 1000})  # no state from the last notebook
    page = context.new_page()
    try:
        page.goto(f"{server.base}/lab/tree/notebooks/{name}?token={server.token}&reset")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
        server.wait_for_idle_kernel()
        run_all_cells(page)
        wait_until_all_cells_ran(page, timeout_ms=180_000)
        errors = error_outputs(page)
        assert not errors, f"{name} shows error output(s): {errors[:2]}"
        missing = page.locator(".jp-OutputArea-output", has_text="Error displaying widget").count()
        assert missing == 0, f"{name}: a widget failed to display"
    except Exception:
        page.screenshot(path=str(server.root / f"failure-{name}.png"))
        raise
    finally:
        context.close()
        for session in server.api("/api/sessions"):  # one kernel at a time keeps the 2-core machine responsive
            _delete(server, f"/api/sessions/{session['id']}")


def _delete(server, path):
    import urllib.request

    request = urllib.request.Request(f"{server.base}{path}?token={server.token}", method="DELETE")
    urllib.request.urlopen(request, timeout=10).close()


@pytest.mark.browser
def test_a_lesson_opens_as_a_rise_slideshow(lab):
    server, browser = lab
    lesson = next((n for n in NOTEBOOKS if n.startswith("01_")), NOTEBOOKS[0])
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    try:
        page.goto(f"{server.base}/rise/notebooks/{lesson}?token={server.token}")
        page.wait_for_selector(".reveal .slides section", timeout=90_000)
        n_slides = page.locator(".reveal .slides > section").count()
        assert n_slides >= 3, f"only {n_slides} slides"
        title = page.locator(".reveal .slides section.present").first.inner_text()
        assert title.strip(), "the first slide is empty"
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(500)
        assert page.locator(".reveal .slides section.present").count() >= 1
    finally:
        page.close()


@pytest.mark.browser
def test_playground_runs_as_a_voila_app_and_reacts_to_a_slider(tmp_path, browser):
    root = copy_course(tmp_path, [ROOT / "notebooks" / "playground.ipynb"])
    server = JupyterServer(root, app="voila")
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{server.base}/voila/render/notebooks/playground.ipynb?token={server.token}")
        page.wait_for_selector(".course-playground img", timeout=120_000)
        assert page.locator("text=from course_lib").count() == 0, "Voila should hide the code"
        noise = page.locator(".course-playground .widget-hslider", has_text="noise").locator(".noUi-handle")
        noise.first.focus()
        noise.first.press("ArrowRight")
        page.wait_for_function(
            "() => /Data changed \\(noise\\)/.test(document.querySelector('.course-playground').innerText)",
            timeout=15_000)
        page.locator(".course-playground button", has_text="Step").first.click()
        page.wait_for_function(
            "() => /step 5 /.test(document.querySelector('.course-playground').innerText)", timeout=15_000)
        page.close()
    finally:
        server.stop()


def test_every_lesson_notebook_is_covered():
    assert Path(ROOT / "notebooks" / "playground.ipynb").exists()
    assert "playground.ipynb" in NOTEBOOKS
