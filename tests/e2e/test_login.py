import re

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_vendor_logs_in_and_out_in_a_browser(new_page, vendor):
    page = new_page()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    log_in(page, "vera", PASSWORD)
    expect(page.get_by_role("heading", name="Welcome, Vera")).to_be_visible()
    expect(
        page.locator(".page-header").get_by_text("Voltwerk Charging GmbH")
    ).to_be_visible()
    page.get_by_role("button", name="Vera").click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url("**/accounts/login/")


def test_wrong_password_shows_the_error_in_the_form(new_page, vendor):
    page = new_page()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("vera")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    expect(
        page.get_by_text("Please enter a correct username and password")
    ).to_be_visible()
