from django.urls import path

from . import views

urlpatterns = [
    path("pics/<str:code>/device/", views.device_upload, name="device_upload"),
    path(
        "pics/<str:code>/device/<str:report_code>/",
        views.device_proposals,
        name="device_proposals",
    ),
    path(
        "pics/<str:code>/device/<str:report_code>/preview",
        views.device_proposals_preview,
        name="device_proposals_preview",
    ),
]
