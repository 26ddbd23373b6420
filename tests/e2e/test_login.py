import pytest

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_vendor_logs_in_and_out_in_a_browser(new_page, vendor):
    page = new_page()
    page.goto("/")
    assert "/accounts/login/" in page.url
    log_in(page, "vera", PASSWORD)
    assert page.get_by_role("heading", name="Welcome, Vera").is_visible()
    assert (
        page.locator(".page-header").get_by_text("Voltwerk Charging GmbH").is_visible()
    )
    page.get_by_role("button", name="Vera").click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/")


def test_wrong_password_shows_the_error_in_the_form(new_page, vendor):
    page = new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("vera")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_text("Please enter a correct username and password").is_visible()
