"""Real servers and a real browser: JupyterLab or Voila on 127.0.0.1, driven by
Playwright in Debian's Chromium (/usr/bin/chromium; Playwright's own browser
download is not used). Every test works on a copy of the example review.

Without Chromium or Playwright these tests are skipped, unless
SYNTHESIS_REQUIRE_BROWSER=1 (set by CI), in which case they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from synthesis.apps.serve import KERNEL_START

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("SYNTHESIS_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = ROOT / "tests" / "artifacts"
TOKEN = "synthesis-browser-test"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]


def pytest_collection_modifyitems(items: list) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _need_browser() -> None:
    missing = []
    if not Path(CHROMIUM).exists():
        missing.append(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("the playwright package")
    if missing:
        message = "browser tests need " + " and ".join(missing)
        if os.environ.get("SYNTHESIS_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def wait_for_port(port: int, timeout: float = 120, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if port_open(port):
            return
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}) before listening on {port}")
        time.sleep(0.2)
    raise TimeoutError(f"nothing listening on 127.0.0.1:{port} after {timeout} s")


def copy_example(target: Path) -> Path:
    """A private copy of the example review (never the repository's own logs)."""
    for name in ("synthesis.toml", "corpus", "codebooks", "notebooks"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, target / name, ignore=shutil.ignore_patterns("*.lock", ".cache", ".ipynb_checkpoints"))
        else:
            shutil.copy2(src, target / name)
    return target


@pytest.fixture(scope="module")
def jupyter_env(tmp_path_factory) -> dict[str, str]:
    """Jupyter and IPython folders of the test's own, with the news toast off."""
    home = tmp_path_factory.mktemp("jupyter-home")
    env = dict(os.environ)
    for var, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                     ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")):
        (home / sub).mkdir()
        env[var] = str(home / sub)
    settings = home / "config/lab/user-settings/@jupyterlab/apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    env.pop("SYNTHESIS_REVIEWER", None)
    return env


@pytest.fixture(scope="module")
def example_copy(tmp_path_factory) -> Path:
    return copy_example(tmp_path_factory.mktemp("review"))


#: Every server the tests start, and the processes each had when it was stopped (its kernels).
STARTED: list[psutil.Process] = []
#: The log of every server the tests start, copied beside a failing test's screenshots.
SERVER_LOGS: list[Path] = []


def start_server(command: list[str], cwd: Path, env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    handle = open(log, "w")
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT)
    handle.close()
    STARTED.append(psutil.Process(process.pid))
    SERVER_LOGS.append(log)
    try:
        wait_for_port(port, process=process)
    except (TimeoutError, RuntimeError):
        stop_server(process)
        raise RuntimeError(f"server did not start; its log:\n{log.read_text()[-3000:]}") from None
    return process


def stop_server(process: subprocess.Popen) -> None:
    """Stop a server as a user's Ctrl+C or a service manager would (SIGTERM), and make sure
    its kernels went with it."""
    try:
        children = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        children = []
    STARTED.extend(children)
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    psutil.wait_procs(children, timeout=30)


@pytest.fixture(scope="session", autouse=True)
def no_server_left_behind() -> Iterator[None]:
    """Fail the run if any server (or kernel) a test started is still alive at the end."""
    yield
    alive = [p for p in STARTED if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
    for p in alive:
        p.kill()
    assert not alive, f"left running after the tests: {[' '.join(p.cmdline()[:4]) for p in alive]}"


@pytest.fixture(scope="module")
def lab(example_copy: Path, jupyter_env: dict[str, str]) -> Iterator[str]:
    """A JupyterLab server on the example copy, started as a user starts it; yields its base URL."""
    yield from lab_server(example_copy, jupyter_env)


def lab_server(example_copy: Path, jupyter_env: dict[str, str]) -> Iterator[str]:
    _need_browser()
    port = free_port()
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
               f"--ServerApp.token={TOKEN}", "--allow-root", f"--ServerApp.root_dir={example_copy}",
               f"--MappingKernelManager.kernel_info_timeout={KERNEL_START}"]
    process = start_server(command, example_copy, jupyter_env, port, example_copy.parent / "lab.log")
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=2)
            break
        except OSError:
            time.sleep(0.3)
    yield base
    stop_server(process)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    _need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser, request):
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(90_000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        keep_failure(browser, request.node.name)
    for other in list(browser.contexts):
        other.close()


def keep_failure(browser, name: str) -> None:
    """Screenshots of every page the failing test had open, and every server's log."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pages = [p for context in browser.contexts for p in context.pages if not p.is_closed()]
    for n, shown in enumerate(pages):
        try:
            shown.screenshot(path=str(ARTIFACTS / f"failed-{name}-page{n + 1}.png"))
        except Exception as exc:  # a page that is gone cannot be shown; say so instead
            (ARTIFACTS / f"failed-{name}-page{n + 1}.txt").write_text(f"no screenshot: {exc}\n")
    for log in SERVER_LOGS:
        if log.exists():
            shutil.copy(log, ARTIFACTS / f"failed-{name}-{log.parent.name}-{log.name}")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


#: axe-core, installed by scripts/setup.sh into .venv/node (npm, pinned version)
AXE = Path(os.environ.get("SYNTHESIS_AXE", ROOT / ".venv" / "node" / "node_modules" / "axe-core" / "axe.min.js"))


def axe_violations(page, selector: str, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict]:
    """axe-core's violations of ``impacts`` inside ``selector`` on ``page``, each as
    ``{"id", "impact", "help", "targets"}`` (each target its selector and the start of its markup).

    Only our widgets are checked: ``selector`` scopes the run (the output area of a
    notebook, say), because JupyterLab's own menus, side bars and tabs are not ours.
    Without axe-core the test is skipped, or fails under SYNTHESIS_REQUIRE_BROWSER=1."""
    if not AXE.exists():
        message = f"the accessibility check needs axe-core at {AXE} (scripts/setup.sh installs it with npm)"
        if os.environ.get("SYNTHESIS_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async (selector) => {
            // marked with the browser's own selector engine (axe's has no :has())
            const scope = Array.from(document.querySelectorAll(selector));
            if (!scope.length) throw new Error(`nothing to check: no ${selector}`);
            for (const node of scope) node.setAttribute('data-qs-axe', '');
            const result = await axe.run({include: [['[data-qs-axe]']]},
                                         {resultTypes: ['violations'], rules: {region: {enabled: false}}});
            return result.violations.map((v) => ({id: v.id, impact: v.impact, help: v.help,
                                                  targets: v.nodes.map((n) => `${n.target.join(' ')}: ${n.html.slice(0, 160)}`).slice(0, 8)}));
        }""",
        selector,
    )
    return [v for v in found if v["impact"] in impacts]


