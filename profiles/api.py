from django.http import JsonResponse

from certplanner.access import API_LOGGED_IN, API_NOT_ALLOWED, access
from certplanner.api import api_view, error

from .selectors import catalogue_data, visible_edition


@access(get=API_LOGGED_IN, post=API_NOT_ALLOWED)
@api_view("GET")
def catalogue(request, edition_code: str):
    edition = visible_edition(request.user, edition_code)
    if edition is None:
        return error(404, f"No edition {edition_code!r}.")
    return JsonResponse(
        catalogue_data(edition), json_dumps_params={"ensure_ascii": False}
    )
