"""The key figures the paper's prose cites, computed from the tidy tables of one edition.

Each function takes the tables as the key-figures notebook loads them, already cut to the
edition's date (:func:`pipeline.analysis.asof.known_on`): ``{name: (frame, provenance)}``. It
returns :class:`~pipeline.analysis.variables.KeyFigure` records whose keys the manuscript binds
with ``{{< var ... >}}``; the filter text of each says how it was computed, for the provenance
annex of the technical note.

Keys mean the same thing in every edition, relative to what the edition knows: ``latest_year``
is the last year its data hold, ``_pooled`` the three years to it. Keys for a given year
(``_2014``, ``_2015``, the years the meeting paper discusses) exist only where the edition has
data for that year, and ``through_<year>`` says to which month a year is counted. A sentence
that names a key an edition does not have fails that edition's render: the meeting paper cannot
speak of a year its author could not have seen.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from pipeline.analysis import aggregates, countries
from pipeline.analysis.claims import parse_figure
from pipeline.analysis.variables import KeyFigure, count, decimal, key_figure, label, labels, month, percent, year
from pipeline.extract import partners
from pipeline.extract.frontex import CENTRAL_MED as FRONTEX_CENTRAL_MED
from pipeline.extract.frontex import EASTERN_MED, RABAT_ROUTES
from pipeline.extract.iom import CLAIM_DESCRIPTIONS
from pipeline.sources import registry

Tables = dict[str, tuple[pd.DataFrame, dict[str, Any]]]

#: The tidy tables the key figures read.
TABLES = ["rabat_partners", "glotip_exploitation", "glotip_exploitation_2023", "glotip_age", "glotip_sex",
          "glotip_citizenship", "glotip_convictions", "iom_claims_2015", "iom_route_month",
          "unhcr_monthly_arrivals", "unhcr_asylum_partners", "frontex_detections", "frontex_route_month",
          "eurostat_asylum_applicants", "eurostat_asylum_totals", "tip_tiers", "tip_3p", "criminalisation",
          "trafficking_protocol"]

#: The years the meeting paper speaks of: the two before the meeting.
PAPER_YEARS = (2014, 2015)
#: How many years the pooled shares of UNODC's country data cover (few countries report every
#: year, so a single year's share can rest on a handful of them).
POOLED_YEARS = 3
FORM_KEYS = {"Sexual exploitation": "sexual", "Forced labour": "forced_labour",
             "Other forms of exploitation": "other"}
AREA_KEYS = {aggregates.WORLD: "world", "Africa": "africa", "Europe": "europe",
             aggregates.AFRICAN_PARTNERS: "african_partners",
             aggregates.EUROPEAN_PARTNERS: "european_partners"}
ROUTE_KEYS = {route: route.removesuffix(" Route").lower().replace(" ", "_")
              for route in [*RABAT_ROUTES, EASTERN_MED]}
IOM_ROUTE_KEYS = {"Central Mediterranean": "central_mediterranean",
                  "Western Mediterranean": "western_mediterranean",
                  "Western Africa / Atlantic route to the Canary Islands": "atlantic",
                  "Sahara Desert crossing": "sahara"}


def all_figures(data: Tables) -> list[KeyFigure]:
    functions = (rabat_partners, glotip_exploitation, glotip_children, glotip_women_girls,
                 glotip_citizenship, glotip_convictions, glotip_vintages, iom, unhcr_arrivals,
                 unhcr_asylum, frontex, eurostat, ratification, policy)
    return [figure for function in functions for figure in function(data)]


def _groups(data: Tables) -> tuple[frozenset[str], frozenset[str]]:
    rabat = data["rabat_partners"][0]
    return partners.african_partners(rabat), partners.european_partners(rabat)


def _country(code: str) -> Any:
    return label(f"country.{code}")


def _years_present(series: pd.Series) -> list[int]:
    return [paper_year for paper_year in PAPER_YEARS if paper_year in series.index]


def _pool(latest: int) -> tuple[int, int]:
    return latest - POOLED_YEARS + 1, latest


def _period(prefix: str, first: int, last: int, provenance: dict[str, Any], what: str) -> list[KeyFigure]:
    return [key_figure(f"{prefix}.pooled_first_year", first, year(first), provenance, f"first year of {what}"),
            key_figure(f"{prefix}.latest_year", last, year(last), provenance, f"max(year), {what}")]


def _through(prefix: str, frame: pd.DataFrame, years: list[int], provenance: dict[str, Any],
             what: str) -> list[KeyFigure]:
    """``<prefix>.through_<year>``: the last month the edition counts of each year."""
    figures = []
    for paper_year in years:
        last = int(frame.loc[frame["year"] == paper_year, "month"].max())
        figures.append(key_figure(f"{prefix}.through_{paper_year}", last,
                                  month(pd.Timestamp(year=paper_year, month=last, day=1)), provenance,
                                  f"max(month), year == {paper_year}, {what}"))
    return figures


def _peak(prefix: str, value_key: str, by_year: pd.Series, whole: list[int], provenance: dict[str, Any],
          what: str) -> list[KeyFigure]:
    """``<prefix>.peak_year`` and its value: the highest of the whole years (a partial year is
    no peak); none if the edition has no whole year."""
    if not whole:
        return []
    peak = int(by_year[whole].idxmax())
    return [key_figure(f"{prefix}.peak_year", peak, year(peak), provenance, f"argmax_year {what}, whole years only"),
            key_figure(f"{prefix}.{value_key}", by_year[peak], count(by_year[peak]), provenance,
                       f"{what}, year == {peak}")]


# --- The partners ------------------------------------------------------------------------------

def rabat_partners(data: Tables) -> list[KeyFigure]:
    """How many countries the Rabat Process brings together on the edition's date, by side."""
    rabat, provenance = data["rabat_partners"]
    figures = []
    for side in ("African", "European"):
        rows = rabat[rabat["side"] == side]
        number = (rows["status"] == "partner").sum()
        figures.append(key_figure(f"rabat.{side.lower()}_partners", number, count(number), provenance,
                                  f"side == {side}, status == partner ({provenance.get('partner_list', '')})"))
    observers = rabat.loc[rabat["status"] == "observer", "iso3"].tolist()
    figures.append(key_figure("rabat.observers", len(observers),
                              labels([f"country.{code}" for code in observers]), provenance,
                              "status == observer"))
    return figures


