"""Command-line entry points for REFI-QDA import and the exports (wired up in ``synthesis/cli.py``).

``synthesis import FILE.qdpx|FILE.qdc [--into DIR] [--reviewer NAME]`` and
``synthesis export qdpx|qdc|xlsx|csv|docx [--out PATH]``; every other ``export``
(``codings``, the theme tables) goes on to :func:`synthesis.cli.cmd_export` as before.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..corpus.store import slug
from ..errors import ActionError, InputError
from ..project import MARKER, Project
from .export_qdpx import export_qdpx
from .importing import SUFFIXES, import_file, read_file
from .office import export_csv, export_docx, export_xlsx
from .qdc import export_qdc
from .taguette import export_taguette_csv

FORMATS = ("qdpx", "qdc", "taguette", "xlsx", "csv", "docx")


def is_qda(name: str) -> bool:
    """Whether a file name is a REFI-QDA project or codebook (.qdpx, .qdc)."""
    return Path(name).suffix.lower() in SUFFIXES


def cmd_import_qda(args: argparse.Namespace) -> int:
    """Import .qdpx/.qdc files into ``--into DIR`` (made if it is not a project yet) or ``--project``."""
    root = Path(getattr(args, "into", None) or getattr(args, "project", None) or ".")
    from ..cli import default_reviewer

    reviewer = getattr(args, "reviewer", None) or default_reviewer()
    for name in args.files:  # every file is checked before the first is imported
        if not is_qda(name):
            raise InputError(name, "is not a .qdpx or .qdc file: import REFI-QDA files on their own")
        if not Path(name).exists():
            raise InputError(name, "no such file")
    for name in args.files:
        path = Path(name)
        if not (root / MARKER).exists():
            if not getattr(args, "into", None):
                Project.open(root)  # the usual "not a review project" error
            qda = read_file(path)  # check the file before making the project
            Project.init(root, name=qda.name or path.stem)
            print(f"made a review project in {root.resolve()}")
        project = Project.open(root)  # read-only: the import writes each user's log itself
        report = import_file(project, path, reviewer=reviewer)
        first, *rest = str(report).splitlines()
        print(first)
        for line in rest:
            print(line, file=sys.stderr)
        log = (project.log_dir / f"{reviewer}.jsonl").relative_to(project.root).as_posix()
        print(f"recorded in {reviewer}'s log ({log}); each of the file's users' codings and memos went to "
              "their own reviewer's log" if report.users else f"recorded in {reviewer}'s log ({log})")
    return 0


def _default_out(project: Project, what: str) -> Path:
    if what == "taguette":
        return Path(f"{slug(project.name)}-taguette.csv")
    suffix = {"codings": "csv"}.get(what, what)
    return Path(f"{slug(project.name)}.{suffix}")


def cmd_export(args: argparse.Namespace) -> int:
    """``export qdpx|qdc|xlsx|csv|docx [--out PATH]``; anything else as ``synthesis.cli`` did it."""
    what = args.what
    if what not in FORMATS:
        raise ActionError(f"synthesis.exchange exports {', '.join(FORMATS)}, not {what}")
    case_codes = bool(getattr(args, "case_codes", False))
    project = Project.open(getattr(args, "project", None) or ".")
    out = Path(getattr(args, "out", None) or _default_out(project, what))
    if what == "qdpx":
        message = str(export_qdpx(project, out, case_codes=case_codes)).splitlines()
        print(message[0], file=sys.stderr)
        for line in message[1:]:
            print(line, file=sys.stderr)
    elif what == "qdc":
        report = export_qdc(project, out)
        print(f"{out}: {report.codes} codes", file=sys.stderr)
    elif what == "taguette":
        report = export_taguette_csv(project, out)
        print(f"{out}: {report.codes} codes, as the codebook CSV Taguette imports", file=sys.stderr)
        for notice in report.notices:
            print(f"  {notice}", file=sys.stderr)
    elif what == "xlsx":
        print(f"wrote {export_xlsx(project, out)} codings to {out}", file=sys.stderr)
    elif what == "csv":
        print(f"wrote {export_csv(project, out)} codings to {out}", file=sys.stderr)
    else:
        print(f"wrote {export_docx(project, out)} quotations to {out}", file=sys.stderr)
    return 0

