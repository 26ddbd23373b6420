"""Login lock-out against password guessing, by django-axes (configured in settings):
failed logins are stored in the database (axes' access attempts, which admins see
and clear in the admin), counted per username from one client address and per
address; past either limit, login is refused for 15 minutes."""

from __future__ import annotations

import ipaddress
import logging
import unicodedata

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

log = logging.getLogger(__name__)

LOCKED_OUT_MESSAGE = "Too many failed attempts. Wait 15 minutes before trying again."


def lockout_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The name failures are counted under: the name as it authenticates. Django's
    username field strips and NFKC-normalises what is typed (so alice typed in
    full-width letters logs in as alice), and case variants are one person trying:
    counting each spelling apart would give every variant fresh guesses."""
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = request.POST.get("username") if request is not None else None
    if raw is None:
        return None
    name = unicodedata.normalize("NFKC", str(raw).strip())
    return unicodedata.normalize("NFKC", name.casefold())


def client_address(request: HttpRequest) -> str | None:
    """The client's address. Behind TRUSTED_PROXY_COUNT reverse proxies, each of
    which appends the address it received from to X-Forwarded-For, it is that
    header's entry that many places from the right: entries further left come from
    the client and can be anything. Without trusted proxies, or when the header is
    shorter or that entry no address (a request that did not pass them), it is
    REMOTE_ADDR.

    Not ipware's proxy count: it counts the proxies listed inside the header, and in
    its strict mode gives no address at all to a client whose own proxy adds an
    entry, which would put all such clients under one shared count."""
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    entries = [entry.strip() for entry in header.split(",") if entry.strip()]
    if len(entries) < count:
        return remote
    try:
        return str(ipaddress.ip_address(entries[-count]))
    except ValueError:
        # Not an address (the database column holds only addresses): the request
        # did not come as the proxies write it, so it counts under its connection.
        return remote


class LoginLockoutHandler(AxesDatabaseHandler):
    """Axes' database handler with one limit per lock-out parameter group (axes has
    one limit for all): LOGIN_FAILURES_PER_USER for a username from one address,
    LOGIN_FAILURES_PER_ADDRESS for an address whatever the names, in the order of
    AXES_LOCKOUT_PARAMETERS."""

    @staticmethod
    def _limits() -> list[int]:
        return [settings.LOGIN_FAILURES_PER_USER, settings.LOGIN_FAILURES_PER_ADDRESS]

    def _group_failures(self, request, credentials) -> list[int]:
        return [
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        ]

    def get_failures(self, request, credentials: dict | None = None) -> int:
        # What axes compares with AXES_FAILURE_LIMIT (the per-user limit) for its
        # own lock-out log and signal: the username-and-address count.
        return self._group_failures(request, credentials)[0]

    def is_locked(self, request, credentials: dict | None = None) -> bool:
        failures = self._group_failures(request, credentials)
        return any(
            count >= limit
            for count, limit in zip(failures, self._limits(), strict=True)
        )

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        denied_before = getattr(request, "axes_locked_out", False)
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None:
            return
        # The failure that reaches a limit is answered like the others ("wrong
        # username or password"); the lock-out answers from the next attempt on.
        request.axes_locked_out = denied_before
        if not denied_before and self.is_locked(request, credentials):
            log.warning(
                "Login locked out for 15 minutes: address %s, username %r.",
                request.axes_ip_address,
                lockout_username(request, credentials),
            )

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        # A successful login clears that username's failures from that address only:
        # clearing the address's whole count would let a guesser reset it by logging
        # into an account of their own between guesses.
        attempts = self.get_user_attempts(request, credentials)[0]
        count, _ = attempts.delete()
        return count


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials
) -> HttpResponse:
    """What a locked-out login attempt gets. The login page already says so at its
    form (accounts.forms.LoginForm), so its own response stands; other logins (the
    admin's) get a page that says it."""
    match = getattr(request, "resolver_match", None)
    if original_response is not None and match and match.view_name == "login":
        return original_response
    return render(
        request,
        "accounts/locked_out.html",
        {"message": LOCKED_OUT_MESSAGE},
        status=429,
    )
