"""The second-review and theme-board notebooks in a real JupyterLab, clicked in Chromium."""

from __future__ import annotations

import json

import pytest
from helpers import open_and_run

from conftest import layout_problems, lab_server


@pytest.fixture()
def lab(example_copy, jupyter_env):
    """A server per test: both notebooks open AG's log for writing, and a reviewer's log
    takes one writing session at a time (the second would be refused, by design)."""
    yield from lab_server(example_copy, jupyter_env)


def events_of(example_copy, reviewer: str) -> list[dict]:
    path = example_copy / "codebooks" / "logs" / f"{reviewer}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_check_view_agree_is_written_to_the_checkers_log(lab, example_copy, page, artifacts):
    ready = ".widget-button:has-text('Agree')"
    open_and_run(page, lab, "notebooks/03_second_review.ipynb", ready=ready)
    before = len(events_of(example_copy, "AG"))
    page.locator("button", has_text="Agree").first.click()
    page.get_by_text("1 of 69 checked: 1 agree").first.wait_for()
    after = events_of(example_copy, "AG")
    assert len(after) == before + 1 and after[-1]["type"] == "check.verdict"
    assert after[-1]["data"]["verdict"] == "agree"
    page.screenshot(path=str(artifacts / "check-view.png"))
    # Undo says in words what it took back, and the view shows the coding again, unchecked
    page.locator(".qs-check-view button", has_text="Undo").first.click()
    said = page.locator(".qs-check-view .widget-html-content", has_text="Undid:").first
    said.wait_for()
    assert "agree" in said.inner_text().lower() and "check.verdict" not in said.inner_text()
    page.get_by_text("0 of 69 checked").first.wait_for()
    assert not layout_problems(page, ".qs-check-view"), layout_problems(page, ".qs-check-view")
    said.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "check-view-undo.png"))


def test_theme_board_creates_a_theme(lab, example_copy, page, artifacts):
    ready = ".widget-button:has-text('New descriptive theme')"
    open_and_run(page, lab, "notebooks/04_build_themes.ipynb", ready=ready)
    page.get_by_placeholder("Theme name").fill("Made in the browser")
    page.locator("button", has_text="New descriptive theme").click()
    name = page.locator(".qs-board .qs-loose-area .qs-theme-name", has_text="Made in the browser")
    name.wait_for()
    assert name.get_attribute("aria-pressed") == "true"  # the new theme is the chosen one
    made = [e for e in events_of(example_copy, "AG") if e["type"] == "theme.create"]
    assert made[-1]["data"]["name"] == "Made in the browser"
    name.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "theme-board.png"))
    assert not layout_problems(page, ".qs-theme-view"), layout_problems(page, ".qs-theme-view")
