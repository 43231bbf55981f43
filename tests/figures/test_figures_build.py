"""``synthesis figures`` on the example review: every figure, every format, alt text; the repo untouched."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from figure_helpers import ROOT

from synthesis.corpus import segment
from synthesis.figures import analytical_themes, project_figures, write_figures
from synthesis.figures.cli import add_parser, cmd_figures
from synthesis.project import Project

EXPECTED = {"prisma-flow", "ingredients", "matrix", "theme-coverage", "theme-codings", "journey-stages",
            "self-evaluation-illustrative"}


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns)
            for folder in ("figures", "corpus") for p in sorted((root / folder).rglob("*")) if p.is_file()}


@pytest.fixture
def no_cache_writes(monkeypatch):
    """Opening the example read-only must not write a segment cache into the repository either."""
    monkeypatch.setattr(segment, "_write_cache", lambda *args, **kwargs: None)


def parse(*argv: str) -> argparse.Namespace:
    top = argparse.ArgumentParser(prog="synthesis")
    add_parser(top.add_subparsers(dest="command", required=True))
    return top.parse_args(["figures", *argv])


def test_the_command_writes_every_figure_in_every_format(tmp_path, capsys, no_cache_writes):
    before = snapshot(ROOT)
    out = tmp_path / "figures"
    assert cmd_figures(parse("--project", str(ROOT), "--out", str(out))) == 0
    stems = {p.name.split(".", 1)[0] for p in out.iterdir()}
    assert stems >= EXPECTED
    for stem in stems:
        for suffix in (".svg", ".pdf", ".png", ".txt"):
            assert (out / f"{stem}{suffix}").stat().st_size > 0, f"{stem}{suffix}"
    assert "ILLUSTRATIVE" in (out / "self-evaluation-illustrative.txt").read_text(encoding="utf-8")
    assert "8,906" in (out / "prisma-flow.txt").read_text(encoding="utf-8")
    printed = capsys.readouterr().out
    assert "prisma-flow: svg, pdf, png, txt" in printed
    assert "journey-stages: svg, pdf, png, txt, caption" in printed
    caption = (out / "journey-stages.caption.txt").read_text(encoding="utf-8")
    assert caption.startswith("Share of local areas at each stage") and "Source: " in caption
    # the PRISMA diagram's notes are its caption, not part of the image
    assert "prisma-flow: svg, pdf, png, txt, caption" in printed
    caption = (out / "prisma-flow.caption.txt").read_text(encoding="utf-8")
    assert caption.startswith("PRISMA 2020 flow diagram") and "† Calculated from the reported counts" in caption
    assert "join the database column" in caption and "Source: Tyldesley-Marshall et al. (2025)" in caption
    image = (out / "prisma-flow.svg").read_text(encoding="utf-8")
    assert "Calculated from" not in image and "Source:" not in image and 'id="note-' not in image
    assert snapshot(ROOT) == before


def test_same_project_same_bytes_and_options(tmp_path, no_cache_writes):
    project = Project.open(ROOT)
    assert project.reviewer is None
    first, _ = write_figures(project, tmp_path / "a", formats=["svg", "pdf"], width="single")
    second, _ = write_figures(project, tmp_path / "b", formats=["svg", "pdf"], width="single")
    assert [p.name for p in first] == [p.name for p in second]
    assert {p.suffix for p in first} == {".svg", ".pdf", ".txt"}
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert b'width="240.944882pt"' in (tmp_path / "a" / "matrix.svg").read_bytes()  # 85 mm


def test_options_are_parsed():
    args = parse("--format", "png,SVG", "--width", "single", "--strict")
    assert args.format == ["png", "svg"] and args.width == "single" and args.strict
    assert parse().format == ["svg", "pdf", "png"] and parse().out == "figures" and parse().width is None
    with pytest.raises(SystemExit):
        parse("--format", "gif")
    with pytest.raises(SystemExit):
        parse("--width", "wide")


def test_the_example_has_five_ingredients_and_skips_nothing_it_has_data_for(no_cache_writes):
    project = Project.open(ROOT)
    themes = analytical_themes(project)
    assert themes is not None and len([t for t in themes.themes if not t.underpinning]) == 5
    assert themes.question.startswith("What are the key ingredients for effective partnership")
    plan = project_figures(project)
    assert {f.name for f in plan.figures} >= EXPECTED
    assert not set(plan.skipped) & EXPECTED


def test_a_project_without_figure_data_skips_with_reasons(tmp_path):
    with Project.init(tmp_path / "empty", reviewer="AG") as project:
        written, skipped = write_figures(project, tmp_path / "out")
    assert written == []
    assert skipped["prisma-flow"].startswith("no PRISMA counts yet: fill in corpus")
    assert "ingredients" in skipped and "matrix" in skipped


def test_the_committed_figures_are_the_data_s_figures(tmp_path, no_cache_writes):
    """figures/ in the repository is what the example's data gives today (regenerate with
    `synthesis figures` after changing the data)."""
    made, _ = write_figures(Project.open(ROOT), tmp_path, formats=["svg"])
    for path in made:
        committed = ROOT / "figures" / path.name
        assert committed.exists(), f"figures/{path.name} is not committed"
        assert committed.read_bytes() == path.read_bytes(), f"figures/{path.name} is out of date"
