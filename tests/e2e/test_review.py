"""Vendor and lab reviewer in two browser contexts: submit, request changes with a
comment on a test case, change an answer, resubmit, see the diff, approve."""

import pytest
from playwright.sync_api import expect

from pics.models import Pics, Submission
from tests.conftest import PASSWORD
from tests.e2e.conftest import log_in
from tests.pics.examples import make_pics

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_review_round_trip(new_page, vendor, reviewer, edition):
    pics = make_pics(vendor, edition)
    vendor_page = new_page()
    lab_page = new_page()
    log_in(vendor_page, "vera", PASSWORD)
    log_in(lab_page, "rita", PASSWORD)

    # The vendor submits.
    vendor_page.goto(f"/pics/{pics.code}/edit/review/")
    vendor_page.get_by_role("button", name="Submit").click()
    vendor_page.wait_for_url("**/submissions/*/")
    submission = Submission.objects.get(pics=pics)
    detail = f"/submissions/{submission.code}/"

    # The reviewer finds it in the queue, takes it, comments on a test case and
    # requests changes.
    lab_page.get_by_role("link", name="Review queue").click()
    lab_page.get_by_role("link", name=submission.product).click()
    lab_page.get_by_role("button", name="Assign to me").click()
    expect(lab_page.get_by_text("In review").first).to_be_visible()
    lab_page.get_by_role("link", name="Comment on TC_B_41").click()
    expect(lab_page.get_by_label("On test case")).to_have_value("TC_B_41")
    lab_page.locator("#comment-form textarea").fill(
        "Two EVSEs: please confirm the EVSE count."
    )
    lab_page.get_by_role("button", name="Add comment").click()
    lab_page.get_by_label("Note (required to request changes)").fill("See TC_B_41.")
    lab_page.get_by_role("button", name="Request changes").click()
    expect(lab_page.get_by_text("Changes requested").first).to_be_visible()

    # The vendor sees the request and the reviewer's note on the dashboard and in
    # the list, and the comment on the test case, changes an answer, resubmits.
    vendor_page.goto("/")
    mine = vendor_page.locator(".list-group-item", has_text=pics.model)
    expect(mine.get_by_text("Changes requested")).to_be_visible()
    expect(mine).to_contain_text("See TC_B_41.")
    vendor_page.goto("/pics/")
    row = vendor_page.locator("tr", has_text=pics.model)
    expect(row.get_by_text("Changes requested")).to_be_visible()
    expect(row).to_contain_text("See TC_B_41.")
    row.get_by_role("link", name="Read the note and the commented test cases").click()
    vendor_page.wait_for_url(f"**{detail}")
    expect(
        vendor_page.locator("#tc-TC_B_41").get_by_text("please confirm the EVSE count")
    ).to_be_visible()
    vendor_page.get_by_role("link", name="Edit the PICS").click()
    vendor_page.get_by_role("link", name="5. Hardware").click()
    vendor_page.get_by_label("HFS-8: No. EVSEs of Charging Station").fill("1")
    vendor_page.get_by_role("button", name="Save and continue").click()
    vendor_page.wait_for_url("**/edit/review/")
    vendor_page.get_by_role("button", name="Submit").click()
    vendor_page.wait_for_url("**/submissions/*/")
    expect(vendor_page.get_by_text("(revision 2)")).to_be_visible()

    # The reviewer sees the diff and approves.
    lab_page.goto(detail)
    expect(lab_page.locator("#diff")).to_contain_text("HFS-8")
    expect(lab_page.locator("#diff")).to_contain_text("TC_B_41")
    # As in the first round after "Assign to me", the decisions are there at once.
    expect(lab_page.get_by_role("button", name="Start review")).to_have_count(0)
    lab_page.get_by_role("button", name="Approve").click()
    expect(lab_page.get_by_text("Approved").first).to_be_visible()

    # Retrying assertions: the page reloads itself while the signed plan is produced.
    trail = lab_page.locator(".audit-trail li")
    expect(trail).to_have_count(6)
    expect(trail).to_contain_text(
        [
            ": Draft → Submitted",
            ": Submitted → In review",
            ": In review → Changes requested",
            ": Changes requested → Submitted",
            ": Submitted → In review",
            ": In review → Approved",
        ]
    )
    pics.refresh_from_db()
    assert pics.status == Pics.Status.APPROVED

    # The approved answers are locked: the wizard says so and offers the way on.
    vendor_page.goto(f"/pics/{pics.code}/edit/features/")
    expect(vendor_page.get_by_text("is approved and locked")).to_be_visible()
    vendor_page.get_by_role("link", name="Duplicate for a new firmware version").click()
    vendor_page.wait_for_url(f"**/pics/{pics.code}/duplicate/")
