"""Reading study metadata: CSV/XLSX data-extraction sheets and RIS exports.

Readers parse and validate a whole file before anything is saved; every
problem is an :class:`~synthesis.errors.InputError` naming the file, the
row (spreadsheet numbering: header = row 1) or line, and the field.

>>> normalise_design("Mixed-Methods"), normalise_nation("across the UK")
('mixed methods', 'UK')
>>> header_key(" In-text  Citation ")
'intextcitation'
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError, warn_input
from ..names import problem_with_text
from ..records import DESIGNS, NATIONS, Study
from .limits import MAX_CELL_CHARS, check_cell, check_file_size, check_text
from .normalise import decode, normalise_text

TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm", ".xls")
RIS_SUFFIXES = (".ris", ".txt")

STUDY_ALIASES: dict[str, tuple[str, ...]] = {
    "study_id": ("studyid", "id"),
    "citation": ("citation", "shortcitation", "intextcitation"),
    "reference": ("reference", "fullreference"),
    "year": ("year", "publicationyear"),
    "design": ("design", "studydesign"),
    "nation": ("nation", "country"),
    "setting": ("setting",),
    "sample": ("sample",),
    "appraisal_tool": ("appraisaltool",),
    "appraisal_result": ("appraisalresult", "quality"),
    "ppie": ("ppie", "ppi"),
}
REQUIRED_STUDY_FIELDS = ("study_id", "citation")

_DESIGN_ALIASES = {
    "qual": "qualitative", "qualitative study": "qualitative", "qualitative research": "qualitative",
    "mixed": "mixed methods", "mixed method": "mixed methods", "mixed methods study": "mixed methods",
    "quant": "quantitative", "quantitative study": "quantitative",
    "grey": "grey literature", "gray literature": "grey literature", "gray": "grey literature",
}
_NATION_ALIASES = {
    "united kingdom": "UK", "across the uk": "UK", "uk wide": "UK", "u k": "UK",
}


@dataclass(frozen=True)
class Table:
    """A sheet read as text: its header cells and ``(row number, cells)`` rows."""

    file: Path
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]


@dataclass(frozen=True)
class StudyRow:
    """A study with the row (of a sheet) or line (of a RIS file) it came from."""

    study: Study
    line: int
    unit: str = "row"


# ------------------------------------------------------------------ tables
def header_key(name: str) -> str:
    """A header cell reduced to lower-case letters and digits, for matching aliases."""
    return re.sub(r"[^0-9a-z]+", "", name.casefold())


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, _dt.datetime) and value.time() == _dt.time():
        return value.date().isoformat()
    if isinstance(value, (_dt.date, _dt.datetime)):
        return value.isoformat()
    return normalise_text(str(value)).strip()


def read_table(path: str | Path, encoding: str | None = None) -> Table:
    """Read the first sheet of a CSV/TSV/XLSX file as text cells.

    Rows whose cells are all blank are dropped (their numbers are kept for
    the rest). An empty file or a file with a header only is an error.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.is_file():
        raise InputError(path, "does not exist")
    if suffix == ".xls":
        raise InputError(path, "is an old Excel .xls workbook; save it as .xlsx or .csv and import that")
    if path.stat().st_size == 0:
        raise InputError(path, "is empty (0 bytes)")
    check_file_size(path)
    grid = _read_xlsx(path) if suffix in (".xlsx", ".xlsm") else _read_csv(path, encoding, suffix)
    numbered = [(n, cells) for n, cells in enumerate(grid, start=1) if any(cells)]
    if not numbered:
        raise InputError(path, "is empty (no header row)")
    header = numbered[0][1]  # the first non-blank row, normally row 1
    for n, cells in numbered:
        for i, cell in enumerate(cells):
            if len(cell) > MAX_CELL_CHARS:
                name = header[i] if n != numbered[0][0] and i < len(header) else None
                check_cell(path, cell, n, name)
    width = len(header)
    rows = tuple((n, tuple(c) + ("",) * (width - len(c))) for n, c in numbered[1:])
    return Table(path, tuple(header), rows)


