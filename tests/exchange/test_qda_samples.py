"""Importing files made by other tools: the REFI-QDA reference samples.

The samples are read from ../shared (never copied into the repository). The NVivo
sample's text is public comments with user handles: these tests compare counts
only, so that nothing of its text can appear in test output.
"""

from __future__ import annotations

import unicodedata
import zipfile
from collections import Counter

import pytest
from defusedxml import ElementTree as ET

from synthesis.errors import InputError
from synthesis.exchange import import_file, read_file, themes
from synthesis.project import Project

from qda_helpers import SAMPLES, needs_shared, snapshot

pytestmark = needs_shared
NS = "{urn:QDA-XML:project:1.0}"


def test_atlas_project_users_and_code_tree(tmp_path):
    project = Project.init(tmp_path / "p")
    report = import_file(project, SAMPLES / "target-atlas-project.qdpx")
    assert report.origin.startswith("ATLAS.ti")
    assert dict(report.users) == {"Enric Llagostera": "Enric_Llagostera", "ATLAS.ti": "ATLAS.ti"}
    assert project.reviewers == ["ATLAS.ti", "Enric_Llagostera"]
    labels = sorted(c.label for c in project.codes.values())
    assert labels == ["2022-02-11T10:39:25Z cdbfd92", "2022-05-10T02:05:59Z 19e4dce", "Commits"]
    assert report.sources == () and report.n_codings == 0
    if themes.available():
        from synthesis.themes.query import codes_of, themes as all_themes

        (commits,) = all_themes(project)
        assert commits.name == "Commits" and commits.level == "descriptive"
        assert sorted(c.label for c in codes_of(project, commits)) == labels


def test_atlas_project_without_themes_keeps_child_codes(tmp_path, monkeypatch):
    monkeypatch.setattr(themes, "_api", lambda: None)
    project = Project.init(tmp_path / "p")
    report = import_file(project, SAMPLES / "target-atlas-project.qdpx")
    assert len(project.codes) == 3
    project = Project.open(project.root)
    commits = project.code("Commits")
    assert sorted(c.parent for c in project.codes.values()) == ["", commits.code_id, commits.code_id]
    assert not any("flattened" in n for n in report.notices)  # nothing lost: no folder to keep


def test_codebook_folders_flattened_without_themes(tmp_path, monkeypatch):
    monkeypatch.setattr(themes, "_api", lambda: None)
    project = Project.init(tmp_path / "p")
    report = import_file(project, SAMPLES / "portableQDA_Atlasti.qdc", reviewer="AG")
    assert any("flattened" in n for n in report.notices)


def test_atlas_codebook_with_its_0_4_namespace(tmp_path):
    raw = (SAMPLES / "portableQDA_Atlasti.qdc").read_bytes()
    assert b"urn:QDA-XML:codebook:0:4" in raw
    project = Project.init(tmp_path / "p")
    with pytest.raises(InputError, match="reviewer"):
        import_file(project, SAMPLES / "portableQDA_Atlasti.qdc")
    report = import_file(project, SAMPLES / "portableQDA_Atlasti.qdc", reviewer="AG")
    labels = {c.label for c in project.codes.values()}
    assert {"code1", "code1.1", "code2", "code:3.1"} <= labels
    assert "code3" not in labels  # a folder that cannot be coded: a theme, or (without themes) reported
    assert {c.created_by for c in project.codes.values()} == {"AG"}
    assert any("Sets" in n for n in report.notices)
    if themes.available():
        from synthesis.themes.query import themes as all_themes

        assert {t.name for t in all_themes(project)} == {"code1", "code3"}


@pytest.mark.parametrize("namespace", ["urn:QDA-XML:codebook:1.0", "urn:QDA-XML:codebook:1:0"])
def test_codebook_namespaces_accepted(tmp_path, namespace):
    raw = (SAMPLES / "portableQDA_Atlasti.qdc").read_text(encoding="utf-8")
    path = tmp_path / "book.qdc"
    path.write_text(raw.replace("urn:QDA-XML:codebook:0:4", namespace), encoding="utf-8")
    assert len(read_file(path).all_codes()) == 5


def test_other_codebook_namespace_refused(tmp_path):
    raw = (SAMPLES / "portableQDA_Atlasti.qdc").read_text(encoding="utf-8")
    path = tmp_path / "book.qdc"
    path.write_text(raw.replace("urn:QDA-XML:codebook:0:4", "urn:example:other"), encoding="utf-8")
    with pytest.raises(InputError, match="CodeBook.*namespace 'urn:example:other'"):
        read_file(path)


def _nvivo_expected() -> dict[str, list[tuple[str, int, int]]]:
    """For each selection GUID: the quote NVivo meant, worked out independently (UTF-16 units)."""
    archive = zipfile.ZipFile(SAMPLES / "oltas0517.qdpx")
    root = ET.fromstring(archive.read("project.qde"))
    out = {}
    for source in root.iter(f"{NS}TextSource"):
        member = "Sources/" + source.get("plainTextPath").split("://")[1]
        units = archive.read(member).decode("utf-8").lstrip("\ufeff").encode("utf-16-le")
        for sel in source.iter(f"{NS}PlainTextSelection"):
            start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
            quote = units[2 * start:2 * end].decode("utf-16-le").replace("\r\n", "\n")
            out[sel.get("guid")] = unicodedata.normalize("NFC", quote)
    return out


def _mismatches(found: list[str], wanted: list[str]) -> int:
    """How many quotes differ between two lists, ignoring order (a count: no text printed)."""
    a, b = Counter(found), Counter(wanted)
    return sum((a - b).values()) + sum((b - a).values())


def test_nvivo_sample_all_303_selections_placed(tmp_path):
    # only plain numbers are asserted: a failing assertion then shows no text from the sample
    project = Project.init(tmp_path / "p")
    report = import_file(project, SAMPLES / "oltas0517.qdpx")
    origin_ok = report.origin == "NVivo for Windows 12.6"
    utf16 = [c for _, c in report.conventions] == ["UTF-16 code units (NVivo)"]
    counts = (report.selections, len(report.unplaced), report.n_codings, len(project.codings))
    assert origin_ok and utf16 and counts == (303, 0, 303, 303)
    shape = (len(project.sources), len(project.reviewers), len(project.codes), len(project.problems))
    assert shape == (2, 2, 151, 0)
    codings = list(project.codings.values())
    off = sum(1 for c in codings if project.text(c.source_id)[c.start:c.end] != c.quote)
    wrong = _mismatches([c.quote for c in codings], list(_nvivo_expected().values()))
    assert (off, wrong) == (0, 0)


def _broken_copy(tmp_path):
    """A copy of the sample whose first selection starts past its end (cannot be placed)."""
    source = zipfile.ZipFile(SAMPLES / "oltas0517.qdpx")
    qde = source.read("project.qde").replace(b'startPosition="', b'startPosition="9', 1)
    path = tmp_path / "broken.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            out.writestr(name, qde if name == "project.qde" else source.read(name))
    return path


def test_nvivo_selection_that_cannot_be_placed_is_reported(tmp_path):
    broken = _broken_copy(tmp_path)
    project = Project.init(tmp_path / "p")
    before = snapshot(project.root)
    with pytest.raises(InputError, match="cannot be placed"):
        import_file(project, broken, strict=True)
    unchanged = snapshot(project.root) == before
    report = import_file(project, broken)
    said = "not imported" in report.unplaced[0]
    assert unchanged and said and (len(report.unplaced), report.n_codings) == (1, 302)
