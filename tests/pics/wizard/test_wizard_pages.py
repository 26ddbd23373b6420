"""What the wizard's pages say: no errors before a step is answered, counts for this
PICS, unanswered items that hold up Submit, a locked PICS, a draft back from the lab."""

import pytest
from django.urls import reverse

from pics.models import Pics, Submission
from pics.review.services import submission_move, submission_submit
from profiles.selectors import catalogue_data
from rules.planner import plan
from tests.pics.examples import make_pics
from tests.pics.wizard.test_wizard import PRODUCT, step_url

pytestmark = pytest.mark.django_db
State = Submission.State


def fresh_station(client) -> Pics:
    client.post(reverse("wizard_new"), PRODUCT | {"action": "continue"})
    pics = Pics.objects.get()
    client.post(step_url(pics, "profiles"), {"version": pics.version})
    pics.refresh_from_db()
    return pics


def test_a_new_pics_starts_with_the_organisation_as_vendor(vendor_client, edition):
    form = vendor_client.get(reverse("wizard_new")).context["form"]
    assert form["vendor"].value() == "Voltwerk Charging GmbH"


def test_a_features_step_not_saved_yet_shows_no_errors(vendor_client, edition):
    pics = fresh_station(vendor_client)
    page = vendor_client.get(step_url(pics, "features")).content.decode()
    assert "Not answered yet" in page
    for alarm in ('id="step-problems"', "invalid-feedback", "has-problem", "{list"):
        assert alarm not in page
    # Once saved, the rules the vendor left open are shown; Heartbeat counts in C-23.
    response = vendor_client.post(
        step_url(pics, "features"), {"version": pics.version, "action": "continue"}
    )
    page = response.content.decode()
    assert 'id="step-problems"' in page and "C-09.1" in page
    assert "must include Heartbeat" not in page
    assert "C-23" not in [p["id"] for p in response.context["step_problems"]]


def test_the_review_lists_a_step_not_saved_yet_as_not_answered(vendor_client, edition):
    pics = fresh_station(vendor_client)
    response = vendor_client.get(step_url(pics, "review"))
    titles = [s["title"] for s in response.context["not_answered_steps"]]
    assert titles == ["Features", "Additional questions", "Hardware"]
    assert response.context["errors"] == []
    assert 'disabled aria-disabled="true"' in response.content.decode()


def test_rows_and_panel_count_for_this_pics(vendor_client, edition):
    pics = fresh_station(vendor_client)
    page = vendor_client.get(step_url(pics, "features")).content.decode()
    assert "Adds no test case for this PICS</summary>" in page
    assert "TC_C_45 needs more than C-07 (C-30 no" in page
    panel = vendor_client.post(
        reverse("wizard_preview", args=[pics.code, "features"]),
        {
            "feature:C-07": "on",
            "changed": "feature:C-07",
            "previous": ",".join(applicable_ids(pics)),
            "values:C-23": ["Heartbeat"],
        },
    ).content.decode()
    assert "No test case added or removed" in panel
    assert "needs more than C-07 (C-30 no" in panel


def applicable_ids(pics):
    rows = plan(catalogue_data(pics.edition), pics.document())["test_cases"]
    return [r["id"] for r in rows if r["applicable"] is True]


def test_profile_counts_say_why_they_differ(vendor_client, edition):
    pics = fresh_station(vendor_client)
    page = vendor_client.get(step_url(pics, "profiles")).content.decode()
    assert "apply to this PICS so far" in page and "are conditional" in page


def test_problems_name_their_id_once(vendor_client, vendor, edition):
    pics = make_pics(vendor, edition, questions={})
    page = vendor_client.get(step_url(pics, "review")).content.decode()
    assert "AQ-1</span> AQ-1" not in page and "AQ-1 AQ-1" not in page
    assert "AQ-1</span> is not answered yet" in page


def test_unanswered_items_that_decide_nothing_do_not_hold_up_submit(
    vendor_client, vendor, edition
):
    pics = make_pics(vendor, edition, questions={"AQ-2": True})
    response = vendor_client.get(step_url(pics, "review"))
    context = response.context
    if context["summary"]["undetermined"]:
        assert context["deciding_unanswered"]
        assert all(item["test_cases"] for item in context["deciding_unanswered"])
    assert context["other_warnings"]
    assert "none of them decides a test case" in response.content.decode()


def approved(vendor, reviewer, edition):
    pics = make_pics(vendor, edition)
    submission = submission_submit(pics, user=vendor)
    submission_move(submission, user=reviewer, to_state=State.APPROVED, note="ok")
    pics.refresh_from_db()
    return pics


def test_an_approved_pics_says_it_is_locked_with_the_way_on(
    vendor_client, vendor, reviewer, edition
):
    pics = approved(vendor, reviewer, edition)
    response = vendor_client.get(step_url(pics, "features"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "approved and locked" in page
    assert reverse("pics_duplicate", args=[pics.code]) in page
    refused = vendor_client.post(step_url(pics, "features"), {"version": pics.version})
    assert refused.status_code == 409
    assert Pics.objects.get(pk=pics.pk).answers == pics.answers


def test_a_draft_back_from_the_lab_shows_changes_requested_and_the_note(
    vendor_client, vendor, reviewer, edition
):
    pics = make_pics(vendor, edition)
    submission = submission_submit(pics, user=vendor)
    submission_move(
        submission,
        user=reviewer,
        to_state=State.CHANGES_REQUESTED,
        note="Please confirm the EVSE count.",
    )
    for url in (reverse("dashboard"), reverse("pics_list"), step_url(pics, "review")):
        page = vendor_client.get(url).content.decode()
        assert "Changes requested" in page, url
        assert "Please confirm the EVSE count." in page, url
        assert reverse("submission_detail", args=[submission.code]) in page, url
