"""The files a manuscript pulls in with ``{{< include path >}}``, as make prerequisites.

Why: an included file's text reaches the reader like the manuscript's own, so make must rebuild
the paper when it changes. ``python -m pipeline includes paper/index.qmd --depfile
build/paper-includes.d TARGET...`` writes that list as make rules (as ``gcc -MD`` lists the
headers a source includes), which the Makefile reads. The files are found by the manuscript's
reader (:func:`pipeline.paper.manuscript.read`), as the renderers find them: an include inside
code or an HTML comment is no include. Files under the manuscript's ``_generated/`` folder are
outputs of the pipeline (the annexes): they are listed, so that callers know about them, but are
no prerequisites.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from pipeline import atomic, paths
from pipeline.paper.manuscript import GENERATED, Included, read

__all__ = ["GENERATED", "Included", "includes", "write_depfile"]


def includes(manuscript: Path) -> list[Included]:
    """Every file ``manuscript`` includes, at any depth, in document order, each once."""
    return list(read(manuscript, project=False).includes)


def write_depfile(manuscripts: list[Path], depfile: Path, make_targets: list[str]) -> list[Included]:
    """Write make rules: each of ``make_targets`` depends on every hand-written file that one of
    ``manuscripts`` includes.

    Each file also gets an empty rule of its own (as ``gcc -MP`` does), so that deleting one
    makes the guard and the render run again and say what is missing, instead of make stopping
    with "No rule to make target". Returns the files listed.
    """
    every = {item.path: item for manuscript in manuscripts for item in includes(manuscript) if not item.generated}
    listed = list(every.values())
    lines = [f"# Written by `python -m pipeline includes`: the files {', '.join(map(paths.display, manuscripts))} "
             "include by hand (do not edit).\n"]
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
        write_depfile([args.manuscript], args.depfile, args.targets)
        return
    for item in includes(args.manuscript):
        print(item)
