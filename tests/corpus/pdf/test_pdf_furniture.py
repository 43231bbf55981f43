"""Running heads, footers and page numbers (synthesis.corpus.pdf.furniture)."""

from __future__ import annotations

from synthesis.corpus.pdf.furniture import (find_furniture, first_page_furniture, is_banner, is_licence,
                                            is_page_number, shape)
from synthesis.corpus.pdf.layout import Line

BODY = [f"Body line {word} of the page." for word in ("one", "two", "three", "four", "five", "six", "seven")]


def page(n: int, head: list[str], foot: list[str], body: list[str] = BODY) -> list[Line]:
    """A page of unplaced lines: head, body (made unique to the page), foot."""
    return [Line(t) for t in head] + [Line(f"{t} ({'abcdefghij'[n]})") for t in body] + [Line(t) for t in foot]


def removed(pages) -> list[tuple[int, str]]:
    return [(f.page, f.text) for f in find_furniture(pages)]


def test_running_heads_alternate_and_page_numbers() -> None:
    pages = [page(0, ["Journal of Testing 12 (2024) 514\u2013523"], ["514"])]
    for n in range(1, 6):
        head = "A. Author and B. Writer" if n % 2 else "Trust in partnerships"
        pages.append(page(n, ["Journal of Testing 12 (2024) 514\u2013523", head], [str(514 + n)]))
    found = removed(pages)
    assert (0, "Journal of Testing 12 (2024) 514\u2013523") in found and (0, "514") in found
    assert (1, "A. Author and B. Writer") in found and (2, "Trust in partnerships") in found
    assert (5, "519") in found
    assert len(found) == 6 + 5 + 6
    assert not any("Body line" in text for _, text in found)


def test_page_x_of_y_doi_and_shapes() -> None:
    pages = [page(n, [f"Smith et al. BMC Health Services Research (2020) 20:{514 + n}"],
                  ["https://doi.org/10.1186/s12913-020-05000-1", f"Page {n + 1} of 4"]) for n in range(4)]
    found = removed(pages)
    assert len(found) == 12
    assert (2, "Page 3 of 4") in found and (3, "Smith et al. BMC Health Services Research (2020) 20:517") in found
    assert shape("Page 3 of 12") == shape("Page 11 of 12") == "page # of #"


def test_forty_percent_of_pages() -> None:
    """On 2 of 5 pages a head is furniture; on 1 of 5 it is not."""
    heads = ["Twice", "Once", "", "Twice", ""]
    pages = [page(n, [h] if h else [], []) for n, h in enumerate(heads)]
    assert removed(pages) == [(0, "Twice"), (3, "Twice")]


def test_heads_of_odd_or_even_pages() -> None:
    """Six pages: the short title on pages 3 and 5 (2 of 6) is half the odd pages."""
    pages = [page(0, [], [])] + [page(n, ["Authors" if n % 2 else "Short title"], []) for n in range(1, 6)]
    assert removed(pages) == [(1, "Authors"), (2, "Short title"), (3, "Authors"), (4, "Short title"), (5, "Authors")]
    pages = [page(n, ["Once" if n == 2 else "Twice" if n in (1, 4) else ""], []) for n in range(8)]
    assert removed(pages) == []  # "Twice" on one odd and one even page of eight


def test_numbers_alone_need_three_pages_unless_page_numbers() -> None:
    """'Table 1', 'Table 2' at two page tops are content; '7', '8' at two page feet are page numbers."""
    pages = [page(0, ["Table 1"], ["7"]), page(1, ["Table 2"], ["8"])]
    assert removed(pages) == [(0, "7"), (1, "8")]
    pages.append(page(2, ["Table 3"], ["9"]))
    assert [t for _, t in removed(pages)] == ["Table 1", "7", "Table 2", "8", "Table 3", "9"]


def test_short_documents() -> None:
    assert removed([page(0, ["Journal of Testing"], ["1"])]) == []
    two = [page(0, ["Journal of Testing"], ["1"]), page(1, ["Journal of Testing"], ["2"])]
    assert removed(two) == [(0, "Journal of Testing"), (0, "1"), (1, "Journal of Testing"), (1, "2")]
    assert removed([[], page(1, ["Journal of Testing"], ["2"])]) == []


def test_only_lines_near_the_edges() -> None:
    """A line repeated in the middle of every page (a table header, a refrain) stays."""
    body = BODY[:3] + ["Theme Quote Source"] + BODY[3:]
    pages = [[Line(f"{t} {n}") if t.startswith("Body") else Line(t) for t in body] for n in "abcd"]
    assert removed(pages) == []


