from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header

from accounts.roles import Role, organisation_of, role_of, role_required
from certplanner.access import (
    DRAFT_PDF,
    DUPLICATE,
    LOGGED_IN,
    ORGANISATION,
    VENDORS,
    VENDORS_AND_ADMINS,
    access,
)
from pics.models import OPEN_STATES, Pics
from pics.selectors import (
    PICS_SORTS,
    get_pics_for_user,
    pics_matching,
    pics_visible_to,
    submissions_visible_to,
    with_latest_submission,
)
from pics.wizard.exports import plan_csv, to_json_text
from pics.wizard.forms import DuplicateForm, PicsImportForm
from pics.wizard.services import (
    check_pics,
    check_raw,
    pics_duplicate,
    pics_import,
)
from profiles.models import Side


@access(get=LOGGED_IN, post=LOGGED_IN)
def dashboard(request):
    role = role_of(request.user)
    context = {"organisation": organisation_of(request.user)}
    template = {
        Role.VENDOR: "pics/dashboard_vendor.html",
        Role.LAB_REVIEWER: "pics/dashboard_lab.html",
        Role.ADMIN: "pics/dashboard_admin.html",
    }.get(role, "pics/dashboard_norole.html")
    if role == Role.VENDOR:
        context["recent_pics"] = with_latest_submission(pics_visible_to(request.user))[
            :8
        ]
    if role in (Role.LAB_REVIEWER, Role.ADMIN):
        submissions = submissions_visible_to(request.user)
        context["open_count"] = submissions.filter(state__in=OPEN_STATES).count()
        context["mine"] = list(
            submissions.filter(reviewer=request.user, state="in_review")[:10]
        )
        context["unassigned"] = list(
            submissions.filter(reviewer__isnull=True, state="submitted")[:10]
        )
    return render(request, template, context)


@access(get=VENDORS, post=VENDORS)
@role_required(Role.VENDOR)
def pics_import_view(request):
    form = PicsImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        checked = check_raw(form.cleaned_data["file"])
        pics = pics_import(
            checked, organisation=organisation_of(request.user), user=request.user
        )
        if pics is not None:
            errors = len(checked.errors)
            note = (
                f" with {errors} problem{'s' * (errors != 1)} to fix" if errors else ""
            )
            messages.success(request, f"Imported {pics}{note}.")
            return redirect("pics_plan", code=pics.code)
        problems = checked.problems
    return render(request, "pics/import.html", {"form": form, "problems": problems})


def _plan_context(request, code):
    pics = get_pics_for_user(request.user, code)
    checked = check_pics(pics)
    return pics, checked, checked.plan()


@access(get=ORGANISATION, post=ORGANISATION)
def pics_plan(request, code):
    pics, checked, plan = _plan_context(request, code)
    filters = {
        "q": request.GET.get("q", "").strip(),
        "profile": request.GET.get("profile", ""),
        "requirement": request.GET.get("requirement", ""),
        "applies": request.GET.get("applies", ""),
    }
    wanted_applies = {"yes": True, "no": False, "open": None}.get(
        filters["applies"], ...
    )
    query = filters["q"].casefold()
    grouped: dict[str, dict[str, list]] = {}
    for row in plan["test_cases"]:
        if filters["profile"] and row["profile"] != filters["profile"]:
            continue
        if filters["requirement"] and row["requirement"] != filters["requirement"]:
            continue
        if wanted_applies is not ... and row["applicable"] is not wanted_applies:
            continue
        if (
            query
            and query not in f"{row['id']} {row['title']} {row['group']}".casefold()
        ):
            continue
        grouped.setdefault(row["profile"], {}).setdefault(row["group"], []).append(row)
    empty_profiles = [
        name
        for name, counts in plan["summary"]["by_profile"].items()
        if not any(counts.values())
    ]
    return render(
        request,
        "pics/plan.html",
        {
            "pics": pics,
            "plan": plan,
            "summary": plan["summary"],
            "problems": checked.problems,
            "errors": checked.errors,
            "grouped": grouped,
            "shown": sum(len(rows) for g in grouped.values() for rows in g.values()),
            "filters": filters,
            "empty_profiles": empty_profiles,
        },
    )


