from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from .models import Membership, Organisation
from .roles import ROLE_GROUPS, Role


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: Role,
    organisation: Organisation | None = None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
):
    """Create a user with its role group, and its membership for vendors."""
    if (role == Role.VENDOR) != (organisation is not None):
        raise ValueError("Vendor users, and only they, belong to an organisation.")
    user = get_user_model().objects.create_user(
        username=username,
        password=password,
        email=email,
        first_name=first_name,
        last_name=last_name,
        is_staff=role == Role.ADMIN,
    )
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[role]))
    if organisation is not None:
        Membership.objects.create(user=user, organisation=organisation)
    return user


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: Role
    organisation: str | None
    name: str


DEMO_ACCOUNTS = [
    DemoAccount("admin", "demo-admin-pass", Role.ADMIN, None, "Ada Admin"),
    DemoAccount(
        "reviewer", "demo-reviewer-pass", Role.LAB_REVIEWER, None, "Rita Reviewer"
    ),
    DemoAccount(
        "alice",
        "demo-vendor-pass",
        Role.VENDOR,
        "Voltwerk Charging GmbH",
        "Alice Vogel",
    ),
    DemoAccount(
        "bruno",
        "demo-vendor-pass",
        Role.VENDOR,
        "Ampere Grid Systems Ltd",
        "Bruno Costa",
    ),
]


def demo_accounts_ensure() -> list[DemoAccount]:
    """Create the demo accounts that do not exist yet; existing ones are left as
    they are (their passwords may have been changed)."""
    users = get_user_model().objects
    for account in DEMO_ACCOUNTS:
        if users.filter(username=account.username).exists():
            continue
        organisation = None
        if account.organisation:
            organisation, _ = Organisation.objects.get_or_create(
                name=account.organisation
            )
        first, last = account.name.split(" ", 1)
        user_create(
            username=account.username,
            password=account.password,
            role=account.role,
            organisation=organisation,
            email=f"{account.username}@example.com",
            first_name=first,
            last_name=last,
        )
    return DEMO_ACCOUNTS
