"""Signed test-plan PDFs: ms per signed plan for the AC example against its two
floors measured in the same run, rendering alone (ReportLab) and signing an
already-rendered PDF alone (pyHanko, PAdES B-B), plus the CPU time of one render and
sign.

    ./dev bench pdf      (or: .venv/bin/python -m bench.pdf)

The signer is the configured lab certificate when the settings name one, otherwise
a throw-away development certificate (EC P-256, like the one `./dev run` makes), so
running the benchmark creates nothing in the data directory.
"""

from __future__ import annotations

import json
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

from bench.common import median, per_call_seconds, print_table, setup_django

EXAMPLES = Path(__file__).resolve().parent.parent / "fixtures" / "examples"


def main() -> None:
    setup_django()
    from django.conf import settings

    from pics.plans.identity import (
        create_development_certificate,
        lab_signer,
        signer_from_files,
    )
    from pics.plans.pdf import PlanDocument, render_plan_pdf
    from pics.plans.signing import sign_pdf, verify_pdf
    from profiles.models import Edition
    from profiles.selectors import catalogue_data
    from rules.document import SUT_TYPES, read_document
    from rules.planner import plan

    edition = Edition.objects.current()
    if edition is None:
        raise SystemExit(
            "No published edition: run ./dev run once (or load_catalogue)."
        )
    data = catalogue_data(edition)
    raw = json.loads((EXAMPLES / "ac-charging-station.json").read_text())
    document, _ = read_document(raw)
    result = plan(data, document)
    profiles = set(result["summary"]["by_profile"])
    plan_document = PlanDocument(
        lab_name=settings.LAB_NAME,
        organisation=raw["product"]["vendor"],
        product=raw["product"],
        sut_label=SUT_TYPES[raw["sut"]],
        edition_code=edition.code,
        edition_title=edition.title,
        plan=result,
        answers=document.to_json(),
        controller_components=[
            c for c in data["controller_components"] if c["profile"] in profiles
        ],
        revision=1,
        submission_code="SUB-BENCH-0001",
        reviewer="Bench Reviewer",
    )

    with tempfile.TemporaryDirectory() as directory:
        if settings.SIGNING_PKCS12_FILE or settings.SIGNING_KEY_FILE:
            signer = lab_signer()
        else:
            key, cert = create_development_certificate(
                Path(directory), f"{settings.LAB_NAME} development certificate"
            )
            signer = signer_from_files(key, cert, is_development=True)
    rendered = render_plan_pdf(plan_document)  # fonts registered, modules warm

    def render() -> bytes:
        return render_plan_pdf(plan_document)

    def sign() -> bytes:
        return sign_pdf(rendered, signer, reason="Benchmark", location="Bench")

    def render_and_sign() -> bytes:
        return sign_pdf(render(), signer, reason="Benchmark", location="Bench")

    signed = render_and_sign()
    assert verify_pdf(signed, signer).ok

    rows = [
        ("render only: ac-charging-station", median(per_call_seconds(render))),
        ("sign only (rendered PDF)", median(per_call_seconds(sign))),
        (
            "verify only (signed PDF)",
            median(per_call_seconds(lambda: verify_pdf(signed, signer))),
        ),
        (
            "render + sign: ac-charging-station",
            median(per_call_seconds(render_and_sign)),
        ),
    ]
    print_table(
        f"Signed plan PDF, {len(result['test_cases'])} test cases, "
        f"{len(signed) // 1024} KiB (median of 7 samples)",
        rows,
        baseline="render only: ac-charging-station",
        unit="ms",
        scale=1e3,
    )
    start = time.process_time()
    render_and_sign()
    cpu = time.process_time() - start
    print(f"\n  CPU time of one render + sign: {cpu * 1e3:.0f} ms")

    # Throughput of two worker processes doing the job's work side by side, as two
    # Celery worker processes would on this machine.
    global _WORK
    _WORK = render_and_sign
    with ProcessPoolExecutor(max_workers=2, mp_context=get_context("fork")) as pool:
        counts = list(pool.map(_work_for, [THROUGHPUT_SECONDS] * 2))
    per_minute = sum(counts) * 60 / THROUGHPUT_SECONDS
    print(
        f"  Signed PDFs per minute with 2 worker processes: {per_minute:.0f} "
        f"({sum(counts)} in {THROUGHPUT_SECONDS:.0f} s)"
    )


THROUGHPUT_SECONDS = 15.0
_WORK = None


def _work_for(seconds: float) -> int:
    """In a forked worker process: render and sign until the time is up."""
    deadline = time.monotonic() + seconds
    done = 0
    while time.monotonic() < deadline:
        _WORK()
        done += 1
    return done


if __name__ == "__main__":
    main()
