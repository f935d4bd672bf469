"""The manuscript's structure: only classes both renderers know, only profiles the project has.

Why: pandoc reads any class on a div or a span, and any profile name, without a word, and so does
Quarto. A misspelt ``[...]{.content-visble when-profile="update"}`` is an ordinary span: its
update-only sentence is printed in the meeting paper. A ``when-profile="updates"`` names no
profile: its text is dropped from every edition. (An unclosed ``:::``, which pandoc closes at the
end of the file, swallowing what follows, is refused where the manuscript is read:
:mod:`pipeline.paper.manuscript`.) So before either renderer runs, :func:`check` reads the
manuscript and every file it includes as pandoc does, and stops the build on each such mistake
with its file and line.

The classes are listed here, once; ``docs/rendering-fallback.md`` says what each does, and the
fallback's filter renders exactly these.
"""
from __future__ import annotations

from pathlib import Path

from pipeline import paths
from pipeline.errors import BuildFailed
from pipeline.paper import manuscript as reader

CALLOUTS = ("callout-note", "callout-tip", "callout-warning", "callout-important", "callout-caution")
#: Quarto's conditional content: kept or dropped by the active profiles.
CONDITIONS = reader.CONDITIONS
#: The project's own classes (issue 19): a statement about the data, rendered as plain text,
#: whose condition the build checks; a qualitative statement, which no data check binds.
PROJECT = ("statement", "qualitative")
#: Pandoc's own span classes, which both renderers render.
PANDOC_SPANS = ("smallcaps", "underline", "mark")

DIV_CLASSES = frozenset(CALLOUTS + CONDITIONS + PROJECT)
SPAN_CLASSES = frozenset(CONDITIONS + PROJECT + PANDOC_SPANS)
#: The attributes of conditional content that name profiles.
PROFILE_ATTRIBUTES = ("when-profile", "unless-profile")


class StructureError(BuildFailed):
    """A class neither renderer knows, or a profile the project does not have."""


def profiles(folder: Path) -> set[str]:
    """The profiles of the project in ``folder``: a ``_quarto-<name>.yml`` each, and the names of
    ``profile: group:`` in its ``_quarto.yml``."""
    found = {path.stem.removeprefix("_quarto-") for path in Path(folder).glob("_quarto-*.yml")}
    if (Path(folder) / "_quarto.yml").is_file():
        configured = reader.read_metadata(Path(folder) / "_quarto.yml").metadata.get("profile") or {}
        groups = configured.get("group") or [] if isinstance(configured, dict) else []
        found |= {str(name) for group in groups for name in (group if isinstance(group, list) else [group])}
    return found


def problems(read: reader.Manuscript, known: set[str]) -> list[str]:
    """Each class or profile name of ``read`` that no renderer knows, as ``file:line:column: what``."""
    found = []
    for document in read.documents:
        for element in document.elements:
            allowed = {"div": DIV_CLASSES, "span": SPAN_CLASSES}.get(element.kind)
            if allowed is None:
                continue
            for name in element.classes:
                if name not in allowed:
                    found.append(f"{element.place}: the {element.kind} class .{name} is not one the paper "
                                 f"renders ({', '.join('.' + c for c in sorted(allowed))}): is it misspelt?")
            if set(element.classes) & set(CONDITIONS):
                for attribute in PROFILE_ATTRIBUTES:
                    for name in _names(element.attribute(attribute)):
                        if name not in known:
                            found.append(f"{element.place}: {attribute}=\"{element.attribute(attribute)}\" "
                                         f"names no profile of the project ({', '.join(sorted(known)) or 'none'})")
    return found


def include_problems(read: reader.Manuscript) -> list[str]:
    """Each hand-written include of ``read`` that does not exist, or lies outside the manuscript's
    folder (the project that is staged and rendered: a file outside it is not staged, and Typst
    and pandoc read nothing outside it), as ``file:line:column: what``."""
    found = []
    folder = read.file.parent
    for item in read.includes:
        if item.generated:
            continue
        if folder not in item.path.resolve().parents:
            found.append(f"{item.place}: {{{{< include {item.target} >}}}} names {item}, outside the paper "
                         f"folder ({paths.display(folder)}), which is all that is staged and rendered: move "
                         "the file into it")
        elif item.missing:
            found.append(f"{item.place}: {{{{< include {item.target} >}}}}: {item} does not exist")
    return found


def check(manuscript: Path) -> None:
    """Raise :class:`StructureError` listing every unknown class and profile of ``manuscript``
    and the files it includes (read beside it: a staged project's ``_generated/`` too), and every
    include that is missing or outside its folder."""
    manuscript = Path(manuscript)
    read = reader.read(manuscript, project=False)
    found = include_problems(read) + problems(read, profiles(manuscript.parent))
    if found:
        raise StructureError(f"{paths.display(manuscript)}: the manuscript's structure is wrong, and "
                             "nothing was rendered:\n  " + "\n  ".join(found))


def _names(value: str) -> list[str]:
    return [name for name in value.replace(",", " ").split() if name]
