"""Word tokens from the segmentation pipeline: plain records with code-point offsets, cached."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from synthesis.corpus.segment import (
    Token, TokenCache, Tokens, default_stop_words, load_pipeline, tokenize_many, tokenize_text,
)


def test_tokens_are_plain_records_with_lower_case_lemmas():
    toks = tokenize_text("Partnerships TRUSTED the café’s partners.\n\nWorking!")
    assert isinstance(toks, Tokens)
    rows = list(toks)
    assert all(isinstance(t, Token) for t in rows)
    assert [t.lower for t in rows][:3] == ["partnerships", "trusted", "the"]
    assert [t.lemma for t in rows if not t.punct] == ["partnership", "trust", "the", "café", "’s", "partner", "work"]
    assert [t.lower for t in rows if t.stop] == ["the", "’s"]
    assert [t.lower for t in rows if t.punct] == [".", "!"]
    assert "\n\n" not in toks.lower  # white space is not a token


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab é😀\n.,-'’"), max_size=80))
def test_offsets_are_code_points_into_the_text(text):
    toks = tokenize_text(text)
    for t in toks:
        assert text[t.start:t.end].lower() == t.lower
    assert list(toks.starts) == sorted(toks.starts)


def test_long_texts_are_tokenized_in_chunks_with_the_same_result():
    text = "\n\n".join(f"Paragraph {i} trusted partners." for i in range(400))
    whole = tokenize_many([("s", text)])["s"]
    chunked = tokenize_many([("s", text)], limit=500)["s"]
    assert whole == chunked and len(whole) == 400 * 5


def test_cache_by_hash_and_pipeline(tmp_path):
    cache = TokenCache(tmp_path)
    first = cache.get_many({"s": "Trust grew."})["s"]
    path = tmp_path / "corpus" / ".cache" / "tokens" / "s.json"
    record = json.loads(path.read_text())
    assert record["sha256"] and "tokens-" in record["pipeline"]
    assert TokenCache(tmp_path).get_many({"s": "Trust grew."})["s"] == first  # read back from disk
    changed = TokenCache(tmp_path).get_many({"s": "Trust fell away."})["s"]
    assert changed.lower == ("trust", "fell", "away", ".")
    path.write_text("{not json")
    assert TokenCache(tmp_path).get_many({"s": "Trust grew."})["s"] == first  # a broken file is rebuilt


def test_default_stop_words_come_from_the_pipeline():
    words = default_stop_words(load_pipeline())
    assert {"the", "and", "of"} <= words and "trust" not in words
