"""JSON API for PICS and plans (see README, "API"). Scoped to the caller's
organisation: another organisation's PICS answers 404."""

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.urls import reverse

from accounts.roles import Role, organisation_of, role_of
from certplanner.access import (
    API_LOGGED_IN,
    API_NOT_ALLOWED,
    API_VENDORS,
    ORGANISATION,
    SUBMISSION,
    access,
)
from certplanner.api import BadJson, api_view, error, json_body, parse_json
from devicemodel import MAX_INPUT_BYTES, ReportError, ReportInput

from .devices.reports import prefill
from .review.diff import revision_diff
from .selectors import get_pics_for_user, get_submission_for_user, pics_visible_to
from .wizard.services import check_pics, check_raw, pics_import


def _problems(checked) -> list[dict]:
    return [problem.to_json() for problem in checked.problems]


def _refusal(checked, status=400) -> JsonResponse:
    return JsonResponse(
        {"error": "The PICS has errors.", "problems": _problems(checked)}, status=status
    )


def _pics_summary(pics) -> dict:
    return {
        "code": pics.code,
        "product": {
            "vendor": pics.vendor,
            "model": pics.model,
            "hardware_version": pics.hardware_version,
            "firmware_version": pics.firmware_version,
        },
        "sut": pics.sut,
        "edition": pics.edition.code,
        "status": pics.status,
        "revision": pics.revision,
        "updated_at": pics.updated_at.isoformat(),
        "url": reverse("api_pics_detail", args=[pics.code]),
        "plan_url": reverse("api_pics_plan", args=[pics.code]),
    }


@access(get=API_NOT_ALLOWED, post=API_LOGGED_IN)
@api_view("POST")
def plans(request):
    """A PICS in, its plan out; nothing is stored."""
    try:
        checked = check_raw(json_body(request))
    except BadJson as exc:
        return error(400, str(exc))
    if not checked.is_valid:
        return _refusal(checked)
    return JsonResponse({**checked.plan(), "problems": _problems(checked)})


@access(get=API_LOGGED_IN, post=API_VENDORS)
@api_view("GET", "POST")
def pics_collection(request):
    if request.method == "GET":
        items = [_pics_summary(p) for p in pics_visible_to(request.user)[:500]]
        return JsonResponse({"pics": items})
    if role_of(request.user) != Role.VENDOR:
        return error(403, "Only vendor users store PICS (for their organisation).")
    try:
        checked = check_raw(json_body(request))
    except BadJson as exc:
        return error(400, str(exc))
    pics = pics_import(
        checked, organisation=organisation_of(request.user), user=request.user
    )
    if pics is None:
        return _refusal(checked)
    return JsonResponse(
        {**_pics_summary(pics), "problems": _problems(checked)}, status=201
    )


@access(get=ORGANISATION, post=API_NOT_ALLOWED)
@api_view("GET")
def pics_detail(request, code):
    pics = get_pics_for_user(request.user, code)
    checked = check_pics(pics)
    return JsonResponse(
        {
            **_pics_summary(pics),
            "pics": pics.document().to_json(),
            "problems": _problems(checked),
        }
    )


@access(get=ORGANISATION, post=API_NOT_ALLOWED)
@api_view("GET")
def pics_plan(request, code):
    pics = get_pics_for_user(request.user, code)
    checked = check_pics(pics)
    if not checked.is_valid:
        return _refusal(checked, status=409)
    return JsonResponse(checked.plan())


@access(get=SUBMISSION, post=API_NOT_ALLOWED)
@api_view("GET")
def submission_diff(request, code):
    """Answers and plan changes from revision `from` to revision `to` (default: the
    current revision against the one before)."""
    submission = get_submission_for_user(request.user, code)
    revisions = {r.number: r for r in submission.revisions.all()}
    try:
        to_number = int(request.GET.get("to", submission.current_revision))
        from_number = int(request.GET.get("from", to_number - 1))
    except ValueError:
        return error(400, "from and to must be revision numbers.")
    missing = [n for n in (from_number, to_number) if n not in revisions]
    if missing:
        return error(
            400,
            f"No revision {missing[0]}: this submission has revisions "
            f"{', '.join(map(str, sorted(revisions)))}.",
        )
    return JsonResponse(
        {
            "submission": submission.code,
            **revision_diff(revisions[from_number], revisions[to_number]),
        }
    )


DEVICE_REPORT_FIELDS = {"reports", "boot", "hardware_version", "edition"}


def _device_report_request(body) -> tuple[list[ReportInput], ReportInput | None, dict]:
    if not isinstance(body, dict):
        raise BadJson('Send a JSON object: {"reports": [...], "boot": {...}}.')
    unknown = sorted(set(body) - DEVICE_REPORT_FIELDS)
    if unknown:
        raise BadJson(f"Unknown field {unknown[0]!r:.60}.")
    reports = body.get("reports")
    if not isinstance(reports, list) or not reports:
        raise BadJson(
            '"reports" must be a non-empty list: each item what one report file '
            "holds (a NotifyReportRequest, a list of parts, or OCPP-J frames)."
        )
    options = {}
    for name in ("hardware_version", "edition"):
        value = body.get(name)
        if value is not None and (not isinstance(value, str) or len(value) > 200):
            raise BadJson(f'"{name}" must be a text of at most 200 characters.')
        options[name] = value
    boot = body.get("boot")
    return (
        [ReportInput(f"reports[{i}]", data) for i, data in enumerate(reports)],
        ReportInput("boot", boot) if boot is not None else None,
        options,
    )


@access(get=API_NOT_ALLOWED, post=API_LOGGED_IN)
@api_view("POST")
def device_reports(request):
    """A station's device reports in, the proposed PICS with its evidence out;
    nothing is stored."""
    try:
        body = request.body
    except RequestDataTooBig:
        body = None
    if body is None or len(body) > MAX_INPUT_BYTES:
        return error(413, f"The reports are larger than {MAX_INPUT_BYTES // 2**20} MB.")
    try:
        if not body:
            raise BadJson("The body is empty; send a JSON document.")
        reports, boot, options = _device_report_request(parse_json(body))
        result = prefill(
            reports,
            boot,
            edition_code=options["edition"],
            hardware_version=options["hardware_version"],
        )
    except BadJson as exc:
        return error(400, str(exc))
    except ReportError as exc:
        return error(
            400,
            f"The device report cannot be read: {exc.summary()}",
            problems=[problem.to_json() for problem in exc.problems],
        )
    return JsonResponse(result.to_json())
