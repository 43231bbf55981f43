"""An in-memory inverted index of a project's words and lemmas.

Built lazily from the token cache (:class:`~synthesis.corpus.segment.TokenCache`),
one entry per source: its tokens, its sentences and, for each word (lower case)
and each lemma, the positions of the tokens that have it. A source is indexed
again only when its text's hash changes, so a repeat search is a dictionary
look-up. The index of a project is held for as long as the project object lives.

>>> import tempfile
>>> from synthesis import Project
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
>>> _ = p.add_text("Partnerships grew. A partner trusted us.", title="Note", source_id="note")
>>> index = index_of(p)
>>> [index.sources["note"].span(i) for i in index.sources["note"].lemmas["partner"]]
[(21, 28)]
>>> sorted(index.lemma_family("partner"))
['partner', 'partnership']
>>> p.close()
"""

from __future__ import annotations

import re
import weakref
from array import array
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..corpus.segment import Tokens, TokenCache, tokenize_text
from ..log import gc_paused
from ..records import Segment
from . import literal

if TYPE_CHECKING:
    from ..project import Project

#: endings that make a word of the same family from a lemma: partner -> partnership
DERIVED = ("ship", "ships", "hood", "hoods", "ness", "ment", "ments", "ing", "ings", "er", "ers", "ed",
           "ful", "fully", "ly", "al", "ally", "ity", "ities", "ive", "ion", "ions", "ation", "ations",
           "s", "es", "ist", "ists", "less")


@dataclass
class SourceIndex:
    """The tokens, sentences and postings (word or lemma -> token positions) of one source."""

    source_id: str
    sha256: str
    tokens: Tokens
    sentence_starts: list[int]
    paragraphs: list[int]
    words: dict[str, array] = field(default_factory=dict)  # token positions, 4 bytes each
    lemmas: dict[str, array] = field(default_factory=dict)

    @classmethod
    def build(cls, source_id: str, sha256: str, tokens: Tokens, segments: list[Segment]) -> "SourceIndex":
        words: dict[str, array] = {}
        lemmas: dict[str, array] = {}
        for i, (word, lemma) in enumerate(zip(tokens.lower, tokens.lemma)):
            found = words.get(word)
            if found is None:
                found = words[word] = array("i")
            found.append(i)
            found = lemmas.get(lemma)
            if found is None:
                found = lemmas[lemma] = array("i")
            found.append(i)
        return cls(source_id, sha256, tokens, [s.start for s in segments], [s.paragraph for s in segments],
                   words, lemmas)

    def kinds(self) -> "Counter[tuple[str, str, bool]]":
        """How often each ``(word, lemma, punctuation)`` occurs in the source (worked out once)."""
        found = self.__dict__.get("_kinds")
        if found is None:
            found = self.__dict__["_kinds"] = Counter(zip(self.tokens.lower, self.tokens.lemma, self.tokens.punct))
        return found

    def folded(self, text: str) -> str | None:
        """This source's ``text`` lowercased for :func:`~.literal.matches` (None where that cannot
        stand for case-insensitive matching), worked out once."""
        found = self.__dict__.get("_folded")
        if found is None or found[0] is not text:
            found = self.__dict__["_folded"] = (text, literal.folded(text))
        return found[1]

    def span(self, i: int) -> tuple[int, int]:
        """The offsets of token ``i``."""
        return self.tokens.starts[i], self.tokens.ends[i]

    def sentence_at(self, offset: int) -> int:
        """The number (in this source) of the sentence that holds ``offset``; -1 before the first."""
        return bisect_right(self.sentence_starts, offset) - 1

    def paragraph_at(self, offset: int) -> int:
        sentence = self.sentence_at(offset)
        return self.paragraphs[sentence] if sentence >= 0 else -1


