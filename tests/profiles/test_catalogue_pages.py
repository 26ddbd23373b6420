import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from profiles.services import edition_clone

pytestmark = pytest.mark.django_db


def pages(edition):
    return [
        reverse("catalogue_test_cases", args=[edition.code]),
        reverse("catalogue_profiles", args=[edition.code]),
        reverse("catalogue_features", args=[edition.code]),
        reverse("catalogue_feature", args=[edition.code, "cs", "C-13"]),
    ]


@pytest.mark.parametrize("persona", ["vendor", "reviewer", "admin"])
def test_every_role_browses_the_catalogue(persona_clients, edition, persona):
    client = persona_clients[persona]
    assert client.get(reverse("catalogue")).url == pages(edition)[0]
    for url in pages(edition):
        assert client.get(url).status_code == 200, url


def test_anonymous_is_sent_to_login(anonymous_client, edition):
    for url in pages(edition):
        assert anonymous_client.get(url).status_code == 302


def test_test_cases_page_shows_both_cells_and_conditions(vendor_client, edition):
    page = vendor_client.get(reverse("catalogue_test_cases", args=[edition.code]))
    html = page.content.decode()
    assert "TC_B_41" in html and "HFS-8 &gt; 1" in html
    assert "Cold Boot Charging Station" in html


def test_test_cases_page_filters(vendor_client, edition):
    url = reverse("catalogue_test_cases", args=[edition.code])
    response = vendor_client.get(url, {"profile": "Advanced Security", "side": "csms"})
    assert response.context["shown_count"] == 4  # TC_A_07, TC_A_11, TC_A_14, TC_A_15
    response = vendor_client.get(url, {"q": "no such test case"})
    assert response.context["shown_count"] == 0
    assert "No test case matches" in response.content.decode()


def test_feature_page_lists_the_test_cases_using_it(vendor_client, edition):
    response = vendor_client.get(
        reverse("catalogue_feature", args=[edition.code, "cs", "C-13"])
    )
    ids = [case["id"] for case in response.context["cases"]]
    assert ids == ["TC_B_25", "TC_B_26", "TC_B_27", "TC_B_28", "TC_B_29"]


def test_parent_feature_page_counts_its_members_conditions(vendor_client, edition):
    response = vendor_client.get(
        reverse("catalogue_feature", args=[edition.code, "cs", "C-09"])
    )
    ids = {case["id"] for case in response.context["cases"]}
    assert "TC_E_38" in ids  # NOT C-09.5 ...


def test_unknown_feature_is_404(vendor_client, edition):
    url = reverse("catalogue_feature", args=[edition.code, "csms", "C-09.1"])
    assert vendor_client.get(url).status_code == 404


def test_draft_editions_are_visible_to_admins_only(
    vendor_client, admin_client, edition
):
    draft = edition_clone(edition, code="next-edition")
    url = reverse("catalogue_test_cases", args=[draft.code])
    assert vendor_client.get(url).status_code == 404
    assert admin_client.get(url).status_code == 200
    api = reverse("api_catalogue", args=[draft.code])
    assert vendor_client.get(api).status_code == 404


def test_api_returns_the_export(vendor_client, edition, capsys):
    response = vendor_client.get(reverse("api_catalogue", args=[edition.code]))
    assert response.status_code == 200
    data = response.json()
    assert len(data["test_cases"]) == 246
    assert set(data) >= {
        "edition",
        "profiles",
        "features",
        "list_constraints",
        "questions",
        "hardware_features",
        "controller_components",
        "test_cases",
    }
    tc = next(t for t in data["test_cases"] if t["id"] == "TC_B_02")
    assert (tc["cs"], tc["csms"], tc["condition_cs"], tc["condition_csms"]) == (
        "M",
        "C",
        None,
        "C-44",
    )
    call_command("export_catalogue", edition=edition.code)
    assert json.loads(capsys.readouterr().out) == data


def test_api_needs_authentication(anonymous_client, edition):
    response = anonymous_client.get(reverse("api_catalogue", args=[edition.code]))
    assert response.status_code == 401
    assert response.json() == {"error": "Authentication required."}


def test_api_refuses_other_methods(vendor_client, edition):
    response = vendor_client.post(reverse("api_catalogue", args=[edition.code]))
    assert response.status_code == 405


def test_load_catalogue_keeps_admin_edits(edition):
    edition.testcase_set.filter(code="TC_B_25").update(watchlist=True)
    call_command("load_catalogue", verbosity=0)
    assert edition.testcase_set.get(code="TC_B_25").watchlist


def test_watchlist_change_shows_without_restart(vendor_client, admin_client, edition):
    from profiles.models import TestCase

    url = reverse("catalogue_test_cases", args=[edition.code])
    assert "Watchlist</span>" not in vendor_client.get(url).content.decode()
    case = TestCase.objects.get(edition=edition, code="TC_B_25")
    admin_client.post(
        reverse("admin:profiles_testcase_change", args=[case.pk]),
        {"watchlist": "on", "watchlist_note": "Log review"},
    )
    assert "Watchlist</span>" in vendor_client.get(url).content.decode()
