"""The three descriptions of the environment agree, so conda and pip users get the same one."""
from __future__ import annotations

import re
import tomllib

import yaml

from pipeline import paths


def _pyproject_pins() -> set[str]:
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    return set(project["dependencies"])


def _normalise(requirement: str) -> str:
    name, _, version = requirement.partition("==")
    return f"{re.sub(r'[-_.]+', '-', name).lower()}=={version}"


def test_environment_yml_mirrors_pyproject_dependencies():
    environment = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    pip_section = next(item["pip"] for item in environment["dependencies"] if isinstance(item, dict))
    assert set(pip_section) - {"-e ."} == _pyproject_pins()


def test_every_direct_dependency_is_pinned_to_the_version_in_the_lock_file():
    lock = {_normalise(line) for line in (paths.ROOT / "requirements.lock").read_text().split()}
    assert {_normalise(pin) for pin in _pyproject_pins()} <= lock
