"""Numbers are never typed by hand: fail when the prose holds a number the data hold, unbound.

A figure typed into the manuscript drifts the day its table is rebuilt; a figure written
``{{< var key >}}`` cannot. ``python -m pipeline guard paper/index.qmd`` (run by ``make paper``
before rendering, and by the tests) finds every number in the prose and fails on each one the
data hold that is not bound, naming the key figure to bind it to.

The rule
--------
**Prose** is what the reader sees, as pandoc reads it (:mod:`pipeline.paper.manuscript`, the
one reader of the manuscript): the body text, headings, table cells, captions, image alt text
(``fig-alt``, ``alt``), a callout's title, footnotes, the text of a citation around its key
(``[of the victims counted by @key]``), and the title block: the front matter's and each
profile's (``_quarto-<profile>.yml``) ``title``, ``subtitle``, ``abstract``, ``abstract-title``,
``toc-title``, authors and affiliations. Not prose: the rest of the metadata, code blocks and
inline code (what pandoc reads as code: an unclosed backtick is a backtick in the prose), raw
HTML and comments, ``{{< ... >}}`` shortcodes, citation keys with the locator after them
(``@key``, ``@key, p. 3``, ``@key, 1022``) and cross-references (``@fig-x``), link and image
targets, autolinks, bare URLs and e-mail addresses, attributes (except those above), list and
footnote markers. A number written in words ("five themes") is no number.

The files the manuscript pulls in with ``{{< include >}}`` (at any depth) are read as its own
text. The generated annexes (``_generated/``, written into each edition's staged project and read
there, ``--generated``) hold numbers the pipeline writes from the data; what is typed by hand in
them comes from the label catalogues and the facts tables, which are checked at their source:
the label catalogue of the document's language (``paper/labels/<lang>.yml``), and every text
cell of ``sources/facts/`` that an annex prints (found in the annexes as the reader sees them).
A catalogue's or a fact's small numbers are codes (a tier, an article, a domain, a convention's
number), and its sentences are not checked against the tables: there, a number fails only if
it is of ten or more and a key figure holds it.

**A number** is a run of digits with group or decimal separators ("14 477", "5.000", "1,022",
"3.4"), with what follows it: a percent sign or "per cent" (a percentage), or "thousand",
"million", "billion", "bn", "mn" (a scale: "3.4 million" is 3,400,000). Its value is read by
:func:`pipeline.numbers.parse_number` (so "5.000" and "1,022" are thousands).

**Allowed**, whatever the data hold:

* years: four digits from 1945 to 2035 standing alone ("2015", "2010-2012", "the 1990s"), and
  the short end of a year range ("2015-16");
* dates: "3-4 December 2015", "27th of November 2014", "December 3, 2015", "19.6.2012",
  "13/10/2015", "2015-10-13", and in French "1er janvier", "11 et 12 novembre 2015";
* references: numbers after Art./Article, Section, §, Paragraph, Chapter, Footnote, Note,
  p./pp., Page, Annex, Appendix, Part, Vol., No., Resolution, Recommendation, Principle, Rule,
  Goal, Target, Indicator, Figure, Table, Box, Session, Theme, Pillar, Item, Point, Step,
  Priority, Tier (in French too: paragraphe, chapitre, catégorie, pilier, thème, annexe, n°),
  including lists and ranges ("Article 3(a)", "Articles 5 and 6", "pp. 81-86", "art. 16 et
  19", and in a citation's locator "Art. 12-14, 16, 18-20 and 27");
* identifiers: a number in a word with a slash ("Directive 2011/36/EU", "A/RES/55/25"),
  glued to a letter on its left ("G7", "EU-28") or to a capital on its right ("the 3P
  index"), hyphenated to a capitalised word ("the 10-Point Plan"), or in a Commission document number
  ("COM(2015) 285") or an Official Journal reference ("OJ L 101");
* ages: "aged 15", "aged 15-17", "under the age of 18", "18 years of age", "18 years or over",
  and "under 18" / "over 18" (the legal age of childhood; any other "under N" may be a count);
* ordinals: "4th", "1st", "1er".

The words of dates and references (months, reference words, the words joining a list or a
range, ordinal endings) are those of every language's locale record (``guard:`` and ``dates:``
in ``paper/locales/<lang>.yml``), so that a new language brings its own; ages are read in
English only.

**Every other number is a violation if the data hold it**, that is if either

1. it matches a key figure in ``paper/_variables.provenance.json``: its kind agrees (a
   percentage only matches a percentage key figure, whose value is a share, compared in per
   cent), and it equals the key figure's display text, or the key figure's value lies within
   half a unit of the number's last written digit ("49%" matches 0.494, "3.4 million" matches
   3,412,345). A whole number of three or more digits ending in zeros is read as rounded at its
   last non-zero digit, as prose rounds: "5.000" matches anything from 4,500 to 5,500 (that is how
   the concept note rounded IOM's 5,246); or
2. it is a plain whole number of 10 or more (no percent, no scale) equal to a cell of a numeric
   column of a tidy table ``build/data/*.csv``. Columns that say where a row is rather than
   what was measured (``year``, ``month``, ``excel_row``, ``source_row``, ``page``,
   ``page_index``, ``page_label``) are left out. Numbers below 10 are checked against the key
   figures only: the tables hold every small count, so the test would say nothing about them.

In practice the tables hold almost every whole number from 10 to 999 (and one in ten of the
four-digit ones), so any such number typed in digits fails: compute it as a key figure and bind
it, or, if it is not a figure from the data ("the 28 Member States"), write it in words. A
number the data do not hold is allowed: the paper must be able to quote what a cited document
says (the concept note's "53%", Eurostat's "14 477", checked against their PDFs by
``pipeline.analysis.claims``), which no ``{{< var >}}`` holds; the stricter rule "every digit outside
the allowed classes fails" would forbid that. Known gap: a year is always allowed, even where
it is a finding ("the peak year was 2016"); bind such years by hand
(``{{< var frontex.rabat_routes.peak_year >}}``).
"""
from __future__ import annotations

