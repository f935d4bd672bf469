"""The editions of the paper: what each is dated, in which languages, and what it writes.

One manuscript, two readings. The **meeting** edition is the background paper as the data
stood on 30 November 2015, the date it carries, in English and in French. The **update** is the
same paper with the latest data in hand, titled and dated as an update. Any other date can be
rendered as an edition ``at-YYYY-MM-DD`` (``make edition AS_OF=YYYY-MM-DD``), which reads as an
update made on that date. This module is the only place that says so: the build's make rules
for each edition, language and document are generated from it (:mod:`pipeline.graph`).

Each edition renders its paper and, in English, its technical note; the meeting paper also as
DOCX for the partners who review with tracked changes. Quarto profiles (``_quarto-meeting.yml``,
``_quarto-update.yml``) give each its subtitle, and ``.content-visible when-profile=...`` the
prose that only one of them has.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline import paths
from pipeline.analysis import asof
from pipeline.errors import BuildFailed


@dataclass(frozen=True)
class Document:
    """One rendered document: its manuscript, the stem of its outputs and their formats."""

    manuscript: str  # in the paper folder: index.qmd, index-fr.qmd, technical-note.qmd
    stem: str  # paper/_output/<stem>.<format>
    formats: tuple[str, ...]


@dataclass(frozen=True)
class Edition:
    name: str
    as_of: str  # "2015-11-30", or "latest"
    date: dt.date  # the date the edition carries
    profile: str  # its Quarto profile
    documents: dict[tuple[str, str], Document]  # (language, "paper" | "note") -> document
    #: Whether its figures show how the publishers' revisions moved earlier figures (an export
    #: set beside a later one): an update's, not the meeting's, which had one export in hand.
    vintages: bool = True
    #: The edition whose key figures the check of statements reads beside its own: a statement
    #: false in this edition says whether it holds there.
    baseline: str | None = "meeting"

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(lang for lang, _kind in self.documents))

    @property
    def folder(self) -> Path:
        """``build/editions/<name>/``: its key figures and the manifest of its figures."""
        return paths.EDITIONS / self.name

    @property
    def keyfigures(self) -> Path:
        return self.folder / "keyfigures.json"

    @property
    def figure_manifest(self) -> Path:
        return self.folder / "figures.json"

    def manuscripts(self, lang: str, kind: str) -> tuple[str, ...]:
        """The manuscripts (in the paper folder) that its document ``kind`` in ``lang`` reads: its
        own; a technical note also every paper of the edition, whose statements it lists."""
        own = self.documents[(lang, kind)].manuscript
        if kind != "note":
            return (own,)
        return (own, *(document.manuscript for (_lang, other), document in self.documents.items()
                       if other == "paper"))

    def figures(self, lang: str, root: Path = paths.FIGURES) -> Path:
        """``figures/<name>/<lang>/``: its figures drawn in ``lang`` (under ``root``, the figures
        of every edition)."""
        return root / self.name / lang


#: The date of this update: the day it is issued, changed when it is issued again.
UPDATE_DATE = dt.date(2026, 12, 1)

MEETING = Edition("meeting", "2015-11-30", dt.date(2015, 11, 30), "meeting", {
    ("en", "paper"): Document("index.qmd", "background-paper", ("html", "pdf", "docx")),
    ("en", "note"): Document("technical-note.qmd", "technical-note", ("html", "pdf")),
    ("fr", "paper"): Document("index-fr.qmd", "background-paper-fr", ("html", "pdf")),
}, vintages=False, baseline=None)
UPDATE = Edition("update", asof.LATEST, UPDATE_DATE, "update", {
    ("en", "paper"): Document("index.qmd", "background-paper-update", ("html", "pdf")),
    ("en", "note"): Document("technical-note.qmd", "technical-note-update", ("html", "pdf")),
})
EDITIONS = {edition.name: edition for edition in (MEETING, UPDATE)}

_AT = re.compile(r"at-(.*)")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")

#: The first day on which every key figure a dated edition binds can be computed. A dated edition
#: is an update on its day, and the update measures what changed since 2015: it needs the whole
#: year 2015 of every series, the last to come being UNODC's shares of the forms of exploitation
#: in 2015, known from 31 December 2018 (the Global Report of that year). Before it, the render
#: would stop on an unknown variable; ``tests/test_editions.py`` proves the day against the key
#: figures and the day before it.
EARLIEST_DATED = dt.date(2018, 12, 31)


class EditionError(BuildFailed):
    """An edition name that is neither meeting, update nor at-YYYY-MM-DD, or a date no edition
    can have."""


def edition(name: str, today: dt.date | None = None) -> Edition:
    """The edition called ``name``: meeting, update, or at-YYYY-MM-DD (an update on that date,
    checked by :func:`dated_day`)."""
    if name in EDITIONS:
        return EDITIONS[name]
    match = _AT.fullmatch(name)
    if not match:
        raise EditionError(f"edition {name!r} is not one of {', '.join(EDITIONS)} or at-YYYY-MM-DD")
    day = dated_day(match[1], today)
    return Edition(name, day.isoformat(), day, "update", {
        ("en", "paper"): Document("index.qmd", f"background-paper-{name}", ("html", "pdf")),
        ("en", "note"): Document("technical-note.qmd", f"technical-note-{name}", ("html", "pdf")),
    })


def dated_day(as_of: str, today: dt.date | None = None) -> dt.date:
    """The date of an edition ``at-<as_of>``, checked before anything is built: a real day
    (YYYY-MM-DD), not before :data:`EARLIEST_DATED` (its key figures could not be computed), not
    after ``today`` (its data would be those of today, dated in the future)."""
    today = today or dt.date.today()
    usage = f"give a day from {EARLIEST_DATED.isoformat()} to {today.isoformat()}: make edition AS_OF=YYYY-MM-DD"
    try:
        day = dt.date.fromisoformat(as_of) if _ISO_DAY.fullmatch(as_of) else None
    except ValueError:
        day = None
    if day is None:
        raise EditionError(f"AS_OF={as_of} is not a date written YYYY-MM-DD; {usage}")
    if day < EARLIEST_DATED:
        raise EditionError(f"AS_OF={as_of} is before {EARLIEST_DATED.isoformat()}, the first day on which "
                           f"every key figure of the paper can be computed; {usage}")
    if day > today:
        raise EditionError(f"AS_OF={as_of} is after today; {usage}")
    return day

