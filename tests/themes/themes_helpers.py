"""A small hand-built review for the theme-stage tests (helpers shared by the test modules).

Three studies (qualitative/England, mixed methods/Scotland, grey literature with
no nation), one source each, four codes, and the codings listed in CODED.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from synthesis.corpus.importing import save_studies
from synthesis.example import CounterIds, FixedClock
from synthesis.project import Project
from synthesis.records import Study

TEXTS = {
    "s1": ("Trust grew over years. Staff met every week to plan. "
           "\"We respect each other\" said a teacher.", "s1-study", (("0", "5"), ("23", "6"))),
    "s2": ("Trust and reciprocity evaporated when funding ended. Weekly planning stopped.", "s2-study", ()),
    "s3": ("Shared budgets need trust between leaders.", "s3-study", ()),
}
STUDIES = [
    Study("s1-study", "Adams and Brown, 2019", year=2019, design="qualitative", nation="England"),
    Study("s2-study", "Clark et al., 2021", year=2021, design="mixed methods", nation="Scotland"),
    Study("s3-study", "LGA, 2020", year=2020, design="grey literature"),
]
#: (source, phrase, codes) coded by AG
CODED = [
    ("s1", "Trust grew over years.", ["Trust"]),
    ("s1", "Staff met every week to plan.", ["Planning"]),
    ("s1", "\"We respect each other\" said a teacher.", ["Respect", "Trust"]),
    ("s2", "Trust and reciprocity evaporated", ["Trust"]),
    ("s2", "Weekly planning stopped.", ["Planning"]),
    ("s3", "Shared budgets need trust between leaders.", ["Trust", "Budgets"]),
]


def span(project: Project, source: str, phrase: str) -> tuple[int, int]:
    start = project.text(source).index(phrase)
    return start, start + len(phrase)


def coding(project: Project, source: str, phrase: str, label: str, reviewer: str = "AG"):
    """The coding of ``phrase`` with code ``label`` by ``reviewer``."""
    start, end = span(project, source, phrase)
    code = project.code(label)
    return next(c for c in project.codings.values() if c.source_id == source and c.start == start
                and c.end == end and c.code_id == code.code_id and c.reviewer == reviewer)


def make_review(root: Path, reviewer: str = "AG") -> Project:
    project = Project.init(root, reviewer=reviewer, name="Theme test review",
                           clock=FixedClock(datetime(2024, 5, 1, 9, tzinfo=timezone.utc)), ids=CounterIds())
    save_studies(project, STUDIES)
    for source_id, (text, study, pages) in TEXTS.items():
        project.add_text(text, title=source_id.upper(), source_id=source_id, study_id=study,
                         pages=tuple((int(o), p) for o, p in pages))
    for label in ("Trust", "Planning", "Respect", "Budgets"):
        project.create_code(label)
    for source, phrase, labels in CODED:
        project.apply_code(source, *span(project, source, phrase), labels)
    return project