def _download(content: str | bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    # Django's helper writes an ASCII `filename` and, for names beyond ASCII (vendors
    # such as 東芝), an RFC 6266 `filename*`, which every browser honours.
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _file_stem(pics) -> str:
    return "-".join(
        "".join(c if c.isalnum() else "_" for c in part)
        for part in (pics.vendor, pics.model, pics.firmware_version)
    )


@access(get=ORGANISATION, post=ORGANISATION)
def pics_plan_json(request, code):
    pics, _, plan = _plan_context(request, code)
    return _download(
        to_json_text(plan), f"plan-{_file_stem(pics)}.json", "application/json"
    )


@access(get=ORGANISATION, post=ORGANISATION)
def pics_plan_csv(request, code):
    pics, _, plan = _plan_context(request, code)
    return _download(plan_csv(plan), f"plan-{_file_stem(pics)}.csv", "text/csv")


@access(get=ORGANISATION, post=ORGANISATION)
def pics_export(request, code):
    pics = get_pics_for_user(request.user, code)
    return _download(
        to_json_text(pics.document().to_json()),
        f"pics-{_file_stem(pics)}.json",
        "application/json",
    )


@access(get=VENDORS_AND_ADMINS, post=VENDORS_AND_ADMINS)
@role_required(Role.VENDOR, Role.ADMIN)
def pics_list(request):
    filters = {
        "q": request.GET.get("q", "").strip(),
        "sut": request.GET.get("sut", ""),
        "status": request.GET.get("status", ""),
        "sort": request.GET.get("sort", "updated"),
    }
    queryset = pics_matching(request.user, **filters)
    page = Paginator(queryset, 20).get_page(request.GET.get("page"))
    query_string = {k: v for k, v in filters.items() if v}
    return render(
        request,
        "pics/list.html",
        {
            "page": page,
            "filters": filters,
            "sides": Side.choices,
            "statuses": Pics.Status.choices,
            "sorts": [(key, label) for key, (_, label) in PICS_SORTS.items()],
            "query_string": urlencode(query_string),
            "any_pics": page.paginator.count > 0
            or pics_visible_to(request.user).exists(),
        },
    )


@access(get=DUPLICATE, post=DUPLICATE)
@role_required(Role.VENDOR)
def pics_duplicate_view(request, code):
    pics = get_pics_for_user(request.user, code)
    form = DuplicateForm(
        request.POST or None, initial={"firmware_version": pics.firmware_version}
    )
    if request.method == "POST" and form.is_valid():
        copy = pics_duplicate(
            pics,
            user=request.user,
            firmware_version=form.cleaned_data["firmware_version"],
        )
        messages.success(request, f"{copy} created from {pics}.")
        return redirect("wizard_step", code=copy.code, step="review")
    return render(request, "pics/duplicate.html", {"pics": pics, "form": form})


@access(get=DRAFT_PDF, post=DRAFT_PDF)
@role_required(Role.VENDOR, Role.ADMIN)
def pics_draft_pdf(request, code):
    """An unsigned, watermarked preview of the plan of the PICS as it stands."""
    from pics.plans.jobs import build_plan_document
    from pics.plans.pdf import PlanRenderError, render_plan_pdf

    pics, checked, plan = _plan_context(request, code)
    try:
        pdf = render_plan_pdf(
            build_plan_document(
                organisation=pics.organisation.name,
                edition=pics.edition,
                document=checked.document.to_json(),
                plan=plan,
                draft=True,
                development=False,
            )
        )
    except PlanRenderError as exc:
        # The PICS's own texts are the cause: the vendor is told what to shorten.
        return render(
            request,
            "pics/draft_pdf_failed.html",
            {"pics": pics, "reason": str(exc)},
            status=422,
        )
    return _download(pdf, f"DRAFT-plan-{_file_stem(pics)}.pdf", "application/pdf")
