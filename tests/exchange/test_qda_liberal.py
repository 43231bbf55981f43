"""Files from other tools, read liberally and never changed silently: codebooks in every
namespace the tools write, ids that are not GUIDs, sources missing from the archive, and
a notice for every rename, merge or skip.

The real samples are read from ../shared (never copied); the NVivo sample is compared by
counts only, so none of its text can appear in test output.
"""

from __future__ import annotations

import hashlib
import re
import zipfile

import pytest
from qda_helpers import GUIDS, SAMPLES, foreign_qdpx, needs_shared, write_qdpx

from synthesis.errors import InputError
from synthesis.exchange import import_file, read_file, themes
from synthesis.exchange.guids import foreign_guid
from synthesis.project import Project

CODEBOOK_NAMESPACES = ["urn:QDA-XML:codebook:0:4", "urn:QDA-XML:codebook:1:0", "urn:QDA-XML:codebook:1.0"]
ATLAS_LABELS = ["2022-02-11T10:39:25Z cdbfd92", "2022-05-10T02:05:59Z 19e4dce", "Commits"]


def _atlas_qde() -> str:
    return zipfile.ZipFile(SAMPLES / "target-atlas-project.qdpx").read("project.qde").decode("utf-8")


def _labels(project: Project) -> list[str]:
    return sorted(c.label for c in project.codes.values())


# ------------------------------------------------------------ 1. codebook namespaces
@needs_shared
@pytest.mark.parametrize("namespace", CODEBOOK_NAMESPACES)
def test_a_codebook_in_a_codebook_namespace_inside_a_project_keeps_its_codes(tmp_path, namespace):
    """The ATLAS.ti sample with its CodeBook moved to a codebook namespace (as ATLAS.ti 9/23
    write a codebook): before, every code was lost without a word."""
    qde = _atlas_qde().replace("<CodeBook>", f'<CodeBook xmlns="{namespace}">')
    assert qde.count(namespace) == 1
    path = write_qdpx(tmp_path / "atlas-ns.qdpx", qde)
    assert len(read_file(path).all_codes()) == 3
    project = Project.init(tmp_path / "p")
    report = import_file(project, path)
    assert _labels(project) == ATLAS_LABELS
    assert [n for n in report.notices if namespace in n and "CodeBook" in n]


@needs_shared
def test_the_atlas_qdc_codebook_inside_a_project(tmp_path):
    """The real ATLAS.ti 9 codebook (namespace 0:4, with Sets) put inside the real ATLAS.ti project."""
    book = (SAMPLES / "portableQDA_Atlasti.qdc").read_text(encoding="utf-8")
    inner = book[book.index("<CodeBook "):book.index("</CodeBook>") + len("</CodeBook>")]
    qde = _atlas_qde()
    qde = qde[:qde.index("<CodeBook>")] + inner + qde[qde.index("</CodeBook>") + len("</CodeBook>"):]
    path = write_qdpx(tmp_path / "atlas-book.qdpx", qde)
    project = Project.init(tmp_path / "p")
    report = import_file(project, path, reviewer="AG")
    assert {"code1", "code1.1", "code2", "code:3.1"} <= {c.label for c in project.codes.values()}
    assert [n for n in report.notices if "urn:QDA-XML:codebook:0:4" in n]
    assert [n for n in report.notices if "2 code sets" in n and "not imported" in n]


@needs_shared
def test_a_qdc_in_the_project_namespace_is_read(tmp_path):
    raw = (SAMPLES / "portableQDA_Atlasti.qdc").read_text(encoding="utf-8")
    path = tmp_path / "book.qdc"
    path.write_text(raw.replace("urn:QDA-XML:codebook:0:4", "urn:QDA-XML:project:1.0"), encoding="utf-8")
    qda = read_file(path)
    assert len(qda.all_codes()) == 5
    assert [n for n in qda.skipped if "urn:QDA-XML:project:1.0" in n]
    project = Project.init(tmp_path / "p")
    import_file(project, path, reviewer="AG")
    assert {"code1", "code1.1", "code2", "code:3.1"} <= {c.label for c in project.codes.values()}


