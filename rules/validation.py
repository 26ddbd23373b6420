"""The one validation of a PICS against its catalogue edition.

Used by the wizard, the JSON import, the API and the CLI: every problem at once,
each with the id it concerns, a severity and a sentence a vendor understands.
No Django import: the catalogue comes in its exported form.
"""

from __future__ import annotations

from .catalogue import SIDE_NAMES, effective_profiles, product_subtypes
from .document import PicsDocument, Problem, error, warning
from .evaluation import evaluate
from .planner import build_facts, catalogue_index

MAX_PROBLEMS = 200


def validate(document: PicsDocument, data: dict) -> list[Problem]:
    """Semantic problems of `document` under the catalogue `data` (structure was
    checked by read_document)."""
    side = document.sut
    side_name = SIDE_NAMES[side]
    other = "csms" if side == "cs" else "cs"
    index = catalogue_index(data)
    features = index.features[side]
    other_features = index.features[other]
    problems: list[Problem] = []

    profile_names = [p["name"] for p in data["profiles"]]
    for name in document.profiles:
        if name not in profile_names:
            problems.append(
                error(
                    name,
                    f'"{name}" is not a certification profile of this edition '
                    f"(profiles: {', '.join(profile_names)}).",
                    "profiles",
                )
            )
    active = set(effective_profiles(data, document.profiles))

    def belongs(feature_id: str, section: str) -> dict | None:
        """The feature if it is usable in this PICS, else None with a problem."""
        feature = features.get(feature_id)
        if feature is None:
            if feature_id in other_features:
                problems.append(
                    error(
                        feature_id,
                        f"{feature_id} is a {SIDE_NAMES[other]} feature; "
                        f"this PICS is for a {side_name}.",
                        section,
                    )
                )
            else:
                problems.append(
                    error(
                        feature_id,
                        f"{feature_id} is not a {side_name} feature of this edition.",
                        section,
                    )
                )
            return None
        if feature["profile"] not in active:
            problems.append(
                error(
                    feature_id,
                    f"{feature_id} ({feature['name']}) belongs to the "
                    f"{feature['profile']} profile, which is not selected.",
                    section,
                )
            )
        return feature

    for feature_id in document.features:
        feature = belongs(feature_id, "features")
        if feature is None:
            continue
        if feature["kind"] == "list_parent":
            members = ", ".join(index.children[side].get(feature_id, []))
            problems.append(
                error(
                    feature_id,
                    f"{feature_id} is a list: list the members your product "
                    f"supports ({members}) instead.",
                    "features",
                )
            )
        elif feature["kind"] == "value_list":
            problems.append(
                error(
                    feature_id,
                    f"{feature_id} is a list of values: give them in "
                    f'values["{feature_id}"] instead.',
                    "features",
                )
            )

    for feature_id, given in document.values.items():
        feature = belongs(feature_id, "features")
        if feature is None:
            continue
        if feature["kind"] != "value_list":
            problems.append(
                error(
                    feature_id,
                    f"{feature_id} takes no list of values; list it in "
                    "features if your product supports it.",
                    "features",
                )
            )
            continue
        allowed = index.value_lists[feature["value_list"]]
        for value in given:
            if value not in allowed:
                problems.append(
                    error(
                        feature_id,
                        f'"{value:.60}" is not a {feature["value_list"]} '
                        f"value (allowed: {', '.join(allowed)}).",
                        "features",
                    )
                )

    facts = build_facts(index, document, tuple(active))
    for rule in data["list_constraints"]:
        if rule["side"] != side:
            continue
        problem = _rule_problem(rule, document, index, facts, active)
        if problem:
            problems.append(problem)

    for feature in features.values():
        if feature["support"] == "required" and feature["id"] not in document.features:
            problems.append(
                error(
                    feature["id"],
                    f"{feature['id']} ({feature['name']}) is required for "
                    f"every {side_name}; add it to the supported features.",
                    "features",
                )
            )

    problems += _answer_problems(document, index, side)
    problems += _product_problems(document, data)
    if len(problems) > MAX_PROBLEMS:
        hidden = len(problems) - MAX_PROBLEMS
        problems = problems[:MAX_PROBLEMS]
        problems.append(error("document", f"… and {hidden} more problems.", "format"))
    return problems


