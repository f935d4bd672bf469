# The pipeline's dependency graph. Every output is a file target, so a second `make paper`
# with nothing changed rebuilds nothing, and independent steps run together: two at a time
# unless the command line says otherwise (`make -j4 paper`), each step's output kept together.
# `make help` lists the targets.

ifeq ($(filter -j% j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j2
endif
MAKEFLAGS += --output-sync=target

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
ENV_STAMP := $(VENV)/.installed
RUN_NOTEBOOK := $(PY) -m pipeline notebook

# Raw files come from the download cache, else the mirror folder ($THB_SOURCES_MIRROR, default
# ../shared/sources/raw; set it empty to build from the snapshots), else the committed snapshot.
ifeq ($(origin THB_SOURCES_MIRROR),undefined)
MIRROR := ../shared/sources/raw
else
MIRROR := $(THB_SOURCES_MIRROR)
endif
CACHE := sources/cache
# A raw file is a prerequisite only when it is in the cache or the mirror; otherwise the
# extraction falls back to the snapshot (and says so).
raw = $(if $(or $(wildcard $(CACHE)/$(1)),$(and $(MIRROR),$(wildcard $(MIRROR)/$(1)))),$(CACHE)/$(1))

raws = $(foreach file,$(1),$(call raw,$(file)))
# A table's committed snapshot is a prerequisite only when it exists: without it and without the
# raw file, the extraction itself stops with an error that says what to do.
snapshots = $(wildcard $(foreach table,$(1),sources/snapshot/$(table).csv))
tables = $(foreach table,$(1),build/data/$(table).csv)

GLOTIP_2025_RAW := data_glotip__2025-04-14.xlsx
GLOTIP_2023_RAW := data_glotip__2023-05-30.xlsx
PARTNERS_RAW := rabat_process_partners.csv
IOM_RAW := MissingMigrants-Global-2020-01-08T14-05-32.csv MissingMigrants-Global-2022-03-24--04_40_16.csv \
	MissingMigrants-Global-2024-04-10--23_23_37.csv MissingMigrants-Global-2026-05-06--19_42_11.csv \
	iom_europe.csv
UNHCR_RAW := unhcr_arrivals_12_31.csv unhcr_med_data_12_31.xlsx data_country_year.csv \
	unhcr_asylum_applications_2000-2025.csv.gz

PARTNERS_TABLES := rabat_partners
GLOTIP_TABLES := glotip_exploitation glotip_age glotip_sex glotip_citizenship glotip_convictions
GLOTIP_2023_TABLES := glotip_exploitation_2023
IOM_TABLES := iom_route_month iom_claims_2015
UNHCR_TABLES := unhcr_monthly_arrivals unhcr_origins unhcr_yearly unhcr_sea_arrivals_year \
	unhcr_asylum_partners
ALL_TABLES := $(PARTNERS_TABLES) $(GLOTIP_TABLES) $(GLOTIP_2023_TABLES) $(IOM_TABLES) $(UNHCR_TABLES)

# Frontex detections (notebook 05) and Eurostat asylum applicants (notebook 06): R data files;
# with Frontex's risk analyses as published (text) and its routes to June 2026 (JSON).
FRONTEX_RAW := frontex.rda Frontex_Annual_Risk_Analysis_2015.txt Frontex_Annual_Risk_Analysis_2016.txt \
	frontex_routes_2026-08-04.json
FRONTEX_CODE := pipeline/extract/frontex.py pipeline/extract/rdata.py pipeline/extract/frontex_reports.py \
	pipeline/extract/flattened.py pipeline/extract/frontex_routes.py pipeline/analysis/revisions.py
EUROSTAT_RAW := eu_asyapp.rda
FRONTEX_TABLES := frontex_detections frontex_route_month frontex_ara_routes frontex_ara_nationalities \
	frontex_ara_facilitators frontex_route_month_2026
EUROSTAT_TABLES := eurostat_asylum_applicants eurostat_asylum_totals
ALL_TABLES += $(FRONTEX_TABLES) $(EUROSTAT_TABLES)

# The national policy record (notebook 07): TIP tiers, 3P index, criminalisation, Trafficking Protocol;
# the UN depositary's status of the Convention and both Protocols; the tiers and 3P index of a
# second cleaning, checked against the first.
POLICY_RAW := criminalization-cho-tiers_jk_2015-08-10.dta tiers_2015.csv criminalization_jk_2015-08-10.dta \
	HTI.csv kelley_simmons_ajps_2014_replication.dta untc_18-12_untoc.csv \
	untc_18-12-a_trafficking_protocol.csv untc_18-12-b_smuggling_protocol.csv tip_tiers_1999-2015.csv \
	policy_index_3p_1999-2014.csv
POLICY_TABLES := tip_tiers tip_3p criminalisation trafficking_protocol treaty_status tip_tiers_cross_check \
	tip_3p_cross_check
POLICY_CODE := pipeline/extract/scorecard.py pipeline/extract/hti.py pipeline/extract/countries.py \
	pipeline/extract/untc.py pipeline/extract/trenches.py
ALL_TABLES += $(POLICY_TABLES)

# Italy's daily sea arrivals from the Ministry of the Interior, 2019-2025 (notebook 12).
ITALY_RAW := italy_sbarchi_per_giorno.csv italy_sbarchi_nazionalita.csv
ITALY_TABLES := italy_arrivals_month italy_arrivals_nationality
ALL_TABLES += $(ITALY_TABLES)

# The texts of the Convention and its two Protocols (English part), as passages with locators:
# a table of their own, and the copies in hand against which the claims check reads the
# Protocols' quotations.
TREATY_RAW := UNTOC_BWBV0001668.md TIP_Protocol_BWBV0001749.md Smuggling_Protocol_BWBV0001750.md
TREATY_TABLES := treaty_provisions
ALL_TABLES += $(TREATY_TABLES)

# What every extraction depends on: the basics, the sources stage and the extraction framework.
BASICS := pipeline/paths.py pipeline/errors.py pipeline/atomic.py pipeline/numbers.py \
	pipeline/textkey.py pipeline/tables.py pipeline/notebook.py
EXTRACT_CODE := $(BASICS) $(wildcard pipeline/sources/*.py) pipeline/extract/__init__.py \
	pipeline/extract/step.py sources/registry.yml
# The curated tables of facts (instruments, national measures, the partner lists of earlier dates).
FACTS := $(wildcard sources/facts/*.csv)
AGGREGATES := pipeline/analysis/aggregates.py pipeline/extract/glotip.py pipeline/extract/citizenship.py \
	pipeline/extract/partners.py
AGGREGATES += pipeline/extract/frontex.py
DATA := $(call tables,$(ALL_TABLES))
# The documents whose quoted claims are checked on their cited pages (PDFs) or articles (the
# treaty texts, copies of the cited Protocols) when they are in hand.
CLAIMS_RAW := UNITED_NATIONS_CONVENTION_AGAINST_TRANSNATIONAL_ORGANIZED_CRIME_AND_THE_PROTOCOLS_THEREON.pdf \
	GLOTIP_2014_full_report.pdf eurostat_report_on_trafficking_in_human_beings_-_2015_edition.pdf \
	Issue_Paper_-_A_short_introduction_to_migrant_smuggling.pdf eu_action_plan_against_migrant_smuggling_en.pdf \
	EN-Rome_Declaration_and_Programme.pdf metadata_trafficking_in_persons.pdf $(TREATY_RAW)
CLAIMS := build/data/claims.csv

# --- Editions (pipeline/paper/editions.py): one manuscript, two dates, two languages ----------
# The meeting edition is dated 30 November 2015 (English and French), the update uses the latest
# data (English). What depends on the date (key figures, figures) is made once per edition, what
# depends on the language (figure labels, number formats, prose) once per language; extraction
# runs once for both.
EDITIONS := meeting update
AS_OF_meeting := 2015-11-30
AS_OF_update := latest
LANGUAGES_meeting := [en, fr]
LANGUAGES_update := [en]
VINTAGES_meeting := false
VINTAGES_update := true
# An edition at-YYYY-MM-DD (make edition AS_OF=...) is dated by its name, in English, as an update.
as_of = $(or $(AS_OF_$(1)),$(patsubst at-%,%,$(1)))
languages = $(or $(LANGUAGES_$(1)),[en])
vintages = $(or $(VINTAGES_$(1)),true)
KEYFIGURES = build/editions/$(1)/keyfigures.json
FIGURE_SET = build/editions/$(1)/figures.json
KEYFIGURE_CODE := $(wildcard pipeline/analysis/*.py) pipeline/extract/frontex.py pipeline/extract/countries.py \
	pipeline/analysis/countries.py pipeline/extract/iom.py pipeline/language.py $(wildcard paper/locales/*.yml) \
	$(AGGREGATES) $(FACTS) \
	pipeline/analysis/claims.py sources/registry.yml
FIGURE_CODE := $(wildcard pipeline/figures/*.py) pipeline/analysis/asof.py pipeline/language.py \
	$(wildcard paper/labels/??.yml paper/locales/*.yml) $(AGGREGATES) $(FACTS) pipeline/sources/registry.py
# What every render reads besides its manuscript: the Quarto project files, the fallback's own
# files, the bibliography, the label catalogues, the facts, and the code that stages and renders.
RENDER_CODE := paper/_quarto.yml paper/_quarto-meeting.yml paper/_quarto-update.yml \
	paper/content-security-policy.html $(wildcard paper/filters/* paper/fallback* paper/*.csl paper/labels/*.yml paper/locales/*.yml) pipeline/sources/bib.py sources/registry.yml \
	$(FACTS) $(wildcard pipeline/paper/*.py) pipeline/analysis/asof.py pipeline/analysis/variables.py \
	pipeline/analysis/countries.py pipeline/analysis/claims.py pipeline/language.py $(CLAIMS)
PAPER_MEETING := $(foreach format,html pdf docx,paper/_output/background-paper.$(format))
PAPER_MEETING_FR := $(foreach format,html pdf,paper/_output/background-paper-fr.$(format))
PAPER_UPDATE := $(foreach format,html pdf,paper/_output/background-paper-update.$(format))
NOTE_MEETING := $(foreach format,html pdf,paper/_output/technical-note.$(format))
NOTE_UPDATE := $(foreach format,html pdf,paper/_output/technical-note-update.$(format))
OUTPUTS := $(PAPER_MEETING) $(PAPER_MEETING_FR) $(PAPER_UPDATE) $(NOTE_MEETING) $(NOTE_UPDATE)
# The hand-written files each manuscript includes ({{< include >}}, at any depth) are prerequisites
# of its render: the render's recipe lists them in a file of make rules, as `gcc -MD` lists the
# headers a source includes (a first build needs no list: it makes everything).
PAPER_INCLUDES := $(foreach name,index index-fr technical-note,build/includes-$(name).d)
-include $(PAPER_INCLUDES)
MAKE_START := $(shell date +%s)

# A step that fails leaves no output that make takes as up to date: make deletes every target
# its recipe changed (for a grouped target `&:`, each of the group), e.g. the tables a notebook
# wrote before it raised. The report (`pipeline report`) also refuses to call a build good
# while a notebook's last run is kept as build/notebooks/*.failed.ipynb.
.DELETE_ON_ERROR:

.PHONY: help setup sources data figures paper edition test lab snapshot notebook-outputs bench bench-pdf clean
.PHONY: verify
.DEFAULT_GOAL := help

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: $(ENV_STAMP) ## Create .venv from the pinned dependencies (requirements.lock)

$(ENV_STAMP): requirements.lock pyproject.toml
	@$(PYTHON) pipeline/python_version.py pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

sources: | $(ENV_STAMP) ## Fetch missing raw files into sources/cache (mirror first), verified against their pins
	$(PY) -m pipeline sources fetch

$(CACHE)/%: | $(ENV_STAMP)
	$(PY) -m pipeline sources fetch $*

data: $(DATA) ## Extract the tidy tables (from the raw files, or the snapshots)

$(call tables,$(PARTNERS_TABLES)): notebooks/01-extract-partners.ipynb pipeline/extract/partners.py \
		pipeline/extract/countries.py \
		$(EXTRACT_CODE) $(call snapshots,$(PARTNERS_TABLES)) \
		$(call raws,$(PARTNERS_RAW)) | $(ENV_STAMP)
	$(RUN_NOTEBOOK) $< build/notebooks/$(<F)

$(call tables,$(GLOTIP_TABLES)) &: notebooks/02-extract-glotip.ipynb pipeline/extract/glotip.py \
		$(EXTRACT_CODE) $(call snapshots,$(GLOTIP_TABLES)) $(call raws,$(GLOTIP_2025_RAW)) | $(ENV_STAMP)
	$(RUN_NOTEBOOK) $< build/notebooks/$(<F)

# The same notebook on the 2023 export: an earlier vintage, to show how revisions change figures.
$(call tables,$(GLOTIP_2023_TABLES)): notebooks/02-extract-glotip.ipynb pipeline/extract/glotip.py \
		$(EXTRACT_CODE) $(call snapshots,$(GLOTIP_2023_TABLES)) $(call raws,$(GLOTIP_2023_RAW)) | $(ENV_STAMP)
	$(RUN_NOTEBOOK) $< build/notebooks/02-extract-glotip-2023.ipynb \
		-p source_id unodc-glotip-data-2023 -p tables '[exploitation]' -p suffix _2023

$(call tables,$(IOM_TABLES)) &: notebooks/03-extract-iom.ipynb pipeline/extract/iom.py \
		$(EXTRACT_CODE) $(call snapshots,$(IOM_TABLES)) $(call raws,$(IOM_RAW)) | $(ENV_STAMP)
	$(RUN_NOTEBOOK) $< build/notebooks/$(<F)

$(call tables,$(UNHCR_TABLES)) &: notebooks/04-extract-unhcr.ipynb pipeline/extract/unhcr.py \
		pipeline/extract/partners.py $(call tables,$(PARTNERS_TABLES)) $(EXTRACT_CODE) $(FACTS) \
		$(call snapshots,$(UNHCR_TABLES)) $(call raws,$(UNHCR_RAW)) | $(ENV_STAMP)
	$(RUN_NOTEBOOK) $< build/notebooks/$(<F)

$(call tables,$(FRONTEX_TABLES)) &: notebooks/05-extract-frontex.ipynb $(FRONTEX_CODE) \
		$(EXTRACT_CODE) $(call snapshots,$(FRONTEX_TABLES)) $(call raws,$(FRONTEX_RAW)) | $(ENV_STAMP)
	$(RUN_NOTEBOOK) $< build/notebooks/$(<F)

$(call tables,$(EUROSTAT_TABLES)) &: notebooks/06-extract-eurostat.ipynb pipeline/extract/eurostat.py \
		pipeline/extract/rdata.py pipeline/extract/partners.py $(call tables,$(PARTNERS_TABLES)) \
		$(EXTRACT_CODE) $(FACTS) $(call snapshots,$(EUROSTAT_TABLES)) $(call raws,$(EUROSTAT_RAW)) | $(ENV_STAMP)
	$(RUN_NOTEBOOK) $< build/notebooks/$(<F)

$(call tables,$(POLICY_TABLES)) &: notebooks/07-extract-policy.ipynb $(POLICY_CODE) \
		$(EXTRACT_CODE) $(call snapshots,$(POLICY_TABLES)) $(call raws,$(POLICY_RAW)) | $(ENV_STAMP)
	$(RUN_NOTEBOOK) $< build/notebooks/$(<F)

$(call tables,$(ITALY_TABLES)) &: notebooks/12-extract-italy.ipynb pipeline/extract/italy.py \
		pipeline/extract/countries.py $(EXTRACT_CODE) $(call snapshots,$(ITALY_TABLES)) \
		$(call raws,$(ITALY_RAW)) | $(ENV_STAMP)
	$(RUN_NOTEBOOK) $< build/notebooks/$(<F)

$(call tables,$(TREATY_TABLES)): notebooks/08-extract-treaties.ipynb pipeline/extract/treaties.py \
		$(EXTRACT_CODE) $(call snapshots,$(TREATY_TABLES)) $(call raws,$(TREATY_RAW)) | $(ENV_STAMP)
	$(RUN_NOTEBOOK) $< build/notebooks/$(<F)

figures: $(foreach edition,$(EDITIONS),$(call FIGURE_SET,$(edition))) ## Draw the figures of every edition

# Per edition: its key figures and its figures, from the tables cut to its date (notebooks 09, 10).
build/editions/%/keyfigures.json: notebooks/10-key-figures.ipynb $(DATA) $(KEYFIGURE_CODE) | $(ENV_STAMP)
	$(RUN_NOTEBOOK) $< build/notebooks/10-key-figures-$*.ipynb -p as_of '"$(call as_of,$*)"' -p output $@

build/editions/%/figures.json: notebooks/09-figures.ipynb $(DATA) $(FIGURE_CODE) | $(ENV_STAMP)
	$(RUN_NOTEBOOK) $< build/notebooks/09-figures-$*.ipynb -p as_of '"$(call as_of,$*)"' \
		-p languages '$(call languages,$*)' -p vintages $(call vintages,$*) \
		-p figures_dir figures/$* -p manifest $@

# The concept note's claims, checked once in the documents and texts in hand (notebook 11); each
# edition's technical note compares the note's figures with its own key figures.
$(CLAIMS): notebooks/11-check-claims.ipynb sources/registry.yml pipeline/analysis/claims.py \
		pipeline/analysis/wording.py pipeline/extract/treaties.py $(wildcard pipeline/pdf/*.py) \
		$(call KEYFIGURES,meeting) \
		$(EXTRACT_CODE) $(call raws,$(CLAIMS_RAW)) | $(ENV_STAMP)
	$(RUN_NOTEBOOK) $< build/notebooks/$(<F)

# Each render stages the edition's project in build/paper/<edition>-<language>/, checks that no
# number of the prose is typed by hand (pipeline/paper/guard.py states the rule), and renders it.
EDITION_INPUTS = $(call KEYFIGURES,$(1)) $(call FIGURE_SET,$(1)) $(RENDER_CODE) $(DATA)
RENDER = $(PY) -m pipeline render --edition $(1) --lang $(2) --document $(3) \
	--depfile build/includes-$(4).d --targets $(5)

$(PAPER_MEETING) &: paper/index.qmd $(call EDITION_INPUTS,meeting) | $(ENV_STAMP)
	$(call RENDER,meeting,en,paper,index,$(PAPER_MEETING) $(PAPER_UPDATE))

$(PAPER_UPDATE) &: paper/index.qmd $(call EDITION_INPUTS,update) $(call KEYFIGURES,meeting) | $(ENV_STAMP)
	$(call RENDER,update,en,paper,index,$(PAPER_MEETING) $(PAPER_UPDATE))

$(PAPER_MEETING_FR) &: paper/index-fr.qmd $(call EDITION_INPUTS,meeting) | $(ENV_STAMP)
	$(call RENDER,meeting,fr,paper,index-fr,$(PAPER_MEETING_FR))

$(NOTE_MEETING) &: paper/technical-note.qmd $(call EDITION_INPUTS,meeting) | $(ENV_STAMP)
	$(call RENDER,meeting,en,note,technical-note,$(NOTE_MEETING) $(NOTE_UPDATE))

$(NOTE_UPDATE) &: paper/technical-note.qmd $(call EDITION_INPUTS,update) | $(ENV_STAMP)
	$(call RENDER,update,en,note,technical-note,$(NOTE_MEETING) $(NOTE_UPDATE))

paper: $(OUTPUTS) ## Build both editions: the paper (HTML, PDF; DOCX of the meeting edition), in French too, and the technical notes
	@$(PY) -m pipeline report --since $(MAKE_START)

# One edition at a chosen date, as an update made on that day: make edition AS_OF=2016-06-30
edition: | $(ENV_STAMP) ## Render one edition at a chosen date (AS_OF=YYYY-MM-DD) into paper/_output/background-paper-at-DATE.*
	@test -n "$(AS_OF)" || { echo "error: give the edition's date: make edition AS_OF=YYYY-MM-DD" >&2; exit 2; }
	@$(PY) -m pipeline edition '$(AS_OF)' >/dev/null
	$(MAKE) --no-print-directory paper/_output/background-paper-at-$(AS_OF).html

paper/_output/background-paper-at-%.html paper/_output/background-paper-at-%.pdf &: paper/index.qmd \
		build/editions/at-%/keyfigures.json build/editions/at-%/figures.json $(call KEYFIGURES,meeting) \
		$(RENDER_CODE) $(DATA) | $(ENV_STAMP)
	$(PY) -m pipeline render --edition at-$* --lang en --document paper

snapshot: ## Refresh the committed snapshots from the raw files
	$(MAKE) data THB_SOURCES_MIRROR="$(MIRROR)"
	$(PY) -m pipeline snapshot $(DATA)

test: $(OUTPUTS) | $(ENV_STAMP) ## Build the paper, then run the tests (pytest, nbval, browser)
	$(PY) -m pytest

notebook-outputs: data ## Re-execute the notebooks in place with their defaults (commit the result)
	$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace notebooks/*.ipynb

bench: $(ENV_STAMP) ## Time cold, no-op and incremental make paper, with peak memory
	$(PY) -m benchmarks.build

# Same inputs, same bytes: the paper is built again in a temporary copy (from `make clean`, with
# this build's raw files) and every output is compared with this build's (benchmarks/verify.py).
verify: $(OUTPUTS) | $(ENV_STAMP) ## Rebuild in a temporary copy; fail on any output that differs
	$(PY) -m benchmarks.verify

BENCH_STAMP := $(VENV)/.bench-installed
$(BENCH_STAMP): pyproject.toml | $(ENV_STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[bench]'
	@touch $@

bench-pdf: $(BENCH_STAMP) ## Score PDF table extraction on ICDAR 2013 against pdfplumber and camelot (DATASET=dir)
	$(PY) -m benchmarks.pdf_tables $(if $(DATASET),--dataset $(DATASET))

lab: $(ENV_STAMP) ## Open JupyterLab on the project's environment
	$(VENV)/bin/jupyter lab notebooks/

clean: ## Remove everything the pipeline built (keeps .venv and the download cache)
	rm -rf build figures paper/_output
	rm -f $(STALE_TEMPORARIES)

# Temporaries a killed step left (pipeline/atomic.py names them .<file>.<pid>.<random>.tmp) in the
# folders `clean` keeps; a rerun also sweeps those of dead processes from the folder it writes in.
STALE_TEMPORARIES = $(wildcard $(CACHE)/.*.tmp sources/.*.tmp sources/snapshot/.*.tmp paper/.*.tmp)
