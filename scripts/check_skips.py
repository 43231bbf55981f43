"""Fail (exit 1) when a JUnit XML report shows a skipped browser test; print the counts.

Used by ``.ci/run``: in CI the browser tests must run, never skip.

    python scripts/check_skips.py tests/artifacts/junit.xml
"""

from __future__ import annotations

import sys

from defusedxml.ElementTree import parse


def main(path: str) -> int:
    cases = parse(path).getroot().iter("testcase")
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    skipped_browser = []
    for case in cases:
        outcome = next((child.tag for child in case if child.tag in ("failure", "error", "skipped")), "passed")
        outcome = {"failure": "failed", "error": "failed"}.get(outcome, outcome)
        counts[outcome] += 1
        if outcome == "skipped" and case.get("classname", "").startswith("tests.browser"):
            reason = next(child.get("message", "") for child in case if child.tag == "skipped")
            skipped_browser.append(f"{case.get('classname')}::{case.get('name')}: {reason}")
    print(f"junit: {counts['passed']} passed, {counts['failed']} failed, {counts['skipped']} skipped")
    for line in skipped_browser:
        print(f"browser test skipped: {line}", file=sys.stderr)
    return 1 if skipped_browser else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
