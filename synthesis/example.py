"""The example review: rebuild it, byte for byte, from its input material.

The repository root is an example review project, an illustrative
reconstruction of the thematic synthesis in Tyldesley-Marshall et al. (2025),
doi:10.3389/feduc.2025.1513668. It is built from plain input files:

``corpus/import/studies.csv``
    the studies (three exemplar studies, four grey-literature items);
``corpus/import/extracts.csv``
    the review's quotations from the three studies, one row each, with pages;
``corpus/import/grey/*.txt`` and ``grey/documents.csv``
    the grey-literature documents and the study id of each;
``codebooks/send-codebook.yaml``
    the codebook (codes grouped under the review's key ingredients), the
    coding plan (which span each reviewer coded with which codes, and memos)
    and the theme stage: descriptive themes under the review's five analytical
    themes, exemplar quotations, quotation kinds, element groups (the
    underpinning elements and the Figure 3 matrix) and illustrative
    GRADE-CERQual judgements.

:func:`build_example` imports the corpus with the project's own importers and
replays the plan through :class:`~synthesis.project.Project`, as reviewer NT
and then AG (who codes, then develops the themes, as in the paper), with a
fixed clock and counter ids, so building twice gives the same bytes. From a
terminal::

    python -m synthesis.example .
"""

from __future__ import annotations

import csv
import shutil
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

from . import themes as theme_api
from .errors import InputError, ProjectError, SynthesisError
from .project import LOGS, MARKER, Project
from .themes.events import COMPONENTS

NAME = "SEND partnerships review (illustrative reconstruction)"
IMPORT = Path("corpus") / "import"
PLAN = Path("codebooks") / "send-codebook.yaml"
GREY_MANIFEST = "documents.csv"
REVIEWERS = ("NT", "AG")
"""NT codes every extract first; AG codes the same material independently, then develops the themes."""
THEME_REVIEWER = "AG"
STARTS = {
    "NT": datetime(2024, 3, 4, 9, 0, tzinfo=timezone.utc),
    "AG": datetime(2024, 3, 11, 9, 0, tzinfo=timezone.utc),
}
STEP = timedelta(minutes=1)


# ------------------------------------------------------------- determinism
class FixedClock:
    """A clock for :class:`Project` that starts at ``start`` and ticks ``step`` per call.

    >>> clock = FixedClock(STARTS["NT"])
    >>> clock(), clock()
    ('2024-03-04T09:00:00.000Z', '2024-03-04T09:01:00.000Z')
    """

    def __init__(self, start: datetime, step: timedelta = STEP) -> None:
        self._next = start
        self._step = step

    def __call__(self) -> str:
        now, self._next = self._next, self._next + self._step
        return now.isoformat(timespec="milliseconds").replace("+00:00", "Z")


class CounterIds:
    """Ids for :class:`Project`: a counter per prefix, "C0001", "K0001", "M0001"...

    >>> ids = CounterIds()
    >>> ids("C"), ids("K"), ids("C")
    ('C0001', 'K0001', 'C0002')
    """

    def __init__(self) -> None:
        self._counts: dict[str, int] = {}

    def __call__(self, prefix: str) -> str:
        self._counts[prefix] = self._counts.get(prefix, 0) + 1
        return f"{prefix}{self._counts[prefix]:04d}"


# ------------------------------------------------------------------- plan
@dataclass(frozen=True)
class CodeSpec:
    label: str
    definition: str
    section: str
    memos: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Ingredient:
    section: str
    name: str
    codes: tuple[CodeSpec, ...]


@dataclass(frozen=True)
class CodingSpec:
    number: int  # 1-based position in the plan's `codings` list
    source: str
    quote: str
    section: str
    codes: Mapping[str, tuple[str, ...]]
    memos: Mapping[str, str] = field(default_factory=dict)

    def describe(self) -> str:
        short = self.quote if len(self.quote) <= 50 else self.quote[:47] + "..."
        return f"{self.source}: {short!r}"


@dataclass(frozen=True)
class SourceMemo:
    source: str
    reviewer: str
    text: str


@dataclass(frozen=True)
class Quoted:
    """A quotation named in the plan: its source and its text (or opening words)."""

    source: str
    quote: str


