"""Code colours: only hex colours reach a view's CSS."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from synthesis.palette import NEUTRAL, PALETTE, safe_colour


@pytest.mark.parametrize("colour", [*PALETTE, "#abc", "#ABC", "#a1B2c3"])
def test_hex_colours_pass(colour):
    assert safe_colour(colour, "#000000") == colour


@pytest.mark.parametrize("colour", ['red" onmouseover="window.__xss=3" x="', "red", "#E69F00\n", " #E69F00",
                                    "#E69F0", "#E69F00;background:url(x)", "rgb(1,2,3)", "", None, 0xE69F00,
                                    "#ｅ69F00", "expression(alert(1))"])
def test_anything_else_is_the_fallback(colour):
    assert safe_colour(colour) == NEUTRAL
    assert safe_colour(colour, "#56B4E9") == "#56B4E9"


def test_a_fallback_that_is_no_colour_is_not_used():
    assert safe_colour("red", 'x" onload="y') == NEUTRAL


@given(st.text(max_size=10))
def test_the_result_is_always_a_hex_colour(value):
    out = safe_colour(value, value)
    assert out.startswith("#") and len(out) in (4, 7) and set(out[1:]) <= set("0123456789abcdefABCDEF")


# --- colours views show, and text on them ------------------------------------------

from synthesis.palette import DISPLAY_PALETTE, code_colours, contrast, luminance, text_colour  # noqa: E402


def _wcag(a: str, b: str) -> float:
    """WCAG 2 contrast worked out here from the definition, not with the module's helpers."""
    def lum(h: str) -> float:
        channels = [int(h[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("background", [*DISPLAY_PALETTE, NEUTRAL, "#000000", "#FFFFFF", "#777777", "#767676"])
def test_text_on_every_chip_and_swatch_colour_meets_wcag_aa(background):
    text = text_colour(background)
    assert text in ("#000000", "#FFFFFF")
    assert _wcag(text, background) >= 4.5, (background, text)
    assert abs(contrast(text, background) - _wcag(text, background)) < 0.01


@given(st.integers(0, 0xFFFFFF))
def test_black_or_white_text_always_reaches_aa_on_any_colour(value):
    background = f"#{value:06X}"
    assert _wcag(text_colour(background), background) >= 4.5


def test_the_old_failure_dark_purple_gets_white_text():
    assert _wcag("#000000", "#332288") < 2  # what the chips used to show
    assert text_colour("#332288") == "#FFFFFF"
    assert luminance("#332288") < 0.05


def test_display_palette_is_larger_distinct_and_starts_with_the_stored_palette():
    assert DISPLAY_PALETTE[:len(PALETTE)] == PALETTE
    assert len(DISPLAY_PALETTE) >= 36 and len(set(c.upper() for c in DISPLAY_PALETTE)) == len(DISPLAY_PALETTE)


def test_codes_that_share_a_colour_are_shown_distinct_up_to_the_palette_size():
    codes = [(f"C{i}", PALETTE[i % len(PALETTE)]) for i in range(33)]  # as the example review stores them
    shown = code_colours(codes)
    assert len(set(shown.values())) == 33
    assert all(shown[f"C{i}"] == PALETTE[i] for i in range(len(PALETTE)))  # own colours are kept


def test_a_colour_chosen_for_one_code_is_shown_and_moves_no_other():
    codes = [(f"C{i}", PALETTE[i % len(PALETTE)]) for i in range(33)]  # as the example review stores them
    before = code_colours(codes)
    # the colour of an older code, of a code given another in place of its own, and a new one
    for code, colour in (("C20", "#e69f00"), ("C20", before["C25"]), ("C3", before["C30"]), ("C18", "#123456")):
        after = code_colours(codes, chosen={code: colour})
        assert after[code] == colour.upper()
        assert {c for c in after if after[c] != before[c]} == {code}


def test_merging_a_code_away_moves_a_few_others_not_all():
    """A code made with the colour of the code merged away takes it back, and the colour it
    had is given to another: a short chain, never every later code (sharing out the free
    colours in order moved all 16 codes that had no colour of their own)."""
    codes = [(f"C{i}", PALETTE[i % len(PALETTE)]) for i in range(33)]
    before = code_colours(codes)
    moved = []
    for gone, _ in codes:
        after = code_colours([c for c in codes if c[0] != gone])
        assert len(set(after.values())) == 32
        moved.append(len({c for c in after if after[c] != before[c]}))
    assert max(moved) <= 8 and sum(moved) / len(moved) < 4


def test_beyond_the_palette_overlapping_codes_still_differ():
    n = len(DISPLAY_PALETTE)
    codes = [(f"C{i}", "") for i in range(n * 2)]
    overlaps = [(f"C{i}", f"C{i + 1}") for i in range(n * 2 - 1)] + [(f"C{n}", "C0"), (f"C{n + 3}", "C3")]
    shown = code_colours(codes, overlaps)
    for a, b in overlaps:
        assert shown[a] != shown[b], (a, b)


# --- patterns once the palette is used up ----------------------------------------

from synthesis.palette import PATTERNS, code_patterns, pattern_css  # noqa: E402


@pytest.mark.parametrize("n", [1, 17, len(DISPLAY_PALETTE), len(DISPLAY_PALETTE) + 1, 100,
                               len(DISPLAY_PALETTE) * len(PATTERNS)])
def test_every_code_has_its_own_colour_and_pattern(n):
    codes = [(f"C{i}", PALETTE[i % len(PALETTE)]) for i in range(n)]
    shown = code_colours(codes, [(f"C{i}", f"C{i + 1}") for i in range(n - 1)])
    patterns = code_patterns(shown)
    assert len({(shown[c], patterns[c]) for c, _ in codes}) == n
    plain = [c for c, _ in codes if patterns[c] == ""]
    assert len(plain) == min(n, len(DISPLAY_PALETTE))  # a pattern only once every colour is taken
    assert len(set(shown[c] for c in plain)) == len(plain)


def test_patterns_keep_to_code_order_and_ignore_the_case_of_colours():
    assert code_patterns({"a": "#e69f00", "b": "#E69F00", "c": "#E69F00"}) == {"a": "", "b": "stripes", "c": "dots"}
    assert code_patterns({}) == {}


@pytest.mark.parametrize("pattern", PATTERNS[1:])
def test_every_pattern_is_a_css_gradient_in_a_safe_colour(pattern):
    css = pattern_css(pattern, "#FFFFFF")
    assert "gradient(" in css and "#FFFFFF" in css and ";" not in css and "url(" not in css
    assert "#999999" in pattern_css(pattern, 'x" onclick="y') and "onclick" not in pattern_css(pattern, 'x"onclick')
    assert pattern_css("no such pattern", "#000000") == ""
