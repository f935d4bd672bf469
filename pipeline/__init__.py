"""The background-paper pipeline: from cited sources to tidy tables, figures and the paper.

Notebooks and the Makefile call into this package; all logic that deserves a test lives here.
"""
