"""GRADE-CERQual judgements, the Evidence Profile and the Summary of Qualitative Findings."""

from __future__ import annotations

import pytest

from synthesis.errors import ActionError
from synthesis.themes import api, tables
from synthesis.themes.events import COMPONENTS, CONCERNS, CONFIDENCE


@pytest.fixture
def built(project):
    relations = api.create_theme(project, "Relationships", "descriptive")
    api.assign(project, relations, ["Trust", "Respect"])
    top = api.create_theme(project, "Trust carries partnership", "analytical")
    api.assign(project, top, relations)
    return project


def judge_all(p, finding: str) -> None:
    api.judge(p, finding, "methodological limitations", "minor concerns", "Two case studies.")
    api.judge(p, finding, "Coherence", "no or very minor", "Consistent.")
    api.judge(p, finding, "adequacy", "Moderate concerns", "Thin data.")
    api.judge(p, finding, "relevance", "serious", "")
    api.judge(p, finding, "overall", "Low confidence", "Thin and partly indirect.")


def test_the_components_and_levels():
    assert COMPONENTS == ("methodological limitations", "coherence", "adequacy", "relevance", "overall")
    assert CONCERNS == ("no or very minor concerns", "minor concerns", "moderate concerns", "serious concerns")
    assert CONFIDENCE == ("high", "moderate", "low", "very low")


def test_judgements_are_checked(built):
    with pytest.raises(ActionError, match="component"):
        api.judge(built, "Relationships", "credibility", "high")
    with pytest.raises(ActionError, match="not a level for overall"):
        api.judge(built, "Relationships", "overall", "minor concerns")
    with pytest.raises(ActionError, match="not a level for coherence"):
        api.judge(built, "Relationships", "coherence", "high")
    empty = api.create_theme(built, "Empty", "descriptive")
    with pytest.raises(ActionError, match="no codes yet"):
        api.judge(built, empty, "coherence", "minor")


def test_evidence_profile_and_summary(built):
    p = built
    judge_all(p, "Trust carries partnership")
    judgement = api.judge(p, "Relationships", "overall", "moderate", "Descriptive finding.")
    assert judgement.level == "moderate" and judgement.reviewer == "AG"
    profile = tables.evidence_profile(p)
    assert profile["finding"].tolist() == ["Trust carries partnership", "Relationships"]
    row = profile.iloc[0]
    assert row["contributing_studies"] == "Adams and Brown, 2019; Clark et al., 2021; LGA, 2020"
    assert row["methodological_limitations"] == "Minor concerns: Two case studies."
    assert row["coherence"] == "No or very minor concerns: Consistent."
    assert row["relevance"] == "Serious concerns"
    assert row["overall_confidence"] == "Low confidence" and row["explanation"] == "Thin and partly indirect."
    assert profile.iloc[1]["coherence"] == "" and profile.iloc[1]["overall_confidence"] == "Moderate confidence"
    soqf = tables.summary_of_findings(p)
    assert list(soqf.columns) == ["finding_id", "finding", "contributing_studies", "confidence", "explanation"]
    assert soqf.iloc[0][["confidence", "explanation"]].tolist() == ["Low confidence", "Thin and partly indirect."]
    long = tables.judgement_table(p)
    assert len(long) == 6 and long["component"].tolist()[:5] == list(COMPONENTS)


def test_a_new_judgement_replaces_the_old_and_undo_restores_it(built):
    p = built
    api.judge(p, "Trust carries partnership", "overall", "high")
    api.judge(p, "Trust carries partnership", "overall", "very low", "Changed my mind.")
    assert [j.level for j in api.judgements(p)] == ["very low"]
    p.undo()
    assert [j.level for j in api.judgements(p)] == ["high"]


def test_unjudged_analytical_themes_still_appear(built):
    profile = tables.evidence_profile(built)
    assert profile["finding"].tolist() == ["Trust carries partnership"]
    assert profile.iloc[0]["overall_confidence"] == ""


def test_judgements_go_with_a_deleted_finding(built):
    p = built
    judge_all(p, "Trust carries partnership")
    api.delete_theme(p, "Trust carries partnership")
    assert api.judgements(p) == [] and tables.evidence_profile(p).empty
    p.undo()
    assert len(api.judgements(p)) == 5
