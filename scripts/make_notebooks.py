"""Write the guided notebooks from their cell sources, then execute them in place.

    python scripts/make_notebooks.py            # all notebooks
    python scripts/make_notebooks.py 00_start_here

Notebooks whose cells are not written here (05_figures, 06_exchange) are
executed in place, so that their stored outputs follow the example's data.

Outputs are stored so that nbval can compare them; keep every cell's output
deterministic (no temporary paths, times or random ids).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
KERNEL = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def md(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(text.strip())


def code(text: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_code_cell(text.strip())


START_HERE = [
    md("""
# Start here: a tour of the example review

This project is an **illustrative reconstruction** of the qualitative synthesis in
Tyldesley-Marshall et al. (2025), *Improving partnerships to improve outcomes for children and
young people with SEND*, Frontiers in Education, doi:10.3389/feduc.2025.1513668 (CC BY 4.0).
Its studies, extracts and grey literature live in `corpus/`; every reviewer's actions live in
their own log under `codebooks/logs/`. Everything below is a pandas DataFrame you can query.
"""),
    code("""
from synthesis import Project, views

project = Project.open("..")   # read-only: open with reviewer="NT" to code
project
"""),
    md("## The included studies and grey literature"),
    code("""
views.studies(project)[["study_id", "citation", "year", "design", "nation", "n_sources"]]
"""),
    md("## Sources: the text that is coded\nEach study's extracts are one source; each grey-literature document is another."),
    code("""
views.sources(project)[["source_id", "citation", "kind", "n_chars", "pages", "n_codings"]]
"""),
    md("spaCy splits every source into paragraphs and sentences with exact character offsets (cached, recomputed only when a text changes)."),
    code("""
segments = views.segments(project)
segments.groupby("source_id").size().rename("sentences").to_frame()
"""),
    md("## The codebook\nCodes were made inductively from the extracts; counts come from the codings of both reviewers."),
    code("""
views.codes(project)[["label", "n_codings", "n_studies", "reviewers"]]
"""),
    md("## Codings: one row per code on a span\nEach coding knows its quotation, study, citation, page and reviewer."),
    code("""
codings = views.codings(project)
codings[["code", "quote", "cite", "reviewer"]].head(8)
"""),
    md("Every quotation for one code, cited as the paper cites it:"),
    code("""
def quotations(label):
    rows = codings[(codings.code == label) & (codings.reviewer == "NT")]
    for quote, cite in zip(rows.quote, rows.cite):
        print(f"\\u201c{quote[:110]}{'...' if len(quote) > 110 else ''}\\u201d {cite}")

quotations(codings.code.value_counts().index[0])
"""),
    md("## Two reviewers\nNT coded every extract; AG coded the same extracts independently. Codings per reviewer and source:"),
    code("""
codings.pivot_table(index="source_id", columns="reviewer", values="coding_id", aggfunc="count", fill_value=0)
"""),
    md("## Memos"),
    code("""
views.memos(project)[["target_kind", "about", "author", "text"]]
"""),
    md("## The audit trail\nEvery action is an event in the acting reviewer's log: who did what, and when."),
    code("""
events = views.events(project)
events.groupby(["reviewer", "type"]).size().rename("events").to_frame()
"""),
    code("""
assert project.problems == [], project.problems
print(f"{len(events)} events, {len(project.problems)} problems")
"""),
]

IMPORT_CORPUS = [
    md("""
# Import a corpus

This notebook builds a scratch review project from the example's input files, the way you would
start your own review: study metadata from a data-extraction sheet (CSV, XLSX or RIS), extracts
from a sheet with one row per extract (study id, page, text), and whole documents
(.txt, .md, .docx, .pdf). Imports are all or nothing: a bad file gets an error that names the
file, row and field, and changes nothing already saved.

From a terminal the same steps are `synthesis init DIR` and `synthesis import FILE ...`.
"""),
    code("""
import tempfile
from pathlib import Path

from synthesis import InputError, Project, views

material = Path("..") / "corpus" / "import"
scratch = Path(tempfile.mkdtemp()) / "my-review"
project = Project.init(scratch, reviewer="NT", name="My review")
sorted(p.name for p in material.iterdir())
"""),
    md("## Studies from a data-extraction sheet"),
    code("""
studies = project.import_studies(material / "studies.csv")
views.studies(project)[["study_id", "citation", "year", "design"]]
"""),
    md("## Extracts with their page numbers\nEach study's extracts become one source; every extract keeps its page, so quotations can be cited."),
    code("""
extracts = project.import_extracts(material / "extracts.csv")
views.sources(project)[["source_id", "citation", "n_chars", "pages"]]
"""),
    md("## Whole documents\nText is normalised (NFC, `\\\\n` newlines) and stored as UTF-8 with its original file name and a content hash."),
    code("""
guide = project.import_sources(material / "grey" / "guide-partnership-working-send-early-years.txt",
                               study_id="carelearning", kind="document")
