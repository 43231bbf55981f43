"""What we send, readers take whole: memos where QualCoder reads them, who made each source
and when, cases linked to their sources, no invalid empty Sets, and the codebook as the CSV
Taguette imports; every export still valid, deterministic and round-tripping exactly."""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
from pathlib import Path

import pytest
from defusedxml import ElementTree as ET
from qda_helpers import GUIDS, SAMPLES, needs_shared, write_qdpx

from synthesis.exchange import (
    build_qde, export_qdc, export_qdpx, export_taguette_csv, import_file, qdc_bytes, qdpx_bytes,
    taguette_csv_bytes,
)
from synthesis.exchange.export_qdpx import user_guid
from synthesis.exchange.guids import guid_for
from synthesis.project import Project

NS = "{urn:QDA-XML:project:1.0}"


def _archive(project: Project) -> tuple[zipfile.ZipFile, ET.Element]:
    archive = zipfile.ZipFile(io.BytesIO(qdpx_bytes(project)[0]))
    return archive, ET.fromstring(archive.read("project.qde"))


def _memo_texts(project: Project) -> list[str]:
    return sorted(m.text for m in project.memos.values())


# ------------------------------------------------------------ 1. memos where readers look
def qualcoder_memos(archive: zipfile.ZipFile, root: ET.Element) -> dict[str, list[str]]:
    """The memos QualCoder (refi.py, RefiImport) takes from a .qdpx, by its rules:

    a TextSource's Description is the source memo; a PlainTextSelection's Description is
    the memo of its codings; a NoteRef right under a TextSource makes that note an
    annotation, kept only if the note holds a PlainTextSelection; any other note with a
    plainTextPath and a name is a journal; NoteRefs on codes and codings are not read.
    """
    out: dict[str, list[str]] = {"source": [], "coding": [], "journal": []}
    annotations = set()
    for source in root.iter(f"{NS}TextSource"):
        description = source.find(f"{NS}Description")
        if description is not None and description.text:
            out["source"].append(description.text)
        for sel in source.findall(f"{NS}PlainTextSelection"):
            description = sel.find(f"{NS}Description")
            if description is not None and description.text and sel.find(f"{NS}Coding") is not None:
                out["coding"].append(description.text)
        annotations |= {r.get("targetGUID") for r in source.findall(f"{NS}NoteRef")}
    for note in root.iter(f"{NS}Note"):
        if note.get("guid") in annotations:
            continue  # an annotation without a PlainTextSelection inside: QualCoder drops it
        path = note.get("plainTextPath")
        if path and note.get("name"):
            out["journal"].append(archive.read(path.replace("internal://", "sources/")).decode("utf-8"))
    return out


def test_every_memo_reaches_qualcoder(hand_made):
    archive, root = _archive(hand_made)
    taken = qualcoder_memos(archive, root)
    wanted = {kind: sorted(m.text for m in hand_made.memos.values() if m.target_kind == kind)
              for kind in ("code", "source", "coding")}
    assert sorted(taken["journal"]) == wanted["code"]
    assert sorted(taken["source"]) == wanted["source"]
    assert sorted(taken["coding"]) == wanted["coding"]


def test_memos_on_codes_and_sources_are_files_with_their_noteref(hand_made, validate):
    archive, root = _archive(hand_made)
    validate(archive.read("project.qde"))
    notes = {n.get("guid"): n for n in root.iter(f"{NS}Note")}
    by_text = {}
    for guid, note in notes.items():
        path = note.get("plainTextPath")
        if path:
            assert path == f"internal://{guid}.txt" and note.find(f"{NS}PlainTextContent") is None
            by_text[archive.read(f"sources/{guid}.txt").decode("utf-8")] = guid
        else:
            by_text[note.find(f"{NS}PlainTextContent").text] = guid
        assert note.get("creatingUser") and note.get("creationDateTime") and note.get("name")
    code = next(c for c in root.iter(f"{NS}Code") if c.get("name") == "Confiance")
    source = root.find(f"{NS}Sources/{NS}TextSource")
    assert code.find(f"{NS}NoteRef").get("targetGUID") == by_text["Memo with \u00e9 and \u201cquotes\u201d"]
    assert source.find(f"{NS}NoteRef").get("targetGUID") == by_text["Interview in French"]
    assert notes[by_text["Interview in French"]].get("plainTextPath")
    assert notes[by_text["Memo with \u00e9 and \u201cquotes\u201d"]].get("plainTextPath")
    # a memo on a coding: the selection's Description, and the coding's NoteRef to an inline note
    sel = next(s for s in source.findall(f"{NS}PlainTextSelection") if s.find(f"{NS}Description") is not None)
    assert sel.find(f"{NS}Description").text == "second reviewer's note"
    assert sel.find(f"{NS}Coding/{NS}NoteRef").get("targetGUID") == by_text["second reviewer's note"]
    assert notes[by_text["second reviewer's note"]].get("plainTextPath") is None


