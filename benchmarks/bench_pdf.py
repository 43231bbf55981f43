"""Benchmark of the PDF importer on a 300-page two-column article.

    python benchmarks/bench_pdf.py            # 300 pages
    python benchmarks/bench_pdf.py --quick    # 30 pages (smoke run)
    python benchmarks/bench_pdf.py --rebuild  # make the PDF again even if it is cached

Makes (once; cached as ``benchmarks/results/bench-pdf-<pages>.pdf``, git-ignored)
a journal-like PDF with reportlab, deterministically (``random.Random(0)``):
A4 pages with a running head (journal line on the left, authors or short title
on the right, alternating), a page number in the footer, and two columns of
Times body text: indented paragraphs of English-like sentences (some quoted,
in typographic quotes, with a dash), a numbered heading now and then, and a
long word hyphenated at about one line end in seven.

Then it times, in the same run, in rounds that run both back to back (so
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="30 pages instead of 300")
    parser.add_argument("--rebuild", action="store_true", help="make the PDF again")
    parser.add_argument("--runs", type=int, default=5, help="rounds timed (default 5)")
    args = parser.parse_args()
    n_pages = 30 if args.quick else 300
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"bench-pdf-{n_pages}.pdf"
    if args.rebuild or not path.exists():
        start = time.perf_counter()
        make_pdf(path, n_pages)
        say(f"made {path.relative_to(REPO)} ({path.stat().st_size / 1e6:.1f} MB) in {time.perf_counter() - start:.1f} s")
    raw_pypdfium2(path)  # warm the file cache and both libraries
    extract_pdf(path)
    times, n_chars, done = interleaved_rounds(args.runs, path)
    best = {name: min(values) for name, values in times.items()}
    rounds = sorted(ours / raw for ours, raw in zip(times["ours wall"], times["raw wall"]))
    cpu_rounds = sorted(ours / raw for ours, raw in zip(times["ours cpu"], times["raw cpu"]))
    ratio, cpu_ratio = statistics.median(rounds), statistics.median(cpu_rounds)
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
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
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = RESULTS / f"bench_pdf{'-quick' if args.quick else ''}-{stamp}.json"
    out.write_text(json.dumps({"pages": n_pages, "times": times, "best": best, "median_ratio": ratio,
                               "round_ratios": rounds, "median_cpu_ratio": cpu_ratio,
                               "round_cpu_ratios": cpu_rounds, "load_average": list(load),
                               "target": TARGET, "report": list(done.report),
                               "python": platform.python_version(), "machine": platform.machine()},
                              indent=1) + "\n", encoding="utf-8")
    say(f"wrote {out.relative_to(REPO)}")


if __name__ == "__main__":
    main()
