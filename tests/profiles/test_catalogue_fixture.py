"""The shipped Part 5 catalogue: complete, consistent, and faithful to the document."""

import csv
import re
from pathlib import Path

import pytest
from django.core.management import call_command

from profiles.selectors import catalogue_data
from rules.catalogue import answerable_ids, usage_index

pytestmark = pytest.mark.django_db

VARIANTS = (
    Path(__file__).resolve().parents[2] / "fixtures/reference/octt-2023-variants.tsv"
)


@pytest.fixture
def data(edition):
    return catalogue_data(edition)


def read_variants():
    lines = [
        line for line in VARIANTS.read_text().splitlines() if not line.startswith("#")
    ]
    return {row["test_case"]: row for row in csv.DictReader(lines, delimiter="\t")}


def test_validate_catalogue_passes_on_the_shipped_fixture(edition, capsys):
    call_command("validate_catalogue", edition=edition.code)
    assert "246 test cases" in capsys.readouterr().out


def test_all_246_test_cases_in_document_order(data):
    cases = data["test_cases"]
    assert len(cases) == 246
    assert len({c["id"] for c in cases}) == 246
    assert list(read_variants()) == [c["id"] for c in cases]
    lines = [c["spec_line"] for c in cases]
    assert lines == sorted(lines)


def test_a_cell_is_filled_exactly_when_its_variant_exists(data):
    variants = read_variants()
    for case in data["test_cases"]:
        row = variants[case["id"]]
        assert bool(case["cs"]) == (row["charging_station"] == "yes"), case["id"]
        assert bool(case["csms"]) == (row["csms"] == "yes"), case["id"]


def test_variant_counts_match_the_test_tool(data):
    cases = data["test_cases"]
    assert sum(bool(c["cs"]) for c in cases) == 230
    assert sum(bool(c["csms"]) for c in cases) == 135


def test_c_cells_and_only_c_cells_have_conditions(data):
    for case in data["test_cases"]:
        for side in ("cs", "csms"):
            assert (case[side] == "C") == bool(case[f"condition_{side}"]), case["id"]


def test_profiles_of_table_1_with_section_2_rules(data):
    profiles = {p["name"]: p for p in data["profiles"]}
    assert list(profiles) == [
        "Core",
        "Advanced Security",
        "Local Authorization List Management",
        "Smart Charging",
        "Advanced Device Management",
        "Advanced User Interface",
        "Reservation",
        "ISO 15118 support",
    ]
    assert profiles["Core"]["always_required"]
    assert profiles["ISO 15118 support"]["requires"] == [
        "Advanced Security",
        "Smart Charging",
    ]
    iso_groups = {
        i["group"] for i in profiles["ISO 15118 support"]["description_items"]
    }
    assert len(iso_groups) == 3
    assert "OCPPCommCtrlr" in profiles["Core"]["controller_components"]
    assert profiles["Advanced Device Management"]["controller_components"] == [
        "MonitoringCtrlr"
    ]
    assert set(profiles["Advanced User Interface"]["controller_components"]) == {
        "TariffCostCtrlr",
        "DisplayMessageCtrlr",
    }


def test_features_per_side(data):
    cs = {f["id"]: f for f in data["features"] if f["side"] == "cs"}
    csms = {f["id"]: f for f in data["features"] if f["side"] == "csms"}
    assert cs["C-09.1"]["parent"] == "C-09"
    assert cs["C-09.1"]["config_variable"] == "TxStartPoint"
    assert cs["AS-2"]["profile"] == "Advanced Security"
    assert cs["C-41"]["kind"] == "value_list"
    assert {"C-30", "C-31", "C-35", "C-36", "C-37"} <= {
        i for i, f in csms.items() if f["support"] == "required"
    }
    assert "C-44" in csms and "C-44" not in cs
    # The two ids the document uses without defining them are answerable.
    assert {"ORS-5", "ISO-3"} <= set(cs)


