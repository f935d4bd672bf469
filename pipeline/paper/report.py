"""What a build used and made, said at the end of `make paper` (the reviewer's receipt).

Each render (an edition's paper or technical note in one language) records which renderer ran
and what it wrote, in ``build/renders/<stem>.json`` (:mod:`pipeline.paper.record`); the tidy
tables' sidecars say whether each came from its raw file or from the committed snapshot. The
summary ends with every output file.

It never calls a build good when a step's last run failed: the notebook runner keeps a failed
run as ``build/notebooks/*.failed.ipynb`` and removes that file only when a later run of the
same step succeeds, so any such file means the paper is not up to date with that step (make may
think otherwise, e.g. when a failed step's outputs were not deleted). A step of a dated edition
(``make edition AS_OF=...``, its records named ``...-at-YYYY-MM-DD``) concerns that edition only:
its failure is reported by that edition's report (``--edition at-YYYY-MM-DD``), never by
``make paper``'s, which it does not block.
"""
from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from pipeline import paths, tables
from pipeline.errors import BuildFailed
from pipeline.paper.record import RECORDS

NOTEBOOKS = paths.BUILD / "notebooks"


def data_origins(data: Path = paths.DATA) -> list[str]:
    """One line for the tables built from raw files, one per table built from its snapshot."""
    from_raw, from_snapshot = [], []
    for provenance in tables.provenances(data):
        if provenance["origin"] == "snapshot":
            files = ", ".join(f"{source['file']} of {source['date']}" for source in provenance["sources"])
            from_snapshot.append(f"  {provenance['table']}: committed snapshot (extracted from {files})")
        elif provenance["origin"] == "raw file":
            from_raw.append(provenance["table"])
    lines = [f"  {len(from_raw)} tables from their raw files, verified against their sha256 pins"] if from_raw else []
    return lines + from_snapshot


#: The record of a dated edition's step: ``10-key-figures-at-2019-06-30.failed.ipynb``.
_DATED = re.compile(r"-(at-\d{4}-\d{2}-\d{2})\.failed\.ipynb$")


def failed_steps(notebooks: Path = NOTEBOOKS, edition: str | None = None) -> list[Path]:
    """The executed notebooks of the steps whose last run failed: those of ``make paper``, and of
    the dated edition ``edition`` (at-YYYY-MM-DD) if one is given."""
    failed = sorted(Path(notebooks).glob("*.failed.ipynb"))
    return [path for path in failed if (dated := _DATED.search(path.name)) is None or dated[1] == edition]


def summary(since: float = 0.0, records: Path = RECORDS, data: Path = paths.DATA,
            notebooks: Path = NOTEBOOKS, edition: str | None = None) -> str:
    failed = failed_steps(notebooks, edition)
    if failed:
        again = f"make edition AS_OF={edition.removeprefix('at-')}" if edition else "make paper"
        raise BuildFailed(
            f"the last run of {len(failed)} step(s) failed, so the paper is not up to date with "
            f"them: {', '.join(paths.display(path) for path in failed)} (the executed notebook "
            f"shows the error). Fix it and run `{again}` again")
    files = sorted(Path(records).glob("*.json"))
    if not files:
        raise BuildFailed(f"no render is recorded in {paths.display(Path(records))}: run `make paper`")
    rendered = [json.loads(file.read_text(encoding="utf-8")) for file in files]
    lines = []
    if max(file.stat().st_mtime for file in files) < since:
        lines.append("Nothing to rebuild: the paper is up to date with its inputs.")
    renderers = sorted({record["renderer"] for record in rendered})
    lines += ["Data used:", *data_origins(data), f"Renderer: {'; '.join(renderers)}", "Paper:"]
    lines += [f"  {output}" for record in rendered for output in record["outputs"]]
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipeline report",
                                     description="Say what the last build used and made.")
    parser.add_argument("--since", type=float, default=0.0,
                        help="epoch seconds when the build started (older renders: up to date)")
    parser.add_argument("--edition", help="a dated edition (at-YYYY-MM-DD): its steps' failures count too")
    args = parser.parse_args(argv)
    print(summary(args.since, edition=args.edition))
