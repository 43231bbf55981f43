"""Two reviewers who create the same label at the same moment: the fold keeps both codes,
reports the clash, and merging (or renaming one) resolves it; then everything works."""

from __future__ import annotations

import json
import shutil

import pytest

from synthesis import Project
from synthesis.errors import ActionError


@pytest.fixture()
def clash(tmp_path):
    """NT and AG each create 'Trust' in their own copy; the logs then meet (git, a shared drive)."""
    root = tmp_path / "r"
    with Project.init(root, reviewer="NT") as p:
        p.add_text("Trust grew between partners. Respect followed.", title="Notes", source_id="notes")
    other = tmp_path / "other"
    shutil.copytree(root, other)
    with Project.open(root, reviewer="NT") as p:
        p.apply_code("notes", 0, 11, p.create_code("Trust"))
    with Project.open(other, reviewer="AG") as p:
        p.apply_code("notes", 0, 27, p.create_code("trust"))
    shutil.copy(other / "codebooks/logs/AG.jsonl", root / "codebooks/logs/AG.jsonl")
    return root


def test_both_codes_are_kept_and_the_clash_is_reported(clash):
    project = Project.open(clash)
    assert sorted(c.label for c in project.codes.values()) == ["Trust", "trust"]
    [problem] = [p for p in project.problems if p.kind == "duplicate-label"]
    assert "2 codes are labelled" in problem.message and "merge them" in problem.message
    with pytest.raises(ActionError, match="2 codes are labelled 'Trust'.*merge_codes"):
        project.code("Trust")


def test_merging_resolves_the_clash_and_everything_works_again(clash):
    with Project.open(clash, reviewer="AG") as project:
        first, second = project.duplicate_labels()[0]
        project.merge_codes([second.code_id], into=first.code_id)
        assert not project.duplicate_labels() and not [p for p in project.problems if p.kind == "duplicate-label"]
        assert project.code("trust").code_id == first.code_id
        assert len([c for c in project.codings.values() if c.code_id == first.code_id]) == 2
        project.rename_code("Trust", "Mutual trust")
        project.create_code("Trust")  # the label is free again
        assert project.undo() and project.undo()


def test_renaming_one_resolves_the_clash(clash):
    with Project.open(clash, reviewer="AG") as project:
        first, second = project.duplicate_labels()[0]
        project.rename_code(second.code_id, "Trust (as AG saw it)")
        assert not project.duplicate_labels()
        assert project.code("Trust").code_id == first.code_id


def test_a_copied_line_counts_once_and_a_diverging_edit_is_reported(clash):
    log = clash / "codebooks/logs/NT.jsonl"
    lines = log.read_text(encoding="utf-8").splitlines()
    changed = json.loads(lines[-1])
    changed["data"]["quote"] = "Trust grew"  # another edit of the same event elsewhere
    changed["data"]["end"] = 10
    log.write_text("\n".join([*lines, lines[-1], json.dumps(changed)]) + "\n", encoding="utf-8")
    project = Project.open(clash)
    kinds = [p.kind for p in project.problems]
    assert kinds.count("duplicate-event") == 1 and kinds.count("diverging-event") == 1
    assert len([c for c in project.codings.values() if c.reviewer == "NT"]) == 1


def test_a_colour_that_is_not_a_colour_never_reaches_a_code(clash):
    log = clash / "codebooks/logs/AG.jsonl"
    last = json.loads(log.read_text(encoding="utf-8").splitlines()[-1])
    bad = {**last, "id": f"AG:{last['seq'] + 1}", "seq": last["seq"] + 1, "clock": last["clock"] + 1,
           "type": "code.update", "data": {"code_id": next(iter(Project.open(clash).codes)),
                                           "colour": 'red" onmouseover="alert(1)'}}
    with open(log, "a", encoding="utf-8") as out:
        out.write(json.dumps(bad) + "\n")
    project = Project.open(clash)
    assert all(c.colour.startswith("#") for c in project.codes.values())
    assert [p for p in project.problems if p.kind == "invalid-colour"]
    with Project.open(clash, reviewer="NT") as p, pytest.raises(ActionError, match="#rrggbb"):
        p.create_code("Respect", colour="url(javascript:alert(1))")


@pytest.mark.parametrize("name", ["NT\n", "A/B", "con", "N\x00T", "../etc"])
def test_names_that_would_make_odd_files_are_refused(tmp_path, name):
    root = tmp_path / "r"
    Project.init(root).close()
    with pytest.raises(ActionError):
        Project.open(root, reviewer=name)
    assert not list((root / "codebooks/logs").iterdir())


@pytest.mark.parametrize("label", ["Trust\x1b[31m", "Trust\u202eevil", "x" * 300])
def test_code_labels_with_control_characters_are_refused(tmp_path, label):
    with Project.init(tmp_path / "r", reviewer="NT") as project, pytest.raises(ActionError):
        project.create_code(label)


def test_the_codebook_tab_offers_merging_codes_of_the_same_label(clash):
    from synthesis.widgets import CodingView

    with Project.open(clash, reviewer="NT") as project:
        view = CodingView(project)
        assert view.clash_box.layout.display == "flex"
        assert "2 codes are labelled" in view.clash_info.value
        view.clash_button.click()
        assert not project.duplicate_labels() and view.clash_box.layout.display == "none"
        assert "merged the codes labelled Trust" in view.status.value
        project.undo()
        view.refresh()
        assert view.clash_box.layout.display == "flex"