views.sources(project).set_index("source_id").loc[guide[0].source_id, ["original_name", "n_chars", "kind"]]
"""),
    md("## Sentences with exact offsets"),
    code("""
segments = views.segments(project)
segments[segments.source_id == "green2012-extracts"][["index", "start", "end", "page", "text"]].head(5)
"""),
    md("## Bad input is refused, and nothing is lost\nA sheet saved by an old spreadsheet program in Windows-1252:"),
    code("""
bad = scratch.parent / "studies-cp1252.csv"
bad.write_bytes('study_id,citation\\nobrien2019,"O\\u2019Brien, 2019"\\n'.encode("cp1252"))
before = views.studies(project)
try:
    project.import_studies(bad)
except InputError as error:
    print(error.file.split("/")[-1], "|", error.line, "|", error.message.split(".")[0])
assert views.studies(project).equals(before)
"""),
    code("""
project.import_studies(bad, encoding="cp1252")
views.studies(project)[["study_id", "citation"]].tail(2)
"""),
    code("""
project.close()
"""),
]


def write(name: str, cells: list) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = KERNEL
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = cells
    path = NOTEBOOKS / f"{name}.ipynb"
    nbformat.write(nb, path)
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                    "--inplace", str(path)], check=True, cwd=NOTEBOOKS)
    # drop volatile metadata so re-running gives the same file
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.get("id"):
            cell.id = f"{name[:2]}-{nb.cells.index(cell):02d}"
    nb.metadata["language_info"] = {"name": "python"}
    nb.metadata.pop("widgets", None)  # live widget state: large, and rebuilt when the cell runs
    nbformat.write(nb, path)
    return path


CODE_EXTRACTS = [
    md("""
# Code extracts

Line-by-line, inductive coding. Select any span of the text with the mouse (selections snap to
whole words, or to whole sentences), then pick one or more codes in the **Code** tab and press
**Apply**, or type a new code's label and press **Create & apply**. Click a highlight to see its
codes, remove one, or select the span to add another. Hover a highlight to see its codes and who
applied them.

Nothing needs saving: every action is written to your own log (`codebooks/logs/<you>.jsonl`)
before the view shows it, and comes back exactly as it was after a kernel restart.
Reviewers who prefer no code at all can run `synthesis app code` instead.

**Keys** (click the text first): `]` / `[` next / previous source, `n` next uncoded source,
`j` / `k` select the next / previous sentence (`J` / `K` extend), `a` apply the last code again,
`u` undo, Esc clear the selection. The palette works with Tab, arrow keys and Enter.
"""),
    md("Set your initials once; they name your log file and mark everything you do."),
    code("""
import os

from synthesis import Project, views
from synthesis.widgets import CodingView

REVIEWER = os.environ.get("SYNTHESIS_REVIEWER", "NT")   # your initials
project = Project.open("..", reviewer=REVIEWER)
"""),
    code("""
# NBVAL_IGNORE_OUTPUT
view = CodingView(project)
view
"""),
    md("## Retrieval\nEvery quotation coded with a code, across studies, with its citation and page, as a DataFrame:"),
    code("""
quotes = view.session.quotations("Time for partnership work")
quotes[["cite", "quote", "reviewer"]]
"""),
    md("## Progress"),
    code("""
p = view.session.progress()
print(f"{project.reviewer} has coded {p.segments_coded} of {p.segments_total} sentences "
      f"in {p.sources_coded} of {p.sources_total} sources")
"""),
]

SECOND_REVIEW = [
    md("""
# Second review: check, measure agreement, resolve

The seed review had every coded extract checked by a second reviewer, with disagreements
resolved by discussion or a third reviewer. This notebook does the same with the example's two
reviewers: NT coded every extract, AG coded the same extracts independently.

1. **Check mode**: step through another reviewer's codings and mark each *agree*, *disagree*
   (with a reason), or *propose* another code or span.
2. **Agreement**: percent agreement, Cohen's and Fleiss' kappa and Krippendorff's alpha, per code,
   per source and overall, with the unit choices spelt out (see `docs/agreement.md`).
3. **The disagreement queue**: every check-mode disagreement and every unit where coders differ,
   side by side, resolved by discussion or by a third reviewer's adjudication. Themes and figures
   use the resulting consensus codings.

Every verdict and resolution is an event in the acting reviewer's own log.
"""),
    code("""
import os

from synthesis import Project
from synthesis.agreement import agreement
from synthesis.review import consensus_codings, disagreements
from synthesis.widgets import CheckView, QueueView

REVIEWER = os.environ.get("SYNTHESIS_REVIEWER", "AG")   # your initials
project = Project.open("..", reviewer=REVIEWER)
"""),
    md("## 1. Check mode"),
    code("""
# NBVAL_IGNORE_OUTPUT
CheckView(project, of="NT")
"""),
    md("## 2. Agreement between the two coders\nSentence segments as units; both unit choices are reported because they give different figures."),
    code("""
