"""The one number parser reads every format the sources use, and refuses what is not a number."""
from __future__ import annotations

import pytest

from pipeline.numbers import NumberFormatError, parse_count, parse_number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("14 477", 14477),          # Eurostat, concept note: space groups thousands
        ("14\u00a0477", 14477),     # no-break space
        ("14\u202f477", 14477),     # narrow no-break space
        ("5.000", 5000),            # concept note: dot groups thousands
        ("1,022", 1022),            # IOM "Total Dead and Missing"
        ("1,234,567", 1234567),
        ("1.234.567", 1234567),
        ("1,234.5", 1234.5),
        ("1.234,5", 1234.5),
        ("3.5", 3.5),               # one separator, not three digits after: decimal
        ("0,25", 0.25),
        ("0.125", 0.125),           # no thousands group starts with a zero
        ("42", 42),
        ("-7", -7),
        ("\u22127", -7),           # Unicode minus
        (" 12 ", 12),
        (17, 17),
        (2.5, 2.5),
    ],
)
def test_parse_number_reads_source_formats(text, expected):
    assert parse_number(text).value == expected


def test_percent_sign_is_kept_apart_from_the_value():
    parsed = parse_number("53%")
    assert parsed.value == 53 and parsed.percent


def test_explicit_decimal_mark_overrides_the_three_digit_rule():
    assert parse_number("1,022", decimal=",").value == pytest.approx(1.022)


def test_less_than_five_is_a_censored_count_between_zero_and_four():
    parsed = parse_count("<5")
    assert parsed.censored and parsed.value is None
    assert (parsed.lower, parsed.upper) == (0, 4)


def test_at_most_bound_includes_the_bound():
    assert parse_count("<=5").upper == 5


@pytest.mark.parametrize("text", ["", "  ", "n/a", "12a", "1,2,3", "1.23.4", "1,00,000", "..", float("nan")])
def test_parse_number_refuses_what_is_not_a_number(text):
    with pytest.raises(NumberFormatError):
        parse_number(text)


@pytest.mark.parametrize("text", ["-3", "2.5", "40%"])
def test_parse_count_refuses_negative_fractional_and_percent(text):
    with pytest.raises(NumberFormatError):
        parse_count(text)
