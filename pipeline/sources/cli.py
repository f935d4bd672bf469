"""``python -m pipeline sources``: where every source stands; ``... sources fetch``: get what is missing.

``sources`` (no network, writes nothing) prints one line per registry source with one status:
verified in cache, in the mirror folder (``fetch`` copies it), snapshot only (a committed
snapshot in ``sources/snapshot/`` was extracted from it), missing, checksum mismatch, corrupt
file, or not a file (web page).

``sources fetch [--update ID] [ID ...]`` (``make sources``) looks for each file, in order, in
the cache, in the mirror folder (copied into the cache), and at its download URL
(:mod:`pipeline.sources.download`), and reports downloaded, copied from the mirror folder, verified in
cache, or why not. A file acquired for the first time is pinned in ``sources/registry.lock``; a
download whose checksum differs from its pin is refused, both checksums shown, and kept only if
asked with ``--update ID`` (which downloads the file again and pins what arrives).

Exit status: 1 when a source is a checksum mismatch or a corrupt file (the build must not use
it), 2 for a malformed registry or an unknown id, else 0. A missing file is not an error: the
extraction falls back to the committed snapshot and says so.
"""
from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from pipeline import atomic, paths, tables
from pipeline.errors import (
    ChecksumMismatch,
    PipelineError,
    SourceFormatError,
    SourceMissing,
)
from pipeline.sources import download, registry, resolve

VERIFIED = "verified in cache"
IN_MIRROR = "in the mirror folder"
COPIED = "copied from the mirror folder"
DOWNLOADED = "downloaded"
SNAPSHOT = "snapshot only"
MISSING = "missing"
MISMATCH = "checksum mismatch"
CORRUPT = "corrupt file"
WEB = "not a file (web page)"
DOCUMENT = "not a file (document)"
FAILING = (MISMATCH, CORRUPT)


@dataclass(frozen=True)
class Places:
    """Where the registry, cache, mirror folder and snapshots are (tests use temporary ones)."""

    registry: Path = paths.REGISTRY
    cache: Path = paths.CACHE
    mirror: Path | None = field(default_factory=paths.mirror_dir)
    snapshots: Path = paths.SNAPSHOT


@dataclass(frozen=True)
class Row:
    source_id: str
    kind: str
    status: str
    detail: str
    error: str = ""  # the full message of a failing source


def snapshot_tables(folder: Path) -> dict[str, str]:
    """Source id -> the committed snapshot extracted from it (from the provenance sidecars)."""
    found = {}
    for provenance in tables.provenances(folder):
        for source in provenance["sources"]:
            found.setdefault(source["id"], f"{provenance['table']}.csv")
    return found


def status(source: registry.Source, places: Places, snapshots: dict[str, str]) -> Row:
    """Where ``source`` stands, without network or writing anything."""
    if source.kind in registry.NOT_FILES:
        return Row(source.id, source.kind, WEB if source.kind == "web" else DOCUMENT, source.url)
    found = resolve.locate(source, places.cache, places.mirror)
    if found is None:
        if not source.fetch_url:
            return _absent(source, snapshots, _no_url(source))
        if not download.allowed(source.fetch_url):
            return _absent(source, snapshots, "its only URL is plain http://: add an https download_url")
        return _absent(source, snapshots,
                       f"not in hand; `fetch` downloads it from {urlsplit(source.fetch_url).hostname}")
    path, origin = found
    pin = resolve.pin_of(source, places.registry)
    try:
        digest = resolve.verify(source, path, pin)
    except (ChecksumMismatch, SourceFormatError) as error:
        return _refused(source, error, f"{origin} copy refused")
    return Row(source.id, source.kind, VERIFIED if origin == "cache" else IN_MIRROR,
               _pin_note(digest, pin))


def fetch(source: registry.Source, places: Places, snapshots: dict[str, str],
          downloader: download.Downloader, update: bool = False) -> Row:
    """Put the verified file of ``source`` in the cache: from the cache, the mirror, or a download.

    With ``update`` the file in hand is ignored: it is downloaded again and whatever arrives (of
    the right file type) is pinned.
    """
    if source.kind in registry.NOT_FILES:
        return Row(source.id, source.kind, WEB if source.kind == "web" else DOCUMENT, source.url)
    pin = resolve.pin_of(source, places.registry)
    if not update:
        try:
            resolved = resolve.resolve(source.id, registry_path=places.registry,
                                       cache=places.cache, mirror=places.mirror)
        except (ChecksumMismatch, SourceFormatError) as error:
            return _refused(source, error, "copy in hand refused")
        except SourceMissing:
            pass
        else:
            return _pinned(source, places, resolved.sha256, resolved.path.stat().st_size, "", pin,
                           VERIFIED if resolved.origin == "cache" else COPIED)
    if not source.fetch_url:
        return _absent(source, snapshots, _no_url(source))
    accepted = resolve.Pin("", "") if update else pin
    try:
        digest, size = downloader.fetch(
            source.id, source.fetch_url, places.cache / source.file,
            lambda tmp: resolve.verify(source, tmp, accepted, shown=source.fetch_url),
            expected_bytes=accepted.bytes)
    except download.DownloadError as error:
        return _absent(source, snapshots, f"{error.problem} ({error.path}). {error.hint}")
    except ChecksumMismatch as error:
        return _refused(source, ChecksumMismatch(
            source.id, error.path, error.problem,
            "Nothing was written: the cache keeps what it had. If this version is wanted, "
            f"accept it with `python -m pipeline sources fetch --update {source.id}` "
            "(figures may change)"), "download refused")
    except SourceFormatError as error:
        return _refused(source, error, "download refused")
    return _pinned(source, places, digest, size, source.fetch_url, accepted, DOWNLOADED)


