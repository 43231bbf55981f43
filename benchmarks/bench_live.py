"""Benchmark of the incremental fold, the checkpoint and live updates on a 100,000-event review.

    python benchmarks/bench_live.py            # 500 sources, 800 codes, ~52,000 codings, 100,000 events
    python benchmarks/bench_live.py --quick    # everything 10x smaller (smoke run)
    python benchmarks/bench_live.py --keep     # keep the generated project (path printed)
    python benchmarks/bench_live.py --project PATH   # reuse a project made with --keep

Prints measured figures and their ratio to the targets; asserts nothing (except that the
incremental state equals a full refold). Results are also written as JSON to
``benchmarks/results/`` (git-ignored). See benchmarks/README.md.
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
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

from bench_core import WORDS, BulkLog, add_codes, apply_data, new_review, percentile  # noqa: E402
from synthesis.project import Project  # noqa: E402

TARGETS = {
    "warm_open_s": 0.3,            # Project.open with a checkpoint that covers the logs
    "warm_open_ratio": 3.0,        # warm open / (read the logs' bytes + parse every line with the fastest JSON parser)
    "cold_open_s": 1.0,            # Project.open without a checkpoint
    "undo_median_ms": 10.0,
    "undo_p99_ms": 30.0,
    "foreign_p99_s": 1.0,          # a colleague's append visible in an open session's state
}

SENTENCE = re.compile(r"[^.?!;\n]+[.?!;]")


def spans_of(text: str) -> list[tuple[int, int]]:
    return [(m.start() + len(m.group()) - len(m.group().lstrip()), m.end()) for m in SENTENCE.finditer(text)
            if m.group().strip()]


def build(root: Path, scale: float, rng: random.Random, say) -> None:
    """The review bench_core builds (same text generator), with codings from a plain sentence splitter."""
    n_sources, total_chars = int(500 * scale), int(5_000_000 * scale)
    n_codes, n_codings, n_events = int(800 * scale), int(52_000 * scale), int(100_000 * scale)
    t = time.perf_counter()
    items = new_review(root, n_sources, total_chars, rng)
    text_of = {s.source_id: text for s, text in items}
    sha_of = {s.source_id: s.sha256 for s, _ in items}
    spans = {sid: spans_of(text) for sid, text in text_of.items()}
    source_ids = sorted(text_of)
    logs = root / "codebooks" / "logs"
    ag = BulkLog(logs / "AG.jsonl", "AG")
    code_ids = add_codes(ag, n_codes, rng)
    used: set = set()
    k = 0
    while k < n_codings:
        sid = rng.choice(source_ids)
        i = rng.randrange(len(spans[sid]))
        start, end = spans[sid][i][0], spans[sid][min(i + rng.randint(0, 1), len(spans[sid]) - 1)][1]
        code = rng.choice(code_ids)
        if (sid, start, end, code) in used:
            continue
        used.add((sid, start, end, code))
        ag.add("coding.apply", apply_data(sid, text_of[sid], sha_of[sid], start, end, [[f"K{k:07d}", code]]))
        k += 1
    ag.flush()
    bb = BulkLog(logs / "BB.jsonl", "BB", clock=ag.clock)
    remaining = n_events - n_codes - n_codings
    memos, undos = remaining // 4, remaining // 100
    churn = (remaining - memos - undos) // 3
    updates = remaining - memos - undos - 2 * churn
    ids = []
    for i in range(memos):
        ids.append(bb.add("memo.write", {"memo_id": f"M{i:06d}", "target_kind": "code", "target_id": rng.choice(code_ids),
                                         "text": " ".join(rng.choices(WORDS, k=rng.randint(5, 60)))}))
    for i in range(updates):
        ids.append(bb.add("code.update", {"code_id": rng.choice(code_ids), "definition": " ".join(rng.choices(WORDS, k=15))}))
    for i in range(churn):
        sid = rng.choice(source_ids)
        start, end = rng.choice(spans[sid])
        bb.add("coding.apply", apply_data(sid, text_of[sid], sha_of[sid], start, end, [[f"B{i:07d}", rng.choice(code_ids)]]))
    for i in range(churn):
        bb.add("coding.remove", {"coding_ids": [f"B{i:07d}"]})
    for target in rng.sample(ids, undos):
        bb.add("undo", {"target": target})
    bb.flush()
    say(f"  built {n_events:,} events in {time.perf_counter() - t:.1f} s at {root}")


OPEN_SCRIPT = r"""
import json, sys, time
sys.path.insert(0, sys.argv[2])
from synthesis.project import Project
from synthesis import checkpoint
root, mode = sys.argv[1], sys.argv[3]
out = {}
if mode == "baseline":  # read every log's bytes and parse every line with the fastest JSON parser installed
    from pathlib import Path
    try:
        import orjson as fastjson
        out["parser"] = "orjson"
    except ImportError:
        try:
            import msgspec.json as fastjson
            out["parser"] = "msgspec"
        except ImportError:
            import json as fastjson
            out["parser"] = "json (standard library)"
    loads = fastjson.loads if hasattr(fastjson, "loads") else fastjson.decode
    t, cpu = time.perf_counter(), time.process_time()
    n = 0
    for path in sorted((Path(root) / "codebooks" / "logs").glob("*.jsonl")):
        for line in path.read_bytes().splitlines():
            if line:
                loads(line)
                n += 1
    out["baseline_s"] = time.perf_counter() - t
    out["baseline_cpu_s"] = time.process_time() - cpu
    out["lines"] = n
