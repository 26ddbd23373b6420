"""Pre-fill from the device in a real browser: a vendor uploads the report files of
an EVerest-based station, sees the proposals with their evidence, watches the live
count move with a ticked proposal, and accepts them all."""

import json
import os

import pytest
from playwright.sync_api import expect

from pics.models import Pics
from tests.conftest import PASSWORD
from tests.devicemodel.everest import BOOT, notify_reports
from tests.e2e.conftest import log_in
from tests.pics.examples import example, make_pics

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Where screenshots go when asked for (CERTPLANNER_SCREENSHOTS=/some/dir).
SCREENSHOTS = os.environ.get("CERTPLANNER_SCREENSHOTS", "")


def shot(page, name):
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}/{name}.png", full_page=True)


def live_count(page) -> int:
    return int(page.locator("#live-applicable").inner_text())


def test_vendor_prefills_a_draft_from_everest_reports(
    new_page, vendor, edition, tmp_path
):
    hardware = {**example("ac-charging-station")["hardware"], "HFS-8": 1}
    pics = make_pics(vendor, edition, hardware=hardware)
    parts = []
    for part in notify_reports():
        path = tmp_path / f"part-{part['seqNo']}.json"
        path.write_text(json.dumps(part))
        parts.append(str(path))
    boot = tmp_path / "boot.json"
    boot.write_text(json.dumps([2, "boot-1", "BootNotification", BOOT]))

    page = new_page()
    log_in(page, "vera", PASSWORD)
    page.goto(f"/pics/{pics.code}/edit/product/")
    page.get_by_role("link", name="Pre-fill from the device").click()
    page.wait_for_load_state()
    page.get_by_label("Report files").set_input_files(parts)
    page.get_by_label("BootNotification (optional)").set_input_files(str(boot))
    shot(page, "upload-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "upload-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("button", name="Read the reports").click()
    page.wait_for_load_state()

    expect(page.locator("#proposals")).to_be_visible()
    hfs8 = page.locator("#proposal-hfs-8")
    expect(hfs8).to_contain_text("EVSE components reported for evse 1, 2")
    expect(hfs8).to_contain_text("changes your answer")
    before = live_count(page)
    page.locator("#accept-hfs-8").check()
    # TC_B_41 and its kin apply with more than one EVSE: the count moves before
    # anything is saved.
    expect(page.locator("#live-delta")).to_contain_text("+")
    assert live_count(page) > before
    pics.refresh_from_db()
    assert pics.answer_sources == {}
    shot(page, "proposals-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "proposals-390")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("button", name="Accept all").click()
    page.wait_for_load_state()
    expect(page.get_by_text("taken from the device report")).to_be_visible()
    pics = Pics.objects.get(pk=pics.pk)
    assert pics.document().hardware["HFS-8"] == 2
    assert pics.vendor == "Pionix"
    assert "C-49" in pics.answer_sources
    assert live_count(page) != before


def test_lab_sees_the_cross_check_on_the_submission(
    new_page, vendor, reviewer, edition
):
    from devicemodel import ReportInput
    from pics.devices.services import device_report_store
    from pics.review.services import submission_submit

    pics = make_pics(vendor, edition)
    device_report_store(
        pics,
        user=vendor,
        source="upload",
        inputs=[ReportInput(f"part-{p['seqNo']}.json", p) for p in notify_reports()],
        boot=ReportInput("boot.json", BOOT),
    )
    submission = submission_submit(pics, user=vendor)
    page = new_page()
    log_in(page, "rita", PASSWORD)
    page.goto(f"/submissions/{submission.code}/")
    warnings = page.locator("#crosscheck-warnings")
    expect(warnings).to_contain_text("PICS says product.vendor = Voltwerk")
    shot(page, "crosscheck-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "crosscheck-390")
