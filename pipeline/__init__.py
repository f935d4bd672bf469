"""The background-paper pipeline: from cited sources to tidy tables, figures and the paper.

One package per stage of the data flow, in order; a later stage may import an earlier one, never
the reverse (``tests/test_layout.py`` checks it):

    sources/    the registry, resolving raw files (cache, mirror, snapshot), downloads, bibliography
    extract/    the extraction framework and one module per publisher: parser, schema, steps
    analysis/   what the paper says: shared aggregates, key figures, the concept note's claims
    figures/    the charts and their house style
    paper/      the editions, staging, the number guard, the annexes, rendering, the build report

Above them, ``graph/``: the build's make rules, from the steps it declares, the editions and
what each step's code imports and reads (``python -m pipeline rules``). Beside them: ``pdf/``
(quotations and tables in PDFs, a toolkit the claims check uses) and the
basics every stage may use: ``paths``, ``errors``, ``atomic`` (writes), ``checksum`` (sha256),
``numbers`` (parsing), ``textkey`` (the key quotations are matched on, in PDFs and plain texts
alike), ``tables`` (tidy tables and their sidecars), ``notebook`` (the strict papermill runner),
``command`` (how a command line reports errors and stops) and ``language`` (how numbers, dates
and names are written in English and in French). ``__main__`` dispatches ``python -m pipeline
COMMAND`` to the module of each command.
"""
