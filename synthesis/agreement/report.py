"""The agreement report: overall, per-code and per-source figures of two or more coders.

>>> import tempfile
>>> from synthesis.project import Project
>>> root = tempfile.mkdtemp()
>>> with Project.init(root, reviewer="NT") as p:
...     _ = p.add_text("Trust grew. It took time. Money ran out. Staff left.", title="Note", source_id="note")
...     trust, money = p.create_code("Trust"), p.create_code("Money")
...     _ = p.apply_code("note", 0, 11, trust)
...     _ = p.apply_code("note", 26, 40, money)
>>> with Project.open(root, reviewer="AG") as p:
...     _ = p.apply_code("note", 0, 25, "Trust")
...     _ = p.apply_code("note", 26, 40, "Money")
>>> report = agreement(Project.open(root), n_boot=0)
>>> report.overall["all"].n_units, report.overall["all"].percent
(8, 87.5)
>>> round(report.codes["Money"]["all"].alpha, 3), report.codes["Money"]["applied"].n_units
(1.0, 1)
>>> sorted(report.to_dict()["overall"])[:4]
['alpha', 'alpha_ci', 'applied_only', 'fleiss_kappa']
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..wording import plural
from .patterns import Figures, figures
from .stats import RELIABLE, TENTATIVE
from .units import VARIANTS, CodeMapping, UnitTable, build_units

if TYPE_CHECKING:
    from ..project import Project

COLUMNS = ["scope", "name", "variant", "n_units", "percent", "positive_agreement", "kappa", "fleiss_kappa",
           "alpha", "alpha_low", "alpha_high", "reliability"]
PerVariant = Mapping[str, Figures]


@dataclass(frozen=True)
class AgreementReport:
    """Agreement of ``coders`` on the units of the counted sources.

    ``overall``, each entry of ``codes`` (by label) and of ``per_source`` (by
    source id) map each unit choice (``"all"``, ``"applied"``) to its
    :class:`~synthesis.agreement.patterns.Figures`. ``notes`` say which units
    count; read them with the figures.
    """

    unit: str
    coders: tuple[str, ...]
    sources: tuple[str, ...]
    excluded_sources: Mapping[str, tuple[str, ...]]
    overall: PerVariant
    codes: Mapping[str, PerVariant]
    per_source: Mapping[str, PerVariant]
    notes: tuple[str, ...]

    def table(self) -> pd.DataFrame:
        """One row per scope (overall, code, source) and unit choice: a tidy DataFrame."""
        rows = []
        scopes = [("overall", {"overall": self.overall}), ("code", self.codes), ("source", self.per_source)]
        for scope, entries in scopes:
            for name, per in entries.items():
                for variant in VARIANTS:
                    f = per[variant]
                    rows.append({"scope": scope, "name": name, "variant": variant, "n_units": f.n_units,
                                 "percent": f.percent, "positive_agreement": f.positive_agreement,
                                 "kappa": f.kappa, "fleiss_kappa": f.fleiss_kappa, "alpha": f.alpha,
                                 "alpha_low": f.alpha_low, "alpha_high": f.alpha_high,
                                 "reliability": f.reliability})
        frame = pd.DataFrame(rows, columns=COLUMNS)
        for name in COLUMNS[4:11]:
            frame[name] = frame[name].astype(float)
        return frame

    def to_csv(self, path: str | os.PathLike[str]) -> None:
        """Write :meth:`table` as CSV; a code label a spreadsheet would take for a formula gets a ``'`` in front."""
        from ..exchange.safecsv import neutralise_frame

        neutralise_frame(self.table()).to_csv(path, index=False, lineterminator="\n")

    def to_dict(self) -> dict[str, Any]:
        """``{"overall": {...}, "codes": {label: {...}}, "sources": {...}}`` with unit, coders and notes.

        Each entry holds the figures of the ``"all"`` units and, under
        ``"applied_only"``, those of the ``"applied"`` units.
        """
        def entry(per: PerVariant) -> dict[str, Any]:
            return {**per["all"].as_dict(), "applied_only": per["applied"].as_dict()}

        return {
            "unit": self.unit,
            "coders": list(self.coders),
            "counted_sources": list(self.sources),
            "excluded_sources": {s: list(who) for s, who in self.excluded_sources.items()},
            "notes": list(self.notes),
            "overall": entry(self.overall),
            "codes": {label: entry(per) for label, per in self.codes.items()},
            "sources": {sid: entry(per) for sid, per in self.per_source.items()},
        }

    def to_json(self, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text (undefined figures are ``null``)."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def verdict_changes(self) -> list[str]:
        """Codes whose reliability verdict differs between the two unit choices."""
        return [label for label, per in self.codes.items() if per["all"].reliability != per["applied"].reliability]

    def to_markdown(self) -> str:
        """The report as Markdown: notes, then overall, per-code and per-source tables."""
        lines = [f"# Agreement: {' vs '.join(self.coders)} ({self.unit} units)", ""]
        lines += [f"- {note}" for note in self.notes]
        changed = self.verdict_changes()
        if changed:
            lines.append(f"- The unit choice changes the verdict for {len(changed)} of {len(self.codes)} codes.")
        for title, entries in (("Overall", {"all codes": self.overall}), ("Per code", self.codes),
                               ("Per source", self.per_source)):
            lines += ["", f"## {title}", "", *_markdown_table(title, entries, len(self.coders) == 2)]
        return "\n".join(lines) + "\n"


def _fmt(value: float | None, digits: int = 3) -> str:
    return "n/a" if value is None or math.isnan(value) else f"{value:.{digits}f}"


def _alpha(f: Figures) -> str:
    text = _fmt(f.alpha)
    if f.alpha_low is not None:
        text += f" [{_fmt(f.alpha_low)}, {_fmt(f.alpha_high)}]"
    return text


def _markdown_table(title: str, entries: Mapping[str, PerVariant], two: bool) -> list[str]:
    head = ["code" if title == "Per code" else ("source" if title == "Per source" else ""), "units",
            "n", "% agree", "p_pos", *(["kappa"] if two else []), "Fleiss", "alpha", "verdict"]
    if any(per[v].alpha_low is not None for per in entries.values() for v in VARIANTS):
        head[-2] = "alpha [95% CI]"
    body = []
    for name, per in entries.items():
        for variant in VARIANTS:
            f = per[variant]
            body.append([name if variant == "all" else "", variant, str(f.n_units), _fmt(f.percent, 1),
                         _fmt(f.positive_agreement), *([_fmt(f.kappa)] if two else []), _fmt(f.fleiss_kappa),
                         _alpha(f), f.reliability])
    widths = [max(len(row[i]) for row in (head, *body)) for i in range(len(head))]
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"
    return [line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, body)]


