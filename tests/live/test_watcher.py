"""Colleagues' work appearing in an open session: refresh, the watcher, and the views."""

from __future__ import annotations

import asyncio
import time
from html import unescape

import pytest

from synthesis import Project
from synthesis.corpus.importing import save_studies
from synthesis.live import Watcher, watch
from synthesis.records import Study
from synthesis.review.check import verdicts
from synthesis.state import fold
from synthesis.themes.events import themes_of
from synthesis.widgets import CheckView, CodingView, QueueView, ThemeBoard

TEXT = "Both partners acted. Trust grew over time. Roles were clear."


@pytest.fixture()
def root(tmp_path):
    root = tmp_path / "r"
    with Project.init(root, reviewer="NT") as p:
        save_studies(p, [Study("green2012", "Green and Dicks 2012")])
        p.add_text(TEXT, title="Note", source_id="note", study_id="green2012")
        p.create_code("Trust")
        p.create_code("Clarity")
        p.apply_code("note", 21, 42, "Trust")
    return root


@pytest.fixture()
def pair(root):
    ag, bb = Project.open(root, reviewer="AG"), Project.open(root, reviewer="BB")
    yield ag, bb
    ag.close()
    bb.close()


def reopened(root) -> Project:
    return Project.open(root)


def test_refresh_sees_a_colleagues_actions_and_equals_a_reopen(root, pair):
    ag, bb = pair
    assert ag.refresh() == []
    coded = bb.apply_code("note", 43, 60, "Clarity")
    bb.write_memo("code", "Trust", "grows slowly")
    new = ag.refresh()
    assert [e.type for e in new] == ["coding.apply", "memo.write"]
    assert coded[0].coding_id in ag.codings and len(ag.memos) == 1
    bb.undo()  # the memo
    bb.undo()  # the coding
    assert [e.type for e in ag.refresh()] == ["undo", "undo"]
    assert coded[0].coding_id not in ag.codings and not ag.memos
    fresh = reopened(root)
    assert dict(ag.codings) == dict(fresh.codings) and dict(ag.codes) == dict(fresh.codes)
    assert ag.state.extra == fresh.state.extra


def test_a_colleagues_older_event_takes_its_place_in_the_fold(root, pair):
    ag, bb = pair
    ag.create_code("Time")
    ag.create_code("Money")  # AG's clock is now ahead of BB's
    bb.delete_code("Trust")  # BB had not seen AG's codes: its clock is older
    assert bb.events[-1].clock < ag.events[-1].clock
    ag.refresh()
    assert "Trust" not in {c.label for c in ag.codes.values()}
    assert ag.state.codes == fold(reopened(root).events).codes
    assert ag.events[-1].reviewer == "AG"  # the colleague's event sorted before AG's last
    ag.undo()  # AG's own undo still works on its own last action
    assert "Money" not in {c.label for c in ag.codes.values()}


def test_own_undo_stack_is_kept_while_colleagues_work(pair):
    ag, bb = pair
    ag.create_code("Time")
    assert ag.can_undo()
    bb.create_code("Money")
    ag.refresh()
    assert ag.undo().type == "code.create" and "Time" not in {c.label for c in ag.codes.values()}
    assert "Money" in {c.label for c in ag.codes.values()}


def test_a_replaced_or_shortened_log_is_read_again(root, pair):
    ag, bb = pair
    bb.create_code("Money")
    ag.refresh()
    bb.close()
    log = root / "codebooks" / "logs" / "BB.jsonl"
    log.write_bytes(b"")  # e.g. restored from an older copy
    assert ag.refresh() == []
    assert "Money" not in {c.label for c in ag.codes.values()}


def test_a_half_written_line_waits_for_its_end(root, pair):
    ag, bb = pair
    bb.close()
    log = root / "codebooks" / "logs" / "BB.jsonl"
    line = (b'{"clock":90,"data":{"code_id":"Cx","label":"Money"},"id":"BB:1","reviewer":"BB",'
            b'"seq":1,"time":"t","type":"code.create"}\n')
    with open(log, "ab") as handle:
        handle.write(line[:30])
    assert ag.refresh() == [] and not ag.problems
    with open(log, "ab") as handle:
        handle.write(line[30:])
    assert [e.id for e in ag.refresh()] == ["BB:1"]
    assert "Money" in {c.label for c in ag.codes.values()}


def test_watcher_tells_subscribers_who_changed_what(pair):
    ag, bb = pair
    watcher = watch(ag, start=False)
    assert watch(ag, start=False) is watcher  # one per project, shared by its views
    seen = []
    watcher.subscribe(seen.append)
    bb.apply_code("note", 0, 20, "Trust")
    change = watcher.tick()
    assert change.summary == "BB applied 'Trust' to Green and Dicks 2012"
    assert change.reviewers == ["BB"] and seen == [change]
    assert watcher.tick() is None


def test_views_re_render_when_the_watcher_ticks(root, pair):
    ag, bb = pair
    coding_view, check_view, queue_view, board = CodingView(ag), CheckView(ag, of="NT"), QueueView(ag), ThemeBoard(ag)
    watcher = watch(ag, start=False)
    nt_coding = next(iter(ag.codings))
    coded = bb.apply_code("note", 0, 20, "Trust")[0]
    from synthesis.review.check import CheckSession
    CheckSession(bb, of="NT").mark("disagree", reason="about growth")
    from synthesis.themes import api
    api.create_theme(bb, "Relationships", "descriptive")
    watcher.tick()
    # coding view: BB's coding is highlighted and named in the status line
    assert coded.coding_id in coding_view.text.legend
    assert any(coded.coding_id in run[2] for run in coding_view.text.runs)
    assert "BB applied 'Trust' to Green and Dicks 2012" in unescape(coding_view.status.value)
    # queue view: BB's disagreement with NT's coding is in the queue
    assert any(d.coding.coding_id == nt_coding for d in queue_view.items)
    assert "BB disagreed with a coding of" in unescape(queue_view.status.value)
    # check view and theme board say it too
    assert "BB" in check_view.status.value and "BB" in board.status.value
    assert len(verdicts(ag)) == 1
    assert "BB created the theme 'Relationships'" in unescape(board.status.value)
    assert themes_of(ag.state) and any(t["name"] == "Relationships" for t in board.cards.board["descriptive"])


def test_the_watcher_runs_on_the_event_loop(pair):
    ag, bb = pair
    watcher = Watcher(ag, interval=0.05)
    arrived: list[float] = []
    watcher.subscribe(lambda change: arrived.append(time.monotonic()))

    async def scenario() -> float:
        assert watcher.start()
        await asyncio.sleep(0.1)
        t = time.monotonic()
        bb.create_code("Money")
        for _ in range(100):
            if arrived:
                break
            await asyncio.sleep(0.02)
        watcher.stop()
        return t

    t = asyncio.run(scenario())
    assert arrived and arrived[0] - t < 1.0
    assert not watcher.running
    assert "Money" in {c.label for c in ag.codes.values()}


def test_a_dropped_view_is_no_longer_called(pair):
    ag, bb = pair
    watcher = watch(ag, start=False)

    class View:
        calls = 0

        def on(self, change) -> None:
            View.calls += 1

    view = View()
    watcher.subscribe(view.on)
    bb.create_code("Money")
    watcher.tick()
    del view
    bb.create_code("Time")
    watcher.tick()
    assert View.calls == 1
