"""A bounded load run against a real server on loopback: 50 vendor sessions step
through the wizard and fetch plans for a fixed time or number of requests.

    ./dev bench load        (starts PostgreSQL and gunicorn itself)
    python -m bench.load prepare        # create the sessions' PICS (Django settings)
    python -m bench.load run URL        # the load itself, then the report
"""

from __future__ import annotations

import asyncio
import os
import re
import statistics
import sys
import time
from pathlib import Path

SESSIONS = 50
DURATION_SECONDS = 20.0
MAX_REQUESTS = 6000
CODES_FILE = (
    Path(os.environ.get("CERTPLANNER_DATA_DIR", "data/bench")) / "load-codes.txt"
)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def prepare() -> None:
    """One PICS per session, in the demo vendor's organisation."""
    from bench.common import setup_django

    setup_django()
    import json

    from django.contrib.auth import get_user_model

    from pics.wizard.services import check_raw, pics_import

    alice = get_user_model().objects.get(username="alice")
    example = (
        Path(__file__).parent.parent / "fixtures/examples/ac-charging-station.json"
    )
    checked = check_raw(json.loads(example.read_text()))
    codes = [
        pics_import(
            checked, organisation=alice.membership.organisation, user=alice
        ).code
        for _ in range(SESSIONS)
    ]
    CODES_FILE.write_text("\n".join(codes))


async def session(
    client,
    base: str,
    code: str,
    deadline: float,
    budget: list,
    timings: list,
    errors: list,
) -> None:
    import httpx

    login = await client.get(f"{base}/accounts/login/")
    token = TOKEN.search(login.text).group(1)
    await client.post(
        f"{base}/accounts/login/",
        data={
            "username": "alice",
            "password": "demo-vendor-pass",
            "csrfmiddlewaretoken": token,
        },
        headers={"Referer": f"{base}/accounts/login/"},
    )
    steps = ["features", "questions", "hardware", "review"]
    n = 0
    while time.monotonic() < deadline and budget[0] > 0:
        budget[0] -= 1
        step = steps[n % len(steps)]
        n += 1
        requests = [
            ("GET", f"{base}/pics/{code}/edit/{step}/", None),
            ("GET", f"{base}/pics/{code}/plan/", None),
        ]
        for method, url, data in requests:
            start = time.perf_counter()
            try:
                response = await client.request(method, url, data=data)
                ok = response.status_code == 200
            except httpx.HTTPError:
                ok = False
            timings.append(time.perf_counter() - start)
            if not ok:
                errors.append(url)
        page = await client.get(f"{base}/pics/{code}/edit/features/")
        token = TOKEN.search(page.text)
        if token:
            start = time.perf_counter()
            response = await client.post(
                f"{base}/pics/{code}/edit/features/preview",
                data={"csrfmiddlewaretoken": token.group(1), "feature:C-07": "on"},
                headers={"Referer": f"{base}/pics/{code}/edit/features/"},
            )
            timings.append(time.perf_counter() - start)
            if response.status_code != 200:
                errors.append("preview")


async def run(base: str) -> int:
    import httpx

    codes = CODES_FILE.read_text().split()
    timings: list[float] = []
    errors: list[str] = []
    budget = [MAX_REQUESTS // 3]
    limits = httpx.Limits(max_connections=SESSIONS)
    started = time.monotonic()
    deadline = started + DURATION_SECONDS
    clients = [httpx.AsyncClient(timeout=30, limits=limits) for _ in codes]
    try:
        await asyncio.gather(
            *(
                session(client, base, code, deadline, budget, timings, errors)
                for client, code in zip(clients, codes, strict=True)
            )
        )
    finally:
        for client in clients:
            await client.aclose()
    elapsed = time.monotonic() - started
    timings.sort()

    def pct(p: float) -> float:
        return timings[min(len(timings) - 1, int(len(timings) * p))] * 1e3

    print(
        f"\nLoad: {SESSIONS} vendor sessions, {elapsed:.1f} s, {len(timings)} requests"
    )
    print(f"  requests/s {len(timings) / elapsed:8.1f}")
    print(f"  p50 ms     {pct(0.50):8.1f}")
    print(f"  p95 ms     {pct(0.95):8.1f}")
    print(f"  p99 ms     {pct(0.99):8.1f}")
    print(f"  mean ms    {statistics.mean(timings) * 1e3:8.1f}")
    print(f"  errors     {len(errors):8d}")
    return 1 if errors else 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["prepare"]:
        prepare()
    elif sys.argv[1:2] == ["run"] and len(sys.argv) == 3:
        url = sys.argv[2].rstrip("/")
        if not url.startswith(("http://127.", "http://localhost")):
            raise SystemExit("The load run targets loopback addresses only.")
        raise SystemExit(asyncio.run(run(url)))
    else:
        raise SystemExit(__doc__)
