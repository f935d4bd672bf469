"""The matching key is not PDF-specific: a quotation is found in a plain text, as a span of it."""
from __future__ import annotations

from pipeline.textkey import find, keyed


def test_a_quotation_is_found_in_a_plain_text_as_the_span_the_text_prints():
    text = "In 2012, 14,477 victims were identified as “trafficked”, most of them women."
    start, end = find(text, keyed(list('14 477 victims were identified as "trafficked"')))
    assert text[start:end] == "14,477 victims were identified as “trafficked”"


def test_a_word_broken_at_a_line_end_is_found_and_absent_words_are_not():
    text = "victims of traf-\nficking in persons"
    start, end = find(text, keyed(list("trafficking in persons")))
    assert text[start:end] == "traf-\nficking in persons"
    assert find(text, keyed(list("smuggling of migrants"))) is None
    assert find(text, keyed(list("  "))) is None
