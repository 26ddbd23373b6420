"""The PICS wizard: steps saved to the database, validation at the fields, version
check, skipped steps, live panel, submit, duplicate, list."""

import pytest
from django.urls import reverse

from pics.models import Pics
from pics.wizard.forms import (
    STEPS,
    feature_field_name,
    steps_for,
    values_field_name,
)
from pics.wizard.steps import STEP_SLUGS, step_slugs_for
from rules.document import read_document
from tests.pics.examples import example, make_pics

pytestmark = pytest.mark.django_db


def features_post(pics, *, drop=(), add=(), values=None, action="continue"):
    """The features step as the browser posts it for the stored answers."""
    document = pics.document()
    data = {"version": pics.version, "action": action}
    for feature_id in [f for f in document.features if f not in drop] + list(add):
        data[feature_field_name(feature_id)] = "on"
    for key, chosen in (values if values is not None else document.values).items():
        data[values_field_name(key)] = list(chosen)
    return data


def step_url(pics, step):
    return reverse("wizard_step", args=[pics.code, step])


PRODUCT = {
    "vendor": "Voltwerk Charging GmbH",
    "model": "Wallbox AC11",
    "hardware_version": "1.0",
    "firmware_version": "1.0.0",
    "sut": "cs",
    "product_subtype": "",
    "edition": "ocpp201-part5-2023-06",
}


def test_product_step_creates_the_draft(vendor_client, vendor, edition):
    response = vendor_client.post(
        reverse("wizard_new"), PRODUCT | {"action": "continue"}
    )
    pics = Pics.objects.get()
    assert response.url == step_url(pics, "profiles")
    assert (pics.model, pics.sut, pics.status, pics.created_by) == (
        "Wallbox AC11",
        "cs",
        "draft",
        vendor,
    )
    assert pics.wizard_steps == ["product"]


def test_product_step_errors_are_at_the_fields(vendor_client, edition):
    response = vendor_client.post(
        reverse("wizard_new"), PRODUCT | {"model": "", "sut": "ev"}
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"model", "sut"}
    assert not Pics.objects.exists()


def test_every_step_opens_for_the_organisation(
    vendor_client, colleague_client, vendor, edition
):
    pics = make_pics(vendor, edition)
    for client in (vendor_client, colleague_client):
        for step in (
            "product",
            "profiles",
            "features",
            "questions",
            "hardware",
            "review",
        ):
            assert client.get(step_url(pics, step)).status_code == 200, step


def test_outsiders_get_404_and_other_roles_403(
    other_vendor_client, reviewer_client, vendor, edition
):
    pics = make_pics(vendor, edition)
    for client in (other_vendor_client, reviewer_client):
        assert client.get(step_url(pics, "features")).status_code == 404
        assert client.post(step_url(pics, "features"), {}).status_code == 404
        preview = reverse("wizard_preview", args=[pics.code, "features"])
        assert client.post(preview, {}).status_code == 404
        assert client.post(reverse("pics_submit", args=[pics.code])).status_code == 404
    assert reviewer_client.get(reverse("wizard_new")).status_code == 403


def test_csms_has_no_hardware_step(vendor_client, vendor, edition):
    pics = make_pics(vendor, edition, "csms")
    assert vendor_client.get(step_url(pics, "hardware")).status_code == 404
    response = vendor_client.post(
        step_url(pics, "questions"),
        {"version": pics.version, "AQ-1": "yes", "AQ-2": "no", "AQ-6": "no"},
    )
    assert response.url == step_url(pics, "review")


def test_a_list_rule_error_stops_the_step_and_is_shown_at_the_field(
    vendor_client, vendor, edition
):
    pics = make_pics(vendor, edition)
    data = features_post(pics, drop=["C-09.1", "C-09.2"])
    response = vendor_client.post(step_url(pics, "features"), data)
    assert response.status_code == 200  # stays on the step
    html = response.content.decode()
    assert 'id="row-c-09"' in html and "support at least one of C-09.1" in html
    pics.refresh_from_db()
    assert "C-09.1" not in pics.answers["features"]  # saved all the same: nothing lost
    fixed = features_post(pics, add=["C-09.2"])
    assert vendor_client.post(step_url(pics, "features"), fixed).url == step_url(
        pics, "questions"
    )


