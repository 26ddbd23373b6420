"""Proposals as a PICS document, and the answers of a PICS the station
contradicts (no database)."""

from devicemodel import contradictions, propose, to_pics_document
from rules.document import PicsDocument
from tests.devicemodel.reports import boot, entry, model_of

RO = "ReadOnly"


def proposals_of(*entries, boot_payload=None):
    return propose(model_of(*entries, boot_payload=boot_payload))


def test_document_lists_supported_features_and_leaves_the_rest_open():
    document = to_pics_document(
        proposals_of(
            entry(
                "TxCtrlr",
                "TxStartPoint",
                "EVConnected",
                values_list="EVConnected",
                mutability=RO,
            ),
            entry("Connector", "ConnectorType", "cCCS2", evse=1, connector=1),
        ),
        edition="ocpp201-part5-2023-06",
        hardware_version="B",
    )
    assert document["features"] == ["C-09.1"]  # C-09.2 .. C-09.6: no
    assert document["hardware"] == {
        "HFS-1": False,
        "HFS-2": True,
        "HFS-3": False,
        "HFS-4": True,
    }
    assert document["questions"] == {"AQ-9": False}
    assert document["profiles"] == ["Core"]
    assert document["product"] == {
        "vendor": "",
        "model": "",
        "hardware_version": "B",
        "firmware_version": "",
    }


def pics(**answers) -> PicsDocument:
    return PicsDocument(
        sut="cs",
        product={
            "vendor": "Voltwerk",
            "model": "VW-22",
            "hardware_version": "A",
            "firmware_version": "1.4.2",
        },
        **answers,
    )


def test_contradiction_names_the_claim_and_the_evidence():
    proposals = proposals_of(entry("AuthCacheCtrlr", "Enabled", "true"))
    (found,) = contradictions(pics(features=()), proposals)
    assert found.id == "C-49"
    assert found.message == (
        "PICS says C-49 not supported; AuthCacheCtrlr.Enabled = true"
    )


def test_claimed_support_the_station_rules_out():
    proposals = proposals_of(
        entry(
            "TxCtrlr",
            "TxStartPoint",
            "EVConnected",
            values_list="EVConnected",
            mutability=RO,
        ),
        entry("LocalAuthListCtrlr", "Available", "false", mutability=RO),
    )
    found = {
        c.id: c.message
        for c in contradictions(
            pics(
                profiles=("Core", "Local Authorization List Management"),
                features=("C-09.1", "C-09.6"),
            ),
            proposals,
        )
    }
    assert found == {
        "Local Authorization List Management": (
            "PICS says Local Authorization List Management supported; "
            "LocalAuthListCtrlr.Available = false (ReadOnly)"
        ),
        "C-09.6": (
            "PICS says C-09.6 supported; TxCtrlr.TxStartPoint valuesList = EVConnected"
        ),
    }


def test_values_hardware_and_product_compared():
    proposals = proposals_of(
        entry("ClockCtrlr", "TimeSource", "Heartbeat", values_list="Heartbeat,NTP"),
        entry("EVSE", "Available", "true", evse=1),
        boot_payload=boot("Voltwerk", "VW-22", "1.5.0"),
    )
    found = {
        c.id: c
        for c in contradictions(
            pics(values={"C-23": ("Heartbeat", "GPS")}, hardware={"HFS-8": 2}),
            proposals,
        )
    }
    assert set(found) == {"C-23", "HFS-8", "product.firmware_version"}
    assert found["C-23"].message == (
        "PICS lists GPS for C-23; ClockCtrlr.TimeSource valuesList = Heartbeat,NTP"
    )
    assert found["HFS-8"].message == (
        "PICS says HFS-8 = 2; EVSE components reported for evse 1"
    )
    assert found["product.firmware_version"].to_json()["reported"] == "1.5.0"


def test_agreeing_and_unanswered_answers_are_no_contradiction():
    proposals = proposals_of(
        entry("ClockCtrlr", "TimeSource", "Heartbeat", values_list="Heartbeat,NTP"),
        entry("Connector", "ConnectorType", "sType2", evse=1, connector=1),
        entry("AuthCacheCtrlr", "Enabled", "true"),
    )
    document = pics(features=("C-49",), values={"C-23": ("Heartbeat",)})
    assert contradictions(document, proposals) == []
