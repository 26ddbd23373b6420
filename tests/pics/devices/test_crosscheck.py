"""The lab's cross-check of a submitted revision against the PICS's latest device
report: the rows, the submission page and the PDF appendix's flowables."""

import io

import pytest
from django.urls import reverse
from reportlab.platypus import SimpleDocTemplate

from devicemodel import ReportInput
from pics.devices.crosscheck import (
    CrosscheckRow,
    crosscheck_flowables,
    crosscheck_rows,
    revision_crosscheck_flowables,
    taken_from_device,
)
from pics.devices.services import device_proposals_accept, device_report_store
from pics.review.services import submission_submit
from tests.devicemodel.reports import entry, notify_report
from tests.pics.examples import make_pics

pytestmark = pytest.mark.django_db

# The example PICS supports the authorization cache (C-49) and lists Heartbeat and
# NTP as time sources (C-23); this station has the cache off for good and one EVSE.
CACHE_OFF = entry("AuthCacheCtrlr", "Enabled", "false", mutability="ReadOnly")
ONE_EVSE = entry("EVSE", "Available", "true", evse=1)


def store(pics, user, *entries):
    return device_report_store(
        pics,
        user=user,
        source="upload",
        inputs=[ReportInput("report.json", notify_report(*entries))],
    )


@pytest.fixture
def draft(vendor, edition):
    return make_pics(vendor, edition)


def test_rows_name_the_answers_the_device_contradicts(draft, vendor):
    store(draft, vendor, CACHE_OFF, ONE_EVSE)
    revision = submission_submit(draft, user=vendor).revisions.get()
    rows = {row.id: row for row in crosscheck_rows(revision)}
    assert rows["C-49"] == CrosscheckRow(
        id="C-49",
        pics_says="supported",
        device_says="not supported",
        evidence=rows["C-49"].evidence,
        message=f"PICS says C-49 supported; {rows['C-49'].evidence}",
    )
    assert "AuthCacheCtrlr.Enabled" in rows["C-49"].evidence
    assert rows["HFS-8"].pics_says == "2" and rows["HFS-8"].device_says == "1"


def test_no_report_no_rows(draft, vendor):
    revision = submission_submit(draft, user=vendor).revisions.get()
    assert crosscheck_rows(revision) == []
    assert revision_crosscheck_flowables(revision) == []


def test_the_latest_report_is_the_one_compared(draft, vendor):
    store(draft, vendor, CACHE_OFF)
    store(draft, vendor, entry("AuthCacheCtrlr", "Enabled", "true"))
    revision = submission_submit(draft, user=vendor).revisions.get()
    assert [row.id for row in crosscheck_rows(revision)] == []


def test_the_revision_not_the_draft_is_compared(draft, vendor, reviewer):
    """Rows are of the frozen answers: a later change of the draft moves nothing."""
    store(draft, vendor, CACHE_OFF)
    submission = submission_submit(draft, user=vendor)
    revision = submission.revisions.get()
    draft.answers = {**draft.answers, "features": []}
    draft.save()
    assert [row.id for row in crosscheck_rows(revision)] == ["C-49"]


def test_answers_taken_from_a_report_are_listed(draft, vendor):
    report = store(draft, vendor, ONE_EVSE)
    device_proposals_accept(
        draft, report, user=vendor, ids=["HFS-8"], version=draft.version
    )
    draft.refresh_from_db()
    assert taken_from_device(draft) == [
        {
            "id": "HFS-8",
            "report": report.code,
            "evidence": report.proposals[0]["evidence"],
        }
    ]


def test_flowables_build_into_a_pdf(draft, vendor):
    report = store(draft, vendor, CACHE_OFF, ONE_EVSE)
    device_proposals_accept(
        draft, report, user=vendor, ids=["HFS-8"], version=draft.version
    )
    draft.refresh_from_db()
    revision = submission_submit(draft, user=vendor).revisions.get()
    story = revision_crosscheck_flowables(revision)
    assert story
    out = io.BytesIO()
    SimpleDocTemplate(out).build(story)
    assert out.getvalue().startswith(b"%PDF")
    # Hostile text from a station is escaped, not read as ReportLab markup.
    hostile = CrosscheckRow("C-49", "<b>", "</para>", "<font name=x>&", "m")
    out = io.BytesIO()
    SimpleDocTemplate(out).build(crosscheck_flowables([hostile], []))
    assert out.getvalue().startswith(b"%PDF")


def test_submission_page_warns_the_lab(draft, vendor, reviewer_client):
    store(draft, vendor, CACHE_OFF)
    submission = submission_submit(draft, user=vendor)
    response = reviewer_client.get(reverse("submission_detail", args=[submission.code]))
    html = response.content.decode()
    assert 'id="crosscheck-warnings"' in html
    assert "PICS says C-49 supported; AuthCacheCtrlr.Enabled" in html


def test_submission_page_lists_answers_taken_from_the_device(
    draft, vendor, reviewer_client
):
    report = store(draft, vendor, ONE_EVSE)
    device_proposals_accept(
        draft, report, user=vendor, ids=["HFS-8"], version=draft.version
    )
    draft.refresh_from_db()
    submission = submission_submit(draft, user=vendor)
    html = reviewer_client.get(
        reverse("submission_detail", args=[submission.code])
    ).content.decode()
    assert 'id="device-sources"' in html
    assert 'id="crosscheck-none"' in html


def test_submission_page_without_report_has_no_crosscheck(
    draft, vendor, reviewer_client
):
    submission = submission_submit(draft, user=vendor)
    html = reviewer_client.get(
        reverse("submission_detail", args=[submission.code])
    ).content.decode()
    assert 'id="crosscheck"' not in html


def test_flowables_take_the_pdf_styles_and_width():
    from reportlab.lib.styles import ParagraphStyle

    heading = ParagraphStyle("h1", fontSize=20)
    row = CrosscheckRow("C-49", "supported", "not supported", "evidence", "m")
    story = crosscheck_flowables([row], [], heading_style=heading, width=100)
    assert story[0].style is heading
    assert sum(story[-1]._colWidths) == pytest.approx(100)
