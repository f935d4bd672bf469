"""Stage 4, figures: the paper's trend charts, drawn from the tidy tables in one house style.

``style`` is the look and the one way a figure is saved (SVG, PNG and a provenance record, the
same bytes for the same inputs); ``charts`` has one function per figure.

May import: the basics, :mod:`pipeline.sources`, :mod:`pipeline.extract`, :mod:`pipeline.analysis`.
"""
