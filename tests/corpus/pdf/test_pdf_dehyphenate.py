"""Words broken at line ends (synthesis.corpus.pdf.dehyphenate)."""

from __future__ import annotations

import pytest

from synthesis.corpus.pdf.dehyphenate import Glue, Vocabulary, glue, join_lines

DOCUMENT = Vocabulary.of([
    "Partnership matters. The partnership grew; partnerships last.",
    "Co-location helped, and so did co-location of staff, and well-being; colocation once.",
    "Decision-making was shared. Interviews were held.",
])

JOINED, KEPT, SPACE = Glue(1, "", "joined"), Glue(0, "", "kept"), Glue(0, " ")


@pytest.mark.parametrize("left, right, expected", [
    ("the partner-", "ship grew", JOINED),  # "partnership" elsewhere
    ("the co-", "location of teams", KEPT),  # "co-location" twice, "colocation" once: the more frequent
    ("shared decision-", "making", KEPT),  # "decision-making" elsewhere
    ("the inter-", "views were", JOINED),  # "interviews" elsewhere beats the "inter" prefix
    ("a self-", "report", KEPT),  # a compound prefix, no evidence
    ("the non-", "profit", KEPT),
    ("the commis-", "sioners", JOINED),  # lower case, no evidence
    ("Anglo-", "Saxon law", KEPT),  # capital
    ("from 1990-", "2000", KEPT),  # digits
    ("pages 10-", "(12)", KEPT),
    ("trust -", "and then", SPACE),  # a dash standing alone
    ("-", "and then", SPACE),
    ("trust\u2014", "and then", Glue(0, "")),  # an em dash ends the line: no space
    ("trust \u2013", "and then", SPACE),  # a spaced en dash
    ("twice\u00ad", "over", JOINED),  # a soft hyphen always goes
    ("the partner\u2010", "ship", JOINED),  # U+2010 like "-"
    ("the co\u2010", "location", KEPT),
    ("Trust grew", "slowly", SPACE),
    ("", "slowly", SPACE),
])
def test_glue(left: str, right: str, expected: Glue) -> None:
    assert glue(left, right, DOCUMENT) == expected


def test_vocabulary_counts_whole_words_case_folded() -> None:
    assert DOCUMENT.count("partnership") == 2  # not "partnerships"
    assert DOCUMENT.count("PARTNERSHIPS") == 1
    assert DOCUMENT.count("ship") == 0
    assert DOCUMENT.count("co-location") == 2 and DOCUMENT.count("co\u2010location") == 2
    assert DOCUMENT.count("colocation") == 1
    assert DOCUMENT.count("well-being") == 1 and DOCUMENT.count("being") == 0
    assert DOCUMENT.count("making") == 0  # only inside "decision-making"


def test_line_end_hyphens_are_not_compounds() -> None:
    vocabulary = Vocabulary.of(["The partner-", "ship grew and the co-", "location helped."])
    assert vocabulary.count("partner-ship") == 0 and vocabulary.count("co-location") == 0
    assert dict(vocabulary.compounds) == {}


def test_join_lines() -> None:
    lines = ["Partners shared the co-", "location of teams and decision-", "making; the partner-",
             "ship lasted, as the partnership and decision-making did.", "Soft\u00ad", "ly."]
    assert join_lines(lines) == ("Partners shared the co-location of teams and decision-making; the "
                                 "partnership lasted, as the partnership and decision-making did. Softly.")
    assert join_lines([]) == "" and join_lines(["One line."]) == "One line."


def test_hyphen_kept_as_written() -> None:
    assert join_lines(["the co\u2010", "location"]) == "the co\u2010location"


# a document where "under", "resource", "short", "stay", "in" and "formed" are words of their own
WORDS = Vocabulary.of([
    "Human resource shortages were reported (resources were short) under the plan.",
    "A short stay helps; staff formed teams in time, and the risks were understated.",
    "Wards were over-", "whelmed and a partner-", "ship sailed.",
])


@pytest.mark.parametrize("left, right, expected", [
    ("the ward is under-", "resourced to", KEPT),  # "under", "resource(d)" words; "underresourced" nowhere
    ("a medical short-", "stay unit", KEPT),
    ("staff became over-", "whelmed", JOINED),  # "whelmed" is only ever a word's second half
    ("it can not be under-", "stated", JOINED),  # "understated" elsewhere
    ("a long partner-", "ship", JOINED),  # "partner" and "ship" only as halves of a broken word
    ("they were in-", "formed", JOINED),  # parts too short to tell a compound from a syllable
    ("first-", "and second-line care", Glue(0, " ", "kept")),  # a hyphen that waits for "line"
    ("pre- or", "post-war", SPACE),
    ("pre-", "or post-war", Glue(0, " ", "kept")),
])
def test_glue_compound_of_two_words(left: str, right: str, expected: Glue) -> None:
    assert glue(left, right, WORDS) == expected


