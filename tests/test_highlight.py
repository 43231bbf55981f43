"""Highlights of spans with several codes: every code shows, and the text keeps WCAG AA contrast."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from synthesis.highlight import PAGES, blend, highlight_look, layer
from synthesis.palette import DISPLAY_PALETTE, PATTERNS, contrast

colours = st.one_of(st.sampled_from(DISPLAY_PALETTE),
                    st.integers(0, 0xFFFFFF).map(lambda n: f"#{n:06X}"))
codes = st.lists(st.tuples(st.text("ABCDE", min_size=1, max_size=2), colours, st.sampled_from(PATTERNS)),
                 min_size=1, max_size=6)


@given(codes)
def test_every_code_shows_in_order_and_the_text_stays_readable(wanted):
    look = highlight_look(wanted)
    distinct = list(dict.fromkeys((label, colour.upper(), pattern) for label, colour, pattern in wanted))
    assert [(l.label, l.colour.upper(), l.pattern) for l in look.layers] == distinct
    for drawn in look.layers:
        assert drawn.shade == 0 if not drawn.pattern else drawn.shade >= 0
        # the darkest pixel behind the text: the page, the tint, then the pattern over it
        for page, text in PAGES:
            darkest = blend(blend(page, drawn.colour, drawn.tint), drawn.colour, drawn.shade)
            assert contrast(text, darkest) >= 4.5, (drawn, page)
        # the underline band: the pattern in black or white on the code's colour
        other = "#FFFFFF" if drawn.ink == "#000000" else "#000000"
        assert contrast(drawn.ink, drawn.colour) >= contrast(other, drawn.colour)
    assert look.band * len(look.layers) <= 12  # up to six codes, the bands stay in the gap between lines


def test_patterns_are_visible_on_every_palette_colour():
    for colour in DISPLAY_PALETTE:
        for pattern in PATTERNS[1:]:
            drawn = layer("Code", colour, pattern)
            assert drawn.tint >= 0.2 and drawn.shade >= 0.2, (colour, pattern, drawn)


def test_two_codes_of_one_colour_on_one_span_look_different():
    plain, striped = highlight_look([("Trust", "#E69F00", ""), ("Speed", "#E69F00", "stripes")]).layers
    assert plain.colour == striped.colour and (plain.pattern, striped.pattern) == ("", "stripes")
    assert striped.shade > 0 == plain.shade