import argparse
import csv
import functools
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from pipeline import language, paths
from pipeline.analysis import variables
from pipeline.analysis.variables import KeyFigure
from pipeline.numbers import NumberFormatError, parse_number
from pipeline.paper import manuscript
from pipeline.paper.manuscript import Place, Text

NOT_MEASURES = frozenset({"year", "month", "excel_row", "source_row", "page", "page_index",
                          "page_label"})
SMALLEST_CHECKED_IN_TABLES = 10
YEARS = range(1945, 2036)
SUGGESTIONS = 3

_SPACE = "[ \u00a0\u202f\u2009]"

# --- What is not prose --------------------------------------------------------------------

#: The kinds of the texts made of strings typed outside the manuscript (labels, facts cells).
TYPED = ("label ", "column ")
#: Marks of the reader's texts that are not words (pipeline.paper.manuscript.Mark).
NOT_WORDS = ("shortcode", "citation", "crossref", "code", "raw", "uri")
# What pandoc reads as a citation's locator: ", p. 3", ", pp. 81-86", ", 1022", ", chap. ii".
# An article's number may carry its paragraph and subparagraph ("Art. 6(1)(c)"); several are
# listed with commas and "and" ("Art. 12-14, 16, 18-20 and 27"; in French "et").
_LOCATOR_NUMBER = (r"(?:\d+|[ivxlcdm]+)(?:\([a-z0-9]+\))*"
                   r"(?:\s*[-–]\s*(?:\d+|[ivxlcdm]+)(?:\([a-z0-9]+\))*)?")
_LOCATOR_WORD = (r"(?i:pp?|pages?|chap|chapters?|ch|sec|sections?|para|paragraphs?|vol|volumes?|nos?"
                 r"|fig|figures?|tables?|art|articles?)\.?\s*")
