"""Login lock-out: one count per name as it authenticates, the client's address
behind trusted proxies only, lock-outs visible and cleared in the admin, and no
other way in to guess passwords."""

import base64

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
LOCKED = "Too many failed attempts"
FULL_WIDTH_VERA = "\uff56\uff45\uff52\uff41"  # NFKC: "vera"


def attempt(client, username, password, **extra):
    return client.post(
        reverse("login"), {"username": username, "password": password}, **extra
    )


def test_look_alike_spellings_of_a_name_share_one_count(vendor, settings):
    client = Client()
    spellings = [FULL_WIDTH_VERA, "VERA", "Vera", " vera ", FULL_WIDTH_VERA, "vera"]
    for name in spellings[: settings.LOGIN_FAILURES_PER_USER]:
        response = attempt(client, name, "guess")
        assert "correct username and password" in response.content.decode()
    for name in spellings:
        blocked = attempt(client, name, PASSWORD)
        assert LOCKED in blocked.content.decode(), name
        assert "_auth_user_id" not in client.session


def test_full_width_name_still_logs_in_before_any_failure(vendor):
    # The lock-out counts what authenticates; it does not change what does.
    assert attempt(Client(), FULL_WIDTH_VERA, PASSWORD).status_code == 302


def test_behind_a_trusted_proxy_the_address_limit_follows_the_client(vendor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    guesser, owner = Client(), Client()
    for name in ("a", "b", "c"):
        attempt(guesser, name, "guess", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert (
        LOCKED
        in attempt(
            guesser, "vera", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.7"
        ).content.decode()
    )
    # What the guesser writes into the header itself is left of the proxy's entry.
    assert (
        LOCKED
        in attempt(
            guesser, "vera", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.9, 203.0.113.7"
        ).content.decode()
    )
    # Everyone else comes through the same proxy (one REMOTE_ADDR) and logs in.
    response = attempt(owner, "vera", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert response.status_code == 302


@pytest.mark.parametrize("header", ["not-an-address", "", "999.1.1.1", "::1, x"])
def test_a_forwarded_header_that_is_no_address_counts_under_the_connection(
    vendor, settings, header
):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_FAILURES_PER_ADDRESS = 2
    client = Client()
    for name in ("a", "b"):
        assert attempt(client, name, "guess", HTTP_X_FORWARDED_FOR=header).status_code
    assert AccessAttempt.objects.filter(ip_address="127.0.0.1").count() == 2
    assert LOCKED in attempt(client, "vera", PASSWORD).content.decode()


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(vendor, settings):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    client = Client()
    for number, name in enumerate(("a", "b", "c")):
        attempt(client, name, "guess", HTTP_X_FORWARDED_FOR=f"198.51.100.{number}")
    response = attempt(client, "vera", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert LOCKED in response.content.decode()


def test_a_success_does_not_clear_the_address_count_of_other_names(
    vendor, colleague, settings
):
    settings.LOGIN_FAILURES_PER_ADDRESS = 3
    client = Client()
    attempt(client, "vera", "guess")
    attempt(client, "vera", "guess")
    assert attempt(client, "colin", PASSWORD).status_code == 302
    client.logout()
    attempt(client, "someone", "guess")
    assert LOCKED in attempt(client, "colin", PASSWORD).content.decode()


def test_admin_sees_and_clears_a_lock_out(vendor, admin_user, settings):
    guesser = Client()
    for _ in range(settings.LOGIN_FAILURES_PER_USER):
        attempt(guesser, "vera", "guess")
    assert LOCKED in attempt(guesser, "vera", PASSWORD).content.decode()
    admin = Client()
    admin.force_login(admin_user)
    listing = admin.get(reverse("admin:axes_accessattempt_changelist"))
    assert listing.status_code == 200 and "vera" in listing.content.decode()
    locked = AccessAttempt.objects.get(username="vera")
    delete = reverse("admin:axes_accessattempt_delete", args=[locked.pk])
    assert admin.post(delete, {"post": "yes"}).status_code == 302
    assert attempt(guesser, "vera", PASSWORD).status_code == 302


def test_the_admin_login_is_locked_out_too_and_says_so(admin_user, settings):
    client = Client()
    url = reverse("admin:login")
    for _ in range(settings.LOGIN_FAILURES_PER_USER):
        client.post(url, {"username": "ada", "password": "guess"})
    response = client.post(url, {"username": "ada", "password": PASSWORD})
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_api_takes_no_password(vendor):
    # Tokens are random keys of 240 bits, stored hashed; a password is no token and
    # Basic authentication is not read, so the API is no way round the lock-out.
    client = Client()
    url = reverse("api_pics")
    basic = base64.b64encode(f"vera:{PASSWORD}".encode()).decode()
    assert client.get(url, HTTP_AUTHORIZATION=f"Basic {basic}").status_code == 401
    assert client.get(url, HTTP_AUTHORIZATION=f"Token {PASSWORD}").status_code == 401
