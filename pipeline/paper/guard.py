"""Numbers are never typed by hand: fail when the prose holds a number the data hold, unbound.

A figure typed into the manuscript drifts the day its table is rebuilt; a figure written
``{{< var key >}}`` cannot. ``python -m pipeline guard paper/index.qmd`` (run by ``make paper``
before rendering, and by the tests) finds every number in the prose and fails on each one the
data hold that is not bound, naming the key figure to bind it to.

The rule
--------
**Prose** is the body text, headings, table cells, captions, image alt text, footnotes (inline
``^[...]`` and reference-style ``[^x]: ...``, which will hold the paper's citations), the text
of a citation around its key (``[of the victims counted by @key]``), and the front matter's
``title``, ``subtitle`` and ``abstract``. Not prose: the rest of the front
matter, fenced code and inline code, HTML comments and tags, ``{{< ... >}}`` shortcodes,
citation keys with the locator after them (``@key``, ``@key, p. 3``, ``@key, 1022``) and
cross-references (``@fig-x``), link and image
targets, bare URLs, e-mail addresses, attribute blocks ``{#id .class key=value}`` (except
the values of ``fig-alt``, ``alt``, ``title``, ``fig-cap`` and ``tbl-cap``, which are prose),
list markers and footnote markers. A number written in words ("five themes") is no number.

The files the manuscript pulls in with ``{{< include >}}`` (at any depth) are read as its own
text, except the generated annexes under ``_generated/`` (written into each edition's staged
project), whose numbers the pipeline writes from the data (:mod:`pipeline.paper.includes`).

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
  Priority, Tier (in French too: paragraphe, chapitre, catégorie, pilier, thème, annexe),
  including lists and ranges ("Article 3(a)", "Articles 5 and 6", "pp. 81-86", "art. 16 et
  19", and in a citation's locator "Art. 12-14, 16, 18-20 and 27");
* identifiers: a number in a word with a slash ("Directive 2011/36/EU", "A/RES/55/25"),
  glued to a letter on its left ("G7", "EU-28") or to a capital on its right ("the 3P
  index"), hyphenated to a capitalised word ("the 10-Point Plan"), or in a Commission document number
  ("COM(2015) 285") or an Official Journal reference ("OJ L 101");
* ages: "aged 15", "aged 15-17", "under the age of 18", "18 years of age", "18 years or over",
  and "under 18" / "over 18" (the legal age of childhood; any other "under N" may be a count);
* ordinals: "4th", "1st".

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
(``{{< var iom.routes.peak_year >}}``).
"""
from __future__ import annotations

import argparse
import csv
import math
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from pipeline import paths
from pipeline.analysis import variables
from pipeline.analysis.variables import KeyFigure
from pipeline.numbers import NumberFormatError, parse_number
from pipeline.paper import includes

PROSE_FIELDS = ("title", "subtitle", "abstract")
PROSE_ATTRIBUTES = ("fig-alt", "alt", "title", "fig-cap", "tbl-cap")
NOT_MEASURES = frozenset({"year", "month", "excel_row", "source_row", "page", "page_index",
                          "page_label"})
SMALLEST_CHECKED_IN_TABLES = 10
YEARS = range(1945, 2036)
SUGGESTIONS = 3

_SPACE = "[ \u00a0\u202f\u2009]"

# --- What is not prose --------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n.*?\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_FRONT_KEY = re.compile(r"([A-Za-z_][\w-]*):[ \t]*(?:[|>][+-]?[ \t]*$)?")
_SHORTCODE = re.compile(r"\{\{[<%].*?[>%]\}\}", re.S)
_VAR = re.compile(r"\{\{<\s*var\s+([\w.-]+)\s*>\}\}")
# What pandoc reads as a citation's locator: ", p. 3", ", pp. 81-86", ", 1022", ", chap. ii".
# An article's number may carry its paragraph and subparagraph ("Art. 6(1)(c)"); several are
# listed with commas and "and" ("Art. 12-14, 16, 18-20 and 27"; in French "et").
_LOCATOR_NUMBER = (r"(?:\d+|[ivxlcdm]+)(?:\([a-z0-9]+\))*"
                   r"(?:\s*[-–]\s*(?:\d+|[ivxlcdm]+)(?:\([a-z0-9]+\))*)?")
_LOCATOR = (r"(?:,\s*(?:(?i:pp?|pages?|chap|chapters?|ch|sec|sections?|para|paragraphs?|vol"
            r"|volumes?|nos?|fig|figures?|tables?|art|articles?)\.?\s*)?"
            rf"{_LOCATOR_NUMBER}(?:\s*(?:,|\b(?:and|et)\b)\s*{_LOCATOR_NUMBER})*"
            r"(?![\w%]|[.,]\d|\s?%|\s+per\s?cent))?")