def _both(counts: np.ndarray, m: int, n_boot: int, seed: int) -> PerVariant:
    applied = counts.copy()
    applied[0] = 0
    return MappingProxyType({"all": figures(counts, m, n_boot=n_boot, seed=seed),
                             "applied": figures(applied, m, n_boot=n_boot, seed=seed)})


def report_from_units(table: UnitTable, *, n_boot: int = 1000, seed: int = 0) -> AgreementReport:
    """The report of a :class:`~synthesis.agreement.units.UnitTable` (see :func:`agreement`)."""
    m = len(table.coders)
    boot = n_boot if table.unit == "segment" else 0
    counts = table.pattern_counts()  # sources x codes x patterns
    overall = _both(counts.sum(axis=(0, 1)), m, boot, seed)
    codes = {label: _both(counts[:, k].sum(axis=0), m, boot, seed) for k, label in enumerate(table.labels)}
    per_source = {sid: _both(counts[i].sum(axis=0), m, boot, seed) for i, sid in enumerate(table.sources)}
    return AgreementReport(table.unit, table.coders, table.sources, table.excluded_sources, overall,
                           MappingProxyType(codes), MappingProxyType(per_source),
                           tuple(_notes(table, n_boot=boot, seed=seed)))


def agreement(project: "Project", coders: str | Sequence[str] | None = None, unit: str = "segment",
              mapping: CodeMapping | None = None, *, n_boot: int = 1000, seed: int = 0) -> AgreementReport:
    """How far ``coders`` (default: everyone with a coding) agree, per code, source and overall.

    ``unit`` is ``"segment"`` (sentences) or ``"character"``; ``mapping`` says
    which codes of each coder are the same code (default: the coders share one
    codebook). Figures are given for both unit choices, ``"all"`` and
    ``"applied"`` (see :mod:`synthesis.agreement.units`). ``n_boot`` bootstrap
    replicates (0: none) give alpha's 95% interval, for segment units.
    """
    return report_from_units(build_units(project, coders, unit, mapping), n_boot=n_boot, seed=seed)


