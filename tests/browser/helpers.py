"""Mouse and keyboard helpers shared by the browser tests.

JupyterLab helpers wait for states, never for a fixed time, and deal with the dialogs
JupyterLab really shows on a busy machine ("Select Kernel" when a notebook's first
kernel start is lost, "Restart Kernel?") the way a user would: by answering them.
"""

from __future__ import annotations

import re

import time

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from conftest import TOKEN
#: Dialogs a user answers with the default button, and what that button does.
ANSWERS = {"Select Kernel": "keeps the notebook's own kernel", "Restart Kernel": "restarts",
           "Kernel Restarting": "goes on", "Server Connection Error": "retries"}


def drag_select(page, phrase: str) -> None:
    """Select ``phrase`` in the coding view's text by dragging the mouse across it."""
    box = page.evaluate(
        """(phrase) => {
            const root = document.querySelector('.qs-text');
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            let node;
            while ((node = walker.nextNode())) {
                const at = node.data.indexOf(phrase);
                if (at < 0) continue;
                const range = document.createRange();
                range.setStart(node, at); range.setEnd(node, at + 1);
                range.startContainer.parentElement.scrollIntoView({block: 'center'});
                const first = range.getBoundingClientRect();
                range.setStart(node, at + phrase.length - 1); range.setEnd(node, at + phrase.length);
                const last = range.getBoundingClientRect();
                return {x0: first.left + 1, y0: first.top + first.height / 2,
                        x1: last.right - 1, y1: last.top + last.height / 2};
            }
            return null;
        }""",
        phrase,
    )
    assert box, f"phrase not found in the text: {phrase!r}"
    page.mouse.move(box["x0"], box["y0"])
    page.mouse.down()
    page.mouse.move((box["x0"] + box["x1"]) / 2, (box["y0"] + box["y1"]) / 2, steps=5)
    page.mouse.move(box["x1"], box["y1"], steps=5)
    page.mouse.up()


def select_phrase(page, phrase: str, *, timeout: float = 300) -> None:
    """Drag across ``phrase`` until the coding view shows it selected (``.qs-selected``).

    A drag can fail to take on a busy machine (the text drawn again under the mouse, or laid
    out anew between measuring the phrase and moving the mouse); a user sees nothing selected
    and drags again, and so does this, every 20 seconds, measuring the phrase afresh."""
    shown = """(phrase) => Array.from(document.querySelectorAll('.qs-selected'), e => e.textContent)
        .join('').includes(phrase)"""
    deadline = time.monotonic() + timeout
    while True:
        drag_select(page, phrase)
        try:
            page.wait_for_function(shown, arg=phrase, timeout=20_000)
            return
        except PlaywrightTimeout:
            if time.monotonic() > deadline:
                raise


def create_and_apply(page, label: str) -> None:
    """Type a new code's label in the palette and press its Create & apply button."""
    search = page.get_by_placeholder("Find a code or type a new one")
    search.fill(label)
    search.press("Tab")
    page.locator("button", has_text=f"Create “{label}” & apply").click()


def highlight(page, label: str):
    return page.locator(f'.qs-coded[data-codes*="{label}"]')


def answer_dialogs(page) -> list[str]:
    """Answer every JupyterLab dialog on screen with its default button; returns their titles.

    JupyterLab can put up a second dialog as the first goes (two kernel starts lost), so
    each dialog is followed by its own handle until it is gone, then the screen is checked
    again."""
    answered = []
    dialogs = page.locator(".jp-Dialog")
    for _ in range(10):
        if not dialogs.count():
            return answered
        dialog = dialogs.first.element_handle(timeout=5_000)
        if dialog is None:
            continue
        title = (dialog.query_selector(".jp-Dialog-header") or dialog).inner_text().strip()
        if not any(title.startswith(known) for known in ANSWERS):
            raise AssertionError(f"JupyterLab shows an unexpected dialog: {title!r}")
        button = dialog.query_selector(".jp-Dialog-button.jp-mod-accept")
        try:
            if button is not None:
                button.click(timeout=5_000)
            dialog.wait_for_element_state("hidden", timeout=10_000)
        except PlaywrightTimeout:
            page.keyboard.press("Enter")  # the default button, from the keyboard
            continue
        answered.append(title)
    assert not dialogs.count(), "JupyterLab keeps showing dialogs"
    return answered