def _two_memos_on_one_span(root: Path) -> Project:
    with Project.init(root, reviewer="AG", name="Two memos") as p:
        p.add_text("Trust and reciprocity evaporated.", title="Note", source_id="note")
        a, b = p.create_code("Trust"), p.create_code("Loss")
        first, second = p.apply_code("note", 0, 5, a)[0], p.apply_code("note", 0, 5, b)[0]
        p.write_memo("coding", first.coding_id, "AG on trust")
    with Project.open(root, reviewer="NT") as p:
        p.write_memo("coding", second.coding_id, "NT on loss")
        p.write_memo("code", a.code_id, "NT on the code")
    return Project.open(root)


def test_memos_on_one_selection_round_trip_exactly_and_once(tmp_path, validate):
    project = _two_memos_on_one_span(tmp_path / "a")
    archive, root = _archive(project)
    validate(archive.read("project.qde"))
    (sel,) = root.iter(f"{NS}PlainTextSelection")
    assert sorted(sel.find(f"{NS}Description").text.split("\n\n")) == ["AG on trust", "NT on loss"]
    path = tmp_path / "a.qdpx"
    export_qdpx(project, path)
    copy = Project.init(tmp_path / "b", name=project.name)
    report = import_file(copy, path)
    memos = sorted((m.author, m.target_kind, m.text) for m in copy.memos.values())
    assert memos == sorted((m.author, m.target_kind, m.text) for m in project.memos.values())
    assert [n for n in report.notices if "only repeat the notes" in n]
    again = import_file(Project.open(copy.root), path)
    assert again.memos == 0 and _memo_texts(Project.open(copy.root)) == _memo_texts(project)
    second = tmp_path / "b.qdpx"
    export_qdpx(Project.open(copy.root), second)
    assert second.read_bytes() == path.read_bytes()


def test_a_description_that_is_not_a_copy_is_still_imported(tmp_path):
    qde = ('<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="x">'
           f'<Users><User guid="{GUIDS[0]}" name="Ann"/></Users>'
           f'<CodeBook><Codes><Code guid="{GUIDS[1]}" name="Trust" isCodable="true"/></Codes></CodeBook>'
           f'<Sources><TextSource guid="{GUIDS[2]}" name="S" plainTextPath="internal://{GUIDS[2]}.txt">'
           '<Description>what the source is</Description>'
           f'<PlainTextSelection guid="{GUIDS[3]}" startPosition="0" endPosition="5" creatingUser="{GUIDS[0]}">'
           '<Description>a comment of its own</Description>'
           f'<Coding guid="{GUIDS[4]}" creatingUser="{GUIDS[0]}"><CodeRef targetGUID="{GUIDS[1]}"/>'
           f'<NoteRef targetGUID="{GUIDS[5]}"/></Coding></PlainTextSelection></TextSource></Sources>'
           f'<Notes><Note guid="{GUIDS[5]}" name="n" creatingUser="{GUIDS[0]}"><PlainTextContent>a note'
           '</PlainTextContent></Note></Notes></Project>')
    path = write_qdpx(tmp_path / "x.qdpx", qde, {f"sources/{GUIDS[2]}.txt": b"Trust and reciprocity."})
    project = Project.init(tmp_path / "p")
    import_file(project, path)
    texts = " | ".join(_memo_texts(project))
    assert "what the source is" in texts and "a comment of its own" in texts and "a note" in texts


# ------------------------------------------------------------ 2. who made each source, and when
def _sources(root: ET.Element) -> dict[str, ET.Element]:
    names = {v.get("guid"): v.get("name") for v in root.iter(f"{NS}Variable")}
    out = {}
    for source in root.iter(f"{NS}TextSource"):
        values = {names[v.find(f"{NS}VariableRef").get("targetGUID")]: v[1].text
                  for v in source.findall(f"{NS}VariableValue")}
        out[values["source id"]] = source
    return out


def test_sources_carry_the_importing_reviewer_and_time(example, validate):
    project = Project.open(example)
    archive, root = _archive(project)
    validate(archive.read("project.qde"))
    sources = _sources(root)
    assert set(sources) == set(project.sources)
    assert all(s.get("creatingUser") and s.get("creationDateTime") for s in sources.values())
    lga = sources["lga-send-ehc-partnership-workshops-2020"]
    assert (lga.get("creatingUser"), lga.get("creationDateTime")) == (user_guid("NT"), "2024-03-04T09:02:00.000Z")
    extracts = sources["green2012-extracts"]
    assert (extracts.get("creatingUser"), extracts.get("creationDateTime")) == \
        (user_guid("NT"), "2024-03-04T09:01:00.000Z")


