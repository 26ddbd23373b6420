from django.urls import path

from . import station_views

urlpatterns = [
    path("pics/<str:code>/station/", station_views.station_page, name="station_page"),
    path(
        "pics/<str:code>/station/status",
        station_views.station_status,
        name="station_status",
    ),
]
