"""Paragraphs rebuilt from lines (synthesis.corpus.pdf.paragraphs)."""

from __future__ import annotations

from synthesis.corpus.pdf.layout import Line
from synthesis.corpus.pdf.paragraphs import build, ends_sentence, paragraph_breaks, starts_new

X0, WIDTH, STEP, HEIGHT = 50.0, 240.0, 12.0, 9.0


def column(rows: list[str | tuple[str, float]], *, x0: float = X0, top: float = 100.0) -> list[Line]:
    """Placed lines, one per row, down a column. A row is its text (full width, or short when it ends
    with '.' and is under 30 characters), or (text, width); '>' before a text indents it; '' skips a line."""
    lines = []
    y = top
    for row in rows:
        text, width = row if isinstance(row, tuple) else (row, None)
        if text == "":
            y += STEP
            continue
        indent = 10.0 if text.startswith(">") else 0.0
        text = text.lstrip(">")
        if width is None:
            width = 6.0 * len(text) if len(text) < 30 else WIDTH - indent
        lines.append(Line(text, x0 + indent, y, x0 + indent + width, y + HEIGHT))
        y += STEP
    return lines


def text_of(*pages: list[Line]) -> str:
    return build(list(pages)).text


def test_short_line_then_capital() -> None:
    lines = column(["Partners met every week and the meetings", "built trust.", "Funding was cut in the second year",
                    "and staff left."])
    assert text_of(lines) == ("Partners met every week and the meetings built trust.\n\n"
                              "Funding was cut in the second year and staff left.")


def test_short_line_then_lower_case_continues() -> None:
    lines = column(["Partners met every week with the", ("incredibly", 60.0), "hardworking staff of the council."])
    assert text_of(lines) == "Partners met every week with the incredibly hardworking staff of the council."


def test_indent_after_a_full_stop() -> None:
    lines = column(["Partners met every week and the trust", "grew until the funding ended in the spring.",
                    ">Staff left in the first year and the", "services closed."])
    assert text_of(lines).count("\n\n") == 1
    assert "spring.\n\nStaff left" in text_of(lines)


def test_indent_without_a_full_stop_continues() -> None:
    lines = column(["The partners who met every week and the", ">quotation set in from the margin", "went on."])
    assert "\n\n" not in text_of(lines)


def test_a_quotation_set_in_keeps_the_line_that_cites_it() -> None:
    body = column(["Staff described the programme in their own words and", "said it changed them."])
    quote = [Line("And then when you see other people and start", 75.0, 124.0, 290.0, 133.0),
             Line("talking about it, it does not seem as bad.", 75.0, 136.0, 288.0, 145.0),
             Line("(Centre A, R5).", 75.0, 148.0, 134.0, 157.0)]
    after = [Line("Many of the participants had felt ill informed", 65.0, 160.0, 290.0, 169.0),
             Line("about their condition before the programme.", 50.0, 172.0, 290.0, 181.0)]
    assert text_of(body + quote + after).split("\n\n") == [
        "Staff described the programme in their own words and said it changed them.",
        "And then when you see other people and start talking about it, it does not seem as bad. (Centre A, R5).",
        "Many of the participants had felt ill informed about their condition before the programme."]


def test_a_one_line_paragraph_set_in_is_still_a_paragraph() -> None:
    lines = column(["Partners met every week and the trust", "grew until the funding ended in the spring.",
                    ">A review of the service followed in May.", ">Staff left in the first year and the",
                    "services closed."])
    assert text_of(lines).split("\n\n") == [
        "Partners met every week and the trust grew until the funding ended in the spring.",
        "A review of the service followed in May.", "Staff left in the first year and the services closed."]


def test_a_structured_abstracts_run_in_headings_start_paragraphs() -> None:
    # "observation." is not short enough, nor "patients said." at the column's foot, to end a paragraph
    first = column(["Methods: Interviews with staff and patients, and", ("review and participatory observation.", 190.0),
                    "Results: Staff shortages were the main constraint", "on care in the department, as staff and patients said."])
    second = column(["Conclusions: Change needs commitment from staff", "and the words after it: Nothing else."], x0=320.0)
    assert text_of(first + second).split("\n\n") == [
        "Methods: Interviews with staff and patients, and review and participatory observation.",
        "Results: Staff shortages were the main constraint on care in the department, as staff and patients said.",
        "Conclusions: Change needs commitment from staff and the words after it: Nothing else."]


