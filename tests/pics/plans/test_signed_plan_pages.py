"""Signed-plan pages: job progress and download, re-issue, retry, draft PDF, and
verification by anyone holding the file."""

import subprocess

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pics.models import Pics, PlanJob, Revision, Submission
from pics.plans import jobs
from pics.plans.tasks import render_signed_plan
from pics.review.services import submission_move, submission_submit
from tests.pics.examples import make_pics
from tests.pics.plans.test_pdf import body_text, pdf_text
from tests.pics.wizard.test_wizard import features_post

pytestmark = pytest.mark.django_db
State = Submission.State


@pytest.fixture(autouse=True)
def signing_dir(settings, tmp_path):
    settings.SIGNING_DEV_DIR = tmp_path / "signing"
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def approved(vendor, reviewer, edition):
    submission = submission_submit(make_pics(vendor, edition), user=vendor)
    submission_move(submission, user=reviewer, to_state=State.IN_REVIEW)
    submission_move(submission, user=reviewer, to_state=State.APPROVED)
    return submission


def test_approval_queues_one_job_and_the_page_follows_it(reviewer_client, approved):
    job = approved.jobs.get()
    assert job.status == PlanJob.Status.QUEUED and job.revision == 1
    page = reviewer_client.get(reverse("submission_detail", args=[approved.code]))
    html = page.content.decode()
    assert '<meta http-equiv="refresh" content="3">' in html
    assert "Being produced" in html
    jobs.plan_job_run(job.pk)  # what the worker does
    page = reviewer_client.get(reverse("submission_detail", args=[approved.code]))
    html = page.content.decode()
    assert 'http-equiv="refresh"' not in html
    assert "Download the signed PDF" in html
    assert "Signed with a development certificate" in html


def test_running_a_job_twice_makes_one_document(approved):
    job = approved.jobs.get()
    first = jobs.plan_job_run(job.pk)
    assert jobs.plan_job_run(job.pk) is None  # already done: nothing to do
    job.refresh_from_db()
    assert (job.attempts, job.sha256) == (1, first.sha256)


def test_vendor_and_lab_download_the_signed_plan(
    vendor_client, reviewer_client, approved, other_vendor_client
):
    jobs.plan_job_run(approved.jobs.get().pk)
    url = reverse("submission_plan_pdf", args=[approved.code])
    for client in (vendor_client, reviewer_client):
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert other_vendor_client.get(url).status_code == 404


def test_no_signed_plan_yet_is_404(vendor_client, approved):
    url = reverse("submission_plan_pdf", args=[approved.code])
    assert vendor_client.get(url).status_code == 404


def test_lab_issues_again_and_retries_a_failed_job(
    reviewer_client, vendor_client, approved
):
    issue = reverse("submission_issue_plan", args=[approved.code])
    assert vendor_client.post(issue).status_code == 403
    reviewer_client.post(issue)
    assert approved.jobs.count() == 2
    job = approved.jobs.first()
    jobs.plan_job_fail(job.pk, "Disk full")
    page = reviewer_client.get(reverse("submission_detail", args=[approved.code]))
    assert "Disk full" in page.content.decode()
    retry = reverse("plan_job_retry", args=[approved.code, job.code])
    assert vendor_client.post(retry).status_code == 403
    reviewer_client.post(retry)
    job.refresh_from_db()
    assert job.status == PlanJob.Status.QUEUED and job.error == ""


def test_sweep_requeues_only_jobs_past_their_deadline(approved, settings):
    from django.utils import timezone

    job = approved.jobs.get()
    assert jobs.sweep_stale_plan_jobs() == 0
    PlanJob.objects.filter(pk=job.pk).update(
        status=PlanJob.Status.RUNNING, deadline_at=timezone.now()
    )
    assert jobs.sweep_stale_plan_jobs() == 1
    job.refresh_from_db()
    assert job.status == PlanJob.Status.QUEUED


def test_vendor_downloads_a_draft_pdf_of_any_pics(
    vendor_client, reviewer_client, vendor, edition, tmp_path
):
    pics = make_pics(vendor, edition)
    url = reverse("pics_draft_pdf", args=[pics.code])
    response = vendor_client.get(url)
    assert response.status_code == 200
    path = tmp_path / "draft.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, text=True
    ).stdout
    assert "DRAFT" in text and "Wallbox AC22 Duo" in text
    assert reviewer_client.get(url).status_code == 403


def signed_file(approved) -> bytes:
    job = jobs.plan_job_run(approved.jobs.get().pk)
    with job.file.open("rb") as handle:
        return handle.read()


def test_anyone_verifies_a_signed_plan(client, approved):
    content = signed_file(approved)
    response = client.post(
        reverse("api_verify"), content, content_type="application/pdf"
    )
    assert response.status_code == 200
    result = response.json()
    assert result["verdict"] == "valid"
    assert result["issued_by_this_lab"] and result["is_lab_certificate"]
    assert (result["submission_code"], result["revision"]) == (approved.code, 1)
    assert result["submission"]["organisation"] == approved.organisation.name


