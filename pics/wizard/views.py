"""Views of the PICS wizard (see pics/wizard.py for the steps)."""

from __future__ import annotations

import functools

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
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
from pics.models import Pics, Submission, Transition
from pics.review.services import WorkflowError, submission_submit
from pics.selectors import get_pics_for_user
from pics.wizard.context import (
    feature_groups,
    problem_items,
    profile_cards,
    undetermined_by_answer,
)
from pics.wizard.forms import (
    STEP_BY_SLUG,
    ProductForm,
    next_step,
    previous_step,
    steps_for,
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
from rules.feature_effects import feature_effects
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
    organisation = organisation_of(request.user)
    form = ProductForm(
        request.POST or None,
        document=None,
        catalogue=catalogue,
        # Most vendors certify their own products: the organisation is a good start.
        initial={"vendor": organisation.name if organisation else ""},
    )
    if request.method == "POST" and form.is_valid():
        document = form.apply(None)
        pics = pics_create(
            organisation=organisation,
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


class Locked(Exception):
    """The PICS is with the lab or approved: its answers cannot change here."""

    def __init__(self, pics: Pics):
        self.pics = pics


def _editable_pics(request, code) -> Pics:
    pics = get_pics_for_user(request.user, code)
    if organisation_of(request.user) is None:
        raise Http404("This PICS cannot be edited.")
    if pics.status not in EDITABLE_STATUSES:
        raise Locked(pics)
    return pics


def _locked_page(request, pics: Pics) -> HttpResponse:
    """Why the answers cannot change and what to do instead, rather than a bare 404:
    the vendor followed a link of their own PICS."""
    submission = pics.submissions.order_by("-submitted_at").first()
    return render(
        request,
        "pics/wizard/locked.html",
        {"pics": pics, "submission": submission},
        status=200 if request.method == "GET" else 409,
    )


def editable_only(view):
    """Wizard views answer a locked PICS with the page that says why."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Locked as locked:
            return _locked_page(request, locked.pics)

    return wrapper


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
@editable_only
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
    started = set(pics.wizard_steps) | {"review"}
    # A step the vendor has not saved yet is "not answered yet", not wrong: its rules
    # are shown as errors only once the vendor has had a chance to follow them.
    shown_problems = [
        p
        for p in checked_problems
        if p.section not in sections or step_def.slug in started
    ]
    step_problems = [p for p in shown_problems if p.section in sections]
    context = {
        "pics": pics,
        "document": document,
        "form": form,
        "step": step_def,
        "steps": _step_list(pics, document, checked_problems, step_def.slug),
        "problems": checked_problems,
        "step_started": step_def.slug in started,
        "step_problems": problem_items(step_problems),
        "step_errors_count": sum(p.severity == "error" for p in step_problems),
        "unanswered_ids": {
            p.id
            for p in checked_problems
            if p.section in sections and p.severity != "error"
        },
        "plan": plan,
        "summary": plan["summary"],
        "applicable_ids": ",".join(
            r["id"] for r in plan["test_cases"] if r["applicable"] is True
        ),
        "previous": previous_step(document, step_def.slug),
        "next": next_step(document, step_def.slug),
        "stale": stale,
        "catalogue": catalogue,
        "changes_requested": _changes_requested(pics),
    }
    if step_def.slug == "features":
        context["feature_groups"] = feature_groups(
            form, catalogue, catalogue_usage(pics.edition), shown_problems, document
        )
    if step_def.slug == "profiles":
        context["profile_cards"] = profile_cards(form, catalogue, document, plan)
    if step_def.slug == "review":
        context.update(review_context(pics, document, catalogue, checked_problems))
    return render(request, step_def.template, context, status=status)


def _changes_requested(pics):
    """The lab's request when this draft came back from it, for every step."""
    return (
        Transition.objects.filter(
            submission__pics=pics,
            submission__state=Submission.State.CHANGES_REQUESTED,
            to_state=Submission.State.CHANGES_REQUESTED,
        )
        .select_related("submission", "actor")
        .order_by("-at", "-id")
        .first()
    )


def review_context(pics, document, catalogue, problems) -> dict:
    """The review step: problems by the step that fixes them; steps not saved yet
    as "not answered yet"; unanswered items split by whether they decide a test
    case of this plan (only those stand between the vendor and Submit)."""
    step_of = {
        section: slug
        for slug, sections in SECTION_OF_STEP.items()
        for section in sections
    }
    titles = {step.slug: step.title for step in steps_for(document)}
    saved = set(pics.wizard_steps)
    items = problem_items(problems, step_of)
    deciding = undetermined_by_answer(catalogue, document)
    unanswered = [
        {**item, "test_cases": deciding.get(item["id"], [])}
        for item in items
        if item["slug"] in saved and item["severity"] != "error"
    ]
    return {
        "errors": [
            item
            for item in items
            if item["slug"] in saved and item["severity"] == "error"
        ],
        "not_answered_steps": [
            {
                "slug": slug,
                "title": titles.get(slug, slug),
                "blocking": any(
                    i["slug"] == slug and i["severity"] == "error" for i in items
                ),
            }
            for slug in dict.fromkeys(item["slug"] for item in items)
            if slug not in saved
        ],
        # Errors of a step not saved yet are not listed, but still stop a submit.
        "has_errors": any(item["severity"] == "error" for item in items),
        "deciding_unanswered": [item for item in unanswered if item["test_cases"]],
        "other_warnings": [item for item in unanswered if not item["test_cases"]],
    }


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
    # A switch that moved nothing says why rather than leaving the panel silent.
    changed = request.POST.get("changed", "").partition(":")[2][:20]
    unchanged_because = None
    if previous and not added and not removed and changed:
        effect = feature_effects(
            catalogue, document, catalogue_usage(pics.edition), feature_ids=[changed]
        ).get(changed)
        if effect is not None:
            unchanged_because = effect
    return render(
        request,
        "pics/wizard/_live_panel.html",
        {
            "summary": plan["summary"],
            "applicable_ids": ",".join(applicable),
            "added": added,
            "removed": removed,
            "unchanged_because": unchanged_because,
            "pics": pics,
        },
    )


@access(get=NOT_ALLOWED, post=ORGANISATION_EDIT)
@require_POST
@editable_only
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
