"""The ``synthesis`` command line.

Every command works on the review project in the current folder, or the one
named with ``--project``. Errors exit with status 2 and a message naming the
file, row or line, and field at fault.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path

from .errors import ActionError, InputError, InputWarning, SynthesisError
from .log import check_reviewer
from .project import Project
from .wording import plural

DOCUMENTS = {".txt", ".md", ".docx", ".pdf"}
TABLES = {".csv", ".xlsx", ".xls"}
EXTRACT_HEADERS = {"text", "extract", "quotation", "quote"}


def _project(args: argparse.Namespace, *, write: bool = False) -> Project:
    reviewer = getattr(args, "reviewer", None)
    if write and not reviewer:
        reviewer = default_reviewer()
        if reviewer is None:
            raise ActionError("say whose log records this import with --reviewer INITIALS "
                              "(or set SYNTHESIS_REVIEWER)")
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


def _expand(names: Sequence[str]) -> list[Path]:
    """The files named, with a folder standing for the documents directly inside it."""
    out: list[Path] = []
    for name in names:
        path = Path(name)
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in DOCUMENTS)
            if not found:
                raise InputError(path, f"is a folder with no documents ({', '.join(sorted(DOCUMENTS))}) in it")
            out.extend(found)
        elif not path.exists():
            raise InputError(path, "no such file")
        else:
            out.append(path)
    return out


def cmd_import(args: argparse.Namespace) -> int:
    from .exchange.cli import cmd_import_qda, is_qda

    if any(is_qda(name) for name in args.files):
        return cmd_import_qda(args)
    files = _expand(args.files)
    if args.dry_run:
        from .corpus.preview import preview

        for path in files:
            print(preview(path, kind=args.kind or guess_kind(path), encoding=args.encoding))
            print()
        print(f"nothing was imported (--dry-run): {plural(len(files), 'file')} read")
        return 0
    project = _project(args, write=True)
    rows: list[tuple[str, str, int, int, int]] = []
    failed: list[str] = []
    try:
        for number, path in enumerate(files, start=1):
            if len(files) > 1:
                print(f"[{number}/{len(files)}] {path.name}", file=sys.stderr, flush=True)
            try:
                said = _import_one(project, path, args, rows)
            except SynthesisError as exc:
                if len(files) == 1:
                    raise
                # each file is imported whole or not at all: the others go on
                print(f"synthesis: error: {exc}", file=sys.stderr, flush=True)
                failed.append(path.name)
                continue
            for warning in said:
                _show_warning(warning.message, warning.category)
        if len(rows) > 1 or (rows and failed):
            print(_table(rows))
        if len(failed) < len(files):
            log = (project.log_dir / f"{project.reviewer}.jsonl").relative_to(project.root)
            print(f"recorded in {project.reviewer}'s log ({log.as_posix()})")
    finally:
        project.close()
    if failed:
        print(f"synthesis: {plural(len(files) - len(failed), 'file')} of {len(files)} imported; "
              f"not imported (errors above): {', '.join(failed)}", file=sys.stderr)
        return 2
    return 0


def _import_one(project: Project, path: Path, args: argparse.Namespace,
                rows: list[tuple[str, str, int, int, int]]) -> list[warnings.WarningMessage]:
    """Import one file as the CLI does (a document adds a row for the summary table); its warnings."""
    kind = args.kind or guess_kind(path)
    report = ""  # what became of the codings of the sources replaced
    with warnings.catch_warnings(record=True) as said:
        warnings.simplefilter("always", InputWarning)
        if kind == "studies":
            found = project.import_studies(path, encoding=args.encoding, update=args.replace)
            print(f"{path.name}: {plural(len(found), 'study', 'studies')}")
        elif kind == "extracts":
            found = project.import_extracts(path, encoding=args.encoding, replace=args.replace)
            same = (f" ({'all' if len(found.unchanged) == len(found) else len(found.unchanged)} unchanged: "
                    "the project had them already)") if found.unchanged else ""
            print(f"{path.name}: {plural(len(found), 'source')} of extracts{same}")
            report = found.report()
        else:
            imported = project.import_sources(path, study_id=args.study, encoding=args.encoding,
                                              replace=args.replace)
            [source] = imported
            same = " (unchanged: the project had it already)" if imported.unchanged else ""
            print(f"{path.name}: source '{source.source_id}'{same}")
            rows.append((path.name, source.source_id, len(source.pages) or 1, source.n_chars, len(said)))
            report = imported.report()
        if args.replace and report:
            print(f"  {report}".replace("\n", "\n  "))
    return said


def _table(rows: list[tuple[str, str, int, int, int]]) -> str:
    """The per-file summary of a many-file import."""
    head = ("file", "source", "pages", "characters", "warnings")
    cells = [head, *[(f, s, str(p), f"{c:,}", str(w)) for f, s, p, c, w in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(head))]
    lines = ["  ".join(cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(row, widths)))
             for row in cells]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


#: How ``synthesis info`` names its counts for a reader (``--json`` keeps the keys).
INFO_WORDS = {"segments": "sentences", "events": "actions recorded",
              "problems": "problems in the logs", "descriptive_themes": "descriptive themes",
              "analytical_themes": "analytical themes"}


def cmd_info(args: argparse.Namespace) -> int:
    from .views import info

    project = _project(args)
    counts = info(project)
    if args.json:
        print(json.dumps(counts, sort_keys=True))
    else:
        print(f"{project.name}, in {project.root}")
        words = {key: INFO_WORDS.get(key, key.replace("_", " ")) for key in counts}
        width = max(map(len, words.values()))
        for key, value in counts.items():
            print(f"  {words[key]:<{width}}  {value:>6,}")
        for problem in project.problems:
            print(f"  problem: {problem.message}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from .exchange.safecsv import neutralise_frame, write_xlsx
    from .views import codings

    if args.what != "codings":
        from .themes.cli import cmd_export_table

        return cmd_export_table(args)
    args.format = args.format or "csv"
    if args.format not in ("csv", "xlsx"):
        raise ActionError(f"codings are exported as csv or xlsx, not {args.format}")
    project = _project(args)
    frame = codings(project)
    if args.format == "csv":  # text a spreadsheet would run as a formula gets a leading '
        if args.out in (None, "-"):
            neutralise_frame(frame).to_csv(sys.stdout, index=False, lineterminator="\n")
            return 0
        neutralise_frame(frame).to_csv(args.out, index=False, lineterminator="\n")
    else:
        out = args.out or "codings.xlsx"
        write_xlsx(frame, out, sheet_name="codings")  # every text cell stored as text, never a formula
        args.out = out
    print(f"wrote {len(frame)} codings to {args.out}", file=sys.stderr)
    return 0


def cmd_export_any(args: argparse.Namespace) -> int:
    """REFI-QDA and office exports go to synthesis.exchange; codings and theme tables to cmd_export."""
    from .exchange.cli import FORMATS, cmd_export as export_exchange

    if getattr(args, "case_codes", False) and args.what != "qdpx":
        raise ActionError(f"--case-codes marks the studies' sources in a qdpx file; an export of {args.what} "
                          "has no studies to mark (leave it out)")
    if args.what in FORMATS and getattr(args, "format", None):
        raise ActionError(f"--format chooses the file type of codings and theme tables; an export of "
                          f"{args.what} has one file type only (leave --format out)")
    return export_exchange(args) if args.what in FORMATS else cmd_export(args)


def cmd_lab(args: argparse.Namespace) -> int:
    from .apps.serve import serve_lab

    root = Path(args.project).resolve()
    Project.open(root)  # fail early, with a clear message, if it is not a project
    return serve_lab(root, port=args.port, open_browser=not args.no_browser)


def cmd_app(args: argparse.Namespace) -> int:
    from .apps import APPS
    from .apps.serve import serve_app

    root = Path(args.project).resolve()
    Project.open(root)  # fail early, with a clear message, if it is not a project
    reviewer = check_reviewer(args.reviewer) if args.reviewer else None
    return serve_app(APPS / f"{args.workflow}.ipynb", root, reviewer=reviewer, ip=args.ip, port=args.port,
                     open_browser=not args.no_browser)


EXAMPLES = {
    "init": "synthesis init my-review --name \"SEND partnerships\"",
    "import": "synthesis import studies.csv extracts.xlsx --reviewer NT\n"
              "  synthesis import report.pdf --study lga2020 --reviewer NT\n"
              "  synthesis import article.pdf --dry-run          # look before importing\n"
              "  synthesis import pdfs/ --reviewer NT             # every document in a folder\n"
              "  synthesis import colleague.qdpx --reviewer NT",
    "info": "synthesis info\n  synthesis info --json",
    "export": "synthesis export codings --format xlsx --out codings.xlsx\n"
              "  synthesis export themes --format docx\n"
              "  synthesis export qdpx --out review.qdpx",
    "lab": "synthesis lab\n  synthesis lab --project my-review --port 8890 --no-browser",
    "app": "synthesis app code\n  synthesis app code --reviewer NT --port 8866",
    "agreement": "synthesis agreement\n  synthesis agreement --unit character --coders NT,AG --json",
    "figures": "synthesis figures\n  synthesis figures --format svg,png --out figures",
}

DESCRIPTIONS = {
    "init": "Make an empty review project: a folder with corpus/, codebooks/ and figures/.",
    "import": "Bring studies, extracts, source documents or another QDA tool's project into the review. "
              "Nothing is saved unless the whole file reads cleanly, and every import is recorded in "
              "the importing reviewer's log.",
    "info": "Count the studies, sources, sentences, codes, codings, memos and themes of the project, "
            "and list anything in the logs that needs attention.",
    "export": "Write codings, theme tables, GRADE-CERQual tables, or files for other QDA tools, "
              "spreadsheets and Word.",
    "lab": "Open the project in JupyterLab, at the start-here notebook. Stop it with Ctrl+C.",
    "app": "Open a workflow as a web app with no code cells, for reviewers who do not program. "
           "Stop it with Ctrl+C.",
    "agreement": "How far reviewers' codings agree: percent agreement, Cohen's and Fleiss' kappa and "
                 "Krippendorff's alpha, per code and overall.",
    "figures": "Draw the review's figures from the coded data, as SVG, PDF and PNG with alt text.",
}


def default_reviewer() -> str | None:
    """The reviewer an import is recorded for when none is named: $SYNTHESIS_REVIEWER, else the
    name you are logged in with (kept to the letters, digits, '.', '_' and '-' a log name may have).

    >>> os.environ["SYNTHESIS_REVIEWER"] = "NT"; default_reviewer()
    'NT'
    >>> del os.environ["SYNTHESIS_REVIEWER"]
    """
    named = os.environ.get("SYNTHESIS_REVIEWER", "").strip()
    if named:
        return check_reviewer(named)
    try:
        import getpass

        user = getpass.getuser()
    except Exception:  # no user name to be had (some containers)
        return None
    cleaned = re.sub(r"[^A-Za-z0-9_.-]", "", user).lstrip("._-")[:64]
    return cleaned or None


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("synthesis")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="synthesis",
        description="An open workbench for qualitative evidence synthesis: import included studies, "
                    "code them, check the coding, build themes and draw the review's figures.",
        epilog="Run 'synthesis COMMAND --help' for what a command does, with examples.",
    )
    top.add_argument("--version", action="version", version=f"synthesis {_version()}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, description=DESCRIPTIONS[name],
                              epilog="example:\n  " + EXAMPLES[name],
                              formatter_class=argparse.RawDescriptionHelpFormatter)

    def with_project(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument("--project", default=".", help="the review project folder (default: this folder)")
        return p

    p = command("init", "make an empty review project")
    p.add_argument("dir", help="the folder to make the project in")
    p.add_argument("--name", help="the review's name (default: the folder's name)")
    p.set_defaults(func=cmd_init)

    p = with_project(command("import", "import studies, extracts, documents or a QDA project"))
    p.add_argument("files", nargs="+", metavar="FILE",
                   help="study tables (.csv .xlsx .ris), extract sheets (.csv .xlsx), documents "
                        "(.txt .md .docx .pdf), or REFI-QDA files (.qdpx .qdc)")
    p.add_argument("--as", dest="kind", choices=["studies", "extracts", "sources"],
                   help="what the files hold (guessed from the file otherwise)")
    p.add_argument("--study", help="the study id the imported documents belong to (--study \"\": none, on purpose)")
    p.add_argument("--encoding", help="text encoding of CSV or text files (default UTF-8), e.g. cp1252")
    p.add_argument("--replace", action="store_true", help="replace studies or sources the project has already")
    p.add_argument("--reviewer", help="whose log records the import (default: $SYNTHESIS_REVIEWER, "
                                      "else your login name)")
    p.add_argument("--into", help="for .qdpx and .qdc files: the project folder to import into "
                                  "(made if it is not one yet)")
    p.add_argument("--dry-run", action="store_true",
                   help="show the text (with its pages) or the records each file would give, and what the "
                        "importer changed, without importing anything")
    p.set_defaults(func=cmd_import)

    p = with_project(command("info", "count studies, sources, codes and codings"))
    p.add_argument("--json", action="store_true", help="print the counts as JSON")
    p.set_defaults(func=cmd_info)

    p = with_project(command("export", "write codings, theme tables or files for other tools"))
    p.add_argument("what", choices=["codings", "themes", "soqf", "evidence-profile", "qdpx", "qdc", "taguette",
                                    "xlsx", "csv", "docx"],
                   help="codings; the theme table (themes) or GRADE-CERQual tables (soqf, evidence-profile); "
                        "a REFI-QDA project (qdpx) or codebook (qdc); the codebook as the CSV Taguette imports "
                        "(taguette); or codings and quotations for colleagues (xlsx, csv, docx)")
    p.add_argument("--format", choices=["csv", "xlsx", "md", "docx"],
                   help="codings: csv (default) or xlsx; themes, soqf, evidence-profile: md (default), csv, xlsx or docx")
    p.add_argument("--out", help="the file to write (codings and theme tables as CSV or Markdown: the screen "
                                 "unless given; everything else: a file named after the review, or WHAT.FORMAT)")
    p.add_argument("--case-codes", action="store_true",
                   help="qdpx: also mark each study's sources with a code named after the study, as NVivo does "
                        "(QualCoder links cases to sources only this way; other tools show them as codes)")
    p.set_defaults(func=cmd_export_any)

    p = with_project(command("lab", "open the project in JupyterLab"))
    p.add_argument("--port", type=int, help="the port to serve on (default: 8888, or the next free one)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    p.set_defaults(func=cmd_lab)

    p = with_project(command("app", "open a workflow as a web app with no code cells"))
    p.add_argument("workflow", metavar="WORKFLOW", choices=["code"], help="the workflow to open; code: the coding view")
    p.add_argument("--reviewer", help="your initials (the app asks for them otherwise)")
    p.add_argument("--port", type=int, help="the port to serve on (default: 8866, or the next free one)")
    p.add_argument("--ip", default="127.0.0.1", help="the address to serve on (default: this machine only; any other "
                   "address asks for a token: $SYNTHESIS_APP_TOKEN, or a random one it prints)")
    p.add_argument("--no-browser", action="store_true", help="do not open a browser tab")
    p.set_defaults(func=cmd_app)

    from .agreement.cli import HELP, configure
    configure(with_project(command("agreement", HELP)))

    from .figures.cli import add_parser as add_figures_parser
    add_figures_parser(sub, command("figures", "draw the review's figures from the data"))

    from .query.search_cli import add_parsers as add_search_parsers
    add_search_parsers(sub, with_project)

    from .query.relations_cli import add_parsers as add_relation_parsers
    add_relation_parsers(sub, with_project)

    from .suggest.cli import add_parser as add_suggest_parser
    add_suggest_parser(sub, with_project)
    return top


def _show_warning(message: Warning | str, category: type[Warning], *_: object, **__: object) -> None:
    """Print the workbench's own warnings in plain words; keep libraries' warnings out."""
    if issubclass(category, InputWarning):
        print(f"synthesis: warning: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    top = parser()
    args, extra = top.parse_known_args(argv)
    if extra:  # said by the command's own parser, with its own usage line
        commands = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
        commands.choices[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
    import logging

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # its notes on damaged files are not for reviewers
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always", InputWarning)
            warnings.showwarning = _show_warning
            return args.func(args)
    except SynthesisError as exc:
        print(f"synthesis: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader went away (synthesis info | head): nothing more to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # Python's own flush at exit would fail again
        return 1
    except (OSError, ValueError) as exc:
        print(f"synthesis: error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
