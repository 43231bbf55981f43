"""Paragraph and sentence segmentation with spaCy, cached per source.

spaCy stays inside this module: the rest of the package sees
:class:`~synthesis.records.Segment` records with exact character offsets.
The default pipeline needs no download: a blank English pipeline with the
rule-based sentencizer and the lookup lemmatizer of spacy-lookups-data. When
a trained English pipeline (``en_core_web_sm`` and friends) is installed, it
is used instead.

>>> segs = segment_text("s1", "Trust grew. It took time.\\n\\nA second paragraph.")
>>> [(s.paragraph, s.start, s.end) for s in segs]
[(0, 0, 11), (0, 12, 25), (1, 27, 46)]
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from ..records import Segment
from .store import sha256

RULES = 3  # raise when paragraph or list rules change: older cached segments are then rebuilt
TRAINED = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf")
_GAP = re.compile(r"\n[^\S\n]*\n\s*")  # a blank line and the white space around it
_TRIM = re.compile(r"\S(?:.*\S)?", re.S)
_ITEM = re.compile(r"\n(?=[ \t]*(?:[-*\u2022\u25cf]|\d{1,2}[.)])\s)")
# components whose output segmentation does not use: skipped while segmenting
UNUSED = ("lemmatizer", "attribute_ruler", "tagger", "morphologizer", "ner", "entity_ruler")
_MARKER = re.compile(r"^[ \t]*(?:[-*\u2022\u25cf]|\d{1,2}[.)])[ \t]+", re.M)
#: The most characters spaCy is given at once (its own limit, max_length, is 1,000,000).
CHUNK = 100_000
_SENTENCE_END = re.compile(r"[.!?][\"')\]\u201d\u2019]*\s+")
_SPACE = re.compile(r"\s+")


@lru_cache(maxsize=4)
def load_pipeline(name: str | None = None):  # -> spacy.language.Language
    """The segmentation pipeline: ``name``, else a trained English one if
    installed, else blank English + sentencizer + lookup lemmatizer."""
    import spacy

    if name is None:
        name = next((n for n in TRAINED if spacy.util.is_package(n)), "blank")
    if name != "blank":
        return spacy.load(name, exclude=["ner"])
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()
    return nlp


def pipeline_id(nlp) -> str:
    """A short id of a pipeline (and of this module's rules), stored with cached segments."""
    import spacy

    meta = nlp.meta
    return (f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}|{'+'.join(nlp.pipe_names)}"
            f"|spacy-{spacy.__version__}|rules-{RULES}")


#: A text with no blank line but at least this many line breaks marks its paragraphs with single ones.
LINE_BREAKS = 3
_LINE_END = re.compile(r"[.!?:\u2026][\"')\]\u201d\u2019]*[ \t]*$")
_OPEN_END = re.compile(r"[,;\-\u2013\u2014(\[/&]\s*$")