else:
    t, cpu = time.perf_counter(), time.process_time()
    project = Project.open(root, checkpoint=None if mode == "warm" else False)
    out["open_s"] = time.perf_counter() - t
    out["open_cpu_s"] = time.process_time() - cpu
    out["from_checkpoint"] = project.opened_from_checkpoint
    out["events"] = len(project.events)
    out["codings"] = len(project.codings)
    if mode == "write":
        t = time.perf_counter()
        project.save_checkpoint()
        out["write_s"] = time.perf_counter() - t
print(json.dumps(out))
"""


def run(root: Path, mode: str) -> dict:
    result = subprocess.run([sys.executable, "-c", OPEN_SCRIPT, str(root), str(REPO), mode],
                            capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def bench_open(root: Path, say) -> dict:
    from synthesis import checkpoint

    checkpoint.path_of(root).unlink(missing_ok=True)
    cold = [run(root, "cold") for _ in range(3)]
    assert not any(c["from_checkpoint"] for c in cold)
    written = run(root, "write")
    warm = [run(root, "warm") for _ in range(5)]
    assert all(w["from_checkpoint"] for w in warm), warm
    base = [run(root, "baseline") for _ in range(3)]
    out = {
        "events": cold[0]["events"], "codings": cold[0]["codings"],
        "log_bytes": sum(p.stat().st_size for p in (root / "codebooks" / "logs").glob("*.jsonl")),
        "checkpoint_bytes": checkpoint.path_of(root).stat().st_size, "checkpoint_write_s": written["write_s"],
        "cold_open_s": statistics.median(c["open_s"] for c in cold),
        "warm_open_s": statistics.median(w["open_s"] for w in warm),
        "baseline_s": statistics.median(b["baseline_s"] for b in base), "parser": base[0]["parser"],
    }
    out["warm_open_ratio"] = out["warm_open_s"] / out["baseline_s"]
    for name, runs in (("cold", cold), ("warm", warm), ("baseline", base)):  # CPU time: less noisy on a busy machine
        out[f"{name}_cpu_s"] = statistics.median(r["open_cpu_s" if name != "baseline" else "baseline_cpu_s"] for r in runs)
    out["warm_open_cpu_ratio"] = out["warm_cpu_s"] / out["baseline_cpu_s"]
    say(f"(a) open, read-only, fresh process: {out['events']:,} events ({out['log_bytes'] / 2**20:.0f} MB of logs), "
        f"{out['codings']:,} codings")
    say(f"    cold (no checkpoint)  {out['cold_open_s']:.3f} s   target <= {TARGETS['cold_open_s']} s  "
        f"{ok(out['cold_open_s'], TARGETS['cold_open_s'])}")
    say(f"    warm (checkpoint)     {out['warm_open_s']:.3f} s   target <= {TARGETS['warm_open_s']} s  "
        f"{ok(out['warm_open_s'], TARGETS['warm_open_s'])}")
    say(f"    read + parse the logs with {out['parser']}: {out['baseline_s']:.3f} s; warm / that = "
        f"{out['warm_open_ratio']:.2f}   target <= {TARGETS['warm_open_ratio']}  "
        f"{ok(out['warm_open_ratio'], TARGETS['warm_open_ratio'])}")
    say(f"    CPU time (less sensitive to other load): cold {out['cold_cpu_s']:.3f} s, warm {out['warm_cpu_s']:.3f} s, "
        f"read + parse {out['baseline_cpu_s']:.3f} s; warm / that = {out['warm_open_cpu_ratio']:.2f}")
    say(f"    checkpoint {out['checkpoint_bytes'] / 2**20:.1f} MB, written in {out['checkpoint_write_s']:.2f} s")
    return out


def ok(value: float, target: float) -> str:
    return "ok" if value <= target else "MISSED"


def bench_undo(root: Path, rng: random.Random, n: int, say) -> dict:
    """Undo and redo of this reviewer's recent actions (each a coding), timed one by one."""
    from synthesis.state import fold

    project = Project.open(root, reviewer="AG")
    sources = sorted(project.sources)
    codes = sorted(project.codes)
    made = 0
    while made < 40:  # recent actions to undo
        sid = rng.choice(sources)
        start, end = rng.choice(spans_of(project.text(sid)))
        try:
            project.apply_code(sid, start, end, rng.choice(codes))
            made += 1
        except Exception:
            continue
    undo, redo, cpu = [], [], []
    for i in range(n):
        depth = 1 + i % 8  # undo a few steps, then redo them
        for _ in range(depth):
            t, c = time.perf_counter(), time.process_time()
            project.undo()
            undo.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        for _ in range(depth):
            t, c = time.perf_counter(), time.process_time()
            project.redo()
            redo.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        if len(undo) >= n:
            break
    same = project.state.codings.keys() == fold(project.events).codings.keys()
    project.close()
    floor = fsync_floor(project.log_dir, len(undo))
    ms = lambda xs: [x * 1000 for x in xs]  # noqa: E731
    out = {"samples": len(undo), "undo_median_ms": statistics.median(ms(undo)), "undo_p99_ms": percentile(ms(undo), 0.99),
           "redo_median_ms": statistics.median(ms(redo)), "redo_p99_ms": percentile(ms(redo), 0.99),
           "equals_full_fold": same, "cpu_median_ms": statistics.median(ms(cpu)),
           "cpu_p99_ms": percentile(ms(cpu), 0.99),
           "fsync_median_ms": statistics.median(ms(floor)), "fsync_p99_ms": percentile(ms(floor), 0.99)}
    say(f"(b) undo and redo of recent actions, {out['samples']} each (fsync included); state equals a full refold: {same}")
    say(f"    the floor: one 400-byte append and fsync in the same folder, median {out['fsync_median_ms']:.2f} ms, "
        f"p99 {out['fsync_p99_ms']:.2f} ms (each undo or redo makes one)")
    for what in ("undo", "redo"):
        med, p99 = out[f"{what}_median_ms"], out[f"{what}_p99_ms"]
        say(f"    {what}  median {med:6.2f} ms ({ok(med, TARGETS['undo_median_ms'])})   p99 {p99:6.2f} ms "
            f"({ok(p99, TARGETS['undo_p99_ms'])})   targets {TARGETS['undo_median_ms']:.0f} / {TARGETS['undo_p99_ms']:.0f} ms")
    say(f"    CPU time per undo or redo: median {out['cpu_median_ms']:.2f} ms, p99 {out['cpu_p99_ms']:.2f} ms")
    return out


