"""The paper's languages: how a number, a date or a name is written in each, in one place.

A key figure is computed once, as a value; the English and the French paper print it each in
its own way ("14,477" and "14 477", "53%" and "53 %", "1.8 million" and "1,8 million",
"30 November 2015" and "30 novembre 2015"), and never as a second copy typed by hand.

Everything the code knows about a language is in its **locale record**,
``paper/locales/<code>.yml``: its number and date formats, its typography (a colon, quotation
marks), Quarto's words for it, the words the number guard, the parity check and the check of
statements read, and the names of institutions in its bibliography. Its names of countries, routes and forms of
exploitation are its **label catalogue**, ``paper/labels/<code>.yml``, which the figures use too.
This module is their one reader: no other module compares a language code (a test greps for
it), so that a new language is its record, its catalogue and its manuscript, and nothing else.
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline import paths

LOCALES = paths.LOCALES
LABELS = paths.LABELS
#: The language of a document that names none (Quarto's default).
DEFAULT = "en"


class LanguageError(ValueError):
    """A language, label or display kind the paper does not know."""


@dataclass(frozen=True)
class Locale:
    """One language's locale record (``paper/locales/<code>.yml``), as the code uses it."""

    code: str
    name: str  # as the technical note names it: "French"
    lang: str  # Quarto's lang: "en-GB"
    group: str
    decimal_mark: str
    percent: str
    million: str
    months: tuple[str, ...]
    months_short: tuple[str, ...]
    first_day: str
    day_format: str  # "{day} {month} {year}"
    month_format: str  # "{month} {year}"
    and_word: str
    articles: tuple[str, ...]  # left out of a name when a list is sorted
    colon: str
    quotes: dict[str, tuple[str, str]]  # "double" / "single" -> (opening, closing)
    typography: Typography  # what the renderer and the figures set that no writer types
    quarto: dict[str, str]  # Quarto's language words (crossref-fig-title, ...)
    reference_words: tuple[str, ...]
    reference_words_cased: tuple[str, ...]
    joining_words: tuple[str, ...]
    ordinals: tuple[str, ...]
    day_of: tuple[str, ...]
    months_also: tuple[str, ...]
    function_words: frozenset[str]
    statement_words: tuple[str, ...]  # words that characterise data (pipeline/paper/statement_guard.py)
    statement_exceptions: tuple[str, ...]  # phrases with one of them that characterise nothing
    names: dict[str, str]  # institutions and places of the bibliography: registry name -> this language's

    @property
    def file(self) -> Path:
        return LOCALES / f"{self.code}.yml"

    def month(self, year: int, month: int) -> str:
        """October 2015; octobre 2015."""
        return self.month_format.format(month=self.months[month - 1], year=year)

    def date(self, day: dt.date) -> str:
        """30 November 2015; 1er décembre 2015."""
        number = self.first_day if day.day == 1 else str(day.day)
        return self.day_format.format(day=number, month=self.months[day.month - 1], year=day.year)

    def filter_metadata(self, *parts: str) -> dict[str, str]:
        """What the Lua filters need of this record, as flat metadata strings (pandoc's
        ``--metadata``, Quarto's ``-M``): ``quarto`` (its words, ``locale-crossref-fig-title``),
        ``quotes`` (``locale-quote-double-open``, ...) and ``typography`` (``locale-typography-*``,
        for paper/filters/typography.lua: lists joined by "|"; none where the language sets
        nothing, and the filter then leaves the document alone)."""
        found: dict[str, str] = {}
        if "quarto" in parts:
            found.update({f"locale-{key}": word for key, word in self.quarto.items()})
        if "quotes" in parts:
            for kind, (opening, closing) in self.quotes.items():
                found[f"locale-quote-{kind}-open"], found[f"locale-quote-{kind}-close"] = opening, closing
        if "typography" in parts and self.typography.sets_anything:
            rules = self.typography
            found.update({"locale-typography-space-before": rules.space_before,
                          "locale-typography-marks": rules.marks,
                          "locale-typography-quote-space": rules.quote_space,
                          "locale-typography-no-break-space": rules.no_break_space,
                          "locale-typography-no-break-after": "|".join(rules.no_break_after),
                          "locale-typography-months": "|".join(self.months),
                          "locale-typography-first-day": self.first_day,
                          "locale-typography-and": self.and_word})
        return found

    def typeset(self, text: str) -> str:
        """``text`` (a figure's title, legend or source line) with the typography the renderer
        gives the document (paper/filters/typography.lua), so that a figure reads like the page
        around it: "Source : ONUDC" with a narrow no-break space, « <5 » kept whole on its line,
        "l’OIM" with a curly apostrophe, "15 novembre 2000" unbroken."""
        rules = self.typography
        if not rules.sets_anything:
            return text
        if rules.apostrophe:
            text = text.replace("'", rules.apostrophe)
        if rules.marks:
            marks = re.escape(rules.marks)
            text = re.sub(rf"[ \u00a0\u202f]*(?<=[^\s])(?=[{marks}](?:\s|$))|[ \u00a0]+(?=[{marks}])",
                          rules.space_before, text)
        if rules.quote_space:
            text = re.sub(r"«[ \u00a0]*", "«" + rules.quote_space, text)
            text = re.sub(r"[ \u00a0]*»", rules.quote_space + "»", text)
        if rules.no_break_space:
            months = "|".join(map(re.escape, self.months))
            day = rf"(?:1{re.escape(self.first_day[1:])}|\d{{1,2}})" if self.first_day[:1] == "1" else r"\d{1,2}"
            text = re.sub(rf"\b({day}) ({months})\b", rf"\1{rules.no_break_space}\2", text)
            text = re.sub(rf"\b({months}) (\d{{4}})\b", rf"\1{rules.no_break_space}\2", text)
            words = "|".join(map(re.escape, rules.no_break_after))
            if words:
                text = re.sub(rf"(?i)(?<![\w.])({words}) (?=\d|[A-Z]\b)", rf"\1{rules.no_break_space}", text)
        return text