report = agreement(project, coders=["NT", "AG"], unit="segment")
overall = report.table()
overall[overall.scope == "overall"][["variant", "n_units", "percent", "positive_agreement", "kappa", "alpha",
                                     "alpha_low", "alpha_high", "reliability"]].round(3)
"""),
    md("Per code (all units of the co-coded sources), weakest first:"),
    code("""
codes = overall[(overall.scope == "code") & (overall.variant == "all")]
codes.sort_values("alpha")[["name", "n_units", "percent", "kappa", "alpha", "reliability"]].head(10).round(3)
"""),
    md("What the figures count (print this into the methods section):"),
    code("""
print("\\n".join(f"- {note}" for note in report.notes))
"""),
    md("The same from a terminal: `synthesis agreement --unit segment` (or `--unit character`, `--json`)."),
    md("## 3. The disagreement queue"),
    code("""
queue = disagreements(project)
print(f"{len(queue)} disagreements to resolve "
      f"({sum(d.kind == 'double' for d in queue)} from double coding, {sum(d.kind == 'check' for d in queue)} from checking)")
"""),
    code("""
# NBVAL_IGNORE_OUTPUT
QueueView(project)
"""),
    md("Themes, tables and figures use the consensus codings: all codings less those a resolution removed, with codings two coders agree on counted once."),
    code("""
print(f"{len(project.codings)} codings by all reviewers, {len(consensus_codings(project))} consensus codings")
"""),
]

BUILD_THEMES = [
    md("""
# From codes to descriptive and analytical themes

Thomas & Harden's second and third stages: group codes into **descriptive themes** that stay close
to the studies, then generate **analytical themes** that answer the review question. In the example,
AG grouped the 32 codes into descriptive themes under the review's five key ingredients.

The board shows codes, descriptive themes and analytical themes side by side with live counts.
Select codes and press *Add to theme*; select a descriptive theme and an analytical theme and press
*Add to analytical*. Create, rename, merge and delete themes; the theme page lists every supporting
quotation (consensus codings) with its citation and page; mark exemplars and whether a quotation is
a participant's words or the authors' interpretation (ENTREQ item 20). Every click is an event in
your log; Undo works as everywhere.
"""),
    code("""
import os
import tempfile
from pathlib import Path

from synthesis import Project
from synthesis.themes import query
from synthesis.themes.tables import (breakdown, coverage_matrix, evidence_profile, export_table, paper_table,
                                     summary_of_findings, theme_summary)
from synthesis.widgets import ThemeBoard

REVIEWER = os.environ.get("SYNTHESIS_REVIEWER", "AG")   # your initials
project = Project.open("..", reviewer=REVIEWER)
print(query.hierarchy(project))
"""),
    code("""
# NBVAL_IGNORE_OUTPUT
ThemeBoard(project)
"""),
    md("## Live counts per theme"),
    code("""
theme_summary(project)[["level", "name", "n_codes", "n_quotations", "n_studies", "n_qualitative", "n_mixed_methods"]]
"""),
    md("## Coverage: which studies contribute to which theme"),
    code("""
coverage_matrix(project)
"""),
    code("""
breakdown(project, by="design")
"""),
    md("## The theme table for the paper"),
    code("""
paper_table(project)
"""),
    md("""## GRADE-CERQual
The seed review reports no CERQual assessment: the judgements in this example are **illustrative**
(each explanation says so). Reviewers record component judgements as events; studies and quotations
are filled in from the data."""),
    code("""
summary_of_findings(project)
"""),
    code("""
evidence_profile(project).iloc[:, :7]
"""),
    md("## Export for the paper\nMarkdown, CSV, XLSX or DOCX; from a terminal: `synthesis export themes|soqf|evidence-profile --format docx`."),
    code("""
out = Path(tempfile.mkdtemp())
for which in ("themes", "soqf", "evidence-profile"):
    print(export_table(project, which, "docx", out / f"{which}.docx").name)
"""),
]

BOOKS = {"00_start_here": START_HERE, "01_import_corpus": IMPORT_CORPUS, "02_code_extracts": CODE_EXTRACTS,
         "03_second_review": SECOND_REVIEW, "04_build_themes": BUILD_THEMES}

def rerun(path: Path) -> Path:
    """Execute a notebook in place and drop volatile metadata."""
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                    "--inplace", str(path)], check=True, cwd=NOTEBOOKS)
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    nb.metadata["language_info"] = {"name": "python"}
    nbformat.write(nb, path)
    return path


if __name__ == "__main__":
    others = sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb") if p.stem not in BOOKS)
    wanted = sys.argv[1:] or [*BOOKS, *others]
    for name in wanted:
        print(write(name, BOOKS[name]) if name in BOOKS else rerun(NOTEBOOKS / f"{name}.ipynb"))
