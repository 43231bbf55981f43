"""Markdown bold in plain-text sources: found for the eye, never taken out of the text."""

from __future__ import annotations

from pathlib import Path

from synthesis.coding.emphasis import bold_block, bold_runs, marks
from synthesis.coding.session import paragraphs

LGA = Path(__file__).resolve().parents[2] / "corpus" / "sources" / "lga-send-ehc-partnership-workshops-2020.txt"


def test_runs_are_pairs_of_double_asterisks_around_words_within_a_paragraph():
    text = "**a** b **c d**. 2 ** 3 ** 4. **open\n\nclose** **x\ny** ** spaced** **"
    assert [text[r.start:r.end] for r in bold_runs(text)] == ["**a**", "**c d**", "**x\ny**"]
    assert [text[a:b] for a, b, _ in marks(text)] == ["**", "a", "**", "**", "c d", "**", "**", "x\ny", "**"]
    assert bold_block("**Regional workshops\non partnership**") == "Regional workshops\non partnership"
    assert bold_block("**a** and **b**") is None


def test_stars_inside_words_or_after_numbers_are_not_bold():
    # significance stars in a table, and powers: drawn as typed, nothing hidden or made bold
    for text in ("Trust (.45**) and reciprocity (.32**)", "x**2 + y**2", "p<.01** and p<.05**"):
        assert bold_runs(text) == [], text
    # bold after an opening bracket or quote, and before punctuation, is bold
    text = "(**Trust**), “**respect**”: **time**."
    assert [text[r.start:r.end] for r in bold_runs(text)] == ["**Trust**", "**respect**", "**time**"]


def test_the_example_review_has_every_double_asterisk_in_a_run_and_its_title_is_a_heading():
    text = LGA.read_text(encoding="utf-8")
    runs = bold_runs(text)
    assert 2 * len(runs) == text.count("**")  # no ** left over to be drawn as typed
    found = marks(text)
    assert all(text[a:b] == "**" for a, b, kind in found if kind == "marker")
    assert all("*" not in text[a:b] for a, b, kind in found if kind == "bold")
    title = text.index("**Regional workshops")
    assert (title, "h") in paragraphs(text)
    # a bold lead-in inside a list item does not make the item a heading
    item = text.index("- **Background and context:**")
    assert (item, "p") in paragraphs(text)
