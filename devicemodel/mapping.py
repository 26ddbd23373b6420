"""From a device model to proposed PICS answers: one data table (TABLE) and the
small interpreter that applies it (`propose`).

Each row reads one variable (component.variable [instance]) with one rule and
gives one PICS answer: a feature id (C-09.1), a value list (C-23), a profile name,
a question, a hardware feature or a product field. The variable names are OCPP
2.0.1 Part 2's device model; `part5` is the name Part 5 prints in parentheses for
the feature (its configuration-key spelling, AuthCacheEnabled for
AuthCacheCtrlr.Enabled), checked against the catalogue by the tests.

Where the device model cannot tell, no answer is proposed: never "no". A "no"
comes only from what the station states: a value list it reports without the
member, a ReadOnly setting fixed the other way, a component reported unavailable.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .model import DeviceModel, Variable, printable
from .rules import RULES, Rule

SECTIONS = ("product", "profiles", "features", "values", "questions", "hardware")


@dataclass(frozen=True)
class Proposal:
    """A proposed answer, with the evidence a vendor or a lab reads to trust it and
    the report files it came from."""

    id: str
    section: str
    value: bool | int | str | tuple[str, ...]
    evidence: str
    sources: tuple[str, ...] = ()

    def to_json(self) -> dict:
        value = list(self.value) if isinstance(self.value, tuple) else self.value
        return {
            "id": self.id,
            "section": self.section,
            "value": value,
            "evidence": self.evidence,
            "sources": list(self.sources),
        }


def _r(target, section, kind, component, variable=None, **extra) -> Rule:
    return Rule(target, section, kind, component, variable, **extra)


def _feature(target, kind, component, variable, part5="", **extra) -> Rule:
    return Rule(
        target, "features", kind, component, variable, part5=part5 or variable, **extra
    )


TX_START_POINTS = [
    ("C-09.1", "EVConnected"),
    ("C-09.2", "Authorized"),
    ("C-09.3", "DataSigned"),
    ("C-09.4", "PowerPathClosed"),
    ("C-09.5", "EnergyTransfer"),
    ("C-09.6", "ParkingBayOccupancy"),
]
TX_STOP_POINTS = [
    ("C-10.1", "EVConnected"),
    ("C-10.2", "Authorized"),
    ("C-10.3", "PowerPathClosed"),
    ("C-10.4", "EnergyTransfer"),
    ("C-10.5", "ParkingBayOccupancy"),
]

TABLE: tuple[Rule, ...] = (
    # Product: BootNotification first, the ChargingStation component second.
    _r("product.vendor", "product", "boot", None, arg="vendor"),
    _r("product.vendor", "product", "text", "ChargingStation", "VendorName"),
    _r("product.model", "product", "boot", None, arg="model"),
    _r("product.model", "product", "text", "ChargingStation", "Model"),
    _r("product.firmware_version", "product", "boot", None, arg="firmware_version"),
    # Profiles: Part 5 section 5's controller components, present and not
    # reported unavailable.
    _r("Local Authorization List Management", "profiles", "component",
       "LocalAuthListCtrlr"),
    _r("Smart Charging", "profiles", "component", "SmartChargingCtrlr"),
    _r("Reservation", "profiles", "component", "ReservationCtrlr"),
    _r("Advanced User Interface", "profiles", "component", "DisplayMessageCtrlr"),
    _r("Advanced Device Management", "profiles", "component", "MonitoringCtrlr"),
    _r("ISO 15118 support", "profiles", "component", "ISO15118Ctrlr"),
    # SecurityCtrlr is Core's too; Advanced Security is TLS with a client-side
    # certificate, i.e. security profile 3 in use.
    _r("Advanced Security", "profiles", "equals", "SecurityCtrlr", "SecurityProfile",
       arg="3"),
    # Authorisation
    _feature("C-01", "enabled", "AuthCtrlr", "LocalAuthorizeOffline", part5="-"),
    _feature("C-02", "enabled", "AuthCtrlr", "OfflineTxForUnknownIdEnabled"),
    _feature("C-03", "present", "TxCtrlr", "MaxEnergyOnInvalidId"),
    _feature("C-48.1", "bool_option", "AuthCtrlr", "AuthorizeRemoteStart", arg=True),
    _feature("C-48.2", "bool_option", "AuthCtrlr", "AuthorizeRemoteStart", arg=False),
    _feature("C-58", "present", "AuthCtrlr", "DisableRemoteAuthorization"),
    _feature("C-49", "enabled", "AuthCacheCtrlr", "Enabled", part5="AuthCacheEnabled"),
    _feature("C-53", "present", "AuthCacheCtrlr", "LifeTime",
             part5="AuthCacheLifeTime"),
    _feature("C-59", "present", "AuthCacheCtrlr", "DisablePostAuthorize",
             part5="AuthCacheDisablePostAuthorize"),
    _r("C-54", "values", "values", "AuthCacheCtrlr", "Policy",
       part5="AuthCachePolicy"),
    # Status and communication
    # Part 5 names MinimumStatusDuration without its component: read it anywhere.
    _feature("C-04", "present", None, "MinimumStatusDuration"),
    _feature("C-05", "writable", "OCPPCommCtrlr", "WebSocketPingInterval"),
    _feature("C-21", "present", "OCPPCommCtrlr", "QueueAllMessages"),
    _feature("ORS-5", "present", "DeviceDataCtrlr", "BytesPerMessage",
             instance="GetVariables", part5="BytesPerMessageGetVariables"),
    # Transactions
    _feature("C-06.1", "bool_option", "TxCtrlr", "StopTxOnEVSideDisconnect",
             arg=False),
    _feature("C-06.2", "bool_option", "TxCtrlr", "StopTxOnEVSideDisconnect",
             arg=True),
    *(_feature(code, "member", "TxCtrlr", "TxStartPoint", arg=member)
      for code, member in TX_START_POINTS),
    *(_feature(code, "member", "TxCtrlr", "TxStopPoint", arg=member)
      for code, member in TX_STOP_POINTS),
    _feature("C-51", "writable", "TxCtrlr", "TxStartPoint", part5="-"),
    _feature("C-52", "writable", "TxCtrlr", "TxStopPoint", part5="-"),
    _feature("C-12.1", "bool_option", "OCPPCommCtrlr", "UnlockOnEVSideDisconnect",
             arg=True),
    _feature("C-12.2", "bool_option", "OCPPCommCtrlr", "UnlockOnEVSideDisconnect",
             arg=False),
    _feature("C-13", "any_true", "EVSE", "AllowReset"),
    _feature("C-20", "present", "ChargingStation",
             "AllowNewSessionsPendingFirmwareUpdate"),
    # Clock
    _r("C-23", "values", "values", "ClockCtrlr", "TimeSource", part5="TimeSource"),
    _feature("C-25", "present", "ClockCtrlr", "TimeOffset"),
    _feature("C-26", "present", "ClockCtrlr", "TimeZone"),
    # Meter values
    _feature("C-28", "present", "AlignedDataCtrlr", "SendDuringIdle",
             part5="AlignedDataSendDuringIdle"),
    # Part 5 prints no variable for C-40.1 ... C-40.5 (only C-40's appendix row).
    _r("C-40.1", "values", "values", "SampledDataCtrlr", "TxStartedMeasurands",
       part5="-"),
    _r("C-40.2", "values", "values", "SampledDataCtrlr", "TxUpdatedMeasurands",
       part5="-"),
    _r("C-40.3", "values", "values", "SampledDataCtrlr", "TxEndedMeasurands",
       part5="-"),
    _r("C-40.4", "values", "values", "AlignedDataCtrlr", "Measurands",
       part5="-"),
    _r("C-40.5", "values", "values", "AlignedDataCtrlr", "TxEndedMeasurands",
       part5="-"),
    _feature("C-42", "enabled", "SampledDataCtrlr", "SignReadings",
             part5="SampledDataSignReadings"),
    # Security
    _feature("AS-2", "enabled", "SecurityCtrlr", "AdditionalRootCertificateCheck"),
    _feature("AS-3", "present", "SecurityCtrlr", "CertSigningWaitMinimum",
             arg=("CertSigningRepeatTimes",),
             part5="CertSigningWaitMinimum,CertSigningRepeatTimes"),
    # Hardware, from the EVSE and Connector components
    _r("HFS-8", "hardware", "evse_count", "EVSE"),
    _r("HFS-1", "hardware", "connector", "Connector", "ConnectorType", arg="socket"),
    _r("HFS-2", "hardware", "connector", "Connector", "ConnectorType", arg="cable"),
    _r("HFS-3", "hardware", "connector", "Connector", "ConnectorType", arg="AC"),
    _r("HFS-4", "hardware", "connector", "Connector", "ConnectorType", arg="DC"),
    _r("HFS-5", "hardware", "phases", "EVSE", "SupplyPhases", arg="1"),
    _r("HFS-5", "hardware", "equals", "SmartChargingCtrlr", "Phases3to1",
       arg="true"),
    _r("HFS-6", "hardware", "phases", "EVSE", "SupplyPhases", arg="2"),
    _r("HFS-7", "hardware", "phases", "EVSE", "SupplyPhases", arg="3"),
    _r("AQ-9", "questions", "connector", "Connector", "ConnectorType", arg="mode3"),
)  # fmt: skip

# Answers a vendor must give by hand, with the reason the device cannot tell; the
# others without a row fall under DEFAULT_REASON.
NOT_FROM_DEVICE: dict[str, str] = {
    "product.hardware_version": (
        "BootNotification has no hardware version, nor has the device model: "
        "enter it by hand."
    ),
    "C-07": "MasterPassGroupId does not tell whether the station has a user "
    "interface (C-07 with, C-08 without).",
    "C-08": "MasterPassGroupId does not tell whether the station has a user "
    "interface (C-07 with, C-08 without).",
    "C-41": "The device model does not list the TLS cipher suites.",
    "C-43": "AllowNewSessionsPendingFirmwareUpdate does not tell whether firmware "
    "installs during a transaction.",
}
DEFAULT_REASON = "The device model does not tell; answer it by hand."


@dataclass(frozen=True)
class Catalogue:
    """What propose needs of an edition: the answerable ids of a Charging Station,
    the profiles and each value list feature's allowed values."""

    ids: frozenset[str]
    profiles: tuple[str, ...]
    value_lists: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_export(cls, data: dict) -> Catalogue:
        """From the catalogue export (profiles.selectors.catalogue_data)."""
        lists = {v["name"]: tuple(v["values"]) for v in data["value_lists"]}
        features = [f for f in data["features"] if f["side"] == "cs"]
        ids = {f["id"] for f in features}
        ids |= {q["id"] for q in data["questions"] if q["side"] == "cs"}
        ids |= {h["id"] for h in data["hardware_features"]}
        return cls(
            ids=frozenset(ids),
            profiles=tuple(p["name"] for p in data["profiles"]),
            value_lists={
                f["id"]: lists.get(f["value_list"], ())
                for f in features
                if f["value_list"]
            },
        )

    def knows(self, rule: Rule) -> bool:
        if rule.section == "product":
            return True
        if rule.section == "profiles":
            return rule.target in self.profiles
        return rule.target in self.ids


