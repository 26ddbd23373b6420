"""The one validation: every list and dependency rule of the catalogue has its error
(database-free: the catalogue comes in its plain form)."""

import pytest

from rules.document import read_document
from rules.validation import validate
from tests.pics.examples import example

ECDHE = [
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
]
RSA = ["TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_256_GCM_SHA384"]


def problems_of(raw, catalogue):
    document, structural = read_document(raw)
    assert structural == [], structural
    return validate(document, catalogue)


def errors_of(raw, catalogue):
    return [
        (p.id, p.message) for p in problems_of(raw, catalogue) if p.severity == "error"
    ]


def ac(**changes):
    raw = example("ac-charging-station")
    raw.update(changes)
    return raw


def without(features, *removed):
    return [f for f in features if f not in removed]


def test_examples_are_valid(catalogue):
    for name in ("ac-charging-station", "dc-charging-station-iso15118", "csms"):
        assert problems_of(example(name), catalogue) == []


AC_FEATURES = example("ac-charging-station")["features"]
AC_VALUES = example("ac-charging-station")["values"]


@pytest.mark.parametrize(
    ("raw", "expected_id", "expected"),
    [
        # C-01 needs Local Authorization List Management, C-02 or C-49.
        (
            ac(
                profiles=["Core"], features=without(AC_FEATURES, "C-49", "AS-2", "AS-3")
            ),
            "C-01",
            "can only be supported with Local Authorization List Management or C-02",
        ),
        (
            ac(features=without(AC_FEATURES, "C-06.1")),
            "C-06",
            "support at least one of",
        ),
        (
            ac(features=without(AC_FEATURES, "C-09.1", "C-09.2")),
            "C-09",
            "at least one of",
        ),
        (
            ac(features=without(AC_FEATURES, "C-10.1", "C-10.2")),
            "C-10",
            "at least one of",
        ),
        (ac(features=without(AC_FEATURES, "C-12.1")), "C-12", "at least one of C-12.1"),
        (ac(features=without(AC_FEATURES, "C-48.1")), "C-48", "at least one of C-48.1"),
        (
            ac(features=without(AC_FEATURES, "C-36", "C-38")),
            "Authorization options for remote start",
            "support at least one of C-36, C-37, C-38, C-39",
        ),
        (ac(values=AC_VALUES | {"C-40.1": []}), "C-40.1", "select at least one value"),
        (ac(values=AC_VALUES | {"C-40.2": []}), "C-40.2", "select at least one value"),
        (ac(values=AC_VALUES | {"C-40.3": []}), "C-40.3", "select at least one value"),
        (ac(values=AC_VALUES | {"C-40.4": []}), "C-40.4", "select at least one value"),
        (ac(values=AC_VALUES | {"C-40.5": []}), "C-40.5", "select at least one value"),
        (ac(values=AC_VALUES | {"C-41": ECDHE[:1]}), "C-41", "at least one set"),
        (
            ac(values=AC_VALUES | {"C-41": [ECDHE[0], RSA[1]]}),
            "C-41",
            "at least one set",
        ),
        (ac(values=AC_VALUES | {"C-54": []}), "C-54", "select at least one value"),
        (
            ac(values=AC_VALUES | {"C-23": ["Heartbeat", "Sundial"]}),
            "C-23",
            '"Sundial" is not a TimeSource value',
        ),
        (ac(values=AC_VALUES | {"C-13": ["yes"]}), "C-13", "takes no list of values"),
        (ac(features=[*AC_FEATURES, "C-99"]), "C-99", "not a Charging Station feature"),
        (
            ac(features=[*AC_FEATURES, "C-44"]),
            "C-44",
            "C-44 is a CSMS feature; this PICS is for a Charging Station.",
        ),
        (ac(features=[*AC_FEATURES, "C-09"]), "C-09", "is a list: list the members"),
        (ac(features=[*AC_FEATURES, "C-23"]), "C-23", "is a list of values"),
        (
            ac(features=[*AC_FEATURES, "ISO-3"]),
            "ISO-3",
            "belongs to the ISO 15118 support profile, which is not selected",
        ),
        (
            ac(profiles=["Core", "Bidirectional"]),
            "Bidirectional",
            "is not a certification",
        ),
        (ac(questions={"AQ-12": True}), "AQ-12", "not an additional question"),
        (ac(hardware={"HFS-8": 0}), "HFS-8", "whole number from 1 to 1000"),
        (ac(hardware={"HFS-1": 3}), "HFS-1", "must be true or false"),
        (ac(hardware={"HFS-9": True}), "HFS-9", "not a hardware feature"),
        (ac(product_subtype="Mode 4"), "product_subtype", "is not a product subtype"),
    ],
)
def test_each_rule_has_its_error(catalogue, raw, expected_id, expected):
    errors = errors_of(raw, catalogue)
    assert any(i == expected_id and expected in m for i, m in errors), errors


