"""A tiny two-reviewer project whose agreement figures are worked out by hand.

Sources and their sentence segments::

    s1  "Trust grew. It took time. Money ran out. Staff left."   (0,11) (12,25) (26,40) (41,52)
    s2  "One. Two. Three."                                       (0,4) (5,9) (10,16)
    s3  "Only NT coded this."                                    coded by NT only: not counted
    s4  "Nobody coded this."                                     coded by no one: not counted

Codings (NT made the codes; both code with them)::

    Trust  NT: s1 0-11, s2 0-9, s3 0-4     AG: s1 0-25, s2 5-16
    Money  NT: s1 26-40                    AG: s1 26-40
    Staff                                  AG: s1 41-52

Segment values (coders in order AG, NT; units s1 x4 then s2 x3)::

    Trust  AG 1 1 0 0 0 1 1   NT 1 0 0 0 1 1 0
    Money  AG 0 0 1 0 0 0 0   NT 0 0 1 0 0 0 0
    Staff  AG 0 0 0 1 0 0 0   NT 0 0 0 0 0 0 0
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from synthesis.project import Project

TEXTS = {
    "s1": "Trust grew. It took time. Money ran out. Staff left.",
    "s2": "One. Two. Three.",
    "s3": "Only NT coded this.",
    "s4": "Nobody coded this.",
}
EXAMPLE = Path(__file__).resolve().parents[2]  # the repository root is the example review


def make_tiny(root: Path) -> Path:
    with Project.init(root, reviewer="NT", name="Tiny") as p:
        for sid, text in TEXTS.items():
            p.add_text(text, title=sid, source_id=sid)
        trust, money, _ = p.create_code("Trust"), p.create_code("Money"), p.create_code("Staff")
        p.apply_code("s1", 0, 11, trust)
        p.apply_code("s1", 26, 40, money)
        p.apply_code("s2", 0, 9, trust)
        p.apply_code("s3", 0, 4, trust)
    with Project.open(root, reviewer="AG") as p:
        p.apply_code("s1", 0, 25, "Trust")
        p.apply_code("s1", 26, 40, "Money")
        p.apply_code("s1", 41, 52, "Staff")
        p.apply_code("s2", 5, 16, "Trust")
    return root


@pytest.fixture
def tiny(tmp_path: Path) -> Project:
    """The tiny project above, opened read-only."""
    return Project.open(make_tiny(tmp_path / "tiny"))


def logs_digest(root: Path) -> dict[str, str]:
    """sha256 of every reviewer log of a project (to show nothing was written)."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "codebooks" / "logs").glob("*.jsonl"))}
