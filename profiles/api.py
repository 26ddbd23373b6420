from django.http import JsonResponse

from certplanner.api import api_view, error

from .selectors import catalogue_data, visible_edition


@api_view("GET")
def catalogue(request, edition_code: str):
    edition = visible_edition(request.user, edition_code)
    if edition is None:
        return error(404, f"No edition {edition_code!r}.")
    return JsonResponse(
        catalogue_data(edition), json_dumps_params={"ensure_ascii": False}
    )
