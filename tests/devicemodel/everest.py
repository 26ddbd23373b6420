"""EVerest libocpp's shipped component configuration (data/everest, see its NOTICE)
as the NotifyReport messages its station sends for GetBaseReport(FullInventory)."""

from __future__ import annotations

import json
from pathlib import Path

DATA = Path(__file__).parent / "data"
EVEREST_CONFIG = DATA / "everest"


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def report_data(config_dir: Path = EVEREST_CONFIG) -> list[dict]:
    """One ReportDataType per variable, as libocpp reports them: the attributes'
    values as text, the characteristics as configured."""
    entries = []
    for path in sorted(config_dir.glob("*/*.json")):
        config = json.loads(path.read_text())
        component = {"name": config["name"]}
        if "evse_id" in config:
            component["evse"] = {"id": config["evse_id"]}
            if "connector_id" in config:
                component["evse"]["connectorId"] = config["connector_id"]
        for prop in config["properties"].values():
            variable = {"name": prop["variable_name"]}
            if "instance" in prop:
                variable["instance"] = prop["instance"]
            attributes = []
            for attribute in prop["attributes"]:
                reported = {"type": attribute["type"]}
                if "mutability" in attribute:
                    reported["mutability"] = attribute["mutability"]
                if "value" in attribute:
                    reported["value"] = _text(attribute["value"])
                attributes.append(reported)
            characteristics = {
                key: prop["characteristics"][key]
                for key in ("unit", "dataType", "maxLimit", "minLimit", "valuesList")
                if key in prop["characteristics"]
            }
            characteristics["supportsMonitoring"] = prop["characteristics"].get(
                "supportsMonitoring", False
            )
            entries.append(
                {
                    "component": component,
                    "variable": variable,
                    "variableAttribute": attributes,
                    "variableCharacteristics": characteristics,
                }
            )
    return entries


def notify_reports(items_per_message: int = 100, request_id: int = 1) -> list[dict]:
    """The report in parts of `items_per_message` (DeviceDataCtrlr.ItemsPerMessage
    [GetReport] is 100 in this configuration), with seqNo and tbc."""
    entries = report_data()
    chunks = [
        entries[i : i + items_per_message]
        for i in range(0, len(entries), items_per_message)
    ]
    return [
        {
            "requestId": request_id,
            "generatedAt": "2026-04-27T14:48:16Z",
            "seqNo": seq,
            "tbc": seq < len(chunks) - 1,
            "reportData": chunk,
        }
        for seq, chunk in enumerate(chunks)
    ]


BOOT = {
    "reason": "PowerUp",
    "chargingStation": {
        "vendorName": "Pionix",
        "model": "Yeti",
        "firmwareVersion": "2026.4.0",
        "serialNumber": "cp001",
    },
}