_NOT_PROSE = [re.compile(pattern) for pattern in (
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+",  # e-mail addresses
    r"\b(?:https?|ftp|file)://[^\s<>\"')\]]+|\bwww\.[^\s<>\"')\]]+",  # bare URLs
)]

# --- Numbers and the classes allowed --------------------------------------------------------

_SCALES = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9}
_REF_NUMBER = r"\d+(?:\.\d+)*(?:\([a-z0-9]+\))*(?!\d|\s?%|\s+per\s?cent|\s+percent|[.,]\d)"
_IDENTIFIER = re.compile(
    r"\S*/\S*"  # a word with a slash: 2011/36/EU, A/RES/55/25
    r"|[A-Za-z]-?\d+"  # glued to a letter on its left: G7, EU-28, sha256
    r"|\b\d+[A-Z]\b"  # a name glued to a capital on its right: the 3P index
    r"|\b\d+-[A-Z][a-z]+"  # a number hyphenated to a capitalised word: the 10-Point Plan
    r"|\b(?:COM|SEC|SWD|JOIN|C)\s?\(\d{4}\)\s?\d+|\bOJ\s+[LC]\s+\d+")


def _any(words, cased: bool = False) -> str:
    """One regex alternative of ``words`` (longest first), case-insensitive unless ``cased``."""
    listed = "|".join(re.escape(word) for word in sorted(set(words), key=lambda w: (-len(w), w)))
    return f"(?:{listed})" if cased else f"(?i:{listed})"


@functools.lru_cache(maxsize=None)
def _patterns(folder: Path, codes: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern, dict[str, re.Pattern]]:
    """The number, the locator and the allowed classes, with the words of every locale record
    (of ``codes``, in ``folder``): a reference word of any language ("Art.", "art.",
    "paragraphe"), its months, its ordinals."""
    locales = [language.locale(code) for code in codes]
    words = lambda name: [word for locale in locales for word in getattr(locale, name)]  # noqa: E731
    join = _any(words("joining_words"))
    ordinal = _any(words("ordinals"))
    months = [month.rstrip(".") for locale in locales for month in (*locale.months, *locale.months_short)]
    month = rf"{_any(months + words('months_also'))}\b\.?"
    day = rf"(?:[12]\d|3[01]|0?[1-9]){ordinal}?"
    of = rf"(?:{_any(words('day_of'))}\s+)?" if words("day_of") else ""
    ref_word = f"(?:{_any(words('reference_words'))}|{_any(words('reference_words_cased'), cased=True)})"
    age = rf"\d{{1,3}}(?!\d)(?:\s*(?:-|–|\b{join}\b)\s*\d{{1,3}}(?!\d))?"
    number = re.compile(
        rf"(?<!\d)(?<!\d[.,'])(?P<number>\d{{1,3}}(?:{_SPACE}\d{{3}})+(?!\d)|\d+(?:[.,']\d+)*)"
        rf"(?:(?P<ordinal>{ordinal})\b|s\b"  # "4th", "1er"; "1990s"
        r"|(?P<percent>\s?%|\s(?:per\s?cent|percent)\b)"
        r"|\s?(?P<scale>thousand|million|billion|bn|mn)\b)?")
    locator = re.compile(
        rf"(?:,\s*(?:{_LOCATOR_WORD})?|\s*{_LOCATOR_WORD})"
        rf"{_LOCATOR_NUMBER}(?:\s*(?:,|\b{join}\b)\s*{_LOCATOR_NUMBER})*"
        r"(?![\w%]|[.,]\d|\s?%|\s+per\s?cent)")
    allowed = {
        "reference": re.compile(
            rf"(?<!\w){ref_word}(?!\w)\s*{_REF_NUMBER}"
            rf"(?:\s*(?:,|-|–|—|&|\b{join}\b)\s*{_REF_NUMBER})*"),
        "date": re.compile(
            rf"(?<![\d.,]){day}(?:\s*(?:-|–|—|\b{join}\b)\s*{day})?\s+{of}{month}"
            r"(?:,?\s+\d{4})?"
            rf"|\b{month}\s+{day}(?!\d)(?:\s*[-–]\s*{day})?(?:,?\s+\d{{4}})?"
            r"|\b\d{1,2}([./])\d{1,2}\1\d{2,4}\b|\b\d{4}-\d{2}(?:-\d{2})?\b"),
        # Ages are written the English way only ("aged 15-17", "under the age of 18").
        "age": re.compile(
            rf"(?i:\baged?\s+(?:of\s+|under\s+|over\s+|between\s+)?{age}"
            rf"|\b(?:under|below|over|above)\s+the\s+age\s+of\s+{age}"
            rf"|\b{age}[\s-]+years?[\s-]+(?:old|of\s+age|or\s+(?:over|older|more|younger|under))"
            r"|\b(?:under|over)[\s-]18s?\b)(?!\s?%|[.,]\d)"),
        "year": re.compile(r"\b(?:19|20)\d\d\s*[-–—]\s*\d\d(?!\d)"),
        "identifier": _IDENTIFIER,
    }
    return number, locator, allowed


