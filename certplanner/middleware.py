"""Security headers Django 5.2 does not set itself."""

from django.conf import settings

# Everything is served from our own origin; no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # The Django admin's own templates use inline styles and scripts, and so do
        # the technical 404 and 500 pages Django shows instead of ours in DEBUG.
        technical_page = settings.DEBUG and response.status_code in (404, 500)
        if not request.path.startswith(f"/{settings.ADMIN_URL_PREFIX}") and not (
            technical_page
        ):
            response.headers.setdefault(
                "Content-Security-Policy", CONTENT_SECURITY_POLICY
            )
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response
