"""A PDF import shown for checking: the text with page boundaries marked, then the report.

>>> from synthesis.corpus.pdf import PdfImport
>>> done = PdfImport("Trust grew.\\n\\nIt took time, and", ((0, "514"), (13, "515")), "Trust",
...                  (("514", "Journal of Testing 12 (2024) 514-523"),), (), ("removed 1 running heads/footers",))
>>> print(render(done))
Title: Trust
<BLANKLINE>
--- page 514 ---
Trust grew.
<BLANKLINE>
--- page 515 ---
It took time, and
<BLANKLINE>
--- report ---
removed 1 running heads/footers
<BLANKLINE>
--- removed lines ---
p. 514: Journal of Testing 12 (2024) 514-523
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import PdfImport


def render(done: PdfImport) -> str:
    """The text of ``done`` with "--- page N ---" before each page, the report and the removed lines."""
    out = [f"Title: {done.title}", ""]
    starts = [start for start, _ in done.pages] + [len(done.text)]
    if done.pages and done.pages[0][0] > 0:
        out.append(done.text[: done.pages[0][0]].strip())
    for (start, label), end in zip(done.pages, starts[1:]):
        out.append(f"--- page {label} ---")
        out.append(done.text[start:end].strip())
        out.append("")
    out.append("--- report ---")
    out.extend(done.report)
    if done.removed:
        out.extend(["", "--- removed lines ---"])
        out.extend(f"p. {label}: {line}" for label, line in done.removed)
    return "\n".join(out)