# --- UNODC: detected victims and convictions ---------------------------------------------------

def glotip_exploitation(data: Tables) -> list[KeyFigure]:
    """Shares by form of exploitation, in the world and the Rabat groups: the latest year, the
    three years to it, and 2010-2012, the period of the Global Report 2014."""
    rows, provenance = data["glotip_exploitation"]
    sums = aggregates.aggregate(rows, *_groups(data))
    latest = int(sums["year"].max())
    first, _ = _pool(latest)
    figures = _period("glotip", first, latest, provenance, "detected victims by form of exploitation")
    periods = {"latest": (latest, latest), "pooled": (first, latest), "2010_2012": (2010, 2012)}
    for area in (aggregates.WORLD, aggregates.AFRICAN_PARTNERS, aggregates.EUROPEAN_PARTNERS):
        for period_key, (start, end) in periods.items():
            chosen = sums[(sums["area"] == area) & sums["year"].between(start, end)]
            if chosen.empty or end > latest:
                continue
            by_form = chosen.groupby("category")["value"].sum()
            reporting = rows[rows["year"].between(start, end) & _in_area(rows, area, data)]["country"].nunique()
            where, key = f"{area}, {start} <= year <= {end}", f"glotip.{AREA_KEYS[area]}"
            figures.append(key_figure(f"{key}.countries_{period_key}", reporting, count(reporting),
                                      provenance, f"countries reporting, {where}"))
            for form, short in FORM_KEYS.items():
                share = by_form.get(form, 0) / by_form.sum()
                figures.append(key_figure(f"{key}.share_{short}_{period_key}", share, percent(share),
                                          provenance, f"value[{form}] / sum(value), {where}"))
    return figures


