"""Stage 3, analysis: what the paper says, computed from the tidy tables.

``aggregates`` holds the sums that the figures, the key figures and the statements share;
``keyfigures`` computes every number the prose cites, and ``variables`` writes them (with their
provenance) for ``{{< var >}}``; ``claims`` checks the concept note's quotations and figures (and the paper's own
quotations) against the cited documents, PDFs or their text copies, and the key figures;
``wording`` says word by word how a quotation differs from the passage it quotes;
``statements`` holds the predicates that check what a sentence of the paper says about the data.

May import: the basics, :mod:`pipeline.pdf`, :mod:`pipeline.sources`, :mod:`pipeline.extract`.
"""
