"""A simulated charging station (the ocpp package's ChargePoint) and the listener
on a free loopback port in a thread of its own, for the listener's tests."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import threading
from datetime import UTC, datetime

from asgiref.sync import sync_to_async
from django.db import connections
from ocpp.routing import after, on
from ocpp.v201 import ChargePoint, call, call_result
from ocpp.v201.enums import Action, GenericDeviceModelStatusEnumType
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from pics.devices.listener import SUBPROTOCOL, listener_serve
from tests.devicemodel.everest import BOOT, notify_reports


class ListenerThread(threading.Thread):
    def __init__(self):
        super().__init__(daemon=True)
        self.ready = threading.Event()
        self.port = 0

    def run(self) -> None:
        asyncio.run(self._serve())

    async def _serve(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.stopping = asyncio.Event()
        async with listener_serve("127.0.0.1", 0) as server:
            self.port = server.sockets[0].getsockname()[1]
            self.ready.set()
            await self.stopping.wait()
        # The listener's database connections live in asgiref's worker thread.
        await sync_to_async(connections.close_all)()

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.stopping.set)
        self.join(10)


class SimulatedStation(ChargePoint):
    """Answers GetBaseReport(FullInventory) with EVerest's device model in parts;
    `send_parts` stops early (a station that never finishes)."""

    def __init__(self, identity, connection, parts, send_parts=None):
        super().__init__(identity, connection)
        self.parts = parts
        self.send_parts = len(parts) if send_parts is None else send_parts
        self.requested: list[tuple[int, str]] = []

    @on(Action.get_base_report)
    def on_get_base_report(self, request_id, report_base, **_):
        self.requested.append((request_id, report_base))
        return call_result.GetBaseReport(
            status=GenericDeviceModelStatusEnumType.accepted
        )

    @after(Action.get_base_report)
    async def send_report(self, request_id, **_):
        for part in self.parts[: self.send_parts]:
            await self.call(
                call.NotifyReport(
                    request_id=request_id,
                    generated_at=datetime.now(UTC).isoformat(),
                    seq_no=part["seqNo"],
                    tbc=part["tbc"],
                    report_data=part["reportData"],
                )
            )


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


async def _visit(url, password, parts, send_parts, timeout):
    async with connect(
        url,
        subprotocols=[SUBPROTOCOL],
        additional_headers={"Authorization": basic("cp001", password)},
    ) as connection:
        station = SimulatedStation("cp001", connection, parts, send_parts)
        reader = asyncio.create_task(station.start())
        await station.call(
            call.BootNotification(
                charging_station=BOOT["chargingStation"], reason=BOOT["reason"]
            )
        )
        # The listener closes the connection once it has the report (or gave up).
        with contextlib.suppress(ConnectionClosed):
            await asyncio.wait_for(reader, timeout)
        return station


def station_visit(
    url: str, password: str, *, parts=None, send_parts=None, timeout: float = 30
) -> SimulatedStation:
    """Connects, boots, answers GetBaseReport and waits until the listener hangs up."""
    parts = notify_reports() if parts is None else parts
    return asyncio.run(_visit(url, password, parts, send_parts, timeout))


def handshake_status(url: str, authorization: str | None) -> int:
    """The HTTP status of a refused handshake (101 when it opens)."""

    async def attempt():
        headers = {"Authorization": authorization} if authorization else {}
        try:
            async with connect(
                url, subprotocols=[SUBPROTOCOL], additional_headers=headers
            ):
                return 101
        except Exception as exc:  # websockets.InvalidStatus carries the response
            return exc.response.status_code

    return asyncio.run(attempt())
