"""The pins of a requirements file as pip-compile writes it."""

import re
from pathlib import Path

from packaging.utils import canonicalize_name

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)")


def read_pins(path: Path) -> dict[str, str]:
    """Canonical package name -> pinned version, from the `name==version` lines
    (hash continuation lines and comments are skipped)."""
    pins = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if match:
            pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins
