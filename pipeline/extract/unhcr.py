"""UNHCR files -> tidy tables: Mediterranean arrivals (monthly, by origin, by year) and asylum
applications lodged in European partner countries by nationals of African partner countries.

Why: the concept note cites UNHCR's Mediterranean portal (footnote 11) beside IOM's death toll,
and the paper sets smuggling in the context of arrivals and asylum claims along the Rabat
routes. The files and what is taken from each:

* ``unhcr_arrivals_12_31.csv`` (UNHCR data portal, monthly 2014-Oct 2019): one column per
  country and mode (``italy_all``, ``greece_sea``...). "NA" means not reported and is dropped,
  not read as 0. Greece's land column is 0 before 2018 (not "no land arrivals": the workbook's
  summary gives 4,907 for 2015), and "all" is sea + land where both are given; the two are
  checked to add up. The workbook's COMBINED sheet is the same table.
* ``unhcr_med_data_12_31.xlsx``: the "Arrivals - <country>" sheets give sea arrivals by country
  of origin and month (2016-2019, main nationalities plus "Others"); EUROPE_SUMMARY's "Arrivals
  by year" block gives yearly sea/land arrivals and dead and missing per country, 2014-2018.
  The other sheets are working copies (API pulls in "Source", comparisons, a pivot).
* ``data_country_year.csv``: a third party's yearly sums of UNHCR landing-site data 2014-2022,
  flagged ``derived`` (its Italy 2014, 159,135, is not UNHCR's published 170,100).
* ``unhcr_asylum_applications_2000-2025.csv.gz`` (UNHCR ``refugees`` R package): read with
  "NA" kept as text, because there it is a code (``dec_level`` NA = new applications), not a
  missing value; see :func:`applications_by_partners` for what is summed.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipeline.errors import SourceFormatError, require_columns
from pipeline.extract.step import Step, single_file
from pipeline.numbers import NumberFormatError, parse_count

# Registry ids (sources/registry.yml), used in error messages.
ARRIVALS_ID = "unhcr-med-arrivals-2019"
WORKBOOK_ID = "unhcr-med-workbook-2019"
COUNTRY_YEAR_ID = "unhcr-sea-arrivals-2022"
ASYLUM_ID = "unhcr-asylum-applications-2025"

COUNTRIES = {"italy": "Italy", "greece": "Greece", "spain": "Spain", "cyprus": "Cyprus", "malta": "Malta"}
MODES = ["all", "sea", "land"]
ARRIVAL_COLUMNS = ["month", "year", "month-year", "italy_all", "greece_all", "greece_sea",
                   "greece_land", "spain_all", "spain_land", "spain_sea", "cyprus_all", "malta_all"]


def _invalid(source_id: str, path: Path, error: Exception) -> SourceFormatError:
    return SourceFormatError(source_id, path, f"the extracted table fails its checks: {error}",
                             "Look at the rows named above in the raw file and update pipeline/extract/unhcr.py")


# ---------------------------------------------------------------------------------------------
# (a) monthly arrivals by country and mode

ARRIVALS_SCHEMA = pa.DataFrameSchema(
    {
        "country": pa.Column(str, pa.Check.isin(list(COUNTRIES.values()))),
        "mode": pa.Column(str, pa.Check.isin(MODES)),
        "year": pa.Column(int, pa.Check.in_range(2014, 2030)),
        "month": pa.Column(int, pa.Check.in_range(1, 12)),
        "arrivals": pa.Column(int, pa.Check.ge(0)),
        "source_row": pa.Column(int, pa.Check.ge(2)),
    },
    checks=[pa.Check(lambda df: ~df.duplicated(["country", "mode", "year", "month"]),
                     error="duplicate country/mode/month")],
    strict=True,
    ordered=True,
)


def read_monthly_arrivals(path: str | Path, source_id: str = ARRIVALS_ID) -> pd.DataFrame:
    """Tidy monthly arrivals: ``country, mode`` (all/sea/land), ``year, month, arrivals``.

    ``source_row`` is the CSV line (header = line 1). Do not add modes: "all" includes the others.
    """
    path = Path(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    require_columns(raw.columns, ARRIVAL_COLUMNS, source_id, path,
                    "UNHCR may have renamed the columns: update ARRIVAL_COLUMNS in pipeline/extract/unhcr.py")
    month_year = pd.to_datetime(raw["month-year"], format="%b-%Y", errors="coerce")
    raw["month"], raw["year"] = _ints(raw["month"]), _ints(raw["year"])
    if not (month_year.dt.month.eq(raw["month"]) & month_year.dt.year.eq(raw["year"])).all():
        raise SourceFormatError(source_id, path, "month/year disagree with month-year",
                                "Check the file against the UNHCR portal")
    long = raw.assign(source_row=raw.index + 2).melt(
        id_vars=["year", "month", "source_row"], value_vars=ARRIVAL_COLUMNS[3:], var_name="column",
        value_name="text",
    )
    long = long[~long["text"].isin(["", "NA"])]
    long["arrivals"] = [_count(v, row, column, source_id, path)
                        for v, row, column in zip(long["text"], long["source_row"], long["column"])]
    parts = long["column"].str.split("_", expand=True)
    long["country"], long["mode"] = parts[0].map(COUNTRIES), parts[1]
    wide = long.pivot_table(index=["country", "year", "month"], columns="mode", values="arrivals")
    if {"sea", "land", "all"} <= set(wide.columns):
        both = wide.dropna(subset=["sea", "land", "all"])
        bad = both[both["all"] != both["sea"] + both["land"]]
        if len(bad):
            raise SourceFormatError(source_id, path, f"'all' is not sea + land in {bad.index[0]}",
                                    "Check the file; the columns may have changed meaning")
    table = long[["country", "mode", "year", "month", "arrivals", "source_row"]]
    table = table.sort_values(["country", "mode", "year", "month"], ignore_index=True)
    try:
        return ARRIVALS_SCHEMA.validate(table.astype({"year": int, "month": int, "source_row": int}))
    except (pa.errors.SchemaError, pa.errors.SchemaErrors) as error:
        raise _invalid(source_id, path, error) from error


def _ints(values: pd.Series) -> pd.Series:
    return pd.to_numeric(values, errors="coerce").astype("Int64")


def _count(value: object, row: int, column: str, source_id: str, path: Path) -> int:
    try:
        parsed = parse_count(value)
    except NumberFormatError as error:
        raise SourceFormatError(source_id, path, f"row {row}, {column}: {error}",
                                "Correct the cell or update pipeline/extract/unhcr.py") from error
    if parsed.value is None:
        raise SourceFormatError(source_id, path, f"row {row}, {column}: censored value {value!r}",
                                "UNHCR does not censor these counts; check the file")
    return int(parsed.value)


# ---------------------------------------------------------------------------------------------
# (b) workbook: arrivals by country of origin, yearly summary

ORIGIN_SHEETS = {"Arrivals - Greece": "Greece", "Arrivals - Italy": "Italy",
                 "Arrivals - Spain": "Spain", "Arrivals - Cyprus": "Cyprus"}
#: header (lower case) -> field; Greece's sheet has names only, the others ISO codes too.
ORIGIN_HEADERS = {
    "country of origin iso code": "origin_code", "country of origin name": "origin_name",
    "country of origin": "origin_name", "arrival month": "month", "arrival year": "year",
    "number of individuals arrived": "arrivals",
}
#: ISO3 for names the Greek sheet uses that no other sheet pairs with a code.
EXTRA_ISO3 = {"Afghanistan": "AFG", "Pakistan": "PAK", "Iraq": "IRQ", "Kuwait": "KWT",
              "Iran (Islamic Rep. of)": "IRN", "State of Palestine": "PSE", "Palestine": "PSE"}

ORIGINS_SCHEMA = pa.DataFrameSchema(
    {
        "arrival_country": pa.Column(str, pa.Check.isin(list(ORIGIN_SHEETS.values()))),
        "origin_iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$"), nullable=True),
        "origin_name": pa.Column(str, nullable=True),
        "year": pa.Column(int, pa.Check.in_range(2014, 2030)),
        "month": pa.Column(int, pa.Check.in_range(1, 12)),
        "arrivals": pa.Column(int, pa.Check.ge(0)),
        "sheet": pa.Column(str),
        "excel_row": pa.Column(int, pa.Check.ge(2)),
    },
    checks=[pa.Check(lambda df: ~df.duplicated(["arrival_country", "origin_name", "year", "month"]),
                     error="duplicate origin/month")],
    strict=True,
    ordered=True,
)


def read_origin_arrivals(path: str | Path, source_id: str = WORKBOOK_ID) -> pd.DataFrame:
    """Sea arrivals by country of arrival, country of origin and month (the 4 origin sheets).

    ``origin_iso3`` is the sheet's code, or for the Greek sheet (names only) the code another
    sheet gives the same name; "OTH" (Others) and rows without a name have none.
    """
    path = Path(path)
    sheets = _sheets(path, source_id, list(ORIGIN_SHEETS))
    frames = []
    for sheet, country in ORIGIN_SHEETS.items():
        frame = sheets[sheet]
        fields = {column: ORIGIN_HEADERS[column.strip().lower()] for column in frame.columns
                  if column.strip().lower() in ORIGIN_HEADERS}
        needed = {"origin_name", "month", "year", "arrivals"}
        if not needed <= set(fields.values()):
            raise SourceFormatError(
                source_id, path,
                f"sheet {sheet!r} lacks {sorted(needed - set(fields.values()))} "
                f"(found {list(frame.columns)})",
                "UNHCR may have renamed the headers: update ORIGIN_HEADERS in pipeline/extract/unhcr.py",
            )
        frame = frame[list(fields)].rename(columns=fields)
        frame["arrival_country"], frame["sheet"] = country, sheet
        frame["excel_row"] = frame.index + 2
        frames.append(frame)
    table = pd.concat(frames, ignore_index=True)
    names = table.dropna(subset=["origin_code", "origin_name"])
    iso3 = {**EXTRA_ISO3, **dict(zip(names["origin_name"], names["origin_code"]))}
    code = table["origin_code"].fillna(table["origin_name"].map(iso3))
    table["origin_iso3"] = code.where(code.str.fullmatch(r"[A-Z]{3}") & (code != "OTH"))
    table["arrivals"] = [_count(v, row, f"{sheet} arrivals", source_id, path)
                         for v, row, sheet in zip(table["arrivals"], table["excel_row"], table["sheet"])]
    table = table[list(ORIGINS_SCHEMA.columns)].astype({"year": int, "month": int})
    try:
        return ORIGINS_SCHEMA.validate(table.astype({"origin_iso3": "str", "origin_name": "str"}))
    except (pa.errors.SchemaError, pa.errors.SchemaErrors) as error:
        raise _invalid(source_id, path, error) from error


def _sheets(path: Path, source_id: str, names: list[str], header: int | None = 0) -> dict:
    try:
        book = pd.ExcelFile(path, engine="calamine")
    except Exception as error:  # calamine raises its own types for damaged workbooks
        raise SourceFormatError(source_id, path, f"cannot be read as a workbook ({error})",
                                "Check that the download is complete; fetch it again") from error
    missing = [name for name in names if name not in book.sheet_names]
    if missing:
        raise SourceFormatError(source_id, path, f"no sheet(s) {missing} (has {book.sheet_names})",
                                "UNHCR may have renamed the sheets: update pipeline/extract/unhcr.py")
    return {name: pd.read_excel(book, sheet_name=name, header=header) for name in names}


SUMMARY_SHEET = "EUROPE_SUMMARY"
SUMMARY_LABEL = "Arrivals by year"
#: block header -> measure. Europe's "Arrivals" is sea + land; countries give sea and land apart.
MEASURES = {"Arrivals": "arrivals", "Sea": "sea", "Land": "land", "Dead and missing": "dead_and_missing"}

SUMMARY_SCHEMA = pa.DataFrameSchema(
    {
        "area": pa.Column(str, pa.Check.isin(["Europe", "Greece", "Spain", "Italy", "Malta", "Cyprus"])),
        "measure": pa.Column(str, pa.Check.isin(list(MEASURES.values()))),
        "year": pa.Column(int, pa.Check.in_range(2014, 2030)),
        "value": pa.Column(int, pa.Check.ge(0)),
        "cell": pa.Column(str, pa.Check.str_matches(r"^EUROPE_SUMMARY![A-Z]+\d+$")),
    },
    checks=[pa.Check(lambda df: ~df.duplicated(["area", "measure", "year"]), error="duplicate")],
    strict=True,
    ordered=True,
)


def read_yearly_summary(path: str | Path, source_id: str = WORKBOOK_ID) -> pd.DataFrame:
    """EUROPE_SUMMARY's "Arrivals by year" block: per area (Europe and 5 countries), measure
    (arrivals, sea, land, dead_and_missing) and year, with the cell each value is read from.

    The years are written once, in the Europe block's first column; each country block (4
    columns wide, its name on the first row) has the label in its first column and its headers
    on the next row. Blocks without the label (Turkey, Ukraine) are skipped.
    """
    path = Path(path)
    grid = _sheets(path, source_id, [SUMMARY_SHEET], header=None)[SUMMARY_SHEET]
    label_rows = grid.index[grid[0] == SUMMARY_LABEL]
    if len(label_rows) != 1 or grid.iat[label_rows[0] + 1, 0] != "Year":
        raise SourceFormatError(
            source_id, path, f"no single {SUMMARY_LABEL!r} block with a 'Year' column in {SUMMARY_SHEET}",
            "UNHCR changed the summary layout: update read_yearly_summary in pipeline/extract/unhcr.py",
        )
    top = label_rows[0] + 1
    years = []
    for row in range(top + 1, len(grid)):
        if pd.isna(grid.iat[row, 0]):
            break
        years.append((row, int(grid.iat[row, 0])))
    records = []
    for start in range(0, grid.shape[1], 4):
        area = "Europe" if start == 0 else str(grid.iat[0, start]).strip().title()
        if grid.iat[top - 1, start] != SUMMARY_LABEL:
            continue
        for column in range(start, min(start + 4, grid.shape[1])):
            header = grid.iat[top, column]
            if header not in MEASURES:
                continue
            for row, year in years:
                value = grid.iat[row, column]
                cell = f"{SUMMARY_SHEET}!{_letters(column)}{row + 1}"
                records.append({"area": area, "measure": MEASURES[header], "year": year,
                                "value": _count(value, row + 1, cell, source_id, path), "cell": cell})
    try:
        return SUMMARY_SCHEMA.validate(pd.DataFrame(records, columns=list(SUMMARY_SCHEMA.columns)))
    except (pa.errors.SchemaError, pa.errors.SchemaErrors) as error:
        raise _invalid(source_id, path, error) from error


def _letters(column: int) -> str:
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# ---------------------------------------------------------------------------------------------
# (c) third party's yearly sea arrivals

COUNTRY_YEAR_SCHEMA = pa.DataFrameSchema(
    {
        "country": pa.Column(str, pa.Check.isin(list(COUNTRIES.values()))),
        "year": pa.Column(int, pa.Check.in_range(2014, 2030)),
        "sea_arrivals": pa.Column(int, pa.Check.ge(0)),
        "derived": pa.Column(bool),
        "source_row": pa.Column(int, pa.Check.ge(2)),
    },
    checks=[pa.Check(lambda df: ~df.duplicated(["country", "year"]), error="duplicate country/year")],
    strict=True,
    ordered=True,
)


def read_country_year(path: str | Path, source_id: str = COUNTRY_YEAR_ID) -> pd.DataFrame:
    """Yearly sea arrivals per country (columns ``country_name, year, individuals``); derived."""
    path = Path(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    require_columns(raw.columns, ("country_name", "year", "individuals"), source_id, path,
                    "The third party changed its output: update read_country_year in pipeline/extract/unhcr.py")
    rows = raw.index + 2
    table = pd.DataFrame({
        "country": raw["country_name"].str.strip(),
        "year": [_count(v, r, "year", source_id, path) for v, r in zip(raw["year"], rows)],
        "sea_arrivals": [_count(v, r, "individuals", source_id, path)
                         for v, r in zip(raw["individuals"], rows)],
        "derived": True,
        "source_row": rows,
    })
    try:
        return COUNTRY_YEAR_SCHEMA.validate(table)
    except (pa.errors.SchemaError, pa.errors.SchemaErrors) as error:
        raise _invalid(source_id, path, error) from error


# ---------------------------------------------------------------------------------------------
# (d) asylum applications

ASYLUM_COLUMNS = {"year": "float64", "coo_iso": "str", "coa_iso": "str", "procedure_type": "str",
                  "app_type": "str", "dec_level": "str", "app_pc": "str", "applied": "float64"}
#: Decision levels counted as applications lodged at first instance: FI first instance, FA first
#: instance and appeal reported together, NA new applications (e.g. Germany 2006-2020).
FIRST_INSTANCE = {"FI", "FA", "NA"}

ASYLUM_SCHEMA = pa.DataFrameSchema(
    {
        "year": pa.Column(int, pa.Check.in_range(1951, 2030)),
        "coo_iso": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "coa_iso": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "procedure_type": pa.Column(str, pa.Check.isin(["G", "J", "U"])),
        "app_type": pa.Column(str),
        "dec_level": pa.Column(str),
        "app_pc": pa.Column(str, pa.Check.isin(["P", "C"])),
        "applied": pa.Column(int, pa.Check.ge(0)),
    },
    strict=True,
    ordered=True,
)


def read_asylum_applications(path: str | Path, source_id: str = ASYLUM_ID, *,
                             origins: set[str] | None = None, asylums: set[str] | None = None,
                             chunksize: int = 50_000) -> pd.DataFrame:
    """The asylum applications table, only the columns used, optionally only some origin and
    asylum countries (ISO3), read in chunks so that memory stays that of the kept rows.

    "NA" is a code here, not a missing value, so only empty cells count as missing.
    """
    path = Path(path)
    header = pd.read_csv(path, nrows=0).columns
    require_columns(header, ASYLUM_COLUMNS, source_id, path,
                    "The refugees package changed its columns: update ASYLUM_COLUMNS in pipeline/extract/unhcr.py")
    kept = []
    for chunk in pd.read_csv(path, usecols=list(ASYLUM_COLUMNS), dtype=ASYLUM_COLUMNS,
                             keep_default_na=False, na_values=[""], chunksize=chunksize):
        if origins is not None:
            chunk = chunk[chunk["coo_iso"].isin(origins)]
        if asylums is not None:
            chunk = chunk[chunk["coa_iso"].isin(asylums)]
        kept.append(chunk)
    table = pd.concat(kept, ignore_index=True)[list(ASYLUM_COLUMNS)]
    numbers = table[["year", "applied"]]
    if numbers.isna().any().any() or (numbers % 1 != 0).any().any():
        raise SourceFormatError(source_id, path, "year or applied is empty or not a whole number",
                                "Check the file; the pipeline expects whole counts")
    try:
        return ASYLUM_SCHEMA.validate(table.astype({"year": int, "applied": int}))
    except (pa.errors.SchemaError, pa.errors.SchemaErrors) as error:
        raise _invalid(source_id, path, error) from error


APPLICATIONS_SCHEMA = pa.DataFrameSchema(
    {
        "year": pa.Column(int, pa.Check.in_range(2000, 2030), unique=True),
        "applications": pa.Column(int, pa.Check.ge(0)),
        "of_which_cases": pa.Column(int, pa.Check.ge(0)),
        "not_counted": pa.Column(int, pa.Check.ge(0)),
    },
    checks=[pa.Check(lambda df: df["of_which_cases"] <= df["applications"], error="cases > total")],
    strict=True,
    ordered=True,
)


def applications_by_partners(applications: pd.DataFrame, african_iso3: set[str] | frozenset[str],
                             european_iso3: set[str] | frozenset[str],
                             years: range = range(2000, 2026)) -> pd.DataFrame:
    """Yearly asylum applications lodged in European partner countries by nationals of African
    partner countries.

    Sums ``applied`` over rows with ``coo_iso`` in ``african_iso3``, ``coa_iso`` in
    ``european_iso3`` and ``dec_level`` in :data:`FIRST_INSTANCE`, whatever ``app_type`` says.
    Why ``dec_level`` and not ``app_type``: before about 2013 ``app_type`` is used loosely
    (France 2009 files its appeals as N with dec_level AR; Germany 2006 its new claims under an
    "NA" app_type; European rows of 2000-2005 are all V), while ``dec_level`` separates first-instance claims
    from appeals and reviews (AR, JR), repeat/reopened claims (RA) and Ireland's separate
    subsidiary-protection claims (SP), which would count people twice. This is the measure
    closest to Eurostat's first-time applicants (Germany 2015: 441,898 in its "NA" rows).
    ``of_which_cases`` is the part reported as cases rather than persons (a case may be several
    people); ``not_counted`` is what the excluded levels add up to, for comparison.
    """
    rows = applications[applications["coo_iso"].isin(african_iso3)
                        & applications["coa_iso"].isin(european_iso3)]
    counted = rows["dec_level"].isin(FIRST_INSTANCE)
    by_year = pd.DataFrame({
        "applications": rows.loc[counted].groupby("year")["applied"].sum(),
        "of_which_cases": rows.loc[counted & (rows["app_pc"] == "C")].groupby("year")["applied"].sum(),
        "not_counted": rows.loc[~counted].groupby("year")["applied"].sum(),
    }).reindex(list(years)).fillna(0).astype(int)
    return APPLICATIONS_SCHEMA.validate(by_year.rename_axis("year").reset_index())


# ---------------------------------------------------------------------------------------------
# The extraction steps: one per tidy table, for pipeline.extract.step.run

NOTEBOOK = "notebooks/04-extract-unhcr.ipynb"
MONTHLY = Step("unhcr_monthly_arrivals", NOTEBOOK, single_file(read_monthly_arrivals), ARRIVALS_SCHEMA,
               {"columns": "<country>_<mode> by month-year", "NA": "not reported (dropped)"},
               time={"year": "year", "month": "month"})
ORIGINS = Step("unhcr_origins", NOTEBOOK, single_file(read_origin_arrivals), ORIGINS_SCHEMA,
               {"sheets": list(ORIGIN_SHEETS)}, time={"year": "year", "month": "month"})
YEARLY = Step("unhcr_yearly", NOTEBOOK, single_file(read_yearly_summary), SUMMARY_SCHEMA,
              {"sheet": SUMMARY_SHEET, "block": SUMMARY_LABEL}, time={"year": "year"})
SEA_YEARLY = Step("unhcr_sea_arrivals_year", NOTEBOOK, single_file(read_country_year),
                  COUNTRY_YEAR_SCHEMA, {"derived": "a third party's sum of UNHCR landing sites"},
                  time={"year": "year"})


def _asylum(raws, african: frozenset[str], european: frozenset[str]) -> pd.DataFrame:
    (raw,) = raws
    applications = read_asylum_applications(raw.path, raw.source.id,
                                            origins=set(african), asylums=set(european))
    counted = applications[applications["dec_level"].isin(FIRST_INSTANCE)]
    return (counted.groupby(["year", "coo_iso", "coa_iso"], as_index=False)["applied"].sum()
            .rename(columns={"coo_iso": "origin_iso3", "coa_iso": "asylum_iso3",
                             "applied": "applications"}))


ASYLUM_PARTNERS_SCHEMA = pa.DataFrameSchema(
    {
        "year": pa.Column(int, pa.Check.in_range(2000, 2030)),
        "origin_iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "asylum_iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "applications": pa.Column(int, pa.Check.ge(0)),
    },
    strict=True, ordered=True, coerce=True, unique=["year", "origin_iso3", "asylum_iso3"],
)

ASYLUM = Step("unhcr_asylum_partners", NOTEBOOK, _asylum, ASYLUM_PARTNERS_SCHEMA,
              {"applied": f"summed where dec_level in {sorted(FIRST_INSTANCE)} (first instance)",
               "origin": "African partners, today's and those of earlier partner lists",
               "asylum": "European partners, today's and those of earlier partner lists (by country)"},
              time={"year": "year"})
