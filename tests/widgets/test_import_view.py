"""The import preview as HTML: pages, what was removed, every piece of data escaped."""

from __future__ import annotations

from pathlib import Path

import pytest

from synthesis.widgets.import_view import preview_html, preview_view

PAYLOAD = '<img src=x onerror="alert(1)">'


def make_pdf(path: Path, head: str, pages: list[list[str]], first: int) -> Path:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    with PdfPages(path) as pdf:
        for number, lines in enumerate(pages, start=first):
            fig = plt.figure(figsize=(5.8, 8.3))
            fig.text(0.08, 0.95, head, fontsize=7)
            for row, line in enumerate(lines):
                fig.text(0.08, 0.88 - row * 0.03, line, fontsize=10)
            fig.text(0.5, 0.04, str(number), fontsize=8, ha="center")
            pdf.savefig(fig)
            plt.close(fig)
    return path


@pytest.fixture(scope="module")
def article(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("pdf")
    return make_pdf(folder / "article.pdf", f"Journal {PAYLOAD} 7 (2021) 101-103", [
        ["Parents said the school was their first partner. The partner-", "ship grew when staff stayed."],
        [f"Staff wrote {PAYLOAD} in the record, and it"],
        ["was read by everyone."]], 101)


def test_pdf_pages_report_and_removed_lines(article: Path) -> None:
    page = preview_html(article)
    assert [label for label in ("page 101", "page 102", "page 103") if label in page] == ["page 101", "page 102",
                                                                                          "page 103"]
    assert page.index("page 101") < page.index("partnership grew") < page.index("page 102")
    assert "removed 6 running heads/footers" in page and "joined 1 hyphenated words" in page
    assert "Taken out of the text</b>: 6 running heads" in page
    assert '<td style="text-align:left">102</td><td style="text-align:left">102</td>' in page  # the page number of page 102, taken out
    # data from the file never becomes markup
    assert PAYLOAD not in page and "<img" not in page
    assert "Staff wrote &lt;img src=x onerror=&quot;alert(1)&quot;&gt; in the record" in page
    assert '<td style="text-align:left">101</td><td style="text-align:left">Journal &lt;img' in page


def test_text_document_and_table(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text(f"[p. 3] Trust {PAYLOAD} grew.\n[p. 4] Then it went.", encoding="utf-8")
    page = preview_html(note)
    assert "<b>note.txt</b>" in page and "2 pages, " in page and "page 3" in page and "page 4" in page
    assert "<img" not in page and "What the importer did" not in page
    sheet = tmp_path / "studies.csv"
    sheet.write_text(f'study_id,citation\ngreen2012,"Green {PAYLOAD}"\n', encoding="utf-8")
    page = preview_html(sheet, kind="studies")
    assert "green2012: Green &lt;img" in page and "<img" not in page


def test_widget(tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Trust grew.", encoding="utf-8")
    assert preview_view(note).value == preview_html(note)
