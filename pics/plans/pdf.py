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

Plain data in, bytes out: no Django import. Only the DejaVu fonts are installed on
the servers, and reasons contain "→", so the document uses DejaVu throughout.
"""

from __future__ import annotations

import functools
import io
from dataclasses import dataclass
from datetime import datetime
from html import escape
from pathlib import Path

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDate, PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from .pdf_fit import FullTexts, PlanRenderError, clean_text, fit_line

__all__ = [
    "INFO_PICS_SHA256",
    "INFO_REVISION",
    "INFO_SUBMISSION",
    "PlanDocument",
    "PlanRenderError",
    "render_plan_pdf",
]

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


# --------------------------------------------------------------------------- look

BRAND = colors.HexColor("#0b5d52")
BRAND_DARK = colors.HexColor("#073f38")
BRAND_LIGHT = colors.HexColor("#e4f0ed")
BRAND_MID = colors.HexColor("#5fa89c")
ROW_ALT = colors.HexColor("#f5f8f7")
RULE = colors.HexColor("#cfdad7")
TEXT = colors.HexColor("#1d2624")
MUTED = colors.HexColor("#5d6b68")
NOT_APPLICABLE = colors.HexColor("#c3cbc9")
UNDETERMINED = colors.HexColor("#d9a21b")
DRAFT_RED = colors.HexColor("#b3261e")
DEV_AMBER = colors.HexColor("#8a5a00")
DEV_AMBER_LIGHT = colors.HexColor("#fdf3dc")
DRAFT_LIGHT = colors.HexColor("#fbe9e7")

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 25 * mm
MARGIN_BOTTOM = 24 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
# The tallest a table cell may grow before it is shortened (its full text goes to
# the appendix): a row that tall still leaves room on its page for the repeated
# column header and the heading above the table.
CELL_HEIGHT = FRAME_HEIGHT / 3
FULL_TEXTS_APPENDIX = "Appendix C"

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
SANS = "DejaVuSans"
SANS_BOLD = "DejaVuSans-Bold"
MONO = "DejaVuSansMono"


@functools.cache
def _register_fonts() -> None:
    for name, file in (
        (SANS, "DejaVuSans.ttf"),
        (SANS_BOLD, "DejaVuSans-Bold.ttf"),
        (MONO, "DejaVuSansMono.ttf"),
    ):
        pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / file)))
    # <b> inside paragraphs; italics fall back to the upright faces.
    pdfmetrics.registerFontFamily(
        SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD
    )


@functools.cache
def _styles() -> dict[str, ParagraphStyle]:
    _register_fonts()
    body = ParagraphStyle(
        "body", fontName=SANS, fontSize=8.8, leading=12.4, textColor=TEXT
    )
    cell = ParagraphStyle(
        "cell", parent=body, fontSize=7.6, leading=9.6, splitLongWords=True
    )
    return {
        "body": body,
        "muted": ParagraphStyle(
            "muted", parent=body, fontSize=7.8, leading=10.4, textColor=MUTED
        ),
        "h1": ParagraphStyle(
            "h1",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=15,
            leading=19,
            textColor=BRAND,
            spaceBefore=6 * mm,
            spaceAfter=3 * mm,
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=10.5,
            leading=13.5,
            textColor=BRAND_DARK,
            spaceBefore=4.5 * mm,
            spaceAfter=2 * mm,
        ),
        "cell": cell,
        "cell_mono": ParagraphStyle("cell_mono", parent=cell, fontName=MONO),
        "cell_bold": ParagraphStyle("cell_bold", parent=cell, fontName=SANS_BOLD),
        "cell_head": ParagraphStyle(
            "cell_head", parent=cell, fontName=SANS_BOLD, textColor=colors.white
        ),
        "cell_head_right": ParagraphStyle(
            "cell_head_right",
            parent=cell,
            fontName=SANS_BOLD,
            textColor=colors.white,
            alignment=TA_RIGHT,
        ),
        "band": ParagraphStyle(
            "band", parent=cell, fontName=SANS_BOLD, textColor=BRAND_DARK
        ),
        "label": ParagraphStyle(
            "label", parent=body, fontName=SANS_BOLD, fontSize=8.2, textColor=MUTED
        ),
        "value": ParagraphStyle("value", parent=body, fontSize=8.8),
        "value_mono": ParagraphStyle(
            "value_mono", parent=body, fontName=MONO, fontSize=7.8
        ),
        "cover_title": ParagraphStyle(
            "cover_title",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=21,
            leading=26,
            textColor=colors.white,
        ),
        "cover_subtitle": ParagraphStyle(
            "cover_subtitle",
            parent=body,
            fontSize=11,
            leading=15,
            textColor=colors.white,
        ),
        "stat_number": ParagraphStyle(
            "stat_number",
            parent=body,
            fontName=SANS_BOLD,
            fontSize=17,
            leading=20,
            textColor=BRAND,
            alignment=TA_CENTER,
        ),
        "stat_label": ParagraphStyle(
            "stat_label",
            parent=body,
            fontSize=7.4,
            leading=9.4,
            textColor=MUTED,
            alignment=TA_CENTER,
        ),
        "notice": ParagraphStyle("notice", parent=body, fontSize=8.6, leading=12),
    }


def _text(value) -> str:
    """Plain text made safe for Paragraph markup."""
    return escape(clean_text(value), quote=False)


def _dash(value) -> str:
    return "—" if value in (None, "") else str(value)


# ------------------------------------------------------------------ page furniture


class _PlanInfo(PDFInfo):
    """The document info dictionary, with certplanner's own keys added."""

    def __init__(self, extra: dict[str, str]):
        super().__init__()
        self.extra = extra

    def format(self, document):
        entries = {
            "Title": PDFString(self.title),
            "Author": PDFString(self.author),
            "Subject": PDFString(self.subject),
            "Keywords": PDFString(self.keywords),
            "Creator": PDFString(self.creator),
            "Producer": PDFString(self.producer),
            "Trapped": PDFName(self.trapped),
        }
        date = PDFDate(ts=document._timeStamp, dateFormatter=self._dateFormatter)
        entries["CreationDate"] = entries["ModDate"] = date
        for key, value in self.extra.items():
            entries[key] = PDFString(value)
        return PDFDictionary(entries).format(document)


