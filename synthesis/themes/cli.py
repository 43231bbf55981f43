"""``synthesis export themes|soqf|evidence-profile``: the theme tables from the command line.

``cmd_export_table`` takes the parsed arguments ``what``, ``format``, ``out`` and
``project``. Markdown and CSV go to standard output unless ``--out`` names a file;
XLSX and DOCX go to ``--out`` or ``<what>.<format>`` in the current folder.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .export import FORMATS, WHICH, render_table

__all__ = ["cmd_export_table", "WHICH", "FORMATS"]


def cmd_export_table(args: argparse.Namespace) -> int:
    from ..project import Project

    project = Project.open(getattr(args, "project", "."))
    fmt = getattr(args, "format", None) or "md"
    data = render_table(project, args.what, fmt)
    out = getattr(args, "out", None)
    if out in (None, "-") and fmt in ("md", "csv"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return 0
    path = Path(out if out not in (None, "-") else f"{args.what}.{fmt}")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    print(f"wrote {args.what} ({fmt}) to {path}", file=sys.stderr)
    return 0
