"""Words a reviewer reads: counts with their plurals, local times, and what an action did.

Views show these instead of internal names: an undo says what it took back in the
reviewer's words, a memo's time is the reviewer's local time, "1 coding" not "1 codings".
What an action did is said by :func:`synthesis.wording.what`; :func:`describe` is the
coding view's wording of it, which names a place by its quote.

>>> plural(1, "coding"), plural(3, "coding"), plural(2, "study", "studies")
('1 coding', '3 codings', '2 studies')
>>> local_time("2026-12-03T10:20:00.000Z", tz=timezone.utc)
'3 Dec 2026, 10:20'
>>> local_time("not a time")
'not a time'
"""

from __future__ import annotations

from datetime import datetime, timezone, tzinfo
from typing import TYPE_CHECKING

from ..wording import QUOTE_CHARS, plural, short_quote, what

if TYPE_CHECKING:
    from ..project import Project
    from ..records import Event

__all__ = ["QUOTE_CHARS", "describe", "local_time", "plural", "short_quote"]


def local_time(stamp: str, *, tz: tzinfo | None = None) -> str:
    """An ISO time stamp (UTC in the logs) as a readable local time: "3 Dec 2026, 10:20".

    ``tz`` defaults to the computer's time zone. A stamp that is not a time is shown as it is.
    """
    try:
        moment = datetime.fromisoformat(str(stamp).replace("Z", "+00:00"))
    except ValueError:
        return str(stamp)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(tz)
    return f"{moment.day} {moment:%b %Y, %H:%M}"


def describe(project: "Project", event: "Event") -> str:
    """What ``event`` did, in a reviewer's words, naming a place by its quote
    (:func:`synthesis.wording.what` with ``place="quote"``).

    >>> import tempfile
    >>> from synthesis import Project
    >>> p = Project.init(tempfile.mkdtemp(), reviewer="AG")
    >>> _ = p.add_text("Trust grew between the partners.", title="Note", source_id="note")
    >>> trust = p.create_code("Trust")
    >>> _ = p.apply_code("note", 0, 10, trust)
    >>> describe(p, p.events[-1])
    "applied 'Trust' to “Trust grew”"
    >>> describe(p, p.events[-2])
    "created the code 'Trust'"
    >>> p.close()
    """
    return what(project, event, place="quote", unknown="your last change")
