"""Text search over every source, with keyword-in-context results.

Five modes: ``words`` (any of the query's words, whole words, any case),
``phrase`` (the query's words one after another), ``lemma`` (the words' lemmas
and the lemmas derived from them: "partner" finds "partners" and "partnerships"),
``wildcard`` (``*`` any letters, ``?`` one letter: "trust*") and ``regex`` (a
Python regular expression, any case). Word modes answer from the project's
inverted index (:mod:`synthesis.query.index`); a repeat search is a look-up.

A search can be scoped to studies, sources, study attributes (``where``) and
the text under a code. Each hit is one row: where it is (source, study, page,
citation, offsets, sentence and paragraph numbers) and its keyword in context
(``left``, ``match``, ``right``).

>>> import tempfile
>>> from synthesis import Project
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
>>> _ = p.add_text("Partnerships need trust. A partner trusted us.\\n\\nTrust grew.",
...                title="Note", source_id="note")
>>> search(p, "partner", mode="lemma")[["match", "start", "sentence"]]
          match  start  sentence
0  Partnerships      0         0
1       partner     27         1
>>> hits = search(p, "trust*", mode="wildcard", context=6)
>>> hits[["left", "match", "right", "paragraph"]].values.tolist()
[[' need ', 'trust', '. A', 0], ['', 'trusted', ' us.  ', 0], [' us.  ', 'Trust', ' grew.', 1]]
>>> hits["cite"][0]
'(Note)'
>>> p.close()
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import fields
from typing import TYPE_CHECKING, Any

from ..corpus.normalise import cite_pages
from ..errors import ActionError
from ..records import Study
from .index import CorpusIndex, SourceIndex, index_of, postings
from .literal import matches, starts
from .saved import register_kind

if TYPE_CHECKING:
    import pandas as pd

    from ..project import Project

MODES = ("words", "phrase", "lemma", "wildcard", "regex")
SORTS = ("position", "match", "left", "right", "citation")
COLUMNS = ["source_id", "study_id", "citation", "page", "cite", "left", "match", "right",
           "start", "end", "sentence", "paragraph"]
_STUDY_FIELDS = tuple(f.name for f in fields(Study))

Hit = tuple[str, int, int]  # (source id, start, end)


# ------------------------------------------------------------------ scope
def _as_list(value: str | Iterable[str] | None) -> list[str] | None:
    if value is None:
        return None
    return [value] if isinstance(value, str) else [str(v) for v in value]


def scope(project: "Project", *, studies: str | Iterable[str] | None = None,
          sources: str | Iterable[str] | None = None,
          where: Mapping[str, str | Iterable[str]] | None = None) -> list[str]:
    """The ids of the sources a query looks at, sorted; an unknown name is an error."""
    chosen = sorted(project.sources)
    wanted_sources = _as_list(sources)
    if wanted_sources is not None:
        unknown = [s for s in wanted_sources if s not in project.sources]
        if unknown:
            raise ActionError(f"no source {unknown[0]!r} in the corpus")
        chosen = [s for s in chosen if s in set(wanted_sources)]
    wanted_studies = _as_list(studies)
    if wanted_studies is not None:
        unknown = [s for s in wanted_studies if s not in project.studies]
        if unknown:
            raise ActionError(f"no study {unknown[0]!r} in corpus/studies.csv")
        chosen = [s for s in chosen if project.sources[s].study_id in set(wanted_studies)]
    for name, value in (where or {}).items():
        if name not in _STUDY_FIELDS:
            raise ActionError(f"studies have no attribute {name!r}; use one of {', '.join(_STUDY_FIELDS)}")
        allowed = {v.strip().casefold() for v in _as_list(value) or []}
        keep = []
        for sid in chosen:
            study = project.study_of(sid)
            if study is not None and str(getattr(study, name) or "").strip().casefold() in allowed:
                keep.append(sid)
        chosen = keep
    return chosen


def coded_spans(project: "Project", codes: Any, reviewer: str | None = None) -> dict[str, list[tuple[int, int]]]:
    """Spans, per source, coded with any of ``codes`` (by ``reviewer``, or anyone), sorted."""
    ids = {project.code(c).code_id for c in (_as_list(codes) if isinstance(codes, str) else codes)}
    if reviewer is not None and reviewer not in project.reviewers:
        raise ActionError(f"no reviewer {reviewer!r} has a log in this project")
    spans: dict[str, list[tuple[int, int]]] = {}
    for coding in project.codings.values():
        if coding.code_id in ids and (reviewer is None or coding.reviewer == reviewer) \
                and coding.status != "orphaned":
            spans.setdefault(coding.source_id, []).append((coding.start, coding.end))
    return {sid: sorted(set(found)) for sid, found in spans.items()}


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in spans if a <= start)


# ------------------------------------------------------------------ matching
def _terms(index: CorpusIndex, query: str) -> list[tuple[str, str]]:
    terms = index.lemmatize(query)
    if not terms:
        raise ActionError(f"the search {query!r} has no words in it")
    return terms


def _wildcard(term: str) -> "re.Pattern[str]":
    body = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in term.casefold())
    return re.compile(body)


def compile_regex(query: str) -> "re.Pattern[str]":
    """``query`` as a case-insensitive regular expression, or a clear error."""
    try:
        return re.compile(query, re.IGNORECASE)
    except re.error as exc:
        where = f" at position {exc.pos}" if exc.pos is not None else ""
        raise ActionError(f"the regular expression {query!r} is not valid: {exc.msg}{where}") from None


def _token_hits(entries: Sequence[SourceIndex], found: dict[str, list[int]]) -> list[Hit]:
    out: list[Hit] = []
    for entry in entries:
        starts, ends = entry.tokens.starts, entry.tokens.ends
        out.extend((entry.source_id, starts[i], ends[i]) for i in found.get(entry.source_id, ()))
    return out


def find(project: "Project", query: str, mode: str, source_ids: Sequence[str]) -> list[Hit]:
    """``(source, start, end)`` of every match of ``query`` in the sources named, in text order."""
    if mode not in MODES:
        raise ActionError(f"unknown search mode {mode!r}; use one of {', '.join(MODES)}")
    if not str(query).strip():
        raise ActionError("type something to search for")
    pattern = compile_regex(query) if mode == "regex" else None  # a mistyped pattern is told at once
    index = index_of(project)
    if pattern is not None:
        words = starts(query)
        hits: list[Hit] = []
        for sid in source_ids:
            text = project.text(sid) or ""
            entry = index.sources.get(sid)
            lower = entry.folded(text) if words and entry is not None else None
            hits.extend((sid, m.start(), m.end()) for m in matches(pattern, text, lower, words) if m.end() > m.start())
        return hits
    entries = [index.sources[sid] for sid in source_ids if sid in index.sources]
    if mode == "wildcard":
        words: set[str] = set()
        for term in query.split():
            words |= index.matching(_wildcard(term))
        return _token_hits(entries, postings(entries, words))
    if mode == "words":
        return _token_hits(entries, postings(entries, {w for w, _ in _terms(index, query)}))
    if mode == "lemma":
        lemmas: set[str] = set()
        for word, lemma in _terms(index, query):
            lemmas |= index.lemma_family(lemma) | index.lemma_family(word)
        return _token_hits(entries, postings(entries, lemmas, "lemma"))
    return _phrase(entries, [w for w, _ in _terms(index, query)], query, index)


def _phrase(entries: Sequence[SourceIndex], words: list[str], query: str, index: CorpusIndex) -> list[Hit]:
    # the phrase with its punctuation, as tokenized; the words alone if that finds nothing
    whole = [w for w in index.lemmatize_all(query)]
    out: list[Hit] = []
    for sequence in (whole, words) if whole != words else (words,):
        first, n = sequence[0], len(sequence)
        for entry in entries:
            lower = entry.tokens.lower
            for i in entry.words.get(first, ()):
                if tuple(lower[i:i + n]) == tuple(sequence):
                    out.append((entry.source_id, entry.tokens.starts[i], entry.tokens.ends[i + n - 1]))
        if out:
            break
    return out


# ------------------------------------------------------------------ results
def _flat(text: str) -> str:
    """Line breaks and tabs as spaces (a hit's context shows on one line)."""
    return text.replace("\n", " ").replace("\t", " ") if "\n" in text or "\t" in text else text


def _left(text: str, at: int, width: int) -> str:
    """Up to ``width`` characters before ``at``, from the start of a word: a word the window cuts
    at its far edge is left out (unless it is all there is).

    >>> _left("the partnership grew", 16, 10), _left("the partnership grew", 16, 12)
    ('', 'partnership ')
    """
    start = max(0, at - width)
    piece = text[start:at]
    if start and text[start - 1].isalnum() and piece[:1].isalnum():
        cut = next((i for i, ch in enumerate(piece) if not ch.isalnum()), -1)
        if cut >= 0:
            return piece[cut:].lstrip()
    return piece


def _right(text: str, at: int, width: int) -> str:
    """Up to ``width`` characters from ``at``, to the end of a word (see :func:`_left`).

    >>> _right("trust grew over time", 5, 8), _right("trust grew over time", 5, 10)
    (' grew', ' grew over')
    """
    end = min(len(text), at + width)
    piece = text[at:end]
    if end < len(text) and text[end].isalnum() and piece[-1:].isalnum():
        cut = next((i for i in range(len(piece) - 1, -1, -1) if not piece[i].isalnum()), -1)
        if cut >= 0:
            return piece[:cut + 1].rstrip()
    return piece


def _page_label(pages: tuple[tuple[int, str], ...], page_starts: list[int], start: int, end: int) -> str:
    i = bisect_right(page_starts, start) - 1
    j = bisect_right(page_starts, max(start, end - 1)) - 1
    first = pages[i][1] if i >= 0 else ""
    last = pages[j][1] if j >= 0 else ""
    return first if not first or first == last else f"{first.split('-')[0]}-{last.split('-')[-1]}"


def frame(project: "Project", hits: Sequence[Hit], context: int = 40) -> "pd.DataFrame":
    """The keyword-in-context table of ``hits``: one row per hit, in the order given."""
    import pandas as pd

    if context < 0:
        raise ActionError("the context is a number of characters, 0 or more")
    index = index_of(project)
    columns: dict[str, list] = {name: [] for name in COLUMNS}
    runs: list[tuple[str, list[Hit]]] = []  # consecutive hits of one source
    for hit in hits:
        if runs and runs[-1][0] == hit[0]:
            runs[-1][1].append(hit)
        else:
            runs.append((hit[0], [hit]))
    for sid, run in runs:
        source = project.sources[sid]
        study = project.study_of(sid)
        text = project.text(sid) or ""
        citation = study.citation if study else source.title
        pages, page_starts = source.pages, [p for p, _ in source.pages]
        entry = index.sources.get(sid)
        n = len(run)
        labels = [_page_label(pages, page_starts, a, b) for _, a, b in run] if pages else [""] * n
        columns["source_id"] += [sid] * n
        columns["study_id"] += [source.study_id] * n
        columns["citation"] += [citation] * n
        columns["page"] += labels
        columns["cite"] += [f"({citation}; {cite_pages(label)})" if label else f"({citation})" for label in labels]
        columns["left"] += [_flat(_left(text, a, context)) for _, a, _ in run]
        columns["match"] += [_flat(text[a:b]) for _, a, b in run]
        columns["right"] += [_flat(_right(text, b, context)) for _, _, b in run]
        columns["start"] += [a for _, a, _ in run]
        columns["end"] += [b for _, _, b in run]
        if entry is None:
            columns["sentence"] += [-1] * n
            columns["paragraph"] += [-1] * n
        else:
            sentences = [entry.sentence_at(a) for _, a, _ in run]
            columns["sentence"] += sentences
            columns["paragraph"] += [entry.paragraphs[i] if i >= 0 else -1 for i in sentences]
    out = pd.DataFrame(columns, columns=COLUMNS)
    if out.empty:
        out = out.astype({name: "int64" for name in ("start", "end", "sentence", "paragraph")})
    return out


def sort_hits(hits: "pd.DataFrame", by: str = "position") -> "pd.DataFrame":
    """Hits sorted by place in the corpus, by the match, by the words before (read backwards,
    as a concordance does) or after it, or by citation; renumbered from 0."""
    if by not in SORTS:
        raise ActionError(f"hits are sorted by one of {', '.join(SORTS)}, not {by!r}")
    keys = {"position": ["source_id", "start"], "citation": ["citation", "source_id", "start"]}
    if by in keys:
        return hits.sort_values(keys[by], kind="stable").reset_index(drop=True)
    if by == "left":
        key = hits["left"].map(lambda s: s.casefold()[::-1].lstrip())
    else:
        key = hits[by].map(str.casefold)
    order = sorted(range(len(hits)), key=lambda i: (key.iloc[i], hits["source_id"].iloc[i],
                                                    int(hits["start"].iloc[i])))
    return hits.iloc[order].reset_index(drop=True)


def search(project: "Project", query: str, *, mode: str = "words",
           studies: str | Iterable[str] | None = None, sources: str | Iterable[str] | None = None,
           where: Mapping[str, str | Iterable[str]] | None = None, within_code: Any = None,
           reviewer: str | None = None, context: int = 40, sort: str = "position") -> "pd.DataFrame":
    """Every place the corpus (or the part of it in scope) matches ``query``, in keyword in context.

    ``studies``/``sources`` limit the search by id, ``where`` by study attribute
    (``{"design": "qualitative"}``; several values are alternatives), ``within_code``
    to text coded with a code (or any of several), by ``reviewer`` or anyone.
    ``context`` is how many characters of left and right context to show.
    """
    if mode not in MODES:
        raise ActionError(f"unknown search mode {mode!r}; use one of {', '.join(MODES)}")
    if sort not in SORTS:
        raise ActionError(f"hits are sorted by one of {', '.join(SORTS)}, not {sort!r}")
    ids = scope(project, studies=studies, sources=sources, where=where)
    spans = None
    if within_code is not None:
        spans = coded_spans(project, within_code, reviewer)
        ids = [sid for sid in ids if sid in spans]
    hits = find(project, query, mode, ids)
    if spans is not None:
        hits = [h for h in hits if _inside(spans[h[0]], h[1], h[2])]
    out = frame(project, hits, context)
    out.attrs["query"] = {"query": query, "mode": mode}
    return sort_hits(out, sort) if sort != "position" else out


_PARAMS = ("query", "mode", "studies", "sources", "where", "within_code", "reviewer", "context", "sort")


def _run_saved(project: "Project", params: Mapping[str, Any]) -> "pd.DataFrame":
    unknown = sorted(set(params) - set(_PARAMS))
    if unknown or "query" not in params:
        raise ActionError(f"a saved search needs 'query' and takes only {', '.join(_PARAMS)}"
                          + (f" (not {', '.join(unknown)})" if unknown else ""))
    params = dict(params)
    return search(project, params.pop("query"), **params)


register_kind("search", _run_saved)
