"""`synthesis lab` and `synthesis app` are the server: a SIGTERM or SIGINT sent to them
stops it, closes its port and leaves no process behind (kernels included)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
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


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        env[var] = str(tmp_path / var.lower())
    return env


def _serve(command: list[str], tmp_path: Path, port: int) -> tuple[subprocess.Popen, Path]:
    log = tmp_path / "server.log"
    with open(log, "w") as out:
        server = subprocess.Popen([sys.executable, "-m", "synthesis", *command, "--no-browser", f"--port={port}"],
                                  env=_env(tmp_path), stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while not _open(port):
        assert server.poll() is None, f"the server exited early:\n{log.read_text()[-2000:]}"
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.2)
    return server, log


def _stopped_by(server: subprocess.Popen, sig: int, port: int, also: list[psutil.Process]) -> None:
    everyone = [psutil.Process(server.pid), *psutil.Process(server.pid).children(recursive=True), *also]
    server.send_signal(sig)
    try:
        assert server.wait(timeout=60) is not None
    finally:
        if server.poll() is None:
            server.kill()
    gone, alive = psutil.wait_procs(everyone, timeout=30)
    for p in alive:
        p.kill()
    assert not alive, f"still running after the signal: {[p.cmdline()[:3] for p in alive]}"
    assert not _open(port)


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    root = tmp_path / "review"
    Project.init(root).close()
    return root


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_lab_stops_with_its_kernels(project: Path, tmp_path: Path, sig: int) -> None:
    port = _free_port()
    server, log = _serve(["lab", "--project", str(project)], tmp_path, port)
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
    kernels = psutil.Process(server.pid).children(recursive=True)
    assert kernels, "no kernel was started"
    _stopped_by(server, sig, port, kernels)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_app_stops_with_its_kernels(project: Path, tmp_path: Path, sig: int) -> None:
    port = _free_port()
    server, _ = _serve(["app", "code", "--project", str(project)], tmp_path, port)
    page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=120).read()  # runs the app in a kernel
    assert b"voila" in page.lower()
    kernels = psutil.Process(server.pid).children(recursive=True)
    assert kernels, "the app's page started no kernel"
    _stopped_by(server, sig, port, kernels)


def test_the_app_page_gets_the_cookie_its_shutdown_request_needs(project: Path, tmp_path: Path) -> None:
    """Voila's page sends the ``_xsrf`` cookie's value when it closes; without the cookie the
    server refuses to shut the kernel down and the reviewer's log stays locked."""
    port = _free_port()
    server, _ = _serve(["app", "code", "--project", str(project)], tmp_path, port)
    try:
        response = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=120)
        cookies = response.headers.get_all("Set-Cookie") or []
        assert any(c.startswith("_xsrf=") for c in cookies), cookies
    finally:
        _stopped_by(server, signal.SIGTERM, port, [])


def test_start_sh_stops_its_server(tmp_path: Path) -> None:
    """`bash start.sh` execs `synthesis lab`: a SIGTERM to it stops JupyterLab itself."""
    root = Path(__file__).resolve().parents[2]
    port = _free_port()
    log = tmp_path / "start.log"
    with open(log, "w") as out:
        server = subprocess.Popen(["bash", str(root / "start.sh"), "--no-browser", f"--port={port}"],
                                  env=_env(tmp_path), stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300  # the first run of start.sh may still be installing
    while not _open(port):
        assert server.poll() is None, f"start.sh exited early:\n{log.read_text()[-2000:]}"
        assert time.monotonic() < deadline, "JupyterLab did not start"
        time.sleep(0.2)
    _stopped_by(server, signal.SIGTERM, port, [])
