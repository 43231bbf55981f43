"""No markup from data runs in a view. A copy of the example review whose every field
carries a script payload (a code's label, definition and colour, memos, a source's
title, a study's citation, the project's name, a reviewer's name in a teammate's log,
the project folder's name, the initials typed to sign in) is opened in JupyterLab
(coding, second-review and theme notebooks) and in the Voila coding app; highlights
are hovered and clicked, tabs opened, and every element is sent a mouseover. No
payload may run (``window.__xss`` stays undefined, no dialog opens), and the payloads
are on the page as text."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
import urllib.request
from pathlib import Path

import pytest
from helpers import answer_dialogs, open_and_run

from conftest import TOKEN, copy_example, free_port, start_server, stop_server

LABEL = '<img src=x onerror="window.__xss=1">'
DEFINITION = "<script>window.__xss=2</script>"
COLOUR = 'red" onmouseover="window.__xss=3" x="'
COLOUR_SINGLE = "red' onmouseover='window.__xss=3' x='"
MEMO = '<img src=x onerror="window.__xss=4">memo on the source'
CODE_MEMO = "<svg onload=\"window.__xss=4\"></svg>memo on the code"
TITLE = '<svg onload="window.__xss=5">Extracts: barlow2013'
CITATION = '<img src=x onerror="window.__xss=6">Barlow and Coe, 2013'
NAME = '<img src=x onerror="window.__xss=7"> review'
REVIEWER = '<img src=x onerror="window.__xss=8">'
FOLDER = "review <img src=x onerror=window.__xss=9>"
INITIALS = '<img src=x onerror="window.__xss=10">'
PLAIN = "Second code <b onmouseover=window.__xss=11>bold</b>"
SOURCE = "barlow2013-extracts"
TIME = "2024-03-20T09:{:02d}:00.000Z"


def _line(reviewer: str, seq: int, clock: int, type: str, data: dict, id_prefix: str) -> str:
    """One log line in the format of synthesis.log.encode_event."""
    record = {"clock": clock, "data": data, "id": f"{id_prefix}:{seq}", "reviewer": reviewer, "seq": seq,
              "time": TIME.format(seq % 60), "type": type}
    return json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def poison(root: Path) -> dict[str, object]:
    """Put a payload into every field of the example copy at ``root``; returns the span coded."""
    toml = root / "synthesis.toml"
    lines = [f"name = '{NAME}'" if line.startswith("name =") else line
             for line in toml.read_text(encoding="utf-8").splitlines()]
    toml.write_text("\n".join(lines) + "\n", encoding="utf-8")

    studies = root / "corpus" / "studies.csv"
    rows = list(csv.DictReader(io.StringIO(studies.read_text(encoding="utf-8"))))
    for row in rows:
        if row["study_id"] == "barlow2013":
            row["citation"] = CITATION
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    studies.write_text(out.getvalue(), encoding="utf-8")

    meta_path = root / "corpus" / "sources" / f"{SOURCE}.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["title"] = TITLE
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    text = (root / "corpus" / "sources" / f"{SOURCE}.txt").read_text(encoding="utf-8")
    end = text.index(" ")  # the first word: sorts before every other coding at offset 0
    anchor = {"source_id": SOURCE, "start": 0, "end": end, "quote": text[:end], "prefix": "",
              "suffix": text[end:end + 32], "source_sha256": meta["sha256"]}
    logs = root / "codebooks" / "logs"
    nt = logs / "NT.jsonl"
    last = [json.loads(line) for line in nt.read_text(encoding="utf-8").splitlines()]
    seq = max(e["seq"] for e in last)
    clock = max(json.loads(line)["clock"] for log in logs.glob("*.jsonl")
                for line in log.read_text(encoding="utf-8").splitlines())
    events = [
        ("code.create", {"code_id": "CXSS1", "label": LABEL, "definition": DEFINITION, "colour": COLOUR}),
        ("code.create", {"code_id": "CXSS2", "label": PLAIN, "definition": "", "colour": COLOUR_SINGLE}),
        ("code.update", {"code_id": "CXSS2", "colour": COLOUR}),
        ("coding.apply", {**anchor, "codings": [["KXSS1", "CXSS1"], ["KXSS2", "CXSS2"]]}),
        ("memo.write", {"memo_id": "MXSS1", "target_kind": "source", "target_id": SOURCE, "text": MEMO}),
        ("memo.write", {"memo_id": "MXSS2", "target_kind": "code", "target_id": "CXSS1", "text": CODE_MEMO}),
        ("memo.write", {"memo_id": "MXSS3", "target_kind": "coding", "target_id": "KXSS1", "text": MEMO}),
    ]
    with nt.open("a", encoding="utf-8") as log:
        for n, (kind, data) in enumerate(events, start=1):
            log.write(_line("NT", seq + n, clock + n, kind, data, "NT"))
    # a teammate's log whose reviewer field is markup (the file name cannot be)
    theirs = [("coding.apply", {**anchor, "codings": [["KXSS3", "CXSS1"]]}),
              ("memo.write", {"memo_id": "MXSS4", "target_kind": "source", "target_id": SOURCE, "text": MEMO})]
    with (logs / "XS.jsonl").open("w", encoding="utf-8") as log:
        for n, (kind, data) in enumerate(theirs, start=1):
            log.write(_line(REVIEWER, n, clock + len(events) + n, kind, data, "XS"))
    return anchor


@pytest.fixture(scope="module")
def example_copy(tmp_path_factory) -> Path:
    """The example review with payloads everywhere (overrides conftest's plain copy, so the
    ``lab`` fixture serves this one)."""
    root = copy_example(tmp_path_factory.mktemp("payloads"))
    poison(root)
    from synthesis import Project

    with Project.open(root) as project:  # the payloads are data the project reads, not errors
        assert project.codes["CXSS1"].label == LABEL and project.codes["CXSS1"].definition == DEFINITION
        assert project.sources[SOURCE].title == TITLE and project.studies["barlow2013"].citation == CITATION
        assert project.name == NAME
        assert {"KXSS1", "KXSS2"} <= set(project.codings)
    return root


# ---------------------------------------------------------------------------- helpers
#: Run in every page before its own scripts: alert/confirm/prompt only record their calls.
WATCH = """(() => {
    window.__dialogs = [];
    for (const name of ['alert', 'confirm', 'prompt']) {
        window[name] = (...args) => { window.__dialogs.push([name, ...args]); };
    }
})();"""


def watch(page) -> list[str]:
    """Record (and dismiss) any dialog a payload would open."""
    opened: list[str] = []

    def on_dialog(dialog) -> None:
        opened.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return opened


def provoke(page) -> None:
    """Send every element a mouseover, mouseenter and focus: an injected handler would run."""
    page.evaluate("""() => {
        for (const el of document.querySelectorAll('body *')) {
            for (const type of ['mouseover', 'mouseenter', 'focus']) {
                try { el.dispatchEvent(new Event(type, {bubbles: type === 'mouseover'})); } catch (e) {}
            }
        }
    }""")


def assert_nothing_ran(page, opened: list[str]) -> None:
    provoke(page)
    # an image's onerror fires once its (failing) load ends: wait until every image has finished
    page.wait_for_function("() => [...document.images].every(image => image.complete)")
    assert page.evaluate("typeof window.__xss") == "undefined", f"a payload ran: __xss={page.evaluate('window.__xss')}"
    assert page.locator("img[src='x'], svg[onload], [onmouseover], [onerror]").count() == 0
    assert not opened, f"a payload opened a dialog: {opened}"


def html_text(page) -> str:
    """The text of every ipywidgets HTML widget on the page (closed <details> included)."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('.widget-html-content'))
        .map(e => e.textContent).join('\\n')""")


def choose(page, select_pattern: str, option_pattern: str, *, last: bool = False) -> None:
    """Choose, in the first (``last``: the last) <select> with an option matching ``select_pattern``,
    the option matching ``option_pattern`` (regular expressions; ipywidgets shows spaces as
    no-break spaces, which ``\\s`` and ``.`` match)."""
    done = page.evaluate("""([selectPattern, optionPattern, last]) => {
        const want = new RegExp(selectPattern), pick = new RegExp(optionPattern);
        const selects = Array.from(document.querySelectorAll('select'));
        if (last) selects.reverse();
        for (const select of selects) {
            const options = Array.from(select.options);
            if (!options.some(o => want.test(o.textContent))) continue;
            const index = options.findIndex(o => pick.test(o.textContent));
            if (index < 0) continue;
            select.selectedIndex = index;
            select.dispatchEvent(new Event('change', {bubbles: true}));
            return true;
        }
        return false;
    }""", [select_pattern, option_pattern, last])
    assert done, f"no <select> offers {option_pattern!r}"


def shut_kernels_down(lab: str) -> None:
    """Shut every kernel of the server down (each notebook holds its reviewer's log)."""
    kernels = json.load(urllib.request.urlopen(f"{lab}/api/kernels?token={TOKEN}", timeout=30))
    for kernel in kernels:
        request = urllib.request.Request(f"{lab}/api/kernels/{kernel['id']}?token={TOKEN}", method="DELETE")
        urllib.request.urlopen(request, timeout=60)


def tab(page, title: str) -> None:
    page.locator(".lm-TabBar-tab .lm-TabBar-tabLabel", has_text=title).first.click()


# ------------------------------------------------------------------------------ tests
def test_coding_notebook_shows_payloads_as_text(lab, example_copy, page, artifacts):
    opened = watch(page)
    page.add_init_script(WATCH)
    open_and_run(page, lab, "notebooks/02_code_extracts.ipynb")
    mark = page.locator('.qs-coded[data-codings~="KXSS1"]').first
    mark.wait_for()
    assert LABEL in mark.get_attribute("data-codes") and LABEL in mark.get_attribute("title")
    assert REVIEWER in mark.get_attribute("title")
    assert CITATION in html_text(page)  # the heading
    style = mark.get_attribute("style") or ""
    assert "__xss" not in style and "onmouseover" not in style

    mark.hover()
    mark.click()  # the codings at the click, each with a colour swatch
    page.locator("button", has_text="Remove").first.wait_for()
    for swatch in page.locator(".widget-html-content span[style*='background']").all():
        if swatch.is_visible():
            swatch.hover()
    # the list of the source's codings (an accordion of rows naming code, reviewer and quote)
    page.locator(".jupyter-widget-Collapse-header, .lm-AccordionPanel-title",
                 has_text="on this source").first.click()
    page.locator("select option", has_text="__xss=1").first.wait_for(state="attached")
    shown = html_text(page) + "\n" + page.evaluate(
        "() => Array.from(document.querySelectorAll('select option')).map(o => o.textContent).join('\\n')"
    ).replace("\u00a0", " ")
    for payload in (LABEL, PLAIN, CITATION, REVIEWER):
        assert payload in shown, payload

    tab(page, "Memos")  # a click on a highlight makes the memo about a coding there
    page.locator(".widget-html-content", has_text="Memo on coding").first.wait_for()
    page.locator("button", has_text="This source").first.click()
    page.locator(".widget-html-content", has_text="Memo on source").first.wait_for()
    shown = html_text(page)
    assert TITLE in shown and shown.count(MEMO) >= 2  # NT's memo and the teammate's

    tab(page, "Codebook")
    choose(page, r"codings?$", r"window\.__xss=1.*codings?$")
    page.locator(".widget-html-content", has_text="made by").first.wait_for()
    shown = html_text(page)
    assert DEFINITION in shown and LABEL in shown
    tab(page, "Memos")  # the memo on the code chosen in the codebook
    page.get_by_role("button", name="Code", exact=True).click()
    page.locator(".widget-html-content", has_text="Memo on code").first.wait_for()
    assert CODE_MEMO.replace("</svg>", "") in html_text(page).replace("</svg>", "")
    tab(page, "Codebook")
    # a rename that collides with the payload label: the error quotes the label, as text
    choose(page, r"codings?$", r"Second\scode.*codings?$")
    page.get_by_placeholder("New label").fill(LABEL)
    page.locator("button", has_text="Rename").first.click()
    error = page.locator(".widget-html-content", has_text="exists already").first
    error.wait_for()
    assert f"a code labelled '{LABEL}' exists already" in error.text_content()

    tab(page, "Quotations")
    choose(page, r"^$", r"window\.__xss=1", last=True)  # the code whose quotations to list
    page.locator(".widget-html-content:visible", has_text=re.compile(r"^\d+ quotations?$")).first.wait_for()
    assert CITATION in html_text(page)

    page.screenshot(path=str(artifacts / "payloads-coding-lab.png"))
    assert_nothing_ran(page, opened)
    assert page.evaluate("window.__dialogs.length") == 0


def test_second_review_notebook_shows_payloads_as_text(lab, example_copy, page, artifacts):
    shut_kernels_down(lab)  # notebook 03 opens AG's log; nothing else may hold it
    opened = watch(page)
    page.add_init_script(WATCH)
    open_and_run(page, lab, "notebooks/03_second_review.ipynb", ready=".widget-button:has-text('Agree')")
    coding = page.locator(".widget-html-content:has(h4)").first
    coding.wait_for()
    for _ in range(3):  # the payload coding comes first in reading order, unless AG checked it
        if LABEL in coding.text_content():
            break
        shown = coding.text_content()
        page.locator("button", has_text="Previous").first.click()
        page.wait_for_function("([el, was]) => el.textContent !== was",  # the previous coding is shown
                               arg=[coding.element_handle(), shown])
    assert LABEL in coding.text_content() and DEFINITION in coding.text_content()
    assert CITATION in coding.text_content()
    bar = coding.locator("div[style*='border-left']").first
    assert "__xss" not in (bar.get_attribute("style") or "")
    page.locator('.qs-coded[data-codings~="KXSS1"]').first.hover()
    page.locator("select option", has_text="otherwise").first.wait_for(state="attached")  # the queue, further down
    choose(page, r"coded.it.otherwise", r"window\.__xss=1")
    # the disagreement's two columns name the codes as text (the payload label among them)
    page.wait_for_function("() => Array.from(document.querySelectorAll('.qs-side'))"
                           ".some(e => e.textContent.includes('__xss=1'))")
    page.screenshot(path=str(artifacts / "payloads-check-lab.png"))
    assert_nothing_ran(page, opened)


def test_theme_notebook_shows_payloads_as_text(lab, example_copy, page, artifacts):
    shut_kernels_down(lab)  # notebook 04 opens AG's log too
    opened = watch(page)
    page.add_init_script(WATCH)
    open_and_run(page, lab, "notebooks/04_build_themes.ipynb",
                 ready=".widget-button:has-text('New descriptive theme')")
    # in the tables (pandas escapes); the table that cites it renders after the first one
    page.wait_for_function("citation => document.body.textContent.includes(citation)", arg=CITATION,
                           timeout=180_000)
    from synthesis import Project
    from synthesis.themes import query

    with Project.open(example_copy) as project:  # a theme Barlow and Coe contribute to
        name = next(t.name for t in query.themes(project, "descriptive")
                    if "barlow2013" in {s.study_id for s in query.contributing_studies(project, t.theme_id)})
    # the board draws the poisoned codes' labels as text on their cards (unthemed: no theme holds them)
    page.wait_for_function("(labels) => labels.every(label => Array.from(document.querySelectorAll("
                           "'.qs-unthemed-area .qs-card-label')).some(e => e.textContent === label))",
                           arg=[LABEL, PLAIN])
    page.locator(".qs-board .qs-theme-name", has_text=name).first.click()
    theme_page = page.locator(".widget-html-content", has_text="Contributing studies").first
    theme_page.wait_for()
    page.wait_for_function("(citation) => Array.from(document.querySelectorAll('.widget-html-content'))"
                           ".some(e => e.textContent.includes('Contributing studies') && e.textContent.includes(citation))",
                           arg=CITATION)
    theme_page.scroll_into_view_if_needed()
    page.screenshot(path=str(artifacts / "payloads-themes-lab.png"))
    assert_nothing_ran(page, opened)


def test_voila_app_shows_payloads_as_text(example_copy, jupyter_env, page, browser, artifacts, tmp_path):
    root = tmp_path / FOLDER
    shutil.copytree(example_copy, root, ignore=shutil.ignore_patterns("*.lock", ".synthesis", ".ipynb_checkpoints"))
    port = free_port()
    command = [sys.executable, "-m", "synthesis", "app", "code", "--project", str(root), "--no-browser",
               f"--port={port}"]
    server = start_server(command, root.parent, jupyter_env, port, tmp_path / "voila.log")
    try:
        opened = watch(page)
        page.add_init_script(WATCH)
        page.goto(f"http://127.0.0.1:{port}/")
        name = page.get_by_placeholder("e.g. NT")
        name.wait_for(timeout=120_000)
        name.fill(INITIALS)  # refused: the error quotes what was typed, as text
        page.locator("button", has_text="Start coding").click()
        refusal = page.locator(".widget-html-content", has_text="must be letters").first
        refusal.wait_for(timeout=120_000)
        assert INITIALS in refusal.text_content()
        assert_nothing_ran(page, opened)

        name.fill("BV")
        page.locator("button", has_text="Start coding").click()
        mark = page.locator('.qs-coded[data-codings~="KXSS1"]').first
        mark.wait_for(timeout=120_000)
        header = page.locator(".widget-html-content", has_text="Coding as").first
        assert header.text_content() == f"Coding as BV in {FOLDER}"
        mark.hover()
        mark.click()
        page.locator("button", has_text="Remove").first.wait_for()
        shown = html_text(page)
        for payload in (LABEL, CITATION, REVIEWER):
            assert payload in shown, payload
        page.screenshot(path=str(artifacts / "payloads-voila.png"))
        assert_nothing_ran(page, opened)
        assert page.evaluate("window.__dialogs.length") == 0
        answer_dialogs(page)
    finally:
        stop_server(server)
