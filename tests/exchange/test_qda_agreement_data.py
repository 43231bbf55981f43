"""A .qdpx in which two users coded the same source lands as two reviewers' codings
on the same source ids, ready for the agreement statistics."""

from __future__ import annotations

from qda_helpers import foreign_qdpx

from synthesis.exchange import import_file
from synthesis.project import Project

TEXT = ("Partners trusted each other. They met every week.\r\n"
        "Budgets were pooled \U0001F4B7 and decisions were shared.\r\nThe school joined later.")


def _span(word: str) -> tuple[int, int]:
    """NVivo's offsets of ``word``: UTF-16 units, CRLF as two."""
    start = TEXT.index(word)
    return len(TEXT[:start].encode("utf-16-le")) // 2, len(TEXT[:start + len(word)].encode("utf-16-le")) // 2


def test_two_users_codings_overlap_on_the_same_source(tmp_path):
    selections = [
        (*_span("Partners trusted each other."), None, "Ann Smith"),
        (*_span("trusted each other"), None, "Bob Jones"),
        (*_span("decisions were shared."), None, "Ann Smith"),
        (*_span("Budgets were pooled \U0001F4B7 and decisions were shared."), None, "Bob Jones"),
        (*_span("The school joined later."), None, "Bob Jones"),
    ]
    path = foreign_qdpx(tmp_path / "two.qdpx", origin="NVivo for Windows 12.6", raw=TEXT.encode("utf-8-sig"),
                        selections=selections, users=("Ann Smith", "Bob Jones"), upper=True)
    project = Project.init(tmp_path / "p")
    report = import_file(project, path)
    assert report.unplaced == () and dict(report.codings) == {"Ann_Smith": 2, "Bob_Jones": 3}
    project = Project.open(project.root)
    by = {r: [c for c in project.codings.values() if c.reviewer == r] for r in ("Ann_Smith", "Bob_Jones")}
    assert {c.source_id for c in by["Ann_Smith"]} == {c.source_id for c in by["Bob_Jones"]} == {"interview-1"}
    overlaps = [(a, b) for a in by["Ann_Smith"] for b in by["Bob_Jones"]
                if a.code_id == b.code_id and a.start < b.end and b.start < a.end]
    assert len(overlaps) == 2
    assert {a.quote for a, _ in overlaps} == {"Partners trusted each other.", "decisions were shared."}
    logs = sorted(p.name for p in (project.root / "codebooks" / "logs").glob("*.jsonl"))
    assert logs == ["Ann_Smith.jsonl", "Bob_Jones.jsonl"]


def test_users_can_be_mapped_to_existing_reviewers(tmp_path):
    selections = [(*_span("They met every week."), None, "Ann Smith"), (*_span("They met"), None, "Bob Jones")]
    path = foreign_qdpx(tmp_path / "two.qdpx", origin="NVivo for Windows 12.6", raw=TEXT.encode("utf-8"),
                        selections=selections, users=("Ann Smith", "Bob Jones"))
    project = Project.init(tmp_path / "p")
    import_file(project, path, users={"Ann Smith": "AS", "Bob Jones": "BJ"})
    assert Project.open(project.root).reviewers == ["AS", "BJ"]
    assert sorted(c.quote for c in project.codings.values()) == ["They met", "They met every week."]


def test_a_user_differing_from_a_reviewer_only_in_case_is_refused(tmp_path):
    import pytest

    from synthesis.errors import ActionError

    selections = [(*_span("They met every week."), None, "Ann Smith")]
    path = foreign_qdpx(tmp_path / "one.qdpx", origin="NVivo for Windows 12.6", raw=TEXT.encode("utf-8"),
                        selections=selections, users=("Ann Smith",))
    Project.init(tmp_path / "p", reviewer="AS").close()
    project = Project.open(tmp_path / "p")
    before = sorted(p.name for p in (project.root / "codebooks" / "logs").glob("*.jsonl"))
    with pytest.raises(ActionError, match="'as' is the existing reviewer 'AS' .names ignore case.*nothing was imported"):
        import_file(project, path, users={"Ann Smith": "as"})
    assert sorted(p.name for p in (project.root / "codebooks" / "logs").glob("*.jsonl")) == before
    assert project.sources == {}
