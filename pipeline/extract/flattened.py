"""Table rows flattened into one line of text: which digits make which number, decided by the
table's own arithmetic.

Why: the text a PDF yields writes a table's row on one line, and separates its columns and the
thousands of its numbers alike, with one space. "Central Mediterranean route (ITA and MLT) 11 043
4 450 64 261 15 151 45 298 170 664 60 277" is 11,043; 4,450; 64,261; 15,151; 45,298; 170,664; a
share of 60% and a change of +277%. A group of three digits may end one number or start a column
of its own ("1 616 7 903" is 1,616 and 7,903, or 1, 616 and 7,903), so the split cannot be read
off the line. It is decided here by what the table says of itself, never by which reading looks
likelier.

The rule. A reading of a row (one way of cutting its tokens into numbers) is kept when:

1. each number is written as these tables write numbers: an optional minus sign, a first group of
   one to three digits (no leading zero, except a lone 0, which no group may follow), then groups
   of exactly three digits, the last of which may carry decimals after "." or ",". A token of
   four or more digits is a number printed without separators and stands alone, as does a
   decimal ("9.4", "0,4"). ":" (not available) and "n.a." or "n.a" (not applicable) are one value;
2. it has exactly one value per year of the table's header (a whole number, or ":" or "n.a."),
   then the share of the parent row's total (0 to 100) where the table has that column, then the
   % change on the previous year where it has that one;
3. the % change is 100 x (last year / previous year - 1) to within half a unit of its last
   printed digit ("277" within 0.5, "-5.1" within 0.05), and it is "n.a." exactly when the
   previous year is 0 or not a number;
4. the share is 100 x last year / the last year of its parent row (the total it is a share of),
   to within half a unit of its last printed digit;
5. the rows of a complete block (the top rows and a remainder row, "Other" or "Others"; or the
   parts of a whole, such as its border types) add up to the block's total row, year by year;
   the rows of a block of top rows without a remainder add up to no more than the total (so none
   exceeds it). A part printed ":" or "n.a." is unknown: the known parts then add up to no more
   than the total.

All the readings of a table are narrowed together, since a row's reading depends on its parent's
and a block's on all its rows': a reading that takes part in no combination satisfying a rule is
dropped, until nothing changes. Each row must then have exactly one reading left. None, or more
than one, is an error (:class:`Unreadable`) that names the row and the rule that failed, or two
of the readings left.

Why it is safe: the rules are arithmetic the table states of itself (its shares and changes are
computed from its counts, the parts of a whole add up to it), so the true reading satisfies them
unless the report misprints a cell; a misprint stops the extraction instead of being read round
(a cell known to be misprinted is exempted by name, with its proof, by the module that reads the
report, and only from the one check it breaks). No digit is changed, added or dropped, and no
reading is ever chosen among several: an ambiguity is an error, not a guess.
"""
from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

#: The symbols that stand for a value, as they are printed -> as they are recorded.
SYMBOLS = {":": ":", "n.a.": "n.a.", "n.a": "n.a."}
#: A token that may be the value of a column: what follows a row's label.
VALUE = re.compile(r"-?\d+(?:[.,]\d+)?|:|n\.a\.?")
_FIRST = re.compile(r"-?(?:0|[1-9]\d{0,2})")  # may be followed by groups of three
_GROUP = re.compile(r"\d{3}")
_LAST_GROUP = re.compile(r"\d{3}[.,]\d+")
_WHOLE = re.compile(r"-?(?:\d+[.,]\d+|[1-9]\d{3,})")  # a decimal, or four digits or more
#: Combinations of readings tried for one block at most: beyond, the table is refused as too
#: ambiguous to check (no table of the reports comes near it).
MAX_COMBINATIONS = 200_000


class Unreadable(ValueError):
    """No reading of a row fits the table's rules, or more than one does; ``row`` is the row."""

    def __init__(self, row: Row, problem: str) -> None:
        self.row = row
        super().__init__(problem)


