"""The resolver finds a raw file offline-first and never uses (or loses) a file that is not pinned."""
from __future__ import annotations

import bz2
import datetime
import gzip
import hashlib
import multiprocessing
import os
from pathlib import Path

import pytest

from pipeline.errors import ChecksumMismatch, SourceFormatError, SourceMissing
from pipeline.sources import registry as source_registry
from pipeline.sources import resolve

CONTENT = b"year,value\n2015,3400\n"
PIN = hashlib.sha256(CONTENT).hexdigest()


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    path = tmp_path / "registry.yml"
    path.write_text(
        f"""sources:
  - id: example-data
    kind: csv
    producer: Example Office
    title: Example data
    year: 2015
    url: https://example.org/data.csv
    copy_date: 2015-11-11
    licence: CC BY 4.0
    file: data.csv
    sha256: {PIN}
"""
    )
    return path


@pytest.fixture
def folders(tmp_path: Path) -> tuple[Path, Path]:
    cache, mirror = tmp_path / "cache", tmp_path / "mirror"
    mirror.mkdir()
    return cache, mirror


def _resolve(registry, cache, mirror):
    return resolve.resolve("example-data", registry_path=registry, cache=cache, mirror=mirror)


def test_file_in_the_mirror_is_copied_into_the_cache_and_verified(registry, folders):
    cache, mirror = folders
    (mirror / "data.csv").write_bytes(CONTENT)
    resolved = _resolve(registry, cache, mirror)
    assert resolved.origin == "mirror" and resolved.sha256 == PIN
    assert (cache / "data.csv").read_bytes() == CONTENT


def test_file_in_the_cache_wins_over_the_mirror(registry, folders):
    cache, mirror = folders
    cache.mkdir()
    (cache / "data.csv").write_bytes(CONTENT)
    (mirror / "data.csv").write_bytes(b"something else")
    assert _resolve(registry, cache, mirror).origin == "cache"


def test_corrupt_cache_file_is_refused_named_and_kept(registry, folders):
    cache, mirror = folders
    cache.mkdir()
    (cache / "data.csv").write_bytes(b"truncated")
    with pytest.raises(ChecksumMismatch) as caught:
        _resolve(registry, cache, mirror)
    message = str(caught.value)
    assert "example-data" in message and "data.csv" in message and PIN in message
    assert "make sources" in message
    assert (cache / "data.csv").read_bytes() == b"truncated"


def test_mirror_file_that_differs_from_the_pin_is_not_copied(registry, folders):
    cache, mirror = folders
    (mirror / "data.csv").write_bytes(b"a newer export")
    with pytest.raises(ChecksumMismatch):
        _resolve(registry, cache, mirror)
    assert not (cache / "data.csv").exists()


def test_missing_everywhere_says_where_it_looked_and_what_to_do(registry, folders):
    cache, mirror = folders
    with pytest.raises(SourceMissing) as caught:
        _resolve(registry, cache, mirror)
    message = str(caught.value)
    assert "example-data" in message and str(mirror / "data.csv") in message
    assert "THB_SOURCES_MIRROR" in message


def test_no_mirror_configured_means_cache_only(registry, folders):
    cache, _ = folders
    with pytest.raises(SourceMissing):
        _resolve(registry, cache, None)


def test_a_pin_in_the_lock_file_wins_over_the_registry_pin(registry, folders):
    cache, mirror = folders
    (mirror / "data.csv").write_bytes(b"year,value\n2015,3500\n")
    resolve.record_pin(registry, "example-data", hashlib.sha256(b"year,value\n2015,3500\n").hexdigest(),
                       21, "https://example.org/data.csv")
    assert _resolve(registry, cache, mirror).origin == "mirror"
    assert resolve.pin_of(source_registry.get("example-data", registry), registry).where.endswith(
        "registry.lock")


def test_an_html_page_in_the_cache_is_refused_as_not_a_csv_and_kept(registry, folders):
    cache, mirror = folders
    cache.mkdir()
    (cache / "data.csv").write_bytes(b"\n<!DOCTYPE html><title>Login</title>")
    with pytest.raises(SourceFormatError, match="HTML page") as caught:
        _resolve(registry, cache, mirror)
    assert "example-data" in str(caught.value)
    assert (cache / "data.csv").exists()


