"""A review team on one JupyterHub: deploy/jupyterhub_config.py run for real on 127.0.0.1.

The hub runs with the deployment's own configuration; only what a test machine cannot
do is replaced: a password authenticator instead of the machine's accounts, and a
spawner that runs every reviewer's server as this Unix user (so the operating system's
file permissions cannot separate them here: tests/test_log_permissions.py covers those).
Two reviewers sign in from their own browser sessions, land on the coding app as
themselves (no sign-in form), each code a span, and neither can reach the other's
server or write the other's log.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import textwrap
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from helpers import create_and_apply, highlight, select_phrase

from conftest import ROOT, _need_browser, copy_example, free_port, keep_failure, start_server, stop_server

DEPLOY = ROOT / "deploy" / "jupyterhub_config.py"
PASSWORD = "a-test-password-for-the-hub"
#: hub user, reviewer, phrase they code, code label
TEAM = {"ana": ("AN", "mutual trust and respect", "Trust between services"),
        "ben": ("BE", "good progress was achieved", "Progress in joint work")}


def proxy_command() -> str:
    """configurable-http-proxy, as scripts/setup.sh installs it for the tests (or on the PATH)."""
    local = ROOT / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"
    found = str(local) if local.exists() else shutil.which("configurable-http-proxy")
    if found is None or shutil.which("node") is None:
        message = ("the JupyterHub test needs configurable-http-proxy: run SYNTHESIS_HUB_PROXY=1 "
                   "bash -c 'source scripts/setup.sh' (it installs it into .venv/node)")
        if os.environ.get("SYNTHESIS_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def team_project(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("shared") / "review"
    project.mkdir()
    copy_example(project)
    shutil.copy(ROOT / "synthesis" / "apps" / "code.ipynb", project / "code.ipynb")
    (project / "reviewers.toml").write_text(
        "[reviewers]\n" + "".join(f'{user} = "{reviewer}"\n' for user, (reviewer, _, _) in TEAM.items()))
    return project


@pytest.fixture(scope="module")
def hub(team_project: Path, tmp_path_factory) -> Iterator[str]:
    """JupyterHub on 127.0.0.1 with the deployment's configuration; yields its address."""
    _need_browser()
    proxy = proxy_command()
    state = tmp_path_factory.mktemp("hub")
    port, hub_port, api_port = free_port(), free_port(), free_port()
    config = state / "test_config.py"
    config.write_text(textwrap.dedent(f"""\
        load_subconfig({str(DEPLOY)!r})
        c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
        c.JupyterHub.hub_bind_url = "http://127.0.0.1:{hub_port}"
        c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
        c.ConfigurableHTTPProxy.command = [{proxy!r}]
        c.JupyterHub.authenticator_class = "dummy"
        c.DummyAuthenticator.password = {PASSWORD!r}
        c.Authenticator.allowed_users = {set(TEAM)!r}
        c.JupyterHub.spawner_class = "simple"
        c.SimpleLocalProcessSpawner.home_dir_template = {str(state / "homes" / "{username}")!r}
        c.Spawner.args = [*c.Spawner.args, "--allow-root"]
        c.Spawner.start_timeout = 300
        c.Spawner.http_timeout = 300
        """))
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("JUPYTER", "SYNTHESIS_", "IPYTHON"))}
    env.update(SYNTHESIS_PROJECT=str(team_project), SYNTHESIS_HUB_DIR=str(state),
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}")
    command = [sys.executable, "-m", "jupyterhub", "-f", str(config)]
    process = start_server(command, state, env, port, state / "hub.log")
    base = f"http://127.0.0.1:{port}"
    try:
        yield base
    finally:
        stop_server(process)


@pytest.fixture(scope="module")
def pages(hub: str, browser) -> Iterator[dict[str, object]]:
    """Each reviewer signed in to the hub in their own browser session, on the coding app."""
    opened = {}
    for user in TEAM:
        page = browser.new_context(viewport={"width": 1500, "height": 1000}).new_page()
        page.set_default_timeout(300_000)
        page.goto(f"{hub}/hub/login")
        page.fill("#username_input", user)
        page.fill("#password_input", PASSWORD)
        page.click("#login_submit")
        opened[user] = page
    for page in opened.values():  # both servers start at once; wait for each app
        page.locator(".qs-text span[data-start]").first.wait_for()
    yield opened
    for page in opened.values():
        page.context.close()


