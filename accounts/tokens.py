"""API tokens: `Authorization: Token <key>`. Only a hash of the key is stored."""

from __future__ import annotations

import hashlib
import secrets

from django.http import JsonResponse
from django.utils import timezone

TOKEN_PREFIX = "cpt_"  # noqa: S105 - a marker, not a secret


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_create(user, name: str) -> tuple[object, str]:
    """A new token for `user`; returns it and the key, which is shown only once."""
    from .models import ApiToken

    key = TOKEN_PREFIX + secrets.token_urlsafe(30)
    token = ApiToken.objects.create(user=user, name=name, key_hash=hash_key(key))
    return token, key


class TokenAuthenticationMiddleware:
    """Authenticates API requests that carry a token. A request with a bad token is
    refused outright rather than treated as anonymous; a token-authenticated request
    needs no CSRF token (it carries no cookie a browser could be tricked into
    sending)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if header.startswith("Token ") and request.path.startswith("/api/"):
            from .models import ApiToken

            token = (
                ApiToken.objects.select_related("user")
                .filter(key_hash=hash_key(header.removeprefix("Token ").strip()))
                .first()
            )
            if token is None or not token.user.is_active:
                return JsonResponse({"error": "Invalid API token."}, status=401)
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
            request.user = token.user
            request._dont_enforce_csrf_checks = True
        return self.get_response(request)
