"""Affiliations, citation lines and a publisher's advertisement (synthesis.corpus.pdf.back)."""

from __future__ import annotations

import pytest

from synthesis.corpus.pdf.back import back_matter, is_affiliation
from synthesis.corpus.pdf.layout import Line


@pytest.mark.parametrize("text", [
    "Division of Population Health Sciences, Department of Psychology, Royal College of Surgeons in Ireland,",
    "1 Department of Surgery, University of Calgary, Calgary, Canada. 2Department of Surgery,",
    "a School of Nursing, University of Leeds, Leeds LS2 9JT, UK; b Leeds Teaching Hospitals NHS Trust, Leeds, UK",
    "Kamuzu Central Hospital, Lilongwe, Malawi. 3 Department of Internal",
    "Instituto de Salud Carlos III, Madrid, Spain",
])
def test_affiliations(text: str) -> None:
    assert is_affiliation(text)


@pytest.mark.parametrize("text", [
    "Staff were recruited from Kamuzu Central Hospital, Lilongwe, Malawi.",  # a sentence: lower-case words
    "Three hospitals, two clinics, a school, and a council.",
    "The Medical Department of the Kamuzu Central Hospital (KCH), is a tertiary referral hospital",
    "Nuala E. Tully, Karen M. Morgan, Helen M. Burke, and Hannah M. McGee",  # no institution
    "University of Heidelberg",  # one part: a name in a sentence's place
])
def test_not_affiliations(text: str) -> None:
    assert not is_affiliation(text)


def placed(rows: list[tuple[str, float, float]], x0: float = 50.0) -> list[Line]:
    """Lines of 9 points at (top, width), left edge ``x0``."""
    return [Line(text, x0, top, x0 + width, top + 9.0) for text, top, width in rows]


def test_author_details_block_goes_and_the_text_around_it_stays() -> None:
    page = placed([("The authors thank the staff of the University of Leeds.", 100, 230),
                   ("Author details", 124, 60),
                   ("1 School of Nursing, University of Leeds, Leeds, UK.", 136, 230),
                   ("2Leeds Teaching Hospitals NHS Trust, Leeds, UK.", 148, 200),
                   ("Received: 4 May 2020 Accepted: 1 June 2020", 172, 200)])
    found = back_matter([page], 0, {(0, 4)})
    assert [(f.line, f.kind) for f in found] == [(1, "affiliation"), (2, "affiliation"), (3, "affiliation")]


def test_author_details_heading_before_body_text_stays() -> None:
    page = placed([("Author details", 100, 60), ("We thank every author for the details they gave us.", 112, 230)])
    assert back_matter([page], 0, set()) == []


def test_citation_doi_and_advertisement_on_the_last_page() -> None:
    body = placed([("It took time.", 100, 80), ("Staff left.", 112, 80)])
    last = placed([("31. Cooper LA: Designing interventions. J Gen Intern Med 2002, 17:477\u2013486.", 100, 230),
                   ("doi:10.1186/1472-6963-14-1", 124, 90),
                   ("Cite this article as: Author et al.: Trust in partnerships.", 136, 230),
                   ("BMC Health Services Research 2014 14:1.", 148, 150)]) + placed([
                   ("Submit your next manuscript to BioMed Central", 600, 200),
                   ("and take full advantage of:", 612, 120),
                   ("\u2022 Thorough peer review", 630, 100),
                   ("Submit your manuscript at", 660, 80),
                   ("www.biomedcentral.com/submit", 672, 100)], x0=320)
    found = back_matter([body, last], 0, set())
    assert [(f.page, f.line, f.kind) for f in found] == [
        (1, 1, "citation"), (1, 2, "citation"), (1, 3, "citation"), (1, 4, "advertisement"),
        (1, 5, "advertisement"), (1, 6, "advertisement"), (1, 7, "advertisement"), (1, 8, "advertisement")]


def test_advertisement_needs_its_end_and_the_last_page() -> None:
    text = placed([("Publish with care: a guide to open science.", 100, 230), ("Staff left.", 112, 80)])
    assert back_matter([text], 0, set()) == []  # no "Submit your manuscript" line follows
    ad = placed([("Submit your next manuscript to BioMed Central", 100, 200), ("Submit your manuscript at", 112, 80)])
    assert back_matter([ad, placed([("Staff left.", 100, 80)])], 0, set()) == []  # not the last page
