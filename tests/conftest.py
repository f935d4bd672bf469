"""Shared fixtures.

Tests that need the real sources in ``../shared`` ask for the ``shared`` fixture (or a fixture
built on it). On a newcomer's clone without ``../shared`` they skip and say why; under CI
(``CI=true``), where ``../shared`` is always laid beside the clone, its absence is a failure.
"""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from needs import require

from pipeline import paths
from pipeline.extract import untc

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



#: The UN depositary's status of the Convention and both Protocols, as stored in ../shared.
UNTC_FILES = {
    "untc-untoc-2014": "untc_18-12_untoc.csv",
    "untc-trafficking-protocol-2014": "untc_18-12-a_trafficking_protocol.csv",
    "untc-smuggling-protocol-2014": "untc_18-12-b_smuggling_protocol.csv",
}


@pytest.fixture(scope="session")
def treaty_status(raw_dir):
    """The depositary's status of the three instruments, as the extraction reads it."""
    return untc.treaty_status([SimpleNamespace(path=raw_dir / file, source=SimpleNamespace(id=source_id))
                               for source_id, file in UNTC_FILES.items()])
