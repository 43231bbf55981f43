"""A PDF's title (synthesis.corpus.pdf.title)."""

from __future__ import annotations

import pytest

from synthesis.corpus.pdf.layout import Line
from synthesis.corpus.pdf.title import choose_title, is_junk, strip_banner, title_from_lines


@pytest.mark.parametrize("title", [
    "", "   ", "doi:10.1016/j.socscimed.2020.113000", "DOI: 10.1186/s12913-020-05000-1",
    "Microsoft Word - draft.docx", "Microsoft Word - Manuscript_v3", "JOT_2024_514.indd", "article.pdf",
    "manuscript.docx", "12345", "S0277-9536(20)30001-2", "untitled", "Untitled-1", "PII: S0277953620300012",
    "https://doi.org/10.1234/x", "Slide 1", "-", "ab", "Manuscript", "Document1", "title",
])
def test_junk_titles(title: str) -> None:
    assert is_junk(title)


@pytest.mark.parametrize("title", [
    "Trust and partnership in community health services", "Partnerships", "COVID-19 and care homes",
    "What works? A qualitative synthesis", "Doing qualitative research in 2020",
])
def test_real_titles(title: str) -> None:
    assert not is_junk(title)


def page_one(*rows: tuple[str, float]) -> list[Line]:
    return [Line(text, 50, 40 + 20 * i, 50 + 5 * len(text), 40 + 20 * i + size, size)
            for i, (text, size) in enumerate(rows)]


BODY = ("Partnership working between health services and councils is now expected in community care.", 9.5)


def test_largest_type() -> None:
    lines = page_one(("Journal of Testing", 20), ("Trust and Partnership in Community", 16),
                     ("Health Services", 16), ("Anna Author and Ben Writer", 11), BODY, BODY, BODY)
    assert title_from_lines(lines, ["Journal of Testing 12 (2024) 514-523"]) == (
        "Trust and Partnership in Community Health Services")
    # a banner that runs along no other page cannot be told from a title
    assert title_from_lines(lines) == "Journal of Testing"


def test_banner_in_capitals_is_skipped() -> None:
    lines = page_one(("JOURNAL OF TESTING AND REVIEWS", 20), ("Trust in Partnerships Over Time", 15), BODY, BODY)
    assert title_from_lines(lines) == "Trust in Partnerships Over Time"


def test_hyphenated_title_lines() -> None:
    lines = page_one(("Trust in Community-", 16), ("Based Care for Families", 16), BODY, BODY)
    assert title_from_lines(lines) == "Trust in Community-Based Care for Families"


def test_no_title_when_nothing_stands_out() -> None:
    assert title_from_lines(page_one(BODY, BODY, ("Trust grew slowly.", 9.5))) == ""
    assert title_from_lines(page_one(("Two words", 16), BODY, BODY)) == ""  # too short to be a title
    assert title_from_lines([Line("Trust and Partnership in Community Health")]) == ""  # no sizes
    assert title_from_lines([]) == ""


def test_choose_title() -> None:
    lines = page_one(("Trust and Partnership in Community Health", 16), BODY, BODY)
    assert choose_title("  Trust in  partnerships ", lines) == ("Trust in partnerships", "metadata")
    assert choose_title("Microsoft Word - draft.docx", lines) == (
        "Trust and Partnership in Community Health", "page 1")
    assert choose_title("", page_one(BODY)) == ("", "")


def test_article_type_above_the_title_in_the_same_type() -> None:
    lines = page_one(("Research Article", 17), ("Patient Experiences of Heart Failure Programmes", 17),
                     ("Anna Author", 11), BODY, BODY)
    assert title_from_lines(lines) == "Patient Experiences of Heart Failure Programmes"
    assert choose_title("", lines) == ("Patient Experiences of Heart Failure Programmes", "page 1")


@pytest.mark.parametrize("title, stripped", [
    ("Research Article: Patient Experiences of Care", "Patient Experiences of Care"),
    ("RESEARCH ARTICLE Open Access Understanding the barriers", "Understanding the barriers"),
    ("R E S EAR CH A R TIC L E Open Access Understanding the barriers", "Understanding the barriers"),
    ("ORIGINAL ARTICLE Trust in care homes", "Trust in care homes"),
    ("Review \u2013 What works in partnerships?", "What works in partnerships?"),
    ("Review of partnerships in care", "Review of partnerships in care"),  # a word of the title
    ("Research Article", "Research Article"),  # nothing would be left
    ("REVIEW Trust", "REVIEW Trust"),  # too little would be left
    ("Case studies of trust in care", "Case studies of trust in care"),
])
def test_strip_banner(title: str, stripped: str) -> None:
    assert strip_banner(title) == stripped


def test_metadata_title_loses_its_article_type() -> None:
    assert choose_title("Original Article: Trust in partnerships", []) == ("Trust in partnerships", "metadata")