@dataclass(frozen=True)
class Number:
    """A number in the prose: where it is, what it says, and the class that allows it."""

    start: int
    text: str
    value: float | None  # None: digits that are no parsable number ("1.2.3")
    tolerance: float  # half a unit of the last written digit, or of a round number's rounding
    percent: bool
    plain: bool  # a whole number written out in full: no percent, scale or decimals
    allowed: str | None  # "year", "date", "reference", "identifier", "age", "ordinal" or None


@dataclass(frozen=True)
class Violation:
    """A number the data hold, typed by hand: where, what, and what to bind it to."""

    place: Place
    text: str
    sentence: str
    keys: tuple[KeyFigure, ...]
    columns: tuple[str, ...]
    what: str = ""  # for a string typed outside the manuscript: "label annex.partners.intro"

    @property
    def path(self) -> str:
        return paths.display(self.place.file)

    @property
    def line(self) -> int:
        return self.place.line

    @property
    def column(self) -> int:
        return self.place.column

    def __str__(self) -> str:
        if self.keys:
            binds = " or ".join(f"{{{{< var {k.key} >}}}} ({k.text})" for k in self.keys)
            remedy = f"the key figures hold it: bind it with {binds}"
        else:
            remedy = (f"the tidy tables hold it ({', '.join(self.columns)}): compute it as a key "
                      "figure in notebooks/10-key-figures.ipynb and bind it, or, if it is not a "
                      "figure from the data, write it in words")
        where = f"{self.place} ({self.what})" if self.what else str(self.place)
        return f'{where}: "{self.text}" is typed by hand; {remedy}\n    {self.sentence}'


@dataclass(frozen=True)
class Scan:
    """What the guard found in a manuscript."""

    numbers: list[Number]  # every number in the prose, classified
    bound: int  # {{< var >}} shortcodes in the prose that show a number
    violations: list[Violation]


