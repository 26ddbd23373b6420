"""Three-valued evaluation and explanations, table by table."""

import itertools

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from rules.conditions import (
    DEFAULT_PROFILES,
    And,
    Compare,
    Feature,
    Node,
    Not,
    Or,
    ProductSubtype,
    Profile,
    Range,
    atoms,
    parse,
    profiles_used,
    to_text,
)
from rules.evaluation import Facts, compile_condition, evaluate, explain

# --- Evaluation --------------------------------------------------------------------

T, N = True, None
KLEENE_AND = [(T, T, T), (T, False, False), (T, N, N), (False, N, False), (N, N, N)]
KLEENE_OR = [(T, T, T), (T, False, T), (T, N, T), (False, N, N), (False, False, False)]

MODE_1_2 = "Mode 1/2-only Charging Station"


def facts(**values: bool | int | None) -> Facts:
    return Facts({key.replace("_", "-"): value for key, value in values.items()})


@pytest.mark.parametrize(("left", "right", "result"), KLEENE_AND)
def test_and_follows_kleene_logic(left, right, result) -> None:
    assert evaluate(parse("A-1 and A-2"), facts(A_1=left, A_2=right)) is result
    assert evaluate(parse("A-1 and A-2"), facts(A_1=right, A_2=left)) is result


@pytest.mark.parametrize(("left", "right", "result"), KLEENE_OR)
def test_or_follows_kleene_logic(left, right, result) -> None:
    assert evaluate(parse("A-1 or A-2"), facts(A_1=left, A_2=right)) is result
    assert evaluate(parse("A-1 or A-2"), facts(A_1=right, A_2=left)) is result


@pytest.mark.parametrize(("value", "result"), [(T, False), (False, T), (N, N)])
def test_not_inverts_and_keeps_unknown(value, result) -> None:
    assert evaluate(parse("NOT A-1"), facts(A_1=value)) is result


LEAF_CASES = [
    ("C-01", Facts(), None),
    ("C-01", facts(C_01=None), None),
    ("C-01", facts(C_01=True), True),
    ("HFS-8", facts(HFS_8=2), True),  # a numeric answer holds when non-zero
    ("HFS-8", facts(HFS_8=0), False),
    ("HFS-8 > 1", facts(HFS_8=2), True),
    ("HFS-8 > 1", facts(HFS_8=1), False),
    ("HFS-8 > 1", Facts(), None),
    ("HFS-8 >= 1", facts(HFS_8=1), True),
    ("HFS-8 < 1", facts(HFS_8=1), False),
    ("HFS-8 <= 1", facts(HFS_8=1), True),
    ("HFS-8 = 3", facts(HFS_8=3), True),
    ("HFS-8 > 0", facts(HFS_8=True), True),  # a bool compares as 0/1
    ("C-30 - C-32", facts(C_31=True), True),
    ("C-30 - C-32", facts(C_30=False, C_31=False, C_32=False), False),
    ("C-30 - C-32", facts(C_30=False), None),
    ("Smart Charging", Facts(profiles=frozenset({"smart charging"})), True),
    ("Smart Charging", Facts(profiles=frozenset({"Core"})), False),
    (f'Product Subtype "{MODE_1_2}"', Facts(product_subtype=MODE_1_2), True),
    ('Product Subtype "DC"', Facts(product_subtype="dc"), False),
    ('Product Subtype "DC"', Facts(), None),
    # Evaluation never raises inside a request, even on a mistyped answer.
    ("HFS-8 > 1", Facts({"HFS-8": "two"}), None),  # type: ignore[dict-item]
]


@pytest.mark.parametrize(("text", "known", "result"), LEAF_CASES)
def test_atom_evaluates_against_facts(text: str, known: Facts, result) -> None:
    assert evaluate(parse(text), known) is result
    assert compile_condition(parse(text))(known) is result


# --- Explanation -------------------------------------------------------------------

