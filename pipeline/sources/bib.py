"""``build/references-en.bib`` (and ``references-fr.bib``), generated from the registry: the
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
- In French, institutions and places are named the French way ("ONUDC 2014", "Vienne"), from
  ``paper/labels/names-fr.yml``; proper names and titles stay as published.
- Commission communications are ``report`` entries with ``type`` and ``number`` ("Communication
  from the Commission COM(2015) 285 final"); data files ``dataset``; web pages ``online``.
"""
from __future__ import annotations

import argparse
import re
from collections.abc import Mapping
from pathlib import Path

import yaml

from pipeline import atomic, paths
from pipeline.sources import registry

#: English name (as the registry gives it) -> French name, for the bibliography in French.
NAMES_FR = paths.NAMES_FR

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


def names(lang: str, path: Path = NAMES_FR) -> dict[str, str]:
    """The names of institutions and places in ``lang`` (none to change in English)."""
    if lang == "en":
        return {}
    try:
        mapping = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        return {str(key): str(value) for key, value in mapping.items()}
    except (OSError, yaml.YAMLError, AttributeError) as error:
        raise ValueError(f"{paths.display(path)}: cannot read the {lang} names of the bibliography "
                         f"({error}); fix the file (a mapping of English name: {lang} name)") from None


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


def write(destination: Path | None = None, registry_path: Path = paths.REGISTRY, lang: str = "en") -> None:
    """Write the bibliography in ``lang`` (by default to :func:`pipeline.paths.bibliography`)."""
    destination = paths.bibliography(lang) if destination is None else destination
    header = (f"% Generated from {paths.display(registry_path)} by `python -m pipeline bib --lang {lang}`: "
              "do not edit.\n\n")
    renamed = names(lang)
    entries = "\n".join(entry(source, renamed) for source in registry.load(registry_path).values())
    atomic.write_text(destination, header + entries)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipeline bib",
                                     description="Generate references.bib from the registry.")
    parser.add_argument("output", nargs="?", type=Path, help="default: build/references-LANG.bib")
    parser.add_argument("--lang", choices=("en", "fr"), default="en",
                        help="the language the institutions are named in (default: en)")
    args = parser.parse_args(argv)
    write(args.output, lang=args.lang)
