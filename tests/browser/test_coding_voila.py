"""The coding app through Voila, started with `synthesis app code` as a reviewer
who does not program would start it: sign in, select with the mouse, create a code,
apply it; a new page (and kernel) shows the highlight again."""

from __future__ import annotations

import sys
import time

from helpers import create_and_apply, drag_select, highlight

from conftest import free_port, start_server, stop_server

PHRASE = "mutual trust and respect"
LABEL = "Respect shown in interviews"


def sign_in(page, url: str, initials: str, *, wait_for_lock: float = 0) -> None:
    page.goto(url)
    name = page.get_by_placeholder("e.g. NT")
    name.wait_for(timeout=120_000)
    name.fill(initials)
    coding = page.locator(".qs-text span[data-start]")
    locked = page.get_by_text("open in another window")
    deadline = time.time() + wait_for_lock
    start = page.locator("button", has_text="Start coding")
    while True:
        start.click()
        coding.or_(locked).first.wait_for(timeout=120_000)
        time.sleep(1)  # a message from the previous attempt may still be on screen
        if coding.count() or not start.count():
            coding.first.wait_for(timeout=120_000)
            return
        assert time.time() < deadline, "the closed tab's kernel still holds the reviewer's log"
        time.sleep(3)


def test_voila_app_codes_and_remembers(example_copy, jupyter_env, page, artifacts, browser):
    port = free_port()
    command = [sys.executable, "-m", "synthesis", "app", "code", "--project", str(example_copy),
               "--no-browser", f"--port={port}"]
    server = start_server(command, example_copy, jupyter_env, port, example_copy.parent / "voila.log")
    try:
        url = f"http://127.0.0.1:{port}/"
        sign_in(page, url, "BV")
        assert page.locator(".jp-InputArea, .jp-CodeCell-input").count() == 0  # no code shown
        drag_select(page, PHRASE)
        page.wait_for_selector(".qs-selected")
        create_and_apply(page, LABEL)
        highlight(page, LABEL).first.wait_for()
        page.screenshot(path=str(artifacts / "voila-coding.png"))
        log = (example_copy / "codebooks" / "logs" / "BV.jsonl").read_text(encoding="utf-8")
        assert LABEL in log and PHRASE in log
        page.goto("about:blank")  # the reviewer closes the app: its kernel is culled

        # a reviewer comes back later: a new page runs the app in a new kernel
        context = browser.new_context(viewport={"width": 1500, "height": 1000})
        again = context.new_page()
        again.set_default_timeout(90_000)
        sign_in(again, url, "BV", wait_for_lock=90)  # told to wait until the closed tab lets go
        again.locator("select").nth(1).select_option(label="Barlow and Coe, 2013: Extracts: barlow2013")
        mark = again.locator(f'.qs-coded[data-codes*="{LABEL}"]')
        mark.first.wait_for()
        assert "(BV)" in mark.first.get_attribute("title")
        context.close()
    finally:
        stop_server(server)
