"""One extraction step: raw files in hand -> tidy table; a raw file absent -> the committed snapshot.

Every extraction notebook calls :func:`run` with the source ids, the step and its output, so
that the offline-first fallback, the provenance sidecar, the schema check and the atomic write
are the same for all sources. It prints one line per source that says where the data came from
(nbval's sanitiser masks those lines' tails, the only thing that varies with the machine).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa

from pipeline import paths, tables
from pipeline.errors import SourceFormatError, SourceMissing
from pipeline.sources import resolve, snapshot


@dataclass(frozen=True)
class Step:
    """What an extraction does, for the sidecar: the notebook, the function, the selection.

    ``function`` receives the resolved raw files (in the order of the source ids given to
    :func:`run`) and any extra inputs the notebook passes (e.g. the partner countries).
    ``time`` says how the rows are dated, for the "as of" cut (:mod:`pipeline.analysis.asof`):
    ``{"year": column}`` (and ``"month": column``) for observations of a year or month,
    ``{"date": column}`` for observations of a period ending on a date, ``{"events": [columns]}``
    for columns of event dates; None for a table that is not dated (the partner list). With
    several sources, ``"source": column`` names each row's own (its registry id), whose rule
    alone dates the row (two reports, each known from its own publication).
    """

    table: str
    notebook: str
    function: Callable[..., pd.DataFrame]
    schema: pa.DataFrameSchema
    selection: dict[str, Any]
    time: dict[str, Any] | None = None


def run(source_ids: str | list[str], step: Step, output: Path, snapshots: Path = paths.SNAPSHOT,
        **inputs: Any) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Make ``step.table`` from the raw files of ``source_ids``, or from its snapshot without them."""
    ids = [source_ids] if isinstance(source_ids, str) else list(source_ids)
    try:
        raws = [resolve.resolve(source_id) for source_id in ids]
    except SourceMissing as missing:
        frame, provenance = snapshot.load(step.table, missing, snapshots)
        for source in provenance["sources"]:
            print(
                f"Source {source['id']}: raw file not in hand, so the committed snapshot "
                f"{paths.display(snapshot.path(step.table, snapshots))} is used; it was extracted "
                f"from {source['file']} (sha256 {source['sha256'][:12]}…, dated {source['date']}) "
                f"by {provenance['step']}."
            )
        provenance = {**provenance, "origin": "snapshot"}
    else:
        for raw in raws:
            print(f"Source {raw.source.id}: raw file {paths.display(raw.path)} "
                  f"(sha256 {raw.sha256[:12]}…, verified; from the {raw.origin}).")
        frame = step.function(raws, **inputs)
        provenance = {
            "table": step.table,
            "sources": [{"id": raw.source.id, "file": raw.source.file, "sha256": raw.sha256,
                         "date": raw.source.recorded.isoformat()} for raw in raws],
            "step": step.notebook,
            "function": f"{step.function.__module__}.{step.function.__qualname__}",
            "selection": step.selection,
            "inputs": {name: _describe(value) for name, value in inputs.items()},
            "origin": "raw file",
            **({"time": step.time} if step.time else {}),
        }
    frame = step.schema.validate(frame)
    return frame, tables.write(frame, paths.project_path(output), provenance)


def _describe(value: Any) -> Any:
    """An input as the sidecar records it: sets as sorted lists, anything else as text."""
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return value if isinstance(value, (str, int, float, list, dict)) else repr(value)


def single_file(parser: Callable[[Path, str], pd.DataFrame]) -> Callable[..., pd.DataFrame]:
    """A step function for a one-file source: the parser gets the path and the source id.

    It keeps the parser's name, so that the sidecar names the function that read the file.
    """
    def function(raws) -> pd.DataFrame:
        (raw,) = raws
        return parser(raw.path, raw.source.id)

    function.__qualname__ = parser.__qualname__
    function.__module__ = parser.__module__
    return function


def validated(schema: pa.DataFrameSchema, table: pd.DataFrame, source_id: str, path: Path,
              module: str) -> pd.DataFrame:
    """``table`` checked against ``schema``; a failure is a :class:`SourceFormatError` naming the
    source, the file and the extractor (``module``, a path) to update."""
    try:
        return schema.validate(table)
    except (pa.errors.SchemaError, pa.errors.SchemaErrors) as error:
        raise SourceFormatError(source_id, path, f"the extracted table fails its checks: {error}",
                                f"Look at the rows named above in the raw file and update {module}") from error
