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

import os
from collections.abc import Sequence
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


def app_arguments(notebook: str | os.PathLike[str], *, ip: str, port: int | None,
                  open_browser: bool) -> list[str]:
    """Voila's command-line arguments for serving one app notebook."""
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
    return args


def as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def serve_lab(root: Path, *, port: int | None = None, open_browser: bool = True) -> int:
    """Run JupyterLab on the project at ``root`` until it is stopped (Ctrl+C or SIGTERM)."""
    from jupyterlab.labapp import LabApp

    start = "notebooks/00_start_here.ipynb" if (root / "notebooks/00_start_here.ipynb").exists() else ""
    os.chdir(root)
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
    os.chdir(root)
    WorkbenchVoila.launch_instance(argv=[*app_arguments(notebook, ip=ip, port=port, open_browser=open_browser),
                                         *extra])
    return 0
