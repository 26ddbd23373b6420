"""Verification of a plan PDF someone holds: the signature, the signer, and the
submission and revision it belongs to."""

from __future__ import annotations

import hashlib
from dataclasses import asdict

from pics.models import PlanJob, Submission

MAX_PDF_BYTES = 20 * 1024 * 1024


def verify_plan_file(content: bytes) -> dict:
    """Everything a person holding the file wants to know, as plain data."""
    from pics.plans.identity import lab_signer
    from pics.plans.signing import verify_pdf

    signer = lab_signer()
    result = verify_pdf(content, signer)
    sha256 = hashlib.sha256(content).hexdigest()
    issued = (
        PlanJob.objects.select_related("submission")
        .filter(sha256=sha256, status=PlanJob.Status.DONE)
        .first()
    )
    verdict = (
        "valid"
        if result.signed
        and result.intact
        and result.valid
        and result.trusted
        and result.is_lab_certificate
        and not result.modified_after_signing
        else "invalid"
    )
    # Anyone may ask: the submission is named only for a file this lab issued.
    submission = None
    if verdict == "valid" and issued is not None:
        submission = (
            Submission.objects.select_related("organisation")
            .filter(pk=issued.submission_id)
            .first()
        )
    return {
        "verdict": verdict,
        **{
            key: (value.isoformat() if hasattr(value, "isoformat") else value)
            for key, value in asdict(result).items()
        },
        "sha256": sha256,
        "issued_by_this_lab": issued is not None,
        "lab_certificate_is_development": signer.is_development,
        "submission": {
            "code": submission.code,
            "organisation": submission.organisation.name,
            "product": submission.product,
            "state": submission.state,
        }
        if submission
        else None,
    }
