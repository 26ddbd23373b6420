"""Small helpers shared by the JSON API views of every app.

The API answers JSON only: 401 for a missing or bad login, 4xx with a message for
bad input, never an HTML login redirect.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse


def error(status: int, message: str, **extra) -> JsonResponse:
    return JsonResponse({"error": message, **extra}, status=status)


def api_view(*methods: str):
    """JSON endpoint allowing `methods`, for logged-in users (session or token)."""

    def decorator(view):
        @login_not_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in methods:
                response = error(405, f"Method {request.method} not allowed.")
                response["Allow"] = ", ".join(methods)
                return response
            if not request.user.is_authenticated:
                return error(401, "Authentication required.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
