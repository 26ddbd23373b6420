"""Small helpers shared by the JSON API views of every app.

The API answers JSON only: 401 for a missing or bad login, 4xx with a message for
bad input, never an HTML login redirect.
"""

from __future__ import annotations

import json
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt


def _csrf_rejects(request) -> bool:
    if getattr(request, "_dont_enforce_csrf_checks", False):
        return False
    checker = CsrfViewMiddleware(lambda request: None)
    return checker.process_view(request, None, (), {}) is not None


def error(status: int, message: str, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


def api_view(*methods: str, public: bool = False):
    """JSON endpoint allowing `methods`, for logged-in users (session or token), or
    for anyone when `public`."""

    def decorator(view):
        @login_not_required
        @csrf_exempt
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in methods:
                response = error(405, f"Method {request.method} not allowed.")
                response["Allow"] = ", ".join(methods)
                return response
            if not public and not request.user.is_authenticated:
                return error(401, "Authentication required.")
            # CSRF protects session logins only; a token request carries no cookie a
            # browser could be tricked into sending (accounts.tokens marks those).
            if request.user.is_authenticated and _csrf_rejects(request):
                return error(403, "CSRF token missing or incorrect.")
            try:
                return view(request, *args, **kwargs)
            except Http404 as exc:
                return error(404, str(exc) or "Not found.")
            except PermissionDenied as exc:
                return error(403, str(exc) or "Not allowed.")

        return wrapper

    return decorator


class BadJson(ValueError):
    """The request body is not a JSON document we accept; the message says why."""


def _refuse_duplicate_keys(pairs):
    result = dict(pairs)
    if len(result) != len(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise BadJson(f"Duplicate key {key!r:.60} in a JSON object.")
            seen.add(key)
    return result


def parse_json(raw: bytes | str) -> Any:
    """Strict JSON: UTF-8, no duplicate keys, no NaN, bounded nesting."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        return json.loads(
            text,
            object_pairs_hook=_refuse_duplicate_keys,
            parse_constant=lambda name: (_ for _ in ()).throw(
                BadJson(f"{name} is not allowed in JSON.")
            ),
        )
    except UnicodeDecodeError:
        raise BadJson("The body is not UTF-8 text.") from None
    except RecursionError:
        raise BadJson("The JSON is nested too deeply.") from None
    except json.JSONDecodeError as exc:
        raise BadJson(f"The body is not valid JSON: {exc}.") from None
    except BadJson:
        raise
    except ValueError:  # e.g. an integer longer than Python converts
        raise BadJson("The JSON holds a number too large to read.") from None


def json_body(request) -> Any:
    try:
        body = request.body
    except RequestDataTooBig:
        raise BadJson("The body is too large.") from None
    if not body:
        raise BadJson("The body is empty; send a JSON document.")
    return parse_json(body)
