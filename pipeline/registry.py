"""The source registry (``sources/registry.yml``): what each cited document or data file is.

Loaded into plain frozen dataclasses so that the resolver, the provenance sidecars and the
bibliography all read one description of a source.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline import paths

KINDS = {"xlsx", "csv", "csv.gz", "pdf", "web"}
REQUIRED = ("id", "kind", "producer", "title", "year", "url", "accessed", "licence")


class RegistryError(ValueError):
    """The registry file itself is malformed."""


@dataclass(frozen=True)
class Source:
    id: str
    kind: str
    producer: str
    title: str
    year: int
    url: str
    accessed: dt.date
    licence: str
    file: str | None = None
    sha256: str = ""
    bib: dict[str, Any] = field(default_factory=dict)


def load(path: Path = paths.REGISTRY) -> dict[str, Source]:
    """Read and check the registry; sources keyed by id, in file order."""
    document = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    sources: dict[str, Source] = {}
    for entry in document.get("sources", []):
        missing = [name for name in REQUIRED if entry.get(name) in (None, "")]
        if missing:
            raise RegistryError(f"{path}: source {entry.get('id', '?')}: missing {', '.join(missing)}")
        if entry["id"] in sources:
            raise RegistryError(f"{path}: duplicate source id {entry['id']}")
        if entry["kind"] not in KINDS:
            raise RegistryError(f"{path}: source {entry['id']}: kind must be one of {sorted(KINDS)}")
        sources[entry["id"]] = Source(**{**entry, "sha256": entry.get("sha256") or ""})
    return sources


def get(source_id: str, path: Path = paths.REGISTRY) -> Source:
    sources = load(path)
    try:
        return sources[source_id]
    except KeyError:
        raise RegistryError(
            f"{path}: no source with id {source_id!r}; known ids: {', '.join(sources)}"
        ) from None
