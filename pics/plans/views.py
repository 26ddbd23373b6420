"""Anyone holding a plan PDF can check it: a page and POST /api/v1/verify."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import render

from certplanner.access import API_NOT_ALLOWED, EVERYONE, access
from certplanner.api import api_view, error
from pics.plans.forms import VerifyForm
from pics.plans.verification import MAX_PDF_BYTES, verify_plan_file


@access(get=EVERYONE, post=EVERYONE)
@login_not_required
def verify_page(request):
    form = VerifyForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        result = verify_plan_file(form.cleaned_data["file"])
    return render(request, "pics/verify.html", {"form": form, "result": result})


@access(get=API_NOT_ALLOWED, post=EVERYONE)
@api_view("POST", public=True)
def verify_api(request):
    """The PDF as a multipart field named `file`, or as the raw body."""
    if request.content_type == "multipart/form-data":
        upload = request.FILES.get("file")
        if upload is not None and upload.size > MAX_PDF_BYTES:
            return error(413, "The file is larger than 20 MB.")
        content = upload.read() if upload is not None else b""
    else:
        try:
            content = request.body
        except RequestDataTooBig:
            return error(413, "The body is larger than 2.5 MB; send it as multipart.")
    if not content:
        return error(
            400, "Send the PDF as the body or as a multipart field named file."
        )
    return JsonResponse(verify_plan_file(content))
