"""UNODC GLOTIP data portal export: read it, check its layout, turn it into tidy tables.

The export (``data_glotip__*.xlsx``) has two title rows ("UNODC", the export date), the header
on the third row, one row per country, indicator, dimension, category, sex, age and year, and
the value as text in ``txtVALUE``: digits, digits with thousands separators, or "<5" where UNODC
suppresses small counts.

The extraction keeps country rows (each with its Excel row number, so every aggregate can be
traced to cells); :func:`pipeline.analysis.aggregates.aggregate` sums them into the world,
UNODC's regions and the Rabat Process groups: the export holds no totals of its own. "Other
forms of exploitation" comes as several rows per country and year (sub-forms the export labels
alike); they are all kept and summed. "<5" is a censored count between 0 and 4: aggregates add 0 to ``value`` and 4 to
``value_upper``, so the true sum lies between the two, and they count the censored cells.
"""
from __future__ import annotations

import dataclasses
import functools
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipeline.errors import SourceFormatError
from pipeline.extract.step import Step
from pipeline.numbers import NumberFormatError, parse_count

SHEET = 0
HEADER_ROW = 2  # 0-based: the third row of the sheet
FIRST_DATA_ROW = HEADER_ROW + 2  # 1-based Excel row of the first data row
COLUMNS = [
    "Iso3_code", "Country", "Region", "Subregion", "Indicator", "Dimension", "Category",
    "Sex", "Age", "Year", "Unit of measurement", "txtVALUE", "Source",
]
REGIONS = ["Africa", "Americas", "Asia", "Europe", "Oceania"]
FORMS = ["Sexual exploitation", "Forced labour", "Other forms of exploitation"]
AGES = ["0 to 17 years", "18 years or over"]
SEXES = ["Female", "Male"]

COUNTRY_SCHEMA = pa.DataFrameSchema(
    {
        "iso3": pa.Column(str, nullable=True),  # the export has no code for Sark
        "country": pa.Column(str),
        "region": pa.Column(str, pa.Check.isin(REGIONS)),
        "year": pa.Column(int, pa.Check.in_range(2003, 2030)),
        "category": pa.Column(str),
        "value": pa.Column(int, pa.Check.ge(0)),
        "value_upper": pa.Column(int, pa.Check.ge(0)),
        "censored": pa.Column(bool),
        "excel_row": pa.Column(int, pa.Check.ge(FIRST_DATA_ROW), unique=True),
    },
    checks=pa.Check(lambda df: df["value_upper"] >= df["value"], error="value_upper < value"),
    strict=True,
    ordered=True,
    coerce=True,
)


def read_export(path, source_id: str) -> pd.DataFrame:
    """The export's data rows, ``txtVALUE`` parsed; read once per file and process."""
    path = Path(path)
    return _read_export(path, path.stat().st_mtime_ns, source_id).copy()


@functools.lru_cache(maxsize=2)
def _read_export(path: Path, mtime_ns: int, source_id: str) -> pd.DataFrame:
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
            "UNODC may have changed the export layout: update pipeline/extract/glotip.py and its tests",
        )
    parsed = [_parse_cell(value, row, source_id, path) for row, value in zip(frame.index, frame["txtVALUE"])]
    return frame.assign(
        lower=[cell.lower for cell in parsed],
        upper=[cell.upper for cell in parsed],
        censored=[cell.censored for cell in parsed],
        excel_row=frame.index + FIRST_DATA_ROW,
    )


def _parse_cell(value, row: int, source_id: str, path) -> object:
    try:
        return parse_count(value)
    except NumberFormatError as error:
        raise SourceFormatError(
            source_id, path, f"txtVALUE in row {row + FIRST_DATA_ROW}: {error}",
            "Report the cell to the maintainers of pipeline/extract/glotip.py",
        ) from error


def country_rows(export: pd.DataFrame, selection: dict[str, str], categories=None,
                 category_column: str = "Category") -> pd.DataFrame:
    """The country rows matching ``selection`` (column -> value), in the tidy country schema.

    ``category_column`` is the export column that varies within the selection (``Age`` for the
    age breakdown, which UNODC files under the dimension "Total"); a blank one is "(blank)".
    Rows without a country or region are not country data (the 2023 export carries a few
    subregional codes such as CAS or EEU there) and are left out.
    """
    rows = export[export["Country"].notna() & export["Region"].isin(REGIONS)]
    for column, value in selection.items():
        rows = rows[rows[column] == value]
    if categories is not None:
        rows = rows[rows[category_column].isin(categories)]
    tidy = pd.DataFrame({
        "iso3": rows["Iso3_code"], "country": rows["Country"], "region": rows["Region"],
        "year": rows["Year"], "category": rows[category_column].fillna("(blank)"),
        "value": rows["lower"],
        "value_upper": rows["upper"], "censored": rows["censored"], "excel_row": rows["excel_row"],
    })
    return COUNTRY_SCHEMA.validate(tidy.sort_values(["country", "year", "category", "excel_row"])
                                   .reset_index(drop=True))


def _step(table: str, selection: dict[str, str], categories=None,
          category_column: str = "Category") -> Step:
    def function(raws) -> pd.DataFrame:
        (raw,) = raws
        return country_rows(read_export(raw.path, raw.source.id), selection, categories, category_column)

    function.__qualname__ = f"country_rows[{table}]"
    recorded = {"sheet": SHEET, "header_row": HEADER_ROW + 1, **selection,
                "category": category_column, "categories": list(categories) if categories else "all",
                "<5": "value 0, value_upper 4, censored true"}
    return Step(table, "notebooks/02-extract-glotip.ipynb", function, COUNTRY_SCHEMA, recorded,
                time={"year": "year"})


VICTIMS = "Detected trafficking victims"
STEPS = {
    "exploitation": _step("glotip_exploitation", {
        "Indicator": VICTIMS, "Dimension": "by form of exploitation", "Sex": "Total", "Age": "Total"},
        FORMS),
    "age": _step("glotip_age", {"Indicator": VICTIMS, "Dimension": "Total", "Sex": "Total"}, AGES,
                 category_column="Age"),
    "citizenship": _step("glotip_citizenship", {
        "Indicator": VICTIMS, "Dimension": "by citizenship", "Sex": "Total", "Age": "Total",
        "Region": "Europe"}),
    "sex": _step("glotip_sex", {"Indicator": VICTIMS, "Dimension": "Total", "Age": "Total"},
                 SEXES, category_column="Sex"),
    "convictions": _step("glotip_convictions", {
        "Indicator": "Persons convicted", "Dimension": "Total", "Sex": "Total", "Age": "Total"}),
}


def steps(tables: list[str], suffix: str = "") -> list[Step]:
    """The extraction steps for ``tables`` (keys of STEPS), their table names ending in ``suffix``.

    The suffix names an earlier vintage of the export (``_2023``) so that both can be built.
    """
    unknown = sorted(set(tables) - set(STEPS))
    if unknown:
        raise ValueError(f"unknown GLOTIP table(s) {unknown}; known: {sorted(STEPS)}")
    return [dataclasses.replace(STEPS[name], table=STEPS[name].table + suffix) for name in tables]
