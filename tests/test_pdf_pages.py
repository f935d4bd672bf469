"""The rendered PDF paper has the pages a reader expects, and none of them is blank.

Typst happily writes a PDF with an empty page (a figure pushed over a page break, a stray
pagebreak) or a one-page stub when the text went missing; neither shows in the text the other
tests extract. Poppler's pdftoppm draws every page, and a blank page is one that is nearly all
white.

The PDF is the session's build's (tests/builds.py). Without pdftoppm the tests skip locally and
fail under CI=true (where .ci/run installs poppler-utils).
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pytest
from needs import require
from PIL import Image

PAPER = "paper/_output/background-paper.pdf"
MINIMUM_PAGES = 8  # the background paper runs to some 15-25 pages; fewer means text went missing
RESOLUTION = 40  # dpi: enough to tell ink from paper, quick to draw
WHITE = 250  # grey level (0-255) from which a pixel counts as paper
# Ink is measured between a top and a bottom band that lie inside the page margins (A4, top
# 2.5 cm and bottom 2.7 cm in paper/fallback-template.typ: the body spans 8.4%-90.9% of the
# height), where running heads and page numbers go. A page with nothing else then scores 0,
# and one with a single short closing line ("Last words.") ~0.05%, far above the threshold.
TOP_BAND, BOTTOM_BAND = 0.05, 0.08  # shares of the page height left out
BLANK_BELOW = 0.0001  # share of dark pixels in the body: ~12 pixels at 40 dpi on A4


@pytest.fixture(scope="module")
def paper(built: Path) -> Path:
    return built / PAPER


@pytest.fixture(scope="module")
def pages(paper: Path, tmp_path_factory) -> list[Path]:
    """Every page of the paper as a PNG, in page order."""
    pdftoppm = shutil.which("pdftoppm")
    require(pdftoppm is not None, "needs pdftoppm (apt-get install -y poppler-utils)")
    folder = tmp_path_factory.mktemp("pages")
    subprocess.run([pdftoppm, "-r", str(RESOLUTION), "-png", str(paper), str(folder / "page")],
                   check=True, capture_output=True)
    # pdftoppm pads page numbers to the width of the page count: page-01.png ... page-12.png
    return sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))


def _ink(page: Path) -> float:
    """The share of the pixels of the page's body (margin bands cut off) darker than paper."""
    with Image.open(page) as image:
        body = (0, round(image.height * TOP_BAND), image.width,
                round(image.height * (1 - BOTTOM_BAND)))
        histogram = image.convert("L").crop(body).histogram()
    return sum(histogram[:WHITE]) / sum(histogram)


def test_every_page_is_drawn_and_the_paper_is_not_a_stub(paper, pages):
    with pdfplumber.open(paper) as pdf:
        count = len(pdf.pages)
    assert len(pages) == count
    assert count >= MINIMUM_PAGES, f"the paper has {count} pages, expected at least {MINIMUM_PAGES}"


def test_no_page_is_blank(pages):
    blank = [page.name for page in pages if _ink(page) < BLANK_BELOW]
    assert blank == [], f"blank pages: {blank}"