def test_words_of_their_own() -> None:
    assert WORDS.stands_alone("resource") and WORDS.stands_alone("RESOURCES")
    assert not WORDS.stands_alone("resourced") and WORDS.stands_alone("resourced", endings=True)
    assert not WORDS.stands_alone("whelmed", endings=True) and not WORDS.stands_alone("over")
    assert not WORDS.stands_alone("ship") and not WORDS.stands_alone("partner")
    assert WORDS.stands_alone("short") and WORDS.stands_alone("stay")


# "work", "force", "health", "care", "time", "frame", "team" and "patient" are words of their own here
CLOSED = Vocabulary.of([
    "Work was hard and the force of the change told on health and care at the time; each team",
    "had a frame of reference, and every patient and provider was asked. Some wrote team-work.",
])


@pytest.mark.parametrize("left, right, expected", [
    ("the work-", "force left", JOINED),  # "workforce" is an English word (the list has "work-force" too)
    ("the Work-", "forces", JOINED),  # in any case, with a plural ending
    ("health-", "care costs", JOINED),
    ("in the time-", "frame set", JOINED),
    ("good team-", "work", KEPT),  # the document writes "team-work": its own form wins
    ("the patient-", "provider link", KEPT),  # "patientprovider" is no word: a hyphenated compound
    ("a health-", "team", KEPT),
])
def test_glue_closed_compound_from_the_word_list(left: str, right: str, expected: Glue) -> None:
    assert glue(left, right, CLOSED) == expected


def test_word_list() -> None:
    from synthesis.corpus.pdf.words import english_words, is_english

    assert len(english_words()) > 100_000
    assert is_english("workforce") and is_english("stakeholders") and is_english("caregiver\u2019s")
    assert not is_english("underresourced") and not is_english("shortstay") and not is_english("")
    assert is_english("well-known") and not is_english("wellknown")


# the document writes these words in other forms: "meta-analyses", "workforces", "health-carers", "co-located",
# "partnerships"; "partner", "ships", "health" and "care" are words of their own
FORMS = Vocabulary.of([
    "Two meta-analyses and one meta-regression were found. The workforces of the health-carers were small.",
    "Teams were co-located. Each partner ships goods; health and care; the partnerships held.",
])


@pytest.mark.parametrize("left, right, expected", [
    ("a meta-", "analysis of", KEPT),  # "meta-analyses": the document hyphenates the word (the list has it closed too)
    ("the work-", "force left", JOINED),  # "workforces": the document's own closed form
    ("the health-", "care team", KEPT),  # "health-carers": the document's form before the list's "healthcare"
    ("the co-", "location of teams", KEPT),  # "co-located"
    ("the partner-", "ship held", JOINED),  # "partnerships"
    ("the partner-", "ships held", JOINED),
    ("a stay-", "home", JOINED),  # no evidence, and "stay" stands nowhere alone: a word broken in two
])
def test_glue_other_forms_of_the_word(left: str, right: str, expected: Glue) -> None:
    assert glue(left, right, FORMS) == expected


def test_written_counts_both_ways() -> None:
    assert FORMS.written("meta", "analysis") == (1, 0)
    assert FORMS.written("health", "cares") == (1, 0)
    assert FORMS.written("partner", "ship") == (0, 1)  # one word standing alone: "partnerships"
    assert FORMS.written("partner", "led") == (0, 0)
    assert FORMS.written("co", "locating") == (1, 0)


def test_quick_look_in_the_text_answers_as_the_words_do() -> None:
    text = ("Partnership (partnership), a partner-\nship; the \u201cpartnership\u201d and partnerships-led "
            "work. Partnership's trust, co-\nlocation, location; ship")
    words = ["partnership", "Partnership", "ship", "location", "partnerships", "led", "trust", "work", "co", "absent"]
    split = Vocabulary(text)
    split._words_alone()  # every answer from the set of words
    assert [Vocabulary(text).stands_alone(word) for word in words] == [split.stands_alone(word) for word in words]
    assert [split.stands_alone(word) for word in words] == [True, True, True, True, False, False, True, True,
                                                            False, False]
