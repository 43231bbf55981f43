"""Hostile and malformed files: refused with an error naming the file, the zip member and
the element or attribute at fault; nothing written, in the project or anywhere else."""

from __future__ import annotations

import io
import stat
import struct
import zipfile
from pathlib import Path

import pytest
from qda_helpers import GUIDS, snapshot, write_qdpx

from synthesis.errors import ActionError, InputError, LogLockedError
from synthesis.exchange import Limits, export_qdpx, import_file
from synthesis.exchange.zipsafe import SafeZip
from synthesis.project import Project

GOOD_QDE = (f'<?xml version="1.0" encoding="utf-8"?><Project xmlns="urn:QDA-XML:project:1.0" name="x">'
            f'<Users><User guid="{GUIDS[0]}" name="Ann"/></Users>'
            f'<CodeBook><Codes><Code guid="{GUIDS[1]}" name="Trust" isCodable="true"/></Codes></CodeBook>'
            f'<Sources><TextSource guid="{GUIDS[2]}" name="S" plainTextPath="internal://{GUIDS[2]}.txt">'
            f'<PlainTextSelection guid="{GUIDS[3]}" startPosition="0" endPosition="5" creatingUser="{GUIDS[0]}">'
            f'<Coding guid="{GUIDS[4]}" creatingUser="{GUIDS[0]}"><CodeRef targetGUID="{GUIDS[1]}"/></Coding>'
            f'</PlainTextSelection></TextSource></Sources></Project>')
TEXT = {f"sources/{GUIDS[2]}.txt": b"Trust and reciprocity."}


class Target:
    """An existing project with some work in it, and a check that nothing changed anywhere."""

    def __init__(self, tmp_path: Path) -> None:
        with Project.init(tmp_path / "project", reviewer="AG") as p:
            p.add_text("Already here.", title="Old", source_id="old")
            p.apply_code("old", 0, 7, p.create_code("Existing"))
        self.folder = tmp_path
        self.before = snapshot(tmp_path)
        self.project = Project.open(tmp_path / "project")

    def rebase(self) -> None:
        """Take the snapshot again (after a change the test made on purpose)."""
        self.before = snapshot(self.folder)

    def unchanged(self) -> None:
        after = snapshot(self.folder)
        new = {k for k in after if k not in self.before and not k.endswith((".qdpx", ".qdc"))}
        assert not new, f"files appeared: {sorted(new)}"
        assert {k: v for k, v in after.items() if k in self.before} == self.before


@pytest.fixture
def target(tmp_path: Path) -> Target:
    return Target(tmp_path)


def _refused(target: Target, path: Path, *parts: str, **options) -> InputError:
    with pytest.raises(InputError) as caught:
        import_file(target.project, path, **options)
    message = str(caught.value)
    assert path.name in message
    for part in parts:
        assert part in message, message
    target.unchanged()
    return caught.value


def test_the_good_file_imports(target, tmp_path):
    report = import_file(target.project, write_qdpx(tmp_path / "ok.qdpx", GOOD_QDE, TEXT))
    assert report.n_codings == 1 and target.project.codings_of("s")[0].quote == "Trust"


@pytest.mark.parametrize("name, why", [
    ("../evil.txt", "leaves the archive"),
    ("sources/../../evil.txt", "leaves the archive"),
    ("..\\evil.txt", "leaves the archive"),
    ("/tmp/evil.txt", "absolute"),
    ("C:/evil.txt", "absolute"),
])
def test_zip_slip_refused(target, tmp_path, name, why):
    path = write_qdpx(tmp_path / "slip.qdpx", GOOD_QDE, {**TEXT, name: b"owned"})
    _refused(target, path, name, why)
    assert not (tmp_path / "evil.txt").exists() and not Path("/tmp/evil.txt").exists()


def test_symlink_member_refused(target, tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", GOOD_QDE)
        link = zipfile.ZipInfo(f"sources/{GUIDS[2]}.txt")
        link.create_system = 3
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(link, "/etc/passwd")
    path = tmp_path / "link.qdpx"
    path.write_bytes(buffer.getvalue())
    _refused(target, path, "symbolic link", GUIDS[2])


def test_zip_bomb_by_ratio_refused(target, tmp_path):
    path = write_qdpx(tmp_path / "bomb.qdpx", GOOD_QDE, {**TEXT, "sources/zeros.txt": b"\0" * (20 << 20)})
    assert path.stat().st_size < 100_000
    _refused(target, path, "zip bomb", "sources/zeros.txt")


def test_zip_bomb_by_size_refused(target, tmp_path):
    import random

    rng = random.Random(1)
    noise = "".join(rng.choice("0123456789abcdef") for _ in range(300_000)).encode()  # compresses only 2:1
    path = write_qdpx(tmp_path / "big.qdpx", GOOD_QDE, {**TEXT, "sources/a.bin": noise, "sources/b.bin": noise})
    _refused(target, path, "more than 500,000 bytes in all", limits=Limits(max_total=500_000))
    _refused(target, path, "sources/a.bin", "limit of 100,000", limits=Limits(max_member=100_000))
    _refused(target, path, "4 members", limits=Limits(max_members=3))


def test_member_that_lies_about_its_size_refused(target, tmp_path):
    path = write_qdpx(tmp_path / "lie.qdpx", GOOD_QDE, {f"sources/{GUIDS[2]}.txt": b"Trust " * 50_000})
    data = bytearray(path.read_bytes())
    central = data.find(b"PK\x01\x02", data.find(b"PK\x01\x02") + 4)  # the text file's central entry
    local = data.find(b"PK\x03\x04", 4)
    struct.pack_into("<I", data, local + 22, 1000)
    struct.pack_into("<I", data, central + 24, 1000)
    path.write_bytes(bytes(data))
    _refused(target, path, f"sources/{GUIDS[2]}.txt")


BILLION_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
                  '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;">]>'
                  '<Project xmlns="urn:QDA-XML:project:1.0" name="&d;"/>')
