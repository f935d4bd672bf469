# The pipeline's dependency graph. Every output is a file target, so a second `make paper`
# with nothing changed rebuilds nothing, and `make -j2` only runs independent steps together.
# `make help` lists the targets.

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

GLOTIP_2025 := data_glotip__2025-04-14.xlsx

EXTRACT_CODE := pipeline/extract.py pipeline/resolve.py pipeline/registry.py pipeline/snapshot.py \
	pipeline/tables.py pipeline/numbers.py pipeline/errors.py pipeline/atomic.py pipeline/notebook.py
DATA := build/data/glotip_exploitation.csv
FIGURES := figures/glotip-exploitation-shares.svg
RENDER_INPUTS := paper/_quarto.yml paper/index.qmd paper/references.bib paper/_variables.yml \
	$(wildcard paper/filters/* paper/fallback* paper/*.csl) pipeline/render.py $(FIGURES)
OUTPUTS := paper/_output/background-paper.html paper/_output/background-paper.pdf
MAKE_START := $(shell date +%s)

.PHONY: help setup sources data figures paper test lab snapshot notebook-outputs clean
.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: $(ENV_STAMP) ## Create .venv from the pinned dependencies (requirements.lock)

$(ENV_STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@touch $@

sources: $(call raw,$(GLOTIP_2025)) ## Put the raw files in hand into the cache, verified

$(CACHE)/%: | $(ENV_STAMP)
	$(PY) -m pipeline fetch --file $*

data: $(DATA) ## Extract the tidy tables (from the raw files, or the snapshots)

build/data/glotip_exploitation.csv: notebooks/01-extract-glotip.ipynb sources/registry.yml \
		pipeline/glotip.py $(EXTRACT_CODE) $(wildcard sources/snapshot/glotip_exploitation.csv) \
		$(call raw,$(GLOTIP_2025)) | $(ENV_STAMP)
	$(RUN_NOTEBOOK) $< build/notebooks/$(<F) -p output $@

figures: $(FIGURES) ## Draw the figures

$(FIGURES) &: notebooks/02-figures.ipynb $(DATA) pipeline/charts.py pipeline/style.py | $(ENV_STAMP)
	$(RUN_NOTEBOOK) $< build/notebooks/$(<F)

paper/_variables.yml: notebooks/03-key-figures.ipynb $(DATA) pipeline/keyfigures.py \
		pipeline/variables.py | $(ENV_STAMP)
	$(RUN_NOTEBOOK) $< build/notebooks/$(<F) -p output $@

paper/references.bib: sources/registry.yml pipeline/bib.py | $(ENV_STAMP)
	$(PY) -m pipeline bib $@

$(OUTPUTS) &: $(RENDER_INPUTS) | $(ENV_STAMP)
	$(PY) -m pipeline render

paper: $(OUTPUTS) ## Run the pipeline and render the paper to HTML and PDF
	@$(PY) -m pipeline report --since $(MAKE_START)

snapshot: ## Refresh the committed snapshots from the raw files
	$(MAKE) data THB_SOURCES_MIRROR="$(MIRROR)"
	$(PY) -m pipeline snapshot $(DATA)

test: $(ENV_STAMP) ## Run the test suite (pytest, with nbval over the notebooks)
	$(PY) -m pytest

notebook-outputs: data ## Re-execute the notebooks in place with their defaults (commit the result)
	$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace notebooks/*.ipynb

lab: $(ENV_STAMP) ## Open JupyterLab on the project's environment
	$(VENV)/bin/jupyter lab notebooks/

clean: ## Remove everything the pipeline built (keeps .venv and the download cache)
	rm -rf build figures/*.svg figures/*.png figures/*.json paper/_output \
		paper/_variables.yml paper/_variables.provenance.json paper/references.bib