def _in_area(rows: pd.DataFrame, area: str, data: Tables) -> pd.Series:
    african, european = _groups(data)
    if area == aggregates.WORLD:
        return pd.Series(True, index=rows.index)
    if area == aggregates.AFRICAN_PARTNERS:
        return rows["iso3"].isin(african)
    if area == aggregates.EUROPEAN_PARTNERS:
        return rows["iso3"].isin(european)
    return rows["region"] == area


def _pair_shares(data: Tables, table: str, first_category: str, second_category: str,
                 prefix: str, share_key: str) -> list[KeyFigure]:
    """The share of ``first_category`` among both, latest year and pooled, by area, counting
    only the countries that reported both categories in a year."""
    rows, provenance = data[table]
    shares = aggregates.pair_shares(rows, first_category, second_category, *_groups(data))
    latest = int(shares["year"].max())
    first, _ = _pool(latest)
    figures = _period(prefix, first, latest, provenance, f"{first_category} and {second_category} both reported")
    for area, area_key in AREA_KEYS.items():
        for period_key, (start, end) in {"latest": (latest, latest), "pooled": (first, latest)}.items():
            chosen = shares[(shares["area"] == area) & shares["year"].between(start, end)]
            if chosen.empty:
                continue
            share = chosen["first"].sum() / (chosen["first"].sum() + chosen["second"].sum())
            reporting = aggregates.pair_reporters(rows, first_category, second_category, start, end,
                                                  _in_area(rows, area, data))
            where = f"{area}, {start} <= year <= {end}, countries reporting both"
            figures += [
                key_figure(f"{prefix}.{area_key}_{share_key}_{period_key}", share, percent(share), provenance,
                           f"{first_category} / ({first_category} + {second_category}), {where}"),
                key_figure(f"{prefix}.{area_key}_countries_{period_key}", reporting, count(reporting),
                           provenance, f"countries, {where}"),
            ]
    return figures


def glotip_children(data: Tables) -> list[KeyFigure]:
    """Children (under 18) among detected victims whose age was reported."""
    return _pair_shares(data, "glotip_age", "0 to 17 years", "18 years or over", "glotip.children", "share")


def glotip_women_girls(data: Tables) -> list[KeyFigure]:
    """Women and girls among detected victims whose sex was reported."""
    return _pair_shares(data, "glotip_sex", "Female", "Male", "glotip.female", "share")


def glotip_citizenship(data: Tables) -> list[KeyFigure]:
    """Victims detected in European partners who are citizens of African partners."""
    rows, provenance = data["glotip_citizenship"]
    flows = aggregates.african_flows(rows, _groups(data))
    by_year = flows.groupby("year")["value"].sum()
    latest = int(by_year.index.max())
    first, _ = _pool(latest)
    what = "citizenship attributed to an African partner, detected in European partners"
    pooled = flows[flows["year"].between(first, latest)]
    by_country = pooled.groupby("citizenship_iso3")["value"].sum().sort_values(ascending=False, kind="stable")
    top = by_country.index[0]
    reporters = pooled["country"].nunique()
    figures = _period("glotip.citizenship", first, latest, provenance, what)
    figures += [
        key_figure("glotip.citizenship.first_year", by_year.index.min(), year(by_year.index.min()), provenance,
                   f"min(year), {what}"),
        key_figure("glotip.citizenship.victims_all_years", by_year.sum(), count(by_year.sum()), provenance,
                   f"sum(value), {what}, all years"),
        key_figure("glotip.citizenship.victims_pooled", pooled["value"].sum(), count(pooled["value"].sum()),
                   provenance, f"sum(value), {what}, {first} <= year <= {latest}"),
        key_figure("glotip.citizenship.reporting_countries_pooled", reporters, count(reporters), provenance,
                   f"European partners reporting such victims, {first} <= year <= {latest}"),
        key_figure("glotip.citizenship.top_country", 0, _country(top), provenance,
                   f"argmax_country sum(value), {what}, {first} <= year <= {latest}"),
        key_figure("glotip.citizenship.top_share", by_country[top] / by_country.sum(),
                   percent(by_country[top] / by_country.sum()), provenance,
                   f"{top} / all African partners, {what}, {first} <= year <= {latest}"),
    ]
    return figures


