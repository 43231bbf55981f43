"""The Voila coding app's own markup: the header (folder and reviewer) and the sign-in
error, which quotes what the reviewer typed, are text, never HTML."""

from __future__ import annotations

from pathlib import Path

from synthesis import Project
from synthesis.apps import CodingApp

FOLDER = "review <img src=x onerror=window.__xss=1>"
INITIALS = '<img src=x onerror="window.__xss=2">'


def test_the_sign_in_error_quotes_the_initials_as_text(tmp_path: Path):
    Project.init(tmp_path / "r").close()
    app = CodingApp(tmp_path / "r")
    app.name.value = INITIALS
    app.start.click()
    assert app.view is None
    assert app.message.value.startswith('<span style="color:#D55E00">reviewer name &#x27;&lt;img src=x '
                                        'onerror=&quot;window.__xss=2&quot;&gt;&#x27; must be ')
    assert "<img" not in app.message.value and '"window' not in app.message.value


def test_the_header_shows_folder_and_reviewer_as_text(tmp_path: Path):
    root = tmp_path / FOLDER
    Project.init(root).close()
    app = CodingApp(root, reviewer="NT")
    try:
        header = app.children[1].value
        assert header == "Coding as <b>NT</b> in review &lt;img src=x onerror=window.__xss=1&gt;"
    finally:
        app.view.project.close()


def test_sign_in_ignores_case_and_maps_to_the_existing_reviewer(tmp_path: Path):
    with Project.init(tmp_path / "r", reviewer="XY"):
        pass
    app = CodingApp(tmp_path / "r")
    app.name.value = "xy"
    app.start.click()
    try:
        assert app.view is not None and app.view.project.reviewer == "XY"
        assert "you typed xy: the existing reviewer XY" in app.children[1].value
        assert sorted(p.name for p in (tmp_path / "r" / "codebooks" / "logs").glob("*.jsonl")) == ["XY.jsonl"]
        second = CodingApp(tmp_path / "r")
        second.name.value = "Xy"
        second.start.click()  # the same reviewer, already signed in elsewhere
        assert second.view is None and "open in another window" in second.message.value
    finally:
        app.view.project.close()
