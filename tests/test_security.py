"""Security headers, CSRF, cookies in production and login throttling."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parent.parent


def test_pages_carry_the_security_headers(anonymous_client):
    response = anonymous_client.get(reverse("login"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_our_404_keeps_the_policy_and_the_debug_page_is_spared(
    anonymous_client, settings
):
    # Ours has no inline style; Django's technical page in DEBUG is all inline style.
    assert "Content-Security-Policy" in anonymous_client.get("/no-such-page/")
    settings.DEBUG = True
    debug_page = anonymous_client.get("/no-such-page/")
    assert debug_page.status_code == 404
    assert "Content-Security-Policy" not in debug_page


def test_no_template_has_inline_script_or_style():
    for template in (ROOT / "templates").rglob("*.html"):
        html = template.read_text()
        assert "<script>" not in html and " style=" not in html, template
        assert "onclick=" not in html and "onchange=" not in html, template


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("pics_import", {}),
        ("wizard_new", {}),
        ("password_change", {}),
        ("logout", {}),
    ],
)
def test_state_changing_requests_need_the_csrf_token(vendor, name, kwargs):
    client = Client(enforce_csrf_checks=True)
    client.force_login(vendor)
    response = client.post(reverse(name, kwargs=kwargs), {})
    assert response.status_code == 403


def production_settings(**extra) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    env.update(
        DEBUG="0",
        SECRET_KEY="s" * 60,
        ALLOWED_HOSTS="plans.example.org",
        DJANGO_SETTINGS_MODULE="certplanner.settings",
        **extra,
    )
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k) for k in ('SESSION_COOKIE_SECURE', "
        "'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_SECURE', 'CSRF_COOKIE_HTTPONLY', "
        "'SECURE_HSTS_SECONDS', 'SECURE_SSL_REDIRECT')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_cookies_are_secure_and_http_only_in_production(tmp_path):
    values = production_settings(CERTPLANNER_DATA_DIR=str(tmp_path))
    assert values == {
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "CSRF_COOKIE_SECURE": True,
        "CSRF_COOKIE_HTTPONLY": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_SSL_REDIRECT": True,
    }


def attempt(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_repeated_failures_block_the_account_for_a_while(vendor, settings):
    client = Client()
    for _ in range(settings.LOGIN_FAILURES_PER_USER):
        assert (
            "correct username and password"
            in attempt(client, "vera", "guess").content.decode()
        )
    blocked = attempt(client, "vera", PASSWORD)  # even the right password
    assert blocked.status_code == 200
    assert "Too many failed attempts" in blocked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_resets_the_count(vendor, settings):
    client = Client()
    for _ in range(settings.LOGIN_FAILURES_PER_USER - 1):
        attempt(client, "vera", "guess")
    assert attempt(client, "vera", PASSWORD).status_code == 302
    other = Client()
    for _ in range(settings.LOGIN_FAILURES_PER_USER - 1):
        attempt(other, "vera", "guess")
    assert attempt(other, "vera", PASSWORD).status_code == 302


def test_one_address_guessing_many_accounts_is_blocked(vendor, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    client = Client()
    for name in ("a", "b", "c"):
        attempt(client, name, "guess")
    assert (
        "Too many failed attempts" in attempt(client, "vera", PASSWORD).content.decode()
    )