@pytest.fixture(scope="module")
def coded(pages, hub: str, browser) -> dict[str, object]:
    """Each reviewer, on the coding app as themselves, has coded their phrase (ana first)."""
    try:
        for user, page in pages.items():
            reviewer, phrase, label = TEAM[user]
            assert page.url.startswith(f"{hub}/user/{user}/voila/render/code.ipynb"), page.url
            header = page.get_by_text(f"Coding as {reviewer} in review")
            header.wait_for()
            assert f"signed in to the hub as {user}" in header.inner_text()
            assert page.get_by_placeholder("e.g. NT").count() == 0   # no sign-in form
            select_phrase(page, phrase)
            create_and_apply(page, label)
            highlight(page, label).first.wait_for()
    except Exception:  # a fixture's failure: keep its pages and the servers' logs, as a test's are kept
        keep_failure(browser, "team_hub_coding")
        raise
    return pages


def test_each_reviewer_codes_as_the_hub_user(coded, team_project: Path, artifacts: Path) -> None:
    logs = team_project / "codebooks" / "logs"
    for user, (reviewer, phrase, label) in TEAM.items():
        own = (logs / f"{reviewer}.jsonl").read_text(encoding="utf-8")
        assert label in own and phrase in own
        others = [other_label for other, (_, _, other_label) in TEAM.items() if other != user]
        assert not any(other_label in own for other_label in others)
        events = [json.loads(line) for line in own.splitlines()]
        assert {e["reviewer"] for e in events} == {reviewer}
    for user, page in coded.items():
        page.screenshot(path=str(artifacts / f"hub-{user}.png"))


def test_neither_can_reach_the_others_server(coded, hub: str, team_project: Path) -> None:
    logs = team_project / "codebooks" / "logs"
    before = {path.name: path.read_bytes() for path in logs.glob("*.jsonl")}
    for user, page in coded.items():
        other = next(name for name in TEAM if name != user)
        probe = page.context.new_page()
        try:
            response = probe.goto(f"{hub}/user/{other}/voila/render/code.ipynb")
            assert response is not None and response.status == 403, (response and response.status, probe.url)
            assert probe.locator(".qs-text").count() == 0
            # nor through the other server's API, with this reviewer's cookies
            status = probe.evaluate("""async (url) => (await fetch(url, {method: 'POST', body: '{}',
                                        headers: {'Content-Type': 'application/json'}})).status""",
                                    f"{hub}/user/{other}/api/kernels")
            assert status == 403, status
        finally:
            probe.close()
    kernels = urllib.request.Request(f"{hub}/user/ana/api/kernels")  # no cookie at all
    try:
        urllib.request.urlopen(kernels, timeout=30)
        opened = True
    except urllib.error.HTTPError as exc:
        opened = exc.code < 300
    assert not opened
    assert {path.name: path.read_bytes() for path in logs.glob("*.jsonl")} == before


def test_each_sees_the_others_coding_without_a_reload(coded, artifacts: Path) -> None:
    pages = coded
    for user, page in pages.items():
        for other, (_, _, label) in TEAM.items():
            if other != user:
                highlight(page, label).first.wait_for(timeout=20_000)
        page.screenshot(path=str(artifacts / f"hub-{user}-live.png"))
    # ana coded first, so the last news on her page is who changed what after her
    reviewer, _, label = TEAM["ben"]
    pages["ana"].get_by_text(f"{reviewer} applied '{label}'").first.wait_for(timeout=20_000)
    # and ana codes again while ben does nothing: it reaches his page by itself
    # (the third phrase is in the same first source both reviewers are on)
    select_phrase(pages["ana"], "service users identified")
    create_and_apply(pages["ana"], "Benefits seen by service users")
    highlight(pages["ben"], "Benefits seen by service users").first.wait_for(timeout=20_000)
    pages["ben"].get_by_text("AN applied 'Benefits seen by service users'").first.wait_for(timeout=20_000)


def test_the_notebooks_default_reviewer_is_the_hub_users(pages) -> None:
    """Each server is started with SYNTHESIS_REVIEWER, the guided notebooks' default reviewer."""
    import psutil

    seen = {}
    for process in psutil.process_iter():
        try:
            if any("jupyterhub-singleuser" in part for part in process.cmdline()):
                environ = process.environ()
                seen[environ.get("JUPYTERHUB_USER")] = environ.get("SYNTHESIS_REVIEWER")
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    assert {user: seen.get(user) for user in TEAM} == {user: reviewer for user, (reviewer, _, _) in TEAM.items()}
