"""Small R data files for the tests of the ``.rda`` sources: the real layout, one thing changed."""
from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pyreadr


def write(path: Path, name: str, frame: pd.DataFrame) -> Path:
    """Save ``frame`` as the R data set ``name`` (as R's save() would, gzip-compressed)."""
    pyreadr.write_rdata(str(path), frame, df_name=name, compress="gzip")
    return path


def truncated(real: Path, destination: Path) -> Path:
    """The first half of a real file: a download cut short."""
    data = real.read_bytes()
    destination.write_bytes(data[: len(data) // 2])
    return destination


def raw(path: Path, source_id: str) -> SimpleNamespace:
    """What :func:`pipeline.extract.step.run` hands a step function for one resolved file."""
    return SimpleNamespace(path=path, source=SimpleNamespace(id=source_id))