# re.compile hands a compiled pattern back as it is, so _mask can tell the shortcodes' pass.
_NOT_PROSE = includes.CODE_AND_COMMENTS + [re.compile(pattern, flags) for pattern, flags in (
    (_SHORTCODE, 0),  # after code and comments, so that only shortcodes in the prose count
    (r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", 0),  # e-mail addresses
    (r"(?<![\w.@])@\w[\w:.#$%&+?<>~/-]*" + _LOCATOR, 0),  # @key, @key, p. 3, @fig-x
    (r"(?<=\])\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\)", 0),  # link targets
    (r"^ {0,3}\[(?!\^)[^\]]+\]:[ \t]+\S.*$", re.M),  # reference link definitions, not footnotes
    (r"\b(?:https?|ftp|file)://[^\s<>\"')\]]+|\bwww\.[^\s<>\"')\]]+", 0),
    (r"</?[A-Za-z][^>\n]*>", 0),  # HTML tags (and autolinks)
    (r"&#?\w+;", 0),  # HTML entities
    (r"\[\^[^\]\s]+\]:?", 0),  # footnote markers
)]
_ATTRIBUTES = re.compile(r"\{([^{}]*)\}")
_PROSE_ATTRIBUTE = re.compile(
    rf"(?:^|\s)(?:{'|'.join(PROSE_ATTRIBUTES)})=(?:\"([^\"]*)\"|'([^']*)')")
_LIST_MARKER = re.compile(r"^[ \t]*(?:[-*+][ \t]+)?\(?\d+[.)](?=[ \t])")

# --- Numbers and the classes allowed --------------------------------------------------------

_NUMBER = re.compile(
    rf"(?<!\d)(?<!\d[.,'])(?P<number>\d{{1,3}}(?:{_SPACE}\d{{3}})+(?!\d)|\d+(?:[.,']\d+)*)"
    r"(?:(?P<ordinal>st|nd|rd|th)\b|s\b"  # "4th"; "1990s"
    r"|(?P<percent>\s?%|\s(?:per\s?cent|percent)\b)"
    r"|\s?(?P<scale>thousand|million|billion|bn|mn)\b)?"
)
_SCALES = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9}

_REF_NUMBER = r"\d+(?:\.\d+)*(?:\([a-z0-9]+\))*(?!\d|\s?%|\s+per\s?cent|\s+percent|[.,]\d)"
_REF_WORD = (
    r"(?:(?i:(?:art|sec|para|ch|fig|tab|vol)\.|pp?\.|§§?|articles?|sections?|paragraphs?"
    r"|chapters?|footnotes?|notes?|pages?|annex(?:es?)?|appendix|appendices|parts?|volumes?"
    r"|resolutions?|recommendations?|principles?|rules?|goals?|targets?|indicators?|figures?"
    r"|tables?|box(?:es)?|sessions?|themes?|pillars?|items?|points?|steps?|priorit(?:y|ies)"
    r"|tiers?|paragraphes?|chapitres?|catégories?|piliers?|thèmes?|sessions?)"
    r"|Nos?\.?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th|er)?"  # "1er" in French
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November"
          r"|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec"
          r"|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre)\b\.?")
_AGE = r"\d{1,3}(?!\d)(?:\s*(?:-|–|to|and|à|et)\s*\d{1,3}(?!\d))?"
_ALLOWED_SPANS = {
    "reference": re.compile(
        rf"(?<!\w){_REF_WORD}(?!\w)\s*{_REF_NUMBER}"
        rf"(?:\s*(?:,|-|–|—|&|\b(?:and|or|to|et|ou|à)\b)\s*{_REF_NUMBER})*"),
    "date": re.compile(
        rf"(?<![\d.,]){_DAY}(?:\s*(?:-|–|—|to|and|au|et)\s*{_DAY})?\s+(?:of\s+)?{_MONTH}"
        r"(?:,?\s+\d{4})?"
        rf"|\b{_MONTH}\s+{_DAY}(?!\d)(?:\s*[-–]\s*{_DAY})?(?:,?\s+\d{{4}})?"
        r"|\b\d{1,2}([./])\d{1,2}\1\d{2,4}\b|\b\d{4}-\d{2}(?:-\d{2})?\b"),
    "age": re.compile(
        rf"(?i:\baged?\s+(?:of\s+|under\s+|over\s+|between\s+)?{_AGE}"
        rf"|\b(?:under|below|over|above)\s+the\s+age\s+of\s+{_AGE}"
        rf"|\b{_AGE}[\s-]+years?[\s-]+(?:old|of\s+age|or\s+(?:over|older|more|younger|under))"
        r"|\b(?:under|over)[\s-]18s?\b)(?!\s?%|[.,]\d)"),
    "year": re.compile(r"\b(?:19|20)\d\d\s*[-–—]\s*\d\d(?!\d)"),
    "identifier": re.compile(
        r"\S*/\S*"  # a word with a slash: 2011/36/EU, A/RES/55/25
        r"|[A-Za-z]-?\d+"  # glued to a letter on its left: G7, EU-28, sha256
        r"|\b\d+[A-Z]\b"  # a name glued to a capital on its right: the 3P index
        r"|\b\d+-[A-Z][a-z]+"  # a number hyphenated to a capitalised word: the 10-Point Plan
        r"|\b(?:COM|SEC|SWD|JOIN|C)\s?\(\d{4}\)\s?\d+|\bOJ\s+[LC]\s+\d+"),
}


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

    path: str
    line: int
    column: int
    text: str
    sentence: str
    keys: tuple[KeyFigure, ...]
    columns: tuple[str, ...]

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        if self.keys:
            binds = " or ".join(f"{{{{< var {k.key} >}}}} ({k.text})" for k in self.keys)
            remedy = f"the key figures hold it: bind it with {binds}"
        else:
            remedy = (f"the tidy tables hold it ({', '.join(self.columns)}): compute it as a key "
                      "figure in notebooks/10-key-figures.ipynb and bind it, or, if it is not a "
                      "figure from the data, write it in words")
        return f'{where}: "{self.text}" is typed by hand; {remedy}\n    {self.sentence}'


