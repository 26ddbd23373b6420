from django.http import Http404
from django.shortcuts import redirect, render

from certplanner.access import LOGGED_IN, access
from rules.catalogue import SIDE_NAMES, profile_names
from rules.conditions import atoms, parse

from .selectors import (
    catalogue_data,
    catalogue_usage,
    visible_edition,
    visible_editions,
)


def _edition_or_404(user, code):
    edition = visible_edition(user, code)
    if edition is None:
        raise Http404("No such edition.")
    return edition


@access(get=LOGGED_IN, post=LOGGED_IN)
def catalogue_index(request):
    editions = visible_editions(request.user)
    current = editions.filter(status="published").first() or editions.first()
    if current is None:
        return render(request, "profiles/no_catalogue.html")
    return redirect("catalogue_test_cases", edition_code=current.code)


@access(get=LOGGED_IN, post=LOGGED_IN)
def test_cases(request, edition_code):
    edition = _edition_or_404(request.user, edition_code)
    data = catalogue_data(edition)
    profile = request.GET.get("profile", "")
    side = request.GET.get("side", "")
    requirement = request.GET.get("requirement", "")
    query = request.GET.get("q", "").strip().casefold()

    def shown(case):
        if profile and case["profile"] != profile:
            return False
        sides = [side] if side in SIDE_NAMES else list(SIDE_NAMES)
        if not any(case[s] for s in sides):
            return False
        if requirement and not any(case[s] == requirement for s in sides):
            return False
        text = f"{case['id']} {case['title']} {case['group']}".casefold()
        return not query or query in text

    grouped: dict[str, dict[str, list]] = {}
    for case in data["test_cases"]:
        if shown(case):
            grouped.setdefault(case["profile"], {}).setdefault(
                case["group"], []
            ).append(case)
    return render(
        request,
        "profiles/test_cases.html",
        {
            "edition": edition,
            "editions": visible_editions(request.user),
            "data": data,
            "grouped": grouped,
            "shown_count": sum(len(c) for g in grouped.values() for c in g.values()),
            "filters": {
                "profile": profile,
                "side": side,
                "requirement": requirement,
                "q": request.GET.get("q", ""),
            },
            "tab": "test_cases",
        },
    )


@access(get=LOGGED_IN, post=LOGGED_IN)
def features(request, edition_code):
    edition = _edition_or_404(request.user, edition_code)
    data = catalogue_data(edition)
    usage = catalogue_usage(edition)
    by_side: dict[str, dict[str, list]] = {}
    for feature in data["features"]:
        row = {**feature, "used_by": usage.get((feature["side"], feature["id"]), [])}
        section = by_side.setdefault(feature["side"], {}).setdefault(
            f"{feature['profile']}|{feature['section']}", []
        )
        section.append(row)
    sides = [
        {
            "code": side,
            "name": SIDE_NAMES[side],
            "sections": [
                {
                    "profile": key.split("|")[0],
                    "section": key.split("|")[1],
                    "rows": rows,
                }
                for key, rows in sections.items()
            ],
        }
        for side, sections in by_side.items()
    ]
    return render(
        request,
        "profiles/features.html",
        {
            "edition": edition,
            "editions": visible_editions(request.user),
            "data": data,
            "sides": sides,
            "tab": "features",
        },
    )


@access(get=LOGGED_IN, post=LOGGED_IN)
def feature_detail(request, edition_code, side, feature_code):
    edition = _edition_or_404(request.user, edition_code)
    data = catalogue_data(edition)
    feature = next(
        (f for f in data["features"] if f["side"] == side and f["id"] == feature_code),
        None,
    )
    if feature is None:
        raise Http404("No such feature.")
    used_by = set(catalogue_usage(edition).get((side, feature_code), []))
    cases = [c for c in data["test_cases"] if c["id"] in used_by]
    children = [
        f for f in data["features"] if f["side"] == side and f["parent"] == feature_code
    ]
    rules = [
        r
        for r in data["list_constraints"]
        if r["side"] == side
        and (
            r["subject"] == feature_code
            or feature_code in r["members"]
            or feature_code in _condition_ids(r["condition"], data)
        )
    ]
    value_list = next(
        (v for v in data["value_lists"] if v["name"] == feature["value_list"]), None
    )
    return render(
        request,
        "profiles/feature_detail.html",
        {
            "edition": edition,
            "feature": feature,
            "side_name": SIDE_NAMES[side],
            "cases": cases,
            "children": children,
            "rules": rules,
            "value_list": value_list,
        },
    )


@access(get=LOGGED_IN, post=LOGGED_IN)
def profiles_overview(request, edition_code):
    edition = _edition_or_404(request.user, edition_code)
    data = catalogue_data(edition)
    counts: dict[str, dict[str, int]] = {}
    for case in data["test_cases"]:
        entry = counts.setdefault(case["profile"], {"cs": 0, "csms": 0})
        for side in ("cs", "csms"):
            entry[side] += bool(case[side])
    profiles = [
        {
            **p,
            "groups": _group_items(p["description_items"]),
            "counts": counts.get(p["name"], {"cs": 0, "csms": 0}),
        }
        for p in data["profiles"]
    ]
    return render(
        request,
        "profiles/profiles.html",
        {
            "edition": edition,
            "editions": visible_editions(request.user),
            "data": data,
            "profiles": profiles,
            "tab": "profiles",
        },
    )


def _group_items(items):
    groups: dict[str, list[str]] = {}
    for item in items:
        groups.setdefault(item["group"], []).append(item["text"])
    return [{"name": name, "items": texts} for name, texts in groups.items()]


def _condition_ids(condition: str | None, data: dict) -> frozenset[str]:
    if not condition:
        return frozenset()
    return atoms(parse(condition, profiles=profile_names(data)))
