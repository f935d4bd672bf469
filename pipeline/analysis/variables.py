"""Key figures: every number the paper's prose cites, with its provenance, in any language.

The key-figures notebook computes them from the tidy tables of one edition and :func:`write`
stores their records (value, how it is shown, sources with their sha256, table, filter, the
edition's date and the latest observation behind it) in the edition's ``keyfigures.json``. A
value is stored once; each language writes it its own way (:mod:`pipeline.language`), so the
English "14,477" and the French "14 477" cannot drift apart. For rendering, :func:`yaml_text`
writes the ``_variables.yml`` that Quarto's ``{{< var >}}`` shortcode (and the fallback
renderer's filter) reads, in one language, from these records and nothing else.

The renderers print what ``_variables.yml`` says, so before rendering :func:`check` makes sure
that it says what the provenance records: a value edited by hand in the YAML would otherwise
reach the reader while the annex and the guard vouch for another.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from pipeline import atomic, language, paths
from pipeline.language import Display


@dataclass(frozen=True)
class KeyFigure:
    key: str  # dotted, as written in the shortcode: glotip.world.share_sexual_latest
    value: float
    text: str  # as the English prose shows it: "49%", "12,345", "2022" (the annex, the guard)
    sources: list[dict[str, str]]  # id, file, sha256, date of each raw file behind the table
    table: str
    filter: str
    kind: str = "text"  # how a language writes it: a kind of pipeline.language.Display
    code: str = ""  # for names and periods: the catalogue key, the month or the date
    as_of: str = ""  # the edition's date ("2015-11-30", or "latest")
    latest_observation: str | None = None  # the latest observation of the table, after the cut
    made_by: str = ""  # the function that computed it: pipeline.analysis.keyfigures.frontex

    @property
    def display(self) -> Display:
        return Display(self.kind, self.value, self.code)

    def shown(self, lang: str) -> str:
        """The text of this figure in ``lang``."""
        return language.show(self.display, lang)


# --- How a value is shown ----------------------------------------------------------------------

def count(value: float) -> Display:
    """A whole number: 14,477 (14 477 in French)."""
    return Display("count", float(value))


def percent(share: float) -> Display:
    """A share (0-1) as a whole percentage: 0.494 -> 49% (49 %)."""
    return Display("percent", float(share))


def decimal(value: float) -> Display:
    """A number with one decimal place: 8.6 (8,6)."""
    return Display("decimal", float(value))


def year(value: int) -> Display:
    return Display("year", float(value))


def month(day: dt.date | pd.Timestamp) -> Display:
    """The month of ``day``: October 2015 (octobre 2015). Its value is its code."""
    return Display("month", code=f"{day.year:04d}-{day.month:02d}")


def date(day: dt.date | pd.Timestamp) -> Display:
    """A day: 25 April 2011 (25 avril 2011)."""
    return Display("date", code=f"{day.year:04d}-{day.month:02d}-{day.day:02d}")


def label(key: str) -> Display:
    """A name from the label catalogues: ``label("country.NGA")`` -> Nigeria (Nigéria)."""
    return Display("label", code=key)


def labels(keys: list[str]) -> Display:
    """Names joined as prose joins them: "Algeria and Libya"; none: the catalogue's word."""
    return Display("labels", code=",".join(keys)) if keys else label("word.none")


def key_figure(key: str, display: Display | str, provenance: dict[str, Any], filter: str) -> KeyFigure:
    """The one way to declare a key figure: its key, written out; its value, once, as it is
    shown (``count(value)``, ``percent(share)``, ``label(code)``...); the provenance of the table
    it was computed from; and how it was computed.

    A plain string is printed as it is in every language: use it only for what no language
    translates (a document number), never for a name or a number. Names, months and dates have
    no value but their code.
    """
    if isinstance(display, str):
        display = Display("text", code=display)
    return KeyFigure(key, float(display.value), language.show(display, language.DEFAULT), provenance["sources"],
                     provenance["table"], filter, display.kind, display.code,
                     provenance.get("as_of", ""), provenance.get("latest_observation"))


# --- The edition's records, and the variables of one language ---------------------------------

HEADER = "# Generated from the key figures (notebooks/10-key-figures.ipynb): do not edit. Provenance: "


class VariablesEdited(ValueError):
    """``_variables.yml`` does not print what its provenance file records (edited by hand?)."""


def provenance_path(variables: Path) -> Path:
    """The records beside a ``_variables.yml``: ``_variables.provenance.json``."""
    return Path(variables).with_name(Path(variables).stem + ".provenance.json")


