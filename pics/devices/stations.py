"""One-time OCPP connection URLs of a draft: creating one, claiming it when the
station connects, recording the report's progress and storing what arrives. The
listener (pics/devices/listener.py) calls these from asyncio through
sync_to_async; the station page reads them."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.utils import timezone

from devicemodel import ReportError, ReportInput
from pics.devices.services import device_report_store
from pics.models import DeviceReport, Pics, StationConnection

State = StationConnection.State
FINISHED = (State.DONE, State.FAILED, State.EXPIRED)


def station_connection_create(pics: Pics, *, user) -> tuple[StationConnection, str]:
    """A new connection URL for the draft and its password, which is stored only
    as a hash: the caller shows it once."""
    # OCPP 2.0.1's BasicAuthPassword is 16 to 40 characters (passwordString).
    password = secrets.token_urlsafe(24)
    # Only the newest URL of a draft works: the page shows that one alone.
    pics.station_connections.filter(state=State.WAITING).update(
        state=State.EXPIRED, finished_at=timezone.now()
    )
    connection = StationConnection.objects.create(
        pics=pics,
        password_hash=make_password(password),
        expires_at=timezone.now()
        + timedelta(minutes=settings.OCPP_CONNECTION_URL_MINUTES),
        created_by=user,
    )
    return connection, password


def station_url(connection: StationConnection) -> str:
    return f"{settings.OCPP_PUBLIC_URL}/ocpp/{connection.code}"


class Refused(Exception):
    """The handshake is refused with this HTTP status and reason."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


def station_connection_claim(code: str, password: str | None) -> StationConnection:
    """The waiting connection behind `code`, now connected; at most one station
    ever claims a URL. Raises Refused (404 unknown/used/expired, 401 password)."""
    connection = StationConnection.objects.filter(code=code).first()
    if connection is None:
        raise Refused(404, "Unknown connection URL.")
    if password is None or not check_password(password, connection.password_hash):
        raise Refused(401, "Wrong or missing Basic authentication.")
    now = timezone.now()
    if connection.state == State.WAITING and connection.expires_at <= now:
        StationConnection.objects.filter(pk=connection.pk, state=State.WAITING).update(
            state=State.EXPIRED, finished_at=now
        )
        raise Refused(404, "This connection URL has expired.")
    # The state test in the UPDATE makes the claim one-time even when two stations
    # connect at the same moment.
    claimed = StationConnection.objects.filter(
        pk=connection.pk, state=State.WAITING, expires_at__gt=now
    ).update(state=State.CONNECTED, connected_at=now)
    if not claimed:
        raise Refused(404, "This connection URL was already used.")
    connection.refresh_from_db()
    return connection


def station_connection_progress(connection_id: int, parts_received: int) -> None:
    StationConnection.objects.filter(
        pk=connection_id, state__in=(State.CONNECTED, State.REPORTING)
    ).update(state=State.REPORTING, parts_received=parts_received)


def station_connection_fail(connection_id: int, error: str) -> None:
    StationConnection.objects.filter(pk=connection_id).exclude(
        state__in=FINISHED
    ).update(state=State.FAILED, error=error[:2000], finished_at=timezone.now())


def station_connection_finish(
    connection_id: int, parts: list[dict], boot: dict | None
) -> StationConnection:
    """Reads the collected NotifyReport parts (and the BootNotification) into a
    DeviceReport and marks the connection done, or failed with the reader's
    problems."""
    connection = StationConnection.objects.select_related(
        "pics__edition", "created_by"
    ).get(pk=connection_id)
    inputs = [
        ReportInput(f"NotifyReport seqNo {part.get('seqNo')}", part) for part in parts
    ]
    boot_input = ReportInput("BootNotification", boot) if boot is not None else None
    try:
        with transaction.atomic():
            report = device_report_store(
                connection.pics,
                user=connection.created_by,
                source=DeviceReport.Source.STATION,
                inputs=inputs,
                boot=boot_input,
            )
            StationConnection.objects.filter(pk=connection.pk).update(
                state=State.DONE,
                report=report,
                parts_received=len(parts),
                finished_at=timezone.now(),
            )
    except ReportError as exc:
        station_connection_fail(
            connection.pk, f"The station's report cannot be read: {exc.summary()}"
        )
    connection.refresh_from_db()
    return connection


@dataclass(frozen=True)
class ConnectionStatus:
    state: str
    label: str
    parts_received: int
    error: str
    report_code: str | None

    def to_json(self) -> dict:
        return {
            "state": self.state,
            "label": self.label,
            "parts_received": self.parts_received,
            "error": self.error,
            "report": self.report_code,
        }


def connection_status(connection: StationConnection) -> ConnectionStatus:
    """What the page shows. A waiting URL past its time reads as expired, and a
    station still reporting long after the listener's timeout as failed (the
    listener process stopped before it could say so)."""
    state, error = connection.state, connection.error
    now = timezone.now()
    if state == State.WAITING and connection.expires_at <= now:
        state = State.EXPIRED
    stale_after = timedelta(seconds=settings.OCPP_REPORT_TIMEOUT_SECONDS + 60)
    if (
        state in (State.CONNECTED, State.REPORTING)
        and connection.connected_at is not None
        and connection.connected_at + stale_after <= now
    ):
        state = State.FAILED
        error = "The listener stopped before the report was complete."
    label = State(state).label
    if state == State.REPORTING:
        label = f"Receiving the report: {connection.parts_received} part" + (
            "s" if connection.parts_received != 1 else ""
        )
    return ConnectionStatus(
        state=state,
        label=label,
        parts_received=connection.parts_received,
        error=error,
        report_code=connection.report.code if connection.report_id else None,
    )


def latest_connection(pics: Pics) -> StationConnection | None:
    return pics.station_connections.select_related("report").order_by("-id").first()
