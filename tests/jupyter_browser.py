"""Shared pieces of the real-browser tests: a JupyterLab server on 127.0.0.1 and a Chromium page driving it.

Chromium comes from Debian (`apt-get install chromium`, done by .ci/run) and is driven by the playwright
Python package; `playwright install` cannot download browsers here, so it is never used.
Locally the browser tests skip with a reason when Chromium or playwright is missing; in CI (CI=true)
a missing browser is a failure.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

# Debian's Chromium by default; COURSE_CHROMIUM names another Chromium-based browser (e.g. the Google Chrome that
# GitHub's Ubuntu runners come with, see .github/workflows/tests.yml).
CHROMIUM = os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
                 "--no-first-run", "--disable-component-update", "--disable-sync"]


def require_browser():
    """Skip locally, fail in CI, when the browser stack is missing."""
    problems = []
    if not Path(CHROMIUM).exists():
        problems.append(f"{CHROMIUM} not found (apt-get install chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        problems.append("the playwright package is not installed (pip install -r requirements.txt)")
    if problems:
        message = "browser test needs: " + "; ".join(problems)
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message + " — in CI this is a failure, not a skip")
        pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class JupyterServer:
    """`jupyter lab` (or `voila`) serving `root` on 127.0.0.1 with a token; autosave off."""

    def __init__(self, root: Path, app: str = "lab", extra_args=(), locale: str | None = None):
        self.root, self.port, self.token = Path(root), free_port(), "course-test-token"
        settings_dir = self.root / ".lab-settings" / "@jupyterlab" / "docmanager-extension"
        settings_dir.mkdir(parents=True, exist_ok=True)
        (settings_dir / "plugin.jupyterlab-settings").write_text(json.dumps({"autosave": False}))
        # No "Would you like to get notified about official Jupyter news?" toast over the screenshots' corner.
        notifications = self.root / ".lab-settings" / "@jupyterlab" / "apputils-extension"
        notifications.mkdir(parents=True, exist_ok=True)
        (notifications / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))
        if locale is not None:  # what Settings > Language does: e.g. "ko_KR" (needs the language pack)
            language = self.root / ".lab-settings" / "@jupyterlab" / "translation-extension"
            language.mkdir(parents=True, exist_ok=True)
            (language / "plugin.jupyterlab-settings").write_text(json.dumps({"locale": locale}))
        env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=str(self.root / ".lab-settings"),
                   JUPYTER_CONFIG_DIR=str(self.root / ".jupyter-config"), PYTHONUNBUFFERED="1")
        if app == "voila":
            cmd = [sys.executable, "-m", "voila", "--no-browser", f"--port={self.port}", "--Voila.ip=127.0.0.1",
                   f"--Voila.root_dir={self.root}", f"--token={self.token}", *extra_args]
        else:
            cmd = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--allow-root",
                   f"--ServerApp.port={self.port}", "--ServerApp.ip=127.0.0.1", f"--ServerApp.root_dir={self.root}",
                   f"--IdentityProvider.token={self.token}", "--ServerApp.disable_check_xsrf=True",
                   "--LabApp.news_url=", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                   *extra_args]
        self.log = open(self.root / f"{app}-server.log", "w")
        self.process = subprocess.Popen(cmd, cwd=self.root, env=env, stdout=self.log, stderr=subprocess.STDOUT)
        self.base = f"http://127.0.0.1:{self.port}"
        self._wait_until_up(app)

    def _wait_until_up(self, app, timeout=90):
        probe = "/api/status" if app == "lab" else "/"
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{app} server exited: see {self.log.name}")
            try:
                urllib.request.urlopen(f"{self.base}{probe}?token={self.token}", timeout=2)
                return
            except OSError:
                time.sleep(0.5)
        raise RuntimeError(f"{app} server did not start within {timeout} s")

    def api(self, path):
        with urllib.request.urlopen(f"{self.base}{path}?token={self.token}", timeout=5) as r:
            return json.loads(r.read())

    def wait_for_idle_kernel(self, timeout=60):
        """JupyterLab's toolbar says 'idle' before a kernel exists: ask the server instead."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            sessions = self.api("/api/sessions")
            if sessions and all(s["kernel"]["execution_state"] == "idle" and s["kernel"].get("connections", 0) > 0
                                for s in sessions):
                return
            time.sleep(0.5)
        raise AssertionError(f"kernel not idle after {timeout} s: {self.api('/api/sessions')}")

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def copy_course(tmp_path: Path, notebooks=None, korean=False) -> Path:
    """A scratch copy of notebooks/ (so nothing a test does can touch the repository's files); with korean=True
    the Korean edition (notebooks/ko/) instead, at the same place under the copy."""
    target = tmp_path / "course"
    folder = Path("notebooks") / "ko" if korean else Path("notebooks")
    (target / folder).mkdir(parents=True)
    for nb in notebooks or sorted((ROOT / folder).glob("*.ipynb")):
        shutil.copy(nb, target / folder / Path(nb).name)
    for extra in ("GLOSSARY.md", "README.md", "README.ko.md"):
        if (ROOT / extra).exists():
            shutil.copy(ROOT / extra, target / extra)
    return target


