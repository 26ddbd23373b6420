from django.contrib import admin
from django.urls import include, path

from profiles import api as profiles_api

api_patterns = [
    path("catalogue/<slug:edition_code>", profiles_api.catalogue, name="api_catalogue"),
]

urlpatterns = [
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_patterns)),
    path("catalogue/", include("profiles.urls")),
    path("", include("pics.urls")),
]