@dataclass(frozen=True)
class DescriptiveSpec:
    name: str
    description: str
    codes: tuple[str, ...]


@dataclass(frozen=True)
class AnalyticalSpec:
    section: str  # the ingredient (review section) whose name the theme takes
    description: str
    descriptive: tuple[DescriptiveSpec, ...]
    exemplars: tuple[Quoted, ...]
    cerqual: Mapping[str, tuple[str, str]]  # component -> (level, explanation)


@dataclass(frozen=True)
class ElementSpec:
    name: str
    members: tuple[str, ...]  # code labels or theme names


@dataclass(frozen=True)
class GroupSpec:
    name: str
    kind: str
    description: str
    elements: tuple[ElementSpec, ...]


@dataclass(frozen=True)
class Plan:
    """The codebook, coding plan and theme stage read from ``send-codebook.yaml``."""

    ingredients: tuple[Ingredient, ...]
    codings: tuple[CodingSpec, ...]
    source_memos: tuple[SourceMemo, ...]
    question: str = ""
    themes: tuple[AnalyticalSpec, ...] = ()
    groups: tuple[GroupSpec, ...] = ()
    matrix: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # quadrant -> elements
    participant: tuple[Quoted, ...] = ()
    default_kind: str = ""
    cerqual_label: str = ""

    @property
    def codes(self) -> tuple[CodeSpec, ...]:
        return tuple(code for ingredient in self.ingredients for code in ingredient.codes)

    def ingredient_of(self, label: str) -> Ingredient:
        for ingredient in self.ingredients:
            if any(c.label == label for c in ingredient.codes):
                return ingredient
        raise KeyError(label)


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _mapping(value: Any, path: Path, what: str, number: int | None = None,
             unit: str = "entry") -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InputError(path, f"{what} must be a mapping", line=number, unit=unit)
    return value


def _memos(value: Any, path: Path, what: str, number: int | None, unit: str) -> dict[str, str]:
    memos = {}
    for reviewer, text in _mapping(value, path, what, number, unit).items():
        if reviewer not in REVIEWERS:
            raise InputError(path, f"memo by unknown reviewer {reviewer!r}; use one of {', '.join(REVIEWERS)}",
                             line=number, unit=unit, field="memo")
        memos[reviewer] = _text(text)
    return memos


