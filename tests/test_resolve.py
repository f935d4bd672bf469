"""The resolver finds a raw file offline-first and never uses (or loses) a file that is not pinned."""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from pipeline import resolve
from pipeline.errors import ChecksumMismatch, SourceMissing

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
    accessed: 2015-11-11
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
