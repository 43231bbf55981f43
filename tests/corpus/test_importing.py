"""Importing into a project: checks against the project, all-or-nothing writes, audit events."""

from __future__ import annotations

import hashlib
from pathlib import Path

import docx
import pytest
from pypdf import PdfWriter

from synthesis.corpus.importing import import_extracts, import_sources, import_studies
from synthesis.errors import ActionError, InputError
from synthesis.project import Project


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


@pytest.fixture
def studied(project: Project, tmp_path: Path) -> Project:
    """The project with two studies."""
    import_studies(project, write(tmp_path / "studies.csv",
                                  "ID,Citation,Year\ngreen2012,\"Green and Dicks, 2012\",2012\n"
                                  "mckean2017,\"McKean et al., 2017\",2017\n"))
    return project


# ----------------------------------------------------------------- sources
def test_import_several_kinds(studied: Project, tmp_path: Path, make_pdf) -> None:
    document = docx.Document()
    document.add_paragraph("Word findings.")
    document.save(tmp_path / "Green findings.docx")
    files = [write(tmp_path / "notes.txt", "[p. 2] Plain notes."), tmp_path / "Green findings.docx",
             make_pdf(tmp_path / "report.pdf", ["Page one.", "Page two."])]
    saved = studied.import_sources(*files)
    assert [(s.source_id, s.kind, s.study_id) for s in saved] == [
        ("notes", "document", ""), ("green-findings", "document", ""), ("report", "document", "")]
    assert studied.text("notes") == "Plain notes."
    assert studied.text("report") == "Page one.\n\nPage two."
    [event] = [e for e in studied.events if e.type == "corpus.import"][-1:]  # one import, one event
    assert event.data["kind"] == "sources" and event.data["ids"] == ["notes", "green-findings", "report"]
    assert [(f["file"], f["ids"]) for f in event.data["files"]] == [
        ("notes.txt", ["notes"]), ("Green findings.docx", ["green-findings"]), ("report.pdf", ["report"])]
    assert event.data["files"][0]["sha256"] == hashlib.sha256(files[0].read_bytes()).hexdigest()


def test_study_findings_kind_and_pdf_page_of_coding(studied: Project, tmp_path: Path, make_pdf) -> None:
    path = make_pdf(tmp_path / "green.pdf", ["Trust grew slowly.", "Partners kept promises."])
    [source] = import_sources(studied, [path], study_id="green2012")
    assert (source.kind, source.study_id) == ("findings", "green2012")
    text = studied.text("green")
    start = text.index("kept promises")
    [coding] = studied.apply_code("green", start, start + len("kept promises"), studied.create_code("Trust"))
    assert studied.page(coding) == "2"
    assert studied.cite(coding) == "(Green and Dicks, 2012; p. 2)"


def test_unknown_study(studied: Project, tmp_path: Path, unchanged) -> None:
    path = write(tmp_path / "notes.txt", "Notes.")
    with unchanged(studied), pytest.raises(InputError) as err:
        import_sources(studied, [path], study_id="nobody2000")
    assert (err.value.file, err.value.field) == (str(path), "study_id")
    assert "green2012" in err.value.message


def test_no_files(project: Project) -> None:
    with pytest.raises(ActionError):
        import_sources(project, [])


def test_one_bad_file_writes_nothing(project: Project, tmp_path: Path, unchanged) -> None:
    good = write(tmp_path / "good.txt", "Good text.")
    scan = tmp_path / "scan.pdf"
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.write(scan)
    with unchanged(project), pytest.raises(InputError, match="no text layer") as err:
        import_sources(project, [good, scan])
    assert err.value.file == str(scan)
    cp = write(tmp_path / "cp.txt", b"ok\n\x93quoted\x94\n")
    with unchanged(project), pytest.raises(InputError) as err:
        import_sources(project, [good, cp])
    assert (err.value.file, err.value.line) == (str(cp), 2)
    with unchanged(project), pytest.raises(InputError, match="is empty"):
        import_sources(project, [good, write(tmp_path / "empty.md", b"")])
    with unchanged(project), pytest.raises(InputError, match="does not exist"):
        import_sources(project, [good, tmp_path / "missing.txt"])
    assert import_sources(project, [cp], encoding="cp1252")[0].n_chars == len("ok\n\u201cquoted\u201d\n")


def test_id_clash_within_call(project: Project, tmp_path: Path, unchanged) -> None:
    first, second = write(tmp_path / "a" / "notes.txt", "A."), write(tmp_path / "b" / "Notes.md", "B.")
    with unchanged(project), pytest.raises(InputError) as err:
        import_sources(project, [first, second])
    assert (err.value.file, err.value.field) == (str(second), "source_id")
    assert "notes.txt" in err.value.message


def test_clash_with_stored_source_and_replace(project: Project, tmp_path: Path, unchanged) -> None:
    path = write(tmp_path / "notes.txt", "Trust was built over years.")
    import_sources(project, path)
    code = project.create_code("Trust")
    [coding] = project.apply_code("notes", 0, 5, code)
    write(path, "Preface. Trust was built over years.")
    with unchanged(project), pytest.raises(InputError) as err:
        import_sources(project, [path])
    assert (err.value.file, err.value.field) == (str(path), "source_id")
    assert "replace=True" in err.value.message
    [source] = project.import_sources(path, replace=True)
    assert project.text("notes").startswith("Preface.") and source.n_chars == 36
    moved = project.codings[coding.coding_id]
    assert (moved.start, moved.quote, moved.status) == (9, "Trust", "reanchored")
    assert project.problems == []


