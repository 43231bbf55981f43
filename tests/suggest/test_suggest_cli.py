"""``synthesis suggest`` on a copy of the example review."""

from __future__ import annotations

import json

from synthesis.cli import main, parser


def test_help_has_examples(capsys) -> None:
    try:
        parser().parse_args(["suggest", "--help"])
    except SystemExit:
        pass
    out = capsys.readouterr().out
    assert "synthesis suggest --source" in out and "--evaluate" in out and "nothing is downloaded" in out


def test_status_source_similar_and_check(example_root, trained, capsys) -> None:
    project, model = trained
    assert main(["suggest", "--project", str(example_root), "--json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["model"] == model.model_id and len(status["suggested"]) == len(model.suggestable)
    assert all(n > 0 for n in status["needs_more"].values())
    assert main(["suggest", "--project", str(example_root)]) == 0
    assert "need more coded sentences" in capsys.readouterr().out
    source = "guide-partnership-working-send-early-years"
    assert main(["suggest", "--project", str(example_root), "--source", source, "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all(r["confidence"] >= 0.5 and 1 <= r["rank"] <= 3 for r in rows)
    label = project.codes[model.suggestable[0]].label
    assert main(["suggest", "--project", str(example_root), "--similar", label, "--top", "3", "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3
    assert main(["suggest", "--project", str(example_root), "--check"]) == 0
    assert "finding" in capsys.readouterr().out


def test_an_unknown_source_is_an_error(example_root, capsys) -> None:
    assert main(["suggest", "--project", str(example_root), "--source", "nope"]) == 2
    assert "no source 'nope'" in capsys.readouterr().err
