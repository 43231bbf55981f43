"""Shared fixtures of the corpus tests: a project, a no-change check, a PDF maker."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import pytest

from synthesis.project import Project


def _snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.endswith(".lock")}


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    """An empty project opened by reviewer AG."""
    with Project.init(tmp_path / "p", reviewer="AG") as opened:
        yield opened


@pytest.fixture
def unchanged() -> Callable:
    """``with unchanged(project): ...`` asserts no file of the project changed."""

    @contextmanager
    def check(project: Project) -> Iterator[None]:
        before = _snapshot(project.root)
        n_events = len(project.events)
        yield
        assert _snapshot(project.root) == before
        assert len(project.events) == n_events

    return check


@pytest.fixture
def make_pdf() -> Callable[..., Path]:
    """``make_pdf(path, ["page one text", "page two text"], title=None)``: a text PDF."""

    def make(path: Path, pages: Sequence[str], title: str | None = None) -> Path:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from matplotlib.backends.backend_pdf import PdfPages

        with PdfPages(path, metadata={"Title": title} if title else None) as pdf:
            for text in pages:
                fig = plt.figure(figsize=(4, 3))
                fig.text(0.05, 0.5, text)
                pdf.savefig(fig)
                plt.close(fig)
        return path

    return make
