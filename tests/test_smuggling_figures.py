"""The smuggling figures and key figures: Rabat routes only, Italy/Spain/Malta only, a partial
last year said as such, and the same numbers in a figure and in the sentence beside it.

Small tables made up here; pure functions of them (no file is read), as the "as of" cut needs.
"""
from __future__ import annotations

import json

import matplotlib.text
import pandas as pd

from pipeline.analysis import aggregates, keyfigures
from pipeline.extract import frontex, iom
from pipeline.figures import charts
from pipeline.tables import Table

PARTNERS = pd.DataFrame({"country": ["Nigeria", "Mali", "Algeria", "Italy", "Germany"],
                         "iso3": ["NGA", "MLI", "DZA", "ITA", "DEU"],
                         "side": ["African", "African", "African", "European", "European"],
                         "status": ["partner", "partner", "observer", "partner", "partner"]})
PROVENANCE = {"table": "t", "sources": [{"id": "frontex-ibc-2025", "file": "frontex.rda",
                                        "sha256": "ab" * 32, "date": "2025-06-03"}]}


def _detections(rows) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["route", "border_type", "nationality", "year", "month", "detections"])


DETECTIONS = _detections([
    (frontex.CENTRAL_MED, "Sea", "NGA", 2015, 6, 60), (frontex.CENTRAL_MED, "Sea", "ERI", 2015, 6, 30),
    (frontex.CENTRAL_MED, "Sea", "OOS", 2015, 7, 10), (frontex.WESTERN_MED, "Land", "MLI", 2015, 1, 20),
    (frontex.WESTERN_AFRICAN, "Sea", "DZA", 2015, 3, 5), (frontex.CENTRAL_MED, "Sea", "MLI", 2014, 5, 40),
    (frontex.CENTRAL_MED, "Sea", "NGA", 2016, 2, 9), (frontex.CENTRAL_MED, "Sea", "NGA", 2014, 12, 15),
])  # 2014 is the only whole year (to December); 2015 ends in July, 2016 in February


def _tables(detections: pd.DataFrame = DETECTIONS, **extra) -> dict:
    """The Frontex tables an edition knows, from ``detections`` (cut to its date: both tables)."""
    route_month = detections.groupby(["route", "border_type", "year", "month"], as_index=False)[
        "detections"].sum()
    eastern = pd.DataFrame([(frontex.EASTERN_MED, "Sea", 2015, 9, 500), (frontex.EASTERN_MED, "Sea", 2014, 9, 50)],
                           columns=route_month.columns)
    eastern = eastern[eastern["year"] <= detections["year"].max()]
    return {"rabat_partners": Table(PARTNERS, PROVENANCE), "frontex_detections": Table(detections, PROVENANCE),
            "frontex_route_month": Table(pd.concat([route_month, eastern]), PROVENANCE), **extra}


def _values(figures) -> dict:
    return {figure.key: figure.text for figure in figures}


def test_yearly_sums_by_route_in_route_order_and_the_last_month():
    sums = aggregates.detections_by_route_year(DETECTIONS)
    assert sums["route"].drop_duplicates().tolist() == [frontex.WESTERN_AFRICAN, frontex.WESTERN_MED,
                                                       frontex.CENTRAL_MED]
    assert sums.set_index(["route", "year"]).loc[(frontex.CENTRAL_MED, 2015), "detections"] == 100
    assert aggregates.last_month(DETECTIONS) == pd.Timestamp("2016-02-01")


def test_frontex_key_figures_share_and_leading_nationalities_of_african_partners():
    values = _values(keyfigures.frontex(_tables()))
    assert values["frontex.rabat_routes.detections_2015"] == "125"
    assert values["frontex.routes.central_mediterranean.detections_2015"] == "100"
    # Nigeria 60 + Mali 20 of 125; Algeria is an observer, Eritrea and the code OOS no partner.
    assert values["frontex.rabat_routes.african_partners_share_2015"] == "64%"
    assert values["frontex.rabat_routes.african_nationality_2015_1"] == "Nigeria"
    assert values["frontex.central_mediterranean.nationality_2015_2"] == "Eritrea"  # any country, OOS no country
    assert values["frontex.through_2015"] == "July 2015"
    assert "frontex.central_mediterranean.nationality_2015_3" not in values  # OOS is no country