@pytest.mark.parametrize("time_sources", [None, [], ["NTP"]])
def test_a_fixed_member_counts_as_present(catalogue, time_sources):
    # Heartbeat is shown ticked and locked in C-23: not listing it is no error.
    values = {k: v for k, v in AC_VALUES.items() if k != "C-23"}
    if time_sources is not None:
        values["C-23"] = time_sources
    assert [e for e in errors_of(ac(values=values), catalogue) if e[0] == "C-23"] == []


def test_a_whole_cipher_suite_set_is_enough(catalogue):
    assert errors_of(ac(values=AC_VALUES | {"C-41": RSA}), catalogue) == []


def test_cache_policies_are_needed_only_with_a_cache(catalogue):
    raw = example("dc-charging-station-iso15118")
    assert "C-49" not in raw["features"] and "C-54" not in raw["values"]
    assert errors_of(raw, catalogue) == []


def test_advanced_security_feature_needs_its_profile(catalogue):
    raw = ac(profiles=["Core", "Local Authorization List Management"])
    errors = errors_of(raw, catalogue)
    assert (
        "AS-2",
        "AS-2 (Additional root certificate check mechanism implemented) "
        "belongs to the Advanced Security profile, which is not selected.",
    ) in errors


def test_iso_15118_brings_in_advanced_security_features(catalogue):
    raw = example("dc-charging-station-iso15118")
    assert "Advanced Security" not in raw["profiles"] and "AS-3" in raw["features"]
    assert errors_of(raw, catalogue) == []


def test_csms_rules(catalogue):
    raw = example("csms")
    raw["features"] = without(raw["features"], "C-30", "C-50.2")
    raw["hardware"] = {"HFS-1": True}
    raw["product_subtype"] = "Mode 1/2-only Charging Station"
    raw["questions"] = {"AQ-3": True}
    errors = dict(errors_of(raw, catalogue))
    assert "required for every CSMS" in errors["C-30"]
    assert "at least one of C-50.1, C-50.2" in errors["C-50"]
    assert errors["hardware"] == "Hardware features apply to Charging Stations only."
    assert "Charging Stations only" in errors["product_subtype"]
    assert errors["AQ-3"] == "AQ-3 is not an additional question for a CSMS."


def test_unanswered_items_are_warnings(catalogue):
    raw = ac()
    del raw["questions"]["AQ-2"]
    del raw["hardware"]["HFS-8"]
    problems = problems_of(raw, catalogue)
    assert {(p.id, p.severity, p.section) for p in problems} == {
        ("AQ-2", "warning", "questions"),
        ("HFS-8", "warning", "hardware"),
    }
    assert "AQ-2 is not answered yet: Does the Charging Station have a cable lock" in (
        problems[0].message
    )


def test_suspicious_hardware_is_a_warning(catalogue):
    raw = ac(hardware=example("ac-charging-station")["hardware"] | {"HFS-1": False})
    problems = problems_of(raw, catalogue)
    assert [(p.id, p.severity) for p in problems] == [("HFS-1", "warning")]
    assert (
        "Neither a detachable (HFS-1) nor a fixed cable (HFS-2)" in problems[0].message
    )


def test_every_problem_is_reported_at_once(catalogue):
    raw = ac(
        features=["C-99", "C-44"],
        values={"C-23": ["Sundial"]},
        questions={"AQ-12": True},
    )
    ids = {p.id for p in problems_of(raw, catalogue)}
    assert {"C-99", "C-44", "C-23", "AQ-12", "C-06", "C-09", "AQ-2"} <= ids


def test_problem_list_is_capped(catalogue):
    raw = ac(features=[f"C-{n}" for n in range(100, 600)])
    problems = problems_of(raw, catalogue)
    assert len(problems) == 201
    assert "more problems" in problems[-1].message
