"""The Rabat Process partner countries, as ISO3 codes the statistical sources can be joined on.

Why: UNHCR tables identify countries by ISO3 code, IOM by name, and the paper speaks of
"African partner countries" and "European partner countries". The transcribed partner list
(``rabat_process_partners.csv``: columns ``country, group, status, source``) has names only, so
this module adds the ISO3 code from the one country table every source uses
(:mod:`pipeline.extract.countries`), which refuses names it does not know rather than guessing.
Algeria and Libya are observers, not partners: the helpers leave them out unless asked, so every
figure says which set it used.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipeline.errors import SourceFormatError, require_columns
from pipeline.extract import countries
from pipeline.extract.step import Step, single_file
from pipeline.sources import facts

SOURCE_ID = "rabat-partners"  # its id in sources/registry.yml
COLUMNS = ["country", "group", "status", "source"]
SIDES = {"Africa": "African", "Europe": "European"}
STATUSES = ["partner", "observer"]

SCHEMA = pa.DataFrameSchema(
    {
        "country": pa.Column(str, unique=True),
        "iso3": pa.Column(str, [pa.Check.str_matches(r"^[A-Z]{3}$")], unique=True),
        "side": pa.Column(str, pa.Check.isin(list(SIDES.values()))),
        "status": pa.Column(str, pa.Check.isin(STATUSES)),
    },
    strict=True,
    ordered=True,
)


def read_partners(path: str | Path, source_id: str = SOURCE_ID) -> pd.DataFrame:
    """One row per country: ``country, iso3, side`` (African/European), ``status``."""
    path = Path(path)
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    require_columns(raw.columns, COLUMNS[:3], source_id, path,
                    "The partner list must have the columns country, group, status; fix the transcription")
    raw = raw.apply(lambda column: column.str.strip())
    for column, allowed in (("group", SIDES), ("status", STATUSES)):
        bad = sorted(set(raw[column]) - set(allowed))
        if bad:
            raise SourceFormatError(
                source_id, path, f"unexpected {column} value(s) {bad}; expected {sorted(allowed)}",
                "Correct the transcription or extend pipeline/extract/partners.py",
            )
    table = pd.DataFrame(
        {
            "country": raw["country"],
            "iso3": countries.iso3_series(raw["country"], source_id, path),
            "side": raw["group"].map(SIDES),
            "status": raw["status"],
        }
    )
    return SCHEMA.validate(table)


def _codes(partners: pd.DataFrame, side: str, include_observers: bool) -> frozenset[str]:
    rows = partners[partners["side"] == side]
    if not include_observers:
        rows = rows[rows["status"] == "partner"]
    return frozenset(rows["iso3"])


def african_partners(partners: pd.DataFrame, *, include_observers: bool = False) -> frozenset[str]:
    """ISO3 codes of the African partners (Algeria and Libya, observers, only if asked)."""
    return _codes(partners, "African", include_observers)


def european_partners(partners: pd.DataFrame, *, include_observers: bool = False) -> frozenset[str]:
    """ISO3 codes of the European partners."""
    return _codes(partners, "European", include_observers)


def ever(partners: pd.DataFrame, side: str) -> frozenset[str]:
    """The countries of ``side`` that are, or on an earlier list were, partners or observers
    (``sources/facts/partner_list.csv``): what an extraction keeps, so that every edition can
    choose the list of its own date (pipeline.analysis.asof.partners_on)."""
    changes = facts.load(facts.PARTNER_LIST.name)
    earlier = changes[(changes["side"] == side) & (changes["status"] != "none")]["iso3"]
    return _codes(partners, side, include_observers=True) | frozenset(earlier)


# ---------------------------------------------------------------------------------------------
# The extraction step: one per tidy table, for pipeline.extract.step.run

STEP = Step("rabat_partners", "notebooks/01-extract-partners.ipynb",
            single_file(read_partners), SCHEMA,
            {"columns": ["country", "group", "status"], "iso3": "pipeline.extract.countries.SPELLINGS"})
