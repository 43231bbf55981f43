"""A checkpoint of the folded state on disk, so a large project opens without refolding.

The checkpoint is derived data (``.synthesis/checkpoint.json``, git-ignored): the
state folded from every event up to one place in the fold order (a little before
the end, so undoing a recent action stays incremental), and what it was made
from. It is used only when all of that still holds:

* for each log, the bytes the checkpoint covers (a prefix: logs only grow) have
  the size and SHA-256 it names, and every event after them sorts after the
  checkpoint's place (otherwise an older event arrived: the fold starts over);
* the package version, the event types and the code of the modules that fold
  them are the ones that wrote it;
* the body's SHA-256 matches and every record in it decodes.

Anything else (a damaged, truncated, stale or foreign file) is ignored and the
logs are folded from the start, as without a checkpoint; nothing in the file is
trusted before it is checked. The format is JSON: records are rebuilt only as
the frozen dataclasses of this package, by field, never by unpickling, so a
file a teammate can change on a shared drive cannot run code. Which codings the
checkpoint's state found moved or orphaned in their sources is kept too, keyed
by the SHA-256 of each source's text.

The body also indexes every event line the checkpoint covers (where it starts, its
place in the fold, id and type, by column), so opening parses only the lines it
needs (:mod:`synthesis.eventlist`); the rest wait until something reads them. A
coding's quote and context are left out when they are the slices of its source's
text that :func:`synthesis.anchoring.make_anchor` takes (the text's SHA-256 is
checked before they are cut again). The JSON is read and written with orjson when
it is installed.

Files are written atomically (a temporary file, fsync, rename), after opening by a
process of its own (:mod:`synthesis.checkpoint_writer`), never while an action waits;
a read-only project folder simply gets none. The codings table comes back with its
records still rows (:mod:`synthesis.lazycodings`), made when first read.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields, is_dataclass
from pathlib import Path
from typing import Any

from .anchoring import CONTEXT
from .eventlist import COLUMNS, LogLines, index_lines
from .lazycodings import RowCodings, Rows
from .log import fsync_dir
from .records import Anchor, Code, Coding, Event, Memo, Problem
from .state import CONTROL, HANDLERS, State, new_anchor, new_coding

try:
    import orjson

    def _dumps(value: Any) -> bytes:
        return orjson.dumps(value)

    _loads = orjson.loads
except ImportError:  # pragma: no cover - orjson is a dependency
    def _dumps(value: Any) -> bytes:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")

    _loads = json.loads

FORMAT = 3
NAME = "checkpoint.json"
#: projects with fewer events open fast anyway: no checkpoint is written for them
MIN_EVENTS = 5000
#: a checkpoint this many events behind the end is written again
STALE_AFTER = 20000
#: the checkpoint's state stops at least this many events before the end, so undoing
#: a recent action after opening rewinds to a snapshot instead of folding from the start
#: (every event after it is parsed and folded again on opening)
TAIL = 256

Key = tuple[int, str, int]


def path_of(root: str | os.PathLike[str]) -> Path:
    """Where a project's checkpoint lives."""
    return Path(root) / ".synthesis" / NAME


class CheckpointError(ValueError):
    """The checkpoint cannot be used (the message says why); the logs are folded instead."""


# ------------------------------------------------------------------ what it depends on
_FINGERPRINT: dict[str, str] = {}


def fingerprint() -> str:
    """The package version, the event types and the source of every module that folds them."""
    from . import __version__

    kinds = sorted(HANDLERS)
    modules = sorted({HANDLERS[k].__module__ for k in kinds} | {"synthesis.state", "synthesis.records",
                                                                "synthesis.checkpoint"})
    cache_key = "|".join(kinds + modules)
    if cache_key not in _FINGERPRINT:
        digest = hashlib.sha256(f"{FORMAT}|{__version__}|{cache_key}".encode())
        for name in modules:
            module = sys.modules.get(name)
            source = getattr(module, "__file__", None)
            digest.update(name.encode())
            if source:
                try:
                    digest.update(Path(source).read_bytes())
                except OSError:
                    digest.update(b"?")
        _FINGERPRINT[cache_key] = digest.hexdigest()
    return _FINGERPRINT[cache_key]


# ------------------------------------------------------------------ records as JSON
def _class_name(cls: type) -> str:
    return f"{cls.__module__}:{cls.__qualname__}"


