"""Fixtures of the exchange tests: schemas, the example review in a temporary folder,
and a small hand-made project with accents, curly quotes, an emoji and CRLF input."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from qda_helpers import REFI, REPO

from synthesis.project import Project


@pytest.fixture(scope="session")
def project_schema():
    if REFI is None:
        pytest.skip("REFI-QDA schemas not available (../shared/reference/refi-qda)")
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(REFI / "Project.xsd")))


@pytest.fixture(scope="session")
def codebook_schema():
    if REFI is None:
        pytest.skip("REFI-QDA schemas not available (../shared/reference/refi-qda)")
    from lxml import etree

    return etree.XMLSchema(etree.parse(str(REFI / "Codebook.xsd")))


@pytest.fixture
def validate(project_schema, codebook_schema) -> Callable[[bytes], None]:
    """``validate(xml_bytes)``: assert a .qde or .qdc document is valid against its schema."""
    from lxml import etree

    def check(data: bytes) -> None:
        doc = etree.fromstring(data)
        schema = project_schema if etree.QName(doc).localname == "Project" else codebook_schema
        assert schema.validate(doc), str(schema.error_log)

    return check


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the repository's example review (corpus and logs) in a temporary folder."""
    root = tmp_path / "example"
    root.mkdir()
    shutil.copy(REPO / "synthesis.toml", root / "synthesis.toml")
    shutil.copytree(REPO / "corpus", root / "corpus", ignore=shutil.ignore_patterns(".cache", "import"))
    shutil.copytree(REPO / "codebooks" / "logs", root / "codebooks" / "logs",
                    ignore=shutil.ignore_patterns("*.lock", "*.torn"))
    return root


@pytest.fixture
def hand_made(tmp_path: Path) -> Iterator[Project]:
    """A small project with accents, curly quotes, an emoji and CRLF input, two reviewers."""
    root = tmp_path / "hand"
    with Project.init(root, reviewer="AG", name="Café review") as p:
        p.add_text("Les partenaires ont dit : \u201cc\u2019est la confiance\u201d.\r\n"
                   "Cafe\u0301 cr\u00e8me \U0001F600 then \u201ctrust\u201d again.\r\nLast line.",
                   title="Entretien \u00e9t\u00e9", source_id="entretien")
        trust = p.create_code("Confiance", definition="Belief that partners follow through")
        mood = p.create_code("Humeur \U0001F600", colour="#123ABC")
        text = p.text("entretien")
        a = text.index("\u201cc\u2019est")
        p.apply_code("entretien", a, text.index("\u201d", a) + 1, trust)
        b = text.index("\U0001F600")
        p.apply_code("entretien", b, b + 1, mood)
        p.write_memo("code", trust.code_id, "Memo with \u00e9 and \u201cquotes\u201d")
        p.write_memo("source", "entretien", "Interview in French")
    with Project.open(root, reviewer="NT") as p:
        text = p.text("entretien")
        c = text.index("\u201ctrust\u201d")
        coding = p.apply_code("entretien", c, c + 7, "Confiance")[0]
        p.write_memo("coding", coding.coding_id, "second reviewer's note")
    yield Project.open(root)


