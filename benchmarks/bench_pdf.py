"""Benchmark of the PDF importer on 300-page two-column PDFs: one made, one of real articles.

    python benchmarks/bench_pdf.py            # 300 pages each
    python benchmarks/bench_pdf.py --quick    # 30 pages each (smoke run)
    python benchmarks/bench_pdf.py --rebuild  # make the PDFs again even if they are cached

Two documents (cached in ``benchmarks/results/``, git-ignored):

* **made** (``bench-pdf-<pages>.pdf``): a journal-like PDF written with reportlab,
  deterministically (``random.Random(0)``): A4 pages with a running head (journal
  line on the left, authors or short title on the right, alternating), a page
  number in the footer, and two columns of Times body text: indented paragraphs
  of English-like sentences (some quoted, in typographic quotes, with a dash), a
  numbered heading now and then, and a long word hyphenated at about one line
  end in seven;
* **real** (``bench-pdf-real-<pages>.pdf``): the three openly licensed (CC BY)
  journal articles of ``tests/corpus/data/`` (two-column and one-column pages,
  embedded fonts, italics, superscript citations, figures, tables, reference
  lists), repeated page by page until the document has as many pages.

For each, it times, in the same run, in rounds that run both back to back (so
that both meet the same load on a shared machine; 5 rounds by default):

* raw: pypdfium2 alone: open the file and, for every page, load the page, make
  its text page and get its text (``PdfTextPage.get_text_range``);
* ours: :func:`synthesis.corpus.pdf.extract_pdf` on the same file (text
  lines with boxes, clean-up, furniture, labels, paragraphs, title).

Prints the best times of both (wall-clock and CPU time of this process),
the median and range of the per-round ratios (ours / raw) of wall-clock and of
CPU time against the target (<= 1.5; on a loaded machine the CPU ratio is the
steadier one), the load average, and what the import found; asserts nothing. Results also go to
``benchmarks/results/`` as JSON.

    python benchmarks/bench_pdf.py --instructions   # also count instructions (valgrind)

With ``--instructions`` it also counts the CPU instructions of each, which other
processes' load does not move: three fresh processes per document under
valgrind's callgrind (one that only imports, one that extracts raw, one that
imports the PDF), and the ratio (ours - imports) / (raw - imports). Slow: about
a minute per document at 30 pages (``--quick``), ten at 300.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

from synthesis.corpus.pdf import extract_pdf  # noqa: E402

TARGET = 1.5
RESULTS = HERE / "results"
ARTICLES = REPO / "tests" / "corpus" / "data"  # CC BY articles (see LICENCES.md there)
WORDS = ("partners staff families services trust funding time meetings roles budget support joint local "
         "care health school plans needs goals respect training council data partnership commissioning "
         "collaboration professionals relationships community evaluation continuity accountability "
         "safeguarding practitioners information agreement").split()


def say(text: str = "") -> None:
    print(text, flush=True)


def make_pdf(path: Path, n_pages: int) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    rng = random.Random(0)
    width, height, margin, gutter = 595.0, 842.0, 50.0, 18.0
    column = (width - 2 * margin - gutter) / 2
    font, size, leading = "Times-Roman", 9.5, 11.5

    def paragraph() -> str:
        sentences = []
        for _ in range(rng.randint(3, 8)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(8, 25))]
            sentence = " ".join(words).capitalize() + "."
            if rng.random() < 0.2:  # a quotation, in typographic quotes, with a dash
                sentence = f"\u201c{sentence[:-1]} \u2013 {rng.choice(WORDS)}.\u201d"
            sentences.append(sentence)
        return " ".join(sentences)

    def wrap(text: str) -> list[tuple[str, float]]:
        lines: list[tuple[str, float]] = []
        current, indent = "", 10.0
        for word in text.split():
            trial = f"{current} {word}".strip()
            if current and stringWidth(trial, font, size) > column - indent:
                if len(word) >= 9 and rng.random() < 0.3:  # hyphenate (about one line end in seven): first half here
                    half = len(word) // 2
                    lines.append((f"{current} {word[:half]}-", indent))
                    current, indent = word[half:], 0.0
                else:
                    lines.append((current, indent))
                    current, indent = word, 0.0
            else:
                current = trial
        lines.append((current, indent))
        return lines

    pdf = canvas.Canvas(str(path), pagesize=(width, height), invariant=1)
    pdf.setTitle("Microsoft Word - benchmark.docx")
    queue: list[tuple[str, float, bool]] = []
    section = 0
    for page in range(n_pages):
        pdf.setFont("Times-Roman", 8)
        pdf.drawString(margin, height - 32, "Journal of Testing 12 (2024) 514-523")
        pdf.drawRightString(width - margin, height - 32, "A. Author et al." if page % 2 else "Trust in partnerships")
        pdf.drawCentredString(width / 2, 30, str(514 + page))
        for col in range(2):
            x, y = margin + col * (column + gutter), height - 60
            while y > 60:
                if not queue:
                    if rng.random() < 0.15:
                        section += 1
                        queue.append((f"{section}. Section {section}", 0.0, True))
                    queue.extend((line, indent, False) for line, indent in wrap(paragraph()))
                text, indent, heading = queue.pop(0)
                pdf.setFont("Times-Bold" if heading else font, size)
                pdf.drawString(x + indent, y, text)
                y -= leading
        pdf.showPage()
    pdf.save()


def make_real_pdf(path: Path, n_pages: int) -> None:
    """The real articles of the tests, page after page, until there are ``n_pages``."""
    import pypdfium2 as pdfium

    sources = [pdfium.PdfDocument(source) for source in sorted(ARTICLES.glob("*.pdf"))]
    out = pdfium.PdfDocument.new()
    try:
        while len(out) < n_pages:
            for source in sources:
                take = min(len(source), n_pages - len(out))
                if take > 0:
                    out.import_pages(source, list(range(take)))
        out.save(path)
    finally:
        out.close()
        for source in sources:
            source.close()


def raw_pypdfium2(path: Path) -> int:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(path)
    n = 0
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        n += len(textpage.get_text_range())
        textpage.close()
        page.close()
    document.close()
    return n


def interleaved_rounds(runs: int, path: Path) -> tuple[dict[str, list[float]], int, object]:
    """Wall-clock and CPU times of ``runs`` rounds, each running raw and ours back to back
    (so that both meet the same load on a shared machine)."""
    times: dict[str, list[float]] = {"raw wall": [], "raw cpu": [], "ours wall": [], "ours cpu": []}
    n_chars, done = 0, None
    for _ in range(runs):
        for who in ("raw", "ours"):
            wall, cpu = time.perf_counter(), time.process_time()
            if who == "raw":
                n_chars = raw_pypdfium2(path)
            else:
                done = extract_pdf(path)
            times[f"{who} cpu"].append(time.process_time() - cpu)
            times[f"{who} wall"].append(time.perf_counter() - wall)
    return times, n_chars, done


def measure(name: str, path: Path, n_pages: int, runs: int) -> dict:
    """Time raw and ours on ``path`` and print what was found; the results as a dict."""
    raw_pypdfium2(path)  # warm the file cache and both libraries
    extract_pdf(path)
    times, n_chars, done = interleaved_rounds(runs, path)
    best = {key: min(values) for key, values in times.items()}
    rounds = sorted(ours / raw for ours, raw in zip(times["ours wall"], times["raw wall"]))
    cpu_rounds = sorted(ours / raw for ours, raw in zip(times["ours cpu"], times["raw cpu"]))
    ratio, cpu_ratio = statistics.median(rounds), statistics.median(cpu_rounds)
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    say(f"== {name}: {path.relative_to(REPO)}")
    say(f"pages: {n_pages}; characters: {n_chars:,} from pypdfium2, {len(done.text):,} after import")
    say(f"raw pypdfium2 text of all pages: best {best['raw wall']:.3f} s (CPU {best['raw cpu']:.3f} s)")
    say(f"extract_pdf:                     best {best['ours wall']:.3f} s (CPU {best['ours cpu']:.3f} s)")
    say(f"ratio of best times: {best['ours wall'] / best['raw wall']:.2f} (CPU {best['ours cpu'] / best['raw cpu']:.2f}); "
        f"ratio per round: median {ratio:.2f}, range {rounds[0]:.2f}-{rounds[-1]:.2f}")
    say(f"CPU-time ratio per round: median {cpu_ratio:.2f}, range {cpu_rounds[0]:.2f}-{cpu_rounds[-1]:.2f}; "
        f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    say(f"target: median ratio <= {TARGET}: wall-clock {'ok' if ratio <= TARGET else 'OVER TARGET'}, "
        f"CPU {'ok' if cpu_ratio <= TARGET else 'OVER TARGET'}")
    for line in done.report:
        say(f"  {line}")
    return {"document": name, "pages": n_pages, "times": times, "best": best, "median_ratio": ratio,
            "round_ratios": rounds, "median_cpu_ratio": cpu_ratio, "round_cpu_ratios": cpu_rounds,
            "load_average": list(load), "target": TARGET, "report": list(done.report)}


def run_one(what: str, path: Path) -> None:
    """What one process counted by ``--instructions`` does: nothing but the imports, raw or ours."""
    if what == "raw":
        raw_pypdfium2(path)
    elif what == "ours":
        extract_pdf(path)


def instructions(path: Path) -> dict[str, int]:
    """The instructions of a process that only imports, of raw and of ours on ``path`` (valgrind's callgrind)."""
    import subprocess
    import tempfile

    counts = {}
    for what in ("imports", "raw", "ours"):
        with tempfile.TemporaryDirectory() as folder:
            out = Path(folder) / "callgrind.out"
            subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", sys.executable,
                            str(Path(__file__).resolve()), "--run-one", what, str(path)],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            total = next(line for line in out.read_text().splitlines() if line.startswith(("summary:", "totals:")))
            counts[what] = int(total.split()[1])
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="30 pages instead of 300")
    parser.add_argument("--rebuild", action="store_true", help="make the PDFs again")
    parser.add_argument("--runs", type=int, default=5, help="rounds timed (default 5)")
    parser.add_argument("--instructions", action="store_true", help="also count instructions with valgrind")
    parser.add_argument("--run-one", nargs=2, metavar=("WHAT", "PDF"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_one:
        run_one(args.run_one[0], Path(args.run_one[1]))
        return
    n_pages = 30 if args.quick else 300
    RESULTS.mkdir(exist_ok=True)
    results = []
    for name, path, make in (("made", RESULTS / f"bench-pdf-{n_pages}.pdf", make_pdf),
                             ("real", RESULTS / f"bench-pdf-real-{n_pages}.pdf", make_real_pdf)):
        if args.rebuild or not path.exists():
            start = time.perf_counter()
            make(path, n_pages)
            say(f"made {path.relative_to(REPO)} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - start:.1f} s")
        results.append(measure(name, path, n_pages, args.runs))
        if args.instructions:
            counts = instructions(path)
            ratio = (counts["ours"] - counts["imports"]) / (counts["raw"] - counts["imports"])
            say(f"instructions (callgrind): raw {(counts['raw'] - counts['imports']) / 1e6:,.0f} M, "
                f"extract_pdf {(counts['ours'] - counts['imports']) / 1e6:,.0f} M; ratio {ratio:.2f} "
                f"(target <= {TARGET}: {'ok' if ratio <= TARGET else 'OVER TARGET'})")
            results[-1].update(instructions=counts, instruction_ratio=ratio)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = RESULTS / f"bench_pdf{'-quick' if args.quick else ''}-{stamp}.json"
    out.write_text(json.dumps({"documents": results, "python": platform.python_version(),
                               "machine": platform.machine()}, indent=1) + "\n", encoding="utf-8")
    say(f"wrote {out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
