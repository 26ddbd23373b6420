"""The mapping table, rule by rule, against hand-written reports (no database).

Each case: the reported variables, the answers they must give, and the answers
they must leave open (never "no" where the station does not tell)."""

import pytest

from devicemodel import propose
from tests.devicemodel.reports import boot, entry, fixture_catalogue, model_of

RO = "ReadOnly"
START = "EVConnected,Authorized,PowerPathClosed,EnergyTransfer,DataSigned"
MEASURANDS = "Energy.Active.Import.Register,Current.Import,Voltage"

CASES = [
    # TxStartPoint / TxStopPoint: members of the valuesList are supported, the
    # others are not; without a valuesList only the configured members say yes.
    (
        "start points from valuesList",
        [entry("TxCtrlr", "TxStartPoint", "PowerPathClosed", values_list=START)],
        {"C-09.1": True, "C-09.2": True, "C-09.3": True, "C-09.4": True,
         "C-09.5": True, "C-09.6": False},
        [],
    ),
    (
        "start points without valuesList",
        [entry("TxCtrlr", "TxStartPoint", "EVConnected,Authorized")],
        {"C-09.1": True, "C-09.2": True},
        ["C-09.3", "C-09.4", "C-09.5", "C-09.6"],
    ),
    (
        "stop points",
        [entry("TxCtrlr", "TxStopPoint", "EVConnected",
               values_list="EVConnected,Authorized")],
        {"C-10.1": True, "C-10.2": True, "C-10.3": False, "C-10.4": False,
         "C-10.5": False},
        [],
    ),
    (
        "configurable start point",
        [entry("TxCtrlr", "TxStartPoint", "Authorized"),
         entry("TxCtrlr", "TxStopPoint", "EVConnected", mutability=RO)],
        {"C-51": True, "C-52": False},
        [],
    ),
    # Measurands (C-40.1 .. C-40.5)
    (
        "measurand lists",
        [entry("SampledDataCtrlr", "TxStartedMeasurands", "Voltage",
               values_list=MEASURANDS),
         entry("SampledDataCtrlr", "TxUpdatedMeasurands", "Voltage,SoC"),
         entry("SampledDataCtrlr", "TxEndedMeasurands", "Current.Import"),
         entry("AlignedDataCtrlr", "Measurands", "Frequency"),
         entry("AlignedDataCtrlr", "TxEndedMeasurands", "Energy.Active.Net")],
        {"C-40.1": tuple(MEASURANDS.split(",")), "C-40.2": ("Voltage", "SoC"),
         "C-40.3": ("Current.Import",), "C-40.4": ("Frequency",),
         "C-40.5": ("Energy.Active.Net",)},
        [],
    ),
    (
        "empty measurand list says nothing",
        [entry("SampledDataCtrlr", "TxStartedMeasurands", "")],
        {},
        ["C-40.1"],
    ),
    # Time sources (C-23)
    (
        "time sources",
        [entry("ClockCtrlr", "TimeSource", "NTP,Heartbeat",
               values_list="Heartbeat,NTP,GPS")],
        {"C-23": ("Heartbeat", "NTP", "GPS")},
        [],
    ),
    (
        "time sources without valuesList",
        [entry("ClockCtrlr", "TimeSource", "Heartbeat,RealTimeClock")],
        {"C-23": ("Heartbeat", "RealTimeClock")},
        [],
    ),
    (
        "time offset and zone",
        [entry("ClockCtrlr", "TimeOffset", "+01:00"), entry("ClockCtrlr", "TimeZone")],
        {"C-25": True, "C-26": True},
        [],
    ),
    # Authorization cache (C-49, C-53, C-54, C-59)
    (
        "auth cache enabled",
        [entry("AuthCacheCtrlr", "Enabled", "true"),
         entry("AuthCacheCtrlr", "Policy", "LRU", values_list="LRU,FIFO"),
         entry("AuthCacheCtrlr", "LifeTime", "86400"),
         entry("AuthCacheCtrlr", "DisablePostAuthorize", "false")],
        {"C-49": True, "C-54": ("LRU", "FIFO"), "C-53": True, "C-59": True},
        [],
    ),
    (
        "auth cache disabled but switchable",
        [entry("AuthCacheCtrlr", "Enabled", "false")],
        {"C-49": True},
        ["C-54", "C-53"],
    ),
    (
        "auth cache fixed off",
        [entry("AuthCacheCtrlr", "Enabled", "false", mutability=RO)],
        {"C-49": False},
        [],
    ),
    # Offline and unknown-id authorisation
    (
        "offline authorisation",
        [entry("AuthCtrlr", "LocalAuthorizeOffline", "true"),
         entry("AuthCtrlr", "OfflineTxForUnknownIdEnabled", "false", mutability=RO),
         entry("AuthCtrlr", "DisableRemoteAuthorization", "false"),
         entry("TxCtrlr", "MaxEnergyOnInvalidId", "1000")],
        {"C-01": True, "C-02": False, "C-58": True, "C-03": True},
        [],
    ),
    (
        "remote start authorisation fixed",
        [entry("AuthCtrlr", "AuthorizeRemoteStart", "true", mutability=RO)],
        {"C-48.1": True, "C-48.2": False},
        [],
    ),
    (
        "remote start authorisation configurable",
        [entry("AuthCtrlr", "AuthorizeRemoteStart", "false")],
        {"C-48.1": True, "C-48.2": True},
        [],
    ),
    # Cable disconnect on the EV side (C-06, C-12)
    (
        "stop on EV side disconnect fixed",
        [entry("TxCtrlr", "StopTxOnEVSideDisconnect", "true", mutability=RO),
         entry("OCPPCommCtrlr", "UnlockOnEVSideDisconnect", "false", mutability=RO)],
        {"C-06.1": False, "C-06.2": True, "C-12.1": False, "C-12.2": True},
        [],
    ),
    # Configuration variables Part 5 names
    (
        "configuration variables",
        [entry("OCPPCommCtrlr", "WebSocketPingInterval", "30"),
         entry("OCPPCommCtrlr", "QueueAllMessages", "true"),
         entry("OCPPCommCtrlr", "MinimumStatusDuration", "5"),
         entry("ChargingStation", "AllowNewSessionsPendingFirmwareUpdate", "false"),
         entry("AlignedDataCtrlr", "SendDuringIdle", "false"),
         entry("SampledDataCtrlr", "SignReadings", "true"),
         entry("DeviceDataCtrlr", "BytesPerMessage", "2048",
               instance="GetVariables", mutability=RO)],
        {"C-05": True, "C-21": True, "C-04": True, "C-20": True, "C-28": True,
         "C-42": True, "ORS-5": True},
        ["C-43", "C-07", "C-08"],
    ),
    (
        "ping interval fixed",
        [entry("OCPPCommCtrlr", "WebSocketPingInterval", "30", mutability=RO)],
        {"C-05": False},
        [],
    ),
    (
        "another instance of BytesPerMessage says nothing of GetVariables",
        [entry("DeviceDataCtrlr", "BytesPerMessage", "2048", instance="GetReport")],
        {},
        ["ORS-5"],
    ),
    (
        "certificate signing needs both variables",
        [entry("SecurityCtrlr", "CertSigningWaitMinimum", "30")],
        {},
        ["AS-3"],
    ),
    (
        "certificate signing and root check",
        [entry("SecurityCtrlr", "CertSigningWaitMinimum", "30"),
         entry("SecurityCtrlr", "CertSigningRepeatTimes", "3"),
         entry("SecurityCtrlr", "AdditionalRootCertificateCheck", "true",
               mutability=RO)],
        {"AS-3": True, "AS-2": True},
        [],
    ),
    # Profiles from controller components
    (
        "controller components",
        [entry("LocalAuthListCtrlr", "Enabled", "true"),
         entry("SmartChargingCtrlr", "Available", "true", mutability=RO),
         entry("ReservationCtrlr", "Enabled", "false"),
         entry("DisplayMessageCtrlr", "DisplayMessages", "10"),
         entry("ISO15118Ctrlr", "PnCEnabled", "true"),
         entry("MonitoringCtrlr", "Enabled", "true")],
        {"Local Authorization List Management": True, "Smart Charging": True,
         "Reservation": True, "Advanced User Interface": True,
         "ISO 15118 support": True, "Advanced Device Management": True},
        ["Advanced Security"],
    ),
    (
        "controller reported unavailable",
        [entry("LocalAuthListCtrlr", "Available", "false", mutability=RO),
         entry("ReservationCtrlr", "Enabled", "false", mutability=RO)],
        {"Local Authorization List Management": False, "Reservation": False},
        ["Smart Charging"],
    ),
    (
        "security profile 3 is Advanced Security",
        [entry("SecurityCtrlr", "SecurityProfile", "3")],
        {"Advanced Security": True},
        [],
    ),
    (
        "security profile 2 says nothing of Advanced Security",
        [entry("SecurityCtrlr", "SecurityProfile", "2")],
        {},
        ["Advanced Security"],
    ),
    # Hardware from the EVSE and Connector components
    (
        "AC sockets on three EVSEs",
        [entry("EVSE", "Available", "true", evse=1),
         entry("EVSE", "SupplyPhases", "3", evse=2),
         entry("EVSE", "Power", "22000", evse=3),
         entry("Connector", "ConnectorType", "sType2", evse=1, connector=1),
         entry("Connector", "ConnectorType", "sType2", evse=2, connector=1)],
        {"HFS-8": 3, "HFS-1": True, "HFS-2": False, "HFS-3": True, "HFS-4": False,
         "HFS-7": True, "AQ-9": True},
        ["HFS-5", "HFS-6"],
    ),
    (
        "DC with fixed cables",
        [entry("Connector", "ConnectorType", "cCCS2", evse=1, connector=1),
         entry("Connector", "ConnectorType", "cG105", evse=1, connector=2)],
        {"HFS-1": False, "HFS-2": True, "HFS-3": False, "HFS-4": True,
         "AQ-9": False},
        ["HFS-8"],
    ),
    (
        "AC and DC",
        [entry("Connector", "ConnectorType", "cType2", evse=1, connector=1),
         entry("Connector", "ConnectorType", "cCCS2", evse=2, connector=1)],
        {"HFS-3": True, "HFS-4": True, "HFS-2": True, "HFS-1": False},
        [],
    ),
    (
        "an unknown connector type leaves the kinds open",
        [entry("Connector", "ConnectorType", "sType2", evse=1, connector=1),
         entry("Connector", "ConnectorType", "Unknown", evse=2, connector=1)],
        {"HFS-1": True, "HFS-3": True},
        ["HFS-2", "HFS-4"],
    ),
    (
        "single phase",
        [entry("EVSE", "SupplyPhases", "1", evse=1)],
        {"HFS-5": True, "HFS-8": 1},
        ["HFS-6", "HFS-7"],
    ),
    (
        "phase switching gives single phase",
        [entry("EVSE", "SupplyPhases", "3", evse=1),
         entry("SmartChargingCtrlr", "Phases3to1", "true")],
        {"HFS-5": True, "HFS-7": True},
        [],
    ),
    (
        "reset per EVSE",
        [entry("EVSE", "AllowReset", "false", evse=1),
         entry("EVSE", "AllowReset", "true", evse=2)],
        {"C-13": True},
        [],
    ),
    (
        "no reset per EVSE",
        [entry("EVSE", "AllowReset", "false", evse=1, mutability=RO)],
        {"C-13": False},
        [],
    ),
    # Product
    (
        "product from ChargingStation without BootNotification",
        [entry("ChargingStation", "VendorName", "Ampere Grid"),
         entry("ChargingStation", "Model", "AG-150")],
        {"product.vendor": "Ampere Grid", "product.model": "AG-150"},
        ["product.firmware_version", "product.hardware_version"],
    ),
    # Names are case-insensitive (Part 2)
    (
        "names in another case",
        [entry("txctrlr", "TXSTARTPOINT", "EVConnected")],
        {"C-09.1": True},
        [],
    ),
    (
        "nothing reported, nothing proposed",
        [entry("CustomCtrlr", "Something", "true")],
        {},
        ["C-49", "C-09.1", "HFS-8", "Smart Charging", "C-54"],
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    ("entries", "expected", "open_ids"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_rule_gives_answers(entries, expected, open_ids):
    proposals = {p.id: p.value for p in propose(model_of(*entries))}
    assert {key: proposals.get(key) for key in expected} == expected
    assert not set(open_ids) & set(proposals)


def test_evidence_names_the_variable_and_its_value():
    model = model_of(entry("TxCtrlr", "TxStartPoint", "EVConnected,Authorized"))
    proposals = {p.id: p for p in propose(model)}
    assert (
        proposals["C-09.1"].evidence == "TxCtrlr.TxStartPoint = EVConnected,Authorized"
    )
    assert proposals["C-09.1"].sources == ("report.json",)


def test_evidence_names_evse_and_instance():
    model = model_of(
        entry("EVSE", "AllowReset", "true", evse=2, mutability=RO),
        entry("DeviceDataCtrlr", "BytesPerMessage", "512", instance="GetVariables"),
    )
    proposals = {p.id: p for p in propose(model)}
    assert proposals["C-13"].evidence == "EVSE(evse 2).AllowReset = true (ReadOnly)"
    assert (
        proposals["ORS-5"].evidence
        == "DeviceDataCtrlr.BytesPerMessage[GetVariables] = 512"
    )


def test_product_from_boot_notification():
    model = model_of(
        entry("ChargingStation", "VendorName", "Other name"),
        boot_payload=boot("Voltwerk", "VW-22", "1.4.2"),
    )
    proposals = {p.id: p for p in propose(model)}
    assert proposals["product.vendor"].value == "Voltwerk"
    assert (
        proposals["product.vendor"].evidence
        == "BootNotification chargingStation.vendorName = Voltwerk"
    )
    assert proposals["product.vendor"].sources == ("boot.json",)
    assert proposals["product.model"].value == "VW-22"
    assert proposals["product.firmware_version"].value == "1.4.2"
    assert "product.hardware_version" not in proposals


def test_catalogue_keeps_values_of_part5_lists_only():
    model = model_of(
        entry("SampledDataCtrlr", "TxStartedMeasurands", "Voltage,Temperature"),
        entry("ClockCtrlr", "TimeSource", "Sundial"),
    )
    proposals = {p.id: p for p in propose(model, fixture_catalogue())}
    assert proposals["C-40.1"].value == ("Voltage",)
    assert "left out: Temperature" in proposals["C-40.1"].evidence
    assert "C-23" not in proposals  # nothing Part 5 knows: left unanswered


def test_hostile_text_is_shown_escaped():
    model = model_of(entry("ChargingStation", "VendorName", "Evil\x1b[2J\nCorp"))
    (proposal,) = [p for p in propose(model) if p.id == "product.vendor"]
    assert "\x1b" not in proposal.evidence and "\n" not in proposal.evidence
    assert "\\x1b" in proposal.evidence