# ------------------------------------------------------------ 2. ids that are not GUIDs
def _atlas_with_plain_ids() -> tuple[str, dict[str, str]]:
    """The ATLAS.ti sample with every GUID replaced by an id such as 'C1' or '{code-1}'."""
    qde = _atlas_qde()
    found = list(dict.fromkeys(re.findall(r"[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}", qde)))
    plain = ["U1", "{user-2}", "C1", "{code-1}", " code-2 "]
    assert len(found) == len(plain)
    ids = dict(zip(found, plain))
    for guid, new in ids.items():
        qde = qde.replace(guid, new)
    return qde, ids


@needs_shared
def test_ids_that_are_not_guids_get_deterministic_guids(tmp_path):
    qde, ids = _atlas_with_plain_ids()
    path = write_qdpx(tmp_path / "plain.qdpx", qde)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    qda = read_file(path)
    wanted = {foreign_guid(digest, new) for new in ids.values()}
    assert {c.guid for c in qda.all_codes()} | {u.guid for u in qda.users} == wanted
    assert qda.creating_user == foreign_guid(digest, "U1")
    assert read_file(path) == qda  # the same file, the same GUIDs
    notices = [n for n in qda.skipped if "not a GUID" in n]
    assert len(notices) == 1 and notices[0].startswith("5 identifiers")

    project = Project.init(tmp_path / "p")
    report = import_file(project, path)
    assert _labels(project) == ATLAS_LABELS and project.reviewers == ["ATLAS.ti", "Enric_Llagostera"]
    assert any(n.startswith("5 identifiers") for n in report.notices)
    seen = len(Project.open(project.root).events)
    again = import_file(Project.open(project.root), path)
    assert again.codes == 0 and again.n_codings == 0 and again.themes == 0
    reopened = Project.open(project.root)
    assert _labels(reopened) == ATLAS_LABELS
    assert {e.type for e in reopened.events[seen:]} == {"corpus.import"}  # the import is recorded, nothing added


def test_references_to_ids_that_are_not_guids_follow(tmp_path):
    path = foreign_qdpx(tmp_path / "ids.qdpx", origin="Some tool 1.0", raw=b"Trust and reciprocity. Trust again.",
                        selections=[(0, 5, "Trust", "Ann Smith"), (23, 28, "Trust", "Ann Smith")])
    with zipfile.ZipFile(path) as archive:
        qde = archive.read("project.qde").decode("utf-8")
        text = archive.read(f"Sources/{GUIDS[3]}.txt")
    qde = qde.replace(GUIDS[2], "C1").replace(GUIDS[10], "{ann}").replace(f'guid="{GUIDS[100]}"', 'guid="sel-1"')
    path = write_qdpx(tmp_path / "ids.qdpx", qde, {f"Sources/{GUIDS[3]}.txt": text})
    project = Project.init(tmp_path / "p")
    report = import_file(project, path)
    assert report.n_codings == 2 and not report.unplaced
    assert {c.quote for c in project.codings.values()} == {"Trust"}
    assert {c.reviewer for c in project.codings.values()} == {"Ann_Smith"}
    assert [n for n in report.notices if n.startswith("3 identifiers") and "'C1'" in n]


