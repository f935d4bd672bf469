"""R data files (``.rda``) -> pandas, with the checks every such source needs.

Why one reader: Frontex's detections and Eurostat's asylum applicants reach us as data sets of
IOM's R package gdidata, saved by R's ``save()``. They are read with ``pyreadr`` (never by hand)
and both can go wrong in the same ways: a damaged or cut-short file, an object renamed, a column
renamed or added, a count stored with a fraction or left empty. Each of these stops the
extraction here with one :class:`~pipeline.errors.SourceFormatError` naming the source and the
file, before anything is written.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa
import pyreadr

from pipeline.errors import SourceFormatError

#: How a column must be stored: ``text`` (strings) or ``whole`` (numbers without a fraction,
#: returned as int64; R stores counts and dates as doubles).
KINDS = ("text", "whole")


def read_rdata(path: str | Path, source_id: str, name: str, columns: dict[str, str],
               module: str) -> pd.DataFrame:
    """The data frame ``name`` of an R data file, with exactly ``columns`` ({column: kind}).

    ``module`` is the file a maintainer must update when the publisher changes the layout; the
    errors name it. An empty cell (R's ``NA``) is refused in every column: none of our sources
    has one, so one would mean the file changed.
    """
    path = Path(path)
    try:
        objects = pyreadr.read_r(str(path))
    except (pyreadr.LibrdataError, pyreadr.PyreadrError) as error:
        raise SourceFormatError(
            source_id, path, f"cannot be read as an R data file ({error})",
            f"Check that the file is complete; fetch it again (`python -m pipeline sources fetch "
            f"{source_id}`)",
        ) from error
    if name not in objects:
        raise SourceFormatError(
            source_id, path, f"holds no data set {name!r} (holds {sorted(objects)})",
            f"The package may have renamed it: update {module}",
        )
    frame = objects[name].reset_index(drop=True)  # R row names, if any, are not data
    found = list(frame.columns)
    if sorted(found) != sorted(columns):
        missing = [column for column in columns if column not in found]
        extra = [column for column in found if column not in columns]
        raise SourceFormatError(
            source_id, path,
            f"data set {name!r} has columns {found}, expected {list(columns)} "
            f"(missing {missing}, unexpected {extra})",
            f"The package changed the data set: check what the columns mean now and update {module}",
        )
    return pd.DataFrame({column: _column(frame, column, kind, source_id, path, module)
                         for column, kind in columns.items()})


def _column(frame: pd.DataFrame, column: str, kind: str, source_id: str, path: Path,
            module: str) -> pd.Series:
    values = frame[column]
    empty = values.isna()
    if empty.any():
        raise SourceFormatError(
            source_id, path, f"column {column!r} is empty (NA) in {int(empty.sum())} rows, "
            f"first in row {_row(empty)}", f"Check the file; update {module} if NA now has a meaning")
    if kind == "text":
        if not (pd.api.types.is_string_dtype(values) or pd.api.types.is_object_dtype(values)) \
                or not values.map(lambda value: isinstance(value, str)).all():
            raise SourceFormatError(source_id, path, f"column {column!r} is not text ({values.dtype})",
                                    f"The package changed the data set: update {module}")
        return values.astype(str)
    if kind == "whole":
        if not pd.api.types.is_numeric_dtype(values):
            raise SourceFormatError(source_id, path, f"column {column!r} is not numeric ({values.dtype})",
                                    f"The package changed the data set: update {module}")
        fraction = values % 1 != 0
        if fraction.any():
            raise SourceFormatError(
                source_id, path, f"column {column!r} holds a number with a fraction in row "
                f"{_row(fraction)} ({values[fraction].iloc[0]}); whole numbers were expected",
                f"Check the file; update {module} if the values are now estimates or rates")
        return values.astype("int64")
    raise ValueError(f"unknown column kind {kind!r}; use one of {KINDS}")


def _row(mask: pd.Series) -> int:
    """The R row number (1-based) of the first row where ``mask`` holds."""
    return int(mask.to_numpy().nonzero()[0][0]) + 1


def validated(schema: pa.DataFrameSchema, table: pd.DataFrame, source_id: str, path: Path,
              module: str) -> pd.DataFrame:
    """``table`` checked by ``schema``; a failure is a :class:`SourceFormatError` on the file."""
    try:
        return schema.validate(table)
    except (pa.errors.SchemaError, pa.errors.SchemaErrors) as error:
        cases = getattr(error, "failure_cases", None)
        first_line = str(error).strip().splitlines()[0]
        shown = "" if cases is None or "failure cases" in first_line else \
            f" (failing values: {_values(cases)})"
        raise SourceFormatError(
            source_id, path, f"the extracted table fails its checks: {first_line}{shown}",
            f"Look for these values in the raw file and update {module}",
        ) from error


def _values(cases) -> str:
    column = cases["failure_case"] if isinstance(cases, pd.DataFrame) else pd.Series(cases)
    values = list(dict.fromkeys(str(value) for value in column))
    return ", ".join(values[:5]) + (", ..." if len(values) > 5 else "")
