"""The review workflow: submitting freezes a revision; each state change is checked
against the role and the current state and writes an audit row."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.roles import Role, role_of
from pics.models import Comment, Pics, Revision, Submission, Transition
from pics.plans.jobs import plan_job_request
from pics.review import notifications
from pics.wizard.services import check_pics

State = Submission.State
LAB = frozenset({Role.LAB_REVIEWER, Role.ADMIN})
VENDOR = frozenset({Role.VENDOR})

# (from, to) -> roles allowed to make that move. Submitting (and resubmitting after
# changes were requested) goes through submission_submit, which freezes a revision.
TRANSITIONS: dict[tuple[str, str], frozenset] = {
    (State.SUBMITTED, State.IN_REVIEW): LAB,
    (State.IN_REVIEW, State.CHANGES_REQUESTED): LAB,
    (State.IN_REVIEW, State.APPROVED): LAB,
    (State.IN_REVIEW, State.REJECTED): LAB,
    (State.SUBMITTED, State.WITHDRAWN): VENDOR,
    (State.IN_REVIEW, State.WITHDRAWN): VENDOR,
    (State.CHANGES_REQUESTED, State.WITHDRAWN): VENDOR,
}

# What the PICS becomes when its submission reaches a state.
PICS_STATUS_AFTER = {
    State.SUBMITTED: Pics.Status.SUBMITTED,
    State.IN_REVIEW: Pics.Status.SUBMITTED,
    State.CHANGES_REQUESTED: Pics.Status.DRAFT,
    State.APPROVED: Pics.Status.APPROVED,
    State.REJECTED: Pics.Status.DRAFT,
    State.WITHDRAWN: Pics.Status.DRAFT,
}


# The lab's decisions. On a submitted (not yet in review) submission the lab may take
# them at once: the review starts implicitly, so a resubmission to its assigned
# reviewer opens on Approve / Request changes, as the first round does after
# "Assign to me".
DECISIONS = (State.CHANGES_REQUESTED, State.APPROVED, State.REJECTED)


class WorkflowError(Exception):
    """The move is not possible from the current state; the message says why."""


def allowed_moves(submission: Submission, user) -> list[str]:
    role = role_of(user)
    moves = [
        to
        for (start, to), roles in TRANSITIONS.items()
        if start == submission.state and role in roles
    ]
    if submission.state == State.SUBMITTED and role in LAB:
        moves += DECISIONS
    return moves


def _record(submission, actor, from_state, to_state, note) -> Transition:
    transition = Transition.objects.create(
        submission=submission,
        actor=actor,
        from_state=from_state,
        to_state=to_state,
        revision=submission.current_revision,
        note=note,
    )
    # Robust: a mail server that fails must not undo or hide the state change.
    transaction.on_commit(
        lambda: notifications.transition_made(transition.pk), robust=True
    )
    return transition


def _set_pics_status(
    submission: Submission, state: str, *, next_revision=False
) -> None:
    changes = {"status": PICS_STATUS_AFTER[state], "version": F("version") + 1}
    if next_revision:
        changes["revision"] = submission.current_revision + 1
    Pics.objects.filter(pk=submission.pics_id).update(
        updated_at=timezone.now(), **changes
    )


@transaction.atomic
def submission_submit(pics: Pics, *, user, note: str = "") -> Submission:
    """Hand the PICS to the lab: a new submission, or revision n+1 of the one whose
    changes were requested. Refused while the PICS has errors or undetermined test
    cases."""
    if role_of(user) != Role.VENDOR:
        raise PermissionDenied("Only the vendor submits its PICS.")
    pics = Pics.objects.select_for_update().get(pk=pics.pk)
    if pics.status != Pics.Status.DRAFT:
        raise WorkflowError("This PICS is already with the lab.")
    checked = check_pics(pics)
    if checked.errors:
        raise WorkflowError(f"{len(checked.errors)} problem(s) must be fixed first.")
    plan = checked.plan()
    if plan["summary"]["undetermined"]:
        raise WorkflowError(
            f"{plan['summary']['undetermined']} test case(s) are undetermined: "
            "answer the open questions first."
        )
    now = timezone.now()
    submission = (
        Submission.objects.select_for_update()
        .filter(pics=pics, state=State.CHANGES_REQUESTED)
        .first()
    )
    if submission is None:
        from_state = ""
        submission = Submission(
            pics=pics, organisation=pics.organisation, current_revision=1
        )
    else:
        from_state = submission.state
        submission.current_revision += 1
    submission.state = State.SUBMITTED
    submission.sut = pics.sut
    submission.edition = pics.edition
    submission.product = (
        f"{pics.vendor} {pics.model} (HW {pics.hardware_version}, "
        f"FW {pics.firmware_version})"
    )
    submission.submitted_at = now
    submission.save()
    Revision.objects.create(
        submission=submission,
        number=submission.current_revision,
        document=checked.document.to_json(),
        plan=plan,
        pics_sha256=plan["pics_sha256"],
        created_by=user,
    )
    pics.revision = submission.current_revision
    pics.save(update_fields=["revision"])
    _set_pics_status(submission, State.SUBMITTED)
    _record(submission, user, from_state, State.SUBMITTED, note)
    return submission


@transaction.atomic
def submission_move(
    submission: Submission, *, user, to_state: str, note: str = ""
) -> Submission:
    """A lab decision, or the vendor's withdrawal."""
    # Lock the PICS before the submission, in the same order as submitting does.
    Pics.objects.select_for_update().filter(pk=submission.pics_id).first()
    submission = (
        Submission.objects.select_for_update()
        .select_related("pics")
        .get(pk=submission.pk)
    )
    if (
        submission.state == State.SUBMITTED
        and to_state in DECISIONS
        and role_of(user) in LAB
    ):
        if to_state == State.CHANGES_REQUESTED and not note.strip():
            raise WorkflowError("Say what has to change: a note is required.")
        _start_review(submission, user)
    roles = TRANSITIONS.get((submission.state, to_state))
    if roles is None:
        raise WorkflowError(
            f"A {submission.get_state_display().lower()} submission cannot become "
            f"{State(to_state).label.lower()}."
        )
    if role_of(user) not in roles:
        raise PermissionDenied("Your role cannot make this change.")
    if to_state == State.CHANGES_REQUESTED and not note.strip():
        raise WorkflowError("Say what has to change: a note is required.")
    from_state = submission.state
    submission.state = to_state
    if to_state == State.IN_REVIEW and submission.reviewer is None:
        submission.reviewer = user
    if to_state in (State.APPROVED, State.REJECTED, State.WITHDRAWN):
        submission.decided_at = timezone.now()
    submission.save()
    _set_pics_status(
        submission, to_state, next_revision=to_state == State.CHANGES_REQUESTED
    )
    if to_state == State.APPROVED:
        plan_job_request(submission, user=user)
    _record(submission, user, from_state, to_state, note)
    return submission