# ------------------------------------------------------------ 3. sources missing from the archive
MISSING_QDE = (
    '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="Partial" '
    f'origin="Some tool" creatingUserGUID="{GUIDS[0]}">'
    f'<Users><User guid="{GUIDS[0]}" name="Ann"/></Users>'
    f'<CodeBook><Codes><Code guid="{GUIDS[1]}" name="Trust" isCodable="true"><NoteRef targetGUID="{GUIDS[40]}"/>'
    f'</Code><Code guid="{GUIDS[2]}" name="Hope" isCodable="true"/></Codes></CodeBook>'
    f'<Variables><Variable guid="{GUIDS[30]}" name="Study ID" typeOfVariable="Text"/></Variables>'
    f'<Cases><Case guid="{GUIDS[31]}" name="Green and Dicks, 2012"><VariableValue><VariableRef '
    f'targetGUID="{GUIDS[30]}"/><TextValue>green2012</TextValue></VariableValue>'
    f'<SourceRef targetGUID="{GUIDS[3]}"/><SourceRef targetGUID="{GUIDS[4]}"/></Case></Cases>'
    '<Sources>'
    f'<TextSource guid="{GUIDS[3]}" name="Interview 1" plainTextPath="internal://{GUIDS[3]}.txt">'
    f'<PlainTextSelection guid="{GUIDS[5]}" startPosition="0" endPosition="5" creatingUser="{GUIDS[0]}">'
    f'<Coding guid="{GUIDS[6]}" creatingUser="{GUIDS[0]}"><CodeRef targetGUID="{GUIDS[1]}"/></Coding>'
    '</PlainTextSelection></TextSource>'
    f'<TextSource guid="{GUIDS[4]}" name="Interview 3" plainTextPath="internal://{GUIDS[4]}.txt">'
    f'<PlainTextSelection guid="{GUIDS[7]}" startPosition="0" endPosition="4" creatingUser="{GUIDS[0]}">'
    f'<Coding guid="{GUIDS[8]}" creatingUser="{GUIDS[0]}"><CodeRef targetGUID="{GUIDS[1]}"/></Coding>'
    f'<Coding guid="{GUIDS[9]}" creatingUser="{GUIDS[0]}"><CodeRef targetGUID="{GUIDS[2]}"/></Coding>'
    f'</PlainTextSelection><Coding guid="{GUIDS[11]}" creatingUser="{GUIDS[0]}"><CodeRef targetGUID="{GUIDS[2]}"/>'
    '</Coding></TextSource></Sources>'
    f'<Notes><Note guid="{GUIDS[40]}" name="On trust" creatingUser="{GUIDS[0]}"><PlainTextContent>Trust is earned'
    '</PlainTextContent></Note></Notes></Project>')


def test_a_source_missing_from_the_archive_leaves_the_rest_to_import(tmp_path):
    path = write_qdpx(tmp_path / "partial.qdpx", MISSING_QDE, {f"sources/{GUIDS[3]}.txt": b"Trust and reciprocity."})
    project = Project.init(tmp_path / "p")
    report = import_file(project, path)
    assert (f"source 'Interview 3' (internal://{GUIDS[4]}.txt) is not in the file: its 3 codings were not "
            "imported") in report.notices
    assert _labels(project) == ["Hope", "Trust"]
    assert list(project.studies) == ["green2012"] and report.sources == ("interview-1",)
    assert [c.quote for c in project.codings.values()] == ["Trust"]
    assert [(m.target_kind, m.text) for m in project.memos.values()] == [("code", "Trust is earned")]
    again = import_file(Project.open(project.root), path)
    assert (again.codes, again.n_codings, again.memos, again.new_sources) == (0, 0, 0, 0)


def test_a_note_missing_from_the_archive_is_reported(tmp_path):
    qde = MISSING_QDE.replace(f'<Note guid="{GUIDS[40]}" name="On trust"',
                              f'<Note guid="{GUIDS[40]}" name="On trust" plainTextPath="internal://{GUIDS[40]}.txt"')
    qde = qde.replace("<PlainTextContent>Trust is earned</PlainTextContent>", "")
    path = write_qdpx(tmp_path / "partial.qdpx", qde, {f"sources/{GUIDS[3]}.txt": b"Trust and reciprocity."})
    report = import_file(Project.init(tmp_path / "p"), path)
    assert f"note 'On trust' (internal://{GUIDS[40]}.txt) is not in the file: not imported" in report.notices
    assert report.memos == 0 and report.n_codings == 1


