"""Every figure of a project, written in one go (what ``synthesis figures`` runs).

:func:`project_figures` lists the figures a project has data for, each as a
:class:`FigureSpec` that draws it and describes it; :func:`write_figures` saves them
as SVG, PDF and PNG with an alt-text file beside each. Figures without data are
skipped with the reason.

Where the data comes from:

=========================  ======================================================
``prisma-flow``            ``corpus/prisma.csv``
``ingredients``            analytical themes (:func:`~synthesis.figures.data.analytical_themes`)
``matrix``                 the codebook YAML's ``matrix`` section
``theme-coverage``         codings, grouped by analytical theme and study
``theme-codings``          codings, grouped by analytical theme and reviewer
``agreement``              :mod:`synthesis.agreement`, per code
``journey-stages``         ``corpus/journey/stages.csv``
``self-evaluation``        ``corpus/journey/self-evaluation.csv``, or else the
                           clearly labelled ``self-evaluation-illustrative.csv``
=========================  ======================================================
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from matplotlib.figure import Figure

from . import counts, data, ingredients, journey, matrix, prisma, prisma_draw
from .style import FORMATS, save

if TYPE_CHECKING:
    from ..project import Project

PRISMA_FILE = Path("corpus") / "prisma.csv"
JOURNEY = Path("corpus") / "journey"


@dataclass(frozen=True)
class FigureSpec:
    """One figure of a project: its file stem, default width, how to draw it and its alt text."""

    name: str
    width: str
    draw: Callable[[str | float], Figure]
    alt_text: Callable[[], str]
    source: str = ""
    caption: Callable[[], str] | None = None
    """The caption for the paper, kept out of the image (written beside it as ``<name>.caption.txt``)."""


@dataclass
class Plan:
    """The figures a project has data for, and those skipped (name -> reason)."""

    figures: list[FigureSpec] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)


#: Every figure a project can have, in the order they are written.
NAMES = ("prisma-flow", "ingredients", "theme-coverage", "theme-codings", "matrix", "agreement",
         "journey-stages", "self-evaluation")


def project_figures(project: "Project", *, strict: bool = False) -> Plan:
    """The figures of ``project`` (nothing is drawn until a spec's ``draw`` is called).

    ``strict`` makes counts that do not add up in the PRISMA file an error instead of
    a marked discrepancy on the figure.
    """
    plan = Plan()
    root = project.root

    path = root / PRISMA_FILE
    if path.exists():
        flow = prisma.read_prisma(path, strict=strict, file=str(PRISMA_FILE))
        plan.figures.append(FigureSpec("prisma-flow", "double",
                                       lambda w: prisma_draw.prisma_figure(flow, width=w, footnote=False),
                                       lambda: prisma_draw.alt_text(flow), str(PRISMA_FILE),
                                       lambda: prisma_draw.caption(flow)))
    else:
        plan.skipped["prisma-flow"] = f"no PRISMA counts yet: fill in {PRISMA_FILE} (docs/figures.md)"

    themes = data.analytical_themes(project)
    if themes is None:
        plan.skipped["ingredients"] = ("no analytical themes yet: group descriptive themes into analytical "
                                     "themes on the theme board (notebook 04)")
        plan.skipped["theme-coverage"] = plan.skipped["theme-codings"] = (
            "no analytical themes yet, so no coded quotations under them")
    else:
        ring = themes.frame()
        n = ring["theme"].nunique()
        if ingredients.MIN_THEMES <= n <= ingredients.MAX_THEMES:
            plan.figures.append(FigureSpec(
                "ingredients", "double", lambda w: ingredients.ingredients_figure(ring, themes.question, width=w),
                lambda: ingredients.alt_text(ring, themes.question), themes.source))
        else:
            plan.skipped["ingredients"] = (f"the review has {n} analytical theme{'' if n == 1 else 's'}; the figure "
                                             f"shows 2 to {ingredients.MAX_THEMES}")
        coverage = data.coverage_frame(project, themes)
        per_theme = data.codings_per_theme_frame(project, themes)
        if coverage["n"].sum() > 0:
            plan.figures.append(FigureSpec("theme-coverage", "single",
                                           lambda w: counts.coverage_heatmap(coverage, width=w),
                                           lambda: counts.coverage_alt_text(coverage), themes.source))
            plan.figures.append(FigureSpec("theme-codings", "single",
                                           lambda w: counts.codings_per_theme(per_theme, width=w),
                                           lambda: counts.codings_alt_text(per_theme), themes.source))
        else:
            plan.skipped["theme-coverage"] = plan.skipped["theme-codings"] = (
                "no coded quotations sit under the analytical themes yet")

    spec = data.matrix_spec(project)
    if spec is None:
        plan.skipped["matrix"] = ("the codebook does not place elements on the 2x2 matrix: add a 'matrix' "
                                   "section to the codebook YAML (docs/figures.md)")
    else:
        plan.figures.append(FigureSpec("matrix", "double",
                                       lambda w: matrix.matrix_figure(spec.elements, spec.x, spec.y, width=w),
                                       lambda: matrix.alt_text(spec.elements, spec.x, spec.y),
                                       str(data.codebook_path(root))))

    agreement = data.agreement_frame(project) if len(project.reviewers) > 1 else None
    if agreement is None:
        plan.skipped["agreement"] = "needs a second reviewer's codings to compare"
    else:
        plan.figures.append(FigureSpec("agreement", "double", lambda w: counts.agreement_chart(agreement, width=w),
                                       lambda: counts.agreement_alt_text(agreement), "synthesis.agreement"))

    path = root / JOURNEY / "stages.csv"
    if path.exists():
        stages = journey.read_stages(path)
        note = journey.notes_of(stages)
        plan.figures.append(FigureSpec("journey-stages", "single",
                                       lambda w: journey.stages_figure(stages, width=w),
                                       lambda: journey.stages_alt_text(stages),
                                       str(JOURNEY / "stages.csv"), lambda: journey.stages_caption(stages)))
    else:
        plan.skipped["journey-stages"] = f"no partnership-journey stages ({JOURNEY / 'stages.csv'})"

    real, made_up = root / JOURNEY / "self-evaluation.csv", root / JOURNEY / "self-evaluation-illustrative.csv"
    chosen = real if real.exists() else made_up if made_up.exists() else None
    if chosen is None:
        plan.skipped["self-evaluation"] = f"no self-evaluation answers ({JOURNEY / 'self-evaluation.csv'})"
    else:
        answers = journey.read_self_evaluation(chosen)
        name = "self-evaluation-illustrative" if journey.is_illustrative(answers) else "self-evaluation"
        sources = journey.notes_of(answers[["source"]]) if "source" in answers.columns else ""
        plan.figures.append(FigureSpec(name, "single",
                                       lambda w: journey.self_evaluation_figure(answers, width=w, note=sources),
                                       lambda: journey.self_evaluation_alt_text(answers),
                                       str(chosen.relative_to(root))))
    return plan


def write_figures(project: "Project", out: str | os.PathLike[str], *, formats: Sequence[str] = FORMATS,
                  width: str | float | None = None, strict: bool = False,
                  only: Sequence[str] | None = None) -> tuple[list[Path], dict[str, str]]:
    """Draw and save every figure of ``project`` into ``out``; returns (paths written, skipped).

    ``width`` ("single", "double" or mm) overrides each figure's own default width;
    ``only`` names the figures to draw (the rest are neither drawn nor reported).
    """
    plan = project_figures(project, strict=strict)
    if only is not None:
        wanted = set(only)
        plan.figures = [s for s in plan.figures if s.name.removesuffix("-illustrative") in wanted]
        plan.skipped = {name: why for name, why in plan.skipped.items() if name in wanted}
    out = Path(out)
    written: list[Path] = []
    for spec in plan.figures:
        fig = spec.draw(width or spec.width)
        written += save(fig, out / spec.name, formats, alt_text=spec.alt_text(),
                        caption=spec.caption() if spec.caption else None)
    return written, plan.skipped