def test_questions_and_hardware(data):
    questions = [(q["side"], q["id"]) for q in data["questions"]]
    assert sum(side == "cs" for side, _ in questions) == 9
    assert [i for side, i in questions if side == "csms"] == ["AQ-1", "AQ-2", "AQ-6"]
    kinds = {h["id"]: h["kind"] for h in data["hardware_features"]}
    assert kinds == {f"HFS-{n}": "boolean" for n in range(1, 8)} | {"HFS-8": "number"}


def test_list_rules_stated_by_the_tables(data):
    rules = {r["code"]: r for r in data["list_constraints"]}
    kinds = {(r["side"], r["subject"], r["kind"]) for r in rules.values()}
    for subject in ("C-06", "C-09", "C-10", "C-12", "C-48"):
        assert ("cs", subject, "at_least_one") in kinds
    assert ("csms", "C-50", "at_least_one") in kinds
    assert ("cs", "C-23", "must_include") in kinds
    assert ("cs", "C-29", "implied_member") in kinds
    assert ("cs", "C-41", "values_complete_set") in kinds
    assert ("cs", "C-54", "values_at_least_one") in kinds
    for n in range(1, 6):
        assert ("cs", f"C-40.{n}", "values_at_least_one") in kinds
    requires = [r for r in rules.values() if r["kind"] == "requires"]
    assert [(r["subject"], r["condition"]) for r in requires] == [
        ("C-01", "Local Authorization List Management or C-02 or C-49")
    ]


def test_every_condition_id_is_answerable_on_its_side(data):
    usage = usage_index(data)
    for side, atom in usage:
        assert atom in answerable_ids(data, side) or atom in {
            p["name"] for p in data["profiles"]
        }, (side, atom)


GARBLED = re.compile(
    r"(Group|Station|Vendor|Message|Token|Transaction|Unknown|Invalid)ld\b"
    r"|Onldle|Onidle|1SO|IS0|\bUl\b|lnventory|inventory\b"
)


def test_titles_and_groups_have_no_ocr_glyphs(data):
    for case in data["test_cases"]:
        for text in (case["title"], case["group"]):
            assert not GARBLED.search(text), (case["id"], text)


def test_decisions_forced_by_the_ocr_are_explained(data):
    for case in data["test_cases"]:
        if case["confidence"] == "medium":
            assert len(case["notes"]) > 40, case["id"]
    watchlisted = [c["id"] for c in data["test_cases"] if c["watchlist"]]
    assert watchlisted == []


def test_every_text_fits_its_column():
    """SQLite ignores max_length; PostgreSQL refuses a fixture with a longer text."""
    import json as json_module

    from django.apps import apps

    fixture = VARIANTS.parents[1] / "catalogue" / "ocpp201-part5-2023-06.json"
    for row in json_module.loads(fixture.read_text()):
        model = apps.get_model(row["model"])
        for name, value in row["fields"].items():
            limit = getattr(model._meta.get_field(name), "max_length", None)
            if isinstance(value, str) and limit:
                assert len(value) <= limit, (row["model"], name, len(value))


def test_measurand_lists_carry_no_variable_part_5_does_not_print(data):
    """Part 5 prints no configuration variable for C-40.1 ... C-40.5; the device
    model's names are given as a description, not as the document's."""
    cs = {f["id"]: f for f in data["features"] if f["side"] == "cs"}
    device_names = {
        "C-40.1": "SampledDataCtrlr.TxStartedMeasurands",
        "C-40.2": "SampledDataCtrlr.TxUpdatedMeasurands",
        "C-40.3": "SampledDataCtrlr.TxEndedMeasurands",
        "C-40.4": "AlignedDataCtrlr.Measurands",
        "C-40.5": "AlignedDataCtrlr.TxEndedMeasurands",
    }
    for code, name in device_names.items():
        assert cs[code]["config_variable"] == ""
        assert name in cs[code]["description"]
        assert "Part 5 names no configuration variable" in cs[code]["description"]
    rules = {r["subject"]: r for r in data["list_constraints"]}
    assert not any("SampledDataTx" in rules[code]["text"] for code in device_names)
