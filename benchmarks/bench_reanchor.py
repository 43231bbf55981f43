"""Re-anchoring codings: the cost on an ordinary open, and after a source is replaced.

    python benchmarks/bench_reanchor.py

(a) the fold plus anchoring of the example review (every coding still in place, so only
    the exact check runs): median and best of 30 runs;
(b) for each real article under tests/corpus/data: its text as a plain extractor gives it
    (pypdfium2's page text, running heads and page numbers in the flow, words broken at line
    ends) is imported and every sentence of 30-400 characters is coded; then the source is
    replaced by the PDF import. Printed: how many codings kept their words, were found again
    in the changed text, or could not be placed, and the time of the fold plus anchoring
    afterwards (what every open of the project then pays).

It asserts nothing; it is for spotting regressions.
"""

from __future__ import annotations

import re
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from synthesis.corpus.replacing import codings_kept  # noqa: E402
from synthesis.project import Project  # noqa: E402
from synthesis.state import anchor_codings, fold  # noqa: E402

ARTICLES = ["agyeman-duah-2014-bmc-hsr", "datta-2010-jtmo", "tully-2010-rrp"]


def timed(events, text_of, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        anchor_codings(fold(events), text_of)
        times.append(time.perf_counter() - start)
    return times


def example() -> None:
    project = Project.open(ROOT)
    texts = {sid: project.text(sid) for sid in project.sources}
    times = timed(list(project.events), texts.get, 30)
    print(f"(a) example review, {len(project.codings)} codings: fold + anchoring median "
          f"{statistics.median(times) * 1000:.1f} ms, best {min(times) * 1000:.1f} ms")


def raw_text(pdf: Path) -> str:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    pages = [document[i].get_textpage().get_text_range() for i in range(len(document))]
    return "\n".join(pages).replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", "-\n")


def replaced(name: str, work: Path) -> None:
    pdf = ROOT / "tests" / "corpus" / "data" / f"{name}.pdf"
    (work / "raw").mkdir()
    (work / "pdf").mkdir()
    (work / "raw" / f"{name}.txt").write_text(raw_text(pdf), encoding="utf-8")
    shutil.copy(pdf, work / "pdf" / pdf.name)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with Project.init(work / "p", reviewer="AG") as project:
            [source] = project.import_sources(work / "raw" / f"{name}.txt")
            text = project.text(source.source_id)
            code = project.create_code("sentence")
            with project.batch():
                for m in re.finditer(r"[A-Z][^.]{30,400}?\.", text):
                    project.apply_code(source.source_id, m.start(), m.end(), code)
            before = dict(project.codings)
            project.import_sources(work / "pdf" / pdf.name, replace=True)
            [report] = codings_kept(project, before, [source.source_id])
            new = project.text(source.source_id)
            times = timed(list(project.events), lambda sid: new, 5)
    print(f"(b) {name}: {report.total} codings on {len(text):,} characters: {report.exact} kept word for word, "
          f"{report.changed} found again after the text changed, {len(report.lost)} not placed; "
          f"fold + anchoring afterwards median {statistics.median(times) * 1000:.0f} ms")


def main() -> None:
    example()
    for name in ARTICLES:
        with tempfile.TemporaryDirectory() as work:
            replaced(name, Path(work))


if __name__ == "__main__":
    main()