def glotip_convictions(data: Tables) -> list[KeyFigure]:
    """Persons convicted of trafficking in the latest year with data, world and Rabat groups."""
    rows, provenance = data["glotip_convictions"]
    sums = aggregates.aggregate(rows, *_groups(data))
    latest = int(sums["year"].max())
    figures = [key_figure("glotip.convictions.latest_year", latest, year(latest), provenance, "max(year)")]
    for area, key in ((aggregates.WORLD, "world"), (aggregates.AFRICAN_PARTNERS, "african_partners"),
                      (aggregates.EUROPEAN_PARTNERS, "european_partners")):
        chosen = sums[(sums["area"] == area) & (sums["year"] == latest)]
        value = chosen["value"].sum()
        reporting = int(chosen["countries"].max()) if not chosen.empty else 0
        figures += [
            key_figure(f"glotip.convictions.{key}_latest", value, count(value), provenance,
                       f"sum(value), {area}, year == {latest}"),
            key_figure(f"glotip.convictions.{key}_countries_latest", reporting, count(reporting),
                       provenance, f"countries reporting, {area}, year == {latest}"),
        ]
    return figures


def glotip_vintages(data: Tables) -> list[KeyFigure]:
    """The last year of the 2023 export, as that export and the 2025 one give it (world)."""
    earlier, earlier_provenance = data["glotip_exploitation_2023"]
    last = int(earlier["year"].max())
    figures = [key_figure("glotip.vintage.year", last, year(last), earlier_provenance,
                          "max(year) of the 2023 export")]
    for table, key in (("glotip_exploitation_2023", "export_2023"), ("glotip_exploitation", "export_2025")):
        rows, provenance = data[table]
        total = rows.loc[rows["year"] == last, "value"].sum()
        figures.append(key_figure(f"glotip.vintage.victims_{key}", total, count(total), provenance,
                                  f"sum(value), all countries, all forms, year == {last}"))
    return figures


# --- IOM: dead and missing ---------------------------------------------------------------------

def iom(data: Tables) -> list[KeyFigure]:
    """The concept note's 2015 figures as IOM's records now give them, and the routes' totals."""
    claims, provenance = data["iom_claims_2015"]
    figures = [key_figure(f"iom.claims.{row.claim}_{row.period}", row.dead_and_missing,
                          count(row.dead_and_missing), provenance,
                          f"dead and missing, {row.start} to {row.end}, {CLAIM_DESCRIPTIONS[row.claim]}")
               for row in claims.itertuples()]
    route_month, provenance = data["iom_route_month"]
    by_year = route_month.groupby("year")["dead_and_missing"].sum()
    by_route = route_month.groupby(["year", "route"])["dead_and_missing"].sum()
    years = _years_present(by_year)
    what = "sum(dead_and_missing), Rabat-region routes"
    figures += _through("iom.routes", route_month, years, provenance, "Rabat-region routes")
    for paper_year in years:
        figures.append(key_figure(f"iom.routes.all_{paper_year}", by_year[paper_year], count(by_year[paper_year]),
                                  provenance, f"{what}, year == {paper_year}"))
        for route, route_key in IOM_ROUTE_KEYS.items():
            value = by_route.get((paper_year, route), 0)
            figures.append(key_figure(f"iom.routes.{route_key}_{paper_year}", value, count(value), provenance,
                                      f"sum(dead_and_missing), route == {route}, year == {paper_year}"))
        share = by_route.get((paper_year, "Central Mediterranean"), 0) / by_year[paper_year]
        figures.append(key_figure(f"iom.routes.central_mediterranean_share_{paper_year}", share, percent(share),
                                  provenance, f"Central Mediterranean / all Rabat-region routes, year == {paper_year}"))
    figures.append(key_figure("iom.routes.latest_month", 0, month(aggregates.last_month(route_month)),
                              provenance, "last month of the table"))
    return figures + _peak("iom.routes", "peak_value", by_year, aggregates.whole_years(route_month),
                           provenance, what)