def test_a_colon_in_running_text_starts_no_paragraph() -> None:
    lines = column(["Partners met every week and the trust grew.", "However: the funding ended in the spring",
                    "and the staff left."])
    assert "\n\n" not in text_of(lines)


def test_vertical_gap() -> None:
    lines = column(["Partners met every week and the meetings", "built trust over many months of work here", "",
                    "Methods were simple and the study was", "small."])
    assert text_of(lines) == ("Partners met every week and the meetings built trust over many months of work here\n\n"
                              "Methods were simple and the study was small.")


def test_heading() -> None:
    lines = column(["Partners met every week and the meetings", "built trust.", "", "2. Methods", "",
                    "We interviewed forty-two people in three", "regions."])
    assert text_of(lines) == ("Partners met every week and the meetings built trust.\n\n2. Methods\n\n"
                              "We interviewed forty-two people in three regions.")


def test_sentence_over_a_page_break() -> None:
    first = column(["Partners met every week and the meetings", "built trust. Staff agreed that the continuity of"])
    second = column(["people mattered more than the continuity", "of contracts."])
    flow = build([first, second])
    assert flow.text == ("Partners met every week and the meetings built trust. Staff agreed that the continuity of "
                         "people mattered more than the continuity of contracts.")
    assert flow.page_starts == (0, flow.text.index("people"))


def test_full_stop_at_a_page_foot_is_not_enough() -> None:
    """The last line ends a sentence but is full, and the next page starts flush: one paragraph."""
    first = column(["Partners met every week and the meetings", "built trust over many months of hard work."])
    second = column(["Staff agreed that continuity of people", "mattered more than contracts did."])
    assert "\n\n" not in text_of(first, second)


def test_new_paragraph_at_a_page_top() -> None:
    first = column(["Partners met every week and the meetings", "built trust over many months of hard work."])
    indented = column([">Staff agreed that continuity of people", "mattered more than contracts did."])
    assert text_of(first, indented).count("\n\n") == 1
    short = column(["Partners met every week and the meetings", "built trust."])
    flush = column(["Staff agreed that continuity of people", "mattered more than contracts did."])
    assert text_of(short, flush).count("\n\n") == 1


def test_next_column_on_the_same_page() -> None:
    left = column(["Partners met every week and the meetings", "built trust, and staff agreed that the"])
    right = column(["continuity of people mattered most of all", "to them."], x0=310)
    assert text_of(left + right) == ("Partners met every week and the meetings built trust, and staff agreed that the "
                                     "continuity of people mattered most of all to them.")


def test_hyphen_across_a_page_break() -> None:
    first = column(["Partners met every week and the inter-"])
    second = column(["views were recorded, and the interviews", "were coded."])
    flow = build([first, second])
    assert flow.text == "Partners met every week and the interviews were recorded, and the interviews were coded."
    assert flow.page_starts == (0, flow.text.index("views were"))
    assert (flow.joined, flow.kept, flow.paragraphs) == (1, 0, 1)


def test_blank_lines_and_unplaced_lines() -> None:
    lines = [Line("Partners met every week and the meetings"), Line("built trust."), Line(""),
             Line("funding was short and staff left in the"), Line("first year."), Line("Services closed.")]
    flow = build([lines])
    assert flow.text == ("Partners met every week and the meetings built trust.\n\n"
                         "funding was short and staff left in the first year.\n\nServices closed.")
    assert flow.paragraphs == 3


def test_pages_without_lines() -> None:
    flow = build([[], column(["One line."]), []])
    assert (flow.text, flow.page_starts, flow.paragraphs) == ("One line.", (None, 0, None), 1)
    assert build([]).text == ""


def test_slides_one_line_a_page() -> None:
    assert text_of(column(["Trust grew slowly."]), column(["Owners joined later."])) == (
        "Trust grew slowly.\n\nOwners joined later.")


def test_breaks_list() -> None:
    flow = [(0, line) for line in column(["Partners met every week and the meetings", "built trust.",
                                          "Funding was cut."])]
    assert paragraph_breaks(flow) == [False, False, True]
    assert paragraph_breaks([]) == [] and paragraph_breaks(flow[:1]) == [False]


def test_sentence_ends_and_starts() -> None:
    assert [ends_sentence(t) for t in ("done.", "done?)", "said:", "done.\u201d", "and the", "p. 4-")] == [
        True, True, True, True, False, False]
    assert [starts_new(t) for t in ("Staff", "42 people", "\u201cWe", "(Table 2)", "\u2022 item", "and", "(see")] == [
        True, True, True, True, True, False, False]
