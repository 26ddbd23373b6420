"""Generated PICS JSON, valid and broken, fed to the validation, the API, the import
and the wizard: never a 500, never a half-stored object, every refusal says why."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pics.models import Pics
from rules.document import read_document
from rules.validation import validate
from tests.pics.examples import example

pytestmark = pytest.mark.django_db
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

ids = st.one_of(
    st.sampled_from(
        ["C-01", "C-09.1", "C-23", "C-44", "AS-2", "ISO-3", "AQ-2", "HFS-8"]
    ),
    st.text(max_size=12),
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False),
    st.text(max_size=30),
)
anything = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.text(max_size=8), inner, max_size=5),
    ),
    max_leaves=20,
)


@st.composite
def pics_json(draw):
    """Start from a valid example and break some parts of it."""
    raw = example(draw(st.sampled_from(["ac-charging-station", "csms"])))
    for key in draw(st.lists(st.sampled_from(sorted(raw)), max_size=4, unique=True)):
        raw[key] = draw(
            st.one_of(
                anything,
                st.lists(ids, max_size=30),
                st.dictionaries(
                    ids, st.one_of(st.booleans(), st.integers(), anything), max_size=8
                ),
            )
        )
    if draw(st.booleans()):
        raw[draw(st.text(min_size=1, max_size=10))] = draw(anything)
    return raw


@FUZZ
@given(raw=st.one_of(pics_json(), anything))
def test_validation_never_raises(catalogue, raw):
    document, problems = read_document(raw)
    if document is not None:
        problems += validate(document, catalogue)
    assert all(p.message and p.severity in ("error", "warning") for p in problems)


def post(client, url, body: str | bytes):
    return client.post(url, body, content_type="application/json")


@FUZZ
@given(raw=st.one_of(pics_json(), anything))
def test_api_answers_4xx_with_reasons_and_stores_whole_or_nothing(vendor_client, raw):
    before = Pics.objects.count()
    body = json.dumps(raw)
    for url in (reverse("api_plans"), reverse("api_pics")):
        response = post(vendor_client, url, body)
        assert response.status_code in (200, 201, 400), response.status_code
        if response.status_code == 400:
            payload = response.json()
            assert payload["error"]
            if "problems" in payload:
                assert all(p["message"] for p in payload["problems"])
    created = Pics.objects.count() - before
    if created:
        stored = Pics.objects.order_by("-id").first()
        assert stored.document().to_json()["sut"] in ("cs", "csms")


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ('{"format": "x", "format": "y"}', "Duplicate key"),
        ("[" * 50_000 + "]" * 50_000, "nested too deeply"),
        ('{"a": "' + "é" * 1000 + '"}', "A PICS is a JSON object" if False else ""),
        ('{"features": [' + ",".join(['"C-01"'] * 5000) + "]}", ""),
    ],
)
def test_pathological_bodies(vendor_client, body, reason):
    response = post(vendor_client, reverse("api_plans"), body)
    assert response.status_code == 400
    assert reason in response.json()["error"] or response.json().get("problems")


def test_ten_megabyte_body_is_refused(vendor_client):
    body = '{"padding": "' + "x" * (10 * 1024 * 1024) + '"}'
    response = post(vendor_client, reverse("api_plans"), body)
    assert response.status_code == 400
    assert "too large" in response.json()["error"]


@FUZZ
@given(raw=st.one_of(pics_json(), anything))
def test_import_page_never_fails_and_never_half_stores(vendor_client, raw):
    before = Pics.objects.count()
    upload = SimpleUploadedFile("pics.json", json.dumps(raw).encode())
    response = vendor_client.post(reverse("pics_import"), {"file": upload})
    assert response.status_code in (200, 302)
    assert Pics.objects.count() - before in (0, 1)


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\x01binary",
        b"%PDF-1.4 not json",
        b'{"sut": "cs"',
        "ü".encode("latin-1"),
    ],
)
def test_import_page_refuses_odd_files_with_a_message(vendor_client, content):
    upload = SimpleUploadedFile("pics.json", content, content_type="application/pdf")
    response = vendor_client.post(reverse("pics_import"), {"file": upload})
    assert response.status_code == 200
    assert 'class="invalid-feedback' in response.content.decode() or (
        "could not be read" in response.content.decode()
    )
    assert not Pics.objects.exists()


def test_import_page_refuses_a_large_file(vendor_client):
    upload = SimpleUploadedFile("pics.json", b" " * (1024 * 1024 + 1))
    response = vendor_client.post(reverse("pics_import"), {"file": upload})
    assert "larger than 1 MB" in response.content.decode()


@FUZZ
@given(
    data=st.dictionaries(
        st.sampled_from(
            [
                "version",
                "action",
                "feature:C-01",
                "values:C-23",
                "feature:C-99",
                "AQ-2",
                "HFS-8",
                "profiles",
                "previous",
                "model",
                "sut",
            ]
        ),
        st.one_of(st.text(max_size=40), st.lists(st.text(max_size=10), max_size=4)),
        max_size=8,
    )
)
def test_wizard_posts_never_fail(vendor_client, vendor, edition, data):
    from tests.pics.examples import make_pics

    pics = make_pics(vendor, edition)
    for step in ("product", "profiles", "features", "questions", "hardware", "review"):
        url = reverse("wizard_step", args=[pics.code, step])
        assert vendor_client.post(url, data).status_code in (200, 302, 409)
        preview = reverse("wizard_preview", args=[pics.code, step])
        assert vendor_client.post(preview, data).status_code == 200
