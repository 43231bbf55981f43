"""Test PDFs made with reportlab: a two-column journal article and scans.

:func:`make_article` lays out :data:`ARTICLE` like a journal: a running head
on every page ("Journal of Testing 12 (2024) 514–523" on the left; the authors
on even pages and a short title on odd ones, on the right), page numbers in
the footer, the title in large bold type on page 1, two columns of body text
with indented paragraphs and spaced headings. Body text is wrapped greedily to
the column width; ``|`` in the text forces a line end there (after a hyphen
it makes a word broken across lines). It returns where every line went, so a
test can check its expectations of the layout before checking the import.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

PAGE_W, PAGE_H = 595.0, 842.0
MARGIN, GUTTER = 56.0, 18.0
COLUMN_W = (PAGE_W - 2 * MARGIN - GUTTER) / 2
BODY_SIZE, LEADING = 9.0, 12.0
INDENT = 10.0
BODY_TOP = PAGE_H - 80.0  # first body baseline on pages 2+
BODY_BOTTOM = 70.0
JOURNAL = "Journal of Testing 12 (2024) 514\u2013523"
AUTHORS_HEAD = "A. Author and B. Writer"
SHORT_TITLE = "Trust in partnerships"
TITLE = "Trust and Partnership in Community Health Services: A Qualitative Study"
QUOTE = "\u201cWe trusted them because they stayed when the money ran out,\u201d"

# (kind, text): kinds are title, authors, heading, para
ARTICLE: list[tuple[str, str]] = [
    ("title", TITLE),
    ("authors", "Anna Author and Ben Writer"),
    ("heading", "1. Introduction"),
    ("para", "Partnership working between health services, councils and families is now expected in "
             "community care. Yet the partnership is often fragile, and the evidence on what sustains "
             "a partner-|ship over years is thin. This study asks how trust is built."),
    ("para", "Earlier work found that shared decision-making and joint budgets help. Staff "
             "\ufb01ndings from three regions suggest that \ufb02exible roles and e\ufb00ort "
             "spent in the o\ufb03ce on shared records matter as much as formal agreements."),
    ("heading", "2. Methods"),
    ("para", "We held 42 interviews with staff and parents in three regions. The inter-|views lasted "
             "about an hour and were recorded, transcribed and coded inductively by two "
             "reviewers who met weekly to compare codes and agree a shared codebook."),
    ("para", "Commissioners were invited but few took part, so the views of commis-|sioners come "
             "from documents. The co-|location of teams in two regions let us compare sites "
             "with and without shared offices, and a self-|evaluation tool was used by managers."),
    ("heading", "3. Findings"),
    ("para", "Parents spoke of trust as something earned slowly. " + QUOTE + " said one mother, "
             "describing a service that kept its promises when funding was cut. Staff agreed "
             "that continuity of people mattered more than continuity of contracts."),
    ("para", "Joint decision-|making was valued where it was real. Where it was a formality, "
             "parents felt their views were recorded but not used, and they stopped coming "
             "to meetings. One council had kept the same lead worker for six years, and "
             "its families described the partnership in warm terms throughout the study period "
             "while families elsewhere described a revolving door of new faces and new forms."),
    ("para", "Shared records helped only when staff had time to read them. In the sites with "
             "co-located teams, informal talk in corridors did more than the formal record, "
             "and staff said they knew whom to ask when a family needed help quickly."),
    ("para", "Managers described the partnership boards as useful for sharing news but slow to act. "
             "Several said that the real decisions were made elsewhere, by the people who held the "
             "budgets, and that families were rarely told why a service had changed."),
    ("heading", "4. Discussion"),
    ("para", "Trust in these partnerships rested on people who stayed, promises that were kept "
             "and decisions that were shared in practice. Funders who want partnership working "
             "to last should pay for continuity of staff and for the time that joint work takes, "
             "not only for new structures and agreements that look good on paper."),
    ("para", "The study has limits. The sites volunteered, and the interviews were held in one "
             "year, so we cannot say how trust changes over a longer time. Further work should "
             "follow partnerships as they form and as they end."),
    ("heading", "5. Conclusion"),
    ("para", "Partnerships that last are built by people who stay. Services that keep staff in post, "
             "share decisions in practice and make time for joint work earn the trust of the families "
             "they serve."),
]


@dataclass
class Placed:
    """One line drawn: its page (1-based), column (0 left, 1 right, -1 across), kind and text."""

    page: int
    column: int
    kind: str
    text: str


@dataclass
class Article:
    """What :func:`make_article` drew."""

    path: Path
    lines: list[Placed] = field(default_factory=list)
    n_pages: int = 0

    def on_page(self, page: int) -> list[Placed]:
        return [line for line in self.lines if line.page == page]

    def page_of(self, snippet: str) -> int:
        return next(line.page for line in self.lines if snippet in line.text)


def font_path(name: str) -> str:
    import matplotlib

    return os.path.join(matplotlib.get_data_path(), "fonts", "ttf", name)


def _register_fonts() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if "Body" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Body", font_path("DejaVuSerif.ttf")))
        pdfmetrics.registerFont(TTFont("Bold", font_path("DejaVuSans-Bold.ttf")))
        pdfmetrics.registerFont(TTFont("Sans", font_path("DejaVuSans.ttf")))


def wrap(text: str, width: float, font: str, size: float, first_indent: float = 0.0) -> list[str]:
    """Greedy line breaking to ``width``; ``|`` forces a line end."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        pieces = word.split("|")
        for k, piece in enumerate(pieces):
            indent = first_indent if not lines else 0.0
            trial = f"{current} {piece}" if current and k == 0 else current + piece
            if current and stringWidth(trial, font, size) > width - indent:
                lines.append(current)
                current = piece
            else:
                current = trial
            if k < len(pieces) - 1:
                lines.append(current)
                current = ""
    if current:
        lines.append(current)
    return lines


