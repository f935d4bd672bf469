"""Find the raw file of a source, offline first: cache, then mirror folder, else nothing.

Order (docs/design.md): the git-ignored download cache, verified against the source's pin; else a
local mirror folder (``$THB_SOURCES_MIRROR``, default ``../shared/sources/raw``), copied into
the cache and verified; else the caller falls back to the committed snapshot of the tables it
extracts (:mod:`pipeline.sources.snapshot`). Downloading is not done here but by ``python -m pipeline
sources fetch`` (:mod:`pipeline.sources.cli`), so that a build never touches the network.

A pin is the sha256 in ``sources/registry.lock`` (written when a file is first acquired, or
accepted with ``--update``), else the registry's own ``sha256``. "Verified" means the file
matches its pin and is the kind of file the registry says (a PDF that is really an HTML error
page is refused even before it has a pin). A file that fails is never used and never deleted:
the error says how to fetch the pinned copy or accept the new one.
"""
from __future__ import annotations

import bz2
import datetime as dt
import fcntl
import gzip
import json
import lzma
import re
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline import atomic, paths
from pipeline.checksum import sha256_of
from pipeline.errors import ChecksumMismatch, SourceFormatError, SourceMissing
from pipeline.sources import registry

_SHA256 = re.compile(r"[0-9a-f]{64}")
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7})(?: |$)", re.M)
_LOCK_HEADER = (
    "# Pins of source files first acquired by `python -m pipeline sources fetch` (or accepted\n"
    "# with `--update ID`): source id -> sha256, bytes, retrieved date, url. Committed, never\n"
    "# edited by hand. A pin here wins over the registry's sha256.\n"
)


@dataclass(frozen=True)
class Resolved:
    source: registry.Source
    path: Path
    sha256: str
    origin: str  # "cache" or "mirror"


@dataclass(frozen=True)
class Pin:
    sha256: str  # "" when nothing pins the source yet
    where: str  # the file that pins it, for messages
    bytes: int | None = None  # the pinned file's size, where recorded


def lock_path(registry_path: Path = paths.REGISTRY) -> Path:
    """The lock file beside a registry: ``sources/registry.lock``."""
    return Path(registry_path).with_name(paths.REGISTRY_LOCK.name)


def read_lock(registry_path: Path = paths.REGISTRY) -> dict[str, dict]:
    """The pins of the lock file, checked: every error is one line naming the file.

    The lock is committed, so it meets merges: a conflict left in it, a YAML slip or a pin that
    is not a sha256 would otherwise surface as a traceback, or as a pin no file can match.
    """
    path = lock_path(registry_path)
    if not path.exists():
        return {}
    where = paths.display(path)
    remedy = (f"Repair {where} (one `id: {{sha256: ..., bytes: ..., retrieved: ..., url: ...}}` "
              "per source), or delete the broken entries and run `make sources` to pin again")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise registry.RegistryError(f"{where}: not UTF-8 text ({error.reason} at byte "
                                     f"{error.start}). {remedy}") from None
    conflict = _CONFLICT.search(text)
    if conflict:
        line = text.count("\n", 0, conflict.start()) + 1
        raise registry.RegistryError(
            f"{where}:{line}: merge conflict marker {conflict[1]!r}: resolve the conflict, "
            "keeping the pin of the file each source should have, then run `make sources`")
    try:
        lock = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise registry.RegistryError(f"{where}{line}: not valid YAML: {problem}. {remedy}") from None
    lock = lock or {}
    if not isinstance(lock, dict):
        raise registry.RegistryError(f"{where}: not a mapping of source id to pin. {remedy}")
    bad = []
    for key, entry in lock.items():
        if not isinstance(entry, dict) or "sha256" not in entry:
            bad.append(f"{key}: no sha256")
        elif not isinstance(entry["sha256"], str) or not _SHA256.fullmatch(entry["sha256"]):
            bad.append(f"{key}: sha256 {entry['sha256']!r} is not 64 lower-case hex digits")
        elif not isinstance(entry.get("bytes", 0), int) or isinstance(entry.get("bytes"), bool):
            bad.append(f"{key}: bytes {entry['bytes']!r} is not a whole number")
    if bad:
        raise registry.RegistryError(f"{where}: {'; '.join(bad)}. {remedy}")
    return lock


