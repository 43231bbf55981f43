"""``synthesis coded``, ``synthesis matrix`` and ``synthesis cooccurrence`` on the command line.

Registered in :mod:`synthesis.cli` with :func:`add_parsers`. Each prints a readable
table, or JSON with ``--json``, and writes files only when asked (``--output``,
``--csv``, ``--xlsx``, ``--heatmap``, ``--network``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ActionError

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.figure import Figure

    from ..project import Project

CODED_HELP = "the text coded with two codes: A and B, A or B, A but not B, A near B"
MATRIX_HELP = "codes or themes by studies, sources, reviewers or a study attribute"
COOCCURRENCE_HELP = "which codes are applied together, and how strongly"
CODED_DESCRIPTION = (
    "List the quotations coded with two codes: 'and' gives the text both codes cover, 'or' the text "
    "either covers, 'not' the text the first code covers and the second does not, and 'near' the first "
    "code's quotations that have the second code within a number of sentences (--within) or in the same "
    "paragraph. By default it reads the codings second review agreed on; --coded-by reads one "
    "reviewer's, --everyone every reviewer's.")
MATRIX_DESCRIPTION = (
    "Count, for every code or theme (rows), its codings, quotations, sources or studies in each study, "
    "source, reviewer or group of studies (columns: a study attribute such as design or nation), or put "
    "the quotations themselves in the cells. Write it as a spreadsheet, a Word table or a heatmap, or "
    "list the quotations of one cell with --cell.")
COOCCURRENCE_DESCRIPTION = (
    "Find the pairs of codes applied together: to overlapping text (--by overlap), in the same sentence "
    "or in the same source, with how often they meet and the c-coefficient n12 / (n1 + n2 - n12) and "
    "Jaccard's coefficient (0: never together, 1: always). List the quotations of one pair with --pair, "
    "draw a heatmap or a network.")
CODED_EXAMPLES = ('synthesis coded "Mutual respect" and "Shared values"\n'
                  '  synthesis coded "Mutual respect" not "Trust and reciprocity" --coded-by NT --json\n'
                  '  synthesis coded "Flexible hierarchies" near "Sufficient time, people and skills" --within 2\n'
                  '  synthesis coded "Co-location" near "Time for partnership work" --within paragraph '
                  '--xlsx near.xlsx')
MATRIX_EXAMPLES = ("synthesis matrix --rows themes --cols design --format xlsx --output themes-by-design.xlsx\n"
                   "  synthesis matrix --rows codes --cols studies --measure quotations\n"
                   "  synthesis matrix --rows analytical --cols nation --heatmap figures/themes-by-nation.svg\n"
                   '  synthesis matrix --rows codes --cols studies --cell "Mutual respect" "Green and Dicks, 2012"')
COOCCURRENCE_EXAMPLES = ("synthesis cooccurrence --json\n"
                         "  synthesis cooccurrence --by sentence --table --value c --format csv\n"
                         '  synthesis cooccurrence --pair "Mutual respect" "Shared values"\n'
                         "  synthesis cooccurrence --network figures/cooccurrence.svg --heatmap figures/co.png")


# ------------------------------------------------------------------ shared
def _whose(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--coded-by", metavar="REVIEWER", help="read only this reviewer's codings")
    parser.add_argument("--everyone", action="store_true",
                        help="read every reviewer's codings (default: the codings second review agreed on)")
    parser.add_argument("--save", metavar="NAME", help="save this query under a name, to run again later")
    parser.add_argument("--reviewer", help="with --save: whose log records the saved query")


def _pool(args: argparse.Namespace) -> dict[str, Any]:
    if args.coded_by and args.everyone:
        raise ActionError("use --coded-by or --everyone, not both")
    return {"reviewer": args.coded_by, "consensus": not args.everyone}


def _open(args: argparse.Namespace) -> "Project":
    from ..project import Project

    if args.save and not args.reviewer:
        from ..cli import default_reviewer

        args.reviewer = default_reviewer()
        if args.reviewer is None:
            raise ActionError("say whose log records the saved query with --reviewer INITIALS")
    return Project.open(args.project, reviewer=args.reviewer if args.save else None)


def _save(project: "Project", args: argparse.Namespace, kind: str, params: dict[str, Any]) -> None:
    if args.save:
        from .saved import save_query

        save_query(project, args.save, kind, {k: v for k, v in params.items() if v is not None})
        print(f"saved the query as {args.save!r}", file=sys.stderr)


def _json(frame: "pd.DataFrame") -> None:
    print(json.dumps(json.loads(frame.to_json(orient="records")), indent=1, ensure_ascii=False))


def _files(frame: "pd.DataFrame", args: argparse.Namespace, what: str) -> None:
    from ..exchange.safecsv import neutralise_frame, write_xlsx

    if getattr(args, "csv", None):
        neutralise_frame(frame).to_csv(args.csv, index=False, lineterminator="\n")
        print(f"wrote {len(frame)} {what} to {args.csv}", file=sys.stderr)
    if getattr(args, "xlsx", None):
        write_xlsx(frame, args.xlsx, sheet_name=what)
        print(f"wrote {len(frame)} {what} to {args.xlsx}", file=sys.stderr)


def _figure(fig: "Figure", target: str, alt_text: str) -> None:
    from ..figures.style import FORMATS, save

    path = Path(target)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ActionError(f"name a .svg, .pdf or .png file for the figure, not {path.name!r}")
    save(fig, path.with_suffix(""), formats=[fmt], alt_text=alt_text)
    print(f"drew {path} (alt text in {path.with_suffix('.txt')})", file=sys.stderr)


def _quotes(frame: "pd.DataFrame") -> str:
    lines = []
    for row in frame.itertuples(index=False):
        text = " ".join(str(row.text).split())
        lines.append(f"\u201c{text}\u201d {row.cite}")
    return "\n".join(lines)


def _format(args: argparse.Namespace) -> str | None:
    """The export format asked for: --format, else the --output file's extension (CSV if unknown)."""
    from .matrix_export import FORMATS

    if args.format:
        return args.format
    if args.output:
        suffix = Path(args.output).suffix.lower().lstrip(".")
        return suffix if suffix in FORMATS else "csv"
    return None


