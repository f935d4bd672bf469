"""Find the raw file of a source, offline first: cache, then mirror folder, else nothing.

Order (DESIGN.md): the git-ignored download cache, verified against the registry's sha256 pin;
else a local mirror folder (``$THB_SOURCES_MIRROR``, default ``../shared/sources/raw``), copied
into the cache and verified; else the caller falls back to the committed snapshot of the tables
it extracts (:mod:`pipeline.snapshot`). A file that does not match its pin is never used and
never deleted: the error says how to fetch the pinned copy or accept the new one.
"""
from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

from pipeline import paths, registry
from pipeline.atomic import atomic_path
from pipeline.errors import ChecksumMismatch, SourceMissing


@dataclass(frozen=True)
class Resolved:
    source: registry.Source
    path: Path
    sha256: str
    origin: str  # "cache" or "mirror"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def resolve(
    source_id: str,
    *,
    registry_path: Path = paths.REGISTRY,
    cache: Path = paths.CACHE,
    mirror: Path | None | str = "default",
) -> Resolved:
    """The verified raw file of ``source_id`` in the cache, copying it from the mirror if needed.

    Raises :class:`SourceMissing` when neither holds it (the caller may then use a snapshot) and
    :class:`ChecksumMismatch` when the file in hand is not the pinned copy.
    """
    source = registry.get(source_id, registry_path)
    if not source.file:
        raise SourceMissing(source_id, None, "the registry names no file for it", "Add `file:`.")
    cached = cache / source.file
    if cached.exists():
        return Resolved(source, cached, _verify(source, cached), "cache")
    mirror_dir = paths.mirror_dir() if mirror == "default" else mirror
    mirrored = Path(mirror_dir) / source.file if mirror_dir else None
    if mirrored is None or not mirrored.exists():
        looked = [paths.display(cached)] + ([str(mirrored)] if mirrored else [])
        raise SourceMissing(
            source_id,
            source.file,
            f"raw file not found (looked in {', '.join(looked)})",
            f"Run `make sources` on a connected machine, or set ${paths.MIRROR_ENV} to a folder "
            "that holds it",
        )
    digest = _verify(source, mirrored)
    with atomic_path(cached) as tmp:
        shutil.copyfile(mirrored, tmp)
    return Resolved(source, cached, digest, "mirror")


def _verify(source: registry.Source, path: Path) -> str:
    digest = sha256_of(path)
    if source.sha256 and digest != source.sha256:
        raise ChecksumMismatch(
            source.id,
            paths.display(path),
            f"sha256 is {digest} but the registry pins {source.sha256}: the file is corrupt "
            "or a newer export than the one the paper was built from",
            "Delete it and run `make sources` to get the pinned copy again, or, if the new "
            f"export is wanted, put its sha256 in sources/registry.yml for {source.id} and "
            "rebuild (figures may change)",
        )
    return digest
