"""Do two language versions of a manuscript say the same things in the same frame?

The French paper is written, not generated: a translator's manuscript beside the English one.
What must not drift between them is what the pipeline binds: the sections (by identifier, level
and class, in order), the figures (identifier and file, in order), the tables, the included
annexes, the conditional content of each edition, and the sets of bound variables, cross-
references and cited sources. :func:`differences` lists every way two manuscripts differ in
these; the words between them are the translator's.

:func:`english_words` finds English left in a French text (the rendered body, without its
footnotes and bibliography, which cite documents by their English titles).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, fields

_FRONT = re.compile(r"\A---\n.*?\n---\n", re.S)
_HEADING = re.compile(r"^(#{1,6}) [^\n{]*?(?:\{([^}]*)\})?[ \t]*$", re.M)
_FIGURE = re.compile(r"!\[[^\n]*?\]\(([^)\s]+)\)\{#(fig-[\w-]+)")
_TABLE = re.compile(r"^: [^\n]*\{#(tbl-[\w-]+)", re.M)
_INCLUDE = re.compile(r"\{\{< include (\S+) >\}\}")
_VARIABLE = re.compile(r"\{\{< var (\S+) >\}\}")
_CROSSREF = re.compile(r"@((?:sec|fig|tbl)-[\w-]*\w)")
_CITATION = re.compile(r"(?<![\w@])-?@([a-z0-9][\w-]*\w)")
_CONDITION = re.compile(r"(:::|\])\s*\{\.(content-(?:visible|hidden)) ([^}]*)\}")


@dataclass(frozen=True)
class Structure:
    """What a manuscript binds, as :func:`differences` compares it."""

    sections: tuple[str, ...]  # "## sec-trends-thb" (level and attributes, in order)
    figures: tuple[str, ...]  # "fig-children figures/glotip-children-share", in order
    tables: tuple[str, ...]
    includes: tuple[str, ...]
    conditions: tuple[str, ...]  # "::: content-visible when-profile=update", in order
    variables: frozenset[str]
    crossrefs: frozenset[str]
    citations: frozenset[str]


def structure(text: str) -> Structure:
    """The structure of a Quarto manuscript (its front matter included, for the variables)."""
    body = _FRONT.sub("", text, count=1)
    sections = tuple(f"{hashes} {attributes or ''}".strip() for hashes, attributes in _HEADING.findall(body))
    crossrefs = frozenset(_CROSSREF.findall(text))
    cited = {key for key in _CITATION.findall(body) if key not in crossrefs}
    return Structure(
        sections=sections,
        figures=tuple(f"{identifier} {path}" for path, identifier in _FIGURE.findall(body)),
        tables=tuple(_TABLE.findall(body)),
        includes=tuple(_INCLUDE.findall(body)),
        conditions=tuple(f"{mark} {kind} {condition.replace(chr(34), '')}"
                         for mark, kind, condition in _CONDITION.findall(body)),
        variables=frozenset(_VARIABLE.findall(text)),
        crossrefs=crossrefs,
        citations=frozenset(cited),
    )


def differences(first: str, second: str, names: tuple[str, str] = ("English", "French")) -> list[str]:
    """One line per way the two manuscripts' structures differ (none: they are in parity)."""
    ours, theirs = structure(first), structure(second)
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


#: Words that mean English prose and are no French word (nor a name the French text keeps).
ENGLISH = frozenset({"the", "and", "of", "which", "with", "from", "that", "this", "were", "are",
                     "is", "has", "have", "been", "their", "its", "by", "for",
                     "between", "into", "than", "where", "who"})
_WORD = re.compile(r"[A-Za-zÀ-ÿ']+")


def english_words(text: str) -> list[str]:
    """The English function words of ``text``, each with a few words around it."""
    words = _WORD.findall(text)
    return [" ".join(words[max(0, i - 3):i + 4]) for i, word in enumerate(words) if word.lower() in ENGLISH]
