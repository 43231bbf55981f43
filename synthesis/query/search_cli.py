"""``synthesis search`` and ``synthesis words``: text search and word frequencies on the command line.

Registered in :mod:`synthesis.cli` with :func:`configure_search` and :func:`configure_words`.
Both print a readable table, or JSON with ``--json``, and write CSV or XLSX files only when
asked (``--csv FILE``, ``--xlsx FILE``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ActionError

if TYPE_CHECKING:
    import pandas as pd

SEARCH_HELP = "find words, phrases, lemmas, wildcards or patterns in the sources, with their context"
WORDS_HELP = "the most frequent words or lemmas, overall or per source, study, code or theme"
SEARCH_DESCRIPTION = (
    "Search every source (or those you pick) and list each place found with the words before and after "
    "it, its citation and page. Modes: words (any of the words), phrase (the words in a row), lemma "
    "(partner also finds partners and partnerships), wildcard (trust* finds trust, trusted, trusting) "
    "and regex (a regular expression). Matching ignores upper and lower case.")
WORDS_DESCRIPTION = (
    "Count the most frequent words (or their lemmas, the dictionary forms), leaving out common words "
    "such as 'the' and 'and' (the stop words, which you can add to or replace).")
SEARCH_EXAMPLES = ('synthesis search "trust*" --mode wildcard --within-code "Mutual respect" --json\n'
                   '  synthesis search partner --mode lemma --where design=qualitative\n'
                   '  synthesis search "shared values" --mode phrase --study green2012 --xlsx hits.xlsx\n'
                   '  synthesis search "trust*" --mode wildcard --save "the trust search" --reviewer NT')
WORDS_EXAMPLES = ("synthesis words --per study --top 20\n"
                  "  synthesis words --by word --add-stop-words local,area --json\n"
                  "  synthesis words --top 15 --chart figures/words.svg")


def _where(values: list[str] | None) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for value in values or []:
        name, sep, wanted = value.partition("=")
        if not sep or not name.strip() or not wanted.strip():
            raise ActionError(f"--where takes ATTRIBUTE=VALUE, e.g. design=qualitative (not {value!r})")
        out.setdefault(name.strip(), []).append(wanted.strip())
    return out


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _write(frame: "pd.DataFrame", args: argparse.Namespace, what: str) -> bool:
    """Write the CSV and XLSX files asked for; True if any was."""
    from ..exchange.safecsv import neutralise_frame, write_xlsx

    wrote = False
    if args.csv:
        neutralise_frame(frame).to_csv(args.csv, index=False, lineterminator="\n")
        print(f"wrote {len(frame)} {what} to {args.csv}", file=sys.stderr)
        wrote = True
    if args.xlsx:
        write_xlsx(frame, args.xlsx, sheet_name=what)
        print(f"wrote {len(frame)} {what} to {args.xlsx}", file=sys.stderr)
        wrote = True
    return wrote


def _outputs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print the results as JSON (one object per row)")
    parser.add_argument("--csv", metavar="FILE", help="also write the results to this CSV file")
    parser.add_argument("--xlsx", metavar="FILE", help="also write the results to this Excel file")


def configure_search(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add ``synthesis search``'s options to its (sub)parser."""
    from .search import MODES, SORTS

    parser.add_argument("query", help="what to look for (put several words in quotes)")
    parser.add_argument("--mode", choices=MODES, default="words", help="how to match (default: words)")
    parser.add_argument("--study", action="append", metavar="ID", help="only these studies (repeat, or ID,ID)")
    parser.add_argument("--source", action="append", metavar="ID", help="only these sources (repeat, or ID,ID)")
    parser.add_argument("--where", action="append", metavar="ATTRIBUTE=VALUE",
                        help="only studies with this attribute, e.g. design=qualitative or nation=UK (repeat)")
    parser.add_argument("--within-code", action="append", metavar="CODE",
                        help="only text coded with this code (label or id; repeat for any of several)")
    parser.add_argument("--coded-by", metavar="REVIEWER", help="with --within-code: only this reviewer's codings")
    parser.add_argument("--context", type=int, default=40, metavar="N",
                        help="characters of context on each side (default 40)")
    parser.add_argument("--sort", choices=SORTS, default="position", help="order of the results (default: position)")
    parser.add_argument("--save", metavar="NAME", help="save this search under a name, to run again later")
    parser.add_argument("--reviewer", help="with --save: whose log records the saved search")
    _outputs(parser)
    parser.set_defaults(func=cmd_search)
    return parser


def _kwic(frame: "pd.DataFrame", width: int) -> str:
    lines = []
    for row in frame.itertuples(index=False):
        left = row.left[-width:].rjust(width)
        lines.append(f"{left} [{row.match}] {row.right[:width].ljust(width)}  {row.cite}")
    return "\n".join(lines)


