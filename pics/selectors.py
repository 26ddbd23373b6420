"""Reads of PICS. Every PICS reached from a URL goes through `get_pics_for_user`,
which answers 404 to anyone outside the owning organisation."""

from __future__ import annotations

from django.http import Http404

from accounts.roles import Role, organisation_of, role_of

from .models import Pics


def pics_visible_to(user):
    """Vendors see their organisation's PICS; admins all (lab reviewers see
    submissions, which arrive with the review workflow)."""
    role = role_of(user)
    queryset = Pics.objects.select_related("edition", "organisation")
    if role == Role.ADMIN:
        return queryset
    if role == Role.VENDOR:
        return queryset.filter(organisation=organisation_of(user))
    return queryset.none()


def with_latest_submission(queryset):
    """Annotate each PICS with the code of its latest submission (or None)."""
    from django.db.models import OuterRef, Subquery

    from .models import Submission

    latest = Submission.objects.filter(pics=OuterRef("pk")).order_by("-submitted_at")
    return queryset.annotate(latest_submission=Subquery(latest.values("code")[:1]))


def get_pics_for_user(user, code: str) -> Pics:
    pics = pics_visible_to(user).filter(code=code).first()
    if pics is None:
        raise Http404("No such PICS.")
    return pics


def submissions_visible_to(user):
    """Vendors: their organisation's submissions; lab staff and admins: all (a
    submission exists only once a PICS was handed to the lab, so no draft shows)."""
    from .models import Submission

    role = role_of(user)
    queryset = Submission.objects.select_related("organisation", "reviewer", "edition")
    if role in (Role.LAB_REVIEWER, Role.ADMIN):
        return queryset
    if role == Role.VENDOR:
        return queryset.filter(organisation=organisation_of(user))
    return queryset.none()


def get_submission_for_user(user, code: str):
    submission = (
        submissions_visible_to(user).select_related("pics").filter(code=code).first()
    )
    if submission is None:
        raise Http404("No such submission.")
    return submission


def get_submission_for_lab(user, code: str):
    """A submission for a lab action. Outsiders get 404 before anyone gets 403: a
    vendor learns nothing of other organisations' submissions, not even that they
    exist; the vendor of the submission gets 403."""
    from django.core.exceptions import PermissionDenied

    submission = get_submission_for_user(user, code)
    if role_of(user) not in (Role.LAB_REVIEWER, Role.ADMIN):
        raise PermissionDenied("Only lab staff do this.")
    return submission
