"""Statements are bound to the data: a sentence that characterises the data is checked in every
edition and language it is rendered in, and fails that render when the data contradict it.

Why: the number guard (:mod:`pipeline.paper.guard`) binds every number, but a caption that says
"sexual exploitation is the form most often detected" stayed in the update beside a chart where
forced labour is higher. The words that characterise the data are bound too.

In the manuscript, a sentence that asserts something about the data is a span
``[sentence]{.statement check="id"}`` (or a div ``::: {.statement check="id"}`` for a passage),
which Quarto and the fallback renderer render as plain text. Its condition is the entry ``id`` of
``paper/statements.yml``: ``says`` (the condition in words), ``check`` (a predicate of
:mod:`pipeline.analysis.statements`) and ``params``. Before an edition's document is rendered in a
language, :func:`check` reads its manuscript as that edition shows it (the other edition's
conditional content dropped) and fails on:

* a statement whose id is not in ``paper/statements.yml``, or whose entry names no predicate;
* a statement the edition's data contradict: the file and line, the sentence, the condition and
  the values that contradict it, and, where it holds in another edition, that it belongs in that
  edition's conditional content;
* an **unbound characterising word**: in the parts of the paper that describe data
  (``describe-data`` in ``paper/statements.yml``: sections, with their subsections, and kinds of
  text such as captions, alt text and the abstract), a word of the language's list (``statements``
  in ``paper/locales/<lang>.yml``: "most", "largest", "peak", "rose"...) outside a statement, and
  outside a ``.qualitative`` span or div: the explicit, rare mark of a passage that is not about
  the paper's data (the law, a qualitative judgement, a finding that a cited document states).
  Alt text cannot hold a span: it describes the chart, and the caption says what the data show.

The technical note lists every statement of the edition with its condition and the values that
make it true (:func:`annex`).
"""
from __future__ import annotations

import argparse
import dataclasses
import functools
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from pipeline import language, markup, paths, tables
from pipeline.analysis import asof, statements, variables
from pipeline.markup import Markdown
from pipeline.paper import editions, guard, manuscript, trace
from pipeline.paper.editions import Edition
from pipeline.paper.manuscript import Element, Place, Text
from pipeline.paper.markdown import pipe_table
from pipeline.sources import registry

DECLARATIONS = paths.STATEMENTS
STATEMENT, QUALITATIVE = manuscript.STATEMENT, manuscript.QUALITATIVE
#: What the reader sees that is not words (guard.NOT_WORDS): a shortcode's key may hold "peak".
NOT_WORDS = guard.NOT_WORDS
HOW_TO_BIND = ('bind it, [...]{.statement check="an-id"} with its condition under that id in '
               "paper/statements.yml, or, if it is not about the paper's data, [...]{.qualitative} "
               '(README, "Statements bound to the data")')


class StatementsFileError(ValueError):
    """``paper/statements.yml`` cannot be read: the message names the line."""


# --- paper/statements.yml ---------------------------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """One statement's condition, as ``paper/statements.yml`` writes it."""

    id: str
    says: str
    check: str  # "" when the entry names no predicate yet
    params: dict[str, Any]
    file: Path
    line: int

    @property
    def place(self) -> str:
        return f"{paths.display(self.file)}:{self.line}"


@dataclass(frozen=True)
class Declarations:
    file: Path
    sections: tuple[str, ...]  # the sections (with their subsections) that describe data
    kinds: tuple[str, ...]  # the kinds of text that do, wherever they are: caption, alt, abstract
    entries: dict[str, Entry]


