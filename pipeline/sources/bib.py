"""The bibliography of each edition and language, generated from the registry: never typed twice,
and true to the edition's date.

**Cite as of the date.** An edition dated D cites only what existed on D (:func:`citable`): a
document dated after D, or a web page consulted after D, is left out of its bibliography (it may
confirm a fact in the technical note, not be cited in the paper). An access date is printed only
where someone consulted the document on or before D (the concept note's own dates); a file's copy
or export date is never printed as one. A data file of a later vintage than D is cited as its
publisher's **series**, dated by the period the edition shows ("UNODC (2003–2013) Global Report on
Trafficking in Persons: country data. Data series: observations released by 30 November 2015, as
revised since"); its export, date and checksum are in the technical note.

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
  stay as published. A document with an official text in the language is cited under that
  text's title, series and address where the registry gives them (``title_fr``, ``bib_fr``,
  ``url_fr``: :meth:`pipeline.sources.registry.Source.in_language`); other titles stay as
  published.
- Commission communications are ``report`` entries with ``type`` and ``number`` ("Communication
  from the Commission COM(2015) 285 final"); data files ``dataset``; web pages ``online``.
"""
from __future__ import annotations

import argparse
import datetime as dt
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


def citable(source: registry.Source, as_of: dt.date | None) -> str:
    """Why an edition dated ``as_of`` may not cite ``source``, or "" if it may (None: any date)."""
    if as_of is None or source.kind in registry.DATA_KINDS:
        return ""  # a data file exported later is cited as its publisher's series (see entry)
    if source.issued is not None and source.issued > as_of:
        return f"it is dated {source.date or source.year}, after {as_of.isoformat()}"
    if source.kind == "web" and (source.accessed is None or source.accessed > as_of):
        consulted = source.accessed.isoformat() if source.accessed else "on no known day"
        return (f"it is a page consulted {consulted}, after {as_of.isoformat()}: record it as the copy "
                "that verified a fact (verified_by), and cite the document it confirms")
    return ""


def as_series(source: registry.Source, as_of: dt.date | None) -> bool:
    """A data file of a later vintage than the edition: cited as the publisher's series."""
    return (as_of is not None and source.kind in registry.DATA_KINDS
            and source.issued is not None and source.issued > as_of)


def entry(source: registry.Source, renamed: Mapping[str, str] | None = None,
          as_of: dt.date | None = None, period: tuple[int, int] | None = None,
          series_note: str = "", lang: str = language.DEFAULT) -> str:
    """The BibLaTeX entry of ``source`` in an edition dated ``as_of`` (None: the latest), in
    ``lang``: its title, address and fields in that language where the registry gives them
    (an instrument under its official title, "JO L 328 du 5.12.2002, p. 17-18"), its
    institutions and places named as ``renamed`` says. A data file of a later vintage is its
    publisher's series, dated by the ``period`` the edition shows, with ``series_note`` (the
    language's "observations released by ..."). The caller checks :func:`citable` first."""
    source = source.in_language(lang)
    renamed = renamed or {}
    extra = dict(source.bib)
    kind = extra.pop("entry", "misc")
    author = short_name(source.producer, extra.pop("shortauthor", None))
    series = as_series(source, as_of)
    if series:
        extra["howpublished"] = series_note
        date = {"date": "/".join(dict.fromkeys(map(str, period)))} if period else {}
    else:
        date = {"year": str(source.year)} if source.year is not None else {}
    consulted = source.accessed is not None and (as_of is None or source.accessed <= as_of)
    fields = {
        "author": "{" + _escape(renamed.get(author, author)) + "}",
        "title": "{" + _escape(source.series if series and source.series else source.title) + "}",
        **date,
        **{name: "{" + _escape(renamed.get(value, value)) + "}" if name in NAME_FIELDS else _escape(value)
           for name, value in extra.items() if value},
        **({"url": source.url} if source.url else {}),
        **({"urldate": source.accessed.isoformat()} if consulted else {}),
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@{kind}{{{source.id},\n{body}\n}}\n"


def write(destination: Path | None = None, registry_path: Path = paths.REGISTRY, lang: str = language.DEFAULT,
          as_of: dt.date | None = None, periods: Mapping[str, tuple[int, int]] | None = None,
          series_note: str = "") -> list[str]:
    """Write the bibliography of an edition dated ``as_of`` in ``lang`` (by default to
    :func:`pipeline.paths.bibliography`): every source it may cite (:func:`citable`). Returns the
    ids left out, so that a citation of one can be named."""
    destination = paths.bibliography(lang) if destination is None else destination
    header = (f"% Generated from {paths.display(registry_path)} for an edition dated "
              f"{as_of.isoformat() if as_of else 'latest'}, in {lang}: do not edit.\n\n")
    renamed = names(lang)
    sources = list(registry.load(registry_path).values())
    kept = [source for source in sources if not citable(source, as_of)]
    entries = "\n".join(entry(source, renamed, as_of, (periods or {}).get(source.id), series_note, lang)
                        for source in kept)
    atomic.write_text(destination, header + entries)
    return [source.id for source in sources if citable(source, as_of)]


def main(argv: list[str]) -> None:
    """``python -m pipeline bib``: a bibliography to look at; each render writes its edition's own."""
    parser = argparse.ArgumentParser(prog="python -m pipeline bib",
                                     description="Generate references-<lang>.bib from the registry.")
    parser.add_argument("output", nargs="?", type=Path, help="default: build/references-<lang>.bib")
    parser.add_argument("--lang", choices=language.languages(), default=language.DEFAULT,
                        help="the language the institutions are named in (default: %(default)s)")
    parser.add_argument("--as-of", default="latest", help="the edition's date: only what existed then "
                        "(YYYY-MM-DD; default: latest)")
    args = parser.parse_args(argv)
    write(args.output, lang=args.lang, as_of=None if args.as_of == "latest" else dt.date.fromisoformat(args.as_of))
