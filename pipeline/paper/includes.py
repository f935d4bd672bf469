"""The files a manuscript pulls in with ``{{< include path >}}``, found as the renderers find them.

Why one list: an included file's text reaches the reader like the manuscript's own, so the guard
must check its numbers, and make must rebuild the paper when it changes. ``python -m pipeline
includes paper/index.qmd --depfile build/paper-includes.d TARGET...`` writes that list as make
rules (as ``gcc -MD`` lists the headers a source includes), which the Makefile reads.

Paths are resolved as Quarto and ``paper/filters/quarto-subset.lua`` resolve them: relative to
the file holding the shortcode, or, starting with ``/``, to the manuscript's folder. An include
inside code or an HTML comment is no include. Files under the manuscript's ``_generated/``
folder are outputs of the pipeline (the annexes): they are listed, so that callers know about
them, but not read, since they may not be built yet and their numbers come from the data.
"""
from __future__ import annotations

import argparse
import re
from dataclasses import dataclass
from pathlib import Path

from pipeline import atomic, paths

GENERATED = "_generated"

#: Text that is not read as Markdown content: fenced code, HTML comments, inline code.
CODE_AND_COMMENTS = [re.compile(pattern, flags) for pattern, flags in (
    (r"^(`{3,}|~{3,})[^\n]*\n.*?(?:^\1[`~]*[ \t]*$|\Z)", re.M | re.S),  # fenced code
    (r"<!--.*?-->", re.S),
    (r"(`+)(?!`).+?(?<!`)\1(?!`)", re.S),  # inline code
)]
_INCLUDE = re.compile(r"\{\{<\s*include\s+(?P<quote>[\"']?)(?P<target>[^\"'\s>][^\"'>]*?)(?P=quote)\s*>\}\}")


@dataclass(frozen=True)
class Included:
    path: Path
    by: Path  # the file whose shortcode includes it
    target: str  # the path as the shortcode writes it
    generated: bool  # an output of the pipeline (under _generated/): listed, not read

    @property
    def missing(self) -> bool:
        """A hand-written file that is not there (a generated one may just not be built yet)."""
        return not self.generated and not self.path.is_file()

    def __str__(self) -> str:
        return paths.display(self.path)


def targets(text: str) -> list[str]:
    """The paths of the include shortcodes in ``text``, outside code and comments, in order."""
    for pattern in CODE_AND_COMMENTS:
        text = pattern.sub(lambda match: " " * len(match[0]), text)
    return [match["target"].strip() for match in _INCLUDE.finditer(text)]


def includes(manuscript: Path) -> list[Included]:
    """Every file ``manuscript`` includes, at any depth, in document order, each once.

    Generated and missing files are listed but not read.
    """
    manuscript = Path(manuscript).resolve()
    project, generated = manuscript.parent, manuscript.parent / GENERATED
    found: dict[Path, Included] = {}

    def visit(file: Path) -> None:
        for target in targets(file.read_text(encoding="utf-8")):
            path = ((project / target.lstrip("/")) if target.startswith("/")
                    else (file.parent / target)).resolve()
            if path in found or path == manuscript:
                continue
            found[path] = included = Included(path, file, target, generated in path.parents)
            if not included.generated and not included.missing:
                visit(path)

    visit(manuscript)
    return list(found.values())


def write_depfile(manuscript: Path, depfile: Path, make_targets: list[str]) -> list[Included]:
    """Write make rules: each of ``make_targets`` depends on every hand-written included file.

    Each file also gets an empty rule of its own (as ``gcc -MP`` does), so that deleting one
    makes the guard and the render run again and say what is missing, instead of make stopping
    with "No rule to make target". Returns the files listed.
    """
    listed = [item for item in includes(manuscript) if not item.generated]
    lines = [f"# Written by `python -m pipeline includes`: the files {paths.display(manuscript)} "
             "includes by hand (do not edit).\n"]
    if listed:
        files = [_make_word(str(item)) for item in listed]
        lines.append(f"{' '.join(make_targets)}: {' '.join(files)}\n")
        lines += [f"{file}:\n" for file in files]
    atomic.write_text(depfile, "".join(lines))
    return listed


def _make_word(path: str) -> str:
    """A path as one word of a make rule."""
    return path.replace("$", "$$").replace(" ", "\\ ").replace("#", "\\#")


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipeline includes", description="List the files a "
                                     "manuscript includes, or write them as make prerequisites (--depfile).")
    parser.add_argument("manuscript", type=Path)
    parser.add_argument("--depfile", type=Path, help="write make rules here instead")
    parser.add_argument("--targets", nargs="+", default=[], metavar="TARGET",
                        help="with --depfile: the make targets that depend on the included files")
    args = parser.parse_args(argv)
    if args.depfile:
        write_depfile(args.manuscript, args.depfile, args.targets)
        return
    for item in includes(args.manuscript):
        print(item)
