"""The lab's queue and the submission page (shared by the vendor and the lab)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.models import Organisation
from accounts.roles import ROLE_GROUPS, Role, role_of, role_required
from certplanner.access import LAB, NOT_ALLOWED, SUBMISSION, SUBMISSION_LAB, access
from pics.devices.crosscheck import crosscheck_rows, latest_report, taken_from_device
from pics.models import Submission
from pics.plans.jobs import latest_signed_plan, plan_job_request, plan_job_retry
from pics.review.diff import revision_diff
from pics.review.forms import CommentForm, DecisionForm
from pics.review.services import (
    WorkflowError,
    allowed_moves,
    submission_assign_to_me,
    submission_comment,
    submission_move,
)
from pics.selectors import (
    get_submission_for_lab,
    get_submission_for_user,
    submissions_matching,
)
from profiles.models import Edition, Side

LAB_ROLES = (Role.LAB_REVIEWER, Role.ADMIN)


@access(get=LAB, post=LAB)
@role_required(*LAB_ROLES)
def lab_queue(request):
    filters = {
        key: request.GET.get(key, "").strip()
        for key in ("q", "state", "organisation", "sut", "edition", "reviewer", "sort")
    }
    queryset = submissions_matching(request.user, **filters)
    page = Paginator(queryset, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "pics/lab/queue.html",
        {
            "page": page,
            "filters": filters,
            "states": Submission.State.choices,
            "organisations": Organisation.objects.filter(submissions__isnull=False)
            .distinct()
            .order_by("name"),
            "editions": Edition.objects.order_by("-date"),
            "reviewers": get_user_model()
            .objects.filter(groups__name=ROLE_GROUPS[Role.LAB_REVIEWER])
            .order_by("username"),
            "sides": Side.choices,
            "query_string": urlencode({k: v for k, v in filters.items() if v}),
        },
    )


@access(get=SUBMISSION, post=SUBMISSION)
def submission_detail(request, code):
    submission = get_submission_for_user(request.user, code)
    revisions = list(submission.revisions.select_related("created_by"))
    if not revisions:
        raise Http404("No such submission.")
    shown = _chosen_revision(request, revisions)
    previous = next((r for r in revisions if r.number == shown.number - 1), None)
    comments = list(submission.comments.select_related("author"))
    by_test_case: dict[str, list] = {}
    for comment in comments:
        if comment.test_case:
            by_test_case.setdefault(comment.test_case, []).append(comment)
    grouped: dict[str, dict[str, list]] = {}
    for row in shown.plan["test_cases"]:
        row = {**row, "comments": by_test_case.get(row["id"], [])}
        grouped.setdefault(row["profile"], {}).setdefault(row["group"], []).append(row)
    role = role_of(request.user)
    jobs = list(submission.jobs.all()[:5])
    is_lab = role in LAB_ROLES
    device_report = latest_report(submission.pics) if is_lab else None
    return render(
        request,
        "pics/submission.html",
        {
            "submission": submission,
            "revisions": revisions,
            "revision": shown,
            "document": shown.document,
            "summary": shown.plan["summary"],
            "grouped": grouped,
            "diff": revision_diff(previous, shown) if previous else None,
            "comments": comments,
            "transitions": submission.transitions.select_related("actor"),
            "moves": allowed_moves(submission, request.user),
            "is_lab": is_lab,
            "device_report": device_report,
            "crosscheck": crosscheck_rows(shown, device_report)
            if device_report
            else [],
            "device_sources": taken_from_device(submission.pics) if is_lab else [],
            "comment_form": CommentForm(
                test_cases=[r["id"] for r in shown.plan["test_cases"]],
                initial={"test_case": request.GET.get("tc", "")},
            ),
            "decision_form": DecisionForm(),
            "is_current": shown.number == submission.current_revision,
            "jobs": jobs,
            "pending_job": any(job.is_pending for job in jobs),
        },
    )


def _chosen_revision(request, revisions):
    wanted = request.GET.get("revision", "")
    for revision in revisions:
        if str(revision.number) == wanted:
            return revision
    return revisions[-1]


@access(get=NOT_ALLOWED, post=SUBMISSION)
@require_POST
def submission_action(request, code):
    submission = get_submission_for_user(request.user, code)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a valid action.")
        return redirect("submission_detail", code=code)
    try:
        submission = submission_move(
            submission,
            user=request.user,
            to_state=form.cleaned_data["to_state"],
            note=form.cleaned_data["note"],
        )
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, f"The submission is now {submission.get_state_display().lower()}."
        )
    return redirect("submission_detail", code=code)


@access(get=NOT_ALLOWED, post=SUBMISSION_LAB)
@require_POST
def submission_assign(request, code):
    submission = get_submission_for_lab(request.user, code)
    try:
        submission_assign_to_me(submission, user=request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "You are now the reviewer of this submission.")
    if request.POST.get("next") == "queue":
        return redirect("lab_queue")
    return redirect("submission_detail", code=code)


@access(get=NOT_ALLOWED, post=SUBMISSION)
@require_POST
def submission_comment_view(request, code):
    submission = get_submission_for_user(request.user, code)
    revision = submission.revisions.get(number=submission.current_revision)
    form = CommentForm(
        request.POST, test_cases=[r["id"] for r in revision.plan["test_cases"]]
    )
    if form.is_valid():
        submission_comment(
            submission,
            user=request.user,
            text=form.cleaned_data["text"],
            test_case=form.cleaned_data["test_case"],
        )
        messages.success(request, "Comment added.")
    else:
        messages.error(
            request,
            "The comment was not added: "
            + "; ".join(e for errors in form.errors.values() for e in errors),
        )
    return redirect("submission_detail", code=code)


@access(get=SUBMISSION, post=SUBMISSION)
def submission_plan_pdf(request, code):
    """The latest signed plan of the submission."""
    submission = get_submission_for_user(request.user, code)
    job = latest_signed_plan(submission)
    if job is None:
        raise Http404("No signed plan yet.")
    return FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=f"signed-plan-{submission.code}-revision-{job.revision}.pdf",
        content_type="application/pdf",
    )


@access(get=NOT_ALLOWED, post=SUBMISSION_LAB)
@require_POST
def submission_issue_plan(request, code):
    """Lab staff issue the signed plan again (a new job, a new document)."""
    submission = get_submission_for_lab(request.user, code)
    if submission.state != Submission.State.APPROVED:
        messages.error(request, "Only an approved submission has a signed plan.")
    else:
        plan_job_request(submission, user=request.user)
        messages.success(request, "The signed plan is being produced.")
    return redirect("submission_detail", code=code)


@access(get=NOT_ALLOWED, post=SUBMISSION_LAB)
@require_POST
def plan_job_retry_view(request, code, job_code):
    submission = get_submission_for_lab(request.user, code)
    job = submission.jobs.filter(code=job_code).first()
    if job is None:
        raise Http404("No such job.")
    plan_job_retry(job, user=request.user)
    messages.success(request, "The job was queued again.")
    return redirect("submission_detail", code=code)
