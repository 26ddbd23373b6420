"""The catalogue admin: conditions parsed on save, published editions frozen,
clone and publish actions."""

import pytest
from django.urls import reverse

from profiles.models import Edition, TestCase
from profiles.services import edition_clone

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(edition):
    return edition_clone(edition, code="draft-edition")


def change_form_data(case: TestCase, **overrides):
    data = {
        "edition": case.edition_id,
        "code": case.code,
        "position": case.position,
        "group": case.group,
        "title": case.title,
        "profile": case.profile_id,
        "cs": case.cs,
        "condition_cs": case.condition_cs,
        "csms": case.csms,
        "condition_csms": case.condition_csms,
        "remark": case.remark,
        "related_feature_ids": "[]",
        "related_feature": case.related_feature,
        "spec_line": case.spec_line,
        "notes": case.notes,
        "confidence": case.confidence,
        "watchlist_note": "",
    }
    data.update(overrides)
    return data


def test_admin_refuses_a_broken_condition_with_the_parse_error(admin_client, draft):
    case = TestCase.objects.get(edition=draft, code="TC_B_25")
    url = reverse("admin:profiles_testcase_change", args=[case.pk])
    response = admin_client.post(
        url, change_form_data(case, condition_cs="C-13 and (C-49")
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Syntax error at position" in errors["condition_cs"][0]
    case.refresh_from_db()
    assert case.condition_cs == "C-13"


def test_admin_refuses_an_id_the_side_does_not_have(admin_client, draft):
    case = TestCase.objects.get(edition=draft, code="TC_B_25")
    url = reverse("admin:profiles_testcase_change", args=[case.pk])
    response = admin_client.post(url, change_form_data(case, condition_cs="C-44"))
    errors = response.context["adminform"].form.errors
    assert (
        "Unknown for the Charging Station in this edition: C-44."
        in errors["condition_cs"]
    )


def test_admin_saves_a_valid_condition_on_a_draft(admin_client, draft):
    case = TestCase.objects.get(edition=draft, code="TC_B_25")
    url = reverse("admin:profiles_testcase_change", args=[case.pk])
    response = admin_client.post(
        url, change_form_data(case, condition_cs="C-13 and HFS-8 > 1")
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.condition_cs == "C-13 and HFS-8 > 1"


def test_published_edition_is_read_only(admin_client, edition):
    case = TestCase.objects.get(edition=edition, code="TC_B_25")
    url = reverse("admin:profiles_testcase_change", args=[case.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="condition_cs"' not in page
    admin_client.post(url, change_form_data(case, condition_cs="C-49"))
    case.refresh_from_db()
    assert case.condition_cs == "C-13"
    assert (
        admin_client.post(
            reverse("admin:profiles_testcase_delete", args=[case.pk]), {"post": "yes"}
        ).status_code
        == 403
    )


def test_watchlist_can_be_set_on_a_published_edition(admin_client, edition):
    case = TestCase.objects.get(edition=edition, code="TC_B_25")
    url = reverse("admin:profiles_testcase_change", args=[case.pk])
    response = admin_client.post(
        url, {"watchlist": "on", "watchlist_note": "Under review by the OCA."}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.watchlist and case.watchlist_note == "Under review by the OCA."
    assert case.condition_cs == "C-13"


def test_published_feature_cannot_be_changed(admin_client, edition):
    feature = edition.feature_set.get(side="cs", code="C-13")
    url = reverse("admin:profiles_feature_change", args=[feature.pk])
    assert 'name="name"' not in admin_client.get(url).content.decode()


def test_clone_action_copies_the_edition_into_a_draft(admin_client, edition):
    response = admin_client.post(
        reverse("admin:profiles_edition_changelist"),
        {"action": "clone_into_draft", "_selected_action": [edition.pk]},
    )
    assert response.status_code == 302
    clone = Edition.objects.get(code=f"{edition.code}-draft")
    assert clone.status == Edition.Status.DRAFT
    assert clone.cloned_from == edition
    for related in ("testcase_set", "feature_set", "listrule_set", "question_set"):
        assert getattr(clone, related).count() == getattr(edition, related).count()


def test_publish_action_refuses_an_inconsistent_draft(admin_client, draft):
    TestCase.objects.filter(edition=draft, code="TC_B_25").update(condition_cs="C-999")
    admin_client.post(
        reverse("admin:profiles_edition_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.status == Edition.Status.DRAFT
    TestCase.objects.filter(edition=draft, code="TC_B_25").update(condition_cs="C-13")
    admin_client.post(
        reverse("admin:profiles_edition_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert draft.status == Edition.Status.PUBLISHED


def test_new_rows_can_only_go_to_draft_editions(admin_client, edition, draft):
    response = admin_client.get(reverse("admin:profiles_testcase_add"))
    choices = response.context["adminform"].form.fields["edition"].queryset
    assert list(choices) == [draft]


@pytest.mark.parametrize(
    "model",
    [
        "edition",
        "profile",
        "feature",
        "listrule",
        "question",
        "hardwarefeature",
        "testcase",
        "valuelist",
    ],
)
def test_every_catalogue_changelist_opens_with_search(admin_client, edition, model):
    url = reverse(f"admin:profiles_{model}_changelist")
    assert admin_client.get(url, {"q": "C-1"}).status_code == 200


def test_vendor_has_no_catalogue_admin(vendor_client):
    response = vendor_client.get(reverse("admin:profiles_testcase_changelist"))
    assert response.status_code == 302
