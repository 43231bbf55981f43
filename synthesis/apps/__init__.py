"""Apps for reviewers who should not see code, served by Voila.

``synthesis app code`` serves ``code.ipynb``, which only calls
:func:`coding_app`: a sign-in form (reviewer initials) and then the coding view.

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
from pathlib import Path

import ipywidgets as w

from ..errors import LogLockedError, SynthesisError
from ..project import Project
from ..widgets import CodingView
from ..widgets.markup import ERROR, esc

APPS = Path(__file__).parent


class CodingApp(w.VBox):
    """Sign in with your initials, then code."""

    def __init__(self, root: str | os.PathLike[str], reviewer: str = "") -> None:
        self.root = Path(root)
        self.view: CodingView | None = None
        self.name = w.Text(description="Your initials", placeholder="e.g. NT", value=reviewer)
        self.start = w.Button(description="Start coding", button_style="primary", icon="sign-in")
        self.message = w.HTML()
        self.start.on_click(lambda _: self._start())
        super().__init__([w.HTML("<h2>Code extracts</h2>"), w.HBox([self.name, self.start]), self.message])
        if reviewer:
            self._start()

    def _start(self) -> None:
        try:
            project = Project.open(self.root, reviewer=self.name.value.strip())
        except LogLockedError:
            self.message.value = (
                f'<span style="color:{ERROR}">Your log is open in another window or tab. Close it '
                "(a tab you have just closed lets go within about 20 seconds), then press Start coding again.</span>")
            return
        except SynthesisError as exc:  # it quotes what was typed
            self.message.value = f'<span style="color:{ERROR}">{esc(exc)}</span>'
            return
        self.view = CodingView(project)
        header = w.HTML(f"Coding as <b>{esc(project.reviewer)}</b> in {esc(project.root.name)}")
        self.children = [self.children[0], header, self.view]


def coding_app(root: str | os.PathLike[str] | None = None, reviewer: str | None = None) -> CodingApp:
    """The coding app for the project at ``root`` (default: $SYNTHESIS_PROJECT or here)."""
    root = root or os.environ.get("SYNTHESIS_PROJECT", ".")
    reviewer = reviewer if reviewer is not None else os.environ.get("SYNTHESIS_REVIEWER", "")
    return CodingApp(root, reviewer)