def test_problem_spanning_steps_is_shown_where_it_is_fixed(
    vendor_client, vendor, edition
):
    # C-01 needs Local Authorization List Management, C-02 or C-49: dropping the
    # profile (profiles step) reports it on the features step, where C-02/C-49 are.
    pics = make_pics(vendor, edition)
    vendor_client.post(
        step_url(pics, "profiles"),
        {"version": pics.version, "profiles": ["Advanced Security"]},
    )
    pics.refresh_from_db()
    vendor_client.post(step_url(pics, "features"), features_post(pics, drop=["C-49"]))
    html = vendor_client.get(step_url(pics, "features")).content.decode()
    assert "can only be supported with Local Authorization List Management" in html
    states = {
        s["slug"]: s["state"]
        for s in vendor_client.get(step_url(pics, "review")).context["steps"]
    }
    assert states["features"] == "problems" and states["profiles"] == "complete"


def test_deselecting_a_profile_drops_its_features(vendor_client, vendor, edition):
    pics = make_pics(vendor, edition)
    vendor_client.post(
        step_url(pics, "profiles"), {"version": pics.version, "profiles": []}
    )
    pics.refresh_from_db()
    assert "AS-2" not in pics.answers["features"]
    assert "C-13" in pics.answers["features"]


def test_fixed_members_and_required_features_stay_on(vendor_client, vendor, edition):
    pics = make_pics(vendor, edition)
    data = features_post(pics, values={**pics.document().values, "C-23": ["NTP"]})
    vendor_client.post(step_url(pics, "features"), data)
    pics.refresh_from_db()
    assert pics.answers["values"]["C-23"] == ["Heartbeat", "NTP"]
    csms = make_pics(vendor, edition, "csms")
    data = features_post(csms, drop=["C-30", "C-36"])
    vendor_client.post(step_url(csms, "features"), data)
    csms.refresh_from_db()
    assert {"C-30", "C-36"} <= set(csms.answers["features"])


def test_stale_save_is_refused_with_a_reload_link(
    vendor_client, colleague_client, vendor, edition
):
    pics = make_pics(vendor, edition)
    first = features_post(pics, add=["C-02"])
    second = features_post(pics, add=["C-03"])
    assert colleague_client.post(step_url(pics, "features"), first).status_code == 302
    response = vendor_client.post(step_url(pics, "features"), second)
    assert response.status_code == 409
    assert "Reload this step" in response.content.decode()
    pics.refresh_from_db()
    assert "C-02" in pics.answers["features"] and "C-03" not in pics.answers["features"]


def test_back_and_save_draft_keep_the_answers(vendor_client, vendor, edition):
    pics = make_pics(vendor, edition)
    response = vendor_client.post(
        step_url(pics, "questions"),
        {"version": pics.version, "AQ-1": "yes", "action": "back"},
    )
    assert response.url == step_url(pics, "features")
    pics.refresh_from_db()
    assert pics.answers["questions"] == {"AQ-1": True}
    response = vendor_client.post(
        step_url(pics, "questions"),
        {"version": pics.version, "AQ-2": "no", "action": "draft"},
    )
    assert response.url == reverse("pics_list")
    pics.refresh_from_db()
    assert pics.answers["questions"] == {"AQ-2": False}


def test_live_panel_counts_unsaved_changes_and_names_the_delta(
    vendor_client, vendor, edition
):
    pics = make_pics(vendor, edition)
    preview = reverse("wizard_preview", args=[pics.code, "features"])
    before = vendor_client.post(preview, features_post(pics))
    previous = before.context["applicable_ids"]
    after = vendor_client.post(
        preview, features_post(pics, add=["C-07"]) | {"previous": previous}
    )
    assert after.context["added"] == ["TC_C_45", "TC_C_47", "TC_C_48"]
    assert "+3 test cases: TC_C_45, TC_C_47, TC_C_48" in after.content.decode()
    assert after.context["summary"]["applicable"] == (
        before.context["summary"]["applicable"] + 3
    )
    pics.refresh_from_db()
    assert "C-07" not in pics.answers["features"]  # a preview saves nothing


def test_submit_needs_a_clean_pics(vendor_client, vendor, edition):
    pics = make_pics(vendor, edition, features=["C-99"])
    response = vendor_client.post(
        reverse("pics_submit", args=[pics.code]), {"version": pics.version}, follow=True
    )
    assert "Not submitted" in response.content.decode()
    pics.refresh_from_db()
    assert pics.status == "draft"
    good = make_pics(vendor, edition)
    response = vendor_client.post(
        reverse("pics_submit", args=[good.code]), {"version": good.version}
    )
    good.refresh_from_db()
    assert good.status == "submitted"
    assert response.url == reverse(
        "submission_detail", args=[good.submissions.get().code]
    )
    # Frozen while the lab has it: the wizard says so instead of opening.
    locked = vendor_client.get(step_url(good, "features"))
    assert "is with the lab" in locked.content.decode()
    assert 'name="version"' not in locked.content.decode()


