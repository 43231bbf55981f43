"""Benchmark: segmenting one 5-million-character source against the same text as 500 sources.

    python benchmarks/bench_segment.py            # 5,000,000 characters
    python benchmarks/bench_segment.py --quick    # 500,000 characters (smoke run)

A 400-page report is one source; spaCy takes at most 1,000,000 characters at once, so the
segmenter feeds it chunks of whole paragraphs. This measures what that costs: the time and
peak memory of segmenting the text as one source, as ratios to segmenting the same text
split into 500 sources, each run in a fresh process and measured in the same run (target:
at most 2x for both). Prints the figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

WORDS = ("partners trust families practitioners school health social care meeting plan time support "
         "children parents services local authority communication respect shared values knowledge "
         "resources co-location boundaries hierarchy consultation relationships needs outcomes").split()


def make_text(chars: int, seed: int = 7) -> str:
    """Paragraphs of three to nine sentences of six to thirty words, about ``chars`` long."""
    rng = random.Random(seed)
    paragraphs, size = [], 0
    while size < chars:
        sentences = []
        for _ in range(rng.randint(3, 9)):
            words = [rng.choice(WORDS) for _ in range(rng.randint(6, 30))]
            sentences.append(" ".join(words).capitalize() + rng.choice((".", ".", ".", "?", "!")))
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(paragraphs)


def _child(mode: str, chars: int) -> None:
    from synthesis.corpus.segment import load_pipeline, paragraphs, segment_many

    nlp = load_pipeline()
    text = make_text(chars)
    if mode == "one":
        items = [("report", text)]
    else:
        spans = paragraphs(text)
        per = max(1, len(spans) // 500)
        items = [(f"s{n}", text[spans[i][0]:spans[min(i + per, len(spans)) - 1][1]])
                 for n, i in enumerate(range(0, len(spans), per))]
    start = time.perf_counter()
    found = segment_many(items, nlp)
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_mib": peak_kib / 1024, "sources": len(items),
                      "segments": sum(len(v) for v in found.values()), "chars": len(text)}))


def _run(mode: str, chars: int) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, "--chars", str(chars)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--chars", type=int)
    parser.add_argument("--child", choices=["one", "many"])
    args = parser.parse_args()
    chars = args.chars or (500_000 if args.quick else 5_000_000)
    if args.child:
        _child(args.child, chars)
        return
    many = _run("many", chars)
    one = _run("one", chars)
    print(f"text: {one['chars']:,} characters, {one['segments']:,} segments")
    print(f"as {many['sources']} sources: {many['seconds']:.2f} s, peak {many['peak_mib']:.0f} MiB")
    print(f"as one source:   {one['seconds']:.2f} s, peak {one['peak_mib']:.0f} MiB")
    print(f"ratio (one / many): time {one['seconds'] / many['seconds']:.2f} (target <= 2), "
          f"peak memory {one['peak_mib'] / many['peak_mib']:.2f} (target <= 2)")
    same = "the same" if one["segments"] == many["segments"] else "NOT the same"
    print(f"segments: {same} number either way ({one['segments']:,} and {many['segments']:,})")


if __name__ == "__main__":
    main()