def _refused(source: registry.Source, error: PipelineError, detail: str) -> Row:
    failure = MISMATCH if isinstance(error, ChecksumMismatch) else CORRUPT
    return Row(source.id, source.kind, failure, detail, str(error))


def _pinned(source: registry.Source, places: Places, digest: str, size: int, url: str,
            pin: resolve.Pin, status_: str) -> Row:
    """The row of a verified file, pinning it first if nothing pinned it (or --update asked)."""
    if not pin.sha256:
        resolve.record_pin(places.registry, source.id, digest, size, url)
        pin = resolve.pin_of(source, places.registry)
        return Row(source.id, source.kind, status_, f"sha256 {digest[:12]}…, pinned now in {pin.where}")
    return Row(source.id, source.kind, status_, _pin_note(digest, pin))


def _pin_note(digest: str, pin: resolve.Pin) -> str:
    return f"sha256 {digest[:12]}… as {pin.where} pins" if pin.sha256 else \
        f"sha256 {digest[:12]}…, not pinned yet (`fetch` pins it)"


def _absent(source: registry.Source, snapshots: dict[str, str], reason: str) -> Row:
    if source.id in snapshots:
        return Row(source.id, source.kind, SNAPSHOT, f"{reason}; snapshot {snapshots[source.id]} stands in")
    return Row(source.id, source.kind, MISSING, reason)


def _no_url(source: registry.Source) -> str:
    copy = f"; the pinned copy came from {source.retrieved_from}" if source.retrieved_from else ""
    return f"no download URL (an archived or derived file{copy})"


def _selected(sources: dict[str, registry.Source], wanted: list[str]) -> list[registry.Source]:
    """The sources named by id or by file name (the Makefile knows files), all if none named."""
    if not wanted:
        return list(sources.values())
    chosen = {}
    for name in wanted:
        matches = [s for s in sources.values() if name in (s.id, s.file)]
        if not matches:
            raise registry.RegistryError(f"no source has id or file {name!r}; known ids: "
                                         f"{', '.join(sources)}")
        chosen.update((s.id, s) for s in matches)
    return list(chosen.values())


def table(rows: list[Row]) -> str:
    widths = [max(len(getattr(row, name)) for row in rows) for name in ("source_id", "kind", "status")]
    header = ("source", "kind", "status", "detail")
    lines = [(row.source_id, row.kind, row.status, row.detail) for row in rows]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line[:3], widths)) + "  " + line[3]
        for line in [header, *lines]
    )


def main(argv: list[str], places: Places | None = None,
         downloader: download.Downloader | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m pipeline sources",
        description="Show where every source of sources/registry.yml stands (no network), or "
                    "fetch the missing files into sources/cache, verified against their pins.")
    commands = parser.add_subparsers(dest="command")
    fetching = commands.add_parser("fetch", help="get missing files into sources/cache, verified")
    fetching.add_argument("ids", nargs="*", metavar="ID", help="source ids or file names (default: all)")
    fetching.add_argument("--update", action="append", default=[], metavar="ID",
                          help="download ID again and pin the checksum it has now")
    parser.set_defaults(ids=[], update=[])
    args = parser.parse_args(argv)
    places = places or Places()
    try:
        sources = registry.load(places.registry)
        resolve.read_lock(places.registry)  # checked whole, whether or not a file needs its pin
        update = {s.id for s in _selected(sources, args.update)} if args.update else set()
        chosen = _selected(sources, args.ids + args.update)
        snapshots = snapshot_tables(places.snapshots)
        if args.command == "fetch":
            atomic.sweep(places.cache)  # downloads a killed run left half-written
            downloader = downloader or download.Downloader()
            rows = [fetch(s, places, snapshots, downloader, s.id in update) for s in chosen]
        else:
            rows = [status(s, places, snapshots) for s in chosen]
    except registry.RegistryError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(table(rows))
    failing = [row for row in rows if row.status in FAILING]
    for row in failing:
        print(f"\nerror: {row.error}", file=sys.stderr)
    return 1 if failing else 0