# --- UNHCR: arrivals and asylum applications ---------------------------------------------------

def unhcr_arrivals(data: Tables) -> list[KeyFigure]:
    """Arrivals in Italy, Spain and Malta, the countries of arrival of the Rabat routes."""
    monthly, provenance = data["unhcr_monthly_arrivals"]
    selected = aggregates.sea_arrivals(monthly)
    by_year = selected.groupby("year")["arrivals"].sum()
    years = _years_present(by_year)
    series = ", ".join(name for _country, _mode, name in aggregates.SEA_SERIES)
    figures = _through("unhcr.arrivals", selected, years, provenance, series)
    for paper_year in years:
        figures.append(key_figure(f"unhcr.arrivals.italy_spain_malta_{paper_year}", by_year[paper_year],
                                  count(by_year[paper_year]), provenance,
                                  f"sum(arrivals), year == {paper_year}, {series}"))
        for country, mode, _name in [*aggregates.SEA_SERIES, aggregates.EASTERN_MED_ARRIVALS]:
            rows = monthly[(monthly["country"] == country) & (monthly["mode"] == mode)
                           & (monthly["year"] == paper_year)]
            context = ", Eastern Mediterranean route: context, not a Rabat route" \
                if country == aggregates.EASTERN_MED_ARRIVALS[0] else ""
            figures.append(key_figure(f"unhcr.arrivals.{country.lower()}_{paper_year}", rows["arrivals"].sum(),
                                      count(rows["arrivals"].sum()), provenance,
                                      f"sum(arrivals), {country} ({mode}), year == {paper_year}{context}"))
    return figures


def unhcr_asylum(data: Tables) -> list[KeyFigure]:
    """First-instance asylum applications by nationals of African partners in European partners."""
    asylum, provenance = data["unhcr_asylum_partners"]
    african, european = _groups(data)
    rows = asylum[asylum["origin_iso3"].isin(african) & asylum["asylum_iso3"].isin(european)]
    by_year = rows.groupby("year")["applications"].sum()
    latest, peak = int(by_year.index.max()), int(by_year.idxmax())
    what = "first-instance applications, African partners' nationals in European partners"
    figures = [
        key_figure("unhcr.asylum.latest_year", latest, year(latest), provenance, f"max(year), {what}"),
        key_figure("unhcr.asylum.peak_year", peak, year(peak), provenance, f"argmax_year, {what}"),
        key_figure("unhcr.asylum.peak_value", by_year[peak], count(by_year[peak]), provenance,
                   f"sum(applications), {what}, year == {peak}"),
    ]
    for key, chosen_year in [("latest", latest), *[(str(y), y) for y in _years_present(by_year)]]:
        by_origin = rows[rows["year"] == chosen_year].groupby("origin_iso3")["applications"].sum()
        top = by_origin.sort_index().sort_values(ascending=False, kind="stable").index[0]
        figures += [
            key_figure(f"unhcr.asylum.total_{key}", by_year[chosen_year], count(by_year[chosen_year]),
                       provenance, f"sum(applications), {what}, year == {chosen_year}"),
            key_figure(f"unhcr.asylum.top_origin_{key}", 0, _country(top), provenance,
                       f"origin of max(applications), {what}, year == {chosen_year}"),
            key_figure(f"unhcr.asylum.top_origin_{key}_value", by_origin[top], count(by_origin[top]),
                       provenance, f"applications of {top}, year == {chosen_year}"),
        ]
    return figures


# --- Frontex: detections of illegal border-crossing -------------------------------------------

def _leading(prefix: str, ranked: pd.Series, unit: str, provenance: dict[str, Any],
             what: str) -> list[KeyFigure]:
    """``<prefix>_<rank>`` (the country's name) and ``<prefix>_<rank>_<unit>`` (its count)."""
    figures = []
    for rank, (code, value) in enumerate(ranked.items(), start=1):
        figures += [key_figure(f"{prefix}_{rank}", 0, _country(code), provenance, f"rank {rank} by {unit}, {what}"),
                    key_figure(f"{prefix}_{rank}_{unit}", value, count(value), provenance, f"{unit} of {code}, {what}")]
    return figures


