"""The UI-free coding session: navigation, snapping, applying, progress, retrieval."""

from __future__ import annotations

import pytest

from synthesis import ActionError, Project
from synthesis.coding import CodingSession
from synthesis.corpus.importing import save_studies
from synthesis.records import Study

TEXT_A = "The case manager met the social worker. Trust grew over time.\n\nBoth partners acted quickly."
TEXT_B = "Border disputes hindered working. Resources were distributed."


@pytest.fixture()
def project(tmp_path):
    p = Project.init(tmp_path / "r", reviewer="NT")
    save_studies(p, [Study("green2012", "Green and Dicks, 2012"), Study("mckean2017", "McKean et al., 2017")])
    p.add_text(TEXT_A, title="Green extracts", source_id="green", study_id="green2012", pages=((0, "10"),))
    p.add_text(TEXT_B, title="McKean extracts", source_id="mckean", study_id="mckean2017", pages=((0, "514"),))
    p.add_text("A grey document about trust.", title="Guide", source_id="guide")
    yield p
    p.close()


def test_navigation_order_next_previous_and_uncoded(project):
    s = CodingSession(project, remember=False)
    assert s.source_order() == ["green", "mckean", "guide"]
    assert s.source_id == "green"
    assert s.next_source() == "mckean"
    assert s.previous_source() == "green"
    assert s.previous_source() == "guide"  # wraps round
    s.go_to("green")
    s.select(0, 3)
    s.create_and_apply("Participation")
    assert s.next_uncoded() == "green"  # the next sentence of this source is not coded
    assert s.selected_text == "Trust grew over time."
    s.select(*s.selection)
    s.apply_last()
    s.next_uncoded()
    assert s.selected_text == "Both partners acted quickly."
    s.apply_last()
    assert s.next_uncoded() == "mckean" and s.selected_text == "Border disputes hindered working."
    assert s.studies() == [("green2012", "Green and Dicks, 2012"), ("mckean2017", "McKean et al., 2017")]
    assert s.sources_of("mckean2017") == ["mckean"]
    with pytest.raises(ActionError):
        s.go_to("nope")


def test_snapping_to_words_and_sentences(project):
    s = CodingSession(project, remember=False)
    start = TEXT_A.index("rust")
    assert s.snap(start, start + 6) == (start - 1, start + 9)  # "Trust grew"
    s.set_snap("sentence")
    a, b = s.select(start, start + 2)
    assert TEXT_A[a:b] == "Trust grew over time."
    assert s.select(5, 5) is None and s.selection is None


def test_keyboard_sentence_selection(project):
    s = CodingSession(project, remember=False)
    assert s.selected_text == ""
    s.step_sentence(1)
    assert s.selected_text == "The case manager met the social worker."
    s.step_sentence(1, extend=True)
    assert s.selected_text == "The case manager met the social worker. Trust grew over time."
    s.step_sentence(1)
    assert s.selected_text == "Both partners acted quickly."
    s.step_sentence(-1)
    assert s.selected_text == "Trust grew over time."


def test_apply_several_codes_recent_and_apply_last(project):
    s = CodingSession(project, remember=False)
    trust = project.create_code("Trust")
    time = project.create_code("Time for partnership")
    s.select(40, 61)
    made = s.apply([trust, time])
    assert {project.codes[c.code_id].label for c in made} == {"Trust", "Time for partnership"}
    assert [c.label for c in s.recent_codes()] == ["Time for partnership", "Trust"]
    s.select(0, 39)
    (again,) = s.apply_last()
    assert again.code_id == time.code_id
    with pytest.raises(ActionError, match="already applied"):
        s.apply_last()


def test_apply_without_selection_is_refused(project):
    s = CodingSession(project, remember=False)
    with pytest.raises(ActionError, match="select some text"):
        s.create_and_apply("Trust")
    assert not project.codes  # nothing half-done


def test_runs_cover_text_and_show_overlaps(project):
    s = CodingSession(project, remember=False)
    s.select(0, 39)
    s.create_and_apply("Meeting")
    s.select(25, 61)
    s.create_and_apply("Relationship")
    runs = s.runs()
    assert runs[0].start == 0 and runs[-1].end == len(TEXT_A)
    assert all(a.end == b.start for a, b in zip(runs, runs[1:]))
    assert max(len(r.coding_ids) for r in runs) == 2