def contrast_ratios(page, selector: str) -> list[float]:
    """The WCAG contrast ratio of the text colour on the background colour of every
    element matching ``selector`` (as computed by the browser)."""
    return page.evaluate("""(selector) => {
        const lum = (rgb) => {
            const [r, g, b] = rgb.match(/\\d+/g).slice(0, 3).map(Number).map(c => c / 255)
                .map(c => c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        };
        return Array.from(document.querySelectorAll(selector)).map(e => {
            const s = getComputedStyle(e), [a, b] = [lum(s.color), lum(s.backgroundColor)].sort((x, y) => y - x);
            return (a + 0.05) / (b + 0.05);
        });
    }""", selector)


def layout_problems(page, selector: str, skip: str = "") -> list[str]:
    """What is cut off or scrolls for nothing inside every element matching ``selector``: a
    visible button, label or note whose text is wider than its box (unless it carries the whole
    text in its tooltip, ``title``), and any box showing a horizontal scroll bar, or able to scroll
    sideways. Elements matching ``skip`` are not looked at. Nothing matching ``selector`` is a
    problem too (a renamed class must not make the check pass)."""
    return page.evaluate("""([selector, skip]) => {
        const out = [];
        const roots = document.querySelectorAll(selector);
        if (!roots.length) out.push('nothing matches ' + selector);
        for (const root of roots) {
            for (const e of root.querySelectorAll('button, label, .widget-label, .widget-html-content')) {
                if (!e.offsetParent || (skip && e.matches(skip))) continue;
                const text = (e.textContent || '').trim();
                if (e.scrollWidth > e.clientWidth + 1 && !(e.title && e.title.includes(text)))
                    out.push('cut: ' + text.slice(0, 60));
            }
            for (const e of [root, ...root.querySelectorAll('*')]) {
                if (!e.offsetParent && e !== root) continue;
                const style = getComputedStyle(e);
                const scrolls = ['auto', 'scroll'].includes(style.overflowX) && e.scrollWidth > e.clientWidth + 1;
                if (style.overflowX === 'scroll' || scrolls) out.push('scroll bar: ' + (e.className || e.tagName));
            }
        }
        return out;
    }""", [selector, skip])
