"""`synthesis app --ip` beyond this machine asks for a token, and says so when it starts."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psutil
import pytest

from synthesis import Project

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def _get(url: str) -> tuple[int, bytes, str]:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(url, timeout=180) as response:
            return response.status, response.read(), ""
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(), exc.headers.get("Location", "")


@pytest.fixture()
def served(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Start `synthesis app code` with the given arguments and environment; stop it afterwards."""
    servers: list[subprocess.Popen] = []

    def start(*args: str, env: dict[str, str] | None = None) -> tuple[int, Path]:
        root = tmp_path / "review"
        if not root.exists():
            Project.init(root).close()
        port = _free_port()
        environment = dict(os.environ)
        for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
            environment[var] = str(tmp_path / var.lower())
        environment.pop("SYNTHESIS_APP_TOKEN", None)
        environment.update(env or {})
        log = tmp_path / f"server-{port}.log"
        with open(log, "w") as out:
            server = subprocess.Popen([sys.executable, "-m", "synthesis", "app", "code", "--project", str(root),
                                       "--no-browser", f"--port={port}", *args],
                                      env=environment, stdout=out, stderr=subprocess.STDOUT)
        servers.append(server)
        deadline = time.monotonic() + 120
        while not _open(port):
            assert server.poll() is None, f"the server exited early:\n{log.read_text()[-2000:]}"
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.2)
        return port, log

    yield start
    for server in servers:
        everyone = [psutil.Process(server.pid), *psutil.Process(server.pid).children(recursive=True)]
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=60)
        finally:
            if server.poll() is None:
                server.kill()
        psutil.wait_procs(everyone, timeout=30)


def test_beyond_loopback_the_app_asks_for_the_token(served) -> None:  # type: ignore[no-untyped-def]
    port, log = served("--ip=0.0.0.0", env={"SYNTHESIS_APP_TOKEN": "team-token-for-the-test"})
    assert "served beyond this machine (0.0.0.0), so it asks for a token" in log.read_text()
    assert f":{port}/?token=team-token-for-the-test" in log.read_text()
    status, body, location = _get(f"http://127.0.0.1:{port}/")
    assert status in (302, 403) and b"coding_app" not in body, (status, location)
    assert status == 403 or "/login" in location
    status, _, _ = _get(f"http://127.0.0.1:{port}/?token=a-wrong-guess")
    assert status in (302, 403)
    status, body, _ = _get(f"http://127.0.0.1:{port}/?token=team-token-for-the-test")
    assert status == 200 and b"voila" in body.lower()


def test_a_random_token_is_made_and_printed(served) -> None:  # type: ignore[no-untyped-def]
    port, log = served("--ip=0.0.0.0")
    deadline = time.monotonic() + 30
    while "?token=" not in log.read_text():
        assert time.monotonic() < deadline
        time.sleep(0.1)
    token = log.read_text().split("?token=", 1)[1].split()[0]
    assert len(token) >= 40
    assert _get(f"http://127.0.0.1:{port}/")[0] in (302, 403)
    assert _get(f"http://127.0.0.1:{port}/?token={token}")[0] == 200


def test_on_loopback_nothing_changes(served) -> None:  # type: ignore[no-untyped-def]
    port, log = served()
    assert "token" not in log.read_text().split("Voila", 1)[0]
    status, body, _ = _get(f"http://127.0.0.1:{port}/")
    assert status == 200 and b"voila" in body.lower()
