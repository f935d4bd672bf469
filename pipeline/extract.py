"""One extraction step: raw file in hand -> tidy table; raw file absent -> the committed snapshot.

Every extraction notebook calls :func:`run` with its source id, the table it makes and the
function that makes it, so that the offline-first fallback, the provenance sidecar, the schema
check and the atomic write are the same for all sources. It prints one line that says where the
data came from (nbval's sanitiser masks that line's tail, the only thing that varies with the
machine).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from pipeline import paths, resolve, snapshot, tables
from pipeline.errors import SourceMissing


@dataclass(frozen=True)
class Step:
    """What an extraction does, for the sidecar: the notebook, the function, the selection."""

    table: str
    notebook: str
    function: Callable[[Path, str], pd.DataFrame]  # (raw file, source id)
    schema: pa.DataFrameSchema
    selection: dict[str, Any]


def run(source_id: str, step: Step, output: Path, snapshots: Path = paths.SNAPSHOT
        ) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Make ``step.table`` from the raw file of ``source_id``, or from the snapshot without it."""
    try:
        raw = resolve.resolve(source_id)
    except SourceMissing as missing:
        frame, provenance = snapshot.load(step.table, source_id, missing, snapshots)
        print(
            f"Source {source_id}: raw file not in hand, so the committed snapshot "
            f"{paths.display(snapshot.path(step.table, snapshots))} is used; it was extracted from "
            f"{provenance['file']} (sha256 {provenance['sha256'][:12]}…, "
            f"dated {provenance['source_date']}) by {provenance['step']}."
        )
        provenance = {**provenance, "origin": "snapshot"}
    else:
        print(
            f"Source {source_id}: raw file {paths.display(raw.path)} "
            f"(sha256 {raw.sha256[:12]}…, verified; from the {raw.origin})."
        )
        frame = step.function(raw.path, source_id)
        provenance = {
            "table": step.table,
            "source_id": source_id,
            "file": raw.source.file,
            "sha256": raw.sha256,
            "source_date": raw.source.accessed.isoformat(),
            "step": step.notebook,
            "function": f"{step.function.__module__}.{step.function.__qualname__}",
            "selection": step.selection,
            "origin": "raw file",
        }
    frame = step.schema.validate(frame)
    provenance["rows"] = len(frame)
    tables.write(frame, paths.project_path(output), provenance)
    return frame, provenance