def record_pin(registry_path: Path, source_id: str, sha256: str, size: int, url: str) -> None:
    """Pin ``source_id`` to ``sha256`` in the lock file (``url``: where it came from, or "").

    Read, change and write happen under an exclusive ``flock``, so that parallel fetches (two
    ``make sources`` at once, ``make -j2`` fetching two files) do not lose each other's pins. The
    lock is taken on a file of its own beside the lock file, since the lock file itself is
    replaced by each write.
    """
    lock_file = lock_path(registry_path)
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_file.with_name(f".{lock_file.name}.flock"), "a") as guard:
        fcntl.flock(guard, fcntl.LOCK_EX)
        lock = read_lock(registry_path)
        lock[source_id] = {"sha256": sha256, "bytes": size,
                           "retrieved": dt.date.today().isoformat(), "url": url}
        atomic.write_text(lock_file, _LOCK_HEADER + yaml.safe_dump(lock, sort_keys=True))


def pin_of(source: registry.Source, registry_path: Path = paths.REGISTRY) -> Pin:
    entry = read_lock(registry_path).get(source.id)
    if entry:
        return Pin(entry["sha256"], paths.display(lock_path(registry_path)), entry.get("bytes"))
    return Pin(source.sha256, paths.display(Path(registry_path)), source.bytes if source.sha256 else None)


def verify(source: registry.Source, path: Path, pin: Pin, shown: str | Path | None = None) -> str:
    """The sha256 of ``path`` once it passed the file-type check and matches ``pin``.

    ``shown`` is how messages name the file (the URL of a download in progress).
    """
    shown = path if shown is None else shown
    check_type(source, path, shown)
    digest = sha256_of(path)
    if pin.sha256 and digest != pin.sha256:
        raise ChecksumMismatch(
            source.id,
            shown,
            f"sha256 is {digest} but {pin.where} pins {pin.sha256}: the file is corrupt "
            "or a newer export than the one the paper was built from",
            "Delete it and run `make sources` to get the pinned copy again, or run "
            f"`python -m pipeline sources fetch --update {source.id}` to download the "
            "publisher's current file and pin it instead (figures may change)",
        )
    return digest


def check_type(source: registry.Source, path: Path, shown: str | Path | None = None) -> None:
    """Refuse a file that is not what its kind says: error pages, truncated archives."""
    with open(path, "rb") as stream:
        head = stream.read(512)
    problem = _type_problem(source.kind, path, head)
    if problem:
        looks = " (it is an HTML page: an error or login page served instead?)" \
            if head.lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith((b"<!doctype", b"<html")) else ""
        raise SourceFormatError(
            source.id, path if shown is None else shown,
            f"not a {source.kind} file: {problem}{looks}",
            "Do not use it: delete it and fetch again (`python -m pipeline sources fetch "
            f"{source.id}`), or check the registry's url for it",
        )


def _type_problem(kind: str, path: Path, head: bytes) -> str:
    if kind == "pdf":
        if not head.startswith(b"%PDF-"):
            return f"it starts with {head[:16]!r}, not %PDF-"
        with open(path, "rb") as stream:
            stream.seek(max(0, path.stat().st_size - 1024))
            return "" if b"%%EOF" in stream.read() else "no %%EOF near its end (cut short?)"
    if kind == "xlsx":
        return "" if head.startswith(b"PK\x03\x04") and zipfile.is_zipfile(path) else \
            f"it starts with {head[:16]!r}, not a complete zip archive"
    if kind == "csv.gz":
        problem = _incomplete(gzip.open, path, "gzip")
        if problem:
            return problem
        with gzip.open(path) as stream:
            return _csv_problem(stream.read(_CSV_HEAD), "once decompressed, ")
    if kind == "csv":
        with open(path, "rb") as stream:
            return _csv_problem(stream.read(_CSV_HEAD))
    if kind == "text":  # Markdown may open with an HTML tag (the treaty texts do), a web page not
        text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
        html = text.startswith((b"<!doctype", b"<html"))
        return f"it starts with {head[:16]!r}, not plain text" if html or b"\0" in head else ""
    if kind == "rda":  # R's save(): bzip2, gzip or xz around "RDX2"/"RDX3", or uncompressed
        for magic, (opener, name) in _RDA_COMPRESSION.items():
            if head.startswith(magic):
                return _incomplete(opener, path, name) if opener else ""
        return f"it starts with {head[:16]!r}, not an R data file (bzip2, gzip, xz or RDX)"
    if kind == "json":  # a JSON document cut short or an HTML error page does not parse
        try:
            json.loads(path.read_bytes())
        except (ValueError, UnicodeDecodeError) as error:
            return f"it is not valid JSON ({error})"
        return ""
    if kind == "dta":  # Stata 13+ opens with <stata_dta>; 8-12 with the format byte 113-115
        return "" if head.startswith(b"<stata_dta>") or head[:1] in (b"q", b"r", b"s") else \
            f"it starts with {head[:16]!r}, not a Stata data file"
    return ""


