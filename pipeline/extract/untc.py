"""The UN depositary's status of the Convention against Transnational Organized Crime and its
Trafficking and Smuggling Protocols -> one tidy table ``treaty_status``, one row per instrument
and State: the date of signature, the date of consent to be bound and its kind.

Why: the paper says, for every partner, whether it is party to each instrument, since when and
how (ratified, acceded, ...). The only record in hand of the **Smuggling Protocol** is the UN
Treaty Collection's status pages (chapters XVIII-12, -12-a, -12-b) as scraped around mid-2014:
``Participant, Signature, "Ratification, Acceptance(A), Approval(AA), Accession(a),
Succession(d)"``. Its latest date is of December 2013; later ratifications (the Czech
Republic's of the Trafficking Protocol, 17 December 2014) are cited facts
(``sources/facts/treaty_events.csv``), which :mod:`pipeline.analysis.ratification` adds.

The depositary's notation, which HTI's dates follow too (:mod:`pipeline.extract.hti` reads them
with :func:`parse_date`): a date such as ``17 Feb 2010`` alone is a ratification; a letter after
it gives another kind of consent: ``A`` acceptance, ``AA`` approval, ``a`` accession, ``d``
succession. A signature carries no letter. What the files hold, and how it is read:

* blank cells: a State that acceded without signing has no signature; a signatory that has not
  ratified has no consent (Congo: signed 14 December 2000, no consent in any of the three);
* the names are the UN's ("Côte d'Ivoire" with its circumflex, "Democratic Republic of the
  Congo", "The former Yugoslav Republic of Macedonia"), mapped by
  :mod:`pipeline.extract.countries`, which refuses a name it does not know;
* the European Union is a participant (its approval, "AA") but no State: it is left out and the
  sidecar says so;
* footnote markers and no-break spaces, which the depositary's pages carry, are not in these
  copies (checked: every name and date cell is plain); a cell in any other form than the
  notation above stops the extraction, naming the file, the line and the column.

Only the derived dates are committed: the copy's repository grants nothing.
"""
from __future__ import annotations

import datetime
import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from pipeline.errors import SourceFormatError, require_columns
from pipeline.extract import countries
from pipeline.extract.step import Step, validated

#: registry id -> the instrument's id in sources/facts/instruments.csv
INSTRUMENTS = {
    "untc-untoc-2014": "un-toc",
    "untc-trafficking-protocol-2014": "un-protocol-trafficking",
    "untc-smuggling-protocol-2014": "un-protocol-smuggling",
}
NAME, SIGNED = "Participant", "Signature"
CONSENT = "Ratification, Acceptance(A), Approval(AA), Accession(a), Succession(d)"
#: participants that are no State (a regional economic integration organisation)
NOT_STATES = ("European Union",)

#: the letter after a date of consent -> its kind (no letter: ratification)
KINDS = {"": "ratification", "A": "acceptance", "AA": "approval", "a": "accession", "d": "succession"}
MONTHS = {name: number for number, name in enumerate(
    ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], start=1)}
_DATE = re.compile(r"^(\d{1,2}) (%s) (\d{4})(?: (AA|A|a|d))?$" % "|".join(MONTHS))
_HINT = "update pipeline/extract/untc.py if the notation changed"

SCHEMA = pa.DataFrameSchema(
    {
        "instrument": pa.Column(str, pa.Check.isin(list(INSTRUMENTS.values()))),
        "iso3": pa.Column(str, pa.Check.str_matches(r"^[A-Z]{3}$")),
        "participant": pa.Column(str),
        "signed": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$"), nullable=True),
        "consent": pa.Column(str, pa.Check.str_matches(r"^\d{4}-\d{2}-\d{2}$"), nullable=True),
        "consent_kind": pa.Column(str, pa.Check.isin(list(KINDS.values())), nullable=True),
        "source": pa.Column(str, pa.Check.isin(list(INSTRUMENTS))),
        "source_line": pa.Column(int, pa.Check.ge(2)),
    },
    checks=[
        pa.Check(lambda df: ~df.duplicated(["instrument", "iso3"]), error="a State listed twice"),
        pa.Check(lambda df: df["consent"].isna() == df["consent_kind"].isna(),
                 error="a consent date without its kind"),
        pa.Check(lambda df: df["signed"].notna() | df["consent"].notna(), error="a row without a date"),
    ],
    strict=True,
    ordered=True,
    coerce=True,
)


