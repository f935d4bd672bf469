"""Human Trafficking Indicators (Frank 2013) -> the dates each country signed the Trafficking
Protocol and consented to be bound by it, beside the years Kelley and Simmons give.

Why: the paper's country table says whether each partner is party to the Protocol, and since
when. HTI (``HTI.csv``, one row per country and TIP report year 2001-2011) repeats, on every row
of a country, the dates of its signature (``UNP_sign``) and of its ratification or accession
(``UNP_rat``), taken from the UN Treaty Collection (codebook, section VII) as they stood when the
data were made (the latest date is of October 2013). Traps:

* the file is Latin-1 with stray Mac Roman no-break spaces (byte 0xCA, which Latin-1 reads as
  "Ê") before and after dates and names: they are read as the no-break spaces they are;
* a suffix after the date gives the kind of consent, in the UN Treaty Collection's notation
  (which the codebook follows for "a"; :func:`pipeline.extract.untc.parse_date` reads it):
  "a" accession, "A" acceptance, "d" succession; no suffix, ratification;
* a country is sometimes spelt two ways ("Cote d'Ivoire" and "Cote D'Ivoire"): rows are joined on
  ISO3, and a country whose dates differ between rows stops the extraction;
* the licence grants nothing: the file is never committed, only these derived dates.

Kelley-Simmons (:func:`pipeline.extract.scorecard.read_kelley_simmons_years`) give years only,
up to 2009 (2012 standing for "not yet"). Both are kept side by side; ``comparison`` says
whether their years agree, and :data:`DISAGREEMENTS` lists the comparisons where they do not.
HTI wins where it has a date (:mod:`pipeline.analysis.countries`): its dates are the UN Treaty
Collection's, to the day, and four years later than Kelley-Simmons' last year. Morocco is the
case in point: HTI gives its accession as 25 April 2011, Kelley-Simmons' ``protocoldate`` 2012,
while their own yearly indicator ``ratproto2000`` turns to 1 in 2011. No source here gives the
ratifications of the Smuggling Protocol.
"""
from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipeline.errors import SourceFormatError, require_columns
from pipeline.extract import countries, scorecard
from pipeline.extract.step import Step, validated
from pipeline.extract.untc import KINDS, parse_date

SOURCE_ID = "hti-2013"
MAC_NO_BREAK_SPACE = "\u00ca"  # byte 0xCA, a Mac Roman no-break space, as Latin-1 reads it
COLUMNS = ["country", "year", "UNP_sign", "UNP_rat"]
_HINT = "update pipeline/extract/hti.py"

KS_PLACEHOLDER = "HTI date after 2009, Kelley-Simmons 2012 (not by 2009)"
COMPARISONS = ["same year", "different years", KS_PLACEHOLDER, "HTI date only",
               "Kelley-Simmons year only", "no date in either"]
#: the comparisons where the two sources disagree (HTI's date is the one used: see the docstring)
DISAGREEMENTS = ["different years", KS_PLACEHOLDER]

SCHEMA = pa.DataFrameSchema(
    {
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$"), unique=True),
        "hti_name": pa.Column(str, nullable=True),
        "hti_signed": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$"), nullable=True),
        "hti_consent": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$"), nullable=True),
        "hti_consent_kind": pa.Column(str, pa.Check.isin(list(KINDS.values())), nullable=True),
        "ks_name": pa.Column(str, nullable=True),
        "ks_protocol_year": pa.Column("Int64", pa.Check.in_range(2000, 2030), nullable=True),
        "ks_ratified_year": pa.Column("Int64", pa.Check.in_range(2000, 2030), nullable=True),
        "ks_unctoc_year": pa.Column("Int64", pa.Check.in_range(2000, 2030), nullable=True),
        "comparison": pa.Column(str, pa.Check.isin(COMPARISONS)),
    },
    checks=[pa.Check(lambda df: df["hti_consent"].isna() == df["hti_consent_kind"].isna(),
                     error="a consent date without its kind")],
    strict=True,
    ordered=True,
    coerce=True,
)


