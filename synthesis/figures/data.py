"""Tidy data for the figures, read from a project: themes, the 2x2 matrix, counts.

The figure functions take plain DataFrames; this module is the glue that builds them
from a :class:`~synthesis.project.Project`. Where the analytical themes come from is
decided in one place, :func:`analytical_themes`: the theme events of
:mod:`synthesis.themes` when the project has analytical themes, otherwise the
``ingredients`` section of the codebook YAML (``codebooks/*.yaml``).

>>> spec = read_matrix("codebooks/send-codebook.yaml")
>>> spec.x, spec.y, len(spec.elements)
(('tangible', 'intangible'), ('relational', 'structural'), 17)
>>> themes = read_ingredients("codebooks/send-codebook.yaml")
>>> [t.name[:13] for t in themes.themes if not t.underpinning]
['Participation', 'Personalisati', 'Respectful co', 'Preparation t', 'Working acros']
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import yaml

from ..errors import InputError

if TYPE_CHECKING:
    from ..project import Project

PathLike = str | os.PathLike[str]


# ------------------------------------------------------------------ records
@dataclass(frozen=True)
class AnalyticalTheme:
    """An analytical theme, the descriptive themes it holds, and the labels of its codes.

    ``underpinning`` marks a group of codes that underpins the themes rather than being one
    (the seed review's section 4.2.6): counted in coverage tables, left out of the ring.
    """

    name: str
    descriptive: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    underpinning: bool = False


@dataclass(frozen=True)
class ThemeSet:
    """The analytical themes of a review, the question they answer, and where they were read."""

    question: str
    themes: tuple[AnalyticalTheme, ...]
    source: str = ""

    def frame(self, *, underpinning: bool = False) -> pd.DataFrame:
        """Tidy: one row per (theme, descriptive theme); ``descriptive`` is "" for a theme without any."""
        rows = [{"theme": t.name, "descriptive": d}
                for t in self.themes if underpinning or not t.underpinning
                for d in (t.descriptive or ("",))]
        return pd.DataFrame(rows, columns=["theme", "descriptive"])


@dataclass(frozen=True)
class MatrixSpec:
    """The 2x2 matrix: the ends of each continuum and a tidy frame (element, x, y).

    ``x`` runs left to right, ``y`` top to bottom, in the order the codebook gives them.
    """

    x: tuple[str, str]
    y: tuple[str, str]
    elements: pd.DataFrame = field(compare=False)


# ------------------------------------------------------------------ YAML
def codebook_path(root: PathLike) -> Path | None:
    """The project's codebook YAML with an ``ingredients`` or ``matrix`` section, if any."""
    for path in sorted(Path(root, "codebooks").glob("*.yaml")):
        try:
            head = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        if isinstance(head, Mapping) and ({"ingredients", "matrix"} & set(head)):
            return path
    return None


def _load(path: PathLike) -> tuple[Any, Any]:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(path, f"cannot be read ({exc.strerror or exc})") from None
    try:
        return yaml.safe_load(text), yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise InputError(path, f"is not valid YAML ({getattr(exc, 'problem', exc)})",
                         line=mark.line + 1 if mark else None, unit="line") from None


def _line(node: Any, *keys: str | int) -> int | None:
    """The 1-based line of the YAML node at ``keys`` (or of the deepest one found)."""
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            found = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            found = node.value[key]
        else:
            found = None
        if found is None:
            break
        node = found
    return node.start_mark.line + 1 if node is not None else None


def read_ingredients(path: PathLike, *, question: str = "") -> ThemeSet:
    """Analytical themes from a codebook YAML's ``ingredients`` section (codes grouped under each).

    An entry is an underpinning group, not a theme, when it says ``kind: underpinning``
    or (the example's convention) its name starts with "Underpinning".
    """
    data, node = _load(path)
    entries = data.get("ingredients") if isinstance(data, Mapping) else None
    if not isinstance(entries, list) or not entries:
        raise InputError(path, "has no 'ingredients' list", line=_line(node, "ingredients"), unit="line",
                         field="ingredients")
    themes = []
    for i, entry in enumerate(entries):
        name = str(entry.get("name", "")).strip() if isinstance(entry, Mapping) else ""
        if not name:
            raise InputError(path, f"ingredient {i + 1} has no name", line=_line(node, "ingredients", i),
                             unit="line", field="name")
        codes = tuple(str(c["label"]) for c in entry.get("codes") or () if isinstance(c, Mapping) and c.get("label"))
        kind = str(entry.get("kind", "")).casefold()
        underpinning = kind == "underpinning" or (not kind and name.casefold().startswith("underpinning"))
        descriptive = tuple(str(d) for d in entry.get("descriptive") or ())
        themes.append(AnalyticalTheme(name, descriptive, codes, underpinning))
    asked = question or " ".join(str(data.get("question") or data.get("review_question") or "").split())
    return ThemeSet(asked, tuple(themes), str(path))


def read_matrix(path: PathLike) -> MatrixSpec:
    """The 2x2 matrix from a codebook YAML's ``matrix`` section (axes and quadrants).

    ``axes: {x: [left, right], y: [top, bottom]}``; ``quadrants`` maps ``"<x end>/<y end>"``
    to a list of element names. Errors name the file, line and field.
    """
    data, node = _load(path)
    matrix = data.get("matrix") if isinstance(data, Mapping) else None
    if not isinstance(matrix, Mapping):
        raise InputError(path, "has no 'matrix' section", field="matrix")
    axes = matrix.get("axes")
    ends: dict[str, tuple[str, str]] = {}
    for axis in ("x", "y"):
        value = axes.get(axis) if isinstance(axes, Mapping) else None
        if (not isinstance(value, list) or len(value) != 2 or not all(str(v).strip() for v in value)
                or str(value[0]).casefold() == str(value[1]).casefold()):
            raise InputError(path, f"matrix axis '{axis}' must name its two ends, e.g. [tangible, intangible]",
                             line=_line(node, "matrix", "axes", axis), unit="line", field=f"matrix.axes.{axis}")
        ends[axis] = (str(value[0]).strip(), str(value[1]).strip())
    quadrants = matrix.get("quadrants")
    if not isinstance(quadrants, Mapping) or not quadrants:
        raise InputError(path, "matrix has no 'quadrants'", line=_line(node, "matrix"), unit="line",
                         field="matrix.quadrants")
    x_ends = {e.casefold(): e for e in ends["x"]}
    y_ends = {e.casefold(): e for e in ends["y"]}
    rows, seen = [], {}
    for key, elements in quadrants.items():
        where = _line(node, "matrix", "quadrants", key)
        parts = [p.strip().casefold() for p in str(key).split("/")]
        if len(parts) != 2 or parts[0] not in x_ends or parts[1] not in y_ends:
            raise InputError(path, f"quadrant '{key}' must be '<x end>/<y end>' with x in "
                             f"{list(ends['x'])} and y in {list(ends['y'])}", line=where, unit="line",
                             field=f"matrix.quadrants.{key}")
        if not isinstance(elements, list):
            raise InputError(path, f"quadrant '{key}' must list its elements", line=where, unit="line",
                             field=f"matrix.quadrants.{key}")
        for i, element in enumerate(elements):
            name = " ".join(str(element or "").split())
            line = _line(node, "matrix", "quadrants", key, i)
            if not name:
                raise InputError(path, f"quadrant '{key}' has an empty element", line=line, unit="line",
                                 field=f"matrix.quadrants.{key}")
            if name.casefold() in seen:
                raise InputError(path, f"element '{name}' is in two quadrants ('{seen[name.casefold()]}' and '{key}')",
                                 line=line, unit="line", field=f"matrix.quadrants.{key}")
            seen[name.casefold()] = key
            rows.append({"element": name, "x": x_ends[parts[0]], "y": y_ends[parts[1]]})
    return MatrixSpec(ends["x"], ends["y"], pd.DataFrame(rows, columns=["element", "x", "y"]))


# ------------------------------------------------------------------ the one glue function
def analytical_themes(project: "Project") -> ThemeSet | None:
    """The project's analytical themes: from :mod:`synthesis.themes` if it has any, else the codebook YAML.

    This is the one place that knows where themes come from. Returns None when neither holds themes.
    """
    try:
        from ..themes import query as stage
    except ImportError:  # the theme stage is optional
        stage = None
    read = (stage.themes, stage.descriptive_of, stage.codes_of) if stage is not None else None
    if read is not None:
        all_themes, descriptive_of, codes_of = read
        analytical = all_themes(project, "analytical")
        if analytical:
            found = tuple(
                AnalyticalTheme(t.name, tuple(d.name for d in descriptive_of(project, t)),
                                tuple(c.label for c in codes_of(project, t)))
                for t in analytical)
            question = next((t.question for t in analytical if t.question), "")
            return ThemeSet(question or _yaml_question(project) or project.name, found, "synthesis.themes")
    path = codebook_path(project.root)
    if path is None:
        return None
    data, _ = _load(path)
    if not isinstance(data, Mapping) or "ingredients" not in data:
        return None
    found_set = read_ingredients(path)
    return ThemeSet(found_set.question or project.name, found_set.themes, found_set.source)


def _yaml_question(project: "Project") -> str:
    path = codebook_path(project.root)
    data = _load(path)[0] if path else None
    return " ".join(str(data.get("question") or "").split()) if isinstance(data, Mapping) else ""


def matrix_spec(project: "Project") -> MatrixSpec | None:
    """The project's 2x2 matrix, from its codebook YAML (None if it has none)."""
    path = codebook_path(project.root)
    if path is None:
        return None
    data, _ = _load(path)
    return read_matrix(path) if isinstance(data, Mapping) and "matrix" in data else None


# ------------------------------------------------------------------ counts
#: How the coverage figure labels its two groups of columns.
STUDIES, GREY = "Studies", "Grey literature"


def _study_order(project: "Project") -> list[tuple[str, str]]:
    """(study id, citation) of every study: primary studies first, then grey literature."""
    studies = sorted(project.studies.values(),
                     key=lambda s: ("grey" in s.design.casefold(), s.citation.casefold(), s.study_id))
    return [(s.study_id, s.citation or s.study_id) for s in studies]


def _theme_of_codes(themes: ThemeSet) -> dict[str, list[str]]:
    by_label: dict[str, list[str]] = {}
    for theme in themes.themes:
        for label in theme.codes:
            by_label.setdefault(label.casefold(), []).append(theme.name)
    return by_label


def _with_themes(project: "Project", themes: ThemeSet, reviewer: str | None = None) -> pd.DataFrame:
    from ..views import codings

    frame = codings(project, reviewer=reviewer)
    lookup = _theme_of_codes(themes)
    frame = frame.assign(theme=[lookup.get(str(c).casefold(), []) for c in frame["code"]])
    return frame.explode("theme").dropna(subset=["theme"])


def coverage_frame(project: "Project", themes: ThemeSet, *, reviewer: str | None = None) -> pd.DataFrame:
    """Tidy (theme, study, n, group): distinct coded passages of each study under each theme.

    A passage is one span of a source (start, end); it counts once under a theme however many
    of the theme's codes, or reviewers, it carries. Every theme x study pair is present (n = 0
    when none); ``theme`` and ``study`` (the citation) are ordered categoricals. ``group`` is
    "Studies" or "Grey literature" (a study whose design says grey literature), grey literature last.
    """
    studies = _study_order(project)
    grey = {s.study_id for s in project.studies.values() if "grey" in s.design.casefold()}
    names = [t.name for t in themes.themes]
    coded = _with_themes(project, themes, reviewer)
    counts = (coded.drop_duplicates(["theme", "study_id", "source_id", "start", "end"])
              .groupby(["theme", "study_id"]).size())
    rows = [{"theme": t, "study": citation, "n": int(counts.get((t, sid), 0)),
             "group": GREY if sid in grey else STUDIES}
            for t in names for sid, citation in studies]
    frame = pd.DataFrame(rows, columns=["theme", "study", "n", "group"])
    frame["theme"] = pd.Categorical(frame["theme"], categories=names, ordered=True)
    frame["study"] = pd.Categorical(frame["study"], categories=list(dict.fromkeys(c for _, c in studies)), ordered=True)
    return frame


def codings_per_theme_frame(project: "Project", themes: ThemeSet) -> pd.DataFrame:
    """Tidy (theme, reviewer, n): codings under each theme, per reviewer (themes in order)."""
    names = [t.name for t in themes.themes]
    coded = _with_themes(project, themes)
    reviewers = sorted(set(coded["reviewer"])) or sorted(project.reviewers)
    counts = coded.groupby(["theme", "reviewer"]).size()
    rows = [{"theme": t, "reviewer": r, "n": int(counts.get((t, r), 0))} for t in names for r in reviewers]
    frame = pd.DataFrame(rows, columns=["theme", "reviewer", "n"])
    frame["theme"] = pd.Categorical(frame["theme"], categories=names, ordered=True)
    return frame


def agreement_frame(project: "Project", *, unit: str = "segment", n_boot: int = 1000,
                    seed: int = 0) -> pd.DataFrame | None:
    """Per-code agreement (code, alpha, low, high) from :mod:`synthesis.agreement`, if it is installed.

    Uses the report's per-code rows over all units (variant ``"all"``), with a seeded
    bootstrap so the same logs give the same figure. None without the module or codes.
    """
    try:
        from ..agreement import agreement
    except ImportError:
        return None
    table = agreement(project, unit=unit, n_boot=n_boot, seed=seed).table()
    rows = table[(table["scope"] == "code") & (table["variant"] == "all")]
    if rows.empty:
        return None
    frame = pd.DataFrame({"code": rows["name"].astype(str).to_numpy(), "alpha": rows["alpha"].to_numpy(),
                          "low": rows["alpha_low"].to_numpy(), "high": rows["alpha_high"].to_numpy()})
    return frame.reset_index(drop=True)