def launch_browser(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def run_all_cells(page):
    """JupyterLab's Run menu -> Run All Cells (실행 -> 모든 셀 실행 with the Korean language pack)."""
    page.locator("li.lm-MenuBar-item", has_text=re.compile(r"^\s*(Run|실행)\s*$")).first.click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^(Run All Cells|모든 셀 실행)$")).first.click()


def wait_until_all_cells_ran(page, timeout_ms=120_000):
    """Every code cell has an execution count and none shows '[*]' (a collapsed input shows no count: skipped)."""
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputPrompt:not(.jp-Placeholder-prompt)')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=timeout_ms,
    )


def open_and_run(page, server, name, wait_for=".course-playground img"):
    """Open notebook `name` (under the server's root) in JupyterLab, run all its cells, wait for `wait_for` and
    check no cell shows an error."""
    page.goto(f"{server.base}/lab/tree/{name}?token={server.token}")
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    server.wait_for_idle_kernel()
    run_all_cells(page)
    wait_until_all_cells_ran(page)
    page.wait_for_selector(wait_for, timeout=60_000)
    assert not error_outputs(page)


def error_outputs(page) -> list[str]:
    """Texts of every error output (tracebacks) on the page."""
    return page.eval_on_selector_all(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], .jp-RenderedText[data-mime-type="
        "'application/vnd.jupyter.error']",
        "els => els.map(e => e.textContent).filter(t => /Error|Traceback/.test(t))",
    )


def write_notebook(path, *sources):
    """A Python 3 notebook of code cells (the sources, in order) at path."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, path)


# Slider latency as the learner sees it, timed inside the page: from the key event on the slider to the first
# frame painted after the status line says the new rate is in use (Playwright's own round trips are left out).
LATENCY_PROBE = """() => {
    const root = document.querySelector('.course-playground');
    const said = () => (root.innerText.match(/lr changed \\(lr=[^)]*\\)/) || [''])[0];
    const before = said();
    delete window.__keyAt; delete window.__shownAt;
    document.addEventListener('keydown', () => { window.__keyAt ??= performance.now(); }, {capture: true, once: true});
    const observer = new MutationObserver(() => {
        if (window.__keyAt !== undefined && said() !== before) {
            observer.disconnect();
            requestAnimationFrame(() => { window.__shownAt = performance.now(); });
        }
    });
    observer.observe(root, {subtree: true, childList: true, characterData: true});
}"""


# The controls of an opened group of the playground's accordion that stick out past the group's box (where the
# accordion cuts them off: a slider's readout, a dropdown's arrow), as [class, right edge, box's right edge].
STICKING_OUT = """root => {
    const out = [];
    for (const box of root.querySelectorAll('.course-more-controls .jupyter-widget-Collapse-contents')) {
        if (box.offsetParent === null) continue;
        const right = box.getBoundingClientRect().right;
        for (const el of box.querySelectorAll('.widget-inline-hbox, .widget-readout, select, input')) {
            const r = el.getBoundingClientRect();
            if (el.offsetParent !== null && r.right > right - 1) out.push([el.className, r.right, right]);
        }
    }
    return out;
}"""


def each_group_opened(page, root):
    """Open the playground's folded groups one at a time (five: data, network, training, regularisation, view),
    yield each group's index and title while it is open, and close it again."""
    headers = root.locator(".course-more-controls .jupyter-widget-Collapse-header")
    assert headers.count() == 5
    for k in range(headers.count()):
        headers.nth(k).click()
        page.wait_for_timeout(300)
        yield k, headers.nth(k).inner_text()
        headers.nth(k).click()


