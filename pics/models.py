import secrets

from django.conf import settings
from django.db import models

from accounts.models import Organisation
from profiles.models import Edition, Side

from .document import PicsDocument


def new_pics_code() -> str:
    return secrets.token_urlsafe(9)


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
        COMPLETE = "complete", "Complete"

    code = models.CharField(
        max_length=20, unique=True, default=new_pics_code, editable=False
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="pics"
    )
    edition = models.ForeignKey(Edition, on_delete=models.PROTECT, related_name="pics")
    sut = models.CharField("system under test", max_length=4, choices=Side)
    product_subtype = models.CharField(max_length=100, blank=True)
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
