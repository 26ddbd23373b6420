"""Signed plans made by real Celery workers, on the embedded filesystem broker and on
Redis: approve → job → signed PDF; a worker killed mid-job still yields exactly one
document."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from pics.models import PlanJob, Submission
from pics.review.services import submission_move, submission_submit
from tests.pics.examples import make_pics

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
ROOT = Path(__file__).resolve().parents[3]


def database_url() -> str:
    config = connection.settings_dict
    if config["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{config['NAME']}"
    return (
        f"postgresql://{config['USER']}:{config['PASSWORD']}@{config['HOST']}:"
        f"{config['PORT']}/{config['NAME']}"
    )


EMBEDDED_TRANSPORT = "certplanner.broker:Transport"  # as in settings


def filesystem_broker(folder: Path) -> dict:
    """The transport options of an embedded broker in `folder` (as in settings)."""
    for sub in ("queue", "control", "processed"):
        (folder / "broker" / sub).mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(folder / "broker" / "queue"),
        "data_folder_out": str(folder / "broker" / "queue"),
        "control_folder": str(folder / "broker" / "control"),
        "processed_folder": str(folder / "broker" / "processed"),
        "store_processed": False,
        "polling_interval": 0.1,
    }


def publish(job_id: int, broker: str, options: dict | None = None) -> None:
    """Queue the job's task as the app does, on this test's own broker."""
    from celery import Celery

    publisher = Celery(
        broker=broker,
        broker_transport=EMBEDDED_TRANSPORT
        if broker.startswith("filesystem")
        else None,
        broker_transport_options=options or {},
    )
    publisher.send_task("pics.plans.tasks.render_signed_plan", args=[job_id])
    publisher.close()


class Worker:
    """A real `celery worker` process (with beat) on the test database, with a data
    folder of its own, so that no other worker on the machine takes its messages."""

    def __init__(self, folder: Path, broker: str | None = None, **env):
        from pics.plans.identity import lab_signer

        lab_signer()  # the development certificate exists before any worker starts
        dev = settings.SIGNING_DEV_DIR
        self.folder = folder
        self.log = folder / "worker.log"
        self.env = {
            **os.environ,
            "CERTPLANNER_TESTING": "1",
            "DATABASE_URL": database_url(),
            "CERTPLANNER_DATA_DIR": str(folder),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "SIGNING_KEY_FILE": str(dev / "dev-key.pem"),
            "SIGNING_CERT_FILE": str(dev / "dev-cert.pem"),
            **({"CELERY_BROKER_URL": broker} if broker else {}),
            **{key: str(value) for key, value in env.items()},
        }
        self.process = None

    def start(self) -> Worker:
        log = open(self.log, "ab")  # noqa: SIM115 - the child writes to it
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "certplanner",
            "worker",
            "-B",
            "--pool",
            "solo",
            "--loglevel",
            "INFO",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            "--schedule",
            str(self.folder / f"beat-{time.time_ns()}"),
        ]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return self

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.kill()


def wait_for(predicate, worker: Worker, what: str, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.1)
    tail = worker.log.read_text()[-3000:] if worker.log.exists() else ""
    raise AssertionError(f"Timed out waiting for {what}.\n{tail}")


def job_status(job) -> str:
    job.refresh_from_db()
    return job.status


def approve_quietly(vendor, reviewer, edition) -> PlanJob:
    """Approve a submission without the app's own enqueue: the test publishes the
    job on its private broker instead. (Holding back on-commit callbacks would not
    do: in these transactional tests every block really commits.)"""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("pics.plans.jobs._enqueue", lambda job_id: None)
        submission = submission_submit(make_pics(vendor, edition), user=vendor)
        submission_move(submission, user=reviewer, to_state=Submission.State.IN_REVIEW)
        submission_move(submission, user=reviewer, to_state=Submission.State.APPROVED)
    return submission.jobs.get()


def assert_signed_by_the_lab(job) -> None:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from pics.plans.identity import lab_signer
    from pics.plans.signing import verify_pdf

    with job.file.open("rb") as handle:
        content = handle.read()
    signer = lab_signer()
    reader = PdfFileReader(io.BytesIO(content))
    status = validate_pdf_signature(
        reader.embedded_signatures[0],
        ValidationContext(trust_roots=[signer.certificate]),
    )
    assert status.bottom_line
    result = verify_pdf(content, signer)
    assert result.is_lab_certificate
    assert (result.submission_code, result.revision) == (job.submission.code, 1)
    changed = bytearray(content)
    changed[len(changed) // 3] ^= 0x01
    assert not verify_pdf(bytes(changed), signer).intact


def test_approval_produces_a_signed_plan_on_the_embedded_broker(
    vendor, reviewer, edition, tmp_path
):
    worker = Worker(tmp_path).start()
    try:
        job = approve_quietly(vendor, reviewer, edition)
        publish(job.pk, "filesystem://", filesystem_broker(tmp_path))
        wait_for(lambda: job_status(job) == PlanJob.Status.DONE, worker, "the plan")
        assert job.attempts == 1 and len(job.sha256) == 64
        assert_signed_by_the_lab(job)
    finally:
        worker.stop()


@pytest.mark.skipif(not os.environ.get("TEST_REDIS_URL"), reason="needs TEST_REDIS_URL")
def test_approval_produces_a_signed_plan_on_redis(vendor, reviewer, edition, tmp_path):
    redis_url = os.environ["TEST_REDIS_URL"]
    worker = Worker(tmp_path, redis_url).start()
    try:
        job = approve_quietly(vendor, reviewer, edition)
        publish(job.pk, redis_url)
        wait_for(lambda: job_status(job) == PlanJob.Status.DONE, worker, "the plan")
        assert_signed_by_the_lab(job)
    finally:
        worker.stop()


def test_a_worker_killed_mid_job_still_delivers_exactly_one_document(
    vendor, reviewer, edition, tmp_path
):
    slow = {
        "PLAN_JOB_RENDER_DELAY": 4,
        "PLAN_JOB_DEADLINE_SECONDS": 2,
        "PLAN_JOB_SWEEP_SECONDS": 1,
    }
    first = Worker(tmp_path, **slow).start()
    try:
        job = approve_quietly(vendor, reviewer, edition)
        publish(job.pk, "filesystem://", filesystem_broker(tmp_path))
        wait_for(lambda: job_status(job) == PlanJob.Status.RUNNING, first, "the start")
        first.kill()
    finally:
        first.stop()
    assert job_status(job) == PlanJob.Status.RUNNING  # lost with its worker
    second = Worker(tmp_path, **{**slow, "PLAN_JOB_RENDER_DELAY": 0}).start()
    try:
        wait_for(lambda: job_status(job) == PlanJob.Status.DONE, second, "the re-run")
    finally:
        second.stop()
    job.refresh_from_db()
    assert job.attempts == 2
    assert job.submission.jobs.count() == 1
    stored = list((Path(settings.MEDIA_ROOT) / "plans").rglob(f"*{job.code}*.pdf"))
    assert len(stored) == 1
    assert_signed_by_the_lab(job)
