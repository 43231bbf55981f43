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
import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path

from ..records import Segment
from .store import atomic_write, sha256

TRAINED = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf")
_BLOCK = re.compile(r"\S(?:.*?\S)?(?=[^\S\n]*\n[^\S\n]*\n|\s*\Z)", re.S)
_ITEM = re.compile(r"\n(?=[ \t]*(?:[-*\u2022\u25cf]|\d{1,2}[.)])\s)")


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
    """A short id of a pipeline, stored with cached segments."""
    import spacy

    meta = nlp.meta
    return f"{meta.get('lang')}_{meta.get('name')}-{meta.get('version')}|{'+'.join(nlp.pipe_names)}|spacy-{spacy.__version__}"


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of blank-line separated blocks, trimmed of surrounding space.

    >>> paragraphs("  one\\ntwo\\n\\n\\nthree ")
    [(2, 9), (12, 17)]
    """
    return [(m.start(), m.end()) for m in _BLOCK.finditer(text)]


def _sentences(doc, base: int, text: str) -> Iterator[tuple[int, int]]:
    for sent in doc.sents:
        start, end = base + sent.start_char, base + sent.end_char
        # a list item on its own line is a segment even without a full stop
        cuts = [start] + [start + m.start() + 1 for m in _ITEM.finditer(sent.text)] + [end]
        for a, b in zip(cuts, cuts[1:]):
            piece = text[a:b]
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip())
                yield a + lead, a + lead + len(stripped)


def segment_many(items: Iterable[tuple[str, str]], nlp=None) -> dict[str, list[Segment]]:
    """Segment several ``(source_id, text)`` pairs in one spaCy stream."""
    nlp = nlp or load_pipeline()
    texts = dict(items)
    jobs = (
        (text[a:b], (sid, number, a))
        for sid, text in texts.items()
        for number, (a, b) in enumerate(paragraphs(text))
    )
    out: dict[str, list[Segment]] = {sid: [] for sid in texts}
    for doc, (sid, number, base) in nlp.pipe(jobs, as_tuples=True, batch_size=256):
        segs = out[sid]
        for start, end in _sentences(doc, base, texts[sid]):
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
                atomic_write(self.folder / f"{sid}.json", json.dumps(record, separators=(",", ":")).encode())
                self._memory[sid] = (digests[sid], segs)
                out[sid] = segs
        return out

    def get(self, source_id: str, text: str) -> list[Segment]:
        return self.get_many({source_id: text})[source_id]
