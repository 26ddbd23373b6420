"""Proposals as a `certplanner.pics/1` document, and the answers of a PICS that
the device model contradicts. Plain data; the document format is rules.document's
(itself free of Django)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rules.document import FORMAT, PRODUCT_FIELDS, PicsDocument

from .mapping import Proposal

CORE = "Core"


def to_pics_document(
    proposals: Iterable[Proposal],
    *,
    edition: str | None = None,
    hardware_version: str | None = None,
) -> dict:
    """The proposed answers as a Charging Station PICS. A feature the format has no
    way to leave open is listed only when proposed supported; questions and
    hardware features without a proposal stay unanswered. BootNotification has no
    hardware version: without `hardware_version` the field is empty, and the
    import asks for it."""
    product = dict.fromkeys(PRODUCT_FIELDS, "")
    profiles = [CORE]
    features: list[str] = []
    values: dict[str, list[str]] = {}
    questions: dict[str, bool] = {}
    hardware: dict[str, bool | int] = {}
    for proposal in proposals:
        if proposal.section == "product":
            product[proposal.id.removeprefix("product.")] = str(proposal.value)
        elif proposal.section == "profiles" and proposal.value is True:
            profiles.append(proposal.id)
        elif proposal.section == "features" and proposal.value is True:
            features.append(proposal.id)
        elif proposal.section == "values":
            values[proposal.id] = list(proposal.value)
        elif proposal.section == "questions":
            questions[proposal.id] = bool(proposal.value)
        elif proposal.section == "hardware":
            hardware[proposal.id] = proposal.value
    if hardware_version:
        product["hardware_version"] = hardware_version
    return {
        "format": FORMAT,
        "edition": edition,
        "sut": "cs",
        "product": product,
        "profiles": list(dict.fromkeys(profiles)),
        "features": features,
        "values": values,
        "questions": questions,
        "hardware": hardware,
        "product_subtype": None,
    }


@dataclass(frozen=True)
class Contradiction:
    """An answer of the PICS the device model says otherwise about."""

    id: str
    claimed: object
    reported: object
    message: str  # "PICS says C-49 not supported; AuthCacheCtrlr.Enabled = true"

    def to_json(self) -> dict:
        def plain(value):
            return list(value) if isinstance(value, tuple | set) else value

        return {
            "id": self.id,
            "claimed": plain(self.claimed),
            "reported": plain(self.reported),
            "message": self.message,
        }


def _yes_no(value: bool) -> str:
    return "supported" if value else "not supported"


def contradictions(
    document: PicsDocument, proposals: Iterable[Proposal]
) -> list[Contradiction]:
    """Where the PICS and the station disagree. Only answers the station gives are
    compared; an unanswered question or hardware feature is no contradiction, nor
    is a value the station supports but the PICS does not list."""
    found = []
    for proposal in proposals:
        claimed = _claimed(document, proposal)
        if claimed is None:
            continue
        if proposal.section == "values":
            extra = [v for v in claimed if v not in proposal.value]
            if extra:
                found.append(
                    Contradiction(
                        proposal.id,
                        tuple(claimed),
                        proposal.value,
                        f"PICS lists {', '.join(extra)} for {proposal.id}; "
                        f"{proposal.evidence}",
                    )
                )
            continue
        if claimed == proposal.value:
            continue
        if isinstance(proposal.value, bool) and proposal.section != "product":
            said = f"PICS says {proposal.id} {_yes_no(bool(claimed))}"
        else:
            said = f"PICS says {proposal.id} = {claimed}"
        found.append(
            Contradiction(
                proposal.id, claimed, proposal.value, f"{said}; {proposal.evidence}"
            )
        )
    return found


def _claimed(document: PicsDocument, proposal: Proposal):
    if proposal.section == "product":
        value = document.product.get(proposal.id.removeprefix("product."))
        return value or None
    if proposal.section == "profiles":
        return proposal.id in document.profiles
    if proposal.section == "features":
        return proposal.id in document.features
    if proposal.section == "values":
        return document.values.get(proposal.id, ())
    if proposal.section == "questions":
        return document.questions.get(proposal.id)
    return document.hardware.get(proposal.id)
