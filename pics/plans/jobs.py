"""Background production of signed test plans.

A PlanJob row is the job's truth: the Celery task only carries its id. A job is
claimed under a row lock, makes at most one document, and a sweep re-queues jobs whose
worker died (the filesystem broker drops such messages; Redis redelivers them late).
"""

from __future__ import annotations

import hashlib
import time
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from pics.models import PlanJob, Revision, Submission
from profiles.models import Edition
from profiles.selectors import catalogue_data
from rules.catalogue import SIDE_NAMES

Status = PlanJob.Status


def _deadline():
    return timezone.now() + timedelta(seconds=settings.PLAN_JOB_DEADLINE_SECONDS)


# The task is queued by its name: the tasks module calls this one, not the reverse.
RENDER_TASK = "pics.plans.tasks.render_signed_plan"


def _enqueue(job_id: int) -> None:
    current_app.send_task(RENDER_TASK, args=[job_id])


def plan_job_request(submission: Submission, *, user) -> PlanJob:
    """Queue the signed plan of the submission's current revision (after commit)."""
    job = PlanJob.objects.create(
        submission=submission,
        revision=submission.current_revision,
        requested_by=user,
        deadline_at=_deadline(),
    )
    transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def plan_job_retry(job: PlanJob, *, user) -> PlanJob:
    """Queue a failed job again."""
    with transaction.atomic():
        job = PlanJob.objects.select_for_update().get(pk=job.pk)
        if job.status != Status.FAILED:
            return job
        job.status = Status.QUEUED
        job.error = ""
        job.deadline_at = _deadline()
        job.save(update_fields=["status", "error", "deadline_at"])
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def plan_job_claim(job_id: int) -> PlanJob | None:
    """Mark the job running for this attempt, or None when there is nothing to do:
    it is finished, or another worker runs it and its deadline has not passed."""
    with transaction.atomic():
        job = PlanJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status in (Status.DONE, Status.FAILED):
            return None
        now = timezone.now()
        if job.status == Status.RUNNING and job.deadline_at > now:
            return None
        job.status = Status.RUNNING
        job.attempts += 1
        job.started_at = now
        job.deadline_at = _deadline()
        job.save(update_fields=["status", "attempts", "started_at", "deadline_at"])
        return job


def build_plan_document(
    *,
    organisation: str,
    edition: Edition,
    document: dict,
    plan: dict,
    draft: bool,
    development: bool,
    submission: Submission | None = None,
    revision: int | None = None,
):
    """The PDF's content: a frozen revision's (signed) or a PICS's current (draft)."""
    from pics.plans.pdf import PlanDocument

    profiles = set(plan["summary"]["by_profile"])
    components = [
        entry
        for entry in catalogue_data(edition)["controller_components"]
        if entry["profile"] in profiles
    ]
    approved_at = reviewer = None
    if submission is not None:
        approval = (
            submission.transitions.filter(to_state=Submission.State.APPROVED)
            .select_related("actor")
            .last()
        )
        approved_at = approval.at if approval else None
        if submission.reviewer:
            reviewer = (
                submission.reviewer.get_full_name() or submission.reviewer.username
            )
    return PlanDocument(
        lab_name=settings.LAB_NAME,
        organisation=organisation,
        product=document["product"],
        sut_label=SIDE_NAMES[document["sut"]],
        edition_code=edition.code,
        edition_title=edition.title,
        plan=plan,
        answers=document,
        controller_components=components,
        revision=revision,
        submission_code=submission.code if submission else None,
        approved_at=approved_at,
        reviewer=reviewer,
        draft=draft,
        development_certificate=development,
    )


def signed_plan_document(revision: Revision, *, development: bool):
    submission = revision.submission
    edition = Edition.objects.filter(code=revision.plan["edition"]).first()
    return build_plan_document(
        organisation=submission.organisation.name,
        edition=edition or submission.edition,
        document=revision.document,
        plan=revision.plan,
        draft=False,
        development=development,
        submission=submission,
        revision=revision.number,
    )


def plan_job_run(job_id: int) -> PlanJob | None:
    """Render, sign and store the job's document: the task's whole work. A revision
    whose texts cannot make a plan fails the job with the reason (no retry would
    change it)."""
    from pics.plans.identity import lab_signer
    from pics.plans.pdf import PlanRenderError, render_plan_pdf
    from pics.plans.signing import sign_pdf

    job = plan_job_claim(job_id)
    if job is None:
        return None
    if settings.PLAN_JOB_RENDER_DELAY:
        time.sleep(settings.PLAN_JOB_RENDER_DELAY)
    revision = Revision.objects.select_related(
        "submission__organisation", "submission__reviewer", "submission__edition"
    ).get(submission_id=job.submission_id, number=job.revision)
    signer = lab_signer()
    try:
        pdf = render_plan_pdf(
            signed_plan_document(revision, development=signer.is_development)
        )
    except PlanRenderError as exc:
        plan_job_fail(job_id, f"The test plan could not be drawn. {exc}")
        job.refresh_from_db()
        return job
    signed = sign_pdf(
        pdf,
        signer,
        reason=f"Test plan of submission {revision.submission.code}, revision "
        f"{revision.number}",
        location=settings.LAB_NAME,
    )
    with transaction.atomic():
        job = PlanJob.objects.select_for_update().get(pk=job_id)
        if job.status == Status.DONE:
            return job  # another attempt finished first: keep its document
        job.file.save(
            f"plan-{job.submission.code}-r{job.revision}-{job.code}.pdf",
            ContentFile(signed),
            save=False,
        )
        job.sha256 = hashlib.sha256(signed).hexdigest()
        job.size = len(signed)
        job.signed_at = timezone.now()
        job.certificate_fingerprint = signer.fingerprint_sha256
        job.development_certificate = signer.is_development
        job.status = Status.DONE
        job.finished_at = job.signed_at
        job.save()
    return job


def plan_job_fail(job_id: int, error: str) -> None:
    PlanJob.objects.filter(pk=job_id).exclude(status=Status.DONE).update(
        status=Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )


MAX_ATTEMPTS = 5


def plan_job_release(job_id: int) -> None:
    """After a transient error: queued again, so that the task's own retry (or the
    sweep) can claim it at once."""
    PlanJob.objects.filter(pk=job_id, status=Status.RUNNING).update(
        status=Status.QUEUED, deadline_at=_deadline()
    )


def sweep_stale_plan_jobs() -> int:
    """Queue again every job still queued or running past its deadline; a job that
    has used up its attempts fails instead of running forever."""
    stale = PlanJob.objects.filter(
        status__in=[Status.QUEUED, Status.RUNNING], deadline_at__lt=timezone.now()
    )
    requeued = 0
    for job_id, attempts in stale.values_list("pk", "attempts"):
        # The same conditions again in the UPDATE: a job that finished meanwhile
        # must not be run (and signed) a second time.
        still_stale = PlanJob.objects.filter(
            pk=job_id,
            status__in=[Status.QUEUED, Status.RUNNING],
            deadline_at__lt=timezone.now(),
        )
        if attempts >= MAX_ATTEMPTS:
            still_stale.update(
                status=Status.FAILED,
                error=f"Gave up after {attempts} attempts.",
                finished_at=timezone.now(),
            )
            continue
        if still_stale.update(status=Status.QUEUED, deadline_at=_deadline()):
            _enqueue(job_id)
            requeued += 1
    return requeued


def latest_signed_plan(submission: Submission) -> PlanJob | None:
    return submission.jobs.filter(status=Status.DONE).order_by("-finished_at").first()
