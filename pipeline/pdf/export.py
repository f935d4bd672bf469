"""Write an extracted table as a CSV grid with its settings beside it, atomically.

Why atomic: a table written halfway (a crash, a full disk, Ctrl-C) must never look like a
finished output to make, papermill or the next notebook; we write a temporary file in the same
folder and ``os.replace`` it, which either happens whole or not at all.
"""
from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path

import pandas as pd


def grid_rows(frame: pd.DataFrame) -> list[list[str]]:
    """The tidy frame as a grid of text: a spanning cell's text sits in its top-left position."""
    if frame.empty:
        return []
    rows = [[""] * (int(frame["col"].max()) + 1) for _ in range(int(frame["row"].max()) + 1)]
    for cell in frame.itertuples():
        rows[int(cell.row)][int(cell.col)] = cell.text
    return rows


def settings_path(csv_path: Path) -> Path:
    return csv_path.with_name(csv_path.name + ".settings.json")


def write_table(frame: pd.DataFrame, csv_path: str | Path) -> tuple[Path, Path]:
    """Write the grid to ``csv_path`` and ``frame.attrs["settings"]`` to ``<csv>.settings.json``."""
    csv_path = Path(csv_path)
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(grid_rows(frame))
    sidecar = settings_path(csv_path)
    _atomic_write(sidecar, json.dumps(frame.attrs.get("settings", {}), indent=2, sort_keys=True) + "\n")
    _atomic_write(csv_path, buffer.getvalue())
    return csv_path, sidecar


def _atomic_write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; give it a normal file's mode
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
