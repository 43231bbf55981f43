"""A codings table whose records are made when something first reads them.

Opening a large project from its checkpoint gets the codings as columns; making tens
of thousands of :class:`~synthesis.records.Coding` records from them is most of the
opening's work, and nothing may read them before the reviewer does something.
:class:`LazyCodings` is a ``dict`` (coding id -> coding) whose values start as row
numbers into a shared :class:`Rows`: keys, ``len``, ``in``, adding and removing need no
record; reading one value makes that record, and iterating values or items, comparing,
copying into a plain dict or printing makes every record still waiting, in one pass.
Every copy of a table (the fold's snapshots, the anchored table) shares the same
:class:`Rows`, so a coding is made once and is the same object in each of them. A
table may also track the keys it changes (``touched``), as the fold's working table does.
The fold's own tables are :class:`RowCodings`, copied as fast as plain dicts; the table a
project hands out is a :class:`LazyCodings`, which ``dict(table)`` reads record by record.

Values are never plain ``int``: codings are records.

>>> rows = Rows(lambda numbers: [f"coding {n}" for n in numbers], 3)
>>> table = LazyCodings.of(["a", "b", "c"], rows)
>>> len(table), "b" in table, rows.made
(3, True, 0)
>>> table["b"], rows.made
('coding 1', 1)
>>> copy = table.copy()
>>> del copy["a"]
>>> list(copy.values()), rows.made
(['coding 1', 'coding 2'], 2)
>>> copy["c"] is table["c"], dict(table) == {"a": "coding 0", "b": "coding 1", "c": "coding 2"}
(True, True)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

_get, _set, _items = dict.__getitem__, dict.__setitem__, dict.items


class Rows:
    """Records made from rows on demand, each once: ``build(numbers)`` makes the records of
    those row numbers (in that order)."""

    def __init__(self, build: Callable[[list[int]], list[Any]], n: int) -> None:
        self._build: Callable[[list[int]], list[Any]] | None = build
        self._made: list[Any] = [None] * n
        self.made = 0

    def __len__(self) -> int:
        return len(self._made)

    def one(self, number: int) -> Any:
        value = self._made[number]
        if value is None:
            value = self.many([number])[0]
        return value

    def many(self, numbers: list[int]) -> list[Any]:
        made = self._made
        todo = [n for n in numbers if made[n] is None]
        if todo:
            for n, value in zip(todo, self._build(todo)):  # type: ignore[misc]
                made[n] = value
            self.made += len(todo)
            if self.made == len(made):
                self._build = None  # every record is made: the rows are no longer needed
        return [made[n] for n in numbers]


class RowCodings(dict):
    """A dict of codings some of which are still row numbers into ``rows`` (see the module).

    Copied as fast as a plain dict, and so also by ``dict(table)``, which copies row numbers
    as they are: the fold keeps its own tables so; :class:`LazyCodings` is the one to hand out.
    """

    __slots__ = ("rows", "lazy", "touched")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: Rows | None = None
        self.lazy = False  # whether some values may still be row numbers
        self.touched: set[str] | None = None  # the keys changed, when tracked

    @classmethod
    def of(cls, keys: Iterable[str], rows: Rows) -> "RowCodings":
        """Key ``i`` of ``keys`` is row ``i`` of ``rows``; nothing is made yet."""
        table = cls(zip(keys, range(len(rows))))
        table.rows, table.lazy = rows, True
        return table

    def copy(self, *, track: bool = False, kind: "type[RowCodings] | None" = None) -> "RowCodings":  # type: ignore[override]
        """A copy (of this class, or ``kind``) sharing the rows, and so the records; ``track``: it
        records the keys it changes."""
        twin = (kind or type(self))()
        # the row numbers as they are: a table that reads values through __iter__ gives its items
        dict.update(twin, self if type(self).__iter__ is dict.__iter__ else _items(self))
        twin.rows, twin.lazy = self.rows, self.lazy
        twin.touched = set() if track else None
        return twin

    # ------------------------------------------------------------ making the records
    def fill(self) -> None:
        """Make every record still waiting, in one pass."""
        if self.lazy:
            waiting = [(key, value) for key, value in _items(self) if type(value) is int]
            if waiting:
                made = self.rows.many([value for _, value in waiting])  # type: ignore[union-attr]
                dict.update(self, zip([key for key, _ in waiting], made))
            self.lazy = False

    def __getitem__(self, key: str) -> Any:
        value = _get(self, key)
        if type(value) is int and self.lazy:
            value = self.rows.one(value)  # type: ignore[union-attr]
            _set(self, key, value)
        return value

    def get(self, key: str, default: Any = None) -> Any:
        return self[key] if key in self else default

    def values(self) -> Any:  # type: ignore[override]
        self.fill()
        return dict.values(self)

    def items(self) -> Any:  # type: ignore[override]
        self.fill()
        return dict.items(self)

    def __eq__(self, other: object) -> bool:
        self.fill()
        if isinstance(other, LazyCodings):
            other.fill()
        return dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __or__(self, other: Any) -> dict:
        self.fill()
        return dict(dict.items(self)) | other

    def __repr__(self) -> str:
        self.fill()
        return dict.__repr__(self)

    def __reduce__(self) -> tuple:
        self.fill()
        return (dict, (dict(dict.items(self)),))

    # ------------------------------------------------------------ changing (tracked)
    def __setitem__(self, key: str, value: Any) -> None:
        if self.touched is not None:
            self.touched.add(key)
        _set(self, key, value)

    def __delitem__(self, key: str) -> None:
        if self.touched is not None:
            self.touched.add(key)
        dict.__delitem__(self, key)

    def pop(self, key: str, *default: Any) -> Any:
        if key in self:
            value = self[key]
            del self[key]
            return value
        if self.touched is not None:
            self.touched.add(key)
        return dict.pop(self, key, *default)

    def popitem(self) -> tuple[str, Any]:
        key = next(reversed(self.keys()))
        return key, self.pop(key)

    def setdefault(self, key: str, default: Any = None) -> Any:
        if key not in self:
            self[key] = default
        elif self.touched is not None:
            self.touched.add(key)
        return self[key]

    def update(self, *args: Any, **kwargs: Any) -> None:
        for key, value in dict(*args, **kwargs).items():
            self[key] = value

    def clear(self) -> None:
        if self.touched is not None:
            self.touched.update(self.keys())
        dict.clear(self)


class LazyCodings(RowCodings):
    """A :class:`RowCodings` that ``dict(table)`` and ``{**table}`` read through ``__getitem__``
    (so they get records, never row numbers): the table a project hands out."""

    __slots__ = ()

    def __iter__(self) -> Iterator[str]:
        return dict.__iter__(self)


__all__ = ["LazyCodings", "RowCodings", "Rows"]
