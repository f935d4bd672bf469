"""Benchmarks and developer tools: not part of the paper's data flow, never imported by it.

``build`` times ``make paper`` as a reviewer lives it (``make bench``) and gives the end-to-end
tests their way of copying the project; ``pdf_tables`` scores the PDF table extraction on the
ICDAR 2013 competition set against pdfplumber and camelot (``make bench-pdf``), with the
competition's format (``icdar``) and metric (``adjacency``).
"""
