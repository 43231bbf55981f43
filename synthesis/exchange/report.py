"""What an import or export did, for the reviewer to read (and tests to check)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ImportReport:
    """The outcome of importing one .qdpx or .qdc file.

    ``unplaced`` lists selections that could not be placed in their source's text
    (nothing is dropped silently); ``notices`` lists everything else worth knowing:
    elements this project cannot hold, offset conventions, renamed codes.
    """

    file: str
    origin: str = ""
    users: tuple[tuple[str, str], ...] = ()          # (REFI user name, reviewer)
    sources: tuple[str, ...] = ()                    # source ids the file's sources landed on
    new_sources: int = 0
    studies: tuple[str, ...] = ()
    codes: int = 0                                   # codes made (others matched existing ones)
    themes: int = 0
    codings: tuple[tuple[str, int], ...] = ()        # (reviewer, codings written)
    memos: int = 0
    selections: int = 0                              # text selections in the file
    conventions: tuple[tuple[str, str], ...] = ()    # (source id, how its offsets were read)
    unplaced: tuple[str, ...] = ()
    notices: tuple[str, ...] = ()

    @property
    def n_codings(self) -> int:
        return sum(n for _, n in self.codings)

    @property
    def reviewers(self) -> list[str]:
        return sorted({r for _, r in self.users} | {r for r, _ in self.codings})

    def __str__(self) -> str:
        who = ", ".join(f"{r} {n}" for r, n in self.codings) or "none"
        lines = [f"{self.file}: {len(self.sources)} sources ({self.new_sources} new), {len(self.studies)} studies, "
                 f"{self.codes} new codes, {self.themes} themes, {self.n_codings} codings ({who}), "
                 f"{self.memos} memos; {len(self.unplaced)} of {self.selections} selections not placed"]
        lines += [f"  not placed: {u}" for u in self.unplaced]
        lines += [f"  note: {n}" for n in self.notices]
        return "\n".join(lines)


@dataclass(frozen=True)
class ExportReport:
    """What an export wrote, and what it had to leave out (reported, never silent)."""

    path: str
    sources: int = 0
    codes: int = 0
    codings: int = 0
    memos: int = 0
    users: int = 0
    notices: tuple[str, ...] = ()

    def __str__(self) -> str:
        lines = [f"{self.path}: {self.sources} sources, {self.codes} codes, {self.codings} codings, "
                 f"{self.memos} memos, {self.users} users"]
        lines += [f"  note: {n}" for n in self.notices]
        return "\n".join(lines)
