"""Every URL of the app, requested by every persona with GET and POST, against the
outcome declared next to its view (certplanner.access). A URL without a declaration
fails the suite."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from certplanner.access import PERSONAS
from pics.models import DeviceReport
from pics.plans import jobs
from pics.review.services import submission_move, submission_submit
from tests.pics.examples import make_pics

pytestmark = pytest.mark.django_db


def url_patterns(resolver=None, prefix=""):
    """(route, name, callback) of every pattern outside the Django admin."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(settings.ADMIN_URL_PREFIX):
            continue
        if isinstance(pattern, URLResolver):
            yield from url_patterns(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.name, pattern.callback


ALL_PATTERNS = sorted(url_patterns(), key=lambda item: item[1])


def test_every_url_declares_its_access():
    undeclared = [name for _, name, view in ALL_PATTERNS if not hasattr(view, "access")]
    assert undeclared == []


@pytest.fixture
def objects(vendor, reviewer, edition, settings, tmp_path, request):
    settings.SIGNING_DEV_DIR = tmp_path / "signing"
    settings.MEDIA_ROOT = tmp_path / "media"
    draft = make_pics(vendor, edition)
    submission = submission_submit(make_pics(vendor, edition), user=vendor)
    submission_move(submission, user=reviewer, to_state="in_review")
    submission_move(submission, user=reviewer, to_state="approved")
    job = submission.jobs.get()
    if request.node.callspec.params.get("name") == "submission_plan_pdf":
        job = jobs.plan_job_run(job.pk)  # the only page that needs the document
    report = DeviceReport.objects.create(pics=draft, source="upload", created_by=vendor)
    return {
        "draft": draft,
        "submission": submission,
        "job": job,
        "edition": edition,
        "report": report,
    }


def url_for(name: str, objects: dict) -> str:
    route = next(route for route, n, _ in ALL_PATTERNS if n == name)
    submission_like = name.startswith(("submission", "plan_job", "api_submission"))
    values = {
        "code": objects["submission"].code
        if submission_like
        else objects["draft"].code,
        "job_code": objects["job"].code,
        "report_code": objects["report"].code,
        "step": "features",
        "edition_code": objects["edition"].code,
        "side": "cs",
        "feature_code": "C-13",
    }
    kwargs = {
        key: value
        for key, value in values.items()
        if f"<{key}>" in route or f":{key}>" in route
    }
    return reverse(name, kwargs=kwargs)


def outcome(response) -> str | int:
    if response.status_code == 401:
        return "login"
    if response.status_code in (302, 303) and response.url.startswith(reverse("login")):
        return "login"
    if response.status_code in (403, 404, 405):
        return response.status_code
    assert response.status_code < 500
    return "ok"


@pytest.mark.parametrize("name", [name for _, name, _ in ALL_PATTERNS])
def test_access_matrix(name, objects, persona_clients):
    view = next(view for _, n, view in ALL_PATTERNS if n == name)
    url = url_for(name, objects)
    got, expected = {}, {}
    for method in ("GET", "POST"):
        for persona in PERSONAS:
            client = persona_clients[persona]
            # Each request in a rolled-back transaction: no persona's POST changes
            # what the next one finds.
            with transaction.atomic():
                response = getattr(client, method.lower())(url)
                transaction.set_rollback(True)
            got[method, persona] = outcome(response)
            expected[method, persona] = view.access[method][persona]
    assert got == expected
