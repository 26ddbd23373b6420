"""Writes and the validated reading of PICS documents, shared by every interface
(wizard, JSON import, API, CLI)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation
from pics.models import Pics
from pics.wizard.steps import step_slugs_for
from profiles.models import Edition
from profiles.selectors import catalogue_data
from rules import planner
from rules.document import PicsDocument, Problem, error, read_document
from rules.validation import validate

# A PICS the lab has (or has approved) is frozen; changes go through the review.
EDITABLE_STATUSES = (Pics.Status.DRAFT,)


@dataclass
class CheckedPics:
    """A PICS read and validated: the document (None when unusable), its edition and
    catalogue, and every problem."""

    document: PicsDocument | None
    edition: Edition | None = None
    data: dict | None = None
    problems: list[Problem] = field(default_factory=list)
    # Errors of reading (structure, edition): the document lost something.
    reading_errors: int = 0

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def is_storable(self) -> bool:
        return (
            self.document is not None
            and self.edition is not None
            and not (self.reading_errors)
        )

    @property
    def is_valid(self) -> bool:
        return self.document is not None and self.data is not None and not self.errors

    def plan(self) -> dict:
        return planner.plan(self.data, self.document)


def check_pics(pics: Pics) -> CheckedPics:
    """Validate a stored PICS against the edition it pins."""
    document = pics.document()
    data = catalogue_data(pics.edition)
    return CheckedPics(document, pics.edition, data, validate(document, data))


def check_document(document: PicsDocument, problems=()) -> CheckedPics:
    """Resolve the document's edition (default: the current published one) and
    validate it against that edition. `problems` are those of reading it."""
    problems = list(problems)
    reading_errors = sum(p.severity == "error" for p in problems)
    if document.edition:
        edition = Edition.objects.filter(
            code=document.edition, status=Edition.Status.PUBLISHED
        ).first()
        if edition is None:
            problems.append(
                error(
                    "edition",
                    f'"{document.edition:.60}" is not a published edition.',
                    "product",
                )
            )
            return CheckedPics(document, problems=problems, reading_errors=1)
    else:
        edition = Edition.objects.current()
        if edition is None:
            problems.append(
                error("edition", "No catalogue edition is published.", "product")
            )
            return CheckedPics(document, problems=problems)
        document = dataclasses.replace(document, edition=edition.code)
    data = catalogue_data(edition)
    problems += validate(document, data)
    return CheckedPics(document, edition, data, problems, reading_errors)


def check_raw(raw: Any) -> CheckedPics:
    """Read untrusted JSON data and validate it: the one entry point of every
    interface that receives PICS JSON."""
    document, problems = read_document(raw)
    if document is None:
        return CheckedPics(None, problems=problems, reading_errors=len(problems))
    return check_document(document, problems)


def _fields_from(document: PicsDocument) -> dict:
    return {
        "sut": document.sut,
        "product_subtype": document.product_subtype or "",
        "vendor": document.product.get("vendor", ""),
        "model": document.product.get("model", ""),
        "hardware_version": document.product.get("hardware_version", ""),
        "firmware_version": document.product.get("firmware_version", ""),
        "answers": {
            "profiles": list(document.profiles),
            "features": list(document.features),
            "values": {k: list(v) for k, v in document.values.items()},
            "questions": dict(document.questions),
            "hardware": dict(document.hardware),
        },
    }


@transaction.atomic
def pics_create(
    *,
    organisation: Organisation,
    user,
    edition: Edition,
    document: PicsDocument,
    wizard_steps: list[str] | None = None,
) -> Pics:
    return Pics.objects.create(
        organisation=organisation,
        edition=edition,
        created_by=user,
        updated_by=user,
        wizard_steps=wizard_steps or [],
        **_fields_from(document),
    )


def pics_import(
    checked: CheckedPics, *, organisation: Organisation, user
) -> Pics | None:
    """Store an imported document as a new draft, with its problems to fix in the
    wizard, unless part of it could not be read (a wrong type, an unknown field, a
    missing product name): storing it would lose that part, so nothing is stored
    and None is returned."""
    if not checked.is_storable:
        return None
    return pics_create(
        organisation=organisation,
        user=user,
        edition=checked.edition,
        document=checked.document,
        # Every part was answered by the file: no step is "not started".
        wizard_steps=step_slugs_for(checked.document),
    )


class StaleVersion(Exception):
    """The PICS changed since the editor loaded it."""


@transaction.atomic
def pics_update(
    pics: Pics, *, user, document: PicsDocument, version: int, step: str | None = None
) -> Pics:
    """Save new answers, refusing a save based on an outdated version. Changed
    answers are refused once the PICS is with the lab."""
    fields = _fields_from(document)
    edition = Edition.objects.filter(code=document.edition).first() or pics.edition
    # The row is locked before it is read: a save at the same moment waits here, then
    # sees the version this one wrote and is refused, and the steps list is extended
    # from what is stored, not from the caller's older copy.
    current = (
        Pics.objects.select_for_update()
        .filter(pk=pics.pk, version=version, status__in=EDITABLE_STATUSES)
        .first()
    )
    if current is None:
        raise StaleVersion(pics.code)
    steps = list(current.wizard_steps)
    if step and step not in steps:
        steps.append(step)
    Pics.objects.filter(pk=pics.pk).update(
        updated_by=user,
        updated_at=timezone.now(),
        version=version + 1,
        edition=edition,
        wizard_steps=steps,
        **fields,
    )
    pics.refresh_from_db()
    return pics


@transaction.atomic
def pics_duplicate(pics: Pics, *, user, firmware_version: str) -> Pics:
    """A new draft with the same answers, for another firmware version."""
    document = dataclasses.replace(
        pics.document(),
        product={
            **pics.document().product,
            "firmware_version": firmware_version.strip(),
        },
    )
    return pics_create(
        organisation=pics.organisation,
        user=user,
        edition=pics.edition,
        document=document,
        wizard_steps=list(pics.wizard_steps),
    )
