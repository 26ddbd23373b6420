"""The look of the plan PDF: colours, page geometry, fonts, paragraph and grid
styles."""

from __future__ import annotations

import functools
from html import escape
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from .fit import clean_text

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
