"""The rule engine is pure: its modules import the standard library and each other,
never Django or the apps, so it runs and is tested without a database."""

import ast
import sys
from pathlib import Path

import pytest

RULES = Path(__file__).resolve().parents[2] / "rules"


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            roots.add((node.module or "").split(".")[0])
    return roots


@pytest.mark.parametrize("path", sorted(RULES.glob("*.py")), ids=lambda p: p.name)
def test_rule_engine_module_imports_only_the_standard_library(path):
    allowed = set(sys.stdlib_module_names) | {"__future__", "rules"}
    assert imported_roots(path) <= allowed
