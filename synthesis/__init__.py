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
from .query import saved as _saved_queries  # noqa: F401  (registers the saved-query events)

__all__ = [
    "Project", "views",
    "Study", "Source", "Segment", "Anchor", "Code", "Coding", "Memo", "Event", "Problem",
    "SynthesisError", "InputError", "ActionError", "LogLockedError", "ProjectError",
]
__version__ = "0.1.0"
