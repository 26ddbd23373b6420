"""The cover page: lab, organisation, product, edition, submission and the
signature notices."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import (
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .document import DASH, DEVELOPMENT_NOTICE, DRAFT_NOTICE, PlanDocument
from .fit import FullTexts
from .furniture import _Bookmark
from .style import (
    BRAND,
    BRAND_MID,
    CELL_HEIGHT,
    CONTENT_WIDTH,
    DEV_AMBER,
    DEV_AMBER_LIGHT,
    DRAFT_LIGHT,
    DRAFT_RED,
    MONO,
    RULE,
    _dash,
    _styles,
    _text,
)
from .summary import _stat_boxes


def _notice_box(text: str, background, border) -> Table:
    table = Table([[Paragraph(text, _styles()["notice"])]], colWidths=[CONTENT_WIDTH])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), background),
                ("LINEBEFORE", (0, 0), (0, -1), 3, border),
                ("LEFTPADDING", (0, 0), (-1, -1), 9),
                ("RIGHTPADDING", (0, 0), (-1, -1), 9),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
            ]
        )
    )
    return table


def _details_table(title: str, rows: list[tuple[str, Paragraph]]) -> Table:
    styles = _styles()
    data = [[Paragraph(_text(title), styles["band"]), ""]]
    data += [[Paragraph(_text(label), styles["label"]), value] for label, value in rows]
    table = Table(data, colWidths=[42 * mm, CONTENT_WIDTH - 42 * mm])
    table.setStyle(
        TableStyle(
            [
                ("SPAN", (0, 0), (-1, 0)),
                ("LINEBELOW", (0, 0), (-1, 0), 0.9, BRAND),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("TOPPADDING", (0, 0), (-1, -1), 3.2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.6),
            ]
        )
    )
    return table


# The value column of the details tables, less its padding (2 left, 6 right).
DETAILS_VALUE_WIDTH = CONTENT_WIDTH - 42 * mm - 8


def _value(full: FullTexts, label: str, text, mono: bool = False) -> Paragraph:
    style = _styles()["value_mono" if mono else "value"]
    return full.cell(_dash(text), style, DETAILS_VALUE_WIDTH, CELL_HEIGHT, label=label)


# The cover's title band names the product in at most this many lines.
COVER_LINES = 3


def _cover(document: PlanDocument, full: FullTexts) -> list:
    styles = _styles()
    plan, product = document.plan, document.product
    product_name = " ".join(
        part for part in (product.get("vendor"), product.get("model")) if part
    )
    band = Table(
        [
            [Paragraph("OCPP 2.0.1 certification test plan", styles["cover_title"])],
            [
                full.cell(
                    f"{document.sut_label} · {product_name or '—'}",
                    styles["cover_subtitle"],
                    CONTENT_WIDTH - 24,
                    COVER_LINES * styles["cover_subtitle"].leading,
                    label=None,  # vendor and model are in the table below
                )
            ],
            [
                full.cell(
                    f"Unsigned preview for review by {document.lab_name}"
                    if document.draft
                    else f"Issued by {document.lab_name}",
                    styles["cover_subtitle"],
                    CONTENT_WIDTH - 24,
                    CELL_HEIGHT,
                    label="Laboratory",
                )
            ],
        ],
        colWidths=[CONTENT_WIDTH],
    )
    band.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), BRAND),
                ("LEFTPADDING", (0, 0), (-1, -1), 12),
                ("RIGHTPADDING", (0, 0), (-1, -1), 12),
                ("TOPPADDING", (0, 0), (0, 0), 16),
                ("TOPPADDING", (0, 1), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 16),
                ("LINEBELOW", (0, -1), (-1, -1), 3, BRAND_MID),
            ]
        )
    )
    parts: list = [
        _Bookmark("Cover", "cover"),
        Spacer(0, 4 * mm),
        band,
        Spacer(0, 5 * mm),
    ]
    if document.draft:
        parts += [
            _notice_box(
                f"<b>{_text(DRAFT_NOTICE)}.</b> This is an unsigned preview of the "
                "test plan the PICS below implies. Only the plan the laboratory "
                "approves and signs is valid for certification.",
                DRAFT_LIGHT,
                DRAFT_RED,
            ),
            Spacer(0, 4 * mm),
        ]
    if document.development_certificate:
        parts += [
            _notice_box(
                f"<b>{_text(DEVELOPMENT_NOTICE)}.</b> This document is signed with a "
                "self-signed development certificate of the installation, not with "
                "the laboratory's certificate: it is for trying the workflow, not "
                "for certification.",
                DEV_AMBER_LIGHT,
                DEV_AMBER,
            ),
            Spacer(0, 4 * mm),
        ]
    subtype = document.answers.get("product_subtype")
    product_rows = [
        ("Organisation", _value(full, "Organisation", document.organisation)),
        ("Vendor", _value(full, "Vendor", product.get("vendor"))),
        ("Model", _value(full, "Model", product.get("model"))),
        (
            "Hardware version",
            _value(full, "Hardware version", product.get("hardware_version")),
        ),
        (
            "Firmware version",
            _value(full, "Firmware version", product.get("firmware_version")),
        ),
        ("SUT type", _value(full, "SUT type", document.sut_label)),
    ]
    if subtype:
        product_rows.append(
            ("Product subtype", _value(full, "Product subtype", subtype))
        )
    approved = (
        document.approved_at.strftime("%Y-%m-%d %H:%M %Z").strip()
        if document.approved_at
        else None
    )
    certification_rows = [
        ("Laboratory", _value(full, "Laboratory", document.lab_name)),
        (
            "Catalogue edition",
            Paragraph(
                f"{_text(document.edition_title)}<br/>"
                f'<font name="{MONO}" size="7.8" color="#5d6b68">'
                f"{_text(document.edition_code)}</font>",
                styles["value"],
            ),
        ),
        (
            "Submission",
            _value(full, "Submission", document.submission_code or "not submitted"),
        ),
        ("Revision", _value(full, "Revision", document.revision)),
        (
            "Approved",
            _value(
                full,
                "Approved",
                approved or ("not approved" if document.draft else None),
            ),
        ),
        ("Reviewer", _value(full, "Reviewer", document.reviewer)),
        (
            "PICS SHA-256",
            _value(full, "PICS SHA-256", plan.get("pics_sha256"), mono=True),
        ),
    ]
    parts += [
        _details_table("Product", product_rows),
        Spacer(0, 5 * mm),
        _details_table("Certification", certification_rows),
        Spacer(0, 6 * mm),
        _stat_boxes(plan.get("summary", {})),
        Spacer(0, 6 * mm),
        Paragraph(
            "This test plan lists every test case of the OCPP Compliance Test Tool "
            "that the product must pass for the certification profiles it claims, "
            f"as <i>OCPP 2.0.1 Part 5 {DASH} Certification Profiles</i> derives them "
            "from "
            "the product's PICS (Protocol Implementation Conformance Statement). "
            "The PICS answers are reproduced in Appendix B; the SHA-256 above "
            "identifies them. Each test case gives the reason it applies or not.",
            styles["muted"],
        ),
        PageBreak(),
    ]
    return parts