def click_through(page, target, *, timeout: float = 180) -> None:
    """Click ``target``, answering any dialog that covers it first (they appear at any moment)."""
    deadline = time.monotonic() + timeout
    while True:
        answer_dialogs(page)
        try:
            target.click(timeout=5_000)
            return
        except PlaywrightTimeout:
            if time.monotonic() > deadline:
                raise


def menu(page, top: str, item: str) -> None:
    """Choose ``top`` > ``item`` from JupyterLab's menu bar."""
    deadline = time.monotonic() + 180
    entry = page.locator(".lm-Menu-itemLabel", has_text=item).first
    while True:
        click_through(page, page.locator(".lm-MenuBar-itemLabel", has_text=top).first)
        try:
            entry.wait_for(timeout=5_000)
            entry.click(timeout=5_000)
            return
        except PlaywrightTimeout:  # a dialog closed the menu as it opened
            page.keyboard.press("Escape")
            if time.monotonic() > deadline:
                raise


def wait_idle(page, *, patience: float = 60, timeout: float = 360) -> None:
    """Wait until the notebook's kernel is idle, answering dialogs meanwhile.

    A busy kernel is waited for. A kernel that is neither busy nor idle for ``patience``
    seconds ("Disconnected" after a lost websocket, "Unknown" after a kernel was replaced
    under the page) is dealt with as a user would: first by reloading the page, which asks
    the server for the notebook's current kernel, then by restarting the kernel."""
    indicator = page.locator(".jp-Notebook-ExecutionIndicator").first
    idle = page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']")
    deadline = time.monotonic() + timeout
    stuck_since = time.monotonic()
    remedies = ["reload", "restart"]
    while True:
        answer_dialogs(page)
        try:
            idle.first.wait_for(timeout=5_000)
            return
        except PlaywrightTimeout:
            if time.monotonic() > deadline:
                raise
        status = indicator.get_attribute("data-status", timeout=5_000) if indicator.count() else None
        if status == "busy":
            stuck_since = time.monotonic()
        elif time.monotonic() - stuck_since > patience and remedies:
            remedy = remedies.pop(0)
            if remedy == "reload":
                page.reload()
                page.wait_for_selector(".jp-Notebook")
            else:
                menu(page, "Kernel", "Restart Kernel…")
                try:  # "Restart Kernel?", answered at the top of the loop
                    page.locator(".jp-Dialog").first.wait_for(timeout=30_000)
                except PlaywrightTimeout:
                    pass
            stuck_since = time.monotonic()


