"""Reading device reports: every accepted form, and clear refusals of malformed,
truncated, schema-violating, huge and hostile input (no database)."""

import pytest

from devicemodel import (
    MAX_COMPONENTS,
    MAX_MESSAGES,
    MAX_VARIABLES,
    ReportError,
    ReportInput,
    read_reports,
)
from tests.devicemodel.reports import boot, entry, notify_report

START = entry("TxCtrlr", "TxStartPoint", "EVConnected")
STOP = entry("TxCtrlr", "TxStopPoint", "EVConnected")
FIRST = notify_report(START, tbc=True)
LAST = notify_report(STOP, seq_no=1)


def read(*datas, boot_data=None):
    return read_reports(
        [ReportInput(f"r{i}.json", data) for i, data in enumerate(datas, 1)],
        boot=ReportInput("boot.json", boot_data) if boot_data is not None else None,
    )


def refusal(*datas, boot_data=None) -> str:
    with pytest.raises(ReportError) as caught:
        read(*datas, boot_data=boot_data)
    return "\n".join(map(str, caught.value.problems))


def names(model):
    return sorted(f"{v.component}.{v.variable}" for v in model.variables)


ACCEPTED = [
    ("one payload", [notify_report(START)]),
    ("parts of a report", [[FIRST, LAST]]),
    ("parts in any order", [[LAST, FIRST]]),
    ("parts in two files", [FIRST, LAST]),
    ("a CALL frame", [[2, "m1", "NotifyReport", notify_report(START, STOP)]]),
    (
        "a CSMS log",
        [[
            [2, "b1", "BootNotification", boot()],
            [3, "b1", {"status": "Accepted"}],
            [2, "h1", "Heartbeat", {}],
            [2, "n1", "NotifyReport", notify_report(START, tbc=True)],
            [4, "x", "InternalError", "", {}],
            [2, "n2", "NotifyReport", notify_report(STOP, seq_no=1)],
        ]],
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    "datas", [c[1] for c in ACCEPTED], ids=[c[0] for c in ACCEPTED]
)
def test_accepted_forms(datas):
    model = read(*datas)
    assert "TxCtrlr.TxStartPoint" in names(model)


def test_boot_notification_as_payload_or_frame():
    for data in (boot(), [2, "b", "BootNotification", boot()]):
        model = read(notify_report(START), boot_data=data)
        assert model.product.vendor == "Voltwerk"
        assert model.product.firmware_version == "1.4.2"


def test_a_later_report_of_a_variable_wins():
    model = read(
        notify_report(entry("TxCtrlr", "TxStartPoint", "EVConnected"), request_id=1),
        notify_report(entry("TxCtrlr", "TxStartPoint", "Authorized"), request_id=2),
    )
    assert [v.actual for v in model.variables] == ["Authorized"]


too_long = "X" * 51
REFUSED = [
    ("not an object", [42], "r1.json: expected a NotifyReportRequest"),
    ("an object of another kind", [{"hello": "world"}], "is not a NotifyReportRequest"),
    ("an empty list", [[]], "r1.json: the list of messages is empty"),
    ("a nested list", [[[1, 2]]], "r1.json, message 1: a list here must be"),
    (
        "schema: name too long",
        [notify_report(entry(too_long, "Enabled", "true"))],
        "r1.json: $.reportData[0].component.name: 'XXXX",
    ),
    (
        "schema: required field missing",
        [{"requestId": 1, "seqNo": 0, "reportData": []}],
        "r1.json: $: 'generatedAt' is a required property (OCPP 2.0.1 "
        "NotifyReportRequest schema)",
    ),
    (
        "schema: wrong type deep inside",
        [[2, "m", "NotifyReport", notify_report(
            {**START, "variableAttribute": [{"type": "Actual", "value": 3}]})]],
        "r1.json (NotifyReport): $.reportData[0].variableAttribute[0].value: 3 is "
        "not of type 'string'",
    ),
    (
        "schema: unknown field",
        [notify_report({**START, "extra": True})],
        "$.reportData[0]: Additional properties are not allowed",
    ),
    (
        "schema: bad enum",
        [notify_report({**START, "variableAttribute": [{"type": "Current"}]})],
        "$.reportData[0].variableAttribute[0].type: 'Current' is not one of",
    ),
    (
        "truncated: last part says more follow",
        [[notify_report(START, tbc=True), notify_report(STOP, seq_no=1, tbc=True)]],
        "report requestId 1 is truncated",
    ),
    (
        "a part missing",
        [[notify_report(START, tbc=True), notify_report(STOP, seq_no=2)]],
        "report requestId 1: parts are missing (seqNo 1)",
    ),
    (
        "a huge seqNo",
        [[notify_report(START, tbc=True), notify_report(STOP, seq_no=2**62)]],
        "report requestId 1: parts are missing (seqNo 1, 2, 3",
    ),
    (
        "a negative seqNo",
        [notify_report(START, seq_no=-1)],
        "report requestId 1: seqNo must be 0 or more",
    ),
    (
        "a part twice",
        [[notify_report(START, tbc=True), notify_report(START, tbc=True),
          notify_report(STOP, seq_no=1)]],
        "seqNo 0 appears twice",
    ),
    (
        "a last part in the middle",
        [[notify_report(START), notify_report(STOP, seq_no=1)]],
        "this part says it is the last one (tbc false), but seqNo 1 follows",
    ),
    (
        "frame: bad message id",
        [[2, "m" * 37, "NotifyReport", notify_report(START)]],
        "r1.json: $[1]: the message id must be a text of 1 to 36 characters",
    ),
    (
        "frame: payload not an object",
        [[2, "m", "NotifyReport", "text"]],
        "r1.json: $[3]: the payload must be an object, not a text",
    ),
    (
        "frame: missing payload",
        [[2, "m", "NotifyReport"]],
        'a CALL frame is [2, "<message id>", "<action>", {payload}]',
    ),
    ("only other messages", [[[2, "h", "Heartbeat", {}]]], "holds no NotifyReport"),
    ("only a boot", [boot()], "no NotifyReport message found"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("datas", "expected"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED]
)
def test_refused_with_the_part_named(datas, expected):
    assert expected in refusal(*datas)


def test_boot_must_be_a_boot_notification():
    assert "boot.json: this object is not a BootNotificationRequest" in refusal(
        notify_report(START), boot_data=notify_report(STOP)
    )


def test_boot_schema_checked():
    station = {"vendorName": "V" * 51, "model": "M"}
    message = refusal(
        notify_report(START),
        boot_data={"reason": "PowerUp", "chargingStation": station},
    )
    assert "boot.json: $.chargingStation.vendorName" in message


def test_no_report_at_all():
    assert "no device report given" in refusal()


def test_too_many_messages():
    parts = [notify_report(START, seq_no=i, tbc=True) for i in range(MAX_MESSAGES + 1)]
    assert f"holds more than {MAX_MESSAGES} messages" in refusal(parts)


def test_too_many_variables():
    entries = [entry("TxCtrlr", f"V{i}", "1") for i in range(MAX_VARIABLES + 1)]
    assert f"more than {MAX_VARIABLES} variables" in refusal(notify_report(*entries))


def test_too_many_components():
    entries = [entry(f"Ctrlr{i}", "Enabled", "true") for i in range(MAX_COMPONENTS + 1)]
    assert f"more than {MAX_COMPONENTS} components" in refusal(notify_report(*entries))


def test_problems_are_capped_and_summarised_in_one_line():
    entries = [entry("X" * 60, "V", "1") for _ in range(100)]
    with pytest.raises(ReportError) as caught:
        read(notify_report(*entries), notify_report(*entries, request_id=2))
    assert len(caught.value.problems) <= 20
    summary = caught.value.summary()
    assert "\n" not in summary
    assert summary.endswith("more problems)")


def test_hostile_names_are_escaped_in_problems():
    name = "\x1b[31mred\nline" + "X" * 60
    message = refusal(notify_report(entry(name, "V", "1")))
    assert "\x1b" not in message and "\\x1b" in message