@dataclass(frozen=True)
class Typography:
    """What a language's typography asks of the renderer that no writer types (the record's
    ``typography``; English asks nothing): the space before some punctuation marks and inside
    quotation marks, a no-break space inside dates and after the words that announce a number,
    a curly apostrophe in the figures."""

    space_before: str = ""
    marks: str = ""
    quote_space: str = ""
    no_break_space: str = ""
    no_break_after: tuple[str, ...] = ()
    apostrophe: str = ""

    @property
    def sets_anything(self) -> bool:
        return any((self.space_before and self.marks, self.quote_space, self.no_break_space, self.apostrophe))


def languages() -> tuple[str, ...]:
    """The codes of the languages that have a locale record."""
    return tuple(sorted(path.stem for path in LOCALES.glob("*.yml")))


def check(language: str) -> str:
    if language not in languages():
        raise LanguageError(f"language {language!r} is not one of {', '.join(languages())}: "
                            f"it has no locale record {paths.display(LOCALES / f'{language}.yml')}")
    return language


def of(tag: str | None) -> str:
    """The language of a ``lang`` tag ("en-GB" -> "en"; none: :data:`DEFAULT`, as in Quarto)."""
    return check(str(tag or DEFAULT).split("-")[0])


def locale(language: str) -> Locale:
    return _locale(LOCALES / f"{check(language)}.yml")


def locales() -> list[Locale]:
    return [locale(code) for code in languages()]


def others(language: str) -> list[Locale]:
    """The locales of every language but ``language``."""
    return [locale(code) for code in languages() if code != check(language)]