def test_a_source_with_no_import_event_is_the_projects_creators(hand_made):
    _, root = _archive(hand_made)
    (source,) = root.iter(f"{NS}TextSource")
    assert source.get("creatingUser") == root.get("creatingUserGUID") == user_guid("AG")
    assert source.get("creationDateTime") == root.get("creationDateTime")


def test_source_creators_survive_a_round_trip(example, tmp_path):
    path = tmp_path / "a.qdpx"
    export_qdpx(Project.open(example), path)
    copy = Project.init(tmp_path / "copy")
    import_file(copy, path)
    _, first = _archive(Project.open(example))
    _, second = _archive(Project.open(copy.root))
    stamp = {sid: (s.get("creatingUser"), s.get("creationDateTime")) for sid, s in _sources(first).items()}
    assert {sid: (s.get("creatingUser"), s.get("creationDateTime")) for sid, s in _sources(second).items()} == stamp


@needs_shared
def test_a_foreign_sources_creator_and_time_are_kept(tmp_path):
    """The NVivo sample's sources name their creating user and time: an export after the import says the
    same (times as this project writes them, users as the reviewers they became). GUIDs and times only."""
    sample = ET.fromstring(zipfile.ZipFile(SAMPLES / "oltas0517.qdpx").read("project.qde"))
    user_name = {u.get("guid"): u.get("name") for u in sample.iter(f"{NS}User")}
    project = Project.init(tmp_path / "p")
    reviewer_of = dict(import_file(project, SAMPLES / "oltas0517.qdpx").users)  # REFI user name -> reviewer
    wanted = sorted((s.get("creationDateTime").replace("Z", ".000Z"), user_guid(reviewer_of[user_name[s.get(
        "creatingUser")]])) for s in sample.iter(f"{NS}TextSource"))
    _, root = _archive(Project.open(project.root))
    found = sorted((s.get("creationDateTime"), s.get("creatingUser")) for s in root.iter(f"{NS}TextSource"))
    assert found == wanted and len({who for _, who in found}) == 2


# ------------------------------------------------------------ 3. cases and their sources
def test_every_case_refers_to_every_source_of_its_study(example, validate):
    project = Project.open(example)
    archive, root = _archive(project)
    validate(archive.read("project.qde"))
    guid_of = {sid: s.get("guid") for sid, s in _sources(root).items()}
    cases = {c.get("guid"): c for c in root.iter(f"{NS}Case")}
    assert len(cases) == len(project.studies)
    for study in project.studies.values():
        case = cases[guid_for("case", study.study_id)]
        refs = [r.get("targetGUID") for r in case.findall(f"{NS}SourceRef")]
        wanted = sorted(guid_of[s.source_id] for s in project.sources.values() if s.study_id == study.study_id)
        assert sorted(refs) == wanted and len(refs) == len(set(refs))
    linked = {r.get("targetGUID") for r in root.iter(f"{NS}SourceRef")}
    assert linked == {guid_of[s.source_id] for s in project.sources.values() if s.study_id in project.studies}


def qualcoder_cases(root: ET.Element) -> tuple[dict[str, set[str]], set[str]]:
    """The case-to-source links and the code names QualCoder (refi.py, RefiImport) takes from a
    .qdpx, by its rules: a named Case is a case, and its SourceRefs are not read; a Code with a
    Case's GUID is removed from the codes and its codings become the case's text in their
    sources (clean_up_case_codes_and_case_text)."""
    cases = {c.get("guid"): c.get("name") for c in root.iter(f"{NS}Case") if c.get("name") is not None}
    linked: dict[str, set[str]] = {name: set() for name in cases.values()}
    for source in root.iter(f"{NS}TextSource"):
        for coding in source.iter(f"{NS}Coding"):
            target = coding.find(f"{NS}CodeRef").get("targetGUID")
            if target in cases:
                linked[cases[target]].add(source.get("guid"))
    codes = {c.get("name") for c in root.iter(f"{NS}Code") if c.get("guid") not in cases}
    return linked, codes


