"""An OSV query service on loopback that answers from a list of records.

It speaks the part of https://api.osv.dev/v1/query that pip-audit and the snapshot
refresh use: a package (name, ecosystem), an optional version and page token; the
answer is {"vulns": [...], "next_page_token"?: ...} or {} when nothing matches.
"""

import contextlib
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from dependency_audit.osv import ECOSYSTEM, matching

QUERY_PATH = "/v1/query"
MAX_BODY = 64 * 1024


class QueryHandler(BaseHTTPRequestHandler):
    records: list[dict] = []
    # Package-only answers are paged, like the public service's; pip-audit asks
    # with a version and reads no page token, so those come whole.
    page_size = 1000
    timeout = 10  # a client that stops sending does not hold a thread

    def do_POST(self):
        if self.path != QUERY_PATH:
            return self.reply(404, {"code": 5, "message": "Not found"})
        try:
            query = self.read_query()
        except (ValueError, KeyError, TypeError, RecursionError):
            expected = "Expected {package: {name}, version?, page_token?} as JSON"
            return self.reply(400, {"code": 3, "message": expected})
        name, ecosystem, version, offset = query
        found = matching(self.records, name, version) if ecosystem == ECOSYSTEM else []
        if version is not None:
            return self.reply(200, {"vulns": found} if found else {})
        page = found[offset : offset + self.page_size]
        answer: dict = {"vulns": page} if page else {}
        if offset + self.page_size < len(found):
            answer["next_page_token"] = str(offset + self.page_size)
        self.reply(200, answer)

    def read_query(self) -> tuple[str, str, str | None, int]:
        length = int(self.headers.get("Content-Length") or 0)
        if not 0 < length <= MAX_BODY:
            raise ValueError("no body, or too large")
        query = json.loads(self.rfile.read(length))
        package = query["package"]
        name, ecosystem = package["name"], package.get("ecosystem", ECOSYSTEM)
        version, token = query.get("version"), query.get("page_token", "")
        if not (
            isinstance(name, str)
            and isinstance(ecosystem, str)
            and isinstance(version, str | None)
            and isinstance(token, str)
            and (token == "" or token.isdigit())
        ):
            raise TypeError("a field of the wrong type")
        return name, ecosystem, version, int(token or 0)

    def do_GET(self):
        self.reply(404, {"code": 5, "message": "Not found"})

    def reply(self, status: int, body: dict) -> None:
        payload = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):
        pass  # pip-audit's own report is what the reader wants to see


@contextlib.contextmanager
def serving(
    records: list[dict], page_size: int = QueryHandler.page_size
) -> Iterator[str]:
    """Serve `records` on a free loopback port; yields the query URL."""
    handler = type(
        "SnapshotQueryHandler",
        (QueryHandler,),
        {"records": records, "page_size": page_size},
    )
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}{QUERY_PATH}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