@needs_shared
def test_the_nvivo_sample_without_one_of_its_texts(tmp_path):
    """The real NVivo export with the text of its coded source taken out: codes, users and the
    other source are imported, the missing one is reported with its number of codings."""
    source = zipfile.ZipFile(SAMPLES / "oltas0517.qdpx")
    coded = max((n for n in source.namelist() if n.endswith(".txt")), key=lambda n: source.read("project.qde")
                .count(n.rsplit("/", 1)[1].split(".")[0].encode()))
    qde = source.read("project.qde").decode("utf-8")
    guid = coded.rsplit("/", 1)[1].split(".")[0]
    start = qde.index(f'guid="{guid}"')
    element = qde[qde.rindex("<TextSource", 0, start):qde.index("</TextSource>", start)]
    codings = element.count("<Coding ")
    path = tmp_path / "partial.qdpx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            if name != coded:
                out.writestr(name, source.read(name))
    project = Project.init(tmp_path / "p")
    report = import_file(project, path)
    said = [n for n in report.notices if f"internal://{guid}.txt) is not in the file: its {codings} codings" in n]
    counts = (len(said), codings, len(project.sources), len(project.codes), report.n_codings, len(report.unplaced))
    assert counts == (1, 303, 1, 151, 0, 0)


# ------------------------------------------------------------ 4. every rename, merge and skip is said
CLASH_QDE = (
    '<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="Clashes">'
    f'<Users><User guid="{GUIDS[0]}" name="Ann Smith"/><User guid="{GUIDS[1]}" name="ann smith"/></Users>'
    f'<CodeBook><Codes><Code guid="{GUIDS[2]}" name="Trust" isCodable="true" color="red"/>'
    f'<Code guid="{GUIDS[3]}" name="Barriers" isCodable="true"><Code guid="{GUIDS[4]}" name="trust" '
    'isCodable="true"/></Code>'
    f'<Code guid="{GUIDS[5]}" name="  Hope   and  fear " isCodable="true"/></Codes></CodeBook></Project>')


def test_renames_and_merges_are_notices(tmp_path):
    path = write_qdpx(tmp_path / "clash.qdpx", CLASH_QDE)
    project = Project.init(tmp_path / "p")
    report = import_file(project, path, reviewer="AG")
    notices = report.notices
    assert set(_labels(project)) >= {"Trust", "trust (Barriers)", "Hope and fear", "Barriers"}
    assert "code 'trust' was renamed 'trust (Barriers)': 'Trust' is another code of this file (labels are " \
        "compared ignoring case)" in notices
    assert "code 'Hope   and  fear' is called 'Hope and fear' (white space inside a label is one space)" in notices
    assert [n for n in notices if n.startswith("code 'Trust': colour 'red' is not #RRGGBB")]
    assert dict(report.users) == {"Ann Smith": "Ann_Smith", "ann smith": "ann_smith-2"}
    assert [n for n in notices if n.startswith("user 'ann smith' is reviewer 'ann_smith-2'")]
    assert [n for n in notices if n.startswith("user 'Ann Smith' is reviewer 'Ann_Smith'")]


def test_a_code_joined_to_one_that_differs_in_case_is_said(tmp_path):
    with Project.init(tmp_path / "p", reviewer="AG") as p:
        p.create_code("trust")
    report = import_file(Project.open(tmp_path / "p"), write_qdpx(tmp_path / "clash.qdpx", CLASH_QDE), reviewer="AG")
    project = Project.open(tmp_path / "p")
    assert "code 'Trust' joins the codebook's code 'trust' (labels are compared ignoring case): its codings " \
        "join it" in report.notices
    # the file's second "trust" cannot join the same code twice: it is renamed, and that is said
    assert "code 'trust' was renamed 'trust (Barriers)': 'trust' is already in the codebook (labels are compared " \
        "ignoring case)" in report.notices
    assert sorted(c.label for c in project.codes.values()) == ["Barriers", "Hope and fear", "trust",
                                                               "trust (Barriers)"]