def _record_class(name: object) -> type:
    """A frozen dataclass of this package, by name; anything else is refused."""
    if not isinstance(name, str) or ":" not in name:
        raise CheckpointError(f"bad record name {str(name)[:60]!r}")
    module_name, qualname = name.split(":", 1)
    module = sys.modules.get(module_name) if module_name.split(".")[0] == "synthesis" else None
    cls = getattr(module, qualname, None) if module is not None and "." not in qualname else None
    if not (isinstance(cls, type) and is_dataclass(cls) and cls.__dataclass_params__.frozen):  # type: ignore[attr-defined]
        raise CheckpointError(f"unknown record type {name[:60]!r}")
    return cls


def encode(value: Any) -> Any:
    """A JSON-ready form of ``value``: containers and records are tagged, so decoding is exact.

    >>> decode(json.loads(json.dumps(encode({("a", 1): (Problem("k", "m"), [1.5, None])}))))
    {('a', 1): (Problem(kind='k', message='m', event_id='', file='', line=None), [1.5, None])}
    """
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, tuple):
        return {"T": [encode(v) for v in value]}
    if isinstance(value, list):
        return {"L": [encode(v) for v in value]}
    if isinstance(value, dict):
        if value and all(type(k) is str for k in value):
            first = next(iter(value.values()))
            cls = type(first)
            if is_dataclass(cls) and all(type(v) is cls for v in value.values()):
                names = [f.name for f in fields(cls)]
                if cls is Coding:
                    return {"C": list(value), "V": [_coding_row(v) for v in value.values()]}
                return {"S": _class_name(cls), "K": list(value),
                        "V": [[encode(getattr(v, n)) for n in names] for v in value.values()]}
        return {"D": [[encode(k), encode(v)] for k, v in value.items()]}
    if is_dataclass(value) and not isinstance(value, type):
        return {"R": _class_name(type(value)), "F": [encode(getattr(value, f.name)) for f in fields(value)]}
    raise TypeError(f"cannot keep a {type(value).__name__} in a checkpoint")


def _coding_row(c: Coding) -> list:
    a = c.anchor
    return [c.code_id, a.source_id, a.start, a.end, a.quote, a.prefix, a.suffix, c.reviewer, c.time, c.status]


