"""One reviewer, one session: opening as a reviewer, case-insensitive names, a locked log."""

from __future__ import annotations

from pathlib import Path

import pytest

from synthesis import ActionError, Project
from synthesis.signin import open_as, sign_in


def test_a_name_differing_only_in_case_is_refused_by_the_api(tmp_path: Path):
    Project.init(tmp_path, reviewer="AG").close()
    with pytest.raises(ActionError, match="'ag' is the existing reviewer 'AG' .names ignore case.: open the "):
        Project.open(tmp_path, reviewer="ag")
    assert sorted(p.name for p in (tmp_path / "codebooks" / "logs").glob("*.jsonl")) == ["AG.jsonl"]


def test_sign_in_maps_case_and_opens_read_only_when_the_log_is_open(tmp_path: Path, capsys):
    Project.init(tmp_path, reviewer="AG").close()
    mapped, signed = sign_in(tmp_path, "ag")
    assert mapped.reviewer == "AG" and not signed.read_only and "names ignore case" in signed.message
    mapped.close()
    first = Project.open(tmp_path, reviewer="AG")  # as another notebook's kernel holds the log
    second = open_as(tmp_path, "AG")
    out = capsys.readouterr().out
    assert second.reviewer is None and "Traceback" not in out
    assert out.startswith("AG's log is open in another notebook or app: this one opens read-only.")
    with pytest.raises(ActionError, match="read-only"):
        second.create_code("Trust")
    first.close(); second.close()
    third = open_as(tmp_path, "AG")
    assert third.reviewer == "AG" and capsys.readouterr().out == "Working as AG.\n"
    third.close()


def test_running_the_opening_cell_again_takes_the_log_over(tmp_path: Path, capsys):
    """Run All twice in one notebook: the second run is not "another notebook"."""
    Project.init(tmp_path, reviewer="AG").close()
    first = open_as(tmp_path, "AG")
    first.create_code("Trust")
    again = open_as(tmp_path / ".." / tmp_path.name, "ag")  # the same folder, named another way
    assert capsys.readouterr().out.splitlines()[-1].startswith("Working as AG.")
    assert again.writing and not first.writing
    assert [c.label for c in again.codes.values()] == ["Trust"]
    again.create_code("Respect")
    with pytest.raises(ActionError, match="this opening of the project as AG is closed .* newer opening"):
        first.create_code("Time")
    again.close()
    # the earlier opening, once gone, is forgotten; a fresh opening works as before
    del first
    third = open_as(tmp_path, "AG")
    assert third.writing and sorted(c.label for c in third.codes.values()) == ["Respect", "Trust"]
    third.close()