def _read_csv(path: Path, encoding: str | None, suffix: str) -> list[list[str]]:
    import pandas as pd

    raw = decode(path.read_bytes(), path, encoding)
    check_text(path, raw, source=False)
    text = normalise_text(raw)
    if not text.strip():
        raise InputError(path, "is empty (only blank lines)")
    sep = "\t" if suffix == ".tsv" else ","
    try:
        frame = pd.read_csv(io.StringIO(text), sep=sep, header=None, dtype=str,
                            keep_default_na=False, skip_blank_lines=False)
    except pd.errors.ParserError as exc:
        found = re.search(r"line (\d+)", str(exc))
        detail = str(exc).strip().replace("Error tokenizing data. C error: ", "")
        raise InputError(path, f"is not a well-formed CSV table ({detail}; quote cells that contain "
                         "commas)", line=int(found.group(1)) if found else None, unit="line") from None
    return [[_cell(v) for v in row] for row in frame.itertuples(index=False)]


def _read_xlsx(path: Path) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # zip, XML and openpyxl errors alike
        raise InputError(path, f"is not a readable Excel workbook ({type(exc).__name__}: {exc})") from None
    try:
        sheet = book.worksheets[0]
        return [[_cell(v) for v in row] for row in sheet.iter_rows(min_row=1, values_only=True)]
    finally:
        book.close()


def map_columns(table: Table, aliases: Mapping[str, Sequence[str]],
                required: Sequence[str]) -> dict[str, int]:
    """Field name -> column index, matching headers by :func:`header_key`."""
    lookup = {alias: fieldname for fieldname, names in aliases.items()
              for alias in (*names, header_key(fieldname))}
    found: dict[str, int] = {}
    for index, name in enumerate(table.header):
        fieldname = lookup.get(header_key(name))
        if fieldname is None:
            continue
        if fieldname in found:
            first = table.header[found[fieldname]]
            raise InputError(table.file, f"columns '{first}' and '{name}' both give {fieldname}; keep one",
                             line=1, field=name)
        found[fieldname] = index
    missing = [f for f in required if f not in found]
    if not missing:
        used = set(found.values())
        left = [name for i, name in enumerate(table.header) if i not in used and str(name).strip()]
        if left:
            fields = ", ".join(sorted(aliases))
            shown = ", ".join(f"'{name}'" for name in left[:8]) + (" ..." if len(left) > 8 else "")
            warn_input(table.file, f"column{'s' if len(left) > 1 else ''} {shown} "
                       f"{'are' if len(left) > 1 else 'is'} not imported: the columns read are {fields} "
                       "(rename a column to one of these to import it)", line=1, field=str(left[0]))
    if missing:
        shown = ", ".join(f"'{h}'" for h in table.header if h) or "none"
        wanted = "; ".join(f"{f} (e.g. {', '.join(repr(a) for a in _examples(f, aliases))})" for f in missing)
        raise InputError(table.file, f"missing required column(s): {wanted}. Columns found: {shown}",
                         line=1, field=missing[0])
    return found


def _examples(fieldname: str, aliases: Mapping[str, Sequence[str]]) -> list[str]:
    pretty = {"studyid": "Study ID", "intextcitation": "In-text citation", "id": "ID"}
    return [pretty.get(a, a.capitalize()) for a in aliases[fieldname][:2]]


# ---------------------------------------------------------------- values
def _fold(value: str) -> str:
    return " ".join(re.sub(r"[-_./]+", " ", value.casefold()).split())


def normalise_design(value: str) -> str:
    """One of :data:`~synthesis.records.DESIGNS` ('' for blank); ValueError otherwise."""
    key = _fold(value)
    if not key:
        return ""
    key = _DESIGN_ALIASES.get(key, key)
    if key not in DESIGNS:
        raise ValueError(f"unknown design {value!r}; use one of: {', '.join(DESIGNS)}")
    return key


