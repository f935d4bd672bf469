"""Project-wide pytest hooks: they reach the notebooks that nbval collects, which tests/conftest.py
(scoped to tests/) does not."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.needs import require

SHARED = Path(__file__).resolve().parent.parent / "shared"

#: Notebooks whose committed outputs show what ../shared holds (which cited PDFs are in hand).
NOTEBOOKS_NEEDING_SHARED = {"11-check-claims.ipynb"}


def pytest_runtest_setup(item: pytest.Item) -> None:
    if item.path.name in NOTEBOOKS_NEEDING_SHARED:
        require(SHARED.exists(), f"{item.path.name} needs {SHARED}: its outputs list the PDFs in hand")
