"""What one feature switch changes in this PICS's plan (database-free)."""

import dataclasses

from rules.catalogue import usage_index
from rules.document import PicsDocument
from rules.feature_effects import feature_effects


def fresh_station() -> PicsDocument:
    return PicsDocument(
        sut="cs",
        edition="ocpp201-part5-2023-06",
        product={
            "vendor": "V",
            "model": "M",
            "hardware_version": "1",
            "firmware_version": "1",
        },
    )


def test_a_feature_whose_cases_need_more_says_what(catalogue):
    effects = feature_effects(catalogue, fresh_station(), usage_index(catalogue))
    c07 = effects["C-07"]
    assert c07.brings == [] and c07.already == []
    assert len(c07.waiting) == 3
    assert c07.summary.startswith("Adds no test case for this PICS: ")
    assert "needs more than C-07 (C-30 no" in c07.summary


def test_a_feature_counts_what_it_would_add_here(catalogue):
    document = dataclasses.replace(fresh_station(), features=("C-30",))
    effects = feature_effects(catalogue, document, usage_index(catalogue))
    assert effects["C-07"].summary == "Would add 3 test cases for this PICS"
    assert effects["C-07"].supported is False


def test_a_case_already_in_the_plan_is_said(catalogue):
    document = dataclasses.replace(fresh_station(), features=("C-30", "C-08"))
    effect = feature_effects(
        catalogue, document, usage_index(catalogue), feature_ids=["C-07"]
    )["C-07"]
    assert effect.already == ["TC_C_45"]
    assert effect.summary == (
        "Would add 2 test cases for this PICS (1 more already applies)"
    )
    assert effect.explanation == "TC_C_45 already applies (C-30 yes, C-08 yes)"
