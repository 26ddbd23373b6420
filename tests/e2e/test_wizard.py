"""The wizard in a real browser: a Charging Station and a CSMS from the first step to
submit, with a list-rule error shown and fixed, a draft left and resumed, and the
live count checked against the planner."""

import pytest
from playwright.sync_api import expect

from pics.models import Pics
from profiles.selectors import catalogue_data
from rules.planner import plan
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def switch(page, feature_id):
    page.locator(f'input[name="feature:{feature_id}"]').check()


def tick(page, feature_id, value):
    page.locator(f'input[name="values:{feature_id}"][value="{value}"]').check()


def live_count(page) -> int:
    return int(page.locator("#live-applicable").inner_text())


def planned_count(pics: Pics) -> int:
    return plan(catalogue_data(pics.edition), pics.document())["summary"]["applicable"]


def save_and_continue(page):
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_load_state()


def follow(page, link_name):
    page.get_by_role("link", name=link_name).click()
    page.wait_for_load_state()


def fill_product(page, *, model, sut_label):
    page.get_by_label("Vendor").fill("Voltwerk Charging GmbH")
    page.get_by_label("Model").fill(model)
    page.get_by_label("Hardware version").fill("3.1")
    page.get_by_label("Firmware version").fill("2.4.0")
    page.get_by_label(sut_label, exact=True).check()
    save_and_continue(page)


def answer_all(page, answer="No"):
    for group in page.locator("#wizard-form .question, #wizard-form .card-body").all():
        radio = group.get_by_label(answer, exact=True)
        if radio.count():
            radio.first.check()


def test_charging_station_from_first_step_to_submit(new_page, vendor, edition):
    page = new_page()
    log_in(page, "vera", PASSWORD)
    page.goto("/pics/")
    page.get_by_role("link", name="Start a PICS").click()
    fill_product(page, model="Wallbox E2E", sut_label="Charging Station")
    pics = Pics.objects.get(model="Wallbox E2E")
    assert page.url.endswith(f"/pics/{pics.code}/edit/profiles/")

    page.get_by_label("Advanced Security").check()
    save_and_continue(page)
    assert "/edit/features/" in page.url

    # Everything the list rules ask for, except a transaction start point (C-09).
    before = live_count(page)
    for feature_id in ["C-06.1", "C-10.2", "C-12.1", "C-30", "C-36", "C-48.1", "C-13"]:
        switch(page, feature_id)
    for n in range(1, 6):
        tick(page, f"C-40.{n}", "Energy.Active.Import.Register")
    tick(page, "C-41", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")
    tick(page, "C-41", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")
    # The live panel follows the unsaved answers (C-13 brings TC_B_25 … TC_B_27).
    expect(page.locator("#live-applicable")).not_to_have_text(str(before))

    save_and_continue(page)
    assert "/edit/features/" in page.url  # the C-09 rule stops the step
    error = page.locator("#row-c-09 .invalid-feedback")
    assert "support at least one of C-09.1" in error.inner_text()
    switch(page, "C-09.2")
    save_and_continue(page)
    assert "/edit/questions/" in page.url
    pics.refresh_from_db()
    assert live_count(page) == planned_count(pics)

    # Leave with a draft, come back from the list.
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url("**/pics/")
    page.get_by_role(
        "link", name="Voltwerk Charging GmbH Wallbox E2E", exact=True
    ).click()
    assert "/edit/review/" in page.url
    follow(page, "4. Additional questions")

    answer_all(page, "No")
    save_and_continue(page)
    assert "/edit/hardware/" in page.url
    answer_all(page, "Yes")
    page.get_by_label("HFS-8: No. EVSEs of Charging Station").fill("2")
    save_and_continue(page)
    assert "/edit/review/" in page.url
    pics.refresh_from_db()
    assert live_count(page) == planned_count(pics)
    assert page.get_by_role("button", name="Submit").is_enabled()
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url("**/submissions/*/")
    pics.refresh_from_db()
    assert pics.status == "submitted"
    expect(page.get_by_text("was submitted to")).to_be_visible()


def test_csms_skips_hardware_and_locks_required_features(new_page, vendor, edition):
    page = new_page()
    log_in(page, "vera", PASSWORD)
    page.goto("/pics/new/")
    fill_product(page, model="Cloud E2E", sut_label="CSMS")
    pics = Pics.objects.get(model="Cloud E2E")
    save_and_continue(page)  # Core only
    assert page.locator('input[name="feature:C-30"]').is_checked()
    assert page.locator('input[name="feature:C-30"]').is_disabled()
    save_and_continue(page)
    assert "at least one of C-50.1, C-50.2" in page.locator("#row-c-50").inner_text()
    switch(page, "C-50.1")
    save_and_continue(page)
    assert "/edit/questions/" in page.url
    assert page.get_by_role("link", name="Hardware").count() == 0
    answer_all(page, "Yes")
    save_and_continue(page)
    assert page.url.endswith(f"/pics/{pics.code}/edit/review/")
    pics.refresh_from_db()
    assert live_count(page) == planned_count(pics)
    page.get_by_role("button", name="Submit").click()
    page.wait_for_url("**/submissions/*/")
    pics.refresh_from_db()
    assert pics.status == "submitted"
