"""Characters a PDF's text layer gets wrong: ligatures, control characters, odd spaces.

Only the typographic ligatures are expanded (NFKC would also change
superscripts, fractions and full-width forms, which are meant); control
characters other than ``\\n`` and ``\\t`` are dropped; no-break and other
typographic spaces (and the Unicode line and paragraph separators) become
plain spaces, and runs of spaces one; zero-width characters and soft hyphens
inside a line go. A soft hyphen at the end of a line is kept: it tells
:mod:`.dehyphenate` the word was broken there. The bullets Word leaves in the
private use area (from the Symbol and Wingdings fonts) become real bullets.
The result is NFC.

>>> cleaned = clean_text("The \\ufb01rst \\ufb02ow\\x00 of e\\ufb00ort,\\u00a0\\u00a0twice\\u00ad\\nfree")
>>> cleaned.text
'The first flow of effort, twice\\xad\\nfree'
>>> cleaned.ligatures, cleaned.controls
(3, 1)
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

LIGATURES = {"\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
             "\ufb05": "st", "\ufb06": "st"}
_LIGATURE = re.compile("[\ufb00-\ufb06]")
# bullets of the Symbol and Wingdings fonts, which Word PDFs leave in the private use area
BULLETS = {"\uf0b7": "\u2022", "\uf0a7": "\u25aa", "\uf06e": "\u25aa", "\uf0d8": "\u27a2", "\uf0fc": "\u2713",
           "\uf076": "\u2756", "\uf0a8": "\u25cb"}
_BULLET = re.compile("[" + "".join(BULLETS) + "]")
# C0 and C1 controls but \t and \n; the non-characters U+FFFE/U+FFFF
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufffe\uffff]")
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]|\u00ad(?!\n|$)")
_SPACES = re.compile("[\u00a0\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]")
_RUNS = re.compile(" {2,}")
# any character one of the steps would change (tabs too, to keep this one search)
_SUSPECT = re.compile("[\x00-\x09\x0b-\x1f\x7f-\xa0\xad\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\u3000"
                      "\ufb00-\ufb06\ufeff\ufffe\uffff" + "".join(BULLETS) + "]")


@dataclass(frozen=True)
class Cleaned:
    """Cleaned text and how many ligatures were expanded and control characters dropped."""

    text: str
    ligatures: int = 0
    controls: int = 0


def clean_text(text: str, stripped: bool = False) -> Cleaned:
    """Expand ligatures, drop control characters, even out spaces, NFC; keeps the lines.

    ``stripped`` says no line of ``text`` has spaces at its ends, so that is not looked for.
    """
    if not (_SUSPECT.search(text) or "  " in text
            or (not stripped and ("\n " in text or " \n" in text or text[:1] == " " or text[-1:] == " "))):
        return Cleaned(text if text.isascii() else unicodedata.normalize("NFC", text))
    text, ligatures = _LIGATURE.subn(lambda m: LIGATURES[m.group()], text)
    text, controls = _CONTROL.subn("", text)
    text = _BULLET.sub(lambda m: BULLETS[m.group()], text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _RUNS.sub(" ", text)
    if "\n " in text or " \n" in text or text[:1] == " " or text[-1:] == " ":
        text = "\n".join(line.strip(" ") for line in text.split("\n"))
    return Cleaned(unicodedata.normalize("NFC", text), ligatures, controls)
