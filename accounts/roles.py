"""The three roles, kept as Django groups, and the permissions each one holds.

ROLE_PERMISSIONS is the one declaration of who may do what in the Django admin;
`sync_role_permissions` applies it: a migration creates the groups, and every
`migrate` (and test-database flush) re-applies it, so permissions of models added
later reach their groups too.
"""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models


class Role(models.TextChoices):
    VENDOR = "vendor", "Vendor"
    LAB_REVIEWER = "lab_reviewer", "Lab reviewer"
    ADMIN = "admin", "Catalogue admin"


# Group name for each role: what admins see in the Django admin.
ROLE_GROUPS = {
    Role.VENDOR: "Vendor",
    Role.LAB_REVIEWER: "Lab reviewer",
    Role.ADMIN: "Catalogue admin",
}

# app_label -> codename prefixes ("" = every permission of the app). Permissions
# of models that do not exist yet are skipped and granted by a later migration.
ROLE_PERMISSIONS: dict[Role, dict[str, tuple[str, ...]]] = {
    Role.VENDOR: {},
    Role.LAB_REVIEWER: {},
    Role.ADMIN: {
        "accounts": ("",),
        "auth": ("view_user", "add_user", "change_user", "view_group"),
        "profiles": ("",),
        # Login lock-outs: seen, and cleared by deleting the access attempt.
        "axes": ("view_", "delete_accessattempt"),
    },
}


def sync_role_permissions(apps) -> None:
    """Create the role groups and set their permissions (idempotent)."""
    from django.contrib.auth.management import create_permissions

    # Inside a migration permissions do not exist yet (they are created after
    # migrate); create_permissions skips app configs without a models module, which
    # is how the migration state presents them, hence the temporary flag.
    for app_config in apps.get_app_configs():
        original = getattr(app_config, "models_module", None)
        app_config.models_module = original or True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = original
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, grants in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=ROLE_GROUPS[role])
        wanted = []
        for app_label, prefixes in grants.items():
            perms = permission_model.objects.filter(content_type__app_label=app_label)
            wanted += [
                p for p in perms if any(p.codename.startswith(x) for x in prefixes)
            ]
        group.permissions.set(wanted)


def role_of(user) -> Role | None:
    """The user's role; superusers count as admins. Cached on the user object."""
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_certplanner_role", False)
    if cached is not False:
        return cached
    role = None
    if user.is_superuser:
        role = Role.ADMIN
    else:
        names = set(user.groups.values_list("name", flat=True))
        for candidate in (Role.ADMIN, Role.LAB_REVIEWER, Role.VENDOR):
            if ROLE_GROUPS[candidate] in names:
                role = candidate
                break
        # A vendor acts for an organisation; without one there is nothing to act on.
        if role == Role.VENDOR and organisation_of(user) is None:
            role = None
    user._certplanner_role = role
    return role


def organisation_of(user):
    """The vendor's organisation (None for lab staff and admins), read once per
    request together with the membership."""
    if not user.is_authenticated:
        return None
    cached = getattr(user, "_certplanner_organisation", False)
    if cached is not False:
        return cached
    from .models import Membership

    membership = (
        Membership.objects.select_related("organisation").filter(user=user).first()
    )
    organisation = membership.organisation if membership else None
    user._certplanner_organisation = organisation
    return organisation


def role_required(*roles: Role):
    """View decorator: 403 for a logged-in user without one of `roles`."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if role_of(request.user) not in roles:
                raise PermissionDenied("Your role does not give access to this page.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
