"""Lab queue, submission page, actions, comments, diff API, isolation and pinned
query counts."""

import dataclasses

import pytest
from django.urls import reverse

from pics.models import Submission
from pics.review.services import submission_move, submission_submit
from pics.wizard.services import pics_update
from tests.pics.examples import make_pics

pytestmark = pytest.mark.django_db
State = Submission.State


@pytest.fixture
def submitted(vendor, edition):
    return submission_submit(make_pics(vendor, edition), user=vendor)


def with_revision_two(submission, vendor, reviewer):
    submission_move(submission, user=reviewer, to_state=State.IN_REVIEW)
    submission_move(
        submission,
        user=reviewer,
        to_state=State.CHANGES_REQUESTED,
        note="Reset per EVSE is not supported, is it?",
    )
    pics = submission.pics
    pics.refresh_from_db()
    document = pics.document()
    features = (*tuple(f for f in document.features if f != "C-13"), "C-02")
    pics_update(
        pics,
        user=vendor,
        document=dataclasses.replace(document, features=features),
        version=pics.version,
    )
    return submission_submit(pics, user=vendor)


def test_lab_queue_lists_filters_and_sorts(
    reviewer_client, submitted, vendor, edition, other_vendor
):
    csms = submission_submit(make_pics(vendor, edition, "csms"), user=vendor)
    url = reverse("lab_queue")
    codes = [s.code for s in reviewer_client.get(url).context["page"]]
    assert codes == [csms.code, submitted.code]
    assert [
        s.code for s in reviewer_client.get(url, {"sut": "csms"}).context["page"]
    ] == [csms.code]
    assert [
        s.code for s in reviewer_client.get(url, {"sort": "oldest"}).context["page"]
    ] == [submitted.code, csms.code]
    found = reviewer_client.get(url, {"q": "AC22"}).context["page"]
    assert [s.code for s in found] == [submitted.code]
    assert (
        not reviewer_client.get(url, {"state": "approved"}).context["page"].object_list
    )
    by_org = reviewer_client.get(url, {"organisation": submitted.organisation_id})
    assert len(by_org.context["page"].object_list) == 2
    assert not reviewer_client.get(url, {"reviewer": "me"}).context["page"].object_list


def test_assign_to_me_from_the_queue(reviewer_client, reviewer, submitted):
    response = reviewer_client.post(
        reverse("submission_assign", args=[submitted.code]), {"next": "queue"}
    )
    assert response.url == reverse("lab_queue")
    submitted.refresh_from_db()
    assert submitted.reviewer == reviewer and submitted.state == State.IN_REVIEW
    mine = reviewer_client.get(reverse("lab_queue"), {"reviewer": "me"})
    assert [s.code for s in mine.context["page"]] == [submitted.code]


def test_reviewer_requests_changes_with_a_test_case_comment(reviewer_client, submitted):
    detail = reverse("submission_detail", args=[submitted.code])
    reviewer_client.post(
        reverse("submission_action", args=[submitted.code]), {"to_state": "in_review"}
    )
    reviewer_client.post(
        reverse("submission_comment", args=[submitted.code]),
        {"test_case": "TC_B_41", "text": "Two EVSEs? Show the log."},
    )
    response = reviewer_client.post(
        reverse("submission_action", args=[submitted.code]),
        {"to_state": "changes_requested", "note": "See TC_B_41."},
    )
    assert response.url == detail
    page = reviewer_client.get(detail)
    html = page.content.decode()
    assert "Two EVSEs? Show the log." in html
    assert "In review → Changes requested" in html and "See TC_B_41." in html
    rows = {
        r["id"]: r
        for g in page.context["grouped"].values()
        for rs in g.values()
        for r in rs
    }
    assert [c.text for c in rows["TC_B_41"]["comments"]] == ["Two EVSEs? Show the log."]


def test_request_changes_without_a_note_is_refused_with_a_message(
    reviewer_client, submitted
):
    reviewer_client.post(
        reverse("submission_action", args=[submitted.code]), {"to_state": "in_review"}
    )
    response = reviewer_client.post(
        reverse("submission_action", args=[submitted.code]),
        {"to_state": "changes_requested", "note": ""},
        follow=True,
    )
    assert "a note is required" in response.content.decode()
    submitted.refresh_from_db()
    assert submitted.state == State.IN_REVIEW


def test_vendor_action_of_the_lab_is_403(vendor_client, submitted):
    response = vendor_client.post(
        reverse("submission_action", args=[submitted.code]), {"to_state": "in_review"}
    )
    assert response.status_code == 403


def test_comment_on_an_unknown_test_case_is_refused(reviewer_client, submitted):
    response = reviewer_client.post(
        reverse("submission_comment", args=[submitted.code]),
        {"test_case": "TC_Z_99", "text": "?"},
        follow=True,
    )
    assert "was not added" in response.content.decode()
    assert not submitted.comments.exists()


