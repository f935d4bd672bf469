"""Tidy tables on disk: a CSV and its provenance sidecar, always written together, atomically.

The sidecar (``<table>.provenance.json``) is what lets a reader trace a number in the paper back
to a file, its sha256, the selection made in it and the step that made it. It holds no
timestamps, so the same inputs give the same bytes. It also pins the table itself: ``sha256``
(of the CSV's bytes) and ``rows``, so that a copy damaged later, such as a committed snapshot cut
short, can be told from the table the step wrote (:func:`damage`).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline import atomic
from pipeline.checksum import sha256_of

if TYPE_CHECKING:  # pandas is imported where a table is read: the build report reads sidecars
    import pandas as pd  # only, and a no-op `make paper` should not wait for pandas to load


def sidecar_path(table_path: Path) -> Path:
    return Path(table_path).with_suffix(".provenance.json")


def write(frame: pd.DataFrame, destination: Path, provenance: dict[str, Any]) -> dict[str, Any]:
    """Write the table, then its sidecar (the provenance, pinning the table's sha256 and rows,
    which it returns); each appears whole or not at all."""
    with atomic.atomic_path(destination) as tmp:
        frame.to_csv(tmp, index=False, lineterminator="\n")
        pinned = {**provenance, "sha256": sha256_of(tmp), "rows": len(frame)}
    atomic.write_text(sidecar_path(destination), json.dumps(pinned, indent=2, sort_keys=True) + "\n")
    return pinned


def damage(path: Path, frame: pd.DataFrame, provenance: dict[str, Any]) -> str:
    """What is wrong with a table read back from ``path``, compared with its sidecar's pins, or ""."""
    problems = []
    if "sha256" not in provenance:
        problems.append("its sidecar pins no sha256 (written before tables were pinned)")
    elif (digest := sha256_of(path)) != provenance["sha256"]:
        problems.append(f"its sha256 is {digest} but its sidecar pins {provenance['sha256']}")
    if provenance.get("rows") not in (None, len(frame)):
        problems.append(f"it has {len(frame)} rows but its sidecar says {provenance['rows']}")
    return "; ".join(problems)


def provenances(folder: Path) -> list[dict[str, Any]]:
    """The sidecars of every table in ``folder``, in file-name order."""
    return [json.loads(sidecar.read_text(encoding="utf-8"))
            for sidecar in sorted(Path(folder).glob("*.provenance.json"))]


@dataclass(frozen=True)
class Table:
    """A tidy table and its provenance, which travel together: every number computed from
    ``frame`` names the files, sha256 and selection that ``provenance`` records."""

    frame: pd.DataFrame
    provenance: dict[str, Any]


#: Tables by name, as a notebook of figures or key figures reads them.
Tables = dict[str, Table]


def read(path: Path) -> Table:
    import pandas as pd

    frame = pd.read_csv(path)
    provenance = json.loads(sidecar_path(path).read_text(encoding="utf-8"))
    return Table(frame, provenance)


def read_all(folder: Path, names: list[str]) -> Tables:
    """The tables ``names`` of ``folder``, by name: what a notebook of figures or key figures uses."""
    return {name: read(Path(folder) / f"{name}.csv") for name in names}