EXTERNAL = ('<?xml version="1.0"?><!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            '<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>')


@pytest.mark.parametrize("qde", [BILLION_LAUGHS, EXTERNAL], ids=["billion-laughs", "external-entity"])
def test_entity_tricks_refused(target, tmp_path, qde):
    _refused(target, write_qdpx(tmp_path / "xml.qdpx", qde), "project.qde", "DOCTYPE")
    book = tmp_path / "book.qdc"
    book.write_text(qde.replace("Project", "CodeBook").replace("project:1.0", "codebook:1.0"), encoding="utf-8")
    _refused(target, book, "DOCTYPE", reviewer="AG")


@pytest.mark.parametrize("change, parts", [
    (('startPosition="0"', 'startPosition="zero"'), ["line 1", "PlainTextSelection/@startPosition", "'zero'"]),
    ((f'<Code guid="{GUIDS[1]}"', '<Code guid=" {} "'), ["Code/@guid", "not a GUID"]),  # ids like "C1" are mapped
    ((' isCodable="true"', ' isCodable="maybe"'), ["Code/@isCodable"]),
    ((f'<CodeRef targetGUID="{GUIDS[1]}"/>', f'<CodeRef targetGUID="{GUIDS[9]}"/>'), ["CodeRef/@targetGUID"]),
    ((f'internal://{GUIDS[2]}.txt', "sources/missing.txt"), ["TextSource/@plainTextPath", "internal://"]),
    ((f'internal://{GUIDS[2]}.txt', "internal://../x.txt"), ["TextSource/@plainTextPath"]),
    ((' name="Trust"', ""), ["Code/@name", "missing"]),
    (("</Sources>", "</Source>"), ["not well-formed", "project.qde"]),
    (("urn:QDA-XML:project:1.0", "urn:other"), ["namespace"]),
])
def test_malformed_project_names_member_element_and_attribute(target, tmp_path, change, parts):
    path = write_qdpx(tmp_path / "bad.qdpx", GOOD_QDE.replace(*change), TEXT)
    _refused(target, path, "project.qde", *parts)


def test_not_a_zip_and_no_project_file(target, tmp_path):
    junk = tmp_path / "junk.qdpx"
    junk.write_bytes(b"not a zip at all")
    _refused(target, junk, "not a readable ZIP")
    _refused(target, write_qdpx(tmp_path / "none.qdpx", GOOD_QDE, TEXT, qde_name="readme.txt"), "no project.qde")
    _refused(target, write_qdpx(tmp_path / "bad-text.qdpx", GOOD_QDE, {f"sources/{GUIDS[2]}.txt": b"caf\xe9"}),
             "not UTF-8", GUIDS[2])


def test_names_are_matched_ignoring_case(target, tmp_path):
    path = write_qdpx(tmp_path / "case.qdpx", GOOD_QDE.replace(GUIDS[2] + ".txt", GUIDS[2].upper() + ".TXT"),
                      {f"SOURCES/{GUIDS[2]}.txt": TEXT[f"sources/{GUIDS[2]}.txt"]}, qde_name="My Project.QDE")
    assert import_file(target.project, path).n_codings == 1


def test_case_twins_refused(target, tmp_path):
    path = write_qdpx(tmp_path / "twins.qdpx", GOOD_QDE, {**TEXT, f"Sources/{GUIDS[2]}.txt": b"other"})
    _refused(target, path, "differ only in case")


def test_external_paths_are_never_followed(target, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("do not read", encoding="utf-8")
    qde = GOOD_QDE.replace(f"internal://{GUIDS[2]}.txt", f"absolute://{secret}")
    report = import_file(target.project, write_qdpx(tmp_path / "abs.qdpx", qde))
    assert report.sources == () and any("outside the archive" in n for n in report.notices)
    assert "do not read" not in "".join(target.project.text(s) or "" for s in target.project.sources)


def test_a_failure_while_writing_leaves_the_project_as_it_was(hand_made, target, tmp_path, monkeypatch):
    path = tmp_path / "h.qdpx"
    export_qdpx(hand_made, path)
    from synthesis import transaction

    calls = {"n": 0}
    real = transaction._write

    def failing(where, data):  # type: ignore[no-untyped-def]
        calls["n"] += 1
        if calls["n"] == 3:  # the disk fills up while the import is staged
            raise OSError("disk full")
        real(where, data)

    monkeypatch.setattr(transaction, "_write", failing)
    with pytest.raises(OSError, match="disk full"):
        import_file(target.project, path)
    assert calls["n"] == 3
    target.unchanged()
    assert not (target.project.root / ".synthesis").exists()


def test_a_locked_log_stops_the_import_before_anything_is_written(hand_made, target, tmp_path):
    path = tmp_path / "h.qdpx"
    export_qdpx(hand_made, path)
    with Project.open(target.project.root, reviewer="NT"):
        target.rebase()  # opening a session makes its (empty) log
        with pytest.raises(LogLockedError, match="NT"):
            import_file(target.project, path)
    with Project.open(target.project.root, reviewer="AG") as mine:
        with pytest.raises(ActionError, match="read-only"):
            import_file(mine, path)
    target.unchanged()


def test_safezip_lists_and_reads():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("Sources/A.txt", "a")
        archive.writestr("dir/", "")
    safe = SafeZip(buffer.getvalue(), "x.qdpx")
    assert safe.names == ["Sources/A.txt"] and safe.find("sources/a.TXT") == "Sources/A.txt"
    assert safe.read("SOURCES/a.txt") == b"a"
