"""Anchors: validation, and finding a quote again after the text changed."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from synthesis.anchoring import CONTEXT, is_anchored, make_anchor, reanchor
from synthesis.errors import ActionError
from synthesis.records import Anchor

TEXT = ("Partnership working depended on trust between agencies. When funding ended, "
        "trust and reciprocity evaporated and staff stopped attending meetings.")


def span_of(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    at = -1
    for _ in range(nth + 1):
        at = text.index(phrase, at + 1)
    return at, at + len(phrase)


# ------------------------------------------------------------------ make_anchor
def test_make_anchor_parts() -> None:
    start, end = span_of(TEXT, "trust and reciprocity")
    anchor = make_anchor("s1", TEXT, start, end)
    assert anchor == Anchor("s1", start, end, "trust and reciprocity",
                            TEXT[start - CONTEXT:start], TEXT[end:end + CONTEXT])
    assert anchor.length == end - start
    assert is_anchored(anchor, TEXT)


def test_make_anchor_context_clipped_at_edges() -> None:
    anchor = make_anchor("s1", "Trust grew.", 0, 11, context=5)
    assert (anchor.prefix, anchor.suffix) == ("", "")
    anchor = make_anchor("s1", "Trust grew.", 6, 10, context=3)
    assert (anchor.quote, anchor.prefix, anchor.suffix) == ("grew", "st ", ".")


@pytest.mark.parametrize(
    "start, end, message",
    [
        (5, 5, "not a non-empty span"),
        (6, 5, "not a non-empty span"),
        (-1, 4, "not a non-empty span"),
        (0, len(TEXT) + 1, "not a non-empty span"),
        (1.0, 4, "must be integers"),
        ("1", 4, "must be integers"),
        (None, 4, "must be integers"),
    ],
)
def test_make_anchor_rejects_bad_spans(start, end, message) -> None:
    with pytest.raises(ActionError, match=message) as caught:
        make_anchor("s1", TEXT, start, end)
    if "non-empty" in message:
        assert "'s1'" in str(caught.value) and f"0-{len(TEXT)}" in str(caught.value)


def test_make_anchor_rejects_white_space() -> None:
    text = "One.  \n\t Two."
    with pytest.raises(ActionError, match="only white space"):
        make_anchor("s1", text, 4, 9)


# ------------------------------------------------------------------ reanchor
def test_unchanged_text_keeps_the_same_anchor() -> None:
    anchor = make_anchor("s1", TEXT, *span_of(TEXT, "trust"))
    assert reanchor(anchor, TEXT) is anchor


def test_reanchor_after_insertion_before_the_quote() -> None:
    anchor = make_anchor("s1", TEXT, *span_of(TEXT, "reciprocity evaporated"))
    insert = "Background: a long new introductory paragraph was added.\n\n"
    new = insert + TEXT
    moved = reanchor(anchor, new)
    assert moved is not None
    assert moved.start == anchor.start + len(insert) and moved.end == anchor.end + len(insert)
    assert new[moved.start:moved.end] == anchor.quote == moved.quote
    assert moved.prefix == anchor.prefix and moved.suffix == anchor.suffix


def test_reanchor_after_edits_inside_the_context() -> None:
    anchor = make_anchor("s1", TEXT, *span_of(TEXT, "evaporated"))
    new = TEXT.replace("When funding ended", "Once the money stopped")
    moved = reanchor(anchor, new)
    assert new[moved.start:moved.end] == "evaporated"
    assert moved.prefix == new[moved.start - len(anchor.prefix):moved.start]
    assert moved.suffix == new[moved.end:moved.end + len(anchor.suffix)]


def test_reanchor_after_white_space_rewrap() -> None:
    start, end = span_of(TEXT, "trust and reciprocity evaporated and staff")
    anchor = make_anchor("s1", TEXT, start, end)
    rewrapped = TEXT.replace("reciprocity evaporated", "reciprocity\n  evaporated").replace(" and staff", "  and\nstaff")
    moved = reanchor(anchor, rewrapped)
    assert moved is not None
    assert rewrapped[moved.start:moved.end] == moved.quote
    assert moved.quote.split() == anchor.quote.split()
    assert moved.quote == "trust and reciprocity\n  evaporated  and\nstaff"


@pytest.mark.parametrize("nth", [0, 1, 2])
def test_ambiguous_duplicates_resolved_by_context(nth: int) -> None:
    contexts = [("Early on, ", " was high. "), ("Later, ", " fell sharply. "), ("Finally, ", " returned. ")]
    text = "".join(f"{before}trust{after}" for before, after in contexts)
    anchor = make_anchor("s1", text, *span_of(text, "trust", nth), context=10)
    # shuffle the paragraphs around and add text in front: offsets are useless now
    order = [2, 0, 1]
    new = "Preface. " + "".join(f"{contexts[i][0]}trust{contexts[i][1]}" for i in order)
    moved = reanchor(anchor, new)
    position = order.index(nth)
    assert (moved.start, moved.end) == span_of(new, "trust", position)
    assert new[moved.start - len(contexts[nth][0]):moved.start] == contexts[nth][0]


def test_ties_go_to_the_nearest_occurrence() -> None:
    text = "x trust y " * 4
    anchor = make_anchor("s1", text, *span_of(text, "trust", 2), context=2)
    new = "ab" + text  # every occurrence has the same context
    moved = reanchor(anchor, new)
    assert moved.start == anchor.start + 2


def test_quote_gone_gives_none() -> None:
    anchor = make_anchor("s1", TEXT, *span_of(TEXT, "reciprocity"))
    assert reanchor(anchor, TEXT.replace("reciprocity", "mutuality")) is None
    assert reanchor(anchor, "") is None


def test_offsets_past_the_end_of_a_shorter_text() -> None:
    anchor = make_anchor("s1", TEXT, *span_of(TEXT, "meetings"))
    short = "meetings"
    assert not is_anchored(anchor, short)
    moved = reanchor(anchor, short)
    assert (moved.start, moved.end, moved.prefix, moved.suffix) == (0, 8, "", "")


words = st.sampled_from(["trust", "and", "the", "café", "naïve", "👍", "e\u0301", "reciprocity", "staff"])


@settings(max_examples=80, deadline=None)
@given(
    parts=st.lists(words, min_size=2, max_size=30),
    pick=st.data(),
    prefix=st.text(max_size=20),
    suffix=st.text(max_size=20),
)
def test_reanchor_finds_an_exact_copy_of_the_quote(parts, pick, prefix, suffix) -> None:
    text = " ".join(parts)
    start = pick.draw(st.integers(0, len(text) - 1))
    end = pick.draw(st.integers(start + 1, len(text)))
    if not text[start:end].strip():
        return
    anchor = make_anchor("s1", text, start, end)
    new = prefix + text + suffix
    moved = reanchor(anchor, new)
    assert moved is not None
    assert new[moved.start:moved.end] == moved.quote == anchor.quote
    # an unambiguous quote is found where it moved to
    if new.count(anchor.quote) == 1:
        assert moved.start == start + len(prefix)
