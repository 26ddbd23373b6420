"""Pre-filling a PICS from device reports: `manage.py prefill_pics` and
`POST /api/v1/device-reports` (real database, real catalogue)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from devicemodel import MAX_INPUT_BYTES
from pics.models import Pics
from tests.devicemodel.everest import BOOT, notify_reports
from tests.devicemodel.reports import entry, notify_report
from tests.devicemodel.test_everest import EXPECTED
from tests.pics.test_api import post_json

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]
EDITION = "ocpp201-part5-2023-06"
START = entry("TxCtrlr", "TxStartPoint", "EVConnected")


@pytest.fixture
def report_files(tmp_path):
    parts = notify_reports()
    paths = []
    for part in parts:  # one file per part, as a CSMS might save them
        path = tmp_path / f"part-{part['seqNo']}.json"
        path.write_text(json.dumps(part))
        paths.append(str(path))
    boot = tmp_path / "boot.json"
    boot.write_text(json.dumps([2, "boot-1", "BootNotification", BOOT]))
    return paths, str(boot)


def expected_document(hardware_version=""):
    return {
        **EXPECTED,
        "edition": EDITION,
        "product": {**EXPECTED["product"], "hardware_version": hardware_version},
    }


def test_prefill_prints_the_pics_and_the_evidence_apart(report_files, capsys):
    reports, boot = report_files
    call_command("prefill_pics", *reports, "--boot", boot)
    out, err = capsys.readouterr()
    assert json.loads(out) == expected_document()
    assert (
        "C-09.6 = no: TxCtrlr.TxStartPoint valuesList = "
        "EVConnected,Authorized,PowerPathClosed,EnergyTransfer,DataSigned"
    ) in err.splitlines()
    assert "C-49 = yes: AuthCacheCtrlr.Enabled = true" in err.splitlines()
    assert "HFS-8 = 2: EVSE components reported for evse 1, 2" in err.splitlines()
    assert "to complete: product.hardware_version" in err


def test_prefill_output_is_what_import_accepts(report_files, vendor, tmp_path, capsys):
    reports, boot = report_files
    output = tmp_path / "pics.json"
    call_command(
        "prefill_pics",
        *reports,
        "--boot",
        boot,
        "-o",
        str(output),
        "--hardware-version",
        "rev B",
    )
    assert capsys.readouterr().out == ""
    call_command(
        "import_pics",
        str(output),
        "--organisation",
        vendor.membership.organisation.name,
    )
    code = capsys.readouterr().out.strip()
    pics = Pics.objects.get(code=code)
    assert (pics.vendor, pics.model, pics.firmware_version) == (
        "Pionix",
        "Yeti",
        "2026.4.0",
    )
    call_command("export_pics", code)
    assert json.loads(capsys.readouterr().out) == expected_document("rev B")


def run_prefill(*args, tmp_path):
    """The command as a vendor runs it: its own process, its exit code."""
    env = {
        **os.environ,
        "DEBUG": "1",
        "CERTPLANNER_DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "prefill_pics", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


BAD_FILES = [
    ("not json", "{not json", "bad.json: The body is not valid JSON"),
    ("truncated", '{"requestId": 1, "seqNo"', "bad.json: The body is not valid JSON"),
    (
        "schema",
        json.dumps(
            notify_report(entry("TxCtrlr", "TxStartPoint", "1", mutability="X"))
        ),
        "bad.json: $.reportData[0].variableAttribute[0].mutability: 'X' is not one of",
    ),
    (
        "last part missing",
        json.dumps(notify_report(START, tbc=True)),
        "report requestId 1 is truncated",
    ),
    ("duplicate keys", '{"seqNo": 0, "seqNo": 1}', "Duplicate key 'seqNo'"),
]


@pytest.mark.parametrize(
    ("content", "expected"), [c[1:] for c in BAD_FILES], ids=[c[0] for c in BAD_FILES]
)
def test_prefill_refuses_bad_input_in_one_line(tmp_path, content, expected):
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    result = run_prefill(str(bad), tmp_path=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert expected.replace("bad.json", str(bad)) in result.stderr


def test_prefill_refuses_too_large_and_missing_files(tmp_path):
    huge = tmp_path / "huge.json"
    huge.write_bytes(b" " * (MAX_INPUT_BYTES + 1))
    result = run_prefill(str(huge), tmp_path=tmp_path)
    assert result.returncode == 2
    assert "larger than 2 MB" in result.stderr
    result = run_prefill(str(tmp_path / "absent.json"), tmp_path=tmp_path)
    assert result.returncode == 2
    assert "absent.json: No such file or directory" in result.stderr
    assert "Traceback" not in result.stderr


def device_reports(client, body):
    return post_json(client, reverse("api_device_reports"), body)


def test_api_proposes_the_pics_and_stores_nothing(vendor_client):
    response = device_reports(
        vendor_client,
        {"reports": [notify_reports()], "boot": BOOT, "hardware_version": "rev B"},
    )
    assert response.status_code == 200
    body = response.json()
    assert body["pics"] == expected_document("rev B")
    proposals = {p["id"]: p for p in body["proposals"]}
    assert proposals["C-49"] == {
        "id": "C-49",
        "section": "features",
        "value": True,
        "evidence": "AuthCacheCtrlr.Enabled = true",
        "sources": ["reports[0]"],
    }
    assert proposals["product.vendor"]["sources"] == ["boot"]
    left_open = {item["id"] for item in body["not_from_device"]}
    assert {"product.hardware_version", "C-41", "AQ-2", "C-07"} <= left_open
    assert not {"C-09", "C-09.1", "C-49", "HFS-8"} & left_open
    assert all(p["severity"] in ("error", "warning") for p in body["problems"])
    assert not Pics.objects.exists()


def test_api_works_for_lab_and_token_users_alike(reviewer_client):
    response = device_reports(reviewer_client, {"reports": [notify_reports()]})
    assert response.status_code == 200
    assert response.json()["pics"]["product"]["vendor"] == ""


API_REFUSALS = [
    ("[1]", "Send a JSON object"),
    ('{"reports": []}', '"reports" must be a non-empty list'),
    ('{"reports": [{}], "sut": "cs"}', "Unknown field 'sut'"),
    ('{"reports": [{}], "edition": 5}', '"edition" must be a text'),
    ('{"reports": [{}], "reports": []}', "Duplicate key 'reports'"),
    ("[" * 100000 + "]" * 100000, "nested too deeply"),
    ('{"reports": [{"x": NaN}]}', "NaN is not allowed"),
    ('{"reports": [{}]}', "reports[0]: this object is not a NotifyReportRequest"),
    (
        json.dumps({"reports": [notify_report(entry("A" * 51, "B", "1"))]}),
        "reports[0]: $.reportData[0].component.name",
    ),
    (
        json.dumps({"reports": [notify_report(START)], "edition": "nope"}),
        "'nope' is not a published edition",
    ),
]


@pytest.mark.parametrize(("body", "expected"), API_REFUSALS)
def test_api_refuses_bad_reports_with_400(vendor_client, body, expected):
    response = device_reports(vendor_client, body)
    assert response.status_code == 400
    assert expected in response.json()["error"]


def test_api_names_every_problem(vendor_client):
    body = {
        "reports": [[notify_report(START, tbc=True), notify_report(START, seq_no=2)]]
    }
    response = device_reports(vendor_client, body)
    assert response.status_code == 400
    problems = response.json()["problems"]
    assert {"source": "report requestId 1", "path": ""}.items() <= problems[0].items()
    assert "parts are missing (seqNo 1)" in problems[0]["message"]


@pytest.mark.parametrize("size", [MAX_INPUT_BYTES + 1, 3 * 1024 * 1024])
def test_api_refuses_too_large_with_413(vendor_client, size):
    body = '{"reports": [' + " " * size + "{}]}"
    response = device_reports(vendor_client, body)
    assert response.status_code == 413
    assert "larger than 2 MB" in response.json()["error"]


def test_api_needs_a_login(anonymous_client):
    response = device_reports(anonymous_client, {"reports": [notify_report(START)]})
    assert response.status_code == 401
