"""Server time of the main pages against a bare Django view in the same process (the
framework's floor), with the SQL query count of each, on a seeded database.

    ./dev bench pages      (seeds 2,000 PICS and 400 submissions on first run)
    python -m bench.pages --pics 10000 --submissions 2000     (the scale run)
"""

from __future__ import annotations

import statistics
import time

from bench.common import setup_django

SAMPLES = 40


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pics", type=int, default=2000)
    parser.add_argument("--submissions", type=int, default=400)
    options = parser.parse_args()
    setup_django()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.http import HttpResponse
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.urls import include, path

    from pics.models import Pics, Submission

    missing_pics = options.pics - Pics.objects.count()
    missing_submissions = options.submissions - Submission.objects.count()
    if missing_pics > 0:
        from django.core.management import call_command

        call_command(
            "seed_demo",
            pics=missing_pics,
            submissions=max(0, min(missing_submissions, missing_pics)),
            seed=Pics.objects.count() + 1,
        )

    def bare(request):
        return HttpResponse("ok")

    # The app's URLs plus the floor, served by the same process and middleware.
    urlconf = type("BenchUrls", (), {})()
    urlconf.urlpatterns = [
        path("bench-bare/", bare),
        path("", include("certplanner.urls")),
    ]

    users = get_user_model().objects
    vendor_user = users.get(username="alice")
    reviewer = users.get(username="reviewer")
    pics = Pics.objects.filter(organisation__memberships__user=vendor_user).first()
    if pics is None:
        import json
        from pathlib import Path

        from pics.wizard.services import check_raw, pics_import

        raw = json.loads(
            (
                Path(__file__).parent.parent
                / "fixtures/examples/ac-charging-station.json"
            ).read_text()
        )
        pics = pics_import(
            check_raw(raw),
            organisation=vendor_user.membership.organisation,
            user=vendor_user,
        )
    submission = Submission.objects.order_by("-id").first()

    vendor = Client()
    vendor.force_login(vendor_user)
    lab = Client()
    lab.force_login(reviewer)
    pages = [
        ("bare Django view (floor)", vendor, "/bench-bare/"),
        ("wizard step: features", vendor, f"/pics/{pics.code}/edit/features/"),
        ("plan page", vendor, f"/pics/{pics.code}/plan/"),
        ("vendor PICS list", vendor, "/pics/"),
        ("lab queue", lab, "/lab/"),
        ("submission page", lab, f"/submissions/{submission.code}/"),
    ]
    rows = []
    with override_settings(ROOT_URLCONF=urlconf, ALLOWED_HOSTS=["testserver"]):
        for name, client, url in pages:
            assert client.get(url).status_code == 200, url  # warm caches
            times = []
            for _ in range(SAMPLES):
                start = time.perf_counter()
                client.get(url)
                times.append(time.perf_counter() - start)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            times.sort()
            rows.append(
                (
                    name,
                    statistics.median(times),
                    times[int(len(times) * 0.95) - 1],
                    len(queries),
                )
            )
    floor = rows[0][1]
    print(
        f"\nPages, {SAMPLES} requests each, {Pics.objects.count()} PICS and "
        f"{Submission.objects.count()} submissions (baseline: bare Django view)"
    )
    print(f"  {'page':<30} {'median ms':>10} {'p95 ms':>8} {'queries':>8} {'ratio':>7}")
    for name, median, p95, count in rows:
        print(
            f"  {name:<30} {median * 1e3:>10.1f} {p95 * 1e3:>8.1f} {count:>8} "
            f"{median / floor:>7.1f}"
        )


if __name__ == "__main__":
    main()
