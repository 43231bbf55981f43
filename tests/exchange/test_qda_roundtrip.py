"""Export, import into a new project, export again: the same sources, offsets, codes,
users and codings (and here, the same bytes)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from synthesis.exchange import export_qdpx, import_file, read_file, themes
from synthesis.project import Project


def _round_trip(project: Project, tmp_path: Path, name: str) -> tuple[Project, Path, Path]:
    first = tmp_path / f"{name}-1.qdpx"
    export_qdpx(project, first)
    copy = Project.init(tmp_path / f"{name}-copy", name=read_file(first).name)
    report = import_file(copy, first)
    assert not report.unplaced and report.selections > 0
    second = tmp_path / f"{name}-2.qdpx"
    export_qdpx(Project.open(copy.root), second)
    return Project.open(copy.root), first, second


def _content(project: Project) -> dict:
    codes = {c.code_id: c for c in project.codes.values()}
    return {
        "sources": sorted((s.source_id, s.title, s.study_id, s.kind, s.original_name, s.sha256, s.pages)
                          for s in project.sources.values()),
        "texts": {sid: project.text(sid) for sid in project.sources},
        "studies": sorted(project.studies.values(), key=lambda s: s.study_id),
        "codes": sorted((c.label, c.definition, c.colour) for c in codes.values()),
        "codings": sorted((c.source_id, c.start, c.end, c.quote, codes[c.code_id].label, c.reviewer, c.time)
                          for c in project.codings.values()),
        "users": project.reviewers,
        "memos": sorted((m.target_kind, m.text, m.author) for m in project.memos.values()),
    }


def test_example_review_round_trip(example, tmp_path):
    original = Project.open(example)
    copy, first, second = _round_trip(original, tmp_path, "example")
    assert first.read_bytes() == second.read_bytes()
    assert _content(copy) == _content(original)
    assert copy.problems == []
    if themes.available():
        from synthesis.themes.query import themes as all_themes

        assert sorted((t.level, t.name) for t in all_themes(copy)) == \
            sorted((t.level, t.name) for t in all_themes(original))


def test_hand_made_round_trip_keeps_accents_quotes_emoji(hand_made, tmp_path):
    copy, first, second = _round_trip(hand_made, tmp_path, "hand")
    assert first.read_bytes() == second.read_bytes()
    assert _content(copy) == _content(hand_made)
    quotes = {c.quote for c in copy.codings.values()}
    assert {"\u201cc\u2019est la confiance\u201d", "\U0001F600", "\u201ctrust\u201d"} == quotes
    assert "\r" not in copy.text("entretien") and "Caf\u00e9 cr\u00e8me" in copy.text("entretien")


def test_importing_twice_adds_nothing_new(hand_made, tmp_path):
    path = tmp_path / "h.qdpx"
    export_qdpx(hand_made, path)
    target = Project.init(tmp_path / "t")
    import_file(target, path)
    before = _content(Project.open(target.root))
    again = import_file(target, path)
    assert again.n_codings == 0 and again.codes == 0 and again.new_sources == 0 and again.memos == 0
    assert not [n for n in again.notices if "not attached" in n]
    assert _content(Project.open(target.root)) == before


def test_importing_a_projects_own_export_into_it_changes_nothing(example, tmp_path):
    """Memos as well as codes and codings: an export coming home is recognised by its GUIDs."""
    path = tmp_path / "own.qdpx"
    project = Project.open(example)
    assert project.memos
    export_qdpx(project, path)
    before = _content(project)
    report = import_file(project, path, reviewer="NT")
    assert report.memos == 0 and report.n_codings == 0 and report.codes == 0
    assert _content(Project.open(example)) == before


def test_import_into_a_project_that_has_the_sources_places_codings_there(hand_made, tmp_path):
    path = tmp_path / "h.qdpx"
    export_qdpx(hand_made, path)
    target = Project.init(tmp_path / "t", reviewer="ZZ")
    target.add_text(hand_made.text("entretien"), title="Same text, other id", source_id="other-id")
    target.close()
    report = import_file(Project.open(target.root), path)
    assert report.new_sources == 0 and report.sources == ("other-id",)
    assert {c.source_id for c in Project.open(target.root).codings.values()} == {"other-id"}


def test_round_trip_without_themes_is_flat_and_complete(example, tmp_path, monkeypatch):
    monkeypatch.setattr(themes, "_api", lambda: None)
    original = Project.open(example)
    copy, first, second = _round_trip(original, tmp_path, "flat")
    assert zipfile.ZipFile(first).read("project.qde") == zipfile.ZipFile(second).read("project.qde")
    assert _content(copy) == _content(original)


@pytest.mark.parametrize("reviewer", [None, "AG"])
def test_each_user_gets_their_own_log(hand_made, tmp_path, reviewer):
    path = tmp_path / "h.qdpx"
    export_qdpx(hand_made, path)
    target = Project.init(tmp_path / "t")
    import_file(target, path, reviewer=reviewer)
    logs = sorted(p.name for p in (target.root / "codebooks" / "logs").glob("*.jsonl"))
    assert logs == ["AG.jsonl", "NT.jsonl"]
    mine = {c.reviewer for c in target.codings.values()}
    assert mine == {"AG", "NT"}
    assert {e.type for e in target.events if e.reviewer == "NT"} >= {"corpus.import", "coding.apply", "memo.write"}


@pytest.mark.skipif(not themes.available(), reason="needs synthesis.themes")
def test_a_code_in_two_themes_comes_back_in_both(example, tmp_path):
    """The code tree shows "Shared values" under one descriptive theme; the themes' sets bring back the other."""
    from synthesis.themes.query import themes as all_themes

    def holders(project: Project) -> list[str]:
        [code_id] = [c.code_id for c in project.codes.values() if c.label == "Shared values"]
        return sorted(t.name for t in all_themes(project, "descriptive") if code_id in t.members)

    copy, _, _ = _round_trip(Project.open(example), tmp_path, "sets")
    assert holders(copy) == holders(Project.open(example)) == [
        "Keeping the child and family at the centre", "Valuing each partner's expertise"]


def test_sets_that_are_no_theme_are_reported(tmp_path):
    """Another tool's sets: a set of codes that is no theme of ours, and a set of sources."""
    with Project.init(tmp_path / "p", reviewer="AG") as project:
        project.add_text("Trust grew.", title="T", source_id="t")
        code = project.create_code("trust")
    path = tmp_path / "a.qdpx"
    export_qdpx(Project.open(tmp_path / "p"), path)
    with zipfile.ZipFile(path) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    qde = members["project.qde"].decode()
    from synthesis.exchange.guids import guid_for

    sets = (f'<Sets><Set guid="11111111-2222-3333-4444-555555555555" name="Group A">'
            f'<MemberCode targetGUID="{guid_for("code", code.code_id)}" /></Set>'
            f'<Set guid="11111111-2222-3333-4444-666666666666" name="Documents">'
            f'<MemberSource targetGUID="{guid_for("source", "t")}" /></Set></Sets>')
    members["project.qde"] = qde.replace("</Project>", sets + "</Project>").replace(
        "synthesis 0.1.0", "OtherTool 1.0").encode()
    with zipfile.ZipFile(tmp_path / "b.qdpx", "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    report = import_file(Project.init(tmp_path / "copy"), tmp_path / "b.qdpx")
    notices = " | ".join(report.notices)
    assert "1 set of sources or notes (Sets): not imported" in notices
    if themes.available():
        assert "code set 'Group A' (Sets): not imported (only themes' sets are)" in notices
