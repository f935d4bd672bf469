"""Errors the pipeline expects and reports: each names the source, the file, the problem and what to do.

Why one small module: publishers rename columns and reshape exports without notice (IOM's
"Migrantion route" typo, UNHCR's sheet layouts), downloads go missing or change. When that
happens the build must stop with a message a reader can act on (as docs/design.md asks of every
error) instead of a ``KeyError`` deep inside pandas. The command line catches :class:`Reported`
once (:mod:`pipeline.command`) and prints the message; tests and callers tell the cases apart by
class and read the parts from the attributes without parsing text.
"""
from __future__ import annotations

import os
from pathlib import Path

from pipeline import paths


class Reported(Exception):
    """An error whose message is the whole story (the file, the problem, what to do): the command
    line prints it as one line, without a traceback, and exits with status 2. Anything else is a
    bug and keeps its traceback."""


class PipelineError(Reported):
    """Base class. Message: ``source <id>: <path>: <problem>. <hint>`` (no path part if None)."""

    def __init__(
        self, source_id: str, path: str | os.PathLike | None, problem: str, hint: str
    ) -> None:
        self.source_id = source_id
        self.path = path
        self.problem = problem.rstrip(".")
        self.hint = hint
        where = f"{_show(path)}: " if path is not None else ""
        super().__init__(f"source {source_id}: {where}{self.problem}. {hint}")


def _show(path: str | os.PathLike) -> str:
    return paths.display(path) if isinstance(path, Path) else str(path)


class SourceMissing(PipelineError, FileNotFoundError):
    """Neither the cache nor the mirror holds the raw file (a snapshot may stand in)."""


class ChecksumMismatch(PipelineError, ValueError):
    """The file in hand is not the copy the registry pins (corrupt, or a newer export)."""


class SourceFormatError(PipelineError, ValueError):
    """A source file whose columns, sheets or layout are not what its extractor expects."""


def require_columns(found, needed, source_id: str, path: str | os.PathLike, hint: str,
                    shown: int | None = None) -> None:
    """Stop with one :class:`SourceFormatError` naming the ``needed`` columns missing from
    ``found`` and the columns the file has (the first ``shown`` of them, if given)."""
    found = list(found)
    missing = [column for column in needed if column not in found]
    if missing:
        listed = f"{found[:shown]}..." if shown is not None else str(found)
        raise SourceFormatError(source_id, path, f"missing column(s) {', '.join(missing)} (found {listed})",
                                hint)


class SnapshotDamaged(PipelineError, ValueError):
    """A committed snapshot whose bytes or rows are not those its sidecar pins (cut, edited)."""


class NotebookError(Reported, ValueError):
    """A notebook the runner cannot run as asked: it does not exist, or a parameter is wrong."""


class ParameterError(NotebookError):
    """A papermill parameter that the notebook does not declare in its ``parameters`` cell, or
    whose value is not of the type of its declared default."""


class OutputError(Reported, OSError):
    """An output that cannot be written where asked: a read-only folder, a file in the way."""


class BuildFailed(Reported, RuntimeError):
    """A step of the build failed on its last run, so the paper is not up to date with it."""