def _table(data: bytes, fmt: str, args: argparse.Namespace, what: str) -> None:
    """Write an export to --output (CSV and Markdown to the screen without it)."""
    from .matrix_export import write

    if args.output:
        path = write(data, args.output)
        print(f"wrote {what} ({fmt}) to {path}", file=sys.stderr)
    elif fmt in ("csv", "md"):
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        raise ActionError(f"name the file to write with --output FILE.{fmt}")


# ------------------------------------------------------------------ coded
def configure_coded(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    from .coding_query import OPERATIONS

    parser.add_argument("a", metavar="CODE", help="the first code (label or id)")
    parser.add_argument("op", choices=OPERATIONS, help="and, or, not (A but not B) or near")
    parser.add_argument("b", metavar="OTHER", help="the second code (label or id)")
    parser.add_argument("--within", default="1", metavar="N|paragraph",
                        help="with near: at most N sentences apart (0: in one sentence; default 1), or "
                             "'paragraph' for the same paragraph")
    parser.add_argument("--both", action="store_true", help="with near: list the second code's quotations too")
    parser.add_argument("--json", action="store_true", help="print the quotations as JSON")
    parser.add_argument("--csv", metavar="FILE", help="also write the quotations to this CSV file")
    parser.add_argument("--xlsx", metavar="FILE", help="also write the quotations to this Excel file")
    _whose(parser)
    parser.set_defaults(func=cmd_coded)
    return parser


def cmd_coded(args: argparse.Namespace) -> int:
    from .coding_query import coding_query, describe

    within: int | str = args.within if args.within == "paragraph" else _int(args.within, "--within")
    params = {"op": args.op, "a": args.a, "b": args.b, "within": within if args.op == "near" else None,
              "keep": "both" if args.both else None, **_pool(args)}
    with _open(args) as project:
        frame = coding_query(project, args.op, args.a, args.b, within=within,
                             keep="both" if args.both else "a", **_pool(args))
        _save(project, args, "coding", params)
    _files(frame, args, "quotations")
    if args.json:
        _json(frame)
    else:
        if len(frame):
            print(_quotes(frame))
        print(f"{len(frame)} quotation{'s' if len(frame) != 1 else ''} {describe(args.op, args.a, args.b, within)}",
              file=sys.stderr)
    return 0


def _int(text: str, option: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ActionError(f"{option} takes a whole number (or 'paragraph'), not {text!r}") from None


# ------------------------------------------------------------------ matrix
def configure_matrix(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    from .matrix import ATTRIBUTES, FIXED_COLUMNS, MEASURES, ROWS
    from .matrix_export import FORMATS

    parser.add_argument("--rows", choices=ROWS, default="codes",
                        help="codes, themes (both levels), descriptive or analytical themes (default: codes)")
    parser.add_argument("--cols", choices=FIXED_COLUMNS + ATTRIBUTES, default="studies", metavar="COLUMNS",
                        help="studies, sources, reviewers, or a study attribute: " + ", ".join(ATTRIBUTES)
                             + " (default: studies)")
    parser.add_argument("--measure", choices=MEASURES, default="codings",
                        help="what a cell shows: codings, quotations (distinct coded passages), sources, "
                             "studies, or the text itself (default: codings)")
    parser.add_argument("--format", choices=FORMATS,
                        help="write the table as csv, xlsx, docx or md (default: from --output's extension; "
                             "CSV and Markdown go to the screen without --output)")
    parser.add_argument("--output", "--out", metavar="FILE", help="write the table to this file")
    parser.add_argument("--cell", nargs=2, metavar=("ROW", "COLUMN"), help="list the quotations of one cell")
    parser.add_argument("--heatmap", metavar="FILE", help="also draw a heatmap (.svg, .pdf or .png) with alt text")
    parser.add_argument("--json", action="store_true",
                        help="print the table as JSON (one object per row), or the cell's quotations")
    _whose(parser)
    parser.set_defaults(func=cmd_matrix)
    return parser


def cmd_matrix(args: argparse.Namespace) -> int:
    from .matrix import matrix
    from .matrix_export import matrix_frame, render_matrix

    params = {"rows": args.rows, "cols": args.cols, "measure": args.measure, **_pool(args)}
    with _open(args) as project:
        found = matrix(project, args.rows, args.cols, args.measure, **_pool(args))
        _save(project, args, "matrix", params)
        if args.heatmap:
            from ..figures.relations import matrix_alt_text, matrix_heatmap

            long = found.long()
            label = "codings" if args.measure == "text" else args.measure
            _figure(matrix_heatmap(long, value_label=label.capitalize()), args.heatmap,
                    matrix_alt_text(long, f"{label} ({found.describe()})"))
        if args.cell:
            quotes = found.quotations(*args.cell)
            if args.json:
                _json(quotes)
            else:
                print(_quotes(quotes) if len(quotes) else "no quotations in this cell")
            return 0
        fmt = _format(args)
        if fmt:
            _table(render_matrix(found, fmt), fmt, args, found.describe())
        elif args.json:
            _json(matrix_frame(found))
        else:
            import pandas as pd

            with pd.option_context("display.max_columns", None, "display.width", 160, "display.max_colwidth", 40):
                print(found.table().to_string())
    return 0


# ------------------------------------------------------------------ co-occurrence
def configure_cooccurrence(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    from .cooccurrence import MODES, VALUES
    from .matrix_export import FORMATS

    parser.add_argument("--by", choices=MODES, default="overlap",
                        help="codes meet on overlapping text, in one sentence or in one source (default: overlap)")
    parser.add_argument("--code", action="append", metavar="CODE",
                        help="only these codes (label or id; repeat the option for each)")
    parser.add_argument("--table", action="store_true", help="print the code x code table instead of the pairs")
    parser.add_argument("--value", choices=VALUES, default="n",
                        help="with --table, --heatmap or --network: the count n, the c-coefficient or Jaccard's "
                             "coefficient (default: n)")
    parser.add_argument("--all-pairs", action="store_true", help="list pairs that never meet too")
    parser.add_argument("--pair", nargs=2, metavar=("CODE", "OTHER"), help="list the quotations where two codes meet")
    parser.add_argument("--format", choices=FORMATS,
                        help="write the code x code table as csv, xlsx, docx or md (default: from --output's "
                             "extension; CSV and Markdown go to the screen without --output)")
    parser.add_argument("--output", "--out", metavar="FILE", help="write the code x code table to this file")
    parser.add_argument("--heatmap", metavar="FILE", help="also draw a heatmap (.svg, .pdf or .png) with alt text")
    parser.add_argument("--network", metavar="FILE", help="also draw a network (.svg, .pdf or .png) with alt text")
    parser.add_argument("--json", action="store_true", help="print the pairs (or the pair's quotations) as JSON")
    _whose(parser)
    parser.set_defaults(func=cmd_cooccurrence)
    return parser


def cmd_cooccurrence(args: argparse.Namespace) -> int:
    from .cooccurrence import cooccurrence, pair_quotations
    from .matrix_export import render_cooccurrence

    params = {"by": args.by, "codes": args.code, **_pool(args)}
    with _open(args) as project:
        if args.pair:
            quotes = pair_quotations(project, *args.pair, by=args.by, **_pool(args))
            if args.json:
                _json(quotes)
            else:
                print(_quotes(quotes) if len(quotes) else "these codes do not meet")
            return 0
        found = cooccurrence(project, args.by, codes=args.code, **_pool(args))
        _save(project, args, "cooccurrence", params)
        pairs = found.pairs(all_pairs=args.all_pairs)
        if args.heatmap or args.network:
            from ..figures.relations import (
                cooccurrence_heatmap, cooccurrence_network, matrix_alt_text, network_alt_text, _symmetric,
            )

            shown = found.pairs()
            if shown.empty:
                raise ActionError("no two codes meet: there is nothing to draw")
            if args.heatmap:
                _figure(cooccurrence_heatmap(shown, args.value), args.heatmap,
                        matrix_alt_text(_symmetric(shown, args.value), f"code co-occurrence ({args.value}, by "
                                                                      f"{args.by})"))
            if args.network:
                _figure(cooccurrence_network(shown, args.value), args.network, network_alt_text(shown, args.value))
        fmt = _format(args)
        if fmt:
            _table(render_cooccurrence(project, found, fmt, args.value), fmt, args, "co-occurrence table")
        elif args.json:
            _json(pairs)
        elif args.table:
            print(found.table(args.value).to_string())
        else:
            print(pairs.drop(columns=["code_a_id", "code_b_id"]).to_string(index=False) if len(pairs)
                  else "no two codes meet")
    return 0


def add_parsers(sub: "argparse._SubParsersAction", with_project) -> None:  # type: ignore[type-arg]
    """Add ``coded``, ``matrix`` and ``cooccurrence`` to the ``synthesis`` command's subcommands."""
    for name, help, description, examples, configure in (
            ("coded", CODED_HELP, CODED_DESCRIPTION, CODED_EXAMPLES, configure_coded),
            ("matrix", MATRIX_HELP, MATRIX_DESCRIPTION, MATRIX_EXAMPLES, configure_matrix),
            ("cooccurrence", COOCCURRENCE_HELP, COOCCURRENCE_DESCRIPTION, COOCCURRENCE_EXAMPLES,
             configure_cooccurrence)):
        parser = sub.add_parser(name, help=help, description=description, epilog="example:\n  " + examples,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
        configure(with_project(parser))
