"""Celery tasks: they take an id and call a service (pics.plans.jobs), which owns
the work."""

from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from celery.signals import worker_ready
from django.db import OperationalError

from pics.plans import jobs

logger = logging.getLogger(__name__)

# Failures worth another try: the database or the file storage hiccupped.
TRANSIENT = (OperationalError, OSError)


@shared_task(
    name=jobs.RENDER_TASK,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=5,
    soft_time_limit=60,
    time_limit=90,
)
def render_signed_plan(self, job_id: int) -> str:
    try:
        job = jobs.plan_job_run(job_id)
    except TRANSIENT:
        if self.request.retries >= self.max_retries:
            jobs.plan_job_fail(
                job_id, "Gave up after repeated storage or database errors."
            )
        else:
            jobs.plan_job_release(job_id)  # so that the retry can claim it
        raise
    except SoftTimeLimitExceeded:
        jobs.plan_job_fail(job_id, "Rendering took longer than the time limit.")
        raise
    except Exception as exc:
        logger.exception("Signed plan job %s failed", job_id)
        jobs.plan_job_fail(job_id, f"{type(exc).__name__}: {exc}")
        raise
    return job.status if job else "skipped"


# Named as the beat schedule (settings) calls it.
@shared_task(name="pics.plans.tasks.sweep_stale_plan_jobs")
def sweep_stale_plan_jobs() -> int:
    return jobs.sweep_stale_plan_jobs()


@worker_ready.connect
def sweep_on_start(**kwargs) -> None:
    # A worker that comes back after a crash picks up what its predecessor dropped.
    jobs.sweep_stale_plan_jobs()
