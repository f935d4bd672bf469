"""Italy's Ministry of the Interior, daily sea arrivals 2019-2025 -> arrivals by month, and by
declared nationality at the end of each year.

Why: UNHCR's arrivals by country end in 2019; for the update, the ministry's own daily
statistical dashboard ("cruscotto statistico giornaliero"), as extracted from its PDFs by ondata
(*Liberiamoli tutti!*, CC BY 4.0), carries Italy to September 2025. Two files:

* ``italy_sbarchi_per_giorno.csv`` (``Data, Valore, Note, Fonte, Data_Report``): each report
  (the 15th and the last day of each month, 30 September 2019 to 15 September 2025; none of
  15 July 2021) lists every day of its month from the 1st, with the landings "recorded by 8:00"
  of that day (the note of the report of 31 December 2022 says 24:00). Traps, and how they are
  read:

  - a day appears in several reports (the 15th's and the month's end), sometimes revised
    (14 October 2019: 301, then 310): the **latest report's value is kept**;
  - a report **pads the rest of its month** after its own date: with zeros, blanks, and once
    the template's placeholder ``0[VALORE]0`` (27 May 2024 in the report of 15 May). These are
    no days without arrivals: every row dated after its report is dropped; a positive number
    there would contradict the padding and stops the extraction;
  - a report's **own date is partial** (landings to 8:00 that morning): where a later report
    gives the day again, the reports' own-date values sum to 3,782 against 14,586 in the later
    reports. The month's last day and the last report's own date (15 September 2025) are given
    by no later report, so each month's total likely falls short by part of its last day;
  - **summed daily values run under the ministry's totals**: for each complete year 2020-2024,
    1.4-3.3% under the year-to-date total of the year's last report in the nationality file
    below (2023: 155,515 against 157,652; PROVENANCE.md gives 157,651 as the ministry's
    published total), the partial last days being the likely cause: the paper must say so.

* ``italy_sbarchi_nazionalita.csv`` (``Data_Report, Nazione, ISO_3166-1, Valore``): at each
  report, the arrivals since 1 January by declared nationality, the top ten (fifteen from June
  2025) and the rest as ``altre``. Names are Italian ("Costa d'Avorio"); ondata added ISO
  alpha-2 codes, mapped to ISO3 and checked against the name (:mod:`pipeline.extract.countries`);
  ``altre`` becomes ``OTHER``. The table keeps the latest report of each year (31 December, and
  15 September for 2025), whose year-to-date figures are that year's totals (2019: the whole
  year, although the daily file starts in September).
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipeline.errors import SourceFormatError, require_columns
from pipeline.extract import countries
from pipeline.extract.step import Step, single_file, validated

DAILY_ID, NATIONALITY_ID = "italy-sbarchi-2025", "italy-sbarchi-nationality-2025"
NOTEBOOK = "notebooks/12-extract-italy.ipynb"
DAILY_COLUMNS = ("Data", "Valore", "Note", "Fonte", "Data_Report")
NATIONALITY_COLUMNS = ("Data_Report", "Nazione", "ISO_3166-1", "Valore")
OTHER_NAME, OTHER = "altre", "OTHER"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_COUNT = re.compile(r"^\d+$")
_MODULE = "pipeline/extract/italy.py"
_HINT = f"update {_MODULE}"

MONTH_SCHEMA = pa.DataFrameSchema(
    {
        "year": pa.Column(int, pa.Check.in_range(2019, 2030)),
        "month": pa.Column(int, pa.Check.in_range(1, 12)),
        "arrivals": pa.Column(int, pa.Check.ge(0)),
        "days_counted": pa.Column(int, pa.Check.in_range(1, 31)),
        "last_day": pa.Column(str, pa.Check.str_matches(_ISO_DATE.pattern)),
        "report": pa.Column(str, pa.Check.str_matches(_ISO_DATE.pattern)),
    },
    checks=[pa.Check(lambda df: ~df.duplicated(["year", "month"]), error="two rows for a month"),
            pa.Check(lambda df: df["last_day"].str[8:].astype(int) == df["days_counted"],
                     error="a month with a day missing")],
    strict=True,
    ordered=True,
    coerce=True,
)

NATIONALITY_SCHEMA = pa.DataFrameSchema(
    {
        "year": pa.Column(int, pa.Check.in_range(2019, 2030)),
        "report": pa.Column(str, pa.Check.str_matches(_ISO_DATE.pattern)),
        "nationality": pa.Column(str, pa.Check.str_matches(r"^([A-Z]{3}|OTHER)$")),
        "name": pa.Column(str),
        "arrivals": pa.Column(int, pa.Check.ge(0)),
        "source_row": pa.Column(int, pa.Check.ge(2)),
    },
    checks=[pa.Check(lambda df: ~df.duplicated(["year", "nationality"]), error="a nationality twice in a year")],
    strict=True,
    ordered=True,
    coerce=True,
)


def _read(path: Path, source_id: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """The file as text cells, with ``source_row`` (the CSV line, header = 1)."""
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as error:
        raise SourceFormatError(source_id, path, f"cannot be read as a UTF-8 CSV ({error})",
                                "Check that the download is complete; fetch it again") from error
    require_columns(frame.columns, columns, source_id, path, f"ondata changed its columns: {_HINT}")
    frame["source_row"] = frame.index + 2
    dates = [column for column in columns if column.startswith("Data")]
    bad = frame[~frame[dates].apply(lambda column: column.str.match(_ISO_DATE)).all(axis=1)]
    if len(bad):
        line = bad.iloc[0]
        raise SourceFormatError(source_id, path, f"line {line['source_row']}: a date that is not "
                                f"YYYY-MM-DD in {dict(line[dates])}", f"Check the file; {_HINT}")
    return frame


def read_days(path: str | Path, source_id: str = DAILY_ID) -> pd.DataFrame:
    """One row per day: ``day``, ``arrivals`` and the ``report`` it is taken from (the latest)."""
    path = Path(path)
    frame = _read(path, source_id, DAILY_COLUMNS)
    padding = frame["Data"] > frame["Data_Report"]
    counts = frame["Valore"].str.strip()
    positive = padding & counts.str.match(_COUNT) & (counts.str.lstrip("0") != "")
    unreadable = ~padding & ~counts.str.match(_COUNT)
    for rows, problem in ((positive, "arrivals on a day after the report's own date"),
                          (unreadable, "a day's value that is not a whole number")):
        if rows.any():
            line = frame[rows].iloc[0]
            raise SourceFormatError(source_id, path, f"line {line['source_row']}: {problem} "
                                    f"({line['Data']}: {line['Valore']!r}, report of {line['Data_Report']})",
                                    f"Check the file; {_HINT} if the reports changed their layout")
    days = frame[~padding].sort_values(["Data", "Data_Report"]).groupby("Data").tail(1)
    return pd.DataFrame({"day": days["Data"], "arrivals": days["Valore"].astype(int),
                         "report": days["Data_Report"]}).reset_index(drop=True)


def arrivals_by_month(path: str | Path, source_id: str = DAILY_ID) -> pd.DataFrame:
    """``year, month, arrivals, days_counted, last_day, report`` (:data:`MONTH_SCHEMA`)."""
    days = read_days(path, source_id)
    days["year"], days["month"] = days["day"].str[:4].astype(int), days["day"].str[5:7].astype(int)
    months = days.groupby(["year", "month"], as_index=False).agg(
        arrivals=("arrivals", "sum"), days_counted=("day", "size"), last_day=("day", "max"),
        report=("report", "max"))
    return validated(MONTH_SCHEMA, months, source_id, Path(path), _MODULE)


def arrivals_by_nationality(path: str | Path, source_id: str = NATIONALITY_ID) -> pd.DataFrame:
    """The latest report of each year: ``year, report, nationality, name, arrivals, source_row``."""
    path = Path(path)
    frame = _read(path, source_id, NATIONALITY_COLUMNS)
    frame["year"] = frame["Data_Report"].str[:4].astype(int)
    latest = frame.groupby("year")["Data_Report"].transform("max")
    frame = frame[frame["Data_Report"] == latest].copy()
    if not frame["Valore"].str.match(_COUNT).all():
        line = frame[~frame["Valore"].str.match(_COUNT)].iloc[0]
        raise SourceFormatError(source_id, path, f"line {line['source_row']}: {line['Valore']!r} is not "
                                "a whole number", f"Check the file; {_HINT}")
    other = frame["Nazione"].str.strip() == OTHER_NAME
    codes = pd.Series(OTHER, index=frame.index)
    codes[~other] = countries.iso3_from_alpha2(frame.loc[~other, "ISO_3166-1"], frame.loc[~other, "Nazione"],
                                               source_id, path)
    table = pd.DataFrame({"year": frame["year"], "report": frame["Data_Report"], "nationality": codes,
                          "name": frame["Nazione"].str.strip(), "arrivals": frame["Valore"].astype(int),
                          "source_row": frame["source_row"]})
    return validated(NATIONALITY_SCHEMA, table.reset_index(drop=True), source_id, path, _MODULE)


MONTH_STEP = Step("italy_arrivals_month", NOTEBOOK, single_file(arrivals_by_month), MONTH_SCHEMA,
                  {"variables": list(DAILY_COLUMNS), "days": "each day from the latest report giving it",
                   "dropped": "rows dated after their report (the report's padding of its month)"},
                  time={"date": "last_day"})
NATIONALITY_STEP = Step("italy_arrivals_nationality", NOTEBOOK, single_file(arrivals_by_nationality),
                        NATIONALITY_SCHEMA,
                        {"variables": list(NATIONALITY_COLUMNS), "reports": "the latest of each year",
                         "other": f"{OTHER_NAME!r} -> {OTHER!r}"},
                        time={"date": "report"})
