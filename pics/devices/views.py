"""Pre-fill from the device: upload a station's reports into a draft, then choose
among the answers they propose, with the live test count of the choice."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.roles import organisation_of
from certplanner.access import NOT_ALLOWED, ORGANISATION, ORGANISATION_EDIT, access
from devicemodel import ReportError
from pics.devices.forms import DeviceUploadForm, ProposalChoiceForm
from pics.devices.selectors import proposal_rows
from pics.devices.services import (
    chosen_proposals,
    device_proposals_accept,
    device_report_store,
    proposals_of,
    with_proposals,
)
from pics.models import DeviceReport, Pics
from pics.selectors import get_pics_for_user
from pics.wizard.services import EDITABLE_STATUSES, StaleVersion
from pics.wizard.views import Locked, editable_only
from profiles.selectors import catalogue_data
from rules import planner


def _draft(request, code) -> Pics:
    """A Charging Station draft of the caller's organisation (the device model
    describes a station; a CSMS has none)."""
    pics = get_pics_for_user(request.user, code)
    if organisation_of(request.user) is None or pics.sut != "cs":
        raise Http404("This PICS cannot be pre-filled from a device.")
    if pics.status not in EDITABLE_STATUSES:
        raise Locked(pics)
    return pics


def _report(pics: Pics, report_code: str) -> DeviceReport:
    report = pics.reports.filter(code=report_code).first()
    if report is None:
        raise Http404("No such device report.")
    return report


@access(get=ORGANISATION_EDIT, post=ORGANISATION_EDIT)
@editable_only
def device_upload(request, code):
    pics = _draft(request, code)
    # Bound on every POST: an empty one is a form error, not a blank page.
    bound = request.method == "POST"
    form = DeviceUploadForm(
        request.POST if bound else None, request.FILES if bound else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            report = device_report_store(
                pics,
                user=request.user,
                source=DeviceReport.Source.UPLOAD,
                inputs=form.inputs,
                boot=form.boot_input,
            )
        except ReportError as exc:
            form.add_report_error(exc)
        else:
            return redirect("device_proposals", code=pics.code, report_code=report.code)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "pics/devices/upload.html",
        {"pics": pics, "form": form, "reports": pics.reports.all()[:5]},
        status=status,
    )


def _plan_summary(catalogue, document) -> tuple[dict, list[str]]:
    plan = planner.plan(catalogue, document)
    return plan["summary"], [
        r["id"] for r in plan["test_cases"] if r["applicable"] is True
    ]


@access(get=ORGANISATION_EDIT, post=ORGANISATION_EDIT)
@editable_only
def device_proposals(request, code, report_code):
    """The proposals beside the current answers; POST accepts all, the selected
    ones, or none ("keep mine")."""
    pics = _draft(request, code)
    report = _report(pics, report_code)
    proposals = proposals_of(report)
    form = ProposalChoiceForm(
        request.POST if request.method == "POST" else None,
        proposal_ids=[p.id for p in proposals],
    )
    status = 200
    stale = False
    if request.method == "POST":
        if form.is_valid():
            ids = form.chosen_ids()
            if not ids:
                messages.info(request, "Your answers were kept; nothing changed.")
                return redirect("wizard_step", code=pics.code, step="review")
            try:
                device_proposals_accept(
                    pics,
                    report,
                    user=request.user,
                    ids=ids,
                    version=form.cleaned_data["version"],
                )
            except StaleVersion:
                stale, status = True, 409
            else:
                messages.success(
                    request,
                    f"{len(ids)} answer{'s' if len(ids) != 1 else ''} taken from the "
                    "device report. Check the steps, then submit.",
                )
                return redirect("wizard_step", code=pics.code, step="review")
        else:
            status = 400
    catalogue = catalogue_data(pics.edition)
    document = pics.document()
    summary, applicable = _plan_summary(catalogue, document)
    rows = proposal_rows(document, proposals)
    changing = [row["id"] for row in rows if row["differs"]]
    with_all, _ = _plan_summary(
        catalogue, with_proposals(document, chosen_proposals(report, changing))
    )
    return render(
        request,
        "pics/devices/proposals.html",
        {
            "pics": pics,
            "report": report,
            "rows": rows,
            # What would change first; what the device confirms folded away.
            "changing_rows": [row for row in rows if row["differs"]],
            "same_rows": [row for row in rows if not row["differs"]],
            "form": form,
            "stale": stale,
            "summary": summary,
            "summary_with_all": with_all,
            "applicable_ids": ",".join(applicable),
            "added": [],
            "removed": [],
        },
        status=status,
    )


@access(get=NOT_ALLOWED, post=ORGANISATION)
@require_POST
def device_proposals_preview(request, code, report_code):
    """The live panel for the chosen proposals, before anything is written."""
    pics = get_pics_for_user(request.user, code)
    report = _report(pics, report_code)
    catalogue = catalogue_data(pics.edition)
    current = pics.document()
    _, before = _plan_summary(catalogue, current)
    ids = request.POST.getlist("accept")[:1000]
    summary, after = _plan_summary(
        catalogue, with_proposals(current, chosen_proposals(report, ids))
    )
    before_set, after_set = set(before), set(after)
    return render(
        request,
        "pics/wizard/_live_panel.html",
        {
            "summary": summary,
            "applicable_ids": ",".join(after),
            "added": [i for i in after if i not in before_set],
            "removed": [i for i in before if i not in after_set],
            "pics": pics,
        },
    )
