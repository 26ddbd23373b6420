"""Hand-written device reports for the table-driven tests."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from devicemodel import Catalogue, ReportInput, read_reports

CATALOGUE_FIXTURE = (
    Path(__file__).resolve().parents[2]
    / "fixtures"
    / "catalogue"
    / "ocpp201-part5-2023-06.json"
)


def entry(
    component: str,
    variable: str,
    value: str | None = None,
    *,
    instance: str | None = None,
    evse: int | None = None,
    connector: int | None = None,
    mutability: str | None = None,
    values_list: str | None = None,
    data_type: str = "string",
) -> dict:
    """One ReportDataType: `TxCtrlr.TxStartPoint = EVConnected,Authorized`."""
    reported_component: dict = {"name": component}
    if evse is not None:
        reported_component["evse"] = {"id": evse}
        if connector is not None:
            reported_component["evse"]["connectorId"] = connector
    reported_variable: dict = {"name": variable}
    if instance is not None:
        reported_variable["instance"] = instance
    attribute: dict = {"type": "Actual"}
    if value is not None:
        attribute["value"] = value
    if mutability is not None:
        attribute["mutability"] = mutability
    characteristics: dict = {"dataType": data_type, "supportsMonitoring": False}
    if values_list is not None:
        characteristics["valuesList"] = values_list
    return {
        "component": reported_component,
        "variable": reported_variable,
        "variableAttribute": [attribute],
        "variableCharacteristics": characteristics,
    }


def notify_report(*entries: dict, seq_no: int = 0, tbc: bool = False, request_id=1):
    return {
        "requestId": request_id,
        "generatedAt": "2026-12-04T10:00:00Z",
        "seqNo": seq_no,
        "tbc": tbc,
        "reportData": list(entries),
    }


def boot(vendor="Voltwerk", model="VW-22", firmware="1.4.2") -> dict:
    station = {"vendorName": vendor, "model": model}
    if firmware is not None:
        station["firmwareVersion"] = firmware
    return {"reason": "PowerUp", "chargingStation": station}


def model_of(*entries: dict, boot_payload: dict | None = None):
    return read_reports(
        [ReportInput("report.json", notify_report(*entries))],
        boot=ReportInput("boot.json", boot_payload) if boot_payload else None,
    )


@cache
def fixture_export() -> dict:
    """The parts of the shipped catalogue fixture propose needs, in the export's
    shape, read without a database."""
    objects = json.loads(CATALOGUE_FIXTURE.read_text())
    fields = [(o["model"], o["fields"]) for o in objects]
    return {
        "profiles": [{"name": f["name"]} for m, f in fields if m == "profiles.profile"],
        "value_lists": [
            {"name": f["name"], "values": f["values"]}
            for m, f in fields
            if m == "profiles.valuelist"
        ],
        "features": [
            {
                "id": f["code"],
                "side": f["side"],
                "config_variable": f["config_variable"],
                "value_list": f["value_list"][1] if f["value_list"] else None,
                "profile": f["profile"][1],
            }
            for m, f in fields
            if m == "profiles.feature"
        ],
        "questions": [
            {"id": f["code"], "side": f["side"]}
            for m, f in fields
            if m == "profiles.question"
        ],
        "hardware_features": [
            {"id": f["code"]} for m, f in fields if m == "profiles.hardwarefeature"
        ],
    }


def fixture_catalogue() -> Catalogue:
    return Catalogue.from_export(fixture_export())
