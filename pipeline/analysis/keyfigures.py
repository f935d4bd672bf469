"""The key figures the paper's prose cites, computed from the tidy tables of one edition.

Each function takes the tables as the key-figures notebook loads them, already cut to the
edition's date (:func:`pipeline.analysis.asof.known_on`): ``{name: Table}``. It returns
:class:`~pipeline.analysis.variables.KeyFigure` records whose keys the manuscripts bind with
``{{< var ... >}}``; the filter text of each says how it was computed, for the provenance annex
of the technical note.

Only the key figures something uses are made: a manuscript binds it, a claim of the registry
compares it (``data_key``), or an annex shows it (:data:`pipeline.paper.annexes.CHANGES`);
``tests/test_keyfigures.py`` fails on any other, and ``python -m pipeline keys`` writes the index
of where each is made and used (``build/keys.md``). Each key is written out where it is made,
so that a grep for a key the manuscript binds finds the line that computes it.

Keys mean the same thing in every edition, relative to what the edition knows: ``latest_year``
is the last year its data hold, ``_pooled`` the three years to it. Keys for a given year
(``_2014``, ``_2015``, the years the meeting paper discusses) exist only where the edition has
data for that year, and ``through_<year>`` says to which month a year is counted. A sentence
that names a key an edition does not have fails that edition's render: the meeting paper cannot
speak of a year its author could not have seen.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd

from pipeline.analysis import aggregates, asof, countries, frameworks, published, ratification, same_months, since_2015
from pipeline.analysis.claims import parse_figure
from pipeline.analysis.variables import KeyFigure, count, key_figure, label, month, percent, year
from pipeline.extract import partners
from pipeline.extract.frontex import CENTRAL_MED, RABAT_ROUTES, WESTERN_AFRICAN, WESTERN_MED
from pipeline.extract.iom import CLAIM_DESCRIPTIONS
from pipeline.extract.iom import SAHARA as IOM_SAHARA
from pipeline.language import Display
from pipeline.sources import facts, registry
from pipeline.tables import Table, Tables

#: The tidy tables the key figures read.
TABLES = ["rabat_partners", "glotip_exploitation", "glotip_exploitation_2023", "glotip_age", "glotip_sex",
          "glotip_citizenship", "glotip_convictions", "iom_claims_2015", "iom_route_month",
          "unhcr_monthly_arrivals", "unhcr_asylum_partners", "frontex_detections", "frontex_route_month",
          "frontex_route_month_2026", "eurostat_asylum_applicants", "tip_tiers", "tip_3p",
          "criminalisation", "trafficking_protocol", "frontex_ara_routes", "frontex_ara_nationalities",
          "frontex_ara_facilitators", "treaty_status", "italy_arrivals_month", "italy_arrivals_nationality"]

#: The years the meeting paper speaks of: the two before the meeting.
PAPER_YEARS = (2014, 2015)
#: How many years the pooled shares of UNODC's country data cover (few countries report every
#: year, so a single year's share can rest on a handful of them).
POOLED_YEARS = 3
#: Key figures that no manuscript binds, no registry claim names and no annex shows, kept for the
#: technical note's table of every number (tests/test_keyfigures.py): none today.
TECHNICAL_NOTE_KEYS: frozenset[str] = frozenset()

#: What a helper hands to :func:`key_figure` after the key: how it is shown, its provenance, how it
#: was computed.
Computed = tuple[Display, dict, str]


def all_figures(data: Tables) -> list[KeyFigure]:
    """Every key figure of an edition, each recording the function that made it."""
    functions = (glotip_exploitation, glotip_children, glotip_women_girls, glotip_citizenship,
                 glotip_convictions, glotip_vintages, iom, unhcr_arrivals, unhcr_asylum, frontex, eurostat,
                 treaties, policy, published.frontex_ara_2015, same_months.key_figures, national_frameworks,
                 since_2015.frontex, since_2015.frontex_nationalities, since_2015.frontex_partial_year,
                 since_2015.unhcr_arrivals, since_2015.iom, since_2015.italy,
                 since_2015.glotip, since_2015.asylum, since_2015.national_frameworks)
    return [_made_by(figure, function) for function in functions for figure in function(data)]


def _made_by(figure: KeyFigure, function) -> KeyFigure:
    return dataclasses.replace(figure, made_by=f"{function.__module__}.{function.__name__}")


def national_frameworks(data: Tables) -> list[KeyFigure]:
    """How many partners of each side have each kind of national measure on the edition's date,
    as the documents it may cite record them (:mod:`pipeline.analysis.frameworks`)."""
    african, _european = _groups(data)
    day = asof.parse(data["rabat_partners"].provenance.get("as_of"))
    return frameworks.key_figures(day, sorted(african))


def _groups(data: Tables) -> tuple[frozenset[str], frozenset[str]]:
    rabat = data["rabat_partners"].frame
    return partners.african_partners(rabat), partners.european_partners(rabat)


def _country(code: str) -> Display:
    return label(f"country.{code}")


def _pool(latest: int) -> int:
    """The first of the :data:`POOLED_YEARS` years to ``latest``."""
    return latest - POOLED_YEARS + 1


def _through(key: str, frame: pd.DataFrame, paper_year: int, provenance: dict, what: str) -> KeyFigure:
    """``<prefix>.through_<year>``: the last month the edition counts of ``paper_year``."""
    last = int(frame.loc[frame["year"] == paper_year, "month"].max())
    return key_figure(key, month(pd.Timestamp(year=paper_year, month=last, day=1)), provenance,
                      f"max(month), year == {paper_year}, {what}")


def _peak(year_key: str, value_key: str, by_year: pd.Series, whole: list[int], provenance: dict,
          what: str) -> list[KeyFigure]:
    """The peak year and its value: the highest of the whole years (a partial year is no peak);
    none if the edition has no whole year."""
    if not whole:
        return []
    peak = int(by_year[whole].idxmax())
    return [key_figure(year_key, year(peak), provenance, f"argmax_year {what}, whole years only"),
            key_figure(value_key, count(by_year[peak]), provenance, f"{what}, year == {peak}")]


# --- UNODC: detected victims and convictions ---------------------------------------------------

SEXUAL, FORCED_LABOUR = "Sexual exploitation", "Forced labour"


def glotip_exploitation(data: Tables) -> list[KeyFigure]:
    """Shares by form of exploitation in the world: the latest year, and 2010-2012, the period of
    the Global Report 2014."""
    table = data["glotip_exploitation"]
    rows, provenance = table.frame, table.provenance
    sums = aggregates.aggregate(rows, *_groups(data))
    world = sums[sums["area"] == aggregates.WORLD]
    latest = int(sums["year"].max())
    figures = [key_figure("glotip.latest_year", year(latest), provenance,
                          "max(year), detected victims by form of exploitation")]

    def shares(start: int, end: int) -> tuple[pd.Series, str]:
        chosen = world[world["year"].between(start, end)]
        return chosen.groupby("category")["value"].sum(), f"{aggregates.WORLD}, {start} <= year <= {end}"

    def share(by_form: pd.Series, form: str, where: str) -> Computed:
        return percent(by_form.get(form, 0) / by_form.sum()), provenance, f"value[{form}] / sum(value), {where}"

    by_form, where = shares(latest, latest)
    figures += [key_figure("glotip.world.share_sexual_latest", *share(by_form, SEXUAL, where)),
                key_figure("glotip.world.share_forced_labour_latest", *share(by_form, FORCED_LABOUR, where))]
    by_form, where = shares(2010, 2012)
    if latest >= 2012 and len(by_form):
        reporting = rows[rows["year"].between(2010, 2012)]["country"].nunique()
        figures += [key_figure("glotip.world.countries_2010_2012", count(reporting), provenance,
                               f"countries reporting, {where}"),
                    key_figure("glotip.world.share_sexual_2010_2012", *share(by_form, SEXUAL, where)),
                    key_figure("glotip.world.share_forced_labour_2010_2012", *share(by_form, FORCED_LABOUR, where))]
    return figures


def _in_area(rows: pd.DataFrame, area: str, data: Tables) -> pd.Series:
    african, european = _groups(data)
    if area == aggregates.WORLD:
        return pd.Series(True, index=rows.index)
    if area == aggregates.AFRICAN_PARTNERS:
        return rows["iso3"].isin(african)
    return rows["iso3"].isin(european)


@dataclasses.dataclass(frozen=True)
class _Pooled:
    """The share of a first category among two, pooled over the years to the latest, in one area."""

    share: float
    countries: int
    share_filter: str
    countries_filter: str


def _pooled(data: Tables, table: Table, first_category: str, second_category: str,
            area: str) -> _Pooled | None:
    """Over the :data:`POOLED_YEARS` years to the latest, counting only the countries that
    reported both categories in a year; None where the area has no such country."""
    shares = aggregates.pair_shares(table.frame, first_category, second_category, *_groups(data))
    latest = int(shares["year"].max())
    start = _pool(latest)
    chosen = shares[(shares["area"] == area) & shares["year"].between(start, latest)]
    if chosen.empty:
        return None
    reporting = aggregates.pair_reporters(table.frame, first_category, second_category, start, latest,
                                          _in_area(table.frame, area, data))
    where = f"{area}, {start} <= year <= {latest}, countries reporting both"
    return _Pooled(chosen["first"].sum() / (chosen["first"].sum() + chosen["second"].sum()), reporting,
                   f"{first_category} / ({first_category} + {second_category}), {where}", f"countries, {where}")


def _pooled_share(key: str, pooled: _Pooled | None, provenance: dict) -> list[KeyFigure]:
    return [key_figure(key, percent(pooled.share), provenance, pooled.share_filter)] if pooled else []


def glotip_children(data: Tables) -> list[KeyFigure]:
    """Children (under 18) among detected victims whose age was reported, pooled over three years."""
    table = data["glotip_age"]
    children, adults = "0 to 17 years", "18 years or over"
    latest = int(aggregates.pair_shares(table.frame, children, adults, *_groups(data))["year"].max())
    what = f"{children} and {adults} both reported"
    african = _pooled(data, table, children, adults, aggregates.AFRICAN_PARTNERS)
    figures = [
        key_figure("glotip.children.pooled_first_year", year(_pool(latest)), table.provenance, f"first year of {what}"),
        key_figure("glotip.children.latest_year", year(latest), table.provenance, f"max(year), {what}"),
        *_pooled_share("glotip.children.world_share_pooled",
                       _pooled(data, table, children, adults, aggregates.WORLD), table.provenance),
        *_pooled_share("glotip.children.african_partners_share_pooled", african, table.provenance),
        *_pooled_share("glotip.children.european_partners_share_pooled",
                       _pooled(data, table, children, adults, aggregates.EUROPEAN_PARTNERS), table.provenance),
    ]
    if african:
        figures.append(key_figure("glotip.children.african_partners_countries_pooled", count(african.countries),
                                  table.provenance, african.countries_filter))
    return figures


def glotip_women_girls(data: Tables) -> list[KeyFigure]:
    """Women and girls among detected victims whose sex was reported, pooled over three years."""
    table = data["glotip_sex"]
    return [
        *_pooled_share("glotip.female.world_share_pooled",
                       _pooled(data, table, "Female", "Male", aggregates.WORLD), table.provenance),
        *_pooled_share("glotip.female.european_partners_share_pooled",
                       _pooled(data, table, "Female", "Male", aggregates.EUROPEAN_PARTNERS), table.provenance),
    ]


def glotip_citizenship(data: Tables) -> list[KeyFigure]:
    """Victims detected in European partners who are citizens of African partners, pooled over
    three years: how many, and the leading citizenship."""
    table = data["glotip_citizenship"]
    flows = aggregates.african_flows(table.frame, _groups(data))
    latest = int(flows["year"].max())
    first = _pool(latest)
    what = "citizenship attributed to an African partner, detected in European partners"
    pooled = flows[flows["year"].between(first, latest)]
    by_country = pooled.groupby("citizenship_iso3")["value"].sum().sort_values(ascending=False, kind="stable")
    top = by_country.index[0]
    where = f"{first} <= year <= {latest}"
    return [
        key_figure("glotip.citizenship.pooled_first_year", year(first), table.provenance, f"first year of {what}"),
        key_figure("glotip.citizenship.latest_year", year(latest), table.provenance, f"max(year), {what}"),
        key_figure("glotip.citizenship.victims_pooled", count(pooled["value"].sum()), table.provenance,
                   f"sum(value), {what}, {where}"),
        key_figure("glotip.citizenship.top_country", _country(top), table.provenance,
                   f"argmax_country sum(value), {what}, {where}"),
        key_figure("glotip.citizenship.top_share", percent(by_country[top] / by_country.sum()), table.provenance,
                   f"{top} / all African partners, {what}, {where}"),
    ]


def glotip_convictions(data: Tables) -> list[KeyFigure]:
    """Persons convicted of trafficking in the latest year with data, world and Rabat groups, and
    how many countries reported them."""
    table = data["glotip_convictions"]
    sums = aggregates.aggregate(table.frame, *_groups(data))
    latest = int(sums["year"].max())

    def convicted(area: str) -> tuple[Computed, Computed]:
        """The persons convicted in ``area``, and the countries that reported them."""
        chosen = sums[(sums["area"] == area) & (sums["year"] == latest)]
        reporting = int(chosen["countries"].max()) if not chosen.empty else 0
        return (count(chosen["value"].sum()), table.provenance, f"sum(value), {area}, year == {latest}"), \
               (count(reporting), table.provenance, f"countries reporting, {area}, year == {latest}")

    world, african, european = (convicted(area) for area in (aggregates.WORLD, aggregates.AFRICAN_PARTNERS,
                                                              aggregates.EUROPEAN_PARTNERS))
    return [
        key_figure("glotip.convictions.latest_year", year(latest), table.provenance, "max(year)"),
        key_figure("glotip.convictions.world_latest", *world[0]),
        key_figure("glotip.convictions.world_countries_latest", *world[1]),
        key_figure("glotip.convictions.african_partners_latest", *african[0]),
        key_figure("glotip.convictions.african_partners_countries_latest", *african[1]),
        key_figure("glotip.convictions.european_partners_latest", *european[0]),
        key_figure("glotip.convictions.european_partners_countries_latest", *european[1]),
    ]


def glotip_vintages(data: Tables) -> list[KeyFigure]:
    """The last year of the 2023 export, as that export and the 2025 one give it (world)."""
    earlier, later = data["glotip_exploitation_2023"], data["glotip_exploitation"]
    last = int(earlier.frame["year"].max())
    what = f"sum(value), all countries, all forms, year == {last}"
    return [
        key_figure("glotip.vintage.year", year(last), earlier.provenance, "max(year) of the 2023 export"),
        key_figure("glotip.vintage.victims_export_2023", count(earlier.frame.loc[earlier.frame["year"] == last,
                                                                                 "value"].sum()),
                   earlier.provenance, what),
        key_figure("glotip.vintage.victims_export_2025", count(later.frame.loc[later.frame["year"] == last,
                                                                               "value"].sum()),
                   later.provenance, what),
    ]


# --- IOM: dead and missing ---------------------------------------------------------------------

def iom(data: Tables) -> list[KeyFigure]:
    """The concept note's 2015 figures as IOM's records now give them (to 13 October, the day the
    note consulted them, for an edition that knows that day), and the deaths on the routes of
    the region."""
    claims = data["iom_claims_2015"]
    at_note = claims.frame[claims.frame["period"] == "to_oct13"].set_index("claim")

    def claim(name: str) -> Computed:
        row = at_note.loc[name]
        return (count(row["dead_and_missing"]), claims.provenance,
                f"dead and missing, {row['start']} to {row['end']}, {CLAIM_DESCRIPTIONS[name]}")

    figures = [key_figure(key, *claim(name)) for key, name in (
        ("iom.claims.world_to_oct13", "world"), ("iom.claims.mediterranean_to_oct13", "mediterranean"),
        ("iom.claims.med_subsaharan_to_oct13", "med_subsaharan"), ("iom.claims.med_mixed_to_oct13", "med_mixed"),
        ("iom.claims.med_unknown_to_oct13", "med_unknown")) if name in at_note.index]
    routes = data["iom_route_month"]
    route_month, provenance = routes.frame, routes.provenance
    if 2015 in set(route_month["year"]):
        of_2015 = route_month[route_month["year"] == 2015]
        sahara = of_2015.loc[of_2015["route"] == IOM_SAHARA, "dead_and_missing"].sum()
        figures += [
            _through("iom.routes.through_2015", route_month, 2015, provenance, "Rabat-region routes"),
            key_figure("iom.routes.sahara_2015", count(sahara), provenance,
                       f"sum(dead_and_missing), route == {IOM_SAHARA}, year == 2015"),
        ]
    return figures


# --- UNHCR: arrivals and asylum applications ---------------------------------------------------

def unhcr_arrivals(data: Tables) -> list[KeyFigure]:
    """Arrivals in Italy, Spain and Malta, the countries of arrival of the Rabat routes."""
    table = data["unhcr_monthly_arrivals"]
    monthly, provenance = table.frame, table.provenance
    selected = aggregates.sea_arrivals(monthly)
    by_year = selected.groupby("year")["arrivals"].sum()
    modes = {country: mode for country, mode, _name in aggregates.SEA_SERIES}

    def arrivals(country: str, paper_year: int) -> Computed:
        rows = monthly[(monthly["country"] == country) & (monthly["mode"] == modes[country])
                       & (monthly["year"] == paper_year)]
        return (count(rows["arrivals"].sum()), provenance,
                f"sum(arrivals), {country} ({modes[country]}), year == {paper_year}")

    figures = []
    if 2015 in by_year.index:
        series = ", ".join(name for _country, _mode, name in aggregates.SEA_SERIES)
        figures += [
            _through("unhcr.arrivals.through_2015", selected, 2015, provenance, series),
            key_figure("unhcr.arrivals.italy_2015", *arrivals("Italy", 2015)),
            key_figure("unhcr.arrivals.spain_2015", *arrivals("Spain", 2015)),
            key_figure("unhcr.arrivals.malta_2015", *arrivals("Malta", 2015)),
        ]
    return figures


def unhcr_asylum(data: Tables) -> list[KeyFigure]:
    """First-instance asylum applications by nationals of African partners in European partners:
    the latest year (with the leading origin) and 2014."""
    table = data["unhcr_asylum_partners"]
    rows = aggregates.asylum_in_partners(table.frame, *_groups(data))
    by_year = rows.groupby("year")["applications"].sum()
    latest = int(by_year.index.max())
    what = "first-instance applications, African partners' nationals in European partners"
    by_origin = rows[rows["year"] == latest].groupby("origin_iso3")["applications"].sum()
    top = by_origin.sort_index().sort_values(ascending=False, kind="stable").index[0]
    figures = [
        key_figure("unhcr.asylum.latest_year", year(latest), table.provenance, f"max(year), {what}"),
        key_figure("unhcr.asylum.total_latest", count(by_year[latest]), table.provenance,
                   f"sum(applications), {what}, year == {latest}"),
        key_figure("unhcr.asylum.top_origin_latest", _country(top), table.provenance,
                   f"origin of max(applications), {what}, year == {latest}"),
        key_figure("unhcr.asylum.top_origin_latest_value", count(by_origin[top]), table.provenance,
                   f"applications of {top}, year == {latest}"),
    ]
    return figures


# --- Frontex: detections of illegal border-crossing -------------------------------------------

def frontex(data: Tables) -> list[KeyFigure]:
    """Detections on the Rabat routes: by route and year (from the file of routes that runs
    furthest, :func:`~pipeline.analysis.aggregates.route_months`), the share and the leading
    nationalities of African partners' nationals, and the leading nationalities on the Central
    Mediterranean route (from the file of nationalities, each share of its own totals)."""
    table = data["frontex_detections"]
    detections, provenance = table.frame, table.provenance
    routes_table = aggregates.rabat_route_months(data)
    route_month, route_provenance = routes_table.frame, routes_table.provenance
    african, _european = _groups(data)
    by_route = aggregates.detections_by_route_year(route_month).set_index(["route", "year"])["detections"]
    by_year = by_route.groupby(level="year").sum()
    all_nationalities = detections.groupby("year")["detections"].sum()
    nationals = aggregates.african_partner_detections(detections, african)
    routes = "routes " + ", ".join(RABAT_ROUTES)
    central = aggregates.route_nationals(detections, CENTRAL_MED)

    def on_route(route: str, paper_year: int) -> Computed:
        return (count(by_route.get((route, paper_year), 0)), route_provenance,
                f"sum(detections), route == {route}, year == {paper_year}")

    def share(paper_year: int) -> Computed:
        of_partners = nationals.loc[nationals["year"] == paper_year, "detections"].sum()
        return (percent(of_partners / all_nationalities[paper_year]), provenance,
                f"sum(detections), nationality in African partners, {routes}, year == {paper_year} / all nationalities")

    def ranked(rows: pd.DataFrame, paper_year: int, what: str) -> list[Computed]:
        """The names of the (up to three) leading nationalities of ``paper_year``, by detections."""
        leading = aggregates.leading(rows, paper_year, "nationality", "detections")
        return [(_country(code), provenance, f"rank {rank} by detections, {what}")
                for rank, code in enumerate(leading.index, start=1)]

    figures = _peak("frontex.rabat_routes.peak_year", "frontex.rabat_routes.peak_detections", by_year,
                    aggregates.whole_years(route_month), route_provenance, f"sum(detections), {routes}")
    if 2014 in by_year.index:
        figures.append(key_figure("frontex.routes.central_mediterranean.detections_2014",
                                  *on_route(CENTRAL_MED, 2014)))
    if 2015 in by_year.index:
        leading = ranked(nationals, 2015, f"nationality in African partners, {routes}, year == 2015")
        on_central = ranked(central, 2015, f"all nationalities, route == {CENTRAL_MED}, year == 2015")
        figures += [
            _through("frontex.through_2015", route_month, 2015, route_provenance, routes),
            key_figure("frontex.rabat_routes.detections_2015", count(by_year[2015]), route_provenance,
                       f"sum(detections), {routes}, year == 2015"),
            key_figure("frontex.routes.western_african.detections_2015", *on_route(WESTERN_AFRICAN, 2015)),
            key_figure("frontex.routes.western_mediterranean.detections_2015", *on_route(WESTERN_MED, 2015)),
            key_figure("frontex.routes.central_mediterranean.detections_2015", *on_route(CENTRAL_MED, 2015)),
            key_figure("frontex.rabat_routes.african_partners_share_2015", *share(2015)),
            *(key_figure(key, *found) for key, found in zip(("frontex.rabat_routes.african_nationality_2015_1",),
                                                              leading)),
            *(key_figure(key, *found) for key, found in zip(
                ("frontex.central_mediterranean.nationality_2015_1", "frontex.central_mediterranean.nationality_2015_2",
                 "frontex.central_mediterranean.nationality_2015_3"), on_central)),
        ]
    return figures


# --- Eurostat: asylum applicants ------------------------------------------------------------

def eurostat(data: Tables) -> list[KeyFigure]:
    """Asylum applicants who are citizens of African partners, in the European partners (the
    sum of their own rows), in the latest year."""
    applicants = data["eurostat_asylum_applicants"]
    african, european = _groups(data)
    by_year = aggregates.applicants_in_partners(applicants.frame[applicants.frame["citizenship"].isin(african)],
                                                european)
    what = "all asylum applicants, citizens of African partners, in European partners"
    latest = int(by_year.index.max())
    return [
        key_figure("eurostat.african_partners.latest_year", year(latest), applicants.provenance, f"max(year), {what}"),
        key_figure("eurostat.african_partners.applicants_latest", count(by_year[latest]), applicants.provenance,
                   f"sum(applicants), {what}, year == {latest}"),
    ]


# --- The national policy record (pipeline.analysis.countries) --------------------------------

def _country_table(data: Tables) -> pd.DataFrame:
    return countries.country_table(*(data[name].frame for name in ("rabat_partners", "tip_tiers", "tip_3p",
                                                                   "criminalisation", "trafficking_protocol")))


def _partners_only(table: pd.DataFrame, side: str) -> pd.DataFrame:
    return table[(table["side"] == side) & (table["status"] == "partner")]


#: The keys of the parties among the partners, by instrument and side.
TREATY_KEYS = {"un-toc": ("treaties.untoc.african_parties", "treaties.untoc.european_parties"),
               "un-protocol-trafficking": ("treaties.trafficking_protocol.african_parties",
                                           "treaties.trafficking_protocol.european_parties"),
               "un-protocol-smuggling": ("treaties.smuggling_protocol.african_parties",
                                         "treaties.smuggling_protocol.european_parties")}


def treaties(data: Tables) -> list[KeyFigure]:
    """How many partners were parties to the Convention and to each Protocol on the edition's
    date (the UN depositary's status, completed by the dated facts of later ratifications)."""
    status = treaty_status_on(data)
    provenance = data["treaty_status"].provenance
    partners = status[status["status"] == "partner"]
    sides = {"African": partners[partners["side"] == "African"], "European": partners[partners["side"] == "European"]}
    figures = [
        key_figure("treaties.african_partners", count(sides["African"]["iso3"].nunique()), provenance,
                   "African partners on the edition's date (observers left out)"),
        key_figure("treaties.european_partners", count(sides["European"]["iso3"].nunique()), provenance,
                   "European partners on the edition's date (observers left out)"),
    ]
    for instrument, keys in TREATY_KEYS.items():
        for key, (side, rows) in zip(keys, sides.items()):
            parties = rows[(rows["instrument"] == instrument) & rows["party"]]
            figures.append(key_figure(key, count(len(parties)), provenance,
                                      f"{side} partners party to {instrument} on the edition's date"))
    return figures


def treaty_status_on(data: Tables) -> pd.DataFrame:
    """The status of every partner for the Convention and both Protocols on the edition's date."""
    day = asof.parse(data["rabat_partners"].provenance.get("as_of"))
    return ratification.status_on(data["treaty_status"].frame, facts.load(facts.TREATY_EVENTS.name),
                                  data["rabat_partners"].frame, day)


def policy(data: Tables) -> list[KeyFigure]:
    """The latest year of the 3P index (Annex C shows the scores, with their caveats)."""
    table = _country_table(data)
    latest = int(table["three_p_year"].max())
    return [key_figure("policy.three_p.latest_year", year(latest), data["tip_3p"].provenance,
                       "max(year) with a 3P total")]


# --- The documents' own figures ----------------------------------------------------------------

def quoted(sources: dict[str, registry.Source], as_of: str) -> list[KeyFigure]:
    """The figures the paper cites as a document prints them (a registry claim with a ``name``),
    for the edition of ``as_of``.

    They are bound like any other number, ``concept_note.<name>`` for the concept note's and
    ``cited.<name>`` for the paper's own quotations, so that the French edition writes "53 %"
    from the same record and the claims check vouches for the page they are on. An edition dated
    before a document has none of its figures: a sentence that binds one fails its render.
    """
    figures = []
    for source in sources.values():
        for claim in source.claims:
            if not claim.name:
                continue
            if as_of != "latest" and (source.issued is None or source.issued > dt.date.fromisoformat(as_of)):
                continue  # a document of a later date gives no figure to an earlier edition
            number = parse_figure(claim.figure).number
            shown = percent(number.value / 100) if number.percent else count(number.value)
            where = f"p. {claim.page}" if claim.page else claim.locator or "no page given"
            provenance = {"table": f"document {source.id}", "as_of": as_of,
                          "sources": [{"id": source.id, "file": source.file or "", "sha256": source.sha256,
                                       "date": source.recorded.isoformat()}]}
            prefix = "concept_note" if claim.quoted_by == "concept note" else "cited"
            figure = key_figure(f"{prefix}.{claim.name}", shown, provenance,
                                f"{where}: {claim.figure!r}, as the document prints it")
            figures.append(_made_by(figure, quoted))
    return figures
