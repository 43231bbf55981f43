"""Text that is not text, and inputs past the documented limits, are refused before
anything is written, with a short message naming the file and the limit."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from synthesis import Project
from synthesis.corpus.limits import MAX_SOURCE_CHARS
from synthesis.errors import InputError, MAX_MESSAGE


def _snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and ".cache" not in p.parts and not p.name.endswith(".lock")}


@pytest.fixture()
def project(tmp_path: Path):
    with Project.init(tmp_path / "r", reviewer="NT") as p:
        p.add_text("Partners met weekly.", title="Notes", source_id="notes")
        yield p


def _refused(project: Project, path: Path, *words: str) -> InputError:
    before = _snapshot(project.root)
    with pytest.raises(InputError) as err:
        project.import_sources(path)
    message = str(err.value)
    assert message.startswith(str(path)) and len(message) <= MAX_MESSAGE + 300
    for word in words:
        assert word in message
    assert _snapshot(project.root) == before
    return err.value


def test_nul_bytes_are_refused(project, tmp_path):
    path = tmp_path / "nul.txt"
    path.write_bytes(b"\x00" * 1000)
    _refused(project, path, "NUL bytes", "binary")


def test_a_binary_file_named_txt_is_refused(project, tmp_path):
    path = tmp_path / "picture.txt"
    path.write_bytes(b"Some words\n" + bytes(range(1, 32)) * 40)
    _refused(project, path, "not text")


def test_a_docx_that_is_not_a_zip_is_refused(project, tmp_path):
    path = tmp_path / "report.docx"
    path.write_text("plain text saved with the wrong name", encoding="utf-8")
    _refused(project, path, "not a Word .docx")


def test_a_source_past_the_length_limit_is_refused_with_the_limit(project, tmp_path):
    path = tmp_path / "huge.txt"
    path.write_text("x" * (MAX_SOURCE_CHARS + 10), encoding="utf-8")  # no line breaks at all
    _refused(project, path, f"{MAX_SOURCE_CHARS:,}", "split it")


def test_a_csv_with_a_giant_header_gets_a_short_message(project, tmp_path):
    path = tmp_path / "studies.csv"
    path.write_text("study_id,citation," + "y" * 2_000_000 + "\ngreen2012,Green\n", encoding="utf-8")
    before = _snapshot(project.root)
    with pytest.raises(InputError) as err:
        project.import_studies(path)
    message = str(err.value)
    assert len(message) <= MAX_MESSAGE + 300 and "studies.csv" in message and "1,000,000" in message
    assert _snapshot(project.root) == before
