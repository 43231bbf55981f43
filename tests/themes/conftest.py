"""Fixtures of the theme-stage tests: a small hand-built review (see themes_helpers)."""

from __future__ import annotations

from pathlib import Path

import pytest
from themes_helpers import make_review


@pytest.fixture
def project(tmp_path: Path):
    p = make_review(tmp_path / "review")
    yield p
    p.close()