class CorpusIndex:
    """Every source's :class:`SourceIndex`, brought up to date on each use."""

    def __init__(self, project: "Project") -> None:
        self._project = weakref.ref(project)
        self.sources: dict[str, SourceIndex] = {}
        self._cache = TokenCache(project.root, getattr(project._segments, "_nlp", None))  # the project's pipeline
        self._vocab: tuple[frozenset[str], frozenset[str]] | None = None
        self._checked: object = None
        self._queries: dict[str, Tokens] = {}  # search texts already tokenized

    def refresh(self) -> "CorpusIndex":
        """Index sources that are new or whose text changed; drop removed ones."""
        project = self._project()
        if project is None:
            return self
        listed = {sid: s.sha256 for sid, s in project.sources.items()}
        if self._checked == listed:
            return self
        stale = {sid: sha for sid, sha in listed.items()
                 if sid not in self.sources or self.sources[sid].sha256 != sha}
        for sid in set(self.sources) - set(listed):
            del self.sources[sid]
        if stale:
            with gc_paused():  # millions of tokens and postings that all stay: collecting only re-scans them
                self._index(project, stale, len(stale) == len(listed))
            self._vocab = None
        self._checked = listed
        return self

    def _index(self, project: "Project", stale: dict[str, str], everything: bool) -> None:
        """Index the ``stale`` sources (id -> text hash); ``everything``: they are all of them."""
        texts = {sid: project.text(sid) or "" for sid in sorted(stale)}
        tokens = self._cache.get_many(texts)
        segments: dict[str, list[Segment]] = {sid: [] for sid in texts}
        found = project.segments() if everything else [seg for sid in texts for seg in project.segments(sid)]
        for seg in found:
            if seg.source_id in segments:
                segments[seg.source_id].append(seg)
        for sid in texts:
            self.sources[sid] = SourceIndex.build(sid, stale[sid], tokens[sid], segments[sid])

    def vocabulary(self, kind: str = "word") -> frozenset[str]:
        """Every word (``kind="word"``) or lemma (``"lemma"``) in the corpus."""
        if self._vocab is None:
            words: set[str] = set()
            lemmas: set[str] = set()
            for entry in self.sources.values():
                words.update(entry.words)
                lemmas.update(entry.lemmas)
            self._vocab = (frozenset(words), frozenset(lemmas))
        return self._vocab[0] if kind == "word" else self._vocab[1]

    def lemma_family(self, lemma: str) -> set[str]:
        """The lemma and the lemmas derived from it by a common ending (partner -> partnership)."""
        found = {lemma} & self.vocabulary("lemma")
        if len(lemma) >= 3:
            found.update(w for w in self.vocabulary("lemma")
                         if w.startswith(lemma) and w[len(lemma):] in DERIVED)
        return found

    def matching(self, pattern: "re.Pattern[str]", kind: str = "word") -> set[str]:
        """The words (or lemmas) of the corpus that ``pattern`` matches whole."""
        return {w for w in self.vocabulary(kind) if pattern.fullmatch(w)}

    def _tokens(self, text: str) -> Tokens:
        found = self._queries.get(text)
        if found is None:
            if len(self._queries) > 256:
                self._queries.clear()
            found = self._queries[text] = tokenize_text(text, self._cache.nlp)
        return found

    def lemmatize(self, text: str) -> list[tuple[str, str]]:
        """``(word, lemma)`` of each non-punctuation token of ``text``, as the corpus was tokenized."""
        toks = self._tokens(text)
        return [(w, l) for w, l, p in zip(toks.lower, toks.lemma, toks.punct) if not p] or \
            [(w, l) for w, l in zip(toks.lower, toks.lemma)]

    def lemmatize_all(self, text: str) -> list[str]:
        """Every token of ``text`` in lower case, punctuation included."""
        return list(self._tokens(text).lower)


_INDEXES: "weakref.WeakKeyDictionary[Project, CorpusIndex]" = weakref.WeakKeyDictionary()


def index_of(project: "Project") -> CorpusIndex:
    """The project's index, built on first use and kept up to date with its sources."""
    index = _INDEXES.get(project)
    if index is None:
        index = _INDEXES[project] = CorpusIndex(project)
    return index.refresh()


def postings(entries: Iterable[SourceIndex], terms: set[str], kind: str = "word") -> dict[str, list[int]]:
    """Token positions, per source, of any of ``terms``, in text order."""
    out: dict[str, list[int]] = {}
    for entry in entries:
        table = entry.words if kind == "word" else entry.lemmas
        hits: list[int] = []
        for term in terms:
            hits.extend(table.get(term, ()))
        if hits:
            hits.sort()
            out[entry.source_id] = hits
    return out