def test_submit_refuses_undetermined_test_cases(vendor_client, vendor, edition):
    raw = example("ac-charging-station")
    del raw["questions"]["AQ-2"]
    pics = make_pics(vendor, edition, questions=raw["questions"])
    response = vendor_client.post(
        reverse("pics_submit", args=[pics.code]), {"version": pics.version}, follow=True
    )
    assert "undetermined" in response.content.decode()
    pics.refresh_from_db()
    assert pics.status == "draft"


def test_duplicate_for_a_new_firmware(vendor_client, vendor, edition):
    pics = make_pics(vendor, edition)
    response = vendor_client.post(
        reverse("pics_duplicate", args=[pics.code]), {"firmware_version": "2.5.0"}
    )
    copy = Pics.objects.exclude(pk=pics.pk).get()
    assert response.url == step_url(copy, "review")
    assert copy.firmware_version == "2.5.0" and copy.answers == pics.answers
    assert copy.status == "draft"


def test_list_search_filter_sort_and_empty_state(
    vendor_client, other_vendor_client, vendor, edition
):
    page = vendor_client.get(reverse("pics_list")).content.decode()
    assert "No PICS yet" in page and reverse("wizard_new") in page
    make_pics(vendor, edition)
    make_pics(vendor, edition, "csms")
    url = reverse("pics_list")
    assert len(vendor_client.get(url).context["page"].object_list) == 2
    assert [p.sut for p in vendor_client.get(url, {"sut": "csms"}).context["page"]] == [
        "csms"
    ]
    found = vendor_client.get(url, {"q": "AC22"}).context["page"].object_list
    assert [p.model for p in found] == ["Wallbox AC22 Duo"]
    by_product = vendor_client.get(url, {"sort": "product"}).context["page"].object_list
    assert [p.vendor for p in by_product] == sorted(p.vendor for p in by_product)
    nothing = vendor_client.get(url, {"status": "approved"})
    assert "No PICS matches these filters" in nothing.content.decode()
    assert "No PICS yet" in other_vendor_client.get(url).content.decode()


def test_list_paginates_with_a_fixed_number_of_queries(
    vendor_client, vendor, edition, django_assert_num_queries
):
    for _ in range(25):
        make_pics(vendor, edition)
    # session, user, groups, membership + organisation, count, page of PICS
    with django_assert_num_queries(6):
        response = vendor_client.get(reverse("pics_list"))
    assert len(response.context["page"].object_list) == 20
    assert response.context["page"].paginator.num_pages == 2


def test_submit_from_a_stale_review_is_refused(
    vendor_client, colleague_client, vendor, edition
):
    pics = make_pics(vendor, edition)
    seen = pics.version
    colleague_client.post(step_url(pics, "features"), features_post(pics, add=["C-02"]))
    response = vendor_client.post(
        reverse("pics_submit", args=[pics.code]), {"version": seen}, follow=True
    )
    assert "changed since you opened the review" in response.content.decode()
    pics.refresh_from_db()
    assert pics.status == "draft"


def test_control_characters_in_the_product_are_refused(vendor_client, edition):
    response = vendor_client.post(
        reverse("wizard_new"), PRODUCT | {"model": "AC22\r\nBcc: x@example.com"}
    )
    assert "without control characters" in response.content.decode()
    assert not Pics.objects.exists()


def test_every_step_has_its_form_in_the_same_order():
    assert tuple(step.slug for step in STEPS) == STEP_SLUGS
    cs, _ = read_document(example("ac-charging-station"))
    csms, _ = read_document(example("csms"))
    assert "hardware" in step_slugs_for(cs) and "hardware" not in step_slugs_for(csms)
    assert [step.slug for step in steps_for(csms)] == step_slugs_for(csms)


def test_a_new_pics_shows_the_steps_of_a_charging_station(vendor_client, edition):
    # The product step starts with Charging Station selected, hardware included.
    response = vendor_client.get(reverse("wizard_new"))
    assert [s["slug"] for s in response.context["steps"]] == list(STEP_SLUGS)
    assert response.context["form"].initial["sut"] == "cs"