def test_replace_with_same_text_writes_nothing(project: Project, tmp_path: Path, unchanged) -> None:
    path = write(tmp_path / "notes.txt", "Same text.")
    import_sources(project, [path])
    corpus = project.root / "corpus"
    before = {p: p.stat().st_mtime_ns for p in corpus.rglob("*") if p.is_file()}
    assert [s.source_id for s in import_sources(project, [path], replace=True)] == ["notes"]
    assert {p: p.stat().st_mtime_ns for p in corpus.rglob("*") if p.is_file()} == before


# ---------------------------------------------------------------- extracts
EXTRACTS = "Study ID,Page,Extract\ngreen2012,p. 10,We trusted them.\nmckean2017,pp. 8\u20139,It took time.\n"


def test_import_extracts(studied: Project, tmp_path: Path) -> None:
    path = write(tmp_path / "extracts.csv", EXTRACTS)
    saved = studied.import_extracts(path)
    assert [s.source_id for s in saved] == ["green2012-extracts", "mckean2017-extracts"]
    assert studied.sources["mckean2017-extracts"].pages == ((0, "8-9"),)
    event = studied.events[-1]
    assert {k: v for k, v in event.data.items() if k != "transaction"} == {
        "kind": "extracts", "file": "extracts.csv", "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "ids": ["green2012-extracts", "mckean2017-extracts"]}
    assert event.data["transaction"].isalnum()  # the import's commit record
    [coding] = studied.apply_code("mckean2017-extracts", 0, 2, studied.create_code("Time"))
    assert studied.cite(coding) == "(McKean et al., 2017; pp. 8-9)"


def test_extracts_unknown_study(studied: Project, tmp_path: Path, unchanged) -> None:
    path = write(tmp_path / "extracts.csv", EXTRACTS + "smith2020,3,Unknown study.\n")
    with unchanged(studied), pytest.raises(InputError) as err:
        import_extracts(studied, path)
    assert (err.value.file, err.value.line, err.value.field) == (str(path), 4, "Study ID")


def test_extracts_clash_and_replace(studied: Project, tmp_path: Path, unchanged) -> None:
    path = write(tmp_path / "extracts.csv", EXTRACTS)
    import_extracts(studied, path)
    write(path, EXTRACTS + "green2012,11,More.\n")
    with unchanged(studied), pytest.raises(InputError) as err:
        import_extracts(studied, path)
    assert (err.value.file, err.value.field) == (str(path), "source_id")
    import_extracts(studied, path, replace=True)
    assert studied.text("green2012-extracts") == "We trusted them.\n\nMore."


@pytest.mark.parametrize("data, line, field", [
    ("", None, None),
    (b"Study,Text\ngreen2012,Caf\xe9\n", 2, None),
    ("Study,Page\ngreen2012,3\n", 1, "text"),
    ("Study,Text\ngreen2012,\n", 2, "Text"),
])
def test_bad_extract_files_change_nothing(studied: Project, tmp_path: Path, unchanged, data, line, field) -> None:
    path = write(tmp_path / "extracts.csv", data)
    with unchanged(studied), pytest.raises(InputError) as err:
        import_extracts(studied, path)
    assert (err.value.file, err.value.line, err.value.field) == (str(path), line, field)


# ------------------------------------------------------------------- audit
def test_audit_events_fold_cleanly_after_reopen(studied: Project, tmp_path: Path) -> None:
    import_sources(studied, [write(tmp_path / "notes.txt", "Notes.")])
    root = studied.root
    studied.close()
    reopened = Project.open(root, reviewer="AG")
    kinds = [e.data["kind"] for e in reopened.events if e.type == "corpus.import"]
    assert kinds == ["studies", "sources"]
    assert reopened.problems == []
    reopened.close()


def test_read_only_project_records_no_events(tmp_path: Path) -> None:
    project = Project.init(tmp_path / "p")
    import_sources(project, [write(tmp_path / "notes.txt", "Notes.")])
    assert list(project.sources) == ["notes"] and project.events == ()


def test_audit_events_fold_cleanly_in_a_fresh_process(studied: Project) -> None:
    import subprocess
    import sys

    root = studied.root
    studied.close()
    code = ("import sys; from synthesis.project import Project; "
            f"sys.exit(len(Project.open({str(root)!r}).problems))")
    assert subprocess.run([sys.executable, "-c", code], cwd=Path(__file__).parents[2]).returncode == 0


def test_undo_skips_the_audit_event_of_an_import(tmp_path) -> None:
    project = Project.init(tmp_path / "p", reviewer="AG")
    code = project.create_code("Trust")
    import_sources(project, [write(tmp_path / "notes.txt", "Notes.")])
    undone = project.undo()
    assert undone is not None and undone.type == "code.create"
    assert code.code_id not in project.codes
