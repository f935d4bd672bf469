"""The build graph, from the code's own declarations: what each make target depends on.

``code``: the project modules a step's code imports, at any depth, and the committed files they
read (found statically: nothing is imported). ``steps``: the steps of the build, declared once
(the extractions, the per-edition key figures and figures, the claims check, the
bibliographies, and every document of :mod:`pipeline.paper.editions`). ``makefile``: the make
rules written from both (``python -m pipeline rules``), which the Makefile includes.
"""
