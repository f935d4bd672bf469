"""Stage 1, sources: what the paper is built from, and getting hold of it.

The registry (``sources/registry.yml``) describes every cited document and data file; this
package reads and checks it, resolves a source id to a verified raw file (download cache, then
the mirror folder), downloads what is missing, serves the committed snapshot of a table when the
raw file is not in hand, writes the bibliography, reads and checks the committed tables of
facts (``sources/facts/``: instruments and national measures, each fact citing registry ids),
and is the ``python -m pipeline sources`` CLI.

May import: the basics (``pipeline.paths``, ``errors``, ``atomic``, ``numbers``, ``tables``).
"""
