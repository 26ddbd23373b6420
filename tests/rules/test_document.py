"""Reading the PICS interchange format: structure only (database-free)."""

import pytest

from rules.document import FORMAT, canonical_json, pics_sha256, read_document
from tests.pics.examples import example


def messages(problems):
    return [p.message for p in problems]


def test_examples_read_without_problems():
    for name in ("ac-charging-station", "dc-charging-station-iso15118", "csms"):
        document, problems = read_document(example(name))
        assert document is not None and problems == []


def test_round_trip_through_json():
    document, _ = read_document(example("ac-charging-station"))
    again, problems = read_document(document.to_json())
    assert problems == [] and again == document


def test_canonical_json_is_sorted_and_compact_and_hash_is_stable():
    document, _ = read_document(example("csms"))
    text = canonical_json(document)
    assert text.startswith('{"edition":"ocpp201-part5-2023-06","features":[')
    assert " " not in text.split('"product"')[0]
    assert pics_sha256(document) == pics_sha256(read_document(example("csms"))[0])
    changed = example("csms") | {"features": ["C-11"]}
    assert pics_sha256(read_document(changed)[0]) != pics_sha256(document)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ([], "A PICS is a JSON object, not a list."),
        ("x", "A PICS is a JSON object, not a string."),
        ({"format": FORMAT}, '"sut" must be "cs" (Charging Station) or "csms"'),
        (
            {"format": FORMAT, "sut": "ev"},
            '"sut" must be "cs" (Charging Station) or "csms"',
        ),
        ({"format": FORMAT, "sut": []}, '"sut" must be "cs"'),
        ({"format": FORMAT, "sut": {"x": 1}}, '"sut" must be "cs"'),
    ],
)
def test_unusable_documents(raw, expected):
    document, problems = read_document(raw)
    assert document is None
    assert any(expected in m for m in messages(problems))


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"format": "pics/0"}, '"format" must be "certplanner.pics/1"'),
        ({"extra": 1}, "Unknown field 'extra'."),
        ({"features": "C-01"}, "features must be a list of ids, not a string."),
        ({"features": [1]}, "features may hold only short strings, not 1."),
        ({"features": ["C-01", "C-01"]}, "C-01 is listed twice in features."),
        (
            {"profiles": {"Core": True}},
            "profiles must be a list of ids, not an object.",
        ),
        ({"values": ["C-23"]}, "values must be an object, not a list."),
        (
            {"values": {"C-23": "NTP"}},
            "values[C-23] must be a list of ids, not a string.",
        ),
        ({"questions": {"AQ-2": "yes"}}, "The answer to AQ-2 must be true or false"),
        (
            {"hardware": {"HFS-8": "2"}},
            "The hardware answer HFS-8 must be true/false or",
        ),
        ({"product": {"vendor": "V"}}, "The product's model is missing."),
        ({"product": "V"}, "product must be an object, not a string."),
        ({"product_subtype": 3}, "product_subtype must be a text or null."),
        ({"edition": 2023}, "edition must be an edition code."),
        ({"features": ["x" * 500]}, "features may hold only short strings"),
        ({"features": ["C-01"] * 2000}, "features has more than 1000 items."),
    ],
)
def test_structural_problems_are_named(change, expected):
    document, problems = read_document(example("ac-charging-station") | change)
    assert document is not None
    assert any(expected in m for m in messages(problems)), messages(problems)
    assert all(p.severity in ("error", "warning") for p in problems)


def test_missing_question_is_unanswered_not_no():
    raw = example("ac-charging-station")
    del raw["questions"]["AQ-2"]
    document, _ = read_document(raw)
    assert "AQ-2" not in document.questions
    raw["questions"]["AQ-2"] = None
    document, _ = read_document(raw)
    assert "AQ-2" not in document.questions


def test_fractional_hardware_answer_names_the_value():
    _, problems = read_document(
        example("ac-charging-station") | {"hardware": {"HFS-8": 2.5}}
    )
    assert (
        "HFS-8 must be true/false or a whole number, not 2.5." in messages(problems)[0]
    )
