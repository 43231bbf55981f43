"""The coding app through Voila, started with `synthesis app code` as a reviewer
who does not program would start it: sign in, select with the mouse, create a code,
apply it; close the tab, and sign in again at once: the closed tab's kernel has
shut down and let go of the reviewer's log, and the highlight is still there."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from filelock import FileLock, Timeout
from helpers import create_and_apply, first_shown, highlight, select_phrase

from conftest import free_port, layout_problems, start_server, stop_server

PHRASE = "mutual trust and respect"
LABEL = "Respect shown in interviews"


def sign_in(page, url: str, initials: str) -> None:
    page.goto(url)
    name = page.get_by_placeholder("e.g. NT")
    name.wait_for(timeout=120_000)
    name.fill(initials)
    page.locator("button", has_text="Start coding").click()
    refused = page.get_by_text("open in another window")
    coding = page.locator(".qs-text span[data-start]")
    first_shown(coding, refused)
    assert not refused.count(), f"{initials}'s log is still held by another kernel"


def wait_until_free(lock: Path, seconds: float) -> float:
    """Seconds until nobody holds ``lock`` (fails after ``seconds``)."""
    start = time.monotonic()
    while True:
        try:
            with FileLock(lock, timeout=0):
                return time.monotonic() - start
        except Timeout:
            assert time.monotonic() - start < seconds, f"{lock.name} still held after {seconds} s"
            time.sleep(0.1)


def test_voila_app_codes_and_remembers(example_copy, jupyter_env, page, artifacts, browser):
    port = free_port()
    command = [sys.executable, "-m", "synthesis", "app", "code", "--project", str(example_copy),
               "--no-browser", f"--port={port}"]
    server = start_server(command, example_copy, jupyter_env, port, example_copy.parent / "voila.log")
    try:
        url = f"http://127.0.0.1:{port}/"
        sign_in(page, url, "BV")
        assert page.locator(".jp-InputArea, .jp-CodeCell-input").count() == 0  # no code shown
        select_phrase(page, PHRASE)
        create_and_apply(page, LABEL)
        highlight(page, LABEL).first.wait_for()
        page.screenshot(path=str(artifacts / "voila-coding.png"))
        assert not layout_problems(page, ".qs-coding-view", skip=".qs-stripe"), \
            layout_problems(page, ".qs-coding-view", skip=".qs-stripe")
        log = (example_copy / "codebooks" / "logs" / "BV.jsonl").read_text(encoding="utf-8")
        assert LABEL in log and PHRASE in log

        # the reviewer closes the tab: its kernel shuts down and lets go of the log at once
        lock = example_copy / "codebooks" / "logs" / "BV.jsonl.lock"
        page.close(run_before_unload=True)
        wait_until_free(lock, seconds=5)

        # and signs in again straight away: a new page runs the app in a new kernel
        again = browser.new_context(viewport={"width": 1500, "height": 1000}).new_page()
        again.set_default_timeout(90_000)
        sign_in(again, url, "BV")
        again.locator("select").nth(1).select_option(label="Barlow and Coe, 2013: Extracts: barlow2013")
        mark = again.locator(f'.qs-coded[data-codes*="{LABEL}"]')
        mark.first.wait_for()
        assert "(BV)" in mark.first.get_attribute("title")
    finally:
        stop_server(server)
    assert "403 POST /voila/api/shutdown" not in (example_copy.parent / "voila.log").read_text()
