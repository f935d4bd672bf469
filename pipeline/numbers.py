"""One parser for the numbers sources write: "14 477", "5.000", "1,022", "53%", "<5".

Why one place: UNODC, Eurostat, IOM and UNHCR each format numbers their own way, and a value
parsed two ways in two notebooks is a figure that differs between two paragraphs.

A censored value such as "<5" (UNODC suppresses small counts) is not a number: it parses to a
``Parsed`` whose ``value`` is ``None`` and whose bounds say what is known (0 to 4 for "<5" in
counts). Aggregates built from such cells use the lower bound and report the upper one beside it
(see :func:`pipeline.analysis.aggregates.aggregate`).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

#: Characters used as group separators: space, no-break space, narrow no-break space, thin space,
#: apostrophe (Swiss), comma and dot.
_SPACES = "\u0020\u00a0\u202f\u2009"
_NUMBER = re.compile(
    rf"^(?P<sign>[-\u2212+]?)(?P<body>\d[\d{_SPACES},.']*)(?P<percent>\s?%)?$"
)
_CENSORED = re.compile(r"^(?P<op><=?|≤)\s*(?P<bound>\d+)$")


class NumberFormatError(ValueError):
    """A cell that should hold a number and does not."""


@dataclass(frozen=True)
class Parsed:
    """A parsed cell: an exact ``value``, or ``None`` with the bounds of a censored value."""

    value: float | None
    lower: float
    upper: float
    percent: bool = False
    raw: str = ""

    @property
    def censored(self) -> bool:
        return self.value is None


def parse_number(text: object, *, decimal: str | None = None) -> Parsed:
    """Parse one cell as sources write it.

    ``decimal`` is the decimal mark of the source ("." or ","); when ``None`` it is inferred:
    a single separator followed by exactly three digits is a thousands separator ("5.000" and
    "1,022" are integers, as in the concept note and in IOM exports) unless the integer part
    starts with 0 ("0.125"); anything else is decimal.
    Pass ``decimal`` explicitly for sources where "1,022" means 1.022.
    """
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        if isinstance(text, float) and math.isnan(text):
            raise NumberFormatError("empty cell")
        return Parsed(float(text), float(text), float(text), raw=str(text))
    raw = str(text)
    s = raw.strip()
    if not s:
        raise NumberFormatError("empty cell")
    censored = _CENSORED.match(s)
    if censored:
        bound = int(censored["bound"])
        upper = bound if censored["op"] in ("<=", "≤") else bound - 1
        return Parsed(None, 0.0, float(upper), raw=raw)
    match = _NUMBER.match(s)
    if not match:
        raise NumberFormatError(f"not a number: {raw!r}")
    body = match["body"]
    for space in _SPACES + "'":
        body = body.replace(space, "")
    number = float(_normalise_separators(body, decimal, raw))
    if match["sign"] in ("-", "\u2212"):
        number = -number
    return Parsed(number, number, number, percent=bool(match["percent"]), raw=raw)


def _normalise_separators(body: str, decimal: str | None, raw: str) -> str:
    marks = [c for c in body if c in ",."]
    if not marks:
        return body
    if decimal is None:
        decimal = _infer_decimal(body, marks)
    group = "," if decimal == "." else "."
    integer, _, fraction = body.partition(decimal) if decimal in body else (body, "", "")
    if decimal in fraction or group in fraction:
        raise NumberFormatError(f"ambiguous separators in {raw!r}")
    groups = integer.split(group)
    if len(groups) > 1 and (
        not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])
    ):
        raise NumberFormatError(f"misplaced thousands separator in {raw!r}")
    return "".join(groups) + ("." + fraction if fraction else "")


def _infer_decimal(body: str, marks: list[str]) -> str:
    if len(set(marks)) == 2:
        return marks[-1]  # "1,234.5" or "1.234,5": the last mark is the decimal one
    mark = marks[0]
    if len(marks) > 1:
        return "," if mark == "." else "."  # repeated mark: it groups thousands
    before, after = body.split(mark)
    if before.startswith("0"):
        return mark  # "0.125": no thousands group starts with a zero
    return ("," if mark == "." else ".") if len(after) == 3 else mark


def parse_count(text: object) -> Parsed:
    """A count cell: a whole, non-negative number or a censored bound like "<5"."""
    parsed = parse_number(text)
    if parsed.value is not None and (parsed.value < 0 or parsed.value != int(parsed.value)):
        raise NumberFormatError(f"not a count: {parsed.raw!r}")
    if parsed.percent:
        raise NumberFormatError(f"a percentage where a count was expected: {parsed.raw!r}")
    return parsed
