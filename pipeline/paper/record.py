"""The record each render leaves: which renderer ran and what it wrote.

A module of its own, apart from the build report (:mod:`pipeline.paper.report`) that reads the
records at the end of ``make paper``: a render writes its record, so its code is a prerequisite
of every document, and a change to how the report words its summary must re-render nothing.
"""
from __future__ import annotations

import json
from pathlib import Path

from pipeline import atomic, paths

RECORDS = paths.BUILD / "renders"


def record_render(renderer: str, outputs: list[Path], name: str, records: Path = RECORDS) -> Path:
    """Record one render (``name``: the stem of its outputs) as ``records/<name>.json``."""
    data = {"renderer": renderer, "outputs": [paths.display(output) for output in outputs]}
    record = Path(records) / f"{name}.json"
    atomic.write_text(record, json.dumps(data, indent=2) + "\n")
    return record
