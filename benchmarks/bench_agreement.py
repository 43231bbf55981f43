"""Benchmark of the agreement report: 3 coders x 20,000 segments x 300 codes.

    python benchmarks/bench_agreement.py            # full size
    python benchmarks/bench_agreement.py --quick    # 10x fewer segments and codings (smoke run)

Builds a project deterministically (``random.Random(0)``) in a temporary folder:
200 sources of 100 sentences (20,000 segments), 300 codes, and three coders
(NT, AG, XY) who each apply about 12,000 codings of 1-3 sentences or a phrase,
drawn from one shared "true" coding with misses, shifted boundaries and extras
(codes follow a Zipf-like popularity). Then it times, in the same run:

* ours: ``build_units`` (codings -> reliability data over all codes) and
  ``report_from_units`` (percent, positive agreement, Cohen's and Fleiss'
  kappa, alpha and a 1,000-replicate bootstrap interval, for every code,
  every source and overall, both unit choices): median of 3 runs;
* the ``krippendorff`` package called directly on the same coders x units
  matrices (materialised beforehand, not timed): (i) one alpha per code plus
  the overall alpha ("all" units), (ii) every alpha the report gives.

Prints the figures, their ratio and the 2 s target for ours, and the largest
difference between our alphas and the package's; asserts nothing. Results also
go to ``benchmarks/results/`` (git-ignored) as JSON.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from synthesis.anchoring import make_anchor  # noqa: E402
from synthesis.corpus import store  # noqa: E402
from synthesis.corpus.importing import save_sources  # noqa: E402
from synthesis.log import encode_event  # noqa: E402
from synthesis.palette import colour_for  # noqa: E402
from synthesis.project import Project  # noqa: E402
from synthesis.records import Event, Source  # noqa: E402

TARGET_S = 2.0
CODERS = ("NT", "AG", "XY")
WORDS = ("partners staff families services trust funding time meetings roles budget support "
         "joint local care health school plans needs goals respect training council data").split()


def say(text: str = "") -> None:
    print(text, flush=True)


def make_texts(rng: random.Random, n_sources: int, per_source: int) -> dict[str, str]:
    texts = {}
    for s in range(n_sources):
        sentences = []
        for _ in range(per_source):
            words = [rng.choice(WORDS) for _ in range(rng.randint(5, 16))]
            sentences.append(" ".join(words).capitalize() + ".")
        paragraphs = [" ".join(sentences[i:i + 5]) for i in range(0, per_source, 5)]
        texts[f"src{s:04d}"] = "\n\n".join(paragraphs) + "\n"
    return texts


def write_log(path: Path, reviewer: str, events: list[tuple[str, dict]], clock: int) -> int:
    lines = []
    for seq, (kind, data) in enumerate(events, start=1):
        clock += 1
        lines.append(encode_event(Event(f"{reviewer}:{seq}", seq, clock, "2025-01-01T00:00:00.000Z",
                                        reviewer, kind, data)))
    path.write_bytes(b"".join(lines))
    return clock


def build(root: Path, n_sources: int, per_source: int, n_codes: int, n_true: int, rng: random.Random) -> None:
    texts = make_texts(rng, n_sources, per_source)
    project = Project.init(root, name="Agreement benchmark")
    save_sources(project, [(Source(sid, sid, "", "document", "", store.sha256(t), len(t)), t)
                           for sid, t in texts.items()])
    segments = {sid: project.segments(sid) for sid in texts}
    codes = [f"C{k:04d}" for k in range(n_codes)]
    popularity = [1 / (k + 1) ** 0.8 for k in range(n_codes)]
    truth = []
    for _ in range(n_true):
        sid = rng.choice(list(texts))
        segs = segments[sid]
        i = rng.randrange(len(segs))
        j = min(len(segs) - 1, i + rng.choice((0, 0, 0, 1, 2)))
        truth.append((sid, i, j, rng.choices(codes, popularity)[0]))

    def span(sid: str, i: int, j: int, phrase: bool) -> tuple[int, int]:
        seg = segments[sid][i]
        if phrase and seg.end - seg.start > 20:
            return seg.start, seg.start + (seg.end - seg.start) // 2
        return seg.start, segments[sid][j].end

    clock = 0
    creates = [("code.create", {"code_id": c, "label": f"Code {k:03d}", "definition": "",
                                "colour": colour_for(k)}) for k, c in enumerate(codes)]
    for number, reviewer in enumerate(CODERS):
        events = list(creates) if number == 0 else []
        mine = []
        for sid, i, j, code in truth:
            roll = rng.random()
            if roll < 0.15:
                continue  # missed
            if roll < 0.25:  # boundaries shifted by a sentence
                i2 = min(len(segments[sid]) - 1, max(0, i + rng.choice((-1, 1))))
                j2 = max(i2, min(len(segments[sid]) - 1, j + rng.choice((-1, 0, 1))))
                mine.append((sid, i2, j2, code, False))
            else:
                mine.append((sid, i, j, code, rng.random() < 0.1))
        for _ in range(n_true // 8):  # codings of one's own
            sid = rng.choice(list(texts))
            i = rng.randrange(len(segments[sid]))
            mine.append((sid, i, i, rng.choices(codes, popularity)[0], False))
        seen = set()
        for n, (sid, i, j, code, phrase) in enumerate(mine):
            start, end = span(sid, i, j, phrase)
            if (sid, start, end, code) in seen:
                continue
            seen.add((sid, start, end, code))
            anchor = make_anchor(sid, texts[sid], start, end)
            events.append(("coding.apply", {
                "source_id": sid, "start": start, "end": end, "quote": anchor.quote, "prefix": anchor.prefix,
                "suffix": anchor.suffix, "codings": [[f"K{reviewer}{n:06d}", code]], "source_sha256": ""}))
        clock = write_log(project.log_dir / f"{reviewer}.jsonl", reviewer, events, clock)
    project.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10x fewer segments and codings")
    args = parser.parse_args()
    import krippendorff

    from synthesis.agreement.report import report_from_units
    from synthesis.agreement.units import build_units

    scale = 10 if args.quick else 1
    n_sources, per_source, n_codes, n_true = 200 // scale, 100, 300, 12_000 // scale
    rng = random.Random(0)
    folder = Path(tempfile.mkdtemp(prefix="bench-agreement-"))
    results: dict = {"python": platform.python_version(), "machine": platform.machine(), "quick": args.quick}
    try:
        t = time.perf_counter()
        build(folder / "p", n_sources, per_source, n_codes, n_true, rng)
        say(f"built the project in {time.perf_counter() - t:.1f} s ({folder / 'p'})")
        t = time.perf_counter()
        project = Project.open(folder / "p")
        t_open = time.perf_counter() - t
        t = time.perf_counter()
        n_segments = len(project.segments())  # from the disk cache; kept in memory afterwards
        t_segments = time.perf_counter() - t
        per_coder = {r: sum(1 for c in project.codings.values() if c.reviewer == r) for r in CODERS}
        say(f"{len(CODERS)} coders x {n_segments:,} segments x {len(project.codes)} codes; codings per coder "
            f"{per_coder}; Project.open {t_open:.2f} s, segments from cache {t_segments:.2f} s")

        runs = []
        for _ in range(3):
            t0 = time.perf_counter()
            table = build_units(project)
            t1 = time.perf_counter()
            report = report_from_units(table, n_boot=1000)
            t2 = time.perf_counter()
            runs.append((t1 - t0, t2 - t1, t2 - t0))
        build_s, figures_s, ours_s = sorted(runs, key=lambda r: r[2])[1]  # the run with the median total
        t = time.perf_counter()
        report_from_units(table, n_boot=0)
        no_boot_s = time.perf_counter() - t

        # the same matrices, for the package
        per_code = {(label, v): table.reliability_data(label, v) for label in table.labels for v in ("all", "applied")}
        pooled = {v: np.concatenate([per_code[(label, v)] for label in table.labels], axis=1) for v in ("all", "applied")}
        per_source = {}
        for i, sid in enumerate(table.sources):
            units = table.applied[:, :, table.source_index == i]  # coders x codes x units of this source
            flat = units.reshape(len(table.coders), -1)
            per_source[(sid, "all")] = flat.astype(float)
            per_source[(sid, "applied")] = flat[:, flat.any(axis=0)].astype(float)

        def package(matrix: np.ndarray) -> float:
            if matrix.shape[1] == 0 or np.unique(matrix).size < 2:
                return float("nan")
            return float(krippendorff.alpha(reliability_data=matrix, level_of_measurement="nominal"))

        package(per_code[(table.labels[0], "all")])  # warm up (imports, first-call costs)
        t = time.perf_counter()
        minimal = {key: package(m) for key, m in per_code.items() if key[1] == "all"}
        minimal["overall"] = package(pooled["all"])
        package_min_s = time.perf_counter() - t
        t = time.perf_counter()
        every = {**{("code",) + k: package(m) for k, m in per_code.items()},
                 **{("source",) + k: package(m) for k, m in per_source.items()},
                 **{("overall", v): package(m) for v, m in pooled.items()}}
        package_all_s = time.perf_counter() - t

        ours_alpha = {("code", label, v): report.codes[label][v].alpha for label in table.labels for v in ("all", "applied")}
        ours_alpha.update({("source", s, v): report.per_source[s][v].alpha for s in table.sources for v in ("all", "applied")})
        ours_alpha.update({("overall", v): report.overall[v].alpha for v in ("all", "applied")})
        diffs = [abs(ours_alpha[k] - every[k]) for k in every if not (np.isnan(every[k]) and np.isnan(ours_alpha[k]))]
        undefined_mismatch = sum(np.isnan(every[k]) != np.isnan(ours_alpha[k]) for k in every)

        say()
        say("ours (the median of 3 runs)")
        say(f"    build_units (codings -> reliability data)  {build_s:8.3f} s")
        say(f"    figures, all codes/sources/overall, both unit choices, 1,000 bootstrap replicates each"
            f"  {figures_s:8.3f} s")
        say(f"    total                                      {ours_s:8.3f} s   target <= {TARGET_S:.1f} s"
            f"   ({ours_s / TARGET_S:.2f} of target)")
        say(f"    (figures without the bootstrap             {no_boot_s:8.3f} s)")
        say("krippendorff package on the same matrices (matrices built beforehand, not timed)")
        say(f"    (i)  alpha per code + overall, 'all' units ({len(minimal)} calls)  {package_min_s:8.3f} s")
        say(f"    (ii) every alpha of the report ({len(every)} calls)              {package_all_s:8.3f} s")
        say(f"ratio ours total / package (i)   {ours_s / package_min_s:6.2f}")
        say(f"ratio ours total / package (ii)  {ours_s / package_all_s:6.2f}")
        say(f"largest |our alpha - package alpha| over {len(diffs)} alphas: {max(diffs):.2e}; "
            f"undefined in one but not the other: {undefined_mismatch}")
        say(f"overall alpha ('all' units): {report.overall['all'].alpha:.4f} "
            f"[{report.overall['all'].alpha_low:.4f}, {report.overall['all'].alpha_high:.4f}]")
        results.update({
            "coders": len(CODERS), "segments": n_segments, "codes": len(project.codes), "codings": per_coder,
            "open_s": t_open, "build_units_s": build_s, "figures_s": figures_s, "ours_s": ours_s,
            "figures_without_bootstrap_s": no_boot_s, "package_per_code_overall_s": package_min_s,
            "package_every_alpha_s": package_all_s, "ratio_i": ours_s / package_min_s,
            "ratio_ii": ours_s / package_all_s, "max_alpha_difference": max(diffs),
            "undefined_mismatch": int(undefined_mismatch), "target_s": TARGET_S,
        })
        out = HERE / "results"
        out.mkdir(exist_ok=True)
        name = f"bench_agreement{'-quick' if args.quick else ''}-{time.strftime('%Y%m%d-%H%M%S')}.json"
        (out / name).write_text(json.dumps(results, indent=2), encoding="utf-8")
        say(f"figures written to benchmarks/results/{name}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