def _start_review(submission: Submission, user) -> None:
    """Submitted -> in review, recorded as its own step of the audit trail."""
    submission.state = State.IN_REVIEW
    if submission.reviewer is None:
        submission.reviewer = user
    submission.save()
    _set_pics_status(submission, State.IN_REVIEW)
    _record(submission, user, State.SUBMITTED, State.IN_REVIEW, "")


@transaction.atomic
def submission_assign_to_me(submission: Submission, *, user) -> Submission:
    """The reviewer takes the submission, and starts its review if not started."""
    if role_of(user) not in LAB:
        raise PermissionDenied("Only lab staff review submissions.")
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if not submission.is_open:
        raise WorkflowError("This submission is closed.")
    submission.reviewer = user
    submission.save(update_fields=["reviewer", "updated_at"])
    if submission.state == State.SUBMITTED:
        return submission_move(submission, user=user, to_state=State.IN_REVIEW)
    return submission


def submission_comment(
    submission: Submission, *, user, text: str, test_case: str = ""
) -> Comment:
    if test_case:
        revision = submission.revisions.get(number=submission.current_revision)
        if test_case not in {row["id"] for row in revision.plan["test_cases"]}:
            raise WorkflowError(f"{test_case} is not in this revision's plan.")
    return Comment.objects.create(
        submission=submission,
        revision=submission.current_revision,
        author=user,
        test_case=test_case,
        text=text.strip(),
    )
