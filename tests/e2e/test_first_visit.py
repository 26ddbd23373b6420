"""A vendor's first walk through a new Charging Station PICS: nothing is shown as an
error before the vendor has acted, fixed members count, the live panel says why a
switch moved nothing; the not-found page keeps the policy."""

import pytest
from playwright.sync_api import expect

from pics.models import Pics
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ALARMS = ".alert-danger, .invalid-feedback, .has-problem, #step-problems"


def save_and_continue(page):
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()


def no_alarm(page):
    expect(page.locator(ALARMS)).to_have_count(0)


def test_a_fresh_station_shows_no_error_before_the_vendor_acts(
    new_page, vendor, edition
):
    page = new_page()
    log_in(page, "vera", PASSWORD)
    page.goto("/pics/new/")
    no_alarm(page)
    expect(page.get_by_label("Vendor")).to_have_value("Voltwerk Charging GmbH")
    page.get_by_label("Model").fill("First Walk")
    page.get_by_label("Hardware version").fill("1")
    page.get_by_label("Firmware version").fill("1.0")
    save_and_continue(page)
    pics = Pics.objects.get(model="First Walk")
    no_alarm(page)
    expect(page.get_by_text("apply to this PICS so far").first).to_be_visible()
    save_and_continue(page)

    assert "/edit/features/" in page.url
    no_alarm(page)
    expect(page.locator("#step-not-answered")).to_contain_text("Not answered yet")
    expect(page.get_by_text("{list")).to_have_count(0)
    heartbeat = page.locator('input[name="values:C-23"][value="Heartbeat"]')
    expect(heartbeat).to_be_checked()
    expect(heartbeat).to_be_disabled()
    # A switch that adds nothing says why instead of leaving the panel silent.
    before = page.locator("#live-applicable").inner_text()
    page.locator('input[name="feature:C-07"]').check()
    expect(page.locator("#live-unchanged")).to_contain_text("needs more than C-07")
    expect(page.locator("#live-applicable")).to_have_text(before)

    for step in ("questions", "hardware"):
        page.goto(f"/pics/{pics.code}/edit/{step}/")
        no_alarm(page)
    page.goto(f"/pics/{pics.code}/edit/review/")
    expect(page.locator("#review-not-answered")).to_contain_text("Features")
    expect(page.locator("#review-errors")).to_have_count(0)
    expect(page.get_by_role("button", name="Submit")).to_be_disabled()

    # Once the vendor saves the features, the rules left open are errors.
    page.goto(f"/pics/{pics.code}/edit/features/")
    save_and_continue(page)
    expect(page.locator("#step-problems")).to_contain_text("C-09")
    expect(page.locator("#step-problems")).not_to_contain_text("Heartbeat")
    expect(page.locator("#step-problems")).not_to_contain_text("C-09 C-09")


def test_the_not_found_page_keeps_the_policy(new_page, vendor, console_allowed):
    # The browser reports the 404 status itself; nothing else may complain.
    console_allowed.append(r"status of 404")
    page = new_page()
    log_in(page, "vera", PASSWORD)
    response = page.goto("/pics/no-such-pics/edit/features/")
    assert response.status == 404
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
