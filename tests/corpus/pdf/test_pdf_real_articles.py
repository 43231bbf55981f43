"""Three real, openly licensed journal articles (CC BY; see tests/corpus/data/LICENCES.md).

Every expected value was read off the PDF by hand: titles, the printed page numbers,
running heads, words the typesetter broke at line ends, and a sentence that runs over
a page break. Each fact is checked as a reader sees it on the page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from synthesis.corpus.normalise import page_range
from synthesis.corpus.pdf import extract_pdf
from synthesis.project import Project
from synthesis.records import Source

DATA = Path(__file__).resolve().parents[1] / "data"
AGYEMAN = "agyeman-duah-2014-bmc-hsr"
DATTA = "datta-2010-jtmo"
TULLY = "tully-2010-rrp"


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> dict[str, tuple[Source, str]]:
    """The three articles imported into one project: source id -> (source, text)."""
    with Project.init(tmp_path_factory.mktemp("real") / "p", reviewer="AG") as project:
        sources = project.import_sources(*(DATA / f"{name}.pdf" for name in (AGYEMAN, DATTA, TULLY)))
        return {s.source_id: (s, project.text(s.source_id)) for s in sources}


def labels(source: Source) -> list[str]:
    return [label for _, label in source.pages]


def span(text: str, words: str) -> tuple[int, int]:
    assert text.count(words) == 1, words
    start = text.index(words)
    return start, start + len(words)


def test_files_are_small_and_licensed() -> None:
    licences = (DATA / "LICENCES.md").read_text(encoding="utf-8")
    for name in (AGYEMAN, DATTA, TULLY):
        assert (DATA / f"{name}.pdf").stat().st_size < 2_000_000
        assert f"{name}.pdf" in licences


# ------------------------------------------------------------------ Agyeman-Duah et al. 2014 (BMC)
def test_agyeman_title_from_the_page(imported) -> None:
    source, _ = imported[AGYEMAN]  # the metadata title is "6489122611071476 1..10"
    assert source.title == ("Understanding the barriers to setting up a healthcare quality improvement process "
                            "in resource-limited settings: a situational analysis at the Medical Department of "
                            "Kamuzu Central Hospital in Lilongwe, Malawi")


def test_agyeman_running_heads_out_of_the_flow(imported) -> None:
    _, text = imported[AGYEMAN]
    assert "Page 2 of 10" not in text and "Page 10 of 10" not in text
    assert "biomedcentral.com/1472-6963/14/1" not in text
    assert "Agyeman-Duah et al. BMC Health Services Research 2014, 14:1 Page" not in text


def test_agyeman_sentence_over_a_page_break_is_whole(imported) -> None:
    _, text = imported[AGYEMAN]
    sentence = ("In order to validate the questions before posing them to the study interviewees, the "
                "questionnaires for this study were first administered to some staff of the KCH.")
    assert text.count(sentence) == 1  # "posing" ends page 2, "them" starts page 3


def test_agyeman_words_broken_at_line_ends(imported) -> None:
    _, text = imported[AGYEMAN]
    assert "20 stakeholders were purposively sampled [12]" in text  # "pur-|posively" on page 3
    assert "A triangulated approach for the analysis" in text  # "trian-|gulated" on page 2
    assert "the quality of patient-provider relationships" in text  # a compound: its hyphen stays


def test_agyeman_first_page_footer_out_of_the_flow(imported) -> None:
    _, text = imported[AGYEMAN]
    assert "Agyeman-Duah et al. BMC Health Services Research 2014, 14:1" not in text


def test_agyeman_first_page_banner_and_licence_out_of_the_flow() -> None:
    done = extract_pdf(DATA / f"{AGYEMAN}.pdf")
    # the banner sat on the title's paragraph, the licence statement at the foot of page 1
    assert done.text.startswith("Understanding the barriers to setting up")
    assert "Open Access" not in done.text[:300] and "licensee BioMed Central" not in done.text
    removed = [line for label, line in done.removed if label == "1"]
    assert removed[0] == "R E S EAR CH A R TIC L E Open Access"
    assert removed[5].startswith("\u00a9 2014 Agyeman-Duah et al.; licensee BioMed Central Ltd.")
    assert "Agyeman-Duah et al. BMC Health Services Research 2014, 14:1" in removed
    assert "removed 5 lines of first-page furniture (banner, licence, journal line)" in done.report


def test_agyeman_correspondence_footnote_and_history_out_of_the_flow() -> None:
    done = extract_pdf(DATA / f"{AGYEMAN}.pdf")
    # the footnote at the foot of page 1's left column; the history above the references on page 9
    assert [line for label, line in done.removed if label == "1"][1:5] == [
        "* Correspondence: jossey.ach@gmail.com",
        "1 Project Officer, Project Fives Alive! Health Directorate, National Catholic",
        "Secretariat, P. O. Box KA 9712, Accra, Ghana",
        "Full list of author information is available at the end of the article"]
    on_9 = [line for label, line in done.removed if label == "9"]
    assert "Received: 4 September 2013 Accepted: 27 December 2013" in on_9 and "Published: 2 January 2014" in on_9
    # page 1 ends with the keywords; the heading "Background" opens page 2
    assert re.search(r"Healthcare in resource-limited settings\s+Background\s+The desire", done.text)
    # body sentences that mention what history and correspondence lines say stay
    assert "All information received and reviewed was handled with the strictest confidentiality." in done.text
    assert "The corresponding author wrote the first draft" in done.text
    furniture = [line for label, line in done.removed if label != "7" or line.startswith(("Agyeman", "http"))]
    assert len(furniture) == 55  # 30 before affiliations and back matter were taken out


def test_agyeman_author_details_citation_and_advertisement_out_of_the_flow() -> None:
    done = extract_pdf(DATA / f"{AGYEMAN}.pdf")
    on_9 = [line for label, line in done.removed if label == "9"]
    assert on_9[:2] == ["Author details",
                        "1 Project Officer, Project Fives Alive! Health Directorate, National Catholic"]
    assert on_9[8] == "324, 69120, Heidelberg, Germany."  # the block's last line, the right column's top next
    assert "Author details" not in done.text and "Seckbacher Landstrasse" not in done.text
    # the acknowledgments before it and the references after it stay
    assert "Staff of the Institute of Public Health, Ruprecht-Karls University of Heidelberg, Germany.\n\nReferences" \
        in done.text
    on_10 = [line for label, line in done.removed if label == "10"]
    assert on_10[:2] == ["doi:10.1186/1472-6963-14-1",
                         "Cite this article as: Agyeman-Duah et al.: Understanding the barriers to"]
    assert on_10[5:7] == ["2014 14:1.", "Submit your next manuscript to BioMed Central"]
    assert on_10[-4:-2] == ["Submit your manuscript at", "www.biomedcentral.com/submit"]
    assert done.text.endswith("eliminate racial and ethnic disparities in health care. J Gen Intern Med 2002, "
                              "17(6):477\u2013486.")
    assert ("removed 9 lines of author affiliations (under the authors' names and in the author details at the end)"
            in done.report)
    assert ("removed 16 lines of back matter (how to cite the article, its DOI, the publisher's advertisement)"
            in done.report)


def test_agyeman_compound_broken_at_a_line_end_keeps_its_hyphen(imported) -> None:
    _, text = imported[AGYEMAN]  # "under-|resourced" on page 9; "under" and "resource" are words of the text
    assert "the Medical Department is under-resourced to fully execute its duties" in text
    assert "run, medical short-stay unit" in text  # "short-|stay" on page 9
    assert "compared to first- and second-line" in text  # "first-|and second-line": a hyphen that waits
    assert "overwhelmed" in text and "perspectives" in text  # "over-|whelmed", "perspec-|tives": joined


def test_agyeman_headings_at_breaks_stand_alone(imported) -> None:
    _, text = imported[AGYEMAN]  # page 1 ends with the keywords (no full stop); page 2 starts with "Background"
    assert "Healthcare in resource-limited settings\n\nBackground\n\nThe desire to improve" in text
    # a heading four fifths of the column wide, after a gap, in the right column of page 2
    assert "of Malawi.\n\nStudy approach, sampling and data analysis\n\nA mixed method approach [11]" in text
    # a section's heading as wide as the column over its first subsection's, on page 4
    assert ("absenteeism.\n\nDocument review and participatory observations\n\nStaffing\n\n"
            "The medical staff in the Medical Department") in text


def test_agyeman_table_set_on_its_side_keeps_its_words_apart(imported) -> None:
    _, text = imported[AGYEMAN]  # Table 2, turned to fit pages 5 and 6: each line's box is beside the last
    for words in ("among prescribers", "patient care and ward rounds", "by attending to many primary level"):
        assert re.search(r"\s+".join(words.split()), text), words
    for glued in ("amongprescribers", "careand", "attendingto", "stakeholdersRespondent"):
        assert glued not in text
    # a cell's line is one line, and a bullet stays with its item, though their pieces run up the page
    assert "Weak accountability by staff (Additional file 1: Appendix 1," in text
    assert "4.5 Management-related issues\n\u2022 Shortage of staff\n\u2022 Lack of training" in text
    table = text[text.index("Table 2 Overview"):text.index("Table 2 Overview") + 6000]
    assert not any(line.strip() in ("\u2022", "1") for line in table.splitlines())


def test_agyeman_bullets_drawn_as_unreadable_marks_start_their_items(imported) -> None:
    _, text = imported[AGYEMAN]  # each bullet is U+0001 on a line of its own in the text layer
    assert ("by identifying:\n\n\u2022 awareness and practice of a culture of quality improvement in the Medical "
            "Department\n\n\u2022 stakeholder views, perception and expectations of quality of care\n\n"
            "\u2022 pattern of patient flow") in text
    assert "\x01" not in text


def test_agyeman_each_reference_is_a_paragraph(imported) -> None:
    _, text = imported[AGYEMAN]  # numbers at the column's edge, the rest of each entry set in under them
    assert "Int J Health Care Qual Assur 2006, 19:516\u2013532.\n\n2. Franco L, et al:" in text
    assert "Human resources for health: overcoming the crisis. Lancet 2004, 364(9449):1984\u20131990." in text
    assert "Available from: www.who.int/management/facility/referral/en.\n\n18. Porignon D" in text


def test_agyeman_page_labels_are_the_printed_numbers(imported) -> None:
    source, text = imported[AGYEMAN]
    # page 4 ends in mid-sentence, which goes on at the top of page 7: pages 5 and 6 (Table 2, turned
    # on its side) come after that paragraph, then page 7 again
    assert labels(source) == ["1", "2", "3", "4", "7", "5", "6", "7", "8", "9", "10"]
    assert page_range(source.pages, *span(text, "before posing them to the study interviewees")) == "2-3"
    assert page_range(source.pages, *span(text, "a prerequisite for the next necessary steps")) == "4-7"
    caption = "Table 2 Overview of themes on quality emerging"
    first, second = text.index(caption), text.rindex(caption)
    assert page_range(source.pages, first, first + len(caption)) == "5"
    assert page_range(source.pages, second, second + len(caption)) == "6"


def test_agyeman_figure_and_tables_are_out_of_the_sentences(imported) -> None:
    _, text = imported[AGYEMAN]
    # the flow chart's words sat in mid-sentence across the page break; they are left out
    assert "problem throughout Malawi [20]. This challenge emanated as a common theme from" in text
    assert "Referred cases (36%)" not in text
    assert "\n\nFigure 1 Patient flow pattern at the medical department, June 2010.\n\n" in text
    # Table 1: its caption, then one row a line, between paragraphs (not between a heading and its text)
    assert ("admitting clinician.\n\nTable 1 Patient-provider relationship during consultation\n"
            "Item Yes (%) No (%) Respondents\nPrivacy given 99 1 97\n") in text
    assert "Informed to come for check-up 60.5 39.4 76\n\nDiscussion\n\nThis study identified" in text


# ------------------------------------------------------------------ Datta et al. 2010 (BMC), an excerpt
def test_datta_title_from_metadata(imported) -> None:
    source, _ = imported[DATTA]
    assert source.title == ("Complications related to deep venous thrombosis prophylaxis in trauma: "
                            "a systematic review of the literature")


def test_datta_printed_page_numbers(imported) -> None:
    source, text = imported[DATTA]  # the file holds the article's pages 1, 9, 10 and 11
    assert labels(source)[1:] == ["9", "10", "11"]
    assert page_range(source.pages, *span(text, "This was the only study to experience insertion")) == "9"


def test_datta_first_page_is_page_1(imported) -> None:
    source, text = imported[DATTA]
    assert labels(source) == ["1", "9", "10", "11"]
    assert page_range(source.pages, *span(text, "Only English language publications were included")) == "1"
    assert "R EVI EW" not in text and "licensee BioMed Central" not in text


def test_datta_running_heads_out_and_words_joined(imported) -> None:
    _, text = imported[DATTA]
    assert "Datta et al. Journal of Trauma Management & Outcomes 2010, 4:1" not in text
    # the correspondence footnote shares a text line with the right column's last words; they stay
    assert "ball.chad@gmail.com" not in text and "Calgary, Canada mas." not in text
    assert "sorted according to their prophylactic mode of choice. This review included all" in text
    assert "Received: 2 June 2009" not in text and "have no competing interests.\n\nReferences" in text
    assert "slightly higher than the previously published rates" in text
    assert "traumamanagement.org" not in text and "Page 9 of 11" not in text
    # "meta-|analysis" in a reference: the text writes "Meta-Analyses" on page 1
    assert "systematic review, meta-analysis, and cost implications" in text
    # "Eng-|lish" and "identi-|fied" on page 1
    assert "Only English language publications were included. Once identified, manuscripts were reviewed" in text


def test_datta_each_reference_is_a_paragraph(imported) -> None:
    _, text = imported[DATTA]
    assert "N Engl J Med 1997, 337:688-98.\n\n12. Geerts WH" in text  # a one-line entry, then the next
    assert "Colwell CW, Ray JG: Prevention of venous thromboembolism: the Seventh ACCP" in text
    refs = text[text.index("\n\nReferences\n\n") + 14:].split("\n\n")
    # 79 entries, each a paragraph; entry 50 runs over the page break ("in patients" / "with proximal")
    assert [int(entry.split(".")[0]) for entry in refs] == list(range(1, 80))
    assert "prevention of pulmonary embolism in patients with proximal deep-vein thrombosis." in text


def test_datta_author_details_and_advertisement_out_of_the_flow(imported) -> None:
    _, text = imported[DATTA]
    assert "Kortbeek1\n\nAbstract" in text  # under the authors' names
    assert "Conclusion\n\nPharmacologic anticoagulation" in text
    assert "clinical care.\n\nAuthors\u2019 contributions\n\nID - Study design" in text  # "Author details" out between
    assert "University of British Columbia" not in text
    assert text.endswith("multidisciplinary consensus conference. Surg Obes Relat Dis 2006, 2:200-12.")
    for gone in ("Cite this article as", "doi:10.1186", "Publish with BioMed Central", "Sir Paul Nurse",
                 "you keep the copyright", "publishing_adv.asp", "BioMedcentral"):
        assert gone not in text, gone


# ------------------------------------------------------------------ Tully et al. 2010 (Hindawi)
def test_tully_page_labels_and_running_heads(imported) -> None:
    source, text = imported[TULLY]
    assert labels(source) == ["1", "2", "3", "4", "5", "6"]  # pages 2-6 print their numbers by the head
    assert "Rehabilitation Research and Practice" not in text  # the running head of every page
    assert page_range(source.pages, *span(text, "You got a real feeling from the staff")) == "3"


def test_tully_words_broken_at_line_ends(imported) -> None:
    _, text = imported[TULLY]
    # "pro-|grammes" on page 4, "recom-|mended" and "medi-|cation" on page 5
    assert "GPs might provide heart failure rehabilitation programmes. They felt that GP surgeries" in text
    assert "do not undertake the recommended self-care activities, and noncompliance with medication" in text


def test_tully_each_reference_is_a_paragraph(imported) -> None:
    _, text = imported[TULLY]  # "[9]" and "[10]" end at one place; the entries' other lines are set in
    assert "J. Konick-McMahan, and M. D. Naylor, \u201cDischarge planning" in text
    assert "British Medical Journal, vol. 325, no. 7370, pp. 929\u2013932, 2002.\n\n[4] W. C. Lee" in text
    assert "vol. 7, no. 17, 2001.\n\n[10] P. Johansson" in text
    # [10] draws each accent as a "¨" of its own over the "o", which PDFium reads out of place
    assert "U. Dahlstr\u00f6m, and A. Brostr\u00f6m, \u201cThe measure" in text


def test_tully_title(imported) -> None:
    source, text = imported[TULLY]
    assert source.title == "Patient Experiences of Structured Heart Failure Programmes"
    assert "Research Article" not in text  # the article type above the title is furniture
    assert text.startswith("Patient Experiences of Structured Heart Failure Programmes\n\n")  # the masthead is out


def test_tully_masthead_and_licence_out_of_the_flow() -> None:
    done = extract_pdf(DATA / f"{TULLY}.pdf")
    # above the title in small type: publisher, journal, volume and article number, DOI; the licence
    # statement stands between the correspondence lines and the abstract
    assert done.text.startswith("Patient Experiences of Structured Heart Failure Programmes\n\n"
                                "Nuala E. Tully, Karen M. Morgan, Helen M. Burke, and Hannah M. McGee")
    for gone in ("Hindawi Publishing Corporation", "Article ID 157939", "doi:10.1155", "open access article",
                 "properly cited"):
        assert gone not in done.text, gone
    removed = [line for label, line in done.removed if label == "1"]
    assert removed[:5] == ["Hindawi Publishing Corporation", "Rehabilitation Research and Practice",
                           "Volume 2010, Article ID 157939, 6 pages", "doi:10.1155/2010/157939", "Research Article"]
    assert removed[10].startswith("Copyright \u00a9 2010 Nuala E. Tully et al. This is an open access article")
    assert removed[11].endswith("provided the original work is properly cited.")
    # the affiliation, correspondence, history and editor lines between the authors and the licence are out too
    assert "Hannah M. McGee\n\nObjectives. Patient experiences" in done.text
    assert removed[5:7] == ["Division of Population Health Sciences, Department of Psychology, Royal College of "
                            "Surgeons in Ireland, 123 St. Stephen\u2019s Green,", "Dublin 2, Ireland"]
    assert removed[7:10] == ["Correspondence should be addressed to Helen M. Burke, helenburke1@rcsi.ie",
                             "Received 9 November 2010; Accepted 25 December 2010",
                             "Academic Editor: K. S. Sunnerhagen"]
    assert len(done.removed) == 22  # 17 before history and correspondence, 20 before the affiliation were taken out
    assert "whilst participants in this study had received information" in done.text.casefold()
