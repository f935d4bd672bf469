"""Do two language versions of a manuscript say the same things in the same frame?

The French paper is written, not generated: a translator's manuscript beside the English one.
What must not drift between them is what the pipeline binds: the sections (by identifier, level
and class, in order), the figures (identifier and file, in order), the tables, the included
annexes, the conditional content of each edition, the statements bound to the data (their ids,
in order: a sentence checked in one language is checked in the other), and the sets of bound
variables, cross-references and cited sources. :func:`differences` lists every way two manuscripts differ in
these; the words between them are the translator's.

:func:`foreign_words` finds another language left in a text, such as English in the French
paper (its rendered body, without its footnotes and bibliography, which cite documents by
their English titles).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path

from pipeline import language
from pipeline.analysis import variables
from pipeline.paper import manuscript


@dataclass(frozen=True)
class Structure:
    """What a manuscript binds, as :func:`differences` compares it."""

    sections: tuple[str, ...]  # "## #sec-trends-thb" (level and attributes, in order)
    figures: tuple[str, ...]  # "fig-children figures/glotip-children-share", in order
    tables: tuple[str, ...]
    includes: tuple[str, ...]
    conditions: tuple[str, ...]  # "::: content-visible when-profile=update", in order
    statements: tuple[str, ...]  # the check="..." of each .statement span or div, in order
    variables: frozenset[str]  # the key figures bound (a form, "..._people", is its key's)
    crossrefs: frozenset[str]
    citations: frozenset[str]


def structure(text: str, file: Path = Path("manuscript.qmd"), profiles: frozenset[str] | None = None,
              project: Path | None = None) -> Structure:
    """The structure of a Quarto manuscript, as its reader (pandoc) reads it; with ``profiles``,
    as the edition rendered with them shows it, and with ``project`` (the folder of its profiles)
    with the metadata its profile gives it (the key messages of an edition)."""
    document = manuscript.parse(text, file, profiles)
    given = [manuscript.profile_metadata(document, project, profile) for profile in sorted(profiles or ())
             if project is not None]
    documents = [*filter(None, given), document]  # the key messages come first, as rendered
    elements = [e for each in documents for e in each.elements]
    shortcodes = [s for each in documents for s in each.shortcodes]
    marks = [mark for each in documents for _, mark in each.marks("crossref", "citation")]
    return Structure(
        sections=tuple(f"{'#' * e.level} {e.written}".strip() for e in elements if e.kind == "heading"),
        figures=tuple(f"{e.identifier} {e.target}" for e in elements if e.kind == "figure"),
        tables=tuple(e.identifier for e in elements if e.kind == "table" and e.identifier),
        includes=tuple(s.argument for s in shortcodes if s.name == "include"),
        conditions=tuple(f"{':::' if e.kind == 'div' else ']'} {e.written.lstrip('.')}" for e in elements
                         if e.kind in ("div", "span") and set(e.classes) & set(manuscript.CONDITIONS)),
        statements=tuple(e.attribute("check") for e in elements
                         if e.kind in ("div", "span") and manuscript.STATEMENT in e.classes),
        variables=frozenset(variables.key_of(s.argument) for s in shortcodes if s.name == "var"),
        crossrefs=frozenset(mark.name for mark in marks if mark.kind == "crossref"),
        citations=frozenset(mark.name for mark in marks if mark.kind == "citation"),
    )


def differences(first: str, second: str, names: tuple[str, str] = ("English", "French"),
                profiles: frozenset[str] | None = None, project: Path | None = None) -> list[str]:
    """One line per way the two manuscripts' structures differ (none: they are in parity); with
    ``profiles``, as the edition rendered with them shows each (a language that has no update
    need not translate the update's text), and with ``project`` with what their profiles give
    them (:func:`structure`)."""
    ours = structure(first, profiles=profiles, project=project)
    theirs = structure(second, profiles=profiles, project=project)
    found = []
    for field in fields(Structure):
        mine, other = getattr(ours, field.name), getattr(theirs, field.name)
        if mine == other:
            continue
        if isinstance(mine, frozenset):
            for label, missing in ((names[1], mine - other), (names[0], other - mine)):
                if missing:
                    found.append(f"{field.name}: not in the {label}: {', '.join(sorted(missing))}")
        else:
            found.append(f"{field.name} differ: {names[0]} {list(mine)} / {names[1]} {list(other)}")
    return found


_WORD = re.compile(r"[A-Za-zÀ-ÿ']+")


def foreign_words(text: str, lang: str) -> list[str]:
    """The function words of another language (its locale record's ``parity.function-words``)
    in ``text``, written in ``lang``: each with a few words around it."""
    foreign = frozenset().union(*(words.function_words for words in language.others(lang)))
    words = _WORD.findall(text)
    return [" ".join(words[max(0, i - 3):i + 4]) for i, word in enumerate(words) if word.lower() in foreign]
