"""The OCPP listener against a simulated station on loopback: the whole visit
(BootNotification, GetBaseReport, a NotifyReport in three parts) ends in a stored
DeviceReport; unknown, used, expired URLs and wrong passwords are refused before
the websocket opens; a station that never finishes times out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from devicemodel import ReportInput
from pics.devices.listener import basic_password, connection_code
from pics.devices.reports import prefill
from pics.devices.stations import station_connection_create
from pics.models import DeviceReport, StationConnection
from tests.devicemodel.everest import BOOT, notify_reports
from tests.pics.devices.station import (
    ListenerThread,
    basic,
    handshake_status,
    station_visit,
)
from tests.pics.examples import make_pics

# The listener runs in threads of its own: they must see what the test wrote.
pytestmark = pytest.mark.django_db(transaction=True)
State = StationConnection.State


@pytest.fixture
def listener():
    thread = ListenerThread()
    thread.start()
    assert thread.ready.wait(10)
    yield thread
    thread.stop()


@pytest.fixture
def draft(vendor, edition):
    return make_pics(vendor, edition)


@pytest.fixture
def station_url(listener, draft, vendor):
    def make():
        connection, password = station_connection_create(draft, user=vendor)
        url = f"ws://127.0.0.1:{listener.port}/ocpp/{connection.code}"
        return connection, url, password

    return make


def test_station_sends_its_report_and_the_connection_ends_done(station_url, draft):
    connection, url, password = station_url()
    station = station_visit(url + "/cp001", password)
    assert station.requested == [(1, "FullInventory")]
    connection.refresh_from_db()
    assert (connection.state, connection.error) == (State.DONE, "")
    assert connection.parts_received == 3
    report = connection.report
    assert report.pics == draft
    assert report.source == DeviceReport.Source.STATION
    assert [m["content"]["seqNo"] for m in report.messages] == [0, 1, 2]
    assert report.boot["chargingStation"]["vendorName"] == "Pionix"
    proposals = {p["id"]: p for p in report.proposals}
    assert proposals["HFS-8"]["value"] == 2
    assert proposals["C-49"]["evidence"] == "AuthCacheCtrlr.Enabled = true"
    assert proposals["C-49"]["sources"][0].startswith("NotifyReport seqNo ")
    # The same answers as the report read from files.
    from_files = prefill(
        [ReportInput("everest.json", notify_reports())],
        ReportInput("boot.json", BOOT),
        edition_code=draft.edition.code,
    )
    assert {p["id"]: p["value"] for p in report.proposals} == {
        p.id: p.to_json()["value"] for p in from_files.proposals
    }


def test_a_used_url_is_refused(station_url):
    connection, url, password = station_url()
    station_visit(url, password)
    assert handshake_status(url, basic("cp001", password)) == 404
    connection.refresh_from_db()
    assert connection.state == State.DONE


def test_unknown_url_is_refused(listener):
    url = f"ws://127.0.0.1:{listener.port}/ocpp/nosuchcode"
    assert handshake_status(url, basic("cp001", "whatever-password")) == 404
    assert handshake_status(f"ws://127.0.0.1:{listener.port}/other", None) == 404


def test_wrong_or_missing_password_is_refused(station_url):
    connection, url, password = station_url()
    assert handshake_status(url, basic("cp001", password + "x")) == 401
    assert handshake_status(url, None) == 401
    connection.refresh_from_db()
    assert connection.state == State.WAITING  # still usable with the right one


def test_expired_url_is_refused(station_url):
    connection, url, password = station_url()
    StationConnection.objects.filter(pk=connection.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert handshake_status(url, basic("cp001", password)) == 404
    connection.refresh_from_db()
    assert connection.state == State.EXPIRED


def test_station_that_never_finishes_times_out(station_url, settings):
    settings.OCPP_REPORT_TIMEOUT_SECONDS = 1
    connection, url, password = station_url()
    station_visit(url, password, send_parts=1, timeout=10)
    connection.refresh_from_db()
    assert connection.state == State.FAILED
    assert connection.parts_received == 1
    assert "within 1 seconds (1 parts received)" in connection.error
    assert connection.report is None


def test_unreadable_report_fails_with_the_readers_problem(station_url):
    connection, url, password = station_url()
    parts = notify_reports()
    parts[-1]["tbc"] = False
    parts[1]["seqNo"] = 0  # a part twice, one missing
    station_visit(url, password, parts=parts)
    connection.refresh_from_db()
    assert connection.state == State.FAILED
    assert connection.error.startswith("The station's report cannot be read: ")
    assert not DeviceReport.objects.exists()


@pytest.mark.parametrize(
    ("path", "code"),
    [
        ("/ocpp/AbC123", "AbC123"),
        ("/ocpp/AbC123/cp001", "AbC123"),
        ("/ocpp/AbC123/", "AbC123"),
        ("/ocpp/", None),
        ("/ocpp/a-b", None),
        ("/ocpp/a/b/c", None),
        ("/other/AbC123", None),
    ],
)
def test_connection_code_from_path(path, code):
    assert connection_code(path) == code


def test_basic_password():
    from websockets.datastructures import Headers

    assert basic_password(Headers({"Authorization": basic("cp", "p:w")})) == "p:w"
    assert basic_password(Headers({"Authorization": "Basic !!!"})) is None
    assert basic_password(Headers({"Authorization": "Bearer x"})) is None
    assert basic_password(Headers()) is None
