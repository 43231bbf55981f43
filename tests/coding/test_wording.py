"""The one wording of what an event did (synthesis.wording), by quote and by source, for every event type."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from synthesis import Project
from synthesis.coding.wording import describe as coding_describe
from synthesis.corpus.importing import save_studies
from synthesis.live.summary import describe as live_describe
from synthesis.records import Event, Study
from synthesis.state import HANDLERS
from synthesis.wording import what

TEXT = "Trust grew over time between the partners. Roles were clear."


@pytest.fixture()
def project(tmp_path: Path) -> Iterator[Project]:
    with Project.init(tmp_path / "r", reviewer="AG") as p:
        save_studies(p, [Study("green2012", "Green and Dicks 2012")])
        p.add_text(TEXT, title="Note", source_id="note", study_id="green2012")
        trust, roles = p.create_code("Trust"), p.create_code("Roles")
        p.apply_code("note", 0, 10, trust)
        p.apply_code("note", 43, 48, roles)
        p.record("theme.create", {"theme_id": "T1", "level": "descriptive", "name": "Bonds"})
        p.record("theme.create", {"theme_id": "T2", "level": "descriptive", "name": "Ties"})
        p.record("group.create", {"group_id": "G1", "name": "Underpinning"})
        yield p


def _event(kind: str, data: dict) -> Event:
    return Event("AG:999", 999, 999, "2026-12-03T10:00:00Z", "AG", kind, data)


def _ids(project: Project) -> tuple[str, str, str, str]:
    trust, roles = project.code("Trust"), project.code("Roles")
    (first,) = [c.coding_id for c in project.codings.values() if c.code_id == trust.code_id]
    return trust.code_id, roles.code_id, first, next(c for c in project.codings if c != first)


# (type, data with placeholders, by quote, by source)
CASES = [
    ("coding.apply", {"source_id": "note", "quote": "Trust grew", "codings": [["K", "{trust}"], ["L", "{roles}"]]},
     "applied 'Trust' and 'Roles' to “Trust grew”", "applied 'Trust' and 'Roles' to Green and Dicks 2012"),
    ("coding.remove", {"coding_ids": ["{coding}"]},
     "removed 'Trust' from “Trust grew”", "removed 'Trust' from Green and Dicks 2012"),
    ("coding.remove", {"coding_ids": ["{coding}", "{other}"]},
     "removed 'Trust' and 'Roles' from 2 spans", "removed 'Trust' and 'Roles' from Green and Dicks 2012"),
    ("code.create", {"code_id": "C9", "label": "Time"}, "created the code 'Time'", None),
    ("code.update", {"code_id": "{trust}", "label": "Faith"}, "renamed a code to 'Faith'", None),
    ("code.update", {"code_id": "{trust}", "definition": "d"}, "changed the definition of 'Trust'", None),
    ("code.move", {"code_id": "{roles}", "parent": "{trust}"}, "moved 'Roles' under 'Trust'", None),
    ("code.move", {"code_id": "{roles}", "parent": ""}, "moved 'Roles' to the top of the code tree", None),
    ("code.delete", {"code_id": "{trust}"}, "deleted the code 'Trust'", None),
    ("code.merge", {"sources": ["{roles}"], "target": "{trust}"}, "merged 'Roles' into 'Trust'", None),
    ("code.split", {"code_id": "{trust}", "into": [{"code_id": "C8", "label": "Early trust"}], "assign": {}},
     "split the code 'Trust' into 'Early trust'", None),
    ("memo.write", {"target_kind": "code", "target_id": "{trust}"}, "wrote a memo on the code 'Trust'", None),
    ("memo.write", {"target_kind": "coding", "target_id": "{coding}"},
     "wrote a memo on 'Trust' at “Trust grew”", "wrote a memo on a coding of 'Trust' in Green and Dicks 2012"),
    ("memo.write", {"target_kind": "source", "target_id": "note"}, "wrote a memo on Green and Dicks 2012", None),
    ("memo.delete", {"memo_id": "M1"}, "deleted a memo", None),
    ("check.verdict", {"coding_id": "{coding}", "verdict": "agree"},
     "agreed with 'Trust' at “Trust grew”", "agreed with a coding of 'Trust' in Green and Dicks 2012"),
    ("check.verdict", {"coding_id": "{coding}", "verdict": "propose"},
     "proposed a change to 'Trust' at “Trust grew”",
     "proposed a change to a coding of 'Trust' in Green and Dicks 2012"),
    ("disagreement.resolve", {"key": "k", "method": "discussion", "keep": ["a"], "remove": ["b"], "add": []},
     "resolved a disagreement by discussion (kept 1 coding, removed 1)", None),
    ("double.coders", {"coders": ["AG", "NT"]}, "set the double coders to AG, NT", None),
    ("corpus.import", {"kind": "studies", "file": "studies.csv", "ids": ["a", "b"]},
     "imported 2 studies from studies.csv", None),
    ("corpus.import", {"kind": "sources", "files": [{"file": "a.txt"}, {"file": "b.txt"}, {"file": "c.txt"}],
                       "ids": ["a", "b", "c"]}, "imported 3 sources from 3 files", None),
    ("corpus.import", {"kind": "extracts", "file": "x.csv", "ids": ["a"], "unchanged": True},
     "imported x.csv again (nothing changed)", None),
    ("suggestion.reject", {"source_id": "note", "start": 0, "end": 10, "code_id": "{trust}", "quote": "Trust grew"},
     "rejected the suggestion 'Trust' for “Trust grew”", "rejected the suggestion 'Trust' for Green and Dicks 2012"),
    ("query.save", {"name": "trust", "kind": "text", "params": {}}, "saved the search 'trust'", None),
    ("query.delete", {"name": "trust"}, "deleted the saved search 'trust'", None),
    ("theme.create", {"theme_id": "T3", "level": "analytical", "name": "Care"}, "created the theme 'Care'", None),
    ("theme.update", {"theme_id": "T1", "name": "Links"}, "renamed a theme to 'Links'", None),
    ("theme.update", {"theme_id": "T1", "question": "q"}, "changed the question of the theme 'Bonds'", None),
    ("theme.delete", {"theme_id": "T1"}, "deleted the theme 'Bonds'", None),
    ("theme.merge", {"sources": ["T2"], "target": "T1"}, "merged the theme 'Ties' into 'Bonds'", None),
    ("theme.assign", {"theme_id": "T1", "members": ["{trust}", "{roles}"]},
     "added 'Trust' and 'Roles' to the theme 'Bonds'", None),
    ("theme.unassign", {"theme_id": "T1", "members": ["{trust}"]}, "took 'Trust' out of the theme 'Bonds'", None),
    ("theme.move", {"theme_id": "T1", "target": "T2", "members": ["{trust}"]},
     "moved 'Trust' from the theme 'Bonds' to 'Ties'", None),
    ("exemplar.set", {"theme_id": "T1", "coding_id": "{coding}"},
     "chose “Trust grew” as an exemplar of 'Bonds'",
     "chose a quotation in Green and Dicks 2012 as an exemplar of 'Bonds'"),
    ("exemplar.unset", {"theme_id": "T1", "coding_id": "{coding}"},
     "dropped “Trust grew” as an exemplar of 'Bonds'",
     "dropped a quotation in Green and Dicks 2012 as an exemplar of 'Bonds'"),
    ("quote.kind", {"coding_id": "{coding}", "kind": "participant"}, "marked “Trust grew” as a participant's words",
     "marked a quotation in Green and Dicks 2012 as a participant's words"),
    ("group.create", {"group_id": "G2", "name": "Roots"}, "created the element group 'Roots'", None),
    ("group.delete", {"group_id": "G1"}, "deleted the element group 'Underpinning'", None),
    ("group.link", {"group_id": "G1", "element": "Care", "members": ["T1"]},
     "linked 'Bonds' to 'Care' in the element group 'Underpinning'", None),
    ("group.link", {"group_id": "G1", "element": "Care"},
     "added the element 'Care' to the element group 'Underpinning'", None),
    ("group.unlink", {"group_id": "G1", "element": "Care", "members": ["{trust}"]},
     "unlinked 'Trust' from 'Care' in the element group 'Underpinning'", None),
    ("cerqual.judge", {"finding": "T1", "component": "adequacy", "level": "moderate concerns"},
     "judged the adequacy of 'Bonds': moderate concerns", None),
    ("cerqual.judge", {"finding": "T1", "component": "overall", "level": "high"},
     "judged the confidence in 'Bonds' as high", None),
]


def _fill(value: object, ids: dict[str, str]) -> object:
    if isinstance(value, str):
        return value.format(**ids)
    if isinstance(value, list):
        return [_fill(v, ids) for v in value]
    if isinstance(value, dict):
        return {k: _fill(v, ids) for k, v in value.items()}
    return value


@pytest.mark.parametrize(("kind", "data", "by_quote", "by_source"), CASES)
def test_every_event_type_is_said_in_words(project: Project, kind: str, data: dict, by_quote: str,
                                           by_source: str | None) -> None:
    trust, roles, coding, other = _ids(project)
    event = _event(kind, _fill(data, {"trust": trust, "roles": roles, "coding": coding, "other": other}))
    assert what(project, event) == coding_describe(project, event) == by_quote
    assert what(project, event, place="source") == (by_source or by_quote)
    assert live_describe(project, event) == f"AG {by_source or by_quote}"


def test_every_event_type_the_fold_handles_has_words() -> None:
    import synthesis.query.saved  # noqa: F401  (modules that register their event types)
    import synthesis.review  # noqa: F401
    import synthesis.themes.events  # noqa: F401
    import synthesis.suggest  # noqa: F401

    assert len(HANDLERS) >= 30 and set(HANDLERS) <= {case[0] for case in CASES}


def test_undo_and_redo_say_what_they_took_back(project: Project) -> None:
    project.apply_code("note", 43, 48, project.code("Trust"))
    project.undo()
    assert coding_describe(project, project.events[-1]) == "undid a step (applied 'Trust' to “Roles”)"
    assert live_describe(project, project.redo()) == "AG redid a step (applied 'Trust' to Green and Dicks 2012)"
    assert what(project, _event("undo", {"target": "gone"})) == "undid a step"


def test_an_unknown_event_is_a_change(project: Project) -> None:
    event = _event("figure.draw", {})
    assert coding_describe(project, event) == "your last change"
    assert live_describe(project, event) == "AG made a change"
    assert what(project, _event("check.verdict", {})) == "made a change"  # data it cannot read
    with pytest.raises(ValueError, match="quote"):
        what(project, event, place="page")  # type: ignore[arg-type]
