"""``build/references-<lang>.bib``, one per language, generated from the registry: the
bibliography is never typed twice.

Each source becomes one BibLaTeX entry keyed by its id (pandoc reads ``.bib`` as BibLaTeX), of
the type its ``bib.entry`` names, with the access date as ``urldate``: the paper's citation
style (``paper/harvard-cite-them-right.csl``) prints it as "(Accessed: 13 October 2015)", as
the concept note's footnotes do.

Choices checked by rendering every entry with ``pandoc --citeproc -t plain`` (in Harvard and in
pandoc's default Chicago style):

- Names that are organisations (``author``, ``institution``, ``publisher``, ``location``) are
  wrapped in braces, or citeproc splits "United Nations Office on Drugs and Crime" at "and"
  into two names, or into given and family names.
- Titles are wrapped in braces, which keeps their case: Harvard lower-cases titles otherwise
  ("united nations convention against ...").
- Legal instruments are ``misc`` entries with the Official Journal or Treaty Series reference
  in ``howpublished``: citeproc renders BibLaTeX ``legislation`` and ``legal`` entries as
  court-style citations ("L 101 Official Journal of the European Union 1 (2011)") or drops
  those details altogether, depending on the style.
- An undated page (``year: n.d.``) has no ``year`` field: citeproc prints "no date" ("sans
  date" in French) rather than a year nobody published it in.
- Institutions and places are named as the language names them ("ONUDC 2014", "Vienne" in
  French), from the ``names`` of its locale record (``paper/locales/<lang>.yml``); proper names
  and titles stay as published.
- Commission communications are ``report`` entries with ``type`` and ``number`` ("Communication
  from the Commission COM(2015) 285 final"); data files ``dataset``; web pages ``online``.
"""
from __future__ import annotations

import argparse
import re
from collections.abc import Mapping
from pathlib import Path

from pipeline import atomic, language, paths
from pipeline.sources import registry

_SPECIAL = re.compile(r"([&%$#_])")
#: The fields that name an organisation or a place: braced, and renamed in French.
NAME_FIELDS = {"institution", "publisher", "location"}


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", str(text))


_GLOSSED = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<inside>[^()]+)\)$")
_ACRONYM = re.compile(r"[A-Z][A-Z/&-]+")


def short_name(producer: str, short: str | None = None) -> str:
    """The name a footnote cites a producer by ("UNODC 2014, p. 38"): ``short`` if the registry
    gives one (``bib: shortauthor``), else the acronym the producer's name ends with ("United
    Nations Office on Drugs and Crime (UNODC)" -> "UNODC"), else the name without its gloss
    ("Rabat Process (Euro-African Dialogue ...)" -> "Rabat Process"). A one-word gloss that is
    no acronym ("Le Challenger (Bamako)") is part of the name. The bibliography gives the full
    name as the institution or publisher where the registry sets one.
    """
    if short:
        return short
    match = _GLOSSED.match(producer.strip())
    if not match:
        return producer
    inside, name = match["inside"].strip(), match["name"].strip()
    if _ACRONYM.fullmatch(inside) and len(name.split()) > 2:
        return inside
    return name if " " in inside else producer


def names(lang: str) -> dict[str, str]:
    """The names of institutions and places in ``lang``, where they differ from the registry's."""
    return language.locale(lang).names


def entry(source: registry.Source, renamed: Mapping[str, str] | None = None) -> str:
    """The BibLaTeX entry of ``source``, its institutions and places named as ``renamed`` says."""
    renamed = renamed or {}
    extra = dict(source.bib)
    kind = extra.pop("entry", "misc")
    author = short_name(source.producer, extra.pop("shortauthor", None))
    fields = {
        "author": "{" + _escape(renamed.get(author, author)) + "}",
        "title": "{" + _escape(source.title) + "}",
        **({"year": str(source.year)} if source.year is not None else {}),
        **{name: "{" + _escape(renamed.get(value, value)) + "}" if name in NAME_FIELDS else _escape(value)
           for name, value in extra.items()},
        **({"url": source.url} if source.url else {}),
        **({"urldate": source.accessed.isoformat()} if source.accessed else {}),
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@{kind}{{{source.id},\n{body}\n}}\n"


def write(destination: Path | None = None, registry_path: Path = paths.REGISTRY,
          lang: str = language.DEFAULT) -> None:
    """Write the bibliography in ``lang`` (by default to :func:`pipeline.paths.bibliography`)."""
    destination = paths.bibliography(lang) if destination is None else destination
    header = (f"% Generated from {paths.display(registry_path)} by `python -m pipeline bib --lang {lang}`: "
              "do not edit.\n\n")
    renamed = names(lang)
    entries = "\n".join(entry(source, renamed) for source in registry.load(registry_path).values())
    atomic.write_text(destination, header + entries)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipeline bib",
                                     description="Generate references-<lang>.bib from the registry.")
    parser.add_argument("output", nargs="?", type=Path, help="default: build/references-<lang>.bib")
    parser.add_argument("--lang", choices=language.languages(), default=language.DEFAULT,
                        help="the language the institutions are named in (default: %(default)s)")
    args = parser.parse_args(argv)
    write(args.output, lang=args.lang)
