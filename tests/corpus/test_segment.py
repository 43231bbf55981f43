"""Sentence and paragraph segmentation, and its per-source cache."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from synthesis.corpus import segment as segmod
from synthesis.corpus.segment import (
    SegmentCache, load_pipeline, paragraphs, pipeline_id, segment_many, segment_text,
)
from synthesis.project import Project

TEXT = (
    "Partnership working depended on trust. When funding ended, trust evaporated! Did staff notice?\n"
    "They did.\n"
    "\n"
    "Managers reported three barriers:\n"
    "- lack of time\n"
    "- staff turnover\n"
    "\u2022 unclear roles\n"
    "1. first numbered point\n"
    "2) second numbered point\n"
    "   \n"
    "Café owners said naïve plans 👍 failed. The end."
)


def texts_of(text: str, segs) -> list[str]:
    return [text[s.start:s.end] for s in segs]


@pytest.fixture(scope="module")
def nlp():
    return load_pipeline()


class CountingPipeline:
    """Wraps a spaCy pipeline and counts the texts it is asked to process."""

    def __init__(self, nlp) -> None:
        self._nlp = nlp
        self.calls = 0
        self.texts = 0

    def __getattr__(self, name):
        return getattr(self._nlp, name)

    def pipe(self, items, **kwargs):
        self.calls += 1
        for item in self._nlp.pipe(items, **kwargs):
            self.texts += 1
            yield item


# ------------------------------------------------------------------ paragraphs
def test_paragraphs() -> None:
    assert paragraphs("") == [] and paragraphs(" \n\n \t") == []
    assert paragraphs("one") == [(0, 3)]
    assert paragraphs("  one\ntwo\n\n\nthree ") == [(2, 9), (12, 17)]
    # white space at the end of a line, or on the blank line, still separates paragraphs
    text = "First para.  \n\t\nSecond para. \n \nThird."
    assert [text[a:b] for a, b in paragraphs(text)] == ["First para.", "Second para.", "Third."]


# ------------------------------------------------------------------ sentences
def test_segments_slice_out_sentences_exactly(nlp) -> None:
    segs = segment_text("s1", TEXT, nlp)
    assert texts_of(TEXT, segs) == [
        "Partnership working depended on trust.",
        "When funding ended, trust evaporated!",
        "Did staff notice?",
        "They did.",
        "Managers reported three barriers:",
        "- lack of time",
        "- staff turnover",
        "\u2022 unclear roles",
        "1. first numbered point",
        "2) second numbered point",
        "Café owners said naïve plans 👍 failed.",
        "The end.",
    ]
    assert [s.index for s in segs] == list(range(len(segs)))
    assert [s.paragraph for s in segs] == [0, 0, 0, 0] + [1] * 6 + [2, 2]
    assert all(s.source_id == "s1" for s in segs)
    starts = [s.start for s in segs]
    assert starts == sorted(starts)
    assert all(a.end <= b.start for a, b in zip(segs, segs[1:]))


def test_bullets_after_a_sentence_in_the_same_paragraph(nlp) -> None:
    text = "Intro sentence here. Items are:\n- one thing\n- two thing"
    assert texts_of(text, segment_text("s", text, nlp)) == [
        "Intro sentence here.", "Items are:", "- one thing", "- two thing"]


def test_numbered_items_keep_their_marker(nlp) -> None:
    text = "1. Trust first. It grew.\n2. Then reciprocity\n10) Tenth"
    assert texts_of(text, segment_text("s", text, nlp)) == [
        "1. Trust first.", "It grew.", "2. Then reciprocity", "10) Tenth"]
    # a number ending a sentence mid-line is not a list marker
    text = "Findings fell into group 2. Trust was one."
    assert texts_of(text, segment_text("s", text, nlp)) == ["Findings fell into group 2.", "Trust was one."]


def test_hyphen_inside_a_line_is_not_a_bullet(nlp) -> None:
    text = "A well-known - and long - sentence about co-production."
    assert texts_of(text, segment_text("s", text, nlp)) == [text]


def test_sentence_starts_agree_with_doc_sents(nlp) -> None:
    for text in (TEXT, "One. Two? Three!", "x", "Dr. Smith said so. Then left...  Quickly."):
        doc = nlp(text)  # the whole pipeline, lemmatizer included
        assert segmod._sentence_starts(doc) == [s.start_char for s in doc.sents]


def test_segment_many_keeps_sources_apart(nlp) -> None:
    out = segment_many([("a", "One. Two."), ("b", "Three.\n\nFour."), ("c", "   ")], nlp)
    assert {k: texts_of(t, out[k]) for k, t in (("a", "One. Two."), ("b", "Three.\n\nFour."))} == {
        "a": ["One.", "Two."], "b": ["Three.", "Four."]}
    assert out["c"] == []
    assert [s.paragraph for s in out["b"]] == [0, 1]


@settings(max_examples=30, deadline=None)
@given(st.lists(st.one_of(
    st.sampled_from(["Trust grew.", "It fell!", "Why?", "\n", "\n\n", "- item", "  ", "👍", "e\u0301", "Zürich"]),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=15),
), max_size=20))
def test_segments_are_trimmed_ordered_and_inside_the_text(parts) -> None:
    text = "".join(parts).replace("\r", "\n")
    segs = segment_text("s", text)
    blocks = paragraphs(text)
    for seg in segs:
        piece = text[seg.start:seg.end]
        assert piece and piece == piece.strip()
        a, b = blocks[seg.paragraph]
        assert a <= seg.start < seg.end <= b
    assert all(x.end <= y.start for x, y in zip(segs, segs[1:]))
    # every non-space character is in some segment
    covered = set()
    for seg in segs:
        covered.update(range(seg.start, seg.end))
    assert all(i in covered for i, ch in enumerate(text) if not ch.isspace())


# ------------------------------------------------------------------ cache
@pytest.fixture
def project(tmp_path: Path, nlp):
    counting = CountingPipeline(nlp)
    with Project.init(tmp_path / "p", reviewer="AG", nlp=counting) as p:
        p.add_text(TEXT, title="One", source_id="one")
        p.add_text("Second source. Short.", title="Two", source_id="two")
        yield p, counting


def test_project_segments(project) -> None:
    p, _ = project
    segs = p.segments()
    assert [s.source_id for s in segs] == ["one"] * 12 + ["two"] * 2
    assert p.segments("two") == segs[-2:]
    for seg in segs:
        assert p.text(seg.source_id)[seg.start:seg.end].strip()


def test_cache_hit_does_not_call_spacy_again(project, monkeypatch: pytest.MonkeyPatch, nlp) -> None:
    p, counting = project
    first = p.segments()
    assert counting.calls == 1  # both sources in one stream
    assert p.segments() == first and counting.calls == 1  # memory hit
    cached = p.root / "corpus" / ".cache" / "segments"
    assert sorted(f.name for f in cached.glob("*.json")) == ["one.json", "two.json"]
    record = json.loads((cached / "one.json").read_text())
    assert record["pipeline"] == pipeline_id(nlp) and len(record["segments"]) == 12

    def no_spacy(*args, **kwargs):
        raise AssertionError("spaCy was called although the cache is fresh")

    monkeypatch.setattr(segmod, "segment_many", no_spacy)
    fresh = CountingPipeline(nlp)
    with Project.open(p.root, nlp=fresh) as again:  # disk hit, new process-like cache
        assert again.segments() == first
    assert fresh.calls == 0


def test_cache_invalidated_when_text_changes(project) -> None:
    p, counting = project
    p.segments()
    changed = "A new first sentence. " + TEXT
    p.add_text(changed, title="One", source_id="one")
    segs = p.segments("one")
    assert counting.calls == 2
    assert texts_of(changed, segs)[0] == "A new first sentence."
    assert len(segs) == 13
    assert p.segments("two") and counting.calls == 2  # the unchanged source is not redone
    with Project.open(p.root, nlp=counting) as again:
        assert again.segments("one") == segs and counting.calls == 2


def test_stale_or_damaged_cache_files_are_rebuilt(tmp_path: Path, nlp) -> None:
    counting = CountingPipeline(nlp)
    cache = SegmentCache(tmp_path, counting)
    first = cache.get("s", "One. Two.")
    path = tmp_path / "corpus" / ".cache" / "segments" / "s.json"
    record = json.loads(path.read_text())
    record["pipeline"] = "some-other-pipeline"
    path.write_text(json.dumps(record))
    assert SegmentCache(tmp_path, counting).get("s", "One. Two.") == first and counting.calls == 2
    path.write_text("{not json")
    assert SegmentCache(tmp_path, counting).get("s", "One. Two.") == first and counting.calls == 3


def test_chunked_segmentation_equals_whole_documents():
    """Cutting a source at paragraph breaks before spaCy sees it changes no segment."""
    from synthesis.corpus.segment import segment_many

    paragraph = ("Partners met weekly. Trust grew slowly (over months)! Did it last? "
                 "A heading without a stop\n")
    text = "\n\n".join(f"{n}. {paragraph}" * (1 + n % 3) for n in range(60))
    whole = segment_many([("s", text)], limit=10 ** 9)["s"]
    chunked = segment_many([("s", text)], limit=500)["s"]
    assert chunked == whole and len(whole) > 200


def test_a_source_longer_than_spacys_limit_segments(tmp_path):
    """A report of over a million characters, and one of 1.5 million with no line break."""
    from synthesis.corpus.segment import segment_many

    long_report = "\n\n".join(["Partners met weekly and agreed what each would do. " * 8] * 2_700)
    one_line = "Partners met weekly and agreed what each would do. " * 30_000
    assert len(long_report) > 1_050_000 and len(one_line) > 1_500_000 and "\n" not in one_line
    segs = segment_many([("report", long_report), ("line", one_line)])
    assert len(segs["report"]) == 8 * 2_700 and len(segs["line"]) == 30_000
    for sid, text in (("report", long_report), ("line", one_line)):
        assert all(text[s.start:s.end].startswith("Partners") for s in segs[sid][:50] + segs[sid][-50:])


# a web page's text, as reviewers paste it: one line break ends each paragraph, headings have no full stop
WEB_PAGE = ("The Purpose of Partnership Working\n"
            "Partnership working creates a joined-up approach where all those involved share information. "
            "It avoids duplication and gaps in support.\n"
            "The purposes include:\n"
            "- To provide a consistent approach\n"
            "- To agree on realistic goals\n"
            "Key Partners in Supporting Children\n"
            "Different partners bring different expertise and perspectives to the child's support plan.")
# the same kind of prose hard-wrapped at a fixed width, with no blank line either
WRAPPED = ("Partnership working creates a joined-up approach where all those\n"
           "involved share information and agree on strategies, and take action\n"
           "together. It avoids duplication and gaps in support, so that the child\n"
           "receives consistent help across the different settings they attend.\n")


def test_a_text_without_blank_lines_has_a_paragraph_per_line_and_its_headings_stand_alone():
    segs = segment_text("web", WEB_PAGE)
    texts = [WEB_PAGE[s.start:s.end] for s in segs]
    assert texts[0] == "The Purpose of Partnership Working"  # not glued to the sentence under it
    assert "Key Partners in Supporting Children" in texts
    assert [s.paragraph for s in segs] == [0, 1, 1, 2, 3, 3, 4, 5]
    assert texts[4:6] == ["- To provide a consistent approach", "- To agree on realistic goals"]  # one paragraph


def test_hard_wrapped_prose_keeps_its_sentences_whole():
    segs = segment_text("wrapped", WRAPPED)
    texts = [" ".join(WRAPPED[s.start:s.end].split()) for s in segs]
    assert texts == ["Partnership working creates a joined-up approach where all those involved share information "
                     "and agree on strategies, and take action together.",
                     "It avoids duplication and gaps in support, so that the child receives consistent help across "
                     "the different settings they attend."]
