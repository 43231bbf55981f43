"""Apps for reviewers who should not see code, served by Voila.

``synthesis app code`` serves ``code.ipynb``, which only calls
:func:`coding_app`: a sign-in form (reviewer initials) and then the coding view.
Under JupyterHub there is no form: the reviewer is the hub user (see
:mod:`synthesis.hub`), and the app refuses to open anyone else's log.

>>> import tempfile
>>> from synthesis import Project
>>> root = tempfile.mkdtemp(); Project.init(root).close()
>>> app = coding_app(root)
>>> app.children[0].value
'<h2>Code extracts</h2>'
>>> app.name.value = '<img src=x onerror="alert(1)">'; app.start.click()
>>> app.message.value
'<span style="color:#D55E00">reviewer name &#x27;&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#x27; must...</span>'
>>> app.name.value = "AG"; app.start.click()
>>> type(app.children[-1]).__name__
'CodingView'
>>> app.view.project.close()
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import ipywidgets as w

from ..errors import LogLockedError, SynthesisError
from ..hub import IdentityError, hub_identity, only_as
from ..names import known_reviewer
from ..project import Project
from ..signin import log_reviewers
from ..widgets import CodingView
from ..widgets.markup import ERROR, esc

APPS = Path(__file__).parent


class CodingApp(w.VBox):
    """Sign in with your initials, then code; under JupyterHub, code as the hub user."""

    def __init__(self, root: str | os.PathLike[str], reviewer: str = "",
                 env: Mapping[str, str] | None = None) -> None:
        self.root = Path(root)
        self.view: CodingView | None = None
        self.name = w.Text(description="Your initials", placeholder="e.g. NT", value=reviewer)
        self.start = w.Button(description="Start coding", button_style="primary", icon="sign-in")
        self.message = w.HTML()
        self.start.on_click(lambda _: self._start())
        try:  # under JupyterHub the hub says who this is: no form, and nobody else
            self.hub = hub_identity(self.root, env)
            self.name.value = only_as(self.hub, reviewer) or ""
        except SynthesisError as exc:  # not this reviewer, or a mapping file that names the line at fault
            self.hub = None
            self.name.disabled = self.start.disabled = True
            super().__init__([w.HTML("<h2>Code extracts</h2>"), self.message])
            self.message.value = f'<span style="color:{ERROR}">{esc(exc)}</span>'
            return
        form = [] if self.hub is not None else [w.HBox([self.name, self.start])]
        self.name.disabled = self.start.disabled = self.hub is not None
        super().__init__([w.HTML("<h2>Code extracts</h2>"), *form, self.message])
        if self.name.value:
            self._start()

    def _start(self) -> None:
        typed = self.name.value.strip()
        try:
            if self.hub is not None:
                typed = only_as(self.hub, typed) or ""
        except IdentityError as exc:  # the widgets' values can be set from the page: check again
            self.message.value = f'<span style="color:{ERROR}">{esc(exc)}</span>'
            return
        name = known_reviewer(typed, log_reviewers(self.root)) or typed  # "xy" is "XY": one file on macOS
        try:
            project = Project.open(self.root, reviewer=name)
        except LogLockedError:
            if self.hub is not None:
                self.message.value = (
                    f'<span style="color:{ERROR}">Your log is open in another window or tab, or in another of your '
                    "servers on the hub. Close it (a tab you have just closed lets go within about 20 seconds), "
                    "then reload this page.</span>")
                return
            self.message.value = (
                f'<span style="color:{ERROR}">Your log is open in another window or tab. Close it '
                "(a tab you have just closed lets go within about 20 seconds), then press Start coding again.</span>")
            return
        except SynthesisError as exc:  # it quotes what was typed
            self.message.value = f'<span style="color:{ERROR}">{esc(exc)}</span>'
            return
        self.view = CodingView(project)
        header = w.HTML(f"Coding as <b>{esc(project.reviewer)}</b> in {esc(project.root.name)}"
                        + (f" <small>(you typed {esc(typed)}: the existing reviewer {esc(name)}, "
                           "as names ignore case)</small>" if name != typed and self.hub is None else "")
                        + (f" <small>({esc(self.hub.describe())})</small>" if self.hub is not None else ""))
        self.children = [self.children[0], header, self.view]


def coding_app(root: str | os.PathLike[str] | None = None, reviewer: str | None = None) -> CodingApp:
    """The coding app for the project at ``root`` (default: $SYNTHESIS_PROJECT or here)."""
    root = root or os.environ.get("SYNTHESIS_PROJECT", ".")
    reviewer = reviewer if reviewer is not None else os.environ.get("SYNTHESIS_REVIEWER", "")
    return CodingApp(root, reviewer)
