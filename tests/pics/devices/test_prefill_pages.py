"""Pre-fill from the device in the wizard: uploading reports into a draft, the
proposals beside the current answers, accepting all, some or none (real database,
real catalogue)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from devicemodel import MAX_INPUT_BYTES, ReportError, ReportInput
from pics.devices.services import device_proposals_accept, device_report_store
from pics.models import DeviceReport
from pics.review.services import submission_submit
from pics.wizard.services import StaleVersion
from tests.devicemodel.everest import BOOT, notify_reports
from tests.devicemodel.reports import entry, notify_report
from tests.pics.examples import example, make_pics

pytestmark = pytest.mark.django_db

CACHE_ON = entry("AuthCacheCtrlr", "Enabled", "true")
CACHE_AVAILABLE = entry("AuthCacheCtrlr", "Available", "true")


def upload(name, data) -> SimpleUploadedFile:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return SimpleUploadedFile(name, raw, content_type="application/json")


def everest_files():
    return [upload(f"part-{p['seqNo']}.json", p) for p in notify_reports()]


@pytest.fixture
def draft(vendor, edition):
    # One EVSE by the vendor's hand; EVerest's configuration reports two.
    hardware = {**example("ac-charging-station")["hardware"], "HFS-8": 1}
    return make_pics(vendor, edition, hardware=hardware)


@pytest.fixture
def report(draft, vendor):
    return device_report_store(
        draft,
        user=vendor,
        source="upload",
        inputs=[ReportInput(f"part-{p['seqNo']}.json", p) for p in notify_reports()],
        boot=ReportInput("boot.json", BOOT),
    )


def proposals_url(pics, report):
    return reverse("device_proposals", args=[pics.code, report.code])


def test_store_keeps_the_messages_and_the_proposals_but_changes_no_answer(
    draft, report
):
    before = draft.answers
    draft.refresh_from_db()
    assert draft.answers == before
    assert report.source == "upload"
    assert report.messages[0]["name"] == "part-0.json"
    assert report.boot == BOOT
    ids = {p["id"] for p in report.proposals}
    assert {"C-49", "HFS-8", "product.vendor"} <= ids


def test_store_refuses_unreadable_reports_and_stores_nothing(draft, vendor):
    with pytest.raises(ReportError):
        device_report_store(
            draft,
            user=vendor,
            source="upload",
            inputs=[ReportInput("bad.json", {"seqNo": 0})],
        )
    assert not DeviceReport.objects.exists()


def test_accept_some_writes_only_those_and_records_their_sources(draft, report, vendor):
    assert draft.document().hardware["HFS-8"] == 1
    pics = device_proposals_accept(
        draft, report, user=vendor, ids=["HFS-8"], version=draft.version
    )
    pics.refresh_from_db()
    assert pics.document().hardware["HFS-8"] == 2
    assert pics.answer_sources == {
        "HFS-8": {
            "report": report.code,
            "evidence": "EVSE components reported for evse 1, 2",
        }
    }
    # The vendor's other answers are untouched.
    assert pics.vendor == draft.vendor


def test_accept_from_a_stale_version_is_refused(draft, report, vendor):
    with pytest.raises(StaleVersion):
        device_proposals_accept(
            draft, report, user=vendor, ids=["HFS-8"], version=draft.version - 1
        )
    draft.refresh_from_db()
    assert draft.answer_sources == {}


def test_upload_page_stores_the_report_and_shows_its_proposals(draft, vendor_client):
    response = vendor_client.post(
        reverse("device_upload", args=[draft.code]),
        {"reports": everest_files(), "boot": upload("boot.json", BOOT)},
    )
    report = DeviceReport.objects.get(pics=draft)
    assert response.status_code == 302
    assert response.url == proposals_url(draft, report)
    page = vendor_client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "AuthCacheCtrlr.Enabled = true" in html
    assert "EVSE components reported for evse 1, 2" in html
    assert (
        page.context["summary_with_all"]["applicable"]
        != (page.context["summary"]["applicable"])
    )


@pytest.mark.parametrize(
    "files, message",
    [
        ([upload("broken.json", b'{"seqNo": 0,')], "broken.json"),
        ([upload("binary.json", b"\xff\xfe\x00garbage")], "binary.json"),
        ([upload("wrong.json", {"seqNo": "one"})], "wrong.json"),
        (
            [upload("part-0.json", notify_report(CACHE_ON, seq_no=0, tbc=True))],
            "part-0.json",
        ),
        ([upload("huge.json", b" " * (MAX_INPUT_BYTES + 1))], "larger than 2 MB"),
        ([upload("deep.json", b"[" * 100_000 + b"]" * 100_000)], "deep.json"),
    ],
    ids=["truncated-json", "not-text", "schema", "missing-parts", "huge", "nested"],
)
def test_bad_uploads_get_a_form_error_naming_the_file_not_a_500(
    draft, vendor_client, files, message
):
    response = vendor_client.post(
        reverse("device_upload", args=[draft.code]), {"reports": files}
    )
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].non_field_errors())
    assert not DeviceReport.objects.exists()


def test_upload_without_files_asks_for_them(draft, vendor_client):
    response = vendor_client.post(reverse("device_upload", args=[draft.code]), {})
    assert response.status_code == 400
    assert response.context["form"].errors["reports"]


def test_accept_all_takes_every_proposal(draft, report, vendor_client):
    response = vendor_client.post(
        proposals_url(draft, report), {"action": "all", "version": draft.version}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert set(draft.answer_sources) == {p["id"] for p in report.proposals}
    assert draft.vendor == BOOT["chargingStation"]["vendorName"]
    assert draft.document().hardware["HFS-8"] == 2


def test_accept_selected_takes_only_the_ticked_ones(draft, report, vendor_client):
    vendor_client.post(
        proposals_url(draft, report),
        {"action": "selected", "accept": ["HFS-8"], "version": draft.version},
    )
    draft.refresh_from_db()
    assert list(draft.answer_sources) == ["HFS-8"]
    assert draft.vendor != BOOT["chargingStation"]["vendorName"]


def test_keep_mine_changes_nothing(draft, report, vendor_client):
    response = vendor_client.post(
        proposals_url(draft, report),
        {"action": "keep", "accept": ["HFS-8"], "version": draft.version},
    )
    assert response.status_code == 302
    before = draft.version
    draft.refresh_from_db()
    assert draft.version == before
    assert draft.answer_sources == {}


def test_stale_tab_is_refused_with_a_reload(draft, report, vendor_client):
    response = vendor_client.post(
        proposals_url(draft, report),
        {"action": "all", "version": draft.version - 1},
    )
    assert response.status_code == 409
    assert "Nothing was taken from the report" in response.content.decode()
    draft.refresh_from_db()
    assert draft.answer_sources == {}


def test_unknown_proposal_ids_are_a_form_error(draft, report, vendor_client):
    response = vendor_client.post(
        proposals_url(draft, report),
        {"action": "selected", "accept": ["C-999"], "version": draft.version},
    )
    assert response.status_code == 400


def test_preview_counts_the_chosen_proposals_before_anything_is_written(
    draft, report, vendor_client
):
    url = reverse("device_proposals_preview", args=[draft.code, report.code])
    none = vendor_client.post(url, {})
    chosen = vendor_client.post(url, {"accept": [p["id"] for p in report.proposals]})
    assert none.context["added"] == [] and none.context["removed"] == []
    assert chosen.context["added"] or chosen.context["removed"]
    assert (
        chosen.context["summary"]["applicable"] != none.context["summary"]["applicable"]
    )
    draft.refresh_from_db()
    assert draft.answer_sources == {}


def test_other_organisation_gets_404_for_the_report(draft, report, other_vendor_client):
    assert other_vendor_client.get(proposals_url(draft, report)).status_code == 404
    assert (
        other_vendor_client.get(reverse("device_upload", args=[draft.code])).status_code
        == 404
    )


def test_report_of_another_pics_is_404(draft, report, vendor, edition, vendor_client):
    other = make_pics(vendor, edition)
    assert vendor_client.get(proposals_url(other, report)).status_code == 404


def test_colleague_may_prefill(draft, report, colleague_client):
    assert colleague_client.get(proposals_url(draft, report)).status_code == 200


def test_csms_pics_cannot_be_prefilled(vendor, edition, vendor_client):
    csms = make_pics(vendor, edition, "csms")
    assert (
        vendor_client.get(reverse("device_upload", args=[csms.code])).status_code == 404
    )


def test_submitted_pics_shows_the_locked_page(draft, report, vendor, vendor_client):
    submission_submit(draft, user=vendor)
    for url in (
        reverse("device_upload", args=[draft.code]),
        proposals_url(draft, report),
    ):
        response = vendor_client.get(url)
        assert response.status_code == 200
        assert b'id="pics-locked"' in response.content
    response = vendor_client.post(
        proposals_url(draft, report), {"action": "all", "version": draft.version}
    )
    assert response.status_code == 409
    draft.refresh_from_db()
    assert draft.answer_sources == {}


def test_the_wizard_links_to_prefill(draft, vendor_client):
    response = vendor_client.get(reverse("wizard_step", args=[draft.code, "product"]))
    assert reverse("device_upload", args=[draft.code]).encode() in response.content
