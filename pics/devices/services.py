"""Writes of device reports: storing a station's reports on a draft, and accepting
the answers they propose through the wizard's save (version check included)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from django.db import transaction

from devicemodel import Proposal, ReportInput
from pics.devices.reports import prefill
from pics.models import DeviceReport, Pics
from pics.wizard.services import pics_update
from rules.document import PicsDocument

CORE = "Core"


def proposals_of(report: DeviceReport) -> list[Proposal]:
    """The stored proposals as devicemodel's objects (lists back to tuples)."""
    return [
        Proposal(
            id=item["id"],
            section=item["section"],
            value=tuple(item["value"])
            if isinstance(item["value"], list)
            else item["value"],
            evidence=item.get("evidence", ""),
            sources=tuple(item.get("sources", ())),
        )
        for item in report.proposals
    ]


def device_report_store(
    pics: Pics,
    *,
    user,
    source: str,
    inputs: list[ReportInput],
    boot: ReportInput | None = None,
) -> DeviceReport:
    """Read the reports against the PICS's edition and store them with what they
    propose; nothing of the PICS changes until the vendor accepts. Raises
    devicemodel.ReportError (nothing stored) when they cannot be read. Reading runs
    outside any transaction: on SQLite a transaction holds the write lock."""
    result = prefill(inputs, boot, edition_code=pics.edition.code)
    return DeviceReport.objects.create(
        pics=pics,
        source=source,
        messages=[{"name": item.name, "content": item.data} for item in inputs],
        boot=boot.data if boot is not None else None,
        proposals=[proposal.to_json() for proposal in result.proposals],
        created_by=user,
    )


def current_value(document: PicsDocument, proposal: Proposal):
    """The PICS's answer to what the proposal answers (None: unanswered)."""
    if proposal.section == "product":
        return document.product.get(proposal.id.removeprefix("product."), "") or None
    if proposal.section == "profiles":
        return proposal.id in document.profiles
    if proposal.section == "features":
        return proposal.id in document.features
    if proposal.section == "values":
        return tuple(document.values.get(proposal.id, ()))
    if proposal.section == "questions":
        return document.questions.get(proposal.id)
    return document.hardware.get(proposal.id)


def with_proposals(
    document: PicsDocument, proposals: Iterable[Proposal]
) -> PicsDocument:
    """The document with each proposal's answer in place of the vendor's."""
    product = dict(document.product)
    profiles = list(document.profiles)
    features = list(document.features)
    values = dict(document.values)
    questions = dict(document.questions)
    hardware = dict(document.hardware)
    for proposal in proposals:
        if proposal.section == "product":
            product[proposal.id.removeprefix("product.")] = str(proposal.value)
        elif proposal.section in ("profiles", "features"):
            chosen = profiles if proposal.section == "profiles" else features
            if proposal.value is True and proposal.id not in chosen:
                chosen.append(proposal.id)
            # Core is every PICS's profile: a station cannot take it away.
            elif proposal.value is False and proposal.id != CORE:
                while proposal.id in chosen:
                    chosen.remove(proposal.id)
        elif proposal.section == "values":
            values[proposal.id] = tuple(proposal.value)
        elif proposal.section == "questions":
            questions[proposal.id] = bool(proposal.value)
        elif proposal.section == "hardware":
            hardware[proposal.id] = proposal.value
    return dataclasses.replace(
        document,
        product=product,
        profiles=tuple(profiles),
        features=tuple(features),
        values=values,
        questions=questions,
        hardware=hardware,
    )


def chosen_proposals(report: DeviceReport, ids: Iterable[str]) -> list[Proposal]:
    wanted = set(ids)
    return [p for p in proposals_of(report) if p.id in wanted]


@transaction.atomic
def device_proposals_accept(
    pics: Pics, report: DeviceReport, *, user, ids: Iterable[str], version: int
) -> Pics:
    """Write the chosen proposals through the wizard's save, which refuses a stale
    version (wizard.services.StaleVersion), and record where each answer came
    from. Proposals not chosen leave the vendor's answers as they are."""
    chosen = chosen_proposals(report, ids)
    pics = pics_update(
        pics,
        user=user,
        document=with_proposals(pics.document(), chosen),
        version=version,
    )
    if chosen:
        # The row is locked by pics_update until this transaction ends.
        sources = dict(pics.answer_sources)
        for proposal in chosen:
            sources[proposal.id] = {
                "report": report.code,
                "evidence": proposal.evidence,
            }
        Pics.objects.filter(pk=pics.pk).update(answer_sources=sources)
        pics.answer_sources = sources
    return pics