def decode(value: Any) -> Any:
    """The value :func:`encode` made (records are rebuilt field by field)."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, dict) and len(value) in (1, 2, 3):
        if "T" in value:
            return tuple(decode(v) for v in value["T"])
        if "L" in value:
            return [decode(v) for v in value["L"]]
        if "D" in value:
            return {_hashable(decode(k)): decode(v) for k, v in value["D"]}
        if "C" in value:
            return {key: Coding(key, code, Anchor(sid, start, end, quote, prefix, suffix), reviewer, time, status)
                    for key, (code, sid, start, end, quote, prefix, suffix, reviewer, time, status)
                    in zip(value["C"], value["V"], strict=True)}
        if "S" in value:
            cls = _record_class(value["S"])
            simple = all(f.type in ("str", "int", "bool") for f in fields(cls))
            make = (lambda row: cls(*row)) if simple else (lambda row: cls(*(decode(v) for v in row)))
            return {key: make(row) for key, row in zip(value["K"], value["V"], strict=True)}
        if "R" in value:
            return _record_class(value["R"])(*(decode(v) for v in value["F"]))
    raise CheckpointError("unreadable value")


def _hashable(key: Any) -> Any:
    if isinstance(key, list):
        raise CheckpointError("a list cannot be a key")
    return key


def encode_state(state: State, texts: Mapping[str, str | None]) -> dict:
    return {"codes": encode(state.codes), "codings": encode_codings(state.codings, texts),
            "memos": encode(state.memos), "merged": encode(state.merged), "problems": encode(state.problems),
            "extra": encode(state.extra)}


def decode_state(body: Mapping, texts: Mapping[str, str | None]) -> State:
    parts = {name: decode(body[name]) for name in ("codes", "memos", "merged", "problems", "extra")}
    parts["codings"] = decode_codings(body["codings"], texts)
    for name in ("codes", "codings", "memos", "merged", "extra"):
        if not isinstance(parts[name], dict):
            raise CheckpointError(f"{name} is not a table")
    if not isinstance(parts["problems"], list):
        raise CheckpointError("problems is not a list")
    return State(**parts)


def _slices(text: str, start: int, end: int) -> tuple[str, str, str]:
    """The quote, prefix and suffix :func:`synthesis.anchoring.make_anchor` cuts from ``text``."""
    return text[start:end], text[max(0, start - CONTEXT):start], text[end:end + CONTEXT]


def _interned(values: list[str]) -> tuple[list[str], list[int]]:
    names: dict[str, int] = {}
    indexes = [names.setdefault(v, len(names)) for v in values]
    return list(names), indexes


def encode_codings(table: Mapping[str, Coding], texts: Mapping[str, str | None]) -> dict:
    """A codings table by column; quote, prefix and suffix are null where ``texts`` give them.

    >>> a = Anchor("s1", 0, 5, "Trust", "", " grew")
    >>> table = {"k1": Coding("k1", "c1", a, "AG", "t"), "k2": Coding("k2", "c1", a, "BB", "t")}
    >>> packed = encode_codings(table, {"s1": "Trust grew."})
    >>> packed["quote"], decode_codings(packed, {"s1": "Trust grew."}) == table
    ([None, None], True)
    """
    codings = list(table.values())
    quotes, prefixes, suffixes = [], [], []
    for c in codings:
        a = c.anchor
        text = texts.get(a.source_id)
        same = _slices(text, a.start, a.end) if text is not None else None
        quotes.append(None if same is not None and same[0] == a.quote else a.quote)
        prefixes.append(None if same is not None and same[1] == a.prefix else a.prefix)
        suffixes.append(None if same is not None and same[2] == a.suffix else a.suffix)
    columns: dict[str, Any] = {"X": list(table), "quote": quotes, "prefix": prefixes, "suffix": suffixes,
                               "start": [c.anchor.start for c in codings], "end": [c.anchor.end for c in codings]}
    for name, get in (("code", "code_id"), ("source", "source_id"), ("reviewer", "reviewer"),
                      ("time", "time"), ("status", "status")):
        columns[name + "s"], columns[name] = _interned([getattr(c, get) for c in codings])
    return columns


def decode_codings(value: Any, texts: Mapping[str, str | None]) -> dict[str, Coding]:
    """The table :func:`encode_codings` packed (``texts``: the same texts, already checked), checked
    now; its records are made when first read (:class:`~synthesis.lazycodings.RowCodings`)."""
    if not isinstance(value, dict) or "X" not in value:
        raise CheckpointError("codings is not a table")
    keys = value["X"]
    columns = [value[name] for name in ("code", "source", "start", "end", "quote", "prefix", "suffix",
                                        "reviewer", "time", "status")]
    names = {name: value[name + "s"] for name in ("code", "source", "reviewer", "time", "status")}
    if not all(type(c) is list for c in (keys, *columns, *names.values())):
        raise CheckpointError("codings is not a table")
    for name, known in names.items():
        if not _all_of(known, str):
            raise CheckpointError(f"bad {name} names")
    if any(len(column) != len(keys) for column in columns) or not _all_of(keys, str):
        raise CheckpointError("codings columns differ in length")
    codes, sources, reviewers, times, statuses = (names[n] for n in ("code", "source", "reviewer", "time", "status"))
    if not (_all_of(columns[2], int) and _all_of(columns[3], int)):
        raise CheckpointError("a coding's offsets are not whole numbers")
    if not all(set(map(type, column)) <= {str, type(None)} for column in columns[4:7]):
        raise CheckpointError("a coding's quote or context is not text")
    code_col, source_col, start_col, end_col, quote_col, prefix_col, suffix_col, reviewer_col, time_col, status_col = columns
    texts = {sid: texts.get(sid) for sid in sources}
    for known, column in ((codes, code_col), (sources, source_col), (reviewers, reviewer_col),
                          (times, time_col), (statuses, status_col)):
        if column and not (_all_of(column, int) and 0 <= min(column) and max(column) < len(known)):
            raise CheckpointError("a coding names a code, source, reviewer, time or status the table lacks")
    absent = {i for i, sid in enumerate(sources) if texts[sid] is None}
    for i, q, p, s in zip(source_col, quote_col, prefix_col, suffix_col) if absent else ():
        if i in absent and (q is None or p is None or s is None):
            raise CheckpointError(f"no text to cut the quotes of source '{sources[i][:60]}' from")

    def build(numbers: list[int]) -> list[Coding]:
        made = []
        for n in numbers:
            source_id, start, end = sources[source_col[n]], start_col[n], end_col[n]
            quote, prefix, suffix = quote_col[n], prefix_col[n], suffix_col[n]
            if quote is None or prefix is None or suffix is None:
                text = texts[source_id]
                if quote is None:
                    quote = text[start:end]
                if prefix is None:
                    prefix = text[max(0, start - CONTEXT):start]
                if suffix is None:
                    suffix = text[end:end + CONTEXT]
            made.append(new_coding(keys[n], codes[code_col[n]], new_anchor(source_id, start, end, quote, prefix, suffix),
                                   reviewers[reviewer_col[n]], times[time_col[n]], statuses[status_col[n]]))
        return made

    return RowCodings.of(keys, Rows(build, len(keys)))


def _all_of(values: list, kind: type) -> bool:
    """Whether every one of ``values`` is exactly a ``kind`` (checked without a Python loop)."""
    return set(map(type, values)) <= {kind}


def encode_lines(lines: LogLines) -> dict:
    """The index of the event lines a checkpoint covers, by column."""
    out: dict[str, Any] = {"log": lines.log, "at": lines.at, "clock": lines.clock, "seq": lines.seq, "id": lines.id}
    out["reviewers"], out["reviewer"] = _interned(lines.reviewer)
    out["types"], out["type"] = _interned(lines.type)
    return out


def decode_lines(value: Any, logs: list[tuple[Path, bytes]]) -> LogLines:
    """The :class:`LogLines` :func:`encode_lines` indexed, over the same logs' bytes."""
    columns = {name: value[name] for name in ("log", "at", "clock", "seq", "id", "reviewer", "type")}
    n = len(columns["at"])
    if any(len(c) != n for c in columns.values()):
        raise CheckpointError("the event index's columns differ in length")
    for name in ("reviewers", "types"):
        if not _all_of(value[name], str):
            raise CheckpointError(f"bad {name} in the event index")
    if not _all_of(columns["id"], str) or n and not (
            0 <= min(columns["log"]) and max(columns["log"]) < len(logs)):
        raise CheckpointError("bad event index")
    columns["reviewer"] = list(map(value["reviewers"].__getitem__, columns["reviewer"]))
    columns["type"] = list(map(value["types"].__getitem__, columns["type"]))
    return LogLines(logs, columns.pop("log"), columns.pop("at"), columns)


