"""Views of the PICS wizard (see pics/wizard.py for the steps)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.roles import Role, organisation_of, role_required
from certplanner.access import (
    NOT_ALLOWED,
    ORGANISATION,
    ORGANISATION_EDIT,
    VENDORS,
    access,
)
from pics.models import Pics
from pics.review.services import WorkflowError, submission_submit
from pics.selectors import get_pics_for_user
from pics.wizard.forms import (
    STEP_BY_SLUG,
    ProductForm,
    feature_field_name,
    next_step,
    previous_step,
    steps_for,
    values_field_name,
)
from pics.wizard.services import (
    EDITABLE_STATUSES,
    StaleVersion,
    pics_create,
    pics_update,
)
from pics.wizard.steps import applies as step_applies
from profiles.models import Edition
from profiles.selectors import catalogue_data, catalogue_usage
from rules import planner
from rules.document import PicsDocument
from rules.validation import validate

SECTION_OF_STEP = {
    "product": {"product", "format"},
    "profiles": {"profiles"},
    "features": {"features"},
    "questions": {"questions"},
    "hardware": {"hardware"},
}


@access(get=VENDORS, post=VENDORS)
@role_required(Role.VENDOR)
def wizard_new(request):
    """Step 1 for a PICS that does not exist yet: saving it creates the draft."""
    edition = Edition.objects.current()
    catalogue = catalogue_data(edition) if edition else None
    form = ProductForm(request.POST or None, document=None, catalogue=catalogue)
    if request.method == "POST" and form.is_valid():
        document = form.apply(None)
        pics = pics_create(
            organisation=organisation_of(request.user),
            user=request.user,
            edition=form.cleaned_data["edition"],
            document=document,
            wizard_steps=["product"],
        )
        messages.success(request, f"Draft created for {pics}.")
        target = "profiles" if request.POST.get("action") != "draft" else "product"
        return redirect("wizard_step", code=pics.code, step=target)
    context = {
        "form": form,
        "step": STEP_BY_SLUG["product"],
        "steps": _step_list(None, None, [], "product"),
        "pics": None,
    }
    return render(request, "pics/wizard/product.html", context)


def _editable_pics(request, code) -> Pics:
    pics = get_pics_for_user(request.user, code)
    if organisation_of(request.user) is None or pics.status not in EDITABLE_STATUSES:
        raise Http404("This PICS cannot be edited.")
    return pics


def _step_list(pics, document, problems, current):
    """The steps with their state: not started, complete, open answers, problems."""
    # A PICS not created yet shows the steps of a Charging Station, the default.
    steps = steps_for(document) if document else list(STEP_BY_SLUG.values())
    done = set(pics.wizard_steps) if pics else set()
    items = []
    for step in steps:
        sections = SECTION_OF_STEP.get(step.slug, set())
        mine = [p for p in problems if p.section in sections]
        if step.slug not in done and step.slug != "review":
            state = "not_started"
        elif any(p.severity == "error" for p in mine):
            state = "problems"
        elif mine:
            state = "open"
        elif step.slug == "review":
            state = "review"
        else:
            state = "complete"
        items.append(
            {
                "slug": step.slug,
                "title": step.title,
                "state": state,
                "current": step.slug == current,
                "url": reverse("wizard_step", args=[pics.code, step.slug])
                if pics
                else "",
            }
        )
    return items


@access(get=ORGANISATION_EDIT, post=ORGANISATION_EDIT)
def wizard_step(request, code, step):
    pics = _editable_pics(request, code)
    step_def = STEP_BY_SLUG.get(step)
    document = pics.document()
    if step_def is None or not step_applies(step_def.slug, document):
        raise Http404("No such step.")
    catalogue = catalogue_data(pics.edition)
    form = step_def.form_class(
        request.POST or None, document=document, catalogue=catalogue
    )
    if request.method == "POST" and form.is_valid():
        try:
            pics = pics_update(
                pics,
                user=request.user,
                document=form.apply(document),
                version=_posted_version(request),
                step=step,
            )
        except StaleVersion:
            messages.error(
                request,
                "This PICS was changed elsewhere (another tab or a colleague) since "
                "you opened this page. Your changes here were not saved.",
            )
            return _render_step(
                request, pics, step_def, form, catalogue, stale=True, status=409
            )
        return _after_save(request, pics, step_def, catalogue)
    return _render_step(request, pics, step_def, form, catalogue)


def _posted_version(request) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1


def _after_save(request, pics, step_def, catalogue):
    """Where a saved step leads: the list (draft), back, or on unless the step still
    has errors of its own."""
    action = request.POST.get("action", "continue")
    document = pics.document()
    if action == "draft":
        messages.success(request, "Draft saved. You can come back to it any time.")
        return redirect("pics_list")
    if action == "back":
        target = previous_step(document, step_def.slug) or step_def
        return redirect("wizard_step", code=pics.code, step=target.slug)
    sections = SECTION_OF_STEP.get(step_def.slug, set())
    problems = validate(document, catalogue)
    if any(p.severity == "error" and p.section in sections for p in problems):
        messages.warning(request, "Saved, but this step still has problems to fix.")
        form = step_def.form_class(document=document, catalogue=catalogue)
        return _render_step(request, pics, step_def, form, catalogue, problems=problems)
    target = next_step(document, step_def.slug) or step_def
    return redirect("wizard_step", code=pics.code, step=target.slug)


def _render_step(
    request, pics, step_def, form, catalogue, stale=False, status=200, problems=None
):
    document = pics.document()
    checked_problems = validate(document, catalogue) if problems is None else problems
    plan = planner.plan(catalogue, document)
    sections = SECTION_OF_STEP.get(step_def.slug, set())
    context = {
        "pics": pics,
        "document": document,
        "form": form,
        "step": step_def,
        "steps": _step_list(pics, document, checked_problems, step_def.slug),
        "problems": checked_problems,
        "step_problems": [p for p in checked_problems if p.section in sections],
        "step_errors_count": sum(
            p.severity == "error" for p in checked_problems if p.section in sections
        ),
        "plan": plan,
        "summary": plan["summary"],
        "applicable_ids": ",".join(
            r["id"] for r in plan["test_cases"] if r["applicable"] is True
        ),
        "previous": previous_step(document, step_def.slug),
        "next": next_step(document, step_def.slug),
        "stale": stale,
        "catalogue": catalogue,
    }
    if step_def.slug == "features":
        context["feature_groups"] = feature_groups(
            form,
            catalogue,
            catalogue_usage(pics.edition),
            checked_problems,
            document.sut,
        )
    if step_def.slug == "profiles":
        context["profile_cards"] = profile_cards(form, catalogue, document)
    if step_def.slug == "review":
        step_of = {
            section: slug
            for slug, sections in SECTION_OF_STEP.items()
            for section in sections
        }
        located = [(p, step_of.get(p.section, "product")) for p in checked_problems]
        context["errors"] = [(p, s) for p, s in located if p.severity == "error"]
        context["warnings"] = [(p, s) for p, s in located if p.severity != "error"]
    return render(request, step_def.template, context, status=status)


def profile_cards(form, catalogue, document: PicsDocument):
    from rules.catalogue import effective_profiles

    chosen = set(document.profiles)
    active = set(effective_profiles(catalogue, document.profiles))
    cards = []
    checkboxes = {str(w.data["value"]): w for w in form["profiles"]}
    for profile in catalogue["profiles"]:
        name = profile["name"]
        required_by = [
            p["name"]
            for p in catalogue["profiles"]
            if name in p["requires"] and p["name"] in chosen
        ]
        cards.append(
            {
                "profile": profile,
                "checkbox": checkboxes.get(name),
                "included": name in active,
                "required_by": required_by,
                "test_cases": sum(
                    1
                    for c in catalogue["test_cases"]
                    if c["profile"] == name and c[document.sut]
                ),
            }
        )
    return cards


def feature_groups(form, catalogue, usage, problems, side):
    """The features step as the document groups it: profile and sub-heading, parents
    with their members; each row with its field, problems and influenced test cases."""
    by_id = {}
    for problem in problems:
        if problem.section == "features":
            by_id.setdefault(problem.id, []).append(problem)
    fixed = {
        r["subject"]: r["members"]
        for r in catalogue["list_constraints"]
        if r["side"] == side and r["kind"] in ("must_include", "implied_member")
    }
    groups: list[dict] = []
    rows_by_id = {}
    for feature in form.features:
        key = (feature["profile"], feature["section"])
        # A new group wherever the table starts a new profile or sub-heading.
        if not groups or groups[-1]["key"] != key:
            groups.append(
                {
                    "key": key,
                    "profile": feature["profile"],
                    "section": feature["section"],
                    "rows": [],
                    "problems": by_id.get(feature["section"], [])
                    if feature["section"]
                    else [],
                }
            )
        group = groups[-1]
        name = (
            feature_field_name(feature["id"])
            if feature["kind"] == "boolean"
            else values_field_name(feature["id"])
        )
        row = {
            "feature": feature,
            "field": form[name] if name in form.fields else None,
            "problems": by_id.get(feature["id"], []),
            "used_by": usage.get((side, feature["id"]), []),
            "fixed": fixed.get(feature["id"], []),
            "children": [],
        }
        rows_by_id[feature["id"]] = row
        parent = rows_by_id.get(feature["parent"]) if feature["parent"] else None
        if parent is not None:
            parent["children"].append(row)
        else:
            group["rows"].append(row)
    return groups


@access(get=NOT_ALLOWED, post=ORGANISATION)
@require_POST
def wizard_preview(request, code, step):
    """The live panel: the plan of the saved answers with this step's unsaved
    changes, and how it moved since the previous panel."""
    pics = get_pics_for_user(request.user, code)
    step_def = STEP_BY_SLUG.get(step)
    if step_def is None:
        raise Http404("No such step.")
    document = pics.document()
    catalogue = catalogue_data(pics.edition)
    form = step_def.form_class(request.POST, document=document, catalogue=catalogue)
    if form.is_valid() and step != "product":
        document = form.apply(document)
    plan = planner.plan(catalogue, document)
    applicable = [r["id"] for r in plan["test_cases"] if r["applicable"] is True]
    # The previous panel's ids, as the browser sent them back: bounded by the plan.
    previous = [i for i in request.POST.get("previous", "").split(",")[:1000] if i]
    previous_set, applicable_set = set(previous), set(applicable)
    added = [i for i in applicable if i not in previous_set] if previous else []
    removed = [i for i in previous if i not in applicable_set]
    return render(
        request,
        "pics/wizard/_live_panel.html",
        {
            "summary": plan["summary"],
            "applicable_ids": ",".join(applicable),
            "added": added,
            "removed": removed,
            "pics": pics,
        },
    )


@access(get=NOT_ALLOWED, post=ORGANISATION_EDIT)
@require_POST
def pics_submit(request, code):
    pics = _editable_pics(request, code)
    if _posted_version(request) != pics.version:
        messages.error(
            request,
            "Not submitted: the PICS changed since you opened the review. Check the "
            "answers below and submit again.",
        )
        return redirect("wizard_step", code=pics.code, step="review")
    try:
        submission = submission_submit(
            pics, user=request.user, note=request.POST.get("note", "")
        )
    except WorkflowError as exc:
        messages.error(request, f"Not submitted: {exc}")
        return redirect("wizard_step", code=pics.code, step="review")
    messages.success(
        request,
        f"{pics} was submitted to {settings.LAB_NAME} "
        f"(revision {submission.current_revision}).",
    )
    return redirect("submission_detail", code=submission.code)
