"""``synthesis agreement``: the agreement report on the command line.

Registered in :mod:`synthesis.cli` with :func:`configure`; prints the
Markdown report (readable as plain text) or, with ``--json``, the report's
:meth:`~synthesis.agreement.report.AgreementReport.to_dict`.
"""

from __future__ import annotations

import argparse
import json

HELP = "how far reviewers' codings agree (percent, kappa, Krippendorff's alpha)"


def configure(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the command's options to its (sub)parser."""
    parser.add_argument("--unit", choices=["segment", "character"], default="segment",
                        help="units: sentence segments (default) or characters")
    parser.add_argument("--coders", help="the reviewers to compare, e.g. NT,AG (default: all with codings)")
    parser.add_argument("--bootstrap", type=int, default=1000, metavar="N",
                        help="bootstrap resamples for alpha's 95%% interval (default 1000; 0: none)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--suggest-mapping", metavar="CSV",
                        help="independent codebooks: write suggested pairs of the coders' codes to CSV for the "
                             "reviewers to confirm (set 'confirmed' to true or false), then stop")
    parser.add_argument("--mapping", metavar="CSV", help="pair the coders' codes with a confirmed mapping CSV")
    parser.set_defaults(func=cmd_agreement)
    return parser


def cmd_agreement(args: argparse.Namespace) -> int:
    from ..exchange.safecsv import neutralise_frame
    from ..project import Project
    from .report import agreement
    from .units import suggest_mapping

    if args.bootstrap < 0:
        raise ValueError("--bootstrap must be 0 or more")
    project = Project.open(args.project)
    if args.suggest_mapping:
        frame = suggest_mapping(project, args.coders)
        if "confirmed" not in frame.columns:
            frame["confirmed"] = frame["suggested"]
        # reviewers open it in a spreadsheet: labels that look like formulas get a ' (read_mapping removes it)
        neutralise_frame(frame).to_csv(args.suggest_mapping, index=False, lineterminator="\n")
        print(f"wrote {len(frame)} suggested pairs to {args.suggest_mapping}: confirm them, then pass --mapping")
        return 0
    mapping = read_mapping(args.mapping) if args.mapping else None
    report = agreement(project, coders=args.coders, unit=args.unit, n_boot=args.bootstrap, mapping=mapping)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(report.to_markdown(), end="")
    return 0


def read_mapping(path: str):  # -> CodeMapping
    """A mapping CSV that reviewers confirmed (as written by ``--suggest-mapping``)."""
    import pandas as pd

    from ..errors import InputError
    from ..exchange.safecsv import restore_frame
    from .units import CodeMapping

    try:
        frame = restore_frame(pd.read_csv(path, dtype=str, keep_default_na=False))
    except (OSError, ValueError) as exc:
        raise InputError(path, f"cannot be read as CSV ({exc})") from None
    for column in ("confirmed", "suggested"):
        if column in frame.columns:
            bad = ~frame[column].str.lower().isin(["true", "false", "1", "0", "yes", "no", ""])
            if bad.any():
                row = int(bad.idxmax()) + 2
                raise InputError(path, f"{frame[column][row - 2]!r} is not true or false", line=row, field=column)
            frame[column] = frame[column].str.lower().isin(["true", "1", "yes"])
    try:
        return CodeMapping.from_frame(frame)
    except (KeyError, ValueError) as exc:
        raise InputError(path, f"is not a code mapping ({exc})") from None
