"""From a PICS to its test plan: plain data in, plain data out (no Django import).

The catalogue is indexed and its conditions compiled once per edition
(`catalogue_index`); a plan is then a loop over the test cases of the side.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .catalogue import SIDES, effective_profiles, profile_names
from .conditions import Node, parse
from .document import PicsDocument, pics_sha256
from .evaluation import Explainer, Explanation, Facts, compile_explainer

PLAN_FORMAT = "certplanner.plan/1"


@dataclass(frozen=True)
class CompiledCase:
    case: dict
    requirement: str  # "M" or "C"
    condition: str | None
    explainer: Explainer | None
    # The plan row's fields that do not depend on the PICS.
    row: dict = field(default_factory=dict)
    # Reason sentences by (value, deciding answers): few distinct ones per condition.
    reasons: dict = field(default_factory=dict)

    def reason(self, value: bool | None, deciding: tuple) -> str:
        key = (value, deciding)
        text = self.reasons.get(key)
        if text is None:
            text = Explanation(
                self.condition, value, tuple(dict.fromkeys(deciding))
            ).text
            if len(self.reasons) < 512:
                self.reasons[key] = text
        return text


@dataclass
class CatalogueIndex:
    data: dict
    features: dict[str, dict[str, dict]] = field(default_factory=dict)
    children: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    implied_parents: dict[str, set[str]] = field(default_factory=dict)
    # Lists of values with a fixed member (C-23: Heartbeat): supported even when empty.
    fixed_lists: dict[str, set[str]] = field(default_factory=dict)
    value_lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    questions: dict[str, dict[str, str]] = field(default_factory=dict)
    hardware: dict[str, str] = field(default_factory=dict)
    hardware_texts: dict[str, str] = field(default_factory=dict)
    test_cases: dict[str, list[CompiledCase]] = field(default_factory=dict)
    # The list rules' conditions, parsed: condition text -> node.
    rule_conditions: dict[str, Node] = field(default_factory=dict)


_index_cache: dict[int, CatalogueIndex] = {}


def catalogue_index(data: dict) -> CatalogueIndex:
    """The compiled form of an edition, built once per catalogue data object."""
    index = _index_cache.get(id(data))
    if index is None or index.data is not data:
        if len(_index_cache) > 16:
            _index_cache.clear()
        index = _index_cache[id(data)] = _build_index(data)
    return index


def _build_index(data: dict) -> CatalogueIndex:
    index = CatalogueIndex(data=data)
    profiles = profile_names(data)
    for side in SIDES:
        index.features[side] = {
            f["id"]: f for f in data["features"] if f["side"] == side
        }
        children: dict[str, list[str]] = {}
        for feature in index.features[side].values():
            if feature["parent"]:
                children.setdefault(feature["parent"], []).append(feature["id"])
        index.children[side] = children
        index.implied_parents[side] = {
            r["subject"]
            for r in data["list_constraints"]
            if r["side"] == side and r["kind"] == "implied_member"
        }
        index.fixed_lists[side] = {
            r["subject"]
            for r in data["list_constraints"]
            if r["side"] == side and r["kind"] == "must_include"
        }
        index.questions[side] = {
            q["id"]: q["text"] for q in data["questions"] if q["side"] == side
        }
        compiled = []
        for case in data["test_cases"]:
            requirement = case[side]
            if not requirement:
                continue  # no variant of this test case for the side
            condition = case[f"condition_{side}"] if requirement == "C" else None
            explainer = (
                compile_explainer(parse(condition, profiles=profiles))
                if condition
                else None
            )
            row = {
                "id": case["id"],
                "group": case["group"],
                "title": case["title"],
                "profile": case["profile"],
                "requirement": requirement,
                "condition": condition,
                "watchlist": case["watchlist"],
            }
            compiled.append(CompiledCase(case, requirement, condition, explainer, row))
        index.test_cases[side] = compiled
    index.rule_conditions = {
        r["condition"]: parse(r["condition"], profiles=profiles)
        for r in data["list_constraints"]
        if r["condition"]
    }
    index.value_lists = {v["name"]: tuple(v["values"]) for v in data["value_lists"]}
    index.hardware = {h["id"]: h["kind"] for h in data["hardware_features"]}
    index.hardware_texts = {h["id"]: h["text"] for h in data["hardware_features"]}
    return index


def build_facts(
    index: CatalogueIndex, document: PicsDocument, active_profiles: tuple[str, ...]
) -> Facts:
    """What the PICS says, as condition-language facts. A list of values counts as
    supported when non-empty; a list parent (C-40) when any member is, or when the
    list has an always-supported member (C-29: Heartbeat)."""
    side = document.sut
    listed = set(document.features)
    values: dict[str, bool | int | None] = {}
    for feature_id, feature in index.features[side].items():
        if feature["kind"] == "value_list":
            values[feature_id] = feature_id in index.fixed_lists[side] or bool(
                document.values.get(feature_id)
            )
        elif feature["kind"] == "boolean":
            values[feature_id] = feature_id in listed
    for parent, members in index.children[side].items():
        values[parent] = parent in index.implied_parents[side] or any(
            values.get(member) for member in members
        )
    for key, answer in document.questions.items():
        if key in index.questions[side]:
            values[key] = answer
    if side == "cs":
        for key, answer in document.hardware.items():
            if key in index.hardware:
                values[key] = answer
    # No subtype means a plain Charging Station: a known answer, not an open one.
    return Facts(values, frozenset(active_profiles), document.product_subtype or "")


def plan(data: dict, document: PicsDocument) -> dict:
    """The test plan of `document` (validated against `data` beforehand)."""
    index = catalogue_index(data)
    active = effective_profiles(data, document.profiles)
    facts = build_facts(index, document, active)
    rows = []
    by_profile = {name: _empty_counts() for name in active}
    for compiled in index.test_cases[document.sut]:
        counts = by_profile.get(compiled.case["profile"])
        if counts is None:
            continue  # a profile outside the certification
        if compiled.explainer is None:
            rows.append({**compiled.row, "applicable": True, "reason": "Mandatory"})
            counts["applicable"] += 1
            counts["mandatory"] += 1
            continue
        applicable, deciding = compiled.explainer(facts)
        reason = compiled.reason(applicable, deciding)
        rows.append({**compiled.row, "applicable": applicable, "reason": reason})
        if applicable is None:
            counts["undetermined"] += 1
        elif applicable:
            counts["applicable"] += 1
            counts["conditional_applicable"] += 1
        else:
            counts["not_applicable"] += 1
    summary = _empty_counts()
    for counts in by_profile.values():
        for key, value in counts.items():
            summary[key] += value
    return {
        "format": PLAN_FORMAT,
        "edition": document.edition,
        "sut": document.sut,
        "pics_sha256": pics_sha256(document),
        "summary": {**summary, "by_profile": by_profile},
        "test_cases": rows,
    }


def _empty_counts() -> dict[str, int]:
    return {
        "applicable": 0,
        "mandatory": 0,
        "conditional_applicable": 0,
        "not_applicable": 0,
        "undetermined": 0,
    }
