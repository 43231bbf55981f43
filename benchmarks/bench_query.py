"""Benchmark of text search on a review of realistic size.

    python benchmarks/bench_query.py            # 500 sources / ~5M chars
    python benchmarks/bench_query.py --quick    # 10x smaller (smoke run)

Builds the core benchmark's synthetic review (``bench_core.make_texts``: same seed, same
texts), then measures, in one process: the index build (token cache cold, then warm
from disk), its memory, and word, lemma, wildcard, phrase and regular-expression
searches once the index is warm (median of repeated runs). The regular-expression
searches (one that starts with a word and one that starts with either of two, each
searched from where its words occur, and one that starts with no word) are also given as ratios to a plain ``re.finditer`` over the same texts
with the same flags, measured in the same run. Prints figures next to their targets;
asserts nothing. Results are also written as JSON to ``benchmarks/results/``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from bench_core import make_review, make_texts  # noqa: E402

from synthesis.corpus.importing import save_sources, save_studies  # noqa: E402
from synthesis.corpus.segment import load_pipeline  # noqa: E402
from synthesis.project import Project  # noqa: E402
from synthesis.query import search, word_frequencies  # noqa: E402
from synthesis.query.index import index_of  # noqa: E402

TARGETS = {"search_ms": 100.0, "regex_ratio": 10.0}
QUERIES = [("word", "trust", "words"), ("lemma", "partner", "lemma"), ("wildcard", "trust*", "wildcard"),
           ("phrase", "social care", "phrase"), ("regex", r"\btrust\w*", "regex"),
           ("regex_words", r"(trust|respect)\w*", "regex"),
           # no word every match starts with: searched with finditer alone
           ("regex_any", r"[tr]\w*ust\b", "regex")]
#: the regular expressions compared with a plain finditer over the same texts
REGEXES = [name for name, _, mode in QUERIES if mode == "regex"]


def memory_mb() -> tuple[float, float]:
    """(current, peak) resident memory of this process in MB (VmRSS, VmHWM)."""
    found = {}
    try:
        for line in open("/proc/self/status"):
            if line.startswith(("VmRSS:", "VmHWM:")):
                found[line.split(":")[0]] = int(line.split()[1]) / 1024
    except OSError:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return peak, peak
    return found.get("VmRSS", 0.0), found.get("VmHWM", 0.0)


CPU: dict[str, float] = {}


def timed(func, runs: int, name: str = "") -> tuple[float, object]:
    """Median wall-clock milliseconds of ``runs`` calls, and the last result. The median of
    this process's CPU time is kept in ``CPU[name]``: on a shared, busy machine the wall
    clock also counts the time spent waiting for a core."""
    times, cpu, result = [], [], None
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        result = func()
        times.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    CPU[name] = statistics.median(cpu)
    return statistics.median(times), result


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="scale everything down 10x")
    parser.add_argument("--runs", type=int, default=15, help="repeats of each warm search (median reported)")
    parser.add_argument("--out", type=Path, default=HERE / "results", help="folder for the JSON results")
    args = parser.parse_args(argv)
    scale = 0.1 if args.quick else 1.0
    n_sources, total_chars = int(500 * scale), int(5_000_000 * scale)
    say = lambda *a: print(*a, flush=True)  # noqa: E731
    results: dict = {"quick": args.quick, "python": platform.python_version(), "machine": platform.machine(),
                     "cpus": os.cpu_count(), "targets": TARGETS}

    texts = make_texts(n_sources, total_chars, random.Random(0))
    studies, items = make_review(n_sources, texts)
    results["chars"] = sum(map(len, texts))
    say(f"synthetic review: {n_sources} sources, {results['chars']:,} characters")
    if hasattr(os, "getloadavg"):
        results["load_average"] = os.getloadavg()
        say(f"  machine load (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in results['load_average'])} "
            f"on {os.cpu_count()} cores")
    folder = Path(tempfile.mkdtemp(prefix="synthesis-bench-query-"))
    try:
        nlp = load_pipeline()
        with Project.init(folder / "review", reviewer="AG", name="Benchmark", nlp=nlp) as project:
            save_studies(project, studies)
            save_sources(project, items)
            t = time.perf_counter()
            project.segments()
            results["segment_s"] = time.perf_counter() - t
        say(f"  segmentation (project.segments, not part of the index)  {results['segment_s']:8.2f} s")

        # ------------------------------------------------------------ index build, cold and warm
        gc.collect()
        before, _ = memory_mb()
        project = Project.open(folder / "review", nlp=nlp)
        t = time.perf_counter()
        index = index_of(project)
        results["index_cold_s"] = time.perf_counter() - t
        after, peak = memory_mb()
        tokens = sum(len(e.tokens) for e in index.sources.values())
        results.update(tokens=tokens, words=len(index.vocabulary("word")), lemmas=len(index.vocabulary("lemma")),
                       index_rss_mb=after - before, peak_rss_mb=peak)
        say(f"  index build, tokens computed (spaCy) and cached    {results['index_cold_s']:8.2f} s   "
            f"{tokens:,} tokens, {results['words']:,} words, {results['lemmas']:,} lemmas")
        project.close()
        del project, index
        gc.collect()
        project = Project.open(folder / "review", nlp=nlp)
        project.segments()  # the segment cache, read from disk: not part of the index
        t = time.perf_counter()
        index_of(project)
        results["index_warm_s"] = time.perf_counter() - t
        say(f"  index build, tokens read from the disk cache       {results['index_warm_s']:8.2f} s")
        say(f"  index memory (resident growth while building)      {results['index_rss_mb']:8.0f} MB   "
            f"process peak {results['peak_rss_mb']:.0f} MB")

        # ------------------------------------------------------------ warm searches
        say("  searches with the index warm (median of %d)" % args.runs)
        for name, query, mode in QUERIES:
            search(project, query, mode=mode)  # first run: index checks, pattern compiled
            ms, hits = timed(lambda: search(project, query, mode=mode), args.runs, name)
            results[f"{name}_ms"] = ms
            results[f"{name}_cpu_ms"] = CPU[name]
            results[f"{name}_hits"] = len(hits)
            ok = "ok" if ms <= TARGETS["search_ms"] else "MISSED"
            say(f"    {name:<8} {query!r:<16} {ms:8.1f} ms (cpu {CPU[name]:6.1f} ms)  {len(hits):6,} hits   "
                f"target <= {TARGETS['search_ms']:.0f} ms  {ok}")
        # the same regular expressions, by hand: re.finditer over the same texts, same flags
        source_texts = [project.text(sid) for sid in sorted(project.sources)]
        for name in REGEXES:
            pattern = re.compile(dict((n, q) for n, q, _ in QUERIES)[name], re.IGNORECASE)
            plain = f"plain_{name}"
            plain_ms, found = timed(lambda: [(m.start(), m.end()) for text in source_texts
                                             for m in pattern.finditer(text)], args.runs, plain)
            assert len(found) == results[f"{name}_hits"]
            ratio = results[f"{name}_ms"] / plain_ms
            prefix = "" if name == "regex" else f"{name}_"
            results.update({f"{prefix}plain_finditer_ms": plain_ms, f"{prefix}plain_finditer_cpu_ms": CPU[plain],
                            f"{name}_ratio": ratio, f"{name}_cpu_ratio": CPU[name] / CPU[plain]})
            say(f"    {pattern.pattern!r:<14} plain re.finditer   {plain_ms:8.1f} ms (cpu {CPU[plain]:6.1f} ms)   "
                f"ratio {ratio:.2f} (cpu {CPU[name] / CPU[plain]:.2f})   target <= "
                f"{TARGETS['regex_ratio']:.0f}  {'ok' if ratio <= TARGETS['regex_ratio'] else 'MISSED'}")
        ms, _ = timed(lambda: search(project, "trust", where={"design": "qualitative"}), args.runs)
        results["word_scoped_ms"] = ms
        say(f"    word, scoped to a study attribute   {ms:8.1f} ms")
        ms, _ = timed(lambda: word_frequencies(project, top=50), 3)
        results["word_frequencies_ms"] = ms
        say(f"  word frequencies, top 50 lemmas overall          {ms:8.1f} ms")
        project.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    args.out.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    path = args.out / f"bench_query{'-quick' if args.quick else ''}-{stamp}.json"
    path.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    say(f"results written to {path}")
    return results


if __name__ == "__main__":
    main()
