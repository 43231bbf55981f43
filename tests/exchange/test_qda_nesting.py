"""Child codes in REFI-QDA files: nested codable <Code> elements out, child codes back in."""

from __future__ import annotations

import zipfile

import pytest
from defusedxml import ElementTree as ET

from qda_helpers import SAMPLES, needs_shared
from synthesis.exchange import export_qdpx, import_file, themes
from synthesis.exchange.guids import local_id
from synthesis.exchange.qdc import export_qdc, qdc_bytes
from synthesis.project import Project

NS = "{urn:QDA-XML:project:1.0}"


def _tree(project: Project) -> set[tuple[str, str]]:
    """(code, parent code) by label; "" for a code at the top."""
    return {(c.label, project.codes[c.parent].label if c.parent else "") for c in project.codes.values()}


def _nested(tmp_path) -> Project:
    p = Project.init(tmp_path / "nested", reviewer="AG")
    p.add_text("Trust grew over time. Both partners acted quickly.", title="Note", source_id="note")
    for label in ("Relationships", "Trust", "Early trust", "Late trust", "Speed"):
        p.create_code(label)
    p.nest_code("Trust", "Relationships")
    p.nest_code("Early trust", "Trust")
    p.nest_code("Late trust", "Trust")
    p.apply_code("note", 0, 5, "Early trust")
    return p


WANTED = {("Relationships", ""), ("Trust", "Relationships"), ("Early trust", "Trust"), ("Late trust", "Trust"),
          ("Speed", "")}


def _code_elements(data: bytes, ns: str) -> dict[str, tuple[str, bool]]:
    """Each code's name -> (its parent <Code>'s name or "", whether that parent can be coded)."""
    root = ET.fromstring(data)
    found = {}
    for parent in root.iter(f"{ns}Code"):
        for child in parent.findall(f"{ns}Code"):
            found[child.get("name")] = (parent.get("name"), parent.get("isCodable") == "true")
    for holder in root.iter(f"{ns}Codes"):
        for top in holder.findall(f"{ns}Code"):
            found[top.get("name")] = ("", False)
    return found


def test_export_writes_child_codes_inside_their_parent(tmp_path, validate):
    project = _nested(tmp_path)
    path = tmp_path / "n.qdpx"
    export_qdpx(project, path)
    qde = zipfile.ZipFile(path).read("project.qde")
    validate(qde)
    elements = _code_elements(qde, NS)
    assert elements["Early trust"] == ("Trust", True) and elements["Trust"] == ("Relationships", True)
    assert elements["Relationships"] == ("", False) and elements["Speed"] == ("", False)
    data, report = qdc_bytes(project)
    validate(data)
    assert report.codes == 5
    assert _code_elements(data, "{urn:QDA-XML:codebook:1.0}")["Late trust"] == ("Trust", True)


def test_round_trip_keeps_the_nesting_and_makes_no_themes(tmp_path):
    project = _nested(tmp_path)
    path = tmp_path / "n.qdpx"
    export_qdpx(project, path)
    copy = Project.init(tmp_path / "copy")
    import_file(copy, path)
    copy = Project.open(copy.root)
    assert _tree(copy) == WANTED and copy.problems == []
    if themes.available():
        from synthesis.themes.query import themes as all_themes

        assert all_themes(copy) == []
    again = import_file(copy, path)  # importing again adds nothing
    assert again.codes == 0 and not [e for e in Project.open(copy.root).events[len(copy.events):]
                                     if e.type == "code.move"]
    book = tmp_path / "n.qdc"
    export_qdc(project, book)
    from_book = Project.init(tmp_path / "book")
    import_file(from_book, book, reviewer="AG")
    assert _tree(Project.open(from_book.root)) == WANTED


def test_round_trip_with_themes_keeps_themes_and_child_codes(tmp_path):
    if not themes.available():
        return
    from synthesis.themes.query import codes_of, themes as all_themes
    from synthesis.themes import api

    project = _nested(tmp_path)
    theme = api.create_theme(project, "Working together", level="descriptive")
    api.assign(project, theme, ["Relationships", "Speed"])
    path = tmp_path / "t.qdpx"
    export_qdpx(project, path)
    copy = Project.init(tmp_path / "copy")
    import_file(copy, path)
    copy = Project.open(copy.root)
    assert _tree(copy) == WANTED
    (again,) = all_themes(copy)
    assert again.name == "Working together"
    assert sorted(c.label for c in codes_of(copy, again)) == ["Relationships", "Speed"]


def test_a_nested_code_in_a_theme_is_reported_on_export(tmp_path):
    if not themes.available():
        return
    from synthesis.themes import api

    project = _nested(tmp_path)
    theme = api.create_theme(project, "Working together", level="descriptive")
    api.assign(project, theme, ["Early trust"])
    _, report = qdc_bytes(project)
    assert any("Early trust" in n and "parent code 'Trust'" in n for n in report.notices)


