"""Writes of the catalogue: importing an edition from its exported form, cloning."""

from __future__ import annotations

import datetime

from django.db import transaction

from rules import integrity

from .models import (
    ControllerComponent,
    Edition,
    Feature,
    HardwareFeature,
    ListRule,
    Profile,
    ProfileItem,
    Question,
    TestCase,
    ValueList,
)
from .selectors import catalogue_data


class CatalogueImportError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:5]))
        self.problems = problems


@transaction.atomic
def catalogue_import(
    data: dict,
    *,
    code: str | None = None,
    title: str | None = None,
    status: str | None = None,
    cloned_from: Edition | None = None,
) -> Edition:
    """Create an edition from the export format; refuses an inconsistent one."""
    problems = integrity.check_catalogue(data)
    if problems:
        raise CatalogueImportError(problems)
    info = data["edition"]
    edition = Edition.objects.create(
        code=code or info["code"],
        title=title or info["title"],
        date=datetime.date.fromisoformat(info["date"]),
        status=status or info.get("status", Edition.Status.DRAFT),
        cloned_from=cloned_from,
    )
    profiles = {}
    for position, entry in enumerate(data["profiles"]):
        profile = Profile.objects.create(
            edition=edition,
            position=position,
            name=entry["name"],
            always_required=entry.get("always_required", False),
            requires_note=entry.get("requires_note", ""),
            controller_components_note=entry.get("controller_components_note", ""),
            spec_line=entry.get("spec_line"),
        )
        profiles[profile.name] = profile
        ProfileItem.objects.bulk_create(
            ProfileItem(
                profile=profile, position=i, text=item["text"], group=item["group"]
            )
            for i, item in enumerate(entry["description_items"])
        )
        ControllerComponent.objects.bulk_create(
            ControllerComponent(profile=profile, position=i, name=name)
            for i, name in enumerate(entry.get("controller_components", []))
        )
    for entry in data["profiles"]:
        profiles[entry["name"]].requires.set(
            profiles[name] for name in entry["requires"]
        )

    value_lists = {
        entry["name"]: ValueList.objects.create(
            edition=edition,
            position=position,
            name=entry["name"],
            values=entry["values"],
            source=entry.get("source", ""),
            notes=entry.get("notes", ""),
        )
        for position, entry in enumerate(data.get("value_lists", []))
    }
    features = {}
    for position, entry in enumerate(data["features"]):
        features[entry["side"], entry["id"]] = Feature.objects.create(
            edition=edition,
            position=position,
            side=entry["side"],
            code=entry["id"],
            name=entry["name"],
            config_variable=entry.get("config_variable") or "",
            parent=features[entry["side"], entry["parent"]]
            if entry["parent"]
            else None,
            profile=profiles[entry["profile"]],
            section=entry.get("section") or "",
            support=entry.get("support", Feature.Support.OPTIONAL),
            support_text=entry.get("support_text") or "",
            kind=entry.get("kind", Feature.Kind.BOOLEAN),
            value_list=value_lists[entry["value_list"]]
            if entry.get("value_list")
            else None,
            related_use_cases=entry.get("related_use_cases") or "",
            description=entry.get("description") or "",
            spec_line=entry.get("spec_line"),
        )
    ListRule.objects.bulk_create(
        ListRule(
            edition=edition,
            position=position,
            code=entry["code"],
            side=entry["side"],
            kind=entry["kind"],
            subject=entry["subject"],
            members=entry.get("members") or [],
            sets=entry.get("sets") or [],
            condition=entry.get("condition") or "",
            text=entry.get("text") or "",
            notes=entry.get("notes") or "",
            source=entry.get("source") or "",
            spec_line=entry.get("spec_line"),
        )
        for position, entry in enumerate(data["list_constraints"])
    )
    Question.objects.bulk_create(
        Question(
            edition=edition,
            position=position,
            side=entry["side"],
            code=entry["id"],
            text=entry["text"],
            spec_line=entry.get("spec_line"),
        )
        for position, entry in enumerate(data["questions"])
    )
    HardwareFeature.objects.bulk_create(
        HardwareFeature(
            edition=edition,
            position=position,
            code=entry["id"],
            text=entry["text"],
            kind=entry["kind"],
            spec_line=entry.get("spec_line"),
        )
        for position, entry in enumerate(data["hardware_features"])
    )
    TestCase.objects.bulk_create(
        TestCase(
            edition=edition,
            position=position,
            code=entry["id"],
            group=entry["group"],
            title=entry["title"],
            profile=profiles[entry["profile"]],
            cs=entry["cs"] or "",
            csms=entry["csms"] or "",
            condition_cs=entry["condition_cs"] or "",
            condition_csms=entry["condition_csms"] or "",
            remark=entry.get("remark") or "",
            related_feature_ids=entry.get("related_feature_ids") or [],
            related_feature=entry.get("related_feature") or "",
            spec_line=entry.get("spec_line"),
            notes=entry.get("notes") or "",
            confidence=entry.get("confidence") or TestCase.Confidence.HIGH,
            watchlist=entry.get("watchlist", False),
            watchlist_note=entry.get("watchlist_note") or "",
        )
        for position, entry in enumerate(data["test_cases"])
    )
    return edition


def edition_clone(edition: Edition, *, code: str, title: str | None = None) -> Edition:
    """A new draft edition with a copy of every row of `edition`."""
    return catalogue_import(
        catalogue_data(edition),
        code=code,
        title=title or f"{edition.title} (draft)",
        status=Edition.Status.DRAFT,
        cloned_from=edition,
    )


def edition_touch(edition: Edition) -> None:
    """Mark the edition changed, so cached plain forms of it are rebuilt."""
    edition.save(update_fields=["updated_at"])


@transaction.atomic
def edition_publish(edition: Edition) -> Edition:
    """Freeze a draft; an edition with consistency problems cannot be published."""
    problems = integrity.check_catalogue(catalogue_data(edition))
    if problems:
        raise CatalogueImportError(problems)
    edition.status = Edition.Status.PUBLISHED
    edition.save(update_fields=["status", "updated_at"])
    return edition