def _rule_problem(rule, document, index, facts, active) -> Problem | None:
    side = rule["side"]
    subject = rule["subject"]
    feature = index.features[side].get(subject)
    # A rule binds only when its feature's profile is part of the certification.
    if feature is not None and feature["profile"] not in active:
        return None
    label = f"{subject} ({feature['name']})" if feature else subject
    kind = rule["kind"]
    # Except on a `requires` rule (where it is what the subject needs), a condition
    # limits when the rule binds: C-54's policies matter only with a cache (C-49).
    condition = index.rule_conditions.get(rule["condition"])
    if kind != "requires" and condition and evaluate(condition, facts) is not True:
        return None
    if kind == "at_least_one":
        if not any(m in document.features for m in rule["members"]):
            return error(
                subject,
                f"{label}: support at least one of {', '.join(rule['members'])}.",
                "features",
            )
    elif kind == "must_include":
        # A fixed member (Heartbeat in C-23) is supported whether or not the answers
        # list it: the wizard shows it ticked and locked before any save, so the rule
        # is met by definition (the planner counts the list as supported as well).
        return None
    elif kind == "values_at_least_one":
        if not document.values.get(subject):
            return error(subject, f"{label}: select at least one value.", "features")
    elif kind == "values_complete_set":
        given = set(document.values.get(subject, ()))
        if not any(set(s) <= given for s in rule["sets"]):
            sets = " or ".join("(" + " and ".join(s) + ")" for s in rule["sets"])
            return error(
                subject,
                f"{label} must include all cipher suites of at least one set: {sets}.",
                "features",
            )
    elif (
        kind == "requires"
        and facts.values.get(subject)
        and evaluate(condition, facts) is False
    ):
        return error(
            subject,
            f"{label} can only be supported with {rule['condition']}.",
            "features",
        )
    return None


def _answer_problems(document: PicsDocument, index, side: str) -> list[Problem]:
    problems = []
    questions = index.questions[side]
    for key in document.questions:
        if key not in questions:
            problems.append(
                error(
                    key,
                    f"{key} is not an additional question for a {SIDE_NAMES[side]}.",
                    "questions",
                )
            )
    for key, text in questions.items():
        if key not in document.questions:
            problems.append(
                warning(key, f"{key} is not answered yet: {text}", "questions")
            )
    if side == "csms":
        if document.hardware:
            problems.append(
                error(
                    "hardware",
                    "Hardware features apply to Charging Stations only.",
                    "hardware",
                )
            )
        return problems
    hardware = index.hardware
    for key, answer in document.hardware.items():
        kind = hardware.get(key)
        if kind is None:
            problems.append(error(key, f"{key} is not a hardware feature.", "hardware"))
        elif kind == "number" and (
            isinstance(answer, bool) or answer < 1 or answer > 1000
        ):
            problems.append(
                error(key, f"{key} must be a whole number from 1 to 1000.", "hardware")
            )
        elif kind == "boolean" and not isinstance(answer, bool):
            problems.append(error(key, f"{key} must be true or false.", "hardware"))
    for key, text in index.hardware_texts.items():
        if key not in document.hardware:
            problems.append(
                warning(key, f"{key} is not answered yet: {text}.", "hardware")
            )
    answered = document.hardware
    if answered.get("HFS-1") is False and answered.get("HFS-2") is False:
        problems.append(
            warning(
                "HFS-1",
                "Neither a detachable (HFS-1) nor a fixed cable (HFS-2): "
                "is that right?",
                "hardware",
            )
        )
    if answered.get("HFS-3") is False and answered.get("HFS-4") is False:
        problems.append(
            warning(
                "HFS-3",
                "Neither AC (HFS-3) nor DC (HFS-4) support: is that right?",
                "hardware",
            )
        )
    return problems


def _product_problems(document: PicsDocument, data: dict) -> list[Problem]:
    subtype = document.product_subtype
    if subtype is None:
        return []
    if document.sut != "cs":
        return [
            error(
                "product_subtype",
                "A product subtype applies to Charging Stations only.",
                "product",
            )
        ]
    known = product_subtypes(data)
    if subtype not in known:
        return [
            error(
                "product_subtype",
                f'"{subtype:.60}" is not a product subtype '
                f"(known: {', '.join(known)}).",
                "product",
            )
        ]
    return []
