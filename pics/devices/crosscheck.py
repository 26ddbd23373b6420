"""The lab's cross-check: the answers of a submitted revision that the PICS's
latest device report contradicts, and which answers were taken from a report.
Shown on the submission page; `crosscheck_flowables` builds the PDF appendix."""

from __future__ import annotations

from dataclasses import dataclass
from xml.sax.saxutils import escape

from devicemodel import contradictions
from pics.devices.selectors import shown
from pics.devices.services import proposals_of
from pics.models import DeviceReport, Pics, Revision
from rules.document import read_document


@dataclass(frozen=True)
class CrosscheckRow:
    id: str
    pics_says: str
    device_says: str
    evidence: str
    message: str  # "PICS says C-49 not supported; AuthCacheCtrlr.Enabled = true"


def latest_report(pics: Pics) -> DeviceReport | None:
    return pics.reports.order_by("-created_at", "-id").first()


def crosscheck_rows(
    revision: Revision, report: DeviceReport | None = None
) -> list[CrosscheckRow]:
    """Where the revision's answers and the device report disagree (the PICS's
    latest report unless one is given); empty without a report."""
    if report is None:
        report = latest_report(revision.submission.pics)
    if report is None:
        return []
    document, _ = read_document(revision.document)
    if document is None:
        return []
    proposals = {p.id: p for p in proposals_of(report)}
    return [
        CrosscheckRow(
            id=found.id,
            pics_says=_said(found.claimed),
            device_says=_said(found.reported),
            evidence=proposals[found.id].evidence,
            message=found.message,
        )
        for found in contradictions(document, proposals.values())
    ]


def _said(value) -> str:
    if value is True:
        return "supported"
    if value is False:
        return "not supported"
    return shown(value)


def taken_from_device(pics: Pics) -> list[dict]:
    """The answers the vendor accepted from a device report: id, report, evidence."""
    return [
        {"id": answer_id, **source}
        for answer_id, source in sorted(pics.answer_sources.items())
        if isinstance(source, dict)
    ]


def crosscheck_flowables(
    rows: list[CrosscheckRow],
    sources: list[dict],
    *,
    heading_style=None,
    body_style=None,
    width: float | None = None,
) -> list:
    """The "Device report cross-check" appendix as ReportLab flowables: a heading,
    the contradictions as a table (id, PICS says, device says, evidence) and the
    answers taken from a device report. The plan PDF passes its own paragraph
    styles and content width; ReportLab's sample styles and 170 mm otherwise."""
    from reportlab.lib import colors
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, Spacer, Table, TableStyle

    sample = getSampleStyleSheet()
    heading_style = heading_style or sample["Heading2"]
    body = body_style or sample["BodyText"]
    width = width or 170 * mm

    def cell(text: str) -> Paragraph:
        # Station text is data, never ReportLab markup.
        return Paragraph(escape(text), body)

    story: list = [Paragraph("Device report cross-check", heading_style)]
    if rows:
        story.append(
            cell(
                f"{len(rows)} answer{'s' if len(rows) != 1 else ''} of this PICS "
                "disagree with the station's device report:"
            )
        )
        data = [[cell("Id"), cell("PICS says"), cell("Device says"), cell("Evidence")]]
        data += [
            [cell(r.id), cell(r.pics_says), cell(r.device_says), cell(r.evidence)]
            for r in rows
        ]
        table = Table(
            data,
            colWidths=[width * share for share in (0.14, 0.2, 0.2, 0.46)],
            repeatRows=1,
        )
        table.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                    ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        story.append(table)
    else:
        story.append(cell("No answer disagrees with the station's device report."))
    if sources:
        story += [
            Spacer(1, 4 * mm),
            cell("Answers taken from a device report:"),
            *[
                cell(f"{s['id']}: {s.get('evidence', '')} (report {s.get('report')})")
                for s in sources
            ],
        ]
    return story


def revision_crosscheck_flowables(revision: Revision, **style) -> list:
    """The appendix for a revision, or nothing when its PICS has no device report
    and no answer taken from one."""
    pics = revision.submission.pics
    rows = crosscheck_rows(revision)
    sources = taken_from_device(pics)
    if not rows and not sources and latest_report(pics) is None:
        return []
    return crosscheck_flowables(rows, sources, **style)
