"""Three-valued evaluation of parsed conditions, and the reasons for a verdict.

An unanswered feature is unknown (None), and a result is only True or False when no
answer to the unknowns could change it (Kleene). Conditions are compiled into
closures once, since a plan evaluates every conditional test case.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain

from .conditions import (
    COMPARISONS,
    And,
    Compare,
    Feature,
    Node,
    Not,
    Or,
    ProductSubtype,
    Profile,
    Range,
    to_text,
)

# --- Evaluation --------------------------------------------------------------------

Value = bool | int | None


@dataclass(frozen=True)
class Facts:
    """What is known about a product. An id missing from ``values`` is unanswered."""

    values: Mapping[str, Value] = field(default_factory=dict)
    profiles: frozenset[str] = frozenset()
    product_subtype: str | None = None
    _profile_keys: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "profiles", frozenset(self.profiles))
        keys = frozenset(name.casefold() for name in self.profiles)
        object.__setattr__(self, "_profile_keys", keys)


Evaluator = Callable[[Facts], bool | None]


def compile_condition(node: Node) -> Evaluator:
    """Build the condition into nested closures, once, for repeated evaluation.

    A feature with a numeric value holds when the number is non-zero; a comparison
    treats a bool as 0/1 and anything unanswered or non-numeric as unknown.
    """
    match node:
        case Feature(id=key):

            def feature(facts: Facts) -> bool | None:
                value = facts.values.get(key)
                return None if value is None else bool(value)

            return feature
        case Compare(id=key, op=op, value=limit):
            compare = COMPARISONS[op]

            def comparison(facts: Facts) -> bool | None:
                value = facts.values.get(key)
                return compare(value, limit) if isinstance(value, int) else None

            return comparison
        case Range():
            return compile_condition(Or(tuple(map(Feature, node.members()))))
        case Profile(name=name):
            wanted = name.casefold()
            return lambda facts: wanted in facts._profile_keys
        case ProductSubtype(value=wanted):

            def subtype(facts: Facts) -> bool | None:
                actual = facts.product_subtype
                return None if actual is None else actual == wanted

            return subtype
        case Not(operand=operand):
            inner = compile_condition(operand)

            def negation(facts: Facts) -> bool | None:
                value = inner(facts)
                return None if value is None else not value

            return negation
        case And(operands=operands) | Or(operands=operands):
            parts = tuple(map(compile_condition, operands))
            # Kleene logic: one operand equal to `dominant` settles the result;
            # otherwise any unknown operand leaves it unknown.
            dominant = isinstance(node, Or)

            def connective(facts: Facts) -> bool | None:
                result: bool | None = not dominant
                for part in parts:
                    value = part(facts)
                    if value is dominant:
                        return dominant
                    if value is None:
                        result = None
                return result

            return connective
    raise TypeError(f"not a condition node: {node!r}")


_compiled = lru_cache(maxsize=4096)(compile_condition)


def evaluate(node: Node, facts: Facts) -> bool | None:
    """True, False, or None when the answers so far do not settle it."""
    return _compiled(node)(facts)


# --- Explanation -------------------------------------------------------------------

Decider = tuple[str, str]


def _is_number(word: str) -> bool:
    return word.removeprefix("-").isdigit()


@dataclass(frozen=True)
class Explanation:
    """Why a condition came out as it did, in the lab's own words."""

    condition: str
    value: bool | None
    deciding: tuple[Decider, ...]

    @property
    def unanswered(self) -> tuple[str, ...]:
        return tuple(atom for atom, word in self.deciding if word == "unanswered")

    @property
    def text(self) -> str:
        reasons = ", ".join(
            f"{atom} = {word}" if _is_number(word) else f"{atom} {word}"
            for atom, word in self.deciding
        )
        if self.value is None:
            verdict = f"undetermined (answer {', '.join(self.unanswered)})"
        else:
            verdict = "applies" if self.value else "does not apply"
        return f"{self.condition}: {reasons} → {verdict}"


def _describe(value: object) -> str:
    if value is None:
        return "unanswered"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


Explainer = Callable[[Facts], tuple[bool | None, tuple[Decider, ...]]]


def compile_explainer(node: Node) -> Explainer:
    """Like compile_condition, but each closure also returns the deciding answers:
    a plan explains every conditional test case, so this runs per plan."""
    match node:
        case Feature(id=key) | Compare(id=key):
            evaluator = compile_condition(node)

            def leaf(facts: Facts) -> tuple[bool | None, tuple[Decider, ...]]:
                return evaluator(facts), ((key, _describe(facts.values.get(key))),)

            return leaf
        case Range():
            return compile_explainer(Or(tuple(map(Feature, node.members()))))
        case Profile(name=name):
            evaluator = compile_condition(node)

            def profile(facts: Facts) -> tuple[bool | None, tuple[Decider, ...]]:
                selected = evaluator(facts)
                return selected, ((name, "selected" if selected else "not selected"),)

            return profile
        case ProductSubtype(value=wanted):
            evaluator = compile_condition(node)

            def subtype(facts: Facts) -> tuple[bool | None, tuple[Decider, ...]]:
                same = evaluator(facts)
                if same is None:
                    word = "unanswered"
                else:
                    word = f'{"is" if same else "is not"} "{wanted}"'
                return same, (("Product Subtype", word),)

            return subtype
        case Not(operand=operand):
            inner = compile_explainer(operand)

            def negation(facts: Facts) -> tuple[bool | None, tuple[Decider, ...]]:
                value, deciding = inner(facts)
                return (None if value is None else not value), deciding

            return negation
        case And(operands=operands) | Or(operands=operands):
            parts = tuple(map(compile_explainer, operands))
            dominant = isinstance(node, Or)

            def connective(facts: Facts) -> tuple[bool | None, tuple[Decider, ...]]:
                results = []
                for part in parts:
                    value, deciding = part(facts)
                    if value is dominant:
                        return value, deciding  # the first settling operand suffices
                    results.append((value, deciding))
                # Nothing settles it: every operand counts, unknown ones are open.
                unknown = any(value is None for value, _ in results)
                joined = tuple(chain.from_iterable(deciding for _, deciding in results))
                return (None if unknown else not dominant), joined

            return connective
    raise TypeError(f"not a condition node: {node!r}")


_explainers = lru_cache(maxsize=4096)(compile_explainer)
_canonical_text = lru_cache(maxsize=4096)(lambda node: to_text(node))


def explain(node: Node, facts: Facts) -> Explanation:
    """Evaluate ``node`` and name the answers that decided the result."""
    value, deciding = _explainers(node)(facts)
    return Explanation(_canonical_text(node), value, tuple(dict.fromkeys(deciding)))