class _PlanCanvas(rl_canvas.Canvas):
    """Two passes for "page i of N": pages are kept until the end, then the header
    and footer are drawn on each with the total known."""

    def __init__(self, *args, furniture: _Furniture, info: dict[str, str], **kw):
        super().__init__(*args, **kw)
        self._furniture = furniture
        self._page_states: list[dict] = []
        self._doc.info = _PlanInfo(info)

    def showPage(self):
        self._page_states.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._page_states)
        for state in self._page_states:
            self.__dict__.update(state)
            self._furniture.draw(self, self._pageNumber, total)
            super().showPage()
        super().save()


@dataclass(frozen=True)
class _Furniture:
    lab_name: str
    product_line: str
    reference: str
    notice: str
    notice_colour: colors.Color

    def draw(self, canv: rl_canvas.Canvas, page: int, total: int) -> None:
        canv.saveState()
        left, right = MARGIN_X, PAGE_WIDTH - MARGIN_X
        # Header: lab left, product right, a brand rule below.
        top = PAGE_HEIGHT - 13 * mm
        canv.setFillColor(BRAND)
        canv.setFont(SANS_BOLD, 9)
        lab = fit_line(self.lab_name, SANS_BOLD, 9, CONTENT_WIDTH * 0.45)
        canv.drawString(left, top, lab)
        canv.setFillColor(MUTED)
        canv.setFont(SANS, 8)
        room = CONTENT_WIDTH - pdfmetrics.stringWidth(lab, SANS_BOLD, 9) - 8 * mm
        canv.drawRightString(right, top, fit_line(self.product_line, SANS, 8, room))
        canv.setStrokeColor(BRAND)
        canv.setLineWidth(0.8)
        canv.line(left, top - 3.2 * mm, right, top - 3.2 * mm)
        # Footer: a light rule, reference left, page right, notice centred below.
        canv.setStrokeColor(RULE)
        canv.setLineWidth(0.5)
        canv.line(left, 17 * mm, right, 17 * mm)
        canv.setFillColor(MUTED)
        canv.setFont(SANS, 7.5)
        canv.drawString(left, 12.6 * mm, fit_line(self.reference, SANS, 7.5, 110 * mm))
        canv.drawRightString(right, 12.6 * mm, f"page {page} of {total}")
        if self.notice:
            canv.setFillColor(self.notice_colour)
            canv.setFont(SANS_BOLD, 7.5)
            canv.drawCentredString(PAGE_WIDTH / 2, 8.4 * mm, self.notice)
        canv.restoreState()


def _draft_watermark(canv: rl_canvas.Canvas, _doc) -> None:
    """Drawn before the page's content, so the text stays on top of it."""
    canv.saveState()
    canv.setFillColor(DRAFT_RED)
    canv.setFillAlpha(0.10)
    canv.setFont(SANS_BOLD, 118)
    canv.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canv.rotate(52)
    canv.drawCentredString(0, -40, "DRAFT")
    canv.restoreState()


