"""The playground as a Voila app in a real browser: a slider moved, the status reacts.

(Every notebook running in JupyterLab, and every lesson as a slideshow, is tests/test_browser_slides.py.)"""

from pathlib import Path

import pytest

from tests.jupyter_browser import ROOT, JupyterServer, copy_course, launch_browser, require_browser

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


@pytest.mark.browser
def test_playground_runs_as_a_voila_app_and_reacts_to_a_slider(tmp_path, browser):
    root = copy_course(tmp_path, [ROOT / "notebooks" / "playground.ipynb"])
    server = JupyterServer(root, app="voila")
    try:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(f"{server.base}/voila/render/notebooks/playground.ipynb?token={server.token}")
        page.wait_for_selector(".course-playground img", timeout=120_000)
        assert page.locator("text=from course_lib").count() == 0, "Voila should hide the code"
        # the noise slider folds into the closed "data" section of the other controls: open it first
        page.locator(".course-more-controls").get_by_text("data", exact=True).first.click()
        page.wait_for_timeout(300)
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
