"""Reading what a CSMS log or a station gives: NotifyReportRequest payloads (one, or
a report in several parts with seqNo/tbc), OCPP-J CALL frames
`[2, id, "NotifyReport", {...}]`, and optionally a BootNotificationRequest.

Every message is validated against the official OCPP 2.0.1 JSON schemas shipped by
the `ocpp` package. A problem names the file, the message and the JSON path; any
problem refuses the whole input (a half-read report would propose half-true
answers). No Django import: callers parse the JSON (strictly) and bound its size.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import islice
from typing import Any

from jsonschema.validators import validator_for

from .model import Attribute, DeviceModel, Product, Variable, printable

# Limits: a real full inventory has a few hundred to a few thousand variables, sent
# in parts of about a hundred (DeviceDataCtrlr.ItemsPerMessage[GetReport]).
MAX_INPUT_BYTES = 2 * 1024 * 1024  # all files of one reading together
MAX_MESSAGES = 500
MAX_VARIABLES = 20_000
MAX_COMPONENTS = 2_000
MAX_PROBLEMS = 20
MAX_SCHEMA_ERRORS_PER_MESSAGE = 5
MAX_MESSAGE_ID = 36  # OCPP-J: the message id is at most 36 characters

CALL, CALLRESULT, CALLERROR = 2, 3, 4
READ_ACTIONS = ("NotifyReport", "BootNotification")


@dataclass(frozen=True)
class ReportInput:
    """One file (or one element of the API's `reports`) as parsed JSON; `name` is
    how problems refer to it."""

    name: str
    data: Any


@dataclass(frozen=True)
class ReportProblem:
    source: str  # "report.json, message 2 (NotifyReport seqNo 1)"
    message: str
    path: str = ""  # "$.reportData[3].component.name"

    def __str__(self) -> str:
        where = f"{self.source}: {self.path}" if self.path else self.source
        return f"{where}: {self.message}"

    def to_json(self) -> dict:
        return {"source": self.source, "path": self.path, "message": self.message}


class ReportError(ValueError):
    """The input cannot be read as a device report; `problems` say where and why."""

    def __init__(self, problems: Sequence[ReportProblem]):
        self.problems = list(problems)
        super().__init__(self.summary())

    def summary(self) -> str:
        """The first problem in one line, and how many more there are."""
        first = str(self.problems[0]) if self.problems else "Unreadable report."
        more = len(self.problems) - 1
        first = " ".join(first.split())
        return first + (f" (and {more} more problems)" if more > 0 else "")


class _TooMany(Exception):
    pass


@cache
def _validator(action: str):
    schema_file = resources.files("ocpp.v201") / "schemas" / f"{action}Request.json"
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    cls = validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _json_path(parts: Iterable) -> str:
    path = "$"
    for part in parts:
        path += f"[{part}]" if isinstance(part, int) else f".{printable(str(part), 50)}"
    return path


def _describe(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "a text",
        bool: "true/false",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)


@dataclass
class _Message:
    action: str
    payload: dict
    source: str
    file: str


class _Reader:
    def __init__(self) -> None:
        self.problems: list[ReportProblem] = []
        self.messages: list[_Message] = []
        self.file = ""

    def problem(self, source: str, message: str, path: str = "") -> None:
        self.problems.append(ReportProblem(source, message, path))
        if len(self.problems) >= MAX_PROBLEMS:
            raise _TooMany

    def collect(self, report: ReportInput, *, boot_only: bool = False) -> None:
        data = report.data
        name = self.file = printable(report.name, 80)
        if isinstance(data, list) and not data:
            self.problem(name, "the list of messages is empty.")
            return
        if isinstance(data, list) and data and not _is_frame(data):
            if len(data) > MAX_MESSAGES:
                self.problem(name, f"holds more than {MAX_MESSAGES} messages.")
                return
            items = [(f"{name}, message {i}", item) for i, item in enumerate(data, 1)]
        else:
            items = [(name, data)]
        found = 0
        for source, item in items:
            found += self._collect_one(source, item, boot_only=boot_only)
        if not found and not self.problems:
            wanted = "BootNotification" if boot_only else "NotifyReport"
            self.problem(name, f"holds no {wanted} message.")

    def _collect_one(self, source: str, item: Any, *, boot_only: bool) -> int:
        if isinstance(item, list):
            if not _is_frame(item):
                self.problem(
                    source,
                    "a list here must be an OCPP-J frame "
                    '[2, "<message id>", "<action>", {...}].',
                )
                return 0
            return self._collect_frame(source, item, boot_only=boot_only)
        if not isinstance(item, dict):
            self.problem(
                source,
                "expected a NotifyReportRequest or BootNotificationRequest object, "
                f"or an OCPP-J frame, not {_describe(item)}.",
            )
            return 0
        action = _action_of(item)
        if action is None or (boot_only and action != "BootNotification"):
            wanted = (
                "a BootNotificationRequest (with chargingStation and reason)"
                if boot_only
                else "a NotifyReportRequest (with requestId, generatedAt and seqNo) "
                "or a BootNotificationRequest (with chargingStation and reason)"
            )
            self.problem(source, f"this object is not {wanted}.")
            return 0
        self.messages.append(_Message(action, item, source, self.file))
        return 1

    def _collect_frame(self, source: str, frame: list, *, boot_only: bool) -> int:
        kind = frame[0]
        if kind in (CALLRESULT, CALLERROR):
            return 0  # a log holds the CSMS's answers too; nothing to read in them
        if not isinstance(frame[1], str) or not 0 < len(frame[1]) <= MAX_MESSAGE_ID:
            self.problem(
                source,
                f"the message id must be a text of 1 to {MAX_MESSAGE_ID} characters.",
                "$[1]",
            )
            return 0
        if len(frame) != 4 or not isinstance(frame[2], str):
            self.problem(
                source,
                'a CALL frame is [2, "<message id>", "<action>", {payload}].',
            )
            return 0
        action = frame[2]
        if action not in READ_ACTIONS or (boot_only and action != "BootNotification"):
            return 0  # other calls of a log (Heartbeat, StatusNotification...)
        if not isinstance(frame[3], dict):
            self.problem(
                source,
                f"the payload must be an object, not {_describe(frame[3])}.",
                "$[3]",
            )
            return 0
        self.messages.append(
            _Message(action, frame[3], f"{source} ({action})", self.file)
        )
        return 1

    def validate(self) -> None:
        notify = [m for m in self.messages if m.action == "NotifyReport"]
        if len(self.messages) > MAX_MESSAGES:
            self.problem("input", f"more than {MAX_MESSAGES} messages.")
        entries = sum(
            len(m.payload.get("reportData") or [])
            for m in notify
            if isinstance(m.payload.get("reportData"), list)
        )
        if entries > MAX_VARIABLES:
            self.problem(
                "input", f"more than {MAX_VARIABLES} variables ({entries} reported)."
            )
        if self.problems:
            return
        for message in self.messages:
            errors = sorted(
                _validator(message.action).iter_errors(message.payload),
                key=lambda e: list(map(str, e.absolute_path)),
            )
            for schema_error in errors[:MAX_SCHEMA_ERRORS_PER_MESSAGE]:
                self.problem(
                    message.source,
                    printable(schema_error.message, 200)
                    + f" (OCPP 2.0.1 {message.action}Request schema)",
                    _json_path(schema_error.absolute_path),
                )
        if self.problems:
            return
        for message in notify:
            message.source += f" (NotifyReport seqNo {message.payload['seqNo']})"
        self._check_parts(notify)

    def _check_parts(self, notify: list[_Message]) -> None:
        by_request: dict[int, list[_Message]] = defaultdict(list)
        for message in notify:
            by_request[message.payload["requestId"]].append(message)
        for request_id, parts in sorted(by_request.items()):
            label = f"report requestId {request_id}"
            numbers: dict[int, _Message] = {}
            for part in parts:
                seq = part.payload["seqNo"]
                if seq in numbers:
                    self.problem(part.source, f"{label}: seqNo {seq} appears twice.")
                numbers[seq] = part
            if min(numbers) < 0:
                self.problem(label, "seqNo must be 0 or more.")
                continue
            last = max(numbers)
            if last >= len(numbers):
                # Walked lazily, never as a set of range(last): a hostile seqNo
                # may be huge.
                gaps = (n for n in range(last) if n not in numbers)
                missing = list(islice(gaps, 10))
                listed = ", ".join(map(str, missing))
                self.problem(
                    label,
                    f"parts are missing (seqNo {listed}): the report is incomplete.",
                )
            if numbers[last].payload.get("tbc", False):
                self.problem(
                    numbers[last].source,
                    f"{label} is truncated: its last part says more parts follow "
                    "(tbc true), but none came.",
                )
            for seq, part in sorted(numbers.items()):
                if seq < last and not part.payload.get("tbc", False):
                    self.problem(
                        part.source,
                        f"{label}: this part says it is the last one (tbc false), "
                        f"but seqNo {last} follows.",
                    )

    def device_model(self) -> DeviceModel:
        variables: dict[tuple, Variable] = {}
        components: set[tuple] = set()
        product = None
        for message in self.messages:
            if message.action == "BootNotification":
                station = message.payload["chargingStation"]
                product = Product(
                    vendor=station.get("vendorName"),
                    model=station.get("model"),
                    firmware_version=station.get("firmwareVersion"),
                    serial_number=station.get("serialNumber"),
                    source=message.source,
                )
                continue
            for index, entry in enumerate(message.payload.get("reportData") or []):
                variable = _variable(entry, f"{message.source}, reportData[{index}]")
                component = (
                    variable.component.lower(),
                    (variable.component_instance or "").lower(),
                    variable.evse,
                    variable.connector,
                )
                components.add(component)
                if len(components) > MAX_COMPONENTS:
                    self.problem("input", f"more than {MAX_COMPONENTS} components.")
                    raise _TooMany
                key = (*component, variable.variable.lower(), variable.instance)
                variables[key] = variable  # a later report of it wins
        return DeviceModel(
            variables=tuple(variables.values()),
            product=product,
            sources=tuple(dict.fromkeys(m.file for m in self.messages)),
        )


def _is_frame(data: list) -> bool:
    return (
        len(data) >= 3
        and type(data[0]) is int
        and data[0] in (CALL, CALLRESULT, CALLERROR)
    )


def _action_of(payload: dict) -> str | None:
    if "chargingStation" in payload and "reason" in payload:
        return "BootNotification"
    if "requestId" in payload and "seqNo" in payload:
        return "NotifyReport"
    return None


def _variable(entry: dict, source: str) -> Variable:
    component = entry["component"]
    evse = component.get("evse") or {}
    attributes: dict[str, Attribute] = {}
    for attribute in entry["variableAttribute"]:
        kind = attribute.get("type", "Actual")
        attributes.setdefault(
            kind,
            Attribute(attribute.get("value"), attribute.get("mutability", "ReadWrite")),
        )
    characteristics = entry.get("variableCharacteristics") or {}
    values_list = characteristics.get("valuesList")
    return Variable(
        component=component["name"],
        component_instance=component.get("instance"),
        evse=evse.get("id"),
        connector=evse.get("connectorId"),
        variable=entry["variable"]["name"],
        instance=entry["variable"].get("instance"),
        attributes=attributes,
        data_type=characteristics.get("dataType"),
        values_list=(
            tuple(v.strip() for v in values_list.split(",") if v.strip())
            if values_list is not None
            else None
        ),
        source=source,
    )


def read_reports(
    reports: Sequence[ReportInput], boot: ReportInput | None = None
) -> DeviceModel:
    """Read and validate every message; raises ReportError naming each problem."""
    reader = _Reader()
    try:
        if not reports:
            reader.problem("input", "no device report given.")
        for report in reports:
            reader.collect(report)
        if boot is not None:
            reader.collect(boot, boot_only=True)
        if not reader.problems and not any(
            m.action == "NotifyReport" for m in reader.messages
        ):
            reader.problem("input", "no NotifyReport message found.")
        if not reader.problems:
            reader.validate()
        if not reader.problems:
            model = reader.device_model()
    except _TooMany:
        pass
    if reader.problems:
        raise ReportError(reader.problems)
    return model
