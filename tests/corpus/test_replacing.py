"""The report on the codings of a replaced source."""

from __future__ import annotations

from pathlib import Path

from synthesis.corpus.replacing import codings_kept


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def code(project, phrase: str) -> str:
    text = project.text("note")
    start = text.index(phrase)
    [coding] = project.apply_code("note", start, start + len(phrase), "trust")
    return coding.coding_id


def test_counts_and_what_is_left_out(project, tmp_path: Path) -> None:
    project.import_sources(write(tmp_path / "v1" / "note.txt", "Trust grew over the \ufb01rst year.\nStaff left."))
    project.create_code("trust")
    same = code(project, "Trust grew")
    changed = code(project, "over the \ufb01rst year")
    gone = code(project, "Staff left")
    before = dict(project.codings)
    project.import_sources(write(tmp_path / "v2" / "note.txt", "Then trust grew.\nTrust grew over the first\nyear."),
                           replace=True)
    later = code(project, "Then trust")  # made after: not part of the report
    [report] = codings_kept(project, before, ["note", "note"])
    assert (report.source_id, report.exact, report.changed, report.total) == ("note", 1, 1, 3)
    assert [c.coding_id for c in report.lost] == [gone] and report.labels == ("trust",)
    assert project.codings[same].status == "reanchored" and project.codings[same].quote == "Trust grew"
    assert project.codings[changed].quote == "over the first\nyear"
    assert later not in {c.coding_id for c in report.lost}
    # the lost coding is found again when its words come back (counted as found again),
    # white space alone changed is kept word for word, and "Then trust" is gone now
    before = dict(project.codings)
    project.import_sources(write(tmp_path / "v3" / "note.txt", "Trust grew over the first year. Staff left."),
                           replace=True)
    [report] = codings_kept(project, before, ["note"])
    assert (report.exact, report.changed, [c.coding_id for c in report.lost]) == (2, 1, [later])
    assert project.codings[gone].quote == "Staff left" and project.codings[gone].status == "reanchored"
    assert str(report).startswith("source 'note': 4 codings: 2 kept word for word, 1 found again after the "
                                  "text changed, 1 could not be placed\n  not placed (kept, marked orphaned): "
                                  f"coding {later} (trust): 'Then trust'")


def test_sources_without_codings_give_no_report(project, tmp_path: Path) -> None:
    project.import_sources(write(tmp_path / "note.txt", "Trust grew."))
    assert codings_kept(project, dict(project.codings), ["note", "missing"]) == []


def test_long_quotes_are_cut_in_the_report(project, tmp_path: Path) -> None:
    long = "Trust grew " + "slowly " * 20 + "and then it went."
    project.import_sources(write(tmp_path / "v1" / "note.txt", long))
    project.create_code("trust")
    code(project, long)
    before = dict(project.codings)
    project.import_sources(write(tmp_path / "v2" / "note.txt", "Nothing of the kind."), replace=True)
    [report] = codings_kept(project, before, ["note"])
    line = str(report).splitlines()[1]
    assert line.endswith("slowly slowly slowly slowly slowly slowly slowly\u2026'") and len(line) < 140


def test_the_import_returns_the_report(project, tmp_path: Path) -> None:
    """Project.import_sources(..., replace=True) says what the command line prints, for the replaced sources only."""
    note = write(tmp_path / "v1" / "note.txt", "Trust grew over the \ufb01rst year.\nStaff left.")
    first = project.import_sources(note, write(tmp_path / "v1" / "other.txt", "Nobody coded this."))
    assert [s.source_id for s in first] == ["note", "other"] and first.codings_kept == () and first.report() == ""
    project.create_code("trust")
    for phrase in ("Trust grew", "over the \ufb01rst year", "Staff left"):
        code(project, phrase)
    before = dict(project.codings)
    again = project.import_sources(write(tmp_path / "v2" / "note.txt", "Trust grew over the first\nyear."),
                                   write(tmp_path / "v2" / "other.txt", "Nobody coded this either."), replace=True)
    assert [s.source_id for s in again] == ["note", "other"] and again[0] == project.sources["note"]
    [report] = again.codings_kept  # "other" had no codings
    assert report == codings_kept(project, before, ["note"])[0]
    assert (report.source_id, report.exact, report.changed, len(report.lost)) == ("note", 1, 1, 1)
    assert again.report().startswith("source 'note': 3 codings: 1 kept word for word, 1 found again after the text "
                                     "changed, 1 could not be placed\n  not placed (kept, marked orphaned): coding ")
    assert again.report().endswith("(trust): 'Staff left'")


def test_extracts_replaced_are_reported(project, tmp_path: Path) -> None:
    project.import_studies(write(tmp_path / "studies.csv", "ID,Citation\ngreen2012,\"Green and Dicks, 2012\"\n"))
    sheet = write(tmp_path / "extracts.csv", "Study ID,Page,Extract\ngreen2012,p. 10,Trust grew over the \ufb01rst year.")
    [source] = project.import_extracts(sheet)
    text = project.text(source.source_id)
    project.create_code("trust")
    project.apply_code(source.source_id, 0, text.index(" over"), "trust")
    write(tmp_path / "extracts.csv", "Study ID,Page,Extract\ngreen2012,p. 10,Trust grew over the first year.\n")
    again = project.import_extracts(sheet, replace=True)
    assert [(r.source_id, r.exact, r.changed, r.lost) for r in again.codings_kept] == [(source.source_id, 1, 0, ())]
