"""A review project on disk and every action a reviewer can take on it.

:class:`Project` has no UI in it: notebooks, widgets, the command line and
tests all call the same methods. Opened with a reviewer's name it holds that
reviewer's log for writing; every action is appended there (flushed and
fsynced) before the method returns, then folded into the in-memory state.

>>> import tempfile
>>> root = tempfile.mkdtemp()
>>> project = Project.init(root, reviewer="AG", name="Demo")
>>> source = project.add_text("Trust and reciprocity evaporated.", title="Note", source_id="note")
>>> trust = project.create_code("Trust", definition="Belief that partners will follow through")
>>> [c.quote for c in project.apply_code("note", 0, 5, trust)]
['Trust']
>>> project.undo().type
'coding.apply'
>>> len(project.codings)
0
>>> project.redo().type
'redo'
>>> len(project.codings)
1
>>> project.close()
"""

from __future__ import annotations

import gc
import os
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import Any

from .anchoring import make_anchor
from .corpus import store
from .corpus.normalise import cite_pages, normalise_text, page_range
from .corpus.segment import SegmentCache
from .errors import ActionError, ProjectError
from .eventlist import EventList
from .log import LogWriter, check_reviewer, gc_paused, parse_log, read_log_from
from . import checkpoint, checkpoint_writer
from .names import check_colour, problem_with_text
from .palette import unused_colour
from .records import MEMO_TARGETS, Code, Coding, Event, Memo, Problem, Segment, Source, Study
from .incremental import IncrementalFold
from .lazycodings import LazyCodings, RowCodings
from .state import CONTROL, State, anchor_coding, anchor_table, ancestors
from .undostack import UndoStack
from .corpus import importing as _importing  # noqa: F401  (registers the corpus.import event)
from .review import check as _check, queue as _queue  # noqa: F401  (second-review events)
from .themes import events as _themes  # noqa: F401  (registers the theme-stage events)

MARKER = "synthesis.toml"
LOGS = Path("codebooks") / "logs"
FOLDERS = ("corpus/sources", "codebooks/logs", "figures")

CodeRef = Code | str


def utc_now() -> str:
    """The current UTC time, ISO 8601 with milliseconds."""
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def new_id(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:12]}"