@functools.lru_cache(maxsize=None)
def _locale(path: Path) -> Locale:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        numbers, dates, guard = data["numbers"], data["dates"], data["guard"]
        return Locale(
            code=path.stem, name=data["name"], lang=data["lang"],
            group=numbers["group"], decimal_mark=numbers["decimal"], percent=numbers["percent"],
            million=numbers["million"], months=tuple(dates["months"]),
            months_short=tuple(dates["months-short"]), first_day=str(dates["first-day"]),
            day_format=dates["day"], month_format=dates["month"], and_word=data["words"]["and"],
            articles=tuple(data["words"]["articles"]),
            colon=data["typography"]["colon"],
            quotes={kind: tuple(marks) for kind, marks in data["typography"]["quotes"].items()},
            typography=Typography(
                space_before=data["typography"]["space-before"], marks=data["typography"]["marks"],
                quote_space=data["typography"]["quote-space"],
                no_break_space=data["typography"]["no-break-space"],
                no_break_after=tuple(data["typography"]["no-break-after"]),
                apostrophe=data["typography"]["apostrophe"]),
            quarto={str(key): str(word) for key, word in data["quarto"].items()},
            reference_words=tuple(guard["reference-words"]),
            reference_words_cased=tuple(guard["reference-words-cased"]),
            joining_words=tuple(guard["joining-words"]), ordinals=tuple(guard["ordinals"]),
            day_of=tuple(guard["day-of"]), months_also=tuple(guard.get("months-also") or ()),
            function_words=frozenset(data["parity"]["function-words"]),
            statement_words=tuple(data["statements"]["words"]),
            statement_exceptions=tuple(data["statements"].get("not") or ()),
            names={str(key): str(value) for key, value in (data.get("names") or {}).items()},
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as error:
        detail = f"no {error}" if isinstance(error, KeyError) else " ".join(str(error).split())
        raise LanguageError(f"{paths.display(path)}: cannot read the locale record ({detail}); "
                            "fix it (paper/locales/en.yml shows every field)") from None


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


#: The other forms of a country's name that prose may need, each a section of the label
#: catalogues keyed like ``country``: ``people.NGA`` is "Nigerians" ("Nigérians"). French writes
#: "les Nigérians" where English writes "citizens of Nigeria", and cannot put an article before
#: a bare name ("du Nigéria", "de la Gambie", "d'Érythrée") that a variable prints. A key figure
#: that names countries is written in each form too, as ``<key>_<form>``
#: (:func:`pipeline.analysis.variables.printed_texts`): the same fact, written as the sentence needs.
FORMS = ("people",)


def forms(display: Display) -> tuple[str, ...]:
    """The forms ``display`` can also be written in: a name (or names) of countries has them all."""
    codes = display.code.split(",") if display.kind in ("label", "labels") else []
    return FORMS if codes and all(code.startswith("country.") for code in codes) else ()


def _in_form(code: str, form: str) -> str:
    """The catalogue key of ``code`` (a country's) in ``form``: country.NGA -> people.NGA."""
    return f"{form}.{code.partition('.')[2]}" if form else code


def show(display: Display, language: str, form: str = "") -> str:
    """The text of ``display`` in ``language``; a country's name in one of its :data:`FORMS`."""
    if form and form not in forms(display):
        raise LanguageError(f"{display.kind} {display.code!r} has no form {form!r} "
                            f"(only names of countries have the forms {', '.join(FORMS)})")
    kind, words = display.kind, locale(language)
    if kind == "count":
        return group(round(display.value), language)
    if kind == "percent":
        return str(round(display.value * 100)) + words.percent
    if kind == "decimal":
        return decimal(display.value, language)
    if kind == "millions":
        return f"{decimal(display.value / 1e6, language)} {words.million}"
    if kind == "year":
        return str(round(display.value))
    if kind == "month":
        year, month = (int(part) for part in display.code.split("-"))
        return words.month(year, month)
    if kind == "date":
        return words.date(dt.date.fromisoformat(display.code))
    if kind == "label":
        return label(_in_form(display.code, form), language)
    if kind == "labels":
        return join([label(_in_form(code, form), language) for code in display.code.split(",")], language)
    if kind == "text":
        return display.code
    raise LanguageError(f"display kind {kind!r} is not one of {', '.join(KINDS)}")


def collation_key(name: str, language: str) -> str:
    """What a list in ``language`` sorts ``name`` by, as its dictionaries do: without its leading
    article ("la Banque mondiale" under B), accents, case, spaces, hyphens and apostrophes
    ("Guinée-Bissau" before "Guinée équatoriale", "Côte d'Ivoire" after "Congo")."""
    for article in locale(language).articles:
        if name.lower().startswith(article.lower()) and (article[-1] in "'’" or name[len(article):][:1] == " "):
            name = name[len(article):]
            break
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "".join(char for char in plain if char.isalnum())


def sort(names: list[str], language: str) -> list[str]:
    """``names`` in the alphabetical order of ``language`` (:func:`collation_key`)."""
    return sorted(names, key=lambda name: collation_key(name, language))


def join(names: list[str], language: str) -> str:
    """Names as a list in prose: "Algeria, Libya and Tunisia"."""
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + f" {locale(language).and_word} " + names[-1]


def group(number: int, language: str) -> str:
    """A whole number with its thousands grouped: 14,477 in English, 14 477 in French."""
    return f"{number:,}".replace(",", locale(language).group)


def decimal(value: float, language: str, places: int = 1) -> str:
    words = locale(language)
    return f"{value:,.{places}f}".translate(str.maketrans({",": words.group, ".": words.decimal_mark}))


def date(day: dt.date, language: str) -> str:
    """30 November 2015; 30 novembre 2015 (1er for the first day, as French writes it)."""
    return locale(language).date(day)


def catalogue(language: str) -> dict[str, Any]:
    """The label catalogue of ``language``: nested keys flattened to dotted ones."""
    return _catalogue(LABELS / f"{check(language)}.yml")


@functools.lru_cache(maxsize=None)
def _catalogue(path: Path) -> dict[str, Any]:
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


@dataclass(frozen=True)
class Entry:
    """A string of a label catalogue and where it is written."""

    key: str
    text: str
    file: Path
    line: int
    column: int


def entries(language: str) -> list[Entry]:
    """Every string of the label catalogue of ``language``, with its file, line and column."""
    path = LABELS / f"{check(language)}.yml"
    found: list[Entry] = []

    def walk(prefix: str, node: yaml.Node) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(f"{prefix}.{key.value}" if prefix else str(key.value), value)
        elif isinstance(node, yaml.ScalarNode):
            quoted = 1 if node.style in ("'", '"') else 0  # the text starts after the quote
            found.append(Entry(prefix, str(node.value), path, node.start_mark.line + 1,
                               node.start_mark.column + 1 + quoted))
    walk("", yaml.compose(path.read_text(encoding="utf-8")))
    return found


def label(key: str, language: str, **fields: Any) -> str:
    """The catalogue text for ``key`` in ``language``, with ``{field}`` placeholders filled."""
    labels = catalogue(language)
    if key not in labels:
        raise LanguageError(f"{paths.display(LABELS / f'{language}.yml')} has no label {key!r}: add it "
                            f"(every key of one catalogue must be in the other)")
    text = str(labels[key])
    return text.format(**fields) if fields else text
