"""The committed example review: its five analytical themes and the tables made from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from synthesis.project import Project
from synthesis.themes import api, tables
from synthesis.themes.export import render_table

REPO = Path(__file__).resolve().parents[2]
FIVE = [
    "Participation and legitimacy to participate in partnership working",
    "Personalisation, and consultation with CYP and their families in designing and delivering services",
    "Respectful communication, and feeling that involvement is valued",
    "Preparation to be an effective member of a partnership",
    "Working across professional and organisational boundaries",
]


@pytest.fixture(scope="module")
def example() -> Project:
    return Project.open(REPO)  # read-only


def test_the_five_analytical_themes(example):
    assert [t.name for t in api.themes(example, "analytical")] == FIVE
    assert all(t.question.startswith("What are the key ingredients for effective partnership")
               for t in api.themes(example, "analytical"))
    assert tables.counts(example) == {"descriptive_themes": 12, "analytical_themes": 5}
    assert example.problems == [] and api.problems(example) == []


def test_the_paper_table(example):
    table = tables.paper_table(example)
    assert table["analytical_theme"].tolist() == FIVE
    assert table.loc[0, "exemplar_quotation"].startswith(
        "\u201cA privately funded brain injury occupational therapist")
    assert table.loc[0, "exemplar_quotation"].endswith("(Green and Dicks, 2012; p. 10)")
    assert table.loc[3, "exemplar_quotation"].endswith("(Green and Dicks, 2012; pp. 8-10)")
    assert all(table["n_studies"] >= 3)


def test_cerqual_tables_say_the_judgements_are_illustrative(example):
    soqf = tables.summary_of_findings(example)
    assert soqf["finding"].tolist() == FIVE
    assert all("Illustrative" in text and "reports no GRADE-CERQual" in text for text in soqf["explanation"])
    profile = tables.evidence_profile(example)
    for column in ("methodological_limitations", "coherence", "adequacy", "relevance"):
        assert all("Illustrative" in cell for cell in profile[column]), column
    assert set(soqf["confidence"]) <= {"High confidence", "Moderate confidence", "Low confidence",
                                       "Very low confidence"}


def test_exports_of_the_example_are_stable(example):
    for which in ("themes", "soqf", "evidence-profile"):
        assert render_table(example, which, "docx") == render_table(example, which, "docx")
    text = render_table(example, "themes", "md").decode()
    assert sum(line.startswith("| ") for line in text.splitlines()) == 7  # header, rule, five themes