def load_plan(path: str | Path) -> Plan:
    """Read and check the codebook and coding plan (YAML, read with ``yaml.safe_load``)."""
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "does not exist (the example's codebook and coding plan)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise InputError(path, f"is not valid YAML ({exc})") from None
    data = _mapping(data, path, "the file")
    for key in ("ingredients", "codings"):
        if not isinstance(data.get(key), list) or not data[key]:
            raise InputError(path, f"needs a non-empty list '{key}'", field=key)

    ingredients, labels = [], set()
    for number, item in enumerate(data["ingredients"], start=1):
        item = _mapping(item, path, "an ingredient", number, "ingredient")
        section, name = _text(item.get("section")), _text(item.get("name"))
        if not section or not name:
            raise InputError(path, "an ingredient needs a section and a name", line=number, unit="ingredient")
        codes = []
        for code in item.get("codes") or []:
            code = _mapping(code, path, "a code", number, "ingredient")
            label = _text(code.get("label"))
            if not label:
                raise InputError(path, "a code needs a label", line=number, unit="ingredient", field="label")
            if label.casefold() in labels:
                raise InputError(path, f"code '{label}' is listed twice", line=number, unit="ingredient",
                                 field="label")
            labels.add(label.casefold())
            codes.append(CodeSpec(label, _text(code.get("definition")), section,
                                  _memos(code.get("memo"), path, "a code's memo", number, "ingredient")))
        ingredients.append(Ingredient(section, name, tuple(codes)))
    known = {c.label for i in ingredients for c in i.codes}

    codings = []
    for number, item in enumerate(data["codings"], start=1):
        unit = "codings entry"
        item = _mapping(item, path, "a codings entry", number, unit)
        source, quote = _text(item.get("source")), str(item.get("quote") or "")
        if not source or not quote:
            raise InputError(path, "needs a source and a quote", line=number, unit=unit)
        codes: dict[str, tuple[str, ...]] = {}
        for reviewer, listed in _mapping(item.get("codes"), path, "codes", number, unit).items():
            if reviewer not in REVIEWERS:
                raise InputError(path, f"unknown reviewer {reviewer!r}; use one of {', '.join(REVIEWERS)}",
                                 line=number, unit=unit, field="codes")
            listed = listed or []
            if not isinstance(listed, list):
                raise InputError(path, f"the codes of {reviewer} must be a list", line=number, unit=unit,
                                 field="codes")
            for label in listed:
                if label not in known:
                    raise InputError(path, f"code '{label}' ({reviewer}) is not in the codebook",
                                     line=number, unit=unit, field="codes")
            codes[reviewer] = tuple(listed)
        memos = _memos(item.get("memo"), path, "memo", number, unit)
        for reviewer in memos:
            if not codes.get(reviewer):
                raise InputError(path, f"a memo by {reviewer} on a span {reviewer} did not code",
                                 line=number, unit=unit, field="memo")
        codings.append(CodingSpec(number, source, quote, _text(item.get("section")), codes, memos))

    source_memos = []
    for number, item in enumerate(data.get("source_memos") or [], start=1):
        item = _mapping(item, path, "a source memo", number, "source_memos entry")
        memo = SourceMemo(_text(item.get("source")), _text(item.get("reviewer")), _text(item.get("text")))
        if not memo.source or memo.reviewer not in REVIEWERS or not memo.text:
            raise InputError(path, f"needs a source, a reviewer ({', '.join(REVIEWERS)}) and a text",
                             line=number, unit="source_memos entry")
        source_memos.append(memo)
    return Plan(tuple(ingredients), tuple(codings), tuple(source_memos),
                **_load_theme_stage(data, path, {i.section: i for i in ingredients}, known))


def _quoted(value: Any, path: Path, what: str, number: int, unit: str) -> Quoted:
    item = _mapping(value, path, what, number, unit)
    quoted = Quoted(_text(item.get("source")), _text(item.get("quote")))
    if not quoted.source or not quoted.quote:
        raise InputError(path, f"{what} needs a source and a quote", line=number, unit=unit)
    return quoted


def _load_theme_stage(data: Mapping[str, Any], path: Path, sections: Mapping[str, Ingredient],
                      known: set[str]) -> dict[str, Any]:
    """The theme stage of the plan: ``question``, ``themes``, ``element_groups``,
    ``quote_kinds``, ``cerqual_label`` and the ``matrix`` layout."""
    unit = "themes entry"
    analytical, names = [], set()
    for number, item in enumerate(data.get("themes") or [], start=1):
        item = _mapping(item, path, "a themes entry", number, unit)
        section = _text(item.get("section"))
        if section not in sections:
            raise InputError(path, f"no ingredient with section {section!r}", line=number, unit=unit,
                             field="section")
        descriptive = []
        for entry in item.get("descriptive") or []:
            entry = _mapping(entry, path, "a descriptive theme", number, unit)
            codes = tuple(_text(c) for c in entry.get("codes") or [])
            unknown = [c for c in codes if c not in known]
            if unknown or not codes:
                raise InputError(path, f"a descriptive theme needs codes from the codebook (unknown: "
                                 f"{', '.join(unknown) or 'none listed'})", line=number, unit=unit, field="codes")
            spec = DescriptiveSpec(_text(entry.get("name")), _text(entry.get("description")), codes)
            if not spec.name or spec.name.casefold() in names:
                raise InputError(path, f"descriptive theme {spec.name!r} is unnamed or named twice",
                                 line=number, unit=unit, field="name")
            names.add(spec.name.casefold())
            descriptive.append(spec)
        exemplars = tuple(_quoted(e, path, "an exemplar", number, unit) for e in item.get("exemplars") or [])
        cerqual = {}
        for component, judgement in _mapping(item.get("cerqual"), path, "cerqual", number, unit).items():
            judgement = _mapping(judgement, path, "a CERQual judgement", number, unit)
            if component not in COMPONENTS:
                raise InputError(path, f"unknown CERQual component {component!r}", line=number, unit=unit,
                                 field="cerqual")
            cerqual[component] = (_text(judgement.get("level")), _text(judgement.get("explanation")))
        analytical.append(AnalyticalSpec(section, _text(item.get("description")), tuple(descriptive),
                                         exemplars, cerqual))
    quadrants = _mapping(_mapping(data.get("matrix"), path, "matrix").get("quadrants"), path, "matrix quadrants")
    matrix = {str(q): tuple(_text(e) for e in (elements or [])) for q, elements in quadrants.items()}
    groups = []
    for number, item in enumerate(data.get("element_groups") or [], start=1):
        item = _mapping(item, path, "an element group", number, "element_groups entry")
        elements = []
        for entry in item.get("elements") or []:
            entry = _mapping(entry, path, "an element", number, "element_groups entry")
            elements.append(ElementSpec(_text(entry.get("element")),
                                        tuple(_text(m) for m in entry.get("members") or [])))
        group = GroupSpec(_text(item.get("name")), _text(item.get("kind")), _text(item.get("description")),
                          tuple(elements))
        if group.kind == "matrix":
            placed = sorted(e for es in matrix.values() for e in es)
            if sorted(e.name for e in elements) != placed:
                raise InputError(path, "the matrix group's elements must be the elements of the `matrix` "
                                 "quadrants", line=number, unit="element_groups entry")
        groups.append(group)
    kinds = _mapping(data.get("quote_kinds"), path, "quote_kinds")
    participant = tuple(_quoted(q, path, "a participant quotation", number, "quote_kinds participant entry")
                        for number, q in enumerate(kinds.get("participant") or [], start=1))
    return {"question": _text(data.get("question")), "themes": tuple(analytical), "groups": tuple(groups),
            "matrix": matrix, "participant": participant, "default_kind": _text(kinds.get("default")),
            "cerqual_label": _text(data.get("cerqual_label"))}


