import json
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pics.models import Pics
from pics.wizard.services import pics_create
from rules.document import read_document
from tests.pics.examples import example

pytestmark = pytest.mark.django_db


@pytest.fixture
def pics(vendor, edition):
    document, _ = read_document(example("ac-charging-station"))
    return pics_create(
        organisation=vendor.membership.organisation,
        user=vendor,
        edition=edition,
        document=document,
    )


def page_urls(code):
    return [
        reverse("pics_plan", args=[code]),
        reverse("pics_plan_json", args=[code]),
        reverse("pics_plan_csv", args=[code]),
        reverse("pics_export", args=[code]),
    ]


def test_owner_and_colleague_see_the_plan(vendor_client, colleague_client, pics):
    for client in (vendor_client, colleague_client):
        for url in page_urls(pics.code):
            assert client.get(url).status_code == 200, url


def test_outsiders_get_404(other_vendor_client, reviewer_client, pics):
    for client in (other_vendor_client, reviewer_client):
        for url in page_urls(pics.code):
            assert client.get(url).status_code == 404, url


def test_anonymous_goes_to_login(anonymous_client, pics):
    for url in page_urls(pics.code):
        assert anonymous_client.get(url).status_code == 302


def test_plan_page_shows_summary_and_reasons(vendor_client, pics):
    response = vendor_client.get(reverse("pics_plan", args=[pics.code]))
    html = response.content.decode()
    summary = response.context["summary"]
    assert f'<div class="stat-value text-success">{summary["applicable"]}</div>' in html
    assert "HFS-8 &gt; 1: HFS-8 = 2 → applies" in html
    assert "no test cases in this edition yet" in html  # Smart Charging


def test_plan_page_filters(vendor_client, pics):
    url = reverse("pics_plan", args=[pics.code])
    response = vendor_client.get(url, {"applies": "no", "requirement": "C"})
    shown = [
        r for g in response.context["grouped"].values() for rs in g.values() for r in rs
    ]
    assert shown and all(r["applicable"] is False for r in shown)
    assert response.context["shown"] == response.context["summary"]["not_applicable"]
    response = vendor_client.get(url, {"q": "TC_B_41"})
    assert response.context["shown"] == 1


def test_plan_page_query_count_does_not_grow_with_test_cases(
    vendor_client, pics, django_assert_num_queries
):
    vendor_client.get(
        reverse("pics_plan", args=[pics.code])
    )  # warm the catalogue cache
    # session, user, PICS with edition and organisation, membership, role groups
    with django_assert_num_queries(5):
        vendor_client.get(reverse("pics_plan", args=[pics.code]))


def test_downloads(vendor_client, pics):
    plan = vendor_client.get(reverse("pics_plan_json", args=[pics.code]))
    assert plan["Content-Disposition"].startswith('attachment; filename="plan-Voltwerk')
    assert json.loads(plan.content)["format"] == "certplanner.plan/1"
    csv = vendor_client.get(reverse("pics_plan_csv", args=[pics.code])).content.decode()
    assert csv.startswith("id,group,title")
    exported = json.loads(
        vendor_client.get(reverse("pics_export", args=[pics.code])).content
    )
    assert exported == example("ac-charging-station")


@pytest.mark.parametrize("vendor_name", ["東芝", "Щит"])
def test_downloads_named_beyond_latin_1_keep_their_name(
    vendor_client, pics, vendor_name
):
    Pics.objects.filter(pk=pics.pk).update(vendor=vendor_name)
    for url, extension in [
        (reverse("pics_plan_json", args=[pics.code]), "json"),
        (reverse("pics_plan_csv", args=[pics.code]), "csv"),
        (reverse("pics_export", args=[pics.code]), "json"),
        (reverse("pics_draft_pdf", args=[pics.code]), "pdf"),
    ]:
        header = vendor_client.get(url)["Content-Disposition"]
        # RFC 6266's extended form; the charset name is case-insensitive.
        assert header.lower().startswith("attachment; filename*=utf-8''"), header
        assert quote(vendor_name) in header and header.endswith(f".{extension}")
        assert "=?utf-8?" not in header


def upload(client, content: bytes, name="pics.json"):
    return client.post(
        reverse("pics_import"), {"file": SimpleUploadedFile(name, content)}
    )


def test_import_page_stores_a_draft_and_shows_its_plan(vendor_client, vendor):
    raw = example("csms") | {"features": ["C-30", "C-31", "C-35", "C-36", "C-37"]}
    response = upload(vendor_client, json.dumps(raw).encode())
    pics = Pics.objects.get()
    assert response.url == reverse("pics_plan", args=[pics.code])
    page = vendor_client.get(response.url).content.decode()
    assert "with 1 problem to fix" in page
    assert "C-50" in page and "provisional" in page


def test_import_page_refuses_broken_json_with_a_form_error(vendor_client):
    response = upload(vendor_client, b"{oops")
    assert response.status_code == 200
    assert "The body is not valid JSON" in response.content.decode()
    assert not Pics.objects.exists()


def test_import_page_refuses_unreadable_pics_and_lists_why(vendor_client):
    raw = example("csms") | {"hardware": {"HFS-8": "two"}, "colour": "red"}
    response = upload(vendor_client, json.dumps(raw).encode())
    html = response.content.decode()
    assert "could not be read" in html and "Unknown field" in html
    assert not Pics.objects.exists()


def test_import_is_for_vendors(reviewer_client):
    assert reviewer_client.get(reverse("pics_import")).status_code == 403


def test_dashboard_lists_the_organisations_pics(
    colleague_client, other_vendor_client, pics
):
    assert pics.model in colleague_client.get(reverse("dashboard")).content.decode()
    assert (
        pics.model not in other_vendor_client.get(reverse("dashboard")).content.decode()
    )
