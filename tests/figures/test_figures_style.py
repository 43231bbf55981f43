"""Saving: journal widths, text kept as text, fonts embedded, 300 dpi, and the same bytes every time."""

from __future__ import annotations

import subprocess
import sys

import matplotlib
import pandas as pd
import pytest
from figure_helpers import ROOT
from PIL import Image

from synthesis.figures import (
    agreement_chart, codings_per_theme, coverage_heatmap, ingredients_figure, matrix_figure, prisma_figure,
    read_matrix, read_prisma, read_self_evaluation, read_stages, save, self_evaluation_figure, stages_figure, style,
)
from synthesis.figures.style import RC, WIDTHS_MM, new_figure, text_colour_on, width_inches

SPEC = read_matrix(ROOT / "codebooks" / "send-codebook.yaml")
THEMES = pd.DataFrame({"theme": ["Trust", "Time", "Shared goals"], "descriptive": ["Give and take", "", ""]})
COUNTS = pd.DataFrame({"theme": ["Trust", "Trust", "Time", "Time"], "study": ["A, 2020", "B, 2021"] * 2,
                       "n": [3, 0, 1, 2]})
DRAW = {
    "matrix": lambda: matrix_figure(SPEC.elements, SPEC.x, SPEC.y),
    "ingredients": lambda: ingredients_figure(THEMES, "What works?"),
    "prisma": lambda: prisma_figure(read_prisma(ROOT / "corpus" / "prisma.csv", strict=False)),
    "coverage": lambda: coverage_heatmap(COUNTS),
    "codings": lambda: codings_per_theme(COUNTS.rename(columns={"study": "reviewer"})),
    "agreement": lambda: agreement_chart(pd.DataFrame({"code": ["a", "b"], "alpha": [0.5, 0.9],
                                                       "low": [0.2, 0.8], "high": [0.7, 1.0]})),
    "stages": lambda: stages_figure(read_stages(ROOT / "corpus" / "journey" / "stages.csv")),
    "likert": lambda: self_evaluation_figure(
        read_self_evaluation(ROOT / "corpus" / "journey" / "self-evaluation-illustrative.csv")),
}


@pytest.mark.parametrize("name", sorted(DRAW))
def test_same_data_same_bytes(name, tmp_path):
    first = save(DRAW[name](), tmp_path / "a" / name, alt_text="alt")
    second = save(DRAW[name](), tmp_path / "b" / name, alt_text="alt")
    assert [p.suffix for p in first] == [".svg", ".pdf", ".png", ".txt"]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_same_bytes_in_a_fresh_process(tmp_path):
    save(DRAW["matrix"](), tmp_path / "here" / "matrix", ["svg", "pdf"])
    script = ("import sys; from synthesis.figures import read_matrix, matrix_figure, save; "
              f"s = read_matrix({str(ROOT / 'codebooks' / 'send-codebook.yaml')!r}); "
              f"save(matrix_figure(s.elements, s.x, s.y), {str(tmp_path / 'there' / 'matrix')!r}, ['svg', 'pdf'])")
    subprocess.run([sys.executable, "-c", script], check=True, cwd=tmp_path)
    for suffix in (".svg", ".pdf"):
        assert (tmp_path / "here" / f"matrix{suffix}").read_bytes() == (tmp_path / "there" / f"matrix{suffix}").read_bytes()


def test_formats_keep_text_embed_fonts_and_have_300_dpi(tmp_path):
    paths = save(DRAW["matrix"](), tmp_path / "matrix", alt_text="A 2x2 matrix.")
    svg, pdf, png, alt = (p.read_bytes() for p in paths)
    assert b"<text" in svg and b"Trust" in svg and b"DejaVuSans-" not in svg  # text, not glyph outlines
    assert b"<dc:date>" not in svg
    assert b"/FontFile2" in pdf and b"/CreationDate" not in pdf  # TrueType embedded, no date
    with Image.open(paths[2]) as image:
        assert abs(image.size[0] - width_inches("single") * 300) <= 1
        assert round(image.info["dpi"][0]) == 300
    assert alt == b"A 2x2 matrix.\n"


def test_widths_are_journal_columns():
    assert WIDTHS_MM == {"single": 85.0, "double": 175.0}
    assert round(new_figure("single", 50).get_figwidth() * 25.4, 6) == 85
    assert round(new_figure(120, 50).get_figwidth() * 25.4, 6) == 120
    with pytest.raises(ValueError):
        width_inches("triple")


def test_no_global_state_and_no_show(monkeypatch):
    import matplotlib.pyplot as plt

    monkeypatch.setattr(plt, "show", lambda *a, **k: pytest.fail("a figure function called plt.show()"))
    before = dict(matplotlib.rcParams)
    for draw in DRAW.values():
        draw()
    assert dict(matplotlib.rcParams) == before
    with style():
        assert matplotlib.rcParams["svg.fonttype"] == RC["svg.fonttype"] == "none"
    assert matplotlib.rcParams["svg.hashsalt"] == before["svg.hashsalt"]


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown figure format 'jpg'"):
        save(DRAW["coverage"](), tmp_path / "x", ["jpg"])


def test_text_colour_reads_on_the_palette():
    assert text_colour_on("#F0E442") == "#000000"  # yellow: black text
    assert text_colour_on("#0072B2") == "#FFFFFF"  # blue: white text
