"""The embedded default: small tidy tables committed under ``sources/snapshot/``.

They are exactly what the extraction step writes from the raw file (CSV + provenance sidecar),
so a clone without the raw files or the network still builds the same paper, and says so.
``make snapshot`` refreshes them from the raw files. The sidecar pins the CSV's sha256 and row
count, and both are checked on load: a snapshot cut short or edited by hand would otherwise
change the paper's figures without a word.
"""
from __future__ import annotations

import argparse
import shutil
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline import atomic, paths, tables
from pipeline.errors import SnapshotDamaged, SourceMissing


def path(table: str, folder: Path = paths.SNAPSHOT) -> Path:
    return folder / f"{table}.csv"


def load(
    table: str, missing: SourceMissing, folder: Path = paths.SNAPSHOT
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """The snapshot of ``table``; without one, the raw file's absence is the error to report."""
    snapshot = path(table, folder)
    if not snapshot.exists():
        raise SourceMissing(
            missing.source_id,
            missing.path,
            f"{missing.problem}, and there is no committed snapshot {paths.display(snapshot)}",
            f"{missing.hint}; then run `make snapshot` to commit the extracted table",
        )
    table_read = tables.read(snapshot)
    damage = tables.damage(snapshot, table_read.frame, table_read.provenance)
    if damage:
        raise SnapshotDamaged(
            missing.source_id, snapshot,
            f"the committed snapshot of table {table} is not the one its sidecar "
            f"{paths.display(tables.sidecar_path(snapshot))} pins: {damage}",
            f"Restore it with `git checkout -- {paths.display(snapshot)}`, or put the raw file in "
            "hand and run `make snapshot` to extract it again")
    return table_read.frame, table_read.provenance


def refresh(built: Path, folder: Path = paths.SNAPSHOT) -> Path:
    """Copy a table built from its raw file into the snapshot folder (never one built from it)."""
    provenance = tables.read(built).provenance
    if provenance.get("origin") != "raw file":
        raise ValueError(
            f"{paths.display(built)} was built from {provenance.get('origin')}, not from the raw "
            "file: put the raw file in the cache (or the mirror folder) and rebuild first"
        )
    destination = path(provenance["table"], folder)
    with atomic.atomic_path(destination) as tmp:
        shutil.copyfile(built, tmp)
    with atomic.atomic_path(tables.sidecar_path(destination)) as tmp:
        shutil.copyfile(tables.sidecar_path(built), tmp)
    return destination


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipeline snapshot",
                                     description="Refresh committed snapshots from built tables.")
    parser.add_argument("table", nargs="+", help="built table, e.g. build/data/glotip_exploitation.csv")
    for table in parser.parse_args(argv).table:
        written = refresh(paths.project_path(table))
        print(f"snapshot refreshed: {paths.display(written)}")