def test_qualcoder_links_cases_to_sources_only_from_case_codes(example, validate):
    project = Project.open(example)
    plain, plain_codes = qualcoder_cases(_archive(project)[1])
    assert not any(plain.values())  # SourceRefs alone: QualCoder links no source to any case
    data, report = qdpx_bytes(project, case_codes=True)
    archive = zipfile.ZipFile(io.BytesIO(data))
    validate(archive.read("project.qde"))
    root = ET.fromstring(archive.read("project.qde"))
    guid_of = {sid: s.get("guid") for sid, s in _sources(root).items()}
    linked, codes = qualcoder_cases(root)
    for study in project.studies.values():
        wanted = {guid_of[s.source_id] for s in project.sources.values() if s.study_id == study.study_id}
        assert linked[study.citation or study.study_id] == wanted
    assert codes == plain_codes  # the case codes are gone from QualCoder's codes, nothing else is
    # each case code covers the whole of each of its sources, and the case keeps its SourceRefs too
    for source in project.sources.values():
        if source.study_id in project.studies:
            marks = [sel for sel in _sources(root)[source.source_id].findall(f"{NS}PlainTextSelection")
                     if sel.find(f"{NS}Coding/{NS}CodeRef").get("targetGUID") == guid_for("case", source.study_id)]
            assert [(m.get("startPosition"), m.get("endPosition")) for m in marks] == \
                [("0", str(len(project.text(source.source_id))))]
    assert sum(1 for _ in root.iter(f"{NS}SourceRef")) == sum(1 for s in project.sources.values()
                                                              if s.study_id in project.studies)
    assert report.codes == qdpx_bytes(project)[1].codes  # the count of codes is the codebook's alone


def test_case_codes_come_back_as_the_studies_sources_not_as_codes(example, tmp_path):
    original = Project.open(example)
    path = tmp_path / "cases.qdpx"
    export_qdpx(original, path, case_codes=True)
    copy = Project.init(tmp_path / "copy")
    report = import_file(copy, path)
    copy = Project.open(copy.root)
    assert sorted(c.label for c in copy.codes.values()) == sorted(c.label for c in original.codes.values())
    assert len(copy.codings) == len(original.codings)
    assert {s.source_id: s.study_id for s in copy.sources.values()} == \
        {s.source_id: s.study_id for s in original.sources.values()}
    assert [n for n in report.notices if "case's GUID" in n and "not as codes" in n]


def test_a_source_of_an_unknown_study_is_reported(tmp_path):
    with Project.init(tmp_path / "p", reviewer="AG") as p:
        p.add_text("Some words.", title="T", source_id="t", study_id="nowhere2020")
    report = build_qde(Project.open(tmp_path / "p"))[2]
    assert [n for n in report.notices if "'nowhere2020'" in n and "no case" in n]


# ------------------------------------------------------------ 4. Sets: one per theme, never empty
BOOK_NS = "{urn:QDA-XML:codebook:1.0}"


def test_each_theme_is_a_set_of_its_codes(example, validate):
    """portableQDA wants a <Sets> in a .qdc; the schemas want a <Set> in it. Each theme is a set of
    every code it groups (a code the tree shows under one theme only is a member of each)."""
    project = Project.open(example)
    book, qde = qdc_bytes(project)[0], build_qde(project)[0]
    validate(book)
    validate(qde)
    from synthesis.themes import query

    themes = {t.name for t in query.themes(project)}
    shared = guid_for("code", next(c.code_id for c in project.codes.values() if c.label == "Shared values"))
    for document, ns, attribute in ((book, BOOK_NS, "guid"), (qde, NS, "targetGUID")):
        root = ET.fromstring(document)
        assert root[-1].tag == f"{ns}Sets"  # the last element of both (the schemas' order)
        sets = {s.get("name"): [m.get(attribute) for m in s.iter(f"{ns}MemberCode")] for s in root.iter(f"{ns}Set")}
        assert len(sets) == 17 and set(sets) <= themes and all(sets.values())
        codes = {c.get("guid") for c in root.iter(f"{ns}Code") if c.get("isCodable") == "true"}
        assert {m for members in sets.values() for m in members} <= codes
        # "Shared values" sits under one theme in the tree, but it is in two descriptive themes,
        # each in its own analytical theme: it is a member of those four sets
        assert [name for name, members in sets.items() if shared in members] == [
            "Personalisation, and consultation with CYP and their families in designing and delivering services",
            "Keeping the child and family at the centre",
            "Respectful communication, and feeling that involvement is valued", "Valuing each partner's expertise"]


