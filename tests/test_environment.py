"""The three descriptions of the environment agree, so conda and pip users get the same one."""
from __future__ import annotations

import re
import tomllib

import yaml

from pipeline import paths


def _project() -> dict:
    return tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]


def _pyproject_pins() -> set[str]:
    """The runtime dependencies and the dev extra: what `make setup` installs."""
    return set(_project()["dependencies"]) | set(_project()["optional-dependencies"]["dev"])


def _normalise(requirement: str) -> str:
    name, _, version = requirement.partition("==")
    return f"{re.sub(r'[-_.]+', '-', name).lower()}=={version}"


def test_environment_yml_mirrors_pyproject_dependencies():
    environment = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    pip_section = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    assert set(pip_section) - {"-e .[dev]"} == _pyproject_pins()


def test_every_direct_dependency_is_pinned_to_the_version_in_the_lock_file():
    lock = {_normalise(line) for line in (paths.ROOT / "requirements.lock").read_text().split()}
    assert {_normalise(pin) for pin in _pyproject_pins()} <= lock


def test_the_tools_of_development_are_an_extra_not_what_the_pipeline_needs_to_run():
    tools = {"pytest", "nbval", "playwright", "jupyterlab", "ruff"}
    runtime = {_normalise(pin).partition("==")[0] for pin in _project()["dependencies"]}
    dev = {_normalise(pin).partition("==")[0] for pin in _project()["optional-dependencies"]["dev"]}
    assert runtime & tools == set() and tools <= dev
