"""The partnership journey: the stages data and the self-evaluation chart, labelled when made up."""

from __future__ import annotations

import pandas as pd
import pytest
from figure_helpers import ROOT, assert_inside_figure, assert_no_overlaps, texts

from synthesis.errors import InputError
from synthesis.figures import is_illustrative, read_self_evaluation, read_stages, self_evaluation_figure, stages_figure
from synthesis.figures.journey import RESPONSES, self_evaluation_alt_text, stages_alt_text

JOURNEY = ROOT / "corpus" / "journey"


def test_the_stages_from_the_seed():
    stages = read_stages(JOURNEY / "stages.csv")
    assert list(stages["stage"]) == ["Starting", "Developing", "Maturing", "Embedding"]
    assert list(stages["percent"]) == [20, 61, 19, 0]
    assert set(stages["areas_taking_part"]) == {99}
    assert all("Isos Partnership" in s for s in stages["source"])
    fig = stages_figure(stages, note="Source: test.")
    assert [t.get_text() for t in fig.axes[0].texts] == ["20%", "61%", "19%", "0%"]
    assert_no_overlaps(fig, texts(fig))
    assert_inside_figure(fig, texts(fig))
    assert "Embedding 0%" in stages_alt_text(stages) and "99 local areas" in stages_alt_text(stages)


def test_stages_that_do_not_add_up_are_an_error(tmp_path):
    path = tmp_path / "stages.csv"
    path.write_text("stage,percent\nStarting,20\nDeveloping,61\nMaturing,29\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 4, field 'percent': the shares add up to 110%"):
        read_stages(path)
    path.write_text("stage,percent\nStarting,lots\n", encoding="utf-8")
    with pytest.raises(InputError, match="row 2, field 'percent'"):
        read_stages(path)


def test_the_template_has_no_counts_and_cannot_be_drawn():
    template = read_self_evaluation(JOURNEY / "self-evaluation-template.csv")
    assert template["theme"].nunique() == 4 and template["n"].isna().all()
    assert not is_illustrative(template)
    with pytest.raises(ValueError, match="empty template"):
        self_evaluation_figure(template)


def test_made_up_counts_are_labelled_as_such_everywhere():
    path = JOURNEY / "self-evaluation-illustrative.csv"
    assert "ILLUSTRATIVE" in path.read_text(encoding="utf-8")
    answers = read_self_evaluation(path)
    assert is_illustrative(answers)
    fig = self_evaluation_figure(answers)
    title = fig._suptitle.get_text()
    assert title.startswith("Illustrative data") and "not findings" in title
    assert texts(fig, "watermark")[0].get_text() == "ILLUSTRATIVE"
    assert "NOT findings" in fig._supxlabel.get_text().replace("\n", " ")
    assert self_evaluation_alt_text(answers).startswith("ILLUSTRATIVE, MADE-UP DATA, NOT FINDINGS.")
    assert_inside_figure(fig, texts(fig))
    assert_no_overlaps(fig, [t for t in texts(fig) if t.get_gid() != "watermark"
                             and t not in fig.axes[0].texts])


def real_answers() -> pd.DataFrame:
    rows = [{"theme": t, "response": r, "n": n}
            for t, counts in (("Leadership", (5, 10, 3, 1, 1)), ("Impact", (0, 4, 9, 5, 2)))
            for r, n in zip(RESPONSES, counts)]
    return pd.DataFrame(rows)


def test_real_counts_diverge_around_zero_without_any_illustrative_label():
    fig = self_evaluation_figure(real_answers(), title="Self-evaluation")
    ax = fig.axes[0]
    assert not texts(fig, "watermark") and fig._suptitle.get_text() == "Self-evaluation"
    lefts = [p.get_x() for p in ax.patches]
    assert min(lefts) < 0 < max(lefts)  # disagreement left of zero, agreement and "cannot say" right
    assert not self_evaluation_alt_text(real_answers()).startswith("ILLUSTRATIVE")
    with pytest.raises(ValueError, match="unknown response 'neutral'"):
        self_evaluation_figure(real_answers().replace({"response": {"agree": "neutral"}}))


def test_the_built_stages_figure_keeps_its_caption_out_of_the_image(tmp_path):
    from synthesis import Project
    from synthesis.figures.build import write_figures
    from synthesis.figures.journey import stages_caption

    stages = read_stages(JOURNEY / "stages.csv")
    caption = stages_caption(stages)
    assert "Source: " in caption and "99 local areas" in caption
    written, _ = write_figures(Project.open(ROOT), tmp_path, formats=["svg"], only=["journey-stages"])
    assert sorted(p.name for p in written) == ["journey-stages.caption.txt", "journey-stages.svg", "journey-stages.txt"]
    svg = (tmp_path / "journey-stages.svg").read_text(encoding="utf-8")
    assert "Source" not in svg and "local areas took part" not in svg  # no caption text in the picture
    assert (tmp_path / "journey-stages.caption.txt").read_text(encoding="utf-8") == caption + "\n"
