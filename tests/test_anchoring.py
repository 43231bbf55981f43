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


# ------------------------------------------------------------------ text changed by a better extraction
ARTICLE = ("Parents described the \ufb01rst year as dif\ufb01cult. Schools and health services built a partner-\n"
           "ship that lasted, and staff said the of\ufb01ce was \ufb02exible about meetings. One head teacher "
           "spent a long time listening before posing\nAgyeman-Duah et al.\n514\nthe question of funding to "
           "the whole group, and co-\nlocation of services followed within a year.")
CLEAN = ("Parents described the first year as difficult. Schools and health services built a partnership "
         "that lasted, and staff said the office was flexible about meetings. One head teacher spent a long "
         "time listening before posing the question of funding to the whole group, and co-location of "
         "services followed within a year.")


def moved_onto(old: str, phrase: str, new: str, expected: str) -> str:
    """Re-anchor ``phrase`` (in ``old``) into ``new`` and check it lands on ``expected`` exactly."""
    anchor = make_anchor("s1", old, *span_of(old, phrase))
    moved = reanchor(anchor, new)
    assert moved is not None, f"{phrase!r} was not found again"
    start, end = span_of(new, expected)
    assert (moved.start, moved.end) == (start, end)
    assert moved.quote == new[start:end] == expected
    assert moved.prefix == new[max(0, start - CONTEXT):start] and moved.suffix == new[end:end + CONTEXT]
    return moved.quote


def test_ligatures_expanded_in_the_new_text() -> None:
    moved_onto(ARTICLE, "the \ufb01rst year as dif\ufb01cult", CLEAN, "the first year as difficult")
    moved_onto(ARTICLE, "of\ufb01ce was \ufb02exible", CLEAN, "office was flexible")


def test_ligatures_in_the_new_text() -> None:
    moved_onto(CLEAN, "the first year as difficult", ARTICLE, "the \ufb01rst year as dif\ufb01cult")
    # a quote that ends on a ligature takes the whole ligature character
    moved_onto("She read it in a \ufb01eld.", "in a \ufb01", "She read it in a field.", "in a fi")


def test_line_end_hyphens_joined() -> None:
    moved_onto(ARTICLE, "a partner-\nship that lasted", CLEAN, "a partnership that lasted")
    moved_onto(ARTICLE, "co-\nlocation of services", CLEAN, "co-location of services")
    moved_onto(CLEAN, "a partnership that", ARTICLE, "a partner-\nship that")
    soft = "They built a partner\u00ad\nship that lasted."
    moved_onto(soft, "partner\u00ad\nship that", "They built a partnership that lasted.", "partnership that")


def test_control_characters_changed() -> None:
    old = "Trust\x00 grew\x07 slowly between the\u200b agencies."
    moved_onto(old, "Trust\x00 grew\x07 slowly between the\u200b", "Trust grew slowly between the agencies.",
               "Trust grew slowly between the")


def test_furniture_inside_the_quote_removed() -> None:
    quote = "spent a long time listening before posing\nAgyeman-Duah et al.\n514\nthe question of funding"
    moved_onto(ARTICLE, quote, CLEAN, "spent a long time listening before posing the question of funding")
    # the furniture near the quote's end
    moved_onto(ARTICLE, "before posing\nAgyeman-Duah et al.\n514\nthe question", CLEAN,
               "before posing the question")


def test_everything_at_once_with_the_text_moved() -> None:
    quote = ("a partner-\nship that lasted, and staff said the of\ufb01ce was \ufb02exible about meetings. One head "
             "teacher spent a long time listening before posing\nAgyeman-Duah et al.\n514\nthe question")
    new = "Abstract. Results follow.\n\n" + CLEAN
    moved_onto(ARTICLE, quote, new, "a partnership that lasted, and staff said the office was flexible about "
               "meetings. One head teacher spent a long time listening before posing the question")


def test_a_quote_truly_gone_stays_lost() -> None:
    quote = "spent a long time listening before posing\nAgyeman-Duah et al.\n514\nthe question of funding"
    anchor = make_anchor("s1", ARTICLE, *span_of(ARTICLE, quote))
    gone = CLEAN.replace("spent a long time listening before posing the question of funding",
                         "asked at once")
    assert reanchor(anchor, gone) is None
    assert reanchor(anchor, "An unrelated text about river ecology and fish ladders, " * 20) is None
    # most of the quote is a lost line: too little is left to be sure
    lost = "posing\nAgyeman-Duah et al. International Journal of Education 514\nthe"
    short = make_anchor("s1", lost, 0, len(lost))
    assert reanchor(short, "before posing the question") is None