def load(path: Path = DECLARATIONS) -> Declarations:
    """``paper/statements.yml``; a malformed entry is an error naming its line."""
    where = paths.display(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
        root, data = yaml.compose(text), yaml.safe_load(text) or {}
    except (OSError, yaml.YAMLError) as error:
        raise StatementsFileError(f"{where}: cannot be read: {' '.join(str(error).split())}") from None
    unknown = sorted(set(data) - {"describe-data", "statements"}) if isinstance(data, dict) else ["(not a mapping)"]
    if unknown:
        raise StatementsFileError(f"{where}: holds describe-data and statements, not {', '.join(unknown)}")
    scope = data.get("describe-data") or {}
    lines = {key.value: key.start_mark.line + 1 for top, value in root.value if top.value == "statements"
             and isinstance(value, yaml.MappingNode) for key, _entry in value.value} if root else {}
    entries = {}
    for name, entry in (data.get("statements") or {}).items():
        line = lines.get(name, 1)
        if not isinstance(entry, dict) or not isinstance(entry.get("says"), str):
            raise StatementsFileError(f"{where}:{line}: statement {name} needs `says`: its condition in words")
        check = entry.get("check") or ""
        if check and check not in statements.PREDICATES:
            raise StatementsFileError(f"{where}:{line}: statement {name}: check {check!r} is not one of "
                                      f"{', '.join(statements.PREDICATES)}")
        unknown = sorted(set(entry) - {"says", "check", "params"})
        if unknown or not isinstance(entry.get("params") or {}, dict):
            raise StatementsFileError(f"{where}:{line}: statement {name} takes says, check and params (a "
                                      f"mapping), not {', '.join(unknown) or 'params ' + repr(entry['params'])}")
        entries[name] = Entry(name, " ".join(entry["says"].split()), check, entry.get("params") or {}, Path(path),
                              line)
    return Declarations(Path(path), tuple(scope.get("sections") or ()), tuple(scope.get("kinds") or ()), entries)


# --- What the manuscript binds -----------------------------------------------------------------

@dataclass(frozen=True)
class Bound:
    """A ``.statement`` span or div of the manuscript."""

    id: str  # "" when it names none
    place: Place
    sentence: str


def _classes(element: Element) -> set[str]:
    return set(element.classes) & {STATEMENT, QUALITATIVE}


def bound(read: manuscript.Manuscript) -> list[Bound]:
    """Every statement span and div the reader sees, in document order."""
    found = []
    for document in read.documents:
        for element in document.elements:
            if element.kind in ("span", "div") and STATEMENT in element.classes:
                found.append(Bound(element.attribute("check"), element.place, " ".join(element.text.split())))
    return found


def sections(read: manuscript.Manuscript) -> dict[int, tuple[str, ...]]:
    """``id(text)`` -> the identifiers of the sections it is in, outermost first. An included
    file's texts are in the section where it is included, and in its own headings' below."""
    found: dict[int, tuple[str, ...]] = {}
    at_heading: dict[Path, list[tuple[int, tuple[tuple[int, str], ...]]]] = {}
    starts = {item.path: item.place for item in read.includes if item.place}
    for document in read.documents:
        start = starts.get(document.file)
        stack = _stack_at(at_heading.get(start.file, []), start.line) if start else ()
        headings = iter(element for element in document.elements if element.kind == "heading")
        marks = at_heading.setdefault(document.file, [])
        for text in document.texts:
            if text.kind == "heading":
                heading = next(headings)
                stack = tuple(s for s in stack if s[0] < heading.level) + ((heading.level, heading.identifier),)
                marks.append((text.place().line, stack))
            found[id(text)] = tuple(identifier for _level, identifier in stack)
    return found


def _stack_at(marks: list[tuple[int, tuple]], line: int) -> tuple:
    before = [stack for at, stack in marks if at <= line]
    return before[-1] if before else ()


@dataclass(frozen=True)
class Unbound:
    """A characterising word outside any statement or qualitative mark."""

    place: Place
    word: str
    kind: str
    sentence: str

    def __str__(self) -> str:
        if self.kind == "alt":
            remedy = ("alt text describes the chart and cannot hold a statement: say what the data show in "
                      "the caption, bound")
        else:
            remedy = HOW_TO_BIND
        return (f'{self.place} ({self.kind}): "{self.word}" characterises the data, bound to no statement\n'
                f"    {self.sentence}\n    {remedy}")


def _word_pattern(words: tuple[str, ...]) -> re.Pattern:
    phrases = sorted(words, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(r"\s+".join(map(re.escape, p.split())) for p in phrases) + r")(?!\w)",
                      re.IGNORECASE)


def unbound(read: manuscript.Manuscript, declared: Declarations, lang: str) -> list[Unbound]:
    """The characterising words in the parts that describe data, outside statements and
    qualitative marks."""
    words = language.locale(lang)
    characterising = _word_pattern(words.statement_words)
    harmless = _word_pattern(words.statement_exceptions) if words.statement_exceptions else None
    where = sections(read)
    found = []
    for document in read.documents:
        for text in document.texts:
            if not (text.kind in declared.kinds or set(where.get(id(text), ())) & set(declared.sections)):
                continue
            if any(_classes(element) for element in text.within):
                continue
            words_only = _mask(text)
            marked = [(mark.start, mark.end) for mark in text.marked("span") if _classes(mark.element)]
            if harmless:
                marked += [match.span() for match in harmless.finditer(words_only)]
            for match in characterising.finditer(words_only):
                if not any(start <= match.start() and match.end() <= end for start, end in marked):
                    found.append(Unbound(text.place(match.start()), match[0], text.kind,
                                         guard.sentence(text.text, match.start())))
    return found


def _mask(text: Text) -> str:
    chars = list(text.text)
    for mark in text.marked(*NOT_WORDS):
        chars[mark.start:mark.end] = " " * (mark.end - mark.start)
    return "".join(chars)


# --- The data of an edition ---------------------------------------------------------------------

@functools.lru_cache(maxsize=8)
def context(edition_name: str, data: Path = paths.DATA, build: Path = paths.BUILD) -> statements.Context | None:
    """An edition's tables cut to its date and its key figures; None when its key figures are not
    built (the statement cannot then be evaluated in that edition)."""
    edition = editions.edition(edition_name)
    figures_file = build / paths.EDITIONS.relative_to(paths.BUILD) / edition.name / "keyfigures.json"
    if not figures_file.is_file():
        return None
    known = asof.known_on(tables.read_all(data, statements.TABLES), edition.as_of)
    return statements.Context(known, variables.read(figures_file))


@dataclass(frozen=True)
class Checked:
    """A bound statement, evaluated in one edition."""

    bound: Bound
    entry: Entry | None
    outcome: statements.Outcome | None
    problem: str  # "" when it holds


def evaluate(found: list[Bound], declared: Declarations, edition: Edition, lang: str, here: statements.Context,
             data: Path = paths.DATA, build: Path = paths.BUILD,
             figures_root: Path | None = paths.FIGURES) -> list[Checked]:
    """Each statement the edition renders in ``lang``, evaluated on its data (``here``); where one
    is false, the other editions built in ``build`` say whether it holds there. With
    ``figures_root``, each series must read the tables its figure was drawn from there."""
    checked = []
    for item in found:
        entry = declared.entries.get(item.id)
        if not item.id:
            checked.append(Checked(item, None, None, f'{item.place}: a statement names no id: write '
                                   f'{{.statement check="an-id"}}\n    {item.sentence}'))
            continue
        if entry is None:
            checked.append(Checked(item, None, None, f"{item.place}: statement {item.id} is not in "
                                   f"{paths.display(declared.file)}: add it, with says, check and params\n"
                                   f"    {item.sentence}"))
            continue
        if not entry.check:
            checked.append(Checked(item, entry, None, f"{item.place}: statement {item.id} ({entry.place}) names no "
                                   f"predicate, so nothing checks it: give it `check` (one of "
                                   f"{', '.join(statements.PREDICATES)}) and `params`\n    {item.sentence}"))
            continue
        try:
            drawn = _figure_agrees(entry, edition, lang, figures_root, here)
            outcome = statements.evaluate(entry.check, entry.params, here)
        except statements.StatementError as error:
            checked.append(Checked(item, entry, None, f"{item.place}: statement {item.id} ({entry.place}): {error}"))
            continue
        problem = drawn or ("" if outcome.holds else _false(item, entry, outcome, edition, data, build))
        checked.append(Checked(item, entry, outcome, problem))
    return checked


def _figure_agrees(entry: Entry, edition: Edition, lang: str, figures_root: Path | None,
                   here: statements.Context) -> str:
    """"" when the series the statement reads is drawn from the same tables as its figure (or no
    figure is at hand to compare with)."""
    series = statements.SERIES.get(entry.params.get("series", ""))
    record = (figures_root / edition.name / lang / f"{series.figure}.json"
              if figures_root and series and series.figure else None)
    if record is None or not record.is_file():
        return ""
    drawn = sorted(item["table"] for item in json.loads(record.read_text(encoding="utf-8")).get("inputs", []))
    reads = series.reads(here.data)
    if drawn == sorted(reads):
        return ""
    return (f"{entry.place}: statement {entry.id} reads series {series.name} from {', '.join(reads)}, but "
            f"the figure {series.figure} is drawn from {', '.join(drawn)}: make the series read what the figure "
            "shows (pipeline/analysis/statements.py, SERIES)")


def _false(item: Bound, entry: Entry, outcome: statements.Outcome, edition: Edition, data: Path,
           build: Path) -> str:
    elsewhere = []
    for other in editions.EDITIONS.values():
        there = context(other.name, data, build) if other.name != edition.name else None
        if there is None:
            continue
        try:
            if statements.evaluate(entry.check, entry.params, there).holds:
                elsewhere.append(other)
        except statements.StatementError:
            continue
    if elsewhere:
        profile = ",".join(other.profile for other in elsewhere)
        where = (f"it holds in the {' and '.join(other.name for other in elsewhere)} edition: move it into that "
                 f'edition\'s conditional content, [...]{{.content-visible when-profile="{profile}"}}, and write '
                 f"what the {edition.name} edition's data show, bound")
    else:
        where = "it holds in no edition: rewrite it, or its condition, as the data show"
    return (f"{item.place}: statement {item.id} is false in the {edition.name} edition\n"
            f"    {item.sentence}\n    condition ({entry.place}): {entry.says}\n"
            f"    contradicted by: {outcome}\n    {where}")


# --- The check of a render, and its command line -------------------------------------------------

def read_as_rendered(qmd: Path, edition: Edition) -> manuscript.Manuscript:
    """``qmd`` and its includes as ``edition`` shows them, with the metadata its profile gives it:
    each edition's key messages are its profile's (``_quarto-<profile>.yml``), unless the
    manuscript's own front matter sets the same fields, which then win (the French paper keeps
    its own)."""
    read = manuscript.read(qmd, project=False, profiles=frozenset({edition.profile}))
    given = manuscript.profile_metadata(read.documents[0], Path(qmd).parent, edition.profile)
    return read if given is None else dataclasses.replace(read, documents=(*read.documents, given))


def check(qmd: Path, edition: Edition, lang: str, data: Path = paths.DATA, build: Path = paths.BUILD,
          figures_root: Path = paths.FIGURES, declarations: Path = DECLARATIONS) -> tuple[list[str], int]:
    """The problems of ``qmd`` as ``edition`` renders it in ``lang``, and how many statements hold."""
    read = read_as_rendered(qmd, edition)
    declared = load(declarations)
    here = context(edition.name, data, build)
    if here is None:
        raise statements.StatementError(f"the {edition.name} edition's key figures are not built: run `make "
                                        f"build/editions/{edition.name}/keyfigures.json`")
    checked = evaluate(bound(read), declared, edition, lang, here, data, build, figures_root)
    problems = [item.problem for item in checked if item.problem]
    problems += [str(word) for word in unbound(read, declared, lang)]
    return problems, sum(1 for item in checked if not item.problem)


def main(argv: list[str]) -> int:
    """``python -m pipeline statements [QMD] --edition E --lang L``: 1 when a statement is false
    or a characterising word is unbound."""
    parser = argparse.ArgumentParser(prog="python -m pipeline statements", description=__doc__.split("\n")[0])
    parser.add_argument("qmd", nargs="?", type=Path, default=paths.PAPER / "index.qmd")
    parser.add_argument("--edition", default=editions.MEETING.name, help="meeting, update or at-YYYY-MM-DD")
    parser.add_argument("--lang", default=language.DEFAULT, choices=language.languages())
    args = parser.parse_args(argv)
    edition = editions.edition(args.edition)
    try:
        problems, holding = check(args.qmd, edition, args.lang)
    except (StatementsFileError, statements.StatementError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for problem in problems:
        print(problem)
    where = f"{paths.display(args.qmd)} ({edition.name} edition, {args.lang})"
    if problems:
        print(f"statements: {len(problems)} problem(s) in {where}: a false statement, or a characterising word "
              "bound to none")
        return 1
    print(f"statements: {holding} statement(s) of {where} hold, and every characterising word is bound")
    return 0


# --- The technical note ---------------------------------------------------------------------------

_VARIABLE = re.compile(r"\{\{<\s*var\s+([\w.]+)\s*>\}\}")
_CROSSREF = re.compile(r"\s*\(@(?:fig|tbl|sec)-[\w-]+\)")


def _as_printed(sentence: str, printed: dict[str, str]) -> str:
    """A sentence of the manuscript as the paper prints it: each bound variable by its value, a
    cross-reference in parentheses left out (the note has no figure of that number)."""
    sentence = _CROSSREF.sub("", sentence)
    return _VARIABLE.sub(lambda found: printed.get(found.group(1), found.group(0)), sentence)


def _for_reader(values: str, figures: dict[str, variables.KeyFigure], sources: dict) -> str:
    """An outcome's values as the note's reader reads them: a key figure by its value alone
    ("cited.x (30,146)" and "cited.x 30,146" read "30,146"), a document by its author and year. The
    build's own messages keep the keys, which is what a maintainer looks for."""
    keys = "|".join(re.escape(key) for key in sorted(figures, key=len, reverse=True))
    if keys:
        values = re.sub(rf"(?<![\w.])(?:{keys}) \(([^)]*)\)", r"\1", values)
        values = re.sub(rf"(?<![\w.])(?:{keys}) ", "", values)
    return re.sub(r"[a-z0-9]+(?:-[a-z0-9]+)+", lambda found: trace.short_cite(sources[found.group(0)])
                  if found.group(0) in sources else found.group(0), values)


def annex(edition: Edition, known: tables.Tables, figures: dict[str, variables.KeyFigure],
          lang: str) -> Markdown:
    """Every statement the edition's paper in ``lang`` renders (a translation binds the same ones,
    as the parity check makes sure, and its render checks them): the sentence, its condition, and
    whether the edition's data (``known``, cut to its date, and its key ``figures``) make it true,
    with the values. (That each series reads what its figure shows is the render's check.)"""
    declared, sources = load(), registry.load()
    here = statements.Context(known, figures)
    rows, seen = [], set()
    for (written_in, kind), document in edition.documents.items():
        if kind != "paper" or written_in != lang:
            continue
        read = read_as_rendered(paths.PAPER / document.manuscript, edition)
        for item in evaluate(bound(read), declared, edition, lang, here, figures_root=None):
            if item.bound.id in seen:
                continue
            seen.add(item.bound.id)
            entry, outcome = item.entry, item.outcome
            if outcome is None:
                found = "not checked: " + item.problem.split("\n")[0].split(": ", 1)[-1]
            else:
                found = ("holds: " if outcome.holds else "false: ") + _for_reader(str(outcome), figures, sources)
            rows.append({
                "Sentence": _as_printed(item.bound.sentence, variables.printed_texts(figures, lang)),
                "Condition": entry.says if entry and entry.check else "no condition",
                "In this edition": found,
            })
    intro = Markdown("Every sentence of the paper that characterises the data (a rank, a majority, a peak, a rise "
             "or a fall) is bound to a condition on the edition's tables or key figures, which the build "
             "checks before rendering each edition and language (`pipeline/paper/statement_guard.py`; the "
             "conditions are in `paper/statements.yml`); a translation binds the same statements. The "
             "values below are those of this edition (@tbl-statements).")
    if not rows:
        return markup.blocks([intro])
    return markup.blocks([intro, pipe_table(pd.DataFrame(rows), "The statements of the paper, their conditions and "
                                            "the values that make them true in this edition", "tbl-statements",
                                            [34, 33, 33])])

