"""No markup from data runs in a view: the escaping helpers, and every view fed a project
whose every field carries a script payload, its HTML read back with a parser."""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import ipywidgets as w
import pytest

from synthesis import Project
from synthesis.corpus.importing import save_studies
from synthesis.errors import SynthesisError
from synthesis.records import Study
from synthesis.themes import api
from synthesis.widgets import CheckView, CodingView, QueueView, ThemeBoard
from synthesis.widgets.markup import esc, status, swatch

LABEL = '<img src=x onerror="window.__xss=1">'
DEFINITION = "<script>window.__xss=2</script>"
COLOURS = ['red" onmouseover="window.__xss=3" x="', "red' onmouseover='window.__xss=3' x='",
           'red"><img src=x onerror=alert(1)>', "#fff;background:url(javascript:alert(1))", "expression(alert(1))",
           "#E69F00\n", "", None]
MEMO = "<img src=x onerror=\"window.__xss=4\">memo"
TITLE = "<svg onload=window.__xss=5>Extracts"
CITATION = "<b onmouseover=window.__xss=6>Green</b> & Dicks, 2012"
NAME = "<img src=x onerror=window.__xss=7> review"
REASON = "<iframe src=javascript:alert(8)>"
THEME = "<a href=javascript:alert(9)>Trust</a>"
TEXT = "Trust grew between the partners. <b>Bold</b> claims were made."

#: The only markup views write themselves.
TAGS = {"b", "i", "small", "span", "div", "mark", "ul", "ol", "li", "p", "br", "h2", "h3", "h4", "details", "summary"}
STYLE = re.compile(r"^(?:[a-z-]+:(?:#[0-9A-Fa-f]{3,6}|[0-9a-z .%#-]+);?)*$")


class Markup(HTMLParser):
    """Everything in a piece of HTML that views never write themselves."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.text: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs += attrs
        if tag not in TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name != "style":
                self.found.append(f"<{tag} {name}=...>")
            elif not STYLE.match((value or "").replace(" ", "")):
                self.found.append(f"<{tag} style={value!r}>")

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(markup: str) -> Markup:
    parser = Markup()
    parser.feed(markup)
    parser.close()
    return parser


def unsafe(markup: str) -> list[str]:
    return parse(markup).found


def shown_text(markup: str) -> str:
    return "".join(parse(markup).text)


def html_values(widget: w.Widget) -> list[str]:
    """The value of every HTML widget in a widget tree."""
    found = [widget.value] if isinstance(widget, (w.HTML, w.HTMLMath)) else []
    for child in getattr(widget, "children", ()):
        found += html_values(child)
    return found


def button_colours(widget: w.Widget) -> list[str]:
    found = [widget.style.button_color] if isinstance(widget, w.Button) and widget.style.button_color else []
    for child in getattr(widget, "children", ()):
        found += button_colours(child)
    return found


def assert_safe(view: w.Widget, *shown: str) -> str:
    """Every HTML value of ``view`` holds only the views' own markup; return the text shown."""
    values = html_values(view)
    for value in values:
        assert not unsafe(value), (unsafe(value), value)
    text = "\n".join(shown_text(v) for v in values)
    for payload in shown:
        assert payload in text, f"{payload!r} is not shown as text"
    for colour in button_colours(view):
        assert re.fullmatch(r"#[0-9A-Fa-f]{6}|#[0-9A-Fa-f]{3}", colour), colour
    return text


# --------------------------------------------------------------------- the helpers
@pytest.mark.parametrize("payload", [LABEL, DEFINITION, MEMO, TITLE, CITATION, REASON, THEME, COLOURS[0]])
def test_esc_leaves_no_markup_and_shows_the_text(payload):
    escaped = esc(payload)
    assert not set("<>\"'") & set(escaped)
    parsed = parse(f"<b title=\"{escaped}\">{escaped}</b><i title='{escaped}'></i>")
    assert parsed.attrs == [("title", payload), ("title", payload)]  # inside either quotes, one attribute
    assert "".join(parsed.text) == payload


@pytest.mark.parametrize("colour", COLOURS)
def test_swatch_puts_only_hex_colours_into_style(colour):
    markup = swatch(colour)
    assert not unsafe(markup)
    assert markup.count('"') == 2 and "background:#999999;" in markup


@pytest.mark.parametrize("colour", ["#E69F00", "#abc", "#ABCDEF"])
def test_swatch_keeps_a_hex_colour(colour):
    assert f"background:{colour};" in swatch(colour)


def test_status_escapes_the_message_bytes():
    assert status(f"a code labelled '{LABEL}' exists already", error=True) == (
        '<span style="color:#D55E00">Error: a code labelled &#x27;&lt;img src=x onerror=&quot;window.__xss=1&quot;'
        "&gt;&#x27; exists already</span>")
    assert status("saved") == '<span style="color:#333">saved</span>'