@pytest.mark.parametrize("make, what", [(Path.mkdir, "is a folder"), (os.mkfifo, "is not a regular file")])
def test_a_folder_or_a_named_pipe_in_the_cache_is_refused_in_one_line_without_waiting(registry, folders, make, what):
    """Issue 25: a folder gave a traceback; a named pipe hung the build, waiting for a writer."""
    cache, mirror = folders
    cache.mkdir()
    make(cache / "data.csv")
    with pytest.raises(SourceFormatError, match=rf"example-data: .*data\.csv: {what}.*sources fetch example-data"):
        _resolve(registry, cache, mirror)


@pytest.mark.parametrize("kind, suffix, content", [
    ("pdf", ".pdf", b"%PDF-1.7\n1 0 obj"),  # no %%EOF: cut short
    ("xlsx", ".xlsx", b"PK\x03\x04" + b"\0" * 40),  # a zip without its central directory
    ("csv.gz", ".csv.gz", gzip.compress(b"year,value\n" * 100)[:-12]),
    ("rda", ".rda", bz2.compress(b"RDX3\nX\n" + b"\0" * 400)[:-20]),  # bzip2 cut short
    ("rda", ".rda", b"\n<!DOCTYPE html><title>Not found</title>"),
    ("dta", ".dta", b"{\"error\": \"rate limited\"}"),
    ("text", ".md", b"<!doctype html><html><body>Sign in</body></html>"),
    ("text", ".Rd", b"% R docs\n\0\0\0 binary"),
    ("json", ".json", b'{"source": "Frontex", "data": {"monthly": {"Central Med'),  # cut short
    ("json", ".json", b"<!DOCTYPE html><title>Not found</title>"),
])
def test_truncated_or_wrong_files_of_each_kind_are_refused(tmp_path, kind, suffix, content):
    path = tmp_path / f"file{suffix}"
    path.write_bytes(content)
    source = source_registry.Source("example", kind, "P", "T", 2015, "https://example.org",
                                     datetime.date(2015, 1, 1), "CC BY", path.name)
    with pytest.raises(SourceFormatError, match=f"not a {kind} file"):
        resolve.check_type(source, path)


def test_every_pinned_raw_file_passes_its_kind_check(raw_dir):
    for source in source_registry.load().values():
        if source.file and (raw_dir / source.file).exists():
            resolve.check_type(source, raw_dir / source.file)


# --- sources/registry.lock: checked on read, locked while written ---------------------------------

@pytest.mark.parametrize("text, problem", [
    ("example-data:\n<<<<<<< HEAD\n  sha256: " + "a" * 64 + "\n=======\n  sha256: " + "b" * 64
     + "\n>>>>>>> theirs\n", r"registry\.lock:2: merge conflict marker '<<<<<<<'"),
    ("example-data: {sha256: [unclosed\n", r"registry\.lock:2: not valid YAML"),
    ("example-data: {sha256: not-a-checksum}\n",
     r"registry\.lock: example-data: sha256 'not-a-checksum' is not 64 lower-case hex digits"),
    ("example-data: {bytes: 3}\n", r"registry\.lock: example-data: no sha256"),
    ("- just a list\n", r"registry\.lock: not a mapping"),
    (b"\xff\xfe".decode("latin-1"), r"registry\.lock: not UTF-8 text"),
])
def test_a_broken_lock_file_is_one_line_naming_it_and_what_to_do(registry, text, problem):
    resolve.lock_path(registry).write_bytes(text.encode("latin-1"))
    with pytest.raises(source_registry.RegistryError, match=problem) as caught:
        resolve.read_lock(registry)
    assert "\n" not in str(caught.value)


def _record_pins(registry: Path, worker: int, count: int, start) -> None:
    start.wait()
    for n in range(count):
        resolve.record_pin(registry, f"source-{worker}-{n}", hashlib.sha256(b"%d" % n).hexdigest(), n, "")


def test_parallel_fetches_recording_pins_lose_none(registry):
    context = multiprocessing.get_context("fork")
    start = context.Event()
    workers = [context.Process(target=_record_pins, args=(registry, worker, 12, start))
               for worker in range(8)]
    for process in workers:
        process.start()
    start.set()
    for process in workers:
        process.join(timeout=60)
        assert process.exitcode == 0
    assert len(resolve.read_lock(registry)) == 8 * 12
