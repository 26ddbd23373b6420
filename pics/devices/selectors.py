"""Reads for the device-report pages."""

from __future__ import annotations

from devicemodel import Proposal
from pics.devices.services import current_value
from rules.document import PicsDocument


def shown(value) -> str:
    """An answer as the vendor reads it."""
    if value is None or value == ():
        return "not answered"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, list | tuple):
        return ", ".join(value)
    return str(value)


def proposal_rows(document: PicsDocument, proposals: list[Proposal]) -> list[dict]:
    """Per proposal: the current answer, the proposed one, the evidence, and whether
    accepting it changes anything."""
    rows = []
    for proposal in proposals:
        current = current_value(document, proposal)
        proposed = proposal.value
        if proposal.section == "values":
            differs = tuple(current or ()) != tuple(proposed)
        elif proposal.section in ("profiles", "features"):
            differs = bool(current) != bool(proposed)
        else:
            differs = current != proposed
        rows.append(
            {
                "id": proposal.id,
                "section": proposal.section,
                "current": shown(current),
                "proposed": shown(proposed),
                "evidence": proposal.evidence,
                "differs": differs,
            }
        )
    return rows
