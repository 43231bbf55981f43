"""Exporting .qdpx and .qdc: valid against the REFI-QDA schemas, reproducible, complete."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from defusedxml import ElementTree as ET

from synthesis.exchange import export_qdc, export_qdpx, qdc_bytes, qdpx_bytes, themes
from synthesis.exchange.guids import guid_for
from synthesis.project import Project

NS = "{urn:QDA-XML:project:1.0}"
CB = "{urn:QDA-XML:codebook:1.0}"


def _qde(path: Path) -> bytes:
    return zipfile.ZipFile(path).read("project.qde")


def test_example_review_exports_a_valid_reproducible_qdpx(example, tmp_path, validate):
    project = Project.open(example)
    report = export_qdpx(project, tmp_path / "a.qdpx")
    export_qdpx(Project.open(example), tmp_path / "b.qdpx")
    assert (tmp_path / "a.qdpx").read_bytes() == (tmp_path / "b.qdpx").read_bytes()
    validate(_qde(tmp_path / "a.qdpx"))
    assert (report.sources, report.codes, report.codings, report.memos) == (
        len(project.sources), len(project.codes), len(project.codings), len(project.memos))
    archive = zipfile.ZipFile(tmp_path / "a.qdpx")
    names = archive.namelist()
    assert names == sorted(names) and names[0] == "project.qde"
    assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in archive.infolist())
    root = ET.fromstring(archive.read("project.qde"))
    paths = [e.get("plainTextPath") for e in root.iter() if e.get("plainTextPath")]
    assert sorted(n for n in names if n.startswith("sources/")) == sorted(p.replace("internal://", "sources/")
                                                                         for p in paths)
    assert len(list(root.iter(f"{NS}TextSource"))) == len(project.sources)


def test_selections_are_code_points_over_the_stored_text(hand_made, tmp_path, validate):
    export_qdpx(hand_made, tmp_path / "h.qdpx")
    archive = zipfile.ZipFile(tmp_path / "h.qdpx")
    qde = archive.read("project.qde")
    validate(qde)
    root = ET.fromstring(qde)
    source = root.find(f"{NS}Sources/{NS}TextSource")
    member = source.get("plainTextPath").replace("internal://", "sources/")
    raw = archive.read(member)
    assert not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw
    text = raw.decode("utf-8")
    assert text == hand_made.text("entretien")
    selections = source.findall(f"{NS}PlainTextSelection")
    assert len(selections) == 3
    for sel in selections:
        start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
        assert text[start:end] == sel.get("name")
    assert "\U0001F600" in {s.get("name") for s in selections}


def test_users_codes_codings_notes_cases_are_all_there(hand_made, tmp_path):
    data, _ = qdpx_bytes(hand_made)
    root = ET.fromstring(zipfile.ZipFile(io.BytesIO(data)).read("project.qde"))
    users = {u.get("name"): u.get("guid") for u in root.iter(f"{NS}User")}
    assert users == {"AG": guid_for("user", "AG"), "NT": guid_for("user", "NT")}
    codes = {c.get("name"): c for c in root.iter(f"{NS}Code")}
    assert codes["Humeur \U0001F600"].get("color") == "#123ABC"
    assert codes["Confiance"].find(f"{NS}Description").text == "Belief that partners follow through"
    archive = zipfile.ZipFile(io.BytesIO(data))

    def note_text(note):  # memos on codes and sources are files, memos on codings inline
        path = note.get("plainTextPath")
        if path:
            return archive.read(path.replace("internal://", "sources/")).decode("utf-8")
        return note.find(f"{NS}PlainTextContent").text

    notes = {n.get("guid"): note_text(n) for n in root.iter(f"{NS}Note")}
    refs = {r.get("targetGUID") for r in root.iter(f"{NS}NoteRef")}
    assert set(notes) == refs and len(notes) == 3
    assert codes["Confiance"].find(f"{NS}NoteRef").get("targetGUID") in notes
    codings = list(root.iter(f"{NS}Coding"))
    assert {c.get("creatingUser") for c in codings} == set(users.values())
    assert all(c.get("creationDateTime") and c.find(f"{NS}CodeRef") is not None for c in codings)


def test_studies_become_cases_with_variables(example, tmp_path):
    project = Project.open(example)
    root = ET.fromstring(_qde_bytes(project))
    variables = {v.get("guid"): v.get("name") for v in root.iter(f"{NS}Variable")}
    assert {"study id", "citation", "year", "design", "source id", "pages"} <= set(variables.values())
    cases = root.findall(f"{NS}Cases/{NS}Case")
    assert len(cases) == len(project.studies)
    green = next(c for c in cases if c.get("name") == "Green and Dicks, 2012")
    values = {variables[v.find(f"{NS}VariableRef").get("targetGUID")]: v[1].text for v in green.findall(f"{NS}VariableValue")}
    assert values["study id"] == "green2012" and values["year"] == "2012"
    sources = {s.get("guid") for s in root.iter(f"{NS}TextSource")}
    assert {r.get("targetGUID") for r in green.findall(f"{NS}SourceRef")} <= sources


def _qde_bytes(project: Project) -> bytes:
    from synthesis.exchange import build_qde

    return build_qde(project)[0]


def test_no_empty_containers(tmp_path, validate):
    with Project.init(tmp_path / "empty", reviewer="AG") as p:
        p.add_text("Only text, nothing coded.", title="T", source_id="t")
    qde = _qde_bytes(Project.open(tmp_path / "empty"))
    validate(qde)
    root = ET.fromstring(qde)
    for name in ("Users", "CodeBook", "Codes", "Cases", "Notes", "Sets", "Variables", "Sources"):
        for elem in root.iter(f"{NS}{name}"):
            assert len(elem), f"empty <{name}>"
    bare = _qde_bytes(Project.init(tmp_path / "bare"))
    validate(bare)
    assert len(ET.fromstring(bare)) == 0


def test_codebook_qdc_is_valid_and_reproducible(example, tmp_path, validate):
    project = Project.open(example)
    report = export_qdc(project, tmp_path / "book.qdc")
    data = (tmp_path / "book.qdc").read_bytes()
    validate(data)
    assert data == qdc_bytes(Project.open(example))[0]
    root = ET.fromstring(data)
    assert root.tag == f"{CB}CodeBook"
    codable = [c for c in root.iter(f"{CB}Code") if c.get("isCodable") == "true"]
    assert report.codes == len(codable) == len(project.codes)


def test_themes_become_parent_codes(example, tmp_path, validate):
    from synthesis.themes.query import hierarchy

    assert themes.available()
    project = Project.open(example)
    tree = hierarchy(project)
    assert tree.analytical, "the example review has analytical themes"
    root = ET.fromstring(_qde_bytes(project))
    top = root.findall(f"{NS}CodeBook/{NS}Codes/{NS}Code")
    first = tree.analytical[0]
    node = next(c for c in top if c.get("name") == first.theme.name)
    assert node.get("isCodable") == "false"
    kids = [c.get("name") for c in node.findall(f"{NS}Code")]
    assert kids == [b.theme.name for b in first.branches][: len(kids)]
    leaf = node.find(f"{NS}Code/{NS}Code")
    assert leaf.get("isCodable") == "true"


def test_flat_codes_without_themes(example, monkeypatch, validate):
    monkeypatch.setattr(themes, "_api", lambda: None)
    project = Project.open(example)
    qde = _qde_bytes(project)
    validate(qde)
    top = ET.fromstring(qde).findall(f"{NS}CodeBook/{NS}Codes/{NS}Code")
    assert [c.get("name") for c in top] == [c.label for c in project.codes.values()]
    assert all(c.get("isCodable") == "true" and not c.findall(f"{NS}Code") for c in top)


def test_empty_codebook_is_refused(tmp_path):
    from synthesis.errors import ActionError

    with pytest.raises(ActionError, match="codebook is empty"):
        export_qdc(Project.init(tmp_path / "p"), tmp_path / "x.qdc")
    assert not (tmp_path / "x.qdc").exists()