def frontex(data: Tables) -> list[KeyFigure]:
    """Detections on the Rabat routes: by route and year, the share and the leading
    nationalities of African partners' nationals, the leading nationalities on the Central
    Mediterranean route, and the Eastern Mediterranean route for context."""
    detections, provenance = data["frontex_detections"]
    african, _european = _groups(data)
    by_route = aggregates.detections_by_route_year(detections)
    by_year = by_route.groupby("year")["detections"].sum()
    nationals = aggregates.african_partner_detections(detections, african)
    routes = "routes " + ", ".join(RABAT_ROUTES)
    years = _years_present(by_year)
    figures = [
        key_figure("frontex.last_month", 0, month(aggregates.last_month(detections)), provenance,
                   "last month with a detection"),
        *_peak("frontex.rabat_routes", "peak_detections", by_year, aggregates.whole_years(detections),
               provenance, f"sum(detections), {routes}"),
        *_through("frontex", detections, years, provenance, routes),
    ]
    for paper_year in years:
        total = by_year[paper_year]
        figures.append(key_figure(f"frontex.rabat_routes.detections_{paper_year}", total, count(total),
                                  provenance, f"sum(detections), {routes}, year == {paper_year}"))
        for row in by_route[by_route["year"] == paper_year].itertuples():
            figures.append(key_figure(f"frontex.routes.{ROUTE_KEYS[row.route]}.detections_{paper_year}",
                                      row.detections, count(row.detections), provenance,
                                      f"sum(detections), route == {row.route}, year == {paper_year}"))
        of_partners = nationals.loc[nationals["year"] == paper_year, "detections"].sum()
        what = f"nationality in African partners, {routes}, year == {paper_year}"
        figures += [
            key_figure(f"frontex.rabat_routes.african_partners_{paper_year}", of_partners, count(of_partners),
                       provenance, f"sum(detections), {what}"),
            key_figure(f"frontex.rabat_routes.african_partners_share_{paper_year}", of_partners / total,
                       percent(of_partners / total), provenance, f"sum(detections), {what} / all nationalities"),
            *_leading(f"frontex.rabat_routes.african_nationality_{paper_year}",
                      aggregates.leading(nationals, paper_year, "nationality", "detections"),
                      "detections", provenance, what),
        ]
        central = detections[(detections["route"] == FRONTEX_CENTRAL_MED)
                             & detections["nationality"].str.fullmatch(r"[A-Z]{3}")
                             & ~detections["nationality"].isin(aggregates.FRONTEX_NOT_A_COUNTRY)]
        figures += _leading(f"frontex.central_mediterranean.nationality_{paper_year}",
                            aggregates.leading(central, paper_year, "nationality", "detections"),
                            "detections", provenance,
                            f"all nationalities, route == {FRONTEX_CENTRAL_MED}, year == {paper_year}")
    route_month, provenance = data["frontex_route_month"]
    for paper_year in years:
        rows = route_month[route_month["year"] == paper_year]
        eastern = rows.loc[rows["route"] == EASTERN_MED, "detections"].sum()
        figures += [
            key_figure(f"frontex.routes.{ROUTE_KEYS[EASTERN_MED]}.detections_{paper_year}", eastern,
                       count(eastern), provenance, f"sum(detections), route == {EASTERN_MED} "
                       f"(not a Rabat route: context), year == {paper_year}"),
            key_figure(f"frontex.all_routes.detections_{paper_year}", rows["detections"].sum(),
                       count(rows["detections"].sum()), provenance,
                       f"sum(detections), all routes, year == {paper_year}"),
        ]
    return figures


# --- Eurostat: asylum applicants ------------------------------------------------------------

