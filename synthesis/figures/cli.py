"""``synthesis figures``: write every figure of a project (SVG, PDF, PNG and alt text).

Register it in :mod:`synthesis.cli` with::

    from .figures.cli import add_parser as add_figures_parser
    add_figures_parser(sub)          # inside parser(), after the other commands
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import ActionError
from ..project import Project
from .build import NAMES, write_figures
from .style import FORMATS, WIDTHS_MM


def _formats(text: str) -> list[str]:
    chosen = [f.strip().lower().lstrip(".") for f in text.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in FORMATS]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"formats are a comma-separated list of {', '.join(FORMATS)}")
    return list(dict.fromkeys(chosen))


def _names(text: str) -> list[str]:
    # a figure drawn from illustrative data is written as NAME-illustrative: that name is the figure too
    chosen = [f.strip().removesuffix("-illustrative") for f in text.split(",") if f.strip()]
    unknown = [f for f in chosen if f not in NAMES]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"unknown figure {', '.join(unknown) or '(none named)'}; "
                                         f"the figures are {', '.join(NAMES)}")
    return list(dict.fromkeys(chosen))


def cmd_figures(args: argparse.Namespace) -> int:
    """Draw every figure the project has data for (or those named with ``--only``) into ``--out``.

    Prints each figure written and why any other was not; exits 2 when a figure named
    with ``--only`` could not be drawn, and when there was nothing to draw at all.
    """
    project = Project.open(args.project)  # read-only: figures never write to the logs
    out = Path(args.out)
    if not out.is_absolute():
        out = Path.cwd() / out
    written, skipped = write_figures(project, out, formats=args.format, width=args.width, strict=args.strict,
                                     only=args.only)
    stems = sorted({p.name.split(".", 1)[0] for p in written})  # a figure's name has no dot
    print(f"wrote {len(stems)} figure{'' if len(stems) == 1 else 's'} to {out}")
    for stem in stems:
        kinds = ", ".join("caption" if p.name.endswith(".caption.txt") else p.suffix.lstrip(".")
                          for p in written if p.name.split(".", 1)[0] == stem)
        print(f"  {stem}: {kinds}")
    if skipped:
        print("not drawn:")
        for name, reason in skipped.items():
            print(f"  {name}: {reason}")
    if args.only and skipped:
        raise ActionError(f"could not draw {', '.join(skipped)} (reasons above)")
    if not stems:
        raise ActionError("the project has no data for any figure yet (reasons above)")
    return 0


def add_parser(subparsers: argparse._SubParsersAction,  # type: ignore[type-arg]
               parser: argparse.ArgumentParser | None = None) -> argparse.ArgumentParser:
    """Add ``figures`` to the ``synthesis`` command's subcommands (or fill in ``parser``)."""
    p = parser or subparsers.add_parser("figures", help="draw the review's figures from the data",
                                        description=__doc__.splitlines()[0])
    p.add_argument("--project", default=".", help="the review project folder (default: this folder)")
    p.add_argument("--out", default="figures", help="folder to write into (default: figures/)")
    p.add_argument("--format", type=_formats, default=list(FORMATS),
                   help="comma-separated formats: svg,pdf,png (default: all three)")
    p.add_argument("--only", type=_names, metavar="NAMES",
                   help=f"comma-separated figures to draw (default: all the project has data for): "
                        f"{', '.join(NAMES)}")
    p.add_argument("--width", choices=sorted(WIDTHS_MM),
                   help="journal column width for every figure: single (85 mm) or double (175 mm); "
                        "default: each figure's own")
    p.add_argument("--strict", action="store_true",
                   help="stop with an error when the PRISMA counts do not add up (default: mark them on the figure)")
    p.set_defaults(func=cmd_figures)
    return p
