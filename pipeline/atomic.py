"""Write outputs so that a failed step never leaves a half-written file or destroys a good one.

Everything is written to a temporary file in the destination's folder and renamed into place
(``os.replace`` is atomic on one filesystem), as docs/design.md asks of every output.

A temporary is named ``.<destination>.<pid>.<random>.tmp``. The block that made it removes it
on any error, Ctrl-C and SIGTERM included (the CLI turns SIGTERM into the same unwinding); only
a process killed outright (SIGKILL, a power cut) leaves one behind. So each new temporary first
sweeps its folder of those whose process is gone (:func:`sweep`), and ``make clean`` removes
them all.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from pipeline import paths
from pipeline.errors import OutputError


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


_DEFAULT_MODE = _default_mode()


def temporary_beside(destination: Path) -> Path:
    """A new empty temporary file in ``destination``'s folder (made if need be), after a sweep.

    Raises :class:`~pipeline.errors.OutputError` when the folder cannot be written.
    """
    destination = Path(destination)
    with _output(destination):
        destination.parent.mkdir(parents=True, exist_ok=True)
        sweep(destination.parent)
        fd, tmp = tempfile.mkstemp(prefix=f".{destination.name}.{os.getpid()}.", suffix=".tmp",
                                   dir=destination.parent)
    os.close(fd)
    return Path(tmp)


def commit(tmp: Path, destination: Path) -> None:
    """Move a finished temporary onto ``destination``, readable like any new file."""
    with _output(destination):
        os.chmod(tmp, _DEFAULT_MODE)  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, destination)


def check_writable(destination: Path) -> None:
    """Fail now, with an OutputError, if ``destination`` could not be written later."""
    temporary_beside(destination).unlink()


@contextlib.contextmanager
def _output(destination: Path) -> Iterator[None]:
    """Turn the OS's refusal to write ``destination`` into one line that names it."""
    try:
        yield
    except (FileExistsError, NotADirectoryError):
        in_the_way = next((folder for folder in Path(destination).parents if folder.is_file()), None)
        what = f"{paths.display(in_the_way)} is a file, not a folder" if in_the_way else \
            "something in the way is a file, not a folder"
        raise OutputError(f"cannot write {paths.display(destination)}: {what}. Move it away, or "
                          "write the output elsewhere") from None
    except IsADirectoryError:
        raise OutputError(f"cannot write {paths.display(destination)}: it is a folder. Move it "
                          "away, or write the output elsewhere") from None
    except PermissionError as error:
        raise OutputError(f"cannot write {paths.display(destination)}: {error.strerror} (a "
                          "read-only folder?). Make its folder writable, or write the output "
                          "elsewhere") from None
    except OSError as error:  # a read-only filesystem, a full disk
        raise OutputError(f"cannot write {paths.display(destination)}: {error.strerror}") from None


def sweep(folder: Path) -> list[Path]:
    """Remove the temporaries in ``folder`` whose process is gone; the paths removed.

    A temporary of a running process (this one, or another step of a ``make -j2``) is kept.
    """
    removed = []
    for tmp in Path(folder).glob(".*.tmp"):
        if not _alive(_owner(tmp.name)):
            with contextlib.suppress(OSError):  # another user's: not ours to remove, nor to fail on
                tmp.unlink(missing_ok=True)
                removed.append(tmp)
    return removed


def _owner(name: str) -> int | None:
    """The pid in ``.<name>.<pid>.<random>.tmp``; None for another name (an older scheme)."""
    parts = name[:-len(".tmp")].rsplit(".", 2)
    return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None


def _alive(pid: int | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


@contextlib.contextmanager
def atomic_path(destination: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``destination``; move it into place if the block succeeds."""
    tmp_path = temporary_beside(destination)
    try:
        yield tmp_path
        commit(tmp_path, destination)
    finally:
        tmp_path.unlink(missing_ok=True)


def write_text(destination: Path, text: str) -> None:
    with atomic_path(destination) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes(destination: Path, data: bytes) -> None:
    with atomic_path(destination) as tmp:
        tmp.write_bytes(data)