def read_text(path: Path, source_id: str) -> pd.DataFrame:
    """HTI.csv as text cells, Latin-1 decoded and its Mac no-break spaces restored."""
    text = path.read_bytes().decode("latin-1").replace(MAC_NO_BREAK_SPACE, "\u00a0")
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    except pd.errors.ParserError as error:
        raise SourceFormatError(source_id, path, f"cannot be read as CSV ({error})",
                                "Check that the download is complete; fetch it again") from error
    require_columns(frame.columns, COLUMNS, source_id, path, f"HTI may have renamed its variables: {_HINT}",
                    shown=8)
    return frame


def read_protocol_dates(path: str | Path, source_id: str = SOURCE_ID) -> pd.DataFrame:
    """One row per country: ``iso3, hti_name, hti_signed, hti_consent, hti_consent_kind``."""
    path = Path(path)
    frame = read_text(path, source_id)
    frame["iso3"] = countries.iso3_series(frame["country"], source_id, path)
    records = []
    for line, row in zip(frame.index + 2, frame.itertuples()):
        signed, _ = parse_date(row.UNP_sign, line, "UNP_sign", source_id, path, signature=True)
        consent, kind = parse_date(row.UNP_rat, line, "UNP_rat", source_id, path)
        records.append({"iso3": row.iso3, "year": row.year, "hti_name": countries.clean(row.country),
                        "hti_signed": signed, "hti_consent": consent, "hti_consent_kind": kind})
    dates = pd.DataFrame(records).sort_values(["iso3", "year"])
    facts = ["hti_signed", "hti_consent", "hti_consent_kind"]
    varying = dates.groupby("iso3")[facts].nunique(dropna=False).gt(1).any(axis=1)
    if varying.any():
        raise SourceFormatError(source_id, path, f"the dates of {sorted(varying[varying].index)} "
                                "differ between their rows", f"Check the file; {_HINT}")
    return dates.groupby("iso3", as_index=False).last()[["iso3", "hti_name", *facts]]


def _comparison(hti_consent: object, ks_year: object) -> str:
    """How the two sources' years compare. Kelley-Simmons' 2012 says "not by 2009": against an
    HTI date after 2009 it is a placeholder, against an earlier one a contradiction."""
    has_hti, has_ks = isinstance(hti_consent, str), not pd.isna(ks_year)
    placeholder = has_ks and int(ks_year) == scorecard.KS_PLACEHOLDER_YEAR
    if has_hti and has_ks:
        hti_year = int(hti_consent[:4])
        if hti_year == int(ks_year):
            return "same year"
        return KS_PLACEHOLDER if placeholder and hti_year > scorecard.KS_LAST_YEAR else "different years"
    has_ks = has_ks and not placeholder
    return {(True, False): "HTI date only", (False, True): "Kelley-Simmons year only"}.get(
        (has_hti, has_ks), "no date in either")


def trafficking_protocol(raws) -> pd.DataFrame:
    """HTI's dates beside Kelley-Simmons' years, one row per country in either source."""
    hti, kelley_simmons = raws
    dates = read_protocol_dates(hti.path, hti.source.id)
    years = scorecard.read_kelley_simmons_years(kelley_simmons.path, kelley_simmons.source.id)
    table = dates.merge(years, on="iso3", how="outer").sort_values("iso3", ignore_index=True)
    table["comparison"] = [_comparison(consent, year) for consent, year in
                           zip(table["hti_consent"], table["ks_protocol_year"])]
    return validated(SCHEMA, table, hti.source.id, hti.path, "pipeline/extract/hti.py")


STEP = Step("trafficking_protocol", scorecard.NOTEBOOK, trafficking_protocol, SCHEMA,
            {"variables": {SOURCE_ID: COLUMNS, scorecard.KELLEY_SIMMONS_ID:
                           ["name", "cowcode", "year", "protocoldate", "unctocdate", "ratproto2000"]},
             "kinds": KINDS, "ks_placeholder_year": scorecard.KS_PLACEHOLDER_YEAR},
            time={"events": ["hti_signed", "hti_consent", "ks_protocol_year", "ks_ratified_year",
                             "ks_unctoc_year"]})
