"""Errors that tell the user which file, line or row, and field are at fault.

>>> err = InputError("studies.csv", "duplicate study id 'green2012'", line=4, field="study_id")
>>> print(err)
studies.csv, row 4, field 'study_id': duplicate study id 'green2012'

Choices an import makes on the user's behalf are warnings that say so:

>>> import warnings
>>> with warnings.catch_warnings(record=True) as seen:
...     warnings.simplefilter("always")
...     warn_input("studies.csv", "column 'Yr' is not a study field; it was not imported", line=1, field="Yr")
>>> print(seen[0].message)
studies.csv, row 1, field 'Yr': column 'Yr' is not a study field; it was not imported
"""

from __future__ import annotations

import warnings
from pathlib import Path


#: The longest message an error shows: bad input is quoted by a short excerpt, never whole.
MAX_MESSAGE = 600


def shorten(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, the cut marked with how much was left out.

    >>> shorten("a" * 50, 30)
    'aaaaaaaaaaaa … [38 characters] …'
    >>> shorten("short", 30)
    'short'
    """
    text = str(text)
    if len(text) <= limit:
        return text
    keep = max(limit - 18, 1)
    return f"{text[:keep]} … [{len(text) - keep:,} characters] …"


class SynthesisError(Exception):
    """Base class of every error the package raises on purpose."""


class InputError(SynthesisError, ValueError):
    """Bad input: names the file, the row or line, and the field at fault.

    ``unit`` says whether ``line`` counts rows of a table ("row") or lines
    of a text file ("line").
    """

    def __init__(
        self,
        file: str | Path,
        message: str,
        *,
        line: int | None = None,
        field: str | None = None,
        unit: str = "row",
    ) -> None:
        self.file = str(file)
        self.message = message
        self.line = line
        self.field = field
        self.unit = unit
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [shorten(self.file, 200)]
        if self.line is not None:
            where.append(f"{self.unit} {self.line}")
        if self.field is not None:
            where.append(f"field '{shorten(self.field, 80)}'")
        return f"{', '.join(where)}: {shorten(self.message, MAX_MESSAGE)}"


class ActionError(SynthesisError, ValueError):
    """A coding action that cannot be carried out (unknown code, bad span...)."""


class LogLockedError(SynthesisError):
    """Another session already has this reviewer's log open for writing."""


class LogCorruptError(InputError):
    """An event log has a damaged line that is not the last one."""


class ProjectError(SynthesisError):
    """The folder is not a review project, or is one already."""


class InputWarning(UserWarning):
    """A choice an import made that the user should know of: a column left out, a
    document linked to no study. Worded like :class:`InputError`."""


def warn_input(file: str | Path, message: str, *, line: int | None = None, field: str | None = None,
               unit: str = "row") -> None:
    """Warn (:class:`InputWarning`) about ``file``, naming the row or line and field."""
    warnings.warn(InputWarning(str(InputError(file, message, line=line, field=field, unit=unit))), stacklevel=2)
