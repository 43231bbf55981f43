"""Project: every reviewer action, persistence, re-anchoring, several reviewers."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from synthesis.corpus.importing import save_studies
from synthesis.corpus.normalise import normalise_text
from synthesis.errors import ActionError, LogCorruptError, LogLockedError, ProjectError
from synthesis.log import read_log
from synthesis.project import MARKER, Project
from synthesis.records import Study

TEXT = ("Partnership working depended on trust between agencies. When funding ended, "
        "trust and reciprocity evaporated and staff stopped attending meetings.\n\n"
        "Managers said that informal contact kept the network alive.")


def at(text: str, phrase: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = text.index(phrase, start + 1)
    return start, start + len(phrase)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "review"


@pytest.fixture
def project(root: Path):
    p = Project.init(root, reviewer="AG", name="Test review")
    p.add_text(TEXT, title="Field notes", source_id="s1")
    yield p
    p.close()


def snapshot(p: Project) -> tuple:
    return dict(p.codes), dict(p.codings), dict(p.memos), dict(p.state.merged)


# ------------------------------------------------------------------ lifecycle
def test_init_makes_the_layout(root: Path) -> None:
    with Project.init(root, name='My "review"') as p:
        assert p.root == root.resolve()
        assert (root / MARKER).read_text().startswith("[project]\nname = \"My 'review'\"")
        for folder in ("corpus/sources", "codebooks/logs", "figures"):
            assert (root / folder).is_dir()
        assert "codebooks/logs/*.lock" in (root / ".gitignore").read_text()
        assert p.reviewer is None and p.codes == {} and p.problems == []
    with pytest.raises(ProjectError, match="already a review project"):
        Project.init(root)


def test_open_refuses_a_folder_that_is_not_a_project(tmp_path: Path) -> None:
    with pytest.raises(ProjectError, match="not a review project"):
        Project.open(tmp_path)


def test_read_only_project_refuses_every_action(project: Project, root: Path) -> None:
    trust = project.create_code("Trust")
    coding = project.apply_code("s1", 0, 11, trust)[0]
    project.close()
    p = Project.open(root)
    assert p.reviewer is None and not p.can_undo() and not p.can_redo()
    attempts = [
        lambda: p.create_code("Other"),
        lambda: p.rename_code(trust, "Renamed"),
        lambda: p.delete_code(trust),
        lambda: p.apply_code("s1", 12, 19, trust),
        lambda: p.remove_coding(coding),
        lambda: p.write_memo("code", trust.code_id, "note"),
        lambda: p.undo(),
        lambda: p.redo(),
    ]
    for attempt in attempts:
        with pytest.raises(ActionError, match="read-only"):
            attempt()
    assert snapshot(p) == snapshot(Project.open(root))
    assert [path.name for path in p.log_dir.glob("*.jsonl")] == ["AG.jsonl"]


def test_same_reviewer_cannot_open_twice(project: Project, root: Path) -> None:
    with pytest.raises(LogLockedError):
        Project.open(root, reviewer="AG")
    Project.open(root).close()  # reading is always fine
    project.close()
    Project.open(root, reviewer="AG").close()


def test_failed_open_releases_the_lock(project: Project, root: Path) -> None:
    project.create_code("Trust")
    project.create_code("Reciprocity")
    project.close()
    log = root / "codebooks" / "logs" / "AG.jsonl"
    good = log.read_bytes()
    lines = good.split(b"\n")
    log.write_bytes(b"\n".join([lines[0], b"{damaged", *lines[1:]]))
    with pytest.raises(LogCorruptError) as caught:
        Project.open(root, reviewer="BB")
    assert caught.value.line == 2 and caught.value.file.endswith("AG.jsonl")
    log.write_bytes(good)
    Project.open(root, reviewer="BB").close()  # BB's lock was not left behind


# ------------------------------------------------------------------ codes
def test_create_rename_and_delete_codes(project: Project) -> None:
    trust = project.create_code("  Trust   between\tagencies ", definition="Belief in follow-through")
    assert trust.label == "Trust between agencies" and trust.created_by == "AG"
    assert trust.colour.startswith("#")
    assert project.code("trust BETWEEN agencies") == trust == project.code(trust.code_id) == project.code(trust)
    renamed = project.rename_code(trust, "Trust")
    assert renamed.code_id == trust.code_id and renamed.definition == "Belief in follow-through"
    assert project.rename_code("trust", "TRUST").label == "TRUST"  # a change of case is allowed
    project.update_code("TRUST", definition="new", colour="#000000")
    assert (project.code(trust.code_id).definition, project.code(trust.code_id).colour) == ("new", "#000000")
    project.apply_code("s1", 0, 11, trust)
    project.delete_code(trust)
    assert project.codes == {} and project.codings == {}
    with pytest.raises(ActionError, match="no code"):
        project.code("TRUST")


def test_duplicate_labels_refused(project: Project) -> None:
    project.create_code("Trust")
    other = project.create_code("Reciprocity")
    for label in ("Trust", "trust", "  TRUST "):
        with pytest.raises(ActionError, match="exists already"):
            project.create_code(label)
    with pytest.raises(ActionError, match="exists already"):
        project.rename_code(other, "trust")
    with pytest.raises(ActionError, match="needs a label"):
        project.create_code("   ")
    assert len(project.codes) == 2
    assert len(project.events) == 2  # nothing refused reached the log


def test_merge_codes(project: Project) -> None:
    trust, faith, belief = (project.create_code(x) for x in ("Trust", "Faith", "Belief"))
    k1 = project.apply_code("s1", *at(TEXT, "trust"), [trust, faith])  # same span, both codes
    k2 = project.apply_code("s1", *at(TEXT, "reciprocity"), belief)
    merged = project.merge_codes([faith, "Belief"], into=trust)
    assert merged == project.code(trust.code_id)
    assert sorted(project.codes) == [trust.code_id]
    assert set(project.codings) == {k1[0].coding_id, k2[0].coding_id}
    assert {c.code_id for c in project.codings.values()} == {trust.code_id}
    with pytest.raises(ActionError, match="merged into 'Trust'"):
        project.code(faith.code_id)
    with pytest.raises(ActionError, match="at least one code"):
        project.merge_codes([trust], into=trust)


def test_split_code(project: Project) -> None:
    trust = project.create_code("Trust")
    a = project.apply_code("s1", *at(TEXT, "trust"), trust)[0]
    b = project.apply_code("s1", *at(TEXT, "trust", 1), trust)[0]
    c = project.apply_code("s1", *at(TEXT, "informal contact"), trust)[0]
    inter, personal = project.split_code(trust, {"Inter-agency trust": [a], "Personal trust": [b.coding_id]})
    assert project.codings[a.coding_id].code_id == inter.code_id
    assert project.codings[b.coding_id].code_id == personal.code_id
    assert project.codings[c.coding_id].code_id == trust.code_id
    with pytest.raises(ActionError, match="not a coding of"):
        project.split_code(trust, {"Again": [a]})
    with pytest.raises(ActionError, match="exists already"):
        project.split_code(trust, {"Personal trust": [c]})
    with pytest.raises(ActionError, match="named twice"):
        project.split_code(trust, {"X": [c], "x": []})
    with pytest.raises(ActionError, match="at least one"):
        project.split_code(trust, {})


# ------------------------------------------------------------------ codings
def test_apply_several_codes_to_one_span(project: Project) -> None:
    codes = [project.create_code(x) for x in ("Trust", "Reciprocity", "Funding")]
    start, end = at(TEXT, "trust and reciprocity evaporated")
    made = project.apply_code("s1", start, end, [codes[0], "reciprocity", codes[2].code_id, codes[0]])
    assert [c.code_id for c in made] == [c.code_id for c in codes]
    assert len({c.coding_id for c in made}) == 3
    for coding in made:
        assert (coding.start, coding.end, coding.quote) == (start, end, TEXT[start:end])
        assert coding.reviewer == "AG" and coding.status == "anchored"
    assert len(project.events) == 4  # one event for the three codings
    with pytest.raises(ActionError, match="already applied"):
        project.apply_code("s1", start, end, codes[:2])
    added = project.apply_code("s1", start, end, [codes[0], project.create_code("New")])
    assert [c.code_id for c in added] == [project.code("New").code_id]  # only the new one


def test_overlapping_and_nested_codings(project: Project) -> None:
    trust = project.create_code("Trust")
    outer = project.apply_code("s1", *at(TEXT, "When funding ended, trust and reciprocity evaporated"), trust)[0]
    inner = project.apply_code("s1", *at(TEXT, "trust and reciprocity"), trust)[0]
    overlap = project.apply_code("s1", *at(TEXT, "evaporated and staff stopped"), trust)[0]
    text = project.text("s1")
    for coding in (outer, inner, overlap):
        assert text[coding.start:coding.end] == coding.quote
    here = at(TEXT, "evaporated")[0]
    assert {c.coding_id for c in project.codings_at("s1", here)} == {outer.coding_id, overlap.coding_id}
    here = at(TEXT, "reciprocity")[0]
    assert {c.coding_id for c in project.codings_at("s1", here)} == {outer.coding_id, inner.coding_id}
    assert project.codings_at("s1", 0) == []


def test_bad_spans_and_sources_refused(project: Project) -> None:
    trust = project.create_code("Trust")
    for start, end in ((5, 5), (-1, 3), (0, len(TEXT) + 1)):
        with pytest.raises(ActionError, match="non-empty span"):
            project.apply_code("s1", start, end, trust)
    with pytest.raises(ActionError, match="white space"):
        project.apply_code("s1", *at(TEXT, "\n\n"), trust)
    with pytest.raises(ActionError, match="no source"):
        project.apply_code("nope", 0, 3, trust)
    with pytest.raises(ActionError, match="no code"):
        project.apply_code("s1", 0, 3, "Unknown")
    with pytest.raises(ActionError, match="at least one code"):
        project.apply_code("s1", 0, 3, [])
    assert project.codings == {} and len(project.events) == 1


def test_remove_codings(project: Project) -> None:
    trust = project.create_code("Trust")
    a, b = project.apply_code("s1", 0, 11, [trust, project.create_code("Other")])
    c = project.apply_code("s1", 12, 19, trust)[0]
    project.remove_coding(a, c.coding_id)
    assert list(project.codings) == [b.coding_id]
    with pytest.raises(ActionError, match="no coding"):
        project.remove_coding(a)
    with pytest.raises(ActionError, match="at least one"):
        project.remove_coding()


# ------------------------------------------------------------------ memos
def test_memos_on_code_coding_and_source(project: Project) -> None:
    trust = project.create_code("Trust")
    coding = project.apply_code("s1", 0, 11, trust)[0]
    on_code = project.write_memo("code", "trust", "Emerging theme")
    on_coding = project.write_memo("coding", coding.coding_id, "Strong example")
    on_source = project.write_memo("source", "s1", "Read twice")
    assert (on_code.target_id, on_coding.target_id, on_source.target_id) == (trust.code_id, coding.coding_id, "s1")
    assert on_code.author == "AG"
    again = project.write_memo("code", trust.code_id, "Central theme")  # rewrites the same memo
    assert again.memo_id == on_code.memo_id and len(project.memos) == 3
    assert project.memos_on("code", trust.code_id) == [again]
    project.delete_memo(on_source)
    assert project.memos_on("source", "s1") == []
    for kind, target, message in (("theme", "x", "not 'theme'"), ("coding", "K0", "no coding"),
                                  ("source", "zz", "no source"), ("code", "zz", "no code")):
        with pytest.raises(ActionError, match=message):
            project.write_memo(kind, target, "x")
    with pytest.raises(ActionError, match="no memo"):
        project.delete_memo(on_source.memo_id)


# ------------------------------------------------------------------ undo / redo
def test_undo_redo(project: Project) -> None:
    assert not project.can_undo() and project.undo() is None and project.redo() is None
    trust = project.create_code("Trust")
    coding = project.apply_code("s1", 0, 11, trust)[0]
    project.rename_code(trust, "Mutual trust")
    assert project.undo().type == "code.update"
    assert project.code(trust.code_id).label == "Trust"
    assert project.undo().type == "coding.apply"
    assert project.codings == {}
    assert project.can_redo()
    project.redo()
    assert coding.coding_id in project.codings
    project.redo()
    assert project.code(trust.code_id).label == "Mutual trust"
    assert not project.can_redo()
    project.undo()
    project.undo()
    project.undo()
    assert project.codes == {} and not project.can_undo()
    project.redo()
    project.create_code("Fresh")  # a new action clears the redo stack
    assert not project.can_redo()
    assert set(project.codes) == {trust.code_id, project.code("Fresh").code_id}


def test_undo_only_touches_my_own_actions(project: Project, root: Path) -> None:
    trust = project.create_code("Trust")
    with Project.open(root, reviewer="BB") as bb:
        bb.apply_code("s1", 0, 11, trust)
        assert not bb.can_redo()
        project.reload()
        project.undo()  # AG undoes the code BB has used
        assert project.codes == {} and project.codings == {}
        problems = [p for p in project.problems if p.kind == "rejected-event"]
        assert len(problems) == 1 and problems[0].event_id == "BB:1"
        assert bb.undo().type == "coding.apply"


# ------------------------------------------------------------------ persistence
def test_reopening_gives_the_same_state(project: Project, root: Path) -> None:
    trust = project.create_code("Trust")
    faith = project.create_code("Faith")
    coding = project.apply_code("s1", 0, 11, [trust, faith])[0]
    project.apply_code("s1", 12, 19, faith)
    project.write_memo("coding", coding.coding_id, "memo")
    project.merge_codes([faith], into=trust)
    project.undo()
    faith_coding = next(k for k in project.codings.values() if k.code_id == faith.code_id)
    project.split_code(faith, {"Faith A": [faith_coding]})
    before = snapshot(project)
    events = project.events
    project.close()
    for reviewer in (None, "AG"):
        with Project.open(root, reviewer=reviewer) as again:
            assert snapshot(again) == before
            assert again.events == events
            assert again.problems == []


def test_two_reviewers_logs_fold_together(project: Project, root: Path) -> None:
    trust = project.create_code("Trust")
    project.apply_code("s1", 0, 11, trust)
    with Project.open(root, reviewer="BB") as bb:
        assert bb.code("Trust") == trust
        bb.apply_code("s1", 0, 11, trust)  # the same span, a second reviewer
        bb.write_memo("code", trust.code_id, "BB's view")
        project.write_memo("code", trust.code_id, "AG's view")
        project.reload()
        bb.reload()
        assert snapshot(project) == snapshot(bb)
        assert project.reviewers == bb.reviewers == ["AG", "BB"]
        assert sorted(c.reviewer for c in project.codings.values()) == ["AG", "BB"]
        assert sorted(m.author for m in project.memos_on("code", trust.code_id)) == ["AG", "BB"]
        assert (root / "codebooks/logs/BB.jsonl").exists()
        # clocks respect what each reviewer had seen: BB saw AG's first two events;
        # AG's memo was concurrent with BB's work and sorts by clock, then reviewer
        assert [(e.reviewer, e.clock) for e in project.events] == [
            ("AG", 1), ("AG", 2), ("AG", 3), ("BB", 3), ("BB", 4)]
        assert project.write_memo("source", "s1", "after sync").author == "AG"
        assert project.events[-1].clock == 5
    assert snapshot(Project.open(root)) == snapshot(project)


def test_changed_source_reanchors_and_orphans_on_reload(project: Project, root: Path) -> None:
    trust = project.create_code("Trust")
    moved = project.apply_code("s1", *at(TEXT, "informal contact"), trust)[0]
    lost = project.apply_code("s1", *at(TEXT, "reciprocity evaporated"), trust)[0]
    log_before = (root / "codebooks/logs/AG.jsonl").read_bytes()
    project.close()
    changed = "A new opening sentence.\n\n" + TEXT.replace("reciprocity evaporated", "goodwill ran out")
    with Project.open(root, reviewer="AG") as p:
        p.add_text(changed, title="Field notes", source_id="s1")
    for reviewer in (None, "AG"):
        with Project.open(root, reviewer=reviewer) as p:
            text = p.text("s1")
            assert text == changed
            k = p.codings[moved.coding_id]
            assert k.status == "reanchored"
            assert text[k.start:k.end] == "informal contact" and k.start == moved.start + 25 - 6
            orphan = p.codings[lost.coding_id]  # kept, never dropped
            assert orphan.status == "orphaned" and orphan.anchor == lost.anchor
            problems = [x for x in p.problems if x.kind == "orphaned-coding"]
            assert len(problems) == 1 and lost.coding_id in problems[0].message
            assert "reciprocity evaporated" in problems[0].message
    assert (root / "codebooks/logs/AG.jsonl").read_bytes() == log_before  # the log is never rewritten


def test_add_text_reanchors_live(project: Project) -> None:
    trust = project.create_code("Trust")
    coding = project.apply_code("s1", *at(TEXT, "informal contact"), trust)[0]
    project.add_text("Preface.\n\n" + TEXT, title="Field notes", source_id="s1")
    now = project.codings[coding.coding_id]
    assert now.status == "reanchored" and now.start == coding.start + 10
    project.add_text(TEXT, title="Field notes", source_id="s1")
    assert project.codings[coding.coding_id].status == "anchored"


def test_cite_and_page(project: Project) -> None:
    save_studies(project, [Study("green2012", "Green and Dicks, 2012", year=2012, design="qualitative")])
    text = "Trust grew between agencies over the years."
    project.add_text(text, title="Green findings", source_id="green", study_id="green2012", pages=((0, "10"),))
    project.add_text("Page one text.\fPage two text.", title="Two pages", source_id="two",
                     pages=((0, "10"), (15, "11")))
    trust = project.create_code("Trust")
    coding = project.apply_code("green", 0, 5, trust)[0]
    assert project.study_of("green").year == 2012
    assert project.page(coding) == "10"
    assert project.cite(coding) == "(Green and Dicks, 2012; p. 10)"
    across = project.apply_code("two", 5, 20, trust)[0]
    assert project.cite(across) == "(Two pages; pp. 10-11)"
    plain = project.apply_code("s1", 0, 11, trust)[0]
    assert project.cite(plain) == "(Field notes)"


# ------------------------------------------------------------------ property: undo restores
ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["create", "rename", "delete", "merge", "split", "apply", "remove",
                         "memo", "unmemo", "undo", "redo"]),
        st.integers(0, 1_000),
        st.integers(0, 1_000),
    ),
    min_size=1,
    max_size=12,
)
WORDS = TEXT.split(" ")


def act(p: Project, name: str, a: int, b: int, n: int) -> None:
    codes = sorted(p.codes)
    codings = sorted(p.codings)
    pick = lambda xs, i: xs[i % len(xs)]  # noqa: E731
    if name == "create" or not codes:
        p.create_code(f"Code {n}", definition=f"d{a}")
    elif name == "rename":
        p.rename_code(pick(codes, a), f"Renamed {n}")
    elif name == "delete":
        p.delete_code(pick(codes, a))
    elif name == "merge":
        p.merge_codes([pick(codes, a)], into=pick(codes, b))
    elif name == "split":
        code = pick(codes, a)
        mine = [k for k in codings if p.codings[k].code_id == code]
        p.split_code(code, {f"Part {n}": mine[: b % (len(mine) + 1)]})
    elif name == "apply":
        start = a % (len(TEXT) - 40)
        p.apply_code("s1", start, start + 1 + b % 40, [pick(codes, a), pick(codes, b)])
    elif name == "remove":
        p.remove_coding(pick(codings, a) if codings else "none")
    elif name == "memo":
        kind = ("code", "coding", "source")[b % 3]
        target = {"code": pick(codes, a), "coding": pick(codings, a) if codings else "none", "source": "s1"}[kind]
        p.write_memo(kind, target, f"memo {n}")
    elif name == "unmemo":
        p.delete_memo(pick(sorted(p.memos), a) if p.memos else "none")
    elif name == "undo":
        p.undo()
    else:
        p.redo()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions=ACTIONS)
def test_undo_restores_the_state_exactly(actions) -> None:
    with tempfile.TemporaryDirectory() as folder:
        p = Project.init(folder, reviewer="AG")
        p.add_text(TEXT, title="Field notes", source_id="s1")
        for n, (name, a, b) in enumerate(actions):
            before = snapshot(p)
            count = len(p.events)
            try:
                act(p, name, a, b, n)
            except ActionError:
                assert len(p.events) == count and snapshot(p) == before
                continue
            if len(p.events) == count or name in ("undo", "redo"):
                continue
            after = snapshot(p)
            p.undo()
            assert snapshot(p) == before
            p.redo()
            assert snapshot(p) == after
            assert p.problems == []
        final = snapshot(p)
        p.close()
        with Project.open(folder) as again:
            assert snapshot(again) == final


# ------------------------------------------------------------------ property: offsets slice the quote
PIECES = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["\r\n", "\r", "\n\n", "\u2028", "e\u0301", "A\u030a", "\u1100\u1161", "👩‍👩‍👧",
                     "🤝", "é", "ﬁ", "\ufeff", "Ω", "\u00a0", "\t", " ", "trust", "Zürich", "日本語"]),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(pieces=st.lists(PIECES, min_size=1, max_size=25), data=st.data())
def test_offsets_always_slice_out_the_quote(pieces, data) -> None:
    raw = "".join(pieces)
    text = normalise_text(raw)
    if not text.strip():
        return
    assert "\r" not in text and normalise_text(text) == text
    with tempfile.TemporaryDirectory() as folder:
        p = Project.init(folder, reviewer="AG")
        p.add_text(raw, title="Random", source_id="r")
        assert p.text("r") == text and p.sources["r"].n_chars == len(text)
        code = p.create_code("Trust")
        spans = []
        for _ in range(data.draw(st.integers(1, 3))):
            start = data.draw(st.integers(0, len(text) - 1))
            end = data.draw(st.integers(start + 1, len(text)))
            if not text[start:end].strip() or (start, end) in spans:
                continue
            spans.append((start, end))
            coding = p.apply_code("r", start, end, code)[0]
            assert (coding.start, coding.end) == (start, end)
            assert text[coding.start:coding.end] == coding.quote == coding.anchor.quote
        p.close()
        with Project.open(folder) as again:
            stored = again.text("r")
            assert stored == text
            assert again.problems == []
            assert sorted((c.start, c.end) for c in again.codings.values()) == sorted(spans)
            for coding in again.codings.values():
                assert coding.status == "anchored"
                assert stored[coding.start:coding.end] == coding.quote
        events, problems = read_log(Path(folder) / "codebooks/logs/AG.jsonl")
        assert problems == [] and len(events) == 1 + len(spans)


def test_a_large_projects_records_stay_out_of_the_collectors_passes(tmp_path, monkeypatch):
    import gc

    from synthesis import checkpoint

    monkeypatch.setattr(checkpoint, "MIN_EVENTS", 2)
    gc.unfreeze()
    try:
        with Project.init(tmp_path / "r", reviewer="AG", checkpoint=False) as p:
            p.create_code("Trust")
        assert gc.get_freeze_count() == 0  # one event: a small project changes nothing
        with Project.open(tmp_path / "r", reviewer="AG", checkpoint=False) as p:
            p.create_code("Respect")
        p = Project.open(tmp_path / "r", checkpoint=False)
        assert gc.get_freeze_count() > 0 and len(p.codes) == 2
    finally:
        gc.unfreeze()