def check(texts: Iterable[Text], figures: dict[str, KeyFigure],
          table_values: dict[float, set[str]]) -> Scan:
    """Find the numbers in ``texts`` (what the reader sees) and those the data hold, unbound."""
    numbers, violations, bound = [], [], 0
    number_pattern, locator, allowed = _patterns(language.LOCALES, language.languages())
    for text in texts:
        masked = _mask(text, locator)
        spans = [(kind, m.start(), m.end()) for kind, pattern in allowed.items()
                 for m in pattern.finditer(masked)]
        for match in number_pattern.finditer(masked):
            start, end = match.span("number")
            inside = next((kind for kind, s, e in spans if s <= start and end <= e), None)
            number = _number(match, inside)
            numbers.append(number)
            if number.allowed or number.value is None:
                continue
            typed = text.kind.startswith(TYPED)
            if typed and number.value < SMALLEST_CHECKED_IN_TABLES:
                continue  # a tier, an article, a domain: a catalogue's or a fact's small numbers are codes
            keys_held = _matching_figures(number, figures.values())
            columns = ()
            if not typed and not keys_held and number.plain and number.value >= SMALLEST_CHECKED_IN_TABLES:
                columns = tuple(sorted(table_values.get(number.value, ())))[:SUGGESTIONS]
            if keys_held or columns:
                what = text.kind if typed else ""
                violations.append(Violation(text.place(number.start), number.text,
                                            sentence(text.text, number.start), keys_held, columns, what))
        bound += sum(mark.name == "var" and mark.argument in figures
                     and _numeric(figures[mark.argument]) is not None for mark in text.marked("shortcode"))
    return Scan(numbers, bound, violations)


def scan(text: str, path: str, figures: dict[str, KeyFigure],
         table_values: dict[float, set[str]]) -> Scan:
    """Find the numbers in the prose of the manuscript ``text`` (the source of ``path``)."""
    return check(manuscript.parse(text, Path(path)).texts, figures, table_values)


# --- Inputs -------------------------------------------------------------------------------------


def load_table_values(data: Path) -> dict[float, set[str]]:
    """Every value of a numeric measure column of ``data/*.csv`` -> the ``table.column`` holding it.

    The tables are written by the pipeline in canonical form ("1022", "0.125"), so ``float``
    reads them; :func:`pipeline.numbers.parse_number` is for numbers as sources and prose write
    them (where "1.022" may mean 1022).
    """
    values: dict[float, set[str]] = {}
    for table in sorted(Path(data).glob("*.csv")):
        with table.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        for column in (rows[0] if rows else {}):
            if column in NOT_MEASURES:
                continue
            cells = [row[column] for row in rows if row[column] not in ("", None)]
            numeric = _floats(cells)
            for value in numeric or ():
                values.setdefault(value, set()).add(f"{table.stem}.{column}")
    return values


# --- Command line -------------------------------------------------------------------------------