EXPLANATIONS = [
    (
        "C-49 and (C-30 or C-31 or C-32)",
        facts(C_49=True, C_30=True, C_31=True),
        "C-49 and (C-30 or C-31 or C-32): C-49 yes, C-30 yes → applies",
    ),
    ("NOT C-13", facts(C_13=True), "NOT C-13: C-13 yes → does not apply"),
    ("HFS-8 > 1", facts(HFS_8=2), "HFS-8 > 1: HFS-8 = 2 → applies"),
    (
        "C-44 or NOT AQ-6",
        facts(C_44=False),
        "C-44 or NOT AQ-6: C-44 no, AQ-6 unanswered → undetermined (answer AQ-6)",
    ),
    ("C-01 and C-02", facts(C_02=False), "C-01 and C-02: C-02 no → does not apply"),
    ("C-30 - C-32", facts(C_31=True), "C-30 - C-32: C-31 yes → applies"),
    (
        "C-30 - C-32",
        facts(C_30=False, C_31=False, C_32=False),
        "C-30 - C-32: C-30 no, C-31 no, C-32 no → does not apply",
    ),
    (
        "NOT Smart Charging",
        Facts(profiles=frozenset({"Core"})),
        "NOT Smart Charging: Smart Charging not selected → applies",
    ),
    (
        'NOT Product Subtype "DC"',
        Facts(product_subtype="AC"),
        'NOT Product Subtype "DC": Product Subtype is not "DC" → applies',
    ),
    (
        'Product Subtype "DC" and C-01',
        facts(C_01=True),
        'Product Subtype "DC" and C-01: Product Subtype unanswered, C-01 yes'
        " → undetermined (answer Product Subtype)",
    ),
    ("C-01 or C-01", facts(C_01=False), "C-01 or C-01: C-01 no → does not apply"),
]


@pytest.mark.parametrize(("text", "known", "sentence"), EXPLANATIONS)
def test_explanation_reads_as_a_sentence(text: str, known: Facts, sentence) -> None:
    assert explain(parse(text), known).text == sentence


def test_explanation_lists_deciding_atoms_and_values() -> None:
    explanation = explain(parse("C-44 or NOT AQ-6"), facts(C_44=False))
    assert explanation.value is None
    assert explanation.deciding == (("C-44", "no"), ("AQ-6", "unanswered"))


# --- Properties --------------------------------------------------------------------

ID_TEXT = st.from_regex(r"[A-Z]{1,4}-\d{1,3}(\.\d{1,2})?", fullmatch=True)


@st.composite
def ranges(draw: st.DrawFn) -> Range:
    stem = draw(st.from_regex(r"[A-Z]{1,4}-(\d{1,2}\.)?", fullmatch=True))
    width = draw(st.integers(1, 3))
    first = draw(st.integers(0, 10**width - 2))
    last = draw(st.integers(first + 1, first + 4))
    return Range(f"{stem}{first:0{width}d}", f"{stem}{last:0{width}d}")


def trees(leaves: st.SearchStrategy[Node], max_leaves: int) -> st.SearchStrategy:
    def extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
        operands = st.lists(children, min_size=2, max_size=4).map(tuple)
        return st.one_of(st.builds(Not, children), operands.map(And), operands.map(Or))

    return st.recursive(leaves, extend, max_leaves=max_leaves)


any_condition = trees(
    st.one_of(
        st.builds(Feature, ID_TEXT),
        st.builds(
            Compare,
            ID_TEXT,
            st.sampled_from([">", ">=", "<", "<=", "="]),
            st.integers(0, 10_000),
        ),
        ranges(),
        st.sampled_from(DEFAULT_PROFILES).map(Profile),
        st.text(st.characters(blacklist_characters='"'), max_size=12).map(
            ProductSubtype
        ),
    ),
    max_leaves=12,
)


@given(any_condition)
def test_print_then_parse_is_identity(node: Node) -> None:
    text = to_text(node)
    assert parse(text) == node
    assert to_text(parse(text)) == text


# A small universe of atoms, so that every assignment can be enumerated.
BOOLEAN_IDS = ("C-01", "C-02", "AQ-2")
NUMERIC_ID, NUMBERS = "HFS-8", (None, 0, 1, 2, 3)
RANGE_MEMBERS = {Range("C-02", "C-04"): ("C-02", "C-03", "C-04")}
PROFILE_POOL = ("Core", "Smart Charging")
SUBTYPE_POOL = (MODE_1_2,)
SUBTYPE_CHOICES = (None, MODE_1_2, "Other")

small_condition = trees(
    st.one_of(
        st.sampled_from((*BOOLEAN_IDS, NUMERIC_ID)).map(Feature),
        st.builds(
            Compare,
            st.just(NUMERIC_ID),
            st.sampled_from([">", ">=", "<", "<=", "="]),
            st.integers(0, 3),
        ),
        st.sampled_from(tuple(RANGE_MEMBERS)),
        st.sampled_from(PROFILE_POOL).map(Profile),
        st.sampled_from(SUBTYPE_POOL).map(ProductSubtype),
    ),
    max_leaves=6,
)

RANK = {False: 0, None: 1, True: 2}  # Kleene and/or are min/max in this order
NEGATION = {True: False, None: None, False: True}
COMPARE = {
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    "=": lambda a, b: a == b,
}


