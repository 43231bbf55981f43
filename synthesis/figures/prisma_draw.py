"""The PRISMA 2020 flow diagram, drawn from checked counts (:mod:`synthesis.figures.prisma`).

Boxes follow the PRISMA 2020 template for new reviews: identification, screening and
inclusion, with a second column for other sources when the review searched them, down to
"Reports assessed for eligibility" and "Reports excluded" when the counts are given per
route. Where a report gives a count only for both routes together, the routes merge at
that stage, and a note under the diagram says so and why (:func:`merge_reason`).
Calculated counts carry a dagger; a count that does not add up is drawn as reported,
outlined in vermillion, marked "!" and explained beneath the diagram.

>>> from synthesis.figures.prisma import read_prisma
>>> fig = prisma_figure(read_prisma("corpus/prisma.csv", strict=False))
>>> round(fig.get_figwidth() * 25.4)
175
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Circle

from .diagram import Canvas, arrow, box, canvas, fit
from .prisma import ALL, DAGGER, DB, FIELDS, OTHER, PrismaFlow, cite, read_prisma
from .style import BASE, INK, MUTED, OKABE_ITO, SMALL, WARN
from .text import LINESPACING, wrap

STAGES = ("identification", "screening", "retrieval", "eligibility", "included")
MAIN = {"identification": "identified", "screening": "screened", "retrieval": "sought",
        "eligibility": "assessed", "included": "included"}
SIDE = {"retrieval": "not_retrieved", "eligibility": "excluded", "screening": "screening_excluded"}
PHASES = (("Identification", ("identification",)), ("Screening", ("screening", "retrieval", "eligibility")),
          ("Included", ("included",)))
WORDS = {
    ("identified", DB): "Records identified from databases",
    ("identified", OTHER): "Records identified from other sources",
    ("screened", DB): "Records screened",
    ("screening_excluded", DB): "Records excluded",
    ("sought", DB): "Reports sought for retrieval",
    ("sought", OTHER): "Reports sought for retrieval",
    ("sought", ALL): "Reports sought for retrieval, all sources",
    ("not_retrieved", DB): "Reports not retrieved",
    ("not_retrieved", OTHER): "Reports not retrieved",
    ("not_retrieved", ALL): "Reports not retrieved",
    ("assessed", DB): "Reports assessed for eligibility",
    ("assessed", OTHER): "Reports assessed for eligibility",
    ("assessed", ALL): "Reports assessed for eligibility",
    ("excluded", DB): "Reports excluded",
    ("excluded", OTHER): "Reports excluded",
    ("excluded", ALL): "Reports excluded",
    ("included", ALL): "Studies included in review",
}


@dataclass
class _Box:
    key: tuple[str, str]
    col: int
    text: str
    height: float = 0.0
    x: float = 0.0
    y: float = 0.0      # top
    width: float = 0.0
    flagged: bool = False


def _n(flow: PrismaFlow, key: tuple[str, str]) -> str:
    count = flow.counts.get(key)
    if count is None:
        return "(n\u00a0not\u00a0reported)"
    return f"(n\u00a0=\u00a0{count.n:,}{DAGGER if count.derived else ''})"


def _box_text(flow: PrismaFlow, key: tuple[str, str]) -> str:
    name, col = key
    words = flow.labels.get((name, "*")) if col != ALL or name == "included" else None
    head = words or WORDS[key]
    if key == ("sought", ALL) and flow.value("sought", DB) is not None and flow.value("sought", OTHER) is not None:
        total = flow.counts[key]
        nb = "\u00a0"
        return (f"{head}\n(n{nb}={nb}{flow.counts[('sought', DB)].n:,} + {flow.counts[('sought', OTHER)].n:,}"
                f" ={nb}{total.n:,}{DAGGER if total.derived else ''})")
    lines = [f"{head}", _n(flow, key)]
    for label, n in flow.parts.get(key, []):
        lines.append(f"{label[:1].upper()}{label[1:]} (n\u00a0=\u00a0{n:,})")
    return "\n".join(lines)


def _side_text(flow: PrismaFlow, key: tuple[str, str]) -> str:
    name, col = key
    if name == "removed":
        lines = ["Records removed before screening:"]
        for f in ("duplicates_removed", "automation_removed", "other_removed"):
            if (f, DB) in flow.counts or f == "duplicates_removed":
                lines.append(f"{FIELDS[f].capitalize()} {_n(flow, (f, DB))}")
        return "\n".join(lines)
    lines = [f"{WORDS[key]} {_n(flow, key)}"]
    for label, n in flow.parts.get(key, []):
        lines.append(f"{label[:1].upper()}{label[1:]} (n\u00a0=\u00a0{n:,})")
    return "\n".join(lines)


def _plan_rows(flow: PrismaFlow) -> list[list[tuple[str, tuple[str, str], int]]]:
    """Rows of boxes: (kind, key, column slot); slots 0/1 databases main/side, 2/3 other main/side."""
    other = flow.other
    routes = (DB, OTHER) if other else (DB,)

    def split(stage: str) -> bool:
        if not other:
            return False
        fields = [MAIN[stage], SIDE[stage]]
        return all((f, c) in flow.counts for f in fields for c in routes)

    rows: list[list[tuple[str, tuple[str, str], int]]] = []
    first = [("main", ("identified", DB), 0), ("side", ("removed", DB), 1)]
    if other:
        first.append(("main", ("identified", OTHER), 2))
    rows.append(first)
    rows.append([("main", ("screened", DB), 0), ("side", ("screening_excluded", DB), 1)])
    merged = False
    for stage in ("retrieval", "eligibility"):
        main, side = MAIN[stage], SIDE[stage]
        if not other:
            rows.append([("main", (main, DB), 0), ("side", (side, DB), 1)])
            continue
        if not merged and split(stage):
            rows.append([("main", (main, DB), 0), ("side", (side, DB), 1),
                         ("main", (main, OTHER), 2), ("side", (side, OTHER), 3)])
            continue
        if not merged and all((main, c) in flow.counts for c in routes):
            rows.append([("main", (main, DB), 0), ("main", (main, OTHER), 2)])
        merged = True
        rows.append([("main", (main, ALL), 0), ("side", (side, ALL), 1)])
    rows.append([("main", ("included", ALL), 0)])
    return rows


def merge_reason(flow: PrismaFlow) -> str | None:
    """Why the other-methods column joins the database column before "Studies included" (None: it does not).

    The PRISMA 2020 template keeps a column per route down to "Reports assessed" and
    "Reports excluded"; the diagram follows it whenever the counts are given (or follow)
    per route, and otherwise merges the routes where the source stops telling them apart.
    """
    if not flow.other:
        return None
    routes = (DB, OTHER)
    for stage in ("retrieval", "eligibility"):
        missing = [f for f in (MAIN[stage], SIDE[stage]) if not all((f, c) in flow.counts for c in routes)]
        if missing:
            said = " and ".join(f"{FIELDS[f]}" for f in missing)
            return (f"Reports from other methods join the database column at \u201c{WORDS[(MAIN[stage], ALL)]}\u201d: "
                    f"the source gives {said} for both routes together, not per route.")
    return None


def _notes(flow: PrismaFlow) -> list[tuple[str, str]]:
    """The diagram's notes, each with its colour: what † means, why columns merge, counts that do not
    add up (a warning) and the source."""
    notes = []
    if any(v.derived for v in flow.counts.values()):
        notes.append((f"{DAGGER} Calculated from the reported counts; not stated in the source.", MUTED))
    merged = merge_reason(flow)
    if merged:
        notes.append((merged, MUTED))
    for d in flow.discrepancies:
        where = f" ({Path(flow.file).name}, row {d.row})" if d.row else ""
        notes.append((f"! Counts do not add up: {d.message}{where}. Shown as reported.", WARN))
    if flow.sources:
        notes.append(("Source: " + cite(flow.sources) + ".", MUTED))
    return notes


def caption(flow: PrismaFlow) -> str:
    """The diagram's caption for the paper, kept out of the image (``prisma_figure(..., footnote=False)``):
    what it shows, then its notes."""
    return " ".join(["PRISMA 2020 flow diagram of the search and selection of studies.",
                     *(text for text, _ in _notes(flow))])


def prisma_figure(counts: PrismaFlow | pd.DataFrame, *, strict: bool = False, ax: Axes | None = None,
                  width: str | float = "double", footnote: bool = True) -> Figure:
    """Draw the PRISMA 2020 flow diagram of ``counts`` (a checked flow, or a counts DataFrame).

    A DataFrame is checked first (``strict`` decides between an error and a marked
    discrepancy). Calculated counts carry a dagger; discrepancies are outlined in
    vermillion, marked "!" and explained beneath the diagram.
    """
    flow = counts if isinstance(counts, PrismaFlow) else read_prisma(counts, strict=strict)
    c = canvas(ax, width)
    plan = fit(c, lambda s: _layout(c, flow, s, footnote), lambda p: p["height"], lambda p: not p["overflow"])
    _draw(c, flow, plan)
    return c.fig


def _layout(c: Canvas, flow: PrismaFlow, scale: float, footnote: bool) -> dict[str, Any]:
    m = c.measure
    size = BASE * scale if c.width > 300 else BASE * scale * 0.85
    rows = _plan_rows(flow)
    slots = sorted({slot for row in rows for _, _, slot in row})
    weights = {0: 1.15, 1: 1.0, 2: 1.0, 3: 0.95}
    band, gap, pad, vgap, margin = size * 1.7, size * 1.5, 3.5, size * 1.9, 2.0
    usable = c.width - margin * 2 - band - gap * len(slots)
    total = sum(weights[s] for s in slots)
    x = margin + band + gap
    xs, ws = {}, {}
    for s in slots:
        xs[s], ws[s] = x, usable * weights[s] / total
        x += ws[s] + gap
    if 2 in slots and 3 not in slots:
        ws[2] = c.width - margin - xs[2]
    flagged = {(d.field, d.column) for d in flow.discrepancies}
    spans = [((0, 1), "Identification of studies via databases")]
    if flow.other:
        spans.append(((2, 3) if 3 in slots else (2, 2), "Identification of studies via other methods"))
    headers = []
    for (a, b), title in spans:
        x0, x1 = xs[a], xs[b] + ws[b]
        text = "\n".join(wrap(title, x1 - x0 - 2 * pad, m, size, "bold"))
        headers.append((x0, x1, text))
    header_h = max(m.height(t, size, "bold") for *_, t in headers) + 2 * pad
    boxes: list[list[_Box]] = []
    overflow = False
    for row in rows:
        placed = []
        for kind, key, slot in row:
            text = _side_text(flow, key) if kind == "side" else _box_text(flow, key)
            lines = [ln for part in text.split("\n") for ln in wrap(part, ws[slot] - 2 * pad - 6, m, size)]
            overflow = overflow or any(m.width(ln, size) > ws[slot] - 2 * pad for ln in lines)
            placed.append(_Box(key, slot, "\n".join(lines), m.height("\n".join(lines), size) + 2 * pad,
                               xs[slot], 0, ws[slot], key in flagged))
        boxes.append(placed)
    heights = [max(b.height for b in placed) for placed in boxes]
    stages = _stage_rows(boxes)
    for title, members in PHASES:  # a phase band is at least as tall as its rotated label
        index = [i for i, st in enumerate(stages) if st in members]
        if not index:
            continue
        span = sum(heights[i] for i in index) + vgap * (len(index) - 1)
        need = m.width(title, size, "bold") + 8
        for i in index:
            heights[i] += max(0.0, need - span) / len(index)
    # vertical positions, top down
    y = -(margin + header_h + vgap * 0.6)
    for placed, h in zip(boxes, heights):
        for b in placed:
            if b.col in (0, 2):
                b.height = h
            b.y = y - (h - b.height) / 2 if b.col in (1, 3) else y
        y -= h + vgap
    bottom = y + vgap
    notes = _notes(flow) if footnote else []
    small = SMALL * scale * (1 if c.width > 300 else 0.9)
    wrapped = [("\n".join(wrap(t, c.width - 2 * margin, m, small)), colour) for t, colour in notes]
    notes_h = sum(m.height(t, small) + 2 for t, _ in wrapped)
    height = -bottom + (6 + notes_h if wrapped else 0) + margin
    return {"size": size, "small": small, "boxes": boxes, "xs": xs, "ws": ws, "slots": slots, "band": band,
            "margin": margin, "gap": gap, "header_h": header_h, "headers": headers, "pad": pad, "vgap": vgap, "notes": wrapped,
            "height": height, "bottom": bottom, "overflow": overflow}


def _draw(c: Canvas, flow: PrismaFlow, p: dict[str, Any]) -> None:
    ax, size = c.ax, p["size"]
    top = p["height"] if c.fixed_height is None else c.fixed_height
    lift = top  # layout y runs downwards from 0 at the top edge

    def Y(y: float) -> float:
        return lift + y

    margin, header_h = p["margin"], p["header_h"]
    for h, (x0, x1, text) in enumerate(p["headers"]):
        box(c.ax, x0, Y(-margin - header_h), x1 - x0, header_h, face="#E9E9E9", edge="#E9E9E9", radius=2)
        ax.text((x0 + x1) / 2, Y(-margin - header_h / 2), text, ha="center", va="center", fontsize=size,
                fontweight="bold", color=INK, linespacing=LINESPACING, gid=f"header-{h}")
    # boxes
    by_key: dict[tuple[str, str], _Box] = {}
    for placed in p["boxes"]:
        for b in placed:
            by_key[b.key] = b
            edge, style = (WARN, "--") if b.flagged else (INK, "-")
            box(ax, b.x, Y(b.y - b.height), b.width, b.height, edge=edge, linestyle=style,
                lw=0.9 if b.flagged else 0.6, radius=1.5)
            ax.text(b.x + p["pad"], Y(b.y - b.height / 2), b.text, ha="left", va="center", fontsize=size,
                    linespacing=LINESPACING, color=INK, gid=f"box-{b.key[0]}-{b.key[1]}")
            if b.flagged:
                r = size * 0.75
                cx, cy = b.x + b.width - r - 1.5, Y(b.y) - r - 1.5
                ax.add_patch(_circle(cx, cy, r))
                ax.text(cx, cy, "!", ha="center", va="center", fontsize=size * 0.95, fontweight="bold",
                        color="white", gid=f"flag-{b.key[0]}-{b.key[1]}")
    # phases
    rows = p["boxes"]
    stage_rows = _stage_rows(rows)
    for title, stages in PHASES:
        members = [i for i, st in enumerate(stage_rows) if st in stages]
        if not members:
            continue
        y0 = max(b.y for b in rows[members[0]])
        y1 = min(b.y - b.height for b in rows[members[-1]])
        box(ax, margin, Y(y1), p["band"], y0 - y1, face=OKABE_ITO["sky blue"], edge="none", radius=2)
        ax.text(margin + p["band"] / 2, Y((y0 + y1) / 2), title, rotation=90, ha="center", va="center",
                fontsize=size, fontweight="bold", color=INK, gid=f"phase-{title.lower()}")
    # arrows: down each route, across to the side boxes, into the merged route
    mains: dict[int, list[_Box]] = {0: [], 2: []}
    for placed in rows:
        main_boxes = {b.col: b for b in placed if b.col in (0, 2)}
        for col, b in main_boxes.items():
            mains[col].append(b)
        for b in placed:
            if b.col in (1, 3):
                src = main_boxes.get(b.col - 1)
                if src is not None:
                    ym = Y(src.y - src.height / 2)
                    arrow(ax, [(src.x + src.width, ym), (b.x, ym)])
    for col, chain in mains.items():
        for a, b in zip(chain, chain[1:]):
            arrow(ax, [(a.x + a.width / 2, Y(a.y - a.height)), (b.x + b.width / 2, Y(b.y))])
    if mains[2]:
        last_other = mains[2][-1]
        below = [b for b in mains[0] if b.y < last_other.y - last_other.height]
        if below and last_other.key[1] == OTHER:
            target = below[0]
            ya = Y(last_other.y - last_other.height)
            ym = Y(target.y) + p["vgap"] / 2
            xo = last_other.x + last_other.width / 2
            xt = target.x + target.width * 0.75
            arrow(ax, [(xo, ya), (xo, ym), (xt, ym), (xt, Y(target.y))])
    # notes
    y = Y(p["bottom"]) - 6
    for k, (text, colour) in enumerate(p["notes"]):
        ax.text(margin, y, text, ha="left", va="top", fontsize=p["small"], color=colour,
                linespacing=LINESPACING, gid=f"note-{k}")
        y -= c.measure.height(text, p["small"]) + 2
    c.finish(p["height"])


def _circle(x: float, y: float, r: float) -> Circle:
    return Circle((x, y), r, facecolor=WARN, edgecolor="none", zorder=3)


def _stage_rows(rows: list[list[_Box]]) -> list[str]:
    found = []
    for placed in rows:
        name = placed[0].key[0]
        stage = next((st for st, f in MAIN.items() if f == name), "identification")
        found.append(stage)
    return found


def alt_text(flow: PrismaFlow) -> str:
    """A description of the flow diagram for readers who cannot see it."""
    def n(name: str, col: str) -> str:
        count = flow.counts.get((name, col))
        if count is None:
            return "not reported"
        return f"{count.n:,}{' (calculated)' if count.derived else ''}"

    parts = [f"PRISMA 2020 flow diagram. Records identified from databases: {n('identified', DB)}."]
    if flow.other:
        parts.append(f"Records identified from other sources: {n('identified', OTHER)}.")
    parts.append(f"Duplicate records removed: {n('duplicates_removed', DB)}. Records screened: {n('screened', DB)}; "
                 f"excluded at screening: {n('screening_excluded', DB)}.")
    for name in ("sought", "not_retrieved", "assessed", "excluded"):
        cols = [c for c in (DB, OTHER, ALL) if (name, c) in flow.counts and (c != ALL or flow.other)]
        if not flow.other:
            cols = [DB]
        said = ", ".join(f"{n(name, c)} {'from ' + c.replace('_', ' ') if flow.other else ''}".strip() for c in cols)
        parts.append(f"{FIELDS[name].capitalize()}: {said}.")
    included = f"Studies included in the review: {n('included', ALL)}"
    breakdown = flow.parts.get(("included", ALL))
    if breakdown:
        included += " (" + ", ".join(f"{k} {v:,}" for k, v in breakdown) + ")"
    parts.append(included + ".")
    merged = merge_reason(flow)
    if merged:
        parts.append(merged)
    for d in flow.discrepancies:
        parts.append(f"Discrepancy, shown as reported: {d.message}.")
    return " ".join(parts)
