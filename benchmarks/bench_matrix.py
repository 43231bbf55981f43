"""Benchmark of matrix and co-occurrence queries: 800 codes, 500 studies, 50,000 codings.

    python benchmarks/bench_matrix.py              # full size
    python benchmarks/bench_matrix.py --quick      # 10x fewer sources, codes and codings (smoke run)
    python benchmarks/bench_matrix.py --sentences  # also co-occurrence by sentence (segments 5M chars first)
    python benchmarks/bench_matrix.py --cpu        # judge on CPU time (on a machine others share)

Builds the core benchmark's large project deterministically (``random.Random(0)``; the
texts, studies and sources of ``bench_core.py``) in a temporary folder: 800 codes with
Zipf-like popularity and 50,000 codings of sentences, sentence pairs and phrases, a fifth
of the spans carrying two or three codes (so codes co-occur), written into reviewer AG's
log, and 5,000 of them coded again by NT (so the consensus codings have work to do).
Then it times, in the same run:

* ours: ``cooccurrence(project, "overlap")`` and ``(..., "source")`` of all 800 codes
  (the symmetric table and the pairs), and ``matrix(project, "codes", "studies")``
  800 x 500 with its table, over the consensus codings: the first call (which also
  works out the consensus codings, once per version of the logs, cached and shared by
  every query) and the median of 5 more; the first co-occurrence call is the first
  query of the process;
* a reference measured in the same run on the same codings, with plain pandas:
  ``pd.crosstab(code, study)`` for the matrix, ``crosstab(source, code)`` multiplied
  by itself for co-occurrence by source, and a self-merge of the codings on source
  filtered to overlapping spans and grouped by pair for co-occurrence by overlap.

Every time is taken on both clocks, this process's CPU time and the wall clock (``--cpu``
judges on CPU time), with the load average before and after. The project is opened without
writing a checkpoint: opening a large project that has none otherwise writes one in the
background (in a process of its own, at a lower priority; on a thread only where no process
can be started, and then its CPU time and hold on the interpreter are counted in whichever
query runs meanwhile; ``bench_live.py`` times the checkpoint). That case
is timed last, once: the project opened again, so that it writes its checkpoint, and its first
co-occurrence by overlap run at once (with the CPU time of the query's own thread).

Prints the times, their ratio to the reference, and the 1 s targets, judged on the first call
(consensus codings included) and on the median; asserts nothing.
Results also go to ``benchmarks/results/`` (git-ignored) as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import pandas as pd  # noqa: E402
from bench_core import BulkLog, add_codes, apply_data, new_review  # noqa: E402

from synthesis.palette import colour_for  # noqa: E402
from synthesis.project import Project  # noqa: E402
from synthesis.query.cooccurrence import cooccurrence  # noqa: E402
from synthesis.query.matrix import matrix  # noqa: E402
from synthesis.review import consensus_codings  # noqa: E402

TARGETS = {"cooccurrence_s": 1.0, "matrix_s": 1.0}
SENTENCE = re.compile(r"[^.?!;]+[.?!;]")


def sentences(text: str) -> list[tuple[int, int]]:
    """Rough sentence spans (to pick what to code; the queries use the project's own segments)."""
    return [(m.start() + len(m.group()) - len(m.group().lstrip()), m.end()) for m in SENTENCE.finditer(text)
            if m.group().strip()]


def span(rng: random.Random, text: str, sents: list[tuple[int, int]]) -> tuple[int, int]:
    i = rng.randrange(len(sents))
    start, end = sents[i]
    roll = rng.random()
    if roll < 0.5:
        return start, end
    if roll < 0.7 and i + 1 < len(sents):
        return start, sents[i + 1][1]
    words = [m.span() for m in re.finditer(r"\S+", text[start:end])]
    if len(words) < 2:
        return start, end
    a = rng.randrange(len(words) - 1)
    b = rng.randrange(a + 1, min(len(words), a + 12))
    return start + words[a][0], start + words[b][1]


CLOCK = "wall"
"""The clock the targets are judged on: "wall", or "cpu" (``--cpu``, for a machine other jobs share)."""


def timed(func, repeat: int) -> tuple[dict[str, float], object]:
    """``func()`` once, then ``repeat`` more times: the first call's and the median later call's
    CPU and wall-clock seconds (``first_cpu_s`` ...), ``first_s`` and ``median_s`` on ``CLOCK``."""
    def once() -> tuple[float, float, object]:
        cpu, wall = time.process_time(), time.perf_counter()
        result = func()
        return time.process_time() - cpu, time.perf_counter() - wall, result

    first_cpu, first_wall, result = once()
    later = [once()[:2] for _ in range(repeat)] or [(first_cpu, first_wall)]
    times = {"first_cpu_s": first_cpu, "first_wall_s": first_wall,
             "median_cpu_s": statistics.median(t[0] for t in later),
             "median_wall_s": statistics.median(t[1] for t in later)}
    times["first_s"], times["median_s"] = times[f"first_{CLOCK}_s"], times[f"median_{CLOCK}_s"]
    return times, result


def load() -> str:
    """The load average over 1, 5 and 15 minutes."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="scale sources, codes and codings down 10x")
    parser.add_argument("--sentences", action="store_true", help="also time co-occurrence by sentence")
    parser.add_argument("--cpu", action="store_true",
                        help="time with this process's CPU time instead of the wall clock (on a busy machine)")
    parser.add_argument("--out", type=Path, default=HERE / "results", help="folder for the JSON results")
    args = parser.parse_args(argv)
    global CLOCK
    CLOCK = "cpu" if args.cpu else "wall"
    scale = 0.1 if args.quick else 1.0
    n_sources, n_codes, n_codings = int(500 * scale), int(800 * scale), int(50_000 * scale)
    total_chars = int(5_000_000 * scale)
    rng = random.Random(0)
    say = lambda *a: print(*a, flush=True)  # noqa: E731
    results: dict = {"quick": args.quick, "python": platform.python_version(), "targets": TARGETS,
                     "codes": n_codes, "studies": n_sources, "clock": CLOCK, "load_before": load()}

    say(f"synthetic review: {n_sources} studies and sources, ~{total_chars:,} chars, {n_codes} codes, "
        f"{n_codings:,} codings")
    t = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="synthesis-bench-matrix-"))
    root = folder / "review"
    try:
        items = new_review(root, n_sources, total_chars, rng)
        log_dir = root / "codebooks" / "logs"
        text_of = {s.source_id: text for s, text in items}
        sha_of = {s.source_id: s.sha256 for s, _ in items}
        sents = {sid: sentences(text) for sid, text in text_of.items()}
        source_ids = sorted(text_of)
        code_ids = [f"C{i:05d}" for i in range(n_codes)]
        weights = [1 / (rank + 1) ** 0.8 for rank in range(n_codes)]
        ag = BulkLog(log_dir / "AG.jsonl", "AG")
        add_codes(ag, n_codes, rng, definitions=False)
        used: set = set()
        spans: list[tuple[str, int, int, str]] = []
        k = 0
        while k < n_codings:
            sid = rng.choice(source_ids)
            start, end = span(rng, text_of[sid], sents[sid])
            how_many = 1 if rng.random() < 0.8 else rng.choice((2, 3))
            codes = list(dict.fromkeys(rng.choices(code_ids, weights, k=how_many)))[: n_codings - k]
            if any((sid, start, end, c) in used for c in codes) or not text_of[sid][start:end].strip():
                continue
            used.update((sid, start, end, c) for c in codes)
            pairs = [[f"K{k + n:07d}", c] for n, c in enumerate(codes)]
            ag.add("coding.apply", apply_data(sid, text_of[sid], sha_of[sid], start, end, pairs))
            spans += [(sid, start, end, c) for c in codes]
            k += len(codes)
        ag.add("code.create", {"code_id": "X", "label": "unused", "colour": colour_for(0)})
        ag.flush()
        nt = BulkLog(log_dir / "NT.jsonl", "NT", clock=ag.clock)
        for n, (sid, start, end, c) in enumerate(rng.sample(spans, n_codings // 10)):
            nt.add("coding.apply", apply_data(sid, text_of[sid], sha_of[sid], start, end, [[f"N{n:07d}", c]]))
        nt.flush()
        say(f"  built in {time.perf_counter() - t:.1f} s")

        t = time.perf_counter()
        project = Project.open(root, checkpoint=False)  # no checkpoint writer running beside the queries
        results["open_s"] = time.perf_counter() - t
        n_all = len(project.codings)
        say(f"  opened: {n_all:,} codings ({n_codings:,} by AG, {n_all - n_codings:,} by NT) in "
            f"{results['open_s']:.1f} s")

        # ---------------------------------------------------------- ours
        def consensus_then(func):
            def run():
                project.__dict__.pop("_cache", None)  # work the consensus out again: part of a cold query
                return func()
            return run

        rows = {}
        for name, func in [
            ("cooccurrence_overlap", lambda: cooccurrence(project, "overlap").table()),
            ("cooccurrence_source", lambda: cooccurrence(project, "source").table()),
            ("matrix_codes_by_studies", lambda: matrix(project, "codes", "studies").table()),
        ]:
            cold, _ = timed(consensus_then(func), 0)
            warm, table = timed(func, 5)
            rows[name] = {**{k: v for k, v in cold.items() if k.startswith("first")},
                          **{k: v for k, v in warm.items() if k.startswith("median")}, "shape": list(table.shape)}
        consensus, _ = timed(consensus_then(lambda: consensus_codings(project)), 2)
        results["consensus"] = consensus
        found = cooccurrence(project, "overlap")
        rows["cooccurrence_overlap"]["pairs_that_meet"] = int(len(found.pairs()))
        everyone, _ = timed(lambda: cooccurrence(project, "overlap", consensus=False).table(), 3)
        rows["cooccurrence_overlap"]["everyone_median_s"] = everyone["median_s"]
        with_pairs, _ = timed(lambda: cooccurrence(project, "overlap").pairs(), 3)
        rows["cooccurrence_overlap"]["with_pairs_median_s"] = with_pairs["median_s"]
        if args.sentences:
            t = time.perf_counter()
            project.segments()
            rows["segmentation_s"] = time.perf_counter() - t
            sentence, table = timed(lambda: cooccurrence(project, "sentence").table(), 3)
            rows["cooccurrence_sentence"] = {**sentence, "shape": list(table.shape)}

        # ---------------------------------------------------------- reference (plain pandas)
        pool = consensus_codings(project)
        frame = pd.DataFrame({"source_id": [c.source_id for c in pool], "code_id": [c.code_id for c in pool],
                              "start": [c.start for c in pool], "end": [c.end for c in pool]})
        study_of = {s.source_id: s.study_id for s, _ in items}
        frame["study_id"] = frame["source_id"].map(study_of)

        def ref_matrix():
            return pd.crosstab(frame["code_id"], frame["study_id"])

        def ref_source():
            present = (pd.crosstab(frame["source_id"], frame["code_id"]) > 0).astype("int64")
            return present.T @ present

        def ref_overlap():
            both = frame.merge(frame, on="source_id", suffixes=("_a", "_b"))
            both = both[(both.code_id_a < both.code_id_b) & (both.start_a < both.end_b) & (both.start_b < both.end_a)]
            return both.groupby(["code_id_a", "code_id_b"]).size().unstack(fill_value=0)

        refs = {}
        for name, func in [("cooccurrence_overlap", ref_overlap), ("cooccurrence_source", ref_source),
                           ("matrix_codes_by_studies", ref_matrix)]:
            refs[name] = timed(func, 3)[0]["median_s"]
        results["ours"], results["reference"] = rows, refs

        # ---------------------------------------------------------- the first query beside the checkpoint writer
        fresh = Project.open(root)  # no checkpoint yet, so one is written in the background now
        own = time.thread_time()
        beside, _ = timed(lambda: cooccurrence(fresh, "overlap").table(), 0)
        beside["own_thread_cpu_s"] = time.thread_time() - own
        for thread in threading.enumerate():
            if thread.name.startswith("synthesis-checkpoint"):  # the writer, or the wait for its process
                thread.join()
        results["first_overlap_beside_checkpoint_writer"] = beside
        results["load_after"] = load()

        say("")
        say(f"{'query':32} {'first':>14} {'median':>14} {'pandas':>8} {'ratio':>6}  target")
        say(f"{'':32} {'CPU / wall':>14} {'CPU / wall':>14}")
        for name, label, target in [("cooccurrence_overlap", "co-occurrence by overlap", "cooccurrence_s"),
                                    ("cooccurrence_source", "co-occurrence by source", "cooccurrence_s"),
                                    ("matrix_codes_by_studies", "matrix, codes by studies", "matrix_s")]:
            r = rows[name]
            ratio = r["median_s"] / refs[name]
            r["ratio"] = ratio
            verdict = "ok" if max(r["first_s"], r["median_s"]) <= TARGETS[target] else "MISSED"
            say(f"{label:32} {r['first_cpu_s']:6.3f}/{r['first_wall_s']:6.3f}s {r['median_cpu_s']:6.3f}/"
                f"{r['median_wall_s']:6.3f}s {refs[name]:7.3f}s {ratio:6.1f}  "
                f"<= {TARGETS[target]:.0f} s {verdict}  {r['shape'][0]}x{r['shape'][1]}")
        say(f"  the one-off part of each first call, the consensus codings (worked out once per version of "
            f"the logs, then shared): {consensus['first_cpu_s']:.3f}/{consensus['first_wall_s']:.3f} s "
            f"(again: {consensus['median_cpu_s']:.3f}/{consensus['median_wall_s']:.3f} s)")
        say(f"  the first co-occurrence by overlap right after the first open of a project without a checkpoint, "
            f"while one is written in the background: {beside['first_cpu_s']:.3f}/{beside['first_wall_s']:.3f} s "
            f"(the query's own thread: {beside['own_thread_cpu_s']:.3f} s CPU)")
        say(f"  overlap: {rows['cooccurrence_overlap']['pairs_that_meet']:,} pairs meet; everyone's codings "
            f"{rows['cooccurrence_overlap']['everyone_median_s']:.3f} s; with the sorted pairs "
            f"{rows['cooccurrence_overlap']['with_pairs_median_s']:.3f} s")
        if args.sentences:
            r = rows["cooccurrence_sentence"]
            say(f"co-occurrence by sentence        {r['first_cpu_s']:6.3f}/{r['first_wall_s']:6.3f}s "
                f"{r['median_cpu_s']:6.3f}/{r['median_wall_s']:6.3f}s  (segmentation beforehand: "
                f"{rows['segmentation_s']:.1f} s)")
        say("first: the first call, consensus codings worked out too; median: of the following calls; pandas: "
            f"the plain-pandas reference (median); ratio and targets on {'CPU' if args.cpu else 'wall-clock'} "
            f"seconds; load average {results['load_before']} before, {results['load_after']} after")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    (args.out / f"bench_matrix{'-quick' if args.quick else ''}-{stamp}.json").write_text(json.dumps(results, indent=1))
    return results


if __name__ == "__main__":
    main()