def normalise_nation(value: str) -> str:
    """One of :data:`~synthesis.records.NATIONS` ('' for blank); ValueError otherwise."""
    key = _fold(value)
    if not key:
        return ""
    for nation in NATIONS:
        if key == _fold(nation):
            return nation
    if key in _NATION_ALIASES:
        return _NATION_ALIASES[key]
    raise ValueError(f"unknown nation {value!r}; use one of: {', '.join(NATIONS)} (or 'United Kingdom')")


def parse_year(value: str) -> int | None:
    """A 4-digit year (None for blank); ValueError otherwise.

    >>> parse_year("2012"), parse_year("")
    (2012, None)
    """
    value = value.strip()
    if not value:
        return None
    if not re.fullmatch(r"\d{4}", value):
        raise ValueError(f"year {value!r} is not a 4-digit number")
    return int(value)


# ---------------------------------------------------------------- sheets
def read_study_rows(path: str | Path, encoding: str | None = None) -> list[StudyRow]:
    """Studies with their row/line numbers, from a sheet or a RIS file."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        return _table_study_rows(path, encoding)
    if suffix in RIS_SUFFIXES:
        return _ris_study_rows(path, encoding)
    raise InputError(path, f"cannot import studies from a '{suffix}' file; use .csv, .xlsx or .ris")


def read_studies_table(path: str | Path, encoding: str | None = None) -> list[Study]:
    """Read a CSV/XLSX data-extraction sheet into studies.

    >>> import pathlib, tempfile
    >>> sheet = pathlib.Path(tempfile.mkdtemp()) / "studies.csv"
    >>> _ = sheet.write_text("Study ID,Citation,Year,Design\\ngreen2012,Green and Dicks,2012,Qual\\n")
    >>> read_studies_table(sheet)[0].design
    'qualitative'
    """
    return [r.study for r in _table_study_rows(Path(path), encoding)]


def _table_study_rows(path: Path, encoding: str | None) -> list[StudyRow]:
    table = read_table(path, encoding)
    columns = map_columns(table, STUDY_ALIASES, REQUIRED_STUDY_FIELDS)
    out: list[StudyRow] = []
    seen: dict[str, int] = {}
    for number, cells in table.rows:
        values = {f: cells[i] for f, i in columns.items()}
        for fieldname in REQUIRED_STUDY_FIELDS:
            if not values[fieldname]:
                raise InputError(path, f"{fieldname} is empty", line=number, field=table.header[columns[fieldname]])
        sid = values["study_id"]
        problem = problem_with_text(sid, "a study id", longest=100, paths=True)
        if problem:
            raise InputError(path, problem, line=number, field=table.header[columns["study_id"]])
        if sid in seen:
            raise InputError(path, f"duplicate study id '{sid}' (rows {seen[sid]} and {number})",
                             line=number, field=table.header[columns["study_id"]])
        seen[sid] = number
        checks = (("year", parse_year), ("design", normalise_design), ("nation", normalise_nation))
        for fieldname, check in checks:
            if fieldname in values:
                try:
                    values[fieldname] = check(values[fieldname])  # type: ignore[assignment]
                except ValueError as exc:
                    raise InputError(path, str(exc), line=number, field=table.header[columns[fieldname]]) from None
        out.append(StudyRow(Study(**values), number))  # type: ignore[arg-type]
    if not out:
        raise InputError(path, "has a header but no studies")
    return out


# ------------------------------------------------------------------ RIS
_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_TAGGISH = re.compile(r"^(?:[A-Z][A-Z0-9](?:\s+-|\s*-\s)|[A-Za-z][A-Za-z0-9]\s{2}-)")
_AUTHOR_TAGS = ("AU", "A1")
_YEAR_TAGS = ("PY", "Y1", "DA")


def looks_like_ris(text: str) -> bool:
    """True when the first non-blank line is a ``TY  -`` tag.

    >>> looks_like_ris("\\ufeff\\nTY  - JOUR\\n"), looks_like_ris("Study ID,Citation")
    (True, False)
    """
    for line in normalise_text(text).split("\n"):
        if line.strip():
            return line.startswith("TY  -")
    return False


def _check_ris(path: Path, lines: Sequence[str]) -> list[tuple[int, dict[str, list[str]]]]:
    """Validate RIS line structure; return (TY line, tag -> values) per record."""
    records: list[tuple[int, dict[str, list[str]]]] = []
    start: int | None = None
    tags: dict[str, list[str]] = {}
    last: str | None = None
    for number, line in enumerate(lines, start=1):
        match = _TAG.match(line.rstrip())
        if match is None and _TAGGISH.match(line):
            raise InputError(path, f"malformed tag line {line.strip()!r}: a tag line is two capitals or "
                             "digits, two spaces, a hyphen and a space, e.g. 'AU  - Green, A.'",
                             line=number, unit="line")
        if start is None:
            if not line.strip():
                continue
            if match is not None and match.group(1) == "ER":
                raise InputError(path, "'ER  - ' without a record start ('TY  - ' line) before it",
                                 line=number, unit="line", field="ER")
            if match is None or match.group(1) != "TY":
                what = f"'{match.group(1)}' tag" if match else "text"
                raise InputError(path, f"{what} outside a record: every record starts with 'TY  - ' "
                                 "and ends with 'ER  - '", line=number, unit="line",
                                 field=match.group(1) if match else None)
            start, tags, last = number, {}, "TY"
            continue
        if match is None:
            if line.strip() and last == "TY":
                raise InputError(path, "a continuation line must follow a tag line other than TY",
                                 line=number, unit="line")
            continue  # continuation or blank line: rispy joins it to the previous tag
        tag, value = match.group(1), (match.group(2) or "").strip()
        if tag == "TY":
            raise InputError(path, f"a new record starts before the record at line {start} "
                             "ended (missing 'ER  - ')", line=number, unit="line", field="TY")
        if tag == "ER":
            records.append((start, tags))
            start = None
            continue
        tags.setdefault(tag, []).append(value)
        last = tag
    if start is not None:
        raise InputError(path, "the file ends inside the record that starts here (missing 'ER  - ')",
                         line=start, unit="line", field="ER")
    if not records:
        raise InputError(path, "has no RIS records (nothing starts with 'TY  - ')")
    return records


def read_ris(path: str | Path, encoding: str | None = None) -> list[Study]:
    """Read an EndNote/Zotero RIS export into studies.

    >>> import pathlib, tempfile
    >>> ris = pathlib.Path(tempfile.mkdtemp()) / "refs.ris"
    >>> _ = ris.write_text("TY  - JOUR\\nAU  - Green, Anna\\nAU  - Dicks, B.\\nPY  - 2012\\n"
    ...                    "TI  - Trust in partnerships\\nJO  - Health Policy\\nER  - \\n")
    >>> study = read_ris(ris)[0]
    >>> study.study_id, study.citation
    ('green2012', 'Green and Dicks, 2012')
    >>> study.reference
    'Green, A., & Dicks, B. (2012). Trust in partnerships. Health Policy.'
    """
    return [r.study for r in _ris_study_rows(Path(path), encoding)]


def _ris_study_rows(path: Path, encoding: str | None) -> list[StudyRow]:
    import rispy

    if not path.is_file():
        raise InputError(path, "does not exist")
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError(path, "is empty")
    text = normalise_text(decode(raw, path, encoding))
    lines = text.split("\n")
    checked = _check_ris(path, lines)
    # blank lines inside records would become empty values in rispy
    parsed = rispy.loads("\n".join(l for l in lines if l.strip()))
    if len(parsed) != len(checked):  # pragma: no cover - the check above mirrors rispy
        raise InputError(path, f"rispy read {len(parsed)} records where {len(checked)} were expected")
    drafts = []
    for (line, tags), entry in zip(checked, parsed):
        authors = [a for a in (entry.get("authors") or entry.get("first_authors") or []) if a.strip()]
        if not authors:
            raise InputError(path, "record has no authors (AU or A1 lines)", line=line, unit="line", field="AU")
        year_text = next((str(entry[k]) for k in ("year", "publication_year", "date") if entry.get(k)), "")
        found = re.search(r"\d{4}", year_text)
        if not found:
            raise InputError(path, "record has no year (PY, Y1 or DA line with a 4-digit year)",
                             line=line, unit="line", field="PY")
        year = int(found.group(0))
        drafts.append((line, authors, year, entry))
    ids = _ris_ids([(surname(a[0]), y) for _, a, y, _ in drafts])
    return [StudyRow(Study(sid, citation(a, y), apa_reference(a, y, e), y), line, "line")
            for sid, (line, a, y, e) in zip(ids, drafts)]


def surname(author: str) -> str:
    """The family name: the part before the comma (a corporate author whole).

    >>> surname("Green, Anna"), surname("McKean, J."), surname("NHS England")
    ('Green', 'McKean', 'NHS England')
    """
    return " ".join(author.split(",", 1)[0].split())


def citation(authors: Sequence[str], year: int | None) -> str:
    """The in-text citation: "Smith, 2012", "Green and Dicks, 2012", "McKean et al., 2017".

    >>> citation(["McKean, J.", "Lee, K.", "Ray, P."], 2017)
    'McKean et al., 2017'
    """
    names = [surname(a) for a in authors]
    who = names[0] if len(names) == 1 else (f"{names[0]} and {names[1]}" if len(names) == 2
                                             else f"{names[0]} et al.")
    return f"{who}, {year}" if year is not None else who


def _initials(given: str) -> str:
    parts = re.split(r"[\s.]+", given.strip())
    out = []
    for part in filter(None, parts):
        out.append("-".join(f"{p[0]}." for p in part.split("-") if p))
    return " ".join(out)


def _apa_name(author: str) -> str:
    family, _, given = " ".join(author.split()).partition(",")
    initials = _initials(given)
    return f"{family.strip()}, {initials}" if initials else family.strip()


def apa_reference(authors: Sequence[str], year: int | None, entry: Mapping[str, object]) -> str:
    """An APA-like reference from author names, year and rispy fields."""
    names = [_apa_name(a) for a in authors]
    if len(names) == 1:
        who = names[0]
    elif len(names) <= 20:
        who = ", ".join(names[:-1]) + ", & " + names[-1]
    else:
        who = ", ".join(names[:19]) + ", ... " + names[-1]

    def get(*keys: str) -> str:
        for key in keys:
            value = entry.get(key)
            if isinstance(value, list):
                value = value[0] if value else ""
            if value:
                return " ".join(str(value).split())
        return ""

    parts = [f"{who} ({year if year is not None else 'n.d.'})."]
    title = get("title", "primary_title")
    if title:
        parts.append(title if title[-1] in ".?!" else f"{title}.")
    journal = get("journal_name", "secondary_title", "alternate_title3", "alternate_title1")
    volume, issue = get("volume"), get("number")
    first, last = get("start_page"), get("end_page")
    pages = f"{first}\u2013{last}" if first and last and first != last else first
    where = ", ".join(filter(None, [journal, volume + (f"({issue})" if issue else "") if volume else
                                    (f"({issue})" if issue else ""), pages]))
    if where:
        parts.append(f"{where}.")
    doi = get("doi")
    if doi:
        doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi, flags=re.I)
        parts.append(f"https://doi.org/{doi}")
    return " ".join(parts)


def _ris_ids(keys: Sequence[tuple[str, int]]) -> list[str]:
    """Ids "green2012", with "a", "b"... suffixes where two records would share one."""
    bases = [f"{_ascii_key(name)[:40] or 'study'}{year}" for name, year in keys]
    counts: dict[str, int] = {}
    for base in bases:
        counts[base] = counts.get(base, 0) + 1
    used: dict[str, int] = {}
    out = []
    for base in bases:
        if counts[base] == 1:
            out.append(base)
            continue
        n = used.get(base, 0)
        used[base] = n + 1
        out.append(base + _suffix(n))
    return out


def _ascii_key(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", folded.lower())


def _suffix(n: int) -> str:
    letters = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        letters = chr(97 + r) + letters
    return letters
