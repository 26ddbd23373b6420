"""Test plans as PDF documents a lab hands to its customer (ReportLab platypus).

`render_plan_pdf(PlanDocument(...))` returns the bytes of an A4 document: a cover
page, the summary by profile (table and bar chart), the applicable test cases by
use-case group, the controller components the profiles require, and two appendices
(the test cases that do not apply, with their reasons, and the PICS answers). Every
page carries a header (lab, product) and a footer ("page 3 of 12", submission and
revision, and the draft or development-certificate notice when one applies).

The submission code, revision and `pics_sha256` also go into the document info
(`/Subject`, `/Keywords` and the custom keys `/CertplannerSubmission`,
`/CertplannerRevision`, `/CertplannerPicsSha256`) so that
`pics.plans.signing.verify_pdf` can read them back from the signed revision.

The package is split by what it draws: `cover`, `summary`, `tables` (test cases
and controller components), `appendices` (answers, full texts), `furniture`
(header, footer, watermark, document info), over `style` and `fit` (texts kept
within their cells); `render` assembles them. Plain data in, bytes out: no Django
import. Only the DejaVu fonts are installed on
the servers, and reasons contain "→", so the document uses DejaVu throughout.
"""

from .document import (
    DEVELOPMENT_NOTICE,
    DRAFT_NOTICE,
    INFO_PICS_SHA256,
    INFO_REVISION,
    INFO_SUBMISSION,
    PlanDocument,
)
from .fit import PlanRenderError
from .render import render_plan_pdf

__all__ = [
    "DEVELOPMENT_NOTICE",
    "DRAFT_NOTICE",
    "INFO_PICS_SHA256",
    "INFO_REVISION",
    "INFO_SUBMISSION",
    "PlanDocument",
    "PlanRenderError",
    "render_plan_pdf",
]
