"""The paper's two languages: how a number, a date or a name is written in each, in one place.

A key figure is computed once, as a value; the English and the French paper print it each in
its own way ("14,477" and "14 477", "53%" and "53 %", "1.8 million" and "1,8 million",
"30 November 2015" and "30 novembre 2015"), and never as a second copy typed by hand. Names
(countries, routes, forms of exploitation) are printed from one label catalogue per language,
``paper/labels/<lang>.yml``, which the figures use too. French follows the usage of the
Imprimerie nationale: a narrow no-break space groups thousands, a no-break space precedes "%".
"""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline import paths

LANGUAGES = ("en", "fr")
LABELS = paths.LABELS

_THIN = "\u202f"  # narrow no-break space: French thousands separator
_NBSP = "\u00a0"

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"],
}
MONTH_ABBR = {
    "en": ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    "fr": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
           "déc."],
}
AND = {"en": "and", "fr": "et"}
#: A colon as each language sets it: French puts a (no-break) space before it.
COLON = {"en": ":", "fr": _NBSP + ":"}


class LanguageError(ValueError):
    """A language, label or display kind the paper does not know."""


@dataclass(frozen=True)
class Display:
    """How a value is shown: its kind and, for names and periods, the code to look up.

    kinds: ``count`` (a whole number), ``percent`` (a share 0-1, whole per cent), ``decimal``
    (one decimal place), ``millions`` (one decimal place, in millions), ``year``, ``month``
    (code YYYY-MM), ``date`` (code YYYY-MM-DD), ``label`` (code: a catalogue key),
    ``labels`` (codes joined by "and"), ``text`` (code printed as it is, in every language).
    """

    kind: str
    value: float = 0.0
    code: str = ""


KINDS = ("count", "percent", "decimal", "millions", "year", "month", "date", "label", "labels", "text")


def check(language: str) -> str:
    if language not in LANGUAGES:
        raise LanguageError(f"language {language!r} is not one of {', '.join(LANGUAGES)}")
    return language


def show(display: Display, language: str) -> str:
    """The text of ``display`` in ``language``."""
    check(language)
    kind = display.kind
    if kind == "count":
        return group(round(display.value), language)
    if kind == "percent":
        whole = str(round(display.value * 100))
        return whole + ("%" if language == "en" else _NBSP + "%")
    if kind == "decimal":
        return decimal(display.value, language)
    if kind == "millions":
        return decimal(display.value / 1e6, language) + " million"
    if kind == "year":
        return str(round(display.value))
    if kind == "month":
        year, month = (int(part) for part in display.code.split("-"))
        return f"{MONTHS[language][month - 1]} {year}"
    if kind == "date":
        return date(dt.date.fromisoformat(display.code), language)
    if kind == "label":
        return label(display.code, language)
    if kind == "labels":
        names = [label(code, language) for code in display.code.split(",")]
        return names[0] if len(names) == 1 else \
            ", ".join(names[:-1]) + f" {AND[language]} " + names[-1]
    if kind == "text":
        return display.code
    raise LanguageError(f"display kind {kind!r} is not one of {', '.join(KINDS)}")


def group(number: int, language: str) -> str:
    """A whole number with its thousands grouped: 14,477 in English, 14 477 in French."""
    text = f"{number:,}"
    return text if language == "en" else text.replace(",", _THIN)


def decimal(value: float, language: str, places: int = 1) -> str:
    text = f"{value:,.{places}f}"
    if language == "en":
        return text
    return text.replace(",", _THIN).replace(".", ",")


def date(day: dt.date, language: str) -> str:
    """30 November 2015; 30 novembre 2015 (1er for the first day, as French writes it)."""
    check(language)
    number = "1er" if language == "fr" and day.day == 1 else str(day.day)
    return f"{number} {MONTHS[language][day.month - 1]} {day.year}"


@functools.lru_cache(maxsize=None)
def catalogue(language: str, folder: Path = LABELS) -> dict[str, Any]:
    """The label catalogue of ``language``: nested keys flattened to dotted ones."""
    path = Path(folder) / f"{check(language)}.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise LanguageError(f"{paths.display(path)}: cannot read the label catalogue ({error})") from None
    flat: dict[str, Any] = {}

    def walk(prefix: str, node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(f"{prefix}.{key}" if prefix else str(key), value)
        else:
            flat[prefix] = node
    walk("", data)
    return flat


def label(key: str, language: str, **fields: Any) -> str:
    """The catalogue text for ``key`` in ``language``, with ``{field}`` placeholders filled."""
    labels = catalogue(language)
    if key not in labels:
        raise LanguageError(f"paper/labels/{language}.yml has no label {key!r}: add it "
                            f"(every key of one catalogue must be in the other)")
    text = str(labels[key])
    return text.format(**fields) if fields else text
