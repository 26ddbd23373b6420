"""Plain-data helpers over an edition's exported form (see selectors.catalogue_data).
No Django import: the planner and the checks use them outside requests too."""

from __future__ import annotations

from collections import defaultdict

from .conditions import atoms, parse

SIDES = ("cs", "csms")
SIDE_NAMES = {"cs": "Charging Station", "csms": "CSMS"}


def profile_names(data: dict) -> tuple[str, ...]:
    return tuple(p["name"] for p in data["profiles"])


def answerable_ids(data: dict, side: str) -> set[str]:
    """Ids a PICS of that side can answer: its features, questions and (Charging
    Station only) hardware features."""
    ids = {f["id"] for f in data["features"] if f["side"] == side}
    ids |= {q["id"] for q in data["questions"] if q["side"] == side}
    if side == "cs":
        ids |= {h["id"] for h in data["hardware_features"]}
    return ids


def usage_index(data: dict) -> dict[tuple[str, str], list[str]]:
    """(side, id) -> ids of the test cases whose condition for that side uses the
    id. A child feature also counts for its parent (C-09.1 counts for C-09)."""
    profiles = profile_names(data)
    parents = {(f["side"], f["id"]): f["parent"] for f in data["features"]}
    usage: dict[tuple[str, str], list[str]] = defaultdict(list)
    for case in data["test_cases"]:
        for side in SIDES:
            condition = case[f"condition_{side}"]
            if not condition:
                continue
            used = set(atoms(parse(condition, profiles=profiles)))
            used |= {parents[side, i] for i in used if parents.get((side, i))}
            for atom in used:
                if case["id"] not in usage[side, atom]:
                    usage[side, atom].append(case["id"])
    return dict(usage)


def effective_profiles(data: dict, selected) -> tuple[str, ...]:
    """The selected profiles, the always-required ones (Core) and, transitively, the
    profiles a selected one requires (ISO 15118 support brings in Advanced Security
    and Smart Charging), in catalogue order."""
    requires = {p["name"]: p["requires"] for p in data["profiles"]}
    chosen = {p["name"] for p in data["profiles"] if p.get("always_required")}
    pending = [name for name in selected if name in requires]
    while pending:
        name = pending.pop()
        if name not in chosen:
            chosen.add(name)
            pending.extend(requires[name])
    return tuple(name for name in requires if name in chosen)


def product_subtypes(data: dict) -> tuple[str, ...]:
    """The product subtypes the conditions of the edition distinguish."""
    found: set[str] = set()
    profiles = profile_names(data)
    for case in data["test_cases"]:
        for side in SIDES:
            condition = case[f"condition_{side}"]
            if condition and "Product Subtype" in condition:
                found |= _subtypes_in(parse(condition, profiles=profiles))
    return tuple(sorted(found))


def _subtypes_in(node) -> set[str]:
    from .conditions import And, Not, Or, ProductSubtype

    if isinstance(node, ProductSubtype):
        return {node.value}
    if isinstance(node, Not):
        return _subtypes_in(node.operand)
    if isinstance(node, And | Or):
        return set().union(*(_subtypes_in(op) for op in node.operands))
    return set()
