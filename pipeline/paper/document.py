"""One document of one edition in one language, from the build to the reader: stage its Quarto
project, guard its prose, render it, record the render (``python -m pipeline render``).

The make rule of each document (generated from :mod:`pipeline.paper.editions` by
:mod:`pipeline.graph`) runs this command; its prerequisites are the code this module imports,
the edition's key figures and figures, the tables, the registry (the staging writes the
edition's bibliography from it) and the manuscript with every file it includes, which the
render lists in a depfile as it goes (a technical note's, those of its edition's papers too: it
lists the statements they make).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from pipeline import language, paths
from pipeline.errors import BuildFailed
from pipeline.paper import editions, guard, includes, record, render, stage, statement_guard


def produce(edition: editions.Edition, lang: str, kind: str, depfile: Path | None = None,
            targets: list[str] | None = None) -> render.RenderResult:
    """Stage, guard, render and record ``edition``'s document ``kind`` in ``lang`` (a paper's
    statements checked on the edition's data first); ``depfile``: also write the hand-written
    includes of the manuscripts it reads as make prerequisites of ``targets``."""
    if (lang, kind) not in edition.documents:
        raise BuildFailed(f"the {edition.name} edition has no {kind} in {lang!r}; it has "
                          + ", ".join(f"{other} ({code})" for code, other in edition.documents))
    document = edition.documents[(lang, kind)]
    if depfile:
        includes.write_depfile([paths.PAPER / name for name in edition.manuscripts(lang, kind)], depfile,
                               targets or [])
    manuscript = stage.stage(edition, lang, kind)
    # The guard reads the manuscript in paper/ (so that it names the file the author edits),
    # with the staged edition's key figures and generated annexes.
    if guard.main([str(paths.PAPER / document.manuscript), "--variables",
                   str(manuscript.parent / "_variables.provenance.json"),
                   "--generated", str(manuscript.parent / includes.GENERATED)]
                  + (["--strings"] if kind == "paper" else [])):
        raise BuildFailed(f"{document.manuscript}: numbers typed by hand (above); nothing was rendered")
    # The statements the edition renders in this language must hold on its data (issue 19).
    if kind == "paper" and statement_guard.main([str(paths.PAPER / document.manuscript),
                                                 "--edition", edition.name, "--lang", lang]):
        raise BuildFailed(f"{document.manuscript}: statements false in the {edition.name} edition, or "
                          "characterising words bound to none (above); nothing was rendered")
    try:
        result = render.render(manuscript.parent, paths.PAPER_OUTPUT, document.formats,
                               manuscript=manuscript.name, stem=document.stem,
                               profiles=(edition.profile,), metadata={"date": edition.date.isoformat()})
    except render.RenderError as error:
        raise stage.uncitable(error, edition, document.manuscript) or error from None
    record.record_render(result.renderer, list(result.outputs.values()), document.stem)
    return result


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipeline render", description="Stage, guard and "
                                     "render one edition's paper or technical note in one language "
                                     "(pipeline/paper/editions.py).")
    parser.add_argument("--edition", default="meeting", help="meeting, update or at-YYYY-MM-DD")
    parser.add_argument("--lang", default=language.DEFAULT, choices=language.languages(),
                        help="a language with a locale record, paper/locales/<lang>.yml")
    parser.add_argument("--document", default="paper", choices=["paper", "note"])
    parser.add_argument("--depfile", type=Path, help="also write the manuscript's hand-written "
                        "includes as make prerequisites of --targets")
    parser.add_argument("--targets", nargs="+", default=[], metavar="TARGET")
    args = parser.parse_args(argv)
    produce(editions.edition(args.edition), args.lang, args.document, args.depfile, args.targets)
