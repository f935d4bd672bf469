"""Command line of the pipeline, called by the Makefile: ``python -m pipeline COMMAND``.

Errors about inputs (a missing or corrupt source, a bad registry, an unknown notebook
parameter) are printed as one clear message and exit with status 2; anything else is a bug and
keeps its traceback. SIGTERM (make or CI stopping a step) unwinds like Ctrl-C, so that every
step removes its temporary files on the way out, and either ends with one line, not a traceback.
"""
from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

import yaml

from pipeline import language, paths
from pipeline.errors import BuildFailed, NotebookError, OutputError, PipelineError
from pipeline.paper.render import RenderError
from pipeline.sources.registry import RegistryError

EXPECTED = (PipelineError, RegistryError, NotebookError, OutputError, RenderError, BuildFailed)


def _notebook(args: argparse.Namespace) -> None:
    import papermill

    from pipeline import notebook

    # Values are YAML, as with papermill's -y: "[exploitation]" is a list, "_2023" a string.
    parameters = {name: yaml.safe_load(value) for name, value in args.parameter or []}
    try:
        notebook.run(args.notebook, args.output, parameters)
    except papermill.PapermillExecutionError as error:
        failed = Path(args.output).with_name(Path(args.output).stem + ".failed.ipynb")
        sys.exit(f"error: {paths.display(args.notebook)} stopped: {error.evalue}\n"
                 f"(the executed notebook is kept at {paths.display(failed)})")


def _bib(args: argparse.Namespace) -> None:
    from pipeline.sources import bib

    from pipeline.analysis import asof

    bib.write(Path(args.output) if args.output else bib.path(args.lang), lang=args.lang,
              as_of=asof.parse(args.as_of))


def _snapshot(args: argparse.Namespace) -> None:
    from pipeline.sources import snapshot

    for table in args.table:
        written = snapshot.refresh(paths.project_path(table))
        print(f"snapshot refreshed: {paths.display(written)}")


def _render(args: argparse.Namespace) -> None:
    """Stage an edition's document in one language, guard its prose, render it, record it."""
    from pipeline.errors import BuildFailed
    from pipeline.paper import editions, guard, includes, render, report, stage

    edition = editions.edition(args.edition)
    if (args.lang, args.document) not in edition.documents:
        raise BuildFailed(f"the {edition.name} edition has no {args.document} in {args.lang!r}; it has "
                          + ", ".join(f"{kind} ({lang})" for lang, kind in edition.documents))
    document = edition.documents[(args.lang, args.document)]
    if args.depfile:
        includes.write_depfile(paths.PAPER / document.manuscript, args.depfile, args.targets)
    manuscript = stage.stage(edition, args.lang, args.document)
    # The guard reads the manuscript in paper/ (so that it names the file the author edits),
    # with the staged edition's key figures and generated annexes.
    if guard.main([str(paths.PAPER / document.manuscript), "--variables",
                   str(manuscript.parent / "_variables.provenance.json"),
                   "--generated", str(manuscript.parent / includes.GENERATED)]
                  + (["--strings"] if args.document == "paper" else [])):
        raise BuildFailed(f"{document.manuscript}: numbers typed by hand (above); nothing was rendered")
    try:
        result = render.render(manuscript.parent, paths.PAPER_OUTPUT, document.formats,
                               manuscript=manuscript.name, stem=document.stem,
                               profiles=(edition.profile,), metadata={"date": edition.date.isoformat()})
    except render.RenderError as error:
        raise stage.uncitable(error, edition, document.manuscript) or error from None
    report.record_render(result.renderer, list(result.outputs.values()), document.stem)


def _edition(args: argparse.Namespace) -> None:
    from pipeline.paper import editions

    print(editions.edition(f"at-{args.as_of}").name)


def _includes(args: argparse.Namespace) -> None:
    from pipeline.paper import includes

    if args.depfile:
        includes.write_depfile(args.manuscript, args.depfile, args.targets)
        return
    for item in includes.includes(args.manuscript):
        print(item)