def test_show_mine_or_everyone(project, tmp_path):
    s = CodingSession(project, remember=False)
    s.select(0, 3)
    s.create_and_apply("Participation")
    project.close()
    with Project.open(project.root, reviewer="AG") as other:
        theirs = CodingSession(other, show="mine", remember=False)
        assert theirs.codings() == []
        theirs.set_show("everyone")
        assert len(theirs.codings()) == 1


def test_progress_counts_this_reviewers_segments(project):
    s = CodingSession(project, remember=False)
    before = s.progress()
    assert (before.sources_coded, before.sources_total, before.segments_coded) == (0, 3, 0)
    s.select(0, 10)
    s.create_and_apply("Participation")
    after = s.progress()
    assert after.segments_coded == 1 and after.sources_coded == 1
    assert after.segments_total == before.segments_total == 6
    assert 0 < after.fraction < 1


def test_search_codes_ranks_prefix_then_label_then_definition(project):
    project.create_code("Trust", definition="belief")
    project.create_code("Mutual trust")
    project.create_code("Respect", definition="valuing trust shown by partners")
    s = CodingSession(project, remember=False)
    assert [c.label for c in s.search_codes("trust")] == ["Trust", "Mutual trust", "Respect"]
    assert [c.label for c in s.search_codes("")] == ["Mutual trust", "Respect", "Trust"]


def test_quotations_with_citation_and_page(project):
    s = CodingSession(project, remember=False)
    s.select(40, 61)
    s.create_and_apply("Trust")
    s.go_to("mckean")
    s.select(0, 15)
    s.apply("Trust")
    frame = s.quotations("Trust")
    assert list(frame["cite"]) == ["(Green and Dicks, 2012; p. 10)", "(McKean et al., 2017; p. 514)"]
    assert list(frame["quote"]) == ["Trust grew over time.", "Border disputes"]


def test_the_heading_names_the_pages_in_order_once(project):
    s = CodingSession(project, remember=False)
    assert s.citation() == "Green and Dicks, 2012; p. 10"
    project.add_text("One. Two. Three. Four. Five.", title="Extracts", source_id="extracts", study_id="mckean2017",
                     pages=((0, "521"), (5, ""), (10, "521-522"), (15, "524"), (20, "514")))
    s.go_to("extracts")
    assert s.citation() == "McKean et al., 2017; pp. 514, 521-522, 524"
    s.go_to("guide")
    assert s.citation() == "Guide"


def test_place_survives_a_restart(project):
    s = CodingSession(project)
    s.go_to("mckean")
    s.set_show("mine")
    root = project.root
    project.close()
    with Project.open(root, reviewer="NT") as again:
        restored = CodingSession(again)
        assert restored.source_id == "mckean" and restored.show == "mine"


def test_blind_double_coding_hides_other_reviewers_codes(project):
    s = CodingSession(project, remember=False)
    s.select(0, 3)
    s.create_and_apply("NT's own code")
    project.close()
    with Project.open(project.root, reviewer="AG") as other:
        blind = CodingSession(other, show="mine", remember=False)
        assert blind.search_codes("") == [] and blind.codings() == []
        blind.select(0, 3)
        blind.create_and_apply("AG's code")
        assert [c.label for c in blind.search_codes("")] == ["AG's code"]
        blind.set_show("everyone")
        assert [c.label for c in blind.search_codes("")] == ["AG's code", "NT's own code"]


def test_next_uncoded_wraps_round_and_says_when_all_is_coded(project):
    s = CodingSession(project, remember=False)
    s.go_to("guide")
    s.select(0, len("A grey document about trust."))
    s.create_and_apply("Grey")
    assert s.next_uncoded() == "green" and s.selection == (0, TEXT_A.index(" Trust"))
    for sid in ("green", "mckean"):
        s.go_to(sid)
        s.select(0, len(s.text))
        s.apply_last()
    assert s.next_uncoded() is None


def test_runs_match_a_brute_force_cut_for_many_overlapping_codings(project):
    import random

    s = CodingSession(project, remember=False)
    codes = [project.create_code(f"C{i}") for i in range(5)]
    rng = random.Random(7)
    for _ in range(40):
        a = rng.randrange(len(TEXT_A) - 1)
        b = rng.randrange(a + 1, len(TEXT_A) + 1)
        try:
            project.apply_code("green", a, b, rng.choice(codes))
        except ActionError:
            pass  # the same code on the same span twice
    codings = [c for c in s.codings("green")]
    for run in s.runs("green"):
        expected = tuple(c.coding_id for c in codings if c.start < run.end and c.end > run.start)
        assert run.coding_ids == expected
    assert [r.start for r in s.runs("green")][0] == 0 and s.runs("green")[-1].end == len(TEXT_A)
