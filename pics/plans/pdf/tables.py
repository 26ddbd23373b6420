"""The test-case tables: applicable, undetermined and not applicable test cases by
use-case group, and the controller components of the selected profiles."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .cover import _notice_box
from .document import DASH, PlanDocument
from .fit import FullTexts
from .furniture import _Bookmark, _heading
from .style import (
    BRAND,
    BRAND_LIGHT,
    BRAND_MID,
    CELL_HEIGHT,
    CONTENT_WIDTH,
    DEV_AMBER,
    DEV_AMBER_LIGHT,
    FRAME_HEIGHT,
    RULE,
    SANS,
    SANS_BOLD,
    TEXT,
    UNDETERMINED,
    _grid_style,
    _styles,
    _text,
)


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