def cmd_search(args: argparse.Namespace) -> int:
    from ..project import Project
    from .saved import save_query
    from .search import search

    params = {"mode": args.mode, "studies": _split(args.study), "sources": _split(args.source),
              "where": _where(args.where) or None, "within_code": args.within_code,
              "reviewer": args.coded_by, "context": args.context, "sort": args.sort}
    if args.save and not args.reviewer:
        from ..cli import default_reviewer

        args.reviewer = default_reviewer()
        if args.reviewer is None:
            raise ActionError("say whose log records the saved search with --reviewer INITIALS")
    with Project.open(args.project, reviewer=args.reviewer if args.save else None) as project:
        frame = search(project, args.query, **params)  # type: ignore[arg-type]
        if args.save:
            saved = {"query": args.query, **{k: v for k, v in params.items() if v is not None}}
            save_query(project, args.save, "search", saved)
            print(f"saved the search as {args.save!r}", file=sys.stderr)
    _write(frame, args, "hits")
    if args.json:
        print(json.dumps(frame.to_dict(orient="records"), indent=1, ensure_ascii=False))
    else:
        if len(frame):
            print(_kwic(frame, min(args.context, 40)))
        print(f"{len(frame)} hit{'s' if len(frame) != 1 else ''} in "
              f"{frame['source_id'].nunique()} source{'s' if frame['source_id'].nunique() != 1 else ''}",
              file=sys.stderr)
    return 0


def configure_words(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add ``synthesis words``'s options to its (sub)parser."""
    parser.add_argument("--by", choices=["lemma", "word"], default="lemma",
                        help="count lemmas (partner and partners together; default) or words as written")
    parser.add_argument("--per", choices=["source", "study", "code", "theme"],
                        help="count separately for each source, study, code or theme")
    parser.add_argument("--top", type=int, default=50, metavar="N", help="how many words to list (default 50)")
    parser.add_argument("--add-stop-words", action="append", metavar="WORD,WORD",
                        help="more words to leave out (repeat, or separate with commas)")
    parser.add_argument("--stop-words", metavar="FILE",
                        help="replace the stop-word list with the words in this file (one per line)")
    parser.add_argument("--no-stop-words", action="store_true", help="count every word, even 'the' and 'and'")
    parser.add_argument("--study", action="append", metavar="ID", help="only these studies (repeat, or ID,ID)")
    parser.add_argument("--where", action="append", metavar="ATTRIBUTE=VALUE",
                        help="only studies with this attribute, e.g. design=qualitative (repeat)")
    parser.add_argument("--chart", metavar="FILE",
                        help="also draw a bar chart to FILE (.svg, .pdf or .png), with its alt text beside it")
    _outputs(parser)
    parser.set_defaults(func=cmd_words)
    return parser


def _stop_list(args: argparse.Namespace) -> list[str] | None:
    if args.no_stop_words:
        return []
    if args.stop_words:
        path = Path(args.stop_words)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ActionError(f"{path}: cannot read the stop-word list ({exc})") from None
        return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    return None


def cmd_words(args: argparse.Namespace) -> int:
    from ..project import Project
    from .words import word_frequencies

    if args.top < 1:
        raise ActionError("--top must be 1 or more")
    project = Project.open(args.project)
    frame = word_frequencies(project, by=args.by, per=args.per, top=args.top, stop_words=_stop_list(args),
                             extra_stop_words=_split(args.add_stop_words) or (),
                             studies=_split(args.study), where=_where(args.where) or None)
    _write(frame, args, "words")
    if args.chart:
        _chart(frame, args)
    if args.json:
        print(json.dumps(frame.to_dict(orient="records"), indent=1, ensure_ascii=False))
    else:
        shown = frame
        if args.per == "study" and len(frame):  # on screen, studies by their citations
            cites = {sid: study.citation or sid for sid, study in project.studies.items()}
            shown = frame.assign(study_id=frame["study_id"].map(lambda sid: cites.get(sid, sid)))
            shown = shown.rename(columns={"study_id": "study"})
        print(shown.to_string(index=False) if len(shown) else "no words to count")
    return 0


def _chart(frame: "pd.DataFrame", args: argparse.Namespace) -> None:
    from ..figures.style import FORMATS, save
    from ..figures.words import word_frequency_alt_text, word_frequency_chart

    path = Path(args.chart)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ActionError(f"--chart: name a .svg, .pdf or .png file, not {path.name!r}")
    if args.per:
        raise ActionError("--chart draws the overall counts: leave out --per")
    if frame.empty:
        raise ActionError("--chart: no words to draw")
    fig = word_frequency_chart(frame)
    save(fig, path.with_suffix(""), formats=[fmt], alt_text=word_frequency_alt_text(frame))
    print(f"drew {path} (alt text in {path.with_suffix('.txt')})", file=sys.stderr)


def add_parsers(sub: "argparse._SubParsersAction", with_project) -> None:  # type: ignore[type-arg]
    """Add ``search`` and ``words`` to the ``synthesis`` command's subcommands."""
    for name, help, description, examples, configure in (
            ("search", SEARCH_HELP, SEARCH_DESCRIPTION, SEARCH_EXAMPLES, configure_search),
            ("words", WORDS_HELP, WORDS_DESCRIPTION, WORDS_EXAMPLES, configure_words)):
        parser = sub.add_parser(name, help=help, description=description, epilog="example:\n  " + examples,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
        configure(with_project(parser))
