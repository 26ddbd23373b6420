"""The planner on the shipped catalogue (database-free: plain data in, plain data out).

The example plans were checked by hand against the spec: each expectation below names
the condition the document gives and the PICS answers that decide it.
"""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rules.catalogue import effective_profiles
from rules.conditions import parse
from rules.document import PicsDocument, read_document
from rules.evaluation import Facts, evaluate
from rules.planner import plan
from tests.pics.examples import example


def plan_of(raw, catalogue):
    document, problems = read_document(raw)
    assert not [p for p in problems if p.severity == "error"]
    return plan(catalogue, document)


def rows(result):
    return {row["id"]: row for row in result["test_cases"]}


# (test case, applies?, why) checked against the spec for the AC example:
# AC 22 kW wallbox, detachable cable (HFS-1), 2 EVSEs, RFID (C-30/C-31), no cable lock
# (AQ-2 no), Reset per EVSE (C-13), authorization cache (C-49), Local List profile.
AC_EXPECTED = [
    ("TC_A_01", True, "Mandatory"),
    ("TC_A_02", None, "no CS variant"),  # CSMS-only test case: left out of a CS plan
    ("TC_B_41", True, "HFS-8 > 1: HFS-8 = 2 → applies"),
    ("TC_B_25", True, "C-13: C-13 yes → applies"),
    ("TC_B_28", False, "NOT C-13: C-13 yes → does not apply"),
    ("TC_B_15", False, "NOT C-56: C-56 yes → does not apply"),
    (
        "TC_C_02",
        True,
        "(C-30 or C-31 or C-32 or C-35) and NOT AQ-2: C-30 yes, AQ-2 no → applies",
    ),
    (
        "TC_C_05",
        False,
        "(C-30 or C-31 or C-32 or C-35) and AQ-2: AQ-2 no → does not apply",
    ),
    ("TC_C_32", True, "C-49 and (C-30 or C-31 or C-32): C-49 yes, C-30 yes → applies"),
    ("TC_C_47", False, "C-07 and (C-30 or C-31 or C-32): C-07 no → does not apply"),
    ("TC_E_45", True, "Local Authorization List Management selected → applies"),
    (
        "TC_F_05",
        True,
        'HFS-1 yes, Product Subtype is not "Mode 1/2-only Charging Station"',
    ),
    ("TC_K_38", False, "NOT Smart Charging: Smart Charging selected → does not apply"),
    ("TC_L_14", True, "C-20 yes, C-43 no, AQ-7 yes, HFS-8 = 2 → applies"),
    ("TC_A_21", True, "AQ-3: AQ-3 yes → applies"),
]

# DC fast charger with a fixed cable (HFS-2), ISO 15118 (brings Advanced Security and
# Smart Charging), cable lock (AQ-2 yes), SignCombinedCertificate trigger (ISO-3).
DC_EXPECTED = [
    ("TC_A_07", True, "Mandatory"),  # Advanced Security, brought in by ISO 15118
    ("TC_A_23", True, "AS-3: AS-3 yes → applies"),
    ("TC_B_08", True, "ORS-5: ORS-5 yes → applies"),
    ("TC_C_02", False, "AQ-2 yes → does not apply"),
    ("TC_C_05", True, "C-30 yes, AQ-2 yes → applies"),
    ("TC_E_04", True, "C-30 - C-35 or ISO 15118 support: C-30 yes → applies"),
    ("TC_F_01", False, "NOT AQ-2 and (C-36 - C-39): AQ-2 yes → does not apply"),
    ("TC_F_03", True, "C-48.2 and (C-36 - C-39): C-48.2 yes, C-38 yes → applies"),
    ("TC_F_05", False, "HFS-1 no → does not apply"),
    ("TC_F_27", False, "NOT ISO-3: ISO-3 yes → does not apply"),
    ("TC_K_38", False, "Smart Charging selected → does not apply"),
    ("TC_L_16", True, "C-43: C-43 yes → applies"),
    ("TC_N_27", False, "Local Authorization List Management not selected, C-49 no"),
]

