"""The word-frequency bar chart: drawn from tidy data, deterministic, with alt text."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from synthesis.figures import save, word_frequency_alt_text, word_frequency_chart

FRAME = pd.DataFrame({"lemma": ["trust", "partner", "time"], "count": [7, 12, 7], "percent": [1, 2, 1],
                      "rank": [2, 1, 3]})


def test_bars_in_order_with_counts():
    fig = word_frequency_chart(FRAME)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["partner", "time", "trust"]
    assert [round(p.get_width()) for p in ax.patches] == [12, 7, 7]
    assert [t.get_text() for t in ax.texts] == ["12", "7", "7"]
    assert ax.get_xlabel() == "Occurrences (lemmas)"


def test_on_a_given_axes_and_by_word():
    fig, ax = plt.subplots()
    try:
        out = word_frequency_chart(FRAME.rename(columns={"lemma": "word"}), ax=ax)
        assert out is fig and ax.get_xlabel() == "Occurrences (words)"
    finally:
        plt.close(fig)


def test_same_data_same_bytes(tmp_path):
    paths_a = save(word_frequency_chart(FRAME), tmp_path / "a" / "words", alt_text=word_frequency_alt_text(FRAME))
    paths_b = save(word_frequency_chart(FRAME), tmp_path / "b" / "words", alt_text=word_frequency_alt_text(FRAME))
    for a, b in zip(paths_a, paths_b):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert (tmp_path / "a" / "words.txt").read_text().startswith("Horizontal bar chart of the 3 most frequent lemmas")


def test_bad_frames_are_refused():
    with pytest.raises(ValueError, match="needs columns lemma"):
        word_frequency_chart(pd.DataFrame({"term": ["a"], "n": [1]}))
    with pytest.raises(ValueError, match="empty"):
        word_frequency_chart(FRAME.iloc[:0])
    with pytest.raises(ValueError, match="several study_id groups"):
        word_frequency_chart(FRAME.assign(study_id=["a", "b", "a"]))