def write(figures: list[KeyFigure], destination: Path) -> Path:
    """Write the records of ``figures`` (keys must be unique) to ``destination`` (JSON)."""
    seen: set[str] = set()
    for figure in figures:
        if figure.key in seen:
            raise ValueError(f"key figure {figure.key} is defined twice")
        seen.add(figure.key)
    records = [asdict(figure) for figure in sorted(figures, key=lambda f: f.key)]
    atomic.write_text(destination, json.dumps(records, indent=2, ensure_ascii=False) + "\n")
    return destination


def read(records: Path) -> dict[str, KeyFigure]:
    """The key figures a records file holds, by key (a ``_variables.yml`` names its records)."""
    records = Path(records)
    if records.suffix != ".json":
        records = provenance_path(records)
    return {record["key"]: KeyFigure(**record) for record in json.loads(records.read_text(encoding="utf-8"))}


def printed_texts(figures: dict[str, KeyFigure], lang: str) -> dict[str, str]:
    """What ``lang``'s ``_variables.yml`` prints, by key: every key figure as that language
    writes it and, for a name of countries, each of its forms as ``<key>_<form>``
    (``glotip.citizenship.top_country_people``: "Nigérians"; :data:`pipeline.language.FORMS`)."""
    shown: dict[str, str] = {}
    for figure in figures.values():
        shown[figure.key] = figure.shown(lang)
        for form in language.forms(figure.display):
            shown[f"{figure.key}_{form}"] = language.show(figure.display, lang, form)
    return shown


def key_of(variable: str) -> str:
    """The key figure a bound variable prints: itself, or the key it is a form of."""
    for form in language.FORMS:
        if variable.endswith(f"_{form}"):
            return variable[:-len(form) - 1]
    return variable


def yaml_text(figures: dict[str, KeyFigure], lang: str, records_name: str) -> str:
    """The ``_variables.yml`` of ``lang``: every key figure (and form) as that language writes it."""
    nested: dict[str, Any] = {}
    for key, text in printed_texts(figures, lang).items():
        *parents, leaf = key.split(".")
        node = nested
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = text
    header = f"{HEADER}{records_name} (language: {lang})\n"
    return header + yaml.safe_dump(nested, sort_keys=True, allow_unicode=True)


def write_yaml(figures: dict[str, KeyFigure], lang: str, destination: Path) -> Path:
    """Write ``destination`` (a ``_variables.yml``) and its records beside it."""
    atomic.write_text(provenance_path(destination),
                      json.dumps([asdict(f) for f in figures.values()], indent=2, ensure_ascii=False) + "\n")
    atomic.write_text(destination, yaml_text(figures, lang, provenance_path(destination).name))
    return destination


def check(destination: Path) -> None:
    """Raise :class:`VariablesEdited` unless each value in ``destination`` is its recorded text.

    A variables file that names no provenance file in its header was not written by
    :func:`write_yaml` (a test's sample manuscript) and is left alone.
    """
    destination = Path(destination)
    text = destination.read_text(encoding="utf-8")
    provenance = provenance_path(destination)
    if not text.startswith(HEADER):
        return
    named = re.search(r"\(language: (\w+)\)", text.splitlines()[0])
    lang = named[1] if named else language.DEFAULT
    where, recorded_in = paths.display(destination), paths.display(provenance)
    remedy = f"delete {where} and run `make paper` to write it again from the key figures"
    if not provenance.is_file():
        raise VariablesEdited(f"{where} names {provenance.name} as its provenance, but "
                              f"{recorded_in} does not exist: {remedy}")
    try:
        printed = _flatten(yaml.safe_load(text) or {})
    except yaml.YAMLError as error:
        raise VariablesEdited(f"{where} is not valid YAML ({_one_line(error)}): {remedy}") from None
    recorded = printed_texts(read(provenance), lang)
    wrong = [key for key in sorted(printed.keys() | recorded.keys())
             if printed.get(key) != recorded.get(key)]
    if wrong:
        key = wrong[0]
        says = f"{printed[key]!r}" if key in printed else "nothing"
        records = f"{recorded[key]!r}" if key in recorded else "no such key figure"
        more = f" (and {len(wrong) - 1} more key(s))" if len(wrong) > 1 else ""
        raise VariablesEdited(f"{where}: {key} is {says} but {recorded_in} records {records}"
                              f"{more}; it was edited by hand: {remedy}")


def _flatten(node: Any, prefix: str = "") -> dict[str, str]:
    if not isinstance(node, dict):
        return {prefix: "" if node is None else str(node)}
    flat: dict[str, str] = {}
    for key, value in node.items():
        flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    return flat


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())
