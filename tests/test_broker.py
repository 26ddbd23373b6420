"""The embedded broker: a message file appears in the queue folder only when whole."""

from kombu import Connection

from certplanner.broker import Transport


class FolderWatcher(dict):
    """A payload that looks at the queue folder while it is being serialised, that
    is while its message is being written."""

    def __init__(self, folder, **content):
        super().__init__(content)
        self.folder = folder
        self.seen = None

    def items(self):
        self.seen = sorted(p.name for p in self.folder.iterdir())
        return super().items()


def channel_on(folder, transport):
    options = {
        "data_folder_in": str(folder),
        "data_folder_out": str(folder),
        "control_folder": str(folder.parent / "control"),
        "store_processed": False,
    }
    return Connection("filesystem://", transport=transport, transport_options=options)


def test_a_message_is_under_its_queue_name_only_once_written(tmp_path):
    folder = tmp_path / "queue"
    folder.mkdir()
    with channel_on(folder, Transport) as connection:
        channel = connection.default_channel
        payload = FolderWatcher(folder, body="render the plan")
        channel._put("plans", payload)
        assert payload.seen is not None
        assert not [name for name in payload.seen if name.endswith(".plans.msg")]
        assert [p.name.endswith(".plans.msg") for p in folder.iterdir()] == [True]
        assert channel._get("plans") == {"body": "render the plan"}
        assert list(folder.iterdir()) == []


def test_kombu_s_own_transport_shows_the_message_before_it_is_written(tmp_path):
    # The race the transport above closes: a worker polling here may take the
    # empty file and lose the message. Once kombu writes its files whole, this
    # fails, and certplanner.broker can go.
    folder = tmp_path / "queue"
    folder.mkdir()
    with channel_on(folder, "filesystem") as connection:
        payload = FolderWatcher(folder, body="render the plan")
        connection.default_channel._put("plans", payload)
        assert [name for name in payload.seen if name.endswith(".plans.msg")]
