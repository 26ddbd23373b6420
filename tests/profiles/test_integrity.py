"""check_catalogue finds each kind of problem (database-free, on a small catalogue)."""

import copy

import pytest

from rules.integrity import check_catalogue


def small_catalogue():
    return {
        "edition": {"code": "t", "title": "T", "date": "2024-01-01", "status": "draft"},
        "profiles": [
            {"name": "Core", "description_items": [], "requires": []},
            {"name": "Smart Charging", "description_items": [], "requires": ["Core"]},
        ],
        "features": [
            {
                "id": "C-09",
                "side": "cs",
                "name": "Start",
                "parent": None,
                "profile": "Core",
                "kind": "list_parent",
                "value_list": None,
            },
            {
                "id": "C-09.1",
                "side": "cs",
                "name": "EVConnected",
                "parent": "C-09",
                "profile": "Core",
                "kind": "boolean",
                "value_list": None,
            },
            {
                "id": "C-23",
                "side": "cs",
                "name": "Time",
                "parent": None,
                "profile": "Core",
                "kind": "value_list",
                "value_list": "TimeSource",
            },
            {
                "id": "C-44",
                "side": "csms",
                "name": "Pending",
                "parent": None,
                "profile": "Core",
                "kind": "boolean",
                "value_list": None,
            },
        ],
        "value_lists": [{"name": "TimeSource", "values": ["Heartbeat", "NTP"]}],
        "list_constraints": [
            {
                "code": "r1",
                "side": "cs",
                "kind": "at_least_one",
                "subject": "C-09",
                "members": ["C-09.1"],
                "sets": [],
                "condition": None,
            },
            {
                "code": "r2",
                "side": "cs",
                "kind": "must_include",
                "subject": "C-23",
                "members": ["Heartbeat"],
                "sets": [],
                "condition": None,
            },
            {
                "code": "r3",
                "side": "cs",
                "kind": "requires",
                "subject": "C-09.1",
                "members": [],
                "sets": [],
                "condition": "Smart Charging or C-09",
            },
        ],
        "questions": [{"id": "AQ-2", "side": "cs", "text": "Cable lock?"}],
        "hardware_features": [{"id": "HFS-8", "text": "EVSEs", "kind": "number"}],
        "test_cases": [
            {
                "id": "TC_1",
                "profile": "Core",
                "cs": "C",
                "csms": "C",
                "condition_cs": "C-09.1 and NOT AQ-2 and HFS-8 > 1",
                "condition_csms": "C-44",
            },
            {
                "id": "TC_2",
                "profile": "Core",
                "cs": "M",
                "csms": None,
                "condition_cs": None,
                "condition_csms": None,
            },
        ],
    }


def test_a_sound_catalogue_has_no_problem():
    assert check_catalogue(small_catalogue()) == []


def mutate(path_and_value):
    data = copy.deepcopy(small_catalogue())
    *path, last = path_and_value[0]
    target = data
    for key in path:
        target = target[key]
    target[last] = path_and_value[1]
    return data


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            (("test_cases", 0, "condition_cs"), "C-99"),
            "Unknown for the Charging Station",
        ),
        ((("test_cases", 0, "condition_csms"), "AQ-2"), "Unknown for the CSMS in this"),
        (
            (("test_cases", 0, "condition_cs"), "C-09 and or"),
            "Syntax error at position",
        ),
        (
            (("test_cases", 0, "condition_csms"), None),
            "C cell for CSMS has no condition",
        ),
        ((("test_cases", 1, "condition_cs"), "C-09"), "condition for Charging Station"),
        ((("test_cases", 1, "cs"), None), "no variant for either side"),
        ((("test_cases", 1, "profile"), "Reservation"), "unknown profile Reservation"),
        ((("test_cases", 1, "id"), "TC_1"), "Duplicate test case TC_1"),
        ((("features", 1, "parent"), "C-10"), "parent C-10 does not exist"),
        ((("features", 2, "value_list"), "Nope"), "unknown value list Nope"),
        (
            (("list_constraints", 0, "members"), ["C-09.7"]),
            "member C-09.7 does not exist",
        ),
        ((("list_constraints", 1, "members"), ["GPS"]), "GPS is not in the feature's"),
        ((("list_constraints", 1, "subject"), "C-24"), "subject C-24 does not exist"),
        ((("list_constraints", 2, "condition"), "Smart Charging or"), "Syntax error"),
        ((("list_constraints", 2, "condition"), None), "requires rule needs a cond"),
        # A condition on another kind limits when the rule binds: checked as well.
        ((("list_constraints", 0, "condition"), "C-09 and"), "Syntax error"),
        ((("list_constraints", 1, "condition"), "C-77"), "Unknown for the Charging"),
        ((("profiles", 1, "requires"), ["Bidirectional"]), "requires unknown Bidirect"),
    ],
)
def test_each_problem_is_reported(change, expected):
    problems = check_catalogue(mutate(change))
    assert any(expected in problem for problem in problems), problems
