"""The pipeline's command line: ``python -m pipeline COMMAND ...``, one module per command.

A thin dispatcher: each command is the ``main(argv)`` of the module :data:`COMMANDS` names,
imported only when it runs, and :func:`pipeline.command.run` reports its errors. Why thin: the
build graph (:mod:`pipeline.graph`) makes this file a prerequisite of every target whose recipe
runs ``python -m pipeline ...`` (the bibliographies, the renders), so it holds nothing those
targets do not run. The notebooks run through ``python -m pipeline.notebook``: editing this file
re-runs none of them.
"""
from __future__ import annotations

import importlib
import sys

from pipeline import command

#: command -> (the module whose ``main(argv)`` runs it, what it does). Read by the build graph too.
COMMANDS = {
    "sources": ("pipeline.sources.cli", "status of every source; `sources fetch` gets missing files"),
    "guard": ("pipeline.paper.guard", "fail on numbers typed by hand in the prose (`guard --help`)"),
    "statements": ("pipeline.paper.statement_guard", "fail on statements an edition's data contradict, "
                   "and on characterising words bound to none (`statements --help`)"),
    "pdf": ("pipeline.pdf.cli", "check quotations and extract tables in PDFs (`pdf --help`)"),
    "keys": ("pipeline.paper.keys", "write build/keys.md: where each key figure comes from and is used"),
    "notebook": ("pipeline.notebook", "run a notebook with papermill (strict parameters)"),
    "bib": ("pipeline.sources.bib", "generate references-<lang>.bib from the registry"),
    "snapshot": ("pipeline.sources.snapshot", "refresh committed snapshots from built tables"),
    "includes": ("pipeline.paper.includes", "list the files a manuscript includes, or write them as "
                 "make prerequisites (--depfile)"),
    "render": ("pipeline.paper.document", "stage, guard and render one edition's paper or technical "
               "note in one language (pipeline/paper/editions.py)"),
    "report": ("pipeline.paper.report", "say what the last build used and made"),
    "rules": ("pipeline.graph.makefile", "write the build's make rules from the code and the declared "
              "steps (build/rules.mk)"),
}


def usage() -> str:
    lines = ["usage: python -m pipeline COMMAND [ARGS...]  (python -m pipeline COMMAND --help)", "",
             "commands:"]
    lines += [f"  {name:<10} {what}" for name, (_module, what) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] in (["-h"], ["--help"]):
        print(usage())
        return
    if not argv or argv[0] not in COMMANDS:
        print(usage(), file=sys.stderr)
        sys.exit(f"error: {'no command given' if not argv else f'unknown command {argv[0]!r}'}")
    module = importlib.import_module(COMMANDS[argv[0]][0])
    command.run(module.main, argv[1:])


if __name__ == "__main__":
    main()
