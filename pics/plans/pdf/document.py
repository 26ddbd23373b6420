"""What a plan PDF is made from: the plan, the answers and the people, as plain data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

# Custom document-info keys (without the leading slash) read back by verification.
INFO_SUBMISSION = "CertplannerSubmission"
INFO_REVISION = "CertplannerRevision"
INFO_PICS_SHA256 = "CertplannerPicsSha256"

DASH = "\N{EN DASH}"
DRAFT_NOTICE = f"DRAFT {DASH} not a certification document"
DEVELOPMENT_NOTICE = (
    f"Signed with a development certificate {DASH} not a lab certificate"
)


@dataclass(frozen=True)
class PlanDocument:
    lab_name: str
    organisation: str
    product: dict  # vendor, model, hardware_version, firmware_version
    sut_label: str  # "Charging Station" / "CSMS"
    edition_code: str
    edition_title: str
    plan: dict  # a certplanner.plan/1 dict
    answers: dict  # the certplanner.pics/1 document
    controller_components: list[dict]  # [{"profile", "components"}] of the plan
    revision: int | None = None
    submission_code: str | None = None
    approved_at: datetime | None = None
    reviewer: str | None = None
    # An unsigned vendor preview: a diagonal "DRAFT" watermark on every page.
    draft: bool = False
    # Signed with the self-signed development certificate, not a lab certificate.
    development_certificate: bool = False
