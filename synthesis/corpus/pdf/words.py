"""An English word list, to tell a closed compound broken at a line end ("work-" + "force") from a hyphenated one.

The list is spaCy's English lookup tables from spacy-lookups-data (already a
dependency, installed offline): WordNet's lemmas by part of speech and the
lemmatizer's inflected forms, about 180,000 words, hyphenated ones
("well-known") among them. It is read once, when first asked for (about 0.2 s).
Without the package the list is empty and no word is known.

>>> is_english("workforce"), is_english("Workforces"), is_english("healthcare")
(True, True, True)
>>> is_english("underresourced"), is_english("well-known"), is_english("")
(False, True, False)
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources

TABLES = ("en_lemma_index", "en_lemma_lookup")
_ENDINGS = ("s", "es", "'s", "\u2019s")  # plural and possessive forms of a listed word


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Every word of the tables, case folded (multi-word entries left out)."""
    try:
        data = resources.files("spacy_lookups_data") / "data"
    except ModuleNotFoundError:
        return frozenset()
    words: set[str] = set()
    for name in TABLES:
        try:
            table = json.loads(gzip.decompress((data / f"{name}.json.gz").read_bytes()))
        except (OSError, ValueError):
            continue
        if name == "en_lemma_index":  # part of speech -> lemmas
            entries = [word for lemmas in table.values() for word in lemmas]
        else:  # inflected form -> lemma
            entries = [*table, *table.values()]
        words.update(word.casefold() for word in entries if "_" not in word and " " not in word)
    return frozenset(words)


def is_english(word: str) -> bool:
    """Whether ``word`` (any case; perhaps plural or possessive) is a word of the list."""
    words = english_words()
    word = word.casefold()
    if word in words:
        return True
    return any(word.endswith(end) and len(word) > len(end) + 2 and word[:-len(end)] in words for end in _ENDINGS)
