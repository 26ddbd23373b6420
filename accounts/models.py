import secrets
import string

from django.conf import settings
from django.db import models

CODE_ALPHABET = string.ascii_letters + string.digits
CODE_LENGTH = 12


def new_code() -> str:
    """A random public code (about 71 bits) for URLs and the command line.

    Letters and digits only: a code starting with "-" would read as an option
    to `manage.py export_pics CODE`, and "_" or "-" are easy to lose when a
    code is copied out of a sentence.
    """
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


class Organisation(models.Model):
    """A vendor company. Every vendor user belongs to exactly one."""

    name = models.CharField(max_length=200, unique=True)
    code = models.CharField(
        max_length=20, unique=True, default=new_code, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """Ties a vendor user to its organisation (lab staff and admins have none)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships"
    )
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__username"]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation}"


class ApiToken(models.Model):
    """A key for the JSON API, acting as its user (see accounts.tokens)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"
