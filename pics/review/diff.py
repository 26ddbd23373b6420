"""What changed between two revisions: the answers and the plan (no Django import)."""

from __future__ import annotations


def _set_change(old, new) -> dict:
    return {
        "added": [x for x in new if x not in set(old)],
        "removed": [x for x in old if x not in set(new)],
    }


def answers_diff(old: dict, new: dict) -> list[dict]:
    """One entry per changed answer: {"field", "id", "from", "to"}."""
    changes: list[dict] = []
    for name in ("vendor", "model", "hardware_version", "firmware_version"):
        before, after = old["product"].get(name), new["product"].get(name)
        if before != after:
            changes.append(
                {"field": "product", "id": name, "from": before, "to": after}
            )
    for field in ("sut", "edition", "product_subtype"):
        if old.get(field) != new.get(field):
            changes.append(
                {
                    "field": field,
                    "id": field,
                    "from": old.get(field),
                    "to": new.get(field),
                }
            )
    for field in ("profiles", "features"):
        delta = _set_change(old[field], new[field])
        for item in delta["added"]:
            changes.append({"field": field, "id": item, "from": False, "to": True})
        for item in delta["removed"]:
            changes.append({"field": field, "id": item, "from": True, "to": False})
    for field in ("values", "questions", "hardware"):
        before, after = old.get(field, {}), new.get(field, {})
        for key in sorted(set(before) | set(after)):
            if before.get(key) != after.get(key):
                changes.append(
                    {
                        "field": field,
                        "id": key,
                        "from": before.get(key),
                        "to": after.get(key),
                    }
                )
    return changes


def plan_diff(old: dict, new: dict) -> dict:
    """Test cases added to or removed from the plan, and those whose requirement or
    applicability changed."""
    before = {row["id"]: row for row in old["test_cases"]}
    after = {row["id"]: row for row in new["test_cases"]}
    changed = []
    for test_case, row in after.items():
        previous = before.get(test_case)
        if previous is None:
            continue
        for key in ("requirement", "applicable"):
            if previous[key] != row[key]:
                changed.append(
                    {
                        "id": test_case,
                        "field": key,
                        "from": previous[key],
                        "to": row[key],
                        "reason": row["reason"],
                    }
                )
    return {
        "added": [row for tc, row in after.items() if tc not in before],
        "removed": [row for tc, row in before.items() if tc not in after],
        "changed": changed,
        "summary_from": old["summary"],
        "summary_to": new["summary"],
    }


def revision_diff(old_revision, new_revision) -> dict:
    return {
        "from": old_revision.number,
        "to": new_revision.number,
        "answers": answers_diff(old_revision.document, new_revision.document),
        "plan": plan_diff(old_revision.plan, new_revision.plan),
    }
