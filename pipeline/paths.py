"""Every path the pipeline reads or writes, in one place (as showyourwork does).

Notebooks run with the working directory set to ``notebooks/`` (JupyterLab, nbval) or to the
project root (papermill from the Makefile); resolving everything against ``ROOT`` makes both work.

A module reads a committed input only through a constant named here: the build graph
(:mod:`pipeline.graph.code`) maps a module's references to these constants to the files they
name, which become prerequisites of every step whose code imports the module.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SOURCES = ROOT / "sources"
REGISTRY = SOURCES / "registry.yml"
#: The pins of sources first downloaded (``python -m pipeline sources fetch``), beside the registry.
REGISTRY_LOCK = SOURCES / "registry.lock"
CACHE = SOURCES / "cache"
SNAPSHOT = SOURCES / "snapshot"
#: The tables of cited facts that no data file holds (``sources/facts/README.md``).
FACTS = SOURCES / "facts"

BUILD = ROOT / "build"
DATA = BUILD / "data"

FIGURES = ROOT / "figures"
PAPER = ROOT / "paper"
PAPER_OUTPUT = PAPER / "_output"
#: The label catalogues, one per language (``<lang>.yml``): names, figure texts, annex words.
LABELS = PAPER / "labels"
#: The locale records, one per language (``<lang>.yml``): number and date formats, typography,
#: Quarto's words, the guard's words, the bibliography's names of institutions.
LOCALES = PAPER / "locales"
#: The conditions on the data that the paper's bound statements assert (id -> says, check, params).
STATEMENTS = PAPER / "statements.yml"
#: The key figures of each edition (its keyfigures.json), its figures' manifest.
EDITIONS = BUILD / "editions"

MIRROR_ENV = "THB_SOURCES_MIRROR"
DEFAULT_MIRROR = ROOT.parent / "shared" / "sources" / "raw"


def bibliography(lang: str, build: Path = BUILD) -> Path:
    """``build/references-<lang>.bib``: the bibliography generated for the documents in ``lang``
    (institutions named the way that language names them); ``build``: another build folder."""
    return Path(build) / f"references-{lang}.bib"


def mirror_dir() -> Path | None:
    """The local folder of raw source files to copy from, if any.

    ``$THB_SOURCES_MIRROR`` wins (an empty value disables the mirror); otherwise
    ``../shared/sources/raw`` when it exists beside the project.
    """
    configured = os.environ.get(MIRROR_ENV)
    if configured is not None:
        return Path(configured).expanduser().resolve() if configured else None
    return DEFAULT_MIRROR if DEFAULT_MIRROR.is_dir() else None


def project_path(path: str | os.PathLike) -> Path:
    """A parameter path, relative to the project root unless absolute."""
    path = Path(path)
    return path if path.is_absolute() else ROOT / path


def display(path: Path) -> str:
    """A path as a reader of logs wants it: relative to the project root when inside it."""
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)
