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


def language_info() -> dict:
    """What the kernel says of its language, as JupyterLab stores it when the kernel starts: a
    notebook saved with anything less opens marked as changed (unsaved) before anything is done."""
    from ipykernel.ipkernel import IPythonKernel

    return dict(IPythonKernel.language_info)


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
    md("""
## Check a PDF before importing it
A journal article's PDF has running heads, page numbers and words broken at line ends. The preview
shows the text an import would store, page by page under the printed page numbers, and what the
importer took out of it, so you can spot a garbled article before coding it. Nothing is written
(in a terminal: `synthesis import --dry-run FILE`). To try it, we make two small article PDFs in a
temporary folder; point `articles` at your own folder of PDFs instead.
"""),
    code("""
import matplotlib.pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages


def article_pdf(path, head, first_page, pages):
    \"\"\"A small journal-like PDF: a title, a running head and a printed page number on every page.\"\"\"
    with PdfPages(path, metadata={"Title": "Microsoft Word - draft3.docx"}) as pdf:
        for number, lines in enumerate(pages, start=first_page):
            fig = plt.figure(figsize=(5.8, 8.3))
            fig.text(0.08, 0.95, head, fontsize=7)
            for row, line in enumerate(lines):
                fig.text(0.08, 0.88 - row * 0.03, line, fontsize=14 if (number, row) == (first_page, 0) else 10)
            fig.text(0.5, 0.04, str(number), fontsize=8, ha="center")
            pdf.savefig(fig)
            plt.close(fig)


articles = scratch.parent / "articles"
articles.mkdir()
article_pdf(articles / "Okafor 2021.pdf", "Journal of Partnership Studies 7 (2021) 101\u2013103", 101, [
    ["Families and schools", "", "Parents said the school was their first partner. The partner-",
     "ship grew when staff kept their promises and the same", "people stayed in post. Trust was earned slowly, and it"],
    ["was lost quickly when a key worker left without notice.", "Staff found that joint meetings worked only when parents",
     "were heard as well as told."],
    ["Partnerships that last are built by people who stay."]])
article_pdf(articles / "Reyes 2019.pdf", "Child Care in Practice 25 (2019) 272\u2013273", 272, [
    ["Working across services", "", "Health visitors and teachers met each term. Their ef\ufb01cient",
     "sharing of records saved families from telling their story"],
    ["again and again, and co-location made the difference."]])
sorted(p.name for p in articles.iterdir())
"""),
    code("""
from IPython.display import HTML

from synthesis.widgets.import_view import preview_html

HTML(preview_html(articles / "Okafor 2021.pdf"))
"""),
    md("""
## A folder of documents, with a progress bar
Each file is imported on its own, all or nothing; a bad file stops the run with an error that names
it (the files before it stay imported). The table says what each file became (in a terminal:
`synthesis import FOLDER`).
"""),
    code("""
# NBVAL_IGNORE_OUTPUT
from tqdm.auto import tqdm

from synthesis.corpus.folder import import_folder, table

imported = import_folder(project, articles, progress=tqdm)
"""),
    md("`warnings` counts what each import warned about (here: the articles are not linked to a study "
       "yet, so they would be cited by their titles); `imported[0].warnings` has the messages."),
    code("""
table(imported)
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
    nb.metadata["language_info"] = language_info()
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
    nb.metadata["language_info"] = language_info()
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

Beside the text, a **coding stripe** in the code's colour runs over the lines each coding covers,
labelled with its code (hover it to see the span, click it to select that coding); choose whose
codings and which code have stripes above the text. Paragraphs are numbered in the margin. The
**Documents** tab lists every source with its codings and how much of it is coded; the
**Codebook** tab groups codes by theme; **Show** beside a coding or a quotation jumps to it.

Nothing needs saving: every action is written to your own log (`codebooks/logs/<you>.jsonl`)
before the view shows it, and comes back exactly as it was after a kernel restart.
Reviewers who prefer no code at all can run `synthesis app code` instead.

**Keys** (click the text first): `]` / `[` next / previous source, `n` next uncoded sentence,
`j` / `k` select the next / previous sentence (`J` / `K` extend), `a` apply the last code again,
`u` undo, Esc clear the selection. The palette works with Tab, arrow keys and Enter.
"""),
    md("""
**Who you are.** This notebook works as reviewer **NT** unless you say otherwise: put your initials in
`REVIEWER` below (or set the `SYNTHESIS_REVIEWER` environment variable before starting JupyterLab) and
run the cell again. Your initials name your log file and mark everything you do; names ignore case
(`nt` is `NT`). A reviewer's log can be open in one notebook or app at a time: if yours is open
elsewhere, this notebook opens read-only and says so; close the other one, or work here as another
reviewer. On a team server you work as the user you signed in as.
"""),
    code("""
import os

from synthesis import views
from synthesis.signin import open_as
from synthesis.widgets import CodingView

REVIEWER = os.environ.get("SYNTHESIS_REVIEWER", "NT")   # your initials
project = open_as("..", REVIEWER)
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
   side by side, resolved by discussion or by a third reviewer's adjudication. Only the reviewers
   set as *double coders* are compared (until the team sets them, everyone who codes), so a new
   colleague's first codings are nobody's disagreement. Resolving shows what it will keep and
   remove before it happens; the queue's Undo takes back the last resolution only. Themes and
   figures use the resulting consensus codings.

Every verdict and resolution is an event in the acting reviewer's own log.
"""),
    md("""
**Who you are.** This notebook works as reviewer **AG** unless you say otherwise: put your initials in
`REVIEWER` below (or set the `SYNTHESIS_REVIEWER` environment variable before starting JupyterLab) and
run the cell again. Names ignore case (`ag` is `AG`). A reviewer's log can be open in one notebook or
app at a time: if yours is open elsewhere (notebook 04 also works as AG), this notebook opens
read-only and says so; close the other one, or work here as another reviewer.
"""),
    code("""
import os

from synthesis.agreement import agreement
from synthesis.review import consensus_codings, disagreements
from synthesis.signin import open_as
from synthesis.widgets import CheckView, QueueView

REVIEWER = os.environ.get("SYNTHESIS_REVIEWER", "AG")   # your initials
project = open_as("..", REVIEWER)
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

The board shows each code as a card (its colour, codings, studies and the themes it sits in) inside
its descriptive themes, and descriptive themes inside analytical themes, with live counts. Drag a card
onto another theme to move it (hold Ctrl to add it and keep it where it is), onto *Unthemed codes* to
take it out; drag a descriptive theme by its ⠿ onto an analytical theme. With the keyboard: Tab to a
card, Space picks it up, the arrow keys choose where it goes, Enter drops it, Escape cancels. Click a
theme's name to choose it. Create, rename, merge and delete themes; the theme page lists every supporting
quotation (consensus codings) with its citation and page; mark exemplars and whether a quotation is
a participant's words or the authors' interpretation (ENTREQ item 20). Every click is an event in
your log; Undo works as everywhere.

**Who you are.** This notebook works as reviewer **AG** unless you say otherwise: put your initials in
`REVIEWER` below (or set the `SYNTHESIS_REVIEWER` environment variable before starting JupyterLab) and
run the cell again. Names ignore case. A reviewer's log can be open in one notebook or app at a time:
if yours is open elsewhere (notebook 03 also works as AG), this notebook opens read-only and says so;
close the other one, or work here as another reviewer.
"""),
    code("""
import os
import tempfile
from pathlib import Path

from synthesis.signin import open_as
from synthesis.themes import query
from synthesis.themes.tables import (breakdown, coverage_matrix, evidence_profile, export_table, paper_table,
                                     summary_of_findings, theme_summary)
from synthesis.widgets import ThemeBoard

REVIEWER = os.environ.get("SYNTHESIS_REVIEWER", "AG")   # your initials
project = open_as("..", REVIEWER)
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

EXPLORE = [
    md("""
# Explore: asking the corpus questions

Search every source for words, phrases, word families, wildcards or patterns, read each place
found in its context with its citation and page, code the places that fit, and count the most
frequent words. Everything is a pandas DataFrame; the same is on the command line
(`synthesis search`, `synthesis words`).
"""),
    code("""
%matplotlib inline
%config InlineBackend.print_figure_kwargs = {"dpi": 120, "bbox_inches": "tight"}
from synthesis import Project
from synthesis.figures import word_frequency_chart
from synthesis.query import run_query, search, word_frequencies
from synthesis.widgets import SearchView

project = Project.open("..")   # read-only: the tables below only read
"""),
    md("""
## Text search, in keyword-in-context form
`mode` is `"words"` (any of the words), `"phrase"`, `"lemma"` (the word family), `"wildcard"`
(`*` any letters, `?` one) or `"regex"`. Case is ignored. Every place found is a row.
"""),
    code("""
trust = search(project, "trust*", mode="wildcard")
trust[["cite", "left", "match", "right"]]
"""),
    md("How many sentences mention trust in each study:"),
    code("""
trust.drop_duplicates(["source_id", "sentence"]).groupby("study_id").size().rename("sentences").to_frame()
"""),
    md("A lemma search for *partner* also finds *partners* and *partnerships*:"),
    code("""
search(project, "partner", mode="lemma")["match"].str.lower().value_counts().to_frame()
"""),
    md("""
## Scope: studies, study attributes and the text under a code
`studies=`, `sources=`, `where={"design": "qualitative"}` and `within_code=` (with `reviewer=`)
narrow a search; `sort=` orders it by `"position"`, `"match"`, `"left"`, `"right"` or `"citation"`.
"""),
    code("""
search(project, "trust*", mode="wildcard", where={"design": "qualitative"})[["cite", "match", "right"]]
"""),
    code("""
search(project, "trust*", mode="wildcard", within_code="Mutual respect")[["cite", "left", "match", "right"]]
"""),
    md("""
## The search view
Type a search, pick the match and scope, and press **Search**. Click a hit to read it in the
coding view, selected; choose hits (or **Select all**), a code, and whether to code the match,
its sentence or its paragraph, then **Code chosen hits**: **Undo** takes the whole lot back.
Coding is done as you: put your initials below. If your log is open in another notebook, the
view opens read-only, says so, and shows each hit in its context instead.
"""),
    code("""
import os

from synthesis.signin import open_as

REVIEWER = os.environ.get("SYNTHESIS_REVIEWER", "NT")   # your initials
coder = open_as("..", REVIEWER)
"""),
    code("""
# NBVAL_IGNORE_OUTPUT
SearchView(coder)
"""),
    md("""
## Word frequencies
The most frequent lemmas (or words, `by="word"`), leaving out stop words: extend the list with
`extra_stop_words=`, replace it with `stop_words=`. `per=` counts per source, study, code or theme.
"""),
    code("""
words = word_frequencies(project, top=10, extra_stop_words=["send"])
words
"""),
    code("""
word_frequencies(project, per="study", top=3)
"""),
    code("""
# NBVAL_IGNORE_OUTPUT
word_frequency_chart(words)
"""),
    md("""
## Saved queries
`save_query(project, "the trust search", "search", {"query": "trust*", "mode": "wildcard"})` records
the question (never its answers) in your log; `run_saved(project, "the trust search")` asks it again
of today's data, and `saved_queries(project)` lists them for the methods section. The same
parameters run directly:
"""),
    code("""
len(run_query(project, "search", {"query": "trust*", "mode": "wildcard"}))
"""),
    md("""
From a terminal:

    synthesis search "trust*" --mode wildcard --within-code "Mutual respect" --json
    synthesis words --per study --top 20
"""),
    code("""
coder.close()
project.close()
"""),
]

BOOKS = {"00_start_here": START_HERE, "01_import_corpus": IMPORT_CORPUS, "02_code_extracts": CODE_EXTRACTS,
         "03_second_review": SECOND_REVIEW, "04_build_themes": BUILD_THEMES, "07_explore": EXPLORE}

def rerun(path: Path) -> Path:
    """Execute a notebook in place and drop volatile metadata."""
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "notebook", "--execute",
                    "--inplace", str(path)], check=True, cwd=NOTEBOOKS)
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nb.metadata.pop("widgets", None)
    nb.metadata["language_info"] = language_info()
    nbformat.write(nb, path)
    return path


if __name__ == "__main__":
    others = sorted(p.stem for p in NOTEBOOKS.glob("*.ipynb") if p.stem not in BOOKS)
    wanted = sys.argv[1:] or [*BOOKS, *others]
    for name in wanted:
        print(write(name, BOOKS[name]) if name in BOOKS else rerun(NOTEBOOKS / f"{name}.ipynb"))
