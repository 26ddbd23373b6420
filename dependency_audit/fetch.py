"""Fetch every advisory of some PyPI packages from an OSV query service."""

import json
import urllib.request
from collections.abc import Iterable
from urllib.parse import urlsplit

from dependency_audit.osv import ECOSYSTEM

PUBLIC_QUERY_URL = "https://api.osv.dev/v1/query"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def is_loopback(url: str) -> bool:
    return urlsplit(url).hostname in LOOPBACK_HOSTS


def opener_for(url: str) -> urllib.request.OpenerDirector:
    """The proxy settings for the public service; none for loopback, which a
    proxy could not reach."""
    if is_loopback(url):
        return urllib.request.build_opener(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener()


def query(url: str, body: dict, timeout: float) -> dict:
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"not an http(s) URL: {url}")
    request = urllib.request.Request(  # noqa: S310 - scheme checked above
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with opener_for(url).open(request, timeout=timeout) as response:
        return json.loads(response.read() or b"{}")


def advisories_for(
    names: Iterable[str], url: str = PUBLIC_QUERY_URL, timeout: float = 30
) -> list[dict]:
    """All records about each package, whatever the version, following pages."""
    found: dict[str, dict] = {}
    for name in names:
        body: dict = {"package": {"name": name, "ecosystem": ECOSYSTEM}}
        seen_tokens = set()
        while True:
            answer = query(url, body, timeout)
            for record in answer.get("vulns", []):
                found[record["id"]] = record
            token = answer.get("next_page_token")
            if not token or token in seen_tokens:
                break
            seen_tokens.add(token)
            body = {**body, "page_token": token}
    return list(found.values())