@dataclass(frozen=True)
class Row:
    """One line of a table: its label, the tokens after it, where it is, and the checks a known
    misprint of it is exempted from ("share", "change")."""

    label: str
    tokens: tuple[str, ...]
    line: int
    text: str
    unchecked: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Printed:
    """One number as printed, and its value (None for ":" or "n.a.")."""

    text: str
    value: float | None

    @property
    def tolerance(self) -> float:
        """Half a unit of the last printed digit: what rounding to the printed digits can move."""
        decimals = len(re.split(r"[.,]", self.text)[1]) if re.search(r"[.,]", self.text) else 0
        return 0.5 * 10 ** -decimals + 1e-9


@dataclass(frozen=True)
class Reading:
    """A row's tokens cut into its columns: the years' values, then the share and the change."""

    years: tuple[Printed, ...]
    share: Printed | None
    change: Printed | None

    @property
    def values(self) -> tuple[int | None, ...]:
        return tuple(None if year.value is None else int(year.value) for year in self.years)

    def shown(self) -> str:
        parts = [*self.years, *(column for column in (self.share, self.change) if column)]
        return " | ".join(part.text for part in parts)


@dataclass(frozen=True)
class Columns:
    """The columns of a table: the years of its header, and whether it has the share and change."""

    years: tuple[int, ...]
    share: bool = True
    change: bool = True


@dataclass(frozen=True)
class Block:
    """Rows that make up a total row: all of it (``complete``), or its top rows only."""

    total: Row
    parts: tuple[Row, ...]
    complete: bool


@dataclass
class Table:
    """The rows of a table, each row's parent (the total its share is of), and its blocks."""

    columns: Columns
    rows: list[Row] = field(default_factory=list)
    parents: dict[Row, Row] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)


def split_label(text: str) -> tuple[str, tuple[str, ...]]:
    """A line -> its label and the value tokens that end it ("Mali : : 669 22 n.a.")."""
    tokens = text.split()
    start = len(tokens)
    while start > 0 and VALUE.fullmatch(tokens[start - 1]):
        start -= 1
    return " ".join(tokens[:start]), tuple(tokens[start:])


def read(table: Table) -> dict[Row, Reading]:
    """The one reading of every row that the table's rules allow (the module's docstring)."""
    candidates = {row: _own_readings(row, table.columns) for row in table.rows}
    for row, readings in candidates.items():
        if not readings:
            raise Unreadable(row, _no_reading(row, table.columns))
    rules = _rules(table)
    narrowed = True
    while narrowed:
        narrowed = False
        for rule, rows, fits in rules:
            narrowed |= _narrow(candidates, rule, rows, fits)
    for row in table.rows:
        if len(candidates[row]) > 1:
            first, second = candidates[row][:2]
            raise Unreadable(row, f"its digits can be read {len(candidates[row])} ways that all fit "
                             f"the table's rules, e.g. {first.shown()!r} and {second.shown()!r}")
    return {row: readings[0] for row, readings in candidates.items()}


def _rules(table: Table) -> list[tuple[str, tuple[Row, ...], Callable[..., bool]]]:
    """The table's rules 4 and 5: what each says, the rows it binds, and whether readings fit it."""
    rules = []
    for row, parent in table.parents.items():
        if not table.columns.share or "share" in row.unchecked:
            continue
        if parent is row:  # a total: 100% of itself
            rules.append(("its share of itself", (row,), lambda own: _share_fits(own, own)))
        else:
            rules.append((f"its share of the total on line {parent.line}", (parent, row), _share_fits))
    rules += [(f"the rows of the block of line {block.total.line} adding up to it",
               (block.total, *block.parts), _adds_up(block.complete)) for block in table.blocks]
    return rules


def _narrow(candidates: dict[Row, list[Reading]], rule: str, rows: Sequence[Row], fits) -> bool:
    """Drop each reading of ``rows`` that no combination satisfying ``fits`` uses."""
    if math.prod(len(candidates[row]) for row in rows) > MAX_COMBINATIONS:
        raise Unreadable(rows[0], f"too many readings to check against {rule}")
    used: list[set[Reading]] = [set() for _ in rows]
    for combination in itertools.product(*(candidates[row] for row in rows)):
        if fits(*combination):
            for kept, reading in zip(used, combination):
                kept.add(reading)
    narrowed = False
    for row, kept in zip(rows, used):
        if len(kept) < len(candidates[row]):
            if not kept:
                raise Unreadable(row, f"no reading of its digits fits {rule}")
            candidates[row] = [reading for reading in candidates[row] if reading in kept]
            narrowed = True
    return narrowed