@dataclass(frozen=True)
class Scan:
    """What the guard found in a manuscript."""

    numbers: list[Number]  # every number in the prose, classified
    bound: int  # {{< var >}} shortcodes in the prose that show a number
    violations: list[Violation]


def scan(text: str, path: str, figures: dict[str, KeyFigure],
         table_values: dict[float, set[str]]) -> Scan:
    """Find the numbers in the prose of ``text`` and those the data hold, unbound."""
    masked, keys = _mask(text)
    spans = [(kind, m.start(), m.end()) for kind, pattern in _ALLOWED_SPANS.items()
             for m in pattern.finditer(masked)]
    found = []
    for match in _NUMBER.finditer(masked):
        start, end = match.span("number")
        inside = next((kind for kind, s, e in spans if s <= start and end <= e), None)
        found.append(_number(match, inside))
    violations = []
    for number in found:
        if number.allowed or number.value is None:
            continue
        keys_held = _matching_figures(number, figures.values())
        columns = ()
        if not keys_held and number.plain and number.value >= SMALLEST_CHECKED_IN_TABLES:
            columns = tuple(sorted(table_values.get(number.value, ())))[:SUGGESTIONS]
        if keys_held or columns:
            line = text.count("\n", 0, number.start) + 1
            column = number.start - text.rfind("\n", 0, number.start)
            violations.append(Violation(path, line, column, number.text,
                                        _sentence(text, number.start), keys_held, columns))
    bound = sum(key in figures and _numeric(figures[key]) is not None for key in keys)
    return Scan(found, bound, violations)


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
    """``python -m pipeline guard [QMD] [--variables JSON] [--data DIR]``: 1 on violations.

    The manuscript's hand-written included files (``{{< include >}}``, at any depth) are checked
    as its own text; generated ones (``_generated/``, the annexes) are not: the pipeline writes
    their numbers from the data.
    """
    parser = argparse.ArgumentParser(prog="python -m pipeline guard",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("qmd", nargs="?", type=Path, default=paths.PAPER / "index.qmd")
    parser.add_argument("--variables", type=Path, default=paths.EDITIONS / "meeting" / "keyfigures.json",
                        help="key figures with their values: an edition's, or the records beside "
                             "a staged _variables.yml (default: %(default)s)")
    parser.add_argument("--data", type=Path, default=paths.DATA,
                        help="folder of tidy tables (default: %(default)s)")
    args = parser.parse_args(argv)
    for needed, remedy in ((args.qmd, "the manuscript to check"),
                           (args.variables, "written by the key-figures notebook: run "
                                            "`make build/editions/meeting/keyfigures.json`"),
                           (args.data, "the tidy tables: run `make data`")):
        if not needed.exists():
            print(f"error: guard needs {paths.display(needed)} ({remedy})", file=sys.stderr)
            return 2
    included = includes.includes(args.qmd)
    for item in included:
        if item.missing and not item.generated:  # a generated file is the render's to write
            print(f"error: {paths.display(item.by)} includes {item.target}, but {item} does not "
                  "exist: write it, or remove the {{< include >}}", file=sys.stderr)
            return 2
    checked = [args.qmd] + [item.path for item in included if not item.generated]
    figures = variables.read(args.variables)
    table_values = load_table_values(args.data)
    scans = [scan(path.read_text(encoding="utf-8"), paths.display(path), figures, table_values)
             for path in checked]
    numbers = [number for found in scans for number in found.numbers]
    violations = [violation for found in scans for violation in found.violations]
    bound = sum(found.bound for found in scans)
    total = bound + len(numbers)
    where = paths.display(args.qmd)
    if len(checked) > 1:
        where += f" and the {len(checked) - 1} file(s) it includes"
    for violation in violations:
        print(violation)
    if violations:
        print(f"guard: {len(violations)} of the {total} numbers in the prose of "
              f"{where} are typed by hand and held by the data: bind them")
        return 1
    allowed = sum(1 for n in numbers if n.allowed)
    in_prose = "in the prose" if len(checked) == 1 else f"in the prose of {where}"
    print(f"guard: {total} numbers {in_prose}, all bound or allowed ({bound} bound, "
          f"{allowed} years, dates, references, identifiers, ages or ordinals, "
          f"{len(numbers) - allowed} not held by the data)")
    generated = [item.target for item in included if item.generated]
    if generated:
        print(f"  not checked, generated from the data at the render: {', '.join(generated)}")
    return 0


# --- Helpers ------------------------------------------------------------------------------------


def _mask(text: str) -> tuple[str, list[str]]:
    """The prose of ``text`` (see the module docstring) and the var keys it binds."""
    chars = list(text)
    _mask_front_matter(chars, text)
    keys: list[str] = []
    for pattern in _NOT_PROSE:
        for match in pattern.finditer("".join(chars)):
            if pattern is _SHORTCODE and (var := _VAR.fullmatch(match[0])):
                keys.append(var[1])
            _blank(chars, *match.span())
    current = "".join(chars)
    for match in _ATTRIBUTES.finditer(current):
        inner = match[1].strip()
        if inner[:1] in ("#", ".", "-") or "=" in inner:
            _blank_except(chars, match, _PROSE_ATTRIBUTE)
    _mask_list_markers(chars)
    return "".join(chars), keys


def _mask_front_matter(chars: list[str], text: str) -> None:
    front = _FRONT_MATTER.match(text)
    if not front:
        return
    position, keep = 0, False
    for line in front[0].splitlines(keepends=True):
        key = _FRONT_KEY.match(line)
        if key:
            keep = key[1] in PROSE_FIELDS
        if key and keep:
            _blank(chars, position, position + key.end())
        elif not keep or line.startswith(("---", "...")):
            _blank(chars, position, position + len(line))
        position += len(line)


def _mask_list_markers(chars: list[str]) -> None:
    """Blank ordered-list markers ("1. ", "2) "): only where a list can start or go on, since
    pandoc reads a wrapped line beginning "53. " inside a paragraph as text."""
    position, previous = 0, ""
    for line in "".join(chars).splitlines(keepends=True):
        marker = _LIST_MARKER.match(line)
        starts_item = not previous.strip() or _LIST_MARKER.match(previous) or previous[:1] in " \t"
        if marker and starts_item:
            _blank(chars, position, position + marker.end())
        position, previous = position + len(line), line


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(start, end):
        if chars[i] != "\n":
            chars[i] = " "


def _blank_except(chars: list[str], match: re.Match, keep: re.Pattern) -> None:
    original = chars[match.start():match.end()]
    _blank(chars, *match.span())
    for prose_value in keep.finditer(match[1]):
        group = 1 if prose_value[1] is not None else 2
        start = match.start(1) + prose_value.start(group)
        end = match.start(1) + prose_value.end(group)
        chars[start:end] = original[start - match.start():end - match.start()]


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


def _sentence(text: str, offset: int, width: int = 240) -> str:
    """The sentence around ``offset`` (in a table: its row), on one line, for the report."""
    line_start = text.rfind("\n", 0, offset) + 1
    in_table = text.startswith("|", line_start)
    separator = "\n" if in_table else "\n\n"
    previous_break = text.rfind(separator, 0, offset)
    paragraph_start = previous_break + len(separator) if previous_break != -1 else 0
    paragraph_end = text.find(separator, offset)
    paragraph = text[paragraph_start:paragraph_end if paragraph_end != -1 else len(text)]
    at = offset - paragraph_start
    bounds = [0] + [m.end() for m in re.finditer(r"(?<=[.!?])\s+(?=[A-Z\"“(])", paragraph)]
    begin = max(b for b in bounds if b <= at)
    finish = next((b for b in bounds if b > at), len(paragraph))
    sentence = " ".join(paragraph[begin:finish].split())
    if len(sentence) <= width:
        return sentence
    before = len(" ".join(paragraph[begin:at].split()))
    first = max(0, min(before - width // 2, len(sentence) - width))
    return (("…" if first else "") + sentence[first:first + width]
            + ("…" if first + width < len(sentence) else ""))
