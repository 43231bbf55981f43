"""A pattern that starts with a word is searched from where the word occurs: the same matches as finditer."""

from __future__ import annotations

import re
import string

from hypothesis import example, given, settings
from hypothesis import strategies as st

from synthesis.query.literal import FOLDS_TO_ASCII, folded, leading_words, matches, starts

# what reviewers type, and what can trip a search that starts at a word
HEADS = ["trust", "Trust", r"\btrust", "trusts?", "trust+", "trus{1,2}t", "partner", r"\bpar", "pa", "tr.st", r"\w+ship",
         "(?:trust)", "[tp]rust", "trust|respect", "(trust|respect)", "tru(st|e)", r"ﬁrst", "stra[ß]e", "kelvin",
         r"\b(trust|part)", "(?:trusted|trust)", "(trust|respect)?", "(tru|(?:par|res))", "(trust|[tp]art)",
         r"trust|\w+ship", "(tru)(st)", "((trust))", r"(tr\|ust|partner)", "(tr[)|]ust|partner)"]
TAILS = ["", r"\w*", r"\b", "(ship|s)?", r"[|]\w", r"\|x", "(?=ed)", r"(?<=trust)\w+", r"\s+\w+", ".*", "$", "[]|]",
         "|", r"(a|b)|c", "x*"]
PIECES = ["trust", "Trust", "TRUST", "trusted", "distrust", "trusttrust", "partner", "partnership", "Partners",
          "respect", "truest", " ", " ", "\n", ".", ",", "-", "ﬁrst", "first", "straße", "STRASSE", "kelvin", "\u212aelvin",
          "\u0130", "\u0131", "\u017f", "tru\u017ft", "Σ", "ß", "é", "1", "_"]


@settings(max_examples=400, deadline=None)
@given(head=st.sampled_from(HEADS), tail=st.sampled_from(TAILS),
       text=st.lists(st.sampled_from(PIECES), max_size=40).map("".join))
@example(head="trust", tail=r"\w*", text="trusttrust Trusttrustee")  # a match running over the next "trust"
@example(head=r"\btrust", tail="", text="distrust trust")  # "trust" inside a word, where \b fails
@example(head="trust", tail="", text="tru\u017ft TRUST")  # the long s, which IGNORECASE takes for "s"
@example(head="(trust|respect)", tail=r"\w*", text="trusted respect distrust respectable")  # two words
@example(head="(?:trusted|trust)", tail="", text="trusttrusted trusted")  # two words at one place
def test_the_matches_are_those_finditer_gives(head, tail, text):
    pattern = re.compile(head + tail, re.IGNORECASE)
    want = [(m.start(), m.end(), m.group()) for m in pattern.finditer(text)]
    got = [(m.start(), m.end(), m.group()) for m in matches(pattern, text, folded(text), starts(head + tail))]
    assert got == want


def test_alternatives_of_words_are_searched_from_each_word():
    assert leading_words(r"(trust|respect)\w*") == ("trust", "respect")
    assert leading_words(r"\b(?:partner|collaborat)\w*") == ("partner", "collaborat")
    assert leading_words("trust|(care|support)s?") == ("trust", "care", "support")
    assert starts("trust|respect") == ("trust", "respect") and starts("trust|re") is None
    for other in ("(trust|respect)?x", "(trust|.x)", r"trust|\w+", "(?i:trust)", "(?P<w>trust)", "(trust|respect)*"):
        assert leading_words(other) is None, other


def test_only_patterns_whose_every_match_starts_with_the_word_are_searched_from_it():
    assert starts(r"\btrust\w*") == ("trust",)
    assert starts("Partnership") == ("partnership",)
    assert starts("partners?") == ("partner",)
    assert starts("ab") is None  # too short to be worth looking for first
    for other in ("trust|respect", r"trust\w*|x", "[t]rust", r"\Btrust", ".trust", r"\w*trust",
                  "trust[|]|x", "tr|ust"):
        assert starts(other) is None or len(starts(other)) > 1, other
    for kept in ("trust(s|ed)", r"trust[|]", r"trust\|", "trust(?:a|b(c|d))", "(trust)", "((?:trust))s"):
        assert starts(kept) == ("trust",), kept


def test_texts_where_lowercase_is_not_what_ignorecase_matches_are_searched_the_plain_way():
    assert all(folded(f"trust {ch} grew") is None for ch in FOLDS_TO_ASCII)
    assert folded("Straße ﬁrst Σ") == "straße ﬁrst σ"
    # every character outside ASCII that IGNORECASE matches to an ASCII letter or digit is listed
    ascii_class = re.compile("[" + string.ascii_letters + string.digits + "]", re.IGNORECASE)
    odd = {chr(u) for u in range(0x80, 0x110000) if ascii_class.fullmatch(chr(u))}
    assert odd == set(FOLDS_TO_ASCII)