def _no_decoration(_canv, _doc) -> None:
    return None


class _Bookmark(Flowable):
    """An invisible mark that adds an entry to the PDF outline."""

    def __init__(self, title: str, key: str, level: int = 0):
        super().__init__()
        self.title, self.key, self.level = title, key, level
        self.width = self.height = 0

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=self.level)


# --------------------------------------------------------------------- the parts


def _heading(text: str, key: str, style: str = "h1", level: int = 0) -> list:
    styles = _styles()
    return [_Bookmark(text, key, level), Paragraph(_text(text), styles[style])]


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


def _stat_boxes(summary: dict) -> Table:
    styles = _styles()
    stats = [
        ("Applicable test cases", summary.get("applicable", 0)),
        ("Mandatory (M)", summary.get("mandatory", 0)),
        ("Conditional (C) that apply", summary.get("conditional_applicable", 0)),
        ("Not applicable", summary.get("not_applicable", 0)),
        ("Undetermined", summary.get("undetermined", 0)),
    ]
    row_numbers = [Paragraph(str(n), styles["stat_number"]) for _, n in stats]
    row_labels = [Paragraph(_text(label), styles["stat_label"]) for label, _ in stats]
    gap = 2.5 * mm
    width = (CONTENT_WIDTH - 4 * gap) / 5
    widths = []
    data_numbers, data_labels = [], []
    for i, (number, label) in enumerate(zip(row_numbers, row_labels, strict=True)):
        if i:
            widths.append(gap)
            data_numbers.append("")
            data_labels.append("")
        widths.append(width)
        data_numbers.append(number)
        data_labels.append(label)
    table = Table([data_numbers, data_labels], colWidths=widths)
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, 0), 8),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 8),
        ("TOPPADDING", (0, 1), (-1, 1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 2),
    ]
    for i in range(0, len(widths), 2):
        commands += [
            ("BACKGROUND", (i, 0), (i, -1), BRAND_LIGHT),
            ("LINEABOVE", (i, 0), (i, 0), 2, BRAND),
        ]
    undetermined_column = len(widths) - 1
    if summary.get("undetermined"):
        commands.append(
            (
                "LINEABOVE",
                (undetermined_column, 0),
                (undetermined_column, 0),
                2,
                UNDETERMINED,
            )
        )
    table.setStyle(TableStyle(commands))
    return table


def _profile_counts(plan: dict) -> list[tuple[str, dict]]:
    by_profile = plan.get("summary", {}).get("by_profile") or {}
    if by_profile:
        return list(by_profile.items())
    # A plan without per-profile counts: count its rows.
    counts: dict[str, dict] = {}
    for row in plan.get("test_cases", []):
        c = counts.setdefault(
            row["profile"],
            {
                "applicable": 0,
                "mandatory": 0,
                "conditional_applicable": 0,
                "not_applicable": 0,
                "undetermined": 0,
            },
        )
        if row["applicable"] is None:
            c["undetermined"] += 1
        elif row["applicable"]:
            c["applicable"] += 1
            c[
                "mandatory" if row["requirement"] == "M" else "conditional_applicable"
            ] += 1
        else:
            c["not_applicable"] += 1
    return list(counts.items())


def _summary(document: PlanDocument, full: FullTexts) -> list:
    styles = _styles()
    profiles = _profile_counts(document.plan)
    head = ["Profile", "Applicable<br/>M", "Applicable<br/>C", "Applicable<br/>total"]
    head += ["Not<br/>applicable", "Undeter-<br/>mined", "Total"]
    data = [
        [Paragraph(head[0], styles["cell_head"])]
        + [Paragraph(h, styles["cell_head_right"]) for h in head[1:]]
    ]
    totals = [0] * 6
    empty = []
    for name, c in profiles:
        numbers = [
            c["mandatory"],
            c["conditional_applicable"],
            c["applicable"],
            c["not_applicable"],
            c["undetermined"],
        ]
        numbers.append(c["applicable"] + c["not_applicable"] + c["undetermined"])
        if not numbers[-1]:
            empty.append(name)
        totals = [t + n for t, n in zip(totals, numbers, strict=True)]
        cell = full.cell(name, styles["cell"], 54 * mm - 8, CELL_HEIGHT, label=None)
        data.append([cell, *map(str, numbers)])
    data.append([Paragraph("All profiles", styles["cell_bold"]), *map(str, totals)])
    widths = [54 * mm] + [(CONTENT_WIDTH - 54 * mm) / 6] * 6
    table = Table(data, colWidths=widths, repeatRows=1)
    style = _grid_style()
    style += [
        ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
        ("FONTNAME", (1, -1), (-1, -1), SANS_BOLD),
        ("FONTNAME", (3, 1), (3, -1), SANS_BOLD),
        ("LINEABOVE", (0, -1), (-1, -1), 0.9, BRAND),
        ("BACKGROUND", (0, -1), (-1, -1), BRAND_LIGHT),
    ]
    table.setStyle(TableStyle(style))
    parts = [
        *_heading("Summary", "summary"),
        Paragraph(
            "The test cases of the selected certification profiles (and of the "
            "profiles they bring in) with a variant for the "
            f"{_text(document.sut_label)}. A mandatory (M) test case always applies; "
            "a conditional (C) one applies when its condition holds for the PICS "
            "answers.",
            styles["body"],
        ),
        Spacer(0, 4 * mm),
        table,
    ]
    if empty:
        names = ", ".join(empty)
        parts += [
            Spacer(0, 2 * mm),
            Paragraph(
                _text(
                    f"No test cases in edition {document.edition_code} for: {names}."
                ),
                styles["muted"],
            ),
        ]
    charted = [(name, c) for name, c in profiles if name not in empty]
    if charted:
        parts += [
            CondPageBreak(60 * mm),
            Paragraph("Test cases by profile", styles["h2"]),
            _chart(charted),
        ]
    return parts


