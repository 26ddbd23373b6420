"""The condition language: syntax, canonical text, three-valued evaluation, reasons.

Database-free: the module under test imports nothing from Django.
"""

from collections.abc import Callable

import pytest

from rules.conditions import (
    DEFAULT_PROFILES,
    And,
    Compare,
    ConditionSyntaxError,
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

F = Feature
MODE_1_2 = "Mode 1/2-only Charging Station"


# --- Syntax ------------------------------------------------------------------------

DOCUMENT_EXAMPLES = [
    ("C-44 or NOT AQ-6", Or((F("C-44"), Not(F("AQ-6")))), "C-44 or NOT AQ-6"),
    (
        "(C-30 or C-31 or C-32 or C-35) and NOT AQ-2",
        And((Or((F("C-30"), F("C-31"), F("C-32"), F("C-35"))), Not(F("AQ-2")))),
        "(C-30 or C-31 or C-32 or C-35) and NOT AQ-2",
    ),
    ("HFS-8 > 1", Compare("HFS-8", ">", 1), "HFS-8 > 1"),
    (
        f'NOT C-09.5 and NOT Product Subtype "{MODE_1_2}"',
        And((Not(F("C-09.5")), Not(ProductSubtype(MODE_1_2)))),
        f'NOT C-09.5 and NOT Product Subtype "{MODE_1_2}"',
    ),
    (
        "C-01 and (C-30 - C-35 or ISO 15118 support)",
        And((F("C-01"), Or((Range("C-30", "C-35"), Profile("ISO 15118 support"))))),
        "C-01 and (C-30 - C-35 or ISO 15118 support)",
    ),
    (
        "C-48.1 and (C-36 -(or) C-39)",
        And((F("C-48.1"), Range("C-36", "C-39"))),
        "C-48.1 and C-36 - C-39",
    ),
    ("NOT Smart Charging", Not(Profile("Smart Charging")), "NOT Smart Charging"),
    (
        "HFS-1 and C-10.1 and (C-52 or NOT (C-10.2 or C-10.3 or C-10.4))",
        And(
            (
                F("HFS-1"),
                F("C-10.1"),
                Or((F("C-52"), Not(Or((F("C-10.2"), F("C-10.3"), F("C-10.4")))))),
            )
        ),
        "HFS-1 and C-10.1 and (C-52 or NOT (C-10.2 or C-10.3 or C-10.4))",
    ),
    (
        "C-20 and NOT C-43 and NOT AQ-7 and HFS-8 > 1",
        And((F("C-20"), Not(F("C-43")), Not(F("AQ-7")), Compare("HFS-8", ">", 1))),
        "C-20 and NOT C-43 and NOT AQ-7 and HFS-8 > 1",
    ),
]


@pytest.mark.parametrize(("text", "expected", "canonical"), DOCUMENT_EXAMPLES)
def test_parses_document_example(text: str, expected: Node, canonical: str) -> None:
    assert parse(text) == expected
    assert to_text(parse(text)) == canonical


SYNTAX_FORMS = [
    # ids of every family the document uses
    ("C-01", F("C-01")),
    ("C-09.1", F("C-09.1")),
    ("AS-2", F("AS-2")),
    ("AQ-2", F("AQ-2")),
    ("HFS-8", F("HFS-8")),
    ("ORS-5", F("ORS-5")),
    ("ISO-3", F("ISO-3")),
    ("OR-5 or NOT-2", Or((F("OR-5"), F("NOT-2")))),
    # operators and their case
    ("C-01 and C-02", And((F("C-01"), F("C-02")))),
    ("C-01 AND C-02 And C-03", And((F("C-01"), F("C-02"), F("C-03")))),
    ("C-01 or C-02", Or((F("C-01"), F("C-02")))),
    ("C-01 OR C-02 Or C-03", Or((F("C-01"), F("C-02"), F("C-03")))),
    ("NOT C-01", Not(F("C-01"))),
    ("not C-01", Not(F("C-01"))),
    ("NOT NOT C-01", Not(Not(F("C-01")))),
    ("NOT(C-01)", Not(F("C-01"))),
    # precedence: NOT > and > or
    ("NOT C-01 and C-02", And((Not(F("C-01")), F("C-02")))),
    ("C-01 or C-02 and C-03", Or((F("C-01"), And((F("C-02"), F("C-03")))))),
    ("C-01 and C-02 or C-03", Or((And((F("C-01"), F("C-02"))), F("C-03")))),
    ("NOT C-01 or C-02", Or((Not(F("C-01")), F("C-02")))),
    # parentheses
    ("(C-01 or C-02) and C-03", And((Or((F("C-01"), F("C-02"))), F("C-03")))),
    ("((C-01))", F("C-01")),
    ("(C-01 and C-02) and C-03", And((F("C-01"), F("C-02"), F("C-03")))),
    ("NOT (C-01 and C-02)", Not(And((F("C-01"), F("C-02"))))),
    # comparisons
    ("HFS-8 > 1", Compare("HFS-8", ">", 1)),
    ("HFS-8 >= 2", Compare("HFS-8", ">=", 2)),
    ("HFS-8 < 3", Compare("HFS-8", "<", 3)),
    ("HFS-8 <= 4", Compare("HFS-8", "<=", 4)),
    ("HFS-8 = 0", Compare("HFS-8", "=", 0)),
    ("HFS-8>=2", Compare("HFS-8", ">=", 2)),
    ("NOT HFS-8 > 1", Not(Compare("HFS-8", ">", 1))),
    # ranges
    ("C-30 - C-35", Range("C-30", "C-35")),
    ("C-30-C-35", Range("C-30", "C-35")),
    ("C-30 -C-35", Range("C-30", "C-35")),
    ("C-36 -(or) C-39", Range("C-36", "C-39")),
    ("C-36 -(OR) C-39", Range("C-36", "C-39")),
    ("C-36 - ( or ) C-39", Range("C-36", "C-39")),
    ("C-09.1 - C-09.3", Range("C-09.1", "C-09.3")),
    ("NOT C-30 - C-35", Not(Range("C-30", "C-35"))),
    ("C-01 and C-30-C-35", And((F("C-01"), Range("C-30", "C-35")))),
    # profiles: case-insensitive, any whitespace between words, canonical name kept
    ("Core", Profile("Core")),
    ("core", Profile("Core")),
    ("SMART CHARGING", Profile("Smart Charging")),
    ("Smart   Charging", Profile("Smart Charging")),
    ("Smart\nCharging", Profile("Smart Charging")),
    ("iso 15118 SUPPORT", Profile("ISO 15118 support")),
    (
        "Local Authorization List Management",
        Profile("Local Authorization List Management"),
    ),
    ("Advanced Security or Core", Or((Profile("Advanced Security"), Profile("Core")))),
    # product subtype: keywords case-insensitive, the value verbatim
    (f'Product Subtype "{MODE_1_2}"', ProductSubtype(MODE_1_2)),
    ('product SUBTYPE "DC"', ProductSubtype("DC")),
    ('Product Subtype " spaced  out "', ProductSubtype(" spaced  out ")),
    ('Product Subtype""', ProductSubtype("")),
    # whitespace
    ("  C-01\tand\n C-02  ", And((F("C-01"), F("C-02")))),
    ("(C-01)and(C-02)", And((F("C-01"), F("C-02")))),
]


@pytest.mark.parametrize(("text", "expected"), SYNTAX_FORMS)
def test_parses_syntax_form(text: str, expected: Node) -> None:
    assert parse(text) == expected


CANONICAL_TEXT = [
    ("C-01 AND C-02", "C-01 and C-02"),
    ("not C-01", "NOT C-01"),
    ("(C-01)", "C-01"),
    ("C-01 or (C-02 and C-03)", "C-01 or C-02 and C-03"),
    ("(C-01 or C-02) and C-03", "(C-01 or C-02) and C-03"),
    ("NOT (C-01 and C-02)", "NOT (C-01 and C-02)"),
    ("NOT (C-01 or C-02)", "NOT (C-01 or C-02)"),
    ("NOT (C-30 - C-35)", "NOT C-30 - C-35"),
    ("NOT (HFS-8 > 1)", "NOT HFS-8 > 1"),
    ("C-36 -(or) C-39", "C-36 - C-39"),
    ("C-30-C-35", "C-30 - C-35"),
    ("smart  charging", "Smart Charging"),
    ('product subtype "DC"', 'Product Subtype "DC"'),
    ("HFS-8>1", "HFS-8 > 1"),
]


@pytest.mark.parametrize(("text", "canonical"), CANONICAL_TEXT)
def test_prints_canonical_text(text: str, canonical: str) -> None:
    assert to_text(parse(text)) == canonical


@pytest.mark.parametrize(
    ("start", "end", "members"),
    [
        ("C-30", "C-35", ("C-30", "C-31", "C-32", "C-33", "C-34", "C-35")),
        ("C-09.1", "C-09.3", ("C-09.1", "C-09.2", "C-09.3")),
        ("C-08", "C-10", ("C-08", "C-09", "C-10")),
        ("C-9", "C-10", ("C-9", "C-10")),
        ("AQ-1", "AQ-2", ("AQ-1", "AQ-2")),
    ],
)
def test_range_members_keep_zero_padding(start: str, end: str, members: tuple) -> None:
    assert Range(start, end).members() == members


def test_custom_profiles_extend_the_language() -> None:
    profiles = [*DEFAULT_PROFILES, "Battery Swap"]
    assert parse("battery swap and C-01", profiles) == And(
        (Profile("Battery Swap"), F("C-01"))
    )
    with pytest.raises(ConditionSyntaxError):
        parse("Battery Swap")


def test_longer_profile_name_wins_over_its_prefix() -> None:
    profiles = ["Advanced", "Advanced Security"]
    assert parse("Advanced Security", profiles) == Profile("Advanced Security")
    assert parse("Advanced and C-01", profiles) == And((Profile("Advanced"), F("C-01")))


BAD_INPUTS = [
    ("", 0, "a condition", "end of input"),
    ("   ", 3, "a condition", "end of input"),
    ("C-01 and", 8, "an id, a profile name or '('", "end of input"),
    ("C-01 and xyz", 9, "an id, a profile name or '('", "'xyz'"),
    ("C-01 and and C-02", 9, "an id, a profile name or '('", "'and'"),
    ("NOT", 3, "an id, a profile name or '('", "end of input"),
    ("()", 1, "an id, a profile name or '('", "')'"),
    ("c-01", 0, "an id, a profile name or '('", "'c-01'"),
    ("C-1a", 0, "an id, a profile name or '('", "'C-1a'"),
    ("ABCDE-1", 0, "an id, a profile name or '('", "'ABCDE-1'"),
    ("C-09.", 0, "an id, a profile name or '('", "'C-09.'"),
    ("Smart", 0, "an id, a profile name or '('", "'Smart'"),
    ("C-01 C-02", 5, "'and', 'or' or end of input", "'C-02'"),
    ("C-01)", 4, "'and', 'or' or end of input", "')'"),
    ("HFS-8 > 1 > 2", 10, "'and', 'or' or end of input", "'>'"),
    ("HFS-8 > 1.5", 9, "'and', 'or' or end of input", "'.5'"),
    ("(C-01 or C-02", 13, "'and', 'or' or ')'", "end of input"),
    ("((C-01)", 7, "'and', 'or' or ')'", "end of input"),
    ("HFS-8 >", 7, "a whole number", "end of input"),
    ("HFS-8 > x", 8, "a whole number", "'x'"),
    ("C-30 -", 6, "an id to end the range", "end of input"),
    ("C-30 - 35", 7, "an id to end the range", "'35'"),
    ("C-30 - AQ-35", 7, "an id in the same series as C-30", "'AQ-35'"),
    ("C-35 - C-30", 7, "an id after C-35", "'C-30'"),
    ("C-30 - C-30", 7, "an id after C-30", "'C-30'"),
    ("C-09.1 - C-10.3", 9, "an id in the same series as C-09.1", "'C-10.3'"),
    ("C-09 - C-09.3", 7, "an id in the same series as C-09", "'C-09.3'"),
    ("C-09.1 - C-09", 9, "an id in the same series as C-09.1", "'C-09'"),
    ("C-09 - C-010", 7, "an id in the same series as C-09", "'C-010'"),
    ("Product Subtype X", 16, "a double-quoted product subtype", "'X'"),
    ('Product Subtype "open', 16, "a double-quoted product subtype", "'\"open'"),
    ("(" * 101 + "C-01" + ")" * 101, 100, "at most 100 levels of NOT and '('", "'('"),
]


@pytest.mark.parametrize(("text", "position", "expected", "found"), BAD_INPUTS)
def test_bad_input_reports_position_and_expectation(
    text: str, position: int, expected: str, found: str
) -> None:
    with pytest.raises(ConditionSyntaxError) as caught:
        parse(text)
    error = caught.value
    assert (error.position, error.expected) == (position, expected)
    assert (
        str(error) == f"at position {position}: expected {expected} but found {found}"
    )


def test_syntax_error_is_a_value_error() -> None:
    assert issubclass(ConditionSyntaxError, ValueError)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: And((F("C-01"),)), "at least two operands"),
        (lambda: Or(()), "at least two operands"),
        (lambda: F("c-01"), "not a feature id"),
        (lambda: F("C-01 "), "not a feature id"),
        (lambda: Range("C-35", "C-30"), "expected an id after C-35"),
        (lambda: Compare("HFS-8", "!=", 1), "unknown comparison"),
        (lambda: Compare("HFS-8", ">", -1), "must not be negative"),
        (lambda: ProductSubtype('say "hi"'), "cannot contain"),
        (lambda: Profile(" Core"), "not a profile name"),
        (lambda: Profile(""), "not a profile name"),
    ],
)
def test_nodes_refuse_what_cannot_be_printed_back(
    build: Callable[[], Node], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        build()


def test_nested_and_or_are_flattened_on_construction() -> None:
    nested = And(
        (And((F("C-01"), F("C-02"))), Or((F("C-03"), Or((F("C-04"), F("C-05"))))))
    )
    assert nested == And(
        (F("C-01"), F("C-02"), Or(tuple(map(F, ("C-03", "C-04", "C-05")))))
    )


def test_atoms_expand_ranges_and_include_comparisons() -> None:
    node = parse("C-01 and (C-30 - C-32 or HFS-8 > 1) and NOT Core or Smart Charging")
    assert atoms(node) == {"C-01", "C-30", "C-31", "C-32", "HFS-8"}
    assert profiles_used(node) == {"Core", "Smart Charging"}
