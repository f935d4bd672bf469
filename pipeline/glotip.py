"""UNODC GLOTIP data portal export: read it, check its layout, turn it into tidy tables.

The export (``data_glotip__*.xlsx``) has two title rows ("UNODC", the export date), the header
on the third row, one row per country, indicator, dimension, category, sex, age and year, and
the value as text in ``txtVALUE``: digits, digits with thousands separators, or "<5" where UNODC
suppresses small counts. "Other forms of exploitation" comes as several rows per country and year
(sub-forms the export labels alike), which are summed. It holds no world or regional totals: those are sums over the countries
that reported, so each aggregate carries how many countries and how many "<5" cells it rests on.

"<5" is treated as a censored count between 0 and 4: aggregates add its lower bound (0) to
``value`` and its upper bound (4) to ``value_upper``, so the true sum lies between the two.
"""
from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from pipeline.errors import SourceFormatError
from pipeline.extract import Step
from pipeline.numbers import NumberFormatError, parse_count

SHEET = 0
HEADER_ROW = 2  # 0-based: the third row of the sheet
COLUMNS = [
    "Iso3_code", "Country", "Region", "Subregion", "Indicator", "Dimension", "Category",
    "Sex", "Age", "Year", "Unit of measurement", "txtVALUE", "Source",
]
REGIONS = ["Africa", "Americas", "Asia", "Europe", "Oceania"]
FORMS = ["Sexual exploitation", "Forced labour", "Other forms of exploitation"]
WORLD = "World"

EXPLOITATION_SELECTION = {
    "sheet": SHEET,
    "header_row": HEADER_ROW + 1,
    "Indicator": "Detected trafficking victims",
    "Dimension": "by form of exploitation",
    "Sex": "Total",
    "Age": "Total",
    "aggregation": "sum over countries by Region, and over all countries for World; "
    "'<5' adds 0 to value and 4 to value_upper",
}

EXPLOITATION_SCHEMA = pa.DataFrameSchema(
    {
        "area": pa.Column(str, pa.Check.isin([WORLD, *REGIONS])),
        "area_type": pa.Column(str, pa.Check.isin(["world", "region"])),
        "year": pa.Column(int, pa.Check.in_range(2003, 2030)),
        "form": pa.Column(str, pa.Check.isin(FORMS)),
        "value": pa.Column(int, pa.Check.ge(0)),
        "value_upper": pa.Column(int, pa.Check.ge(0)),
        "countries": pa.Column(int, pa.Check.gt(0)),
        "censored_cells": pa.Column(int, pa.Check.ge(0)),
    },
    checks=[
        pa.Check(lambda df: df["value_upper"] >= df["value"], error="value_upper < value"),
        pa.Check(
            lambda df: ~df.duplicated(["area", "year", "form"]), error="duplicate area/year/form"
        ),
    ],
    strict=True,
    ordered=True,
    coerce=True,
)


def read_export(path, source_id: str) -> pd.DataFrame:
    """The export's data rows with ``value``/``lower``/``upper`` parsed from ``txtVALUE``."""
    try:
        frame = pd.read_excel(path, sheet_name=SHEET, header=HEADER_ROW, engine="calamine")
    except Exception as error:  # calamine raises its own types for damaged workbooks
        raise SourceFormatError(
            source_id, path, f"cannot be read as an Excel workbook ({error})",
            "Check that the download is complete; delete it and run `make sources`",
        ) from error
    return parse_values(frame, source_id, path)


def parse_values(frame: pd.DataFrame, source_id: str, path) -> pd.DataFrame:
    """Check the header, then parse ``txtVALUE`` into ``lower``, ``upper`` and ``censored``."""
    missing = [column for column in COLUMNS if column not in frame.columns]
    if missing:
        raise SourceFormatError(
            source_id, path,
            f"header on row {HEADER_ROW + 1} lacks {', '.join(missing)} (found {list(frame.columns)})",
            "UNODC may have changed the export layout: update pipeline/glotip.py and its tests",
        )
    parsed = [_parse_cell(value, row, source_id, path) for row, value in zip(frame.index, frame["txtVALUE"])]
    return frame.assign(
        lower=[cell.lower for cell in parsed],
        upper=[cell.upper for cell in parsed],
        censored=[cell.censored for cell in parsed],
    )


def _parse_cell(value, row: int, source_id: str, path) -> object:
    try:
        return parse_count(value)
    except NumberFormatError as error:
        excel_row = row + HEADER_ROW + 2
        raise SourceFormatError(
            source_id, path, f"txtVALUE in row {excel_row}: {error}",
            "Report the cell to the maintainers of pipeline/glotip.py",
        ) from error


def exploitation_by_area(export: pd.DataFrame) -> pd.DataFrame:
    """Detected victims by form of exploitation and year, for the world and each UNODC region."""
    selected = export
    for column in ("Indicator", "Dimension", "Sex", "Age"):
        selected = selected[selected[column] == EXPLOITATION_SELECTION[column]]
    selected = selected[selected["Category"].isin(FORMS)]
    world = _sum_countries(selected.assign(area=WORLD), "world")
    regions = _sum_countries(selected.rename(columns={"Region": "area"}), "region")
    tidy = pd.concat([world, regions], ignore_index=True)
    tidy["area"] = pd.Categorical(tidy["area"], [WORLD, *REGIONS], ordered=True)
    tidy["form"] = pd.Categorical(tidy["form"], FORMS, ordered=True)
    tidy = tidy.sort_values(["area", "year", "form"]).astype({"area": str, "form": str})
    return EXPLOITATION_SCHEMA.validate(tidy.reset_index(drop=True))


def _sum_countries(rows: pd.DataFrame, area_type: str) -> pd.DataFrame:
    grouped = rows.groupby(["area", "Year", "Category"], observed=True).agg(
        value=("lower", "sum"),
        value_upper=("upper", "sum"),
        countries=("Country", "nunique"),
        censored_cells=("censored", "sum"),
    )
    tidy = grouped.reset_index().rename(columns={"Year": "year", "Category": "form"})
    tidy.insert(1, "area_type", area_type)
    return tidy[list(EXPLOITATION_SCHEMA.columns)]


def shares(tidy: pd.DataFrame, area: str = WORLD) -> pd.DataFrame:
    """Each form's share of the detected victims of ``area`` per year (lower-bound counts)."""
    rows = tidy[tidy["area"] == area]
    table = rows.pivot(index="year", columns="form", values="value")[FORMS]
    return table.div(table.sum(axis=1), axis=0)


def extract_exploitation(path, source_id: str) -> pd.DataFrame:
    """The extraction step's function: raw export in, tidy exploitation table out."""
    return exploitation_by_area(read_export(path, source_id))


EXPLOITATION_STEP = Step(
    table="glotip_exploitation",
    notebook="notebooks/01-extract-glotip.ipynb",
    function=extract_exploitation,
    schema=EXPLOITATION_SCHEMA,
    selection=EXPLOITATION_SELECTION,
)