def _chart(profiles: list[tuple[str, dict]]) -> Drawing:
    series = [
        ("Applicable M", BRAND, "mandatory"),
        ("Applicable C", BRAND_MID, "conditional_applicable"),
        ("Not applicable", NOT_APPLICABLE, "not_applicable"),
        ("Undetermined", UNDETERMINED, "undetermined"),
    ]
    bar_height = 20
    label_room = 150
    plot_height = bar_height * len(profiles) * 1.5
    height = plot_height + 50
    drawing = Drawing(CONTENT_WIDTH, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = label_room, 44
    chart.width, chart.height = CONTENT_WIDTH - label_room - 12, plot_height
    # Top to bottom in table order: the category axis runs upwards.
    ordered = list(reversed(profiles))
    chart.data = [[c[key] for _, c in ordered] for _, _, key in series]
    chart.categoryAxis.categoryNames = [
        f"{name} ({sum(c[key] for _, _, key in series)})" for name, c in ordered
    ]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.labels.fontName = SANS
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.fillColor = TEXT
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -6
    chart.categoryAxis.strokeColor = RULE
    chart.categoryAxis.tickLeft = 0
    chart.valueAxis.valueMin = 0
    top = max(sum(c[key] for _, _, key in series) for _, c in profiles)
    chart.valueAxis.valueMax = max(top, 1) * 1.04
    chart.valueAxis.labels.fontName = SANS
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e6ecea")
    chart.valueAxis.gridStrokeWidth = 0.5
    chart.valueAxis.labelTextFormat = lambda v: f"{v:.0f}"
    chart.barWidth = bar_height
    chart.groupSpacing = bar_height * 0.5
    chart.barSpacing = 0
    for i, (_, colour, _) in enumerate(series):
        chart.bars[i].fillColor = colour
        chart.bars[i].strokeColor = colors.white
        chart.bars[i].strokeWidth = 0.5
    threshold = max(top, 1) * 0.045
    chart.barLabelFormat = lambda v: f"{v:.0f}" if v >= threshold else ""
    chart.barLabels.fontName = SANS_BOLD
    chart.barLabels.fontSize = 7
    chart.barLabels.boxAnchor = "c"
    chart.barLabels.fillColor = colors.white
    # Labels sit in the middle of their segment; dark on the light segments.
    chart.barLabels.boxTarget = "mid"
    for row in (2, 3):
        for column in range(len(ordered)):
            chart.barLabels[(row, column)].fillColor = TEXT
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = label_room, 12
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 86
    legend.dxTextSpace = 4
    legend.fontName = SANS
    legend.fontSize = 7.6
    legend.fillColor = TEXT
    legend.strokeColor = None
    legend.swatchMarker = None
    legend.dx = legend.dy = 8
    legend.colorNamePairs = [(colour, name) for name, colour, _ in series]
    drawing.add(legend)
    return drawing


def _grid_style(header_rows: int = 1) -> list:
    return [
        ("FONTNAME", (0, 0), (-1, -1), SANS),
        ("FONTSIZE", (0, 0), (-1, -1), 7.6),
        ("LEADING", (0, 0), (-1, -1), 9.6),
        ("TEXTCOLOR", (0, header_rows), (-1, -1), TEXT),
        ("BACKGROUND", (0, 0), (-1, header_rows - 1), BRAND),
        ("TEXTCOLOR", (0, 0), (-1, header_rows - 1), colors.white),
        ("FONTNAME", (0, 0), (-1, header_rows - 1), SANS_BOLD),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, header_rows - 1), "MIDDLE"),
        ("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, ROW_ALT]),
        ("LINEBELOW", (0, header_rows), (-1, -1), 0.25, RULE),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, BRAND),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("TOPPADDING", (0, 0), (-1, header_rows - 1), 4.5),
        ("BOTTOMPADDING", (0, 0), (-1, header_rows - 1), 5),
    ]


