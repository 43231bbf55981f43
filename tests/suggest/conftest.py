"""A copy of the example review and one model trained on it, shared by the suggestion tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from synthesis import Project
from synthesis.suggest import Model, train

REPO = Path(__file__).resolve().parents[2]


def copy_example(root: Path) -> Path:
    """The example review's corpus (with its rebuildable caches) and logs, copied to ``root``."""
    root.mkdir(parents=True)
    shutil.copy(REPO / "synthesis.toml", root / "synthesis.toml")
    shutil.copytree(REPO / "corpus", root / "corpus", ignore=shutil.ignore_patterns("import"))
    shutil.copytree(REPO / "codebooks" / "logs", root / "codebooks" / "logs",
                    ignore=shutil.ignore_patterns("*.lock", "*.torn"))
    return root


@pytest.fixture(scope="session")
def example_root(tmp_path_factory) -> Path:
    return copy_example(tmp_path_factory.mktemp("suggest") / "example")


@pytest.fixture(scope="session")
def trained(example_root: Path) -> Iterator[tuple[Project, Model]]:
    """The example (read-only) and the model trained on its consensus codings."""
    project = Project.open(example_root)
    yield project, train(project)
    project.close()


@pytest.fixture()
def writable(tmp_path: Path) -> Iterator[Project]:
    """A fresh copy of the example, open as reviewer AG."""
    with Project.open(copy_example(tmp_path / "example"), reviewer="AG") as project:
        yield project