_CSV_HEAD = 1 << 16


def _csv_problem(head: bytes, said: str = "") -> str:
    """Text that may be a table: not markup, JSON or binary.

    A JSON error body (``{"error": "rate limited"}``) has commas and no NUL byte, so it passes
    for text; a server's error is never a table, though, so it is refused here too.
    """
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"<") or b"\0" in head:
        return f"{said}it starts with {head[:16]!r}, not text"
    if text.startswith((b"{", b"[")) and _is_json(text):
        return f"{said}it is JSON ({text[:40]!r}), not a table: an error message served instead?"
    return ""


def _is_json(text: bytes) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return len(text) >= _CSV_HEAD  # cut at the head: opening like JSON is enough
    return True


_RDA_COMPRESSION = {b"BZh": (bz2.open, "bzip2"), b"\x1f\x8b": (gzip.open, "gzip"),
                    b"\xfd7zXZ\x00": (lzma.open, "xz"), b"RDX2": (None, ""), b"RDX3": (None, "")}


def _incomplete(opener, path: Path, name: str) -> str:
    """"" if the compressed file decompresses to its end, else what is wrong (cut short?)."""
    try:
        with opener(path) as stream:
            while stream.read(1 << 20):
                pass
    except (OSError, EOFError, lzma.LZMAError) as error:
        return f"not a complete {name} file ({error})"
    return ""


def locate(source: registry.Source, cache: Path, mirror_dir: Path | None) -> tuple[Path, str] | None:
    """Where the source's file is in hand, without checking it: (path, "cache" or "mirror")."""
    if not source.file:
        return None
    if (cache / source.file).exists():
        return cache / source.file, "cache"
    if mirror_dir and (Path(mirror_dir) / source.file).exists():
        return Path(mirror_dir) / source.file, "mirror"
    return None


def mirror_folder(mirror: Path | None | str = "default") -> Path | None:
    """The mirror folder a ``mirror=`` argument means ("default": :func:`paths.mirror_dir`)."""
    return paths.mirror_dir() if mirror == "default" else (Path(mirror) if mirror else None)


def resolve(
    source_id: str,
    *,
    registry_path: Path = paths.REGISTRY,
    cache: Path = paths.CACHE,
    mirror: Path | None | str = "default",
) -> Resolved:
    """The verified raw file of ``source_id`` in the cache, copying it from the mirror if needed.

    Raises :class:`SourceMissing` when neither holds it (the caller may then use a snapshot),
    :class:`ChecksumMismatch` when the file in hand is not the pinned copy and
    :class:`SourceFormatError` when it is not a file of its kind at all.
    """
    source = registry.get(source_id, registry_path)
    if not source.file:
        raise SourceMissing(source_id, None, f"the registry names no file for it ({source.kind})",
                            "Cite it; there is nothing to extract")
    mirror_dir = mirror_folder(mirror)
    found = locate(source, cache, mirror_dir)
    cached = cache / source.file
    if found is None:
        looked = [paths.display(cached)] + ([str(mirror_dir / source.file)] if mirror_dir else [])
        raise SourceMissing(
            source_id,
            source.file,
            f"raw file not found (looked in {', '.join(looked)})",
            f"Run `make sources` on a connected machine, or set ${paths.MIRROR_ENV} to a folder "
            "that holds it",
        )
    path, origin = found
    digest = verify(source, path, pin_of(source, registry_path))
    if origin == "mirror":
        with atomic.atomic_path(cached) as tmp:
            shutil.copyfile(path, tmp)
    return Resolved(source, cached, digest, origin)
