"""``paper/references.bib``, generated from the registry: the bibliography is never typed twice.

Each source becomes one BibTeX entry keyed by its id, the producer as a corporate author (in
braces, so citeproc does not split "United Nations Office ..." into given and family names), and
the access date as ``urldate``, which citeproc prints as "Accessed ...", as the concept note's
footnotes do.
"""
from __future__ import annotations

import re
from pathlib import Path

from pipeline import atomic, paths, registry

_SPECIAL = re.compile(r"([&%$#_])")


def _escape(text: str) -> str:
    return _SPECIAL.sub(r"\\\1", str(text))


def entry(source: registry.Source) -> str:
    extra = dict(source.bib)
    kind = extra.pop("type", "misc")
    fields = {
        "author": "{" + _escape(source.producer) + "}",
        "title": "{" + _escape(source.title) + "}",
        "year": str(source.year),
        "url": source.url,
        "urldate": source.accessed.isoformat(),
        **{name: _escape(value) for name, value in extra.items()},
    }
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields.items())
    return f"@{kind}{{{source.id},\n{body}\n}}\n"


def write(destination: Path = paths.PAPER / "references.bib", registry_path: Path = paths.REGISTRY) -> None:
    header = f"% Generated from {paths.display(registry_path)} by `python -m pipeline bib`: do not edit.\n\n"
    entries = "\n".join(entry(source) for source in registry.load(registry_path).values())
    atomic.write_text(destination, header + entries)
