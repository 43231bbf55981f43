"""The ``synthesis`` command line.

Every command works on the review project in the current folder, or the one
named with ``--project``. Errors exit with status 2 and a message naming the
file, row or line, and field at fault.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from .errors import ActionError, InputError, SynthesisError
from .project import Project

DOCUMENTS = {".txt", ".md", ".docx", ".pdf"}
TABLES = {".csv", ".xlsx", ".xls"}
EXTRACT_HEADERS = {"text", "extract", "quotation", "quote"}


def _project(args: argparse.Namespace, *, write: bool = False) -> Project:
    reviewer = getattr(args, "reviewer", None) or (os.environ.get("SYNTHESIS_REVIEWER") if write else None)
    return Project.open(args.project, reviewer=reviewer)


def guess_kind(path: Path) -> str:
    """Whether a file holds studies, extracts or a source document."""
    suffix = path.suffix.lower()
    if suffix == ".ris":
        return "studies"
    if suffix in {".txt", ".md"}:
        head = path.read_bytes()[:200].lstrip(b"\xef\xbb\xbf \r\n")
        return "studies" if head.startswith(b"TY  -") else "sources"
    if suffix in DOCUMENTS:
        return "sources"
    if suffix in TABLES:
        import pandas as pd

        try:
            if suffix == ".csv":
                header = pd.read_csv(path, nrows=0, encoding_errors="replace").columns
            else:
                header = pd.read_excel(path, nrows=0).columns
        except Exception as exc:  # the importer gives the precise message
            raise InputError(path, f"cannot read the header row ({exc})", line=1) from None
        names = {str(h).strip().lower() for h in header}
        return "extracts" if names & EXTRACT_HEADERS else "studies"
    raise InputError(path, f"unknown file type '{suffix}': import .csv, .xlsx, .ris, .txt, .md, .docx or .pdf")


def cmd_init(args: argparse.Namespace) -> int:
    project = Project.init(args.dir, name=args.name)
    print(f"made an empty review project in {project.root}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from .exchange.cli import cmd_import_qda, is_qda

    if any(is_qda(name) for name in args.files):
        return cmd_import_qda(args)
    project = _project(args, write=True)
    try:
        for name in args.files:
            path = Path(name)
            if not path.exists():
                raise InputError(path, "no such file")
            kind = args.kind or guess_kind(path)
            if kind == "studies":
                found = project.import_studies(path, encoding=args.encoding, update=args.replace)
                print(f"{path.name}: {len(found)} studies")
            elif kind == "extracts":
                found = project.import_extracts(path, encoding=args.encoding, replace=args.replace)
                print(f"{path.name}: {len(found)} sources of extracts")
            else:
                found = project.import_sources(path, study_id=args.study or "", encoding=args.encoding,
                                               replace=args.replace)
                print(f"{path.name}: source '{found[0].source_id}'")
    finally:
        project.close()
    return 0


def cmd_info(args: argparse.Namespace) -> int:
    from .views import info

    project = _project(args)
    counts = info(project)
    if args.json:
        print(json.dumps(counts, sort_keys=True))
    else:
        print(f"{project.root}")
        for key, value in counts.items():
            print(f"  {key:<10} {value}")
        for problem in project.problems:
            print(f"  problem: {problem.message}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .views import codings

    if args.what != "codings":
        from .themes.cli import cmd_export_table

        return cmd_export_table(args)
    args.format = args.format or "csv"
    if args.format not in ("csv", "xlsx"):
        raise ActionError(f"codings are exported as csv or xlsx, not {args.format}")
    project = _project(args)
    frame = codings(project)
    if args.format == "csv":
        if args.out in (None, "-"):
            frame.to_csv(sys.stdout, index=False, lineterminator="\n")
            return 0
        frame.to_csv(args.out, index=False, lineterminator="\n")
    else:
        out = args.out or "codings.xlsx"
        frame.to_excel(out, index=False, sheet_name="codings")
        args.out = out
    print(f"wrote {len(frame)} codings to {args.out}", file=sys.stderr)
    return 0


def cmd_export_any(args: argparse.Namespace) -> int:
    """REFI-QDA and office exports go to synthesis.exchange; codings and theme tables to cmd_export."""
    from .exchange.cli import FORMATS, cmd_export as export_exchange

    return export_exchange(args) if args.what in FORMATS else cmd_export(args)


def cmd_lab(args: argparse.Namespace) -> int:
    root = Path(args.project).resolve()
    Project.open(root)  # fail early, with a clear message, if it is not a project
    start = "notebooks/00_start_here.ipynb" if (root / "notebooks/00_start_here.ipynb").exists() else ""
    command = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={root}", "--ServerApp.ip=127.0.0.1"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI machines often run as root
    if args.port:
        command.append(f"--port={args.port}")
    if args.no_browser:
        command.append("--no-browser")
    if start:
        command.append(str(root / start))
    return subprocess.call(command, cwd=root)


def cmd_app(args: argparse.Namespace) -> int:
    from .apps import APPS

    root = Path(args.project).resolve()
    Project.open(root)  # fail early, with a clear message, if it is not a project
    env = dict(os.environ, SYNTHESIS_PROJECT=str(root))
    if args.reviewer:
        env["SYNTHESIS_REVIEWER"] = args.reviewer
    command = [sys.executable, "-m", "voila", str(APPS / f"{args.name}.ipynb"),
               f"--Voila.ip={args.ip}", "--show_tracebacks=False",
               # a closed tab's kernel (and the reviewer's log lock) goes about 20 s later
               "--MappingKernelManager.cull_idle_timeout=15", "--MappingKernelManager.cull_interval=5",
               "--MappingKernelManager.cull_connected=False"]
    if args.port:
        command.append(f"--port={args.port}")
    if args.no_browser:
        command.append("--no-browser")
    return subprocess.call(command, cwd=root, env=env)


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="synthesis", description=__doc__.splitlines()[0])
    sub = top.add_subparsers(dest="command", required=True)

    def with_project(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--project", default=".", help="the review project folder (default: here)")
        return p

    p = sub.add_parser("init", help="make an empty review project")
    p.add_argument("dir")
    p.add_argument("--name", help="the review's name")
    p.set_defaults(func=cmd_init)

    p = with_project(sub.add_parser("import", help="import studies (CSV/XLSX/RIS), extracts (CSV/XLSX), sources "
                                                    "(txt/md/docx/pdf) or a REFI-QDA project/codebook (qdpx/qdc)"))
    p.add_argument("files", nargs="+")
    p.add_argument("--as", dest="kind", choices=["studies", "extracts", "sources"], help="what the files hold (guessed otherwise)")
    p.add_argument("--study", help="the study the imported sources belong to")
    p.add_argument("--encoding", help="text encoding of CSV/TXT files (default UTF-8), e.g. cp1252")
    p.add_argument("--replace", action="store_true", help="replace studies/sources that exist already")
    p.add_argument("--reviewer", help="record the import in this reviewer's log (default: $SYNTHESIS_REVIEWER)")
    p.add_argument("--into", help="for .qdpx/.qdc files: the project folder to import into (made if it is not one yet)")
    p.set_defaults(func=cmd_import)

    p = with_project(sub.add_parser("info", help="counts of studies, sources, segments, codes, codings..."))
    p.add_argument("--json", action="store_true", help="print the counts as JSON")
    p.set_defaults(func=cmd_info)

    p = with_project(sub.add_parser("export", help="export codings, the theme table or the GRADE-CERQual tables"))
    p.add_argument("what", choices=["codings", "themes", "soqf", "evidence-profile", "qdpx", "qdc", "xlsx", "csv", "docx"],
                   help="codings; the theme table or GRADE-CERQual tables; a REFI-QDA project (qdpx) or codebook "
                        "(qdc); or codings and quotations for colleagues (xlsx, csv, docx)")
    p.add_argument("--format", choices=["csv", "xlsx", "md", "docx"],
                   help="codings: csv (default) or xlsx; themes, soqf, evidence-profile: md (default), csv, xlsx or docx")
    p.add_argument("--out", help="output file (CSV and Markdown default: standard output; "
                                 "XLSX and DOCX default: <what>.<format>)")
    p.set_defaults(func=cmd_export_any)

    p = with_project(sub.add_parser("lab", help="open the workbench in JupyterLab"))
    p.add_argument("--port", type=int)
    p.add_argument("--no-browser", action="store_true")
    p.set_defaults(func=cmd_lab)
    p = with_project(sub.add_parser("app", help="open a workflow as a Voila app, with no code cells"))
    p.add_argument("name", choices=["code"], help="code: the coding view")
    p.add_argument("--reviewer", help="your initials (asked for in the app otherwise)")
    p.add_argument("--port", type=int)
    p.add_argument("--ip", default="127.0.0.1", help="address to serve on (default: this machine only)")
    p.add_argument("--no-browser", action="store_true")
    p.set_defaults(func=cmd_app)

    from .agreement.cli import HELP, configure
    configure(with_project(sub.add_parser("agreement", help=HELP)))

    from .figures.cli import add_parser as add_figures_parser
    add_figures_parser(sub)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except SynthesisError as exc:
        print(f"synthesis: error: {exc}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as exc:
        print(f"synthesis: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
