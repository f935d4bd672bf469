"""The steps of the build, declared once: what each runs, what it reads and what it writes.

``python -m pipeline rules`` turns them into make rules (:mod:`pipeline.graph.makefile`); the
prerequisites that are code (the modules a step imports, the committed files they read) are
not declared here but found in the code (:mod:`pipeline.graph.code`).

**Adding an extraction** is one entry in :data:`EXTRACTIONS`: the notebook, the tables it writes
(``build/data/<table>.csv``, each with its committed snapshot in ``sources/snapshot/``), the
registry ids of the sources whose raw files it reads, the tables of earlier steps it reads, and
any parameters that differ from the notebook's defaults. ``tests/test_graph.py`` checks the
entry against the snapshots' sidecars (which name the step and the sources of each table).

What each edition renders, in which languages, is :mod:`pipeline.paper.editions`; the steps of
an edition (its key figures, its figures, its documents) follow from it here.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import paths
from pipeline.graph.code import literal
from pipeline.paper import editions
from pipeline.sources import registry


@dataclass(frozen=True)
class Notebook:
    """A step that runs a notebook (``python -m pipeline.notebook``)."""

    notebook: str  # notebooks/NN-name.ipynb
    record: str  # the executed notebook is build/notebooks/<record>.ipynb
    outputs: tuple[Path, ...]
    parameters: dict[str, Any] = field(default_factory=dict)  # those that differ from its defaults
    reads: tuple[Path, ...] = ()  # what earlier steps made that it reads
    sources: tuple[str, ...] = ()  # registry ids of the raw files it reads
    snapshots: tuple[str, ...] = ()  # tables whose committed snapshot stands in for the raw files


@dataclass(frozen=True)
class Command:
    """A step that runs a command of ``python -m pipeline`` (:data:`pipeline.__main__.COMMANDS`)."""

    command: str
    arguments: tuple[str, ...]
    outputs: tuple[Path, ...]
    reads: tuple[Path, ...] = ()
    #: make rules the command writes as it runs: what it found it needs (the files a manuscript
    #: includes), as ``gcc -MD`` writes the headers a source includes.
    depfile: Path | None = None


Step = Notebook | Command


def table(name: str) -> Path:
    return paths.DATA / f"{name}.csv"


def extraction(notebook: str, tables: list[str], sources: list[str], reads: list[str] = (),
               parameters: dict[str, Any] | None = None, record: str = "") -> Notebook:
    """The step of ``notebooks/<notebook>.ipynb`` that writes ``tables`` from the raw files of
    ``sources`` (or, without them, from the tables' snapshots), reading the tables ``reads``."""
    return Notebook(f"notebooks/{notebook}.ipynb", record or notebook, tuple(map(table, tables)),
                    parameters or {}, tuple(map(table, reads)), tuple(sources), tuple(tables))


EXTRACTIONS = (
    extraction("01-extract-partners", ["rabat_partners"], ["rabat-partners"]),
    extraction("02-extract-glotip", ["glotip_exploitation", "glotip_age", "glotip_sex", "glotip_citizenship",
                                     "glotip_convictions"], ["unodc-glotip-data-2025"]),
    # The same notebook on the 2023 export: an earlier vintage, to show how revisions change figures.
    extraction("02-extract-glotip", ["glotip_exploitation_2023"], ["unodc-glotip-data-2023"],
               parameters={"source_id": "unodc-glotip-data-2023", "tables": ["exploitation"], "suffix": "_2023"},
               record="02-extract-glotip-2023"),
    extraction("03-extract-iom", ["iom_route_month", "iom_claims_2015"],
               ["iom-mmp-2020-01-08", "iom-mmp-2022-03-24", "iom-mmp-2024-04-10", "iom-mmp-2026-05-06",
                "iom-mmp-europe-2026"]),
    extraction("04-extract-unhcr", ["unhcr_monthly_arrivals", "unhcr_origins", "unhcr_yearly",
                                    "unhcr_sea_arrivals_year", "unhcr_asylum_partners"],
               ["unhcr-med-arrivals-2019", "unhcr-med-workbook-2019", "unhcr-sea-arrivals-2022",
                "unhcr-asylum-applications-2025"], reads=["rabat_partners"]),
    # Frontex detections and Eurostat asylum applicants: R data files; with Frontex's risk analyses
    # as published (text) and its routes to June 2026 (JSON).
    extraction("05-extract-frontex", ["frontex_detections", "frontex_route_month", "frontex_ara_routes",
                                      "frontex_ara_nationalities", "frontex_ara_facilitators",
                                      "frontex_route_month_2026"],
               ["frontex-ibc-2025", "frontex-ara-2015", "frontex-ara-2016", "frontex-ibc-routes-2026"]),
    extraction("06-extract-eurostat", ["eurostat_asylum_applicants", "eurostat_asylum_totals"],
               ["eurostat-asylum-applicants-2025"], reads=["rabat_partners"]),
    # The national policy record: TIP tiers, 3P index, criminalisation, Trafficking Protocol; the UN
    # depositary's status of the Convention and both Protocols; the tiers and 3P index of a second
    # cleaning, checked against the first.
    extraction("07-extract-policy", ["tip_tiers", "tip_3p", "criminalisation", "trafficking_protocol",
                                     "treaty_status", "tip_tiers_cross_check", "tip_3p_cross_check"],
               ["scorecard-tiers-3p-2015", "scorecard-tiers-2015-report", "cho-3p-index",
                "scorecard-criminalization-2015", "hti-2013", "kelley-simmons-2015-data", "untc-untoc-2014",
                "untc-trafficking-protocol-2014", "untc-smuggling-protocol-2014", "tip-tiers-1999-2015",
                "cho-3p-index-2014"]),
    # The texts of the Convention and its two Protocols (English part), as passages with locators.
    extraction("08-extract-treaties", ["treaty_provisions"],
               ["un-toc-convention-text", "un-protocol-trafficking-text", "un-protocol-smuggling-text"]),
    # Italy's daily sea arrivals from the Ministry of the Interior, 2019-2025.
    extraction("12-extract-italy", ["italy_arrivals_month", "italy_arrivals_nationality"],
               ["italy-sbarchi-2025", "italy-sbarchi-nationality-2025"]),
)

#: What the extractions write: the tidy tables.
TABLES = tuple(output for step in EXTRACTIONS for output in step.outputs)
#: The claims checked, beside them.
CLAIMS = paths.DATA / "claims.csv"


def claims_check(sources: dict[str, registry.Source]) -> Notebook:
    """The concept note's claims, checked once in the documents and texts in hand (the comparison
    with each edition's key figures is the technical note's, in the render)."""
    documents = sorted({document.id for document in registry.checked_in(sources).values()})
    return Notebook("notebooks/11-check-claims.ipynb", "11-check-claims", (CLAIMS,), sources=tuple(documents))


def tables_read_by(module: str) -> tuple[Path, ...]:
    """The tables a module says it reads: its ``TABLES``, a literal list of table names."""
    return tuple(map(table, literal(module, "TABLES")))


def edition_notebooks(edition: editions.Edition) -> list[Notebook]:
    """An edition's key figures (notebook 10) and figures (notebook 09), from the tables cut to its
    date, the figures drawn in each of its languages."""
    name = edition.name
    key_figures = Notebook("notebooks/10-key-figures.ipynb", f"10-key-figures-{name}", (edition.keyfigures,),
                           {"as_of": edition.as_of, "output": paths.display(edition.keyfigures)},
                           reads=tables_read_by("pipeline.analysis.keyfigures"))
    figures = Notebook("notebooks/09-figures.ipynb", f"09-figures-{name}", (edition.figure_manifest,),
                       {"as_of": edition.as_of, "languages": list(edition.languages), "vintages": edition.vintages,
                        "figures_dir": paths.display(paths.FIGURES / name),
                        "manifest": paths.display(edition.figure_manifest)},
                       reads=tables_read_by("pipeline.figures.charts"))
    return [key_figures, figures]


def documents(edition: editions.Edition) -> list[Command]:
    """Every document of ``edition``: its paper and technical note in each of its languages.

    A render reads the edition's key figures (and those of its baseline: a statement false in
    this edition says whether it holds there), its figures, every table and the claims checked
    (the number guard reads them all, the statements check the tables its figures draw; the
    technical note lists them), and its manuscripts with every file they include (the depfile):
    a technical note also reads its edition's papers, whose paragraphs and statements it lists.
    Its bibliography is no step of its own: the staging writes it from the registry, cut to the
    edition's date.
    """
    steps = []
    baseline = (editions.edition(edition.baseline).keyfigures,) if edition.baseline else ()
    for (lang, kind), document in edition.documents.items():
        outputs = tuple(paths.PAPER_OUTPUT / f"{document.stem}.{fmt}" for fmt in document.formats)
        manuscripts = (paths.PAPER / name for name in edition.manuscripts(lang, kind))
        reads = (*manuscripts, edition.keyfigures, *baseline, edition.figure_manifest,
                 *TABLES, CLAIMS)
        depfile = paths.BUILD / "includes" / f"{document.stem}.d"
        steps.append(Command("render", ("--edition", edition.name, "--lang", lang, "--document", kind,
                                        "--depfile", paths.display(depfile), "--targets",
                                        *map(paths.display, outputs)), outputs, reads, depfile))
    return steps


def edition_steps(edition: editions.Edition) -> list[Step]:
    """What one edition makes: its key figures, its figures and its documents."""
    return edition_notebooks(edition) + documents(edition)


def build() -> list[Step]:
    """Every step of ``make paper``, in the order of the data flow."""
    steps: list[Step] = [*EXTRACTIONS, claims_check(registry.load())]
    for each in editions.EDITIONS.values():
        steps += edition_steps(each)
    return steps
