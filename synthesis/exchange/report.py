"""What an import or export did, for the reviewer to read (and tests to check)."""

from __future__ import annotations

from dataclasses import dataclass

from ..wording import plural


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
        """One line of what came in, in a reviewer's words, then a line per passage not placed and notice.

        >>> print(ImportReport("nvivo.qdpx", sources=("s1",), new_sources=1, codes=1,
        ...                    codings=(("Ann", 2), ("Bob", 2)), selections=4))
        nvivo.qdpx: 1 source (1 new), no studies, 1 new code, no themes, 4 codings (Ann 2, Bob 2), no memos; all 4 coded passages found in the text
        >>> print(ImportReport("book.qdc"))
        book.qdc: nothing new (the project holds all of it already)
        """
        if not (self.sources or self.studies or self.codes or self.themes or self.n_codings or self.memos
                or self.selections or self.unplaced):
            head = f"{self.file}: nothing new (the project holds all of it already)"
        else:
            who = f" ({', '.join(f'{r} {n}' for r, n in self.codings)})" if self.n_codings else ""
            found = ("no coded passages" if not self.selections and not self.unplaced
                     else f"all {_count(self.selections, 'coded passage')} found in the text" if not self.unplaced
                     else f"{len(self.unplaced)} of {_count(self.selections, 'coded passage')} not found in the "
                          "text (below)")
            head = (f"{self.file}: {_count(len(self.sources), 'source')} ({self.new_sources} new), "
                    f"{_count(len(self.studies), 'study', 'studies')}, {_count(self.codes, 'new code')}, "
                    f"{_count(self.themes, 'theme')}, {_count(self.n_codings, 'coding')}{who}, "
                    f"{_count(self.memos, 'memo')}; {found}")
        lines = [head]
        lines += [f"  not placed: {u}" for u in self.unplaced]
        lines += [f"  note: {n}" for n in self.notices]
        return "\n".join(lines)


def _count(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the noun in the right number ("no" for none): "1 study", "2 studies", "no themes"."""
    return plural(n, one, many, zero="no")


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