def index_covered(logs: Mapping[str, tuple[Path, bytes]]) -> LogLines:
    """Every event line of ``logs`` (name -> path and bytes), numbered in fold order: the
    order a stable sort by ``(clock, reviewer, seq)`` of the logs read in name order gives."""
    pairs = [logs[name] for name in sorted(logs)]
    log, at, columns = index_lines(pairs)
    keys = list(zip(columns["clock"], columns["reviewer"], columns["seq"]))
    order = sorted(range(len(at)), key=keys.__getitem__)
    pick = lambda values: [values[i] for i in order]  # noqa: E731
    return LogLines(pairs, pick(log), pick(at), {name: pick(columns[name]) for name in COLUMNS})


# ------------------------------------------------------------------ reading
@dataclass(frozen=True)
class Loaded:
    """A checked checkpoint: the state up to ``upto``, and how many bytes of each log it covers."""

    upto: Key
    state: State
    covers: dict[str, int]
    sources: dict[str, str]  # source id -> SHA-256 of its text when the checkpoint was made
    anchored: dict[str, Coding]  # codings the sources moved (re-anchored or orphaned), as checked then
    orphans: dict[str, Problem]
    lines: LogLines  # the event lines of the bytes it covers, in fold order, parsed when read
    newlines: dict[str, int] = field(default_factory=dict)  # log name -> line breaks in the bytes it covers
    # (so the lines after them are numbered without counting the covered bytes again)