def main(argv: list[str]) -> int:
    """``python -m pipeline guard [QMD] [--variables JSON] [--data DIR] [--generated DIR]``: 1 on
    violations.

    The manuscript, the files it includes (``{{< include >}}``, at any depth) and its project's
    metadata files are read as the reader sees them. With ``--generated`` (the ``_generated``
    folder of a staged project, after the annexes were written), the annexes are read there; with
    ``--strings`` too, the hand-typed strings they and the figures print are checked at their
    source: the label catalogue of the manuscript's language and the facts cells the annexes
    print. (The technical note's annexes print the facts and the registry as records for
    review, with the documents' own numbers: a law's, a treaty's.)
    """
    parser = argparse.ArgumentParser(prog="python -m pipeline guard",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("qmd", nargs="?", type=Path, default=paths.PAPER / "index.qmd")
    parser.add_argument("--variables", type=Path, default=paths.EDITIONS / "meeting" / "keyfigures.json",
                        help="key figures with their values: an edition's, or the records beside "
                             "a staged _variables.yml (default: %(default)s)")
    parser.add_argument("--data", type=Path, default=paths.DATA,
                        help="folder of tidy tables (default: %(default)s)")
    parser.add_argument("--generated", type=Path,
                        help="the _generated folder of the staged project: read its annexes there")
    parser.add_argument("--strings", action="store_true",
                        help="with --generated: also check the label catalogue of the manuscript's "
                             "language and the facts cells the annexes print (the reader's paper)")
    args = parser.parse_args(argv)
    for needed, remedy in ((args.qmd, "the manuscript to check"),
                           (args.variables, "written by the key-figures notebook: run "
                                            "`make build/editions/meeting/keyfigures.json`"),
                           (args.data, "the tidy tables: run `make data`")):
        if not needed.exists():
            print(f"error: guard needs {paths.display(needed)} ({remedy})", file=sys.stderr)
            return 2
    read = manuscript.read(args.qmd, generated=args.generated)
    for item in read.includes:
        if item.missing or (args.generated and item.generated and not item.path.is_file()):
            print(f"error: {item.place}: {paths.display(item.by)} includes {item.target}, but {item} does "
                  "not exist: " + ("the render writes it; stage the project first" if item.generated
                                   else "write it, or remove the {{< include >}}"), file=sys.stderr)
            return 2
    generated = {document.file for document in read.documents[1:]
                 if any(item.generated and item.path == document.file for item in read.includes)}
    written = [text for document in (*read.project, *read.documents) if document.file not in generated
               for text in document.texts]
    annexes = [text for document in read.documents if document.file in generated for text in document.texts]
    typed = _typed(read, annexes) if args.strings else []
    figures = variables.read(args.variables)
    table_values = load_table_values(args.data)
    found = check(written + typed, figures, table_values)
    included = len(read.documents) - 1 - len(generated)
    configured = [paths.display(document.file) for document in read.project if document.texts]
    where = paths.display(args.qmd) + (f" and the {included} file(s) it includes" if included else "") \
        + (f" and {', '.join(configured)}" if configured else "")
    files = 1 + included + len(configured)
    for violation in found.violations:
        print(violation)
    total = found.bound + len(found.numbers)
    if found.violations:
        print(f"guard: {len(found.violations)} of the {total} numbers in the prose of "
              f"{where} are typed by hand and held by the data: bind them")
        return 1
    allowed = sum(1 for n in found.numbers if n.allowed)
    in_prose = "in the prose" if files == 1 and not typed else f"in the prose of {where}"
    print(f"guard: {total} numbers {in_prose}, all bound or allowed ({found.bound} bound, "
          f"{allowed} years, dates, references, identifiers, ages or ordinals, "
          f"{len(found.numbers) - allowed} not held by the data)")
    if typed:
        print(f"  with the {len(typed)} label and facts strings the annexes and figures print")
    listed = [item.target for item in read.includes if item.generated]
    if listed:
        how = "read, their numbers written from the data" if annexes else "not read, written at the render"
        print(f"  generated annexes ({how}): {', '.join(listed)}")
    return 0


# --- Hand-typed strings the pipeline prints -----------------------------------------------------


def _typed(read: manuscript.Manuscript, annexes: list[Text]) -> list[Text]:
    """The strings typed by hand that reach the reader through the annexes and figures, as texts
    placed at their source: the label catalogue of the manuscript's language, and each facts cell
    (with a digit) that an annex prints."""
    from pipeline.sources import facts

    lang = language.of(read.documents[0].metadata.get("lang")
                       or next((p.metadata["lang"] for p in read.project if "lang" in p.metadata), None))
    texts = [_string(entry.text, Place(entry.file, entry.line, entry.column), f"label {entry.key}")
             for entry in language.entries(lang)]
    printed = _folded(" ".join(text.text for text in annexes))
    for cell in facts.text_cells():
        if any(char.isdigit() for char in cell.text) and _folded(cell.text) in printed:
            texts.append(_string(cell.text, Place(cell.file, cell.line, cell.column_number), f"column {cell.column}"))
    return texts


def _string(text: str, place: Place, what: str) -> Text:
    return Text(what, text, (), ((0, place),), file=place.file)


def _folded(text: str) -> str:
    """Text as written and as pandoc reads it, made comparable: quotes, dashes, spaces, emphasis."""
    for written, read in (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'), ("–", "-"), ("—", "-"),
                          ("\u00a0", " "), ("\u202f", " "), ("*", ""), ("\\", "")):
        text = text.replace(written, read)
    return " ".join(text.split())


# --- Helpers ------------------------------------------------------------------------------------


def _mask(text: Text, locator: re.Pattern) -> str:
    """The words of ``text``: what is not (see the module docstring) blanked."""
    chars = list(text.text)
    for mark in text.marked(*NOT_WORDS):
        end = mark.end
        if mark.kind in ("citation", "crossref"):
            found = locator.match(text.text, end)
            end = found.end() if found else end
        _blank(chars, mark.start, end)
    for pattern in _NOT_PROSE:
        for match in pattern.finditer("".join(chars)):
            _blank(chars, *match.span())
    return "".join(chars)


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _number(match: re.Match, inside: str | None) -> Number:
    digits_text = match["number"]
    scale = _SCALES.get((match["scale"] or "").lower(), 1.0)
    percent = bool(match["percent"])
    value, tolerance = _value(digits_text, scale)
    if inside:
        allowed = inside
    elif match["ordinal"]:
        allowed = "ordinal"
    elif (re.fullmatch(r"\d{4}", digits_text) and int(digits_text) in YEARS
          and not percent and not match["scale"]):
        allowed = "year"
    else:
        allowed = None
    plain = not percent and scale == 1 and value is not None and value == int(value)
    return Number(match.start(), match[0].strip(), value, tolerance, percent, plain, allowed)


def _value(text: str, scale: float) -> tuple[float | None, float]:
    """The value of a number as prose writes it, and half a unit of its precision."""
    try:
        parsed = parse_number(text)
    except NumberFormatError:
        return None, 0.0
    digits = re.sub(r"\D", "", text)
    places = next(p for p in range(len(digits) + 1)
                  if math.isclose(int(digits) / 10 ** p, parsed.value, abs_tol=1e-12))
    rounded_at = 0
    if places == 0 and len(digits) >= 3:
        rounded_at = len(digits) - len(digits.rstrip("0"))
    return parsed.value * scale, 0.5 * 10.0 ** (rounded_at - places) * scale


def _numeric(figure: KeyFigure) -> tuple[float, float, bool] | None:
    """A key figure as the prose could write it: exact value, shown value, percentage?

    A percentage key figure's value is a share (pipeline.analysis.variables.percent): compared in per cent.
    """
    try:
        shown = parse_number(figure.text)
    except NumberFormatError:
        return None
    if shown.value is None:
        return None
    exact = figure.value * 100 if shown.percent else figure.value
    return exact, shown.value, shown.percent


def _matching_figures(number: Number, figures) -> tuple[KeyFigure, ...]:
    matches = []
    for figure in figures:
        numeric = _numeric(figure)
        if numeric is None or numeric[2] != number.percent:
            continue
        exact, shown, _ = numeric
        distance = abs(number.value - exact)
        if distance <= number.tolerance * (1 + 1e-9) or number.value == shown:
            matches.append((distance, figure.key, figure))
    return tuple(figure for _, _, figure in sorted(matches, key=lambda m: m[:2])[:SUGGESTIONS])


def _floats(cells: list[str]) -> list[float] | None:
    """The cells as numbers, or None when the column is not numeric (names, dates, flags)."""
    try:
        values = [float(cell) for cell in cells]
    except ValueError:
        return None
    return [v for v in values if not math.isnan(v)]


def sentence(text: str, offset: int, width: int = 240) -> str:
    """The sentence of ``text`` (a paragraph, a cell) around ``offset``, on one line, for the report."""
    bounds = [0] + [m.end() for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z\"“(])", text)]
    begin = max(b for b in bounds if b <= offset)
    finish = next((b for b in bounds if b > offset), len(text))
    sentence = " ".join(text[begin:finish].split())
    if len(sentence) <= width:
        return sentence
    before = len(" ".join(text[begin:offset].split()))
    first = max(0, min(before - width // 2, len(sentence) - width))
    return (("…" if first else "") + sentence[first:first + width]
            + ("…" if first + width < len(sentence) else ""))
