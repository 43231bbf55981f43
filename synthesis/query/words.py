"""Word frequencies: the most frequent words or lemmas, overall or per source, study, code or theme.

Stop words are left out: by default the segmentation pipeline's list
(:func:`stop_words`); pass ``stop_words=`` to replace it (``()`` keeps every word)
and ``extra_stop_words=`` to add to it. Punctuation and tokens without a letter
(numbers, dates) are never counted. Per code (or theme), a word is counted once
however many codings of that code cover it.

>>> import tempfile
>>> from synthesis import Project
>>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
>>> _ = p.add_text("Partners trusted partners. The partner trust was built in 2012.",
...                title="Note", source_id="note")
>>> word_frequencies(p, top=3)[["lemma", "count", "words"]].values.tolist()
[['partner', 3, 'partners, partner'], ['trust', 2, 'trust, trusted'], ['build', 1, 'built']]
>>> word_frequencies(p, by="word", extra_stop_words=["partners"], top=2)["word"].tolist()
['built', 'partner']
>>> p.close()
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ..corpus.segment import default_stop_words
from ..errors import ActionError
from .index import SourceIndex, index_of
from .search import coded_spans, scope

if TYPE_CHECKING:
    import pandas as pd

    from ..project import Project

BY = ("lemma", "word")
PER = (None, "source", "study", "code", "theme")
_GROUP_COLUMN = {"source": "source_id", "study": "study_id", "code": "code", "theme": "theme"}


def stop_words(project: "Project | None" = None) -> frozenset[str]:
    """The default stop-word list (lower case), to read, extend or replace."""
    nlp = getattr(getattr(project, "_segments", None), "_nlp", None) if project is not None else None
    return default_stop_words(nlp)


_default_stops = stop_words  # the name the parameter of word_frequencies hides


def _counted(entry: SourceIndex, by: str, stops: frozenset[str],
             spans: list[tuple[int, int]] | None = None, forms: Counter | None = None) -> Counter:
    """How often each lemma (or word) occurs in ``entry`` (within ``spans``); ``forms``, if given,
    also counts each ``(lemma, word)`` pair: the words counted under each lemma."""
    toks = entry.tokens
    terms = toks.lemma if by == "lemma" else toks.lower
    if spans is None:  # the whole text: count its distinct (word, lemma) pairs, not every token
        whole: Counter = Counter()
        for (word, lemma, punct), n in entry.kinds().items():
            term = lemma if by == "lemma" else word
            if not (punct or word in stops or term in stops or not any(c.isalpha() for c in word)):
                whole[term] += n
                if forms is not None:
                    forms[term, word] += n
        return whole
    chosen: set[int] = set()
    for a, b in spans:
        i = bisect_left(toks.starts, a)
        while i < len(toks) and toks.ends[i] <= b:
            chosen.add(i)
            i += 1
    out: Counter = Counter()
    for i in sorted(chosen):
        word = toks.lower[i]
        if toks.punct[i] or word in stops or not any(c.isalpha() for c in word):
            continue
        term = terms[i]
        if term in stops:
            continue
        out[term] += 1
        if forms is not None:
            forms[term, word] += 1
    return out


def _groups(project: "Project", per: str | None, ids: list[str], reviewer: str | None
            ) -> list[tuple[str, dict[str, list[tuple[int, int]] | None]]]:
    """``(group name, {source id: spans or None for the whole text})`` for each group."""
    if per is None:
        return [("", {sid: None for sid in ids})]
    if per == "source":
        return [(sid, {sid: None}) for sid in ids]
    if per == "study":
        studies: dict[str, dict[str, Any]] = {}
        for sid in ids:
            studies.setdefault(project.sources[sid].study_id, {})[sid] = None
        return sorted(studies.items())
    if per == "code":
        codes = sorted(project.codes.values(), key=lambda c: c.label.casefold())
        groups = [(c.label, coded_spans(project, [c.code_id], reviewer)) for c in codes]
    else:
        from ..themes import codes_of, themes

        groups = []
        for theme in themes(project):
            members = [c.code_id for c in codes_of(project, theme)]
            groups.append((theme.name, coded_spans(project, members, reviewer) if members else {}))
    wanted = set(ids)
    return [(name, {sid: spans for sid, spans in found.items() if sid in wanted}) for name, found in groups]


def word_frequencies(project: "Project", *, by: str = "lemma", per: str | None = None,
                     stop_words: Iterable[str] | None = None, extra_stop_words: Iterable[str] = (),
                     top: int | None = 50, studies: Any = None, sources: Any = None,
                     where: Mapping[str, Any] | None = None, reviewer: str | None = None) -> "pd.DataFrame":
    """The ``top`` most frequent lemmas (or words), overall or per group, most frequent first.

    Columns: the group (``source_id``, ``study_id``, ``code`` or ``theme``) when ``per``
    is given, the ``lemma`` or ``word``, its ``count``, its ``percent`` of the words counted
    in that group, and its ``rank`` there (ties share the order of the word); counted by
    lemma, also the ``words`` counted under it, most frequent first.
    """
    import pandas as pd

    if by not in BY:
        raise ActionError(f"count words by one of {', '.join(BY)}, not {by!r}")
    if per not in PER:
        raise ActionError(f"count words per one of {', '.join(str(p) for p in PER[1:])}, not {per!r}")
    if top is not None and (not isinstance(top, int) or top < 1):
        raise ActionError(f"top is a number of words, 1 or more (not {top!r})")
    base = _default_stops(project) if stop_words is None else \
        frozenset(str(w).lower() for w in stop_words)
    stops = base | {str(w).lower() for w in extra_stop_words}
    ids = scope(project, studies=studies, sources=sources, where=where)
    index = index_of(project)
    rows = []
    for name, members in _groups(project, per, ids, reviewer):
        counts: Counter = Counter()
        forms: Counter | None = Counter() if by == "lemma" else None
        for sid, spans in sorted(members.items()):
            if sid in index.sources:
                counts.update(_counted(index.sources[sid], by, stops, spans, forms))
        total = sum(counts.values())
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
        spelt = _spellings(forms, {term for term, _ in ranked}) if forms is not None else {}
        for rank, (term, count) in enumerate(ranked, 1):
            row = {by: term, "count": count, "percent": round(100 * count / total, 2), "rank": rank}
            if forms is not None:
                row["words"] = spelt[term]
            if per is not None:
                row = {_GROUP_COLUMN[per]: name, **row}
            rows.append(row)
    columns = (([_GROUP_COLUMN[per]] if per else []) + [by, "count", "percent", "rank"]
               + (["words"] if by == "lemma" else []))
    return pd.DataFrame(rows, columns=columns)


def _spellings(forms: Counter, terms: set[str], most: int = 5) -> dict[str, str]:
    """For each lemma of ``terms``, the words counted under it, most frequent first ("partners,
    partner"): what the text says, where a lemma can read oddly ("develope" for "developing")."""
    found: dict[str, list[tuple[int, str]]] = {term: [] for term in terms}
    for (term, word), n in forms.items():
        if term in found:
            found[term].append((-n, word))
    return {term: ", ".join(word for _, word in sorted(pairs)[:most]) + (", ..." if len(pairs) > most else "")
            for term, pairs in found.items()}


_PARAMS = ("by", "per", "stop_words", "extra_stop_words", "top", "studies", "sources", "where", "reviewer")


def _run_saved(project: "Project", params: Mapping[str, Any]) -> "pd.DataFrame":
    unknown = sorted(set(params) - set(_PARAMS))
    if unknown:
        raise ActionError(f"a saved word count takes only {', '.join(_PARAMS)} (not {', '.join(unknown)})")
    return word_frequencies(project, **params)


from .saved import register_kind  # noqa: E402

register_kind("words", _run_saved)