def test_the_peak_year_of_detections_is_a_whole_year():
    values = _values(keyfigures.frontex(_tables()))
    # 2015 has more detections (125) than 2014 (55), but only to July: a partial year is no peak
    assert values["frontex.rabat_routes.peak_year"] == "2014"
    assert values["frontex.rabat_routes.peak_detections"] == "55"


def test_an_earlier_cut_of_the_table_changes_the_key_figures_with_it():
    values = _values(keyfigures.frontex(_tables(DETECTIONS[DETECTIONS["year"] <= 2015])))
    assert values["frontex.through_2015"] == "July 2015"
    # an edition that knows nothing of 2015
    values = _values(keyfigures.frontex(_tables(DETECTIONS[DETECTIONS["year"] <= 2014])))
    assert "frontex.routes.central_mediterranean.detections_2014" in values
    assert not any(key.endswith("_2015") for key in values)


def test_eurostat_key_figures_never_add_the_eu27_aggregate_to_its_members():
    applicants = pd.DataFrame({
        "reporting_country": ["ITA", "DEU", "EU27", "ITA", "DEU", "ITA"],
        "year": [2015, 2015, 2015, 2014, 2014, 2015], "citizenship": ["NGA", "MLI", "NGA", "NGA", "NGA", "DZA"],
        "sex": ["male"] * 6, "applicants": [100, 30, 500, 10, 5, 7]})
    totals = pd.DataFrame({"reporting_country": ["ITA", "DEU", "EU27", "ITA", "DEU"],
                           "year": [2015, 2015, 2015, 2014, 2014], "applicants": [1000, 300, 9000, 60, 40]})
    values = _values(keyfigures.eurostat(_tables(eurostat_asylum_applicants=Table(applicants, PROVENANCE),
                                                 eurostat_asylum_totals=Table(totals, PROVENANCE))))
    assert values["eurostat.african_partners.applicants_latest"] == "130"  # not 630, not 137 (DZA)
    assert aggregates.applicants_in_partners(applicants[applicants["citizenship"] != "DZA"], {"ITA", "DEU"})[2014] == 15


def test_the_detections_figure_says_not_persons_and_the_partial_year_and_is_deterministic(tmp_path):
    first, second, french = tmp_path / "a", tmp_path / "b", tmp_path / "fr"
    for folder in (first, second, french):
        folder.mkdir()
    made = charts.frontex_detections_by_route(Table(DETECTIONS, PROVENANCE), "en", first)
    charts.frontex_detections_by_route(Table(DETECTIONS, PROVENANCE), "en", second)
    record = json.loads(made["json"].read_text())
    line = record["source_line"]
    assert line.startswith("Source: Frontex, detections of illegal border-crossing (data as of 3 June 2025).")
    assert "not persons" in line and "2016: January to February only" in line
    assert record["language"] == "en"
    for name in ("frontex-detections-routes.svg", "frontex-detections-routes.png"):
        assert (first / name).read_bytes() == (second / name).read_bytes()
    drawn = charts.frontex_detections_by_route(Table(DETECTIONS, PROVENANCE), "fr", french)
    line = json.loads(drawn["json"].read_text())["source_line"]
    # French typography: no-break spaces in a date, a narrow one before the colon
    assert "Frontex, franchissements illégaux des frontières détectés (données au 3\u00a0juin\u00a02025)." in line
    assert "et non personnes" in line and "2016\u202f: de janvier à février seulement" in line


