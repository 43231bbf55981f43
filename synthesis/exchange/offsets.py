"""Text positions across tools: from a vendor's offsets to this project's offsets.

This project counts Unicode code points of the normalised text (NFC, ``\\n``
newlines, no byte-order mark), end exclusive; REFI-QDA 1.5 (§10.2) says code
points too, and that is what :mod:`synthesis.exchange` exports. Real files differ:

* NVivo (12.6 for Windows) counts **UTF-16 code units** over the ``.txt`` with the
  BOM dropped and CRLF as two units (an emoji counts 2);
* ATLAS.ti reportedly counts a CRLF newline as **one** character;
* text from macOS may be decomposed (NFD) where this project stores NFC.

:class:`TextMap` maps positions over the raw text, in any :class:`Convention`,
to positions in the stored text; :func:`quote_matches` checks a placed span
against the selection's ``name`` (often its quote, perhaps cut short with "…").

>>> raw = "\\ufeffCafe\\u0301 \\U0001F600\\r\\nsmile"
>>> m = TextMap(raw)
>>> m.text
'Café 😀\\nsmile'
>>> start, end = m.span(10, 15, UTF16)           # NVivo: BOM dropped, emoji 2, CRLF 2
>>> m.text[start:end]
'smile'
>>> m.text[slice(*m.span(9, 14, CODEPOINTS))]   # the spec: code points, CRLF 2
'smile'
>>> m.text[slice(*m.span(8, 13, CODEPOINTS_LF))]  # ATLAS.ti: CRLF as one
'smile'
>>> m.span(7, 9, UTF16) is None                  # splits the emoji's surrogate pair
True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..corpus.normalise import normalise_text


@dataclass(frozen=True)
class Convention:
    """How a tool counts positions: UTF-16 units or code points; CRLF as one or two."""

    name: str
    utf16: bool = False
    crlf_as_one: bool = False


CODEPOINTS = Convention("Unicode code points (REFI-QDA 1.5)")
UTF16 = Convention("UTF-16 code units (NVivo)", utf16=True)
CODEPOINTS_LF = Convention("code points, CRLF counted once (ATLAS.ti)", crlf_as_one=True)
UTF16_LF = Convention("UTF-16 code units, CRLF counted once", utf16=True, crlf_as_one=True)
CONVENTIONS = (CODEPOINTS, UTF16, CODEPOINTS_LF, UTF16_LF)


def expected_convention(origin: str | None) -> Convention:
    """The convention a file's ``Project/@origin`` suggests.

    >>> expected_convention("NVivo for Windows 12.6").name
    'UTF-16 code units (NVivo)'
    >>> expected_convention("ATLAS.ti for Windows 23.2.3.27778") is CODEPOINTS_LF
    True
    >>> expected_convention("MAXQDA 2022") is CODEPOINTS
    True
    """
    text = (origin or "").casefold()
    if "nvivo" in text:
        return UTF16
    if "atlas.ti" in text or "atlasti" in text:
        return CODEPOINTS_LF
    return CODEPOINTS


_NEWLINE = re.compile(r"\r\n|[\r\u2028\u2029\x85]")


@lru_cache(maxsize=1)
def _composes_backwards() -> frozenset[str]:
    """Characters that can join the character before them when composing (NFC_QC=Maybe)."""
    found = {chr(c) for c in range(0x1161, 0x1176)} | {chr(c) for c in range(0x11A8, 0x11C3)}
    for cp in range(0x110000):
        parts = unicodedata.decomposition(chr(cp)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            found.add(chr(int(parts[1], 16)))
    return frozenset(found)


def _boundary_before(char: str) -> bool:
    """Whether NFC never joins ``char`` to what comes before it (a safe place to cut)."""
    if char.isascii():
        return True
    first = unicodedata.normalize("NFD", char)[0]
    return unicodedata.combining(first) == 0 and first not in _composes_backwards() \
        and unicodedata.combining(char) == 0


class TextMap:
    """A source's raw text as another tool stored it, and the project's normalised text.

    ``floor[i]``/``ceil[i]`` give the stored offset at raw code point boundary ``i``;
    they differ only inside something normalisation rewrites (a CRLF pair, a
    decomposed accent), where a start rounds down and an end rounds up.
    """

    def __init__(self, raw: str) -> None:
        bom = len(raw) - len(raw.lstrip("\ufeff"))
        self.raw = raw[bom:]
        self.text = normalise_text(self.raw)
        self._units: dict[Convention, list[int]] = {}
        lines = _NEWLINE.sub("\n", self.raw)
        floor, ceil = self._newline_maps()
        if lines != self.text:  # not NFC: map through composition, chunk by chunk
            f2, c2 = self._nfc_maps(lines)
            floor = [f2[i] for i in floor]
            ceil = [c2[i] for i in ceil]
        self.floor, self.ceil = floor, ceil

    def _newline_maps(self) -> tuple[list[int], list[int]]:
        raw = self.raw
        if not _NEWLINE.search(raw):
            same = list(range(len(raw) + 1))
            return same, same
        floor: list[int] = []
        ceil: list[int] = []
        out = pos = 0
        for match in _NEWLINE.finditer(raw):
            for _ in range(pos, match.start()):
                floor.append(out)
                ceil.append(out)
                out += 1
            floor.append(out)
            ceil.append(out)
            if match.end() - match.start() == 2:  # inside the CRLF pair
                floor.append(out)
                ceil.append(out + 1)
            out += 1
            pos = match.end()
        for _ in range(pos, len(raw)):
            floor.append(out)
            ceil.append(out)
            out += 1
        floor.append(out)
        ceil.append(out)
        return floor, ceil

    @staticmethod
    def _nfc_maps(lines: str) -> tuple[list[int], list[int]]:
        floor: list[int] = []
        ceil: list[int] = []
        out = 0
        cuts = [i for i, ch in enumerate(lines) if i == 0 or _boundary_before(ch)] + [len(lines)]
        for a, b in zip(cuts, cuts[1:]):
            chunk = lines[a:b]
            done = unicodedata.normalize("NFC", chunk)
            if done == chunk:
                floor.extend(range(out, out + len(chunk)))
                ceil.extend(range(out, out + len(chunk)))
            else:
                floor.append(out)
                ceil.append(out)
                floor.extend([out] * (len(chunk) - 1))
                ceil.extend([out + len(done)] * (len(chunk) - 1))
            out += len(done)
        floor.append(out)
        ceil.append(out)
        return floor, ceil

    def _vendor_positions(self, convention: Convention) -> list[int]:
        """Raw code point index at each vendor position (-1 where none starts)."""
        cached = self._units.get(convention)
        if cached is not None:
            return cached
        raw = self.raw
        wide = convention.utf16 and not raw.isascii()
        pairs = convention.crlf_as_one and "\r\n" in raw
        if not wide and not pairs:
            table = list(range(len(raw) + 1))
        else:
            table = [0]
            prev = ""
            for i, ch in enumerate(raw):
                if convention.crlf_as_one and ch == "\n" and prev == "\r":
                    table[-1] = i + 1  # CR LF counts once: the position after it is after LF
                elif convention.utf16 and ord(ch) > 0xFFFF:
                    table.append(-1)  # inside the surrogate pair
                    table.append(i + 1)
                else:
                    table.append(i + 1)
                prev = ch
        self._units[convention] = table
        return table

    def span(self, start: int, end: int, convention: Convention = CODEPOINTS) -> tuple[int, int] | None:
        """Stored ``(start, end)`` of a vendor span, or None if it does not fit the text
        (out of range, backwards, or cutting a character in two)."""
        table = self._vendor_positions(convention)
        if not (0 <= start <= end < len(table)):
            return None
        a, b = table[start], table[end]
        if a < 0 or b < 0:
            return None
        return self.floor[a], self.ceil[b]


def squash(text: str) -> str:
    """Text compared loosely: normalised, white space collapsed to single spaces."""
    return " ".join(normalise_text(text).split())


def quote_matches(name: str | None, quote: str) -> bool | None:
    """Whether a selection's ``name`` agrees with the text placed (None: no name to check).

    Tools cut long names short with an ellipsis; the rest must then begin the quote.

    >>> quote_matches("Oh, that was great.", "Oh, that  was\\ngreat.")
    True
    >>> quote_matches("For some reason babies…", "For some reason babies aren't")
    True
    >>> quote_matches("", "anything") is None
    True
    >>> quote_matches("granola", "granny")
    False
    """
    wanted = squash(name or "")
    if not wanted:
        return None
    have = squash(quote)
    if wanted == have:
        return True
    for mark in ("\u2026", "..."):
        if wanted.endswith(mark):
            head = wanted[: -len(mark)].rstrip()
            if head and have.startswith(head):
                return True
    return False


def name_prefix(name: str | None) -> str:
    """The part of a selection name that must appear in the text (ellipsis cut off)."""
    wanted = normalise_text(name or "").strip()
    for mark in ("\u2026", "..."):
        if wanted.endswith(mark):
            return wanted[: -len(mark)].rstrip()
    return wanted
