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


def get_pics_for_user(user, code: str) -> Pics:
    pics = pics_visible_to(user).filter(code=code).first()
    if pics is None:
        raise Http404("No such PICS.")
    return pics
