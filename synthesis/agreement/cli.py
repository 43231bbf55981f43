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
    parser.set_defaults(func=cmd_agreement)
    return parser


def cmd_agreement(args: argparse.Namespace) -> int:
    from ..project import Project
    from .report import agreement

    if args.bootstrap < 0:
        raise ValueError("--bootstrap must be 0 or more")
    report = agreement(Project.open(args.project), coders=args.coders, unit=args.unit, n_boot=args.bootstrap)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
    else:
        print(report.to_markdown(), end="")
    return 0