def line_breaks(text: str) -> list[int] | None:
    """In a text with no blank line at all (a web page or a word processor's text that ends each
    paragraph with one line break), the line breaks that end a paragraph: after a line ending a
    sentence (or a colon), after a short line (under 60% of the usual line, or of the next
    one: a heading) that does not end in a comma or a dash, and after the last item of a list
    when a line starting with a capital follows it unindented. None for any other text: blank lines part its paragraphs.
    A text hard-wrapped at a fixed width keeps its paragraphs whole, except where a wrapped line
    happens to end a sentence (never inside a sentence).

    >>> text = "Partnership Working\\nTrust grew over the years, slowly.\\nThe purposes:\\n- one\\n- two"
    >>> [text[i + 1:i + 6] for i in line_breaks(text)]
    ['Trust', 'The p', '- one', '- two']
    >>> line_breaks("One.\\n\\nTwo.\\nThree.\\nFour.\\nFive."), line_breaks("One.\\nTwo.")
    (None, None)
    """
    if text.count("\n") < LINE_BREAKS or _GAP.search(text):
        return None
    lines = text.split("\n")
    lengths = sorted(len(line.strip()) for line in lines if line.strip())
    usual = lengths[len(lengths) // 2] if lengths else 0
    out, at = [], 0
    for line, after in zip(lines, lines[1:]):
        at += len(line)
        body = line.strip()
        short = len(body) < 0.6 * max(usual, len(after.strip()))
        list_ends = _MARKER.match(line) is not None and _MARKER.match(after) is None and after[:1].isupper()
        if body and (_LINE_END.search(body) or list_ends or (short and not _OPEN_END.search(body))):
            out.append(at)
        at += 1
    return out


def line_paragraphs(text: str) -> list[tuple[int, int]] | None:
    """The trimmed spans between the line breaks :func:`line_breaks` finds, or None for a text
    whose paragraphs blank lines part.

    >>> line_paragraphs("Aims\\nTrust grew.\\nIt took time\\nand money."), line_paragraphs("One.\\n\\nTwo.")
    ([(0, 4), (5, 16), (17, 40)], None)
    """
    breaks = line_breaks(text)
    if breaks is None:
        return None
    out, pos = [], 0
    for end in (*breaks, len(text)):
        block = _TRIM.search(text, pos, end)
        if block:
            out.append(block.span())
        pos = end + 1
    return out


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of blank-line separated blocks (or of the lines :func:`line_breaks` finds), trimmed of
    surrounding space.

    >>> paragraphs("  one\\ntwo\\n\\n\\nthree ")
    [(2, 9), (12, 17)]
    >>> paragraphs("7\\n\\nNext page.")
    [(0, 1), (3, 13)]
    >>> paragraphs("Aims\\nTrust grew.\\nIt took time\\nand money.")
    [(0, 4), (5, 16), (17, 40)]
    """
    lines = line_paragraphs(text)
    if lines is not None:
        return lines
    out = []
    pos = 0
    for gap in (*_GAP.finditer(text), None):
        end = gap.start() if gap else len(text)
        block = _TRIM.search(text, pos, end)
        if block:
            out.append(block.span())
        if gap:
            pos = gap.end()
    return out


def _sentence_starts(doc) -> list[int]:
    """Character offsets (in ``doc``) where spaCy starts a sentence.

    Reads the sentence-start flags as one array: ``doc.sents`` (and
    ``doc.text``) build a Python object per token, which is slow.
    """
    if "sents" in doc.user_hooks or len(doc) == 0:
        return [s.start_char for s in doc.sents] if len(doc) else []
    from spacy.attrs import IDX, SENT_START

    table = doc.to_array([IDX, SENT_START])
    table[0, 1] = 1  # the first token always starts a sentence
    return table[table[:, 1] == 1, 0].tolist()


def _sentences(starts: Iterable[int], base: int, para: str) -> Iterator[tuple[int, int]]:
    """Segments of one paragraph ``para`` at ``base``, given spaCy's sentence starts in it."""
    # a list item on its own line is a segment even without a full stop, and
    # its marker ("1.") is not a sentence of its own
    after_marker = {m.end() for m in _MARKER.finditer(para)}
    cuts = {0, len(para)}
    cuts.update(s for s in starts if s not in after_marker)
    cuts.update(m.start() + 1 for m in _ITEM.finditer(para))
    ordered = sorted(cuts)
    for a, b in zip(ordered, ordered[1:]):
        piece = para[a:b]
        stripped = piece.strip()
        if stripped:
            lead = len(piece) - len(piece.lstrip())
            yield base + a + lead, base + a + lead + len(stripped)


def _cut_point(text: str, start: int, limit: int) -> int:
    """Where to cut an over-long paragraph ``text[start:]`` at most ``limit`` characters in:
    after the last sentence end before the limit, else at the last space, else at the limit.

    >>> _cut_point("One. Two three. Four", 0, 12)
    5
    >>> _cut_point("aaaa bbbb cccc", 0, 12)
    10
    """
    window = text[start:start + limit]
    for pattern in (_SENTENCE_END, _SPACE):
        found = [m.end() for m in pattern.finditer(window)]
        if found and found[-1] > limit // 4:
            return start + found[-1]
    return start + limit


def chunks(text: str, limit: int = CHUNK) -> list[tuple[int, int]]:
    """Spans of ``text`` of at most ``limit`` characters, cut at paragraph breaks.

    Every span starts at a paragraph; a paragraph longer than ``limit`` (a file with no
    line breaks) is cut after a sentence end where it can be. spaCy then never sees a
    document longer than ``limit``, however long the source.

    >>> chunks("one\\n\\ntwo\\n\\nthree four five", limit=10)
    [(0, 8), (10, 16), (16, 25)]
    """
    out: list[tuple[int, int]] = []
    first: int | None = None
    last = 0
    for a, b in paragraphs(text):
        if first is not None and b - first > limit:
            out.append((first, last))
            first = None
        while b - a > limit:  # one paragraph longer than a chunk
            cut = _cut_point(text, a, limit)
            out.append((a, cut))
            a = cut
        if first is None:
            first = a
        last = b
    if first is not None:
        out.append((first, last))
    return out


def segment_many(items: Iterable[tuple[str, str]], nlp=None, *, limit: int = CHUNK) -> dict[str, list[Segment]]:
    """Segment several ``(source_id, text)`` pairs in one spaCy stream.

    Each text goes to spaCy in chunks of whole paragraphs (:func:`chunks`; a source
    shorter than ``limit`` is one document, as plain ``nlp.pipe`` would take it); the
    sentences are then cut at paragraph breaks and list items. The sentencizer decides
    each boundary from the tokens on either side, and a blank line is a token of its
    own, so this gives the same sentences as piping paragraph by paragraph.
    """
    nlp = nlp or load_pipeline()
    texts = dict(items)
    out: dict[str, list[Segment]] = {sid: [] for sid in texts}
    skip = [name for name in nlp.pipe_names if name in UNUSED]
    found: dict[str, list[int]] = {sid: [] for sid in texts}
    jobs = ((text[a:b], (sid, a)) for sid, text in texts.items() for a, b in chunks(text, limit))
    for doc, (sid, base) in nlp.pipe(jobs, as_tuples=True, batch_size=64, disable=skip):
        found[sid].extend(base + s for s in _sentence_starts(doc))
    for sid, text in texts.items():
        starts = found[sid]
        segs = out[sid]
        i = 0
        for number, (a, b) in enumerate(paragraphs(text)):
            while i < len(starts) and starts[i] < a:
                i += 1
            j = i
            while j < len(starts) and starts[j] < b:
                j += 1
            inside = [s - a for s in starts[i:j]]
            i = j
            for start, end in _sentences(inside, a, text[a:b]):
                segs.append(Segment(sid, len(segs), number, start, end))
    return out


def segment_text(source_id: str, text: str, nlp=None) -> list[Segment]:
    """Segment one text."""
    return segment_many([(source_id, text)], nlp)[source_id]


class SegmentCache:
    """Segments of a project's sources, recomputed only when a text changes.

    Cache files live in ``corpus/.cache/segments/`` (not shared: any machine
    can rebuild them) and are keyed by the text's hash and the pipeline id.
    """

    def __init__(self, root: Path, nlp=None) -> None:
        self.folder = Path(root) / "corpus" / ".cache" / "segments"
        self._nlp = nlp
        self._memory: dict[str, tuple[str, list[Segment]]] = {}

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_pipeline()
        return self._nlp

    def _load(self, source_id: str, digest: str) -> list[Segment] | None:
        hit = self._memory.get(source_id)
        if hit and hit[0] == digest:
            return hit[1]
        path = self.folder / f"{source_id}.json"
        if not path.exists():
            return None
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            return None
        if record.get("sha256") != digest or record.get("pipeline") != pipeline_id(self.nlp):
            return None
        segs = [Segment(source_id, i, p, a, b) for i, (p, a, b) in enumerate(record["segments"])]
        self._memory[source_id] = (digest, segs)
        return segs

    def get_many(self, texts: dict[str, str]) -> dict[str, list[Segment]]:
        """Segments for each ``source_id -> text``, computing only what changed."""
        out: dict[str, list[Segment]] = {}
        todo: dict[str, str] = {}
        digests = {sid: sha256(text) for sid, text in texts.items()}
        for sid, text in texts.items():
            segs = self._load(sid, digests[sid])
            if segs is None:
                todo[sid] = text
            else:
                out[sid] = segs
        if todo:
            fresh = segment_many(todo.items(), self.nlp)
            pid = pipeline_id(self.nlp)
            for sid, segs in fresh.items():
                record = {"sha256": digests[sid], "pipeline": pid,
                          "segments": [[s.paragraph, s.start, s.end] for s in segs]}
                _write_cache(self.folder / f"{sid}.json", json.dumps(record, separators=(",", ":")).encode())
                self._memory[sid] = (digests[sid], segs)
                out[sid] = segs
        return out

    def get(self, source_id: str, text: str) -> list[Segment]:
        return self.get_many({source_id: text})[source_id]


def _write_cache(path: Path, data: bytes) -> None:
    """Replace a cache file in one rename, without fsync: a cache file lost or
    cut short by a crash fails to parse or to match and is simply rebuilt."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


# ------------------------------------------------------------------ tokens
TOKEN_RULES = 2  # raise when token records change: older cached tokens are then rebuilt
#: components word tokens do not need: skipped while tokenizing
TOKEN_UNUSED = ("sentencizer", "senter", "parser", "ner", "entity_ruler")


@dataclass(frozen=True)
class Tokens:
    """The word tokens of one text as plain columns (white space left out).

    ``starts``/``ends`` are code-point offsets (end exclusive), ``lower`` the
    token's text in lower case, ``lemma`` its lemma in lower case, and
    ``stop``/``punct`` say whether it is a stop word or punctuation.

    >>> toks = tokenize_text("Partnerships grew.")
    >>> list(toks)[0]
    Token(start=0, end=12, lower='partnerships', lemma='partnership', stop=False, punct=False)
    """

    starts: tuple[int, ...] = ()
    ends: tuple[int, ...] = ()
    lower: tuple[str, ...] = ()
    lemma: tuple[str, ...] = ()
    stop: tuple[bool, ...] = ()
    punct: tuple[bool, ...] = ()

    def __len__(self) -> int:
        return len(self.starts)

    def __iter__(self) -> Iterator["Token"]:
        return map(Token, self.starts, self.ends, self.lower, self.lemma, self.stop, self.punct)


class Token(NamedTuple):
    """One word token: a plain record, no spaCy object."""

    start: int
    end: int
    lower: str
    lemma: str
    stop: bool
    punct: bool


def _lemma_table(nlp):
    """The lookup lemmatizer's table (to lemmatize capitalised words by their lower case), or None."""
    if "lemmatizer" not in nlp.pipe_names:
        return None
    try:
        return nlp.get_pipe("lemmatizer").lookups.get_table("lemma_lookup")
    except (AttributeError, KeyError, ValueError):
        return None


def tokenize_many(items: Iterable[tuple[str, str]], nlp=None, *, limit: int = CHUNK) -> dict[str, Tokens]:
    """Word tokens of several ``(source_id, text)`` pairs, in one spaCy stream.

    Texts go to spaCy in the same paragraph chunks as :func:`segment_many`.
    """
    from spacy.attrs import IDX, IS_PUNCT, IS_SPACE, IS_STOP, LEMMA, LENGTH, LOWER

    nlp = nlp or load_pipeline()
    texts = dict(items)
    strings = nlp.vocab.strings
    table = _lemma_table(nlp)
    skip = [name for name in nlp.pipe_names if name in TOKEN_UNUSED]
    names: dict[int, str] = {}
    lemmas: dict[tuple[int, int], str] = {}
    columns: dict[str, tuple[list, ...]] = {sid: ([], [], [], [], [], []) for sid in texts}
    jobs = ((text[a:b], (sid, a)) for sid, text in texts.items() for a, b in chunks(text, limit))
    for doc, (sid, base) in nlp.pipe(jobs, as_tuples=True, batch_size=64, disable=skip):
        if not len(doc):
            continue
        starts, ends, lower, lemma, stop, punct = columns[sid]
        array = doc.to_array([IDX, LENGTH, LOWER, LEMMA, IS_STOP, IS_PUNCT, IS_SPACE])
        for idx, length, low, lem, is_stop, is_punct, is_space in array.tolist():
            if is_space:
                continue
            word = names.get(low)
            if word is None:
                word = names[low] = strings[low]
            key = (low, lem)
            root = lemmas.get(key)
            if root is None:
                root = strings[lem].lower() or word  # a pipeline without a lemmatizer: the word itself
                if root == word and table is not None:
                    root = str(table.get(word, word)).lower()
                lemmas[key] = root
            starts.append(base + idx)
            ends.append(base + idx + length)
            lower.append(word)
            lemma.append(root)
            stop.append(bool(is_stop))
            punct.append(bool(is_punct))
    return {sid: Tokens(*(tuple(c) for c in cols)) for sid, cols in columns.items()}


def tokenize_text(text: str, nlp=None) -> Tokens:
    """Word tokens of one text."""
    return tokenize_many([("text", text)], nlp)["text"]


class TokenCache:
    """Word tokens of a project's sources, recomputed only when a text changes.

    Cache files live in ``corpus/.cache/tokens/`` (git-ignored, rebuilt on demand),
    keyed like the segment cache by the text's hash and the pipeline id.
    """

    def __init__(self, root: Path, nlp=None) -> None:
        self.folder = Path(root) / "corpus" / ".cache" / "tokens"
        self._nlp = nlp

    @property
    def nlp(self):
        if self._nlp is None:
            self._nlp = load_pipeline()
        return self._nlp

    def _pipeline(self) -> str:
        return f"{pipeline_id(self.nlp)}|tokens-{TOKEN_RULES}"

    def _load(self, source_id: str, digest: str) -> Tokens | None:
        path = self.folder / f"{source_id}.json"
        if not path.exists():
            return None
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            if record.get("sha256") != digest or record.get("pipeline") != self._pipeline():
                return None
            pool: dict[str, str] = {}  # one string object per distinct word, as when tokenizing
            lower = [pool.setdefault(w, w) for w in record["lower"]]
            lemma = [pool.setdefault(b, b) if b else a for a, b in zip(lower, record["lemma"])]
            flags = record["flags"]
            return Tokens(tuple(record["starts"]), tuple(record["ends"]), tuple(lower), tuple(lemma),
                          tuple([f & 1 == 1 for f in flags]), tuple([f & 2 == 2 for f in flags]))
        except (ValueError, KeyError, TypeError):
            return None

    def get_many(self, texts: dict[str, str], digests: dict[str, str] | None = None) -> dict[str, Tokens]:
        """Tokens for each ``source_id -> text``, computing only what changed."""
        digests = digests or {sid: sha256(text) for sid, text in texts.items()}
        out: dict[str, Tokens] = {}
        todo: dict[str, str] = {}
        for sid, text in texts.items():
            found = self._load(sid, digests[sid])
            if found is None:
                todo[sid] = text
            else:
                out[sid] = found
        if todo:
            for sid, toks in tokenize_many(todo.items(), self.nlp).items():
                record = {"sha256": digests[sid], "pipeline": self._pipeline(),
                          "starts": toks.starts, "ends": toks.ends, "lower": toks.lower,
                          "lemma": [b if b != a else "" for a, b in zip(toks.lower, toks.lemma)],
                          "flags": [int(s) | 2 * int(p) for s, p in zip(toks.stop, toks.punct)]}
                _write_cache(self.folder / f"{sid}.json",
                             json.dumps(record, separators=(",", ":"), ensure_ascii=False).encode())
                out[sid] = toks
        return out


def default_stop_words(nlp=None) -> frozenset[str]:
    """The pipeline's own stop-word list (spaCy's English list for the default pipeline).

    >>> {"the", "and"} <= default_stop_words()
    True
    """
    nlp = nlp or load_pipeline()
    return frozenset(w.lower() for w in nlp.Defaults.stop_words)
