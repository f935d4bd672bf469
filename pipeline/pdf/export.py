"""Write an extracted table as a CSV grid with its settings beside it, atomically.

Why atomic: a table written halfway (a crash, a full disk, Ctrl-C) must never look like a
finished output to make, papermill or the next notebook; :mod:`pipeline.atomic` writes a
temporary file in the same folder and ``os.replace`` s it, which either happens whole or not at
all.
"""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pandas as pd

from pipeline import atomic


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
    # allow_nan=False: JSON has no NaN; a non-finite setting is a bug upstream, not an output.
    settings = json.dumps(frame.attrs.get("settings", {}), indent=2, sort_keys=True, allow_nan=False)
    atomic.write_text(sidecar, settings + "\n")
    atomic.write_text(csv_path, buffer.getvalue())
    return csv_path, sidecar
