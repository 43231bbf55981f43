"""``synthesis import FILE.qdpx|FILE.qdc [--into DIR]`` and ``synthesis export qdpx|qdc|xlsx|csv|docx``,
through the command line's own parser."""

from __future__ import annotations

import zipfile

import pytest

from synthesis.errors import ActionError, InputError, ProjectError
from synthesis.exchange import export_qdpx
from synthesis.cli import parser
from synthesis.exchange.cli import is_qda
from synthesis.project import Project


def run(*argv: str) -> int:
    args = parser().parse_args(argv)
    return args.func(args)


def test_is_qda():
    assert is_qda("a.QDPX") and is_qda("b.qdc") and not is_qda("c.csv")


def test_export_every_format_then_import_into_a_new_folder(example, tmp_path, capsys):
    for what in ("qdpx", "qdc", "xlsx", "csv", "docx"):
        assert run("export", what, "--project", str(example), "--out", str(tmp_path / f"out.{what}")) == 0
        assert (tmp_path / f"out.{what}").stat().st_size > 0
    assert zipfile.ZipFile(tmp_path / "out.qdpx").namelist()[0] == "project.qde"
    assert run("import", str(tmp_path / "out.qdpx"), "--into", str(tmp_path / "copy")) == 0
    out = capsys.readouterr()
    assert "made a review project" in out.out and "out.qdpx: 7 sources" in out.out
    assert "'s log (codebooks/logs/" in out.out and "went to their own reviewer's log" in out.out
    copy = Project.open(tmp_path / "copy")
    assert copy.name == Project.open(example).name and len(copy.codings) == len(Project.open(example).codings)


def test_case_codes_for_qualcoder(example, tmp_path, capsys):
    out = tmp_path / "for-qualcoder.qdpx"
    assert run("export", "qdpx", "--case-codes", "--project", str(example), "--out", str(out)) == 0
    qde = zipfile.ZipFile(out).read("project.qde").decode("utf-8")
    studies = Project.open(example).studies
    assert qde.count('isCodable="true"') == len(Project.open(example).codes) + len(studies)
    with pytest.raises(ActionError, match="--case-codes"):
        run("export", "csv", "--case-codes", "--project", str(example), "--out", str(tmp_path / "c.csv"))
    assert not (tmp_path / "c.csv").exists()


def test_default_output_name(example, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("export", "qdpx", "--project", str(example))
    assert (tmp_path / "send-partnerships-review-illustrative-reconstruction.qdpx").exists()


def test_other_exports_keep_their_behaviour(example, tmp_path, capsys):
    assert run("export", "codings", "--project", str(example)) == 0
    assert capsys.readouterr().out.startswith("coding_id,")
    assert run("export", "themes", "--format", "md", "--project", str(example), "--out", str(tmp_path / "t.md")) == 0
    assert (tmp_path / "t.md").read_text(encoding="utf-8").startswith("#")


def test_import_codebook_into_the_current_project(tmp_path, example, monkeypatch):
    run("export", "qdc", "--project", str(example), "--out", str(tmp_path / "book.qdc"))
    Project.init(tmp_path / "p")
    monkeypatch.delenv("SYNTHESIS_REVIEWER", raising=False)
    monkeypatch.setattr("getpass.getuser", lambda: "")  # no login name to fall back on
    with pytest.raises(InputError, match="reviewer"):
        run("import", str(tmp_path / "book.qdc"), "--project", str(tmp_path / "p"))
    monkeypatch.setattr("getpass.getuser", lambda: "jo smith")  # the login name, made a log name
    assert run("import", str(tmp_path / "book.qdc"), "--project", str(tmp_path / "p")) == 0
    assert len(Project.open(tmp_path / "p").codes) == len(Project.open(example).codes)
    assert (tmp_path / "p" / "codebooks" / "logs" / "josmith.jsonl").exists()


def test_import_errors(tmp_path, hand_made):
    export_qdpx(hand_made, tmp_path / "h.qdpx")
    with pytest.raises(ProjectError):
        run("import", str(tmp_path / "h.qdpx"), "--project", str(tmp_path / "nowhere"))
    with pytest.raises(InputError, match="no such file"):
        run("import", str(tmp_path / "missing.qdpx"), "--into", str(tmp_path / "x"))
    bad = tmp_path / "bad.qdpx"
    bad.write_bytes(b"junk")
    with pytest.raises(InputError, match="bad.qdpx"):
        run("import", str(bad), "--into", str(tmp_path / "y"))
    assert not (tmp_path / "y").exists()  # nothing made for a file that does not import


def test_export_the_codebook_for_taguette(tmp_path, example):
    import csv

    out = tmp_path / "book.csv"
    assert run("export", "taguette", "--project", str(example), "--out", str(out)) == 0
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows and set(rows[0]) == {"tag", "description"}
    assert len(rows) == len(Project.open(example).codes)
