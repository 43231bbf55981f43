"""`synthesis app --ip` beyond this machine asks for a token, and says so when it starts."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from served import SYNTHESIS, Servers
from synthesis import Project

pytestmark = pytest.mark.slow


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
def served(tmp_path: Path, serve: Servers):  # type: ignore[no-untyped-def]
    """Start `synthesis app code` with the given arguments and environment (the ``serve``
    fixture stops it afterwards); returns its port and the file its output goes to."""

    def start(*args: str, env: dict[str, str] | None = None) -> tuple[int, Path]:
        root = tmp_path / "review"
        if not root.exists():
            Project.init(root).close()
        server = serve([*SYNTHESIS, "app", "code", "--project", str(root), *args], env=env)
        return server.port, server.log

    return start


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
