"""Servers the app tests start: private Jupyter folders, a free port, and always stopped."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil

SYNTHESIS = [sys.executable, "-m", "synthesis"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


@dataclass(frozen=True)
class Server:
    """A server a test started: its process, port and the file its output goes to."""

    process: subprocess.Popen
    port: int
    log: Path

    def output(self) -> str:
        return self.log.read_text()


class Servers:
    """Starts servers for one test and stops them all when it ends."""

    def __init__(self, tmp_path: Path) -> None:
        self.tmp_path = tmp_path
        self.started: list[Server] = []

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        """This process's environment with private Jupyter folders (no user config leaks in)."""
        environment = dict(os.environ)
        for var in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
            environment[var] = str(self.tmp_path / var.lower())
        environment.pop("SYNTHESIS_APP_TOKEN", None)
        environment.update(extra or {})
        return environment

    def __call__(self, command: Sequence[str], *, env: dict[str, str] | None = None,
                 timeout: float = 120) -> Server:
        """Run ``command --no-browser --port=N`` and wait until it listens on N."""
        port = free_port()
        log = self.tmp_path / f"server-{port}.log"
        with open(log, "w") as out:
            process = subprocess.Popen([*command, "--no-browser", f"--port={port}"],
                                       env=self.env(env), stdout=out, stderr=subprocess.STDOUT)
        server = Server(process, port, log)
        self.started.append(server)
        deadline = time.monotonic() + timeout
        while not port_open(port):
            assert process.poll() is None, f"the server exited early:\n{log.read_text()[-2000:]}"
            assert time.monotonic() < deadline, f"the server did not start:\n{log.read_text()[-2000:]}"
            time.sleep(0.2)
        return server

    def stop(self, server: Server, sig: int = signal.SIGTERM,
             also: Sequence[psutil.Process] = ()) -> list[str]:
        """Send ``sig`` and wait; returns the command lines of processes (``also`` included)
        that outlived it, which are then killed."""
        try:
            root = psutil.Process(server.process.pid)
            everyone = [root, *root.children(recursive=True), *also]
        except psutil.NoSuchProcess:
            everyone = list(also)
        if server.process.poll() is None:
            server.process.send_signal(sig)
        try:
            server.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            pass
        _, alive = psutil.wait_procs(everyone, timeout=30)
        outlived = []
        for p in alive:
            try:
                outlived.append(" ".join(p.cmdline()[:3]))
                p.kill()
            except psutil.NoSuchProcess:
                pass
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait(timeout=30)
        return outlived

    def stop_all(self) -> None:
        for server in self.started:
            if server.process.poll() is None:
                self.stop(server)