def _notes(table: UnitTable, *, n_boot: int, seed: int) -> list[str]:
    who = ", ".join(table.coders)
    unit = ("sentences, as the workbench splits each source; a coder's value for a code and a sentence is 1 "
            "if any of that coder's codings of the code overlaps the sentence by at least one character, else 0"
            if table.unit == "segment" else
            "characters; a coder's value for a code and a character is 1 if the character lies inside one of "
            "that coder's codings of the code, else 0")
    notes = [f"Coders compared: {who}.", f"Units: {unit}."]
    excluded = "; ".join(f"{s} (coded only by {', '.join(w)})" for s, w in table.excluded_sources.items())
    notes.append(f"Sources counted: the {plural(len(table.sources), 'source')} that every compared coder has coded at "
                 f"least once" + (f"; not counted: {excluded}." if excluded else "."))
    if table.mapping.identity:
        notes.append(f"Codes: the {plural(len(table.labels), 'code')} of the shared codebook that at least one compared "
                     "coder applied in the counted sources (each code compared with itself); codes no one applied "
                     "there are left out.")
        shared = table.applied.any(axis=2).all(axis=0)
        if len(table.labels) and not shared.any():
            notes.append("No code was applied by every coder: if they coded independently with their own codes, "
                         "map the codes first (synthesis.agreement.suggest_mapping, CodeMapping.from_frame).")
    else:
        notes.append(f"Codes: the {plural(len(table.labels), 'code')} of the confirmed code mapping; codings of codes "
                     "outside it are not counted.")
    notes.append("Unit choice 'all': every unit of the counted sources counts for every code; units no coder "
                 "gave the code count as agreement on its absence.")
    notes.append("Unit choice 'applied': only units to which at least one coder applied the code count. With two "
                 "coders 'not applied' then occurs only in disagreements, so kappa and alpha cannot exceed 0 "
                 "there; read percent and p_pos for this choice.")
    notes.append("Overall and per-source figures pool (code, unit) pairs as units.")
    stats = ("Statistics: percent = share of units on which all coders agree; p_pos = proportion of specific "
             "positive agreement (unaffected by the unit choice); Fleiss' kappa; Krippendorff's alpha (nominal)")
    if len(table.coders) == 2:
        stats += "; Cohen's kappa (two coders)"
    notes.append(stats + ".")
    if n_boot:
        notes.append(f"95% CI of alpha: percentile bootstrap, {n_boot} resamples of units with replacement "
                     f"(seed {seed}).")
    elif table.unit == "character":
        notes.append("No confidence interval for character units: neighbouring characters are not independent, "
                     "so resampling them would give a spuriously narrow interval.")
    notes.append(f"Thresholds (Krippendorff 2004): alpha >= {RELIABLE:.3f} reliable, {TENTATIVE:.3f} to "
                 f"{RELIABLE:.3f} tentative, below unreliable; n/a: undefined for these units.")
    if table.orphaned:
        notes.append(f"{table.orphaned} orphaned coding(s) (text no longer found) are not counted.")
    if table.between_units:
        notes.append(f"{table.between_units} coding(s) cover only text between segments and count nowhere.")
    return notes
