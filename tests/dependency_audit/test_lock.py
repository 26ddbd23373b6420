"""The lock files pin what pyproject.toml asks for, and they are what is installed."""

import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from dependency_audit.lockfile import read_pins

ROOT = Path(__file__).resolve().parents[2]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
APPLICATION = read_pins(ROOT / "requirements.lock")
DEVELOPMENT = read_pins(ROOT / "requirements-dev.lock")


def out_of_range(requirements, pins):
    return [
        text
        for text in requirements
        if not Requirement(text).specifier.contains(
            pins.get(canonicalize_name(Requirement(text).name), "0.0.0.dev0"),
            prereleases=True,
        )
    ]


def test_every_declared_dependency_is_pinned_within_its_range():
    development = PROJECT["dependencies"] + PROJECT["optional-dependencies"]["dev"]
    assert not out_of_range(PROJECT["dependencies"], APPLICATION), "run ./dev lock"
    assert not out_of_range(development, DEVELOPMENT), "run ./dev lock"


def test_the_development_lock_extends_the_application_lock():
    differing = {
        name: (version, DEVELOPMENT.get(name))
        for name, version in APPLICATION.items()
        if DEVELOPMENT.get(name) != version
    }
    assert not differing, "run ./dev lock"
    assert "pytest" in DEVELOPMENT and "pytest" not in APPLICATION


def test_the_environment_runs_the_locked_versions():
    installed = {
        canonicalize_name(dist.metadata["Name"]): dist.version
        for dist in metadata.distributions()
    }
    different = {
        name: (version, installed.get(name))
        for name, version in DEVELOPMENT.items()
        if installed.get(name) != version
    }
    assert not different, f"locked vs installed (./dev test reinstalls): {different}"
