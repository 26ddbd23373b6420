import json

import pytest
from django.urls import reverse

from accounts.tokens import token_create
from pics.models import Pics
from tests.pics.examples import example

pytestmark = pytest.mark.django_db


def post_json(client, url, data, **extra):
    body = data if isinstance(data, str | bytes) else json.dumps(data)
    return client.post(url, body, content_type="application/json", **extra)


def test_plans_returns_the_plan_and_stores_nothing(vendor_client):
    response = post_json(vendor_client, reverse("api_plans"), example("csms"))
    assert response.status_code == 200
    body = response.json()
    assert body["format"] == "certplanner.plan/1" and body["sut"] == "csms"
    assert not Pics.objects.exists()


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{", "The body is not valid JSON"),
        ("", "The body is empty"),
        ('{"sut": "cs", "sut": "csms"}', "Duplicate key 'sut'"),
        ("[" * 100000 + "]" * 100000, "nested too deeply"),
        ('{"x": NaN}', "NaN is not allowed"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_bad_bodies_get_400_with_the_reason(vendor_client, body, expected):
    response = post_json(vendor_client, reverse("api_plans"), body)
    assert response.status_code == 400
    assert expected in response.json()["error"]


def test_invalid_pics_gets_400_with_every_problem(vendor_client):
    raw = example("csms") | {"features": ["C-99"], "questions": {"AQ-9": True}}
    response = post_json(vendor_client, reverse("api_plans"), raw)
    assert response.status_code == 400
    ids = {p["id"] for p in response.json()["problems"]}
    assert {"C-99", "AQ-9", "C-30", "C-50"} <= ids


def test_api_needs_authentication(anonymous_client):
    response = post_json(anonymous_client, reverse("api_plans"), example("csms"))
    assert response.status_code == 401


def test_token_authentication_without_csrf(vendor):
    from django.test import Client

    _, key = token_create(vendor, "ci")
    client = Client(enforce_csrf_checks=True)
    response = post_json(
        client, reverse("api_pics"), example("csms"), HTTP_AUTHORIZATION=f"Token {key}"
    )
    assert response.status_code == 201
    assert Pics.objects.get().created_by == vendor


def test_bad_token_is_refused(client):
    response = client.get(reverse("api_pics"), HTTP_AUTHORIZATION="Token nope")
    assert response.status_code == 401
    assert response.json() == {"error": "Invalid API token."}


def test_session_post_needs_csrf(vendor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(vendor)
    response = post_json(client, reverse("api_pics"), example("csms"))
    assert response.status_code == 403


def test_store_list_detail_and_plan(vendor_client, colleague_client):
    created = post_json(
        vendor_client, reverse("api_pics"), example("ac-charging-station")
    )
    assert created.status_code == 201
    code = created.json()["code"]
    listed = colleague_client.get(reverse("api_pics")).json()["pics"]
    assert [p["code"] for p in listed] == [code]
    detail = colleague_client.get(reverse("api_pics_detail", args=[code])).json()
    assert detail["pics"] == example("ac-charging-station")
    plan = colleague_client.get(reverse("api_pics_plan", args=[code]))
    assert plan.status_code == 200 and plan.json()["summary"]["applicable"] > 100


def test_stored_pics_with_problems_keeps_them_and_plan_is_409(vendor_client):
    raw = example("csms") | {"features": ["C-99"]}
    created = post_json(vendor_client, reverse("api_pics"), raw)
    assert created.status_code == 201
    assert any(p["id"] == "C-99" for p in created.json()["problems"])
    code = created.json()["code"]
    assert Pics.objects.get(code=code).answers["features"] == ["C-99"]
    response = vendor_client.get(reverse("api_pics_plan", args=[code]))
    assert response.status_code == 409


def test_unreadable_pics_is_not_stored(vendor_client):
    raw = example("csms") | {"questions": {"AQ-1": "yes"}}
    response = post_json(vendor_client, reverse("api_pics"), raw)
    assert response.status_code == 400
    assert not Pics.objects.exists()


def test_other_organisation_gets_404(
    vendor_client, other_vendor_client, reviewer_client
):
    code = post_json(vendor_client, reverse("api_pics"), example("csms")).json()["code"]
    for client in (other_vendor_client, reviewer_client):
        for name in ("api_pics_detail", "api_pics_plan"):
            response = client.get(reverse(name, args=[code]))
            assert response.status_code == 404
            assert response.json()["error"] == "No such PICS."
    assert other_vendor_client.get(reverse("api_pics")).json() == {"pics": []}


def test_only_vendors_store_pics(reviewer_client, admin_client):
    for client in (reviewer_client, admin_client):
        response = post_json(client, reverse("api_pics"), example("csms"))
        assert response.status_code == 403


def test_post_without_authentication_is_401_json_not_a_csrf_page():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = post_json(client, reverse("api_plans"), example("csms"))
    assert response.status_code == 401
    assert response.json() == {"error": "Authentication required."}


def test_session_post_without_csrf_token_is_403_json(vendor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(vendor)
    response = post_json(client, reverse("api_plans"), example("csms"))
    assert response.status_code == 403
    assert response.json() == {"error": "CSRF token missing or incorrect."}


def test_many_keys_are_read_quickly_and_a_duplicate_named(vendor_client):
    import time

    body = "{" + ",".join(f'"k{n}": {n}' for n in range(100_000)) + ', "k7": 0}'
    start = time.process_time()
    response = post_json(vendor_client, reverse("api_plans"), body)
    assert time.process_time() - start < 5
    assert (
        response.status_code == 400 and "Duplicate key 'k7'" in response.json()["error"]
    )


def test_a_huge_integer_is_a_400(vendor_client):
    response = post_json(
        vendor_client, reverse("api_plans"), '{"a": ' + "1" * 5000 + "}"
    )
    assert response.status_code == 400
    assert "number too large" in response.json()["error"]