def test_diff_on_the_page_and_in_the_api(reviewer_client, vendor, reviewer, submitted):
    with_revision_two(submitted, vendor, reviewer)
    page = reviewer_client.get(reverse("submission_detail", args=[submitted.code]))
    diff = page.context["diff"]
    assert {(c["field"], c["id"], c["to"]) for c in diff["answers"]} == {
        ("features", "C-02", True),
        ("features", "C-13", False),
    }
    # The answers read as the plan does: supported, not True.
    html = page.content.decode()
    assert "<del>not supported</del> → <ins>supported</ins>" in html
    assert "False" not in html and "True" not in html
    changed = {(c["id"], c["to"]) for c in diff["plan"]["changed"]}
    assert ("TC_B_25", False) in changed and ("TC_C_26", True) in changed
    api = reviewer_client.get(
        reverse("api_submission_diff", args=[submitted.code]), {"from": 1, "to": 2}
    )
    assert api.status_code == 200
    assert api.json()["answers"] == diff["answers"]
    assert api.json()["plan"]["changed"] == diff["plan"]["changed"]
    bad = reviewer_client.get(
        reverse("api_submission_diff", args=[submitted.code]), {"from": 1, "to": 7}
    )
    assert bad.status_code == 400 and "No revision 7" in bad.json()["error"]
    assert (
        reviewer_client.get(
            reverse("api_submission_diff", args=[submitted.code]), {"from": "x"}
        ).status_code
        == 400
    )


def object_urls(submission):
    code, pics_code = submission.code, submission.pics.code
    return {
        ("GET", reverse("submission_detail", args=[code])),
        ("POST", reverse("submission_action", args=[code])),
        ("POST", reverse("submission_assign", args=[code])),
        ("POST", reverse("submission_comment", args=[code])),
        ("GET", reverse("api_submission_diff", args=[code])),
        ("GET", reverse("pics_plan", args=[pics_code])),
        ("GET", reverse("pics_plan_json", args=[pics_code])),
        ("GET", reverse("pics_plan_csv", args=[pics_code])),
        ("GET", reverse("pics_export", args=[pics_code])),
        ("GET", reverse("pics_duplicate", args=[pics_code])),
        ("POST", reverse("pics_duplicate", args=[pics_code])),
        ("GET", reverse("wizard_step", args=[pics_code, "features"])),
        ("POST", reverse("wizard_step", args=[pics_code, "features"])),
        ("POST", reverse("wizard_preview", args=[pics_code, "features"])),
        ("POST", reverse("pics_submit", args=[pics_code])),
        ("GET", reverse("api_pics_detail", args=[pics_code])),
        ("GET", reverse("api_pics_plan", args=[pics_code])),
    }


def test_another_organisation_gets_404_everywhere(other_vendor_client, submitted):
    for method, url in object_urls(submitted):
        response = getattr(other_vendor_client, method.lower())(url)
        assert response.status_code == 404, (method, url, response.status_code)


def test_wrong_role_gets_403(reviewer_client, vendor_client, submitted):
    forbidden_for_lab = [
        ("GET", reverse("pics_duplicate", args=[submitted.pics.code])),
        ("GET", reverse("pics_import")),
        ("GET", reverse("wizard_new")),
        ("GET", reverse("pics_list")),
    ]
    for method, url in forbidden_for_lab:
        assert getattr(reviewer_client, method.lower())(url).status_code == 403, url
    for method, url in [
        ("GET", reverse("lab_queue")),
        ("POST", reverse("submission_assign", args=[submitted.code])),
        ("POST", reverse("submission_action", args=[submitted.code])),
    ]:
        # "in_review" is a move the lab may make from "submitted"; the vendor may not.
        response = getattr(vendor_client, method.lower())(
            url, {"to_state": "in_review"}
        )
        assert response.status_code == 403, url


def test_lab_never_sees_drafts(reviewer_client, vendor, edition):
    draft = make_pics(vendor, edition)
    for url in (
        reverse("pics_plan", args=[draft.code]),
        reverse("api_pics_detail", args=[draft.code]),
    ):
        assert reviewer_client.get(url).status_code == 404


def test_queue_query_count_does_not_grow(
    reviewer_client, vendor, edition, django_assert_num_queries
):
    for _ in range(3):
        submission_submit(make_pics(vendor, edition), user=vendor)

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            reviewer_client.get(reverse("lab_queue"))
        return len(queries)

    few = count()
    for _ in range(12):
        submission_submit(make_pics(vendor, edition), user=vendor)
    # session, user, groups, membership, count, page with organisation, reviewer and
    # edition, organisations filter, editions filter, reviewers filter
    with django_assert_num_queries(few):
        reviewer_client.get(reverse("lab_queue"))
    assert few == 9


def test_submission_page_query_count_does_not_grow(
    reviewer_client, reviewer, vendor, submitted, django_assert_num_queries
):
    from pics.review.services import submission_comment

    detail = reverse("submission_detail", args=[submitted.code])
    reviewer_client.get(detail)
    # session, user, groups, membership, submission with organisation, reviewer,
    # edition and PICS, revisions with authors, comments with authors, plan jobs,
    # the PICS's latest device report (the lab's cross-check), transitions
    with django_assert_num_queries(10):
        reviewer_client.get(detail)
    for n in range(10):
        submission_comment(
            submitted, user=reviewer, text=f"note {n}", test_case="TC_B_41"
        )
    with_revision_two(submitted, vendor, reviewer)
    with django_assert_num_queries(10):
        reviewer_client.get(detail)


def test_odd_queue_filters_are_ignored_not_500(reviewer_client, submitted):
    response = reviewer_client.get(
        reverse("lab_queue"), {"organisation": "²", "reviewer": "①"}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("key", ["organisation", "reviewer"])
@pytest.mark.parametrize("value", [str(2**63), "9" * 400])
def test_an_id_too_large_for_the_database_is_a_400(
    reviewer_client, submitted, key, value
):
    response = reviewer_client.get(reverse("lab_queue"), {key: value})
    assert response.status_code == 400


def test_the_largest_id_filters_to_nothing(reviewer_client, submitted):
    response = reviewer_client.get(reverse("lab_queue"), {"organisation": 2**63 - 1})
    assert response.status_code == 200
    assert submitted.code not in response.content.decode()