def _grouped(rows: list[dict]) -> dict[str, dict[str, list[dict]]]:
    """profile → use-case group → rows, in plan (catalogue) order."""
    result: dict[str, dict[str, list[dict]]] = {}
    for row in rows:
        result.setdefault(row["profile"], {}).setdefault(row["group"], []).append(row)
    return result


# Column widths of the test-case tables (they add up to CONTENT_WIDTH: 174 mm).
APPLICABLE_COLUMNS = [19 * mm, 55 * mm, 9 * mm, 73 * mm, 18 * mm]
OTHER_COLUMNS = [19 * mm, 55 * mm, 9 * mm, 91 * mm]


# Groups up to this many test cases are never split across pages.
KEEP_GROUP_ROWS = 8


# Cell padding of the test-case tables: 4 + 4 across, 3 + 3.5 down (bands 4 + 3.5).
CASE_PADDING_X, CASE_PADDING_Y, BAND_PADDING_Y = 8, 6.5, 7.5
# Room for a group kept on one page: the frame less the repeated column header.
KEEP_HEIGHT = FRAME_HEIGHT - 30


def _case_table(
    groups: dict[str, list[dict]], full: FullTexts, *, watchlist_column: bool
) -> Table:
    """One table per profile: a repeated column header, a band per use-case group.
    Short groups stay on one page; a band never ends a page (NOSPLIT)."""
    styles = _styles()
    cell, mono = styles["cell"], styles["cell_mono"]
    head = ["Test case", "Title", "M/C", "Reason"]
    if watchlist_column:
        head.append("Watchlist")
    widths = APPLICABLE_COLUMNS if watchlist_column else OTHER_COLUMNS
    room = [width - CASE_PADDING_X for width in widths]
    data: list[list] = [[Paragraph(h, styles["cell_head"]) for h in head]]
    bands = []
    watch = []
    for group, rows in groups.items():
        band = full.cell(
            group, styles["band"], CONTENT_WIDTH - 80, CELL_HEIGHT, label=None
        )
        count = f"{len(rows)} test case{'s' if len(rows) != 1 else ''}"
        band = Paragraph(
            f'{band.text} <font name="{SANS}" color="#5d6b68">· {count}</font>',
            styles["band"],
        )
        start = len(data)
        heights = [
            band.wrap(CONTENT_WIDTH - CASE_PADDING_X, FRAME_HEIGHT)[1] + BAND_PADDING_Y
        ]
        data.append([band] + [""] * (len(head) - 1))
        for row in rows:
            texts = [
                full.cell(row["id"], mono, room[0], CELL_HEIGHT, label="Test case id"),
                full.cell(
                    row["title"],
                    cell,
                    room[1],
                    CELL_HEIGHT,
                    label=f"Title of {row['id']}",
                ),
                full.cell(
                    row["reason"],
                    cell,
                    room[3],
                    CELL_HEIGHT,
                    label=f"Reason of {row['id']}",
                ),
            ]
            heights.append(max(t.height for t in texts) + CASE_PADDING_Y)
            line = [texts[0], texts[1], str(row["requirement"]), texts[2]]
            if watchlist_column:
                if row.get("watchlist"):
                    watch.append(len(data))
                line.append("Yes" if row.get("watchlist") else "")
            data.append(line)
        # A short group stays on one page; a long one keeps its band with the
        # first rows (a page break inside it leaves the band's name behind). Rows
        # kept together that would not fit one page are left free to split.
        kept = len(rows) if len(rows) <= KEEP_GROUP_ROWS else 2
        if sum(heights[: kept + 1]) > KEEP_HEIGHT:
            kept = 0 if sum(heights[:2]) > KEEP_HEIGHT else 1
        bands.append((start, start + kept))
    table = Table(data, colWidths=widths, repeatRows=1, splitByRow=1)
    style = [
        ("FONTNAME", (0, 0), (-1, -1), SANS),
        ("FONTSIZE", (0, 0), (-1, -1), 7.6),
        ("LEADING", (0, 0), (-1, -1), 9.6),
        ("TEXTCOLOR", (0, 1), (-1, -1), TEXT),
        ("BACKGROUND", (0, 0), (-1, 0), BRAND),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("VALIGN", (0, 0), (-1, 0), "MIDDLE"),
        ("ALIGN", (2, 0), (2, -1), "CENTER"),
        ("FONTNAME", (2, 1), (2, -1), SANS_BOLD),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, BRAND),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("TOPPADDING", (0, 0), (-1, 0), 4.5),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
    ]
    if watchlist_column:
        style += [
            ("ALIGN", (4, 0), (4, -1), "CENTER"),
            ("FONTNAME", (4, 1), (4, -1), SANS_BOLD),
            ("TEXTCOLOR", (4, 1), (4, -1), DEV_AMBER),
        ]
    for r, last in bands:
        style += [
            ("SPAN", (0, r), (-1, r)),
            ("BACKGROUND", (0, r), (-1, r), BRAND_LIGHT),
            ("LINEABOVE", (0, r), (-1, r), 0.6, BRAND_MID),
            ("TOPPADDING", (0, r), (-1, r), 4),
            ("NOSPLIT", (0, r), (-1, last)),
        ]
    for r in watch:
        style.append(("BACKGROUND", (0, r), (-1, r), DEV_AMBER_LIGHT))
    table.setStyle(TableStyle(style))
    return table