# A CSMS with BootNotification Pending (C-44), multi-element GetVariables (C-45) but
# not SetVariables (C-46), TransactionStatus (C-16), manual FullInventory (C-50.2).
CSMS_EXPECTED = [
    ("TC_A_02", True, "Mandatory"),
    ("TC_A_05", None, "no CSMS variant"),
    ("TC_B_02", True, "C-44: C-44 yes → applies"),
    ("TC_B_30", True, "C-44 or NOT AQ-6: C-44 yes → applies"),
    ("TC_B_07", True, "C-45: C-45 yes → applies"),
    ("TC_B_10", False, "C-46: C-46 no → does not apply"),
    ("TC_B_12", True, "C-17: C-17 yes → applies"),
    ("TC_B_13", True, "C-50.2: C-50.2 yes → applies"),
    ("TC_E_29", True, "C-16: C-16 yes → applies"),
    ("TC_F_06", True, "C-11: C-11 yes → applies"),
    ("TC_F_15", False, "C-29.3: C-29.3 no → does not apply"),
    ("TC_N_62", False, "C-14: C-14 no → does not apply"),
]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ac-charging-station", AC_EXPECTED),
        ("dc-charging-station-iso15118", DC_EXPECTED),
        ("csms", CSMS_EXPECTED),
    ],
)
def test_example_plans_match_the_hand_check(catalogue, name, expected):
    planned = rows(plan_of(example(name), catalogue))
    for test_case, applies, why in expected:
        if applies is None:
            assert test_case not in planned, test_case
            continue
        row = planned[test_case]
        assert row["applicable"] is applies, (test_case, row["reason"])
        assert why in row["reason"], (test_case, row["reason"])


def test_plan_format_and_summary(catalogue):
    result = plan_of(example("ac-charging-station"), catalogue)
    assert result["format"] == "certplanner.plan/1"
    assert result["edition"] == "ocpp201-part5-2023-06" and result["sut"] == "cs"
    assert len(result["pics_sha256"]) == 64
    summary = result["summary"]
    cases = result["test_cases"]
    assert summary["applicable"] == sum(c["applicable"] is True for c in cases)
    assert summary["mandatory"] == sum(c["requirement"] == "M" for c in cases)
    assert summary["conditional_applicable"] == sum(
        c["requirement"] == "C" and c["applicable"] is True for c in cases
    )
    assert summary["not_applicable"] == sum(c["applicable"] is False for c in cases)
    assert summary["undetermined"] == 0
    assert set(summary["by_profile"]) == {
        "Core",
        "Advanced Security",
        "Local Authorization List Management",
        "Smart Charging",
    }
    assert set(cases[0]) >= {
        "id",
        "group",
        "title",
        "profile",
        "requirement",
        "applicable",
        "reason",
    }


def test_plan_is_in_catalogue_order_without_other_side_cases(catalogue):
    result = plan_of(example("csms"), catalogue)
    order = [c["id"] for c in catalogue["test_cases"] if c["csms"]]
    planned = [c["id"] for c in result["test_cases"]]
    assert planned == [i for i in order if i in set(planned)]
    assert all(
        next(c for c in catalogue["test_cases"] if c["id"] == i)["csms"]
        for i in planned
    )


def test_core_only_plan_leaves_out_other_profiles(catalogue):
    raw = example("csms") | {"profiles": []}
    result = plan_of(raw, catalogue)
    assert {c["profile"] for c in result["test_cases"]} == {"Core"}
    assert list(result["summary"]["by_profile"]) == ["Core"]


def test_unanswered_question_leaves_the_test_case_undetermined(catalogue):
    raw = example("ac-charging-station")
    del raw["questions"]["AQ-2"]
    planned = rows(plan_of(raw, catalogue))
    row = planned["TC_C_02"]
    assert row["applicable"] is None
    assert row["reason"].endswith("→ undetermined (answer AQ-2)")
    # Already decided by the answered items: C-45 ... and AQ-2 with C-07 no.
    assert planned["TC_C_47"]["applicable"] is False


def test_unanswered_hardware_count(catalogue):
    raw = example("ac-charging-station")
    del raw["hardware"]["HFS-8"]
    result = plan_of(raw, catalogue)
    assert rows(result)["TC_B_41"]["applicable"] is None
    assert result["summary"]["undetermined"] >= 1


