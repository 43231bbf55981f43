"""An English word list, to tell a closed compound broken at a line end ("work-" + "force") from a hyphenated one.

The list is spaCy's English lookup tables from spacy-lookups-data (already a
dependency, installed offline): WordNet's lemmas by part of speech and the
lemmatizer's inflected forms, about 180,000 words, hyphenated ones
("well-known") among them. The first few words asked about are looked up in
the tables' text as it is (decompressing it takes about 0.01 s, a look-up about
1 ms); only a document that asks about many builds the set of all the words
(about 0.1 s). Without the package the list is empty and no word is known.

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
SEARCHES = 16  # words looked up in the tables' text before the set of all words is built
_searched = 0
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


@lru_cache(maxsize=1)
def _tables_text() -> bytes:
    """The tables' JSON text, ASCII letters in lower case (empty without the package)."""
    try:
        data = resources.files("spacy_lookups_data") / "data"
    except ModuleNotFoundError:
        return b""
    parts = []
    for name in TABLES:
        try:
            parts.append(gzip.decompress((data / f"{name}.json.gz").read_bytes()).lower())
        except OSError:
            continue
    return b"\n".join(parts)


def _searchable(word: str) -> bool:
    """Whether a look-up of ``word`` in the tables' text answers as the set would: plain ASCII letters."""
    return word.isascii() and word.replace("-", "").replace("'", "").isalpha()


def is_english(word: str) -> bool:
    """Whether ``word`` (any case; perhaps plural or possessive) is a word of the list.

    >>> is_english("partnerships"), is_english("Partnership's"), is_english("partnershipz")
    (True, True, False)
    """
    global _searched
    word = word.casefold()
    forms = [word, *(word[:-len(end)] for end in _ENDINGS if word.endswith(end) and len(word) > len(end) + 2)]
    if english_words.cache_info().currsize == 0 and _searched < SEARCHES and all(map(_searchable, forms)):
        _searched += 1
        text = _tables_text()
        return any(b'"' + form.encode() + b'"' in text for form in forms)
    words = english_words()
    return any(form in words for form in forms)
