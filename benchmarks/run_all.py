"""Every benchmark, one after another, in one command; then a summary.

    python benchmarks/run_all.py            # full size (about half an hour on two cores)
    python benchmarks/run_all.py --quick    # each at its smoke-run size, where it has one
    python benchmarks/run_all.py pdf live   # only these (names without "bench_")

Each benchmark runs in a process of its own, with this interpreter, and prints as it
goes; each also writes its figures as JSON to ``benchmarks/results/``. The summary
lists each one's time, whether it finished, and every figure it printed as missing
its target ("MISSED", "OVER TARGET"). Like the benchmarks, it asserts nothing: the
exit status is non-zero only when a benchmark failed to run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MISSES = ("MISSED", "OVER TARGET")


def benchmarks() -> dict[str, Path]:
    """The benchmarks by short name ("pdf" for bench_pdf.py), in name order."""
    return {p.stem.removeprefix("bench_"): p for p in sorted(HERE.glob("bench_*.py"))}


def takes_quick(path: Path) -> bool:
    """Whether a benchmark has a smaller, smoke-run size (a ``--quick`` option)."""
    return '"--quick"' in path.read_text(encoding="utf-8")


def run(path: Path, quick: bool) -> tuple[int, float, list[str]]:
    """Run one benchmark, echoing its output; (exit status, seconds, lines that report a miss)."""
    command = [sys.executable, str(path)] + (["--quick"] if quick and takes_quick(path) else [])
    start = time.perf_counter()
    misses: list[str] = []
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            print(line, end="", flush=True)
            if any(word in line for word in MISSES):
                misses.append(line.strip())
    return proc.returncode, time.perf_counter() - start, misses


def main(argv: list[str] | None = None) -> int:
    found = benchmarks()
    parser = argparse.ArgumentParser(description="Run every benchmark (or those named) and summarise.")
    parser.add_argument("names", nargs="*", metavar="NAME", help=f"benchmarks to run (default: all): {', '.join(found)}")
    parser.add_argument("--quick", action="store_true", help="each at its smoke-run size, where it has one")
    args = parser.parse_args(argv)
    unknown = [name for name in args.names if name not in found]
    if unknown:
        parser.error(f"no benchmark {', '.join(unknown)}; there are {', '.join(found)}")
    chosen = args.names or list(found)
    results = {}
    for name in chosen:
        print(f"\n=== {name} ({found[name].name}) ===", flush=True)
        results[name] = run(found[name], args.quick)
    print("\n=== summary ===")
    width = max(map(len, chosen))
    for name, (status, seconds, misses) in results.items():
        said = "ran" if status == 0 else f"FAILED (exit {status})"
        off = f", {len(misses)} figure{'' if len(misses) == 1 else 's'} off target" if misses else ""
        print(f"{name:<{width}}  {seconds:7.1f} s  {said}{off}")
        for line in misses:
            print(f"{'':<{width}}    {line}")
    return 0 if all(status == 0 for status, _, _ in results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
