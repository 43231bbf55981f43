"""Copies of the example review for the text-search tests (the repository itself is never written)."""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def copy_example(root: Path) -> Path:
    """The example review's corpus and logs, copied to ``root``."""
    root.mkdir(parents=True)
    shutil.copy(REPO / "synthesis.toml", root / "synthesis.toml")
    shutil.copytree(REPO / "corpus", root / "corpus", ignore=shutil.ignore_patterns(".cache", "import"))
    shutil.copytree(REPO / "codebooks" / "logs", root / "codebooks" / "logs",
                    ignore=shutil.ignore_patterns("*.lock", "*.torn"))
    return root
