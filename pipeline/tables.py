"""Tidy tables on disk: a CSV and its provenance sidecar, always written together, atomically.

The sidecar (``<table>.provenance.json``) is what lets a reader trace a number in the paper back
to a file, its sha256, the selection made in it and the step that made it. It holds no
timestamps, so the same inputs give the same bytes.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import atomic


def sidecar_path(table_path: Path) -> Path:
    return Path(table_path).with_suffix(".provenance.json")


def write(frame: pd.DataFrame, destination: Path, provenance: dict[str, Any]) -> None:
    """Write the table, then its sidecar; each appears whole or not at all."""
    with atomic.atomic_path(destination) as tmp:
        frame.to_csv(tmp, index=False, lineterminator="\n")
    atomic.write_text(sidecar_path(destination), json.dumps(provenance, indent=2, sort_keys=True) + "\n")


def provenances(folder: Path) -> list[dict[str, Any]]:
    """The sidecars of every table in ``folder``, in file-name order."""
    return [json.loads(sidecar.read_text(encoding="utf-8"))
            for sidecar in sorted(Path(folder).glob("*.provenance.json"))]


def read(path: Path) -> tuple[pd.DataFrame, dict[str, Any]]:
    frame = pd.read_csv(path)
    provenance = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    return frame, provenance
