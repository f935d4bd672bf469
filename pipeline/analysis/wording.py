"""How a quotation differs from the passage it quotes, word by word.

Why: a quotation that is not verbatim must neither pass as found nor be lost as "not found" when
it is the passage with a few words dropped or changed (the concept note's definition of migrant
smuggling drops "or a permanent resident"). The quotation and the passage are compared as words,
each folded as :mod:`pipeline.textkey` folds text (case, quotation marks, dashes) and without the
punctuation around it. The part of the passage the quotation stands for runs from the first to
the last word they share and on to the end of that clause (the next word ending in ``.``, ``;``
or ``:``): a quotation that stops inside a clause is taken to drop the clause's last words, which
is how "not national" for "not a national or a permanent resident" shows up. The difference is
then said the way an editor says it: the words the quotation misses, adds or changes, and the
stretch of each text from the first difference to the last.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from pipeline.textkey import fold

#: The share of a quotation's words that must be in the passage, in order, for the quotation to
#: count as that passage with differences (fewer: it is not found, and the passage is only the
#: closest there is).
CLOSE = 0.8
#: A word that ends a clause: the quotation's part of a passage does not stop before one.
_CLAUSE_END = re.compile(r"[.;:]['\"\u2019\u201d)]*$")
_WORD = re.compile(r"\S+")
_EDGE = re.compile(r"^\W+|\W+$")


@dataclass(frozen=True)
class Change:
    """One difference: ``kind`` "missing" (in the passage only), "added" (in the quotation only) or
    "changed"; the words as the quotation and the passage give them."""

    kind: str
    quoted: str
    source: str

    def __str__(self) -> str:
        if self.kind == "missing":
            return f"missing “{self.source}”"
        if self.kind == "added":
            return f"added “{self.quoted}”"
        return f"“{self.quoted}” for “{self.source}”"


@dataclass(frozen=True)
class Comparison:
    """A quotation set against a passage (see :func:`compare`)."""

    share: float  # of the quotation's words found in the passage, in order
    start: int  # the passage's characters the quotation stands for: passage[start:end]
    end: int
    changes: tuple[Change, ...]
    quoted_stretch: str  # the quotation from its first difference to its last
    source_stretch: str  # the passage over the same stretch

    @property
    def close(self) -> bool:
        """The quotation is this passage, with differences (:data:`CLOSE`)."""
        return self.share >= CLOSE

    def describe(self) -> str:
        """What the quotation writes for the passage, to follow "the concept note writes":
        '“not national” for “not a national or a permanent resident” (missing “a”; missing “or a
        permanent resident”)'; the list of changes is left out when the stretch is the one change."""
        if not self.changes:
            return "the same words, with other punctuation or spacing"
        quoted = f"“{self.quoted_stretch}”" if self.quoted_stretch else "nothing"
        stretch = f"{quoted} for “{self.source_stretch}”"
        if len(self.changes) == 1 and self.changes[0].kind == "changed":
            return stretch
        return f"{stretch} ({'; '.join(str(change) for change in self.changes)})"


def compare(quotation: str, passage: str) -> Comparison | None:
    """The quotation against the part of ``passage`` it stands for; None if they share no word."""
    quoted = [match[0] for match in _WORD.finditer(quotation)]
    words = list(_WORD.finditer(passage))
    quoted_keys, keys = [_key(word) for word in quoted], [_key(word[0]) for word in words]
    blocks = [block for block in _blocks(quoted_keys, keys) if block.size]
    if not blocks:
        return None
    first, last, run = _densest(blocks, len(quoted))
    # The quotation's words before its first shared word (after its last) face as many of the
    # passage's, within the clause: "Eastern" then reads as changed from "Western and Central".
    first = _clause_start(words, first, run[0].a)
    last = _clause_end(words, min(len(words), last + len(quoted) - run[-1].a - run[-1].size))
    stretch = keys[first:last]
    matcher = difflib.SequenceMatcher(None, quoted_keys, stretch, autojunk=False)
    shared = sum(block.size for block in matcher.get_matching_blocks())
    opcodes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    source = [word[0] for word in words[first:last]]
    changes = tuple(_change(tag, quoted[i1:i2], source[j1:j2]) for tag, i1, i2, j1, j2 in opcodes)
    quoted_stretch, source_stretch = _stretches(opcodes, quoted, source)
    return Comparison(shared / len(quoted), words[first].start(), words[last - 1].end(), changes,
                      quoted_stretch, source_stretch)


def _key(word: str) -> str:
    folded = _EDGE.sub("", fold(word))
    return folded or word


def _blocks(quoted_keys: list[str], keys: list[str]) -> list[difflib.Match]:
    return difflib.SequenceMatcher(None, quoted_keys, keys, autojunk=False).get_matching_blocks()


def _densest(blocks: list[difflib.Match], width: int) -> tuple[int, int, list[difflib.Match]]:
    """The passage words ``[first, last)`` of the run of shared words that holds most of them,
    and the run.

    Blocks more than the quotation's length apart are separate runs, so that a "the" shared far
    from the quoted part does not stretch it over the whole passage.
    """
    runs: list[list[difflib.Match]] = [[blocks[0]]]
    for block in blocks[1:]:
        previous = runs[-1][-1]
        if block.b - (previous.b + previous.size) > width:
            runs.append([block])
        else:
            runs[-1].append(block)
    best = max(runs, key=lambda run: sum(block.size for block in run))
    return best[0].b, best[-1].b + best[-1].size, best


def _clause_start(words: list[re.Match], first: int, count: int) -> int:
    """``first`` moved back by up to ``count`` words, never over the end of a clause."""
    while count and first > 0 and not _CLAUSE_END.search(words[first - 1][0]):
        first, count = first - 1, count - 1
    return first


def _clause_end(words: list[re.Match], last: int) -> int:
    """``last`` moved on to just after the word that ends the clause (or the passage)."""
    while last < len(words) and not _CLAUSE_END.search(words[last - 1][0]):
        last += 1
    return last


def _change(tag: str, quoted: list[str], source: list[str]) -> Change:
    kind = {"insert": "missing", "delete": "added", "replace": "changed"}[tag]
    return Change(kind, _shown(quoted), _shown(source))


def _shown(words: list[str]) -> str:
    return " ".join(words).strip(",;:.")


def _stretches(opcodes: list[tuple], quoted: list[str], source: list[str]) -> tuple[str, str]:
    """Both texts from the first difference to the last; when the first is words missing from
    one of them, from the shared word before it, so that the reader sees where they go."""
    if not opcodes:
        return "", ""
    (tag, i1, _, j1, _), (_, _, i2, _, j2) = opcodes[0], opcodes[-1]
    if tag in ("insert", "delete") and i1 > 0 and j1 > 0:
        i1, j1 = i1 - 1, j1 - 1
    return _shown(quoted[i1:i2]), _shown(source[j1:j2])
