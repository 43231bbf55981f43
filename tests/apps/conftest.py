"""The ``serve`` fixture: whatever happens in a test, every server it started is stopped
(SIGTERM, then SIGKILL) together with its kernels."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from served import Servers


@pytest.fixture()
def serve(tmp_path: Path) -> Iterator[Servers]:
    servers = Servers(tmp_path)
    try:
        yield servers
    finally:
        servers.stop_all()