def _report(args: argparse.Namespace) -> None:
    from pipeline.paper import report

    print(report.summary(args.since))


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program stands, as Ctrl-C raises KeyboardInterrupt."""


def _terminate(signum: int, frame) -> None:
    raise Terminated()


def stop_on_sigterm() -> None:
    """Let SIGTERM unwind the program (``finally`` blocks run) instead of killing it at once."""
    signal.signal(signal.SIGTERM, _terminate)


def main(argv: list[str] | None = None) -> None:
    stop_on_sigterm()
    try:
        _main(sys.argv[1:] if argv is None else argv)
    except EXPECTED as error:  # here, so that the sources, guard and pdf CLIs are covered too
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt as stop:
        name = "SIGTERM" if isinstance(stop, Terminated) else "Ctrl-C"
        print(f"error: stopped by {name}; no half-written output was kept", file=sys.stderr)
        sys.exit(128 + (signal.SIGTERM if isinstance(stop, Terminated) else signal.SIGINT))


def _main(argv: list[str]) -> None:
    if argv[:1] == ["sources"]:  # its own CLI: status table, fetch, --update
        from pipeline.sources import cli as sources_cli

        sys.exit(sources_cli.main(argv[1:]))
    if argv[:1] == ["guard"]:  # its own CLI: are the prose's numbers bound?
        from pipeline.paper import guard

        sys.exit(guard.main(argv[1:]))
    if argv[:1] == ["keys"]:  # its own CLI: the index of the key figures
        from pipeline.paper import keys

        sys.exit(keys.main(argv[1:]))
    if argv[:1] == ["pdf"]:  # its own CLI: quote, table
        from pipeline.pdf import cli

        sys.exit(cli.main(argv[1:]))
    parser = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("sources", help="status of every source; `sources fetch` gets missing files")
    commands.add_parser("guard", help="fail on numbers typed by hand in the prose (`guard --help`)")
    commands.add_parser("pdf", help="check quotations and extract tables in PDFs (`pdf --help`)")
    commands.add_parser("keys", help="write build/keys.md: where each key figure comes from and is used")

    run = commands.add_parser("notebook", help="run a notebook with papermill (strict parameters)")
    run.add_argument("notebook", type=Path)
    run.add_argument("output", type=Path, help="where the executed notebook goes")
    run.add_argument("-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"))
    run.set_defaults(func=_notebook)

    bib = commands.add_parser("bib", help="generate references-<lang>.bib from the registry (each render "
                              "writes its edition's own)")
    bib.add_argument("output", nargs="?", help="default: build/references-<lang>.bib")
    bib.add_argument("--lang", choices=language.languages(), default=language.DEFAULT,
                     help="the language the institutions are named in (default: %(default)s)")
    bib.add_argument("--as-of", default="latest", help="the edition's date: only what existed then "
                     "(YYYY-MM-DD; default: latest)")
    bib.set_defaults(func=_bib)

    snap = commands.add_parser("snapshot", help="refresh committed snapshots from built tables")
    snap.add_argument("table", nargs="+", help="built table, e.g. build/data/glotip_exploitation.csv")
    snap.set_defaults(func=_snapshot)

    listing = commands.add_parser("includes", help="list the files a manuscript includes, or "
                                  "write them as make prerequisites (--depfile)")
    listing.add_argument("manuscript", type=Path)
    listing.add_argument("--depfile", type=Path, help="write make rules here instead")
    listing.add_argument("--targets", nargs="+", default=[], metavar="TARGET",
                         help="with --depfile: the make targets that depend on the included files")
    listing.set_defaults(func=_includes)

    render = commands.add_parser("render", help="stage, guard and render one edition's paper or "
                                 "technical note in one language (pipeline/paper/editions.py)")
    render.add_argument("--edition", default="meeting", help="meeting, update or at-YYYY-MM-DD")
    render.add_argument("--lang", default=language.DEFAULT, choices=language.languages(),
                        help="a language with a locale record, paper/locales/<lang>.yml")
    render.add_argument("--document", default="paper", choices=["paper", "note"])
    render.add_argument("--depfile", type=Path, help="also write the manuscript's hand-written "
                        "includes as make prerequisites of --targets")
    render.add_argument("--targets", nargs="+", default=[], metavar="TARGET")
    render.set_defaults(func=_render)

    dated = commands.add_parser("edition", help="check the date of a dated edition (make edition AS_OF=...) "
                                "before anything is built, and print its name")
    dated.add_argument("as_of", metavar="YYYY-MM-DD")
    dated.set_defaults(func=_edition)

    summary = commands.add_parser("report", help="say what the last build used and made")
    summary.add_argument("--since", type=float, default=0.0,
                         help="epoch seconds when the build started (older renders: up to date)")
    summary.set_defaults(func=_report)

    args = parser.parse_args(argv)
    args.func(args)


if __name__ == "__main__":
    main()
