"""The rendered HTML paper in a real browser: everything it shows comes from the one file.

A self-contained paper that quietly fetches a font or an image from the web works on the
author's machine and breaks in a meeting room without network; a figure that fails to decode
leaves a hole only a browser shows. So Debian's Chromium, driven by Playwright (whose wheel
brings its driver; never `playwright install`, which downloads a browser), loads
paper/_output/background-paper.html of the session's build (tests/builds.py) from disk at a
phone's and a desktop's width, and saves full-page screenshots beside the test's temporary files
(pytest keeps those of its last three sessions; the path is printed).

Without /usr/bin/chromium the tests skip locally and fail under CI=true (where .ci/run installs
chromium).
"""
from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from needs import require
from PIL import Image

PAPER = "paper/_output/background-paper.html"
CHROMIUM = Path("/usr/bin/chromium")
PHONE, DESKTOP = (390, 844), (1280, 900)
TILE = 4000
UNRESOLVED = ("??", "{{<", "?@fig", "?@tbl", "?@sec", "?var:", "(fig-")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
# Lazy images load only when scrolled to: make them load now and wait for every image.
LOAD_IMAGES = """async () => {
    const images = Array.from(document.images);
    images.forEach(image => { image.loading = "eager"; });
    await Promise.all(images.map(image => image.decode().catch(() => null)));
    return images.map(image => ({src: image.src.slice(0, 80), alt: image.alt,
                                 naturalWidth: image.naturalWidth}));
}"""


@dataclass(frozen=True)
class Visit:
    """What the browser saw of the paper at one viewport width."""

    requests: list[str]
    images: list[dict]
    text: str
    scroll_width: int
    inner_width: int
    screenshot: Path


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("screenshots")
    print(f"screenshots of the paper: {folder}")
    return folder


@pytest.fixture(scope="module")
def visits(built: Path, screenshots: Path) -> dict[int, Visit]:
    """The paper loaded from file:// at phone and desktop widths, with a full-page screenshot."""
    require(CHROMIUM.exists(), f"needs {CHROMIUM} (Debian's chromium: apt-get install -y chromium)")
    from playwright.sync_api import sync_playwright

    seen = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for width, height in (PHONE, DESKTOP):
                seen[width] = _visit(browser, built / PAPER, width, height, screenshots)
        finally:
            browser.close()
    return seen


def _visit(browser, paper: Path, width: int, height: int, screenshots: Path) -> Visit:
    context = browser.new_context(viewport={"width": width, "height": height})
    # Anything leaving the file is recorded, then refused, so the test never waits on a network.
    context.route(re.compile(r"^(?!file:|data:)"), lambda route: route.abort())
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(paper.as_uri(), wait_until="load")
    images = page.evaluate(LOAD_IMAGES)
    screenshot = _full_page_screenshot(page, screenshots / f"paper-{width}.png")
    visit = Visit(
        requests=[url for url in requests if not url.startswith(("file:", "data:"))],
        images=images,
        text=page.inner_text("body"),
        scroll_width=page.evaluate("document.documentElement.scrollWidth"),
        inner_width=page.evaluate("window.innerWidth"),
        screenshot=screenshot,
    )
    context.close()
    return visit


def _full_page_screenshot(page, path: Path) -> Path:
    """The whole page, captured in bands of at most TILE px and stitched: at a phone's width the
    paper is some 60,000 px tall, and Chromium fails one capture that large now and then ("Unable
    to capture screenshot") when the machine is busy."""
    width, height = page.evaluate("[document.documentElement.scrollWidth, "
                                  "document.documentElement.scrollHeight]")
    whole = Image.new("RGB", (width, height), "white")
    for top in range(0, height, TILE):
        band = page.screenshot(full_page=True, clip={"x": 0, "y": top, "width": width,
                                                     "height": min(TILE, height - top)})
        with Image.open(io.BytesIO(band)) as tile:
            whole.paste(tile, (0, top))
    whole.save(path)
    return path


def test_the_paper_requests_nothing_outside_its_own_file(visits):
    for width, visit in visits.items():
        assert visit.requests == [], f"at {width} px the paper requested {visit.requests}"


def test_every_image_loads_and_has_alt_text(visits):
    images = visits[DESKTOP[0]].images
    assert images, "the paper shows no image"
    broken = [image for image in images if image["naturalWidth"] <= 0]
    assert broken == [], f"images that did not load: {broken}"
    assert [image for image in images if not image["alt"].strip()] == []


def test_no_unresolved_reference_or_shortcode_is_shown(visits):
    text = visits[DESKTOP[0]].text
    shown = {marker: text[max(0, text.find(marker) - 60):text.find(marker) + 60]
             for marker in UNRESOLVED if marker in text}
    assert shown == {}


def test_full_page_screenshots_are_saved_at_phone_and_desktop_widths(visits, screenshots):
    for (width, height), visit in zip((PHONE, DESKTOP), visits.values()):
        assert visit.screenshot == screenshots / f"paper-{width}.png"
        with Image.open(visit.screenshot) as shot:
            assert shot.width == width and shot.height > height  # the whole paper, not a screen


def test_the_page_does_not_scroll_sideways_on_a_phone_or_a_desktop(visits):
    for width, visit in visits.items():
        assert visit.scroll_width <= visit.inner_width + 1, (
            f"the page is {visit.scroll_width} px wide in a {visit.inner_width} px viewport: an "
            "element overflows (wide tables must scroll inside their own box, long addresses wrap)")