def test_edges_by_position_not_by_stream_order() -> None:
    """A running head written last in the content stream is still at the top of the page."""
    pages = []
    for n in "abcd":
        lines = [Line(f"Body {n} {c}.", 50, 100 + 12 * i, 540, 109 + 12 * i) for i, c in enumerate("klmnopqrst")]
        lines.append(Line("Journal of Testing", 50, 40, 200, 48))
        pages.append(lines)
    assert [(f.page, f.line, f.text) for f in find_furniture(pages)] == [(n, 10, "Journal of Testing") for n in range(4)]


def test_is_page_number() -> None:
    assert [is_page_number(t) for t in ("12", "- 12 -", "Page 3", "page 3 of 12", "p. 4", "[5]", "3 / 12")] == [True] * 7
    assert [is_page_number(t) for t in ("Table 2", "12 Journal", "2020:14", "Figure 3")] == [False] * 4


# ------------------------------------------------------------------ the first page's own furniture
HEAD = "Smith et al. BMC Health Services Research 2014, 14:1"


def placed(text: str, top: float, size: float = 0.0, x0: float = 57.0, height: float = 8.0) -> Line:
    return Line(text, x0, top, x0 + 4.5 * len(text), top + height, size)


def body_lines(top: float, n: int, tag: str, size: float = 0.0) -> list[Line]:
    """``n`` lines of body text, each page's (``tag``) and each line's words its own."""
    return [placed(f"Body text {tag} {'klmnopqrstuvwxyz'[i]} as the column runs on.", top + 12 * i, size, height=9)
            for i in range(n)]


def article_pages(first: list[Line], n: int = 4) -> list[list[Line]]:
    """A first page, then pages with the head "... Page N of M" and a journal URL at the top."""
    pages = [first]
    for k in range(2, n + 1):
        pages.append([placed(f"{HEAD} Page {k} of {n}", 34, x0=57), placed("http://www.example.com/14/1", 44)]
                     + body_lines(90, 12, "abcdefgh"[k]))
    return pages


def first_page(*extra: Line) -> list[Line]:
    return [placed("Trust and partnership in community care", 124, 22, height=22),
            placed("Anna Author and Ben Writer", 259, 10)] + body_lines(300, 12, "a", 9.2) + list(extra)


def test_first_page_head_without_its_page_number() -> None:
    pages = article_pages(first_page(placed(HEAD, 34, 7.4), placed("http://www.example.com/14/1", 44, 7.4)))
    found = [(f.page, f.text, f.first_page) for f in find_furniture(pages) if f.page == 0]
    assert found == [(0, HEAD, True), (0, "http://www.example.com/14/1", False)]


def test_first_page_head_alike_but_not_the_same() -> None:
    """Digits masked and a little wording apart ("Res." / "Research") it is still the head."""
    pages = article_pages(first_page(placed("Smith et al. BMC Health Services Res. 2013, 13:9", 34, 7.4)))
    assert [f.text for f in find_furniture(pages) if f.page == 0] == ["Smith et al. BMC Health Services Res. 2013, 13:9"]
    pages = article_pages(first_page(placed("Jones and Brown: trust in the service, 2014", 34, 9.2)))
    assert [f.text for f in find_furniture(pages) if f.page == 0] == []  # another line at the top, in body type: text


def test_title_like_the_running_head_stays() -> None:
    """A head that repeats the title's words: the title, in large type, is never taken."""
    pages = [[placed("Trust in partnerships over time in home care", 124, 22, height=22)] + body_lines(300, 12, "a", 9.2)]
    pages += [[placed("Trust in partnerships over time in care", 34)] + body_lines(90, 12, "abcdefgh"[k]) for k in (2, 3, 4)]
    assert [f.page for f in find_furniture(pages)] == [1, 2, 3]


def test_banner_above_the_title() -> None:
    for banner in ("RESEARCH ARTICLE Open Access", "R E S EAR CH A R TIC L E Open Access", "Research Article",
                   "Original Article", "Review"):
        pages = article_pages(first_page(placed(banner, 94, 12)))
        assert [(f.text, f.first_page) for f in find_furniture(pages) if f.page == 0] == [(banner, True)]
    # an article type in the body, below the title and away from the edges, is text
    lines = first_page()
    lines.insert(8, placed("Review", lines[8].top, 9.2))
    assert [f for f in find_furniture(article_pages(lines)) if f.page == 0] == []