def test_the_nationalities_figure_groups_the_other_african_partners(monkeypatch, tmp_path):
    drawn = {}

    def save(fig, figure_id, source_line, provenance, folder):
        drawn[provenance["language"]] = (fig.axes[0].get_legend_handles_labels()[1], source_line)

    monkeypatch.setattr(charts.style, "save", save)
    groups = (frozenset({"NGA", "MLI"}), frozenset())  # Algeria (DZA): an observer, not among them
    for lang in ("en", "fr"):
        charts.frontex_african_nationalities(Table(DETECTIONS, PROVENANCE), groups, lang, tmp_path, top=1)
    labels, line = drawn["en"]
    assert labels == ["Nigeria", "Other African partners"]  # Nigeria 84, Mali 60 grouped
    assert "Western African, Western Mediterranean and Central Mediterranean routes." in line
    assert "not persons" in line and "2016: January to February only" in line
    assert drawn["fr"][0] == ["Nigéria", "Autres partenaires africains"]


def test_the_iom_routes_of_the_rabat_region_leave_out_the_eastern_mediterranean():
    assert "Eastern Mediterranean" not in iom.RABAT_ROUTES
    incidents = pd.DataFrame({"route": ["Eastern Mediterranean", iom.CENTRAL_MED, iom.CENTRAL_MED],
                              "year": [2015, 2015, 2015], "month": [4, 4, 5], "incident_id": ["a", "b", "c"],
                              "dead": [5, 3, 2], "missing": [0, 1, 0], "dead_and_missing": [5, 4, 2],
                              "derived": [False, False, True]})
    table = iom.dead_missing_by_route_month(incidents)
    assert table["route"].tolist() == [iom.CENTRAL_MED] * 2 and table["month"].tolist() == [4, 5]
    assert table["dead_and_missing"].tolist() == [4, 2] and table["from_derived"].tolist() == [0, 2]


def test_arrivals_are_counted_for_italy_spain_and_malta_with_greece_apart():
    assert [country for country, _mode, _label in aggregates.SEA_SERIES] == ["Italy", "Spain", "Malta"]
    monthly = pd.DataFrame({"country": ["Italy", "Spain", "Malta", "Greece", "Cyprus", "Spain"],
                            "mode": ["all", "all", "all", "sea", "all", "sea"], "year": [2015] * 6,
                            "month": [1, 1, 1, 1, 1, 1], "arrivals": [100, 20, 3, 900, 7, 15],
                            "source_row": [2] * 6})
    data = {"rabat_partners": Table(PARTNERS, PROVENANCE), "unhcr_monthly_arrivals": Table(monthly, PROVENANCE)}
    values = _values(keyfigures.unhcr_arrivals(data))
    # Spain "all" once, no Greece
    assert (values["unhcr.arrivals.italy_2015"], values["unhcr.arrivals.spain_2015"],
            values["unhcr.arrivals.malta_2015"]) == ("100", "20", "3")
    assert values["unhcr.arrivals.through_2015"] == "January 2015"
    assert not any(key.endswith("_2014") for key in values)  # no data for 2014: no 2014 figure


def test_a_figure_s_title_and_source_line_are_text_never_mathtext(tmp_path):
    """Issue 25: "$x^2$" in a catalogue title or a source line is printed as written; mathtext would
    typeset it (and a lone "$\\frac{" stop the build)."""
    from pipeline.figures import style

    fig, ax = style.figure()
    ax.plot([0, 1], [0, 1], label="$x^2$")
    style.header(ax, "Costs of $x^2$ and $\\frac{")
    outputs = style.save(fig, "payload", "Source: $y_1$ and <b>this</b>.", {}, tmp_path)
    assert outputs["svg"].is_file()
    texts = [text.get_text() for text in fig.findobj(matplotlib.text.Text)]
    assert "Costs of $x^2$ and $\\frac{" in texts and not any(t._preprocess_math(t.get_text())[1] for t in
                                                                 fig.findobj(matplotlib.text.Text))
