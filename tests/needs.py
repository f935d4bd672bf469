"""What a test needs from the machine, and what happens when it is not there.

On a newcomer's clone a missing prerequisite (../shared, the rendered paper, Chromium, pdftoppm)
skips the test and says what to do; under CI (``CI=true``), where .ci/run provides all of them,
its absence is a failure, so that CI can never pass by skipping.
"""
from __future__ import annotations

import os

import pytest


def require(present: bool, message: str) -> None:
    if present:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}: CI=true, so it must be there")
    pytest.skip(message)
