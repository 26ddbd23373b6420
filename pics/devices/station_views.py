"""Live from the station: the vendor creates a one-time OCPP connection URL for a
Charging Station draft and watches the station's report arrive."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from accounts.roles import organisation_of
from certplanner.access import NOT_ALLOWED, ORGANISATION_EDIT, access
from pics.devices.stations import (
    FINISHED,
    connection_status,
    latest_connection,
    station_connection_create,
    station_url,
)
from pics.models import Pics
from pics.selectors import get_pics_for_user
from pics.wizard.services import EDITABLE_STATUSES
from pics.wizard.views import Locked, editable_only


def _station_pics(request: HttpRequest, code: str) -> Pics:
    pics = get_pics_for_user(request.user, code)
    if organisation_of(request.user) is None:
        raise Http404("This PICS cannot be edited.")
    if pics.sut != "cs":
        raise Http404("Only a Charging Station has a device model.")
    if pics.status not in EDITABLE_STATUSES:
        raise Locked(pics)
    return pics


def proposals_url(pics: Pics, report_code: str | None) -> str | None:
    """Where the vendor reviews the report's proposals (the wizard's page)."""
    if report_code is None:
        return None
    return reverse("device_proposals", args=[pics.code, report_code])


@access(get=ORGANISATION_EDIT, post=ORGANISATION_EDIT)
@editable_only
def station_page(request: HttpRequest, code: str) -> HttpResponse:
    pics = _station_pics(request, code)
    password = None
    if request.method == "POST":
        connection, password = station_connection_create(pics, user=request.user)
    else:
        connection = latest_connection(pics)
    status = connection_status(connection) if connection else None
    return render(
        request,
        "pics/devices/station.html",
        {
            "pics": pics,
            "connection": connection,
            "url": station_url(connection) if connection else "",
            "password": password,
            "status": status,
            "finished": status is not None and status.state in FINISHED,
            "proposals_url": proposals_url(pics, status and status.report_code),
        },
    )


@access(get=ORGANISATION_EDIT, post=NOT_ALLOWED)
@require_GET
@editable_only
def station_status(request: HttpRequest, code: str) -> JsonResponse:
    pics = _station_pics(request, code)
    connection = latest_connection(pics)
    if connection is None:
        return JsonResponse(
            {"state": None, "label": "No connection URL yet.", "finished": False}
        )
    status = connection_status(connection)
    return JsonResponse(
        status.to_json()
        | {
            "finished": status.state in FINISHED,
            "proposals_url": proposals_url(pics, status.report_code),
        }
    )
