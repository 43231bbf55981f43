"""What happened to the codings of sources an import replaced (``--replace``).

A better extraction of a coded article changes its text: ligatures become
letters, words broken at line ends are joined, running heads and page numbers
leave the flow. The codings stay in the logs and are found again in the new
text (:func:`synthesis.anchoring.reanchor`); this module compares the codings
before and after an import and says, per source, how many kept their words,
how many were found again after the text changed, and which could not be
placed (they are kept, marked orphaned, never dropped).

An import with ``replace=True`` returns its sources as :class:`Imported`, a
list that also carries these reports (``codings_kept``), the same the command
line prints.

>>> import tempfile, pathlib
>>> from synthesis.project import Project
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> old, new = root / "old" / "green.txt", root / "new" / "green.txt"
>>> for path, text in [(old, "The \\ufb01rst partner-\\nship grew. Staff left."), (new, "The first partnership grew.")]:
...     path.parent.mkdir()
...     _ = path.write_text(text, encoding="utf-8")
>>> project = Project.init(root / "p", reviewer="AG")
>>> _ = project.import_sources(old)
>>> _ = project.create_code("trust")
>>> text = project.text("green")
>>> for phrase in ["The", "\\ufb01rst partner-\\nship", "Staff left"]:
...     _ = project.apply_code("green", text.index(phrase), text.index(phrase) + len(phrase), "trust")
>>> before = dict(project.codings)
>>> imported = project.import_sources(new, replace=True)
>>> [source.source_id for source in imported], len(imported.codings_kept)
(['green'], 1)
>>> [report] = imported.codings_kept
>>> (report.exact, report.changed, [c.quote for c in report.lost])
(1, 1, ['Staff left'])
>>> print(imported.report())  # doctest: +ELLIPSIS
source 'green': 3 codings: 1 kept word for word, 1 found again after the text changed, 1 could not be placed
  not placed (kept, marked orphaned): coding K... (trust): 'Staff left'
>>> codings_kept(project, before, ["green"]) == [report]
True
>>> project.close()
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..records import Coding, Source

if TYPE_CHECKING:
    from ..project import Project

EXCERPT = 60  # characters of a quote shown in the report


@dataclass(frozen=True)
class CodingsKept:
    """The codings of one replaced source: kept word for word, found in changed text, or lost."""

    source_id: str
    exact: int
    changed: int
    lost: tuple[Coding, ...]
    labels: tuple[str, ...] = ()  # the code label of each lost coding

    @property
    def total(self) -> int:
        return self.exact + self.changed + len(self.lost)

    def __str__(self) -> str:
        noun = "coding" if self.total == 1 else "codings"
        head = (f"source '{self.source_id}': {self.total} {noun}: {self.exact} kept word for word, "
                f"{self.changed} found again after the text changed, {len(self.lost)} could not be placed")
        lines = [head]
        for coding, label in zip(self.lost, self.labels):
            quote = " ".join(coding.quote.split())
            if len(quote) > EXCERPT:
                quote = quote[:EXCERPT - 1] + "\u2026"
            lines.append(f"  not placed (kept, marked orphaned): coding {coding.coding_id} ({label}): {quote!r}")
        return "\n".join(lines)


class Imported(list):
    """The sources an import wrote, in order (a list of :class:`~synthesis.records.Source`),
    ``codings_kept``: for each source it replaced that had codings, what happened to them, and
    ``unchanged``: the ids of the sources the project held already exactly as imported."""

    def __init__(self, sources: Iterable[Source] = (), codings_kept: Iterable[CodingsKept] = (),
                 unchanged: Iterable[str] = ()) -> None:
        super().__init__(sources)
        self.codings_kept: tuple[CodingsKept, ...] = tuple(codings_kept)
        self.unchanged: tuple[str, ...] = tuple(unchanged)

    def report(self) -> str:
        """The reports of ``codings_kept``, one source after another ("" when no coded source was replaced)."""
        return "\n".join(map(str, self.codings_kept))


def codings_kept(project: "Project", before: Mapping[str, Coding],
                 source_ids: Iterable[str]) -> list[CodingsKept]:
    """Compare the codings of ``source_ids`` now with ``before`` (``dict(project.codings)`` taken
    before the import); one report per source that has codings.

    A coding counts as kept word for word when its quote has the same words as
    before (it may have moved, or its lines been wrapped again), as found again when its quote now reads differently (ligatures,
    joined hyphens, furniture gone, or lost before and found now), and as lost
    when it is orphaned now. Codings made since ``before`` are left out.
    """
    reports = []
    for sid in dict.fromkeys(source_ids):
        exact = changed = 0
        lost: list[Coding] = []
        for coding in project.codings_of(sid):
            old = before.get(coding.coding_id)
            if old is None:  # made since
                continue
            if coding.status == "orphaned":
                lost.append(coding)
            elif old.status != "orphaned" and old.quote.split() == coding.quote.split():
                exact += 1
            else:
                changed += 1
        if exact or changed or lost:
            labels = tuple(project.codes[c.code_id].label if c.code_id in project.codes else c.code_id
                           for c in lost)
            reports.append(CodingsKept(sid, exact, changed, tuple(lost), labels))
    return reports