def _share_fits(parent: Reading, row: Reading) -> bool:
    last, total = row.values[-1], parent.values[-1]
    if row.share is None or last is None or total is None:
        return True
    exact = 100 * last / total if total else 0.0
    return abs(exact - row.share.value) <= row.share.tolerance


def _adds_up(complete: bool):
    def fits(total: Reading, *parts: Reading) -> bool:
        for year, whole in enumerate(total.values):
            values = [part.values[year] for part in parts]
            known = sum(value for value in values if value is not None)
            if whole is None:
                continue
            if known > whole or (complete and None not in values and known != whole):
                return False
        return True
    return fits


def _own_readings(row: Row, columns: Columns) -> list[Reading]:
    """The readings of a row that are well formed (rules 1 and 2) and fit its own % change (3)."""
    count = len(columns.years) + columns.share + columns.change
    readings = []
    for numbers in _cuts(row.tokens, 0, count):
        years = numbers[:len(columns.years)]
        share = numbers[len(columns.years)] if columns.share else None
        change = numbers[-1] if columns.change else None
        if not all(_is_count(year) for year in years):
            continue
        if share is not None and (share.value is None or not 0 <= share.value <= 100):
            continue
        reading = Reading(years, share, change)
        if "change" in row.unchecked or _change_fits(reading):
            readings.append(reading)
    return readings


def _no_reading(row: Row, columns: Columns) -> str:
    shape = (f"{len(columns.years)} years ({columns.years[0]}-{columns.years[-1]})"
             + (", a share" if columns.share else "") + (", a % change" if columns.change else ""))
    if not any(True for _ in _cuts(row.tokens, 0, len(columns.years) + columns.share + columns.change)):
        return f"its digits cannot be cut into {shape}"
    return f"no reading of its digits as {shape} fits its own % change on the previous year"


def _is_count(number: Printed) -> bool:
    return number.value is None or (number.value >= 0 and re.fullmatch(r"[\d ]+", number.text) is not None)


def _change_fits(reading: Reading) -> bool:
    if reading.change is None:
        return True
    last, previous = reading.values[-1], reading.values[-2]
    if last is None or not previous:
        return reading.change.value is None
    if reading.change.value is None:
        return False
    return abs(100 * (last / previous - 1) - reading.change.value) <= reading.change.tolerance


def _cuts(tokens: tuple[str, ...], start: int, count: int) -> Iterator[tuple[Printed, ...]]:
    """Every way of cutting ``tokens[start:]`` into ``count`` well-formed numbers (rule 1)."""
    if count == 0:
        if start == len(tokens):
            yield ()
        return
    for end in _number_ends(tokens, start):
        text = " ".join(tokens[start:end])
        number = Printed(SYMBOLS[text], None) if text in SYMBOLS else \
            Printed(text, float(text.replace(" ", "").replace(",", ".")))
        for rest in _cuts(tokens, end, count - 1):
            yield (number, *rest)


def _number_ends(tokens: tuple[str, ...], start: int) -> Iterator[int]:
    """Where a number that begins at ``tokens[start]`` may end (exclusive)."""
    if start >= len(tokens):
        return
    first = tokens[start]
    if first in SYMBOLS or _WHOLE.fullmatch(first):
        yield start + 1
        return
    if not _FIRST.fullmatch(first):
        return
    yield start + 1
    if first.lstrip("-") == "0":
        return
    end = start + 1
    while end < len(tokens) and _GROUP.fullmatch(tokens[end]):
        end += 1
        yield end
    if end < len(tokens) and _LAST_GROUP.fullmatch(tokens[end]):
        yield end + 1
