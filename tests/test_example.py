"""The example review: rebuilt from its input material, it matches the committed files."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from synthesis.corpus.normalise import page_range
from synthesis.errors import InputError, ProjectError
from synthesis.example import IMPORT, PLAN, build_example, load_plan
from synthesis.project import Project
from synthesis.themes import api
from synthesis.themes.events import EVENT_TYPES
from synthesis.themes.tables import counts

REPO = Path(__file__).resolve().parents[1]

# Every quotation the review (Tyldesley-Marshall et al., 2025) gives from its three exemplar
# studies: study, page as the review gives it ("" = none given), section of the review that
# quotes it, and its opening words.
QUOTATIONS = [
    ("green2012", "10", "4.2.1", "A privately funded brain injury occupational therapist"),
    ("green2012", "10", "4.2.1", "While the case manager valued and relied on"),
    ("green2012", "10", "4.2.1", "on the ground within a short timescale"),
    ("green2012", "8-9", "4.2.2", "The social worker was willing to think creatively"),
    ("green2012", "8", "4.2.2", "maintaining the client’s goals and needs"),
    ("green2012", "7", "4.2.3", "While his social worker had provided excellent deaf-focused"),
    ("green2012", "8", "4.2.3", "The social worker was able to approach private case management"),
    ("green2012", "8-10", "4.2.4", "The case manager and social worker were able to meet regularly"),
    ("barlow2013", "36", "4.2.2", "despite these differences good progress"),
    ("barlow2013", "36", "4.2.2", "improved the quality of the clinic environment"),
    ("barlow2013", "41", "4.2.6", "complementary expertise, and mutual trust and respect"),
    ("barlow2013", "40", "4.2.6", "I think certainly our practitioners are much clearer"),
    ("mckean2017", "514", "4.2.2", "to harness the overall resource distributed"),
    ("mckean2017", "514", "4.2.5", "skills, knowledge and resources are distributed"),
    ("mckean2017", "514", "4.2.5", "border disputes and poor awareness of respective priorities"),
    ("mckean2017", "521", "4.2.5", "trust and reciprocity evaporated"),
    ("mckean2017", "", "4.2.6", "child and family [are] at centre"),
    ("mckean2017", "521-522", "4.2.6", "ultimately we all have the child at the forefront"),
    ("mckean2017", "521", "4.2.6", "was easiest where individual staff had worked together"),
    ("mckean2017", "521", "4.2.6", "Activities to develop relationships"),
    ("mckean2017", "524", "4.2.6", "[s/ufficient resources of time and skills"),
    ("mckean2017", "523", "4.2.6", "should not be confused with rigidity"),
]
INGREDIENTS = [
    ("4.2.1", "Participation and legitimacy to participate in partnership working"),
    ("4.2.2", "Personalisation, and consultation with CYP and their families in designing and "
              "delivering services"),
    ("4.2.3", "Respectful communication, and feeling that involvement is valued"),
    ("4.2.4", "Preparation to be an effective member of a partnership"),
    ("4.2.5", "Working across professional and organisational boundaries"),
    ("4.2.6", "Underpinning elements"),
]


def generated_files(root: Path) -> dict[str, bytes]:
    paths = [root / "corpus" / "studies.csv", *sorted((root / "corpus" / "sources").iterdir()),
             *sorted((root / "codebooks" / "logs").glob("*.jsonl"))]
    return {str(p.relative_to(root)): p.read_bytes() for p in paths}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    return build_example(tmp_path_factory.mktemp("example") / "review", material=REPO)


@pytest.fixture(scope="module")
def plan():
    return load_plan(REPO / PLAN)


def extracts() -> list[dict[str, str]]:
    with open(REPO / IMPORT / "extracts.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_rebuild_gives_the_committed_files_byte_for_byte(built):
    committed = generated_files(REPO)
    assert sorted(committed) == sorted(generated_files(built.root))
    for name, data in generated_files(built.root).items():
        assert data == committed[name], f"{name} differs from the committed example; run `python -m synthesis.example .`"


def test_rebuilding_in_place_changes_nothing_and_keeps_other_files(built, tmp_path):
    root = tmp_path / "review"
    shutil.copytree(REPO / IMPORT, root / IMPORT)
    (root / PLAN).parent.mkdir(parents=True)
    shutil.copyfile(REPO / PLAN, root / PLAN)
    build_example(root)
    (root / "figures" / "keep.svg").write_text("<svg/>")
    (root / "corpus" / "sources" / "stray.txt").write_text("generated folder: removed")
    build_example(root)
    assert generated_files(root) == generated_files(built.root)
    assert (root / "figures" / "keep.svg").read_text() == "<svg/>"
    assert (root / PLAN).read_bytes() == (REPO / PLAN).read_bytes()


def test_three_qualitative_studies_and_four_grey_literature_items(built):
    designs = sorted(s.design for s in built.studies.values())
    assert designs == ["grey literature"] * 4 + ["qualitative"] * 3
    qualitative = {s.study_id for s in built.studies.values() if s.design == "qualitative"}
    assert qualitative == {"green2012", "barlow2013", "mckean2017"}
    grey = [s for s in built.sources.values() if s.kind == "document"]
    assert sorted(built.studies[s.study_id].design for s in grey) == ["grey literature"] * 4


def test_every_review_quotation_is_an_extract_with_its_page(built):
    rows = extracts()
    assert [(r["study_id"], r["page"]) for r in rows] == [(s, p) for s, p, _, _ in QUOTATIONS]
    for row, (study, page, _, opening) in zip(rows, QUOTATIONS):
        assert row["text"].startswith(opening)
        source = f"{study}-extracts"
        start = built.text(source).index(row["text"])
        assert page_range(built.sources[source].pages, start, start + len(row["text"])) == page


def test_two_reviewers(built):
    assert built.reviewers == ["AG", "NT"]
    assert {c.created_by for c in built.codes.values()} == {"NT"}


def test_codebook_groups_codes_under_the_review_ingredients(plan, built):
    assert [(i.section, i.name) for i in plan.ingredients] == INGREDIENTS
    assert 20 <= len(plan.codes) <= 35
    assert [c.label for c in built.codes.values()] == [c.label for c in plan.codes]
    assert all(c.definition for c in built.codes.values())


def test_nt_codes_follow_where_the_review_places_each_quotation(plan):
    sections = {}
    for row, (study, _, section, _) in zip(extracts(), QUOTATIONS):
        sections[(f"{study}-extracts", row["text"])] = section
    coded = set()
    for spec in plan.codings:
        if not spec.source.endswith("-extracts"):
            assert not spec.section
            continue
        whole = [key for key in sections if key[0] == spec.source and spec.quote in key[1]]
        assert len(whole) == 1, spec.describe()
        assert spec.section == sections[whole[0]], spec.describe()
        if spec.codes.get("NT"):
            coded.add(whole[0])
        for label in spec.codes.get("NT", ()):
            assert plan.ingredient_of(label).section == spec.section, (spec.describe(), label)
    assert coded == set(sections)  # NT coded every extract


def test_cite_a_quotation_as_the_paper_does(built):
    [coding] = [c for c in built.codings.values() if c.reviewer == "NT"
                and c.quote.startswith("A privately funded brain injury occupational therapist")]
    assert built.cite(coding) == "(Green and Dicks, 2012; p. 10)"
    pages = {built.cite(c) for c in built.codings.values() if c.source_id == "green2012-extracts"}
    assert "(Green and Dicks, 2012; pp. 8-10)" in pages


def test_no_problems_and_memos_from_both_reviewers(built):
    assert built.problems == []
    assert {m.author for m in built.memos.values()} == {"NT", "AG"}
    assert {m.target_kind for m in built.memos.values()} == {"code", "coding", "source"}


def test_grey_literature_is_coded_too(built):
    grey = {s.source_id for s in built.sources.values() if s.kind == "document"}
    by = {r: {c.source_id for c in built.codings.values() if c.reviewer == r and c.source_id in grey}
          for r in ("NT", "AG")}
    assert by["NT"] == grey
    assert by["AG"] and by["AG"] <= grey


def test_agreement_between_reviewers_is_real_but_not_perfect(built):
    def pairs(reviewer: str) -> set[tuple[str, int, str]]:
        out = set()
        for c in built.codings.values():
            if c.reviewer == reviewer:  # unit: the extract (or paragraph) the span starts in
                unit = built.text(c.source_id).rfind("\n", 0, c.start)
                out.add((c.source_id, unit, built.codes[c.code_id].label))
        return out

    nt, ag = pairs("NT"), pairs("AG")
    agreement = len(nt & ag) / len(nt | ag)
    assert 0.6 <= agreement <= 0.9, agreement
    assert nt - ag and ag - nt


def test_a_quote_that_is_not_in_its_source_is_named(tmp_path):
    material = tmp_path / "material"
    shutil.copytree(REPO / IMPORT, material / IMPORT)
    (material / PLAN).parent.mkdir(parents=True)
    text = (REPO / PLAN).read_text(encoding="utf-8")
    (material / PLAN).write_text(text.replace("quote: on the ground within a short timescale",
                                              "quote: on the ground within a long timescale"), encoding="utf-8")
    with pytest.raises(InputError, match=r"codings entry 3, field 'quote': quote not found"):
        build_example(tmp_path / "review", material=material)
    (material / PLAN).write_text(text.replace("quote: on the ground within a short timescale",
                                              "quote: the"), encoding="utf-8")
    with pytest.raises(InputError, match="more than once"):
        build_example(tmp_path / "review", material=material)


def test_logs_of_other_reviewers_are_not_touched(tmp_path):
    root = tmp_path / "review"
    build_example(root, material=REPO)
    with Project(root, "XY") as other:
        other.create_code("Mine")
    with pytest.raises(ProjectError, match="XY.jsonl"):
        build_example(root, material=REPO)
    assert (root / "codebooks" / "logs" / "XY.jsonl").exists()


# ------------------------------------------------------------------ the theme stage
QUESTION_2A = ("What are the key ingredients for effective partnership, or joint commissioning, of health, "
               "social care, and education services to those aged 0-25 years with SEND?")


def test_five_analytical_themes_answer_question_2a(built):
    analytical = api.themes(built, "analytical")
    assert [t.name for t in analytical] == [name for _, name in INGREDIENTS[:5]]
    assert {t.question for t in analytical} == {QUESTION_2A}
    assert {t.created_by for t in api.themes(built)} == {"AG"}


def test_descriptive_themes_hold_every_code_each_in_an_analytical_theme(plan, built):
    tree = api.hierarchy(built)
    assert 8 <= len(api.themes(built, "descriptive")) <= 14
    assert tree.unplaced == () and tree.free_codes == ()
    placed = [b.theme.name for t in tree.analytical for b in t.branches]
    assert sorted(placed) == sorted(t.name for t in api.themes(built, "descriptive"))  # each in one
    homes = {}
    for t in tree.analytical:
        for b in t.branches:
            for code in b.codes:
                homes.setdefault(code.label, []).append(b.theme.name)
    assert set(homes) == {c.label for c in plan.codes}
    assert sorted(label for label, found in homes.items() if len(found) > 1) == ["Shared values"]


def test_exemplars_are_quotations_the_review_gives_in_that_section(built):
    section_of = {}
    for row, (_, _, section, _) in zip(extracts(), QUOTATIONS):
        section_of[row["text"]] = section
    for (section, _), theme in zip(INGREDIENTS, api.themes(built, "analytical")):
        chosen = api.exemplars(built, theme)
        assert 1 <= len(chosen) <= 3, theme.name
        for coding in chosen:
            assert coding.reviewer == "NT"
            [whole] = [text for text in section_of if coding.quote in text]
            assert section_of[whole] == section, (theme.name, coding.quote)


def test_participants_words_and_authors_interpretation(built):
    kinds = {c.coding_id: api.quote_kind(built, c) for c in built.codings.values()}
    assert set(kinds.values()) == {"participant", "author"}
    participant = {built.cite(c) for c in built.codings.values() if kinds[c.coding_id] == "participant"}
    assert participant == {"(Barlow and Coe, 2013; p. 40)", "(McKean et al., 2017; pp. 521-522)", "(LGA, 2020)"}


def test_element_groups_follow_the_codebook(plan, built):
    underpinning, matrix = api.groups(built)
    assert (underpinning.kind, matrix.kind) == ("underpinning", "matrix")
    linked = {built.codes[m].label for e in underpinning.elements for m in e.members}
    assert linked == {c.label for c in plan.ingredient_of("Shared values").codes}  # the 4.2.6 codes
    assert {e.name: e.place for e in matrix.elements} == {
        element: quadrant for quadrant, elements in plan.matrix.items() for element in elements}
    assert len(matrix.elements) == 17 and all(e.members for e in matrix.elements)


def test_cerqual_judgements_are_labelled_illustrative(plan, built):
    judgements = api.judgements(built)
    assert len(judgements) == 5 * 5
    assert {j.finding for j in judgements} == {t.theme_id for t in api.themes(built, "analytical")}
    assert "reports no GRADE-CERQual assessment" in plan.cerqual_label
    assert all(j.explanation.startswith(plan.cerqual_label + " ") for j in judgements)


def test_theme_stage_comes_after_the_coding_and_has_no_problems(built):
    ag = [e for e in built.events if e.reviewer == "AG"]
    first = next(i for i, e in enumerate(ag) if e.type in EVENT_TYPES)
    assert all(e.type in EVENT_TYPES for e in ag[first:])
    assert all(e.reviewer == "AG" for e in built.events if e.type in EVENT_TYPES)
    assert counts(built) == {"descriptive_themes": 12, "analytical_themes": 5}
    assert api.problems(built) == []


def test_theme_stage_mistakes_in_the_plan_are_named(tmp_path):
    material = tmp_path / "material"
    shutil.copytree(REPO / IMPORT, material / IMPORT)
    (material / PLAN).parent.mkdir(parents=True)
    text = (REPO / PLAN).read_text(encoding="utf-8")
    (material / PLAN).write_text(text.replace("codes: [Border disputes, Erosion of trust across teams]",
                                              "codes: [Border disputes, Erosion of trust]"), encoding="utf-8")
    with pytest.raises(InputError, match=r"themes entry 5, field 'codes'.*unknown: Erosion of trust\)"):
        load_plan(material / PLAN)
    (material / PLAN).write_text(text.replace("quote: trust and reciprocity evaporated}",
                                              "quote: trust and reciprocity vanished}"), encoding="utf-8")
    with pytest.raises(InputError, match="exemplar of 'Working across .*must open exactly one span"):
        build_example(tmp_path / "review", material=material)