def eurostat(data: Tables) -> list[KeyFigure]:
    """Asylum applicants who are citizens of African partners, in the European partners (the
    sum of their own rows): the latest year and the meeting's years, their share, the leading
    citizenships."""
    applicants, provenance = data["eurostat_asylum_applicants"]
    totals, totals_provenance = data["eurostat_asylum_totals"]
    african, european = _groups(data)
    nationals = applicants[applicants["citizenship"].isin(african)]
    by_year = aggregates.applicants_in_partners(nationals, european)
    everyone = aggregates.applicants_in_partners(totals, european)
    in_partners = nationals[nationals["reporting_country"].isin(european)]
    what = "all asylum applicants, citizens of African partners, in European partners"
    latest, peak = int(by_year.index.max()), int(by_year.idxmax())
    figures = [
        key_figure("eurostat.african_partners.latest_year", latest, year(latest), provenance, f"max(year), {what}"),
        key_figure("eurostat.african_partners.peak_year", peak, year(peak), provenance,
                   f"argmax_year sum(applicants), {what}"),
        key_figure("eurostat.african_partners.peak_applicants", by_year[peak], count(by_year[peak]),
                   provenance, f"sum(applicants), {what}, year == {peak}"),
    ]
    for key, chosen_year in [("latest", latest), *[(str(y), y) for y in _years_present(by_year)]]:
        share = by_year[chosen_year] / everyone[chosen_year]
        figures += [
            key_figure(f"eurostat.african_partners.applicants_{key}", by_year[chosen_year],
                       count(by_year[chosen_year]), provenance, f"sum(applicants), {what}, year == {chosen_year}"),
            key_figure(f"eurostat.african_partners.share_{key}", share, percent(share), provenance,
                       f"sum(applicants), {what} / all citizenships, year == {chosen_year}"),
            key_figure(f"eurostat.all_citizenships.applicants_{key}", everyone[chosen_year],
                       count(everyone[chosen_year]), totals_provenance,
                       f"sum(applicants), all citizenships, in European partners, year == {chosen_year}"),
            *_leading(f"eurostat.african_partners.citizenship_{key}",
                      aggregates.leading(in_partners, chosen_year, "citizenship", "applicants"),
                      "applicants", provenance, f"{what}, year == {chosen_year}"),
        ]
    return figures


# --- The national policy record (pipeline.analysis.countries) --------------------------------

def _country_table(data: Tables) -> pd.DataFrame:
    return countries.country_table(data["rabat_partners"][0], data["tip_tiers"][0], data["tip_3p"][0],
                                   data["criminalisation"][0], data["trafficking_protocol"][0])


def _partners_only(table: pd.DataFrame, side: str) -> pd.DataFrame:
    return table[(table["side"] == side) & (table["status"] == "partner")]


def ratification(data: Tables) -> list[KeyFigure]:
    """How many partners are party to the Trafficking Protocol in the records, and who is not."""
    table, provenance = _country_table(data), data["trafficking_protocol"][1]
    latest = pd.Timestamp(data["trafficking_protocol"][0]["hti_consent"].dropna().max())
    parties = set(countries.PARTIES.values())
    figures = [key_figure("ratification.records_end", latest.year, month(latest), provenance,
                          "max(hti_consent): the latest consent the records hold")]
    for side in ("African", "European"):
        rows = _partners_only(table, side)
        party = rows["protocol"].isin(parties)
        what = f"{side} partners (observers left out) whose protocol is one of {sorted(parties)}"
        figures += [
            key_figure(f"ratification.{side.lower()}_partners", len(rows), count(len(rows)), provenance,
                       f"{side} partners (observers left out)"),
            key_figure(f"ratification.{side.lower()}_partners_parties", party.sum(), count(party.sum()),
                       provenance, what + " (HTI, else Kelley-Simmons)"),
            key_figure(f"ratification.{side.lower()}_partners_not_parties", (~party).sum(),
                       labels([f"country.{code}" for code in rows.loc[~party, "iso3"]]), provenance,
                       f"{side} partners not among them"),
        ]
    return figures


