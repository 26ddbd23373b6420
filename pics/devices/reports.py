"""Pre-filling a Charging Station PICS from its device reports: reads what
devicemodel proposes against a catalogue edition. Shared by the CLI
(`prefill_pics`), the API (`POST /api/v1/device-reports`) and, later, the
wizard. Nothing is stored."""

from __future__ import annotations

from dataclasses import dataclass, field

from certplanner.api import BadJson, parse_json
from devicemodel import (
    MAX_INPUT_BYTES,
    Catalogue,
    Proposal,
    ReportError,
    ReportInput,
    ReportProblem,
    not_from_device,
    propose,
    read_reports,
    to_pics_document,
)
from pics.wizard.services import check_raw
from profiles.models import Edition
from profiles.selectors import catalogue_data
from rules.document import Problem


@dataclass
class Prefill:
    """The proposals, the PICS document they make, and that document's problems
    under the one validation (a vendor completes it before submitting)."""

    edition: Edition
    proposals: list[Proposal]
    document: dict
    problems: list[Problem] = field(default_factory=list)
    left_open: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {
            "pics": self.document,
            "proposals": [p.to_json() for p in self.proposals],
            "not_from_device": self.left_open,
            "problems": [p.to_json() for p in self.problems],
        }


def report_input(name: str, raw: bytes) -> ReportInput:
    """One file's bytes, parsed strictly; its problem names the file."""
    try:
        return ReportInput(name, parse_json(raw))
    except BadJson as exc:
        raise ReportError([ReportProblem(name, str(exc))]) from None


def check_total_size(sizes: list[int]) -> None:
    if sum(sizes) > MAX_INPUT_BYTES:
        raise ReportError(
            [
                ReportProblem(
                    "input",
                    f"the reports are larger than {MAX_INPUT_BYTES // (1024 * 1024)} "
                    "MB together.",
                )
            ]
        )


def _edition(code: str | None) -> Edition:
    if code:
        edition = Edition.objects.filter(
            code=code, status=Edition.Status.PUBLISHED
        ).first()
        if edition is None:
            raise ReportError(
                [ReportProblem("edition", f"{code!r:.60} is not a published edition.")]
            )
        return edition
    edition = Edition.objects.current()
    if edition is None:
        raise ReportError([ReportProblem("edition", "no edition is published.")])
    return edition


def prefill(
    reports: list[ReportInput],
    boot: ReportInput | None = None,
    *,
    edition_code: str | None = None,
    hardware_version: str | None = None,
) -> Prefill:
    """Raises ReportError when the reports cannot be read."""
    model = read_reports(reports, boot)
    edition = _edition(edition_code)
    catalogue = Catalogue.from_export(catalogue_data(edition))
    proposals = propose(model, catalogue)
    document = to_pics_document(
        proposals, edition=edition.code, hardware_version=hardware_version
    )
    return Prefill(
        edition=edition,
        proposals=proposals,
        document=document,
        problems=check_raw(document).problems,
        left_open=not_from_device(proposals, catalogue),
    )
