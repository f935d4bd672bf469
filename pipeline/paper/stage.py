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

import re
import shutil
from pathlib import Path

from pipeline import atomic, language, paths, tables
from pipeline.analysis import asof, variables
from pipeline.errors import BuildFailed
from pipeline.paper import annexes, editions
from pipeline.paper import manuscript as manuscript_reader
from pipeline.paper.editions import Edition
from pipeline.sources import bib, registry

STAGING = paths.BUILD / "paper"
#: The files of paper/ that every staged project holds, besides its edition's profile
#: (``_quarto-<profile>.yml``) and its manuscript.
PROJECT_FILES = ("_quarto.yml", "footnote-citations.csl", "typst-style.typ", "paper.css", "filters/typst-quotes.lua",
                 "filters/typography.lua")


def keyfigures_file(edition: Edition, build: Path = paths.BUILD) -> Path:
    """The edition's key figures (:attr:`Edition.keyfigures`) in the build folder ``build``."""
    return build / edition.keyfigures.relative_to(paths.BUILD)


def folder(edition: Edition, lang: str, kind: str = "paper", build: Path = paths.BUILD) -> Path:
    """``build/paper/meeting-fr/``; a technical note has its own (``meeting-en-note``), so that
    ``make -j2`` can render a paper and its note at the same time."""
    name = f"{edition.name}-{lang}" + ("" if kind == "paper" else f"-{kind}")
    return build / STAGING.relative_to(paths.BUILD) / name


def stage(edition: Edition, lang: str, kind: str, paper: Path = paths.PAPER, data: Path = paths.DATA,
          build: Path = paths.BUILD, figures_root: Path = paths.FIGURES, sources: Path = paths.REGISTRY) -> Path:
    """Compose the project of ``edition``'s document ``kind`` ("paper" or "note") in ``lang``;
    returns the manuscript to render. ``build`` holds the edition's key figures and the staged
    projects (each with its bibliography, cut to the edition's date); ``figures_root`` the
    figures of each edition and language; ``sources`` the registry the bibliography is made
    from. The annexes are generated when the manuscript includes them."""
    document = edition.documents[(lang, kind)]
    project = folder(edition, lang, kind, build)
    manuscript = paper / document.manuscript
    included = manuscript_reader.read(manuscript, project=False).includes
    hand_written = [item.path for item in included if not item.generated]
    profile = paper / f"_quarto-{edition.profile}.yml"
    for source in [*(paper / name for name in PROJECT_FILES), profile, manuscript, *hand_written]:
        _copy(source, project / source.relative_to(paper))
    figures = variables.read(keyfigures_file(edition, build))
    variables.write_yaml(figures, lang, project / "_variables.yml")
    drawn = edition.figures(lang, figures_root)
    for figure in sorted(drawn.glob("*.[sp][vn]g")):
        _copy(figure, project / "figures" / figure.name)
    known = asof.known_on(tables.read_all(data, sorted(path.stem for path in data.glob("*.csv"))),
                          edition.as_of)
    write_bibliography(edition, lang, known, project / "references.bib", kind, sources)
    if not any(item.generated for item in included):
        return project / document.manuscript
    baseline = variables.read(keyfigures_file(editions.edition(edition.baseline), build)) if edition.baseline else None
    annexes.write_edition(project / manuscript_reader.GENERATED, edition, lang, kind, known, figures, data,
                          drawn, baseline, paper)
    return project / document.manuscript


def write_bibliography(edition: Edition, lang: str, known: asof.Tables, destination: Path,
                       kind: str = "paper", sources: Path = paths.REGISTRY) -> list[str]:
    """The bibliography of the edition's document ``kind`` in ``lang``. The paper cites only what
    existed on its date, data series dated by the period the edition shows
    (:mod:`pipeline.sources.bib`); the technical note records the later copies and exports too, as
    they are. Returns the ids left out."""
    day = asof.parse(edition.as_of) if kind == "paper" else None
    note = language.label("bib.series", lang, date=language.date(day, lang)) if day else ""
    return bib.write(destination, sources, lang, day, asof.periods(known), note)


_NOT_FOUND = re.compile(r"citation (\S+) not found")


def uncitable(error: Exception, edition: Edition, manuscript: str) -> BuildFailed | None:
    """A render that failed on citations its edition's bibliography left out, said as such: which
    source, and why the edition may not cite it (None: the render failed for another reason)."""
    day = asof.parse(edition.as_of)
    sources = registry.load()
    reasons = {key: bib.citable(sources[key], day) for key in _NOT_FOUND.findall(str(error))
               if key in sources}
    reasons = {key: reason for key, reason in reasons.items() if reason}
    if not reasons:
        return None
    lines = [f"paper/{manuscript} cites @{key}, which the {edition.name} edition (dated "
             f"{edition.date.isoformat()}) may not cite: {reason}" for key, reason in sorted(reasons.items())]
    return BuildFailed("\n".join(lines))


def _copy(source: Path, destination: Path) -> None:
    """Copy, atomically and only when the bytes differ (an unchanged file keeps its time)."""
    if destination.is_file() and destination.read_bytes() == source.read_bytes():
        return
    with atomic.atomic_path(destination) as tmp:
        shutil.copyfile(source, tmp)
