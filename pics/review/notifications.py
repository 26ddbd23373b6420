"""E-mails on every state change of a submission, to the people concerned: the
vendor's organisation for lab decisions, the lab for (re)submissions and withdrawals."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail

from accounts.roles import ROLE_GROUPS, Role
from pics.models import Submission, Transition

State = Submission.State
SUBJECTS = {
    State.SUBMITTED: "submitted for review",
    State.IN_REVIEW: "in review",
    State.CHANGES_REQUESTED: "changes requested",
    State.APPROVED: "approved",
    State.REJECTED: "rejected",
    State.WITHDRAWN: "withdrawn",
}


def _emails(users) -> list[str]:
    return sorted({u.email for u in users if u.email and u.is_active})


def recipients(transition: Transition) -> list[str]:
    submission = transition.submission
    users = get_user_model().objects
    if transition.to_state in (State.SUBMITTED, State.WITHDRAWN):
        if submission.reviewer_id:
            return _emails([submission.reviewer])
        return _emails(users.filter(groups__name=ROLE_GROUPS[Role.LAB_REVIEWER]))
    return _emails(users.filter(membership__organisation=submission.organisation))


def transition_made(transition_id: int) -> int:
    """Send the notification of one transition; returns the number of messages."""
    transition = Transition.objects.select_related(
        "submission__organisation", "submission__reviewer", "actor"
    ).get(pk=transition_id)
    submission = transition.submission
    addresses = recipients(transition)
    if not addresses:
        return 0
    subject = (
        f"[{settings.SITE_NAME}] {submission.product}: "
        f"{SUBJECTS[transition.to_state]} (revision {transition.revision})"
    )
    actor = transition.actor.get_full_name() or transition.actor.username
    body = (
        f"{submission.product}, submission {submission.code}, revision "
        f"{transition.revision}: {SUBJECTS[transition.to_state]} by {actor}.\n"
    )
    if transition.note:
        body += f"\nNote:\n{transition.note}\n"
    body += f"\n{settings.LAB_NAME}\n"
    messages = [
        (subject, body, settings.DEFAULT_FROM_EMAIL, [address]) for address in addresses
    ]
    return send_mass_mail(messages, fail_silently=False)