def make_article(path: Path, *, title: str | None = TITLE, page_labels_from: int | None = None,
                 printed_numbers: bool = True, blank_page_after: int | None = None,
                 interleave: bool = False, lines_per_column: int = 8,
                 blocks: list[tuple[str, str]] | None = None) -> Article:
    """Draw the article at ``path`` (see the module doc) and return where every line went.

    ``title``: the metadata title (None: none); ``page_labels_from``: add
    /PageLabels starting at that number; ``printed_numbers``: print page
    numbers in the footer; ``blank_page_after``: insert a page with a drawing
    and no text after that page; ``interleave``: draw each page's two columns
    line by line alternately (left, right, left...) instead of column by column.
    """
    from reportlab.pdfgen import canvas

    _register_fonts()
    blocks = ARTICLE if blocks is None else blocks
    article = Article(path)
    # body lines: (kind, text, indent, space_before)
    body: list[tuple[str, str, float, bool]] = []
    front: list[tuple[str, str]] = []
    for kind, text in blocks:
        if kind in ("title", "authors"):
            front.append((kind, text))
        elif kind == "heading":
            body.append(("heading", text, 0.0, bool(body)))
        else:
            for i, line in enumerate(wrap(text, COLUMN_W, "Body", BODY_SIZE, INDENT)):
                body.append(("para", line, INDENT if i == 0 else 0.0, False))
    pdf = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
    if title is not None:
        pdf.setTitle(title)
    page = 0
    printed = 514
    queue = list(body)
    while queue:
        page += 1
        _furniture(pdf, page, printed if printed_numbers else None)
        top = BODY_TOP
        if page == 1:
            y = PAGE_H - 90
            for kind, text in front:
                font, size = ("Bold", 16.0) if kind == "title" else ("Sans", 10.0)
                for line in wrap(text, PAGE_W - 2 * MARGIN - 80, font, size):
                    pdf.setFont(font, size)
                    pdf.drawString(MARGIN, y, line)
                    article.lines.append(Placed(page, -1, kind, line))
                    y -= size * 1.3
                y -= 8
            top = y - 14
        columns: list[list[tuple[str, str, float, float]]] = [[], []]
        for column in (0, 1):
            y = top
            while queue and y >= BODY_BOTTOM and len(columns[column]) < lines_per_column:
                kind, text, indent, space = queue[0]
                if space and columns[column]:
                    y -= LEADING
                if kind == "heading" and (y - LEADING < BODY_BOTTOM or len(columns[column]) >= lines_per_column - 1):
                    break  # no heading alone at a column's foot
                queue.pop(0)
                columns[column].append((kind, text, indent, y))
                y -= LEADING
        rows = [(c, item) for c in (0, 1) for item in columns[c]]
        if interleave:
            rows = sorted(rows, key=lambda r: (-r[1][3], r[0]))
        for column, (kind, text, indent, y) in rows:
            x = MARGIN + column * (COLUMN_W + GUTTER) + indent
            pdf.setFont("Bold" if kind == "heading" else "Body", BODY_SIZE)
            pdf.drawString(x, y, text)
            article.lines.append(Placed(page, column, kind, text))
        pdf.showPage()
        printed += 1
        if blank_page_after == page:
            page += 1
            pdf.setFillGray(0.6)
            pdf.rect(MARGIN, 200, PAGE_W - 2 * MARGIN, 400, fill=1, stroke=0)
            pdf.showPage()
            printed += 1
    pdf.save()
    article.n_pages = page
    if page_labels_from is not None:
        from pypdf import PdfReader, PdfWriter
        from pypdf.constants import PageLabelStyle

        writer = PdfWriter(clone_from=PdfReader(path))
        writer.set_page_label(0, page - 1, style=PageLabelStyle.DECIMAL, start=page_labels_from)
        writer.write(path)
    return article


def _furniture(pdf, page: int, number: int | None) -> None:
    pdf.setFont("Sans", 7.5)
    pdf.drawString(MARGIN, PAGE_H - 40, JOURNAL)
    if page > 1:
        pdf.drawRightString(PAGE_W - MARGIN, PAGE_H - 40, AUTHORS_HEAD if page % 2 == 0 else SHORT_TITLE)
    if number is not None:
        pdf.drawCentredString(PAGE_W / 2, 36, str(number))


def make_scan(path: Path, n_pages: int = 3) -> Path:
    """A PDF whose pages are images only (no text layer), like a scan."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (60, 80), 255)
    for x in range(10, 50):
        for y in range(10, 70, 6):
            image.putpixel((x, y), 0)
    pdf = canvas.Canvas(str(path), pagesize=(PAGE_W, PAGE_H), invariant=1)
    for _ in range(n_pages):
        pdf.drawImage(ImageReader(image), MARGIN, 200, PAGE_W - 2 * MARGIN, 500)
        pdf.showPage()
    pdf.save()
    return path


def draw_lines(pdf, x: float, y: float, lines: list[str], font: str, size: float, leading: float) -> float:
    """Draw ``lines`` one under another from baseline ``y`` at ``x``; return the baseline after the last."""
    pdf.setFont(font, size)
    for line in lines:
        pdf.drawString(x, y, line)
        y -= leading
    return y
