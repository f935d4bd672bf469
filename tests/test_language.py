"""One value, written the English way and the French way; one label catalogue per language."""
from __future__ import annotations

import datetime as dt

import pytest

from pipeline import language
from pipeline.language import Display, LanguageError, show

THIN, NBSP = "\u202f", "\u00a0"


@pytest.mark.parametrize("display, english, french", [
    (Display("count", 14477), "14,477", f"14{THIN}477"),
    (Display("count", 1822102.4), "1,822,102", f"1{THIN}822{THIN}102"),
    (Display("count", 721), "721", "721"),
    (Display("percent", 0.5294), "53%", f"53{NBSP}%"),
    (Display("decimal", 7.25), "7.2", "7,2"),
    (Display("millions", 1_522_000), "1.5 million", "1,5 million"),
    (Display("year", 2015), "2015", "2015"),
    (Display("month", code="2015-10"), "October 2015", "octobre 2015"),
    (Display("date", code="2015-11-30"), "30 November 2015", "30 novembre 2015"),
    (Display("date", code="2015-12-01"), "1 December 2015", "1er décembre 2015"),
    (Display("label", code="country.NGA"), "Nigeria", "Nigéria"),
    (Display("labels", code="country.DZA,country.LBY"), "Algeria and Libya", "Algérie et Libye"),
    (Display("labels", code="country.DZA,country.LBY,country.TUN"), "Algeria, Libya and Tunisia",
     "Algérie, Libye et Tunisie"),
    (Display("text", code="COM(2015) 285"), "COM(2015) 285", "COM(2015) 285"),
])
def test_a_value_is_written_the_way_each_language_writes_it(display, english, french):
    assert (show(display, "en"), show(display, "fr")) == (english, french)


def test_french_numbers_do_not_break_across_lines():
    assert " " not in show(Display("count", 14477), "fr") + show(Display("percent", 0.53), "fr")


def test_both_catalogues_have_the_same_keys():
    english, french = language.catalogue("en"), language.catalogue("fr")
    assert sorted(set(english) ^ set(french)) == []


def test_an_unknown_label_names_the_catalogue_and_the_key():
    with pytest.raises(LanguageError, match=r"paper/labels/fr.yml has no label 'country.XXX'"):
        language.label("country.XXX", "fr")


def test_an_unknown_language_or_kind_is_refused():
    with pytest.raises(LanguageError, match="'de' is not one of en, fr"):
        show(Display("count", 1), "de")
    with pytest.raises(LanguageError, match="display kind 'roman'"):
        show(Display("roman", 4), "en")


def test_dates_are_written_in_full():
    assert language.date(dt.date(2015, 11, 12), "fr") == "12 novembre 2015"
