"""The station page: a one-time connection URL with its password shown once, and
the progress read by the page's script."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.hashers import check_password
from django.urls import reverse
from django.utils import timezone

from pics.devices.stations import station_connection_create
from pics.models import StationConnection
from tests.pics.examples import make_pics

pytestmark = pytest.mark.django_db
State = StationConnection.State


@pytest.fixture
def draft(vendor, edition):
    return make_pics(vendor, edition)


def test_creating_a_url_shows_it_with_its_password_once(vendor_client, draft, settings):
    settings.OCPP_PUBLIC_URL = "wss://ocpp.example.org"
    url = reverse("station_page", args=[draft.code])
    response = vendor_client.post(url)
    assert response.status_code == 200
    connection = StationConnection.objects.get(pics=draft)
    assert connection.state == State.WAITING
    page = response.content.decode()
    assert f"wss://ocpp.example.org/ocpp/{connection.code}" in page
    password = re.search(r'id="station-password">([^<]+)<', page).group(1)
    assert 16 <= len(password) <= 40  # OCPP's BasicAuthPassword
    assert check_password(password, connection.password_hash)
    again = vendor_client.get(url).content.decode()
    assert connection.code in again
    assert password not in again


def test_a_new_url_ends_the_unused_one(vendor_client, vendor, draft):
    first, _ = station_connection_create(draft, user=vendor)
    vendor_client.post(reverse("station_page", args=[draft.code]))
    first.refresh_from_db()
    assert first.state == State.EXPIRED
    assert draft.station_connections.filter(state=State.WAITING).count() == 1


def test_status_follows_the_connection(vendor_client, vendor, draft):
    status_url = reverse("station_status", args=[draft.code])
    assert vendor_client.get(status_url).json()["state"] is None
    connection, _ = station_connection_create(draft, user=vendor)
    assert vendor_client.get(status_url).json() | {"label": ""} == {
        "state": "waiting",
        "label": "",
        "parts_received": 0,
        "error": "",
        "report": None,
        "finished": False,
        "proposals_url": None,
    }
    StationConnection.objects.filter(pk=connection.pk).update(
        state=State.REPORTING, parts_received=3, connected_at=timezone.now()
    )
    status = vendor_client.get(status_url).json()
    assert status["label"] == "Receiving the report: 3 parts"
    StationConnection.objects.filter(pk=connection.pk).update(
        state=State.FAILED, error="The station did not send its whole report."
    )
    status = vendor_client.get(status_url).json()
    assert (status["state"], status["finished"]) == ("failed", True)
    assert status["error"] == "The station did not send its whole report."


def test_status_of_an_unused_url_past_its_time_is_expired(vendor_client, vendor, draft):
    connection, _ = station_connection_create(draft, user=vendor)
    StationConnection.objects.filter(pk=connection.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    status = vendor_client.get(reverse("station_status", args=[draft.code])).json()
    assert (status["state"], status["finished"]) == ("expired", True)


def test_a_report_stuck_past_the_timeout_reads_as_failed(
    vendor_client, vendor, draft, settings
):
    settings.OCPP_REPORT_TIMEOUT_SECONDS = 10
    connection, _ = station_connection_create(draft, user=vendor)
    StationConnection.objects.filter(pk=connection.pk).update(
        state=State.REPORTING, connected_at=timezone.now() - timedelta(minutes=5)
    )
    status = vendor_client.get(reverse("station_status", args=[draft.code])).json()
    assert status["state"] == "failed"
    assert "listener stopped" in status["error"]


def test_outsider_gets_404(other_vendor_client, vendor, draft):
    station_connection_create(draft, user=vendor)
    for name in ("station_page", "station_status"):
        url = reverse(name, args=[draft.code])
        assert other_vendor_client.get(url).status_code == 404
    assert (
        other_vendor_client.post(reverse("station_page", args=[draft.code])).status_code
        == 404
    )
    assert StationConnection.objects.count() == 1


def test_a_csms_has_no_station_page(vendor_client, vendor, edition):
    csms = make_pics(vendor, edition, name="csms")
    response = vendor_client.get(reverse("station_page", args=[csms.code]))
    assert response.status_code == 404
