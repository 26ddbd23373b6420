"""Texts that always fit the pages of the plan PDF.

ReportLab splits a table only between rows, so one cell taller than the page stops
the whole document (`LayoutError`). Every text that comes from a PICS therefore goes
through `FullTexts.cell`: it is measured at its column's width, and a text taller
than its budget is shortened, ending in a reference to the appendix ("Full texts")
that prints it whole. Long words wrap (the cell styles split them), so a 10,000-
character word needs no special case.

Plain data in, flowables out: no Django import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Paragraph

__all__ = [
    "FullTexts",
    "MeasuredParagraph",
    "PlanRenderError",
    "clean_text",
    "fit_line",
]

# The narrowest glyph that still takes room is some 0.2 em wide (DejaVu's "i", "."):
# a text longer than this allows cannot fit, whatever it holds, so it is cut before
# ReportLab measures it (measuring costs time in proportion to the length).
NARROWEST_EM = 0.2
# The full-texts appendix prints at most this many characters (some 75 pages); a PICS
# whose long texts add up to more cannot become a plan and gets a message instead.
FULL_TEXTS_LIMIT = 400_000
# The appendix prints a long text in paragraphs of this size (some two pages): a
# paragraph split over pages is wrapped again on each, so one 200,000-character
# paragraph would cost seconds per page.
PIECE_CHARS = 10_000

# C0 and C1 control characters, lone surrogates (valid in JSON, not in a PDF string)
# and the non-characters: printed as U+FFFD so that the reader sees something was there.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]"
)


class PlanRenderError(ValueError):
    """The plan cannot be drawn from this PICS; the message says what to shorten, in
    words a vendor understands."""


def clean_text(value: object) -> str:
    """`value` as text a PDF can carry: tabs and line breaks as spaces, other
    control characters and lone surrogates as U+FFFD."""
    text = str(value)
    if text.isprintable():
        return text
    text = text.replace("\t", " ").replace("\r", " ").replace("\n", " ")
    return _UNPRINTABLE.sub("\ufffd", text)


def fit_line(text: str, font: str, size: float, width: float) -> str:
    """`text` on one line of `width` points, shortened with an ellipsis if need be.

    Bisection on the prefix length: widths only grow with the prefix, so this finds
    the same prefix as dropping one character at a time, in a few dozen measurements
    instead of one per character."""
    text = clean_text(text)
    if pdfmetrics.stringWidth(text, font, size) <= width:
        return text
    longest = int(width / (NARROWEST_EM * size)) + 1
    low, high = 0, min(len(text), longest)
    while low < high:
        middle = (low + high + 1) // 2
        if pdfmetrics.stringWidth(text[:middle] + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + "…"


def _longest(style: ParagraphStyle, width: float, max_height: float) -> int:
    """More characters than this cannot fit `max_height` at `width`."""
    lines = max(1, int(max_height // style.leading))
    return lines * (int(width / (NARROWEST_EM * style.fontSize)) + 1)


class MeasuredParagraph(Paragraph):
    """A Paragraph that keeps its last wrap: a cell is measured once to keep its row
    within a page, and the table then asks again at the same width. (Paragraph's
    split drops its lines when it gives up: then it is wrapped anew.)"""

    _wrapped_width: float | None = None

    def wrap(self, availWidth, availHeight):
        if availWidth != self._wrapped_width or not hasattr(self, "blPara"):
            super().wrap(availWidth, availHeight)
            self._wrapped_width = availWidth
        return self.width, self.height


@dataclass
class _Entry:
    number: int
    labels: list[str]
    text: str


@dataclass
class FullTexts:
    """The texts shortened in one document, each printed once in the appendix (the
    same text in several places, such as the vendor on the cover and in the header,
    gets one number)."""

    appendix: str  # how the references name the appendix: "Appendix C"
    entries: dict[str, _Entry] = field(default_factory=dict)

    @property
    def characters(self) -> int:
        return sum(len(entry.text) for entry in self.entries.values())

    def reference(self, label: str, text: str) -> str:
        """The note's reference (`Appendix C, text 2`), the text recorded."""
        entry = self.entries.get(text)
        if entry is None:
            entry = _Entry(len(self.entries) + 1, [label], text)
            self.entries[text] = entry
            if self.characters > FULL_TEXTS_LIMIT:
                raise PlanRenderError(self._too_long())
        elif label not in entry.labels:
            entry.labels.append(label)
        return f"{self.appendix}, text {entry.number}"

    def _too_long(self) -> str:
        longest = sorted(self.entries.values(), key=lambda e: -len(e.text))[:3]
        named = "; ".join(
            f"{', '.join(e.labels) or 'a text'}: {len(e.text):,} characters"
            for e in longest
        )
        return (
            f"The PICS holds more text than a test plan can print: its long texts "
            f"add up to more than {FULL_TEXTS_LIMIT:,} characters ({named}). "
            "Shorten the product's names and versions or the lists of values."
        )

    def cell(
        self,
        value: object,
        style: ParagraphStyle,
        width: float,
        max_height: float,
        *,
        label: str | None,
    ) -> MeasuredParagraph:
        """`value` as a paragraph at most `max_height` points tall at `width` points
        (the column's width less its padding): whole when it fits, else its longest
        beginning that fits with a reference to its full text in the appendix. With
        no `label` the text is printed whole elsewhere: it is only shortened."""
        text = clean_text(value)
        whole = self.whole(text, style, width, max_height)
        if whole is not None:
            return whole
        longest = _longest(style, width, max_height)
        tail = " …"
        if label is not None:
            tail += f" [full text: {self.reference(label, text)}]"
        low, high = 0, min(len(text), longest)
        best = None
        while low <= high:
            middle = (low + high) // 2
            candidate = MeasuredParagraph(
                escape(text[:middle].rstrip() + tail, quote=False), style
            )
            if candidate.wrap(width, max_height)[1] <= max_height:
                best, low = candidate, middle + 1
            else:
                high = middle - 1
        if best is None:
            # Even the reference alone is too tall only in a column too narrow for
            # any text; it is printed all the same.
            best = MeasuredParagraph(escape(tail.strip(), quote=False), style)
            best.wrap(width, max_height)
        return best

    @staticmethod
    def whole(
        value: object, style: ParagraphStyle, width: float, max_height: float
    ) -> MeasuredParagraph | None:
        """`value` as a paragraph if it fits `max_height` whole, else None."""
        text = clean_text(value)
        if len(text) > _longest(style, width, max_height):
            return None
        paragraph = MeasuredParagraph(escape(text, quote=False), style)
        if paragraph.wrap(width, max_height)[1] <= max_height:
            return paragraph
        return None

    def pieces(self, text: str) -> list[str]:
        """A long text cut for printing: at a space near each cut where there is one,
        so that words stay whole."""
        result = []
        while len(text) > PIECE_CHARS:
            cut = text.rfind(" ", PIECE_CHARS // 2, PIECE_CHARS)
            cut = PIECE_CHARS if cut < 0 else cut + 1
            result.append(text[:cut])
            text = text[cut:]
        return [*result, text] if text else result