FOCUS_LEARNING_RATE = """() => [...document.querySelectorAll('.course-playground .widget-hslider')]
    .find(s => s.innerText.includes('learning rate')).querySelector('.noUi-handle').focus()"""


def slider_latencies_ms(evaluate, press) -> list:
    """Three learning-rate slider moves while the playground plays (PageUp, PageDown, PageUp on the handle): for
    each, ms from the key event to the first frame painted after the status line shows the new rate.
    `evaluate(js)` runs a JavaScript function in the page, `press(key)` presses a key: a Playwright page's
    `page.evaluate` and `page.keyboard.press`, or a DevToolsPage's."""
    evaluate(FOCUS_LEARNING_RATE)
    latencies = []
    for key in ("PageUp", "PageDown", "PageUp"):
        evaluate(LATENCY_PROBE)
        press(key)
        deadline = time.perf_counter() + 10
        while not evaluate("() => window.__shownAt !== undefined"):
            if time.perf_counter() > deadline:
                raise AssertionError(f"no frame painted at the new learning rate 10 s after {key}")
            time.sleep(0.02)
        latencies.append(evaluate("() => window.__shownAt - window.__keyAt"))
        time.sleep(0.5)
    return latencies


class DevToolsPage:
    """A Chromium started with nothing attached but a bare DevTools connection to its page, for measuring speed.

    Playwright enables the DevTools "Network" domain on every page, so Chromium copies every WebSocket message to
    it. With the playground's 300 kB frames (all six panels) that costs the page a third of its frames: 34 painted
    frames/s with only this bare connection, 22 with a second connection that only enabled the Network domain,
    24 with Playwright attached as in the browser tests (benchmarks/browser_fps.py --attached). A learner's browser
    has no such listener. So: set the page up with Playwright through `cdp_url` (connect_over_cdp), disconnect it,
    then `connect()` and measure here; this connection only evaluates JavaScript and presses keys.
    """

    def __init__(self, folder: Path, width=1400, height=1000):
        self.width, self.height = width, height
        port = free_port()
        self.process = subprocess.Popen(
            [CHROMIUM, *CHROMIUM_ARGS, "--headless", f"--remote-debugging-port={port}",
             f"--window-size={width},{height}", f"--user-data-dir={Path(folder) / 'chromium-profile'}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.cdp_url = f"http://127.0.0.1:{port}"
        deadline = time.time() + 30
        while True:
            try:
                urllib.request.urlopen(f"{self.cdp_url}/json/version", timeout=2)
                break
            except OSError:
                if time.time() > deadline:
                    raise RuntimeError("Chromium's DevTools port did not open within 30 s") from None
                time.sleep(0.1)
        self._socket = None
        self._calls = 0

    def connect(self):
        """The bare connection to the page (call once Playwright has disconnected)."""
        import websocket  # websocket-client

        targets = json.loads(urllib.request.urlopen(f"{self.cdp_url}/json/list", timeout=5).read())
        page = next(t for t in targets if t["type"] == "page")
        self._socket = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=30)
        # The window's own bars take part of --window-size: make the page itself width x height, as Playwright's
        # viewport does (an override of this connection; the page lays itself out again).
        self._call("Emulation.setDeviceMetricsOverride", width=self.width, height=self.height, deviceScaleFactor=1,
                   mobile=False)

    def disconnect(self):
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    def _call(self, method, **params):
        self._calls += 1
        self._socket.send(json.dumps({"id": self._calls, "method": method, "params": params}))
        while True:  # no domain is enabled, so the only messages are answers
            answer = json.loads(self._socket.recv())
            if answer.get("id") == self._calls:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer["result"]

    def evaluate(self, function_js: str):
        """Run a JavaScript function (no arguments) in the page and return its JSON value."""
        result = self._call("Runtime.evaluate", expression=f"({function_js})()", returnByValue=True,
                            awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"JavaScript error: {result['exceptionDetails']}")
        return result["result"].get("value")

    def press(self, key: str):
        """Press and release a key (PageUp, PageDown, ArrowLeft, ArrowRight) on the focused element."""
        codes = {"PageUp": 33, "PageDown": 34, "ArrowLeft": 37, "ArrowRight": 39}
        for kind in ("rawKeyDown", "keyUp"):
            self._call("Input.dispatchKeyEvent", type=kind, key=key, code=key, windowsVirtualKeyCode=codes[key])

    def close(self):
        self.disconnect()
        self.process.kill()
        self.process.wait()
