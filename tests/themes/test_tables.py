"""Live counts, coverage, breakdowns, theme pages and the paper's theme table, checked by hand."""

from __future__ import annotations

import pytest
from themes_helpers import coding

from synthesis.themes import api, tables

ADAMS, CLARK, LGA = "Adams and Brown, 2019", "Clark et al., 2021", "LGA, 2020"


@pytest.fixture
def built(project):
    relations = api.create_theme(project, "Relationships", "descriptive")
    work = api.create_theme(project, "Joint work", "descriptive")
    api.assign(project, relations, ["Trust", "Respect"])
    api.assign(project, work, "Planning")
    top = api.create_theme(project, "Partnership takes work", "analytical", question="What works?")
    api.assign(project, top, [relations, work])
    return project


def test_counts_of_codings_quotations_studies_and_designs(built):
    frame = tables.theme_summary(built).set_index("name")
    assert list(frame.index) == ["Partnership takes work", "Relationships", "Joint work"]
    cols = ["n_codes", "n_codings", "n_quotations", "n_studies", "n_qualitative", "n_mixed_methods",
            "n_other_designs"]
    assert frame.loc["Partnership takes work", cols].tolist() == [3, 7, 6, 3, 1, 1, 1]
    assert frame.loc["Relationships", cols].tolist() == [2, 5, 4, 3, 1, 1, 1]
    assert frame.loc["Joint work", cols].tolist() == [1, 2, 2, 2, 1, 1, 0]
    assert frame.loc["Joint work", "parents"] == "Partnership takes work"
    assert frame.loc["Relationships", "studies"] == f"{ADAMS}; {CLARK}; {LGA}"
    assert tables.theme_summary(built, reviewer="ZZ")["n_codings"].tolist() == [0, 0, 0]
    assert tables.counts(built) == {"descriptive_themes": 2, "analytical_themes": 1}


def test_counts_are_live(built):
    p = built
    start = p.text("s3").index("Shared budgets")
    p.apply_code("s3", start, start + len("Shared budgets"), "Planning")
    assert tables.theme_summary(p).set_index("name").loc["Joint work", "n_studies"] == 3
    p.undo()
    p.merge_codes(["Budgets"], "Respect")  # Budgets' coding of s3 now counts for Relationships
    row = tables.theme_summary(p).set_index("name").loc["Relationships"]
    assert (row["n_codings"], row["n_quotations"]) == (6, 4)  # one more coding of a span already counted


def test_coverage_matrix_and_long_coverage(built):
    matrix = tables.coverage_matrix(built)
    assert list(matrix.columns) == [ADAMS, CLARK, LGA]
    assert matrix.loc[("analytical", "Partnership takes work")].tolist() == [3, 2, 1]
    assert matrix.loc[("descriptive", "Relationships")].tolist() == [2, 1, 1]
    assert matrix.loc[("descriptive", "Joint work")].tolist() == [1, 1, 0]
    assert tables.coverage_matrix(built, "n_codings").loc[("descriptive", "Relationships")].tolist() == [3, 1, 1]
    long = tables.coverage(built)
    assert len(long) == 3 + 3 + 2
    assert set(long.columns) >= {"theme", "citation", "design", "nation", "n_codings", "n_quotations"}


def test_breakdowns_by_design_and_nation(built):
    design = tables.breakdown(built, "design").set_index("theme")
    assert list(design.columns[2:]) == ["grey literature", "mixed methods", "qualitative", "n_studies"]
    assert design.loc["Joint work", ["grey literature", "mixed methods", "qualitative"]].tolist() == [0, 1, 1]
    nation = tables.breakdown(built, "nation").set_index("theme")
    assert list(nation.columns[2:]) == ["England", "Scotland", "not reported", "n_studies"]
    assert nation.loc["Relationships", ["England", "Scotland", "not reported"]].tolist() == [1, 1, 1]
    with pytest.raises(ValueError):
        tables.breakdown(built, "year")


def test_theme_page_lists_every_quotation_exemplars_first(built):
    p = built
    chosen = coding(p, "s2", "Trust and reciprocity evaporated", "Trust")
    api.set_exemplar(p, "Relationships", chosen)
    api.set_quote_kind(p, coding(p, "s1", "\"We respect each other\" said a teacher.", "Respect"), "participant")
    page = tables.theme_page(p, "Relationships")
    assert page["quote"].tolist() == ["Trust and reciprocity evaporated", "Trust grew over years.",
                                      "\"We respect each other\" said a teacher.",
                                      "Shared budgets need trust between leaders."]
    assert page["exemplar"].tolist() == [True, False, False, False]
    assert page["cite"].tolist() == [f"({CLARK})", f"({ADAMS}; p. 5)", f"({ADAMS}; p. 6)", f"({LGA})"]
    assert page["kind"].tolist() == ["", "", "participant", ""]
    assert page.loc[2, "codes"] == "Respect; Trust" and page.loc[2, "n_codings"] == 2
    top = tables.theme_page(p, "Partnership takes work")
    assert len(top) == 6 and top.loc[0, "exemplar"] == False  # noqa: E712  (exemplar of another theme)
    assert set(top["descriptive_themes"]) == {"Relationships", "Joint work"}


def test_paper_table(built):
    p = built
    api.set_exemplar(p, "Partnership takes work", coding(p, "s1", "Staff met every week to plan.", "Planning"))
    row = tables.paper_table(p).iloc[0]
    assert row["analytical_theme"] == "Partnership takes work"
    assert row["descriptive_themes"] == "Relationships; Joint work"
    assert row["contributing_studies"] == f"{ADAMS}; {CLARK}; {LGA}" and row["n_studies"] == 3
    assert row["exemplar_quotation"] == f"\u201cStaff met every week to plan.\u201d ({ADAMS}; p. 6)"


def test_hierarchy_and_group_tables(built):
    h = tables.hierarchy_table(built)
    assert h[["analytical", "descriptive", "code"]].values.tolist() == [
        ["Partnership takes work", "Relationships", "Trust"],
        ["Partnership takes work", "Relationships", "Respect"],
        ["Partnership takes work", "Joint work", "Planning"],
        ["", "", "Budgets"]]
    group = api.create_group(built, "Underpinning elements", kind="underpinning")
    api.link(built, group, "Trust", ["Trust", "Relationships"])
    g = tables.group_table(built)
    assert g[["element", "member", "member_kind"]].values.tolist() == [
        ["Trust", "Trust", "code"], ["Trust", "Relationships", "descriptive theme"]]
