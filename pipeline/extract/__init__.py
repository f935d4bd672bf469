"""Stage 2, extraction: raw files -> tidy tables with provenance sidecars.

:mod:`~pipeline.extract.step` is the framework every extraction notebook uses (a
:class:`Step` says which function makes which table under which schema; :func:`run` resolves
the raw files or falls back to the snapshot, validates, and writes the table and its sidecar).
Then one module per publisher holds its parser, its schema and its steps together:
``partners`` (the Rabat Process list), ``glotip`` (UNODC; ``citizenship`` reads its free-text
citizenships), ``iom`` (Missing Migrants), ``unhcr``, ``frontex`` (detections of illegal
border-crossing) and ``eurostat`` (asylum applicants), the last two R data files read by
``rdata``; ``frontex_reports`` (Frontex's risk analyses as published, whose flattened table rows
``flattened`` splits into numbers) and ``frontex_routes`` (Frontex's routes to June 2026),
``scorecard`` (TIP tiers, 3P index, criminalisation; Kelley-Simmons' ratification years), ``hti``
(Trafficking Protocol dates), ``untc`` (the UN depositary's status of the Convention and both
Protocols), ``trenches`` (a second cleaning of the tiers and 3P index, checked against the
Scorecard's) and ``italy`` (Italy's daily sea arrivals). ``countries`` is the one mapping of
country names and codes to ISO3 that they all use.
``treaties`` reads the UN Convention and its Protocols as passages with locators, which the
claims check also reads.

May import: the basics and :mod:`pipeline.sources`.
"""
from pipeline.extract.step import Step, run

__all__ = ["Step", "run"]