def _applicable(document: PlanDocument, full: FullTexts) -> list:
    styles = _styles()
    rows = [r for r in document.plan.get("test_cases", []) if r["applicable"]]
    parts = [
        *_heading("Applicable test cases", "applicable"),
        Paragraph(
            f"The {len(rows)} test cases the product must pass, by profile and "
            "use-case group, in the order of the compliance test tool. M: mandatory; "
            "C: conditional, with the PICS answers that make it apply. Watchlist: "
            "the test case is on the OCA watchlist.",
            styles["body"],
        ),
    ]
    if not rows:
        parts.append(Paragraph("No test case applies.", styles["muted"]))
    return parts + _by_profile(
        rows, "applicable", full, watchlist_column=True, bookmark_prefix="applicable"
    )


def _by_profile(
    rows: list[dict],
    label: str,
    full: FullTexts,
    *,
    watchlist_column: bool,
    bookmark_prefix: str = "",
) -> list:
    """A heading with the count (`12 applicable`) and a table for each profile; with
    a bookmark prefix, each profile also gets an outline entry in the PDF."""
    styles = _styles()
    parts: list = []
    for profile, groups in _grouped(rows).items():
        count = sum(len(g) for g in groups.values())
        parts.append(CondPageBreak(40 * mm))
        if bookmark_prefix:
            parts.append(_Bookmark(profile, f"{bookmark_prefix}-{profile}", level=1))
        parts += [
            Paragraph(
                f"{_text(profile)} "
                f'<font name="{SANS}" size="8.8" color="#5d6b68">· '
                f"{count} {label}</font>",
                styles["h2"],
            ),
            _case_table(groups, full, watchlist_column=watchlist_column),
        ]
    return parts


def _undetermined(document: PlanDocument, full: FullTexts) -> list:
    rows = [r for r in document.plan.get("test_cases", []) if r["applicable"] is None]
    if not rows:
        return []
    return [
        CondPageBreak(60 * mm),
        *_heading("Undetermined test cases", "undetermined"),
        _notice_box(
            f"<b>{len(rows)} test case{'s' if len(rows) != 1 else ''} cannot be "
            "decided yet:</b> the PICS leaves a question or hardware feature "
            "unanswered. A plan is submitted only once every test case is decided.",
            DEV_AMBER_LIGHT,
            UNDETERMINED,
        ),
        *_by_profile(rows, "undetermined", full, watchlist_column=False),
    ]


def _controller_components(document: PlanDocument, full: FullTexts) -> list:
    styles = _styles()
    data = [
        [
            Paragraph("Profile", styles["cell_head"]),
            Paragraph("Controller components", styles["cell_head"]),
        ]
    ]
    every: list[str] = []
    for entry in document.controller_components:
        components = list(entry.get("components") or [])
        every += [c for c in components if c not in every]
        data.append(
            [
                full.cell(
                    entry.get("profile", ""),
                    styles["cell"],
                    54 * mm - 8,
                    CELL_HEIGHT,
                    label=None,
                ),
                full.cell(
                    ", ".join(components) or "—",
                    styles["cell_mono"],
                    CONTENT_WIDTH - 54 * mm - 8,
                    CELL_HEIGHT,
                    label=f"Controller components of {entry.get('profile', '')}",
                ),
            ]
        )
    parts = [
        CondPageBreak(60 * mm),
        Spacer(0, 5 * mm),
        *_heading("Controller components", "components"),
        Paragraph(
            "The selected profiles require the product to implement these "
            "controller components of the OCPP 2.0.1 device model (Part 5, "
            "section 5).",
            styles["body"],
        ),
        Spacer(0, 3 * mm),
    ]
    if len(data) == 1:
        parts.append(Paragraph("None listed.", styles["muted"]))
        return parts
    table = Table(data, colWidths=[54 * mm, CONTENT_WIDTH - 54 * mm], repeatRows=1)
    table.setStyle(TableStyle(_grid_style()))
    parts += [
        table,
        Spacer(0, 2.5 * mm),
        Paragraph(
            _text(f"{len(every)} distinct components: {', '.join(every)}."),
            styles["muted"],
        ),
    ]
    return parts


