"""Live from the station in a real browser: the vendor creates the connection URL,
a simulated station connects to the listener with the password the page showed, and
the page follows the report to the end without reloading."""

import threading

import pytest
from django.urls import NoReverseMatch, reverse
from playwright.sync_api import expect

from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in
from tests.pics.devices.station import ListenerThread, station_visit
from tests.pics.examples import make_pics

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def listener():
    thread = ListenerThread()
    thread.start()
    assert thread.ready.wait(10)
    yield thread
    thread.stop()


def test_page_follows_the_station_report_to_the_end(
    new_page, vendor, edition, listener, settings
):
    settings.OCPP_PUBLIC_URL = f"ws://127.0.0.1:{listener.port}"
    draft = make_pics(vendor, edition)
    page = new_page()
    log_in(page, vendor.username, PASSWORD)
    page.goto(f"/pics/{draft.code}/station/")
    page.get_by_role("button", name="Create a connection URL").click()
    page.wait_for_load_state()
    expect(page.locator("#station-state")).to_have_text("Waiting for the station")
    url = page.locator("#station-url").inner_text()
    password = page.locator("#station-password").inner_text()
    assert (
        url
        == f"ws://127.0.0.1:{listener.port}/ocpp/{draft.station_connections.get().code}"
    )

    # Playwright's loop runs in this thread: the station gets one of its own.
    visit = threading.Thread(target=station_visit, args=(url + "/cp001", password))
    visit.start()
    expect(page.locator("#station-state")).to_have_text("Report received")
    visit.join(30)
    expect(page.locator("#station-error")).to_be_hidden()
    try:
        report = draft.station_connections.get().report
        proposals = reverse("device_proposals", args=[draft.code, report.code])
    except NoReverseMatch:  # the wizard's proposals page is not in this build
        expect(page.locator("#station-done")).to_be_hidden()
    else:
        expect(page.locator("#station-proposals")).to_have_attribute("href", proposals)
