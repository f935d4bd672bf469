# The pipeline's build. Every output is a file target, whose rule is written from the code (the
# build graph, below), so a second `make paper` with nothing changed rebuilds nothing, and
# independent steps run together: two at a time unless the command line says otherwise
# (`make -j4 paper`), each step's output kept together. `make help` lists the targets.

ifeq ($(filter -j% j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j2
endif
MAKEFLAGS += --output-sync=target

PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
ENV_STAMP := $(VENV)/.installed
# Notebooks run through their own module, not the dispatcher (pipeline/__main__.py): editing
# the dispatcher re-renders the documents, whose recipes run it, and re-runs no notebook.
RUN_NOTEBOOK := $(PY) -m pipeline.notebook

# Raw files come from the download cache, else the mirror folder ($THB_SOURCES_MIRROR, default
# ../shared/sources/raw; set it empty to build from the snapshots), else the committed snapshot.
ifeq ($(origin THB_SOURCES_MIRROR),undefined)
MIRROR := ../shared/sources/raw
else
MIRROR := $(THB_SOURCES_MIRROR)
endif

# --- The build graph ---------------------------------------------------------------------------
# Every file target, its prerequisites and its recipe are written by `python -m pipeline rules`
# from the steps declared in pipeline/graph/steps.py and the editions, languages and documents of
# pipeline/paper/editions.py; the prerequisites that are code come from what each step's code
# imports and reads (docs/design.md). The rules file names the files it was written from, so
# make writes it again, and restarts with it, when the code or the declarations change. It
# defines TABLES, FIGURE_SETS and DOCUMENTS, which the targets below make.
RULES := build/rules.mk
# A dated edition (make edition AS_OF=YYYY-MM-DD) gets rules of its own, made for its date.
ifneq ($(AS_OF),)
RULES += build/rules-at-$(AS_OF).mk
endif
# Goals that need no build graph, and so no environment to write it (`make help` on a fresh clone).
GRAPH_FREE_GOALS := help setup sources test test-fast lab bench bench-pdf clean
ifneq ($(filter-out $(GRAPH_FREE_GOALS),$(or $(MAKECMDGOALS),help)),)
include $(RULES)
endif

build/rules.mk: | $(ENV_STAMP)
	$(PY) -m pipeline rules $@

build/rules-at-%.mk: | $(ENV_STAMP)
	$(PY) -m pipeline rules $@ --edition at-$*

MAKE_START := $(shell date +%s)

# A step that fails leaves no output that make takes as up to date: make deletes every target
# its recipe changed (for a grouped target `&:`, each of the group), e.g. the tables a notebook
# wrote before it raised. The report (`pipeline report`) also refuses to call a build good
# while a notebook's last run is kept as build/notebooks/*.failed.ipynb.
.DELETE_ON_ERROR:

.PHONY: help setup sources data figures paper edition test test-fast lab snapshot notebook-outputs bench bench-pdf clean
.PHONY: verify
.DEFAULT_GOAL := help

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

setup: $(ENV_STAMP) ## Create .venv from the pinned dependencies (requirements.lock), the development tools included

$(ENV_STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -m pipeline.python_version pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

sources: | $(ENV_STAMP) ## Fetch missing raw files into sources/cache (mirror first), verified against their pins
	$(PY) -m pipeline sources fetch

data: $(TABLES) ## Extract the tidy tables (from the raw files, or the snapshots)

figures: $(FIGURE_SETS) ## Draw the figures of every edition

paper: $(DOCUMENTS) ## Build both editions: the paper (HTML, PDF; DOCX of the meeting edition), in French too, and the technical notes
	@$(PY) -m pipeline report --since $(MAKE_START)

# One edition at a chosen date, as an update made on that day: its rules (build/rules-at-DATE.mk)
# make `edition` depend on its documents, e.g. paper/_output/background-paper-at-2019-06-30.html.
edition: ## Render one edition at a chosen date (AS_OF=YYYY-MM-DD): its paper and technical note, paper/_output/*-at-DATE.*
	@test -n "$(AS_OF)" || { echo "error: give the edition's date: make edition AS_OF=YYYY-MM-DD" >&2; exit 2; }
	@$(PY) -m pipeline report --since $(MAKE_START) --edition at-$(AS_OF)

snapshot: ## Refresh the committed snapshots from the raw files
	$(MAKE) data THB_SOURCES_MIRROR="$(MIRROR)"
	$(PY) -m pipeline snapshot $(TABLES)

# The tests build what they examine in temporary copies of the project: never in build/ here.
test: | $(ENV_STAMP) ## Run every test: ruff, pytest, the paper built once in a temporary copy, nbval, the browser
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

test-fast: | $(ENV_STAMP) ## The inner loop: ruff, and every test that needs no build of the paper and runs no make
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -m "not build and not e2e"

notebook-outputs: data ## Re-execute the notebooks in place with their defaults (commit the result)
	$(VENV)/bin/jupyter nbconvert --to notebook --execute --inplace notebooks/*.ipynb

bench: $(ENV_STAMP) ## Time cold, no-op and incremental make paper, with peak memory
	$(PY) -m benchmarks.build

# Same inputs, same bytes: the paper is built again in a temporary copy (from `make clean`, with
# this build's raw files) and every output is compared with this build's (benchmarks/verify.py).
verify: $(DOCUMENTS) | $(ENV_STAMP) ## Rebuild in a temporary copy; fail on any output that differs
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
STALE_TEMPORARIES = $(wildcard sources/cache/.*.tmp sources/.*.tmp sources/snapshot/.*.tmp paper/.*.tmp)