def read_grey_manifest(folder: Path) -> list[tuple[Path, str]]:
    """``(document, study id)`` pairs from ``grey/documents.csv``, checked against the folder."""
    manifest = folder / GREY_MANIFEST
    if not manifest.is_file():
        raise InputError(manifest, "does not exist (columns: file, study_id)")
    with open(manifest, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    pairs = []
    for number, row in enumerate(rows, start=2):
        name, study = (row.get("file") or "").strip(), (row.get("study_id") or "").strip()
        if not name or not study:
            raise InputError(manifest, "needs a file and a study_id", line=number)
        if not (folder / name).is_file():
            raise InputError(manifest, f"no document '{name}' in {folder}", line=number, field="file")
        pairs.append((folder / name, study))
    listed = {p.name for p, _ in pairs}
    unlisted = sorted(p.name for p in folder.glob("*.txt") if p.name not in listed)
    if unlisted:
        raise InputError(manifest, f"does not give the study of {', '.join(unlisted)}")
    return pairs


# ------------------------------------------------------------------ build
def _reset(root: Path) -> None:
    """Remove the generated files (and nothing else) so the build starts clean."""
    logs = root / LOGS
    others = sorted(p.name for p in logs.glob("*.jsonl") if p.stem not in REVIEWERS) if logs.exists() else []
    if others:
        raise ProjectError(f"{logs} holds logs of other reviewers ({', '.join(others)}); the example is "
                           "built from NT and AG only, so move those logs elsewhere first")
    (root / "corpus" / "studies.csv").unlink(missing_ok=True)
    shutil.rmtree(root / "corpus" / "sources", ignore_errors=True)
    (root / "corpus" / "sources").mkdir(parents=True, exist_ok=True)
    for reviewer in REVIEWERS:
        (logs / f"{reviewer}.jsonl").unlink(missing_ok=True)


def _locate(project: Project, spec: CodingSpec, plan_path: Path) -> tuple[int, int]:
    text = project.text(spec.source)
    where = dict(line=spec.number, unit="codings entry", field="quote")
    if text is None:
        raise InputError(plan_path, f"no source '{spec.source}' in the corpus (sources: "
                         f"{', '.join(sorted(project.sources))})", **where)
    start = text.find(spec.quote)
    if start < 0:
        raise InputError(plan_path, f"quote not found in {spec.describe()}", **where)
    if text.find(spec.quote, start + 1) >= 0:
        raise InputError(plan_path, f"quote occurs more than once in {spec.describe()}; "
                         "quote a longer span", **where)
    return start, start + len(spec.quote)


def _replay(project: Project, reviewer: str, plan: Plan, plan_path: Path) -> None:
    """One reviewer's work: codes (NT only), codings and their memos, then other memos."""
    if reviewer == REVIEWERS[0]:
        for code in plan.codes:
            project.create_code(code.label, definition=code.definition)
    for spec in plan.codings:
        labels = spec.codes.get(reviewer) or ()
        if not labels:
            continue
        start, end = _locate(project, spec, plan_path)
        try:
            made = project.apply_code(spec.source, start, end, list(labels))
        except SynthesisError as exc:
            raise InputError(plan_path, f"{spec.describe()}: {exc}", line=spec.number,
                             unit="codings entry") from None
        if reviewer in spec.memos:
            project.write_memo("coding", made[0].coding_id, spec.memos[reviewer])
    for code in plan.codes:
        if reviewer in code.memos:
            project.write_memo("code", code.label, code.memos[reviewer])
    for memo in plan.source_memos:
        if memo.reviewer == reviewer:
            if memo.source not in project.sources:
                raise InputError(plan_path, f"memo on unknown source '{memo.source}'", field="source_memos")
            project.write_memo("source", memo.source, memo.text)


def _find_once(project: Project, quoted: Quoted, plan_path: Path, what: str) -> tuple[int, int]:
    text = project.text(quoted.source)
    if text is None:
        raise InputError(plan_path, f"{what}: no source '{quoted.source}' in the corpus")
    start = text.find(quoted.quote)
    if start < 0 or text.find(quoted.quote, start + 1) >= 0:
        raise InputError(plan_path, f"{what}: {quoted.quote[:50]!r} must occur once in '{quoted.source}'")
    return start, start + len(quoted.quote)


def _exemplar(project: Project, theme: theme_api.Theme, quoted: Quoted, plan_path: Path) -> str:
    """The coder's (NT's) coding of the quotation opening with ``quoted.quote``, with a code of the theme."""
    codes = {c.code_id for c in theme_api.codes_of(project, theme)}
    found = [c for c in project.codings.values() if c.reviewer == REVIEWERS[0] and c.code_id in codes
             and c.source_id == quoted.source and c.quote.startswith(quoted.quote)]
    if len({(c.start, c.end) for c in found}) != 1:
        raise InputError(plan_path, f"exemplar of '{theme.name}': {quoted.quote[:50]!r} in '{quoted.source}' must "
                         f"open exactly one span {REVIEWERS[0]} coded with a code of the theme "
                         f"({len(found)} codings found)", field="exemplars")
    return min(c.coding_id for c in found)


def _member(project: Project, name: str, plan_path: Path) -> Any:
    """A code (by label) or a theme (by name) named in an element group."""
    if any(c.label == name for c in project.codes.values()):
        return project.code(name)
    try:
        return theme_api.find_theme(project, name)
    except SynthesisError:
        raise InputError(plan_path, f"element group member {name!r} is neither a code nor a theme",
                         field="element_groups") from None


def _quote_kinds(project: Project, plan: Plan, plan_path: Path) -> None:
    """Mark each span NT coded as a participant's words (inside a listed participant
    quotation) or as the plan's default kind; one event per span, on its first coding."""
    participant = [(q.source, *_find_once(project, q, plan_path, "participant quotation"))
                   for q in plan.participant]
    spans: dict[tuple[str, int, int], str] = {}
    for coding in sorted(project.codings.values(), key=lambda c: c.coding_id):
        if coding.reviewer == REVIEWERS[0]:
            spans.setdefault((coding.source_id, coding.start, coding.end), coding.coding_id)
    for (source, start, end), coding_id in sorted(spans.items()):
        inside = any(s == source and a <= start and end <= b for s, a, b in participant)
        kind = "participant" if inside else plan.default_kind
        if kind:
            theme_api.set_quote_kind(project, coding_id, kind)


def _develop_themes(project: Project, plan: Plan, plan_path: Path) -> None:
    """The theme stage, as AG: analytical and descriptive themes, exemplars, element groups,
    quotation kinds and the (illustrative) CERQual judgements."""
    sections = {i.section: i for i in plan.ingredients}
    made = []
    try:
        for spec in plan.themes:
            analytical = theme_api.create_theme(project, sections[spec.section].name, "analytical",
                                                spec.description, question=plan.question)
            descriptive = []
            for d in spec.descriptive:
                theme = theme_api.create_theme(project, d.name, "descriptive", d.description)
                theme_api.assign(project, theme, list(d.codes))
                descriptive.append(theme)
            analytical = theme_api.assign(project, analytical, descriptive)
            for quoted in spec.exemplars:
                theme_api.set_exemplar(project, analytical, _exemplar(project, analytical, quoted, plan_path))
            made.append((spec, analytical))
        for group in plan.groups:
            made_group = theme_api.create_group(project, group.name, group.kind, group.description)
            places = {e: q for q, elements in plan.matrix.items() for e in elements} if group.kind == "matrix" else {}
            for element in group.elements:
                members = [_member(project, m, plan_path) for m in element.members]
                theme_api.link(project, made_group, element.name, members,
                               place=places[element.name] if element.name in places else None)
        _quote_kinds(project, plan, plan_path)
        for spec, analytical in made:
            for component in COMPONENTS:
                if component in spec.cerqual:
                    level, explanation = spec.cerqual[component]
                    theme_api.judge(project, analytical, component, level,
                                    f"{plan.cerqual_label} {explanation}".strip())
    except InputError:
        raise
    except SynthesisError as exc:
        raise InputError(plan_path, f"theme stage: {exc}") from None


def build_example(root: Path | str, material: Path | str | None = None) -> Project:
    """Make (or re-make) the example review project at ``root``; return it read-only.

    ``material`` is the folder holding ``corpus/import/`` and
    ``codebooks/send-codebook.yaml`` (``root`` by default). Only the
    generated files are replaced: ``corpus/studies.csv``, ``corpus/sources/``
    and the NT and AG logs; ``synthesis.toml`` is written only if missing.
    """
    root = Path(root)
    material = Path(material) if material is not None else root
    plan_path = material / PLAN
    plan = load_plan(plan_path)  # check the inputs before changing anything
    imports = material / IMPORT
    studies, extracts = imports / "studies.csv", imports / "extracts.csv"
    for path in (studies, extracts):
        if not path.is_file():
            raise InputError(path, "does not exist (input material of the example)")
    grey = read_grey_manifest(imports / "grey")

    if not (root / MARKER).exists():
        Project.init(root, name=NAME).close()
    _reset(root)
    ids = CounterIds()
    for reviewer in REVIEWERS:
        project = Project(root, reviewer, clock=FixedClock(STARTS[reviewer]), ids=ids)
        try:
            if reviewer == REVIEWERS[0]:
                project.import_studies(studies)
                project.import_extracts(extracts)
                for document, study_id in grey:
                    project.import_sources(document, study_id=study_id, kind="document")
            _replay(project, reviewer, plan, plan_path)
            if reviewer == THEME_REVIEWER:
                _develop_themes(project, plan, plan_path)
        finally:
            project.close()
    return Project(root)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m synthesis.example [ROOT]``: rebuild the example at ROOT (default ".")."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) > 1 or (args and args[0] in ("-h", "--help")):
        print("usage: python -m synthesis.example [ROOT]", file=sys.stderr)
        return 0 if args and args[0] in ("-h", "--help") else 2
    try:
        project = build_example(args[0] if args else ".")
    except SynthesisError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    by = {r: sum(c.reviewer == r for c in project.codings.values()) for r in REVIEWERS}
    print(f"{project.root}: {len(project.studies)} studies, {len(project.sources)} sources, "
          f"{len(project.codes)} codes, codings " + ", ".join(f"{r} {n}" for r, n in by.items())
          + f", {len(project.memos)} memos, " + ", ".join(
              f"{n} {k.replace('_', ' ')}" for k, n in theme_api.counts(project).items())
          + f", {len(project.problems)} problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
