"""Serving the workbench: JupyterLab on a project, and the Voila apps.

Both servers run inside the calling process (``synthesis lab`` and ``synthesis app``
become the server), so a SIGINT or SIGTERM sent to ``synthesis`` reaches the
server itself: it shuts its kernels down and closes its port, and nothing is left
behind. The argument lists are built by pure functions, which the tests read.

>>> lab_arguments("/r", port=8890, open_browser=False, as_root=False)[-2:]
['--port=8890', '--no-browser']
>>> app_arguments("/apps/code.ipynb", ip="127.0.0.1", port=None, open_browser=True)[:2]
['/apps/code.ipynb', '--Voila.ip=127.0.0.1']
"""

from __future__ import annotations

import ipaddress
import os
import secrets
import signal
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

#: Seconds a kernel whose page was closed without a goodbye may idle before it is culled.
CULL_IDLE = 15
#: Seconds a new kernel may take to answer (Jupyter's default, 60, is short for a busy machine).
KERNEL_START = 240


def lab_arguments(root: str | os.PathLike[str], *, port: int | None, open_browser: bool,
                  as_root: bool, start: str = "") -> list[str]:
    """JupyterLab's command-line arguments for serving the project at ``root`` on loopback."""
    args = [f"--ServerApp.root_dir={root}", "--ServerApp.ip=127.0.0.1",
            # a kernel loading spaCy and pandas on a busy laptop can take over a minute to start
            f"--MappingKernelManager.kernel_info_timeout={KERNEL_START}"]
    if as_root:
        args.append("--allow-root")  # containers and CI machines often run as root
    if port:
        args.append(f"--port={port}")
    if not open_browser:
        args.append("--no-browser")
    if start:
        args.append(start)
    return args


def is_loopback(ip: str) -> bool:
    """Whether ``ip`` serves this machine only.

    >>> is_loopback("127.0.0.1"), is_loopback("localhost"), is_loopback("::1"), is_loopback("0.0.0.0")
    (True, True, True, False)
    """
    if ip.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to anything


def app_token(ip: str, env: Mapping[str, str] | None = None) -> str | None:
    """The token the app asks for, or None when it may serve without one.

    The app serves this machine's loopback without a token, as before. Beyond it
    (``--ip 0.0.0.0``, a LAN address), and under JupyterHub, where other users
    share the machine, it asks for Jupyter's token: $SYNTHESIS_APP_TOKEN, or a
    random one.

    >>> app_token("127.0.0.1", env={}) is None
    True
    >>> app_token("0.0.0.0", env={"SYNTHESIS_APP_TOKEN": "s3cret-team-token"})
    's3cret-team-token'
    >>> len(app_token("127.0.0.1", env={"JUPYTERHUB_USER": "nt"})) > 30
    True
    """
    env = os.environ if env is None else env
    if is_loopback(ip) and not env.get("JUPYTERHUB_USER"):
        return None
    return env.get("SYNTHESIS_APP_TOKEN", "").strip() or secrets.token_urlsafe(32)


def app_arguments(notebook: str | os.PathLike[str], *, ip: str, port: int | None,
                  open_browser: bool, token: str | None = None) -> list[str]:
    """Voila's command-line arguments for serving one app notebook (``token``: Jupyter's token)."""
    args = [str(notebook), f"--Voila.ip={ip}", "--show_tracebacks=False",
            # a kernel whose page vanished without a goodbye (a crash, a lost network) is culled
            f"--MappingKernelManager.cull_idle_timeout={CULL_IDLE}",
            "--MappingKernelManager.cull_interval=5",
            "--MappingKernelManager.cull_connected=False",
            f"--MappingKernelManager.kernel_info_timeout={KERNEL_START}"]
    if port:
        args.append(f"--port={port}")
    if not open_browser:
        args.append("--no-browser")
    if token:
        args.append(f"--Voila.token={token}")
    return args


def token_notice(ip: str, port: int | None, token: str) -> str:
    """What ``synthesis app`` says when it starts with a token.

    >>> print(token_notice("0.0.0.0", 8866, "abc"))
    The app is served beyond this machine (0.0.0.0), so it asks for a token. Reviewers open:
      http://<this machine's address>:8866/?token=abc
    Anyone with this link can open the app: share it with your team only.
    """
    where = "beyond this machine" if not is_loopback(ip) else "on a machine other users share (JupyterHub)"
    host = "<this machine's address>" if ip in ("0.0.0.0", "::", "") else (f"[{ip}]" if ":" in ip else ip)
    return (f"The app is served {where} ({ip}), so it asks for a token. Reviewers open:\n"
            f"  http://{host}:{port or '<port shown below>'}/?token={token}\n"
            "Anyone with this link can open the app: share it with your team only.")


def stop_on_ctrl_c() -> None:
    """Let Ctrl+C (SIGINT) stop the server even when it was started with SIGINT ignored.

    A shell script's background job (``synthesis lab &``) starts with SIGINT ignored,
    and the child would then ignore Ctrl+C and ``kill -INT`` for good.
    """
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def serve_lab(root: Path, *, port: int | None = None, open_browser: bool = True) -> int:
    """Run JupyterLab on the project at ``root`` until it is stopped (Ctrl+C or SIGTERM)."""
    from jupyterlab.labapp import LabApp

    start = "notebooks/00_start_here.ipynb" if (root / "notebooks/00_start_here.ipynb").exists() else ""
    os.chdir(root)
    stop_on_ctrl_c()
    LabApp.launch_instance(argv=lab_arguments(root, port=port, open_browser=open_browser,
                                              as_root=as_root(), start=str(root / start) if start else ""))
    return 0


def set_xsrf_cookie(request_handler: Any, notebook: Any = None, cwd: str | None = None) -> None:
    """Voila's pre-launch hook: give the page its ``_xsrf`` cookie.

    When a page closes, Voila's front end asks the server to shut its kernel down,
    sending the ``_xsrf`` cookie's value with the request; the server refuses the
    request (403) when the page never got that cookie, and the kernel then lingers,
    holding the reviewer's log, until it is culled. Reading the handler's
    ``xsrf_token`` sets the cookie on the page's response.
    """
    request_handler.xsrf_token  # noqa: B018  (the property sets the cookie)


def serve_app(notebook: Path, root: Path, *, reviewer: str | None = None, ip: str = "127.0.0.1",
              port: int | None = None, open_browser: bool = True,
              extra: Sequence[str] = ()) -> int:
    """Run the Voila app ``notebook`` on the project at ``root`` until it is stopped."""
    from voila.app import Voila

    class WorkbenchVoila(Voila):  # type: ignore[misc]
        def initialize(self, argv: Any = None) -> None:
            super().initialize(argv)
            self.voila_configuration.prelaunch_hook = set_xsrf_cookie

    os.environ["SYNTHESIS_PROJECT"] = str(root)
    if reviewer:
        os.environ["SYNTHESIS_REVIEWER"] = reviewer
    token = app_token(ip)
    if token:
        print(token_notice(ip, port, token), file=sys.stderr, flush=True)
    os.chdir(root)
    stop_on_ctrl_c()
    WorkbenchVoila.launch_instance(argv=[*app_arguments(notebook, ip=ip, port=port, open_browser=open_browser,
                                                        token=token), *extra])
    return 0
