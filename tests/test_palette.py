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
