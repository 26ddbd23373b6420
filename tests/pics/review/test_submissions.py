"""The review workflow: frozen revisions, the state machine, audit trail, comments,
revision diff and notifications."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from pics.models import Pics, Submission, Transition
from pics.review.services import (
    WorkflowError,
    allowed_moves,
    submission_assign_to_me,
    submission_comment,
    submission_move,
    submission_submit,
)
from pics.wizard.services import pics_update
from profiles.models import TestCase
from tests.pics.examples import make_pics

pytestmark = pytest.mark.django_db
State = Submission.State


@pytest.fixture
def pics(vendor, edition):
    return make_pics(vendor, edition)


@pytest.fixture
def submitted(pics, vendor):
    return submission_submit(pics, user=vendor)


def changed_document(pics, **changes):
    import dataclasses

    return dataclasses.replace(pics.document(), **changes)


def test_submit_freezes_answers_and_plan(submitted, pics):
    revision = submitted.revisions.get()
    assert revision.number == 1
    assert revision.document == pics.document().to_json()
    assert revision.plan["pics_sha256"] == revision.pics_sha256
    assert revision.plan["summary"]["applicable"] == 185
    pics.refresh_from_db()
    assert pics.status == Pics.Status.SUBMITTED


def test_catalogue_changes_never_alter_a_submitted_plan(
    submitted, edition, client, reviewer
):
    frozen = submitted.revisions.get().plan
    # Even an edit straight in the database of the live edition (which the admin
    # refuses) leaves the revision's plan as it was submitted.
    TestCase.objects.filter(edition=edition, code="TC_B_41").update(
        condition_cs="HFS-8 > 5"
    )
    edition.save()
    client.force_login(reviewer)
    response = client.get(reverse("submission_detail", args=[submitted.code]))
    assert response.context["revision"].plan == frozen
    rows = {
        r["id"]: r
        for g in response.context["grouped"].values()
        for rs in g.values()
        for r in rs
    }
    assert rows["TC_B_41"]["reason"] == "HFS-8 > 1: HFS-8 = 2 → applies"


def test_full_cycle_with_changes_requested_and_resubmission(
    submitted, pics, vendor, reviewer
):
    submission_assign_to_me(submitted, user=reviewer)
    submitted.refresh_from_db()
    assert (submitted.state, submitted.reviewer) == (State.IN_REVIEW, reviewer)
    submission_move(
        submitted,
        user=reviewer,
        to_state=State.CHANGES_REQUESTED,
        note="Please support C-02.",
    )
    pics.refresh_from_db()
    assert pics.status == Pics.Status.DRAFT and pics.revision == 2
    features = (*pics.document().features, "C-02")
    pics_update(
        pics,
        user=vendor,
        document=changed_document(pics, features=features),
        version=pics.version,
    )
    again = submission_submit(pics, user=vendor)
    assert again.pk == submitted.pk and again.current_revision == 2
    assert submitted.revisions.count() == 2
    assert "C-02" not in submitted.revisions.get(number=1).document["features"]
    assert "C-02" in submitted.revisions.get(number=2).document["features"]
    # The assigned reviewer decides the resubmission at once: its review starts
    # implicitly, as the first round's did on "Assign to me".
    assert State.APPROVED in allowed_moves(again, reviewer)
    submission_move(again, user=reviewer, to_state=State.APPROVED, note="Fine.")
    pics.refresh_from_db()
    assert pics.status == Pics.Status.APPROVED
    trail = [
        (t.from_state, t.to_state, t.revision, t.actor.username)
        for t in Transition.objects.filter(submission=submitted)
    ]
    assert trail == [
        ("", "submitted", 1, "vera"),
        ("submitted", "in_review", 1, "rita"),
        ("in_review", "changes_requested", 1, "rita"),
        ("changes_requested", "submitted", 2, "vera"),
        ("submitted", "in_review", 2, "rita"),
        ("in_review", "approved", 2, "rita"),
    ]


@pytest.mark.parametrize(
    ("persona", "start", "to", "expected"),
    [
        ("vendor", State.IN_REVIEW, State.APPROVED, PermissionDenied),
        ("vendor", State.IN_REVIEW, State.CHANGES_REQUESTED, PermissionDenied),
        ("reviewer", State.SUBMITTED, State.WITHDRAWN, PermissionDenied),
        ("reviewer", State.APPROVED, State.REJECTED, WorkflowError),
        ("vendor", State.APPROVED, State.WITHDRAWN, WorkflowError),
        ("reviewer", State.CHANGES_REQUESTED, State.APPROVED, WorkflowError),
    ],
)
def test_moves_need_the_right_role_and_state(
    submitted, vendor, reviewer, persona, start, to, expected
):
    Submission.objects.filter(pk=submitted.pk).update(state=start)
    user = {"vendor": vendor, "reviewer": reviewer}[persona]
    with pytest.raises(expected):
        submission_move(submitted, user=user, to_state=to, note="n")
    submitted.refresh_from_db()
    assert submitted.state == start
    assert Transition.objects.filter(submission=submitted).count() == 1


def test_the_lab_decides_a_submitted_submission_at_once(submitted, reviewer):
    with pytest.raises(WorkflowError, match="note is required"):
        submission_move(submitted, user=reviewer, to_state=State.CHANGES_REQUESTED)
    submitted.refresh_from_db()
    assert submitted.state == State.SUBMITTED
    submission_move(
        submitted, user=reviewer, to_state=State.CHANGES_REQUESTED, note="C-02?"
    )
    submitted.refresh_from_db()
    assert (submitted.state, submitted.reviewer) == (
        State.CHANGES_REQUESTED,
        reviewer,
    )
    assert [
        (t.from_state, t.to_state)
        for t in Transition.objects.filter(submission=submitted)
    ] == [
        ("", "submitted"),
        ("submitted", "in_review"),
        ("in_review", "changes_requested"),
    ]


def test_request_changes_needs_a_note(submitted, reviewer):
    submission_move(submitted, user=reviewer, to_state=State.IN_REVIEW)
    with pytest.raises(WorkflowError, match="note is required"):
        submission_move(submitted, user=reviewer, to_state=State.CHANGES_REQUESTED)


def test_vendor_withdraws_before_a_decision(submitted, vendor, pics):
    submission_move(submitted, user=vendor, to_state=State.WITHDRAWN)
    pics.refresh_from_db()
    assert pics.status == Pics.Status.DRAFT
    again = submission_submit(pics, user=vendor)
    assert again.pk != submitted.pk and again.current_revision == 1


def test_submit_is_refused_for_an_invalid_pics_and_for_the_lab(
    vendor, reviewer, edition
):
    broken = make_pics(vendor, edition, features=["C-99"])
    with pytest.raises(WorkflowError, match="must be fixed"):
        submission_submit(broken, user=vendor)
    with pytest.raises(PermissionDenied):
        submission_submit(make_pics(vendor, edition), user=reviewer)
    assert not Submission.objects.exists()


def test_one_open_submission_per_pics(submitted, pics, vendor):
    with pytest.raises(WorkflowError, match="already with the lab"):
        submission_submit(pics, user=vendor)


def test_comment_on_a_test_case_must_name_one_of_the_plan(submitted, reviewer):
    comment = submission_comment(
        submitted, user=reviewer, text="Log?", test_case="TC_B_41"
    )
    assert (comment.revision, comment.test_case) == (1, "TC_B_41")
    with pytest.raises(WorkflowError, match="not in this revision's plan"):
        submission_comment(submitted, user=reviewer, text="x", test_case="TC_A_02")


def test_every_state_change_notifies_the_people_concerned(
    pics, vendor, colleague, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = submission_submit(pics, user=vendor)
    # A new submission without a reviewer: every lab reviewer hears of it.
    assert [m.to for m in mail.outbox] == [["rita@example.com"]]
    assert "submitted for review (revision 1)" in mail.outbox[0].subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submission_move(submission, user=reviewer, to_state=State.IN_REVIEW)
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted([colleague.email, vendor.email])
    assert "in review (revision 1)" in mail.outbox[0].subject


def test_editing_a_clone_and_publishing_it_leaves_submitted_plans_alone(
    submitted, edition, vendor, admin_client
):
    from pics.wizard.services import check_pics
    from profiles.models import Edition
    from profiles.services import edition_clone

    frozen = submitted.revisions.get().plan
    clone = edition_clone(edition, code="next-edition")
    case = TestCase.objects.get(edition=clone, code="TC_B_41")
    admin_client.post(
        reverse("admin:profiles_testcase_change", args=[case.pk]),
        {
            "edition": clone.pk,
            "code": case.code,
            "position": case.position,
            "group": case.group,
            "title": case.title,
            "profile": case.profile_id,
            "cs": "C",
            "condition_cs": "HFS-8 > 3",
            "csms": "",
            "condition_csms": "",
            "remark": case.remark,
            "related_feature_ids": "[]",
            "related_feature": case.related_feature,
            "spec_line": case.spec_line,
            "notes": case.notes,
            "confidence": case.confidence,
            "watchlist_note": "",
        },
    )
    admin_client.post(
        reverse("admin:profiles_edition_changelist"),
        {"action": "publish", "_selected_action": [clone.pk]},
    )
    clone.refresh_from_db()
    assert clone.status == Edition.Status.PUBLISHED
    assert submitted.revisions.get().plan == frozen
    # A PICS answered against the new edition gets the new rule.
    fresh = make_pics(vendor, clone)
    rows = {r["id"]: r for r in check_pics(fresh).plan()["test_cases"]}
    assert rows["TC_B_41"]["applicable"] is False
    assert {r["id"]: r for r in frozen["test_cases"]}["TC_B_41"]["applicable"] is True