def test_a_near_duplicate_is_not_taken() -> None:
    quote = "Trust between teachers and parents grew over the year"
    old = f"Intro. {quote}. Later, other things happened and were reported at length."
    anchor = make_anchor("s1", old, *span_of(old, quote))
    # the sentence is gone; a sentence that differs in a few words is not it
    assert reanchor(anchor, "Intro. Trust between teachers and nurses fell over the year. Later.") is None
    assert reanchor(anchor, "Intro. Trust between teachers and therapists grew over the year. Later.") is None
    # the sentence changed by a ligature far away, a near duplicate near the old position
    new = ("Intro. Trust between teachers and carers grew over the year. " + "Filler text. " * 40
           + "Trust between teachers and parents grew over the year, in the \ufb01nal account.")
    moved = reanchor(anchor, new)
    assert new[moved.start:moved.end] == quote and moved.start > 300


def test_hyphen_of_a_compound_across_a_line_in_the_new_text() -> None:
    moved_onto("Services were co-located at last.", "co-located at last", "Services were co-\nlocated at last.",
               "co-\nlocated at last")


LETTERS = st.text(alphabet="abcdefilstuorn", min_size=1, max_size=9)


@settings(max_examples=120, deadline=None)
@given(parts=st.lists(LETTERS, min_size=3, max_size=40), data=st.data())
def test_any_quote_survives_ligatures_and_hyphens(parts, data) -> None:
    """Typeset the text again (ligatures in or out, words broken at line ends): every quote follows."""
    text = " ".join(parts)
    first = data.draw(st.integers(0, len(parts) - 1))
    last = data.draw(st.integers(first, len(parts) - 1))
    start = sum(len(p) + 1 for p in parts[:first])
    end = sum(len(p) + 1 for p in parts[:last]) + len(parts[last])
    anchor = make_anchor("s1", text, start, end)
    ligatures = data.draw(st.booleans())
    breaks = data.draw(st.sets(st.integers(0, len(text)), max_size=8))
    new_text = ""
    where: list[int] = []  # where[i]: offset in the new text of the old text's character i
    i = 0
    while i < len(text):
        if ligatures and text.startswith("fi", i):
            where += [len(new_text), len(new_text)]
            new_text += "\ufb01"
            i += 2
            continue
        if i in breaks and 0 < i and text[i - 1].isalpha() and text[i].isalpha():
            new_text += "-\n"
        where.append(len(new_text))
        new_text += text[i]
        i += 1
    want = (where[start], where[end - 1] + 1)
    moved = reanchor(anchor, new_text)
    assert moved is not None
    assert new_text[moved.start:moved.end] == moved.quote
    assert moved.quote.replace("-\n", "").replace("\ufb01", "fi") == anchor.quote
    if text.count(anchor.quote) == 1:  # (with ligatures and breaks set aside, the new text reads as the old)
        assert (moved.start, moved.end) == want


@settings(max_examples=60, deadline=None)
@given(quote_words=st.lists(st.sampled_from(["trust", "grew", "staff", "families", "partner-\nship"]), min_size=3,
                            max_size=12),
       text_words=st.lists(st.sampled_from(["river", "fish", "ladder", "ecology", "salmon", "weir"]), max_size=60))
def test_unrelated_text_is_never_taken(quote_words, text_words) -> None:
    old = " ".join(quote_words)
    anchor = make_anchor("s1", old, 0, len(old))
    assert reanchor(anchor, " ".join(text_words)) is None


def test_a_match_found_once_is_not_taken_for_another_text() -> None:
    anchor = make_anchor("s1", ARTICLE, *span_of(ARTICLE, "of\ufb01ce was \ufb02exible"))
    first = CLEAN
    second = CLEAN.replace("office was flexible", "offices were rigid!")  # the same length
    assert len(first) == len(second)
    for _ in range(2):  # the second time from what was remembered
        moved = reanchor(anchor, first)
        assert first[moved.start:moved.end] == "office was flexible"
        assert reanchor(anchor, second) is None
