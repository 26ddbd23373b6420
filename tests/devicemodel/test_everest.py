"""A station built on EVerest libocpp, as shipped (data/everest, see its NOTICE):
its full inventory in three NotifyReport parts and a BootNotification give the
PICS below, checked by hand against the component files (no database)."""

from devicemodel import ReportInput, propose, read_reports, to_pics_document
from rules.document import read_document
from tests.devicemodel.everest import BOOT, notify_reports
from tests.devicemodel.reports import fixture_catalogue

ALL_MEASURANDS = [
    "Current.Export", "Current.Import", "Current.Offered",
    "Energy.Active.Export.Register", "Energy.Active.Import.Register",
    "Energy.Reactive.Export.Register", "Energy.Reactive.Import.Register",
    "Energy.Active.Export.Interval", "Energy.Active.Import.Interval",
    "Energy.Reactive.Export.Interval", "Energy.Reactive.Import.Interval",
    "Frequency", "Power.Active.Export", "Power.Active.Import", "Power.Factor",
    "Power.Offered", "Power.Reactive.Export", "Power.Reactive.Import", "Voltage",
]  # fmt: skip

EXPECTED = {
    "format": "certplanner.pics/1",
    "edition": None,
    "sut": "cs",
    # BootNotification has no hardware version: the vendor enters it.
    "product": {"vendor": "Pionix", "model": "Yeti", "hardware_version": "",
                "firmware_version": "2026.4.0"},
    # Each controller component is shipped; SecurityProfile is 1, so no
    # Advanced Security (TLS with client certificates) from the device.
    "profiles": ["Core", "Local Authorization List Management", "Smart Charging",
                 "Reservation", "Advanced User Interface",
                 "Advanced Device Management", "ISO 15118 support"],
    "features": [
        "C-01",  # AuthCtrlr.LocalAuthorizeOffline = true
        "C-02",  # AuthCtrlr.OfflineTxForUnknownIdEnabled, ReadWrite
        "C-03",  # TxCtrlr.MaxEnergyOnInvalidId
        "C-48.1", "C-48.2",  # AuthorizeRemoteStart = true, ReadWrite
        "C-58",  # AuthCtrlr.DisableRemoteAuthorization
        "C-49", "C-53", "C-59",  # AuthCacheCtrlr Enabled = true, LifeTime, ...
        "C-05",  # WebSocketPingInterval, ReadWrite
        "C-21",  # QueueAllMessages
        "ORS-5",  # DeviceDataCtrlr.BytesPerMessage[GetVariables]
        "C-06.2",  # StopTxOnEVSideDisconnect = true, ReadOnly (C-06.1: no)
        "C-09.1", "C-09.2", "C-09.3", "C-09.4", "C-09.5",  # no ParkingBayOccupancy
        "C-10.1", "C-10.2", "C-10.3", "C-10.4",
        "C-51", "C-52",  # TxStartPoint / TxStopPoint ReadWrite
        "C-12.1", "C-12.2",  # UnlockOnEVSideDisconnect = true, ReadWrite
        "C-20",  # ChargingStation.AllowNewSessionsPendingFirmwareUpdate
        "C-25", "C-26",  # ClockCtrlr.TimeOffset, TimeZone
        "C-28",  # AlignedDataCtrlr.SendDuringIdle
        "C-42",  # SampledDataCtrlr.SignReadings, ReadWrite
        "AS-3",  # CertSigningWaitMinimum and CertSigningRepeatTimes
    ],
    "values": {
        "C-54": ["LRU", "LFU", "FIFO", "CUSTOM"],
        "C-23": ["Heartbeat", "NTP", "GPS", "RealTimeClock", "MobileNetwork",
                 "RadioTimeTransmitter"],
        "C-40.1": ALL_MEASURANDS,
        "C-40.2": [*ALL_MEASURANDS, "SoC"],
        "C-40.3": ALL_MEASURANDS,
        "C-40.4": ALL_MEASURANDS,
        "C-40.5": ALL_MEASURANDS,
    },
    "questions": {"AQ-9": True},  # Type 2 sockets: IEC 61851-1 Mode 3
    # Two EVSEs, one sType2 socket each, three phases.
    "hardware": {"HFS-8": 2, "HFS-1": True, "HFS-2": False, "HFS-3": True,
                 "HFS-4": False, "HFS-7": True},
    "product_subtype": None,
}  # fmt: skip


def everest_model():
    return read_reports(
        [ReportInput("everest-full-inventory.json", notify_reports())],
        boot=ReportInput("boot.json", BOOT),
    )


def test_everest_configuration_gives_the_expected_pics():
    proposals = propose(everest_model(), fixture_catalogue())
    assert to_pics_document(proposals) == EXPECTED


def test_everest_report_arrives_in_three_parts():
    parts = notify_reports()
    assert [p["seqNo"] for p in parts] == [0, 1, 2]
    assert [p["tbc"] for p in parts] == [True, True, False]
    assert len(everest_model().evse_ids()) == 2


def test_everest_evidence():
    proposals = {p.id: p for p in propose(everest_model(), fixture_catalogue())}
    assert proposals["C-09.6"].value is False
    assert proposals["C-09.6"].evidence == (
        "TxCtrlr.TxStartPoint valuesList = "
        "EVConnected,Authorized,PowerPathClosed,EnergyTransfer,DataSigned"
    )
    assert proposals["C-49"].evidence == "AuthCacheCtrlr.Enabled = true"
    assert proposals["C-06.1"].value is False
    assert proposals["HFS-8"].evidence == "EVSE components reported for evse 1, 2"
    assert proposals["C-49"].sources == ("everest-full-inventory.json",)


def test_everest_pics_reads_as_a_pics_document():
    document, problems = read_document(
        to_pics_document(
            propose(everest_model(), fixture_catalogue()), hardware_version="rev B"
        )
    )
    assert document is not None
    assert problems == []
