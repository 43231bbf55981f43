"""Importing a folder one file at a time: progress, the per-file table, a bad file."""

from __future__ import annotations

from pathlib import Path

import pytest

from synthesis.corpus.folder import FileImported, documents, import_folder, table
from synthesis.errors import InputError


def test_folder_with_progress_and_table(project, make_pdf, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    make_pdf(folder / "b-article.pdf", ["[p. 7] Trust grew slowly.", "Then it went."], title="An article")
    (folder / "a-notes.txt").write_text("[p. 3] Staff stayed.\n[p. 4] Parents came back.", encoding="utf-8")
    (folder / "studies.csv").write_text("study_id,citation\nx,X\n", encoding="utf-8")  # not a document
    seen: list[list[Path]] = []

    def progress(files: list[Path]) -> list[Path]:
        seen.append(list(files))
        return files

    rows = import_folder(project, folder, progress=progress)
    assert seen == [[folder / "a-notes.txt", folder / "b-article.pdf"]]
    assert [r.source_id for r in rows] == ["a-notes", "b-article"]
    assert rows[0] == FileImported("a-notes.txt", "a-notes", 2, len(project.text("a-notes")), ())
    assert rows[1].pages == 2 and rows[1].characters == len(project.text("b-article"))
    frame = table(rows)
    assert list(frame.columns) == ["file", "source", "pages", "characters", "warnings"]
    assert frame.to_dict("records")[0] == {"file": "a-notes.txt", "source": "a-notes", "pages": 2,
                                          "characters": rows[0].characters, "warnings": 0}
    # each file was its own import, recorded in the log
    assert [e.data["ids"] for e in project.events if e.type == "corpus.import"] == [["a-notes"], ["b-article"]]


def test_warnings_are_kept_per_file(project, tmp_path: Path) -> None:
    sheet = tmp_path / "studies.csv"
    sheet.write_text("study_id,citation\ngreen2012,Green and Dicks\n", encoding="utf-8")
    project.import_studies(sheet)
    note = tmp_path / "note.txt"
    note.write_text("Trust grew.", encoding="utf-8")
    [row] = import_folder(project, [note])
    assert len(row.warnings) == 1 and "is not linked to a study" in row.warnings[0]
    assert table([row])["warnings"].tolist() == [1]


def test_a_bad_file_stops_the_run_and_names_it(project, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Trust grew.", encoding="utf-8")
    (folder / "b.txt").write_bytes(b"\x00" * 200)
    (folder / "c.txt").write_text("Staff stayed.", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_folder(project, folder)
    assert caught.value.file.endswith("b.txt")
    assert sorted(project.sources) == ["a"]  # the file before it stays imported; none after


def test_not_a_folder_of_documents(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is not a folder"):
        documents(tmp_path / "missing")
    (tmp_path / "x.csv").write_text("a\n1\n")
    with pytest.raises(InputError, match="no documents"):
        documents(tmp_path)