def load(root: str | os.PathLike[str], logs: Mapping[str, bytes],
         text_of: "Callable[[str], str | None]" = lambda source_id: None, folder: Path | None = None) -> Loaded:
    """Read and check the checkpoint against the logs' bytes (name -> bytes, in ``folder``)
    and the source texts (``text_of``); raises :class:`CheckpointError` (or ``OSError``
    when there is none) when it cannot be used."""
    raw = path_of(root).read_bytes()
    cut = raw.find(b"\n")
    if cut < 0:
        raise CheckpointError("no header (a truncated file?)")
    try:
        header = json.loads(raw[:cut])
    except ValueError:
        raise CheckpointError("the header is not JSON") from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise CheckpointError("another format")
    if header.get("fingerprint") != fingerprint():
        raise CheckpointError("made by another version of the package or its event types")
    covers = header.get("logs")
    if not isinstance(covers, dict) or set(covers) - set(logs):
        raise CheckpointError("made from logs that are not all here")
    for name, entry in covers.items():
        if not (isinstance(entry, list) and len(entry) == 2):
            raise CheckpointError(f"bad entry for {name}")
        size, digest = entry
        data = logs[name]
        if not isinstance(size, int) or len(data) < size or hashlib.sha256(data[:size]).hexdigest() != digest:
            raise CheckpointError(f"{name} is not the log it was made from")
    body = raw[cut + 1:]
    if len(body) != header.get("body_size") or hashlib.sha256(body).hexdigest() != header.get("body_sha256"):
        raise CheckpointError("damaged (its checksum does not match)")
    texts: dict[str, str | None] = {}
    sources = header.get("sources")
    if not isinstance(sources, dict):
        raise CheckpointError("no source digests")
    for source_id, digest in sources.items():
        text = texts[source_id] = text_of(source_id)
        if (text_digest(text) if text is not None else "") != digest:
            raise CheckpointError(f"the text of source '{source_id[:60]}' changed since it was made")
    folder = Path(folder) if folder is not None else Path(root) / "codebooks" / "logs"
    try:
        content = _loads(body)
        state = decode_state(content["state"], texts)
        lines = decode_lines(content["lines"], [(folder / name, logs[name]) for name in sorted(covers)])
        anchored = decode(content["anchored"])
        orphans = decode(content["orphans"])
        newlines = content["newlines"]
        if not (isinstance(newlines, dict) and set(newlines) == set(covers)
                and all(type(n) is int and 0 <= n <= covers[k][0] for k, n in newlines.items())):
            raise CheckpointError("bad line counts")
        upto = tuple(header["upto"])
        if len(upto) != 3 or not (isinstance(upto[0], int) and isinstance(upto[1], str) and isinstance(upto[2], int)):
            raise CheckpointError("bad place in the fold")
        sources = dict(sources)
    except CheckpointError:
        raise
    except (KeyError, TypeError, ValueError, IndexError) as exc:
        raise CheckpointError(f"unreadable ({exc.__class__.__name__})") from None
    return Loaded(upto, state, {k: v[0] for k, v in covers.items()}, sources, anchored, orphans, lines, newlines)  # type: ignore[arg-type]


def reaches_back(loaded: Loaded, later: list[Event]) -> bool:
    """Whether an undo or redo among ``later`` (events after the bytes the checkpoint covers)
    switches an event at or before its place: the state it holds folded that event as it was."""
    targets = {e.data.get("target") for e in later if e.type in CONTROL}
    if not targets:
        return False
    lines, upto = loaded.lines, loaded.upto
    return any((lines.clock[i], lines.reviewer[i], lines.seq[i]) <= upto
               for i, key in enumerate(lines.id) if key in targets)


# ------------------------------------------------------------------ writing
def save(root: str | os.PathLike[str], *, upto: Key, state: State, logs: Mapping[str, tuple[Path, int]],
         texts: Mapping[str, str | None], anchored: Mapping[str, Coding], orphans: Mapping[str, Problem]) -> Path:
    """Write a checkpoint atomically. ``logs`` maps each log's name to (path, size): the bytes
    read from it so far, which hold every event up to ``upto`` (logs only grow, so they are
    hashed from the file as it is now). ``texts`` are the source texts the anchoring saw."""
    covers = {}
    read = {}
    for name, (path, size) in sorted(logs.items()):
        with open(path, "rb") as handle:
            raw = handle.read(size)
        if len(raw) != size:
            raise CheckpointError(f"{name} is shorter than what was read from it")
        covers[name] = [size, hashlib.sha256(raw).hexdigest()]
        read[name] = (path, raw)
    sources = {sid: text_digest(t) if t is not None else "" for sid, t in texts.items()}
    body = _dumps({"state": encode_state(state, texts), "lines": encode_lines(index_covered(read)),
                   "anchored": encode(dict(anchored)), "orphans": encode(dict(orphans)),
                   "newlines": {name: raw.count(b"\n") for name, (_, raw) in read.items()}})
    header = {"format": FORMAT, "fingerprint": fingerprint(), "upto": list(upto), "logs": covers,
              "sources": sources, "body_size": len(body), "body_sha256": hashlib.sha256(body).hexdigest()}
    target = path_of(root)
    target.parent.mkdir(parents=True, exist_ok=True)
    for old in target.parent.glob(f"{NAME}.*.tmp"):  # left by a process that ended mid-write
        try:
            if time.time() - old.stat().st_mtime > 600:
                old.unlink()
        except OSError:
            pass
    tmp = target.with_name(f"{NAME}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(tmp, "wb") as handle:
            handle.write(json.dumps(header, separators=(",", ":")).encode("utf-8") + b"\n" + body)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
        fsync_dir(target.parent)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def in_background(work: Callable[[], object]) -> threading.Thread:
    """Run ``work`` on a daemon thread; a failure (a read-only folder, a full disk) only means
    no checkpoint this time."""

    def run() -> None:
        try:
            work()
        except Exception:  # noqa: BLE001 - derived data: the next open folds the logs instead
            pass

    thread = threading.Thread(target=run, name="synthesis-checkpoint", daemon=True)
    thread.start()
    return thread


def text_digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
