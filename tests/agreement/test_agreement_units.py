"""From codings to reliability data: which units count, on a tiny hand-built project."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from conftest import TEXTS, make_tiny

from synthesis.agreement import CodeMapping, build_units, cohen_kappa, suggest_mapping
from synthesis.project import Project

SEGMENT_VALUES = {  # coders AG, NT; units s1 (4 segments) then s2 (3)
    "Trust": ([1, 1, 0, 0, 0, 1, 1], [1, 0, 0, 0, 1, 1, 0]),
    "Money": ([0, 0, 1, 0, 0, 0, 0], [0, 0, 1, 0, 0, 0, 0]),
    "Staff": ([0, 0, 0, 1, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0]),
}


def test_counted_sources_codes_and_segments(tiny):
    table = build_units(tiny)
    assert table.coders == ("AG", "NT")
    assert table.sources == ("s1", "s2")  # s3: NT only; s4: no one
    assert dict(table.excluded_sources) == {"s3": ("NT",)}
    assert table.labels == ("Money", "Staff", "Trust")
    assert table.starts.tolist() == [0, 12, 26, 41, 0, 5, 10]
    assert table.ends.tolist() == [11, 25, 40, 52, 4, 9, 16]
    for label, (ag, nt) in SEGMENT_VALUES.items():
        assert table.reliability_data(label).tolist() == [ag, nt]


def test_applied_variant_keeps_units_someone_coded(tiny):
    table = build_units(tiny)
    assert table.reliability_data("Trust", "applied").tolist() == [[1, 1, 0, 1, 1], [1, 0, 1, 1, 0]]
    assert table.reliability_data("Money", "applied").tolist() == [[1], [1]]
    assert table.reliability_data("Staff", "applied").tolist() == [[1], [0]]
    with pytest.raises(ValueError, match="variant"):
        table.reliability_data("Trust", "some")
    with pytest.raises(ValueError, match="no code 'Nope'"):
        table.reliability_data("Nope")


def test_character_units_follow_the_coded_characters(tiny):
    table = build_units(tiny, unit="character")
    assert table.weights.sum() == len(TEXTS["s1"]) + len(TEXTS["s2"])
    trust = table.reliability_data("Trust")
    expected = []
    for coder_spans in ([("s1", 0, 25), ("s2", 5, 16)], [("s1", 0, 11), ("s2", 0, 9)]):
        row = []
        for sid in ("s1", "s2"):
            row += [int(any(s == sid and a <= i < b for s, a, b in coder_spans)) for i in range(len(TEXTS[sid]))]
        expected.append(row)
    assert trust.tolist() == expected
    # both 15 characters, AG only 21, NT only 5, neither 27: kappa = 600 / 2368
    assert cohen_kappa(trust[0], trust[1]) == pytest.approx(600 / 2368)
    assert table.reliability_data("Trust", "applied").shape == (2, 41)


def test_segment_overlap_is_one_character(tmp_path):
    root = tmp_path / "p"
    with Project.init(root, reviewer="NT") as p:
        p.add_text("One. Two. Three.", title="t", source_id="t")
        p.apply_code("t", 3, 6, p.create_code("X"))  # ". T": the end of "One." and the start of "Two."
    with Project.open(root, reviewer="AG") as p:
        p.apply_code("t", 10, 16, "X")
    table = build_units(Project.open(root))
    assert table.reliability_data("X").tolist() == [[0, 0, 1], [1, 1, 0]]
    assert table.between_units == 0


def test_codings_outside_every_segment_are_reported(tmp_path, monkeypatch):
    root = make_tiny(tmp_path / "t")
    project = Project.open(root)
    every = project.segments
    monkeypatch.setattr(project, "segments", lambda sid=None: [s for s in every(sid) if (s.source_id, s.index) != ("s1", 3)])
    table = build_units(project)
    assert len(table.starts) == 6
    assert table.between_units == 1  # AG's Staff coding (41-52) is in the dropped segment only


def test_orphaned_codings_do_not_count(tmp_path):
    root = make_tiny(tmp_path / "t")
    with Project.open(root, reviewer="NT") as p:  # NT's "Trust grew." disappears from s1
        p.add_text("Faith grew. It took time. Money ran out. Staff left.", title="s1", source_id="s1")
    project = Project.open(root)
    table = build_units(project)
    assert table.orphaned == 2  # NT's and AG's codings starting with "Trust grew."
    assert table.reliability_data("Trust")[:, :4].tolist() == [[0, 0, 0, 0], [0, 0, 0, 0]]


def test_coder_choice(tiny):
    assert build_units(tiny, coders="NT,AG").coders == ("NT", "AG")
    assert build_units(tiny, coders=["NT", "AG"]).reliability_data("Trust").tolist() == \
        build_units(tiny).reliability_data("Trust")[::-1].tolist()
    with pytest.raises(ValueError, match="at least 2 coders"):
        build_units(tiny, coders="NT")
    with pytest.raises(ValueError, match="no codings by XY"):
        build_units(tiny, coders="NT,XY")
    with pytest.raises(ValueError, match="named twice"):
        build_units(tiny, coders="NT,NT")
    with pytest.raises(ValueError, match="unit must be"):
        build_units(tiny, unit="word")


def test_no_common_source(tmp_path):
    root = tmp_path / "p"
    with Project.init(root, reviewer="NT") as p:
        p.add_text("One.", title="a", source_id="a")
        p.add_text("Two.", title="b", source_id="b")
        p.apply_code("a", 0, 4, p.create_code("X"))
    with Project.open(root, reviewer="AG") as p:
        p.apply_code("b", 0, 4, "X")
    with pytest.raises(ValueError, match="no source was coded by all of AG, NT"):
        build_units(Project.open(root))


# ------------------------------------------------------------------- code mapping
def _independent(root):
    """NT and AG code the same text with codes of their own."""
    with Project.init(root, reviewer="NT") as p:
        p.add_text(TEXTS["s1"], title="s1", source_id="s1")
        p.apply_code("s1", 0, 11, p.create_code("Trust"))
        p.apply_code("s1", 26, 40, p.create_code("Money"))
    with Project.open(root, reviewer="AG") as p:
        p.apply_code("s1", 0, 25, p.create_code("Trusting relationships"))
        p.apply_code("s1", 26, 40, p.create_code("Funding cuts"))
        p.apply_code("s1", 41, 52, p.create_code("Workforce"))
    return Project.open(root)


def test_suggest_mapping_pairs_codes_by_label_and_span(tmp_path):
    project = _independent(tmp_path / "p")
    frame = suggest_mapping(project)
    assert {"coder_a", "code_a", "label_a", "coder_b", "code_b", "label_b", "label_similarity",
            "span_jaccard", "score", "suggested", "confirmed"} <= set(frame.columns)
    chosen = frame[frame.suggested]
    pairs = {(a, None if pd.isna(b) else b) for a, b in zip(chosen.label_a, chosen.label_b)}
    assert ("Funding cuts", "Money") in pairs  # same span: Jaccard 1
    assert ("Trusting relationships", "Trust") in pairs  # similar label, 11 of 25 characters shared
    assert ("Workforce", None) in pairs  # no partner: kept on its own
    row = chosen[chosen.label_a == "Funding cuts"].iloc[0]
    assert row.span_jaccard == 1.0
    row = chosen[chosen.label_a == "Trusting relationships"].iloc[0]
    assert row.span_jaccard == pytest.approx(11 / 25)

    mapping = CodeMapping.from_frame(frame)
    assert mapping.coders == ("AG", "NT")
    assert set(mapping.labels) == {"Funding cuts = Money", "Trusting relationships = Trust", "Workforce (AG only)"}
    table = build_units(project, mapping=mapping)
    assert table.reliability_data("Funding cuts = Money").tolist() == [[0, 0, 1, 0], [0, 0, 1, 0]]
    assert table.reliability_data("Trusting relationships = Trust").tolist() == [[1, 1, 0, 0], [1, 0, 0, 0]]
    assert table.reliability_data("Workforce (AG only)").tolist() == [[0, 0, 0, 1], [0, 0, 0, 0]]


def test_reviewers_confirm_the_mapping(tmp_path):
    project = _independent(tmp_path / "p")
    frame = suggest_mapping(project)
    frame.loc[frame.label_a == "Workforce", "confirmed"] = False
    assert "Workforce (AG only)" not in CodeMapping.from_frame(frame).labels
    with pytest.raises(ValueError, match="columns"):
        CodeMapping.from_frame(frame.drop(columns=["code_b"]))


def test_shared_codebook_gives_the_identity_mapping(tiny):
    frame = suggest_mapping(tiny)
    paired = frame[frame.suggested & frame.code_a.notna() & frame.code_b.notna()]
    assert len(paired) == 2 and paired.same_code.all()
    mapping = CodeMapping.from_frame(frame)
    # Staff was applied by AG only, so it has no partner row: it stays as AG's alone
    assert set(mapping.labels) == {"Money", "Trust", "Staff (AG only)"}
    shared = build_units(tiny)
    mapped = build_units(tiny, mapping=mapping)
    for label in ("Money", "Trust"):
        assert np.array_equal(shared.reliability_data(label), mapped.reliability_data(label))
    assert np.array_equal(shared.reliability_data("Staff"), mapped.reliability_data("Staff (AG only)"))


def test_mapping_must_be_for_the_compared_coders(tiny):
    mapping = CodeMapping.identity_of(["AG", "XY"], tiny.codes.values())
    with pytest.raises(ValueError, match="the mapping is for AG, XY"):
        build_units(tiny, mapping=mapping)