# ------------------------------------------------------------- views fed payloads
def poison_colours(project: Project, colour: str) -> None:
    """Give every code a colour that is not one (as a log written by hand could, before the
    fold checks colours): the views must not depend on the fold's check."""
    for code_id, code in list(project.state.codes.items()):
        project.state.codes[code_id] = replace(code, colour=colour)


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    root = tmp_path / "r"
    with Project.init(root, reviewer="NT", name=NAME) as p:
        save_studies(p, [Study("green2012", CITATION)])
        p.add_text(TEXT, title=TITLE, source_id="green", study_id="green2012", pages=((0, "10"),))
        code = p.create_code(LABEL, definition=DEFINITION)
        p.create_code("Plain")
        p.apply_code("green", 0, 5, code)
        p.apply_code("green", 33, 46, code)
        p.write_memo("source", "green", MEMO)
        p.write_memo("code", code.code_id, MEMO)
    return root


@pytest.mark.parametrize("colour", COLOURS[:5])
def test_coding_view_shows_payloads_as_text(root, colour):
    with Project.open(root, reviewer="NT") as p:
        poison_colours(p, colour)
        view = CodingView(p)
        view.text.selection = [0, 5]
        view._on_click(1)  # a click on the highlight lists the codings there
        view.codebook.value = p.code(LABEL).code_id
        view.retrieve_code.value = p.code(LABEL).code_id
        view.session.recent = [p.code(LABEL).code_id]  # a recently used code becomes a coloured button
        view._palette_key = None
        view._render_palette()
        view.memo_target.value = "source"  # the memo on the source, next to the codings clicked
        text = assert_safe(view, LABEL, DEFINITION, MEMO, CITATION, "<b>Bold</b>", TITLE)
        assert "made by NT" in text
        for entry in view.text.legend.values():  # what the JavaScript puts into CSS
            assert entry["colour"] == "#999999" and entry["label"] == LABEL
        assert view.recent.children and view.recent.children[0].style.button_color == "#999999"


def test_coding_view_error_quoting_a_label_is_escaped(root):
    with Project.open(root, reviewer="NT") as p:
        view = CodingView(p)
        view.codebook.value = p.code("Plain").code_id
        view.rename_text.value = LABEL  # collides with the existing label, which the error quotes
        view.rename_button.click()
        assert view.status.value.startswith('<span style="color:#D55E00">Error: ')
        assert "&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;" in view.status.value
        assert not unsafe(view.status.value) and LABEL in shown_text(view.status.value)


def test_coding_view_success_messages_are_escaped_once(root):
    with Project.open(root, reviewer="NT") as p:
        view = CodingView(p)
        view.codebook.value = p.code("Plain").code_id
        view.rename_text.value = "Trust & <respect>"
        view.rename_button.click()
        assert view.status.value == '<span style="color:#333">renamed to Trust &amp; &lt;respect&gt;</span>'


@pytest.mark.parametrize("colour", COLOURS[:5])
def test_check_and_queue_views_show_payloads_as_text(root, colour):
    with Project.open(root, reviewer="AG") as p:
        poison_colours(p, colour)
        view = CheckView(p)
        assert_safe(view, LABEL, DEFINITION, CITATION)
        assert all(e["colour"] == "#999999" for e in view.text.legend.values())
        view.reason.value = REASON
        view.disagree_button.click()
        poison_colours(p, colour)
        view.session.go(-1)  # back to the coding just checked: the verdict quotes the reason
        view.refresh()
        assert_safe(view, REASON)
        queue = QueueView(p)
        assert queue.items
        for index in range(len(queue.items)):
            queue.list.value = index
            assert_safe(queue, LABEL)


def test_theme_board_shows_payloads_as_text(root):
    with Project.open(root, reviewer="AG") as p:
        theme = api.create_theme(p, THEME, "descriptive", DEFINITION)
        api.assign(p, theme.theme_id, [p.code(LABEL).code_id])
        board = ThemeBoard(p)
        board.choose(theme.theme_id)
        assert_safe(board, THEME, DEFINITION, LABEL, CITATION)
        board.new_name.value = LABEL
        board.create_descriptive.click()  # refused or made: either way the message is text
        assert not unsafe(board.status.value)
        board.merge_button.click()
        assert "Error" in board.status.value and not unsafe(board.status.value)


def test_views_survive_the_errors_they_show(root):
    with Project.open(root, reviewer="NT") as p:
        view = CodingView(p)
        view.search.value = LABEL  # exists already: Create & apply is off, the label is text
        assert view.create_button.disabled
        with pytest.raises(SynthesisError):
            p.create_code(LABEL)