class Project:
    """A review project: corpus, codebook logs and derived state.

    Use :meth:`init` to make one and :meth:`open` (or the constructor) to open
    one. Without ``reviewer`` the project is read-only.
    """

    def __init__(
        self,
        root: str | os.PathLike[str],
        reviewer: str | None = None,
        *,
        clock: Callable[[], str] = utc_now,
        ids: Callable[[str], str] = new_id,
        nlp: Any = None,
        checkpoint: bool | None = None,
    ) -> None:
        self.root = Path(root).resolve()
        if not (self.root / MARKER).exists():
            raise ProjectError(
                f"{self.root} is not a review project (no {MARKER}); "
                "make one with `synthesis init DIR`"
            )
        self.reviewer = check_reviewer(reviewer) if reviewer else None
        self.name = self._read_name()
        self._clock = clock
        self._ids = ids
        self._checkpoint = checkpoint  # None: use it and keep it up to date; False: fold the logs, write none
        self._segments = SegmentCache(self.root, nlp)
        self._texts: dict[str, str] = {}
        self._by_source: dict[str, dict[str, None]] | None = None
        self._writer: LogWriter | None = None
        self._batch: str | None = None
        self.recovered = self._recover()
        if self.reviewer:
            self._writer = LogWriter(self.log_dir / f"{self.reviewer}.jsonl", self.reviewer)
        self.studies: Mapping[str, Study] = {}
        self.sources: Mapping[str, Source] = {}
        try:
            self.reload()
        except BaseException:
            self.close()  # a project that failed to open must not keep the log locked
            raise

    # ------------------------------------------------------------ lifecycle
    @classmethod
    def init(cls, root: str | os.PathLike[str], *, name: str | None = None, **kwargs: Any) -> "Project":
        """Make an empty review project at ``root`` and open it."""
        path = Path(root)
        if (path / MARKER).exists():
            raise ProjectError(f"{path} is already a review project")
        for folder in FOLDERS:
            (path / folder).mkdir(parents=True, exist_ok=True)
        title = (name or path.resolve().name).replace('"', "'")
        (path / MARKER).write_text(
            f'[project]\nname = "{title}"\nformat = 1\noffsets = "unicode code points of NFC text with \\\\n newlines"\n',
            encoding="utf-8",
        )
        ignore = path / ".gitignore"
        if not ignore.exists():
            ignore.write_text("corpus/.cache/\ncodebooks/logs/*.lock\n.synthesis/\n", encoding="utf-8")
        return cls(path, **kwargs)

    def _recover(self) -> list[str]:
        """Finish (or undo) an import a crash interrupted, before anything is read."""
        from . import transaction

        if not transaction.pending(self.root):
            return []

        def logged(transaction_id: str) -> bool:
            needle = transaction_id.encode("ascii")
            return any(needle in path.read_bytes() for path in self.log_dir.glob("*.jsonl"))

        return transaction.recover(self.root, logged)

    @classmethod
    def open(cls, root: str | os.PathLike[str] = ".", reviewer: str | None = None, **kwargs: Any) -> "Project":
        """Open the project at ``root``, for writing when ``reviewer`` is given."""
        return cls(root, reviewer, **kwargs)

    def _read_name(self) -> str:
        import tomllib

        try:
            settings = tomllib.loads((self.root / MARKER).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ProjectError(f"{self.root / MARKER}: cannot be read ({exc})") from None
        return str(settings.get("project", {}).get("name", self.root.name))

    @property
    def log_dir(self) -> Path:
        return self.root / LOGS

    def reload(self) -> None:
        """Re-read the corpus and every reviewer's log (to see others' work)."""
        with gc_paused():  # many objects that all stay alive: collecting meanwhile only re-scans them
            self._read_everything()
            if len(self._events) >= checkpoint.MIN_EVENTS:
                # A large project's records live as long as it does, and hold no reference cycles (they
                # are freed as soon as nothing uses them): kept out of the cyclic collector's passes, the
                # first query after opening does not pay for scanning them all (over a second on 100,000
                # events), nor does the collection the collector would start as soon as it is back on.
                gc.freeze()

    def _read_everything(self) -> None:
        self.studies = MappingProxyType(store.read_studies(self.root))
        self.sources = MappingProxyType(store.read_sources(self.root))
        self._texts = {}
        events: list[Event] = []
        problems: list[Problem] = []
        self._read_to: dict[str, tuple[int, int, int]] = {}  # log -> (inode, offset, line) read so far
        raws: dict[str, tuple[Path, int, bytes]] = {}
        if self.log_dir.exists():
            for path in sorted(self.log_dir.glob("*.jsonl")):
                raws[path.name] = (path, path.stat().st_ino, path.read_bytes())
        saved = self._load_checkpoint({name: raw for name, (_, _, raw) in raws.items()})
        later: list[Event] = []  # events after the bytes the checkpoint covers (in log order)
        for name, (path, inode, raw) in raws.items():
            covered = saved.covers.get(name, 0) if saved else 0
            line = saved.newlines[name] + 1 if covered else 1  # the first line after the covered bytes
            found, trouble, end, line = parse_log(raw[covered:] if covered else raw, path, covered, line)
            later.extend(found)
            problems.extend(trouble)
            self._read_to[name] = (inode, end, line)
        ordered = self._after_checkpoint(saved, later) if saved is not None else None
        if saved is not None and ordered is None:  # read every log's events after all
            saved = None
            for name, (path, _, raw) in raws.items():
                events.extend(parse_log(raw[:self._read_to[name][1]], path)[0])
        else:
            events = later
        self._load_problems = problems
        self._reloads = getattr(self, "_reloads", 0) + 1
        self._unfolded: list[Event] = []
        self.opened_from_checkpoint = saved is not None
        if saved is None or ordered is None:
            self._fold = IncrementalFold.of(events)
            self._events = EventList.of(self._fold.all_events())
            self._reanchor()
        else:
            self._fold = IncrementalFold.resume(saved.state, saved.upto, ordered[0], keys=ordered[1])
            self._events = EventList.of(self._fold.all_events())
            self._resume_anchoring(saved)
        self._checkpoint_later(saved)

    # ------------------------------------------------------------ checkpoint
    def _load_checkpoint(self, logs: dict[str, bytes]) -> "checkpoint.Loaded | None":
        """The checkpoint, if it is there and still matches the logs (never trusted otherwise)."""
        self.checkpoint_note = ""
        if not logs or self._checkpoint is False:
            return None
        try:
            return checkpoint.load(self.root, logs, self.text, self.log_dir)
        except FileNotFoundError:
            self.checkpoint_note = "no checkpoint yet"
        except (OSError, checkpoint.CheckpointError) as exc:
            self.checkpoint_note = f"checkpoint not used: {exc}"
        return None

    def _after_checkpoint(self, saved: "checkpoint.Loaded",
                          later: list[Event]) -> tuple[EventList, list[tuple[int, str, int]]] | None:
        """Every event in fold order, those the checkpoint covers still as log lines, and their
        keys; None when an event after the checkpoint's bytes sorts before its place (or shares a
        place with one it covers, or undoes or redoes one before it): then all is folded from the start."""
        events = saved.lines.events()
        keys = saved.lines.keys()
        if not later:
            return events, keys
        later = sorted(later, key=lambda e: e.order)
        if later[0].order <= saved.upto or checkpoint.reaches_back(saved, later):
            self.checkpoint_note = "an event older than the checkpoint arrived: folded from the start"
            return None
        extra = [e.order for e in later]
        if keys and extra[0] <= keys[-1]:  # colleagues' events among the last ones it covers
            every = keys + extra
            if len(set(every)) != len(every):
                self.checkpoint_note = "an event repeats one the checkpoint covers: folded from the start"
                return None
            items = events.items() + later
            order = sorted(range(len(every)), key=every.__getitem__)
            return EventList([items[i] for i in order], saved.lines), [every[i] for i in order]
        events.extend(later)
        return events, keys + extra

    def _resume_anchoring(self, saved: "checkpoint.Loaded") -> None:
        """Anchoring as the checkpoint found it (it was made from the same source texts); the
        codings the events after it changed are checked again."""
        pure = self._fold.state.codings
        base = saved.state.codings
        self._anchored = pure.copy(kind=LazyCodings) if isinstance(pure, RowCodings) else dict(pure)
        self._anchored.update((key, coding) for key, coding in saved.anchored.items() if key in pure)
        self._orphans = {key: p for key, p in saved.orphans.items() if base.get(key) is pure.get(key)}
        self._by_source = None
        self._reanchor(self._fold.take_changed())

    def _checkpoint_later(self, saved: "checkpoint.Loaded | None") -> None:
        """Write a checkpoint after opening when there is none worth using (in a process of its own)."""
        if self._checkpoint is False or len(self._events) < checkpoint.MIN_EVENTS:
            return
        if saved is not None and len(self._fold.events) - self._fold.position_of(saved.upto) < checkpoint.STALE_AFTER:
            return
        self._checkpoint_job = checkpoint_writer.start(self.root, self._checkpoint_work)

    def save_checkpoint(self) -> Path | None:
        """Write the checkpoint now (it is also written in the background after opening a
        large project); None when there is nothing to write."""
        work = self._checkpoint_work()
        return work() if work is not None else None

    def _checkpoint_work(self) -> "Callable[[], Path] | None":
        """What writing a checkpoint needs, gathered now; the returned function writes it."""
        found = self._fold.snapshot_before(checkpoint.TAIL)
        if found is None:
            return None
        upto, state = found  # a kept snapshot: never changed again, safe to read from another thread
        own = f"{self.reviewer}.jsonl" if self._writer is not None else None
        logs = {}
        for name, (_, offset, _) in self._read_to.items():
            logs[name] = (self.log_dir / name, offset)
        if own is not None:
            logs[own] = (self.log_dir / own, (self.log_dir / own).stat().st_size)
        anchored = {k: c for k, c in self._anchored.items() if state.codings.get(k) is not None
                    and c is not state.codings[k] and self._fold.state.codings.get(k) is state.codings[k]}
        orphans = {k: p for k, p in self._orphans.items() if k in anchored}
        sources = sorted({c.source_id for c in state.codings.values()})
        recheck = [k for k, c in state.codings.items() if self._fold.state.codings.get(k) is not c]
        root, text = self.root, self.text
        texts = {sid: text(sid) for sid in sources}

        def write() -> Path:
            extra_anchored, extra_orphans = dict(anchored), dict(orphans)
            for key in recheck:  # codings that changed after the snapshot: checked as they were then
                coding = state.codings[key]
                checked, problem = anchor_coding(key, coding, texts.get(coding.source_id))
                if checked is not coding:
                    extra_anchored[key] = checked
                if problem is not None:
                    extra_orphans[key] = problem
            return checkpoint.save(root, upto=upto, state=state, logs=logs, texts=texts,
                                   anchored=extra_anchored, orphans=extra_orphans)

        return write

    def refresh(self) -> list[Event]:
        """Fold in the events other reviewers have appended since the logs were read.

        Cheap when nothing changed (one ``stat`` per log); otherwise only the new
        bytes of each log are read and folded in incrementally. A log that was
        replaced or cut short (a git checkout, a restore) makes this re-read every
        log. Returns the new events in fold order.

        >>> import tempfile
        >>> root = tempfile.mkdtemp()
        >>> ag = Project.init(root, reviewer="AG")
        >>> bb = Project.open(root, reviewer="BB")
        >>> _ = bb.create_code("Trust")
        >>> [e.type for e in ag.refresh()], sorted(c.label for c in ag.codes.values())
        (['code.create'], ['Trust'])
        >>> ag.refresh()
        []
        >>> ag.close(); bb.close()
        """
        if not self.log_dir.exists():
            return []
        own = f"{self.reviewer}.jsonl" if self.reviewer else None
        new: list[Event] = []
        names = set()
        for path in sorted(self.log_dir.glob("*.jsonl")):
            names.add(path.name)
            if path.name == own:
                continue  # this session writes it: its events are folded as they are recorded
            try:
                info = path.stat()
            except FileNotFoundError:
                continue
            inode, offset, line = self._read_to.get(path.name, (info.st_ino, 0, 1))
            if info.st_size == offset and info.st_ino == inode:
                continue
            if info.st_ino != inode or info.st_size < offset or not self._continues(path, offset):
                return self._reread()
            found, _, end, line = read_log_from(path, offset, line, torn=False)
            self._read_to[path.name] = (inode, end, line)
            new.extend(found)
        if set(self._read_to) - names:  # a log disappeared
            return self._reread()
        if not new:
            return []
        new.sort(key=lambda e: e.order)
        was = self.version
        self._events.insert_in_order(new)
        stack = getattr(self, "_stack", None)
        if stack is not None and stack[0] == was and all(e.reviewer != self.reviewer for e in new):
            self._stack = (self.version, stack[1])  # colleagues' events leave this reviewer's undo as it was
        self._fold_in(new)
        if any(e.type == "corpus.import" for e in new):  # a colleague imported documents
            self._corpus_changed()
        return new

    @staticmethod
    def _continues(path: Path, offset: int) -> bool:
        """Whether the log still ends a line at ``offset`` (it only grew, by appends)."""
        if offset == 0:
            return True
        with open(path, "rb") as handle:
            handle.seek(offset - 1)
            return handle.read(1) == b"\n"

    def _reread(self) -> list[Event]:
        """Read every log again; returns the events that were not there before."""
        before = set(self._events.column("id"))
        self.reload()
        return [self._events[i] for i, key in enumerate(self._events.column("id")) if key not in before]

    def _refold(self) -> None:
        """Fold in the undo and redo events recorded with ``refold=False``."""
        pending, self._unfolded = self._unfolded, []
        if pending:
            self._fold_in(pending)

    def _fold_in(self, events: list[Event]) -> None:
        """Fold new events in incrementally and re-check the codings they changed."""
        self._reanchor(self._fold.add(events))

    def _reanchor(self, changed: Iterable[str] | None = None) -> None:
        """Expose the folded state with every coding (or the ``changed`` ones) checked
        against its source's current text (see :func:`synthesis.state.anchor_coding`)."""
        pure = self._fold.state
        if changed is None:
            self._anchored, self._orphans = anchor_table(pure.codings, self.text)
            self._by_source = None
            changed = ()
        anchored, orphans, index = self._anchored, self._orphans, self._by_source
        for key in changed:
            coding = pure.codings.get(key)
            orphans.pop(key, None)
            if coding is None:
                anchored.pop(key, None)
                continue
            checked, problem = anchor_coding(key, coding, self.text(coding.source_id))
            anchored[key] = checked
            if problem is not None:
                orphans[key] = problem
            if index is not None:
                index.setdefault(coding.source_id, {})[key] = None
        self._state = State(pure.codes, anchored, pure.memos, pure.merged, pure.problems, pure.extra)
        self._anchor_problems = list(orphans.values())

    @property
    def version(self) -> tuple[int, int]:
        """Changes whenever the state may have: views cache their work against it."""
        return (self._reloads, len(self._events))

    def cached(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()``, worked out once per version of the project's state."""
        store = self.__dict__.setdefault("_cache", {})
        hit = store.get(key)
        if hit is None or hit[0] != self.version:
            hit = store[key] = (self.version, compute())
        return hit[1]

    def code_counts(self) -> dict[str, int]:
        """Number of codings of each code (all reviewers)."""
        cached = getattr(self, "_counts", None)
        if cached is None or cached[0] != self.version:
            counts: dict[str, int] = dict.fromkeys(self._state.codes, 0)
            for coding in self._state.codings.values():
                counts[coding.code_id] = counts.get(coding.code_id, 0) + 1
            cached = self._counts = (self.version, counts)
        return cached[1]

    def _keep_indexes(self, was: tuple[int, int], type: str, data: dict[str, Any]) -> None:
        """Bring the code counts up to date after one event, or drop them (the coding index
        is kept by :meth:`_reanchor`)."""
        counts = getattr(self, "_counts", None)
        if counts is not None and counts[0] == was and type in ("coding.apply", "code.create"):
            if type == "code.create":
                counts[1][data["code_id"]] = 0
            for _, code_id in data.get("codings", ()):
                counts[1][code_id] = counts[1].get(code_id, 0) + 1
            self._counts = (self.version, counts[1])

    def codings_of(self, source_id: str) -> list[Coding]:
        """The codings of one source (from an index kept up to date while coding)."""
        if self._by_source is None:
            index: dict[str, dict[str, None]] = {}
            for key, coding in self._state.codings.items():
                index.setdefault(coding.source_id, {})[key] = None
            self._by_source = index
        codings = self._state.codings
        return [codings[k] for k in self._by_source.get(source_id, ()) if k in codings]

    @property
    def writing(self) -> bool:
        """True while this project holds its reviewer's log open for writing (until :meth:`close`)."""
        return self._writer is not None

    def close(self) -> None:
        """Release this reviewer's log."""
        if self._writer is not None:
            self._writer.close()
            self._writer = None

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def __repr__(self) -> str:
        who = f", reviewer={self.reviewer!r}" if self.reviewer else ""
        return (f"<Project {self.name!r}{who}: {len(self.studies)} studies, "
                f"{len(self.sources)} sources, {len(self.codes)} codes, {len(self.codings)} codings>")

    # ---------------------------------------------------------------- state
    @property
    def state(self) -> State:
        return self._state

    @property
    def events(self) -> Sequence[Event]:
        """Every event of every reviewer, in fold order (the audit trail). After opening from a
        checkpoint the first call parses the log lines it covers; :meth:`event` does not."""
        return tuple(self._events)

    def event(self, event_id: str) -> Event | None:
        """The event with this id (the first in fold order, should a log repeat it), or None."""
        return self._fold.event(event_id)

    @property
    def codes(self) -> Mapping[str, Code]:
        return MappingProxyType(self._state.codes)

    @property
    def codings(self) -> Mapping[str, Coding]:
        return MappingProxyType(self._state.codings)

    @property
    def memos(self) -> Mapping[str, Memo]:
        return MappingProxyType(self._state.memos)

    @property
    def reviewers(self) -> list[str]:
        """Everyone who has written to the logs, and the current reviewer."""
        names = set(self._events.column("reviewer"))
        if self.reviewer:
            names.add(self.reviewer)
        return sorted(names)

    @property
    def problems(self) -> list[Problem]:
        """Torn log lines, events that no longer fit, codings that lost their text, and
        labels two codes share (two reviewers made the same code at the same moment)."""
        clashes = [Problem("duplicate-label", f"{len(codes)} codes are labelled '{codes[0].label}' "
                           f"({', '.join(f'{c.code_id} by {c.created_by}' for c in codes)}): merge them, or "
                           "rename one", codes[0].code_id)
                   for codes in self.duplicate_labels()]
        return [*self._load_problems, *self._state.problems, *self._anchor_problems, *clashes]

    def duplicate_labels(self) -> list[tuple[Code, ...]]:
        """Codes that share a label (ignoring case), oldest first: what merging can resolve.

        The API refuses a second code of a label, but two reviewers' logs can each
        create one at the same moment; the fold keeps both.
        """
        by_label: dict[str, list[Code]] = {}
        for code in self._state.codes.values():
            by_label.setdefault(code.label.casefold(), []).append(code)
        return [tuple(sorted(codes, key=lambda c: (c.created_at, c.code_id)))
                for codes in by_label.values() if len(codes) > 1]

    def text(self, source_id: str) -> str | None:
        """The normalised text of a source (None if the source is unknown)."""
        if source_id not in self._texts:
            text = store.read_text(self.root, source_id)
            if text is None:
                return None
            self._texts[source_id] = text
        return self._texts[source_id]

    def segments(self, source_id: str | None = None) -> list[Segment]:
        """Sentence segments of one source, or of all sources in id order."""
        ids = [source_id] if source_id else sorted(self.sources)
        texts = {sid: self._need_text(sid) for sid in ids}
        found = self._segments.get_many(texts)
        return [seg for sid in ids for seg in found[sid]]

    def code(self, ref: CodeRef) -> Code:
        """A code by :class:`Code`, id or label (labels case-insensitive)."""
        if isinstance(ref, Code):
            ref = ref.code_id
        codes = self._state.codes
        if ref in codes:
            return codes[ref]
        wanted = str(ref).strip().casefold()
        found = sorted((code for code in codes.values() if code.label.casefold() == wanted),
                       key=lambda c: (c.created_at, c.code_id))
        if len(found) > 1:
            which = ", ".join(f"'{c.code_id}' (made by {c.created_by})" for c in found)
            raise ActionError(f"{len(found)} codes are labelled '{found[0].label}': {which}. Name one by its id, "
                              f"or merge them (merge_codes([{', '.join(repr(c.code_id) for c in found[1:])}], "
                              f"into={found[0].code_id!r}))")
        if found:
            return found[0]
        merged = self._state.merged.get(ref)
        if merged:
            raise ActionError(f"code '{ref}' was merged into '{self.code(merged).label}'")
        raise ActionError(f"no code '{ref}' in the codebook")

    def study_of(self, source_id: str) -> Study | None:
        source = self.sources.get(source_id)
        return self.studies.get(source.study_id) if source and source.study_id else None

    def page(self, coding: Coding) -> str:
        """The page label(s) of a coding, "10" or "8-10" ('' if unknown)."""
        source = self.sources.get(coding.source_id)
        return page_range(source.pages, coding.start, coding.end) if source else ""

    def cite(self, coding: Coding) -> str:
        """The in-text citation of a coded quotation: "(Green and Dicks, 2012; p. 10)"."""
        study = self.study_of(coding.source_id)
        source = self.sources.get(coding.source_id)
        who = study.citation if study else (source.title if source else coding.source_id)
        pages = cite_pages(self.page(coding))
        return f"({who}; {pages})" if pages else f"({who})"

    # -------------------------------------------------------------- writing
    def _need_writer(self) -> LogWriter:
        if self._writer is None:
            if self.reviewer:  # it was open for writing: close() let the log go
                raise ActionError(f"this opening of the project as {self.reviewer} is closed (its log was let go, "
                                  "perhaps to a newer opening): use the newer one, or open the project again")
            raise ActionError("this project is open read-only: open it with a reviewer name to make changes")
        return self._writer

    def _need_text(self, source_id: str) -> str:
        text = self.text(source_id)
        if text is None:
            raise ActionError(f"no source '{source_id}' in the corpus")
        return text

    def record(self, type: str, data: dict[str, Any], *, refold: bool = True) -> Event:
        """Append one event durably, then fold it in. The one way to change state.

        Inside :meth:`batch` the event carries the batch's id. ``refold=False`` leaves an
        undo or redo unfolded (the caller refolds once after several).
        """
        writer = self._need_writer()
        if self._batch is not None and type not in CONTROL:
            data = {**data, "batch": self._batch}
        clock = (self._events[-1].clock if self._events else 0) + 1
        event = writer.append(type, data, clock=clock, time=self._clock())
        was = self.version
        self._events.append(event)
        stack = getattr(self, "_stack", None)
        if stack is not None and stack[0] == was:  # keep the undo stacks without a rescan
            stack[1].push(event, self.reviewer)
            self._stack = (self.version, stack[1])
        if type in CONTROL:
            self._unfolded.append(event)
            if refold:
                self._refold()
        else:
            pending, self._unfolded = self._unfolded, []
            before = len(self._fold.state.problems)
            self._fold_in([*pending, event])
            if len(self._state.problems) > before:  # cannot happen after validation
                raise ActionError(self._state.problems[-1].message)
            self._keep_indexes(was, type, data)
        return event

    # codes
    def create_code(self, label: str, definition: str = "", colour: str | None = None) -> Code:
        """Add a code to the codebook; labels must be unique (ignoring case)."""
        label = self._check_label(label)
        code_id = self._ids("C")
        colour = check_colour(colour) if colour else unused_colour(
            [c.colour for c in self._state.codes.values()], len(self._state.codes) + len(self._state.merged))
        self.record("code.create", {"code_id": code_id, "label": label, "definition": definition, "colour": colour})
        return self._state.codes[code_id]

    def _check_label(self, label: str, *, allow: str | None = None) -> str:
        label = " ".join(str(label).split())
        if not label:
            raise ActionError("a code needs a label")
        problem = problem_with_text(label, "a code label")
        if problem:
            raise ActionError(problem)
        for code in self._state.codes.values():
            if code.label.casefold() == label.casefold() and code.code_id != allow:
                raise ActionError(f"a code labelled '{code.label}' exists already")
        return label

    def update_code(self, code: CodeRef, *, label: str | None = None,
                    definition: str | None = None, colour: str | None = None) -> Code:
        """Change a code's label, definition or colour."""
        found = self.code(code)
        data: dict[str, Any] = {"code_id": found.code_id}
        if label is not None:
            data["label"] = self._check_label(label, allow=found.code_id)
        if definition is not None:
            data["definition"] = definition
        if colour is not None:
            data["colour"] = check_colour(colour)
        self.record("code.update", data)
        return self._state.codes[found.code_id]

    def rename_code(self, code: CodeRef, label: str) -> Code:
        return self.update_code(code, label=label)

    def nest_code(self, code: CodeRef, parent: CodeRef | None) -> Code:
        """Put ``code`` under ``parent`` in the code tree (``None``: at the top).

        A code cannot go under itself or under a code inside it. Deleting a parent lifts its
        children to the grandparent; merging a parent into another code moves its children there.
        """
        found = self.code(code)
        above = self.code(parent) if parent is not None else None
        if above is not None:
            if above.code_id == found.code_id:
                raise ActionError(f"'{found.label}' cannot go under itself")
            if found.code_id in ancestors(self._state, above.code_id):
                raise ActionError(f"'{found.label}' cannot go under '{above.label}', which sits inside it")
        self.record("code.move", {"code_id": found.code_id, "parent": above.code_id if above else ""})
        return self._state.codes[found.code_id]

    def delete_code(self, code: CodeRef) -> None:
        """Remove a code and its codings (undo brings both back)."""
        self.record("code.delete", {"code_id": self.code(code).code_id})

    def merge_codes(self, sources: Iterable[CodeRef], into: CodeRef) -> Code:
        """Move every coding of ``sources`` to ``into`` and retire ``sources``."""
        target = self.code(into)
        ids = sorted({self.code(s).code_id for s in sources} - {target.code_id})
        if not ids:
            raise ActionError("name at least one code, other than the target, to merge")
        self.record("code.merge", {"sources": ids, "target": target.code_id})
        return self._state.codes[target.code_id]

    def split_code(self, code: CodeRef, into: Mapping[str, Iterable[Coding | str]]) -> list[Code]:
        """Make new codes from ``into`` (label -> codings to move); others stay put."""
        original = self.code(code)
        specs, assign = [], {}
        labels = set()
        for label, codings in into.items():
            label = self._check_label(label)
            if label.casefold() in labels:
                raise ActionError(f"'{label}' is named twice")
            labels.add(label.casefold())
            code_id = self._ids("C")
            specs.append({"code_id": code_id, "label": label, "definition": "",
                          "colour": unused_colour([*(c.colour for c in self._state.codes.values()),
                                                   *(spec["colour"] for spec in specs)], len(self._state.codes) + len(specs))})
            for item in codings:
                cid = item.coding_id if isinstance(item, Coding) else item
                coding = self._state.codings.get(cid)
                if coding is None or coding.code_id != original.code_id:
                    raise ActionError(f"coding '{cid}' is not a coding of '{original.label}'")
                assign[cid] = code_id
        if not specs:
            raise ActionError("name at least one new code to split into")
        self.record("code.split", {"code_id": original.code_id, "into": specs, "assign": assign})
        return [self._state.codes[s["code_id"]] for s in specs]

    # codings
    def apply_code(self, source_id: str, start: int, end: int,
                   codes: CodeRef | Iterable[CodeRef]) -> list[Coding]:
        """Code ``text[start:end]`` of a source with one or more codes."""
        text = self._need_text(source_id)
        anchor = make_anchor(source_id, text, start, end)
        if isinstance(codes, (Code, str)):
            codes = [codes]
        found = []
        for ref in codes:
            code = self.code(ref)
            if code not in found:
                found.append(code)
        if not found:
            raise ActionError("name at least one code to apply")
        mine = {c.code_id for c in self.codings_of(source_id)
                if c.reviewer == self.reviewer and c.start == start and c.end == end}
        pairs = [[self._ids("K"), c.code_id] for c in found if c.code_id not in mine]
        if not pairs:
            raise ActionError("you have already applied these codes to this span")
        self.record("coding.apply", {
            "source_id": source_id, "start": start, "end": end, "quote": anchor.quote,
            "prefix": anchor.prefix, "suffix": anchor.suffix, "codings": pairs,
            "source_sha256": self.sources[source_id].sha256 if source_id in self.sources else "",
        })
        return [self._state.codings[cid] for cid, _ in pairs]

    def remove_coding(self, *codings: Coding | str) -> None:
        """Remove one or more codings."""
        ids = []
        for item in codings:
            cid = item.coding_id if isinstance(item, Coding) else item
            if cid not in self._state.codings:
                raise ActionError(f"no coding '{cid}'")
            ids.append(cid)
        if not ids:
            raise ActionError("name at least one coding to remove")
        self.record("coding.remove", {"coding_ids": ids})

    def codings_at(self, source_id: str, offset: int) -> list[Coding]:
        """Codings of a source that cover the character at ``offset``."""
        return [c for c in self.codings_of(source_id) if c.start <= offset < c.end]

    # memos
    def write_memo(self, target_kind: str, target_id: str, text: str) -> Memo:
        """Write (or rewrite) this reviewer's memo on a code, coding or source."""
        reviewer = self._need_writer().reviewer
        if target_kind not in MEMO_TARGETS:
            raise ActionError(f"a memo is written on one of {', '.join(MEMO_TARGETS)}, not {target_kind!r}")
        if target_kind == "code":
            target_id = self.code(target_id).code_id
        elif target_kind == "coding" and target_id not in self._state.codings:
            raise ActionError(f"no coding '{target_id}'")
        elif target_kind == "source" and target_id not in self.sources:
            raise ActionError(f"no source '{target_id}' in the corpus")
        existing = next((m for m in self._state.memos.values() if m.author == reviewer
                         and m.target_kind == target_kind and m.target_id == target_id), None)
        memo_id = existing.memo_id if existing else self._ids("M")
        self.record("memo.write", {"memo_id": memo_id, "target_kind": target_kind,
                                   "target_id": target_id, "text": str(text)})
        return self._state.memos[memo_id]

    def delete_memo(self, memo: Memo | str) -> None:
        memo_id = memo.memo_id if isinstance(memo, Memo) else memo
        if memo_id not in self._state.memos:
            raise ActionError(f"no memo '{memo_id}'")
        self.record("memo.delete", {"memo_id": memo_id})

    def memos_on(self, target_kind: str, target_id: str) -> list[Memo]:
        return [m for m in self._state.memos.values()
                if m.target_kind == target_kind and m.target_id == target_id]

    @contextmanager
    def batch(self) -> Iterator[str]:
        """Make the actions taken inside one step for Undo and Redo (each is still its own event).

        >>> import tempfile
        >>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
        >>> _ = p.add_text("Trust and reciprocity.", title="Note", source_id="note")
        >>> code = p.create_code("Trust")
        >>> with p.batch():
        ...     _ = p.apply_code("note", 0, 5, code)
        ...     _ = p.apply_code("note", 10, 21, code)
        >>> _ = p.undo()
        >>> len(p.codings), p.can_undo()
        (0, True)
        >>> _ = p.redo()
        >>> len(p.codings)
        2
        >>> p.close()
        """
        self._need_writer()
        if self._batch is not None:  # nested: part of the enclosing batch
            yield self._batch
            return
        self._batch = self._ids("B")
        try:
            yield self._batch
        finally:
            self._batch = None

    def _batch_of(self, target: str, among: list[str]) -> list[str]:
        """``target`` and the other ids in ``among`` recorded in the same batch, latest first."""
        event = self._fold.event
        first = event(target)
        batch = first.data.get("batch") if first is not None else None
        if not batch:
            return [target]
        found = [(key, event(key)) for key in reversed(among)]
        return [key for key, e in found if e is not None and e.data.get("batch") == batch]

    # undo / redo
    def _undo_stack(self) -> UndoStack:
        """This reviewer's undoable and redoable event ids (kept up to date as events are recorded)."""
        cached = getattr(self, "_stack", None)
        if cached is not None and cached[0] == self.version:
            return cached[1]
        stack = UndoStack.of(self._events, self.reviewer)
        self._stack = (self.version, stack)
        return stack

    def can_undo(self) -> bool:
        return bool(self.reviewer and self._undo_stack().done)

    def can_redo(self) -> bool:
        return bool(self.reviewer and self._undo_stack().undone)

    def undo(self) -> Event | None:
        """Undo this reviewer's last action in force; returns it (None if nothing)."""
        self._need_writer()
        done = self._undo_stack().done
        if not done:
            return None
        target = done[-1]
        for key in self._batch_of(target, done):  # a batch is undone as one step (ids listed first)
            self.record("undo", {"target": key}, refold=False)
        self._refold()
        return self.event(target) or next(e for e in self._events if e.id == target)

    def redo(self) -> Event | None:
        """Redo the last undone action (until a new action is taken)."""
        self._need_writer()
        undone = self._undo_stack().undone
        if not undone:
            return None
        event = None
        for key in self._batch_of(undone[-1], undone):  # a batch is redone as one step (ids listed first)
            event = self.record("redo", {"target": key}, refold=False)
        self._refold()
        return event

    # corpus
    def add_text(self, text: str, *, title: str, source_id: str | None = None,
                 study_id: str = "", kind: str = "document", original_name: str = "",
                 pages: tuple[tuple[int, str], ...] = ()) -> Source:
        """Store a text as a source (normalised); replaces a source of the same id."""
        from .corpus.importing import save_sources
        from .corpus.sources import check_source_id

        text = normalise_text(text)
        sid = source_id or store.slug(title)
        check_source_id(original_name or title, sid)
        source = Source(sid, title, study_id, kind, original_name, store.sha256(text), len(text), pages)
        save_sources(self, [(source, text)])
        return self.sources[sid]

    def import_studies(self, path: str | os.PathLike[str], *, encoding: str | None = None,
                       update: bool = False) -> list[Study]:
        """Import study metadata from a CSV/XLSX extraction sheet or a RIS file."""
        from .corpus.importing import import_studies

        return import_studies(self, path, encoding=encoding, update=update)

    def import_sources(self, *paths: str | os.PathLike[str], study_id: str | None = None,
                       kind: str | None = None, encoding: str | None = None,
                       replace: bool = False) -> list[Source]:
        """Import documents (.txt, .md, .docx, .pdf) as sources.

        ``study_id`` names the study they belong to; left out, the import warns that they will be
        cited by their titles, and ``""`` says they belong to no study.
        Returns the sources; with ``replace``, its ``codings_kept`` says what became of the
        codings of each coded source replaced (:class:`~synthesis.corpus.replacing.Imported`).
        """
        from .corpus.importing import import_sources

        return import_sources(self, paths, study_id=study_id, kind=kind, encoding=encoding, replace=replace)

    def import_extracts(self, path: str | os.PathLike[str], *, encoding: str | None = None,
                        replace: bool = False) -> list[Source]:
        """Import a CSV/XLSX sheet with one row per extract (study id, page, text)."""
        from .corpus.importing import import_extracts

        return import_extracts(self, path, encoding=encoding, replace=replace)

    def _corpus_changed(self) -> None:
        """Called by importers after they write: re-read corpus, re-anchor codings."""
        self.studies = MappingProxyType(store.read_studies(self.root))
        self.sources = MappingProxyType(store.read_sources(self.root))
        self._texts = {}
        self._reanchor()  # anchor from the logged offsets, exactly as a reopened project does
