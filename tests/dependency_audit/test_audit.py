"""The audit end to end: the loopback OSV service, the refresh, pip-audit's verdict."""

import datetime
import http.client
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from dependency_audit import fetch, server
from dependency_audit.__main__ import main, reachable
from dependency_audit.osv import affects
from dependency_audit.snapshot import Snapshot, load, save, slim

FIXED_IN_5_2_16 = {
    "id": "PYSEC-TEST-DJANGO",
    "aliases": ["CVE-2099-0001"],
    "summary": "A test advisory",
    "affected": [
        {
            "package": {"name": "django", "ecosystem": "PyPI"},
            "ranges": [
                {
                    "type": "ECOSYSTEM",
                    "events": [{"introduced": "5.2"}, {"fixed": "5.2.16"}],
                }
            ],
        }
    ],
}
ABOUT_SQLPARSE = {
    "id": "PYSEC-TEST-SQLPARSE",
    "affected": [
        {
            "package": {"name": "sqlparse", "ecosystem": "PyPI"},
            "ranges": [
                {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "0.5"}]}
            ],
        }
    ],
}


@pytest.fixture(autouse=True)
def _a_proxy_that_cannot_be_reached(monkeypatch):
    """Machines behind a proxy set these; the loopback service is reached all the
    same (port 9 is the discard port, closed here)."""
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    for name in ("no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)


def post(url, body: bytes):
    request = urllib.request.Request(url, data=body, method="POST")
    try:
        with fetch.opener_for(url).open(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def write_lock(tmp_path, *pins):
    lock = tmp_path / "requirements.lock"
    lock.write_text("".join(f"{pin}\n" for pin in pins))
    return lock


def test_the_loopback_service_answers_like_osv():
    with server.serving([FIXED_IN_5_2_16, ABOUT_SQLPARSE]) as url:
        query = {"package": {"name": "Django", "ecosystem": "PyPI"}}
        assert post(url, json.dumps({**query, "version": "5.2.15"}).encode()) == (
            200,
            {"vulns": [FIXED_IN_5_2_16]},
        )
        assert post(url, json.dumps({**query, "version": "5.2.16"}).encode()) == (
            200,
            {},
        )
        assert post(url, json.dumps(query).encode()) == (
            200,
            {"vulns": [FIXED_IN_5_2_16]},
        )
        status, answer = post(url, b"{not json")
        assert status == 400 and "package" in answer["message"]
        assert post(url, json.dumps({"package": {"name": 3}}).encode())[0] == 400
        assert post(url, b"x" * (server.MAX_BODY + 1))[0] == 400
        assert post(url.replace("/v1/query", "/v1/vulns"), b"{}")[0] == 404
        assert post(url, b"[" * 60_000)[0] == 400  # deeper than json can go
        for shape in ([1], {"package": []}, {"package": "django"}, 7):
            assert post(url, json.dumps(shape).encode())[0] == 400, shape
        for token in ("-1", 1, 1.5, True, "x"):
            body = json.dumps({**query, "page_token": token}).encode()
            assert post(url, body)[0] == 400, token


def test_the_loopback_service_refuses_an_unreadable_length():
    with server.serving([FIXED_IN_5_2_16]) as url:
        parts = urllib.parse.urlsplit(url)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
        connection.putrequest("POST", parts.path)
        connection.putheader("Content-Length", "abc")
        connection.endheaders()
        assert connection.getresponse().status == 400


def test_version_queries_are_answered_whole():
    records = [FIXED_IN_5_2_16 | {"id": f"PYSEC-TEST-{n}"} for n in range(3)]
    with server.serving(records, page_size=2) as url:
        body = {"package": {"name": "django"}, "version": "5.2.1"}
        status, answer = post(url, json.dumps(body).encode())
    assert status == 200 and len(answer["vulns"]) == 3
    assert "next_page_token" not in answer


def test_fetch_follows_pages():
    records = [FIXED_IN_5_2_16 | {"id": f"PYSEC-TEST-{n}"} for n in range(5)] + [
        ABOUT_SQLPARSE
    ]
    with server.serving(records, page_size=2) as url:
        fetched = fetch.advisories_for(["django", "sqlparse", "celery"], url)
    assert sorted(r["id"] for r in fetched) == sorted(r["id"] for r in records)


def test_refresh_then_audit_against_a_service(tmp_path, capfd):
    lock = write_lock(tmp_path, "django==5.2.15", "sqlparse==0.6.1")
    snapshot = tmp_path / "advisories.json"
    with server.serving([FIXED_IN_5_2_16, ABOUT_SQLPARSE]) as url:
        status = main(
            ["--requirement", str(lock), "--snapshot", str(snapshot), "--refresh",
             "--source", "osv", "--osv-url", url]
        )  # fmt: skip
    output = capfd.readouterr().out
    assert status == 1
    assert "PYSEC-TEST-DJANGO" in output and "5.2.16" in output
    assert "PYSEC-TEST-SQLPARSE" not in output  # 0.6.1 is past its fix
    refreshed = load(snapshot)
    assert refreshed.packages == ["django", "sqlparse"]
    assert {r["id"] for r in refreshed.vulns} == {
        "PYSEC-TEST-DJANGO",
        "PYSEC-TEST-SQLPARSE",
    }

    # The refreshed snapshot alone gives the same verdict, then a clean one after
    # the upgrade.
    assert main(["--requirement", str(lock), "--snapshot", str(snapshot),
                 "--source", "snapshot"]) == 1  # fmt: skip
    assert "PYSEC-TEST-DJANGO" in capfd.readouterr().out
    lock = write_lock(tmp_path, "django==5.2.16", "sqlparse==0.6.1")
    assert main(["--requirement", str(lock), "--snapshot", str(snapshot),
                 "--source", "snapshot"]) == 0  # fmt: skip
    assert "No known vulnerabilities found" in capfd.readouterr().err  # pip-audit's


def test_the_shipped_snapshot_flags_a_vulnerable_django(tmp_path, capfd):
    snapshot = load()
    expected = [r["id"] for r in snapshot.vulns if affects(r, "django", "5.2.15")]
    assert expected, "the snapshot knows Django advisories fixed after 5.2.15"
    lock = write_lock(tmp_path, "django==5.2.15")
    assert main(["--requirement", str(lock), "--source", "snapshot"]) == 1
    output = capfd.readouterr().out
    assert all(advisory in output for advisory in expected)


def test_a_package_the_snapshot_never_looked_at_fails_the_audit(tmp_path, capfd):
    lock = write_lock(tmp_path, "django==5.2.19", "left-pad-for-python==1.0")
    assert main(["--requirement", str(lock), "--source", "snapshot"]) == 1
    assert "left-pad-for-python" in capfd.readouterr().out


def test_a_lock_without_pins_is_refused(tmp_path, capfd):
    lock = write_lock(tmp_path, "-r other.txt", "# nothing pinned here")
    assert main(["--requirement", str(lock), "--source", "snapshot"]) == 2
    assert "pins no package" in capfd.readouterr().out


def test_a_refresh_that_fails_says_why_and_keeps_the_snapshot(tmp_path, capfd):
    lock = write_lock(tmp_path, "django==5.2.19")
    snapshot = tmp_path / "advisories.json"
    with server.serving([]) as url:
        wrong_path = url.replace("/v1/query", "/v1/nothing")
        status = main(
            ["--requirement", str(lock), "--snapshot", str(snapshot), "--refresh",
             "--source", "osv", "--osv-url", wrong_path]
        )  # fmt: skip
    assert status == 2
    assert "Cannot refresh" in capfd.readouterr().out
    assert not snapshot.exists()


def test_older_advisories_left_out_are_said(tmp_path, capfd):
    lock = write_lock(tmp_path, "django==5.2.19")
    snapshot = tmp_path / "advisories.json"
    save(Snapshot(datetime.date.today(), "test", ["django"], [FIXED_IN_5_2_16],
                  published_since={"django": "2024-01-01"}), snapshot)  # fmt: skip
    assert main(["--requirement", str(lock), "--snapshot", str(snapshot),
                 "--source", "snapshot"]) == 0  # fmt: skip
    assert "django (since 2024-01-01)" in capfd.readouterr().out


def test_refresh_needs_a_reachable_service(tmp_path, capfd):
    lock = write_lock(tmp_path, "django==5.2.19")
    status = main(["--requirement", str(lock), "--refresh",
                   "--osv-url", "http://127.0.0.1:9/v1/query"])  # fmt: skip
    assert status == 2
    assert "out of reach" in capfd.readouterr().out


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://127.0.0.1/v1/query"])
def test_fetch_refuses_other_schemes(url):
    with pytest.raises(ValueError, match="http"):
        fetch.advisories_for(["django"], url)


def test_the_snapshot_keeps_what_decides_a_match():
    listed_only = {
        "id": "PYSEC-TEST-GIT",
        "references": [{"type": "WEB", "url": "https://example.org"}],
        "affected": [
            {
                "package": {"name": "sqlparse", "ecosystem": "PyPI"},
                "ranges": [{"type": "GIT", "events": [{"introduced": "abc123"}]}],
                "versions": ["0.4.1", "0.4.2"],
            }
        ],
    }
    # 4.2.5 is listed outside the range: the list keeps it, and only it.
    with_range = FIXED_IN_5_2_16 | {"affected": [
        FIXED_IN_5_2_16["affected"][0] | {"versions": ["5.2", "5.2.1", "4.2.5"]}
    ]}  # fmt: skip
    for original in (listed_only, with_range):
        kept = slim(original)
        assert "references" not in kept
        for version in ("0.4.1", "0.4.3", "4.2.5", "4.2.6", "5.2.1", "5.2.16"):
            assert affects(kept, "sqlparse", version) == affects(
                original, "sqlparse", version
            )
            assert affects(kept, "django", version) == affects(
                original, "django", version
            )
    assert slim(with_range)["affected"][0]["versions"] == ["4.2.5"]


def test_auto_uses_a_service_that_answers_and_the_snapshot_otherwise(tmp_path, capfd):
    lock = write_lock(tmp_path, "django==5.2.15")
    with server.serving([FIXED_IN_5_2_16]) as url:
        assert reachable(url)
        assert not reachable(url.replace("/v1/query", "/v1/nothing"))
        assert main(["--requirement", str(lock), "--osv-url", url]) == 1
    output = capfd.readouterr().out
    assert f"Advisories from {url}" in output and "PYSEC-TEST-DJANGO" in output

    closed = "http://127.0.0.1:9/v1/query"
    assert not reachable(closed)
    assert main(["--requirement", str(lock), "--osv-url", closed]) == 1
    assert "Advisory snapshot of" in capfd.readouterr().out
