"""Benchmark of code suggestions on the core benchmark's large review.

    python benchmarks/bench_suggest.py            # 500 sources / ~5M chars / 800 codes / 50,000 codings
    python benchmarks/bench_suggest.py --quick    # everything 10x smaller (smoke run)

Builds the review as ``bench_core.py`` does (same generator, same seed), then measures in one
process: the training data (sentences, lemmas from the token cache, labels), training the
model, choosing the code words' weight and training again as the coding view does
(cross-validation on groups of sources, then the model), reading the stored model back,
suggestions for one source (median and worst over several sources; target at most 200 ms),
and the process's peak memory. Prints the figures; asserts nothing. Results are also written as JSON to ``benchmarks/results/`` (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from bench_core import BulkLog, add_codes, add_codings, make_review, make_texts  # noqa: E402
from bench_query import memory_mb  # noqa: E402

from synthesis.corpus.importing import save_sources, save_studies  # noqa: E402
from synthesis.corpus.segment import load_pipeline  # noqa: E402
from synthesis.project import Project  # noqa: E402
from synthesis.suggest import Settings, suggestions, train, training_data  # noqa: E402
from synthesis.suggest.model import fit  # noqa: E402

TARGETS = {"suggest_one_source_ms": 200.0}


def build(root: Path, scale: float, say) -> None:
    rng = random.Random(0)
    n_sources, total_chars = int(500 * scale), int(5_000_000 * scale)
    n_codes, n_codings = int(800 * scale), int(50_000 * scale)
    say(f"synthetic review: {n_sources} sources, ~{total_chars:,} chars, {n_codes} codes, {n_codings:,} codings")
    texts = make_texts(n_sources, total_chars, rng)
    studies, items = make_review(n_sources, texts)
    nlp = load_pipeline()
    project = Project.init(root, reviewer="AG", name="Benchmark", nlp=nlp)
    save_studies(project, studies)
    save_sources(project, items)
    segments = project.segments()
    by_source: dict[str, list] = {}
    for seg in segments:
        by_source.setdefault(seg.source_id, []).append(seg)
    text_of = {s.source_id: text for s, text in items}
    sha_of = {s.source_id: s.sha256 for s, _ in items}
    log = BulkLog(project.log_dir / "AG.jsonl", "AG")
    project.close()
    code_ids = add_codes(log, n_codes, rng)
    add_codings(log, n_codings, rng, code_ids, text_of, sha_of, by_source)
    log.flush()
    say(f"  {len(segments):,} sentences")


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="scale everything down 10x")
    parser.add_argument("--out", type=Path, default=HERE / "results", help="folder for the JSON results")
    args = parser.parse_args(argv)
    say = lambda *a: print(*a, flush=True)  # noqa: E731
    folder = Path(tempfile.mkdtemp(prefix="synthesis-bench-suggest-"))
    root = folder / "review"
    results: dict = {"quick": args.quick, "targets": TARGETS}
    try:
        build(root, 0.1 if args.quick else 1.0, say)
        try:  # the peak from here on, not the building's (Linux: writing 5 resets VmHWM)
            Path("/proc/self/clear_refs").write_text("5")
        except OSError:
            pass
        results["rss_before_mb"] = memory_mb()[0]
        project = Project.open(root)  # read-only: suggestions are only read here
        settings = Settings()
        t = time.perf_counter()
        from synthesis.query.index import index_of

        index_of(project)
        results["token_cache_s"] = time.perf_counter() - t
        t = time.perf_counter()
        training = training_data(project, settings)
        results["training_data_s"] = time.perf_counter() - t
        results["examples"] = len(training.texts)
        results["codes_learned"] = len(training.labels)
        results["codes_suggested"] = len(training.suggestable)
        t = time.perf_counter()
        model = fit(project, training, settings)
        results["train_s"] = time.perf_counter() - t
        t = time.perf_counter()
        stored = train(project, settings)  # chooses the prior's weight, trains, writes, as the coding view would
        results["train_and_store_s"] = time.perf_counter() - t
        results["prior_weight"] = stored.blend
        t = time.perf_counter()
        again = train(project, settings)  # the stored model is read back, not trained
        results["read_stored_s"] = time.perf_counter() - t
        assert again.key == stored.key == model.key
        rng = random.Random(1)
        sources = rng.sample(sorted(project.sources), min(20, len(project.sources)))
        suggestions(project, sources[0], model)  # warm up
        times = []
        counts = []
        for sid in sources:
            t = time.perf_counter()
            found = suggestions(project, sid, model)
            times.append((time.perf_counter() - t) * 1000)
            counts.append(len(found))
        results["suggest_ms_median"] = statistics.median(times)
        results["suggest_ms_max"] = max(times)
        results["suggestions_per_source_median"] = statistics.median(counts)
        results["peak_rss_mb"] = memory_mb()[1]
        project.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    say(f"  token cache (cold)              {results['token_cache_s']:8.2f} s")
    say(f"  training data                   {results['training_data_s']:8.2f} s   "
        f"{results['examples']:,} examples, {results['codes_learned']} codes learned, "
        f"{results['codes_suggested']} suggested")
    say(f"  training                        {results['train_s']:8.2f} s")
    say(f"  weight choice + training + storing {results['train_and_store_s']:5.2f} s   "
        f"(code words weigh {results['prior_weight']:.1f})")
    say(f"  reading the stored model        {results['read_stored_s']:8.2f} s")
    ok = results["suggest_ms_max"] <= TARGETS["suggest_one_source_ms"]
    say(f"  suggestions for one source      {results['suggest_ms_median']:8.1f} ms median, "
        f"{results['suggest_ms_max']:.1f} ms worst of {len(times)}   target <= "
        f"{TARGETS['suggest_one_source_ms']:.0f} ms  {'ok' if ok else 'MISSED'}")
    say(f"  peak memory                     {results['peak_rss_mb']:8.0f} MB "
        f"(process at {results['rss_before_mb']:.0f} MB before opening the project)")
    args.out.mkdir(parents=True, exist_ok=True)
    name = "suggest-quick.json" if args.quick else "suggest.json"
    (args.out / name).write_text(json.dumps(results, indent=1))
    return results


if __name__ == "__main__":
    main()
