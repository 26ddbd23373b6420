"""The rule engine and the device-model reader are pure: they import the standard
library, each other and (the reader) the JSON-schema validator, never Django or the
apps, so they run and are tested without a database."""

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots.add((node.module or "").split(".")[0])
    return roots


STDLIB = set(sys.stdlib_module_names) | {"__future__"}


@pytest.mark.parametrize(
    "path", sorted((ROOT / "rules").glob("*.py")), ids=lambda p: p.name
)
def test_rule_engine_module_imports_only_the_standard_library(path):
    assert imported_roots(path) <= STDLIB | {"rules"}


@pytest.mark.parametrize(
    "path", sorted((ROOT / "devicemodel").glob("*.py")), ids=lambda p: p.name
)
def test_device_model_reader_imports_no_django(path):
    assert imported_roots(path) <= STDLIB | {"rules", "devicemodel", "jsonschema"}
