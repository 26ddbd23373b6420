"""`render_plan_pdf`: the parts assembled into one A4 document."""

from __future__ import annotations

import functools
import io

from reportlab.lib.pagesizes import A4
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    PageBreak,
    PageTemplate,
)
from reportlab.platypus.doctemplate import LayoutError

from .appendices import _answers, _full_texts
from .cover import _cover
from .document import (
    DASH,
    DEVELOPMENT_NOTICE,
    DRAFT_NOTICE,
    INFO_PICS_SHA256,
    INFO_REVISION,
    INFO_SUBMISSION,
    PlanDocument,
)
from .fit import FullTexts, PlanRenderError, fit_line
from .furniture import _draft_watermark, _Furniture, _no_decoration, _PlanCanvas
from .style import (
    CONTENT_WIDTH,
    DEV_AMBER,
    DRAFT_RED,
    FULL_TEXTS_APPENDIX,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    MARGIN_X,
    MUTED,
    PAGE_HEIGHT,
    SANS,
    _register_fonts,
)
from .summary import _summary
from .tables import _applicable, _controller_components, _not_applicable, _undetermined


def _info(document: PlanDocument) -> tuple[str, str, dict[str, str]]:
    plan = document.plan
    sha = plan.get("pics_sha256") or ""
    code = document.submission_code or ""
    revision = "" if document.revision is None else str(document.revision)
    subject = "OCPP 2.0.1 certification test plan"
    if code:
        subject += f", submission {code}"
        if revision:
            subject += f" revision {revision}"
    keywords = "; ".join(
        part
        for part in (
            "certplanner.plan/1",
            f"submission={code}" if code else "",
            f"revision={revision}" if revision else "",
            f"pics_sha256={sha}" if sha else "",
            f"edition={document.edition_code}",
            "draft" if document.draft else "",
        )
        if part
    )
    extra = {INFO_PICS_SHA256: sha}
    if code:
        extra[INFO_SUBMISSION] = code
    if revision:
        extra[INFO_REVISION] = revision
    return subject, keywords, extra


def render_plan_pdf(document: PlanDocument) -> bytes:
    """The test plan as PDF bytes (A4). Raises PlanRenderError, with a message for
    the vendor, when the PICS's texts cannot make a document."""
    _register_fonts()
    product = document.product
    product_line = " · ".join(
        part
        for part in (
            " ".join(p for p in (product.get("vendor"), product.get("model")) if p),
            f"HW {product['hardware_version']}"
            if product.get("hardware_version")
            else "",
            f"FW {product['firmware_version']}"
            if product.get("firmware_version")
            else "",
        )
        if part
    )
    if document.submission_code:
        reference = f"Submission {document.submission_code}"
        if document.revision is not None:
            reference += f" · revision {document.revision}"
    else:
        reference = "Not submitted"
    reference += f" · {document.edition_code}"
    if document.draft:
        notice, notice_colour = DRAFT_NOTICE, DRAFT_RED
    elif document.development_certificate:
        notice, notice_colour = DEVELOPMENT_NOTICE, DEV_AMBER
    else:
        notice, notice_colour = "", MUTED
    furniture = _Furniture(
        document.lab_name, product_line, reference, notice, notice_colour
    )
    subject, keywords, extra = _info(document)
    title = "Test plan"
    if product_line:
        title += f" {DASH} {fit_line(product_line, SANS, 8, 1000)}"
    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=title,
        author=document.lab_name,
        subject=subject,
        keywords=keywords,
        creator="certplanner",
        pageCompression=1,
    )
    frame = Frame(
        MARGIN_X,
        MARGIN_BOTTOM,
        CONTENT_WIDTH,
        PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM,
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
        id="body",
    )
    decorate = _draft_watermark if document.draft else _no_decoration
    doc.addPageTemplates([PageTemplate("body", [frame], onPage=decorate)])
    full = FullTexts(FULL_TEXTS_APPENDIX)
    story = [
        *_cover(document, full),
        *_summary(document, full),
        *_controller_components(document, full),
        PageBreak(),
        *_applicable(document, full),
        *_undetermined(document, full),
        *_not_applicable(document, full),
        *_answers(document, full),
    ]
    story += _full_texts(full)
    try:
        doc.build(
            story,
            canvasmaker=functools.partial(_PlanCanvas, furniture=furniture, info=extra),
        )
    except LayoutError as exc:
        # Every cell is kept within a page, so this is a part of the layout that a
        # text can still overflow: say so rather than fail the whole request.
        raise PlanRenderError(
            "The test plan cannot be laid out on its pages: a text of the PICS is "
            "too long for its place. Shorten the product's names and versions or "
            "the lists of values."
        ) from exc
    return buffer.getvalue()
