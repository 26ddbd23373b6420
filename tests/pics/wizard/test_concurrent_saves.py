"""Saves arriving at the same instant, on every write path vendors use at once: one
draft saved twice with the same version gives one success and one "changed
elsewhere", two drafts both save, and nothing answers 500 (SQLite and PostgreSQL)."""

import json
import threading

import pytest
from axes.models import AccessAttempt
from django.db import connections
from django.test import Client
from django.urls import reverse

from pics.models import Pics, Submission
from tests.conftest import PASSWORD, _client_for
from tests.pics.examples import example, make_pics
from tests.pics.wizard.test_wizard import features_post, step_url

pytestmark = pytest.mark.django_db(transaction=True)
ROUNDS = 3


def at_once(*requests) -> list[int]:
    """Runs each request (a callable taking no argument and returning a response)
    in its own thread, released together by a barrier; returns the status codes, in
    order, with 500 for a request that raised."""
    barrier = threading.Barrier(len(requests))
    statuses = [0] * len(requests)

    def run(index, request):
        try:
            barrier.wait()
            statuses[index] = request().status_code
        except Exception:
            statuses[index] = 500
        finally:
            # Each thread has its own connection; left open it would keep the test
            # database from being flushed or dropped.
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(index, request))
        for index, request in enumerate(requests)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


def post(client: Client, url: str, data: dict):
    return lambda: client.post(url, data)


def test_two_tabs_saving_one_draft_give_one_save_and_one_conflict(
    vendor, colleague, edition
):
    tabs = [_client_for(vendor), _client_for(colleague)]
    for _ in range(ROUNDS):
        pics = Pics.objects.get(pk=make_pics(vendor, edition).pk)
        first = features_post(pics, add=["C-02"])
        second = features_post(pics, add=["C-03"])
        url = step_url(pics, "features")
        statuses = at_once(post(tabs[0], url, first), post(tabs[1], url, second))
        assert sorted(statuses) == [302, 409]
        pics.refresh_from_db()
        assert pics.version == first["version"] + 1
        saved = {"C-02", "C-03"} & set(pics.answers["features"])
        assert len(saved) == 1


def test_two_organisations_saving_their_drafts_both_save(vendor, other_vendor, edition):
    clients = [_client_for(vendor), _client_for(other_vendor)]
    features = ["C-02", "C-03"]
    for _ in range(ROUNDS):
        drafts = [make_pics(vendor, edition), make_pics(other_vendor, edition)]
        saves = [
            post(client, step_url(pics, "features"), features_post(pics, add=[added]))
            for client, pics, added in zip(clients, drafts, features, strict=True)
        ]
        assert at_once(*saves) == [302, 302]
        for pics, added in zip(drafts, features, strict=True):
            pics.refresh_from_db()
            assert added in pics.answers["features"]


def test_two_imports_through_the_api_both_store(vendor, other_vendor, edition):
    clients = [_client_for(vendor), _client_for(other_vendor)]
    body = json.dumps(example("csms"))

    def store(client):
        return lambda: client.post(
            reverse("api_pics"), body, content_type="application/json"
        )

    for _ in range(ROUNDS):
        assert at_once(*(store(client) for client in clients)) == [201, 201]
    assert Pics.objects.count() == 2 * ROUNDS


def test_two_submissions_at_once_both_reach_the_lab(vendor, other_vendor, edition):
    clients = [_client_for(vendor), _client_for(other_vendor)]
    drafts = [make_pics(vendor, edition), make_pics(other_vendor, edition)]
    statuses = at_once(
        *(
            post(client, reverse("pics_submit", args=[p.code]), {"version": p.version})
            for client, p in zip(clients, drafts, strict=True)
        )
    )
    assert statuses == [302, 302]
    assert Submission.objects.count() == 2


def test_one_draft_submitted_twice_at_once_is_submitted_once(
    vendor, colleague, edition
):
    pics = make_pics(vendor, edition)
    url = reverse("pics_submit", args=[pics.code])
    data = {"version": pics.version}
    statuses = at_once(
        post(_client_for(vendor), url, data), post(_client_for(colleague), url, data)
    )
    assert 500 not in statuses
    assert Submission.objects.filter(pics=pics).count() == 1


def test_logins_at_once_are_all_answered_and_counted(vendor, colleague):
    def login(username, password):
        client = Client()
        return lambda: client.post(
            reverse("login"), {"username": username, "password": password}
        )

    statuses = at_once(
        login("vera", "guess"),
        login("vera", "guess"),
        login("vera", PASSWORD),
        login("colin", PASSWORD),
    )
    assert statuses == [200, 200, 302, 302]
    assert not AccessAttempt.objects.filter(username="colin").exists()
