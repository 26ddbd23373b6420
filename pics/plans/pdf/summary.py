"""The summary: counts by profile and requirement, as boxes, a table and a bar chart."""

from __future__ import annotations

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from .document import PlanDocument
from .fit import FullTexts
from .furniture import _heading
from .style import (
    BRAND,
    BRAND_LIGHT,
    BRAND_MID,
    CELL_HEIGHT,
    CONTENT_WIDTH,
    MUTED,
    NOT_APPLICABLE,
    RULE,
    SANS,
    SANS_BOLD,
    TEXT,
    UNDETERMINED,
    _grid_style,
    _styles,
    _text,
)


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
