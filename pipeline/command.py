"""How every command line of the pipeline starts and ends (``python -m pipeline ...``,
``python -m pipeline.notebook ...``).

An error about the inputs (:class:`pipeline.errors.Reported`: a missing or corrupt source, a bad
registry, an unknown notebook parameter, a render that failed) is printed as one line and exits
with status 2; anything else is a bug and keeps its traceback. SIGTERM (make or CI stopping a
step) unwinds like Ctrl-C, so that every step removes its temporary files on the way out, and
either ends with one line, not a traceback.
"""
from __future__ import annotations

import signal
import sys
from collections.abc import Callable
from typing import NoReturn

from pipeline.errors import Reported


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the program stands, as Ctrl-C raises KeyboardInterrupt."""


def _terminate(signum: int, frame) -> None:
    raise Terminated()


def stop_on_sigterm() -> None:
    """Let SIGTERM unwind the program (``finally`` blocks run) instead of killing it at once."""
    signal.signal(signal.SIGTERM, _terminate)


def run(main: Callable[[list[str]], int | None], argv: list[str] | None = None) -> NoReturn:
    """Run ``main(argv)`` (the arguments after the command's name) and exit with its status."""
    stop_on_sigterm()
    try:
        status = main(sys.argv[1:] if argv is None else argv)
    except Reported as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt as stop:
        name = "SIGTERM" if isinstance(stop, Terminated) else "Ctrl-C"
        print(f"error: stopped by {name}; no half-written output was kept", file=sys.stderr)
        sys.exit(128 + (signal.SIGTERM if isinstance(stop, Terminated) else signal.SIGINT))
    sys.exit(status or 0)
