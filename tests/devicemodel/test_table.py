"""The mapping table reviewed against the catalogue: Part 5's own configuration
variable names, the ids it answers, and the package's independence of Django."""

import subprocess
import sys

import pytest

from devicemodel import TABLE
from devicemodel.mapping import NOT_FROM_DEVICE, RULES, SECTIONS
from tests.devicemodel.reports import fixture_export

FEATURES = {f["id"]: f for f in fixture_export()["features"] if f["side"] == "cs"}
PROFILES = {p["name"] for p in fixture_export()["profiles"]}
FEATURE_RULES = [r for r in TABLE if r.section in ("features", "values")]


@pytest.mark.parametrize("rule", FEATURE_RULES, ids=[r.target for r in FEATURE_RULES])
def test_part5_names_the_variable_the_row_reads(rule):
    config_variables = FEATURES[rule.target]["config_variable"]
    if rule.part5 == "-":  # Part 5 gives no name for it
        assert config_variables == ""
        return
    assert config_variables, f"Part 5 names no variable for {rule.target}"
    assert set(rule.part5.split(",")) <= set(config_variables.split(","))


def test_every_feature_part5_names_a_variable_for_is_mapped_or_explained():
    mapped = {r.target for r in TABLE}
    unexplained = [
        code
        for code, feature in FEATURES.items()
        if feature["config_variable"]
        and feature["value_list"] is None
        and feature["id"] not in mapped
        and feature["id"] not in NOT_FROM_DEVICE
        and not any(child.startswith(code + ".") for child in mapped)
    ]
    assert unexplained == []


def test_value_list_features_are_all_mapped_but_cipher_suites():
    lists = {code for code, f in FEATURES.items() if f["value_list"]}
    mapped = {r.target for r in TABLE if r.section == "values"}
    assert lists - mapped == {"C-41"}
    assert "C-41" in NOT_FROM_DEVICE


def test_rows_use_known_rules_sections_and_targets():
    known = set(FEATURES) | PROFILES
    known |= {q["id"] for q in fixture_export()["questions"] if q["side"] == "cs"}
    known |= {h["id"] for h in fixture_export()["hardware_features"]}
    for rule in TABLE:
        assert rule.kind in RULES
        assert rule.section in SECTIONS
        assert rule.target in known or rule.target.startswith("product.")


def test_controller_components_of_every_optional_profile_are_read():
    profiles = {r.target for r in TABLE if r.section == "profiles"}
    assert profiles == PROFILES - {"Core"}


def test_package_imports_no_django():
    code = (
        "import sys, devicemodel, devicemodel.reading, devicemodel.mapping; "
        "sys.exit('django' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], check=False)
    assert result.returncode == 0
