import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from pics.models import Pics
from tests.pics.examples import EXAMPLES, example

pytestmark = pytest.mark.django_db


def test_plan_prints_one_json_line_per_file_in_order(capsys):
    files = [str(EXAMPLES / f"{n}.json") for n in ("csms", "ac-charging-station")]
    call_command("plan", *files)
    lines = capsys.readouterr().out.strip().splitlines()
    assert [json.loads(line)["sut"] for line in lines] == ["csms", "cs"]


def test_plan_reports_invalid_files_and_goes_on(tmp_path, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(example("csms") | {"features": ["C-99"]}))
    garbage = tmp_path / "garbage.json"
    garbage.write_text("{not json")
    good = str(EXAMPLES / "csms.json")
    with pytest.raises(SystemExit) as exit_info:
        call_command("plan", str(broken), str(garbage), good)
    assert exit_info.value.code == 2
    out, err = capsys.readouterr()
    assert len(out.strip().splitlines()) == 1
    assert f"{broken}: C-99: C-99 is not a CSMS feature of this edition." in err
    assert f"{garbage}: not valid JSON" in err


def test_plan_csv(capsys):
    call_command("plan", str(EXAMPLES / "csms.json"), "--csv")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "id,group,title,profile,requirement,applicable,reason,watchlist"
    assert any(line.startswith("TC_B_10,") and ",C,no," in line for line in lines)


def test_plan_csv_needs_one_file():
    with pytest.raises(CommandError, match="exactly one file"):
        call_command("plan", "a.json", "b.json", "--csv")


def test_two_hundred_files_in_one_call(tmp_path, capsys):
    paths = []
    for n in range(200):
        path = tmp_path / f"pics-{n}.json"
        raw = example("ac-charging-station")
        raw["product"]["firmware_version"] = f"1.{n}"
        path.write_text(json.dumps(raw))
        paths.append(str(path))
    call_command("plan", *paths)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 200
    assert len({json.loads(line)["pics_sha256"] for line in lines}) == 200


def import_example(name, vendor, capsys) -> str:
    """Import an example PICS for the vendor's organisation; its printed code."""
    call_command(
        "import_pics",
        str(EXAMPLES / f"{name}.json"),
        "--organisation",
        vendor.membership.organisation.name,
    )
    return capsys.readouterr().out.strip()


def test_import_then_export_round_trips(vendor, capsys):
    code = import_example("ac-charging-station", vendor, capsys)
    pics = Pics.objects.get(code=code)
    assert pics.organisation == vendor.membership.organisation
    assert pics.created_by == vendor
    call_command("export_pics", code)
    assert json.loads(capsys.readouterr().out) == example("ac-charging-station")


def test_export_takes_a_code_that_reads_like_an_option(vendor, capsys):
    # Codes issued before they were letters and digits only may start with "-".
    code = import_example("csms", vendor, capsys)
    Pics.objects.filter(code=code).update(code="-x_9")
    call_command("export_pics", "--", "-x_9")
    assert json.loads(capsys.readouterr().out) == example("csms")


def test_import_refuses_an_unreadable_file(vendor, tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps(example("csms") | {"features": "C-11"}))
    with pytest.raises(CommandError, match="was not stored"):
        call_command(
            "import_pics",
            str(path),
            "--organisation",
            vendor.membership.organisation.name,
        )
    assert not Pics.objects.exists()


def test_import_needs_a_known_organisation():
    with pytest.raises(CommandError, match="No organisation named 'Nope'"):
        call_command(
            "import_pics", str(EXAMPLES / "csms.json"), "--organisation", "Nope"
        )


def test_plan_pdf_signed_and_unsigned(tmp_path, settings):
    import subprocess

    settings.SIGNING_DEV_DIR = tmp_path / "signing"
    signed = tmp_path / "signed.pdf"
    draft = tmp_path / "draft.pdf"
    call_command("plan_pdf", str(EXAMPLES / "csms.json"), "-o", str(signed))
    call_command(
        "plan_pdf", str(EXAMPLES / "csms.json"), "-o", str(draft), "--unsigned"
    )
    assert (
        "Signature #1"
        in subprocess.run(
            ["pdfsig", str(signed)], capture_output=True, text=True
        ).stdout
    )
    text = subprocess.run(
        ["pdftotext", str(draft), "-"], capture_output=True, text=True
    ).stdout
    assert "DRAFT" in text and "Voltwerk Cloud CSMS" in text


def test_plan_pdf_refuses_an_invalid_pics(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps(example("csms") | {"features": ["C-99"]}))
    with pytest.raises(CommandError, match="has errors"):
        call_command("plan_pdf", str(path), "-o", str(tmp_path / "x.pdf"))