def test_licence_statement_with_its_lines() -> None:
    licence = [placed("\u00a9 2014 Smith et al.; licensee Publisher Ltd. This is an open access article", 711, 6.4, 180),
               placed("distributed under the Creative Commons Attribution License, which permits", 719.5, 6.4, 180),
               placed("unrestricted use, provided the original work is properly cited.", 728, 6.4, 180)]
    footnote = placed("* Correspondence: anna@example.org", 667, 6.9)
    pages = article_pages(first_page(footnote, *licence))
    assert [f.text for f in find_furniture(pages) if f.page == 0] == [line.text for line in licence]


def test_first_page_furniture_needs_the_first_page() -> None:
    """No pages, one page, or no furniture elsewhere: only banners, licences and mastheads are found."""
    assert find_furniture([]) == ()
    assert find_furniture([first_page(placed("Research Article", 94, 12))]) == ()
    lines = first_page(placed(HEAD, 34, 9.2))
    assert [f.text for f in first_page_furniture(lines, [])] == []
    assert [f.text for f in first_page_furniture(lines, [f"{HEAD} Page 2 of 9"])] == [HEAD]


def test_banners_and_licences() -> None:
    assert all(map(is_banner, ("RESEARCH ARTICLE", "Open Access", "Systematic Review", "STUDY PROTOCOL",
                               "Case Report Open Access", "Original Research")))
    assert not any(map(is_banner, ("Research questions", "Methods", "Trust", "Open questions", "Review of services")))
    assert is_licence("\u00a9 The Author(s) 2020") and is_licence("\u00a9 2020 The Author(s)")
    assert is_licence("Copyright 2010 Tully et al.")
    assert not is_licence("(c) the staff said so") and not is_licence("Copyright law was not discussed.")


def test_masthead_above_the_title_in_smaller_type() -> None:
    """Publisher, journal, volume and DOI lines above the title, in type smaller than the body's, are furniture."""
    masthead = [placed("Example Publishing Corporation", 45, 7.6), placed("Journal of Community Care", 54, 7.6),
                placed("Volume 2010, Article ID 157939, 6 pages", 64, 7.6), placed("doi:10.1155/2010/157939", 73, 7.6)]
    pages = article_pages(first_page(*masthead))
    assert [f.text for f in find_furniture(pages) if f.page == 0] == [line.text for line in masthead]
    # the same lines in body type below the title are text
    lines = first_page()
    lines[8:8] = [placed(line.text, lines[8].top + 1, 9.2) for line in masthead[:2]]
    assert [f for f in find_furniture(article_pages(lines)) if f.page == 0] == []


def test_imprint_line_in_body_type_at_the_top() -> None:
    imprint = placed("Published by Example Press, Volume 12, Issue 3", 60, 9.2)
    assert [f.text for f in find_furniture(article_pages(first_page(imprint))) if f.page == 0] == [imprint.text]


def test_nothing_above_a_title_lower_down_is_taken_without_sizes_or_imprint() -> None:
    """Lines above the largest type but in body type, or below the first body line, stay."""
    lines = [placed("Trust and partnership in community care", 400, 22, height=22),
             placed("A small note before it.", 380, 7.0)] + body_lines(90, 12, "a", 9.2)
    assert [f for f in find_furniture(article_pages(lines)) if f.page == 0] == []


def test_licence_statement_in_mid_page() -> None:
    """An open-access licence statement between the abstract and the body is taken wherever it stands."""
    licence = [placed("Copyright \u00a9 2010 Anna Author et al. This is an open access article distributed under the "
                      "Creative Commons Attribution License,", 470, 8.5, 87),
               placed("which permits unrestricted use, distribution, and reproduction in any medium, provided the "
                      "original work is properly cited.", 480, 8.5, 87),
               placed("Objectives. Staff were asked how partnerships began and why they ended.", 490, 8.5, 87)]
    below = body_lines(520, 12, "b", 9.2)  # the body goes on under it: the statement is not near an edge
    lines = first_page(*licence, *below)
    assert [f.text for f in find_furniture(article_pages(lines)) if f.page == 0] == [line.text for line in licence[:2]]
    # a copyright line without the sign, followed by a sentence that mentions a licensee, stays in mid page
    others = [placed("Copyright 2010 rules were new to the staff and the council.", 470, 8.5, 87),
              placed("The licensee of the service kept the records.", 480, 8.5, 87)]
    assert [f for f in find_furniture(article_pages(first_page(*others, *below))) if f.page == 0] == []
