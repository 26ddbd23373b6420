"""What switching one feature would change in the plan of this PICS (no Django
import): the features step says, per feature, how many test cases it adds here, and
the live panel says why a switch moved nothing.

Only the test cases whose condition names the feature can move, so each feature
costs a handful of evaluations, not a whole plan.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from rules.catalogue import effective_profiles
from rules.document import PicsDocument
from rules.planner import build_facts, catalogue_index


@dataclass
class FeatureEffect:
    feature_id: str
    supported: bool
    # With the feature on, compared with it off:
    brings: list[str] = field(default_factory=list)  # apply only with it
    already: list[str] = field(default_factory=list)  # apply either way
    waiting: list[str] = field(default_factory=list)  # do not apply even with it
    # The answers that make each `already` and `waiting` case what it is.
    why: dict[str, str] = field(default_factory=dict)

    @property
    def summary(self) -> str:
        """One sentence for the feature's row and the live panel."""
        count = len(self.brings)
        cases = f"{count} test case{'s' if count != 1 else ''}"
        if count:
            verb = "Brings" if self.supported else "Would add"
            anyway = len(self.already)
            return f"{verb} {cases} for this PICS" + (
                f" ({anyway} more already appl{'ies' if anyway == 1 else 'y'})"
                if anyway
                else ""
            )
        return "Adds no test case for this PICS" + (
            f": {self.explanation}" if self.explanation else ""
        )

    @property
    def headline(self) -> str:
        """The summary without the explanation, for a row that folds it away."""
        return self.summary.partition(":")[0]

    @property
    def explanation(self) -> str:
        """Why nothing moves: the first few test cases and what decides them."""
        parts = [
            f"{case} already applies ({self.why[case]})" for case in self.already[:2]
        ] + [
            f"{case} needs more than {self.feature_id} ({self.why[case]})"
            for case in self.waiting[:2]
        ]
        hidden = len(self.already) + len(self.waiting) - len(parts)
        if hidden > 0:
            parts.append(f"{hidden} more alike")
        return "; ".join(parts)


def _with(document: PicsDocument, feature: dict, index, on: bool) -> PicsDocument:
    feature_id = feature["id"]
    if feature["kind"] == "value_list":
        values = dict(document.values)
        if on:
            values[feature_id] = (
                values.get(feature_id) or (index.value_lists[feature["value_list"]][:1])
            )
        else:
            values.pop(feature_id, None)
        return dataclasses.replace(document, values=values)
    features = [f for f in document.features if f != feature_id]
    if on:
        features.append(feature_id)
    return dataclasses.replace(document, features=tuple(features))


def _words(deciding, leave_out: str) -> str:
    pairs = dict.fromkeys(
        f"{atom} {word}" for atom, word in deciding if atom != leave_out
    )
    return ", ".join(pairs) or "its other conditions"


def feature_effects(
    data: dict,
    document: PicsDocument,
    usage: dict[tuple[str, str], list[str]],
    feature_ids: list[str] | None = None,
) -> dict[str, FeatureEffect]:
    """Per yes/no feature and list of values of the active profiles (or only
    `feature_ids`): the conditional test cases it brings into this plan."""
    index = catalogue_index(data)
    side = document.sut
    active = tuple(effective_profiles(data, document.profiles))
    cases = {
        compiled.case["id"]: compiled
        for compiled in index.test_cases[side]
        if compiled.case["profile"] in active and compiled.explainer is not None
    }
    facts = build_facts(index, document, active)
    effects: dict[str, FeatureEffect] = {}
    for feature_id, feature in index.features[side].items():
        if feature_ids is not None and feature_id not in feature_ids:
            continue
        if feature["profile"] not in active or feature["kind"] == "list_parent":
            continue
        supported = bool(facts.values.get(feature_id))
        on_facts = build_facts(index, _with(document, feature, index, True), active)
        off_facts = build_facts(index, _with(document, feature, index, False), active)
        effect = FeatureEffect(feature_id, supported)
        for case_id in usage.get((side, feature_id), []):
            compiled = cases.get(case_id)
            if compiled is None:
                continue
            with_it, with_deciding = compiled.explainer(on_facts)
            without_it, without_deciding = compiled.explainer(off_facts)
            if with_it is True and without_it is not True:
                effect.brings.append(case_id)
            elif with_it is True:
                effect.already.append(case_id)
                effect.why[case_id] = _words(without_deciding, feature_id)
            else:
                effect.waiting.append(case_id)
                effect.why[case_id] = _words(with_deciding, feature_id)
        effects[feature_id] = effect
    return effects
