"""kombu's filesystem transport, with messages that appear whole in the queue folder.

kombu creates a message file under its final name and then writes it, while a worker
polling the folder may move the file away and read it in between: it reads nothing,
fails to decode it, and the message is lost (kombu issue 1551). Here a message is
written under a name the workers do not pick up, then renamed into place, which is
atomic within one file system.

Still needed with kombu 5.7.0, the current release: its `_put` opens the final name
and writes into it. `tests/test_broker.py` shows kombu's own transport exposing an
empty message; once that test fails, kombu writes whole messages and this module
can go.
"""

import os
import uuid
from time import monotonic

from kombu.exceptions import ChannelError
from kombu.transport import filesystem
from kombu.utils.encoding import str_to_bytes
from kombu.utils.json import dumps

PARTIAL_SUFFIX = ".partial"


class Channel(filesystem.Channel):
    def _put(self, queue, payload, **kwargs):
        # kombu's naming: workers take messages in the order of their names.
        name = f"{round(monotonic() * 1000)}_{uuid.uuid4()}.{queue}.msg"
        path = os.path.join(self.data_folder_out, name)
        partial = path + PARTIAL_SUFFIX
        try:
            with open(partial, "wb") as file:
                file.write(str_to_bytes(dumps(payload)))
            os.replace(partial, path)
        except OSError as exc:
            raise ChannelError(f"Cannot add file {path!r} to directory") from exc


class Transport(filesystem.Transport):
    Channel = Channel
