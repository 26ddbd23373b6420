"""Personas shared by the whole suite: every view is tried by each of them."""

import os

import pytest
from django.core.management import call_command
from django.test import Client
from hypothesis import settings as hypothesis_settings

from accounts.models import Organisation
from accounts.roles import Role
from accounts.services import user_create

PASSWORD = "persona-password-1"
EDITION_CODE = "ocpp201-part5-2023-06"

# The test command gives the same verdict on every run: generated examples follow
# a seed fixed per test, and no example is failed for its time on a slow machine.
# HYPOTHESIS_PROFILE=explore draws new examples each run, to hunt for bugs.
hypothesis_settings.register_profile("repeatable", derandomize=True, deadline=None)
hypothesis_settings.register_profile("explore", deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "repeatable"))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items):
    # pytest-django creates the test databases only for runs with a test marked
    # django_db; tests that read the catalogue in its plain form need them too. Marked
    # before pytest-django orders the tests, so they run before the transactional
    # ones, which flush the database.
    for item in items:
        if "catalogue" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django_db)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the shipped catalogue."""
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    test_name = str(connection.settings_dict.get("TEST", {}).get("NAME") or "")
    if not (name == test_name or name.startswith("test_") or "memory" in name):
        return  # this run uses no database (see pytest_collection_modifyitems)
    with django_db_blocker.unblock():
        call_command("load_catalogue", verbosity=0)


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The cache is per process and outlives a test: every test starts with it empty."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def catalogue(django_db_setup, django_db_blocker) -> dict:
    """The shipped edition in its plain export form, read once: tests of the pure
    modules (validation, planner) use it without touching the database."""
    from profiles.models import Edition
    from profiles.selectors import catalogue_data

    with django_db_blocker.unblock():
        return catalogue_data(Edition.objects.get(code=EDITION_CODE))


@pytest.fixture
def edition(db):
    """The shipped edition; reloaded when a transactional test flushed it."""
    from profiles.models import Edition

    if not Edition.objects.filter(code=EDITION_CODE).exists():
        call_command("load_catalogue", verbosity=0)
    return Edition.objects.get(code=EDITION_CODE)


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(name="Voltwerk Charging GmbH")


@pytest.fixture
def other_organisation(db):
    return Organisation.objects.create(name="Ampere Grid Systems Ltd")


@pytest.fixture
def vendor(organisation):
    return user_create(
        username="vera",
        email="vera@example.com",
        password=PASSWORD,
        role=Role.VENDOR,
        organisation=organisation,
        first_name="Vera",
    )


@pytest.fixture
def colleague(organisation):
    return user_create(
        username="colin",
        email="colin@example.com",
        password=PASSWORD,
        role=Role.VENDOR,
        organisation=organisation,
        first_name="Colin",
    )


@pytest.fixture
def other_vendor(other_organisation):
    return user_create(
        username="otto",
        email="otto@example.com",
        password=PASSWORD,
        role=Role.VENDOR,
        organisation=other_organisation,
        first_name="Otto",
    )


@pytest.fixture
def reviewer(db):
    return user_create(
        username="rita",
        email="rita@example.com",
        password=PASSWORD,
        role=Role.LAB_REVIEWER,
        first_name="Rita",
    )


@pytest.fixture
def admin_user(db):
    return user_create(
        username="ada",
        email="ada@example.com",
        password=PASSWORD,
        role=Role.ADMIN,
        first_name="Ada",
    )


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def anonymous_client():
    return Client()


@pytest.fixture
def vendor_client(vendor):
    return _client_for(vendor)


@pytest.fixture
def colleague_client(colleague):
    return _client_for(colleague)


@pytest.fixture
def other_vendor_client(other_vendor):
    return _client_for(other_vendor)


@pytest.fixture
def reviewer_client(reviewer):
    return _client_for(reviewer)


@pytest.fixture
def admin_client(admin_user):
    return _client_for(admin_user)


@pytest.fixture
def persona_clients(
    anonymous_client,
    vendor_client,
    colleague_client,
    other_vendor_client,
    reviewer_client,
    admin_client,
):
    return {
        "anonymous": anonymous_client,
        "vendor": vendor_client,
        "colleague": colleague_client,
        "other_vendor": other_vendor_client,
        "reviewer": reviewer_client,
        "admin": admin_client,
    }