def test_a_modified_file_is_reported_as_modified(client, approved):
    content = bytearray(signed_file(approved))
    content[len(content) // 2] ^= 0x01
    page = client.post(
        reverse("verify"), {"file": SimpleUploadedFile("plan.pdf", bytes(content))}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Not a valid test plan" in html and "changed after it was signed" in html


@pytest.mark.parametrize(
    ("body", "status"),
    [(b"", 400), (b"not a pdf at all", 200), (b"%PDF-1.7\n%truncated", 200)],
)
def test_bad_files_get_a_clear_answer(client, body, status):
    response = client.post(reverse("api_verify"), body, content_type="application/pdf")
    assert response.status_code == status
    if status == 200:
        assert response.json()["verdict"] == "invalid"
        assert response.json()["problem"]


def test_verify_page_refuses_a_large_upload(client, settings):
    big = SimpleUploadedFile("big.pdf", b"0" * (21 * 1024 * 1024))
    page = client.post(reverse("verify"), {"file": big})
    assert "larger than 20 MB" in page.content.decode()


def test_a_transient_error_leaves_the_job_claimable(approved):
    job = approved.jobs.get()
    jobs.plan_job_claim(job.pk)
    jobs.plan_job_release(job.pk)
    assert jobs.plan_job_claim(job.pk) is not None  # the task's retry can run it


def test_the_sweep_gives_up_after_the_last_attempt(approved):
    from django.utils import timezone

    job = approved.jobs.get()
    PlanJob.objects.filter(pk=job.pk).update(
        status=PlanJob.Status.RUNNING,
        attempts=jobs.MAX_ATTEMPTS,
        deadline_at=timezone.now(),
    )
    assert jobs.sweep_stale_plan_jobs() == 0
    job.refresh_from_db()
    assert job.status == PlanJob.Status.FAILED and "Gave up" in job.error


def test_the_sweep_leaves_a_finished_job_alone(approved):
    from django.utils import timezone

    job = jobs.plan_job_run(approved.jobs.get().pk)
    PlanJob.objects.filter(pk=job.pk).update(deadline_at=timezone.now())
    assert jobs.sweep_stale_plan_jobs() == 0
    job.refresh_from_db()
    assert job.status == PlanJob.Status.DONE


def test_verification_names_no_submission_for_a_file_not_issued(client, approved):
    content = bytearray(signed_file(approved))
    content[len(content) // 2] ^= 0x01
    result = client.post(
        reverse("api_verify"), bytes(content), content_type="application/pdf"
    ).json()
    assert result["verdict"] == "invalid" and result["submission"] is None


def test_verify_api_takes_a_multipart_upload(client, approved):
    upload = SimpleUploadedFile("plan.pdf", signed_file(approved))
    response = client.post(reverse("api_verify"), {"file": upload})
    assert response.status_code == 200 and response.json()["verdict"] == "valid"
    missing = client.post(reverse("api_verify"), {"other": "x"})
    assert (
        missing.status_code == 400
        and "multipart field named file" in (missing.json()["error"])
    )


# ------------------------------------------------ PICS texts too long for a page


def freeze_texts(submission, **product) -> None:
    """Long texts in the approved revision, as a revision frozen before product
    texts were limited holds them."""
    revision = submission.revisions.get(number=1)
    revision.document["product"].update(product)
    Revision.objects.filter(pk=revision.pk).update(document=revision.document)


def test_a_revision_with_texts_taller_than_a_page_gets_its_signed_plan(approved):
    vendor = " ".join(["Voltwerk"] * 5_000)
    freeze_texts(approved, vendor=vendor, model="W" * 10_000)
    job = approved.jobs.get()
    render_signed_plan.apply(args=[job.pk])  # the worker's task, run here
    job.refresh_from_db()
    assert job.status == PlanJob.Status.DONE, job.error
    with job.file.open("rb") as handle:
        text = body_text(handle.read())
    assert "Appendix C \N{EN DASH} Full texts" in text
    assert "W" * 10_000 in "".join(text.split())


def test_a_plan_that_cannot_be_drawn_fails_its_job_with_the_reason(
    approved, reviewer_client, vendor_client
):
    freeze_texts(approved, vendor="v" * 250_000, model="m" * 250_000)
    job = approved.jobs.get()
    render_signed_plan.apply(args=[job.pk])
    job.refresh_from_db()
    assert job.status == PlanJob.Status.FAILED
    assert job.error.startswith("The test plan could not be drawn.")
    assert "Vendor: 250,000 characters" in job.error
    assert "Shorten the product's names and versions" in job.error
    page = reviewer_client.get(reverse("submission_detail", args=[approved.code]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Shorten the product&#x27;s names and versions" in html
    assert "Retry" in html
    page = vendor_client.get(reverse("submission_detail", args=[approved.code]))
    assert "The document could not be produced" in page.content.decode()


def draft_pdf_of(client, pics):
    return client.get(reverse("pics_draft_pdf", args=[pics.code]))


def test_draft_pdf_of_thousands_of_values_lays_out(vendor_client, vendor, edition):
    pics = make_pics(vendor, edition)
    answers = {**pics.answers, "values": {"C-23": [f"NTP-{i}" for i in range(5_000)]}}
    Pics.objects.filter(pk=pics.pk).update(answers=answers)
    response = draft_pdf_of(vendor_client, pics)
    assert response.status_code == 200
    text = "".join(pdf_text(response.content).split())
    assert "NTP-0," in text and "NTP-4999" in text


def test_draft_pdf_too_long_to_print_says_what_to_shorten_until_edited(
    vendor_client, vendor, edition
):
    pics = make_pics(vendor, edition)
    values = pics.answers["values"]
    huge = {**values, "C-23": ["x" * 250_000, "y" * 250_000]}
    Pics.objects.filter(pk=pics.pk).update(answers={**pics.answers, "values": huge})
    response = draft_pdf_of(vendor_client, pics)
    assert response.status_code == 422
    html = response.content.decode()
    assert "The DRAFT PDF cannot be made" in html
    assert "Values of C-23: 250,001 characters" in html
    assert (
        "Shorten the product&#x27;s names and versions or the lists of values" in html
    )
    assert reverse("wizard_step", args=[pics.code, "features"]) in html
    pics.refresh_from_db()
    saved = vendor_client.post(
        reverse("wizard_step", args=[pics.code, "features"]),
        features_post(pics, values=values),
    )
    assert saved.status_code == 302
    response = draft_pdf_of(vendor_client, pics)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