def _not_applicable(document: PlanDocument, full: FullTexts) -> list:
    styles = _styles()
    rows = [r for r in document.plan.get("test_cases", []) if r["applicable"] is False]
    parts = [
        PageBreak(),
        *_heading(f"Appendix A {DASH} Test cases that do not apply", "appendix-a"),
        Paragraph(
            f"The {len(rows)} conditional test cases of the selected profiles whose "
            "condition does not hold for the PICS answers, with the answers that "
            "decide it.",
            styles["body"],
        ),
    ]
    if not rows:
        parts.append(Paragraph("Every test case applies.", styles["muted"]))
    return parts + _by_profile(rows, "not applicable", full, watchlist_column=False)


def _yes_no(value) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return _dash(value)


def _pairs_table(
    pairs: list[tuple[str, str]], full: FullTexts, label: str, columns: int = 4
) -> Table:
    """id/answer pairs in `columns` column pairs, filled row by row."""
    styles = _styles()
    pair_width = CONTENT_WIDTH / columns
    widths = [pair_width * 0.52, pair_width * 0.48] * columns
    # Less the padding: 4 left, 6 (ReportLab's default) right.
    key_room, answer_room = widths[0] - 10, widths[1] - 10
    data = []
    for start in range(0, len(pairs), columns):
        line: list = []
        for key, answer in pairs[start : start + columns]:
            line += [
                full.cell(key, styles["cell_mono"], key_room, CELL_HEIGHT, label=label),
                full.cell(
                    answer,
                    styles["cell_bold"],
                    answer_room,
                    CELL_HEIGHT,
                    label=f"{label}: {key:.40}",
                ),
            ]
        line += [""] * (2 * columns - len(line))
        data.append(line)
    table = Table(data, colWidths=widths)
    commands = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ROWBACKGROUNDS", (0, 0), (-1, -1), [ROW_ALT, colors.white]),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
    ]
    for c in range(2, 2 * columns, 2):
        commands.append(("LINEBEFORE", (c, 0), (c, -1), 0.25, RULE))
    table.setStyle(TableStyle(commands))
    return table


def _id_grid(ids: list[str], full: FullTexts, columns: int = 8) -> Table:
    styles = _styles()
    room = CONTENT_WIDTH / columns - 10  # padding: 4 left, 6 right
    data = []
    for start in range(0, len(ids), columns):
        line: list = [
            full.cell(
                i, styles["cell_mono"], room, CELL_HEIGHT, label="Supported features"
            )
            for i in ids[start : start + columns]
        ]
        data.append(line + [""] * (columns - len(line)))
    table = Table(data, colWidths=[CONTENT_WIDTH / columns] * columns)
    table.setStyle(
        TableStyle(
            [
                ("ROWBACKGROUNDS", (0, 0), (-1, -1), [ROW_ALT, colors.white]),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE),
                ("LEFTPADDING", (0, 0), (-1, -1), 4),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
            ]
        )
    )
    return table


VALUES_ROOM = CONTENT_WIDTH - 30 * mm - 8
# A list of values too long for one row is printed over several, this many
# characters each, so that the table splits between them.
VALUES_PER_ROW_CHARS = 1500


def _value_rows(key: str, listed: list[str], full: FullTexts) -> list[list]:
    """The rows of one value list: one row, as long as it fits; thousands of values
    over as many rows as they need (the list's id on the first)."""
    styles = _styles()
    key_cell = full.cell(
        key, styles["cell_mono"], 30 * mm - 8, CELL_HEIGHT, label="Value lists"
    )
    label = f"Values of {key:.40}"
    whole = full.whole(
        ", ".join(listed) or "—", styles["cell"], VALUES_ROOM, CELL_HEIGHT
    )
    if whole is not None:
        return [[key_cell, whole]]
    chunks: list[list[str]] = [[]]
    size = 0
    for value in listed:
        if chunks[-1] and size + len(value) > VALUES_PER_ROW_CHARS:
            chunks.append([])
            size = 0
        chunks[-1].append(value)
        size += len(value) + 2
    rows = []
    for number, chunk in enumerate(chunks):
        text = ", ".join(chunk) + ("," if number < len(chunks) - 1 else "")
        cell = full.cell(text, styles["cell"], VALUES_ROOM, CELL_HEIGHT, label=label)
        rows.append([key_cell if number == 0 else "", cell])
    return rows


