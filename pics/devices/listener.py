"""The OCPP 2.0.1 listener: a websocket endpoint where a charging station (or a
simulator) connects to a one-time connection URL, is accepted at BootNotification,
and answers GetBaseReport(FullInventory) with its device model in NotifyReport
parts, stored as a DeviceReport of the draft. Run by `manage.py ocpp_listener`.

URL: /ocpp/<connection code>, or /ocpp/<connection code>/<station identity>, since
OCPP-J (Part 4, 3.1.1) has the station append its identity to the CSMS URL it is
given. The Basic-auth password is the connection's; the user name is not checked,
as a station sends its own identity there, unknown to certplanner beforehand.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import logging
from datetime import UTC, datetime
from http import HTTPStatus

from asgiref.sync import sync_to_async
from django.conf import settings
from ocpp.routing import after, on
from ocpp.v201 import ChargePoint, call, call_result
from ocpp.v201.enums import (
    Action,
    GenericDeviceModelStatusEnumType,
    RegistrationStatusEnumType,
    ReportBaseEnumType,
)
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from devicemodel import MAX_INPUT_BYTES, MAX_MESSAGES
from pics.devices import stations

logger = logging.getLogger(__name__)

SUBPROTOCOL = "ocpp2.0.1"
REQUEST_ID = 1
# The station's heartbeat while the report comes (BootNotification's interval).
HEARTBEAT_SECONDS = 60


class ReportFailed(Exception):
    """The station's report cannot be collected; the message says why."""


def connection_code(path: str) -> str | None:
    """The code of /ocpp/<code> or /ocpp/<code>/<station identity>."""
    parts = path.split("?", 1)[0].strip("/").split("/")
    if len(parts) in (2, 3) and parts[0] == "ocpp" and parts[1].isalnum():
        return parts[1]
    return None


def basic_password(headers: Headers) -> str | None:
    value = headers.get("Authorization", "")
    scheme, _, encoded = value.partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    _, colon, password = decoded.partition(":")
    return password if colon else None


def _refusal(connection: ServerConnection, status: int, reason: str) -> Response:
    response = connection.respond(HTTPStatus(status), reason + "\n")
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Basic realm="certplanner"'
    return response


async def process_request(
    connection: ServerConnection, request: Request
) -> Response | None:
    """Refuses before the websocket opens: an unknown, used or expired URL (404),
    a wrong or missing password (401). Otherwise claims the URL for this station."""
    code = connection_code(request.path)
    if code is None:
        return _refusal(connection, 404, "Unknown connection URL.")
    try:
        claimed = await sync_to_async(stations.station_connection_claim)(
            code, basic_password(request.headers)
        )
    except stations.Refused as refused:
        return _refusal(connection, refused.status, refused.reason)
    connection.station_connection_id = claimed.pk
    return None


