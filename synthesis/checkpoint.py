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

Files are written atomically (a temporary file, fsync, rename), by a background
thread after opening, never while an action waits; a read-only project folder
simply gets none.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from typing import Any

from .log import fsync_dir
from .records import Anchor, Code, Coding, Memo, Problem
from .state import HANDLERS, State

FORMAT = 1
NAME = "checkpoint.json"
#: projects with fewer events open fast anyway: no checkpoint is written for them
MIN_EVENTS = 5000
#: a checkpoint this many events behind the end is written again
STALE_AFTER = 20000
#: the checkpoint's state stops at least this many events before the end, so undoing
#: a recent action after opening rewinds to a snapshot instead of folding from the start
TAIL = 1024

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


def encode_state(state: State) -> dict:
    return {"codes": encode(state.codes), "codings": encode(state.codings), "memos": encode(state.memos),
            "merged": encode(state.merged), "problems": encode(state.problems), "extra": encode(state.extra)}


def decode_state(body: Mapping) -> State:
    parts = {name: decode(body[name]) for name in ("codes", "codings", "memos", "merged", "problems", "extra")}
    for name in ("codes", "codings", "memos", "merged", "extra"):
        if not isinstance(parts[name], dict):
            raise CheckpointError(f"{name} is not a table")
    if not isinstance(parts["problems"], list):
        raise CheckpointError("problems is not a list")
    return State(**parts)


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


def load(root: str | os.PathLike[str], logs: Mapping[str, bytes]) -> Loaded:
    """Read and check the checkpoint against the logs' bytes (name -> bytes); raises
    :class:`CheckpointError` (or ``OSError`` when there is none) when it cannot be used."""
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
        size, digest = entry
        data = logs[name]
        if not isinstance(size, int) or len(data) < size or hashlib.sha256(data[:size]).hexdigest() != digest:
            raise CheckpointError(f"{name} is not the log it was made from")
    body = raw[cut + 1:]
    if len(body) != header.get("body_size") or hashlib.sha256(body).hexdigest() != header.get("body_sha256"):
        raise CheckpointError("damaged (its checksum does not match)")
    try:
        content = json.loads(body)
        state = decode_state(content["state"])
        anchored = decode(content["anchored"])
        orphans = decode(content["orphans"])
        upto = tuple(header["upto"])
        if len(upto) != 3 or not (isinstance(upto[0], int) and isinstance(upto[1], str) and isinstance(upto[2], int)):
            raise CheckpointError("bad place in the fold")
        sources = dict(header["sources"])
    except CheckpointError:
        raise
    except (KeyError, TypeError, ValueError) as exc:
        raise CheckpointError(f"unreadable ({exc.__class__.__name__})") from None
    return Loaded(upto, state, {k: v[0] for k, v in covers.items()}, sources, anchored, orphans)  # type: ignore[arg-type]


# ------------------------------------------------------------------ writing
def save(root: str | os.PathLike[str], *, upto: Key, state: State, logs: Mapping[str, tuple[Path, int]],
         sources: Mapping[str, str], anchored: Mapping[str, Coding], orphans: Mapping[str, Problem]) -> Path:
    """Write a checkpoint atomically. ``logs`` maps each log's name to (path, size): the bytes
    read from it so far, which hold every event up to ``upto`` (logs only grow, so they are
    hashed from the file as it is now)."""
    covers = {}
    for name, (path, size) in sorted(logs.items()):
        with open(path, "rb") as handle:
            raw = handle.read(size)
        if len(raw) != size:
            raise CheckpointError(f"{name} is shorter than what was read from it")
        covers[name] = [size, hashlib.sha256(raw).hexdigest()]
    body = json.dumps({"state": encode_state(state), "anchored": encode(dict(anchored)),
                       "orphans": encode(dict(orphans))}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    header = {"format": FORMAT, "fingerprint": fingerprint(), "upto": list(upto), "logs": covers,
              "sources": dict(sources), "body_size": len(body), "body_sha256": hashlib.sha256(body).hexdigest()}
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
