import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Organisation
from accounts.roles import ROLE_GROUPS, Role, role_of
from accounts.services import DEMO_ACCOUNTS, user_create
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

PAGES = ["dashboard", "password_change"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_redirected_to_login(anonymous_client, name):
    url = reverse(name)
    response = anonymous_client.get(url)
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={url}"


def test_login_page_is_public(anonymous_client):
    response = anonymous_client.get(reverse("login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content
    assert b'autocomplete="current-password"' in response.content


def test_vendor_logs_in_and_lands_on_dashboard(anonymous_client, vendor):
    response = anonymous_client.post(
        reverse("login"), {"username": "vera", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("dashboard")
    assert "Voltwerk Charging GmbH" in response.content.decode()


def test_wrong_password_is_refused_with_a_message(anonymous_client, vendor):
    response = anonymous_client.post(
        reverse("login"), {"username": "vera", "password": "nope"}
    )
    assert response.status_code == 200
    assert "enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in anonymous_client.session


def test_logged_in_user_visiting_login_goes_to_dashboard(vendor_client):
    response = vendor_client.get(reverse("login"))
    assert response.status_code == 302
    assert response.url == reverse("dashboard")


def test_logout_needs_post_and_ends_the_session(vendor_client):
    assert vendor_client.get(reverse("logout")).status_code == 405
    response = vendor_client.post(reverse("logout"))
    assert response.status_code == 302
    assert vendor_client.get(reverse("dashboard")).status_code == 302


def test_password_change(vendor_client, vendor):
    response = vendor_client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-password-42",
            "new_password2": "a-new-long-password-42",
        },
    )
    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.check_password("a-new-long-password-42")


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("vendor", "Your PICS"),
        ("reviewer", "Review queue"),
        ("admin", "Certification catalogue"),
    ],
)
def test_each_role_has_its_dashboard(persona_clients, persona, expected):
    response = persona_clients[persona].get(reverse("dashboard"))
    assert response.status_code == 200
    assert expected in response.content.decode()


def test_navigation_shows_administration_only_to_admins(persona_clients):
    admin_link = reverse("admin:index")
    for persona in ("vendor", "reviewer"):
        page = persona_clients[persona].get(reverse("dashboard")).content.decode()
        assert admin_link not in page
    page = persona_clients["admin"].get(reverse("dashboard")).content.decode()
    assert admin_link in page


def test_user_without_role_is_told_so(client, db):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user("nobody", password=PASSWORD)
    client.force_login(user)
    assert "has no role yet" in client.get(reverse("dashboard")).content.decode()


def test_roles_are_groups_created_by_migration():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(ROLE_GROUPS.values()) <= names
    admin_perms = set(
        Group.objects.get(name=ROLE_GROUPS[Role.ADMIN]).permissions.values_list(
            "codename", flat=True
        )
    )
    assert {"add_organisation", "change_membership", "change_user"} <= admin_perms


def test_catalogue_admin_manages_organisations_in_django_admin(admin_client, vendor):
    url = reverse("admin:accounts_organisation_changelist")
    assert admin_client.get(url).status_code == 200
    response = admin_client.get(
        reverse(
            "admin:accounts_organisation_change",
            args=[vendor.membership.organisation.pk],
        )
    )
    assert response.status_code == 200
    assert "vera" in response.content.decode()


def test_vendor_cannot_use_django_admin(vendor_client):
    response = vendor_client.get(reverse("admin:accounts_organisation_changelist"))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url


def test_role_of_each_persona(vendor, reviewer, admin_user, django_user_model):
    superuser = django_user_model.objects.create_superuser("root", password=PASSWORD)
    assert role_of(vendor) == Role.VENDOR
    assert role_of(reviewer) == Role.LAB_REVIEWER
    assert role_of(admin_user) == Role.ADMIN
    assert role_of(superuser) == Role.ADMIN


def test_only_vendors_belong_to_an_organisation():
    organisation = Organisation.objects.create(name="Org")
    with pytest.raises(ValueError):
        user_create(username="v", password=PASSWORD, role=Role.VENDOR)
    with pytest.raises(ValueError):
        user_create(
            username="r",
            password=PASSWORD,
            role=Role.LAB_REVIEWER,
            organisation=organisation,
        )


def test_demo_accounts_are_created_once_and_printed(capsys, django_user_model):
    call_command("create_demo_accounts")
    call_command("create_demo_accounts")
    output = capsys.readouterr().out
    for account in DEMO_ACCOUNTS:
        assert account.username in output and account.password in output
        user = django_user_model.objects.get(username=account.username)
        assert user.check_password(account.password)
        assert role_of(user) == account.role
    assert Organisation.objects.count() == 2


def test_vendor_without_organisation_has_no_role(client, db):
    from django.contrib.auth.models import Group

    from accounts.roles import ROLE_GROUPS, Role

    user = get_user_model_for_test().objects.create_user("lost", password=PASSWORD)
    user.groups.add(Group.objects.get(name=ROLE_GROUPS[Role.VENDOR]))
    client.force_login(user)
    assert client.get(reverse("wizard_new")).status_code == 403
    assert "has no role yet" in client.get(reverse("dashboard")).content.decode()


def get_user_model_for_test():
    from django.contrib.auth import get_user_model

    return get_user_model()
