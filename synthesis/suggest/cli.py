"""``synthesis suggest``: train the suggestion model, list suggestions, evaluate, find and check.

Registered in :mod:`synthesis.cli` with :func:`add_parser`. Prints readable tables, or JSON
with ``--json``. Nothing is written to the logs: accepting and rejecting happen in the coding
view (or through :mod:`synthesis.suggest` in Python).
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

HELP = "code suggestions learned from your own codings: train, list, evaluate, find similar passages, check"
DESCRIPTION = (
    "Train a classifier on the team's codings (the consensus, or one reviewer's with --whose) on this "
    "computer; nothing is downloaded or sent anywhere. Without options it trains (or finds the model "
    "already trained on the same codings) and says which codes it suggests and how many more coded "
    "sentences the others need. --source lists suggestions for a source's uncoded sentences; --evaluate "
    "measures, source by source, how often the suggestions are right, beside two simple baselines, and "
    "prints a paragraph for the methods section; --similar finds passages like a code; --check lists "
    "codings unlike the rest of their code and sentences very like a code nobody applied there.")
EXAMPLES = ("synthesis suggest\n"
            "  synthesis suggest --source green2012-extracts\n"
            "  synthesis suggest --evaluate --json\n"
            "  synthesis suggest --similar \"Trust and reciprocity\" --top 10\n"
            "  synthesis suggest --check --whose NT")


def add_parser(sub: "argparse._SubParsersAction", with_project) -> argparse.ArgumentParser:  # type: ignore[type-arg]
    """Add ``suggest`` to the ``synthesis`` command's subcommands."""
    from .suggestions import THRESHOLD

    p = sub.add_parser("suggest", help=HELP, description=DESCRIPTION, epilog="example:\n  " + EXAMPLES,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    with_project(p)
    what = p.add_mutually_exclusive_group()
    what.add_argument("--source", metavar="ID", help="list suggested codes for this source's uncoded sentences")
    what.add_argument("--evaluate", action="store_true",
                      help="leave-one-source-out figures beside two baselines, and a methods paragraph")
    what.add_argument("--similar", metavar="CODE", help="passages like this code's codings, not yet coded with it")
    what.add_argument("--check", action="store_true",
                      help="codings unlike the rest of their code, and sentences very like a code")
    p.add_argument("--whose", metavar="REVIEWER", help="learn from this reviewer's codings (default: the consensus)")
    p.add_argument("--retrain", action="store_true", help="train again even if a model of these codings exists")
    p.add_argument("--threshold", type=float, default=THRESHOLD,
                   help=f"the lowest confidence to suggest (default {THRESHOLD})")
    p.add_argument("--top", type=int, default=20, help="how many passages --similar and --check list (default 20)")
    p.add_argument("--json", action="store_true", help="print the results as JSON")
    p.set_defaults(func=cmd_suggest)
    return p


def _print_frame(frame: "pd.DataFrame", columns: list[str], as_json: bool) -> None:
    if as_json:
        print(frame.to_json(orient="records", force_ascii=False, indent=1))
    elif frame.empty:
        print("(none)")
    else:
        print(frame[columns].to_string(index=False, max_colwidth=70))


def cmd_suggest(args: argparse.Namespace) -> int:
    from ..project import Project
    from . import evaluate, needs_more, similar, suggestions, train
    from .model import Settings
    from .similar import check

    with Project.open(args.project) as project:
        settings = Settings(reviewer=args.whose)
        if args.evaluate:
            ev = evaluate(project, settings)
            if args.json:
                print(json.dumps({"summary": ev.summary.to_dict(orient="records"),
                                  "per_code": ev.per_code.to_dict(orient="records"),
                                  "folds": ev.folds, "sentences": ev.sentences, "prior_weights": list(ev.weights),
                                  "methods": ev.methods_text()},
                                 indent=1, ensure_ascii=False))
            else:
                print(f"leave-one-source-out: {ev.folds} sources, {ev.sentences} coded sentences\n")
                print(ev.summary.round(3).to_string(index=False))
                print("\nweight of the code words in each fold (chosen on its training sources): "
                      + ", ".join(f"{w:.1f}" for w in ev.weights))
                print("\n" + ev.methods_text())
            return 0
        model = train(project, settings, force=args.retrain)
        if args.source:
            if args.source not in project.sources:
                from ..errors import ActionError
                raise ActionError(f"no source '{args.source}' in the corpus")
            found = suggestions(project, args.source, model, threshold=args.threshold)
            text = project.text(args.source) or ""
            rows = [{"start": s.start, "end": s.end, "rank": s.rank, "code": s.label,
                     "confidence": round(s.confidence, 3), "sentence": text[s.start:s.end]} for s in found]
            import pandas as pd

            _print_frame(pd.DataFrame(rows, columns=["start", "end", "rank", "code", "confidence", "sentence"]),
                         ["rank", "code", "confidence", "sentence"], args.json)
            return 0
        if args.similar:
            _print_frame(similar(project, model, code=args.similar, top=args.top),
                         ["score", "cite", "text"], args.json)
            return 0
        if args.check:
            _print_frame(check(project, model, reviewer=args.whose, top=args.top),
                         ["finding", "code", "score", "cite", "text"], args.json)
            return 0
        more = needs_more(project, settings)
        status: dict[str, Any] = {
            "model": model.model_id, "data": model.key, "prior_weight": model.blend,
            "whose": f"{args.whose}'s codings" if args.whose else "the consensus codings",
            "suggested": [project.codes[c].label for c in model.suggestable],
            "needs_more": {project.codes[c].label: n for c, n in more.items()}}
        if args.json:
            print(json.dumps(status, indent=1, ensure_ascii=False))
            return 0
        print(f"model {model.model_id}, trained on {status['whose']}; code words weigh {model.blend:.1f}")
        print(f"suggests {len(model.suggestable)} codes: {', '.join(status['suggested']) or '(none yet)'}")
        if more:
            print(f"{len(more)} codes need more coded sentences before they are suggested:")
            for label, n in sorted(status["needs_more"].items(), key=lambda x: (x[1], x[0].casefold())):
                print(f"  {label}: {n} more")
        return 0
