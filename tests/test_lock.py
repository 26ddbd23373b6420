"""The lock files pin what pyproject.toml asks for, with everything that needs, and
they are what is installed."""

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def read_pins(path: Path) -> dict[str, str]:
    """Canonical package name -> pinned version, from the `name==version` lines
    that pip-compile writes (hash continuation lines and comments are skipped)."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if match:
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
APPLICATION = read_pins(ROOT / "requirements.lock")
DEVELOPMENT = read_pins(ROOT / "requirements-dev.lock")


def closure(roots: list[str]) -> list[Requirement]:
    """The roots and, through the installed packages' metadata, everything they
    require on this platform, extras included (psycopg[binary] needs
    psycopg-binary)."""
    found, queue, seen = [], [Requirement(text) for text in roots], set()
    while queue:
        requirement = queue.pop()
        key = (canonicalize_name(requirement.name), frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        found.append(requirement)
        for text in metadata.requires(requirement.name) or []:
            needed = Requirement(text)
            if needed.marker is None or any(
                needed.marker.evaluate({"extra": extra})
                for extra in ("", *requirement.extras)
            ):
                queue.append(needed)
    return found


def unpinned(requirements: list[Requirement], pins: dict[str, str]) -> list[str]:
    return [
        str(requirement)
        for requirement in requirements
        if not requirement.specifier.contains(
            pins.get(canonicalize_name(requirement.name), "0.0.0.dev0"),
            prereleases=True,
        )
    ]


def test_the_application_lock_pins_everything_the_application_needs():
    assert not unpinned(closure(PROJECT["dependencies"]), APPLICATION), "./dev lock"


def test_the_development_lock_pins_everything_with_the_tools():
    roots = PROJECT["dependencies"] + PROJECT["optional-dependencies"]["dev"]
    assert not unpinned(closure(roots), DEVELOPMENT), "./dev lock"


def test_the_development_lock_extends_the_application_lock():
    differing = {
        name: (version, DEVELOPMENT.get(name))
        for name, version in APPLICATION.items()
        if DEVELOPMENT.get(name) != version
    }
    assert not differing, "run ./dev lock"
    assert "pytest" in DEVELOPMENT and "pytest" not in APPLICATION


def test_the_environment_is_the_development_lock():
    installed = {
        canonicalize_name(dist.metadata["Name"]): dist.version
        for dist in metadata.distributions()
    }
    installed.pop("certplanner", None)
    assert installed == DEVELOPMENT, (
        "the environment differs from requirements-dev.lock; "
        "./dev test rebuilds it when the lock changes"
    )