class StationSession(ChargePoint):
    """One station's visit: BootNotification accepted, GetBaseReport sent, the
    NotifyReport parts kept as they arrived (camelCase, before the ocpp package
    turns them into snake_case keyword arguments)."""

    def __init__(self, identity: str, connection: ServerConnection, connection_id):
        super().__init__(identity, connection)
        self.connection_id = connection_id
        self.boot: dict | None = None
        self.parts: list[dict] = []
        self.received_bytes = 0
        self.finished: asyncio.Future = asyncio.get_running_loop().create_future()
        self._raw_payloads: dict[str, dict] = {}

    def _finish(self, error: str | None = None) -> None:
        if self.finished.done():
            return
        if error is None:
            self.finished.set_result(None)
        else:
            self.finished.set_exception(ReportFailed(error))

    async def route_message(self, raw_msg):
        self.received_bytes += len(raw_msg)
        if self.received_bytes > MAX_INPUT_BYTES:
            self._finish(
                f"The station sent more than {MAX_INPUT_BYTES // (1024 * 1024)} MB."
            )
            return
        try:
            message = json.loads(raw_msg)
        except ValueError:
            message = None
        if (
            isinstance(message, list)
            and len(message) == 4
            and message[0] == 2
            and isinstance(message[3], dict)
        ):
            self._raw_payloads[str(message[1])] = message[3]
        await super().route_message(raw_msg)

    @on(Action.boot_notification)
    async def on_boot_notification(self, call_unique_id, **_):
        self.boot = self._raw_payloads.pop(call_unique_id, None)
        return call_result.BootNotification(
            current_time=datetime.now(UTC).isoformat(),
            interval=HEARTBEAT_SECONDS,
            status=RegistrationStatusEnumType.accepted,
        )

    @after(Action.boot_notification)
    async def request_report(self, **_):
        try:
            response = await self.call(
                call.GetBaseReport(
                    request_id=REQUEST_ID, report_base=ReportBaseEnumType.full_inventory
                )
            )
        except (TimeoutError, ConnectionClosed):
            self._finish("The station did not answer GetBaseReport.")
            return
        status = getattr(response, "status", None)
        if status != GenericDeviceModelStatusEnumType.accepted:
            answer = status or "an error"
            self._finish(f"The station answered GetBaseReport with {answer}.")

    # The reader validates every part against the schemas when the report is
    # complete and names what is wrong; the package's own check would answer the
    # station with a CallError and leave the vendor waiting for the timeout.
    @on(Action.notify_report, skip_schema_validation=True)
    async def on_notify_report(self, call_unique_id, tbc=False, **_):
        payload = self._raw_payloads.pop(call_unique_id, {})
        if self.boot is None:
            self._finish("The station sent NotifyReport before BootNotification.")
        elif len(self.parts) >= MAX_MESSAGES:
            self._finish(f"The station's report has more than {MAX_MESSAGES} parts.")
        else:
            self.parts.append(payload)
            await sync_to_async(stations.station_connection_progress)(
                self.connection_id, len(self.parts)
            )
            if not tbc:
                self._finish()
        return call_result.NotifyReport()

    @on(Action.heartbeat)
    async def on_heartbeat(self, **_):
        now = datetime.now(UTC).isoformat()
        return call_result.Heartbeat(current_time=now)

    @on(Action.status_notification)
    async def on_status_notification(self, **_):
        return call_result.StatusNotification()


async def handle_station(connection: ServerConnection) -> None:
    connection_id = connection.station_connection_id
    path = connection.request.path.strip("/").split("/")
    identity = path[2] if len(path) == 3 else path[1]
    session = StationSession(identity, connection, connection_id)
    reader = asyncio.create_task(session.start())
    try:
        await asyncio.wait(
            {reader, session.finished},
            timeout=settings.OCPP_REPORT_TIMEOUT_SECONDS,
            return_when=asyncio.FIRST_COMPLETED,
        )
        if session.finished.done():
            session.finished.result()  # raises ReportFailed
            await sync_to_async(stations.station_connection_finish)(
                connection_id, session.parts, session.boot
            )
        elif reader.done():
            raise ReportFailed(
                "The station closed the connection before its report was complete "
                f"({len(session.parts)} parts received)."
            )
        else:
            raise ReportFailed(
                "The station did not send its whole report within "
                f"{settings.OCPP_REPORT_TIMEOUT_SECONDS} seconds "
                f"({len(session.parts)} parts received)."
            )
    except ReportFailed as failed:
        await sync_to_async(stations.station_connection_fail)(
            connection_id, str(failed)
        )
    except Exception:
        logger.exception("station connection %s failed", connection_id)
        await sync_to_async(stations.station_connection_fail)(
            connection_id, "The listener failed while reading the report."
        )
    finally:
        reader.cancel()
        await connection.close()


def listener_serve(host: str, port: int):
    """The websocket server (an async context manager); `port` 0 picks a free one."""
    return serve(
        handle_station,
        host,
        port,
        subprotocols=[SUBPROTOCOL],
        process_request=process_request,
        # One message can be the whole report, never more than the reader accepts.
        max_size=MAX_INPUT_BYTES,
    )


async def listener_run(host: str, port: int, started=None) -> None:
    server: Server
    async with listener_serve(host, port) as server:
        if started is not None:
            started(server)
        await server.serve_forever()