def test_codings_already_there_and_comments_without_codings_are_said(tmp_path):
    raw = b"Trust and reciprocity."
    twice = [(0, 5, "Trust", "Ann Smith"), (0, 5, "Trust", "Ann Smith")]
    path = foreign_qdpx(tmp_path / "twice.qdpx", origin="Some tool", raw=raw, selections=twice)
    with zipfile.ZipFile(path) as archive:
        qde = archive.read("project.qde").decode("utf-8")
    comment = (f'<PlainTextSelection guid="{GUIDS[190]}" startPosition="6" endPosition="9" '
               f'creatingUser="{GUIDS[10]}"><Description>an annotation</Description></PlainTextSelection>')
    qde = qde.replace("</TextSource>", comment + "</TextSource>")
    path = write_qdpx(tmp_path / "twice.qdpx", qde, {f"Sources/{GUIDS[3]}.txt": raw})
    report = import_file(Project.init(tmp_path / "p"), path)
    assert report.n_codings == 1
    assert [n for n in report.notices if n.startswith("1 coding of the file: already in the project or repeated")]
    assert [n for n in report.notices if f"selection {GUIDS[190]} (6-9) has a comment but no coding" in n]


def test_a_theme_joined_to_another_of_its_name_is_said(tmp_path):
    assert themes.available()
    from synthesis.themes.query import themes as all_themes

    book = ('<?xml version="1.0" encoding="utf-8"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>'
            f'<Code guid="{GUIDS[1]}" name="Barriers" isCodable="false"><Code guid="{GUIDS[2]}" name="Time" '
            'isCodable="true"/></Code>'
            f'<Code guid="{GUIDS[3]}" name="barriers" isCodable="false"><Code guid="{GUIDS[4]}" name="Money" '
            'isCodable="true"/></Code></Codes></CodeBook>')
    path = tmp_path / "book.qdc"
    path.write_text(book, encoding="utf-8")
    project = Project.init(tmp_path / "p")
    report = import_file(project, path, reviewer="AG")
    assert [t.name for t in all_themes(project)] == ["Barriers"]
    assert [n for n in report.notices if n.startswith("descriptive theme 'barriers' was already there")]


def test_an_existing_projects_own_export_is_recognised_without_notices(hand_made, tmp_path):
    """Codes and codings of this very project coming back are not joins or merges: no notice."""
    from synthesis.exchange import export_qdpx

    path = tmp_path / "own.qdpx"
    export_qdpx(hand_made, path)
    report = import_file(hand_made, path)
    assert (report.codes, report.n_codings, report.memos) == (0, 0, 0)
    assert not [n for n in report.notices if "join" in n or "already" in n or "renamed" in n]


def test_missing_file_path_in_model_is_a_notice_not_an_error(tmp_path):
    """Unit check of the reader: a plainTextPath to no file leaves that source out."""
    path = write_qdpx(tmp_path / "none.qdpx", MISSING_QDE)
    qda = read_file(path)
    assert qda.sources == () and sum("is not in the file" in n for n in qda.skipped) == 2
    assert [c.name for c in qda.codes] == ["Trust", "Hope"] and len(qda.cases) == 1 and len(qda.notes) == 1


def test_a_reference_to_an_unknown_plain_id_names_the_id(tmp_path):
    path = foreign_qdpx(tmp_path / "ids.qdpx", origin="Some tool", raw=b"Trust and reciprocity.",
                        selections=[(0, 5, "Trust", "Ann Smith")])
    with zipfile.ZipFile(path) as archive:
        qde = archive.read("project.qde").decode("utf-8")
    qde = qde.replace(f'<CodeRef targetGUID="{GUIDS[2]}"/>', '<CodeRef targetGUID="C9"/>')
    path = write_qdpx(tmp_path / "ids.qdpx", qde, {f"Sources/{GUIDS[3]}.txt": b"Trust and reciprocity."})
    with pytest.raises(InputError, match="refers to code 'C9', which is not in the codebook"):
        import_file(Project.init(tmp_path / "p"), path)