def parse_date(text: str, row: int, column: str, source_id: str, path: Path,
               signature: bool = False) -> tuple[str | None, str | None]:
    """``"25 Apr 2011 a"`` -> (``"2011-04-25"``, ``"accession"``); an empty cell -> (None, None).

    ``row`` and ``column`` name the cell in an error; a ``signature`` carries no letter.
    """
    cleaned = countries.clean(text)
    if not cleaned:
        return None, None
    match = _DATE.match(cleaned)
    if match is None or (signature and match[4]):
        raise SourceFormatError(source_id, path, f"line {row}, {column}: {text!r} is not a date "
                                "like '25 Apr 2011' (with 'a', 'A', 'AA' or 'd' after a consent)",
                                f"Check the cell; {_HINT}")
    try:  # month names are matched here, not by strptime, whose %b depends on the locale
        date = datetime.date(int(match[3]), MONTHS[match[2]], int(match[1])).isoformat()
    except ValueError as error:
        raise SourceFormatError(source_id, path, f"line {row}, {column}: {text!r}: {error}",
                                "Check the cell against the UN Treaty Collection") from error
    return date, KINDS[match[4] or ""]


def read_status(path: str | Path, source_id: str) -> pd.DataFrame:
    """One status file -> one row per State (``SCHEMA``); ``source_line`` is the CSV line."""
    path = Path(path)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (UnicodeDecodeError, pd.errors.ParserError) as error:
        raise SourceFormatError(source_id, path, f"cannot be read as a UTF-8 CSV ({error})",
                                "Check that the download is complete; fetch it again") from error
    require_columns(frame.columns, (NAME, SIGNED, CONSENT), source_id, path,
                    "The scrape changed its columns: update pipeline/extract/untc.py")
    frame["source_line"] = frame.index + 2
    frame = frame[~frame[NAME].map(countries.clean).isin(NOT_STATES)]
    records = []
    for row in frame.itertuples(index=False):
        cells = dict(zip(frame.columns, row))
        line = cells["source_line"]
        signed, _ = parse_date(cells[SIGNED], line, SIGNED, source_id, path, signature=True)
        consent, kind = parse_date(cells[CONSENT], line, "consent", source_id, path)
        records.append({"signed": signed, "consent": consent, "consent_kind": kind})
    table = pd.DataFrame(records, index=frame.index, columns=["signed", "consent", "consent_kind"])
    table.insert(0, "participant", frame[NAME].map(countries.clean))
    table.insert(0, "iso3", countries.iso3_series(frame[NAME], source_id, path))
    table.insert(0, "instrument", INSTRUMENTS[source_id])
    table["source"], table["source_line"] = source_id, frame["source_line"]
    return validated(SCHEMA, table.reset_index(drop=True), source_id, path, "pipeline/extract/untc.py")


def treaty_status(raws) -> pd.DataFrame:
    """The three status files in one table, sorted by instrument and State."""
    table = pd.concat([read_status(raw.path, raw.source.id) for raw in raws], ignore_index=True)
    return table.sort_values(["instrument", "iso3"], ignore_index=True)


NOTEBOOK = "notebooks/07-extract-policy.ipynb"
STEP = Step("treaty_status", NOTEBOOK, treaty_status, SCHEMA,
            {"variables": [NAME, SIGNED, CONSENT], "instruments": INSTRUMENTS, "kinds": KINDS,
             "dropped": "the European Union (a participant, not a State)"},
            time={"events": ["signed", "consent"]})
