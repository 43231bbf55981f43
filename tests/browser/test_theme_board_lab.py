"""The theme board in a real JupyterLab: a code card dragged with the mouse onto another
theme, another moved with the keyboard alone, a descriptive theme dragged into another
analytical theme; every move is an event in the reviewer's log; axe-core finds no
serious or critical accessibility problem in the board."""

from __future__ import annotations

import json

from helpers import open_and_run

from conftest import axe_violations, contrast_ratios

BOARD = ".qs-board"


def events_of(example_copy, reviewer: str) -> list[dict]:
    path = example_copy / "codebooks" / "logs" / f"{reviewer}.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def theme(page, name: str, level: str = "Descriptive"):
    return page.locator(f'{BOARD} [aria-label="{level} theme {name}"]')


def card(page, theme_name: str, label: str):
    return theme(page, theme_name).locator(".qs-card", has=page.locator(".qs-card-label", has_text=label))


def drag(page, source, target) -> None:
    """Press the mouse on ``source``, move it in steps onto ``target`` and let go, as a hand does."""
    source.scroll_into_view_if_needed()
    box = source.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 8)
    page.mouse.down()
    page.mouse.move(box["x"] + 40, box["y"] + 30, steps=4)
    target.scroll_into_view_if_needed()
    goal = target.bounding_box()
    page.mouse.move(goal["x"] + goal["width"] / 2, goal["y"] + goal["height"] / 2, steps=10)
    page.mouse.up()


def test_drag_a_card_move_one_with_the_keyboard_and_check_accessibility(lab, example_copy, page, artifacts):
    page.set_viewport_size({"width": 1280, "height": 1000})
    open_and_run(page, lab, "notebooks/04_build_themes.ipynb", ready=f"{BOARD} .qs-card")
    board = page.locator(BOARD).first
    board.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "theme-board.png"))

    # cards show their counts and readable text on their colour; the box they are drawn in is their theme
    # (a card says "Also in ..." only for other themes), and the tooltip names it
    colocation = card(page, "Relationships and trust built over time", "Co-location")
    assert "In Relationships and trust built over time" in colocation.get_attribute("title")
    assert "Relationships and trust" not in colocation.inner_text()
    assert "coding" in colocation.locator(".qs-card-counts").inner_text()
    ratios = contrast_ratios(page, ".qs-card-label")
    assert ratios and min(ratios) >= 4.5, ratios

    # the mouse: drag Co-location onto "Planning together"
    colocation_id = colocation.get_attribute("data-id")
    before = len(events_of(example_copy, "AG"))
    drag(page, colocation, theme(page, "Planning together").locator(".qs-cards"))
    moved = card(page, "Planning together", "Co-location")
    moved.wait_for()
    assert card(page, "Relationships and trust built over time", "Co-location").count() == 0
    assert "In Planning together" in moved.get_attribute("title")
    last = events_of(example_copy, "AG")[before:]
    assert [e["type"] for e in last] == ["theme.move"] and last[0]["data"]["members"] == [colocation_id]
    theme(page, "Planning together").screenshot(path=str(artifacts / "theme-board-dragged.png"))

    # the keyboard: Border disputes from "Friction at professional boundaries" to "Seeing the whole SEND system"
    disputes = card(page, "Friction at professional boundaries", "Border disputes")
    disputes_id = disputes.get_attribute("data-id")
    disputes.focus()
    page.keyboard.press("Space")
    live = page.locator(f"{BOARD} .qs-board-live").first
    assert "over descriptive theme Friction at professional boundaries" in live.inner_text()
    for _ in range(40):
        if "over descriptive theme Seeing the whole SEND system" in live.inner_text():
            break
        page.keyboard.press("ArrowDown")
    assert "over descriptive theme Seeing the whole SEND system" in live.inner_text()
    assert theme(page, "Seeing the whole SEND system").get_attribute("class").count("qs-over") == 1
    page.screenshot(path=str(artifacts / "theme-board-keyboard-held.png"))
    before = len(events_of(example_copy, "AG"))
    page.keyboard.press("Enter")
    card(page, "Seeing the whole SEND system", "Border disputes").wait_for()
    page.wait_for_function("(id) => document.activeElement && document.activeElement.dataset.id === id",
                           arg=disputes_id)  # the moved card keeps the focus
    assert "moved 'Border disputes' from 'Friction at professional boundaries' to 'Seeing the whole SEND system'" \
        in live.inner_text()
    last = events_of(example_copy, "AG")[before:]
    assert [e["type"] for e in last] == ["theme.move"] and last[0]["data"]["members"] == [disputes_id]

    # Escape puts a picked-up card down where it was, and nothing is written
    before = len(events_of(example_copy, "AG"))
    card(page, "Seeing the whole SEND system", "Border disputes").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")
    assert "Cancelled" in live.inner_text() and len(events_of(example_copy, "AG")) == before

    # a descriptive theme dragged by its handle into another analytical theme
    friction = theme(page, "Friction at professional boundaries")
    drag(page, friction.locator(".qs-theme-head"),
        theme(page, "Preparation to be an effective member of a partnership", "Analytical").locator(":scope > .qs-theme-head"))
    inside = theme(page, "Preparation to be an effective member of a partnership", "Analytical")
    inside.locator('[aria-label="Descriptive theme Friction at professional boundaries"]').wait_for()
    assert events_of(example_copy, "AG")[-1]["type"] == "theme.move"

    # clicking a theme's name shows its page
    inside.locator(".qs-theme-name", has_text="Planning together").click()
    page.locator(".widget-html-content b", has_text="Planning together").first.wait_for()
    page.screenshot(path=str(artifacts / "theme-board-after.png"))

    # axe-core over the board's output area (our widgets, not JupyterLab's own chrome)
    problems = axe_violations(page, ".jp-OutputArea-output:has(.qs-board)")
    assert not problems, json.dumps(problems, indent=1)