def fsync_floor(folder: Path, n: int) -> list[float]:
    """Wall time of ``n`` bare appends of a log-sized line, each fsynced, to a scratch file in ``folder``."""
    scratch = folder / ".fsync-floor.tmp"
    fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    times = []
    try:
        for _ in range(n):
            t = time.perf_counter()
            os.write(fd, b"x" * 400 + b"\n")
            os.fsync(fd)
            times.append(time.perf_counter() - t)
    finally:
        os.close(fd)
        scratch.unlink()
    return times


WRITER_SCRIPT = r"""
import json, sys, time
sys.path.insert(0, sys.argv[2])
from synthesis.project import Project
root, n, gap = sys.argv[1], int(sys.argv[3]), float(sys.argv[4])
project = Project.open(root, reviewer="CC")
code = sorted(project.codes)[0]
times = []
for i in range(n):
    time.sleep(gap)
    project.write_memo("code", code, f"note {i}")
    times.append([project.events[-1].id, time.time()])
project.close()
print(json.dumps(times))
"""


def bench_foreign(root: Path, n: int, say) -> dict:
    """A colleague in another process appends; this session's watcher picks each event up."""
    import asyncio

    from synthesis.live import Watcher

    project = Project.open(root, reviewer="AG")
    watcher = Watcher(project)
    seen: dict[str, float] = {}
    watcher.subscribe(lambda change: seen.update({e.id: time.time() for e in change.events}))

    async def session() -> list:
        watcher.start()
        writer = await asyncio.create_subprocess_exec(sys.executable, "-c", WRITER_SCRIPT, str(root), str(REPO),
                                                      str(n), "0.13", stdout=asyncio.subprocess.PIPE)
        out, _ = await writer.communicate()
        await asyncio.sleep(watcher.interval * 2 + 0.2)
        watcher.stop()
        return json.loads(out)

    appended = asyncio.run(session())
    delays = [seen[eid] - t for eid, t in appended if eid in seen]
    missing = sum(eid not in seen or eid not in {e.id for e in project.events} for eid, _ in appended)
    project.close()
    out = {"samples": len(appended), "missing": missing, "interval_s": watcher.interval,
           "median_s": statistics.median(delays), "p99_s": percentile(delays, 0.99), "max_s": max(delays)}
    say(f"(c) a colleague's event (another process) in this session's state, {n} events, polling every "
        f"{watcher.interval} s: median {out['median_s']:.3f} s   p99 {out['p99_s']:.3f} s   max {out['max_s']:.3f} s   "
        f"target p99 <= {TARGETS['foreign_p99_s']} s  {ok(out['p99_s'], TARGETS['foreign_p99_s'])}   missing {missing}")
    return out


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="scale everything down 10x")
    parser.add_argument("--keep", action="store_true", help="keep the generated project and print its path")
    parser.add_argument("--project", type=Path, help="a project made by an earlier --keep run (it is changed)")
    parser.add_argument("--out", type=Path, default=HERE / "results", help="folder for the JSON results")
    args = parser.parse_args(argv)
    say = lambda *a: print(*a, flush=True)  # noqa: E731
    rng = random.Random(0)
    scale = 0.1 if args.quick else 1.0
    results: dict = {"quick": args.quick, "python": platform.python_version(), "machine": platform.machine(),
                     "cpus": os.cpu_count(), "targets": TARGETS}
    folder = None
    if args.project:
        root = args.project
    else:
        folder = Path(tempfile.mkdtemp(prefix="synthesis-bench-live-"))
        root = folder / "review"
        build(root, scale, rng, say)
    try:
        results["open"] = bench_open(root, say)
        results["undo"] = bench_undo(root, rng, 200 if not args.quick else 50, say)
        results["foreign"] = bench_foreign(root, 60 if not args.quick else 20, say)
    finally:
        if folder is not None:
            if args.keep:
                say(f"project kept at {root}")
            else:
                shutil.rmtree(folder, ignore_errors=True)
    results["ratios_to_target"] = {
        "warm_open_s": results["open"]["warm_open_s"] / TARGETS["warm_open_s"],
        "warm_open_ratio": results["open"]["warm_open_ratio"] / TARGETS["warm_open_ratio"],
        "cold_open_s": results["open"]["cold_open_s"] / TARGETS["cold_open_s"],
        "undo_median_ms": results["undo"]["undo_median_ms"] / TARGETS["undo_median_ms"],
        "undo_p99_ms": results["undo"]["undo_p99_ms"] / TARGETS["undo_p99_ms"],
        "redo_median_ms": results["undo"]["redo_median_ms"] / TARGETS["undo_median_ms"],
        "redo_p99_ms": results["undo"]["redo_p99_ms"] / TARGETS["undo_p99_ms"],
        "foreign_p99_s": results["foreign"]["p99_s"] / TARGETS["foreign_p99_s"],
    }
    say("ratios to target (<= 1 meets it): " + ", ".join(f"{k} {v:.2f}" for k, v in results["ratios_to_target"].items()))
    args.out.mkdir(parents=True, exist_ok=True)
    name = f"bench_live{'-quick' if args.quick else ''}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    (args.out / name).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return results


if __name__ == "__main__":
    main()
