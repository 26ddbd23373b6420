"""Consistency checks of a catalogue edition, on its exported form (plain data).

Used by `manage.py validate_catalogue`, by the admin when a condition is typed, and
by the tests on the shipped fixtures. No Django import.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from .catalogue import SIDE_NAMES, SIDES, answerable_ids
from .conditions import ConditionSyntaxError, atoms, parse


def condition_problem(
    text: str, known_ids: set[str], profiles: Iterable[str], side: str
) -> str | None:
    """Why `text` is not a usable condition for `side`, or None."""
    try:
        node = parse(text, profiles=tuple(profiles))
    except ConditionSyntaxError as error:
        return f"Syntax error {error}"
    unknown = sorted(atoms(node) - known_ids)
    if unknown:
        return (
            f"Unknown for the {SIDE_NAMES[side]} in this edition: {', '.join(unknown)}."
        )
    return None


def check_catalogue(data: dict) -> list[str]:
    """Every problem of the edition, one sentence each; empty when it is sound."""
    problems: list[str] = []
    profiles = [p["name"] for p in data["profiles"]]
    profile_set = set(profiles)

    def duplicates(kind: str, keys: Iterable) -> None:
        for key, count in Counter(keys).items():
            if count > 1:
                problems.append(f"Duplicate {kind} {key} ({count} times).")

    duplicates("profile", profiles)
    duplicates("feature", ((f["side"], f["id"]) for f in data["features"]))
    duplicates("question", ((q["side"], q["id"]) for q in data["questions"]))
    duplicates("hardware feature", (h["id"] for h in data["hardware_features"]))
    duplicates("test case", (t["id"] for t in data["test_cases"]))
    duplicates("list rule", (r["code"] for r in data["list_constraints"]))

    for profile in data["profiles"]:
        for required in profile["requires"]:
            if required not in profile_set:
                problems.append(
                    f"Profile {profile['name']} requires unknown {required}."
                )

    features = {(f["side"], f["id"]): f for f in data["features"]}
    value_lists = {v["name"]: set(v["values"]) for v in data.get("value_lists", [])}
    for feature in data["features"]:
        label = f"Feature {feature['id']} ({SIDE_NAMES[feature['side']]})"
        if feature["parent"] and (feature["side"], feature["parent"]) not in features:
            problems.append(f"{label}: parent {feature['parent']} does not exist.")
        if feature["profile"] not in profile_set:
            problems.append(f"{label}: unknown profile {feature['profile']}.")
        if feature.get("value_list") and feature["value_list"] not in value_lists:
            problems.append(f"{label}: unknown value list {feature['value_list']}.")

    ids = {side: answerable_ids(data, side) for side in SIDES}
    for rule in data["list_constraints"]:
        label = f"List rule {rule['code']}"
        side_ids = ids[rule["side"]]
        subject = (rule["side"], rule["subject"])
        subject_feature = features.get(subject)
        # Only an at-least-one rule may name a section instead of a feature
        # ("Authorization options for remote start").
        if subject_feature is None and rule["kind"] != "at_least_one":
            problems.append(f"{label}: subject {rule['subject']} does not exist.")
        if rule["kind"] == "at_least_one":
            for member in rule["members"]:
                if member not in side_ids:
                    problems.append(f"{label}: member {member} does not exist.")
        elif rule["kind"] in (
            "must_include",
            "values_at_least_one",
            "values_complete_set",
        ):
            allowed = value_lists.get((subject_feature or {}).get("value_list"), set())
            named = set(rule["members"]) | {v for s in rule.get("sets", []) for v in s}
            for value in sorted(named - allowed):
                problems.append(f"{label}: {value} is not in the feature's value list.")
        if rule["kind"] == "requires" and not rule["condition"]:
            problems.append(f"{label}: a requires rule needs a condition.")
        elif rule["condition"]:
            # Every kind may carry one (when the rule binds); the planner compiles
            # them all with the edition.
            problem = condition_problem(
                rule["condition"], side_ids, profiles, rule["side"]
            )
            if problem:
                problems.append(f"{label}: {problem}")

    for case in data["test_cases"]:
        label = f"Test case {case['id']}"
        if case["profile"] not in profile_set:
            problems.append(f"{label}: unknown profile {case['profile']}.")
        if not case["cs"] and not case["csms"]:
            problems.append(f"{label}: no variant for either side.")
        for side in SIDES:
            cell, condition = case[side], case[f"condition_{side}"]
            if cell == "C" and not condition:
                problems.append(
                    f"{label}: the C cell for {SIDE_NAMES[side]} has no condition."
                )
            elif cell != "C" and condition:
                problems.append(
                    f"{label}: a condition for {SIDE_NAMES[side]} without C cell."
                )
            elif condition:
                problem = condition_problem(condition, ids[side], profiles, side)
                if problem:
                    problems.append(f"{label} ({SIDE_NAMES[side]}): {problem}")
    return problems