def _answers(document: PlanDocument, full: FullTexts) -> list:
    styles = _styles()
    answers = document.answers
    parts: list = [
        PageBreak(),
        *_heading(f"Appendix B {DASH} PICS answers", "appendix-b"),
        Paragraph(
            "The answers the plan is computed from, as submitted "
            f'(PICS SHA-256 <font name="{MONO}" size="7.8">'
            f"{_text(_dash(document.plan.get('pics_sha256')))}</font>).",
            styles["body"],
        ),
        Paragraph("Certification profiles", styles["h2"]),
        full.cell(
            ", ".join(answers.get("profiles") or []) or "—",
            styles["body"],
            CONTENT_WIDTH,
            CELL_HEIGHT,
            label="Certification profiles",
        ),
    ]
    features = list(answers.get("features") or [])
    parts.append(Paragraph(f"Supported features ({len(features)})", styles["h2"]))
    if features:
        parts.append(_id_grid(features, full))
        parts.append(Spacer(0, 1.5 * mm))
        parts.append(
            Paragraph("A feature not listed is not supported.", styles["muted"])
        )
    else:
        parts.append(Paragraph("No optional feature is supported.", styles["muted"]))
    values = answers.get("values") or {}
    parts.append(Paragraph("Value lists", styles["h2"]))
    if values:
        data = [
            [
                Paragraph("List", styles["cell_head"]),
                Paragraph("Values", styles["cell_head"]),
            ]
        ]
        for key, listed in values.items():
            data += _value_rows(key, [str(v) for v in listed], full)
        table = Table(data, colWidths=[30 * mm, CONTENT_WIDTH - 30 * mm], repeatRows=1)
        table.setStyle(TableStyle(_grid_style()))
        parts.append(table)
    else:
        parts.append(Paragraph("No value lists answered.", styles["muted"]))
    questions = answers.get("questions") or {}
    parts.append(Paragraph("Additional questions", styles["h2"]))
    if questions:
        pairs = [(k, _yes_no(v)) for k, v in questions.items()]
        parts.append(_pairs_table(pairs, full, "Additional questions"))
    else:
        parts.append(Paragraph("No question answered.", styles["muted"]))
    if answers.get("sut", "cs") == "cs":
        hardware = answers.get("hardware") or {}
        parts.append(Paragraph("Hardware features", styles["h2"]))
        if hardware:
            pairs = [(k, _yes_no(v)) for k, v in hardware.items()]
            parts.append(_pairs_table(pairs, full, "Hardware features"))
        else:
            parts.append(Paragraph("No hardware feature answered.", styles["muted"]))
        parts += [
            Paragraph("Product subtype", styles["h2"]),
            full.cell(
                answers.get("product_subtype") or "Charging Station (none)",
                styles["body"],
                CONTENT_WIDTH,
                CELL_HEIGHT,
                label="Product subtype",
            ),
        ]
    return parts


# ------------------------------------------------------------------------ render


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


def _full_texts(full: FullTexts) -> list:
    """The appendix of the texts shortened in the tables, printed whole."""
    if not full.entries:
        return []
    styles = _styles()
    parts = [
        PageBreak(),
        *_heading(f"{FULL_TEXTS_APPENDIX} {DASH} Full texts", "appendix-c"),
        Paragraph(
            "Texts of the PICS too long for their place in the tables above, in "
            "full. Where a text is shortened, it ends with a reference such as "
            f"[full text: {FULL_TEXTS_APPENDIX}, text 1].",
            styles["body"],
        ),
    ]
    for entry in full.entries.values():
        names = ", ".join(entry.labels[:5])
        if len(entry.labels) > 5:
            names += f" and {len(entry.labels) - 5} more"
        parts.append(
            Paragraph(
                f"Text {entry.number}: {_text(names)} "
                f'<font name="{SANS}" size="8.8" color="#5d6b68">· '
                f"{len(entry.text):,} characters</font>",
                styles["h2"],
            )
        )
        parts += [
            Paragraph(_text(piece), styles["body"]) for piece in full.pieces(entry.text)
        ]
    return parts


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
