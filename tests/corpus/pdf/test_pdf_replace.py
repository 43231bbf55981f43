"""Replacing a coded source with a better extraction keeps its codings on the same words."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pdf_helpers import AUTHORS_HEAD, JOURNAL, QUOTE, SHORT_TITLE, Article, make_article

from synthesis.cli import main
from synthesis.corpus.replacing import codings_kept
from synthesis.project import Project

# (what was coded in the raw text, the words it must land on in the PDF import, how)
CODED = [
    ("the evidence on what sustains a\npartner-\nship over years is thin",
     "the evidence on what sustains a partnership over years is thin", "changed"),
    ("Staff \ufb01ndings from three\nregions suggest that \ufb02exible roles and e\ufb00ort spent\n"
     "in the o\ufb03ce on shared records",
     "Staff findings from three regions suggest that flexible roles and effort spent in the office on "
     "shared records", "changed"),
    # a hyphenated word broken across a page, with the footer and running heads in between
    (f"We held 42 interviews with staff and parents in\nthree regions. The inter-\n514\n{JOURNAL}\n"
     f"{AUTHORS_HEAD}\nviews lasted about an hour and were recorded,\ntranscribed and coded inductively",
     "We held 42 interviews with staff and parents in three regions. The interviews lasted about an hour "
     "and were recorded, transcribed and coded inductively", "changed"),
    (f"Staff agreed that continuity of\n515\n{JOURNAL}\n{SHORT_TITLE}\npeople mattered more than "
     "continuity of\ncontracts.",
     "Staff agreed that continuity of people mattered more than continuity of contracts.", "changed"),
    # the same words on other lines
    (QUOTE.replace(" stayed ", " stayed\n"), QUOTE, "exact"),
    ("Managers described the partnership boards as", "Managers described the partnership boards as", "exact"),
    # a page number and running heads: gone from the new text
    (f"517\n{JOURNAL}\n{SHORT_TITLE}", None, "lost"),
]


def raw_text(article: Article) -> str:
    """The article as a plain extractor gives it: page by page, running heads and numbers in the flow,
    ligatures kept, words broken at line ends."""
    lines: list[str] = []
    for page in range(1, article.n_pages + 1):
        lines.append(JOURNAL)
        if page > 1:
            lines.append(AUTHORS_HEAD if page % 2 == 0 else SHORT_TITLE)
        lines.extend(line.text for line in article.on_page(page))
        lines.append(str(513 + page))
    return "\n".join(lines) + "\n"


@pytest.fixture
def coded(tmp_path: Path) -> tuple[Path, Path, dict[str, tuple[str | None, str]]]:
    """A project with the raw text coded; the PDF that replaces it; coding id -> (expected words, how)."""
    for folder in ("pdf", "raw"):
        (tmp_path / folder).mkdir()
    article = make_article(tmp_path / "pdf" / "Author 2024.pdf")
    raw = tmp_path / "raw" / "Author 2024.txt"
    raw.write_text(raw_text(article), encoding="utf-8")
    expected: dict[str, tuple[str | None, str]] = {}
    with Project.init(tmp_path / "p", reviewer="AG") as project:
        [source] = project.import_sources(raw)
        assert source.source_id == "author-2024"
        text = project.text(source.source_id)
        project.create_code("trust")
        for phrase, words, how in CODED:
            assert text.count(phrase) == 1, phrase
            start = text.index(phrase)
            [coding] = project.apply_code(source.source_id, start, start + len(phrase), "trust")
            expected[coding.coding_id] = (words, how)
    return tmp_path / "p", article.path, expected


def test_replace_with_the_pdf_keeps_every_coding_on_its_words(coded, capsys) -> None:
    root, pdf, expected = coded
    assert main(["import", str(pdf), "--project", str(root), "--reviewer", "AG", "--replace"]) == 0
    out = capsys.readouterr().out
    with Project.open(root) as project:
        text = project.text("author-2024")
        assert "\ufb01" not in text and AUTHORS_HEAD not in text  # the PDF import really replaced it
        for coding_id, (words, how) in expected.items():
            coding = project.codings[coding_id]
            if words is None:
                assert coding.status == "orphaned"
                continue
            assert text.count(words) == 1, words
            start = text.index(words)
            assert (coding.start, coding.end) == (start, start + len(words))
            assert text[coding.start:coding.end] == coding.quote == words
            assert coding.status == "reanchored"
    counts = {how: sum(1 for _, h in expected.values() if h == how) for how in ("exact", "changed", "lost")}
    assert counts == {"exact": 2, "changed": 4, "lost": 1}
    assert (f"source 'author-2024': 7 codings: {counts['exact']} kept word for word, {counts['changed']} found "
            f"again after the text changed, {counts['lost']} could not be placed") in out
    lost = next(cid for cid, (words, _) in expected.items() if words is None)
    assert f"not placed (kept, marked orphaned): coding {lost} (trust): '517 {JOURNAL} Trust in" in out


def test_report_from_python(coded) -> None:
    root, pdf, expected = coded
    with Project.open(root, reviewer="AG") as project:
        before = dict(project.codings)
        project.import_sources(pdf, replace=True)
        [report] = codings_kept(project, before, ["author-2024"])
    assert (report.exact, report.changed, len(report.lost), report.total) == (2, 4, 1, 7)
    assert report.lost[0].quote == f"517\n{JOURNAL}\n{SHORT_TITLE}" and report.labels == ("trust",)


def test_the_command_line_prints_the_report_the_import_returns(coded, tmp_path, capsys) -> None:
    root, pdf, _ = coded
    twin = tmp_path / "twin"
    shutil.copytree(root, twin)  # the same project, codings and all
    assert main(["import", str(pdf), "--project", str(root), "--reviewer", "AG", "--replace"]) == 0
    out = capsys.readouterr().out
    with Project.open(twin, reviewer="AG") as project:
        imported = project.import_sources(pdf, replace=True)
    report = imported.report()
    assert report.count("\n") == 1 and "1 could not be placed" in report
    printed = [line[2:] for line in out.splitlines() if line.startswith("  ")]
    assert printed == report.splitlines()


def test_import_without_replace_reports_nothing_and_refuses(coded, capsys) -> None:
    root, pdf, _ = coded
    assert main(["import", str(pdf), "--project", str(root), "--reviewer", "AG"]) != 0
    captured = capsys.readouterr()
    assert "--replace" in captured.err and "codings" not in captured.out