def first_shown(*locators, timeout: float = 120):
    """Wait until one of ``locators`` shows on the page; returns the one that does.

    ``a.or_(b).first.wait_for()`` waits for the first match in page order to show, and
    that can be one that stays hidden while another match is on screen; so each locator
    is waited for in turn, a second at a time, until one shows or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while True:
        for locator in locators:
            try:
                locator.first.wait_for(timeout=1_000)
                return locator
            except PlaywrightTimeout:
                pass
        if time.monotonic() > deadline:
            raise PlaywrightTimeout(f"none of {len(locators)} elements showed in {timeout:.0f} s")


def reveal(locator, timeout: float = 90_000) -> None:
    """Wait until ``locator`` is on the page, scroll it into view and wait until it shows.

    JupyterLab skips drawing cells outside the viewport (``content-visibility``), so an
    output far above the running cell is in the page but not visible until scrolled to."""
    locator.wait_for(state="attached", timeout=timeout)
    locator.scroll_into_view_if_needed(timeout=timeout)
    locator.wait_for(timeout=timeout)


def open_and_run(page, lab: str, path: str, ready: str = ".qs-text span[data-start]") -> None:
    """Open a notebook from JupyterLab's file browser, as a user does, and run all its cells.

    Opening straight from a /lab/tree/ URL can make JupyterLab start two kernels for the
    notebook and lose one ("Select Kernel"); the file browser does not. Should a kernel
    still be lost, answer the dialog and run again, as a user would."""
    page.goto(f"{lab}/lab?reset&token={TOKEN}")
    for part in path.split("/"):
        item = page.locator(".jp-DirListing-item", has_text=part).first
        item.wait_for()
        item.dblclick()
    page.wait_for_selector(".jp-Notebook")
    wait_idle(page)
    run_all(page)
    target = page.locator(ready)
    dialog = page.locator(".jp-Dialog")
    for attempt in range(4):
        try:
            first_shown(target, dialog)
        except PlaywrightTimeout:
            # nothing ran: the notebook lost its kernel connection while starting on a busy
            # machine. A user restarts the kernel and runs everything again, or reloads the page.
            if attempt % 2:
                page.reload()
                page.wait_for_selector(".jp-Notebook")
                wait_idle(page)
                run_all(page)
            else:
                restart_and_run_all(page)
            continue
        if target.count():
            return
        answer_dialogs(page)  # the kernel was replaced: its cells ran in a kernel that is gone
        wait_idle(page)
        run_all(page)
    target.first.wait_for(timeout=120_000)


def run_all(page) -> None:
    """Run > Run All Cells, chosen again if the first choice did not take.

    While a notebook is still opening the command can be disabled, and choosing it does
    nothing; a user sees no cell start and chooses it again. It took once a cell's prompt
    shows it queued (``[*]``) or a count higher than any shown before. A notebook whose
    kernel was replaced under it while it opened ("Disconnected": JupyterLab changed the
    kernel several times on a busy machine) runs nothing either: as a user does, wait for
    the kernel, reload the page when choosing twice did nothing, and choose again."""
    took = """(before) => Array.from(document.querySelectorAll('.jp-InputPrompt'), e => e.innerText)
        .some(t => t.includes('*') || Number((t.match(/\\d+/) || ['0'])[0]) > before)"""
    before = page.evaluate("""() => Math.max(0, ...Array.from(document.querySelectorAll('.jp-InputPrompt'),
        e => Number((e.innerText.match(/\\d+/) || ['0'])[0])))""")
    for attempt in range(4):
        menu(page, "Run", "Run All Cells")
        try:
            page.wait_for_function(took, arg=before, timeout=30_000)
            return
        except PlaywrightTimeout:
            answer_dialogs(page)
            if attempt % 2:  # twice nothing: reload, which asks the server for the notebook's kernel
                page.reload()
                page.wait_for_selector(".jp-Notebook")
            wait_idle(page, patience=10)
    raise AssertionError("Run All Cells started no cell, four times (the page reloaded twice)")


def restart_and_run_all(page) -> None:
    """Kernel > Restart Kernel and Run All Cells, answering "Restart Kernel?" with Restart."""
    menu(page, "Kernel", "Restart Kernel and Run All Cells")
    page.locator(".jp-Dialog").first.wait_for()
    answer_dialogs(page)


def coding_tab(page, title: str) -> None:
    """Open the coding view's side tab ``title`` ("Codebook", "Memos", "Documents", …)."""
    page.locator(".qs-coding-view .lm-TabBar-tab .lm-TabBar-tabLabel", has_text=title).first.click()


def coding_button(page, name: str):
    """The visible button of the coding view named exactly ``name``."""
    return page.locator(".qs-coding-view button:visible").filter(
        has_text=re.compile(rf"^\s*{re.escape(name)}\s*$")).first


def pick_option(select, text: str, *, prefix: bool = False) -> None:
    """Choose the option reading ``text`` (or starting with it) in ``select``, once the kernel has
    sent it; ipywidgets writes option labels with no-break spaces, so labels are compared with
    plain spaces."""
    found = """(s, [text, prefix]) => Array.from(s.options).map(o => o.textContent)
        .find(t => { const plain = t.replace(/\u00a0/g, ' '); return prefix ? plain.startsWith(text) : plain === text; })"""
    select.wait_for()
    select.page.wait_for_function(f"([s, args]) => ({found})(s, args)", arg=[select.element_handle(), [text, prefix]])
    select.select_option(label=select.evaluate(found, [text, prefix]))