def _sources(variables: Iterable[Variable], model: DeviceModel) -> tuple[str, ...]:
    files = [v.source.split(",")[0] for v in variables]
    if not files and model.product is not None:
        files = [model.product.source.split(",")[0]]
    return tuple(dict.fromkeys(f.split(" (")[0] for f in files))


def _limit_values(values, allowed, evidence):
    if allowed is None:
        return values, evidence
    kept = tuple(v for v in values if v in allowed)
    dropped = [v for v in values if v not in allowed]
    if dropped:
        evidence += (
            f" (not in Part 5's list, left out: {printable(', '.join(dropped))})"
        )
    return kept, evidence


def propose(model: DeviceModel, catalogue: Catalogue | None = None) -> list[Proposal]:
    """Every answer the device model gives, in table order, one per target. Yes
    wins over no when rules for one target disagree (HFS-5 from SupplyPhases or
    from Phases3to1); for the other answers the first rule that answers wins."""
    answers: dict[str, list] = {}
    order: list[Rule] = []
    for rule in TABLE:
        if catalogue is not None and not catalogue.knows(rule):
            continue
        answer = RULES[rule.kind](model, rule)
        if answer is None:
            continue
        if rule.target not in answers:
            order.append(rule)
            answers[rule.target] = []
        answers[rule.target].append(answer)
    proposals = []
    for rule in order:
        found = answers[rule.target]
        value, evidence, variables = found[0]
        if isinstance(value, bool):
            chosen = [a for a in found if a[0] is True] or found
            value = chosen[0][0]
            evidence = "; ".join(a[1] for a in chosen)
            variables = [v for a in chosen for v in a[2]]
        if rule.section == "values":
            allowed = catalogue.value_lists.get(rule.target) if catalogue else None
            value, evidence = _limit_values(value, allowed, evidence)
            if not value:
                continue  # nothing Part 5 knows: leave the list unanswered
        proposals.append(
            Proposal(
                rule.target, rule.section, value, evidence, _sources(variables, model)
            )
        )
    return proposals


def not_from_device(
    proposals: Iterable[Proposal], catalogue: Catalogue | None = None
) -> list[dict]:
    """What stays for the vendor: answerable ids no proposal covers, with why."""
    covered = {p.id for p in proposals}
    ids = ["product.hardware_version"]
    ids += sorted(catalogue.ids) if catalogue else sorted(NOT_FROM_DEVICE)
    return [
        {"id": i, "reason": NOT_FROM_DEVICE.get(i, DEFAULT_REASON)}
        for i in dict.fromkeys(ids)
        # A list (C-09) is answered through its members (C-09.1 ...).
        if i not in covered and not any(c.startswith(f"{i}.") for c in covered)
    ]
