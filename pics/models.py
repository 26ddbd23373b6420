from django.conf import settings
from django.db import models

from accounts.models import Organisation, new_code
from profiles.models import Edition, Side
from rules.document import PicsDocument


def new_pics_code() -> str:
    # Its own name because the migrations refer to it.
    return new_code()


def empty_answers() -> dict:
    return {
        "profiles": [],
        "features": [],
        "values": {},
        "questions": {},
        "hardware": {},
    }


class Pics(models.Model):
    """A vendor's Protocol Implementation Conformance Statement for one product
    build (a certificate holds for one hardware and firmware version)."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Under review"  # frozen while the lab has it
        APPROVED = "approved", "Approved"

    code = models.CharField(
        max_length=20, unique=True, default=new_pics_code, editable=False
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="pics"
    )
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="pics")
    sut = models.CharField("system under test", max_length=4, choices=Side)
    product_subtype = models.CharField(max_length=200, blank=True)
    vendor = models.CharField(max_length=200)
    model = models.CharField(max_length=200)
    hardware_version = models.CharField(max_length=200)
    firmware_version = models.CharField(max_length=200)
    answers = models.JSONField(default=empty_answers)
    revision = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=12, choices=Status, default=Status.DRAFT)
    # Incremented on every save: a save based on an older version is refused, so two
    # tabs on the same draft never silently overwrite each other.
    version = models.PositiveIntegerField(default=1)
    wizard_steps = models.JSONField(
        default=list, blank=True, help_text="Wizard steps saved at least once."
    )
    # Answers the vendor accepted from a device report: PICS id (or "product.vendor")
    # -> {"report": <DeviceReport code>, "evidence": "..."}.
    answer_sources = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "PICS"
        verbose_name_plural = "PICS"
        indexes = [models.Index(fields=["organisation", "-updated_at"])]

    def __str__(self) -> str:
        return f"{self.vendor} {self.model} {self.firmware_version}"

    @property
    def product_name(self) -> str:
        return f"{self.vendor} {self.model}"

    def document(self) -> PicsDocument:
        answers = self.answers
        return PicsDocument(
            sut=self.sut,
            edition=self.edition.code,
            product={
                "vendor": self.vendor,
                "model": self.model,
                "hardware_version": self.hardware_version,
                "firmware_version": self.firmware_version,
            },
            profiles=tuple(answers.get("profiles", ())),
            features=tuple(answers.get("features", ())),
            values={k: tuple(v) for k, v in answers.get("values", {}).items()},
            questions=dict(answers.get("questions", {})),
            hardware=dict(answers.get("hardware", {})),
            product_subtype=self.product_subtype or None,
        )


class Submission(models.Model):
    """A PICS handed to the lab. Each (re)submission freezes a Revision; every state
    change is a Transition (the audit trail)."""

    class State(models.TextChoices):
        SUBMITTED = "submitted", "Submitted"
        IN_REVIEW = "in_review", "In review"
        CHANGES_REQUESTED = "changes_requested", "Changes requested"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    code = models.CharField(
        max_length=20, unique=True, default=new_pics_code, editable=False
    )
    pics = models.ForeignKey(Pics, on_delete=models.PROTECT, related_name="submissions")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="submissions"
    )
    state = models.CharField(max_length=20, choices=State, default=State.SUBMITTED)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
    )
    # Denormalised from the latest revision, for the lab queue's filters and columns.
    sut = models.CharField(max_length=4, choices=Side)
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="+")
    product = models.CharField(max_length=900)
    current_revision = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["state", "-submitted_at"]),
            models.Index(fields=["organisation", "-submitted_at"]),
        ]
        constraints = [
            # One open submission per PICS at a time.
            models.UniqueConstraint(
                fields=["pics"],
                condition=models.Q(
                    state__in=["submitted", "in_review", "changes_requested"]
                ),
                name="one_open_submission_per_pics",
            )
        ]

    def __str__(self) -> str:
        return f"{self.product} (revision {self.current_revision})"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


OPEN_STATES = (
    Submission.State.SUBMITTED,
    Submission.State.IN_REVIEW,
    Submission.State.CHANGES_REQUESTED,
)


class Revision(models.Model):
    """What was submitted, frozen: the answers, the edition and the plan computed then.
    No later edit of the draft and no catalogue change alters it."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    document = models.JSONField()
    plan = models.JSONField()
    pics_sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "number"], name="revision_unique_number"
            )
        ]

    def __str__(self) -> str:
        return f"revision {self.number}"


