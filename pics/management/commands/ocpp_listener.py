import asyncio
import contextlib
import logging

from django.conf import settings
from django.core.management.base import BaseCommand

from pics.devices.listener import SUBPROTOCOL, listener_run


class Command(BaseCommand):
    help = (
        "Serve the OCPP 2.0.1 websocket endpoint (/ocpp/<connection code>) where "
        "charging stations send their device model for a draft PICS. Runs until "
        "stopped."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=9000)

    def handle(self, *args, host, port, **options):
        def started(server):
            address = server.sockets[0].getsockname()
            self.stdout.write(
                f"OCPP listener ({SUBPROTOCOL}) on ws://{address[0]}:{address[1]}/ocpp/"
                f"<code>; stations are given {settings.OCPP_PUBLIC_URL}/ocpp/<code>"
            )
            self.stdout.flush()

        # The ocpp package logs every message at INFO: whole reports of up to 2 MB.
        logging.getLogger("ocpp").setLevel(logging.WARNING)
        with contextlib.suppress(KeyboardInterrupt):
            asyncio.run(listener_run(host, port, started))
