"""Shared fixtures.

Tests that need the real sources in ``../shared`` ask for the ``shared`` fixture (or a fixture
built on it). On a newcomer's clone without ``../shared`` they skip and say why; under CI
(``CI=true``), where ``../shared`` is always laid beside the clone, its absence is a failure.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from needs import require

from pipeline import paths

SHARED = paths.ROOT.parent / "shared"


def _require(path: Path) -> Path:
    require(path.exists(), f"needs {path} (the shared sources beside the project)")
    return path


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ``../shared`` folder (read-only: never write there)."""
    return _require(SHARED)


@pytest.fixture(scope="session")
def raw_dir(shared: Path) -> Path:
    """The folder of real raw source files."""
    return _require(shared / "sources" / "raw")


@pytest.fixture(scope="session")
def pdf_bench(shared: Path) -> Path:
    """The folder of real PDFs with ground truth."""
    return _require(shared / "pdf-bench")

