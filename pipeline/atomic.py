"""Write outputs so that a failed step never leaves a half-written file or destroys a good one.

Everything is written to a temporary file in the destination's folder and renamed into place
(``os.replace`` is atomic on one filesystem), as DESIGN.md asks of every output.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_DEFAULT_MODE = _default_mode()


@contextlib.contextmanager
def atomic_path(destination: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``destination``; move it into place if the block succeeds."""
    destination = Path(destination)
    destination.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{destination.name}.", suffix=".tmp", dir=destination.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, _DEFAULT_MODE)  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp_path, destination)
    finally:
        tmp_path.unlink(missing_ok=True)


def write_text(destination: Path, text: str) -> None:
    with atomic_path(destination) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes(destination: Path, data: bytes) -> None:
    with atomic_path(destination) as tmp:
        tmp.write_bytes(data)
