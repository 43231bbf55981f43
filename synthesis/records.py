"""Plain, immutable records: what the rest of the package passes around.

Offsets everywhere are Python string indices (Unicode code points) into a
source's normalised text (NFC, ``\\n`` newlines), end exclusive.

>>> span = Anchor("s1", 4, 9, "quick", "The ", " brown")
>>> span.length
5
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

DESIGNS = ("qualitative", "mixed methods", "quantitative", "grey literature")
NATIONS = ("England", "Scotland", "Wales", "Northern Ireland", "UK")
MEMO_TARGETS = ("code", "coding", "source")


@dataclass(frozen=True)
class Study:
    """One included study (or grey-literature item) and its extracted metadata."""

    study_id: str
    citation: str
    reference: str = ""
    year: int | None = None
    design: str = ""
    nation: str = ""
    setting: str = ""
    sample: str = ""
    appraisal_tool: str = ""
    appraisal_result: str = ""
    ppie: str = ""


@dataclass(frozen=True)
class Source:
    """A text that can be coded: a study's findings, extracts or a document.

    ``pages`` lists ``(start_offset, page_label)`` pairs in offset order; the
    page of a character is the label of the last entry starting at or before it.
    """

    source_id: str
    title: str
    study_id: str = ""
    kind: str = "document"
    original_name: str = ""
    sha256: str = ""
    n_chars: int = 0
    pages: tuple[tuple[int, str], ...] = ()


@dataclass(frozen=True)
class Segment:
    """A sentence of a source, with the paragraph it belongs to."""

    source_id: str
    index: int
    paragraph: int
    start: int
    end: int


@dataclass(frozen=True)
class Anchor:
    """Where a coding sits: offsets plus the W3C TextQuote selector parts."""

    source_id: str
    start: int
    end: int
    quote: str
    prefix: str = ""
    suffix: str = ""

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Code:
    """A code in the codebook."""

    code_id: str
    label: str
    definition: str = ""
    colour: str = ""
    created_by: str = ""
    created_at: str = ""
    parent: str = ""  # the id of the code this one sits under; "" at the top of the code tree
    # the colour it was given when it was made, once a reviewer has chosen its colour ("" until then);
    # views show a chosen colour as it is, and share out the others by the colours codes were made with
    first_colour: str = ""


AnchorStatus = Literal["anchored", "reanchored", "orphaned"]


@dataclass(frozen=True)
class Coding:
    """One code applied to one span by one reviewer."""

    coding_id: str
    code_id: str
    anchor: Anchor
    reviewer: str
    time: str
    status: AnchorStatus = "anchored"

    @property
    def source_id(self) -> str:
        return self.anchor.source_id

    @property
    def start(self) -> int:
        return self.anchor.start

    @property
    def end(self) -> int:
        return self.anchor.end

    @property
    def quote(self) -> str:
        return self.anchor.quote


@dataclass(frozen=True)
class Memo:
    """A reviewer's note on a code, a coding or a source."""

    memo_id: str
    target_kind: str
    target_id: str
    text: str
    author: str
    time: str


@dataclass(frozen=True)
class Event:
    """One line of a reviewer's log: who did what, when.

    ``clock`` is a Lamport clock: larger than every event the writer had seen,
    so folding in ``(clock, reviewer, seq)`` order respects cause and effect.
    """

    id: str
    seq: int
    clock: int
    time: str
    reviewer: str
    type: str
    data: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)

    @property
    def order(self) -> tuple[int, str, int]:
        return (self.clock, self.reviewer, self.seq)


@dataclass(frozen=True)
class Problem:
    """Something the fold or the anchoring could not do, reported not dropped."""

    kind: str
    message: str
    event_id: str = ""
    file: str = ""
    line: int | None = None