TIER_KEYS = {"Tier 1": "tier_1", "Tier 2": "tier_2", "Tier 2 Watch List": "watch_list", "Tier 3": "tier_3"}


def policy(data: Tables) -> list[KeyFigure]:
    """The 2015 TIP tiers and their direction since 2010, the mean 3P scores of the latest year,
    and criminalisation, for the partners of each side."""
    table = _country_table(data)
    tiers, scores, crim = data["tip_tiers"][1], data["tip_3p"][1], data["criminalisation"][1]
    figures = []
    for side in ("African", "European"):
        rows = _partners_only(table, side)
        prefix = side.lower()
        for placement, key in TIER_KEYS.items():
            number = (rows["tier_2015"] == placement).sum()
            figures.append(key_figure(f"policy.tiers_2015.{prefix}_{key}", number, count(number), tiers,
                                      f"{side} partners, report_year == 2015, placement == {placement}"))
        for direction in ("up", "down", "same"):
            number = (rows["direction"] == direction).sum()
            figures.append(key_figure(f"policy.tiers_since_2010.{prefix}_{direction}", number, count(number),
                                      tiers, f"{side} partners whose tier went {direction} from 2010 to 2015"))
        for level in ("full", "partial", "none"):
            number = (rows["crim_level"] == level).sum()
            figures.append(key_figure(f"policy.criminalisation.{prefix}_{level}", number, count(number), crim,
                                      f"{side} partners whose latest coded level is {level}"))
    african = _partners_only(table, "African")
    untiered = african.loc[~african["tier_2015"].isin(countries.TIER_ORDER), "iso3"].tolist()
    figures.append(key_figure("policy.tiers_2015.african_untiered", len(untiered),
                              labels([f"country.{code}" for code in untiered]), tiers,
                              "African partners without a tier in the 2015 report"))
    latest = int(table["three_p_year"].max())
    figures.append(key_figure("policy.three_p.latest_year", latest, year(latest), scores, "max(year) with a 3P total"))
    for side in ("African", "European"):
        rows = _partners_only(table, side)
        rows = rows[rows["three_p_year"] == latest]
        prefix = f"policy.three_p.{side.lower()}"
        figures.append(key_figure(f"{prefix}_countries_latest", len(rows), count(len(rows)), scores,
                                  f"{side} partners with a 3P total, year == {latest}"))
        for part in ("three_p", "prosecution", "protection", "prevention"):
            mean = rows[part].astype(float).mean()
            name = "mean" if part == "three_p" else f"{part}_mean"
            figures.append(key_figure(f"{prefix}_{name}_latest", mean, decimal(mean), scores,
                                      f"mean({part}), {side} partners, year == {latest}"))
    return figures


# --- The documents' own figures ----------------------------------------------------------------

def quoted(sources: dict[str, registry.Source], as_of: str) -> list[KeyFigure]:
    """The figures the paper cites as a document prints them (a registry claim with a ``name``),
    for the edition of ``as_of`` (a document the edition's date has not reached is an error).

    They are bound like any other number, ``concept_note.<name>``, so that the French edition
    writes "53 %" from the same record and the claims check vouches for the page they are on.
    """
    figures = []
    for source in sources.values():
        for claim in source.claims:
            if not claim.name:
                continue
            if as_of != "latest" and (source.year is None or source.year > int(as_of[:4])):
                raise ValueError(f"source {source.id}: claim {claim.name} is of "
                                 f"{source.year or 'no date'}, not known by the edition's date {as_of}")
            number = parse_figure(claim.figure).number
            value = number.value / 100 if number.percent else number.value
            shown = percent(value) if number.percent else count(value)
            where = f"p. {claim.page}" if claim.page else claim.locator or "no page given"
            provenance = {"table": f"document {source.id}", "as_of": as_of,
                          "sources": [{"id": source.id, "file": source.file or "", "sha256": source.sha256,
                                       "date": source.accessed.isoformat()}]}
            figures.append(key_figure(f"concept_note.{claim.name}", value, shown, provenance,
                                      f"{where}: {claim.figure!r}, as the document prints it"))
    return figures