def test_no_themes_no_sets_and_an_empty_sets_is_invalid(tmp_path, validate):
    with Project.init(tmp_path / "p", reviewer="AG") as p:
        p.create_code("trust")
    project = Project.open(tmp_path / "p")
    book, qde = qdc_bytes(project)[0], build_qde(project)[0]
    validate(book)
    validate(qde)
    assert b"<Sets" not in book and b"<Sets" not in qde
    one_set = f'<Sets><Set guid="{GUIDS[0]}" name="all" /></Sets>'.encode()
    for document, end in ((book, b"</CodeBook>"), (qde, b"</Project>")):  # Sets is last in both here
        validate(document.replace(end, one_set + end))
        with pytest.raises(AssertionError, match="Sets"):
            validate(document.replace(end, b"<Sets/>" + end))


# ------------------------------------------------------------ 5. valid, deterministic, idempotent
def test_exports_with_every_kind_of_memo_are_valid_and_deterministic(tmp_path, validate):
    project = _two_memos_on_one_span(tmp_path / "a")
    first, second = qdpx_bytes(project)[0], qdpx_bytes(Project.open(project.root))[0]
    assert first == second
    validate(zipfile.ZipFile(io.BytesIO(first)).read("project.qde"))
    export_qdc(project, tmp_path / "a.qdc")
    validate((tmp_path / "a.qdc").read_bytes())


def test_importing_our_export_twice_adds_no_event_but_the_audit(example, tmp_path):
    path = tmp_path / "a.qdpx"
    export_qdpx(Project.open(example), path)
    copy = Project.init(tmp_path / "copy")
    import_file(copy, path)
    seen = len(Project.open(copy.root).events)
    import_file(Project.open(copy.root), path)
    assert {e.type for e in Project.open(copy.root).events[seen:]} == {"corpus.import"}


# ------------------------------------------------------------ 6. the codebook for Taguette
def taguette_tags(data: bytes) -> list[dict[str, str]]:
    """Taguette's ``list_tags_csv`` (taguette/import_codebook.py), with the encoding chardet gives a
    file that starts with a UTF-8 byte order mark ('UTF-8-SIG')."""
    assert data.startswith(codecs.BOM_UTF8)
    reader = csv.reader(codecs.getreader("UTF-8-SIG")(io.BytesIO(data)))
    header = [cell.lower() for cell in next(reader)]
    assert ("tag" in header) + ("name" in header) + ("path" in header) == 1
    col_path, col_description = header.index("tag"), header.index("description")
    tags = []
    for row in reader:
        if not any(row):
            continue
        path = row[col_path].strip()
        assert path and len(path) <= 200 and len(row[col_description]) <= 102_400
        tags.append({"path": path, "description": row[col_description].strip()})
    return tags


def test_taguette_reads_the_whole_codebook(example, tmp_path):
    project = Project.open(example)
    report = export_taguette_csv(project, tmp_path / "codebook.csv")
    data = (tmp_path / "codebook.csv").read_bytes()
    assert data == taguette_csv_bytes(Project.open(example))[0]
    assert data.decode("utf-8-sig").splitlines()[0] == "tag,description"
    tags = taguette_tags(data)
    assert [(t["path"], t["description"]) for t in tags] == \
        [(c.label, c.definition.strip()) for c in project.codes.values()]
    assert report.codes == len(project.codes) and report.path == str(tmp_path / "codebook.csv")


def test_taguette_csv_keeps_commas_quotes_newlines_and_accents(hand_made, tmp_path):
    with Project.open(hand_made.root, reviewer="AG") as p:
        p.create_code('Say "no", then', definition="First line\nsecond line, with a comma")
    tags = taguette_tags(taguette_csv_bytes(Project.open(hand_made.root))[0])
    assert {"path": 'Say "no", then', "description": "First line\nsecond line, with a comma"} in tags
    assert {"path": "Humeur \U0001F600", "description": ""} in tags


def test_taguette_csv_says_what_taguette_would_refuse_or_drop():
    """A label over Taguette's 200 characters (this project allows 200 too, but a codebook can come from
    elsewhere), two codes of one label (two reviewers at the same moment) and a formula-like label."""
    from types import SimpleNamespace

    from synthesis.records import Code

    codes = [Code("C1", "x" * 250), Code("C2", "Trust", "first"), Code("C3", "Trust", "second"),
             Code("C4", "=SUM(A1)", "looks like a formula")]
    data, report = taguette_csv_bytes(SimpleNamespace(codes={c.code_id: c for c in codes}))
    tags = taguette_tags(data)
    assert len(tags[0]["path"]) == 200 and tags[0]["path"].endswith("\u2026")
    assert tags[3]["path"] == "=SUM(A1)"  # as it is: a quote in front would become part of the tag's name
    assert [n for n in report.notices if "250 characters" in n]
    assert [n for n in report.notices if "two codes are labelled 'Trust' (C2 and C3)" in n]
    assert [n for n in report.notices if "formula" in n]
