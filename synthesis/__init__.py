"""An open workbench for qualitative evidence synthesis.

The public facade: open or make a review project, then act on it and query
it with pandas.

>>> from synthesis import Project, views
>>> Project.__name__, views.codings.__name__
('Project', 'codings')
"""

from . import views
from .errors import ActionError, InputError, LogLockedError, ProjectError, SynthesisError
from .project import Project
from .records import Anchor, Code, Coding, Event, Memo, Problem, Segment, Source, Study
# Every session registers every event type, whatever it goes on to import, so that a checkpoint one
# session writes is one every other can read.
from .query import saved as _saved_queries  # noqa: F401
from .suggest import events as _suggestion_events  # noqa: F401

__all__ = [
    "Project", "views",
    "Study", "Source", "Segment", "Anchor", "Code", "Coding", "Memo", "Event", "Problem",
    "SynthesisError", "InputError", "ActionError", "LogLockedError", "ProjectError",
]
__version__ = "0.1.0"
