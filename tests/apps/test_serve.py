"""`synthesis lab` and `synthesis app` are the server: a SIGTERM or SIGINT sent to them
stops it, closes its port and leaves no process behind (kernels included)."""

from __future__ import annotations

import signal
import time
import urllib.request
from pathlib import Path

import psutil
import pytest

from served import SYNTHESIS, Server, Servers, port_open
from synthesis import Project

pytestmark = pytest.mark.slow


def _stopped_by(serve: Servers, server: Server, sig: int, also: list[psutil.Process]) -> None:
    alive = serve.stop(server, sig, also)
    assert not alive, f"still running after the signal: {alive}"
    assert not port_open(server.port)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = tmp_path / "review"
    Project.init(root).close()
    return root


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_lab_stops_with_its_kernels(project: Path, serve: Servers, sig: int) -> None:
    server = serve([*SYNTHESIS, "lab", "--project", str(project)])
    port, log = server.port, server.log
    token = ""
    deadline = time.monotonic() + 60
    while not token:  # the token JupyterLab printed, to start a kernel as a notebook would
        for line in log.read_text().splitlines():
            if "token=" in line:
                token = line.split("token=", 1)[1].split()[0]
                break
        assert time.monotonic() < deadline, "JupyterLab printed no URL"
        time.sleep(0.2)
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/kernels?token={token}", data=b"{}",
                                     method="POST", headers={"Content-Type": "application/json"})
    assert urllib.request.urlopen(request, timeout=60).status == 201
    kernels = psutil.Process(server.process.pid).children(recursive=True)
    assert kernels, "no kernel was started"
    _stopped_by(serve, server, sig, kernels)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_app_stops_with_its_kernels(project: Path, serve: Servers, sig: int) -> None:
    server = serve([*SYNTHESIS, "app", "code", "--project", str(project)])
    page = urllib.request.urlopen(f"http://127.0.0.1:{server.port}/", timeout=120).read()  # runs the app in a kernel
    assert b"voila" in page.lower()
    kernels = psutil.Process(server.process.pid).children(recursive=True)
    assert kernels, "the app's page started no kernel"
    _stopped_by(serve, server, sig, kernels)


def test_the_app_page_gets_the_cookie_its_shutdown_request_needs(project: Path, serve: Servers) -> None:
    """Voila's page sends the ``_xsrf`` cookie's value when it closes; without the cookie the
    server refuses to shut the kernel down and the reviewer's log stays locked."""
    server = serve([*SYNTHESIS, "app", "code", "--project", str(project)])
    response = urllib.request.urlopen(f"http://127.0.0.1:{server.port}/", timeout=120)
    cookies = response.headers.get_all("Set-Cookie") or []
    assert any(c.startswith("_xsrf=") for c in cookies), cookies
    _stopped_by(serve, server, signal.SIGTERM, [])


def test_start_sh_stops_its_server(serve: Servers) -> None:
    """`bash start.sh` execs `synthesis lab`: a SIGTERM to it stops JupyterLab itself."""
    root = Path(__file__).resolve().parents[2]
    server = serve(["bash", str(root / "start.sh")], timeout=300)  # the first run may still be installing
    _stopped_by(serve, server, signal.SIGTERM, [])