def reference(node: Node, known: Facts) -> bool | None:
    """An independent evaluator: Kleene logic as min/max over False < None < True."""
    match node:
        case Feature(id=key):
            value = known.values.get(key)
            return None if value is None else value != 0
        case Compare(id=key, op=op, value=limit):
            value = known.values.get(key)
            return None if value is None else COMPARE[op](value, limit)
        case Range():
            results = [reference(Feature(m), known) for m in RANGE_MEMBERS[node]]
            return max(results, key=RANK.__getitem__)
        case Profile(name=name):
            return name.lower() in {p.lower() for p in known.profiles}
        case ProductSubtype(value=wanted):
            actual = known.product_subtype
            return None if actual is None else actual == wanted
        case Not(operand=operand):
            return NEGATION[reference(operand, known)]
        case And(operands=operands):
            return min((reference(o, known) for o in operands), key=RANK.__getitem__)
        case Or(operands=operands):
            return max((reference(o, known) for o in operands), key=RANK.__getitem__)
    raise AssertionError(node)


def uses_subtype(node: Node) -> bool:
    match node:
        case ProductSubtype():
            return True
        case Not(operand=operand):
            return uses_subtype(operand)
        case And(operands=operands) | Or(operands=operands):
            return any(map(uses_subtype, operands))
    return False


def choices_for(node: Node) -> tuple[list[str], list[tuple], list[str]]:
    """The ids of ``node`` and, per id, profile and subtype, the values to try."""
    ids = sorted(atoms(node))
    per_id = [NUMBERS if key == NUMERIC_ID else (True, False, None) for key in ids]
    profiles = sorted(profiles_used(node))
    per_profile = [(False, True)] * len(profiles)
    subtype = SUBTYPE_CHOICES if uses_subtype(node) else (None,)
    return ids, [*per_id, *per_profile, subtype], profiles


def facts_from(ids: list[str], profiles: list[str], assignment: tuple) -> Facts:
    id_values = assignment[: len(ids)]
    selected = assignment[len(ids) : len(ids) + len(profiles)]
    return Facts(
        dict(zip(ids, id_values, strict=True)),
        frozenset(p for p, on in zip(profiles, selected, strict=True) if on),
        assignment[-1],
    )


@settings(deadline=None, max_examples=200)
@given(small_condition)
def test_evaluation_matches_truth_table_and_is_monotone(node: Node) -> None:
    ids, choices, profiles = choices_for(node)
    assignments = list(itertools.product(*choices))
    assume(len(assignments) <= 3000)
    compiled = compile_condition(node)
    table = {}
    for assignment in assignments:
        known = facts_from(ids, profiles, assignment)
        expected = reference(node, known)
        assert evaluate(node, known) is expected, (to_text(node), known)
        assert compiled(known) is expected, (to_text(node), known)
        table[assignment] = expected
    # Kleene monotonicity: a settled result stays settled whatever an unknown
    # turns out to be. Checking single fills suffices, as they chain.
    for assignment, result in table.items():
        if result is None:
            continue
        for index, value in enumerate(assignment):
            if value is not None:
                continue
            for filled in choices[index]:
                refined = (*assignment[:index], filled, *assignment[index + 1 :])
                assert table[refined] is result, (to_text(node), assignment, refined)


@settings(deadline=None, max_examples=300)
@given(small_condition, st.data())
def test_deciding_answers_alone_settle_the_result(node: Node, data: st.DataObject):
    ids, choices, profiles = choices_for(node)
    assignment = tuple(data.draw(st.sampled_from(c)) for c in choices)
    known = facts_from(ids, profiles, assignment)
    explanation = explain(node, known)
    assert explanation.value is evaluate(node, known)
    deciding = {atom for atom, _ in explanation.deciding}
    if explanation.value is None:
        unknown = {key for key in ids if known.values.get(key) is None}
        if known.product_subtype is None:
            unknown.add("Product Subtype")
        assert explanation.unanswered
        assert set(explanation.unanswered) <= unknown
        return
    # Keep only the deciding answers; forget the other ids and the subtype, and flip
    # every other profile (profiles cannot be unknown, so be adversarial instead).
    only_deciding = Facts(
        {key: value for key, value in known.values.items() if key in deciding},
        frozenset(p for p in profiles if (p in known.profiles) == (p in deciding)),
        known.product_subtype if "Product Subtype" in deciding else None,
    )
    assert evaluate(node, only_deciding) is explanation.value, explanation.text
