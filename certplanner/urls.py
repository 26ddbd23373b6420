from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from pics import api as pics_api
from pics.plans import views as plan_views
from profiles import api as profiles_api

api_patterns = [
    path("catalogue/<slug:edition_code>", profiles_api.catalogue, name="api_catalogue"),
    path("plans", pics_api.plans, name="api_plans"),
    path("device-reports", pics_api.device_reports, name="api_device_reports"),
    path("verify", plan_views.verify_api, name="api_verify"),
    path("pics", pics_api.pics_collection, name="api_pics"),
    path("pics/<str:code>", pics_api.pics_detail, name="api_pics_detail"),
    path("pics/<str:code>/plan", pics_api.pics_plan, name="api_pics_plan"),
    path(
        "submissions/<str:code>/diff",
        pics_api.submission_diff,
        name="api_submission_diff",
    ),
]

urlpatterns = [
    path("accounts/", include("accounts.urls")),
    path(settings.ADMIN_URL_PREFIX, admin.site.urls),
    path("api/v1/", include(api_patterns)),
    path("catalogue/", include("profiles.urls")),
    path("", include("pics.urls")),
]
