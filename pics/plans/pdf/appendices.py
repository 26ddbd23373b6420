"""The appendices: the PICS answers, and the full texts shortened in the tables."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .document import DASH, PlanDocument
from .fit import FullTexts
from .furniture import _heading
from .style import (
    CELL_HEIGHT,
    CONTENT_WIDTH,
    FULL_TEXTS_APPENDIX,
    MONO,
    ROW_ALT,
    RULE,
    SANS,
    _dash,
    _grid_style,
    _styles,
    _text,
)


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
