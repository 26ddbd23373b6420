"""Reads of PICS. Every PICS reached from a URL goes through `get_pics_for_user`,
which answers 404 to anyone outside the owning organisation."""

from __future__ import annotations

from django.core.exceptions import BadRequest
from django.db.models import Q
from django.http import Http404

from accounts.roles import Role, organisation_of, role_of
from profiles.models import Side

from .models import OPEN_STATES, Pics, Submission

# Key in the query string -> (ordering, label in the sort menu), in menu order.
PICS_SORTS = {
    "updated": ("-updated_at", "Last updated"),
    "created": ("-created_at", "Newest"),
    "product": ("vendor", "Product"),
    "firmware": ("firmware_version", "Firmware version"),
}
QUEUE_SORTS = {
    "submitted": "-submitted_at",
    "oldest": "submitted_at",
    "product": "product",
    "organisation": "organisation__name",
    "state": "state",
}


# Primary keys are 64-bit signed (BigAutoField): a longer number cannot name a row,
# and passing it on makes the database driver raise OverflowError.
MAX_ID = 2**63 - 1


def _id(text: str) -> int | None:
    """An id from a query string, or None for text that is not one. A number too
    large to be an id is refused with a 400 rather than matched against nothing."""
    if not (text.isascii() and text.isdigit()):
        return None
    value = int(text)
    if value > MAX_ID:
        raise BadRequest(f"{text[:30]} is not an id.")
    return value


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
    """Annotate each PICS with the code and state of its latest submission (or
    None), and the lab's note when it requested changes: a draft back from the lab
    must not look like any other draft."""
    from django.db.models import OuterRef, Subquery

    from .models import Submission, Transition

    latest = Submission.objects.filter(pics=OuterRef("pk")).order_by("-submitted_at")
    request_note = Transition.objects.filter(
        submission__pics=OuterRef("pk"),
        to_state=Submission.State.CHANGES_REQUESTED,
    ).order_by("-at", "-id")
    return queryset.annotate(
        latest_submission=Subquery(latest.values("code")[:1]),
        latest_submission_state=Subquery(latest.values("state")[:1]),
        changes_requested_note=Subquery(request_note.values("note")[:1]),
    )


def pics_matching(user, *, q="", sut="", status="", sort=""):
    """The PICS list's rows. Filters come from a query string: a value that is
    not one of the choices filters nothing."""
    queryset = pics_visible_to(user)
    if q:
        queryset = queryset.filter(
            Q(vendor__icontains=q)
            | Q(model__icontains=q)
            | Q(hardware_version__icontains=q)
            | Q(firmware_version__icontains=q)
            | Q(code=q)
        )
    if sut in Side.values:
        queryset = queryset.filter(sut=sut)
    if status in Pics.Status.values:
        queryset = queryset.filter(status=status)
    ordering, _ = PICS_SORTS.get(sort, PICS_SORTS["updated"])
    queryset = queryset.order_by(ordering, "-id")
    return with_latest_submission(queryset.select_related("updated_by"))


def submissions_matching(
    user, *, q="", state="", organisation="", sut="", edition="", reviewer="", sort=""
):
    """The lab queue's rows, filtered like pics_matching. `reviewer` is "me", "none"
    or a user id; `state` a state or "open"."""
    queryset = submissions_visible_to(user)
    if q:
        queryset = queryset.filter(
            Q(product__icontains=q) | Q(code=q) | Q(organisation__name__icontains=q)
        )
    if state == "open":
        queryset = queryset.filter(state__in=OPEN_STATES)
    elif state in Submission.State.values:
        queryset = queryset.filter(state=state)
    if (organisation_id := _id(organisation)) is not None:
        queryset = queryset.filter(organisation_id=organisation_id)
    if sut in Side.values:
        queryset = queryset.filter(sut=sut)
    if edition:
        queryset = queryset.filter(edition__code=edition)
    if reviewer == "me":
        queryset = queryset.filter(reviewer=user)
    elif reviewer == "none":
        queryset = queryset.filter(reviewer__isnull=True)
    elif (reviewer_id := _id(reviewer)) is not None:
        queryset = queryset.filter(reviewer_id=reviewer_id)
    return queryset.order_by(QUEUE_SORTS.get(sort, "-submitted_at"), "-id")


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
