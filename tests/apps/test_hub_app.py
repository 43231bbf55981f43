"""The coding app under JupyterHub: no sign-in form, the hub user's log only."""

from __future__ import annotations

from pathlib import Path

import pytest

from synthesis import Project
from synthesis.apps import CodingApp, coding_app


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    root = tmp_path / "review"
    Project.init(root, reviewer="AG").close()
    (root / "reviewers.toml").write_text('[reviewers]\n"a.green" = "AG"\nntaylor = "NT"\n')
    return root


def test_the_app_opens_as_the_hub_user_without_a_form(root: Path) -> None:
    app = CodingApp(root, env={"JUPYTERHUB_USER": "ntaylor"})
    try:
        assert app.view is not None and app.view.project.reviewer == "NT"
        assert [type(c).__name__ for c in app.children] == ["HTML", "HTML", "CodingView"]  # no initials box
        assert app.children[1].value == ("Coding as <b>NT</b> in review "
                                         "<small>(signed in to the hub as ntaylor)</small>")
    finally:
        app.view.project.close()


def test_asking_for_another_reviewer_is_refused(root: Path) -> None:
    app = CodingApp(root, reviewer="AG", env={"JUPYTERHUB_USER": "ntaylor"})
    assert app.view is None
    assert "signed in to the hub as ntaylor, reviewer NT: this server writes NT&#x27;s log only, not AG&#x27;s" \
        in app.message.value
    assert app.name.disabled and app.start.disabled


def test_values_set_from_the_page_cannot_switch_reviewer(root: Path) -> None:
    app = CodingApp(root, env={"JUPYTERHUB_USER": "ntaylor"})
    try:
        app.name.value = "AG"   # what a page could send over the widget's channel
        app.start.click()
        assert "not AG&#x27;s" in app.message.value
        assert app.view.project.reviewer == "NT"
    finally:
        app.view.project.close()
    assert (root / "codebooks/logs/AG.jsonl").read_bytes() == b""


def test_an_unlisted_hub_user_is_told_what_to_do(root: Path) -> None:
    app = CodingApp(root, env={"JUPYTERHUB_USER": "stranger"})
    assert app.view is None and "not listed in reviewers.toml" in app.message.value


def test_a_second_server_of_the_same_user_is_told_the_log_is_open(root: Path) -> None:
    first = CodingApp(root, env={"JUPYTERHUB_USER": "a.green"})
    try:
        second = CodingApp(root, env={"JUPYTERHUB_USER": "a.green"})
        assert second.view is None
        assert "open in another window or tab, or in another of your servers" in second.message.value
    finally:
        first.view.project.close()


def test_coding_app_reads_the_hub_user_from_the_environment(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTERHUB_USER", "a.green")
    monkeypatch.delenv("JUPYTERHUB_API_URL", raising=False)
    monkeypatch.setenv("SYNTHESIS_REVIEWER", "NT")   # a stale setting cannot switch reviewer either
    app = coding_app(root)
    assert app.view is None and "not NT&#x27;s" in app.message.value
    monkeypatch.delenv("SYNTHESIS_REVIEWER")
    app = coding_app(root)
    try:
        assert app.view.project.reviewer == "AG"
    finally:
        app.view.project.close()


def test_outside_the_hub_the_form_is_still_there(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("JUPYTERHUB_USER", raising=False)
    app = coding_app(root, reviewer="")
    assert app.view is None and not app.name.disabled
    assert [type(c).__name__ for c in app.children] == ["HTML", "HBox", "HTML"]


def test_a_broken_mapping_file_is_named_on_the_page(root: Path) -> None:
    (root / "reviewers.toml").write_text('[reviewers]\nntaylor = "N T"\n')
    app = CodingApp(root, env={"JUPYTERHUB_USER": "ntaylor"})
    assert app.view is None and "reviewers.toml, field &#x27;ntaylor&#x27;" in app.message.value