class Transition(models.Model):
    """One row of the audit trail: who moved the submission from which state to which,
    when, and why."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="transitions"
    )
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20)
    revision = models.PositiveIntegerField()
    note = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "at", "id"]

    def __str__(self) -> str:
        return f"{self.from_label} → {self.to_label}"

    @property
    def from_label(self) -> str:
        return Submission.State(self.from_state).label if self.from_state else "Draft"

    @property
    def to_label(self) -> str:
        return Submission.State(self.to_state).label


class Comment(models.Model):
    """A remark on a submission, or on one test case of its plan."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="comments"
    )
    revision = models.PositiveIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    test_case = models.CharField(max_length=12, blank=True)
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submission", "created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class PlanJob(models.Model):
    """One background job producing the signed test plan of a submission revision.

    The row is the job's truth (brokers can lose messages: a sweep re-queues jobs stuck
    past their deadline), and a job makes at most one document however often it runs.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    code = models.CharField(
        max_length=20, unique=True, default=new_pics_code, editable=False
    )
    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="jobs"
    )
    revision = models.PositiveIntegerField()
    status = models.CharField(max_length=8, choices=Status, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # After this moment a queued or running job is presumed lost and is re-queued.
    deadline_at = models.DateTimeField()
    file = models.FileField(upload_to="plans/%Y/%m/", blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    certificate_fingerprint = models.CharField(max_length=64, blank=True)
    development_certificate = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "deadline_at"])]

    def __str__(self) -> str:
        return f"Signed plan of {self.submission} revision {self.revision}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class DeviceReport(models.Model):
    """A charging station's device reports (NotifyReport parts, BootNotification)
    attached to a PICS, uploaded by the vendor or collected from the station over
    OCPP, with what they proposed. The lab's cross-check reads the latest one."""

    class Source(models.TextChoices):
        UPLOAD = "upload", "Uploaded files"
        STATION = "station", "Collected from the station"

    code = models.CharField(
        max_length=20, unique=True, default=new_pics_code, editable=False
    )
    pics = models.ForeignKey(Pics, on_delete=models.CASCADE, related_name="reports")
    source = models.CharField(max_length=8, choices=Source)
    # The messages as received: [{"name": "part-1.json", "content": <JSON>}, ...],
    # and the BootNotificationRequest payload if there was one.
    messages = models.JSONField(default=list)
    boot = models.JSONField(null=True, blank=True)
    # devicemodel.Proposal.to_json() of each proposed answer.
    proposals = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.code}"


class StationConnection(models.Model):
    """A one-time OCPP 2.0.1 connection URL for a draft: the station (or a
    simulator) connects to /ocpp/<code> with Basic authentication, the listener
    sends GetBaseReport(FullInventory) and stores what arrives as a DeviceReport."""

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting for the station"
        CONNECTED = "connected", "Connected"
        REPORTING = "reporting", "Receiving the report"
        DONE = "done", "Report received"
        FAILED = "failed", "Failed"
        EXPIRED = "expired", "Expired"

    code = models.CharField(
        max_length=20, unique=True, default=new_pics_code, editable=False
    )
    pics = models.ForeignKey(
        Pics, on_delete=models.CASCADE, related_name="station_connections"
    )
    # Django's password hash of the Basic-auth password, shown to the vendor once.
    password_hash = models.CharField(max_length=200)
    state = models.CharField(max_length=10, choices=State, default=State.WAITING)
    parts_received = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    expires_at = models.DateTimeField()
    connected_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    report = models.OneToOneField(
        DeviceReport,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="connection",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.code} ({self.get_state_display()})"
