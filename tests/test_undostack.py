"""A reviewer's Undo and Redo stacks: read from a whole log, or moved on event by event, alike."""

from __future__ import annotations

import tempfile

from hypothesis import given, settings
from hypothesis import strategies as st

from synthesis.project import Project
from synthesis.undostack import UndoStack

STEPS = st.lists(st.sampled_from(["apply", "undo", "redo"]), max_size=25)


@settings(max_examples=25, deadline=None)
@given(STEPS)
def test_the_stacks_read_from_the_log_are_the_ones_kept_as_events_were_recorded(steps):
    with tempfile.TemporaryDirectory() as folder:
        with Project.init(folder, reviewer="AG") as p:
            p.add_text("Trust grew slowly over the years. " * 20, title="Note", source_id="note")
            code = p.create_code("Trust")
            for n, step in enumerate(steps):
                if step == "apply" and code.code_id in p.codes:  # (an undo may have taken the code away)
                    p.apply_code("note", n, n + 5, code)
                elif step == "undo":
                    p.undo()
                elif step == "redo":
                    p.redo()
            kept = p._undo_stack()
            read = UndoStack.of(Project.open(folder)._events, "AG")  # read again, by another session
            assert (kept.done, kept.undone) == (read.done, read.undone)
            assert p.can_undo() == bool(read.done) and p.can_redo() == bool(read.undone)


def test_another_reviewers_events_leave_the_stacks_alone():
    with tempfile.TemporaryDirectory() as folder:
        with Project.init(folder, reviewer="AG") as p:
            p.add_text("Trust grew slowly.", title="Note", source_id="note")
            p.apply_code("note", 0, 5, p.create_code("Trust"))
        with Project.open(folder, reviewer="NT") as colleague:
            colleague.apply_code("note", 6, 10, "Trust")
        events = Project.open(folder)._events
        assert UndoStack.of(events, "NT").done == [events[-1].id]
        assert len(UndoStack.of(events, "AG").done) == 2 and UndoStack.of(events, "AG").undone == []
