"""Page furniture: header, footer and "page N of M", the DRAFT watermark, the
document info, bookmarks and headings."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDate, PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.platypus import (
    Flowable,
    Paragraph,
)

from .fit import fit_line
from .style import (
    BRAND,
    CONTENT_WIDTH,
    DRAFT_RED,
    MARGIN_X,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
    SANS,
    SANS_BOLD,
    _styles,
    _text,
)


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


def _heading(text: str, key: str, style: str = "h1", level: int = 0) -> list:
    styles = _styles()
    return [_Bookmark(text, key, level), Paragraph(_text(text), styles[style])]
