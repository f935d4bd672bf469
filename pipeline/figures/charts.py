"""The paper's trend figures, each a function from tidy tables to a saved, sourced figure.

Every text a figure prints (title, axis, legend, source line, the months of a partial year) comes
from the label catalogue of its language (``paper/labels/<lang>.yml``, keys ``fig.<id>.*``,
``source.<registry id>``, ``country.*``, ``route.*``, ``form.*``, ``area.*``), and numbers on the
axes are grouped as the language groups them, so that the English and French figures are the
same drawing. The tables are those of one edition, already cut to its date: a year the edition
holds only in part is hatched and named ("January to September 2015").
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib.dates as mdates
import matplotlib.ticker as mticker
import pandas as pd

from pipeline import language
from pipeline.analysis import aggregates
from pipeline.extract.frontex import RABAT_ROUTES
from pipeline.extract.glotip import FORMS
from pipeline.extract.iom import RABAT_ROUTES as IOM_ROUTES
from pipeline.extract.iom import SAHARA as IOM_SAHARA
from pipeline.figures import style
from pipeline.tables import Table, Tables

#: The tidy tables the figures read.
TABLES = ["rabat_partners", "glotip_exploitation", "glotip_exploitation_2023", "glotip_age",
          "glotip_citizenship", "frontex_detections", "iom_route_month", "unhcr_monthly_arrivals",
          "unhcr_asylum_partners"]


class Texts:
    """The catalogue texts of one figure in one language: ``texts("title")``, set in the
    language's typography as the renderer sets the page around the figure
    (:meth:`pipeline.language.Locale.typeset`: "Source : ONUDC", « <5 », l’OIM)."""

    def __init__(self, figure_id: str, lang: str) -> None:
        self.figure_id, self.lang = figure_id, lang
        self.typeset = language.locale(lang).typeset

    def __call__(self, key: str, **fields: Any) -> str:
        return self.typeset(language.label(f"fig.{self.figure_id}.{key}", self.lang, **fields))

    def name(self, key: str) -> str:
        return self.typeset(language.label(key, self.lang))

    def source_line(self, provenances: list[dict[str, Any]], *notes: str) -> str:
        """"Source: <each source, as the catalogue cites it, once>. <notes>"."""
        ids = list(dict.fromkeys(used["id"] for provenance in provenances for used in provenance["sources"]))
        cited = "; ".join(dict.fromkeys(self.name(f"source.{source_id}") for source_id in ids))
        return self.typeset(" ".join([f"{self.name('fig.source')}{language.locale(self.lang).colon} {cited}.",
                                      *[note for note in notes if note]]))


def _years_axis(ax) -> None:
    """A tick every other year; every year when the chart shows few (the meeting edition's
    routes: 2014 and 2015)."""
    first, last = ax.get_xlim()
    ax.xaxis.set_major_locator(mticker.MultipleLocator(1 if last - first <= 6 else 2))
    ax.xaxis.set_major_formatter(mticker.FormatStrFormatter("%d"))


def _grouped_axis(ax, lang: str) -> None:
    ax.yaxis.set_major_formatter(mticker.FuncFormatter(lambda value, _pos: language.group(round(value), lang)))


def _percent_axis(ax) -> None:
    ax.set_ylim(0, 100)


def _save(fig, figure_id: str, texts: Texts, source_line: str, provenances: list[dict[str, Any]],
          filter: str, folder: Path) -> dict[str, Path]:
    return style.save(fig, figure_id, source_line, {"inputs": provenances, "filter": filter,
                                                      "language": texts.lang}, folder)


# --- UNODC ---------------------------------------------------------------------------------

def exploitation_shares(table: Table, groups, lang: str, folder: Path) -> dict[str, Path]:
    """Share of detected victims by form of exploitation, world, per year."""
    rows, provenance = table.frame, table.provenance
    texts = Texts("exploitation", lang)
    shares = aggregates.shares(rows, *groups)
    fig, ax = style.figure()
    for form in FORMS:
        ax.plot(shares.index, shares[form] * 100, marker="o", markersize=3, linewidth=1.8,
                label=texts.name(f"form.{form}"))
    ax.set_ylabel(texts("axis"))
    _percent_axis(ax)
    _years_axis(ax)
    style.header(ax, texts("title"))
    return _save(fig, "glotip-exploitation-shares", texts,
                 texts.source_line([provenance], texts("note"), texts.name("fig.censored")),
                 [provenance], "area == 'World'", folder)


CHILDREN_AREAS = [aggregates.WORLD, aggregates.AFRICAN_PARTNERS, aggregates.EUROPEAN_PARTNERS]


def children_share(table: Table, groups, lang: str, folder: Path) -> dict[str, Path]:
    """Share of children among detected victims, world and the Rabat groups, per year, among
    the countries that reported both age groups that year (the note says how few in Africa)."""
    age_rows, provenance = table.frame, table.provenance
    texts = Texts("children", lang)
    shares = aggregates.children_share(age_rows, *groups)
    fig, ax = style.figure()
    for area in CHILDREN_AREAS:
        chosen = shares[shares["area"] == area]
        ax.plot(chosen["year"], chosen["share_children"] * 100, marker="o", markersize=3,
                linewidth=1.6, label=texts.name(f"area.{area}"))
    ax.set_ylabel(texts("axis"))
    _percent_axis(ax)
    _years_axis(ax)
    style.header(ax, texts("title"))
    return _save(fig, "glotip-children-share", texts,
                 texts.source_line([provenance], texts("note"), texts.name("fig.censored")),
                 [provenance], "Age in (0 to 17, 18 or over), both reported", folder)


def _stacked_by_country(ax, rows: pd.DataFrame, country: str, value: str, texts: Texts,
                        top: int, scale: float = 1) -> pd.DataFrame:
    """Bars by year stacked by the ``top`` countries overall, the rest grouped."""
    totals = rows.groupby(country)[value].sum().sort_index().sort_values(ascending=False, kind="stable")
    leading = list(totals.index[:top])
    grouped = rows.assign(group=rows[country].where(rows[country].isin(leading), "other"))
    table = aggregates.by_year(grouped, "group", value)
    table = table[[*leading, *(["other"] if "other" in table else [])]]
    bottom = pd.Series(0, index=table.index)
    for column, colour in zip(table.columns, style.PALETTE):
        name = texts("other") if column == "other" else texts.name(f"country.{column}")
        ax.bar(table.index, table[column] / scale, bottom=bottom / scale, color=colour, width=0.8, label=name)
        bottom = bottom + table[column]
    return table


def african_citizens_in_europe(table: Table, groups, lang: str, folder: Path, top: int = 5) -> dict[str, Path]:
    """Victims detected in European partners who are citizens of African partners, by year."""
    citizenship_rows, provenance = table.frame, table.provenance
    texts = Texts("citizens", lang)
    flows = aggregates.african_flows(citizenship_rows, groups)
    fig, ax = style.figure()
    _stacked_by_country(ax, flows, "citizenship_iso3", "value", texts, top)
    ax.set_ylabel(texts("axis"))
    _years_axis(ax)
    _grouped_axis(ax, lang)
    style.header(ax, texts("title"))
    return _save(fig, "glotip-african-citizens-europe", texts,
                 texts.source_line([provenance], texts("note"), texts.name("fig.censored")), [provenance],
                 "detected in European partners, citizenship attributed to an African partner", folder)


def vintages(latest: Table, earlier: Table, groups, lang: str, folder: Path) -> dict[str, Path]:
    """World detected victims, all forms, in the 2023 and 2025 exports: revisions and reporters."""
    texts = Texts("vintages", lang)
    provenances = [latest.provenance, earlier.provenance]
    fig, ax = style.figure()
    for rows, key, line in ((earlier.frame, "export_2023", "--"), (latest.frame, "export_2025", "-")):
        sums = aggregates.aggregate(rows, *groups)
        world = sums[sums["area"] == aggregates.WORLD].groupby("year")["value"].sum()
        ax.plot(world.index, world.values, line, marker="o", markersize=3, linewidth=1.8, label=texts(key))
    ax.set_ylabel(texts("axis"))
    _grouped_axis(ax, lang)
    _years_axis(ax)
    style.header(ax, texts("title"))
    return _save(fig, "glotip-vintages", texts,
                 texts.source_line(provenances, texts("note"), texts.name("fig.censored")),
                 provenances, "area == 'World', all forms", folder)


# --- Monthly series: a partial last year ------------------------------------------------------

def _partial_year(ax, monthly: pd.DataFrame, totals: pd.Series, scale: float, texts: Texts) -> str:
    """Hatch the bars of a partial last year and name its months; the sentence to add, or ""."""
    end = aggregates.last_month(monthly)
    if end.month == 12:
        return ""
    months, short = language.locale(texts.lang).months, language.locale(texts.lang).months_short
    for patch in ax.patches:
        if abs(patch.get_x() + patch.get_width() / 2 - end.year) < 0.5:
            patch.set_hatch("///")
            patch.set_alpha(0.55)
    ax.annotate(texts.name("fig.partial_short").format(first=short[0], last=short[end.month - 1]),
                (end.year, totals.get(end.year, 0) / scale), xytext=(0, 2), textcoords="offset points",
                ha="center", va="bottom", fontsize=7.5, color="#555555")
    return texts.name("fig.partial").format(year=end.year, first=months[0], last=months[end.month - 1])


def _stacked_by_route(ax, table: pd.DataFrame, routes: list[str], scale: float, texts: Texts) -> pd.Series:
    bottom = pd.Series(0.0, index=table.index)
    for route, colour in zip([route for route in routes if route in table], style.PALETTE):
        ax.bar(table.index, table[route] / scale, bottom=bottom / scale, color=colour, width=0.8,
               label=texts.name(f"route.{route}"))
        bottom = bottom + table[route]
    return bottom


def dead_missing_by_route(table: Table, lang: str, folder: Path) -> dict[str, Path]:
    """Dead and missing migrants per year on the sea routes of the Rabat Process region, stacked,
    and in the Sahara, in a bar of its own beside them: IOM records desert deaths far less
    completely than deaths at sea, so the two are not added (the expert review of the first
    draft caught a total that did)."""
    route_month, provenance = table.frame, table.provenance
    texts = Texts("routes", lang)
    table = aggregates.by_year(route_month, "route", "dead_and_missing")
    sea = [route for route in IOM_ROUTES if route != IOM_SAHARA]
    fig, ax = style.figure()
    bottom = pd.Series(0.0, index=table.index)
    for route, colour in zip([route for route in sea if route in table], style.PALETTE):
        ax.bar(table.index - 0.2, table[route], bottom=bottom, color=colour, width=0.4,
               label=texts.name(f"route.{route}"))
        bottom = bottom + table[route]
    if IOM_SAHARA in table:
        ax.bar(table.index + 0.22, table[IOM_SAHARA], color="#bbbbbb", width=0.36, hatch="...",
               edgecolor="#777777", linewidth=0, label=texts("sahara"))
    partial = _partial_year(ax, route_month, bottom, 1, texts)
    ax.set_ylabel(texts("axis"))
    _grouped_axis(ax, lang)
    ax.set_xlim(table.index.min() - 0.7, table.index.max() + 0.7)
    _years_axis(ax)
    style.header(ax, texts("title"))
    return _save(fig, "iom-dead-missing-routes", texts, texts.source_line([provenance], texts("note"), partial),
                 [provenance], "route in the Rabat-region routes; the Sahara apart", folder)


def sea_arrivals_by_month(table: Table, lang: str, folder: Path) -> dict[str, Path]:
    """Arrivals by month in the countries of arrival of the Rabat routes."""
    monthly, provenance = table.frame, table.provenance
    texts = Texts("arrivals", lang)
    fig, ax = style.figure()
    table = aggregates.sea_arrivals_table(monthly).rename(columns=lambda country: texts(f"series.{country}"))
    ax.stackplot(table.index, *[table[column] / 1000 for column in table.columns],
                 labels=table.columns, colors=style.PALETTE[:len(table.columns)])
    # Years labelled at their January, quarters marked: no month name to translate, no overlap.
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.xaxis.set_minor_locator(mdates.MonthLocator((1, 4, 7, 10)))
    ax.set_ylabel(texts("axis"))
    style.header(ax, texts("title"))
    return _save(fig, "unhcr-arrivals-monthly", texts, texts.source_line([provenance], texts("note")),
                 [provenance], "; ".join(f"{c} {m}" for c, m, _ in aggregates.SEA_SERIES), folder)


def asylum_applications(table: Table, groups, lang: str, folder: Path, top: int = 5) -> dict[str, Path]:
    """Asylum applications lodged in European partners by nationals of African partners."""
    asylum, provenance = table.frame, table.provenance
    texts = Texts("asylum", lang)
    rows = aggregates.asylum_in_partners(asylum, *groups)
    fig, ax = style.figure()
    table = _stacked_by_country(ax, rows, "origin_iso3", "applications", texts, top, scale=1000)
    ax.set_ylabel(texts("axis"))
    _years_axis(ax)
    ax.set_xlim(table.index.min() - 0.7, table.index.max() + 0.7)
    style.header(ax, texts("title"))
    return _save(fig, "unhcr-asylum-applications", texts, texts.source_line([provenance], texts("note")),
                 [provenance], "origin in African partners, asylum in European partners", folder)


def frontex_detections_by_route(table: Table, lang: str, folder: Path) -> dict[str, Path]:
    """Detections of illegal border-crossing per year on the three routes of the Rabat region."""
    detections, provenance = table.frame, table.provenance
    texts = Texts("detections", lang)
    table = aggregates.detections_route_table(detections)
    fig, ax = style.figure()
    totals = _stacked_by_route(ax, table, RABAT_ROUTES, 1000, texts)
    partial = _partial_year(ax, detections, totals, 1000, texts)
    ax.set_ylabel(texts("axis"))
    _years_axis(ax)
    ax.set_xlim(table.index.min() - 0.7, table.index.max() + 0.7)
    style.header(ax, texts("title"))
    return _save(fig, "frontex-detections-routes", texts,
                 texts.source_line([provenance], texts.name("fig.not_persons"), partial),
                 [provenance], "route in " + ", ".join(RABAT_ROUTES), folder)


def frontex_african_nationalities(table: Table, groups, lang: str, folder: Path, top: int = 6) -> dict[str, Path]:
    """Nationals of African partners among the detections on the Rabat routes, by nationality."""
    detections, provenance = table.frame, table.provenance
    texts = Texts("nationalities", lang)
    african, _european = groups
    rows = aggregates.african_partner_detections(detections, african)
    fig, ax = style.figure()
    table = _stacked_by_country(ax, rows, "nationality", "detections", texts, top, scale=1000)
    partial = _partial_year(ax, detections, table.sum(axis=1), 1000, texts)
    ax.set_ylabel(texts("axis"))
    _years_axis(ax)
    ax.set_xlim(table.index.min() - 0.7, table.index.max() + 0.7)
    style.header(ax, texts("title"))
    return _save(fig, "frontex-african-nationalities", texts,
                 texts.source_line([provenance], texts("note"), texts.name("fig.not_persons"), partial),
                 [provenance], "route in the Rabat routes, nationality in African partners", folder)


# --- All the figures of an edition ---------------------------------------------------------

#: The figures of every edition, and those of an edition whose data go beyond 2015 only: the
#: comparison of two UNODC exports shows revisions of years after 2015.
FIGURES = ["glotip-exploitation-shares", "glotip-children-share", "glotip-african-citizens-europe",
           "frontex-detections-routes", "frontex-african-nationalities", "iom-dead-missing-routes",
           "unhcr-arrivals-monthly", "unhcr-asylum-applications"]
UPDATE_FIGURES = ["glotip-vintages"]


def draw_all(data: Tables, groups, lang: str, folder: Path, with_vintages: bool) -> list[dict[str, Path]]:
    """Every figure of an edition in one language, into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    saved = [
        exploitation_shares(data["glotip_exploitation"], groups, lang, folder),
        children_share(data["glotip_age"], groups, lang, folder),
        african_citizens_in_europe(data["glotip_citizenship"], groups, lang, folder),
        frontex_detections_by_route(data["frontex_detections"], lang, folder),
        frontex_african_nationalities(data["frontex_detections"], groups, lang, folder),
        dead_missing_by_route(data["iom_route_month"], lang, folder),
        sea_arrivals_by_month(data["unhcr_monthly_arrivals"], lang, folder),
        asylum_applications(data["unhcr_asylum_partners"], groups, lang, folder),
    ]
    if with_vintages:
        saved.append(vintages(data["glotip_exploitation"], data["glotip_exploitation_2023"], groups, lang, folder))
    return saved
