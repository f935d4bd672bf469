"""The Quarto project of one edition in one language, composed from the paper and the build.

Quarto reads a project's variables from one ``_variables.yml``, its figures from inside the
project, and renders the profile it is given. Each edition and language therefore gets a
project of its own, ``build/paper/<edition>-<language>/`` (``...-note/`` for a technical note):
the manuscripts and Quarto files of ``paper/`` as they are (inputs, never rewritten), the
bibliography, the ``_variables.yml`` of that language written from the edition's key figures
(with their records beside it, so that the render can check it), the edition's figures in that
language, and its generated annexes. Where Quarto is installed, ``quarto render index.qmd
--profile meeting`` in that folder renders what ``make paper`` renders; elsewhere the fallback
renders the same folder.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from pipeline import atomic, paths, tables
from pipeline.analysis import asof, variables
from pipeline.paper import annexes, editions
from pipeline.paper import manuscript as manuscript_reader
from pipeline.paper.editions import Edition

STAGING = paths.BUILD / "paper"
#: The files of paper/ that every staged project holds, besides its edition's profile
#: (``_quarto-<profile>.yml``) and its manuscript.
PROJECT_FILES = ("_quarto.yml", "footnote-citations.csl", "typst-style.typ", "paper.css", "filters/typst-quotes.lua")


def keyfigures_file(edition: Edition, build: Path = paths.BUILD) -> Path:
    """The edition's key figures (:attr:`Edition.keyfigures`) in the build folder ``build``."""
    return build / edition.keyfigures.relative_to(paths.BUILD)


def folder(edition: Edition, lang: str, kind: str = "paper", build: Path = paths.BUILD) -> Path:
    """``build/paper/meeting-fr/``; a technical note has its own (``meeting-en-note``), so that
    ``make -j2`` can render a paper and its note at the same time."""
    name = f"{edition.name}-{lang}" + ("" if kind == "paper" else f"-{kind}")
    return build / STAGING.relative_to(paths.BUILD) / name


def stage(edition: Edition, lang: str, kind: str, paper: Path = paths.PAPER, data: Path = paths.DATA,
          build: Path = paths.BUILD, figures_root: Path = paths.FIGURES) -> Path:
    """Compose the project of ``edition``'s document ``kind`` ("paper" or "note") in ``lang``;
    returns the manuscript to render. ``build`` holds the edition's key figures, the
    bibliographies and the staged projects; ``figures_root`` the figures of each edition and
    language. The annexes are generated when the manuscript includes them."""
    document = edition.documents[(lang, kind)]
    project = folder(edition, lang, kind, build)
    manuscript = paper / document.manuscript
    included = manuscript_reader.read(manuscript, project=False).includes
    hand_written = [item.path for item in included if not item.generated]
    profile = paper / f"_quarto-{edition.profile}.yml"
    for source in [*(paper / name for name in PROJECT_FILES), profile, manuscript, *hand_written]:
        _copy(source, project / source.relative_to(paper))
    # The bibliography of its language: institutions named as the language names them.
    _copy(paths.bibliography(lang, build), project / "references.bib")
    figures = variables.read(keyfigures_file(edition, build))
    variables.write_yaml(figures, lang, project / "_variables.yml")
    drawn = edition.figures(lang, figures_root)
    for figure in sorted(drawn.glob("*.[sp][vn]g")):
        _copy(figure, project / "figures" / figure.name)
    if not any(item.generated for item in included):
        return project / document.manuscript
    names = annexes.TABLES if kind == "paper" else sorted(path.stem for path in data.glob("*.csv"))
    known = asof.known_on(tables.read_all(data, names), edition.as_of)
    baseline = variables.read(keyfigures_file(editions.edition(edition.baseline), build)) if edition.baseline else None
    annexes.write_edition(project / manuscript_reader.GENERATED, edition, lang, kind, known, figures, data,
                          drawn, baseline)
    return project / document.manuscript


def _copy(source: Path, destination: Path) -> None:
    """Copy, atomically and only when the bytes differ (an unchanged file keeps its time)."""
    if destination.is_file() and destination.read_bytes() == source.read_bytes():
        return
    with atomic.atomic_path(destination) as tmp:
        shutil.copyfile(source, tmp)
