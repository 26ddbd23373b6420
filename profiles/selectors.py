"""Reads of the catalogue. `catalogue_data` is the one plain-data form of an edition:
the export format, which the planner, the validation and the checks all read."""

from __future__ import annotations

from django.db.models import Prefetch

from rules.catalogue import usage_index

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

# A published edition's plain form is built once per process and reused until the
# edition's `updated_at` moves (the admin touches the edition when it saves one of
# its rows, e.g. a watchlist flag). Drafts are being edited: always read afresh.
_cache: dict[str, tuple[object, dict, dict]] = {}


def _cached(edition: Edition) -> tuple[object, dict, dict]:
    if not edition.is_published:
        return (None, _build_catalogue_data(edition), {})
    entry = _cache.get(edition.code)
    if entry is None or entry[0] != edition.updated_at:
        entry = (edition.updated_at, _build_catalogue_data(edition), {})
        _cache[edition.code] = entry
    return entry


def catalogue_data(edition: Edition) -> dict:
    """The edition in the export format: the one plain form every reader uses."""
    return _cached(edition)[1]


def catalogue_usage(edition: Edition) -> dict[tuple[str, str], list[str]]:
    """(side, id) -> test cases whose condition uses it; see catalogue.usage_index."""
    _, data, derived = _cached(edition)
    if "usage" not in derived:
        derived["usage"] = usage_index(data)
    return derived["usage"]


def _build_catalogue_data(edition: Edition) -> dict:
    profiles = list(
        Profile.objects.filter(edition=edition)
        .prefetch_related(
            Prefetch("items", queryset=ProfileItem.objects.order_by("position")),
            Prefetch(
                "controller_components",
                queryset=ControllerComponent.objects.order_by("position"),
            ),
            Prefetch("requires", queryset=Profile.objects.order_by("position")),
        )
        .order_by("position")
    )
    features = (
        Feature.objects.filter(edition=edition)
        .select_related("parent", "profile", "value_list")
        .order_by("side", "position")
    )
    return {
        "edition": {
            "code": edition.code,
            "title": edition.title,
            "date": edition.date.isoformat(),
            "status": edition.status,
        },
        "profiles": [
            {
                "name": p.name,
                "always_required": p.always_required,
                "description_items": [
                    {"text": i.text, "group": i.group} for i in p.items.all()
                ],
                "requires": [r.name for r in p.requires.all()],
                "requires_note": p.requires_note,
                "controller_components": [
                    c.name for c in p.controller_components.all()
                ],
                "controller_components_note": p.controller_components_note,
                "spec_line": p.spec_line,
            }
            for p in profiles
        ],
        "features": [
            {
                "id": f.code,
                "side": f.side,
                "name": f.name,
                "config_variable": f.config_variable,
                "parent": f.parent.code if f.parent else None,
                "profile": f.profile.name,
                "section": f.section,
                "support": f.support,
                "support_text": f.support_text,
                "kind": f.kind,
                "value_list": f.value_list.name if f.value_list else None,
                "related_use_cases": f.related_use_cases,
                "description": f.description,
                "spec_line": f.spec_line,
            }
            for f in features
        ],
        "value_lists": [
            {"name": v.name, "values": v.values, "source": v.source, "notes": v.notes}
            for v in ValueList.objects.filter(edition=edition).order_by("position")
        ],
        "list_constraints": [
            {
                "code": r.code,
                "side": r.side,
                "kind": r.kind,
                "subject": r.subject,
                "members": r.members,
                "sets": r.sets,
                "condition": r.condition or None,
                "text": r.text,
                "notes": r.notes,
                "source": r.source,
                "spec_line": r.spec_line,
            }
            for r in ListRule.objects.filter(edition=edition).order_by("position")
        ],
        "questions": [
            {"id": q.code, "side": q.side, "text": q.text, "spec_line": q.spec_line}
            for q in Question.objects.filter(edition=edition).order_by(
                "side", "position"
            )
        ],
        "hardware_features": [
            {"id": h.code, "text": h.text, "kind": h.kind, "spec_line": h.spec_line}
            for h in HardwareFeature.objects.filter(edition=edition).order_by(
                "position"
            )
        ],
        "controller_components": [
            {
                "profile": p.name,
                "components": [c.name for c in p.controller_components.all()],
            }
            for p in profiles
        ],
        "test_cases": [
            {
                "id": t.code,
                "group": t.group,
                "title": t.title,
                "profile": t.profile.name,
                "cs": t.cs or None,
                "csms": t.csms or None,
                "condition_cs": t.condition_cs or None,
                "condition_csms": t.condition_csms or None,
                "remark": t.remark,
                "related_feature_ids": t.related_feature_ids,
                "related_feature": t.related_feature,
                "watchlist": t.watchlist,
                "watchlist_note": t.watchlist_note,
                "spec_line": t.spec_line,
                "notes": t.notes,
                "confidence": t.confidence,
            }
            for t in TestCase.objects.filter(edition=edition)
            .select_related("profile")
            .order_by("position")
        ],
    }


def visible_editions(user):
    """Published editions for everyone; drafts only for catalogue admins."""
    from accounts.roles import Role, role_of

    editions = Edition.objects.all()
    if role_of(user) != Role.ADMIN:
        editions = editions.filter(status=Edition.Status.PUBLISHED)
    return editions


def visible_edition(user, code: str) -> Edition | None:
    return visible_editions(user).filter(code=code).first()
