"""What the wizard's pages show beside the forms: the profile cards, the feature rows
with what each would change for this PICS, and problems worded once."""

from __future__ import annotations

import re

from pics.wizard.forms import feature_field_name, values_field_name
from rules.catalogue import effective_profiles
from rules.document import PicsDocument, Problem
from rules.feature_effects import feature_effects
from rules.planner import build_facts, catalogue_index

# What a list rule asks, said plainly: the catalogue keeps the document's own cell text
# ("{list } at least one"), which reads as a template left unfilled.
RULE_WORDS = {
    "at_least_one": "Switch on at least one of them.",
    "values_at_least_one": "Tick at least one value.",
    "values_complete_set": "Tick every value of at least one set.",
}
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


def support_words(feature: dict, rules: list[dict]) -> str:
    """The support cell of a list row in words, without the document's placeholders."""
    for rule in rules:
        if rule["kind"] in ("must_include", "implied_member"):
            return f"{', '.join(rule['members'])} always; the others optional."
        if rule["kind"] in RULE_WORDS:
            return RULE_WORDS[rule["kind"]]
    text = _PLACEHOLDER.sub("", feature.get("support_text") or "")
    return re.sub(r"\s+", " ", text).strip(" :·")


def problem_items(problems: list[Problem], step_of: dict | None = None) -> list[dict]:
    """Problems for a list, the id said once (most messages start with it), each
    with the step that fixes it when `step_of` (section -> step) is given."""
    return [
        {
            "id": p.id,
            "message": p.message,
            "severity": p.severity,
            # What follows the id when the id is a link of its own.
            "rest": p.message[len(p.id) :]
            if p.message.startswith(p.id)
            else f": {p.message}",
            "slug": (step_of or {}).get(p.section, "product"),
        }
        for p in problems
    ]


def profile_cards(form, catalogue, document: PicsDocument, plan: dict) -> list[dict]:
    chosen = set(document.profiles)
    active = set(effective_profiles(catalogue, document.profiles))
    by_profile = plan["summary"]["by_profile"]
    cards = []
    checkboxes = {str(w.data["value"]): w for w in form["profiles"]}
    for profile in catalogue["profiles"]:
        name = profile["name"]
        required_by = [
            p["name"]
            for p in catalogue["profiles"]
            if name in p["requires"] and p["name"] in chosen
        ]
        counts = by_profile.get(name)
        listed = sum(
            1
            for c in catalogue["test_cases"]
            if c["profile"] == name and c[document.sut]
        )
        cards.append(
            {
                "profile": profile,
                "checkbox": checkboxes.get(name),
                "included": name in active,
                "required_by": required_by,
                "test_cases": listed,
                # The saved answers' plan: conditional test cases count only when
                # the features and answers they depend on say so.
                "applicable": counts["applicable"] if counts else None,
                "mandatory": counts["mandatory"] if counts else None,
                "others": listed - counts["applicable"] if counts else None,
            }
        )
    return cards


def feature_groups(form, catalogue, usage, problems, document: PicsDocument):
    """The features step as the document groups it: profile and sub-heading, parents
    with their members; each row with its field, problems and what it changes in
    this PICS's plan."""
    side = document.sut
    by_id: dict[str, list] = {}
    for problem in problems:
        if problem.section == "features":
            by_id.setdefault(problem.id, []).append(problem)
    rules_of: dict[str, list[dict]] = {}
    for rule in catalogue["list_constraints"]:
        if rule["side"] == side:
            rules_of.setdefault(rule["subject"], []).append(rule)
    fixed = {
        subject: [
            m
            for r in rules
            if r["kind"] in ("must_include", "implied_member")
            for m in r["members"]
        ]
        for subject, rules in rules_of.items()
    }
    effects = feature_effects(catalogue, document, usage)
    groups: list[dict] = []
    rows_by_id = {}
    for feature in form.features:
        key = (feature["profile"], feature["section"])
        # A new group wherever the table starts a new profile or sub-heading.
        if not groups or groups[-1]["key"] != key:
            groups.append(
                {
                    "key": key,
                    "profile": feature["profile"],
                    "section": feature["section"],
                    "rows": [],
                    "problems": by_id.get(feature["section"], [])
                    if feature["section"]
                    else [],
                    "rule": support_words(feature, rules_of.get(feature["section"], []))
                    if feature["section"] in rules_of
                    else "",
                }
            )
        group = groups[-1]
        name = (
            feature_field_name(feature["id"])
            if feature["kind"] == "boolean"
            else values_field_name(feature["id"])
        )
        used_by = usage.get((side, feature["id"]), [])
        row = {
            "feature": feature,
            "field": form[name] if name in form.fields else None,
            "problems": by_id.get(feature["id"], []),
            "used_by": used_by,
            "effect": effects.get(feature["id"]),
            "fixed": fixed.get(feature["id"], []),
            "support": support_words(feature, rules_of.get(feature["id"], []))
            if feature["kind"] != "boolean"
            else "",
            "children": [],
        }
        rows_by_id[feature["id"]] = row
        parent = rows_by_id.get(feature["parent"]) if feature["parent"] else None
        if parent is not None:
            parent["children"].append(row)
        else:
            group["rows"].append(row)
    return groups


def undetermined_by_answer(catalogue: dict, document: PicsDocument) -> dict:
    """Unanswered question or hardware id -> the test cases it leaves undetermined."""
    index = catalogue_index(catalogue)
    active = tuple(effective_profiles(catalogue, document.profiles))
    facts = build_facts(index, document, active)
    waiting: dict[str, list[str]] = {}
    for compiled in index.test_cases[document.sut]:
        if compiled.explainer is None or compiled.case["profile"] not in active:
            continue
        value, deciding = compiled.explainer(facts)
        if value is None:
            for atom, word in deciding:
                if word == "unanswered":
                    waiting.setdefault(atom, []).append(compiled.case["id"])
    return waiting