def test_parent_and_value_lists_count_as_supported(catalogue):
    planned = rows(plan_of(example("ac-charging-station"), catalogue))
    # TC_J_04 is C-40 and C-42: C-40 holds because its measurand lists are non-empty.
    assert planned["TC_J_04"]["reason"] == "C-40 and C-42: C-40 yes, C-42 yes → applies"


def test_mode_1_2_subtype_changes_the_plan(catalogue):
    raw = example("ac-charging-station") | {
        "product_subtype": "Mode 1/2-only Charging Station"
    }
    planned = rows(plan_of(raw, catalogue))
    assert planned["TC_F_05"]["applicable"] is False
    assert planned["TC_E_38"]["applicable"] is False


# --- Property: the planner agrees with a brute-force evaluation --------------------


def reference_applicability(catalogue, document: PicsDocument) -> dict:
    """Independent reading of Part 5: every test case of an effective profile with a
    variant for the side; M applies, C applies when its condition holds."""
    side = document.sut
    features = [f for f in catalogue["features"] if f["side"] == side]
    values = {}
    for f in features:
        if f["kind"] == "boolean":
            values[f["id"]] = f["id"] in document.features
        elif f["kind"] == "value_list":
            values[f["id"]] = len(document.values.get(f["id"], ())) > 0
    implied = {
        r["subject"]
        for r in catalogue["list_constraints"]
        if r["side"] == side and r["kind"] == "implied_member"
    }
    for f in features:
        if f["kind"] == "list_parent":
            values[f["id"]] = f["id"] in implied or any(
                values.get(c["id"]) for c in features if c["parent"] == f["id"]
            )
    values.update(document.questions)
    values.update(document.hardware)
    profiles = effective_profiles(catalogue, document.profiles)
    facts = Facts(values, frozenset(profiles), document.product_subtype or "")
    names = [p["name"] for p in catalogue["profiles"]]
    result = {}
    for case in catalogue["test_cases"]:
        if case["profile"] in profiles and case[side]:
            if case[side] == "M":
                result[case["id"]] = True
            else:
                result[case["id"]] = evaluate(
                    parse(case[f"condition_{side}"], profiles=names), facts
                )
    return result


@st.composite
def documents(draw, catalogue):
    side = draw(st.sampled_from(["cs", "csms"]))
    features = [f for f in catalogue["features"] if f["side"] == side]
    booleans = [f["id"] for f in features if f["kind"] == "boolean"]
    lists = {
        f["id"]: next(
            v["values"]
            for v in catalogue["value_lists"]
            if v["name"] == f["value_list"]
        )
        for f in features
        if f["kind"] == "value_list"
    }
    questions = [q["id"] for q in catalogue["questions"] if q["side"] == side]
    answer = st.one_of(st.none(), st.booleans())
    hardware = {}
    if side == "cs":
        for h in catalogue["hardware_features"]:
            value = draw(
                st.one_of(st.none(), st.integers(1, 4))
                if h["kind"] == "number"
                else answer
            )
            if value is not None:
                hardware[h["id"]] = value
    return PicsDocument(
        sut=side,
        edition="ocpp201-part5-2023-06",
        profiles=tuple(
            draw(
                st.lists(
                    st.sampled_from([p["name"] for p in catalogue["profiles"]]),
                    unique=True,
                )
            )
        ),
        features=tuple(draw(st.lists(st.sampled_from(booleans), unique=True))),
        values={
            k: tuple(draw(st.lists(st.sampled_from(v), unique=True, max_size=3)))
            for k, v in lists.items()
        },
        questions={q: a for q in questions if (a := draw(answer)) is not None},
        hardware=hardware,
        product_subtype=draw(st.sampled_from([None, "Mode 1/2-only Charging Station"]))
        if side == "cs"
        else None,
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_planner_agrees_with_brute_force(catalogue, data):
    document = data.draw(documents(catalogue))
    result = plan(catalogue, document)
    assert {row["id"]: row["applicable"] for row in result["test_cases"]} == (
        reference_applicability(catalogue, document)
    )
    assert result["summary"]["undetermined"] == sum(
        row["applicable"] is None for row in result["test_cases"]
    )