def test_import_keeps_nesting_under_an_existing_code_that_runs_the_other_way(tmp_path):
    """The file nests 'Early trust' under 'Trust'; the project has 'Trust' under 'Early trust':
    the codebook's own places stay, with notices."""
    source = _nested(tmp_path)
    path = tmp_path / "n.qdpx"
    export_qdpx(source, path)
    target = Project.init(tmp_path / "t", reviewer="AG")
    target.create_code("Trust")
    target.create_code("Early trust")
    target.nest_code("Trust", "Early trust")
    target.close()
    report = import_file(Project.open(target.root), path)
    target = Project.open(target.root)
    assert any("inside itself" in n for n in report.notices)
    assert any("'Trust' stays under 'Early trust'" in n for n in report.notices)
    assert target.problems == []
    assert target.code("Trust").parent == target.code("Early trust").code_id


@needs_shared
def test_nvivo_sample_node_hierarchy_survives(tmp_path):
    # only counts and ids are compared: nothing of the sample's text reaches test output
    root = ET.fromstring(zipfile.ZipFile(SAMPLES / "oltas0517.qdpx").read("project.qde"))
    wanted = {local_id("code", child.get("guid")): local_id("code", parent.get("guid"))
              for parent in root.iter(f"{NS}Code") if parent.get("isCodable") == "true"
              for child in parent.findall(f"{NS}Code") if child.get("isCodable") == "true"}
    project = Project.init(tmp_path / "p")
    import_file(project, SAMPLES / "oltas0517.qdpx")
    project = Project.open(project.root)
    found = {cid: c.parent for cid, c in project.codes.items() if c.parent}
    assert len(wanted) > 100
    assert (len(found), found == wanted, len(project.problems)) == (len(wanted), True, 0)


@needs_shared
def test_atlas_codebook_child_codes(tmp_path):
    project = Project.init(tmp_path / "p")
    import_file(project, SAMPLES / "portableQDA_Atlasti.qdc", reviewer="AG")
    project = Project.open(project.root)
    assert ("code1.1", "code1") in _tree(project)
    assert ("code:3.1", "") in _tree(project)  # under a folder that cannot be coded: a theme, not a parent


def _members(project: Project) -> dict[tuple[str, str], list[str]]:
    """(theme name, level) -> the labels of the codes it groups."""
    from synthesis.themes.query import codes_of, themes as all_themes

    return {(t.name, t.level): sorted(c.label for c in codes_of(project, t)) for t in all_themes(project)}


def _round_trip(project: Project, path, tmp_path) -> tuple[Project, object]:
    (export_qdpx if path.suffix == ".qdpx" else export_qdc)(project, path)
    copy = Project.init(tmp_path / f"copy-{path.suffix[1:]}")
    report = import_file(copy, path, reviewer="AG")
    return Project.open(copy.root), report


def _child_codes_in_themes(tmp_path) -> Project:
    from synthesis.themes import api

    project = _nested(tmp_path)
    early = api.create_theme(project, "Getting started", level="descriptive")
    api.assign(project, early, ["Early trust"])  # a theme whose only code sits under a parent code
    later = api.create_theme(project, "Keeping going", level="descriptive")
    api.assign(project, later, ["Late trust", "Speed", "Trust"])
    question = api.create_theme(project, "Partnership", level="analytical")
    api.assign(project, question, [early, later])
    return project


@pytest.mark.parametrize("suffix", [".qdpx", ".qdc"])
def test_child_codes_keep_their_parent_and_their_themes_on_a_round_trip(tmp_path, suffix, validate):
    if not themes.available():
        return
    project = _child_codes_in_themes(tmp_path)
    wanted = _members(project)
    assert wanted[("Getting started", "descriptive")] == ["Early trust"]
    copy, report = _round_trip(project, tmp_path / f"t{suffix}", tmp_path)
    if suffix == ".qdc":
        validate((tmp_path / "t.qdc").read_bytes())
    else:
        validate(zipfile.ZipFile(tmp_path / "t.qdpx").read("project.qde"))
    assert _tree(copy) == WANTED and copy.problems == []
    assert _members(copy) == wanted
    assert not [n for n in report.notices if "not imported" in n]
    again = import_file(copy, tmp_path / f"t{suffix}", reviewer="AG")  # nothing new the second time
    assert again.codes == 0 and len(Project.open(copy.root).events) == len(copy.events)


def test_a_codebook_reads_its_sets_of_codes(tmp_path):
    """A .qdc names a set's member codes with ``guid`` (a project with ``targetGUID``): both are read."""
    if not themes.available():
        return
    from synthesis.exchange.qdc import read_qdc

    project = _child_codes_in_themes(tmp_path)
    export_qdc(project, tmp_path / "t.qdc")
    book = read_qdc(tmp_path / "t.qdc")
    wanted = {"Partnership": 4, "Getting started": 1, "Keeping going": 3}
    assert {s.name: len(s.codes) for s in book.sets} == wanted
    assert not [n for n in book.skipped if "Sets" in n]
    # a codebook cut out of a project names members as a project does
    data = (tmp_path / "t.qdc").read_bytes().replace(b"<MemberCode guid=", b"<MemberCode targetGUID=")
    assert data.count(b"targetGUID=") == 8
    (tmp_path / "cut.qdc").write_bytes(data)
    assert {s.name: len(s.codes) for s in read_qdc(tmp_path / "cut.qdc").sets} == wanted
